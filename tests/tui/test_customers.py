"""The Customers room through Textual's Pilot: filter, paging, add with invalid then valid input, edit."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import select

from salesdesk.core.db import read_session, write_session
from salesdesk.core.history import ChangeLog
from salesdesk.org.models import Customer
from salesdesk.tui.widgets.paged_table import PagedTable
from tests.conftest import NOW
from tests.tui.conftest import plain, settle


def _codes(app) -> list[str]:
    table = app.screen.query_one(PagedTable).table
    return [str(table.coordinate_to_cell_key((r, 0)).row_key.value) for r in range(table.row_count)]


def _status(app) -> str:
    return plain(app.screen.query_one(".paged-status"))


async def _open_customers(pilot, app):
    await settle(pilot, app)
    await pilot.press("2")
    await settle(pilot, app)


async def test_filter_narrows_the_list_as_the_user_types(make_app):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await _open_customers(pilot, app)
        assert app.screen.__class__.__name__ == "CustomersScreen"
        assert _codes(app) == ["C001", "C002", "C003"]
        await pilot.press("slash")
        await pilot.press(*"sol")
        await settle(pilot, app)
        assert _codes(app) == ["C002"]
        assert _status(app) == "1–1 of 1"
        await pilot.press("escape")  # clears the filter
        await settle(pilot, app)
        assert _codes(app) == ["C001", "C002", "C003"]
        # Salesperson names are searched too.
        await pilot.press("slash", *"moreno")
        await settle(pilot, app)
        assert _codes(app) == ["C002"]


async def test_detail_pane_shows_balance_and_documents(make_app):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await _open_customers(pilot, app)
        text = plain(app.screen.query_one("#detail"))
        assert "Acme Distribuciones S.L." in text
        assert "€120.00" in text  # 100 + 50 − 30
        assert "F2" in text and "P1" in text


async def test_list_pages_from_the_database(make_app, seeded):
    with write_session(seeded) as s:
        for i in range(4, 254):
            s.add(Customer(code=f"C{i:03d}", name=f"Cliente {i}", tier="C", terms_days=30))
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await _open_customers(pilot, app)
        table = app.screen.query_one(PagedTable)
        assert table.table.row_count == table.page_size == 100  # only one page is mounted
        assert _status(app) == "1–100 of 253"
        table.table.move_cursor(row=99)
        await pilot.press("down")  # past the last row: the next page
        await settle(pilot, app)
        assert _status(app) == "101–200 of 253"
        assert _codes(app)[0] == "C101"
        await pilot.press("right_square_bracket")
        await settle(pilot, app)
        assert _status(app) == "201–253 of 253"
        await pilot.press("up")  # above the first row: the previous page, cursor on its last row
        await settle(pilot, app)
        assert _status(app) == "101–200 of 253"
        assert table.table.cursor_row == 99


async def test_add_customer_invalid_then_valid(make_app, seeded):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await _open_customers(pilot, app)
        await pilot.press("a")
        await settle(pilot, app)
        form = app.screen
        assert form.__class__.__name__ == "FormScreen"
        form.query_one("#field-code").value = "C900"
        form.query_one("#field-tier").value = "Z"
        form.query_one("#field-credit_limit").value = "12x"
        form.query_one("#field-salesperson").value = "NOPE"
        await pilot.pause()
        assert "must be one of" in plain(form.query_one("#error-tier"))
        assert "not an amount" in plain(form.query_one("#error-credit_limit"))
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.screen is form  # refused: the form stays open
        assert plain(form.query_one("#error-name")) == "is required"
        with read_session(seeded) as s:
            assert s.exec(select(Customer).where(Customer.code == "C900")).first() is None
        form.query_one("#field-name").value = "Nuevo Cliente S.L."
        form.query_one("#field-tier").value = "b"
        form.query_one("#field-credit_limit").value = "2,500.50"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.screen is form
        assert "no salesperson has this code" in plain(form.query_one("#error-salesperson"))
        form.query_one("#field-salesperson").value = "V01"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.screen.__class__.__name__ == "CustomersScreen"
        assert _codes(app) == ["C900"]  # the list shows the new customer
    with read_session(seeded) as s:
        c = s.exec(select(Customer).where(Customer.code == "C900")).one()
        assert (c.name, c.tier, c.credit_limit) == ("Nuevo Cliente S.L.", "B", Decimal("2500.50"))


async def test_edit_customer_records_the_limit_change(make_app, seeded):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await _open_customers(pilot, app)
        await pilot.press("e")
        await settle(pilot, app)
        form = app.screen
        assert form.query_one("#field-name").value == "Acme Distribuciones S.L."
        assert form.query_one("#field-credit_limit").value == "10,000.00"  # in the locale's format
        form.query_one("#field-credit_limit").value = "abc"
        await pilot.pause()
        assert "not an amount" in plain(form.query_one("#error-credit_limit"))
        form.query_one("#field-credit_limit").value = "15000"
        form.query_one("#field-note").value = "annual review"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.screen.__class__.__name__ == "CustomersScreen"
        assert "€15,000.00" in plain(app.screen.query_one("#detail"))
    with read_session(seeded) as s:
        assert s.exec(select(Customer.credit_limit).where(Customer.code == "C001")).one() == Decimal(
            "15000.00"
        )
        log = s.exec(
            select(ChangeLog).where(
                ChangeLog.field == "credit_limit",
                ChangeLog.record == "C001",
                ChangeLog.note == "annual review",
            )
        ).one()
        assert (log.old, log.new) == ("10000.00", "15000.00")
    assert NOW.year == 2026


async def test_typing_anything_never_crashes_the_form(make_app, seeded):
    junk = [
        "",
        " ",
        "'; DROP TABLE customers;--",
        "\u00e1\u00e9\u00ed" * 40,
        "-1",
        "9" * 30,
        "1e9",
        "NaN",
        "2026-02-30",
        "€€€",
        "😀",
        "\\x00",
    ]
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await _open_customers(pilot, app)
        await pilot.press("a")
        await settle(pilot, app)
        form = app.screen
        for value in junk:
            for field in form.fields:
                form.query_one(f"#field-{field.key}").value = value
            await pilot.press("ctrl+s")
            await settle(pilot, app)
            assert app.is_running
            assert app.screen is form
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.screen.__class__.__name__ == "CustomersScreen"
    with read_session(seeded) as s:
        assert len(s.exec(select(Customer)).all()) == 3


async def test_narrow_terminal_stacks_list_and_detail(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_customers(pilot, app)
        assert app.screen.query_one("#customers").has_class("narrow")
        assert "Acme Distribuciones S.L." in plain(app.screen.query_one("#detail"))
        await pilot.resize_terminal(150, 40)
        await settle(pilot, app)
        assert not app.screen.query_one("#customers").has_class("narrow")
