"""Input files are read only when they are what they claim to be: a regular file.

A named pipe (FIFO) would block a reader forever, a directory or a device is not a document,
and a symbolic link loop or a dangling link is not "no such file". Every reader of user
files goes through :func:`read_input_bytes`, so the message says what the path really is.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from corpus.errors import BitextualError, IngestError


def path_kind(path: str | Path) -> str | None:
    """What ``path`` is when it is not a readable regular file (``None`` when it is one):
    "a directory", "a named pipe (FIFO)", "a symbolic link loop", …, or "no such file or
    directory"."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            return f"a dangling symbolic link (to {os.readlink(path)}, which does not exist)"
        return "no such file or directory"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link loop (following its links never reaches a file)"
        if exc.errno == errno.ENOTDIR:
            return "no such file or directory (a part of the path is a file)"
        if exc.errno == errno.ENAMETOOLONG:
            return "a path too long for the file system"
        return f"unreadable ({exc.strerror})"
    mode = info.st_mode
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def require_file(path: str | Path, error: type[BitextualError] = IngestError,
                 expected: str = "a file") -> None:
    """Raise ``error`` naming what ``path`` really is unless it is a regular file."""
    kind = path_kind(path)
    if kind is None:
        return
    if kind.startswith("no such file"):
        raise error(kind, path=path, hint="check the path")
    raise error(f"this is {kind}, not {expected}", path=path,
                hint="name a regular file (pipes and devices are not read: copy the data "
                     "into a file first)" if "pipe" in kind or "device" in kind
                else "name a regular file")


def require_existing(path: str | Path, error: type[BitextualError] = IngestError) -> None:
    """Raise ``error`` unless ``path`` is a regular file or a directory."""
    kind = path_kind(path)
    if kind is None or kind == "a directory":
        return
    require_file(path, error, "a file or a directory")


def read_input_bytes(path: str | Path, error: type[BitextualError] = IngestError) -> bytes:
    """The bytes of a regular file; anything else (pipe, directory, loop) is ``error``."""
    require_file(path, error)
    try:
        return Path(path).read_bytes()
    except IsADirectoryError as exc:
        raise error("this is a directory, not a file", path=path) from exc
    except OSError as exc:
        raise error(f"cannot read the file: {exc.strerror}", path=path) from exc
