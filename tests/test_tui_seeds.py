"""The review app on the real seed files (../shared/seeds), driven key by key as a reviewer
would: the repairs of the unpaired seed 002 and a link in the comparable pair of 004 and 000,
each exported from the app."""

from __future__ import annotations

import json
from pathlib import Path

from corpus import bead_edits
from corpus.store import Project
from tests.test_tui_review import drive
from tui.app import ReviewApp
from tui.service import ReviewService


def _check(root: Path) -> None:
    """Store the garble findings (``bitextual check``): 002's 'pformation' repairs."""
    from glossary.garble.project import check_project

    with Project.open(root) as project:
        check_project(project)


def _messages(app: ReviewApp) -> list[str]:
    return [m for m, _ in app.messages]


def _document_row(root: Path, name: str) -> int:
    """Place of ``name`` in the overview's document table (unpaired first, by name)."""
    service = ReviewService(root)
    try:
        return [d.name for d in service.overview()[1]].index(name)
    finally:
        service.close()


def test_seed_002_repairs_applied_and_exported(seeds_project: Path, tmp_path: Path) -> None:
    _check(seeds_project)
    with Project.open(seeds_project) as project:
        name = project.conn.execute("SELECT name FROM documents WHERE name LIKE '002%'"
                                    ).fetchone()[0]
        repairs = project.conn.execute(
            "SELECT count(*) FROM suggestions s JOIN segments g ON g.id = s.segment_id JOIN "
            "documents d ON d.id = g.document_id WHERE d.name = ? AND s.status = 'open' AND "
            "s.rule LIKE 'garble:p%'", (name,)).fetchone()[0]
    assert repairs == 6  # pformation ×4, pfer ×2
    out = tmp_path / "002.reviewed.txt"
    keys = ["tab", *["down"] * _document_row(seeds_project, name), "enter",
            "Y", "y",                                  # the whole rule, after confirming
            "ctrl+e", "tab", "ctrl+u", *str(out), "ctrl+s"]
    notes = drive(seeds_project, keys, inspect=_messages)
    assert any("rule garble:p->trans: 6 suggestions applied" in n for n in notes), notes
    with Project.open(seeds_project) as project:
        statuses = [r[0] for r in project.conn.execute(
            "SELECT s.status FROM suggestions s JOIN segments g ON g.id = s.segment_id JOIN "
            "documents d ON d.id = g.document_id WHERE d.name = ? AND s.rule LIKE 'garble:p%'",
            (name,))]
    assert statuses == ["accepted"] * 6
    text = out.read_text(encoding="utf-8")
    assert "ransformation" in text and "transfer" in text
    assert "pformation" not in text.lower() and " pfer " not in text
    assert any(f"wrote {name}" in n for n in notes), notes


def test_seed_comparable_pair_link_exports_only_accepted_links(seeds_project: Path,
                                                               tmp_path: Path) -> None:
    service = ReviewService(seeds_project)
    try:
        rows = service.load_comparable(1)
    finally:
        service.close()
    # Two sentences the miner left unlinked: 郑念华 (Zheng Nianhua) and his title line.
    zh = next(r.number for r in rows if r.kind == "zh" and "郑念华在会上指出" in r.zh_text)
    en = next(r.number for r in rows if r.kind == "en"
              and r.en_text.startswith("Zheng Nianhua, President of Zhejiang"))
    mined = sum(r.linked for r in rows)
    out = tmp_path / "links.jsonl"
    keys = ["enter", "colon", *str(zh), "enter", "space", "colon", *str(en), "enter", "space",
            "l", "ctrl+e", "enter", "down", "down", "down", "enter", "tab", "ctrl+u", *str(out),
            "ctrl+s"]
    notes = drive(seeds_project, keys, inspect=_messages)
    with Project.open(seeds_project) as project:
        beads = bead_edits.pair_beads(project, 1)
        made = [b for b in beads if b.origin == "reviewer"]
        assert len(made) == 1 and made[0].status == "accepted"
        zh_text = project.conn.execute("SELECT text FROM segments WHERE id = ?",
                                       (made[0].zh_ids[0],)).fetchone()[0]
    assert "郑念华在会上指出" in zh_text
    units = [u for u in (json.loads(line) for line in
                         out.read_text(encoding="utf-8").splitlines()) if u.get("type") == "unit"]
    # only the accepted link: the mined ones are pending and stay out of the export
    assert len(units) == 1 and "郑念华" in units[0]["zh"]
    assert units[0]["en"].startswith("Zheng Nianhua, President of Zhejiang")
    assert any("wrote 1 unit(s)" in n and f"left out {mined}" in n for n in notes), notes
