"""Import speed and memory: SalesDesk's engine against a plain stdlib ``csv`` + ``sqlite3.executemany``
loader, side by side on the same invoices file, each in its own process (peak RSS per loader).

    python benchmarks/import_bench.py [--rows 1000000] [--customers 10000]

The file is written first (``benchmarks/out/invoices_N.csv``, English dialect); both loaders start from a
database that already holds the customers.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"


def make_file(path: Path, rows: int, customers: int) -> None:
    rnd = random.Random(11)
    start = date(2023, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["number", "customer", "issue_date", "due_date", "amount"])
        for i in range(1, rows + 1):
            issued = start + timedelta(days=rnd.randrange(1400))
            cents = rnd.randrange(10_000, 2_500_000)
            writer.writerow(
                [
                    f"F{i:08d}",
                    f"K{rnd.randrange(1, customers + 1):06d}",
                    issued.isoformat(),
                    (issued + timedelta(days=30)).isoformat(),
                    f"{cents // 100}.{cents % 100:02d}",
                ]
            )


def make_base(path: Path, customers: int) -> None:
    """A migrated database with one territory, salesperson, group and ``customers`` customers."""
    from salesdesk.core.db import open_database, sqlite_url

    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    engine = open_database(sqlite_url(path))
    raw = engine.raw_connection()
    con = raw.driver_connection
    con.execute("BEGIN IMMEDIATE")
    con.execute("INSERT INTO territories (code, name) VALUES ('R', 'Region')")
    con.execute(
        "INSERT INTO salespeople (code, name, email, phone, territory_id, status)"
        " VALUES ('S1', 'Seller', '', '', 1, 'active')"
    )
    con.executemany(
        "INSERT INTO customers (code, name, tax_id, territory_id, salesperson_id, tier, terms_days, city,"
        " email, phone) VALUES (?, ?, '', 1, 1, 'B', 30, '', '', '')",
        [(f"K{i:06d}", f"Customer {i}") for i in range(1, customers + 1)],
    )
    con.execute("COMMIT")
    raw.close()
    engine.dispose()


SQL = (
    "INSERT INTO invoices (number, customer_id, salesperson_id, issue_date, due_date, amount)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)


def plain_loader(db: Path, file: Path) -> dict:
    """What a careful hand-written script would do: csv.reader, code → id dict, executemany."""
    import sqlite3

    t0 = time.perf_counter()
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    # The same row as the engine writes: the invoice takes the customer's salesperson.
    customers = {
        code: (cid, sp) for code, cid, sp in con.execute("SELECT code, id, salesperson_id FROM customers")
    }
    con.execute("BEGIN IMMEDIATE")
    with file.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        batch = []
        count = 0
        for number, customer, issued, due, amount in reader:
            whole, _, cents = amount.partition(".")
            cid, sp = customers[customer]
            batch.append((number, cid, sp, issued, due, int(whole) * 100 + int(cents or 0)))
            if len(batch) >= 10_000:
                con.executemany(SQL, batch)
                count += len(batch)
                batch.clear()
        con.executemany(SQL, batch)
        count += len(batch)
    con.execute("COMMIT")
    con.close()
    return {"rows": count, "seconds": time.perf_counter() - t0}


def engine_loader(db: Path, file: Path) -> dict:
    from salesdesk.core.db import open_database, sqlite_url
    from salesdesk.core.importing.engine import Options, run_import
    from salesdesk.rooms import import_kinds

    engine = open_database(sqlite_url(db))
    t0 = time.perf_counter()
    result = run_import(engine, import_kinds(), [("invoices", file)], Options(), now=datetime.now(UTC))
    seconds = time.perf_counter() - t0
    engine.dispose()
    assert result.committed and result.error_count == 0, [str(e) for e in result.errors[:3]]
    return {"rows": result.kinds[0].created, "seconds": seconds}


def peak_rss_mb() -> float:
    """This process's own peak resident memory. On Linux from ``VmHWM`` in /proc/self/status: the
    ``ru_maxrss`` of a child keeps the peak of the process that forked it across exec, which made the
    plain loader look like it used the parent's 70 MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(loader: str, db: str, file: str) -> None:
    stats = (plain_loader if loader == "plain" else engine_loader)(Path(db), Path(file))
    stats["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(stats))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    OUT.mkdir(exist_ok=True)
    file = OUT / f"invoices_{args.rows}.csv"
    if not file.exists():
        make_file(file, args.rows, args.customers)
    results = {}
    for loader in ("plain", "engine"):
        db = OUT / f"import_{loader}.sqlite"
        make_base(db, args.customers)
        out = subprocess.run(
            [sys.executable, __file__, "--child", loader, str(db), str(file)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        results[loader] = json.loads(out.strip().splitlines()[-1])
    for loader, stats in results.items():
        rate = stats["rows"] / stats["seconds"]
        print(
            f"{loader:>6}: {stats['rows']:,} rows in {stats['seconds']:.1f} s = {rate:,.0f} rows/s, "
            f"peak RSS {stats['peak_rss_mb']:.0f} MB"
        )
    ratio = (results["engine"]["rows"] / results["engine"]["seconds"]) / (
        results["plain"]["rows"] / results["plain"]["seconds"]
    )
    print(f"throughput ratio engine/plain: {ratio:.2f}")


if __name__ == "__main__":
    main()
