"""Line breaking measured in terminal cells, for mixed Chinese and English text.

Rich can wrap text, but the bead list must know the height of every row of a 10,000-bead
pair before it draws any of them, so wrapping has to be cheap: ASCII text (one cell per
character) is word-wrapped with string searches; other text is walked once, character by
character — a wide (CJK) character may start a new line anywhere, other text breaks after
its last space, and a word wider than the line is cut. Rows are measured with the same
function that draws them, so the heights can never disagree with the drawing.
"""

from __future__ import annotations

from functools import lru_cache

from rich.cells import cell_len


@lru_cache(maxsize=131072)
def line_starts(text: str, width: int) -> tuple[int, ...]:
    """Offsets where each wrapped line of ``text`` starts (the first is 0), ``width`` in cells."""
    width = max(width, 2)
    if text.isascii():
        return (0,) if len(text) <= width else _ascii_starts(text, width)
    return _mixed_starts(text, width)


def _ascii_starts(text: str, width: int) -> tuple[int, ...]:
    # One cell per character: greedy word wrap on spaces, cutting words longer than a line.
    starts = [0]
    line_start = 0
    n = len(text)
    while n - line_start > width:
        limit = line_start + width
        if text[limit] == " ":
            cut = limit
        else:
            cut = text.rfind(" ", line_start, limit)
            if cut <= line_start:  # one word longer than the line
                starts.append(limit)
                line_start = limit
                continue
        cut += 1
        while cut < n and text[cut] == " ":  # spaces hang past the edge
            cut += 1
        if cut >= n:
            break
        starts.append(cut)
        line_start = cut
    return tuple(starts)


def _mixed_starts(text: str, width: int) -> tuple[int, ...]:
    # Per character: wide characters may break anywhere, other text breaks after a space.
    # The loop body is inlined (no calls per character): it runs over every character of
    # a 10,000-bead pair when the pair opens.
    widths = _CHAR_WIDTHS
    starts = [0]
    line_start = 0
    used = 0
    last_space = -1  # index just after the last space on the current line
    for index, char in enumerate(text):
        char_width = widths.get(char)
        if char_width is None:
            char_width = widths[char] = cell_len(char)
        if char == " ":
            used += 1
            last_space = index + 1
            continue
        if used + char_width > width and used:
            if char_width == 2 or last_space <= line_start:
                cut = index
                # closing punctuation never starts a line: the character before it
                # moves down with it (kinsoku), as in print
                if (char in NO_LINE_START and index - 1 > line_start
                        and text[index - 1] != " "):
                    cut = index - 1
                # a number or a Latin word inside Chinese text moves down whole:
                # "2021年" never becomes "2" / "021年", nor "6.5%" "6." / "5%"
                if _narrow_word(text[cut]):
                    start = cut
                    while start - 1 > line_start and _narrow_word(text[start - 1]):
                        start -= 1
                    if start - 1 > line_start or not _narrow_word(text[line_start]):
                        cut = start
                line_start = cut
                used = cell_len(text[cut:index])
            else:
                line_start = last_space
                used = cell_len(text[last_space:index])
            starts.append(line_start)
            last_space = -1
        used += char_width
    return tuple(starts)


def _narrow_word(char: str) -> bool:
    """True for a character of a number or a Latin word (one cell, not a space)."""
    return char.isascii() and not char.isspace()


NO_LINE_START = frozenset("。，、；：！？）」』】》〉”’…·.,;:!?)]}%")
"""Punctuation that may not begin a wrapped line of Chinese text."""

_CHAR_WIDTHS: dict[str, int] = {}
"""Cell width of every character met so far (cell_len per character, memoised)."""


def wrap(text: str, width: int) -> list[str]:
    """``text`` cut into lines of at most ``width`` cells (trailing spaces kept)."""
    starts = line_starts(text, width)
    ends = [*starts[1:], len(text)]
    return [text[a:b] for a, b in zip(starts, ends, strict=True)]


def ellipsize(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` cells, ending in "…" when it was cut."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:max(width, 0)]
    out: list[str] = []
    used = 1  # the ellipsis
    for char in text:
        char_width = cell_len(char)
        if used + char_width > width:
            break
        out.append(char)
        used += char_width
    return "".join(out) + "…"
