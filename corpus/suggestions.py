"""Stored suggestions: storing, listing, and the reviewer's accept/reject of one or a rule.

The ``suggestions`` table holds what the checkers of ``glossary`` found (a
``glossary.finding.Finding`` on one segment); this module owns the table and the decisions
taken on it. Each accept/reject is one transaction and one undoable decision
(:mod:`corpus.decisions`).

* **Corrected text.** ``segments.corrected`` is NULL while the text is unchanged, otherwise
  the reviewed English: the original with accepted suggestions applied, or the reviewer's
  edit (:mod:`corpus.segment_edits`). While a segment has no free edit, ``corrected`` is
  recomputed from the original and all accepted suggestions. On a freely edited segment an
  open suggestion that survived the edit points into the edited text (the edit re-anchored
  it, :mod:`corpus.segment_edits`) and is applied there; any other is applied where its
  ``original`` occurs exactly once in the edited text, and refused otherwise.
* **Missing terms.** A finding of kind ``term-missing`` (the glossary expects a rendering
  the English lacks) has no span and no replacement: accepting it, alone or with its rule,
  is refused rather than marked accepted with nothing changed. ``glossary.findings``
  resolves it (an edit adding the rendering, or a glossary variant); rejecting dismisses it.
* **Overlaps.** Accepting a suggestion marks overlapping open suggestions of the same
  segment ``stale``.
* **Rules.** Accepting a rule applies every open suggestion of the rule and, when it is a
  learned garble rule, marks it ``accepted`` in ``garble_rules`` (a later check trusts its
  new occurrences); rejecting one rejects its open suggestions and marks the rule
  ``rejected`` (a later check proposes nothing from it). Both are ONE decision, whether the
  CLI (``check --accept-rule``) or the review UI (``Y``) asks, and one undo restores all.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from corpus.aligned import read_segment
from corpus.decisions import Action, RowTracker, record
from corpus.errors import ReviewError, StoreError
from corpus.store import Project, now_iso


class Replacement(Protocol):
    """Replace ``text[start:end]`` (which must equal ``original``) with ``replacement``."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def original(self) -> str: ...
    @property
    def replacement(self) -> str: ...
    @property
    def rule(self) -> str: ...


class SuggestedFix(Replacement, Protocol):
    """What a checker reports about one span: a replacement with kind, confidence, evidence."""

    @property
    def kind(self) -> str: ...
    @property
    def confidence(self) -> float: ...
    @property
    def evidence(self) -> str: ...


def apply_replacements(text: str, replacements: Iterable[Replacement]) -> str:
    """Apply non-overlapping replacements to ``text``; overlapping later ones are skipped.

    ``ValueError`` when one does not match the text it claims to replace.
    """
    out: list[str] = []
    cursor = 0
    for item in sorted(replacements, key=lambda r: (r.start, r.end)):
        if item.start < cursor:
            continue
        if text[item.start:item.end] != item.original:
            raise ValueError(f"suggestion {item.rule} at {item.start} does not match the text")
        out.append(text[cursor:item.start])
        out.append(item.replacement)
        cursor = item.end
    out.append(text[cursor:])
    return "".join(out)


MISSING_TERM_KIND = "term-missing"
"""Kind of a finding with no span: the glossary expects a rendering the English lacks."""


@dataclass(frozen=True)
class StoredSuggestion:
    """One ``suggestions`` row: a fix of ``segments.text[start:end]`` with its status."""

    id: int
    segment_id: str
    status: str
    """open, accepted, rejected or stale."""
    start: int
    end: int
    original: str
    replacement: str
    kind: str
    rule: str
    confidence: float
    evidence: str


def suggestion_from_row(row: sqlite3.Row) -> StoredSuggestion:
    """A ``suggestions`` row (``SELECT *``) as a :class:`StoredSuggestion`."""
    return StoredSuggestion(
        id=row["id"], segment_id=row["segment_id"], status=row["status"], start=row["start"],
        end=row["end"], original=row["original"], replacement=row["replacement"],
        kind=row["kind"], rule=row["rule"], confidence=row["confidence"],
        evidence=row["evidence"])


def segment_suggestions(project: Project, segment_id: str,
                        status: str | None = None) -> list[StoredSuggestion]:
    """Suggestions of one segment (optionally of one status), by position."""
    sql = "SELECT * FROM suggestions WHERE segment_id = ?"
    args: list[Any] = [segment_id]
    if status is not None:
        sql += " AND status = ?"
        args.append(status)
    rows = project.conn.execute(sql + " ORDER BY start, end, id", args).fetchall()
    return [suggestion_from_row(r) for r in rows]


def document_suggestions(project: Project, document_id: int,
                         segment_ids: Iterable[str] | None = None,
                         statuses: tuple[str, ...] = ("open", "accepted"),
                         ) -> dict[str, dict[str, list[StoredSuggestion]]]:
    """Suggestions on a document's segments (or only on ``segment_ids``), grouped by segment
    id then status, each list by start offset."""
    sql = ("SELECT s.* FROM suggestions s JOIN segments g ON g.id = s.segment_id "
           "WHERE g.document_id = ?")
    args: list[Any] = [document_id]
    if segment_ids is not None:
        wanted = list(segment_ids)
        if not wanted:
            return {}
        sql += f" AND g.id IN ({', '.join('?' * len(wanted))})"
        args += wanted
    sql += f" AND s.status IN ({', '.join('?' * len(statuses))}) ORDER BY s.start, s.id"
    grouped: dict[str, dict[str, list[StoredSuggestion]]] = {}
    for row in project.conn.execute(sql, [*args, *statuses]):
        sug = suggestion_from_row(row)
        grouped.setdefault(sug.segment_id, {}).setdefault(sug.status, []).append(sug)
    return grouped


def open_counts_by_document(project: Project) -> dict[int, int]:
    """How many open suggestions each document has (document id → count)."""
    return {int(r[0]): int(r[1]) for r in project.conn.execute(
        "SELECT g.document_id, count(*) FROM suggestions s JOIN segments g "
        "ON g.id = s.segment_id WHERE s.status = 'open' GROUP BY g.document_id")}


def get_suggestion(project: Project, suggestion_id: int) -> StoredSuggestion:
    """One suggestion; ``ReviewError`` if it does not exist."""
    row = project.conn.execute("SELECT * FROM suggestions WHERE id = ?",
                               (suggestion_id,)).fetchone()
    if row is None:
        raise ReviewError(f"suggestion {suggestion_id} does not exist")
    return suggestion_from_row(row)


def store_suggestions(project: Project, found: Iterable[tuple[str, SuggestedFix]]) -> int:
    """Insert new open suggestions (segment id, fix); returns how many were new.

    A suggestion already stored (same segment, span, replacement and rule) is kept as it is,
    so a re-check never reopens what a reviewer rejected.
    """
    now = now_iso()
    added = 0
    with project.transaction() as conn:
        for segment, fix in found:
            cur = conn.execute(
                "INSERT OR IGNORE INTO suggestions(segment_id, start, end, original, replacement,"
                " kind, rule, confidence, evidence, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (segment, fix.start, fix.end, fix.original, fix.replacement, fix.kind,
                 fix.rule, fix.confidence, fix.evidence, now))
            added += cur.rowcount
    return added


def store_check_findings(project: Project, found: Iterable[tuple[str, SuggestedFix]],
                         kinds: Iterable[str], keep: set[str]) -> tuple[int, int]:
    """Store what a re-check found; returns (new suggestions, suggestions now stale).

    A fix found again keeps the reviewer's status (a stale one reopens) and takes the new
    confidence and evidence. An open suggestion of ``kinds`` (or of a ``term…`` kind) that
    was not found again becomes ``stale``, except on the segments in ``keep`` (those the
    reviewer changed: their suggestions keep their status).
    """
    now = now_iso()
    kinds = tuple(kinds)
    with project.transaction() as conn:
        before = conn.execute("SELECT count(*) FROM suggestions").fetchone()[0]
        keys: set[tuple[str, int, int, str, str]] = set()
        for segment, fix in found:
            keys.add((segment, fix.start, fix.end, fix.replacement, fix.rule))
            conn.execute(
                "INSERT INTO suggestions(segment_id, start, end, original, replacement, kind, "
                "rule, confidence, evidence, status, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?) "
                "ON CONFLICT(segment_id, start, end, replacement, rule) DO UPDATE SET "
                "confidence = excluded.confidence, evidence = excluded.evidence, "
                "status = CASE WHEN status = 'stale' THEN 'open' ELSE status END",
                (segment, fix.start, fix.end, fix.original, fix.replacement, fix.kind,
                 fix.rule, fix.confidence, fix.evidence, now))
        inserted = int(conn.execute("SELECT count(*) FROM suggestions").fetchone()[0] - before)
        placeholders = ",".join("?" * len(kinds))
        stale = 0
        for row in conn.execute(
                "SELECT id, segment_id, start, end, replacement, rule FROM suggestions "
                f"WHERE status = 'open' AND (kind IN ({placeholders}) OR kind LIKE 'term%')",
                kinds).fetchall():
            if row["segment_id"] in keep:
                continue
            key = (row["segment_id"], row["start"], row["end"], row["replacement"], row["rule"])
            if key not in keys:
                _set_status(conn, [row["id"]], "stale")
                stale += 1
    return inserted, stale


def derived_text(project: Project, segment_id: str, text: str) -> str:
    """``text`` with every accepted suggestion of the segment applied."""
    accepted = segment_suggestions(project, segment_id, "accepted")
    try:
        return apply_replacements(text, accepted)
    except ValueError as exc:
        raise ReviewError(f"segment {segment_id}: an accepted suggestion does not match the "
                          f"original text ({exc})", hint="run the check again") from exc


def _set_status(conn: sqlite3.Connection, ids: Iterable[int], status: str) -> None:
    conn.executemany("UPDATE suggestions SET status = ? WHERE id = ?",
                     [(status, i) for i in ids])


def _apply_one(project: Project, tracker: RowTracker, stored: StoredSuggestion) -> bool:
    """Accept one open suggestion inside the caller's transaction; False if it went stale."""
    conn = project.conn
    segment = read_segment(project, stored.segment_id)
    tracker.watch("suggestions", [stored.id])
    tracker.watch("segments", [stored.segment_id])
    derived = derived_text(project, stored.segment_id, segment.text)
    if segment.corrected is not None and segment.corrected != derived:
        # The reviewer rewrote the segment: an edit re-anchors the suggestions it kept to the
        # edited text; any other is placed only where its wording is unambiguous.
        current = segment.corrected
        if current[stored.start:stored.end] == stored.original:
            new_text = current[:stored.start] + stored.replacement + current[stored.end:]
        elif current.count(stored.original) == 1:
            new_text = current.replace(stored.original, stored.replacement, 1)
        else:
            _set_status(conn, [stored.id], "stale")
            return False
        _set_status(conn, [stored.id], "accepted")
    else:
        if segment.text[stored.start:stored.end] != stored.original:
            _set_status(conn, [stored.id], "stale")
            return False
        overlapping = [s for s in segment_suggestions(project, stored.segment_id)
                       if s.id != stored.id and s.status in ("open", "accepted")
                       and s.start < stored.end and stored.start < s.end]
        if any(s.status == "accepted" for s in overlapping):
            _set_status(conn, [stored.id], "stale")
            return False
        tracker.watch("suggestions", [s.id for s in overlapping])
        _set_status(conn, [s.id for s in overlapping], "stale")
        _set_status(conn, [stored.id], "accepted")
        new_text = derived_text(project, stored.segment_id, segment.text)
    conn.execute("UPDATE segments SET corrected = ? WHERE id = ?",
                 (None if new_text == segment.text else new_text, stored.segment_id))
    return True


def _refuse_missing_term(stored: StoredSuggestion) -> None:
    """A missing-term finding has no replacement: accepting it would change nothing."""
    if stored.kind == MISSING_TERM_KIND:
        raise ReviewError(
            f"suggestion {stored.id} is a missing-term finding ({stored.evidence}): it has no "
            "replacement to apply",
            hint="add the rendering by editing the English, add the wording the English uses "
                 "as a glossary variant, or dismiss the finding")


def accept_suggestion(project: Project, suggestion_id: int) -> int:
    """Apply one open suggestion to its segment's reviewed text."""
    with project.transaction() as conn:
        stored = get_suggestion(project, suggestion_id)
        if stored.status != "open":
            raise ReviewError(f"suggestion {suggestion_id} is {stored.status}, not open")
        _refuse_missing_term(stored)
        tracker = RowTracker(conn)
        applied = _apply_one(project, tracker, stored)
        decision = record(project, Action.ACCEPT_SUGGESTION, f"suggestion:{suggestion_id}",
                          tracker.payload(segment=stored.segment_id, rule=stored.rule,
                                          applied=applied))
    if not applied:
        raise ReviewError(f"suggestion {suggestion_id} no longer matches segment "
                          f"{stored.segment_id}; it was marked stale",
                          hint="edit the text by hand if the correction is still needed")
    return decision


def reject_suggestion(project: Project, suggestion_id: int) -> int:
    """Reject one open suggestion (the text stays as it is)."""
    with project.transaction() as conn:
        stored = get_suggestion(project, suggestion_id)
        if stored.status != "open":
            raise ReviewError(f"suggestion {suggestion_id} is {stored.status}, not open")
        tracker = RowTracker(conn)
        tracker.watch("suggestions", [suggestion_id])
        _set_status(conn, [suggestion_id], "rejected")
        return record(project, Action.REJECT_SUGGESTION, f"suggestion:{suggestion_id}",
                      tracker.payload(segment=stored.segment_id, rule=stored.rule))


def count_open_for_rule(project: Project, rule: str) -> int:
    """How many open suggestions ``rule`` has (asked before accept-all, for the confirmation)."""
    return int(project.conn.execute(
        "SELECT count(*) FROM suggestions WHERE rule = ? AND status = 'open'",
        (rule,)).fetchone()[0])


@dataclass(frozen=True)
class RuleOutcome:
    """Result of accepting or rejecting one rule: the decision (None if nothing changed),
    suggestions applied, suggestions that no longer matched, suggestions rejected."""

    decision: int | None
    applied: int
    stale: int
    rejected: int = 0


def rule_statuses(project: Project) -> dict[str, str]:
    """The reviewer's verdict on each learned garble rule (proposed, accepted, rejected)."""
    return {r[0]: r[1] for r in project.conn.execute("SELECT name, status FROM garble_rules")}


def _decide_rule(project: Project, tracker: RowTracker, rule: str, status: str) -> bool:
    """Set a learned rule's status (tracked); False when ``rule`` is no learned rule."""
    row = project.conn.execute("SELECT id, status FROM garble_rules WHERE name = ?",
                               (rule,)).fetchone()
    if row is None:
        return False
    if row["status"] != status:
        tracker.watch("garble_rules", [row["id"]])
        project.conn.execute("UPDATE garble_rules SET status = ? WHERE id = ?",
                             (status, row["id"]))
    return True


def _require_rule(project: Project, rule: str, learned: bool) -> None:
    if learned or project.conn.execute("SELECT 1 FROM suggestions WHERE rule = ? LIMIT 1",
                                       (rule,)).fetchone():
        return
    raise StoreError(f"no garble rule named {rule!r}",
                     hint="run 'bitextual check' to list the learned rules")


def accept_rule(project: Project, rule: str) -> RuleOutcome:
    """Accept a rule: apply every open suggestion of it and trust the learned rule from now
    on, as one decision (one undo restores all). ``StoreError`` for an unknown rule."""
    with project.transaction() as conn:
        tracker = RowTracker(conn)
        _require_rule(project, rule, _decide_rule(project, tracker, rule, "accepted"))
        rows = conn.execute("SELECT * FROM suggestions WHERE rule = ? AND status = 'open' "
                            "ORDER BY segment_id, start, id", (rule,)).fetchall()
        if rows:
            _refuse_missing_term(suggestion_from_row(rows[0]))
        applied = stale = 0
        for row in rows:
            stored = get_suggestion(project, row["id"])
            if stored.status != "open":  # made stale by an overlapping one just applied
                continue
            if _apply_one(project, tracker, stored):
                applied += 1
            else:
                stale += 1
        if not tracker.touched:
            return RuleOutcome(None, 0, 0)
        decision = record(project, Action.ACCEPT_RULE, f"rule:{rule}", tracker.payload(
            rule=rule, applied=applied, stale=stale))
        return RuleOutcome(decision, applied, stale)


def reject_rule(project: Project, rule: str) -> RuleOutcome:
    """Reject a rule: reject every open suggestion of it and make the learned rule propose
    nothing more, as one decision. ``StoreError`` for an unknown rule."""
    with project.transaction() as conn:
        tracker = RowTracker(conn)
        _require_rule(project, rule, _decide_rule(project, tracker, rule, "rejected"))
        ids = [r[0] for r in conn.execute(
            "SELECT id FROM suggestions WHERE rule = ? AND status = 'open'", (rule,))]
        tracker.watch("suggestions", ids)
        _set_status(conn, ids, "rejected")
        if not tracker.touched:
            return RuleOutcome(None, 0, 0)
        decision = record(project, Action.REJECT_RULE, f"rule:{rule}",
                          tracker.payload(rule=rule, rejected=len(ids)))
        return RuleOutcome(decision, 0, 0, len(ids))
