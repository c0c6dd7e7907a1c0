"""The credit room on the large database (10,000 customers, 1,000,000 invoices).

    python benchmarks/credit_bench.py [--db benchmarks/out/big.sqlite] [--repeat 3]

Marks every customer dirty and times one full refresh of the receivables ledger (what the first read
after a big import costs), one refresh after a single payment, then each query the Credit room and the
credit commands run (median of ``--repeat`` runs, milliseconds). The monthly review's snapshot is taken in
a transaction that is rolled back, so the database is left as it was; 20,000 follow-ups are added once
(two per customer, with promises) for the worklist.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, date, datetime
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=HERE / "out" / "big.sqlite")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.db.exists():
        sys.path.insert(0, str(HERE))
        from generate import generate

        args.db.parent.mkdir(parents=True, exist_ok=True)
        generate(args.db, invoices=1_000_000, customers=10_000)

    from sqlalchemy import text

    from salesdesk.core.db import open_database, read_session, sqlite_url, write_session
    from salesdesk.credit import followups, ledger, queries, review

    engine = open_database(sqlite_url(args.db))
    with write_session(engine) as s:  # 20,000 follow-ups (two per customer) once, with promises
        conn = s.connection()
        if not conn.execute(text("SELECT count(*) FROM credit_followups")).scalar():
            conn.execute(
                text(
                    "INSERT INTO credit_followups (customer_id, date, contact, agreed, promised_amount, "
                    "promised_date, next_action_date, salesperson_id) "
                    "SELECT id, date('2026-11-28', '-' || (id % 40) || ' days'), 'contact', 'agreed', "
                    "100000, date('2026-11-28', '-' || (id % 40 - 7) || ' days'), "
                    "date('2026-11-28', '-' || (id % 40 - 10) || ' days'), salesperson_id "
                    "FROM customers, (SELECT 1 UNION ALL SELECT 2)"
                )
            )
    with write_session(engine) as s:
        s.connection().execute(text("INSERT OR IGNORE INTO credit_dirty SELECT id FROM customers"))
    start = time.perf_counter()
    with write_session(engine) as s:
        refreshed = ledger.refresh(s)
    full_ms = (time.perf_counter() - start) * 1000
    with write_session(engine) as s:
        s.connection().execute(text("INSERT OR IGNORE INTO credit_dirty VALUES (1)"))
    start = time.perf_counter()
    with write_session(engine) as s:
        ledger.refresh(s)
    one_ms = (time.perf_counter() - start) * 1000

    def q(fn):  # noqa: ANN001, ANN202
        def run():  # noqa: ANN202
            with read_session(engine) as s:
                fn(s)

        return run

    with read_session(engine) as s:
        rows = queries.room_status(session=s, as_of=TODAY)
    worst = [r.code for r in sorted(rows, key=lambda r: r.overdue, reverse=True)[:200]]

    def snapshot_rolled_back() -> None:
        from sqlmodel import Session

        with Session(engine) as s:
            review.take_snapshot(session=s, month="2026-10", now=datetime(2026, 11, 28, tzinfo=UTC))
            s.rollback()

    r = args.repeat
    past = date(2026, 6, 30)
    results = [
        (f"ledger refresh, all {refreshed:,} customers", full_ms),
        ("ledger refresh, one customer", one_ms),
        ("credit aging (ledger)", timed(q(lambda s: queries.aging(session=s, as_of=TODAY)), r)),
        ("Credit room list (ledger)", timed(q(lambda s: queries.room_status(session=s, as_of=TODAY)), r)),
        (
            "scores of the 200 rows shown",
            timed(q(lambda s: queries.scores(session=s, as_of=TODAY, codes=worst)), r),
        ),
        (
            "customer card",
            timed(q(lambda s: queries.customer_credit(session=s, code=worst[0], as_of=TODAY)), r),
        ),
        (
            "credit aging as of 2026-06-30 (streamed)",
            timed(q(lambda s: queries.aging(session=s, as_of=past)), 1),
        ),
        (
            "credit status, every score (streamed)",
            timed(q(lambda s: queries.status(session=s, as_of=TODAY)), 1),
        ),
        (
            "credit worklist (ledger + each customer's latest follow-up)",
            timed(q(lambda s: followups.worklist(session=s, today=TODAY)), r),
        ),
        (
            "credit followup list, first 100 of 20,000",
            timed(q(lambda s: followups.list_followups(session=s, as_of=TODAY, limit=100)), r),
        ),
        (
            "credit followup list --status broken (every promise judged)",
            timed(q(lambda s: followups.list_followups(session=s, as_of=TODAY, status="broken")), r),
        ),
        ("credit review 2026-10: month-end snapshot (streamed)", timed(snapshot_rolled_back, 1)),
        (
            "credit review 2026-10: DSO and CEI (streamed)",
            timed(q(lambda s: review.month_figures(session=s, month="2026-10")), 1),
        ),
    ]
    width = max(len(name) for name, _ms in results)
    for name, ms in results:
        print(f"{name:<{width}}  {ms:>10,.0f} ms")
    engine.dispose()


if __name__ == "__main__":
    main()
