"""Spacing damage: "state -owned", "industry.On", "word ,", double spaces, CJK punctuation.

Every pattern keeps away from the places where the same characters are correct: initials
and abbreviations (U.S., e.g.), decimals (3.5), URLs, domain and file names (Eall.Cz,
report.pdf), ellipses (". . ."), minus signs (-5).
"""

from __future__ import annotations

import bisect
import re
import sys

from glossary.finding import Finding
from glossary.garble.lexicon import Lexicon, english_lexicon
from glossary.garble.overlap import resolve_overlaps
from glossary.garble.tokens import not_prose_spans

# Lower-case parts that make "word.Word" a domain or file name rather than two sentences.
_NAME_SUFFIXES = frozenset(
    "com net org gov edu cn hk tw uk io de fr jp cz ru info biz html htm php asp aspx pdf doc "
    "docx xls xlsx ppt pptx txt csv json xml jpg jpeg png gif zip rar exe py js".split())

_DETACHED_HYPHEN = re.compile(r"(?<![\w-])([A-Za-z]{2,}) -([a-z]{2,})(?![\w-])"
                              r"|(?<![\w-])([A-Za-z]{2,})- ([a-z]{2,})(?![\w-])")
# "ten- or eleven-year-old", "pre- and post-war", "two- to three-day": a hyphen left hanging
# before a coordinating word is English (a suspended hyphen), not a detached one.
_SUSPENDING_WORDS = frozenset(
    "and or nor to through thru versus vs but as rather plus".split())
_GLUED_SENTENCE = re.compile(r"(?<![\w.])([a-z]{3,})([.!?])([A-Z][a-z]+)\b")
_GLUED_COMMA = re.compile(r"(?<![\w.])([A-Za-z]{2,}),([a-z]{2,})\b")
_SPACE_BEFORE = re.compile(r"(?<=[A-Za-z0-9)\"”’])( +)([,;:!?]|\.(?![ .]*\.))(?=\s|$)")
_DOUBLE_SPACE = re.compile(r"(?<=\S)( {2,})(?=\S)")
_CJK = r"[\u3400-\u9fff\uf900-\ufaff]"
_FULLWIDTH_CLOSE = r"[，。！？；：、）」』】》”’]"
_FULLWIDTH_OPEN = r"[（「『【《“‘]"
_SPACE_AT_CJK_PUNCT = re.compile(
    rf"(?<={_CJK})([ \u3000]+)(?={_FULLWIDTH_CLOSE})"
    rf"|(?<={_FULLWIDTH_CLOSE})([ \u3000]+)(?={_CJK})"
    rf"|(?<={_CJK})([ \u3000]+)(?={_FULLWIDTH_OPEN})"
    rf"|(?<={_FULLWIDTH_OPEN})([ \u3000]+)(?={_CJK})")
_FULLWIDTH_IN_LATIN = re.compile(r"(?<=[A-Za-z0-9])([，。；：！？])(?=[A-Za-z ]|$)")
_ASCII_OF = {"，": ",", "。": ".", "；": ";", "：": ":", "！": "!", "？": "?"}


def _inside(spans: list[tuple[int, int]], position: int) -> bool:
    """Whether ``position`` falls in one of ``spans`` (sorted, disjoint): a binary search,
    so a line with many spans and many matches stays linear-logarithmic."""
    index = bisect.bisect_right(spans, (position, sys.maxsize)) - 1
    return index >= 0 and spans[index][0] <= position < spans[index][1]


def spacing_suggestions(line: str, lexicon: Lexicon | None = None) -> list[Finding]:
    """Spacing suggestions for one line."""
    lex = lexicon or english_lexicon()
    found: list[Finding] = []
    blocked = [span for span in not_prose_spans(line)
               if not _GLUED_SENTENCE.fullmatch(line[span[0]:span[1]].strip("\"“”'’()[],;:"))]

    for match in _DETACHED_HYPHEN.finditer(line):
        left, right = (match.group(1), match.group(2)) if match.group(1) else (match.group(3),
                                                                                match.group(4))
        if not (lex.is_frequent(left.lower()) and lex.is_frequent(right)):
            continue
        if match.group(3) and right in _SUSPENDING_WORDS:
            continue
        gap_start = match.start() + len(left)
        gap_end = match.end() - len(right)
        found.append(Finding(gap_start, gap_end, line[gap_start:gap_end], "-", "spacing",
                                "spacing:detached-hyphen", 0.92,
                                f"'{left}' and '{right}' are a hyphenated compound"))

    for match in _GLUED_SENTENCE.finditer(line):
        left, mark, right = match.groups()
        if right.lower() in _NAME_SUFFIXES or _inside(blocked, match.start()):
            continue
        after = line[match.end():match.end() + 1]
        if after in {".", "/", "@"} or line[max(0, match.start() - 4):match.start()] in {"www."}:
            continue  # a.b.c chains, paths and hosts
        if not (lex.is_frequent(left) and lex.is_frequent(right.lower())):
            continue
        at = match.start(2) + 1
        found.append(Finding(at, at, "", " ", "spacing", "spacing:glued-sentence", 0.92,
                                f"no space after '{mark}' between '{left}' and '{right}'"))

    not_prose = not_prose_spans(line)
    for match in _GLUED_COMMA.finditer(line):
        left, right = match.groups()
        if _inside(not_prose, match.start()):
            continue
        if not (lex.is_frequent(left.lower()) and lex.is_frequent(right)):
            continue
        at = match.end(1) + 1
        found.append(Finding(at, at, "", " ", "spacing", "spacing:glued-comma", 0.9,
                                f"no space after the comma between '{left}' and '{right}'"))

    for match in _SPACE_BEFORE.finditer(line):
        mark = match.group(2)
        # "Quoi ?" spacing is a real convention; after a closing quote the space may be a
        # deliberate separation from the quotation.
        after_word = line[match.start() - 1].isalnum()
        confidence = 0.92 if mark in ",." and after_word else 0.75
        start, end = match.span(1)
        found.append(Finding(start, end, match.group(1), "", "spacing",
                                "spacing:space-before-punctuation", confidence,
                                f"space before '{mark}'"))

    for match in _DOUBLE_SPACE.finditer(line):
        start, end = match.span(1)
        before = line[start - 1]
        # Two spaces after a full stop is the typewriter convention, not damage.
        confidence = 0.5 if before in ".!?:" else 0.9
        found.append(Finding(start, end, match.group(1), " ", "spacing",
                                "spacing:double-space", confidence,
                                f"{end - start} spaces in a row"))

    for match in _SPACE_AT_CJK_PUNCT.finditer(line):
        start, end = match.span()
        found.append(Finding(start, end, line[start:end], "", "spacing",
                                "spacing:cjk-punctuation", 0.9,
                                "no spaces around full-width punctuation in Chinese text"))

    for match in _FULLWIDTH_IN_LATIN.finditer(line):
        start, end = match.span(1)
        after = line[end:end + 1]
        replacement = _ASCII_OF[match.group(1)] + ("" if after in {" ", ""} else " ")
        found.append(Finding(start, end, match.group(1), replacement, "spacing",
                                "spacing:fullwidth-in-english", 0.8,
                                "full-width punctuation inside English text"))
    return resolve_overlaps(found)
