"""Alignment around anchors: beads known to be right are kept, only what lies between is aligned.

An anchor is a bead a reviewer confirmed (or made): any type, 1-0 and 0-1 included. Anchors
must be listed in reading order, must not share a sentence, and must not cross (a later
anchor's sentences come after an earlier one's on both sides); :func:`check_anchors` says
which line breaks a rule. ``bitextual align-files/align-dir --anchors`` read them from a
beads file; project alignment (:mod:`aligner.project`) passes the reviewed beads of a pair.
Both go through :func:`align_with_anchors`.

How: the two-sided anchors cut both documents into gaps, and each gap is aligned on its own
(:func:`aligner.align.align_embedded`). A one-sided anchor inside a gap takes its sentence
out of the gap, and no new bead may span the place where it was (a *cut*). Every gap is
scored with the whole document's length ratio, not its own, which a short gap would make
noisy. Without anchors the result is exactly the plain alignment.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from aligner.align import AlignConfig, align_embedded, document_length_ratio
from aligner.beads import Bead, format_bead, parse_numbered_beads
from aligner.embed import Encoder
from aligner.lexicon_learning import review_glosses
from corpus.errors import BitextualError, FormatError


class AnchorError(BitextualError):
    """Anchors that cannot all hold in one monotone alignment of the two documents."""

    title = "bad anchors"


@dataclass(frozen=True)
class Anchor:
    """A bead known to be right, with the line it came from (for error messages)."""

    bead: Bead
    line: int | None = None


def read_anchors(path: str | Path) -> list[Anchor]:
    """The anchors of a beads file (``[zh ids]:[en ids]`` with an optional ``:score``)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FormatError(f"cannot read the anchors file: {exc}", path=path) from exc
    return [Anchor(bead, line) for line, bead in parse_numbered_beads(text, path)]


def check_anchors(anchors: Sequence[Anchor], n_zh: int, n_en: int,
                  path: str | Path | None = None) -> None:
    """Raise :class:`AnchorError` (with the file and line) unless the anchors are valid:
    non-empty beads of consecutive ids within the documents, in reading order, disjoint,
    not crossing."""
    owner: dict[tuple[str, int], int | None] = {}
    last: dict[str, tuple[int, int | None]] = {}   # side -> (highest id so far, its line)
    for anchor in anchors:
        problem = _anchor_problem(anchor.bead, n_zh, n_en, owner, last)
        if problem is not None:
            msg, hint = problem
            raise AnchorError(f"anchor {format_bead(anchor.bead, with_score=False)}: {msg}",
                              path=path, line=anchor.line, hint=hint)
        for side, ids in (("zh", anchor.bead.zh), ("en", anchor.bead.en)):
            for i in ids:
                owner[(side, i)] = anchor.line
            if ids:
                last[side] = (ids[-1], anchor.line)


def _anchor_problem(bead: Bead, n_zh: int, n_en: int, owner: dict[tuple[str, int], int | None],
                    last: dict[str, tuple[int, int | None]]) -> tuple[str, str] | None:
    """What is wrong with one anchor given the ones before it: (message, hint), or None."""
    if not bead.zh and not bead.en:
        return ("the bead has no sentence on either side",
                "delete the line, or give the sentence ids it aligns")
    for side, ids, size in (("zh", bead.zh, n_zh), ("en", bead.en, n_en)):
        if not ids:
            continue
        if list(ids) != list(range(ids[0], ids[0] + len(ids))):
            return (f"the {side} ids are not consecutive and increasing",
                    "a bead holds a run of neighbouring sentences, e.g. [3,4,5]")
        out = [i for i in ids if i >= size]
        if out:
            return (f"{side} sentence {out[0]} is out of range (the {side} document has "
                    f"{size} sentences, ids 0 to {size - 1})",
                    "ids are 0-based sentence positions of the aligned files")
        for i in ids:
            if (side, i) in owner:
                return (f"{side} sentence {i} is already in the anchor of line "
                        f"{owner[(side, i)]}", "every sentence is in at most one anchor")
        previous = last.get(side)
        if previous is not None and ids[0] < previous[0]:
            return (f"{side} sentence {ids[0]} comes before {side} sentence {previous[0]} of "
                    f"the anchor of line {previous[1]}",
                    "list anchors in reading order; two anchors must not cross")
    return None


def align_with_anchors(zh: list[str], en: list[str], zh_vecs: np.ndarray, en_vecs: np.ndarray,
                       anchors: Sequence[Anchor | Bead], config: AlignConfig | None = None,
                       path: str | Path | None = None) -> list[Bead]:
    """The beads of the whole pair: every anchor unchanged, the rest aligned gap by gap.

    Invalid anchors raise :class:`AnchorError` (``path`` names their file in the message).
    """
    config = config or AlignConfig()
    checked = [a if isinstance(a, Anchor) else Anchor(a) for a in anchors]
    check_anchors(checked, len(zh), len(en), path)
    ratio = document_length_ratio(zh, en)
    # An anchor is known to be right: its confidence is 1 whatever score its file gave.
    fixed = [Bead(a.bead.zh, a.bead.en, 1.0) for a in checked]
    gaps = anchor_gaps(fixed, len(zh), len(en))
    beads = [bead for gap in gaps
             for bead in align_gap(zh, en, zh_vecs, en_vecs, gap, config, ratio)]
    if config.learn_from_anchors and any(b.zh and b.en for b in fixed):
        # Learning from corrections: the anchors (and the confident beads between them)
        # teach this pair's names and terms; the gaps are aligned again knowing them.
        anchor_keys = {(b.zh, b.en) for b in fixed}
        glosses = review_glosses(zh, en, [b for b in fixed if b.zh and b.en],
                                 [b for b in beads if (b.zh, b.en) not in anchor_keys])
        if glosses:
            adapted = replace(config, learned_glosses=glosses)
            beads = [bead for gap in gaps
                     for bead in align_gap(zh, en, zh_vecs, en_vecs, gap, adapted, ratio)]
    return beads


def align_sentences_with_anchors(zh: list[str], en: list[str], encoder: Encoder,
                                 anchors: Sequence[Anchor | Bead],
                                 config: AlignConfig | None = None,
                                 progress: Callable[[int, int], None] | None = None,
                                 path: str | Path | None = None) -> list[Bead]:
    """Embed, then :func:`align_with_anchors` (anchors are checked before embedding)."""
    checked = [a if isinstance(a, Anchor) else Anchor(a) for a in anchors]
    check_anchors(checked, len(zh), len(en), path)
    if not zh or not en:
        return align_with_anchors(zh, en, np.zeros((len(zh), 1), dtype=np.float32),
                                  np.zeros((len(en), 1), dtype=np.float32), checked, config)
    vectors = encoder.encode(list(zh) + list(en), progress=progress)
    return align_with_anchors(zh, en, vectors[:len(zh)], vectors[len(zh):], checked, config,
                              path)


@dataclass(frozen=True)
class Gap:
    """The sentences between two consecutive two-sided anchors, and what surrounds them."""

    zh_start: int
    zh_stop: int
    en_start: int
    en_stop: int
    inside: tuple[Bead, ...]
    """One-sided anchors within the gap, in order."""
    closing: Bead | None
    """The two-sided anchor that ends the gap (None for the last gap)."""


def anchor_gaps(anchors: Sequence[Bead], n_zh: int, n_en: int) -> list[Gap]:
    """Split the pair at its two-sided anchors (which must be valid, see check_anchors)."""
    gaps: list[Gap] = []
    zh_start = en_start = 0
    inside: list[Bead] = []
    for bead in anchors:
        if bead.zh and bead.en:
            gaps.append(Gap(zh_start, bead.zh[0], en_start, bead.en[0], tuple(inside), bead))
            zh_start, en_start, inside = bead.zh[-1] + 1, bead.en[-1] + 1, []
        else:
            inside.append(bead)
    gaps.append(Gap(zh_start, n_zh, en_start, n_en, tuple(inside), None))
    return gaps


def align_gap(zh: list[str], en: list[str], zh_vecs: np.ndarray, en_vecs: np.ndarray, gap: Gap,
              config: AlignConfig, ratio: float) -> list[Bead]:
    """The beads of one gap in reading order (its one-sided anchors included), followed by
    the anchor that closes it."""
    zh_out = {i for b in gap.inside for i in b.zh}
    en_out = {j for b in gap.inside for j in b.en}
    zh_rows = [i for i in range(gap.zh_start, gap.zh_stop) if i not in zh_out]
    en_rows = [j for j in range(gap.en_start, gap.en_stop) if j not in en_out]
    # A cut where each one-sided anchor was: the number of rows kept before its sentence.
    zh_cuts = sorted({sum(1 for i in zh_rows if i < b.zh[0]) for b in gap.inside if b.zh})
    en_cuts = sorted({sum(1 for j in en_rows if j < b.en[0]) for b in gap.inside if b.en})
    found: list[Bead] = []
    if zh_rows or en_rows:
        found = align_embedded([zh[i] for i in zh_rows], [en[j] for j in en_rows],
                               zh_vecs[zh_rows], en_vecs[en_rows], config, length_ratio=ratio,
                               zh_cuts=zh_cuts, en_cuts=en_cuts)
    new = [Bead(tuple(zh_rows[i] for i in b.zh), tuple(en_rows[j] for j in b.en), b.score)
           for b in found]
    # Put each one-sided anchor before the first new bead that follows it on its side.
    zh_only = [b for b in gap.inside if b.zh]
    en_only = [b for b in gap.inside if b.en]
    beads: list[Bead] = []
    for bead in new:
        while zh_only and bead.zh and zh_only[0].zh[0] < bead.zh[0]:
            beads.append(zh_only.pop(0))
        while en_only and bead.en and en_only[0].en[0] < bead.en[0]:
            beads.append(en_only.pop(0))
        beads.append(bead)
    beads.extend(zh_only + en_only)
    if gap.closing is not None:
        beads.append(gap.closing)
    return beads
