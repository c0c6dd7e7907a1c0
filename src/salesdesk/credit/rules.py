"""Credit arithmetic: aging, DSO, CEI, exposure status, the customer score and the suggested limit.

Pure: no database, no UI. Invoices, credit notes and payments come in as ``org.rules`` items and receipts;
payments and credit notes apply as ``org.rules.allocate`` does (named invoice first, then oldest by due
date, issue date and number; any excess is customer credit, ``unapplied``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from salesdesk.core.errors import DataError
from salesdesk.core.i18n import _
from salesdesk.org.rules import Item, Receipt, allocate

ZERO = Decimal("0.00")
HUNDRED = Decimal(100)
#: Days past due where the aging buckets end: not due, 1–30, 31–60, 61–90, over 90.
DEFAULT_EDGES = (30, 60, 90)
BUCKET_KEYS = ("not_due", "d1_30", "d31_60", "d61_90", "over_90")

OK, WARNING, OVER, HOLD = "ok", "warning", "over", "hold"
DEFAULT_WARNING_PCT = Decimal(80)
DEFAULT_HOLD_DAYS = 60

CLASS_FACTORS = {"A": Decimal("1.5"), "B": Decimal("1.0"), "C": Decimal("0.5"), "D": Decimal(0)}
#: Lowest score of each class (A ≥ 80, B ≥ 60, C ≥ 40, else D).
CLASS_FLOORS = (("A", Decimal(80)), ("B", Decimal(60)), ("C", Decimal(40)))


def _cents(value: Decimal) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _one(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --------------------------------------------------------------------------- aging


def check_edges(edges: Sequence[int]) -> tuple[int, int, int]:
    """Three increasing positive bucket edges (days past due)."""
    if len(edges) != 3 or not 0 < edges[0] < edges[1] < edges[2]:
        raise DataError("edges", ",".join(str(e) for e in edges), _("need three increasing day counts"))
    return int(edges[0]), int(edges[1]), int(edges[2])


def bucket_index(days_past_due: int, edges: Sequence[int] = DEFAULT_EDGES) -> int:
    """0 not due (due today or later), 1 up to edges[0] days late, … 4 beyond edges[2]."""
    if days_past_due <= 0:
        return 0
    for index, edge in enumerate(edges, start=1):
        if days_past_due <= edge:
            return index
    return 4


@dataclass
class Aging:
    """Open receivables of one customer (or a sum of them) by days past due, as of a date."""

    buckets: list[Decimal] = field(default_factory=lambda: [ZERO] * 5)
    #: Payments and credit notes not applied to any invoice (customer credit): subtracted from the total.
    unapplied: Decimal = ZERO
    #: Days past due of the oldest open invoice (0 when nothing is overdue).
    oldest_days: int = 0
    #: Σ open amount × days past due over the overdue invoices: what the collection worklist orders by.
    overdue_amount_days: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return sum(self.buckets, ZERO) - self.unapplied

    @property
    def overdue(self) -> Decimal:
        return sum(self.buckets[1:], ZERO)

    def add(self, other: Aging) -> None:
        self.buckets = [a + b for a, b in zip(self.buckets, other.buckets, strict=True)]
        self.unapplied += other.unapplied
        self.oldest_days = max(self.oldest_days, other.oldest_days)
        self.overdue_amount_days += other.overdue_amount_days

    def as_dict(self) -> dict[str, Decimal]:
        return {
            **dict(zip(BUCKET_KEYS, self.buckets, strict=True)),
            "unapplied": self.unapplied,
            "total": self.total,
        }


def age(
    items: Iterable[Item], receipts: Iterable[Receipt], as_of: date, edges: Sequence[int] = DEFAULT_EDGES
) -> Aging:
    """One customer's aging as of ``as_of`` (inclusive): only documents dated on or before it count."""
    items = list(items)
    allocation = allocate(items, receipts, as_of=as_of)
    due = {i.number: i.due_date for i in items}
    result = Aging(unapplied=allocation.unapplied)
    for number, open_amount in allocation.open_amounts.items():
        if open_amount <= 0:
            continue
        late = (as_of - due[number]).days
        result.buckets[bucket_index(late, edges)] += open_amount
        result.oldest_days = max(result.oldest_days, late)
        if late > 0:
            result.overdue_amount_days += open_amount * late
    return result


# --------------------------------------------------------------------------- DSO and CEI


def dso_count_back(receivables: Decimal, monthly_sales: Sequence[tuple[int, Decimal]]) -> Decimal | None:
    """Days sales outstanding by the count-back method.

    ``monthly_sales``: (days in the month, sales) from the latest month backwards. Whole months are counted
    while the receivables cover their sales; the rest is a fraction of the next month's days. None when
    there are no sales at all; receivables beyond every month given count all their days.
    """
    left = Decimal(receivables)
    if not any(sales > 0 for _days, sales in monthly_sales):
        return None  # no sales: nothing to count back against
    if left <= 0:
        return Decimal(0)
    days = Decimal(0)
    seen_sales = False
    for month_days, sales in monthly_sales:
        if sales <= 0:
            days += month_days
            continue
        seen_sales = True
        if left >= sales:
            days += month_days
            left -= sales
        else:
            days += Decimal(month_days) * left / sales
            left = Decimal(0)
            break
    if not seen_sales:
        return None
    return _one(days)


def cei(opening: Decimal, sales: Decimal, closing: Decimal, closing_current: Decimal) -> Decimal | None:
    """Collection Effectiveness Index of a month, in percent (None when nothing was collectable):
    (opening + sales − closing) ÷ (opening + sales − closing current) × 100."""
    collectable = Decimal(opening) + Decimal(sales) - Decimal(closing_current)
    if collectable <= 0:
        return None
    return _one((Decimal(opening) + Decimal(sales) - Decimal(closing)) * HUNDRED / collectable)


# --------------------------------------------------------------------------- exposure


@dataclass(frozen=True)
class Exposure:
    open_receivables: Decimal
    open_orders: Decimal
    limit: Decimal | None
    exposure: Decimal
    usage_pct: Decimal | None
    status: str


def exposure_status(
    open_receivables: Decimal,
    open_orders: Decimal,
    limit: Decimal | None,
    oldest_overdue_days: int,
    *,
    warning_pct: Decimal = DEFAULT_WARNING_PCT,
    hold_days: int = DEFAULT_HOLD_DAYS,
) -> Exposure:
    """Exposure = open receivables + open orders; usage = exposure ÷ limit.

    Status: hold when an invoice is more than ``hold_days`` overdue; over from 100 % (any exposure over a
    zero or empty limit: no credit); warning from ``warning_pct``; else ok.
    """
    exposure = Decimal(open_receivables) + Decimal(open_orders)
    has_limit = limit is not None and limit > 0
    usage = exposure * HUNDRED / limit if has_limit else None  # type: ignore[operator]
    if oldest_overdue_days > hold_days:
        status = HOLD
    elif (not has_limit and exposure > 0) or (usage is not None and usage >= HUNDRED):
        status = OVER
    elif usage is not None and usage >= warning_pct:
        status = WARNING
    else:
        status = OK
    return Exposure(
        _cents(open_receivables), _cents(open_orders), limit, _cents(exposure), _one(usage), status
    )


def check_order(exposure: Exposure, amount: Decimal) -> tuple[Decimal, bool]:
    """Exposure after a new order of ``amount`` and whether it fits the limit (never on hold)."""
    after = exposure.exposure + Decimal(amount)
    limit = exposure.limit if exposure.limit and exposure.limit > 0 else Decimal(0)
    return _cents(after), exposure.status != HOLD and after <= limit


# --------------------------------------------------------------------------- payment behaviour and score


@dataclass(frozen=True)
class Paid:
    """How an invoice was paid: ``paid_on`` None while any of it is open."""

    number: str
    amount: Decimal
    due_date: date
    paid_on: date | None


def payment_history(items: Iterable[Item], receipts: Iterable[Receipt], as_of: date) -> list[Paid]:
    """When each invoice (issued by ``as_of``) was fully paid: the date of the credit that closed it."""
    items = [i for i in items if i.issue_date <= as_of]
    receipts = [r for r in receipts if r.date <= as_of]
    dated = {r.reference: r.date for r in receipts} | {i.number: i.issue_date for i in items if i.amount < 0}
    allocation = allocate(items, receipts, as_of=as_of)
    left = {i.number: i.amount for i in items if i.amount > 0}
    paid_on: dict[str, date] = {}
    for application in allocation.applications:
        left[application.invoice] -= application.amount
        if left[application.invoice] <= 0:
            paid_on[application.invoice] = dated[application.credit]
    return [
        Paid(i.number, i.amount, i.due_date, paid_on.get(i.number))
        for i in sorted(items, key=lambda i: (i.due_date, i.number))
        if i.amount > 0
    ]


@dataclass(frozen=True)
class ScoreWeights:
    """Points of each part of the score (they total 100)."""

    days_late: Decimal = Decimal(35)
    late_share: Decimal = Decimal(25)
    overdue: Decimal = Decimal(15)
    overdue_age: Decimal = Decimal(10)
    tenure: Decimal = Decimal(15)
    #: Average days late that score nothing; overdue days that score nothing; months for a full tenure.
    days_late_zero: int = 60
    overdue_age_zero: int = 90
    tenure_full_months: int = 24
    #: Lowest score of classes A, B and C; suggested-limit factor of each class.
    class_floors: tuple[tuple[str, Decimal], ...] = CLASS_FLOORS
    class_factors: Mapping[str, Decimal] = field(default_factory=lambda: dict(CLASS_FACTORS))

    def check(self) -> ScoreWeights:
        total = self.days_late + self.late_share + self.overdue + self.overdue_age + self.tenure
        if total != HUNDRED:
            raise DataError("weights", total, _("the score weights must total 100"))
        return self


@dataclass(frozen=True)
class Score:
    score: Decimal
    credit_class: str
    avg_days_late: Decimal | None
    late_share_pct: Decimal | None
    overdue: Decimal
    oldest_overdue_days: int
    months_as_customer: int
    suggested_limit: Decimal


def _clamp01(value: Decimal) -> Decimal:
    return max(Decimal(0), min(Decimal(1), value))


def credit_class(score: Decimal, floors: Sequence[tuple[str, Decimal]] = CLASS_FLOORS) -> str:
    """A (from the first floor), B, C, else D."""
    for name, floor in floors:
        if score >= floor:
            return name
    return "D"


def suggested_limit(
    monthly_sales: Decimal, terms_days: int, klass: str, factors: Mapping[str, Decimal] = CLASS_FACTORS
) -> Decimal:
    """Average monthly sales × (terms / 30 + 1) × the class factor (A 1.5, B 1, C 0.5, D 0)."""
    return _cents(Decimal(monthly_sales) * (Decimal(terms_days) / 30 + 1) * factors[klass])


def score(
    paid: Sequence[Paid],
    *,
    overdue: Decimal,
    oldest_overdue_days: int,
    months_as_customer: int,
    sales_12m: Decimal,
    terms_days: int,
    weights: ScoreWeights | None = None,
) -> Score:
    """A 0–100 score from the last twelve months' payments (``paid``: invoices due in that window).

    Parts: amount-weighted average days paid late (0 days: full points; ``days_late_zero``: none), the
    share of invoices paid late, the overdue amount against a month of sales, the age of the oldest overdue
    invoice, and months as a customer. A part with no data (no invoice paid yet) scores full points.
    """
    w = (weights or ScoreWeights()).check()
    settled = [p for p in paid if p.paid_on is not None]
    weight_total = sum((p.amount for p in settled), ZERO)
    if settled and weight_total > 0:
        avg_late = (
            sum(
                (p.amount * max(0, (p.paid_on - p.due_date).days) for p in settled),
                Decimal(0),  # type: ignore[operator]
            )
            / weight_total
        )
        late_share = Decimal(sum(1 for p in settled if p.paid_on > p.due_date)) / len(settled)  # type: ignore[operator]
    else:
        avg_late, late_share = None, None
    monthly = Decimal(sales_12m) / 12
    parts = Decimal(0)
    parts += w.days_late * (1 - _clamp01(avg_late / w.days_late_zero) if avg_late is not None else 1)
    parts += w.late_share * (1 - late_share if late_share is not None else 1)
    if overdue > 0:
        parts += w.overdue * (1 - _clamp01(Decimal(overdue) / monthly)) if monthly > 0 else Decimal(0)
    else:
        parts += w.overdue
    parts += w.overdue_age * (1 - _clamp01(Decimal(oldest_overdue_days) / w.overdue_age_zero))
    parts += w.tenure * _clamp01(Decimal(months_as_customer) / w.tenure_full_months)
    value = _one(parts) or Decimal(0)
    klass = credit_class(parts, w.class_floors)
    return Score(
        value,
        klass,
        _one(avg_late),
        _one(late_share * HUNDRED) if late_share is not None else None,
        _cents(overdue),
        oldest_overdue_days,
        months_as_customer,
        suggested_limit(monthly, terms_days, klass, w.class_factors),
    )


def months_between(start: date | None, end: date) -> int:
    """Whole months from ``start`` to ``end`` (0 without a start, never negative)."""
    if start is None or start > end:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)


@dataclass(frozen=True)
class Importance:
    """How much a customer matters to the region: its last 12 months' sales, their share of the region's
    sales in the same months, and their growth against the 12 months before (None without a base)."""

    sales_12m: Decimal
    share_pct: Decimal | None
    growth_pct: Decimal | None


def importance(sales_12m: Decimal, prior_12m: Decimal, region_12m: Decimal) -> Importance:
    share = _one(Decimal(sales_12m) * HUNDRED / region_12m) if region_12m > 0 else None
    growth = _one((Decimal(sales_12m) - prior_12m) * HUNDRED / prior_12m) if prior_12m > 0 else None
    return Importance(_cents(sales_12m), share, growth)


# --------------------------------------------------------------------------- collection follow-ups

KEPT, BROKEN, PENDING = "kept", "broken", "pending"
PROMISE_STATUSES = (PENDING, KEPT, BROKEN)
#: Why a customer is on today's collection worklist, most urgent first.
BROKEN_PROMISE, ACTION_DUE, OVERDUE = "broken_promise", "next_action_due", "overdue"
WORKLIST_REASONS = (BROKEN_PROMISE, ACTION_DUE, OVERDUE)


def check_followup(
    *,
    day: date,
    promised_amount: Decimal | None,
    promised_date: date | None,
    next_action_date: date | None,
    contact: str = "",
    agreed: str = "",
) -> None:
    """A follow-up's own rules (every path: command, screen, import): it says something (a contact, what
    was agreed, a promise or a next action); a promise has both an amount above zero and a date, neither
    before the follow-up's day; the next action is not before it either."""
    said = [(contact or "").strip(), (agreed or "").strip(), promised_amount, promised_date, next_action_date]
    if not any(said):
        raise DataError(
            "agreed", "", _("say who you spoke to, what was agreed, a promise or the next action")
        )
    if (promised_amount is None) != (promised_date is None):
        missing, given = (
            ("promised_date", promised_amount)
            if promised_date is None
            else ("promised_amount", promised_date)
        )
        raise DataError(
            missing, "", _("a promise needs both an amount and a date (given: {value})").format(value=given)
        )
    if promised_amount is not None and promised_amount <= 0:
        raise DataError("promised_amount", promised_amount, _("must be greater than zero"))
    if promised_date is not None and promised_date < day:
        raise DataError(
            "promised_date",
            promised_date.isoformat(),
            _("is before the follow-up's date ({day})").format(day=day.isoformat()),
        )
    if next_action_date is not None and next_action_date < day:
        raise DataError(
            "next_action_date",
            next_action_date.isoformat(),
            _("is before the follow-up's date ({day})").format(day=day.isoformat()),
        )


def promise_status(
    promised_amount: Decimal | None, promised_date: date | None, paid: Decimal, as_of: date
) -> str | None:
    """Whether a promise to pay was kept, as of ``as_of``; None for a follow-up without a promise.

    ``paid``: what the customer paid from the follow-up's day to the promised date (and not after
    ``as_of``). Kept when that reaches the promised amount; broken when the promised date has passed
    without it; else pending."""
    if promised_amount is None or promised_date is None:
        return None
    if paid >= promised_amount:
        return KEPT
    return BROKEN if as_of > promised_date else PENDING


def worklist_reason(
    *,
    overdue: Decimal,
    next_action_date: date | None,
    promise: str | None,
    today: date,
) -> str | None:
    """Why to call a customer today, or None. ``next_action_date`` and ``promise`` come from its latest
    follow-up.

    In this order of precedence: a broken promise with money still overdue (whatever call is planned);
    a next action due today or earlier; money overdue with no later call planned. A pending promise (its
    date not reached) waits for its date; so does a next action planned after today. (The worklist itself
    is ordered by open amount × days past due.)"""
    if overdue > 0 and promise == BROKEN:
        return BROKEN_PROMISE
    if next_action_date is not None and next_action_date <= today:
        return ACTION_DUE
    if overdue > 0 and promise != PENDING and (next_action_date is None or next_action_date <= today):
        return OVERDUE
    return None
