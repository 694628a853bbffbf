"""XLIFF 2.0 writer, streamed: one ``<file>`` per document pair, one ``<unit>`` per unit.

Choices (see the README section on export):

* XLIFF 2.0 (``urn:oasis:names:tc:xliff:document:2.0``), the version translate-toolkit and
  most CAT tools read; nothing here needs 2.1;
* Chinese is the source (``srcLang``), English the target (``trgLang``); ``srcLang`` is a
  single tag for the whole document, so an export mixing Simplified and Traditional pairs
  says ``zh`` there (ask ``--zh-script`` to unify them);
* the review state goes on ``<segment state=...>``: a pending bead is ``translated`` (there
  is a translation nobody has reviewed), an accepted bead is ``reviewed`` (a person checked
  it; ``final`` is left to whoever signs off the deliverable); ``subState`` keeps
  bitextual's own status (``bitextual:pending``/``bitextual:accepted``);
* confidence, status, document, bead and origin go in the Metadata module
  (``mda:metadata``), the signature in every ``<file>``'s metadata;
* original texts of corrected sides are ``<note category="original-source|target">``;
* ids are NMTOKENs: ``f<pair id>`` for files, the stable unit id for units.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import ClassVar, TextIO

from corpus.aligned import DocumentPair
from corpus.export.units import ExportPlan, ExportUnit
from corpus.export.xmltext import xml_attr, xml_text

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"

STATE_BY_STATUS = {"pending": "translated", "accepted": "reviewed"}
"""XLIFF 2 segment state of each exported bead status."""

_BATCH = 500


def xliff_header(plan: ExportPlan) -> str:
    """The XML declaration and the root element's start tag."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<!-- {xml_text(plan.signature.describe()).replace("--", "- -")} -->\n'
        f'<xliff xmlns="{XLIFF_NS}" xmlns:mda="{MDA_NS}" version="2.0"'
        f' srcLang="{xml_attr(plan.zh_lang)}" trgLang="{xml_attr(plan.en_lang)}">\n'
    )


def xliff_file_start(pair: DocumentPair, plan: ExportPlan) -> str:
    """A ``<file>`` start tag with the signature and the pair's documents as metadata."""
    sig = plan.signature
    metas = [
        ("signature", sig.describe()), ("tool-version", sig.tool_version),
        ("model", pair.model or "none"), ("glossary-version", sig.glossary_version),
        ("export-options", sig.options), ("date", sig.date_iso),
        ("zh-document", pair.zh_document), ("en-document", pair.en_document),
    ]
    meta_lines = "".join(f'        <mda:meta type="{t}">{xml_text(v)}</mda:meta>\n'
                         for t, v in metas)
    return (
        f'  <file id="f{pair.id}" original="{xml_attr(pair.label)}">\n'
        "    <mda:metadata>\n"
        '      <mda:metaGroup category="bitextual-export">\n'
        f"{meta_lines}"
        "      </mda:metaGroup>\n"
        "    </mda:metadata>\n"
    )


XLIFF_FILE_END = "  </file>\n"
XLIFF_FOOTER = "</xliff>\n"


def xliff_unit(unit: ExportUnit) -> str:
    """One ``<unit>``: metadata, notes for corrected sides, one segment with its state."""
    metas = []
    if unit.score is not None:
        metas.append(("confidence", f"{unit.score:.4f}"))
    metas += [("status", unit.status), ("document", unit.document),
              ("bead", str(unit.bead_id)), ("origin", unit.origin)]
    meta_lines = "".join(f'<mda:meta type="{t}">{xml_text(v)}</mda:meta>' for t, v in metas)
    notes = []
    if unit.zh_original is not None:
        notes.append(f'<note category="original-source">{xml_text(unit.zh_original)}</note>')
    if unit.en_original is not None:
        notes.append(f'<note category="original-target">{xml_text(unit.en_original)}</note>')
    notes_xml = f"      <notes>{''.join(notes)}</notes>\n" if notes else ""
    state = STATE_BY_STATUS[unit.status]
    return (
        f'    <unit id="{unit.unit_id}">\n'
        f'      <mda:metadata><mda:metaGroup category="bitextual">{meta_lines}'
        "</mda:metaGroup></mda:metadata>\n"
        f"{notes_xml}"
        f'      <segment state="{state}" subState="bitextual:{unit.status}">'
        f'<source xml:space="preserve">{xml_text(unit.zh)}</source>'
        f'<target xml:space="preserve">{xml_text(unit.en)}</target></segment>\n'
        "    </unit>\n"
    )


class XliffWriter:
    """XLIFF 2.0: one ``<file>`` per document pair (only pairs with units appear)."""

    name: ClassVar[str] = "xliff"
    description: ClassVar[str] = "XLIFF 2.0 bilingual file"

    def output_paths(self, path: Path) -> tuple[Path, ...]:
        """The file written for ``-o path``."""
        return (path,)

    def write(self, outputs: Sequence[TextIO], units: Iterable[ExportUnit],
              plan: ExportPlan) -> None:
        """Stream ``units`` into ``outputs[0]``, opening a ``<file>`` at each new pair."""
        out = outputs[0]
        pairs = {pair.id: pair for pair in plan.pairs}
        out.write(xliff_header(plan))
        current: int | None = None
        batch: list[str] = []
        for unit in units:
            if unit.pair_id != current:
                if current is not None:
                    batch.append(XLIFF_FILE_END)
                batch.append(xliff_file_start(pairs[unit.pair_id], plan))
                current = unit.pair_id
            batch.append(xliff_unit(unit))
            if len(batch) >= _BATCH:
                out.write("".join(batch))
                batch.clear()
        if current is not None:
            batch.append(XLIFF_FILE_END)
        out.write("".join(batch))
        out.write(XLIFF_FOOTER)
