"""Measure SalesDesk's speed and write the figures to stdout (copied into BENCHMARKS.md).

    python benchmarks/run.py [--db benchmarks/out/big.sqlite] [--repeat 5]

Generates the 1,000,000-invoice database first when it is missing (benchmarks/generate.py).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = date(2026, 11, 28)


def timed(fn, repeat: int) -> float:  # noqa: ANN001
    """Median wall time of ``fn()`` in milliseconds."""
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples)


def command(args: list[str], repeat: int, env: dict | None = None) -> float:
    return timed(lambda: subprocess.run(args, check=True, capture_output=True, env=env), repeat)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=HERE / "out" / "big.sqlite")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not args.db.exists():
        sys.path.insert(0, str(HERE))
        from generate import generate

        args.db.parent.mkdir(parents=True, exist_ok=True)
        print("generated:", generate(args.db, invoices=1_000_000, customers=10_000))

    from salesdesk.core.db import open_database, read_session, sqlite_url
    from salesdesk.org import queries
    from salesdesk.overview.queries import desk_summary

    env = {**os.environ, "SALESDESK_TODAY": TODAY.isoformat()}
    exe = [sys.executable, "-m", "salesdesk"]
    rows: list[tuple[str, float]] = []
    rows.append(
        ("python -c 'import sqlmodel'", command([sys.executable, "-c", "import sqlmodel"], args.repeat))
    )
    rows.append(("salesdesk --help", command([*exe, "--help"], args.repeat, env)))
    subprocess.run([*exe, "demo", "--no-open"], check=True, capture_output=True, env=env)
    demo = subprocess.run(
        [*exe, "demo", "--no-open"], check=True, capture_output=True, env=env, text=True
    ).stdout.strip()
    rows.append(
        (
            "salesdesk customer list --json (demo, 180 customers)",
            command([*exe, "--db", demo, "customer", "list", "--json"], args.repeat, env),
        )
    )
    big = str(args.db)
    rows.append(
        (
            "salesdesk customer list --json (10,000 customers, 1M invoices)",
            command([*exe, "--db", big, "customer", "list", "--json"], args.repeat, env),
        )
    )
    rows.append(
        (
            "salesdesk invoice list --json --limit 100 (1M invoices)",
            command([*exe, "--db", big, "invoice", "list", "--json", "--limit", "100"], args.repeat, env),
        )
    )

    engine = open_database(sqlite_url(args.db))

    def q(fn):  # noqa: ANN001, ANN202
        def run():  # noqa: ANN202
            with read_session(engine) as s:
                fn(s)

        return run

    r = args.repeat
    rows.append(
        (
            "query: customers page 1 (100 rows + count)",
            timed(
                q(
                    lambda s: (
                        queries.count_customers(session=s),
                        queries.list_customers(session=s, limit=100),
                    )
                ),
                r,
            ),
        )
    )
    rows.append(
        (
            "query: customers page 50 (offset 4,900)",
            timed(q(lambda s: queries.list_customers(session=s, limit=100, offset=4900)), r),
        )
    )
    rows.append(
        (
            "query: customers filtered 'city 4' (page + count)",
            timed(
                q(
                    lambda s: (
                        queries.count_customers(session=s, search="city 4"),
                        queries.list_customers(session=s, search="city 4", limit=100),
                    )
                ),
                r,
            ),
        )
    )
    rows.append(
        (
            "query: customer detail (≈100 invoices, allocation)",
            timed(q(lambda s: queries.customer_detail(session=s, code="K000042", today=TODAY)), r),
        )
    )
    rows.append(
        (
            "query: invoices newest first, page 1",
            timed(q(lambda s: queries.list_invoices(session=s, limit=100)), r),
        )
    )
    rows.append(
        (
            "query: desk summary (sales, receivables, overdue)",
            timed(q(lambda s: desk_summary(session=s, today=TODAY)), r),
        )
    )

    async def tui_first_page() -> None:
        from salesdesk import settings
        from salesdesk.core.i18n import set_language
        from salesdesk.runtime import Runtime
        from salesdesk.tui.app import SalesDeskApp

        set_language("en")
        app = SalesDeskApp(Runtime(settings.load(lang="en", db=big, config={})))
        async with app.run_test(size=(160, 48)) as pilot:
            await pilot.press("2")
            for _ in range(200):
                await pilot.pause(0.01)
                table = app.screen.query("PagedTable")
                if table and table.first().loaded is not None:
                    break

    rows.append(
        (
            "TUI: start, open Customers, first page shown (1M invoices)",
            timed(lambda: asyncio.run(tui_first_page()), max(1, r // 2)),
        )
    )
    engine.dispose()
    print("| measurement | median ms |")
    print("|---|---:|")
    for name, ms in rows:
        print(f"| {name} | {ms:,.0f} |")


if __name__ == "__main__":
    main()
