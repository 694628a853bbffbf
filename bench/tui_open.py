"""Time for the review app to show a 10,000-bead pair, and time per key press.

Run: ``.venv/bin/python bench/tui_open.py [N_BEADS ...]`` (default: 10 and 10,000 beads;
headless ``run_test`` at 100×30). The 10-bead row is the baseline of the same code path on
the same machine: the difference is what the size of the pair costs. "read pair" and
"measure rows" are the two parts that grow with the pair, timed outside the app.
Prints a markdown table for ``bench/RESULTS.md``.
``--screenshot docs/pair-screen.svg`` saves the README picture of the pair screen instead.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus import review  # noqa: E402
from tests.review_fixture import build_large_project  # noqa: E402
from tui.app import create_app  # noqa: E402


async def measure(root: Path, pages: int = 30) -> dict[str, float]:
    """Seconds from app start to the pair screen drawn, and per page-down / down / accept."""
    started = time.perf_counter()
    app = create_app(root, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        # the cursor was saved on the pair screen, so the first screen IS the pair
        while type(app.screen).__name__ != "PairScreen" or not app.screen.query("BeadList"):
            await pilot.pause(0.005)
        await pilot.pause()
        first_screen = time.perf_counter() - started

        async def per_key(key: str, times: int) -> list[float]:
            out = []
            for _ in range(times):
                t0 = time.perf_counter()
                await pilot.press(key)
                await pilot.pause()
                out.append(time.perf_counter() - t0)
            return out

        pages_t = await per_key("pagedown", pages)
        downs_t = await per_key("down", 10)
        accepts_t = await per_key("a", 5)
    return {"first": first_screen, "page": 1000 * statistics.median(pages_t),
            "page_max": 1000 * max(pages_t), "down": 1000 * statistics.median(downs_t),
            "accept": 1000 * statistics.median(accepts_t)}


def components(root: Path) -> tuple[float, float]:
    """Milliseconds to read the pair (service) and to measure all row heights (wrap)."""
    from tui.service import ReviewService
    from tui.widgets.bead_list import BeadList
    from tui.widgets.wrap import line_starts

    service = ReviewService(root)
    t0 = time.perf_counter()
    beads = service.load_pair(1)
    load = time.perf_counter() - t0
    service.close()
    zh_width, en_width = BeadList()._column_widths(99)
    line_starts.cache_clear()
    t0 = time.perf_counter()
    for bead in beads:
        line_starts(bead.zh_text, zh_width)
        line_starts(bead.en_text, en_width)
    return 1000 * load, 1000 * (time.perf_counter() - t0)


def run(n_beads: int) -> str:
    """One table row for a pair of ``n_beads`` beads."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "big"
        project = build_large_project(root, n_beads)
        review.save_cursor(project, review.Cursor("pair", 1, None, 0))
        project.close()
        result = asyncio.run(measure(root, pages=30 if n_beads > 100 else 3))
        load_ms, wrap_ms = components(root)
    return (f"| {n_beads} | {result['first']:.2f} | {load_ms:.0f} | {wrap_ms:.0f} | "
            f"{result['page']:.0f} / {result['page_max']:.0f} | {result['down']:.0f} | "
            f"{result['accept']:.0f} |")


async def screenshot(path: Path) -> None:
    """Save the pair screen of the demo project as an SVG (the README picture)."""
    from tests.review_fixture import build_demo_project

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "demo"
        build_demo_project(root).close()
        app = create_app(root, cursor_blink=False, restore_cursor=False)
        async with app.run_test(size=(110, 30)) as pilot:
            for key in ("enter", "down"):
                await pilot.press(key)
                await pilot.pause()
            await pilot.pause(0.3)
            app.save_screenshot(filename=path.name, path=str(path.parent))


def main() -> None:
    if sys.argv[1:2] == ["--screenshot"]:
        asyncio.run(screenshot(Path(sys.argv[2])))
        return
    sizes = [int(a) for a in sys.argv[1:]] or [10, 10_000]
    print("| beads | first screen (s) | read pair (ms) | measure rows (ms) | "
          "page-down median / max (ms) | down (ms) | accept (ms) |")
    print("|---|---|---|---|---|---|---|")
    for n in sizes:
        print(run(n), flush=True)


if __name__ == "__main__":
    main()
