"""Export speed and memory: a synthetic project of N beads exported in every format.

    .venv/bin/python -m bench.export_speed               # 100,000 beads (and 10,000)
    .venv/bin/python -m bench.export_speed --beads 20000 --small 0 --repeat 1

The project has 100 document pairs; 5% of the beads are 2-1, 3% rejected, 2% 1-0, 10% of the
English segments corrected, 20% accepted, and texts hold XML-hostile characters now and then.
Each format is exported in a fresh subprocess, which reports the export's wall time, its CPU
time (the better figure on a shared, loaded machine), its peak resident set size
(``ru_maxrss``) and its RSS before the export started: memory that grew with the corpus
would show as a gap between the two sizes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus.store import Project, now_iso, segment_id

FORMATS = ("tmx", "xliff", "tsv", "jsonl", "moses")
PAIRS = 100
ZH_CHARS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动"
    "同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自"
    "二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日"
    "那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变"
    "条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总"
    "次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指"
    "几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器"
    "压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安"
    "场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集"
    "温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连"
    "断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精"
    "值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属"
    "圆包火住调满县局照参红细引听该铁价严"
)
EN_WORDS = ("the garment factory export order cotton price market season brand retail "
            "supplier textile fabric worker wage China's output growth percent quarter "
            "company said report new plant production demand buyer Europe shipment").split()
HOSTILE = ["\x01", "\x0b", "<b>", "&amp;", "\ufffe", "\t", "\n", '"', "'", "]]>"]


def _zh_sentence(rng: random.Random) -> str:
    text = "".join(rng.choice(ZH_CHARS) for _ in range(rng.randint(12, 48))) + "。"
    if rng.random() < 0.02:
        text = text[:5] + rng.choice(HOSTILE) + text[5:]
    return text


def _en_sentence(rng: random.Random) -> str:
    words = [rng.choice(EN_WORDS) for _ in range(rng.randint(8, 30))]
    text = " ".join(words).capitalize() + "."
    if rng.random() < 0.02:
        text = text[:7] + rng.choice(HOSTILE) + text[7:]
    return text


Measurement = dict[str, str | int | float]
"""One export's figures (format, units, seconds, memory), as printed in JSON."""


def build_project(root: Path, beads: int, seed: int = 13) -> Project:
    """A project with ``beads`` beads spread over 100 document pairs."""
    rng = random.Random(seed)
    project = Project.init(root)
    conn = project.conn
    now = now_iso()
    per_pair = max(1, beads // PAIRS)
    with project.transaction():
        for pair_no in range(PAIRS):
            names = (f"doc{pair_no:03d}.zh", f"doc{pair_no:03d}.en")
            doc_ids = []
            for name, lang, script in ((names[0], "zh", "zh-Hans"), (names[1], "en", "en")):
                cur = conn.execute(
                    "INSERT INTO documents(name, path, checksum, format, lang, script, "
                    "added_at, updated_at) VALUES (?, ?, ?, 'txt', ?, ?, ?, ?)",
                    (name, name, "0" * 64, lang, script, now, now))
                doc_ids.append(cur.lastrowid)
            pair_id = conn.execute(
                "INSERT INTO doc_pairs(zh_doc, en_doc, mode, score, signature, created_at) "
                "VALUES (?, ?, 'parallel', 0.9, 'synthetic|bench', ?)",
                (doc_ids[0], doc_ids[1], now)).lastrowid
            segs: list[tuple[str, int | None, int, int, str, str, str | None]] = []
            bead_rows: list[tuple[int | None, float, str, str, float, str]] = []
            zpos = epos = 0
            count = per_pair if pair_no < PAIRS - 1 else beads - per_pair * (PAIRS - 1)
            for b in range(count):
                shape = rng.random()
                n_zh = 2 if shape < 0.05 else 1
                n_en = 0 if 0.05 <= shape < 0.07 else 1
                zh_ids, en_ids = [], []
                for _ in range(n_zh):
                    text = _zh_sentence(rng)
                    sid = segment_id(names[0], text, zpos)
                    segs.append((sid, doc_ids[0], zpos, zpos, text, text, None))
                    zh_ids.append(sid)
                    zpos += 1
                for _ in range(n_en):
                    text = _en_sentence(rng)
                    sid = segment_id(names[1], text, epos)
                    corrected = text.replace("China's", "China’s") + " (rev.)" \
                        if rng.random() < 0.1 else None
                    segs.append((sid, doc_ids[1], epos, epos, text, text, corrected))
                    en_ids.append(sid)
                    epos += 1
                roll = rng.random()
                status = "rejected" if roll < 0.03 else "accepted" if roll < 0.23 else "pending"
                bead_rows.append((pair_id, float(b), json.dumps(zh_ids), json.dumps(en_ids),
                                  round(rng.random(), 4), status))
            conn.executemany(
                "INSERT INTO segments(id, document_id, position, paragraph, text, norm, "
                "corrected) VALUES (?, ?, ?, ?, ?, ?, ?)", segs)
            conn.executemany(
                "INSERT INTO beads(pair_id, position, zh_ids, en_ids, score, status) "
                "VALUES (?, ?, ?, ?, ?, ?)", bead_rows)
    return project


def _measure_one(project_dir: str, fmt: str, out_dir: str, repeat: int) -> Measurement:
    """Run in a child process: export ``repeat`` times, report the fastest and peak memory.

    The minimum over repeats is the usual way to see through other processes' load.
    """
    from corpus.export import export_project  # noqa: PLC0415 - imported before measuring

    project = Project.open(project_dir)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    walls, cpus = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        cpu_start = time.process_time()
        report = export_project(project, fmt, Path(out_dir) / f"export.{fmt}")
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu_start)
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    size = sum(p.stat().st_size for p in report.paths)
    return {"format": fmt, "units": report.written, "beads": report.considered,
            "seconds": round(min(walls), 2), "seconds_max": round(max(walls), 2),
            "cpu_seconds": round(min(cpus), 2),
            "rss_before_mb": round(rss_before / 1024, 1),
            "rss_peak_mb": round(rss_peak / 1024, 1), "output_mb": round(size / 2**20, 1)}


def run(beads: int, formats: tuple[str, ...] = FORMATS,
        repeat: int = 3) -> list[Measurement]:
    """Build a project of ``beads`` beads and export it in each format in a fresh process."""
    results: list[Measurement] = []
    with tempfile.TemporaryDirectory(prefix="bitextual-export-bench-") as tmp:
        start = time.perf_counter()
        build_project(Path(tmp) / "proj", beads).close()
        print(f"built {beads:,} beads in {time.perf_counter() - start:.1f} s", file=sys.stderr)
        for fmt in formats:
            child = subprocess.run(
                [sys.executable, "-m", "bench.export_speed", "--child", fmt,
                 str(Path(tmp) / "proj"), tmp, "--repeat", str(repeat)],
                check=True, capture_output=True, text=True)
            result: Measurement = json.loads(child.stdout)
            result["project_beads"] = beads
            results.append(result)
            print(json.dumps(result), file=sys.stderr)
    return results


def main() -> None:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--beads", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000,
                        help="also run this size, to show memory does not grow (0: skip)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="exports per format; the fastest is reported (and the slowest)")
    parser.add_argument("--child", nargs=3, metavar=("FORMAT", "PROJECT", "OUT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        fmt, project_dir, out_dir = args.child
        print(json.dumps(_measure_one(project_dir, fmt, out_dir, args.repeat)))
        return
    rows = []
    for size in ([args.small] if args.small else []) + [args.beads]:
        rows += run(size, repeat=args.repeat)
    load = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} CPUs, load average {load:.1f} at the end")
    print("| beads | format | units | wall s (slowest) | CPU s | peak RSS MB (before export) "
          "| output MB |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['project_beads']:,} | {r['format']} | {r['units']:,} | {r['seconds']} "
              f"({r['seconds_max']}) | {r['cpu_seconds']} | {r['rss_peak_mb']} "
              f"({r['rss_before_mb']}) | {r['output_mb']} |")


if __name__ == "__main__":
    main()
