"""Reads of the credit room: aging, exposure status, the order check and the customer score.

Invoices, credit notes and payments are read once, ordered by customer, and allocated per customer with
``org.rules.allocate`` (the one allocation rule of the whole program)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import Integer, String, func, type_coerce
from sqlmodel import Session, select

from salesdesk.core.business import rule_values
from salesdesk.core.dbtypes import as_money
from salesdesk.core.errors import DataError
from salesdesk.core.i18n import _
from salesdesk.credit import rules
from salesdesk.credit.room import RULES
from salesdesk.org.models import Customer, Invoice, Order, Payment, Salesperson, Territory
from salesdesk.org.rules import Item, Receipt

ZERO = Decimal("0.00")
BY = ("customer", "salesperson", "territory")


def settings(session: Session) -> tuple[tuple[int, int, int], Decimal, int]:
    """Bucket edges, warning % and hold days from the business rules."""
    v = rule_values(session, RULES)
    edges = rules.check_edges(
        (int(v["credit.bucket_1_days"]), int(v["credit.bucket_2_days"]), int(v["credit.bucket_3_days"]))
    )
    return edges, v["credit.warning_pct"], int(v["credit.hold_days"])


def _money(minor: int) -> Decimal:
    return Decimal(minor).scaleb(-2)


def _documents(
    session: Session, as_of: date, customer_id: int | None = None
) -> Iterator[tuple[int, list[Item], list[Receipt]]]:
    """(customer id, invoices and credit notes, payments) dated on or before ``as_of``, per customer.

    Both reads are covered by an index ordered by customer (no table look-ups), and values are read raw
    (ISO date text, integer hundredths) and converted here: at a million invoices the per-value type
    processing would cost more than the reading."""
    day = as_of.isoformat()
    inv = select(
        Invoice.customer_id,
        Invoice.id,
        Invoice.number,
        type_coerce(Invoice.issue_date, String),
        type_coerce(Invoice.due_date, String),
        type_coerce(Invoice.amount, Integer),
    ).where(type_coerce(Invoice.issue_date, String) <= day)
    pay = select(
        Payment.customer_id,
        Payment.reference,
        type_coerce(Payment.date, String),
        type_coerce(Payment.amount, Integer),
        Payment.invoice_id,
    ).where(type_coerce(Payment.date, String) <= day)
    if customer_id is not None:
        inv = inv.where(Invoice.customer_id == customer_id)
        pay = pay.where(Payment.customer_id == customer_id)
    conn = session.connection()
    # two streams ordered by customer, merged: one customer's documents in memory at a time
    invoices = conn.execute(inv.order_by(Invoice.customer_id).execution_options(yield_per=5000))
    payments = conn.execute(pay.order_by(Payment.customer_id).execution_options(yield_per=5000))
    next_inv = next(invoices, None)
    next_pay = next(payments, None)
    iso = date.fromisoformat
    while next_inv is not None or next_pay is not None:
        cid = min(r[0] for r in (next_inv, next_pay) if r is not None)
        items: list[Item] = []
        numbers: dict[int, str] = {}
        while next_inv is not None and next_inv[0] == cid:
            _c, iid, number, issued, due, amount = next_inv
            numbers[iid] = number
            items.append(Item(number, iso(issued), iso(due), _money(amount)))
            next_inv = next(invoices, None)
        receipts: list[Receipt] = []
        while next_pay is not None and next_pay[0] == cid:
            _c, reference, paid, amount, invoice_id = next_pay
            # a payment naming another customer's invoice applies like an unnamed one
            named = numbers.get(invoice_id) if invoice_id is not None else None
            receipts.append(Receipt(reference, iso(paid), _money(amount), named))
            next_pay = next(payments, None)
        yield cid, items, receipts


@dataclass(frozen=True)
class AgingRow:
    code: str | None
    name: str
    aging: rules.Aging


def aging(*, session: Session, as_of: date, by: str = "customer") -> list[AgingRow]:
    """Open receivables by days past due as of ``as_of``, per customer, salesperson or territory."""
    if by not in BY:
        raise DataError("--by", by, _("must be one of: {choices}").format(choices=", ".join(BY)))
    edges, _warning, _hold = settings(session)
    customers = {
        c.id: c
        for c in session.exec(select(Customer)).all()  # codes, names and assignments
    }
    people = dict(session.exec(select(Salesperson.id, Salesperson.code)).all())
    zones = dict(session.exec(select(Territory.id, Territory.code)).all())
    names = {
        "salesperson": dict(session.exec(select(Salesperson.code, Salesperson.name)).all()),
        "territory": dict(session.exec(select(Territory.code, Territory.name)).all()),
    }
    groups: dict[str | None, rules.Aging] = {}
    for cid, items, receipts in _documents(session, as_of):
        result = rules.age(items, receipts, as_of, edges)
        c = customers[cid]
        if by == "customer":
            key: str | None = c.code
        elif by == "salesperson":
            key = people.get(c.salesperson_id) if c.salesperson_id else None
        else:
            key = zones.get(c.territory_id) if c.territory_id else None
        groups.setdefault(key, rules.Aging()).add(result)
    rows = []
    by_code = {c.code: c.name for c in customers.values()}
    for key in sorted(groups, key=lambda k: (k is None, k or "")):
        a = groups[key]
        if by == "customer" and not any(a.buckets) and not a.unapplied:
            continue
        if key is None:
            name = _("(none)")
        elif by == "customer":
            name = by_code[key]
        else:
            name = names[by].get(key, "")
        rows.append(AgingRow(key, name, a))
    return rows


@dataclass(frozen=True)
class StatusRow:
    code: str
    name: str
    salesperson: str | None
    exposure: rules.Exposure
    overdue: Decimal
    score: rules.Score


def _open_orders(session: Session, customer_id: int | None = None) -> dict[int, Decimal]:
    stmt = select(Order.customer_id, as_money(func.sum(Order.amount))).where(Order.status == "open")
    if customer_id is not None:
        stmt = stmt.where(Order.customer_id == customer_id)
    return {cid: amount or ZERO for cid, amount in session.exec(stmt.group_by(Order.customer_id)).all()}


def _score(
    c: Customer, items: list[Item], receipts: list[Receipt], a: rules.Aging, as_of: date
) -> rules.Score:
    window = as_of - timedelta(days=365)
    paid = [p for p in rules.payment_history(items, receipts, as_of) if window < p.due_date <= as_of]
    sales = sum((i.amount for i in items if window < i.issue_date <= as_of), ZERO)
    return rules.score(
        paid,
        overdue=a.overdue,
        oldest_overdue_days=max(a.oldest_days, 0),
        months_as_customer=rules.months_between(c.customer_since, as_of),
        sales_12m=max(sales, ZERO),
        terms_days=c.terms_days,
    )


def status(*, session: Session, as_of: date, salesperson: str | None = None) -> list[StatusRow]:
    """Every customer with a limit, receivables or open orders: exposure, usage, status, score and class."""
    edges, warning, hold = settings(session)
    stmt = select(Customer)
    if salesperson:
        sp = session.exec(select(Salesperson.id).where(Salesperson.code == salesperson)).first()
        if sp is None:
            raise DataError("salesperson", salesperson, _("no salesperson has this code"))
        stmt = stmt.where(Customer.salesperson_id == sp)
    customers = {c.id: c for c in session.exec(stmt.order_by(Customer.code)).all()}
    people = dict(session.exec(select(Salesperson.id, Salesperson.code)).all())
    orders = _open_orders(session)
    found: dict[int, StatusRow] = {}

    def row_for(c: Customer, items: list[Item], receipts: list[Receipt]) -> StatusRow:
        a = rules.age(items, receipts, as_of, edges)
        e = rules.exposure_status(
            a.total,
            orders.get(c.id, ZERO),
            c.credit_limit,
            a.oldest_days,
            warning_pct=warning,
            hold_days=hold,
        )
        sp = people.get(c.salesperson_id) if c.salesperson_id else None
        return StatusRow(c.code, c.name, sp, e, a.overdue, _score(c, items, receipts, a, as_of))

    for cid, items, receipts in _documents(session, as_of):  # streamed: one customer at a time
        if cid in customers:
            found[cid] = row_for(customers[cid], items, receipts)
    for cid, c in customers.items():
        if cid not in found and (orders.get(cid) or c.credit_limit):
            found[cid] = row_for(c, [], [])
    return [found[cid] for cid in customers if cid in found]


def _customer(session: Session, code: str) -> Customer:
    c = session.exec(select(Customer).where(Customer.code == code)).first()
    if c is None:
        raise DataError("customer", code, _("no customer has this code"))
    return c


def customer_status(*, session: Session, code: str, as_of: date) -> StatusRow:
    edges, warning, hold = settings(session)
    c = _customer(session, code)
    docs = list(_documents(session, as_of, c.id))
    items, receipts = (docs[0][1], docs[0][2]) if docs else ([], [])
    a = rules.age(items, receipts, as_of, edges)
    orders = _open_orders(session, c.id).get(c.id, ZERO)
    e = rules.exposure_status(
        a.total, orders, c.credit_limit, a.oldest_days, warning_pct=warning, hold_days=hold
    )
    sp = session.get(Salesperson, c.salesperson_id) if c.salesperson_id else None
    return StatusRow(
        c.code, c.name, sp.code if sp else None, e, a.overdue, _score(c, items, receipts, a, as_of)
    )
