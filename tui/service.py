"""The service layer between the review app and the domain: view models and operations.

Screens never run SQL or call the corpus edit modules directly: they ask this service, which
returns plain dataclasses ready to draw. Nothing here imports Textual, so it is tested on
its own and is usable from a worker thread (with its own ``ReviewService``: a SQLite
connection belongs to the thread that uses it).
"""

from __future__ import annotations

import contextlib
import functools
import json
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from corpus import aligned, bead_edits, decisions, segment_edits, suggestions, ui_state
from corpus.decisions import Action
from corpus.errors import BitextualError, ProjectBusyError, ReviewError, StaleViewError
from corpus.store import REVIEW_WRITER, ChangeStamp, Project
from corpus.suggestions import StoredSuggestion, apply_replacements
from glossary import term_edits, termbase
from glossary.termbase import Concept

if TYPE_CHECKING:
    from aligner.embed import Encoder
    from aligner.project import Realignment
    from tui.document_service import DocumentInfo

LOW_CONFIDENCE = 0.6
"""Beads scoring below this are 'low confidence' (filter, red/yellow colour)."""

WRITE_WAIT_SECONDS = 1.5
"""How long a reviewer's change waits for another command's writer lock (the app does not
respond meanwhile) before the reviewer is told the project is busy. Long enough for this
session's own re-alignment after a correction (tens of milliseconds) and for a short
command, short enough not to feel like a hang."""
REALIGN_WAIT_SECONDS = 5.0
"""How long the background re-alignment after a correction waits for the lock; when another
command holds it longer, the re-alignment is skipped (the next correction, or ``align``,
does it)."""

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _review_change(method: Callable[Concatenate[ReviewService, _P], _R]
                   ) -> Callable[Concatenate[ReviewService, _P], _R]:
    """A ReviewService method that changes the store: it runs under the writer lock
    (:meth:`ReviewService.writing`), so no command changes the store in the middle of it."""
    def locked(self: ReviewService, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with self.writing():
            return method(self, *args, **kwargs)
    return functools.update_wrapper(locked, method)  # type: ignore[return-value]


@dataclass(frozen=True)
class PairSummary:
    """One document pair on the overview, with what tells where review is needed."""

    pair_id: int
    zh_name: str
    en_name: str
    zh_script: str
    en_script: str
    mode: str
    beads: int
    reviewed: int
    open_suggestions: int
    mean_score: float | None
    min_score: float | None
    need: float
    """Higher means more review needed: the doubt of pending beads plus open suggestions."""

    @property
    def reviewed_percent(self) -> float:
        """Share of beads no longer pending, in percent."""
        return 100.0 * self.reviewed / self.beads if self.beads else 100.0


@dataclass(frozen=True)
class TermEntry:
    """What the reviewer typed: the terms, the other renderings, a note."""

    zh: str
    en: str
    admitted: tuple[str, ...] = ()
    """Other acceptable English renderings (variants)."""
    forbidden: tuple[str, ...] = ()
    """English renderings that must not be used (a re-check suggests ``en`` for them)."""
    note: str = ""
    old_preferred: str = "admitted"
    """What the previous preferred English becomes when ``en`` replaces it (edit only)."""


@dataclass(frozen=True)
class ExportRequest:
    """What to export and where: the same choices as ``bitextual export``."""

    fmt: str
    output: Path
    documents: tuple[str, ...] = ()
    status: str = "all"
    min_confidence: float | None = None
    text: str = "corrected"
    one_to_one: bool = False
    zh_script: str | None = None
    columns: tuple[str, ...] = ()
    header: bool = True
    document: str = ""
    """With ``fmt == 'text'``: the document whose reviewed text is written."""


@dataclass(frozen=True)
class PartnerView:
    """A candidate partner of a document, as the pair dialog lists it."""

    name: str
    score: float
    mode: str
    """'parallel', 'comparable' or 'unrelated' (what the pairing makes of the two)."""
    paired_with: str | None


@dataclass(frozen=True)
class DocumentSummary:
    """One document of the project, paired or not, with what tells where review is needed."""

    name: str
    lang: str
    script: str
    segments: int
    """Sentences of the article text (boilerplate excluded)."""
    open_findings: int = 0
    """Open suggestions on its sentences."""
    set_aside: int = 0
    """Lines set aside as boilerplate."""
    paired_with: str = ""
    """The other document of its pair; "" when unpaired."""


@dataclass(frozen=True)
class SuggestionView:
    """An open suggestion placed in the joined English text of a bead."""

    id: int
    segment_id: str
    start: int
    """Offset into ``BeadView.en_text``; -1 when it cannot be placed (edited segment)."""
    end: int
    original: str
    replacement: str
    kind: str
    rule: str
    confidence: float
    evidence: str


@dataclass(slots=True)  # not frozen: frozen __init__ is ~3x slower, and 10,000 are built
class BeadView:
    """One bead ready to draw: joined texts, score, status, suggestions."""

    bead_id: int
    number: int
    """1-based position in the pair."""
    zh_ids: tuple[str, ...]
    en_ids: tuple[str, ...]
    zh_text: str
    en_text: str
    en_segments: tuple[tuple[str, str, str], ...]
    """(segment id, original text, current text) of each English sentence."""
    zh_segments: tuple[str, ...]
    score: float | None
    status: str
    origin: str
    suggestions: tuple[SuggestionView, ...] = field(default=())
    edited: bool = False
    boilerplate: str | None = None
    """A document's line set aside as boilerplate: why (the document screen shows it dimmed)."""
    terms: tuple[tuple[int, int], ...] = field(default=())
    """Spans of glossary terms in the text (a Chinese document's sentences)."""
    kind: str = "bead"
    """'bead'; in a comparable pair 'zh' or 'en' for a sentence in no link."""

    realigned: bool = False
    """Changed by the re-alignment after the reviewer's latest correction (marked until the
    reviewer moves on)."""

    @property
    def linked(self) -> bool:
        """A bead (a link), not a sentence on its own."""
        return self.kind == "bead"

    @property
    def is_many(self) -> bool:
        """Anything but 1-1 (a sentence in no link is no bead at all)."""
        return self.kind == "bead" and not (len(self.zh_ids) == 1 and len(self.en_ids) == 1)

    @property
    def ratio(self) -> str:
        """Sentence counts as ``zh:en``."""
        return f"{len(self.zh_ids)}:{len(self.en_ids)}"

    @property
    def low_confidence(self) -> bool:
        """Scored below ``LOW_CONFIDENCE`` (reviewer-made beads have no score)."""
        return self.score is not None and self.score < LOW_CONFIDENCE


def place_suggestion(current: str, open_sug: StoredSuggestion,
                     accepted: list[StoredSuggestion], edited: bool) -> int:
    """Where ``open_sug`` (offsets into the original text) sits in ``current``; -1 if unknown."""
    return _place("", current, open_sug, accepted, edited)


def _place(text: str, current: str, open_sug: StoredSuggestion,
           accepted: list[StoredSuggestion], edited: bool) -> int:
    """Where ``open_sug`` (offsets into ``text``) sits in ``current``; -1 if unknown."""
    if edited:
        # after a free edit the edit re-anchored the open suggestions: their offsets point
        # into the current text (older edits did not: then a unique occurrence places it)
        if current[open_sug.start:open_sug.end] == open_sug.original and \
                open_sug.end > open_sug.start:
            return open_sug.start
        return current.find(open_sug.original) if current.count(open_sug.original) == 1 else -1
    shift = sum(len(a.replacement) - len(a.original) for a in accepted if a.end <= open_sug.start)
    start = open_sug.start + shift
    return start if current[start:start + len(open_sug.original)] == open_sug.original else -1


class ReviewService:
    """All the review app needs from a project, through one open connection."""

    def __init__(self, root: Path | str) -> None:
        self.project = Project.open(root)
        self.root = Path(root)

    def close(self) -> None:
        """Close the project connection."""
        self.project.close()

    # -- one writer at a time -------------------------------------------------------------
    def stamp(self) -> ChangeStamp:
        """The store's change stamp: a screen reads it before it reads its rows and hands it
        to :meth:`writing` with each change it makes."""
        return self.project.change_stamp()

    @contextlib.contextmanager
    def writing(self, seen: ChangeStamp | None = None) -> Iterator[None]:
        """Hold the project's writer lock for one change by the reviewer.

        Waits at most :data:`WRITE_WAIT_SECONDS` for another command (``align``, ``add``…)
        to finish, else raises :class:`ProjectBusyError` naming it: nothing is written. With
        ``seen`` (the stamp the screen's rows were read with), raises
        :class:`StaleViewError` when a command changed the store since: the rows the
        reviewer acted on may no longer exist, so nothing is written and the screen reloads.
        Nested use joins (the lock is taken once).
        """
        with self.project.exclusive(REVIEW_WRITER, timeout=WRITE_WAIT_SECONDS,
                                    announce=False):
            if seen is not None:
                changed_by = self.project.changed_since(seen)
                if changed_by is not None:
                    raise StaleViewError(changed_by)
            yield

    # -- overview ---------------------------------------------------------------------
    def overview(self) -> tuple[list[PairSummary], list[DocumentSummary]]:
        """All pairs, most in need of review first, and every document (unpaired first)."""
        open_by_doc = suggestions.open_counts_by_document(self.project)
        pairs = []
        for row in aligned.pair_progress(self.project):
            open_count = open_by_doc.get(row.zh_doc_id, 0) + open_by_doc.get(row.en_doc_id, 0)
            pairs.append(PairSummary(
                pair_id=row.pair_id, zh_name=row.zh_name, en_name=row.en_name,
                zh_script=row.zh_script or "?", en_script=row.en_script or "?", mode=row.mode,
                beads=row.beads, reviewed=row.reviewed, open_suggestions=open_count,
                mean_score=row.mean_score, min_score=row.min_score,
                need=row.doubt + 0.5 * open_count))
        pairs.sort(key=lambda p: (-p.need, p.reviewed_percent, p.pair_id))
        documents = [DocumentSummary(
            d.name, d.lang, d.script or "?", d.sentences, open_by_doc.get(d.id, 0), d.set_aside,
            d.paired_with) for d in aligned.document_counts(self.project)]
        # unpaired first: nothing else leads to them
        unpaired = sorted(documents, key=lambda d: (d.paired_with != "", d.name))
        return pairs, unpaired

    def pair_title(self, pair_id: int) -> str:
        """``zh-name ↔ en-name`` of a pair."""
        names = aligned.pair_names(self.project, pair_id)
        if names is None:
            raise ReviewError(f"document pair {pair_id} does not exist")
        return f"{names[0]} ↔ {names[1]}"

    def pair_exists(self, pair_id: int | None) -> bool:
        """True if ``pair_id`` names a pair of the project."""
        return pair_id is not None and aligned.pair_document_ids(self.project, pair_id) is not None

    # -- one pair ---------------------------------------------------------------------
    def bead_count(self, pair_id: int) -> int:
        """How many beads the pair has (cheap: an index count)."""
        return aligned.count_pair_beads(self.project, pair_id)

    def review_left(self, pair_id: int) -> aligned.ReviewLeft:
        """Unreviewed beads, how many of them are expected wrong, and the weakest one."""
        return aligned.review_left(self.project, pair_id)

    def bead_index(self, pair_id: int, bead_id: int | None) -> int | None:
        """0-based place of ``bead_id`` in the pair's reading order; None if not in it."""
        if bead_id is None:
            return None
        return aligned.bead_index(self.project, pair_id, bead_id)

    def load_window(self, pair_id: int, start: int, count: int) -> list[BeadView]:
        """Beads ``start`` to ``start + count`` (0-based, reading order) of a pair.

        What the pair screen draws first on a large pair, before the whole pair is read.
        """
        return self.load_pair(pair_id, window=(max(start, 0), count))

    def load_pair(self, pair_id: int, only: dict[int, int] | None = None,
                  window: tuple[int, int] | None = None) -> list[BeadView]:
        """Every bead of a pair with texts and open suggestions, in reading order.

        ``only`` (bead id → number) re-reads just those beads, e.g. after accepting one:
        a 10,000-bead pair is not re-read for a change to one bead. ``window``
        (start, count) reads only that slice of the reading order.
        """
        docs = aligned.pair_document_ids(self.project, pair_id)
        if docs is None:
            raise ReviewError(f"document pair {pair_id} does not exist")
        rows = aligned.pair_bead_rows(self.project, pair_id, only, window)
        # one JSON parse for all beads: parsing 20,000 small lists one by one costs more
        # than the rest of opening a large pair
        zh_lists = json.loads("[" + ",".join(r[1] for r in rows) + "]") if rows else []
        en_lists = json.loads("[" + ",".join(r[2] for r in rows) + "]") if rows else []
        if only is None and window is None:
            segments = aligned.stored_segment_texts(self.project, document_ids=docs)
            by_segment = suggestions.document_suggestions(self.project, docs[1])
        else:
            wanted = [s for ids in zh_lists + en_lists for s in ids]
            segments = aligned.stored_segment_texts(self.project, segment_ids=wanted)
            by_segment = suggestions.document_suggestions(self.project, docs[1], wanted)
        views = []
        missing = ("?", None)
        for index, (bead_id, _, _, score, status, origin) in enumerate(rows):
            number = (only[bead_id] if only is not None
                      else index + 1 + (window[0] if window is not None else 0))
            zh_ids = tuple(zh_lists[index])
            en_ids = tuple(en_lists[index])
            zh_texts = [_current(segments.get(s, missing)) for s in zh_ids]
            en_parts = []
            sug_views: list[SuggestionView] = []
            edited = False
            offset = 0
            for seg in en_ids:
                text, corrected = segments.get(seg, missing)
                current = corrected if corrected is not None else text
                en_parts.append((seg, text, current))
                found = by_segment.get(seg)
                if found:
                    accepted = found.get("accepted", [])
                    free_edit = corrected is not None and not _derives(text, accepted, corrected)
                    edited = edited or free_edit
                    for sug in found.get("open", []):
                        start = _place(text, current, sug, accepted, free_edit)
                        sug_views.append(SuggestionView(
                            sug.id, seg, offset + start if start >= 0 else -1,
                            offset + start + len(sug.original) if start >= 0 else -1,
                            sug.original, sug.replacement, sug.kind, sug.rule, sug.confidence,
                            sug.evidence))
                elif corrected is not None:
                    edited = True
                offset += len(current) + 1
            views.append(BeadView(
                bead_id, number, zh_ids, en_ids, "".join(zh_texts),
                " ".join(p[2] for p in en_parts), tuple(en_parts), tuple(zh_texts), score,
                status, origin, tuple(sug_views), edited))
        return views

    @_review_change
    def unpair(self, pair_id: int) -> str:
        """Dissolve a pair (its beads go with it; undoable)."""
        from corpus import doc_pairs

        title = self.pair_title(pair_id)
        doc_pairs.unpair(self.project, pair_id)
        return f"unpaired {title} (u undoes)"

    # -- comparable pairs ---------------------------------------------------------------
    def pair_mode(self, pair_id: int) -> str:
        """'parallel', 'comparable' or 'imported'."""
        mode = aligned.pair_mode(self.project, pair_id)
        if mode is None:
            raise ReviewError(f"document pair {pair_id} does not exist")
        return mode

    def load_comparable(self, pair_id: int) -> list[BeadView]:
        """Every sentence of both sides of a comparable pair: links and unlinked sentences."""
        from tui.document_service import load_comparable

        beads = {b.bead_id: b for b in self.load_pair(pair_id)}
        return load_comparable(self.project, pair_id, beads)

    @_review_change
    def link(self, pair_id: int, zh_ids: tuple[str, ...], en_ids: tuple[str, ...]) -> str:
        """Link Chinese and English sentences (an accepted reviewer link)."""
        bead_edits.link_sentences(self.project, pair_id, zh_ids, en_ids)
        return (f"linked {len(zh_ids)} Chinese and {len(en_ids)} English "
                f"sentence{'' if len(zh_ids) + len(en_ids) == 2 else 's'}")

    @_review_change
    def unlink(self, bead_id: int) -> str:
        """Remove a link: its sentences stand on their own again."""
        bead_edits.unlink_bead(self.project, bead_id)
        return "link removed: its sentences stand on their own"

    # -- one document -----------------------------------------------------------------
    def document_exists(self, name: str) -> bool:
        """True if ``name`` names a document of the project."""
        return aligned.document_named(self.project, name) is not None

    def document_info(self, name: str) -> DocumentInfo:
        """Name, language and size of a document."""
        from tui.document_service import document_info

        return document_info(self.project, name)

    def load_document(self, info: DocumentInfo,
                      window: tuple[int, int] | None = None) -> list[BeadView]:
        """Every sentence of a document (or a window of them) as rows to draw."""
        from tui.document_service import load_document

        return load_document(self.project, info, window)

    @_review_change
    def restore_line(self, document: str, line: int) -> str:
        """Bring a set-aside line back into the document's text."""
        from corpus.boilerplate import restore_boilerplate

        result = restore_boilerplate(self.project, document, line=line)
        return (f"line {line} restored: {result.sentences_added} sentence"
                f"{'' if result.sentences_added == 1 else 's'} back in the text")

    def segment_line(self, segment_id: str) -> int | None:
        """The 1-based source line of a segment."""
        return aligned.segment_line(self.project, segment_id)

    # -- operations (each returns a line for the reviewer) ----------------------------
    @_review_change
    def accept_bead(self, bead_id: int) -> str:
        """Accept a bead."""
        done = bead_edits.accept_bead(self.project, bead_id)
        return "bead accepted" if done else "bead was already accepted"

    @_review_change
    def mark_unaligned(self, bead_id: int) -> str:
        """Mark a bead unaligned."""
        done = bead_edits.mark_unaligned(self.project, bead_id)
        return "bead marked unaligned" if done else "bead was already unaligned"

    @_review_change
    def reset_bead(self, bead_id: int) -> str:
        """Back to pending."""
        done = bead_edits.reset_bead(self.project, bead_id)
        return "bead back to pending" if done else "bead was pending"

    @_review_change
    def merge_with_next(self, bead_id: int) -> str:
        """Merge a bead with the next."""
        bead_edits.merge_with_next(self.project, bead_id)
        return "merged with the next bead"

    @_review_change
    def split_bead(self, bead_id: int, zh_index: int, en_index: int) -> str:
        """Split a bead at a sentence boundary."""
        bead_edits.split_bead(self.project, bead_id, zh_index, en_index)
        return f"bead split before zh {zh_index + 1} / en {en_index + 1}"

    @_review_change
    def move_sentence(self, bead_id: int, side: str, direction: str) -> str:
        """Move one sentence to the neighbouring bead."""
        bead_edits.move_sentence(self.project, bead_id, side, direction)
        lang = "Chinese" if side == "zh" else "English"
        return f"{lang} sentence moved to the {'previous' if direction == 'prev' else 'next'} bead"

    @_review_change
    def edit_segments(self, texts: dict[str, str], lang: str = "en") -> str:
        """Save edited sentences (English, or Chinese on a Chinese document)."""
        done = segment_edits.edit_segments(self.project, texts)
        name = "Chinese" if lang == "zh" else "English"
        return f"{name} text saved" if done else "no change to save"

    @_review_change
    def save_edit(self, texts: dict[str, str], missing: tuple[int, ...] = ()) -> str:
        """Save edited sentences (either language); ``missing``: the row's missing-term
        findings: an edit that writes a missing rendering in resolves its finding, in the same
        decision (one undo)."""
        from glossary import findings

        for suggestion_id in missing:
            try:
                findings.resolve_by_edit(self.project, suggestion_id, texts)
            except BitextualError:
                continue  # this edit does not write that term in: a plain edit below
            return "text saved; the missing term is now rendered"
        done = segment_edits.edit_segments(self.project, texts)
        return "text saved" if done else "no change to save"

    @_review_change
    def add_variant(self, suggestion_id: int, english: str) -> str:
        """A missing term: the English used here becomes an admitted variant of the entry."""
        from glossary import findings

        findings.add_variant(self.project, suggestion_id, english)
        return f"'{english}' added to the glossary as a variant; the finding is resolved"

    @_review_change
    def split_sentence(self, segment_id: str, offset: int) -> str:
        """Split a sentence at ``offset`` (into its current text) into two sentences."""
        segment_edits.split_segment(self.project, segment_id, offset)
        return "sentence split in two"

    @_review_change
    def join_sentences(self, first_id: str, second_id: str) -> str:
        """Join a sentence with the next one of its document."""
        segment_edits.join_segments(self.project, first_id, second_id)
        return "sentences joined"

    @_review_change
    def accept_suggestion(self, suggestion_id: int) -> str:
        """Accept one suggestion."""
        suggestions.accept_suggestion(self.project, suggestion_id)
        return "suggestion applied"

    @_review_change
    def reject_suggestion(self, suggestion_id: int) -> str:
        """Reject one suggestion."""
        suggestions.reject_suggestion(self.project, suggestion_id)
        return "suggestion rejected"

    def count_rule(self, rule: str) -> int:
        """Open suggestions of a rule."""
        return suggestions.count_open_for_rule(self.project, rule)

    @_review_change
    def accept_rule(self, rule: str) -> str:
        """Accept every open suggestion of a rule."""
        outcome = suggestions.accept_rule(self.project, rule)
        stale = f", {outcome.stale} no longer matched" if outcome.stale else ""
        return f"rule {rule}: {outcome.applied} suggestions applied{stale}"

    @_review_change
    def undo(self) -> tuple[str, int | None]:
        """Undo the latest decision; (message, bead it concerned or None).

        The re-alignment the app runs after a correction is logged as its own decision; the
        reviewer undoes the correction, so undo takes back both (re-alignment first)."""
        done = decisions.undo(self.project)
        if done is not None and done.action == Action.REALIGN_BEADS:
            done = decisions.undo(self.project) or done
        return (f"undone: {_describe(done)}", _bead_of(done)) if done else ("nothing to undo",
                                                                           None)

    @_review_change
    def redo(self) -> tuple[str, int | None]:
        """Redo the latest undone decision; (message, bead it concerned or None). A
        correction undone with its re-alignment gets both back."""
        done = decisions.redo(self.project)
        undone = decisions.history(self.project).undone
        if done is not None and done.action != Action.REALIGN_BEADS and undone:
            if decisions.decision_action(self.project, undone[-1]) == Action.REALIGN_BEADS:
                decisions.redo(self.project)
        return (f"redone: {_describe(done)}", _bead_of(done)) if done else ("nothing to redo",
                                                                           None)

    # -- cursor -------------------------------------------------------------------------
    def save_cursor(self, screen: str, pair_id: int | None = None, bead_id: int | None = None,
                    row: int = 0, document: str | None = None) -> None:
        """Persist where the reviewer is (survives a crash).

        While a worker holds the write lock (re-align, re-check) the UI must not wait for
        it: the cursor is then skipped for this move and saved on the next one.
        """
        ui_state.save_cursor_unless_busy(
            self.project, ui_state.Cursor(screen, pair_id, bead_id, row, document))

    def load_cursor(self) -> ui_state.Cursor:
        """Where the reviewer was."""
        return ui_state.load_cursor(self.project)

    # -- glossary -----------------------------------------------------------------------
    def glossary(self, search: str = "", proposals: bool = False) -> list[Concept]:
        """Glossary entries (or proposals) matching ``search``."""
        return term_edits.list_entries(self.project, search, proposals)

    @_review_change
    def add_term(self, entry: TermEntry) -> str:
        """Add an entry (terms, variants, forbidden renderings, note)."""
        term_edits.add_term(self.project, entry.zh, entry.en, note=entry.note or None,
                            admitted=entry.admitted, forbidden=entry.forbidden)
        return f"added {entry.zh} → {entry.en}"

    @_review_change
    def edit_term(self, concept_id: int, entry: TermEntry) -> str:
        """Change an entry; the old preferred English becomes what the reviewer chose."""
        old = termbase.get_concept(self.project, concept_id)
        term_edits.edit_term(self.project, concept_id, entry.zh, entry.en,
                             admitted=entry.admitted, forbidden=entry.forbidden,
                             note=entry.note, old_preferred=entry.old_preferred)
        fate = ""
        if old.en_preferred and old.en_preferred != entry.en:
            fate = (f"; '{old.en_preferred}' dropped" if entry.old_preferred == "dropped"
                    else f"; '{old.en_preferred}' is now {entry.old_preferred}")
        return f"{entry.zh} → {entry.en}{fate}"

    @_review_change
    def delete_term(self, concept_id: int) -> str:
        """Delete an entry."""
        name = self.term_name(concept_id)
        termbase.remove_concept(self.project, concept_id)
        return f"deleted {name}"

    @_review_change
    def accept_term(self, concept_id: int) -> str:
        """Accept a proposal."""
        name = self.term_name(concept_id)
        termbase.accept_proposal(self.project, concept_id)
        return f"proposal accepted: {name}"

    @_review_change
    def reject_term(self, concept_id: int) -> str:
        """Reject (delete) a proposal."""
        name = self.term_name(concept_id)
        termbase.reject_proposal(self.project, concept_id)
        return f"proposal rejected: {name}"

    def term_name(self, concept_id: int) -> str:
        """``印染 → printing and dyeing``: how messages name an entry."""
        concept = termbase.get_concept(self.project, concept_id)
        return f"{concept.zh_preferred} → {concept.en_preferred}"

    def occurrences(self, concept_id: int) -> list[aligned.SegmentPlace]:
        """Where the terms of an entry occur."""
        return term_edits.term_occurrences(self.project, concept_id)


def recheck_terms(root: Path, progress: Callable[[int, int | None], None]) -> str:
    """Re-check the project after a glossary change and store the suggestions found.

    Uses the project check of ``glossary.garble.project`` (garble rules and the glossary
    term check, stored with its own stale-marking).
    Runs in a worker thread, so it opens its own connection.
    """
    with Project.open(root) as project:
        progress(0, None)
        from glossary.garble.project import check_project

        report = check_project(project)
        progress(1, 1)
    return (f"re-check: {len(report.found)} findings, {report.inserted} new suggestions, "
            f"{report.stale} no longer found")


def export_job(root: Path, request: ExportRequest,
               progress: Callable[[int, int | None], None]) -> str:
    """Export as ``bitextual export`` does, in a worker (its own connection); returns the
    summary the reviewer reads: what was written, what was left out and why."""
    from corpus.export import ExportOptions, export_project, make_writer
    from corpus.export.units import StatusFilter, TextChoice, ZhScript

    if request.fmt == "text":
        from corpus.export.document_text import export_document_text

        with Project.open(root) as project:
            progress(0, 1)
            written = export_document_text(project, request.document, request.output,
                                           request.text)
            progress(1, 1)
        return (f"wrote {request.document} to {written.path}: {written.lines} lines, "
                f"{written.corrected} of {written.sentences} sentences reviewed")
    settings: dict[str, object] = {}
    if request.fmt == "tsv":
        if request.columns:
            settings["columns"] = request.columns
        settings["header"] = request.header
    writer = make_writer(request.fmt, **settings)
    status: StatusFilter = "accepted" if request.status == "accepted" else "all"
    text: TextChoice = "original" if request.text == "original" else "corrected"
    script: ZhScript | None = ("hans" if request.zh_script == "hans" else
                               "hant" if request.zh_script == "hant" else None)
    options = ExportOptions(documents=request.documents, status=status,
                            min_confidence=request.min_confidence, text=text,
                            one_to_one=request.one_to_one, zh_script=script)
    total: list[int | None] = [None]
    seen = [0]

    def on_plan(count: int) -> None:
        total[0] = count
        progress(0, count)

    def on_bead() -> None:
        seen[0] += 1
        if seen[0] % 64 == 0:
            progress(seen[0], total[0])

    with Project.open(root) as project:
        report = export_project(project, writer, request.output, options, on_bead=on_bead,
                                on_plan=on_plan)
    progress(seen[0], total[0] if total[0] is not None else seen[0])
    files = ", ".join(str(p) for p in report.paths)
    summary = f"wrote {report.written} unit(s) to {files}"
    if report.skipped:
        left = ", ".join(f"{n} {why}" for why, n in sorted(report.skipped.items()))
        summary += f"; left out {sum(report.skipped.values())}: {left}"
    return summary


def partner_candidates(root: Path, name: str,
                       progress: Callable[[int, int | None], None]) -> list[PartnerView]:
    """The documents of the other language ranked by their pairing score with ``name``.

    Loads the project's encoder and embeds what is not cached: a worker job (own connection).
    """
    from aligner.embed import load_encoder
    from aligner.pair_edits import pair_candidates

    with Project.open(root) as project:
        progress(0, None)
        encoder = load_encoder(project.config().model)
        found = pair_candidates(project, name, encoder, progress=lambda stage, done, total:
                                progress(*_overall(("embedding",), stage, done, total)))
    return [PartnerView(c.name, c.score, c.mode, c.paired_with) for c in found]


def pair_job(root: Path, zh_name: str, en_name: str, mode: str,
             progress: Callable[[int, int | None], None]) -> str:
    """Pair two documents and align (parallel) or mine (comparable) them; one undoable
    decision. A worker job: loads the encoder, embeds, aligns (own connection)."""
    from aligner.embed import load_encoder
    from aligner.pair_edits import pair_and_align

    with Project.open(root) as project:
        progress(0, None)
        encoder = load_encoder(project.config().model)
        added = pair_and_align(project, zh_name, en_name, mode, encoder,
                               progress=lambda stage, done, total: progress(
                                   *_overall(REALIGN_STAGES, stage, done, total)))
    return (f"paired {zh_name} ↔ {en_name} as {mode}: {added.beads} "
            f"{'links mined' if mode == 'comparable' else 'beads'} (u undoes)")


def realign_project(root: Path, progress: Callable[[int, int | None], None]) -> str:
    """Re-run ``bitextual align`` on the project (reviewed beads are kept as anchors).

    Loads the project's encoder (seconds) and embeds what is not cached; a worker job.
    """
    from aligner.embed import load_encoder
    from aligner.project import align_project

    with Project.open(root) as project:
        progress(0, None)
        encoder = load_encoder(project.config().model)
        report = align_project(project, encoder, progress=lambda stage, done, total: progress(
            *_overall(REALIGN_STAGES, stage, done, total)))
    written = sum(p.beads_written for p in report.pairs)
    kept = sum(p.beads_kept for p in report.pairs)
    return (f"re-aligned {len(report.pairs)} pairs: {written} beads written, {kept} reviewed "
            f"beads kept ({report.seconds:.0f} s)")


def realign_neighbourhood(root: Path, pair_id: int, bead_ids: Sequence[int],
                          seen: ChangeStamp | None = None) -> Realignment:
    """Re-align the unreviewed beads around a correction (``aligner.project.realign_around``,
    every reviewed bead an anchor); a worker job with its own connection. The encoder is
    loaded once per process (its vectors normally come from the project's cache).

    Runs under the writer lock like every review change. Nothing is done when another
    command holds the lock for more than :data:`REALIGN_WAIT_SECONDS`, or changed the store
    since ``seen`` (the bead ids may name other beads now; the screen reloads anyway)."""
    from aligner.project import Realignment, learn_pair_lexicon, realign_around

    nothing = Realignment(None, (), (), ())
    with Project.open(root) as project:
        encoder = _encoder(project.config().model)
        # Seconds in a large pair, now and then: outside the lock the next change waits for.
        learn_pair_lexicon(project, pair_id)
        try:
            with project.exclusive(REVIEW_WRITER, timeout=REALIGN_WAIT_SECONDS,
                                   announce=False):
                if seen is not None and project.changed_since(seen) is not None:
                    return nothing
                outcome = realign_around(project, pair_id, bead_ids, encoder)
                if outcome.stale:   # the pair changed meanwhile: once more, on the new one
                    outcome = realign_around(project, pair_id, bead_ids, encoder)
        except ProjectBusyError:
            return nothing
        return outcome


_ENCODERS: dict[str, Encoder] = {}
_ENCODER_LOCK = threading.Lock()


def _encoder(model: str) -> Encoder:
    from aligner.embed import load_encoder

    with _ENCODER_LOCK:
        if model not in _ENCODERS:
            _ENCODERS[model] = load_encoder(model)
        return _ENCODERS[model]


REALIGN_STAGES = ("embedding", "aligning")
"""The stages ``align_project`` reports, in order: one bar runs across both."""
STAGE_STEPS = 1000


def _overall(stages: tuple[str, ...], stage: str, done: int, total: int) -> tuple[int, int]:
    """One progress (done, total) over consecutive stages, so the bar never runs back to 0."""
    index = stages.index(stage) if stage in stages else 0
    within = STAGE_STEPS * min(done, total) // total if total else 0
    return index * STAGE_STEPS + within, len(stages) * STAGE_STEPS


def _current(pair: tuple[str, str | None]) -> str:
    return pair[1] if pair[1] is not None else pair[0]


def derives_from(text: str, accepted: list[StoredSuggestion], corrected: str) -> bool:
    """True if ``corrected`` is ``text`` with the ``accepted`` suggestions applied (no free
    edit)."""
    return _derives(text, accepted, corrected)


def _derives(text: str, accepted: list[StoredSuggestion], corrected: str) -> bool:
    try:
        return apply_replacements(text, accepted) == corrected
    except ValueError:
        return False


def _bead_of(done: decisions.Reverted) -> int | None:
    kind, _, key = done.target.partition(":")
    return int(key) if kind == "bead" and key.isdigit() else None


DECISION_WORDS: dict[Action, str] = {
    Action.ACCEPT_BEAD: "bead accepted", Action.MARK_UNALIGNED: "bead marked unaligned",
    Action.RESET_BEAD: "bead put back to pending", Action.MERGE_BEADS: "merge of two beads",
    Action.SPLIT_BEAD: "split of a bead", Action.MOVE_SENTENCE: "sentence moved to the next bead",
    Action.EDIT_SEGMENTS: "edit of the English", Action.ACCEPT_SUGGESTION: "fix applied",
    Action.REJECT_SUGGESTION: "fix rejected", Action.ACCEPT_RULE: "rule applied everywhere",
    Action.REJECT_RULE: "rule rejected", Action.ADD_TERM: "glossary entry added",
    Action.EDIT_TERM: "glossary entry changed", Action.DELETE_TERM: "glossary entry deleted",
    Action.ACCEPT_TERM: "glossary proposal accepted",
    Action.REJECT_TERM: "glossary proposal rejected",
    Action.REALIGN_BEADS: "re-alignment around the latest correction",
}
"""What the reviewer reads after undo/redo, per decision action (database ids are no help)."""


def _describe(done: decisions.Reverted | None) -> str:
    if done is None:
        return ""
    words = DECISION_WORDS.get(done.action, done.action.replace("_", " "))
    if done.action == Action.MOVE_SENTENCE:  # the log knows which way the sentence went
        lang = "Chinese" if done.payload.get("side") == "zh" else "English"
        way = "previous" if done.payload.get("direction") == "prev" else "next"
        words = f"{lang} sentence moved to the {way} bead"
    kind, _, key = done.target.partition(":")
    return f"{words} ({key})" if kind == "rule" and key else words
