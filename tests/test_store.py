"""The project store: schema, migrations, transactions, the append-only decision log."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from corpus.decisions import Action, record
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
        record(project, Action.ACCEPT_BEAD, "bead:1", {"before": "pending"})
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
def test_segment_ids_are_stable_and_distinct(a: tuple[str, str, int], b: tuple[str, str, int],
                                              same: bool) -> None:
    assert (segment_id(*a) == segment_id(*b)) is same


def _add_migration(monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    import corpus.store as store

    monkeypatch.setattr(store, "MIGRATIONS", [*store.MIGRATIONS, script])
    monkeypatch.setattr(store, "SCHEMA_VERSION", len(store.MIGRATIONS))


def test_forward_migration_upgrades_an_existing_project(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    with Project.init(tmp_path) as proj, proj.transaction():
        proj.set_meta("kept", "yes")
    _add_migration(monkeypatch, "ALTER TABLE documents ADD COLUMN title TEXT;"
                                "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);")
    with Project.open(tmp_path) as proj:
        assert proj.schema_version == SCHEMA_VERSION + 1
        assert proj.get_meta("kept") == "yes"
        columns = {row[1] for row in proj.conn.execute("PRAGMA table_info(documents)")}
        assert "title" in columns
        proj.conn.execute("INSERT INTO notes(text) VALUES ('x')")


def test_failed_migration_leaves_the_project_as_it_was(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    Project.init(tmp_path).close()
    _add_migration(monkeypatch, "CREATE TABLE notes (x); SELECT * FROM no_such_table;")
    with pytest.raises(StoreError) as err:
        Project.open(tmp_path)
    assert f"upgrading the project database from schema {SCHEMA_VERSION} to " \
           f"{SCHEMA_VERSION + 1} failed: no such table: no_such_table" in str(err.value)
    assert "the project is unchanged" in str(err.value)
    conn = sqlite3.connect(tmp_path / DB_NAME)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'notes'"
                        ).fetchone()[0] == 0
    conn.close()


def test_foreign_keys_cascade_from_documents(project: Project) -> None:
    with project.transaction() as conn:
        conn.execute("INSERT INTO documents(id, name, path, checksum, format, lang, added_at, "
                     "updated_at) VALUES (1, 'a', 'a', 'x', 'txt', 'zh', 'now', 'now')")
        conn.execute("INSERT INTO segments(id, document_id, position, paragraph, text, norm) "
                     "VALUES ('s1', 1, 0, 0, '你好。', '你好。')")
    with pytest.raises(sqlite3.IntegrityError), project.transaction() as conn:
        conn.execute("INSERT INTO segments(id, document_id, position, paragraph, text, norm) "
                     "VALUES ('s2', 99, 0, 0, 'x', 'x')")
    with project.transaction() as conn:
        conn.execute("DELETE FROM documents WHERE id = 1")
    assert project.conn.execute("SELECT count(*) FROM segments").fetchone()[0] == 0
