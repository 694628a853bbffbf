"""The comparable-pair screen: both whole documents, the mined links and every sentence in none.

A comparable pair (two articles on the same event, not translations of each other) has links
only where the miner found a translated sentence. Here every article sentence of both sides
is a row, in document order: links as beads, each sentence in no link on its own row. As in
OmegaT's aligner or memoQ's LiveDocs, the reviewer marks Chinese and English sentences
(space) and links them (l), non-adjacent ones included, or removes a link (delete). Links
made by the reviewer are accepted; a mined link is exported only once accepted (a).
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Static

from tui.screens.pair import PairScreen
from tui.service import BeadView, ReviewService


class ComparableScreen(PairScreen):
    """A comparable pair: every sentence of both documents, linked or not."""

    BINDINGS = [
        Binding("space", "mark", "Mark", tooltip="Mark (or unmark) the row's sentences for a "
                "link", id="comparable.mark"),
        Binding("l", "link", "Link", tooltip="Link the marked Chinese and English sentences "
                "(an accepted link)", id="comparable.link"),
        Binding("delete", "unlink", "Unlink", tooltip="Remove the link under the cursor: its "
                "sentences stand on their own", id="comparable.unlink"),
        Binding("ctrl+space", "clear_marks", "Clear marks", show=False,
                tooltip="Unmark every sentence", id="comparable.clear_marks"),
    ]

    ROW_WORD = "row"

    def __init__(self, service: ReviewService, pair_id: int, bead_id: int | None = None,
                 row: int = 0) -> None:
        super().__init__(service, pair_id, bead_id, row)
        self.marked: set[str] = set()
        """Segment ids marked for the next link."""

    # -- reading: every row at once (comparable pairs are articles, not books) -------------
    def _count(self) -> int:
        return 0  # always read whole: reload() below

    def _read_all(self, service: ReviewService) -> list[BeadView]:
        return service.load_comparable(self.pair_id)

    def _read_window(self, start: int, count: int) -> list[BeadView]:
        return self._read_all(self.service)[start:start + count]

    def _read_one(self, bead: BeadView) -> BeadView | None:
        return None  # numbers and unlinked rows shift with any change: read the pair again

    def _apply_filters(self, bead_id: int | None = None, index: int | None = None,
                       keep_view: bool = False) -> None:
        self.detail.row_word = "row · link"
        known = {s for b in self.all_beads for s in b.zh_ids + b.en_ids}
        self.marked &= known  # sentences gone (split, joined) cannot stay marked
        self.bead_list.set_marked(frozenset(self.marked))
        super()._apply_filters(bead_id=bead_id, index=index, keep_view=keep_view)
        self._show_marks()

    def _update_filter_bar(self, shown: int) -> None:
        super()._update_filter_bar(shown)
        links = sum(b.linked for b in self.all_beads)
        accepted = sum(b.linked and b.status == "accepted" for b in self.all_beads)
        zh = sum(b.kind == "zh" for b in self.all_beads)
        en = sum(b.kind == "en" for b in self.all_beads)
        bar = Text(no_wrap=True, overflow="ellipsis")
        rows = f"{shown} of {len(self.all_beads)}" if shown != len(self.all_beads) else \
            f"{len(self.all_beads)}"
        bar.append(f"{rows} rows: {links} links ({accepted} accepted) · unlinked {zh} 中 "
                   f"{en} EN", style="bold")
        if self.filters:
            self._show_filters_on(bar)
        else:
            bar.append("  │ space marks, l links", style="dim")
        self.query_one("#filter-bar", Static).update(bar)

    def _show_marks(self) -> None:
        zh = [s for b in self.all_beads for s in b.zh_ids if s in self.marked]
        en = [s for b in self.all_beads for s in b.en_ids if s in self.marked]
        if not zh and not en:
            note = ""
        else:
            ready = "l links them" if zh and en else \
                f"mark {'an English' if zh else 'a Chinese'} sentence too, then l"
            note = (f"marked: 中 {len(zh)} · EN {len(en)} sentence"
                    f"{'' if len(zh) + len(en) == 1 else 's'} — {ready}")
        self.detail.note = note
        self.detail.show(self.bead_list.current, keep_suggestion=True)

    # -- actions ----------------------------------------------------------------------------
    def action_mark(self) -> None:
        """Mark or unmark the sentences of the row under the cursor, then go to the next row."""
        row = self._with_bead()
        if row is None:
            return
        ids = set(row.zh_ids + row.en_ids)
        if ids <= self.marked:
            self.marked -= ids
        else:
            self.marked |= ids
        self.bead_list.set_marked(frozenset(self.marked))
        self._show_marks()
        self.bead_list.action_cursor_down()

    def action_clear_marks(self) -> None:
        """Unmark every sentence."""
        self.marked.clear()
        self.bead_list.set_marked(frozenset())
        self._show_marks()

    def action_link(self) -> None:
        """Link the marked sentences (their old links give them up)."""
        zh = tuple(s for b in self.all_beads for s in b.zh_ids if s in self.marked)
        en = tuple(s for b in self.all_beads for s in b.en_ids if s in self.marked)
        if not zh or not en:
            self.notify("mark Chinese and English sentences with space first (at least one "
                        "of each), then l links them", severity="warning")
            return
        self.marked.clear()
        self._run(lambda: self.service.link(self.pair_id, zh, en))
        # the cursor goes to the new link
        target = next((i for i, b in enumerate(self.bead_list.beads)
                       if b.linked and set(zh) <= set(b.zh_ids) and set(en) <= set(b.en_ids)),
                      None)
        if target is not None:
            self.bead_list.cursor = target

    def action_unlink(self) -> None:
        """Remove the link under the cursor."""
        row = self._with_bead()
        if row is None:
            return
        if not row.linked:
            self.notify("this sentence is in no link (space marks it for one)",
                        severity="warning")
            return
        self._run(lambda: self.service.unlink(row.bead_id))

    def _not_here(self, what: str) -> None:
        self.notify(f"{what} works on parallel pairs; here, unlink (delete) and link (space, "
                    "l) sentences instead", severity="warning")

    def action_merge(self) -> None:
        """Merging with the next bead makes no sense across unlinked rows."""
        self._not_here("m (merge)")

    def action_move(self, side: str, direction: str) -> None:
        """Moving sentences between beads: link and unlink instead."""
        self._not_here("moving a sentence")

    def action_accept(self) -> None:
        """Accept the link under the cursor (a mined link is exported only once accepted)."""
        row = self.bead_list.current
        if row is not None and not row.linked:
            self.notify("this sentence is in no link: nothing to accept (space marks it for "
                        "a link)", severity="warning")
            return
        super().action_accept()

    def action_unaligned(self) -> None:
        """In a comparable pair, a wrong link is removed (delete)."""
        self.action_unlink()
