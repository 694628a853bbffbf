"""The read model of aligned text: segments with their current (reviewed) text, and the
rows of a document pair (every sentence of both documents: links and unlinked sentences).

Every reader of aligned text goes through this module, so "the text of a segment" means the
same thing everywhere: ``segments.corrected`` when the reviewer changed it, else the
original ``segments.text``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from corpus.errors import ReviewError
from corpus.store import Project


@dataclass(frozen=True)
class SegmentText:
    """One segment's original text and its reviewed text (None while unchanged)."""

    id: str
    text: str
    corrected: str | None

    @property
    def current(self) -> str:
        """The reviewed text: ``corrected`` if set, else the original."""
        return self.corrected if self.corrected is not None else self.text


def read_segment(project: Project, segment_id: str) -> SegmentText:
    """One segment's texts; ``ReviewError`` if it does not exist."""
    row = project.conn.execute(
        "SELECT id, text, corrected FROM segments WHERE id = ?", (segment_id,)).fetchone()
    if row is None:
        raise ReviewError(f"segment {segment_id} does not exist")
    return SegmentText(row["id"], row["text"], row["corrected"])



def segment_texts(project: Project, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """(original, current) text of each segment id that exists."""
    wanted = list(ids)
    out: dict[str, tuple[str, str]] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for row in project.conn.execute(
                f"SELECT id, text, corrected FROM segments WHERE id IN ({marks})", chunk):
            out[row[0]] = (row[1], row[1] if row[2] is None else row[2])
    return out


# -- the sentences of a document pair -------------------------------------------------
@dataclass(frozen=True)
class PairDocuments:
    """A pair's mode and the article segment ids of its two documents, in document order."""

    pair_id: int
    mode: str
    zh_name: str
    en_name: str
    zh_ids: tuple[str, ...]
    en_ids: tuple[str, ...]

    @property
    def keeps_every_sentence(self) -> bool:
        """True when every sentence must stay in one bead of a monotone sequence."""
        return self.mode != "comparable"


def pair_documents_of(project: Project, pair_id: int) -> PairDocuments:
    """The pair's mode and article segment ids; ``ReviewError`` if there is no such pair."""
    row = project.conn.execute(
        "SELECT p.mode, p.zh_doc, p.en_doc, z.name AS zh_name, e.name AS en_name "
        "FROM doc_pairs p JOIN documents z ON z.id = p.zh_doc JOIN documents e ON e.id = p.en_doc "
        "WHERE p.id = ?", (pair_id,)).fetchone()
    if row is None:
        raise ReviewError(f"document pair {pair_id} does not exist",
                          hint="reload the overview; the pair may have been unpaired")

    def article(document_id: int) -> tuple[str, ...]:
        return tuple(r[0] for r in project.conn.execute(
            "SELECT id FROM segments WHERE document_id = ? AND boilerplate IS NULL "
            "ORDER BY position", (document_id,)))

    return PairDocuments(pair_id, str(row["mode"]), str(row["zh_name"]), str(row["en_name"]),
                         article(row["zh_doc"]), article(row["en_doc"]))


@dataclass(frozen=True, slots=True)
class PairRow:
    """One row of a pair screen: a link (bead with both sides) or one unlinked sentence.

    ``kind`` is 'bead', 'zh' or 'en'. An unlinked sentence of a parallel pair still sits in a
    one-sided bead (``bead_id`` set); in a comparable pair it is in no bead (``bead_id`` None).
    """

    kind: str
    bead_id: int | None
    zh_ids: tuple[str, ...]
    en_ids: tuple[str, ...]
    status: str | None = None
    origin: str | None = None
    score: float | None = None


def pair_rows(project: Project, pair_id: int) -> list[PairRow]:
    """Every article sentence of both documents of a pair once, in reading order.

    Parallel pairs: the beads in order, a one-sided bead as one row per sentence.
    Comparable pairs: ordered by the Chinese document (links by their first Chinese
    sentence); an English sentence in no link comes right after the row holding the English
    sentence before it, so both documents read in order wherever the links allow.
    """
    docs = pair_documents_of(project, pair_id)
    zh_index = {s: i for i, s in enumerate(docs.zh_ids)}
    en_index = {s: i for i, s in enumerate(docs.en_ids)}
    base: list[PairRow] = []
    for bead_id, zh_json, en_json, status, origin, score in project.conn.execute(
            "SELECT id, zh_ids, en_ids, status, origin, score FROM beads WHERE pair_id = ? "
            "ORDER BY position, id", (pair_id,)):
        zh = tuple(i for i in json.loads(zh_json) if i in zh_index)
        en = tuple(i for i in json.loads(en_json) if i in en_index)
        if zh and en:
            base.append(PairRow("bead", bead_id, zh, en, status, origin, score))
        else:
            base.extend(PairRow("zh", bead_id, (s,), (), status, origin, score) for s in zh)
            base.extend(PairRow("en", bead_id, (), (s,), status, origin, score) for s in en)
    placed_zh = {s for row in base for s in row.zh_ids}
    if not docs.keeps_every_sentence:
        base += [PairRow("zh", None, (s,), ()) for s in docs.zh_ids if s not in placed_zh]
        base.sort(key=lambda row: (zh_index[row.zh_ids[0]] if row.zh_ids else -1,
                                   en_index[row.en_ids[0]] if row.en_ids else -1))
        placed_zh = set(docs.zh_ids)
    # Sentences still without a row go after the row holding their side's previous sentence.
    row_of: dict[str, int] = {}
    for number, row in enumerate(base):
        for s in row.zh_ids + row.en_ids:
            row_of[s] = number
    followers: dict[int, list[PairRow]] = {}
    for side, ids in (("zh", docs.zh_ids), ("en", docs.en_ids)):
        anchor = -1
        for s in ids:
            if s in row_of:
                anchor = row_of[s]
                continue
            if side == "zh" and s in placed_zh:
                continue
            followers.setdefault(anchor, []).append(
                PairRow(side, None, (s,) if side == "zh" else (), (s,) if side == "en" else ()))
    rows = list(followers.get(-1, ()))
    for number, row in enumerate(base):
        rows.append(row)
        rows.extend(followers.get(number, ()))
    return rows
