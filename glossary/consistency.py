"""Consistency report: how each glossary term was actually rendered across the aligned pairs."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from corpus.aligned import GLOSSARY_EVIDENCE, aligned_beads
from corpus.store import Project
from glossary.termbase import TermBase, glossary_signature
from glossary.termcheck import find_renderings, tokenize


@dataclass
class TermUsage:
    """Renderings of one concept found in the English of the beads whose Chinese has it."""

    concept_id: int
    zh: str
    preferred: str
    beads: int = 0
    """Beads whose Chinese contains the term."""
    renderings: Counter[tuple[str, str]] = field(default_factory=Counter)
    """(category, casefolded surface form) → count; categories as in ``find_renderings``."""
    missing_beads: list[int] = field(default_factory=list)
    """Beads where no rendering (not even a garbled one) was found."""

    @property
    def consistent(self) -> bool:
        """True when every occurrence used the preferred rendering."""
        return not self.missing_beads and all(cat == "preferred" for cat, _ in self.renderings)


@dataclass
class ConsistencyReport:
    """Per-concept usage over the project, with the glossary signature it was made with."""

    signature: str
    usages: list[TermUsage]

    def to_dict(self) -> dict[str, object]:
        """Plain dict for JSON output."""
        return {"signature": self.signature, "terms": [
            {"concept_id": u.concept_id, "zh": u.zh, "preferred": u.preferred, "beads": u.beads,
             "consistent": u.consistent,
             "renderings": [{"category": c, "text": t, "count": n}
                            for (c, t), n in u.renderings.most_common()],
             "missing_beads": u.missing_beads} for u in self.usages]}


def consistency_report(project: Project, termbase: TermBase | None = None,
                       corrected: bool = True) -> ConsistencyReport:
    """Count, for every glossary term seen in the Chinese, each English rendering used.

    By default on the text as reviewed (corrections applied), so a fixed rendering stops
    being counted as wrong; ``corrected=False`` reports on the imported text.
    """
    termbase = termbase or TermBase.load(project)
    usages: dict[int, TermUsage] = {}
    for pair in aligned_beads(project, GLOSSARY_EVIDENCE, corrected=corrected):
        concept_ids = dict.fromkeys(m.concept_id for m in termbase.find_in_chinese(pair.zh_norm))
        if not concept_ids:
            continue
        tokens = tokenize(pair.en_text)
        for concept_id in concept_ids:
            concept = termbase.concepts[concept_id]
            usage = usages.setdefault(concept_id, TermUsage(concept_id, concept.zh_preferred,
                                                            concept.en_preferred))
            usage.beads += 1
            hits = find_renderings(concept, pair.en_text, tokens)
            if not hits:
                usage.missing_beads.append(pair.bead_id)
            for hit in hits:
                category = "garbled" if hit.category.startswith("garbled") else hit.category
                usage.renderings[(category, hit.surface.casefold())] += 1
    ordered = sorted(usages.values(), key=lambda u: (u.consistent, -u.beads, u.zh))
    return ConsistencyReport(glossary_signature(project), ordered)
