"""A real, private Ray cluster for tests: ``ray start --head`` in a subprocess.

Every port is chosen free (several clusters may run on one machine at once), the
temporary directory is the test's own, and teardown ends only this cluster's processes:
the ``ray start --block`` process group, then any process whose command line names this
cluster's temporary directory (never ``ray stop``, which would stop every cluster of the
user on the machine).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

START_TIMEOUT = 90.0
RAY_TEST_ENV = {"RAY_USAGE_STATS_ENABLED": "0", "RAY_AUTH_MODE": "disabled"}
"""For the cluster and its drivers. Ray 2.5x turns token authentication on for a new cluster
when ~/.ray/auth_token exists (any earlier local ``ray.init()`` writes it), while a driver
given an explicit address does not send the token; a private test cluster needs neither."""


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0):
            return True
    except OSError:
        return False


def _pids_naming(marker: str) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if marker.encode() in cmdline:
            pids.append(int(entry.name))
    return pids


def _ray_executable() -> str:
    return str(Path(sys.executable).with_name("ray"))


@dataclass(frozen=True)
class RayCluster:
    """A running private cluster."""

    address: str
    """``127.0.0.1:PORT``, for ``--address``."""
    temp_dir: str

    def worker_pids(self) -> list[int]:
        """Worker processes (actors) of this cluster: children of its raylet."""
        raylets = [pid for pid in _pids_naming(self.temp_dir)
                   if b"raylet" in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0]]
        workers = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                status = (entry / "status").read_text()
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            parent = int(status.split("PPid:")[1].split()[0])
            if parent in raylets and b"_ActorBody" in cmdline:
                workers.append(int(entry.name))
        return workers


@contextlib.contextmanager
def local_ray_cluster(repo: Path, num_cpus: int = 2) -> Iterator[RayCluster]:
    """Start a head node with ``num_cpus`` CPUs."""
    # Short: Ray's unix socket paths live under it and must stay under ~100 bytes.
    temp_dir = tempfile.mkdtemp(prefix="btray", dir="/tmp")
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(repo), **RAY_TEST_ENV)
    args = [
        _ray_executable(), "start", "--head", "--block", "--node-ip-address", "127.0.0.1",
        "--port", str(port), f"--num-cpus={num_cpus}", "--num-gpus=0",
        "--include-dashboard=false", "--disable-usage-stats", f"--temp-dir={temp_dir}",
        f"--node-manager-port={free_port()}", f"--object-manager-port={free_port()}",
        f"--metrics-export-port={free_port()}",
        f"--dashboard-agent-listen-port={free_port()}",
        f"--dashboard-agent-grpc-port={free_port()}",
        f"--runtime-env-agent-port={free_port()}",
        "--min-worker-port=0", "--max-worker-port=0", "--object-store-memory=100000000",
    ]
    log = Path(temp_dir) / "ray-start.log"
    with log.open("wb") as handle:
        head = subprocess.Popen(args, env=env, stdout=handle, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _listening(port):
            if head.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("ray start failed:\n" + log.read_text(errors="replace"))
            time.sleep(0.5)
        yield RayCluster(f"127.0.0.1:{port}", temp_dir)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(head.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            head.wait(timeout=3)
        for pid in [*_pids_naming(temp_dir), head.pid]:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(head.pid, signal.SIGKILL)
        head.wait(timeout=20)
        shutil.rmtree(temp_dir, ignore_errors=True)
