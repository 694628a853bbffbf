"""A one-line progress display for background work (the glossary re-check)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar

from tui.messages import StoreChanged, WorkFinished, WorkProgress
from tui.service import realign_project, recheck_terms

Progress = Callable[[int, int | None], None]
"""Steps done and total (None when unknown), as the service jobs report them."""
Job = Callable[[Path, Progress], str]
"""A service job: the project root and a progress callback in; a summary line out."""


class WorkStatus(Horizontal):
    """Shows a label and a progress bar while a worker runs; hidden when idle."""

    DEFAULT_CSS = """
    WorkStatus { height: 1; display: none; background: $boost; padding: 0 1; }
    WorkStatus.-busy { display: block; }
    WorkStatus > Label { width: auto; margin-right: 2; }
    WorkStatus > ProgressBar { width: 40; }
    """

    def compose(self) -> ComposeResult:
        yield Label("", id="work-label")
        yield ProgressBar(total=None, show_eta=False, id="work-bar")

    def start_recheck(self, root: Path) -> None:
        """Re-check the project (garble rules and glossary terms) in a worker thread."""
        self.add_class("-busy")
        self.query_one("#work-label", Label).update("re-checking the project…")
        self.query_one("#work-bar", ProgressBar).update(total=None, progress=0)
        self._recheck(root)

    def start_realign(self, root: Path) -> None:
        """Re-align the project in a worker thread (loads the encoder: seconds to minutes)."""
        self.add_class("-busy")
        self.query_one("#work-label", Label).update("re-aligning the project…")
        self.query_one("#work-bar", ProgressBar).update(total=None, progress=0)
        self._realign(root)

    def start(self, label: str, busy: str, job: Job, root: Path) -> None:
        """Run ``job`` (a service job) in a worker thread, showing ``busy`` and its progress."""
        self.add_class("-busy")
        self.query_one("#work-label", Label).update(busy)
        self.query_one("#work-bar", ProgressBar).update(total=None, progress=0)
        self._any_job(label, job, root)

    @work(thread=True, exclusive=True, exit_on_error=False, group="job")
    def _any_job(self, label: str, job: Job, root: Path) -> None:
        self._run_job(label, job, root)

    @work(thread=True, exclusive=True, exit_on_error=False, group="realign")
    def _realign(self, root: Path) -> None:
        self._run_job("re-align", realign_project, root)

    @work(thread=True, exclusive=True, exit_on_error=False, group="recheck")
    def _recheck(self, root: Path) -> None:
        self._run_job("re-check", recheck_terms, root)

    def _run_job(self, label: str, job: Job, root: Path) -> None:
        # Runs in a worker thread: it only posts messages; the handlers below touch widgets.
        def report(done: int, total: int | None) -> None:
            self.post_message(WorkProgress(label, done, total))

        try:
            summary = job(root, report)
        except Exception as exc:  # noqa: BLE001 - shown to the reviewer, the app keeps running
            self.post_message(WorkFinished(label, "", error=str(exc)))
            return
        self.post_message(WorkFinished(label, summary))

    @on(WorkProgress)
    def _progress(self, message: WorkProgress) -> None:
        bar = self.query_one("#work-bar", ProgressBar)
        bar.update(total=message.total, progress=message.done)

    @on(WorkFinished)
    def _finished(self, message: WorkFinished) -> None:
        self.remove_class("-busy")
        if message.error:
            self.notify(f"{message.label} failed: {message.error}", severity="error")
            return
        self.notify(message.summary, timeout=10)
        self.post_message(StoreChanged(message.label))
