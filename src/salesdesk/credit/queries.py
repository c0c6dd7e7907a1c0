"""Reads of the credit room: aging, exposure status, the order check and the customer score.

Invoices, credit notes and payments are read once, ordered by customer, and allocated per customer with
``org.rules.allocate`` (the one allocation rule of the whole program)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import Integer, String, func, type_coerce
from sqlmodel import Session, col, select

from salesdesk.core.business import rule_values
from salesdesk.core.dbtypes import as_money
from salesdesk.core.errors import DataError, UsageProblem
from salesdesk.core.i18n import N_, _
from salesdesk.credit import room, rules
from salesdesk.credit.room import RULES, SCORE_RULES
from salesdesk.org.models import Customer, Invoice, Order, Payment, Salesperson, Territory
from salesdesk.org.rules import Item, Receipt

ZERO = Decimal("0.00")
BY = ("customer", "salesperson", "territory")


def settings(session: Session) -> tuple[tuple[int, int, int], Decimal, int]:
    """Bucket edges, warning % and hold days from the business rules."""
    return room.thresholds(rule_values(session, RULES))


def score_weights(session: Session) -> rules.ScoreWeights:
    """The score's weights, zero points, class floors and factors from the business rules."""
    return room.score_weights(rule_values(session, SCORE_RULES))


def _money(minor: int) -> Decimal:
    return Decimal(minor).scaleb(-2)


def _documents(
    session: Session, as_of: date, customer_id: int | None = None
) -> Iterator[tuple[int, list[Item], list[Receipt]]]:
    """(customer id, invoices and credit notes, payments) dated on or before ``as_of``, per customer."""
    ids = None if customer_id is None else [customer_id]
    for cid, items, receipts, _ids in stream_documents(session, as_of, ids):
        yield cid, items, receipts


def stream_documents(
    session: Session, as_of: date, customer_ids: list[int] | None = None
) -> Iterator[tuple[int, list[Item], list[Receipt], dict[str, int]]]:
    """(customer id, invoices and credit notes, payments, invoice ids by number) dated on or before
    ``as_of``, per customer, for every customer or the ones given.

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
    if customer_ids is not None:
        inv = inv.where(col(Invoice.customer_id).in_(customer_ids))
        pay = pay.where(col(Payment.customer_id).in_(customer_ids))
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
        yield cid, items, receipts, {n: i for i, n in numbers.items()}


def _agings(session: Session, as_of: date, edges: tuple[int, int, int]) -> Iterator[tuple[int, rules.Aging]]:
    """Every customer's aging: from the receivables ledger when it answers for ``as_of`` (nothing dirty,
    no document after it), else allocated from the documents."""
    from salesdesk.credit import ledger

    if ledger.usable(session, as_of):
        yield from ledger.aging(session, as_of, edges).items()
        return
    for cid, items, receipts in _documents(session, as_of):
        yield cid, rules.age(items, receipts, as_of, edges)


@dataclass(frozen=True)
class AgingRow:
    code: str | None
    name: str
    aging: rules.Aging


def aging(*, session: Session, as_of: date, by: str = "customer") -> list[AgingRow]:
    """Open receivables by days past due as of ``as_of``, per customer, salesperson or territory."""
    if by not in BY:
        raise UsageProblem("--by", by, _("must be one of: {choices}").format(choices=", ".join(BY)))
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
    for cid, result in _agings(session, as_of, edges):
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
    #: None in the room's fast list until ``scores`` fills it for the rows shown.
    score: rules.Score | None
    aging: rules.Aging = field(default_factory=rules.Aging)


def _open_orders(
    session: Session, customer_id: int | None = None, as_of: date | None = None
) -> dict[int, Decimal]:
    """Open orders per customer (placed on or before ``as_of`` when given)."""
    stmt = select(Order.customer_id, as_money(func.sum(Order.amount))).where(Order.status == "open")
    if as_of is not None:
        stmt = stmt.where(Order.date <= as_of)
    if customer_id is not None:
        stmt = stmt.where(Order.customer_id == customer_id)
    return {cid: amount or ZERO for cid, amount in session.exec(stmt.group_by(Order.customer_id)).all()}


def _score(
    c: Customer,
    items: list[Item],
    receipts: list[Receipt],
    a: rules.Aging,
    as_of: date,
    weights: rules.ScoreWeights | None = None,
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
        weights=weights,
    )


def customer_importance(session: Session, items: list[Item], as_of: date) -> rules.Importance:
    """A customer's sales in the 12 months to ``as_of``, share of the region's, growth on the 12 before."""
    window, before = as_of - timedelta(days=365), as_of - timedelta(days=730)
    sales = sum((i.amount for i in items if window < i.issue_date <= as_of), ZERO)
    prior = sum((i.amount for i in items if before < i.issue_date <= window), ZERO)
    region = session.exec(
        select(as_money(func.coalesce(func.sum(Invoice.amount), 0))).where(
            Invoice.issue_date > window, Invoice.issue_date <= as_of
        )
    ).one()
    return rules.importance(sales, prior, region)


def status(*, session: Session, as_of: date, salesperson: str | None = None) -> list[StatusRow]:
    """Every customer with a limit, receivables or open orders: exposure, usage, status, score and class."""
    edges, warning, hold = settings(session)
    stmt = select(Customer)
    if salesperson:
        stmt = stmt.where(Customer.salesperson_id == salesperson_id(session, salesperson))
    customers = {c.id: c for c in session.exec(stmt.order_by(Customer.code)).all()}
    people = dict(session.exec(select(Salesperson.id, Salesperson.code)).all())
    orders = _open_orders(session, as_of=as_of)
    weights = score_weights(session)
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
        return StatusRow(c.code, c.name, sp, e, a.overdue, _score(c, items, receipts, a, as_of, weights), a)

    for cid, items, receipts in _documents(session, as_of):  # streamed: one customer at a time
        if cid in customers:
            row = row_for(customers[cid], items, receipts)
            # as the room lists them: a limit, something open (or credit) or open orders
            if row.exposure.limit or any(row.aging.buckets) or row.aging.unapplied or orders.get(cid):
                found[cid] = row
    for cid, c in customers.items():
        if cid not in found and (orders.get(cid) or c.credit_limit):
            found[cid] = row_for(c, [], [])
    return [found[cid] for cid in customers if cid in found]


def room_status(*, session: Session, as_of: date) -> list[StatusRow]:
    """Every customer with a limit, receivables or open orders, for the Credit room: exposure, usage,
    status and aging from the ledger when it answers (the score is left at None: ``scores`` fills it for
    the rows shown), else the full ``status``."""
    from salesdesk.credit import ledger

    if not ledger.usable(session, as_of):
        return status(session=session, as_of=as_of)
    edges, warning, hold = settings(session)
    agings = ledger.aging(session, as_of, edges)
    orders = _open_orders(session, as_of=as_of)
    people = dict(session.exec(select(Salesperson.id, Salesperson.code)).all())
    stmt = select(Customer.id, Customer.code, Customer.name, Customer.salesperson_id, Customer.credit_limit)
    rows = []
    for cid, code, name, sp_id, limit in session.exec(stmt.order_by(Customer.code)).all():
        a = agings.get(cid)
        if a is None and not orders.get(cid) and not limit:
            continue
        a = a or rules.Aging()
        e = rules.exposure_status(
            a.total, orders.get(cid, ZERO), limit, a.oldest_days, warning_pct=warning, hold_days=hold
        )
        rows.append(StatusRow(code, name, people.get(sp_id) if sp_id else None, e, a.overdue, None, a))  # type: ignore[arg-type]
    return rows


def scores(*, session: Session, as_of: date, codes: list[str]) -> dict[str, rules.Score]:
    """The score of the given customers (their documents only)."""
    if not codes:
        return {}
    edges, _warning, _hold = settings(session)
    weights = score_weights(session)
    customers = {c.id: c for c in session.exec(select(Customer).where(col(Customer.code).in_(codes))).all()}
    out = {c.code: rules.score([], overdue=ZERO, oldest_overdue_days=0,
                               months_as_customer=rules.months_between(c.customer_since, as_of),
                               sales_12m=ZERO, terms_days=c.terms_days, weights=weights)
           for c in customers.values()}  # fmt: skip
    for cid, items, receipts, _ids in stream_documents(session, as_of, list(customers)):
        c = customers[cid]
        a = rules.age(items, receipts, as_of, edges)
        out[c.code] = _score(c, items, receipts, a, as_of, weights)
    return out


def salesperson_id(session: Session, code: str) -> int:
    """The id of the salesperson with ``code``; a DataError naming it when there is none."""
    found = session.exec(select(Salesperson.id).where(Salesperson.code == code)).first()
    if found is None:
        raise DataError("salesperson", code, _("no salesperson has this code"))
    return found


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
    orders = _open_orders(session, c.id, as_of).get(c.id, ZERO)
    e = rules.exposure_status(
        a.total, orders, c.credit_limit, a.oldest_days, warning_pct=warning, hold_days=hold
    )
    sp = session.get(Salesperson, c.salesperson_id) if c.salesperson_id else None
    return StatusRow(
        c.code,
        c.name,
        sp.code if sp else None,
        e,
        a.overdue,
        _score(c, items, receipts, a, as_of, score_weights(session)),
        a,
    )


@dataclass(frozen=True)
class OpenInvoice:
    number: str
    issue_date: date
    due_date: date
    amount: Decimal
    open_amount: Decimal
    days_late: int


@dataclass(frozen=True)
class PaymentLine:
    reference: str
    date: date
    amount: Decimal
    #: (invoice number, amount applied) in the order applied; what is left is customer credit.
    applied: tuple[tuple[str, Decimal], ...]


@dataclass(frozen=True)
class CustomerCredit:
    status: StatusRow
    terms_days: int
    review_date: date | None
    note: str
    open_invoices: list[OpenInvoice]
    payments: list[PaymentLine]
    importance: rules.Importance


def customer_credit(*, session: Session, code: str, as_of: date, payments: int = 20) -> CustomerCredit:
    """One customer for the Credit room's detail: status and aging, open invoices, the latest payments
    and credit notes with what each paid."""
    from salesdesk.org.rules import allocate

    row = customer_status(session=session, code=code, as_of=as_of)
    c = _customer(session, code)
    docs = list(_documents(session, as_of, c.id))
    items, receipts = (docs[0][1], docs[0][2]) if docs else ([], [])
    allocation = allocate(items, receipts, as_of=as_of)
    by_number = {i.number: i for i in items}
    open_invoices = [
        OpenInvoice(n, by_number[n].issue_date, by_number[n].due_date, by_number[n].amount, left,
                    (as_of - by_number[n].due_date).days)
        for n, left in allocation.open_amounts.items()
        if left > 0
    ]  # fmt: skip
    open_invoices.sort(key=lambda o: (o.due_date, o.number))
    applied: dict[str, list[tuple[str, Decimal]]] = {}
    for a in allocation.applications:
        applied.setdefault(a.credit, []).append((a.invoice, a.amount))
    credits = [(r.reference, r.date, r.amount) for r in receipts]
    credits += [(i.number, i.issue_date, -i.amount) for i in items if i.amount < 0]
    credits.sort(key=lambda t: (t[1], t[0]), reverse=True)
    lines = [PaymentLine(ref, day, amount, tuple(applied.get(ref, ()))) for ref, day, amount in credits]
    return CustomerCredit(row, c.terms_days, c.credit_review_date, c.credit_note, open_invoices,
                          lines[:payments], customer_importance(session, items, as_of))  # fmt: skip


@dataclass(frozen=True)
class LimitRow:
    code: str
    name: str
    salesperson: str | None
    limit: Decimal | None
    review_date: date | None
    note: str
    #: What the customer owes now (invoices and credit notes − payments).
    outstanding: Decimal
    #: The limit is below what the customer owes (a forced lowering, or debts grown past it).
    below: bool
    due: bool


def limits(
    *, session: Session, today: date, due_within: int | None = None, salesperson: str | None = None
) -> list[LimitRow]:
    """Customers with a limit or a review date; ``due_within``: only reviews due within so many days."""
    from salesdesk.org.queries import _balance_expr

    stmt = (
        select(
            Customer.code,
            Customer.name,
            Salesperson.code,
            Customer.credit_limit,
            Customer.credit_review_date,
            Customer.credit_note,
            _balance_expr(),
        )
        .select_from(Customer)
        .outerjoin(Salesperson, col(Salesperson.id) == Customer.salesperson_id)
        .where((col(Customer.credit_limit).is_not(None)) | (col(Customer.credit_review_date).is_not(None)))
    )
    if salesperson:
        stmt = stmt.where(Customer.salesperson_id == salesperson_id(session, salesperson))
    if due_within is not None:
        if due_within < 0:
            raise DataError("--within", due_within, _("must be 0 or more days"))
        stmt = stmt.where(col(Customer.credit_review_date) <= today + timedelta(days=due_within))
        stmt = stmt.order_by(col(Customer.credit_review_date), Customer.code)
    else:
        stmt = stmt.order_by(Customer.code)
    rows = []
    for code, name, sp, limit, review, note, owed in session.exec(stmt).all():
        owed = owed or ZERO
        rows.append(
            LimitRow(
                code,
                name,
                sp,
                limit,
                review,
                note,
                owed,
                owed > (limit or ZERO),
                review is not None and review <= today,
            )
        )
    return rows


def limit_history(*, session: Session, code: str) -> list:
    """Every change of a customer's credit limit, its review date and its note, newest first (who, when,
    old → new, why)."""
    from salesdesk.core.history import history

    _customer(session, code)
    return [c for c in history(session, entity="customer", record=code) if c.field in LIMIT_FIELDS]


#: The fields of a limit approval kept in the change history, and how each is named to a user.
LIMIT_FIELDS = {
    "credit_limit": N_("limit"),
    "credit_review_date": N_("review date"),
    "credit_note": N_("note"),
}


def agings_for(
    *, session: Session, as_of: date, customer_ids: list[int] | None = None
) -> dict[int, rules.Aging]:
    """The aging of the given customers (or all) as of ``as_of``: from the ledger when it answers for that
    day, else allocated from just those customers' documents."""
    from salesdesk.credit import ledger

    edges, _warning, _hold = settings(session)
    if ledger.usable(session, as_of):
        found = ledger.aging(session, as_of, edges)
        return found if customer_ids is None else {c: found[c] for c in customer_ids if c in found}
    if customer_ids is not None and not customer_ids:
        return {}
    stored = month_end_agings(session, as_of, customer_ids)
    if stored is not None:
        return stored
    return {
        cid: rules.age(items, receipts, as_of, edges)
        for cid, items, receipts, _ids in stream_documents(session, as_of, customer_ids)
    }


def month_end_agings(
    session: Session, as_of: date, customer_ids: list[int] | None = None
) -> dict[int, rules.Aging] | None:
    """The agings the month-end receivables review stored (``credit review``) when ``as_of`` is a month's
    last day and that month's review was taken after it ended; None otherwise. Customers it does not hold
    had nothing open."""
    from salesdesk.credit.models import AgingSnapshot
    from salesdesk.credit.review import month_end, month_key

    if as_of != month_end(as_of.year, as_of.month):
        return None
    key = month_key(as_of.year, as_of.month)
    t = AgingSnapshot.__table__.c
    taken = session.exec(select(func.min(t.taken_at)).where(t.month == key)).one()
    if taken is None or taken.date() <= as_of:
        return None
    stmt = select(t.customer_id, t.not_due, t.d1_30, t.d31_60, t.d61_90, t.over_90, t.unapplied).where(
        t.month == key
    )
    wanted = None if customer_ids is None else set(customer_ids)
    out: dict[int, rules.Aging] = {}
    for cid, *amounts in session.exec(stmt).all():
        if wanted is None or cid in wanted:
            out[cid] = rules.Aging(buckets=list(amounts[:5]), unapplied=amounts[5])
    return out
