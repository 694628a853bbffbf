"""``bitextual batch`` at archive scale: time, throughput and memory against archive size.

A synthetic archive is cut from the shared data: the 37 WMT22 news documents as they are,
and MAC-Dev's six chapters and the Bible cut into article-sized pieces (consecutive gold
beads until a piece holds ``PIECE_SENTENCES`` Chinese sentences), so every piece is a real
translation pair. An archive of N pairs takes the pieces round-robin over the three
sources and starts again from the first when they run out (the same text under a new name
costs the same work: nothing is cached between documents).

For each size and engine, ``bitextual batch`` runs in a fresh process (as a user runs it)
and its ``run.json`` gives the processing time, the driver's peak memory and each worker's
peak memory and CPU time. Each row also says whether the output equals the local engine's
byte for byte.

    python -m bench.batch_scale                           # 500, 1000, 2000 pairs; local, ray
    python -m bench.batch_scale --sizes 100,200 --engines local
    python -m bench.batch_scale --workers 2 --stages align,fix --keep /tmp/archives

Throughput per core is sentences per CPU-second of the workers: what each core adds to a
cluster. Wall times depend on what else runs on the machine (the 1-minute load average is
printed with every row).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.align_bible import read_bible
from bench.align_mac import SHARED, load_avg, read_mac_dev

REPO = Path(__file__).resolve().parent.parent
WMT = SHARED / "data" / "wmt22-zhen-news"
PIECE_SENTENCES = 20
"""Chinese sentences per piece cut from MAC-Dev and the Bible (a news article's length)."""


@dataclass(frozen=True)
class Piece:
    """One document pair of the synthetic archive."""

    source: str
    zh: list[str]
    en: list[str]


def _cut(zh: list[str], en: list[str], beads: list[tuple[tuple[int, ...], tuple[int, ...]]],
         source: str) -> list[Piece]:
    """Consecutive gold beads grouped into pieces of about PIECE_SENTENCES zh sentences."""
    pieces: list[Piece] = []
    zh_ids: list[int] = []
    en_ids: list[int] = []
    for zh_part, en_part in beads:
        zh_ids.extend(zh_part)
        en_ids.extend(en_part)
        if len(zh_ids) >= PIECE_SENTENCES and en_ids:
            pieces.append(Piece(source, [zh[i] for i in zh_ids], [en[j] for j in en_ids]))
            zh_ids, en_ids = [], []
    return pieces


def source_pieces() -> list[list[Piece]]:
    """The pieces of each source: WMT22 documents, MAC-Dev pieces, Bible pieces."""
    wmt = [Piece("wmt22", (WMT / "zh" / name).read_text(encoding="utf-8").splitlines(),
                 (WMT / "en" / name).read_text(encoding="utf-8").splitlines())
           for name in sorted(p.name for p in (WMT / "zh").iterdir())]
    mac = read_mac_dev()
    mac_pieces = [piece for zh, en, gold in zip(mac.zh, mac.en, mac.gold, strict=True)
                  for piece in _cut(zh, en, [(b.zh, b.en) for b in gold], "mac-dev")]
    bible_zh, bible_en, bible_gold = read_bible()
    # The Bible's gold is written en:zh.
    bible = _cut(bible_zh, bible_en, [(b.en, b.zh) for b in bible_gold], "bible")
    return [wmt, mac_pieces, bible]


def build_archive(root: Path, size: int) -> tuple[Path, Path, int]:
    """ZH_DIR and EN_DIR with ``size`` pairs under ``root``; and their sentence lines."""
    sources = source_pieces()
    order = [piece for group in zip(*[s * (size // len(s) + 1) for s in sources],
                                    strict=False) for piece in group][:size]
    zh_dir, en_dir = root / "zh", root / "en"
    for directory in (zh_dir, en_dir):
        directory.mkdir(parents=True, exist_ok=True)
    lines = 0
    for number, piece in enumerate(order):
        name = f"{number:06d}-{piece.source}.txt"
        (zh_dir / name).write_text("\n".join(piece.zh) + "\n", encoding="utf-8")
        (en_dir / name).write_text("\n".join(piece.en) + "\n", encoding="utf-8")
        lines += len(piece.zh) + len(piece.en)
    return zh_dir, en_dir, lines


def run_batch(zh_dir: Path, en_dir: Path, out: Path, engine: str, workers: int,
              stages: str) -> tuple[float, float, dict[str, Any]]:
    """Run ``bitextual batch`` in a fresh process; (wall seconds, CPU seconds of every
    process of the run, its run.json)."""
    command = [sys.executable, "-c", "from tui.cli import main; main()", "batch",
               str(zh_dir), str(en_dir), "--out", str(out), "--engine", engine,
               "--workers", str(workers), "--stages", stages]
    # A private local cluster per run: no usage report, and no token written to ~/.ray.
    env = dict(os.environ, PYTHONPATH=str(REPO), HF_HUB_OFFLINE="1", RAY_USAGE_STATS_ENABLED="0",
               RAY_AUTH_MODE="disabled")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # Every process of the run that was waited for: the driver, forked workers, and Ray's
    # own processes (raylet, GCS, actors) when the driver started the cluster.
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if result.returncode != 0:
        raise SystemExit(f"bitextual batch failed ({result.returncode}):\n{result.stderr}")
    record: dict[str, Any] = json.loads((out / "run.json").read_text(encoding="utf-8"))
    return wall, cpu, record


def data_files(out: Path) -> dict[str, bytes]:
    """Every output file but run.json, by relative path."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != "run.json"}


HEADER = ("| pairs | engine | sentences | wall s (total) | processing s | docs/s | sentences/s "
          "| CPU s (all processes) | worker process CPU s | sentences per worker CPU-s | "
          "driver peak MB | worker peak MB (each) | same bytes as local | load |")


def row(size: int, engine: str, wall: float, cpu_total: float, record: dict[str, Any],
        same: str) -> str:
    """One Markdown table row."""
    workers = record["worker_stats"]
    cpu = sum(w["cpu_seconds"] for w in workers.values())
    # Whole worker processes: documents plus the engine's own work in them (and, for Ray
    # actors, the model load, which forked local workers inherit from the driver).
    process_cpu = sum(w.get("process_cpu_seconds", 0.0) for w in workers.values())
    per_cpu = record["sentences"] / cpu if cpu else 0.0
    peaks = ", ".join(f"{w['peak_rss_mib']:.0f}" for w in workers.values())
    return (f"| {size:,} | {engine} ({record['workers']}) | {record['sentences']:,} | "
            f"{wall:.1f} | {record['seconds']:.1f} | {record['documents_per_second']:.2f} | "
            f"{record['sentences_per_second']:.0f} | {cpu_total:.1f} | {process_cpu:.1f} | "
            f"{per_cpu:.0f} | "
            f"{record['driver_peak_rss_mib']:.0f} | {peaks} | {same} | {load_avg()} |")


def main(argv: list[str] | None = None) -> None:
    """Build the archives, run every engine on each, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,1000,2000")
    parser.add_argument("--engines", default="local,ray")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--stages", default="align,fix")
    parser.add_argument("--keep", type=Path, default=None,
                        help="build the archives here and keep them (default: a temp dir)")
    args = parser.parse_args(argv)
    root = args.keep or Path(tempfile.mkdtemp(prefix="bitextual-batch-bench-"))
    print(f"stages={args.stages} workers={args.workers} piece={PIECE_SENTENCES} zh "
          f"sentences; python {sys.version.split()[0]}; cores {os.cpu_count()}")
    print(HEADER)
    print("|" + "---|" * HEADER.count(" | ") + "---|")
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            zh_dir, en_dir, _ = build_archive(root / f"archive-{size}", size)
            reference: dict[str, bytes] | None = None
            for engine in args.engines.split(","):
                out = root / f"out-{size}-{engine}"
                shutil.rmtree(out, ignore_errors=True)
                wall, cpu, record = run_batch(zh_dir, en_dir, out, engine, args.workers,
                                              args.stages)
                files = data_files(out)
                same = "—" if reference is None else ("yes" if files == reference else "NO")
                reference = reference or files
                print(row(size, engine, wall, cpu, record, same), flush=True)
                if same == "NO":
                    assert reference is not None
                    differ = sorted(k for k in files.keys() | reference.keys()
                                    if files.get(k) != reference.get(k))
                    print(f"  differing files ({len(differ)}): {differ[:10]}; counts "
                          f"{record['counts']}", flush=True)
                    shutil.copytree(out, root.parent / f"{root.name}-mismatch-{size}-{engine}",
                                    dirs_exist_ok=True)
                shutil.rmtree(out, ignore_errors=True)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
