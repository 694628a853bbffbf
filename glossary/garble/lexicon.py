"""The English lexicon every garble check consults: word frequencies from ``wordfreq``.

A token is *out of vocabulary* when wordfreq has (almost) never seen it, and a repair is
only proposed when it produces a *frequent* word: a real frequency list, not a hand list,
decides both.
"""

from __future__ import annotations

import bisect
import math
import unicodedata
from dataclasses import dataclass
from functools import cache

# Zipf 2.0 is about once per 100 million words: below that a lowercase alphabetic token is
# treated as not English (pformation 0.0, pfer 0.0; rare real words sit around 2-3).
OOV_ZIPF = 2.0
# A repair must produce a word at least this common (zipf 3 ≈ once per million words).
FREQUENT_ZIPF = 3.0
# A letter trigram found in at most this many English word types marks a token as ill-formed.
ILL_FORMED_MAX = 2


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Frequent alphabetic English words, with sorted views for prefix/suffix range lookups."""

    zipf: dict[str, float]
    forward: tuple[str, ...]
    """Frequent words (zipf >= FREQUENT_ZIPF), sorted."""
    backward: tuple[str, ...]
    """The same words reversed, sorted (suffix lookups)."""

    def zipf_of(self, word: str) -> float:
        """Zipf frequency of a lowercase word (0.0 when unknown)."""
        return self.zipf.get(word, 0.0)

    def is_oov(self, word: str) -> bool:
        """True when the lowercase ``word`` is not an English word."""
        return self.zipf.get(word, 0.0) < OOV_ZIPF

    def is_frequent(self, word: str) -> bool:
        """True when the lowercase ``word`` is common enough to be proposed as a repair."""
        return self.zipf.get(word, 0.0) >= FREQUENT_ZIPF

    def fragment_rate(self, fragment: str) -> float:
        """Share of English running words that contain ``fragment`` (from frequent words)."""
        return _fragment_rate(self, fragment)

    def is_ill_formed(self, word: str) -> bool:
        """True when ``word`` has a letter trigram (edges marked) that almost no word has."""
        marked = f"^{word.lower()}$"
        counts = _edge_trigrams(self)
        return any(counts.get(marked[i:i + 3], 0) <= ILL_FORMED_MAX
                   for i in range(len(marked) - 2))

    def fragment_pair_rate(self, fragment: str, other: str) -> float:
        """Share of English running words that contain both fragments."""
        return _fragment_pair_rate(self, fragment, other)

    def with_prefix(self, prefix: str) -> list[str]:
        """Frequent words starting with ``prefix``."""
        lo = bisect.bisect_left(self.forward, prefix)
        hi = bisect.bisect_left(self.forward, prefix + "\U0010ffff")
        return list(self.forward[lo:hi])

    def with_suffix(self, suffix: str) -> list[str]:
        """Frequent words ending with ``suffix``."""
        rev = suffix[::-1]
        lo = bisect.bisect_left(self.backward, rev)
        hi = bisect.bisect_left(self.backward, rev + "\U0010ffff")
        return [w[::-1] for w in self.backward[lo:hi]]


@cache
def _edge_trigrams(lexicon: Lexicon) -> dict[str, int]:
    counts: dict[str, int] = {}
    for word, zipf in lexicon.zipf.items():
        if zipf >= 2.5:
            marked = f"^{word}$"
            for i in range(len(marked) - 2):
                counts[marked[i:i + 3]] = counts.get(marked[i:i + 3], 0) + 1
    return counts


@cache
def _fragment_rate(lexicon: Lexicon, fragment: str) -> float:
    # float ** float is typed Any (a negative base gives a complex); these bases are 10.
    rate: float = sum(10.0 ** (lexicon.zipf[w] - 9.0) for w in lexicon.forward if fragment in w)
    return rate


@cache
def _fragment_pair_rate(lexicon: Lexicon, fragment: str, other: str) -> float:
    rate: float = sum(10.0 ** (lexicon.zipf[w] - 9.0) for w in lexicon.forward
                      if fragment in w and other in w)
    return rate


@cache
def english_lexicon() -> Lexicon:
    """The wordfreq English list (loaded once per process, about a second)."""
    import wordfreq  # noqa: PLC0415 - loading the list costs a second; only checkers need it

    freqs = wordfreq.get_frequency_dict("en")
    zipf: dict[str, float] = {}
    for word, freq in freqs.items():
        if freq <= 0 or not word.isascii() or not word.isalpha():
            continue
        zipf[word] = round(math.log10(freq) + 9.0, 2)
    frequent = sorted(w for w, z in zipf.items() if z >= FREQUENT_ZIPF and len(w) >= 2)
    return Lexicon(zipf=zipf, forward=tuple(frequent),
                   backward=tuple(sorted(w[::-1] for w in frequent)))


def _strip_tone(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ü", "v")


@cache
def pinyin_syllables() -> frozenset[str]:
    """Every toneless Hanyu Pinyin syllable known to pypinyin (names like Humen, Shaxi)."""
    from pypinyin.pinyin_dict import pinyin_dict  # noqa: PLC0415 - big table, checkers only

    syllables: set[str] = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            plain = _strip_tone(reading.strip())
            if plain.isascii() and plain.isalpha():
                syllables.add(plain)
    # ng/m/hm/n are interjection readings that would make almost anything "pinyin".
    return frozenset(s for s in syllables if s not in {"ng", "m", "hm", "n", "hng", "r"})


@cache
def is_pinyin_name(word: str) -> bool:
    """True when ``word`` (any case) splits wholly into Pinyin syllables: a Chinese name."""
    text = word.lower()
    syllables = pinyin_syllables()
    reachable = [True] + [False] * len(text)
    for end in range(1, len(text) + 1):
        for start in range(max(0, end - 6), end):
            if reachable[start] and text[start:end] in syllables:
                reachable[end] = True
                break
    return reachable[len(text)]
