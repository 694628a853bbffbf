"""Garble-repair benchmark: false positives on clean English, recall/precision on a garbled copy.

Usage: python bench/garble.py [--seeds 13 14 15] [--data ../shared/data] [--copies-only]
       [--mechanisms substitution ...] [--fragment-sizes 2 5] [--replacement-sizes 0 1 1 2]

1. ``fix`` on the clean English of MAC-Dev and WMT22 news, as it is and with the English
   constructions ``garble_corrupt`` adds (suspended hyphens, glued measurements) but no
   damage: every applied edit is a false positive; reported per 10,000 words.
2. For each seed: ``bench/garble_corrupt.py`` makes a garbled copy of the same text, ``fix``
   repairs it, and each damaged region counts as recalled when the applied edits inside it
   turn it into its target exactly. An applied edit is correct when it lies in a recalled
   region or undoes exactly one damaged span. Recall "any" uses every suggestion (what
   ``check`` shows a reviewer), "safe" only the applied ones.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.garble_corrupt import (  # noqa: E402
    MECHANISMS,
    GoldSpan,
    Mix,
    add_mix_arguments,
    corrupt,
    mix_from_arguments,
)
from corpus.suggestions import apply_replacements  # noqa: E402
from glossary.finding import Finding  # noqa: E402
from glossary.fix import fix_files  # noqa: E402
from glossary.garble.overlap import resolve_overlaps  # noqa: E402

KIND_TO_MECHANISM = {"garble": "substitution", "titlecase": "titlecase", "mojibake": "mojibake",
                     "spacing": "spacing", "term": "term"}


def clean_inputs(data: Path) -> list[Path]:
    """English side of MAC-Dev and WMT22 news."""
    return [data / "mac-dev" / "en", data / "wmt22-zhen-news" / "en"]


def count_words(paths: list[Path]) -> int:
    """Whitespace-separated words, as ``wc -w`` counts them."""
    total = 0
    for path in paths:
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            total += len(file.read_text(encoding="utf-8").split())
    return total


def read_report(path: Path) -> dict[tuple[str, int], list[tuple[Finding, bool]]]:
    """Report rows grouped by (file, line)."""
    rows: dict[tuple[str, int], list[tuple[Finding, bool]]] = defaultdict(list)
    for text in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(text)
        sug = Finding(row["start"], row["end"], row["original"], row["replacement"],
                         row["kind"], row["rule"], row["confidence"], row["evidence"])
        rows[(row["file"], row["line"])].append((sug, row["applied"]))
    return rows


class Region(GoldSpan):
    """Damaged spans that touch, merged; ``mechanism`` is the first span's."""

    mechanisms: set[str]


def _regions(gold: list[GoldSpan]) -> list[Region]:
    """Merge damaged spans that touch into regions (adjacent mojibake characters)."""
    merged: list[Region] = []
    for g in sorted(gold, key=lambda g: g["start"]):
        if merged and g["start"] <= merged[-1]["end"]:
            last = merged[-1]
            last["target"] += g["target"]
            last["garbled"] += g["garbled"]
            last["end"] = g["end"]
            last["mechanisms"].add(g["mechanism"])
        else:
            merged.append({**g, "mechanisms": {g["mechanism"]}})
    return merged


def _inside(sug: Finding, region: Region) -> bool:
    return region["start"] <= sug.start and sug.end <= region["end"]


def evaluate(gold_path: Path, report: Path) -> dict[str, Counter[str]]:
    """Counts per mechanism: regions, recalled (safe / any), applied, correct applied."""
    gold: dict[tuple[str, int], list[GoldSpan]] = defaultdict(list)
    for text in gold_path.read_text(encoding="utf-8").splitlines():
        g: GoldSpan = json.loads(text)
        gold[(g["file"], g["line"])].append(g)
    suggestions = read_report(report)
    stats: dict[str, Counter[str]] = defaultdict(Counter)
    for key in set(gold) | set(suggestions):
        regions = _regions(gold.get(key, []))
        sugs = suggestions.get(key, [])
        applied = [s for s, was_applied in sugs if was_applied]
        every = resolve_overlaps([s for s, _ in sugs])
        correct_edits: set[Finding] = set()
        for region in regions:
            for mech in region["mechanisms"]:
                stats[mech]["regions"] += 1
            for label, pool in (("recalled_safe", applied), ("recalled_any", every)):
                used = [s for s in pool if _inside(s, region)]
                shifted = [Finding(s.start - region["start"], s.end - region["start"],
                                      s.original, s.replacement, s.kind, s.rule, s.confidence)
                           for s in used]
                if used and apply_replacements(region["garbled"], shifted) == region["target"]:
                    for mech in region["mechanisms"]:
                        stats[mech][label] += 1
                    if label == "recalled_safe":
                        correct_edits.update(used)
        # An edit that undoes exactly one damaged span is correct even when a neighbouring
        # damage of another mechanism (merged into the same region) stays unrepaired.
        exact = {(g["start"], g["end"], g["target"]) for g in gold.get(key, [])}
        for sug in applied:
            mech = KIND_TO_MECHANISM[sug.kind]
            stats[mech]["applied"] += 1
            stats[mech]["correct"] += (sug in correct_edits
                                       or (sug.start, sug.end, sug.replacement) in exact)
    return stats


# Substitutions of the kind the brief names (held-out data garbles with other fragments than
# the seeds' trans -> p): (fragment, replacement, word-initial only).
NAMED_SUBSTITUTIONS = [("trans", "p", False), ("tion", "d", False), ("con", "k", False),
                       ("con", "", True), ("pro", "", True), ("de", "", True),
                       ("ex", "", True), ("ing", "g", False), ("ment", "nt", False),
                       ("ous", "", False), ("ation", "", False), ("ould", "d", False)]
WORD = re.compile(r"[A-Za-z]+")


def _substitute(line: str, fragment: str, replacement: str, initial_only: bool) -> str:
    def one(match: re.Match[str]) -> str:
        word = match.group()
        lower = word.lower()
        at = lower.find(fragment)
        if at < 0 or (initial_only and at != 0):
            return word
        new = lower[:at] + replacement + lower[at + len(fragment):]
        if not new:
            return word
        return new[0].upper() + new[1:] if word[0].isupper() else new
    return WORD.sub(one, line)


def named_substitutions(inputs: list[Path], tmp: Path) -> None:
    """Each named substitution on every other file; token-level repaired / wrong counts."""
    from glossary.fix import collect_inputs, read_text_file  # noqa: PLC0415

    files = [read_text_file(path, name) for path, name in collect_inputs(inputs)]
    print("| substitution | damaged tokens | repaired by fix | wrong edits | rule learned |")
    print("|---|---:|---:|---:|---|")
    for fragment, replacement, initial in NAMED_SUBSTITUTIONS:
        run = tmp / f"named-{fragment}-{replacement}-{int(initial)}"
        garbled: dict[str, list[str]] = {}
        for index, file in enumerate(files):
            lines = file.lines
            if index % 2 == 0:
                lines = [_substitute(line, fragment, replacement, initial) for line in lines]
            garbled[file.name] = lines
            (run / "in" / file.name).parent.mkdir(parents=True, exist_ok=True)
            (run / "in" / file.name).write_bytes(file.render(lines))
        summary = fix_files([run / "in"], run / "out")
        damaged = repaired = wrong = 0
        for file in files:
            fixed = read_text_file(run / "out" / file.name, file.name).lines
            for clean, bad, out in zip(file.lines, garbled[file.name], fixed, strict=True):
                words = (WORD.findall(clean), WORD.findall(bad), WORD.findall(out))
                if len({len(w) for w in words}) != 1:
                    continue
                for c, b, o in zip(*words, strict=True):
                    damaged += c != b
                    if b != o:
                        repaired += o == c
                        wrong += o != c
        top = next((f"{r.name} ({r.types} types, {r.confidence:.2f})" for r in summary.rules
                    if r.original.startswith(fragment[:2]) or fragment.startswith(r.original)),
                   "none")
        name = f"{fragment}→{replacement or '∅'}{' (word start)' if initial else ''}"
        print(f"| {name} | {damaged} | {repaired} ({_pct(repaired, damaged)}) | {wrong} | {top} |")


def _pct(num: int, den: int) -> str:
    return f"{100 * num / den:.1f}%" if den else "–"


def main() -> None:
    """Run both parts and print Markdown."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path,
                        default=Path(__file__).resolve().parent.parent.parent / "shared" / "data")
    parser.add_argument("--seeds", type=int, nargs="+", default=[13, 14, 15])
    parser.add_argument("--copies-only", action="store_true",
                        help="only the garbled copies (skip clean English and named "
                             "substitutions)")
    add_mix_arguments(parser)
    args = parser.parse_args()
    mix = mix_from_arguments(args)
    inputs = clean_inputs(args.data)
    words = count_words(inputs)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if not args.copies_only:
            clean_english(inputs, words, tmp)
            for seed in args.seeds:
                clean_constructs(inputs, seed, tmp)
        print(f"mix: {mix.describe()}\n")
        totals: dict[str, Counter[str]] = defaultdict(Counter)
        for seed in args.seeds:
            garbled = tmp / f"garbled-{seed}"
            garbled.mkdir()
            info = corrupt(inputs, garbled, seed, mix=mix)
            summary = fix_files([garbled], tmp / f"fixed-{seed}", tmp / f"report-{seed}.jsonl")
            stats = evaluate(Path(str(info["gold"])), tmp / f"report-{seed}.jsonl")
            frags = ", ".join(f"{a}→{b or '∅'}" for a, b in info["fragments"])
            learned = ", ".join(f"{r.name} ({r.types} types, {r.confidence:.2f})"
                                for r in summary.rules)
            print(f"### seed {seed}\n\nfragments: {frags}\n\nlearned: {learned or 'none'}\n")
            _table_header()
            for mech in MECHANISMS:
                totals[mech].update(stats[mech])
                _table_row(mech, stats[mech])
            print()
        if not args.copies_only:
            print("### Named substitutions (every word with the fragment, in every other file)\n")
            named_substitutions(inputs, tmp)
            print()
        print(f"### all seeds ({', '.join(map(str, args.seeds))})\n")
        _table_header()
        for mech in MECHANISMS:
            _table_row(mech, totals[mech])


def _table_header() -> None:
    print("| mechanism | damaged regions | recall (safe, applied) | recall (any suggestion) "
          "| applied edits | precision |")
    print("|---|---:|---:|---:|---:|---:|")


def _table_row(mech: str, s: Counter[str]) -> None:
    print(f"| {mech} | {s['regions']} | {_pct(s['recalled_safe'], s['regions'])} | "
          f"{_pct(s['recalled_any'], s['regions'])} | {s['applied']} | "
          f"{_pct(s['correct'], s['applied'])} |")


def clean_english(inputs: list[Path], words: int, tmp: Path) -> None:
    """``fix`` on clean English: every applied edit is a false positive."""
    started = time.perf_counter()
    clean = fix_files(inputs, tmp / "clean-out", tmp / "clean.jsonl")
    seconds = time.perf_counter() - started
    print(f"## Clean English ({words} words, {clean.files} files; {seconds:.1f} s)\n")
    print(f"applied edits: {clean.applied} = "
          f"{10000 * clean.applied / words:.2f} per 10,000 words; suggestions shown by "
          f"check: {clean.suggestions}; rules learned: "
          f"{', '.join(r.name for r in clean.rules) or 'none'}")
    for name, line, sug in clean.edits:
        print(f"- {name}:{line} {sug.original!r} → {sug.replacement!r} ({sug.rule})")
    print(f"\nsignature: {clean.signature}\n")


def clean_constructs(inputs: list[Path], seed: int, tmp: Path) -> None:
    """``fix`` on the clean English with the copy's constructions added and no damage."""
    copy = tmp / f"constructs-{seed}"
    copy.mkdir()
    corrupt(inputs, copy, seed, mix=Mix(mechanisms=frozenset()))
    words = count_words([copy])
    clean = fix_files([copy], tmp / f"constructs-out-{seed}")
    print(f"### Clean English with constructions added (seed {seed}, {words} words)\n")
    print(f"applied edits: {clean.applied} = {10000 * clean.applied / words:.2f} per 10,000 "
          f"words")
    for name, line, sug in clean.edits:
        print(f"- {name}:{line} {sug.original!r} → {sug.replacement!r} ({sug.rule})")
    print()


if __name__ == "__main__":
    main()
