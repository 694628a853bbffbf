"""Learning systematic substitution rules from the corpus itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary.finding import SAFE_CONFIDENCE
from glossary.garble.checker import RuleReach, extended_repair
from glossary.garble.lexicon import english_lexicon, is_pinyin_name
from glossary.garble.rules import (
    GarbleRule,
    Repair,
    count_families,
    learn_rules,
    single_edits,
    word_family,
)

# Text written for these tests: ordinary English about a garment cluster, in which every word
# containing FRAGMENT is replaced; the learner is never told which fragment.
TEMPLATE = [
    "The conference discussed the transformation of the industry and the transfer of jobs.",
    "Our transport costs and every transaction were reviewed during the national meeting.",
    "The station near the factory handles information about production and education.",
    "A second committee will continue to control the construction of the new centre.",
    "He said the connection between the regions is a condition for development.",
    "Many workers attended; the association promoted cooperation and innovation.",
]


def garble(lines: list[str], fragment: str, replacement: str) -> list[str]:
    """Replace ``fragment`` by ``replacement`` in every word (case of the first letter kept)."""
    out = []
    for line in lines:
        words = []
        for word in line.split(" "):
            lower = word.lower()
            if fragment in lower:
                new = lower.replace(fragment, replacement, 1)
                if word[0].isupper():
                    new = new[:1].upper() + new[1:]
                word = new
            words.append(word)
        out.append(" ".join(words))
    return out


@pytest.mark.parametrize(("fragment", "replacement"), [
    ("trans", "p"),      # the seeds' garble
    ("tion", "d"),       # suffix-like fragment
    ("con", "k"),        # prefix-like fragment
    ("tion", ""),        # a dropped fragment
])
def test_learns_the_substitution_that_was_applied(fragment: str, replacement: str) -> None:
    docs = {"a.txt": garble(TEMPLATE, fragment, replacement)}
    rules = learn_rules(docs)
    assert rules, "no rule learned"
    best = rules[0]
    assert (best.garbled, best.original) == (replacement, fragment)
    assert best.types >= 3
    assert best.confidence >= SAFE_CONFIDENCE
    assert fragment in best.evidence()


def test_no_confident_rule_in_clean_text() -> None:
    rules = learn_rules({"a.txt": TEMPLATE})
    assert all(rule.confidence < SAFE_CONFIDENCE for rule in rules)


def test_inflections_of_one_word_are_not_independent_evidence() -> None:
    # "pfer" and "pferred" are one family; alone they must not make a proposed rule.
    docs = {"a.txt": ["We pfer goods and pferred them; the pferring went well."] + TEMPLATE[2:]}
    assert not [r for r in learn_rules(docs) if r.original == "trans"]


def test_fragment_intact_elsewhere_in_the_document_contradicts_the_rule() -> None:
    # "in" survives in dozens of words, so "p -> in" (pfer -> infer) is not a systematic garble.
    docs = {"a.txt": garble(TEMPLATE, "trans", "p")}
    rules = learn_rules(docs)
    assert all(r.original != "in" for r in rules if r.confidence >= 0.5)


def test_seeds_learn_p_for_trans(seeds_dir: Path) -> None:
    docs = {p.name: p.read_text(encoding="utf-8").splitlines()
            for p in sorted(seeds_dir.glob("00[0-3]_*.txt"))}
    rules = learn_rules(docs)
    assert rules[0].name == "garble:p->trans"
    assert {r.damaged for r in rules[0].repairs} == {"pformation", "pfer"}
    assert rules[0].confidence >= SAFE_CONFIDENCE


@pytest.mark.parametrize(("words", "families"), [
    (["transfer", "transferred", "transferring"], 1),
    (["transfer", "transformation"], 2),
    (["decided", "undecided"], 1),
    (["objection", "objections"], 1),
    (["belong", "belongs"], 1),
    (["transport", "transaction", "transformation"], 3),
])
def test_word_families(words: list[str], families: int) -> None:
    assert count_families(words) == families


@pytest.mark.parametrize(("word", "stem"), [
    ("seized", "seiz"), ("seizing", "seiz"), ("hypocrites", "hypocrit"), ("transfer", "transfer"),
])
def test_word_family_stem(word: str, stem: str) -> None:
    assert word_family(word) == stem


@pytest.mark.parametrize(("word", "pinyin"), [
    ("Humen", True), ("Shaxi", True), ("Zhongshan", True), ("Luomeng", True),
    ("pformation", False), ("pfer", False), ("kference", False),
])
def test_pinyin_names_are_not_garble_candidates(word: str, pinyin: bool) -> None:
    assert is_pinyin_name(word) is pinyin


@pytest.mark.parametrize(("damaged", "edit"), [
    ("pformation", ("p", "trans", "transformation", "start")),
    ("informad", ("d", "tion", "information", "end")),
    ("kference", ("k", "con", "conference", "start")),
    ("sekd", ("k", "con", "second", "mid")),
])
def test_single_edits_find_the_repair(damaged: str, edit: tuple[str, str, str, str]) -> None:
    assert edit in single_edits(damaged, english_lexicon())


def test_rivals_explaining_the_same_words_make_neither_safe() -> None:
    # Too little text to tell p->trans (transformation, transfer) from p->re (reformation,
    # refer): neither "trans" nor "re" occurs intact to rule one out.
    docs = {"a.txt": ["Round Table On Pformation Of Clusters",
                      "The industry pformation helps firms pfer production; the pfer went well."]}
    rules = learn_rules(docs)
    assert rules and all(rule.confidence < SAFE_CONFIDENCE for rule in rules)


# A rule at work (v for ore, as a learner would establish it) and where it may reach further.
ORE_RULE = GarbleRule("v", "ore", (Repair("befv", "before", 5), Repair("therefv", "therefore", 2),
                                   Repair("scvs", "scores", 2)), (), 1.0, "any")
JIENCE_RULE = GarbleRule("j", "exper", (Repair("jts", "experts", 3), Repair("jiment",
                                        "experiment", 2)), (), 1.0, "start")
INDISPUT_RULE = GarbleRule("x", "able", (Repair("capx", "capable", 3), Repair("suitx",
                                         "suitable", 2)), (), 1.0, "end")


@pytest.mark.parametrize(("rule", "documents", "token", "expected"), [
    # A rare real word 100x rarer than the repair, only where the garble is at work.
    (ORE_RULE, {"a": ["befv the mv of it, therefv the scvs"]}, "mv", "more"),
    # The same word also where the fragment is intact (core): a real word there.
    (ORE_RULE, {"a": ["befv the mv of it, therefv the scvs"], "b": ["the core of mv"]},
     "mv", None),
    # No evidence of the rule in any document holding the word.
    (ORE_RULE, {"a": ["befv therefv scvs"], "b": ["the mv here"]}, "mv", None),
    # A common word is never "repaired" into a rarer or similar one.
    (ORE_RULE, {"a": ["befv therefv scvs", "the cv of it"]}, "cv", None),
    # Pinyin-shaped but lowercase: a damaged word, not a Chinese name.
    (JIENCE_RULE, {"a": ["jts say the jiment gave jience"]}, "jience", "experience"),
    (JIENCE_RULE, {"a": ["jts say the jiment gave Jience"]}, "Jience", None),
    # ... unless the same word is written in lowercase elsewhere (a sentence start).
    (JIENCE_RULE, {"a": ["jts say the jiment gave jience.", "Jience counts."]}, "Jience",
     "experience"),
    # Ill-formed, with a rarer repair than the usual cut-off (indisputable, zipf 2.85).
    (INDISPUT_RULE, {"a": ["capx and suitx, indisputx"]}, "indisputx", "indisputable"),
    # A capitalised rare real word may be a name: left alone.
    (ORE_RULE, {"a": ["befv the Mv of it, therefv the scvs"]}, "Mv", None),
    # Rare English repairs (wordfreq zipf 1.5-2.1): a rule learned from common words
    # repairs them too, also in a document too short to show the rule's evidence itself.
    (ORE_RULE, {"a": ["befv the stevedvs came, therefv the scvs"]}, "stevedvs", "stevedores"),
    (ORE_RULE, {"a": ["befv therefv scvs"], "b": ["hellebvs bloom"]}, "hellebvs", "hellebores"),
    (INDISPUT_RULE, {"a": ["capx and suitx"], "b": ["an unflappx man"]}, "unflappx",
     "unflappable"),
    # ... but not where the fragment survives intact (the word is not damaged there).
    (ORE_RULE, {"a": ["befv therefv scvs"], "b": ["the core of hellebvs"]}, "hellebvs", None),
    # A name no list knows is repaired when the documents use it intact elsewhere.
    (GarbleRule("p", "uan", (Repair("gpgdong", "guangdong", 3), Repair("qptity", "quantity", 2)),
                (), 1.0, "any"),
     {"a": ["in gpgdong a qptity; Xinhpet said"], "b": ["Xinhuanet reported"]}, "Xinhpet",
     "xinhuanet"),
])
def test_rules_reach_further_only_where_at_work(rule: GarbleRule, documents: dict[str, list[str]],
                                                token: str, expected: str | None) -> None:
    lex = english_lexicon()
    reach = RuleReach.collect(documents, [rule], lex)
    doc = next(d for d, lines in documents.items() if any(token in ln for ln in lines))
    found = extended_repair(token, doc, [rule], reach, lex)
    assert (found[1].lower() if found else None) == expected
    if found:
        assert found[2] >= SAFE_CONFIDENCE


# Context (issue 12): a short token or a real word is repaired only where an established rule
# proposes it and the sentence prefers the repair (symspellpy's English word pairs). Rules
# as a learner would establish them; sentences of general English.
ABLE_RULE = GarbleRule("x", "able", (Repair("capx", "capable", 3), Repair("suitx", "suitable", 2),
                                     Repair("tx", "table", 2)), (), 1.0, "any")
ECE_RULE = GarbleRule("a", "ece", (Repair("pia", "piece", 3), Repair("rantly", "recently", 2),
                                   Repair("dant", "decent", 2)), (), 1.0, "any")


@pytest.mark.parametrize(("rule", "lines", "token", "expected"), [
    # Damaged: the sentence asks for the repair.
    (ABLE_RULE, ["The capx staff will be x to help.", "A suitx room."], "x", "able"),
    (ECE_RULE, ["In rant years the town grew.", "A pia of news."], "rant", "recent"),
    # The same tokens as the words they are: the sentence keeps them.
    (ABLE_RULE, ["The capx staff drew the x axis.", "A suitx room."], "x", None),
    (ABLE_RULE, ["A capx man told a x story.", "A suitx room."], "x", None),
    (ECE_RULE, ["He went on a rant about taxes.", "A pia of news."], "rant", None),
    # The fragment intact in a real word of the document: not damaged here.
    (ECE_RULE, ["In rant years the town grew.", "A decent man."], "rant", None),
    # No established rule: context alone never proposes an edit.
    (GarbleRule("a", "ece", ABLE_RULE.repairs, (), 0.6, "any"),
     ["In rant years the town grew.", "A pia of news."], "rant", None),
])
def test_context_confirms_short_and_real_word_repairs(
        rule: GarbleRule, lines: list[str], token: str, expected: str | None) -> None:
    from glossary.garble.checker import check_documents

    result = check_documents({"a.txt": lines}, rules=[rule])
    found = [s for s in result.suggestions.get(("a.txt", 0), []) if s.original == token]
    assert (found[0].replacement.lower() if found and found[0].safe else None) == expected
    if found and expected:
        assert "the sentence prefers" in found[0].evidence


@pytest.mark.parametrize(("first", "second", "sign"), [
    ("be", "able", 1),    # listed and far above chance
    ("recent", "years", 1),
    ("a", "to", -1),      # would be listed by chance alone, and is not: evidence against
    ("the", "says", -1),
    ("in", "rant", 0),    # rare either way: no evidence
    ("be", "xyzzy", 0),   # a word the list does not know
])
def test_word_pair_association(first: str, second: str, sign: int) -> None:
    from glossary.garble.context import english_context

    value = english_context().log_association(first, second)
    assert (value > 0.5) if sign > 0 else (value < -0.5) if sign < 0 else value == 0.0


def test_a_weak_claim_gives_way_to_an_established_rule() -> None:
    # A weak rule (g for ndepen, two words, 0.47) claims 'igdence'; the established g->mpu
    # repairs it too (impudence, a rare word) and must win: the weak claim is no evidence
    # against it.
    from glossary.garble.checker import check_documents

    strong = GarbleRule("g", "mpu", (Repair("cogter", "computer", 4), Repair("iglse", "impulse", 2),
                                     Repair("cogtsory", "compulsory", 2)), (), 0.998, "any")
    weak = GarbleRule("g", "ndepen", (Repair("igdence", "independence", 1),
                                      Repair("igdent", "independent", 1)), (), 0.47, "any")
    result = check_documents({"a.txt": ["The cogter showed his igdence to all."]},
                             rules=[strong, weak])
    safe = [s for s in result.suggestions[("a.txt", 0)] if s.original == "igdence" and s.safe]
    assert [(s.replacement, s.rule) for s in safe] == [("impudence", "garble:g->mpu")]
