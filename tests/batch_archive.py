"""Small archives for the ``bitextual batch`` tests, built from the shared WMT22 news data."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import DATA, REPO, SEEDS, require_shared

WMT = DATA / "wmt22-zhen-news"
CORRUPT = "corrupt.txt"
EMPTY = "empty.txt"
ONLY_ZH = "only-zh.txt"


def smallest_wmt_documents(count: int) -> list[str]:
    """The ``count`` WMT22 documents with the fewest lines (cheap to align), by name."""
    names = sorted(p.name for p in (WMT / "zh").iterdir())
    sizes = {n: len((WMT / "zh" / n).read_text(encoding="utf-8").splitlines()) for n in names}
    return sorted(sorted(names, key=lambda n: (sizes[n], n))[:count])


def build_archive(root: Path, good: int = 6, bad: bool = True) -> tuple[Path, Path]:
    """ZH_DIR and EN_DIR with ``good`` WMT22 pairs; with ``bad``, also a corrupt pair
    (binary bytes), an empty Chinese file and a Chinese file without English."""
    zh_dir, en_dir = root / "zh", root / "en"
    zh_dir.mkdir(parents=True)
    en_dir.mkdir(parents=True)
    for name in smallest_wmt_documents(good):
        shutil.copyfile(WMT / "zh" / name, zh_dir / name)
        shutil.copyfile(WMT / "en" / name, en_dir / name)
    if bad:
        english = en_dir / smallest_wmt_documents(1)[0]
        (zh_dir / CORRUPT).write_bytes(random.Random(14).randbytes(3000))
        shutil.copyfile(english, en_dir / CORRUPT)
        (zh_dir / EMPTY).write_text("\n\n", encoding="utf-8")
        shutil.copyfile(english, en_dir / EMPTY)
        shutil.copyfile(WMT / "zh" / smallest_wmt_documents(1)[0], zh_dir / ONLY_ZH)
    return zh_dir, en_dir


def batch_test_archive(factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The archive of the batch tests: six WMT22 pairs, a corrupt one, an empty one and a
    Chinese file without English (skips the test when the shared data is missing)."""
    require_shared(DATA)
    return build_archive(factory.mktemp("archive"))


def seed_manifest(root: Path, collection: bool = True) -> Path:
    """A manifest pairing the Chinese seed article with each English seed article, all in
    one collection (the English ones share a machine translation's garble)."""
    zh = SEEDS / "004_0b416cea9f678820.txt"
    lines = ["id\tzh\ten"]
    for english in sorted(SEEDS.glob("00[0-3]_*.txt")):
        meta = "\tcollection=garment-news" if collection else ""
        lines.append(f"{english.stem}\t{zh}\t{english}{meta}")
    path = root / "seeds.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def batch_command(*args: str | Path) -> list[str]:
    """The command line running ``bitextual batch`` from this checkout."""
    return [sys.executable, "-c", "from tui.cli import main; main()", "batch",
            *(str(a) for a in args)]


def batch_env() -> dict[str, str]:
    """Environment of a CLI subprocess: this checkout, offline, a fixed export date."""
    from tests.ray_cluster import RAY_TEST_ENV

    return dict(os.environ, PYTHONPATH=str(REPO), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
                SOURCE_DATE_EPOCH="1767225600", **RAY_TEST_ENV)


def run_batch(*args: str | Path, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    """Run ``bitextual batch ARGS`` in a subprocess (it may fork workers or join Ray)."""
    return subprocess.run(batch_command(*args), env=batch_env(), capture_output=True,
                          text=True, timeout=timeout, cwd=REPO)


def kill_after_first_shard(args: list[str | Path], out: Path) -> None:
    """Start ``bitextual batch ARGS`` writing to ``out`` and kill it (SIGKILL, its whole
    process group) as soon as the first shard's status file exists: a run killed mid-way."""
    driver = subprocess.Popen(batch_command(*args), env=batch_env(), cwd=REPO,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    first_shard = out / "status" / "part-00000.tsv"
    deadline = time.monotonic() + 180
    while not first_shard.exists() and driver.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(driver.pid, signal.SIGKILL)
    driver.wait(timeout=30)
    assert driver.returncode == -signal.SIGKILL, "the run ended before it could be killed"


def data_files(out: Path) -> dict[str, bytes]:
    """Every file of an output directory but run.json (timings), by relative path."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != "run.json"}
