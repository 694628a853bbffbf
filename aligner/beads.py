"""Beads and the alignment file format ``[zh ids]:[en ids]:score`` (Vecalign's convention).

A bead groups consecutive sentences of both sides that translate each other; one side may
be empty (an insertion or a deletion). Ids are 0-based sentence positions.

File format, one bead per line::

    [0]:[0,1]:0.912
    [1,2]:[2]:0.640
    []:[3]:0.100

The score is optional when reading (gold files have none). ``bitextual align-files`` and
``align-dir`` write nothing else into the file, so other tools (Vecalign's and Bertalign's
scorers) read it as it is; the signature goes beside it, in ``NAME.sig``. The reader here
also skips ``#`` comment lines, which :func:`write_beads` writes when given a signature.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from corpus.atomic import atomic_write_text
from corpus.errors import FormatError


@dataclass(frozen=True)
class Bead:
    """One alignment unit: zh and en sentence ids (0-based, consecutive) and a confidence."""

    zh: tuple[int, ...]
    en: tuple[int, ...]
    score: float = 0.0
    """Confidence in [0, 1] that this bead is right."""


_IDS = r"\[\s*(?:\d+\s*(?:,\s*\d+\s*)*)?\]"
_LINE = re.compile(rf"^\s*({_IDS})\s*:\s*({_IDS})\s*(?::\s*(\S+)\s*)?$")


def _parse_ids(field: str) -> tuple[int, ...]:
    inner = field.strip()[1:-1].strip()
    return tuple(int(part) for part in inner.split(",")) if inner else ()


def format_ids(ids: Iterable[int]) -> str:
    """``[1,2]`` / ``[]``: ids as written in an alignment file."""
    return "[" + ",".join(str(i) for i in ids) + "]"


def format_bead(bead: Bead, with_score: bool = True) -> str:
    """One line of an alignment file (without the newline)."""
    line = f"{format_ids(bead.zh)}:{format_ids(bead.en)}"
    return f"{line}:{bead.score:.4f}" if with_score else line


def parse_beads(text: str, path: str | Path | None = None) -> list[Bead]:
    """Parse the text of an alignment file; bad lines raise FormatError with their number."""
    return [bead for _, bead in parse_numbered_beads(text, path)]


def parse_numbered_beads(text: str, path: str | Path | None = None) -> list[tuple[int, Bead]]:
    """Like :func:`parse_beads`, each bead with its 1-based line number (for later errors)."""
    beads: list[tuple[int, Bead]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if match is None:
            raise FormatError(f"not an alignment line: {line[:80]!r}", path=path, line=number,
                              hint="expected '[zh ids]:[en ids]' or '[zh ids]:[en ids]:score'")
        score = 0.0
        if match.group(3) is not None:
            try:
                score = float(match.group(3))
            except ValueError:
                raise FormatError(f"the score {match.group(3)!r} is not a number", path=path,
                                  line=number) from None
        beads.append((number, Bead(_parse_ids(match.group(1)), _parse_ids(match.group(2)),
                                   score)))
    return beads


def read_beads(path: str | Path) -> list[Bead]:
    """Read an alignment file (ours or Vecalign/Bertalign gold)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FormatError(f"cannot read the alignment file: {exc}", path=path) from exc
    return parse_beads(text, path)


def write_beads(path: str | Path, beads: Iterable[Bead], signature: str | None = None) -> None:
    """Write an alignment file atomically; the signature goes in a leading ``#`` comment."""
    lines = [f"# {signature}"] if signature else []
    lines.extend(format_bead(bead) for bead in beads)
    atomic_write_text(Path(path), "\n".join(lines) + "\n")


def check_coverage(beads: list[Bead], n_zh: int, n_en: int) -> None:
    """Raise ValueError unless the beads cover 0..n-1 of both sides once each, in order."""
    zh = [i for bead in beads for i in bead.zh]
    en = [j for bead in beads for j in bead.en]
    if zh != list(range(n_zh)) or en != list(range(n_en)):
        raise ValueError("the beads do not cover every sentence exactly once, in order")
