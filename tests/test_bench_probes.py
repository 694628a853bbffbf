"""The research probes of bench/align_probes.py do what their names say (no model needed)."""

from __future__ import annotations

import pytest

from aligner.align import AlignConfig, align_embedded
from aligner.beads import Bead, check_coverage
from bench.align_probes import align_mbr, gloss_translation, learned_lexicon
from tests.test_align import DP_CASES, VectorEncoder, concepts, pairs


def test_learned_lexicon_links_a_recurring_name_to_its_rendering() -> None:
    # 韦小宝 ↔ Trinket in every other bead; other words vary, so only the name co-occurs.
    fillers_zh = ["天", "山", "水", "风", "雨", "花", "鸟", "鱼", "云", "雪"]
    fillers_en = ["sky", "hill", "water", "wind", "rain", "flower", "bird", "fish", "cloud",
                  "snow"]
    zh = [("韦小宝" if k % 2 == 0 else "") + fillers_zh[k] for k in range(10)]
    en = [("Trinket saw the " if k % 2 == 0 else "The ") + fillers_en[k] for k in range(10)]
    beads = [Bead((k,), (k,)) for k in range(10)]
    links = dict(learned_lexicon(zh, en, beads))
    linked_en = {links.get(gram) for gram in ("韦小", "小宝", "韦", "宝")}
    assert "trink" in linked_en
    assert all(links.get(gram) != "trink" for gram in fillers_zh)


@pytest.mark.parametrize(("zh_tags", "en_tags", "expected"), DP_CASES)
def test_mbr_decoding_finds_the_same_clear_beads_as_the_dp(
        zh_tags: list[str], en_tags: list[str],
        expected: list[tuple[tuple[int, ...], tuple[int, ...]]]) -> None:
    encoder = VectorEncoder()
    zh, en = concepts(zh_tags, "zh"), concepts(en_tags, "en")
    zh_vecs, en_vecs = encoder.encode(zh), encoder.encode(en)
    beads = align_mbr(zh, en, zh_vecs, en_vecs, AlignConfig())
    check_coverage(beads, len(zh), len(en))
    assert pairs(beads) == pairs(align_embedded(zh, en, zh_vecs, en_vecs)) == expected
    # the posterior of a clear bead is near 1
    assert min(b.score for b in beads if b.zh and b.en) > 0.5


def test_gloss_translation_renders_word_by_word_longest_match_first() -> None:
    senses = {"中国": "China", "中": "middle", "国": "country", "服装": "clothing"}
    assert gloss_translation("中国服装2025年", senses) == "China clothing 2025"
    assert gloss_translation("国中", senses) == "country middle"
