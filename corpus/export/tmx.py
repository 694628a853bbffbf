"""TMX 1.4b writer, streamed: one ``<tu>`` string per unit, never a whole tree in memory.

Choices (see the README section on export):

* every attribute the 1.4b header requires, ``creationdate`` in the TMX form
  ``YYYYMMDDThhmmssZ``, ``datatype="plaintext"``, ``o-tmf="bitextual"``;
* ``srclang`` is the Chinese tag when the whole export shares one, else ``*all*``
  (TMX's value for "any language may be the source");
* Chinese ``xml:lang`` is ``zh-Hans``/``zh-Hant`` (BCP 47 script subtags; ``zh`` when the
  document's script is unknown);
* ``tuid`` is the stable unit id (a hash of the segment ids), so re-exports agree;
* ``<prop type="x-...">`` carry confidence, review status, document, bead and origin; the
  header's ``<prop>``s carry the signature;
* where a side was corrected, its original text is a ``<note>`` inside that side's ``<tuv>``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import ClassVar, TextIO

from corpus.export.units import ExportPlan, ExportUnit
from corpus.export.xmltext import xml_attr, xml_text

# Flush to the file every this many units: few large writes are faster than many small ones.
_BATCH = 500


def tmx_header(plan: ExportPlan) -> str:
    """The XML declaration, root element and ``<header>`` of an export."""
    sig = plan.signature
    langs = plan.zh_langs
    srclang = langs[0] if len(langs) == 1 else "*all*"
    props = [
        ("x-bitextual-signature", sig.describe()),
        ("x-tool-version", sig.tool_version),
        ("x-model", sig.model),
        ("x-glossary-version", sig.glossary_version),
        ("x-export-options", sig.options),
    ]
    prop_lines = "".join(f'    <prop type="{t}">{xml_text(v)}</prop>\n' for t, v in props)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<tmx version="1.4">\n'
        f'  <header creationtool="bitextual" creationtoolversion="{xml_attr(sig.tool_version)}"'
        f' segtype="sentence" o-tmf="bitextual" adminlang="en" srclang="{xml_attr(srclang)}"'
        f' datatype="plaintext" o-encoding="UTF-8" creationdate="{sig.date_tmx}">\n'
        f"{prop_lines}"
        "  </header>\n"
        "  <body>\n"
    )


TMX_FOOTER = "  </body>\n</tmx>\n"


def _tuv(lang: str, text: str, original: str | None) -> str:
    note = f"<note>{xml_text(original)}</note>" if original is not None else ""
    return f'      <tuv xml:lang="{lang}">{note}<seg>{xml_text(text)}</seg></tuv>\n'


def tmx_unit(unit: ExportUnit) -> str:
    """One ``<tu>`` element, with its properties, notes and both variants."""
    score = ("" if unit.score is None
             else f'      <prop type="x-confidence">{unit.score:.4f}</prop>\n')
    return (
        f'    <tu tuid="{unit.unit_id}">\n'
        f"{score}"
        f'      <prop type="x-status">{unit.status}</prop>\n'
        f'      <prop type="x-document">{xml_text(unit.document)}</prop>\n'
        f'      <prop type="x-bead">{unit.bead_id}</prop>\n'
        f'      <prop type="x-origin">{xml_text(unit.origin)}</prop>\n'
        + _tuv(unit.zh_lang, unit.zh, unit.zh_original)
        + _tuv(unit.en_lang, unit.en, unit.en_original)
        + "    </tu>\n"
    )


class TmxWriter:
    """TMX 1.4b: one file, one ``<tu>`` per unit (Chinese variant first)."""

    name: ClassVar[str] = "tmx"
    description: ClassVar[str] = "TMX 1.4b translation memory"

    def output_paths(self, path: Path) -> tuple[Path, ...]:
        """The file written for ``-o path``."""
        return (path,)

    def write(self, outputs: Sequence[TextIO], units: Iterable[ExportUnit],
              plan: ExportPlan) -> None:
        """Stream ``units`` into ``outputs[0]``."""
        out = outputs[0]
        out.write(tmx_header(plan))
        batch: list[str] = []
        for unit in units:
            batch.append(tmx_unit(unit))
            if len(batch) >= _BATCH:
                out.write("".join(batch))
                batch.clear()
        out.write("".join(batch))
        out.write(TMX_FOOTER)
