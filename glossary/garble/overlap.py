"""Choosing among suggestions that touch the same characters."""

from __future__ import annotations

from glossary.finding import Finding


def spans_clash(a: Finding, b: Finding) -> bool:
    """True when applying both would touch the same characters (or insert at one point)."""
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def resolve_overlaps(found: list[Finding]) -> list[Finding]:
    """Drop the less confident of two suggestions touching the same characters."""
    kept: list[Finding] = []
    for sug in sorted(found, key=lambda s: (-s.confidence, s.start, s.rule)):
        if not any(spans_clash(sug, other) for other in kept):
            kept.append(sug)
    return sorted(kept)
