"""Open the desk: the Textual app on a runtime's database."""

from __future__ import annotations

from salesdesk.runtime import Runtime


def open_tui(runtime: Runtime) -> None:
    """Open (create or upgrade) the database first, then run the app until the user quits."""
    runtime.engine  # noqa: B018 - errors (damaged file, newer schema) surface before the screen opens
    from salesdesk.tui.app import SalesDeskApp

    SalesDeskApp(runtime).run()
