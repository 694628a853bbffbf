"""Choosing what to export: the units (aligned sentence pairs) of a project, streamed from SQL.

A *unit* is one bead whose two sides both hold at least one segment. The texts are the
corrected texts (``COALESCE(segments.corrected, segments.text)``) unless the original is
asked for. Rules, in the order they are applied:

* beads with status ``rejected`` or ``unaligned`` are never exported (the ``EXPORT`` policy
  of :mod:`corpus.aligned`);
* with ``status="accepted"`` pending beads are skipped too (the default ``"all"`` exports
  pending and accepted beads and carries the status into the output);
* a link of a *comparable* pair is exported only once a reviewer accepted it (the
  ``EXPORT_COMPARABLE`` policy), whatever
  ``status`` says: mined sentence pairs of two articles on the same story are mostly not
  translations of each other, and a translation memory must not learn them unreviewed
  (pending beads of parallel and imported pairs are exported, marked pending);
* beads with an empty side (1-0, 0-1) are not units;
* n-m beads become one unit, their sentences joined (Chinese without a space, English with
  one space), or are skipped with ``one_to_one``;
* ``min_confidence`` skips *pending* beads whose score is below it or unknown; a bead a
  reviewer accepted is kept whatever the aligner thought of it.

Languages are BCP 47 tags with a script subtag (``zh-Hans``/``zh-Hant``; ``zh`` when the
document's script is unknown); ``zh_script`` converts every Chinese text with OpenCC
(``t2s``/``s2t``) and relabels it.

Units stream from ordered SQL cursors of the read model (:mod:`corpus.aligned`): per
document pair one over its beads and one over each document's segments, merged like a merge
join (``SegmentWindow``), so memory stays flat however large the project is.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

import corpus
from corpus.aligned import (
    EXPORT,
    EXPORT_COMPARABLE,
    DocumentPair,
    SegmentWindow,
    count_pair_beads,
    document_pairs,
    iter_pair_bead_rows,
    parse_ids,
)
from corpus.errors import BitextualError, StoreError
from corpus.signature import Signature
from corpus.store import Project

StatusFilter = Literal["accepted", "all"]
TextChoice = Literal["corrected", "original"]
ZhScript = Literal["hans", "hant"]

UNREVIEWED_COMPARABLE = "comparable link not accepted"
"""Skip reason of a pending link of a comparable pair (only accepted ones are exported)."""

# BCP 47 language tags. Script subtags, not regions: Simplified/Traditional is a matter of
# script, and a Traditional text may come from Taiwan, Hong Kong or Macau alike.
ZH_LANG_BY_SCRIPT = {"zh-Hans": "zh-Hans", "zh-Hant": "zh-Hant"}
ZH_LANG_UNKNOWN = "zh"
EN_LANG = "en"
_TARGET_LANG = {"hans": "zh-Hans", "hant": "zh-Hant"}
_OPENCC_CONFIG = {"hans": "t2s", "hant": "s2t"}


@dataclass(frozen=True)
class ExportOptions:
    """What to export; the defaults export every non-rejected unit with corrected text."""

    documents: tuple[str, ...] = ()
    """Document names (either side, or the source file of an imported pair); empty = all."""
    status: StatusFilter = "all"
    """'all': pending and accepted beads; 'accepted': only beads a reviewer accepted."""
    min_confidence: float | None = None
    """Skip pending beads scored below this (or not scored); accepted beads are kept."""
    text: TextChoice = "corrected"
    """'corrected': reviewed text where there is one; 'original': the text as imported."""
    one_to_one: bool = False
    """Skip n-m beads instead of joining their sentences."""
    zh_script: ZhScript | None = None
    """Convert the Chinese side to this script with OpenCC (and label it so); None: keep."""

    def validate(self) -> None:
        """Raise a BitextualError naming the bad option."""
        if self.status not in ("accepted", "all"):
            raise BitextualError(f"unknown status filter {self.status!r}",
                                 hint="use 'accepted' or 'all'")
        if self.text not in ("corrected", "original"):
            raise BitextualError(f"unknown text choice {self.text!r}",
                                 hint="use 'corrected' or 'original'")
        if self.zh_script not in (None, "hans", "hant"):
            raise BitextualError(f"unknown Chinese script {self.zh_script!r}",
                                 hint="use 'hans' or 'hant'")
        if self.min_confidence is not None and not 0.0 <= self.min_confidence <= 1.0:
            raise BitextualError(f"--min-confidence {self.min_confidence} is outside [0, 1]",
                                 hint="bead scores are confidences between 0 and 1")

    def describe(self) -> str:
        """The options as they appear in the signature."""
        parts = [f"text={self.text}", f"status={self.status}"]
        if self.min_confidence is not None:
            parts.append(f"min-confidence={self.min_confidence:g}")
        if self.one_to_one:
            parts.append("one-to-one")
        if self.zh_script:
            parts.append(f"zh-script={self.zh_script}")
        if self.documents:
            parts.append("documents=" + ",".join(self.documents))
        return " ".join(parts)


def zh_lang_of(pair: DocumentPair, target_script: ZhScript | None) -> str:
    """BCP 47 tag of a pair's Chinese side after any script conversion."""
    if target_script:
        return _TARGET_LANG[target_script]
    return ZH_LANG_BY_SCRIPT.get(pair.zh_script or "", ZH_LANG_UNKNOWN)


@dataclass(frozen=True)
class ExportSignature:
    """Who wrote an export, from what, when: enough to reproduce it."""

    tool_version: str
    models: tuple[str, ...]
    glossary_version: str
    created_at: datetime
    options: str

    @property
    def model(self) -> str:
        """The aligner signature(s) of the exported pairs; 'none' when all were imported."""
        return "; ".join(self.models) if self.models else "none"

    @property
    def date_iso(self) -> str:
        """Creation time, ISO 8601 UTC."""
        return self.created_at.strftime("%Y-%m-%dT%H:%M:%SZ")

    @property
    def date_tmx(self) -> str:
        """Creation time in the TMX form YYYYMMDDThhmmssZ."""
        return self.created_at.strftime("%Y%m%dT%H%M%SZ")

    def describe(self) -> str:
        """One-line signature carried by every export."""
        return str(Signature(sep=" | ", joiner=": ").tool("bitextual", self.tool_version)
                   .param("model", self.model).param("glossary", self.glossary_version)
                   .part(self.options).param("date", self.date_iso))

    def as_dict(self) -> dict[str, str]:
        """The signature as a JSON-ready mapping."""
        return {"tool": "bitextual", "version": self.tool_version, "model": self.model,
                "glossary_version": self.glossary_version, "options": self.options,
                "date": self.date_iso, "signature": self.describe()}


@dataclass(frozen=True)
class ExportPlan:
    """Everything a writer needs besides the units: pairs, languages, signature."""

    options: ExportOptions
    pairs: tuple[DocumentPair, ...]
    signature: ExportSignature

    @property
    def zh_langs(self) -> tuple[str, ...]:
        """The distinct Chinese language tags of the export, in pair order."""
        return tuple(dict.fromkeys(zh_lang_of(p, self.options.zh_script) for p in self.pairs))

    @property
    def zh_lang(self) -> str:
        """The single Chinese tag when all pairs share one; else 'zh' (script unspecified)."""
        langs = self.zh_langs
        return langs[0] if len(langs) == 1 else ZH_LANG_UNKNOWN

    @property
    def en_lang(self) -> str:
        """The English language tag."""
        return EN_LANG


@dataclass(slots=True)
class ExportUnit:
    """One aligned pair of texts, ready to be written."""

    unit_id: str
    """Stable id: a hash of the segment ids on both sides (same on every re-export)."""
    bead_id: int
    pair_id: int
    document: str
    zh_document: str
    en_document: str
    zh_ids: tuple[str, ...]
    en_ids: tuple[str, ...]
    zh: str
    en: str
    zh_original: str | None
    """The original Chinese text when it differs from the exported one; else None."""
    en_original: str | None
    score: float | None
    status: str
    origin: str
    zh_lang: str
    en_lang: str


@dataclass
class ExportTally:
    """What happened to each bead considered: written, or skipped and why."""

    written: int = 0
    considered: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    def describe_skipped(self) -> str:
        """E.g. '3 rejected, 1 empty side'; empty when nothing was skipped."""
        return ", ".join(f"{n} {reason}" for reason, n in sorted(self.skipped.items()))


def unit_id_for(zh_ids: tuple[str, ...] | list[str], en_ids: tuple[str, ...] | list[str]) -> str:
    """Stable unit id from the segment ids (segment ids survive re-imports and re-exports)."""
    key = ",".join(zh_ids) + "|" + ",".join(en_ids)
    return "u" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def join_zh(parts: list[str]) -> str:
    """Join Chinese sentences without spaces (a space only between two Latin letters/digits)."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and part[0].isascii() \
                and part[0].isalnum():
            out += " "
        out += part
    return out


def join_en(parts: list[str]) -> str:
    """Join English sentences with one space."""
    return " ".join(p.strip() for p in parts if p.strip())


def plan_export(project: Project, options: ExportOptions,
                now: datetime | None = None) -> ExportPlan:
    """Validate the options, choose the pairs and build the signature."""
    options.validate()
    pairs = document_pairs(project, options.documents)
    models = tuple(dict.fromkeys(p.model for p in pairs if p.model))
    signature = ExportSignature(
        tool_version=corpus.__version__,
        models=models,
        glossary_version=project.get_meta("glossary_version", "0") or "0",
        created_at=(now or datetime.now(UTC)).replace(microsecond=0),
        options=options.describe(),
    )
    return ExportPlan(options=options, pairs=tuple(pairs), signature=signature)


def count_beads(project: Project, plan: ExportPlan) -> int:
    """How many beads the export will consider (for a progress bar)."""
    return sum(count_pair_beads(project, pair.id) for pair in plan.pairs)


def _side_texts(window: SegmentWindow, bead_id: int, ids: list[str], use_corrected: bool,
                first: tuple[str, str | None] | None = None
                ) -> tuple[list[str], list[str], bool]:
    """(exported texts, original texts, any corrected) of one side of a bead, in order.

    ``first`` is the first segment when the caller has already taken it from the window.
    """
    texts: list[str] = []
    originals: list[str] = []
    changed = False
    for index, seg_id in enumerate(ids):
        found = first if index == 0 and first is not None else window.get(seg_id)
        if found is None:
            raise StoreError(
                f"bead {bead_id} refers to segment {seg_id}, which is not in the store",
                hint="re-run 'bitextual align' for its document pair")
        text, corrected = found
        originals.append(text)
        if use_corrected and corrected is not None and corrected != text:
            texts.append(corrected)
            changed = True
        else:
            texts.append(text)
    return texts, originals, changed


def iter_units(project: Project, plan: ExportPlan, tally: ExportTally | None = None,
               on_bead: Callable[[], None] | None = None) -> Iterator[ExportUnit]:
    """Stream the units of ``plan`` in pair and bead order, counting skips in ``tally``."""
    options = plan.options
    tally = tally if tally is not None else ExportTally()
    use_corrected = options.text == "corrected"
    converter = _script_converter(options.zh_script)
    accepted_only = options.status == "accepted"
    min_confidence = options.min_confidence
    conn = project.conn
    for pair in plan.pairs:
        zh_lang = zh_lang_of(pair, options.zh_script)
        # Converted even when the document is labelled with the target script already: a
        # "Simplified" document can still hold Traditional sentences (quotes, old TMs).
        convert = converter
        zh_window = SegmentWindow(conn, pair.zh_doc_id)
        en_window = SegmentWindow(conn, pair.en_doc_id)
        zh_get = zh_window.get
        en_get = en_window.get
        comparable = pair.mode == "comparable"
        for bead_id, zh_json, en_json, score, status, origin in iter_pair_bead_rows(
                conn, pair.id):
            tally.considered += 1
            if on_bead is not None:
                on_bead()
            if not EXPORT.admits(status):
                tally.skipped[status] += 1
                continue
            if accepted_only and status != "accepted":
                tally.skipped["not accepted"] += 1
                continue
            if comparable and not EXPORT_COMPARABLE.admits(status):
                tally.skipped[UNREVIEWED_COMPARABLE] += 1
                continue
            zh_ids = parse_ids(zh_json)
            en_ids = parse_ids(en_json)
            if not zh_ids or not en_ids:
                tally.skipped["empty side"] += 1
                continue
            if options.one_to_one and (len(zh_ids) != 1 or len(en_ids) != 1):
                tally.skipped["not 1-1"] += 1
                continue
            if (min_confidence is not None and status != "accepted"
                    and (score is None or score < min_confidence)):
                tally.skipped["below confidence"] += 1
                continue
            zh_found = zh_get(zh_ids[0]) if len(zh_ids) == 1 else None
            en_found = en_get(en_ids[0]) if len(en_ids) == 1 else None
            if zh_found is not None and en_found is not None:
                # 1-1 bead, the vast majority: no lists, no joins
                zh_text, zh_corrected = zh_found
                en_text, en_corrected = en_found
                zh = zh_text.strip()
                en = en_text.strip()
                zh_original = en_original = None
                if use_corrected:
                    if zh_corrected is not None:
                        zh_original, zh = zh, zh_corrected.strip()
                    if en_corrected is not None:
                        en_original, en = en, en_corrected.strip()
            else:
                # n-m beads, or a 1-1 bead whose segment is missing (raises with its id)
                zh_parts, zh_orig_parts, zh_changed = _side_texts(
                    zh_window, bead_id, zh_ids, use_corrected, zh_found)
                en_parts, en_orig_parts, en_changed = _side_texts(
                    en_window, bead_id, en_ids, use_corrected, en_found)
                zh = join_zh(zh_parts)
                en = join_en(en_parts)
                zh_original = join_zh(zh_orig_parts) if zh_changed else None
                en_original = join_en(en_orig_parts) if en_changed else None
            if not zh or not en:
                tally.skipped["empty side"] += 1
                continue
            if convert is not None:
                zh = convert(zh)
                zh_original = convert(zh_original) if zh_original is not None else None
            if zh_original == zh:
                zh_original = None
            if en_original == en:
                en_original = None
            tally.written += 1
            yield ExportUnit(
                unit_id=unit_id_for(zh_ids, en_ids), bead_id=bead_id, pair_id=pair.id,
                document=pair.label, zh_document=pair.zh_document,
                en_document=pair.en_document, zh_ids=tuple(zh_ids), en_ids=tuple(en_ids),
                zh=zh, en=en, zh_original=zh_original, en_original=en_original,
                score=score, status=status, origin=origin, zh_lang=zh_lang, en_lang=EN_LANG)


def _script_converter(target: ZhScript | None) -> Callable[[str], str] | None:
    """An OpenCC converter to ``target`` script, or None when no conversion was asked."""
    if target is None:
        return None
    import opencc  # loaded only when a conversion is asked for

    return opencc.OpenCC(_OPENCC_CONFIG[target]).convert


def read_snapshot(conn: sqlite3.Connection) -> bool:
    """Start a read transaction so a long export sees one consistent state; True if started."""
    if conn.in_transaction:
        return False
    conn.execute("BEGIN")
    return True
