"""The project store: schema, migrations, transactions, the append-only decision log."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from corpus.errors import StoreError
from corpus.store import DB_NAME, SCHEMA_VERSION, Project, segment_id


def test_init_creates_database_and_config(tmp_path: Path) -> None:
    proj = Project.init(tmp_path / "p")
    assert (tmp_path / "p" / DB_NAME).exists()
    assert (tmp_path / "p" / "bitextual.toml").exists()
    assert proj.schema_version == SCHEMA_VERSION
    assert proj.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert proj.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert proj.config().model == "usem3"
    proj.close()


def test_init_refuses_existing_project(tmp_path: Path) -> None:
    Project.init(tmp_path).close()
    with pytest.raises(StoreError, match="already exists"):
        Project.init(tmp_path)


def test_open_missing_project_says_how_to_create(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="bitextual init"):
        Project.open(tmp_path)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    Project.init(tmp_path).close()
    conn = sqlite3.connect(tmp_path / DB_NAME)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer bitextual"):
        Project.open(tmp_path)


def test_foreign_database_is_refused(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / DB_NAME)
    conn.execute("CREATE TABLE other (x)")
    conn.close()
    with pytest.raises(StoreError, match="not a bitextual project"):
        Project.open(tmp_path)


def test_decision_log_is_append_only(project: Project) -> None:
    with project.transaction():
        project.log_decision("accept_bead", "bead:1", {"before": "pending"})
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        project.conn.execute("UPDATE decisions SET action = 'x'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        project.conn.execute("DELETE FROM decisions")
    assert project.conn.execute("SELECT count(*) FROM decisions").fetchone()[0] == 1


def test_transaction_rolls_back_on_error(project: Project) -> None:
    with pytest.raises(RuntimeError), project.transaction():
        project.set_meta("k", "v")
        raise RuntimeError("boom")
    assert project.get_meta("k") is None


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (("doc", "你好。", 0), ("doc", "你好。", 0), True),
        (("doc", "你好。", 0), ("doc", "你好。", 1), False),
        (("doc", "你好。", 0), ("other", "你好。", 0), False),
        (("doc", "你好。", 0), ("doc", "您好。", 0), False),
    ],
)
def test_segment_ids_are_stable_and_distinct(a: tuple, b: tuple, same: bool) -> None:
    assert (segment_id(*a) == segment_id(*b)) is same
