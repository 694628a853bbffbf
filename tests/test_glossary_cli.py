"""``bitextual glossary …`` end to end through the Typer app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpus.store import Project
from glossary import termbase as tb
from glossary.tbx import read_tbx
from tests.test_termcheck import add_aligned_pairs
from tui.cli import app

runner = CliRunner()


def run(project: Project, *args: str) -> str:
    """Invoke the CLI on ``project``; fail the test on a non-zero exit."""
    result = runner.invoke(app, ["glossary", *args, "--project", str(project.root)])
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def test_add_list_show_remove(project: Project) -> None:
    out = run(project, "add", "转型升级", "transformation and upgrading",
              "--admitted", "transformation and upgrade",
              "--forbidden", "pformation and upgrading", "--domain", "textile",
              "--note", "seen garbled in seeds", "--source", "test")
    assert "added entry 1" in out and "version 1" in out
    concept = tb.get_concept(project, 1)
    assert concept.en_with("forbidden") == ["pformation and upgrading"]
    assert concept.domain == "textile" and concept.source == "test"
    run(project, "add", "产业集群", "industrial cluster", "--zh-variant", "產業集群")
    listed = run(project, "list", "--search", "upgrad", "--json")
    assert [json.loads(line)["zh"] for line in listed.splitlines()] == [["转型升级"]]
    shown = run(project, "show", "轉型升級")
    assert "forbidden  pformation and upgrading" in shown
    assert "removed entry 2" in run(project, "remove", "2")
    assert [c.id for c in tb.list_concepts(project)] == [1]


def test_add_refuses_a_clash(project: Project) -> None:
    run(project, "add", "转型", "transformation")
    result = runner.invoke(app, ["glossary", "add", "转型", "restructuring",
                                 "--project", str(project.root)])
    assert isinstance(result.exception, tb.GlossaryError)
    assert "already in the glossary as entry 1" in str(result.exception)


def test_starter_import_export_reimport(project: Project, tmp_path: Path) -> None:
    out = run(project, "import", "--starter")
    added = int(out.split("added ")[1].split(",")[0])
    assert added >= 40
    tbx = tmp_path / "out.tbx"
    out = run(project, "export", "-o", str(tbx))
    assert f"wrote {added} entries" in out
    assert len(read_tbx(tbx)) == added
    assert f"version={tb.glossary_version(project)}" in tbx.read_text(encoding="utf-8")
    out = run(project, "import", str(tbx))
    assert f"added 0, replaced 0, duplicates {added}" in out
    csv_path = tmp_path / "out.csv"
    run(project, "export", "-o", str(csv_path))
    first_line = csv_path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith("# bitextual-glossary|version=1|concepts=")
    assert "|tool=bitextual 0.1.0|date=20" in first_line


def test_import_reports_conflicts_and_honours_the_policy(project: Project,
                                                        tmp_path: Path) -> None:
    run(project, "add", "转型升级", "transformation and upgrading")
    path = tmp_path / "g.tsv"
    path.write_text("zh\ten\n转型升级\trestructuring and upgrading\n产业链\tindustrial chain\n",
                    encoding="utf-8")
    result = runner.invoke(app, ["glossary", "import", str(path), "--project",
                                 str(project.root)])
    assert result.exit_code == 0
    assert "added 1, replaced 0, duplicates 0, conflicts 1" in result.output
    assert tb.find_concepts_by_zh(project, "产业链")
    run(project, "import", str(path), "--on-conflict", "replace")
    assert tb.list_concepts(project, search="转型升级")[0].en_preferred == \
        "restructuring and upgrading"


def test_bad_file_error_names_the_line(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("zh,en\n转型,transformation\n产业链,\n", encoding="utf-8")
    result = runner.invoke(app, ["glossary", "import", str(path), "--project",
                                 str(project.root)])
    assert result.exception is not None
    assert f"{path}:3" in str(result.exception)


def test_stats_consistency_and_bootstrap(project: Project) -> None:
    run(project, "add", "中国服装协会", "China National Garment Association",
        "--deprecated", "China Garment Association")
    add_aligned_pairs(project, [
        (["中国服装协会秘书长屈飞主持会议。"],
         ["The meeting was hosted by Qu Fei, Secretary General of China Garment Association."]),
        (["中国服装协会会长陈大鹏讲话。"],
         ["Chen Dapeng, President of China National Garment Association, spoke."]),
    ])
    stats = json.loads(run(project, "stats", "--json"))
    assert stats["concepts"] == 1 and stats["en_terms"] == {"preferred": 1, "deprecated": 1}
    report = json.loads(run(project, "consistency", "--json"))
    [term] = report["terms"]
    assert {(r["category"], r["count"]) for r in term["renderings"]} == {
        ("preferred", 1), ("deprecated", 1)}
    out = run(project, "bootstrap", "--kind", "person")
    assert "屈飞" in out and "Qu Fei" in out and "陈大鹏" in out
    proposals = tb.list_concepts(project, proposals=True)
    assert {c.zh_preferred for c in proposals} == {"屈飞", "陈大鹏"}
    qu = next(c.id for c in proposals if c.zh_preferred == "屈飞")
    chen = next(c.id for c in proposals if c.zh_preferred == "陈大鹏")
    run(project, "accept", str(qu))
    run(project, "reject", str(chen))
    assert {c.zh_preferred for c in tb.list_concepts(project)} == {"中国服装协会", "屈飞"}
    assert tb.list_concepts(project, proposals=True) == []


@pytest.mark.parametrize("args, message", [
    (["import"], "either a FILE or --starter"),
    (["accept"], "no proposals named"),
    (["remove", "x1"], "is not an entry id"),
    (["show", "不存在"], "is not in the glossary"),
])
def test_usage_errors(project: Project, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["glossary", *args, "--project", str(project.root)])
    assert result.exception is not None and message in str(result.exception)


@pytest.mark.parametrize("name, extra", [
    ("g.csv", []), ("g.tsv", []), ("g.tbx", []), ("g2.tbx", ["--tbx-version", "2"]),
    ("plain.csv", ["--no-signature"]),
])
def test_round_trip_in_every_format(project: Project, tmp_path: Path, name: str,
                                    extra: list[str]) -> None:
    """Starter glossary (plus a Traditional-only entry and markup-like text) → file → a fresh
    project → file again: the same entries, and the same bytes apart from the signature."""
    run(project, "import", "--starter")
    run(project, "add", "臺灣紡織品", "Taiwanese textiles [sic]", "--note", "[bold]x[/bold]")
    first = tmp_path / name
    run(project, "export", "-o", str(first), *extra)
    other = Project.init(tmp_path / "other")
    out = run(other, "import", str(first))
    count = len(tb.list_concepts(project))
    assert out.startswith(f"added {count}, replaced 0, duplicates 0, conflicts 0")

    def entries(p: Project) -> list[dict[str, object]]:
        return [{k: v for k, v in tb.concept_to_dict(c).items() if k != "id"}
                for c in tb.list_concepts(p)]

    assert entries(other) == entries(project)
    second = tmp_path / f"again-{name}"
    run(other, "export", "-o", str(second), *extra)

    def body(path: Path) -> list[str]:
        return [line for line in path.read_text(encoding="utf-8").splitlines()
                if "bitextual-glossary|" not in line]

    assert body(second) == body(first)
    shown = run(project, "show", "台湾纺织品")
    assert "Taiwanese textiles [sic]" in shown and "[bold]x[/bold]" in shown
    other.close()


def test_no_signature_is_for_csv_and_tsv(project: Project, tmp_path: Path) -> None:
    result = runner.invoke(app, ["glossary", "export", "-o", str(tmp_path / "g.tbx"),
                                 "--no-signature", "--project", str(project.root)])
    assert result.exit_code == 2 and "applies to CSV/TSV" in result.output
