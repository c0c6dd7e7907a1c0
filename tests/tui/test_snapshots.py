"""Snapshots of the main screens at a fixed size (Textual pinned exactly in the test extra)."""

from __future__ import annotations

from textual.widgets import Input

from tests.tui.conftest import plain, settle, wait_for


def test_desk_snapshot(make_app, snap_compare):
    async def ready(pilot):
        await settle(pilot, pilot.app)

    assert snap_compare(make_app(), terminal_size=(130, 36), run_before=ready)


def test_customers_snapshot(make_app, snap_compare):
    async def ready(pilot):
        await settle(pilot, pilot.app)
        await pilot.press("2")
        await settle(pilot, pilot.app)
        await wait_for(pilot, lambda: "Acme" in plain(pilot.app.screen.query_one("#detail")))

    assert snap_compare(make_app(), terminal_size=(130, 36), run_before=ready)


def test_customer_form_snapshot(make_app, snap_compare):
    async def ready(pilot):
        await settle(pilot, pilot.app)
        await pilot.press("2")
        await settle(pilot, pilot.app)
        await wait_for(pilot, lambda: "Acme" in plain(pilot.app.screen.query_one("#detail")))
        await pilot.press("a")
        await settle(pilot, pilot.app)
        await wait_for(pilot, lambda: pilot.app.screen.focused is not None)
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False  # the blink phase would make the picture flaky
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(130, 44), run_before=ready)


def test_plan_snapshot(make_app, planned, snap_compare, cli, db_path):
    assert cli("--db", str(db_path), "plan", "breakdown", "--year", "2026", "--apply")[0] == 0

    async def ready(pilot):
        await settle(pilot, pilot.app)
        await pilot.press("3")
        await settle(pilot, pilot.app)
        await wait_for(pilot, lambda: "Plan 2026" in plain(pilot.app.screen.query_one("#plan-head")))

    assert snap_compare(make_app(), terminal_size=(130, 36), run_before=ready)


def test_credit_snapshot(make_app, snap_compare, cli, db_path):
    """The Credit room at 130 columns (the card under the table): C001 with a follow-up, two month-end
    reviews for the trend."""
    for args in (
        ("credit", "followup", "add", "C001", "--date", "2026-11-20", "--contact", "Ana",
         "--promised-amount", "70", "--promised-date", "2026-11-27"),
        ("credit", "review", "--month", "2026-09"),
        ("credit", "review", "--month", "2026-10"),
    ):  # fmt: skip
        assert cli("--db", str(db_path), *args)[0] == 0

    async def ready(pilot):
        await settle(pilot, pilot.app)
        await pilot.press("4")
        await settle(pilot, pilot.app)
        screen = pilot.app.screen
        await wait_for(pilot, lambda: "Ana" in plain(screen.query_one("#credit-card")))
        await settle(pilot, pilot.app)

    assert snap_compare(make_app(), terminal_size=(130, 48), run_before=ready)


def test_expenses_snapshot(make_app, snap_compare, cli, db_path):
    """The Expenses room's budget grid and chart: travel and meals budgets for 2026, meals over its
    budget to date (warn), travel at 50 %."""
    for args in (
        ("budget", "set", "--year", "2026", "--category", "travel", "--amount", "1200"),
        ("budget", "set", "--year", "2026", "--category", "meals", "--amount", "600"),
        ("expense", "add", "--date", "2026-06-10", "--salesperson", "V01", "--category", "travel",
         "--amount", "550"),
        ("expense", "add", "--date", "2026-11-10", "--salesperson", "V02", "--category", "meals",
         "--amount", "560"),
    ):  # fmt: skip
        assert cli("--db", str(db_path), *args)[0] == 0

    async def ready(pilot):
        await settle(pilot, pilot.app)
        await pilot.press("5")
        await settle(pilot, pilot.app)
        screen = pilot.app.screen
        await wait_for(pilot, lambda: "Alerts" in plain(screen.query_one("#exp-summary")))
        await settle(pilot, pilot.app)

    assert snap_compare(make_app(), terminal_size=(130, 40), run_before=ready)


def test_visits_snapshot(make_app, snap_compare, cli, db_path):
    """The Visits room's week agenda: V01 double-booked on Tuesday (shown in red), the manager on Thursday."""
    for args in (
        ("visit", "plan", "C001", "--date", "2026-11-24", "--time", "10:00"),
        ("visit", "plan", "C003", "--date", "2026-11-24", "--time", "10:30"),
        ("visit", "plan", "C002", "--date", "2026-11-26", "--who", "manager", "--purpose", "key_account"),
    ):
        assert cli("--db", str(db_path), *args)[0] == 0

    async def ready(pilot):
        await settle(pilot, pilot.app)
        await pilot.press("7")
        await settle(pilot, pilot.app)
        screen = pilot.app.screen
        await wait_for(pilot, lambda: screen.query_one("#vis-agenda").row_count == 2)
        await settle(pilot, pilot.app)

    assert snap_compare(make_app(), terminal_size=(130, 30), run_before=ready)


def test_team_snapshot(make_app, snap_compare, cli, db_path):
    """The Team room's roster for 2026Q4: V01 (active) and V02 (on leave) with their KPIs side by side;
    V01's 2026Q3 review finalized."""
    for args in (
        ("team", "review", "start", "V01", "--period", "2026Q3"),
        ("team", "review", "score", "V01", "--period", "2026Q3", "--kpi", "teamwork", "--score", "4"),
        ("team", "review", "score", "V01", "--period", "2026Q3", "--kpi", "product_knowledge",
         "--score", "3"),
        ("team", "review", "finalize", "V01", "--period", "2026Q3"),
    ):  # fmt: skip
        assert cli("--db", str(db_path), *args)[0] == 0

    async def ready(pilot):
        await settle(pilot, pilot.app)
        await pilot.press("0")
        await settle(pilot, pilot.app)
        screen = pilot.app.screen
        await wait_for(pilot, lambda: screen.query_one("#team-roster").row_count == 2)
        await settle(pilot, pilot.app)

    assert snap_compare(make_app(), terminal_size=(130, 30), run_before=ready)
