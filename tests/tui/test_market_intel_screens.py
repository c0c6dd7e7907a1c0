"""The Market and Intel rooms through Pilot: move a prospect to won on the pipeline board and make it a
customer (the conversion form follows the move); merge two duplicate customers from a data-quality
finding.

Seeded: C001–C003, V01 active, V02 on leave; today is 2026-11-28."""

from __future__ import annotations

from sqlalchemy import text

from tests.tui.conftest import settle, wait_for


async def _room(pilot, app, key: str, name: str):
    await settle(pilot, app)
    await pilot.press(key)
    await settle(pilot, app)
    assert app.screen.__class__.__name__ == name
    return app.screen


async def _save(pilot, app, back) -> None:
    await pilot.click("#save")
    await wait_for(pilot, lambda: app.screen is back)
    await settle(pilot, app)


async def test_move_a_prospect_to_won_and_make_it_a_customer(make_app, seeded, cli, db_path):
    code, _out, err = cli("--db", str(db_path), "prospect", "add", "Hotel Nuevo S.L.", "--owner", "V01",
                          "--territory", "MAD", "--group", "HOR", "--value", "30000", "--tax-id", "B11111111",
                          "--date", "2026-10-01")  # fmt: skip
    assert code == 0, err
    assert (
        cli("--db", str(db_path), "prospect", "move", "P000001", "negotiation", "--date", "2026-11-02")[0]
        == 0
    )
    app = make_app()
    async with app.run_test(size=(170, 50)) as pilot:
        screen = await _room(pilot, app, "6", "MarketScreen")
        board = screen.query_one("#mkt-board")
        await wait_for(pilot, lambda: board.row_count == 1)
        assert "Hotel Nuevo" in str(board.get_cell_at((0, 4)))  # the negotiation column
        board.focus()
        board.move_cursor(row=0, column=4)
        await pilot.press("m")
        await settle(pilot, app)
        assert app.screen.query_one("#field-to_stage").value == "won"  # the next stage is offered
        await pilot.click("#save")
        # the move saved, the conversion form follows
        await wait_for(pilot, lambda: app.screen is not screen and bool(app.screen.query("#field-code")))
        app.screen.query_one("#field-code").value = "C100"
        await _save(pilot, app, screen)
        await wait_for(pilot, lambda: board.row_count == 0)
    with seeded.connect() as conn:
        customer = conn.execute(
            text(
                "SELECT c.name, c.tax_id, c.customer_since, s.code FROM customers c "
                "JOIN salespeople s ON s.id = c.salesperson_id WHERE c.code = 'C100'"
            )
        ).one()
        prospect = conn.execute(
            text("SELECT p.stage, c.code FROM prospects p JOIN customers c ON c.id = p.customer_id")
        ).one()
    assert tuple(customer) == ("Hotel Nuevo S.L.", "B11111111", "2026-11-28", "V01")
    assert tuple(prospect) == ("won", "C100")


async def test_merge_two_duplicates_from_a_finding(make_app, seeded, cli, db_path):
    run = lambda *a: cli("--db", str(db_path), *a)  # noqa: E731
    assert run("customer", "edit", "C001", "--tax-id", "B12345678")[0] == 0
    assert run("customer", "add", "C009", "--name", "ACME DISTRIBUCIONES, S.L.", "--tax-id", "B12345678",
               "--salesperson", "V01")[0] == 0  # fmt: skip
    assert (
        run("invoice", "add", "F9", "--customer", "C009", "--amount", "75.00", "--date", "2026-11-01")[0] == 0
    )
    app = make_app()
    async with app.run_test(size=(170, 50)) as pilot:
        screen = await _room(pilot, app, "9", "IntelScreen")
        await pilot.press("t", "t", "t")  # Data quality
        findings = screen.query_one("#int-findings")
        await wait_for(pilot, lambda: findings.row_count > 0)
        assert screen.findings[0].rule == "duplicate_customer"
        assert screen.findings[0].records == ("C001", "C009")
        findings.focus()
        findings.move_cursor(row=0)
        await pilot.press("g")
        await settle(pilot, app)
        assert app.screen.query_one("#field-keep").value == "C001"
        assert app.screen.query_one("#field-duplicate").value == "C009"
        await _save(pilot, app, screen)
        await wait_for(pilot, lambda: not any(f.rule == "duplicate_customer" for f in screen.findings))
    with seeded.connect() as conn:
        left = conn.execute(text("SELECT count(*) FROM customers WHERE code = 'C009'")).scalar()
        owner = conn.execute(
            text(
                "SELECT c.code FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE i.number = 'F9'"
            )
        ).scalar()
    assert (left, owner) == (0, "C001")


async def test_mark_a_countermeasure_done_from_the_feed(make_app, seeded, cli, db_path):
    run = lambda *a: cli("--db", str(db_path), *a)  # noqa: E731
    assert run("intel", "add", "Rebaja del 8 %", "--topic", "price", "--impact", "high")[0] == 0
    assert run("intel", "measure", "add", "Rappel trimestral", "--entry", "I000001")[0] == 0
    app = make_app()
    async with app.run_test(size=(170, 50)) as pilot:
        screen = await _room(pilot, app, "9", "IntelScreen")
        feed = screen.query_one("#int-feed")
        await wait_for(pilot, lambda: feed.table.row_count == 1 and bool(getattr(screen, "measures", [])))
        feed.table.focus()
        await pilot.press("s")
        await settle(pilot, app)
        assert app.screen.query_one("#field-measure").value == "M000001"
        assert app.screen.query_one("#field-status").value == "done"
        await _save(pilot, app, screen)
    with seeded.connect() as conn:
        status = conn.execute(text("SELECT status, done_on FROM countermeasures")).one()
        logged = conn.execute(text("SELECT old, new FROM change_log WHERE entity = 'countermeasure'")).one()
    assert tuple(status) == ("done", "2026-11-28")
    assert tuple(logged) == ("open", "done")
