"""The monthly receivables review: month-end aging snapshots, the month's DSO and CEI, review notes.

``take_snapshot`` ages every customer as of a month's last day with the one allocation rule
(``queries._documents`` + ``rules.age``) and stores the result, so the trend month over month is read from
the snapshots. ``month_figures`` computes a month's DSO and CEI from the documents themselves (not from
the snapshots), so it answers for any past month.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Integer, String, delete, func, insert, type_coerce
from sqlmodel import Session, col, select

from salesdesk.core.errors import DataError
from salesdesk.core.i18n import _
from salesdesk.credit import rules
from salesdesk.credit.models import AgingSnapshot, ReviewNote
from salesdesk.credit.queries import _customer, _documents, settings
from salesdesk.org.models import Customer, Invoice

ZERO = Decimal("0.00")
#: Months of sales the count-back DSO looks at.
DSO_MONTHS = 12
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_AMOUNTS = ("not_due", "d1_30", "d31_60", "d61_90", "over_90", "unapplied")


# --------------------------------------------------------------------------- months


def parse_month(text: str | None, field: str = "--month") -> tuple[int, int]:
    """(year, month) of a "YYYY-MM" text; anything else is refused naming ``field`` and the value."""
    match = _MONTH.fullmatch((text or "").strip())
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise DataError(field, text, _("must be a month as YYYY-MM (for example 2026-10)"))
    year = int(match.group(1))
    if year < 1900:
        raise DataError(field, text, _("must be 1900-01 or later"))
    return year, int(match.group(2))


def month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def shift(year: int, month: int, months: int) -> tuple[int, int]:
    """The month ``months`` after (negative: before) the given one."""
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def previous_month(today: date) -> str:
    """The month before ``today``'s ("YYYY-MM"): what a monthly review looks at by default."""
    return month_key(*shift(today.year, today.month, -1))


def _checked_month(text: str, today: date, field: str = "--month") -> tuple[int, int]:
    """A valid month that is not after ``today``'s month."""
    year, month = parse_month(text, field)
    if (year, month) > (today.year, today.month):
        raise DataError(
            field,
            text,
            _("is after the current month ({month})").format(month=month_key(today.year, today.month)),
        )
    return year, month


# --------------------------------------------------------------------------- snapshots


@dataclass(frozen=True)
class MonthTotals:
    """Stored month-end aging summed over customers (one customer's when the trend is for one)."""

    month: str
    customers: int
    not_due: Decimal = ZERO
    d1_30: Decimal = ZERO
    d31_60: Decimal = ZERO
    d61_90: Decimal = ZERO
    over_90: Decimal = ZERO
    unapplied: Decimal = ZERO

    @property
    def buckets(self) -> tuple[Decimal, ...]:
        return (self.not_due, self.d1_30, self.d31_60, self.d61_90, self.over_90)

    @property
    def total(self) -> Decimal:
        return sum(self.buckets, ZERO) - self.unapplied

    def as_dict(self) -> dict[str, Decimal]:
        """The five buckets, unapplied credit and the total (keys as in ``credit aging``)."""
        return {
            **dict(zip(rules.BUCKET_KEYS, self.buckets, strict=True)),
            "unapplied": self.unapplied,
            "total": self.total,
        }


@dataclass(frozen=True)
class Snapshot:
    """What ``take_snapshot`` stored, with the latest month stored before it (None when none is)."""

    month: str
    as_of: date
    totals: MonthTotals
    previous: MonthTotals | None


def _stored_totals(session: Session, months: list[str], customer_id: int | None = None) -> list[MonthTotals]:
    t = AgingSnapshot.__table__
    sums = [func.sum(type_coerce(t.c[name], Integer)) for name in _AMOUNTS]
    stmt = select(t.c.month, func.count(), *sums).where(t.c.month.in_(months)).group_by(t.c.month)
    if customer_id is not None:
        stmt = stmt.where(t.c.customer_id == customer_id)
    found = {row[0]: row for row in session.connection().execute(stmt)}
    out = []
    for month in months:
        row = found.get(month)
        if row is None:
            out.append(MonthTotals(month, 0))
        else:
            amounts = [Decimal(v or 0).scaleb(-2) for v in row[2:]]
            out.append(MonthTotals(month, row[1], *amounts))
    return out


def take_snapshot(*, session: Session, month: str, now: datetime, today: date | None = None) -> Snapshot:
    """Age every customer as of the month's last day and store it, replacing what that month had.

    Customers with nothing open and no unapplied credit are not stored. A month after ``today``'s
    (default ``now``'s date) is refused."""
    day = today or now.date()
    year, mon = _checked_month(month, day)
    key, as_of = month_key(year, mon), min(month_end(year, mon), day)  # the current month: as of today
    edges, _warning, _hold = settings(session)
    rows: list[dict] = []
    totals = rules.Aging()
    for cid, items, receipts in _documents(session, as_of):  # streamed: one customer at a time
        a = rules.age(items, receipts, as_of, edges)
        if not any(a.buckets) and not a.unapplied:
            continue
        totals.add(a)
        amounts = dict(zip(rules.BUCKET_KEYS, a.buckets, strict=True))
        rows.append({"month": key, "customer_id": cid, **amounts, "unapplied": a.unapplied, "taken_at": now})
    conn = session.connection()
    conn.execute(delete(AgingSnapshot.__table__).where(AgingSnapshot.__table__.c.month == key))
    for start in range(0, len(rows), 1000):
        conn.execute(insert(AgingSnapshot.__table__), rows[start : start + 1000])
    earlier = session.exec(select(func.max(AgingSnapshot.month)).where(col(AgingSnapshot.month) < key)).one()
    previous = _stored_totals(session, [earlier])[0] if earlier else None
    stored = MonthTotals(key, len(rows), *totals.buckets, totals.unapplied)
    return Snapshot(key, as_of, stored, previous)


def trend(*, session: Session, months: int = 12, customer: str | None = None) -> list[MonthTotals]:
    """The latest ``months`` stored month-ends, oldest first, totalled over every customer or for one
    customer (a reviewed month where that customer had nothing shows zeros)."""
    if months < 1:
        raise DataError("--months", months, _("must be 1 or more"))
    customer_id = _customer(session, customer).id if customer is not None else None
    stored = session.exec(
        select(AgingSnapshot.month).distinct().order_by(col(AgingSnapshot.month).desc()).limit(months)
    ).all()
    return _stored_totals(session, sorted(stored), customer_id)


# --------------------------------------------------------------------------- DSO and CEI


@dataclass(frozen=True)
class MonthFigures:
    """A month's receivables figures, computed from the documents (any past month works)."""

    month: str
    start: date
    end: date
    #: Receivables at the end of the previous month (open invoices − unapplied credit).
    opening: Decimal
    #: Invoices and credit notes issued in the month.
    sales: Decimal
    closing: Decimal
    #: Of the closing receivables, what is not due yet.
    closing_current: Decimal
    cei_pct: Decimal | None
    dso_days: Decimal | None


def _monthly_sales(session: Session, first: date, last: date) -> dict[str, Decimal]:
    """Invoices and credit notes issued from ``first`` to ``last``, summed per "YYYY-MM"."""
    issued = type_coerce(Invoice.issue_date, String)
    month = func.substr(issued, 1, 7)
    stmt = (
        select(month, func.sum(type_coerce(Invoice.amount, Integer)))
        .where(issued >= first.isoformat(), issued <= last.isoformat())
        .group_by(month)
    )
    return {m: Decimal(total or 0).scaleb(-2) for m, total in session.connection().execute(stmt)}


def month_figures(*, session: Session, month: str) -> MonthFigures:
    """Opening and closing receivables, sales, CEI and DSO (count-back over 12 months) of a month."""
    year, mon = parse_month(month)
    end = month_end(year, mon)
    opening_day = month_end(*shift(year, mon, -1))
    edges, _warning, _hold = settings(session)
    opening, closing = rules.Aging(), rules.Aging()
    # one stream up to the month's end; each customer is aged at both ends of the month
    for _cid, items, receipts in _documents(session, end):
        closing.add(rules.age(items, receipts, end, edges))
        opening.add(rules.age(items, receipts, opening_day, edges))
    back = [shift(year, mon, -k) for k in range(DSO_MONTHS)]  # this month first
    sales = _monthly_sales(session, date(*back[-1], 1), end)
    monthly = [(calendar.monthrange(y, m)[1], sales.get(month_key(y, m), ZERO)) for y, m in back]
    this_sales = monthly[0][1]
    return MonthFigures(
        month_key(year, mon),
        date(year, mon, 1),
        end,
        opening.total,
        this_sales,
        closing.total,
        closing.buckets[0],
        rules.cei(opening.total, this_sales, closing.total, closing.buckets[0]),
        rules.dso_count_back(closing.total, monthly),
    )


# --------------------------------------------------------------------------- notes


@dataclass(frozen=True)
class Note:
    id: int
    month: str
    code: str
    name: str
    written_at: datetime
    user: str
    text: str


def add_note(
    *,
    session: Session,
    month: str,
    customer: str,
    text: str,
    now: datetime,
    user: str,
    today: date | None = None,
) -> Note:
    """The manager's review note on one customer for a month (not after ``today``'s month)."""
    year, mon = _checked_month(month, today or now.date())
    body = (text or "").strip()
    if not body:
        raise DataError("--note", text, _("must not be empty"))
    c = _customer(session, customer)
    note = ReviewNote(month=month_key(year, mon), customer_id=c.id, written_at=now, user=user, text=body)
    session.add(note)
    session.flush()
    return Note(note.id, note.month, c.code, c.name, now, user, body)  # type: ignore[arg-type]


def notes(*, session: Session, customer: str | None = None, month: str | None = None) -> list[Note]:
    """Review notes, newest first, for one customer and/or one month."""
    stmt = select(ReviewNote, Customer.code, Customer.name).join(
        Customer, col(Customer.id) == ReviewNote.customer_id
    )
    if month is not None:
        stmt = stmt.where(ReviewNote.month == month_key(*parse_month(month)))
    if customer is not None:
        stmt = stmt.where(ReviewNote.customer_id == _customer(session, customer).id)
    stmt = stmt.order_by(col(ReviewNote.written_at).desc(), col(ReviewNote.id).desc())
    return [
        Note(n.id, n.month, code, name, n.written_at, n.user, n.text)  # type: ignore[arg-type]
        for n, code, name in session.exec(stmt).all()
    ]
