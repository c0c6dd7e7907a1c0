"""The relations rooms on the large database (10,000 customers, 1,000,000 invoices) with a year of visits.

    python benchmarks/relations_bench.py [--db benchmarks/out/big.sqlite] [--visits 200000] [--repeat 3]

Adds, once, ``--visits`` done visits over the last year (a few per customer, some customers never) plus
2,000 planned ones and 20,000 complaints; then times what the Visits and Complaints rooms and commands
read (median of ``--repeat`` runs, ms): the due list, compliance over 90 days, a week's agenda, a page of
the visit list, the complaint queue's first page and count, complaint statistics, and the .ics export.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
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


def fill(engine, visits: int) -> None:  # noqa: ANN001
    from sqlalchemy import text

    with engine.begin() as conn:
        if conn.execute(text("SELECT COUNT(*) FROM visits")).scalar():
            return
        customers = [tuple(r) for r in conn.execute(text("SELECT id, salesperson_id FROM customers"))]
        rng = random.Random(11)
        visited = customers[: int(len(customers) * 0.9)]
        seen: set[tuple[int, str]] = set()
        rows = []
        while len(rows) < visits:
            cid, sp = rng.choice(visited)
            day = (TODAY - timedelta(days=rng.randrange(365))).isoformat()
            if (cid, day) in seen or sp is None:
                continue
            seen.add((cid, day))
            rows.append({"c": cid, "s": sp, "d": day, "t": f"{rng.randrange(8, 18):02d}:00", "st": "done"})
        for _ in range(2_000):
            cid, sp = rng.choice(visited)
            day = (TODAY + timedelta(days=rng.randrange(1, 30))).isoformat()
            if (cid, day) in seen or sp is None:
                continue
            seen.add((cid, day))
            rows.append({"c": cid, "s": sp, "d": day, "t": f"{rng.randrange(8, 18):02d}:30", "st": "planned"})
        conn.execute(
            text(
                "INSERT INTO visits (customer_id, salesperson_id, by_manager, date, time, duration, purpose,"
                " status, outcome, next_step) VALUES (:c, :s, 0, :d, :t, 60, 'routine', :st, '', '')"
            ),
            rows,
        )
        sev = {"critical": 1, "high": 3, "medium": 7, "low": 14}
        complaints = []
        for i in range(20_000):
            cid, _sp = rng.choice(customers)
            opened = TODAY - timedelta(days=rng.randrange(365))
            s = rng.choice(list(sev))
            status = rng.choice(["closed"] * 6 + ["resolved", "new", "in_progress"])
            resolved = (
                opened + timedelta(days=rng.randrange(20)) if status in ("closed", "resolved") else None
            )
            complaints.append(
                {
                    "n": f"R{i:07d}",
                    "o": opened.isoformat(),
                    "c": cid,
                    "sev": s,
                    "st": status,
                    "due": (opened + timedelta(days=sev[s])).isoformat(),
                    "r": resolved.isoformat() if resolved else None,
                    "sat": rng.randrange(1, 6) if resolved else None,
                }
            )
        conn.execute(
            text(
                "INSERT INTO complaints (number, opened, customer_id, channel, category, severity,"
                " description, status, sla_due, resolution, resolved, satisfaction) VALUES (:n, :o, :c,"
                " 'phone', 'delivery', :sev, '', :st, :due, '', :r, :sat)"
            ),
            complaints,
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=HERE / "out" / "big.sqlite")
    parser.add_argument("--visits", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.db.exists():
        sys.path.insert(0, str(HERE))
        from generate import generate

        args.db.parent.mkdir(parents=True, exist_ok=True)
        generate(args.db, invoices=1_000_000, customers=10_000)

    from sqlalchemy import text

    from salesdesk.core.db import open_database, read_session, sqlite_url
    from salesdesk.relations import queries

    engine = open_database(sqlite_url(args.db))
    started = time.perf_counter()
    fill(engine, args.visits)
    with engine.connect() as conn:
        counts = {
            t: conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar()  # noqa: S608 - fixed names
            for t in ("customers", "invoices", "visits", "complaints")
        }
        plan = conn.execute(
            text(
                "EXPLAIN QUERY PLAN SELECT customer_id, max(date) FROM visits WHERE status = 'done'"
                " AND date <= '2026-11-28' GROUP BY customer_id"
            )
        ).all()
    print(f"data: {counts} (filled in {time.perf_counter() - started:.1f} s)")
    print("plan, last done visits:", " | ".join(str(r[-1]) for r in plan))
    now = datetime.now(UTC)
    monday = TODAY - timedelta(days=TODAY.weekday())

    def run(fn):  # noqa: ANN001, ANN202
        def go() -> None:
            with read_session(engine) as s:
                fn(s)

        return go

    for name, fn in (
        ("visit due (every customer's last done visit)", lambda s: queries.due(session=s, today=TODAY)),
        (
            "visit compliance, last 90 days",
            lambda s: queries.compliance(session=s, start=TODAY - timedelta(days=89), end=TODAY),
        ),
        ("week agenda", lambda s: queries.agenda(session=s, monday=monday)),
        (
            "visit list, first page of 100, newest first",
            lambda s: queries.list_visits(session=s, limit=100, newest_first=True),
        ),
        (
            "complaint queue (open), first page + count",
            lambda s: (
                queries.list_complaints(session=s, open_only=True, limit=100),
                queries.count_complaints(session=s, open_only=True),
            ),
        ),
        (
            "complaint stats, the year by category",
            lambda s: queries.complaint_stats(
                session=s, start=TODAY - timedelta(days=364), end=TODAY, today=TODAY, by="category"
            ),
        ),
        (
            "visit export .ics (planned from today)",
            lambda s: queries.export_ics(session=s, start=TODAY, now=now),
        ),
    ):
        print(f"{name:<50} {timed(run(fn), args.repeat):8.1f} ms")


if __name__ == "__main__":
    main()
