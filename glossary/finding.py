"""What a checker finds: the one shape every proposed correction takes, whichever checker
made it. Stored in a project it becomes a ``corpus.suggestions.StoredSuggestion``."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

# A finding at or above this confidence is applied by ``bitextual fix`` without review.
SAFE_CONFIDENCE = 0.9


@dataclass(frozen=True, order=True)
class Finding:
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
