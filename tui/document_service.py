"""Read one document for the document screen: every sentence in order, as rows to draw.

Part of the service layer (no Textual): a document, paired or not, is read sentence by
sentence — boilerplate lines included, marked — with the open findings of each sentence
placed in its current text, and, in a Chinese document, where glossary terms occur. A
10,000-sentence document opens on a window of rows around the cursor; a worker reads the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

from corpus import aligned
from corpus.errors import BitextualError
from corpus.store import Project
from corpus.suggestions import document_suggestions
from glossary.termbase import chinese_term_norms
from tui.service import BeadView, SuggestionView, derives_from, place_suggestion


class DocumentError(BitextualError):
    """A document asked for by the review app does not exist."""

    title = "Document error"


@dataclass(frozen=True)
class DocumentInfo:
    """What the document screen's title and layout need."""

    id: int
    name: str
    lang: str
    """'zh' or 'en' (a 'mixed' document is shown on the side of its main language)."""
    script: str
    sentences: int
    """Rows: every segment, boilerplate included."""
    paired_with: str


def document_info(project: Project, name: str) -> DocumentInfo:
    """The document named ``name``; ``DocumentError`` when there is none."""
    found = aligned.document_counts(project, name)
    if not found:
        raise DocumentError(f"no document named '{name}' in the project",
                            hint="press r on the overview to re-read the project")
    doc = found[0]
    script = doc.script or ""
    lang = "zh" if doc.lang == "zh" or (doc.lang == "mixed" and script.startswith("zh")) \
        else "en"
    return DocumentInfo(doc.id, doc.name, lang, doc.script or "?",
                        doc.sentences + doc.set_aside, doc.paired_with)


def load_document(project: Project, info: DocumentInfo,
                  window: tuple[int, int] | None = None) -> list[BeadView]:
    """The document's sentences as rows (``window``: (start, count) of them only)."""
    rows = aligned.document_segment_rows(project, info.id, window)
    first = max(window[0], 0) if window is not None else 0
    by_segment = document_suggestions(
        project, info.id, [r[0] for r in rows] if window is not None else None)
    terms = _term_spans(project, rows) if info.lang == "zh" else {}
    views = []
    for index, (seg, text, corrected, boilerplate) in enumerate(rows):
        current = corrected if corrected is not None else text
        sug_views: tuple[SuggestionView, ...] = ()
        edited = corrected is not None
        found = by_segment.get(seg)
        if found:
            accepted = found.get("accepted", [])
            free_edit = corrected is not None and not derives_from(text, accepted, corrected)
            edited = free_edit
            placed = []
            for sug in found.get("open", []):
                start = place_suggestion(current, sug, accepted, free_edit)
                placed.append(SuggestionView(
                    sug.id, seg, start, start + len(sug.original) if start >= 0 else -1,
                    sug.original, sug.replacement, sug.kind, sug.rule, sug.confidence,
                    sug.evidence))
            sug_views = tuple(placed)
        number = first + index + 1
        zh_side = info.lang == "zh"
        views.append(BeadView(
            bead_id=number, number=number, zh_ids=(seg,) if zh_side else (),
            en_ids=() if zh_side else (seg,), zh_text=current if zh_side else "",
            en_text="" if zh_side else current,
            en_segments=() if zh_side else ((seg, text, current),),
            zh_segments=(current,) if zh_side else (), score=None,
            status="unaligned" if boilerplate is not None else "pending", origin="document",
            suggestions=sug_views, edited=edited, boilerplate=boilerplate,
            terms=terms.get(seg, ())))
    return views


def sentence_segments(view: BeadView) -> tuple[tuple[str, str, str], ...]:
    """(segment id, original, current) of a document row, whichever its language."""
    if view.en_segments:
        return view.en_segments
    return tuple((seg, text, text) for seg, text in zip(view.zh_ids, view.zh_segments,
                                                         strict=True))


def _term_spans(project: Project, rows: list[aligned.DocumentSegmentRow]
                ) -> dict[str, tuple[tuple[int, int], ...]]:
    """Where the glossary's Chinese terms occur in each sentence (compared on the
    Simplified ``norm``; offsets hold when the norm is as long as the text)."""
    terms = chinese_term_norms(project)
    if not terms:
        return {}
    norms = aligned.segment_norms(project, [r[0] for r in rows])
    out: dict[str, tuple[tuple[int, int], ...]] = {}
    for seg, text, corrected, _ in rows:
        norm = norms.get(seg, "")
        if corrected is not None or len(norm) != len(text):
            continue
        spans = []
        for term in terms:
            start = norm.find(term)
            while start >= 0:
                spans.append((start, start + len(term)))
                start = norm.find(term, start + len(term))
        if spans:
            out[seg] = tuple(sorted(spans))
    return out


def load_comparable(project: Project, pair_id: int,
                    beads: dict[int, BeadView]) -> list[BeadView]:
    """Every article sentence of both documents of a comparable pair, in reading order:
    its links (``beads``, by bead id, as the pair screen reads them) and each sentence in no
    link as a one-sided row (``kind`` 'zh' or 'en', ``bead_id`` negative: not a bead)."""
    rows = aligned.pair_rows(project, pair_id)
    loose = [s for r in rows if r.kind != "bead" for s in r.zh_ids + r.en_ids]
    texts = aligned.stored_segment_texts(project, segment_ids=loose)
    documents = aligned.pair_document_ids(project, pair_id)  # pair_rows checked it exists
    found = document_suggestions(
        project, documents[1], [s for r in rows if r.kind == "en" for s in r.en_ids]) \
        if documents is not None else {}
    views: list[BeadView] = []
    for number, row in enumerate(rows, start=1):
        bead = beads.get(row.bead_id) if row.kind == "bead" and row.bead_id is not None \
            else None
        if bead is not None:
            bead.number = number
            views.append(bead)
            continue
        seg = (row.zh_ids + row.en_ids)[0]
        text, corrected = texts.get(seg, ("?", None))
        current = corrected if corrected is not None else text
        placed: list[SuggestionView] = []
        mine = found.get(seg, {})
        accepted = mine.get("accepted", [])
        free_edit = corrected is not None and not derives_from(text, accepted, corrected)
        for sug in mine.get("open", []):
            start = place_suggestion(current, sug, accepted, free_edit)
            placed.append(SuggestionView(
                sug.id, seg, start, start + len(sug.original) if start >= 0 else -1,
                sug.original, sug.replacement, sug.kind, sug.rule, sug.confidence,
                sug.evidence))
        zh_side = row.kind == "zh"
        views.append(BeadView(
            bead_id=-number, number=number, zh_ids=row.zh_ids, en_ids=row.en_ids,
            zh_text=current if zh_side else "", en_text="" if zh_side else current,
            en_segments=() if zh_side else ((seg, text, current),),
            zh_segments=(current,) if zh_side else (), score=None, status="pending",
            origin="unlinked", suggestions=tuple(placed), edited=free_edit, kind=row.kind))
    return views
