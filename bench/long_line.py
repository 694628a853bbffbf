"""Single-line documents of growing size through add, check, fix and align-files.

    .venv/bin/python -m bench.long_line     # 1 and 2 MB lines; align-files 0.25 and 0.5 MB
    .venv/bin/python -m bench.long_line --mb 2 4 --align-mb 0.5 1

A 50 MB one-line file once took 48 s to add and 6 min 48 s to check, and fix and align-files
did not finish: some steps were quadratic in the length of a line. Each command runs in a
fresh process on a synthetic line (seeded) of English prose with sentence ends and, for
align-files, its Chinese counterpart without any sentence end (the worst case: one
"sentence" the segmenter must cut). Doubling the size should about double the time; the
"ratio" column is the time over the time for the previous size (the fixed start-up cost of
each process, 2-4 s, keeps it below 2 for small inputs).
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = ("the cotton price rose sharply in March while workers in the textile factory asked "
         "for 3.5 per cent higher wages e.g. in the U.S. and the owners agreed at last").split()
HAN = "棉花价格上涨了工人的工资工厂业主同意出口增长纺织品三月份"


def english_line(chars: int, rng: random.Random) -> str:
    """Prose sentences with ends, on one line."""
    out: list[str] = []
    size = 0
    while size < chars:
        sentence = " ".join(rng.choice(WORDS) for _ in range(14)).capitalize() + ". "
        out.append(sentence)
        size += len(sentence)
    return "".join(out).rstrip() + "\n"


def chinese_line(chars: int, rng: random.Random) -> str:
    """Han characters with commas but no sentence end, on one line."""
    return "".join(rng.choice(HAN) + ("，" if i % 40 == 39 else "")
                   for i in range(chars)) + "\n"


def run(args: list[str]) -> float:
    """Wall seconds of ``bitextual ARGS`` in a fresh process (raises if it fails)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from tui.cli import main; main()", *args],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - started


def main() -> None:
    """Print one row per command and size."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--align-mb", type=float, nargs="+", default=[0.25, 0.5])
    options = parser.parse_args()
    rng = random.Random(12)
    print("| command | line size | seconds | ratio to the previous size |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for command in ("add", "check", "fix", "align-files"):
            sizes = options.align_mb if command == "align-files" else options.mb
            previous: float | None = None
            for mb in sizes:
                chars = int(mb * 1_000_000)
                en = root / f"en-{mb}.txt"
                en.write_text(english_line(chars, rng), encoding="utf-8")
                if command == "add":
                    project = root / f"p-{mb}"
                    run(["init", str(project)])
                    seconds = run(["add", "-p", str(project), str(en)])
                elif command == "check":
                    seconds = run(["check", str(en), "--format", "jsonl"])
                elif command == "fix":
                    seconds = run(["fix", str(en), "--out", str(root / f"fixed-{mb}")])
                else:
                    zh = root / f"zh-{mb}.txt"
                    # a third as many characters: UTF-8 Chinese is 3 bytes a character
                    zh.write_text(chinese_line(chars // 3, rng), encoding="utf-8")
                    seconds = run(["align-files", str(zh), str(en), "-o",
                                   str(root / f"out-{mb}.align")])
                ratio = f"{seconds / previous:.2f}" if previous else ""
                print(f"| {command} | {mb:g} MB | {seconds:.1f} | {ratio} |", flush=True)
                previous = seconds


if __name__ == "__main__":
    main()
