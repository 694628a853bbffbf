"""Two commands on one project: a re-import during ``align`` never leaves beads naming deleted
sentences (issue 12, item 1). Real processes, real timing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from aligner.embed import Progress
from aligner.project import align_project
from corpus.ingest import IngestOptions, InputFile, plan_file, store_plans
from corpus.store import Project
from tests.conftest import REPO, run_cli

ZH = ["棉花价格创下新高。", "工人的工资上涨了。", "工厂及其业主同意了。", "出口增长了百分之五。"]
EN = ["Cotton prices hit a record high.", "Workers' wages went up.",
      "The factory and its owners agreed.", "Exports grew by five percent."]
EN_CHANGED = ["Cotton prices reached a new record.", "Wages of the workers rose.",
              "The factory and its owners agreed.", "Exports were up five percent."]


def dangling_beads(project: Project) -> list[str]:
    """Segment ids named by beads that are not in the store."""
    known = {row[0] for row in project.conn.execute("SELECT id FROM segments")}
    named = [sid for row in project.conn.execute("SELECT zh_ids, en_ids FROM beads")
             for side in row for sid in json.loads(side)]
    return [sid for sid in named if sid not in known]


def make_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    root = tmp_path / "proj"
    (tmp_path / "zh.txt").write_text("\n".join(ZH) + "\n", encoding="utf-8")
    en = tmp_path / "en.txt"
    en.write_text("\n".join(EN) + "\n", encoding="utf-8")
    assert run_cli(["init", str(root)], capsys)[0] == 0
    assert run_cli(["add", "-p", str(root), str(tmp_path / "zh.txt"), str(en)], capsys)[0] == 0
    return root, en


def test_add_during_align_waits_and_leaves_no_dangling_bead(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, en = make_project(tmp_path, capsys)
    marker = tmp_path / "embedding-started"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    aligning = subprocess.Popen(
        [sys.executable, "-m", "tests.align_slow_driver", str(root), str(marker), "4"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert aligning.poll() is None, aligning.communicate()
            assert time.monotonic() < deadline, "align never started embedding"
            time.sleep(0.05)
        en.write_text("\n".join(EN_CHANGED) + "\n", encoding="utf-8")
        adding = subprocess.run(
            [sys.executable, "-c", "from tui.cli import main; main()", "add", "-p", str(root),
             str(en)], cwd=REPO,
            env=env, capture_output=True, text=True, timeout=300)
        align_out, align_err = aligning.communicate(timeout=300)
    finally:
        if aligning.poll() is None:
            aligning.kill()
    assert aligning.returncode == 0, align_err
    assert adding.returncode == 0, adding.stderr
    with Project.open(root) as project:
        assert dangling_beads(project) == []  # 3 runs in 4 named deleted sentences before
        # add ran after align: the changed sentences are in the store, and the beads that
        # named the old ones were removed by the re-import
        texts = {row[0] for row in project.conn.execute("SELECT text FROM segments")}
        assert set(EN_CHANGED) <= texts and not set(EN) - set(EN_CHANGED) & texts
    # add waited for align and said why
    assert "waiting: another command is changing this project (align, pid " \
        f"{aligning.pid})" in " ".join(adding.stderr.split())
    assert "aligned 1 pair(s)" in align_out


class ReimportingEncoder:
    """Re-imports the changed English file through a second connection while 'embedding',
    without the writer lock: what a writer that does not take the lock would do."""

    signature = "reimport-test v1 dim=16"

    def __init__(self, root: Path, en: Path) -> None:
        self.root, self.en = root, en

    def encode(self, texts: list[str], batch_size: int = 256,
               progress: Progress | None = None) -> np.ndarray:
        self.en.write_text("\n".join(EN_CHANGED) + "\n", encoding="utf-8")
        with Project.open(self.root) as other:
            store_plans(other, plan_file(InputFile(self.en, "en.txt"), IngestOptions()))
        rows = [np.random.default_rng(sum(map(ord, t))).standard_normal(16) for t in texts]
        out = np.array(rows, dtype=np.float32).reshape(len(texts), 16)
        unit: np.ndarray = out / np.linalg.norm(out, axis=1, keepdims=True)
        return unit


def test_align_skips_a_pair_whose_document_changed_under_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, en = make_project(tmp_path, capsys)
    with Project.open(root) as project:
        report = align_project(project, ReimportingEncoder(root, en))
        assert dangling_beads(project) == []
    assert report.pairs == []
    assert any("en.txt changed while it was being aligned" in w for w in report.warnings)
