"""Pairing two documents by hand: rank the candidates, then align or mine the chosen pair.

The work is the same as in ``bitextual align`` (:mod:`aligner.project`), for one pair:

* a **parallel** pair gets a monotone sentence alignment of all its sentences;
* a **comparable** pair gets margin-mined 1-1 links, the margin measured against the whole
  collection's neighbourhoods exactly as ``bitextual align`` measures it.

The slow part (embedding, through the project's cache, and aligning) runs first; the pair,
its beads and the decision are then written in one transaction by
:func:`corpus.doc_pairs.add_pair`, so one undo removes the pair with its beads.

Candidates for a document are ranked by the pairing score of :mod:`aligner.pairing`: the vote
share of the two documents' sentences whose best confident counterpart in the whole
collection lies in the other document.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aligner.align import AlignConfig
from aligner.comparable import DEFAULT_MINING_THRESHOLD, mine_sentence_pairs, neighbourhood_means
from aligner.embed import Encoder
from aligner.pairing import CandidateDocument, PairingConfig, pair_documents
from aligner.project import (
    ALIGNING,
    ProjectProgress,
    _align_parallel,
    _KeptBead,
    _load_documents,
    _order_key,
    embed_documents,
    mining_signature,
    pair_signature,
)
from corpus import doc_pairs
from corpus.doc_pairs import PairAdded, PlannedBead
from corpus.errors import ReviewError
from corpus.signature import Signature
from corpus.store import Project


@dataclass(frozen=True)
class PartnerCandidate:
    """A possible partner of a document, with its pairing score."""

    name: str
    lang: str
    score: float
    """Vote share in [0, 1] (see aligner.pairing)."""
    mode: str
    """What the pairing makes of the two: 'parallel' (share from the parallel threshold up),
    'comparable' (the pairing assigned them to each other as comparable: far more links than
    chance) or 'unrelated' (votes within chance, or each has a better partner)."""
    paired_with: str | None
    """The document it is paired with now, if any."""


def pair_candidates(project: Project, name: str, encoder: Encoder,
                    config: PairingConfig | None = None,
                    progress: ProjectProgress | None = None) -> list[PartnerCandidate]:
    """Documents of the other language ranked by their pairing score with ``name``."""
    config = config or PairingConfig()
    target = doc_pairs.find_document(project, name)
    if target.lang not in ("zh", "en"):
        raise ReviewError(f"{name!r} is neither Chinese nor English (language {target.lang})",
                          hint="re-add it with --lang zh or --lang en")
    documents = _load_documents(project, [])
    if target.id not in documents:
        raise ReviewError(f"{name!r} has no article text to pair",
                          hint="restore lines with 'bitextual restore'")
    zh_docs = [d for d in documents.values() if d.lang == "zh"]
    en_docs = [d for d in documents.values() if d.lang == "en"]
    if not zh_docs or not en_docs:
        return []
    vectors = embed_documents(project, encoder, zh_docs + en_docs, progress)
    result = pair_documents([CandidateDocument(d.id, d.name, d.texts, vectors[d.id])
                             for d in zh_docs],
                            [CandidateDocument(d.id, d.name, d.texts, vectors[d.id])
                             for d in en_docs], config)
    comparable = {(zh_docs[p.zh].id, en_docs[p.en].id) for p in result.pairs
                  if p.mode == "comparable"}
    if target.lang == "zh":
        row = result.share[[d.id for d in zh_docs].index(target.id)]
        others = en_docs
    else:
        row = result.share[:, [d.id for d in en_docs].index(target.id)]
        others = zh_docs
    candidates = []
    for doc, share in zip(others, row.tolist(), strict=True):
        held = doc_pairs.pair_of_document(project, doc.id)
        key = (target.id, doc.id) if target.lang == "zh" else (doc.id, target.id)
        mode = ("parallel" if share >= config.parallel_share
                else "comparable" if key in comparable else "unrelated")
        candidates.append(PartnerCandidate(doc.name, doc.lang, float(share), mode,
                                           held[1] if held else None))
    return sorted(candidates, key=lambda c: (-c.score, c.name))


def pair_and_align(project: Project, zh_name: str, en_name: str, mode: str, encoder: Encoder,
                   progress: ProjectProgress | None = None,
                   align_config: AlignConfig | None = None,
                   pairing_config: PairingConfig | None = None,
                   mining_threshold: float = DEFAULT_MINING_THRESHOLD) -> PairAdded:
    """Pair two documents as ``mode`` and store their beads; one undoable decision.

    Holds the project's writer lock while it runs, as ``bitextual align`` does."""
    with project.exclusive("pair"):
        return _pair_and_align(project, zh_name, en_name, mode, encoder, progress,
                               align_config or AlignConfig(), pairing_config or PairingConfig(),
                               mining_threshold)


def _pair_and_align(project: Project, zh_name: str, en_name: str, mode: str, encoder: Encoder,
                    progress: ProjectProgress | None, align_config: AlignConfig,
                    pairing_config: PairingConfig, mining_threshold: float) -> PairAdded:
    zh_ref, en_ref = doc_pairs.check_pairable(project, zh_name, en_name, mode)
    documents = _load_documents(project, [])
    zh, en = documents[zh_ref.id], documents[en_ref.id]
    # mining measures margins against the whole collection, as 'bitextual align' does
    involved = ([zh, en] if mode == "parallel"
                else [d for d in documents.values() if d.lang in ("zh", "en")])
    vectors = embed_documents(project, encoder, involved, progress)
    if progress is not None:
        progress(ALIGNING, 0, 1)
    planned: list[PlannedBead] = []
    if mode == "parallel":
        sequence = _align_parallel(zh, en, [], vectors, align_config)
        for item in sequence:
            if isinstance(item, _KeptBead):   # no kept beads in a new pair
                continue
            z, e, score, origin = item
            planned.append(PlannedBead(tuple(zh.segment_ids[i] for i in z),
                                       tuple(en.segment_ids[j] for j in e),
                                       float(score), origin))
    else:
        zh_group = [d for d in involved if d.lang == "zh"]
        en_group = [d for d in involved if d.lang == "en"]
        zh_means, en_means = neighbourhood_means(
            np.concatenate([vectors[d.id] for d in zh_group]),
            np.concatenate([vectors[d.id] for d in en_group]), pairing_config.k)
        zh_start = sum(len(d.texts) for d in zh_group[:zh_group.index(zh)])
        en_start = sum(len(d.texts) for d in en_group[:en_group.index(en)])
        mined = mine_sentence_pairs(vectors[zh.id], vectors[en.id],
                                    zh_means[zh_start:zh_start + len(zh.texts)],
                                    en_means[en_start:en_start + len(en.texts)],
                                    mining_threshold)
        ordered = sorted(mined, key=lambda p: _order_key([p.zh_index], [p.en_index],
                                                         len(zh.texts), len(en.texts)))
        planned = [PlannedBead((zh.segment_ids[p.zh_index],), (en.segment_ids[p.en_index],),
                               max(0.0, min(1.0, p.cosine)), "mined") for p in ordered]
    signature = pair_signature(mode, str(Signature().nested("encoder", encoder.signature)),
                               align_config, mining_signature(pairing_config, mining_threshold))
    added = doc_pairs.add_pair(project, zh_ref, en_ref, mode, planned, signature)
    if progress is not None:
        progress(ALIGNING, 1, 1)
    return added

