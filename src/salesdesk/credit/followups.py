"""Collection follow-ups: record a call (who, what was agreed, a promise to pay, the next action), list them
with each promise kept, broken or pending, and today's worklist of whom to call.

A promise is kept when the customer's payments from the follow-up's day to the promised date reach the
promised amount (``rules.promise_status``). The worklist reads every customer's aging (from the
receivables ledger when it answers for today) and orders by open amount × days past due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Integer, String, and_, func, type_coerce
from sqlmodel import Session, col, select

from salesdesk.core.errors import DataError, UsageProblem
from salesdesk.core.i18n import _
from salesdesk.credit import rules
from salesdesk.credit.models import FollowUp
from salesdesk.credit.queries import _agings, _customer, salesperson_id, settings
from salesdesk.org.models import Customer, Invoice, Payment, Salesperson
from salesdesk.org.rules import clean_text

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class FollowUpRow:
    id: int
    code: str
    name: str
    date: date
    contact: str
    agreed: str
    invoice: str | None
    promised_amount: Decimal | None
    promised_date: date | None
    next_action_date: date | None
    salesperson: str | None
    #: What the customer paid from the follow-up's day to the promised date (not after the as-of date).
    paid: Decimal
    #: kept / broken / pending, or None without a promise.
    promise_status: str | None
    customer_id: int = 0


def add_followup(
    *,
    session: Session,
    customer: str,
    date: date,
    contact: str = "",
    agreed: str = "",
    promised_amount: Decimal | None = None,
    promised_date: date | None = None,
    next_action_date: date | None = None,
    invoice: str | None = None,
    salesperson: str | None = None,
) -> FollowUpRow:
    """Record a collection follow-up with a customer (the salesperson defaults to the customer's)."""
    c = _customer(session, customer)
    rules.check_followup(
        day=date,
        promised_amount=promised_amount,
        promised_date=promised_date,
        next_action_date=next_action_date,
        contact=contact,
        agreed=agreed,
    )
    contact = clean_text(contact, "contact")
    same = session.exec(
        select(FollowUp.id).where(
            FollowUp.customer_id == c.id, FollowUp.date == date, FollowUp.contact == contact
        )
    ).first()
    if same is not None:  # customer, day and contact are what a file of follow-ups matches on
        raise DataError(
            "contact",
            contact,
            _("follow-up {id} already has this customer, day and contact; name the contact apart").format(
                id=same
            ),
        )
    invoice_id = None
    if invoice:
        found = session.exec(select(Invoice.id, Invoice.customer_id).where(Invoice.number == invoice)).first()
        if found is None:
            raise DataError("invoice", invoice, _("no invoice has this number"))
        if found[1] != c.id:
            raise DataError("invoice", invoice, _("belongs to another customer"))
        invoice_id = found[0]
    row = FollowUp(
        customer_id=c.id,  # type: ignore[arg-type]
        invoice_id=invoice_id,
        date=date,
        contact=contact,
        agreed=clean_text(agreed, "agreed"),
        promised_amount=promised_amount,
        promised_date=promised_date,
        next_action_date=next_action_date,
        salesperson_id=salesperson_id(session, salesperson) if salesperson else c.salesperson_id,
    )
    session.add(row)
    session.flush()
    return list_followups(session=session, as_of=date, ids=[row.id])[0]  # type: ignore[list-item]


def _paid_expr(as_of: date):  # noqa: ANN202
    """What the follow-up's customer paid from its day to min(promised date, as-of), in hundredths."""
    p = Payment.__table__
    f = FollowUp.__table__
    day = type_coerce(p.c.date, String)
    end = func.min(type_coerce(f.c.promised_date, String), as_of.isoformat())
    return (
        select(func.coalesce(func.sum(type_coerce(p.c.amount, Integer)), 0))
        .where(
            and_(
                p.c.customer_id == f.c.customer_id,
                day >= type_coerce(f.c.date, String),
                day <= end,
            )
        )
        .scalar_subquery()
    )


def list_followups(
    *,
    session: Session,
    as_of: date,
    customer: str | None = None,
    salesperson: str | None = None,
    status: str | None = None,
    ids: list[int] | None = None,
    latest: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> list[FollowUpRow]:
    """Follow-ups newest first, each promise judged as of ``as_of``; ``status`` keeps only kept, broken
    or pending promises; ``latest``: only each customer's latest follow-up (by date, then entry)."""
    if status is not None and status not in rules.PROMISE_STATUSES:
        raise UsageProblem(
            "--status",
            status,
            _("must be one of: {choices}").format(choices=", ".join(rules.PROMISE_STATUSES)),
        )
    f = FollowUp.__table__
    stmt = (
        select(
            f.c.id,
            Customer.code,
            Customer.name,
            f.c.date,
            f.c.contact,
            f.c.agreed,
            Invoice.number,
            f.c.promised_amount,
            f.c.promised_date,
            f.c.next_action_date,
            Salesperson.code,
            _paid_expr(as_of),
            f.c.customer_id,
        )
        .select_from(f)
        .join(Customer, col(Customer.id) == f.c.customer_id)
        .outerjoin(Invoice, col(Invoice.id) == f.c.invoice_id)
        .outerjoin(Salesperson, col(Salesperson.id) == f.c.salesperson_id)
        .where(f.c.date <= as_of)
        .order_by(f.c.date.desc(), f.c.id.desc())
    )
    if customer is not None:
        stmt = stmt.where(f.c.customer_id == _customer(session, customer).id)
    if salesperson is not None:
        stmt = stmt.where(f.c.salesperson_id == salesperson_id(session, salesperson))
    if ids is not None:
        stmt = stmt.where(f.c.id.in_(ids))
    if latest:
        stmt = stmt.where(f.c.id.in_(_latest_ids(as_of)))
    if status is None:  # without a status filter the database pages
        if offset:
            stmt = stmt.offset(offset)
        if limit is not None:
            stmt = stmt.limit(limit)
    rows = []
    for fid, code, name, day, contact, agreed, number, amount, promised, action, sp, paid, cid in (
        session.exec(stmt).all()  # type: ignore[call-overload]
    ):
        paid_amount = Decimal(paid).scaleb(-2) if promised is not None else ZERO
        rows.append(
            FollowUpRow(
                fid,
                code,
                name,
                day,
                contact,
                agreed,
                number,
                amount,
                promised,
                action,
                sp,
                paid_amount,
                rules.promise_status(amount, promised, paid_amount, as_of),
                cid,
            )
        )
    if status is not None:
        rows = [r for r in rows if r.promise_status == status]
        rows = rows[offset:]
        if limit is not None:
            rows = rows[:limit]
    return rows


@dataclass(frozen=True)
class CallRow:
    """One customer to call today."""

    code: str
    name: str
    salesperson: str | None
    phone: str
    overdue: Decimal
    oldest_overdue_days: int
    #: Σ open amount × days past due: the order of the worklist.
    amount_days: Decimal
    reason: str
    last_followup: date | None
    contact: str
    next_action_date: date | None
    promise_status: str | None
    promised_amount: Decimal | None
    promised_date: date | None


def worklist(*, session: Session, today: date, salesperson: str | None = None) -> list[CallRow]:
    """Whom to call today: a broken promise, a next action due, or money overdue with nothing planned;
    ordered by open amount × days past due (largest first), then code."""
    sp_id = salesperson_id(session, salesperson) if salesperson else None
    edges, _warning, _hold = settings(session)
    agings = dict(_agings(session, today, edges))
    latest = _latest_followups(session, today)
    stmt = select(Customer.id, Customer.code, Customer.name, Customer.phone, Salesperson.code).outerjoin(
        Salesperson, col(Salesperson.id) == Customer.salesperson_id
    )
    if sp_id is not None:
        stmt = stmt.where(Customer.salesperson_id == sp_id)
    calls = []
    for cid, code, name, phone, sp in session.exec(stmt).all():
        a = agings.get(cid)
        last = latest.get(cid)
        if a is None and last is None:
            continue
        a = a or rules.Aging()
        reason = rules.worklist_reason(
            overdue=a.overdue,
            next_action_date=last.next_action_date if last else None,
            promise=last.promise_status if last else None,
            today=today,
        )
        if reason is None:
            continue
        calls.append(
            CallRow(
                code,
                name,
                sp,
                phone,
                a.overdue,
                a.oldest_days,
                a.overdue_amount_days,
                reason,
                last.date if last else None,
                last.contact if last else "",
                last.next_action_date if last else None,
                last.promise_status if last else None,
                last.promised_amount if last else None,
                last.promised_date if last else None,
            )
        )
    calls.sort(key=lambda c: (-c.amount_days, -c.overdue, c.code))
    return calls


def _latest_ids(as_of: date):  # noqa: ANN202
    """The id of each customer's latest follow-up on or before ``as_of`` (by date, then entry)."""
    f = FollowUp.__table__
    g = f.alias("g")
    latest_day = (
        select(func.max(g.c.date))
        .where(g.c.customer_id == f.c.customer_id, g.c.date <= as_of)
        .scalar_subquery()
    )
    return select(func.max(f.c.id)).where(f.c.date == latest_day).group_by(f.c.customer_id)


def _latest_followups(session: Session, as_of: date) -> dict[int, FollowUpRow]:
    return {r.customer_id: r for r in list_followups(session=session, as_of=as_of, latest=True)}
