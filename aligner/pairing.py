"""Document pairing across a collection: which Chinese document goes with which English one.

Every article sentence of every candidate document is embedded once. Each sentence then
looks for its best counterpart in the *whole collection* on the other side, by ratio margin
(``aligner.comparable``); if that margin clears the confidence threshold, the sentence
casts a vote for the document holding its counterpart. The score of a document pair is its
**vote share**: the share of the two documents' sentences whose best, confident counterpart
lies in the other document (0 … 1). A translation pair scores near 1; unrelated documents
near 0, because their sentences find better counterparts elsewhere or none at all.

An optimal one-to-one assignment (Hungarian method, ``scipy.optimize.linear_sum_assignment``)
maximises the total vote share, with cheap evidence (shared numbers and names, from
``aligner.features``) as a small tie-breaker between documents on the same subject. Each
assigned pair is then classified, so that documents without a counterpart stay unpaired:

* ``parallel``: vote share >= 0.5 — most sentences of both documents have their best
  translation in the other one.
* ``comparable``: vote share below 0.5, but the votes between the two documents are far
  more than chance allows. The null hypothesis is "votes land on the documents of the other
  side in proportion to their size"; a one-sided binomial test must reject it at ``alpha``
  after a Bonferroni correction over all candidate pairs. The test counts distinct sentence
  links (a mutual best match votes twice but is one observation). Such pairs (two articles
  on the same event) get their sentence pairs mined, not aligned monotonically.
* otherwise the two documents stay unpaired.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from aligner.comparable import DEFAULT_K, DEFAULT_MINING_THRESHOLD, best_matches
from aligner.features import en_name_keys, zh_name_keys
from aligner.numerals import en_numbers, zh_numbers
from corpus.signature import Signature

PAIRING_VERSION = "1"
# A parallel pair is one where the majority of the sentences vote for each other.
PARALLEL_SHARE = 0.5
# Family-wise error rate of the "comparable" test, Bonferroni-corrected over all pairs.
COMPARABLE_ALPHA = 0.01
# Fewer shared votes than this is an anecdote, not a comparable pair, whatever the test says.
COMPARABLE_MIN_VOTES = 3
# Weight of the shared-token evidence in the assignment: small, it only breaks near-ties.
EVIDENCE_WEIGHT = 0.1



@dataclass(frozen=True)
class PairingConfig:
    """Parameters of document pairing (they go into the signature)."""

    k: int = DEFAULT_K
    """Neighbours on each side for the ratio margin."""
    vote_threshold: float = DEFAULT_MINING_THRESHOLD
    """Margin a sentence's best counterpart needs for the sentence to vote."""
    parallel_share: float = PARALLEL_SHARE
    """Vote share from which a pair is parallel."""
    alpha: float = COMPARABLE_ALPHA
    """Family-wise significance level of the comparable test."""
    min_votes: int = COMPARABLE_MIN_VOTES
    """Minimum distinct sentence links of a comparable pair."""
    evidence_weight: float = EVIDENCE_WEIGHT
    """Weight of shared numbers / Latin tokens in the assignment (not in the thresholds)."""

    def describe(self) -> str:
        """Parameters as they appear in a signature."""
        return str(Signature()
                   .param("pairing", PAIRING_VERSION).param("k", self.k)
                   .param("vote_margin", f"{self.vote_threshold:g}")
                   .param("parallel_share", f"{self.parallel_share:g}")
                   .param("alpha", f"{self.alpha:g}").param("min_votes", self.min_votes)
                   .param("evidence", f"{self.evidence_weight:g}"))

    def signature(self, encoder_signature: str) -> str:
        """The signature of a pairing: these parameters and the encoder's signature."""
        return str(Signature().part(self.describe()).nested("encoder", encoder_signature))


@dataclass
class CandidateDocument:
    """A document taking part in pairing: its article sentences and their embeddings."""

    key: int
    """The caller's identifier (the project uses ``documents.id``)."""
    name: str
    texts: list[str]
    vectors: np.ndarray
    """float32 (len(texts), d), unit-length rows."""


@dataclass(frozen=True)
class DocumentPair:
    """An assigned pair of documents and the evidence for it."""

    zh: int
    """Index into the zh candidate list."""
    en: int
    """Index into the en candidate list."""
    mode: str
    """'parallel' or 'comparable'."""
    share: float
    """Vote share in [0, 1]: the pair's score."""
    votes: int
    """Sentences of either document whose best confident counterpart is in the other."""
    p_value: float
    """Binomial p-value of the votes under the 'unrelated' null (1.0 when not testable)."""
    evidence: float
    """Share of the en document's numbers and names the zh one also has (``anchor_overlap``)."""


@dataclass(frozen=True)
class UnpairedDocument:
    """A document left without a counterpart, with its best candidate for the report."""

    index: int
    best_other: int | None
    best_share: float
    reason: str


@dataclass
class PairingResult:
    """The outcome of ``pair_documents``."""

    pairs: list[DocumentPair]
    unpaired_zh: list[UnpairedDocument]
    unpaired_en: list[UnpairedDocument]
    share: np.ndarray
    """The full (n_zh, n_en) vote-share matrix."""
    signature: str
    config: PairingConfig = field(default_factory=PairingConfig)


def zh_anchor_keys(texts: Sequence[str]) -> set[str]:
    """Numbers and name keys (Latin tokens, pinyin of short Han runs) of a Chinese document."""
    keys: set[str] = set()
    for text in texts:
        keys |= {f"#{n}" for n in zh_numbers(text)} | zh_name_keys(text)
    return keys


def en_anchor_keys(texts: Sequence[str]) -> set[str]:
    """Numbers and uncommon capitalised words (names) of an English document."""
    keys: set[str] = set()
    for text in texts:
        keys |= {f"#{n}" for n in en_numbers(text)} | en_name_keys(text)
    return keys


def anchor_overlap(zh_keys: set[str], en_keys: set[str]) -> float:
    """Share of the English document's numbers and names that the Chinese one also has.

    Measured from the English side: the Chinese keys include the pinyin of every short run of
    characters, so they are many and mostly noise, while the English keys are few and specific.
    """
    if not en_keys:
        return 0.0
    return len(en_keys & zh_keys) / len(en_keys)


def _binomial_sf(successes: int, trials: int, p0: float) -> float:
    """P(X >= successes) for X ~ Binomial(trials, p0)."""
    if successes <= 0:
        return 1.0
    if p0 >= 1.0:
        return 1.0
    # scipy is a declared dependency; imported here to keep `import aligner` light.
    from scipy.stats import binom
    return float(binom.sf(successes - 1, trials, p0))


def _vote_counts(zh_docs: Sequence[CandidateDocument], en_docs: Sequence[CandidateDocument],
                 config: PairingConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Votes zh→en and en→zh per document pair (rows: zh documents, columns: en documents),
    and the number of distinct sentence links behind them (a mutual best match is two votes
    but one link)."""
    zh_of_row = np.concatenate([np.full(len(d.texts), i) for i, d in enumerate(zh_docs)])
    en_of_row = np.concatenate([np.full(len(d.texts), j) for j, d in enumerate(en_docs)])
    zh_vectors = np.concatenate([d.vectors for d in zh_docs]).astype(np.float32, copy=False)
    en_vectors = np.concatenate([d.vectors for d in en_docs]).astype(np.float32, copy=False)
    best = best_matches(zh_vectors, en_vectors, config.k)
    n_zh, n_en = len(zh_docs), len(en_docs)
    votes_from_zh = np.zeros((n_zh, n_en), dtype=np.int64)
    votes_from_en = np.zeros((n_zh, n_en), dtype=np.int64)
    links = np.zeros((n_zh, n_en), dtype=np.int64)
    zh_rows = np.flatnonzero(best.zh_margin >= config.vote_threshold)
    en_rows = np.flatnonzero(best.en_margin >= config.vote_threshold)
    np.add.at(votes_from_zh, (zh_of_row[zh_rows], en_of_row[best.zh_best[zh_rows]]), 1)
    np.add.at(votes_from_en, (zh_of_row[best.en_best[en_rows]], en_of_row[en_rows]), 1)
    pairs = np.unique(np.concatenate([
        np.stack([zh_rows, best.zh_best[zh_rows]], axis=1),
        np.stack([best.en_best[en_rows], en_rows], axis=1)]).reshape(-1, 2), axis=0)
    np.add.at(links, (zh_of_row[pairs[:, 0]], en_of_row[pairs[:, 1]]), 1)
    return votes_from_zh, votes_from_en, links


def pair_documents(zh_docs: Sequence[CandidateDocument], en_docs: Sequence[CandidateDocument],
                   config: PairingConfig | None = None,
                   encoder_signature: str = "") -> PairingResult:
    """Pair zh and en documents one-to-one; see the module docstring for the method."""
    config = config or PairingConfig()
    signature = config.signature(encoder_signature)
    n_zh, n_en = len(zh_docs), len(en_docs)
    if n_zh == 0 or n_en == 0:
        return PairingResult([], [UnpairedDocument(i, None, 0.0, "no counterpart language")
                                  for i in range(n_zh)],
                             [UnpairedDocument(j, None, 0.0, "no counterpart language")
                              for j in range(n_en)], np.zeros((n_zh, n_en)), signature, config)
    votes_from_zh, votes_from_en, links = _vote_counts(zh_docs, en_docs, config)
    size_zh = np.array([len(d.texts) for d in zh_docs], dtype=np.float64)
    size_en = np.array([len(d.texts) for d in en_docs], dtype=np.float64)
    share = (votes_from_zh + votes_from_en) / (size_zh[:, None] + size_en[None, :])
    zh_keys = [zh_anchor_keys(d.texts) for d in zh_docs]
    en_keys = [en_anchor_keys(d.texts) for d in en_docs]
    evidence = np.array([[anchor_overlap(z, e) for e in en_keys] for z in zh_keys])

    # scipy is a declared dependency; imported here to keep `import aligner` light.
    from scipy.optimize import linear_sum_assignment
    rows, cols = linear_sum_assignment(share + config.evidence_weight * evidence, maximize=True)

    tests = n_zh * n_en
    links_of_zh = links.sum(axis=1)
    links_of_en = links.sum(axis=0)
    pairs: list[DocumentPair] = []
    paired_zh: set[int] = set()
    paired_en: set[int] = set()
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        votes = int(votes_from_zh[i, j] + votes_from_en[i, j])
        # Null: sentence links land on the documents of the other side in proportion to
        # their size. Test 1 takes every link of zh doc i and asks how many go to en doc j;
        # test 2 the same from en doc j. A side with a single document gives p0 = 1 (no
        # information). Two tests: Bonferroni factor 2. Links, not votes: a mutual best
        # match casts two votes but is one observation.
        linked = int(links[i, j])
        p_zh = _binomial_sf(linked, int(links_of_zh[i]), size_en[j] / size_en.sum())
        p_en = _binomial_sf(linked, int(links_of_en[j]), size_zh[i] / size_zh.sum())
        p_value = min(1.0, 2.0 * min(p_zh, p_en))
        if share[i, j] >= config.parallel_share:
            mode = "parallel"
        elif linked >= config.min_votes and p_value < config.alpha / tests:
            mode = "comparable"
        else:
            continue
        pairs.append(DocumentPair(i, j, mode, float(share[i, j]), votes, p_value,
                                  float(evidence[i, j])))
        paired_zh.add(i)
        paired_en.add(j)

    def unpaired(index: int, row: np.ndarray, taken: set[int]) -> UnpairedDocument:
        best = int(row.argmax())
        best_share = float(row[best])
        if best_share == 0.0:
            reason = "no sentence has a confident counterpart in any document"
        elif best in taken:
            reason = "its best candidate is paired with a better-matching document"
        else:
            reason = "votes for its best candidate are within chance"
        return UnpairedDocument(index, best if best_share > 0 else None, best_share, reason)

    unpaired_zh = [unpaired(i, share[i], paired_en) for i in range(n_zh) if i not in paired_zh]
    unpaired_en = [unpaired(j, share[:, j], paired_zh) for j in range(n_en)
                   if j not in paired_en]
    pairs.sort(key=lambda p: (p.zh, p.en))
    return PairingResult(pairs, unpaired_zh, unpaired_en, share, signature, config)
