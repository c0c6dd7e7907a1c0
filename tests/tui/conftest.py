"""TUI fixtures: the app on a seeded temporary database."""

from __future__ import annotations

from contextlib import suppress

import pytest


@pytest.fixture
def make_app(seeded, db_path):
    """Build the app on the seeded database (English, today = 2026-11-28)."""
    from salesdesk import settings
    from salesdesk.runtime import Runtime

    def make():
        from salesdesk.tui.app import SalesDeskApp

        s = settings.load(lang="en", db=str(db_path), config={})
        return SalesDeskApp(Runtime(s))

    return make


async def _finished(app) -> None:
    """Wait for the workers that finish (the DirectoryTree's loader runs for the screen's whole life)."""
    from textual.widgets import DirectoryTree
    from textual.worker import WorkerCancelled

    workers = [w for w in app.workers if not isinstance(w.node, DirectoryTree)]
    if workers:  # an empty list would mean "every worker" to Textual
        # a form's save worker is cancelled with its screen when it dismisses itself (the dismissal is
        # the worker's last step): its work is done
        with suppress(WorkerCancelled):
            await app.workers.wait_for_complete(workers)


async def settle(pilot, app) -> None:
    """Wait until database workers (and the detail pane's short debounce) have finished."""
    for _ in range(3):
        await pilot.pause(0.15)
        await _finished(app)
    await pilot.pause()


def plain(widget) -> str:
    """The text a Static shows, whether it holds a string or a Rich renderable."""
    from rich.console import Console

    content = widget.content
    if isinstance(content, str):
        return content
    console = Console(width=200, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(content)
    return console.export_text()


async def wait_for(pilot, predicate, timeout: float = 10.0) -> None:
    """Pause until ``predicate()`` holds (workers and timers finish later on a loaded machine)."""
    waited = 0.0
    while not predicate():
        assert waited < timeout, "condition not reached"
        await pilot.pause(0.05)
        waited += 0.05
    await _finished(pilot.app)
    await pilot.pause()


@pytest.fixture
def planned(seeded, cli, db_path):
    """The seeded region with a 2026 plan: DIST (V01) sold 800.00 last year, HOR (V02) 400.00."""
    for args in (
        ("customer", "edit", "C002", "--group", "HOR"),
        ("invoice", "add", "L1", "--customer", "C001", "--amount", "800.00", "--date", "2025-03-10"),
        ("invoice", "add", "L2", "--customer", "C002", "--amount", "400.00", "--date", "2025-06-10"),
        ("plan", "set", "--year", "2026", "--amount", "12000"),
    ):
        code, _out, err = cli("--db", str(db_path), *args)
        assert code == 0, (args, err)
    return seeded
