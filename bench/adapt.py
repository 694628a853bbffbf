"""Learning from corrections: scoring of the unreviewed part adapted to reviewed beads.

Reviewed beads (anchors) are verified evidence about one document pair. Each adaptation
here turns them into parameters for aligning the rest of that pair; none is tuned per
document (every constant is one value for all documents). Research code: measured by
``bench/review_effort.py`` on MAC-Dev and the Bible, none helped both enough to enter the
product (figures in bench/RESULTS.md, "Review effort").
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Protocol

from aligner.align import AlignConfig
from aligner.beads import Bead
from aligner.features import length_units


class _Pair(Protocol):
    zh: list[str]
    en: list[str]


Adaptation = Callable[[_Pair, Sequence[Bead], Sequence[Bead], AlignConfig, float],
                      tuple[AlignConfig, float]]
"""(pair, anchors, current beads, config, length ratio) -> adapted (config, length ratio)."""

RATIO_PRIOR_UNITS = 200.0
"""Weight, in zh length units, of the whole document's length ratio against the anchors'."""


def adapt_ratio(pair: _Pair, anchors: Sequence[Bead], current: Sequence[Bead],
                config: AlignConfig, ratio: float) -> tuple[AlignConfig, float]:
    """Expected en length per zh unit from the anchors' two-sided beads (what this translator
    writes for a sentence that has a translation), shrunk towards the document's ratio, which
    also counts untranslated sentences."""
    two_sided = [b for b in anchors if b.zh and b.en]
    if not two_sided:
        return config, ratio
    zh_len = length_units([pair.zh[i] for b in two_sided for i in b.zh], "zh")
    en_len = length_units([pair.en[j] for b in two_sided for j in b.en], "en")
    zh_units, en_units = float(zh_len.sum()), float(en_len.sum())
    blended = (en_units + RATIO_PRIOR_UNITS * ratio) / (zh_units + RATIO_PRIOR_UNITS)
    return config, blended


TYPE_PRIOR_BEADS = 50.0
"""Weight, in beads, of the current alignment's bead-type shares against the anchors'."""


def adapt_types(pair: _Pair, anchors: Sequence[Bead], current: Sequence[Bead],
                config: AlignConfig, ratio: float) -> tuple[AlignConfig, float]:
    """Bead types as this translator uses them: each type's score gets T·log(share among the
    anchors, shrunk towards the current alignment's share / the current share). T is the
    temperature that turns scores into path weights, so the bonus is a log prior ratio."""
    if not anchors or not current:
        return config, ratio

    def shares(beads: Sequence[Bead]) -> dict[tuple[int, int], float]:
        counts: dict[tuple[int, int], float] = {}
        for bead in beads:
            key = (len(bead.zh), len(bead.en))
            counts[key] = counts.get(key, 0.0) + 1.0
        return {key: count / len(beads) for key, count in counts.items()}

    prior, seen = shares(current), shares(anchors)
    floor = 0.5 / len(current)
    bonus = []
    for a, b in config.bead_types():
        q = max(prior.get((a, b), 0.0), floor)
        p = (seen.get((a, b), 0.0) * len(anchors) + TYPE_PRIOR_BEADS * q) / (
            len(anchors) + TYPE_PRIOR_BEADS)
        bonus.append((a, b, round(config.temperature * math.log(p / q), 6)))
    return replace(config, type_bonus=tuple(bonus)), ratio


ADAPTATIONS: dict[str, Adaptation] = {
    "ratio": adapt_ratio,
    "types": adapt_types,
}


def adapter(names: Sequence[str]) -> Adaptation:
    """The named adaptations applied one after the other."""
    chosen = [ADAPTATIONS[name] for name in names]

    def apply(pair: _Pair, anchors: Sequence[Bead], current: Sequence[Bead],
              config: AlignConfig, ratio: float) -> tuple[AlignConfig, float]:
        for adaptation in chosen:
            config, ratio = adaptation(pair, anchors, current, config, ratio)
        return config, ratio

    return apply
