"""The Plan room through Pilot: propose and save the breakdown, edit a month (the totals hold), save,
and add a corrective action."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import text

from tests.tui.conftest import plain, settle, wait_for


def _cell(table, row_key: str, column_key: str) -> str:
    return str(table.get_cell(row_key, column_key))


async def test_breakdown_edit_a_month_and_add_an_action(make_app, planned):
    app = make_app()
    async with app.run_test(size=(180, 50)) as pilot:
        await settle(pilot, app)
        await pilot.press("3")
        await settle(pilot, app)
        screen = app.screen
        assert screen.__class__.__name__ == "PlanScreen"
        await wait_for(pilot, lambda: "No targets yet" in plain(screen.query_one("#plan-head")))

        await pilot.press("b")  # propose: shown, not saved
        await wait_for(pilot, lambda: bool(screen.pending))
        grid = screen.query_one("#plan-grid")
        assert _cell(grid, "__total__", "year") == "12,000.00"
        with planned.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM plan_targets")).scalar() == 0
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not screen.pending and bool(screen.grid and screen.grid.cells))
        v01_year = _cell(grid, "V01", "year")
        assert v01_year == "8,000.00"  # 12,000 × 800 / 1,200

        grid.focus()
        grid.cursor_coordinate = (0, 3)  # V01, March
        await pilot.press("e")
        await settle(pilot, app)
        form = app.screen
        assert form.__class__.__name__ == "FormScreen"
        form.query_one("#field-amount").value = "1000"
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(screen.pending))
        assert app.screen is screen
        assert _cell(grid, "V01", "m3") == "1,000"
        assert _cell(grid, "V01", "year") == v01_year  # the year holds
        assert _cell(grid, "__total__", "year") == "12,000.00"  # and so does the plan
        assert "Not saved" in plain(screen.query_one("#plan-pending"))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not screen.pending)
        await settle(pilot, app)
        with planned.connect() as conn:
            march = conn.execute(
                text(
                    "SELECT amount, manual FROM plan_targets t JOIN salespeople s ON s.id = t.salesperson_id"
                    " WHERE s.code = 'V01' AND month = 3"
                )
            ).one()
            total = conn.execute(text("SELECT sum(amount) FROM plan_targets")).scalar()
        assert tuple(march) == (100000, 1) and total == 1_200_000

        await pilot.press("a")
        await settle(pilot, app)
        form = app.screen
        for key, value in (
            ("month", "3"),
            ("salesperson", "V02"),
            ("problem", "HOR behind in March"),
            ("action", "Joint visits with V02"),
            ("due", "2026-12-15"),
        ):
            form.query_one(f"#field-{key}").value = value
        await pilot.click("#save")
        await wait_for(pilot, lambda: app.screen is screen)
        await wait_for(pilot, lambda: screen.query_one("#plan-actions").row_count == 1)
        assert "Joint visits with V02" in str(screen.query_one("#plan-actions").get_row_at(0))
    with planned.connect() as conn:
        action = conn.execute(text("SELECT month, problem, status, due_date FROM plan_actions")).one()
    assert tuple(action) == (3, "HOR behind in March", "open", "2026-12-15")
    assert Decimal("1000") == Decimal(march[0]) / 100
