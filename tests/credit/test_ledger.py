"""The receivables ledger: triggers mark customers dirty from every write path, ``refresh`` re-allocates
them, and the ledger's aging equals the streamed allocation whenever it answers."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from salesdesk.core.db import read_session, write_session
from salesdesk.credit import ledger, queries

TODAY = date(2026, 11, 28)
EDGES = (30, 60, 90)


def _streamed(session, as_of):
    return {
        cid: queries.rules.age(items, receipts, as_of, EDGES)
        for cid, items, receipts in queries._documents(session, as_of)
    }


def _same(a, b):
    assert set(a) == set(b)
    for cid in a:
        assert (a[cid].buckets, a[cid].unapplied, a[cid].oldest_days) == (
            b[cid].buckets,
            b[cid].unapplied,
            b[cid].oldest_days,
        ), cid


def test_triggers_refresh_and_the_same_aging(seeded, cli, db_path):
    with read_session(seeded) as s:
        assert ledger.dirty_count(s) == 1  # C001 has documents: marked when they were written
        assert not ledger.usable(s, TODAY)
    with write_session(seeded) as s:
        assert ledger.refresh(s) == 1
    with read_session(seeded) as s:
        assert ledger.usable(s, TODAY)
        from_ledger = ledger.aging(s, TODAY, EDGES)
        _same(from_ledger, _streamed(s, TODAY))
        c1 = next(iter(from_ledger.values()))
        assert (c1.buckets[1], c1.buckets[2], c1.total) == (50, 70, 120)
    assert cli("--db", str(db_path), "payment", "add", "P2", "--customer", "C001", "--amount", "200")[0] == 0
    with read_session(seeded) as s:
        assert ledger.dirty_count(s) == 1 and not ledger.usable(s, TODAY)
        # not usable: the aging falls back to allocating the documents, and is still right
        rows = queries.aging(session=s, as_of=TODAY)
        assert (rows[0].aging.total, rows[0].aging.unapplied) == (-80, 80)
    with write_session(seeded) as s:
        ledger.refresh(s)
    with read_session(seeded) as s:
        agings = ledger.aging(s, TODAY, EDGES)
        assert [(a.total, a.unapplied, sum(a.buckets)) for a in agings.values()] == [(-80, 80, 0)]


def test_a_document_after_the_as_of_date_means_the_documents_are_read(seeded):
    with write_session(seeded) as s:
        ledger.refresh(s)
    with read_session(seeded) as s:
        assert not ledger.usable(s, date(2026, 10, 1))  # P1 (10-15) is after it
        assert ledger.usable(s, TODAY)


def test_deletes_and_moves_mark_both_customers(seeded):
    with write_session(seeded) as s:
        ledger.refresh(s)
    with seeded.begin() as conn:
        conn.execute(text("UPDATE payments SET customer_id = 3 WHERE reference = 'P1'"))
        marked = conn.execute(text("SELECT customer_id FROM credit_dirty ORDER BY 1")).scalars().all()
    assert marked == [1, 3]
    with write_session(seeded) as s:
        ledger.refresh(s)
        conn = s.connection()
        conn.execute(text("DELETE FROM payments WHERE reference = 'P1'"))
        assert conn.execute(text("SELECT customer_id FROM credit_dirty")).scalars().all() == [3]


def test_ledger_equals_allocation_on_the_demo(tmp_path):
    as_of = TODAY
    from salesdesk.core.db import open_database, sqlite_url
    from salesdesk.org.demo import build_demo

    path = tmp_path / "demo.sqlite"
    build_demo(path)
    engine = open_database(sqlite_url(path))
    with write_session(engine) as s:
        assert ledger.refresh(s) > 100
    with read_session(engine) as s:
        assert ledger.usable(s, as_of)
        streamed = _streamed(s, as_of)
        # the ledger keeps only customers with something open or credit not applied
        _same(
            ledger.aging(s, as_of, EDGES),
            {k: v for k, v in streamed.items() if any(v.buckets) or v.unapplied},
        )
    engine.dispose()
