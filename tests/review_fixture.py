"""Builds small review projects directly with SQL, independent of ingestion and alignment.

The demo pair has what the review UI must handle: Chinese text, a low-confidence bead, n-m
beads, open suggestions (two of one rule, so accept-all has something to count), a glossary
entry, a second pair and an unpaired document. All text was written for these tests.
"""

from __future__ import annotations

import json
from pathlib import Path

from corpus.store import Project, now_iso, segment_id

ZH_SENTENCES = [
    "绍兴的印染企业今年扩大了产能。",
    "当地政府提供了补贴。",
    "企业也升级了污水处理设施。",
    "棉花价格上涨给工厂带来压力。",
    "宁波一家服装厂开始使用数码印花。",
    "出口订单主要来自欧洲和东南亚。",
]
EN_SENTENCES = [
    "Printing and dying companies in Shaoxing expanded capacity this year.",
    "The local government provided subsidies, and firms upgraded their sewage plants.",
    "Rising cotton prices put the factories under pressure.",
    "A garment factory in Ningbo began using digital printing.",
    "Export orders come mainly from Europe.",
    "They also come from South-East Asia, where dying costs are lower.",
]
# (zh indices, en indices, score): a 1-1, a 2-1, a low-confidence 1-1, a 1-1, a 1-2.
DEMO_BEADS: list[tuple[list[int], list[int], float]] = [
    ([0], [0], 0.93),
    ([1, 2], [1], 0.74),
    ([3], [2], 0.31),
    ([4], [3], 0.88),
    ([5], [4, 5], 0.66),
]


def _add_document(project: Project, name: str, lang: str, script: str,
                  sentences: list[str]) -> tuple[int, list[str]]:
    now = now_iso()
    cur = project.conn.execute(
        "INSERT INTO documents(name, path, checksum, format, encoding, lang, script, added_at, "
        "updated_at) VALUES (?, ?, ?, 'txt', 'utf-8', ?, ?, ?, ?)",
        (name, f"{name}.txt", "0" * 64, lang, script, now, now))
    doc_id = int(cur.lastrowid or 0)
    ids = []
    for position, text in enumerate(sentences):
        sid = segment_id(name, text, 0)
        project.conn.execute(
            "INSERT INTO segments(id, document_id, position, paragraph, line, text, norm) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", (sid, doc_id, position, position, position + 1,
                                             text, text))
        ids.append(sid)
    return doc_id, ids


def _add_pair(project: Project, zh_doc: int, en_doc: int, zh_ids: list[str], en_ids: list[str],
              beads: list[tuple[list[int], list[int], float]]) -> int:
    cur = project.conn.execute(
        "INSERT INTO doc_pairs(zh_doc, en_doc, mode, score, signature, created_at) "
        "VALUES (?, ?, 'parallel', 0.9, 'test-fixture', ?)", (zh_doc, en_doc, now_iso()))
    pair_id = int(cur.lastrowid or 0)
    for position, (zh, en, score) in enumerate(beads):
        project.conn.execute(
            "INSERT INTO beads(pair_id, position, zh_ids, en_ids, score) VALUES (?, ?, ?, ?, ?)",
            (pair_id, float(position), json.dumps([zh_ids[i] for i in zh]),
             json.dumps([en_ids[i] for i in en]), score))
    return pair_id


def add_suggestion(project: Project, seg: str, text: str, original: str, replacement: str,
                   rule: str, kind: str = "garble", confidence: float = 0.8,
                   evidence: str = "") -> int:
    """Insert an open suggestion on the first occurrence of ``original`` in ``text``."""
    start = text.index(original)
    cur = project.conn.execute(
        "INSERT INTO suggestions(segment_id, start, end, original, replacement, kind, rule, "
        "confidence, evidence, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (seg, start, start + len(original), original, replacement, kind, rule, confidence,
         evidence, now_iso()))
    return int(cur.lastrowid or 0)


def build_demo_project(root: Path) -> Project:
    """A fresh project at ``root`` holding the demo pair, a second pair and an unpaired doc."""
    project = Project.init(root)
    with project.transaction():
        zh_doc, zh_ids = _add_document(project, "shaoxing-zh", "zh", "zh-Hans", ZH_SENTENCES)
        en_doc, en_ids = _add_document(project, "shaoxing-en", "en", "en", EN_SENTENCES)
        _add_pair(project, zh_doc, en_doc, zh_ids, en_ids, DEMO_BEADS)
        add_suggestion(project, en_ids[0], EN_SENTENCES[0], "dying", "dyeing",
                       rule="garble:dying", evidence="印染 = printing and dyeing (glossary)")
        add_suggestion(project, en_ids[5], EN_SENTENCES[5], "dying", "dyeing",
                       rule="garble:dying", evidence="印染 = printing and dyeing (glossary)")
        add_suggestion(project, en_ids[3], EN_SENTENCES[3], "digital printing",
                       "digital textile printing", rule="term:数码印花", kind="term",
                       confidence=0.6, evidence="glossary: 数码印花 → digital textile printing")
        zh2, zh2_ids = _add_document(project, "cotton-zh", "zh", "zh-Hant",
                                     ["棉價上漲。", "工廠承受壓力。"])
        en2, en2_ids = _add_document(project, "cotton-en", "en", "en",
                                     ["Cotton prices rose.", "Factories are under pressure."])
        _add_pair(project, zh2, en2, zh2_ids, en2_ids, [([0], [0], 0.97), ([1], [1], 0.95)])
        _add_document(project, "orphan-en", "en", "en", ["An article without a partner."])
        now = now_iso()
        cur = project.conn.execute(
            "INSERT INTO concepts(domain, note, source, created_at, updated_at) "
            "VALUES ('textiles', NULL, 'test', ?, ?)", (now, now))
        concept = int(cur.lastrowid or 0)
        project.conn.executemany(
            "INSERT INTO terms(concept_id, lang, text, norm, status) VALUES (?, ?, ?, ?, ?)",
            [(concept, "zh", "印染", "印染", "preferred"),
             (concept, "en", "printing and dyeing", "printing and dyeing", "preferred")])
    return project


def build_large_project(root: Path, n_beads: int) -> Project:
    """One pair with ``n_beads`` 1-1 beads (varied lengths and scores) for speed tests."""
    project = Project.init(root)
    zh = [ZH_SENTENCES[i % 6] * (1 + i % 3) + f"（{i}）" for i in range(n_beads)]
    en = [EN_SENTENCES[i % 6] + f" ({i})" + " More words follow here." * (i % 3)
          for i in range(n_beads)]
    with project.transaction():
        zh_doc, zh_ids = _add_document(project, "big-zh", "zh", "zh-Hans", zh)
        en_doc, en_ids = _add_document(project, "big-en", "en", "en", en)
        beads = [([i], [i], round((i * 37 % 100) / 100, 2)) for i in range(n_beads)]
        _add_pair(project, zh_doc, en_doc, zh_ids, en_ids, beads)
        for i in range(0, n_beads, 50):
            if "dying" in en[i]:
                add_suggestion(project, en_ids[i], en[i], "dying", "dyeing", rule="garble:dying")
    return project


def build_comparable_project(root: Path) -> Project:
    """The demo project with its first pair made comparable: beads 3 and 5 were never mined,
    so 棉花价格上涨… / Rising cotton prices… and the last Chinese and two English sentences
    are in no link; the other links are mined and pending."""
    project = build_demo_project(root)
    with project.transaction() as conn:
        conn.execute("UPDATE doc_pairs SET mode = 'comparable' WHERE id = 1")
        ids = [r[0] for r in conn.execute(
            "SELECT id FROM beads WHERE pair_id = 1 ORDER BY position, id")]
        conn.execute("DELETE FROM beads WHERE id IN (?, ?)", (ids[2], ids[4]))
        conn.execute("UPDATE beads SET origin = 'mined' WHERE pair_id = 1")
    return project
