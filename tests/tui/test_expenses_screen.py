"""The Expenses room through Pilot: an expense a stop budget refuses, then let through with an override
reason (recorded); approving an expense; approving, escalating and rejecting discount requests from the
queue; the budget grid and its view toggle; setting a budget from the form.

Seeded: salespeople V01 (Ana) and V02; C001 is V01's customer. Today is 2026-11-28."""

from __future__ import annotations

from sqlalchemy import text

from tests.tui.conftest import plain, settle, wait_for


async def _open(pilot, app):
    await settle(pilot, app)
    await pilot.press("5")
    await settle(pilot, app)
    screen = app.screen
    assert screen.__class__.__name__ == "ExpensesScreen"
    await wait_for(pilot, lambda: screen.query_one("#exp-grid").row_count > 0)
    return screen


def _cells(table, key: str) -> list[str]:
    return [str(c) for c in table.get_row(key)]


async def test_a_stop_budget_refuses_an_expense_then_an_override_lets_it_through(
    make_app, seeded, cli, db_path
):
    # travel: 100.00 in November only, so the year's budget is 100.00 (annual action stop)
    assert cli("--db", str(db_path), "budget", "set", "--year", "2026", "--category", "travel",
               "--month", "11", "--amount", "100")[0] == 0  # fmt: skip
    app = make_app()
    async with app.run_test(size=(170, 50)) as pilot:
        screen = await _open(pilot, app)
        assert _cells(screen.query_one("#exp-grid"), "travel")[1] == "ok"

        await pilot.press("a")
        await settle(pilot, app)
        form = app.screen
        assert form.__class__.__name__ == "FormScreen"
        assert str(form.query_one("#field-salesperson").value) == "V01"
        assert str(form.query_one("#field-category").value) == "travel"
        form.query_one("#field-amount").value = "100.01"  # one cent over the year's budget
        form.query_one("#field-description").value = "Hotel Toledo"
        await pilot.click("#save")
        await settle(pilot, app)
        assert app.screen is form  # refused: the form stays open and says why
        error = plain(form.query_one("#error-amount"))
        assert "exceeds the annual Travel budget" in error
        assert "budget €100.00, spent €0.00, remaining €100.00" in error

        form.query_one("#field-override_reason").value = "Customer visit moved, agreed with director"
        await pilot.click("#save")
        await wait_for(pilot, lambda: app.screen is screen)
        await wait_for(pilot, lambda: _cells(screen.query_one("#exp-grid"), "travel")[1] == "over")
        assert "exceeds the annual Travel budget" in " ".join(str(n.message) for n in app._notifications)
    with seeded.connect() as conn:
        expense = conn.execute(text("SELECT number, amount, status, override_reason FROM expenses")).one()
        override = conn.execute(
            text("SELECT record, new, note FROM change_log WHERE field = 'budget_override'")
        ).one()
    assert tuple(expense) == ("E000001", 10001, "submitted", "Customer visit moved, agreed with director")
    assert override[0] == "E000001" and override[1] == "Customer visit moved, agreed with director"
    assert "remaining 100.00" in override[2] or "remaining €100.00" in override[2]


async def test_approve_an_expense_from_the_list(make_app, seeded, cli, db_path):
    code, _out, err = cli("--db", str(db_path), "expense", "add", "--date", "2026-11-20", "--salesperson",
                          "V02", "--category", "meals", "--amount", "45.50", "--note", "Lunch")  # fmt: skip
    assert code == 0, err
    app = make_app()
    async with app.run_test(size=(170, 50)) as pilot:
        screen = await _open(pilot, app)
        await pilot.press("t")  # the Expenses tab
        listing = screen.query_one("#exp-list")
        await wait_for(pilot, lambda: listing.table.row_count == 1)
        assert "1 expenses, €45.50" in plain(screen.query_one("#exp-count"))
        await pilot.press("y")
        await settle(pilot, app)
        form = app.screen
        form.query_one("#field-note").value = "receipt checked"
        await pilot.click("#save")
        await wait_for(pilot, lambda: app.screen is screen)
        await wait_for(pilot, lambda: "approved" in str(listing.table.get_row_at(0)[5]))
        await pilot.press("m")  # reimbursed
        await settle(pilot, app)
        await pilot.click("#save")
        await wait_for(pilot, lambda: "reimbursed" in str(listing.table.get_row_at(0)[5]))
    with seeded.connect() as conn:
        row = conn.execute(text("SELECT status, approver_note FROM expenses")).one()
        changes = conn.execute(
            text("SELECT old, new FROM change_log WHERE entity = 'expense' AND field = 'status' ORDER BY id")
        ).all()
    assert tuple(row) == ("reimbursed", "receipt checked")
    assert [tuple(c) for c in changes] == [
        (None, "submitted"),
        ("submitted", "approved"),
        ("approved", "reimbursed"),
    ]


async def test_approve_escalate_and_reject_discounts_from_the_queue(make_app, seeded, cli, db_path):
    for pct in ("10", "12", "20"):  # manager's level, manager's level, director's
        code, _out, err = cli("--db", str(db_path), "discount", "request", "--customer", "C001",
                              "--gross", "1000", "--pct", pct, "--date", "2026-11-25")  # fmt: skip
        assert code == 0, err
    app = make_app()
    async with app.run_test(size=(170, 50)) as pilot:
        screen = await _open(pilot, app)
        await pilot.press("t", "t")  # the Discounts tab
        queue = screen.query_one("#disc-list")
        await wait_for(pilot, lambda: queue.table.row_count == 3)
        assert [str(queue.table.get_row_at(i)[8]) for i in range(3)] == ["manager", "manager", "director"]

        await pilot.press("y")  # approve D000001 (10 %)
        await settle(pilot, app)
        form = app.screen
        assert "D000001" in str(form.query_one("#form-title").content)
        assert str(form.query_one("#field-cost").value) == "€100.00"  # no discount budget set
        await pilot.click("#save")
        await wait_for(pilot, lambda: app.screen is screen)
        await wait_for(pilot, lambda: queue.table.row_count == 2)  # approved leaves the waiting queue

        await pilot.press("e")  # escalate D000002
        await settle(pilot, app)
        app.screen.query_one("#field-note").value = "key account, needs director"
        await pilot.click("#save")
        await wait_for(pilot, lambda: app.screen is screen)
        await wait_for(pilot, lambda: "escalated" in str(queue.table.get_row_at(0)[7]))

        await pilot.press("n")  # reject D000002
        await settle(pilot, app)
        await pilot.click("#save")
        await wait_for(pilot, lambda: queue.table.row_count == 1)
    with seeded.connect() as conn:
        rows = conn.execute(text("SELECT number, status, level FROM discount_requests ORDER BY number")).all()
    assert [tuple(r) for r in rows] == [
        ("D000001", "approved", "manager"),
        ("D000002", "rejected", None),
        ("D000003", "escalated", None),
    ]


async def test_set_a_budget_and_switch_the_grid_view(make_app, seeded):
    app = make_app()
    async with app.run_test(size=(170, 50)) as pilot:
        screen = await _open(pilot, app)
        await pilot.press("b")
        await settle(pilot, app)
        form = app.screen
        form.query_one("#field-amount").value = "1200"
        await pilot.click("#save")
        await wait_for(pilot, lambda: app.screen is screen)
        grid = screen.query_one("#exp-grid")
        await wait_for(pilot, lambda: _cells(grid, "travel")[3] == "€1,100.00")  # budget to November
        await pilot.press("v")  # month cells show the budget
        await wait_for(pilot, lambda: _cells(grid, "travel")[7:9] == ["100.00", "100.00"])
        assert "budget" in plain(screen.query_one("#exp-summary"))
    with seeded.connect() as conn:
        total = conn.execute(text("SELECT SUM(amount), COUNT(*) FROM expense_budgets")).one()
    assert tuple(total) == (120000, 12)


async def test_the_budget_form_keeps_the_actions_of_the_category_chosen_in_it(make_app, seeded, cli, db_path):
    assert cli("--db", str(db_path), "expense", "category", "edit", "meals",
               "--annual-action", "ignore", "--monthly-action", "stop")[0] == 0  # fmt: skip
    app = make_app()
    async with app.run_test(size=(170, 50)) as pilot:
        screen = await _open(pilot, app)  # the cursor is on Travel
        await pilot.press("b")
        await settle(pilot, app)
        form = app.screen
        form.query_one("#field-category").value = "meals"
        form.query_one("#field-amount").value = "600"
        await pilot.click("#save")
        await wait_for(pilot, lambda: app.screen is screen)
    with seeded.connect() as conn:
        actions = conn.execute(
            text("SELECT annual_action, monthly_action FROM expense_categories WHERE code = 'meals'")
        ).one()
        budget = conn.execute(
            text(
                "SELECT SUM(b.amount) FROM expense_budgets b"
                " JOIN expense_categories c ON c.id = b.category_id WHERE c.code = 'meals'"
            )
        ).scalar()
    assert tuple(actions) == ("ignore", "stop") and budget == 60000
