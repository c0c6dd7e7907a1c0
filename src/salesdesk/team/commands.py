"""The team room's commands: ``team`` with its roster, assignments, reviews, templates, recruiting and
training.

Only typer is imported at module level; database modules are imported inside the commands.
"""

from __future__ import annotations

from typing import Any

import typer

from salesdesk.core.i18n import _, label
from salesdesk.org.commands import (
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

team_app = _group(
    _(
        "The team: roster with this period's KPIs, customer assignments, performance reviews (start, score, "
        "finalize, reopen), review templates, recruiting and training. Review: draft → final; a final "
        "review can be reopened (recorded). Candidate: applied → screened → interviewed → offer → hired, "
        "or rejected."
    )
)
review_app = _group(
    _(
        "Performance reviews of a salesperson for a period (2026Q2): start, show, score manual KPIs, "
        "comment, suggest actions, finalize, reopen, history."
    )
)
template_app = _group(_("Review templates: weighted KPIs with targets and floors (weights total 100%)."))
candidate_app = _group(
    _(
        "Candidates: add, move a stage, hire (creates the salesperson), list. applied → screened → "
        "interviewed → offer → hired / rejected."
    )
)
opening_app = _group(_("Job openings: add, list, put on hold, reopen or cancel."))
course_app = _group(_("Training courses: add, list, require for a role."))
training_app = _group(_("Training: record a session's attendance, list it, the required-courses matrix."))
team_app.add_typer(review_app, name="review")
team_app.add_typer(template_app, name="template")
team_app.add_typer(candidate_app, name="candidate")
team_app.add_typer(opening_app, name="opening")
team_app.add_typer(course_app, name="course")
team_app.add_typer(training_app, name="training")

_OPTIONS = {
    **{
        name: "--" + name.replace("_", "-")
        for name in (
            "name", "period", "score", "kpi", "due", "action", "reason", "template", "target", "floor",
            "label", "to", "date", "applied", "opened", "opening", "title", "source", "notes", "hours",
            "people", "not_completed", "trainer", "stage", "status", "territory", "hire_date", "role",
            "comments", "strengths", "topic", "email", "phone",
        )
    },
    "from": "--from-date",
    "weights": "WEIGHTS",
    "key": "KEY",
    "number": "NUMBER",
    "code": "CODE",
    "period_kind": "--period-kind",
    "copy_from": "--from",
}  # fmt: skip


def _options():  # noqa: ANN202
    return _named_options(_OPTIONS)


def _period_opt() -> Any:
    return typer.Option(..., "--period", "-p", help=_("The period: 2026Q2, 2026H1, 2026-05 or 2026."))


def _kpi_value(key: str, value: Any) -> Any:
    """A KPI value for JSON: a count as an integer, a percentage as a one-decimal string."""
    from salesdesk.team import rules

    if value is None:
        return None
    if key in rules.COUNTS:
        return int(value)
    return str(rules.one(value))


def _shown_value(rt: Any, key: str, value: Any, kind: str = "builtin", *, bare: bool = False) -> str:
    from salesdesk.team import rules

    if value is None:
        return "—"
    if kind == "manual":
        return rt.fmt.number(value, 1)
    if key in rules.COUNTS:
        return rt.fmt.number(int(value))
    return rt.fmt.number(rules.one(value), 1) + ("" if bare else " %")


def _source_json(source: dict) -> dict:
    from decimal import Decimal

    from salesdesk.core.money import json_money

    return {k: (json_money(v) if isinstance(v, Decimal) else v) for k, v in source.items()}


def _history_item(r: Any) -> dict:
    """A review of a person's history for JSON: period, status, stored overall, band, change."""
    from salesdesk.team import rules

    return {
        "period": r.period,
        "status": r.status,
        "overall": None if r.overall is None else str(rules.two(r.overall)),
        "rating": r.rating,
        "change": None if r.change is None else str(rules.two(r.change)),
    }


def _review_json(view: Any) -> dict:
    from salesdesk.team import rules

    return {
        "salesperson": view.salesperson,
        "name": view.name,
        "period": view.period,
        "start": view.start,
        "end": view.end,
        "as_of": view.as_of,
        "template": view.template,
        "status": view.status,
        "kpis": [
            {
                "key": k.key,
                "name": k.key,
                "label": k.label,
                "kind": k.kind,
                "value": _kpi_value(k.key, k.value)
                if k.kind == "builtin"
                else (None if k.value is None else str(rules.one(k.value))),
                "target": None if k.target is None else str(k.target),
                "floor": None if k.floor is None else str(k.floor),
                "score": None if k.score is None else str(rules.two(k.score)),
                "weight": rules.weight_text(k.weight),
                "effective_weight": None
                if k.effective_weight is None
                else str(rules.one(k.effective_weight)),
                "source": _source_json(k.source),
            }
            for k in view.kpis
        ],
        "overall": None if view.overall is None else str(rules.two(view.overall)),
        "rating": view.rating,
        "rating_label": rules.word(rules.RATING_LABELS, view.rating) if view.rating else None,
        "comments": view.comments,
        "strengths": view.strengths,
        "actions": [{"id": a.id, "action": a.action, "due": a.due, "status": a.status} for a in view.actions],
        "finalized_at": view.finalized_at,
        "history": [{"at": at, "from": old, "to": new, "note": note} for at, old, new, note in view.history],
    }


def _print_review(rt: Any, view: Any) -> None:
    from decimal import Decimal

    from rich.console import Console
    from rich.table import Table

    from salesdesk.team import rules
    from salesdesk.team.render import source_text

    fmt = rt.fmt
    table = Table(
        title=_("Review of {code} {name} — {period} ({status})").format(
            code=view.salesperson,
            name=view.name,
            period=view.period,
            status=rules.word(rules.REVIEW_LABELS, view.status),
        ),
        caption=_("Values as of {day}; template {template}.").format(
            day=fmt.date(view.as_of), template=view.template
        ),
    )
    for header, justify in (
        (_("KPI"), "left"),
        (_("Value"), "right"),
        (_("Target"), "right"),
        (_("Floor"), "right"),
        (_("Score"), "right"),
        (_("Weight"), "right"),
        (_("Based on"), "left"),
    ):
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for k in view.kpis:
        weight = fmt.number(Decimal(k.weight) / 10, 1) + " %"
        if k.effective_weight is not None and rules.one(k.effective_weight) != rules.one(
            Decimal(k.weight) / 10
        ):
            weight += f" → {fmt.number(rules.one(k.effective_weight), 1)} %"
        table.add_row(
            k.label,
            _shown_value(rt, k.key, k.value, k.kind),
            "" if k.target is None else fmt.number(k.target),
            "" if k.floor is None else fmt.number(k.floor),
            "—" if k.score is None else fmt.number(rules.two(k.score), 2),
            weight,
            _("manager's score") if k.kind == "manual" else source_text(rt.fmt, k.key, k.source),
        )
    console = Console()
    console.print(table)
    overall = "—" if view.overall is None else fmt.number(rules.two(view.overall), 2)
    console.print(
        _("Overall: {overall} of 5 — {rating}").format(
            overall=overall, rating=rules.word(rules.RATING_LABELS, view.rating) if view.rating else "—"
        ),
        markup=False,
    )
    if view.strengths:
        console.print(_("Strengths: {text}").format(text=view.strengths), markup=False)
    if view.comments:
        console.print(_("Comments: {text}").format(text=view.comments), markup=False)
    for a in view.actions:
        console.print(
            _("Action {id} (due {due}, {status}): {text}").format(
                id=a.id,
                due=fmt.date(a.due),
                status=_("done") if a.status == "done" else _("open"),
                text=a.action,
            ),
            markup=False,
        )


# --------------------------------------------------------------------------- roster and assignments


@team_app.command(
    "list", help=_("The roster: every salesperson with role, territory, status and this period's KPI values.")
)
def team_list(
    ctx: typer.Context,
    period: str | None = typer.Option(
        None, "--period", "-p", help=_("The period (default the current one).")
    ),
    json_: bool = _json_opt(),
    limit: int | None = _limit_opt(),
    offset: int = _offset_opt(),
) -> None:
    from salesdesk.core.output import print_json
    from salesdesk.team import queries, rules

    rt = _rt(ctx)
    with _options(), _reading(ctx) as session:
        code, rows = queries.roster(session=session, today=rt.today(), period=period)
    rows = _page(rows, limit, offset)
    if json_:
        print_json(
            [
                {
                    "code": r.code,
                    "name": r.name,
                    "role": r.role,
                    "territory": r.territory,
                    "hire_date": r.hire_date,
                    "status": r.status,
                    "customers": r.customers,
                    "period": code,
                    "kpis": {k: _kpi_value(k, v) for k, v in r.values.items() if k in rules.BUILTIN},
                    "overall": None if r.overall is None else str(rules.two(r.overall)),
                    "review": r.review,
                }
                for r in rows
            ]
        )
        return
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(
        title=_("Team — {period}").format(period=code),
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    table.add_column(_("Code"), no_wrap=True, min_width=3)
    table.add_column(_("Name"), overflow="ellipsis", no_wrap=True, max_width=18)
    table.add_column(_("Role"), overflow="ellipsis", no_wrap=True, max_width=12)
    table.add_column(_("Zone"), no_wrap=True, min_width=3)
    table.add_column(_("Status"), overflow="ellipsis", no_wrap=True, max_width=10)
    table.add_column(_("Cust."), justify="right", no_wrap=True)
    for k in rules.BUILTIN:
        table.add_column(label(rules.KPI_SHORT[k]), justify="right", no_wrap=True, min_width=4)
    table.add_column(_("Score"), justify="right", no_wrap=True)
    from salesdesk.org.rules import STATUS_LABELS

    for r in rows:
        table.add_row(
            r.code,
            r.name,
            rules.word(rules.ROLE_LABELS, r.role),
            r.territory or "",
            _(STATUS_LABELS.get(r.status, r.status)),
            str(r.customers),
            *(_shown_value(rt, k, r.values.get(k), bare=True) for k in rules.BUILTIN),
            "" if r.overall is None else rt.fmt.number(rules.two(r.overall), 2),
        )
    Console().print(table)


@team_app.command(
    "show", help=_("One salesperson: role, territory and status with their history, reviews, training.")
)
def team_show(
    ctx: typer.Context,
    salesperson: str = typer.Argument(..., help=_("Salesperson code.")),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.output import print_json
    from salesdesk.team import queries, rules

    rt = _rt(ctx)
    with _options(), _reading(ctx) as session:
        p = queries.profile(session=session, salesperson=salesperson)
    reviews = [_history_item(r) for r in p.reviews]
    if json_:
        print_json(
            {
                "code": p.code,
                "name": p.name,
                "email": p.email,
                "phone": p.phone,
                "role": p.role,
                "territory": p.territory,
                "hire_date": p.hire_date,
                "status": p.status,
                "customers": p.customers,
                "changes": [
                    {"at": at, "field": f, "from": old, "to": new, "note": note}
                    for at, f, old, new, note in p.changes
                ],
                "reviews": reviews,
                "completed_courses": [{"course": c, "name": n, "date": d} for c, n, d in p.completed],
                "missing_courses": p.missing,
            }
        )
        return
    from salesdesk.org.rules import STATUS_LABELS

    fmt = rt.fmt
    lines = [
        f"{p.code} {p.name}",
        _("Role: {role}   Territory: {zone}   Status: {status}   Hired: {hired}").format(
            role=p.role,
            zone=p.territory or "—",
            status=_(STATUS_LABELS.get(p.status, p.status)),
            hired=fmt.date(p.hire_date) if p.hire_date else "—",
        ),
        _("Customers assigned: {n}").format(n=p.customers),
    ]
    if p.changes:
        lines.append(_("Changes:"))
        lines += [
            f"  {fmt.moment(at)}  {f}: {old or '—'} → {new or '—'}" + (f"  ({note})" if note else "")
            for at, f, old, new, note in p.changes
        ]
    if p.reviews:
        lines.append(_("Reviews:"))
        lines += [
            f"  {r['period']}  {rules.word(rules.REVIEW_LABELS, r['status'])}  {r['overall'] or ''}  "
            f"{rules.word(rules.RATING_LABELS, r['rating']) if r['rating'] else ''}"
            for r in reviews
        ]
    lines.append(
        _("Training completed: {list}").format(
            list=", ".join(f"{c} ({fmt.date(d)})" for c, _n, d in p.completed) or "—"
        )
    )
    lines.append(_("Required courses missing: {list}").format(list=", ".join(p.missing) or "—"))
    for line in lines:
        typer.echo(line)


@team_app.command(
    "assign",
    help=_(
        "Reassign CUSTOMER to a salesperson from a date (default today). The history keeps who had it when; "
        "past invoices stay credited to their salesperson."
    ),
)
def team_assign(
    ctx: typer.Context,
    customer: str = typer.Argument(..., help=_("Customer code.")),
    to: str = typer.Option(..., "--to", help=_("Salesperson code (empty: nobody).")),
    from_date: str | None = typer.Option(
        None, "--from-date", help=_("From this day (default today)."), metavar="YYYY-MM-DD"
    ),
    note: str = typer.Option("", "--note", help=_("Why (kept in the history).")),
) -> None:
    from salesdesk.org import assignments

    rt = _rt(ctx)
    start = _parse_date(from_date, "--from-date")
    with _options(), _writing(ctx) as session:
        old, new = assignments.assign(
            session=session, customer=customer, to=to, start=start, today=rt.today(), now=rt.now(), note=note
        )
    typer.echo(
        _("Customer {customer}: {old} → {new} from {day}.").format(
            customer=customer, old=old or "—", new=new or "—", day=rt.fmt.date(start or rt.today())
        )
    )


@team_app.command("assignments", help=_("Who had CUSTOMER when: its assignments, oldest first."))
def team_assignments(
    ctx: typer.Context,
    customer: str = typer.Argument(..., help=_("Customer code.")),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.output import Column, emit
    from salesdesk.org import assignments

    with _options(), _reading(ctx) as session:
        rows = assignments.history(session=session, customer=customer)
    emit(
        rows,
        [
            Column("salesperson", _("Salesperson")),
            Column("salesperson_name", _("Name")),
            Column("start", _("From"), "date"),
            Column("end", _("Until"), "date"),
            Column("note", _("Note")),
        ],
        _rt(ctx).fmt,
        as_json=json_,
    )


# --------------------------------------------------------------------------- reviews


@review_app.command(
    "start", help=_("Start the review of SALESPERSON for a period from a template (default: default).")
)
def review_start(
    ctx: typer.Context,
    salesperson: str = typer.Argument(..., help=_("Salesperson code.")),
    period: str = _period_opt(),
    template: str | None = typer.Option(None, "--template", help=_("Review template code.")),
) -> None:
    from salesdesk.team import queries

    rt = _rt(ctx)
    with _options(), _writing(ctx) as session:
        code = queries.start_review(
            session=session,
            salesperson=salesperson,
            period=period,
            today=rt.today(),
            now=rt.now(),
            template=template,
        )
    typer.echo(_("Review of {code} for {period} started (draft).").format(code=salesperson, period=code))


@review_app.command(
    "show", help=_("Show a review: each KPI's value, target, score, weight and the numbers it came from.")
)
def review_show(
    ctx: typer.Context,
    salesperson: str = typer.Argument(..., help=_("Salesperson code.")),
    period: str = _period_opt(),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.output import print_json
    from salesdesk.team import queries

    rt = _rt(ctx)
    with _options(), _reading(ctx) as session:
        view = queries.get_review(session=session, salesperson=salesperson, period=period, today=rt.today())
    if json_:
        print_json(_review_json(view))
        return
    _print_review(rt, view)


@review_app.command("score", help=_("Score a manual KPI (0–5, one decimal) of a draft review."))
def review_score(
    ctx: typer.Context,
    salesperson: str = typer.Argument(..., help=_("Salesperson code.")),
    period: str = _period_opt(),
    kpi: str = typer.Option(..., "--kpi", help=_("The KPI key (teamwork, product_knowledge…).")),
    score: str = typer.Option(..., "--score", help=_("0 to 5."), metavar="N"),
) -> None:
    from salesdesk.team import queries

    with _options(), _writing(ctx) as session:
        queries.score_kpi(session=session, salesperson=salesperson, period=period, kpi=kpi, score=score)
    typer.echo(_("{kpi} scored {score}.").format(kpi=kpi, score=score.strip()))


@review_app.command("comment", help=_("Write the comments and strengths of a draft review."))
def review_comment(
    ctx: typer.Context,
    salesperson: str = typer.Argument(..., help=_("Salesperson code.")),
    period: str = _period_opt(),
    comments: str | None = typer.Option(None, "--comments", help=_("The manager's comments.")),
    strengths: str | None = typer.Option(None, "--strengths", help=_("Strengths.")),
) -> None:
    from salesdesk.core.errors import DataError
    from salesdesk.team import queries

    if comments is None and strengths is None:
        raise DataError("--comments", "", _("give --comments or --strengths"))
    with _options(), _writing(ctx) as session:
        queries.write_notes(
            session=session, salesperson=salesperson, period=period, comments=comments, strengths=strengths
        )
    typer.echo(_("Review notes saved."))


@review_app.command("suggest", help=_("Add an improvement suggestion: an action with a due date."))
def review_suggest(
    ctx: typer.Context,
    salesperson: str = typer.Argument(..., help=_("Salesperson code.")),
    period: str = _period_opt(),
    action: str = typer.Option(..., "--action", help=_("What to do.")),
    due: str = typer.Option(..., "--due", help=_("By when."), metavar="YYYY-MM-DD"),
) -> None:
    from salesdesk.team import queries

    day = _parse_date(due, "--due")
    with _options(), _writing(ctx) as session:
        number = queries.add_action(
            session=session, salesperson=salesperson, period=period, action=action, due=day
        )
    typer.echo(_("Action {id} added.").format(id=number))


@review_app.command("action", help=_("Mark an improvement action (by its number) done or open."))
def review_action(
    ctx: typer.Context,
    number: int = typer.Argument(..., help=_("The action's number.")),
    status: str = typer.Option("done", "--status", help=_("done or open.")),
) -> None:
    from salesdesk.team import queries

    with _options(), _writing(ctx) as session:
        queries.set_action_status(session=session, action_id=number, status=status)
    typer.echo(_("Action {id}: {status}.").format(id=number, status=status))


@review_app.command(
    "finalize",
    help=_(
        "Finalize a review once its period has ended: values, scores, overall and rating are stored; it "
        "becomes read-only."
    ),
)
def review_finalize(
    ctx: typer.Context,
    salesperson: str = typer.Argument(..., help=_("Salesperson code.")),
    period: str = _period_opt(),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.output import print_json
    from salesdesk.team import queries, rules

    rt = _rt(ctx)
    with _options(), _writing(ctx) as session:
        view = queries.finalize(
            session=session, salesperson=salesperson, period=period, today=rt.today(), now=rt.now()
        )
    if json_:
        print_json(_review_json(view))
        return
    typer.echo(
        _("Review of {code} for {period} finalized: {overall} — {rating}.").format(
            code=view.salesperson,
            period=view.period,
            overall=rt.fmt.number(rules.two(view.overall), 2),
            rating=rules.word(rules.RATING_LABELS, view.rating),
        )
    )


@review_app.command("reopen", help=_("Reopen a final review (back to draft); the reason is recorded."))
def review_reopen(
    ctx: typer.Context,
    salesperson: str = typer.Argument(..., help=_("Salesperson code.")),
    period: str = _period_opt(),
    reason: str = typer.Option(..., "--reason", help=_("Why it is reopened.")),
) -> None:
    from salesdesk.team import queries

    rt = _rt(ctx)
    with _options(), _writing(ctx) as session:
        queries.reopen(session=session, salesperson=salesperson, period=period, reason=reason, now=rt.now())
    typer.echo(_("Review of {code} for {period} reopened.").format(code=salesperson, period=period.strip()))


@review_app.command(
    "history", help=_("A salesperson's reviews over the periods, with the change in overall score.")
)
def review_history(
    ctx: typer.Context,
    salesperson: str = typer.Argument(..., help=_("Salesperson code.")),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.output import print_json
    from salesdesk.team import queries, rules

    rt = _rt(ctx)
    with _options(), _reading(ctx) as session:
        rows = queries.review_history(session=session, salesperson=salesperson)
    if json_:
        print_json([_history_item(r) for r in rows])
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=_("Reviews of {code}").format(code=salesperson))
    for header in (_("Period"), _("Status"), _("Overall"), _("Rating"), _("Change")):
        table.add_column(header)
    for r in rows:
        change = (
            ""
            if r.change is None
            else ("▲ " if r.change > 0 else "▼ " if r.change < 0 else "= ")
            + rt.fmt.number(rules.two(abs(r.change)), 2)
        )
        table.add_row(
            r.period,
            rules.word(rules.REVIEW_LABELS, r.status),
            "" if r.overall is None else rt.fmt.number(rules.two(r.overall), 2),
            rules.word(rules.RATING_LABELS, r.rating) if r.rating else "",
            change,
        )
    Console().print(table)


@team_app.command("reviews-due", help=_("Reviews whose period has ended and that are not final."))
def reviews_due(
    ctx: typer.Context,
    json_: bool = _json_opt(),
    limit: int | None = _limit_opt(),
    offset: int = _offset_opt(),
) -> None:
    from salesdesk.core.output import Column, emit
    from salesdesk.team import queries, rules

    rt = _rt(ctx)
    with _options(), _reading(ctx) as session:
        rows = queries.reviews_due(session=session, today=rt.today())
    emit(
        _page(rows, limit, offset),
        [
            Column("salesperson", _("Salesperson")),
            Column("name", _("Name")),
            Column("period", _("Period")),
            Column("end", _("Ended"), "date"),
            Column("status", label(rules.REVIEW_HEADER), "text", rules.DUE_LABELS),
        ],
        rt.fmt,
        as_json=json_,
    )


@team_app.command(
    "ranking", help=_("The team ranked by overall score for a period (default the current one).")
)
def team_ranking(
    ctx: typer.Context,
    period: str | None = typer.Option(
        None, "--period", "-p", help=_("The period (default the current one).")
    ),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.output import print_json
    from salesdesk.team import queries, rules

    rt = _rt(ctx)
    with _options(), _reading(ctx) as session:
        code, rows = queries.ranking(session=session, period=period, today=rt.today())
    if json_:
        print_json(
            [
                {
                    "rank": r.rank,
                    "salesperson": r.salesperson,
                    "name": r.name,
                    "period": code,
                    "review": r.review,
                    "overall": None if r.overall is None else str(rules.two(r.overall)),
                    "rating": r.rating,
                }
                for r in rows
            ]
        )
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=_("Ranking — {period}").format(period=code))
    for header in ("#", _("Salesperson"), _("Name"), label(rules.REVIEW_HEADER), _("Overall"), _("Rating")):
        table.add_column(header)
    for r in rows:
        table.add_row(
            str(r.rank or ""),
            r.salesperson,
            r.name,
            rules.word(rules.REVIEW_LABELS, r.review) if r.review else _("not started"),
            "" if r.overall is None else rt.fmt.number(rules.two(r.overall), 2),
            rules.word(rules.RATING_LABELS, r.rating) if r.rating else "",
        )
    Console().print(table)


# --------------------------------------------------------------------------- templates


@template_app.command("show", help=_("Show a review template: KPIs, weights, targets and floors."))
def template_show(
    ctx: typer.Context,
    code: str = typer.Argument("default", help=_("Template code.")),
    json_: bool = _json_opt(),
) -> None:
    from decimal import Decimal

    from salesdesk.core.output import print_json
    from salesdesk.team import queries, rules

    rt = _rt(ctx)
    with _options(), _reading(ctx) as session:
        t = queries.get_template(session=session, code=code)
    if json_:
        print_json(
            {
                "code": t.code,
                "name": t.name,
                "period_kind": t.period_kind,
                "kpis": [
                    {
                        "key": k.key,
                        "label": k.label,
                        "kind": k.kind,
                        "weight": rules.weight_text(k.weight),
                        "target": None if k.kind == "manual" else str(k.target),
                        "floor": None if k.kind == "manual" else str(k.floor),
                    }
                    for k in t.kpis
                ],
            }
        )
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{t.code} — {t.name} ({rules.word(rules.PERIOD_KIND_LABELS, t.period_kind)})")
    for header in (_("KPI"), _("Key"), _("Kind"), _("Weight"), _("Target"), _("Floor")):
        table.add_column(header)
    for k in t.kpis:
        table.add_row(
            k.label,
            k.key,
            _("manual") if k.kind == "manual" else _("from the data"),
            rt.fmt.number(Decimal(k.weight) / 10, 1) + " %",
            "" if k.kind == "manual" else rt.fmt.number(k.target),
            "" if k.kind == "manual" else rt.fmt.number(k.floor),
        )
    Console().print(table)


@template_app.command(
    "add", help=_("A new template (for months, quarters, halves or years), its KPIs copied from another.")
)
def template_add(
    ctx: typer.Context,
    code: str = typer.Argument(..., help=_("Template code.")),
    name: str = typer.Option(..., "--name", help=_("Its name.")),
    period_kind: str = typer.Option(
        "quarter", "--period-kind", help=_("month, quarter, half or year."), metavar="KIND"
    ),
    copy_from: str = typer.Option("default", "--from", help=_("The template whose KPIs it starts with.")),
) -> None:
    from salesdesk.team import queries

    rt = _rt(ctx)
    with _options(), _writing(ctx) as session:
        made = queries.add_template(
            session=session, code=code, name=name, period_kind=period_kind, copy_from=copy_from, now=rt.now()
        )
    typer.echo(_("Template {code} added.").format(code=made))


@template_app.command("list", help=_("List the review templates."))
def template_list(ctx: typer.Context, json_: bool = _json_opt()) -> None:
    from salesdesk.core.output import Column, emit
    from salesdesk.team import queries, rules

    with _options(), _reading(ctx) as session:
        rows = [
            {"code": t.code, "name": t.name, "period_kind": t.period_kind, "kpis": len(t.kpis)}
            for t in queries.list_templates(session=session)
        ]
    emit(
        rows,
        [
            Column("code", _("Code")),
            Column("name", _("Name")),
            Column("period_kind", _("Periods"), "text", rules.PERIOD_KIND_LABELS),
            Column("kpis", _("KPIs"), "int"),
        ],
        _rt(ctx).fmt,
        as_json=json_,
    )


@template_app.command(
    "weights",
    help=_("Set every weight of a template at once: KEY=PCT,KEY=PCT… (total 100%; missing ones 0)."),
)
def template_weights(
    ctx: typer.Context,
    weights: str = typer.Argument(..., help=_("sales_attainment=30,overdue_receivables=15,…")),
    code: str = typer.Option("default", "--template", help=_("Template code.")),
) -> None:
    from salesdesk.core.errors import DataError
    from salesdesk.team import queries

    pairs: dict[str, str] = {}
    for part in [p for p in weights.split(",") if p.strip()]:
        if "=" not in part:
            raise DataError("WEIGHTS", part, _("write KEY=PERCENT"))
        key, value = part.split("=", 1)
        pairs[key.strip()] = value
    rt = _rt(ctx)
    with _options(), _writing(ctx) as session:
        queries.set_weights(session=session, code=code, weights=pairs, now=rt.now())
    typer.echo(_("Weights of template {code} saved.").format(code=code))


@template_app.command(
    "kpi", help=_("Change a KPI of a template: --target, --floor (the value scoring 0), --label.")
)
def template_kpi(
    ctx: typer.Context,
    key: str = typer.Argument(..., help=_("KPI key.")),
    code: str = typer.Option("default", "--template", help=_("Template code.")),
    target: str | None = typer.Option(None, "--target", help=_("The value scoring 5.")),
    floor: str | None = typer.Option(None, "--floor", help=_("The value scoring 0.")),
    label: str | None = typer.Option(None, "--label", help=_("Its name.")),
) -> None:
    from salesdesk.team import queries

    rt = _rt(ctx)
    with _options(), _writing(ctx) as session:
        queries.set_kpi(
            session=session, code=code, key=key, target=target, floor=floor, label=label, now=rt.now()
        )
    typer.echo(_("KPI {key} of template {code} saved.").format(key=key, code=code))


@template_app.command(
    "add-kpi", help=_("Add a manual KPI to a template (weight 0 until the weights are set again).")
)
def template_add_kpi(
    ctx: typer.Context,
    key: str = typer.Argument(..., help=_("KPI key (lowercase, _).")),
    label: str = typer.Option(..., "--label", help=_("Its name.")),
    code: str = typer.Option("default", "--template", help=_("Template code.")),
) -> None:
    from salesdesk.team import queries

    rt = _rt(ctx)
    with _options(), _writing(ctx) as session:
        queries.add_kpi(session=session, code=code, key=key, label=label, now=rt.now())
    typer.echo(_("KPI {key} added to template {code}.").format(key=key, code=code))


# --------------------------------------------------------------------------- recruiting


@opening_app.command("add", help=_("Open a position: --title, territory, role, opened date."))
def opening_add(
    ctx: typer.Context,
    title: str = typer.Option(..., "--title", help=_("Job title.")),
    territory: str | None = typer.Option(None, "--territory", help=_("Territory (zone) code.")),
    role: str = typer.Option("sales_rep", "--role", help=_("Role of the position.")),
    opened: str | None = typer.Option(
        None, "--opened", help=_("Opened on (default today)."), metavar="YYYY-MM-DD"
    ),
) -> None:
    from salesdesk.team import people

    rt = _rt(ctx)
    day = _parse_date(opened, "--opened") or rt.today()
    with _options(), _writing(ctx) as session:
        number = people.add_opening(
            session=session, title=title, territory=territory, role=role, opened=day, today=rt.today()
        )
    typer.echo(_("Opening {number} added.").format(number=number))


@opening_app.command("list", help=_("List openings (latest first) with their candidates."))
def opening_list(
    ctx: typer.Context,
    status: str | None = typer.Option(None, "--status", help=_("open, on_hold, filled or cancelled.")),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.output import Column, emit
    from salesdesk.team import people, rules

    with _options(), _reading(ctx) as session:
        rows = people.list_openings(session=session, status=status)
    emit(
        rows,
        [
            Column("number", _("Number")),
            Column("title", _("Title")),
            Column("territory", _("Zone")),
            Column("role", _("Role")),
            Column("opened", _("Opened"), "date"),
            Column("status", _("Status"), "text", rules.OPENING_LABELS),
            Column("closed", _("Closed"), "date"),
            Column("candidates", _("Candidates"), "int"),
        ],
        _rt(ctx).fmt,
        as_json=json_,
    )


@opening_app.command(
    "status", help=_("Change an opening's status: open ↔ on_hold; open or on_hold → cancelled.")
)
def opening_status(
    ctx: typer.Context,
    number: str = typer.Argument(..., help=_("Opening number.")),
    to: str = typer.Option(..., "--to", help=_("open, on_hold or cancelled.")),
) -> None:
    from salesdesk.team import people

    rt = _rt(ctx)
    with _options(), _writing(ctx) as session:
        people.set_opening_status(session=session, number=number, status=to, today=rt.today(), now=rt.now())
    typer.echo(_("Opening {number}: {status}.").format(number=number, status=to))


@candidate_app.command(
    "add", help=_("Add a candidate: NAME [--opening J0001] [--source S] [--email] [--phone] [--applied D].")
)
def candidate_add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help=_("Full name.")),
    opening: str | None = typer.Option(None, "--opening", help=_("Opening number.")),
    source: str = typer.Option("", "--source", help=_("Where they came from (referral, job board…).")),
    email: str = typer.Option("", "--email", help=_("Email address.")),
    phone: str = typer.Option("", "--phone", help=_("Phone number.")),
    applied: str | None = typer.Option(
        None, "--applied", help=_("Applied on (default today)."), metavar="YYYY-MM-DD"
    ),
    notes: str = typer.Option("", "--notes", help=_("Notes.")),
) -> None:
    from salesdesk.team import people

    rt = _rt(ctx)
    day = _parse_date(applied, "--applied") or rt.today()
    with _options(), _writing(ctx) as session:
        number = people.add_candidate(
            session=session,
            name=name,
            opening=opening,
            source=source,
            email=email,
            phone=phone,
            applied=day,
            notes=notes,
            today=rt.today(),
        )
    typer.echo(_("Candidate {number} added.").format(number=number))


@candidate_app.command(
    "move", help=_("Move a candidate one stage forward, or to rejected: CANDIDATE --to STAGE.")
)
def candidate_move(
    ctx: typer.Context,
    number: str = typer.Argument(..., help=_("Candidate number.")),
    to: str = typer.Option(..., "--to", help=_("screened, interviewed, offer or rejected.")),
    day: str | None = typer.Option(None, "--date", help=_("When (default today)."), metavar="YYYY-MM-DD"),
    note: str = typer.Option("", "--note", help=_("A note (kept with the candidate).")),
) -> None:
    from salesdesk.team import people, rules

    rt = _rt(ctx)
    when = _parse_date(day, "--date") or rt.today()
    with _options(), _writing(ctx) as session:
        old, new = people.move_candidate(
            session=session,
            number=number,
            stage=to.strip(),
            day=when,
            today=rt.today(),
            now=rt.now(),
            note=note,
        )
    typer.echo(
        _("Candidate {number}: {old} → {new}.").format(
            number=number, old=rules.word(rules.STAGE_LABELS, old), new=rules.word(rules.STAGE_LABELS, new)
        )
    )


@candidate_app.command(
    "hire",
    help=_(
        "Hire a candidate at the offer stage: creates salesperson --code (territory and role from the "
        "opening)."
    ),
)
def candidate_hire(
    ctx: typer.Context,
    number: str = typer.Argument(..., help=_("Candidate number.")),
    code: str = typer.Option(..., "--code", help=_("The new salesperson's code.")),
    hire_date: str | None = typer.Option(
        None, "--hire-date", help=_("Hire date (default today)."), metavar="YYYY-MM-DD"
    ),
    territory: str | None = typer.Option(None, "--territory", help=_("Territory (default the opening's).")),
    role: str | None = typer.Option(None, "--role", help=_("Role (default the opening's).")),
) -> None:
    from salesdesk.team import people

    rt = _rt(ctx)
    day = _parse_date(hire_date, "--hire-date") or rt.today()
    with _options(), _writing(ctx) as session:
        made = people.hire(
            session=session,
            number=number,
            code=code,
            hire_date=day,
            territory=territory,
            role=role,
            today=rt.today(),
            now=rt.now(),
        )
    typer.echo(_("Candidate {number} hired: salesperson {code} created.").format(number=number, code=made))


@candidate_app.command("list", help=_("List candidates (by stage, opening)."))
def candidate_list(
    ctx: typer.Context,
    stage: str | None = typer.Option(None, "--stage", help=_("Only this stage.")),
    opening: str | None = typer.Option(None, "--opening", help=_("Only this opening.")),
    json_: bool = _json_opt(),
    limit: int | None = _limit_opt(),
    offset: int = _offset_opt(),
) -> None:
    from salesdesk.core.output import Column, emit
    from salesdesk.team import people, rules

    rt = _rt(ctx)
    with _options(), _reading(ctx) as session:
        rows = people.list_candidates(session=session, today=rt.today(), stage=stage, opening=opening)
    emit(
        _page(rows, limit, offset),
        [
            Column("number", _("Number")),
            Column("name", _("Name")),
            Column("opening", _("Opening")),
            Column("source", _("Source")),
            Column("stage", _("Stage"), "text", rules.STAGE_LABELS),
            Column("stage_date", _("Since"), "date"),
            Column("days_in_stage", _("Days"), "int"),
        ],
        rt.fmt,
        as_json=json_,
    )


# --------------------------------------------------------------------------- training


@course_app.command(
    "add", help=_("Add a course: CODE --name N [--topic T] [--hours H] [--required-for ROLE,ROLE].")
)
def course_add(
    ctx: typer.Context,
    code: str = typer.Argument(..., help=_("Course code.")),
    name: str = typer.Option(..., "--name", help=_("Course name.")),
    topic: str = typer.Option("", "--topic", help=_("Topic.")),
    hours: int = typer.Option(0, "--hours", min=0, max=1000, help=_("Length in hours.")),
    required_for: str = typer.Option(
        "", "--required-for", help=_("Roles that must complete it (comma-separated).")
    ),
) -> None:
    from salesdesk.team import people

    roles = [r.strip() for r in required_for.split(",") if r.strip()]
    with _options(), _writing(ctx) as session:
        people.add_course(session=session, code=code, name=name, topic=topic, hours=hours, required_for=roles)
    typer.echo(_("Course {code} added.").format(code=code.strip()))


@course_app.command("require", help=_("Make a course required for a role (--remove: no longer)."))
def course_require(
    ctx: typer.Context,
    code: str = typer.Argument(..., help=_("Course code.")),
    role: str = typer.Option(..., "--role", help=_("Role.")),
    remove: bool = typer.Option(False, "--remove", help=_("No longer required.")),
) -> None:
    from salesdesk.team import people

    with _options(), _writing(ctx) as session:
        changed = people.require(session=session, course=code, role=role, remove=remove)
    if not changed:
        typer.echo(_("Nothing changed."))
    elif remove:
        typer.echo(_("Course {code} is no longer required for {role}.").format(code=code, role=role))
    else:
        typer.echo(_("Course {code} is required for {role}.").format(code=code, role=role))


@course_app.command("list", help=_("List courses: roles that require them and how many completed them."))
def course_list(ctx: typer.Context, json_: bool = _json_opt()) -> None:
    from salesdesk.core.output import Column, emit
    from salesdesk.team import people

    with _options(), _reading(ctx) as session:
        rows = people.list_courses(session=session)
    if not json_:
        rows = [r.__class__(**{**r.__dict__, "required_for": ", ".join(r.required_for)}) for r in rows]
    emit(
        rows,
        [
            Column("code", _("Code")),
            Column("name", _("Name")),
            Column("topic", _("Topic")),
            Column("hours", _("Hours"), "int"),
            Column("required_for", _("Required for")),
            Column("completed", _("Completed"), "int"),
        ],
        _rt(ctx).fmt,
        as_json=json_,
    )


@training_app.command(
    "record",
    help=_(
        "Record a session of COURSE on --date: --people who attended and completed it; --not-completed "
        "who attended without completing."
    ),
)
def training_record(
    ctx: typer.Context,
    course: str = typer.Argument(..., help=_("Course code.")),
    day: str = typer.Option(..., "--date", help=_("Session date."), metavar="YYYY-MM-DD"),
    people_: str = typer.Option(..., "--people", help=_("Salesperson codes, comma-separated.")),
    not_completed: str = typer.Option("", "--not-completed", help=_("Of those, who did not complete it.")),
    trainer: str = typer.Option("", "--trainer", help=_("Who gave it.")),
) -> None:
    from salesdesk.team import people

    rt = _rt(ctx)
    when = _parse_date(day, "--date")
    codes = [p.strip() for p in people_.split(",") if p.strip()]
    missed = [p.strip() for p in not_completed.split(",") if p.strip()]
    with _options(), _writing(ctx) as session:
        n = people.record_training(
            session=session,
            course=course,
            day=when,
            trainer=trainer,
            people=codes,
            not_completed=missed,
            today=rt.today(),
        )
    typer.echo(
        _("Training {course} on {day}: {n} recorded.").format(course=course, day=rt.fmt.date(when), n=n)
    )


@training_app.command("list", help=_("Attendance, latest first (by course or salesperson)."))
def training_list(
    ctx: typer.Context,
    course: str | None = typer.Option(None, "--course", help=_("Only this course.")),
    salesperson: str | None = typer.Option(None, "--salesperson", help=_("Only this salesperson.")),
    json_: bool = _json_opt(),
    limit: int | None = _limit_opt(),
    offset: int = _offset_opt(),
) -> None:
    from salesdesk.core.output import Column, emit
    from salesdesk.team import people

    with _options(), _reading(ctx) as session:
        rows = people.list_attendance(session=session, course=course, salesperson=salesperson)
    emit(
        _page(rows, limit, offset),
        [
            Column("date", _("Date"), "date"),
            Column("course", _("Course")),
            Column("course_name", _("Name")),
            Column("trainer", _("Trainer")),
            Column("salesperson", _("Salesperson")),
            Column("attended", _("Attended"), "bool"),
            Column("completed", _("Completed"), "bool"),
        ],
        _rt(ctx).fmt,
        as_json=json_,
    )


@training_app.command(
    "matrix", help=_("Salespeople × the courses their role requires: done, attended or missing.")
)
def training_matrix(
    ctx: typer.Context,
    missing: bool = typer.Option(False, "--missing", help=_("Only who is missing which course.")),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.output import print_json
    from salesdesk.team import people, rules

    with _options(), _reading(ctx) as session:
        m = people.matrix(session=session)
    if missing:
        rows = m.missing()
        if json_:
            print_json([{"salesperson": c, "name": n, "missing": lack} for c, n, lack in rows])
            return
        for c, n, lack in rows:
            typer.echo(f"{c} {n}: {', '.join(lack)}")
        if not rows:
            typer.echo(_("Everyone has completed the courses their role requires."))
        return
    if json_:
        print_json(
            [
                {
                    "salesperson": code,
                    "name": name,
                    "role": role,
                    "courses": {c: {"state": cell.state, "date": cell.day} for c, cell in cells.items()},
                }
                for code, name, role, cells in m.rows
            ]
        )
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=_("Required training"))
    table.add_column(_("Salesperson"))
    table.add_column(_("Role"))
    for code, _name in m.courses:
        table.add_column(code, justify="center")
    marks = {"done": "✔", "attended": "…", "missing": "✘"}
    for code, name, role, cells in m.rows:
        table.add_row(
            f"{code} {name}",
            rules.word(rules.ROLE_LABELS, role),
            *(marks[cells[c].state] if c in cells else "·" for c, _n in m.courses),
        )
    Console().print(table)
    typer.echo(_("✔ completed · … attended, not completed · ✘ missing · · not required for the role"))
    typer.echo(_("Dates of each course: team training list, or --json."))


def apps() -> list[tuple[str, typer.Typer, str]]:
    """The room's command groups: (name, app, help)."""
    return [("team", team_app, team_app.info.help or "")]
