"""Helpers of the service room's tests (as the intel room's): the shared ``engine`` from a copy of one
migrated template, and the root app's click command built once per language, so the many in-process
command calls stay quick. ``salesdesk.cli.run`` itself (settings, error handling, exit codes) and every
command still run for every call."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated, empty database for the whole session (migrating takes most of a test's setup)."""
    from salesdesk.core.db import open_database, sqlite_url

    path = tmp_path_factory.mktemp("service_template") / "template.sqlite"
    open_database(sqlite_url(path)).dispose()
    return path


@pytest.fixture
def engine(db_path: Path, migrated_template: Path):
    """The shared ``engine`` fixture, from a copy of the migrated template: the same empty database."""
    from salesdesk.core.db import open_database, sqlite_url

    shutil.copyfile(migrated_template, db_path)
    eng = open_database(sqlite_url(db_path))
    yield eng
    eng.dispose()


#: The click command of the root app per language, built once (building it from the typer apps takes most
#: of a command's time in-process).
_COMMANDS: dict[str, object] = {}


class _BuiltApp:
    """What ``salesdesk.cli.build_app`` returns, calling the click command typer would build from it."""

    def __init__(self, command) -> None:
        self.command = command

    def __call__(self, *args, **kwargs):
        return self.command(*args, **kwargs)


@pytest.fixture
def app_built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import typer.main

    from salesdesk import cli as cli_module
    from salesdesk.core.i18n import language

    build = cli_module.build_app

    def built_once():
        lang = language()
        if lang not in _COMMANDS:
            _COMMANDS[lang] = typer.main.get_command(build())
        return _BuiltApp(_COMMANDS[lang])

    monkeypatch.setattr(cli_module, "build_app", built_once)
