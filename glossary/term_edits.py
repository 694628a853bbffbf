"""The glossary edits a reviewer makes from the review UI, and where a term occurs.

Each edit goes through :mod:`glossary.termbase`, which validates it and logs it as one
undoable decision (:mod:`corpus.decisions`); these helpers only turn what the reviewer typed
(one Chinese term, one English rendering) into a concept.
"""

from __future__ import annotations

from collections.abc import Sequence

from corpus.aligned import SegmentPlace, find_segments
from corpus.language import normalise_zh
from corpus.store import Project
from glossary import termbase
from glossary.termbase import Concept, GlossaryError


def list_entries(project: Project, search: str = "", proposals: bool = False) -> list[Concept]:
    """Glossary concepts (or bootstrap proposals) having a term that contains ``search``."""
    return termbase.list_concepts(project, search=search or None, proposals=proposals)


def add_term(project: Project, zh: str, en: str, note: str | None = None,
             domain: str | None = None, admitted: Sequence[str] = (),
             forbidden: Sequence[str] = ()) -> int:
    """Add a concept with one Chinese term, its preferred English and, optionally, admitted
    variants, forbidden renderings and a note; returns its id."""
    concept = termbase.make_concept(zh.strip(), en.strip(), admitted=admitted,
                                    forbidden=forbidden, domain=domain, note=note,
                                    source="reviewer")
    return termbase.add_concept(project, concept)


OLD_PREFERRED_FATES = ("admitted", "deprecated", "forbidden", "dropped")
"""What the previous preferred English becomes when an edit replaces it."""


def edit_term(project: Project, concept_id: int, zh: str, en: str, *,
              admitted: Sequence[str] | None = None, forbidden: Sequence[str] | None = None,
              note: str | None = None, old_preferred: str = "admitted") -> int:
    """Set the preferred Chinese term and English rendering of a concept; returns the decision.

    Other Chinese terms are kept. ``admitted``/``forbidden``, when given, replace those lists
    (else they are kept); ``note`` (when given) replaces the note. A replaced preferred English
    becomes ``old_preferred``: an admitted variant, deprecated or forbidden (a re-check then
    suggests the new one for it), or is dropped — the reviewer says which.
    """
    if old_preferred not in OLD_PREFERRED_FATES:
        raise GlossaryError(f"the old preferred rendering cannot become '{old_preferred}'",
                            hint=f"choose one of {', '.join(OLD_PREFERRED_FATES)}")
    with project.transaction():
        old = termbase.get_concept(project, concept_id)
        other_zh = [t.text for t in old.zh[1:]]
        new_en = termbase.normalise_en(en)
        keep = {status: [t.text for t in old.en if t.status == status
                         and termbase.normalise_en(t.text) != new_en]
                for status in ("admitted", "deprecated", "superseded", "forbidden")}
        if admitted is not None:
            keep["admitted"] = [t for t in admitted if termbase.normalise_en(t) != new_en]
        if forbidden is not None:
            keep["forbidden"] = [t for t in forbidden if termbase.normalise_en(t) != new_en]
        if old.en_preferred and termbase.normalise_en(old.en_preferred) != new_en \
                and old_preferred != "dropped":
            old_key = termbase.normalise_en(old.en_preferred)
            for texts in keep.values():  # listed once, under the status the reviewer chose
                texts[:] = [t for t in texts if termbase.normalise_en(t) != old_key]
            keep[old_preferred].append(old.en_preferred)
        concept = termbase.make_concept([zh.strip(), *other_zh], en.strip(), **keep,
                                        domain=old.domain,
                                        note=old.note if note is None else (note or None),
                                        source=old.source)
        return termbase.replace_concept(project, concept_id, concept)


def term_occurrences(project: Project, concept_id: int,
                     limit: int = 200) -> list[SegmentPlace]:
    """Segments (article text) where any term of the concept occurs."""
    concept = termbase.get_concept(project, concept_id)
    found: dict[str, SegmentPlace] = {}
    for term in concept.zh + concept.en:
        norm = normalise_zh(term.text) if term.lang == "zh" else termbase.normalise_en(term.text)
        for place in find_segments(project, norm, term.text, limit):
            found.setdefault(place.segment_id, place)
    return list(found.values())[:limit]
