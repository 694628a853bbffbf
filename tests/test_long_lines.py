"""A very long line costs time in proportion to its length at every stage (issue 12, item 10):
the garble checks were quadratic in places, and a line without a sentence end became one
"sentence" the model read whole."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.segment import MAX_SENTENCE_CHARS, long_sentence_cuts, sentence_spans
from glossary.garble import check_documents
from glossary.garble.mojibake import changed_spans
from tests.conftest import run_cli


@pytest.mark.parametrize(("text", "lang"), [
    ("棉花价格上涨了，" * 3000, "zh"),
    ("cotton prices rose, " * 1500, "en"),
    ("x" * 12_000, "en"),
], ids=["zh-commas", "en-commas", "one-word"])
def test_sentences_are_cut_at_the_limit(text: str, lang: str) -> None:
    spans = sentence_spans(text, lang)
    assert all(end - start <= MAX_SENTENCE_CHARS for start, end in spans)
    kept = "".join(text[s:e] for s, e in spans)
    assert "".join(kept.split()) == "".join(text.split())  # only spaces between pieces go
    if "，" in text or "," in text:  # cut after a comma, not inside a word
        assert all(text[end - 1] in "，," for _, end in spans[:-1])
    assert long_sentence_cuts(text, lang) == len(spans) - 1


def test_ordinary_text_is_not_cut() -> None:
    text = "The cotton price rose. " * 2000
    assert long_sentence_cuts(text, "en") == 0
    assert len(sentence_spans(text, "en")) == 2000


def test_add_says_a_sentence_was_cut(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "one-line.txt"
    path.write_text("cotton prices rose, " * 800 + "\n", encoding="utf-8")
    run_cli(["init", str(tmp_path / "p")], capsys)
    code, _, err = run_cli(["add", "-p", str(tmp_path / "p"), str(path)], capsys)
    assert code == 0, err
    assert "ran on for more than 5,000 characters without a sentence end; it was cut 3 " \
        "time(s)" in " ".join(err.split())


LONG_LINES = {
    # each took minutes or more at this size before (mojibake: 97 s for 5,000 characters)
    "mojibake": ("itâ€™s cafÃ© " * 5000)[:50_000],
    "title case": ("China'S People'S " * 4000)[:60_000],
    "letters without spaces": ("cottonprice" * 6000)[:60_000],
    "paths": ("a/b_c " * 10_000)[:60_000],
}


@pytest.mark.parametrize("kind", list(LONG_LINES))
def test_checking_a_long_line_is_fast(kind: str) -> None:
    started = time.monotonic()
    check_documents({"doc": [LONG_LINES[kind]]})
    assert time.monotonic() - started < 30  # 1-3 s here; quadratic: minutes to hours


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(["it", "â€™s", "’s", "cafÃ©", "café", " ", "  ", "x"]),
                max_size=12),
       st.lists(st.sampled_from(["it", "â€™s", "’s", "cafÃ©", "café", " ", "  ", "x"]),
                max_size=12))
def test_changed_spans_turn_the_old_text_into_the_new(old_parts: list[str],
                                                      new_parts: list[str]) -> None:
    old, new = "".join(old_parts), "".join(new_parts)
    rebuilt, at = [], 0
    for i1, i2, j1, j2 in changed_spans(old, new):
        assert at <= i1 <= i2
        rebuilt.append(old[at:i1] + new[j1:j2])
        at = i2
    assert "".join(rebuilt) + old[at:] == new
