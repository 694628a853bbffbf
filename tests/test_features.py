"""zh–en lexical evidence: numbers, names, dictionary glosses, and the bead channels."""

from __future__ import annotations

import numpy as np
import pytest

from aligner.features import (
    FeatureWeights,
    build_channels,
    en_content_keys,
    en_name_keys,
    length_units,
    zh_gloss_keys,
    zh_name_keys,
)
from aligner.numerals import en_numbers, zh_numbers

ZH_NUMBER_CASES = [
    ("二〇二五年经济增长百分之三点八", {"2025", "3.8"}),
    ("他有3.8万元", {"38000"}),
    ("人口380万", {"3800000"}),
    ("三十五岁", {"35"}),
    ("一百二十个人", {"120"}),
    ("两千零五年", {"2005"}),
    ("2,500人", {"2500"}),
    ("１２３个", {"123"}),  # full-width digits
    ("增长3.8%", {"3.8"}),
    ("一亿两千万", {"120000000"}),
    ("第一次见面，一起走", set()),  # a lone 一 is not a number worth matching
]


@pytest.mark.parametrize(("text", "expected"), ZH_NUMBER_CASES)
def test_zh_numbers(text: str, expected: set[str]) -> None:
    assert zh_numbers(text) == expected


EN_NUMBER_CASES = [
    ("In 2025 the economy grew 3.8%", {"2025", "3.8"}),
    ("He had 38,000 yuan", {"38000"}),
    ("3.8 million people", {"3800000"}),
    ("a thirty-five year old", {"35"}),
    ("one hundred and twenty", {"120"}),
    ("he lived an hundred and thirty years", {"130"}),
    ("two thousand five hundred men", {"2500"}),
    ("3.8 billion", {"3800000000"}),
    ("no one came", set()),
    ("grew 3.8 percent", {"3.8"}),
]


@pytest.mark.parametrize(("text", "expected"), EN_NUMBER_CASES)
def test_en_numbers(text: str, expected: set[str]) -> None:
    assert en_numbers(text) == expected


@pytest.mark.parametrize(("zh", "en", "shared"), [
    ("郑念华来了", "Zheng Nianhua came", {"zheng", "nianhua"}),
    ("陈清扬打了我", "Chen Qingyang slapped me", {"chen", "qingyang"}),
    ("GDP增长", "GDP grew", {"gdp"}),
    ("苹果推出iPhone", "Apple launched the iPhone", {"iphone"}),
    ("他说好", "He said yes", set()),  # common English words are not names
])
def test_names_match_through_pinyin_and_latin(zh: str, en: str, shared: set[str]) -> None:
    assert zh_name_keys(zh) & en_name_keys(en) == shared


@pytest.mark.parametrize(("zh", "en", "expected_overlap"), [
    ("神创造天地", "God created the heaven and the earth", {"creat", "earth", "god"}),
    ("我没走", "I did not leave", {"leave"[:5]}),
])
def test_dictionary_glosses_overlap(zh: str, en: str, expected_overlap: set[str]) -> None:
    assert expected_overlap <= zh_gloss_keys(zh) & en_content_keys(en)


def test_channel_cosine_prefers_the_right_partner() -> None:
    zh = ["二〇二五年增长百分之三点八", "郑念华来了", "今天下雨"]
    en = ["Growth was 3.8% in 2025", "Zheng Nianhua came", "It rained today"]
    ranges = np.array([[0, 2]] * 3)
    channels = build_channels(zh, en, ranges, FeatureWeights(1.0, 1.0, 1.0))
    j0s = np.array([0, 1, 2])
    numbers = channels.numbers.cosine(0, 1, j0s, 1)
    assert numbers[0] == pytest.approx(1.0) and numbers[1] == 0 and numbers[2] == 0
    names = channels.names.cosine(1, 1, j0s, 1)
    assert names.argmax() == 1 and names[1] == pytest.approx(1.0)
    rain = channels.dictionary.cosine(2, 1, j0s, 1)
    assert rain.argmax() == 2
    # A window of both first en sentences still contains the numbers of zh sentence 0.
    both = channels.numbers.cosine(0, 1, np.array([0]), 2)
    assert 0 < both[0] <= 1.0


def test_keys_unique_to_one_side_are_ignored() -> None:
    ranges = np.array([[0, 0]])
    channels = build_channels(["他有2024个"], ["He has 17"], ranges, FeatureWeights(1.0, 0, 0))
    assert channels.numbers.cosine(0, 1, np.array([0]), 1)[0] == 0


def test_length_units_skip_exactly_the_characters_isspace_accepts() -> None:
    # length_units counts through str.split(); it must agree with str.isspace everywhere.
    every_char = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert length_units([every_char], "en")[0] == sum(1 for ch in every_char
                                                      if not ch.isspace())
    assert list(length_units(["a b\u3000c\td", "", "\u00a0x\u2028"], "en")) == [4.0, 0.0, 1.0]


@pytest.mark.parametrize("word", ["the", "said", "would", "china", "zheng", "nianhua",
                                  "xinhua", "qipao", "o'brien", "don't", "a", "ma'am",
                                  "y'all", "zhan'ao", "i'm",
                                  # glossary bootstrap asks about surface forms too
                                  "World", "Summit", "green-tech", "GDP"])
def test_common_english_word_set_agrees_with_wordfreq(word: str) -> None:
    from wordfreq import zipf_frequency

    from corpus.lexicon import COMMON_WORD_ZIPF, is_common_english

    assert is_common_english(word) == (zipf_frequency(word, "en") >= COMMON_WORD_ZIPF)


@pytest.mark.parametrize("use_idf", [False, True])
def test_channel_shared_counts_match_a_direct_count(monkeypatch: pytest.MonkeyPatch,
                                                    use_idf: bool) -> None:
    import aligner.features as features

    monkeypatch.setattr(features, "USE_IDF", use_idf)
    zh_keys = [{"a", "b"}, {"b"}, set(), {"a", "c", "d"}]
    en_keys = [{"a"}, {"b", "c"}, {"a", "b"}, {"c"}, {"e"}]
    ranges = np.array([[0, 4], [1, 2], [0, 0], [2, 3]])
    channel = features._Channel.of(zh_keys, en_keys, ranges)
    n_en = len(en_keys)
    for p, keys in enumerate(zh_keys):
        first, last = ranges[p]
        expected = [0.0]
        for q in range(first, last + 1):
            shared = keys & en_keys[q]
            df = {k: sum(k in e for e in en_keys) for k in shared}
            expected.append(expected[-1] + sum(
                float(np.log(1.0 + n_en / df[k])) if use_idf else 1.0 for k in shared))
        assert np.allclose(channel.shared_prefix[p], expected)
