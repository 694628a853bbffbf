"""Terminology check on aligned pairs, the consistency report, and the English matcher."""

from __future__ import annotations

import json

import pytest

from corpus.language import normalise_zh
from corpus.store import Project, now_iso, segment_id
from corpus.suggestions import apply_replacements
from glossary import termbase as tb
from glossary.consistency import consistency_report
from glossary.termbase import TermBase, make_concept
from glossary.termcheck import (
    check_pair,
    check_project_terms,
    garble_repair,
    match_case,
    stem,
)

CONCEPTS = [
    make_concept("转型升级", "transformation and upgrading",
                 admitted=["transformation and upgrade"]),
    make_concept("产业集群", "industrial cluster", admitted=["industry cluster"]),
    make_concept("中国服装协会", "China National Garment Association",
                 deprecated=["China Garment Association"]),
    make_concept("中国纺织工业联合会", "China National Textile and Apparel Council",
                 forbidden=["China Textile Industry Federation"]),
    make_concept("转移", "transfer"),
    make_concept("纺织服装", "textile and apparel", admitted=["textile and garment"]),
    make_concept("十四五", "14th Five-Year Plan"),
    make_concept("一带一路", "Belt and Road", admitted=["Belt and Road Initiative"]),
]


def add_aligned_pairs(project: Project, beads: list[tuple[list[str], list[str]]],
                      name: str = "doc") -> list[int]:
    """Store two documents and one bead per (Chinese sentences, English sentences)."""
    now = now_iso()
    ids = {}
    with project.transaction():
        for lang in ("zh", "en"):
            cur = project.conn.execute(
                "INSERT INTO documents(name, path, checksum, format, lang, added_at, updated_at)"
                " VALUES (?, ?, 'x', 'txt', ?, ?, ?)", (f"{name}.{lang}", f"{name}.{lang}.txt",
                                                        lang, now, now))
            ids[lang] = cur.lastrowid
        pair_id = project.conn.execute(
            "INSERT INTO doc_pairs(zh_doc, en_doc, mode, created_at) VALUES (?, ?, 'parallel', ?)",
            (ids["zh"], ids["en"], now)).lastrowid
        bead_ids = []
        position = 0
        for number, (zh_sents, en_sents) in enumerate(beads):
            side_ids: dict[str, list[str]] = {"zh": [], "en": []}
            for lang, sents in (("zh", zh_sents), ("en", en_sents)):
                for text in sents:
                    norm = normalise_zh(text) if lang == "zh" else text
                    sid = segment_id(f"{name}.{lang}", norm, position)
                    project.conn.execute(
                        "INSERT INTO segments(id, document_id, position, paragraph, text, norm)"
                        " VALUES (?, ?, ?, ?, ?, ?)", (sid, ids[lang], position, number, text,
                                                       norm))
                    side_ids[lang].append(sid)
                    position += 1
            bead_ids.append(int(project.conn.execute(
                "INSERT INTO beads(pair_id, position, zh_ids, en_ids) VALUES (?, ?, ?, ?)",
                (pair_id, number, json.dumps(side_ids["zh"]),
                 json.dumps(side_ids["en"]))).lastrowid or 0))
    return bead_ids


@pytest.mark.parametrize("a, b", [
    ("cluster", "clusters"), ("upgrade", "upgrading"), ("upgrade", "upgraded"),
    ("industry", "industries"), ("plan", "planning"), ("enterprise", "enterprises"),
    ("Association", "association's"), ("process", "processes"),
    # irregular forms, linked by the lemmatiser
    ("child", "children"), ("woman", "women's"), ("grow", "grew"), ("grow", "grown"),
    ("criterion", "criteria"), ("analysis", "analyses"), ("foot", "feet"), ("be", "was"),
])
def test_stem_equates_inflections(a: str, b: str) -> None:
    assert stem(a) == stem(b)


def test_irregular_plural_of_a_rendering_counts_as_the_rendering() -> None:
    concepts = [make_concept("童装", "children's wear", forbidden=["kids wears"]),
                make_concept("女装", "womenswear", admitted=["woman's clothing"])]
    base = TermBase(concepts)
    assert check_pair(base, "童装市场", "the market for children's wear") == []
    assert check_pair(base, "童装", "a child's wear brand") == []
    variant = check_pair(base, "女装品牌", "brands of women's clothing")
    assert [(s.original, s.replacement) for s in variant] == [("women's clothing",
                                                                "womenswear")]


@pytest.mark.parametrize("a, b", [
    ("transfer", "transformation"), ("textile", "text"), ("apparel", "appeal"),
    ("good", "better"), ("well", "better"),  # comparatives are not the base word
])
def test_stem_keeps_different_words_apart(a: str, b: str) -> None:
    assert stem(a) != stem(b)


@pytest.mark.parametrize("seen, expected, repaired", [
    ("pformation", "transformation", "transformation"),
    ("pferred", "transfer", "transferred"),
    ("pfers", "transfer", "transfers"),
    ("formation", "transformation", None),    # a real word is never a garble
    ("upgradng", "upgrading", None),          # a typo inside the word is not a cut-off front
    ("pr", "transfer", None),
])
def test_garble_repair(seen: str, expected: str, repaired: str | None) -> None:
    assert garble_repair(seen, expected) == repaired


@pytest.mark.parametrize("original, replacement, expected", [
    ("pformation", "transformation", "transformation"),
    ("Pformation", "transformation", "Transformation"),
    ("Pformation And Upgrading", "transformation and upgrading", "Transformation And Upgrading"),
    ("china garment association", "China National Garment Association",
     "China National Garment Association"),
    ("PFER", "transfer", "TRANSFER"),
])
def test_match_case(original: str, replacement: str, expected: str) -> None:
    assert match_case(original, replacement) == expected


# (Chinese, English, expected [(original, replacement, rule category, safe)])
CHECK_CASES = [
    pytest.param("推动产业集群转型升级", "promote the transformation and upgrading of industrial "
                 "clusters", [], id="preferred-with-inflection"),
    pytest.param("十四五", "the end of the 14th Five Year Plan", [], id="hyphen-insensitive"),
    pytest.param("产业集群转型升级",
                 "Round Table On Pformation And Upgrading Of Industrial Clusters",
                 [("Pformation", "Transformation", "garbled", False)], id="garbled-in-context"),
    pytest.param("合理引导产业转移", "rationally guide the pfer of industries",
                 [("pfer", "transfer", "garbled", False)], id="garbled-single-word"),
    pytest.param("有序转移到中西部地区", "production links be pferred to the central regions",
                 [("pferred", "transferred", "garbled", False)], id="garbled-keeps-inflection"),
    pytest.param("中国服装协会秘书长", "Secretary General of China Garment Association",
                 [("China Garment Association", "China National Garment Association",
                   "deprecated", True)], id="deprecated"),
    pytest.param("中国纺织工业联合会副会长", "Vice President of China Textile Industry Federation",
                 [("China Textile Industry Federation", "China National Textile and Apparel "
                   "Council", "forbidden", True)], id="forbidden"),
    pytest.param("纺织服装", "Textile and garment enterprises",
                 [("Textile and garment", "Textile and apparel", "variant", False)],
                 id="admitted-variant"),
    pytest.param("一带一路", "countries along the Belt and Road Initiative", [],
                 id="variant-containing-preferred-is-fine"),
    pytest.param("转移", "The formation of industries", [("", "", "missing", False)],
                 id="real-word-is-not-a-garble"),
    pytest.param("产业集群", "the garment sector grew", [("", "", "missing", False)],
                 id="missing"),
]


@pytest.mark.parametrize("zh, en, expected", CHECK_CASES)
def test_check_pair(zh: str, en: str, expected: list[tuple[str, str, str, bool]]) -> None:
    suggestions = check_pair(TermBase(CONCEPTS), zh, en)
    got = [(s.original, s.replacement, s.rule.split(":")[0].removeprefix("term-"), s.safe)
           for s in suggestions]
    assert got == expected
    for s in suggestions:
        assert en[s.start:s.end] == s.original
        assert s.kind == ("term-missing" if s.rule.startswith("term-missing") else "term")


def test_applying_term_suggestions_gives_the_preferred_rendering() -> None:
    en = "Qu Fei of China Garment Association spoke on Pformation And Upgrading Of Clusters"
    suggestions = check_pair(TermBase(CONCEPTS), "中国服装协会转型升级", en)
    fixed = apply_replacements(en, suggestions)
    assert fixed == ("Qu Fei of China National Garment Association spoke on Transformation And "
                     "Upgrading Of Clusters")


def test_missing_finding_is_a_no_op_and_never_safe() -> None:
    [finding] = check_pair(TermBase(CONCEPTS), "产业集群", "nothing relevant")
    assert (finding.start, finding.end, finding.original, finding.replacement) == (0, 0, "", "")
    assert not finding.safe
    assert finding.evidence == ("term not rendered: 产业集群 is in the Chinese but "
                                "'industrial cluster' is not in the English")
    assert apply_replacements("nothing relevant", [finding]) == "nothing relevant"


def test_project_check_maps_offsets_to_the_right_english_segment(project: Project) -> None:
    for concept in CONCEPTS:
        tb.add_concept(project, concept)
    add_aligned_pairs(project, [
        (["中国服装协会推动产业集群转型升级。"],
         ["China Garment Association promotes clusters.",
          "It drives the pformation and upgrading of industrial clusters."]),
        (["产业转移"], ["Industrial transfer continues."]),
        (["中国纺织工业联合会"], ["nothing here"]),
    ])
    found = check_project_terms(project)
    texts = dict(project.conn.execute("SELECT id, text FROM segments").fetchall())
    by_original = {s.original: (sid, s) for sid, s in found}
    sid, sug = by_original["pformation"]
    assert texts[sid] == "It drives the pformation and upgrading of industrial clusters."
    assert texts[sid][sug.start:sug.end] == "pformation"
    sid, sug = by_original["China Garment Association"]
    assert texts[sid].startswith("China Garment Association")
    assert (sug.start, sug.end) == (0, len("China Garment Association"))
    missing = [(sid, s) for sid, s in found if s.kind == "term-missing"]
    assert len(missing) == 1 and texts[missing[0][0]] == "nothing here"
    assert len(found) == 3


def test_rejected_beads_are_not_checked(project: Project) -> None:
    tb.add_concept(project, CONCEPTS[2])
    [bead] = add_aligned_pairs(project, [(["中国服装协会"], ["China Garment Association"])])
    assert len(check_project_terms(project)) == 1
    with project.transaction():
        project.conn.execute("UPDATE beads SET status = 'rejected' WHERE id = ?", (bead,))
    assert check_project_terms(project) == []


def test_consistency_report_counts_renderings(project: Project) -> None:
    for concept in CONCEPTS:
        tb.add_concept(project, concept)
    bead_ids = add_aligned_pairs(project, [
        (["中国服装协会"], ["China National Garment Association"]),
        (["中国服装协会"], ["China Garment Association"]),
        (["中国服装协会会长"], ["the China Garment Association president"]),
        (["中国服装协会"], ["the association"]),
        (["十四五"], ["the 14th Five-Year Plan"]),
    ])
    report = consistency_report(project)
    assert report.signature.startswith(f"bitextual-glossary|version={len(CONCEPTS)}|")
    [cnga] = [u for u in report.usages if u.zh == "中国服装协会"]
    assert cnga.beads == 4
    assert dict(cnga.renderings) == {("preferred", "china national garment association"): 1,
                                     ("deprecated", "china garment association"): 2}
    assert cnga.missing_beads == [bead_ids[3]]
    assert not cnga.consistent
    [plan] = [u for u in report.usages if u.zh == "十四五"]
    assert plan.consistent
    assert report.usages[-1].consistent  # inconsistent terms are listed first


def test_consistency_report_reads_the_reviewed_text_unless_asked(project: Project) -> None:
    for concept in CONCEPTS:
        tb.add_concept(project, concept)
    add_aligned_pairs(project, [(["中国服装协会"], ["China Garment Association"])])
    with project.transaction():
        project.conn.execute("UPDATE segments SET corrected = "
                             "'China National Garment Association' WHERE text = "
                             "'China Garment Association'")
    [reviewed] = consistency_report(project).usages
    assert dict(reviewed.renderings) == {("preferred", "china national garment association"): 1}
    [imported] = consistency_report(project, corrected=False).usages
    assert dict(imported.renderings) == {("deprecated", "china garment association"): 1}
