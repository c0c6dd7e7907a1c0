"""The Service room's commands: ``service`` (orders, the due maintenance, goals, needs action, the
department summary) and ``service installed`` (the installed base).

Only typer is imported at module level; database modules are imported inside the commands.
"""

from __future__ import annotations

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
    _writing,
)

service_app = _group(
    _(
        "After-sales service: deliveries, installations, technical support, maintenance and warranty "
        "repairs; goals, due maintenance, what needs action, a summary per department. Status: open → "
        "scheduled → in progress → done / cancelled; open or scheduled may go straight to done."
    )
)
installed_app = _group(_("The installed base: products installed at customers, warranty, maintenance plans."))
service_app.add_typer(installed_app, name="installed")

_OPTIONS = {
    "product": "--product",
    "order": "--order",
    "invoice": "--invoice",
    "department": "--department",
    "requested": "--requested",
    "who": "--who",
    "description": "--text",
    "serial": "--serial",
    "feedback": "--feedback",
    # a status the order cannot take names the order, not an option
    "status": "ID",
}


def _options():  # noqa: ANN202
    return _named_options(_OPTIONS)


def _iso(day) -> str | None:  # noqa: ANN001
    return day.isoformat() if day else None


def _item(r) -> dict[str, Any]:  # noqa: ANN001
    return {
        "id": r.id,
        "type": r.type,
        "customer": r.customer,
        "name": r.name,
        "product": r.product,
        "order": r.order,
        "invoice": r.invoice,
        "serial": r.serial,
        "department": r.department,
        "who": r.assignee or None,
        "requested": r.requested.isoformat(),
        "scheduled": _iso(r.scheduled),
        "responded": _iso(r.responded),
        "completed": _iso(r.completed),
        "cancelled": _iso(r.cancelled),
        "status": r.status,
        "waiting_on": r.waiting_on,
        "lead_days": r.lead(),
        "warranty": r.warranty() if r.type in ("support", "warranty_repair") else None,
        "warranty_end": _iso(r.warranty_end),
        "follows": r.follows,
        "description": r.description,
        "result": r.result,
        "feedback": r.feedback,
    }


def _said(ctx: typer.Context, row, json_: bool, extra: dict | None = None) -> None:  # noqa: ANN001
    from salesdesk.core.output import print_json
    from salesdesk.service import rules

    rt = _rt(ctx)
    if json_:
        print_json({**_item(row), **(extra or {})})
        return
    text = _("Service order {id} ({type}, {customer}): {status}.").format(
        id=row.id,
        type=rules.word(rules.TYPE_LABELS, row.type),
        customer=row.customer,
        status=rules.word(rules.STATUS_LABELS, row.status),
    )
    if row.scheduled and row.status in ("scheduled", "in_progress"):
        text += " " + _("Scheduled {date}.").format(date=rt.fmt.date(row.scheduled))
    if row.type in ("support", "warranty_repair"):
        text += " " + rules.word(rules.WARRANTY_LABELS, row.warranty()).capitalize() + "."
    typer.echo(text)


@service_app.command("add", help=_("Record a service order of TYPE for CUSTOMER (open)."))
def service_add(
    ctx: typer.Context,
    kind: str = typer.Argument(
        ..., metavar="TYPE", help=_("delivery, installation, support, maintenance or warranty_repair.")
    ),
    customer: str = typer.Argument(..., help=_("Customer code.")),
    product: str | None = typer.Option(None, "--product", help=_("Product code.")),
    order: str | None = typer.Option(None, "--order", help=_("The sales order it serves.")),
    invoice: str | None = typer.Option(None, "--invoice", help=_("The invoice it serves.")),
    serial: str | None = typer.Option(None, "--serial", help=_("The installed product's serial.")),
    department: str | None = typer.Option(
        None,
        "--department",
        help=_(
            "customer_service, technical, logistics or other (default: logistics for deliveries, "
            "technical for the rest)."
        ),
    ),
    who: str = typer.Option("", "--who", help=_("Who does it.")),
    requested: str | None = typer.Option(
        None,
        "--requested",
        metavar="YYYY-MM-DD",
        help=_("When it was asked for (default the order's date, else today)."),
    ),
    text: str = typer.Option("", "--text", help=_("What is to be done.")),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.service import queries

    rt = _rt(ctx)
    with _options():
        day = _parse_date(requested, "--requested")
        with _writing(ctx) as session:
            row = queries.add_order(
                session=session, kind=kind, customer=customer, product=product, order=order, invoice=invoice,
                serial=serial, department=department, assignee=who, requested=day, description=text,
                today=rt.today(), now=rt.now(),
            )  # fmt: skip
    _said(ctx, row, json_)


@service_app.command("show", help=_("One service order."))
def service_show(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="ID", help=_("The order's number.")),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.service import queries

    with _options(), _reading(ctx) as session:
        row = queries.get_order(session=session, ref=ref)
    if json_:
        _said(ctx, row, True)
        return
    for key, value in _item(row).items():
        if value not in (None, ""):
            typer.echo(f"{key}: {value}")


@service_app.command("schedule", help=_("Schedule (or reschedule) a service order for a day."))
def service_schedule(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="ID", help=_("The order's number.")),
    day: str = typer.Option(..., "--date", metavar="YYYY-MM-DD", help=_("The day of the work.")),
    who: str | None = typer.Option(None, "--who", help=_("Who does it.")),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.service import queries

    rt = _rt(ctx)
    with _options():
        when = _parse_date(day, "--date")
        with _writing(ctx) as session:
            row = queries.schedule(
                session=session, ref=ref, day=when, who=who, today=rt.today(), now=rt.now()
            )
    _said(ctx, row, json_)


@service_app.command("start", help=_("Start work on a scheduled service order (in progress)."))
def service_start(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="ID", help=_("The order's number.")),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.service import queries

    rt = _rt(ctx)
    with _options(), _writing(ctx) as session:
        row = queries.start(session=session, ref=ref, today=rt.today(), now=rt.now())
    _said(ctx, row, json_)


@service_app.command("cancel", help=_("Cancel a service order."))
def service_cancel(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="ID", help=_("The order's number.")),
    note: str = typer.Option("", "--note", help=_("Why.")),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.service import queries

    rt = _rt(ctx)
    with _options(), _writing(ctx) as session:
        row = queries.cancel(session=session, ref=ref, today=rt.today(), note=note, now=rt.now())
    _said(ctx, row, json_)


@service_app.command("wait", help=_("Mark a service order as waiting on a department (--clear: no longer)."))
def service_wait(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="ID", help=_("The order's number.")),
    on: str | None = typer.Option(None, "--on", help=_("customer_service, technical, logistics or other.")),
    clear: bool = typer.Option(False, "--clear", help=_("It waits on nobody any more.")),
    note: str = typer.Option("", "--note", help=_("What it waits for.")),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.errors import UsageProblem
    from salesdesk.service import queries

    if (on is None) == (not clear):
        raise UsageProblem("--on", on or "", _("give --on DEPARTMENT or --clear"))
    rt = _rt(ctx)
    with _options(), _writing(ctx) as session:
        row = queries.wait(
            session=session, ref=ref, department=None if clear else on, note=note, now=rt.now()
        )
    _said(ctx, row, json_)


@service_app.command(
    "done",
    help=_(
        "Mark a service order done (on --date, default today). A delivery of a product that needs "
        "installation proposes the installation order (--install creates it)."
    ),
)
def service_done(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="ID", help=_("The order's number.")),
    day: str | None = typer.Option(None, "--date", metavar="YYYY-MM-DD", help=_("When (default today).")),
    feedback: int | None = typer.Option(None, "--feedback", help=_("The customer's feedback, 1 to 5.")),
    result: str = typer.Option("", "--result", help=_("What was done.")),
    serial: str | None = typer.Option(None, "--serial", help=_("An installation: the unit's serial.")),
    install: bool = typer.Option(
        False, "--install", help=_("A delivery: create the proposed installation order.")
    ),
    json_: bool = _json_opt(),
) -> None:
    import sys

    from salesdesk.service import queries

    rt = _rt(ctx)
    with _options():
        when = _parse_date(day, "--date") or rt.today()
        with _writing(ctx) as session:
            row, proposal = queries.complete(
                session=session, ref=ref, day=when, feedback=feedback, result=result, serial=serial,
                today=rt.today(), now=rt.now(),
            )  # fmt: skip
    created = None
    if proposal is not None and not install and not json_ and sys.stdin.isatty():
        install = typer.confirm(
            _("{product} needs installation. Create its installation order now?").format(
                product=proposal.product
            ),
            default=True,
        )
    if proposal is not None and install:
        with _writing(ctx) as session:
            created = queries.propose(session=session, proposal=proposal, today=rt.today(), now=rt.now())
    extra = {
        "proposed_installation": (
            {
                "customer": proposal.customer,
                "product": proposal.product,
                "requested": proposal.requested.isoformat(),
            }
            if proposal
            else None
        ),
        "installation": created.id if created else None,
    }
    _said(ctx, row, json_, extra)
    if json_:
        return
    if created is not None:
        typer.echo(_("Installation order {id} created.").format(id=created.id))
    elif proposal is not None:
        typer.echo(
            _("{product} needs installation: create its order with salesdesk service install {id}").format(
                product=proposal.product, id=row.id
            )
        )


@service_app.command("install", help=_("Create the installation order a done delivery proposes."))
def service_install(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="ID", help=_("The delivery's number.")),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.errors import DataError
    from salesdesk.service import queries

    rt = _rt(ctx)
    with _options(), _writing(ctx) as session:
        o = queries._order(session, ref)
        proposal = queries.installation_proposal(session, o)
        if proposal is None:
            raise DataError(
                "ID",
                ref,
                _(
                    "proposes no installation (not a done delivery of a product that needs one, or it "
                    "has one already)"
                ),
            )
        row = queries.propose(session=session, proposal=proposal, today=rt.today(), now=rt.now())
    _said(ctx, row, json_)


def _shown(rows, rt) -> list[dict]:  # noqa: ANN001
    from salesdesk.service import rules

    return [
        {
            **_item(r),
            "type": rules.word(rules.TYPE_LABELS, r.type),
            "status": rules.word(rules.STATUS_LABELS, r.status),
            "department": rules.word(rules.DEPARTMENT_LABELS, r.department),
            "requested": r.requested,
            "scheduled": r.scheduled,
            "completed": r.completed,
        }
        for r in rows
    ]


def _order_columns() -> list:
    from salesdesk.core.output import Column

    return [
        Column("id", _("Number")),
        Column("type", _("Type")),
        Column("customer", _("Customer")),
        Column("department", _("Department")),
        Column("status", _("Status")),
        Column("requested", _("Requested"), "date"),
        Column("scheduled", _("Scheduled"), "date"),
    ]


@service_app.command("list", help=_("Service orders: open ones first, the earliest requested first."))
def service_list(
    ctx: typer.Context,
    open_only: bool = typer.Option(False, "--open", help=_("Only open, scheduled and in-progress ones.")),
    kind: str | None = typer.Option(None, "--type", help=_("Only this type.")),
    status: str | None = typer.Option(None, "--status", help=_("Only this status.")),
    department: str | None = typer.Option(None, "--department", help=_("Only this department's.")),
    customer: str | None = typer.Option(None, "--customer", help=_("Only this customer's.")),
    limit: int | None = _limit_opt(),
    offset: int = _offset_opt(),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.output import emit
    from salesdesk.service import queries

    rt = _rt(ctx)
    with _options(), _reading(ctx) as session:
        rows = queries.list_orders(
            session=session, open_only=open_only, kind=kind, status=status, department=department,
            customer=customer, limit=limit, offset=offset,
        )  # fmt: skip
    if json_:
        emit([_item(r) for r in rows], [], rt.fmt, as_json=True)
        return
    if not rows:
        typer.echo(_("No service orders."))
        return
    emit(_shown(rows, rt), _order_columns(), rt.fmt, as_json=False)


@service_app.command(
    "due",
    help=_(
        "Installed products whose maintenance falls due within --days (default 30), overdue ones first; "
        "--create opens their maintenance orders."
    ),
)
def service_due(
    ctx: typer.Context,
    days: int = typer.Option(30, "--days", help=_("Days ahead (default 30).")),
    create: bool = typer.Option(
        False, "--create", help=_("Open a maintenance order for each one without one.")
    ),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.output import Column, emit, print_json
    from salesdesk.service import queries, rules

    rt = _rt(ctx)
    today = rt.today()
    with _named_options({"days": "--days"}):
        if create:
            with _writing(ctx) as session:
                created = queries.generate_maintenance(session=session, today=today, days=days, now=rt.now())
        with _reading(ctx) as session:
            units = queries.due_maintenance(session=session, today=today, days=days)
    data = [
        {
            "serial": u.serial,
            "customer": u.customer,
            "name": u.name,
            "product": u.product,
            "plan": u.plan,
            "last_maintenance": _iso(u.last_maintenance),
            "due": _iso(u.next_due),
            "days_overdue": rules.days_overdue(u.next_due, today),
            "warranty_end": _iso(u.warranty_end),
            "open_order": u.open_order,
        }
        for u in units
    ]
    if json_:
        print_json(data)
        return
    if create:
        typer.echo(_("Maintenance orders opened: {n}.").format(n=len(created)))
    if not data:
        typer.echo(_("No maintenance due."))
        return
    shown = [
        {
            **d,
            "plan": rules.word(rules.PLAN_LABELS, u.plan),
            "due": u.next_due,
            "last_maintenance": u.last_maintenance,
        }
        for d, u in zip(data, units, strict=True)
    ]
    emit(
        shown,
        [
            Column("serial", _("Serial")),
            Column("customer", _("Customer")),
            Column("product", _("Product")),
            Column("plan", _("Plan")),
            Column("last_maintenance", _("Last"), "date"),
            Column("due", _("Due"), "date"),
            Column("days_overdue", _("Days overdue"), "int"),
            Column("open_order", _("Order")),
        ],
        rt.fmt,
        as_json=False,
    )


def _goal_item(g, by: str, start, end) -> dict[str, Any]:  # noqa: ANN001
    s = g.stats
    item: dict[str, Any] = {
        by: g.key,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "done": s.done,
        "on_time": s.on_time,
        "on_time_pct": str(s.on_time_pct) if s.on_time_pct is not None else None,
        "avg_lead_days": str(s.avg_lead_days) if s.avg_lead_days is not None else None,
        "backlog": s.backlog,
    }
    if by == "type":
        item["goal_days"] = g.goal
    if by == "type" and g.key == "support":
        item["responded"] = s.responded
        item["response_on_time"] = s.responded_on_time
        item["response_on_time_pct"] = (
            str(s.response_on_time_pct) if s.response_on_time_pct is not None else None
        )
    return item


@service_app.command(
    "goals",
    help=_(
        "Service goals for the orders done --from/--to (default the last 90 days): done, on time, on-time %, "
        "average lead days, backlog at --to; per type or --by department."
    ),
)
def service_goals(
    ctx: typer.Context,
    start: str | None = typer.Option(None, "--from", metavar="YYYY-MM-DD", help=_("From this day.")),
    end: str | None = typer.Option(
        None, "--to", metavar="YYYY-MM-DD", help=_("To this day (default today).")
    ),
    by: str = typer.Option("type", "--by", metavar="type|department", help=_("type or department.")),
    json_: bool = _json_opt(),
) -> None:
    from datetime import timedelta

    from salesdesk.core.errors import UsageProblem
    from salesdesk.core.output import Column, emit, print_json
    from salesdesk.service import queries, rules

    if by not in ("type", "department"):
        raise UsageProblem("--by", by, _("use type or department"))
    rt = _rt(ctx)
    with _options():
        end_day = _parse_date(end, "--to") or rt.today()
        start_day = _parse_date(start, "--from") or end_day - timedelta(days=89)
        with _reading(ctx) as session:
            rows = queries.goals_report(session=session, start=start_day, end=end_day, by=by)
    data = [_goal_item(g, by, start_day, end_day) for g in rows]
    if json_:
        print_json(data)
        return
    labels = rules.TYPE_LABELS if by == "type" else rules.DEPARTMENT_LABELS
    fmt = rt.fmt
    shown = [
        {
            **d,
            by: rules.word(labels, g.key),
            "on_time_pct": fmt.number(g.stats.on_time_pct, 1) if g.stats.on_time_pct is not None else "",
            "avg_lead_days": fmt.number(g.stats.avg_lead_days, 1)
            if g.stats.avg_lead_days is not None
            else "",
            "goal_days": g.goal if by == "type" else "",
        }
        for d, g in zip(data, rows, strict=True)
    ]
    columns = [Column(by, _("Type") if by == "type" else _("Department"))]
    if by == "type":
        columns.append(Column("goal_days", _("Goal (days)")))
    columns += [
        Column("done", _("Done"), "int"),
        Column("on_time", _("On time"), "int"),
        Column("on_time_pct", _("On time %")),
        Column("avg_lead_days", _("Avg. lead days")),
        Column("backlog", _("Backlog"), "int"),
    ]
    emit(
        shown,
        columns,
        fmt,
        as_json=False,
        title=_("Service goals {start} – {end}").format(start=fmt.date(start_day), end=fmt.date(end_day)),
    )


def _need_item(dept: str, reason: str, r) -> dict[str, Any]:  # noqa: ANN001
    return {"department": dept, "reason": reason, **_item(r)}


@service_app.command(
    "needs",
    help=_(
        "Orders that need action, grouped by department: not scheduled past their goal, overdue, "
        "waiting on a department (listed under that department)."
    ),
)
def service_needs(
    ctx: typer.Context,
    department: str | None = typer.Option(None, "--department", help=_("Only this department.")),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.output import Column, emit, print_json
    from salesdesk.service import queries, rules

    rt = _rt(ctx)
    with _options(), _reading(ctx) as session:
        found = queries.needs_action(session=session, today=rt.today(), department=department)
    data = [_need_item(d, reason, r) for d, reason, r in found]
    if json_:
        print_json(data)
        return
    if not data:
        typer.echo(_("Nothing needs action."))
        return
    shown = [
        {
            **row,
            "department": rules.word(rules.DEPARTMENT_LABELS, d),
            "reason": rules.word(rules.REASON_LABELS, reason),
            "type": rules.word(rules.TYPE_LABELS, r.type),
            "requested": r.requested,
            "scheduled": r.scheduled,
        }
        for row, (d, reason, r) in zip(data, found, strict=True)
    ]
    emit(
        shown,
        [
            Column("department", _("Department")),
            Column("reason", _("Reason")),
            Column("id", _("Number")),
            Column("type", _("Type")),
            Column("customer", _("Customer")),
            Column("requested", _("Requested"), "date"),
            Column("scheduled", _("Scheduled"), "date"),
        ],
        rt.fmt,
        as_json=False,
    )


@service_app.command(
    "summary",
    help=_(
        "A department's summary to send it: what needs action, its open orders, its goals over the last 90 "
        "days; as Markdown or CSV."
    ),
)
def service_summary(
    ctx: typer.Context,
    department: str = typer.Option(
        ..., "--department", help=_("customer_service, technical, logistics or other.")
    ),
    format_: str = typer.Option("md", "--format", metavar="md|csv", help=_("md or csv.")),
) -> None:
    from salesdesk.core.errors import UsageProblem
    from salesdesk.service import render

    if format_ not in ("md", "csv"):
        raise UsageProblem("--format", format_, _("use md or csv"))
    rt = _rt(ctx)
    with _options(), _reading(ctx) as session:
        text = render.summary(
            session=session, department=department, today=rt.today(), fmt=rt.fmt, as_csv=format_ == "csv"
        )
    typer.echo(text, nl=False)


# --------------------------------------------------------------------------- installed base


def _unit_item(u, today) -> dict[str, Any]:  # noqa: ANN001
    from salesdesk.service import rules

    return {
        "serial": u.serial,
        "customer": u.customer,
        "name": u.name,
        "product": u.product,
        "installed": u.installed.isoformat(),
        "warranty_end": _iso(u.warranty_end),
        "warranty": rules.warranty_status(u.warranty_end, today),
        "plan": u.plan,
        "last_maintenance": _iso(u.last_maintenance),
        "next_due": _iso(u.next_due),
        "open_order": u.open_order,
        "notes": u.notes,
    }


@installed_app.command("add", help=_("Record a product installed at a customer."))
def installed_add(
    ctx: typer.Context,
    serial: str = typer.Argument(..., help=_("The unit's serial number.")),
    customer: str = typer.Argument(..., help=_("Customer code.")),
    product: str = typer.Argument(..., help=_("Product code.")),
    installed: str | None = typer.Option(
        None, "--installed", metavar="YYYY-MM-DD", help=_("Install date (default today).")
    ),
    plan: str = typer.Option("none", "--plan", help=_("none, monthly, quarterly, half_yearly or yearly.")),
    warranty_end: str | None = typer.Option(
        None,
        "--warranty-end",
        metavar="YYYY-MM-DD",
        help=_("Last day of the warranty (default from the warranty months)."),
    ),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.output import print_json
    from salesdesk.service import queries

    rt = _rt(ctx)
    with _options():
        day = _parse_date(installed, "--installed") or rt.today()
        end = _parse_date(warranty_end, "--warranty-end")
        with _writing(ctx) as session:
            u = queries.add_unit(
                session=session, serial=serial, customer=customer, product=product, installed=day, plan=plan,
                warranty_end=end,
            )  # fmt: skip
    if json_:
        print_json(_unit_item(u, rt.today()))
        return
    typer.echo(
        _("Installed {serial} ({product}) at {customer}; warranty to {end}.").format(
            serial=u.serial, product=u.product, customer=u.customer, end=rt.fmt.date(u.warranty_end)
        )
    )


@installed_app.command("plan", help=_("Give an installed product a maintenance plan (none ends it)."))
def installed_plan(
    ctx: typer.Context,
    serial: str = typer.Argument(..., help=_("The unit's serial number.")),
    plan: str = typer.Argument(..., help=_("none, monthly, quarterly, half_yearly or yearly.")),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.output import print_json
    from salesdesk.service import queries

    rt = _rt(ctx)
    with _options(), _writing(ctx) as session:
        u = queries.set_plan(session=session, serial=serial, plan=plan, now=rt.now())
    if json_:
        print_json(_unit_item(u, rt.today()))
        return
    due = rt.fmt.date(u.next_due) if u.next_due else _("none")
    typer.echo(_("{serial}: next maintenance due {due}.").format(serial=u.serial, due=due))


@installed_app.command("list", help=_("The installed base: the soonest maintenance due first."))
def installed_list(
    ctx: typer.Context,
    customer: str | None = typer.Option(None, "--customer", help=_("Only this customer's.")),
    limit: int | None = _limit_opt(),
    offset: int = _offset_opt(),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.output import Column, emit
    from salesdesk.service import queries, rules

    rt = _rt(ctx)
    today = rt.today()
    with _options(), _reading(ctx) as session:
        units = queries.list_units(session=session, customer=customer, limit=limit, offset=offset)
    data = [_unit_item(u, today) for u in units]
    if json_:
        emit(data, [], rt.fmt, as_json=True)
        return
    if not data:
        typer.echo(_("No installed products."))
        return
    shown = [
        {
            **d,
            "installed": u.installed,
            "warranty_end": u.warranty_end,
            "next_due": u.next_due,
            "plan": rules.word(rules.PLAN_LABELS, u.plan),
            "warranty": rules.word(rules.WARRANTY_LABELS, d["warranty"]),
        }
        for d, u in zip(data, units, strict=True)
    ]
    emit(
        shown,
        [
            Column("serial", _("Serial")),
            Column("customer", _("Customer")),
            Column("product", _("Product")),
            Column("installed", _("Installed"), "date"),
            Column("warranty", _("Warranty")),
            Column("plan", _("Plan")),
            Column("next_due", _("Next due"), "date"),
            Column("open_order", _("Order")),
        ],
        rt.fmt,
        as_json=False,
    )


def apps() -> list[tuple[str, typer.Typer, str]]:
    """The room's command groups: (name, app, help)."""
    return [("service", service_app, service_app.info.help or "")]
