"""The bead list: Chinese and English side by side, one bead per row, drawn line by line.

A pair may hold 10,000 beads, so this is a Line API widget (``ScrollView``): it keeps the
height of every row (wrapped in terminal cells, see ``wrap.line_starts``) as prefix sums and
renders only the lines on screen. Rows are rendered once and cached until the data, the
width or the cursor change.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.messages import BeadChosen, BeadHighlighted
from tui.service import LOW_CONFIDENCE, BeadView
from tui.widgets.wrap import line_starts

GUTTER = 11
"""Cells left of the texts: status glyph, score, n-m ratio."""
SEPARATOR = " │ "
STATUS_GLYPHS = {"pending": "·", "accepted": "✓", "rejected": "✗", "unaligned": "∅"}
HIGH_CONFIDENCE = 0.8


def score_class(score: float | None) -> str:
    """Component class naming the colour of a confidence score."""
    if score is None:
        return "bead-list--dim"
    if score >= HIGH_CONFIDENCE:
        return "bead-list--high"
    return "bead-list--mid" if score >= LOW_CONFIDENCE else "bead-list--low"


def format_score(score: float | None) -> str:
    """A score as 4 cells: ``0.93``, ``1.00`` or ``  — `` when not measured."""
    return "  — " if score is None else f"{score:4.2f}"


class BeadList(ScrollView, can_focus=True):
    """Virtualised two-column list of beads with a row cursor."""

    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False, tooltip="Previous bead", id="bead.up"),
        Binding("down,j", "cursor_down", "Down", show=False, tooltip="Next bead",
                id="bead.down"),
        Binding("pageup", "page_up", "Page up", show=False, tooltip="One screen up",
                id="bead.pageup"),
        Binding("pagedown", "page_down", "Page down", show=False, tooltip="One screen down",
                id="bead.pagedown"),
        Binding("home", "first", "First", show=False, tooltip="First bead", id="bead.first"),
        Binding("end", "last", "Last", show=False, tooltip="Last bead", id="bead.last"),
    ]

    COMPONENT_CLASSES = {
        "bead-list--cursor", "bead-list--odd", "bead-list--even", "bead-list--high",
        "bead-list--mid", "bead-list--low", "bead-list--dim", "bead-list--many",
        "bead-list--suggestion", "bead-list--accepted", "bead-list--unaligned",
        "bead-list--rejected", "bead-list--pending", "bead-list--edited", "bead-list--found",
        "bead-list--realigned",
    }

    DEFAULT_CSS = """
    BeadList {
        background: $surface;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
        /* always show the scrollbar: the text width, and so every row height, stays put */
        overflow-y: scroll;
    }
    BeadList > .bead-list--even { background: $surface; }
    BeadList > .bead-list--odd { background: $surface-lighten-1; }
    /* blue cursor: the suggestion highlight is orange ($warning), and in the stock themes
       $accent is that same orange, which hid suggestions on the current row */
    BeadList > .bead-list--cursor { background: $primary 30%; }
    BeadList:focus > .bead-list--cursor { background: $primary 50%; }
    BeadList > .bead-list--high { color: $success; }
    BeadList > .bead-list--mid { color: $warning; }
    BeadList > .bead-list--low { color: $error; text-style: bold; }
    BeadList > .bead-list--dim { color: $foreground-muted; }
    BeadList > .bead-list--many { color: $text-primary; text-style: bold; }
    BeadList > .bead-list--suggestion { background: $warning 35%; text-style: underline; }
    BeadList > .bead-list--accepted { color: $success; text-style: bold; }
    BeadList > .bead-list--unaligned { color: $error; text-style: bold; }
    BeadList > .bead-list--rejected { color: $error; }
    BeadList > .bead-list--pending { color: $foreground-muted; }
    BeadList > .bead-list--edited { color: $text-secondary; }
    BeadList > .bead-list--found { background: $secondary 60%; text-style: bold; }
    BeadList > .bead-list--realigned { color: $text-accent; text-style: bold; }
    """

    cursor: reactive[int] = reactive(0, always_update=True, init=False)
    """Index of the highlighted bead in the (filtered) list."""

    def __init__(self, *, id: str | None = None, classes: str | None = None,
                 single: str | None = None) -> None:
        """``single`` ('zh' or 'en'): one document's sentences, one text column of that side."""
        super().__init__(id=id, classes=classes)
        self.single = single
        self.marked: frozenset[str] = frozenset()
        """Segment ids the reviewer marked for a link (◆ in the gutter)."""
        self.search = ""
        """Text of the latest search, highlighted where it occurs (case ignored)."""
        self._beads: list[BeadView] = []
        self._offsets: list[int] = [0]
        self._layout_width = -1
        self._row_cache: dict[tuple[int, bool], list[Strip]] = {}

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # cached rows hold colours resolved under the previous styles (theme, focus)
        self._row_cache.clear()

    # -- data ---------------------------------------------------------------------------
    @property
    def beads(self) -> list[BeadView]:
        """The beads shown, in order."""
        return self._beads

    @property
    def current(self) -> BeadView | None:
        """The bead under the cursor."""
        return self._beads[self.cursor] if 0 <= self.cursor < len(self._beads) else None

    def set_beads(self, beads: list[BeadView], *, bead_id: int | None = None,
                  index: int | None = None, keep_view: bool = False) -> None:
        """Show ``beads``; put the cursor on ``bead_id`` if shown, else on ``index``.

        ``keep_view``: the cursor row stays on the same screen line (the list grew around
        it, e.g. the rest of a large pair arrived), instead of scrolling into view.
        """
        screen_line = None
        if keep_view and self._laid_out and 0 <= self.cursor < len(self._beads):
            screen_line = self._offsets[self.cursor] - int(self.scroll_offset.y)
        self._beads = beads
        self._row_cache.clear()
        self._layout_width = -1
        self._layout()
        target = index if index is not None else self.cursor
        if bead_id is not None:
            target = next((i for i, b in enumerate(beads) if b.bead_id == bead_id), target)
        if screen_line is not None and self._laid_out and beads:
            target = max(0, min(target, len(beads) - 1))
            self.scroll_to(y=max(self._offsets[target] - screen_line, 0), animate=False,
                           force=True, immediate=True)
        self.cursor = max(0, min(target, len(beads) - 1))
        self.refresh()

    def set_search(self, search: str) -> None:
        """Highlight ``search`` in the rows (redraws them)."""
        self.search = search.casefold()
        self._row_cache.clear()
        self.refresh()

    def _highlight(self, text: Text) -> None:
        if not self.search:
            return
        folded = text.plain.casefold()
        if len(folded) != len(text.plain):
            return  # casefolding changed the length: offsets would not match
        style = self._style("bead-list--found")
        start = folded.find(self.search)
        while start >= 0:
            text.stylize(style, start, start + len(self.search))
            start = folded.find(self.search, start + len(self.search))

    def set_marked(self, marked: frozenset[str]) -> None:
        """Show ``marked`` segments as marked (redraws the rows)."""
        self.marked = marked
        self._row_cache.clear()
        self.refresh()

    def update_bead(self, index: int, bead: BeadView) -> None:
        """Replace the bead at ``index`` (same place): only its row is measured and redrawn."""
        self._beads[index] = bead
        self._row_cache.pop((index, True), None)
        self._row_cache.pop((index, False), None)
        if self._laid_out:
            zh_width, en_width = self.text_widths(self._layout_width)
            height = max(len(line_starts(bead.zh_text, zh_width)),
                         len(line_starts(bead.en_text, en_width)))
            delta = height - (self._offsets[index + 1] - self._offsets[index])
            if delta:  # an edit changed the row's height: every later row moves
                offsets = self._offsets
                for i in range(index + 1, len(offsets)):
                    offsets[i] += delta
                self._row_cache.clear()
                self.virtual_size = Size(self._layout_width, offsets[-1])
        self.refresh()

    def index_of(self, predicate: Callable[[BeadView], bool]) -> int | None:
        """Index of the first bead after the cursor (wrapping) that satisfies ``predicate``."""
        n = len(self._beads)
        for step in range(1, n + 1):
            i = (self.cursor + step) % n
            if predicate(self._beads[i]):
                return i
        return None

    # -- geometry ------------------------------------------------------------------------
    @staticmethod
    def column_widths(width: int) -> tuple[int, int]:
        """Cells of the Chinese and English columns in a list ``width`` cells wide."""
        text = max(width - GUTTER - cell_len(SEPARATOR), 8)
        return text // 2, text - text // 2

    def text_widths(self, width: int) -> tuple[int, int]:
        """Cells of the Chinese and English texts in this list, ``width`` cells wide."""
        if self.single is None:
            return self.column_widths(width)
        text = max(width - GUTTER, 8)
        return (text, 0) if self.single == "zh" else (0, text)

    def _layout(self) -> None:
        width = self.scrollable_content_region.width or self.size.width
        if width <= 0 or width == self._layout_width:
            return
        self._layout_width = width
        self._row_cache.clear()
        zh_width, en_width = self.text_widths(width)
        offsets = [0]
        total = 0
        for bead in self._beads:
            height = max(len(line_starts(bead.zh_text, zh_width)),
                         len(line_starts(bead.en_text, en_width)))
            total += height
            offsets.append(total)
        self._offsets = offsets
        self.virtual_size = Size(width, total)

    def on_resize(self, event: events.Resize) -> None:
        self._layout()
        self._scroll_to_cursor()

    @property
    def _laid_out(self) -> bool:
        return self._layout_width > 0 and len(self._offsets) == len(self._beads) + 1

    def _scroll_to_cursor(self) -> None:
        self._layout()
        if self._laid_out and 0 <= self.cursor < len(self._beads):
            self.scroll_to_region(self.row_region(self.cursor), animate=False, force=True,
                                  immediate=True)

    def row_region(self, index: int) -> Region:
        """The region of row ``index`` in virtual (scrolled) coordinates."""
        top = self._offsets[index]
        return Region(0, top, self._layout_width, self._offsets[index + 1] - top)

    def row_at(self, y: int) -> int:
        """Index of the row covering virtual line ``y``."""
        return max(0, min(bisect_right(self._offsets, y) - 1, len(self._beads) - 1))

    # -- rendering ----------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        if not self._laid_out:
            self._layout()
        absolute = y + int(self.scroll_offset.y)
        width = self._layout_width if self._layout_width > 0 else self.size.width
        if not self._laid_out or not self._beads or absolute >= self._offsets[-1]:
            return Strip.blank(width, self.rich_style)
        index = self.row_at(absolute)
        strips = self._row_strips(index)
        line = absolute - self._offsets[index]
        return strips[line] if line < len(strips) else Strip.blank(width, self.rich_style)

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=True)

    def _row_strips(self, index: int) -> list[Strip]:
        is_cursor = index == self.cursor
        key = (index, is_cursor)
        cached = self._row_cache.get(key)
        if cached is not None:
            return cached
        if len(self._row_cache) > 400:
            self._row_cache.clear()
        bead = self._beads[index]
        width = self._layout_width
        zh_width, en_width = self.text_widths(width)
        base = self.get_component_rich_style(
            "bead-list--cursor" if is_cursor else
            ("bead-list--odd" if index % 2 else "bead-list--even"))
        if self.single is not None:
            return self._sentence_strips(index, bead, base)
        marked = bool(self.marked) and any(s in self.marked
                                            for s in bead.zh_ids + bead.en_ids)
        if not bead.linked:
            # a sentence of a comparable pair in no link: no status, no score
            gutter = Text.assemble(
                ("◆" if marked else "○", self._style("bead-list--many" if marked
                                                     else "bead-list--dim")),
                (" unlinked", self._style("bead-list--dim")))
        else:
            gutter = Text.assemble(
                ("◆", self._style("bead-list--many")) if marked else
                ("↻", self._style("bead-list--realigned")) if bead.realigned else
                (STATUS_GLYPHS.get(bead.status, "?"), self._style(f"bead-list--{bead.status}")),
                " ",
                (format_score(bead.score), self._style(score_class(bead.score))),
                " ",
                (f"{bead.ratio:<4}" if bead.is_many else "    ",
                 self._style("bead-list--many")),
            )
        zh_lines = _divide(Text(bead.zh_text), line_starts(bead.zh_text, zh_width))
        en_text = Text(bead.en_text,
                       style=self._style("bead-list--edited") if bead.edited else "")
        suggestion_style = self._style("bead-list--suggestion")
        for sug in bead.suggestions:
            if sug.start >= 0:
                en_text.stylize(suggestion_style, sug.start, sug.end)
        zh_found = Text(bead.zh_text)
        self._highlight(zh_found)
        if self.search:
            zh_lines = _divide(zh_found, line_starts(bead.zh_text, zh_width))
        self._highlight(en_text)
        en_lines = _divide(en_text, line_starts(bead.en_text, en_width))
        height = max(len(zh_lines), len(en_lines))
        console = self.app.console
        strips = []
        for line in range(height):
            left = gutter.copy() if line == 0 else Text(" " * GUTTER)
            left.truncate(GUTTER, overflow="crop", pad=True)
            zh = zh_lines[line].copy() if line < len(zh_lines) else Text()
            zh.truncate(zh_width, overflow="crop", pad=True)
            en = en_lines[line].copy() if line < len(en_lines) else Text()
            en.truncate(en_width, overflow="crop", pad=True)
            whole = Text.assemble(left, zh, (SEPARATOR, self._style("bead-list--dim")), en,
                                  style=base, end="")
            segments = list(whole.render(console))
            strips.append(Strip(Segment.apply_style(segments, base),
                                width).adjust_cell_length(width, base))
        self._row_cache[key] = strips
        return strips

    def _sentence_strips(self, index: int, bead: BeadView, base: Style) -> list[Strip]:
        """One sentence of a document: its number and marks, then its text in full width."""
        key = (index, index == self.cursor)
        width = self._layout_width
        text_width = max(self.text_widths(width))
        zh_side = self.single == "zh"
        source = bead.zh_text if zh_side else bead.en_text
        dim = bead.boilerplate is not None
        mark = "∅" if dim else ("•" if bead.suggestions else ("✎" if bead.edited else " "))
        mark_style = ("bead-list--dim" if dim else "bead-list--suggestion" if bead.suggestions
                      else "bead-list--edited")
        gutter = Text.assemble((f"{bead.number:>7} ", self._style("bead-list--dim")),
                               (mark, self._style(mark_style)), "  ")
        text = Text(source, style=self._style("bead-list--dim") if dim else (
            self._style("bead-list--edited") if bead.edited else ""))
        suggestion_style = self._style("bead-list--suggestion")
        for sug in bead.suggestions:
            if sug.start >= 0:
                text.stylize(suggestion_style, sug.start, sug.end)
        for start, end in bead.terms:
            text.stylize(self._style("bead-list--many"), start, end)
        self._highlight(text)
        lines = _divide(text, line_starts(source, text_width))
        console = self.app.console
        strips = []
        for number, line_text in enumerate(lines):
            left = gutter.copy() if number == 0 else Text(" " * GUTTER)
            left.truncate(GUTTER, overflow="crop", pad=True)
            body = line_text.copy()
            body.truncate(text_width, overflow="crop", pad=True)
            whole = Text.assemble(left, body, style=base, end="")
            segments = list(whole.render(console))
            strips.append(Strip(Segment.apply_style(segments, base),
                                width).adjust_cell_length(width, base))
        self._row_cache[key] = strips
        return strips

    # -- cursor -------------------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        self._row_cache.pop((old, True), None)
        self._row_cache.pop((new, False), None)
        self._scroll_to_cursor()
        self.refresh()
        bead = self.current
        self.post_message(BeadHighlighted(new, bead.bead_id if bead else None))

    def _move(self, index: int) -> None:
        if self._beads:
            self.cursor = max(0, min(index, len(self._beads) - 1))

    def action_cursor_up(self) -> None:
        """Previous bead."""
        self._move(self.cursor - 1)

    def action_cursor_down(self) -> None:
        """Next bead."""
        self._move(self.cursor + 1)

    def action_page_down(self) -> None:
        """One screen of rows down."""
        if self._beads and self._laid_out:
            page = max(self.scrollable_content_region.height, 1)
            self._move(self.row_at(self._offsets[self.cursor] + page))

    def action_page_up(self) -> None:
        """One screen of rows up."""
        if self._beads and self._laid_out:
            page = max(self.scrollable_content_region.height, 1)
            self._move(self.row_at(max(self._offsets[self.cursor] - page, 0)))

    def action_first(self) -> None:
        """First bead."""
        self._move(0)

    def action_last(self) -> None:
        """Last bead."""
        self._move(len(self._beads) - 1)

    def on_click(self, event: events.Click) -> None:
        if not self._beads or not self._laid_out:
            return
        absolute = event.y + int(self.scroll_offset.y)
        if absolute >= self._offsets[-1]:
            return
        index = self.row_at(absolute)
        self._move(index)
        if event.chain >= 2:
            self.post_message(BeadChosen(index, self._beads[index].bead_id))


def _divide(text: Text, starts: tuple[int, ...]) -> list[Text]:
    return list(text.divide(starts[1:])) if len(starts) > 1 else [text]
