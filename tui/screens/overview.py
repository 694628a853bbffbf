"""The overview: document pairs, most in need of review first, and unpaired documents."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Label

from tui.service import PairSummary, ReviewService
from tui.widgets.bead_list import format_score, score_class
from tui.widgets.key_bar import KeyBar

_SCORE_COLOURS = {"bead-list--high": "green", "bead-list--mid": "yellow",
                  "bead-list--low": "bold red", "bead-list--dim": "dim"}


def _score(score: float | None) -> Text:
    return Text(format_score(score).strip(), style=_SCORE_COLOURS[score_class(score)],
                justify="right")


class OverviewScreen(Screen[None]):
    """Pairs with their review progress; enter opens one."""

    BINDINGS = [
        Binding("enter", "open_pair", "Open", tooltip="Review the highlighted pair",
                id="overview.open"),
        Binding("g", "glossary", "Glossary", tooltip="Open the glossary", id="overview.glossary"),
        Binding("r", "refresh", "Refresh", tooltip="Re-read the project",
                id="overview.refresh"),
    ]

    DEFAULT_CSS = """
    OverviewScreen #pairs { height: 1fr; }
    OverviewScreen #unpaired { height: auto; max-height: 35%; }
    OverviewScreen .overview--title { background: $boost; width: 100%; padding: 0 1;
                                      text-style: bold; }
    """

    def __init__(self, service: ReviewService) -> None:
        super().__init__()
        self.service = service
        self.pairs: list[PairSummary] = []

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Label("Document pairs — most in need of review first", classes="overview--title")
        yield DataTable(id="pairs", cursor_type="row", zebra_stripes=True)
        yield Label("Unpaired documents", classes="overview--title", id="unpaired-title")
        yield DataTable(id="unpaired", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "overview"
        pairs = self.query_one("#pairs", DataTable)
        # the numbers first: a narrow terminal cuts the last columns, and long document
        # names are what can best lose their end
        pairs.add_columns("#", "reviewed", "beads", "open fixes", "mean", "min", "kind",
                          "scripts", "Chinese", "English")
        unpaired = self.query_one("#unpaired", DataTable)
        unpaired.add_columns("document", "lang", "script", "sentences")
        self.action_refresh()
        pairs.focus()

    def on_screen_resume(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        """Re-read pairs and documents."""
        pairs_table = self.query_one("#pairs", DataTable)
        keep = pairs_table.cursor_row
        self.pairs, unpaired = self.service.overview()
        pairs_table.clear()
        for pair in self.pairs:
            pairs_table.add_row(
                str(pair.pair_id), Text(f"{pair.reviewed_percent:.0f}%", justify="right"),
                Text(str(pair.beads), justify="right"),
                Text(str(pair.open_suggestions), justify="right"),
                _score(pair.mean_score), _score(pair.min_score), pair.mode,
                f"{pair.zh_script}/{pair.en_script}", pair.zh_name, pair.en_name,
                key=str(pair.pair_id))
        if self.pairs:
            pairs_table.move_cursor(row=min(keep, len(self.pairs) - 1))
        table = self.query_one("#unpaired", DataTable)
        table.clear()
        for doc in unpaired:
            table.add_row(doc.name, doc.lang, doc.script, Text(str(doc.segments),
                                                                 justify="right"))
        self.query_one("#unpaired-title", Label).update(
            f"Unpaired documents ({len(unpaired)})")

    @on(DataTable.RowSelected, "#pairs")
    def _selected(self) -> None:
        self.action_open_pair()

    def action_open_pair(self, pair_id: int | None = None, bead_id: int | None = None,
                         row: int = 0) -> None:
        """Open the highlighted pair (or ``pair_id``)."""
        from tui.screens.pair import PairScreen

        if pair_id is None:
            table = self.query_one("#pairs", DataTable)
            if not self.pairs:
                self.notify("no document pairs yet: run 'bitextual align' first",
                            severity="warning")
                return
            pair_id = self.pairs[table.cursor_row].pair_id
        self.service.save_cursor("pair", pair_id, bead_id, row)
        self.app.push_screen(PairScreen(self.service, pair_id, bead_id, row))

    def action_glossary(self) -> None:
        """Open the glossary."""
        from tui.screens.glossary import GlossaryScreen

        self.service.save_cursor("glossary")
        self.app.push_screen(GlossaryScreen(self.service))
