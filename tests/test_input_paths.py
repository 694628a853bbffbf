"""A path that is not a regular file is named for what it is, and nothing blocks on a pipe;
commands that read files agree with ``add`` on what they refuse (issue 12, items 7 and 9)."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import run_cli


@pytest.fixture(autouse=True)
def never_hang() -> Iterator[None]:
    """A command that blocks (reading a FIFO) fails the test instead of hanging the suite."""
    def timeout(_signum: int, _frame: object) -> None:
        raise TimeoutError("the command blocked")

    previous = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _loop(path: Path) -> None:
    os.symlink(path.with_name(path.name + ".other"), path)
    os.symlink(path, path.with_name(path.name + ".other"))


def _dangling(path: Path) -> None:
    os.symlink(path.with_name("gone.txt"), path)


def _directory(path: Path) -> None:
    path.mkdir()
    (path / "doc.txt").write_text("The weather is nice today.\n", encoding="utf-8")


KINDS: list[tuple[str, Callable[[Path], None], str]] = [
    ("fifo", _fifo, "this is a named pipe (FIFO)"),
    ("loop", _loop, "this is a symbolic link loop"),
    ("dangling", _dangling, "this is a dangling symbolic link (to"),
]
FILE_KINDS = [*KINDS, ("directory", _directory, "this is a directory, not a file")]


def command(name: str, tmp_path: Path, target: Path, capsys: pytest.CaptureFixture[str]
            ) -> list[str]:
    project = tmp_path / "proj"
    if not project.exists():
        run_cli(["init", str(project)], capsys)
    good = tmp_path / "good.txt"
    good.write_text("The weather is nice today.\n", encoding="utf-8")
    return {
        "add": ["add", "-p", str(project), str(target)],
        "check": ["check", str(target)],
        "fix": ["fix", str(target), "--out", str(tmp_path / "out")],
        "align-files": ["align-files", str(target), str(good)],
        "glossary import": ["glossary", "import", "-p", str(project), "--format", "csv",
                            str(target)],
    }[name]


@pytest.mark.parametrize(("kind", "make", "message"), KINDS, ids=[k[0] for k in KINDS])
@pytest.mark.parametrize("name", ["add", "check", "fix", "align-files", "glossary import"])
def test_a_path_that_is_no_file_is_named_for_what_it_is(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, kind: str,
        make: Callable[[Path], None], message: str) -> None:
    target = tmp_path / "input.txt"
    make(target)
    argv = command(name, tmp_path, target, capsys)
    capsys.readouterr()
    code, _, err = run_cli(argv, capsys)
    assert code == 2
    flat = " ".join(err.split())
    assert f"{target}: {message}" in flat
    assert "no such file" not in flat


@pytest.mark.parametrize("name", ["align-files", "glossary import"])
def test_a_directory_where_a_file_is_expected(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              name: str) -> None:
    target = tmp_path / "input.txt"
    _directory(target)
    code, _, err = run_cli(command(name, tmp_path, target, capsys), capsys)
    assert code == 2
    assert f"{target}: this is a directory, not a file" in " ".join(err.split())


# --- check and fix agree with add ------------------------------------------------------------

@pytest.mark.parametrize(("content", "message"), [
    (None, "the directory holds no"),  # add: "no supported files"
    ("", "the document is empty"),
    ("\n \n", "the document is empty"),
    ("12 34 56\n", "the document has no Chinese or English letters"),
    ("今日はいい天気ですね。\n", "the document is Japanese"),
])
@pytest.mark.parametrize("name", ["check", "fix", "add"])
def test_check_and_fix_refuse_what_add_refuses(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str],
                                               name: str, content: str | None,
                                               message: str) -> None:
    """They exited 0 (check printed '0 suggestions in 0 files')."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    if content is not None:
        (inputs / "doc.txt").write_text(content, encoding="utf-8")
    code, _, err = run_cli(command(name, tmp_path, inputs, capsys), capsys)
    assert code == 2
    assert message in " ".join(err.split())


def test_fix_out_inside_an_input_directory_is_refused(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "doc.txt").write_text("The weather is nice today.\n", encoding="utf-8")
    code, _, err = run_cli(["fix", str(inputs), "--out", str(inputs / "fixed")], capsys)
    assert code == 2
    assert "inside the input directory" in " ".join(err.split())
    assert sorted(p.name for p in inputs.iterdir()) == ["doc.txt"]
