"""The help screen: every key of the desk and of the room the user came from."""

from __future__ import annotations

from rich.console import RenderableType
from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from salesdesk.core.i18n import _
from salesdesk.rooms import RoomSpec


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "dismiss", _("Close"))]

    def __init__(
        self, rooms: list[RoomSpec], keys: list[tuple[str, str]], room_help: RenderableType | None = None
    ) -> None:
        super().__init__()
        self.rooms = rooms
        self.keys = keys
        #: What the room the user came from explains about itself (how a score is made…).
        self.room_help = room_help

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(_("SalesDesk — keys"), id="help-title")
            yield Static(self._keys_table(), id="help-keys")
            if self.room_help is not None:
                yield Static(self.room_help, id="help-room")
            yield Static(
                _("Press Escape to close. Ctrl+P opens the command palette: every action by name."),
                id="help-footer",
            )

    def _keys_table(self) -> Table:
        table = Table(box=None, show_header=True, header_style="bold")
        table.add_column(_("Key"))
        table.add_column(_("Action"))
        from salesdesk.tui.app import ROOM_KEYS

        for key, spec in zip(ROOM_KEYS, self.rooms, strict=False):
            table.add_row("-" if key == "minus" else key, _("Go to: {room}").format(room=_(spec.title)))
        for key, description in self.keys:
            table.add_row(key, description)
        table.add_row("ctrl+p", _("Command palette"))
        table.add_row("ctrl+t", _("Switch dark / light theme"))
        table.add_row("ctrl+q", _("Quit"))
        return table
