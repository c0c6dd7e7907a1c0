"""The desk summary: aggregates in SQL over the sales facts, read into plain dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import Session, select

from salesdesk.core.dbtypes import as_money
from salesdesk.core.money import ZERO
from salesdesk.org.models import Customer, Invoice, Order, Salesperson


@dataclass(frozen=True)
class OverdueCustomer:
    code: str
    name: str
    overdue: Decimal


@dataclass
class DeskSummary:
    today: date
    customers: int = 0
    active_salespeople: int = 0
    sales_month: Decimal = ZERO
    sales_month_last_year: Decimal = ZERO
    sales_ytd: Decimal = ZERO
    sales_ytd_last_year: Decimal = ZERO
    receivables: Decimal = ZERO
    overdue: Decimal = ZERO
    customer_credit: Decimal = ZERO
    open_orders: int = 0
    open_orders_amount: Decimal = ZERO
    top_overdue: list[OverdueCustomer] = field(default_factory=list)


def _same_day_last_year(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _sales(session: Session, start: date, end: date) -> Decimal:
    stmt = select(as_money(func.coalesce(func.sum(Invoice.amount), 0))).where(
        Invoice.issue_date >= start, Invoice.issue_date <= end
    )
    return session.exec(stmt).one()


def desk_summary(*, session: Session, today: date, top: int = 5) -> DeskSummary:
    """Sales this month and year against last year, receivables and overdue, open orders.

    Receivables and overdue come from each customer's aging (``credit.queries``: payments apply to the
    invoice they name first, then to the oldest due; what is left over is customer credit, shown apart).
    Documents dated after ``today`` do not count.
    """
    s = DeskSummary(today=today)
    s.customers = session.exec(select(func.count(Customer.id))).one()
    s.active_salespeople = session.exec(
        select(func.count(Salesperson.id)).where(Salesperson.status == "active")
    ).one()
    ly = _same_day_last_year(today)
    s.sales_month = _sales(session, today.replace(day=1), today)
    s.sales_month_last_year = _sales(session, ly.replace(day=1), ly)
    s.sales_ytd = _sales(session, today.replace(month=1, day=1), today)
    s.sales_ytd_last_year = _sales(session, ly.replace(month=1, day=1), ly)

    # receivables and overdue by the one allocation rule (credit room: named invoice first, then oldest
    # due), from the receivables ledger when it answers for today
    from salesdesk.credit.queries import _agings, settings

    edges, _warning, _hold = settings(session)
    names = {
        cid: (code, name)
        for cid, code, name in session.exec(select(Customer.id, Customer.code, Customer.name))
    }
    overdue_list = []
    for cid, aging in _agings(session, today, edges):
        s.customer_credit += aging.unapplied
        s.receivables += sum(aging.buckets, ZERO)
        if aging.overdue > 0:
            s.overdue += aging.overdue
            overdue_list.append(OverdueCustomer(*names[cid], aging.overdue))
    s.top_overdue = sorted(overdue_list, key=lambda o: (-o.overdue, o.code))[:top]
    count, amount = session.exec(
        select(func.count(Order.id), as_money(func.coalesce(func.sum(Order.amount), 0))).where(
            Order.status == "open"
        )
    ).one()
    s.open_orders, s.open_orders_amount = count, amount
    return s
