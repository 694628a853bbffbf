"""Which units an export contains, with which texts, ids, languages and signature."""

from __future__ import annotations

import json
from typing import Any

import pytest

from corpus.aligned import parse_ids
from corpus.errors import BitextualError, StoreError
from corpus.export.units import (
    ExportOptions,
    ExportTally,
    ExportUnit,
    iter_units,
    join_en,
    join_zh,
    plan_export,
    unit_id_for,
)
from corpus.store import Project
from tests.export_builder import ALIGNER_SIGNATURE, ProjectBuilder


def units_of(project: Project, **options: Any) -> tuple[list[ExportUnit], ExportTally]:
    tally = ExportTally()
    plan = plan_export(project, ExportOptions(**options))
    return list(iter_units(project, plan, tally)), tally


@pytest.fixture
def mixed(project: Project) -> tuple[Project, dict[str, list[str]]]:
    """One pair with every kind of bead: 1-1 of each status, 2-1, 1-0, 0-1, low score."""
    b = ProjectBuilder(project)
    with project.transaction():
        zh_doc = b.document("news.zh", "zh", "zh-Hans")
        en_doc = b.document("news.en", "en", "en")
        zh = b.segments(zh_doc, "news.zh", ["第一句。", "第二句。", "第三句。", "第四句，",
                                            "续句。", "孤句。", "第七句。", "第八句。",
                                            "第九句。"])
        en = b.segments(en_doc, "news.en", ["First.", "Second.", "Third.", "Fourth and more.",
                                            "Lonely.", "Seventh.", "Eighth.", "Ninth."])
        pair = b.pair(zh_doc, en_doc)
        b.bead(pair, 0, [zh[0]], [en[0]], 0.95, "pending")
        b.bead(pair, 1, [zh[1]], [en[1]], 0.90, "accepted")
        b.bead(pair, 2, [zh[2]], [en[2]], 0.85, "rejected")
        b.bead(pair, 3, [zh[3], zh[4]], [en[3]], 0.80, "pending")
        b.bead(pair, 4, [zh[5]], [], 0.10, "pending")
        b.bead(pair, 5, [], [en[4]], 0.10, "pending")
        b.bead(pair, 6, [zh[6]], [en[5]], 0.20, "pending")
        b.bead(pair, 7, [zh[7]], [en[6]], 0.15, "accepted")
        b.bead(pair, 8, [zh[8]], [en[7]], None, "unaligned")
    return project, {"zh": zh, "en": en}


@pytest.mark.parametrize(
    ("options", "expected_en", "skipped"),
    [
        ({}, ["First.", "Second.", "Fourth and more.", "Seventh.", "Eighth."],
         {"rejected": 1, "unaligned": 1, "empty side": 2}),
        ({"status": "accepted"}, ["Second.", "Eighth."],
         {"rejected": 1, "unaligned": 1, "not accepted": 5}),
        ({"one_to_one": True}, ["First.", "Second.", "Seventh.", "Eighth."],
         {"rejected": 1, "unaligned": 1, "empty side": 2, "not 1-1": 1}),
        # accepted beads stay whatever their score; pending ones below the floor go
        ({"min_confidence": 0.5}, ["First.", "Second.", "Fourth and more.", "Eighth."],
         {"rejected": 1, "unaligned": 1, "empty side": 2, "below confidence": 1}),
    ],
)
def test_selection_rules(mixed: tuple[Project, dict[str, list[str]]],
                         options: dict[str, object], expected_en: list[str],
                         skipped: dict[str, int]) -> None:
    project, _ = mixed
    units, tally = units_of(project, **options)
    assert [u.en for u in units] == expected_en
    assert dict(tally.skipped) == skipped
    assert tally.considered == 9
    assert tally.written == len(expected_en)


def test_n_to_m_bead_joins_sentences(mixed: tuple[Project, dict[str, list[str]]]) -> None:
    project, ids = mixed
    unit = next(u for u in units_of(project)[0] if u.en == "Fourth and more.")
    assert unit.zh == "第四句，续句。"
    assert unit.zh_ids == (ids["zh"][3], ids["zh"][4])
    assert unit.status == "pending" and unit.score == pytest.approx(0.80)


@pytest.mark.parametrize(
    ("parts", "joined"),
    [
        (["第一句。", "第二句。"], "第一句。第二句。"),
        ([" 前后有空格 ", "下一句"], "前后有空格下一句"),
        (["价格为 USD", "100 元"], "价格为 USD 100 元"),  # Latin meets Latin: keep them apart
        (["", "只有一句"], "只有一句"),
    ],
)
def test_join_zh(parts: list[str], joined: str) -> None:
    assert join_zh(parts) == joined


@pytest.mark.parametrize(
    ("parts", "joined"),
    [
        (["First.", "Second."], "First. Second."),
        ([" padded ", " text "], "padded text"),
        (["", "Only."], "Only."),
    ],
)
def test_join_en(parts: list[str], joined: str) -> None:
    assert join_en(parts) == joined


@pytest.mark.parametrize(
    "ids",
    [[], ["a1b2"], ["a1b2", "c3d4"], ['odd"id', "back\\slash"], ["unicode-ë"]],
)
def test_parse_ids_agrees_with_json(ids: list[str]) -> None:
    for text in (json.dumps(ids), json.dumps(ids, separators=(",", ":"))):
        assert parse_ids(text) == ids


def test_corrected_text_and_original_note(project: Project) -> None:
    b = ProjectBuilder(project)
    with project.transaction():
        _, zh, en = b.parallel("doc", ["价格上涨。", "工厂。"],
                               ["Price pformation rose.", "Plant."])
        b.correct(en[0], "Price information rose.")
        b.correct(zh[1], "工厂。")  # "corrected" to the same text: not a correction
    corrected, _ = units_of(project)
    assert corrected[0].en == "Price information rose."
    assert corrected[0].en_original == "Price pformation rose."
    assert corrected[0].zh_original is None
    assert corrected[1].zh_original is None and corrected[1].en_original is None
    original, _ = units_of(project, text="original")
    assert original[0].en == "Price pformation rose."
    assert original[0].en_original is None


def test_unit_ids_are_stable_and_unique(mixed: tuple[Project, dict[str, list[str]]]) -> None:
    project, ids = mixed
    first, _ = units_of(project)
    again, _ = units_of(project, text="original")
    assert [u.unit_id for u in first] == [u.unit_id for u in again]
    assert len({u.unit_id for u in first}) == len(first)
    assert first[0].unit_id == unit_id_for([ids["zh"][0]], [ids["en"][0]])
    # NMTOKEN-safe: usable as an XLIFF id
    assert all(u.unit_id.isalnum() for u in first)


@pytest.mark.parametrize(
    ("script", "zh_script_option", "text", "expected_text", "expected_lang"),
    [
        ("zh-Hans", None, "汉语发展", "汉语发展", "zh-Hans"),
        ("zh-Hant", None, "漢語發展", "漢語發展", "zh-Hant"),
        (None, None, "汉语", "汉语", "zh"),
        ("zh-Hans", "hant", "汉语发展", "漢語發展", "zh-Hant"),
        ("zh-Hant", "hans", "漢語發展", "汉语发展", "zh-Hans"),
        ("zh-Hans", "hans", "汉语发展", "汉语发展", "zh-Hans"),
        ("zh-Hans", "hans", "汉语與發展", "汉语与发展", "zh-Hans"),  # mixed text, unified
    ],
)
def test_chinese_script_and_language_tag(project: Project, script: str | None,
                                         zh_script_option: str | None, text: str,
                                         expected_text: str, expected_lang: str) -> None:
    b = ProjectBuilder(project)
    with project.transaction():
        zh_doc = b.document("d.zh", "zh", script)
        en_doc = b.document("d.en", "en", "en")
        z = b.segments(zh_doc, "d.zh", [text])
        e = b.segments(en_doc, "d.en", ["Chinese development"])
        b.bead(b.pair(zh_doc, en_doc), 0, z, e)
    units, _ = units_of(project, zh_script=zh_script_option)
    assert units[0].zh == expected_text
    assert units[0].zh_lang == expected_lang
    assert units[0].en_lang == "en"


def test_converted_original_note_is_converted_too(project: Project) -> None:
    b = ProjectBuilder(project)
    with project.transaction():
        _, zh, _ = b.parallel("d", ["发展很快"], ["fast growth"], zh_script="zh-Hans")
        b.correct(zh[0], "发展非常快")
    units, _ = units_of(project, zh_script="hant")
    assert units[0].zh == "發展非常快"
    assert units[0].zh_original == "發展很快"


def test_document_filter(project: Project) -> None:
    b = ProjectBuilder(project)
    with project.transaction():
        b.parallel("a", ["甲"], ["A"])
        b.parallel("b", ["乙"], ["B"])
        b.imported("tm.tmx", [("丙", "C")])
        b.document("lonely.zh", "zh", "zh-Hans")
    assert [u.en for u in units_of(project)[0]] == ["A", "B", "C"]
    assert [u.en for u in units_of(project, documents=("b.en",))[0]] == ["B"]
    assert [u.en for u in units_of(project, documents=("a.zh", "tm.tmx"))[0]] == ["A", "C"]
    with pytest.raises(BitextualError, match="no document named 'missing'"):
        units_of(project, documents=("missing",))
    with pytest.raises(BitextualError, match="'lonely.zh' is not part of any document pair"):
        units_of(project, documents=("lonely.zh",))


def test_signature_names_model_glossary_and_options(project: Project) -> None:
    b = ProjectBuilder(project)
    with project.transaction():
        b.parallel("a", ["甲"], ["A"])
        b.imported("tm.tmx", [("丙", "C")])
        project.set_meta("glossary_version", "7")
    plan = plan_export(project, ExportOptions(min_confidence=0.5))
    text = plan.signature.describe()
    assert text.startswith("bitextual 0.1.0 | ")
    assert f"model: {ALIGNER_SIGNATURE}" in text  # the imported pair has no model
    assert "glossary: 7" in text
    assert "min-confidence=0.5" in text
    assert plan.signature.date_tmx.endswith("Z") and "T" in plan.signature.date_tmx


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"status": "reviewed"}, "unknown status filter"),
        ({"text": "fixed"}, "unknown text choice"),
        ({"zh_script": "trad"}, "unknown Chinese script"),
        ({"min_confidence": 1.5}, "outside \\[0, 1\\]"),
    ],
)
def test_bad_options_are_refused(project: Project, options: dict[str, Any],
                                 message: str) -> None:
    with pytest.raises(BitextualError, match=message):
        plan_export(project, ExportOptions(**options))


def test_missing_segment_is_a_store_error(project: Project) -> None:
    b = ProjectBuilder(project)
    with project.transaction():
        pair, _, en = b.parallel("a", ["甲"], ["A"])
        b.bead(pair, 5, ["0123456789abcdef0123"], en)
    with pytest.raises(StoreError, match="bead 2 refers to segment 0123456789abcdef0123"):
        units_of(project)


def test_beads_out_of_document_order_still_find_their_segments(project: Project) -> None:
    """The streaming merge join falls back to lookups when beads cross (a reviewer's fix)."""
    b = ProjectBuilder(project)
    with project.transaction():
        zh_doc = b.document("x.zh", "zh", "zh-Hans")
        en_doc = b.document("x.en", "en", "en")
        zh = b.segments(zh_doc, "x.zh", ["一", "二", "三", "四"])
        en = b.segments(en_doc, "x.en", ["one", "two", "three", "four"])
        pair = b.pair(zh_doc, en_doc)
        b.bead(pair, 0, [zh[3]], [en[0]])
        b.bead(pair, 1, [zh[0]], [en[3]])
        b.bead(pair, 2, [zh[2]], [en[2]])
        b.bead(pair, 3, [zh[1]], [en[1]])
        b.bead(pair, 4, [zh[1]], [en[1]], status="accepted")  # same segments twice
    units, _ = units_of(project)
    assert [(u.zh, u.en) for u in units] == [("四", "one"), ("一", "four"), ("三", "three"),
                                             ("二", "two"), ("二", "two")]
