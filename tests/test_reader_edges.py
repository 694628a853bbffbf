"""Bilingual readers never drop a side silently, and TSV records end at ``\\n`` only
(issue 12, items 2 and 3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.errors import FormatError
from corpus.export import export_project
from corpus.formats.tmx import read_tmx
from corpus.formats.tsv import read_tsv, split_records
from corpus.formats.xliff import read_xliff
from corpus.ingest import InputFile, ingest_file
from corpus.store import Project
from tests.conftest import run_cli
from tests.export_builder import ProjectBuilder


def tmx(*units: str, srclang: str = "zh-CN") -> str:
    body = "\n".join(f"    <tu>{unit}</tu>" for unit in units)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
            f'  <header srclang="{srclang}" segtype="sentence" o-tmf="x" adminlang="en" '
            'datatype="plaintext" creationtool="t" creationtoolversion="1"/>\n'
            f"  <body>\n{body}\n  </body>\n</tmx>\n")


ZH = '<tuv xml:lang="zh-CN"><seg>棉花价格创下新高。</seg></tuv>'
EN = '<tuv xml:lang="en"><seg>Cotton prices hit a record high.</seg></tuv>'


# (TMX text, expected (zh, en) of the first unit, expected warning fragment or None)
TMX_CASES = [
    pytest.param(tmx('<tuv><seg>棉花价格创下新高。</seg></tuv>'
                     '<tuv><seg>Cotton prices hit a record high.</seg></tuv>'),
                 ("棉花价格创下新高。", "Cotton prices hit a record high."),
                 "without xml:lang took their language from their text", id="untagged-both"),
    pytest.param(tmx(ZH + '<tuv><seg>Cotton prices hit a record high.</seg></tuv>',
                     srclang="en"),
                 ("棉花价格创下新高。", "Cotton prices hit a record high."),
                 "without xml:lang", id="untagged-en-with-en-srclang"),
    pytest.param(tmx(ZH + '<tuv xml:lang="zh-TW"><seg>棉花價格創下新高。</seg></tuv>' + EN),
                 ("棉花价格创下新高。", "Cotton prices hit a record high."),
                 "second Chinese variant (zh-TW)", id="two-chinese"),
    pytest.param(tmx(ZH + EN + '<tuv xml:lang="fr"><seg>Les prix du coton.</seg></tuv>'),
                 ("棉花价格创下新高。", "Cotton prices hit a record high."),
                 "other than Chinese and English (fr)", id="third-language"),
    pytest.param(tmx(ZH + EN), ("棉花价格创下新高。", "Cotton prices hit a record high."),
                 None, id="clean"),
]


@pytest.mark.parametrize(("text", "first", "warning"), TMX_CASES)
def test_tmx_variants_are_kept_or_reported(tmp_path: Path, text: str,
                                           first: tuple[str, str], warning: str | None) -> None:
    path = tmp_path / "m.tmx"
    path.write_text(text, encoding="utf-8")
    warnings: list[str] = []
    units = read_tmx(path, warnings)
    assert (units[0].zh, units[0].en) == first
    if warning is None:
        assert warnings == []
    else:
        assert len(warnings) == 1 and warning in warnings[0]
        assert str(path) in warnings[0] and "first at line 5" in warnings[0]


@pytest.mark.parametrize(("seg", "why"), [
    ("", "is empty"), ("12345 ---", "has no Chinese or Latin letters"),
    ("棉花 cotton 价格 prices 新高 high record", "mixes Chinese and English")])
def test_untagged_tuv_whose_text_does_not_tell_is_refused_with_its_line(
        tmp_path: Path, seg: str, why: str) -> None:
    path = tmp_path / "m.tmx"
    path.write_text(tmx(ZH + f"<tuv><seg>{seg}</seg></tuv>"), encoding="utf-8")
    with pytest.raises(FormatError) as caught:
        read_tmx(path)
    assert caught.value.line == 5
    assert "no xml:lang" in caught.value.msg and why in caught.value.msg


def test_add_prints_the_warning_and_keeps_both_sides(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    Project.init(tmp_path / "p").close()
    path = tmp_path / "m.tmx"
    path.write_text(tmx('<tuv><seg>棉花价格创下新高。</seg></tuv>'
                        '<tuv><seg>Cotton prices hit a record high.</seg></tuv>'),
                    encoding="utf-8")
    code, _, err = run_cli(["add", "-p", str(tmp_path / "p"), str(path)], capsys)
    assert code == 0
    assert "warning" in err and "took their language from their text" in err
    with Project.open(tmp_path / "p") as project:
        langs = [r[0] for r in project.conn.execute(
            "SELECT d.lang FROM segments s JOIN documents d ON d.id = s.document_id")]
    assert sorted(langs) == ["en", "zh"]


def xliff(*units: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
            '  <file source-language="zh-CN" target-language="en" datatype="plaintext" '
            'original="x">\n    <body>\n'
            + "\n".join(f"      {unit}" for unit in units)
            + "\n    </body>\n  </file>\n</xliff>\n")


def unit(ident: str, source: str, target: str | None) -> str:
    target_el = "" if target is None else f"<target>{target}</target>"
    return f'<trans-unit id="{ident}"><source>{source}</source>{target_el}</trans-unit>'


def test_xliff_without_any_target_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "f.xlf"
    path.write_text(xliff(unit("1", "棉花", None), unit("2", "价格", "")), encoding="utf-8")
    with pytest.raises(FormatError) as caught:
        read_xliff(path)
    assert "holds no translation" in caught.value.msg and caught.value.line == 5


@pytest.mark.parametrize(("units", "warning", "count"), [
    ([unit("1", "棉花", "Cotton"), unit("2", "价格", None)],
     "1 of 2 unit(s) have no target text, first at line 6", 2),
    ([unit("1", "棉花", "Cotton"), unit("1", "价格", "Prices")],
     "id '1' at lines 5, 6); every unit was imported", 2),
])
def test_xliff_gaps_and_repeated_ids_are_imported_with_a_warning(
        tmp_path: Path, units: list[str], warning: str, count: int) -> None:
    path = tmp_path / "f.xlf"
    path.write_text(xliff(*units), encoding="utf-8")
    warnings: list[str] = []
    assert len(read_xliff(path, warnings)) == count
    assert len(warnings) == 1 and warning in warnings[0]


# --- TSV records -------------------------------------------------------------------------

SEPARATORS = ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\r"]


@pytest.mark.parametrize("separator", SEPARATORS,
                         ids=[f"U+{ord(c):04X}" for c in SEPARATORS])
def test_tsv_cell_separators_do_not_end_a_record(tmp_path: Path, separator: str) -> None:
    path = tmp_path / "t.tsv"
    path.write_bytes(f"棉花{separator}价格\tCotton{separator}prices\r\n第二行\tSecond\n"
                     "第三行\tthird\tbroken\n".encode())
    with pytest.raises(FormatError) as caught:
        read_tsv(path)
    assert caught.value.line == 3  # not shifted by the separators on line 1
    path.write_bytes(f"棉花{separator}价格\tCotton{separator}prices\r\n第二行\tSecond\n"
                     .encode())
    units = read_tsv(path)
    assert [(u.zh, u.en, u.line) for u in units] == [
        (f"棉花{separator}价格", f"Cotton{separator}prices", 1), ("第二行", "Second", 2)]


@pytest.mark.parametrize(("text", "records"), [
    ("a\nb\n", ["a", "b"]), ("a\r\nb", ["a", "b"]), ("a\u2028b\n", ["a\u2028b"]),
    ("", []), ("\n", [""]), ("a\rb\n", ["a\rb"])])
def test_split_records(text: str, records: list[str]) -> None:
    assert split_records(text) == records


def test_tsv_export_of_separator_text_reads_back(project: Project, tmp_path: Path) -> None:
    zh = [f"棉花{c}价格" for c in SEPARATORS]
    en = [f"Cotton{c}prices" for c in SEPARATORS]
    with project.transaction():
        ProjectBuilder(project).parallel("news", zh, en)
    out = tmp_path / "out.tsv"
    export_project(project, "tsv", out)
    assert [(u.zh, u.en) for u in read_tsv(out)] == list(zip(zh, en, strict=True))
    again = Project.init(tmp_path / "again")
    ingest_file(again, InputFile(out, "out.tsv"))
    assert again.conn.execute("SELECT count(*) FROM beads").fetchone()[0] == len(zh)
    again.close()


# --- glossary text XML cannot hold -----------------------------------------------------------

@pytest.mark.parametrize(("row", "what"), [
    ("棉\x00花,cotton", "zh cell holds the control character U+0000 (character 2)"),
    ("棉花,cot\x1fton", "en cell holds the control character U+001F (character 4)"),
    ("棉花,cotton,,,,,\x0b", "domain cell holds the control character U+000B"),
    ("棉花,cotton,,,,,,note\ufffe", "note cell holds the control character U+FFFE"),
])
def test_glossary_csv_with_xml_forbidden_characters_is_refused_with_its_line(
        tmp_path: Path, row: str, what: str) -> None:
    from glossary.tabular import read_tabular

    path = tmp_path / "g.csv"
    path.write_text("zh,en,en_admitted,en_deprecated,en_superseded,en_forbidden,domain,note\n"
                    "纺织,textile\n" + row + "\n", encoding="utf-8")
    with pytest.raises(FormatError) as caught:
        read_tabular(path)
    assert caught.value.line == 3
    assert what in caught.value.msg


def test_tbx_export_parses_even_with_forbidden_characters_in_the_store(
        project: Project, tmp_path: Path) -> None:
    """Entries stored before import refused such characters still export as valid XML."""
    import xml.etree.ElementTree as ET

    from glossary.tbx import read_tbx, write_tbx
    from glossary.termbase import Concept, Term

    concept = Concept((Term("棉\x00花", "zh", "preferred"),),
                      (Term("cot\x01ton", "en", "preferred"),), "tex\x1ftile", "a\x0bnote", None)
    out = tmp_path / "g.tbx"
    write_tbx(out, [concept], "sig \x02")
    ET.parse(out)  # raises on a character XML forbids
    back = read_tbx(out)
    assert back[0].concept.zh[0].text == "棉花"
    assert back[0].concept.en_preferred == "cotton"
    assert (back[0].concept.domain, back[0].concept.note) == ("textile", "anote")


def test_entries_made_elsewhere_are_validated_too() -> None:
    from glossary.termbase import GlossaryError, make_concept

    with pytest.raises(GlossaryError, match=r"term '棉<U\+0000>花' holds the control"):
        make_concept("棉\x00花", "cotton")
