"""The Ray engine: one actor per CPU (or GPU) of the cluster, each holding one encoder.

``RayEngine(settings, address)`` connects to a running cluster (``--address``; checked for
a listening port first, so a wrong address fails in seconds instead of hanging) or starts a
local one. Actors are created with ``max_restarts``/``max_task_retries``: when a worker
process or a node dies, Ray restarts the actor (reloading the model) and runs its task
again; a task that still fails marks its documents failed with Ray's message, and the run
goes on with the actors left. Each actor gets at most two tasks at a time (one running, one
queued), so nothing piles up in the object store or the driver.

This is not a scheduler: Ray places the actors on the nodes. The loop below only hands the
next task to the actor that just finished one (``ray.util.ActorPool`` does the same but
cannot say which task failed).

Ray is optional (``pip install 'bitextual[ray]'``) and imported only here, when used.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterable, Iterator
from typing import Any

from archive.engines import IN_FLIGHT_PER_WORKER, Task
from archive.inputs import ArchiveError
from archive.work import FAILED, BatchSettings, DocumentOutcome, WorkerContext

INSTALL_HINT = "pip install 'bitextual[ray]'"
CONNECT_TIMEOUT = 5.0
"""Seconds to wait for the cluster's port to answer before calling the address wrong."""
ACTOR_RESTARTS = 2
TASK_RETRIES = 2


def require_ray() -> None:
    """Raise ArchiveError (exit 2) when Ray is not installed."""
    try:
        import ray  # noqa: F401 - only whether it imports
    except ImportError:
        raise ArchiveError("--engine ray needs Ray, which is not installed",
                           hint=f"install it with: {INSTALL_HINT}") from None


def check_address(address: str, timeout: float = CONNECT_TIMEOUT) -> None:
    """Raise ArchiveError unless something listens at ``host:port`` (``auto`` and
    ``ray://`` client addresses are left to Ray)."""
    if address == "auto" or "://" in address:
        return
    host, sep, port_text = address.rpartition(":")
    if not sep or not host or not port_text.isdigit():
        raise ArchiveError(f"the Ray address {address!r} is not HOST:PORT",
                           hint="give the address 'ray start --head' printed, e.g. "
                                "10.0.0.5:6379")
    try:
        with socket.create_connection((host.strip("[]"), int(port_text)), timeout=timeout):
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ArchiveError(
            f"cannot reach a Ray cluster at {address} ({reason})",
            hint="start one there with 'ray start --head --port PORT', check the address "
                 "and firewall, or leave out --address to start a local cluster") from exc


class _ActorBody:
    """What each Ray actor runs: one loaded encoder, tasks one after the other."""

    def __init__(self, settings: BatchSettings, device: str) -> None:
        from archive.engines import _die_with_parent

        _die_with_parent()
        self.context = WorkerContext.load(settings, device)

    def signature(self) -> str:
        return self.context.signature()

    def process(self, task: Task) -> list[DocumentOutcome]:
        return self.context.process(task.jobs, task.rules)


class RayEngine:
    """Documents on a Ray cluster's actors; see the module docstring."""

    name = "ray"

    def __init__(self, settings: BatchSettings, address: str | None = None,
                 workers: int | None = None) -> None:
        require_ray()
        if address is not None:
            check_address(address)
        # Ray is heavy (and optional): imported only when this engine is chosen. Its API is
        # only partly typed (remote methods are added at run time): used as Any.
        import ray as ray_module

        ray: Any = ray_module
        self.ray = ray
        try:
            if address is None:
                ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False,
                         logging_level=logging.WARNING)
            else:
                ray.init(address=address, log_to_driver=False, logging_level=logging.WARNING)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise ArchiveError(
                f"cannot connect to the Ray cluster at {address}: {exc}",
                hint="check that 'ray status --address ADDR' works from this machine; a "
                     "cluster with token authentication also needs RAY_AUTH_MODE=token and "
                     "its token (RAY_AUTH_TOKEN or ~/.ray/auth_token) here") from exc
        resources = ray.cluster_resources()
        gpus = int(resources.get("GPU", 0))
        use_gpu = settings.model != "usem3" and gpus > 0
        slots = gpus if use_gpu else max(1, int(resources.get("CPU", 1)))
        self.workers = min(slots, workers) if workers else slots
        options: dict[str, Any] = {"num_cpus": 1, "max_restarts": ACTOR_RESTARTS,
                                   "max_task_retries": TASK_RETRIES}
        if use_gpu:
            options["num_gpus"] = 1
        actor_class: Any = ray.remote(**options)(_ActorBody)
        device = "cuda" if use_gpu else "cpu"
        self.actors: list[Any] = [actor_class.remote(settings, device) for _ in range(self.workers)]
        signatures = set(ray.get([actor.signature.remote() for actor in self.actors]))
        if len(signatures) != 1:
            raise ArchiveError("the cluster's nodes run different versions of bitextual or "
                               f"of the model: {sorted(signatures)}",
                               hint="install the same bitextual on every node")
        self.signature = signatures.pop()

    def run(self, tasks: Iterable[Task]) -> Iterator[list[DocumentOutcome]]:
        """The outcomes of every task, task by task, in completion order."""
        ray = self.ray
        source = iter(tasks)
        load = {index: 0 for index in range(len(self.actors))}
        pending: dict[Any, tuple[int, Task]] = {}

        def fill() -> None:
            while True:
                free = [i for i, n in load.items() if n < IN_FLIGHT_PER_WORKER]
                if not free:
                    return
                task = next(source, None)
                if task is None:
                    return
                actor = min(free, key=lambda i: (load[i], i))
                pending[self.actors[actor].process.remote(task)] = (actor, task)
                load[actor] += 1

        fill()
        while pending:
            ready, _ = ray.wait(list(pending), num_returns=1)
            actor, task = pending.pop(ready[0])
            load[actor] -= 1
            try:
                outcomes: list[DocumentOutcome] = ray.get(ready[0])
            except ray.exceptions.RayError as exc:
                outcomes = [DocumentOutcome(job.index, job.doc_id, FAILED, meta=job.meta,
                                            error=f"the worker failed after {TASK_RETRIES} "
                                                  f"retries: {type(exc).__name__}")
                            for job in task.jobs]
                if isinstance(exc, ray.exceptions.RayActorError):
                    del load[actor]   # dead for good: its restarts are used up
                    if not load:
                        raise ArchiveError("every Ray worker died",
                                           hint="see 'ray status' and the cluster's logs; "
                                                "re-run to resume") from exc
            fill()
            yield outcomes

    def close(self) -> None:
        """Release the actors; stop the cluster if this engine started it."""
        for actor in self.actors:
            self.ray.kill(actor)
        self.actors = []
        # A local cluster started by this engine stops; a cluster given by --address keeps
        # running (only this driver disconnects).
        self.ray.shutdown()
