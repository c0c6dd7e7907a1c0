"""Base of every room's screen: header and footer, and database work on worker threads."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from textual import work
from textual.app import SystemCommand
from textual.screen import Screen

from salesdesk.core.db import read_session, write_session
from salesdesk.core.errors import DataError
from salesdesk.core.i18n import _
from salesdesk.runtime import Runtime


def short_error(exc: Exception) -> str:
    """The first line of an error, without SQL and parameters."""
    text = str(getattr(exc, "orig", None) or exc)
    return text.splitlines()[0][:200] if text else type(exc).__name__


class RoomScreen(Screen):
    """A room. Subclasses read through ``self.read`` and write from forms' workers, never on the UI thread."""

    def __init__(self, runtime: Runtime) -> None:
        super().__init__()
        self.runtime = runtime
        self._shown = False

    def on_screen_resume(self) -> None:
        """Read again when the manager comes back to the room (the first showing is read by on_mount)."""
        if self._shown:
            self.reload_on_resume()
        self._shown = True

    def reload_on_resume(self) -> None:
        """What to read again when the room is shown again; rooms that keep live data override it."""

    @property
    def fmt(self):  # noqa: ANN201
        return self.runtime.fmt

    def read(self, fn: Callable[[Any], Any], done: Callable[[Any], None], *, group: str = "read") -> None:
        """Run ``fn(session)`` in a read session on a worker thread; ``done(result)`` on the UI thread."""
        self._run(fn, done, False, group)

    @work(thread=True, exit_on_error=False)
    def _run(self, fn: Callable[[Any], Any], done: Callable[[Any], None], writing: bool, group: str) -> None:
        opener = write_session if writing else read_session
        try:
            with opener(self.runtime.engine) as session:
                result = fn(session)
        except DataError as exc:
            self.app.call_from_thread(self.notify, str(exc), title=_("Refused"), severity="error")
            return
        except Exception as exc:  # noqa: BLE001 - shown, never a crash
            self.app.call_from_thread(
                self.notify,
                _("Database error: {error}").format(error=short_error(exc)),
                title=_("Error"),
                severity="error",
            )
            return
        self.app.call_from_thread(done, result)

    def palette_commands(self) -> Iterable[SystemCommand]:
        """The room's actions for the command palette, named "Room: action"."""
        return []
