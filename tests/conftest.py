"""Shared fixtures: an isolated environment (no user config, fixed "today"), temporary databases."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import settings as hyp_settings

# The quick profile by default (the README's test command, CI): the suite stays within about ten minutes
# on two cores. SALESDESK_HYPOTHESIS=thorough runs 200 examples per property.
hyp_settings.register_profile("ci", max_examples=60, deadline=None)
hyp_settings.register_profile("thorough", max_examples=200, deadline=None)
hyp_settings.load_profile("thorough" if os.environ.get("SALESDESK_HYPOTHESIS") == "thorough" else "ci")

TODAY = date(2026, 11, 28)
#: Early on the day: what a test seeds comes before whatever the CLI records "now" (today at the real
#: time of day), whenever the suite runs.
NOW = datetime(2026, 11, 28, 0, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test runs with its own config, data and cache folders, English, and today = 2026-11-28."""
    home = tmp_path_factory.mktemp("home")
    for var in list(os.environ):
        if var.startswith("SALESDESK_"):
            monkeypatch.delenv(var)
    monkeypatch.setenv("SALESDESK_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("SALESDESK_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("SALESDESK_CACHE_DIR", str(home / "cache"))
    monkeypatch.setenv("SALESDESK_TODAY", TODAY.isoformat())
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    from salesdesk.core.i18n import set_language

    set_language("en")
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sqlite"


@pytest.fixture
def engine(db_path: Path):
    """A migrated, empty database in a temporary file."""
    from salesdesk.core.db import open_database, sqlite_url

    eng = open_database(sqlite_url(db_path))
    yield eng
    eng.dispose()


@pytest.fixture
def seeded(engine):
    """A small region: 1 region + 2 zones, 2 salespeople, 2 groups, 3 customers, 2 products, a few documents.

    C001 (terms 30) has invoices F1 100.00 (2026-09-01) and F2 50.00 (2026-10-01) and a payment P1 30.00.
    """
    from salesdesk.core.db import write_session
    from salesdesk.org import queries as q

    with write_session(engine) as s:
        q.add_territory(session=s, code="CEN", name="Centro")
        q.add_territory(session=s, code="MAD", name="Madrid", parent="CEN")
        q.add_territory(session=s, code="TOL", name="Toledo", parent="CEN")
        q.add_salesperson(
            session=s, code="V01", name="Lucía Fernández", territory="MAD", hire_date="2020-03-01"
        )
        q.add_salesperson(session=s, code="V02", name="Carlos Moreno", territory="TOL", status="on_leave")
        q.add_group(session=s, code="DIST", name="Distribuidores")
        q.add_group(session=s, code="HOR", name="Hostelería")
        for code, name, city, sp, terms, limit in (
            ("C001", "Acme Distribuciones S.L.", "Madrid", "V01", "30", "10000"),
            ("C002", "Bar El Sol", "Toledo", "V02", "60", ""),
            ("C003", "Cafetería Ávila", "Getafe", "V01", "30", "5000"),
        ):
            q.add_customer(
                session=s,
                code=code,
                data={
                    "name": name,
                    "city": city,
                    "salesperson": sp,
                    "terms_days": terms,
                    "credit_limit": limit,
                    "territory": "MAD",
                    "group": "DIST",
                },
                locale="en_US",
                now=NOW,
            )
        q.add_product(
            session=s,
            code="P01",
            name="Split 3kW",
            list_price="899.00",
            max_discount="10",
            needs_installation=True,
        )
        q.add_product(session=s, code="P02", name="Filtro", list_price="15.50")
        q.add_invoice(
            session=s,
            number="F1",
            customer="C001",
            amount="100.00",
            locale="en_US",
            today=TODAY,
            issue_date="2026-09-01",
        )
        q.add_invoice(
            session=s,
            number="F2",
            customer="C001",
            amount="50.00",
            locale="en_US",
            today=TODAY,
            issue_date="2026-10-01",
        )
        q.add_payment(
            session=s,
            reference="P1",
            customer="C001",
            amount="30.00",
            locale="en_US",
            today=TODAY,
            payment_date="2026-10-15",
        )
        q.add_order(session=s, number="O1", customer="C001", amount="200.00", locale="en_US", today=TODAY)
    return engine


@pytest.fixture
def cli(isolated_env, capsys):
    """Run the real command line in-process: ``cli(*args) -> (exit_code, stdout, stderr)``."""
    from salesdesk.cli import run

    def invoke(*args: str) -> tuple[int, str, str]:
        code = run(list(args))
        out = capsys.readouterr()
        return code, out.out, out.err

    return invoke
