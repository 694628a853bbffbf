"""Runs the review app headless, makes decisions, then waits to be killed (crash test).

Usage: ``python -m tests.tui_crash_driver PROJECT KEY...`` — prints READY once the keys
were pressed, then sleeps until the test kills it with SIGKILL.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from tui.app import create_app


async def drive(root: Path, keys: list[str]) -> None:
    """Press ``keys`` in the app, announce READY, and never return."""
    app = create_app(root, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        print("READY", flush=True)
        while True:  # the app stays open, as a reviewer's would, until SIGKILL
            time.sleep(0.05)


if __name__ == "__main__":
    asyncio.run(drive(Path(sys.argv[1]), sys.argv[2:]))
