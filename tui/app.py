"""The review app: ``create_app`` builds it for the CLI (``bitextual review``) and the tests."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.widget import Widget

from tui.screens.help import binding_keys
from tui.screens.overview import OverviewScreen
from tui.service import ReviewService

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
            for binding in getattr(type(owner), "BINDINGS", []):
                if not isinstance(binding, Binding) or binding.action in seen:
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
        Binding("ctrl+t", "toggle_theme", "Theme", show=False,
                tooltip="Switch light / dark theme", id="app.theme"),
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

    def on_mount(self) -> None:
        self.theme = DARK_THEME
        overview = OverviewScreen(self.service)
        self.push_screen(overview)
        if not self.restore_cursor:
            return
        cursor = self.service.load_cursor()
        if cursor.screen == "pair" and self.service.pair_exists(cursor.pair_id):
            overview.action_open_pair(cursor.pair_id, cursor.bead_id, cursor.row)
        elif cursor.screen == "glossary":
            overview.action_glossary()

    def on_unmount(self) -> None:
        self.service.close()

    def action_help(self) -> None:
        """Show every key."""
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        """Switch between the light and the dark theme."""
        self.theme = LIGHT_THEME if self.theme == DARK_THEME else DARK_THEME


def create_app(project: Path | str, restore_cursor: bool = True,
               cursor_blink: bool = True) -> ReviewApp:
    """The review app on the project at ``project`` (the one factory for CLI and tests)."""
    return ReviewApp(ReviewService(project), restore_cursor=restore_cursor,
                     cursor_blink=cursor_blink)
