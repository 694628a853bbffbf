"""Title-case damage, mojibake and spacing: case tables of damage and of look-alikes to leave."""

from __future__ import annotations

import pytest

from corpus.suggestions import apply_replacements
from glossary.finding import Finding
from glossary.garble.mojibake import mojibake_suggestions
from glossary.garble.spacing import spacing_suggestions
from glossary.garble.titlecase import titlecase_suggestions


def repaired(line: str, suggestions: list[Finding], safe_only: bool = True) -> str:
    return apply_replacements(line, [s for s in suggestions if s.safe or not safe_only])


@pytest.mark.parametrize(("line", "expected"), [
    ("China'S Famous Blended Yarn City", "China's Famous Blended Yarn City"),
    ("How Can China’S Textile Industry", "How Can China’s Textile Industry"),
    ("SIUF Can'T Miss: Online Brand", "SIUF Can't Miss: Online Brand"),
    ("We Don’T Know", "We Don’t Know"),
    ("The 5Th Consumer Expo, the 10Th Competition", "The 5th Consumer Expo, the 10th Competition"),
    ("1St, 2Nd, 3Rd, 13Th and 22Nd", "1st, 2nd, 3rd, 13th and 22nd"),
    ("I'M Sure We'Ll Go", "I'm Sure We'll Go"),
    ("Liu Zheng'An Visited Xi'An", "Liu Zheng'an Visited Xi'an"),
    ("Tu Gui'e and Yu Zhan'ao", "Tu Gui'e and Yu Zhan'ao"),
    # Headline style, all caps and names stay.
    ("The Joint Meeting Of Secretaries Was Held", "The Joint Meeting Of Secretaries Was Held"),
    ("CHINA'S EXPORTS", "CHINA'S EXPORTS"),
    ("O'Neill and D'Angelo met", "O'Neill and D'Angelo met"),
    ("the 15th Five Year Plan and China's output", "the 15th Five Year Plan and China's output"),
])
def test_titlecase(line: str, expected: str) -> None:
    assert repaired(line, titlecase_suggestions(line)) == expected


def test_unusual_ordinal_is_only_suggested() -> None:
    sugs = titlecase_suggestions("the 2Th round")  # 2th is not an English ordinal
    assert sugs and not sugs[0].safe


@pytest.mark.parametrize(("clean", "encoding", "decoding", "rule"), [
    ("China’s “Democracy” summit — it’s “fine”.", "gbk", "latin-1", "mojibake:gbk-as-latin1"),
    ("China’s “Democracy summit — it’s fine…", "utf-8", "cp1252", "mojibake:ftfy"),
    ("Café “Paris” — ça va", "utf-8", "latin-1", "mojibake:ftfy"),
])
def test_mojibake_round_trips_are_undone(clean: str, encoding: str, decoding: str,
                                         rule: str) -> None:
    garbled = clean.encode(encoding).decode(decoding)
    sugs = mojibake_suggestions(garbled)
    assert {s.rule for s in sugs} == {rule}
    assert repaired(garbled, sugs) == clean


@pytest.mark.parametrize(("garbled", "expected"), [
    ("China鈥檚 summit", "China’s summit"),
    ("the 鈥淒emocracy summit", "the “Democracy summit"),
    ("he said 鈥攏o", "he said —no"),
    ("it was â€\ufffd said", "it was ” said"),  # cp1252 has no 0x9D: only ” ends so
])
def test_utf8_read_as_gbk_is_undone(garbled: str, expected: str) -> None:
    assert repaired(garbled, mojibake_suggestions(garbled)) == expected


@pytest.mark.parametrize(("clean", "safe"), [
    # One “ open before the lost mark and nothing else to close it: only ” fits.
    ("“Democracy”", True),
    ("He said “we will grow by 5%” and left.", True),
    # An opening mark before a digit, closed later in the line.
    ("the “2025” plan", True),
    # No quotation mark opened: ’ (workers’) and ” are both possible.
    ("Democracy” said the workers’ union", False),
    # Two candidate closers after one “: the first may be an apostrophe (workers’).
    ("“The workers’ union agreed”", False),
])
def test_lost_byte_is_a_guess_unless_the_quotes_decide(clean: str, safe: bool) -> None:
    garbled = clean.encode().decode("gbk", errors="replace")
    sugs = [s for s in mojibake_suggestions(garbled) if s.rule == "mojibake:utf8-as-gbk-lossy"]
    assert sugs
    assert all(s.safe for s in sugs) is safe
    if safe:
        assert repaired(garbled, sugs + mojibake_suggestions(garbled)) == clean


@pytest.mark.parametrize("line", [
    "café, naïve, résumé, Ñandú — déjà vu",
    "The 2025 expo in Düsseldorf • Fashion Shaxi",
    "他说：“我们要转型。”",
    "Plain ASCII text with no damage at all.",
])
def test_real_text_is_not_mojibake(line: str) -> None:
    assert mojibake_suggestions(line) == []


@pytest.mark.parametrize(("line", "expected"), [
    ("a state -owned firm", "a state-owned firm"),
    ("a state- owned firm", "a state-owned firm"),
    ("the garment industry.On the day", "the garment industry. On the day"),
    ("prices rose , while exports fell", "prices rose, while exports fell"),
    ("the end of the meeting .", "the end of the meeting."),
    ("the  production value", "the production value"),
    ("industry,and trade", "industry, and trade"),
    ("我们 ，他们", "我们，他们"),
    # Look-alikes that are correct as they are.
    ("the U.S. and e.g. the U.K.", "the U.S. and e.g. the U.K."),
    ("growth of 3.5 percent", "growth of 3.5 percent"),
    ("An Audio-Visual Feast For Eall.Cz.", "An Audio-Visual Feast For Eall.Cz."),
    ("see www.example.com/news.Html or a.Pdf", "see www.example.com/news.Html or a.Pdf"),
    ("see the file notes.Txt today", "see the file notes.Txt today"),
    ("'Mine's . . . nothing . . .'", "'Mine's . . . nothing . . .'"),
    ("a temperature of -5 degrees", "a temperature of -5 degrees"),
    ("north - south cooperation", "north - south cooperation"),
    ("1,000 pieces", "1,000 pieces"),
    # Suspended hyphens (the hyphen waits for the head of the next compound).
    ("a ten- or eleven-year-old boy", "a ten- or eleven-year-old boy"),
    ("pre- and post-war", "pre- and post-war"),
    ("English- versus Chinese-speaking staff", "English- versus Chinese-speaking staff"),
])
def test_spacing(line: str, expected: str) -> None:
    assert repaired(line, spacing_suggestions(line)) == expected


def test_two_spaces_after_a_full_stop_are_only_suggested() -> None:
    sugs = spacing_suggestions("It ended.  Then we left.")
    assert sugs and not any(s.safe for s in sugs)
