"""Generate a large SalesDesk database for benchmarks (never part of the test run).

    python benchmarks/generate.py OUT.sqlite [--invoices 1000000] [--customers 10000]

Bulk inserts through the raw DB-API connection (executemany); deterministic (random.Random(7)).
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, timedelta
from pathlib import Path

from salesdesk.core.db import open_database, sqlite_url


def generate(
    path: Path, *, invoices: int, customers: int, salespeople: int = 40, batch: int = 50_000
) -> dict:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    engine = open_database(sqlite_url(path))
    rnd = random.Random(7)
    start = date(2023, 1, 1)
    days = (date(2026, 11, 27) - start).days
    raw = engine.raw_connection()
    con = raw.driver_connection
    t0 = time.perf_counter()
    con.execute("BEGIN IMMEDIATE")
    con.execute("INSERT INTO territories (code, name) VALUES ('R', 'Region')")
    con.executemany(
        "INSERT INTO salespeople (code, name, email, phone, territory_id, status)"
        " VALUES (?, ?, '', '', 1, 'active')",
        [(f"S{i:03d}", f"Salesperson {i}") for i in range(1, salespeople + 1)],
    )
    con.execute("INSERT INTO customer_groups (code, name) VALUES ('G', 'Group')")
    con.executemany(
        "INSERT INTO customers (code, name, tax_id, territory_id, group_id, salesperson_id, tier, terms_days,"
        " credit_limit, city, email, phone) VALUES (?, ?, '', 1, 1, ?, ?, ?, ?, ?, '', '')",
        [
            (
                f"K{i:06d}",
                f"Customer {i} S.L.",
                1 + i % salespeople,
                "ABC"[i % 3],
                30 + 30 * (i % 3),
                rnd.randrange(5_000, 200_000) * 100,
                f"City {i % 97}",
            )
            for i in range(1, customers + 1)
        ],
    )
    inv_rows, pay_rows = [], []
    n_pay = 0
    for i in range(1, invoices + 1):
        cid = rnd.randrange(1, customers + 1)
        issued = start + timedelta(days=rnd.randrange(days))
        amount = rnd.randrange(10_000, 2_500_000)
        inv_rows.append(
            (
                f"F{i:08d}",
                cid,
                1 + cid % salespeople,
                issued.isoformat(),
                (issued + timedelta(days=30)).isoformat(),
                amount,
            )
        )
        if rnd.random() < 0.9:
            n_pay += 1
            paid = issued + timedelta(days=rnd.randrange(10, 90))
            pay_rows.append((f"P{n_pay:08d}", cid, min(paid, date(2026, 11, 27)).isoformat(), amount, i))
        if len(inv_rows) >= batch:
            _flush(con, inv_rows, pay_rows)
    _flush(con, inv_rows, pay_rows)
    con.execute("COMMIT")
    con.execute("ANALYZE")
    elapsed = time.perf_counter() - t0
    raw.close()
    engine.dispose()
    return {
        "invoices": invoices,
        "payments": n_pay,
        "customers": customers,
        "seconds": round(elapsed, 1),
        "rows_per_second": round((invoices + n_pay) / elapsed),
    }


def _flush(con, inv_rows: list, pay_rows: list) -> None:  # noqa: ANN001
    con.executemany(
        "INSERT INTO invoices (number, customer_id, salesperson_id, issue_date, due_date, amount)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        inv_rows,
    )
    con.executemany(
        "INSERT INTO payments (reference, customer_id, date, amount, invoice_id) VALUES (?, ?, ?, ?, ?)",
        pay_rows,
    )
    inv_rows.clear()
    pay_rows.clear()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--invoices", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=10_000)
    args = parser.parse_args()
    print(generate(args.out, invoices=args.invoices, customers=args.customers))
