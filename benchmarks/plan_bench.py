"""The plan room on the large database (10,000 customers, 1,000,000 invoices): breakdown and tracking.

    python benchmarks/plan_bench.py [--db benchmarks/out/big.sqlite] [--repeat 5]

Sets a 2026 plan, saves its breakdown once, then times each query the Plan room and ``plan status`` run
(median of ``--repeat`` runs, milliseconds).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, date, datetime
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=HERE / "out" / "big.sqlite")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not args.db.exists():
        sys.path.insert(0, str(HERE))
        from generate import generate

        args.db.parent.mkdir(parents=True, exist_ok=True)
        generate(args.db, invoices=1_000_000, customers=10_000)

    from salesdesk.core.db import open_database, read_session, sqlite_url, write_session
    from salesdesk.plan import queries

    engine = open_database(sqlite_url(args.db))
    now = datetime.now(UTC)
    with write_session(engine) as s:
        queries.set_plan(session=s, year=2026, amount=Decimal("60000000"), now=now)
        start = time.perf_counter()
        proposal = queries.propose(session=s, year=2026, today=TODAY)
        saved = queries.apply_proposal(session=s, proposal=proposal, now=now)
        apply_ms = (time.perf_counter() - start) * 1000

    def q(fn):  # noqa: ANN001, ANN202
        def run():  # noqa: ANN202
            with read_session(engine) as s:
                fn(s)

        return run

    r = args.repeat
    rows = [
        (f"propose + save the breakdown ({saved:,} targets), once", apply_ms),
        (
            "query: propose the breakdown",
            timed(q(lambda s: queries.propose(session=s, year=2026, today=TODAY)), r),
        ),
    ]
    for by in ("salesperson", "group", "month"):
        rows.append(
            (
                f"query: plan status --by {by}",
                timed(q(lambda s, by=by: queries.plan_status(session=s, year=2026, as_of=TODAY, by=by)), r),
            )
        )
    rows.append(
        (
            "query: targets grid (targets + actuals)",
            timed(q(lambda s: queries.load_grid(session=s, year=2026, as_of=TODAY)), r),
        )
    )
    rows.append(
        (
            "query: deviations",
            timed(q(lambda s: queries.list_deviations(session=s, year=2026, as_of=TODAY)), r),
        )
    )

    def room(s):  # noqa: ANN001, ANN202  (what the Plan room reads on refresh, in one session)
        queries.load_grid(session=s, year=2026, as_of=TODAY)
        queries.plan_status(session=s, year=2026, as_of=TODAY, by="salesperson")
        queries.list_deviations(session=s, year=2026, as_of=TODAY)
        queries.list_actions(session=s, year=2026)

    rows.append(("Plan room refresh: grid + status + deviations + actions, one read", timed(q(room), r)))
    for name, ms in rows:
        print(f"| {name} | {ms:,.0f} |")


if __name__ == "__main__":
    main()
