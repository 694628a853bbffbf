"""Alignment quality: strict and lax precision/recall/F1 of Thompson & Koehn (2019).

The definition is that of Vecalign's ``score.py`` (after Sennrich & Volk 2010):

* Precision counts the *test* beads (beads empty on both sides ignored). A test bead is a
  strict hit if the very same bead is in the gold; otherwise it is a lax hit if some zh
  sentence of it is aligned in the gold with some en sentence of it.
* Recall is the same computation with gold and test swapped, after dropping the beads with
  an empty side from both.
* Counts are summed over all documents before dividing (micro average), and F1 is the
  harmonic mean of P and R; any 0/0 is 0.

For the Bible (verse-level gold), consecutive test beads that fall inside one verse on both
sides are merged first, as Bertalign's ``eval_bible.py`` does: see :func:`merge_by_verse`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from aligner.beads import Bead, read_beads
from corpus.errors import FormatError

Pair = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass
class Counts:
    """Hit counts of one or more documents: precision side and recall side."""

    p_strict: int = 0
    p_strict_miss: int = 0
    p_lax: int = 0
    p_lax_miss: int = 0
    r_strict: int = 0
    r_strict_miss: int = 0
    r_lax: int = 0
    r_lax_miss: int = 0

    def __iadd__(self, other: Counts) -> Counts:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self


@dataclass(frozen=True)
class Scores:
    """Strict and lax precision, recall and F1."""

    precision_strict: float
    recall_strict: float
    f1_strict: float
    precision_lax: float
    recall_lax: float
    f1_lax: float
    counts: Counts = field(compare=False, repr=False, default_factory=Counts)


def _as_pairs(beads: Iterable[Bead | Pair]) -> list[Pair]:
    pairs = []
    for bead in beads:
        if isinstance(bead, Bead):
            pairs.append((tuple(bead.zh), tuple(bead.en)))
        else:
            pairs.append((tuple(bead[0]), tuple(bead[1])))
    return pairs


def _hits(gold: list[Pair], test: list[Pair]) -> tuple[int, int, int, int]:
    """(strict hits, strict misses, lax hits, lax misses) of ``test`` against ``gold``."""
    gold_set = {pair for pair in gold if pair[0] or pair[1]}
    test_set = {pair for pair in test if pair[0] or pair[1]}
    partners: dict[int, set[int]] = defaultdict(set)
    for zh, en in gold_set:
        for i in zh:
            partners[i].update(en)
    strict = strict_miss = lax = lax_miss = 0
    for zh, en in test_set:
        if (zh, en) in gold_set:
            strict += 1
            lax += 1
            continue
        strict_miss += 1
        linked = set().union(*(partners[i] for i in zh)) if zh else set()
        if linked.intersection(en):
            lax += 1
        else:
            lax_miss += 1
    return strict, strict_miss, lax, lax_miss


def count_document(gold: Iterable[Bead | Pair], test: Iterable[Bead | Pair]) -> Counts:
    """Precision and recall counts of one document."""
    gold_pairs, test_pairs = _as_pairs(gold), _as_pairs(test)
    counts = Counts()
    (counts.p_strict, counts.p_strict_miss, counts.p_lax,
     counts.p_lax_miss) = _hits(gold_pairs, test_pairs)
    gold_full = [pair for pair in gold_pairs if pair[0] and pair[1]]
    test_full = [pair for pair in test_pairs if pair[0] and pair[1]]
    (counts.r_strict, counts.r_strict_miss, counts.r_lax,
     counts.r_lax_miss) = _hits(test_full, gold_full)
    return counts


def _ratio(hit: int, miss: int) -> float:
    return hit / (hit + miss) if hit + miss else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def scores_from_counts(counts: Counts) -> Scores:
    """P/R/F1 from (summed) counts."""
    ps, rs = _ratio(counts.p_strict, counts.p_strict_miss), _ratio(counts.r_strict,
                                                                  counts.r_strict_miss)
    pl, rl = _ratio(counts.p_lax, counts.p_lax_miss), _ratio(counts.r_lax, counts.r_lax_miss)
    return Scores(ps, rs, _f1(ps, rs), pl, rl, _f1(pl, rl), counts)


def score_documents(gold_list: Sequence[Iterable[Bead | Pair]],
                    test_list: Sequence[Iterable[Bead | Pair]]) -> Scores:
    """Micro-averaged scores over several documents (Vecalign's ``score_multiple``)."""
    if len(gold_list) != len(test_list):
        raise ValueError("as many gold as test alignments are needed")
    total = Counts()
    for gold, test in zip(gold_list, test_list, strict=True):
        total += count_document(gold, test)
    return scores_from_counts(total)


# ---------------------------------------------------------------------------------------
# Bible: merging test beads inside one verse

def read_verses(path: str | Path) -> list[str]:
    """One verse label per sentence line (e.g. ``Gen:1:2``)."""
    path = Path(path)
    try:
        return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    except (OSError, UnicodeDecodeError) as exc:
        raise FormatError(f"cannot read the verse file: {exc}", path=path) from exc


def _verse_of(ids: Sequence[int], verses: Sequence[str]) -> str | None:
    """The single verse of a bead side, 'NULL' for an empty side, None if it spans several."""
    if not ids:
        return "NULL"
    labels = {verses[i] for i in ids}
    return labels.pop() if len(labels) == 1 else None


def merge_by_verse(beads: Iterable[Bead | Pair], src_verses: Sequence[str],
                   tgt_verses: Sequence[str]) -> list[Pair]:
    """Merge runs of consecutive beads that lie within one verse (Bertalign's Bible scoring).

    A bead's verse is defined when each side lies in a single verse and both agree (an empty
    side agrees with anything); consecutive beads of the same defined verse are merged.
    """
    merged: list[tuple[list[int], list[int]]] = []
    last: str | None = None
    for src, tgt in _as_pairs(beads):
        if max(src, default=-1) >= len(src_verses) or max(tgt, default=-1) >= len(tgt_verses):
            raise FormatError("a bead refers to a sentence beyond the verse file",
                              hint="check that the verse files belong to these documents")
        s, t = _verse_of(src, src_verses), _verse_of(tgt, tgt_verses)
        if s is None or t is None:
            verse = None
        elif s == t or t == "NULL":
            verse = s
        elif s == "NULL":
            verse = t
        else:
            verse = None
        if last is not None and verse == last:
            merged[-1][0].extend(src)
            merged[-1][1].extend(tgt)
        else:
            merged.append((list(src), list(tgt)))
        last = verse
    return [(tuple(s), tuple(t)) for s, t in merged]


def swap_sides(beads: Iterable[Bead]) -> list[Bead]:
    """Exchange zh and en of every bead (the Bible gold is written en:zh)."""
    return [Bead(bead.en, bead.zh, bead.score) for bead in beads]


def read_alignment_dir(directory: str | Path, suffix: str = "") -> dict[str, list[Bead]]:
    """All alignment files of a directory by document name (suffix such as '.align' removed)."""
    directory = Path(directory)
    if not directory.is_dir():
        raise FormatError("not a directory of alignment files", path=directory)
    found = {}
    for path in sorted(directory.iterdir()):
        # NAME.sig beside an output holds its signature, not beads
        if (path.is_file() and not path.name.startswith(".") and path.name.endswith(suffix)
                and not path.name.endswith(".sig")):
            name = path.name[:-len(suffix)] if suffix else path.name
            found[name] = read_beads(path)
    return found
