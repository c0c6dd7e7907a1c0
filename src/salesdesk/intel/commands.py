"""The intel room's commands: ``competitor``, ``intel`` (entries, countermeasures, lost deals), and the
top-level ``forecast`` and ``check`` (the data-quality audit).

Only typer is imported at module level; database modules are imported inside the commands.
"""

from __future__ import annotations

import typer

from salesdesk.core.i18n import _
from salesdesk.org.commands import (
    _as_of,
    _as_of_opt,
    _date_opt,
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

competitor_app = _group(_("Competitors: add and list (with their intel and the deals lost to them)."))
intel_app = _group(
    _(
        "Market and competitor intelligence: record what was observed, list it, decide countermeasures "
        "(open → in_progress → done / cancelled) and which department was told, and the deals lost to "
        "competitors."
    )
)
measure_app = _group(_("Countermeasures: add, change status, list."))
intel_app.add_typer(measure_app, name="measure")

_OPTIONS = {
    **{
        name: "--" + name
        for name in (
            "name",
            "notes",
            "competitor",
            "territory",
            "topic",
            "impact",
            "source",
            "date",
            "entry",
            "owner",
            "due",
            "department",
            "told",
            "by",
            "months",
            "status",
        )
    },
    "observed": "OBSERVED",
    "action": "ACTION",
    "measure": "NUMBER",
    "status": "STATUS",
    "start": "--from",
    "end": "--to",
}


def _options():  # noqa: ANN202
    return _named_options(_OPTIONS)


# --------------------------------------------------------------------------- competitor


@competitor_app.command("add", help=_("Add a competitor: CODE --name N [--notes T]."))
def competitor_add(
    ctx: typer.Context,
    code: str = typer.Argument(..., help=_("Competitor code.")),
    name: str = typer.Option(..., "--name", help=_("Competitor name.")),
    notes: str = typer.Option("", "--notes", help=_("Notes (strengths, products, prices).")),
) -> None:
    from salesdesk.intel import queries

    with _options(), _writing(ctx) as session:
        queries.add_competitor(session=session, code=code, name=name, notes=notes)
    typer.echo(_("Competitor {code} added.").format(code=code.strip()))


@competitor_app.command("list", help=_("List competitors with their intel entries and lost deals."))
def competitor_list(ctx: typer.Context, json_: bool = _json_opt()) -> None:
    from salesdesk.core.output import Column, emit
    from salesdesk.intel import queries

    with _reading(ctx) as session:
        rows = queries.list_competitors(session=session)
    emit(
        rows,
        [
            Column("code", _("Code")),
            Column("name", _("Name")),
            Column("entries", _("Intel entries"), "int"),
            Column("last_entry", _("Last"), "date"),
            Column("high_impact", _("High impact"), "int"),
            Column("lost_deals", _("Deals lost to it"), "int"),
            Column("notes", _("Notes")),
        ],
        _rt(ctx).fmt,
        as_json=json_,
    )


# --------------------------------------------------------------------------- intel entries


@intel_app.command(
    "add",
    help=_(
        "Record what was observed: OBSERVED [--competitor C] [--territory Z] [--topic price|product|"
        "promotion|channel|strategy|other] [--impact low|medium|high] [--source S] [--by SALESPERSON] "
        "[--date D]. Prints its number."
    ),
)
def intel_add(
    ctx: typer.Context,
    observed: str = typer.Argument(..., help=_("What was observed.")),
    competitor: str | None = typer.Option(None, "--competitor", help=_("Competitor code.")),
    territory: str | None = typer.Option(None, "--territory", help=_("Territory (zone) code.")),
    topic: str | None = typer.Option(
        None, "--topic", help=_("price, product, promotion, channel, strategy, other.")
    ),
    impact: str | None = typer.Option(None, "--impact", help=_("low, medium (default) or high.")),
    source: str | None = typer.Option(None, "--source", help=_("Where it came from.")),
    by: str | None = typer.Option(None, "--by", help=_("The salesperson who reported it (code).")),
    day: str | None = _date_opt("--date", _("When it was observed (default today).")),
) -> None:
    from salesdesk.intel import queries

    rt = _rt(ctx)
    with _options(), _writing(ctx) as session:
        number = queries.add_entry(
            session=session,
            day=_parse_date(day, "date"),
            observed=observed,
            competitor=competitor,
            territory=territory,
            topic=topic,
            impact=impact,
            source=source,
            reported_by=by,
            today=rt.today(),
        )
    typer.echo(_("Intel entry {number} recorded.").format(number=number))


@intel_app.command("list", help=_("The intel feed, newest first, with filters."))
def intel_list(
    ctx: typer.Context,
    competitor: str | None = typer.Option(None, "--competitor", help=_("Only about this competitor.")),
    territory: str | None = typer.Option(None, "--territory", help=_("Only in this zone.")),
    topic: str | None = typer.Option(None, "--topic", help=_("Only this topic.")),
    impact: str | None = typer.Option(None, "--impact", help=_("Only this impact.")),
    start: str | None = _date_opt("--from", _("From this day.")),
    end: str | None = _date_opt("--to", _("Up to this day.")),
    search: str = typer.Option("", "--search", help=_("Text in what was observed or its source.")),
    json_: bool = _json_opt(),
    limit: int | None = _limit_opt(),
    offset: int = _offset_opt(),
) -> None:
    from salesdesk.core.output import Column, emit
    from salesdesk.intel import queries, rules

    with _options(), _reading(ctx) as session:
        filters = queries.EntryFilter(
            competitor, territory, topic, impact, _parse_date(start, "start"), _parse_date(end, "end"), search
        )
        rows = queries.list_entries(session=session, filters=filters, limit=limit, offset=offset)
    emit(
        rows,
        [
            Column("number", _("Number")),
            Column("date", _("Date"), "date"),
            Column("competitor", _("Competitor")),
            Column("territory", _("Zone")),
            Column("topic", _("Topic"), "text", rules.TOPIC_LABELS),
            Column("impact", _("Impact"), "text", rules.IMPACT_LABELS),
            Column("observed", _("Observed")),
            Column("source", _("Source")),
            Column("measures", _("Measures"), "int"),
        ],
        _rt(ctx).fmt,
        as_json=json_,
    )


@intel_app.command("lost", help=_("Deals lost, by competitor and reason [--from D --to D]."))
def intel_lost(
    ctx: typer.Context,
    start: str | None = _date_opt("--from", _("Lost from this day.")),
    end: str | None = _date_opt("--to", _("Lost up to this day.")),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.output import Column, emit
    from salesdesk.market import queries, rules

    with _options(), _reading(ctx) as session:
        rows = queries.lost_deals(
            session=session, start=_parse_date(start, "start"), end=_parse_date(end, "end")
        )
    emit(
        rows,
        [
            Column("competitor", _("Competitor")),
            Column("competitor_name", _("Name")),
            Column("reason", _("Reason"), "text", rules.LOST_LABELS),
            Column("count", _("Deals"), "int"),
            Column("value", _("Annual value"), "money"),
        ],
        _rt(ctx).fmt,
        as_json=json_,
    )


# --------------------------------------------------------------------------- countermeasures


@measure_app.command(
    "add",
    help=_(
        "Decide a countermeasure: ACTION [--entry I000001] [--owner SALESPERSON] [--due D] "
        "[--department marketing|product|pricing|logistics|customer_service|technical|management|finance] "
        "[--told D]."
    ),
)
def measure_add(
    ctx: typer.Context,
    action: str = typer.Argument(..., help=_("What will be done.")),
    entry: str | None = typer.Option(None, "--entry", help=_("The intel entry it answers (number).")),
    owner: str | None = typer.Option(None, "--owner", help=_("Who does it (salesperson code; default you).")),
    due: str | None = _date_opt("--due", _("By when.")),
    department: str | None = typer.Option(None, "--department", help=_("The department that was told.")),
    told: str | None = _date_opt("--told", _("When it was told (default today).")),
) -> None:
    from salesdesk.intel import queries

    rt = _rt(ctx)
    with _options(), _writing(ctx) as session:
        number = queries.add_measure(
            session=session,
            action=action,
            entry=entry,
            owner=owner,
            due=_parse_date(due, "due"),
            department=department,
            told_on=_parse_date(told, "told"),
            today=rt.today(),
        )
    typer.echo(_("Countermeasure {number} added.").format(number=number))


@measure_app.command(
    "status", help=_("Change a countermeasure's status: NUMBER in_progress|done|cancelled [--note N].")
)
def measure_status(
    ctx: typer.Context,
    number: str = typer.Argument(..., help=_("Countermeasure number.")),
    status: str = typer.Argument(..., help=_("in_progress, done or cancelled.")),
    note: str = typer.Option("", "--note", help=_("Why (kept in the history).")),
) -> None:
    from salesdesk.intel import queries, rules

    rt = _rt(ctx)
    with _options(), _writing(ctx) as session:
        queries.set_measure_status(
            session=session, number=number, status=status, today=rt.today(), now=rt.now(), note=note
        )
    typer.echo(
        _("Countermeasure {number}: {status}.").format(
            number=number, status=rules.word(rules.STATUS_LABELS, status.strip().lower())
        )
    )


@measure_app.command("list", help=_("List countermeasures: open ones first by due date."))
def measure_list(
    ctx: typer.Context,
    open_only: bool = typer.Option(False, "--open", help=_("Only open or in progress.")),
    entry: str | None = typer.Option(None, "--entry", help=_("Only for this intel entry.")),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.output import Column, emit
    from salesdesk.intel import queries, rules

    rt = _rt(ctx)
    with _options(), _reading(ctx) as session:
        rows = queries.list_measures(session=session, today=rt.today(), open_only=open_only, entry=entry)
    emit(
        rows,
        [
            Column("number", _("Number")),
            Column("entry", _("Entry")),
            Column("action", _("Action")),
            Column("owner", _("Owner")),
            Column("due", _("Due"), "date"),
            Column("status", _("Status"), "text", rules.STATUS_LABELS),
            Column("department", _("Told"), "text", rules.DEPARTMENT_LABELS),
            Column("told_on", _("On"), "date"),
            Column("overdue", _("Overdue"), "bool"),
        ],
        rt.fmt,
        as_json=json_,
    )


# --------------------------------------------------------------------------- forecast and check


def register(app: typer.Typer) -> None:
    """The top-level ``forecast`` and ``check`` commands."""

    @app.command(
        "forecast",
        help=_(
            "Monthly sales forecast for the next months (Holt-Winters on the invoice history), with the "
            "backtest's MAPE over the last 6 complete months and the gap to the plan's targets."
        ),
    )
    def forecast(
        ctx: typer.Context,
        months: int = typer.Option(12, "--months", help=_("How many months (1–36).")),
        by: str | None = typer.Option(None, "--by", help=_("territory, group or salesperson.")),
        as_of: str | None = _as_of_opt(),
        json_: bool = _json_opt(),
    ) -> None:
        from salesdesk.intel import outlook

        with _options(), _reading(ctx) as session:
            rows = outlook.outlook(session=session, as_of=_as_of(ctx, as_of), months=months, by=by)
        if json_:
            _forecast_json(rows, by)
        else:
            _forecast_table(ctx, rows, by)

    @app.command(
        "check",
        help=_(
            "Data-quality audit: likely duplicate customers, missing master data, payments beyond what "
            "was owed, due before issue, unusual amounts, old open orders, inactive salespeople owning "
            "customers. Exits 1 when there are error findings."
        ),
    )
    def check(ctx: typer.Context, json_: bool = _json_opt()) -> None:
        from salesdesk.intel import quality

        rt = _rt(ctx)
        with _reading(ctx) as session:
            findings = quality.run_checks(session=session, today=rt.today())
        if json_:
            _check_json(findings)
        else:
            _check_table(ctx, findings)
        if any(f.severity == "error" for f in findings):
            raise typer.Exit(1)


def _forecast_json(rows: list, by: str | None) -> None:
    from salesdesk.core.output import print_json

    out = []
    for o in rows:
        item: dict = {by: o.key, "name": o.name} if by else {}
        item.update(
            method=o.method,
            mape=o.mape,
            total=o.total,
            target=o.target,
            gap=o.gap,
            months=[
                {"month": m.month, "forecast": m.forecast, "target": m.target, "gap": m.gap} for m in o.months
            ],
            backtest=[{"month": m, "actual": a, "forecast": p} for m, a, p in o.backtest],
        )
        out.append(item)
    print_json(out)


def _forecast_table(ctx: typer.Context, rows: list, by: str | None) -> None:
    from rich.console import Console
    from rich.table import Table

    from salesdesk.intel.forecasting import METHODS

    fmt = _rt(ctx).fmt
    method_words = dict(zip(METHODS, (_("Holt-Winters"), _("Holt (trend)"), _("mean")), strict=True))
    if not rows:
        typer.echo(_("No invoices yet: nothing to forecast from."))
        return
    months = [m.month for m in rows[0].months]
    table = Table(header_style="bold")
    table.add_column(
        {"territory": _("Zone"), "group": _("Group"), "salesperson": _("Salesperson")}.get(
            by or "", _("Region")
        )
    )
    table.add_column(_("Method"))
    table.add_column(_("MAPE"), justify="right")
    for month in months:
        table.add_column(month, justify="right")
    table.add_column(_("Total"), justify="right")
    table.add_column(_("Plan"), justify="right")
    table.add_column(_("Gap"), justify="right")
    for o in rows:
        table.add_row(
            o.key or (_("no zone") if by else _("all")),
            method_words.get(o.method, o.method),
            "—" if o.mape is None else fmt.number(o.mape, 1) + " %",
            *(fmt.number(m.forecast, 0) for m in o.months),
            fmt.money(o.total),
            "—" if o.target is None else fmt.money(o.target),
            "—" if o.gap is None else fmt.money(o.gap),
        )
    Console().print(table)
    typer.echo(_("Plan and gap: over the forecast months that have targets (gap = forecast − target)."))


def _check_json(findings: list) -> None:
    from salesdesk.core.output import print_json

    print_json(
        [
            {
                "rule": f.rule,
                "severity": f.severity,
                "entity": f.entity,
                "records": list(f.records),
                "message": f.message,
                "fix": f.fix,
                **({"detail": dict(f.detail)} if f.detail else {}),
            }
            for f in findings
        ]
    )


def _check_table(ctx: typer.Context, findings: list) -> None:
    from rich.console import Console
    from rich.table import Table

    from salesdesk.intel import rules

    if not findings:
        typer.echo(_("No findings: the data looks consistent."))
        return
    table = Table(header_style="bold")
    for header in (_("Severity"), _("Rule"), _("Records"), _("Finding"), _("Fix")):
        table.add_column(header)
    for f in findings:
        table.add_row(
            rules.word(rules.SEVERITY_LABELS, f.severity), f.rule, ", ".join(f.records), f.message, f.fix
        )
    Console().print(table)
    typer.echo(rules.counts_text(findings) + ".")


def apps() -> list[tuple[str, typer.Typer, str]]:
    """The room's command groups: (name, app, help)."""
    return [
        ("competitor", competitor_app, competitor_app.info.help or ""),
        ("intel", intel_app, intel_app.info.help or ""),
    ]
