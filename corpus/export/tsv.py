"""TSV writer: one unit per line, tab-separated columns, escapes that can be undone.

Layout: line 1 is ``# bitextual export | ...`` (the signature), line 2 names the columns,
then one line per unit (``header=False`` leaves out both lines, for tools that want bare
``zh<TAB>en`` lines). Inside a field a backslash, tab, line feed and carriage return are
written ``\\\\``, ``\\t``, ``\\n``, ``\\r`` (the convention of PostgreSQL's COPY text format),
so no text can split a line or shift a column and :func:`unescape_field` restores it
exactly. Readers should split lines on ``\\n`` only (not ``str.splitlines``, which also
breaks on U+2028 and friends, which are kept verbatim).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import ClassVar, TextIO

from corpus.errors import BitextualError
from corpus.export.units import ExportPlan, ExportUnit
from corpus.export.xmltext import strip_unencodable


def _fmt_score(unit: ExportUnit) -> str:
    return "" if unit.score is None else f"{unit.score:.4f}"


COLUMNS: dict[str, Callable[[ExportUnit], str]] = {
    "zh": lambda u: u.zh,
    "en": lambda u: u.en,
    "id": lambda u: u.unit_id,
    "score": _fmt_score,
    "status": lambda u: u.status,
    "document": lambda u: u.document,
    "zh_original": lambda u: u.zh_original or "",
    "en_original": lambda u: u.en_original or "",
    "bead": lambda u: str(u.bead_id),
    "zh_lang": lambda u: u.zh_lang,
    "en_lang": lambda u: u.en_lang,
}
"""Every column the TSV writer knows, by name."""

DEFAULT_COLUMNS = ("zh", "en", "id", "score", "status", "document")

SIGNATURE_PREFIX = "# bitextual export | "

_NEEDS_ESCAPE = re.compile(r"[\\\t\n\r]")
_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


def escape_field(text: str) -> str:
    """Escape backslash, tab, LF and CR so the text stays inside one field of one line."""
    if _NEEDS_ESCAPE.search(text) is None:
        return text
    return (text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r"))


def unescape_field(field: str) -> str:
    """Undo :func:`escape_field` (a backslash before any other character is kept as is)."""
    if "\\" not in field:
        return field
    out: list[str] = []
    i = 0
    while i < len(field):
        char = field[i]
        if char == "\\" and i + 1 < len(field) and field[i + 1] in _UNESCAPES:
            out.append(_UNESCAPES[field[i + 1]])
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)


def tsv_line(fields: Iterable[str]) -> str:
    """One line of TSV with its newline: fields escaped (:func:`escape_field`) and joined by
    tabs; lone surrogates, which UTF-8 cannot encode, dropped."""
    return strip_unencodable("\t".join([escape_field(field) for field in fields])) + "\n"


class TsvWriter:
    """Tab-separated values with a signature line and a column line."""

    name: ClassVar[str] = "tsv"
    description: ClassVar[str] = "tab-separated zh, en and optional columns"

    def __init__(self, columns: Sequence[str] = DEFAULT_COLUMNS, header: bool = True) -> None:
        unknown = [c for c in columns if c not in COLUMNS]
        if unknown:
            raise BitextualError(f"unknown TSV column {unknown[0]!r}",
                                 hint="choose from " + ", ".join(COLUMNS))
        if not columns:
            raise BitextualError("no TSV columns chosen", hint="e.g. --columns zh,en")
        self.columns = tuple(columns)
        self.header = header

    def output_paths(self, path: Path) -> tuple[Path, ...]:
        """The file written for ``-o path``."""
        return (path,)

    def write(self, outputs: Sequence[TextIO], units: Iterable[ExportUnit],
              plan: ExportPlan) -> None:
        """Stream ``units`` into ``outputs[0]``, one escaped line each."""
        out = outputs[0]
        if self.header:
            signature = plan.signature.describe().replace("\n", " ").replace("\t", " ")
            out.write(SIGNATURE_PREFIX + signature.removeprefix("bitextual ") + "\n")
            out.write("\t".join(self.columns) + "\n")
        getters = [COLUMNS[c] for c in self.columns]
        batch: list[str] = []
        for unit in units:
            batch.append(tsv_line([get(unit) for get in getters]))
            if len(batch) >= 1000:
                out.write("".join(batch))
                batch.clear()
        out.write("".join(batch))
