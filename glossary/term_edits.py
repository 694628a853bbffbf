"""The glossary edits a reviewer makes from the review UI, and where a term occurs.

Each edit goes through :mod:`glossary.termbase`, which validates it and logs it as one
undoable decision (:mod:`corpus.decisions`); these helpers only turn what the reviewer typed
(one Chinese term, one English rendering) into a concept.
"""

from __future__ import annotations

from dataclasses import dataclass

from corpus.store import Project
from glossary import termbase
from glossary.termbase import Concept


def list_entries(project: Project, search: str = "", proposals: bool = False) -> list[Concept]:
    """Glossary concepts (or bootstrap proposals) having a term that contains ``search``."""
    return termbase.list_concepts(project, search=search or None, proposals=proposals)


def add_term(project: Project, zh: str, en: str, note: str | None = None,
             domain: str | None = None) -> int:
    """Add a concept with one Chinese term and its preferred English; returns its id."""
    concept = termbase.make_concept(zh.strip(), en.strip(), domain=domain, note=note,
                                    source="reviewer")
    return termbase.add_concept(project, concept)


def edit_term(project: Project, concept_id: int, zh: str, en: str) -> int:
    """Set the preferred Chinese term and English rendering of a concept (others are kept,
    the previous preferred English as an admitted variant); returns the decision."""
    with project.transaction():
        old = termbase.get_concept(project, concept_id)
        other_zh = [t.text for t in old.zh[1:]]
        keep = {status: [t.text for t in old.en if t.status == status
                         and termbase.normalise_en(t.text) != termbase.normalise_en(en)]
                for status in ("admitted", "deprecated", "superseded", "forbidden")}
        new_en = termbase.normalise_en(en)
        if old.en_preferred and termbase.normalise_en(old.en_preferred) != new_en:
            keep["admitted"].append(old.en_preferred)
        concept = termbase.make_concept([zh.strip(), *other_zh], en.strip(), **keep,
                                        domain=old.domain, note=old.note, source=old.source)
        return termbase.replace_concept(project, concept_id, concept)


@dataclass(frozen=True)
class Occurrence:
    """A segment containing a glossary term."""

    segment_id: str
    document: str
    lang: str
    text: str


def term_occurrences(project: Project, concept_id: int, limit: int = 200) -> list[Occurrence]:
    """Segments (article text) where any term of the concept occurs."""
    terms = project.conn.execute("SELECT lang, text, norm FROM terms WHERE concept_id = ?",
                                 (concept_id,)).fetchall()
    found: dict[str, Occurrence] = {}
    for term in terms:
        rows = project.conn.execute(
            "SELECT s.id, d.name, d.lang, COALESCE(s.corrected, s.text) AS t FROM segments s "
            "JOIN documents d ON d.id = s.document_id WHERE s.boilerplate IS NULL AND "
            "(instr(s.norm, ?) > 0 OR instr(lower(COALESCE(s.corrected, s.text)), lower(?)) > 0)"
            " ORDER BY d.name, s.position LIMIT ?", (term["norm"], term["text"], limit)).fetchall()
        for row in rows:
            found.setdefault(row["id"], Occurrence(row["id"], row["name"], row["lang"], row["t"]))
    return list(found.values())[:limit]
