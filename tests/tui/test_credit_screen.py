"""The Credit room through Pilot: the customers table and the selected customer's card; approve a limit
(and the refusal to lower it below what is owed without force); add a follow-up; record a payment.

Seeded: C001 owes 120.00 (F1 70.00 open 58 days late, F2 50.00 28 days late), open order 200.00, limit
10,000.00; C003 limit 5,000.00, nothing owed."""

from __future__ import annotations

from sqlalchemy import text

from tests.tui.conftest import plain, settle, wait_for


async def _open_credit(pilot, app):
    await settle(pilot, app)
    await pilot.press("4")
    await settle(pilot, app)
    screen = app.screen
    assert screen.__class__.__name__ == "CreditScreen"
    await wait_for(pilot, lambda: screen.query_one("#credit-table").row_count == 2)
    return screen


async def _select(pilot, app, screen, code: str):
    table = screen.query_one("#credit-table")
    table.focus()
    table.move_cursor(row=table.get_row_index(code))
    await wait_for(pilot, lambda: code in plain(screen.query_one("#credit-card")))
    await settle(pilot, app)


async def test_table_card_and_approve_a_limit(make_app, seeded):
    app = make_app()
    async with app.run_test(size=(180, 50)) as pilot:
        screen = await _open_credit(pilot, app)
        table = screen.query_one("#credit-table")
        first = table.get_row_at(0)  # sorted by overdue, largest first
        assert first[0] == "C001" and str(first[3]) == "€120.00"
        assert "€120.00" in plain(screen.query_one("#credit-totals"))  # aging totals

        await _select(pilot, app, screen, "C001")
        card = plain(screen.query_one("#credit-card"))
        assert "F1" in card and "€70.00" in card and "58" in card  # open invoice, open amount, days late
        assert "P1" in card  # the payment and what it paid

        await pilot.press("l")
        await settle(pilot, app)
        form = app.screen
        assert form.__class__.__name__ == "FormScreen"
        form.query_one("#field-amount").value = "100"  # below what C001 owes, no force
        await pilot.click("#save")
        await settle(pilot, app)
        assert app.screen is form  # refused: the form stays open with the reason
        assert "set “Below the debt?” to yes" in plain(form.query_one("#error-amount"))
        form.query_one("#field-amount").value = "15000"
        form.query_one("#field-review_date").value = "2027-03-31"
        form.query_one("#field-note").value = "good payer"
        await pilot.click("#save")
        await wait_for(pilot, lambda: app.screen is screen)
        await wait_for(pilot, lambda: "good payer" in plain(screen.query_one("#credit-card")))
        card = plain(screen.query_one("#credit-card"))
        assert "€15,000.00" in card and "€10,000.00 → €15,000.00" in card
    with seeded.connect() as conn:
        row = conn.execute(
            text("SELECT credit_limit, credit_review_date FROM customers WHERE code = 'C001'")
        ).one()
        history = conn.execute(
            text(
                "SELECT old, new, note FROM change_log WHERE record = 'C001' AND field = 'credit_limit' "
                "ORDER BY id DESC"
            )
        ).first()
    assert tuple(row) == (1_500_000, "2027-03-31")
    assert tuple(history) == ("10000.00", "15000.00", "good payer")


async def test_add_a_follow_up_and_record_a_payment(make_app, seeded):
    app = make_app()
    async with app.run_test(size=(180, 50)) as pilot:
        screen = await _open_credit(pilot, app)
        await _select(pilot, app, screen, "C001")
        await pilot.press("f")
        await settle(pilot, app)
        form = app.screen
        for key, value in (
            ("contact", "Ana (accounts)"),
            ("agreed", "pays F1 this week"),
            ("promised_amount", "70"),
            ("promised_date", "2026-12-04"),
            ("next_action", "2026-12-05"),
            ("invoice", "F1"),
        ):
            form.query_one(f"#field-{key}").value = value
        await pilot.click("#save")
        await wait_for(pilot, lambda: app.screen is screen)
        await wait_for(pilot, lambda: "pays F1 this week" in plain(screen.query_one("#credit-card")))
        assert "pending" in plain(screen.query_one("#credit-card"))

        await pilot.press("p")
        await settle(pilot, app)
        form = app.screen
        form.query_one("#field-reference").value = "P2"
        form.query_one("#field-amount").value = "70"
        form.query_one("#field-invoice").value = "F1"
        await pilot.click("#save")
        await wait_for(pilot, lambda: app.screen is screen)
        await wait_for(pilot, lambda: "kept" in plain(screen.query_one("#credit-card")))
        await wait_for(pilot, lambda: str(screen.query_one("#credit-table").get_row("C001")[3]) == "€50.00")
    with seeded.connect() as conn:
        follow = conn.execute(
            text("SELECT contact, promised_amount, promised_date FROM credit_followups")
        ).one()
    assert tuple(follow) == ("Ana (accounts)", 7000, "2026-12-04")
