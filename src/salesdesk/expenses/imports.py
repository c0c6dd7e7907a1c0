"""What the expenses room imports: expense categories, budgets, expenses and discount requests.

Imported expenses and approved discounts go through the same budget check as ``expense add`` and
``discount approve`` (``rules.judge``): once the file's rows are written, each budget they touch is walked
in date order from what was spent before the file, and a row that a "stop" budget refuses, without an
``override_reason``, fails the whole file. Overrides are recorded in the change history."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select

from salesdesk.core.business import rule_values
from salesdesk.core.history import ChangeLog, current_user
from salesdesk.core.i18n import N_, _
from salesdesk.core.importing.spec import Field, FileContext, Kind, Lookup, RowProblem
from salesdesk.expenses import rules
from salesdesk.expenses.models import Budget, DiscountRequest, Expense, ExpenseCategory

ZERO = Decimal("0.00")
_ACTIONS = ("stop", "warn", "ignore")


def _year() -> Field:
    return Field("year", "int", required=True, aliases=("año", "ejercicio"), low=1900, high=2999)


def _positive(name: str):  # noqa: ANN202
    def check(row: dict[str, Any], codes: dict[str, str], lookup: Lookup) -> None:
        if row.get(name) is not None and row[name] <= 0:
            raise RowProblem(name, _("must be more than zero"), str(row[name]))

    return check


def _category_rule(row: dict[str, Any], codes: dict[str, str], lookup: Lookup) -> None:
    """An expense's row rules (as ``expense add``): not the discount budget's category, an amount above
    zero. (A category out of use is refused for new spending by the file's check.)"""
    code = codes.get("category")
    if code == rules.DISCOUNTS:
        raise RowProblem(
            "category",
            _("holds the discount budget; approved discounts spend it, not expenses"),
            rules.DISCOUNTS,
        )
    _positive("amount")(row, codes, lookup)


def _kept_category(row: dict[str, Any], codes: dict[str, str], lookup: Lookup) -> None:
    """The discounts category stays in use (as ``expense category edit``): it holds the discount budget."""
    if row.get("code") == rules.DISCOUNTS and row.get("active") is False:
        raise RowProblem("active", _("the discounts category holds the discount budget; it stays"), "no")


def _discount_rule(row: dict[str, Any], codes: dict[str, str], lookup: Lookup) -> None:
    """A discount request's row rules (as ``discount request``): gross above zero, a percentage above 0
    and at most 100 and the product's maximum; the salesperson defaults to the customer's."""
    _positive("gross")(row, codes, lookup)
    pct = row.get("discount_pct")
    if pct is not None:
        product = codes.get("product")
        top = (lookup("products", product) or {}).get("max_discount") if product else None
        try:
            rules.check_discount(Decimal(pct), Decimal(top) if top is not None else None, product or "")
        except Exception as exc:  # noqa: BLE001 - a DataError of the rule, shown as the row's problem
            raise RowProblem("discount_pct", getattr(exc, "message", str(exc)), str(pct))
    order = row.get("order_number")
    if order:
        owner = (lookup("orders", order) or {}).get("customer_id")
        if owner is not None and owner != row.get("customer_id"):
            raise RowProblem("order", _("belongs to another customer"), order)
    if row.get("salesperson_id") is None:
        sp = (lookup("customers", codes.get("customer", "")) or {}).get("salesperson_id")
        if sp is None:
            raise RowProblem("salesperson", _("the customer has no salesperson; name who asks for it"), "")
        row["salesperson_id"] = sp


# --------------------------------------------------------------------------- the budget check of a file


def _months(rows: list[tuple[int, Decimal]]) -> list[Decimal]:
    found = [ZERO] * 12
    for m, amount in rows:
        found[m - 1] += amount
    return found


def _cents(value: Decimal) -> str:
    return str(rules.cents(value))


def _recorded(conn: Any, entity: str, number: str, reason: str) -> bool:
    """Whether this override is already in the change history (a re-import of the same row)."""
    t = ChangeLog.__table__.c
    stmt = select(t.id).where(
        t.entity == entity, t.record == number, t.field == "budget_override", t.new == reason
    )
    return conn.execute(stmt.limit(1)).first() is not None


def _walk(
    conn: Any,
    items: list[tuple[str, Any, int, int, Decimal, str]],
    base: dict[tuple[int, int, int | None], list[Decimal]],
    entity: str,
    context: FileContext,
) -> list[tuple[str, Any, str]]:
    """Walk the file's spending (number, date, category id, salesperson id, amount, override reason) in
    date order against every budget that covers it, from what was spent before the file (``base``)."""
    t = Budget.__table__.c
    cats = {c.id: c for c in conn.execute(select(ExpenseCategory.__table__))}
    names = dict(conn.execute(select(ExpenseCategory.__table__.c.id, ExpenseCategory.__table__.c.name)).all())
    from salesdesk.org.models import Salesperson

    codes = dict(conn.execute(select(Salesperson.__table__.c.id, Salesperson.__table__.c.code)).all())
    budgets: dict[tuple[int, int, int | None], list[Decimal] | None] = {}
    problems, overrides = [], []
    now = context.now
    warned: list[str] = []
    for number, day, cat_id, sp_id, amount, reason in sorted(items, key=lambda i: (i[1], i[0])):
        covers, keys = [], []
        for who in (None, sp_id):
            key = (day.year, cat_id, who)
            if key not in budgets:
                stmt = select(t.month, t.amount).where(t.year == day.year, t.category_id == cat_id)
                stmt = stmt.where(t.salesperson_id.is_(None) if who is None else t.salesperson_id == who)
                found = conn.execute(stmt).all()
                budgets[key] = _months(found) if found else None
            if budgets[key] is None:
                continue
            c = cats[cat_id]
            spent = base.setdefault(key, [ZERO] * 12)
            covers.append(
                rules.Cover(
                    _(names[cat_id]) if names[cat_id] in rules.DEFAULT_CATEGORY_NAMES else names[cat_id],
                    codes.get(who) if who else None,
                    tuple(budgets[key]),
                    tuple(spent),
                    c.annual_action,
                    c.monthly_action,
                )
            )
            keys.append(key)
        verdict = rules.judge(covers, day.month, amount)
        if verdict.refused and not (reason or "").strip():
            stop = verdict.first(rules.STOP)
            message = stop.message(_cents) + " " + _("(an override_reason column lets it through)")
            problems.append(("number", number, message))
            continue
        if verdict.refused and not _recorded(conn, entity, number, reason):
            overrides.append(
                {
                    "entity": entity,
                    "record": number,
                    "field": "budget_override",
                    "old": None,
                    "new": reason,
                    "changed_at": now,
                    "user": current_user(),
                    "note": verdict.first(rules.STOP).message(_cents),
                }
            )
        warned += [f"{number}: {b.message(_cents)}" for b in verdict.found if b.action == rules.WARN]
        for key in keys:
            base[key][day.month - 1] += amount
    if overrides and not problems:
        conn.execute(insert(ChangeLog.__table__), overrides)
    if warned and not problems:  # a "warn" budget lets the rows in, and says so once
        more = _(" (and {n} more)").format(n=len(warned) - 1) if len(warned) > 1 else ""
        context.warn(_("over a warn budget: {first}{more}").format(first=warned[0], more=more))
    return problems


#: The columns whose change changes what an approved discount costs, or when and whose it is.
_COSTS = ("gross", "discount_pct", "date", "salesperson_id")
#: The columns whose change changes what an expense spends.
_SPENDING = ("amount", "date", "category_id", "salesperson_id")


def _spends_anew(old: dict[str, Any] | None, new: dict[str, Any], columns: tuple[str, ...]) -> bool:
    """Whether a row of the file spends money it did not before: a new record, a change of what it
    spends, or a return from rejected (an unchanged expense, or a status change such as approval, is
    judged by nobody again — as ``expense approve`` does not re-check the budget)."""
    if old is None:
        return True
    if any(c in old and old[c] != new[c] for c in columns):
        return True
    return old.get("status") == "rejected" and new["status"] != "rejected"


def _expense_check(conn: Any, rows: list, context: FileContext) -> list[tuple[str, Any, str]]:
    """The budget check of the file's expenses that spend anew (not rejected), as ``expense add`` does
    it one by one; an imported decision (approved, rejected, reimbursed) is dated by the expense."""
    t = Expense.__table__.c
    olds = {row["number"]: old for row, _codes, old in rows}
    numbers = set(olds)
    c = ExpenseCategory.__table__.c
    active = {r[0] for r in conn.execute(select(c.id).where(c.active.is_(True)))}
    problems: list[tuple[str, Any, str]] = []
    items = []
    walked: set[str] = set()
    groups: set[tuple[int, int]] = set()
    numbers_list = list(numbers)
    for start in range(0, len(numbers_list), 500):
        part = numbers_list[start : start + 500]
        stmt = select(
            t.id, t.number, t.date, t.category_id, t.salesperson_id, t.amount, t.override_reason, t.status,
            t.decided_at,
        )  # fmt: skip
        for rid, number, day, cat_id, sp_id, amount, reason, status, decided in conn.execute(
            stmt.where(t.number.in_(part))
        ):
            if status != "submitted" and decided is None:
                conn.execute(Expense.__table__.update().where(t.id == rid).values(decided_at=day))
            new = {
                "amount": amount,
                "date": day,
                "category_id": cat_id,
                "salesperson_id": sp_id,
                "status": status,
            }
            if status != "rejected" and _spends_anew(olds[number], new, _SPENDING):
                if cat_id not in active:
                    problems.append(("category", number, _("this category is no longer in use")))
                    continue
                items.append((number, day, cat_id, sp_id, amount, reason))
                walked.add(number)
                groups.add((day.year, cat_id))
    numbers = walked
    if problems:
        return problems
    base: dict[tuple[int, int, int | None], list[Decimal]] = {}
    for year, cat_id in groups:
        stmt = select(t.number, t.date, t.salesperson_id, t.amount).where(
            t.category_id == cat_id,
            t.date >= datetime(year, 1, 1).date(),
            t.date <= datetime(year, 12, 31).date(),
            t.status != "rejected",
        )
        team = base.setdefault((year, cat_id, None), [ZERO] * 12)
        for number, day, sp_id, amount in conn.execute(stmt):
            if number in numbers:
                continue
            team[day.month - 1] += amount
            base.setdefault((year, cat_id, sp_id), [ZERO] * 12)[day.month - 1] += amount
    return _walk(conn, items, base, "expense", context)


def _discount_check(conn: Any, rows: list, context: FileContext) -> list[tuple[str, Any, str]]:
    """Approved requests: granted at a level the policy allows for their % (a blank level is the one the
    policy names), and their cost through the discount budget check, as ``discount approve``."""
    from salesdesk.expenses.room import RULES

    values = rule_values(conn, RULES)
    policy = rules.DiscountPolicy(
        values["expenses.discount_salesperson_pct"], values["expenses.discount_manager_pct"]
    )
    t = DiscountRequest.__table__.c
    olds = {row["number"]: old for row, _codes, old in rows}
    numbers = list(olds)
    problems: list[tuple[str, Any, str]] = []
    items = []
    disc = conn.execute(
        select(ExpenseCategory.__table__.c.id).where(ExpenseCategory.__table__.c.code == rules.DISCOUNTS)
    ).scalar_one()
    years: set[int] = set()
    walked: set[str] = set()
    for start in range(0, len(numbers), 500):
        part = numbers[start : start + 500]
        stmt = select(
            t.id,
            t.number,
            t.date,
            t.salesperson_id,
            t.gross,
            t.discount_pct,
            t.status,
            t.level,
            t.override_reason,
            t.decided_at,
        )
        for rid, number, day, sp_id, gross, pct, status, level, reason, decided in conn.execute(
            stmt.where(t.number.in_(part))
        ):
            if status != "approved":
                if level is not None:
                    problems.append(("level", number, _("only an approved request has a level")))
                elif status == "pending" and rules.discount_level(pct, policy) == "director":
                    problems.append(
                        (
                            "status",
                            number,
                            _(
                                "{pct} % is above the manager's discount level ({max} %): the request is "
                                "escalated, not pending"
                            ).format(pct=pct, max=policy.manager_pct),
                        )
                    )
                if status != "pending" and decided is None and status != "escalated":
                    conn.execute(DiscountRequest.__table__.update().where(t.id == rid).values(decided_at=day))
                continue
            if decided is None:
                conn.execute(DiscountRequest.__table__.update().where(t.id == rid).values(decided_at=day))
            needed = rules.discount_level(pct, policy)
            if level is None:
                conn.execute(DiscountRequest.__table__.update().where(t.id == rid).values(level=needed))
            elif rules.LEVELS.index(level) < rules.LEVELS.index(needed):
                problems.append(
                    (
                        "level",
                        number,
                        _("a {level} cannot grant {pct} %; it needs the {needed}").format(
                            level=_(rules.LEVEL_LABELS[level]), pct=pct, needed=_(rules.LEVEL_LABELS[needed])
                        ),
                    )
                )
                continue
            new = {
                "gross": gross,
                "discount_pct": pct,
                "date": day,
                "salesperson_id": sp_id,
                "status": status,
            }
            old = olds[number]
            if old is None or old.get("status", "approved") != "approved" or _spends_anew(old, new, _COSTS):
                items.append((number, day, disc, sp_id, rules.discount_cost(gross, pct), reason))
                walked.add(number)
                years.add(day.year)
    file_numbers = walked
    base: dict[tuple[int, int, int | None], list[Decimal]] = {}
    for year in years:
        stmt = select(t.number, t.date, t.salesperson_id, t.gross, t.discount_pct).where(
            t.status == "approved",
            t.date >= datetime(year, 1, 1).date(),
            t.date <= datetime(year, 12, 31).date(),
        )
        team = base.setdefault((year, disc, None), [ZERO] * 12)
        for number, day, sp_id, gross, pct in conn.execute(stmt):
            if number in file_numbers:
                continue
            cost = rules.discount_cost(gross, pct)
            team[day.month - 1] += cost
            base.setdefault((year, disc, sp_id), [ZERO] * 12)[day.month - 1] += cost
    return problems + _walk(conn, items, base, "discount", context)


def _transition(table: dict, name: str):  # noqa: ANN202
    """An update's status change follows the room's status table (``check_update``)."""

    def check(conn: Any, old: dict[str, Any], changed: dict[str, Any]) -> tuple[str, Any, str] | None:
        new = changed.get("status")
        if new is None or new == old.get("status"):
            return None
        if new not in table.get(old.get("status"), ()):
            words = rules.expense_label if name == "expense" else rules.discount_label
            return (
                "status",
                new,
                _("cannot change from {old} to {new}").format(old=words(old["status"]), new=words(new)),
            )
        return None

    return check


KINDS: list = [
    Kind(
        name="expense_categories",
        table=ExpenseCategory.__table__,
        key="code",
        file_names=("categorias_gasto", "categorias"),
        description=N_("expense category"),
        entity="expense_category",
        audited=("annual_action", "monthly_action", "active"),
        complete=_kept_category,
        defaults={"position": 100, "active": True, "annual_action": "stop", "monthly_action": "warn"},
        fields=(
            Field("code", "code", required=True),
            Field("name", required=True, max_len=60),
            Field("active", "bool", aliases=("activa", "en uso")),
            Field("annual_action", "choice", choices=_ACTIONS, aliases=("acción anual",)),
            Field("monthly_action", "choice", choices=_ACTIONS, aliases=("acción mensual",)),
            Field("position", "int", low=0, high=9999, aliases=("orden", "posición")),
        ),
    ),
    Kind(
        name="budgets",
        table=Budget.__table__,
        key="year,month,category,salesperson",
        file_names=("presupuestos", "presupuesto", "presupuestos_gasto"),
        description=N_("budget"),
        entity="budget",
        audited=("amount",),
        fields=(
            _year(),
            Field("month", "int", required=True, aliases=("mes",), low=1, high=12),
            Field("category", ref="expense_categories", required=True, aliases=("categoría", "partida")),
            Field("salesperson", ref="salespeople"),
            Field("amount", "money", required=True, aliases=("presupuesto",)),
        ),
    ),
    Kind(
        name="expenses",
        table=Expense.__table__,
        key="number",
        file_names=("gastos", "notas_gasto"),
        description=N_("expense"),
        entity="expense",
        audited=("status", "amount"),
        defaults={
            "status": "submitted",
            "description": "",
            "receipt": "",
            "approver_note": "",
            "override_reason": "",
        },
        complete=_category_rule,
        check_update=_transition(rules.EXPENSE_TRANSITIONS, "expense"),
        check_file=_expense_check,
        fields=(
            Field("number", "code", required=True),
            Field("date", "date", required=True),
            Field("salesperson", ref="salespeople", required=True),
            Field(
                "category", ref="expense_categories", required=True, aliases=("categoría", "partida", "tipo")
            ),
            Field("amount", "money", required=True),
            Field("description", max_len=200, aliases=("concepto", "descripción", "nota")),
            Field("receipt", max_len=60, aliases=("justificante", "ticket", "recibo", "factura gasto")),
            Field("status", "choice", choices=rules.EXPENSE_STATUSES),
            Field("approver_note", max_len=200, aliases=("nota del aprobador", "nota aprobación")),
            Field("override_reason", max_len=200, aliases=("motivo excepción", "motivo de excepción")),
        ),
    ),
    Kind(
        name="discount_requests",
        table=DiscountRequest.__table__,
        key="number",
        file_names=("descuentos", "solicitudes_descuento"),
        description=N_("discount request"),
        entity="discount",
        audited=("status",),
        defaults={
            "status": "pending",
            "order_number": "",
            "reason": "",
            "decision_note": "",
            "override_reason": "",
        },
        ref_extras={
            "customers": ("salesperson_id",),
            "products": ("max_discount",),
            "orders": ("customer_id",),
        },
        complete=_discount_rule,
        check_update=_transition(rules.DISCOUNT_TRANSITIONS, "discount"),
        check_file=_discount_check,
        fields=(
            Field("number", "code", required=True),
            Field("date", "date", required=True),
            Field("customer", ref="customers", required=True),
            Field("order", column="order_number", max_len=40, aliases=("pedido", "nº pedido")),
            Field("product", ref="products", aliases=("producto", "artículo")),
            Field("gross", "money", required=True, aliases=("bruto", "importe bruto")),
            Field(
                "discount_pct", "percent", required=True, aliases=("descuento", "descuento %", "dto", "dto %")
            ),
            Field("salesperson", ref="salespeople", aliases=("solicitado por", "vendedor")),
            Field("reason", max_len=200, aliases=("motivo",)),
            Field("status", "choice", choices=rules.DISCOUNT_STATUSES),
            Field("level", "choice", choices=rules.LEVELS, aliases=("nivel", "concedido por")),
            Field("decision_note", max_len=200, aliases=("nota", "nota de decisión")),
            Field("override_reason", max_len=200, aliases=("motivo excepción",)),
        ),
    ),
]
