"""Output of one or several files that replaces the old ones together (Moses writes two text
files and a sidecar).

Single files go through :func:`corpus.atomic.atomic_open`. A group needs more than nesting
``atomic_open`` calls: nested, each file would be renamed into place as its own block ends,
so a failure while finishing the second file could leave the first one renamed. Here every
temporary file is written and fsynced first, and only then are they renamed, one by one.

What is guaranteed. Several renames cannot be one atomic step, so:

* an error while writing (the export itself, a full disk, an fsync) happens before any
  rename: every target keeps its old content (or stays absent), and no temporary file is left;
* an error raised by a rename (rare: the targets sit beside their temporaries) undoes the
  renames already done: each old file is kept as a hard link (``.NAME.*.old``) until every
  rename succeeded and is put back, a target that did not exist is removed. Where the file
  system has no hard links the old file cannot be kept, and such a failure may leave the
  files renamed so far new and the others old;
* a crash of the process or the machine during the renames (a few system calls) can leave
  some targets new and some old, with ``.tmp``/``.old`` files beside them. The files are
  renamed in the order given, the Moses sidecar last: after the process was killed, a new
  sidecar means the two text files beside it are new too.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from corpus.atomic import atomic_open, default_file_mode, output_target
from corpus.errors import DiskFullError, is_disk_full


@contextlib.contextmanager
def atomic_outputs(paths: Sequence[Path]) -> Iterator[list[TextIO]]:
    """Open UTF-8 text files that replace ``paths`` together, only if the block succeeds."""
    if len(paths) == 1:
        with atomic_open(paths[0], "w", encoding="utf-8", newline="") as handle:
            yield [handle]
        return
    temps: list[str] = []
    handles: list[TextIO] = []
    paths = [output_target(path) for path in paths]
    try:
        for path in paths:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                            dir=path.parent)
            temps.append(tmp_name)
            os.fchmod(fd, default_file_mode(path))  # mkstemp's 0600 is not an export's mode
            handles.append(os.fdopen(fd, "w", encoding="utf-8", newline=""))
        yield handles
        for handle in handles:
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
        _replace_together(temps, paths)
    except BaseException as exc:
        for handle in handles:
            with contextlib.suppress(OSError):
                handle.close()
        for tmp_name in temps:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp_name)
        if is_disk_full(exc):
            raise DiskFullError(", ".join(str(path) for path in paths)) from exc
        raise


def _replace_together(temps: Sequence[str], paths: Sequence[Path]) -> None:
    """Rename each temporary file onto its path; when a rename fails, undo the ones done (see
    the module docstring for what can and cannot be undone)."""
    olds: list[str] = []
    renamed = 0
    try:
        olds.extend(_keep_old(path) for path in paths)
        for tmp_name, path in zip(temps, paths, strict=True):
            os.replace(tmp_name, path)
            renamed += 1
    except BaseException:
        for path, old in reversed(list(zip(paths[:renamed], olds[:renamed], strict=True))):
            with contextlib.suppress(OSError):
                if old is _ABSENT:
                    os.unlink(path)
                elif old is not _UNKEPT:
                    os.replace(old, path)
        raise
    finally:
        for old in olds:
            if old not in (_ABSENT, _UNKEPT):
                with contextlib.suppress(OSError):
                    os.unlink(old)


_ABSENT = "(no old file)"
_UNKEPT = "(old file not kept: no hard links here)"


def _keep_old(path: Path) -> str:
    """A hard link to the file ``path`` holds now, beside it, so a failed group of renames can
    put it back; ``_ABSENT`` when there is no such file, ``_UNKEPT`` when it cannot be linked."""
    if not path.exists():
        return _ABSENT
    for _ in range(100):
        old = str(path.parent / f".{path.name}.{secrets.token_hex(4)}.old")
        try:
            os.link(path, old)
        except FileExistsError:
            continue
        except OSError:   # no hard links on this file system (or not allowed)
            return _UNKEPT
        return old
    return _UNKEPT


STDOUT = "-"
"""``-o -``: the export goes to standard output."""


@contextlib.contextmanager
def stdout_output(stream: TextIO | None = None) -> Iterator[list[TextIO]]:
    """One output that reaches standard output (or ``stream``) only if the block succeeds:
    it is spooled to an anonymous temporary file first, so a failed export prints nothing."""
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as spool:
        yield [spool]
        spool.seek(0)
        target = stream if stream is not None else sys.stdout
        shutil.copyfileobj(spool, target)
        target.flush()
