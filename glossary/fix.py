"""``bitextual fix``: batch repair of text files, byte-exact outside the edits.

Rules are learned across all inputs of one run; only suggestions at or above
``SAFE_CONFIDENCE`` are applied. Line breaks (LF, CRLF, CR), a missing final newline and a
UTF-8 byte order mark are kept exactly: each file is split into (content, terminator) pairs
and only contents are edited.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from corpus.atomic import atomic_open, atomic_write_bytes
from corpus.errors import IngestError
from corpus.inputs import path_kind, read_input_bytes, require_existing
from corpus.suggestions import apply_replacements
from glossary.finding import Finding
from glossary.garble import CheckResult, GarbleRule, check_documents
from glossary.garble.overlap import resolve_overlaps

BOM = "\ufeff"
_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")


@dataclass(frozen=True)
class TextFile:
    """A UTF-8 text file split into lines, with everything needed to write it back exactly."""

    path: Path
    name: str
    """Relative name under the output directory."""
    bom: bool
    lines: list[str]
    endings: list[str]

    def render(self, lines: Sequence[str]) -> bytes:
        """The file's bytes with ``lines`` as contents and the original terminators."""
        body = "".join(line + end for line, end in zip(lines, self.endings, strict=True))
        return ((BOM if self.bom else "") + body).encode("utf-8")


def split_lines(text: str) -> tuple[list[str], list[str]]:
    """Contents and terminators of every line; ``"".join`` of both interleaved is ``text``."""
    lines: list[str] = []
    endings: list[str] = []
    for match in _LINE.finditer(text):
        if match.start() == len(text) and match.group(0) == "" and (lines or not text):
            break
        lines.append(match.group(1))
        endings.append(match.group(2))
    return lines, endings


def read_text_file(path: Path, name: str) -> TextFile:
    """Read a UTF-8 file (optional BOM); anything else is an ``IngestError`` naming the byte."""
    raw = read_input_bytes(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise IngestError("not UTF-8 text", path=path, offset=exc.start,
                          hint="convert it to UTF-8 first, e.g. with iconv") from exc
    from corpus.ingest import require_document_text  # noqa: PLC0415 - the language tables load lazily

    require_document_text(text, path)
    bom = text.startswith(BOM)
    lines, endings = split_lines(text[1:] if bom else text)
    return TextFile(path, name, bom, lines, endings)


def collect_inputs(paths: Sequence[Path]) -> list[tuple[Path, str]]:
    """Files named on the command line or found under directories, with their output names."""
    found: list[tuple[Path, str]] = []
    for path in paths:
        require_existing(path)
        if path.is_dir():
            before = len(found)
            for file in sorted(path.rglob("*")):
                rel = file.relative_to(path)
                if file.is_file() and not any(part.startswith(".") for part in rel.parts):
                    found.append((file, rel.as_posix()))
            if len(found) == before:
                raise IngestError("the directory holds no files", path=path,
                                  hint="name a directory of UTF-8 text files")
        else:
            found.append((path, path.name))
    names = Counter(name for _, name in found)
    clashes = sorted(name for name, n in names.items() if n > 1)
    if clashes:
        raise IngestError(f"two inputs would be written to the same output name: {clashes[0]}",
                          hint="fix files from different directories in separate runs")
    return found


def refuse_input_directory(paths: Sequence[Path], out_dir: Path) -> None:
    """Raise when ``out_dir`` is, or lies inside, an input directory, or is the directory of
    an input file: ``fix`` never writes where its inputs are (call after the inputs have
    been checked to exist, see :func:`collect_inputs`)."""
    kind = path_kind(out_dir)
    if kind is not None and not kind.startswith("no such file") and kind != "a directory":
        raise IngestError(f"the output directory is {kind}", path=out_dir,
                          hint="choose a directory (it is created if missing)")
    out = out_dir.resolve()
    for path in paths:
        if path.is_dir():
            home = path.resolve()
            if out == home or out.is_relative_to(home):
                raise IngestError(
                    "the output directory is " + ("the input directory" if out == home else
                                                  f"inside the input directory {path}"),
                    path=out_dir, hint="choose a --out directory outside the inputs; "
                                       "inputs and their directories are never written to")
        elif out == path.resolve().parent:
            raise IngestError("the output directory is the input directory (it holds the "
                              f"input file {path.name})", path=out_dir,
                              hint="choose another --out directory; inputs are never "
                                   "overwritten")


@dataclass
class FixSummary:
    """What one run of ``fix`` did."""

    files: int = 0
    lines: int = 0
    suggestions: int = 0
    applied: int = 0
    applied_by_kind: Counter[str] = field(default_factory=Counter)
    rules: list[GarbleRule] = field(default_factory=list)
    signature: str = ""
    edits: list[tuple[str, int, Finding]] = field(default_factory=list)
    """Every applied suggestion (file name, 1-based line, suggestion)."""


def check_files(files: Sequence[TextFile]) -> CheckResult:
    """Learn rules across ``files`` and check every line."""
    return check_documents({f.name: f.lines for f in files})


def report_rows(files: Sequence[TextFile], result: CheckResult,
                applied: set[tuple[str, int, Finding]]) -> Iterator[dict[str, object]]:
    """JSON records (file, line, start, end, original, replacement, ..., applied)."""
    for doc, index, sug in result.all():
        row: dict[str, object] = {"file": doc, "line": index + 1}
        row.update(sug.to_dict())
        row["applied"] = (doc, index, sug) in applied
        yield row


def fix_files(paths: Sequence[Path], out_dir: Path, report: Path | None = None,
              progress: Callable[[str], None] | None = None) -> FixSummary:
    """Repair ``paths`` (files or directories) into ``out_dir``; see the module docstring."""
    inputs = collect_inputs(paths)
    refuse_input_directory(paths, out_dir)
    files = [read_text_file(path, name) for path, name in inputs]
    for file in files:
        if (out_dir / file.name).resolve() == file.path.resolve():
            raise IngestError("the output would overwrite an input file", path=file.path,
                              hint="choose another --out directory")
    result = check_files(files)
    summary = FixSummary(files=len(files), rules=result.rules, signature=result.signature)
    applied: set[tuple[str, int, Finding]] = set()
    for file in files:
        new_lines = list(file.lines)
        for index, line in enumerate(file.lines):
            sugs = result.suggestions.get((file.name, index), [])
            summary.suggestions += len(sugs)
            safe = resolve_overlaps([s for s in sugs if s.safe])
            if safe:
                new_lines[index] = apply_replacements(line, safe)
                for sug in safe:
                    applied.add((file.name, index, sug))
                    summary.edits.append((file.name, index + 1, sug))
                    summary.applied_by_kind[sug.kind] += 1
        summary.lines += len(file.lines)
        atomic_write_bytes(out_dir / file.name, file.render(new_lines))
        if progress:
            progress(file.name)
    summary.applied = len(applied)
    if report is not None:
        with atomic_open(report, "w", encoding="utf-8", newline="\n") as handle:
            for row in report_rows(files, result, applied):
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return summary
