"""The credit room's monthly review: ``credit review`` (month-end aging snapshot, DSO, CEI, or a review
note), ``credit trend`` (the stored month-ends) and ``credit notes``.

Only typer is imported at module level; database modules are imported inside the commands.
"""

from __future__ import annotations

from typing import Any

import typer

from salesdesk.core.i18n import N_, _
from salesdesk.credit.commands import _json_opt, credit_app
from salesdesk.org.commands import _reading, _rt, _writing

#: Rows of the review table: the JSON key and its label.
ROWS = (
    ("not_due", N_("Not due")),
    ("d1_30", N_("1–30")),
    ("d31_60", N_("31–60")),
    ("d61_90", N_("61–90")),
    ("over_90", N_("Over 90")),
    ("unapplied", N_("Unapplied")),
    ("total", N_("Total")),
)


def _month_opt(help_text: str) -> Any:
    return typer.Option(None, "--month", help=help_text, metavar="YYYY-MM")


def _customer_opt(help_text: str) -> Any:
    return typer.Option(None, "--customer", help=help_text)


def _one(value) -> str | None:  # noqa: ANN001
    """A percentage or a day count with one decimal, as a string (None stays None)."""
    from decimal import ROUND_HALF_UP, Decimal

    return None if value is None else str(Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _amounts(totals) -> dict[str, str | None]:  # noqa: ANN001
    from salesdesk.core.money import json_money

    return {k: json_money(v) for k, v in totals.as_dict().items()}


def _note_item(note) -> dict[str, Any]:  # noqa: ANN001
    return {
        "id": note.id,
        "month": note.month,
        "code": note.code,
        "name": note.name,
        "written_at": note.written_at.isoformat(),
        "user": note.user,
        "text": note.text,
    }


@credit_app.command(
    "review",
    help=_(
        "Monthly receivables review: store every customer's aging at the end of --month (default last "
        "month; re-running replaces it) and show the totals, the change on the previous review, DSO and CEI. "
        "With --customer and --note: add a review note instead."
    ),
)
def credit_review(
    ctx: typer.Context,
    month: str | None = _month_opt(_("The month to review (default the previous month).")),
    customer: str | None = _customer_opt(_("With --note: the customer the note is about.")),
    note: str | None = typer.Option(None, "--note", help=_("Add this review note (needs --customer).")),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.credit import review

    rt = _rt(ctx)
    text = month if month is not None else review.previous_month(rt.today())
    if customer is not None or note is not None:
        _add_note(ctx, text, customer, note, json_)
        return
    with _writing(ctx) as session:
        snap = review.take_snapshot(session=session, month=text, now=rt.now(), today=rt.today())
    with _reading(ctx) as session:
        figures = review.month_figures(session=session, month=snap.month)
    _show_review(ctx, snap, figures, json_)


def _add_note(ctx: typer.Context, month: str, customer: str | None, text: str | None, json_: bool) -> None:
    from salesdesk.core.history import current_user
    from salesdesk.core.output import print_json
    from salesdesk.credit import review

    if customer is None or text is None:
        try:  # typer ≥ 0.29 vendors click
            from typer._click.exceptions import UsageError
        except ImportError:  # pragma: no cover - older typer on plain click
            from click.exceptions import UsageError

        if customer is None:
            raise UsageError(_("--note needs --customer: the customer the note is about."), ctx)
        raise UsageError(_("--customer needs --note: the text of the review note."), ctx)
    rt = _rt(ctx)
    with _writing(ctx) as session:
        added = review.add_note(
            session=session,
            month=month,
            customer=customer,
            text=text,
            now=rt.now(),
            user=current_user(),
            today=rt.today(),
        )
    if json_:
        print_json(_note_item(added))
        return
    typer.echo(_("Review note added to {code} for {month}.").format(code=added.code, month=added.month))


def _show_review(ctx: typer.Context, snap, figures, json_: bool) -> None:  # noqa: ANN001
    from salesdesk.core.money import json_money
    from salesdesk.core.output import Column, emit, print_json

    rt = _rt(ctx)
    now = snap.totals.as_dict()
    before = snap.previous.as_dict() if snap.previous else None
    change = {k: v - before[k] for k, v in now.items()} if before else None
    if json_:
        print_json(
            {
                "month": snap.month,
                "as_of": snap.as_of.isoformat(),
                "customers": snap.totals.customers,
                "totals": _amounts(snap.totals),
                "previous_month": snap.previous.month if snap.previous else None,
                "previous": _amounts(snap.previous) if snap.previous else None,
                "change": {k: json_money(v) for k, v in change.items()} if change else None,
                "opening": json_money(figures.opening),
                "sales": json_money(figures.sales),
                "closing": json_money(figures.closing),
                "closing_current": json_money(figures.closing_current),
                "dso_days": _one(figures.dso_days),
                "cei_pct": _one(figures.cei_pct),
            }
        )
        return
    rows = [
        {
            "bucket": _(label),
            "amount": now[key],
            "previous": before[key] if before else None,
            "change": change[key] if change else None,
        }
        for key, label in ROWS
    ]
    columns = [Column("bucket", _("Days past due")), Column("amount", snap.month, "money")]
    if snap.previous:
        columns += [
            Column("previous", snap.previous.month, "money"),
            Column("change", _("Change"), "money"),
        ]
    title = _("Aging at the end of {month}").format(month=snap.month)
    emit(rows, columns, rt.fmt, as_json=False, title=title)
    typer.echo(
        _("Customers with open invoices or credit on {date}: {count}.").format(
            count=snap.totals.customers, date=rt.fmt.date(snap.as_of)
        )
    )
    if snap.previous is None:
        typer.echo(_("No earlier review is stored: nothing to compare with."))
    none = "—"
    typer.echo(
        _("Opening {opening}, sales {sales}, closing {closing} (not due {current}).").format(
            opening=rt.fmt.money(figures.opening),
            sales=rt.fmt.money(figures.sales),
            closing=rt.fmt.money(figures.closing),
            current=rt.fmt.money(figures.closing_current),
        )
    )
    typer.echo(
        _("DSO (count-back): {dso} days. Collection effectiveness (CEI): {cei} %.").format(
            dso=rt.fmt.number(figures.dso_days, 1) if figures.dso_days is not None else none,
            cei=rt.fmt.number(figures.cei_pct, 1) if figures.cei_pct is not None else none,
        )
    )


@credit_app.command(
    "trend", help=_("The stored month-end receivables by days past due (one row per reviewed month).")
)
def credit_trend(
    ctx: typer.Context,
    customer: str | None = _customer_opt(_("Only this customer.")),
    months: int = typer.Option(
        12, "--months", min=1, max=1200, help=_("The latest N reviewed months."), metavar="N"
    ),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.money import json_money
    from salesdesk.core.output import Column, emit
    from salesdesk.credit import review

    rt = _rt(ctx)
    with _reading(ctx) as session:
        rows = review.trend(session=session, months=months, customer=customer)
    # the change of the total on the month before it in the list (None for the first)
    changes = [None] * min(len(rows), 1) + [b.total - a.total for a, b in zip(rows, rows[1:], strict=False)]
    if json_:
        data = [
            {"month": r.month, "customers": r.customers, **_amounts(r), "change": json_money(change)}
            for r, change in zip(rows, changes, strict=True)
        ]
        emit(data, [], rt.fmt, as_json=True)
        return
    shown = [
        {**r.as_dict(), "month": r.month, "customers": r.customers, "change": change}
        for r, change in zip(rows, changes, strict=True)
    ]
    if not rows:
        typer.echo(_("No review is stored yet: run salesdesk credit review --month YYYY-MM."))
        return
    columns = [Column("month", _("Month"))]
    columns += [Column(key, _(label), "money") for key, label in ROWS]
    columns.append(Column("change", _("Change"), "money"))
    title = (
        _("Month-end receivables of {code}").format(code=customer) if customer else _("Month-end receivables")
    )
    emit(shown, columns, rt.fmt, as_json=False, title=title)


@credit_app.command("notes", help=_("Review notes, newest first: for a customer and/or a month."))
def credit_notes(
    ctx: typer.Context,
    customer: str | None = _customer_opt(_("Only this customer's notes.")),
    month: str | None = _month_opt(_("Only the notes of this month.")),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.output import Column, emit
    from salesdesk.credit import review

    rt = _rt(ctx)
    with _reading(ctx) as session:
        found = review.notes(session=session, customer=customer, month=month)
    data = [_note_item(n) for n in found]
    if json_:
        emit(data, [], rt.fmt, as_json=True)
        return
    if not found:
        typer.echo(_("No review notes."))
        return
    shown = [{**d, "written_at": rt.fmt.moment(n.written_at)} for d, n in zip(data, found, strict=True)]
    emit(
        shown,
        [
            Column("month", _("Month")),
            Column("code", _("Code")),
            Column("name", _("Name")),
            Column("written_at", _("When")),
            Column("user", _("Who")),
            Column("text", _("Note")),
        ],
        rt.fmt,
        as_json=False,
        title=_("Review notes"),
    )
