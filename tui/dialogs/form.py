"""What the form dialogs (export, pair) share: a box in the middle of the screen, one-line
fields each with a label in front, and escape to close without a result."""

from __future__ import annotations

from typing import Generic, TypeVar

from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Label

ResultT = TypeVar("ResultT")


class FormDialog(ModalScreen[ResultT | None], Generic[ResultT]):
    """A modal form: its fields go in :meth:`box`, one :meth:`field_line` each; it dismisses
    a ``ResultT`` (the subclass's go action) or None (:meth:`action_cancel`).

    A subclass sets its box's ``max-width``/``max-height`` and its labels' width in its own
    ``DEFAULT_CSS``, and declares its own bindings (their ids name the dialog)."""

    DEFAULT_CSS = """
    FormDialog { align: center middle; }
    FormDialog > .form-dialog--box {
        width: 90%; height: auto; border: thick $primary; background: $surface; padding: 0 1;
    }
    FormDialog .form-dialog--help { color: $text-muted; }
    FormDialog .form-dialog--line { height: 1; }
    FormDialog .form-dialog--line > Label { color: $text-muted; }
    FormDialog .form-dialog--line > Input, FormDialog .form-dialog--line > Select {
        width: 1fr; }
    """

    @staticmethod
    def box() -> Vertical:
        """The bordered box that holds the form."""
        return Vertical(classes="form-dialog--box")

    @staticmethod
    def help_line(text: str) -> Label:
        """The muted explanation at the top of the form."""
        return Label(text, classes="form-dialog--help")

    @staticmethod
    def field_line(label: str, field: Widget) -> Horizontal:
        """One line of the form: ``label``, then ``field`` taking the rest of the width."""
        return Horizontal(Label(label), field, classes="form-dialog--line")

    def action_cancel(self) -> None:
        """Return None."""
        self.dismiss(None)
