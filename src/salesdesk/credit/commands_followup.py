"""The credit room's collection commands: ``credit followup add|list`` and ``credit worklist``.

Only typer is imported at module level; database modules are imported inside the commands.
"""

from __future__ import annotations

from typing import Any

import typer

from salesdesk.core.i18n import N_, _
from salesdesk.credit.commands import _json_opt, _refresh_ledger, _salesperson_opt, credit_app
from salesdesk.org.commands import (
    _as_of,
    _as_of_opt,
    _group,
    _limit_opt,
    _offset_opt,
    _page,
    _parse_date,
    _reading,
    _rt,
    _writing,
)

followup_app = _group(
    _(
        "Collection follow-ups: record a call (contact, agreement, promise to pay, next action) and list "
        "them. A promise is kept when the customer's payments from the call's day to the promised date "
        "reach the amount; broken when that date passes without it."
    )
)
credit_app.add_typer(followup_app, name="followup")

PROMISE_LABELS = {"kept": N_("kept"), "broken": N_("broken"), "pending": N_("pending")}
REASON_LABELS = {
    "broken_promise": N_("promise broken"),
    "next_action_due": N_("next action due"),
    "overdue": N_("overdue, nothing planned"),
}


def promise_text(amount, day, fmt) -> str:  # noqa: ANN001
    """A promise to pay as a listing shows it: the amount and the date (empty without a promise)."""
    return f"{fmt.money(amount)} {fmt.date(day)}" if amount is not None and day is not None else ""


def _item(row) -> dict[str, Any]:  # noqa: ANN001
    from salesdesk.core.money import json_money

    return {
        "id": row.id,
        "code": row.code,
        "name": row.name,
        "date": row.date.isoformat(),
        "contact": row.contact,
        "agreed": row.agreed,
        "invoice": row.invoice,
        "promised_amount": json_money(row.promised_amount),
        "promised_date": row.promised_date.isoformat() if row.promised_date else None,
        "paid": json_money(row.paid) if row.promised_amount is not None else None,
        "promise_status": row.promise_status,
        "next_action_date": row.next_action_date.isoformat() if row.next_action_date else None,
        "salesperson": row.salesperson,
    }


@followup_app.command("add", help=_("Record a collection follow-up with CUSTOMER."))
def followup_add(
    ctx: typer.Context,
    customer: str = typer.Argument(..., help=_("Customer code.")),
    day: str | None = typer.Option(
        None, "--date", help=_("When the call or visit was (default today)."), metavar="YYYY-MM-DD"
    ),
    contact: str = typer.Option("", "--contact", help=_("Who you spoke to.")),
    agreed: str = typer.Option("", "--agreed", help=_("What was agreed.")),
    promised_amount: str | None = typer.Option(
        None, "--promised-amount", help=_("The amount the customer promised to pay."), metavar="AMOUNT"
    ),
    promised_date: str | None = typer.Option(
        None, "--promised-date", help=_("By when (needs --promised-amount)."), metavar="YYYY-MM-DD"
    ),
    next_action: str | None = typer.Option(
        None, "--next-action", help=_("When to follow up next."), metavar="YYYY-MM-DD"
    ),
    invoice: str | None = typer.Option(None, "--invoice", help=_("The invoice it is about (optional).")),
    salesperson: str | None = typer.Option(
        None, "--salesperson", help=_("Who follows it up (default the customer's salesperson).")
    ),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.money import parse_amount
    from salesdesk.core.output import print_json
    from salesdesk.credit import followups

    rt = _rt(ctx)
    amount = (
        parse_amount(promised_amount, rt.locale, field="--promised-amount", allow_negative=False)
        if promised_amount not in (None, "")
        else None
    )
    from salesdesk.core.errors import DataError

    options = {
        "promised_amount": "--promised-amount",
        "promised_date": "--promised-date",
        "next_action_date": "--next-action",
        "contact": "--contact",
        "agreed": "--agreed",
    }
    try:
        with _writing(ctx) as session:
            row = followups.add_followup(
                session=session,
                customer=customer,
                date=_parse_date(day, "--date") or rt.today(),
                contact=contact,
                agreed=agreed,
                promised_amount=amount,
                promised_date=_parse_date(promised_date, "--promised-date"),
                next_action_date=_parse_date(next_action, "--next-action"),
                invoice=invoice,
                salesperson=salesperson,
            )
    except DataError as exc:  # the rule names the field; the command names the option
        raise DataError(options.get(exc.field, exc.field), exc.value, exc.message) from None
    if json_:
        print_json(_item(row))
        return
    typer.echo(_("Follow-up {id} with {code} recorded.").format(id=row.id, code=row.code))
    if row.promised_amount is not None and row.promised_date is not None:
        typer.echo(
            _("Promise: {amount} by {date}.").format(
                amount=rt.fmt.money(row.promised_amount), date=rt.fmt.date(row.promised_date)
            )
        )


@followup_app.command(
    "list", help=_("Follow-ups, newest first, each promise kept, broken or pending as of --as-of.")
)
def followup_list(
    ctx: typer.Context,
    customer: str | None = typer.Option(None, "--customer", help=_("Only this customer's.")),
    salesperson: str | None = _salesperson_opt(),
    status: str | None = typer.Option(
        None, "--status", help=_("Only promises kept, broken or pending."), metavar="kept|broken|pending"
    ),
    as_of: str | None = _as_of_opt(),
    limit: int | None = _limit_opt(),
    offset: int = _offset_opt(),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.output import Column, emit
    from salesdesk.credit import followups

    rt = _rt(ctx)
    day = _as_of(ctx, as_of)
    with _reading(ctx) as session:
        rows = followups.list_followups(
            session=session,
            as_of=day,
            customer=customer,
            salesperson=salesperson,
            status=status,
            limit=limit,
            offset=offset,
        )
    data = [_item(r) for r in rows]
    if json_:
        emit(data, [], rt.fmt, as_json=True)
        return
    if not rows:
        typer.echo(_("No follow-ups."))
        return
    fmt = rt.fmt
    shown = [
        {
            **d,
            "date": fmt.date(r.date),
            "promise": promise_text(r.promised_amount, r.promised_date, fmt),
            "next_action_date": fmt.date(r.next_action_date) if r.next_action_date else "",
        }
        for d, r in zip(data, rows, strict=True)
    ]
    emit(
        shown,
        [
            Column("id", _("No.")),
            Column("date", _("Date")),
            Column("code", _("Code")),
            Column("name", _("Name")),
            Column("contact", _("Contact")),
            Column("agreed", _("Agreed")),
            Column("promise", _("Promise")),
            Column("promise_status", _("Kept?"), labels=PROMISE_LABELS),
            Column("next_action_date", _("Next action")),
            Column("salesperson", _("Salesperson")),
        ],
        fmt,
        as_json=False,
        title=_("Follow-ups as of {date}").format(date=fmt.date(day)),
    )


@credit_app.command(
    "worklist",
    help=_(
        "Whom to call today: a broken promise, a next action due, or money overdue with no later call "
        "planned; largest open amount × days past due first. A pending promise waits for its date."
    ),
)
def credit_worklist(
    ctx: typer.Context,
    salesperson: str | None = _salesperson_opt(),
    limit: int | None = _limit_opt(),
    offset: int = _offset_opt(),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.money import json_money
    from salesdesk.core.output import Column, emit
    from salesdesk.credit import followups

    rt = _rt(ctx)
    today = rt.today()
    _refresh_ledger(ctx)
    with _reading(ctx) as session:
        rows = _page(followups.worklist(session=session, today=today, salesperson=salesperson), limit, offset)
    data = [
        {
            "code": r.code,
            "name": r.name,
            "salesperson": r.salesperson,
            "phone": r.phone,
            "reason": r.reason,
            "overdue": json_money(r.overdue),
            "oldest_overdue_days": r.oldest_overdue_days,
            "amount_days": json_money(r.amount_days),
            "last_followup": r.last_followup.isoformat() if r.last_followup else None,
            "contact": r.contact,
            "next_action_date": r.next_action_date.isoformat() if r.next_action_date else None,
            "promise_status": r.promise_status,
            "promised_amount": json_money(r.promised_amount),
            "promised_date": r.promised_date.isoformat() if r.promised_date else None,
        }
        for r in rows
    ]
    if json_:
        emit(data, [], rt.fmt, as_json=True)
        return
    if not rows:
        typer.echo(_("Nobody to call today."))
        return
    fmt = rt.fmt
    shown = [
        {
            **d,
            "overdue": r.overdue,
            "last_followup": fmt.date(r.last_followup) if r.last_followup else "",
            "promise": promise_text(r.promised_amount, r.promised_date, fmt),
        }
        for d, r in zip(data, rows, strict=True)
    ]
    emit(
        shown,
        [
            Column("code", _("Code")),
            Column("name", _("Name")),
            Column("phone", _("Phone")),
            Column("reason", _("Why"), labels=REASON_LABELS),
            Column("overdue", _("Overdue"), "money"),
            Column("oldest_overdue_days", _("Days"), "int"),
            Column("last_followup", _("Last call")),
            Column("contact", _("Contact")),
            Column("promise", _("Promise")),
            Column("promise_status", _("Kept?"), labels=PROMISE_LABELS),
            Column("salesperson", _("Salesperson")),
        ],
        fmt,
        as_json=False,
        title=_("Calls for {date}").format(date=fmt.date(today)),
    )
