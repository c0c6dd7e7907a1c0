"""The relations rooms' commands: ``visit`` and ``complaint``.

Only typer is imported at module level; database modules are imported inside the commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from salesdesk.core.i18n import _
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

visit_app = _group(
    _(
        "Customer visits: plan, mark done, cancelled or missed, list; who is due for a visit; compliance "
        "with the visit policy; an iCalendar file of planned visits. Status: planned → done / cancelled / "
        "missed."
    )
)
complaint_app = _group(
    _(
        "Complaints and objections: add, change status, resolve with the customer's satisfaction, list by "
        "SLA urgency, statistics. Status: new → in progress → resolved → closed; a resolved or closed one "
        "can be reopened (in_progress)."
    )
)

_OPTIONS = {
    "date": "--date",
    "time": "--time",
    "who": "--who",
    "purpose": "--purpose",
    "duration": "--duration",
    "outcome": "--outcome",
    "next_step": "--next-step",
    "next": "--next",
    "category": "--category",
    "severity": "--severity",
    "channel": "--channel",
    "text": "--text",
    "owner": "--owner",
    "resolution": "--resolution",
    "satisfaction": "--satisfaction",
    "status": "--status",
    "days": "--days",
    "number": "--number",
    "note": "--note",
    "salesperson": "--salesperson",
    "complaint": "--complaint",
}


def _options():  # noqa: ANN202
    return _named_options(_OPTIONS)


def _range(ctx: typer.Context, start: str | None, end: str | None, *, days_back: int | None = None):  # noqa: ANN202
    """``--from``/``--to``; without ``--to`` today; without ``--from`` ``days_back`` before it (or open)."""
    from datetime import timedelta

    end_day = _parse_date(end, "--to") or _rt(ctx).today()
    start_day = _parse_date(start, "--from")
    if start_day is None and days_back is not None:
        start_day = end_day - timedelta(days=days_back)
    return start_day, end_day


def _visit_item(r) -> dict[str, Any]:  # noqa: ANN001
    return {
        "id": r.id,
        "date": r.date.isoformat(),
        "time": r.time or None,
        "duration": r.duration,
        "customer": r.customer,
        "name": r.name,
        "who": r.who,
        "purpose": r.purpose,
        "status": r.status,
        "outcome": r.outcome,
        "next_step": r.next_step,
        "next_visit": r.next_visit.isoformat() if r.next_visit else None,
        "complaint": r.complaint,
    }


@visit_app.command("plan", help=_("Plan a visit to CUSTOMER (warns when the person is already booked then)."))
def visit_plan(
    ctx: typer.Context,
    customer: str = typer.Argument(..., help=_("Customer code.")),
    day: str = typer.Option(..., "--date", help=_("The day of the visit."), metavar="YYYY-MM-DD"),
    time: str = typer.Option("", "--time", help=_("The time (24 h)."), metavar="HH:MM"),
    duration: int = typer.Option(60, "--duration", help=_("Minutes (default 60).")),
    who: str | None = typer.Option(
        None, "--who", help=_("A salesperson's code or manager (default the customer's salesperson).")
    ),
    purpose: str = typer.Option(
        "routine",
        "--purpose",
        help=_("routine, key_account, collection, complaint_follow_up, prospecting or other."),
    ),
    complaint: str | None = typer.Option(None, "--complaint", help=_("The complaint it follows up.")),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.output import print_json
    from salesdesk.relations import queries

    rt = _rt(ctx)
    with _options():
        when = _parse_date(day, "--date")
        with _writing(ctx) as session:
            row, warnings = queries.plan_visit(
                session=session, customer=customer, day=when, time=time, duration=duration, who=who,
                purpose=purpose, complaint=complaint, now=rt.now(),
            )  # fmt: skip
    _warn(warnings)
    if json_:
        print_json(_visit_item(row))
        return
    typer.echo(
        _("Visit {id} planned: {customer} on {date}{time}, {who}.").format(
            id=row.id,
            customer=row.customer,
            date=rt.fmt.date(row.date),
            time=f" {row.time}" if row.time else "",
            who=row.who,
        )  # fmt: skip
    )


def _close(ctx: typer.Context, ref: str, status: str, json_: bool, **extra: Any) -> None:
    from salesdesk.core.errors import DataError
    from salesdesk.core.output import print_json
    from salesdesk.relations import queries, rules

    rt = _rt(ctx)
    clashes: list[str] = []
    try:
        with _options(), _writing(ctx) as session:
            row, following = queries.close_visit(
                session=session,
                ref=ref,
                status=status,
                today=rt.today(),
                now=rt.now(),
                warnings=clashes,
                **extra,
            )
    except DataError as exc:  # a status the visit cannot take: name the visit, not an option
        if exc.field != "--status":
            raise
        raise DataError("ID", ref, exc.message) from None
    _warn(clashes)
    if json_:
        print_json({**_visit_item(row), "planned_next": following.id if following else None})
        return
    typer.echo(
        _("Visit {id}: {status} ({date}).").format(
            id=row.id, status=rules.word(rules.VISIT_LABELS, row.status), date=rt.fmt.date(row.date)
        )
    )
    if following is not None:
        typer.echo(
            _("Next visit {id} planned on {date}.").format(id=following.id, date=rt.fmt.date(following.date))
        )


@visit_app.command(
    "done",
    help=_(
        "Mark a visit done: on its planned date, or on --date. --next plans the next visit (same person and "
        "purpose)."
    ),
)
def visit_done(
    ctx: typer.Context,
    ref: str = typer.Argument(..., help=_("The visit's number.")),
    day: str | None = typer.Option(None, "--date", help=_("When it happened."), metavar="YYYY-MM-DD"),
    outcome: str = typer.Option("", "--outcome", help=_("What came out of it.")),
    next_step: str = typer.Option("", "--next-step", help=_("What to do next.")),
    next_visit: str | None = typer.Option(
        None, "--next", help=_("The next visit's date."), metavar="YYYY-MM-DD"
    ),
    json_: bool = _json_opt(),
) -> None:
    with _options():
        day_value = _parse_date(day, "--date")
        next_value = _parse_date(next_visit, "--next")
    _close(
        ctx, ref, "done", json_, day=day_value, outcome=outcome, next_step=next_step, next_visit=next_value
    )


@visit_app.command("cancel", help=_("Cancel a planned visit."))
def visit_cancel(
    ctx: typer.Context,
    ref: str = typer.Argument(..., help=_("The visit's number.")),
    json_: bool = _json_opt(),
) -> None:
    _close(ctx, ref, "cancelled", json_)


@visit_app.command("missed", help=_("Record that a planned visit did not happen."))
def visit_missed(
    ctx: typer.Context,
    ref: str = typer.Argument(..., help=_("The visit's number.")),
    outcome: str = typer.Option("", "--outcome", help=_("Why.")),
    json_: bool = _json_opt(),
) -> None:
    _close(ctx, ref, "missed", json_, outcome=outcome)


@visit_app.command("list", help=_("Visits in date order (--from/--to inclusive)."))
def visit_list(
    ctx: typer.Context,
    start: str | None = typer.Option(None, "--from", help=_("From this day."), metavar="YYYY-MM-DD"),
    end: str | None = typer.Option(None, "--to", help=_("To this day."), metavar="YYYY-MM-DD"),
    who: str | None = typer.Option(None, "--who", help=_("A salesperson's code or manager.")),
    status: str | None = typer.Option(None, "--status", help=_("planned, done, cancelled or missed.")),
    customer: str | None = typer.Option(None, "--customer", help=_("Only this customer's.")),
    limit: int | None = _limit_opt(),
    offset: int = _offset_opt(),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.output import Column, emit
    from salesdesk.relations import queries, rules

    rt = _rt(ctx)
    with _options():
        start_day = _parse_date(start, "--from")
        end_day = _parse_date(end, "--to")
        if start_day and end_day and end_day < start_day:
            from salesdesk.core.errors import DataError

            raise DataError("--to", end, _("comes before --from"))
        with _reading(ctx) as session:
            rows = queries.list_visits(
                session=session, start=start_day, end=end_day, who=who, status=status, customer=customer,
                limit=limit, offset=offset,
            )  # fmt: skip
    data = [_visit_item(r) for r in rows]
    if json_:
        emit(data, [], rt.fmt, as_json=True)
        return
    if not rows:
        typer.echo(_("No visits."))
        return
    shown = [
        {
            **d,
            "date": r.date,
            "time": r.time,
            "purpose": rules.word(rules.PURPOSE_LABELS, r.purpose),
            "status": rules.word(rules.VISIT_LABELS, r.status),
        }
        for d, r in zip(data, rows, strict=True)
    ]
    emit(
        shown,
        [
            Column("id", _("No.")),
            Column("date", _("Date"), "date"),
            Column("time", _("Time")),
            Column("customer", _("Customer")),
            Column("name", _("Name")),
            Column("who", _("Who")),
            Column("purpose", _("Purpose")),
            Column("status", _("Status")),
            Column("outcome", _("Outcome")),
        ],
        rt.fmt,
        as_json=False,
    )


@visit_app.command(
    "due",
    help=_(
        "Customers due for a visit: the days since their last done visit exceed their frequency (tier A "
        "30, B 60, C 90 by default, or their own). Never visited first, then tier, then days overdue."
    ),
)
def visit_due(
    ctx: typer.Context,
    salesperson: str | None = typer.Option(
        None, "--salesperson", help=_("Only this salesperson's customers.")
    ),
    limit: int | None = _limit_opt(),
    offset: int = _offset_opt(),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.output import Column, emit
    from salesdesk.org.commands import _page
    from salesdesk.relations import queries

    rt = _rt(ctx)
    with _options(), _reading(ctx) as session:
        rows = _page(queries.due(session=session, today=rt.today(), salesperson=salesperson), limit, offset)
    data = [
        {
            "customer": r.code,
            "name": r.name,
            "tier": r.tier,
            "salesperson": r.salesperson,
            "frequency": r.frequency,
            "last_visit": r.last_visit.isoformat() if r.last_visit else None,
            "days_overdue": r.days_overdue,
        }
        for r in rows
    ]
    if json_:
        emit(data, [], rt.fmt, as_json=True)
        return
    if not rows:
        typer.echo(_("Nobody is due for a visit."))
        return
    shown = [
        {**d, "last_visit": rt.fmt.date(r.last_visit) if r.last_visit else _("never")}
        for d, r in zip(data, rows, strict=True)
    ]
    emit(
        shown,
        [
            Column("customer", _("Customer")),
            Column("name", _("Name")),
            Column("tier", _("Tier")),
            Column("salesperson", _("Salesperson")),
            Column("frequency", _("Every (days)"), "int"),
            Column("last_visit", _("Last visit")),
            Column("days_overdue", _("Days overdue"), "int"),
        ],
        rt.fmt,
        as_json=False,
        title=_("Due for a visit on {date}").format(date=rt.fmt.date(rt.today())),
    )


@visit_app.command(
    "compliance",
    help=_(
        "Compliance with the visit policy per salesperson over --from/--to (default the last 90 days): the "
        "period cut into windows of each customer's frequency; required = windows, done on time = windows "
        "with a done visit; and customers due at --to."
    ),
)
def visit_compliance(
    ctx: typer.Context,
    start: str | None = typer.Option(None, "--from", help=_("From this day."), metavar="YYYY-MM-DD"),
    end: str | None = typer.Option(
        None, "--to", help=_("To this day (default today)."), metavar="YYYY-MM-DD"
    ),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.output import Column, emit
    from salesdesk.relations import queries

    rt = _rt(ctx)
    with _options():
        start_day, end_day = _range(ctx, start, end, days_back=89)
        with _reading(ctx) as session:
            rows = queries.compliance(session=session, start=start_day, end=end_day)
    data = [
        {
            "salesperson": r.salesperson,
            "name": r.name,
            "required": r.required,
            "done_on_time": r.done_on_time,
            "compliance_pct": str(r.compliance_pct) if r.compliance_pct is not None else None,
            "overdue_customers": r.overdue_customers,
        }
        for r in rows
    ]
    if json_:
        emit(data, [], rt.fmt, as_json=True)
        return
    shown = [
        {**d, "compliance_pct": rt.fmt.number(r.compliance_pct, 1) if r.compliance_pct is not None else ""}
        for d, r in zip(data, rows, strict=True)
    ]
    emit(
        shown,
        [
            Column("salesperson", _("Salesperson")),
            Column("name", _("Name")),
            Column("required", _("Required"), "int"),
            Column("done_on_time", _("Done on time"), "int"),
            Column("compliance_pct", _("Compliance %")),
            Column("overdue_customers", _("Customers due"), "int"),
        ],
        rt.fmt,
        as_json=False,
        title=_("Visit compliance {start} – {end}").format(
            start=rt.fmt.date(start_day), end=rt.fmt.date(end_day)
        ),
    )


@visit_app.command(
    "frequency", help=_("Give CUSTOMER its own visit frequency, or --tier to go back to its tier's.")
)
def visit_frequency(
    ctx: typer.Context,
    customer: str = typer.Argument(..., help=_("Customer code.")),
    days: int | None = typer.Option(None, "--days", help=_("Days between visits.")),
    tier: bool = typer.Option(False, "--tier", help=_("Use the tier's frequency again.")),
) -> None:
    from salesdesk.core.errors import UsageProblem
    from salesdesk.relations import queries

    if (days is None) == (not tier):
        raise UsageProblem("--days", "", _("give --days N or --tier"))
    with _options(), _writing(ctx) as session:
        freq = queries.set_frequency(session=session, customer=customer, days=days, now=_rt(ctx).now())
    typer.echo(_("{customer}: a visit every {days} days.").format(customer=customer, days=freq))


@visit_app.command("export", help=_("Write planned visits (from today on) to FILE.ics for a phone calendar."))
def visit_export(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help=_("The .ics file to write."), metavar="FILE.ics"),
    everything: bool = typer.Option(False, "--all", help=_("Every planned visit, past ones too.")),
) -> None:
    from salesdesk.core.errors import DataError
    from salesdesk.relations import queries

    rt = _rt(ctx)
    if path.suffix.lower() != ".ics":
        raise DataError("FILE", str(path), _("the file must end in .ics"))
    with _reading(ctx) as session:
        data = queries.export_ics(session=session, start=None if everything else rt.today(), now=rt.now())
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise DataError("FILE", str(path), exc.strerror or str(exc)) from None
    typer.echo(_("{n} planned visits written to {path}.").format(n=data.count(b"BEGIN:VEVENT"), path=path))


# --------------------------------------------------------------------------- complaints


def _complaint_item(r, today) -> dict[str, Any]:  # noqa: ANN001
    from salesdesk.relations import rules

    return {
        "number": r.number,
        "opened": r.opened.isoformat(),
        "customer": r.customer,
        "name": r.name,
        "salesperson": r.salesperson,
        "channel": r.channel,
        "category": r.category,
        "severity": r.severity,
        "description": r.description,
        "owner": r.owner,
        "status": r.status,
        "sla_due": r.sla_due.isoformat(),
        "overdue": rules.overdue(r.status, r.sla_due, r.resolved, today),
        "within_sla": (r.resolved <= r.sla_due) if r.resolved is not None else None,
        "resolution": r.resolution,
        "resolved": r.resolved.isoformat() if r.resolved else None,
        "satisfaction": r.satisfaction,
    }


def _complaint_said(ctx: typer.Context, row, json_: bool) -> None:  # noqa: ANN001
    from salesdesk.core.output import print_json
    from salesdesk.relations import rules

    rt = _rt(ctx)
    if json_:
        print_json(_complaint_item(row, rt.today()))
        return
    typer.echo(
        _("Complaint {number} ({customer}): {status}, due {due}.").format(
            number=row.number,
            customer=row.customer,
            status=rules.word(rules.COMPLAINT_LABELS, row.status),
            due=rt.fmt.date(row.sla_due),
        )  # fmt: skip
    )


@complaint_app.command(
    "add", help=_("Record a complaint of CUSTOMER; its SLA due date comes from the severity.")
)
def complaint_add(
    ctx: typer.Context,
    customer: str = typer.Argument(..., help=_("Customer code.")),
    category: str = typer.Option(
        ..., "--category", help=_("product_quality, delivery, billing, price, service or other.")
    ),
    severity: str = typer.Option(..., "--severity", help=_("low, medium, high or critical.")),
    text: str = typer.Option(..., "--text", help=_("What the customer says.")),
    channel: str = typer.Option("other", "--channel", help=_("visit, phone, email or other.")),
    owner: str | None = typer.Option(
        None, "--owner", help=_("Who handles it: a salesperson's code or manager (default the customer's).")
    ),
    day: str | None = typer.Option(
        None, "--date", help=_("When it came in (default today)."), metavar="YYYY-MM-DD"
    ),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.relations import queries

    rt = _rt(ctx)
    with _options():
        opened = _parse_date(day, "--date") or rt.today()
        with _writing(ctx) as session:
            row = queries.add_complaint(
                session=session, customer=customer, category=category, severity=severity, text=text,
                channel=channel, owner=owner, opened=opened, now=rt.now(),
            )  # fmt: skip
    _complaint_said(ctx, row, json_)


@complaint_app.command(
    "update", help=_("Change a complaint's status (in_progress, closed; reopen with in_progress).")
)
def complaint_update(
    ctx: typer.Context,
    ref: str = typer.Argument(..., help=_("The complaint's number.")),
    status: str = typer.Option(..., "--status", help=_("in_progress or closed.")),
    note: str = typer.Option("", "--note", help=_("A note for the timeline.")),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.relations import queries

    with _options(), _writing(ctx) as session:
        row = queries.update_complaint(session=session, ref=ref, status=status, note=note, now=_rt(ctx).now())
    _complaint_said(ctx, row, json_)


@complaint_app.command(
    "resolve", help=_("Resolve a complaint with its resolution and the customer's satisfaction (1–5).")
)
def complaint_resolve(
    ctx: typer.Context,
    ref: str = typer.Argument(..., help=_("The complaint's number.")),
    resolution: str = typer.Option(..., "--resolution", help=_("How it was resolved.")),
    satisfaction: int | None = typer.Option(
        None, "--satisfaction", help=_("The customer's satisfaction, 1 to 5.")
    ),
    day: str | None = typer.Option(None, "--date", help=_("When (default today)."), metavar="YYYY-MM-DD"),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.relations import queries

    rt = _rt(ctx)
    with _options():
        when = _parse_date(day, "--date") or rt.today()
        with _writing(ctx) as session:
            row = queries.resolve_complaint(
                session=session,
                ref=ref,
                resolution=resolution,
                satisfaction=satisfaction,
                day=when,
                today=rt.today(),
                now=rt.now(),
            )
    _complaint_said(ctx, row, json_)


@complaint_app.command("list", help=_("Complaints by SLA urgency: open ones first, the earliest due first."))
def complaint_list(
    ctx: typer.Context,
    open_only: bool = typer.Option(False, "--open", help=_("Only new and in-progress ones.")),
    status: str | None = typer.Option(None, "--status", help=_("new, in_progress, resolved or closed.")),
    customer: str | None = typer.Option(None, "--customer", help=_("Only this customer's.")),
    limit: int | None = _limit_opt(),
    offset: int = _offset_opt(),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.output import Column, emit
    from salesdesk.relations import queries, rules

    rt = _rt(ctx)
    with _options(), _reading(ctx) as session:
        rows = queries.list_complaints(
            session=session, open_only=open_only, status=status, customer=customer, limit=limit, offset=offset
        )
    today = rt.today()
    data = [_complaint_item(r, today) for r in rows]
    if json_:
        emit(data, [], rt.fmt, as_json=True)
        return
    if not rows:
        typer.echo(_("No complaints."))
        return
    shown = [
        {
            **d,
            "opened": r.opened,
            "sla_due": r.sla_due,
            "category": rules.word(rules.CATEGORY_LABELS, r.category),
            "severity": rules.word(rules.SEVERITY_LABELS, r.severity),
            "status": rules.word(rules.COMPLAINT_LABELS, r.status),
        }
        for d, r in zip(data, rows, strict=True)
    ]
    emit(
        shown,
        [
            Column("number", _("Number")),
            Column("opened", _("Opened"), "date"),
            Column("customer", _("Customer")),
            Column("category", _("Category")),
            Column("severity", _("Severity")),
            Column("status", _("Status")),
            Column("sla_due", _("Due"), "date"),
            Column("overdue", _("Overdue"), "bool"),
            Column("owner", _("Owner")),
        ],
        rt.fmt,
        as_json=False,
    )


@complaint_app.command(
    "stats",
    help=_(
        "Complaint statistics for those opened --from/--to (default the last 90 days): open, overdue vs SLA, "
        "resolved within SLA, average and 90th-percentile resolution days, satisfaction average and "
        "distribution; --by category or salesperson."
    ),
)
def complaint_stats(
    ctx: typer.Context,
    start: str | None = typer.Option(None, "--from", help=_("From this day."), metavar="YYYY-MM-DD"),
    end: str | None = typer.Option(
        None, "--to", help=_("To this day (default today)."), metavar="YYYY-MM-DD"
    ),
    by: str | None = typer.Option(
        None, "--by", help=_("category or salesperson."), metavar="category|salesperson"
    ),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.errors import UsageProblem
    from salesdesk.core.output import Column, emit
    from salesdesk.relations import queries, rules

    rt = _rt(ctx)
    if by not in (None, "category", "salesperson"):
        raise UsageProblem("--by", by, _("use category or salesperson"))
    with _options():
        start_day, end_day = _range(ctx, start, end, days_back=89)
        with _reading(ctx) as session:
            groups = queries.complaint_stats(
                session=session, start=start_day, end=end_day, today=rt.today(), by=by
            )
    data = []
    for key, s in groups:
        item: dict[str, Any] = {} if by is None else {by: key}
        item.update(
            {
                "from": start_day.isoformat(),
                "to": end_day.isoformat(),
                "opened": s.opened,
                "open": s.open,
                "overdue": s.overdue,
                "resolved": s.resolved,
                "within_sla": s.within_sla,
                "avg_resolution_days": str(s.avg_days) if s.avg_days is not None else None,
                "p90_resolution_days": s.p90_days,
                "satisfaction_avg": str(s.satisfaction_avg) if s.satisfaction_avg is not None else None,
                "satisfaction": {str(k): v for k, v in s.satisfaction.items()},
            }
        )
        data.append(item)
    if json_:
        from salesdesk.core.output import print_json

        print_json(data[0] if by is None else data)
        return
    fmt = rt.fmt
    shown = [
        {
            **d,
            "key": (rules.word(rules.CATEGORY_LABELS, k) if by == "category" else k) if by else _("all"),
            "avg_resolution_days": fmt.number(s.avg_days, 1) if s.avg_days is not None else "",
            "satisfaction_avg": fmt.number(s.satisfaction_avg, 1) if s.satisfaction_avg is not None else "",
            "scores": " ".join(f"{n}:{s.satisfaction[n]}" for n in range(1, 6)),
        }
        for d, (k, s) in zip(data, groups, strict=True)
    ]
    emit(
        shown,
        [
            Column("key", _("Category") if by == "category" else _("Salesperson") if by else ""),
            Column("opened", _("Opened"), "int"),
            Column("open", _("Open"), "int"),
            Column("overdue", _("Overdue"), "int"),
            Column("resolved", _("Resolved"), "int"),
            Column("within_sla", _("Within SLA"), "int"),
            Column("avg_resolution_days", _("Avg. days")),
            Column("p90_resolution_days", _("p90 days"), "int"),
            Column("satisfaction_avg", _("Satisfaction")),
            Column("scores", _("Scores 1–5")),
        ],
        fmt,
        as_json=False,
        title=_("Complaints opened {start} – {end}").format(start=fmt.date(start_day), end=fmt.date(end_day)),
    )


def apps() -> list[tuple[str, typer.Typer, str]]:
    """The room's command groups: (name, app, help)."""
    return [
        (name, app, app.info.help or "") for name, app in (("visit", visit_app), ("complaint", complaint_app))
    ]
