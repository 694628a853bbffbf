"""All garble checks over a set of documents: learn substitution rules once, then check lines."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version

from glossary.garble.lexicon import FREQUENT_ZIPF, OOV_ZIPF, Lexicon, english_lexicon
from glossary.garble.mojibake import mojibake_suggestions
from glossary.garble.overlap import resolve_overlaps
from glossary.garble.rules import (
    GarbleRule,
    is_candidate_token,
    learn_rules,
    rule_repairs_token,
    single_edits,
)
from glossary.garble.spacing import spacing_suggestions
from glossary.garble.titlecase import titlecase_suggestions
from glossary.garble.tokens import iter_words, match_case
from glossary.suggestion import SAFE_CONFIDENCE, Suggestion

CHECKER_VERSION = "1"
TERM_BOOST_ODDS = 4.0
"""A glossary term for the repair on the aligned Chinese side divides the doubt by this."""
UNSEEN_TOKEN_PENALTY = 0.03
"""A damaged word the rule did not learn from gets slightly less trust than its evidence."""
TERM_ONLY_CONFIDENCE = 0.8
"""A one-word repair backed only by the glossary: worth showing, not safe to apply blind."""

LineKey = tuple[str, int]
"""(document name, 0-based line index)."""


def checker_signature() -> str:
    """Versions and parameters that determine the suggestions (printed with every report)."""
    def ver(pkg: str) -> str:
        try:
            return version(pkg)
        except PackageNotFoundError:
            return "?"
    return (f"bitextual-garble {CHECKER_VERSION} | wordfreq {ver('wordfreq')} | "
            f"ftfy {ver('ftfy')} | oov<zipf {OOV_ZIPF} | repair>=zipf {FREQUENT_ZIPF}")


@dataclass
class CheckResult:
    """Learned rules and the suggestions of every checked line."""

    rules: list[GarbleRule]
    suggestions: dict[LineKey, list[Suggestion]] = field(default_factory=dict)
    signature: str = ""

    def all(self) -> list[tuple[str, int, Suggestion]]:
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


def garble_suggestions(line: str, repairs: Mapping[str, tuple[GarbleRule, str]],
                       term_words: set[str], lexicon: Lexicon,
                       rules: Sequence[GarbleRule] = ()) -> list[Suggestion]:
    """Suggestions for damaged words of ``line`` from learned rules (and glossary hints)."""
    found: list[Suggestion] = []
    for token in iter_words(line):
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
            found.append(Suggestion(token.start, token.end, token.text, replacement, "garble",
                                    rule.name, round(confidence, 4), evidence))
        elif is_candidate_token(token.text, lexicon) and (
                extra := _repair_by_learned_rules(token.text, rules, lexicon)) is not None:
            # Too short to have taken part in learning (frc -> front), but a learned rule
            # repairs it into a frequent word.
            rule, replacement = extra
            confidence = max(0.0, rule.confidence - UNSEEN_TOKEN_PENALTY)
            found.append(Suggestion(token.start, token.end, token.text, replacement, "garble",
                                    rule.name, round(confidence, 3),
                                    f"not in the rule's evidence; {rule.evidence()}"))
        elif term_words and is_candidate_token(token.text, lexicon):
            # No rule covers it, but one single edit gives a word the glossary expects here.
            matches = sorted({w for _, _, w, _ in single_edits(lower, lexicon)
                              if w in term_words})
            if len(matches) == 1:
                replacement = match_case(token.text, matches[0])
                if replacement is not None:
                    found.append(Suggestion(
                        token.start, token.end, token.text, replacement, "garble",
                        "garble:glossary-hint", TERM_ONLY_CONFIDENCE,
                        f"glossary: the aligned Chinese text has a term rendered "
                        f"'{matches[0]}', one edit away from '{token.text}'"))
    return found


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
    result = CheckResult(rules=learned, signature=checker_signature())
    for doc, lines in documents.items():
        for index, line in enumerate(lines):
            if only is not None and not only(doc, index):
                continue
            terms = _term_words(term_hints(doc, index)) if term_hints else set()
            found = (garble_suggestions(line, repairs, terms, lex, learned)
                     + titlecase_suggestions(line)
                     + mojibake_suggestions(line) + spacing_suggestions(line, lex))
            if found:
                result.suggestions[(doc, index)] = resolve_overlaps(found)
    return result
