"""Sentence-boundary precision, recall and F1 of ``corpus.segment`` on gold splits.

Each gold document (``mac-dev/zh/NNN``, ``mac-dev/en/NNN``: one sentence per line) is joined
into one paragraph — Chinese with no separator, English with one space — and split again.
A boundary is the character offset where a sentence starts (the first one excluded);
predicted and gold boundaries are compared as sets, micro-averaged over the documents.

MAC-Dev (literary chapters) is the target set. WMT22 news (one segment per line) is scored
the same way as a check on data the rules were never looked at against; its headlines and
datelines carry no stop, so once joined their boundaries cannot be found and recall there
is bounded well below 1 — read its precision.

    .venv/bin/python -m bench.segmentation               # the project's rules
    .venv/bin/python -m bench.segmentation --candidates  # also the PyPI libraries, if installed
    .venv/bin/python -m bench.segmentation --errors 20   # show missed and extra boundaries
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import os
import platform
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from corpus import __version__ as corpus_version
from corpus.segment import SPLIT_ON_SEMICOLON_DEFAULT, sentence_spans
from corpus.segment_eval import (
    GoldDocument,
    SpanFunction,
    Spans,
    boundaries_of,
    load_gold,
    score,
)
from corpus.signature import Signature

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("BITEXTUAL_SHARED", REPO.parent / "shared"))
MAC_DEV = SHARED / "data" / "mac-dev"
WMT22_NEWS = SHARED / "data" / "wmt22-zhen-news"
def spans_from_sentences(text: str, sentences: Iterable[str]) -> Spans:
    """Offsets of ``sentences`` found in order in ``text`` (for libraries that return strings)."""
    spans, position = [], 0
    for sentence in sentences:
        sentence = sentence.strip()
        if not sentence:
            continue
        start = text.find(sentence, position)
        if start < 0:
            continue  # the library changed the text; its boundary cannot be placed
        spans.append((start, start + len(sentence)))
        position = start + len(sentence)
    return spans


def project_splitter(side: str, split_on_semicolon: bool | None = None) -> SpanFunction:
    """``corpus.segment.sentence_spans`` for one side."""
    return lambda text: sentence_spans(text, side, split_on_semicolon=split_on_semicolon)


def _named(package: str) -> str:
    """``package`` with its installed version, as the splitter's name in the table."""
    return f"{package} {importlib.metadata.version(package)}"


def candidate_splitters(side: str) -> dict[str, SpanFunction | str]:
    """PyPI sentence splitters for ``side``; a string instead of a function says why not."""
    candidates: dict[str, SpanFunction | str] = {}
    # Each library is imported here, only when asked for: none is a dependency, and
    # import_module keeps type checkers from requiring them.
    try:
        pysbd = importlib.import_module("pysbd")

        segmenter = pysbd.Segmenter(language=side, clean=False)
        # Sentences are placed by searching their text: pysbd's own char_span is unreliable
        # when a sentence repeats.
        candidates[_named("pysbd")] = lambda text: spans_from_sentences(
            text, segmenter.segment(text)
        )
    except ImportError:
        candidates["pysbd"] = "not installed (pip install pysbd)"
    try:
        sentencex_segment = importlib.import_module("sentencex").segment

        candidates[_named("sentencex")] = lambda text: spans_from_sentences(
            text, sentencex_segment(side, text)
        )
    except ImportError:
        candidates["sentencex"] = "not installed (pip install sentencex)"
    try:
        blingfire = importlib.import_module("blingfire")

        # blingfire's offsets count UTF-8 bytes, so its sentences are placed by their text.
        candidates[_named("blingfire")] = lambda text: spans_from_sentences(
            text, blingfire.text_to_sentences(text).split("\n")
        )
    except ImportError:
        candidates["blingfire"] = "not installed (pip install blingfire)"
    if side == "en":
        try:
            syntok_segmenter = importlib.import_module("syntok.segmenter")

            def syntok_spans(text: str) -> Spans:
                spans = []
                for paragraph in syntok_segmenter.analyze(text):
                    for sentence in paragraph:
                        spans.append(
                            (sentence[0].offset, sentence[-1].offset + len(sentence[-1].value))
                        )
                return spans

            candidates[_named("syntok")] = syntok_spans
        except ImportError:
            candidates["syntok"] = "not installed (pip install syntok)"
        try:
            sent_spans = importlib.import_module("nupunkt").sent_spans

            candidates[_named("nupunkt")] = lambda text: list(sent_spans(text))
        except ImportError:
            candidates["nupunkt"] = "not installed (pip install nupunkt)"
    else:
        for name in ("syntok", "nupunkt"):
            candidates[name] = "English only"
    return candidates


def show_errors(documents: list[GoldDocument], spans_of: SpanFunction, limit: int) -> None:
    """Print up to ``limit`` missed (FN) and extra (FP) boundaries with context."""
    shown = 0
    for document in documents:
        predicted = boundaries_of(spans_of(document.text))
        for kind, offsets in (
            ("FN", document.boundaries - predicted),
            ("FP", predicted - document.boundaries),
        ):
            for offset in sorted(offsets):
                if shown >= limit:
                    return
                left = document.text[max(0, offset - 40) : offset]
                right = document.text[offset : offset + 30]
                print(f"  {kind} {document.name}@{offset}: {left!r} | {right!r}")
                shown += 1


def signature() -> str:
    """What produced the numbers: splitter version, options, data, Python."""
    return str(Signature(sep=" | ").tool("bitextual-segment", corpus_version)
               .param("semicolon", SPLIT_ON_SEMICOLON_DEFAULT)
               .part("documents joined: zh with '', en with ' '")
               .tool("python", platform.python_version()))


def main(argv: list[str] | None = None) -> int:
    """Print the boundary scores table; exit 1 if MAC-Dev is missing."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.segmentation",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--data", type=Path, default=MAC_DEV, help="the mac-dev directory")
    parser.add_argument(
        "--wmt",
        type=Path,
        default=WMT22_NEWS,
        help="the wmt22-zhen-news directory (skipped if missing)",
    )
    parser.add_argument(
        "--candidates",
        action="store_true",
        help="also score the PyPI sentence splitters that are installed",
    )
    parser.add_argument(
        "--errors",
        type=int,
        default=0,
        metavar="N",
        help="show N missed/extra boundaries of the project's splitter per side",
    )
    args = parser.parse_args(argv)
    if not (args.data / "zh").is_dir():
        print(f"MAC-Dev not found at {args.data} (set BITEXTUAL_SHARED or --data)", file=sys.stderr)
        return 1

    datasets = [("mac-dev", args.data)]
    if (args.wmt / "zh").is_dir():
        datasets.append(("wmt22", args.wmt))
    print(
        f"{'data':8} {'side':4}  {'splitter':32} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'sec':>6}"
    )
    for data_name, data_dir in datasets:
        for side in ("zh", "en"):
            documents = load_gold(data_dir, side)
            splitters: dict[str, SpanFunction | str] = {"bitextual": project_splitter(side)}
            if side == "zh":
                # The non-default choice for ；, to keep the default's choice measured.
                other = not SPLIT_ON_SEMICOLON_DEFAULT
                splitters[f"bitextual, semicolon={other}"] = project_splitter(
                    side, split_on_semicolon=other
                )
            if args.candidates:
                splitters.update(candidate_splitters(side))
            for name, splitter in splitters.items():
                if isinstance(splitter, str):
                    print(f"{data_name:8} {side:4}  {name:32} {splitter}")
                    continue
                started = time.perf_counter()
                result = score(documents, splitter)
                seconds = time.perf_counter() - started
                gold = result.true_positives + result.false_negatives
                print(
                    f"{data_name:8} {side:4}  {name:32} {result.precision:6.4f} "
                    f"{result.recall:6.4f} {result.f1:6.4f} {gold:6d} {seconds:6.2f}"
                )
            if args.errors and data_name == "mac-dev":
                show_errors(documents, project_splitter(side), args.errors)
    print(signature())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
