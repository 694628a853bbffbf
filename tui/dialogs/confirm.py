"""A yes/no question that dismisses with True or False."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmDialog(ModalScreen[bool]):
    """Ask ``question``; dismiss True on yes, False on no."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", tooltip="Confirm", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", tooltip="Cancel", id="confirm.no"),
    ]

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > .confirm-dialog--box {
        width: 64; max-width: 90%; height: auto; border: thick $warning;
        background: $surface; padding: 1 2;
    }
    ConfirmDialog .confirm-dialog--buttons { height: auto; margin-top: 1; align: right middle; }
    ConfirmDialog Button { margin-left: 2; }
    """

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes
        self.no_label = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="confirm-dialog--box"):
            yield Static(self.question, id="question")
            with Horizontal(classes="confirm-dialog--buttons"):
                yield Button(f"{self.yes_label} (y)", variant="warning", id="yes")
                yield Button(f"{self.no_label} (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        """Close with ``answer``."""
        self.dismiss(answer)
