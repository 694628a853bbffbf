"""The glossary store and its in-memory index: validation, versioning, lookups, proposals."""

from __future__ import annotations

from typing import Any

import pytest

from corpus.store import Project
from glossary import termbase as tb
from glossary.termbase import GlossaryError, TermBase, make_concept

CONCEPTS = [
    make_concept("转型升级", "transformation and upgrading",
                 admitted=["transformation and upgrade"], forbidden=["pformation and upgrading"]),
    make_concept("转型", "transformation"),
    make_concept("产业集群", "industrial cluster", admitted=["industry cluster"]),
    make_concept(["中国服装协会", "中服协"], "China National Garment Association",
                 deprecated=["China Garment Association"]),
    make_concept("纺织服装", "textile and apparel", admitted=["textile and garment"]),
]


@pytest.mark.parametrize("text, expected", [
    ("推动产业集群转型升级", ["产业集群", "转型升级"]),        # longest match wins over 转型
    ("数字化转型", ["转型"]),
    ("推動產業集群轉型升級", ["產業集群", "轉型升級"]),        # Traditional forms are indexed
    ("中服协会长", ["中服协"]),
    ("纺织服装协会", ["纺织服装"]),                            # no overlapping second match
    ("没有术语的句子", []),
    ("", []),
])
def test_find_in_chinese_longest_non_overlapping(text: str, expected: list[str]) -> None:
    termbase = TermBase(CONCEPTS)
    matches = termbase.find_in_chinese(text)
    assert [m.zh for m in matches] == expected
    for m in matches:
        assert text[m.start:m.end] == m.zh


def test_renderings_and_english_for_chinese() -> None:
    termbase = TermBase(CONCEPTS)
    match = termbase.find_in_chinese("转型升级")[0]
    renderings = termbase.english_renderings(match.concept_id)
    assert renderings.preferred == "transformation and upgrading"
    assert renderings.admitted == ["transformation and upgrade"]
    assert renderings.forbidden == ["pformation and upgrading"]
    assert termbase.english_for_chinese("中国服装协会推动转型升级") == {
        "China National Garment Association", "transformation and upgrading",
        "transformation and upgrade"}
    assert termbase.english_for_chinese("没有") == set()


@pytest.mark.parametrize("zh, en, kwargs, message", [
    ("transformation", "转型", {}, "contains no Chinese characters"),
    ("转型", "transformation", {"forbidden": ["Transformation"]}, "both as preferred and as"),
    ("转型", "", {}, "exactly one preferred"),
    ([], "transformation", {}, "at least one Chinese term"),
])
def test_make_concept_rejects_bad_entries(zh: str | list[str], en: str, kwargs: dict[str, Any],
                                          message: str) -> None:
    with pytest.raises(GlossaryError, match=message):
        make_concept(zh, en, **kwargs)


def test_add_bumps_version_logs_and_refuses_duplicate_chinese(project: Project) -> None:
    assert tb.glossary_version(project) == 0
    first = tb.add_concept(project, CONCEPTS[0])
    assert tb.glossary_version(project) == 1
    # Same term in Traditional script is the same term.
    with pytest.raises(GlossaryError, match=f"already in the glossary as entry {first}"):
        tb.add_concept(project, make_concept("轉型升級", "transformation"))
    assert tb.glossary_version(project) == 1
    assert tb.get_concept(project, first).en_preferred == "transformation and upgrading"
    actions = [r[0] for r in project.conn.execute("SELECT action FROM decisions ORDER BY id")]
    assert actions == ["add_term"]
    removed = tb.remove_concept(project, first)
    assert removed.zh_preferred == "转型升级"
    assert tb.glossary_version(project) == 2
    assert project.conn.execute("SELECT count(*) FROM terms").fetchone()[0] == 0
    with pytest.raises(GlossaryError, match="no glossary entry with id"):
        tb.get_concept(project, first)


def test_store_keeps_statuses_and_norms(project: Project) -> None:
    concept_id = tb.add_concept(project, CONCEPTS[3])
    rows = project.conn.execute(
        "SELECT lang, text, norm, status FROM terms WHERE concept_id = ? ORDER BY id",
        (concept_id,)).fetchall()
    assert [tuple(r) for r in rows] == [
        ("zh", "中国服装协会", "中国服装协会", "preferred"),
        ("zh", "中服协", "中服协", "admitted"),
        ("en", "China National Garment Association", "china national garment association",
         "preferred"),
        ("en", "China Garment Association", "china garment association", "deprecated"),
    ]
    loaded = TermBase.load(project)
    assert loaded.version == 1
    assert [m.concept_id for m in loaded.find_in_chinese("中國服裝協會")] == [concept_id]


def test_list_search_matches_both_languages(project: Project) -> None:
    for concept in CONCEPTS:
        tb.add_concept(project, concept)
    assert [c.zh_preferred for c in tb.list_concepts(project, search="cluster")] == ["产业集群"]
    found = [c.zh_preferred for c in tb.list_concepts(project, search="转型")]
    assert found == ["转型升级", "转型"]
    assert [c.zh_preferred for c in tb.list_concepts(project, search="轉型升級")] == ["转型升级"]


def test_proposals_are_invisible_until_accepted(project: Project) -> None:
    proposal = make_concept("郑念华", "Zheng Nianhua",
                            source=tb.PROPOSAL_PREFIX + "bootstrap-person")
    concept_id = tb.add_concept(project, proposal)
    assert tb.glossary_version(project) == 0
    assert len(TermBase.load(project)) == 0
    assert [c.id for c in tb.list_concepts(project, proposals=True)] == [concept_id]
    tb.accept_proposal(project, concept_id)
    assert tb.get_concept(project, concept_id).source == "bootstrap-person"
    assert tb.glossary_version(project) == 1
    assert len(TermBase.load(project)) == 1
    with pytest.raises(GlossaryError, match="not a proposal"):
        tb.reject_proposal(project, concept_id)


def test_reject_proposal_deletes_it(project: Project) -> None:
    concept_id = tb.add_concept(project, make_concept(
        "屈飞", "Qu Fei", source=tb.PROPOSAL_PREFIX + "bootstrap-person"))
    tb.reject_proposal(project, concept_id)
    assert tb.list_concepts(project, proposals=True) == []
    actions = [r[0] for r in project.conn.execute("SELECT action FROM decisions ORDER BY id")]
    assert actions == ["propose_term", "reject_term"]
