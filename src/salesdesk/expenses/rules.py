"""The expense budget and discount policy. Pure: no database, no UI.

Budgets are kept by year × month × category, for the whole team or for one salesperson. An annual budget
is the sum of its months; the accumulated-monthly budget of a month is the sum of the months from January
through it. When an expense would exceed a budget, the category's action for that budget decides: ``stop``
refuses it (unless the manager overrides it with a reason), ``warn`` lets it through with a warning,
``ignore`` says nothing. When several budgets cover an expense (the team's and the salesperson's), each is
checked and the strictest action wins. Spent = every expense that is not rejected.

Exactly at the budget is within it; one cent over exceeds it.

Discounts: a salesperson may grant up to ``discount_salesperson_pct`` (5 %), the manager up to
``discount_manager_pct`` (15 %); above that the request goes to the director. A product's maximum discount
is never exceeded. The cost of an approved discount (gross × %) is spent against the ``discounts`` budget.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from salesdesk.core.errors import DataError
from salesdesk.core.i18n import N_, _, label
from salesdesk.core.money import split

ZERO = Decimal("0.00")
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
MONTHS = tuple(range(1, 13))

#: The category that holds the discount budget: its spending is approved discounts, never an expense.
DISCOUNTS = "discounts"
#: Names of the categories the program ships (stored in English, shown translated).
DEFAULT_CATEGORY_NAMES = (
    N_("Travel"),
    N_("Meals & entertainment"),
    N_("Samples"),
    N_("Trade shows & events"),
    N_("Vehicle & fuel"),
    N_("Training"),
    N_("Other"),
    N_("Discounts"),
)

STOP, WARN, IGNORE = "stop", "warn", "ignore"
ACTIONS = (STOP, WARN, IGNORE)
_STRICTNESS = {IGNORE: 0, WARN: 1, STOP: 2}
ACTION_LABELS = {STOP: N_("stop"), WARN: N_("warn"), IGNORE: N_("ignore")}
#: Default actions: the annual budget stops, the accumulated-monthly budget warns.
DEFAULT_ANNUAL_ACTION, DEFAULT_MONTHLY_ACTION = STOP, WARN

ANNUAL, MONTHLY = "annual", "monthly"

DEFAULT_ALERT_PCT = Decimal(80)
OK, WARNING, OVER, NO_BUDGET = "ok", "warning", "over", "no_budget"
STATUS_LABELS = {OK: N_("ok"), WARNING: N_("warning"), OVER: N_("over"), NO_BUDGET: N_("no budget")}

# --------------------------------------------------------------------------- statuses

EXPENSE_STATUSES = ("submitted", "approved", "rejected", "reimbursed")
#: Expense status changes: from → allowed to. ``rejected`` and ``reimbursed`` are final.
#:
#: ==========  ===================
#: from        to
#: ==========  ===================
#: submitted   approved, rejected
#: approved    reimbursed
#: rejected    — (final)
#: reimbursed  — (final)
#: ==========  ===================
EXPENSE_TRANSITIONS: Mapping[str, tuple[str, ...]] = {
    "submitted": ("approved", "rejected"),
    "approved": ("reimbursed",),
    "rejected": (),
    "reimbursed": (),
}
EXPENSE_LABELS = {
    "submitted": N_("expense|submitted"),
    "approved": N_("expense|approved"),
    "rejected": N_("expense|rejected"),
    "reimbursed": N_("expense|reimbursed"),
}

DISCOUNT_STATUSES = ("pending", "approved", "rejected", "escalated")
#: Discount request status changes: from → allowed to. ``approved`` and ``rejected`` are final; an
#: escalated request waits for the director's decision.
#:
#: ==========  ==============================
#: from        to
#: ==========  ==============================
#: pending     approved, rejected, escalated
#: escalated   approved, rejected
#: approved    — (final)
#: rejected    — (final)
#: ==========  ==============================
DISCOUNT_TRANSITIONS: Mapping[str, tuple[str, ...]] = {
    "pending": ("approved", "rejected", "escalated"),
    "escalated": ("approved", "rejected"),
    "approved": (),
    "rejected": (),
}
DISCOUNT_LABELS = {
    "pending": N_("discount|pending"),
    "approved": N_("discount|approved"),
    "rejected": N_("discount|rejected"),
    "escalated": N_("discount|escalated"),
}
LEVELS = ("salesperson", "manager", "director")
LEVEL_LABELS = {"salesperson": N_("salesperson"), "manager": N_("manager"), "director": N_("director")}


def expense_label(status: str) -> str:
    return label(EXPENSE_LABELS[status]) if status in EXPENSE_LABELS else status


def discount_label(status: str) -> str:
    return label(DISCOUNT_LABELS[status]) if status in DISCOUNT_LABELS else status


def _check_transition(
    old: str, new: str, table: Mapping[str, tuple[str, ...]], words: Callable[[str], str]
) -> str:
    if new not in table:
        raise DataError("status", new, _("unknown status; known: {choices}").format(choices=", ".join(table)))
    if new not in table.get(old, ()):
        raise DataError(
            "status", new, _("cannot change from {old} to {new}").format(old=words(old), new=words(new))
        )
    return new


def check_expense_transition(old: str, new: str) -> str:
    """Refuse an expense status change :data:`EXPENSE_TRANSITIONS` does not allow, naming both states."""
    return _check_transition(old, new, EXPENSE_TRANSITIONS, expense_label)


def check_discount_transition(old: str, new: str) -> str:
    """Refuse a discount request change :data:`DISCOUNT_TRANSITIONS` does not allow, naming both states."""
    return _check_transition(old, new, DISCOUNT_TRANSITIONS, discount_label)


def check_action(value: str | None, field: str) -> str:
    text = (value or "").strip().lower()
    if text not in ACTIONS:
        raise DataError(field, value or "", _("must be one of {choices}").format(choices=", ".join(ACTIONS)))
    return text


# --------------------------------------------------------------------------- budgets


def check_amount(amount: Decimal, field: str = "amount", *, zero_ok: bool = False) -> Decimal:
    """A money amount: positive (or zero where allowed), at most two decimals, below a billion."""
    if amount < 0 or (amount == 0 and not zero_ok):
        raise DataError(
            field, amount, _("must be more than zero") if not zero_ok else _("cannot be negative")
        )
    if amount != amount.quantize(CENT):
        raise DataError(field, amount, _("has more than two decimals"))
    if amount >= Decimal("1000000000"):
        raise DataError(field, amount, _("is too large"))
    return amount


def phase(annual: Decimal, weights: Sequence[Decimal] | None = None) -> list[Decimal]:
    """An annual amount phased into twelve months, equally or by ``weights``; the months add up to the
    annual amount to the cent (largest remainder; ties to the earlier month)."""
    if weights is None:
        weights = [Decimal(1)] * 12
    return split(annual, check_weights(weights))


def check_weights(weights: Sequence[Decimal]) -> list[Decimal]:
    """Twelve month weights, none negative, not all zero."""
    weights = [Decimal(w) for w in weights]
    if not all(w.is_finite() for w in weights):
        raise DataError("weights", ",".join(map(str, weights)), _("a weight must be a number"))
    if len(weights) != 12:
        raise DataError("weights", ",".join(map(str, weights)), _("give twelve weights, one per month"))
    if any(w < 0 for w in weights):
        raise DataError("weights", ", ".join(map(str, weights)), _("a weight cannot be negative"))
    if sum(weights) == 0:
        raise DataError("weights", ", ".join(map(str, weights)), _("the weights cannot all be zero"))
    return weights


@dataclass(frozen=True)
class Cover:
    """One budget that covers an expense: its twelve months, what was spent in each month (without the
    expense being checked), and the category's actions. ``salesperson`` is None for the team's budget."""

    category: str
    salesperson: str | None
    budget: tuple[Decimal, ...]
    spent: tuple[Decimal, ...]
    annual_action: str = DEFAULT_ANNUAL_ACTION
    monthly_action: str = DEFAULT_MONTHLY_ACTION


@dataclass(frozen=True)
class Breach:
    """A budget the expense would exceed: which, over what period, the action, and the amounts."""

    category: str
    salesperson: str | None
    period: str  # ANNUAL or MONTHLY
    #: The month whose accumulated budget is exceeded (a monthly breach), else None.
    month: int | None
    action: str
    budget: Decimal
    spent: Decimal
    amount: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.spent

    def message(self, money: Callable[[Decimal], str] = str) -> str:
        """The breach in words, with the budget, spent and remaining amounts."""
        if self.period == ANNUAL and self.salesperson:
            text = _(
                "{amount} exceeds {salesperson}'s annual {category} budget: "
                "budget {budget}, spent {spent}, remaining {remaining}"
            )
        elif self.period == ANNUAL:
            text = _(
                "{amount} exceeds the annual {category} budget: budget {budget}, spent {spent}, "
                "remaining {remaining}"
            )
        elif self.salesperson:
            text = _(
                "{amount} exceeds {salesperson}'s {category} budget accumulated through month {month}: "
                "budget {budget}, spent {spent}, remaining {remaining}"
            )
        else:
            text = _(
                "{amount} exceeds the {category} budget accumulated through month {month}: "
                "budget {budget}, spent {spent}, remaining {remaining}"
            )
        return text.format(
            amount=money(self.amount),
            salesperson=self.salesperson,
            category=self.category,
            month=self.month,
            budget=money(self.budget),
            spent=money(self.spent),
            remaining=money(self.remaining),
        )


def accumulated(months: Sequence[Decimal], through: int) -> Decimal:
    """The sum of the months from January through ``through``."""
    return sum((Decimal(m) for m in months[:through]), Decimal(0))


def breaches(covers: Sequence[Cover], month: int, amount: Decimal) -> list[Breach]:
    """Every budget ``amount`` in ``month`` would exceed (actions ``ignore`` included), strictest first.

    Annual: year spent + amount > the sum of the twelve months. Accumulated monthly: for the expense's
    month and every later one, spent from January through that month + amount > the budget accumulated
    through it (a back-dated expense can break a later month that already has spending); the first month
    broken is reported.
    """
    found: list[Breach] = []
    for c in covers:
        year_budget, year_spent = accumulated(c.budget, 12), accumulated(c.spent, 12)
        if year_spent + amount > year_budget:
            found.append(
                Breach(
                    c.category, c.salesperson, ANNUAL, None, c.annual_action, year_budget, year_spent, amount
                )
            )
        for m in range(month, 13):
            budget, spent = accumulated(c.budget, m), accumulated(c.spent, m)
            if spent + amount > budget:
                found.append(
                    Breach(c.category, c.salesperson, MONTHLY, m, c.monthly_action, budget, spent, amount)
                )
                break
    return sorted(found, key=lambda b: -_STRICTNESS[b.action])


def strictest(found: Sequence[Breach]) -> str | None:
    """The action that wins among the breaches (stop > warn > ignore); None when nothing is exceeded."""
    if not found:
        return None
    return max((b.action for b in found), key=_STRICTNESS.__getitem__)


@dataclass(frozen=True)
class Verdict:
    """What to do with an expense: ``stop`` (refused unless overridden), ``warn``, ``ignore`` or None."""

    action: str | None
    found: tuple[Breach, ...]

    @property
    def refused(self) -> bool:
        return self.action == STOP

    def first(self, action: str) -> Breach | None:
        return next((b for b in self.found if b.action == action), None)


def judge(covers: Sequence[Cover], month: int, amount: Decimal) -> Verdict:
    found = breaches(covers, month, amount)
    return Verdict(strictest(found), tuple(found))


def enforce(
    verdict: Verdict, override_reason: str, money: Callable[[Decimal], str] = str, field: str = "amount"
) -> list[str]:
    """Refuse a stopped expense without an override reason (DataError naming the budget, spent and
    remaining amounts); returns the warning lines to show (a ``warn`` breach, or a stop overridden)."""
    stop = verdict.first(STOP)
    if stop is not None and not override_reason.strip():
        raise DataError(
            field, cents(stop.amount), stop.message(money) + " " + _("(an override reason lets it through)")
        )
    return [b.message(money) for b in verdict.found if b.action in (STOP, WARN)]


# --------------------------------------------------------------------------- status


def days_elapsed(year: int, month: int, today: date) -> int:
    """Days of ``year`` counted for the run rate as of ``month``: January 1 through the end of the month,
    or through today when today falls earlier (the current month). At least one day."""
    end = date(year, month, calendar.monthrange(year, month)[1])
    start = date(year, 1, 1)
    last = min(end, today) if today >= start else end
    return max((last - start).days + 1, 1)


def days_in_year(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def pct(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part`` as a percentage of ``whole`` (unrounded); None when the base is zero."""
    if not whole:
        return None
    return Decimal(part) * HUNDRED / Decimal(whole)


def status_for(actual: Decimal, budget: Decimal | None, alert_pct: Decimal = DEFAULT_ALERT_PCT) -> str:
    """``over`` above the budget; ``warning`` from ``alert_pct`` % of it up to 100 % (at the budget
    included); ``ok`` below; ``no_budget`` when nothing is budgeted but something was spent."""
    if budget is None or budget == 0:
        return OK if actual == 0 else (NO_BUDGET if budget is None else OVER)
    if actual > budget:
        return OVER
    return WARNING if actual * HUNDRED >= budget * alert_pct else OK


@dataclass(frozen=True)
class Status:
    """One row of ``budget status``: money to the cent, percentages to one decimal.

    Projection = actual to date ÷ days elapsed × days in the year (the current run rate); burn rate =
    the same run rate per average month (days in the year ÷ 12). Status compares actual to date with the
    budget accumulated through the month."""

    budget_month: Decimal
    actual_month: Decimal
    budget_ytd: Decimal
    actual_ytd: Decimal
    budget_year: Decimal
    remaining_year: Decimal
    projection: Decimal
    burn_rate: Decimal
    used_pct: Decimal | None
    status: str
    has_budget: bool


def status_row(
    budget: Sequence[Decimal] | None,
    spent: Sequence[Decimal],
    year: int,
    month: int,
    today: date,
    alert_pct: Decimal = DEFAULT_ALERT_PCT,
) -> Status:
    """The status of one category (or salesperson) as of ``month``: ``budget`` and ``spent`` by month
    (``budget`` None when there is none); spending after ``month`` is not counted."""
    months = list(budget) if budget is not None else [Decimal(0)] * 12
    actual_ytd = accumulated(spent, month)
    budget_ytd = accumulated(months, month)
    budget_year = accumulated(months, 12)
    elapsed, whole = days_elapsed(year, month, today), days_in_year(year)
    rate = actual_ytd / Decimal(elapsed)
    return Status(
        budget_month=cents(months[month - 1]),
        actual_month=cents(spent[month - 1]),
        budget_ytd=cents(budget_ytd),
        actual_ytd=cents(actual_ytd),
        budget_year=cents(budget_year),
        remaining_year=cents(budget_year - actual_ytd),
        projection=cents(rate * whole),
        burn_rate=cents(rate * whole / 12),
        used_pct=one(pct(actual_ytd, budget_ytd)),
        status=status_for(actual_ytd, budget_ytd if budget is not None else None, alert_pct),
        has_budget=budget is not None,
    )


def expense_ratio(expenses: Decimal, sales: Decimal) -> Decimal | None:
    """Expenses as a percentage of sales (one decimal); None without sales."""
    return one(pct(expenses, sales)) if sales > 0 else None


def cents(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def one(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --------------------------------------------------------------------------- discounts


@dataclass(frozen=True)
class DiscountPolicy:
    salesperson_pct: Decimal = Decimal(5)
    manager_pct: Decimal = Decimal(15)


def check_discount(pct_value: Decimal, product_max: Decimal | None = None, product: str = "") -> Decimal:
    """A discount percentage: more than 0, at most 100, two decimals, and within the product's maximum."""
    if pct_value <= 0 or pct_value > HUNDRED:
        raise DataError("discount_pct", pct_value, _("must be more than 0 and at most 100"))
    if pct_value != pct_value.quantize(CENT):
        raise DataError("discount_pct", pct_value, _("has more than two decimals"))
    if product_max is not None and pct_value > product_max:
        raise DataError(
            "discount_pct",
            pct_value,
            _("is above the maximum discount of product {product} ({max} %)").format(
                product=product, max=product_max
            ),
        )
    return pct_value


def discount_level(pct_value: Decimal, policy: DiscountPolicy) -> str:
    """Who may grant a discount: the salesperson up to their level, the manager up to theirs, else the
    director (each level inclusive: exactly 5 % is the salesperson's)."""
    if pct_value <= policy.salesperson_pct:
        return "salesperson"
    if pct_value <= policy.manager_pct:
        return "manager"
    return "director"


def discount_cost(gross: Decimal, pct_value: Decimal) -> Decimal:
    """The cost of a discount, unrounded: gross × % ÷ 100."""
    return Decimal(gross) * Decimal(pct_value) / HUNDRED


def check_policy(policy: DiscountPolicy) -> DiscountPolicy:
    if policy.salesperson_pct > policy.manager_pct:
        raise DataError(
            "expenses.discount_salesperson_pct",
            policy.salesperson_pct,
            _("the salesperson's discount level cannot be above the manager's ({pct} %)").format(
                pct=policy.manager_pct
            ),
        )
    return policy


def total_of(rows: Sequence[Status], alert_pct: Decimal = DEFAULT_ALERT_PCT) -> Status:
    """The total of several rows as a table shows it: each amount the sum of the rows' (rounded) amounts,
    so the column adds up to the cent; its own used % and status."""
    fields = ("budget_month", "actual_month", "budget_ytd", "actual_ytd", "budget_year", "remaining_year")
    sums = {f: sum((getattr(r, f) for r in rows), ZERO) for f in fields}
    has_budget = any(r.has_budget for r in rows)
    return Status(
        **sums,
        projection=sum((r.projection for r in rows), ZERO),
        burn_rate=sum((r.burn_rate for r in rows), ZERO),
        used_pct=one(pct(sums["actual_ytd"], sums["budget_ytd"])),
        status=status_for(sums["actual_ytd"], sums["budget_ytd"] if has_budget else None, alert_pct),
        has_budget=has_budget,
    )
