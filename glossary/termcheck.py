"""Terminology check on aligned pairs: does the English use the glossary's rendering?

For every glossary term found in a Chinese segment, the aligned English is searched for the
concept's renderings, compared word by word on lemmas (lemminflect) reduced by a light stemmer
(so "clusters" matches "cluster", "upgrade" matches "upgrading", "children" matches "child",
and hyphens or case do not matter):

* the preferred rendering is there → nothing to say;
* a deprecated, superseded or forbidden rendering → replace it (high confidence);
* an admitted variant → a low-confidence "normalise" suggestion;
* a garbled form of a rendering ("pformation and upgrading": the other words match and the odd
  word is not an English word but shares a long ending with the expected one) → replace the
  garbled word (medium confidence);
* nothing recognisable → a *term-missing* finding.

Design choice for the last case: a finding is still a :class:`Finding`, with
``kind="term-missing"``, an empty span at 0, ``original == replacement == ""`` and
``confidence == 0``. Applying it is a no-op and it is never "safe", so ``bitextual fix`` leaves
it alone, while the review queue and accept/reject-per-rule work unchanged.

Rule names are ``term-<category>:<preferred Chinese term>`` so a reviewer can accept all
replacements of one concept at once.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from corpus.aligned import TERM_CHECK, aligned_beads
from corpus.store import Project
from glossary.finding import Finding
from glossary.termbase import REPLACE_STATUSES, Concept, TermBase

CONFIDENCE = {
    "forbidden": 0.95,
    "deprecated": 0.93,
    "superseded": 0.93,
    "garbled-context": 0.8,   # the garbled word sits inside an otherwise matching phrase
    "garbled": 0.6,           # a one-word rendering: only the word's shape speaks for it
    "variant": 0.3,
    "missing": 0.0,
}
"""Confidence by finding category; only replacements of listed bad renderings are "safe"."""

_WORD = re.compile(r"[0-9A-Za-z\u00C0-\u024F]+(?:['’][A-Za-z]+)*")
_SUFFIXES = ("ings", "ing", "edly", "ed", "es", "s")


# Lemma readings tried in this order: a term is usually a noun phrase, and adjective or adverb
# lemmas would equate comparatives with their base ("better" → "good").
_LEMMA_POS = ("NOUN", "VERB", "AUX")


@functools.lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The dictionary form of a casefolded English word (lemminflect; the word if unknown).

    This is what links irregular forms the suffix rules cannot: "children" → "child",
    "women" → "woman", "grew" → "grow", "criteria" → "criterion", "analyses" → "analysis".
    """
    from lemminflect import getAllLemmas  # ~0.5 s: load on use

    readings = getAllLemmas(word)
    for pos in _LEMMA_POS:
        if pos in readings:
            return str(readings[pos][0])
    return word


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """An English matching key: the lemma, then a light stem (equating plural, -ing, -ed and
    base forms of words the lemmatiser does not know, and noun/verb pairs like "upgrade" /
    "upgrading")."""
    w = word.casefold().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if w.isalpha():
        w = lemma(w)
    if len(w) <= 3:
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    else:
        for suffix in _SUFFIXES:
            if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not w.endswith("ss"):
                w = w[: -len(suffix)]
                break
    # "planning" → "plann" → "plan"; keep ll/ss/zz, which belong to the base ("install").
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeioulsz":
        w = w[:-1]
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    if w.endswith("y") and len(w) > 3:
        w = w[:-1] + "i"
    return w


@dataclass(frozen=True)
class Token:
    """A word of an English text with its character span."""

    start: int
    end: int
    text: str
    stem: str


def tokenize(text: str) -> list[Token]:
    """Words of ``text`` with spans and stems (hyphens and punctuation separate words)."""
    return [Token(m.start(), m.end(), m.group(), stem(m.group())) for m in _WORD.finditer(text)]


def find_phrase(tokens: Sequence[Token], phrase: str) -> list[tuple[int, int]]:
    """Token index ranges ``[i, j)`` where ``phrase`` occurs, compared on stems."""
    target = [t.stem for t in tokenize(phrase)]
    if not target:
        return []
    size = len(target)
    return [(i, i + size) for i in range(len(tokens) - size + 1)
            if all(tokens[i + k].stem == target[k] for k in range(size))]


@functools.lru_cache(maxsize=65536)
def _is_english_word(word: str) -> bool:
    from wordfreq import zipf_frequency  # loads its frequency tables on first use only

    return zipf_frequency(word.casefold(), "en") >= 1.5


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def garble_repair(seen: str, expected: str) -> str | None:
    """The repaired word if ``seen`` is a non-word that looks like a mangled ``expected``.

    Machine-translation garbles cut a piece off the front of a word ("trans|formation" →
    "pformation", "trans|ferred" → "pferred"); the surviving end, compared on stems so that
    inflections count, must be long enough not to be a coincidence. The repair keeps the
    inflection of what was seen: "pferred" → "transferred".
    """
    seen_cf, expected_cf = seen.casefold(), expected.casefold()
    if seen_cf == expected_cf or _is_english_word(seen_cf) or len(seen_cf) < 3:
        return None
    seen_stem, expected_stem = stem(seen_cf), stem(expected_cf)
    shared = _common_suffix(seen_stem, expected_stem)
    if shared < max(3, len(expected_stem) // 3) or shared >= len(expected_stem):
        return None
    damaged = len(seen_stem) - shared          # garbled letters at the front of what was seen
    missing = len(expected_stem) - shared      # letters of the expected word they replaced
    if damaged > missing + 1:
        return None  # more garbage than the lost piece: a different word, not a cut
    return expected_cf[:missing] + seen_cf[damaged:]


def match_case(original: str, replacement: str) -> str:
    """Give ``replacement`` the capitalisation style of ``original`` (names keep their own)."""
    if not original:
        return replacement
    if any(ch.isupper() for ch in replacement):
        return replacement  # a name or acronym: its own capitals are right
    words = [w for w in original.split() if w[:1].isalpha()]
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if len(words) > 1 and all(w[:1].isupper() for w in words):
        return " ".join(w[:1].upper() + w[1:] for w in replacement.split(" "))
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


@dataclass(frozen=True)
class RenderingHit:
    """One rendering (or garbled rendering) of a concept found in an English text."""

    start: int
    end: int
    category: str
    """preferred, admitted, deprecated, superseded, forbidden or garbled."""
    surface: str
    rendering: str
    """The glossary rendering it corresponds to."""


def _contains(tokens: Sequence[Token], stems: Sequence[str]) -> bool:
    size = len(stems)
    return any([t.stem for t in tokens[i:i + size]] == list(stems)
               for i in range(len(tokens) - size + 1))


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def find_renderings(concept: Concept, en_text: str,
                    tokens: Sequence[Token] | None = None) -> list[RenderingHit]:
    """Every rendering of ``concept`` in ``en_text``, longest renderings first, no overlaps."""
    tokens = list(tokens) if tokens is not None else tokenize(en_text)
    hits: list[RenderingHit] = []
    taken: list[tuple[int, int]] = []
    renderings = sorted(concept.en, key=lambda t: -len(tokenize(t.text)))
    preferred_stems = [t.stem for t in tokenize(concept.en_preferred)]
    for term in renderings:
        status = term.status
        if status == "admitted" and _contains(tokenize(term.text), preferred_stems):
            status = "preferred"  # "Belt and Road Initiative" uses "Belt and Road"
        for i, j in find_phrase(tokens, term.text):
            span = (tokens[i].start, tokens[j - 1].end)
            if not _overlaps(span, taken):
                taken.append(span)
                hits.append(RenderingHit(span[0], span[1], status,
                                         en_text[span[0]:span[1]], term.text))
    for term in renderings:
        if term.status not in ("preferred", "admitted"):
            continue
        target = tokenize(term.text)
        size = len(target)
        for i in range(len(tokens) - size + 1):
            window = tokens[i:i + size]
            span = (window[0].start, window[-1].end)
            if _overlaps(span, taken):
                continue
            odd = [k for k in range(size) if window[k].stem != target[k].stem]
            if not odd or len(odd) > max(1, size // 3):
                continue
            repairs = [garble_repair(window[k].text, target[k].text) for k in odd]
            if all(repairs):
                for k, repair in zip(odd, repairs, strict=True):
                    word_span = (window[k].start, window[k].end)
                    category = "garbled" if size == 1 else "garbled-context"
                    hits.append(RenderingHit(word_span[0], word_span[1], category,
                                             en_text[word_span[0]:word_span[1]], str(repair)))
                taken.append(span)
    return sorted(hits, key=lambda h: h.start)


def check_pair(termbase: TermBase, zh_norm: str, en_text: str) -> list[Finding]:
    """Term suggestions for one aligned pair: Simplified-normalised Chinese, original English."""
    tokens = tokenize(en_text)
    suggestions: list[Finding] = []
    seen_concepts: set[int] = set()
    for match in termbase.find_in_chinese(zh_norm):
        if match.concept_id in seen_concepts:
            continue
        seen_concepts.add(match.concept_id)
        concept = termbase.concepts[match.concept_id]
        preferred = concept.en_preferred
        zh = concept.zh_preferred
        hits = find_renderings(concept, en_text, tokens)
        for hit in hits:
            if hit.category == "preferred":
                continue
            if hit.category in REPLACE_STATUSES:
                category, replacement = hit.category, match_case(hit.surface, preferred)
                why = f"{hit.category} rendering of {zh}; use '{preferred}'"
            elif hit.category == "admitted":
                category, replacement = "variant", match_case(hit.surface, preferred)
                why = f"admitted variant of {zh}; the preferred rendering is '{preferred}'"
            else:
                category = hit.category
                replacement = match_case(hit.surface, hit.rendering)
                why = f"'{hit.surface}' looks like a garbled '{hit.rendering}' ({zh} → {preferred})"
            if replacement == hit.surface:
                continue
            rule_category = "garbled" if category.startswith("garbled") else category
            suggestions.append(Finding(
                hit.start, hit.end, hit.surface, replacement, "term",
                f"term-{rule_category}:{zh}", CONFIDENCE[category], why))
        if not hits:
            suggestions.append(Finding(
                0, 0, "", "", "term-missing", f"term-missing:{zh}", CONFIDENCE["missing"],
                f"term not rendered: {match.zh}{'' if match.zh == zh else f' ({zh})'} is in "
                f"the Chinese but '{preferred}' is not in the English"))
    return sorted(suggestions)


# -- whole project -------------------------------------------------------------------------

def check_project_terms(project: Project,
                        termbase: TermBase | None = None) -> list[tuple[str, Finding]]:
    """Term findings over the aligned beads (the ``TERM_CHECK`` policy of
    :mod:`corpus.aligned`), as (English segment id, finding)."""
    termbase = termbase or TermBase.load(project)
    out: list[tuple[str, Finding]] = []
    if not len(termbase):
        return out
    for pair in aligned_beads(project, TERM_CHECK):
        for sug in check_pair(termbase, pair.zh_norm, pair.en_text):
            if sug.kind == "term-missing":
                out.append((pair.en_segments[0][0], sug))
                continue
            located = pair.locate(sug.start, sug.end)
            if located is None:
                continue  # a span across two segments cannot be stored as one suggestion
            segment_id, start, end = located
            out.append((segment_id, Finding(start, end, sug.original, sug.replacement,
                                               sug.kind, sug.rule, sug.confidence,
                                               sug.evidence)))
    return out
