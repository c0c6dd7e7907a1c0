"""The Visits and Complaints rooms through Pilot: plan a visit from the due list; mark it done; resolve a
complaint with a satisfaction score; reach both rooms from the customer detail.

Seeded: C001, C002, C003 (tier C, never visited; C001 and C003 are V01's). Today is 2026-11-28."""

from __future__ import annotations

from sqlalchemy import text

from tests.tui.conftest import plain, settle, wait_for


async def _room(pilot, app, key: str, name: str):
    await settle(pilot, app)
    await pilot.press(key)
    await settle(pilot, app)
    screen = app.screen
    assert screen.__class__.__name__ == name
    return screen


async def test_plan_a_visit_from_the_due_list_then_mark_it_done(make_app, seeded):
    app = make_app()
    async with app.run_test(size=(170, 50)) as pilot:
        screen = await _room(pilot, app, "7", "VisitsScreen")
        await pilot.press("t")  # the Due tab
        due = screen.query_one("#vis-due")
        await wait_for(pilot, lambda: due.row_count == 3)
        assert [str(due.get_row_at(i)[0]) for i in range(3)] == ["C001", "C002", "C003"]  # never visited
        assert "never" in str(due.get_row_at(0)[5])
        await pilot.press("p")
        await settle(pilot, app)
        form = app.screen
        assert str(form.query_one("#field-customer").value) == "C001"
        form.query_one("#field-date").value = "2026-11-27"  # it already happened yesterday
        form.query_one("#field-time").value = "10:00"
        await pilot.click("#save")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.press("t")  # the Visits tab
        listing = screen.query_one("#vis-list")
        await wait_for(pilot, lambda: listing.table.row_count == 1)
        await pilot.press("d")
        await settle(pilot, app)
        app.screen.query_one("#field-outcome").value = "Order for January"
        await pilot.click("#save")
        await wait_for(pilot, lambda: app.screen is screen)
        await wait_for(pilot, lambda: "done" in str(listing.table.get_row_at(0)[6]))
        await wait_for(pilot, lambda: due.row_count == 2)  # C001 is no longer due
    with seeded.connect() as conn:
        row = conn.execute(text("SELECT date, time, status, outcome, salesperson_id FROM visits")).one()
    assert tuple(row)[:4] == ("2026-11-27", "10:00", "done", "Order for January") and row[4] is not None


async def test_resolve_a_complaint_with_a_satisfaction_score(make_app, seeded, cli, db_path):
    code, _out, err = cli("--db", str(db_path), "complaint", "add", "C001", "--category", "delivery",
                          "--severity", "high", "--text", "Late delivery",
                          "--date", "2026-11-26")  # fmt: skip
    assert code == 0, err
    app = make_app()
    async with app.run_test(size=(170, 50)) as pilot:
        screen = await _room(pilot, app, "8", "ComplaintsScreen")
        queue = screen.query_one("#cmp-queue")
        await wait_for(pilot, lambda: queue.table.row_count == 1)
        queue.table.focus()
        await wait_for(pilot, lambda: "Late delivery" in plain(screen.query_one("#cmp-card")))
        assert "11/29/2026" in plain(screen.query_one("#cmp-card"))  # due: opened + 3 days (high)
        await pilot.press("o")
        await settle(pilot, app)
        form = app.screen
        form.query_one("#field-resolution").value = "Sent again by express"
        form.query_one("#field-satisfaction").value = "4"
        await pilot.click("#save")
        await wait_for(pilot, lambda: app.screen is screen)
        await wait_for(pilot, lambda: queue.table.row_count == 0)  # resolved: out of the open queue
    with seeded.connect() as conn:
        row = conn.execute(text("SELECT status, resolution, satisfaction, resolved FROM complaints")).one()
        history = conn.execute(
            text("SELECT old, new FROM change_log WHERE entity = 'complaint' ORDER BY id")
        ).all()
    assert tuple(row) == ("resolved", "Sent again by express", 4, "2026-11-28")
    assert [tuple(h) for h in history] == [(None, "new"), ("new", "resolved")]


async def test_both_rooms_are_reachable_from_the_customer_detail(make_app, seeded, cli, db_path):
    assert cli("--db", str(db_path), "visit", "plan", "C003", "--date", "2026-12-02")[0] == 0
    assert cli("--db", str(db_path), "complaint", "add", "C003", "--category", "price", "--severity", "low",
               "--text", "Too dear")[0] == 0  # fmt: skip
    app = make_app()
    async with app.run_test(size=(170, 50)) as pilot:
        await settle(pilot, app)
        await pilot.press("2")
        await settle(pilot, app)
        customers = app.screen
        table = customers.query_one("#customer-table").table
        await wait_for(pilot, lambda: table.row_count == 3)
        table.move_cursor(row=table.get_row_index("C003"))
        await wait_for(pilot, lambda: customers.selected == "C003")
        await pilot.press("v")
        await settle(pilot, app)
        visits = app.screen
        assert visits.__class__.__name__ == "VisitsScreen" and visits.customer == "C003"
        listing = visits.query_one("#vis-list")
        await wait_for(pilot, lambda: listing.table.row_count == 1)
        assert "C003" in plain(visits.query_one("#vis-list-head"))
        await pilot.press("2")
        await settle(pilot, app)
        await pilot.press("c")
        await settle(pilot, app)
        complaints = app.screen
        assert complaints.__class__.__name__ == "ComplaintsScreen" and complaints.customer == "C003"
        await wait_for(pilot, lambda: complaints.query_one("#cmp-queue").table.row_count == 1)


async def test_the_complaints_filter_every_status_shows_them_all(make_app, seeded, cli, db_path):
    def run(*args):
        return cli("--db", str(db_path), *args)

    assert run("complaint", "add", "C001", "--category", "price", "--severity", "low", "--text", "x",
               "--date", "2026-11-20")[0] == 0  # fmt: skip
    assert run("complaint", "resolve", "R000001", "--resolution", "ok", "--satisfaction", "3")[0] == 0
    app = make_app()
    async with app.run_test(size=(170, 50)) as pilot:
        await settle(pilot, app)
        await pilot.press("8")
        await settle(pilot, app)
        screen = app.screen
        queue = screen.query_one("#cmp-queue")
        await wait_for(pilot, lambda: queue.table.row_count == 0)  # open only: nothing
        screen.query_one("#cmp-status").clear()  # "every status"
        await wait_for(pilot, lambda: queue.table.row_count == 1)
        assert not app._notifications  # no error
    with seeded.connect() as conn:
        assert conn.execute(text("SELECT satisfaction FROM complaints")).scalar() == 3
