"""``bitextual export`` end to end through the CLI entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus.store import Project
from tests.conftest import run_cli
from tests.export_builder import ProjectBuilder


@pytest.fixture
def project_dir(project: Project) -> Path:
    b = ProjectBuilder(project)
    with project.transaction():
        _, zh, en = b.parallel("news", ["第一句。", "第二句。", "第三句。", "漢字"],
                               ["First.", "Second pformation.", "Third.", "Han"],
                               statuses=["accepted", "pending", "rejected", "pending"],
                               scores=[0.9, 0.4, 0.8, 0.7], zh_script="zh-Hans")
        b.correct(en[1], "Second information.")
    return project.root


@pytest.mark.parametrize(
    ("args", "lines", "skipped"),
    [
        ([], 5, "skipped 1 bead(s): 1 rejected"),
        (["--status", "accepted"], 3, "2 not accepted, 1 rejected"),
        (["--min-confidence", "0.5"], 4, "1 below confidence, 1 rejected"),
        (["--document", "news.zh", "--one-to-one"], 5, "1 rejected"),
    ],
)
def test_export_tsv_options(project_dir: Path, tmp_path: Path, args: list[str], lines: int,
                            skipped: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.tsv"
    code, stdout, stderr = run_cli(["export", "-f", "tsv", "-o", str(out), "-p", str(project_dir),
                                *args], capsys)
    assert code == 0, stderr
    # signature line + column line + one line per unit
    assert len(out.read_text(encoding="utf-8").splitlines()) == lines
    assert f"wrote {lines - 2} unit(s)" in stdout
    assert skipped in stdout
    assert "signature: bitextual 0.1.0 | model: " in stdout


def test_export_original_text_and_script_conversion(project_dir: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.jsonl"
    code, _, stderr = run_cli(["export", "--format", "jsonl", "--output", str(out), "--project",
                           str(project_dir), "--text", "original", "--zh-script", "hant"], capsys)
    assert code == 0, stderr
    units = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()[1:]]
    assert [u["en"] for u in units] == ["First.", "Second pformation.", "Han"]
    assert units[0]["zh"] == "第一句。" and units[0]["zh_lang"] == "zh-Hant"


def test_export_moses_prefix(project_dir: Path, tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, stderr = run_cli(["export", "-f", "moses", "-o", str(tmp_path / "corpus"),
                                "-p", str(project_dir)], capsys)
    assert code == 0, stderr
    assert (tmp_path / "corpus.zh").read_text(encoding="utf-8").splitlines() == [
        "第一句。", "第二句。", "漢字"]
    assert (tmp_path / "corpus.en").read_text(encoding="utf-8").splitlines() == [
        "First.", "Second information.", "Han"]
    assert "corpus.meta.json" in stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "tmx", "--document", "nope"], "no document named 'nope'"),
        (["-f", "tmx", "--status", "accepted", "--min-confidence", "0.95", "--one-to-one",
          "--document", "news.en", "--text", "original"], None),
        (["-f", "xliff", "--status", "accepted", "--document", "news.en", "--one-to-one",
          "--zh-script", "hans"], None),
        (["-f", "tmx", "--columns", "zh,en"], "--columns and --no-header apply to --format tsv"),
        (["-f", "tsv", "--columns", "zh,colour"], "unknown TSV column 'colour'"),
    ],
)
def test_export_errors_and_edge_cases(project_dir: Path, tmp_path: Path, args: list[str],
                                      message: str | None,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.file"
    code, stdout, stderr = run_cli(["export", "-o", str(out), "-p", str(project_dir), *args],
                               capsys)
    if message is None:  # valid options that still select units: accepted bead is kept
        assert code == 0, stderr
        assert "wrote 1 unit(s)" in stdout
        return
    assert code == 2
    assert message in " ".join(stderr.split())
    assert not out.exists()


def test_export_with_nothing_selected_fails_cleanly(project: Project, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.tmx"
    code, _, stderr = run_cli(["export", "-f", "tmx", "-o", str(out), "-p", str(project.root)],
                          capsys)
    assert code == 2
    assert "nothing to export: 0 bead(s) considered" in " ".join(stderr.split())
    assert not out.exists()


def test_printed_signature_keeps_bracketed_model_names(project_dir: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    """Aligner signatures hold '[usem3 …]'; printed as rich markup it vanished."""
    project = Project.open(project_dir)
    with project.transaction():
        project.conn.execute("UPDATE doc_pairs SET signature = 'align encoder=[usem3 dim=512] v2'")
    project.close()
    code, stdout, stderr = run_cli(["export", "-f", "tmx", "-o", str(tmp_path / "o.tmx"),
                                "-p", str(project_dir)], capsys)
    assert code == 0, stderr
    assert "encoder=[usem3 dim=512] v2" in stdout.replace("\n", "")
    assert "encoder=[usem3 dim=512] v2" in (tmp_path / "o.tmx").read_text(encoding="utf-8")
