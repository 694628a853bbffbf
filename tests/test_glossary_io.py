"""Glossary files: CSV/TSV and TBX reading, writing, round trips, errors, import conflicts."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from corpus.errors import FormatError
from corpus.language import normalise_zh
from corpus.store import Project
from glossary import termbase as tb
from glossary.tabular import read_tabular, write_tabular
from glossary.tbx import read_tbx, write_tbx

CSV_TEXT = "\n".join([
    "# a comment line",
    "zh,en,en_admitted,en_deprecated,en_superseded,en_forbidden,domain,note,source",
    '转型升级,transformation and upgrading,transformation and upgrade,,,'
    'pformation and upgrading,textile,"a note, with comma",seed',
    "中国服装协会|中服协,China National Garment Association,CNGA,China Garment Association,,,"
    "org,,cnga.org.cn",
    "中国纺织工业联合会,China National Textile and Apparel Council,CNTAC,,"
    "China National Textile Industry Council,China Textile Industry Federation,org,,cntac",
    "",
])


def _dicts(concepts: list[tb.Concept]) -> list[dict[str, object]]:
    out = []
    for c in concepts:
        d = tb.concept_to_dict(c)
        d.pop("id")
        out.append(d)
    return out


def test_csv_to_store_to_tbx_to_store_round_trip(tmp_path: Path) -> None:
    src = tmp_path / "g.csv"
    src.write_text(CSV_TEXT, encoding="utf-8")
    entries = read_tabular(src)
    assert [e.line for e in entries] == [3, 4, 5]
    first = Project.init(tmp_path / "a")
    report = tb.import_concepts(first, entries)
    assert len(report.added) == 3 and not report.conflicts
    stored = tb.list_concepts(first)
    for version in (3, 2):
        out = tmp_path / f"g{version}.tbx"
        assert write_tbx(out, stored, tb.glossary_signature(first), version) == 3
        second = Project.init(tmp_path / f"b{version}")
        tb.import_concepts(second, read_tbx(out))
        assert _dicts(tb.list_concepts(second)) == _dicts(stored)
        second.close()
    # ... and back through CSV and TSV
    for name in ("back.csv", "back.tsv"):
        write_tabular(tmp_path / name, stored, tb.glossary_signature(first))
        assert _dicts([e.concept for e in read_tabular(tmp_path / name)]) == _dicts(stored)
    first.close()


def test_export_carries_the_glossary_version(tmp_path: Path, project: Project) -> None:
    tb.add_concept(project, tb.make_concept("转型", "transformation"))
    tb.add_concept(project, tb.make_concept("产业链", "industrial chain"))
    signature = tb.glossary_signature(project)
    assert signature == "bitextual-glossary|version=2|concepts=2"
    write_tbx(tmp_path / "g.tbx", tb.list_concepts(project), signature)
    text = (tmp_path / "g.tbx").read_text(encoding="utf-8")
    assert "version=2" in text and 'xmlns="urn:iso:std:iso:30042:ed-2"' in text
    assert "<conceptEntry" in text and "<langSec" in text and "<termSec>" in text
    write_tabular(tmp_path / "g.csv", tb.list_concepts(project), signature)
    assert (tmp_path / "g.csv").read_text(encoding="utf-8").startswith("# " + signature)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.csv", "g.tbx", "proj"]


TBX2_NTIG = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en">
<martifHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></martifHeader>
<text><body>
<termEntry id="e1">
  <descrip type="subjectField">textile</descrip>
  <langSet xml:lang="zh-CN"><ntig><termGrp><term>產業鏈</term></termGrp></ntig></langSet>
  <langSet xml:lang="en-US">
    <ntig><termGrp><term>industrial chain</term></termGrp></ntig>
    <ntig><termGrp><term>industry chain</term></termGrp></ntig>
  </langSet>
</termEntry>
<termEntry id="e2">
  <langSet xml:lang="zh"><tig><term>供应链</term></tig></langSet>
  <langSet xml:lang="en">
    <tig><term>supply chain</term>
      <termNote type="normativeAuthorization">preferredTerm</termNote></tig>
    <tig><term>supply-chain</term>
      <termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></tig>
  </langSet>
</termEntry>
</body></text></martif>
"""


def test_tbx_v2_ntig_and_missing_statuses(tmp_path: Path) -> None:
    path = tmp_path / "v2.tbx"
    path.write_text(TBX2_NTIG, encoding="utf-8")
    first, second = (e.concept for e in read_tbx(path))
    assert first.zh_preferred == "產業鏈" and first.domain == "textile"
    assert first.en_preferred == "industrial chain"
    assert first.en_with("admitted") == ["industry chain"]
    assert second.en_preferred == "supply chain"
    assert second.en_with("superseded") == ["supply-chain"]


@pytest.mark.parametrize("content, line, message", [
    ("<tbx>\n<text><body>\n<conceptEntry>\n</langSec></body></text></tbx>", 4, "mismatched tag"),
    ("<?xml version='1.0'?>\n<!DOCTYPE tbx [<!ENTITY a 'aaaa'>]>\n<tbx>&a;</tbx>", 2, "unsafe"),
    ("<html><body/></html>", 1, "not <tbx> or <martif>"),
    ("<tbx>\n<text><body>\n<conceptEntry id='c'>\n<langSec xml:lang='zh'><termSec><term>转型"
     "</term></termSec></langSec>\n</conceptEntry></body></text></tbx>", 3, "no English"),
    ("<tbx><text><body>\n<conceptEntry>\n<langSec xml:lang='en'>\n<termSec><note>x</note>"
     "</termSec></langSec></conceptEntry></body></text></tbx>", 4, "without a <term>"),
])
def test_malformed_tbx_names_file_and_line(tmp_path: Path, content: str, line: int,
                                           message: str) -> None:
    path = tmp_path / "bad.tbx"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FormatError, match=message) as info:
        read_tbx(path)
    assert info.value.path == str(path)
    assert info.value.line == line


@pytest.mark.parametrize("content, line, message", [
    ("zh,englsh\n转型,transformation\n", 1, "unknown column"),
    ("zh,Chinese (PRC),en\n转型,转型,transformation\n", 1, "more than one column means zh"),
    ("zh,note\n转型,x\n", 1, "missing column"),
    ("# only a comment\n", 1, "no header row"),
    ("zh,en\n转型,transformation\n产业链,\n", 3, "needs both"),
    ("zh,en\n转型,transformation\ntransformation,转型\n", 3, "no Chinese characters"),
    ("zh,en\n转型,transformation,extra\n", 2, "3 cells"),
    ("zh,en,en_admitted\n转型,transformation,Transformation\n", 2, "both as preferred"),
])
def test_malformed_csv_names_file_and_line(tmp_path: Path, content: str, line: int,
                                           message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FormatError, match=message) as info:
        read_tabular(path)
    assert (info.value.path, info.value.line) == (str(path), line)


def test_non_utf8_file_is_reported_with_offset(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes("zh,en\n转型,transformation\n".encode("gbk"))
    with pytest.raises(FormatError, match="not UTF-8") as info:
        read_tabular(path)
    # 转 in GBK happens to be valid UTF-8; 型 is not: byte 8, on line 2.
    assert (info.value.offset, info.value.line) == (8, 2)


CONFLICTING = """\
zh,en
转型升级,transformation and upgrading
转型升级,restructuring and upgrading
产业链,industrial chain
产业链,industrial chain
"""


def test_conflicts_inside_a_file_are_reported_not_merged(tmp_path: Path,
                                                         project: Project) -> None:
    path = tmp_path / "c.csv"
    path.write_text(CONFLICTING, encoding="utf-8")
    report = tb.import_concepts(project, read_tabular(path))
    assert len(report.added) == 2
    assert len(report.conflicts) == 1 and f"{path}:3" in report.conflicts[0]
    assert f"{path}:2" in report.conflicts[0]
    assert len(report.duplicates) == 1 and f"{path}:5" in report.duplicates[0]
    assert [c.en_preferred for c in tb.list_concepts(project, search="转型升级")] == [
        "transformation and upgrading"]


@pytest.mark.parametrize("policy, preferred, added, replaced", [
    ("skip", "transformation and upgrading", 1, 0),
    ("replace", "restructuring and upgrading", 1, 1),
])
def test_conflicts_with_the_store_follow_the_policy(tmp_path: Path, project: Project, policy: str,
                                                    preferred: str, added: int,
                                                    replaced: int) -> None:
    tb.add_concept(project, tb.make_concept("转型升级", "transformation and upgrading"))
    path = tmp_path / "c.csv"
    path.write_text("zh,en\n轉型升級,restructuring and upgrading\n产业链,industrial chain\n",
                    encoding="utf-8")
    report = tb.import_concepts(project, read_tabular(path), policy)
    assert (len(report.added), len(report.replaced), len(report.conflicts)) == (added, replaced, 1)
    assert tb.list_concepts(project, search="转型升级")[0].en_preferred == preferred


def test_fail_policy_writes_nothing(tmp_path: Path, project: Project) -> None:
    tb.add_concept(project, tb.make_concept("转型升级", "transformation and upgrading"))
    path = tmp_path / "c.csv"
    path.write_text("zh,en\n产业链,industrial chain\n转型升级,restructuring\n", encoding="utf-8")
    with pytest.raises(tb.GlossaryError, match=f"{path}:3.*conflicts with entry"):
        tb.import_concepts(project, read_tabular(path), "fail")
    assert len(tb.list_concepts(project)) == 1
    assert tb.glossary_version(project) == 1


REQUIRED_STARTER = {
    "中国纺织工业联合会": "China National Textile and Apparel Council",
    "中国服装协会": "China National Garment Association",
    "工业和信息化部": "Ministry of Industry and Information Technology",
    "商务部": "Ministry of Commerce",
    "中国纺织信息中心": "China Textile Information Center",
    "浙江省服装行业协会": "Zhejiang Garment Industry Association",
    "中国服装科创研究院": "China Garment Science and Innovation Research Institute",
    "转型升级": "transformation and upgrading",
    "产业集群": "industrial cluster",
    "一带一路": "Belt and Road",
    "规模以上企业": "enterprises above designated size",
    "十四五": "14th Five-Year Plan",
}


def test_starter_glossary_is_complete_and_sourced() -> None:
    ref = resources.files("glossary.data").joinpath("garment.tsv")
    with resources.as_file(ref) as path:
        entries = read_tabular(path, "tsv")
    assert 40 <= len(entries) <= 100
    assert all(e.concept.source for e in entries)
    by_zh = {e.concept.zh_preferred: e.concept for e in entries}
    for zh, en in REQUIRED_STARTER.items():
        assert by_zh[zh].en_preferred == en
    assert "China Textile Industry Federation" in by_zh["中国纺织工业联合会"].en_with("forbidden")
    assert "China Garment Association" in by_zh["中国服装协会"].en_with("deprecated")
    zh_keys = [normalise_zh(t.text) for e in entries for t in e.concept.zh]
    assert len(zh_keys) == len(set(zh_keys)), "a Chinese term appears in two entries"


def test_tbx_lists_simplified_english_then_traditional_sections(tmp_path: Path) -> None:
    concept = tb.make_concept(["产业集群", "集群"], "industrial cluster",
                              forbidden=["industry clump"])
    out = tmp_path / "g.tbx"
    write_tbx(out, [concept], "sig")
    text = out.read_text(encoding="utf-8")
    langs = [part.split('"')[0] for part in text.split('<langSec xml:lang="')[1:]]
    assert langs == ["zh-Hans", "en", "zh-Hant"]
    hant = text.split('<langSec xml:lang="zh-Hant">')[1].split("</langSec>")[0]
    # OpenCC's standard (羣) and Taiwan (群) forms, then the synonym's
    assert [t.split("</term>")[0] for t in hant.split("<term>")[1:]] == [
        "產業集羣", "產業集群", "集羣"]
    # Read back, the Traditional forms fold into the Simplified terms: the same concept.
    assert [e.concept.zh for e in read_tbx(out)] == [concept.zh]


@pytest.mark.parametrize("version", [2, 3])
def test_tbx_reads_as_chinese_to_english_in_translate_toolkit(tmp_path: Path,
                                                              version: int) -> None:
    """An independent bilingual TBX reader takes the first two language sections."""
    from translate.storage import tbx as tt_tbx

    concepts = [tb.make_concept("产业集群", "industrial cluster"),
                tb.make_concept(["臺灣"], "Taiwan"),
                tb.make_concept("转型升级", "transformation & upgrading <TU>")]
    out = tmp_path / "g.tbx"
    write_tbx(out, concepts, "sig", version)
    if version == 2:
        # translate-toolkit leaves parsefile unannotated
        store = tt_tbx.tbxfile.parsefile(str(out))  # type: ignore[no-untyped-call]
        assert [(u.source, u.target) for u in store.units] == [
            ("产业集群", "industrial cluster"), ("臺灣", "Taiwan"),
            ("转型升级", "transformation & upgrading <TU>")]
    else:  # translate-toolkit reads martif only; check the v3 structure with lxml instead
        from lxml import etree

        ns = {"t": "urn:iso:std:iso:30042:ed-2"}
        root = etree.parse(str(out)).getroot()
        entries = root.findall("t:text/t:body/t:conceptEntry", ns)
        firsts = [[sec.find("t:termSec/t:term", ns).text for sec in e.findall("t:langSec", ns)]
                  for e in entries]
        assert [f[:2] for f in firsts] == [["产业集群", "industrial cluster"],
                                           ["臺灣", "Taiwan"],
                                           ["转型升级", "transformation & upgrading <TU>"]]


CAT_TOOL_CSV = """\
Chinese (PRC),Chinese (Taiwan),English (United States),note
产业集群,產業集群,industrial cluster,from a memoQ-style export
,紡織品,textiles,Traditional only
"""


@pytest.mark.parametrize("header, column", [
    ("zh", "zh"), ("ZH-cn", "zh"), ("zh_Hans", "zh"), ("zh-SG", "zh"), ("zho", "zh"),
    ("zh-TW", "zh_hant"), ("zh_HK", "zh_hant"), ("zh-Hant-TW", "zh_hant"),
    ("Chinese (Traditional)", "zh_hant"), ("Traditional Chinese", "zh_hant"),
    ("Chinese (Simplified)", "zh"), ("en-US", "en"), ("en_GB", "en"), ("English", "en"),
    ("English (United Kingdom)", "en"), ("Definition", "definition"), ("fr-FR", "fr-fr"),
])
def test_language_headers_of_other_tools(header: str, column: str) -> None:
    from glossary.tabular import canonical_column

    assert canonical_column(header) == column


def test_csv_with_language_headers_and_traditional_only_rows(tmp_path: Path) -> None:
    path = tmp_path / "cat.csv"
    path.write_text(CAT_TOOL_CSV, encoding="utf-8")
    concepts = [e.concept for e in read_tabular(path)]
    assert [[t.text for t in c.zh] for c in concepts] == [["产业集群"], ["紡織品"]]
    assert [c.en_preferred for c in concepts] == ["industrial cluster", "textiles"]
    # the Traditional-only term still matches Simplified text
    base = tb.TermBase(concepts)
    assert [m.zh for m in base.find_in_chinese(normalise_zh("纺织品出口"))] == ["纺织品"]


def test_csv_export_has_a_traditional_column_and_can_drop_the_signature(
        tmp_path: Path) -> None:
    concepts = [tb.make_concept(["中国服装协会", "中服协"], "China National Garment Association")]
    write_tabular(tmp_path / "g.csv", concepts, "sig", with_signature=False)
    lines = (tmp_path / "g.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("zh,zh_hant,en,")
    assert lines[1].startswith("中国服装协会|中服协,中國服裝協會|中服協,China National")
    assert [e.concept.zh for e in read_tabular(tmp_path / "g.csv")] == [concepts[0].zh]


def test_tbx_simplified_term_leads_whatever_the_section_order(tmp_path: Path) -> None:
    path = tmp_path / "tw-first.tbx"
    path.write_text(
        '<?xml version="1.0"?>\n<martif type="TBX" xml:lang="en"><text><body>\n'
        '<termEntry><langSet xml:lang="zh-TW"><tig><term>成衣業</term></tig></langSet>\n'
        '<langSet xml:lang="en"><tig><term>apparel industry</term></tig></langSet>\n'
        '<langSet xml:lang="zh-CN"><tig><term>服装业</term></tig></langSet></termEntry>\n'
        '</body></text></martif>\n', encoding="utf-8")
    [entry] = read_tbx(path)
    assert [t.text for t in entry.concept.zh] == ["服装业", "成衣業"]
    assert entry.line == 3
