"""The Team room on the large database (10,000 customers, 1,000,000 invoices, with the visits, complaints
and expenses the other benchmarks add).

    python benchmarks/team_bench.py [--db benchmarks/out/big.sqlite] [--repeat 3]

Times (median of ``--repeat`` runs, ms) what the Team room and ``team`` commands read: the built-in KPIs
of every salesperson for the current quarter (receivables from the ledger) and for a past quarter
(receivables allocated from the documents), one salesperson's review for a past quarter, the roster
(KPIs + reviews), the ranking, reviews due and the training matrix; and a finalize (written, rolled back).
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
    from salesdesk.team import kpis, people, queries, rules

    engine = open_database(sqlite_url(args.db))
    with engine.connect() as conn:
        counts = {
            t: conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar()  # noqa: S608 - fixed names
            for t in ("salespeople", "customers", "invoices", "payments", "visits", "complaints", "expenses")
        }
        first = conn.execute(text("SELECT code FROM salespeople ORDER BY code LIMIT 1")).scalar()
    print(f"data: {counts}")
    current = rules.period_of("quarter", TODAY)
    past = rules.previous(current)
    now = datetime.now(UTC)
    with write_session(engine) as s:  # one draft review to read and finalize
        exists = s.execute(text("SELECT COUNT(*) FROM reviews WHERE period = :p"), {"p": past.code}).scalar()
        if not exists:
            queries.start_review(session=s, salesperson=first, period=past.code, today=TODAY, now=now)

    def run(fn):  # noqa: ANN001, ANN202
        def go() -> None:
            with read_session(engine) as s:
                fn(s)

        return go

    def finalize_rolled_back() -> None:
        with engine.connect() as conn:
            tx = conn.begin()
            from sqlmodel import Session

            s = Session(bind=conn)
            for key in ("teamwork", "product_knowledge"):
                queries.score_kpi(session=s, salesperson=first, period=past.code, kpi=key, score="4")
            queries.finalize(session=s, salesperson=first, period=past.code, today=TODAY, now=now)
            s.close()
            tx.rollback()

    for name, fn in (
        (
            f"KPIs of every salesperson, {current.code} (ledger)",
            run(lambda s: kpis.values(session=s, period=current, today=TODAY)),
        ),
        (
            f"KPIs of every salesperson, {past.code} (documents)",
            run(lambda s: kpis.values(session=s, period=past, today=TODAY)),
        ),
        (
            f"review show {first} {past.code} (draft, live KPIs)",
            run(lambda s: queries.get_review(session=s, salesperson=first, period=past.code, today=TODAY)),
        ),
        ("roster (team list): KPIs + reviews", run(lambda s: queries.roster(session=s, today=TODAY))),
        (
            f"ranking {past.code}",
            run(lambda s: queries.ranking(session=s, period=past.code, today=TODAY)),
        ),
        ("reviews due", run(lambda s: queries.reviews_due(session=s, today=TODAY))),
        ("training matrix", run(lambda s: people.matrix(session=s))),
        (f"finalize {first} {past.code} (rolled back)", finalize_rolled_back),
    ):
        print(f"{name:<52} {timed(fn, args.repeat):8.1f} ms")

    # the same past quarter once its last month's receivables review is stored (credit review), which a
    # manager takes each month: the month-end agings are read instead of allocating every document again
    from salesdesk.credit import review

    month = f"{past.end.year}-{past.end.month:02d}"
    with engine.connect() as conn:
        had = conn.execute(
            text("SELECT COUNT(*) FROM credit_aging_snapshots WHERE month = :m"), {"m": month}
        ).scalar()
    if not had:
        taken = datetime(past.end.year, past.end.month, past.end.day, 23, 0, tzinfo=UTC)
        with write_session(engine) as s:
            start = time.perf_counter()
            review.take_snapshot(session=s, month=month, now=taken, today=TODAY)
            label = f"credit review {month} (once a month)"
            print(f"{label:<52} {(time.perf_counter() - start) * 1000:8.1f} ms")
        with engine.begin() as conn:  # taken the day after the month ended
            conn.execute(
                text("UPDATE credit_aging_snapshots SET taken_at = :t WHERE month = :m"),
                {"t": "2026-10-01 09:00:00.000000", "m": month},
            )
    for name, fn in (
        (
            f"KPIs of every salesperson, {past.code} (month-end review)",
            run(lambda s: kpis.values(session=s, period=past, today=TODAY)),
        ),
        (
            f"ranking {past.code} (month-end review)",
            run(lambda s: queries.ranking(session=s, period=past.code, today=TODAY)),
        ),
    ):
        print(f"{name:<52} {timed(fn, args.repeat):8.1f} ms")
    if not had:  # leave the database as it was
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM credit_aging_snapshots WHERE month = :m"), {"m": month})


if __name__ == "__main__":
    main()
