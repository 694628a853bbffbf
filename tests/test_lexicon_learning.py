"""Learning from corrections: names and terms learnt from reviewed beads decide the beads
around them, through ``align-files --anchors`` and the review UI's re-alignment alike."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from aligner.align import AlignConfig
from aligner.anchored import align_with_anchors
from aligner.beads import Bead
from aligner.lexicon_learning import learn_glosses, review_glosses, zh_units
from aligner.project import realign_around
from corpus.bead_edits import pair_beads
from corpus.store import Project, now_iso
from tests.test_align import VectorEncoder
from tests.test_align_project import _add_document

# Two reviewed beads teach 韦小宝 = Trinket (Minford's name for him: no pinyin, no
# dictionary links them). zh 3 ("x9": a concept no English sentence has, so the embedding
# says nothing) is 韦小宝呢？ = "And Trinket?", the end of en 2.
ZH = ["t0 韦小宝哈哈大笑，笑得前仰后合。", "t1 韦小宝拔腿就跑，一溜烟不见了。",
      "t2 屋里静悄悄的，一个人也没有。", "x9 韦小宝呢？", "t3 他想了一想，又回到桌边坐下。",
      "t4 窗外传来一阵脚步声。"]
EN = ["t0 Trinket roared with laughter, rocking back and forth.",
      "t1 Trinket took to his heels and was gone in a flash.",
      "t2 The room was silent, there was nobody there. And Trinket?",
      "t3 He thought for a moment and sat down at the table again.",
      "t4 Footsteps sounded outside the window."]
ANCHORS = [Bead((0,), (0,)), Bead((1,), (1,))]
RIGHT = ((2, 3), (2,))


LEARN_CASES = [
    pytest.param([("韦小宝来了", "Trinket came"), ("韦小宝走了", "Trinket left")],
                 (("韦小宝", "trink"),), id="a-name-in-two-beads"),
    pytest.param([("韦小宝来了", "Trinket came"), ("他走了", "Trinket left")], (),
                 id="one-bead-is-not-enough"),
    pytest.param([("韦小宝来了", "Trinket came"), ("韦小宝走了", "Trinket left"),
                  ("小宝笑了", "He laughed")], (("韦小宝", "trink"),),
                 id="a-part-of-a-linked-string-is-not-linked-again"),
    pytest.param([("高粱红了", "The sorghum was red"), ("高粱地里", "in the sorghum fields"),
                  ("高粱酒", "sorghum wine")], (("高粱", "sorgh"),), id="a-term"),
]


@pytest.mark.parametrize(("pairs", "expected"), LEARN_CASES)
def test_learn_glosses(pairs: list[tuple[str, str]], expected: tuple[tuple[str, str], ...]
                       ) -> None:
    zh, en = [p[0] for p in pairs], [p[1] for p in pairs]
    beads = [Bead((k,), (k,)) for k in range(len(pairs))]
    assert learn_glosses(zh, en, beads) == expected


def test_zh_units_are_runs_of_two_to_three_han_characters() -> None:
    assert zh_units("韦小宝，x呢") == {"韦小", "小宝", "韦小宝"}


def test_only_confident_unreviewed_beads_teach() -> None:
    zh, en = ["韦小宝来了", "韦小宝走了"], ["Trinket came", "Trinket left"]
    reviewed = [Bead((0,), (0,), 1.0)]
    assert review_glosses(zh, en, reviewed, [Bead((1,), (1,), 0.96)]) == (("韦小宝", "trink"),)
    assert review_glosses(zh, en, reviewed, [Bead((1,), (1,), 0.9)]) == ()


@pytest.mark.parametrize(("learn", "expected"), [(True, RIGHT), (False, ((3,), ()))])
def test_a_name_learnt_from_anchors_decides_a_bead(learn: bool,
                                                   expected: tuple[tuple[int, ...], ...]
                                                   ) -> None:
    encoder = VectorEncoder()
    config = replace(AlignConfig(), learn_from_anchors=learn)
    beads = align_with_anchors(ZH, EN, encoder.encode(ZH), encoder.encode(EN), ANCHORS, config)
    assert expected in [(b.zh, b.en) for b in beads]


def test_realignment_in_the_review_ui_learns_the_same(project: Project) -> None:
    zh_doc = _add_document(project, "zh-doc", "zh", ZH)
    en_doc = _add_document(project, "en-doc", "en", EN)
    zh_ids = [r[0] for r in project.conn.execute(
        "SELECT id FROM segments WHERE document_id = ? ORDER BY position", (zh_doc,))]
    en_ids = [r[0] for r in project.conn.execute(
        "SELECT id FROM segments WHERE document_id = ? ORDER BY position", (en_doc,))]
    # Stored: the two anchors accepted, zh 3 left without translation (what the aligner
    # finds without the name), the rest pending.
    stored = [((0,), (0,), "accepted"), ((1,), (1,), "accepted"), ((2,), (2,), "pending"),
              ((3,), (), "pending"), ((4,), (3,), "pending"), ((5,), (4,), "pending")]
    with project.transaction() as conn:
        pair_id = int(conn.execute(
            "INSERT INTO doc_pairs(zh_doc, en_doc, mode, score, signature, created_at) "
            "VALUES (?, ?, 'parallel', 1.0, 'test', ?)", (zh_doc, en_doc, now_iso())).lastrowid
            or 0)
        for position, (z, e, status) in enumerate(stored):
            conn.execute("INSERT INTO beads(pair_id, position, zh_ids, en_ids, score, status) "
                         "VALUES (?, ?, ?, ?, 0.5, ?)",
                         (pair_id, float(position), json.dumps([zh_ids[i] for i in z]),
                          json.dumps([en_ids[j] for j in e]), status))
    accepted = pair_beads(project, pair_id)[1]
    for learn, expected in ((False, ((3,), ())), (True, RIGHT)):
        realign_around(project, pair_id, [accepted.id], VectorEncoder(),
                       config=replace(AlignConfig(), learn_from_anchors=learn))
        found = [(tuple(zh_ids.index(s) for s in b.zh_ids),
                  tuple(en_ids.index(s) for s in b.en_ids)) for b in pair_beads(project, pair_id)]
        assert expected in found
