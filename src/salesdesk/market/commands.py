"""The market room's commands: ``prospect`` (the pipeline), ``campaign`` (with marketing) and ``market``
(customer development).

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
    _page,
    _parse_date,
    _reading,
    _rt,
    _writing,
)

prospect_app = _group(
    _(
        "The prospects pipeline: add, move a stage, record the next action, convert a won one into a "
        "customer, list, show, the weighted pipeline and its conversion statistics. Stages: identified → "
        "contacted → qualified → proposal → negotiation → won / lost; an open prospect may move to any "
        "other open stage; won and lost are final."
    )
)
campaign_app = _group(
    _("Campaigns with marketing: add, list, and their results (leads, new customers, sales).")
)
market_app = _group(
    _("Customer development: new customers per month, growth against last year, inactive customers, share.")
)

_OPTIONS = {
    **{
        name: "--" + name.replace("_", "-")
        for name in (
            "contact", "email", "phone", "tax_id", "city", "territory", "group", "channel", "campaign",
            "value", "owner", "notes", "date", "reason", "competitor", "note", "code", "tier", "credit_limit",
            "name", "salesperson", "budget", "leads", "customers", "sales", "stage", "days", "months", "band",
            "by",
        )
    },
    "terms_days": "--terms",
    "next_action": "--next",
    "next_action_date": "--next-date",
    "identified": "--date",
    "start": "--from",
    "end": "--to",
    "company": "COMPANY",
    "action": "ACTION",
    "prospect": "NUMBER",
    "to_stage": "STAGE",
    "campaign_code": "CODE",
}  # fmt: skip


def _options():  # noqa: ANN202
    return _named_options(_OPTIONS)


def _fields(**values: str | None) -> dict[str, str | None]:
    return {k: v for k, v in values.items() if v is not None}


# --------------------------------------------------------------------------- prospect


@prospect_app.command(
    "add", help=_("Add a prospect (stage identified): COMPANY [options]. Prints its number.")
)
def prospect_add(
    ctx: typer.Context,
    company: str = typer.Argument(..., help=_("Company name.")),
    contact: str | None = typer.Option(None, "--contact", help=_("Contact person.")),
    email: str | None = typer.Option(None, "--email", help=_("Email.")),
    phone: str | None = typer.Option(None, "--phone", help=_("Phone.")),
    tax_id: str | None = typer.Option(None, "--tax-id", help=_("Tax id (NIF/CIF/RFC).")),
    city: str | None = typer.Option(None, "--city", help=_("City.")),
    territory: str | None = typer.Option(None, "--territory", help=_("Territory (zone) code.")),
    group: str | None = typer.Option(None, "--group", help=_("Customer group code.")),
    channel: str | None = typer.Option(
        None, "--channel", help=_("campaign, referral, web, fair, cold_call, partner or other.")
    ),
    campaign: str | None = typer.Option(None, "--campaign", help=_("The campaign it came from (code).")),
    value: str | None = typer.Option(None, "--value", help=_("Estimated annual sales.")),
    owner: str | None = typer.Option(None, "--owner", help=_("The salesperson who works it (code).")),
    next_action: str | None = typer.Option(None, "--next", help=_("The next action.")),
    next_action_date: str | None = _date_opt("--next-date", _("By when the next action is due.")),
    identified: str | None = _date_opt("--date", _("The day it was identified (default today).")),
    notes: str | None = typer.Option(None, "--notes", help=_("Notes.")),
) -> None:
    from salesdesk.market import queries

    rt = _rt(ctx)
    data = _fields(
        company=company,
        contact=contact,
        email=email,
        phone=phone,
        tax_id=tax_id,
        city=city,
        territory=territory,
        group=group,
        channel=channel,
        campaign=campaign,
        value=value,
        owner=owner,
        next_action=next_action,
        next_action_date=next_action_date,
        notes=notes,
    )
    with _options(), _writing(ctx) as session:
        day = _parse_date(identified, "identified")
        number = queries.add_prospect(
            session=session,
            data=data,
            identified=day,
            today=rt.today(),
            locale=rt.locale,
            now=rt.now(),
        )
    typer.echo(_("Prospect {number} added ({company}).").format(number=number, company=company.strip()))


@prospect_app.command(
    "move",
    help=_(
        "Move a prospect to a stage: NUMBER STAGE [--date D]. A lost one needs --reason (price, product, "
        "service, timing, no_budget, competitor, no_decision, other) and, for competitor, --competitor."
    ),
)
def prospect_move(
    ctx: typer.Context,
    number: str = typer.Argument(..., help=_("Prospect number.")),
    stage: str = typer.Argument(
        ..., help=_("identified, contacted, qualified, proposal, negotiation, won or lost.")
    ),
    day: str | None = _date_opt("--date", _("The day of the move (default today).")),
    reason: str | None = typer.Option(None, "--reason", help=_("Why it was lost.")),
    competitor: str | None = typer.Option(None, "--competitor", help=_("The competitor that won it (code).")),
    note: str = typer.Option("", "--note", help=_("A note kept with the move.")),
    next_action: str | None = typer.Option(None, "--next", help=_("The next action.")),
    next_action_date: str | None = _date_opt("--next-date", _("By when the next action is due.")),
) -> None:
    from salesdesk.market import queries, rules

    rt = _rt(ctx)
    with _options(), _writing(ctx) as session:
        new = queries.move_prospect(
            session=session,
            number=number,
            stage=stage,
            day=_parse_date(day, "date"),
            today=rt.today(),
            now=rt.now(),
            lost_reason=reason,
            competitor=competitor,
            note=note,
            next_action=next_action,
            next_action_date=_parse_date(next_action_date, "next_action_date"),
        )
    typer.echo(
        _("Prospect {number}: {stage}.").format(number=number, stage=rules.word(rules.STAGE_LABELS, new))
    )
    if new == "won":
        typer.echo(_("Make it a customer: salesdesk prospect convert {number}").format(number=number))


@prospect_app.command(
    "next", help=_("Record an action on a prospect and what comes next: NUMBER ACTION [--date D].")
)
def prospect_next(
    ctx: typer.Context,
    number: str = typer.Argument(..., help=_("Prospect number.")),
    action: str = typer.Argument(..., help=_("The next action.")),
    day: str | None = _date_opt("--date", _("By when it is due.")),
) -> None:
    from salesdesk.market import queries

    rt = _rt(ctx)
    with _options(), _writing(ctx) as session:
        queries.set_next_action(
            session=session, number=number, action=action, due=_parse_date(day, "date"), today=rt.today()
        )
    typer.echo(_("Prospect {number}: next action recorded.").format(number=number))


@prospect_app.command(
    "convert",
    help=_("Make a won prospect a customer: NUMBER [--code C] (default: the next free code) [options]."),
)
def prospect_convert(
    ctx: typer.Context,
    number: str = typer.Argument(..., help=_("Prospect number.")),
    code: str | None = typer.Option(None, "--code", help=_("The new customer's code.")),
    terms: str | None = typer.Option(None, "--terms", help=_("Payment terms in days.")),
    tier: str | None = typer.Option(None, "--tier", help=_("A, B or C.")),
    credit_limit: str | None = typer.Option(None, "--credit-limit", help=_("Credit limit.")),
    salesperson: str | None = typer.Option(
        None, "--salesperson", help=_("Who takes the customer (default: the prospect's owner).")
    ),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.output import print_json
    from salesdesk.market import queries

    rt = _rt(ctx)
    data = _fields(terms_days=terms, tier=tier, credit_limit=credit_limit, salesperson=salesperson)
    with _options(), _writing(ctx) as session:
        new = queries.convert(
            session=session,
            number=number,
            code=code,
            data=data,
            locale=rt.locale,
            now=rt.now(),
        )
    if json_:
        print_json({"prospect": number, "customer": new})
    else:
        typer.echo(_("Prospect {number} is now customer {code}.").format(number=number, code=new))


def _prospect_columns():  # noqa: ANN202
    from salesdesk.core.output import Column
    from salesdesk.market import rules

    return [
        Column("number", _("Number")),
        Column("company", _("Company")),
        Column("stage", _("Stage"), "text", rules.STAGE_LABELS),
        Column("owner", _("Owner")),
        Column("value", _("Annual value"), "money"),
        Column("weighted", _("Weighted"), "money"),
        Column("days_in_stage", _("Days in stage"), "int"),
        Column("next_action", _("Next action")),
        Column("next_action_date", _("By"), "date"),
        Column("stale", _("Stale"), "bool"),
    ]


@prospect_app.command("list", help=_("List prospects: open ones first, furthest stage first."))
def prospect_list(
    ctx: typer.Context,
    stage: str | None = typer.Option(None, "--stage", help=_("Only this stage.")),
    owner: str | None = typer.Option(None, "--owner", help=_("Only this salesperson's.")),
    campaign: str | None = typer.Option(None, "--campaign", help=_("Only from this campaign.")),
    open_only: bool = typer.Option(False, "--open", help=_("Only open prospects.")),
    stale: bool = typer.Option(False, "--stale", help=_("Only stale ones (no action for the stale days).")),
    search: str = typer.Option("", "--search", help=_("Company, number or contact containing this text.")),
    json_: bool = _json_opt(),
    limit: int | None = _limit_opt(),
    offset: int = _offset_opt(),
) -> None:
    from salesdesk.core.output import emit
    from salesdesk.market import queries

    rt = _rt(ctx)
    filters = queries.ProspectFilter(stage, owner, campaign, stale, open_only, search)
    with _options(), _reading(ctx) as session:
        rows = queries.list_prospects(
            session=session, filters=filters, today=rt.today(), limit=limit, offset=offset
        )
    emit(rows, _prospect_columns(), rt.fmt, as_json=json_)


@prospect_app.command("show", help=_("Show one prospect with its stage moves."))
def prospect_show(
    ctx: typer.Context,
    number: str = typer.Argument(..., help=_("Prospect number.")),
    json_: bool = _json_opt(),
) -> None:
    from dataclasses import asdict

    from salesdesk.core.output import print_json
    from salesdesk.market import queries, rules

    rt = _rt(ctx)
    with _options(), _reading(ctx) as session:
        row, moves = queries.prospect(session=session, number=number, today=rt.today())
    if json_:
        print_json({**asdict(row), "moves": [{"stage": s, "date": d, "note": n} for s, d, n in moves]})
        return
    fmt = rt.fmt
    lines = [
        (_("Number"), row.number),
        (_("Company"), row.company),
        (_("Contact"), row.contact),
        (_("Zone"), row.territory or ""),
        (_("Group"), row.group or ""),
        (
            _("Channel"),
            rules.word(rules.CHANNEL_LABELS, row.channel) + (f" {row.campaign}" if row.campaign else ""),
        ),
        (_("Annual value"), fmt.money(row.value)),
        (_("Stage"), rules.word(rules.STAGE_LABELS, row.stage) + f" ({fmt.number(row.probability, 0)} %)"),
        (_("Weighted"), fmt.money(row.weighted)),
        (_("Owner"), f"{row.owner or '—'} {row.owner_name or ''}".strip()),
        (_("Identified"), fmt.date(row.identified)),
        (_("Last action"), fmt.date(row.last_action) + (" · " + _("stale") if row.stale else "")),
        (_("Next action"), f"{row.next_action} {fmt.date(row.next_action_date)}".strip()),
    ]
    if row.stage == "lost":
        lines.append(
            (
                _("Lost"),
                rules.word(rules.LOST_LABELS, row.lost_reason)
                + (f" → {row.competitor}" if row.competitor else ""),
            )
        )
    if row.customer:
        lines.append((_("Customer"), row.customer))
    for key, value in lines:
        typer.echo(f"{key}: {value}")
    typer.echo(_("Stage moves:"))
    for stage, day, note in moves:
        typer.echo(
            f"  {fmt.date(day)}  {rules.word(rules.STAGE_LABELS, stage)}" + (f" — {note}" if note else "")
        )


@prospect_app.command("pipeline", help=_("The weighted pipeline: open prospects by salesperson and stage."))
def prospect_pipeline(ctx: typer.Context, json_: bool = _json_opt()) -> None:
    from salesdesk.core.output import Column, emit
    from salesdesk.market import queries, rules

    rt = _rt(ctx)
    with _reading(ctx) as session:
        cells = queries.pipeline(session=session)
    rows = [
        {"salesperson": c.owner, "stage": c.stage, "count": c.count, "value": c.value, "weighted": c.weighted}
        for c in cells
    ]
    emit(
        rows,
        [
            Column("salesperson", _("Salesperson")),
            Column("stage", _("Stage"), "text", rules.STAGE_LABELS),
            Column("count", _("Prospects"), "int"),
            Column("value", _("Annual value"), "money"),
            Column("weighted", _("Weighted"), "money"),
        ],
        rt.fmt,
        as_json=json_,
    )
    if not json_ and cells:
        with _reading(ctx) as session:
            total = queries.weighted_total(session=session)
        typer.echo(_("Weighted pipeline: {total}").format(total=rt.fmt.money(total)))


@prospect_app.command(
    "stats", help=_("Conversion rate and average days of each stage, and the win rate [--from D --to D].")
)
def prospect_stats(
    ctx: typer.Context,
    start: str | None = _date_opt("--from", _("Prospects identified from this day.")),
    end: str | None = _date_opt("--to", _("Prospects identified up to this day.")),
    json_: bool = _json_opt(),
) -> None:
    from dataclasses import asdict

    from salesdesk.core.output import Column, emit, print_json
    from salesdesk.market import queries, rules

    rt = _rt(ctx)
    with _options(), _reading(ctx) as session:
        stats, won, lost, rate = queries.stage_statistics(
            session=session, today=rt.today(), start=_parse_date(start, "start"), end=_parse_date(end, "end")
        )
    if json_:
        print_json({"stages": [asdict(s) for s in stats], "won": won, "lost": lost, "win_rate": rate})
        return
    emit(
        stats,
        [
            Column("stage", _("Stage"), "text", rules.STAGE_LABELS),
            Column("reached", _("Reached"), "int"),
            Column("advanced", _("Went further"), "int"),
            Column("rate", _("Conversion"), "pct"),
            Column("avg_days", _("Avg days in stage"), "decimal"),
        ],
        rt.fmt,
        as_json=False,
    )
    shown = "—" if rate is None else rt.fmt.number(rate, 1) + " %"
    typer.echo(_("Won {won}, lost {lost}: win rate {rate}.").format(won=won, lost=lost, rate=shown))


# --------------------------------------------------------------------------- campaign


@campaign_app.command(
    "add", help=_("Add a campaign: CODE --name N --from D --to D [--territory --group --budget --leads …].")
)
def campaign_add(
    ctx: typer.Context,
    code: str = typer.Argument(..., help=_("Campaign code.")),
    name: str = typer.Option(..., "--name", help=_("Campaign name.")),
    start: str = typer.Option(..., "--from", help=_("First day."), metavar="YYYY-MM-DD"),
    end: str = typer.Option(..., "--to", help=_("Last day."), metavar="YYYY-MM-DD"),
    territory: str | None = typer.Option(None, "--territory", help=_("Territory (zone) code.")),
    group: str | None = typer.Option(None, "--group", help=_("Target customer group code.")),
    budget: str | None = typer.Option(None, "--budget", help=_("Budget.")),
    leads: str | None = typer.Option(None, "--leads", help=_("Goal: leads (prospects).")),
    customers: str | None = typer.Option(None, "--customers", help=_("Goal: new customers.")),
    sales: str | None = typer.Option(None, "--sales", help=_("Goal: sales of the new customers.")),
    notes: str | None = typer.Option(None, "--notes", help=_("Notes.")),
) -> None:
    from salesdesk.market import campaigns

    rt = _rt(ctx)
    data = _fields(
        name=name,
        start=start,
        end=end,
        territory=territory,
        group=group,
        budget=budget,
        leads=leads,
        customers=customers,
        sales=sales,
        notes=notes,
    )
    with _options(), _writing(ctx) as session:
        campaigns.add_campaign(session=session, code=code, data=data, locale=rt.locale)
    typer.echo(_("Campaign {code} added.").format(code=code.strip()))


def _campaign_rows(ctx: typer.Context, code: str | None, as_of: str | None) -> list:
    from salesdesk.market import campaigns

    with _options(), _reading(ctx) as session:
        return campaigns.campaign_results(session=session, as_of=_as_of(ctx, as_of), code=code)


@campaign_app.command("list", help=_("List campaigns: period, zone, group, budget and goals."))
def campaign_list(ctx: typer.Context, json_: bool = _json_opt()) -> None:
    from salesdesk.core.output import Column, emit
    from salesdesk.market import rules

    rows = _campaign_rows(ctx, None, None)
    if json_:
        keys = (
            "code",
            "name",
            "start",
            "end",
            "phase",
            "territory",
            "group",
            "budget",
            "goal_leads",
            "goal_customers",
            "goal_sales",
        )
        emit([{k: getattr(r, k) for k in keys} for r in rows], [], _rt(ctx).fmt, as_json=True)
        return
    emit(
        rows,
        [
            Column("code", _("Code")),
            Column("name", _("Name")),
            Column("start", _("From"), "date"),
            Column("end", _("To"), "date"),
            Column("phase", _("Phase"), "text", rules.PHASE_LABELS),
            Column("territory", _("Zone")),
            Column("group", _("Group")),
            Column("budget", _("Budget"), "money"),
            Column("goal_leads", _("Goal leads"), "int"),
            Column("goal_customers", _("Goal customers"), "int"),
            Column("goal_sales", _("Goal sales"), "money"),
        ],
        _rt(ctx).fmt,
        as_json=False,
    )


@campaign_app.command(
    "results",
    help=_("Campaign results [CODE]: leads, won, new customers and their sales, cost per lead and customer."),
)
def campaign_results(
    ctx: typer.Context,
    code: str | None = typer.Argument(None, help=_("Campaign code (default: every campaign).")),
    as_of: str | None = _as_of_opt(),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.output import Column, emit

    rows = _campaign_rows(ctx, code, as_of)
    emit(
        rows,
        [
            Column("code", _("Code")),
            Column("leads", _("Leads"), "int"),
            Column("leads_pct", _("of goal"), "pct"),
            Column("open_leads", _("Open"), "int"),
            Column("weighted", _("Weighted"), "money"),
            Column("new_customers", _("New customers"), "int"),
            Column("customers_pct", _("of goal"), "pct"),
            Column("sales", _("Sales"), "money"),
            Column("sales_pct", _("of goal"), "pct"),
            Column("budget", _("Budget"), "money"),
            Column("cost_per_lead", _("Per lead"), "money"),
            Column("cost_per_customer", _("Per customer"), "money"),
        ],
        _rt(ctx).fmt,
        as_json=json_,
    )


# --------------------------------------------------------------------------- market (customer development)


@market_app.command("new-customers", help=_("New customers per month (customer since), the last N months."))
def market_new(
    ctx: typer.Context,
    months: int = typer.Option(12, "--months", min=1, max=120, help=_("How many months.")),
    as_of: str | None = _as_of_opt(),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.output import Column, emit
    from salesdesk.market import development

    with _options(), _reading(ctx) as session:
        rows = development.new_customers(session=session, as_of=_as_of(ctx, as_of), months=months)
    emit(
        rows,
        [
            Column("month", _("Month")),
            Column("count", _("New customers"), "int"),
            Column("from_prospects", _("From the pipeline"), "int"),
        ],
        _rt(ctx).fmt,
        as_json=json_,
    )


@market_app.command(
    "growth",
    help=_("Customers growing or shrinking: sales this year to date against the same days last year."),
)
def market_growth(
    ctx: typer.Context,
    band: str | None = typer.Option(
        None, "--band", help=_("Only: new, growing, stable, shrinking or stopped.")
    ),
    as_of: str | None = _as_of_opt(),
    json_: bool = _json_opt(),
    limit: int | None = _limit_opt(),
    offset: int = _offset_opt(),
) -> None:
    from salesdesk.core.output import Column, emit
    from salesdesk.market import development, rules

    with _options(), _reading(ctx) as session:
        rows = development.growth(session=session, as_of=_as_of(ctx, as_of), band=band)
    emit(
        _page(rows, limit, offset),
        [
            Column("code", _("Code")),
            Column("name", _("Name")),
            Column("salesperson", _("Salesperson")),
            Column("this_year", _("This year"), "money"),
            Column("last_year", _("Last year"), "money"),
            Column("change", _("Change"), "pct"),
            Column("band", _("Trend"), "text", rules.GROWTH_LABELS),
        ],
        _rt(ctx).fmt,
        as_json=json_,
    )


@market_app.command("inactive", help=_("Customers with no invoice for more than N days (default: the rule)."))
def market_inactive(
    ctx: typer.Context,
    days: int | None = typer.Option(None, "--days", min=1, max=3660, help=_("Days without an invoice.")),
    as_of: str | None = _as_of_opt(),
    json_: bool = _json_opt(),
    limit: int | None = _limit_opt(),
    offset: int = _offset_opt(),
) -> None:
    from salesdesk.core.output import Column, emit
    from salesdesk.market import development

    with _options(), _reading(ctx) as session:
        rows = development.inactive(session=session, as_of=_as_of(ctx, as_of), days=days)
    emit(
        _page(rows, limit, offset),
        [
            Column("code", _("Code")),
            Column("name", _("Name")),
            Column("salesperson", _("Salesperson")),
            Column("last_invoice", _("Last invoice"), "date"),
            Column("days", _("Days"), "int"),
            Column("last_12_months", _("Last 12 months"), "money"),
        ],
        _rt(ctx).fmt,
        as_json=json_,
    )


@market_app.command("share", help=_("Share of sales by customer group or territory [--from D --to D]."))
def market_share(
    ctx: typer.Context,
    by: str = typer.Option("group", "--by", help=_("group or territory.")),
    start: str | None = _date_opt("--from", _("First day (default 1 January of the as-of year).")),
    end: str | None = _date_opt("--to", _("Last day (default today).")),
    json_: bool = _json_opt(),
) -> None:
    from datetime import date

    from salesdesk.core.errors import DataError
    from salesdesk.core.output import Column, emit
    from salesdesk.market import development

    rt = _rt(ctx)
    with _options(), _reading(ctx) as session:
        last = _parse_date(end, "end") or rt.today()
        first = _parse_date(start, "start") or date(last.year, 1, 1)
        if first > last:
            raise DataError("start", first.isoformat(), _("comes after the end"))
        rows = development.share(session=session, start=first, end=last, by=by)
    key = "group" if by == "group" else "territory"
    data = [
        {key: r.key, "name": r.name, "sales": r.sales, "share": r.share, "customers": r.customers}
        for r in rows
    ]
    emit(
        data,
        [
            Column(key, _("Group") if key == "group" else _("Zone")),
            Column("name", _("Name")),
            Column("sales", _("Sales"), "money"),
            Column("share", _("Share"), "pct"),
            Column("customers", _("Customers"), "int"),
        ],
        rt.fmt,
        as_json=json_,
    )


def apps() -> list[tuple[str, typer.Typer, str]]:
    """The room's command groups: (name, app, help)."""
    return [
        ("prospect", prospect_app, prospect_app.info.help or ""),
        ("campaign", campaign_app, campaign_app.info.help or ""),
        ("market", market_app, market_app.info.help or ""),
    ]
