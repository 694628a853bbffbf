"""Importing documents into a project: read, detect language, set boilerplate aside, split
into sentences, and store — or update in place, keeping the ids of unchanged sentences.

The work is split in two so that each half can be tested alone:

* :func:`plan_file` reads a file and returns :class:`DocumentPlan` values: everything that
  will be stored, computed without touching the project.
* :func:`store_plans` writes the plans of one file in one transaction: a file that fails
  leaves the project as it was.

Segment ids are ``segment_id(document name, norm, occurrence)``, so re-importing a changed
file keeps the id (and every suggestion, bead and decision attached to it) of each sentence
that did not change; sentences that vanished are deleted with the beads that used them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus.boilerplate import classify_lines, normalised_key
from corpus.decisions import Action, record
from corpus.errors import IngestError
from corpus.formats.units import BilingualUnit, SourceLine, SourceText
from corpus.inputs import read_input_bytes, require_existing, require_file
from corpus.language import (
    LanguageInfo,
    detect_language,
    is_japanese,
    normalise,
    script_of_tag,
)
from corpus.segment import MAX_SENTENCE_CHARS, long_sentence_cuts
from corpus.store import Project, SegmentIds, delete_beads_using, now_iso
from corpus.unwrap import paragraph_ranges, sentences_of_block

MONOLINGUAL_FORMATS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
                       ".html": "html", ".htm": "html", ".xhtml": "html", ".docx": "docx"}
BILINGUAL_FORMATS = {".tsv": "tsv", ".tmx": "tmx", ".xliff": "xliff", ".xlf": "xliff"}
SUPPORTED_EXTENSIONS = {**MONOLINGUAL_FORMATS, **BILINGUAL_FORMATS}
SUPPORTED_LIST = " ".join(sorted(SUPPORTED_EXTENSIONS))
FORMATS = ("txt", "md", "html", "docx", "tsv", "tmx", "xliff")
"""Format names for ``--format``: read files as this whatever their extension."""
FORMAT_HINT = "or pass --format txt (md, html, docx, tsv, tmx, xliff) to read it as one of them"


# --- finding the files ------------------------------------------------------------------------

@dataclass(frozen=True)
class InputFile:
    """A file to import and the document name it gets."""

    path: Path
    name: str


def discover(argument: str | Path, fmt: str | None = None) -> list[InputFile]:
    """The files named by one command-line argument: the file itself (named by its file
    name), or every supported file under a directory, recursively, named by the directory's
    own name and their path under it (``zh/001.txt``), so that ``add zh en`` keeps the two
    sides' same-named files apart. Hidden files and directories are skipped. With ``fmt``
    (a name from :data:`FORMATS`) the extension does not matter: every file is read as that
    format."""
    path = Path(argument)
    require_existing(path)
    if path.is_dir():
        found: list[InputFile] = []
        # "." and ".." have no name of their own: take the real one.
        prefix = path.name if path.name not in ("", ".", "..") else path.resolve().name
        for candidate in sorted(path.rglob("*")):
            relative = candidate.relative_to(path)
            if any(part.startswith(".") for part in relative.parts):
                continue
            if candidate.is_file() and (fmt is not None
                                        or candidate.suffix.lower() in SUPPORTED_EXTENSIONS):
                found.append(InputFile(candidate, f"{prefix}/{relative.as_posix()}"
                                       if prefix else relative.as_posix()))
        if not found:
            raise IngestError("the directory holds no supported files" if fmt is None
                              else "the directory holds no files", path=path,
                              hint=f"supported: {SUPPORTED_LIST}; {FORMAT_HINT}")
        return found
    if fmt is None and path.suffix.lower() not in SUPPORTED_EXTENSIONS:
        raise IngestError(f"unsupported file type '{path.suffix or '(none)'}'", path=path,
                          hint=f"supported: {SUPPORTED_LIST}; {FORMAT_HINT}")
    return [InputFile(path, path.name)]


def name_clashes(items: Sequence[InputFile]) -> tuple[list[InputFile], list[IngestError]]:
    """Split ``items`` into those with distinct document names (the first of each name) and
    an error for every later file that would get a name already taken in the same command:
    it would silently replace the first one."""
    first: dict[str, InputFile] = {}
    unique: list[InputFile] = []
    errors: list[IngestError] = []
    for item in items:
        taken = first.get(item.name)
        if taken is None:
            first[item.name] = item
            unique.append(item)
        elif taken.path.resolve() != item.path.resolve():
            errors.append(IngestError(
                f"its document name '{item.name}' is also that of {taken.path} in this command",
                path=item.path,
                hint="add the directories that hold them (names then include the folder), "
                     "or add them one command at a time if one replaces the other"))
    return unique, errors


# --- plans ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class IngestOptions:
    """How ``bitextual add`` treats the files."""

    clean: bool = True
    """Set boilerplate lines aside (``--keep-boilerplate`` turns this off)."""
    lang: str | None = None
    """Force the language of monolingual documents ('zh' or 'en') instead of detecting it."""
    format: str | None = None
    """Read every file as this format (a name from FORMATS) whatever its extension."""


@dataclass(frozen=True)
class PlannedSegment:
    """One segment to store."""

    id: str
    text: str
    norm: str
    paragraph: int
    line: int | None
    boilerplate: str | None


@dataclass
class DocumentPlan:
    """One document to store, with its segments in order."""

    name: str
    path: str
    checksum: str
    format: str
    encoding: str | None
    lang: str
    script: str | None
    source_group: str | None
    meta: dict[str, Any]
    segments: list[PlannedSegment]

    @property
    def sentences(self) -> int:
        """Number of article segments (boilerplate excluded)."""
        return sum(1 for s in self.segments if s.boilerplate is None)

    @property
    def set_aside(self) -> int:
        """Number of boilerplate segments."""
        return sum(1 for s in self.segments if s.boilerplate is not None)


@dataclass
class FilePlan:
    """Everything one file becomes: one document, or two plus their imported beads."""

    path: Path
    name: str
    documents: list[DocumentPlan]
    beads: list[tuple[list[str], list[str]]] = field(default_factory=list)
    """Bilingual files: (zh segment ids, en segment ids) per unit, in order."""
    warnings: list[str] = field(default_factory=list)
    """What the reader left out or decided on its own (a TMX variant in a third language)."""


def plan_monolingual(source: SourceText, name: str, path: Path, checksum: str,
                     options: IngestOptions,
                     restored: Sequence[dict[str, Any]] = ()) -> DocumentPlan:
    """Turn the lines of a monolingual document into segments (see the module docstring).

    ``restored``: lines the user brought back from boilerplate before (see
    :func:`restore_boilerplate`); they stay article text on re-import.
    """
    lines = source.lines
    if options.clean:
        reasons = classify_lines([line.source for line in lines])
        _keep_restored(lines, reasons, restored)
    else:
        reasons = [None] * len(lines)
    article = "\n".join(line.text for line, reason in zip(lines, reasons, strict=True)
                        if reason is None)
    if not any(line.text.strip() for line in lines):
        raise IngestError(EMPTY_DOCUMENT, path=path, hint=EMPTY_HINT)
    if not article.strip():
        removed = sum(1 for r in reasons if r)
        raise IngestError(f"nothing is left of the document after setting aside {removed} "
                          "boilerplate lines", path=path,
                          hint="add it with --keep-boilerplate to keep every line")
    info = _language(article, options.lang, path)
    split_lang = info.split_lang
    ids = SegmentIds(name)
    segments: list[PlannedSegment] = []
    for paragraph, (start, stop) in enumerate(
            paragraph_ranges(source, [reason is not None for reason in reasons])):
        line, reason = lines[start], reasons[start]
        if reason is not None:
            text = line.text.strip()
            norm = normalise(text, split_lang)
            segments.append(PlannedSegment(ids.make(norm), text, norm, paragraph, line.line,
                                           reason))
            continue
        for text, line_number in sentences_of_block(lines[start:stop], split_lang):
            # norm does not depend on the language: Han text is always made Simplified
            norm = normalise(text, split_lang)
            segments.append(PlannedSegment(ids.make(norm), text, norm, paragraph, line_number,
                                           None))
    meta: dict[str, Any] = {"clean": options.clean, "han_share": round(info.han_share, 3)}
    if options.lang:
        meta["forced_lang"] = options.lang
    if restored:
        meta["restored"] = list(restored)
    return DocumentPlan(name=name, path=str(path), checksum=checksum, format=source.format,
                        encoding=source.encoding, lang=info.lang, script=info.script,
                        source_group=None, meta=meta, segments=segments)


def _keep_restored(lines: Sequence[SourceLine], reasons: list[str | None],
                   restored: Sequence[dict[str, Any]]) -> None:
    """Clear the reason of each line the user restored: the set-aside line with the same
    text nearest to the line number it had (the file may have changed since)."""
    for entry in restored:
        candidates = [i for i, line in enumerate(lines) if reasons[i] is not None and
                      entry.get("key") in (normalised_key(line.text), normalised_key(line.source))]
        if candidates:
            target = int(entry.get("line") or 0)
            best = min(candidates, key=lambda i: abs(lines[i].line - target))
            reasons[best] = None


def require_document_text(text: str, path: Path) -> LanguageInfo:
    """The language of a monolingual document's text, checked as ``add`` checks it: an empty
    document, or one in neither Chinese nor English, is refused with ``add``'s message. The
    commands that read files without a project (``check``, ``fix``, ``align-files``) call
    this, so every command agrees on what is not a document (exit code 2)."""
    if not text.strip():
        raise IngestError(EMPTY_DOCUMENT, path=path, hint=EMPTY_HINT)
    return _language(text, None, path)


EMPTY_DOCUMENT = "the document is empty"
EMPTY_HINT = "check that this is the right file"


def _language(text: str, forced: str | None, path: Path) -> LanguageInfo:
    detected = detect_language(text)
    if forced is None:
        if detected.lang == "unknown":
            what = ("the document is Japanese (kana among the Han characters), not Chinese"
                    if is_japanese(text) else "the document has no Chinese or English letters")
            raise IngestError(what, path=path, hint="bitextual imports Chinese and English "
                              "text; --lang zh or --lang en imports it anyway")
        return detected
    if forced not in ("zh", "en"):
        raise IngestError(f"unknown language '{forced}'", path=path, hint="use zh or en")
    script = "en" if forced == "en" else (detected.script or "zh-Hans")
    return LanguageInfo(lang=forced, script=script, han_share=detected.han_share)


def plan_bilingual(units: list[BilingualUnit], name: str, path: Path, checksum: str,
                   fmt: str, encoding: str | None) -> FilePlan:
    """Two documents ``<name>#zh`` and ``<name>#en`` (one segment per unit side, never
    re-split) and one bead per unit."""
    if not units:
        raise IngestError("the file holds no Chinese–English translation units", path=path,
                          hint="check the languages in the file: zh and en are imported")
    zh_name, en_name = f"{name}#zh", f"{name}#en"
    zh_ids, en_ids = SegmentIds(zh_name), SegmentIds(en_name)
    zh_segments: list[PlannedSegment] = []
    en_segments: list[PlannedSegment] = []
    beads: list[tuple[list[str], list[str]]] = []
    for index, unit in enumerate(units):
        bead: tuple[list[str], list[str]] = ([], [])
        if unit.zh:
            norm = normalise(unit.zh, "zh")
            ident = zh_ids.make(norm)
            zh_segments.append(PlannedSegment(ident, unit.zh, norm, index, unit.line, None))
            bead[0].append(ident)
        if unit.en:
            norm = normalise(unit.en, "en")
            ident = en_ids.make(norm)
            en_segments.append(PlannedSegment(ident, unit.en, norm, index, unit.line, None))
            bead[1].append(ident)
        beads.append(bead)
    zh_text = "\n".join(s.text for s in zh_segments)
    zh_info = detect_language(zh_text)
    tags = {unit.zh_lang for unit in units if unit.zh_lang}
    tag_scripts = {script_of_tag(tag) for tag in tags} - {None}
    # The text decides the script; a tag decides only when the text cannot (no Han at all).
    zh_script = zh_info.script or (tag_scripts.pop() if len(tag_scripts) == 1 else None)
    common = {"units": len(units), "bilingual": True}
    documents = [
        DocumentPlan(zh_name, str(path), checksum, fmt, encoding, "zh", zh_script, name,
                     {**common, "lang_tags": sorted(tags)}, zh_segments),
        DocumentPlan(en_name, str(path), checksum, fmt, encoding, "en", "en", name,
                     {**common, "lang_tags": sorted({u.en_lang for u in units if u.en_lang})},
                     en_segments),
    ]
    return FilePlan(path=path, name=name, documents=documents, beads=beads)


def file_checksum(path: Path) -> str:
    """sha256 of the file's bytes (raises ``IngestError`` if it cannot be read)."""
    return hashlib.sha256(read_input_bytes(path)).hexdigest()


def read_source(path: Path, fmt: str) -> SourceText:
    """Read a monolingual file of format ``fmt`` (txt, md, html, docx)."""
    if fmt == "txt":
        from corpus.formats.text import read_text

        return read_text(path)
    if fmt == "md":
        from corpus.formats.text import read_markdown

        return read_markdown(path)
    if fmt == "html":
        from corpus.formats.html import read_html

        return read_html(path)
    from corpus.formats.docx import read_docx

    return read_docx(path)


def read_units(path: Path, fmt: str, warnings: list[str] | None = None
               ) -> tuple[list[BilingualUnit], str | None]:
    """Read a bilingual file of format ``fmt`` (tsv, tmx, xliff): units and text encoding;
    ``warnings`` receives what the reader left out (see ``read_tmx``, ``read_xliff``)."""
    if fmt == "tsv":
        from corpus.formats.encoding import read_text_bytes
        from corpus.formats.tsv import read_tsv

        _, encoding = read_text_bytes(path)
        return read_tsv(path), encoding
    from corpus.formats.xmlsafe import xml_encoding

    if fmt == "tmx":
        from corpus.formats.tmx import read_tmx

        return read_tmx(path, warnings), xml_encoding(path)
    from corpus.formats.xliff import read_xliff

    return read_xliff(path, warnings), xml_encoding(path)


def plan_file(item: InputFile, options: IngestOptions,
              restored: dict[str, list[dict[str, Any]]] | None = None) -> FilePlan:
    """Read one file and compute what it becomes (nothing is stored)."""
    path = item.path
    require_file(path)
    if options.format is not None and options.format not in FORMATS:
        raise IngestError(f"unknown format '{options.format}'", path=path,
                          hint=f"use one of: {', '.join(FORMATS)}")
    fmt = options.format or SUPPORTED_EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise IngestError(f"unsupported file type '{path.suffix or '(none)'}'", path=path,
                          hint=f"supported: {SUPPORTED_LIST}; {FORMAT_HINT}")
    checksum = file_checksum(path)
    if fmt in BILINGUAL_FORMATS.values():
        warnings: list[str] = []
        units, encoding = read_units(path, fmt, warnings)
        plan = plan_bilingual(units, item.name, path, checksum, fmt, encoding)
        plan.warnings = warnings
        return plan
    source = read_source(path, fmt)
    document = plan_monolingual(source, item.name, path, checksum, options,
                                (restored or {}).get(item.name, []))
    plan = FilePlan(path=path, name=item.name, documents=[document])
    cut = long_sentence_warning(path, "\n".join(line.text for line in source.lines),
                                document.lang)
    if cut:
        plan.warnings.append(cut)
    return plan


def long_sentence_warning(path: Path, text: str, lang: str) -> str | None:
    """A warning saying how many over-long sentences of ``text`` were cut (see
    ``corpus.segment.MAX_SENTENCE_CHARS``), or None."""
    cuts = long_sentence_cuts(text, "zh" if lang == "zh" else "en")
    if not cuts:
        return None
    return (f"{path}: a sentence ran on for more than {MAX_SENTENCE_CHARS:,} characters "
            f"without a sentence end; it was cut {cuts} time(s), at a comma or space where "
            "there was one, so that every stage stays fast")


# --- storing ----------------------------------------------------------------------------------

@dataclass
class DocumentResult:
    """What storing one document did."""

    name: str
    status: str
    """'added', 'updated', 'unchanged', or 'duplicate' (not stored: see ``duplicate_of``)."""
    format: str
    encoding: str | None
    lang: str
    script: str | None
    sentences: int
    set_aside: int
    segments_added: int = 0
    segments_removed: int = 0
    duplicate_of: str | None = None
    """The document already holding the same file under another name."""


@dataclass
class FileResult:
    """What importing one file did."""

    path: Path
    documents: list[DocumentResult]
    beads_added: int = 0
    beads_removed: int = 0
    """Beads deleted because a segment they used vanished (or an imported unit changed)."""
    warnings: list[str] = field(default_factory=list)
    """What the reader left out or decided (see ``FilePlan.warnings``), for the user."""

    @property
    def status(self) -> str:
        """'added', 'updated', 'duplicate' or 'unchanged' (the strongest of its documents)."""
        statuses = {d.status for d in self.documents}
        for status in ("updated", "added", "duplicate"):
            if status in statuses:
                return status
        return "unchanged"


def _options_meta(plan: DocumentPlan) -> dict[str, Any]:
    return {k: plan.meta.get(k) for k in ("clean", "forced_lang", "restored")}


def _store_document(project: Project, plan: DocumentPlan) -> tuple[DocumentResult, int, set[str]]:
    """Insert or update one document; returns the result, the document id and the ids of
    segments that vanished (already deleted)."""
    conn = project.conn
    now = now_iso()
    row = conn.execute("SELECT id, checksum, meta FROM documents WHERE name = ?",
                       (plan.name,)).fetchone()
    result = DocumentResult(plan.name, "added", plan.format, plan.encoding, plan.lang,
                            plan.script, plan.sentences, plan.set_aside)
    meta_json = json.dumps(plan.meta, ensure_ascii=False, sort_keys=True)
    if row is None:
        cur = conn.execute(
            "INSERT INTO documents(name, path, checksum, format, encoding, lang, script, "
            "source_group, meta, added_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (plan.name, plan.path, plan.checksum, plan.format, plan.encoding, plan.lang,
             plan.script, plan.source_group, meta_json, now, now))
        doc_id = int(cur.lastrowid or 0)
        existing: set[str] = set()
    else:
        doc_id = int(row["id"])
        old_meta = json.loads(row["meta"] or "{}")
        if row["checksum"] == plan.checksum and \
                {k: old_meta.get(k) for k in ("clean", "forced_lang", "restored")} \
                == _options_meta(plan):
            result.status = "unchanged"
            stored = conn.execute(
                "SELECT count(*) FILTER (WHERE boilerplate IS NULL), "
                "count(*) FILTER (WHERE boilerplate IS NOT NULL) FROM segments "
                "WHERE document_id = ?", (doc_id,)).fetchone()
            result.sentences, result.set_aside = int(stored[0]), int(stored[1])
            return result, doc_id, set()
        result.status = "updated"
        conn.execute(
            "UPDATE documents SET path=?, checksum=?, format=?, encoding=?, lang=?, script=?, "
            "source_group=?, meta=?, updated_at=? WHERE id=?",
            (plan.path, plan.checksum, plan.format, plan.encoding, plan.lang, plan.script,
             plan.source_group, meta_json, now, doc_id))
        existing = {r[0] for r in conn.execute(
            "SELECT id FROM segments WHERE document_id = ?", (doc_id,))}
    planned = {s.id for s in plan.segments}
    vanished = existing - planned
    for position, segment in enumerate(plan.segments):
        if segment.id in existing:
            conn.execute(
                "UPDATE segments SET position=?, paragraph=?, line=?, text=?, norm=?, "
                "boilerplate=? WHERE id=?",
                (position, segment.paragraph, segment.line, segment.text, segment.norm,
                 segment.boilerplate, segment.id))
        else:
            conn.execute(
                "INSERT INTO segments(id, document_id, position, paragraph, line, text, norm, "
                "boilerplate) VALUES (?,?,?,?,?,?,?,?)",
                (segment.id, doc_id, position, segment.paragraph, segment.line, segment.text,
                 segment.norm, segment.boilerplate))
    result.segments_added = len(planned - existing)
    result.segments_removed = len(vanished)
    return result, doc_id, vanished


def store_plans(project: Project, plan: FilePlan) -> FileResult:
    """Write one file's documents (and imported beads) in one transaction."""
    with project.transaction() as conn:
        results: list[DocumentResult] = []
        doc_ids: list[int] = []
        vanished: set[str] = set()
        for document in plan.documents:
            result, doc_id, gone = _store_document(project, document)
            results.append(result)
            doc_ids.append(doc_id)
            vanished |= gone
        outcome = FileResult(path=plan.path, documents=results, warnings=list(plan.warnings))
        # Beads go before the segments they name.
        removed_beads = delete_beads_using(project, doc_ids, vanished)
        outcome.beads_removed = len(removed_beads)
        if removed_beads:
            # Re-importing can delete reviewed beads: the log keeps what was lost.
            record(project, Action.REIMPORT_REMOVE_BEADS, f"file:{plan.name}", {
                "beads": removed_beads, "vanished_segments": sorted(vanished)}, actor="bitextual")
        for ident in vanished:
            conn.execute("DELETE FROM segments WHERE id = ?", (ident,))
        if len(plan.documents) == 2 and any(r.status != "unchanged" for r in results):
            added, removed = _store_imported_beads(project, doc_ids[0], doc_ids[1], plan.beads)
            outcome.beads_added = added
            outcome.beads_removed += removed
    return outcome


def _store_imported_beads(project: Project, zh_doc: int, en_doc: int,
                          beads: list[tuple[list[str], list[str]]]) -> tuple[int, int]:
    """Make the 'imported' pair's imported beads match the file's units: keep those that
    still match a unit (and any reviewer status), add new ones, delete stale ones."""
    conn = project.conn
    row = conn.execute("SELECT id FROM doc_pairs WHERE zh_doc = ? AND en_doc = ?",
                       (zh_doc, en_doc)).fetchone()
    if row is None:
        cur = conn.execute(
            "INSERT INTO doc_pairs(zh_doc, en_doc, mode, score, signature, created_at) "
            "VALUES (?, ?, 'imported', NULL, 'imported', ?)", (zh_doc, en_doc, now_iso()))
        pair_id = int(cur.lastrowid or 0)
    else:
        pair_id = int(row["id"])
    existing: dict[tuple[str, str], list[int]] = {}
    for bead in conn.execute("SELECT id, zh_ids, en_ids FROM beads WHERE pair_id = ? AND "
                             "origin = 'imported' ORDER BY position", (pair_id,)):
        key = (json.dumps(json.loads(bead["zh_ids"])), json.dumps(json.loads(bead["en_ids"])))
        existing.setdefault(key, []).append(int(bead["id"]))
    added = 0
    for position, (zh_ids, en_ids) in enumerate(beads):
        key = (json.dumps(zh_ids), json.dumps(en_ids))
        if existing.get(key):
            bead_id = existing[key].pop(0)
            conn.execute("UPDATE beads SET position = ? WHERE id = ?", (float(position), bead_id))
        else:
            conn.execute(
                "INSERT INTO beads(pair_id, position, zh_ids, en_ids, score, status, origin) "
                "VALUES (?, ?, ?, ?, NULL, 'pending', 'imported')",
                (pair_id, float(position), key[0], key[1]))
            added += 1
    stale = [bead_id for ids in existing.values() for bead_id in ids]
    for bead_id in stale:
        conn.execute("DELETE FROM beads WHERE id = ?", (bead_id,))
    return added, len(stale)


def restored_keys(project: Project, names: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """Lines the user restored from boilerplate, per document name (for re-import)."""
    result: dict[str, list[dict[str, Any]]] = {}
    for name in names:
        row = project.conn.execute("SELECT meta FROM documents WHERE name = ?",
                                   (name,)).fetchone()
        if row is not None:
            keys = json.loads(row["meta"] or "{}").get("restored") or []
            if keys:
                result[name] = list(keys)
    return result


def ingest_file(project: Project, item: InputFile,
                options: IngestOptions | None = None) -> FileResult:
    """Read and store one file (one transaction); raises ``BitextualError`` on bad input."""
    options = options or IngestOptions()
    with project.exclusive("add"):  # an align running meanwhile would name deleted rows
        return _ingest_planned(project, item, options)


def _ingest_planned(project: Project, item: InputFile, options: IngestOptions) -> FileResult:
    plan = plan_file(item, options, restored_keys(project, [item.name]))
    _refuse_language_swap(project, plan)
    duplicate = _same_file_under_another_name(project, plan)
    if duplicate is not None:
        return duplicate
    return store_plans(project, plan)


def _same_file_under_another_name(project: Project, plan: FilePlan) -> FileResult | None:
    """A file whose exact bytes the project already holds under another name (a directory
    added again from its parent, a copy) is not stored twice: the pairs and the review of
    the first copy would not apply to the second. None when the file is new or known by
    this name."""
    names = [document.name for document in plan.documents]
    marks = ",".join("?" * len(names))
    if project.conn.execute(f"SELECT 1 FROM documents WHERE name IN ({marks})",
                            names).fetchone():
        return None  # a re-import by name: updated or unchanged as usual
    checksum = plan.documents[0].checksum
    row = project.conn.execute(
        "SELECT name FROM documents WHERE checksum = ? ORDER BY name LIMIT 1",
        (checksum,)).fetchone()
    if row is None:
        return None
    return FileResult(path=plan.path, documents=[
        DocumentResult(d.name, "duplicate", d.format, d.encoding, d.lang, d.script,
                       d.sentences, d.set_aside, duplicate_of=str(row["name"]))
        for d in plan.documents])


_LANGUAGE_NAMES = {"zh": "Chinese", "en": "English"}


def _refuse_language_swap(project: Project, plan: FilePlan) -> None:
    """A document re-imported from another path in the other language is almost surely a
    different file that happens to have the same name (``zh/001`` and ``en/001`` added one
    directory at a time), not a new version: refuse rather than replace it."""
    for document in plan.documents:
        row = project.conn.execute("SELECT path, lang FROM documents WHERE name = ?",
                                   (document.name,)).fetchone()
        if row is None or row["path"] == document.path:
            continue
        old, new = _LANGUAGE_NAMES.get(row["lang"]), _LANGUAGE_NAMES.get(document.lang)
        if old and new and old != new:
            raise IngestError(
                f"the document name '{document.name}' already belongs to a {old} document "
                f"read from {row['path']}; this file is {new}", path=plan.path,
                hint="add both from their parent directory so the names include the folder "
                     "(e.g. zh/001 and en/001)")
