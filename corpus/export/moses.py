"""Moses writer: ``PREFIX.zh`` and ``PREFIX.en``, line i of one the translation of line i of
the other, plus ``PREFIX.meta.json`` with the signature (a plain-text corpus has no room
for a header line).

Every character that any common reader treats as a line break (LF, CR, VT, FF, the
file/group/record separators, NEL, U+2028, U+2029) and tab becomes a space, so the two
files always have the same number of lines, whether they are read with ``wc -l``, Python's
``for line in file`` or ``str.splitlines()``; the other control characters (which no
training pipeline wants) and lone surrogates are removed. The three files are written in
full before any of them replaces an old one, and a failed rename puts the old ones back
(:mod:`corpus.export.files` says exactly what is guaranteed, and what a crash can leave).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import ClassVar, TextIO

from corpus.export.units import ExportPlan, ExportUnit
from corpus.export.xmltext import strip_xml_forbidden

_LINE_BREAKING = re.compile("[\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


# Any character moses_line must touch: everything but the XML Char ranges without the C0
# controls, NEL and U+2028/9. One search; most lines need nothing.
_NEEDS_WORK = re.compile(
    "[^\x20-\x84\x86-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def moses_line(text: str) -> str:
    """The text as one line: line breaks and tabs become spaces, other controls go."""
    if _NEEDS_WORK.search(text) is None:
        return text + "\n"
    return strip_xml_forbidden(_LINE_BREAKING.sub(" ", text)) + "\n"


class MosesWriter:
    """Two line-parallel plain-text files and a JSON sidecar with the signature."""

    name: ClassVar[str] = "moses"
    description: ClassVar[str] = "PREFIX.zh + PREFIX.en, line-parallel (and PREFIX.meta.json)"

    def output_paths(self, path: Path) -> tuple[Path, ...]:
        """``PREFIX.zh``, ``PREFIX.en`` and ``PREFIX.meta.json`` for ``-o PREFIX``."""
        return (path.with_name(path.name + ".zh"), path.with_name(path.name + ".en"),
                path.with_name(path.name + ".meta.json"))

    def write(self, outputs: Sequence[TextIO], units: Iterable[ExportUnit],
              plan: ExportPlan) -> None:
        """Stream ``units`` into the two text files, then write the sidecar."""
        zh_out, en_out, meta_out = outputs
        zh_batch: list[str] = []
        en_batch: list[str] = []
        count = 0
        for unit in units:
            zh_batch.append(moses_line(unit.zh))
            en_batch.append(moses_line(unit.en))
            count += 1
            if len(zh_batch) >= 1000:
                zh_out.write("".join(zh_batch))
                en_out.write("".join(en_batch))
                zh_batch.clear()
                en_batch.clear()
        zh_out.write("".join(zh_batch))
        en_out.write("".join(en_batch))
        meta = {"bitextual_export": {**plan.signature.as_dict(), "lines": count,
                                     "zh_langs": list(plan.zh_langs), "en_lang": plan.en_lang,
                                     "documents": [pair.label for pair in plan.pairs]}}
        meta_out.write(json.dumps(meta, ensure_ascii=False, indent=2) + "\n")
