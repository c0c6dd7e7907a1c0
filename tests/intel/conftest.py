"""Helpers of the intel room's tests: the CLI on the test database, customers and invoices in one line,
the data-quality findings of one rule."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import NOW, TODAY


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated, empty database for the whole session (migrating takes most of a test's setup)."""
    from salesdesk.core.db import open_database, sqlite_url

    path = tmp_path_factory.mktemp("template") / "template.sqlite"
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


#: The click command of the root app per language, built once: building it from the typer apps takes
#: most of a command's time in-process. ``salesdesk.cli.run`` itself (settings, error handling, exit codes)
#: runs for every call, as does every command.
_COMMANDS: dict[str, object] = {}


class _BuiltApp:
    """What ``salesdesk.cli.build_app`` returns, calling the click command typer would build from it."""

    def __init__(self, command) -> None:
        self.command = command

    def __call__(self, *args, **kwargs):
        return self.command(*args, **kwargs)


@pytest.fixture
def run(cli, db_path, monkeypatch):
    """The real command line on the test database: ``run(*args) -> (exit_code, stdout, stderr)``."""
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

    def invoke(*args: str) -> tuple[int, str, str]:
        return cli("--db", str(db_path), *args)

    return invoke


def ok(result: tuple[int, str, str]) -> str:
    code, out, err = result
    assert code == 0, (out, err)
    assert "Traceback" not in out + err
    return out


def as_json(result: tuple[int, str, str]):
    return json.loads(ok(result))


def data_error(result: tuple[int, str, str], *parts: str) -> str:
    """Exit 1 with a one-line message on stderr (no traceback) that contains every part."""
    code, out, err = result
    assert code == 1, (out, err)
    assert "Traceback" not in out + err
    for part in parts:
        assert part in err, (part, err)
    return err


def add_customer(session, code: str, name: str, **data: str) -> str:
    from salesdesk.org import queries as q

    return q.add_customer(session=session, code=code, data={"name": name, **data}, locale="en_US", now=NOW)


def add_invoice(session, number: str, customer: str, amount: str, issue: date | str, **kw) -> None:
    from salesdesk.org import queries as q

    q.add_invoice(
        session=session,
        number=number,
        customer=customer,
        amount=amount,
        locale="en_US",
        today=TODAY,
        issue_date=issue,
        **kw,
    )


def add_payment(session, reference: str, customer: str, amount: str, day: date | str) -> None:
    from salesdesk.org import queries as q

    q.add_payment(
        session=session,
        reference=reference,
        customer=customer,
        amount=amount,
        locale="en_US",
        today=TODAY,
        payment_date=day,
    )


def findings(engine, rule: str | None = None, today: date = TODAY) -> list:
    """Every data-quality finding (errors first), or only those of ``rule``."""
    from salesdesk.core.db import read_session
    from salesdesk.intel import quality

    with read_session(engine) as s:
        found = quality.run_checks(session=s, today=today)
    return [f for f in found if rule is None or f.rule == rule]


def records(engine, rule: str) -> list[tuple[str, ...]]:
    return [f.records for f in findings(engine, rule)]
