"""The desk summary: aggregates in SQL over the sales facts, read into plain dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, case, func
from sqlmodel import Session, select

from salesdesk.core.dbtypes import as_money
from salesdesk.core.money import ZERO
from salesdesk.org.models import Customer, Invoice, Order, Payment, Salesperson


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

    Overdue per customer: its balance less what it owes on invoices not yet due (payments and credit notes
    settle the oldest invoices first), never below zero. Documents dated after ``today`` do not count.
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

    invoiced = (
        select(
            Invoice.customer_id.label("cid"),  # type: ignore[attr-defined]
            func.sum(Invoice.amount).label("total"),
            func.sum(
                case((and_(Invoice.due_date >= today, Invoice.amount > 0), Invoice.amount), else_=0)
            ).label("not_due"),
        )
        .where(Invoice.issue_date <= today)
        .group_by(Invoice.customer_id)
        .subquery()
    )
    paid = (
        select(Payment.customer_id.label("cid"), func.sum(Payment.amount).label("total"))  # type: ignore[attr-defined]
        .where(Payment.date <= today)
        .group_by(Payment.customer_id)
        .subquery()
    )
    rows = session.exec(
        select(
            Customer.code,
            Customer.name,
            as_money(func.coalesce(invoiced.c.total, 0)),
            as_money(func.coalesce(invoiced.c.not_due, 0)),
            as_money(func.coalesce(paid.c.total, 0)),
        )
        .outerjoin(invoiced, invoiced.c.cid == Customer.id)
        .outerjoin(paid, paid.c.cid == Customer.id)
        .where((invoiced.c.cid.is_not(None)) | (paid.c.cid.is_not(None)))
    ).all()
    overdue_list = []
    for code, name, total, not_due, paid_total in rows:
        balance = total - paid_total
        if balance < 0:
            s.customer_credit += -balance
            continue
        s.receivables += balance
        overdue = max(ZERO, balance - not_due)
        if overdue > 0:
            s.overdue += overdue
            overdue_list.append(OverdueCustomer(code, name, overdue))
    s.top_overdue = sorted(overdue_list, key=lambda o: (-o.overdue, o.code))[:top]
    count, amount = session.exec(
        select(func.count(Order.id), as_money(func.coalesce(func.sum(Order.amount), 0))).where(
            Order.status == "open"
        )
    ).one()
    s.open_orders, s.open_orders_amount = count, amount
    return s
