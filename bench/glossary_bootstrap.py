"""Bootstrap proposals and term-check speed on WMT22 zh-en news (segment i ↔ segment i).

    .venv/bin/python bench/glossary_bootstrap.py [DATA_DIR]

Prints every person and organisation proposal (for judging precision by hand) and the time
the term check takes with the starter glossary over all segment pairs.
"""

from __future__ import annotations

import sys
import time
from importlib import resources
from pathlib import Path

from corpus.language import normalise_zh
from glossary.bootstrap import propose_ngram_pairs, propose_org_names, propose_person_names
from glossary.tabular import read_tabular
from glossary.termbase import TermBase
from glossary.termcheck import check_pair


def load_pairs(root: Path) -> list[tuple[str, str]]:
    """All (Chinese, English) segment pairs of the WMT22 news documents."""
    pairs: list[tuple[str, str]] = []
    for zh_file in sorted((root / "zh").glob("*.txt")):
        zh_lines = zh_file.read_text(encoding="utf-8").splitlines()
        en_lines = (root / "en" / zh_file.name).read_text(encoding="utf-8").splitlines()
        pairs += [(normalise_zh(z), e) for z, e in zip(zh_lines, en_lines, strict=True)
                  if z.strip() and e.strip()]
    return pairs


def main() -> None:
    """Run the measurements."""
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else \
        Path(__file__).resolve().parents[2] / "shared" / "data" / "wmt22-zhen-news"
    pairs = load_pairs(root)
    print(f"{len(pairs)} segment pairs from {root}")
    for name, func in (("person", propose_person_names), ("org", propose_org_names),
                       ("ngram", propose_ngram_pairs)):
        start = time.perf_counter()
        proposals = func(pairs)
        elapsed = time.perf_counter() - start
        print(f"\n== {name}: {len(proposals)} proposals in {elapsed:.1f} s")
        for p in sorted(proposals, key=lambda p: -p.count):
            print(f"{p.count:3d}  {p.score:.2f}  {p.zh}  ↔  {p.en}"
                  + (f"   (also {', '.join(p.variants)})" if p.variants else ""))
    with resources.as_file(resources.files("glossary.data").joinpath("garment.tsv")) as path:
        termbase = TermBase([e.concept for e in read_tabular(path, "tsv")])
    start = time.perf_counter()
    found = [s for zh, en in pairs for s in check_pair(termbase, zh, en)]
    elapsed = time.perf_counter() - start
    print(f"\nterm check: {len(pairs)} pairs, {len(termbase)} concepts, {len(found)} findings "
          f"in {elapsed:.2f} s ({len(pairs) / elapsed:.0f} pairs/s)")
    by_rule: dict[str, int] = {}
    for s in found:
        key = s.rule.split(":")[0]
        by_rule[key] = by_rule.get(key, 0) + 1
    print("by category:", by_rule)


if __name__ == "__main__":
    main()
