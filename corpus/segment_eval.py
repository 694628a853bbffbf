"""Sentence-boundary scores of a splitter against gold sentence splits.

A gold document (one sentence per line, as in MAC-Dev) is joined into one paragraph —
Chinese with no separator, English with one space — to be split again. A boundary is the
character offset where a sentence starts (the first one excluded); predicted and gold
boundaries are compared as sets, micro-averaged over the documents. ``bench.segmentation``
reports these scores and a test holds the rules to them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

JOINERS = {"zh": "", "en": " "}

Spans = list[tuple[int, int]]
SpanFunction = Callable[[str], Spans]


@dataclass(frozen=True)
class GoldDocument:
    """One MAC-Dev document joined into a single paragraph, with its gold boundaries."""

    name: str
    text: str
    boundaries: frozenset[int]


@dataclass(frozen=True)
class BoundaryScores:
    """Micro-averaged boundary counts and scores."""

    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        """Share of predicted boundaries that are gold boundaries."""
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        """Share of gold boundaries that were predicted."""
        gold = self.true_positives + self.false_negatives
        return self.true_positives / gold if gold else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_gold(data_dir: Path, side: str) -> list[GoldDocument]:
    """The documents of ``data_dir/side`` ('zh' or 'en'), joined, with gold boundaries."""
    documents = []
    for path in sorted((data_dir / side).iterdir()):
        sentences = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        sentences = [s for s in sentences if s]
        joiner = JOINERS[side]
        starts, position = [], 0
        for sentence in sentences:
            starts.append(position)
            position += len(sentence) + len(joiner)
        documents.append(GoldDocument(path.name, joiner.join(sentences), frozenset(starts[1:])))
    return documents


def boundaries_of(spans: Iterable[tuple[int, int]]) -> set[int]:
    """Sentence starts of ``spans``, except the first one."""
    starts = sorted(start for start, _ in spans)
    return set(starts[1:])


def score(documents: list[GoldDocument], spans_of: SpanFunction) -> BoundaryScores:
    """Boundary scores of a splitter over ``documents``."""
    tp = fp = fn = 0
    for document in documents:
        predicted = boundaries_of(spans_of(document.text))
        tp += len(predicted & document.boundaries)
        fp += len(predicted - document.boundaries)
        fn += len(document.boundaries - predicted)
    return BoundaryScores(tp, fp, fn)
