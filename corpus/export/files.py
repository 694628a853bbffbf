"""All-or-nothing output of one or several files (Moses writes two text files and a sidecar).

Single files go through :func:`corpus.atomic.atomic_open`. A group needs more than nesting
``atomic_open`` calls: nested, each file would be renamed into place as its own block ends,
so a failure while finishing the second file could leave the first one renamed. Here every
temporary file is written and fsynced first, and only then are they all renamed.
"""

from __future__ import annotations

import contextlib
import os
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
        for tmp_name, path in zip(temps, paths, strict=True):
            os.replace(tmp_name, path)
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
