"""The expenses room on the large database (1,000,000 invoices) with a year of heavy spending.

    python benchmarks/expenses_bench.py [--db benchmarks/out/big.sqlite] [--expenses 200000] [--repeat 3]

Adds, once, ``--expenses`` expenses for 2026 spread over the salespeople and the seven expense
categories, team and per-salesperson budgets for every category, and 20,000 discount requests; then times
each query the Expenses room and the expense commands run (median of ``--repeat`` runs, milliseconds): the
budget grid (every category's budget and spending by month), ``budget status --by salesperson`` (which
reads the year's invoices for the expense-to-sales ratio), a page of the expense list and its count, the
waiting discount queue, and the budget check of one new expense (rolled back).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = date(2026, 11, 28)


def timed(fn, repeat: int) -> float:  # noqa: ANN001
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def fill(engine, expenses: int) -> None:  # noqa: ANN001
    """Add the year's expenses, budgets and discount requests (raw bulk inserts), once."""
    from sqlalchemy import text

    with engine.begin() as conn:
        if conn.execute(text("SELECT COUNT(*) FROM expenses")).scalar():
            return
        people = [r[0] for r in conn.execute(text("SELECT id FROM salespeople"))]
        found = conn.execute(text("SELECT id FROM expense_categories WHERE code != 'discounts'"))
        cats = [r[0] for r in found]
        disc = conn.execute(text("SELECT id FROM expense_categories WHERE code = 'discounts'")).scalar()
        customers = [r[0] for r in conn.execute(text("SELECT id FROM customers LIMIT 5000"))]
        rng = random.Random(7)
        start = date(2026, 1, 1)
        statuses = ["reimbursed"] * 6 + ["approved"] * 2 + ["submitted", "rejected"]
        rows = [
            {
                "number": f"E{i:08d}",
                "date": (start + timedelta(days=rng.randrange(331))).isoformat(),
                "sp": rng.choice(people),
                "cat": rng.choice(cats),
                "amount": rng.randrange(500, 60000),
                "status": rng.choice(statuses),
            }
            for i in range(expenses)
        ]
        conn.execute(
            text(
                "INSERT INTO expenses (number, date, salesperson_id, category_id, amount, description,"
                " receipt, status, approver_note, override_reason) VALUES (:number, :date, :sp, :cat,"
                " :amount, '', '', :status, '', '')"
            ),
            rows,
        )
        budgets = [
            {"year": 2026, "month": m, "cat": c, "sp": sp, "amount": 50_000_000 if sp is None else 2_000_000}
            for c in [*cats, disc]
            for sp in [None, *people]
            for m in range(1, 13)
        ]
        conn.execute(
            text(
                "INSERT INTO expense_budgets (year, month, category_id, salesperson_id, amount)"
                " VALUES (:year, :month, :cat, :sp, :amount)"
            ),
            budgets,
        )
        requests = [
            {
                "number": f"D{i:07d}",
                "date": (start + timedelta(days=rng.randrange(331))).isoformat(),
                "cust": rng.choice(customers),
                "sp": rng.choice(people),
                "gross": rng.randrange(10_000, 5_000_000),
                "pct": rng.choice([300, 500, 800, 1200, 1800]),
                "status": rng.choice(["approved"] * 6 + ["rejected", "pending", "pending", "escalated"]),
            }
            for i in range(20_000)
        ]
        conn.execute(
            text(
                "INSERT INTO discount_requests (number, date, customer_id, order_number, gross, discount_pct,"
                " salesperson_id, reason, status, decision_note, override_reason) VALUES (:number, :date,"
                " :cust, '', :gross, :pct, :sp, '', :status, '', '')"
            ),
            requests,
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=HERE / "out" / "big.sqlite")
    parser.add_argument("--expenses", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.db.exists():
        sys.path.insert(0, str(HERE))
        from generate import generate

        args.db.parent.mkdir(parents=True, exist_ok=True)
        generate(args.db, invoices=1_000_000, customers=10_000)

    from sqlalchemy import text

    from salesdesk.core.db import open_database, read_session, sqlite_url, write_session
    from salesdesk.expenses import queries

    engine = open_database(sqlite_url(args.db))
    started = time.perf_counter()
    fill(engine, args.expenses)
    with engine.connect() as conn:
        counts = {
            t: conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar()  # noqa: S608 - fixed names
            for t in ("invoices", "expenses", "discount_requests", "expense_budgets")
        }
        plan = conn.execute(
            text(
                "EXPLAIN QUERY PLAN SELECT category_id, strftime('%m', date), SUM(amount) FROM expenses"
                " WHERE date BETWEEN '2026-01-01' AND '2026-12-31' AND status != 'rejected'"
                " AND category_id = 1 GROUP BY 1, 2"
            )
        ).all()
    print(f"data: {counts} (filled in {time.perf_counter() - started:.1f} s)")
    print("plan, one category's spending:", " | ".join(str(r[-1]) for r in plan))
    sp_code = None
    with read_session(engine) as s:
        sp_code = s.exec(text("SELECT code FROM salespeople ORDER BY id LIMIT 1")).scalar()

    def grid() -> None:
        with read_session(engine) as s:
            queries.budget_grid(session=s, year=2026)

    def by_salesperson() -> None:
        with read_session(engine) as s:
            queries.status_by_salesperson(session=s, year=2026, month=11, today=TODAY)

    def page() -> None:
        with read_session(engine) as s:
            queries.list_expenses(session=s, limit=100, offset=0)

    def page_deep() -> None:
        with read_session(engine) as s:
            queries.list_expenses(session=s, status="submitted", limit=100, offset=10_000)

    def count() -> None:
        with read_session(engine) as s:
            queries.count_expenses(session=s)

    def queue() -> None:
        with read_session(engine) as s:
            queries.list_discounts(session=s, status="pending,escalated", limit=100)
            queries.count_discounts(session=s, status="pending,escalated")

    def check_one() -> None:
        ctx = write_session(engine)
        s = ctx.__enter__()
        try:
            queries.add_expense(
                session=s,
                day=TODAY,
                salesperson_code=sp_code,
                category_code="travel",
                amount=Decimal("12.50"),
                override_reason="benchmark",
                now=datetime.now(UTC),
            )
        finally:
            s.rollback()
            ctx.__exit__(None, None, None)

    for name, fn in (
        ("budget grid (every category × month)", grid),
        ("budget status --by salesperson (with sales)", by_salesperson),
        ("expense list, first page of 100", page),
        ("expense list, submitted, page at offset 10,000", page_deep),
        ("expense count and total", count),
        ("discount queue, waiting, first page + count", queue),
        ("add one expense with its budget check (rolled back)", check_one),
    ):
        print(f"{name:<55} {timed(fn, args.repeat):8.1f} ms")


if __name__ == "__main__":
    main()
