"""Review periods, KPI values and scores, the overall score and its band, and the status machines of
reviews, candidates and openings. Pure: no database, no UI.

- A period is a quarter ``2026Q2`` (the default), a half ``2026H1``, a month ``2026-05`` or a year ``2026``.
- A KPI's score = clamp(5 × (value − floor) ÷ (target − floor), 0, 5): linear from the floor (0) to the
  target (5), capped; it works for lower-is-better KPIs too (their floor is above the target). A KPI with
  no data scores nothing and its weight is spread over the scored ones: overall = Σ score × weight ÷ Σ
  weight of the scored KPIs. A manual KPI's score is the manager's (0–5).
- Built-in KPI values, for a salesperson over the period up to the as-of date (the period's end, or today
  while it runs):
  ``sales_attainment`` = net sales (invoices credited to them) ÷ the plan's target for the same days × 100;
  ``overdue_receivables`` = overdue ÷ open receivables of their portfolio × 100;
  ``visit_compliance`` = windows with a done visit ÷ windows required × 100 over their portfolio (the Visits
  room's rule); ``complaints_in_sla`` = complaints of their portfolio opened in the period resolved within
  SLA ÷ (resolved + open past their SLA) × 100; ``expense_ratio`` = expenses (not rejected) ÷ net sales
  × 100; ``new_customers`` = customers whose *customer since* falls in the period, counted for who had
  them on that day. Their portfolio = the
  customers assigned to them on the as-of day (a later reassignment does not move a past period's KPIs).
  Receivables at a past month end are read from that month's receivables review (``credit review``)
  when one was taken after the month ended, else allocated again from the documents.
- Rating bands on the overall score: ≥ 4.5 outstanding, ≥ 3.5 exceeds, ≥ 2.5 meets, ≥ 1.5 below,
  else unsatisfactory.
- Weights are in percent with one decimal and total exactly 100 %.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from salesdesk.core.errors import DataError
from salesdesk.core.i18n import N_, _, label

ZERO = Decimal(0)
FIVE = Decimal(5)
HUNDRED = Decimal(100)

# --------------------------------------------------------------------------- periods

PERIOD_KINDS = ("month", "quarter", "half", "year")
PERIOD_KIND_LABELS = {
    "month": N_("period|month"),
    "quarter": N_("period|quarter"),
    "half": N_("period|half year"),
    "year": N_("period|year"),
}
_PERIOD = re.compile(r"^(\d{4})(?:([QqHh])([1-4])|-(\d{1,2}))?$")


@dataclass(frozen=True)
class Period:
    code: str
    kind: str
    start: date
    end: date

    def as_of(self, today: date) -> date:
        """The day the period's numbers are read at: its end, or today while it runs."""
        return min(self.end, today)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_period(text: str, field: str = "period") -> Period:
    """``2026Q2``, ``2026H1``, ``2026-05`` or ``2026``."""
    raw = (text or "").strip()
    m = _PERIOD.match(raw)
    if not m or not 1900 <= int(m.group(1)) <= 2999:
        raise DataError(field, raw, _("is not a period: write 2026Q2, 2026H1, 2026-05 or 2026"))
    year = int(m.group(1))
    letter, number, month = m.group(2), m.group(3), m.group(4)
    if letter and letter.upper() == "Q":
        q = int(number)
        return Period(f"{year}Q{q}", "quarter", date(year, 3 * q - 2, 1), _month_end(year, 3 * q))
    if letter:
        h = int(number)
        if h > 2:
            raise DataError(field, raw, _("a year has two halves: H1 or H2"))
        return Period(f"{year}H{h}", "half", date(year, 6 * h - 5, 1), _month_end(year, 6 * h))
    if month:
        mo = int(month)
        if not 1 <= mo <= 12:
            raise DataError(field, raw, _("the month must be 1 to 12"))
        return Period(f"{year}-{mo:02d}", "month", date(year, mo, 1), _month_end(year, mo))
    return Period(str(year), "year", date(year, 1, 1), date(year, 12, 31))


def period_of(kind: str, day: date) -> Period:
    """The period of ``kind`` that holds ``day``."""
    if kind == "quarter":
        return parse_period(f"{day.year}Q{(day.month - 1) // 3 + 1}")
    if kind == "half":
        return parse_period(f"{day.year}H{1 if day.month <= 6 else 2}")
    if kind == "month":
        return parse_period(f"{day.year}-{day.month:02d}")
    return parse_period(str(day.year))


def previous(period: Period) -> Period:
    return period_of(period.kind, period.start - timedelta(days=1))


def ended_periods(kind: str, today: date, count: int) -> list[Period]:
    """The last ``count`` periods of ``kind`` that ended before ``today``, latest first."""
    p = previous(period_of(kind, today))
    out = []
    for _i in range(count):
        out.append(p)
        p = previous(p)
    return out


#: Job roles offered (others may be typed): what required training reads.
ROLE_LABELS = {
    "sales_rep": N_("role|sales rep"),
    "key_account": N_("role|key account manager"),
    "junior": N_("role|junior sales rep"),
    "team_lead": N_("role|team lead"),
}

# --------------------------------------------------------------------------- KPIs and scores

BUILTIN = (
    "sales_attainment",
    "overdue_receivables",
    "visit_compliance",
    "complaints_in_sla",
    "expense_ratio",
    "new_customers",
)
KPI_LABELS = {
    "sales_attainment": N_("Sales attainment %"),
    "overdue_receivables": N_("Overdue receivables %"),
    "visit_compliance": N_("Visit compliance %"),
    "complaints_in_sla": N_("Complaints within SLA %"),
    "expense_ratio": N_("Expense-to-sales %"),
    "new_customers": N_("New customers"),
    "teamwork": N_("Teamwork"),
    "product_knowledge": N_("Product knowledge"),
}
#: Column headers where space is short (tables of people × KPIs).
KPI_SHORT = {
    "sales_attainment": N_("Sales %"),
    "overdue_receivables": N_("Overdue %"),
    "visit_compliance": N_("Visits %"),
    "complaints_in_sla": N_("SLA %"),
    "expense_ratio": N_("Exp. %"),
    "new_customers": N_("kpi|New"),
}
#: KPIs whose value is a count, not a percentage.
COUNTS = ("new_customers",)


@dataclass(frozen=True)
class KpiDef:
    key: str
    kind: str  # builtin | manual
    weight: int  # tenths of a percent
    target: Decimal
    floor: Decimal
    label: str = ""


#: The template a new database ships with (weights 100 %).
DEFAULT_TEMPLATE = (
    KpiDef("sales_attainment", "builtin", 300, Decimal(100), Decimal(70)),
    KpiDef("overdue_receivables", "builtin", 150, Decimal(5), Decimal(25)),
    KpiDef("visit_compliance", "builtin", 150, Decimal(90), Decimal(50)),
    KpiDef("complaints_in_sla", "builtin", 100, Decimal(95), Decimal(60)),
    KpiDef("expense_ratio", "builtin", 100, Decimal(3), Decimal(8)),
    KpiDef("new_customers", "builtin", 100, Decimal(3), Decimal(0)),
    KpiDef("teamwork", "manual", 50, FIVE, ZERO),
    KpiDef("product_knowledge", "manual", 50, FIVE, ZERO),
)


def kpi_label(key: str, own: str = "") -> str:
    """A KPI's label: its own when given, else the built-in one (translated), else the key."""
    if own:
        return own
    return _(KPI_LABELS[key]) if key in KPI_LABELS else key.replace("_", " ")


def score(value: Decimal | None, target: Decimal, floor: Decimal) -> Decimal | None:
    """clamp(5 × (value − floor) ÷ (target − floor), 0, 5), unrounded; None without a value."""
    if value is None:
        return None
    if target == floor:
        raise DataError("target", str(target), _("must differ from the floor"))
    raw = FIVE * (Decimal(value) - floor) / (target - floor)
    return max(ZERO, min(FIVE, raw))


@dataclass(frozen=True)
class Line:
    """A scored KPI of a review: what the overall score reads."""

    key: str
    weight: int
    score: Decimal | None


def overall(lines: Sequence[Line]) -> Decimal | None:
    """Σ score × weight ÷ Σ weight over the scored KPIs (the weight of one with no data is spread over the
    rest); None when nothing is scored (unrounded)."""
    scored = [ln for ln in lines if ln.score is not None and ln.weight > 0]
    total = sum((ln.weight for ln in scored), 0)
    if total == 0:
        return None
    return sum((ln.score * ln.weight for ln in scored), ZERO) / Decimal(total)  # type: ignore[operator]


def effective_weights(lines: Sequence[Line]) -> dict[str, Decimal | None]:
    """Each KPI's share of the overall score in percent after spreading (None when not scored)."""
    total = sum((ln.weight for ln in lines if ln.score is not None), 0)
    return {
        ln.key: (Decimal(ln.weight) * HUNDRED / Decimal(total) if ln.score is not None and total else None)
        for ln in lines
    }


RATINGS = ("outstanding", "exceeds", "meets", "below", "unsatisfactory")
RATING_FLOORS = (
    ("outstanding", Decimal("4.5")),
    ("exceeds", Decimal("3.5")),
    ("meets", Decimal("2.5")),
    ("below", Decimal("1.5")),
)
RATING_LABELS = {
    "outstanding": N_("rating|outstanding"),
    "exceeds": N_("rating|exceeds expectations"),
    "meets": N_("rating|meets expectations"),
    "below": N_("rating|below expectations"),
    "unsatisfactory": N_("rating|unsatisfactory"),
}


def rating(value: Decimal | None) -> str | None:
    """The band of an unrounded overall score."""
    if value is None:
        return None
    for name, floor in RATING_FLOORS:
        if value >= floor:
            return name
    return "unsatisfactory"


def two(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def one(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def pct(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """``part`` ÷ ``whole`` × 100, unrounded; None when the base is zero."""
    if not whole:
        return None
    return Decimal(part) * HUNDRED / Decimal(whole)


# --------------------------------------------------------------------------- templates


def parse_weight(text: str, field: str = "weight") -> int:
    """A weight in percent with at most one decimal (``12.5``) → tenths (125)."""
    raw = (text or "").strip().removesuffix("%").strip().replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise DataError(field, text, _("is not a percentage")) from None
    if not value.is_finite() or value < 0 or value > 100:
        raise DataError(field, text, _("must be between 0 and 100"))
    tenths = value * 10
    if tenths != tenths.to_integral_value():
        raise DataError(field, text, _("takes at most one decimal"))
    return int(tenths)


def parse_number(text: str, field: str) -> Decimal:
    raw = (text or "").strip().removesuffix("%").strip().replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise DataError(field, text, _("is not a number")) from None
    if not value.is_finite() or abs(value) > Decimal(10) ** 9:
        raise DataError(field, text, _("is not a number"))
    return value


def weight_text(tenths: int) -> str:
    return f"{tenths // 10}.{tenths % 10}"


def check_weights(weights: Mapping[str, int]) -> None:
    """A template's weights must total exactly 100 %."""
    total = sum(weights.values())
    if total != 1000:
        raise DataError(
            "weights",
            ", ".join(f"{k}={weight_text(w)}" for k, w in weights.items()),
            _("must total 100% (they total {total}%)").format(total=weight_text(total)),
        )


def check_target(target: Decimal, floor: Decimal, key: str) -> None:
    if target == floor:
        raise DataError(
            "target", str(target), _("{kpi}: the target must differ from the floor").format(kpi=key)
        )


_KEY = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


def check_key(key: str, field: str = "kpi") -> str:
    k = (key or "").strip().lower()
    if not _KEY.match(k):
        raise DataError(field, key, _("a KPI key is 2–40 lowercase letters, digits or _"))
    return k


def check_manual_score(text: str) -> Decimal:
    value = parse_number(text, "score")
    if not ZERO <= value <= FIVE:
        raise DataError("score", text, _("must be between 0 and 5"))
    if value != value.quantize(Decimal("0.1")):
        raise DataError("score", text, _("takes at most one decimal"))
    return value


# --------------------------------------------------------------------------- status machines

REVIEW_STATUSES = ("draft", "final")
#: Review status changes: from → to. A final review is read-only; reopening it is recorded.
#:
#: =====  ======
#: from   to
#: =====  ======
#: draft  final
#: final  draft (reopen, with a reason)
#: =====  ======
REVIEW_TRANSITIONS: Mapping[str, tuple[str, ...]] = {"draft": ("final",), "final": ("draft",)}
REVIEW_LABELS = {"draft": N_("review|draft"), "final": N_("review|final")}
#: The word "review" as a column header or title (a performance review, not a credit review).
REVIEW_HEADER = N_("team|Review")
#: What a due review is waiting for.
DUE_LABELS = {"draft": N_("review|draft"), "not_started": N_("review|not started")}

STAGES = ("applied", "screened", "interviewed", "offer", "hired", "rejected")
#: Candidate stage changes: from → to. One step forward at a time, or rejected from any open stage;
#: ``hired`` and ``rejected`` are final. Hiring (offer → hired) creates the salesperson.
#:
#: ===========  =======================
#: from         to
#: ===========  =======================
#: applied      screened, rejected
#: screened     interviewed, rejected
#: interviewed  offer, rejected
#: offer        hired, rejected
#: hired        — (final)
#: rejected     — (final)
#: ===========  =======================
STAGE_TRANSITIONS: Mapping[str, tuple[str, ...]] = {
    "applied": ("screened", "rejected"),
    "screened": ("interviewed", "rejected"),
    "interviewed": ("offer", "rejected"),
    "offer": ("hired", "rejected"),
    "hired": (),
    "rejected": (),
}
STAGE_LABELS = {
    "applied": N_("stage|applied"),
    "screened": N_("stage|screened"),
    "interviewed": N_("stage|interviewed"),
    "offer": N_("stage|offer"),
    "hired": N_("stage|hired"),
    "rejected": N_("stage|rejected"),
}

OPENING_STATUSES = ("open", "on_hold", "filled", "cancelled")
#: Opening status changes: open ↔ on hold; open or on hold → filled (a hire) or cancelled (final).
OPENING_TRANSITIONS: Mapping[str, tuple[str, ...]] = {
    "open": ("on_hold", "filled", "cancelled"),
    "on_hold": ("open", "filled", "cancelled"),
    "filled": (),
    "cancelled": (),
}
OPENING_LABELS = {
    "open": N_("opening|open"),
    "on_hold": N_("opening|on hold"),
    "filled": N_("opening|filled"),
    "cancelled": N_("opening|cancelled"),
}


def check_transition(table: Mapping[str, tuple[str, ...]], old: str, new: str, field: str) -> None:
    """Refuse a change the from → to table does not allow, naming both states."""
    if new not in table:
        raise DataError(field, new, _("must be one of: {choices}").format(choices=", ".join(table)))
    if new not in table.get(old, ()):
        allowed = ", ".join(table.get(old, ())) or _("none (final)")
        raise DataError(
            field,
            new,
            _("cannot change from {old} to {new} (allowed from {old}: {allowed})").format(
                old=old, new=new, allowed=allowed
            ),
        )


# --------------------------------------------------------------------------- training


@dataclass(frozen=True)
class Cell:
    """A salesperson × required course: ``done`` (completed, with the last date), ``attended`` (attended
    without completing) or ``missing``."""

    state: str
    day: date | None = None


def matrix_cell(attendances: Sequence[tuple[date, bool, bool]]) -> Cell:
    """From one person's (date, attended, completed) records of one course."""
    done = [d for d, _a, c in attendances if c]
    if done:
        return Cell("done", max(done))
    went = [d for d, a, _c in attendances if a]
    if went:
        return Cell("attended", max(went))
    return Cell("missing")


def hours_text(minutes: int) -> str:
    return str(one(Decimal(minutes) / Decimal(60)))


def parse_hours(text: str) -> int:
    value = parse_number(text, "hours")
    if value < 0 or value > 1000:
        raise DataError("hours", text, _("must be between 0 and 1000"))
    minutes = value * 60
    if minutes != minutes.to_integral_value():
        raise DataError("hours", text, _("must be whole minutes"))
    return int(minutes)


def word(labels: Mapping[str, str], code: str | None) -> str:
    """A code as a word in the active language (unknown codes as they are)."""
    if code is None:
        return ""
    return label(labels[code]) if code in labels else code
