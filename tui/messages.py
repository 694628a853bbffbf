"""Messages of the review app: small dataclasses posted by widgets and workers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from tui.service import BeadView, PartnerView


@dataclass
class BeadHighlighted(Message):
    """The bead cursor moved to ``index`` (in the filtered list) showing bead ``bead_id``."""

    index: int
    bead_id: int | None


@dataclass
class BeadChosen(Message):
    """The reviewer clicked or pressed enter on a bead."""

    index: int
    bead_id: int


@dataclass
class WorkProgress(Message):
    """A worker advanced: ``done`` of ``total`` steps (``total`` None when unknown)."""

    label: str
    done: int
    total: int | None


@dataclass
class WorkFinished(Message):
    """A worker finished; ``summary`` is shown to the reviewer, ``error`` if it failed."""

    label: str
    summary: str
    error: str | None = None


@dataclass
class StoreChanged(Message):
    """The store changed behind the screen (a worker wrote to it): reload what is shown."""

    reason: str


@dataclass
class PairLoaded(Message):
    """A worker finished reading a whole pair; ``generation`` tells whether it is still current."""

    generation: int
    beads: list[BeadView]
    """The pair's beads, in reading order."""


@dataclass
class CandidatesFound(Message):
    """A worker ranked the candidate partners of ``document`` (or failed: ``error``)."""

    document: str
    lang: str
    candidates: list[PartnerView]
    error: str | None = None


@dataclass
class Realigned(Message):
    """A worker re-aligned the unreviewed beads around a correction of pair ``pair_id``."""

    pair_id: int
    changed: tuple[int, ...]
    """Beads whose sentences changed: marked until the reviewer moves on."""
    around: tuple[int, ...]
    """The beads of the correction the re-alignment was run for."""
