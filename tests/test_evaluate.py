"""Strict/lax scoring (Vecalign's definition), verse merging, and the bead file format."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.beads import Bead, check_coverage, parse_beads, read_beads, write_beads
from aligner.evaluate import count_document, merge_by_verse, score_documents, swap_sides
from corpus.errors import FormatError


def B(zh: list[int], en: list[int], score: float = 0.0) -> Bead:
    return Bead(tuple(zh), tuple(en), score)


GOLD = [B([0], [0]), B([1], [1, 2]), B([2], []), B([3, 4], [3])]

# (test beads, precision strict, recall strict, precision lax, recall lax), worked by hand.
SCORE_CASES = [
    pytest.param(GOLD, 1.0, 1.0, 1.0, 1.0, id="identical"),
    # [1]:[1] and []:[2] split the 1-2 gold bead: [1]:[1] is a lax hit, []:[2] a lax miss.
    # Recall side: gold [1]:[1,2] is a lax hit of test [1]:[1]; [3,4]:[3] strict; [0]:[0].
    pytest.param([B([0], [0]), B([1], [1]), B([], [2]), B([2], []), B([3, 4], [3])],
                 3 / 5, 2 / 3, 4 / 5, 3 / 3, id="split-bead"),
    # Everything shifted: no strict hit; [1]:[0] has no gold link 1-0 → lax miss, etc.
    pytest.param([B([0, 1], [0, 1, 2]), B([2, 3, 4], [3])], 0 / 2, 0 / 2, 2 / 2, 3 / 3,
                 id="merged-beads-lax-only"),
    pytest.param([B([1], [0]), B([0], [1])], 0.0, 0.0, 0.0, 0.0, id="crossed-nothing-right"),
    pytest.param([], 0.0, 0.0, 0.0, 0.0, id="empty-test"),
]


@pytest.mark.parametrize(("test", "p_strict", "r_strict", "p_lax", "r_lax"), SCORE_CASES)
def test_scores_by_hand(test: list[Bead], p_strict: float, r_strict: float, p_lax: float,
                        r_lax: float) -> None:
    scores = score_documents([GOLD], [test])
    assert scores.precision_strict == pytest.approx(p_strict)
    assert scores.recall_strict == pytest.approx(r_strict)
    assert scores.precision_lax == pytest.approx(p_lax)
    assert scores.recall_lax == pytest.approx(r_lax)
    f1 = 2 * p_strict * r_strict / (p_strict + r_strict) if p_strict + r_strict else 0.0
    assert scores.f1_strict == pytest.approx(f1)


def test_scores_are_micro_averaged_over_documents() -> None:
    gold_a, test_a = [B([0], [0])], [B([0], [0])]
    gold_b = [B([0], [0]), B([1], [1]), B([2], [2])]
    test_b = [B([0, 1], [0, 1]), B([2], [2])]
    both = score_documents([gold_a, gold_b], [test_a, test_b])
    # precision: hits 1 + 1 of 1 + 2 test beads; recall: 1 + 1 of 1 + 3 gold beads
    assert both.precision_strict == pytest.approx(2 / 3)
    assert both.recall_strict == pytest.approx(2 / 4)


def test_deletions_count_for_precision_not_recall() -> None:
    counts = count_document([B([0], [0]), B([1], [])], [B([0], [0]), B([1], [])])
    assert (counts.p_strict, counts.p_strict_miss) == (2, 0)
    assert (counts.r_strict, counts.r_strict_miss) == (1, 0)


VERSES_SRC = ["v1", "v1", "v2", "v3"]
VERSES_TGT = ["v1", "v2", "v2", "v3"]
MERGE_CASES = [
    pytest.param([B([0], [0]), B([1], []), B([2], [1]), B([], [2]), B([3], [3])],
                 [((0, 1), (0,)), ((2,), (1, 2)), ((3,), (3,))], id="null-sides-join-verse"),
    pytest.param([B([0, 1, 2], [0, 1]), B([3], [2, 3])],
                 [((0, 1, 2), (0, 1)), ((3,), (2, 3))], id="multi-verse-beads-stay"),
    pytest.param([B([2], [1]), B([3], [2])], [((2,), (1,)), ((3,), (2,))],
                 id="different-verses-not-merged"),
]


@pytest.mark.parametrize(("beads", "expected"), MERGE_CASES)
def test_merge_by_verse(beads: list[Bead], expected: list[tuple[tuple[int, ...], ...]]) -> None:
    assert merge_by_verse(beads, VERSES_SRC, VERSES_TGT) == expected


def test_merge_rejects_ids_beyond_the_verse_file() -> None:
    with pytest.raises(FormatError, match="beyond the verse file"):
        merge_by_verse([B([9], [0])], VERSES_SRC, VERSES_TGT)


PARSE_CASES = [
    ("[0]:[0]", B([0], [0])),
    ("[1,2]:[3]:0.75", B([1, 2], [3], 0.75)),
    ("[]:[4]:0.1", B([], [4], 0.1)),
    (" [5] : [ 6 , 7 ] ", B([5], [6, 7])),
]


@pytest.mark.parametrize(("line", "bead"), PARSE_CASES)
def test_parse_bead_lines(line: str, bead: Bead) -> None:
    assert parse_beads(line) == [bead]


@pytest.mark.parametrize("bad", ["[0]-[1]", "[a]:[1]", "[0]:[1]:high", "0:1"])
def test_parse_rejects_bad_lines_with_line_number(bad: str) -> None:
    with pytest.raises(FormatError) as info:
        parse_beads("# comment\n[0]:[0]\n" + bad, path="x.align")
    assert info.value.line == 3


def test_write_then_read_round_trip_skips_signature(tmp_path: Path) -> None:
    beads = [B([0], [0, 1], 0.9), B([1], [], 0.5), B([], [2], 0.25)]
    path = tmp_path / "doc.align"
    write_beads(path, beads, signature="bitextual test model=x")
    assert path.read_text(encoding="utf-8").startswith("# bitextual test")
    assert read_beads(path) == beads
    check_coverage(beads, 2, 3)
    with pytest.raises(ValueError):
        check_coverage(beads, 3, 3)


def test_swap_sides() -> None:
    assert swap_sides([B([0], [1, 2], 0.5)]) == [B([1, 2], [0], 0.5)]
