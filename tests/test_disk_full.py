"""A full disk gives "no space left on device while writing …", exit code 2, no temporary
file and an unchanged store (issue 12, item 5). The disk is a real one: a small tmpfs,
mounted by the test (root only; skipped with the reason where mounting is not allowed)."""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus.store import Project
from tests.conftest import run_cli
from tests.test_align_cli import fake_model  # noqa: F401 - a fixture used below

DOC = "\n".join(f"c{i} Sentence number {i} says something about cotton prices."
                for i in range(3000))
ZH_DOC = "\n".join(f"c{i} 第{i}句话讲的是棉花的价格。" for i in range(3000))


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs, unmounted afterwards."""
    mount = tmp_path / "disk"
    mount.mkdir()
    try:
        result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
                                capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        pytest.skip(f"cannot run mount: {exc}")
    if result.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {result.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True, timeout=30)


def fill(disk: Path, leave: int = 0) -> Path:
    """Fill ``disk`` with a file until writing fails, then give back ``leave`` bytes."""
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
                handle.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    if leave:
        os.truncate(filler, max(0, filler.stat().st_size - leave))
    return filler


def listing(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


SQLITE_OWN = {"bitextual.db-wal", "bitextual.db-shm", "bitextual.lock"}
"""SQLite keeps its write-ahead log when it cannot checkpoint it (it is replayed on the next
open), and the lock file stays by design: neither is a temporary file left behind."""


def assert_store_intact(root: Path, before: list[str], filler: Path, table: str) -> None:
    assert set(listing(root)) - set(before) <= SQLITE_OWN
    filler.unlink()  # space again: the store opens, is consistent and holds nothing new
    with Project.open(root) as project:
        assert project.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert project.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


def assert_disk_full(code: int, err: str, written: Path) -> None:
    flat = " ".join(err.split())
    assert code == 2, err
    assert f"disk full: no space left on device while writing {written}" in flat
    assert "Traceback" not in err


def test_add(small_disk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = small_disk / "proj"
    Project.init(root).close()
    source = tmp_path / "big.txt"
    source.write_text(DOC, encoding="utf-8")
    filler = fill(small_disk, leave=200_000)  # the store opens; the import does not fit
    before = listing(root)
    code, _, err = run_cli(["add", "-p", str(root), str(source)], capsys)
    assert_disk_full(code, err, root / "bitextual.db")
    assert_store_intact(root, before, filler, "documents")


@pytest.mark.usefixtures("fake_model")
def test_align(small_disk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = small_disk / "proj"
    Project.init(root).close()
    (tmp_path / "zh.txt").write_text(ZH_DOC[:20_000], encoding="utf-8")
    (tmp_path / "en.txt").write_text(DOC[:20_000], encoding="utf-8")
    code, _, err = run_cli(["add", "-p", str(root), str(tmp_path / "zh.txt"),
                            str(tmp_path / "en.txt")], capsys)
    assert code == 0, err
    filler = fill(small_disk, leave=100_000)
    before = listing(root)
    code, _, err = run_cli(["align", "-p", str(root)], capsys)
    assert_disk_full(code, err, root / "bitextual.db")
    assert_store_intact(root, before, filler, "beads")


def test_fix(small_disk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "doc.txt").write_text(DOC, encoding="utf-8")
    out = small_disk / "out"
    out.mkdir()
    fill(small_disk)
    code, _, err = run_cli(["fix", str(inputs), "--out", str(out)], capsys)
    assert_disk_full(code, err, out / "doc.txt")
    assert listing(out) == []


@pytest.mark.usefixtures("fake_model")
def test_align_files(small_disk: Path, tmp_path: Path,
                     capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "zh.txt").write_text(ZH_DOC, encoding="utf-8")
    (tmp_path / "en.txt").write_text(DOC, encoding="utf-8")
    fill(small_disk)
    out = small_disk / "out.tsv"
    code, _, err = run_cli(["align-files", str(tmp_path / "zh.txt"), str(tmp_path / "en.txt"),
                            "--presplit", "--format", "tsv", "-o", str(out)], capsys)
    assert_disk_full(code, err, out)
    assert listing(small_disk) == ["filler"]


@pytest.mark.parametrize("suffix", [".tbx", ".csv"])
def test_glossary_export(small_disk: Path, tmp_path: Path,
                         capsys: pytest.CaptureFixture[str], suffix: str) -> None:
    root = tmp_path / "proj"
    Project.init(root).close()
    assert run_cli(["glossary", "import", "-p", str(root), "--starter"], capsys)[0] == 0
    fill(small_disk)
    out = small_disk / f"glossary{suffix}"
    code, _, err = run_cli(["glossary", "export", "-p", str(root), "-o", str(out)], capsys)
    assert_disk_full(code, err, out)
    assert listing(small_disk) == ["filler"]
