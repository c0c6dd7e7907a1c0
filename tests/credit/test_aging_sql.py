"""Aging on the demo data (built from ``sample_data/``) equals an independent computation in SQL.

The SQL below never calls the Python allocation (``org.rules.allocate``); it restates the rule of
CONVENTIONS.md in set form. The rule: credits — payments by date, credit notes (negative invoices) by issue
date, then reference — apply to the invoice a payment names first, the rest to the oldest open invoices by
(due date, issue date, number); any excess is unapplied customer credit; only documents dated on or before
the as-of date count. Buckets by days past due: not due (<= 0), 1–30, 31–60, 61–90, over 90.

The demo data does have payments naming an invoice (almost all of them do), so the SQL handles them. It
does so without replaying the credits one by one, because the final open amounts do not depend on the order
of the credits: for one customer, let N(i) be what the payments naming invoice i add up to, and P every
credit of the customer. Then each invoice first takes min(amount(i), N(i)) from the payments naming it, and
the pool P − Σ min(amount(i), N(i)) pays the remainders oldest first; what the pool leaves over is unapplied.
Why this equals the one-at-a-time rule, by induction over the credits in date order: after each credit the
open amounts are those of the set form for the credits so far. An unnamed credit only extends the
oldest-first pass. A credit of n naming invoice j: if the oldest-first pass has not reached j yet, both ways
take min(n, open) from j and send the rest down the queue; if it has (it paid f of j's remainder r), the
one-at-a-time rule pays j up to min(r, f + n), and the set form, with j's remainder lowered by what the
naming takes and the excess added to the pool, also leaves min(r, f + n) paid on j and the same amount
flowing past it. Either way the open amounts agree, so the unapplied credit (credits − applied) agrees too.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal

import pytest

from tests.conftest import TODAY

PAST = date(2026, 6, 30)

#: Per customer: the five buckets, unapplied credit and the total, in hundredths, as of :as_of.
#: :named = 0 ignores which invoice a payment names (plain oldest first), to show the data needs it.
AGING_SQL = """
WITH
inv AS (  -- invoices (not credit notes) issued by the as-of date
    SELECT id, customer_id, number, issue_date, due_date, amount
    FROM invoices
    WHERE issue_date <= :as_of AND amount > 0
),
named AS (  -- what the payments naming each such invoice of the same customer add up to
    SELECT i.id AS invoice_id, SUM(p.amount) AS amount
    FROM payments p
    JOIN inv i ON i.id = p.invoice_id AND i.customer_id = p.customer_id
    WHERE p.date <= :as_of AND :named = 1
    GROUP BY i.id
),
first_pass AS (  -- each invoice takes what the payments naming it bring, up to its amount
    SELECT i.*, MIN(i.amount, COALESCE(n.amount, 0)) AS by_name
    FROM inv i
    LEFT JOIN named n ON n.invoice_id = i.id
),
credits AS (  -- every credit of the customer: payments and credit notes
    SELECT customer_id, SUM(amount) AS amount
    FROM (
        SELECT customer_id, amount FROM payments WHERE date <= :as_of
        UNION ALL
        SELECT customer_id, -amount FROM invoices WHERE issue_date <= :as_of AND amount < 0
    )
    GROUP BY customer_id
),
customers_seen AS (
    SELECT customer_id FROM inv
    UNION
    SELECT customer_id FROM credits
),
pool AS (  -- what is left for the oldest-first pass
    SELECT
        s.customer_id,
        COALESCE((SELECT amount FROM credits c WHERE c.customer_id = s.customer_id), 0)
        - COALESCE((SELECT SUM(by_name) FROM first_pass f WHERE f.customer_id = s.customer_id), 0)
            AS amount,
        COALESCE((SELECT SUM(amount - by_name) FROM first_pass f WHERE f.customer_id = s.customer_id), 0)
            AS owed
    FROM customers_seen s
),
queue AS (  -- remainders, oldest first, with the running total up to and including each
    SELECT
        customer_id,
        due_date,
        amount - by_name AS rest,
        SUM(amount - by_name) OVER (
            PARTITION BY customer_id ORDER BY due_date, issue_date, number
            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ) AS running
    FROM first_pass
),
open_items AS (  -- the pool pays the queue from its head: what each invoice keeps open
    SELECT
        q.customer_id,
        CAST(julianday(:as_of) - julianday(q.due_date) AS INTEGER) AS late,
        MAX(0, MIN(q.rest, q.running - p.amount)) AS open_amount
    FROM queue q
    JOIN pool p ON p.customer_id = q.customer_id
),
buckets AS (
    SELECT
        customer_id,
        SUM(CASE WHEN late <= 0 THEN open_amount ELSE 0 END) AS not_due,
        SUM(CASE WHEN late BETWEEN 1 AND 30 THEN open_amount ELSE 0 END) AS d1_30,
        SUM(CASE WHEN late BETWEEN 31 AND 60 THEN open_amount ELSE 0 END) AS d31_60,
        SUM(CASE WHEN late BETWEEN 61 AND 90 THEN open_amount ELSE 0 END) AS d61_90,
        SUM(CASE WHEN late > 90 THEN open_amount ELSE 0 END) AS over_90
    FROM open_items
    GROUP BY customer_id
)
SELECT
    c.code,
    COALESCE(b.not_due, 0),
    COALESCE(b.d1_30, 0),
    COALESCE(b.d31_60, 0),
    COALESCE(b.d61_90, 0),
    COALESCE(b.over_90, 0),
    MAX(0, p.amount - p.owed) AS unapplied
FROM pool p
JOIN customers c ON c.id = p.customer_id
LEFT JOIN buckets b ON b.customer_id = p.customer_id
ORDER BY c.code
"""

KEYS = ("not_due", "d1_30", "d31_60", "d61_90", "over_90", "unapplied", "total")


def sql_aging(path, as_of: date, *, named: bool = True) -> dict[str, tuple[int, ...]]:
    """Customers with something open or credit: (five buckets, unapplied, total) in hundredths."""
    con = sqlite3.connect(path)
    try:
        rows = con.execute(AGING_SQL, {"as_of": as_of.isoformat(), "named": int(named)}).fetchall()
    finally:
        con.close()
    out = {}
    for code, *amounts in rows:
        *buckets, unapplied = amounts
        if any(buckets) or unapplied:
            out[code] = (*buckets, unapplied, sum(buckets) - unapplied)
    return out


def program_aging(engine, as_of: date) -> dict[str, tuple[int, ...]]:
    from salesdesk.core.db import read_session
    from salesdesk.credit import queries

    def cents(value: Decimal) -> int:
        assert value == value.quantize(Decimal("0.01"))
        return int(value * 100)

    with read_session(engine) as s:
        rows = queries.aging(session=s, as_of=as_of)
    return {r.code: tuple(cents(r.aging.as_dict()[k]) for k in KEYS) for r in rows}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo database, built once for this module from the shipped sample data (in the same
    environment as every test: no SALESDESK_ settings but today's date)."""
    import os

    from salesdesk.core.db import open_database, sqlite_url
    from salesdesk.org.demo import build_demo

    with pytest.MonkeyPatch.context() as mp:
        for var in [v for v in os.environ if v.startswith("SALESDESK_")]:
            mp.delenv(var)
        mp.setenv("SALESDESK_TODAY", TODAY.isoformat())
        path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
        build_demo(path)
    engine = open_database(sqlite_url(path))
    yield path, engine
    engine.dispose()


def test_the_demo_data_has_named_payments_and_default_edges(demo):
    from salesdesk.core.db import read_session
    from salesdesk.credit import queries

    path, engine = demo
    con = sqlite3.connect(path)
    try:
        payments, named = con.execute("SELECT count(*), count(invoice_id) FROM payments").fetchone()
        credit_notes = con.execute("SELECT count(*) FROM invoices WHERE amount < 0").fetchone()[0]
    finally:
        con.close()
    assert payments > 9000 and named > 9000  # nearly every payment names an invoice
    assert credit_notes > 0
    with read_session(engine) as s:
        edges, _warning, _hold = queries.settings(s)
    assert edges == (30, 60, 90)  # the buckets the SQL hard-codes


@pytest.mark.parametrize("as_of", [TODAY, PAST], ids=["today", "2026-06-30"])
def test_aging_equals_an_independent_sql_computation(demo, as_of):
    path, engine = demo
    expected = sql_aging(path, as_of)
    assert len(expected) > 50
    assert program_aging(engine, as_of) == expected  # every customer's buckets, credit and total, to the cent
    # the named invoices matter on this data: plain oldest-first gives other buckets for some customers
    assert sql_aging(path, as_of, named=False) != expected


def test_aging_from_the_ledger_equals_the_sql_too(demo):
    from salesdesk.core.db import read_session, write_session
    from salesdesk.credit import ledger

    path, engine = demo
    with write_session(engine) as s:
        ledger.refresh(s)
    with read_session(engine) as s:
        assert ledger.usable(s, TODAY)  # queries.aging now reads the receivables ledger
    assert program_aging(engine, TODAY) == sql_aging(path, TODAY)


def test_sql_and_program_agree_on_overpayments_and_payments_naming_a_newer_invoice(cli, db_path, seeded):
    """The demo data has no credit left over; here C001 pays a newer invoice by name and overpays, and a
    credit note arrives when nothing is open (seeded: F1 100.00 due 10-01, F2 50.00 due 10-31, P1 30.00)."""
    from salesdesk.core.db import open_database, sqlite_url

    for args in (
        ("invoice", "add", "F3", "--customer", "C001", "--amount", "80", "--date", "2026-10-10"),
        ("payment", "add", "P2", "--customer", "C001", "--amount", "120", "--date", "2026-10-20",
         "--invoice", "F3"),
        ("payment", "add", "P3", "--customer", "C001", "--amount", "100", "--date", "2026-11-05"),
        ("invoice", "add", "N1", "--customer", "C003", "--amount", "-25", "--date", "2026-11-01"),
        ("invoice", "add", "F4", "--customer", "C003", "--amount", "40", "--date", "2026-11-20"),
    ):  # fmt: skip
        code, _out, err = cli("--db", str(db_path), *args)
        assert code == 0, err
    engine = open_database(sqlite_url(db_path))
    try:
        for day in ("2026-10-15", "2026-10-20", "2026-10-31", "2026-11-10", "2026-11-28"):
            as_of = date.fromisoformat(day)
            assert program_aging(engine, as_of) == sql_aging(db_path, as_of), day
        # P2 pays F3 (80.00) first, its 40.00 left goes to F1; P3 closes F1 (30.00) and F2 (50.00): 20.00
        # is credit. C003's credit note waits as credit (25.00) and then pays most of F4 (15.00 open).
        assert sql_aging(db_path, TODAY) == {
            "C001": (0, 0, 0, 0, 0, 2000, -2000),
            "C003": (1500, 0, 0, 0, 0, 0, 1500),
        }
    finally:
        engine.dispose()


def test_the_desk_summary_agrees_with_the_aging(demo):
    """The desk's receivables, overdue and customer credit are the aging's (one allocation rule)."""
    from salesdesk.core.db import read_session
    from salesdesk.overview.queries import desk_summary

    path, engine = demo
    rows = sql_aging(path, TODAY)  # hundredths: five buckets, unapplied, total
    with read_session(engine) as s:
        summary = desk_summary(session=s, today=TODAY)

    def cents(value: Decimal) -> int:
        return int(value * 100)

    assert cents(summary.receivables) == sum(sum(r[:5]) for r in rows.values())
    assert cents(summary.overdue) == sum(sum(r[1:5]) for r in rows.values())
    assert cents(summary.customer_credit) == sum(r[5] for r in rows.values())
