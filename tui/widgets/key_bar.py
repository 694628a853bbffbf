"""The key bar at the bottom of each screen: the screen's main keys, then the app's.

Textual's ``Footer`` mounts and styles one widget per key and re-lays them out on every
focus change; with the pair screen's dozen keys that was the largest single cost of
drawing the first screen (≈ 0.3–0.9 s of CPU on the loaded 2-core bench machine). This is
one widget drawing one line, measured in cells; a click on a key runs its action, as with
``Footer``. Keys not shown here are all in the help (``?``) and the palette (``ctrl+p``).
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget

from tui.widgets.wrap import line_starts

_KEY_NAMES = {"escape": "esc", "question_mark": "?", "slash": "/", "delete": "del",
              "enter": "⏎", "left_square_bracket": "[", "right_square_bracket": "]",
              "greater_than_sign": ">", "less_than_sign": "<", "colon": ":"}
GAP = "  "
MESSAGE_LINES = 3
"""At most this many lines for a message on the key line."""
KeyEntry = tuple[Screen[Any] | App[Any], Binding]
"""Who runs the action (the screen or the app), and the binding."""


def class_bindings(owner: type) -> list[Binding]:
    """The ``Binding`` objects of ``owner`` and, unless it says not to inherit them, of its
    bases (a subclass's own first; one per action), as Textual merges them."""
    out: list[Binding] = []
    seen: set[str] = set()
    for cls in owner.__mro__:
        for binding in cls.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding) and binding.action not in seen:
                seen.add(binding.action)
                out.append(binding)
        if not cls.__dict__.get("_inherit_bindings", getattr(cls, "_inherit_bindings", True)):
            break
        if cls.__name__ in ("Screen", "ModalScreen", "Widget", "App"):
            break
    return out


def key_label(binding: Binding) -> str:
    """The first key of ``binding`` as shown on the bar: ``esc``, ``^z``, ``?``."""
    if binding.key_display:
        return binding.key_display
    key = binding.key.split(",")[0].strip()
    if key.startswith("ctrl+"):
        return "^" + key[5:]
    return _KEY_NAMES.get(key, key)


class KeyBar(Widget):
    """One line: ``key description`` for every shown binding of the screen and of the app."""

    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--information",
                         "key-bar--warning", "key-bar--error"}

    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; background: $footer-background; }
    KeyBar > .key-bar--key { color: $footer-key-foreground; background: $footer-key-background;
                             text-style: bold; }
    KeyBar > .key-bar--description { color: $footer-description-foreground; }
    KeyBar > .key-bar--information { background: $primary; color: $text; text-style: bold; }
    KeyBar > .key-bar--warning { background: $warning; color: $background; text-style: bold; }
    KeyBar > .key-bar--error { background: $error; color: $text; text-style: bold; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, Screen[Any] | App[Any], str]] = []
        """(first cell, end cell, owner, action) of each key drawn, for clicks."""
        self._message: tuple[str, str] | None = None
        """(text, severity) shown instead of the keys until it times out or a key is pressed."""
        self._message_timer: Timer | None = None

    def show_message(self, text: str, severity: str = "information",
                     timeout: float = 3.0) -> None:
        """Show ``text`` on this line for ``timeout`` seconds (a toast would cover the text)."""
        self._message = (text, severity)
        if self._message_timer is not None:
            self._message_timer.stop()
        self._message_timer = self.set_timer(timeout, self.clear_message)
        # a long message (an error and what to do) takes up to MESSAGE_LINES lines, for a
        # moment, rather than being cut
        width = max((self.size.width or 80) - 1, 20)
        lines = len(line_starts(" ".join(text.split()), width))
        self.styles.height = min(max(lines, 1), MESSAGE_LINES)
        self.refresh(layout=True)

    def clear_message(self) -> None:
        """Back to the keys."""
        self._message = None
        self.styles.height = 1
        self.refresh(layout=True)

    def _render_message(self, text: str, severity: str) -> Text:
        style = self.get_component_rich_style(f"key-bar--{severity}", partial=True)
        width = self.size.width or 80
        flat = " ".join(text.split())
        starts = line_starts(flat, max(width - 1, 20))
        ends = [*starts[1:], len(flat)]
        out = Text(style=style, end="")
        for number, (start, end) in enumerate(zip(starts, ends, strict=True)):
            if number == MESSAGE_LINES:
                break
            piece = Text(" " + flat[start:end].rstrip(), style=style, no_wrap=True, end="")
            piece.truncate(width, overflow="ellipsis", pad=True)
            if number:
                out.append("\n")
            out.append_text(piece)
        return out

    def _entries(self) -> tuple[list[KeyEntry], list[KeyEntry]]:
        screen_keys: list[KeyEntry] = [
            (self.screen, b) for b in class_bindings(type(self.screen)) if b.show]
        app_keys: list[KeyEntry] = [
            (self.app, b) for b in getattr(type(self.app), "BINDINGS", [])
            if isinstance(b, Binding) and b.show]
        return screen_keys, app_keys

    def render(self) -> Text:
        if self._message is not None:
            self._spans = []
            return self._render_message(*self._message)
        key_style = self.get_component_rich_style("key-bar--key", partial=True)
        text_style = self.get_component_rich_style("key-bar--description", partial=True)
        screen_keys, app_keys = self._entries()
        width = self.size.width or 80
        app_cells = sum(cell_len(f" {key_label(b)} {b.description}{GAP}") for _, b in app_keys)
        out = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []
        used = 0
        # the app's keys (help, quit) always fit: screen keys that do not are left out
        for index, (owner, binding) in enumerate(screen_keys + app_keys):
            piece = f" {key_label(binding)} {binding.description}{GAP}"
            room = width - used - (app_cells if index < len(screen_keys) else 0)
            if cell_len(piece) > room:
                if index < len(screen_keys):
                    continue  # a shorter key further on may still fit
                break
            out.append(f" {key_label(binding)} ", key_style)
            out.append(f"{binding.description}{GAP}", text_style)
            self._spans.append((used, used + cell_len(piece), owner, binding.action))
            used += cell_len(piece)
        return out

    async def on_click(self, event: events.Click) -> None:
        if self._message is not None:
            self.clear_message()
            return
        for start, end, owner, action in self._spans:
            if start <= event.x < end:
                await owner.run_action(action)
                return
