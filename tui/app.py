"""The review app: ``create_app`` builds it for the CLI (``bitextual review``) and the tests."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widget import Widget

from corpus.errors import BitextualError
from tui.screens.help import binding_keys
from tui.screens.overview import OverviewScreen
from tui.service import ExportRequest, ReviewService
from tui.widgets.key_bar import KeyBar, class_bindings

MESSAGE_SECONDS: dict[SeverityLevel, float] = {"information": 3.0, "warning": 5.0,
                                               "error": 8.0}
"""How long a message stays on the key line."""
LIGHT_THEME = "textual-light"
DARK_THEME = "textual-dark"


class ReviewCommands(Provider):
    """Command palette entries: every key binding of the current screen and of the app."""

    def _commands(self) -> list[tuple[str, str, str, Widget | App[object]]]:
        screen = self.screen
        owners: list[Widget | App[object]] = [screen, *screen.query("BeadList")]
        seen = set()
        out = []
        for owner in [*owners, self.app]:
            for binding in class_bindings(type(owner)):
                if binding.action in seen:
                    continue
                seen.add(binding.action)
                out.append((binding.description,
                            f"{binding.tooltip or binding.description} [{binding_keys(binding)}]",
                            binding.action, owner))
        return out

    def _run(self, owner: Widget | App[object], action: str) -> None:
        self.app.call_later(owner.run_action, action)

    async def discover(self) -> Hits:
        for name, help_text, action, owner in self._commands():
            yield DiscoveryHit(name, partial(self._run, owner, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, action, owner in self._commands():
            score = max(matcher.match(name), matcher.match(help_text))
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self._run, owner, action),
                          help=help_text)


class ReviewApp(App[None]):
    """Review alignments, suggestions and the glossary of one project."""

    TITLE = "bitextual review"
    BINDINGS = [
        Binding("question_mark,f1", "help", "Help", tooltip="List every key", id="app.help"),
        Binding("ctrl+t", "toggle_theme", "Light / dark", show=False,
                tooltip="Switch light / dark theme", id="app.theme"),
        Binding("ctrl+e", "export", "Export", show=False,
                tooltip="Export the sentence pairs (TMX, XLIFF, TSV, JSONL, Moses) with the "
                "options of 'bitextual export'", id="app.export"),
        Binding("q", "quit", "Quit", show=False,
                tooltip="Quit (every decision is already saved)", id="app.quit"),
    ]
    COMMANDS = App.COMMANDS | {ReviewCommands}

    def __init__(self, service: ReviewService, restore_cursor: bool = True,
                 cursor_blink: bool = True) -> None:
        super().__init__()
        self.service = service
        self.restore_cursor = restore_cursor
        self.cursor_blink = cursor_blink
        """False in snapshot tests: a blinking cursor makes screenshots differ."""
        self.messages: list[tuple[str, str]] = []
        """Every message shown to the reviewer, (text, severity), oldest first."""

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Show ``message`` on the screen's key line (a toast would cover the bead text and,
        over a Chinese character, leave half of it behind); toast only where there is none."""
        self.messages.append((f"{title}: {message}" if title else message, severity))
        bars = self.screen.query(KeyBar)
        if not bars:
            super().notify(message, title=title, severity=severity, timeout=timeout,
                           markup=markup)
            return
        text = f"{title}: {message}" if title else message
        bars.first().show_message(text, severity,
                                  timeout if timeout is not None else MESSAGE_SECONDS[severity])

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own palette commands, less those our keys already list (Quit, Keys:
        our help) so that no entry appears twice."""
        for command in super().get_system_commands(screen):
            if command.title not in ("Quit", "Keys"):
                yield command

    def on_mount(self) -> None:
        self.theme = DARK_THEME
        overview = OverviewScreen(self.service)
        self.push_screen(overview)
        if not self.restore_cursor:
            return
        cursor = self.service.load_cursor()
        if cursor.screen == "pair" and self.service.pair_exists(cursor.pair_id):
            overview.action_open_pair(cursor.pair_id, cursor.bead_id, cursor.row)
        elif cursor.screen == "document" and cursor.document and self.service.document_exists(
                cursor.document):
            overview.action_open_document(cursor.document, cursor.row)
        elif cursor.screen == "glossary":
            overview.action_glossary()

    def on_unmount(self) -> None:
        self.service.close()

    def action_help(self) -> None:
        """Show every key."""
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_export(self) -> None:
        """Ask for the export options, then export in a worker and say what was left out."""
        from tui.dialogs.export import ExportDialog
        from tui.service import export_job
        from tui.widgets.work_status import WorkStatus

        screen = self.screen
        documents: tuple[str, ...] = ()
        pair_id = getattr(screen, "pair_id", None)
        document = getattr(screen, "document", None)
        if document:
            documents = (str(document),)
        elif pair_id:
            documents = tuple(self.service.pair_title(int(pair_id)).split(" ↔ "))

        def done(request: ExportRequest | None) -> None:
            if request is None:
                return
            status = screen.query(WorkStatus)
            job = partial(_export, request=request)
            if status:
                status.first().start("export", f"exporting {request.fmt}…", job,
                                     self.service.root)
            else:  # a screen without a status line: export here, it is quick
                try:
                    self.notify(export_job(self.service.root, request, lambda d, t: None),
                                timeout=10)
                except BitextualError as exc:
                    self.notify(exc.describe(), severity="error", title="Not exported")

        self.push_screen(ExportDialog(self.service.root, documents,
                                      str(document) if document else None), done)

    def action_toggle_theme(self) -> None:
        """Switch between the light and the dark theme."""
        self.theme = LIGHT_THEME if self.theme == DARK_THEME else DARK_THEME


def _export(root: Path, progress: Callable[[int, int | None], None], *,
            request: ExportRequest) -> str:
    from tui.service import export_job

    return export_job(root, request, progress)


def create_app(project: Path | str, restore_cursor: bool = True,
               cursor_blink: bool = True) -> ReviewApp:
    """The review app on the project at ``project`` (the one factory for CLI and tests)."""
    return ReviewApp(ReviewService(project), restore_cursor=restore_cursor,
                     cursor_blink=cursor_blink)
