"""The read model of aligned text: one definition of which beads count where, and of texts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus import aligned, bead_edits, segment_edits
from corpus.aligned import StatusPolicy
from corpus.export.units import ExportOptions, ExportTally, iter_units, plan_export
from corpus.store import Project
from tests.review_fixture import EN_SENTENCES, build_demo_project


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Project]:
    proj = build_demo_project(tmp_path / "demo")
    yield proj
    proj.close()


POLICY_CASES = [
    (aligned.EXPORT, {"pending", "accepted"}),
    (aligned.EXPORT_COMPARABLE, {"accepted"}),
    (aligned.TERM_CHECK, {"pending", "accepted"}),
    (aligned.GLOSSARY_EVIDENCE, {"pending", "accepted"}),
    (aligned.GARBLE_HINTS, {"pending", "accepted", "unaligned"}),
    (aligned.REVIEW, {"pending", "accepted", "rejected", "unaligned"}),
]


@pytest.mark.parametrize(("policy", "statuses"), POLICY_CASES,
                         ids=[c[0].name for c in POLICY_CASES])
def test_each_reader_admits_its_statuses(policy: StatusPolicy, statuses: set[str]) -> None:
    assert {s for s in aligned.BEAD_STATUSES if policy.admits(s)} == statuses
    assert set(policy.statuses) <= set(aligned.BEAD_STATUSES)


def _set_statuses(project: Project) -> dict[str, int]:
    """Give the demo pair's 1-1 beads one status each; status → bead id."""
    beads = bead_edits.pair_beads(project, 1)
    chosen = {"pending": beads[0].id, "accepted": beads[3].id, "rejected": beads[2].id}
    with project.transaction() as conn:
        conn.execute("UPDATE beads SET status = 'accepted' WHERE id = ?", (chosen["accepted"],))
        conn.execute("UPDATE beads SET status = 'rejected' WHERE id = ?", (chosen["rejected"],))
    bead_edits.mark_unaligned(project, beads[1].id)
    chosen["unaligned"] = beads[1].id
    return chosen


@pytest.mark.parametrize(("policy", "statuses"), POLICY_CASES,
                         ids=[c[0].name for c in POLICY_CASES])
def test_aligned_beads_follow_the_policy(demo: Project, policy: StatusPolicy,
                                         statuses: set[str]) -> None:
    chosen = _set_statuses(demo)
    got = {b.bead_id for b in aligned.aligned_beads(demo, policy) if b.pair_id == 1}
    assert {status for status, bead in chosen.items() if bead in got} == statuses


def test_export_and_term_check_read_the_same_beads(demo: Project) -> None:
    _set_statuses(demo)
    plan = plan_export(demo, ExportOptions())
    tally = ExportTally()
    exported = {u.bead_id for u in iter_units(demo, plan, tally)}
    checked = {b.bead_id for b in aligned.aligned_beads(demo, aligned.TERM_CHECK)}
    assert exported == checked
    assert tally.skipped == {"rejected": 1, "unaligned": 1}


def test_current_text_is_the_correction_where_there_is_one(demo: Project) -> None:
    seg = aligned.aligned_beads(demo, aligned.REVIEW).__next__().en_segments[0][0]
    segment_edits.edit_segments(demo, {seg: "Printing and dyeing firms grew."})
    assert aligned.read_segment(demo, seg).current == "Printing and dyeing firms grew."
    assert aligned.read_segment(demo, seg).text == EN_SENTENCES[0]
    first = next(aligned.aligned_beads(demo, aligned.REVIEW, corrected=True))
    assert first.en_text == "Printing and dyeing firms grew."
    original = next(aligned.aligned_beads(demo, aligned.REVIEW))
    assert original.en_text == EN_SENTENCES[0]


def test_aligned_bead_locates_spans_in_its_segments(demo: Project) -> None:
    beads = {b.bead_id: b for b in aligned.aligned_beads(demo, aligned.REVIEW)}
    one_to_two = beads[bead_edits.pair_beads(demo, 1)[4].id]
    first, second = (s for s, _, _ in one_to_two.en_segments)
    start = one_to_two.en_text.index("dying")
    assert one_to_two.locate(start, start + 5) == (second, EN_SENTENCES[5].index("dying"),
                                                   EN_SENTENCES[5].index("dying") + 5)
    boundary = len(EN_SENTENCES[4])
    assert one_to_two.locate(boundary - 2, boundary + 3) is None
    assert first != second
