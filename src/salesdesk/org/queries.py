"""Reads and writes of the org room. Functions take keyword arguments and a session and return plain
dataclasses (never live ORM objects), so screens and commands can use them on any thread."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col, select

from salesdesk.core.db import contains_text
from salesdesk.core.dbtypes import as_money
from salesdesk.core.errors import DataError
from salesdesk.core.history import record_change
from salesdesk.core.i18n import _
from salesdesk.core.money import ZERO
from salesdesk.org import rules
from salesdesk.org.models import (
    Customer,
    CustomerGroup,
    Invoice,
    Order,
    Payment,
    Product,
    Salesperson,
    Territory,
)

#: Customer fields whose changes are decisions kept in the change history.
CUSTOMER_HISTORY_FIELDS = ("credit_limit", "tier", "terms_days", "salesperson_id")

# --------------------------------------------------------------------------- helpers


def _id_for(session: Session, model: type[SQLModel], key: str, field_name: str, what: str) -> int:
    column = model.number if hasattr(model, "number") else model.code  # type: ignore[attr-defined]
    found = session.exec(select(model.id).where(column == key)).first()  # type: ignore[attr-defined]
    if found is None:
        raise DataError(field_name, key, _("no {what} has this code").format(what=what))
    return found


def _optional_id(
    session: Session, model: type[SQLModel], key: str | None, field_name: str, what: str
) -> int | None:
    return _id_for(session, model, key, field_name, what) if key else None


def _refuse_duplicate(session: Session, model: type[SQLModel], key: str, field_name: str) -> None:
    column = (
        model.number
        if hasattr(model, "number")
        # type: ignore[attr-defined]
        else (
            model.reference if hasattr(model, "reference") else model.code  # type: ignore[attr-defined]
        )
    )
    if session.exec(select(model.id).where(column == key)).first() is not None:  # type: ignore[attr-defined]
        raise DataError(field_name, key, _("already exists"))


def _codes(session: Session, model: type[SQLModel]) -> dict[int, str]:
    return dict(session.exec(select(model.id, model.code)).all())  # type: ignore[attr-defined]


def _flush(session: Session, field_name: str, key: str) -> None:
    try:
        session.flush()
    except IntegrityError as exc:
        raise DataError(field_name, key, _("refused by the database: {error}").format(error=exc.orig))


# --------------------------------------------------------------------------- territories, groups, salespeople


@dataclass(frozen=True)
class TerritoryRow:
    code: str
    name: str
    parent: str | None


def add_territory(*, session: Session, code: str, name: str, parent: str | None = None) -> TerritoryRow:
    code = rules.clean_code(code)
    name = rules.clean_text(name, "name", required=True)
    _refuse_duplicate(session, Territory, code, "code")
    parent_id = _optional_id(session, Territory, (parent or "").strip() or None, "parent", _("territory"))
    session.add(Territory(code=code, name=name, parent_id=parent_id))
    _flush(session, "code", code)
    return TerritoryRow(code, name, parent or None)


def list_territories(*, session: Session) -> list[TerritoryRow]:
    codes = _codes(session, Territory)
    rows = session.exec(select(Territory).order_by(Territory.code)).all()
    return [TerritoryRow(t.code, t.name, codes.get(t.parent_id) if t.parent_id else None) for t in rows]


@dataclass(frozen=True)
class GroupRow:
    code: str
    name: str


def add_group(*, session: Session, code: str, name: str) -> GroupRow:
    code = rules.clean_code(code)
    name = rules.clean_text(name, "name", required=True)
    _refuse_duplicate(session, CustomerGroup, code, "code")
    session.add(CustomerGroup(code=code, name=name))
    _flush(session, "code", code)
    return GroupRow(code, name)


def list_groups(*, session: Session) -> list[GroupRow]:
    return [
        GroupRow(g.code, g.name) for g in session.exec(select(CustomerGroup).order_by(CustomerGroup.code))
    ]


@dataclass(frozen=True)
class SalespersonRow:
    code: str
    name: str
    email: str
    phone: str
    territory: str | None
    hire_date: date | None
    status: str
    role: str = "sales_rep"


def add_salesperson(
    *,
    session: Session,
    code: str,
    name: str,
    email: str = "",
    phone: str = "",
    territory: str | None = None,
    hire_date: str | date | None = None,
    status: str = "active",
    role: str = "sales_rep",
) -> SalespersonRow:
    from salesdesk.org.assignments import clean_role

    row = SalespersonRow(
        code=rules.clean_code(code),
        name=rules.clean_text(name, "name", required=True),
        email=rules.clean_email(email),
        phone=rules.clean_phone(phone),
        territory=(territory or "").strip() or None,
        hire_date=rules.clean_date(hire_date, "hire_date", required=False),
        status=rules.clean_choice(status or "active", rules.SALESPERSON_STATUSES, "status"),
        role=clean_role(role or "sales_rep"),
    )
    _refuse_duplicate(session, Salesperson, row.code, "code")
    territory_id = _optional_id(session, Territory, row.territory, "territory", _("territory"))
    session.add(
        Salesperson(
            code=row.code,
            name=row.name,
            email=row.email,
            phone=row.phone,
            territory_id=territory_id,
            hire_date=row.hire_date,
            status=row.status,
            role=row.role,
        )
    )
    _flush(session, "code", row.code)
    return row


def list_salespeople(*, session: Session) -> list[SalespersonRow]:
    codes = _codes(session, Territory)
    return [
        SalespersonRow(
            s.code,
            s.name,
            s.email,
            s.phone,
            codes.get(s.territory_id) if s.territory_id else None,
            s.hire_date,
            s.status,
            s.role,
        )
        for s in session.exec(select(Salesperson).order_by(Salesperson.code))
    ]


# --------------------------------------------------------------------------- customers


@dataclass(frozen=True)
class CustomerRow:
    code: str
    name: str
    city: str
    salesperson: str | None
    salesperson_name: str | None
    tier: str
    balance: Decimal


@dataclass(frozen=True)
class DocumentRow:
    number: str
    date: date
    due_date: date | None
    amount: Decimal
    open_amount: Decimal | None = None


@dataclass
class CustomerDetail:
    code: str
    name: str
    tax_id: str
    territory: str | None
    territory_name: str | None
    group: str | None
    group_name: str | None
    salesperson: str | None
    salesperson_name: str | None
    tier: str
    terms_days: int
    credit_limit: Decimal | None
    city: str
    email: str
    phone: str
    customer_since: date | None
    balance: Decimal = ZERO
    overdue: Decimal = ZERO
    unapplied: Decimal = ZERO
    open_orders: Decimal = ZERO
    recent_invoices: list[DocumentRow] = field(default_factory=list)
    recent_payments: list[DocumentRow] = field(default_factory=list)


def _balance_expr(as_of: date | None = None):  # noqa: ANN202
    """Σ invoices − Σ payments of the outer customer row (dated on or before ``as_of``), as subqueries."""
    invoiced = select(func.coalesce(func.sum(Invoice.amount), 0)).where(Invoice.customer_id == Customer.id)
    paid = select(func.coalesce(func.sum(Payment.amount), 0)).where(Payment.customer_id == Customer.id)
    if as_of is not None:
        invoiced = invoiced.where(Invoice.issue_date <= as_of)
        paid = paid.where(Payment.date <= as_of)
    return as_money(invoiced.scalar_subquery() - paid.scalar_subquery())


def _customer_filter(stmt, search: str):  # noqa: ANN001, ANN202
    search = (search or "").strip()
    if not search:
        return stmt
    columns = (Customer.code, Customer.name, Customer.city, Salesperson.name, Salesperson.code)
    return stmt.where(or_(*(contains_text(col(c), search) for c in columns)))


def count_customers(*, session: Session, search: str = "") -> int:
    stmt = (
        select(func.count(Customer.id))
        .select_from(Customer)
        .outerjoin(Salesperson, Salesperson.id == Customer.salesperson_id)
    )
    return session.exec(_customer_filter(stmt, search)).one()


def list_customers(
    *,
    session: Session,
    search: str = "",
    limit: int | None = None,
    offset: int = 0,
    as_of: date | None = None,
) -> list[CustomerRow]:
    """One page of customers (by code) matching ``search`` in code, name, city or salesperson.

    The search ignores case and accents. Balances count documents dated on or before ``as_of``
    (every document when None).
    """
    stmt = (
        select(
            Customer.code,
            Customer.name,
            Customer.city,
            Salesperson.code,
            Salesperson.name,
            Customer.tier,
            _balance_expr(as_of),
        )
        .select_from(Customer)
        .outerjoin(Salesperson, Salesperson.id == Customer.salesperson_id)
    )
    stmt = _customer_filter(stmt, search).order_by(Customer.code).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [
        CustomerRow(code, name, city, sp, sp_name, tier, balance)
        for code, name, city, sp, sp_name, tier, balance in session.exec(stmt).all()
    ]


def _resolve_refs(session: Session, clean: dict[str, object]) -> dict[str, object]:
    values = dict(clean)
    for key, model, attr, what in (
        ("territory", Territory, "territory_id", _("territory")),
        ("group", CustomerGroup, "group_id", _("customer group")),
        ("salesperson", Salesperson, "salesperson_id", _("salesperson")),
    ):
        if key in values:
            code = values.pop(key)
            values[attr] = _id_for(session, model, str(code), key, what) if code else None
    return values


def add_customer(
    *, session: Session, code: str, data: dict[str, str | None], locale: str, now: datetime
) -> str:
    """Create a customer from raw input; everything is validated before anything is written."""
    code = rules.clean_code(code)
    values = _resolve_refs(session, rules.clean_customer(data, locale))
    _refuse_duplicate(session, Customer, code, "code")
    customer = Customer(code=code, **values)
    session.add(customer)
    _flush(session, "code", code)
    if customer.salesperson_id is not None:
        from salesdesk.org.assignments import open_assignment

        since = customer.customer_since
        start = since if since is not None and since <= now.date() else None  # a future one: from now on
        open_assignment(session, customer, customer.salesperson_id, start, today=now.date(), now=now)
    if customer.credit_limit is not None:
        record_change(
            session,
            entity="customer",
            record=code,
            field="credit_limit",
            old=None,
            new=customer.credit_limit,
            when=now,
            note=_("set when the customer was created"),
        )
    return code


def edit_customer(
    *, session: Session, code: str, data: dict[str, str | None], locale: str, now: datetime, note: str = ""
) -> list[str]:
    """Change the given fields of a customer; returns the names of the fields that changed.

    Changes to credit limit, tier, terms and salesperson go to the change history.
    """
    customer = session.exec(select(Customer).where(Customer.code == code)).first()
    if customer is None:
        raise DataError("customer", code, _("no customer has this code"))
    values = _resolve_refs(session, rules.clean_customer(data, locale, partial=True))
    changed = []
    sp_codes = _codes(session, Salesperson)
    for key, new in values.items():
        old = getattr(customer, key)
        if old == new:
            continue
        if key == "credit_limit":
            rules.check_credit_limit(old, new, outstanding(session, customer.id))  # type: ignore[arg-type]
        if key in CUSTOMER_HISTORY_FIELDS:
            shown_old = sp_codes.get(old) if key == "salesperson_id" and old else old
            shown_new = sp_codes.get(new) if key == "salesperson_id" and new else new
            record_change(
                session,
                entity="customer",
                record=code,
                field=key.removesuffix("_id"),
                old=shown_old,
                new=shown_new,
                when=now,
                note=note,
            )
        if key == "salesperson_id":
            _reassigned(session, customer, old, new, now, note)  # type: ignore[arg-type]
        setattr(customer, key, new)
        changed.append(key.removesuffix("_id"))
    session.add(customer)
    _flush(session, "code", code)
    return changed


def _reassigned(
    session: Session, customer: Customer, old: int | None, new: int | None, now: datetime, note: str
) -> None:
    """A salesperson changed by ``customer edit``: the assignment history gets a row from today (the
    first recorded one keeps who had it before)."""
    from salesdesk.org.assignments import has_assignments, open_assignment

    if not has_assignments(session, customer.id) and old is not None:
        open_assignment(session, customer, old, None, today=now.date(), now=now)
    open_assignment(session, customer, new, now.date(), today=now.date(), now=now, note=note)


def outstanding(session: Session, customer_id: int, as_of: date | None = None) -> Decimal:
    """What the customer owes: Σ invoices and credit notes − Σ payments (dated on or before ``as_of``)."""
    invoiced = select(func.coalesce(func.sum(Invoice.amount), 0)).where(Invoice.customer_id == customer_id)
    paid = select(func.coalesce(func.sum(Payment.amount), 0)).where(Payment.customer_id == customer_id)
    if as_of is not None:
        invoiced = invoiced.where(Invoice.issue_date <= as_of)
        paid = paid.where(Payment.date <= as_of)
    return session.exec(select(as_money(invoiced.scalar_subquery() - paid.scalar_subquery()))).one()


@dataclass(frozen=True)
class LimitChange:
    code: str
    old: Decimal | None
    new: Decimal | None
    outstanding: Decimal
    review_date: date | None
    #: Lowered below what the customer owes, with --force.
    flagged: bool


_KEEP = object()


def set_credit_limit(
    *,
    session: Session,
    code: str,
    amount: Decimal | None,
    now: datetime,
    review_date: date | None | object = _KEEP,
    note: str = "",
    force: bool = False,
    force_hint: str = rules.FORCE_HINT,
) -> LimitChange:
    """Approve a customer's credit limit (None or 0: no credit), with its review date and a note (the
    approval's why: it replaces the earlier one).

    Every change of the limit, the review date and the note goes to the change history with the note; a
    forced lowering below what the customer owes says so in the history."""
    customer = session.exec(select(Customer).where(Customer.code == code)).first()
    if customer is None:
        raise DataError("customer", code, _("no customer has this code"))
    text = rules.clean_text(note, "note")
    amount = amount or None  # 0 and empty are the same: no credit
    owed = outstanding(session, customer.id)  # type: ignore[arg-type]
    flagged = rules.check_credit_limit(
        customer.credit_limit, amount, owed, force=force, force_hint=force_hint
    )
    why = text
    if flagged:
        mark = _("forced below what the customer owed ({amount})").format(amount=owed)
        why = f"{why} — {mark}" if why else mark
    old = customer.credit_limit or None
    changes = [("credit_limit", old, amount)]
    if review_date is not _KEEP:
        changes.append(("credit_review_date", customer.credit_review_date, review_date))
    changes.append(("credit_note", customer.credit_note or "", text))
    for name, before, after in changes:
        record_change(
            session, entity="customer", record=code, field=name, old=before, new=after, when=now, note=why
        )
    customer.credit_limit = amount
    if review_date is not _KEEP:
        customer.credit_review_date = review_date  # type: ignore[assignment]
    customer.credit_note = text
    session.add(customer)
    _flush(session, "code", code)
    return LimitChange(code, old, amount, owed, customer.credit_review_date, flagged)


def _documents(session: Session, customer_id: int) -> tuple[list[rules.Item], list[rules.Receipt]]:
    items = [
        rules.Item(n, i, d, a)
        for n, i, d, a in session.exec(
            select(Invoice.number, Invoice.issue_date, Invoice.due_date, Invoice.amount).where(
                Invoice.customer_id == customer_id
            )
        ).all()
    ]
    receipts = [
        rules.Receipt(r, d, a, inv)
        for r, d, a, inv in session.exec(
            select(Payment.reference, Payment.date, Payment.amount, Invoice.number)
            .outerjoin(Invoice, col(Invoice.id) == Payment.invoice_id)
            .where(Payment.customer_id == customer_id)
        ).all()
    ]
    return items, receipts


def customer_allocation(*, session: Session, code: str, as_of: date | None = None) -> rules.Allocation:
    customer_id = _id_for(session, Customer, code, "customer", _("customer"))
    items, receipts = _documents(session, customer_id)
    return rules.allocate(items, receipts, as_of=as_of)


def customer_detail(*, session: Session, code: str, today: date, recent: int = 10) -> CustomerDetail:
    """Every field of one customer, its open balance and overdue amount, recent invoices and payments."""
    c = session.exec(select(Customer).where(Customer.code == code)).first()
    if c is None:
        raise DataError("customer", code, _("no customer has this code"))
    terr = session.get(Territory, c.territory_id) if c.territory_id else None
    grp = session.get(CustomerGroup, c.group_id) if c.group_id else None
    sp = session.get(Salesperson, c.salesperson_id) if c.salesperson_id else None
    items, receipts = _documents(session, c.id)  # type: ignore[arg-type]
    alloc = rules.allocate(items, receipts, as_of=today)
    due = {i.number: i.due_date for i in items}
    overdue = sum((v for n, v in alloc.open_amounts.items() if due[n] < today), ZERO)
    open_orders = session.exec(
        select(as_money(func.coalesce(func.sum(Order.amount), 0))).where(
            Order.customer_id == c.id, Order.status == "open"
        )
    ).one()

    recent_items = sorted(items, key=lambda i: (i.issue_date, i.number), reverse=True)[:recent]
    recent_receipts = sorted(receipts, key=lambda r: (r.date, r.reference), reverse=True)[:recent]
    return CustomerDetail(
        code=c.code,
        name=c.name,
        tax_id=c.tax_id,
        territory=terr.code if terr else None,
        territory_name=terr.name if terr else None,
        group=grp.code if grp else None,
        group_name=grp.name if grp else None,
        salesperson=sp.code if sp else None,
        salesperson_name=sp.name if sp else None,
        tier=c.tier,
        terms_days=c.terms_days,
        credit_limit=c.credit_limit,
        city=c.city,
        email=c.email,
        phone=c.phone,
        customer_since=c.customer_since,
        balance=alloc.balance,
        overdue=overdue,
        unapplied=alloc.unapplied,
        open_orders=open_orders,
        recent_invoices=[
            DocumentRow(
                i.number,
                i.issue_date,
                i.due_date,
                i.amount,
                alloc.open_amounts.get(i.number, ZERO) if i.issue_date <= today else None,
            )
            for i in recent_items
        ],
        recent_payments=[DocumentRow(r.reference, r.date, None, r.amount) for r in recent_receipts],
    )


# --------------------------------------------------------------------------- products


@dataclass(frozen=True)
class ProductRow:
    code: str
    name: str
    product_line: str
    list_price: Decimal
    max_discount: Decimal
    needs_installation: bool


def add_product(
    *,
    session: Session,
    code: str,
    name: str,
    product_line: str = "",
    list_price: str | Decimal = "0",
    max_discount: str | None = None,
    needs_installation: str | bool = False,
    locale: str = "en_US",
) -> ProductRow:
    row = ProductRow(
        code=rules.clean_code(code),
        name=rules.clean_text(name, "name", required=True),
        product_line=rules.clean_text(product_line, "product_line", max_len=80),
        list_price=rules.clean_money(list_price, "list_price", locale) or ZERO,
        max_discount=rules.clean_percent(max_discount, "max_discount", locale),
        needs_installation=rules.clean_bool(needs_installation, "needs_installation"),
    )
    _refuse_duplicate(session, Product, row.code, "code")
    session.add(Product(**row.__dict__))
    _flush(session, "code", row.code)
    return row


def list_products(*, session: Session) -> list[ProductRow]:
    return [
        ProductRow(p.code, p.name, p.product_line, p.list_price, p.max_discount, p.needs_installation)
        for p in session.exec(select(Product).order_by(Product.code))
    ]


# --------------------------------------------------------------------------- orders, invoices, payments


@dataclass(frozen=True)
class OrderRow:
    number: str
    customer: str
    salesperson: str | None
    date: date
    amount: Decimal
    status: str


def _customer(session: Session, code: str) -> Customer:
    c = session.exec(select(Customer).where(Customer.code == (code or "").strip())).first()
    if c is None:
        raise DataError("customer", code, _("no customer has this code"))
    return c


def _salesperson_id(session: Session, code: str | None, customer: Customer) -> int | None:
    code = (code or "").strip()
    return (
        _id_for(session, Salesperson, code, "salesperson", _("salesperson"))
        if code
        else customer.salesperson_id
    )


def add_order(
    *,
    session: Session,
    number: str,
    customer: str,
    amount: str | Decimal,
    locale: str,
    today: date,
    order_date: str | date | None = None,
    salesperson: str | None = None,
    status: str = "open",
) -> OrderRow:
    number = rules.clean_code(number, "number")
    amount_d = rules.clean_money(amount, "amount", locale)
    when = rules.clean_date(order_date, "date", required=False) or today
    status = rules.clean_choice(status or "open", rules.ORDER_STATUSES, "status")
    cust = _customer(session, customer)
    _refuse_duplicate(session, Order, number, "number")
    sp_id = _salesperson_id(session, salesperson, cust)
    session.add(
        Order(
            number=number,
            customer_id=cust.id,
            salesperson_id=sp_id,
            date=when,
            amount=amount_d,
            status=status,
        )
    )
    _flush(session, "number", number)
    sp_code = _codes(session, Salesperson).get(sp_id) if sp_id else None
    return OrderRow(number, cust.code, sp_code, when, amount_d, status)  # type: ignore[arg-type]


def set_order_status(*, session: Session, number: str, status: str, now: datetime, note: str = "") -> str:
    """Move an order to ``status`` if the status table allows it; the change goes to the history.

    Returns the new status code.
    """
    order = session.exec(select(Order).where(Order.number == number)).first()
    if order is None:
        raise DataError("order", number, _("no order has this number"))
    new = rules.check_order_transition(order.status, status)
    if new != order.status:
        record_change(
            session,
            entity="order",
            record=number,
            field="status",
            old=order.status,
            new=new,
            when=now,
            note=note,
        )
        order.status = new
        session.add(order)
    return new


def list_orders(
    *,
    session: Session,
    customer: str | None = None,
    status: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[OrderRow]:
    stmt = (
        select(Order.number, Customer.code, Salesperson.code, Order.date, Order.amount, Order.status)
        .join(Customer, col(Customer.id) == Order.customer_id)
        .outerjoin(Salesperson, col(Salesperson.id) == Order.salesperson_id)
    )
    if customer:
        stmt = stmt.where(Customer.code == customer)
    if status:
        stmt = stmt.where(Order.status == rules.clean_choice(status, rules.ORDER_STATUSES, "status"))
    stmt = stmt.order_by(col(Order.date).desc(), col(Order.number).desc()).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [OrderRow(*row) for row in session.exec(stmt).all()]


@dataclass(frozen=True)
class InvoiceRow:
    number: str
    customer: str
    salesperson: str | None
    issue_date: date
    due_date: date
    amount: Decimal


def add_invoice(
    *,
    session: Session,
    number: str,
    customer: str,
    amount: str | Decimal,
    locale: str,
    today: date,
    issue_date: str | date | None = None,
    due_date: str | date | None = None,
    salesperson: str | None = None,
) -> InvoiceRow:
    """Record an invoice (negative: a credit note); the due date defaults to issue + customer's terms."""
    number = rules.clean_code(number, "number")
    amount_d = rules.clean_money(amount, "amount", locale, allow_negative=True)
    if amount_d == 0:
        raise DataError("amount", str(amount), _("must not be zero"))
    issue = rules.clean_date(issue_date, "issue_date", required=False) or today
    cust = _customer(session, customer)
    due = rules.clean_date(due_date, "due_date", required=False) or rules.default_due_date(
        issue, cust.terms_days
    )
    if due < issue:
        raise DataError(
            "due_date", due.isoformat(), _("is before the issue date {issue}").format(issue=issue)
        )
    _refuse_duplicate(session, Invoice, number, "number")
    sp_id = _salesperson_id(session, salesperson, cust)
    session.add(
        Invoice(
            number=number,
            customer_id=cust.id,
            salesperson_id=sp_id,
            issue_date=issue,
            due_date=due,
            amount=amount_d,
        )
    )
    _flush(session, "number", number)
    sp_code = _codes(session, Salesperson).get(sp_id) if sp_id else None
    return InvoiceRow(number, cust.code, sp_code, issue, due, amount_d)  # type: ignore[arg-type]


def list_invoices(
    *,
    session: Session,
    customer: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[InvoiceRow]:
    stmt = (
        select(
            Invoice.number,
            Customer.code,
            Salesperson.code,
            Invoice.issue_date,
            Invoice.due_date,
            Invoice.amount,
        )
        .join(Customer, col(Customer.id) == Invoice.customer_id)
        .outerjoin(Salesperson, col(Salesperson.id) == Invoice.salesperson_id)
    )
    if customer:
        stmt = stmt.where(
            Invoice.customer_id == _id_for(session, Customer, customer, "customer", _("customer"))
        )
    if date_from:
        stmt = stmt.where(Invoice.issue_date >= date_from)
    if date_to:
        stmt = stmt.where(Invoice.issue_date <= date_to)
    stmt = stmt.order_by(col(Invoice.issue_date).desc(), col(Invoice.number).desc()).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [InvoiceRow(*row) for row in session.exec(stmt).all()]


@dataclass(frozen=True)
class PaymentRow:
    reference: str
    customer: str
    date: date
    amount: Decimal
    invoice: str | None


@dataclass(frozen=True)
class PaymentResult:
    payment: PaymentRow
    applied: list[rules.Application]
    unapplied: Decimal


def add_payment(
    *,
    session: Session,
    reference: str,
    customer: str,
    amount: str | Decimal,
    locale: str,
    today: date,
    payment_date: str | date | None = None,
    invoice: str | None = None,
) -> PaymentResult:
    """Record a payment and return how it applies: named invoice first, then oldest first, then credit."""
    reference = rules.clean_code(reference, "reference")
    amount_d = rules.clean_money(amount, "amount", locale)
    if amount_d is None or amount_d <= 0:
        raise DataError("amount", str(amount), _("must be greater than zero"))
    when = rules.clean_date(payment_date, "date", required=False) or today
    cust = _customer(session, customer)
    invoice_id = None
    invoice = (invoice or "").strip() or None
    if invoice:
        inv = session.exec(select(Invoice).where(Invoice.number == invoice)).first()
        if inv is None:
            raise DataError("invoice", invoice, _("no invoice has this number"))
        if inv.customer_id != cust.id:
            raise DataError("invoice", invoice, _("belongs to another customer"))
        invoice_id = inv.id
    _refuse_duplicate(session, Payment, reference, "reference")
    session.add(
        Payment(reference=reference, customer_id=cust.id, date=when, amount=amount_d, invoice_id=invoice_id)
    )
    _flush(session, "reference", reference)
    alloc = customer_allocation(session=session, code=cust.code)
    applied = [a for a in alloc.applications if a.credit == reference]
    unapplied = amount_d - sum((a.amount for a in applied), ZERO)
    return PaymentResult(PaymentRow(reference, cust.code, when, amount_d, invoice), applied, unapplied)


def list_payments(
    *,
    session: Session,
    customer: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[PaymentRow]:
    stmt = (
        select(Payment.reference, Customer.code, Payment.date, Payment.amount, Invoice.number)
        .join(Customer, col(Customer.id) == Payment.customer_id)
        .outerjoin(Invoice, col(Invoice.id) == Payment.invoice_id)
    )
    if customer:
        stmt = stmt.where(
            Payment.customer_id == _id_for(session, Customer, customer, "customer", _("customer"))
        )
    if date_from:
        stmt = stmt.where(Payment.date >= date_from)
    if date_to:
        stmt = stmt.where(Payment.date <= date_to)
    stmt = stmt.order_by(col(Payment.date).desc(), col(Payment.reference).desc()).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [PaymentRow(*row) for row in session.exec(stmt).all()]
