"""``bitextual batch --engine ray`` on a real local Ray cluster started by the test."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.batch_archive import (
    batch_command,
    batch_env,
    batch_test_archive,
    data_files,
    kill_after_first_shard,
    run_batch,
)
from tests.conftest import REPO
from tests.ray_cluster import RayCluster, local_ray_cluster

pytest.importorskip("ray")
pytestmark = pytest.mark.slow

ARGS = ("--shard-size", "2", "--stages", "align,fix,export", "--export-format", "tmx,jsonl")


@pytest.fixture(scope="module")
def cluster() -> Iterator[RayCluster]:
    """A private two-CPU head node."""
    with local_ray_cluster(REPO, num_cpus=2) as running:
        yield running


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Six WMT22 pairs, a corrupt one, an empty one and a Chinese file without English."""
    return batch_test_archive(tmp_path_factory)


@pytest.fixture(scope="module")
def local_output(archive: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
                 ) -> Path:
    """The same archive through the local engine."""
    out = tmp_path_factory.mktemp("local") / "out"
    result = run_batch(*archive, "--out", out, "--workers", "1", *ARGS)
    assert result.returncode == 2, result.stderr   # two bad documents
    return out


def test_ray_writes_the_same_bytes_as_local(cluster: RayCluster, archive: tuple[Path, Path],
                                            local_output: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_batch(*archive, "--out", out, "--engine", "ray", "--address", cluster.address,
                       *ARGS)
    assert result.returncode == 2, result.stderr
    assert "2 of 9 documents failed" in result.stderr
    record = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert record["engine"] == "ray" and record["workers"] == 2
    # Both actors took work: the documents really went through the cluster.
    assert len(record["worker_stats"]) == 2
    assert data_files(out) == data_files(local_output)


def test_a_killed_driver_resumes_on_ray_to_the_same_output(
        cluster: RayCluster, archive: tuple[Path, Path], local_output: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    args: list[str | Path] = [*archive, "--out", out, "--engine", "ray", "--address",
                              cluster.address, *ARGS]
    kill_after_first_shard(args, out)
    assert not (out / "manifest.tsv").exists()
    result = run_batch(*args)
    assert result.returncode == 2, result.stderr
    assert "done by an earlier run" in result.stderr
    assert data_files(out) == data_files(local_output)


def test_a_killed_actor_is_restarted_and_its_task_retried(
        cluster: RayCluster, archive: tuple[Path, Path], local_output: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    args: list[str | Path] = [*archive, "--out", out, "--engine", "ray", "--address",
                              cluster.address, *ARGS]
    driver = subprocess.Popen(batch_command(*args), env=batch_env(), cwd=REPO,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              start_new_session=True)
    deadline = time.monotonic() + 180
    victims: list[int] = []
    # Every actor is killed once the first shard is written, while later tasks are in flight.
    while not victims and driver.poll() is None and time.monotonic() < deadline:
        if (out / "status").is_dir():
            victims = cluster.worker_pids()
        time.sleep(0.01)
    for pid in victims:
        os.kill(pid, signal.SIGKILL)
    _, stderr = driver.communicate(timeout=240)
    assert victims, "no actor was found to kill"
    assert driver.returncode == 2, stderr
    assert "2 of 9 documents failed" in stderr
    assert data_files(out) == data_files(local_output)
    # Restarted actors (new processes) did part of the work.
    record = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert set(record["worker_stats"]) - {f"{socket.gethostname()}:{pid}" for pid in victims}
    assert len(record["worker_stats"]) > len(victims)
