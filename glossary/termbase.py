"""The glossary: concepts with Chinese terms and English renderings, stored in the project.

A *concept* holds one or more Chinese terms (the first is the preferred form; matching is
done on the Simplified form, and OpenCC's Traditional forms are indexed too) and English
renderings, each with a status: exactly one ``preferred``, any number of ``admitted``
variants, and ``deprecated`` / ``superseded`` / ``forbidden`` renderings a reviewer should
replace. Every change bumps ``meta.glossary_version`` inside the same transaction, so an
export or a check result can say which glossary it was made with.

A concept whose ``source`` starts with ``proposal:`` is a bootstrap proposal awaiting review:
it is stored like any other concept but :class:`TermBase`, the term check and exports ignore
it until :func:`accept_proposal` clears the prefix.
"""

from __future__ import annotations

import functools
import sqlite3
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, TypedDict

from corpus.decisions import GLOSSARY_ACTIONS, Action, RowTracker, count_decisions, record
from corpus.errors import BitextualError
from corpus.export.xmltext import XML_FORBIDDEN as _XML_FORBIDDEN
from corpus.language import normalise_zh
from corpus.signature import Signature
from corpus.store import Project, now_iso

if TYPE_CHECKING:
    import opencc

TermStatus = Literal["preferred", "admitted", "deprecated", "superseded", "forbidden"]
ENGLISH_STATUSES: tuple[str, ...] = ("preferred", "admitted", "deprecated", "superseded",
                                     "forbidden")
REPLACE_STATUSES: frozenset[str] = frozenset({"deprecated", "superseded", "forbidden"})
"""English renderings a reviewer should replace by the preferred one."""

PROPOSAL_PREFIX = "proposal:"
"""``concepts.source`` prefix of bootstrap proposals that a reviewer has not accepted yet."""

# OpenCC configurations whose output we also index, so a Traditional spelling of a term still
# matches when a text was not (or not fully) normalised to Simplified.
_TRADITIONAL_CONFIGS = ("s2t", "s2tw", "s2hk")


class GlossaryError(BitextualError):
    """A glossary entry is invalid or conflicts with an existing one."""

    title = "glossary"


@functools.lru_cache(maxsize=8)
def _converter(config: str) -> opencc.OpenCC:
    import opencc  # the binding loads dictionaries on first use; keep import cost out of startup

    return opencc.OpenCC(config)


def traditional_forms(simplified: str) -> set[str]:
    """Traditional spellings of a Simplified term (mainland, Taiwan and Hong Kong standards)."""
    return {_converter(cfg).convert(simplified) for cfg in _TRADITIONAL_CONFIGS} - {simplified}


def traditional_variants(concept: Concept) -> list[str]:
    """Traditional spellings of a concept's Chinese terms that are not stored as terms.

    The store keeps the terms as entered (usually Simplified); the Traditional forms are
    derived with OpenCC (``s2t`` first, then the Taiwan and Hong Kong standards), in term
    order, so exports and displays can list them beside the Simplified ones.
    """
    stored = {t.text for t in concept.zh}
    out: list[str] = []
    for term in concept.zh:
        simplified = normalise_zh(term.text)
        for config in _TRADITIONAL_CONFIGS:
            form = _converter(config).convert(simplified)
            if form != simplified and form not in stored and form not in out:
                out.append(form)
    return out


def is_traditional_tag(lang: str) -> bool:
    """True for a BCP 47 / locale tag of Traditional Chinese (zh-Hant, zh-TW, zh-HK, zh-MO)."""
    parts = lang.replace("_", "-").lower().split("-")
    return parts[0] == "zh" and bool({"hant", "tw", "hk", "mo"} & set(parts[1:]))


def normalise_en(text: str) -> str:
    """Casefolded English with collapsed whitespace (the form stored in ``terms.norm``)."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@dataclass(frozen=True)
class Term:
    """One term of a concept in one language."""

    text: str
    lang: Literal["zh", "en"]
    status: str = "preferred"
    note: str | None = None


@dataclass(frozen=True)
class Concept:
    """A glossary entry: Chinese terms, English renderings and what we know about them."""

    zh: tuple[Term, ...]
    en: tuple[Term, ...]
    domain: str | None = None
    note: str | None = None
    source: str | None = None
    id: int | None = None

    @property
    def zh_preferred(self) -> str:
        """The first Chinese term."""
        return self.zh[0].text

    @property
    def en_preferred(self) -> str:
        """The preferred English rendering."""
        return next(t.text for t in self.en if t.status == "preferred")

    def en_with(self, *statuses: str) -> list[str]:
        """English renderings having one of ``statuses``, in stored order."""
        return [t.text for t in self.en if t.status in statuses]

    @property
    def is_proposal(self) -> bool:
        """True for a bootstrap proposal not yet accepted."""
        return (self.source or "").startswith(PROPOSAL_PREFIX)


@dataclass(frozen=True)
class Renderings:
    """The English renderings of one concept, by what a reviewer should do with them."""

    preferred: str
    admitted: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)
    """Deprecated, superseded and forbidden renderings together."""


@dataclass(frozen=True, order=True)
class TermMatch:
    """A glossary term found in a (Simplified-normalised) Chinese text: ``text[start:end]``."""

    start: int
    end: int
    concept_id: int
    zh: str


def make_concept(zh: str | Sequence[str], preferred: str, *, admitted: Iterable[str] = (),
                 deprecated: Iterable[str] = (), superseded: Iterable[str] = (),
                 forbidden: Iterable[str] = (), domain: str | None = None,
                 note: str | None = None, source: str | None = None) -> Concept:
    """Build a validated :class:`Concept` from plain strings (first Chinese term preferred)."""
    zh_list = [zh] if isinstance(zh, str) else list(zh)
    zh_terms: list[Term] = []
    seen_zh: set[str] = set()
    for index, text in enumerate(t.strip() for t in zh_list):
        if text and normalise_zh(text) not in seen_zh:
            seen_zh.add(normalise_zh(text))
            zh_terms.append(Term(text, "zh", "preferred" if index == 0 else "admitted"))
    en_terms: list[Term] = []
    seen_en: dict[str, str] = {}
    for status, texts in (("preferred", [preferred]), ("admitted", admitted),
                          ("deprecated", deprecated), ("superseded", superseded),
                          ("forbidden", forbidden)):
        for text in (" ".join(t.split()) for t in texts):
            if not text:
                continue
            key = normalise_en(text)
            if key in seen_en:
                if seen_en[key] != status:
                    raise GlossaryError(
                        f"'{text}' is given both as {seen_en[key]} and as {status} "
                        f"for {zh_list[0] if zh_list else '?'}",
                        hint="give each English rendering one status")
                continue
            seen_en[key] = status
            en_terms.append(Term(text, "en", status))
    concept = Concept(tuple(zh_terms), tuple(en_terms), domain or None, note or None,
                      source or None)
    validate_concept(concept)
    return concept


def validate_concept(concept: Concept) -> None:
    """Raise :class:`GlossaryError` unless the concept has Chinese and one preferred English,
    and no text holds a character XML 1.0 forbids (a TBX export could not hold it)."""
    if not concept.zh:
        raise GlossaryError("a glossary entry needs at least one Chinese term")
    for label, text in [*((f"term '{t.text}'", t.text) for t in (*concept.zh, *concept.en)),
                        ("domain", concept.domain), ("note", concept.note),
                        ("source", concept.source)]:
        bad = _XML_FORBIDDEN.search(text or "")
        if bad is not None:
            raise GlossaryError(
                f"the {_XML_FORBIDDEN.sub(lambda m: f'<U+{ord(m.group()):04X}>', label)} holds "
                "the control "
                f"character U+{ord(bad.group()):04X} (character {bad.start() + 1}), which "
                "XML forbids: a TBX export could not be read", hint="remove it from the file "
                "(it is usually left over from a copy and paste) and import again")
    for term in concept.zh:
        if not any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in term.text):
            raise GlossaryError(f"the Chinese term '{term.text}' contains no Chinese characters",
                                hint="put the Chinese term first and the English second")
    preferred = [t for t in concept.en if t.status == "preferred"]
    if len(preferred) != 1:
        raise GlossaryError(f"{concept.zh[0].text}: a glossary entry needs exactly one preferred "
                            f"English rendering, got {len(preferred)}")


# -- store access ---------------------------------------------------------------------------

def glossary_version(project: Project) -> int:
    """The glossary's version number; every change increments it."""
    return int(project.get_meta("glossary_version", "0") or 0)


def _bump_version(project: Project) -> int:
    version = glossary_version(project) + 1
    project.set_meta("glossary_version", str(version))
    return version


def glossary_signature(project: Project) -> str:
    """Signature written into exports and check results: glossary version and size."""
    count = project.conn.execute(
        "SELECT count(*) FROM concepts WHERE coalesce(source, '') NOT LIKE ?",
        (PROPOSAL_PREFIX + "%",)).fetchone()[0]
    return str(Signature(sep="|").tool("bitextual-glossary")
               .param("version", glossary_version(project)).param("concepts", count))


def glossary_file_signature(project: Project) -> str:
    """Signature of a glossary file export: the glossary signature, tool version and date."""
    import corpus  # the package version is the tool's version

    return str(Signature(sep="|").part(glossary_signature(project))
               .param("tool", f"bitextual {corpus.__version__}").param("date", now_iso()))


def _insert_concept(project: Project, concept: Concept) -> int:
    now = now_iso()
    cur = project.conn.execute(
        "INSERT INTO concepts(domain, note, source, created_at, updated_at) VALUES (?,?,?,?,?)",
        (concept.domain, concept.note, concept.source, now, now))
    concept_id = int(cur.lastrowid or 0)
    rows = [(concept_id, "zh", t.text, normalise_zh(t.text), t.status, t.note) for t in concept.zh]
    rows += [(concept_id, "en", t.text, normalise_en(t.text), t.status, t.note)
             for t in concept.en]
    project.conn.executemany(
        "INSERT INTO terms(concept_id, lang, text, norm, status, note) VALUES (?,?,?,?,?,?)", rows)
    return concept_id


def _term_ids(project: Project, concept_id: int) -> list[int]:
    return [r[0] for r in project.conn.execute("SELECT id FROM terms WHERE concept_id = ?",
                                               (concept_id,))]


def add_concept(project: Project, concept: Concept, *, actor: str = "reviewer") -> int:
    """Store a new concept (refusing a Chinese term another concept has); returns its id.

    One decision: ``add_term`` (``propose_term`` for a bootstrap proposal), undoable.
    """
    validate_concept(concept)
    with project.transaction() as conn:
        for term in concept.zh:
            clash = find_concepts_by_zh(project, term.text, include_proposals=False)
            if clash and not concept.is_proposal:
                other = get_concept(project, clash[0])
                raise GlossaryError(
                    f"'{term.text}' is already in the glossary as entry {clash[0]} "
                    f"({other.zh_preferred} → {other.en_preferred})",
                    hint="edit or remove that entry first, or import with --on-conflict replace")
        concept_id = _insert_concept(project, concept)
        if not concept.is_proposal:  # proposals do not change what the term check uses
            _bump_version(project)
        tracker = RowTracker(conn)
        tracker.watch_new("concepts", concept_id)
        for term_id in _term_ids(project, concept_id):
            tracker.watch_new("terms", term_id)
        action = Action.PROPOSE_TERM if concept.is_proposal else Action.ADD_TERM
        record(project, action, f"concept:{concept_id}",
               tracker.payload(concept=concept_to_dict(concept)), actor=actor)
    return concept_id


def _write_concept(project: Project, concept_id: int, concept: Concept) -> None:
    project.conn.execute("DELETE FROM terms WHERE concept_id = ?", (concept_id,))
    project.conn.execute(
        "UPDATE concepts SET domain = ?, note = ?, source = ?, updated_at = ? WHERE id = ?",
        (concept.domain, concept.note, concept.source, now_iso(), concept_id))
    rows = [(concept_id, "zh", t.text, normalise_zh(t.text), t.status, t.note)
            for t in concept.zh]
    rows += [(concept_id, "en", t.text, normalise_en(t.text), t.status, t.note)
             for t in concept.en]
    project.conn.executemany(
        "INSERT INTO terms(concept_id, lang, text, norm, status, note) VALUES (?,?,?,?,?,?)",
        rows)


def replace_concept(project: Project, concept_id: int, concept: Concept,
                    *, actor: str = "reviewer") -> int:
    """Replace the terms and attributes of an existing concept, keeping its id; returns the
    decision (``edit_term``, undoable)."""
    validate_concept(concept)
    with project.transaction() as conn:
        before = get_concept(project, concept_id)
        tracker = RowTracker(conn)
        tracker.watch("concepts", [concept_id])
        tracker.watch("terms", _term_ids(project, concept_id))
        _write_concept(project, concept_id, concept)
        for term_id in _term_ids(project, concept_id):
            tracker.watch_new("terms", term_id)
        _bump_version(project)
        return record(project, Action.EDIT_TERM, f"concept:{concept_id}",
                      tracker.payload(old=concept_to_dict(before),
                                      new=concept_to_dict(concept)), actor=actor)


def _delete_concept(project: Project, concept_id: int, action: Action, actor: str) -> Concept:
    with project.transaction() as conn:
        before = get_concept(project, concept_id)
        tracker = RowTracker(conn)
        tracker.watch("concepts", [concept_id])
        tracker.watch("terms", _term_ids(project, concept_id))
        project.conn.execute("DELETE FROM concepts WHERE id = ?", (concept_id,))
        if action is Action.DELETE_TERM:  # a proposal never counted for the version
            _bump_version(project)
        record(project, action, f"concept:{concept_id}",
               tracker.payload(old=concept_to_dict(before)), actor=actor)
    return before


def remove_concept(project: Project, concept_id: int, *, actor: str = "reviewer") -> Concept:
    """Delete a concept and its terms (``delete_term``, undoable); returns what was removed."""
    return _delete_concept(project, concept_id, Action.DELETE_TERM, actor)


def get_concept(project: Project, concept_id: int) -> Concept:
    """Read one concept; :class:`GlossaryError` when there is no such id."""
    row = project.conn.execute("SELECT * FROM concepts WHERE id = ?", (concept_id,)).fetchone()
    if row is None:
        raise GlossaryError(f"no glossary entry with id {concept_id}",
                            hint="see 'bitextual glossary list' for the ids")
    terms = project.conn.execute(
        "SELECT * FROM terms WHERE concept_id = ? ORDER BY id", (concept_id,)).fetchall()
    return _concept_from_rows(row, terms)


def _concept_from_rows(row: sqlite3.Row, terms: Sequence[sqlite3.Row]) -> Concept:
    return Concept(
        zh=tuple(Term(t["text"], "zh", t["status"], t["note"]) for t in terms if t["lang"] == "zh"),
        en=tuple(Term(t["text"], "en", t["status"], t["note"]) for t in terms if t["lang"] == "en"),
        domain=row["domain"], note=row["note"], source=row["source"], id=int(row["id"]))


def list_concepts(project: Project, search: str | None = None, domain: str | None = None,
                  proposals: bool = False) -> list[Concept]:
    """All concepts (or proposals), optionally those with a term containing ``search``."""
    terms_by_concept: dict[int, list[sqlite3.Row]] = {}
    for t in project.conn.execute("SELECT * FROM terms ORDER BY concept_id, id"):
        terms_by_concept.setdefault(int(t["concept_id"]), []).append(t)
    needle_zh = normalise_zh(search) if search else None
    needle_en = normalise_en(search) if search else None
    out: list[Concept] = []
    for row in project.conn.execute("SELECT * FROM concepts ORDER BY id"):
        concept = _concept_from_rows(row, terms_by_concept.get(int(row["id"]), []))
        if concept.is_proposal != proposals:
            continue
        if domain and (concept.domain or "") != domain:
            continue
        if search and not any(
                (needle_zh and needle_zh in normalise_zh(t.text))
                or (needle_en and needle_en in normalise_en(t.text))
                for t in concept.zh + concept.en):
            continue
        out.append(concept)
    return out


def find_concepts_by_zh(project: Project, zh: str, include_proposals: bool = False) -> list[int]:
    """Ids of concepts having the Chinese term ``zh`` (compared in Simplified form)."""
    rows = project.conn.execute(
        "SELECT DISTINCT t.concept_id, c.source FROM terms t JOIN concepts c ON c.id = t.concept_id"
        " WHERE t.lang = 'zh' AND t.norm = ? ORDER BY t.concept_id", (normalise_zh(zh),))
    return [int(r[0]) for r in rows
            if include_proposals or not (r[1] or "").startswith(PROPOSAL_PREFIX)]


def chinese_term_norms(project: Project) -> list[str]:
    """The distinct Simplified forms (``terms.norm``) of the Chinese terms of glossary
    entries, proposals left out."""
    return [r[0] for r in project.conn.execute(
        "SELECT DISTINCT t.norm FROM terms t JOIN concepts c ON c.id = t.concept_id "
        "WHERE t.lang = 'zh' AND length(t.norm) > 0 AND coalesce(c.source, '') NOT LIKE ?",
        (PROPOSAL_PREFIX + "%",))]


def accept_proposal(project: Project, concept_id: int, *, actor: str = "reviewer") -> int:
    """Turn a bootstrap proposal into a glossary entry (refused if its Chinese clashes);
    returns the decision (``accept_term``, undoable)."""
    with project.transaction() as conn:
        concept = get_concept(project, concept_id)
        if not concept.is_proposal:
            raise GlossaryError(f"entry {concept_id} is not a proposal")
        for term in concept.zh:
            if find_concepts_by_zh(project, term.text):
                raise GlossaryError(f"'{term.text}' is already in the glossary",
                                    hint=f"reject proposal {concept_id} instead")
        tracker = RowTracker(conn)
        tracker.watch("concepts", [concept_id])
        source = (concept.source or "")[len(PROPOSAL_PREFIX):] or "bootstrap"
        project.conn.execute("UPDATE concepts SET source = ?, updated_at = ? WHERE id = ?",
                             (source, now_iso(), concept_id))
        _bump_version(project)
        return record(project, Action.ACCEPT_TERM, f"concept:{concept_id}",
                      tracker.payload(source=concept.source), actor=actor)


def reject_proposal(project: Project, concept_id: int, *, actor: str = "reviewer") -> None:
    """Delete a bootstrap proposal (``reject_term``, undoable; the log keeps what it was)."""
    with project.transaction():
        concept = get_concept(project, concept_id)
        if not concept.is_proposal:
            raise GlossaryError(f"entry {concept_id} is not a proposal",
                                hint="use 'bitextual glossary remove' for glossary entries")
        _delete_concept(project, concept_id, Action.REJECT_TERM, actor)


def concept_to_dict(concept: Concept) -> dict[str, object]:
    """Plain dict of a concept for JSON output and the decision log."""
    return {
        "id": concept.id,
        "zh": [t.text for t in concept.zh],
        "en": {status: concept.en_with(status) for status in ENGLISH_STATUSES
               if concept.en_with(status)},
        "domain": concept.domain, "note": concept.note, "source": concept.source,
    }


class GlossaryStats(TypedDict):
    """What :func:`glossary_stats` counts (a plain dict, printed as JSON by the CLI)."""

    version: int
    concepts: int
    proposals: int
    zh_terms: int
    en_terms: dict[str, int]
    """English renderings by status."""
    domains: dict[str, int]
    """Concepts by domain ("-" for none)."""
    decisions: int


def glossary_stats(project: Project) -> GlossaryStats:
    """Counts for ``bitextual glossary stats``."""
    concepts = list_concepts(project)
    by_status: dict[str, int] = {}
    for c in concepts:
        for t in c.en:
            by_status[t.status] = by_status.get(t.status, 0) + 1
    by_domain: dict[str, int] = {}
    for c in concepts:
        by_domain[c.domain or "-"] = by_domain.get(c.domain or "-", 0) + 1
    return {
        "version": glossary_version(project),
        "concepts": len(concepts),
        "proposals": len(list_concepts(project, proposals=True)),
        "zh_terms": sum(len(c.zh) for c in concepts),
        "en_terms": by_status,
        "domains": by_domain,
        "decisions": count_decisions(project, GLOSSARY_ACTIONS),
    }


# -- the in-memory index ------------------------------------------------------------------

class TermBase:
    """In-memory index of the glossary for fast lookups in Chinese text."""

    def __init__(self, concepts: Iterable[Concept], version: int = 0) -> None:
        self.version = version
        self.concepts: dict[int, Concept] = {}
        self._index: dict[str, int] = {}
        for number, concept in enumerate(concepts, start=1):
            if concept.is_proposal:
                continue
            concept_id = concept.id if concept.id is not None else -number
            self.concepts[concept_id] = concept
            for term in concept.zh:
                simplified = normalise_zh(term.text)
                for key in {simplified, term.text, *traditional_forms(simplified)}:
                    # First concept wins: the store refuses duplicates, so a clash here can
                    # only come from hand-built lists, and a stable choice beats a random one.
                    self._index.setdefault(key, concept_id)
        self._max_len = max((len(k) for k in self._index), default=0)

    @classmethod
    def load(cls, project: Project) -> TermBase:
        """Index the project's glossary (accepted entries only, not proposals)."""
        return cls(list_concepts(project), glossary_version(project))

    def __len__(self) -> int:
        return len(self.concepts)

    def find_in_chinese(self, norm_text: str) -> list[TermMatch]:
        """Glossary terms in ``norm_text``: leftmost-longest, non-overlapping matches."""
        matches: list[TermMatch] = []
        position, size = 0, len(norm_text)
        while position < size:
            for length in range(min(self._max_len, size - position), 0, -1):
                piece = norm_text[position:position + length]
                concept_id = self._index.get(piece)
                if concept_id is not None:
                    matches.append(TermMatch(position, position + length, concept_id, piece))
                    position += length
                    break
            else:
                position += 1
        return matches

    def english_renderings(self, concept_id: int) -> Renderings:
        """Preferred, admitted and to-be-replaced English renderings of a concept."""
        concept = self.concepts[concept_id]
        return Renderings(preferred=concept.en_preferred,
                          admitted=concept.en_with("admitted"),
                          forbidden=concept.en_with(*REPLACE_STATUSES))

    def english_for_chinese(self, norm_text: str) -> set[str]:
        """Preferred and admitted English renderings of every glossary term in the text."""
        out: set[str] = set()
        for match in self.find_in_chinese(norm_text):
            renderings = self.english_renderings(match.concept_id)
            out.add(renderings.preferred)
            out.update(renderings.admitted)
        return out


# -- bulk import with conflict reporting ------------------------------------------------------

ON_CONFLICT = ("skip", "replace", "fail")
"""What an import does with an entry whose Chinese term is already in the glossary with a
different preferred English: ``skip`` it (default; reported), ``replace`` the stored entry
with it (reported), or ``fail`` the whole import (nothing written)."""


@dataclass(frozen=True)
class SourcedConcept:
    """A concept read from a file, with where it was read."""

    concept: Concept
    path: str
    line: int | None = None

    @property
    def where(self) -> str:
        """``file:line`` of the entry."""
        return f"{self.path}:{self.line}" if self.line is not None else self.path


@dataclass
class ImportReport:
    """What an import did, entry by entry."""

    added: list[int] = field(default_factory=list)
    replaced: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    """Further stored entries a replaced entry's Chinese terms also matched (deleted)."""
    duplicates: list[str] = field(default_factory=list)
    """Entries identical in substance to a stored (or earlier) entry: not imported."""
    conflicts: list[str] = field(default_factory=list)
    """Entries that clash with a stored or earlier entry; skipped unless ``replace``."""
    version: int = 0


def _same_substance(a: Concept, b: Concept) -> bool:
    def key(c: Concept) -> tuple[object, ...]:
        return (frozenset(normalise_zh(t.text) for t in c.zh),
                frozenset((normalise_en(t.text), t.status) for t in c.en))
    return key(a) == key(b)


def import_concepts(project: Project, entries: Sequence[SourcedConcept],
                    on_conflict: str = "skip", *, actor: str = "import") -> ImportReport:
    """Add entries in one transaction, reporting (not merging) duplicates and conflicts."""
    if on_conflict not in ON_CONFLICT:
        raise GlossaryError(f"unknown --on-conflict '{on_conflict}'",
                            hint=f"choose one of {', '.join(ON_CONFLICT)}")
    report = ImportReport()
    seen_in_file: dict[str, SourcedConcept] = {}
    with project.transaction():
        for entry in entries:
            concept = entry.concept
            validate_concept(concept)
            zh_keys = [normalise_zh(t.text) for t in concept.zh]
            earlier = next((seen_in_file[k] for k in zh_keys if k in seen_in_file), None)
            if earlier is not None:
                kind = "duplicate" if _same_substance(earlier.concept, concept) else "conflict"
                message = (f"{entry.where}: {concept.zh_preferred} → {concept.en_preferred} "
                           f"repeats the entry at {earlier.where} "
                           f"({earlier.concept.zh_preferred} → {earlier.concept.en_preferred})")
                if kind == "duplicate":
                    report.duplicates.append(message)
                    continue
                if on_conflict == "fail":
                    raise GlossaryError(message, hint="fix the file, or import with "
                                        "--on-conflict skip|replace")
                report.conflicts.append(message + " — skipped, first entry kept")
                continue
            for key in zh_keys:
                seen_in_file[key] = entry
            stored_ids = sorted({cid for t in concept.zh
                                 for cid in find_concepts_by_zh(project, t.text)})
            if not stored_ids:
                report.added.append(_insert_concept(project, concept))
                continue
            stored = [get_concept(project, cid) for cid in stored_ids]
            if len(stored) == 1 and _same_substance(stored[0], concept):
                report.duplicates.append(f"{entry.where}: {concept.zh_preferred} → "
                                         f"{concept.en_preferred} is already entry {stored_ids[0]}")
                continue
            described = "; ".join(f"entry {c.id}: {c.zh_preferred} → {c.en_preferred}"
                                  for c in stored)
            message = (f"{entry.where}: {concept.zh_preferred} → {concept.en_preferred} "
                       f"conflicts with {described}")
            if on_conflict == "fail":
                raise GlossaryError(message, hint="import with --on-conflict skip|replace, "
                                    "or edit the file")
            if on_conflict == "skip":
                report.conflicts.append(message + " — skipped")
                continue
            _write_concept(project, stored_ids[0], concept)
            _bump_version(project)
            for extra in stored_ids[1:]:
                project.conn.execute("DELETE FROM concepts WHERE id = ?", (extra,))
                _bump_version(project)
                report.removed.append(extra)
            report.replaced.append(stored_ids[0])
            report.conflicts.append(message + f" — replaced entry {stored_ids[0]}")
        if report.added:
            _bump_version(project)
        if report.added or report.replaced:
            record(project, Action.IMPORT_GLOSSARY, "glossary",
                   {"added": report.added, "replaced": report.replaced,
                    "removed": report.removed, "sources": sorted({e.path for e in entries})},
                   actor=actor)
        report.version = glossary_version(project)
    return report
