"""The glossary screen: search, add, edit, delete entries and see where a term occurs."""

from __future__ import annotations

import re
from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Header, Input, Static

from corpus.store import ChangeStamp
from glossary.termbase import PROPOSAL_PREFIX, Concept
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.term import TermDialog
from tui.messages import StoreChanged
from tui.screens.changes import attempt_change
from tui.service import BeadView, ReviewService, TermEntry
from tui.widgets.key_bar import KeyBar
from tui.widgets.work_status import WorkStatus
from tui.widgets.wrap import ellipsize


def proposal_facts(concept: Concept) -> tuple[str, str, str]:
    """(kind, score, evidence) of a bootstrap proposal, read from its source and note."""
    kind = (concept.source or "")[len(PROPOSAL_PREFIX):].removeprefix("bootstrap-") or "?"
    note = concept.note or ""
    found = re.search(r"\(score ([0-9.]+)\)\s*$", note)
    score = found.group(1) if found else "—"
    evidence = note[:found.start()].strip() if found else note
    return kind, score, evidence


OCCURRENCE_DELAY = 0.12
"""Seconds the cursor must rest on an entry before its occurrences are looked up."""


class GlossaryScreen(Screen[None]):
    """A searchable table of glossary entries (or bootstrap proposals)."""

    BINDINGS = [
        Binding("a", "add", "Add", tooltip="Add a glossary entry", id="glossary.add"),
        Binding("e", "edit", "Edit", tooltip="Edit the highlighted entry", id="glossary.edit"),
        Binding("escape", "back", "Back", tooltip="Leave the glossary", id="glossary.back"),
        Binding("delete,x", "delete", "Delete", tooltip="Delete the highlighted entry (on "
                "proposals: reject the proposal)",
                id="glossary.delete"),
        Binding("A", "accept", "Accept", tooltip="Accept the highlighted proposal",
                id="glossary.accept"),
        Binding("p", "toggle_proposals", "Proposals", tooltip="Show proposals / entries",
                id="glossary.proposals"),
        Binding("slash", "search", "Search", tooltip="Focus the search field",
                id="glossary.search"),
        Binding("u,ctrl+z", "undo", "Undo", tooltip="Undo the latest decision",
                id="glossary.undo"),
        Binding("ctrl+r,ctrl+y", "redo", "Redo", show=False,
                tooltip="Redo the latest undone decision", id="glossary.redo"),
        Binding("R", "recheck", "Re-check", show=False,
                tooltip="Re-check the project (garble rules, glossary terms)",
                id="glossary.recheck"),
    ]

    DEFAULT_CSS = """
    GlossaryScreen #search { margin: 0 1; }
    GlossaryScreen #terms { height: 1fr; }
    GlossaryScreen #occurrences { height: auto; max-height: 40%; border-top: solid $primary;
                                  padding: 0 1; background: $panel; }
    """

    def __init__(self, service: ReviewService, bead: BeadView | None = None) -> None:
        """``bead``: the bead the reviewer came from; ``a`` offers its texts to pick from."""
        super().__init__()
        self.service = service
        self.bead = bead
        self.proposals = False
        self.concept_ids: list[int] = []
        self.concepts: dict[int, Concept] = {}
        self._occurrence_timer: Timer | None = None
        self.store_stamp = ChangeStamp()
        """The store's change stamp when the entries were read (see PairScreen)."""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Input(placeholder="search Chinese or English terms (/)", id="search")
        yield DataTable(id="terms", cursor_type="row", zebra_stripes=True)
        yield Static(id="occurrences")
        yield WorkStatus(id="work")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "glossary"
        self.query_one("#search", Input).cursor_blink = getattr(self.app, "cursor_blink", True)
        self.refresh_table()
        self.query_one("#terms", DataTable).focus()

    def on_resize(self) -> None:
        if self.is_mounted:
            self.refresh_table()

    def _widths(self) -> tuple[int, int, int]:
        """Cells of the Chinese, English and last (renderings or evidence) columns."""
        width = max((self.size.width or 100) - 2 - 2 * 6, 40)
        fixed = 4 + 10 + 8  # id, kind or domain, score or source
        room = max(width - fixed, 30)
        return max(room * 2 // 9, 6), max(room * 3 // 9, 10), max(room * 4 // 9, 10)

    def refresh_table(self) -> None:
        """Re-read the entries matching the search."""
        table = self.query_one("#terms", DataTable)
        keep = table.cursor_row
        search = self.query_one("#search", Input).value
        self.store_stamp = self.service.stamp()  # before the rows: a change after is seen
        concepts = self.service.glossary(search, proposals=self.proposals)
        table.clear(columns=True)
        zh_cells, en_cells, last_cells = self._widths()
        if self.proposals:
            table.add_columns("#", "Chinese", "English", "kind", "score", "evidence")
        else:
            table.add_columns("#", "Chinese", "English", "domain", "source", "other renderings")
        self.concept_ids = []
        self.concepts = {int(c.id or 0): c for c in concepts}
        for concept in concepts:
            # the preferred Chinese term and how many others: the full list made the
            # column so wide that the English went off screen; every cut ends in "…"
            others = len(concept.zh) - 1
            zh = ellipsize(concept.zh_preferred + (f" +{others}" if others > 0 else ""),
                           zh_cells)
            en = ellipsize(concept.en_preferred, en_cells)
            if self.proposals:
                kind, score, evidence = proposal_facts(concept)
                table.add_row(str(concept.id), zh, en, kind,
                              Text(score, justify="right"), ellipsize(evidence, last_cells))
            else:
                variants = ", ".join(f"{t.text} ({t.status})" for t in concept.en
                                     if t.status != "preferred")
                table.add_row(str(concept.id), zh, en, ellipsize(concept.domain or "", 10),
                              ellipsize(concept.source or "", 8),
                              ellipsize(variants, last_cells))
            self.concept_ids.append(int(concept.id or 0))
        if self.concept_ids:
            table.move_cursor(row=min(keep, len(self.concept_ids) - 1))
        self.sub_title = "glossary proposals" if self.proposals else "glossary"
        self._show_occurrences()

    @property
    def current(self) -> int | None:
        """The highlighted concept id."""
        table = self.query_one("#terms", DataTable)
        if not self.concept_ids:
            return None
        return self.concept_ids[min(table.cursor_row, len(self.concept_ids) - 1)]

    @on(Input.Changed, "#search")
    def _search(self) -> None:
        self.refresh_table()

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.query_one("#terms", DataTable).focus()

    @on(DataTable.RowHighlighted, "#terms")
    def _highlighted(self) -> None:
        # looking up occurrences scans every segment (~50 ms per entry on 20,000): wait
        # until the cursor rests, so holding an arrow key down does not stall the table
        if self._occurrence_timer is not None:
            self._occurrence_timer.stop()
        self._occurrence_timer = self.set_timer(OCCURRENCE_DELAY, self._show_occurrences)

    def _show_occurrences(self) -> None:
        panel = self.query_one("#occurrences", Static)
        concept = self.current
        if concept is None:
            if self.proposals and not self.query_one("#search", Input).value:
                panel.update(Text("No proposals. 'bitextual glossary bootstrap' proposes "
                                  "entries (names, terms) from the aligned text; p shows the "
                                  "glossary again.", style="dim"))
            else:
                panel.update(Text("no entry", style="dim"))
            return
        found = self.service.occurrences(concept)
        lines = []
        entry = self.concepts.get(concept)
        if entry is not None:  # every term of the entry: the table shows the preferred ones
            lines.append(Text.assemble(
                (" = ".join(t.text for t in entry.zh), "bold"), " → ",
                ", ".join(f"{t.text}" + ("" if t.status == "preferred" else f" ({t.status})")
                          for t in entry.en)))
        lines.append(Text(f"occurs in {len(found)} sentence{'' if len(found) == 1 else 's'}",
                          style="bold"))
        for occ in found[:8]:
            lines.append(Text.assemble((f"{occ.document}: ", "dim"), occ.text))
        if len(found) > 8:
            lines.append(Text(f"… and {len(found) - 8} more", style="dim"))
        panel.update(Text("\n").join(lines))

    @on(StoreChanged)
    def _store_changed(self) -> None:
        self.refresh_table()

    def _apply(self, operation: Callable[[], str], recheck: bool = False) -> None:
        message, _ = attempt_change(self, self.service, self.store_stamp, operation,
                                    self.refresh_table)
        if message is None:
            return
        self.notify(message, timeout=2)
        self.refresh_table()
        if recheck:
            self.action_recheck()

    def action_add(self) -> None:
        """Add an entry (picked from the bead the reviewer came from), then re-check."""
        def done(entry: TermEntry | None) -> None:
            if entry:
                self._apply(lambda: self.service.add_term(entry), recheck=True)

        if self.bead is None:
            self.app.push_screen(TermDialog("Add a glossary entry"), done)
        else:
            self.app.push_screen(TermDialog(
                f"Add a glossary entry from bead {self.bead.number}",
                zh_source=self.bead.zh_text, en_source=self.bead.en_text), done)

    def action_edit(self) -> None:
        """Edit the highlighted entry: terms, variants, forbidden renderings, note."""
        concept_id = self.current
        if concept_id is None:
            return
        concept = self.concepts[concept_id]

        def done(entry: TermEntry | None) -> None:
            if entry:
                self._apply(lambda: self.service.edit_term(concept_id, entry), recheck=True)

        self.app.push_screen(TermDialog(
            f"Edit entry {concept_id}", concept.zh_preferred, concept.en_preferred,
            admitted=tuple(t.text for t in concept.en if t.status == "admitted"),
            forbidden=tuple(t.text for t in concept.en if t.status == "forbidden"),
            note=concept.note or "", editing=True), done)

    def action_delete(self) -> None:
        """Delete the highlighted entry (reject a proposal) after confirming."""
        concept_id = self.current
        if concept_id is None:
            return
        name = self.service.term_name(concept_id)
        proposal = self.proposals

        def done(yes: bool | None) -> None:
            if yes:
                self._apply(lambda: self.service.reject_term(concept_id) if proposal
                            else self.service.delete_term(concept_id))

        question = (f"Reject the proposal {name}?" if proposal
                    else f"Delete the glossary entry {name} (entry {concept_id})?")
        self.app.push_screen(ConfirmDialog(question, yes="Reject" if proposal else "Delete"),
                             done)

    def action_accept(self) -> None:
        """Accept the highlighted proposal, then re-check the project."""
        concept_id = self.current
        if concept_id is None:
            return
        if not self.proposals:
            self.notify("A accepts a proposal: p shows the proposals", severity="warning")
            return
        self._apply(lambda: self.service.accept_term(concept_id), recheck=True)

    def action_toggle_proposals(self) -> None:
        """Switch between entries and proposals."""
        self.proposals = not self.proposals
        self.refresh_table()

    def action_search(self) -> None:
        """Focus the search field."""
        self.query_one("#search", Input).focus()

    def action_undo(self) -> None:
        """Undo the latest decision."""
        self._apply(lambda: self.service.undo()[0])

    def action_redo(self) -> None:
        """Redo the latest undone decision."""
        self._apply(lambda: self.service.redo()[0])

    def action_recheck(self) -> None:
        """Re-check the project's terms in the background."""
        self.query_one(WorkStatus).start_recheck(self.service.root)

    def action_back(self) -> None:
        """Leave the glossary (escape in the search field returns to the table first)."""
        if self.focused is self.query_one("#search", Input):
            self.query_one("#terms", DataTable).focus()
            return
        self.service.save_cursor("overview")
        self.dismiss(None)
