"""Language, script and normalisation: case tables."""

from __future__ import annotations

import pytest

from corpus.language import (
    detect_language,
    detect_script,
    lang_family,
    lang_of_share,
    normalise,
    script_of_tag,
)


@pytest.mark.parametrize(("text", "lang", "script"), [
    ("浙江省服装行业协会各地秘书长联席会议共探行业发展新路径。", "zh", "zh-Hans"),
    ("浙江省服裝行業協會各地秘書長聯席會議共探行業發展新路徑。", "zh", "zh-Hant"),
    ("臺灣的紡織業在會議中說明了發展。", "zh", "zh-Hant"),
    # Chinese with an English brand name and a number stays Chinese
    ("山东聊城展团首次亮相2025yarnexpo春夏纱线展", "zh", "zh-Hans"),
    ("The meeting was held in Hangzhou on April 10.", "en", "en"),
    # English with a Chinese headline in a link list stays English
    ("Industrial clusters met in Hangzhou to discuss cooperation and digital services "
     "for garment makers. 外贸突围", "en", "en"),
    # half and half by content
    ("会议在杭州举行。The meeting was held in Hangzhou.", "mixed", "zh-Hans"),
    ("1234 5678 —— !!", "unknown", None),
    # characters shared by both scripts count as Simplified
    ("中国人民", "zh", "zh-Hans"),
    # Japanese: kanji among kana is not Chinese; a stray の in a Chinese brand name is
    ("日本語のテキストです。東京は晴れです。", "unknown", None),
    ("東京都は新しい計画を発表した。", "unknown", None),
    ("我们在“食の家”餐厅举行了年度会议，讨论了明年的发展计划。", "zh", "zh-Hans"),
])
def test_detect_language(text: str, lang: str, script: str | None) -> None:
    info = detect_language(text)
    assert (info.lang, info.script) == (lang, script)


@pytest.mark.parametrize(("share", "lang"), [
    (None, "unknown"), (1.0, "zh"), (0.8, "zh"), (0.79, "mixed"), (0.5, "mixed"),
    (0.21, "mixed"), (0.2, "en"), (0.0, "en"),
])
def test_lang_of_share_thresholds(share: float | None, lang: str) -> None:
    assert lang_of_share(share) == lang


@pytest.mark.parametrize(("text", "script"), [
    ("发展", "zh-Hans"), ("發展", "zh-Hant"), ("hello", None), ("这是說", "zh-Hans"),
    ("這是說的", "zh-Hant"),
])
def test_detect_script(text: str, script: str | None) -> None:
    assert detect_script(text) == script


@pytest.mark.parametrize(("text", "lang", "norm"), [
    ("臺灣的發展", "zh", "台湾的发展"),
    # full-width letters, digits and punctuation become half-width (NFKC)
    ("ＡＢＣ１２３，中国", "zh", "ABC123,中国"),
    ("  two   spaces\tand a tab ", "en", "two spaces and a tab"),
    ("Ｆｕｌｌ ｗｉｄｔｈ", "en", "Full width"),
    # English is never case-folded or otherwise changed
    ("China'S Garment", "en", "China'S Garment"),
    # Han characters inside an English segment are simplified too (for matching)
    ("Made in 臺灣", "en", "Made in 台湾"),
])
def test_normalise(text: str, lang: str, norm: str) -> None:
    assert normalise(text, lang) == norm


@pytest.mark.parametrize(("tag", "family", "script"), [
    ("zh-CN", "zh", "zh-Hans"), ("zh-TW", "zh", "zh-Hant"), ("zh-Hans", "zh", "zh-Hans"),
    ("zh-Hant", "zh", "zh-Hant"), ("zh", "zh", None), ("ZH-TW", "zh", "zh-Hant"),
    ("zh_HK", "zh", "zh-Hant"), ("zh-Hant-TW", "zh", "zh-Hant"), ("zho", "zh", None),
    ("en-US", "en", None), ("EN", "en", None), ("en_GB", "en", None), ("eng", "en", None),
    ("fr-FR", None, None), ("", None, None), (None, None, None),
])
def test_language_tags(tag: str | None, family: str | None, script: str | None) -> None:
    assert lang_family(tag) == family
    assert script_of_tag(tag) == script
