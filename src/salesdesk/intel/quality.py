"""The data-quality audit (``salesdesk check`` and the Intel room's findings): likely duplicate customers,
missing master data, payments beyond what was owed, due dates before issue dates, unusual amounts, orders
left open, salespeople no longer active who still own customers. Each rule is one SQL pass; every finding
says how serious it is and how to fix it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import BigInteger, func, select, type_coerce
from sqlmodel import Session

from salesdesk.core.business import rule_values
from salesdesk.core.i18n import _
from salesdesk.core.money import from_minor
from salesdesk.intel import room
from salesdesk.intel.rules import Finding, leave_one_out, similar_pairs, sort_findings, unusual
from salesdesk.org.models import Customer, Invoice, Order, Payment, Salesperson
from salesdesk.org.rules import STATUS_LABELS

Check = Callable[[Session, date, dict], list[Finding]]


def _cents(column):  # noqa: ANN001, ANN202
    """A money column as its stored integer hundredths (sums of squares are no money)."""
    return type_coerce(column, BigInteger)


def duplicates(session: Session, today: date, values: dict) -> list[Finding]:
    """Same tax id and alike names: a duplicate (error). Same tax id only: a warning (branches of one
    company share it). Alike names with at most one tax id: a warning (two different tax ids are two
    companies)."""
    cu = Customer.__table__.c
    rows = {code: (name, tax) for code, name, tax in session.execute(select(cu.code, cu.name, cu.tax_id))}
    threshold = float(values["intel.name_similarity"])
    alike = {(a, b): score for a, b, score in similar_pairs({k: v[0] for k, v in rows.items()}, threshold)}
    found: list[Finding] = []
    by_tax: dict[str, list[str]] = {}
    for code, (_name, tax) in rows.items():
        key = "".join(ch for ch in tax.upper() if ch.isalnum())
        if key:
            by_tax.setdefault(key, []).append(code)
    paired: set[tuple[str, str]] = set()
    for tax, codes in sorted(by_tax.items()):
        if len(codes) < 2:
            continue
        codes.sort()
        for i, a in enumerate(codes):
            for b in codes[i + 1 :]:
                paired.add((a, b))
                score = alike.get((a, b))
                if score is not None:
                    found.append(
                        Finding(
                            "duplicate_customer",
                            "error",
                            "customer",
                            (a, b),
                            _("{a} and {b} have the same tax id {tax} and alike names ({x} / {y})").format(
                                a=a, b=b, tax=tax, x=rows[a][0], y=rows[b][0]
                            ),
                            _("merge them: salesdesk customer merge {a} {b}").format(a=a, b=b),
                            {"tax_id": tax, "similarity": round(score, 1)},
                        )
                    )
                else:
                    found.append(
                        Finding(
                            "same_tax_id",
                            "warning",
                            "customer",
                            (a, b),
                            _("{a} and {b} have the same tax id {tax} ({x} / {y})").format(
                                a=a, b=b, tax=tax, x=rows[a][0], y=rows[b][0]
                            ),
                            _(
                                "if they are one company, merge them (salesdesk customer merge {a} {b}); "
                                "otherwise correct the tax id"
                            ).format(a=a, b=b),
                            {"tax_id": tax},
                        )
                    )
    for (a, b), score in alike.items():
        ta, tb = rows[a][1].strip(), rows[b][1].strip()
        if (a, b) in paired or (ta and tb):  # two tax ids given and different: two companies
            continue
        found.append(
            Finding(
                "similar_names",
                "warning",
                "customer",
                (a, b),
                _("{a} and {b} have alike names ({x} / {y}, {score} % alike)").format(
                    a=a, b=b, x=rows[a][0], y=rows[b][0], score=round(score)
                ),
                _("if they are one company, merge them: salesdesk customer merge {a} {b}").format(a=a, b=b),
                {"similarity": round(score, 1)},
            )
        )
    return found


def missing(session: Session, today: date, values: dict) -> list[Finding]:
    """Customers without a tax id, territory or salesperson (warnings), or without payment terms (0 days:
    for information, cash customers have them)."""
    cu = Customer.__table__.c
    found = []
    for code, name, tax, terr, sp, terms in session.execute(
        select(cu.code, cu.name, cu.tax_id, cu.territory_id, cu.salesperson_id, cu.terms_days).order_by(
            cu.code
        )
    ):
        if not (tax or "").strip():
            found.append(
                Finding(
                    "missing_tax_id",
                    "warning",
                    "customer",
                    (code,),
                    _("{code} ({name}) has no tax id").format(code=code, name=name),
                    _("salesdesk customer edit {code} --tax-id …").format(code=code),
                )
            )
        if terr is None:
            found.append(
                Finding(
                    "missing_territory",
                    "warning",
                    "customer",
                    (code,),
                    _("{code} ({name}) has no territory").format(code=code, name=name),
                    _("salesdesk customer edit {code} --territory …").format(code=code),
                )
            )
        if sp is None:
            found.append(
                Finding(
                    "missing_salesperson",
                    "warning",
                    "customer",
                    (code,),
                    _("{code} ({name}) has no salesperson").format(code=code, name=name),
                    _("salesdesk team assign {code} --to …").format(code=code),
                )
            )
        if not terms:
            found.append(
                Finding(
                    "missing_terms",
                    "info",
                    "customer",
                    (code,),
                    _("{code} ({name}) has no payment terms (0 days)").format(code=code, name=name),
                    _("if it does not pay cash: salesdesk customer edit {code} --terms …").format(code=code),
                )
            )
    return found


def overpaid(session: Session, today: date, values: dict) -> list[Finding]:
    """Customers who paid more than they were ever invoiced (to today): the excess is unapplied credit,
    often a payment recorded against the wrong customer."""
    inv, pay, cu = Invoice.__table__.c, Payment.__table__.c, Customer.__table__.c
    billed = (
        select(inv.customer_id.label("cid"), func.sum(_cents(inv.amount)).label("total"))
        .where(inv.issue_date <= today)
        .group_by(inv.customer_id)
        .subquery()
    )
    paid = (
        select(pay.customer_id.label("cid"), func.sum(_cents(pay.amount)).label("total"))
        .where(pay.date <= today)
        .group_by(pay.customer_id)
        .subquery()
    )
    stmt = (
        select(cu.code, paid.c.total, func.coalesce(billed.c.total, 0))
        .select_from(paid)
        .join(Customer.__table__, cu.id == paid.c.cid)
        .outerjoin(billed, billed.c.cid == paid.c.cid)
        .where(paid.c.total > func.coalesce(billed.c.total, 0))
        .order_by(cu.code)
    )
    found = []
    for code, paid_total, billed_total in session.execute(stmt):
        excess = from_minor(paid_total - billed_total)
        found.append(
            Finding(
                "payment_exceeds_owed",
                "warning",
                "customer",
                (code,),
                _("{code} paid {excess} more than it was invoiced").format(code=code, excess=excess),
                _(
                    "check the payments of {code}: one may belong to another customer, or an invoice "
                    "is missing"
                ).format(code=code),
                {
                    "paid": str(from_minor(paid_total)),
                    "invoiced": str(from_minor(billed_total)),
                    "excess": str(excess),
                },
            )
        )
    return found


def due_before_issue(session: Session, today: date, values: dict) -> list[Finding]:
    """Invoices due before they were issued (the database refuses new ones; older files may hold them)."""
    inv = Invoice.__table__.c
    stmt = select(inv.number, inv.issue_date, inv.due_date).where(inv.due_date < inv.issue_date)
    return [
        Finding(
            "due_before_issue",
            "error",
            "invoice",
            (number,),
            _("invoice {number} is due {due}, before it was issued {issue}").format(
                number=number, due=due, issue=issue
            ),
            _("correct the due date in the source system and import the invoice again"),
            {"issue_date": issue.isoformat(), "due_date": due.isoformat()},
        )
        for number, issue, due in session.execute(stmt.order_by(inv.number))
    ]


def unusual_amounts(session: Session, today: date, values: dict) -> list[Finding]:
    """Invoices far above the customer's usual amount (from its other invoices: more than
    ``intel.unusual_times`` their mean and four standard deviations above it) — often a typing slip
    (an extra zero)."""
    inv = Invoice.__table__.c
    cents_of = _cents(inv.amount)
    stats = (
        select(
            inv.customer_id.label("cid"),
            func.count().label("n"),
            func.sum(cents_of).label("s"),
            func.sum(cents_of * cents_of).label("q"),
        )
        .where(inv.amount > 0)
        .group_by(inv.customer_id)
        .having(func.count() >= 7)
        .subquery()
    )
    times = values["intel.unusual_times"]
    # the first cut in SQL, exactly "above ``times`` × the mean of the others": x > t·(S − x)/(n − 1)
    # ⇔ x·(n − 1 + t) > t·S
    t = float(times)
    stmt = (
        select(inv.number, cents_of, stats.c.n, stats.c.s, stats.c.q)
        .join(stats, stats.c.cid == inv.customer_id)
        .where(inv.amount > 0, cents_of * (stats.c.n - 1 + t) > stats.c.s * t)
    )
    found = []
    for number, cents, n, s, q in session.execute(stmt):
        usual = leave_one_out(n, Decimal(s), Decimal(q), Decimal(cents))
        if unusual(Decimal(cents), usual, times=times):
            found.append(
                Finding(
                    "unusual_amount",
                    "warning",
                    "invoice",
                    (number,),
                    _("invoice {number} of {amount} is far above the customer's usual {usual}").format(
                        number=number, amount=from_minor(cents), usual=from_minor(int(usual.mean))
                    ),
                    _(
                        "check the amount (an extra zero?); correct it in the source system and import "
                        "it again"
                    ),
                    {"amount": str(from_minor(cents)), "usual": str(from_minor(int(usual.mean)))},
                )
            )
    return found


def old_orders(session: Session, today: date, values: dict) -> list[Finding]:
    """Orders still open more than ``intel.open_order_days`` days after their date."""
    days = int(values["intel.open_order_days"])
    o = Order.__table__.c
    stmt = select(o.number, o.date).where(o.status == "open", o.date < today - timedelta(days=days))
    return [
        Finding(
            "old_open_order",
            "warning",
            "order",
            (number,),
            _("order {number} of {day} has been open for {n} days").format(
                number=number, day=day, n=(today - day).days
            ),
            _("invoice it or cancel it: salesdesk order status {number} invoiced|cancelled").format(
                number=number
            ),
            {"date": day.isoformat(), "days": (today - day).days},
        )
        for number, day in session.execute(stmt.order_by(o.date, o.number))
    ]


def inactive_owners(session: Session, today: date, values: dict) -> list[Finding]:
    """Salespeople who left (error) or are on leave (warning) but still own customers."""
    sp, cu = Salesperson.__table__.c, Customer.__table__.c
    stmt = (
        select(sp.code, sp.name, sp.status, func.count(cu.id))
        .join(Customer.__table__, cu.salesperson_id == sp.id)
        .where(sp.status != "active")
        .group_by(sp.code, sp.name, sp.status)
        .order_by(sp.code)
    )
    return [
        Finding(
            "inactive_owner",
            "error" if status == "left" else "warning",
            "salesperson",
            (code,),
            _("{code} ({name}) is {status} and still owns {n} customers").format(
                code=code, name=name, status=_(STATUS_LABELS.get(status, status)), n=n
            ),
            _("hand the customers over: salesdesk team assign CUSTOMER --to SALESPERSON"),
            {"status": status, "customers": n},
        )
        for code, name, status, n in session.execute(stmt)
    ]


CHECKS: list[Check] = [
    duplicates,
    missing,
    overpaid,
    due_before_issue,
    unusual_amounts,
    old_orders,
    inactive_owners,
]
RULES = (
    "duplicate_customer",
    "same_tax_id",
    "similar_names",
    "missing_tax_id",
    "missing_territory",
    "missing_salesperson",
    "missing_terms",
    "payment_exceeds_owed",
    "due_before_issue",
    "unusual_amount",
    "old_open_order",
    "inactive_owner",
)


def run_checks(*, session: Session, today: date) -> list[Finding]:
    """Every data-quality rule, errors first."""
    values = rule_values(session, room.RULES)
    found: list[Finding] = []
    for check in CHECKS:
        found.extend(check(session, today, values))
    return sort_findings(found)
