"""Line breaking measured in terminal cells, for mixed Chinese and English text.

Rich can wrap text, but the bead list must know the height of every row of a 10,000-bead
pair before it draws any of them, so wrapping has to be cheap. This breaker works on
tokens: a CJK character is a token of its own (Chinese breaks between any two characters),
a run of other non-space characters with its trailing spaces is one token (English breaks
between words), and a token wider than the line is cut by characters.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rich.cells import cell_len

# One wide character (CJK, fullwidth forms, CJK punctuation) or one word with its spaces.
_TOKEN = re.compile(
    r"[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f"
    r"\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
    r"|[^\s\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f"
    r"\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]+\s*|\s+")


@lru_cache(maxsize=65536)
def line_starts(text: str, width: int) -> tuple[int, ...]:
    """Offsets where each wrapped line of ``text`` starts (the first is 0), ``width`` in cells."""
    width = max(width, 2)
    if text.isascii() and len(text) <= width or cell_len(text) <= width:
        return (0,)
    starts = [0]
    used = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        token_width = cell_len(token)
        visible = cell_len(token.rstrip())  # trailing spaces may hang past the edge
        if used and used + visible > width:
            starts.append(match.start())
            used = 0
        if visible > width:
            # A word longer than a line: cut it by characters.
            offset = match.start()
            for char in token:
                char_width = cell_len(char)
                if used and used + char_width > width:
                    starts.append(offset)
                    used = 0
                used += char_width
                offset += 1
            continue
        used += token_width
    return tuple(starts)


def wrap(text: str, width: int) -> list[str]:
    """``text`` cut into lines of at most ``width`` cells (trailing spaces kept)."""
    starts = line_starts(text, width)
    ends = [*starts[1:], len(text)]
    return [text[a:b] for a, b in zip(starts, ends, strict=True)]
