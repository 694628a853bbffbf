"""zh–en evidence beyond the embedding cosine: numbers, names, dictionary overlap, length.

Each lexical *channel* turns a sentence into a set of keys that mean the same thing on both
sides of a translation:

* ``numbers``: canonical numeric values (:mod:`aligner.numerals`) — ``2025`` from 二〇二五
  and 2025, ``3.8`` from 百分之三点八 and 3.8%, ``38000`` from 3.8万 and 38,000.
* ``names``: Latin-script tokens written inside Chinese text (GDP, iPhone) and the pinyin of
  Chinese characters (郑念华 → zheng, nianhua, zhengnianhua...) matched against capitalised
  English tokens that are not common English words (Zheng Nianhua).
* ``dictionary``: English words of the CC-CEDICT glosses of the words found in the Chinese
  sentence, against the content words of the English sentence (both crudely stemmed).

Pinyin, the common-word test, CC-CEDICT and the stems come from :mod:`corpus.lexicon`, which
glossary bootstrap shares.

Keys of a channel are restricted to those that occur on both sides of the document pair,
so a key can only ever count as evidence for a match. A bead's channel value is the cosine
of its two sides' key counts; the aligner adds ``weight × value`` to the embedding cosine.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from aligner.numerals import en_numbers, zh_numbers
from corpus.lexicon import (
    GLOSS_STOPWORDS,
    gloss_stem,
    gloss_stems,
    is_common_english,
    longest_match,
    pinyin_syllables,
)

# ---------------------------------------------------------------------------------------
# weights


@dataclass(frozen=True)
class FeatureWeights:
    """Weights of the lexical channels, added to the cosine of a bead (see bench/RESULTS.md)."""

    numbers: float = 0.0
    names: float = 0.0
    dictionary: float = 0.0


# ---------------------------------------------------------------------------------------
# lengths


def length_units(sentences: Sequence[str], lang: str) -> np.ndarray:
    """Length of each sentence in characters other than white space (both languages)."""
    del lang  # the same measure for both sides; the aligner rescales by the document ratio
    # str.split() cuts at exactly the characters that str.isspace() accepts (checked by a
    # test over all of Unicode), and runs in C.
    return np.array([len("".join(text.split())) for text in sentences], dtype=np.float64)


# ---------------------------------------------------------------------------------------
# names

_LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9&\-]*[A-Za-z0-9]|[A-Za-z]")
_HAN = re.compile(r"[\u3400-\u9fff]+")
_EN_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\-]*")


def zh_name_keys(text: str, max_syllables: int = 3) -> set[str]:
    """Latin tokens (lowercased) and pinyin of every run of 1–3 Han characters."""
    keys = {token.lower() for token in _LATIN_TOKEN.findall(text) if len(token) >= 2}
    for run in _HAN.findall(text):
        syllables = pinyin_syllables(run)
        if len(syllables) != len(run):
            continue
        for size in range(1, max_syllables + 1):
            for start in range(0, len(syllables) - size + 1):
                keys.add("".join(syllables[start:start + size]))
    return keys


def en_name_keys(text: str) -> set[str]:
    """Capitalised or all-caps tokens that are not common English words, lowercased."""
    keys = set()
    for token in _EN_TOKEN.findall(text):
        token = token.strip("'-")
        if len(token) < 2 or not any(ch.isupper() for ch in token):
            continue
        for part in token.split("-"):
            word = part.lower().removesuffix("'s")
            if len(word) >= 2 and (part.isupper() or not is_common_english(word)):
                keys.add(word)
    return keys


# ---------------------------------------------------------------------------------------
# dictionary

def zh_gloss_keys(text: str) -> set[str]:
    """Stems of CC-CEDICT glosses of the words of a Chinese sentence (greedy longest match)."""
    glosses = gloss_stems()
    keys: set[str] = set()
    for run in _HAN.findall(unicodedata.normalize("NFKC", text)):
        for stems in longest_match(run, glosses):
            keys.update(stems.split(" "))
    return keys


def en_content_keys(text: str) -> set[str]:
    """Stems of the content words of an English sentence."""
    return {gloss_stem(word) for word in re.findall(r"[A-Za-z]+", text)
            if len(word) >= 3 and word.lower() not in GLOSS_STOPWORDS}


# ---------------------------------------------------------------------------------------
# channels over a document pair

USE_IDF = False
"""Weight keys by log(1 + n/df) over the en sentences of the document. Off: on MAC-Dev it
scored 0.8826 strict F1 (0.8789 with idf²) against 0.8830 for plain counts."""


def _shared(zh_keys: list[set[str]], en_keys: list[set[str]]
            ) -> tuple[list[set[str]], list[set[str]]]:
    """Keep only keys seen on both sides of the document pair."""
    common = set().union(*zh_keys) & set().union(*en_keys) if zh_keys and en_keys else set()
    return [k & common for k in zh_keys], [k & common for k in en_keys]


@dataclass
class _Channel:
    """One channel's keys, and per zh sentence the running count of keys shared with en."""

    zh_keys: list[frozenset[str]]
    en_keys: list[frozenset[str]]
    zh_count_prefix: np.ndarray
    en_count_prefix: np.ndarray
    first_en: np.ndarray  # per zh sentence p: first en sentence of its shared-count row
    shared_prefix: list[np.ndarray]  # per p: prefix sums over q of |keys(p) ∩ keys(q)|
    _cache: dict[tuple[int, int], tuple[int, np.ndarray]] = field(default_factory=dict)

    @classmethod
    def of(cls, zh_keys: list[set[str]], en_keys: list[set[str]], en_ranges: np.ndarray
           ) -> _Channel:
        """Build a channel; ``en_ranges[p]`` = (first, last) en sentence p may meet in a bead."""
        zh_keys, en_keys = _shared(zh_keys, en_keys)
        postings: dict[str, list[int]] = {}
        for q, keys in enumerate(en_keys):
            for key in keys:
                postings.setdefault(key, []).append(q)
        posting_arrays = {key: np.array(qs, dtype=np.int64) for key, qs in postings.items()}
        # Optional idf weighting (see USE_IDF); sums below are of squared entries.
        n_en = max(len(en_keys), 1)
        weight = {key: float(np.log(1.0 + n_en / len(qs)))
                  for key, qs in postings.items()} if USE_IDF else dict.fromkeys(postings, 1.0)
        zh_counts = np.array([sum(weight[k] for k in keys) for keys in zh_keys],
                             dtype=np.float64)
        en_counts = np.array([sum(weight[k] for k in keys) for keys in en_keys],
                             dtype=np.float64)
        shared_prefix = []
        for p, keys in enumerate(zh_keys):
            first, last = int(en_ranges[p][0]), int(en_ranges[p][1])
            size = max(0, last - first + 1) + 1
            if not keys:
                shared_prefix.append(np.zeros(size, dtype=np.float64))
                continue
            # One bincount over the postings of all of p's keys (key by key, so each bin
            # adds its weights in the same order as one np.add.at per key would).
            qs = np.concatenate([posting_arrays[key] for key in keys])
            inside = (qs >= first) & (qs <= last)
            key_weights = None
            if USE_IDF:
                key_weights = np.concatenate([np.full(len(posting_arrays[key]), weight[key])
                                              for key in keys])[inside]
            counts = np.bincount(qs[inside] - first + 1, weights=key_weights,
                                 minlength=size).astype(np.float64)
            shared_prefix.append(np.cumsum(counts))
        return cls([frozenset(k) for k in zh_keys], [frozenset(k) for k in en_keys],
                   np.concatenate([[0.0], np.cumsum(zh_counts)]),
                   np.concatenate([[0.0], np.cumsum(en_counts)]),
                   np.asarray(en_ranges, dtype=np.int64)[:, 0] if len(en_ranges) else
                   np.zeros(0, dtype=np.int64), shared_prefix)

    def _window_running(self, i0: int, a: int) -> tuple[int, np.ndarray]:
        """(start, r): r[x] = keys of zh[i0:i0+a] shared with en[start:start+x], summed.

        Every bead type with the same zh window reuses it, so it is kept in a small cache.
        """
        cached = self._cache.get((i0, a))
        if cached is not None:
            return cached
        window = range(i0, i0 + a)
        start = min(int(self.first_en[p]) for p in window)
        stop = max(int(self.first_en[p]) + len(self.shared_prefix[p]) for p in window)
        running = np.zeros(stop - start)
        for p in window:
            prefix = self.shared_prefix[p]
            offset = int(self.first_en[p]) - start
            running[offset:offset + len(prefix)] += prefix
            running[offset + len(prefix):] += prefix[-1]  # beyond p's range: its total
        if len(self._cache) > 64:
            self._cache.clear()
        self._cache[(i0, a)] = (start, running)
        return start, running

    def cosine(self, i0: int, a: int, j0s: np.ndarray, b: int) -> np.ndarray:
        """Cosine of key counts of zh[i0:i0+a] and en[j0:j0+b] for each j0."""
        nz = self.zh_count_prefix[i0 + a] - self.zh_count_prefix[i0]
        if nz == 0:
            return np.zeros(len(j0s))
        ne = self.en_count_prefix[j0s + b] - self.en_count_prefix[j0s]
        start, running = self._window_running(i0, a)
        top = len(running) - 1
        # np.minimum/maximum: np.clip costs ten times more on these short arrays.
        lo = np.minimum(np.maximum(j0s - start, 0), top)
        hi = np.minimum(np.maximum(j0s + b - start, 0), top)
        dot = running[hi] - running[lo]
        cosines: np.ndarray = dot / np.sqrt(nz * np.maximum(ne, 1.0))
        return cosines


@dataclass
class LexicalChannels:
    """The lexical channels of one document pair, ready to score beads."""

    numbers: _Channel
    names: _Channel
    dictionary: _Channel

    def bead_bonus(self, i0: int, a: int, j0s: np.ndarray, b: int,
                   weights: FeatureWeights) -> np.ndarray:
        """Σ weight × channel cosine, for beads zh[i0:i0+a] ↔ en[j0:j0+b], one per j0."""
        bonus = np.zeros(len(j0s))
        for weight, channel in ((weights.numbers, self.numbers), (weights.names, self.names),
                                (weights.dictionary, self.dictionary)):
            if weight:
                bonus += weight * channel.cosine(i0, a, j0s, b)
        return bonus


def preload_tables(weights: FeatureWeights) -> None:
    """Load now the tables that the channels with a non-zero weight read on first use
    (so that processes forked afterwards share them instead of each loading its own)."""
    if weights.names:
        zh_name_keys("中文")  # imports pypinyin and reads its dictionaries
        is_common_english("the")  # reads wordfreq's common words (from the cache)
    if weights.dictionary:
        gloss_stems()


def _empty(n: int) -> list[set[str]]:
    return [set() for _ in range(n)]


@functools.lru_cache(maxsize=200_000)
def _sentence_keys(keys_of: Callable[[str], set[str]], text: str) -> frozenset[str]:
    """A sentence's keys, remembered: re-aligning around each correction in the review UI
    scores the same neighbourhood again and again (pinyin of names is the costly part)."""
    return frozenset(keys_of(text))


def learned_gloss_keys(text: str, glosses: Sequence[tuple[str, str]]) -> set[str]:
    """The en stems of the learnt entries (zh string, en stem) whose zh string is in the text."""
    text = unicodedata.normalize("NFKC", text)
    return {stem for unit, stem in glosses if unit in text}


def build_channels(zh: Sequence[str], en: Sequence[str], en_ranges: np.ndarray,
                   weights: FeatureWeights | None = None,
                   learned_glosses: Sequence[tuple[str, str]] = ()) -> LexicalChannels:
    """Keys of every channel with a non-zero weight; ``en_ranges[p]`` bounds zh p's partners.

    ``learned_glosses`` (zh string, en stem) are dictionary entries beyond CC-CEDICT, learnt
    from reviewed beads of this pair: a zh sentence holding the string also gets the stem as a
    dictionary key."""
    weights = weights or FeatureWeights(1.0, 1.0, 1.0)

    def keys(fn: Callable[[str], set[str]], texts: Sequence[str]) -> list[set[str]]:
        return [set(_sentence_keys(fn, t)) for t in texts]

    def channel(active: float, zh_keys: Callable[[], list[set[str]]],
                en_keys: Callable[[], list[set[str]]]) -> _Channel:
        if not active:
            return _Channel.of(_empty(len(zh)), _empty(len(en)), en_ranges)
        return _Channel.of(zh_keys(), en_keys(), en_ranges)

    def zh_dictionary() -> list[set[str]]:
        found = keys(zh_gloss_keys, zh)
        if learned_glosses:
            for sentence_keys, text in zip(found, zh, strict=True):
                sentence_keys |= learned_gloss_keys(text, learned_glosses)
        return found

    return LexicalChannels(
        numbers=channel(weights.numbers, lambda: keys(zh_numbers, zh),
                        lambda: keys(en_numbers, en)),
        names=channel(weights.names, lambda: keys(zh_name_keys, zh),
                      lambda: keys(en_name_keys, en)),
        dictionary=channel(weights.dictionary, zh_dictionary,
                           lambda: keys(en_content_keys, en)),
    )
