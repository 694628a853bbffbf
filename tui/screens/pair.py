"""The pair screen: review one document pair bead by bead."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from corpus.errors import BitextualError, ProjectBusyError, StaleViewError
from corpus.language import normalise_zh
from corpus.store import ChangeStamp
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.edit import EditDialog, EditResult
from tui.dialogs.split import SplitDialog
from tui.dialogs.term import TermDialog
from tui.messages import BeadChosen, BeadHighlighted, PairLoaded, Realigned, StoreChanged
from tui.screens.changes import attempt_change
from tui.service import (
    BeadView,
    ReviewService,
    SuggestionView,
    TermEntry,
    realign_neighbourhood,
)
from tui.widgets.bead_detail import BeadDetail
from tui.widgets.bead_list import BeadList
from tui.widgets.key_bar import KeyBar
from tui.widgets.work_status import WorkStatus
from tui.widgets.wrap import line_starts

FILTERS: dict[str, tuple[str, Callable[[BeadView], bool]]] = {
    "low": ("low conf.", lambda b: b.low_confidence),
    "many": ("n-m", lambda b: b.is_many),
    "suggestions": ("with fixes", lambda b: bool(b.suggestions)),
    "unreviewed": ("unreviewed", lambda b: b.status == "pending"),
}
"""Filter name → (label, predicate). Active filters combine with AND."""

MISSING_KIND = "term-missing"
"""Kind of the findings whose term is missing from the English (no span, no replacement)."""


def fold_for_search(text: str) -> str:
    """``text`` as searches compare it: Chinese in Simplified form, the rest casefolded."""
    return normalise_zh(text).casefold()


# Keys the pair screen and the document screen share: the same action, key and words, and
# an id under each screen's name (``pair.find``, ``document.find``) for the help screen and
# the keymap. A screen's BINDINGS list keeps its own order (the key bar shows it).
def undo_binding(screen: str) -> Binding:
    """u (or ctrl+z): undo the latest decision."""
    return Binding("u,ctrl+z", "undo", "Undo", tooltip="Undo the latest decision",
                   id=f"{screen}.undo")


def add_variant_binding(screen: str) -> Binding:
    """v: add the English a missing term's text uses to the glossary as a variant."""
    return Binding("v", "add_variant", "Add variant", show=False,
                   tooltip="On a missing term: add the English this text uses to the glossary "
                   "as a variant (resolves the finding)", id=f"{screen}.add_variant")


def glossary_bindings(screen: str, add_term_tooltip: str) -> list[Binding]:
    """t (add a glossary entry from the row), g (the glossary), R (re-check the project)."""
    return [
        Binding("t", "add_term", "Add term", show=False, tooltip=add_term_tooltip,
                id=f"{screen}.add_term"),
        Binding("g", "glossary", "Glossary", show=False, tooltip="Open the glossary",
                id=f"{screen}.glossary"),
        Binding("R", "recheck", "Re-check", show=False,
                tooltip="Re-check the project (garble rules, glossary terms)",
                id=f"{screen}.recheck"),
    ]


def find_bindings(screen: str, row_word: str, find_tooltip: str,
                  detail_down_tooltip: str) -> list[Binding]:
    """/ > < (find, next and previous match), : (go to row N), shift+down/up (scroll the
    detail panel)."""
    return [
        Binding("slash", "find", "Find", show=False, tooltip=find_tooltip,
                id=f"{screen}.find"),
        Binding("greater_than_sign", "find_next", "Next match", show=False,
                tooltip="Go to the next match of the search", id=f"{screen}.find_next"),
        Binding("less_than_sign", "find_previous", "Previous match", show=False,
                tooltip="Go to the previous match of the search", id=f"{screen}.find_previous"),
        Binding("colon", "go_to", "Go to", show=False, tooltip=f"Go to {row_word} N",
                id=f"{screen}.go_to"),
        Binding("shift+down", "scroll_detail(1)", "Detail ↓", show=False,
                tooltip=detail_down_tooltip, id=f"{screen}.detail_down"),
        Binding("shift+up", "scroll_detail(-1)", "Detail ↑", show=False,
                tooltip="Scroll the detail panel up", id=f"{screen}.detail_up"),
    ]


FIRST_WINDOW = 300
"""A pair with more beads opens on this many around the cursor; a worker reads the rest."""

T = TypeVar("T")


class PairScreen(Screen[None]):
    """Chinese and English side by side, one bead per row, with the current bead in full."""

    BINDINGS = [
        Binding("a", "accept", "Accept", tooltip="Accept the bead as aligned",
                id="pair.accept"),
        Binding("y", "accept_suggestion", "Apply fix", tooltip="Accept the selected suggestion",
                id="pair.accept_suggestion"),
        Binding("e", "edit", "Edit", tooltip="Edit the English of the bead (diff shown)",
                id="pair.edit"),
        undo_binding("pair"),
        Binding("s", "split", "Split", tooltip="Split the bead at a sentence boundary",
                id="pair.split"),
        Binding("m", "merge", "Merge", tooltip="Merge the bead with the next one",
                id="pair.merge"),
        Binding("x", "unaligned", "Unaligned", tooltip="Mark the bead unaligned",
                id="pair.unaligned"),
        Binding("ctrl+r,ctrl+y", "redo", "Redo", tooltip="Redo the latest undone decision",
                id="pair.redo"),
        Binding("escape", "back", "Pairs", tooltip="Back to the list of pairs", id="pair.back"),
        Binding("p", "reset", "Pending", show=False, tooltip="Put the bead back to pending",
                id="pair.reset"),
        Binding("d", "reject_suggestion", "Reject fix", show=False,
                tooltip="Reject the selected suggestion", id="pair.reject_suggestion"),
        Binding("c", "next_suggestion", "Next fix in bead", show=False,
                tooltip="Select the bead's next suggestion", id="pair.next_suggestion"),
        Binding("Y", "accept_rule", "Apply rule", show=False,
                tooltip="Accept every open suggestion of the selected suggestion's rule",
                id="pair.accept_rule"),
        Binding("f", "next_with_fix", "Next bead with fix", show=False,
                tooltip="Jump to the next bead with an open suggestion", id="pair.next_fix"),
        Binding("w", "weakest", "Weakest", tooltip="Go to the least confident unreviewed bead "
                "(the review queue)", id="pair.weakest"),
        Binding("n", "next_pending", "Next pending", show=False,
                tooltip="Jump to the next unreviewed bead", id="pair.next_pending"),
        Binding("left_square_bracket", "move('en', 'prev')", "EN ↑ prev", show=False,
                tooltip="Move the first English sentence to the previous bead",
                id="pair.move_en_prev"),
        Binding("right_square_bracket", "move('en', 'next')", "EN ↓ next", show=False,
                tooltip="Move the last English sentence to the next bead",
                id="pair.move_en_next"),
        Binding("left_curly_bracket", "move('zh', 'prev')", "中 ↑ prev", show=False,
                tooltip="Move the first Chinese sentence to the previous bead",
                id="pair.move_zh_prev"),
        Binding("right_curly_bracket", "move('zh', 'next')", "中 ↓ next", show=False,
                tooltip="Move the last Chinese sentence to the next bead",
                id="pair.move_zh_next"),
        Binding("1", "filter('low')", "Low conf.", show=False,
                tooltip="Toggle filter: low-confidence beads", id="pair.filter_low"),
        Binding("2", "filter('many')", "n-m", show=False, tooltip="Toggle filter: n-m beads",
                id="pair.filter_many"),
        Binding("3", "filter('suggestions')", "Suggestions", show=False,
                tooltip="Toggle filter: beads with open suggestions",
                id="pair.filter_suggestions"),
        Binding("4", "filter('unreviewed')", "Unreviewed", show=False,
                tooltip="Toggle filter: unreviewed beads", id="pair.filter_unreviewed"),
        Binding("0", "clear_filters", "All beads", show=False, tooltip="Clear the filters",
                id="pair.filter_clear"),
        *glossary_bindings("pair", add_term_tooltip="Add a glossary entry from this bead"),
        *find_bindings("pair", "bead", find_tooltip="Find text in both languages (Chinese "
                       "matches Simplified and Traditional alike)",
                       detail_down_tooltip="Scroll the detail panel down (or the mouse wheel "
                       "over it)"),
        add_variant_binding("pair"),
        Binding("L", "realign", "Re-align", show=False,
                tooltip="Re-align the project (reviewed beads are kept as anchors)",
                id="pair.realign"),
    ]

    DEFAULT_CSS = """
    PairScreen #filter-bar { height: 1; background: $boost; padding: 0 1; }
    PairScreen BeadList { height: 1fr; }
    PairScreen #prompt { height: 1; border: none; padding: 0 1; background: $boost; }
    PairScreen #prompt.-hidden { display: none; }
    """

    ROW_WORD = "bead"
    """What one row is called in messages ('bead'; 'sentence' on the document screen)."""

    def __init__(self, service: ReviewService, pair_id: int, bead_id: int | None = None,
                 row: int = 0) -> None:
        super().__init__()
        self.service = service
        self.pair_id = pair_id
        self.filters: set[str] = set()
        self.all_beads: list[BeadView] = []
        self._start_bead = bead_id
        self._start_row = row
        self.total_beads = 0
        """Beads in the pair (``all_beads`` holds only a window of them while loading)."""
        self.loading_rest = False
        """True while a large pair is still being read in the background."""
        self._generation = 0
        """Bumped by every change to the pair, so a stale background read is dropped."""
        self._title = ""
        self._prompt_kind = ""
        """What the prompt line is asking: 'find' or 'go to'."""
        self.search = ""
        """The latest search ("" when none)."""
        self._folded: dict[int, str] = {}
        """id(row) → its texts folded for searching (Simplified, casefolded)."""
        self.realigned: set[int] = set()
        """Beads the latest re-alignment changed, marked until the reviewer moves on."""
        self._correction: set[int] = set()
        """The beads of the latest correction (moving among them and ``realigned`` is not
        moving on)."""
        self.store_stamp = ChangeStamp()
        """The store's change stamp when the rows shown were read: every change the reviewer
        makes is checked against it (another command may have removed those rows)."""
        self.last_failure: BitextualError | None = None
        """Why the latest change by the reviewer was not saved (None: it was)."""
        self.rows_gone = False
        """True once another command removed the pair (or document) itself."""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static(id="filter-bar")
        yield Input(id="prompt", classes="-hidden")
        yield BeadList(id="beads", single=self._single_language())
        yield BeadDetail(id="detail", single=self._single_language())
        yield WorkStatus(id="work")
        yield KeyBar()

    def on_mount(self) -> None:
        self.store_stamp = self.service.stamp()  # before the rows: a change after is seen
        self._title = self._read_title()
        self.sub_title = self._title
        self.bead_list.focus()
        total = self._count()
        if total <= FIRST_WINDOW:
            self.reload(bead_id=self._start_bead, index=self._start_row)
            return
        # A large pair: draw the beads around the cursor now, read the rest in a worker.
        index = self._start_index()
        index = self._start_row if index is None else index
        start = max(0, min(index - FIRST_WINDOW // 3, total - FIRST_WINDOW))
        self.all_beads = self._read_window(start, FIRST_WINDOW)
        self.total_beads = total
        self.loading_rest = True
        self._apply_filters(bead_id=self._start_bead, index=index - start)
        self.call_after_refresh(self._load_rest)

    # -- data ---------------------------------------------------------------------------
    def reload(self, bead_id: int | None = None, index: int | None = None) -> None:
        """Re-read the pair and redraw; the cursor goes to ``bead_id`` if still shown."""
        self._generation += 1  # a whole-pair read still running is now out of date
        self.loading_rest = False
        self.store_stamp = self.service.stamp()
        self.all_beads = self._read_all(self.service)
        self.total_beads = len(self.all_beads)
        self._apply_filters(bead_id=bead_id, index=index)

    # What a subclass (the document screen) reads instead of a pair's beads.
    def _single_language(self) -> str | None:
        """The language of the one document whose sentences are the rows; None for a pair."""
        return None

    def _read_title(self) -> str:
        return self.service.pair_title(self.pair_id)

    def _count(self) -> int:
        return self.service.bead_count(self.pair_id)

    def _start_index(self) -> int | None:
        return self.service.bead_index(self.pair_id, self._start_bead)

    def _read_window(self, start: int, count: int) -> list[BeadView]:
        return self.service.load_window(self.pair_id, start, count)

    def _read_all(self, service: ReviewService) -> list[BeadView]:
        return service.load_pair(self.pair_id)

    def _read_one(self, bead: BeadView) -> BeadView | None:
        fresh = self.service.load_pair(self.pair_id, only={bead.bead_id: bead.number})
        return fresh[0] if fresh else None

    def _save_cursor(self, index: int, bead_id: int | None) -> None:
        self.service.save_cursor("pair", self.pair_id, bead_id, index)

    def _load_rest(self) -> None:
        width = self.bead_list.scrollable_content_region.width
        self._read_pair(self._generation, self.bead_list.text_widths(width))

    @work(thread=True, exclusive=True, exit_on_error=False, group="read-pair")
    def _read_pair(self, generation: int, widths: tuple[int, int]) -> None:
        # A worker thread: its own connection; it only posts the result.
        service = ReviewService(self.service.root)
        try:
            beads = self._read_all(service)
        finally:
            service.close()
        zh_width, en_width = widths
        for bead in beads:  # measured here so the UI thread finds every row height cached
            line_starts(bead.zh_text, zh_width)
            line_starts(bead.en_text, en_width)
        self.post_message(PairLoaded(generation, beads))

    @on(PairLoaded)
    def _pair_loaded(self, message: PairLoaded) -> None:
        if message.generation != self._generation:
            if self.loading_rest:  # the store changed meanwhile: read it again
                self._load_rest()
            return
        self.loading_rest = False
        self.all_beads = message.beads
        self.total_beads = len(self.all_beads)
        self._apply_filters(bead_id=self._bead_id(), keep_view=True)

    def _apply_filters(self, bead_id: int | None = None, index: int | None = None,
                       keep_view: bool = False) -> None:
        if any(b.realigned for b in self.all_beads) or self.realigned:
            self.all_beads = [replace(b, realigned=b.bead_id in self.realigned)
                              if b.realigned != (b.bead_id in self.realigned) else b
                              for b in self.all_beads]
        shown = [b for b in self.all_beads
                 if all(FILTERS[name][1](b) for name in self.filters)]
        self.bead_list.set_beads(shown, bead_id=bead_id, index=index, keep_view=keep_view)
        self._update_filter_bar(len(shown))
        self.detail.show(self.bead_list.current, keep_suggestion=True)

    def _update_filter_bar(self, shown: int) -> None:
        # counts first: on a narrow terminal the filter names are what gets cut
        total = self.total_beads or len(self.all_beads)
        reviewed = sum(b.status != "pending" for b in self.all_beads)
        bar = Text(no_wrap=True, overflow="ellipsis")
        if self.loading_rest:
            bar.append(f"reading all {total} beads…", style="bold")
        else:
            shown_text = f"{shown} of {total} beads" if shown != total else f"{total} beads"
            bar.append(f"{shown_text} · {reviewed} reviewed", style="bold")
            if total:
                bar.append(f" ({100 * reviewed / total:.0f}%)", style="bold")
            # Calibrated confidences: Σ(1 − confidence) is how many unreviewed beads are
            # expected to be wrong.
            wrong = sum(1.0 - b.score for b in self.all_beads
                        if b.score is not None and b.status == "pending"
                        and b.origin != "reviewer")
            bar.append(f" · ≈{wrong:.1f} wrong expected", style="bold")
        if self.filters:
            # the filters on come first and stand out: they hide beads, so the reviewer
            # must see them even on an 80-column terminal
            self._show_filters_on(bar)
        else:
            bar.append("  │ filter: ", style="dim")
            bar.append(" ".join(f"{key} {FILTERS[name][0]}"
                                 for key, name in zip("1234", FILTERS, strict=True)),
                       style="dim")
        on_names = self._filter_names()
        self.sub_title = self._title + (f" · only {on_names}" if on_names else "")
        self.query_one("#filter-bar", Static).update(bar)

    def _filter_names(self) -> str:
        """The labels of the filters on, in the order of ``FILTERS`` ('' when none is)."""
        return " + ".join(FILTERS[name][0] for name in FILTERS if name in self.filters)

    def _show_filters_on(self, bar: Text) -> None:
        """Append the filters on to the filter bar, standing out, and how to show every row."""
        bar.append("  │ ")
        bar.append(f" only: {self._filter_names()} ", style="reverse bold")
        bar.append("  0 shows all", style="dim")

    # -- handlers -------------------------------------------------------------------------
    @on(BeadHighlighted)
    def _highlighted(self, message: BeadHighlighted) -> None:
        if self.realigned and message.bead_id not in self.realigned | self._correction:
            self.realigned.clear()   # the reviewer moved on
            self._apply_filters(bead_id=message.bead_id, index=message.index,
                                keep_view=True)
        self.detail.show(self.bead_list.current)
        self._save_cursor(message.index, message.bead_id)

    @on(BeadChosen)
    def _chosen(self, message: BeadChosen) -> None:
        self.action_edit()

    @on(StoreChanged)
    def _store_changed(self, message: StoreChanged) -> None:
        self.reload(bead_id=self._bead_id())

    # -- helpers --------------------------------------------------------------------------
    def _bead_id(self) -> int | None:
        bead = self.bead_list.current
        return bead.bead_id if bead else None

    def _attempt(self, operation: Callable[[], T]) -> T | None:
        """Run one change by the reviewer (:func:`attempt_change`): its result, or None
        when it was not saved (``last_failure`` says why; the reviewer was told)."""
        result, self.last_failure = attempt_change(self, self.service, self.store_stamp,
                                                   operation, self._reload_after_change)
        return result

    def _reload_after_change(self) -> None:
        """Read the rows again after another command changed the store; back to the
        overview when the pair (or document) itself is gone."""
        try:
            # the row number, not the bead id: ids of removed beads are given to new ones
            self.reload(index=self.bead_list.cursor)
        except BitextualError as exc:
            self.rows_gone = True
            self.notify(f"{exc.describe()}: back to the overview", severity="warning")
            self.dismiss(None)

    def _run(self, operation: Callable[[], str], only: BeadView | None = None) -> bool:
        """Apply one store operation (:meth:`_attempt`), report it, and redraw.

        ``only``: the operation changed nothing but this bead (its status or its English),
        so only that bead is re-read; otherwise the whole pair is. True when it was done.
        """
        keep = self._bead_id()
        index = self.bead_list.cursor
        message = self._attempt(operation)
        if message is None:
            return False
        if only is None:
            self.reload(bead_id=keep, index=index)
        else:
            self._refresh_bead(only)
        self.notify(message, timeout=2)
        return True

    def _refresh_bead(self, bead: BeadView) -> None:
        self._generation += 1  # a whole-pair read still running missed this change
        new = self._read_one(bead)
        if new is None:  # the bead vanished: something else changed the pair
            self.reload(index=self.bead_list.cursor)
            return
        self.all_beads = [new if b.bead_id == bead.bead_id else b for b in self.all_beads]
        shown = self.bead_list.beads
        index = self.bead_list.cursor
        still_shown = all(FILTERS[name][1](new) for name in self.filters)
        if still_shown and 0 <= index < len(shown) and shown[index].bead_id == new.bead_id:
            # the common case (accept, apply a fix): redraw one row, not the whole list
            self.bead_list.update_bead(index, new)
            self._update_filter_bar(len(shown))
            self.detail.show(new, keep_suggestion=True)
            return
        self._apply_filters(bead_id=bead.bead_id, index=index)

    def _with_bead(self) -> BeadView | None:
        bead = self.bead_list.current
        if bead is None:
            self.notify("no bead selected", severity="warning")
        return bead

    # -- actions: beads -------------------------------------------------------------------
    def action_accept(self) -> None:
        """Accept the bead and move on."""
        if bead := self._with_bead():
            index = self.bead_list.cursor
            if not self._run(lambda: self.service.accept_bead(bead.bead_id), only=bead):
                return  # not saved: the cursor stays on the bead, so the reviewer sees it
            self._realign_after([bead.bead_id])
            # move on unless the filter already removed the bead from view
            if self.bead_list.current and self.bead_list.current.bead_id == bead.bead_id:
                self.bead_list.cursor = min(index + 1, len(self.bead_list.beads) - 1)

    def action_unaligned(self) -> None:
        """Mark the bead unaligned."""
        if bead := self._with_bead():
            self._run(lambda: self.service.mark_unaligned(bead.bead_id), only=bead)

    def action_reset(self) -> None:
        """Back to pending."""
        if bead := self._with_bead():
            self._run(lambda: self.service.reset_bead(bead.bead_id), only=bead)

    def action_merge(self) -> None:
        """Merge with the next bead."""
        if bead := self._with_bead():
            if bead.number >= (self.total_beads or len(self.all_beads)):
                self.notify(f"bead {bead.number} is the last bead: there is no next bead to "
                            "merge it with", severity="warning")
                return
            if self._run(lambda: self.service.merge_with_next(bead.bead_id)):
                self._realign_after([bead.bead_id])

    def action_split(self) -> None:
        """Ask where, then split."""
        bead = self._with_bead()
        if bead is None:
            return
        if len(bead.zh_ids) + len(bead.en_ids) < 2:
            self.notify("a bead with one sentence cannot be split", severity="warning")
            return

        def done(choice: tuple[int, int] | None) -> None:
            if choice is not None and self._run(
                    lambda: self.service.split_bead(bead.bead_id, *choice)):
                self._realign_after(self._ids_next_to(bead.bead_id))

        english = tuple(current for _, _, current in bead.en_segments)
        self.app.push_screen(SplitDialog(bead.zh_segments, english), done)

    def action_move(self, side: str, direction: str) -> None:
        """Move a sentence to the neighbouring bead."""
        bead = self._with_bead()
        if bead is None:
            return
        lang = "Chinese" if side == "zh" else "English"
        if not (bead.zh_ids if side == "zh" else bead.en_ids):
            self.notify(f"bead {bead.number} has no {lang} sentence to move", severity="warning")
            return
        last = self.total_beads or len(self.all_beads)
        if direction == "prev" and bead.number == 1:
            self.notify(f"bead 1 is the first bead: there is no previous bead to move the "
                        f"{lang} sentence to (s splits it into a bead of its own)",
                        severity="warning")
            return
        if direction == "next" and bead.number >= last:
            self.notify(f"bead {bead.number} is the last bead: there is no next bead to move "
                        f"the {lang} sentence to (s splits it into a bead of its own)",
                        severity="warning")
            return
        if self._run(lambda: self.service.move_sentence(bead.bead_id, side, direction)):
            # both beads the sentence left and joined are the reviewer's now
            self._realign_after(self._ids_next_to(bead.bead_id))

    def action_edit(self) -> None:
        """Edit the bead's sentences, Chinese and English, in a modal editor (split and join
        sentences there too)."""
        bead = self._with_bead()
        if bead is None:
            return
        self._open_editor(bead)

    def _open_editor(self, bead: BeadView, typed: dict[str, str] | None = None) -> None:
        """The editor on ``bead``; ``typed``: text the reviewer typed that was not saved."""
        zh = tuple((seg, text, text) for seg, text in zip(bead.zh_ids, bead.zh_segments,
                                                          strict=True))
        segments = zh + bead.en_segments
        if not segments:
            self.notify("this bead has no sentence to edit", severity="warning")
            return
        labels = ("中",) * len(zh) + ("EN",) * len(bead.en_segments)
        # ctrl+j joins a sentence with the next one of its side in the same bead
        next_ids = tuple(ids[i + 1] if i + 1 < len(ids) else None
                         for ids in (bead.zh_ids, bead.en_ids) for i in range(len(ids)))
        self.app.push_screen(EditDialog("", segments, hint=self._edit_hint(bead),
                                        labels=labels, next_ids=next_ids, typed=typed),
                             lambda result: self._edited(result, bead))

    def _edited(self, result: EditResult | None, row: BeadView) -> None:
        """Store what the edit dialog was closed with: edits, a split or a join."""
        if result is None:
            return
        if result.split is not None:
            segment, offset = result.split
            self._run(lambda: self.service.split_sentence(segment, offset))
        elif result.join is not None:
            first, second = result.join
            self._run(lambda: self.service.join_sentences(first, second))
        elif result.texts:
            texts = result.texts
            missing = tuple(s.id for s in row.suggestions if s.kind == MISSING_KIND)
            if not self._run(lambda: self.service.save_edit(texts, missing), only=row):
                self._keep_typed(row, texts)

    def _keep_typed(self, row: BeadView, texts: dict[str, str]) -> None:
        """An edit that was not saved because of another command (busy, or the store changed)
        is not lost: the editor opens again with it on the row holding those sentences now;
        when they are gone, the message quotes it."""
        if not isinstance(self.last_failure, (ProjectBusyError, StaleViewError)):
            return
        if isinstance(self.last_failure, ProjectBusyError):
            now: BeadView | None = row
        elif self.rows_gone:
            now = None
        else:
            now = next((b for b in self.all_beads
                        if set(texts) <= set(b.zh_ids) | set(b.en_ids)), None)
        if now is None:
            quoted = " / ".join(texts.values())
            self.notify(f"the sentence you edited is no longer in the project; your text was: "
                        f"{quoted}", severity="warning", timeout=30)
            return
        self._open_editor(now, typed=texts)

    def action_undo(self) -> None:
        """Undo the latest decision."""
        self._revert(self.service.undo)

    def action_redo(self) -> None:
        """Redo the latest undone decision."""
        self._revert(self.service.redo)

    def _revert(self, operation: Callable[[], tuple[str, int | None]]) -> None:
        target: list[int | None] = [None]

        def run() -> str:
            message, bead_id = operation()
            target[0] = bead_id
            return message

        index = self.bead_list.cursor
        message = self._attempt(run)
        if message is None:
            return
        self.reload(bead_id=target[0] if target[0] is not None else self._bead_id(), index=index)
        self.notify(message, timeout=2)

    def action_weakest(self) -> None:
        """The review queue: go to the least confident unreviewed bead."""
        weakest = self.service.review_left(self.pair_id).weakest
        if weakest is None:
            self.notify("every bead with a confidence is reviewed", timeout=2)
            return
        if self.loading_rest or all(b.bead_id != weakest for b in self.all_beads):
            self.reload(bead_id=weakest)
        if all(b.bead_id != weakest for b in self.bead_list.beads):
            self.filters.clear()     # the filters hid it: the queue goes past them
            self._apply_filters(bead_id=weakest)
        else:
            self._apply_filters(bead_id=weakest, keep_view=True)

    # -- re-alignment after a correction ------------------------------------------------
    def _ids_next_to(self, bead_id: int) -> list[int]:
        """``bead_id`` and the beads on either side of it (as the pair is now)."""
        ids = [b.bead_id for b in self.all_beads]
        if bead_id not in ids:
            return [bead_id]
        k = ids.index(bead_id)
        return ids[max(0, k - 1):k + 2]

    def _realign_after(self, bead_ids: list[int]) -> None:
        """Re-align the unreviewed neighbourhood of a correction in the background."""
        self.realigned.clear()
        self._correction = set(bead_ids)
        self._realign(bead_ids, self.store_stamp)

    @work(thread=True, exclusive=True, exit_on_error=False, group="realign")
    def _realign(self, bead_ids: list[int], seen: ChangeStamp) -> None:
        # A worker thread: its own connection (realign_neighbourhood opens the project).
        outcome = realign_neighbourhood(self.service.root, self.pair_id, bead_ids, seen)
        if outcome.decision is not None:
            # Marked: beads whose sentences changed (new confidences show in every row).
            self.post_message(Realigned(self.pair_id, outcome.changed, tuple(bead_ids)))

    @on(Realigned)
    def _realigned(self, message: Realigned) -> None:
        if message.pair_id != self.pair_id:
            return
        self.realigned = set(message.changed)
        self._correction = set(message.around)
        self.reload(bead_id=self._bead_id(), index=self.bead_list.cursor)

    def action_next_pending(self) -> None:
        """Jump to the next unreviewed bead."""
        self._jump(lambda b: b.status == "pending", "unreviewed bead",
                   "every bead shown is reviewed")

    def action_next_with_fix(self) -> None:
        """Jump to the next bead that has an open suggestion."""
        self._jump(lambda b: bool(b.suggestions), "bead with an open fix",
                   "no bead shown has an open fix")

    def _jump(self, wanted: Callable[[BeadView], bool], what: str, none: str) -> None:
        """Cursor to the next bead that is ``wanted``, wrapping round, and say so when it
        wrapped or when the bead under the cursor is the only one."""
        before = self.bead_list.cursor
        index = self.bead_list.index_of(wanted)
        if index is None:
            self.notify(none)
        elif index == before:
            self.notify(f"no other {what}: this is the only one shown")
        else:
            self.bead_list.cursor = index
            if index < before:
                self.notify(f"back to the first {what} (none after bead "
                            f"{self.bead_list.beads[before].number})")

    # -- actions: suggestions ---------------------------------------------------------------
    def _suggestion(self) -> SuggestionView | None:
        sug = self.detail.current_suggestion
        if sug is None:
            self.notify("this bead has no open suggestion", severity="warning")
        return sug

    def action_next_suggestion(self) -> None:
        """Select the bead's next suggestion."""
        bead = self.bead_list.current
        if bead and bead.suggestions:
            self.detail.suggestion_index = (self.detail.suggestion_index + 1) % len(
                bead.suggestions)

    def action_accept_suggestion(self) -> None:
        """Apply the selected suggestion (a missing term: add it in an edit)."""
        if sug := self._suggestion():
            if sug.kind == MISSING_KIND:
                # nothing to replace: the rendering has to be written in, by the reviewer
                self.notify("a missing term has no replacement to apply: write it in (the "
                            "editor is open), add a variant (v) or dismiss it (d)")
                self.action_edit()
                return
            self._run(lambda: self.service.accept_suggestion(sug.id), only=self._with_bead())

    def action_reject_suggestion(self) -> None:
        """Reject the selected suggestion."""
        if sug := self._suggestion():
            self._run(lambda: self.service.reject_suggestion(sug.id), only=self._with_bead())

    def action_accept_rule(self) -> None:
        """Accept every open suggestion of the selected suggestion's rule, after confirming."""
        sug = self._suggestion()
        if sug is None:
            return
        count = self.service.count_rule(sug.rule)

        def done(yes: bool | None) -> None:
            if yes:
                self._run(lambda: self.service.accept_rule(sug.rule))

        self.app.push_screen(ConfirmDialog(
            f"Accept all {count} open suggestions of rule '{sug.rule}' "
            f"({sug.original} → {sug.replacement}) in the whole project?",
            yes=f"Accept {count}"), done)

    # -- actions: view ----------------------------------------------------------------------
    def action_filter(self, name: str) -> None:
        """Toggle one filter."""
        self.filters ^= {name}
        self._apply_filters(bead_id=self._bead_id())

    def action_clear_filters(self) -> None:
        """Show every bead."""
        self.filters.clear()
        self._apply_filters(bead_id=self._bead_id())

    def action_add_term(self) -> None:
        """Add a glossary entry picked from the bead's texts, then re-check."""
        bead = self._with_bead()
        if bead is None:
            return

        def done(entry: TermEntry | None) -> None:
            if entry is None:
                return
            message = self._attempt(lambda: self.service.add_term(entry))
            if message is None:
                return
            self.notify(message)
            self.action_recheck()

        self.app.push_screen(TermDialog(f"Add a glossary entry from bead {bead.number}",
                                        zh_source=bead.zh_text, en_source=bead.en_text),
                             done)

    def action_recheck(self) -> None:
        """Re-check the project against the glossary in the background."""
        self.query_one(WorkStatus).start_recheck(self.service.root)

    def action_realign(self) -> None:
        """Re-align the project in the background, after confirming."""
        def done(yes: bool | None) -> None:
            if yes:
                self.query_one(WorkStatus).start_realign(self.service.root)

        self.app.push_screen(ConfirmDialog(
            "Re-align the whole project? Reviewed beads are kept; pending beads are replaced, "
            "so earlier decisions on them can no longer be undone.", yes="Re-align"), done)

    def action_glossary(self) -> None:
        """Open the glossary."""
        from tui.screens.glossary import GlossaryScreen

        self.app.push_screen(GlossaryScreen(self.service, bead=self.bead_list.current))

    def action_back(self) -> None:
        """Back to the pairs."""
        if self._prompt_open():
            return
        self.service.save_cursor("overview", self.pair_id)
        self.dismiss(None)

    # -- find and go to ------------------------------------------------------------------
    def _ask(self, kind: str, placeholder: str, value: str = "") -> None:
        prompt = self.query_one("#prompt", Input)
        self._prompt_kind = kind
        prompt.placeholder = placeholder
        prompt.value = value
        prompt.cursor_blink = getattr(self.app, "cursor_blink", True)
        prompt.remove_class("-hidden")
        prompt.focus()

    def action_find(self) -> None:
        """Ask what to find."""
        self._ask("find", "find in both languages (enter searches, esc cancels)", self.search)

    def action_go_to(self) -> None:
        """Ask for a number to go to."""
        self._ask("go to", f"go to {self.ROW_WORD} number (enter goes, esc cancels)")

    @on(Input.Submitted, "#prompt")
    def _prompt_done(self, event: Input.Submitted) -> None:
        self._close_prompt()
        value = event.value.strip()
        if self._prompt_kind == "go to":
            self._go_to(value)
        elif value:
            self.search = value
            self.bead_list.set_search(value)
            self._find(+1, include_current=True)

    def _close_prompt(self) -> None:
        prompt = self.query_one("#prompt", Input)
        prompt.add_class("-hidden")
        self.bead_list.focus()

    def _prompt_open(self) -> bool:
        """Close the find / go-to line if it is open (escape there cancels it)."""
        prompt = self.query_one("#prompt", Input)
        if prompt.has_class("-hidden"):
            return False
        self._close_prompt()
        return True

    def _go_to(self, value: str) -> None:
        if not value.isdigit():
            self.notify(f"'{value}' is not a {self.ROW_WORD} number", severity="warning")
            return
        number = int(value)
        rows = self.bead_list.beads
        index = next((i for i, b in enumerate(rows) if b.number == number), None)
        if index is None and self.filters and any(b.number == number for b in self.all_beads):
            self.filters.clear()  # the row is hidden by a filter: show everything
            self._apply_filters()
            rows = self.bead_list.beads
            index = next((i for i, b in enumerate(rows) if b.number == number), None)
        if index is None:
            total = self.total_beads or len(self.all_beads)
            self.notify(f"there is no {self.ROW_WORD} {number} (1 to {total})",
                        severity="warning")
            return
        self.bead_list.cursor = index

    def _folded_text(self, row: BeadView) -> str:
        key = id(row)
        found = self._folded.get(key)
        if found is None:
            found = self._folded[key] = fold_for_search(f"{row.zh_text}\n{row.en_text}")
        return found

    def _find(self, step: int, include_current: bool = False) -> None:
        if not self.search:
            self.notify("nothing to find yet: / asks for a text", severity="warning")
            return
        needle = fold_for_search(self.search)
        rows = self.bead_list.beads
        if len(self._folded) > 4 * len(self.all_beads) + 100:
            self._folded.clear()  # rows were re-read: drop the texts of the old ones
        matches = [i for i, b in enumerate(rows) if needle in self._folded_text(b)]
        if not matches:
            self.notify(f"'{self.search}' is not in any {self.ROW_WORD} shown",
                        severity="warning")
            return
        cursor = self.bead_list.cursor
        if step > 0:
            after = [i for i in matches if i > cursor or (include_current and i == cursor)]
            target = after[0] if after else matches[0]
        else:
            before = [i for i in matches if i < cursor]
            target = before[-1] if before else matches[-1]
        self.bead_list.cursor = target
        wrapped = (step > 0 and target < cursor) or (step < 0 and target > cursor)
        self.notify(f"'{self.search}': match {matches.index(target) + 1} of {len(matches)} "
                    f"({self.ROW_WORD} {rows[target].number})"
                    + (", from the other end" if wrapped else "") + " · > next, < previous")

    def action_find_next(self) -> None:
        """Next match of the search."""
        self._find(+1)

    def action_find_previous(self) -> None:
        """Previous match of the search."""
        self._find(-1)

    def action_scroll_detail(self, lines: int) -> None:
        """Scroll the detail panel."""
        self.detail.scroll_relative(y=lines * 3, animate=False)

    # -- missing terms ---------------------------------------------------------------------
    def _edit_hint(self, bead: BeadView) -> str:
        """What the edit dialog reminds the reviewer of: the missing terms of the row."""
        missing = [s for s in bead.suggestions if s.kind == MISSING_KIND]
        return "; ".join(s.evidence for s in missing)

    def action_add_variant(self) -> None:
        """On a missing term: add the English rendering this text uses as a variant."""
        sug = self._suggestion()
        if sug is None:
            return
        if sug.kind != MISSING_KIND:
            self.notify("v works on a missing-term finding; this one is a replacement "
                        "(y applies it)", severity="warning")
            return
        zh = sug.rule.split(":", 1)[-1]
        bead = self.bead_list.current
        source = bead.en_text if bead else ""

        def done(entry: TermEntry | None) -> None:
            if entry is not None:
                self._run(lambda: self.service.add_variant(sug.id, entry.en))

        self.app.push_screen(TermDialog(
            f"Add the English this text uses for {zh} as a variant (select it in the text)",
            zh=zh, en_source=source, lock_zh=True), done)

    # -- widgets --------------------------------------------------------------------------
    @property
    def bead_list(self) -> BeadList:
        """The bead list."""
        return self.query_one(BeadList)

    @property
    def detail(self) -> BeadDetail:
        """The detail panel."""
        return self.query_one(BeadDetail)
