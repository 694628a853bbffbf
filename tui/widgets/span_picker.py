"""Read-only text in which the reviewer picks a span: the term of a glossary entry.

A read-only ``TextArea``: the arrows move the cursor, shift+arrows (or a mouse drag) select,
and since the text cannot be edited, plain letters are free for quicker keys: ``w`` / ``b``
extend the selection by a word right / left, ``l`` / ``h`` by one character (Chinese has no
spaces, so a Chinese term is picked character by character), ``a`` selects everything.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import TextArea

EDGE_PUNCTUATION = " \t\n,.;:!?\"'()[]{}<>«»“”‘’，。、；：！？（）《》【】「」『』…—-"
"""Stripped from both ends of a picked span: a term never starts or ends with these."""


def clean_span(text: str) -> str:
    """``text`` without surrounding spaces and punctuation, inner spaces collapsed."""
    return " ".join(text.strip(EDGE_PUNCTUATION).split())


class SpanPicker(TextArea):
    """Shows ``text`` read-only; ``span`` is the cleaned selected text."""

    BINDINGS = [
        Binding("w", "cursor_word_right(True)", "Word →", show=False,
                tooltip="Extend the selection by a word to the right", id="span.word_right"),
        Binding("b", "cursor_word_left(True)", "Word ←", show=False,
                tooltip="Extend the selection by a word to the left", id="span.word_left"),
        Binding("l", "cursor_right(True)", "Char →", show=False,
                tooltip="Extend the selection by a character to the right",
                id="span.char_right"),
        Binding("h", "cursor_left(True)", "Char ←", show=False,
                tooltip="Extend the selection by a character to the left", id="span.char_left"),
        Binding("a", "select_all", "All", show=False, tooltip="Select the whole text",
                id="span.all"),
    ]

    DEFAULT_CSS = """
    SpanPicker { height: auto; max-height: 6; min-height: 3; }
    """

    def __init__(self, text: str, *, id: str | None = None) -> None:
        super().__init__(text, id=id, read_only=True, soft_wrap=True, show_line_numbers=False,
                         show_cursor=True, highlight_cursor_line=False, compact=False)

    @property
    def span(self) -> str:
        """The selected text, cleaned for use as a term ('' when nothing is selected)."""
        return clean_span(self.selected_text)
