"""The expenses room's commands: ``expense``, ``budget`` and ``discount``.

Only typer is imported at module level; database modules are imported inside the commands.
"""

from __future__ import annotations

from typing import Any

import typer

from salesdesk.core.i18n import N_, _
from salesdesk.org.commands import (
    _group,
    _json_opt,
    _limit_opt,
    _named_options,
    _offset_opt,
    _parse_date,
    _reading,
    _rt,
    _warn,
    _writing,
)

expense_app = _group(
    _(
        "Sales expenses: add one (checked against its budgets), approve, reject, mark reimbursed, list; "
        "the expense categories. Status: submitted → approved / rejected, approved → reimbursed."
    )
)
category_app = _group(_("Expense categories: list, add, rename, take out of use, set the budget actions."))
expense_app.add_typer(category_app, name="category")
budget_app = _group(
    _(
        "Expense budgets by year, month and category (for the team or one salesperson): set them and "
        "compare them with what was spent. An annual budget is the sum of its months."
    )
)
discount_app = _group(
    _(
        "Discount requests: a salesperson grants up to their level, the manager up to theirs, above that "
        "the director decides. Status: pending → approved / rejected / escalated, escalated → approved / "
        "rejected."
    )
)

STATUS_LABELS = {"ok": N_("ok"), "warning": N_("warning"), "over": N_("over"), "no_budget": N_("no budget")}

#: The option each rule field is given with, for messages.
_OPTIONS = {
    "date": "--date",
    "salesperson": "--salesperson",
    "category": "--category",
    "amount": "--amount",
    "description": "--note",
    "receipt": "--receipt",
    "override_reason": "--override-reason",
    "year": "--year",
    "month": "--month",
    "weights": "--weights",
    "annual_action": "--annual-action",
    "monthly_action": "--monthly-action",
    "customer": "--customer",
    "gross": "--gross",
    "discount_pct": "--pct",
    "product": "--product",
    "order": "--order",
    "reason": "--reason",
    "note": "--note",
    "number": "--number",
    "name": "--name",
    "active": "--active",
}


def _options():  # noqa: ANN202
    return _named_options(_OPTIONS)


def _money(ctx: typer.Context, text: str, field: str):  # noqa: ANN202
    from salesdesk.core.money import parse_amount

    return parse_amount(text, _rt(ctx).locale, field=field, allow_negative=False)


def _month_opt() -> Any:
    return typer.Option(None, "--month", help=_("Only this month."), metavar="YYYY-MM")


def _month(text: str | None) -> tuple[int, int] | None:
    from salesdesk.expenses.queries import parse_month

    return parse_month(text) if text else None


def _shower(ctx: typer.Context):  # noqa: ANN202
    return _rt(ctx).fmt.money


# --------------------------------------------------------------------------- expenses


def _expense_item(r) -> dict[str, Any]:  # noqa: ANN001
    from salesdesk.core.money import json_money

    return {
        "id": r.id,
        "number": r.number,
        "date": r.date.isoformat(),
        "salesperson": r.salesperson,
        "category": r.category,
        "category_label": r.category_name,
        "amount": json_money(r.amount),
        "description": r.description,
        "receipt": r.receipt,
        "status": r.status,
        "approver_note": r.approver_note,
        "override_reason": r.override_reason,
        "decided_at": r.decided_at.isoformat() if r.decided_at else None,
    }


@expense_app.command(
    "add", help=_("Record an expense (submitted), after checking every budget that covers it.")
)
def expense_add(
    ctx: typer.Context,
    day: str | None = typer.Option(
        None, "--date", help=_("When it was spent (default today)."), metavar="YYYY-MM-DD"
    ),
    salesperson: str = typer.Option(..., "--salesperson", help=_("Who spent it (salesperson code).")),
    category: str = typer.Option(
        ..., "--category", help=_("Expense category code (see expense category list).")
    ),
    amount: str = typer.Option(..., "--amount", help=_("The amount spent."), metavar="AMOUNT"),
    note: str = typer.Option("", "--note", help=_("What it was for.")),
    receipt: str = typer.Option("", "--receipt", help=_("Receipt or ticket reference.")),
    override_reason: str = typer.Option(
        "", "--override-reason", help=_("Why to let it through when a stop budget refuses it (recorded).")
    ),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.output import print_json
    from salesdesk.expenses import queries

    rt = _rt(ctx)
    with _options():
        value = _money(ctx, amount, "--amount")
        when = _parse_date(day, "--date") or rt.today()
        with _writing(ctx) as session:
            row, warnings = queries.add_expense(
                session=session,
                day=when,
                salesperson_code=salesperson,
                category_code=category,
                amount=value,
                description=note,
                receipt=receipt,
                override_reason=override_reason,
                money=_shower(ctx),
                now=rt.now(),
            )
    _warn(warnings)
    if json_:
        print_json(_expense_item(row))
        return
    typer.echo(
        _("Expense {number} recorded: {amount}, {category}, {salesperson}.").format(
            number=row.number,
            amount=rt.fmt.money(row.amount),
            category=row.category_name,
            salesperson=row.salesperson,
        )
    )


def _decide(ctx: typer.Context, ref: str, status: str, note: str, json_: bool) -> None:
    from salesdesk.core.output import print_json
    from salesdesk.expenses import queries, rules

    rt = _rt(ctx)
    with _options(), _writing(ctx) as session:
        row = queries.set_expense_status(
            session=session, ref=ref, status=status, note=note, today=rt.today(), now=rt.now()
        )
    if json_:
        print_json(_expense_item(row))
        return
    typer.echo(
        _("Expense {number}: {status}.").format(number=row.number, status=rules.expense_label(row.status))
    )


def _ref_arg() -> Any:
    return typer.Argument(..., help=_("The expense number (or its id)."))


def _note_opt() -> Any:
    return typer.Option("", "--note", help=_("The approver's note."))


@expense_app.command("approve", help=_("Approve a submitted expense."))
def expense_approve(
    ctx: typer.Context, ref: str = _ref_arg(), note: str = _note_opt(), json_: bool = _json_opt()
) -> None:
    _decide(ctx, ref, "approved", note, json_)


@expense_app.command("reject", help=_("Reject a submitted expense (it no longer counts as spent)."))
def expense_reject(
    ctx: typer.Context, ref: str = _ref_arg(), note: str = _note_opt(), json_: bool = _json_opt()
) -> None:
    _decide(ctx, ref, "rejected", note, json_)


@expense_app.command("reimburse", help=_("Mark an approved expense as reimbursed."))
def expense_reimburse(
    ctx: typer.Context, ref: str = _ref_arg(), note: str = _note_opt(), json_: bool = _json_opt()
) -> None:
    _decide(ctx, ref, "reimbursed", note, json_)


@expense_app.command("show", help=_("One expense."))
def expense_show(ctx: typer.Context, ref: str = _ref_arg(), json_: bool = _json_opt()) -> None:
    from salesdesk.core.output import print_json
    from salesdesk.expenses import queries, rules

    rt = _rt(ctx)
    with _options(), _reading(ctx) as session:
        row = queries.get_expense(session=session, ref=ref)
    item = _expense_item(row)
    if json_:
        print_json(item)
        return
    fmt = rt.fmt
    lines = [
        (_("Number"), row.number),
        (_("Date"), fmt.date(row.date)),
        (_("Salesperson"), f"{row.salesperson} {row.salesperson_name}"),
        (_("Category"), row.category_name),
        (_("Amount"), fmt.money(row.amount)),
        (_("Description"), row.description),
        (_("Receipt"), row.receipt),
        (_("Status"), rules.expense_label(row.status)),
        (_("Approver's note"), row.approver_note),
        (_("Override reason"), row.override_reason),
    ]
    for label, value in lines:
        if value:
            typer.echo(f"{label}: {value}")


@expense_app.command("list", help=_("Expenses, newest first."))
def expense_list(
    ctx: typer.Context,
    month: str | None = _month_opt(),
    salesperson: str | None = typer.Option(None, "--salesperson", help=_("Only this salesperson's.")),
    category: str | None = typer.Option(None, "--category", help=_("Only this category.")),
    status: str | None = typer.Option(
        None, "--status", help=_("Only in this status."), metavar="submitted|approved|rejected|reimbursed"
    ),
    limit: int | None = _limit_opt(),
    offset: int = _offset_opt(),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.output import Column, emit
    from salesdesk.expenses import queries, rules

    rt = _rt(ctx)
    with _options():
        wanted = _month(month)
        with _reading(ctx) as session:
            rows = queries.list_expenses(
                session=session,
                month=wanted,
                salesperson_code=salesperson,
                status=status,
                category_code=category,
                limit=limit,
                offset=offset,
            )
    data = [_expense_item(r) for r in rows]
    if json_:
        emit(data, [], rt.fmt, as_json=True)
        return
    if not rows:
        typer.echo(_("No expenses."))
        return
    fmt = rt.fmt
    shown = [
        {
            **d,
            "date": r.date,
            "amount": r.amount,
            "category": r.category_name,
            "status": rules.expense_label(r.status),
        }
        for d, r in zip(data, rows, strict=True)
    ]
    emit(
        shown,
        [
            Column("number", _("Number")),
            Column("date", _("Date"), "date"),
            Column("salesperson", _("Salesperson")),
            Column("category", _("Category")),
            Column("amount", _("Amount"), "money"),
            Column("status", _("Status")),
            Column("description", _("Description")),
            Column("receipt", _("Receipt")),
        ],
        fmt,
        as_json=False,
    )


# --------------------------------------------------------------------------- categories


def _category_item(c) -> dict[str, Any]:  # noqa: ANN001
    return {
        "code": c.code,
        "name": c.name,
        "active": c.active,
        "annual_action": c.annual_action,
        "monthly_action": c.monthly_action,
    }


@category_app.command("list", help=_("The expense categories and their budget actions."))
def category_list(ctx: typer.Context, json_: bool = _json_opt()) -> None:
    from salesdesk.core.output import Column, emit
    from salesdesk.expenses import queries, rules

    rt = _rt(ctx)
    with _reading(ctx) as session:
        rows = queries.list_categories(session=session)
    data = [_category_item(c) for c in rows]
    if json_:
        emit(data, [], rt.fmt, as_json=True)
        return
    emit(
        data,
        [
            Column("code", _("Code")),
            Column("name", _("Name")),
            Column("active", _("In use"), "bool"),
            Column("annual_action", _("Annual budget"), labels=rules.ACTION_LABELS),
            Column("monthly_action", _("Monthly budget"), labels=rules.ACTION_LABELS),
        ],
        rt.fmt,
        as_json=False,
    )


@category_app.command("add", help=_("Add an expense category."))
def category_add(
    ctx: typer.Context,
    code: str = typer.Argument(..., help=_("Its code (letters, digits, . _ / -).")),
    name: str = typer.Argument(..., help=_("Its name.")),
) -> None:
    from salesdesk.expenses import queries

    with _options(), _writing(ctx) as session:
        row = queries.add_category(session=session, code=code, name=name, now=_rt(ctx).now())
    typer.echo(_("Category {code} added.").format(code=row.code))


def _action_opt(name: str, help_text: str) -> Any:
    return typer.Option(None, name, help=help_text, metavar="stop|warn|ignore")


@category_app.command(
    "edit", help=_("Rename a category, take it out of use or back, set its budget actions.")
)
def category_edit(
    ctx: typer.Context,
    code: str = typer.Argument(..., help=_("The category's code.")),
    name: str | None = typer.Option(None, "--name", help=_("A new name.")),
    active: str | None = typer.Option(None, "--active", help=_("In use: yes or no."), metavar="yes|no"),
    annual_action: str | None = _action_opt(
        "--annual-action", _("What an expense over the annual budget does.")
    ),
    monthly_action: str | None = _action_opt(
        "--monthly-action", _("What an expense over the accumulated monthly budget does.")
    ),
) -> None:
    from salesdesk.expenses import queries
    from salesdesk.org.rules import clean_bool

    with _options():
        flag = clean_bool(active, "--active") if active is not None else None
        with _writing(ctx) as session:
            row = queries.edit_category(
                session=session,
                code=code,
                name=name,
                active=flag,
                annual_action=annual_action,
                monthly_action=monthly_action,
                now=_rt(ctx).now(),
            )
    typer.echo(_("Category {code} saved.").format(code=row.code))


# --------------------------------------------------------------------------- budgets


def _weights(text: str | None, ctx: typer.Context, year: int):  # noqa: ANN202
    """``--weights``: twelve numbers, or ``seasonality`` for the sales plan's weights of the year."""
    from decimal import Decimal, InvalidOperation

    from salesdesk.core.errors import DataError

    if text is None:
        return None
    if text.strip().lower() in ("seasonality", "plan"):
        from salesdesk.plan import queries as plan_queries

        with _reading(ctx) as session:
            return plan_queries.seasonality(session=session, year=year, today=_rt(ctx).today()).weights
    parts = [p.strip() for p in text.replace(";", ",").split(",")]
    try:
        return [Decimal(p) for p in parts]
    except InvalidOperation:
        raise DataError(
            "--weights", text, _("give twelve numbers separated by commas, or seasonality")
        ) from None


@budget_app.command(
    "set",
    help=_(
        "Set a budget: with --month, that month's amount; without it, an annual amount phased into the "
        "twelve months (equally, or by --weights). Also sets the category's actions."
    ),
)
def budget_set(
    ctx: typer.Context,
    year: int = typer.Option(..., "--year", help=_("The budget year.")),
    category: str = typer.Option(
        ..., "--category", help=_("Expense category code (discounts: the discount budget).")
    ),
    amount: str = typer.Option(
        ..., "--amount", help=_("The month's amount, or the year's."), metavar="AMOUNT"
    ),
    month: int | None = typer.Option(
        None, "--month", help=_("The month (1–12); without it, the year."), metavar="M"
    ),
    salesperson: str | None = typer.Option(None, "--salesperson", help=_("A budget of one salesperson.")),
    weights: str | None = typer.Option(
        None,
        "--weights",
        help=_("How to phase the year: twelve weights (8,8,9,…) or seasonality (the sales plan's)."),
        metavar="W1,…,W12|seasonality",
    ),
    annual_action: str | None = _action_opt(
        "--annual-action", _("What an expense over the annual budget does.")
    ),
    monthly_action: str | None = _action_opt(
        "--monthly-action", _("What an expense over the accumulated monthly budget does.")
    ),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.money import json_money
    from salesdesk.core.output import print_json
    from salesdesk.expenses import queries

    rt = _rt(ctx)
    with _options():
        value = _money(ctx, amount, "--amount")
        queries.check_year(year)
        phasing = _weights(weights, ctx, year)
        with _writing(ctx) as session:
            b = queries.set_budget(
                session=session,
                year=year,
                category_code=category,
                amount=value,
                month=month,
                salesperson_code=salesperson,
                weights=phasing,
                annual_action=annual_action,
                monthly_action=monthly_action,
                now=rt.now(),
            )
    if json_:
        print_json(
            {
                "year": b.year,
                "category": b.category,
                "salesperson": b.salesperson,
                "months": [json_money(m) for m in b.months],
                "annual": json_money(b.annual),
                "annual_action": b.annual_action,
                "monthly_action": b.monthly_action,
            }
        )
        return
    fmt = rt.fmt
    who = b.salesperson or _("team")
    typer.echo(
        _(
            "Budget {year} {category} ({who}): {annual} a year; actions: annual {annual_action}, "
            "monthly {monthly_action}."
        ).format(
            year=b.year,
            category=b.category_name,
            who=who,
            annual=fmt.money(b.annual),
            annual_action=_(b.annual_action),
            monthly_action=_(b.monthly_action),
        )
    )
    typer.echo("  ".join(f"{m:02d}: {fmt.money(v)}" for m, v in enumerate(b.months, start=1)))


@budget_app.command(
    "remove",
    help=_(
        "Remove a budget (a month with --month, else the year): the category's spending is then not "
        "limited by it. A budget of 0 instead stops every expense."
    ),
)
def budget_remove(
    ctx: typer.Context,
    year: int = typer.Option(..., "--year", help=_("The budget year.")),
    category: str = typer.Option(..., "--category", help=_("Expense category code.")),
    month: int | None = typer.Option(None, "--month", help=_("Only this month (1–12)."), metavar="M"),
    salesperson: str | None = typer.Option(None, "--salesperson", help=_("A budget of one salesperson.")),
) -> None:
    from salesdesk.expenses import queries

    rt = _rt(ctx)
    with _options(), _writing(ctx) as session:
        n = queries.remove_budget(
            session=session,
            year=year,
            category_code=category,
            month=month,
            salesperson_code=salesperson,
            now=rt.now(),
        )
    typer.echo(_("{n} budget months removed.").format(n=n))


#: Status amounts shown whether or not there is a budget.
_ACTUALS = ("actual_month", "actual_ytd", "projection")


def _status_item(r, by: str) -> dict[str, Any]:  # noqa: ANN001
    from salesdesk.core.money import json_money

    s = r.status
    item: dict[str, Any] = (
        {"category": r.key, "label": r.label}
        if by == "category"
        else {
            "salesperson": r.key,
            "name": r.label,
        }
    )
    budgeted = s.has_budget  # without a budget, its amounts are null (not a budget of zero)
    item.update(
        {
            "budget_month": json_money(s.budget_month) if budgeted else None,
            "actual_month": json_money(s.actual_month),
            "budget_ytd": json_money(s.budget_ytd) if budgeted else None,
            "actual_ytd": json_money(s.actual_ytd),
            "budget_year": json_money(s.budget_year) if budgeted else None,
            "remaining_year": json_money(s.remaining_year) if budgeted else None,
            "projection": json_money(s.projection),
            "burn_rate": json_money(s.burn_rate),
            "used_pct": str(s.used_pct) if s.used_pct is not None else None,
            "status": s.status,
        }
    )
    if by == "salesperson":
        item["expenses_ytd"] = json_money(r.expenses_ytd)
        item["sales_ytd"] = json_money(r.sales_ytd)
        item["expense_ratio"] = str(r.expense_ratio) if r.expense_ratio is not None else None
    return item


@budget_app.command(
    "status",
    help=_(
        "Budget against actual as of a month: the month, the year to date (the budget accumulated "
        "through the month), the year, what remains, the projection at the current run rate, and a "
        "status (warning from the alert %, over above the budget). --by salesperson: each one's own "
        "budgets against their spending in those categories, all their expenses, their sales and the "
        "expense-to-sales ratio; --by month gives the cumulative curves."
    ),
)
def budget_status(
    ctx: typer.Context,
    month: str | None = typer.Option(
        None, "--month", help=_("As of this month (default this month)."), metavar="YYYY-MM"
    ),
    salesperson: str | None = typer.Option(
        None, "--salesperson", help=_("One salesperson's budgets and spending (by category).")
    ),
    by: str = typer.Option(
        "category",
        "--by",
        help=_("Rows by category, salesperson or month."),
        metavar="category|salesperson|month",
    ),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.errors import UsageProblem
    from salesdesk.core.output import Column, emit
    from salesdesk.expenses import queries

    rt = _rt(ctx)
    today = rt.today()
    if by not in ("category", "salesperson", "month"):
        raise UsageProblem("--by", by, _("use category, salesperson or month"))
    if by == "salesperson" and salesperson:
        raise UsageProblem(
            "--salesperson", salesperson, _("--by salesperson lists every salesperson; drop one of them")
        )
    with _options():
        year, m = _month(month) or (today.year, today.month)
        with _reading(ctx) as session:
            if by == "month":
                months = queries.budget_by_month(
                    session=session, year=year, today=today, salesperson_code=salesperson
                )
            elif by == "salesperson":
                rows = queries.status_by_salesperson(session=session, year=year, month=m, today=today)
            else:
                rows = queries.budget_status(
                    session=session, year=year, month=m, today=today, salesperson_code=salesperson
                )
            alert = queries.alert_pct(session)
    fmt = rt.fmt
    if by == "month":
        _print_months(months, json_, fmt, year)
        return
    data = [_status_item(r, by) for r in rows]
    if json_:
        emit(data, [], fmt, as_json=True)
        return
    shown = [
        {
            **d,
            **{
                k: getattr(r.status, k) if r.status.has_budget or k in _ACTUALS else None
                for k in (
                    "budget_month",
                    "actual_month",
                    "budget_ytd",
                    "actual_ytd",
                    "budget_year",
                    "remaining_year",
                    "projection",
                )
            },
            "used_pct": fmt.number(r.status.used_pct, 1) if r.status.used_pct is not None else "",
            **(
                {
                    "expenses_ytd": r.expenses_ytd,
                    "sales_ytd": r.sales_ytd,
                    "expense_ratio": fmt.number(r.expense_ratio, 1) if r.expense_ratio is not None else "",
                }
                if by == "salesperson"
                else {}
            ),
        }
        for d, r in zip(data, rows, strict=True)
    ]
    if by == "category" and shown:
        shown.append(_total_row(rows, fmt, alert))
    key = (
        [Column("label", _("Category"))]
        if by == "category"
        else [Column("salesperson", _("Salesperson")), Column("name", _("Name"))]
    )
    extra = (
        [
            Column("expenses_ytd", _("Expenses YTD"), "money"),
            Column("sales_ytd", _("Sales YTD"), "money"),
            Column("expense_ratio", _("Exp./sales %")),
        ]
        if by == "salesperson"
        else []
    )
    emit(
        shown,
        [
            *key,
            Column("budget_month", _("Budget month"), "money"),
            Column("actual_month", _("Actual month"), "money"),
            Column("budget_ytd", _("Budget YTD"), "money"),
            Column("actual_ytd", _("Actual YTD"), "money"),
            Column("used_pct", _("Used %")),
            Column("budget_year", _("Budget year"), "money"),
            Column("remaining_year", _("Remaining"), "money"),
            Column("projection", _("Projection"), "money"),
            *extra,
            Column("status", _("Status"), labels=STATUS_LABELS),
        ],
        fmt,
        as_json=False,
        title=_("Expense budget {year}, through month {month}").format(year=year, month=m),
    )
    alerts = [
        f"{r.label} {fmt.number(r.status.used_pct, 1)} % ({_(STATUS_LABELS[r.status.status])})"
        if r.status.used_pct is not None
        else f"{r.label} ({_(STATUS_LABELS[r.status.status])})"
        for r in rows
        if r.status.status in ("warning", "over") or (r.status.status == "no_budget" and by == "category")
    ]
    if alerts:
        typer.echo(_("Alerts: {names}").format(names="; ".join(alerts)))


def _total_row(rows: list, fmt, alert) -> dict[str, Any]:  # noqa: ANN001
    """The categories' total row (``rules.total_of``: the rounded rows summed, so the table adds up)."""
    from salesdesk.expenses import rules

    t = rules.total_of([r.status for r in rows], alert)
    keys = ("budget_month", "actual_month", "budget_ytd", "actual_ytd", "budget_year", "remaining_year")
    return {
        **{k: getattr(t, k) for k in keys},
        "projection": t.projection,
        "label": _("Total"),
        "used_pct": fmt.number(t.used_pct, 1) if t.used_pct is not None else "",
        "status": t.status,
    }


def _print_months(months: list, json_: bool, fmt, year: int) -> None:  # noqa: ANN001
    from salesdesk.core.money import json_money
    from salesdesk.core.output import Column, emit

    data = [
        {
            "month": m,
            "budget": json_money(b),
            "actual": json_money(a),
            "cumulative_budget": json_money(cb),
            "cumulative_actual": json_money(ca),
        }
        for m, b, a, cb, ca in months
    ]
    if json_:
        emit(data, [], fmt, as_json=True)
        return
    shown = [
        {
            "month": f"{year}-{m:02d}",
            "budget": b,
            "actual": a,
            "cumulative_budget": cb,
            "cumulative_actual": ca,
        }
        for m, b, a, cb, ca in months
    ]
    emit(
        shown,
        [
            Column("month", _("Month")),
            Column("budget", _("Budget"), "money"),
            Column("actual", _("Actual"), "money"),
            Column("cumulative_budget", _("Cumulative budget"), "money"),
            Column("cumulative_actual", _("Cumulative actual"), "money"),
        ],
        fmt,
        as_json=False,
        title=_("Expense budget {year} by month").format(year=year),
    )


# --------------------------------------------------------------------------- discounts


def _discount_item(r) -> dict[str, Any]:  # noqa: ANN001
    from salesdesk.core.money import json_money
    from salesdesk.expenses import rules

    return {
        "id": r.id,
        "number": r.number,
        "date": r.date.isoformat(),
        "customer": r.customer,
        "name": r.customer_name,
        "order": r.order_number or None,
        "product": r.product,
        "gross": json_money(r.gross),
        "discount_pct": str(r.discount_pct),  # as asked for, two decimals (5.01 % is the manager's)
        "cost": json_money(rules.cents(r.cost)),
        "salesperson": r.salesperson,
        "reason": r.reason,
        "status": r.status,
        "level": r.level,
        "decision_note": r.decision_note,
        "override_reason": r.override_reason,
        "decided_at": r.decided_at.isoformat() if r.decided_at else None,
    }


def _discount_said(ctx: typer.Context, row, json_: bool) -> None:  # noqa: ANN001
    from salesdesk.core.output import print_json
    from salesdesk.expenses import rules

    if json_:
        print_json(_discount_item(row))
        return
    fmt = _rt(ctx).fmt
    text = _("Discount request {number}: {pct} % on {gross} ({cost}), {status}.").format(
        number=row.number,
        pct=fmt.number(row.discount_pct, 2),
        gross=fmt.money(row.gross),
        cost=fmt.money(rules.cents(row.cost)),
        status=rules.discount_label(row.status),
    )
    if row.level:
        text += " " + _("Granted by: {level}.").format(level=_(rules.LEVEL_LABELS[row.level]))
    typer.echo(text)


@discount_app.command(
    "request",
    help=_(
        "Record a discount request. Up to the salesperson's level it is granted at once; up to the "
        "manager's it waits for approval; above that it is escalated to the director. A product's "
        "maximum discount is never exceeded."
    ),
)
def discount_request(
    ctx: typer.Context,
    customer: str = typer.Option(..., "--customer", help=_("Customer code.")),
    gross: str = typer.Option(..., "--gross", help=_("The gross amount of the order."), metavar="AMOUNT"),
    pct: str = typer.Option(..., "--pct", help=_("The discount asked for, in percent."), metavar="PERCENT"),
    day: str | None = typer.Option(
        None, "--date", help=_("The request's date (default today)."), metavar="YYYY-MM-DD"
    ),
    order: str = typer.Option("", "--order", help=_("The order number.")),
    product: str | None = typer.Option(
        None, "--product", help=_("The product (its maximum discount applies).")
    ),
    salesperson: str | None = typer.Option(
        None, "--salesperson", help=_("Who asks for it (default the customer's salesperson).")
    ),
    reason: str = typer.Option("", "--reason", help=_("Why the customer should get it.")),
    override_reason: str = typer.Option(
        "", "--override-reason", help=_("Why to grant it when a stop discount budget refuses it (recorded).")
    ),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.money import parse_percent
    from salesdesk.expenses import queries

    rt = _rt(ctx)
    with _options():
        gross_value = _money(ctx, gross, "--gross")
        pct_value = parse_percent(pct, rt.locale, field="--pct")
        when = _parse_date(day, "--date") or rt.today()
        with _writing(ctx) as session:
            row, warnings = queries.request_discount(
                session=session,
                day=when,
                customer_code=customer,
                gross=gross_value,
                discount_pct=pct_value,
                salesperson_code=salesperson,
                order_number=order,
                product_code=product,
                reason=reason,
                override_reason=override_reason,
                money=_shower(ctx),
                today=rt.today(),
                now=rt.now(),
            )
    _warn(warnings)
    _discount_said(ctx, row, json_)


def _discount_decide(
    ctx: typer.Context, ref: str, status: str, note: str, override: str, json_: bool
) -> None:
    from salesdesk.expenses import queries

    rt = _rt(ctx)
    with _options(), _writing(ctx) as session:
        row, warnings = queries.decide_discount(
            session=session,
            ref=ref,
            status=status,
            note=note,
            override_reason=override,
            money=_shower(ctx),
            today=rt.today(),
            now=rt.now(),
        )
    _warn(warnings)
    _discount_said(ctx, row, json_)


def _discount_ref() -> Any:
    return typer.Argument(..., help=_("The request's number (or its id)."))


@discount_app.command(
    "approve",
    help=_(
        "Approve a request: a pending one up to the manager's level, an escalated one as the director's "
        "decision. Checks the discount budget."
    ),
)
def discount_approve(
    ctx: typer.Context,
    ref: str = _discount_ref(),
    note: str = typer.Option("", "--note", help=_("A note on the decision.")),
    override_reason: str = typer.Option(
        "", "--override-reason", help=_("Why to grant it when a stop discount budget refuses it (recorded).")
    ),
    json_: bool = _json_opt(),
) -> None:
    _discount_decide(ctx, ref, "approved", note, override_reason, json_)


@discount_app.command("reject", help=_("Reject a pending or escalated request."))
def discount_reject(
    ctx: typer.Context,
    ref: str = _discount_ref(),
    note: str = typer.Option("", "--note", help=_("A note on the decision.")),
    json_: bool = _json_opt(),
) -> None:
    _discount_decide(ctx, ref, "rejected", note, "", json_)


@discount_app.command("escalate", help=_("Send a pending request to the director."))
def discount_escalate(
    ctx: typer.Context,
    ref: str = _discount_ref(),
    note: str = typer.Option("", "--note", help=_("A note for the director.")),
    json_: bool = _json_opt(),
) -> None:
    _discount_decide(ctx, ref, "escalated", note, "", json_)


@discount_app.command("list", help=_("Discount requests: newest first, or oldest first with --status."))
def discount_list(
    ctx: typer.Context,
    status: str | None = typer.Option(
        None, "--status", help=_("Only in these states (comma-separated)."), metavar="pending,escalated,…"
    ),
    salesperson: str | None = typer.Option(None, "--salesperson", help=_("Only this salesperson's.")),
    month: str | None = _month_opt(),
    limit: int | None = _limit_opt(),
    offset: int = _offset_opt(),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.output import Column, emit
    from salesdesk.expenses import queries, rules

    rt = _rt(ctx)
    with _options():
        wanted = _month(month)
        with _reading(ctx) as session:
            rows = queries.list_discounts(
                session=session,
                status=status,
                salesperson_code=salesperson,
                month=wanted,
                limit=limit,
                offset=offset,
            )
    data = [_discount_item(r) for r in rows]
    if json_:
        emit(data, [], rt.fmt, as_json=True)
        return
    if not rows:
        typer.echo(_("No discount requests."))
        return
    fmt = rt.fmt
    shown = [
        {
            **d,
            "date": r.date,
            "gross": r.gross,
            "discount_pct": fmt.number(r.discount_pct, 2),
            "cost": rules.cents(r.cost),
            "status": rules.discount_label(r.status),
            "level": _(rules.LEVEL_LABELS[r.level]) if r.level else "",
        }
        for d, r in zip(data, rows, strict=True)
    ]
    emit(
        shown,
        [
            Column("number", _("Number")),
            Column("date", _("Date"), "date"),
            Column("customer", _("Customer")),
            Column("name", _("Name")),
            Column("order", _("Order")),
            Column("gross", _("Gross"), "money"),
            Column("discount_pct", _("Discount %")),
            Column("cost", _("Cost"), "money"),
            Column("salesperson", _("Salesperson")),
            Column("status", _("Status")),
            Column("level", _("Granted by")),
        ],
        fmt,
        as_json=False,
    )


def apps() -> list[tuple[str, typer.Typer, str]]:
    """The room's command groups: (name, app, help)."""
    groups = [("expense", expense_app), ("budget", budget_app), ("discount", discount_app)]
    return [(name, app, app.info.help or "") for name, app in groups]
