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


# --------------------------------------------------------------------------- the demo's own date


def test_the_sample_data_was_made_for_the_demos_date():
    """SAMPLE_AS_OF is the generator's TODAY; the invoices stop the day before; the plan is for its year."""
    import csv
    import importlib.util

    from salesdesk.org.demo import SAMPLE_AS_OF

    script = Path(__file__).resolve().parents[2] / "scripts" / "make_sample_data.py"
    spec = importlib.util.spec_from_file_location("make_sample_data", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.TODAY == SAMPLE_AS_OF
    data = sample_data_dir()
    with (data / "invoices.csv").open(encoding="utf-8", newline="") as fh:
        last = max(date.fromisoformat(r["issue_date"]) for r in csv.DictReader(fh))
    assert last == date(2026, 11, 27) and last < SAMPLE_AS_OF
    with (data / "plans.csv").open(encoding="utf-8", newline="") as fh:
        assert {int(r["year"]) for r in csv.DictReader(fh)} == {SAMPLE_AS_OF.year}


def test_demo_settings_today_flag_then_environment_then_the_sample_date(isolated_env):
    from dataclasses import replace

    from salesdesk.org.demo import SAMPLE_AS_OF, demo_path, demo_settings
    from salesdesk.settings import Settings

    plain = Settings(lang="es", db="/elsewhere.sqlite")
    assert demo_settings(plain).today() == SAMPLE_AS_OF
    assert demo_settings(plain).db == str(demo_path()) and demo_settings(plain).lang == "es"
    env = replace(plain, today_override=date(2027, 2, 1))  # SALESDESK_TODAY
    assert demo_settings(env).today() == date(2027, 2, 1)
    assert demo_settings(env, today=date(2026, 12, 15)).today() == date(2026, 12, 15)


def test_salesdesk_demo_opens_as_of_the_sample_date_unless_told(cli, monkeypatch):
    from salesdesk.org.demo import SAMPLE_AS_OF, demo_path

    opened = []
    monkeypatch.setattr(
        "salesdesk.tui.launch.open_tui",
        lambda rt: opened.append((rt.today(), rt.now().date(), rt.settings.db)),
    )
    monkeypatch.delenv("SALESDESK_TODAY")  # whatever the real day is
    code, _out, err = cli("demo")
    assert code == 0, err
    assert opened[-1] == (SAMPLE_AS_OF, SAMPLE_AS_OF, str(demo_path()))
    assert "Demo data as of 11/28/2026." in err

    monkeypatch.setenv("SALESDESK_TODAY", "2027-02-01")
    code, _out, err = cli("demo")
    assert code == 0 and opened[-1][0] == date(2027, 2, 1)
    assert "Demo data as of 11/28/2026; the desk opens as of 02/01/2027." in err

    code, _out, err = cli("demo", "--today", "2026-12-15")  # the flag wins over the environment
    assert code == 0 and opened[-1][0] == date(2026, 12, 15)
    code, _out, err = cli("demo", "--today", "2026-13-01")
    assert code == 1 and "--today '2026-13-01': is not a date" in err
    assert len(opened) == 3


async def test_the_demo_plan_room_shows_its_own_year_whatever_the_day(cli, monkeypatch):
    """Opened without SALESDESK_TODAY (say in 2027), the Plan room shows 2026's plan as of 28 November:
    no December deviations, the plan's year, its targets."""
    from salesdesk.org.demo import demo_path, demo_settings
    from salesdesk.runtime import Runtime
    from salesdesk.settings import load
    from salesdesk.tui.app import SalesDeskApp
    from tests.tui.conftest import plain, settle, wait_for

    assert cli("demo", "--no-open")[0] == 0
    monkeypatch.delenv("SALESDESK_TODAY")
    runtime = Runtime(demo_settings(load(lang="en", config={})))
    app = SalesDeskApp(runtime)
    try:
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot, app)
            await pilot.press("3")
            await settle(pilot, app)
            screen = app.screen
            await wait_for(pilot, lambda: screen.grid is not None and bool(screen.deviations))
            assert screen.sub_title == "Year 2026 — as of 11/28/2026"
            assert "Plan 2026: €12,500,000.00" in plain(screen.query_one("#plan-head"))
            assert {d.deviation.month for d in screen.deviations} <= set(range(1, 12))
            assert runtime.settings.db == str(demo_path())
    finally:
        runtime.close()
