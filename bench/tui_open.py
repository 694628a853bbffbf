"""How fast the review app opens, and how fast it answers keys, on large pairs.

Run: ``.venv/bin/python bench/tui_open.py [N_BEADS ...]`` (default: 10 and 10,000 beads).

Two kinds of figures:

* **Start-up, process wall time** (what a reviewer waits for after typing
  ``bitextual review``): a fresh Python process is started per run and timed from just
  before it is launched until the first screen has been composed, laid out and drawn
  (headless driver, 100×30). The child does what the console script does: import the CLI
  (``tui.cli``), open the project once for the error check, import the app and run it.
  Three start-ups are measured, each repeated (median and fastest reported):

  - ``bare Textual``: an app with one ``Static`` and nothing else, the floor on this
    machine (Python + Textual start-up);
  - ``overview``: ``bitextual review --fresh`` on the project (the pair list);
  - ``pair``: ``bitextual review`` with the cursor saved on the large pair, so the first
    screen IS the pair screen: the visible beads are drawn; "whole pair" is when every bead
    has been read (in a worker) so filters and counts are exact;
  - ``document``: the same with the cursor saved on the pair's English document, so the
    first screen is the document screen (one row per sentence, read the same way).

* **Keys, in process** (``run_test`` pilot): median time per page-down / down / accept,
  from the key press until the app is idle again (``pilot.pause()``).

Prints markdown tables for ``bench/RESULTS.md``, with ``os.getloadavg()`` so readers know
how loaded the (shared) machine was. ``--screenshot docs/pair-screen.svg PROJECT`` saves the README
picture of the pair screen of PROJECT (the demo: ``samples/demo/run.sh``) instead.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # the child times its own imports: nothing more is imported at run time
    from textual.app import App
    from textual.pilot import Pilot

    from corpus.store import Project
    from tui.service import BeadView

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

REPEATS = 5
SIZE = (100, 30)
AppResult = TypeVar("AppResult")


# -- child process: one start-up, prints seconds since the parent's clock reading -------------
def _child(mode: str, root: str, started: float) -> None:
    """Start the app in ``mode`` and print the wall time to its first screen (and full load)."""
    if mode == "bare":
        from textual.app import App, ComposeResult
        from textual.widgets import Static

        class Bare(App[None]):
            def compose(self) -> ComposeResult:
                yield Static("hello")

        app: App[None] | None = Bare()
        target = "Screen"
    else:
        app = None
        target = {"pair": "PairScreen", "document": "DocumentScreen"}.get(mode,
                                                                          "OverviewScreen")
    marks: dict[str, float] = {}

    async def pilot_run(pilot: Pilot[object]) -> None:
        running = pilot.app
        while type(running.screen).__name__ != target:
            await asyncio.sleep(0.002)
        if mode in ("pair", "document"):
            # the bead list caches the rows it has drawn: the first frame is on screen
            # (not pilot.pause(), which would also wait for the worker reading the pair)
            while not running.screen.query("BeadList") or not getattr(
                    running.screen.query_one("BeadList"), "_row_cache", None):
                await asyncio.sleep(0.002)
        else:
            await pilot.pause()  # the first frame is drawn once the app is idle
        marks["first"] = time.time() - started
        marks["cpu"] = time.process_time()
        if mode in ("pair", "document"):
            screen = running.screen
            while getattr(screen, "loading_rest", False):
                await asyncio.sleep(0.005)
            await pilot.pause()
            marks["full"] = time.time() - started
        running.exit()

    if app is not None:
        app.run(headless=True, size=SIZE, auto_pilot=pilot_run)
    else:
        # the real console script, with App.run made headless and driven by the pilot
        from textual.app import App

        real_run = App.run

        def headless_run(self: App[AppResult], *args: object,
                         **kwargs: object) -> AppResult | None:
            return real_run(self, headless=True, size=SIZE, auto_pilot=pilot_run)

        # Monkeypatched on purpose: the child runs the real console script unchanged.
        App.run = headless_run  # type: ignore[method-assign]
        from tui.cli import main

        try:
            main(["review", root] + ([] if mode in ("pair", "document") else ["--fresh"]))
        except SystemExit as done:  # Typer ends the command with sys.exit(0)
            if done.code:
                raise
    print(f"{marks['first']:.4f} {marks.get('full', marks['first']):.4f} {marks['cpu']:.4f}")


def _child_env() -> dict[str, str]:
    # An installed tool runs from compiled bytecode; this sandbox sets
    # PYTHONDONTWRITEBYTECODE, which would make every start compile our sources again.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "bitextual-bench-pycache")
    return env


def startup(mode: str, root: Path | None) -> tuple[list[float], list[float], list[float]]:
    """First-screen wall, full-load wall and first-screen CPU seconds of fresh processes.

    One unmeasured warm-up run first (bytecode cache, disk cache), then ``REPEATS``.
    """
    firsts, fulls, cpus = [], [], []
    for attempt in range(REPEATS + 1):
        started = time.time()
        out = subprocess.run(
            [sys.executable, __file__, "--child", mode, str(root or ""), repr(started)],
            capture_output=True, text=True, check=True, cwd=REPO, env=_child_env()
        ).stdout.split()
        if attempt:
            firsts.append(float(out[0]))
            fulls.append(float(out[1]))
            cpus.append(float(out[2]))
    return firsts, fulls, cpus


# -- in-process key timings ---------------------------------------------------------------------
async def keys(root: Path, pages: int = 30) -> dict[str, float]:
    """Milliseconds per page-down / down / accept on the pair screen (median, max page)."""
    from tui.app import create_app

    app = create_app(root, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        while type(app.screen).__name__ != "PairScreen" or getattr(app.screen, "loading_rest",
                                                                    False):
            await pilot.pause(0.01)
        await pilot.pause()

        cpu: list[float] = []

        async def per_key(key: str, times: int) -> list[float]:
            out = []
            for _ in range(times):
                t0 = time.perf_counter()
                c0 = time.process_time()
                await pilot.press(key)
                await pilot.pause()
                out.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
            return out

        pages_t = await per_key("pagedown", pages)
        page_cpu = statistics.median(cpu)
        downs_t = await per_key("down", 10)
        accepts_t = await per_key("a", 5)
    return {"page": 1000 * statistics.median(pages_t), "page_max": 1000 * max(pages_t),
            "page_cpu": 1000 * page_cpu,
            "down": 1000 * statistics.median(downs_t),
            "accept": 1000 * statistics.median(accepts_t)}


def components(root: Path) -> tuple[float, float, float]:
    """Milliseconds to read the visible window, the whole pair, and to measure all rows."""
    from tui.service import ReviewService
    from tui.widgets.bead_list import BeadList
    from tui.widgets.wrap import line_starts

    service = ReviewService(root)
    t0 = time.perf_counter()
    if hasattr(service, "load_window"):  # absent before the windowed open (for comparisons)
        service.load_window(1, 0, 200)
    window = time.perf_counter() - t0
    t0 = time.perf_counter()
    beads = service.load_pair(1)
    load = time.perf_counter() - t0
    service.close()
    zh_width, en_width = BeadList.column_widths(SIZE[0] - 1)
    line_starts.cache_clear()
    t0 = time.perf_counter()
    for bead in beads:
        line_starts(bead.zh_text, zh_width)
        line_starts(bead.en_text, en_width)
    return 1000 * window, 1000 * load, 1000 * (time.perf_counter() - t0)


def _fmt(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f})"


def run(sizes: list[int]) -> None:
    """Print the start-up table and the key table."""
    from corpus import ui_state
    from tests.review_fixture import build_large_project

    load = os.getloadavg()[0]
    print(f"load average at start: {load:.1f} ({os.cpu_count()} cores)\n")
    print(f"| start-up (s; median (fastest) of {REPEATS} processes) | first screen, wall | "
          "first screen, CPU | whole pair read, wall |")
    print("|---|---|---|---|")
    firsts, _, cpus = startup("bare", None)
    print(f"| bare Textual app (floor) | {_fmt(firsts)} | {_fmt(cpus)} | |", flush=True)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            root = Path(tmp) / f"p{n}"
            project = build_large_project(root, n)
            project.close()
            firsts, _, cpus = startup("overview", root)
            print(f"| overview, {n} beads | {_fmt(firsts)} | {_fmt(cpus)} | |", flush=True)
            project = review_project(root)
            ui_state.save_cursor(project, ui_state.Cursor("pair", 1, None, 0))
            project.close()
            firsts, fulls, cpus = startup("pair", root)
            print(f"| pair of {n} beads | {_fmt(firsts)} | {_fmt(cpus)} | {_fmt(fulls)} |",
                  flush=True)
            # the same English document on its own (the document screen): n sentences
            project = review_project(root)
            ui_state.save_cursor(project, ui_state.Cursor("document", None, None, 0, "big-en"))
            project.close()
            firsts, fulls, cpus = startup("document", root)
            print(f"| document of {n} sentences | {_fmt(firsts)} | {_fmt(cpus)} | "
                  f"{_fmt(fulls)} |", flush=True)
            # the key timings below are taken on the pair screen: reopen there
            project = review_project(root)
            ui_state.save_cursor(project, ui_state.Cursor("pair", 1, None, 0))
            project.close()
            window_ms, load_ms, wrap_ms = components(root)
            result = asyncio.run(keys(root, pages=30 if n > 100 else 3))
            rows.append(
                f"| {n} | {window_ms:.0f} | {load_ms:.0f} | {wrap_ms:.0f} | "
                f"{result['page']:.0f} / {result['page_max']:.0f} | {result['page_cpu']:.0f} | "
                f"{result['down']:.0f} | "
                f"{result['accept']:.0f} |")
    print("\n| beads | read first 200 (ms) | read pair (ms) | measure rows (ms) | "
          "page-down median / max (ms) | page-down CPU (ms) | down (ms) | accept (ms) |")
    print("|---|---|---|---|---|---|---|---|")
    for row in rows:
        print(row)
    print(f"\nload average at end: {os.getloadavg()[0]:.1f}")


def review_project(root: Path) -> Project:
    """The project at ``root``, open."""
    from corpus.store import Project

    return Project.open(root)


async def screenshot(path: Path, project: Path) -> None:
    """Save the pair screen of ``project`` (the demo) as an SVG: the README picture.

    The cursor goes to the first n-m bead with an open suggestion of words (else the first
    bead with one), so the picture shows Chinese text, an n-m bead and a highlighted fix.
    """
    from tui.app import create_app
    from tui.screens.pair import PairScreen

    app = create_app(project, cursor_blink=False, restore_cursor=False)
    async with app.run_test(size=(120, 32)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        if not isinstance(screen, PairScreen):
            raise RuntimeError(f"enter opened {type(screen).__name__}, not the pair screen")
        beads = screen.bead_list.beads
        def worded(bead: BeadView) -> bool:  # a fix of words, not of spacing: readable
            return any(any(c.isalpha() for c in sug.original) for sug in bead.suggestions)

        target = next((i for i, b in enumerate(beads) if b.is_many and worded(b)),
                      next((i for i, b in enumerate(beads) if worded(b)), 0))
        screen.bead_list.cursor = target
        await pilot.pause(0.3)
        app.save_screenshot(filename=path.name, path=str(path.parent))


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        _child(sys.argv[2], sys.argv[3], float(sys.argv[4]))
        return
    if sys.argv[1:2] == ["--screenshot"]:
        asyncio.run(screenshot(Path(sys.argv[2]), Path(sys.argv[3])))
        return
    run([int(a) for a in sys.argv[1:]] or [10, 10_000])


if __name__ == "__main__":
    main()
