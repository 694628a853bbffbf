"""The one shape every proposed correction takes, whichever checker made it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

# A suggestion at or above this confidence is applied by ``bitextual fix`` without review.
SAFE_CONFIDENCE = 0.9


@dataclass(frozen=True, order=True)
class Suggestion:
    """Replace ``text[start:end]`` (== ``original``) with ``replacement``."""

    start: int
    end: int
    original: str
    replacement: str
    kind: str
    """garble, titlecase, mojibake, spacing or term."""
    rule: str
    """Name of the rule that made it; reviewers accept or reject all of one rule at once."""
    confidence: float
    evidence: str = ""

    @property
    def safe(self) -> bool:
        """True when ``bitextual fix`` may apply it unreviewed."""
        return self.confidence >= SAFE_CONFIDENCE

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for JSON output."""
        return asdict(self)


def apply_suggestions(text: str, suggestions: list[Suggestion]) -> str:
    """Apply non-overlapping suggestions to ``text``; overlapping later ones are skipped."""
    out: list[str] = []
    cursor = 0
    for sug in sorted(suggestions, key=lambda s: (s.start, s.end)):
        if sug.start < cursor:
            continue
        if text[sug.start:sug.end] != sug.original:
            raise ValueError(f"suggestion {sug.rule} at {sug.start} does not match the text")
        out.append(text[cursor:sug.start])
        out.append(sug.replacement)
        cursor = sug.end
    out.append(text[cursor:])
    return "".join(out)
