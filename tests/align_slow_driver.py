"""``align_project`` with a slow fake encoder, run as a separate process by
tests/test_concurrent_commands.py: ``python -m tests.align_slow_driver PROJECT MARKER SECONDS``.

The encoder creates MARKER when embedding starts (the writer lock is held by then), then
sleeps, so the test can start another command in the middle of the run.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

from aligner.embed import Progress
from aligner.project import align_project
from corpus.store import Project


class SlowEncoder:
    """Deterministic 16-dimensional vectors from the characters of each text, slowly."""

    signature = "slow-test v1 dim=16"

    def __init__(self, marker: Path, seconds: float) -> None:
        self.marker = marker
        self.seconds = seconds

    def encode(self, texts: list[str], batch_size: int = 256,
               progress: Progress | None = None) -> np.ndarray:
        self.marker.touch()
        time.sleep(self.seconds)
        rows = [np.random.default_rng(sum(map(ord, text))).standard_normal(16) for text in texts]
        out = np.array(rows, dtype=np.float32).reshape(len(texts), 16)
        unit: np.ndarray = out / np.linalg.norm(out, axis=1, keepdims=True)
        return unit


def main() -> None:
    """Align the project given on the command line with the slow encoder."""
    root, marker, seconds = Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3])
    with Project.open(root) as project:
        report = align_project(project, SlowEncoder(marker, seconds))
    print(f"aligned {len(report.pairs)} pair(s)", flush=True)
    for warning in report.warnings:
        print(f"warning: {warning}", flush=True)


if __name__ == "__main__":
    main()
