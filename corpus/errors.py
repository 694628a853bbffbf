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


class FormatError(BitextualError):
    """A bilingual or glossary file is malformed."""

    title = "malformed file"


class ReviewError(BitextualError):
    """A review operation cannot be applied to the current state."""

    title = "Review error"
