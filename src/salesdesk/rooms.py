"""Room discovery: a room is a subpackage of ``salesdesk``; adding its package adds the room.

A room may provide ``models`` (tables), ``commands`` (a typer sub-app list ``APPS``) and ``room``
(a ``ROOM`` spec for the TUI). Discovery uses only the file system, so it stays cheap.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType


@dataclass(frozen=True)
class RoomSpec:
    """How a room appears in the TUI: its mode key, title (a msgid), position, key and screen class."""

    key: str
    title: str
    order: int
    #: "package.module:ClassName" of the room's Textual screen, imported only when the TUI starts.
    screen: str
    description: str = ""


_NOT_ROOMS = {"core", "tui", "migrations", "locale", "sample_data"}
_PACKAGE_DIR = Path(__file__).resolve().parent


def room_names() -> list[str]:
    """Names of the room packages, in a stable order (``org`` first, then alphabetical)."""
    names = [
        m.name for m in pkgutil.iter_modules([str(_PACKAGE_DIR)]) if m.ispkg and m.name not in _NOT_ROOMS
    ]
    return sorted(names, key=lambda n: (n != "org", n))


def room_modules(module: str) -> list[ModuleType]:
    """Import ``salesdesk.<room>.<module>`` for every room that has it."""
    found = []
    for name in room_names():
        if (_PACKAGE_DIR / name / f"{module}.py").exists():
            found.append(importlib.import_module(f"salesdesk.{name}.{module}"))
    return found


def room_specs() -> list[RoomSpec]:
    """Every room's TUI entries (a room module's ``ROOMS``), in display order."""
    specs = [spec for module in room_modules("room") for spec in module.ROOMS]
    return sorted(specs, key=lambda s: (s.order, s.key))


def import_kinds() -> dict:
    """Every room's import kinds (``imports.KINDS``) by name."""
    return {kind.name: kind for module in room_modules("imports") for kind in module.KINDS}


def business_rules() -> list:
    """Every room's business rules (a room module's ``RULES``: thresholds, weights, goals)."""
    return [rule for module in room_modules("room") for rule in getattr(module, "RULES", [])]


def rule_checks() -> list:
    """Every room's checks over its rules taken together (a room module's ``RULE_CHECKS``): functions of
    the rule values that raise a DataError when they do not fit (weights that do not total 100)."""
    return [check for module in room_modules("room") for check in getattr(module, "RULE_CHECKS", [])]
