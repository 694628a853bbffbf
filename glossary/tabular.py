"""Glossary files as CSV or TSV: one concept per row.

Columns (header row required, names case-insensitive, order free; unknown columns are an
error so a typo does not silently drop data):

============== ======== =================================================================
column         required meaning
============== ======== =================================================================
zh             yes*     Chinese term; synonyms separated by ``|``, the first is preferred
zh_hant        yes*     Traditional forms, ``|``-separated (export: OpenCC ``s2t``/``s2tw``/
                        ``s2hk`` forms of the terms; import: more Chinese terms, a form that
                        normalises to a ``zh`` term adds nothing)
en             yes      the preferred English rendering
en_admitted             acceptable variants, ``|``-separated
en_deprecated           renderings to replace by the preferred one, ``|``-separated
en_superseded           former official renderings, ``|``-separated
en_forbidden            renderings that are always wrong, ``|``-separated
domain                  subject field, e.g. ``textile``, ``org``, ``person``
note                    free text
source                  where the rendering comes from
id                      written by export for reference; ignored by import
============== ======== =================================================================

(*) a row needs ``zh`` or ``zh_hant``.

Headers written by other tools are accepted where they name a language instead: ``zh-CN``,
``zh_Hans``, ``Chinese (Simplified)`` … are ``zh``; ``zh-TW``, ``zh-HK``, ``zh-Hant``,
``Chinese (Traditional)`` … are ``zh_hant``; ``en-US``, ``en_GB``, ``English`` … are ``en``.

Lines whose first cell starts with ``#`` are comments (exports put their signature there,
unless asked not to for tools that take the first row as the header). Files are UTF-8 (a BOM
is accepted).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from corpus.atomic import atomic_open
from corpus.errors import FormatError
from corpus.export.xmltext import XML_FORBIDDEN
from corpus.inputs import read_input_bytes
from glossary.termbase import (
    Concept,
    GlossaryError,
    SourcedConcept,
    is_traditional_tag,
    make_concept,
    traditional_variants,
)

_TRADITIONAL_WORDS = ("traditional", "taiwan", "hong kong", "macao", "macau")


def canonical_column(name: str) -> str:
    """Our column name for a header cell: itself, or the column a language header means.

    Other tools name the term columns by language (``zh-CN``, ``en_US``, ``English``);
    anything else is returned unchanged (and then refused as unknown).
    """
    key = " ".join(name.strip().lower().split())
    if key in COLUMNS:
        return key
    # Language names as CAT tools write them: "Chinese (PRC)", "Chinese (Taiwan)",
    # "Traditional Chinese", "English (United States)".
    if "chinese" in key:
        return "zh_hant" if any(word in key for word in _TRADITIONAL_WORDS) else "zh"
    if key.startswith("english"):
        return "en"
    tag = key.replace("_", "-")
    primary = tag.split("-")[0]
    if primary in ("zh", "zho", "chi"):
        return "zh_hant" if is_traditional_tag("zh" + tag[len(primary):]) else "zh"
    if primary in ("en", "eng"):
        return "en"
    return key

COLUMNS = ("zh", "zh_hant", "en", "en_admitted", "en_deprecated", "en_superseded", "en_forbidden",
           "domain", "note", "source", "id")
REQUIRED = ("en",)
MULTI_SEPARATOR = "|"


def dialect_for(path: str | Path, explicit: str | None = None) -> str:
    """``csv`` or ``tsv`` from an explicit choice or the file extension."""
    if explicit:
        return explicit
    return "tsv" if Path(path).suffix.lower() in (".tsv", ".tab", ".txt") else "csv"


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split(MULTI_SEPARATOR) if part.strip()]


def read_tabular(path: str | Path, fmt: str | None = None) -> list[SourcedConcept]:
    """Read a CSV/TSV glossary; :class:`FormatError` with file and line on bad input."""
    path = Path(path)
    fmt = dialect_for(path, fmt)
    data = read_input_bytes(path, FormatError)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError(f"not UTF-8 text at byte {exc.start}: {exc.reason}", path=path,
                          line=data[:exc.start].count(b"\n") + 1, offset=exc.start,
                          hint="save the file as UTF-8") from exc
    return parse_tabular(text, str(path), fmt)


def parse_tabular(text: str, path: str, fmt: str = "csv") -> list[SourcedConcept]:
    """Parse CSV/TSV text (see the module docstring for the columns)."""
    delimiter = "\t" if fmt == "tsv" else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter,
                        quoting=csv.QUOTE_MINIMAL if fmt == "csv" else csv.QUOTE_NONE)
    header: list[str] | None = None
    header_line = 0
    out: list[SourcedConcept] = []
    last_line = 0
    try:
        for row in reader:
            line = last_line + 1
            last_line = reader.line_num
            if not row or all(not cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
                continue
            if header is None:
                header = [canonical_column(cell) for cell in row]
                header_line = line
                unknown = [cell.strip() for cell, c in zip(row, header, strict=True)
                           if c not in COLUMNS]
                if unknown:
                    raise FormatError(f"unknown column(s) {', '.join(unknown)}", path=path,
                                      line=line, hint=f"columns are {', '.join(COLUMNS)}")
                repeated = sorted({c for c in header if header.count(c) > 1})
                if repeated:
                    raise FormatError(f"more than one column means {', '.join(repeated)}",
                                      path=path, line=line, hint="keep one column per field "
                                      "(language headers like zh-CN count as zh)")
                missing = [c for c in REQUIRED if c not in header]
                if "zh" not in header and "zh_hant" not in header:
                    missing.insert(0, "zh")
                if missing:
                    raise FormatError(f"missing column(s) {', '.join(missing)}", path=path,
                                      line=line, hint="the first non-comment row is the header,"
                                      " e.g. 'zh,en,en_admitted,...'")
                continue
            if len(row) > len(header):
                raise FormatError(f"{len(row)} cells but the header (line {header_line}) has "
                                  f"{len(header)}", path=path, line=line,
                                  hint="quote cells that contain the delimiter")
            _refuse_xml_forbidden(row, header, path, line)
            cells = dict(zip(header, (c.strip() for c in row), strict=False))
            zh = _split(cells.get("zh")) + _split(cells.get("zh_hant"))
            en = cells.get("en", "").strip()
            if not zh or not en:
                raise FormatError("a row needs both a Chinese term (zh or zh_hant) and a "
                                  "preferred English rendering (en)", path=path, line=line)
            try:
                concept = make_concept(
                    zh, en, admitted=_split(cells.get("en_admitted")),
                    deprecated=_split(cells.get("en_deprecated")),
                    superseded=_split(cells.get("en_superseded")),
                    forbidden=_split(cells.get("en_forbidden")),
                    domain=cells.get("domain") or None, note=cells.get("note") or None,
                    source=cells.get("source") or None)
            except GlossaryError as exc:
                raise FormatError(exc.msg, path=path, line=line, hint=exc.hint) from exc
            out.append(SourcedConcept(concept, path, line))
    except csv.Error as exc:
        raise FormatError(f"bad {fmt.upper()}: {exc}", path=path, line=reader.line_num) from exc
    if header is None:
        raise FormatError("no header row", path=path, line=1,
                          hint=f"the first row names the columns: {', '.join(COLUMNS)}")
    return out


def _refuse_xml_forbidden(row: list[str], header: list[str], path: str, line: int) -> None:
    """A cell holding a character XML 1.0 forbids (NUL, most C0 controls, U+FFFE/FFFF) is
    refused before any cleaning could hide it: a TBX export could not hold it, and turning it
    into a space or dropping it would change the term without a word."""
    for column, cell in zip(header, row, strict=False):
        bad = XML_FORBIDDEN.search(cell)
        if bad is not None:
            raise FormatError(
                f"the {column} cell holds the control character U+{ord(bad.group()):04X} "
                f"(character {bad.start() + 1}), which XML forbids: a TBX export could not "
                "hold it", path=path, line=line,
                hint="remove it (it is usually left over from a copy and paste) and import "
                     "again")


def concept_row(concept: Concept) -> list[str]:
    """The cells of one concept, in :data:`COLUMNS` order."""
    join = MULTI_SEPARATOR.join
    return [join(t.text for t in concept.zh), join(traditional_variants(concept)),
            concept.en_preferred,
            join(concept.en_with("admitted")), join(concept.en_with("deprecated")),
            join(concept.en_with("superseded")), join(concept.en_with("forbidden")),
            concept.domain or "", concept.note or "", concept.source or "",
            "" if concept.id is None else str(concept.id)]


def write_tabular(path: str | Path, concepts: Iterable[Concept], signature: str,
                  fmt: str | None = None, with_signature: bool = True) -> int:
    """Write concepts atomically as CSV or TSV with a signature comment; returns the count.

    ``with_signature=False`` leaves the comment out, for tools that take the first row as
    the header (our own reader skips it either way).
    """
    fmt = dialect_for(path, fmt)
    count = 0
    with atomic_open(path, "w", newline="") as handle:
        if fmt == "tsv":
            if with_signature:
                handle.write(f"# {signature}\n")
            handle.write("\t".join(COLUMNS) + "\n")
            for concept in concepts:
                cells = concept_row(concept)
                if any(ch in cell for cell in cells for ch in "\t\r\n"):
                    raise GlossaryError(f"entry {concept.id} contains a tab or line break",
                                        hint="export as CSV, which can quote it")
                handle.write("\t".join(cells) + "\n")
                count += 1
        else:
            writer = csv.writer(handle, lineterminator="\n")
            if with_signature:
                writer.writerow([f"# {signature}"])
            writer.writerow(COLUMNS)
            for concept in concepts:
                writer.writerow(concept_row(concept))
                count += 1
    return count
