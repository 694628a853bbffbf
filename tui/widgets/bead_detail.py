"""The detail panel under the bead list: the current bead in full, with its suggestions."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from tui.service import BeadView, SuggestionView
from tui.widgets.bead_list import STATUS_GLYPHS, format_score, score_class


def visible(text: str) -> str:
    """``text`` with its spaces shown as ␣ when they matter (a spacing fix), ∅ if empty."""
    if not text:
        return "∅"
    return text.replace(" ", "␣") if text.strip() != text or not text.strip() else text


class BeadDetail(Static):
    """Full Chinese and English of one bead; open suggestions listed, the current one marked."""

    COMPONENT_CLASSES = {
        "bead-detail--label", "bead-detail--suggestion", "bead-detail--current",
        "bead-detail--replacement", "bead-detail--dim", "bead-detail--high",
        "bead-detail--mid", "bead-detail--low",
    }

    DEFAULT_CSS = """
    BeadDetail {
        height: auto;
        max-height: 45%;
        border-top: solid $primary;
        padding: 0 1;
        background: $panel;
        overflow-y: auto;
    }
    BeadDetail > .bead-detail--label { color: $text-muted; text-style: bold; }
    BeadDetail > .bead-detail--suggestion { background: $warning 35%; text-style: underline; }
    BeadDetail > .bead-detail--current { background: $warning; color: $background;
                                        text-style: bold; }
    BeadDetail > .bead-detail--replacement { color: $success; text-style: bold; }
    BeadDetail > .bead-detail--dim { color: $text-muted; }
    BeadDetail > .bead-detail--high { color: $success; }
    BeadDetail > .bead-detail--mid { color: $warning; }
    BeadDetail > .bead-detail--low { color: $error; text-style: bold; }
    """

    suggestion_index: reactive[int] = reactive(0)
    """Which of the bead's open suggestions y/d/Y act on."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.bead: BeadView | None = None

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # the shown text holds colours resolved under the previous styles (a theme change)
        if self.is_mounted:
            self.update(self._render_bead())

    def show(self, bead: BeadView | None, keep_suggestion: bool = False) -> None:
        """Display ``bead`` (None: an empty pair or filter)."""
        self.bead = bead
        if not keep_suggestion:
            self.suggestion_index = 0
        count = len(bead.suggestions) if bead else 0
        if count and self.suggestion_index >= count:
            self.suggestion_index = count - 1
        self.update(self._render_bead())

    def watch_suggestion_index(self) -> None:
        self.update(self._render_bead())

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

    def _render_bead(self) -> Text:
        bead = self.bead
        if bead is None:
            return Text("No bead to show (empty pair, or no bead matches the filters).",
                        style=self._style("dim"))
        label = self._style("label")
        head = Text.assemble(
            (f"bead {bead.number}", label), "  ",
            (f"{STATUS_GLYPHS.get(bead.status, '?')} {bead.status}", label), "  ",
            ("confidence ", label),
            (format_score(bead.score).strip(), self._style(score_class(bead.score)[11:])),
            "  ", (f"{bead.ratio}{' n-m' if bead.is_many else ''}", label), "  ",
            (f"from {bead.origin}", self._style("dim")),
            ("  edited" if bead.edited else "", self._style("replacement")))
        english = Text(bead.en_text)
        current = self.current_suggestion
        # the selected one last: two suggestions may cover the same words
        for sug in sorted(bead.suggestions, key=lambda s: s is current):
            if sug.start >= 0:
                english.stylize(self._style("current" if sug is current else "suggestion"),
                                sug.start, sug.end)
        # a no-break space after 中: Rich wraps at spaces, and a long Chinese run (no spaces)
        # would otherwise leave the label alone on its line
        lines = [head, Text.assemble(("中\u00a0", label), bead.zh_text or "—"),
                 Text.assemble(("EN ", label), english if bead.en_text else "—")]
        if bead.suggestions:
            count = len(bead.suggestions)
            other = "c next, " if count > 1 else ""
            lines.append(Text(f"{count} open suggestion{'s' if count > 1 else ''} — y apply, "
                              f"d reject, {other}Y apply the rule everywhere, f next bead",
                              style=label))
            # one line per suggestion, then why the selected one is suggested: a long
            # explanation per suggestion pushed the others out of the panel
            width = self.content_size.width
            for sug in bead.suggestions:
                line = Text.assemble(
                    "▶ " if sug is current else "  ",
                    (visible(sug.original), self._style("suggestion")),
                    " → ", (visible(sug.replacement), self._style("replacement")),
                    (f"  {sug.rule} · {sug.kind} {sug.confidence:.2f}", self._style("dim")),
                    (" (not placed: text was edited)" if sug.start < 0 else "",
                     self._style("dim")))
                if width > 10:
                    line.truncate(width, overflow="ellipsis")
                lines.append(line)
            if current is not None and current.evidence:
                lines.append(Text.assemble(("why: ", label),
                                           (current.evidence, self._style("dim"))))
        return Text("\n").join(lines)
