"""The Textual app: wiring only — rooms as modes, global keys, command palette, theme, CSS."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from functools import partial

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from salesdesk.core.i18n import _
from salesdesk.rooms import RoomSpec, room_specs
from salesdesk.runtime import Runtime

#: The keys that jump to the rooms, in the rooms' order.
#: The room keys, in room order: 1–9, 0, then "-" (the key beside 0).
ROOM_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "minus")


def _screen_factory(spec: RoomSpec, app: SalesDeskApp) -> Callable[[], Screen]:
    module_name, class_name = spec.screen.split(":")

    def make() -> Screen:
        cls = getattr(importlib.import_module(module_name), class_name)
        return cls(app.runtime)

    return make


def _declared_by_salesdesk(node: object, binding: Binding) -> bool:
    """Whether one of our own classes declares ``binding`` (Textual's built-in keys stay out of the help)."""
    for cls in type(node).__mro__:
        if cls.__module__.startswith("salesdesk"):
            for declared in cls.__dict__.get("BINDINGS", []):
                if isinstance(declared, Binding) and (declared.key, declared.action) == (
                    binding.key,
                    binding.action,
                ):
                    return True
    return False


class SalesDeskApp(App[None]):
    """The desk. ``runtime`` carries settings and the database engine (injected, never created here)."""

    CSS_PATH = "app.tcss"
    #: Textual's own palette key says "palette" in English; ours is translated (the language is chosen
    #: before this module is imported).
    BINDINGS = [
        Binding(
            "ctrl+p",
            "command_palette",
            _("palette"),
            show=False,
            priority=True,
            tooltip=_("Open the command palette"),
        ),
    ]
    TITLE = "SalesDesk"
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.rooms = room_specs()
        super().__init__()
        for spec in self.rooms:
            self.add_mode(spec.key, _screen_factory(spec, self))
        # Global keys: number keys jump between rooms (1–9, then 0 for the tenth), F1 help, ctrl+t theme,
        # q quit.
        for key, spec in zip(ROOM_KEYS, self.rooms, strict=False):
            self.bind(key, f"room('{spec.key}')", description=_(spec.title))
        self.bind("f1", "help", description=_("Help"))
        self.bind("f2", "import_data", description=_("Import"))
        self.bind("ctrl+t", "toggle_theme", description=_("Theme"), show=False)
        self.bind("ctrl+q", "quit", description=_("Quit"), show=False)
        self.theme = runtime.settings.theme

    def on_mount(self) -> None:
        self.sub_title = _("Sales manager's desk")
        self.switch_mode(self.rooms[0].key)

    # ------------------------------------------------------------------ actions

    def action_room(self, key: str) -> None:
        if self.current_mode != key:
            self.switch_mode(key)

    def action_help(self) -> None:
        from salesdesk.tui.help import HelpScreen

        numbers = set(ROOM_KEYS)
        keys = []
        for active in self.active_bindings.values():
            binding = active.binding
            if (
                (binding.show or _declared_by_salesdesk(active.node, binding))
                and binding.action != "command_palette"
                and binding.description
                and binding.key not in numbers
                and (binding.key, binding.description) not in keys
            ):
                keys.append((self.get_key_display(binding), binding.description))
        room_help = getattr(self.screen, "room_help", None)
        self.push_screen(HelpScreen(self.rooms, keys, room_help() if room_help else None))

    def action_import_data(self) -> None:
        from salesdesk.tui.import_screen import ImportScreen

        if not isinstance(self.screen, ImportScreen):
            self.push_screen(ImportScreen(self.runtime), self._imported)

    def _imported(self, result: object) -> None:
        """After an import, rooms read their data again."""
        if result is not None and getattr(result, "committed", False):
            refresh = getattr(self.screen, "refresh_data", None)
            if refresh is not None:
                refresh()

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette", placeholder=_("Search for commands…")))

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"
        self.run_worker(partial(self._save_theme, self.theme), thread=True, exit_on_error=False)

    def _save_theme(self, theme: str) -> None:
        from salesdesk.settings import write_config_value

        write_config_value("theme", theme)

    # ------------------------------------------------------------------ palette

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every room and action, by name, in the active language (Textual's own entries are English)."""
        for spec in self.rooms:
            yield SystemCommand(
                _("Go to: {room}").format(room=_(spec.title)),
                _(spec.description),
                partial(self.action_room, spec.key),
            )
        room_commands = getattr(screen, "palette_commands", None)
        if room_commands is not None:
            yield from room_commands()
        yield SystemCommand(
            _("Import: CSV or Excel file…"), _("Import a file or a folder of files"), self.action_import_data
        )
        yield SystemCommand(_("Help: keys"), _("Show every key of the desk and this room"), self.action_help)
        yield SystemCommand(
            _("Theme: switch dark / light"),
            _("Switch between the dark and the light theme"),
            self.action_toggle_theme,
        )
        yield SystemCommand(_("Quit"), _("Leave SalesDesk"), self.exit)
