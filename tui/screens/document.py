"""The document screen: one document on its own, every sentence in order.

Opened with enter on any document of the overview, paired or not: an English article with no
Chinese partner is where its garbles are repaired, a Chinese one can be edited and shows where
glossary terms occur. Lines set aside as boilerplate are shown dimmed and can be restored.
Findings are decided with the same keys as on the pair screen (y, d, c, Y, f, e, u), which this
screen shares by subclassing it: the rows are sentences instead of beads.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Static

from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.edit import EditDialog
from tui.document_service import DocumentInfo, sentence_segments
from tui.screens.pair import (
    PairScreen,
    add_variant_binding,
    find_bindings,
    glossary_bindings,
    undo_binding,
)
from tui.service import BeadView, ReviewService


class DocumentScreen(PairScreen, inherit_bindings=False):
    """Every sentence of one document, with its findings, one row per sentence."""

    BINDINGS = [
        Binding("y", "accept_suggestion", "Apply fix", tooltip="Apply the selected fix",
                id="document.accept_suggestion"),
        Binding("d", "reject_suggestion", "Reject fix", tooltip="Reject the selected fix",
                id="document.reject_suggestion"),
        Binding("e", "edit", "Edit", tooltip="Edit the sentence (diff shown)",
                id="document.edit"),
        Binding("f", "next_with_fix", "Next fix", tooltip="Jump to the next sentence with an "
                "open fix", id="document.next_fix"),
        undo_binding("document"),
        Binding("escape", "back", "Back", tooltip="Back to the overview", id="document.back"),
        Binding("ctrl+r,ctrl+y", "redo", "Redo", show=False,
                tooltip="Redo the latest undone decision", id="document.redo"),
        Binding("c", "next_suggestion", "Next fix here", show=False,
                tooltip="Select the sentence's next fix", id="document.next_suggestion"),
        Binding("Y", "accept_rule", "Apply rule", show=False,
                tooltip="Apply every open fix of the selected fix's rule (asks first)",
                id="document.accept_rule"),
        add_variant_binding("document"),
        Binding("b", "restore", "Restore line", show=False,
                tooltip="Bring the dimmed (set-aside) line back into the text",
                id="document.restore"),
        Binding("3", "filter('suggestions')", "With fixes", show=False,
                tooltip="Toggle filter: sentences with open fixes", id="document.filter_fixes"),
        Binding("0", "clear_filters", "All", show=False, tooltip="Clear the filter",
                id="document.filter_clear"),
        *find_bindings("document", "sentence", find_tooltip="Find text (Chinese matches "
                       "Simplified and Traditional alike)",
                       detail_down_tooltip="Scroll the detail panel down"),
        *glossary_bindings("document",
                           add_term_tooltip="Add a glossary entry picked from the sentence"),
    ]

    ROW_WORD = "sentence"

    def __init__(self, service: ReviewService, name: str, row: int = 0) -> None:
        super().__init__(service, pair_id=0, bead_id=None, row=row)
        self.document = name
        self.info: DocumentInfo = service.document_info(name)

    # -- reading ----------------------------------------------------------------------------
    def _single_language(self) -> str | None:
        return self.info.lang

    def _read_title(self) -> str:
        side = "Chinese" if self.info.lang == "zh" else "English"
        partner = f" · paired with {self.info.paired_with}" if self.info.paired_with else \
            " · unpaired"
        return f"{self.info.name} ({side}){partner}"

    def _count(self) -> int:
        return self.info.sentences

    def _start_index(self) -> int | None:
        return None

    def _read_window(self, start: int, count: int) -> list[BeadView]:
        return self.service.load_document(self.info, (start, count))

    def _read_all(self, service: ReviewService) -> list[BeadView]:
        self.info = service.document_info(self.document)
        return service.load_document(self.info)

    def _read_one(self, bead: BeadView) -> BeadView | None:
        fresh = self.service.load_document(self.info, (bead.number - 1, 1))
        return fresh[0] if fresh and fresh[0].zh_ids + fresh[0].en_ids == \
            bead.zh_ids + bead.en_ids else None

    def _save_cursor(self, index: int, bead_id: int | None) -> None:
        self.service.save_cursor("document", row=index, document=self.document)

    def _update_filter_bar(self, shown: int) -> None:
        total = self.total_beads or len(self.all_beads)
        fixes = sum(len(b.suggestions) for b in self.all_beads)
        aside = sum(b.boilerplate is not None for b in self.all_beads)
        bar = Text(no_wrap=True, overflow="ellipsis")
        if self.loading_rest:
            bar.append(f"reading all {total} sentences…", style="bold")
        else:
            counted = f"{shown} of {total}" if shown != total else f"{total}"
            bar.append(f"{counted} sentences · {fixes} open fixes · {aside} set aside",
                       style="bold")
        if self.filters:
            self._show_filters_on(bar)   # only filter here: 3, with fixes
        else:
            bar.append("  │ 3 only with fixes", style="dim")
        self.sub_title = self._title + (" · only with fixes" if self.filters else "")
        self.query_one("#filter-bar", Static).update(bar)

    # -- actions ----------------------------------------------------------------------------
    def action_edit(self) -> None:
        """Edit the sentence in a modal editor."""
        row = self._with_bead()
        if row is None:
            return
        if row.boilerplate is not None:
            self.notify("this line is set aside as boilerplate: b restores it into the text "
                        "first", severity="warning")
            return
        self._open_editor(row)

    def _open_editor(self, row: BeadView, typed: dict[str, str] | None = None) -> None:
        """The editor on the sentence ``row``; ``typed``: text the reviewer typed that was
        not saved."""
        rows = self.all_beads
        place = next((i for i, b in enumerate(rows) if b.bead_id == row.bead_id), None)
        following = rows[place + 1] if place is not None and place + 1 < len(rows) else None
        next_id = None if following is None or following.boilerplate is not None else (
            following.zh_ids + following.en_ids)[0]
        self.app.push_screen(EditDialog("", sentence_segments(row), lang=self.info.lang,
                                        hint=self._edit_hint(row), next_ids=(next_id,),
                                        typed=typed),
                             lambda result: self._edited(result, row))

    def action_restore(self) -> None:
        """Restore the dimmed line under the cursor into the document's text, after asking."""
        row = self._with_bead()
        if row is None:
            return
        if row.boilerplate is None:
            self.notify("this sentence is already part of the text (only dimmed lines, set "
                        "aside as boilerplate, can be restored)", severity="warning")
            return
        segment = (row.zh_ids + row.en_ids)[0]
        line = self.service.segment_line(segment)
        if line is None:
            self.notify("this line has no source line number to restore by", severity="error")
            return

        def done(yes: bool | None) -> None:
            if yes:
                self._run(lambda: self.service.restore_line(self.document, line))

        self.app.push_screen(ConfirmDialog(
            f"Restore line {line} ({row.boilerplate}) into the text of {self.document}? "
            "Its sentences become part of the article (this is not undone by u).",
            yes="Restore"), done)

    def action_back(self) -> None:
        """Back to the overview."""
        if self._prompt_open():
            return
        self.service.save_cursor("overview")
        self.dismiss(None)
