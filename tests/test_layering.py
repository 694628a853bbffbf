"""The domain packages stay usable without the UI toolkit; the code type-checks strictly."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

DOMAIN_MODULES = ["aligner", "archive", "corpus", "glossary"]


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
    assert {"corpus", "aligner", "glossary", "archive"} <= loaded
    assert forbidden not in loaded


# ``python -m importlinter.cli`` runs nothing (the module has no main block) and exits 0;
# this is what the ``lint-imports`` script does.
LINT_IMPORTS = ("import sys; from importlinter.cli import lint_imports_command; "
                "sys.exit(lint_imports_command())")


def test_import_linter_contract_holds() -> None:
    out = _lint_imports(REPO)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Contracts: 2 kept, 0 broken." in out.stdout


def test_strict_type_check_passes() -> None:
    """The house style's strict mypy, with the configuration in pyproject.toml, in CI too."""
    pytest.importorskip("mypy")
    out = subprocess.run([sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True,
                         text=True)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]


def _contracts() -> list[dict[str, object]]:
    import tomllib  # noqa: PLC0415 - only these tests read the configuration

    with (REPO / "pyproject.toml").open("rb") as handle:
        config = tomllib.load(handle)
    contracts: list[dict[str, object]] = config["tool"]["importlinter"]["contracts"]
    return contracts


def test_layers_are_a_contract() -> None:
    layers = [c for c in _contracts() if c["type"] == "layers"]
    assert [c["layers"] for c in layers] == [["tui", "archive", "aligner | glossary", "corpus"]]


# A new import that goes up a layer (or across the independent middle layer) is a cycle in
# the making; each case plants one in a copy of the code and expects lint-imports to fail.
CYCLE_CASES = [
    ("corpus/planted.py", "import glossary.termbase\n"),
    ("corpus/planted.py", "import aligner.beads\n"),
    ("glossary/planted.py", "import aligner.beads\n"),
    ("aligner/planted.py", "import tui.service\n"),
    ("aligner/planted.py", "import archive.run\n"),
    ("glossary/planted.py", "import archive.work\n"),
    ("archive/planted.py", "import tui.cli.batch_cmds\n"),
]


@pytest.mark.parametrize(("path", "line"), CYCLE_CASES, ids=[c[1].strip() for c in CYCLE_CASES])
def test_a_new_upward_import_breaks_the_contract(tmp_path: Path, path: str, line: str) -> None:
    for package in ("aligner", "archive", "corpus", "glossary", "tui"):
        shutil.copytree(REPO / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__", "data", "*.tsv", "*.gz"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    clean = _lint_imports(tmp_path)
    assert clean.returncode == 0, clean.stdout[-2000:]
    (tmp_path / path).write_text(line, encoding="utf-8")
    broken = _lint_imports(tmp_path)
    assert broken.returncode != 0
    assert "BROKEN" in broken.stdout


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([sys.executable, "-c", LINT_IMPORTS, "--no-cache"], cwd=root,
                          capture_output=True, text=True, env=env)
