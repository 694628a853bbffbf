"""Every export format, checked by independent readers: translate-toolkit (TMX, XLIFF 2.0),
lxml against a TMX 1.4b DTD and an XLIFF 2.0 core schema written from the specifications,
and plain line/JSON readers for TSV, JSONL and Moses. Texts are hostile on purpose."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from lxml import etree
from translate.storage import tmx as tt_tmx
from translate.storage import xliff2 as tt_xliff2

from corpus.errors import BitextualError
from corpus.export import FORMATS, export_project, make_writer
from corpus.export.tsv import SIGNATURE_PREFIX, escape_field, unescape_field
from corpus.export.units import ExportOptions
from corpus.export.xliff import STATE_BY_STATUS
from corpus.export.xmltext import (
    strip_unencodable,
    strip_xml_forbidden,
    xml_attr,
    xml_text,
)
from corpus.store import Project
from tests.export_builder import ALIGNER_SIGNATURE, ProjectBuilder

XLIFF_NS = "{urn:oasis:names:tc:xliff:document:2.0}"
MDA_NS = "{urn:oasis:names:tc:xliff:metadata:2.0}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

HOSTILE_ZH = [
    "控制\x00\x01\x08\x0b\x0c\x0e\x1f字符",
    "非字符\ufffe\uffff结束",
    '<b class="x">&amp; & ]]> \'引号\' "双引号"',
    "制表\t换行\n回车\r结束",
    "分隔\u2028行\u2029段\x85下一行\x1c\x1d\x1e",
    "表情😀，扩展汉字𠀀",
    "注释 -- --> 结束",
    "反斜杠 \\n \\t \\\\",
    "多  个   空格",
    "普通的一句话。",
]
HOSTILE_EN = [z.replace("字符", " chars").replace("结束", " end") + " (en)" for z in HOSTILE_ZH]

# TMX 1.4b structure (LISA OSCAR, 2004), written from the specification's element and
# attribute tables; inline markup elements are left out because bitextual writes plain text.
TMX14_DTD = """
<!ELEMENT tmx (header, body)>
<!ATTLIST tmx version CDATA #REQUIRED>
<!ELEMENT header (note|prop|ude)*>
<!ATTLIST header
  creationtool CDATA #REQUIRED creationtoolversion CDATA #REQUIRED
  segtype (block|paragraph|sentence|phrase) #REQUIRED o-tmf CDATA #REQUIRED
  adminlang CDATA #REQUIRED srclang CDATA #REQUIRED datatype CDATA #REQUIRED
  o-encoding CDATA #IMPLIED creationdate CDATA #IMPLIED creationid CDATA #IMPLIED
  changedate CDATA #IMPLIED changeid CDATA #IMPLIED>
<!ELEMENT ude (map*)>
<!ELEMENT map EMPTY>
<!ELEMENT body (tu*)>
<!ELEMENT tu ((note|prop)*, tuv+)>
<!ATTLIST tu
  tuid CDATA #IMPLIED o-encoding CDATA #IMPLIED datatype CDATA #IMPLIED
  usagecount CDATA #IMPLIED lastusagedate CDATA #IMPLIED creationtool CDATA #IMPLIED
  creationtoolversion CDATA #IMPLIED creationdate CDATA #IMPLIED creationid CDATA #IMPLIED
  changedate CDATA #IMPLIED segtype (block|paragraph|sentence|phrase) #IMPLIED
  changeid CDATA #IMPLIED o-tmf CDATA #IMPLIED srclang CDATA #IMPLIED>
<!ELEMENT tuv ((note|prop)*, seg)>
<!ATTLIST tuv
  xml:lang CDATA #REQUIRED o-encoding CDATA #IMPLIED datatype CDATA #IMPLIED
  usagecount CDATA #IMPLIED lastusagedate CDATA #IMPLIED creationtool CDATA #IMPLIED
  creationtoolversion CDATA #IMPLIED creationdate CDATA #IMPLIED creationid CDATA #IMPLIED
  changedate CDATA #IMPLIED changeid CDATA #IMPLIED o-tmf CDATA #IMPLIED>
<!ELEMENT seg (#PCDATA)>
<!ELEMENT note (#PCDATA)>
<!ATTLIST note xml:lang CDATA #IMPLIED o-encoding CDATA #IMPLIED>
<!ELEMENT prop (#PCDATA)>
<!ATTLIST prop type CDATA #REQUIRED xml:lang CDATA #IMPLIED o-encoding CDATA #IMPLIED>
"""

# The part of the XLIFF 2.0 core schema (OASIS, 2014) that bitextual's output uses, written
# from the specification: element order, required attributes, NMTOKEN ids unique per scope,
# the four states. Module elements (mda:metadata) are the spec's ##other extension points.
XLIFF20_XSD = """<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:xlf="urn:oasis:names:tc:xliff:document:2.0"
    targetNamespace="urn:oasis:names:tc:xliff:document:2.0" elementFormDefault="qualified">
  <xs:simpleType name="stateValues">
    <xs:restriction base="xs:string">
      <xs:enumeration value="initial"/><xs:enumeration value="translated"/>
      <xs:enumeration value="reviewed"/><xs:enumeration value="final"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:element name="xliff">
    <xs:complexType>
      <xs:sequence><xs:element ref="xlf:file" maxOccurs="unbounded"/></xs:sequence>
      <xs:attribute name="version" type="xs:string" use="required" fixed="2.0"/>
      <xs:attribute name="srcLang" type="xs:language" use="required"/>
      <xs:attribute name="trgLang" type="xs:language" use="optional"/>
      <xs:anyAttribute namespace="##other" processContents="skip"/>
    </xs:complexType>
    <xs:unique name="uniqueFileId">
      <xs:selector xpath="xlf:file"/><xs:field xpath="@id"/>
    </xs:unique>
  </xs:element>
  <xs:element name="file">
    <xs:complexType>
      <xs:sequence>
        <xs:any minOccurs="0" maxOccurs="unbounded" namespace="##other" processContents="skip"/>
        <xs:element ref="xlf:notes" minOccurs="0"/>
        <xs:element ref="xlf:unit" maxOccurs="unbounded"/>
      </xs:sequence>
      <xs:attribute name="id" type="xs:NMTOKEN" use="required"/>
      <xs:attribute name="original" type="xs:string" use="optional"/>
      <xs:anyAttribute namespace="##other" processContents="skip"/>
    </xs:complexType>
    <xs:unique name="uniqueUnitId">
      <xs:selector xpath="xlf:unit"/><xs:field xpath="@id"/>
    </xs:unique>
  </xs:element>
  <xs:element name="notes">
    <xs:complexType>
      <xs:sequence><xs:element ref="xlf:note" maxOccurs="unbounded"/></xs:sequence>
    </xs:complexType>
  </xs:element>
  <xs:element name="note">
    <xs:complexType>
      <xs:simpleContent>
        <xs:extension base="xs:string">
          <xs:attribute name="id" type="xs:NMTOKEN" use="optional"/>
          <xs:attribute name="category" type="xs:string" use="optional"/>
          <xs:attribute name="appliesTo" use="optional">
            <xs:simpleType><xs:restriction base="xs:string">
              <xs:enumeration value="source"/><xs:enumeration value="target"/>
            </xs:restriction></xs:simpleType>
          </xs:attribute>
        </xs:extension>
      </xs:simpleContent>
    </xs:complexType>
  </xs:element>
  <xs:element name="unit">
    <xs:complexType>
      <xs:sequence>
        <xs:any minOccurs="0" maxOccurs="unbounded" namespace="##other" processContents="skip"/>
        <xs:element ref="xlf:notes" minOccurs="0"/>
        <xs:element ref="xlf:segment" maxOccurs="unbounded"/>
      </xs:sequence>
      <xs:attribute name="id" type="xs:NMTOKEN" use="required"/>
      <xs:anyAttribute namespace="##other" processContents="skip"/>
    </xs:complexType>
  </xs:element>
  <xs:element name="segment">
    <xs:complexType>
      <xs:sequence>
        <xs:element ref="xlf:source"/>
        <xs:element ref="xlf:target" minOccurs="0"/>
      </xs:sequence>
      <xs:attribute name="id" type="xs:NMTOKEN" use="optional"/>
      <xs:attribute name="state" type="xlf:stateValues" use="optional"/>
      <xs:attribute name="subState" use="optional">
        <xs:simpleType><xs:restriction base="xs:string">
          <xs:pattern value="[^\\s:]+:[^\\s:]+"/>
        </xs:restriction></xs:simpleType>
      </xs:attribute>
    </xs:complexType>
  </xs:element>
  <xs:complexType name="plainText">
    <xs:simpleContent>
      <xs:extension base="xs:string">
        <xs:anyAttribute namespace="http://www.w3.org/XML/1998/namespace"
                         processContents="skip"/>
      </xs:extension>
    </xs:simpleContent>
  </xs:complexType>
  <xs:element name="source" type="xlf:plainText"/>
  <xs:element name="target" type="xlf:plainText"/>
</xs:schema>
"""


def xml_visible(text: str) -> str:
    """What an XML export can carry of a stored text."""
    return strip_xml_forbidden(text).strip()


@pytest.fixture
def hostile(project: Project) -> Project:
    """A project whose one pair has every kind of text an XML writer can get wrong."""
    b = ProjectBuilder(project)
    statuses = ["pending", "accepted"] * (len(HOSTILE_ZH) // 2)
    with project.transaction():
        _, _, en = b.parallel("hostile<&>\"'", HOSTILE_ZH, HOSTILE_EN, statuses=statuses,
                              scores=[0.5 + i / 100 for i in range(len(HOSTILE_ZH))])
        b.correct(en[-1], "A plain sentence, corrected & <checked>.")
        b.imported("memory.tmx", [("繁體中文的句子", "A Traditional sentence")],
                   zh_script="zh-Hant")
    return project


def expected_pairs(project: Project) -> list[tuple[str, str]]:
    zh = [xml_visible(t) for t in HOSTILE_ZH]
    en = [xml_visible(t) for t in HOSTILE_EN]
    en[-1] = "A plain sentence, corrected & <checked>."
    return [*zip(zh, en, strict=True), ("繁體中文的句子", "A Traditional sentence")]


# --- XML text helpers --------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "stripped"),
    [
        ("plain", "plain"),
        ("tab\tlf\ncr\r", "tab\tlf\ncr\r"),
        ("nul\x00bell\x07vt\x0bff\x0cesc\x1b", "nulbellvtffesc"),
        ("bom\ufeffok, nonchar\ufffe\uffff", "bom\ufeffok, nonchar"),
        ("lone \ud800 surrogate \udfff", "lone  surrogate "),
        ("astral 😀 𠀀 kept", "astral 😀 𠀀 kept"),
        ("C1 \x85 \x9f kept (allowed by XML 1.0)", "C1 \x85 \x9f kept (allowed by XML 1.0)"),
    ],
)
def test_strip_xml_forbidden(text: str, stripped: str) -> None:
    assert strip_xml_forbidden(text) == stripped


@pytest.mark.parametrize(
    ("text", "element", "attribute"),
    [
        ("a < b & c > d", "a &lt; b &amp; c &gt; d", "a &lt; b &amp; c &gt; d"),
        ("\"q\" 'a'", "&quot;q&quot; &apos;a&apos;", "&quot;q&quot; &apos;a&apos;"),
        ("cr\r lf\n tab\t", "cr&#13; lf\n tab\t", "cr&#13; lf&#10; tab&#9;"),
        ("]]>", "]]&gt;", "]]&gt;"),
        ("ctl\x01", "ctl", "ctl"),
    ],
)
def test_xml_escaping(text: str, element: str, attribute: str) -> None:
    assert xml_text(text) == element
    assert xml_attr(text) == attribute
    parsed = etree.fromstring(f'<r a="{xml_attr(text)}">{xml_text(text)}</r>')
    assert parsed.text == strip_xml_forbidden(text)
    assert parsed.get("a") == strip_xml_forbidden(text)


def test_strip_unencodable_makes_utf8_possible() -> None:
    assert strip_unencodable("a\ud83db\udc00c").encode("utf-8") == b"abc"


# --- TMX -----------------------------------------------------------------------------------

def test_tmx_is_valid_1_4b_and_reads_back_in_translate_toolkit(hostile: Project,
                                                               tmp_path: Path) -> None:
    out = tmp_path / "out.tmx"
    report = export_project(hostile, "tmx", out)
    tree = etree.parse(str(out))
    dtd = etree.DTD(io.StringIO(TMX14_DTD))
    assert dtd.validate(tree), dtd.error_log.filter_from_errors()
    header = tree.getroot().find("header")
    assert header is not None
    for attribute, value in [("creationtool", "bitextual"), ("creationtoolversion", "0.1.0"),
                             ("segtype", "sentence"), ("o-tmf", "bitextual"),
                             ("adminlang", "en"), ("datatype", "plaintext"),
                             ("srclang", "*all*")]:  # Simplified and Traditional pairs
        assert header.get(attribute) == value
    assert re.fullmatch(r"\d{8}T\d{6}Z", header.get("creationdate", ""))
    header_props = {p.get("type"): p.text for p in header.findall("prop")}
    assert header_props["x-model"] == ALIGNER_SIGNATURE
    assert header_props["x-bitextual-signature"] == report.signature

    # translate-toolkit leaves parsefile unannotated
    store = tt_tmx.tmxfile.parsefile(str(out))  # type: ignore[no-untyped-call]
    assert [(u.source, u.target) for u in store.units] == expected_pairs(hostile)
    assert len(store.units) == report.written


def test_tmx_units_carry_languages_props_and_original_notes(hostile: Project,
                                                            tmp_path: Path) -> None:
    out = tmp_path / "out.tmx"
    export_project(hostile, "tmx", out)
    tus = etree.parse(str(out)).getroot().find("body").findall("tu")
    langs = [[tuv.get(XML_LANG) for tuv in tu.findall("tuv")] for tu in tus]
    assert langs[0] == ["zh-Hans", "en"]
    assert langs[-1] == ["zh-Hant", "en"]
    props = {p.get("type"): p.text for p in tus[1].findall("prop")}
    assert props == {"x-confidence": "0.5100", "x-status": "accepted",
                     "x-document": "hostile<&>\"'.zh <> hostile<&>\"'.en", "x-bead": "2",
                     "x-origin": "aligner"}
    corrected_tu = tus[len(HOSTILE_ZH) - 1]
    en_tuv = corrected_tu.findall("tuv")[1]
    assert en_tuv.findtext("note") == "普通的一句话。 (en)"
    assert en_tuv.findtext("seg") == "A plain sentence, corrected & <checked>."
    assert corrected_tu.findall("tuv")[0].find("note") is None
    assert "x-confidence" not in {p.get("type") for p in tus[-1].findall("prop")}  # imported


def test_tuids_are_unique_and_stable_across_exports(hostile: Project, tmp_path: Path) -> None:
    export_project(hostile, "tmx", tmp_path / "a.tmx")
    export_project(hostile, "tmx", tmp_path / "b.tmx", ExportOptions(text="original"))

    def tuids(path: Path) -> list[str]:
        return [tu.get("tuid", "") for tu in etree.parse(str(path)).iter("tu")]

    first = tuids(tmp_path / "a.tmx")
    assert len(set(first)) == len(first) == len(HOSTILE_ZH) + 1
    assert tuids(tmp_path / "b.tmx") == first


def test_tmx_srclang_is_the_chinese_tag_when_the_export_has_one(project: Project,
                                                                tmp_path: Path) -> None:
    with project.transaction():
        ProjectBuilder(project).parallel("d", ["漢語"], ["Chinese"], zh_script="zh-Hant")
    export_project(project, "tmx", tmp_path / "o.tmx")
    assert etree.parse(str(tmp_path / "o.tmx")).find("header").get("srclang") == "zh-Hant"


# --- XLIFF 2.0 -------------------------------------------------------------------------------

def test_xliff_is_valid_2_0_and_reads_back_in_translate_toolkit(hostile: Project,
                                                                tmp_path: Path) -> None:
    out = tmp_path / "out.xlf"
    report = export_project(hostile, "xliff", out)
    tree = etree.parse(str(out))
    schema = etree.XMLSchema(etree.fromstring(XLIFF20_XSD.encode()))
    assert schema.validate(tree), schema.error_log.filter_from_errors()
    root = tree.getroot()
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.0", "zh", "en")

    # translate-toolkit leaves parsefile unannotated
    store = tt_xliff2.Xliff2File.parsefile(str(out))  # type: ignore[no-untyped-call]
    assert [(u.source, u.target) for u in store.units] == expected_pairs(hostile)
    assert len(store.units) == report.written
    assert len({u.getid() for u in store.units}) == len(store.units)


def test_xliff_states_metadata_notes_and_files(hostile: Project, tmp_path: Path) -> None:
    out = tmp_path / "out.xlf"
    export_project(hostile, "xliff", out)
    root = etree.parse(str(out)).getroot()
    files = root.findall(f"{XLIFF_NS}file")
    assert [f.get("id") for f in files] == ["f1", "f2"]
    assert files[1].get("original") == "memory.tmx"
    file_meta = {m.get("type"): m.text for m in files[0].iter(f"{MDA_NS}meta")
                 if m.getparent().get("category") == "bitextual-export"}
    assert file_meta["model"] == ALIGNER_SIGNATURE
    assert file_meta["signature"].startswith("bitextual 0.1.0 | ")
    segments = list(root.iter(f"{XLIFF_NS}segment"))
    assert [s.get("state") for s in segments[:2]] == ["translated", "reviewed"]
    assert [s.get("subState") for s in segments[:2]] == ["bitextual:pending",
                                                         "bitextual:accepted"]
    corrected = list(files[0].iter(f"{XLIFF_NS}unit"))[len(HOSTILE_ZH) - 1]
    notes = {n.get("category"): n.text for n in corrected.iter(f"{XLIFF_NS}note")}
    assert notes == {"original-target": "普通的一句话。 (en)"}
    assert STATE_BY_STATUS == {"pending": "translated", "accepted": "reviewed"}

    # translate-toolkit leaves parsefile unannotated
    store = tt_xliff2.Xliff2File.parsefile(str(out))  # type: ignore[no-untyped-call]
    assert [u.isapproved() for u in store.units][:2] == [False, True]


# --- TSV -------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain", "plain"),
        ("tab\there", "tab\\there"),
        ("line\nbreak\r\n", "line\\nbreak\\r\\n"),
        ("back\\slash \\n literal", "back\\\\slash \\\\n literal"),
        ("\u2028 kept", "\u2028 kept"),
    ],
)
def test_tsv_escaping_round_trips(text: str, escaped: str) -> None:
    assert escape_field(text) == escaped
    assert unescape_field(escaped) == text
    assert "\t" not in escaped and "\n" not in escaped and "\r" not in escaped


def test_tsv_lines_columns_and_signature(hostile: Project, tmp_path: Path) -> None:
    out = tmp_path / "out.tsv"
    report = export_project(hostile, "tsv", out)
    lines = out.read_text(encoding="utf-8").split("\n")
    assert lines[0].startswith(SIGNATURE_PREFIX) and "glossary: 0" in lines[0]
    assert lines[1].split("\t") == ["zh", "en", "id", "score", "status", "document"]
    rows = [line.split("\t") for line in lines[2:] if line]
    assert len(rows) == report.written
    assert all(len(row) == 6 for row in rows)
    texts = [(unescape_field(r[0]), unescape_field(r[1])) for r in rows]
    expected = [(strip_unencodable(HOSTILE_ZH[i]).strip(), strip_unencodable(HOSTILE_EN[i]).strip())
                for i in range(len(HOSTILE_ZH))]
    expected[-1] = (expected[-1][0], "A plain sentence, corrected & <checked>.")
    assert texts == [*expected, ("繁體中文的句子", "A Traditional sentence")]
    assert [r[4] for r in rows[:2]] == ["pending", "accepted"]
    assert rows[-1][3] == ""  # imported: no score


def test_tsv_custom_columns_without_header(hostile: Project, tmp_path: Path) -> None:
    out = tmp_path / "bare.tsv"
    writer = make_writer("tsv", columns=("en", "zh_original", "en_original"), header=False)
    export_project(hostile, writer, out)
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").split("\n") if line]
    assert len(rows) == len(HOSTILE_ZH) + 1
    assert rows[len(HOSTILE_ZH) - 1] == ["A plain sentence, corrected & <checked>.", "",
                                         "普通的一句话。 (en)"]


def test_tsv_unknown_column_is_refused() -> None:
    with pytest.raises(BitextualError, match="unknown TSV column 'colour'"):
        make_writer("tsv", columns=("zh", "colour"))


# --- JSONL -----------------------------------------------------------------------------------

def test_jsonl_header_then_units(hostile: Project, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    report = export_project(hostile, "jsonl", out)
    lines = out.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == ""
    objects = [json.loads(line) for line in lines[:-1]]
    header, units = objects[0], objects[1:]
    assert header["type"] == "header" and "zh" not in header and "en" not in header
    assert header["bitextual_export"]["signature"] == report.signature
    assert header["bitextual_export"]["zh_langs"] == ["zh-Hans", "zh-Hant"]
    assert all(u["type"] == "unit" for u in units)
    assert len(units) == report.written
    assert units[0]["zh"] == HOSTILE_ZH[0].strip()  # JSON keeps control characters
    last_aligned = units[len(HOSTILE_ZH) - 1]
    assert last_aligned["en_original"] == "普通的一句话。 (en)"
    assert last_aligned["zh_original"] is None
    assert units[1]["status"] == "accepted" and units[1]["score"] == pytest.approx(0.51)
    assert units[-1]["document"] == "memory.tmx" and units[-1]["zh_lang"] == "zh-Hant"
    assert len(units[0]["zh_ids"]) == 1 and len(units[0]["en_ids"]) == 1


# --- Moses -----------------------------------------------------------------------------------

def test_moses_files_stay_line_parallel(hostile: Project, tmp_path: Path) -> None:
    report = export_project(hostile, "moses", tmp_path / "corpus")
    zh_path, en_path, meta_path = report.paths
    assert (zh_path.name, en_path.name, meta_path.name) == ("corpus.zh", "corpus.en",
                                                            "corpus.meta.json")
    zh_bytes, en_bytes = zh_path.read_bytes(), en_path.read_bytes()
    assert zh_bytes.count(b"\n") == en_bytes.count(b"\n") == report.written
    zh_text = zh_bytes.decode("utf-8")
    en_text = en_bytes.decode("utf-8")
    # every reader agrees on the line count: no stray line breaks or tabs inside a line
    assert len(zh_text.splitlines()) == len(en_text.splitlines()) == report.written
    with zh_path.open(encoding="utf-8") as handle:
        assert sum(1 for _ in handle) == report.written
    assert "\t" not in zh_text and "\r" not in zh_text
    assert zh_text.splitlines()[3] == "制表 换行 回车 结束"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))["bitextual_export"]
    assert meta["lines"] == report.written and meta["signature"] == report.signature


def test_registry_lists_every_format() -> None:
    assert set(FORMATS) == {"tmx", "xliff", "tsv", "jsonl", "moses"}
    for name in FORMATS:
        assert make_writer(name).name == name
    with pytest.raises(BitextualError, match="unknown export format 'docx'"):
        make_writer("docx")


def test_jsonl_fast_lines_equal_json_dumps(hostile: Project) -> None:
    from corpus.export.jsonl import unit_line, unit_object
    from corpus.export.units import iter_units, plan_export

    units = list(iter_units(hostile, plan_export(hostile, ExportOptions())))
    assert units
    for unit in units:
        expected = json.dumps(unit_object(unit), ensure_ascii=False, separators=(",", ":"))
        assert unit_line(unit) == strip_unencodable(expected)
        assert json.loads(unit_line(unit)) == unit_object(unit)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("plain text", "plain text\n"),
        ("tab\tlf\ncr\rcrlf\r\n", "tab lf cr crlf  \n"),
        ("vt\x0bff\x0cfs\x1cgs\x1drs\x1e", "vt ff fs gs rs \n"),
        ("nel\x85ls\u2028ps\u2029", "nel ls ps \n"),
        ("nul\x00esc\x1b\ufffe", "nulesc\n"),
        ("kept: \x7f \x86 \u200b 😀", "kept: \x7f \x86 \u200b 😀\n"),
    ],
)
def test_moses_line(text: str, line: str) -> None:
    from corpus.export.moses import moses_line

    assert moses_line(text) == line
    assert len(moses_line(text).splitlines()) == 1
