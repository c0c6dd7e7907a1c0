"""Customer development: new customers per month, customers growing or shrinking against last year,
inactive customers, and the share of sales by customer group or territory. Aggregates run in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import case, func, select
from sqlmodel import Session

from salesdesk.core.business import rule_values
from salesdesk.core.dbtypes import as_money
from salesdesk.core.errors import DataError
from salesdesk.core.i18n import _
from salesdesk.market import room, rules
from salesdesk.market.models import Prospect
from salesdesk.market.queries import ZERO, inactive_days
from salesdesk.org.models import Customer, CustomerGroup, Invoice, Salesperson, Territory


def _month_start(day: date, back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def same_day_last_year(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class NewCustomersMonth:
    month: str
    count: int
    from_prospects: int


def new_customers(*, session: Session, as_of: date, months: int = 12) -> list[NewCustomersMonth]:
    """Customers by the month they became customers (``customer since``), the last ``months`` months to
    ``as_of`` (inclusive), oldest first; how many of them came from the pipeline."""
    first = _month_start(as_of, months - 1)
    cu, p = Customer.__table__.c, Prospect.__table__.c
    month = func.strftime("%Y-%m", cu.customer_since)
    came = select(p.customer_id).where(p.customer_id.is_not(None)).scalar_subquery()
    stmt = (
        select(month, func.count(), func.sum(case((cu.id.in_(came), 1), else_=0)))
        .where(cu.customer_since >= first, cu.customer_since <= as_of)
        .group_by(month)
    )
    found = {m: (n, int(k or 0)) for m, n, k in session.execute(stmt)}
    out = []
    for back in range(months - 1, -1, -1):
        key = _month_start(as_of, back).strftime("%Y-%m")
        n, k = found.get(key, (0, 0))
        out.append(NewCustomersMonth(key, n, k))
    return out


@dataclass(frozen=True)
class GrowthRow:
    code: str
    name: str
    salesperson: str | None
    this_year: Decimal
    last_year: Decimal
    change: Decimal | None
    band: str


def growth(*, session: Session, as_of: date, band: str | None = None) -> list[GrowthRow]:
    """Each customer's sales from 1 January to ``as_of`` against the same days last year, banded
    (growing / shrinking beyond the ``market.growth_band`` percent, new, stopped buying, stable);
    biggest change in money first. Customers with no sales in either period are left out."""
    if band is not None and band not in rules.GROWTH_BANDS:
        raise DataError(
            "--band", band, _("must be one of: {choices}").format(choices=", ".join(rules.GROWTH_BANDS))
        )
    limit = rule_values(session, room.RULES)["market.growth_band"]
    start, last_end = date(as_of.year, 1, 1), same_day_last_year(as_of)
    last_start = date(as_of.year - 1, 1, 1)
    inv, cu, sp = Invoice.__table__.c, Customer.__table__.c, Salesperson.__table__.c
    this = as_money(func.sum(case((inv.issue_date >= start, inv.amount), else_=0)))
    last = as_money(func.sum(case((inv.issue_date <= last_end, inv.amount), else_=0)))
    totals = (
        select(inv.customer_id.label("cid"), this.label("this"), last.label("last"))
        .where(
            ((inv.issue_date >= start) & (inv.issue_date <= as_of))
            | ((inv.issue_date >= last_start) & (inv.issue_date <= last_end))
        )
        .group_by(inv.customer_id)
        .subquery()
    )
    stmt = (
        select(cu.code, cu.name, sp.code, totals.c.this, totals.c.last)
        .select_from(totals)
        .join(Customer.__table__, cu.id == totals.c.cid)
        .outerjoin(Salesperson.__table__, sp.id == cu.salesperson_id)
    )
    out = []
    for code, name, person, this_year, last_year in session.execute(stmt):
        this_year, last_year = this_year or ZERO, last_year or ZERO
        if not this_year and not last_year:
            continue
        kind = rules.growth_band(this_year, last_year, limit)
        if band is None or kind == band:
            out.append(
                GrowthRow(
                    code, name, person, this_year, last_year, rules.change_pct(this_year, last_year), kind
                )
            )
    return sorted(out, key=lambda r: (-abs(r.this_year - r.last_year), r.code))


@dataclass(frozen=True)
class InactiveRow:
    code: str
    name: str
    salesperson: str | None
    last_invoice: date
    days: int
    last_12_months: Decimal


def inactive(*, session: Session, as_of: date, days: int | None = None) -> list[InactiveRow]:
    """Customers who bought before but have had no invoice for more than ``days`` days (the
    ``market.inactive_days`` rule by default) as of ``as_of``; longest silent first."""
    days = inactive_days(session) if days is None else days
    inv, cu, sp = Invoice.__table__.c, Customer.__table__.c, Salesperson.__table__.c
    year_ago = as_of - timedelta(days=365)
    last = (
        select(
            inv.customer_id.label("cid"),
            func.max(inv.issue_date).label("last"),
            as_money(func.sum(case((inv.issue_date > year_ago, inv.amount), else_=0))).label("sales"),
        )
        .where(inv.issue_date <= as_of)
        .group_by(inv.customer_id)
        .subquery()
    )
    cutoff = as_of - timedelta(days=days)
    stmt = (
        select(cu.code, cu.name, sp.code, last.c.last, last.c.sales)
        .select_from(last)
        .join(Customer.__table__, cu.id == last.c.cid)
        .outerjoin(Salesperson.__table__, sp.id == cu.salesperson_id)
        .where(last.c.last < cutoff)
        .order_by(last.c.last, cu.code)
    )
    out = []
    for code, name, person, day, sales in session.execute(stmt):
        day = day if isinstance(day, date) else date.fromisoformat(str(day))
        out.append(InactiveRow(code, name, person, day, (as_of - day).days, sales or ZERO))
    return out


@dataclass(frozen=True)
class ShareRow:
    key: str | None
    name: str | None
    sales: Decimal
    share: Decimal | None
    customers: int


def share(*, session: Session, start: date, end: date, by: str = "group") -> list[ShareRow]:
    """Net sales from ``start`` to ``end`` by customer group or territory (the customer's), with each
    one's share of the total in percent; largest first."""
    if by not in ("group", "territory"):
        raise DataError("--by", by, _("must be one of: {choices}").format(choices="group, territory"))
    inv, cu = Invoice.__table__.c, Customer.__table__.c
    model = CustomerGroup if by == "group" else Territory
    ref = cu.group_id if by == "group" else cu.territory_id
    t = model.__table__.c
    stmt = (
        select(t.code, t.name, as_money(func.sum(inv.amount)), func.count(func.distinct(inv.customer_id)))
        .select_from(Invoice.__table__)
        .join(Customer.__table__, cu.id == inv.customer_id)
        .outerjoin(model.__table__, t.id == ref)
        .where(inv.issue_date >= start, inv.issue_date <= end)
        .group_by(t.code, t.name)
    )
    rows = [(code, name, total or ZERO, n) for code, name, total, n in session.execute(stmt)]
    whole = sum((r[2] for r in rows), ZERO)
    out = [ShareRow(code, name, total, rules.pct(total, whole), n) for code, name, total, n in rows]
    return sorted(out, key=lambda r: (-r.sales, r.key or "~"))
