"""The Market and Intel rooms on the large database (10,000 customers, 1,000,000 invoices), with 20,000
prospects (and their stage moves), 3,000 intel entries, 12 campaigns and 6 competitors added here.

    python benchmarks/market_intel_bench.py [--db benchmarks/out/big.sqlite] [--repeat 3]

Times (median of ``--repeat`` runs, ms) what the two rooms and their commands read: a page of prospects
(with its count), the board (the biggest 60 of each open stage), the weighted pipeline, conversion
statistics, campaign results, customer development (new per month, growth, inactive, share), a page of
the intel feed, competitors, lost deals, the forecast (in total and by salesperson), the data-quality
audit (each rule and all), the duplicate-name search on 10,000 realistic Spanish names, and a merge
(written, rolled back).
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
STAGES = ("identified", "contacted", "qualified", "proposal", "negotiation", "won", "lost")


def timed(fn, repeat: int) -> float:  # noqa: ANN001
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def seed(engine) -> None:  # noqa: ANN001
    """Prospects, moves, campaigns, competitors and intel, bulk-inserted once."""
    from sqlalchemy import text

    with engine.connect() as conn:
        if conn.execute(text("SELECT COUNT(*) FROM prospects")).scalar():
            return
    rnd = random.Random(11)
    raw = engine.raw_connection()
    con = raw.driver_connection
    con.execute("BEGIN IMMEDIATE")
    con.executemany(
        "INSERT INTO competitors (code, name, notes) VALUES (?, ?, '')",
        [(f"K{i}", f"Competitor {i}") for i in range(1, 7)],
    )
    con.executemany(
        "INSERT INTO campaigns (code, name, start, end, budget, goal_leads, goal_customers, goal_sales,"
        " notes) VALUES (?, ?, ?, ?, ?, 300, 30, 100000000, '')",
        [
            (
                f"CMP{i:02d}",
                f"Campaign {i}",
                date(2026, i, 1).isoformat(),
                date(2026, i, 28).isoformat(),
                1_000_000,
            )
            for i in range(1, 13)
        ],
    )
    prospects, moves = [], []
    for i in range(1, 20_001):
        identified = date(2025, 1, 1) + timedelta(days=rnd.randrange(690))
        stage = rnd.choices(STAGES, weights=(20, 18, 15, 12, 8, 15, 12))[0]
        since = min(identified + timedelta(days=rnd.randrange(60)), TODAY)
        campaign = rnd.randrange(1, 13) if rnd.random() < 0.3 else None
        lost = stage == "lost"
        prospects.append(
            (
                f"P{i:06d}",
                f"Prospect {i} S.L.",
                "campaign" if campaign else "web",
                campaign,
                rnd.randrange(300_000, 9_000_000),
                stage,
                rnd.randrange(1, 41),
                identified.isoformat(),
                since.isoformat(),
                since.isoformat(),
                "price" if lost else "",
                rnd.randrange(1, 7) if lost else None,
            )
        )
        moves.append((i, "identified", identified.isoformat()))
        if stage != "identified":
            moves.append((i, stage, since.isoformat()))
    con.executemany(
        "INSERT INTO prospects (number, company, contact, email, phone, tax_id, city, channel, campaign_id,"
        " value, stage, owner_id, identified, stage_since, last_action, next_action, lost_reason,"
        " competitor_id, notes) VALUES (?, ?, '', '', '', '', '', ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, '')",
        prospects,
    )
    con.executemany("INSERT INTO prospect_moves (prospect_id, stage, date, note) VALUES (?, ?, ?, '')", moves)
    con.executemany(
        "INSERT INTO intel_entries (number, date, competitor_id, topic, observed, source, impact)"
        " VALUES (?, ?, ?, ?, ?, '', ?)",
        [
            (
                f"I{i:06d}",
                (date(2024, 1, 1) + timedelta(days=rnd.randrange(1060))).isoformat(),
                rnd.randrange(1, 7),
                rnd.choice(("price", "product", "promotion")),
                f"Observation {i}",
                rnd.choice(("low", "medium", "high")),
            )
            for i in range(1, 3001)
        ],
    )
    con.execute("COMMIT")
    con.execute("ANALYZE")
    raw.close()


def spanish_names(n: int) -> dict[str, str]:
    rnd = random.Random(5)
    first = (
        "Distribuciones",
        "Ferretería",
        "Bar",
        "Hostal",
        "Talleres",
        "Suministros",
        "Comercial",
        "Cafetería",
        "Restaurante",
        "Almacenes",
        "Construcciones",
        "Transportes",
        "Farmacia",
        "Panadería",
        "Electricidad",
    )
    last = (
        "López",
        "García",
        "Martínez",
        "Sánchez",
        "Pérez",
        "Gómez",
        "Ruiz",
        "Hernández",
        "Jiménez",
        "Díaz",
        "Moreno",
        "Muñoz",
        "Álvarez",
        "Romero",
        "Alonso",
        "Gutiérrez",
        "Navarro",
        "Torres",
        "Domínguez",
        "Vázquez",
        "Ramos",
        "Gil",
        "Ramírez",
        "Serrano",
        "Blanco",
        "Molina",
        "Morales",
        "Suárez",
        "Ortega",
        "Delgado",
    )
    place = ("Norte", "Sur", "Centro", "del Tajo", "Castilla", "Mancha", "Sierra", "Plaza", "Mayor", "Real")
    forms = ("S.L.", "S.A.", "S.L.U.", "", "e Hijos S.L.", "y Cía")
    return {
        f"N{i:05d}": " ".join(
            x
            for x in (
                rnd.choice(first),
                rnd.choice(last),
                rnd.choice(last),
                rnd.choice(place),
                rnd.choice(forms),
            )
            if x
        )
        for i in range(n)
    }


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

    from salesdesk.core.business import rule_values
    from salesdesk.core.db import open_database, read_session, sqlite_url
    from salesdesk.intel import merge, outlook, quality, rules
    from salesdesk.intel import queries as intel
    from salesdesk.intel import room as intel_room
    from salesdesk.market import campaigns, development
    from salesdesk.market import queries as market

    engine = open_database(sqlite_url(args.db))
    seed(engine)
    with engine.connect() as conn:
        counts = {
            t: conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar()  # noqa: S608 - fixed names
            for t in ("customers", "invoices", "payments", "prospects", "prospect_moves", "intel_entries")
        }
    print(f"data: {counts}")

    def run(fn):  # noqa: ANN001, ANN202
        def go() -> None:
            with read_session(engine) as s:
                fn(s)

        return go

    every = market.ProspectFilter()

    def page(s) -> None:  # noqa: ANN001
        market.count_prospects(session=s, filters=every, today=TODAY)
        market.list_prospects(session=s, filters=every, today=TODAY, limit=100, offset=5_000)

    def board(s) -> None:  # noqa: ANN001
        for stage in ("identified", "contacted", "qualified", "proposal", "negotiation"):
            f = market.ProspectFilter(stage=stage)
            market.list_prospects(session=s, filters=f, today=TODAY, limit=60, biggest=True)
            market.count_prospects(session=s, filters=f, today=TODAY)

    def feed(s) -> None:  # noqa: ANN001
        f = intel.EntryFilter()
        intel.count_entries(session=s, filters=f)
        intel.list_entries(session=s, filters=f, limit=100, offset=1_000)

    def merge_rolled_back() -> None:
        from sqlmodel import Session

        with engine.connect() as conn:
            tx = conn.begin()
            s = Session(bind=conn)
            merge.merge_customers(session=s, keep="K000001", duplicate="K000002", now=datetime.now(UTC))
            s.flush()
            s.close()
            tx.rollback()

    year = date(TODAY.year, 1, 1)
    cases = [
        ("prospect list: count + page at 5,000", run(page)),
        ("pipeline board (5 stages × 60 biggest + counts)", run(board)),
        ("weighted pipeline (prospect pipeline)", run(lambda s: market.pipeline(session=s))),
        (
            "conversion statistics (prospect stats)",
            run(lambda s: market.stage_statistics(session=s, today=TODAY)),
        ),
        (
            "campaign results (12 campaigns)",
            run(lambda s: campaigns.campaign_results(session=s, as_of=TODAY)),
        ),
        ("new customers per month", run(lambda s: development.new_customers(session=s, as_of=TODAY))),
        ("growth vs last year (market growth)", run(lambda s: development.growth(session=s, as_of=TODAY))),
        ("inactive customers (market inactive)", run(lambda s: development.inactive(session=s, as_of=TODAY))),
        ("share by group (market share)", run(lambda s: development.share(session=s, start=year, end=TODAY))),
        ("intel feed: count + page at 1,000", run(feed)),
        ("competitors (competitor list)", run(lambda s: intel.list_competitors(session=s))),
        ("lost deals by competitor (intel lost)", run(lambda s: market.lost_deals(session=s))),
        ("forecast, region (forecast)", run(lambda s: outlook.outlook(session=s, as_of=TODAY))),
        (
            "forecast by salesperson (40)",
            run(lambda s: outlook.outlook(session=s, as_of=TODAY, by="salesperson")),
        ),
    ]
    for check in quality.CHECKS:

        def one(s, check=check):  # noqa: ANN001, ANN202
            return check(s, TODAY, rule_values(s, intel_room.RULES))

        cases.append((f"check: {check.__name__}", run(one)))
    cases.append(("check (every rule)", run(lambda s: quality.run_checks(session=s, today=TODAY))))
    names = spanish_names(10_000)
    cases.append(("duplicate names among 10,000 Spanish names", lambda: rules.similar_pairs(names, 90.0)))
    cases.append(("customer merge K000001 K000002 (rolled back)", merge_rolled_back))
    for name, fn in cases:
        print(f"{name:<52} {timed(fn, args.repeat):8.1f} ms")
    print(f"alike pairs among the 10,000 names: {len(rules.similar_pairs(names, 90.0))}")


if __name__ == "__main__":
    main()
