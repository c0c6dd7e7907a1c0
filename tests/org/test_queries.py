"""Reads of the org room checked against independent computations on the seeded database."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import text

from salesdesk.core.db import read_session, write_session
from salesdesk.core.errors import DataError
from salesdesk.org import queries as q

TODAY = date(2026, 11, 28)
NOW = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)
D = Decimal


def add_invoice(s, number, customer, amount, issue, due=None):
    q.add_invoice(
        session=s,
        number=number,
        customer=customer,
        amount=amount,
        locale="en_US",
        today=TODAY,
        issue_date=issue,
        due_date=due,
    )


def add_payment(s, reference, customer, amount, when, invoice=None):
    return q.add_payment(
        session=s,
        reference=reference,
        customer=customer,
        amount=amount,
        locale="en_US",
        today=TODAY,
        payment_date=when,
        invoice=invoice,
    )


def add_customer(s, code, name, **data):
    q.add_customer(session=s, code=code, data={"name": name, **data}, locale="en_US", now=NOW)


@pytest.fixture
def busy(seeded):
    """The seeded region plus more customers and documents (a credit note, future and overpaying payments)."""
    with write_session(seeded) as s:
        add_customer(s, "B100", "Bodegas Norte", city="Ávila", salesperson="V02")
        add_customer(s, "A050", "Asador 50%", city="Toledo")
        add_customer(s, "Z_9", "Zumos", city="Madrid", salesperson="V01")
        add_customer(s, "C004", "Cero documentos")
        add_invoice(s, "F3", "C002", "250.00", "2026-08-01")
        add_invoice(s, "NC3", "C002", "-40.00", "2026-09-01")
        add_payment(s, "P2", "C002", "100.00", "2026-09-10")
        add_payment(s, "P3", "C002", "500.00", "2027-01-15")  # in the future
        add_invoice(s, "F4", "B100", "99.99", "2026-11-01")
        add_invoice(s, "F5", "B100", "0.01", "2026-11-02")
        add_payment(s, "P4", "B100", "150.00", "2026-11-20", invoice="F5")  # overpays: credit
        add_payment(s, "P5", "A050", "12.34", "2026-10-01")  # a payment and no invoice
        add_invoice(s, "F6", "C001", "1000.00", "2026-11-27")
        add_payment(s, "P6", "C001", "0.05", "2026-11-28", invoice="F2")
    return seeded


def raw_balances(engine) -> dict[str, Decimal]:
    """Σ invoices − Σ payments per customer, straight from the tables (amounts in hundredths)."""
    sql = text(
        """
        SELECT c.code,
               COALESCE((SELECT SUM(i.amount) FROM invoices i WHERE i.customer_id = c.id), 0)
             - COALESCE((SELECT SUM(p.amount) FROM payments p WHERE p.customer_id = c.id), 0)
        FROM customers c
        """
    )
    with engine.connect() as conn:
        return {code: (D(minor) / 100).quantize(D("0.01")) for code, minor in conn.execute(sql)}


def all_codes(engine) -> list[str]:
    with engine.connect() as conn:
        return sorted(code for (code,) in conn.execute(text("SELECT code FROM customers")))


# --------------------------------------------------------------------------- balances


def test_list_customers_balance_matches_raw_sql_on_seeded(seeded):
    with read_session(seeded) as s:
        rows = q.list_customers(session=s)
    assert {r.code: r.balance for r in rows} == raw_balances(seeded)
    assert {r.code: r.balance for r in rows} == {"C001": D("120.00"), "C002": D("0.00"), "C003": D("0.00")}


def test_list_customers_balance_matches_raw_sql_with_extra_documents(busy):
    with read_session(busy) as s:
        rows = q.list_customers(session=s)
    balances = {r.code: r.balance for r in rows}
    assert balances == raw_balances(busy)
    assert balances["C002"] == D("-390.00")  # 250 − 40 − 100 − 500
    assert balances["B100"] == D("-50.00")
    assert balances["A050"] == D("-12.34")
    assert balances["C004"] == D("0.00")
    for balance in balances.values():
        assert isinstance(balance, Decimal)
        assert balance == balance.quantize(D("0.01"))


def test_list_customers_rows_carry_salesperson(busy):
    with read_session(busy) as s:
        rows = {r.code: r for r in q.list_customers(session=s)}
    assert (rows["B100"].salesperson, rows["B100"].salesperson_name) == ("V02", "Carlos Moreno")
    assert rows["C004"].salesperson is None and rows["C004"].salesperson_name is None
    assert rows["B100"].tier == "C" and rows["B100"].city == "Ávila"


# --------------------------------------------------------------------------- search and count


@pytest.mark.parametrize(
    "search",
    [
        "",
        "  ",
        "sol",
        "SOL",
        "V01",
        "v02",
        "moreno",
        "Lucía",
        "madrid",
        "getafe",
        "C00",
        "Norte",
        "zzz",
        "50%",
        "z_9",
        "a",
    ],
)
def test_count_customers_agrees_with_list(busy, search):
    with read_session(busy) as s:
        listed = q.list_customers(session=s, search=search)
        assert q.count_customers(session=s, search=search) == len(listed)


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("sol", ["C002"]),
        ("V01", ["C001", "C003", "Z_9"]),
        ("moreno", ["B100", "C002"]),
        ("madrid", ["C001", "Z_9"]),
        ("", ["A050", "B100", "C001", "C002", "C003", "C004", "Z_9"]),
        ("nothing like this", []),
    ],
)
def test_list_customers_search_fields(busy, search, expected):
    with read_session(busy) as s:
        assert [r.code for r in q.list_customers(session=s, search=search)] == expected


# --------------------------------------------------------------------------- paging


@pytest.mark.parametrize("limit", [1, 2, 3, 4, 7, 50])
def test_paging_covers_every_customer_once_in_code_order(busy, limit):
    seen: list[str] = []
    offset = 0
    with read_session(busy) as s:
        total = q.count_customers(session=s)
        while True:
            page = q.list_customers(session=s, limit=limit, offset=offset)
            assert len(page) <= limit
            if not page:
                break
            seen += [r.code for r in page]
            offset += limit
            assert offset <= total + limit
    assert seen == all_codes(busy)
    assert len(seen) == len(set(seen)) == total


def test_paging_with_a_search(busy):
    with read_session(busy) as s:
        whole = [r.code for r in q.list_customers(session=s, search="V01")]
        pages = [
            r.code
            for off in range(0, 4, 2)
            for r in q.list_customers(session=s, search="V01", limit=2, offset=off)
        ]
    assert pages == whole


def test_offset_without_limit(busy):
    with read_session(busy) as s:
        assert [r.code for r in q.list_customers(session=s, offset=5)] == all_codes(busy)[5:]


# --------------------------------------------------------------------------- customer_detail


@pytest.fixture
def hand_built(engine):
    """One customer (terms 30) with invoices due before, on and after today, a credit note and payments."""
    with write_session(engine) as s:
        add_customer(s, "H1", "Hand Built", terms_days="30", credit_limit="500")
        add_invoice(s, "H-1", "H1", "100.00", "2026-09-01", "2026-10-01")  # overdue
        add_invoice(s, "H-2", "H1", "200.00", "2026-10-15", "2026-11-27")  # overdue by one day
        add_invoice(s, "H-3", "H1", "300.00", "2026-10-29", "2026-11-28")  # due today: not overdue
        add_invoice(s, "H-4", "H1", "400.00", "2026-11-20", "2026-12-20")  # not yet due
        add_invoice(s, "HNC", "H1", "-50.00", "2026-10-20")  # credit note → H-1
        add_payment(s, "HP1", "H1", "120.00", "2026-11-01", invoice="H-2")  # → H-2
        add_payment(s, "HP2", "H1", "80.00", "2026-11-10")  # → H-1 (50 left), then H-2 (30)
        q.add_order(session=s, number="HO1", customer="H1", amount="70", locale="en_US", today=TODAY)
        q.add_order(
            session=s,
            number="HO2",
            customer="H1",
            amount="30",
            locale="en_US",
            today=TODAY,
            status="invoiced",
        )
    return engine


def test_customer_detail_open_and_overdue_amounts(hand_built):
    with read_session(hand_built) as s:
        detail = q.customer_detail(session=s, code="H1", today=TODAY)
    opens = {r.number: r.open_amount for r in detail.recent_invoices}
    # H-1: 100 − 50 (credit note) − 50 (HP2) = 0; H-2: 200 − 120 (HP1) − 30 (HP2) = 50.
    assert opens == {
        "H-1": D("0.00"),
        "H-2": D("50.00"),
        "H-3": D("300.00"),
        "H-4": D("400.00"),
        "HNC": D("0.00"),
    }
    assert detail.overdue == D("50.00")  # only H-2 has something open and is past due
    assert detail.balance == D("750.00")  # 1000 − 50 − 120 − 80
    assert detail.unapplied == D("0.00")
    assert detail.open_orders == D("70.00")
    assert detail.credit_limit == D("500.00")
    assert [r.number for r in detail.recent_invoices] == ["H-4", "H-3", "HNC", "H-2", "H-1"]
    assert [r.number for r in detail.recent_payments] == ["HP2", "HP1"]


def test_customer_detail_agrees_with_customer_allocation(hand_built):
    with read_session(hand_built) as s:
        detail = q.customer_detail(session=s, code="H1", today=TODAY)
        alloc = q.customer_allocation(session=s, code="H1", as_of=TODAY)
        listed = {r.code: r.balance for r in q.list_customers(session=s)}
    assert detail.balance == alloc.balance
    assert listed["H1"] == detail.balance  # nothing is dated after today here


def test_customer_detail_ignores_payments_after_today(hand_built):
    with write_session(hand_built) as s:
        add_payment(s, "HP-future", "H1", "1000.00", "2026-12-01")
    with read_session(hand_built) as s:
        detail = q.customer_detail(session=s, code="H1", today=TODAY)
        later = q.customer_detail(session=s, code="H1", today=date(2026, 12, 1))
    assert detail.balance == D("750.00")
    assert detail.overdue == D("50.00")
    assert detail.unapplied == D("0.00")
    # On the day of the payment it counts: everything paid and 250 left as credit.
    assert later.balance == D("-250.00")
    assert later.unapplied == D("250.00")
    assert later.overdue == D("0.00")


def test_customer_detail_ignores_payments_after_today_on_seeded(seeded):
    with write_session(seeded) as s:
        add_payment(s, "P-next", "C001", "120.00", "2026-11-29")
    with read_session(seeded) as s:
        detail = q.customer_detail(session=s, code="C001", today=TODAY)
    assert detail.balance == D("120.00")
    assert detail.overdue == D("120.00")
    assert "P-next" in [r.number for r in detail.recent_payments]  # listed, but not counted


def test_customer_detail_unknown_customer(seeded):
    with read_session(seeded) as s, pytest.raises(DataError) as info:
        q.customer_detail(session=s, code="NOPE", today=TODAY)
    assert (info.value.field, info.value.value) == ("customer", "NOPE")


# --------------------------------------------------------------------------- add_payment result


def test_add_payment_result_matches_allocation(seeded):
    with write_session(seeded) as s:
        result = add_payment(s, "P2", "C001", "100.00", "2026-11-01", invoice="F2")
    assert [(a.invoice, a.amount) for a in result.applied] == [("F2", D("50.00")), ("F1", D("50.00"))]
    assert result.unapplied == D("0.00")
    with read_session(seeded) as s:
        alloc = q.customer_allocation(session=s, code="C001")
    assert alloc.open_amounts == {"F1": D("20.00"), "F2": D("0.00")}


# --------------------------------------------------------------------------- search: what users type


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("ávila", ["B100", "C003"]),  # "Cafetería Ávila", city "Ávila"
        ("ÁVILA", ["B100", "C003"]),
        ("LUCÍA", ["C001", "C003", "Z_9"]),  # salesperson Lucía Fernández
        ("cafetería", ["C003"]),
        ("CAFETERÍA", ["C003"]),
    ],
)
def test_search_ignores_case_of_accented_letters(busy, search, expected):
    """Customer and salesperson names are Spanish: case must not matter for accented letters either."""
    with read_session(busy) as s:
        assert [r.code for r in q.list_customers(session=s, search=search)] == expected
        assert q.count_customers(session=s, search=search) == len(expected)


@pytest.mark.parametrize(
    ("search", "expected"), [("_", ["Z_9"]), ("%", ["A050"]), ("C_0", []), ("50%", ["A050"])]
)
def test_search_text_is_literal_not_a_like_pattern(busy, search, expected):
    """``_`` and ``%`` typed by a user are characters to look for, not SQL wildcards."""
    with read_session(busy) as s:
        assert [r.code for r in q.list_customers(session=s, search=search)] == expected
        assert q.count_customers(session=s, search=search) == len(expected)
