"""Reads and writes of the plan room: plan inputs, the breakdown proposal and its targets, tracking against
net invoices, deviations and corrective actions. Aggregates run in SQL; the arithmetic is in ``rules``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import extract, func
from sqlmodel import Session, col, select

from salesdesk.core.business import rule_values
from salesdesk.core.dbtypes import as_money
from salesdesk.core.errors import DataError, UsageProblem
from salesdesk.core.history import record_change
from salesdesk.core.i18n import _
from salesdesk.core.periods import check_date_range
from salesdesk.org.models import Customer, CustomerGroup, Invoice, Salesperson
from salesdesk.org.queries import _codes
from salesdesk.org.queries import _id_for as _code_id
from salesdesk.plan import rules
from salesdesk.plan.models import (
    AnnualPlan,
    CorrectiveAction,
    GroupDemand,
    SalespersonShare,
    Seasonality,
    Target,
)
from salesdesk.plan.room import RULES

ZERO = Decimal("0.00")
BY = ("salesperson", "group", "month")

# --------------------------------------------------------------------------- lookups


def check_year(year: int) -> int:
    if not 1900 <= year <= 2999:
        raise DataError("year", year, _("must be a year between 1900 and 2999"))
    return year


def check_as_of(as_of: date, field: str = "--as-of") -> date:
    """An as-of date the reports can count from (the year before it must exist too)."""
    return check_date_range(as_of, field)


def check_month(month: int) -> int:
    if not 1 <= month <= 12:
        raise DataError("month", month, _("must be a month from 1 to 12"))
    return month


def plan_amount(*, session: Session, year: int) -> Decimal:
    """The year's plan; a DataError when there is none."""
    amount = session.exec(select(AnnualPlan.amount).where(AnnualPlan.year == year)).first()
    if amount is None:
        raise DataError("year", year, _("has no sales plan; set one with: salesdesk plan set"))
    return amount


# --------------------------------------------------------------------------- inputs


def manual_group_amounts(session: Session, year: int) -> list[Decimal | None]:
    """Every customer group's manual amount for ``year`` (None where the breakdown splits), by code."""
    fixed = dict(
        session.exec(
            select(GroupDemand.group_id, GroupDemand.amount).where(
                GroupDemand.year == year, col(GroupDemand.amount).is_not(None)
            )
        ).all()
    )
    return [fixed.get(g) for g in session.exec(select(CustomerGroup.id).order_by(CustomerGroup.code)).all()]


def check_plan_covers_groups(
    session: Session, year: int, plan: Decimal, *, field: str = "amount", locale: str = "en_US"
) -> None:
    """A plan must hold the groups' manual amounts (the breakdown's rule, :func:`rules.check_manual`):
    refused naming ``field`` and the plan when they exceed it, or, every group being fixed, when they do
    not add up to it."""
    manual = manual_group_amounts(session, year)
    try:
        rules.check_manual(plan, manual, field=field)
    except DataError:
        fixed = sum((m for m in manual if m is not None), ZERO)
        raise DataError(
            field,
            plan,
            _(
                "does not match the customer groups' fixed amounts ({fixed}) for {year}; change them with "
                "salesdesk plan growth --amount"
            ).format(fixed=_shower(locale)(fixed), year=year),
        )


def set_plan(
    *,
    session: Session,
    year: int,
    amount: Decimal,
    now: datetime,
    locale: str = "en_US",
    field: str = "amount",
) -> None:
    check_year(year)
    if amount < 0:
        raise DataError("amount", amount, _("cannot be negative"))
    check_plan_covers_groups(session, year, amount, field=field, locale=locale)
    row = session.exec(select(AnnualPlan).where(AnnualPlan.year == year)).first()
    old = row.amount if row else None
    if row is None:
        row = AnnualPlan(year=year, amount=amount)
    row.amount = amount
    session.add(row)
    record_change(session, entity="plan", record=str(year), field="amount", old=old, new=amount, when=now)


def set_growth(
    *,
    session: Session,
    year: int,
    group: str,
    pct: Decimal,
    market_size: Decimal | None = None,
    amount: Decimal | None = None,
    now: datetime,
    locale: str = "en_US",
    field: str = "amount",
) -> None:
    """A group's expected growth (and market size; a manual amount when given).

    A manual amount is checked at once by the breakdown's own rule (:func:`rules.check_manual`): with the
    other groups' manual amounts it may not exceed the year's plan. ``field`` names it in that error.
    """
    check_year(year)
    group_id = _code_id(session, CustomerGroup, group, "group", _("customer group"))
    if pct < -100:
        raise DataError("pct", pct, _("cannot be below -100"))
    if market_size is not None and market_size < 0:
        raise DataError("market_size", market_size, _("cannot be negative"))
    if amount is not None and amount < 0:
        raise DataError("amount", amount, _("cannot be negative"))
    plan = plan_amount(session=session, year=year) if amount is not None else None
    row = session.exec(
        select(GroupDemand).where(GroupDemand.year == year, GroupDemand.group_id == group_id)
    ).first()
    if row is None:
        row = GroupDemand(year=year, group_id=group_id)
    record = f"{year}/{group}"
    record_change(
        session,
        entity="group_demand",
        record=record,
        field="growth_pct",
        old=row.growth_pct if row.id else None,
        new=pct,
        when=now,
    )
    row.growth_pct = pct
    if market_size is not None:
        row.market_size = market_size
    if amount is not None:
        record_change(
            session,
            entity="group_demand",
            record=record,
            field="amount",
            old=row.amount,
            new=amount,
            when=now,
        )
        row.amount = amount
    session.add(row)
    if plan is not None:
        session.flush()
        show = _shower(locale)
        rules.check_manual(
            plan,
            [g.manual for g in _group_inputs(session, year)],
            field=field,
            value=amount,
            whole=_("the plan's {amount} for {year}").format(amount=show(plan), year=year),
            show=show,
        )


def _shower(locale: str):  # noqa: ANN202
    """How amounts are written in messages: the locale's number format, two decimals."""
    from salesdesk.core.money import format_number

    return lambda value: format_number(Decimal(value), locale, 2)


def set_seasonality(*, session: Session, year: int, weights: list[Decimal], now: datetime) -> None:
    check_year(year)
    weights = rules.check_weights(weights)
    existing = {r.month: r for r in session.exec(select(Seasonality).where(Seasonality.year == year)).all()}
    for month, weight in zip(rules.MONTHS, weights, strict=True):
        row = existing.get(month) or Seasonality(year=year, month=month, weight=weight)
        record_change(
            session,
            entity="seasonality",
            record=f"{year}/{month:02d}",
            field="weight",
            old=row.weight if row.id else None,
            new=weight,
            when=now,
        )
        row.weight = weight
        session.add(row)


def _net_sales(session: Session, start: date, end: date, *by) -> list[tuple]:  # noqa: ANN002
    """Net invoiced amount (credit notes subtract) from ``start`` to ``end`` inclusive, grouped."""
    total = as_money(func.sum(Invoice.amount))
    stmt = (
        select(*by, total)
        .select_from(Invoice)
        .join(Customer, col(Customer.id) == col(Invoice.customer_id))
        .where(Invoice.issue_date >= start, Invoice.issue_date <= end)
    )
    if by:
        stmt = stmt.group_by(*by)
    return list(session.exec(stmt).all())


def _monthly(session: Session, start: date, end: date) -> dict[tuple[int | None, int | None, int], Decimal]:
    """Net invoiced amount per (invoice's salesperson id, customer's group id, month), from ``start`` to
    ``end`` inclusive: one pass over the invoices, kept for the rest of this session's reads."""
    cache = session.info.setdefault("plan_monthly", {})
    if (start, end) not in cache:
        month = extract("month", Invoice.issue_date)
        rows = _net_sales(session, start, end, Invoice.salesperson_id, Customer.group_id, month)
        cache[(start, end)] = {(sp, group, int(m)): amount or ZERO for sp, group, m, amount in rows}
    return cache[(start, end)]


@dataclass(frozen=True)
class Weights:
    """A year's twelve seasonality weights and where they come from."""

    weights: list[Decimal]
    #: "set" (saved for the year), "last_year", "last_12_months" (last year is not complete yet) or
    #: "equal" (no sales in that window)
    source: str
    #: The sales the default weights come from (None when they were set).
    start: date | None = None
    end: date | None = None


def seasonality(*, session: Session, year: int, today: date) -> Weights:
    """The year's weights: as set, else the shares of last year's sales by month — or, while last year is
    not complete at ``today``, of the last twelve complete months — else equal months."""
    rows = session.exec(select(Seasonality.month, Seasonality.weight).where(Seasonality.year == year)).all()
    if len(rows) == 12:
        return Weights([w for _m, w in sorted(rows)], "set")
    if rows:
        raise DataError(
            "seasonality",
            year,
            _("has weights for {n} of the 12 months; set all twelve: salesdesk plan seasonality").format(
                n=len(rows)
            ),
        )
    start, end, source = rules.seasonality_window(year, today)
    history = [ZERO] * 12
    for (_sp, _group, m), amount in _monthly(session, start, end).items():
        history[m - 1] += amount  # a twelve-month window holds each calendar month once
    history = [max(h, ZERO) for h in history]
    return Weights(rules.default_seasonality(history), source if any(history) else "equal", start, end)


# --------------------------------------------------------------------------- breakdown


@dataclass
class Proposal:
    year: int
    breakdown: rules.Breakdown
    weights: list[Decimal]
    weights_source: str
    #: Groups with an amount but no salesperson to carry it.
    unassigned_groups: list[str]
    salesperson_names: dict[str, str]
    group_names: dict[str, str]
    #: The sales the default seasonality comes from (None when it was set).
    weights_from: date | None = None
    weights_to: date | None = None


def _group_inputs(session: Session, year: int) -> list[rules.GroupInput]:
    """Every customer group with last year's sales to the customers now in it, its growth and its manual
    amount (the breakdown's first level)."""
    demand = {d.group_id: d for d in session.exec(select(GroupDemand).where(GroupDemand.year == year)).all()}
    by_group: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for (group_id, _sp), amount in _last_year_by_assignment(session, year).items():
        if group_id is not None:
            by_group[group_id] += amount
    inputs = []
    for group_id, code in session.exec(
        select(CustomerGroup.id, CustomerGroup.code).order_by(CustomerGroup.code)
    ):
        d = demand.get(group_id)
        inputs.append(
            rules.GroupInput(
                code, max(by_group[group_id], ZERO), d.growth_pct if d else ZERO, d.amount if d else None
            )
        )
    return inputs


def _last_year_by_assignment(session: Session, year: int) -> dict[tuple[int | None, int | None], Decimal]:
    """Last year's net sales per (customer's group, customer's salesperson) as customers are assigned now:
    one pass over the invoices, kept for the rest of this session's reads."""
    cache = session.info.setdefault("plan_last_year", {})
    if year not in cache:
        rows = _net_sales(
            session, date(year - 1, 1, 1), date(year - 1, 12, 31), Customer.group_id, Customer.salesperson_id
        )
        cache[year] = {(g, sp): amount or ZERO for g, sp, amount in rows}
    return cache[year]


def _person_inputs(session: Session, year: int) -> dict[str, list[rules.PersonInput]]:
    """Group code → its salespeople (the breakdown's second level): those now assigned customers in the
    group (unless they left) and those with a manual share or manual months, with last year's sales to
    those customers."""
    groups = _codes(session, CustomerGroup)
    people = {p.id: p for p in session.exec(select(Salesperson)).all()}
    by_cell = _last_year_by_assignment(session, year)
    members: dict[int, set[int]] = defaultdict(set)
    current = session.exec(
        select(Customer.group_id, Customer.salesperson_id)
        .where(col(Customer.group_id).is_not(None), col(Customer.salesperson_id).is_not(None))
        .distinct()
    ).all()
    for group_id, sp_id in current:
        members[group_id].add(sp_id)
    shares = {
        (s.group_id, s.salesperson_id): s.amount
        for s in session.exec(select(SalespersonShare).where(SalespersonShare.year == year)).all()
    }
    manual_months: dict[tuple[int, int], dict[int, Decimal]] = defaultdict(dict)
    for t in session.exec(select(Target).where(Target.year == year, Target.manual == True)).all():  # noqa: E712
        manual_months[(t.group_id, t.salesperson_id)][t.month] = t.amount
    for group_id, sp_id in (*shares, *manual_months):
        members[group_id].add(sp_id)
    out: dict[str, list[rules.PersonInput]] = {}
    for group_id, code in sorted(groups.items(), key=lambda item: item[1]):
        active = sorted(
            (sp for sp in members[group_id] if people[sp].status != "left" or (group_id, sp) in shares),
            key=lambda sp: people[sp].code,
        )
        out[code] = [
            rules.PersonInput(
                people[sp].code,
                max(by_cell.get((group_id, sp), ZERO), ZERO),
                shares.get((group_id, sp)),
                manual_months.get((group_id, sp), {}),
            )
            for sp in active
        ]
    return out


def propose(*, session: Session, year: int, today: date) -> Proposal:
    """The breakdown the rules make from the plan, the demand, last year's sales and the manual amounts
    (``today`` decides whether last year is complete, for the default seasonality)."""
    plan = plan_amount(session=session, year=year)
    weights = seasonality(session=session, year=year, today=today)
    person_inputs = _person_inputs(session, year)
    breakdown = rules.break_down(plan, _group_inputs(session, year), person_inputs, weights.weights)
    return Proposal(
        year,
        breakdown,
        weights.weights,
        weights.source,
        [g for g, amount in breakdown.groups.items() if amount and not person_inputs.get(g)],
        dict(session.exec(select(Salesperson.code, Salesperson.name)).all()),
        dict(session.exec(select(CustomerGroup.code, CustomerGroup.name)).all()),
        weights.start,
        weights.end,
    )


def apply_proposal(*, session: Session, proposal: Proposal, now: datetime) -> int:
    """Save the proposal's cells as the year's targets (manual cells are part of it); returns the count."""
    year = proposal.year
    sp_codes, group_codes = _codes(session, Salesperson), _codes(session, CustomerGroup)
    sp_ids = {code: i for i, code in sp_codes.items()}
    group_ids = {code: i for i, code in group_codes.items()}
    old_years: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    existing = {
        (t.group_id, t.salesperson_id, t.month): t
        for t in session.exec(select(Target).where(Target.year == year)).all()
    }
    for (g, sp, _m), t in existing.items():
        old_years[(group_codes[g], sp_codes[sp])] += t.amount
    wanted = set()
    for (g, sp, month), amount in proposal.breakdown.cells.items():
        key = (group_ids[g], sp_ids[sp], month)
        wanted.add(key)
        row = existing.get(key)
        if row is None:
            session.add(Target(year=year, month=month, group_id=key[0], salesperson_id=key[1], amount=amount))
        elif row.amount != amount:
            row.amount = amount
            session.add(row)
    for key, row in existing.items():
        if key not in wanted:
            session.delete(row)
    for (g, sp), amount in proposal.breakdown.people.items():
        record_change(
            session,
            entity="target",
            record=f"{year}/{sp}/{g}",
            field="amount",
            old=old_years.get((g, sp)),
            new=amount,
            when=now,
            note="breakdown",
        )
    return len(proposal.breakdown.cells)


def set_target(
    *,
    session: Session,
    year: int,
    salesperson: str,
    month: int,
    amount: Decimal,
    group: str | None = None,
    now: datetime,
    today: date,
    locale: str = "en_US",
    field: str = "amount",
) -> list[Decimal]:
    """Set one month of a salesperson's target (with one group) by hand; the other months that are not
    manual rebalance so the salesperson's year in that group holds. Returns the new twelve months.

    The amount is checked by the rule the preview uses (:func:`rules.rebalance_row`); ``field`` names it.
    """
    check_year(year)
    check_month(month)
    if amount < 0:
        raise DataError("amount", amount, _("cannot be negative"))
    plan_amount(session=session, year=year)
    sp_id = _code_id(session, Salesperson, salesperson, "salesperson", _("salesperson"))
    rows = session.exec(select(Target).where(Target.year == year, Target.salesperson_id == sp_id)).all()
    if not rows:
        raise DataError(
            "salesperson",
            salesperson,
            _("has no targets in {year}; save a breakdown first: salesdesk plan breakdown --apply").format(
                year=year
            ),
        )
    group_codes = _codes(session, CustomerGroup)
    in_groups = sorted({group_codes[r.group_id] for r in rows})
    if group is None:
        if len(in_groups) > 1:
            raise DataError(
                "group",
                "",
                _("{salesperson} has targets in several groups ({groups}): name one with --group").format(
                    salesperson=salesperson, groups=", ".join(in_groups)
                ),
            )
        group = in_groups[0]
    elif group not in in_groups:
        _code_id(session, CustomerGroup, group, "group", _("customer group"))
        raise DataError(
            "group", group, _("{salesperson} has no targets in this group").format(salesperson=salesperson)
        )
    group_id = next(i for i, c in group_codes.items() if c == group)
    cells = {r.month: r for r in rows if r.group_id == group_id}
    row12 = [cells[m].amount if m in cells else ZERO for m in rules.MONTHS]
    weights = seasonality(session=session, year=year, today=today).weights
    fixed = {m for m, r in cells.items() if r.manual}
    new = rules.rebalance_row(row12, month, amount, weights, fixed, field=field, show=_shower(locale))
    for m, value in zip(rules.MONTHS, new, strict=True):
        r = cells.get(m) or Target(year=year, month=m, salesperson_id=sp_id, group_id=group_id, amount=value)
        if m == month:
            record_change(
                session,
                entity="target",
                record=f"{year}/{salesperson}/{group}/{m:02d}",
                field="amount",
                old=r.amount if r.id else None,
                new=value,
                when=now,
            )
            r.manual = True
        r.amount = value
        session.add(r)
    return new


def set_share(
    *,
    session: Session,
    year: int,
    salesperson: str,
    group: str | None,
    amount: Decimal,
    now: datetime,
    locale: str = "en_US",
    field: str = "amount",
) -> str:
    """A salesperson's year amount inside a group, kept by every later breakdown (the others in the group
    share the rest). Without a group, the salesperson's only group. Returns the group code.

    Checked at once by the breakdown's own rule (:func:`rules.check_manual`): with the group's other manual
    shares it may not exceed the group's amount for the year; ``field`` names it in that error.
    """
    check_year(year)
    plan = plan_amount(session=session, year=year)
    if amount < 0:
        raise DataError("amount", amount, _("cannot be negative"))
    sp_id = _code_id(session, Salesperson, salesperson, "salesperson", _("salesperson"))
    if group is None:
        groups = sorted(
            set(
                session.exec(
                    select(CustomerGroup.code)
                    .join(Customer, col(Customer.group_id) == col(CustomerGroup.id))
                    .where(Customer.salesperson_id == sp_id)
                ).all()
            )
        )
        if len(groups) != 1:
            raise DataError(
                "group",
                "",
                _("name the customer group with --group (this salesperson has {n})").format(n=len(groups)),
            )
        group = groups[0]
    group_id = _code_id(session, CustomerGroup, group, "group", _("customer group"))
    row = session.exec(
        select(SalespersonShare).where(
            SalespersonShare.year == year,
            SalespersonShare.group_id == group_id,
            SalespersonShare.salesperson_id == sp_id,
        )
    ).first()
    old = row.amount if row else None
    if row is None:
        row = SalespersonShare(year=year, group_id=group_id, salesperson_id=sp_id, amount=amount)
    row.amount = amount
    session.add(row)
    record_change(
        session,
        entity="target",
        record=f"{year}/{salesperson}/{group}",
        field="share",
        old=old,
        new=amount,
        when=now,
    )
    session.flush()
    show = _shower(locale)
    group_amount = rules.split_groups(plan, _group_inputs(session, year))[group]
    rules.check_manual(
        group_amount,
        [p.manual for p in _person_inputs(session, year).get(group, [])],
        field=field,
        value=amount,
        whole=_("the group's {amount} for {year}").format(amount=show(group_amount), year=year),
        show=show,
    )
    return group


# --------------------------------------------------------------------------- tracking


@dataclass(frozen=True)
class StatusRow:
    key: str | int | None
    name: str
    tracking: rules.Tracking
    market_size: Decimal | None = None
    market_share_pct: Decimal | None = None


def thresholds(session: Session) -> tuple[Decimal, Decimal]:
    values = rule_values(session, RULES)
    return values["plan.on_track_pct"], values["plan.at_risk_pct"]


def _monthly_targets(session: Session, year: int, by: str) -> dict[object, list[Decimal]]:
    column = {"salesperson": Target.salesperson_id, "group": Target.group_id, "month": Target.month}[by]
    out: dict[object, list[Decimal]] = defaultdict(lambda: [ZERO] * 12)
    stmt = (
        select(column, Target.month, as_money(func.sum(Target.amount)))
        .where(Target.year == year)
        .group_by(column, Target.month)
    )
    for key, month, amount in session.exec(stmt).all():
        out[key][month - 1] += amount or ZERO
    return out


def _actuals(session: Session, start: date, end: date, by: str) -> dict[object, Decimal]:
    position = {"salesperson": 0, "group": 1, "month": 2}[by]
    out: dict[object, Decimal] = defaultdict(lambda: ZERO)
    for key, amount in _monthly(session, start, end).items():
        out[key[position]] += amount
    return dict(out)


def _same_day_last_year(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def plan_status(*, session: Session, year: int, as_of: date, by: str = "salesperson") -> list[StatusRow]:
    """Tracking per salesperson, group or month for the year as of ``as_of`` (inclusive)."""
    check_year(year)
    check_as_of(as_of)
    if by not in BY:
        raise UsageProblem("--by", by, _("must be one of: {choices}").format(choices=", ".join(BY)))
    plan_amount(session=session, year=year)
    on_track, at_risk = thresholds(session)
    targets = _monthly_targets(session, year, by)
    end = min(as_of, date(year, 12, 31))
    start = date(year, 1, 1)
    actual = _actuals(session, start, end, by) if end >= start else {}
    last_end = _same_day_last_year(end)
    last = _actuals(session, date(year - 1, 1, 1), last_end, by) if end >= start else {}
    if by == "month":
        keys: list = list(rules.MONTHS)
        names = {m: str(m) for m in keys}
    else:
        model = Salesperson if by == "salesperson" else CustomerGroup
        codes = _codes(session, model)
        keys = sorted(set(targets) | set(actual), key=lambda k: (k is None, codes.get(k, "")))
        names = dict(session.exec(select(model.id, model.name)).all())
    demand = {}
    if by == "group":
        demand = {
            d.group_id: d.market_size
            for d in session.exec(select(GroupDemand).where(GroupDemand.year == year)).all()
        }
    rows = []
    for key in keys:
        if by == "month":
            monthly = [ZERO] * 12
            monthly[key - 1] = targets.get(key, [ZERO] * 12)[key - 1]
        else:
            monthly = targets.get(key, [ZERO] * 12)
        t = rules.track(
            monthly,
            actual.get(key, ZERO),
            year,
            as_of,
            last_year_to_date=last.get(key, ZERO),
            on_track=on_track,
            at_risk=at_risk,
        )
        if by == "month":
            code: str | int | None = key
        else:
            code = codes.get(key) if key is not None else None
        size = demand.get(key)
        nobody = _("(no salesperson)") if by == "salesperson" else _("(no group)")
        rows.append(
            StatusRow(
                code,
                names.get(key, nobody) if key is not None else nobody,
                t,
                size,
                rules.market_share(t.actual_to_date, size) if by == "group" else None,
            )
        )
    return rows


# --------------------------------------------------------------------------- deviations and actions


@dataclass(frozen=True)
class DeviationRow:
    deviation: rules.Deviation
    actions: int


def list_deviations(*, session: Session, year: int, as_of: date) -> list[DeviationRow]:
    """Salespeople and groups off track per month so far, with how many corrective actions each has."""
    check_as_of(as_of)
    _on, at_risk = thresholds(session)
    found: list[rules.Deviation] = []
    for by in ("salesperson", "group"):
        model = Salesperson if by == "salesperson" else CustomerGroup
        codes = _codes(session, model)
        position = 0 if by == "salesperson" else 1
        monthly_actual: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO] * 12)
        end = min(as_of, date(year, 12, 31))
        facts = _monthly(session, date(year, 1, 1), end) if end >= date(year, 1, 1) else {}
        for key, amount in facts.items():
            if key[position] is not None:
                monthly_actual[codes[key[position]]][key[2] - 1] += amount
        monthly_target = {codes[k]: v for k, v in _monthly_targets(session, year, by).items()}
        found += rules.deviations(by, monthly_target, monthly_actual, year, as_of, at_risk=at_risk)
    sp_codes, group_codes = _codes(session, Salesperson), _codes(session, CustomerGroup)
    counts: dict[tuple[int, str, str], int] = defaultdict(int)
    for a in session.exec(select(CorrectiveAction).where(CorrectiveAction.year == year)).all():
        if a.status == "cancelled":
            continue
        if a.salesperson_id is not None:
            counts[(a.month, "salesperson", sp_codes[a.salesperson_id])] += 1
        if a.group_id is not None:
            counts[(a.month, "group", group_codes[a.group_id])] += 1
    found.sort(key=lambda d: (d.month, d.who != "salesperson", d.code))
    return [DeviationRow(d, counts.get((d.month, d.who, d.code), 0)) for d in found]


@dataclass(frozen=True)
class ActionRow:
    id: int
    year: int
    month: int
    salesperson: str | None
    group: str | None
    problem: str
    action: str
    owner: str
    due_date: date | None
    status: str
    result: str


def add_action(
    *,
    session: Session,
    year: int,
    month: int,
    problem: str,
    action: str,
    salesperson: str | None = None,
    group: str | None = None,
    owner: str = "",
    due_date: date | None = None,
    now: datetime,
) -> ActionRow:
    check_year(year)
    check_month(month)
    plan_amount(session=session, year=year)
    if not salesperson and not group:
        raise DataError("salesperson", "", _("name a salesperson or a group (or both)"))
    for name, value in (("problem", problem), ("action", action)):
        if not value.strip():
            raise DataError(name, value, _("is required"))
    sp_id = (
        _code_id(session, Salesperson, salesperson, "salesperson", _("salesperson")) if salesperson else None
    )
    group_id = _code_id(session, CustomerGroup, group, "group", _("customer group")) if group else None
    row = CorrectiveAction(
        year=year,
        month=month,
        salesperson_id=sp_id,
        group_id=group_id,
        problem=problem.strip(),
        action=action.strip(),
        owner=owner.strip(),
        due_date=due_date,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return _action_row(session, row)


def _action_row(session: Session, a: CorrectiveAction) -> ActionRow:
    sp = session.get(Salesperson, a.salesperson_id) if a.salesperson_id else None
    g = session.get(CustomerGroup, a.group_id) if a.group_id else None
    return ActionRow(
        a.id or 0,
        a.year,
        a.month,
        sp.code if sp else None,
        g.code if g else None,
        a.problem,
        a.action,
        a.owner,
        a.due_date,
        a.status,
        a.result,
    )


def list_actions(
    *,
    session: Session,
    year: int | None = None,
    open_only: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> list[ActionRow]:
    stmt = select(CorrectiveAction)
    if year is not None:
        stmt = stmt.where(CorrectiveAction.year == year)
    if open_only:
        stmt = stmt.where(col(CorrectiveAction.status).not_in(rules.FINAL_ACTION_STATUSES))
    stmt = stmt.order_by(CorrectiveAction.year, CorrectiveAction.month, CorrectiveAction.id).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [_action_row(session, a) for a in session.exec(stmt).all()]


def set_action_status(
    *, session: Session, id: int, status: str, result: str | None = None, today: date, now: datetime
) -> ActionRow:
    """Move a corrective action to ``status`` along :data:`rules.ACTION_TRANSITIONS` (the one path for the
    CLI and the TUI): a change the table does not allow is refused naming both states, and so is no
    change. A final state records the day it was closed; ``result`` (when given) says how it went."""
    row = session.get(CorrectiveAction, id)
    if row is None:
        raise DataError("action", id, _("no corrective action has this number"))
    rules.check_action_status(row.status, status)
    if status == row.status:
        raise DataError(
            "status", status, _("the action is already {status}").format(status=rules.action_label(status))
        )
    record_change(
        session, entity="plan_action", record=str(id), field="status", old=row.status, new=status, when=now
    )
    row.status = status
    if result is not None:
        row.result = result.strip()
    if status in rules.FINAL_ACTION_STATUSES:
        row.closed_at = today
    session.add(row)
    session.flush()
    return _action_row(session, row)


def close_action(
    *, session: Session, id: int, result: str, status: str = "done", today: date, now: datetime
) -> ActionRow:
    """Close an action as done (or cancelled) with its result; only a final state closes it."""
    if status not in rules.FINAL_ACTION_STATUSES:
        raise DataError(
            "status",
            status,
            _("an action is closed as one of: {choices}").format(
                choices=", ".join(rules.action_label(s) for s in rules.FINAL_ACTION_STATUSES)
            ),
        )
    return set_action_status(session=session, id=id, status=status, result=result, today=today, now=now)


def count_targets(*, session: Session, year: int) -> int:
    """How many target cells the year has."""
    return session.exec(select(func.count()).select_from(Target).where(Target.year == year)).one()


# --------------------------------------------------------------------------- the TUI grid


@dataclass
class Grid:
    """Everything the Plan room's grid shows for a year: targets per cell, actuals per month."""

    year: int
    as_of: date
    plan: Decimal | None
    weights: list[Decimal]
    #: (salesperson, group, month) → (amount, manual)
    cells: dict[tuple[str, str, int], tuple[Decimal, bool]]
    salesperson_names: dict[str, str]
    group_names: dict[str, str]
    #: code → twelve monthly net invoiced amounts up to ``as_of``
    actual_by_salesperson: dict[str, list[Decimal]]
    actual_by_group: dict[str, list[Decimal]]
    on_track: Decimal
    at_risk: Decimal


def load_grid(*, session: Session, year: int, as_of: date) -> Grid:
    check_year(year)
    plan = session.exec(select(AnnualPlan.amount).where(AnnualPlan.year == year)).first()
    try:
        weights = seasonality(session=session, year=year, today=as_of).weights
    except DataError:
        weights = rules.default_seasonality([ZERO] * 12)
    sp_codes, group_codes = _codes(session, Salesperson), _codes(session, CustomerGroup)
    cells = {
        (sp_codes[t.salesperson_id], group_codes[t.group_id], t.month): (t.amount, t.manual)
        for t in session.exec(select(Target).where(Target.year == year)).all()
    }
    end = min(as_of, date(year, 12, 31))
    by_sp: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO] * 12)
    by_group: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO] * 12)
    if end >= date(year, 1, 1):
        for (sp, group, m), amount in _monthly(session, date(year, 1, 1), end).items():
            if sp is not None:
                by_sp[sp_codes[sp]][m - 1] += amount
            if group is not None:
                by_group[group_codes[group]][m - 1] += amount
    on_track, at_risk = thresholds(session)
    return Grid(
        year,
        as_of,
        plan,
        weights,
        cells,
        dict(session.exec(select(Salesperson.code, Salesperson.name)).all()),
        dict(session.exec(select(CustomerGroup.code, CustomerGroup.name)).all()),
        dict(by_sp),
        dict(by_group),
        on_track,
        at_risk,
    )


def period_attainment(
    *, session: Session, start: date, end: date
) -> dict[int | None, tuple[Decimal, Decimal]]:
    """(net sales, target) per salesperson over ``start``–``end`` inclusive (one year): sales credited to
    the invoice's salesperson; the target of the same days from their monthly targets, the months cut
    pro rata by days as tracking does (unrounded)."""
    if start.year != end.year or end < start:
        raise DataError("--period", f"{start}–{end}", _("must lie within one year"))
    targets = _monthly_targets(session, start.year, "salesperson")
    before = start - timedelta(days=1)
    actual = _actuals(session, start, end, "salesperson")
    out: dict[int | None, tuple[Decimal, Decimal]] = {}
    for key in set(targets) | set(actual):
        monthly = targets.get(key, [ZERO] * 12)
        target = rules.target_to_date(monthly, start.year, end)
        if before.year == start.year:
            target -= rules.target_to_date(monthly, start.year, before)
        out[key] = (actual.get(key, ZERO), target)
    return out
