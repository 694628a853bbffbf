"""Systematic substitution garbles, learned from the corpus itself.

Some machine translation output replaces one fragment of every word that contains it
("trans" became "p": pformation, pfer). Nothing here knows which fragment: for every
out-of-vocabulary token we enumerate the single-substring edits ``g -> x`` that turn it into
a frequent English word, then keep the edits that recur across *different* words (types,
not tokens). A real garble also leaves a second trace: the original fragment ``x`` no
longer occurs intact in the documents it damaged ("trans" appears in no word of the
garbled article), while a chance edit such as ``p -> in`` meets hundreds of intact words
("industry", "information"). Rules are scored on both and compete for the tokens they
explain, so each garbled type is credited to one rule.

The confidence of a rule is a logistic of summed evidence (see ``_confidence``): how many
word *families* it repairs, whether the damaged words are ill-formed English, whether the
fragment is missing from the damaged documents although it was due there, how common the
repaired words are, and whether a rival explains the same words differently.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from glossary.finding import SAFE_CONFIDENCE
from glossary.garble.lexicon import FREQUENT_ZIPF, Lexicon, english_lexicon, is_pinyin_name
from glossary.garble.tokens import iter_words, match_case

MAX_GARBLED = 4
MAX_WORD_LETTERS = 45
"""A run of more letters is no damaged English word (the longest in dictionaries have 45,
and a damaged one is at most a few letters longer): it is not searched for repairs, which
would take time quadratic in its length."""
"""Longest fragment ``g`` searched for in a damaged token."""
MAX_ORIGINAL = 8
"""Longest fragment ``x`` a repair may put back."""
MIN_TYPES = 2
"""A rule must repair words of at least this many families to be proposed at all."""
MIN_RULE_CONFIDENCE = 0.2
"""Weaker candidates are coincidences not worth a reviewer's time."""


@dataclass(frozen=True)
class Repair:
    """One damaged word type and what a rule turns it into."""

    damaged: str
    repaired: str
    count: int
    """Occurrences of ``damaged`` (any case) in the corpus."""
    attested: int = 0
    """Occurrences of ``repaired`` intact in the corpus: the author's vocabulary has it."""


@dataclass(frozen=True)
class GarbleRule:
    """Fragment ``garbled`` stands for ``original`` in damaged words (``p`` for ``trans``)."""

    garbled: str
    original: str
    repairs: tuple[Repair, ...]
    intact: tuple[tuple[str, int], ...]
    """In-lexicon words of the damaged documents that contain ``original`` (contradictions)."""
    confidence: float
    position: str = "any"
    """Where the fragment sits in every repaired word: "start", "end" or "any"."""

    @property
    def name(self) -> str:
        """Stable rule name used in suggestions and the ``garble_rules`` table."""
        return f"garble:{self.garbled or '^'}->{self.original}"

    @property
    def types(self) -> int:
        """Number of different damaged words the rule repairs."""
        return len(self.repairs)

    def evidence(self) -> str:
        """Human-readable evidence: the words it repairs, with counts, and contradictions."""
        shown = ", ".join(f"{r.damaged}→{r.repaired} ×{r.count}" for r in self.repairs[:8])
        more = f" (+{len(self.repairs) - 8} more)" if len(self.repairs) > 8 else ""
        intact = sum(n for _, n in self.intact)
        note = (f"'{self.original}' intact in {len(self.intact)} other word types "
                f"({intact} tokens) of those documents"
                if self.intact else f"'{self.original}' never intact in those documents")
        where = {"start": " at word start", "end": " at word end"}.get(self.position, "")
        return (f"'{self.garbled}' for '{self.original}'{where} in {self.types} word types: "
                f"{shown}{more}; {note}")

    def evidence_json(self) -> list[dict[str, object]]:
        """Evidence as JSON-ready records for the ``garble_rules`` table."""
        return [{"damaged": r.damaged, "repaired": r.repaired, "count": r.count,
                 "attested": r.attested} for r in self.repairs]


@dataclass
class _CorpusStats:
    """Token counts of a corpus, per document and overall."""

    damaged_count: Counter[str] = field(default_factory=Counter)
    damaged_docs: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    damaged_by_doc: dict[str, Counter[str]] = field(
        default_factory=lambda: defaultdict(Counter))
    words_by_doc: dict[str, Counter[str]] = field(default_factory=dict)
    corpus_words: Counter[str] = field(default_factory=Counter)
    doc_sizes: Counter[str] = field(default_factory=Counter)

    @classmethod
    def collect(cls, documents: Mapping[str, Iterable[str]], lex: Lexicon) -> _CorpusStats:
        stats = cls()
        for name, lines in documents.items():
            in_lexicon: Counter[str] = Counter()
            for line in lines:
                for token in iter_words(line):
                    stats.doc_sizes[name] += 1
                    lower = token.text.lower()
                    if is_candidate_token(token.text, lex):
                        stats.damaged_count[lower] += 1
                        stats.damaged_docs[lower].add(name)
                        stats.damaged_by_doc[name][lower] += 1
                    elif not lex.is_oov(lower):
                        in_lexicon[lower] += 1
            stats.words_by_doc[name] = in_lexicon
            stats.corpus_words.update(in_lexicon)
        return stats


@dataclass
class _Candidate:
    garbled: str
    original: str
    words: dict[str, str] = field(default_factory=dict)  # damaged type -> repaired word
    where: dict[str, str] = field(default_factory=dict)  # damaged type -> start/end/mid


def is_candidate_token(token: str, lexicon: Lexicon) -> bool:
    """A token that may be a damaged English word: not a word, not an acronym, not Pinyin."""
    if len(token) < 3 or len(token) > MAX_WORD_LETTERS or (token.isupper() and len(token) > 1):
        return False
    if match_case(token, token.lower()) is None:  # iPhone, McDonald: deliberate shapes
        return False
    lower = token.lower()
    return lexicon.is_oov(lower) and not is_pinyin_name(lower)


def single_edits(damaged: str, lexicon: Lexicon) -> list[tuple[str, str, str, str]]:
    """Every ``(g, x, word, where)``: ``x`` for fragment ``g`` of ``damaged`` gives ``word``.

    ``where`` is "start", "end" or "mid": the place of the fragment in the word.
    """
    found: list[tuple[str, str, str, str]] = []
    n = len(damaged)
    # A token no English word could look like (dokm) may keep only 2 letters of the original.
    min_kept = 2 if lexicon.is_ill_formed(damaged) else 3
    for start in range(n + 1):
        for glen in range(0, min(MAX_GARBLED, n - start) + 1):
            head, tail = damaged[:start], damaged[start + glen:]
            garbled = damaged[start:start + glen]
            kept = len(head) + len(tail)
            # The undamaged context must carry the identification: at least 3 letters and
            # half the token, anchored by a run of 2+ letters on one side.
            if kept < min_kept or kept * 2 < n or max(len(head), len(tail)) < 2:
                continue
            if len(head) >= len(tail):
                words = [w for w in lexicon.with_prefix(head) if w.endswith(tail)]
            else:
                words = [w for w in lexicon.with_suffix(tail) if w.startswith(head)]
            for word in words:
                xlen = len(word) - kept
                if xlen < 1 or xlen > MAX_ORIGINAL:
                    continue
                original = word[len(head):len(head) + xlen]
                if original != garbled:
                    where = "start" if not head else "end" if not tail else "mid"
                    found.append((garbled, original, word, where))
    return found


_INFLECTIONS = ("ings", "ing", "ed", "es", "s")


def word_family(word: str) -> str:
    """Crude lemma: transfer, transferred, transferring are one family; transformation not."""
    stem = word
    for suffix in _INFLECTIONS:
        if stem.endswith(suffix) and len(stem) - len(suffix) >= 3:
            stem = stem[: -len(suffix)]
            break
    if stem.endswith("e") and len(stem) > 3:
        stem = stem[:-1]
    if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "aeiou":
        stem = stem[:-1]
    return stem


def count_families(words: Iterable[str]) -> int:
    """Number of word families: stems equal or contained in one another (decided, undecided)."""
    stems = sorted({word_family(w) for w in words}, key=len)
    roots: list[str] = []
    for stem in stems:
        if not any(root in stem for root in roots):
            roots.append(stem)
    return len(roots)


def _confidence(families: int, ill_formed: int, contradiction: float, expected_intact: float,
                attested_share: float, tokens: int, types: int, oov_types: int,
                repair_zipf: float) -> float:
    """Confidence that a rule is a real systematic garble, as a logistic of summed evidence."""
    # Prior: a candidate edit shared by two OOV words is usually a coincidence, and more so
    # in a corpus with many OOV words (names, archaic forms): more chances to coincide.
    log_odds = -4.0 - 0.7 * math.log2(max(1.0, oov_types / 150))
    # Each further *family* of words (not inflections of one lemma) is independent evidence.
    log_odds += min(8.0, 2.2 * (families - 1))
    # Damaged words that no English word could look like (pformation: "pfo") are damage, not
    # names or archaic spellings.
    log_odds += min(2.0, 1.0 * ill_formed)
    if contradiction > 0:
        # The fragment survives intact in the same documents: the substitution is not
        # systematic there; what matters is the share of such words.
        log_odds -= 1.5 + 12.0 * contradiction
    else:
        # Absent although ``expected_intact`` occurrences were due: a Poisson likelihood
        # ratio, capped because a document's topic can avoid a fragment by chance.
        log_odds += min(expected_intact, 2.0)
    if attested_share >= 0.5:
        log_odds += 1.0  # the corpus uses the repaired words elsewhere
    if tokens >= types + 2:
        log_odds += 0.5  # the damaged words recur: a systematic cause, not one typo
    # Common repairs are likelier originals than rare ones (transfer over refer): one unit
    # per zipf point above 4 summed over the repaired words, bounded.
    log_odds += max(-1.5, min(1.5, repair_zipf))
    return 1.0 / (1.0 + math.exp(-log_odds))


def learn_rules(documents: Mapping[str, Iterable[str]], lexicon: Lexicon | None = None,
                min_types: int = MIN_TYPES) -> list[GarbleRule]:
    """Learn systematic substitutions from ``documents`` (name -> lines), best first."""
    lex = lexicon or english_lexicon()
    corpus = _CorpusStats.collect(documents, lex)
    damaged_count = corpus.damaged_count

    candidates: dict[tuple[str, str], _Candidate] = {}
    for damaged in damaged_count:
        for garbled, original, word, where in single_edits(damaged, lex):
            cand = candidates.setdefault((garbled, original), _Candidate(garbled, original))
            best = cand.words.get(damaged)
            if best is None or lex.zipf_of(word) > lex.zipf_of(best):
                cand.words[damaged] = word
                cand.where[damaged] = where

    pool = [_build_rule(cand, cand.words, corpus, lex) for cand in candidates.values()
            if len(cand.words) >= min_types and count_families(cand.words.values()) >= min_types]

    candidates_built = list(pool)
    # Greedy cover: the most convincing rule claims its types; competitors lose them.
    claimed: set[str] = set()
    explained: set[str] = set()
    rules: list[GarbleRule] = []
    while pool:
        # Rules safe to apply tie; then the one explaining more words is the general one
        # (g->ing over tg->ting, g->nmen over gts->nment, which drops plurals).
        pool.sort(key=lambda r: (-min(r.confidence, SAFE_CONFIDENCE), -r.types,
                                 -r.confidence, len(r.garbled) + len(r.original), r.name))
        chosen = pool.pop(0)
        if chosen.confidence < MIN_RULE_CONFIDENCE:
            break
        rules.append(_discount_rivals(chosen, candidates_built, candidates, corpus, lex))
        claimed.update(r.damaged for r in chosen.repairs)
        explained.add(chosen.original)
        next_pool = []
        for rule in pool:
            left = [r for r in rule.repairs if r.damaged not in claimed]
            if count_families(r.repaired for r in left) < min_types:
                continue
            absent = any(absence_implied(rule.original, x, lex) for x in explained)
            if len(left) < rule.types or absent:
                # The chosen rule already explains why its fragment is missing: that
                # absence is no evidence for a second rule restoring the same fragment.
                cand = candidates[(rule.garbled, rule.original)]
                rule = _build_rule(cand, {r.damaged: r.repaired for r in left}, corpus, lex,
                                   absence_explained=absent)
            next_pool.append(rule)
        pool = next_pool
    return rules


def _odds(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return p / (1 - p)


def absence_implied(fragment: str, by: str, lexicon: Lexicon) -> bool:
    """True when words with ``fragment`` mostly contain ``by`` too ("ndin" words have "ing"):
    a garble that removed every ``by`` also explains why ``fragment`` is missing."""
    if by in fragment:
        return True
    rate = lexicon.fragment_rate(fragment)
    return rate == 0 or lexicon.fragment_pair_rate(fragment, by) >= 0.5 * rate


def _discount_rivals(best: GarbleRule, pool: list[GarbleRule], candidates: Mapping[
        tuple[str, str], _Candidate], corpus: _CorpusStats, lexicon: Lexicon) -> GarbleRule:
    """Lower a rule's confidence by the rivals that repair the same words differently.

    In a short text p->trans (transformation, transfer) and p->re (reformation, refer) can
    both look systematic; the evidence then does not decide, and neither should be safe.
    """
    mine = {r.damaged: r.repaired for r in best.repairs}
    rival_odds = 0.0
    for rule in pool:
        if rule is best:
            continue
        # A rival that only changes the inflection (clothing/clothings) is no alternative.
        differ = [r for r in rule.repairs if r.damaged in mine
                  and count_families([mine[r.damaged], r.repaired]) > 1]
        if not differ:
            continue
        if absence_implied(rule.original, best.original, lexicon):
            # "ndin" is missing because "ing" is: that absence is no evidence for ll->ndin.
            cand = candidates[(rule.garbled, rule.original)]
            rule = _build_rule(cand, {r.damaged: r.repaired for r in rule.repairs}, corpus,
                               lexicon, absence_explained=True)
        rival_odds += _odds(rule.confidence) * len(differ) / len(mine)
    if rival_odds < 1e-3:
        return best
    odds = _odds(best.confidence) / (1.0 + rival_odds)
    return replace(best, confidence=round(odds / (1.0 + odds), 3))


def _build_rule(cand: _Candidate, words: Mapping[str, str], corpus: _CorpusStats,
                lexicon: Lexicon, absence_explained: bool = False) -> GarbleRule:
    damaged_count, damaged_docs = corpus.damaged_count, corpus.damaged_docs
    words_by_doc, corpus_words = corpus.words_by_doc, corpus.corpus_words
    doc_sizes = corpus.doc_sizes
    wheres = {cand.where[d] for d in words}
    position = "start" if wheres == {"start"} else "end" if wheres == {"end"} else "any"
    original = cand.original
    docs = set().union(*(damaged_docs[d] for d in words))
    intact: Counter[str] = Counter()
    # Contradiction per document, weighted by the damaged tokens it holds: one stray OOV
    # word in an undamaged document must not import all of that document's intact words.
    weighted_share = 0.0
    weight = 0
    for doc in docs:
        doc_intact = [w for w in words_by_doc[doc] if holds_fragment(w, original, position)]
        for word in doc_intact:
            intact[word] += words_by_doc[doc][word]
        damaged_here = [d for d in words if doc in damaged_docs[d]]
        tokens_here = sum(corpus.damaged_by_doc[doc][d] for d in damaged_here)
        weighted_share += tokens_here * len(doc_intact) / (len(doc_intact) + len(damaged_here))
        weight += tokens_here
    contradiction = weighted_share / weight if weight else 0.0
    repairs = tuple(sorted(
        (Repair(d, r, damaged_count[d], corpus_words.get(r, 0)) for d, r in words.items()),
        key=lambda r: (-r.count, r.damaged)))
    types = len(repairs)
    families = count_families(r.repaired for r in repairs)
    ill_formed = count_families(r.repaired for r in repairs
                                if lexicon.is_ill_formed(r.damaged))
    tokens = sum(r.count for r in repairs)
    attested_share = sum(1 for r in repairs if r.attested) / types
    doc_tokens = sum(doc_sizes[doc] for doc in docs)
    expected = 0.0 if absence_explained else lexicon.fragment_rate(cand.original) * doc_tokens
    repair_zipf = sum(lexicon.zipf_of(r.repaired) - 4.0 for r in repairs)
    confidence = _confidence(families, ill_formed, contradiction, expected, attested_share,
                             tokens, types, len(damaged_count), repair_zipf)
    return GarbleRule(cand.garbled, cand.original, repairs,
                      tuple(sorted(intact.items(), key=lambda kv: -kv[1])),
                      round(confidence, 3), position)


def holds_fragment(word: str, fragment: str, position: str) -> bool:
    """``word`` contains ``fragment`` at ``position`` (start, end or anywhere)."""
    if position == "start":
        return word.startswith(fragment)
    if position == "end":
        return word.endswith(fragment)
    return fragment in word


def rule_repairs_token(rule: GarbleRule, token: str, lexicon: Lexicon,
                       min_zipf: float = FREQUENT_ZIPF,
                       attested: Callable[[str], bool] | None = None) -> str | None:
    """The repair of ``token`` by ``rule`` (case kept), or None when it makes no word at
    least as common as ``min_zipf`` (default: a frequent word) nor one ``attested`` accepts
    (a word the corpus uses intact)."""
    lower = token.lower()
    best: str | None = None
    if rule.garbled:
        positions = [i for i in range(len(lower)) if lower.startswith(rule.garbled, i)]
    else:
        positions = list(range(len(lower) + 1))
    if rule.position == "start":
        positions = [i for i in positions if i == 0]
    elif rule.position == "end":
        positions = [i for i in positions if i + len(rule.garbled) == len(lower)]
    for pos in positions:
        word = lower[:pos] + rule.original + lower[pos + len(rule.garbled):]
        known = lexicon.zipf_of(word) >= min_zipf or (attested is not None and attested(word))
        if known and (best is None or lexicon.zipf_of(word) > lexicon.zipf_of(best)):
            best = word
    if best is None:
        return None
    return match_case(token, best)
