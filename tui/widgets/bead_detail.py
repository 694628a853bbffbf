"""The detail panel under the bead list: the current bead in full, with its suggestions."""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.reactive import reactive
from textual.widgets import Static

from tui.service import BeadView, SuggestionView
from tui.widgets.bead_list import STATUS_GLYPHS, format_score, score_class
from tui.widgets.wrap import line_starts


def visible(text: str) -> str:
    """``text`` with its spaces shown as ␣ when they matter (a spacing fix), ∅ if empty."""
    if not text:
        return "∅"
    return text.replace(" ", "␣") if text.strip() != text or not text.strip() else text


MISSING_KIND = "term-missing"
"""Findings whose glossary rendering is absent from the English: nothing to replace."""


class BeadDetail(VerticalScroll, can_focus=False):
    """Full Chinese and English of one bead (or one sentence of a document) with its open
    findings: the fixes first, so the selected one is always in view, then the texts.
    Scrolls with the mouse wheel and shift+up/down."""

    COMPONENT_CLASSES = {
        "bead-detail--label", "bead-detail--suggestion", "bead-detail--current",
        "bead-detail--replacement", "bead-detail--dim", "bead-detail--high",
        "bead-detail--mid", "bead-detail--low", "bead-detail--term", "bead-detail--missing",
    }

    DEFAULT_CSS = """
    BeadDetail {
        height: auto;
        max-height: 45%;
        border-top: solid $primary;
        padding: 0 1;
        background: $panel;
        scrollbar-size-vertical: 1;
    }
    BeadDetail > Static { width: 1fr; height: auto; }
    BeadDetail > .bead-detail--label { color: $text-muted; text-style: bold; }
    BeadDetail > .bead-detail--suggestion { background: $warning 35%; text-style: underline; }
    BeadDetail > .bead-detail--current { background: $warning; color: $background;
                                        text-style: bold; }
    BeadDetail > .bead-detail--replacement { color: $success; text-style: bold; }
    BeadDetail > .bead-detail--dim { color: $text-muted; }
    BeadDetail > .bead-detail--high { color: $success; }
    BeadDetail > .bead-detail--mid { color: $warning; }
    BeadDetail > .bead-detail--low { color: $error; text-style: bold; }
    BeadDetail > .bead-detail--term { color: $text-primary; text-style: bold underline; }
    BeadDetail > .bead-detail--missing { color: $warning; text-style: bold; }
    """

    suggestion_index: reactive[int] = reactive(0)
    """Which of the bead's open suggestions y/d/Y act on."""

    def __init__(self, *, id: str | None = None, single: str | None = None) -> None:
        """``single`` ('zh' or 'en'): rows are sentences of one document in that language."""
        super().__init__(id=id)
        self.bead: BeadView | None = None
        self.single = single
        self.text = Text()
        """What the panel shows (plain lines, wrapped to the panel's width)."""
        self.note = ""
        """A line shown first (the sentences marked for a link)."""
        self.row_word = "bead"
        """How a row is named ('row' in a comparable pair, whose rows are not all beads)."""

    def compose(self) -> ComposeResult:
        yield Static(id="detail-text")

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # the shown text holds colours resolved under the previous styles (a theme change)
        if self.is_mounted:
            self._redraw()

    def on_resize(self) -> None:
        self._redraw()

    def show(self, bead: BeadView | None, keep_suggestion: bool = False) -> None:
        """Display ``bead`` (None: an empty pair or filter)."""
        changed = bead is None or self.bead is None or bead.bead_id != self.bead.bead_id
        self.bead = bead
        if not keep_suggestion:
            self.suggestion_index = 0
        count = len(bead.suggestions) if bead else 0
        if count and self.suggestion_index >= count:
            self.suggestion_index = count - 1
        self._redraw()
        if changed:
            self.scroll_home(animate=False)

    def watch_suggestion_index(self) -> None:
        self._redraw()
        if self.bead is not None and self.bead.suggestions:
            # the selected fix is listed on line 2 + its index: keep it in view
            line = 2 + self.suggestion_index + (1 if self.note else 0)
            self.scroll_to_region(Region(0, line, 1, 2), animate=False, immediate=True)

    def _redraw(self) -> None:
        if not self.is_mounted:
            return
        self.text = self._render_bead()
        self.query_one("#detail-text", Static).update(self.text)

    @property
    def current_suggestion(self) -> SuggestionView | None:
        """The selected open suggestion of the bead, or None."""
        if self.bead is None or not self.bead.suggestions:
            return None
        return self.bead.suggestions[self.suggestion_index % len(self.bead.suggestions)]

    def _style(self, name: str) -> Style:
        # a full style (not partial): "auto" colours such as $text-muted need to know the
        # panel's background, or they resolve for a dark one and vanish in the light theme
        return self.get_component_rich_style(f"bead-detail--{name}")

    def _width(self) -> int:
        return max(self.scrollable_content_region.width - 1, 20)

    def _labelled(self, label: str, text: Text) -> list[Text]:
        """``label`` then ``text`` wrapped in cells (numbers kept whole), later lines indented."""
        width = self._width()
        indent = cell_len(label)
        starts = line_starts(text.plain, max(width - indent, 8))
        pieces = list(text.divide(starts[1:])) if len(starts) > 1 else [text]
        out = []
        for number, piece in enumerate(pieces):
            head = Text(label, style=self._style("label")) if number == 0 else Text(" " * indent)
            out.append(Text.assemble(head, piece))
        return out

    def _head(self, bead: BeadView) -> Text:
        label = self._style("label")
        if not bead.linked:
            side = "Chinese" if bead.kind == "zh" else "English"
            return Text.assemble((f"row {bead.number}", label), "  ",
                                 (f"○ {side} sentence in no link", label),
                                 ("  space marks it, l links the marked", self._style("dim")))
        if self.single is not None:
            parts: list[tuple[str, Style] | str] = [(f"sentence {bead.number}", label)]
            if bead.boilerplate is not None:
                parts += ["  ", (f"∅ set aside: {bead.boilerplate} (b restores it)",
                                 self._style("dim"))]
            if bead.edited:
                parts += ["  ", ("edited", self._style("replacement"))]
            return Text.assemble(*parts)
        return Text.assemble(
            (f"{self.row_word} {bead.number}", label), "  ",
            (f"{STATUS_GLYPHS.get(bead.status, '?')} {bead.status}", label), "  ",
            ("confidence ", label),
            (format_score(bead.score).strip(), self._style(score_class(bead.score)[11:])),
            "  ", (f"{bead.ratio}{' n-m' if bead.is_many else ''}", label), "  ",
            (f"from {bead.origin}", self._style("dim")),
            ("  edited" if bead.edited else "", self._style("replacement")))

    def _fix_lines(self, bead: BeadView) -> list[Text]:
        label = self._style("label")
        current = self.current_suggestion
        count = len(bead.suggestions)
        other = " · c next" if count > 1 else ""
        lines = [Text(f"{count} open finding{'s' if count > 1 else ''}: y apply · d reject"
                      f"{other} · Y the whole rule", style=label)]
        width = self._width()
        for sug in bead.suggestions:
            marker = "▶ " if sug is current else "  "
            if sug.kind == MISSING_KIND:
                line = Text.assemble(
                    marker, ("missing term ", self._style("missing")),
                    (sug.rule.split(":", 1)[-1], self._style("missing")),
                    ("  not in the English: e write it in · v add a variant · d dismiss",
                     self._style("dim")))
            else:
                line = Text.assemble(
                    marker, (visible(sug.original), self._style("suggestion")),
                    " → ", (visible(sug.replacement), self._style("replacement")),
                    (f"  {sug.rule} · {sug.kind} {sug.confidence:.2f}", self._style("dim")),
                    (" (not placed: text was edited)" if sug.start < 0 else "",
                     self._style("dim")))
            line.truncate(width, overflow="ellipsis")
            lines.append(line)
        if current is not None and current.evidence:
            lines += self._labelled("why: ", Text(current.evidence, style=self._style("dim")))
        return lines

    def _render_bead(self) -> Text:
        bead = self.bead
        if bead is None:
            what = "sentence" if self.single else "bead"
            return Text(f"No {what} to show (empty, or none matches the filters).",
                        style=self._style("dim"))
        lines = [self._head(bead)]
        if self.note:
            lines.insert(0, Text(self.note, style=self._style("current")))
        if bead.suggestions:
            lines += self._fix_lines(bead)
        current = self.current_suggestion
        english = Text(bead.en_text)
        # the selected one last: two suggestions may cover the same words
        for sug in sorted(bead.suggestions, key=lambda s: s is current):
            if sug.start >= 0 and sug.end > sug.start:
                english.stylize(self._style("current" if sug is current else "suggestion"),
                                sug.start, sug.end)
        chinese = Text(bead.zh_text)
        for start, end in bead.terms:
            chinese.stylize(self._style("term"), start, end)
        if bead.terms:
            found = sorted({bead.zh_text[start:end] for start, end in bead.terms})
            lines.append(Text.assemble(("glossary terms here: ", self._style("label")),
                                       (", ".join(found), self._style("term")),
                                       ("  (g opens the glossary)", self._style("dim"))))
        # a no-break space after 中: the label stays with its text
        if self.single != "en":
            lines += self._labelled("中\u00a0", chinese if bead.zh_text else Text("—"))
        if self.single != "zh":
            lines += self._labelled("EN ", english if bead.en_text else Text("—"))
        return Text("\n").join(lines)
