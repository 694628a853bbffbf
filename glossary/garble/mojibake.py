"""Text decoded with the wrong character set: UTF-8/cp1252 (via ftfy) and the two GBK kinds.

* GBK bytes read as Latin-1: ’ “ ” — become ``¡¯ ¡° ¡± ¡ª``.
* UTF-8 bytes read as GBK: ’ “ — become ``鈥檚``-style runs (the third byte of the
  punctuation and the next ASCII letter fuse into one Chinese character).

Both are undone by re-encoding the suspicious span and decoding it the right way; a result
is kept only when it is plausible (punctuation, or ASCII around it).
"""

from __future__ import annotations

import difflib
import os
import re

from glossary.finding import Finding

MOJIBAKE_CONFIDENCE = 0.95
"""A strict re-decoding that yields punctuation is practically never a coincidence."""
SAFE_GUESS_CONFIDENCE = 0.92
"""A lost byte guessed from quotation marks that leave only one reading."""

# Runs of Latin-1 high characters: the shape of GBK double bytes shown as Latin-1/cp1252.
_LATIN1_RUN = re.compile(r"[\u00a1-\u00ff]{2,}")
# A run of CJK characters starting with 鈥 (E2 80 = the lead of ’ “ ” — …), the
# signature of UTF-8 punctuation decoded as GBK. The replacement mark ends a run whose last
# byte could not be decoded.
_GBK_OF_UTF8 = re.compile(r"鈥[\u3400-\u9fff\ue000-\uf8ff\uff00-\uffef]?(?:[?\ufffd])?")
_PUNCT_RANGES = ((0x2000, 0x206F), (0x3000, 0x303F), (0xFF00, 0xFFEF))
_CJK_RANGE = (0x4E00, 0x9FFF)


def _is_punctuation(text: str) -> bool:
    return bool(text) and all(any(lo <= ord(c) <= hi for lo, hi in _PUNCT_RANGES) for c in text)


def _gbk_read_as_latin1(line: str) -> list[Finding]:
    found: list[Finding] = []
    for match in _LATIN1_RUN.finditer(line):
        run = match.group()
        if len(run) % 2:
            continue
        try:
            decoded = run.encode("latin-1").decode("gbk")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if _is_punctuation(decoded):
            confidence = MOJIBAKE_CONFIDENCE
        elif len(decoded) >= 2 and all(_CJK_RANGE[0] <= ord(c) <= _CJK_RANGE[1] for c in decoded):
            # Chinese words also survive this way, but "éé"-like runs can be real Latin-1.
            confidence = 0.8
        else:
            continue
        found.append(Finding(match.start(), match.end(), run, decoded, "mojibake",
                                "mojibake:gbk-as-latin1", confidence,
                                f"GBK bytes {run.encode('latin-1').hex(' ')} shown as Latin-1"))
    return found


def _utf8_read_as_gbk(line: str) -> list[Finding]:
    found: list[Finding] = []
    lossy: list[tuple[int, int, str]] = []
    # Every quotation mark of the line in order, as (position, mark); a lost one is
    # "open?" or "close?" by its place.
    marks: list[tuple[int, str]] = [(i, c) for i, c in enumerate(line) if c in "“”"]
    for match in _GBK_OF_UTF8.finditer(line):
        run = match.group()
        body = run.rstrip("?\ufffd")
        lost = len(run) > len(body)
        try:
            raw = body.encode("gbk")
        except UnicodeEncodeError:
            continue
        if not lost:
            try:
                decoded = raw.decode("utf-8")
            except UnicodeDecodeError:
                continue
            if not (decoded and _is_punctuation(decoded[0]) and decoded[1:].isascii()):
                continue
            if decoded[0] in "“”":
                marks.append((match.start(), decoded[0]))
            found.append(Finding(match.start(), match.end(), run, decoded, "mojibake",
                                    "mojibake:utf8-as-gbk", MOJIBAKE_CONFIDENCE,
                                    f"UTF-8 bytes {raw.hex(' ')} shown as GBK"))
        elif raw == b"\xe2\x80":
            lossy.append((match.start(), match.end(), run))
            # A lost mark after a space opens, after anything else it closes.
            opens = match.start() == 0 or line[match.start() - 1].isspace()
            marks.append((match.start(), "open?" if opens else "close?"))
    marks.sort()
    for start, end, run in lossy:
        guess, confidence, why = _guess_lost_punctuation(line, start, end, marks)
        found.append(Finding(start, end, run, guess, "mojibake",
                                "mojibake:utf8-as-gbk-lossy", confidence,
                                "UTF-8 punctuation shown as GBK; its last byte is lost, "
                                f"guessed from {why}"))
    return found


def _guess_lost_punctuation(line: str, start: int, end: int,
                            marks: list[tuple[int, str]]) -> tuple[str, float, str]:
    """Which of ” ’ “ — a punctuation mark whose last byte was lost most likely was.

    The byte is lost only when the mark was followed by a space, a digit, punctuation or
    the line end (a letter would have fused with it into a valid GBK character), so:
    after a word it closes something, before a word it opens something. The quotation
    marks of the line decide between ” and ’ (or “ and ‘) when they leave one reading:
    one “ open before it and no other candidate closer after it.
    """
    before = line[start - 1] if start else " "
    after = line[end] if end < len(line) else " "
    opened = 0
    for position, mark in marks:
        if position >= start:
            break
        if mark in ("“", "open?"):
            opened += 1
        elif mark in ("”", "close?"):
            opened = max(0, opened - 1)
    later_closers = [mark for position, mark in marks
                     if position > start and mark in ("”", "close?")]
    closes_word = before.isalnum() or before in ".,!?;:)%'\"…"
    if closes_word and not after.isalnum():
        if opened == 1 and not later_closers:
            return "”", SAFE_GUESS_CONFIDENCE, "the one open “ before it, closed by nothing else"
        return ("”", 0.8, "the open quotation before it") if opened else (
            "’", 0.6, "the word before it (no open quotation)")
    if before.isspace() and (after.isalnum() or after in "\"'"):
        if opened == 0 and later_closers:
            return "“", SAFE_GUESS_CONFIDENCE, "no open quotation before it and a closer after it"
        return "“", 0.75, "the word it opens"
    if before.isspace() and after.isspace():
        return "—", 0.7, "the spaces around it"
    return "”", 0.5, "nothing conclusive"


def _cp1252_lost_quote(line: str) -> list[Finding]:
    """â€ + U+FFFD: byte 0x9D has no cp1252 character, so the mark was ” (E2 80 9D)."""
    return [Finding(m.start(), m.end(), m.group(), "”", "mojibake", "mojibake:cp1252-lost-9d",
                       0.9, "UTF-8 ” read as cp1252: its last byte 9D has no cp1252 "
                       "character, the only common mark that ends so")
            for m in re.finditer("â€\ufffd", line)]


MAX_DIFF_TOKEN = 200
"""Tokens up to this length are compared character by character (difflib); longer ones by
their common prefix and suffix only, since difflib's time grows with the square."""
_SPACES = re.compile(r"(\s+)")


def changed_spans(old: str, new: str) -> list[tuple[int, int, int, int]]:
    """``(i1, i2, j1, j2)`` for each place where ``new`` differs from ``old``: what
    ``difflib``'s non-equal opcodes give, in time linear in the length of the line.

    ftfy rewrites characters inside words and leaves the spaces between words alone, so the
    two texts are compared word by word and only changed words character by character;
    difflib over a whole long line took minutes (quadratic with repeated text). When the
    spaces changed too, the changed stretch between the common prefix and suffix is
    compared as one piece.
    """
    old_parts, new_parts = _SPACES.split(old), _SPACES.split(new)
    if len(old_parts) != len(new_parts) or old_parts[1::2] != new_parts[1::2]:
        prefix = len(os.path.commonprefix([old, new]))
        suffix = len(os.path.commonprefix([old[prefix:][::-1], new[prefix:][::-1]]))
        old_parts = [old[:prefix], "", old[prefix:len(old) - suffix], "",
                     old[len(old) - suffix:]]
        new_parts = [new[:prefix], "", new[prefix:len(new) - suffix], "",
                     new[len(new) - suffix:]]
    spans: list[tuple[int, int, int, int]] = []
    at_old = at_new = 0
    for old_part, new_part in zip(old_parts, new_parts, strict=True):
        if old_part != new_part:
            spans += [(at_old + i1, at_old + i2, at_new + j1, at_new + j2)
                      for i1, i2, j1, j2 in _part_spans(old_part, new_part)]
        at_old += len(old_part)
        at_new += len(new_part)
    return spans


def _part_spans(old: str, new: str) -> list[tuple[int, int, int, int]]:
    if max(len(old), len(new)) <= MAX_DIFF_TOKEN:
        matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
        return [(i1, i2, j1, j2) for tag, i1, i2, j1, j2 in matcher.get_opcodes()
                if tag != "equal"]
    prefix = len(os.path.commonprefix([old, new]))
    suffix = len(os.path.commonprefix([old[prefix:][::-1], new[prefix:][::-1]]))
    return [(prefix, len(old) - suffix, prefix, len(new) - suffix)]


def _ftfy_suggestions(line: str) -> list[Finding]:
    import ftfy  # noqa: PLC0415 - only the mojibake check needs it

    # Only encoding repairs: curly quotes, ligatures and widths are the author's choice.
    config = ftfy.TextFixerConfig(unescape_html=False, remove_terminal_escapes=False,
                                  fix_latin_ligatures=False, fix_character_width=False,
                                  uncurl_quotes=False, fix_line_breaks=False,
                                  remove_control_chars=False, normalization=None,
                                  explain=False)
    fixed = ftfy.fix_text(line, config)
    if fixed == line:
        return []
    found: list[Finding] = []
    for i1, i2, j1, j2 in changed_spans(line, fixed):
        replacement = fixed[j1:j2]
        # ftfy drops bytes it cannot recover ("â€\ufffd" -> "\ufffd"): a guess, not a repair.
        lossy = not replacement or "\ufffd" in line[max(0, i1 - 1):i2 + 1]
        found.append(Finding(i1, i2, line[i1:i2], replacement, "mojibake",
                                "mojibake:ftfy", 0.6 if lossy else MOJIBAKE_CONFIDENCE,
                                "ftfy: text decoded with the wrong character set"
                                + (" (bytes lost)" if lossy else "")))
    return found


def mojibake_suggestions(line: str) -> list[Finding]:
    """Suggestions undoing wrong-charset decoding in ``line``."""
    if line.isascii():
        return []
    found = _gbk_read_as_latin1(line) + _utf8_read_as_gbk(line) + _cp1252_lost_quote(line)
    taken = [(s.start, s.end) for s in found]
    for sug in _ftfy_suggestions(line):
        if not any(sug.start < end and start < sug.end for start, end in taken):
            found.append(sug)
    return sorted(found)
