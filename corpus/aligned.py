"""The read model of aligned text: document pairs, stored beads, segments and their texts,
and the rows of a document pair (every sentence of both documents: links and unlinked
sentences).

Every reader of aligned text goes through this module (export, the term check, glossary
bootstrap and consistency, the garble check's glossary hints, the review service, the
overview and ``bitextual status``), so two things are defined once:

* **The text of a segment**: ``segments.corrected`` when the reviewer changed it, else the
  original ``segments.text`` (:attr:`SegmentText.current`). Readers that need the imported
  text (suggestion offsets point into it) ask for the original.
* **Which bead statuses count where** (:class:`StatusPolicy`): a rejected bead is not a
  translation, an unaligned bead holds sentences without a counterpart, and each reader
  treats them as its policy below says.

The bead *edits* are in :mod:`corpus.bead_edits`; this module only reads.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from corpus.errors import BitextualError, ReviewError
from corpus.language import normalise_zh
from corpus.store import Project

# -- which bead statuses count where -----------------------------------------------------
BEAD_STATUSES = ("pending", "accepted", "rejected", "unaligned")
"""Every value of ``beads.status``."""


@dataclass(frozen=True)
class StatusPolicy:
    """The bead statuses one kind of reader takes as aligned text."""

    name: str
    statuses: tuple[str, ...]
    why: str

    def admits(self, status: str) -> bool:
        """True when a bead of ``status`` counts for this reader."""
        return status in self.statuses

    def sql(self, column: str = "status") -> str:
        """A SQL condition on ``column`` (the statuses are fixed words, never user input)."""
        return f"{column} IN ({', '.join(repr(s) for s in self.statuses)})"


EXPORT = StatusPolicy(
    "export", ("pending", "accepted"),
    "a rejected bead is no translation and an unaligned one has no counterpart; "
    "--status accepted narrows further")
EXPORT_COMPARABLE = StatusPolicy(
    "export of a comparable pair", ("accepted",),
    "mined links of two articles on one story are mostly not translations; a translation "
    "memory takes only those a reviewer accepted")
TERM_CHECK = StatusPolicy(
    "term check", ("pending", "accepted"),
    "terms are checked where the two sides are taken as translations of each other")
GLOSSARY_EVIDENCE = StatusPolicy(
    "glossary bootstrap and consistency", ("pending", "accepted"),
    "evidence for a rendering comes only from sides taken as translations")
GARBLE_HINTS = StatusPolicy(
    "garble hints", ("pending", "accepted", "unaligned"),
    "a glossary term in nearby Chinese only raises confidence; only a rejected bead is "
    "known to be wrong")
REVIEW = StatusPolicy(
    "review", BEAD_STATUSES, "the reviewer sees and counts every bead")

POLICIES = (EXPORT, EXPORT_COMPARABLE, TERM_CHECK, GLOSSARY_EVIDENCE, GARBLE_HINTS, REVIEW)


# -- segments ----------------------------------------------------------------------------
@dataclass(frozen=True)
class SegmentText:
    """One segment's original text and its reviewed text (None while unchanged)."""

    id: str
    text: str
    corrected: str | None

    @property
    def current(self) -> str:
        """The reviewed text: ``corrected`` if set, else the original."""
        return self.corrected if self.corrected is not None else self.text


def read_segment(project: Project, segment_id: str) -> SegmentText:
    """One segment's texts; ``ReviewError`` if it does not exist."""
    row = project.conn.execute(
        "SELECT id, text, corrected FROM segments WHERE id = ?", (segment_id,)).fetchone()
    if row is None:
        raise ReviewError(f"segment {segment_id} does not exist")
    return SegmentText(row["id"], row["text"], row["corrected"])


def segment_texts(project: Project, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """(original, current) text of each segment id that exists."""
    wanted = list(ids)
    out: dict[str, tuple[str, str]] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for row in project.conn.execute(
                f"SELECT id, text, corrected FROM segments WHERE id IN ({marks})", chunk):
            out[row[0]] = (row[1], row[1] if row[2] is None else row[2])
    return out


def stored_segment_texts(project: Project, *, document_ids: Iterable[int] = (),
                  segment_ids: Iterable[str] = ()) -> dict[str, tuple[str, str | None]]:
    """(text, corrected) of the segments of some documents and/or some segment ids."""
    documents = list(document_ids)
    ids = list(segment_ids)
    conditions: list[str] = []
    if documents:
        conditions.append(f"document_id IN ({', '.join('?' * len(documents))})")
    if ids:
        conditions.append(f"id IN ({', '.join('?' * len(ids))})")
    if not conditions:
        return {}
    plain = project.conn.cursor()
    plain.row_factory = None  # plain tuples: sqlite3.Row lookups by name cost more
    return {r[0]: (r[1], r[2]) for r in plain.execute(
        f"SELECT id, text, corrected FROM segments WHERE {' OR '.join(conditions)}",
        [*documents, *ids])}


DocumentSegmentRow = tuple[str, str, str | None, str | None]
"""(id, text, corrected, boilerplate) of a stored segment."""


def document_segment_rows(project: Project, document_id: int,
                          window: tuple[int, int] | None = None) -> list[DocumentSegmentRow]:
    """Every segment of a document (boilerplate lines too) in order as plain rows, or the
    slice ``window`` = (start, count) of them; a negative start counts as 0."""
    sql = ("SELECT id, text, corrected, boilerplate FROM segments WHERE document_id = ? "
           "ORDER BY position, id")
    args: list[object] = [document_id]
    if window is not None:
        sql += " LIMIT ? OFFSET ?"
        args += [window[1], max(window[0], 0)]
    plain = project.conn.cursor()
    plain.row_factory = None  # plain tuples: sqlite3.Row lookups by name cost more
    return plain.execute(sql, args).fetchall()


def segment_norms(project: Project, ids: Iterable[str]) -> dict[str, str]:
    """The matching form (``segments.norm``: Simplified for Chinese) of each segment id that
    exists."""
    wanted = list(ids)
    out: dict[str, str] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        for row in project.conn.execute(
                f"SELECT id, norm FROM segments WHERE id IN ({','.join('?' * len(chunk))})",
                chunk):
            out[row[0]] = row[1]
    return out


def _matching_texts(text: str, norm: str, corrected: str | None,
                    use_corrected: bool) -> tuple[str, str]:
    """(text, matching form) of a segment; the reviewed text if ``use_corrected`` and any."""
    if use_corrected and corrected is not None and corrected != text:
        # the matching form is only read for Chinese segments; normalising English is harmless
        return corrected, normalise_zh(corrected)
    return text, norm


def article_sentences(project: Project, document_id: int,
                       corrected: bool = False) -> list[tuple[str, str]]:
    """(text, matching form) of a document's article segments (boilerplate left out), in
    order; ``corrected`` gives the reviewed text where there is one."""
    rows = project.conn.execute(
        "SELECT text, norm, corrected FROM segments WHERE document_id = ? "
        "AND boilerplate IS NULL ORDER BY position", (document_id,))
    return [_matching_texts(r["text"], r["norm"], r["corrected"], corrected) for r in rows]


@dataclass(frozen=True)
class LanguageSegment:
    """A segment of a document of one language, as the garble check reads it."""

    id: str
    document: str
    position: int
    line: int | None
    text: str
    corrected: str | None
    boilerplate: str | None


def language_segments(project: Project, lang: str) -> list[LanguageSegment]:
    """Every segment (boilerplate too) of the documents in ``lang``, by document name and
    position; ``text`` is the original."""
    return [LanguageSegment(r["id"], r["doc"], r["position"], r["line"], r["text"],
                            r["corrected"], r["boilerplate"])
            for r in project.conn.execute(
                "SELECT s.id, s.text, s.line, s.boilerplate, s.corrected, d.name AS doc, "
                "s.position FROM segments s JOIN documents d ON d.id = s.document_id "
                "WHERE d.lang = ? ORDER BY d.name, s.position", (lang,))]


@dataclass(frozen=True)
class SegmentPlace:
    """A segment found by text search, with its document."""

    segment_id: str
    document: str
    lang: str
    text: str
    """The current (reviewed) text."""


def segment_line(project: Project, segment_id: str) -> int | None:
    """The 1-based source line of a segment (None when unknown or no such segment)."""
    row = project.conn.execute("SELECT line FROM segments WHERE id = ?",
                               (segment_id,)).fetchone()
    return None if row is None or row[0] is None else int(row[0])


def find_segments(project: Project, norm: str, text: str, limit: int) -> list[SegmentPlace]:
    """Article segments whose matching form contains ``norm`` or whose current text
    contains ``text`` (case-insensitive), by document and position."""
    rows = project.conn.execute(
        "SELECT s.id, d.name, d.lang, COALESCE(s.corrected, s.text) AS t FROM segments s "
        "JOIN documents d ON d.id = s.document_id WHERE s.boilerplate IS NULL AND "
        "(instr(s.norm, ?) > 0 OR instr(lower(COALESCE(s.corrected, s.text)), lower(?)) > 0)"
        " ORDER BY d.name, s.position LIMIT ?", (norm, text, limit)).fetchall()
    return [SegmentPlace(r["id"], r["name"], r["lang"], r["t"]) for r in rows]


class SegmentWindow:
    """The segments of one document, read in position order alongside its beads.

    Beads come in document order, so the segments a bead needs are almost always the next
    ones of the document: one ordered cursor per side (a merge join) replaces a lookup per
    segment and keeps memory flat. Segments read ahead wait in a bounded buffer; anything
    else is looked up by primary key.
    """

    # How many read-ahead segments are kept before dropping the oldest; a dropped one is
    # fetched again by id if a bead asks for it (out-of-order beads, skipped beads).
    LIMIT = 20_000

    def __init__(self, conn: sqlite3.Connection, document_id: int) -> None:
        self._conn = conn
        self._rows = conn.execute(
            "SELECT id, text, corrected FROM segments WHERE document_id = ? ORDER BY position",
            (document_id,))
        self._ahead: dict[str, tuple[str, str | None]] = {}

    def get(self, seg_id: str) -> tuple[str, str | None] | None:
        """(text, corrected) of a segment, or None if the store has no such segment."""
        hit = self._ahead.pop(seg_id, None)
        if hit is not None:
            return hit
        ahead = self._ahead
        for sid, text, corrected in self._rows:
            if sid == seg_id:
                return text, corrected
            ahead[sid] = (text, corrected)
            if len(ahead) > self.LIMIT:
                del ahead[next(iter(ahead))]
        row = self._conn.execute("SELECT text, corrected FROM segments WHERE id = ?",
                                 (seg_id,)).fetchone()
        return (row[0], row[1]) if row is not None else None


# -- documents and pairs ------------------------------------------------------------------
@dataclass(frozen=True)
class DocumentPair:
    """A Chinese and an English document paired for alignment (``doc_pairs``)."""

    id: int
    zh_doc_id: int
    en_doc_id: int
    zh_document: str
    en_document: str
    zh_script: str | None
    source_group: str | None
    """The bilingual file both sides came from (imported pairs), else None."""
    signature: str | None
    mode: str = "parallel"

    @property
    def model(self) -> str | None:
        """The aligner signature; None for imported pairs (no model aligned them)."""
        return None if self.mode == "imported" else self.signature

    @property
    def label(self) -> str:
        """The name the pair is known by: the bilingual file, or both documents."""
        if self.source_group:
            return self.source_group
        return f"{self.zh_document} <> {self.en_document}"


def document_pairs(project: Project, documents: tuple[str, ...] = ()) -> list[DocumentPair]:
    """The document pairs in id order, or those naming one of ``documents`` (either side,
    or the bilingual file); a name that is unknown or in no pair is an error."""
    rows = project.conn.execute(
        "SELECT p.id, p.zh_doc, p.en_doc, z.name AS zh_name, e.name AS en_name, "
        "       z.script AS zh_script, "
        "       CASE WHEN z.source_group IS NOT NULL AND z.source_group = e.source_group "
        "            THEN z.source_group END AS source_group, p.signature, p.mode "
        "FROM doc_pairs p JOIN documents z ON z.id = p.zh_doc JOIN documents e ON e.id = p.en_doc "
        "ORDER BY p.id").fetchall()
    pairs = [DocumentPair(r["id"], r["zh_doc"], r["en_doc"], r["zh_name"], r["en_name"],
                          r["zh_script"], r["source_group"], r["signature"], r["mode"])
             for r in rows]
    if not documents:
        return pairs
    wanted = set(documents)
    chosen = [p for p in pairs
              if wanted & {p.zh_document, p.en_document, p.source_group or ""}]
    known = {name for p in pairs for name in (p.zh_document, p.en_document, p.source_group)}
    missing = sorted(wanted - known)
    if missing:
        all_docs = {r[0] for r in project.conn.execute("SELECT name FROM documents")}
        unpaired = [m for m in missing if m in all_docs]
        if unpaired:
            raise BitextualError(
                f"document {unpaired[0]!r} is not part of any document pair",
                hint="pair and align it first ('bitextual align'), or leave it out")
        raise BitextualError(f"no document named {missing[0]!r} in this project",
                             hint="'bitextual status' lists the documents")
    return chosen


def pair_document_ids(project: Project, pair_id: int) -> tuple[int, int] | None:
    """(Chinese document id, English document id) of a pair; None if there is no such pair."""
    row = project.conn.execute("SELECT zh_doc, en_doc FROM doc_pairs WHERE id = ?",
                               (pair_id,)).fetchone()
    return None if row is None else (int(row[0]), int(row[1]))


def pair_mode(project: Project, pair_id: int) -> str | None:
    """'parallel', 'comparable' or 'imported'; None if there is no such pair."""
    row = project.conn.execute("SELECT mode FROM doc_pairs WHERE id = ?", (pair_id,)).fetchone()
    return None if row is None else str(row[0])


def pair_names(project: Project, pair_id: int) -> tuple[str, str] | None:
    """(Chinese document name, English document name) of a pair; None if there is none."""
    row = project.conn.execute(
        "SELECT z.name, e.name FROM doc_pairs p JOIN documents z ON z.id = p.zh_doc "
        "JOIN documents e ON e.id = p.en_doc WHERE p.id = ?", (pair_id,)).fetchone()
    return None if row is None else (str(row[0]), str(row[1]))


@dataclass(frozen=True)
class PairProgress:
    """One document pair with the figures that say how much review it still needs."""

    pair_id: int
    mode: str
    zh_name: str
    en_name: str
    zh_doc_id: int
    en_doc_id: int
    zh_script: str | None
    en_script: str | None
    beads: int
    reviewed: int
    """Beads no longer pending."""
    mean_score: float | None
    min_score: float | None
    doubt: float
    """Sum over pending beads of (1 - score), an unscored bead counting 0.5."""


def pair_progress(project: Project) -> list[PairProgress]:
    """Review progress of every document pair (every bead counts: the ``REVIEW`` policy)."""
    return [PairProgress(r["id"], r["mode"], r["zn"], r["en"], r["zh_doc"], r["en_doc"],
                         r["zs"], r["es"], r["n"], r["reviewed"] or 0, r["mean"], r["low"],
                         r["doubt"] or 0.0)
            for r in project.conn.execute(
                "SELECT p.id, p.mode, z.name AS zn, e.name AS en, z.script AS zs, "
                " e.script AS es, p.zh_doc, p.en_doc, count(b.id) AS n, "
                " sum(b.status != 'pending') AS reviewed, avg(b.score) AS mean, "
                " min(b.score) AS low, "
                " sum(CASE WHEN b.status = 'pending' THEN 1 - coalesce(b.score, 0.5) ELSE 0 END)"
                " AS doubt FROM doc_pairs p JOIN documents z ON z.id = p.zh_doc "
                "JOIN documents e ON e.id = p.en_doc LEFT JOIN beads b ON b.pair_id = p.id "
                "GROUP BY p.id")]


@dataclass(frozen=True)
class DocumentCounts:
    """A document with how many article sentences and set-aside lines it has."""

    id: int
    name: str
    lang: str
    script: str | None
    format: str
    sentences: int
    set_aside: int
    paired_with: str = ""
    """The other document of its pair; "" when unpaired."""


def document_counts(project: Project, name: str | None = None) -> list[DocumentCounts]:
    """Every document by name (or only the one called ``name``: an empty list if there is
    none), with its sentence counts and the document it is paired with."""
    partner: dict[int, str] = {}
    for pair in document_pairs(project):
        partner[pair.zh_doc_id] = pair.en_document
        partner[pair.en_doc_id] = pair.zh_document
    where, args = ("WHERE d.name = ? ", (name,)) if name is not None else ("", ())
    return [DocumentCounts(r["id"], r["name"], r["lang"], r["script"], r["format"], r["n"],
                           r["b"], partner.get(r["id"], ""))
            for r in project.conn.execute(
                "SELECT d.id, d.name, d.lang, d.script, d.format, "
                "(SELECT count(*) FROM segments s WHERE s.document_id = d.id "
                " AND s.boilerplate IS NULL) AS n, "
                "(SELECT count(*) FROM segments s WHERE s.document_id = d.id "
                " AND s.boilerplate IS NOT NULL) AS b "
                f"FROM documents d {where}ORDER BY d.name", args)]


def document_named(project: Project, name: str) -> int | None:
    """The id of the document called ``name``; None if there is none."""
    row = project.conn.execute("SELECT id FROM documents WHERE name = ?", (name,)).fetchone()
    return None if row is None else int(row[0])


# -- the sentences of a document pair -------------------------------------------------
@dataclass(frozen=True)
class PairDocuments:
    """A pair's mode and the article segment ids of its two documents, in document order."""

    pair_id: int
    mode: str
    zh_name: str
    en_name: str
    zh_ids: tuple[str, ...]
    en_ids: tuple[str, ...]

    @property
    def keeps_every_sentence(self) -> bool:
        """True when every sentence must stay in one bead of a monotone sequence."""
        return self.mode != "comparable"


def pair_documents_of(project: Project, pair_id: int) -> PairDocuments:
    """The pair's mode and article segment ids; ``ReviewError`` if there is no such pair."""
    row = project.conn.execute(
        "SELECT p.mode, p.zh_doc, p.en_doc, z.name AS zh_name, e.name AS en_name "
        "FROM doc_pairs p JOIN documents z ON z.id = p.zh_doc JOIN documents e ON e.id = p.en_doc "
        "WHERE p.id = ?", (pair_id,)).fetchone()
    if row is None:
        raise ReviewError(f"document pair {pair_id} does not exist",
                          hint="reload the overview; the pair may have been unpaired")

    def article(document_id: int) -> tuple[str, ...]:
        return tuple(r[0] for r in project.conn.execute(
            "SELECT id FROM segments WHERE document_id = ? AND boilerplate IS NULL "
            "ORDER BY position", (document_id,)))

    return PairDocuments(pair_id, str(row["mode"]), str(row["zh_name"]), str(row["en_name"]),
                         article(row["zh_doc"]), article(row["en_doc"]))


@dataclass(frozen=True, slots=True)
class PairRow:
    """One row of a pair screen: a link (bead with both sides) or one unlinked sentence.

    ``kind`` is 'bead', 'zh' or 'en'. An unlinked sentence of a parallel pair still sits in a
    one-sided bead (``bead_id`` set); in a comparable pair it is in no bead (``bead_id`` None).
    """

    kind: str
    bead_id: int | None
    zh_ids: tuple[str, ...]
    en_ids: tuple[str, ...]
    status: str | None = None
    origin: str | None = None
    score: float | None = None


def pair_rows(project: Project, pair_id: int) -> list[PairRow]:
    """Every article sentence of both documents of a pair once, in reading order.

    Parallel pairs: the beads in order, a one-sided bead as one row per sentence.
    Comparable pairs: ordered by the Chinese document (links by their first Chinese
    sentence); an English sentence in no link comes right after the row holding the English
    sentence before it, so both documents read in order wherever the links allow.
    """
    docs = pair_documents_of(project, pair_id)
    zh_index = {s: i for i, s in enumerate(docs.zh_ids)}
    en_index = {s: i for i, s in enumerate(docs.en_ids)}
    base: list[PairRow] = []
    for bead_id, zh_json, en_json, status, origin, score in project.conn.execute(
            "SELECT id, zh_ids, en_ids, status, origin, score FROM beads WHERE pair_id = ? "
            "ORDER BY position, id", (pair_id,)):
        zh = tuple(i for i in json.loads(zh_json) if i in zh_index)
        en = tuple(i for i in json.loads(en_json) if i in en_index)
        if zh and en:
            base.append(PairRow("bead", bead_id, zh, en, status, origin, score))
        else:
            base.extend(PairRow("zh", bead_id, (s,), (), status, origin, score) for s in zh)
            base.extend(PairRow("en", bead_id, (), (s,), status, origin, score) for s in en)
    placed_zh = {s for row in base for s in row.zh_ids}
    if not docs.keeps_every_sentence:
        base += [PairRow("zh", None, (s,), ()) for s in docs.zh_ids if s not in placed_zh]
        base.sort(key=lambda row: (zh_index[row.zh_ids[0]] if row.zh_ids else -1,
                                   en_index[row.en_ids[0]] if row.en_ids else -1))
        placed_zh = set(docs.zh_ids)
    # Sentences still without a row go after the row holding their side's previous sentence.
    row_of: dict[str, int] = {}
    for number, row in enumerate(base):
        for s in row.zh_ids + row.en_ids:
            row_of[s] = number
    followers: dict[int, list[PairRow]] = {}
    for side, ids in (("zh", docs.zh_ids), ("en", docs.en_ids)):
        anchor = -1
        for s in ids:
            if s in row_of:
                anchor = row_of[s]
                continue
            if side == "zh" and s in placed_zh:
                continue
            followers.setdefault(anchor, []).append(
                PairRow(side, None, (s,) if side == "zh" else (), (s,) if side == "en" else ()))
    rows = list(followers.get(-1, ()))
    for number, row in enumerate(base):
        rows.append(row)
        rows.extend(followers.get(number, ()))
    return rows


# -- beads ---------------------------------------------------------------------------------
_QUOTED = re.compile(r'"([^"\\]*)"')


def parse_ids(ids_json: str) -> list[str]:
    """The segment ids of a bead side (a JSON list of strings), parsed fast.

    Ids are plain hex strings, so a regular expression over the quoted strings does what
    ``json.loads`` does at a third of the cost; anything with an escape goes to ``json``.
    """
    if "\\" in ids_json or not (ids_json.startswith("[") and ids_json.endswith("]")):
        return list(json.loads(ids_json))
    return _QUOTED.findall(ids_json)


BeadRow = tuple[int, str, str, float | None, str, str]
"""(id, zh_ids JSON, en_ids JSON, score, status, origin) of a stored bead."""


def pair_bead_rows(project: Project, pair_id: int, only: Iterable[int] | None = None,
                   window: tuple[int, int] | None = None) -> list[BeadRow]:
    """The beads of a pair in reading order as plain rows: all, those with the ids ``only``,
    or the slice ``window`` = (start, count) of the reading order."""
    sql = "SELECT id, zh_ids, en_ids, score, status, origin FROM beads WHERE pair_id = ?"
    args: list[object] = [pair_id]
    if only is not None:
        wanted = list(only)
        sql += f" AND id IN ({', '.join('?' * len(wanted))})"
        args += wanted
    sql += " ORDER BY position, id"
    if window is not None:
        sql += " LIMIT ? OFFSET ?"
        args += [window[1], window[0]]
    plain = project.conn.cursor()
    plain.row_factory = None  # plain tuples: sqlite3.Row lookups by name cost more
    return plain.execute(sql, args).fetchall()


def iter_pair_bead_rows(conn: sqlite3.Connection, pair_id: int) -> Iterator[BeadRow]:
    """The beads of a pair in reading order, streamed from one cursor (large exports)."""
    yield from conn.execute("SELECT id, zh_ids, en_ids, score, status, origin FROM beads "
                            "WHERE pair_id = ? ORDER BY position, id", (pair_id,))


def count_pair_beads(project: Project, pair_id: int) -> int:
    """How many beads a pair has (an index count)."""
    return int(project.conn.execute("SELECT count(*) FROM beads WHERE pair_id = ?",
                                    (pair_id,)).fetchone()[0])


def bead_index(project: Project, pair_id: int, bead_id: int) -> int | None:
    """0-based place of a bead in its pair's reading order; None if not in that pair."""
    row = project.conn.execute("SELECT position FROM beads WHERE id = ? AND pair_id = ?",
                               (bead_id, pair_id)).fetchone()
    if row is None:
        return None
    return int(project.conn.execute(
        "SELECT count(*) FROM beads WHERE pair_id = ? AND (position < ? OR "
        "(position = ? AND id < ?))", (pair_id, row[0], row[0], bead_id)).fetchone()[0])


@dataclass(frozen=True)
class AlignedBead:
    """One stored bead with text on both sides: the Chinese in matching form, the English
    joined with spaces, and where each English segment sits in that joined text."""

    bead_id: int
    pair_id: int
    status: str
    zh_norm: str
    en_text: str
    en_segments: tuple[tuple[str, int, int], ...]
    """(segment id, start, end) of each English segment inside ``en_text``."""

    def locate(self, start: int, end: int) -> tuple[str, int, int] | None:
        """Segment id and local span of a span of ``en_text``; None if it crosses segments."""
        for segment_id, seg_start, seg_end in self.en_segments:
            if seg_start <= start and end <= seg_end:
                return segment_id, start - seg_start, end - seg_start
        return None


def aligned_beads(project: Project, policy: StatusPolicy,
                  corrected: bool = False) -> Iterator[AlignedBead]:
    """Beads the ``policy`` admits with text on both sides, by pair and position.

    ``corrected=True`` gives the reviewed text where a segment has one (for reports on the
    text as it stands); the default is the imported text, which suggestion offsets refer to.
    """
    texts: dict[str, tuple[str, str]] = {}
    for row in project.conn.execute(
            "SELECT s.id, s.text, s.norm, s.corrected FROM segments s WHERE s.id IN "
            "(SELECT value FROM beads, json_each(beads.zh_ids) UNION "
            " SELECT value FROM beads, json_each(beads.en_ids))"):
        texts[row["id"]] = _matching_texts(row["text"], row["norm"], row["corrected"],
                                           corrected)
    rows = project.conn.execute(
        f"SELECT id, pair_id, zh_ids, en_ids, status FROM beads WHERE {policy.sql()} "
        "ORDER BY pair_id, position")
    for row in rows:
        zh_ids = [i for i in json.loads(row["zh_ids"]) if i in texts]
        en_ids = [i for i in json.loads(row["en_ids"]) if i in texts]
        if not zh_ids or not en_ids:
            continue
        zh_norm = "".join(texts[i][1] for i in zh_ids)
        parts: list[str] = []
        spans: list[tuple[str, int, int]] = []
        cursor = 0
        for seg_id in en_ids:
            if parts:
                parts.append(" ")
                cursor += 1
            text = texts[seg_id][0]
            spans.append((seg_id, cursor, cursor + len(text)))
            parts.append(text)
            cursor += len(text)
        yield AlignedBead(int(row["id"]), int(row["pair_id"]), row["status"], zh_norm,
                          "".join(parts), tuple(spans))
# -- review progress ------------------------------------------------------------------------
UNREVIEWED_SQL = "status = 'pending' AND origin != 'reviewer'"
"""Beads no reviewer decided on or made (the complement of ``bead_edits.is_reviewed``)."""


@dataclass(frozen=True)
class ReviewLeft:
    """How much review a pair still needs, from the calibrated bead confidences."""

    unreviewed: int
    expected_wrong: float
    """Σ (1 − confidence) over the unreviewed beads that have one: how many of them are
    expected to be wrong."""
    weakest: int | None
    """The unreviewed bead with the lowest confidence (None when every bead is reviewed)."""


def review_left(project: Project, pair_id: int) -> ReviewLeft:
    """Unreviewed beads, expected wrong ones among them, and the least confident one."""
    row = project.conn.execute(
        f"SELECT count(*), coalesce(sum(1.0 - score), 0.0) FROM beads "
        f"WHERE pair_id = ? AND {UNREVIEWED_SQL}", (pair_id,)).fetchone()
    weakest = project.conn.execute(
        f"SELECT id FROM beads WHERE pair_id = ? AND {UNREVIEWED_SQL} AND score IS NOT NULL "
        f"ORDER BY score, position, id LIMIT 1", (pair_id,)).fetchone()
    return ReviewLeft(int(row[0]), float(row[1]), int(weakest[0]) if weakest else None)
