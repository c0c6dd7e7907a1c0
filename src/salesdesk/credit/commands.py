"""The credit room's commands: status (exposure and usage), aging, the order check and the score.

Only typer is imported at module level; database modules are imported inside the commands.
"""

from __future__ import annotations

from typing import Any

import typer

from salesdesk.core.i18n import N_, _
from salesdesk.org.commands import (
    _as_of,
    _as_of_opt,
    _group,
    _limit_opt,
    _offset_opt,
    _page,
    _reading,
    _rt,
)

credit_app = _group(_("Credit: exposure and status, aging, order check, customer score."))

STATUS_LABELS = {"ok": N_("ok"), "warning": N_("warning"), "over": N_("over"), "hold": N_("hold")}


def _json_opt() -> Any:
    return typer.Option(False, "--json", help=_("Print JSON."))


def _salesperson_opt() -> Any:
    return typer.Option(None, "--salesperson", help=_("Only this salesperson's customers."))


def _refresh_ledger(ctx: typer.Context) -> None:
    """Bring the receivables ledger up to date (the customers whose documents changed since)."""
    from salesdesk.credit import ledger
    from salesdesk.org.commands import _writing

    with _writing(ctx) as session:
        ledger.refresh(session)


def _pct(value) -> str | None:  # noqa: ANN001
    return None if value is None else str(value)


def _status_item(row) -> dict:  # noqa: ANN001
    from salesdesk.core.money import json_money

    e, s = row.exposure, row.score
    return {
        "code": row.code,
        "name": row.name,
        "salesperson": row.salesperson,
        "limit": json_money(e.limit),
        "open_receivables": json_money(e.open_receivables),
        "open_orders": json_money(e.open_orders),
        "exposure": json_money(e.exposure),
        "usage_pct": _pct(e.usage_pct),
        "overdue": json_money(row.overdue),
        "status": e.status,
        "score": _pct(s.score),
        "class": s.credit_class,
    }


@credit_app.command(
    "status", help=_("Exposure, usage of the limit, overdue, status, score and class per customer.")
)
def credit_status(
    ctx: typer.Context,
    salesperson: str | None = _salesperson_opt(),
    as_of: str | None = _as_of_opt(),
    limit: int | None = _limit_opt(),
    offset: int = _offset_opt(),
    json_: bool = _json_opt(),
) -> None:
    from decimal import Decimal

    from salesdesk.core.output import Column, emit
    from salesdesk.credit import queries

    rt = _rt(ctx)
    day = _as_of(ctx, as_of)
    with _reading(ctx) as session:
        rows = queries.status(session=session, as_of=day, salesperson=salesperson)
    data = [_status_item(r) for r in _page(rows, limit, offset)]
    if json_:
        emit(data, [], rt.fmt, as_json=True)
        return
    shown = []
    for item in data:
        view = dict(item)
        for key in ("limit", "exposure", "overdue"):
            view[key] = Decimal(item[key]) if item[key] is not None else None
        view["usage_pct"] = rt.fmt.number(Decimal(item["usage_pct"]), 1) + " %" if item["usage_pct"] else "—"
        view["score"] = rt.fmt.number(Decimal(item["score"]), 1) if item["score"] else "—"
        shown.append(view)
    emit(
        shown,
        [
            Column("code", _("Code")),
            Column("name", _("Name")),
            Column("limit", _("Limit"), "money"),
            Column("exposure", _("Exposure"), "money"),
            Column("usage_pct", _("Usage")),
            Column("overdue", _("Overdue"), "money"),
            Column("status", _("Status"), labels=STATUS_LABELS),
            Column("score", _("Score")),
            Column("class", _("Class")),
        ],
        rt.fmt,
        as_json=False,
        title=_("Credit as of {date}").format(date=rt.fmt.date(day)),
    )


@credit_app.command(
    "aging", help=_("Open receivables by days past due: per customer, salesperson or territory.")
)
def credit_aging(
    ctx: typer.Context,
    as_of: str | None = _as_of_opt(),
    by: str = typer.Option(
        "customer",
        "--by",
        help=_("customer, salesperson or territory."),
        metavar="customer|salesperson|territory",
    ),
    limit: int | None = _limit_opt(),
    offset: int = _offset_opt(),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.money import json_money
    from salesdesk.core.output import Column, emit
    from salesdesk.credit import queries
    from salesdesk.credit.rules import BUCKET_KEYS

    rt = _rt(ctx)
    day = _as_of(ctx, as_of)
    _refresh_ledger(ctx)
    with _reading(ctx) as session:
        rows = queries.aging(session=session, as_of=day, by=by)
    data = []
    key = "code" if by == "customer" else by  # CONVENTIONS: rows keyed by what --by names
    for r in _page(rows, limit, offset):
        item: dict[str, Any] = {key: r.code, "name": r.name}
        item.update({k: json_money(v) for k, v in r.aging.as_dict().items()})
        data.append(item)
    if json_:
        emit(data, [], rt.fmt, as_json=True)
        return
    from decimal import Decimal

    shown = [{k: (Decimal(v) if k not in (key, "name") else v) for k, v in d.items()} for d in data]
    headers = [_("Not due"), _("1–30"), _("31–60"), _("61–90"), _("Over 90")]
    columns = [Column(key, _("Code")), Column("name", _("Name"))]
    columns += [Column(k, h, "money") for k, h in zip(BUCKET_KEYS, headers, strict=True)]
    columns += [Column("unapplied", _("Unapplied"), "money"), Column("total", _("Total"), "money")]
    emit(shown, columns, rt.fmt, as_json=False, title=_("Aging as of {date}").format(date=rt.fmt.date(day)))


@credit_app.command(
    "check", help=_("Would a new order of --amount fit the customer's credit? Exit 0 yes, 3 no.")
)
def credit_check(
    ctx: typer.Context,
    customer: str = typer.Argument(..., help=_("Customer code.")),
    amount: str = typer.Option(..., "--amount", help=_("Amount of the new order."), metavar="AMOUNT"),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.money import json_money, parse_amount
    from salesdesk.core.output import print_json
    from salesdesk.credit import queries
    from salesdesk.credit.rules import check_order

    rt = _rt(ctx)
    value = parse_amount(amount, rt.locale, field="--amount", allow_negative=False)
    with _reading(ctx) as session:
        row = queries.customer_status(session=session, code=customer, as_of=rt.today())
    after, fits = check_order(row.exposure, value)
    if json_:
        print_json(
            {
                **_status_item(row),
                "amount": json_money(value),
                "exposure_after": json_money(after),
                "fits": fits,
            }
        )
    else:
        limit = rt.fmt.money(row.exposure.limit) if row.exposure.limit else _("no credit")
        typer.echo(
            _("{code}: exposure {before} → {after} with this order; limit {limit}; status {status}.").format(
                code=row.code,
                before=rt.fmt.money(row.exposure.exposure),
                after=rt.fmt.money(after),
                limit=limit,
                status=_(STATUS_LABELS[row.exposure.status]),
            )
        )
        typer.echo(_("It fits.") if fits else _("It does not fit."))
    if not fits:
        raise typer.Exit(3)


@credit_app.command("score", help=_("A customer's credit score, class and suggested limit, with its parts."))
def credit_score(
    ctx: typer.Context,
    customer: str = typer.Argument(..., help=_("Customer code.")),
    as_of: str | None = _as_of_opt(),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.money import json_money
    from salesdesk.core.output import print_json
    from salesdesk.credit import queries

    rt = _rt(ctx)
    day = _as_of(ctx, as_of)
    with _reading(ctx) as session:
        detail = queries.customer_credit(session=session, code=customer, as_of=day)
    row, imp = detail.status, detail.importance
    s = row.score
    data = {
        "code": row.code,
        "name": row.name,
        "score": _pct(s.score),
        "class": s.credit_class,
        "avg_days_late": _pct(s.avg_days_late),
        "late_share_pct": _pct(s.late_share_pct),
        "overdue": json_money(s.overdue),
        "oldest_overdue_days": s.oldest_overdue_days,
        "months_as_customer": s.months_as_customer,
        "suggested_limit": json_money(s.suggested_limit),
        "limit": json_money(row.exposure.limit),
        "sales_12m": json_money(imp.sales_12m),
        "share_pct": _pct(imp.share_pct),
        "growth_pct": _pct(imp.growth_pct),
    }
    if json_:
        print_json(data)
        return
    none = "—"

    def num(value) -> str:  # noqa: ANN001
        return rt.fmt.number(value, 1) if value is not None else none

    lines = [
        _("{code} {name}: score {score}, class {klass}").format(
            code=row.code, name=row.name, score=num(s.score), klass=s.credit_class
        ),
        _("  average days paid late: {v}").format(v=num(s.avg_days_late)),
        _("  invoices paid late: {v} %").format(v=num(s.late_share_pct)),
        _("  overdue now: {v}, oldest {days} days").format(
            v=rt.fmt.money(s.overdue), days=s.oldest_overdue_days
        ),
        _("  months as a customer: {v}").format(v=s.months_as_customer),
        _("  importance: sales {sales} in 12 months, {share} % of the region, growth {growth} %").format(
            sales=rt.fmt.money(imp.sales_12m), share=num(imp.share_pct), growth=num(imp.growth_pct)
        ),
        _("  suggested limit: {v} (limit now: {limit})").format(
            v=rt.fmt.money(s.suggested_limit),
            limit=rt.fmt.money(row.exposure.limit) if row.exposure.limit else _("no credit"),
        ),
    ]
    typer.echo("\n".join(lines))


@credit_app.command(
    "limit",
    help=_(
        'Approve a customer\'s credit limit: CUSTOMER AMOUNT (0 or "" means no credit). Kept in the change '
        "history; lowering it below what the customer owes needs --force and is flagged."
    ),
)
def credit_limit(
    ctx: typer.Context,
    customer: str = typer.Argument(..., help=_("Customer code.")),
    amount: str = typer.Argument(..., help=_('The new limit (0 or "": no credit).'), metavar="AMOUNT"),
    review_date: str | None = typer.Option(
        None, "--review-date", help=_('When to review it (YYYY-MM-DD); "" clears it.'), metavar="DATE"
    ),
    note: str = typer.Option("", "--note", help=_("Why (kept in the change history).")),
    force: bool = typer.Option(False, "--force", help=_("Lower it below what the customer owes.")),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.money import json_money, parse_amount
    from salesdesk.core.output import print_json
    from salesdesk.org import queries as org_queries
    from salesdesk.org.commands import _parse_date, _writing

    rt = _rt(ctx)
    value = parse_amount(amount, rt.locale, field="AMOUNT", allow_negative=False) if amount.strip() else None
    extra: dict[str, Any] = {}
    if review_date is not None:
        extra["review_date"] = _parse_date(review_date, "--review-date") if review_date.strip() else None
    with _writing(ctx) as session:
        change = org_queries.set_credit_limit(
            session=session,
            code=customer,
            amount=value,
            now=rt.now(),
            note=note,
            force=force,
            **extra,
        )
    if json_:
        print_json(
            {
                "code": change.code,
                "old": json_money(change.old),
                "new": json_money(change.new),
                "outstanding": json_money(change.outstanding),
                "review_date": change.review_date.isoformat() if change.review_date else None,
                "flagged": change.flagged,
            }
        )
        return
    fmt = rt.fmt

    def shown(v):  # noqa: ANN001, ANN202
        return fmt.money(v) if v else _("no credit")

    typer.echo(
        _("{code}: credit limit {old} → {new} (owes {owed}).").format(
            code=change.code, old=shown(change.old), new=shown(change.new), owed=fmt.money(change.outstanding)
        )
    )
    if change.review_date:
        typer.echo(_("Review on {date}.").format(date=fmt.date(change.review_date)))
    if change.flagged:
        typer.echo(_("Flagged: the limit is below what the customer owes."), err=True)


@credit_app.command("limits", help=_("Approved limits with their review dates; --due lists the reviews due."))
def credit_limits(
    ctx: typer.Context,
    due: bool = typer.Option(False, "--due", help=_("Only limits due for review (today or earlier).")),
    within: int = typer.Option(
        0,
        "--within",
        min=0,
        max=36500,
        help=_("Reviews due within this many days (implies --due)."),
        metavar="DAYS",
    ),
    salesperson: str | None = _salesperson_opt(),
    limit: int | None = _limit_opt(),
    offset: int = _offset_opt(),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.money import json_money
    from salesdesk.core.output import Column, emit
    from salesdesk.credit import queries

    rt = _rt(ctx)
    with _reading(ctx) as session:
        rows = queries.limits(
            session=session,
            today=rt.today(),
            due_within=within if due or within else None,
            salesperson=salesperson,
        )
    rows = _page(rows, limit, offset)
    data = [
        {
            "code": r.code,
            "name": r.name,
            "salesperson": r.salesperson,
            "limit": json_money(r.limit),
            "review_date": r.review_date.isoformat() if r.review_date else None,
            "outstanding": json_money(r.outstanding),
            "below_outstanding": r.below,
            "review_due": r.due,
            "note": r.note,
        }
        for r in rows
    ]
    if json_:
        emit(data, [], rt.fmt, as_json=True)
        return
    yes, no = _("yes"), ""
    shown = [
        {
            **d,
            "limit": r.limit,
            "outstanding": r.outstanding,
            "review_date": rt.fmt.date(r.review_date) if r.review_date else "—",
            "below_outstanding": _("below") if r.below else no,
            "review_due": yes if r.due else no,
        }
        for d, r in zip(data, rows, strict=True)
    ]
    emit(
        shown,
        [
            Column("code", _("Code")),
            Column("name", _("Name")),
            Column("limit", _("Limit"), "money"),
            Column("outstanding", _("Owes"), "money"),
            Column("below_outstanding", _("Flag")),
            Column("review_date", _("Review")),
            Column("review_due", _("Due")),
            Column("note", _("Note")),
        ],
        rt.fmt,
        as_json=False,
        title=_("Credit limits"),
    )


@credit_app.command(
    "history", help=_("Every change of a customer's credit limit: who, when, old → new, why.")
)
def credit_history(
    ctx: typer.Context,
    customer: str = typer.Argument(..., help=_("Customer code.")),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.output import Column, emit
    from salesdesk.credit import queries

    rt = _rt(ctx)
    with _reading(ctx) as session:
        changes = queries.limit_history(session=session, code=customer)
    data = [
        {
            "changed_at": c.changed_at.isoformat(),
            "user": c.user,
            "field": c.field,
            "old": c.old,
            "new": c.new,
            "note": c.note,
        }
        for c in changes
    ]
    if json_:
        emit(data, [], rt.fmt, as_json=True)
        return
    shown = [
        {
            **d,
            "changed_at": rt.fmt.moment(c.changed_at),
            "old": limit_value(c.field, c.old, rt.fmt),
            "new": limit_value(c.field, c.new, rt.fmt),
        }
        for d, c in zip(data, changes, strict=True)
    ]
    emit(
        shown,
        [
            Column("changed_at", _("When")),
            Column("user", _("Who")),
            Column("field", _("What"), labels=queries.LIMIT_FIELDS),
            Column("old", _("Old")),
            Column("new", _("New")),
            Column("note", _("Why")),
        ],
        rt.fmt,
        as_json=False,
        title=_("Credit limit history of {code}").format(code=customer),
    )


def limit_value(field: str, text: str | None, fmt) -> str:  # noqa: ANN001
    """A value of a limit approval from the change history, as a user reads it."""
    from datetime import date
    from decimal import Decimal

    if field == "credit_limit":
        return fmt.money(Decimal(text)) if text not in (None, "", "0.00") else _("no credit")
    if field == "credit_review_date":
        return fmt.date(date.fromisoformat(text)) if text else "—"
    return text or "—"


def apps() -> list[tuple[str, typer.Typer, str]]:
    """The room's command groups: (name, app, help)."""
    return [("credit", credit_app, credit_app.info.help or "")]


# the room's other command modules add their commands to credit_app when imported
from salesdesk.credit import commands_followup, commands_review  # noqa: E402, F401
