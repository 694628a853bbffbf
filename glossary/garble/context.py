"""Which word fits *here*: a bigram model of English, from the data symspellpy ships.

A learned rule says that, in some documents, fragment ``g`` stands for ``x``. Whether one
token is such damage is, for a short token or one that is itself a word, a question about
its place in the sentence: "be x to" is "be able to", "in rant years" is "in recent years",
but "a rant about" stays. Word frequencies cannot answer it; word pairs can. The symspellpy
wheel holds 243,342 English word pairs with their counts (and 82,765 words): that list, not
a hand-written one, is the model. Nothing is downloaded.

Two words ``w`` for one slot between ``prev`` and ``next`` compare by
``P(prev w) P(w next) / P(w)`` (a bigram chain), so the context part of the comparison is a
product of *associations* ``P(a b) / (P(a) P(b))``. A pair the list lacks is no evidence
when it would be rare anyway, but a pair that would be frequent were the two words
independent and is still missing (the list keeps every pair above a count) is evidence
against it: its association is at most ``floor / expected``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from glossary.garble.lexicon import Lexicon, english_lexicon
from glossary.garble.tokens import WordToken, iter_words

BIGRAM_FILE = "frequency_bigramdictionary_en_243_342.txt"
UNIGRAM_FILE = "frequency_dictionary_en_82_765.txt"
MAX_LOG_ASSOCIATION = 3.0
"""An association is capped at 10**3 either way: one pair cannot outweigh everything else."""
SCALE_QUANTILE = 0.9
"""Where the pair counts of a frequent word are taken to cover all of its uses (see below)."""


@dataclass(frozen=True, eq=False)
class ContextModel:
    """English word pairs with counts, and the unigram frequencies they are compared to."""

    pairs: dict[tuple[str, str], int]
    unigrams: dict[str, int]
    """The word counts of the same source (only used to put pair counts on their scale)."""
    pair_total: float
    """Pair count that corresponds to probability 1 (pair counts / pair_total = P(a b))."""
    floor: int
    """The smallest count listed: every pair seen more often is in the list."""
    lexicon: Lexicon

    def probability(self, word: str) -> float:
        """Unigram probability of a lowercase word (wordfreq; 1e-9 when unknown)."""
        zipf = self.lexicon.zipf_of(word)
        return 10.0 ** (zipf - 9.0) if zipf > 0 else 1e-9

    def log_association(self, first: str, second: str) -> float:
        """log10 of P(first second) / (P(first) P(second)): positive when the pair is usual."""
        expected = self.pair_total * self.probability(first) * self.probability(second)
        count = self.pairs.get((first, second))
        if count is None:
            if first not in self.unigrams or second not in self.unigrams:
                return 0.0  # a word the list does not know: no pair of it could be listed
            # Missing: seen fewer than ``floor`` times; evidence only when more were due.
            value = min(0.0, math.log10(self.floor / expected))
        else:
            value = math.log10(count / expected)
        return max(-MAX_LOG_ASSOCIATION, min(MAX_LOG_ASSOCIATION, value))

    def context_log_ratio(self, left: str | None, right: str | None, candidate: str,
                          current: str) -> float:
        """log10 of how much better ``candidate`` than ``current`` fits between ``left`` and
        ``right`` (either may be None: no word there), word frequencies left out."""
        score = 0.0
        if left is not None:
            score += (self.log_association(left, candidate)
                      - self.log_association(left, current))
        if right is not None:
            score += (self.log_association(candidate, right)
                      - self.log_association(current, right))
        return score


def words_in_context(line: str) -> Iterator[tuple[WordToken, str | None, str | None]]:
    """Each word of ``line`` with the words right before and after it, lowercase, when only
    spaces separate them (a comma or a full stop ends the pair); one pass, constant memory
    (a 50 MB line is not held as a list of words)."""
    words = iter_words(line)
    previous: WordToken | None = None
    current = next(words, None)
    while current is not None:
        following = next(words, None)
        yield current, _joined(line, previous, current), _joined(line, current, following,
                                                                  after=True)
        previous, current = current, following


def _joined(line: str, first: WordToken | None, second: WordToken | None,
            after: bool = False) -> str | None:
    """The neighbour word (``first``, or ``second`` when ``after``) when only spaces lie
    between the two, lowercase."""
    if first is None or second is None:
        return None
    gap = line[first.end:second.start]
    if not gap or gap.strip(" "):
        return None
    return (second if after else first).text.lower()


def _read_counts(name: str) -> list[tuple[list[str], int]]:
    """Rows ``words... count`` of a data file inside the installed symspellpy wheel."""
    from importlib.metadata import distribution  # noqa: PLC0415 - only the checker needs it

    # Located through the distribution, not imported: the package itself is not used.
    path = Path(str(distribution("symspellpy").locate_file(f"symspellpy/{name}")))
    rows: list[tuple[list[str], int]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[-1].isdigit():
            rows.append((parts[:-1], int(parts[-1])))
    return rows


@cache
def english_context() -> ContextModel:
    """The bigram model (loaded once per process, well under a second)."""
    lexicon = english_lexicon()
    unigrams = {words[0]: count for words, count in _read_counts(UNIGRAM_FILE)
                if len(words) == 1}
    pairs: dict[tuple[str, str], int] = {}
    following: dict[str, int] = {}
    for words, count in _read_counts(BIGRAM_FILE):
        if len(words) != 2:
            continue
        first, second = words
        pairs[(first, second)] = count
        following[first] = following.get(first, 0) + count
    # Pair counts come on their own scale. For a frequent word the listed pairs starting
    # with it cover nearly all of its uses, so sum(count of "w ·") / P(w) is the pair total;
    # coverage is never complete, so a high quantile over the frequent words estimates it.
    ratios = sorted(total / (10.0 ** (lexicon.zipf_of(word) - 9.0))
                    for word, total in following.items() if lexicon.zipf_of(word) >= 5.0)
    pair_total = ratios[int(SCALE_QUANTILE * (len(ratios) - 1))]
    return ContextModel(pairs=pairs, unigrams=unigrams, pair_total=pair_total,
                        floor=min(pairs.values()), lexicon=lexicon)
