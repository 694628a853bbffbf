"""Choosing among suggestions that touch the same characters."""

from __future__ import annotations

import bisect

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


class _KeptSpans:
    """Spans of suggestions kept so far, sorted; no two clash (see :func:`spans_clash`).

    That invariant bounds where a clash can be: replacements are disjoint and no insertion
    point lies strictly inside one, so only the last span starting before a new one, and
    the spans starting inside it, need a look. Each test is a binary search, so a line with
    thousands of suggestions (a 50 MB line) is not compared pair by pair.
    """

    def __init__(self) -> None:
        self.spans: list[tuple[int, int]] = []

    def clashes(self, start: int, end: int) -> bool:
        spans = self.spans
        before = bisect.bisect_left(spans, (start, -1)) - 1
        if before >= 0:
            other_start, other_end = spans[before]
            # the one span starting earlier that can reach over ``start``
            if other_start < other_end and other_end > start and (start < end or
                                                                  start < other_end):
                return True
        index = before + 1
        if start == end:  # an insertion point clashes only with another one at that point
            return index < len(spans) and spans[index] == (start, start)
        while index < len(spans) and spans[index][0] < end:
            other_start, other_end = spans[index]
            if other_start < other_end or other_start > start:
                return True
            index += 1  # an insertion point at ``start`` itself: no clash
        return False

    def add(self, start: int, end: int) -> None:
        bisect.insort(self.spans, (start, end))


def resolve_overlaps(found: list[Finding]) -> list[Finding]:
    """Drop the less confident of two suggestions touching the same characters."""
    kept: list[Finding] = []
    spans = _KeptSpans()
    for sug in sorted(found, key=lambda s: (-s.confidence, s.start, s.rule)):
        if not spans.clashes(sug.start, sug.end):
            kept.append(sug)
            spans.add(sug.start, sug.end)
    return sorted(kept)
