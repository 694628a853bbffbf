"""``bitextual check`` on a project: learn rules over all English segments, store suggestions.

Suggestions are keyed by ``(segment_id, start, end, replacement, rule)`` (the UNIQUE
constraint of the ``suggestions`` table): a re-run updates confidence and evidence, keeps a
reviewer's accepted/rejected status, reopens a stale one that is found again, and marks
open ones that are no longer found as ``stale``. Learned rules go to ``garble_rules`` with
their evidence; a rule the reviewer rejected produces no new suggestions.

A segment the reviewer has changed (``segments.corrected IS NOT NULL``: a free edit or an
accepted suggestion) belongs to the reviewer: check makes no suggestions for it and leaves
the status of its existing suggestions alone (a stale one is never reopened, an open one is
never marked stale). Stored suggestions' offsets point into the original ``segments.text``, so a
suggestion found there again says nothing about the reviewed text. Its original text still
counts as evidence when rules are learned.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from corpus.aligned import GARBLE_HINTS, aligned_beads, language_segments
from corpus.store import Project, now_iso
from corpus.suggestions import store_check_findings
from glossary.finding import SAFE_CONFIDENCE, Finding
from glossary.garble.checker import check_documents
from glossary.garble.rules import GarbleRule
from glossary.termbase import TermBase
from glossary.termcheck import check_project_terms

CHECK_KINDS = ("garble", "titlecase", "mojibake", "spacing", "term")


@dataclass
class LocatedFinding:
    """A finding of this run on one segment of the project (stored as a suggestion)."""

    segment_id: str
    document: str
    line: int | None
    finding: Finding


@dataclass
class ProjectCheckReport:
    """What ``check_project`` found and stored."""

    rules: list[GarbleRule] = field(default_factory=list)
    rule_status: dict[str, str] = field(default_factory=dict)
    found: list[LocatedFinding] = field(default_factory=list)
    inserted: int = 0
    stale: int = 0
    reviewed_segments: int = 0
    """English segments skipped because the reviewer changed them (``corrected`` set)."""
    by_kind: Counter[str] = field(default_factory=Counter)
    signature: str = ""
    glossary: str = ""
    """How the glossary took part (or why it did not)."""


def _load_term_hints(project: Project, en_rows: list[dict[str, Any]]) -> tuple[
        Callable[[str, int], set[str]] | None, str]:
    """English renderings of glossary terms in each English segment's aligned Chinese text
    (beads of the ``GARBLE_HINTS`` policy: all but rejected ones)."""
    termbase = TermBase.load(project)
    aligned: dict[str, str] = defaultdict(str)
    for bead in aligned_beads(project, GARBLE_HINTS):
        for en_id, _, _ in bead.en_segments:
            aligned[en_id] += bead.zh_norm
    by_position = {(row["doc"], row["idx"]): row["id"] for row in en_rows}
    cache: dict[str, set[str]] = {}

    def hints(doc: str, index: int) -> set[str]:
        seg = by_position.get((doc, index))
        if seg is None or seg not in aligned:
            return set()
        if seg not in cache:
            text = aligned[seg]
            cache[seg] = set(termbase.english_for_chinese(text)) if text else set()
        return cache[seg]

    return hints, "glossary terms of the aligned Chinese text raise confidence"


def check_project(project: Project) -> ProjectCheckReport:
    """Run every garble check and the term check on the project's English segments; store all
    (under the project's writer lock: suggestions name segments a re-import could delete)."""
    with project.exclusive("check"):
        return _check_project(project)


def _check_project(project: Project) -> ProjectCheckReport:
    documents: dict[str, list[str]] = defaultdict(list)
    en_rows: list[dict[str, Any]] = []
    article: set[tuple[str, int]] = set()
    reviewed: set[str] = set()
    for segment in language_segments(project, "en"):
        index = len(documents[segment.document])
        documents[segment.document].append(segment.text)
        en_rows.append({"id": segment.id, "doc": segment.document, "idx": index,
                        "line": segment.line})
        if segment.corrected is not None:
            reviewed.add(segment.id)  # the reviewer owns this text now: no suggestions
        elif segment.boilerplate is None:
            article.add((segment.document, index))
    report = ProjectCheckReport(reviewed_segments=len(reviewed))
    hints, report.glossary = _load_term_hints(project, en_rows)
    stored_rules = project.conn.execute(
        "SELECT name, pattern, replacement, status FROM garble_rules").fetchall()
    statuses = {r["name"]: r["status"] for r in stored_rules}
    accepted = [GarbleRule(r["pattern"], r["replacement"], (), (), SAFE_CONFIDENCE)
                for r in stored_rules if r["status"] == "accepted"]
    # Rules are learned from all English text (boilerplate too: more evidence), but only
    # article sentences get suggestions.
    result = check_documents(documents, term_hints=hints,
                             only=lambda doc, index: (doc, index) in article,
                             accepted=accepted)
    report.rules = result.rules
    report.signature = result.signature
    by_position = {(r["doc"], r["idx"]): r for r in en_rows}
    for (doc, index), sugs in sorted(result.suggestions.items()):
        row = by_position[(doc, index)]
        for sug in sugs:
            status = statuses.get(sug.rule)
            if status == "rejected":
                continue
            if status == "accepted" and sug.confidence < SAFE_CONFIDENCE:
                # The reviewer vouched for the rule once; each occurrence stays reviewable.
                sug = replace(sug, confidence=SAFE_CONFIDENCE,
                              evidence="rule accepted by the reviewer; " + sug.evidence)
            report.found.append(LocatedFinding(row["id"], doc, row["line"], sug))
    segment_doc = {r["id"]: (r["doc"], r["line"]) for r in en_rows}
    for seg_id, sug in check_project_terms(project):
        if seg_id in reviewed:
            continue
        doc, line = segment_doc.get(seg_id, ("", None))
        report.found.append(LocatedFinding(seg_id, doc, line, sug))
    report.by_kind = Counter(f.finding.kind for f in report.found)
    _store(project, report, reviewed)
    report.rule_status = {rule.name: statuses.get(rule.name, "proposed") for rule in report.rules}
    return report


def _store(project: Project, report: ProjectCheckReport, reviewed: set[str]) -> None:
    now = now_iso()
    with project.transaction() as conn:
        report.inserted, report.stale = store_check_findings(
            project, [(item.segment_id, item.finding) for item in report.found], CHECK_KINDS,
            keep=reviewed)
        for rule in report.rules:
            evidence = json.dumps({"summary": rule.evidence(), "confidence": rule.confidence,
                                   "repairs": rule.evidence_json(),
                                   "intact": [list(i) for i in rule.intact[:20]]},
                                  ensure_ascii=False)
            conn.execute(
                "INSERT INTO garble_rules(name, pattern, replacement, status, evidence, "
                "created_at) VALUES (?, ?, ?, 'proposed', ?, ?) "
                "ON CONFLICT(name) DO UPDATE SET evidence = excluded.evidence",
                (rule.name, rule.garbled, rule.original, evidence, now))
        conn.execute(
            "INSERT INTO runs(command, signature, started_at, finished_at, summary) "
            "VALUES ('check', ?, ?, ?, ?)",
            (report.signature, now, now_iso(), json.dumps(
                {"suggestions": len(report.found), "new": report.inserted, "stale": report.stale,
                 "reviewed_segments_skipped": report.reviewed_segments,
                 "rules": [r.name for r in report.rules], "by_kind": dict(report.by_kind)})))
