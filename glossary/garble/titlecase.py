"""Damage left by Python's ``str.title()``: China'S, Can'T, 13Th, 2Nd, 10Km, 24H.

Headline capitalisation itself ("The Joint Meeting Of ...") is a legitimate style and is
left alone; only the letters ``str.title()`` capitalises *after* an apostrophe or a digit
are restored, because no style writes them that way. A unit glued to a number ("10km",
"24h", "the 1970s") is restored only in a line that ``str.title()`` leaves unchanged, in a
document that shows its damage elsewhere, and only when one spelling of the unit fits:
"5G", "4K" and "10MW" may be written that way on purpose and stay.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from glossary.finding import SAFE_CONFIDENCE, Finding
from glossary.garble.lexicon import is_pinyin_name, pinyin_syllables

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
UNIT_CONFIDENCE = 0.95
"""A unit spelling taken from the table of symbols, in a line and document str.title() hit."""

# Letters glued to a number: "10km", "2.5kg", "24h", "1970s", "5G", "10MW".
_GLUED_UNIT = re.compile(r"(?<![A-Za-z0-9.,])(\d+(?:[.,]\d+)*)([A-Za-z]+)(?![A-Za-z0-9])")
# How English writes units and abbreviations glued to a number (SI and customary symbols,
# clock times, data sizes, thousands/billions). Both spellings of a symbol whose case
# carries meaning (g gram / G as in 5G, m metre / M million, Gb gigabit / GB gigabyte)
# are listed, so the title-cased form stays ambiguous and is left alone.
UNIT_SPELLINGS = frozenset("""
    km m cm mm nm um kg g mg t kt h hr hrs min mins s sec secs ms ns
    ml l L kl mph kph kmh ft yd mi lb lbs oz am pm yr yrs wk wks k bn
    W kW kWh MW MWh GW GWh TW TWh mAh Ah V kV mV A mA Hz kHz MHz GHz dB
    B KB kB MB GB TB PB Kb Mb Gb Tb Kbps Mbps Gbps G K M D T C F N Nm
""".split())
# "s" is the plural of a number ("the 1970s", "in her 20s") only after a round number.
_DECADE = re.compile(r"\d*0")


def _ordinal_fits(number: str, suffix: str) -> bool:
    """13Th, 21St: the suffix is the one English uses for that number."""
    expected = "th" if number[-2:] in {"11", "12", "13"} else _ORDINAL_SUFFIX.get(number[-1], "th")
    return suffix.lower() == expected


def is_title_fixed_point(line: str) -> bool:
    """True when ``str.title()`` leaves ``line`` unchanged: it may be its output."""
    return any(c.isalpha() for c in line) and line.title() == line


@dataclass
class UnitEvidence:
    """What a document says about units glued to numbers, for undoing str.title() there."""

    damaged: bool = False
    """The document has apostrophe or ordinal damage that only str.title() produces."""
    spellings: dict[str, set[str]] = field(default_factory=dict)
    """Lowercase unit -> spellings used in lines str.title() did not touch."""

    @classmethod
    def collect(cls, lines: Iterable[str]) -> UnitEvidence:
        """Read a document's ``lines``."""
        evidence = cls()
        for line in lines:
            if not evidence.damaged and any(
                    s.safe for s in _apostrophe_and_ordinal_suggestions(line)):
                evidence.damaged = True
            if not is_title_fixed_point(line):
                for match in _GLUED_UNIT.finditer(line):
                    unit = match.group(2)
                    evidence.spellings.setdefault(unit.lower(), set()).add(unit)
        return evidence

    def restore(self, number: str, unit: str) -> tuple[str, float, str] | None:
        """The spelling ``unit`` had before str.title(), with a confidence and the reason,
        when exactly one spelling fits: the table's, else the document's own."""
        titled = unit[:1].upper() + unit[1:].lower()
        if unit != titled:
            return None  # str.title() would have changed it: not its output
        fits = {u for u in UNIT_SPELLINGS if u[:1].upper() + u[1:].lower() == titled}
        if fits == {"s"} and not _DECADE.fullmatch(number):
            return None
        if fits:
            # A symbol the table knows in more than one case (5G/5g) stays, whatever the
            # document spells elsewhere: "500g" in the text says nothing of "5G" in a title.
            if len(fits) != 1 or unit in fits:
                return None
            return next(iter(fits)), UNIT_CONFIDENCE, "the only spelling of this unit"
        seen = self.spellings.get(unit.lower(), set())
        if len(seen) == 1 and unit not in seen:
            return next(iter(seen)), SAFE_CONFIDENCE + 0.02, "how the document spells it"
        return None


def _unit_suggestions(line: str, evidence: UnitEvidence) -> list[Finding]:
    if not evidence.damaged or not is_title_fixed_point(line):
        return []
    found: list[Finding] = []
    for match in _GLUED_UNIT.finditer(line):
        number, unit = match.groups()
        if unit in {"St", "Nd", "Rd", "Th"}:
            continue  # ordinals have their own rule
        restored = evidence.restore(number, unit)
        if restored is None:
            continue
        spelling, confidence, why = restored
        start, end = match.span(2)
        found.append(Finding(
            start, end, unit, spelling, "titlecase", "titlecase:unit", confidence,
            f"'{number}{unit}' in a line str.title() capitalised, in a document with its "
            f"damage elsewhere; '{spelling}' is {why}"))
    return found


def titlecase_suggestions(line: str, units: UnitEvidence | None = None) -> list[Finding]:
    """Suggestions restoring letters that str.title() capitalised after an apostrophe or digit.

    Units glued to numbers are restored only with ``units``, the evidence of the line's
    document (see :class:`UnitEvidence`).
    """
    found = _apostrophe_and_ordinal_suggestions(line)
    if units is not None:
        found += _unit_suggestions(line, units)
    return sorted(found)


def _apostrophe_and_ordinal_suggestions(line: str) -> list[Finding]:
    found: list[Finding] = []
    for pattern in (_CONTRACTION, _PRONOUN_I):
        for match in pattern.finditer(line):
            start, end = match.span(2)
            found.append(Finding(
                start, end, match.group(2), match.group(2).lower(), "titlecase",
                "titlecase:apostrophe", TITLECASE_CONFIDENCE,
                f"'{match.group(2)}' after an apostrophe is str.title() damage"))
    for match in _PINYIN_APOSTROPHE.finditer(line):
        head, tail = match.group(1), match.group(3)
        if is_pinyin_name(head) and tail.lower() in pinyin_syllables():
            start, end = match.span(3)
            found.append(Finding(
                start, end, tail, tail.lower(), "titlecase", "titlecase:pinyin-apostrophe",
                TITLECASE_CONFIDENCE - 0.04,
                f"Pinyin syllable after the apostrophe of {head}'{tail.lower()} "
                "capitalised by str.title()"))
    for match in _ORDINAL.finditer(line):
        number, suffix = match.group(1), match.group(2)
        confidence = TITLECASE_CONFIDENCE if _ordinal_fits(number, suffix) else 0.6
        start, end = match.span(2)
        found.append(Finding(
            start, end, suffix, suffix.lower(), "titlecase", "titlecase:ordinal", confidence,
            f"ordinal suffix of {number} capitalised by str.title()"))
    return found
