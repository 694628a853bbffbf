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
