"""Unwrapping: which lines of a document make one paragraph, and the sentences of each.

A line break ends a sentence (:mod:`corpus.segment`), so a paragraph that a file breaks over
several lines must be joined first. Plain text is one paragraph per line, except where a
soft line break shows: a hard-wrapped file (many lines exactly as wide as the widest, see
:func:`wrap_width`: the only sign Chinese gives) or English prose whose long line has no
final stop and whose next line starts in lower case. In Markdown, consecutive plain lines
are one paragraph. ``bitextual add`` and ``align-files`` (without ``--presplit``) both read
documents through :func:`paragraph_ranges` and :func:`sentences_of_block`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence

from corpus.formats.units import SourceLine, SourceText
from corpus.language import han_share, lang_of_share
from corpus.segment import sentence_spans

_SENTENCE_END = re.compile(r"[.!?:;,。！？：；…]['\"”’)\]]*$")
_STARTS_LOWER = re.compile(r"^[a-z]")
_MD_BLOCK_START = re.compile(r"^\s{0,3}(?:#|>|[-*+]\s|\d{1,3}[.)]\s|\||```|~~~)")


MIN_WRAP_CELLS = 30
"""Narrowest hard-wrap width looked for (in terminal cells: a Han character is two)."""
MIN_WRAPPED_SHARE = 0.3
"""Share of a document's lines that must end at its wrap width for it to count as wrapped."""
MIN_WRAPPED_LINES = 4


def text_cells(text: str) -> int:
    """Width of ``text`` in terminal cells (wide and full-width characters count two)."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def wrap_width(lines: Sequence[SourceLine]) -> int | None:
    """The width a hard-wrapped text file was wrapped at, in cells, or None if it was not.

    A tool that wraps at W cells leaves every full line exactly W wide, or W-1 when the next
    character is a wide one: so a wrapped file has many lines of width W or W-1 and none
    wider. Headings, captions and last lines of paragraphs are shorter and do not count.
    Only such a width lets Chinese lines be joined: Chinese has no lowercase letter or space
    to show that a line goes on.
    """
    widths = [text_cells(line.text.rstrip()) for line in lines if line.text.strip()]
    if len(widths) < MIN_WRAPPED_LINES:
        return None
    counts = Counter(widths)
    best = max(counts, key=lambda w: (counts[w] + counts.get(w - 1, 0), w))
    at_width = counts[best] + counts.get(best - 1, 0)
    wider = sum(n for w, n in counts.items() if w > best)
    if best < MIN_WRAP_CELLS or at_width < max(MIN_WRAPPED_LINES, MIN_WRAPPED_SHARE * len(widths)) \
            or wider > 0.02 * len(widths):
        return None
    return best


def continues_paragraph(previous: SourceLine, current: SourceLine, markdown: bool,
               wrapped_at: int | None = None) -> bool:
    """Whether ``current`` continues the paragraph of ``previous`` (a soft line break)."""
    if not previous.text.strip() or not current.text.strip():
        return False
    if wrapped_at is not None and text_cells(previous.text.rstrip()) >= wrapped_at - 1:
        # a full line of a hard-wrapped file: the paragraph goes on (if the line happened to
        # end a sentence, joining changes nothing, the splitter cuts there anyway)
        return True
    if markdown:
        # Markdown: consecutive plain lines are one paragraph; headings, list items,
        # quotes and tables start blocks of their own.
        return not _MD_BLOCK_START.match(current.source) and \
            not _MD_BLOCK_START.match(previous.source)
    # Plain text: one line is one paragraph, except hard-wrapped English prose, where a
    # long line without a final stop is followed by a line starting in lower case.
    return (len(previous.text) >= 50 and not _SENTENCE_END.search(previous.text.rstrip())
            and bool(_STARTS_LOWER.match(current.text.lstrip())))


def block_split_lang(text: str, document_lang: str) -> str:
    """The rules to split one paragraph with: its own language when it is clearly Chinese or
    clearly English (an English line in a Chinese article, the alternating lines of a
    bilingual document), else the document's."""
    share = han_share(text)
    if share is None:
        return document_lang
    lang = lang_of_share(share)
    return lang if lang in ("zh", "en") else document_lang


def sentences_of_block(block: list[SourceLine], document_lang: str) -> list[tuple[str, int]]:
    """Sentences of a paragraph made of one or more source lines, each with the line it
    starts on. Soft line breaks are joined with a space (English) or nothing (Chinese)."""
    lang = block_split_lang(" ".join(line.text for line in block), document_lang)
    joiner = "" if lang == "zh" else " "
    starts: list[int] = []
    pieces: list[str] = []
    offset = 0
    for line in block:
        piece = line.text.strip()
        starts.append(offset)
        pieces.append(piece)
        offset += len(piece) + len(joiner)
    text = joiner.join(pieces)
    result: list[tuple[str, int]] = []
    for start, end in sentence_spans(text, lang):
        which = max(i for i, s in enumerate(starts) if s <= start)
        result.append((text[start:end], block[which].line))
    return result


def paragraph_ranges(source: SourceText,
                     alone: Sequence[bool] | None = None) -> Iterator[tuple[int, int]]:
    """``(start, stop)`` indexes into ``source.lines`` of each paragraph, in order.

    Blank lines belong to no paragraph. A line whose ``alone`` flag is set (a boilerplate
    line set aside) is a paragraph by itself and joins no other.
    """
    lines = source.lines
    single = [False] * len(lines) if alone is None else alone
    markdown = source.format == "md"
    wrapped_at = wrap_width(lines) if source.format == "txt" else None
    index = 0
    while index < len(lines):
        if not lines[index].text.strip():
            index += 1
            continue
        start = index
        index += 1
        if not single[start]:
            while index < len(lines) and not single[index] \
                    and continues_paragraph(lines[index - 1], lines[index], markdown, wrapped_at):
                index += 1
        yield start, index


def document_sentences(source: SourceText, lang: str) -> list[str]:
    """The sentences of a whole document, paragraph by paragraph, every line kept.

    ``lang`` is the document's language; a paragraph clearly in the other language is split
    by its own rules (see :func:`block_split_lang`).
    """
    sentences: list[str] = []
    for start, stop in paragraph_ranges(source):
        sentences.extend(text for text, _ in sentences_of_block(source.lines[start:stop], lang))
    return sentences
