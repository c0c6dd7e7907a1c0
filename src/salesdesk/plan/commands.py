"""The plan room's commands: set the plan and its inputs, propose and save the breakdown, set a target by
hand, track the year, and keep corrective actions.

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
    _parse_date,
    _reading,
    _rt,
    _writing,
)

plan_app = _group(_("Sales plan: set it, break it down, track it, correct deviations."))
action_app = _group(
    _(
        "Corrective actions: add, list, start and close. Status changes: open → in progress, done or "
        "cancelled; in progress → done or cancelled; done and cancelled are final."
    )
)
plan_app.add_typer(action_app, name="action")

STATUS_LABELS = {
    "on_track": N_("on track"),
    "at_risk": N_("at risk"),
    "off_track": N_("off track"),
}


def _year_opt() -> Any:
    return typer.Option(..., "--year", help=_("Plan year."), metavar="YYYY")


def _json_opt() -> Any:
    return typer.Option(False, "--json", help=_("Print JSON."))


def _money(ctx: typer.Context, text: str, field: str, *, negative: bool = False):  # noqa: ANN202
    """An amount typed in the active locale's convention (or plain); the rules decide about the sign."""
    from salesdesk.core.money import parse_amount

    return parse_amount(text, _rt(ctx).locale, field=field, allow_negative=negative)


def _weights(ctx: typer.Context, text: str) -> list:
    """Twelve weights separated by ``;`` (or by ``,`` when the weights use a decimal point)."""
    parts = text.split(";") if ";" in text else text.split(",")
    return [_money(ctx, p.strip().replace("%", ""), "--weights") for p in parts]


def _print_grid(ctx: typer.Context, title: str, rows: dict[str, list], caption: str) -> None:
    """Codes × twelve months in whole currency units, with the year (to the cent) and a total row."""
    import sys
    from decimal import Decimal

    from rich.console import Console
    from rich.table import Table

    fmt = _rt(ctx).fmt
    table = Table(title=title, caption=caption, header_style="bold")
    table.add_column(_("Code"), no_wrap=True)
    for month in range(1, 13):
        table.add_column(f"{month:02d}", justify="right", no_wrap=True)
    table.add_column(_("Year"), justify="right", style="bold", no_wrap=True)
    totals = [Decimal(0)] * 12
    for code, months in rows.items():
        table.add_row(code, *(fmt.number(m, 0) for m in months), fmt.number(sum(months), 2))
        totals = [a + b for a, b in zip(totals, months, strict=True)]
    table.add_row(_("Total"), *(fmt.number(m, 0) for m in totals), fmt.number(sum(totals), 2), style="bold")
    # on a terminal, its width; in a pipe or a file, wide enough never to cut a number
    Console(width=None if sys.stdout.isatty() else 250).print(table)


# --------------------------------------------------------------------------- inputs


@plan_app.command("set", help=_("Set the annual sales plan: --year Y --amount A."))
def plan_set(
    ctx: typer.Context,
    year: int = _year_opt(),
    amount: str = typer.Option(..., "--amount", help=_("Plan amount."), metavar="AMOUNT"),
) -> None:
    from salesdesk.plan import queries

    value = _money(ctx, amount, "--amount", negative=True)
    rt = _rt(ctx)
    with _writing(ctx) as session:
        queries.set_plan(
            session=session, year=year, amount=value, now=rt.now(), locale=rt.locale, field="--amount"
        )
    typer.echo(_("Plan {year}: {amount}.").format(year=year, amount=rt.fmt.money(value)))


@plan_app.command("growth", help=_("A customer group's expected growth and market size for a year."))
def plan_growth(
    ctx: typer.Context,
    year: int = _year_opt(),
    group: str = typer.Option(..., "--group", help=_("Customer group code.")),
    pct: str = typer.Option(
        ..., "--pct", help=_("Expected growth in percent (may be negative)."), metavar="PCT"
    ),
    market_size: str | None = typer.Option(
        None, "--market-size", help=_("Estimated market size of the group."), metavar="AMOUNT"
    ),
    amount: str | None = typer.Option(
        None,
        "--amount",
        help=_("A fixed amount for the group (the others share the rest)."),
        metavar="AMOUNT",
    ),
) -> None:
    from salesdesk.plan import queries

    growth = _money(ctx, pct.replace("%", ""), "--pct", negative=True)
    size = _money(ctx, market_size, "--market-size", negative=True) if market_size else None
    fixed = _money(ctx, amount, "--amount", negative=True) if amount else None
    rt = _rt(ctx)
    with _writing(ctx) as session:
        queries.set_growth(
            session=session,
            year=year,
            group=group,
            pct=growth,
            market_size=size,
            amount=fixed,
            now=rt.now(),
            locale=rt.locale,
            field="--amount",
        )
    typer.echo(
        _("Group {group} in {year}: growth {pct} %.").format(
            group=group, year=year, pct=rt.fmt.number(growth, 2)
        )
    )


@plan_app.command("seasonality", help=_("Twelve monthly weights in percent, totalling 100."))
def plan_seasonality(
    ctx: typer.Context,
    year: int = _year_opt(),
    weights: str = typer.Option(
        ..., "--weights", help=_("w1,...,w12 (or w1;...;w12 with decimal commas)."), metavar="W1,...,W12"
    ),
) -> None:
    from salesdesk.plan import queries

    values = _weights(ctx, weights)
    with _writing(ctx) as session:
        queries.set_seasonality(session=session, year=year, weights=values, now=_rt(ctx).now())
    typer.echo(_("Seasonality {year} saved.").format(year=year))


# --------------------------------------------------------------------------- breakdown


@plan_app.command("breakdown", help=_("Propose the breakdown of the plan; --apply saves it as the targets."))
def plan_breakdown(
    ctx: typer.Context,
    year: int = _year_opt(),
    apply: bool = typer.Option(False, "--apply", help=_("Save the proposal as the year's targets.")),
    by: str = typer.Option(
        "salesperson", "--by", help=_("Rows: salesperson or group."), metavar="salesperson|group"
    ),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.errors import UsageProblem
    from salesdesk.core.output import print_json
    from salesdesk.plan import queries

    if by not in ("salesperson", "group"):
        raise UsageProblem("--by", by, _("must be one of: {choices}").format(choices="salesperson, group"))
    rt = _rt(ctx)
    if apply:
        with _writing(ctx) as session:
            proposal = queries.propose(session=session, year=year, today=rt.today())
            saved = queries.apply_proposal(session=session, proposal=proposal, now=rt.now())
    else:
        with _reading(ctx) as session:
            proposal = queries.propose(session=session, year=year, today=rt.today())
        saved = 0
    b = proposal.breakdown
    if json_:
        print_json(
            {
                "year": year,
                "plan": b.plan,
                "applied": apply,
                "seasonality": {
                    "source": proposal.weights_source,
                    "weights": proposal.weights,
                    "sales_from": proposal.weights_from,
                    "sales_to": proposal.weights_to,
                },
                "groups": [{"group": g, "amount": a} for g, a in b.groups.items()],
                "targets": [
                    {"group": g, "salesperson": sp, "month": m, "amount": a}
                    for (g, sp, m), a in sorted(b.cells.items())
                ],
                "unassigned_groups": proposal.unassigned_groups,
            }
        )
    else:
        if by == "salesperson":
            _print_grid(
                ctx,
                _("Breakdown {year} by salesperson").format(year=year),
                b.by_salesperson(),
                _("Months in whole units; the year to the cent."),
            )
        else:
            _print_grid(
                ctx,
                _("Breakdown {year} by customer group").format(year=year),
                b.by_group(),
                _("Months in whole units; the year to the cent."),
            )
        typer.echo(_("Seasonality: {source}.").format(source=_seasonality_source(rt.fmt, proposal)))
        if apply:
            typer.echo(_("Saved {n} targets for {year}.").format(n=saved, year=year))
        else:
            typer.echo(_("Nothing saved: add --apply to save this breakdown as the targets."))
    for g in proposal.unassigned_groups:
        typer.echo(
            _(
                "warning: group {group} has no salesperson with customers in it; "
                "its amount is not in any target"
            ).format(group=g),
            err=True,
        )


def _seasonality_source(fmt, proposal) -> str:  # noqa: ANN001
    """Where the proposal's monthly weights come from, in words."""
    months = {"start": fmt.date(proposal.weights_from), "end": fmt.date(proposal.weights_to)}
    if proposal.weights_source == "set":
        return _("as set")
    if proposal.weights_source == "last_year":
        return _("last year's monthly sales")
    if proposal.weights_source == "last_12_months":
        return _(
            "the last 12 complete months' sales, {start} to {end}, by calendar month (last year is not "
            "complete yet)"
        ).format(**months)
    return _("equal months (no sales from {start} to {end})").format(**months)


@plan_app.command(
    "target",
    help=_(
        "Set one month of a salesperson's target (the other months rebalance), or without --month the "
        "salesperson's year in a group (a new salesperson's share; the others share the rest at the next "
        "breakdown)."
    ),
)
def plan_target(
    ctx: typer.Context,
    year: int = _year_opt(),
    salesperson: str = typer.Option(..., "--salesperson", help=_("Salesperson code.")),
    month: int | None = typer.Option(None, "--month", help=_("Month, 1 to 12."), metavar="M"),
    amount: str = typer.Option(..., "--amount", help=_("Target amount for that month."), metavar="AMOUNT"),
    group: str | None = typer.Option(None, "--group", help=_("Customer group code (needed when several).")),
) -> None:
    from salesdesk.plan import queries

    value = _money(ctx, amount, "--amount", negative=True)
    rt = _rt(ctx)
    if month is None:
        with _writing(ctx) as session:
            group = queries.set_share(
                session=session,
                year=year,
                salesperson=salesperson,
                group=group,
                amount=value,
                now=rt.now(),
                locale=rt.locale,
                field="--amount",
            )
        typer.echo(
            _(
                "{salesperson} in {group}, {year}: {amount} a year. "
                "Run salesdesk plan breakdown --year {year} --apply to spread it."
            ).format(salesperson=salesperson, group=group, year=year, amount=rt.fmt.money(value))
        )
        return
    with _writing(ctx) as session:
        row = queries.set_target(
            session=session,
            year=year,
            salesperson=salesperson,
            month=month,
            amount=value,
            group=group,
            now=rt.now(),
            today=rt.today(),
            locale=rt.locale,
            field="--amount",
        )
    typer.echo(
        _("{salesperson}, {year}-{month:02d}: {amount}; the year stays {total}.").format(
            salesperson=salesperson,
            year=year,
            month=month,
            amount=rt.fmt.money(value),
            total=rt.fmt.money(sum(row)),
        )
    )


# --------------------------------------------------------------------------- tracking


@plan_app.command("status", help=_("Track the plan as of a date: target, actual, attainment, projection."))
def plan_status(
    ctx: typer.Context,
    year: int = _year_opt(),
    as_of: str | None = _as_of_opt(),
    by: str = typer.Option(
        "salesperson", "--by", help=_("salesperson, group or month."), metavar="salesperson|group|month"
    ),
    json_: bool = _json_opt(),
    limit: int | None = _limit_opt(),
    offset: int = _offset_opt(),
) -> None:
    from salesdesk.core.money import json_money
    from salesdesk.core.output import Column, emit, print_json
    from salesdesk.plan import queries

    rt = _rt(ctx)
    day = _as_of(ctx, as_of)
    with _reading(ctx) as session:
        rows = queries.plan_status(session=session, year=year, as_of=day, by=by)
        targets = queries.count_targets(session=session, year=year)
    if not targets:
        typer.echo(
            _("no targets for {year}: run salesdesk plan breakdown --year {year} --apply").format(year=year),
            err=True,
        )
    rows = _page(rows, limit, offset)

    def pct(v):  # noqa: ANN001, ANN202
        return None if v is None else str(v)

    data = []
    for r in rows:
        t = r.tracking
        item: dict[str, Any] = {by: r.key}
        if by != "month":
            item["name"] = r.name
        item.update(
            target_year=json_money(t.target_year),
            target_to_date=json_money(t.target_to_date),
            actual_to_date=json_money(t.actual_to_date),
            attainment_pct=pct(t.attainment_pct),
            gap=json_money(t.gap),
            projection=json_money(t.projection),
            status=t.status,
            last_year_to_date=json_money(t.last_year_to_date),
            vs_last_year_pct=pct(t.vs_last_year_pct),
        )
        if by == "group":
            item["market_size"] = json_money(r.market_size)
            item["market_share_pct"] = pct(r.market_share_pct)
        data.append(item)
    if json_:
        print_json(data)
        return
    from decimal import Decimal

    display = []
    for item in data:
        shown = dict(item)
        for key in ("target_year", "target_to_date", "actual_to_date", "gap", "projection"):
            shown[key] = Decimal(item[key])
        for key in ("attainment_pct", "vs_last_year_pct"):
            shown[key] = rt.fmt.number(Decimal(item[key]), 1) + " %" if item[key] is not None else "—"
        display.append(shown)
    first = {"salesperson": _("Salesperson"), "group": _("Group"), "month": _("Month")}[by]
    columns = [Column(by, first)]
    if by != "month":
        columns.append(Column("name", _("Name")))
    columns += [
        Column("target_year", _("Target year"), "money"),
        Column("target_to_date", _("Target to date"), "money"),
        Column("actual_to_date", _("Actual"), "money"),
        Column("attainment_pct", _("Attainment")),
        Column("gap", _("Gap"), "money"),
        Column("projection", _("Projection"), "money"),
        Column("status", _("Status"), labels=STATUS_LABELS),
        Column("vs_last_year_pct", _("vs last year")),
    ]
    emit(
        display,
        columns,
        rt.fmt,
        as_json=False,
        title=_("Plan {year} as of {date}").format(year=year, date=rt.fmt.date(day)),
    )


@plan_app.command("deviations", help=_("Salespeople and groups off track per month, and their actions."))
def plan_deviations(
    ctx: typer.Context,
    year: int = _year_opt(),
    as_of: str | None = _as_of_opt(),
    json_: bool = _json_opt(),
    limit: int | None = _limit_opt(),
    offset: int = _offset_opt(),
) -> None:
    from salesdesk.core.output import Column, emit
    from salesdesk.plan import queries

    rt = _rt(ctx)
    day = _as_of(ctx, as_of)
    with _reading(ctx) as session:
        queries.plan_amount(session=session, year=year)
        found = _page(queries.list_deviations(session=session, year=year, as_of=day), limit, offset)
    rows = [
        {
            "month": d.deviation.month,
            "kind": d.deviation.who,
            "code": d.deviation.code,
            "target": d.deviation.target,
            "actual": d.deviation.actual,
            "attainment_pct": None if d.deviation.attainment_pct is None else str(d.deviation.attainment_pct),
            "actions": d.actions,
            "needs_action": d.actions == 0,
        }
        for d in found
    ]
    kinds = {"salesperson": N_("salesperson"), "group": N_("group")}
    if not json_:
        from decimal import Decimal

        rows = [
            {
                **r,
                "attainment_pct": "—"
                if r["attainment_pct"] is None
                else rt.fmt.number(Decimal(r["attainment_pct"]), 1) + " %",
            }
            for r in rows
        ]
    emit(
        rows,
        [
            Column("month", _("Month"), "int"),
            Column("kind", _("Who"), labels=kinds),
            Column("code", _("Code")),
            Column("target", _("Target"), "money"),
            Column("actual", _("Actual"), "money"),
            Column("attainment_pct", _("Attainment %")),
            Column("needs_action", _("Needs action"), "bool"),
        ],
        rt.fmt,
        as_json=json_,
    )


# --------------------------------------------------------------------------- actions


def _action_dict(a) -> dict:  # noqa: ANN001
    from dataclasses import asdict

    return asdict(a)


_ACTION_COLUMNS = [
    ("id", N_("No."), "int"),
    ("year", N_("Year"), "int"),
    ("month", N_("Month"), "int"),
    ("salesperson", N_("Salesperson"), "text"),
    ("group", N_("Group"), "text"),
    ("problem", N_("Problem"), "text"),
    ("action", N_("Action"), "text"),
    ("owner", N_("Owner"), "text"),
    ("due_date", N_("Due"), "date"),
    ("status", N_("Status"), "text"),
    ("result", N_("Result"), "text"),
]


@action_app.command("add", help=_("Record a corrective action for a deviation."))
def action_add(
    ctx: typer.Context,
    year: int = _year_opt(),
    month: int = typer.Option(..., "--month", help=_("Month of the deviation, 1 to 12."), metavar="M"),
    problem: str = typer.Option(..., "--problem", help=_("What went wrong.")),
    action: str = typer.Option(..., "--action", help=_("What will be done.")),
    salesperson: str | None = typer.Option(None, "--salesperson", help=_("Salesperson code.")),
    group: str | None = typer.Option(None, "--group", help=_("Customer group code.")),
    owner: str = typer.Option("", "--owner", help=_("Who does it.")),
    due: str | None = typer.Option(None, "--due", help=_("By when."), metavar="YYYY-MM-DD"),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.output import print_json
    from salesdesk.plan import queries

    rt = _rt(ctx)
    due_date = _parse_date(due, "--due")
    with _writing(ctx) as session:
        row = queries.add_action(
            session=session,
            year=year,
            month=month,
            problem=problem,
            action=action,
            salesperson=salesperson,
            group=group,
            owner=owner,
            due_date=due_date,
            now=rt.now(),
        )
    if json_:
        print_json(_action_dict(row))
    else:
        typer.echo(_("Corrective action {id} added.").format(id=row.id))


@action_app.command("list", help=_("List corrective actions (--open for the open ones)."))
def action_list(
    ctx: typer.Context,
    year: int | None = typer.Option(None, "--year", help=_("Plan year."), metavar="YYYY"),
    open_only: bool = typer.Option(False, "--open", help=_("Only open and in-progress actions.")),
    json_: bool = _json_opt(),
    limit: int | None = _limit_opt(),
    offset: int = _offset_opt(),
) -> None:
    from salesdesk.core.output import Column, emit, print_json
    from salesdesk.plan import queries
    from salesdesk.plan.rules import action_label

    with _reading(ctx) as session:
        rows = queries.list_actions(
            session=session, year=year, open_only=open_only, limit=limit, offset=offset
        )
    data = [_action_dict(r) for r in rows]
    if json_:
        print_json(data)
        return
    shown = [{**d, "status": action_label(d["status"])} for d in data]
    emit(shown, [Column(k, _(h), kind) for k, h, kind in _ACTION_COLUMNS], _rt(ctx).fmt, as_json=False)


@action_app.command(
    "start", help=_("Put a corrective action in progress: NUMBER (only an open action can start).")
)
def action_start(
    ctx: typer.Context,
    number: int = typer.Argument(..., help=_("Action number.")),
) -> None:
    from salesdesk.plan import queries
    from salesdesk.plan.rules import action_label

    rt = _rt(ctx)
    with _writing(ctx) as session:
        row = queries.set_action_status(
            session=session, id=number, status="in_progress", today=rt.today(), now=rt.now()
        )
    typer.echo(_("Corrective action {id}: {status}.").format(id=row.id, status=action_label(row.status)))


@action_app.command("close", help=_("Close a corrective action: NUMBER --result TEXT [--cancel]."))
def action_close(
    ctx: typer.Context,
    number: int = typer.Argument(..., help=_("Action number.")),
    result: str = typer.Option(..., "--result", help=_("How it went.")),
    cancel: bool = typer.Option(False, "--cancel", help=_("Close it as cancelled instead of done.")),
) -> None:
    from salesdesk.plan import queries
    from salesdesk.plan.rules import action_label

    rt = _rt(ctx)
    with _writing(ctx) as session:
        row = queries.close_action(
            session=session,
            id=number,
            result=result,
            status="cancelled" if cancel else "done",
            today=rt.today(),
            now=rt.now(),
        )
    typer.echo(_("Corrective action {id}: {status}.").format(id=row.id, status=action_label(row.status)))


def apps() -> list[tuple[str, typer.Typer, str]]:
    """The room's command groups: (name, app, help)."""
    return [("plan", plan_app, plan_app.info.help or "")]
