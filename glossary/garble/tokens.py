"""Word tokens with character offsets, skipping the places where a word is not prose."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_WORD = re.compile(r"[A-Za-z]+")
# A whitespace-delimited run is an address, path, handle or code (its letters are not
# English words) when it holds one of these. Runs are found first and each is searched once:
# one pattern of the form \S*X\S* over the whole line would rescan a run from each of its
# characters, quadratic in the length of a run without spaces (a 50 MB line of Chinese).
_RUN = re.compile(r"\S+")
_NOT_PROSE_MARK = re.compile(
    r"https?://|www\.\S"              # URLs
    r"|(?<=\S)@(?=\S)"                # e-mail addresses, handles
    r"|[/\\_]"                         # paths, snake_case
    r"|[A-Za-z0-9]\.[A-Za-z0-9]"       # domain names, file names, 3.5, U.S., e.g.
)


@dataclass(frozen=True)
class WordToken:
    """An alphabetic run ``text`` at ``line[start:end]``."""

    start: int
    end: int
    text: str


def not_prose_spans(line: str) -> list[tuple[int, int]]:
    """Spans of ``line`` that are URLs, paths, addresses or dotted names (whole runs of
    non-space characters), in order; linear in the length of the line."""
    return [(m.start(), m.end()) for m in _RUN.finditer(line)
            if _NOT_PROSE_MARK.search(m.group())]


def iter_words(line: str) -> Iterator[WordToken]:
    """Alphabetic words of ``line`` outside URLs, paths and dotted names; not glued to digits."""
    blocked = not_prose_spans(line)
    next_block = 0  # words and blocked spans both come in order: one pass over each
    for match in _WORD.finditer(line):
        start, end = match.span()
        while next_block < len(blocked) and blocked[next_block][1] <= start:
            next_block += 1
        if next_block < len(blocked) and blocked[next_block][0] <= start:
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
