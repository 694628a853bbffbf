"""Word tokens with character offsets, skipping the places where a word is not prose."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_WORD = re.compile(r"[A-Za-z]+")
# Runs that are addresses, paths, handles or code: their letters are not English words.
_NOT_PROSE = re.compile(
    r"(?:https?://|www\.)\S+"          # URLs
    r"|\S+@\S+"                         # e-mail addresses, handles
    r"|\S*[/\\_]\S*"                    # paths, snake_case
    r"|\S*[A-Za-z0-9]\.[A-Za-z0-9]\S*"  # domain names, file names, 3.5, U.S., e.g.
)


@dataclass(frozen=True)
class WordToken:
    """An alphabetic run ``text`` at ``line[start:end]``."""

    start: int
    end: int
    text: str


def not_prose_spans(line: str) -> list[tuple[int, int]]:
    """Spans of ``line`` that are URLs, paths, addresses or dotted names."""
    return [(m.start(), m.end()) for m in _NOT_PROSE.finditer(line)]


def iter_words(line: str) -> Iterator[WordToken]:
    """Alphabetic words of ``line`` outside URLs, paths and dotted names; not glued to digits."""
    blocked = not_prose_spans(line)
    for match in _WORD.finditer(line):
        start, end = match.span()
        if any(b_start <= start < b_end for b_start, b_end in blocked):
            continue
        before = line[start - 1] if start else ""
        after = line[end] if end < len(line) else ""
        # 5G, 13Th, COVID19: letters glued to digits are codes or ordinals, not words.
        if before.isdigit() or after.isdigit():
            continue
        yield WordToken(start, end, match.group())


def match_case(template: str, word: str) -> str | None:
    """Give lowercase ``word`` the case shape of ``template``; None when the shape is mixed."""
    if template.islower():
        return word
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template[0].isupper() and (len(template) == 1 or template[1:].islower()):
        return word[:1].upper() + word[1:]
    return None
