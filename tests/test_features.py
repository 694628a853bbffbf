"""zh–en lexical evidence: numbers, names, dictionary glosses, and the bead channels."""

from __future__ import annotations

import numpy as np
import pytest

from aligner.features import (
    FeatureWeights,
    build_channels,
    en_content_keys,
    en_name_keys,
    en_numbers,
    zh_gloss_keys,
    zh_name_keys,
    zh_numbers,
)

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
