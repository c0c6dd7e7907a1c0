"""Reads and writes of the expenses room: categories, budgets, expenses, discount requests, budget status.

Spending is summed in SQL, by month, over the covering index of expenses (category, date, salesperson,
status, amount). Every change of a budget amount, a category's action or a status is kept in the change
history; an override of a "stop" budget is kept there with its reason."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, case, extract, func, type_coerce
from sqlmodel import Session, col, select

from salesdesk.core.business import rule_values
from salesdesk.core.errors import DataError
from salesdesk.core.history import record_change
from salesdesk.core.i18n import _
from salesdesk.core.periods import check_date_range
from salesdesk.expenses import rules
from salesdesk.expenses.models import Budget, DiscountRequest, Expense, ExpenseCategory
from salesdesk.expenses.room import RULES
from salesdesk.org.models import Customer, Invoice, Product, Salesperson
from salesdesk.org.rules import clean_code, clean_text

ZERO = Decimal("0.00")
Money = Callable[[Decimal], str]


# --------------------------------------------------------------------------- lookups and settings


def check_year(year: int) -> int:
    if not 1900 <= year <= 2999:
        raise DataError("year", year, _("must be a year between 1900 and 2999"))
    return year


def check_month(month: int) -> int:
    if not 1 <= month <= 12:
        raise DataError("month", month, _("must be a month from 1 to 12"))
    return month


def parse_month(text: str, field: str = "--month") -> tuple[int, int]:
    """``YYYY-MM`` as (year, month); a DataError naming the field otherwise."""
    try:
        year_text, month_text = text.strip().split("-")
        year, month = int(year_text), int(month_text)
        if len(year_text) != 4 or not 1 <= month <= 12:
            raise ValueError
    except ValueError:
        raise DataError(field, text, _("use YYYY-MM, e.g. 2026-11"))
    if not 1900 <= year <= 2999:
        raise DataError(field, text, _("must be a year between 1900 and 2999"))
    return year, month


def policy(session: Session) -> rules.DiscountPolicy:
    values = rule_values(session, RULES)
    return rules.DiscountPolicy(
        values["expenses.discount_salesperson_pct"], values["expenses.discount_manager_pct"]
    )


def alert_pct(session: Session) -> Decimal:
    return rule_values(session, RULES)["expenses.alert_pct"]


def category_name(name: str) -> str:
    """A category's name in the active language (the shipped names are translated; others as typed)."""
    return _(name) if name in rules.DEFAULT_CATEGORY_NAMES else name


def category(session: Session, code: str, *, expenses_only: bool = False) -> ExpenseCategory:
    """The category with ``code`` (any case); a DataError listing the known codes when there is none."""
    text = (code or "").strip()
    found = session.exec(select(ExpenseCategory).where(ExpenseCategory.code == text)).first()
    if found is None:
        found = session.exec(
            select(ExpenseCategory).where(func.lower(ExpenseCategory.code) == text.lower())
        ).first()
    if found is not None and expenses_only and found.code == rules.DISCOUNTS:
        raise DataError(
            "category", code, _("holds the discount budget; approved discounts spend it, not expenses")
        )
    if found is None:
        known = session.exec(select(ExpenseCategory.code).order_by(col(ExpenseCategory.position))).all()
        if expenses_only:
            known = [k for k in known if k != rules.DISCOUNTS]
        raise DataError(
            "category", code, _("unknown category; known: {choices}").format(choices=", ".join(known))
        )
    if expenses_only and not found.active:
        raise DataError("category", code, _("this category is no longer in use"))
    return found


def salesperson(session: Session, code: str, *, working: bool = False) -> Salesperson:
    """The salesperson with ``code``; with ``working``, one who has not left (new budgets and discount
    requests are for the team as it is; an expense of someone who left may still come in)."""
    found = session.exec(select(Salesperson).where(Salesperson.code == (code or "").strip())).first()
    if found is None:
        raise DataError("salesperson", code, _("no salesperson has this code"))
    if working and found.status == "left":
        raise DataError("salesperson", code, _("has left the company"))
    return found


# --------------------------------------------------------------------------- categories


@dataclass(frozen=True)
class CategoryRow:
    code: str
    name: str
    position: int
    active: bool
    annual_action: str
    monthly_action: str


def list_categories(*, session: Session, include_inactive: bool = True) -> list[CategoryRow]:
    stmt = select(ExpenseCategory).order_by(col(ExpenseCategory.position), col(ExpenseCategory.code))
    if not include_inactive:
        stmt = stmt.where(col(ExpenseCategory.active).is_(True))
    return [
        CategoryRow(c.code, category_name(c.name), c.position, c.active, c.annual_action, c.monthly_action)
        for c in session.exec(stmt).all()
    ]


def add_category(*, session: Session, code: str, name: str, now: datetime) -> CategoryRow:
    code = clean_code(code, "code")
    name = clean_text(name, "name", required=True, max_len=60)
    if session.exec(select(ExpenseCategory.id).where(ExpenseCategory.code == code)).first() is not None:
        raise DataError("code", code, _("a category with this code already exists"))
    last = session.exec(select(func.max(ExpenseCategory.position))).one() or 0
    c = ExpenseCategory(code=code, name=name, position=last + 1)
    session.add(c)
    record_change(session, entity="expense_category", record=code, field="name", old=None, new=name, when=now)
    return CategoryRow(c.code, c.name, c.position, True, c.annual_action, c.monthly_action)


def edit_category(
    *,
    session: Session,
    code: str,
    name: str | None = None,
    active: bool | None = None,
    annual_action: str | None = None,
    monthly_action: str | None = None,
    now: datetime,
) -> CategoryRow:
    """Rename a category, take it out of use (or back), or set its budget actions; changes recorded."""
    c = category(session, code)
    changes: dict[str, object] = {}
    if name is not None:
        changes["name"] = clean_text(name, "name", required=True, max_len=60)
    if active is not None:
        if c.code == rules.DISCOUNTS and not active:
            raise DataError("active", "no", _("the discounts category holds the discount budget; it stays"))
        changes["active"] = active
    if annual_action is not None:
        changes["annual_action"] = rules.check_action(annual_action, "annual_action")
    if monthly_action is not None:
        changes["monthly_action"] = rules.check_action(monthly_action, "monthly_action")
    for field, value in changes.items():
        record_change(
            session,
            entity="expense_category",
            record=c.code,
            field=field,
            old=getattr(c, field),
            new=value,
            when=now,
        )
        setattr(c, field, value)
    session.add(c)
    return CategoryRow(c.code, category_name(c.name), c.position, c.active, c.annual_action, c.monthly_action)


# --------------------------------------------------------------------------- budgets


def _budget_filter(stmt, year: int, category_id: int, salesperson_id: int | None):  # noqa: ANN001, ANN202
    stmt = stmt.where(Budget.year == year, Budget.category_id == category_id)
    if salesperson_id is None:
        return stmt.where(col(Budget.salesperson_id).is_(None))
    return stmt.where(Budget.salesperson_id == salesperson_id)


def budget_months(
    session: Session, year: int, category_id: int, salesperson_id: int | None
) -> list[Decimal] | None:
    """The twelve monthly amounts of one budget (months not set are 0), or None when there is none."""
    rows = session.exec(
        _budget_filter(select(Budget.month, Budget.amount), year, category_id, salesperson_id)
    ).all()
    if not rows:
        return None
    months = [ZERO] * 12
    for month, amount in rows:
        months[month - 1] = amount
    return months


@dataclass(frozen=True)
class BudgetSet:
    year: int
    category: str
    salesperson: str | None
    months: list[Decimal]
    annual_action: str
    monthly_action: str
    category_name: str = ""

    @property
    def annual(self) -> Decimal:
        return sum(self.months, ZERO)


def set_budget(
    *,
    session: Session,
    year: int,
    category_code: str,
    amount: Decimal,
    month: int | None = None,
    salesperson_code: str | None = None,
    weights: list[Decimal] | None = None,
    annual_action: str | None = None,
    monthly_action: str | None = None,
    now: datetime,
) -> BudgetSet:
    """Set one month's budget, or an annual amount phased into the twelve months (equally or by
    ``weights``), for the team or one salesperson; optionally the category's actions. Each month whose
    amount changes is recorded in the change history."""
    check_year(year)
    c = category(session, category_code)
    rules.check_amount(amount, "amount", zero_ok=True)
    if month is not None:
        check_month(month)
        if weights is not None:
            raise DataError(
                "--weights", ",".join(map(str, weights)), _("weights phase an annual amount; drop --month")
            )
    sp = salesperson(session, salesperson_code, working=True) if salesperson_code else None
    sp_id = sp.id if sp else None
    if annual_action is not None or monthly_action is not None:
        edit_category(
            session=session, code=c.code, annual_action=annual_action, monthly_action=monthly_action, now=now
        )
    existing = {b.month: b for b in session.exec(_budget_filter(select(Budget), year, c.id, sp_id)).all()}
    if month is not None:
        wanted = {m: (existing[m].amount if m in existing else ZERO) for m in rules.MONTHS}
        wanted[month] = amount
    else:
        wanted = dict(zip(rules.MONTHS, rules.phase(amount, weights), strict=True))
    for m, value in wanted.items():
        row = existing.get(m)
        if row is None and month is not None and m != month:
            continue  # setting one month leaves the others unset (no row, no history of "nothing → 0")
        record_change(
            session,
            entity="budget",
            # the cell as an import names it (year/month/category/salesperson), so its history is one
            record=f"{year}/{m}/{c.code}/{sp.code if sp else ''}",
            field="amount",
            old=row.amount if row else None,
            new=value,
            when=now,
        )
        if row is None:
            row = Budget(year=year, month=m, category_id=c.id, salesperson_id=sp_id, amount=value)
        row.amount = value
        session.add(row)
    session.flush()
    session.refresh(c)
    return BudgetSet(
        year,
        c.code,
        sp.code if sp else None,
        [wanted[m] for m in rules.MONTHS],
        c.annual_action,
        c.monthly_action,
        category_name(c.name),
    )


def remove_budget(
    *,
    session: Session,
    year: int,
    category_code: str,
    month: int | None = None,
    salesperson_code: str | None = None,
    now: datetime,
) -> int:
    """Remove a budget (one month, or the year): without it, nothing limits the category's spending
    (a budget of zero would stop every expense). Each removed month is recorded; returns how many."""
    check_year(year)
    c = category(session, category_code)
    if month is not None:
        check_month(month)
    sp = salesperson(session, salesperson_code) if salesperson_code else None
    rows = session.exec(_budget_filter(select(Budget), year, c.id, sp.id if sp else None)).all()
    rows = [b for b in rows if month is None or b.month == month]
    if not rows:
        raise DataError("category", category_code, _("has no such budget to remove"))
    for b in rows:
        record_change(
            session,
            entity="budget",
            record=f"{year}/{b.month}/{c.code}/{sp.code if sp else ''}",
            field="amount",
            old=b.amount,
            new=None,
            when=now,
        )
        session.delete(b)
    return len(rows)


# --------------------------------------------------------------------------- spending


def _raw(column) -> object:  # noqa: ANN001
    return type_coerce(column, BigInteger)


def expense_spent(
    session: Session,
    year: int,
    category_id: int | None,
    salesperson_id: int | None = None,
    *,
    exclude_id: int | None = None,
    by_salesperson: bool = False,
) -> dict[object, list[Decimal]]:
    """Spent (every expense not rejected) by month of ``year``: for one category (or all, ``None``), for
    one salesperson or everyone; keyed by category id (or salesperson id with ``by_salesperson``)."""
    t = Expense.__table__.c
    key = t.salesperson_id if by_salesperson else t.category_id
    month = extract("month", t.date)
    stmt = (
        select(key, month, func.sum(_raw(t.amount)))
        .where(t.date >= date(year, 1, 1), t.date <= date(year, 12, 31), t.status != "rejected")
        .group_by(key, month)
    )
    if category_id is not None:
        stmt = stmt.where(t.category_id == category_id)
    if salesperson_id is not None:
        stmt = stmt.where(t.salesperson_id == salesperson_id)
    if exclude_id is not None:
        stmt = stmt.where(t.id != exclude_id)
    found: dict[object, list[Decimal]] = {}
    for k, m, total in session.exec(stmt).all():
        found.setdefault(k, [ZERO] * 12)[int(m) - 1] = Decimal(total).scaleb(-2)
    return found


def discount_spent(
    session: Session, year: int, salesperson_id: int | None = None, *, exclude_id: int | None = None
) -> list[Decimal]:
    """The cost of approved discounts (gross × %) by month of the request's date, unrounded."""
    t = DiscountRequest.__table__.c
    month = extract("month", t.date)
    stmt = (
        select(month, func.sum(_raw(t.gross) * _raw(t.discount_pct)))
        .where(t.date >= date(year, 1, 1), t.date <= date(year, 12, 31), t.status == "approved")
        .group_by(month)
    )
    if salesperson_id is not None:
        stmt = stmt.where(t.salesperson_id == salesperson_id)
    if exclude_id is not None:
        stmt = stmt.where(t.id != exclude_id)
    months = [Decimal(0)] * 12
    for m, total in session.exec(stmt).all():
        months[int(m) - 1] = Decimal(total).scaleb(-6)  # cents × hundredths of a percent
    return months


def covers(
    session: Session, c: ExpenseCategory, sp: Salesperson, year: int, *, exclude_id: int | None = None
) -> list[rules.Cover]:
    """Every budget that covers spending of ``sp`` in category ``c``: the team's and the salesperson's."""
    found = []
    for sp_id, who in ((None, None), (sp.id, sp.code)):
        months = budget_months(session, year, c.id, sp_id)
        if months is None:
            continue
        if c.code == rules.DISCOUNTS:
            spent = discount_spent(session, year, sp_id, exclude_id=exclude_id)
        else:
            spent = expense_spent(session, year, c.id, sp_id, exclude_id=exclude_id).get(c.id, [ZERO] * 12)
        found.append(
            rules.Cover(
                category_name(c.name), who, tuple(months), tuple(spent), c.annual_action, c.monthly_action
            )
        )
    return found


def check_spending(
    session: Session,
    c: ExpenseCategory,
    sp: Salesperson,
    day: date,
    amount: Decimal,
    override_reason: str,
    money: Money,
    *,
    exclude_id: int | None = None,
    field: str = "amount",
) -> tuple[rules.Verdict, list[str]]:
    """The budget check of one expense (or approved discount): the verdict, and the lines to warn with.
    A "stop" without an override reason raises the DataError naming budget, spent and remaining."""
    verdict = rules.judge(covers(session, c, sp, day.year, exclude_id=exclude_id), day.month, amount)
    return verdict, rules.enforce(verdict, override_reason, money, field)


def _record_override(
    session: Session,
    entity: str,
    number: str,
    verdict: rules.Verdict,
    reason: str,
    money: Money,
    now: datetime,
) -> None:
    stop = verdict.first(rules.STOP)
    if stop is None:
        return
    record_change(
        session,
        entity=entity,
        record=number,
        field="budget_override",
        old=None,
        new=reason,
        when=now,
        note=stop.message(money),
    )


# --------------------------------------------------------------------------- expenses


@dataclass(frozen=True)
class ExpenseRow:
    id: int
    number: str
    date: date
    salesperson: str
    salesperson_name: str
    category: str
    category_name: str
    amount: Decimal
    description: str
    receipt: str
    status: str
    approver_note: str
    override_reason: str
    decided_at: date | None


def _expense_select():  # noqa: ANN202
    return (
        select(Expense, Salesperson.code, Salesperson.name, ExpenseCategory.code, ExpenseCategory.name)
        # outer joins (the keys are never null) keep expenses the outer loop: a page reads the index
        # in date order instead of sorting every expense
        .outerjoin(Salesperson, col(Salesperson.id) == col(Expense.salesperson_id))
        .outerjoin(ExpenseCategory, col(ExpenseCategory.id) == col(Expense.category_id))
    )


def _expense_row(e: Expense, sp_code: str, sp_name: str, c_code: str, c_name: str) -> ExpenseRow:
    return ExpenseRow(
        e.id or 0,
        e.number,
        e.date,
        sp_code,
        sp_name,
        c_code,
        category_name(c_name),
        e.amount,
        e.description,
        e.receipt,
        e.status,
        e.approver_note,
        e.override_reason,
        e.decided_at,
    )


def next_number(session: Session, model, prefix: str) -> str:  # noqa: ANN001
    """The next number of the program's own series, ``prefix`` + six digits (``E000385``), after the
    highest one used; numbers imported from other systems (``E26-0384``, ``ERP/2026/77``) are never
    continued, so a later import of theirs cannot collide with one of ours."""
    table = model.__table__.c
    own = f"{prefix}{'_' * 6}"
    stmt = select(func.max(table.number)).where(table.number.like(own))
    top = session.exec(stmt).one()
    n = int(top[len(prefix) :]) + 1 if top and top[len(prefix) :].isdigit() else 1
    while session.exec(select(model.id).where(model.number == f"{prefix}{n:06d}")).first() is not None:
        n += 1
    return f"{prefix}{n:06d}"


def add_expense(
    *,
    session: Session,
    day: date,
    salesperson_code: str,
    category_code: str,
    amount: Decimal,
    description: str = "",
    receipt: str = "",
    override_reason: str = "",
    number: str | None = None,
    money: Money = str,
    now: datetime,
) -> tuple[ExpenseRow, list[str]]:
    """Record a submitted expense after the budget check; returns it and the warnings to show."""
    check_date_range(day, "date")
    sp = salesperson(session, salesperson_code)
    c = category(session, category_code, expenses_only=True)
    rules.check_amount(amount)
    description = clean_text(description, "description", max_len=200)
    receipt = clean_text(receipt, "receipt", max_len=60)
    override_reason = clean_text(override_reason, "override_reason", max_len=200)
    verdict, warnings = check_spending(session, c, sp, day, amount, override_reason, money)
    if number is None:
        number = next_number(session, Expense, "E")
    else:
        number = clean_code(number, "number")
        if session.exec(select(Expense.id).where(Expense.number == number)).first() is not None:
            raise DataError("number", number, _("an expense with this number already exists"))
    e = Expense(
        number=number,
        date=day,
        salesperson_id=sp.id,
        category_id=c.id,
        amount=amount,
        description=description,
        receipt=receipt,
        override_reason=override_reason if verdict.refused else "",
    )
    session.add(e)
    session.flush()
    record_change(
        session, entity="expense", record=number, field="status", old=None, new="submitted", when=now
    )
    if verdict.refused:
        _record_override(session, "expense", number, verdict, override_reason, money, now)
    return _expense_row(e, sp.code, sp.name, c.code, c.name), warnings


def _expense(session: Session, ref: str) -> Expense:
    text = (ref or "").strip()
    e = session.exec(select(Expense).where(Expense.number == text)).first()
    if e is None and text.isdigit():
        e = session.get(Expense, int(text))
    if e is None:
        raise DataError("expense", ref, _("no expense has this number"))
    return e


def get_expense(*, session: Session, ref: str) -> ExpenseRow:
    e = _expense(session, ref)
    row = session.exec(_expense_select().where(Expense.id == e.id)).one()
    return _expense_row(*row)


def set_expense_status(
    *, session: Session, ref: str, status: str, note: str = "", today: date, now: datetime
) -> ExpenseRow:
    """Approve, reject or mark reimbursed (the status table in ``rules``); the change is recorded."""
    e = _expense(session, ref)
    rules.check_expense_transition(e.status, status)
    note = clean_text(note, "note", max_len=200)
    record_change(
        session,
        entity="expense",
        record=e.number,
        field="status",
        old=e.status,
        new=status,
        when=now,
        note=note,
    )
    e.status = status
    if note:
        e.approver_note = note
    e.decided_at = today
    session.add(e)
    session.flush()
    return get_expense(session=session, ref=e.number)


def _expense_where(
    stmt, month: tuple[int, int] | None, sp_id: int | None, status: str | None, cat_id: int | None
):  # noqa: ANN001, ANN202
    if month is not None:
        year, m = month
        last = date(year + (m == 12), m % 12 + 1, 1)
        stmt = stmt.where(Expense.date >= date(year, m, 1), Expense.date < last)
    if sp_id is not None:
        stmt = stmt.where(Expense.salesperson_id == sp_id)
    if status is not None:
        stmt = stmt.where(Expense.status == status)
    if cat_id is not None:
        stmt = stmt.where(Expense.category_id == cat_id)
    return stmt


def _expense_filters(
    session: Session, salesperson_code: str | None, status: str | None, category_code: str | None
) -> tuple[int | None, str | None, int | None]:
    sp_id = salesperson(session, salesperson_code).id if salesperson_code else None
    if status is not None and status not in rules.EXPENSE_STATUSES:
        raise DataError(
            "--status",
            status,
            _("unknown status; known: {choices}").format(choices=", ".join(rules.EXPENSE_STATUSES)),
        )
    cat_id = category(session, category_code).id if category_code else None
    return sp_id, status, cat_id


def list_expenses(
    *,
    session: Session,
    month: tuple[int, int] | None = None,
    salesperson_code: str | None = None,
    status: str | None = None,
    category_code: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[ExpenseRow]:
    """Expenses, newest first, one page read from the database."""
    sp_id, status, cat_id = _expense_filters(session, salesperson_code, status, category_code)
    stmt = _expense_where(_expense_select(), month, sp_id, status, cat_id)
    stmt = stmt.order_by(col(Expense.date).desc(), col(Expense.id).desc()).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [_expense_row(*r) for r in session.exec(stmt).all()]


def count_expenses(
    *,
    session: Session,
    month: tuple[int, int] | None = None,
    salesperson_code: str | None = None,
    status: str | None = None,
    category_code: str | None = None,
) -> tuple[int, Decimal, Decimal]:
    """How many expenses match, their total, and what they spent (the total without the rejected)."""
    sp_id, status, cat_id = _expense_filters(session, salesperson_code, status, category_code)
    t = Expense.__table__.c
    spent = func.sum(case((t.status != "rejected", _raw(t.amount)), else_=0))
    stmt = _expense_where(select(func.count(), func.sum(_raw(t.amount)), spent), month, sp_id, status, cat_id)
    n, total, spent_total = session.exec(stmt).one()
    return n, Decimal(total or 0).scaleb(-2), Decimal(spent_total or 0).scaleb(-2)


# --------------------------------------------------------------------------- discounts


@dataclass(frozen=True)
class DiscountRow:
    id: int
    number: str
    date: date
    customer: str
    customer_name: str
    order_number: str
    product: str | None
    gross: Decimal
    discount_pct: Decimal
    salesperson: str
    reason: str
    status: str
    level: str | None
    decision_note: str
    override_reason: str
    decided_at: date | None

    @property
    def cost(self) -> Decimal:
        return rules.discount_cost(self.gross, self.discount_pct)


def _discount_select():  # noqa: ANN202
    return (
        select(DiscountRequest, Customer.code, Customer.name, Product.code, Salesperson.code)
        .outerjoin(Customer, col(Customer.id) == col(DiscountRequest.customer_id))
        .outerjoin(Salesperson, col(Salesperson.id) == col(DiscountRequest.salesperson_id))
        .outerjoin(Product, col(Product.id) == col(DiscountRequest.product_id))
    )


def _discount_row(
    d: DiscountRequest, c_code: str, c_name: str, p_code: str | None, sp_code: str
) -> DiscountRow:
    return DiscountRow(
        d.id or 0,
        d.number,
        d.date,
        c_code,
        c_name,
        d.order_number,
        p_code,
        d.gross,
        d.discount_pct,
        sp_code,
        d.reason,
        d.status,
        d.level,
        d.decision_note,
        d.override_reason,
        d.decided_at,
    )


def _discount(session: Session, ref: str) -> DiscountRequest:
    text = (ref or "").strip()
    d = session.exec(select(DiscountRequest).where(DiscountRequest.number == text)).first()
    if d is None and text.isdigit():
        d = session.get(DiscountRequest, int(text))
    if d is None:
        raise DataError("discount", ref, _("no discount request has this number"))
    return d


def get_discount(*, session: Session, ref: str) -> DiscountRow:
    d = _discount(session, ref)
    return _discount_row(*session.exec(_discount_select().where(DiscountRequest.id == d.id)).one())


def discount_verdict(session: Session, d: DiscountRequest) -> rules.Verdict:
    """What approving ``d`` does to the discount budget (its cost against the ``discounts`` budgets)."""
    c = category(session, rules.DISCOUNTS)
    sp = session.get(Salesperson, d.salesperson_id)
    cost = rules.discount_cost(d.gross, d.discount_pct)
    return rules.judge(covers(session, c, sp, d.date.year, exclude_id=d.id), d.date.month, cost)


def _approve_check(
    session: Session, d: DiscountRequest, override_reason: str, money: Money
) -> tuple[rules.Verdict, list[str]]:
    """The discount budget check of approving ``d``; a stop without an override reason is refused."""
    verdict = discount_verdict(session, d)
    return verdict, rules.enforce(verdict, override_reason, money, "cost")


def request_discount(
    *,
    session: Session,
    day: date,
    customer_code: str,
    gross: Decimal,
    discount_pct: Decimal,
    salesperson_code: str | None = None,
    order_number: str = "",
    product_code: str | None = None,
    reason: str = "",
    override_reason: str = "",
    number: str | None = None,
    money: Money = str,
    today: date,
    now: datetime,
) -> tuple[DiscountRow, list[str]]:
    """Record a discount request and apply the policy: within the salesperson's level it is approved at
    once (granted by the salesperson, after the discount budget check); within the manager's it waits;
    above it goes to the director (escalated, recorded). A product's maximum is never exceeded."""
    check_date_range(day, "date")
    cust = session.exec(select(Customer).where(Customer.code == (customer_code or "").strip())).first()
    if cust is None:
        raise DataError("customer", customer_code, _("no customer has this code"))
    if salesperson_code:
        sp = salesperson(session, salesperson_code, working=True)
    elif cust.salesperson_id is not None:
        sp = session.get(Salesperson, cust.salesperson_id)
    else:
        raise DataError("salesperson", "", _("the customer has no salesperson; name who asks for it"))
    product = None
    if product_code:
        product = session.exec(select(Product).where(Product.code == product_code.strip())).first()
        if product is None:
            raise DataError("product", product_code, _("no product has this code"))
    rules.check_amount(gross, "gross")
    rules.check_discount(
        discount_pct, product.max_discount if product else None, product.code if product else ""
    )
    order_number = clean_text(order_number, "order", max_len=40)
    reason = clean_text(reason, "reason", max_len=200)
    override_reason = clean_text(override_reason, "override_reason", max_len=200)
    if order_number:
        from salesdesk.org.models import Order

        owner = session.exec(select(Order.customer_id).where(Order.number == order_number)).first()
        if owner is not None and owner != cust.id:
            raise DataError("order", order_number, _("belongs to another customer"))
    if number is None:
        number = next_number(session, DiscountRequest, "D")
    else:
        number = clean_code(number, "number")
        if (
            session.exec(select(DiscountRequest.id).where(DiscountRequest.number == number)).first()
            is not None
        ):
            raise DataError("number", number, _("a discount request with this number already exists"))
    d = DiscountRequest(
        number=number,
        date=day,
        customer_id=cust.id,
        order_number=order_number,
        product_id=product.id if product else None,
        gross=gross,
        discount_pct=discount_pct,
        salesperson_id=sp.id,
        reason=reason,
    )
    level = rules.discount_level(discount_pct, policy(session))
    warnings: list[str] = []
    verdict = None
    if level == "salesperson":
        verdict = discount_verdict(session, d)
        if verdict.refused and not override_reason:
            # within the salesperson's level, but the discount budget stops it: the manager decides
            stop = verdict.first(rules.STOP)
            d.decision_note = _("the discount budget stops it; the manager decides")
            warnings = [stop.message(money), d.decision_note] if stop else []
            verdict = None
        else:
            warnings = rules.enforce(verdict, override_reason, money, "cost")
            d.status, d.level, d.decided_at = "approved", "salesperson", today
            d.decision_note = _("within the salesperson's discount level")
    elif level == "director":
        d.status = "escalated"
        d.decision_note = _("above the manager's discount level ({pct} %)").format(
            pct=policy(session).manager_pct
        )
    if verdict is not None and verdict.refused:
        d.override_reason = override_reason
    session.add(d)
    session.flush()
    record_change(
        session,
        entity="discount",
        record=number,
        field="status",
        old=None,
        new=d.status,
        when=now,
        note=d.decision_note,
    )
    if verdict is not None and verdict.refused:
        _record_override(session, "discount", number, verdict, override_reason, money, now)
    return get_discount(session=session, ref=number), warnings


def decide_discount(
    *,
    session: Session,
    ref: str,
    status: str,
    note: str = "",
    override_reason: str = "",
    money: Money = str,
    today: date,
    now: datetime,
) -> tuple[DiscountRow, list[str]]:
    """Approve, reject or escalate a request. The manager approves a pending request up to the manager's
    level (above it, it must be escalated); an escalated request's approval is the director's. Approval
    checks the discount budget; the change is recorded."""
    d = _discount(session, ref)
    rules.check_discount_transition(d.status, status)
    note = clean_text(note, "note", max_len=200)
    override_reason = clean_text(override_reason, "override_reason", max_len=200)
    warnings: list[str] = []
    verdict = None
    if status == "approved":
        p = policy(session)
        if d.status == "pending" and rules.discount_level(d.discount_pct, p) == "director":
            raise DataError(
                "discount_pct",
                d.discount_pct,
                _("is above the manager's discount level ({pct} %); escalate it to the director").format(
                    pct=p.manager_pct
                ),
            )
        verdict, warnings = _approve_check(session, d, override_reason, money)
        d.level = "director" if d.status == "escalated" else "manager"
        if verdict.refused:
            d.override_reason = override_reason
    record_change(
        session,
        entity="discount",
        record=d.number,
        field="status",
        old=d.status,
        new=status,
        when=now,
        note=note,
    )
    if verdict is not None and verdict.refused:
        _record_override(session, "discount", d.number, verdict, override_reason, money, now)
    d.status = status
    d.decision_note = note  # the decision's own note (an automatic one before it no longer applies)
    if status != "escalated":
        d.decided_at = today
    session.add(d)
    session.flush()
    return get_discount(session=session, ref=d.number), warnings


def _discount_where(session: Session, stmt, status: str | None, salesperson_code: str | None, month):  # noqa: ANN001, ANN202
    if status is not None:
        wanted = [s.strip() for s in status.split(",")]
        bad = [s for s in wanted if s not in rules.DISCOUNT_STATUSES]
        if bad:
            raise DataError(
                "--status",
                status,
                _("unknown status; known: {choices}").format(choices=", ".join(rules.DISCOUNT_STATUSES)),
            )
        stmt = stmt.where(col(DiscountRequest.status).in_(wanted))
    if salesperson_code:
        stmt = stmt.where(DiscountRequest.salesperson_id == salesperson(session, salesperson_code).id)
    if month is not None:
        year, m = month
        last = date(year + (m == 12), m % 12 + 1, 1)
        stmt = stmt.where(DiscountRequest.date >= date(year, m, 1), DiscountRequest.date < last)
    return stmt


def list_discounts(
    *,
    session: Session,
    status: str | None = None,
    salesperson_code: str | None = None,
    month: tuple[int, int] | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[DiscountRow]:
    """Discount requests, oldest waiting first when filtered by status, else newest first."""
    stmt = _discount_where(session, _discount_select(), status, salesperson_code, month)
    order = col(DiscountRequest.date) if status else col(DiscountRequest.date).desc()
    stmt = stmt.order_by(order, col(DiscountRequest.id)).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [_discount_row(*r) for r in session.exec(stmt).all()]


def count_discounts(
    *,
    session: Session,
    status: str | None = None,
    salesperson_code: str | None = None,
    month=None,  # noqa: ANN001
) -> int:
    stmt = _discount_where(
        session, select(func.count()).select_from(DiscountRequest), status, salesperson_code, month
    )
    return session.exec(stmt).one()


# --------------------------------------------------------------------------- budget status


@dataclass(frozen=True)
class StatusRow:
    key: str
    label: str
    status: rules.Status
    #: By salesperson: their net sales to date, expenses as a % of them, and all their expenses to date.
    sales_ytd: Decimal | None = None
    expense_ratio: Decimal | None = None
    expenses_ytd: Decimal | None = None


def _team_budgets(session: Session, year: int, salesperson_id: int | None) -> dict[int, list[Decimal]]:
    """Budgets by category id (the team's, or one salesperson's)."""
    stmt = select(Budget.category_id, Budget.month, Budget.amount).where(Budget.year == year)
    stmt = (
        stmt.where(col(Budget.salesperson_id).is_(None))
        if salesperson_id is None
        else stmt.where(Budget.salesperson_id == salesperson_id)
    )
    found: dict[int, list[Decimal]] = {}
    for cat_id, m, amount in session.exec(stmt).all():
        found.setdefault(cat_id, [ZERO] * 12)[m - 1] = amount
    return found


@dataclass(frozen=True)
class GridRow:
    """One category's year: its budget by month (None without a budget) and what was spent by month."""

    code: str
    label: str
    active: bool
    budget: list[Decimal] | None
    spent: list[Decimal]


def budget_grid(*, session: Session, year: int, salesperson_code: str | None = None) -> list[GridRow]:
    """Every category's budget and spending by month of ``year`` (the team's budgets and everyone's
    spending, or one salesperson's); the discounts category spends approved discounts."""
    check_year(year)
    sp = salesperson(session, salesperson_code) if salesperson_code else None
    sp_id = sp.id if sp else None
    budgets = _team_budgets(session, year, sp_id)
    spent = expense_spent(session, year, None, sp_id)
    rows = []
    for c in session.exec(
        select(ExpenseCategory).order_by(col(ExpenseCategory.position), col(ExpenseCategory.code))
    ):
        months = (
            discount_spent(session, year, sp_id)
            if c.code == rules.DISCOUNTS
            else spent.get(c.id, [ZERO] * 12)
        )
        rows.append(GridRow(c.code, category_name(c.name), c.active, budgets.get(c.id), months))
    return rows


def status_rows(grid: list[GridRow], year: int, month: int, today: date, alert: Decimal) -> list[StatusRow]:
    """``budget status`` from a grid: a row per category in use or with a budget or spending."""
    return [
        StatusRow(g.code, g.label, rules.status_row(g.budget, g.spent, year, month, today, alert))
        for g in grid
        if g.active or g.budget is not None or any(g.spent)
    ]


def budget_status(
    *,
    session: Session,
    year: int,
    month: int,
    today: date,
    salesperson_code: str | None = None,
) -> list[StatusRow]:
    """Budget against actual per category as of ``month`` (the team's budgets, or one salesperson's
    budgets and spending). The discounts category counts approved discounts."""
    check_month(month)
    grid = budget_grid(session=session, year=year, salesperson_code=salesperson_code)
    return status_rows(grid, year, month, today, alert_pct(session))


def cumulative(grid: list[GridRow]) -> list[tuple[int, Decimal, Decimal, Decimal, Decimal]]:
    """Per month: budget, actual, cumulative budget, cumulative actual over every category of a grid."""
    rows, cum_b, cum_a = [], Decimal(0), Decimal(0)
    for m in rules.MONTHS:
        budget = sum(((g.budget or [ZERO] * 12)[m - 1] for g in grid), Decimal(0))
        actual = sum((g.spent[m - 1] for g in grid), Decimal(0))
        cum_b += budget
        cum_a += actual
        rows.append((m, rules.cents(budget), rules.cents(actual), rules.cents(cum_b), rules.cents(cum_a)))
    return rows


def budget_by_month(
    *, session: Session, year: int, today: date, salesperson_code: str | None = None
) -> list[tuple[int, Decimal, Decimal, Decimal, Decimal]]:
    """Per month: budget, actual, cumulative budget, cumulative actual (every category, discounts
    included)."""
    return cumulative(budget_grid(session=session, year=year, salesperson_code=salesperson_code))


def sales_by_salesperson(session: Session, start: date, end: date) -> dict[int | None, Decimal]:
    """Net invoiced amount (credit notes subtract) by the invoice's salesperson, ``start``–``end``."""
    t = Invoice.__table__.c
    stmt = (
        select(t.salesperson_id, func.sum(_raw(t.amount)))
        .where(t.issue_date >= start, t.issue_date <= end)
        .group_by(t.salesperson_id)
    )
    return {sp: Decimal(total or 0).scaleb(-2) for sp, total in session.exec(stmt).all()}


def status_by_salesperson(*, session: Session, year: int, month: int, today: date) -> list[StatusRow]:
    """Per salesperson as of ``month``: their own budgets (every category they have one in) against what
    they spent in those categories — like with like; without an own budget, everything they spent, with
    no budget to compare. Besides: all their expenses to date, their net sales from January through the
    month, and those expenses as a % of those sales."""
    check_year(year)
    check_month(month)
    end = date(year + (month == 12), month % 12 + 1, 1).toordinal() - 1
    sales = sales_by_salesperson(session, date(year, 1, 1), date.fromordinal(end))
    t = Expense.__table__.c
    stmt = (
        select(t.salesperson_id, t.category_id, extract("month", t.date), func.sum(_raw(t.amount)))
        .where(t.date >= date(year, 1, 1), t.date <= date(year, 12, 31), t.status != "rejected")
        .group_by(t.salesperson_id, t.category_id, extract("month", t.date))
    )
    spent: dict[int, dict[int, list[Decimal]]] = {}
    for sp_id, cat_id, m, total in session.exec(stmt).all():
        spent.setdefault(sp_id, {}).setdefault(cat_id, [ZERO] * 12)[int(m) - 1] = Decimal(total).scaleb(-2)
    budgets: dict[int, dict[int, list[Decimal]]] = {}
    stmt = select(Budget.salesperson_id, Budget.category_id, Budget.month, Budget.amount).where(
        Budget.year == year, col(Budget.salesperson_id).is_not(None)
    )
    for sp_id, cat_id, m, amount in session.exec(stmt).all():
        budgets.setdefault(sp_id, {}).setdefault(cat_id, [ZERO] * 12)[m - 1] = amount
    disc = category(session, rules.DISCOUNTS).id
    alert = alert_pct(session)
    rows = []
    for sp in session.exec(select(Salesperson).order_by(col(Salesperson.code))).all():
        mine = spent.get(sp.id, {})
        own = budgets.get(sp.id, {})
        everything = [sum((c[i] for c in mine.values()), ZERO) for i in range(12)]
        sold = sales.get(sp.id, ZERO)
        if sp.status == "left" and not any(everything) and not sold and not own:
            continue
        if own:
            budget = [sum((b[i] for b in own.values()), ZERO) for i in range(12)]
            covered = [ZERO] * 12
            for cat_id in own:
                months = (
                    discount_spent(session, year, sp.id) if cat_id == disc else mine.get(cat_id, [ZERO] * 12)
                )
                covered = [a + b for a, b in zip(covered, months, strict=True)]
            st = rules.status_row(budget, covered, year, month, today, alert)
        else:
            st = rules.status_row(None, everything, year, month, today, alert)
        expenses = rules.accumulated(everything, month)
        rows.append(
            StatusRow(
                sp.code,
                sp.name,
                st,
                rules.cents(sold),
                rules.expense_ratio(expenses, sold),
                rules.cents(expenses),
            )
        )
    return rows


def spent_by_salesperson(session: Session, start: date, end: date) -> dict[int | None, Decimal]:
    """Expenses not rejected, dated ``start``–``end`` inclusive, by salesperson."""
    t = Expense.__table__.c
    stmt = (
        select(t.salesperson_id, func.sum(_raw(t.amount)))
        .where(t.date >= start, t.date <= end, t.status != "rejected")
        .group_by(t.salesperson_id)
    )
    return {sp: Decimal(total or 0).scaleb(-2) for sp, total in session.exec(stmt).all()}
