"""The receivables ledger: every customer's open invoices after allocation, kept in the database so the
Credit room reads exposure, aging and status with one grouped query instead of allocating a million
documents.

Triggers on invoices and payments (migration 0007) mark a customer dirty whenever one of its documents
is added, changed or deleted, from any path (commands, the TUI, imports, undo). ``refresh`` re-allocates
the dirty customers with ``org.rules.allocate`` — the one allocation rule — over all their documents. The
ledger therefore answers for "now": an as-of date earlier than the latest document falls back to the
streamed computation in ``credit.queries``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Integer, String, case, delete, func, insert, literal, type_coerce
from sqlmodel import Session, select

from salesdesk.credit import rules
from salesdesk.credit.models import DirtyCustomer, LedgerCustomer, OpenItem
from salesdesk.org.models import Invoice, Payment
from salesdesk.org.rules import allocate

ZERO = Decimal("0.00")
CHUNK = 500


def dirty_count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(DirtyCustomer)).one()


def refresh(session: Session) -> int:
    """Re-allocate every dirty customer (in a write session); returns how many were refreshed."""
    from salesdesk.credit.queries import stream_documents

    dirty = list(session.exec(select(DirtyCustomer.customer_id).order_by(DirtyCustomer.customer_id)).all())
    conn = session.connection()
    for start in range(0, len(dirty), CHUNK):
        chunk = dirty[start : start + CHUNK]
        conn.execute(delete(OpenItem.__table__).where(OpenItem.__table__.c.customer_id.in_(chunk)))
        conn.execute(
            delete(LedgerCustomer.__table__).where(LedgerCustomer.__table__.c.customer_id.in_(chunk))
        )
        items_out: list[dict] = []
        ledger_out: list[dict] = []
        for cid, items, receipts, ids in stream_documents(session, date.max, chunk):
            allocation = allocate(items, receipts)
            due = {i.number: i.due_date for i in items}
            open_items = [(n, left) for n, left in allocation.open_amounts.items() if left > 0]
            for number, left in open_items:
                items_out.append(
                    {
                        "invoice_id": ids[number],
                        "customer_id": cid,
                        "due_date": due[number],
                        "open_amount": left,
                    }
                )
            ledger_out.append(
                {
                    "customer_id": cid,
                    "unapplied": allocation.unapplied,
                    "open_total": sum((left for _n, left in open_items), ZERO),
                    "oldest_due": min((due[n] for n, _left in open_items), default=None),
                }
            )
        if items_out:
            conn.execute(insert(OpenItem.__table__), items_out)
        if ledger_out:
            conn.execute(insert(LedgerCustomer.__table__), ledger_out)
        conn.execute(delete(DirtyCustomer.__table__).where(DirtyCustomer.__table__.c.customer_id.in_(chunk)))
    return len(dirty)


def latest_document(session: Session) -> date | None:
    """The date of the newest invoice or payment (both read from an index)."""
    issued = session.exec(select(func.max(Invoice.issue_date))).one()
    paid = session.exec(select(func.max(Payment.date))).one()
    dates = [d for d in (issued, paid) if d is not None]
    return max(dates) if dates else None


def usable(session: Session, as_of: date) -> bool:
    """Whether the ledger answers for ``as_of``: no document is dated after it and nothing is dirty."""
    latest = latest_document(session)
    return (latest is None or latest <= as_of) and dirty_count(session) == 0


def aging(session: Session, as_of: date, edges: tuple[int, int, int]) -> dict[int, rules.Aging]:
    """Every customer's aging as of ``as_of`` from the ledger (one grouped query over open items)."""
    t = OpenItem.__table__
    days = func.julianday(literal(as_of.isoformat())) - func.julianday(type_coerce(t.c.due_date, String))
    amount = type_coerce(t.c.open_amount, Integer)
    e1, e2, e3 = edges
    bucket = case((days <= 0, 0), (days <= e1, 1), (days <= e2, 2), (days <= e3, 3), else_=4)
    # days are whole (dates at midnight), so amount × days is an exact integer of hundredths
    weighted = func.sum(case((days > 0, amount * days), else_=0))
    stmt = select(
        t.c.customer_id, bucket.label("bucket"), func.sum(amount), func.max(days), weighted
    ).group_by(t.c.customer_id, bucket)
    out: dict[int, rules.Aging] = {}
    for cid, index, total, oldest, amount_days in session.connection().execute(stmt):
        a = out.setdefault(cid, rules.Aging())
        a.buckets[index] += Decimal(total).scaleb(-2)
        a.oldest_days = max(a.oldest_days, int(oldest))
        a.overdue_amount_days += Decimal(int(round(amount_days))).scaleb(-2)
    for cid, unapplied in session.exec(
        select(LedgerCustomer.customer_id, LedgerCustomer.unapplied).where(LedgerCustomer.unapplied > 0)
    ).all():
        out.setdefault(cid, rules.Aging()).unapplied = unapplied
    return out
