"""What a reviewer does with a *missing term* finding (kind ``term-missing``).

The term check stores one when a glossary term occurs in the Chinese of a bead and none of
its English renderings occurs in the English (:mod:`glossary.termcheck`). Such a finding has
no span and no replacement, so "accept" has nothing to apply and is refused
(:func:`corpus.suggestions.accept_suggestion`). Instead the reviewer:

* **adds the rendering in an edit**: :func:`resolve_by_edit` applies the edit and marks the
  finding ``accepted`` in the same decision, and only when the edited English of the bead
  now holds a preferred or admitted rendering of the concept;
* **adds the English wording as a glossary variant**: :func:`add_variant` stores it as an
  admitted rendering of the concept and marks the finding ``accepted``, one decision, and
  only when the bead's English holds that wording;
* **dismisses it**: :func:`corpus.suggestions.reject_suggestion` (status ``rejected``).

All three are undoable like every review decision. The decision's action says which way it
was resolved (``resolve_missing_term`` with ``how`` = ``edit`` or ``variant``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from corpus import segment_edits
from corpus.aligned import segment_texts
from corpus.decisions import Action, RowTracker, record
from corpus.errors import ReviewError
from corpus.store import Project
from corpus.suggestions import MISSING_TERM_KIND, StoredSuggestion, get_suggestion
from glossary import termbase
from glossary.termbase import Concept, Term
from glossary.termcheck import find_renderings

RULE_PREFIX = "term-missing:"
USABLE = ("preferred", "admitted")


@dataclass(frozen=True)
class MissingTerm:
    """A missing-term finding with its concept and the English of its bead."""

    finding: StoredSuggestion
    concept: Concept
    en_segments: tuple[str, ...]
    """The English segment ids of the bead the finding was made on."""


def missing_term(project: Project, suggestion_id: int) -> MissingTerm:
    """The open missing-term finding ``suggestion_id``; ``ReviewError`` for anything else."""
    found = get_suggestion(project, suggestion_id)
    if found.kind != MISSING_TERM_KIND:
        raise ReviewError(f"suggestion {suggestion_id} is a {found.kind} fix, not a "
                          "missing-term finding", hint="accept or reject it instead")
    if found.status != "open":
        raise ReviewError(f"missing-term finding {suggestion_id} is {found.status}, not open")
    zh = found.rule.removeprefix(RULE_PREFIX)
    concepts = termbase.find_concepts_by_zh(project, zh)
    if not concepts:
        raise ReviewError(f"finding {suggestion_id}: the glossary no longer has {zh}",
                          hint="dismiss the finding, or run 'bitextual check' again")
    concept = termbase.get_concept(project, concepts[0])
    en_segments: tuple[str, ...] = (found.segment_id,)
    for row in project.conn.execute(
            "SELECT en_ids FROM beads WHERE instr(en_ids, ?) > 0 ORDER BY id",
            (f'"{found.segment_id}"',)):
        en_segments = tuple(json.loads(row[0]))
        break
    return MissingTerm(found, concept, en_segments)


def _bead_english(project: Project, missing: MissingTerm, texts: dict[str, str]) -> str:
    current = segment_texts(project, missing.en_segments)
    return " ".join(texts.get(s, current[s][1]) for s in missing.en_segments if s in current)


def _usable_hits(concept: Concept, english: str) -> list[str]:
    return [hit.surface for hit in find_renderings(concept, english) if hit.category in USABLE]


def resolve_by_edit(project: Project, suggestion_id: int, texts: dict[str, str]) -> int:
    """Edit the bead's English (segment id → new text) so it holds the rendering, and mark
    the finding resolved, as one decision; returns its id."""
    with project.transaction():
        missing = missing_term(project, suggestion_id)
        outside = [s for s in texts if s not in missing.en_segments]
        if outside:
            raise ReviewError(f"segment {outside[0]} is not in the English of the bead of "
                              f"finding {suggestion_id}", hint="edit the bead's own English")
        english = _bead_english(project, missing, texts)
        if not _usable_hits(missing.concept, english):
            renderings = ", ".join(repr(t) for t in missing.concept.en_with(*USABLE))
            raise ReviewError(
                f"the edited English still lacks a rendering of {missing.concept.zh_preferred} "
                f"({renderings})", hint="add the rendering to the text, add your wording as a "
                "glossary variant, or dismiss the finding")
        decision = segment_edits.edit_segments(project, texts, action=Action.RESOLVE_MISSING_TERM,
                                             resolve=suggestion_id)
        if decision is None:
            raise ReviewError("the edit changes nothing",
                              hint="add the rendering to the English of the bead")
        return decision


def add_variant(project: Project, suggestion_id: int, english: str) -> int:
    """Store ``english`` as an admitted rendering of the finding's concept and resolve the
    finding, as one decision; returns its id."""
    wording = " ".join(english.split())
    if not wording:
        raise ReviewError("the variant is empty", hint="type the English wording the text uses")
    with project.transaction() as conn:
        missing = missing_term(project, suggestion_id)
        concept = missing.concept
        assert concept.id is not None
        key = termbase.normalise_en(wording)
        for term in concept.en:
            if termbase.normalise_en(term.text) == key:
                raise ReviewError(f"'{wording}' is already a {term.status} rendering of "
                                  f"{concept.zh_preferred}",
                                  hint="edit the glossary entry to change its status")
        widened = Concept(concept.zh, concept.en + (Term(wording, "en", "admitted"),),
                          concept.domain, concept.note, concept.source, concept.id)
        if wording not in _usable_hits(widened, _bead_english(project, missing, {})):
            raise ReviewError(f"'{wording}' does not occur in the English of the bead",
                              hint="type the wording exactly as the translation has it")
        tracker = RowTracker(conn)
        tracker.watch("suggestions", [suggestion_id])
        cur = conn.execute("INSERT INTO terms(concept_id, lang, text, norm, status) "
                           "VALUES (?, 'en', ?, ?, 'admitted')", (concept.id, wording, key))
        tracker.watch_new("terms", int(cur.lastrowid or 0))
        termbase._bump_version(project)
        conn.execute("UPDATE suggestions SET status = 'accepted' WHERE id = ?", (suggestion_id,))
        return record(project, Action.RESOLVE_MISSING_TERM, f"suggestion:{suggestion_id}",
                      tracker.payload(how="variant", concept=concept.id, variant=wording))
