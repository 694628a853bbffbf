"""Help texts written over several source lines come out as paragraphs on screen.

With ``rich_markup_mode="rich"`` Typer keeps every single newline of a command's help
(except in its first paragraph), so a docstring paragraph wrapped at 100 columns in the
source shows a short line in the middle at 80. ``ReflowedHelpGroup`` joins those lines
once, when the command tree is built; docstrings stay wrapped for the source.
"""

from __future__ import annotations

import re
from typing import Any

from typer.core import TyperGroup

_BULLET = re.compile(r"[-*•]\s|\d+[.)]\s")


def _is_prose(line: str) -> bool:
    """A line that belongs to a running paragraph: not blank, not indented, not a bullet."""
    return bool(line.strip()) and not line[0].isspace() and not _BULLET.match(line)


def reflow_help(text: str) -> str:
    """``text`` with the lines inside each paragraph joined by a space.

    Kept exactly: blank-line paragraph breaks; indented lines and list items (laid out
    on purpose: example commands, aligned columns, bullets); a paragraph that starts with
    Click's ``\\b`` (no rewrap); everything from a ``\\f`` on (Click cuts it off).
    """
    body, cut, tail = text.partition("\f")
    lines: list[str] = []
    verbatim = False  # inside a \b paragraph, up to the next blank line
    for line in body.split("\n"):
        if not line.strip():
            verbatim = False
        elif line.startswith("\b"):
            verbatim = True
        elif not verbatim and lines and _is_prose(lines[-1]) and _is_prose(line):
            lines[-1] = f"{lines[-1].rstrip()} {line.rstrip()}"
            continue
        lines.append(line)
    return "\n".join(lines) + cut + tail


def reflow_command_tree(command: Any) -> None:
    """Reflow the help and epilog of ``command`` and of every command under it."""
    # Typer ships its own copy of Click, so commands are walked by shape, not by class
    if command.help:
        command.help = reflow_help(command.help)
    if command.epilog:
        command.epilog = reflow_help(command.epilog)
    for sub in (getattr(command, "commands", None) or {}).values():
        reflow_command_tree(sub)


class ReflowedHelpGroup(TyperGroup):
    """The root command group; reflows the help of the whole tree when Typer builds it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reflow_command_tree(self)
