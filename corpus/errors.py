"""The one exception family of bitextual.

Every user-facing failure says what happened, where, and what to do.
"""

from __future__ import annotations

from pathlib import Path


class BitextualError(Exception):
    """A failure the user can act on; the CLI prints it to stderr and exits with code 2."""

    title = "error"

    def __init__(
        self,
        msg: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        offset: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.msg = msg
        self.path = str(path) if path is not None else None
        self.line = line
        self.offset = offset
        self.hint = hint
        super().__init__(self.describe())

    def where(self) -> str:
        """Location as ``file:line`` or ``file (byte N)``; empty when unknown."""
        if self.path is None:
            return ""
        if self.line is not None:
            return f"{self.path}:{self.line}"
        if self.offset is not None:
            return f"{self.path} (byte {self.offset})"
        return self.path

    def describe(self) -> str:
        """Full one-paragraph message: location, what happened, what to do."""
        where = self.where()
        text = f"{where}: {self.msg}" if where else self.msg
        if self.hint:
            text += f" ({self.hint})"
        return text


class IngestError(BitextualError):
    """A document could not be read or imported."""

    title = "cannot import"


class StoreError(BitextualError):
    """The project store is missing, locked, or from a newer version."""

    title = "project store"


class ProjectBusyError(StoreError):
    """Another command holds the project's writer lock longer than a review change waits."""

    title = "project busy"

    def __init__(self, holder: str) -> None:
        self.holder = holder
        """Who holds the lock, as messages name it: "`bitextual align` (pid 123)"."""
        super().__init__(f"the project is busy: {holder} is running; your change was not "
                         "saved", hint="try again when it has finished")


class FormatError(BitextualError):
    """A bilingual or glossary file is malformed."""

    title = "malformed file"


class ReviewError(BitextualError):
    """A review operation cannot be applied to the current state."""

    title = "Review error"


class StaleViewError(ReviewError):
    """Another command changed the store since the review screen read what it shows."""

    title = "project changed"

    def __init__(self, changed_by: str) -> None:
        self.changed_by = changed_by
        super().__init__(f"the project was changed by {changed_by} since this screen was "
                         "read; your change was not saved",
                         hint="the screen is reloaded: check it and do it again")


class DiskFullError(BitextualError):
    """The file system ran out of space (or quota) while bitextual was writing."""

    title = "disk full"

    def __init__(self, path: str | Path | None, *, store: bool = False) -> None:
        super().__init__(
            f"no space left on device while writing {path}" if path is not None
            else "no space left on device", hint=(
                "free some space and run the command again; the project is unchanged "
                "(the transaction was rolled back)" if store else
                "free some space and run the command again; the file was not written and "
                "no temporary file is left"))


LOW_SPACE_BYTES = 1 << 20
"""Below this much free space, an SQLite I/O error is taken for a full disk (see below)."""


def is_disk_full(exc: BaseException, where: str | Path | None = None) -> bool:
    """Whether ``exc`` says the disk (or the quota) is full: an ``OSError`` with ENOSPC or
    EDQUOT, or SQLite's SQLITE_FULL ("database or disk is full"). SQLite reports some
    failures of a full disk as a plain I/O error (creating the WAL index when a database
    is opened); with ``where`` (a path on the disk in question), an I/O error there while
    less than :data:`LOW_SPACE_BYTES` are free counts as a full disk too."""
    import errno
    import os
    import sqlite3

    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        if code == sqlite3.SQLITE_FULL or "database or disk is full" in str(exc):
            return True
        if where is not None and code is not None and code & 0xFF == sqlite3.SQLITE_IOERR:
            try:
                disk = os.statvfs(where)
            except OSError:
                return False
            return disk.f_bavail * disk.f_frsize < LOW_SPACE_BYTES
    return False
