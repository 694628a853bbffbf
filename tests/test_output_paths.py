"""Where output goes: '-' is standard output, a symbolic link is followed and stays a link,
new files get the umask's permissions (issue 12, item 8)."""

from __future__ import annotations

import os
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from corpus.store import Project
from tests.conftest import run_cli
from tests.export_builder import ProjectBuilder


@pytest.fixture
def project_dir(project: Project) -> Path:
    with project.transaction():
        ProjectBuilder(project).parallel("news", ["第一句。", "第二句。"], ["First.", "Second."])
    return project.root


def export(project_dir: Path, out: str | Path, capsys: pytest.CaptureFixture[str],
           fmt: str = "tmx") -> tuple[int, str, str]:
    return run_cli(["export", "-p", str(project_dir), "-f", fmt, "-o", str(out)], capsys)


def test_dash_means_standard_output(project_dir: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = export(project_dir, "-", capsys)
    assert code == 0, err
    assert not (tmp_path / "-").exists()
    root = ET.fromstring(out)  # stdout holds the TMX and nothing else
    assert len(root.findall("./body/tu")) == 2
    assert "wrote 2 unit(s) to standard output" in err


def test_dash_is_refused_for_moses(project_dir: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = export(project_dir, "-", capsys, fmt="moses")
    assert code == 2 and out == ""
    assert "cannot go to standard output" in err
    assert [p.name for p in tmp_path.iterdir()] == ["proj"]


@pytest.mark.parametrize("existing", [True, False])
def test_a_symlink_is_followed_and_stays_a_link(project_dir: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str],
                                                existing: bool) -> None:
    real = tmp_path / "real" / "memory.tmx"
    real.parent.mkdir()
    if existing:
        real.write_text("old", encoding="utf-8")
        real.chmod(0o640)
    link = tmp_path / "link.tmx"
    link.symlink_to(real)
    code, _, err = export(project_dir, link, capsys)
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert len(ET.parse(real).getroot().findall("./body/tu")) == 2
    expected = 0o640 if existing else 0o666 & ~current_umask()
    assert stat.S_IMODE(real.stat().st_mode) == expected
    assert sorted(p.name for p in real.parent.iterdir()) == ["memory.tmx"]  # no temp left


def test_a_symlink_loop_is_an_error(project_dir: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    link = tmp_path / "a.tmx"
    link.symlink_to(tmp_path / "b.tmx")
    (tmp_path / "b.tmx").symlink_to(link)
    code, _, err = export(project_dir, link, capsys)
    assert code == 2 and "symbolic link loop" in err
    assert link.is_symlink()


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_new_files_get_the_umask_permissions(project_dir: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str],
                                             umask: int) -> None:
    previous = os.umask(umask)
    try:
        code, _, err = export(project_dir, tmp_path / "new.tmx", capsys)
    finally:
        os.umask(previous)
    assert code == 0, err
    assert stat.S_IMODE((tmp_path / "new.tmx").stat().st_mode) == 0o666 & ~umask


def test_glossary_export_follows_a_symlink(project_dir: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    real = tmp_path / "terms.csv"
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    run_cli(["glossary", "import", "-p", str(project_dir), "--starter"], capsys)
    code, _, err = run_cli(["glossary", "export", "-p", str(project_dir), "-o", str(link)],
                           capsys)
    assert code == 0, err
    assert link.is_symlink() and real.read_text(encoding="utf-8").count("\n") > 10
