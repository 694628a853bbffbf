"""Sentence segmentation for Chinese and English: rules in plain regular expressions.

Why hand-written rules and not a library: the candidate libraries on PyPI (pysbd, syntok,
blingfire, sentencex, nupunkt) were measured against these rules on MAC-Dev and lost or
did not fit (see ``bench/RESULTS.md``, section "Sentence segmentation", and
``python -m bench.segmentation --candidates``).

Design:

* A line break is always a boundary: news headings and caption lines carry no final stop.
* Only whitespace is ever dropped; every other character lands in exactly one sentence,
  so the sentences can be mapped back to the text by their character offsets
  (:func:`sentence_spans`).
* Chinese ends a sentence after 。！？ (full-width or ASCII), ……, ； when asked, and a
  dash that closes a quotation; closing quotes and brackets after the stop stay with the
  sentence. An ellipsis followed by a space is a stammer, not an end ("我叫…… 叫小玄子").
  An ASCII ``.`` ends a Chinese sentence only after a non-ASCII character, so 1.528, 3.8%
  and U.S. are never cut.
* English ends a sentence after ``. ! ? …`` (plus closing quotes) followed by whitespace
  and a character that can start a sentence, unless the word before the stop is an
  abbreviation. Ambiguous abbreviations (``U.S.``, ``Inc.``, ``etc.``, initials) end a
  sentence only when the next word is a frequent sentence opener ("The", "He", ...).
* Every step is a single left-to-right regex scan plus checks of bounded windows around
  each candidate, so the cost is linear in the text (a 10,000-character sentence is fine).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from corpus.errors import BitextualError

__all__ = [
    "SPLIT_ON_SEMICOLON_DEFAULT",
    "normalise_split_lang",
    "sentence_spans",
    "split_sentences",
]

SPLIT_ON_SEMICOLON_DEFAULT = False
"""Whether a Chinese ； (or ;) ends a sentence by default: measured on MAC-Dev, it lowers F1."""

# Every character that str.splitlines() treats as a line break: all are hard boundaries.
_LINE = re.compile(r"[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")
_NON_SPACE = re.compile(r"\S")
# A span that holds no letter or digit (e.g. a stray "……" after a closing quote) is not a
# sentence of its own; it is glued to the sentence before it.
_WORDLIKE = re.compile(r"[^\W_]")

# --- Chinese --------------------------------------------------------------------------------

_ZH_CLOSERS = "”’」』）》〕】〉〗)]}»"
_ZH_STOP = "。！？!?｡"
_ZH_ELLIPSIS = r"…+|⋯+|\.{3,}"
# An ASCII full stop ends a Chinese sentence only right after a non-ASCII character and not
# before a digit: this keeps 1.528, 3.8%, U.S. and www.example.com whole.
_ZH_ASCII_DOT = r"(?<=[^\x00-\x7f])\.(?![0-9.])"
_ZH_FULLWIDTH_DOT = r"(?<![0-9０-９])．(?![0-9０-９])"
_ZH_BROKEN_OFF = r"[—–]+(?=[”’」』\"'])"


def _zh_stop_pattern(split_on_semicolon: bool) -> re.Pattern[str]:
    stops = _ZH_STOP + ("；;" if split_on_semicolon else "")
    # A run of stops, then closers; curly closers may follow after a space ("。 ”"), straight
    # quotes only right after the stop, since after a space they usually open the next quote.
    # A dash ends a sentence only when a quotation closes right after it: speech broken off.
    return re.compile(
        rf"(?:[{stops}]|{_ZH_ELLIPSIS}|{_ZH_ASCII_DOT}|{_ZH_FULLWIDTH_DOT}|{_ZH_BROKEN_OFF})+"
        rf"(?:[ \t\u3000]*[{re.escape(_ZH_CLOSERS)}]|[\"'])*"
    )


_ZH_STOPS = {flag: _zh_stop_pattern(flag) for flag in (False, True)}
_ZH_ELLIPSIS_ONLY = re.compile(rf"(?:{_ZH_ELLIPSIS})+")


def _zh_boundaries(line: str, split_on_semicolon: bool) -> Iterator[int]:
    """Offsets in ``line`` right after each Chinese sentence end."""
    # Straight quotes look the same open and closed; the parity of those seen so far in the
    # line tells which one follows a stop ('他说："好。"' closes, '好。"下一句"' opens).
    open_quotes = {'"': False, "'": False}
    counted_to = 0
    for match in _ZH_STOPS[split_on_semicolon].finditer(line):
        # An ellipsis ends a sentence ("……没好运……轿夫们"), except the stammer written with
        # a space after it ("我叫…… 叫小玄子"): Chinese puts no spaces between sentences.
        end = match.end()
        if end < len(line) and line[end].isspace() and _ZH_ELLIPSIS_ONLY.fullmatch(match.group()):
            continue
        for quote in open_quotes:
            if line.count(quote, counted_to, match.start()) % 2:
                open_quotes[quote] = not open_quotes[quote]
        for index in range(match.start(), match.end()):
            quote = line[index]
            if quote in open_quotes:
                if not open_quotes[quote]:
                    end = index  # this quote opens the next sentence
                    break
                open_quotes[quote] = False
        counted_to = end
        if line[match.start() : end].strip("—– \t\u3000"):
            yield end  # a dash alone, before an opening quote, ends nothing


# --- English --------------------------------------------------------------------------------

# Stops: . ! ? and ellipses, also the spaced ". . ."; a dash counts only right before a
# closing quotation mark (speech broken off: "wait—' 'Why?'").
_EN_STOP = re.compile(
    r"(?:\.(?:[ \u00a0]\.){2,}|[.!?‽。！？…]|[—–]+(?=[\"'”’»]))+(?P<closers>[\"'”’»)\]}]*)"
)
_SPACE_RUN = re.compile(r"\s+")
_OPENERS = "\"'“‘«([{"

# Words before a full stop that never end a sentence: titles before a name, Latin
# connectives. Compared in lower case, without the final stop.
_EN_NEVER_FINAL = frozenset(
    """
    mr mrs ms mssrs messrs mme mlle dr prof st mt ft gen col lt capt cmdr sgt maj adm rev
    hon sen rep gov pres supt insp fr sra srta
    e.g i.e cf vs viz approx ca
    """.split()
)
# Abbreviations that end no sentence when a number follows them ("No. 5", "Jan. 10").
_EN_BEFORE_NUMBER = frozenset(
    """
    no nos vol vols pp p fig figs art arts sec ch chap op tel ext para paras ed eq eqs
    jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)
# Abbreviations that may end a sentence: they end one only before a frequent opener.
_EN_MAYBE_FINAL = frozenset(
    """
    inc ltd corp co llc plc bros jr sr esq etc al dept univ assn est
    """.split()
)
# Words that often start an English sentence and seldom follow an abbreviation inside one.
# Used only to decide the ambiguous cases above; the list is the usual closed-class
# openers, not a list of words seen in any data set.
_EN_OPENERS = frozenset(
    """
    a an the this that these those it its he she they we i you his her their our my your
    there here in on at as after before when while if but and or so yet however meanwhile
    then now today also according for from with by to since although though because what
    why how who where which some many most all one each every such other another last next
    first second third finally moreover furthermore besides under during over among despite
    unlike instead thus therefore still even only both neither either not no
    """.split()
)
_LONGEST_ABBREVIATION = 16
_DOTTED_ACRONYM = re.compile(r"(?:[A-Za-z]{1,2}\.)+[A-Za-z]{1,2}")  # U.S, p.m, Ph.D
_SINGLE_LETTER = re.compile(r"[A-Za-z]")
_ENUMERATOR = re.compile(r"\(?(?:[0-9]{1,3}|[A-Za-z]|[IVXLCivxlc]{1,6})\)?")
_FIRST_WORD = re.compile(r"[\"'“‘«(\[]*([A-Za-z]+)(?![.\w])")


def _word_before(line: str, sentence_start: int, end: int) -> str:
    """The word ending at ``end``, opening quotes removed ('' if too long to be an abbreviation)."""
    start = end
    # Bounded walk: no abbreviation is longer than this, and the bound keeps the scan linear.
    while start > sentence_start and not line[start - 1].isspace():
        start -= 1
        if end - start > _LONGEST_ABBREVIATION:
            return ""
    return line[start:end].lstrip(_OPENERS)


def _en_is_boundary(line: str, sentence_start: int, match: re.Match[str]) -> bool:
    """Whether the stop ``match`` in ``line`` ends an English sentence."""
    after = match.end()
    if after == len(line):
        return True
    space = _SPACE_RUN.match(line, after)
    if space is None:
        return False  # "3.5", "U.S.A", "e.g.,", "Eall.Cz": a stop inside a token
    nxt = space.end()
    if nxt == len(line):
        return True
    first = line[nxt]
    if first.islower() or first in ",;:%)]}":
        return False
    stop = match.group()[: match.start("closers") - match.start()]
    if match.group("closers") or "." not in stop:
        return True  # "?" / "!" / a closed quotation: the writer marked the end
    if stop != ".":
        return True  # an ellipsis before a capital, a digit or a quotation
    # Only short prefixes can be enumerators; the length check keeps the scan linear.
    if match.start() - sentence_start <= 12 and _ENUMERATOR.fullmatch(
        line[sentence_start : match.start()].strip()
    ):
        return False  # "1. Introduction", "(b) Scope", "IV. Results"
    word = _word_before(line, sentence_start, match.start())
    key = word.lower()
    if key in _EN_NEVER_FINAL:
        return False
    if key in _EN_BEFORE_NUMBER and first.isdigit():
        return False
    if (
        key in _EN_MAYBE_FINAL
        or _DOTTED_ACRONYM.fullmatch(word)
        or (_SINGLE_LETTER.fullmatch(word) and word.isupper())
    ):
        opener = _FIRST_WORD.match(line, nxt)
        return opener is not None and opener.group(1).lower() in _EN_OPENERS
    return True


def _en_boundaries(line: str) -> Iterator[int]:
    """Offsets in ``line`` right after each English sentence end."""
    sentence_start = 0
    for match in _EN_STOP.finditer(line):
        if _en_is_boundary(line, sentence_start, match):
            sentence_start = match.end()
            yield sentence_start


# --- both -----------------------------------------------------------------------------------


def normalise_split_lang(lang: str) -> str:
    """'zh' or 'en' for a language tag ('zh-Hans', 'zh_TW', 'en-GB', ...)."""
    base = lang.replace("_", "-").split("-", 1)[0].lower()
    if base in ("zh", "en"):
        return base
    raise BitextualError(
        f"cannot split sentences of language {lang!r}",
        hint="use 'zh' (also 'zh-Hans'/'zh-Hant') or 'en'",
    )


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``(start, end)`` narrowed to exclude surrounding whitespace; None if nothing is left."""
    first = _NON_SPACE.search(text, start, end)
    if first is None:
        return None
    start = first.start()
    while text[end - 1].isspace():
        end -= 1
    return start, end


MAX_SENTENCE_CHARS = 5_000
"""A "sentence" longer than this (a line with no sentence end, such as a 50 MB one-line
file) is cut into pieces of at most this many characters, at the last clause mark or space
before the limit (see :func:`long_sentence_cuts`). The longest line of the shared MAC-Dev,
Bible and WMT22 data has 1,648 characters; every later stage (embedding, bead features, the
garble checks) then works on bounded pieces and stays linear in the document."""
_CUT_AFTER = "，,；;、：:）)」』”’ \t\u3000"


def long_sentence_cuts(text: str, lang: str) -> int:
    """How many cuts :func:`sentence_spans` makes in ``text`` to keep sentences under
    :data:`MAX_SENTENCE_CHARS` (0 at once for text without such a long line), for a
    warning."""
    if not any(len(line) > MAX_SENTENCE_CHARS for line in _LINE.findall(text)):
        return 0
    cuts: list[int] = []
    sentence_spans(text, lang, cuts=cuts)
    return len(cuts)


def _cut_long(line: str, start: int, end: int, cuts: list[int] | None) -> Iterator[int]:
    """Cut points that split ``line[start:end]`` into pieces of at most MAX_SENTENCE_CHARS:
    the last clause mark or space in the second half of each window, else the limit."""
    position = start
    while end - position > MAX_SENTENCE_CHARS:
        limit = position + MAX_SENTENCE_CHARS
        cut = max(line.rfind(mark, position + MAX_SENTENCE_CHARS // 2, limit)
                  for mark in _CUT_AFTER) + 1
        if cut <= position:
            cut = limit
        if cuts is not None:
            cuts.append(cut)
        yield cut
        position = cut


def sentence_spans(
    text: str, lang: str, *, split_on_semicolon: bool | None = None,
    cuts: list[int] | None = None,
) -> list[tuple[int, int]]:
    """Character offsets ``(start, end)`` of each sentence of ``text``, in order.

    ``lang`` is 'zh' or 'en' ('zh-Hans'/'zh-Hant' count as 'zh'). Line breaks are hard
    boundaries. Spans hold no leading or trailing whitespace and cover every other
    character of ``text`` exactly once. ``split_on_semicolon`` (Chinese only) overrides
    :data:`SPLIT_ON_SEMICOLON_DEFAULT`. No span is longer than :data:`MAX_SENTENCE_CHARS`;
    ``cuts`` (when given) receives the line offsets where a longer one was cut.
    """
    split_lang = normalise_split_lang(lang)
    semicolon = SPLIT_ON_SEMICOLON_DEFAULT if split_on_semicolon is None else split_on_semicolon
    spans: list[tuple[int, int]] = []
    for line_match in _LINE.finditer(text):
        line = line_match.group()
        offset = line_match.start()
        ends = _zh_boundaries(line, semicolon) if split_lang == "zh" else _en_boundaries(line)
        start = 0
        for end in _capped([*ends, len(line)], line, cuts):
            span = _trim(line, start, end) if end > start else None
            start = max(start, end)
            if span is None:
                continue
            if spans and spans[-1][1] >= offset and not _WORDLIKE.search(line, *span):
                spans[-1] = (spans[-1][0], offset + span[1])  # punctuation only: glue back
            else:
                spans.append((offset + span[0], offset + span[1]))
    return spans


def _capped(ends: list[int], line: str, cuts: list[int] | None) -> Iterator[int]:
    """``ends`` with cut points added wherever two ends lie too far apart."""
    start = 0
    for end in ends:
        if end - start > MAX_SENTENCE_CHARS:
            yield from _cut_long(line, start, end, cuts)
        yield end
        start = max(start, end)


def split_sentences(text: str, lang: str, *, split_on_semicolon: bool | None = None) -> list[str]:
    """The sentences of ``text`` in order, stripped and non-empty (see :func:`sentence_spans`)."""
    return [
        text[start:end]
        for start, end in sentence_spans(text, lang, split_on_semicolon=split_on_semicolon)
    ]
