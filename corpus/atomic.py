"""Atomic file output: write to a temporary file beside the target, fsync, then rename."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO, Literal, TextIO, overload

from corpus.errors import BitextualError, DiskFullError, is_disk_full

# The handle's type follows the mode, as for open(): str for text modes, bytes for binary.
_TextMode = Literal["w", "x", "wt", "xt"]
_BinaryMode = Literal["wb", "xb"]


@overload
def atomic_open(path: str | Path, mode: _TextMode = "w", encoding: str | None = "utf-8",
                newline: str | None = None) -> contextlib.AbstractContextManager[TextIO]: ...
@overload
def atomic_open(path: str | Path, mode: _BinaryMode, encoding: str | None = "utf-8",
                newline: str | None = None) -> contextlib.AbstractContextManager[BinaryIO]: ...
@overload
def atomic_open(path: str | Path, mode: str, encoding: str | None = "utf-8",
                newline: str | None = None) -> contextlib.AbstractContextManager[IO[Any]]: ...
def atomic_open(path: str | Path, mode: str = "w", encoding: str | None = "utf-8",
                newline: str | None = None) -> contextlib.AbstractContextManager[IO[Any]]:
    """Open a temporary file that replaces ``path`` only if the block finishes without error."""
    return _atomic_open(path, mode, encoding, newline)


def output_target(path: str | Path) -> Path:
    """The file that writing ``path`` replaces: ``path`` itself, or, when it is a symbolic
    link, the file at the end of its chain of links. The link is followed, never replaced
    (``export -o link.tmx`` updates what the link points to and the link stays a link); a
    link loop is an error."""
    target = Path(path)
    if not os.path.islink(target):
        return target
    from corpus.inputs import path_kind  # noqa: PLC0415 - inputs imports errors only; no cycle

    kind = path_kind(target)
    if kind is not None and "loop" in kind:
        raise BitextualError(f"cannot write here: this is {kind}", path=target,
                             hint="remove the link or write to another path")
    return Path(os.path.realpath(target))


@contextlib.contextmanager
def _atomic_open(path: str | Path, mode: str, encoding: str | None,
                 newline: str | None) -> Iterator[IO[Any]]:
    target = output_target(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                        dir=target.parent)
    except OSError as exc:
        if is_disk_full(exc):
            raise DiskFullError(target) from exc
        raise
    binary = "b" in mode
    try:
        # mkstemp makes the file private (0600); the result should have the mode a plain
        # open() gives, so an exported TMX or glossary can be shared like any other file.
        os.fchmod(fd, default_file_mode(target))
        with os.fdopen(fd, mode, encoding=None if binary else encoding,
                       newline=None if binary else newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        if is_disk_full(exc):
            raise DiskFullError(target) from exc
        raise


def default_file_mode(target: Path) -> int:
    """Permission bits for ``target``: those of the file it replaces, else 0666 less umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    """The process umask, read without changing it where the platform allows (threads)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    current = os.umask(0o022)
    os.umask(current)
    return current


def atomic_write_text(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``text`` atomically."""
    with atomic_open(path, "w", encoding=encoding, newline="") as handle:
        handle.write(text)


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically."""
    with atomic_open(path, "wb") as handle:
        handle.write(data)
