"""What a translation memory should hold: comparable links only once accepted, pending
parallel beads marked pending, and a count of what was left out and why."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus import aligned, bead_edits
from corpus.export import ExportOptions, export_project, preview_export
from corpus.export.units import UNREVIEWED_COMPARABLE
from corpus.store import Project
from tests.conftest import run_cli
from tests.review_fixture import build_demo_project

ZH, EN = "004_0b416cea9f678820.txt", "000_3355ace611604506.txt"


def tmx_units(path: Path) -> list[tuple[str, str]]:
    """(status, English text) of every unit of a TMX file."""
    text = path.read_text(encoding="utf-8")
    units = re.findall(r"<tu .*?</tu>", text, flags=re.S)
    return [(re.search(r'type="x-status">(\w+)<', u).group(1),   # type: ignore[union-attr]
             re.findall(r"<seg>(.*?)</seg>", u, flags=re.S)[1]) for u in units]


@pytest.mark.slow
def test_seed_export_leaves_out_the_twelve_unreviewed_mined_links(
        seeds_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "seeds.tmx"
    code, out, err = run_cli(["export", "-p", str(seeds_project), "-f", "tmx", "-o",
                              str(out_file), "--status", "all"], capsys)
    assert code == 2
    assert f"nothing to export: 12 bead(s) considered (12 {UNREVIEWED_COMPARABLE})" in \
        " ".join(err.split())
    assert not out_file.exists()


@pytest.mark.slow
def test_seed_export_writes_accepted_and_linked_sentences_only(
        seeds_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Project.open(seeds_project) as project:
        pair_id = project.conn.execute("SELECT id FROM doc_pairs").fetchone()[0]
        mined = bead_edits.pair_beads(project, pair_id)
        bead_edits.accept_bead(project, mined[0].id)
        bead_edits.mark_unaligned(project, mined[1].id)
        # link two sentences the miner did not link (the first unlinked of each side)
        rows = aligned.pair_rows(project, pair_id)
        zh_free = next(r.zh_ids[0] for r in rows if r.kind == "zh")
        en_free = next(r.en_ids[0] for r in rows if r.kind == "en")
        bead_edits.link_sentences(project, pair_id, [zh_free], [en_free])
        preview = preview_export(project, ExportOptions())
        en_texts = {r[0]: r[1] for r in project.conn.execute(
            "SELECT id, text FROM segments WHERE id IN (?, ?)", (mined[0].en_ids[0], en_free))}
    assert preview.written == 2
    assert preview.skipped == {UNREVIEWED_COMPARABLE: 10, "unaligned": 1}
    out_file = tmp_path / "seeds.tmx"
    code, out, err = run_cli(["export", "-p", str(seeds_project), "-f", "tmx", "-o",
                              str(out_file)], capsys)
    assert code == 0, err
    flat = " ".join(out.split())
    assert "wrote 2 unit(s)" in flat
    assert f"skipped 11 bead(s): 10 {UNREVIEWED_COMPARABLE}, 1 unaligned" in flat
    units = tmx_units(out_file)
    assert sorted(units) == sorted(("accepted", text) for text in en_texts.values())


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Project]:
    proj = build_demo_project(tmp_path / "demo")
    yield proj
    proj.close()


@pytest.mark.parametrize(("mode", "written", "skipped"), [
    ("parallel", 6, {"rejected": 1}),
    ("comparable", 3, {UNREVIEWED_COMPARABLE: 3, "rejected": 1}),
])
def test_pending_beads_export_by_pair_mode(demo: Project, tmp_path: Path, mode: str,
                                           written: int, skipped: dict[str, int]) -> None:
    beads = bead_edits.pair_beads(demo, 1)
    bead_edits.accept_bead(demo, beads[0].id)
    with demo.transaction() as conn:   # pair 1 as ``mode``; its second bead rejected
        conn.execute("UPDATE doc_pairs SET mode = ? WHERE id = 1", (mode,))
        conn.execute("UPDATE beads SET status = 'rejected' WHERE id = ?", (beads[1].id,))
    report = export_project(demo, "tmx", tmp_path / "out.tmx")
    assert (report.written, report.skipped) == (written, skipped)
    assert preview_export(demo).skipped == report.skipped
    statuses = [status for status, _ in tmx_units(tmp_path / "out.tmx")]
    assert statuses.count("accepted") == 1
    assert statuses.count("pending") == written - 1
