"""`make demo` runs the whole pipeline on the bundled sample; this runs the same script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from corpus.store import Project
from tests.conftest import REPO


@pytest.mark.slow
def test_demo_script_runs_every_step_and_writes_the_outputs(tmp_path: Path) -> None:
    project_dir = tmp_path / "demo"
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    run = subprocess.run(["bash", str(REPO / "samples/demo/run.sh"), str(project_dir)],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert f"bitextual review {project_dir}" in run.stdout

    fixed = (project_dir / "fixed" / "en-keqiao-seminar.txt").read_text(encoding="utf-8")
    for garble in ("pformation", "Pformation", "pfer ", "pferred", "paction", "China'S", "¡¯"):
        assert garble not in fixed
    for repair in ("transformation", "transfer", "transferred", "transaction", "China's"):
        assert repair in fixed
    report = [json.loads(line) for line in
              (project_dir / "fixed" / "report.jsonl").read_text(encoding="utf-8").splitlines()]
    assert report

    for name in ("demo.tmx", "demo.xlf", "demo.tsv"):
        assert (project_dir / "exports" / name).stat().st_size > 0

    with Project.open(project_dir) as project:
        stats = project.stats()
        assert stats["pairs"] == 1
        assert stats["beads"] >= 9
        assert stats["boilerplate"] >= 10
        assert stats["suggestions_open"] > 0
        assert stats["concepts"] > 0
