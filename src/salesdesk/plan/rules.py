"""The sales plan's arithmetic: breaking the annual plan down and tracking it. Pure: no database, no UI.

Breakdown, top to bottom, every level reconciling to the cent by the largest-remainder method:

1. groups — the plan in proportion to each group's last-year sales × (1 + growth %), or a manual amount;
2. salespeople within a group — in proportion to each one's last-year sales to the customers now
   assigned to them, or a manual amount (a new salesperson gets the share the manager sets);
3. months — by the seasonality weights (percent, totalling 100), or a manual month amount.

At every level, manual amounts are kept and the others share what is left, so the total still holds.
When nothing carries weight (a new group, a year with no sales), the shares are equal — never a division
by zero.

Tracking for an as-of date: target to date (complete months plus the current month pro rata by days),
attainment, gap, a year-end projection and a status.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from salesdesk.core.errors import DataError
from salesdesk.core.i18n import N_, _, label

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
MONTHS = tuple(range(1, 13))

ON_TRACK = "on_track"
AT_RISK = "at_risk"
OFF_TRACK = "off_track"
#: Default status thresholds, percent of target to date (business rules, changeable in the database).
DEFAULT_ON_TRACK_PCT = Decimal(100)
DEFAULT_AT_RISK_PCT = Decimal(90)

ACTION_STATUSES = ("open", "in_progress", "done", "cancelled")
#: Corrective action status changes: from → allowed to. ``done`` and ``cancelled`` are final.
#:
#: ============  =====================================
#: from          to
#: ============  =====================================
#: open          in_progress, done, cancelled
#: in_progress   done, cancelled
#: done          — (final)
#: cancelled     — (final)
#: ============  =====================================
ACTION_TRANSITIONS: Mapping[str, tuple[str, ...]] = {
    "open": ("in_progress", "done", "cancelled"),
    "in_progress": ("done", "cancelled"),
    "done": (),
    "cancelled": (),
}
#: The states an action is closed in: no change leads out of them.
FINAL_ACTION_STATUSES = tuple(s for s in ACTION_STATUSES if not ACTION_TRANSITIONS[s])
#: Corrective-action states as words. Spanish needs the feminine (una acción abierta, un pedido abierto),
#: so these msgids carry a context before ``|`` that :func:`label` drops when there is no translation.
ACTION_LABELS: Mapping[str, str] = {
    "open": N_("action|open"),
    "in_progress": N_("action|in progress"),
    "done": N_("action|done"),
    "cancelled": N_("action|cancelled"),
}


PlanError = DataError  # a breakdown or change that cannot be made: field, value and what is wrong


def action_label(status: str) -> str:
    """A corrective action's state as a word in the active language (unknown codes as they are)."""
    return label(ACTION_LABELS[status]) if status in ACTION_LABELS else status


# --------------------------------------------------------------------------- splitting


def split(total: Decimal, weights: Sequence[Decimal], keys: Sequence[str] | None = None) -> list[Decimal]:
    """``total`` in proportion to ``weights``, to the cent, parts summing exactly to ``total``.

    Largest remainder: each part gets the cents below its exact share, then the cents left over go to
    the largest fractions; ties to the lower key (``keys``, default the position). Negative weights count
    as zero; when no weight is positive the parts are equal.
    """
    n = len(weights)
    if n == 0:
        if total != 0:
            raise PlanError("total", total, _("nothing to split into"))
        return []
    cents = int((Decimal(total) / CENT).to_integral_value(ROUND_HALF_UP))
    clean = [Fraction(w) if w > 0 else Fraction(0) for w in weights]
    whole = sum(clean)
    if whole == 0:
        clean, whole = [Fraction(1)] * n, Fraction(n)
    exact = [cents * w / whole for w in clean]
    floors = [e.numerator // e.denominator for e in exact]
    left = cents - sum(floors)
    order_keys = list(keys) if keys is not None else [f"{i:08d}" for i in range(n)]
    order = sorted(range(n), key=lambda i: (-(exact[i] - floors[i]), order_keys[i]))
    for i in order[:left]:
        floors[i] += 1
    return [Decimal(c) * CENT for c in floors]


def split_with_manual(
    total: Decimal,
    weights: Sequence[Decimal],
    manual: Sequence[Decimal | None],
    keys: Sequence[str] | None = None,
    *,
    what: str = "amount",
) -> list[Decimal]:
    """Like :func:`split`, but parts with a manual amount keep it and the others share what is left.

    Raises PlanError (see :func:`check_manual`) when the manual amounts exceed the total, or when every
    part is manual and they do not add up to it.
    """
    rest = check_manual(total, manual, field=what)
    free = [i for i, m in enumerate(manual) if m is None]
    if not free:
        return [Decimal(m) for m in manual]  # type: ignore[arg-type]
    shares = split(rest, [weights[i] for i in free], [keys[i] for i in free] if keys else None)
    result = [Decimal(m) if m is not None else Decimal(0) for m in manual]
    for i, share in zip(free, shares, strict=True):
        result[i] = share
    return result


def check_manual(
    total: Decimal,
    manual: Sequence[Decimal | None],
    *,
    field: str = "amount",
    value: object = None,
    whole: str = "",
    show: Callable[[Decimal], str] = str,
) -> Decimal:
    """The one rule on manual amounts, used by the breakdown and by every command that sets one: the manual
    parts (not None) may not exceed the ``total`` they come out of, and when every part is manual they must
    add up to it. Returns what is left for the other parts.

    Args:
        field, value: what the PlanError names (``value`` defaults to the sum of the manual amounts).
        whole: the total in words, for the message ("the group's 4,219,515.67 for 2026").
        show: how amounts are written in the message (the caller's locale).
    """
    fixed = sum((Decimal(m) for m in manual if m is not None), Decimal(0))
    rest = Decimal(total) - fixed
    shown = fixed if value is None else value
    if rest < 0:
        if not whole:
            raise PlanError(field, shown, _("manual amounts exceed the total"))
        others = fixed - (Decimal(value) if isinstance(value, Decimal) else Decimal(0))
        if value is None or others <= 0:
            raise PlanError(field, shown, _("more than {whole}").format(whole=whole))
        raise PlanError(
            field,
            shown,
            _("more than the {room} that the other fixed amounts ({others}) leave of {whole}").format(
                room=show(max(Decimal(total) - others, Decimal(0))), others=show(others), whole=whole
            ),
        )
    if rest != 0 and all(m is not None for m in manual):
        if not whole:
            raise PlanError(field, shown, _("manual amounts do not add up to the total"))
        raise PlanError(
            field,
            shown,
            _("every part is fixed, so they must add up to {whole}; they would make {fixed}").format(
                whole=whole, fixed=show(fixed)
            ),
        )
    return rest


def growth_weight(last_year: Decimal, growth_pct: Decimal) -> Decimal:
    """A group's weight: last-year sales × (1 + growth %), never below zero."""
    return max(Decimal(0), Decimal(last_year) * (1 + Decimal(growth_pct) / HUNDRED))


# --------------------------------------------------------------------------- seasonality


def check_weights(weights: Sequence[Decimal]) -> list[Decimal]:
    """Twelve monthly weights, none negative, totalling exactly 100; else PlanError."""
    if len(weights) != 12:
        raise PlanError(
            "weights", len(weights), _("twelve monthly weights are needed (this many were given)")
        )
    for w in weights:
        if w < 0:
            raise PlanError("weights", w, _("a weight cannot be negative"))
    total = sum(weights, Decimal(0))
    if total != HUNDRED:
        raise PlanError("weights", total, _("the weights must total 100"))
    return [Decimal(w) for w in weights]


LAST_YEAR = "last_year"
LAST_12_MONTHS = "last_12_months"


def seasonality_window(year: int, today: date) -> tuple[date, date, str]:
    """Whose sales give ``year`` its default seasonality, as (first day, last day, source).

    Last year (``LAST_YEAR``) once it is complete at ``today``; before that, the last twelve complete
    months before ``today``'s month (``LAST_12_MONTHS``), each counted in its calendar month — planning
    2027 on 2026-12-01 uses December 2025 to November 2026. A month is complete once ``today`` is past
    its last day.
    """
    if today > date(year - 1, 12, 31):
        return date(year - 1, 1, 1), date(year - 1, 12, 31), LAST_YEAR
    end = date(today.year, today.month, 1) - timedelta(days=1)
    start = date(end.year, 1, 1) if end.month == 12 else date(end.year - 1, end.month + 1, 1)
    return start, end, LAST_12_MONTHS


def default_seasonality(last_year_by_month: Sequence[Decimal]) -> list[Decimal]:
    """Monthly shares in percent (two decimals, totalling 100) of twelve months' sales (January first),
    or equal shares when they sold nothing."""
    if len(last_year_by_month) != 12:
        raise PlanError("months", len(last_year_by_month), _("twelve months are needed"))
    return split(HUNDRED, list(last_year_by_month), [f"{m:02d}" for m in MONTHS])


# --------------------------------------------------------------------------- the breakdown


@dataclass(frozen=True)
class GroupInput:
    code: str
    last_year: Decimal = Decimal(0)
    growth_pct: Decimal = Decimal(0)
    #: A manual amount for the group (kept; the other groups share the rest).
    manual: Decimal | None = None


@dataclass(frozen=True)
class PersonInput:
    """A salesperson inside one group."""

    code: str
    last_year: Decimal = Decimal(0)
    #: A manual year amount for this salesperson in this group.
    manual: Decimal | None = None
    #: Manual month amounts (month → amount); the other months share the rest by seasonality.
    months: Mapping[int, Decimal] = field(default_factory=dict)


@dataclass
class Breakdown:
    """The plan split down to salesperson × group × month."""

    plan: Decimal
    groups: dict[str, Decimal]
    #: (group, salesperson) → year amount
    people: dict[tuple[str, str], Decimal]
    #: (group, salesperson, month) → amount
    cells: dict[tuple[str, str, int], Decimal]

    def by_salesperson(self) -> dict[str, list[Decimal]]:
        """Salesperson → twelve monthly amounts (summed over groups)."""
        out: dict[str, list[Decimal]] = {}
        for (_g, sp, month), amount in self.cells.items():
            out.setdefault(sp, [Decimal(0)] * 12)[month - 1] += amount
        return dict(sorted(out.items()))

    def by_group(self) -> dict[str, list[Decimal]]:
        """Group → twelve monthly amounts (summed over salespeople)."""
        out: dict[str, list[Decimal]] = {g: [Decimal(0)] * 12 for g in self.groups}
        for (g, _sp, month), amount in self.cells.items():
            out[g][month - 1] += amount
        return out

    def by_month(self) -> list[Decimal]:
        out = [Decimal(0)] * 12
        for (_g, _sp, month), amount in self.cells.items():
            out[month - 1] += amount
        return out


def split_months(
    amount: Decimal, weights: Sequence[Decimal], manual: Mapping[int, Decimal] | None = None
) -> list[Decimal]:
    """One year amount into twelve months by ``weights``, keeping manual months."""
    fixed = [manual.get(m) if manual else None for m in MONTHS]
    return split_with_manual(amount, list(weights), fixed, [f"{m:02d}" for m in MONTHS], what="month")


def split_groups(plan: Decimal, groups: Sequence[GroupInput]) -> dict[str, Decimal]:
    """The breakdown's first level: the plan over the groups by last-year sales × (1 + growth %), manual
    group amounts kept."""
    if plan < 0:
        raise PlanError("plan", plan, _("the plan cannot be negative"))
    if not groups:
        raise PlanError("groups", "", _("there are no customer groups to split the plan into"))
    codes = [g.code for g in groups]
    amounts = split_with_manual(
        plan,
        [growth_weight(g.last_year, g.growth_pct) for g in groups],
        [g.manual for g in groups],
        codes,
        what="group",
    )
    return dict(zip(codes, amounts, strict=True))


def break_down(
    plan: Decimal,
    groups: Sequence[GroupInput],
    people: Mapping[str, Sequence[PersonInput]],
    weights: Sequence[Decimal],
) -> Breakdown:
    """The whole breakdown. ``people`` maps a group code to its salespeople; a group without any gets
    no cells (its amount shows at group level only)."""
    weights = check_weights(weights)
    result = Breakdown(Decimal(plan), split_groups(plan, groups), {}, {})
    for group, amount in result.groups.items():
        members = list(people.get(group, ()))
        if not members:
            continue
        person_amounts = split_with_manual(
            amount,
            [p.last_year for p in members],
            [p.manual for p in members],
            [p.code for p in members],
            what="salesperson",
        )
        for person, year_amount in zip(members, person_amounts, strict=True):
            result.people[(group, person.code)] = year_amount
            for month, cell in zip(MONTHS, split_months(year_amount, weights, person.months), strict=True):
                result.cells[(group, person.code, month)] = cell
    return result


def rebalance_row(
    row: Sequence[Decimal],
    month: int,
    amount: Decimal,
    weights: Sequence[Decimal],
    fixed: frozenset[int] | set[int] = frozenset(),
    *,
    field: str = "month",
    show: Callable[[Decimal], str] = str,
) -> list[Decimal]:
    """A twelve-month row after setting ``month`` to ``amount``: the year total holds, months in ``fixed``
    keep their amount, the others share the rest by ``weights``.

    The amount is checked by :func:`check_manual` (PlanError naming ``field`` and the amount, amounts in
    the message written by ``show``): with the other fixed months it may not exceed the year.
    """
    total = sum(row, Decimal(0))
    manual = {m: row[m - 1] for m in fixed if m != month}
    manual[month] = Decimal(amount)
    check_manual(
        total,
        [manual.get(m) for m in MONTHS],
        field=field,
        value=Decimal(amount),
        whole=_("the year's {total}").format(total=show(total)),
        show=show,
    )
    return split_months(total, weights, manual)


# --------------------------------------------------------------------------- tracking


def days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def month_fraction(year: int, month: int, as_of: date) -> Fraction:
    """How much of ``month`` of ``year`` has passed by ``as_of`` (inclusive): 0 … 1."""
    if (as_of.year, as_of.month) < (year, month):
        return Fraction(0)
    if (as_of.year, as_of.month) > (year, month):
        return Fraction(1)
    return Fraction(as_of.day, days_in_month(year, month))


def target_to_date(monthly: Sequence[Decimal], year: int, as_of: date) -> Decimal:
    """Complete months plus the current month pro rata by days (unrounded)."""
    total = Fraction(0)
    for month, amount in zip(MONTHS, monthly, strict=True):
        total += Fraction(amount) * month_fraction(year, month, as_of)
    return Decimal(total.numerator) / Decimal(total.denominator)


def pct(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part`` as a percentage of ``whole`` (unrounded); None when the base is zero."""
    if whole == 0:
        return None
    return Decimal(part) * HUNDRED / Decimal(whole)


def status_for(
    attainment: Decimal | None,
    on_track: Decimal = DEFAULT_ON_TRACK_PCT,
    at_risk: Decimal = DEFAULT_AT_RISK_PCT,
) -> str:
    """on track (≥ on_track %), at risk (≥ at_risk %), off track (below); no target yet: on track."""
    if attainment is None or attainment >= on_track:
        return ON_TRACK
    return AT_RISK if attainment >= at_risk else OFF_TRACK


@dataclass(frozen=True)
class Tracking:
    """One row of ``plan status``: money quantized to the cent, percentages to one decimal."""

    target_year: Decimal
    target_to_date: Decimal
    actual_to_date: Decimal
    attainment_pct: Decimal | None
    gap: Decimal
    projection: Decimal
    status: str
    last_year_to_date: Decimal
    vs_last_year_pct: Decimal | None


def track(
    monthly_target: Sequence[Decimal],
    actual_to_date: Decimal,
    year: int,
    as_of: date,
    *,
    last_year_to_date: Decimal = Decimal(0),
    on_track: Decimal = DEFAULT_ON_TRACK_PCT,
    at_risk: Decimal = DEFAULT_AT_RISK_PCT,
) -> Tracking:
    """Tracking numbers for one salesperson, group or month.

    Projection = actual to date + remaining target × attainment so far (remaining target at 100 % when
    nothing was due yet). Remaining months keep their seasonality because the remaining target does.
    """
    year_target = sum(monthly_target, Decimal(0))
    due = target_to_date(monthly_target, year, as_of)
    actual = Decimal(actual_to_date)
    attainment = pct(actual, due)
    remaining = year_target - due
    rate = attainment / HUNDRED if attainment is not None else Decimal(1)
    projection = actual + remaining * rate
    return Tracking(
        target_year=_cents(year_target),
        target_to_date=_cents(due),
        actual_to_date=_cents(actual),
        attainment_pct=_one(attainment),
        gap=_cents(actual - due),
        projection=_cents(projection),
        status=status_for(attainment, on_track, at_risk),
        last_year_to_date=_cents(last_year_to_date),
        vs_last_year_pct=_one(pct(actual - Decimal(last_year_to_date), Decimal(last_year_to_date))),
    )


def _cents(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _one(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def market_share(actual: Decimal, market_size: Decimal | None) -> Decimal | None:
    """Actual ÷ market size in percent (one decimal); None without a market size."""
    if not market_size:
        return None
    return _one(pct(actual, market_size))


@dataclass(frozen=True)
class Deviation:
    """A salesperson or group off track in one month."""

    month: int
    who: str  # "salesperson" or "group"
    code: str
    target: Decimal
    actual: Decimal
    attainment_pct: Decimal | None


def deviations(
    who: str,
    monthly_targets: Mapping[str, Sequence[Decimal]],
    monthly_actuals: Mapping[str, Sequence[Decimal]],
    year: int,
    as_of: date,
    *,
    at_risk: Decimal = DEFAULT_AT_RISK_PCT,
) -> list[Deviation]:
    """Every (month, code) whose actual is below ``at_risk`` % of that month's target due by ``as_of``
    (the current month pro rata), in month then code order."""
    found = []
    for month in MONTHS:
        fraction = month_fraction(year, month, as_of)
        if fraction == 0:
            break
        for code in sorted(monthly_targets):
            target = monthly_targets[code][month - 1]
            due = Decimal(target) * fraction.numerator / fraction.denominator
            actual = Decimal(monthly_actuals.get(code, [Decimal(0)] * 12)[month - 1])
            attainment = pct(actual, due)
            if attainment is not None and attainment < at_risk:
                found.append(Deviation(month, who, code, _cents(due), _cents(actual), _one(attainment)))
    return found


def check_action_status(old: str, new: str) -> None:
    """Refuse a corrective-action status change :data:`ACTION_TRANSITIONS` does not allow (PlanError
    naming both states, as words); staying in the same state is no change and passes."""
    if new not in ACTION_STATUSES:
        raise PlanError(
            "status", new, _("unknown status; known: {choices}").format(choices=", ".join(ACTION_STATUSES))
        )
    if new != old and new not in ACTION_TRANSITIONS.get(old, ()):
        raise PlanError(
            "status",
            new,
            _("cannot change from {old} to {new}").format(old=action_label(old), new=action_label(new)),
        )


def closing_statuses(current: str) -> tuple[str, ...]:
    """The final states an action in ``current`` can be closed in (none once it is closed)."""
    return tuple(s for s in ACTION_TRANSITIONS.get(current, ()) if s in FINAL_ACTION_STATUSES)
