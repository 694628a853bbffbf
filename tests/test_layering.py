"""The domain packages stay usable without the UI toolkit; the code type-checks strictly."""

from __future__ import annotations

import ast
import os
import re
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


# -- no SQL in the UI layer ----------------------------------------------------------------
# Every read and write of the store is a function of the corpus or glossary layer that owns
# the table; ``tui/`` (the CLI, the review app and its services) only calls them. The check
# parses each module: a string literal that starts like an SQL statement, a method called
# ``executemany``/``executescript``, ``execute`` on a connection or cursor (or with an SQL
# string), reaching for a project's ``.conn`` or opening a ``.cursor()`` are SQLite usage.
# ``run.execute(runner, progress)`` (a batch run) is not, nor is naming ``sqlite3.Error`` in
# an ``except`` (the CLI reports a broken store file as an error).
_SQL_TEXT = re.compile(r"\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|PRAGMA|WITH)"
                       r"\s")
_SQLITE_RECEIVERS = {"conn", "connection", "cursor", "cur", "db"}


def _receiver_name(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def _is_sql_text(node: ast.expr) -> bool:
    if isinstance(node, ast.JoinedStr):
        return bool(node.values) and _is_sql_text(node.values[0])
    if isinstance(node, ast.BinOp):
        return _is_sql_text(node.left)
    return isinstance(node, ast.Constant) and isinstance(node.value, str) \
        and _SQL_TEXT.match(node.value) is not None


def sql_usage(source: str) -> list[str]:
    """Where (line: what) a module's code uses SQLite directly."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and _SQL_TEXT.match(node.value):
            found.append(f"{node.lineno}: SQL text {node.value[:30]!r}")
        elif isinstance(node, ast.Attribute) and node.attr == "conn":
            found.append(f"{node.lineno}: .conn")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            method = node.func.attr
            if method in ("executemany", "executescript") or (method == "cursor" and not node.args):
                found.append(f"{node.lineno}: .{method}(")
            elif method == "execute" and (
                    _receiver_name(node.func.value) in _SQLITE_RECEIVERS
                    or (node.args and _is_sql_text(node.args[0]))):
                found.append(f"{node.lineno}: .execute(")
    return found


SQL_USAGE_CASES = [
    ('project.conn.execute("SELECT id FROM documents")\n', True),
    ("rows = conn.execute(sql, args)\n", True),
    ("cur.executemany(sql, rows)\n", True),
    ("plain = project.store.cursor()\nplain.execute(query)\n", True),
    ('sql = ("SELECT id, text FROM segments "\n       "WHERE document_id = ?")\n', True),
    ('sql = f"DELETE FROM beads WHERE id IN ({marks})"\n', True),
    ('db.execute(f"UPDATE segments SET corrected = ? WHERE id = {seg!r}")\n', True),
    ('"INSERT INTO terms(concept_id) VALUES (?)"\n', True),
    ("summary = run.execute(runner, progress)\n", False),
    ('label = "Select a document"\nhint = "SELECTED rows"\n', False),
    ("try:\n    pass\nexcept sqlite3.Error:\n    pass\n", False),
    ('notify("Delete this pair?")\n', False),
]


@pytest.mark.parametrize(("source", "is_sql"), SQL_USAGE_CASES,
                         ids=[c[0].splitlines()[-1][:40] for c in SQL_USAGE_CASES])
def test_sql_usage_check_tells_sqlite_from_other_calls(source: str, is_sql: bool) -> None:
    assert bool(sql_usage(source)) == is_sql, sql_usage(source)


def test_the_ui_layer_runs_no_sql() -> None:
    modules = sorted((REPO / "tui").rglob("*.py"))
    names = {m.relative_to(REPO).as_posix() for m in modules}
    assert {"tui/document_service.py", "tui/service.py", "tui/cli/batch_cmds.py"} <= names
    found = {name: hits for m in modules
             if (hits := sql_usage(m.read_text(encoding="utf-8")))
             for name in [m.relative_to(REPO).as_posix()]}
    assert found == {}, "move these statements into corpus/ or glossary/: " + repr(found)
