"""The demo: built from the shipped sample data into the cache folder, reused, rebuilt with --fresh."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import salesdesk
from salesdesk.core.db import open_database, read_session, sqlite_url
from salesdesk.org import queries
from salesdesk.org.demo import sample_data_dir
from salesdesk.overview.queries import desk_summary

PACKAGE = Path(salesdesk.__file__).resolve().parent


def test_demo_builds_once_and_fresh_rebuilds(cli, isolated_env):
    code, out, err = cli("demo", "--no-open")
    assert code == 0, err
    path = Path(out.strip())
    assert path.parent == isolated_env / "cache" and path.exists()
    assert "built" in err
    first = path.stat().st_mtime_ns
    code, out, err = cli("demo", "--no-open")
    assert code == 0 and Path(out.strip()) == path
    assert path.stat().st_mtime_ns == first and "built" not in err  # reused
    code, out, err = cli("demo", "--no-open", "--fresh")
    assert code == 0 and "built" in err


def test_demo_data_is_a_believable_region(cli):
    code, out, _err = cli("demo", "--no-open")
    engine = open_database(sqlite_url(Path(out.strip())))
    try:
        with read_session(engine) as s:
            territories = queries.list_territories(session=s)
            zones = [t for t in territories if t.parent]
            assert len(zones) == 3 and len(territories) == 4
            assert len(queries.list_salespeople(session=s)) == 8
            assert len(queries.list_groups(session=s)) == 4
            assert queries.count_customers(session=s) >= 150
            invoices = queries.list_invoices(session=s)
            first, last = min(i.issue_date for i in invoices), max(i.issue_date for i in invoices)
            assert first <= date(2024, 1, 31) and last >= date(2026, 11, 1)  # two full years and more
            summary = desk_summary(session=s, today=date(2026, 11, 28))
            assert summary.overdue > 0 and len(summary.top_overdue) == 5  # late payers
            assert summary.open_orders > 0
            assert summary.sales_ytd > 0 and summary.sales_ytd_last_year > 0
    finally:
        engine.dispose()


def test_runtime_files_ship_inside_the_package():
    """What the program reads at run time is package data, so a wheel install works (CI installs one)."""
    assert (PACKAGE / "migrations" / "env.py").is_file()
    assert (PACKAGE / "migrations" / "script.py.mako").is_file()
    assert list((PACKAGE / "migrations" / "versions").glob("0001_*.py"))
    assert (PACKAGE / "locale" / "es" / "LC_MESSAGES" / "salesdesk.mo").is_file()
    assert (PACKAGE / "tui" / "app.tcss").is_file()
    data = sample_data_dir()
    assert (data / "customers.csv").is_file() and (data / "invoices.csv").is_file()
    if "site-packages" in str(PACKAGE):  # installed from a wheel: the data is inside the package
        assert data == PACKAGE / "sample_data"
