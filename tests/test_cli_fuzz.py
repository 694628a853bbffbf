"""Any bytes, through the command line, give exit 0 or the tool's own error with exit 2
(issue 12, "Must hold"): never a traceback, never a hang.

``tests/test_reader_fuzz.py`` calls the readers; this calls ``bitextual``'s ``main`` with
argv, in-process, for every command that reads a user's file: ``add`` (every document
format), ``check`` (text files), ``align-files`` (the monolingual formats) and ``glossary
import`` (CSV, TSV, TBX), so what the commands do after reading (storing, checking,
aligning, importing) is covered too. An exception escaping ``main`` is the traceback a user
would see. ``align-files`` runs with a hashing encoder instead of the bundled model: the
model is not what is fuzzed, and loading it per case would take most of the minute.
Fixed example counts and ``derandomize`` keep it repeatable and under a minute.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aligner.embed import Progress
from tests.conftest import run_cli
from tests.test_reader_fuzz import CASE_SECONDS, inputs, time_limit

EXAMPLES = 30
"""Examples per command and format: 18 pairs × 30 = 540 runs of the CLI."""

CLI_FUZZ = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

ZH_TEXT = "棉花价格创下新高。工人的工资上涨了。\n工厂及其业主同意了。\n"
EN_TEXT = "Cotton prices hit a record high. Workers' wages went up.\nThe factory agreed.\n"
OUTPUTS = ["beads", "tsv", "jsonl"]
"""``align-files --format``: each writes the sentences' text its own way."""


class HashEncoder:
    """Deterministic unit vectors from a hash of each text: fast, and no model to load."""

    signature = "hash-test v1 dim=8"

    def encode(self, texts: list[str], batch_size: int = 64,
               progress: Progress | None = None) -> np.ndarray:
        rows = [np.frombuffer(hashlib.sha256(t.encode("utf-8", "replace")).digest()[:32],
                              dtype=np.uint8)[:8].astype(np.float32) + 1.0 for t in texts]
        out = np.array(rows, dtype=np.float32).reshape(len(texts), 8)
        unit: np.ndarray = out / np.linalg.norm(out, axis=1, keepdims=True)
        return unit


def assert_clean_exit(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """``bitextual argv`` ends with 0 or 2 and prints no traceback, within CASE_SECONDS."""
    with time_limit(CASE_SECONDS):
        code, out, err = run_cli(argv, capsys)
    assert code in (0, 2), (argv, code, err)
    assert "Traceback" not in out + err, (argv, err)


def fuzz_one_file(suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                  argv: Callable[[Path], list[str]]) -> None:
    """Run the command ``argv(path)`` on fuzzed bytes written to one file of ``suffix``."""
    path = tmp_path / f"fuzz{suffix}"

    @CLI_FUZZ
    @given(inputs(suffix))
    def run(data: bytes) -> None:
        path.write_bytes(data)
        assert_clean_exit(argv(path), capsys)

    run()


@pytest.fixture
def project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    root = tmp_path / "proj"
    assert run_cli(["init", str(root)], capsys)[0] == 0
    return root


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".docx", ".tsv", ".tmx", ".xliff",
                                    ".xlf"])
def test_add(suffix: str, project: Path, tmp_path: Path,
             capsys: pytest.CaptureFixture[str]) -> None:
    fuzz_one_file(suffix, tmp_path, capsys, lambda path: ["add", "-p", str(project), str(path)])


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_check(suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / f"fuzz{suffix}"

    @CLI_FUZZ
    @given(inputs(suffix), st.sampled_from(["table", "jsonl"]))
    def run(data: bytes, fmt: str) -> None:
        path.write_bytes(data)
        assert_clean_exit(["check", str(path), "--format", fmt], capsys)

    run()


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".docx"])
def test_align_files(suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                     monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.cli import align_files_cmds

    monkeypatch.setattr(align_files_cmds, "_load", lambda model: HashEncoder())
    path = tmp_path / f"fuzz{suffix}"
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text(ZH_TEXT, encoding="utf-8")
    en.write_text(EN_TEXT, encoding="utf-8")

    @CLI_FUZZ
    @given(inputs(suffix), st.booleans(), st.booleans(), st.sampled_from(OUTPUTS))
    def run(data: bytes, as_chinese: bool, presplit: bool, fmt: str) -> None:
        path.write_bytes(data)
        pair = [str(path), str(en)] if as_chinese else [str(zh), str(path)]
        assert_clean_exit(["align-files", *pair, "--format", fmt,
                           *(["--presplit"] if presplit else [])], capsys)

    run()


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".tbx"])
def test_glossary_import(suffix: str, project: Path, tmp_path: Path,
                         capsys: pytest.CaptureFixture[str]) -> None:
    fuzz_one_file(suffix, tmp_path, capsys,
                  lambda path: ["glossary", "import", "-p", str(project), str(path)])
