"""``bitextual --help`` and every subcommand's help are complete: each command, option and
argument says what it is for. Walks the real command tree, so a new command without help
text fails here."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from tui.cli import app

# Typer ships its own copy of Click, so commands are walked by shape, not by class.
ROOT: Any = typer.main.get_command(app)


def _walk(command: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any]]:
    yield path, command
    for name, sub in sorted((getattr(command, "commands", None) or {}).items()):
        yield from _walk(sub, (*path, name))


COMMANDS = list(_walk(ROOT, ()))


def _label(path: tuple[str, ...]) -> str:
    return " ".join(("bitextual", *path))


def test_the_tree_has_the_commands_of_the_issue() -> None:
    names = {path for path, _ in COMMANDS}
    for expected in [("init",), ("add",), ("status",), ("boilerplate",), ("restore",)]:
        assert expected in names


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[_label(p) for p, _ in COMMANDS])
def test_command_and_every_parameter_have_help(path: tuple[str, ...],
                                               command: Any) -> None:
    assert (command.help or "").strip(), f"'{_label(path)}' has no help text"
    missing = [param.name for param in command.params
               if not (getattr(param, "help", None) or "").strip()]
    assert missing == [], f"'{_label(path)}': no help for {missing}"


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[_label(p) for p, _ in COMMANDS])
def test_help_output_shows_every_option(path: tuple[str, ...], command: Any) -> None:
    """What a user sees: ``--help`` exits 0 and lists each option by name."""
    result = CliRunner().invoke(app, [*path, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    for param in command.params:
        if param.param_type_name == "option":
            assert param.opts[0] in result.output, f"{param.opts[0]} not in {_label(path)} help"


FOUNDATION_COMMANDS = [("init",), ("status",), ("add",), ("boilerplate",), ("restore",)]


@pytest.mark.parametrize("path", FOUNDATION_COMMANDS, ids=_label)
def test_help_paragraphs_are_not_hard_wrapped(path: tuple[str, ...]) -> None:
    """Typer keeps single newlines of help text, so a paragraph wrapped in the source comes
    out ragged on screen: each paragraph must be one line."""
    command = dict(COMMANDS)[path]
    for paragraph in command.help.split("\n\n"):
        assert "\n" not in paragraph.strip(), paragraph
