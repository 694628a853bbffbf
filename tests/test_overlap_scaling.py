"""resolve_overlaps keeps exactly what the pairwise rule keeps, without comparing every pair
(issue 12, item 10: it was quadratic in the suggestions of one line)."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.finding import Finding
from glossary.garble.overlap import resolve_overlaps, spans_clash


def pairwise(found: list[Finding]) -> list[Finding]:
    """The rule as written before: keep a suggestion unless it clashes with a kept one."""
    kept: list[Finding] = []
    for sug in sorted(found, key=lambda s: (-s.confidence, s.start, s.rule)):
        if not any(spans_clash(sug, other) for other in kept):
            kept.append(sug)
    return sorted(kept)


def finding(start: int, length: int, confidence: float, rule: int) -> Finding:
    return Finding(start, start + length, "x" * length, "y", "spacing", f"r{rule}", confidence)


findings = st.lists(st.builds(finding, st.integers(0, 30), st.integers(0, 4),
                              st.sampled_from([0.5, 0.75, 0.9, 0.92]), st.integers(0, 3)),
                    max_size=25)


@settings(max_examples=400, derandomize=True, deadline=None)
@given(findings)
def test_same_choice_as_the_pairwise_rule(found: list[Finding]) -> None:
    assert resolve_overlaps(found) == pairwise(found)


def test_many_suggestions_in_one_line_are_resolved_fast() -> None:
    found = [finding(i * 3 + (i % 2), 2, 0.9, i % 3) for i in range(60_000)]
    found += [finding(i * 3, 0, 0.92, 1) for i in range(60_000)]
    started = time.monotonic()
    kept = resolve_overlaps(found)
    assert time.monotonic() - started < 10  # ~0.5 s; the pairwise rule took minutes
    assert len(kept) > 60_000
