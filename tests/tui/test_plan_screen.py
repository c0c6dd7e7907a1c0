"""The Plan room through Pilot: propose and save the breakdown, edit a month (the totals hold), save, edit a
month inside a proposal, add, start and close corrective actions, and see every deviation.

The ``planned`` region: last year DIST (V01) sold 800.00 in March and HOR (V02) 400.00 in June; plan 2026 =
12,000.00 → DIST 8,000.00 (V01), HOR 4,000.00 (V02); seasonality from last year: March 66.67 %, June
33.33 %, so V01 has 5,333.60 in March and 2,666.40 in June, V02 2,666.80 and 1,333.20.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import text
from textual.widgets import DataTable, Select, TabbedContent
from textual.widgets._select import SelectOverlay

from salesdesk.plan import rules
from tests.tui.conftest import plain, settle, wait_for


def _cell(table, row_key: str, column_key: str) -> str:
    return str(table.get_cell(row_key, column_key))


def _row_keys(table: DataTable) -> list[str]:
    return [str(table.coordinate_to_cell_key((i, 0)).row_key.value) for i in range(table.row_count)]


async def _open_plan(pilot, app):
    await settle(pilot, app)
    await pilot.press("3")
    await settle(pilot, app)
    screen = app.screen
    assert screen.__class__.__name__ == "PlanScreen"
    return screen


async def test_breakdown_edit_a_month_and_add_an_action(make_app, planned):
    app = make_app()
    async with app.run_test(size=(180, 50)) as pilot:
        screen = await _open_plan(pilot, app)
        await wait_for(pilot, lambda: "No targets yet" in plain(screen.query_one("#plan-head")))

        await pilot.press("b")  # propose: shown, not saved
        await wait_for(pilot, lambda: screen.unsaved)
        grid = screen.query_one("#plan-grid")
        assert _cell(grid, "__total__", "year") == "12,000.00"
        with planned.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM plan_targets")).scalar() == 0
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not screen.unsaved and bool(screen.grid and screen.grid.cells))
        v01_year = _cell(grid, "V01", "year")
        assert v01_year == "8,000.00"  # 12,000 × 800 / 1,200

        grid.focus()
        grid.cursor_coordinate = (0, 3)  # V01, March
        await pilot.press("e")
        await settle(pilot, app)
        form = app.screen
        assert form.__class__.__name__ == "FormScreen"
        form.query_one("#field-amount").value = "1000"
        form.query_one("#field-amount").focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.unsaved)
        assert app.screen is screen
        assert _cell(grid, "V01", "m3") == "1,000"
        assert _cell(grid, "V01", "year") == v01_year  # the year holds
        assert _cell(grid, "__total__", "year") == "12,000.00"  # and so does the plan
        assert "Not saved" in plain(screen.query_one("#plan-pending"))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not screen.unsaved)
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
            ("owner", "Manager"),
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


async def test_a_proposal_shows_salespeople_and_a_month_can_be_edited_before_saving(make_app, planned):
    app = make_app()
    async with app.run_test(size=(180, 50)) as pilot:
        screen = await _open_plan(pilot, app)
        await wait_for(pilot, lambda: "No targets yet" in plain(screen.query_one("#plan-head")))
        await pilot.press("b")
        await wait_for(pilot, lambda: screen.proposal is not None)
        grid = screen.query_one("#plan-grid", DataTable)
        # rows under "Salesperson" are salespeople, not groups
        assert _row_keys(grid) == ["V01", "V02", "__total__"]
        assert str(grid.ordered_columns[0].label) == "Salesperson"
        assert [_cell(grid, "V01", k) for k in ("m3", "m6", "year")] == ["5,334", "2,666", "8,000.00"]
        assert [_cell(grid, "V02", k) for k in ("m3", "m6", "year")] == ["2,667", "1,333", "4,000.00"]
        assert _cell(grid, "__total__", "year") == "12,000.00"
        # a past month with a target and no sales is off track (the theme's error colour, bold); a month
        # without a target is plain
        from salesdesk.tui import meaning

        bad = meaning.styles(app)[meaning.BAD]
        assert f"bold {bad}" in str(grid.get_cell("V01", "m3").style)
        assert grid.get_cell("V01", "m1").style == "reverse"

        await pilot.press("g")  # groups
        assert _row_keys(grid) == ["DIST", "HOR", "__total__"]
        assert str(grid.ordered_columns[0].label) == "Group"
        assert _cell(grid, "DIST", "year") == "8,000.00" and _cell(grid, "HOR", "year") == "4,000.00"
        await pilot.press("g")
        assert _row_keys(grid) == ["V01", "V02", "__total__"]

        grid.focus()
        grid.cursor_coordinate = (0, 3)  # V01, March, in the proposal
        await pilot.press("e")
        await settle(pilot, app)
        form = app.screen
        assert form.__class__.__name__ == "FormScreen"
        assert form.form_title == "Target of V01, month 3"
        assert form.query_one("#field-group", Select).value == "DIST"
        form.query_one("#field-amount").value = "1000"
        form.query_one("#field-amount").focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(screen.edits))
        assert app.screen is screen and screen.proposal is not None  # still the proposal, edited
        # 8,000 − 1,000 = 7,000 goes to June, the only other month with a weight
        assert [_cell(grid, "V01", k) for k in ("m3", "m6", "year")] == ["1,000", "7,000", "8,000.00"]
        assert _cell(grid, "V02", "year") == "4,000.00"
        assert _cell(grid, "__total__", "year") == "12,000.00"
        pending = plain(screen.query_one("#plan-pending"))
        assert "proposed breakdown" in pending and "V01/DIST month 3" in pending
        with planned.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM plan_targets")).scalar() == 0

        await pilot.press("ctrl+s")  # saves the proposal shown, with the month set by hand
        await wait_for(pilot, lambda: not screen.unsaved)
        await settle(pilot, app)
        assert [_cell(grid, "V01", k) for k in ("m3", "m6", "year")] == ["1,000", "7,000", "8,000.00"]
    with planned.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT s.code, t.month, t.amount, t.manual FROM plan_targets t"
                " JOIN salespeople s ON s.id = t.salesperson_id WHERE t.amount <> 0 ORDER BY 1, 2"
            )
        ).all()
        total = conn.execute(text("SELECT sum(amount) FROM plan_targets")).scalar()
    assert rows == [
        ("V01", 3, 100000, 1),
        ("V01", 6, 700000, 0),
        ("V02", 3, 266680, 0),
        ("V02", 6, 133320, 0),
    ]
    assert total == 1_200_000


def _with_actions(cli, db_path) -> None:
    assert cli("--db", str(db_path), "plan", "breakdown", "--year", "2026", "--apply")[0] == 0
    code, _out, err = cli(
        "--db", str(db_path), "plan", "action", "add", "--year", "2026", "--month", "3",
        "--salesperson", "V02", "--problem", "No sales in March", "--action", "Visit the bars",
        "--owner", "Carlos",
    )  # fmt: skip
    assert code == 0, err


async def test_close_offers_only_the_final_states_as_words_and_start_puts_it_in_progress(
    make_app, planned, cli, db_path
):
    _with_actions(cli, db_path)
    app = make_app()
    async with app.run_test(size=(180, 50)) as pilot:
        screen = await _open_plan(pilot, app)
        await wait_for(pilot, lambda: screen.query_one("#plan-actions").row_count == 1)
        told: list[str] = []
        screen.notify = lambda message, **_kw: told.append(str(message))
        await pilot.press("c")  # on the Targets tab the action keys do nothing
        await settle(pilot, app)
        assert app.screen is screen and not told
        screen.query_one(TabbedContent).active = "tab-actions"
        await settle(pilot, app)

        await pilot.press("p")  # start: open → in progress
        await wait_for(pilot, lambda: bool(told))
        assert told[-1] == f"Corrective action 1: {rules.action_label('in_progress')}."
        await wait_for(pilot, lambda: screen.actions[1].status == "in_progress")

        await pilot.press("c")
        await settle(pilot, app)
        form = app.screen
        assert form.__class__.__name__ == "FormScreen"
        choice = form.query_one("#field-status", Select)
        assert choice.value == "done"
        overlay = form.query_one(SelectOverlay)  # the drop-down: the final states only, as words
        offered = [str(overlay.get_option_at_index(i).prompt) for i in range(overlay.option_count)]
        assert offered == [rules.action_label("done"), rules.action_label("cancelled")]
        choice.value = "cancelled"
        form.query_one("#field-result").value = "Bar closed for the season"
        await pilot.click("#save")
        await wait_for(pilot, lambda: app.screen is screen)
        await wait_for(pilot, lambda: screen.actions.get(1) and screen.actions[1].status == "cancelled")
        assert f"Corrective action 1: {rules.action_label('cancelled')}." in told
        row = [str(c) for c in screen.query_one("#plan-actions", DataTable).get_row("1")]
        # No., month, salesperson, group, problem, action, owner, due, status, result
        assert row[6] == "Carlos" and row[8] == rules.action_label("cancelled")
        assert row[9] == "Bar closed for the season"

        told.clear()
        await pilot.press("c")  # closed is final: no form
        await settle(pilot, app)
        assert app.screen is screen and "already closed" in told[-1]
    with planned.connect() as conn:
        action = conn.execute(text("SELECT status, result, closed_at FROM plan_actions")).one()
        changes = conn.execute(
            text("SELECT old, new FROM change_log WHERE entity = 'plan_action' ORDER BY id")
        ).all()
    assert tuple(action) == ("cancelled", "Bar closed for the season", "2026-11-28")
    assert changes == [("open", "in_progress"), ("in_progress", "cancelled")]


async def test_every_deviation_is_listed_those_without_an_action_first(make_app, planned, cli, db_path):
    _with_actions(cli, db_path)  # V02 in March has an action
    app = make_app()
    async with app.run_test(size=(180, 50)) as pilot:
        screen = await _open_plan(pilot, app)
        table = screen.query_one("#plan-deviations", DataTable)
        await wait_for(pilot, lambda: table.row_count > 0)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        # nobody sold in March or June 2026: V01, V02, DIST and HOR in both months, eight in all
        assert [(r[0], r[2]) for r in rows] == [
            ("03", "V01"), ("03", "DIST"), ("03", "HOR"),
            ("06", "V01"), ("06", "V02"), ("06", "DIST"), ("06", "HOR"),
            ("03", "V02"),
        ]  # fmt: skip
        assert [r[6] for r in rows] == ["no action yet"] * 7 + ["action recorded"]
        head = plain(screen.query_one("#plan-deviations-head"))
        assert "8, 7 without a corrective action" in head

        # a, with a deviation picked, fills in the form for it
        screen.query_one(TabbedContent).active = "tab-actions"
        await settle(pilot, app)
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("a")
        await settle(pilot, app)
        form = app.screen
        values = {
            k: form.query_one(f"#field-{k}").value for k in ("month", "salesperson", "group", "problem")
        }
        assert values == {
            "month": "3",
            "salesperson": "V01",
            "group": "",
            "problem": "V01 at 0.0 % of the target due in month 3",
        }
        await pilot.press("escape")
