"""The Service room through Pilot: schedule an order and complete it; a done delivery of a product that
needs installation proposes the installation order, which the user accepts.

Seeded: C001–C003, products P01 (needs installation) and P02. Today is 2026-11-28."""

from __future__ import annotations

from sqlalchemy import text

from tests.tui.conftest import plain, settle, wait_for


async def _service(pilot, app):
    await settle(pilot, app)
    await pilot.press("minus")
    await settle(pilot, app)
    assert app.screen.__class__.__name__ == "ServiceScreen"
    return app.screen


async def test_schedule_then_complete_an_order(make_app, seeded, cli, db_path):
    code, _out, err = cli("--db", str(db_path), "service", "add", "support", "C001", "--product", "P02",
                          "--requested", "2026-11-25")  # fmt: skip
    assert code == 0, err
    app = make_app()
    async with app.run_test(size=(170, 50)) as pilot:
        screen = await _service(pilot, app)
        board = screen.query_one("#svc-orders")
        await wait_for(pilot, lambda: board.table.row_count == 1)
        board.table.focus()
        await wait_for(pilot, lambda: "SV000001" in plain(screen.query_one("#svc-card")))
        await pilot.press("s")
        await settle(pilot, app)
        form = app.screen
        form.query_one("#field-date").value = "2026-11-27"
        form.query_one("#field-who").value = "Raúl Gil"
        await pilot.click("#save")
        await wait_for(pilot, lambda: app.screen is screen)
        await wait_for(pilot, lambda: "scheduled" in str(board.table.get_row_at(0)[3]))
        await pilot.press("d")
        await settle(pilot, app)
        form = app.screen
        form.query_one("#field-result").value = "Filter changed"
        form.query_one("#field-feedback").value = "5"
        await pilot.click("#save")
        await wait_for(pilot, lambda: app.screen is screen)
        await wait_for(pilot, lambda: board.table.row_count == 0)  # done: off the open board
    with seeded.connect() as conn:
        row = conn.execute(
            text(
                "SELECT status, scheduled, assignee, completed, feedback, result, responded "
                "FROM service_orders"
            )
        ).one()
        history = conn.execute(
            text("SELECT old, new FROM change_log WHERE entity = 'service' ORDER BY id")
        ).all()
    assert tuple(row) == ("done", "2026-11-27", "Raúl Gil", "2026-11-28", 5, "Filter changed", "2026-11-28")
    assert [tuple(h) for h in history] == [(None, "open"), ("open", "scheduled"), ("scheduled", "done")]


async def test_a_done_delivery_proposes_its_installation(make_app, seeded, cli, db_path):
    code, _out, err = cli("--db", str(db_path), "service", "add", "delivery", "C001", "--product", "P01",
                          "--requested", "2026-11-24")  # fmt: skip
    assert code == 0, err
    app = make_app()
    async with app.run_test(size=(170, 50)) as pilot:
        screen = await _service(pilot, app)
        board = screen.query_one("#svc-orders")
        await wait_for(pilot, lambda: board.table.row_count == 1)
        board.table.focus()
        await wait_for(pilot, lambda: screen.selected == "SV000001")
        await pilot.press("d")
        await settle(pilot, app)
        app.screen.query_one("#field-date").value = "2026-11-26"
        await pilot.click("#save")
        await wait_for(
            pilot,
            lambda: app.screen is not screen and "P01" in str(app.screen.query_one("#field-product").value),
        )
        assert str(app.screen.query_one("#field-requested").value) == "2026-11-26"
        await pilot.click("#save")
        await wait_for(pilot, lambda: app.screen is screen)
        await wait_for(
            pilot, lambda: board.table.row_count == 1 and str(board.table.get_row_at(0)[0]) == "SV000002"
        )
    with seeded.connect() as conn:
        rows = conn.execute(
            text("SELECT number, type, status, requested, parent_id FROM service_orders ORDER BY id")
        ).all()
    assert [tuple(r) for r in rows] == [
        ("SV000001", "delivery", "done", "2026-11-24", None),
        ("SV000002", "installation", "open", "2026-11-26", 1),
    ]
