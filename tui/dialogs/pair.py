"""Pair a document by hand: its candidate partners, ranked by their pairing score."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Label, OptionList, Select
from textual.widgets.option_list import Option

from tui.dialogs.form import FormDialog
from tui.service import PartnerView
from tui.widgets.wrap import ellipsize

MODES = [("parallel: a translation, aligned sentence by sentence", "parallel"),
         ("comparable: same subject, links mined where sentences match", "comparable")]


class PairDialog(FormDialog[tuple[str, str]]):
    """Choose a partner of ``document`` and the mode; dismisses (partner name, mode) or None."""

    BINDINGS = [
        Binding("ctrl+s", "pair", "Pair", tooltip="Pair with the highlighted candidate",
                id="pairdialog.pair"),
        Binding("escape", "cancel", "Cancel", tooltip="Close without pairing",
                id="pairdialog.cancel"),
    ]

    DEFAULT_CSS = """
    PairDialog > .form-dialog--box { max-width: 110; max-height: 90%; }
    PairDialog Label { width: 100%; }
    PairDialog OptionList { height: auto; max-height: 12; margin: 1 0; }
    PairDialog .form-dialog--line > Label { width: 8; }
    """

    def __init__(self, document: str, candidates: list[PartnerView]) -> None:
        super().__init__()
        self.document = document
        self.candidates = candidates

    def compose(self) -> ComposeResult:
        with self.box():
            yield Label(f"Pair {self.document} with…")
            yield self.help_line("Candidates, best first: the score is the share of sentences "
                                 "that vote for the pair. enter or ctrl+s pairs (aligned or "
                                 "mined in the background, undoable with u), esc cancels.")
            # one line per candidate, measured in cells: name, score, mode, current partner
            width = min(110, int(self.app.size.width * 0.9)) - 12
            names = max(12, min(30, width - 40))
            rest = max(width - names - 18, 6)
            yield OptionList(*[Option(
                f"{ellipsize(c.name, names):<{names}} {c.score:5.2f}  {c.mode:<10}"
                + (f" {ellipsize('now with ' + c.paired_with, rest)}" if c.paired_with
                   else ""), id=str(i)) for i, c in enumerate(self.candidates)], id="partners")
            first = self.candidates[0].mode if self.candidates else "comparable"
            yield self.field_line("mode", Select(
                MODES, value=first if first in ("parallel", "comparable") else "comparable",
                allow_blank=False, compact=True, id="mode"))

    def on_mount(self) -> None:
        partners = self.query_one("#partners", OptionList)
        if self.candidates:
            partners.highlighted = 0
        partners.focus()

    @on(OptionList.OptionHighlighted, "#partners")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        index = event.option_index
        if 0 <= index < len(self.candidates):
            mode = self.candidates[index].mode
            if mode in ("parallel", "comparable"):
                self.query_one("#mode", Select).value = mode

    @on(OptionList.OptionSelected, "#partners")
    def _selected(self) -> None:
        self.action_pair()

    def action_pair(self) -> None:
        """Return (partner, mode)."""
        index = self.query_one("#partners", OptionList).highlighted
        if index is None or not self.candidates:
            self.notify("no candidate to pair with", severity="warning")
            return
        self.dismiss((self.candidates[index].name, str(self.query_one("#mode", Select).value)))
