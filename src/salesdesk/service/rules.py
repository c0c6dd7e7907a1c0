"""After-sales service: order types and departments, the status machine, service goals and lead times,
warranty, maintenance plans, the delivery → installation proposal and the "needs action" reasons.
Pure: no database, no UI.

- Lead time = completed − requested, in calendar days. Requested defaults to the linked order's date,
  else the day the service order was entered; an installation proposed by a delivery is requested on the
  day the delivery was done, and a maintenance order on its due date.
- Goals (business rules ``service.goal_*``): delivery 5 days, installation 7, technical support first
  response 1 and resolution 5, maintenance within ± 7 days of its due date, warranty repair 10. An order
  is on time when its lead ≤ the goal (maintenance: −window ≤ lead ≤ window; support: resolved within
  its goal; the first response is measured beside it).
- Maintenance plans: monthly 30, quarterly 91, half-yearly 182, yearly 365 days. The next due date =
  (the last maintenance done, else the install date) + the period.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from salesdesk.core.errors import DataError
from salesdesk.core.i18n import N_, _
from salesdesk.relations.rules import check_choice, word  # noqa: F401  (the room's words and choices)

TYPES = ("delivery", "installation", "support", "maintenance", "warranty_repair")
TYPE_LABELS = {
    "delivery": N_("service|delivery"),
    "installation": N_("installation"),
    "support": N_("technical support"),
    "maintenance": N_("maintenance"),
    "warranty_repair": N_("warranty repair"),
}

DEPARTMENTS = ("customer_service", "technical", "logistics", "other")
DEPARTMENT_LABELS = {
    "customer_service": N_("customer service"),
    "technical": N_("technical"),
    "logistics": N_("logistics"),
    "other": N_("department|other"),
}
#: The department that handles a type unless another is named.
DEFAULT_DEPARTMENT = {
    "delivery": "logistics",
    "installation": "technical",
    "support": "technical",
    "maintenance": "technical",
    "warranty_repair": "technical",
}

STATUSES = ("open", "scheduled", "in_progress", "done", "cancelled")
OPEN_STATUSES = ("open", "scheduled", "in_progress")
FINAL_STATUSES = ("done", "cancelled")
#: Service order status changes: from → allowed to. ``done`` and ``cancelled`` are final. An open or
#: scheduled order may be done straight away (work finished on the first call); a scheduled one may be
#: scheduled again (a new date).
#:
#: ===========  ======================================
#: from         to
#: ===========  ======================================
#: open         scheduled, done, cancelled
#: scheduled    scheduled, in_progress, done, cancelled
#: in_progress  done, cancelled
#: done         — (final)
#: cancelled    — (final)
#: ===========  ======================================
TRANSITIONS: Mapping[str, tuple[str, ...]] = {
    "open": ("scheduled", "done", "cancelled"),
    "scheduled": ("scheduled", "in_progress", "done", "cancelled"),
    "in_progress": ("done", "cancelled"),
    "done": (),
    "cancelled": (),
}
STATUS_LABELS = {
    "open": N_("service|open"),
    "scheduled": N_("service|scheduled"),
    "in_progress": N_("service|in progress"),
    "done": N_("service|done"),
    "cancelled": N_("service|cancelled"),
}

PLANS = ("none", "monthly", "quarterly", "half_yearly", "yearly")
PLAN_DAYS = {"monthly": 30, "quarterly": 91, "half_yearly": 182, "yearly": 365}
PLAN_LABELS = {
    "none": N_("no plan"),
    "monthly": N_("monthly"),
    "quarterly": N_("quarterly"),
    "half_yearly": N_("half-yearly"),
    "yearly": N_("yearly"),
}

WARRANTY_LABELS = {
    "in_warranty": N_("in warranty"),
    "expired": N_("warranty expired"),
    "unknown": N_("no warranty record"),
}

REASONS = ("unscheduled_past_goal", "overdue", "waiting")
REASON_LABELS = {
    "unscheduled_past_goal": N_("not scheduled, past its goal"),
    "overdue": N_("overdue"),
    "waiting": N_("waiting on a department"),
}

#: Default goals in days (the business rules ``service.goal_*`` hold the live values).
DEFAULT_GOALS = {
    "delivery": 5,
    "installation": 7,
    "support": 5,
    "support_response": 1,
    "maintenance": 7,
    "warranty_repair": 10,
}


def check_transition(old: str, new: str) -> str:
    """``new`` if an order in ``old`` may take it, else a DataError naming both states."""
    if new not in TRANSITIONS:
        raise DataError(
            "status", new, _("unknown status; known: {choices}").format(choices=", ".join(TRANSITIONS))
        )
    if new not in TRANSITIONS.get(old, ()):
        raise DataError(
            "status",
            new,
            _("cannot change from {old} to {new}").format(
                old=word(STATUS_LABELS, old), new=word(STATUS_LABELS, new)
            ),
        )
    return new


def check_feedback(value: int | str | None) -> int | None:
    """The customer's feedback, 1–5, or None when not given."""
    if value is None or value == "":
        return None
    try:
        n = int(str(value).strip())
    except ValueError:
        raise DataError("feedback", value, _("must be a whole number from 1 to 5"))
    if not 1 <= n <= 5:
        raise DataError("feedback", value, _("must be a whole number from 1 to 5"))
    return n


# --------------------------------------------------------------------------- goals and lead time


def requested_day(requested: date | None, order_date: date | None, entered: date) -> date:
    """The day a service was requested: given, else the linked order's date, else the day it was
    entered."""
    return requested or order_date or entered


def lead_days(requested: date, completed: date) -> int:
    return (completed - requested).days


def goal_days(kind: str, goals: Mapping[str, int]) -> int:
    return goals[kind]


def deadline(kind: str, requested: date, goals: Mapping[str, int]) -> date:
    """The last day the goal is met: requested + the type's goal (maintenance: due + its window)."""
    return requested + timedelta(days=goals[kind])


def on_time(kind: str, lead: int, goals: Mapping[str, int]) -> bool:
    """Within the type's goal: lead ≤ goal; maintenance within ± its window of the due date."""
    goal = goals[kind]
    if kind == "maintenance":
        return -goal <= lead <= goal
    return lead <= goal


def response_on_time(requested: date, responded: date | None, goals: Mapping[str, int]) -> bool | None:
    """Technical support: first response within its goal (None when not yet responded)."""
    if responded is None:
        return None
    return (responded - requested).days <= goals["support_response"]


def pct(part: int, whole: int) -> Decimal | None:
    """``part`` as a percentage of ``whole``, one decimal (None when the whole is zero)."""
    if whole == 0:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def average(total: int | Decimal, count: int) -> Decimal | None:
    """``total`` ÷ ``count``, one decimal (None for no count)."""
    if count == 0:
        return None
    return (Decimal(total) / count).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class GoalStats:
    done: int
    on_time: int
    lead_total: int
    backlog: int
    responded: int = 0
    responded_on_time: int = 0
    response_total: int = 0

    @property
    def on_time_pct(self) -> Decimal | None:
        return pct(self.on_time, self.done)

    @property
    def avg_lead_days(self) -> Decimal | None:
        return average(self.lead_total, self.done)

    @property
    def response_on_time_pct(self) -> Decimal | None:
        return pct(self.responded_on_time, self.responded)

    @property
    def avg_response_days(self) -> Decimal | None:
        return average(self.response_total, self.responded)


def goal_stats(
    orders: Sequence[tuple[str, date, date | None]],
    goals: Mapping[str, int],
    backlog: int = 0,
    responses: Sequence[tuple[date, date]] = (),
) -> GoalStats:
    """The goal figures of done orders given as (type, requested, completed), plus the backlog count and
    support responses (requested, responded)."""
    done = [(k, r, c) for k, r, c in orders if c is not None]
    leads = [(k, lead_days(r, c)) for k, r, c in done]
    response_days = [(answered - asked).days for asked, answered in responses]
    return GoalStats(
        done=len(done),
        on_time=sum(1 for k, lead in leads if on_time(k, lead, goals)),
        lead_total=sum(lead for _k, lead in leads),
        backlog=backlog,
        responded=len(response_days),
        responded_on_time=sum(1 for d in response_days if d <= goals["support_response"]),
        response_total=sum(response_days),
    )


# --------------------------------------------------------------------------- warranty and maintenance


def add_months(day: date, months: int) -> date:
    """``day`` plus whole months; the 31st becomes the month's last day (31 Jan + 1 = 28/29 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def warranty_end(installed: date, months: int) -> date:
    """The last day of the warranty: the install date plus the warranty months, less one day."""
    return add_months(installed, months) - timedelta(days=1)


def warranty_status(end: date | None, on: date) -> str:
    """``in_warranty`` when ``on`` ≤ the warranty's last day, ``expired`` after it, ``unknown`` with no
    record."""
    if end is None:
        return "unknown"
    return "in_warranty" if on <= end else "expired"


def next_due(plan: str, installed: date, last_done: date | None) -> date | None:
    """The next maintenance due date of an installed product: (the last one done, else the install date)
    + the plan's days; None without a plan."""
    if plan not in PLAN_DAYS:
        return None
    return (last_done or installed) + timedelta(days=PLAN_DAYS[plan])


def is_due(due: date | None, today: date, horizon: int) -> bool:
    """A maintenance due on or before today + ``horizon`` days is listed (and may be generated)."""
    return due is not None and due <= today + timedelta(days=horizon)


def days_overdue(due: date | None, today: date) -> int:
    """Days past the due date (0 when not yet due)."""
    if due is None:
        return 0
    return max(0, (today - due).days)


def due_dates(plan: str, installed: date, until: date) -> list[date]:
    """Every due date of a plan from the install date up to ``until`` (inclusive), were each done on its
    due date: the schedule shown for an installed product."""
    if plan not in PLAN_DAYS:
        return []
    step = timedelta(days=PLAN_DAYS[plan])
    out, day = [], installed + step
    while day <= until:
        out.append(day)
        day += step
    return out


# --------------------------------------------------------------------------- delivery → installation


def proposes_installation(kind: str, status: str, needs_installation: bool, has_installation: bool) -> bool:
    """A delivery done for a product that needs installation proposes the installation order, unless
    one already follows it."""
    return kind == "delivery" and status == "done" and needs_installation and not has_installation


# --------------------------------------------------------------------------- needs action


def needs_action(
    *,
    kind: str,
    status: str,
    requested: date,
    scheduled: date | None,
    waiting_on: str | None,
    today: date,
    goals: Mapping[str, int],
) -> str | None:
    """Why an order needs action today (one of ``REASONS``), or None:

    - ``waiting``: it waits on a department (``waiting_on``);
    - ``unscheduled_past_goal``: still open (not scheduled) after its goal's deadline;
    - ``overdue``: scheduled or in progress, and its scheduled day or its goal's deadline has passed.
    """
    if status not in OPEN_STATUSES:
        return None
    if waiting_on:
        return "waiting"
    late = today > deadline(kind, requested, goals)
    if status == "open":
        return "unscheduled_past_goal" if late else None
    if late or (scheduled is not None and scheduled < today):
        return "overdue"
    return None


def check_goals(goals: Mapping[str, int]) -> Mapping[str, int]:
    """The support first response must fit within its resolution goal."""
    if goals["support_response"] > goals["support"]:
        raise DataError(
            "service.goal_support_response",
            str(goals["support_response"]),
            _("the first-response goal must not exceed the support resolution goal ({days} days)").format(
                days=goals["support"]
            ),
        )
    return goals
