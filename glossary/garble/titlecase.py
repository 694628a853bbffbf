"""Damage left by Python's ``str.title()``: China'S, Can'T, 13Th, 2Nd.

Headline capitalisation itself ("The Joint Meeting Of ...") is a legitimate style and is
left alone; only the letters ``str.title()`` capitalises *after* an apostrophe or a digit
are restored, because no style writes them that way.
"""

from __future__ import annotations

import re

from glossary.garble.lexicon import is_pinyin_name, pinyin_syllables
from glossary.suggestion import Suggestion

# A lowercase letter, an apostrophe, then a capitalised contraction ending: only str.title()
# writes "China'S"; all-caps "CHINA'S" is a deliberate style and does not match.
_CONTRACTION = re.compile(r"(?<=[a-z])(['’])(S|T|Ll|Re|Ve|D|M)(?![A-Za-z])")
# "I'M", "I'Ll": the pronoun I is upper case by itself, so it needs its own pattern.
_PRONOUN_I = re.compile(r"(?<![A-Za-z])I(['’])(M|Ll|Ve|D)(?![A-Za-z])")
# Pinyin puts an apostrophe only before a syllable starting with a, o or e (Xi'an, Zhan'ao);
# str.title() makes that Xi'An.
_PINYIN_APOSTROPHE = re.compile(r"\b([A-Z]?[a-z]+)(['’])([AOE][a-z]*)(?![A-Za-z])")
_ORDINAL = re.compile(r"(?<![A-Za-z0-9.,])(\d+)(St|Nd|Rd|Th)(?![A-Za-z])")
_ORDINAL_SUFFIX = {"1": "st", "2": "nd", "3": "rd"}

TITLECASE_CONFIDENCE = 0.97
"""Both patterns are produced by str.title() and by no writing convention."""


def _ordinal_fits(number: str, suffix: str) -> bool:
    """13Th, 21St: the suffix is the one English uses for that number."""
    expected = "th" if number[-2:] in {"11", "12", "13"} else _ORDINAL_SUFFIX.get(number[-1], "th")
    return suffix.lower() == expected


def titlecase_suggestions(line: str) -> list[Suggestion]:
    """Suggestions restoring letters that str.title() capitalised after an apostrophe or digit."""
    found: list[Suggestion] = []
    for pattern in (_CONTRACTION, _PRONOUN_I):
        for match in pattern.finditer(line):
            start, end = match.span(2)
            found.append(Suggestion(
                start, end, match.group(2), match.group(2).lower(), "titlecase",
                "titlecase:apostrophe", TITLECASE_CONFIDENCE,
                f"'{match.group(2)}' after an apostrophe is str.title() damage"))
    for match in _PINYIN_APOSTROPHE.finditer(line):
        head, tail = match.group(1), match.group(3)
        if is_pinyin_name(head) and tail.lower() in pinyin_syllables():
            start, end = match.span(3)
            found.append(Suggestion(
                start, end, tail, tail.lower(), "titlecase", "titlecase:pinyin-apostrophe",
                TITLECASE_CONFIDENCE - 0.04,
                f"Pinyin syllable after the apostrophe of {head}'{tail.lower()} "
                "capitalised by str.title()"))
    for match in _ORDINAL.finditer(line):
        number, suffix = match.group(1), match.group(2)
        confidence = TITLECASE_CONFIDENCE if _ordinal_fits(number, suffix) else 0.6
        start, end = match.span(2)
        found.append(Suggestion(
            start, end, suffix, suffix.lower(), "titlecase", "titlecase:ordinal", confidence,
            f"ordinal suffix of {number} capitalised by str.title()"))
    return sorted(found)
