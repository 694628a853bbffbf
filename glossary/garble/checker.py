"""All garble checks over a set of documents: learn substitution rules once, then check lines."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from corpus.signature import Signature, package_version
from glossary.finding import SAFE_CONFIDENCE, Finding
from glossary.garble.context import ContextModel, english_context, words_in_context
from glossary.garble.lexicon import (
    FREQUENT_ZIPF,
    OOV_ZIPF,
    Lexicon,
    english_lexicon,
    is_pinyin_name,
)
from glossary.garble.mojibake import mojibake_suggestions
from glossary.garble.overlap import resolve_overlaps
from glossary.garble.rules import (
    GarbleRule,
    holds_fragment,
    is_candidate_token,
    learn_rules,
    rule_repairs_token,
    single_edits,
)
from glossary.garble.spacing import spacing_suggestions
from glossary.garble.titlecase import UnitEvidence, titlecase_suggestions
from glossary.garble.tokens import WordToken, iter_words, match_case

CHECKER_VERSION = "5"
TERM_BOOST_ODDS = 4.0
"""A glossary term for the repair on the aligned Chinese side divides the doubt by this."""
UNSEEN_TOKEN_PENALTY = 0.03
"""A damaged word the rule did not learn from gets slightly less trust than its evidence."""
IN_LEXICON_PENALTY = 0.05
"""A real English word repaired by a rule needs a rule of confidence >= 0.95 to be applied."""
IN_LEXICON_RATIO_ZIPF = 2.0
"""A real word is repaired only into a word at least 10**2 times as common."""
RARE_WORD_ZIPF = 1.0
"""Any word of the wordfreq list (its rarest are near zipf 1): a real word, however rare."""
CONTEXT_MIN_LOG_RATIO = 1.0
"""The sentence must prefer the repair at least 10 times (bigram model, frequencies aside)."""
CONTEXT_MIN_LOG_ODDS = 2.0
"""Frequency ratio times context ratio: the same 100 times a real word needs without context."""
TERM_ONLY_CONFIDENCE = 0.8
"""A one-word repair backed only by the glossary: worth showing, not safe to apply blind."""

LineKey = tuple[str, int]
"""(document name, 0-based line index)."""


def checker_signature() -> str:
    """Versions and parameters that determine the suggestions (printed with every report)."""
    return str(Signature(sep=" | ", joiner=" ").tool("bitextual-garble", CHECKER_VERSION)
               .tool("wordfreq", package_version("wordfreq", "?"))
               .tool("ftfy", package_version("ftfy", "?"))
               .tool("symspellpy", package_version("symspellpy", "?"))
               .param("oov<zipf", OOV_ZIPF).param("repair>=zipf", FREQUENT_ZIPF)
               .param("context-ratio>=", f"{10 ** CONTEXT_MIN_LOG_RATIO:g}")
               .param("context-odds>=", f"{10 ** CONTEXT_MIN_LOG_ODDS:g}"))


@dataclass
class CheckResult:
    """Learned rules and the suggestions of every checked line."""

    rules: list[GarbleRule]
    suggestions: dict[LineKey, list[Finding]] = field(default_factory=dict)
    signature: str = ""

    def all(self) -> list[tuple[str, int, Finding]]:
        """Flat list (document, line index, suggestion) in document order."""
        return [(doc, index, sug) for (doc, index), sugs in sorted(self.suggestions.items())
                for sug in sugs]


def _term_words(renderings: set[str]) -> set[str]:
    words: set[str] = set()
    for rendering in renderings:
        words.update(t.text.lower() for t in iter_words(rendering))
    return words


def _repair_by_learned_rules(token: str, rules: Sequence[GarbleRule],
                             lexicon: Lexicon) -> tuple[GarbleRule, str] | None:
    """The one confident learned rule that turns ``token`` into a frequent word, if exactly one."""
    options = [(rule, fixed) for rule in rules
               if rule.confidence >= SAFE_CONFIDENCE
               and (fixed := rule_repairs_token(rule, token, lexicon)) is not None]
    return options[0] if len(options) == 1 else None


@dataclass
class RuleReach:
    """Where each confident learned rule is at work, and where it is contradicted.

    A systematic garble damages every word with its fragment in the documents it touched, so
    within those documents a rule may also explain words that did not take part in learning
    (a Pinyin-shaped ``jience``, a rare repair ``indisputx``, or a rare real word such as
    ``dint`` that stands for ``point``). A document where the fragment survives intact in a
    real word (``core`` for ``ore``) is one the garble did not touch: nothing extra there.
    """

    rule_docs: dict[str, set[str]] = field(default_factory=dict)
    """Rule name -> documents holding at least one damaged word of its evidence."""
    contradicted: dict[str, set[str]] = field(default_factory=dict)
    """Rule name -> documents where a real word holds the rule's fragment intact."""
    token_docs: dict[str, set[str]] = field(default_factory=dict)
    """Lowercase word -> documents it occurs in."""
    seen_lowercase: set[str] = field(default_factory=set)
    """Words that occur in lowercase somewhere: not names, even when capitalised elsewhere."""

    @classmethod
    def collect(cls, documents: Mapping[str, Sequence[str]], rules: Sequence[GarbleRule],
                lexicon: Lexicon) -> RuleReach:
        """Index ``documents`` (name -> lines) for the confident ``rules``."""
        reach = cls()
        for doc, lines in documents.items():
            for line in lines:
                for token in iter_words(line):
                    reach.token_docs.setdefault(token.text.lower(), set()).add(doc)
                    if token.text.islower():
                        reach.seen_lowercase.add(token.text)
        confident = [r for r in rules if r.confidence >= SAFE_CONFIDENCE and r.repairs]
        for rule in confident:
            reach.rule_docs[rule.name] = set().union(
                *(reach.token_docs.get(r.damaged, set()) for r in rule.repairs))
            reach.contradicted[rule.name] = set()
        if not confident:
            return reach
        for word, docs in reach.token_docs.items():
            if lexicon.is_oov(word):
                continue
            for rule in confident:
                if holds_fragment(word, rule.original, rule.position):
                    reach.contradicted[rule.name] |= docs
        return reach

    def attested(self, word: str) -> bool:
        """True when the lowercase ``word`` occurs intact somewhere in the documents."""
        return word in self.token_docs

    def may_be_common_word(self, token: str) -> bool:
        """True for a lowercase token, or a capitalised one also seen in lowercase (a name
        is capitalised everywhere; a word at a sentence start is not)."""
        return token.islower() or token.lower() in self.seen_lowercase

    def at_work(self, rule: GarbleRule, docs: set[str], evidence: bool = True) -> bool:
        """True when no document of ``docs`` contradicts ``rule`` and (with ``evidence``) one
        holds its evidence."""
        if rule.name not in self.rule_docs:
            return False
        if docs & self.contradicted[rule.name]:
            return False
        return not evidence or bool(docs & self.rule_docs[rule.name])


def extended_repair(token: str, doc: str, rules: Sequence[GarbleRule], reach: RuleReach,
                    lexicon: Lexicon) -> tuple[GarbleRule, str, float, str] | None:
    """A repair of ``token`` by a rule at work in ``doc`` beyond the ordinary candidates.

    Returns (rule, replacement, confidence, note) when exactly one active rule repairs it:
    * an OOV word shaped like Pinyin but written in lowercase somewhere (Chinese names
      are capitalised everywhere);
    * any other OOV word whose repair is a real English word however rare (any wordfreq
      word: ``convorgon`` -> convocation, ``stevedvs`` -> stevedores) or a word the documents
      use intact elsewhere (a name: ``Xinhpet`` -> Xinhuanet). A rule learned from common
      words is established; that the repair is rare says nothing against it. Such a word
      only has to be where no document contradicts the rule (a short document may hold no
      other word with the fragment);
    * a real word at least 100 times rarer than its repair (``dint`` -> point, ``mv`` ->
      more), written in lowercase somewhere, in documents where the rule is at work only
      (a document holding the word also holds the rule's evidence).
    """
    lower = token.lower()
    if len(lower) < 2 or match_case(token, lower) is None or (token.isupper() and len(token) > 1):
        return None
    # Every document holding the word must be one the garble may have touched (a real word
    # turns up where the fragment is intact too), and one of them must show the garble.
    docs = reach.token_docs.get(lower, set()) | {doc}
    zipf = lexicon.zipf_of(lower)
    active = [rule for rule in rules if reach.at_work(rule, docs, not lexicon.is_oov(lower))]
    if not active:
        return None
    options: list[tuple[GarbleRule, str, float, str]] = []
    if lexicon.is_oov(lower):
        if len(lower) < 3:
            return None
        if is_pinyin_name(lower):
            if not reach.may_be_common_word(token):
                return None
            min_zipf, note = FREQUENT_ZIPF, "Pinyin-shaped but written in lowercase"
        else:
            min_zipf, note = RARE_WORD_ZIPF, "the repair is a rare English word"
        attested = reach.attested
        penalty = UNSEEN_TOKEN_PENALTY
    else:
        if not reach.may_be_common_word(token):
            return None
        min_zipf = max(FREQUENT_ZIPF, zipf + IN_LEXICON_RATIO_ZIPF)
        note = (f"'{lower}' is an English word (zipf {zipf:.1f}) but far rarer than the "
                f"repair, and occurs only where the fragment is never intact")
        penalty = IN_LEXICON_PENALTY
        attested = None
    for rule in active:
        fixed = rule_repairs_token(rule, token, lexicon, min_zipf, attested)
        if fixed is not None:
            options.append((rule, fixed, max(0.0, rule.confidence - penalty), note))
    return options[0] if len(options) == 1 else None


def context_repair(token: str, left: str | None, right: str | None, doc: str,
                   rules: Sequence[GarbleRule], reach: RuleReach, lexicon: Lexicon,
                   context: ContextModel) -> tuple[GarbleRule, str, float, str] | None:
    """A repair of a short or real-word ``token`` (between the words ``left`` and ``right``)
    that an established rule proposes and the sentence confirms.

    Such tokens (``x`` for able in "be x to", ``rant`` for recent in "in rant years") are
    words, or too short to carry their identity, so the rule alone cannot tell damage from
    the word. The rule must be established, no real word of the document may hold its
    fragment intact, the repair must be a frequent word, and the bigram model must prefer
    the repair here at least ``10**CONTEXT_MIN_LOG_RATIO`` times and, with the word
    frequencies, ``10**CONTEXT_MIN_LOG_ODDS`` times. Context alone never proposes anything:
    it only confirms a repair the rule proposes.
    """
    lower = token.lower()
    if match_case(token, lower) is None or (token.isupper() and len(token) > 1):
        return None
    if lexicon.is_oov(lower) and len(lower) >= 3:
        return None  # ordinary candidates: the rules' own business
    if not reach.may_be_common_word(token):
        return None
    options: list[tuple[GarbleRule, str, float, str]] = []
    for rule in rules:
        # This occurrence is judged by its sentence, so only its own document must be one
        # the garble may have touched (no real word there holds the fragment intact).
        if not reach.at_work(rule, {doc}, evidence=False):
            continue
        fixed = rule_repairs_token(rule, token, lexicon)
        if fixed is None:
            continue
        ratio = context.context_log_ratio(left, right, fixed.lower(), lower)
        odds = lexicon.zipf_of(fixed.lower()) - lexicon.zipf_of(lower) + ratio
        if ratio >= CONTEXT_MIN_LOG_RATIO and odds >= CONTEXT_MIN_LOG_ODDS:
            note = (f"the sentence prefers '{fixed.lower()}' to '{lower}' "
                    f"{10 ** ratio:.0f} times (word pairs), {10 ** odds:.0f} times with "
                    f"word frequencies")
            options.append((rule, fixed, max(0.0, rule.confidence - IN_LEXICON_PENALTY), note))
    return options[0] if len(options) == 1 else None


def garble_suggestions(line: str, repairs: Mapping[str, tuple[GarbleRule, str]],
                       term_words: set[str], lexicon: Lexicon,
                       rules: Sequence[GarbleRule] = (), doc: str = "",
                       reach: RuleReach | None = None,
                       context: ContextModel | None = None) -> list[Finding]:
    """Suggestions for damaged words of ``line`` (in document ``doc``) from learned rules
    (and glossary hints); ``reach`` lets rules repair more words where they are at work,
    ``context`` (a bigram model) short and real words where the sentence confirms it."""
    found: list[Finding] = []
    for token, left, right in words_in_context(line):
        lower = token.text.lower()
        known = repairs.get(lower)
        if known is not None:
            rule, repaired = known
            replacement = match_case(token.text, repaired)
            if replacement is None:
                continue
            confidence, evidence = rule.confidence, rule.evidence()
            if repaired in term_words:
                confidence = 1.0 - (1.0 - confidence) / TERM_BOOST_ODDS
                evidence = (f"glossary: the aligned Chinese text has a term rendered "
                            f"'{repaired}'; {evidence}")
            found.append(Finding(token.start, token.end, token.text, replacement, "garble",
                                    rule.name, round(confidence, 4), evidence))
            if confidence >= SAFE_CONFIDENCE:
                continue
            # A weak rule's claim (below SAFE_CONFIDENCE) is no evidence against an
            # established rule that repairs the word too: both are offered, the more
            # confident wins (resolve_overlaps).
        if is_candidate_token(token.text, lexicon) and (
                extra := _repair_by_learned_rules(token.text, rules, lexicon)) is not None:
            # Too short to have taken part in learning (frc -> front), but a learned rule
            # repairs it into a frequent word.
            rule, replacement = extra
            confidence = max(0.0, rule.confidence - UNSEEN_TOKEN_PENALTY)
            found.append(Finding(token.start, token.end, token.text, replacement, "garble",
                                    rule.name, round(confidence, 3),
                                    f"not in the rule's evidence; {rule.evidence()}"))
        elif reach is not None and (
                wider := extended_repair(token.text, doc, rules, reach, lexicon)) is not None:
            rule, replacement, confidence, note = wider
            found.append(Finding(token.start, token.end, token.text, replacement, "garble",
                                    rule.name, round(confidence, 3),
                                    f"not in the rule's evidence ({note}); {rule.evidence()}"))
        elif reach is not None and context is not None and not _contraction_ending(
                line, token) and (sentence := context_repair(
                    token.text, left, right, doc, rules, reach, lexicon, context)) is not None:
            rule, replacement, confidence, note = sentence
            found.append(Finding(token.start, token.end, token.text, replacement, "garble",
                                    rule.name, round(confidence, 3),
                                    f"not in the rule's evidence ({note}); {rule.evidence()}"))
        elif known is None and term_words and is_candidate_token(token.text, lexicon):
            # No rule covers it, but one single edit gives a word the glossary expects here.
            matches = sorted({w for _, _, w, _ in single_edits(lower, lexicon)
                              if w in term_words})
            if len(matches) == 1:
                replacement = match_case(token.text, matches[0])
                if replacement is not None:
                    found.append(Finding(
                        token.start, token.end, token.text, replacement, "garble",
                        "garble:glossary-hint", TERM_ONLY_CONFIDENCE,
                        f"glossary: the aligned Chinese text has a term rendered "
                        f"'{matches[0]}', one edit away from '{token.text}'"))
    return found


def _contraction_ending(line: str, token: WordToken) -> bool:
    """The letters after an apostrophe inside a word (don't, it's): no word of their own."""
    return token.start > 0 and line[token.start - 1] in "'’"


def check_documents(
    documents: Mapping[str, Sequence[str]],
    term_hints: Callable[[str, int], set[str]] | None = None,
    lexicon: Lexicon | None = None,
    rules: list[GarbleRule] | None = None,
    only: Callable[[str, int], bool] | None = None,
    accepted: Sequence[GarbleRule] = (),
) -> CheckResult:
    """Learn garble rules from all ``documents`` (name -> lines), then check every line.

    ``term_hints(doc, index)`` returns English renderings of glossary terms found in the
    aligned Chinese text; ``only(doc, index)`` limits which lines get suggestions (rules are
    still learned from all lines); ``accepted`` rules apply whether learned again or not.
    """
    lex = lexicon or english_lexicon()
    learned = rules if rules is not None else learn_rules(documents, lex)
    # Rules a reviewer accepted earlier apply even when this text no longer proves them.
    known = {rule.name for rule in learned}
    learned = list(learned) + [rule for rule in accepted if rule.name not in known]
    repairs: dict[str, tuple[GarbleRule, str]] = {}
    for rule in learned:
        for repair in rule.repairs:
            repairs.setdefault(repair.damaged, (rule, repair.repaired))
    reach = RuleReach.collect(documents, learned, lex)
    # The bigram model only matters where a confident rule is at work (none in clean text).
    context = english_context() if reach.rule_docs else None
    result = CheckResult(rules=learned, signature=checker_signature())
    for doc, lines in documents.items():
        units = UnitEvidence.collect(lines)
        for index, line in enumerate(lines):
            if only is not None and not only(doc, index):
                continue
            terms = _term_words(term_hints(doc, index)) if term_hints else set()
            found = (garble_suggestions(line, repairs, terms, lex, learned, doc, reach, context)
                     + titlecase_suggestions(line, units)
                     + mojibake_suggestions(line) + spacing_suggestions(line, lex))
            if found:
                result.suggestions[(doc, index)] = resolve_overlaps(found)
    return result
