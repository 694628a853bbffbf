"""Readers for the file formats ``bitextual add`` accepts.

Monolingual readers (``text``, ``html``, ``docx``) return a :class:`SourceText`: lines with
their source line numbers. Bilingual readers (``read_tsv``, ``read_tmx``, ``read_xliff``)
return a list of :class:`BilingualUnit`. All of them raise ``IngestError``/``FormatError``
naming the file and, where there is one, the line or byte offset.
"""

from __future__ import annotations

from corpus.formats.units import BilingualUnit, SourceLine, SourceText

__all__ = ["BilingualUnit", "SourceLine", "SourceText"]
