"""Numbers written in Chinese and English, as canonical values that match across the two.

``2025`` from 二〇二五 and 2025, ``3.8`` from 百分之三点八 and 3.8%, ``38000`` from 3.8万 and
38,000, ``3800000`` from 380万 and 3.8 million. The aligner's ``numbers`` channel
(:mod:`aligner.features`) and document pairing (:mod:`aligner.pairing`) compare them.
"""

from __future__ import annotations

import re
import unicodedata

_ZH_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6,
              "柒": 7, "捌": 8, "玖": 9}
_ZH_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_ZH_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_ZH_NUM_CHARS = "".join(_ZH_DIGITS) + "".join(_ZH_UNITS) + "".join(_ZH_BIG)
_ZH_NUMBER = re.compile(
    rf"(百分之)?([0-9][0-9,]*(?:\.[0-9]+)?|[{_ZH_NUM_CHARS}]+(?:点[{''.join(_ZH_DIGITS)}]+)?)"
    rf"([万萬亿億]*)(%|％)?")
_EN_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s*(%|percent|per cent))?"
                        r"(?:\s+(thousand|million|billion|trillion))?", re.IGNORECASE)
_EN_UNIT_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                  "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                  "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
                  "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
                  "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                  "ninety": 90}
_EN_MULTIPLIERS = {"hundred": 100, "thousand": 1000, "million": 1_000_000,
                   "billion": 1_000_000_000}
_EN_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_NUMBER_WORD = "|".join(sorted([*_EN_UNIT_WORDS, *_EN_MULTIPLIERS], key=len, reverse=True))
# A run of number words: "an hundred and thirty", "two thousand", "thirty-five".
_EN_WORD_NUMBER = re.compile(
    rf"\b(?:(?:a|an)\s+(?=(?:hundred|thousand)\b))?(?:{_NUMBER_WORD})"
    rf"(?:(?:\s+and\s+|[\s-]+)(?:{_NUMBER_WORD}))*\b", re.IGNORECASE)


def _en_words_value(phrase: str) -> int:
    """Value of a run of English number words: 'an hundred and thirty' → 130."""
    total, section = 0, 0
    for word in re.findall(r"[a-z]+", phrase.lower()):
        if word in ("a", "an"):
            section = 1
        elif word in _EN_UNIT_WORDS:
            section += _EN_UNIT_WORDS[word]
        elif word == "hundred":
            section = (section or 1) * 100
        elif word in _EN_MULTIPLIERS:
            total += (section or 1) * _EN_MULTIPLIERS[word]
            section = 0
    return total + section


def _zh_numeral_value(text: str) -> float | None:
    """Value of a Chinese numeral string: 二〇二五 → 2025, 三万五千 → 35000, 三点八 → 3.8."""
    whole, _, frac = text.partition("点")
    if frac and not all(ch in _ZH_DIGITS for ch in frac):
        return None
    if not whole:
        return None
    if all(ch in _ZH_DIGITS for ch in whole):
        # Digit by digit (二〇二五): a positional reading, no unit characters.
        value = float(int("".join(str(_ZH_DIGITS[ch]) for ch in whole)))
    else:
        total, section, digit = 0, 0, 0
        for ch in whole:
            if ch in _ZH_DIGITS:
                digit = _ZH_DIGITS[ch]
            elif ch in _ZH_UNITS:
                section += (digit or 1) * _ZH_UNITS[ch]
                digit = 0
            elif ch in _ZH_BIG and _ZH_BIG[ch] == 100_000_000:
                # 亿 scales everything before it (三万亿 stays a rarity we accept).
                total = (total + section + digit) * _ZH_BIG[ch]
                section, digit = 0, 0
            elif ch in _ZH_BIG:
                # 万 scales only its own section: 一亿两千万 = 1e8 + 2000 × 1e4.
                total += (section + digit) * _ZH_BIG[ch]
                section, digit = 0, 0
            else:
                return None
        value = float(total + section + digit)
    if frac:
        value += float("0." + "".join(str(_ZH_DIGITS[ch]) for ch in frac))
    return value


def _canonical(value: float) -> str:
    """One spelling per value: 3800000, 3.8, 2025."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text or "0"


def zh_numbers(text: str) -> set[str]:
    """Numeric values written in a Chinese sentence (digits or numerals), canonical strings."""
    text = unicodedata.normalize("NFKC", text)
    values: set[str] = set()
    for match in _ZH_NUMBER.finditer(text):
        body, scale = match.group(2), match.group(3)
        if body[0].isdigit():
            try:
                value = float(body.replace(",", ""))
            except ValueError:
                continue
        else:
            parsed = _zh_numeral_value(body)
            if parsed is None:
                continue
            value = parsed
            # A lone 一/二/两… is mostly an article or part of a word (一样, 一起): skip it.
            if len(body) == 1 and body in _ZH_DIGITS:
                continue
        for ch in scale:
            value *= _ZH_BIG[ch]
        if value >= 2 or "." in _canonical(value):
            values.add(_canonical(value))
    return values


def en_numbers(text: str) -> set[str]:
    """Numeric values written in an English sentence (digits, scales, number words)."""
    values: set[str] = set()
    for match in _EN_NUMBER.finditer(text):
        whole, frac, _, scale = match.groups()
        value = float(whole.replace(",", "") + (frac or ""))
        if scale:
            value *= _EN_SCALE[scale.lower()]
        if value >= 2 or frac:
            values.add(_canonical(value))
    for match in _EN_WORD_NUMBER.finditer(text):
        words = re.findall(r"[a-z]+", match.group(0).lower())
        if not any(w in _EN_UNIT_WORDS or w in ("a", "an") for w in words):
            continue  # "3.8 million" is read above; "millions of" is no number
        value = _en_words_value(match.group(0))
        # "one" is mostly a pronoun (no one, the one); like a lone 一 it is not matched.
        if value >= 2:
            values.add(_canonical(float(value)))
    return values
