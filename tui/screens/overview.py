"""The overview: document pairs, most in need of review first, and unpaired documents."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Label

from corpus.store import ChangeStamp
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.pair import PairDialog
from tui.messages import CandidatesFound, StoreChanged, WorkProgress
from tui.screens.changes import attempt_change
from tui.service import (
    DocumentSummary,
    PairSummary,
    ReviewService,
    pair_job,
    partner_candidates,
)
from tui.widgets.bead_list import format_score, score_class
from tui.widgets.key_bar import KeyBar
from tui.widgets.work_status import WorkStatus
from tui.widgets.wrap import ellipsize

_SCORE_COLOURS = {"bead-list--high": "green", "bead-list--mid": "yellow",
                  "bead-list--low": "bold red", "bead-list--dim": "dim"}


def _score(score: float | None) -> Text:
    return Text(format_score(score).strip(), style=_SCORE_COLOURS[score_class(score)],
                justify="right")


PAIR_COLUMNS = ("#", "done", "beads", "fixes", "mean", "min", "kind", "documents")
"""The numbers first, then both names on two lines: on 80 columns nothing is cut but names."""
FIXED_CELLS = 1 + 4 + 5 + 5 + 4 + 4 + 10
"""Cells of every pair column but the names (at their widest content)."""


class OverviewScreen(Screen[None]):
    """Pairs with their review progress and every document; enter opens one."""

    BINDINGS = [
        Binding("enter", "open", "Open", tooltip="Review the highlighted pair or document",
                id="overview.open"),
        Binding("tab", "switch_table", "Pairs/documents", show=False,
                tooltip="Switch between the pairs and the documents", id="overview.switch"),
        Binding("g", "glossary", "Glossary", tooltip="Open the glossary", id="overview.glossary"),
        Binding("P", "pair_document", "Pair…", tooltip="Pair the highlighted document by hand: "
                "its candidates ranked by score, aligned or mined in the background",
                id="overview.pair"),
        Binding("U", "unpair", "Unpair", show=False, tooltip="Dissolve the highlighted pair "
                "(asks first; u undoes)", id="overview.unpair"),
        Binding("u,ctrl+z", "undo", "Undo", show=False, tooltip="Undo the latest decision",
                id="overview.undo"),
        Binding("ctrl+r,ctrl+y", "redo", "Redo", show=False,
                tooltip="Redo the latest undone decision", id="overview.redo"),
        Binding("r", "refresh", "Refresh", tooltip="Re-read the project",
                id="overview.refresh"),
    ]

    DEFAULT_CSS = """
    OverviewScreen #pairs { height: 1fr; }
    OverviewScreen #documents { height: auto; max-height: 40%; }
    OverviewScreen .overview--title { background: $boost; width: 100%; padding: 0 1;
                                      text-style: bold; }
    """

    def __init__(self, service: ReviewService) -> None:
        super().__init__()
        self.service = service
        self.pairs: list[PairSummary] = []
        self.documents: list[DocumentSummary] = []
        self.store_stamp = ChangeStamp()
        """The store's change stamp when the lists were read (see PairScreen)."""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Label("Document pairs — most in need of review first", classes="overview--title")
        yield DataTable(id="pairs", cursor_type="row", zebra_stripes=True)
        yield Label("Documents", classes="overview--title", id="documents-title")
        yield DataTable(id="documents", cursor_type="row", zebra_stripes=True)
        yield WorkStatus(id="work")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "overview"
        self.query_one("#pairs", DataTable).add_columns(*PAIR_COLUMNS)
        self.query_one("#documents", DataTable).add_columns(
            "document", "lang", "sentences", "fixes", "set aside", "paired with")
        self.action_refresh()
        self.query_one("#pairs", DataTable).focus()

    def on_screen_resume(self) -> None:
        self.action_refresh()

    def on_resize(self) -> None:
        self.action_refresh()

    def _name_cells(self) -> int:
        # DataTable pads each cell by one on both sides; the scrollbar takes 2 cells
        width = self.size.width or 80
        return max(12, width - FIXED_CELLS - 2 * len(PAIR_COLUMNS) - 2)

    def action_refresh(self) -> None:
        """Re-read pairs and documents."""
        pairs_table = self.query_one("#pairs", DataTable)
        keep = pairs_table.cursor_row
        self.store_stamp = self.service.stamp()  # before the rows: a change after is seen
        self.pairs, self.documents = self.service.overview()
        pairs_table.clear()
        names = self._name_cells()
        for pair in self.pairs:
            documents = Text.assemble(
                ("中 ", "bold"), ellipsize(f"{pair.zh_name} ({pair.zh_script})", names - 3),
                "\n", ("EN ", "bold"), ellipsize(pair.en_name, names - 3))
            pairs_table.add_row(
                str(pair.pair_id), Text(f"{pair.reviewed_percent:.0f}%", justify="right"),
                Text(str(pair.beads), justify="right"),
                Text(str(pair.open_suggestions), justify="right"),
                _score(pair.mean_score), _score(pair.min_score), pair.mode, documents,
                key=str(pair.pair_id), height=2)
        if self.pairs:
            pairs_table.move_cursor(row=min(keep, len(self.pairs) - 1))
        table = self.query_one("#documents", DataTable)
        keep = table.cursor_row
        table.clear()
        width = self.size.width or 80
        # lang 10, sentences 9, fixes 5, set aside 9, padding 2 a column, scrollbar 2
        doc_cells = max(12, (width - (10 + 9 + 5 + 9) - 2 * 6 - 2) // 2)
        for doc in self.documents:
            table.add_row(
                ellipsize(doc.name, doc_cells), f"{doc.lang} {doc.script}"
                if doc.script not in ("?", doc.lang) else doc.lang,
                Text(str(doc.segments), justify="right"),
                Text(str(doc.open_findings), justify="right",
                     style="bold yellow" if doc.open_findings else ""),
                Text(str(doc.set_aside), justify="right"),
                Text(ellipsize(doc.paired_with, doc_cells) if doc.paired_with else "— unpaired",
                     style="" if doc.paired_with else "italic"))
        if self.documents:
            table.move_cursor(row=min(keep, len(self.documents) - 1))
        unpaired = sum(1 for d in self.documents if not d.paired_with)
        self.query_one("#documents-title", Label).update(
            f"Documents ({len(self.documents)}, {unpaired} unpaired) — enter opens one on "
            "its own, tab switches")

    @on(DataTable.RowSelected, "#pairs")
    def _selected(self) -> None:
        self.action_open_pair()

    @on(DataTable.RowSelected, "#documents")
    def _document_selected(self) -> None:
        self.action_open_document()

    def action_open(self) -> None:
        """Open the highlighted pair or document, whichever table has the focus."""
        if self.focused is self.query_one("#documents", DataTable):
            self.action_open_document()
        else:
            self.action_open_pair()

    def action_switch_table(self) -> None:
        """Focus the other table."""
        pairs = self.query_one("#pairs", DataTable)
        target = "#documents" if self.focused is pairs else "#pairs"
        self.query_one(target, DataTable).focus()

    def action_open_pair(self, pair_id: int | None = None, bead_id: int | None = None,
                         row: int = 0) -> None:
        """Open the highlighted pair (or ``pair_id``)."""
        from tui.screens.pair import PairScreen

        if pair_id is None:
            table = self.query_one("#pairs", DataTable)
            if not self.pairs:
                self.notify("no document pairs yet: run 'bitextual align' first, or open a "
                            "document (tab, enter)", severity="warning")
                return
            pair_id = self.pairs[table.cursor_row].pair_id
        self.service.save_cursor("pair", pair_id, bead_id, row)
        if self.service.pair_mode(pair_id) == "comparable":
            from tui.screens.comparable import ComparableScreen

            self.app.push_screen(ComparableScreen(self.service, pair_id, bead_id, row))
            return
        self.app.push_screen(PairScreen(self.service, pair_id, bead_id, row))

    def action_open_document(self, name: str | None = None, row: int = 0) -> None:
        """Open the highlighted document (or ``name``) on its own."""
        from tui.screens.document import DocumentScreen

        if name is None:
            if not self.documents:
                self.notify("no documents yet: run 'bitextual add' first", severity="warning")
                return
            table = self.query_one("#documents", DataTable)
            name = self.documents[table.cursor_row].name
        self.service.save_cursor("document", document=name, row=row)
        self.app.push_screen(DocumentScreen(self.service, name, row))

    # -- pairing by hand ------------------------------------------------------------------
    def action_pair_document(self) -> None:
        """Rank the highlighted document's candidate partners (a worker), then ask."""
        if not self.documents:
            self.notify("no documents yet: run 'bitextual add' first", severity="warning")
            return
        table = self.query_one("#documents", DataTable)
        if self.focused is not table:
            self.notify("P pairs a document: tab to the documents, highlight one, then P",
                        severity="warning")
            return
        doc = self.documents[table.cursor_row]
        if doc.lang not in ("zh", "en"):
            self.notify(f"{doc.name} is neither Chinese nor English", severity="warning")
            return
        status = self.query_one(WorkStatus)
        status.add_class("-busy")
        status.query_one("#work-label", Label).update(f"ranking partners of {doc.name}…")
        self._rank(doc.name, doc.lang)

    @work(thread=True, exclusive=True, exit_on_error=False, group="candidates")
    def _rank(self, name: str, lang: str) -> None:
        # a worker thread: its own connection; it only posts messages
        status = self.query_one(WorkStatus)

        def report(done: int, total: int | None) -> None:
            status.post_message(WorkProgress("rank", done, total))

        try:
            found = partner_candidates(self.service.root, name, report)
        except Exception as exc:  # noqa: BLE001 - shown to the reviewer, the app keeps running
            self.post_message(CandidatesFound(name, lang, [], error=str(exc)))
            return
        self.post_message(CandidatesFound(name, lang, found))

    @on(CandidatesFound)
    def _candidates(self, message: CandidatesFound) -> None:
        self.query_one(WorkStatus).remove_class("-busy")
        if message.error:
            self.notify(f"cannot rank partners: {message.error}", severity="error")
            return
        if not message.candidates:
            other = "English" if message.lang == "zh" else "Chinese"
            self.notify(f"no {other} document to pair {message.document} with",
                        severity="warning")
            return

        def chosen(choice: tuple[str, str] | None) -> None:
            if choice is None:
                return
            partner, mode = choice
            zh, en = ((message.document, partner) if message.lang == "zh"
                      else (partner, message.document))
            self.query_one(WorkStatus).start(
                "pair", f"{'aligning' if mode == 'parallel' else 'mining'} {zh} ↔ {en}…",
                partial(_pair, zh=zh, en=en, mode=mode), self.service.root)

        self.app.push_screen(PairDialog(message.document, message.candidates), chosen)

    @on(StoreChanged)
    def _store_changed(self) -> None:
        self.action_refresh()

    def action_unpair(self) -> None:
        """Dissolve the highlighted pair, after asking."""
        if not self.pairs:
            self.notify("no pair to dissolve", severity="warning")
            return
        pair = self.pairs[self.query_one("#pairs", DataTable).cursor_row]

        def done(yes: bool | None) -> None:
            if yes:
                self._apply(lambda: self.service.unpair(pair.pair_id))

        self.app.push_screen(ConfirmDialog(
            f"Unpair {pair.zh_name} ↔ {pair.en_name}? Its {pair.beads} beads go with it "
            "(u undoes).", yes="Unpair"), done)

    def _apply(self, operation: Callable[[], str]) -> None:
        message, _ = attempt_change(self, self.service, self.store_stamp, operation,
                                    self.action_refresh)
        if message is None:
            return
        self.action_refresh()
        self.notify(message)

    def action_undo(self) -> None:
        """Undo the latest decision."""
        self._apply(lambda: self.service.undo()[0])

    def action_redo(self) -> None:
        """Redo the latest undone decision."""
        self._apply(lambda: self.service.redo()[0])

    def action_glossary(self) -> None:
        """Open the glossary."""
        from tui.screens.glossary import GlossaryScreen

        self.service.save_cursor("glossary")
        self.app.push_screen(GlossaryScreen(self.service))


def _pair(root: Path, progress: Callable[[int, int | None], None], *, zh: str, en: str,
          mode: str) -> str:
    return pair_job(root, zh, en, mode, progress)
