"""How every screen makes a reviewer's change: under the writer lock, checked against the
rows it shows, with one wording for "not saved"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.screen import Screen

from corpus.errors import BitextualError, ProjectBusyError, StaleViewError
from corpus.store import ChangeStamp
from tui.service import ReviewService

T = TypeVar("T")


def attempt_change(screen: Screen[Any], service: ReviewService, seen: ChangeStamp,
                   operation: Callable[[], T], reload: Callable[[], None]
                   ) -> tuple[T | None, BitextualError | None]:
    """Run ``operation`` (one change by the reviewer) under the project's writer lock;
    (its result, None) when saved, (None, why) when not, after telling the reviewer.

    Another command holding the lock (``align``, ``add``…) for longer than the service
    waits: the reviewer is told which, nothing is written. Another command changed the store
    since ``seen`` (the stamp the screen's rows were read with): nothing is written, since
    the rows acted on may be gone, and ``reload`` reads the screen again.
    """
    try:
        with service.writing(seen):
            return operation(), None
    except StaleViewError as exc:
        screen.notify(exc.describe(), severity="warning", title="Not saved")
        reload()
        return None, exc
    except ProjectBusyError as exc:
        screen.notify(exc.describe(), severity="error", title="Not saved")
        return None, exc
    except BitextualError as exc:
        screen.notify(exc.describe(), severity="error", title="Not done")
        return None, exc
