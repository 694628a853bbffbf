"""Editing both languages, splitting at any character and joining sentences, with undo."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from corpus import bead_edits, decisions, segment_edits, suggestions
from corpus.errors import ReviewError
from corpus.language import normalise
from corpus.store import Project, segment_id
from tests.review_fixture import EN_SENTENCES, ZH_SENTENCES, build_demo_project


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Project]:
    proj = build_demo_project(tmp_path / "demo")
    yield proj
    proj.close()


def ids(project: Project, side: str) -> list[str]:
    name = "shaoxing-zh" if side == "zh" else "shaoxing-en"
    return [r[0] for r in project.conn.execute(
        "SELECT s.id FROM segments s JOIN documents d ON d.id = s.document_id "
        "WHERE d.name = ? ORDER BY s.position", (name,))]


def texts(project: Project, side: str) -> list[str]:
    """Current texts of a demo document in order."""
    name = "shaoxing-zh" if side == "zh" else "shaoxing-en"
    return [r[0] for r in project.conn.execute(
        "SELECT coalesce(s.corrected, s.text) FROM segments s JOIN documents d "
        "ON d.id = s.document_id WHERE d.name = ? ORDER BY s.position", (name,))]


def dump(project: Project) -> dict[str, list[tuple[Any, ...]]]:
    q = project.conn.execute
    return {"segments": [tuple(r) for r in q("SELECT * FROM segments ORDER BY id")],
            "suggestions": [tuple(r)[:-1] for r in q("SELECT * FROM suggestions ORDER BY id")],
            "beads": [tuple(r) for r in q("SELECT * FROM beads ORDER BY id")]}


def bead_sizes(project: Project) -> list[tuple[int, int]]:
    return [(len(b.zh_ids), len(b.en_ids)) for b in bead_edits.pair_beads(project, 1)]


def suggestion(project: Project, rule: str, nth: int = 0) -> tuple[str, int, int, str]:
    """(segment text at the span, start, end, status) of a suggestion."""
    row = project.conn.execute(
        "SELECT g.*, coalesce(s.corrected, s.text) AS cur, s.text AS orig FROM suggestions g "
        "JOIN segments s ON s.id = g.segment_id WHERE rule = ? ORDER BY g.id",
        (rule,)).fetchall()[nth]
    text = row["cur"] if row["status"] == "open" else row["orig"]
    return text[row["start"]:row["end"]], row["start"], row["end"], row["status"]


def assert_contiguous(project: Project) -> None:
    for (doc,) in project.conn.execute("SELECT id FROM documents"):
        positions = [r[0] for r in project.conn.execute(
            "SELECT position FROM segments WHERE document_id = ? ORDER BY position", (doc,))]
        assert positions == list(range(len(positions)))


SUBSIDIES = EN_SENTENCES[1].index("and firms")
DYING_0 = EN_SENTENCES[0].index("dying")


def split(side: str, index: int, offset: int) -> Callable[[Project], Any]:
    return lambda p: segment_edits.split_segment(p, ids(p, side)[index], offset)


def join(side: str, index: int) -> Callable[[Project], Any]:
    return lambda p: segment_edits.join_segments(p, ids(p, side)[index], ids(p, side)[index + 1])


def edit(side: str, index: int, text: str) -> Callable[[Project], Any]:
    return lambda p: segment_edits.edit_segments(p, {ids(p, side)[index]: text})


INITIAL = [(1, 1), (2, 1), (1, 1), (1, 1), (1, 2)]

# (name, operation, expected en texts, expected zh texts, expected bead sizes)
CASES: list[tuple[str, Callable[[Project], Any], list[str], list[str], list[tuple[int, int]]]] = [
    ("split run-on English of a 2-1 bead: two 1-1 beads", split("en", 1, SUBSIDIES),
     EN_SENTENCES[:1] + ["The local government provided subsidies,",
                         "and firms upgraded their sewage plants."] + EN_SENTENCES[2:],
     ZH_SENTENCES, [(1, 1), (1, 1), (1, 1), (1, 1), (1, 1), (1, 2)]),
    ("split Chinese at a character", split("zh", 0, 5),
     EN_SENTENCES, ["绍兴的印染", "企业今年扩大了产能。"] + ZH_SENTENCES[1:],
     [(2, 1)] + INITIAL[1:]),
    ("split the first of two English: a 1-3 bead", split("en", 4, 6),
     EN_SENTENCES[:4] + ["Export", "orders come mainly from Europe."] + EN_SENTENCES[5:],
     ZH_SENTENCES, INITIAL[:4] + [(1, 3)]),
    ("join two English of one bead", join("en", 4),
     EN_SENTENCES[:4] + [EN_SENTENCES[4] + " " + EN_SENTENCES[5]], ZH_SENTENCES,
     INITIAL[:4] + [(1, 1)]),
    ("join Chinese across two beads", join("zh", 2),
     EN_SENTENCES, ZH_SENTENCES[:2] + [ZH_SENTENCES[2] + ZH_SENTENCES[3]] + ZH_SENTENCES[4:],
     [(1, 1), (2, 1), (0, 1), (1, 1), (1, 2)]),
    ("edit Chinese", edit("zh", 3, "棉花价格上涨给工厂带来了压力。"),
     EN_SENTENCES, ZH_SENTENCES[:3] + ["棉花价格上涨给工厂带来了压力。"] + ZH_SENTENCES[4:],
     INITIAL),
    ("edit English", edit("en", 2, "Rising cotton prices squeeze the factories."),
     EN_SENTENCES[:2] + ["Rising cotton prices squeeze the factories."] + EN_SENTENCES[3:],
     ZH_SENTENCES, INITIAL),
]


@pytest.mark.parametrize(("name", "operation", "en", "zh", "sizes"), CASES,
                         ids=[c[0] for c in CASES])
def test_segment_operation_changes_store_and_undo_redo(
        demo: Project, name: str, operation: Callable[[Project], Any], en: list[str],
        zh: list[str], sizes: list[tuple[int, int]]) -> None:
    before = dump(demo)
    operation(demo)
    assert texts(demo, "en") == en
    assert texts(demo, "zh") == zh
    assert bead_sizes(demo) == sizes
    assert_contiguous(demo)
    beads = bead_edits.pair_beads(demo, 1)   # every sentence still in exactly one bead, in order
    assert [s for b in beads for s in b.en_ids] == ids(demo, "en")
    assert [s for b in beads for s in b.zh_ids] == ids(demo, "zh")
    after = dump(demo)
    assert decisions.undo(demo) is not None
    assert dump(demo) == before
    assert_contiguous(demo)
    assert decisions.redo(demo) is not None
    assert dump(demo) == after


@pytest.mark.parametrize(("side", "index", "offset"), [("en", 1, SUBSIDIES), ("zh", 0, 5),
                                                       ("en", 5, 4)])
def test_split_pieces_get_the_ids_an_import_gives(demo: Project, side: str, index: int,
                                                  offset: int) -> None:
    name = "shaoxing-zh" if side == "zh" else "shaoxing-en"
    result = segment_edits.split_segment(demo, ids(demo, side)[index], offset)
    first, second = texts(demo, side)[index:index + 2]
    assert result.first_id == segment_id(name, normalise(first, side), 0)
    assert result.second_id == segment_id(name, normalise(second, side), 0)
    assert ids(demo, side)[index:index + 2] == [result.first_id, result.second_id]


def test_split_of_an_edited_run_on_sentence_keeps_original_and_edit(demo: Project) -> None:
    en2 = ids(demo, "en")[2]
    segment_edits.edit_segments(demo, {en2: "Rising cotton prices.The factories suffer."})
    cut = len("Rising cotton prices.")
    result = segment_edits.split_segment(demo, en2, cut)
    rows = {r["id"]: r for r in demo.conn.execute(
        "SELECT id, text, corrected FROM segments WHERE id IN (?, ?)",
        (result.first_id, result.second_id))}
    first, second = rows[result.first_id], rows[result.second_id]
    assert (first["text"], first["corrected"]) == ("Rising cotton prices", "Rising cotton prices.")
    assert (second["text"], second["corrected"]) == (
        "put the factories under pressure.", "The factories suffer.")


@pytest.mark.parametrize(("offset", "piece", "start", "status"), [
    (DYING_0 + len("dying companies"), 0, DYING_0, "open"),      # cut after it
    (DYING_0, 1, 0, "open"),                                      # cut right before it
    (DYING_0 + 2, 0, DYING_0, "stale"),                           # cut inside it
])
def test_split_moves_suggestions_with_their_piece(demo: Project, offset: int, piece: int,
                                                  start: int, status: str) -> None:
    result = segment_edits.split_segment(demo, ids(demo, "en")[0], offset)
    row = demo.conn.execute(
        "SELECT segment_id, start, status FROM suggestions WHERE rule = 'garble:dying' "
        "ORDER BY id").fetchone()
    assert row["segment_id"] == (result.first_id, result.second_id)[piece]
    assert (row["start"], row["status"]) == (start, status)
    if status == "open":
        assert suggestion(demo, "garble:dying")[0] == "dying"


def test_join_shifts_the_second_sentences_suggestions(demo: Project) -> None:
    result = segment_edits.join_segments(demo, ids(demo, "en")[4], ids(demo, "en")[5])
    span, start, _, status = suggestion(demo, "garble:dying", 1)
    assert (span, status) == ("dying", "open")
    assert start == len(EN_SENTENCES[4]) + 1 + EN_SENTENCES[5].index("dying")
    seg = demo.conn.execute("SELECT segment_id FROM suggestions WHERE rule = 'garble:dying' "
                            "ORDER BY id").fetchall()[1][0]
    assert seg == result.segment_id
    suggestions.accept_suggestion(demo, demo.conn.execute(
        "SELECT id FROM suggestions WHERE segment_id = ?", (seg,)).fetchone()[0])
    assert "dyeing costs" in texts(demo, "en")[4]


# (name, new text of en 0, expected (span, status) of its 'dying' suggestion)
REANCHOR_CASES = [
    ("edit after it: stays open, same place",
     EN_SENTENCES[0].replace("this year", "in 2024"), ("dying", "open")),
    ("edit before it: moves with the text",
     "Textile " + EN_SENTENCES[0].replace("Printing", "printing"), ("dying", "open")),
    ("edit of the span itself: stale", EN_SENTENCES[0].replace("dying", "dyeing"),
     ("", "stale")),
    ("edit touching its edge: stale", EN_SENTENCES[0].replace("dying companies", "dyingfirms"),
     ("", "stale")),
]


@pytest.mark.parametrize(("name", "new_text", "expected"), REANCHOR_CASES,
                         ids=[c[0] for c in REANCHOR_CASES])
def test_edit_reanchors_open_suggestions_outside_the_change(
        demo: Project, name: str, new_text: str, expected: tuple[str, str]) -> None:
    segment_edits.edit_segments(demo, {ids(demo, "en")[0]: new_text})
    span, _, _, status = suggestion(demo, "garble:dying")
    assert (span if status == "open" else "", status) == expected
    # the other segment's suggestion of the same rule is untouched
    assert suggestion(demo, "garble:dying", 1)[3] == "open"
    if status == "open":
        sug = demo.conn.execute("SELECT id FROM suggestions WHERE rule = 'garble:dying' "
                                "ORDER BY id").fetchone()[0]
        suggestions.accept_suggestion(demo, sug)
        assert texts(demo, "en")[0] == new_text.replace("dying", "dyeing")


def test_reanchored_suggestion_after_an_accepted_one(demo: Project) -> None:
    en3 = ids(demo, "en")[3]
    term = demo.conn.execute("SELECT id FROM suggestions WHERE segment_id = ?",
                             (en3,)).fetchone()[0]
    segment_edits.edit_segments(demo, {en3: "In Ningbo, " + EN_SENTENCES[3][0].lower()
                                     + EN_SENTENCES[3][1:]})
    suggestions.accept_suggestion(demo, term)
    assert texts(demo, "en")[3] == ("In Ningbo, a garment factory in Ningbo began using "
                                    "digital textile printing.")


ERRORS: list[tuple[str, Callable[[Project], Any], str]] = [
    ("split at the start", split("en", 0, 0), "both parts must hold text"),
    ("split beyond the end", split("en", 0, 500), "both parts must hold text"),
    ("split at the end", split("en", 0, len(EN_SENTENCES[0])), "both parts must hold text"),
    ("join non-adjacent", lambda p: segment_edits.join_segments(p, ids(p, "en")[0],
                                                               ids(p, "en")[2]),
     "are not adjacent"),
    ("join across documents", lambda p: segment_edits.join_segments(p, ids(p, "zh")[0],
                                                                   ids(p, "en")[1]),
     "are not adjacent"),
    ("edit to nothing", edit("zh", 0, "  "), "the edited text is empty"),
    ("unknown segment", lambda p: segment_edits.split_segment(p, "nope", 1),
     "segment nope does not exist"),
]


@pytest.mark.parametrize(("name", "operation", "message"), ERRORS, ids=[c[0] for c in ERRORS])
def test_bad_segment_operations_are_refused(demo: Project, name: str,
                                            operation: Callable[[Project], Any],
                                            message: str) -> None:
    before = dump(demo)
    with pytest.raises(ReviewError) as caught:
        operation(demo)
    assert message in str(caught.value)
    assert dump(demo) == before


# -- what a re-import does with split sentences ---------------------------------------------
RUN_ON = ("Officials met with local enterprises.The meeting was held in Hangzhou.\n"
          "Output rose by a fifth.\n")


def _add(project: Project, path: Path) -> None:
    from corpus.ingest import InputFile, ingest_file

    ingest_file(project, InputFile(path, "news.en"))


def _sentences(project: Project) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in project.conn.execute(
        "SELECT s.id, s.text FROM segments s JOIN documents d ON d.id = s.document_id "
        "WHERE d.name = 'news.en' ORDER BY s.position")]


@pytest.mark.parametrize(("new_file", "pieces_survive"), [
    (RUN_ON, True),                                # unchanged: skipped, nothing happens
    (RUN_ON + "A new closing line.\n", False),   # changed elsewhere: the run-on is back
    (RUN_ON.replace("enterprises.The", "enterprises. The"), True),   # fixed as the split
])
def test_reimport_after_a_split(tmp_path: Path, new_file: str, pieces_survive: bool) -> None:
    path = tmp_path / "news.txt"
    path.write_text(RUN_ON, encoding="utf-8")
    with Project.init(tmp_path / "proj") as project:
        _add(project, path)
        original = _sentences(project)
        run_on_id = original[0][0]
        split = segment_edits.split_segment(
            project, run_on_id, len("Officials met with local enterprises."))
        pieces = _sentences(project)[:2]
        assert [t for _, t in pieces] == ["Officials met with local enterprises.",
                                          "The meeting was held in Hangzhou."]
        assert [i for i, _ in pieces] == [split.first_id, split.second_id]
        path.write_text(new_file, encoding="utf-8")
        _add(project, path)
        after = _sentences(project)
        if pieces_survive:
            assert after[:2] == pieces
        else:
            assert after[0] == original[0]   # the original sentence, with its original id
            assert not {split.first_id, split.second_id} & {i for i, _ in after}


@pytest.mark.parametrize(("cut_before", "first", "second", "status"), [
    ("in Shaoxing", ("Printing and dying companies", "Printing and dyeing companies"),
     ("in Shaoxing expanded capacity this year.", None), "accepted"),
    ("ing companies", ("Printing and dy", "Printing and dye"),
     ("ing companies in Shaoxing expanded capacity this year.", None), "stale"),
])
def test_split_of_a_sentence_with_an_applied_fix(
        demo: Project, cut_before: str, first: tuple[str, str | None],
        second: tuple[str, str | None], status: str) -> None:
    """Cut after the fix ("dying" → "dyeing"): it stays applied in the first piece. Cut
    inside the replaced text: both pieces keep their text, the fix (across the cut) is stale."""
    en0 = ids(demo, "en")[0]
    fix = demo.conn.execute("SELECT id FROM suggestions WHERE segment_id = ?",
                            (en0,)).fetchone()[0]
    suggestions.accept_suggestion(demo, fix)
    result = segment_edits.split_segment(demo, en0, texts(demo, "en")[0].index(cut_before))
    rows = [tuple(demo.conn.execute("SELECT text, corrected FROM segments WHERE id = ?",
                                    (seg,)).fetchone())
            for seg in (result.first_id, result.second_id)]
    assert rows == [first, second]
    assert demo.conn.execute("SELECT status FROM suggestions WHERE id = ?",
                             (fix,)).fetchone()[0] == status


@pytest.mark.parametrize(("first", "expected"), [
    (3, [([0], [0]), ([3], [3])]),   # unlinked zh 4 joins linked zh 5: the link keeps it
    (4, [([0], [0]), ([4], [3])]),   # linked zh 5 joins unlinked zh 6: the link keeps it
])
def test_join_in_a_comparable_pair_keeps_the_link(demo: Project, first: int,
                                                  expected: list[tuple[list[int],
                                                                       list[int]]]) -> None:
    from tests.test_bead_links import make_comparable

    make_comparable(demo)   # links zh 0 - en 0 and zh 4 - en 3
    before = dump(demo)
    segment_edits.join_segments(demo, ids(demo, "zh")[first], ids(demo, "zh")[first + 1])
    zh = {s: i for i, s in enumerate(ids(demo, "zh"))}
    en = {s: i for i, s in enumerate(ids(demo, "en"))}
    assert [([zh[s] for s in b.zh_ids], [en[s] for s in b.en_ids])
            for b in bead_edits.pair_beads(demo, 1)] == expected
    assert_contiguous(demo)
    decisions.undo(demo)
    assert dump(demo) == before
