"""The values readers return: source lines of a monolingual text, units of a bilingual file."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SourceLine:
    """One line of a monolingual document as read from the file."""

    text: str
    """The line's text with markup removed (Markdown emphasis, links); what gets stored."""
    line: int
    """1-based line in the file (docx: paragraph number; html: line of the extracted text)."""
    raw: str | None = None
    """The line before markup was removed, when it differs (boilerplate rules look at it)."""

    @property
    def source(self) -> str:
        """The line as it was in the file."""
        return self.raw if self.raw is not None else self.text


@dataclass(frozen=True)
class SourceText:
    """A monolingual document as read: its lines, and how it was decoded."""

    lines: list[SourceLine]
    format: str
    """txt, md, html or docx."""
    encoding: str | None
    """The text encoding the bytes were decoded with (None for docx)."""


@dataclass(frozen=True)
class BilingualUnit:
    """One translation unit of a TSV, TMX or XLIFF file."""

    zh: str
    en: str
    zh_lang: str | None = None
    """The Chinese side's language tag as written in the file (zh-CN, zh-Hant, …)."""
    en_lang: str | None = None
    unit_id: str | None = None
    """The unit's id in the file (TMX tuid, XLIFF id), if any."""
    line: int | None = None
    """1-based line of the unit in the file."""
    props: dict[str, str] = field(default_factory=dict)
    """TMX ``<prop>`` values and other per-unit attributes worth keeping."""
    notes: list[str] = field(default_factory=list)
    """TMX/XLIFF ``<note>`` texts."""
