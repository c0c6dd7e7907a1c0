"""The Service room on the large database (10,000 customers, 1,000,000 invoices) with after-sales work.

    python benchmarks/service_bench.py [--db benchmarks/out/big.sqlite] [--orders 300000] [--units 50000]

Adds, once, ``--units`` installed products (a third with a maintenance plan) and ``--orders`` service
orders over three years (about 3 % still open); then times what the Service room and its commands read
(median of ``--repeat`` runs, ms): the board's first page and counts, a department's list, the needs
action list, the goals over 90 days by type and by department, the due maintenance, the installed base's
first page, the calendar and a department summary.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = date(2026, 11, 28)
TYPES = ("delivery", "installation", "support", "maintenance", "warranty_repair")
DEPT = {"delivery": "logistics", "installation": "technical", "support": "technical",
        "maintenance": "technical", "warranty_repair": "customer_service"}  # fmt: skip
PLANS = {"none": None, "quarterly": 91, "half_yearly": 182, "yearly": 365}


def timed(fn, repeat: int) -> float:  # noqa: ANN001
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def fill(engine, orders: int, units: int) -> None:  # noqa: ANN001
    from sqlalchemy import text

    with engine.begin() as conn:
        if conn.execute(text("SELECT COUNT(*) FROM service_orders")).scalar():
            return
        customers = [r[0] for r in conn.execute(text("SELECT id FROM customers"))]
        if not conn.execute(text("SELECT COUNT(*) FROM products")).scalar():
            conn.execute(
                text(
                    "INSERT INTO products (code, name, product_line, list_price, max_discount,"
                    " needs_installation) VALUES (:c, :n, '', 100000, 0, :i)"
                ),
                [{"c": f"P{i:03d}", "n": f"Equipo {i}", "i": i % 2} for i in range(200)],
            )
        products = [r[0] for r in conn.execute(text("SELECT id FROM products"))]
        rng = random.Random(13)
        rows = []
        for i in range(units):
            installed = TODAY - timedelta(days=rng.randrange(1095))
            plan = rng.choice(["none", "none", "quarterly", "half_yearly", "yearly", "none"])
            step = PLANS[plan]
            rows.append(
                {
                    "s": f"SN{i:08d}",
                    "c": rng.choice(customers),
                    "p": rng.choice(products),
                    "i": installed.isoformat(),
                    "w": (installed + timedelta(days=730)).isoformat(),
                    "pl": plan,
                    "nd": (installed + timedelta(days=step * (1 + rng.randrange(4)))).isoformat()
                    if step
                    else None,
                }  # fmt: skip
            )
        conn.execute(
            text(
                "INSERT INTO installed_base (serial, customer_id, product_id, installed, warranty_end, plan,"
                " next_due, notes) VALUES (:s, :c, :p, :i, :w, :pl, :nd, '')"
            ),
            rows,
        )
        rows = []
        for i in range(orders):
            kind = rng.choice(TYPES)
            requested = TODAY - timedelta(days=rng.randrange(1095))
            age = (TODAY - requested).days
            status = (
                "done" if age > 30 or rng.random() < 0.5 else rng.choice(["open", "scheduled", "in_progress"])
            )
            if status == "done" and rng.random() < 0.03:
                status = "cancelled"
            lead = rng.randrange(12)
            done = requested + timedelta(days=min(lead, age))
            scheduled = requested + timedelta(days=rng.randrange(1, 10)) if status != "open" else None
            rows.append(
                {
                    "n": f"AV{i:08d}",
                    "t": kind,
                    "c": rng.choice(customers),
                    "p": rng.choice(products),
                    "d": DEPT[kind],
                    "r": requested.isoformat(),
                    "sc": scheduled.isoformat() if scheduled else None,
                    "co": done.isoformat() if status == "done" else None,
                    "ca": done.isoformat() if status == "cancelled" else None,
                    "st": status,
                    "w": "logistics" if status == "scheduled" and rng.random() < 0.1 else None,
                }  # fmt: skip
            )
        conn.execute(
            text(
                "INSERT INTO service_orders (number, type, customer_id, product_id, department, assignee,"
                " requested, scheduled, responded, completed, cancelled, status, waiting_on, description,"
                " result) VALUES (:n, :t, :c, :p, :d, '', :r, :sc, :sc, :co, :ca, :st, :w, '', '')"
            ),
            rows,
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=HERE / "out" / "big.sqlite")
    parser.add_argument("--orders", type=int, default=300_000)
    parser.add_argument("--units", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.db.exists():
        sys.path.insert(0, str(HERE))
        from generate import generate

        args.db.parent.mkdir(parents=True, exist_ok=True)
        generate(args.db, invoices=1_000_000, customers=10_000)

    from sqlalchemy import text

    from salesdesk.core.db import open_database, read_session, sqlite_url
    from salesdesk.runtime import Runtime  # noqa: F401  (settles the formatter imports)
    from salesdesk.service import queries, render

    engine = open_database(sqlite_url(args.db))
    started = time.perf_counter()
    fill(engine, args.orders, args.units)
    with engine.connect() as conn:
        counts = {
            t: conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar()  # noqa: S608 - fixed names
            for t in ("customers", "invoices", "installed_base", "service_orders")
        }
    print(f"data: {counts} (filled in {time.perf_counter() - started:.1f} s)")
    start = TODAY - timedelta(days=89)

    class Fmt:
        def date(self, d):  # noqa: ANN001, ANN201
            return d.isoformat()

        def number(self, n, digits=0):  # noqa: ANN001, ANN201
            return str(n)

    def run(fn):  # noqa: ANN001, ANN202
        def go() -> None:
            with read_session(engine) as s:
                fn(s)

        return go

    for name, fn in (
        (
            "board: open orders, first page of 100 + count + status counts",
            lambda s: (
                queries.list_orders(session=s, open_only=True, limit=100),
                queries.count_orders(session=s, open_only=True),
                queries.status_counts(s),
            ),
        ),
        (
            "board: every status, page of 100 at offset 100,000",
            lambda s: queries.list_orders(session=s, limit=100, offset=100_000),
        ),
        (
            "one department's open orders, first page of 100",
            lambda s: queries.list_orders(session=s, open_only=True, department="technical", limit=100),
        ),
        ("needs action (every department)", lambda s: queries.needs_action(session=s, today=TODAY)),
        ("goals, last 90 days, by type", lambda s: queries.goals_report(session=s, start=start, end=TODAY)),
        (
            "goals, last 90 days, by department",
            lambda s: queries.goals_report(session=s, start=start, end=TODAY, by="department"),
        ),
        (
            "goals, the last three years, by type",
            lambda s: queries.goals_report(session=s, start=TODAY - timedelta(days=1094), end=TODAY),
        ),
        ("due maintenance, next 30 days", lambda s: queries.due_maintenance(session=s, today=TODAY, days=30)),
        (
            "installed base, first page of 100 + count",
            lambda s: (queries.list_units(session=s, limit=100), queries.count_units(session=s)),
        ),  # fmt: skip
        (
            "calendar, next 14 days",
            lambda s: queries.calendar(session=s, start=TODAY, end=TODAY + timedelta(days=13)),
        ),
        (
            "summary of the technical department (Markdown)",
            lambda s: render.summary(session=s, department="technical", today=TODAY, fmt=Fmt(), as_csv=False),
        ),
    ):
        print(f"{name:<62} {timed(run(fn), args.repeat):8.1f} ms")


if __name__ == "__main__":
    main()
