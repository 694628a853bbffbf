"""The domain packages stay usable without the UI toolkit; the code type-checks strictly."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO

DOMAIN_MODULES = ["aligner", "corpus", "glossary"]


def _loaded_after_import(modules: list[str]) -> set[str]:
    code = (
        "import importlib, pkgutil, sys\n"
        f"for name in {modules!r}:\n"
        "    pkg = importlib.import_module(name)\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, name + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                         text=True, check=True)
    return set(out.stdout.split())


@pytest.mark.parametrize("forbidden", ["textual", "rich", "tui", "typer"])
def test_domain_packages_do_not_import_the_ui(forbidden: str) -> None:
    loaded = _loaded_after_import(DOMAIN_MODULES)
    assert "corpus" in loaded and "aligner" in loaded and "glossary" in loaded
    assert forbidden not in loaded


def test_import_linter_contract_holds() -> None:
    out = subprocess.run([sys.executable, "-m", "importlinter.cli"], cwd=REPO,
                         capture_output=True, text=True)
    if "No module named" in out.stderr:
        out = subprocess.run(["lint-imports"], cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_strict_type_check_passes() -> None:
    """The house style's strict mypy, with the configuration in pyproject.toml, in CI too."""
    pytest.importorskip("mypy")
    out = subprocess.run([sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True,
                         text=True)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
