"""Visit policy, the due list, compliance, double booking, the complaint status machine, SLA and
resolution statistics. Pure: no database, no UI.

- A customer's frequency is its own (an override) or its tier's (A 30, B 60, C 90 days by default).
- A customer is due when the days since its last done visit exceed its frequency; one never visited is
  due first. Due list order: never visited, then tier, then days overdue (descending), then code.
- Compliance over a period: the period is cut into windows of the customer's frequency, from its first
  day (the last window may be shorter); required = the number of windows; done on time = the windows
  holding a done visit (by anyone).
- A complaint's SLA due date = opened + the severity's days (critical 1, high 3, medium 7, low 14); it is
  within SLA when resolved on or before that date. p90 by nearest rank.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from salesdesk.core.errors import DataError
from salesdesk.core.i18n import N_, _, label

TIERS = ("A", "B", "C")
DEFAULT_FREQUENCY = {"A": 30, "B": 60, "C": 90}
DEFAULT_DURATION = 60

PURPOSES = ("routine", "key_account", "collection", "complaint_follow_up", "prospecting", "other")
PURPOSE_LABELS = {
    "routine": N_("routine"),
    "key_account": N_("key account"),
    "collection": N_("collection"),
    "complaint_follow_up": N_("complaint follow-up"),
    "prospecting": N_("prospecting"),
    "other": N_("visit|other"),
}

VISIT_STATUSES = ("planned", "done", "cancelled", "missed")
#: Visit status changes: from → allowed to. ``done``, ``cancelled`` and ``missed`` are final.
#:
#: ========  =========================
#: from      to
#: ========  =========================
#: planned   done, cancelled, missed
#: done      — (final)
#: cancelled — (final)
#: missed    — (final)
#: ========  =========================
VISIT_TRANSITIONS: Mapping[str, tuple[str, ...]] = {
    "planned": ("done", "cancelled", "missed"),
    "done": (),
    "cancelled": (),
    "missed": (),
}
VISIT_LABELS = {
    "planned": N_("visit|planned"),
    "done": N_("visit|done"),
    "cancelled": N_("visit|cancelled"),
    "missed": N_("visit|missed"),
}

CHANNELS = ("visit", "phone", "email", "other")
CHANNEL_LABELS = {
    "visit": N_("channel|visit"),
    "phone": N_("phone"),
    "email": N_("email"),
    "other": N_("channel|other"),
}
CATEGORIES = ("product_quality", "delivery", "billing", "price", "service", "other")
CATEGORY_LABELS = {
    "product_quality": N_("product quality"),
    "delivery": N_("delivery"),
    "billing": N_("billing"),
    "price": N_("price"),
    "service": N_("service"),
    "other": N_("complaint|other"),
}
SEVERITIES = ("low", "medium", "high", "critical")
SEVERITY_LABELS = {"low": N_("low"), "medium": N_("medium"), "high": N_("high"), "critical": N_("critical")}
DEFAULT_SLA_DAYS = {"critical": 1, "high": 3, "medium": 7, "low": 14}

COMPLAINT_STATUSES = ("new", "in_progress", "resolved", "closed")
#: Complaint status changes: from → allowed to. A resolved or closed complaint can be reopened (back to
#: in progress); closed is otherwise final.
#:
#: ===========  ==========================
#: from         to
#: ===========  ==========================
#: new          in_progress, resolved
#: in_progress  resolved
#: resolved     closed, in_progress (reopen)
#: closed       in_progress (reopen)
#: ===========  ==========================
COMPLAINT_TRANSITIONS: Mapping[str, tuple[str, ...]] = {
    "new": ("in_progress", "resolved"),
    "in_progress": ("resolved",),
    "resolved": ("closed", "in_progress"),
    "closed": ("in_progress",),
}
COMPLAINT_LABELS = {
    "new": N_("complaint|new"),
    "in_progress": N_("complaint|in progress"),
    "resolved": N_("complaint|resolved"),
    "closed": N_("complaint|closed"),
}
OPEN_COMPLAINT = ("new", "in_progress")


def word(labels: Mapping[str, str], code: str | None) -> str:
    """A code as a word in the active language (unknown codes as they are)."""
    if code is None:
        return ""
    return label(labels[code]) if code in labels else code


def check_choice(value: str | None, choices: Sequence[str], field: str) -> str:
    text = (value or "").strip().lower().replace(" ", "_").replace("-", "_")
    if text not in choices:
        raise DataError(field, value or "", _("must be one of {choices}").format(choices=", ".join(choices)))
    return text


def _transition(old: str, new: str, table: Mapping[str, tuple[str, ...]], labels: Mapping[str, str]) -> str:
    if new not in table:
        raise DataError("status", new, _("unknown status; known: {choices}").format(choices=", ".join(table)))
    if new not in table.get(old, ()):
        raise DataError(
            "status",
            new,
            _("cannot change from {old} to {new}").format(old=word(labels, old), new=word(labels, new)),
        )
    return new


def check_visit_transition(old: str, new: str) -> str:
    return _transition(old, new, VISIT_TRANSITIONS, VISIT_LABELS)


def check_complaint_transition(old: str, new: str) -> str:
    return _transition(old, new, COMPLAINT_TRANSITIONS, COMPLAINT_LABELS)


def check_time(text: str | None) -> str:
    """``HH:MM`` (24 h), or "" when not given."""
    raw = (text or "").strip()
    if not raw:
        return ""
    try:
        hours, minutes = raw.split(":")
        h, m = int(hours), int(minutes)
        if not (0 <= h <= 23 and 0 <= m <= 59 and len(minutes) == 2):
            raise ValueError
    except ValueError:
        raise DataError("time", raw, _("use HH:MM, e.g. 09:30"))
    return f"{h:02d}:{m:02d}"


def check_satisfaction(value: int | str | None) -> int | None:
    if value is None or value == "":
        return None
    try:
        n = int(str(value).strip())
    except ValueError:
        raise DataError("satisfaction", value, _("must be a whole number from 1 to 5"))
    if not 1 <= n <= 5:
        raise DataError("satisfaction", value, _("must be a whole number from 1 to 5"))
    return n


# --------------------------------------------------------------------------- visit policy and due list


def frequency(tier: str, override: int | None, policy: Mapping[str, int] = DEFAULT_FREQUENCY) -> int:
    """A customer's visit frequency in days: its own, else its tier's."""
    return override if override else policy.get(tier, policy["C"])


@dataclass(frozen=True)
class DueCustomer:
    code: str
    name: str
    tier: str
    salesperson: str | None
    frequency: int
    last_visit: date | None
    #: Days since the last done visit minus the frequency; None when never visited.
    days_overdue: int | None


def is_due(last_visit: date | None, freq: int, today: date) -> bool:
    """Due when the days since the last done visit exceed the frequency (exactly on it: not yet)."""
    return last_visit is None or (today - last_visit).days > freq


def due_order(c: DueCustomer) -> tuple:
    """Never visited first, then tier, then days overdue descending, then code."""
    return (c.last_visit is not None, c.tier, -(c.days_overdue or 0), c.code)


def due_list(
    customers: Sequence[tuple[str, str, str, str | None, int | None, date | None]],
    today: date,
    policy: Mapping[str, int] = DEFAULT_FREQUENCY,
) -> list[DueCustomer]:
    """The customers due for a visit at ``today``, in due order, from (code, name, tier, salesperson,
    own frequency, last done visit)."""
    found = []
    for code, name, tier, sp, own, last in customers:
        freq = frequency(tier, own, policy)
        if is_due(last, freq, today):
            overdue = None if last is None else (today - last).days - freq
            found.append(DueCustomer(code, name, tier, sp, freq, last, overdue))
    return sorted(found, key=due_order)


def windows(start: date, end: date, freq: int) -> list[tuple[date, date]]:
    """``start``–``end`` (inclusive) cut into windows of ``freq`` days; the last may be shorter."""
    if end < start:
        return []
    found = []
    first = start
    while first <= end:
        last = min(first + timedelta(days=freq - 1), end)
        found.append((first, last))
        first = last + timedelta(days=1)
    return found


def customer_compliance(done: Sequence[date], start: date, end: date, freq: int) -> tuple[int, int]:
    """(required, done on time) for one customer over ``start``–``end``."""
    spans = windows(start, end, freq)
    hit = sum(1 for a, b in spans if any(a <= d <= b for d in done))
    return len(spans), hit


def pct(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --------------------------------------------------------------------------- double booking


def minutes(time_text: str) -> int | None:
    if not time_text:
        return None
    h, m = time_text.split(":")
    return int(h) * 60 + int(m)


def overlaps(a_time: str, a_duration: int, b_time: str, b_duration: int) -> bool:
    """Whether two visits on the same day overlap; a visit without a time takes the whole day."""
    a, b = minutes(a_time), minutes(b_time)
    if a is None or b is None:
        return True
    return a < b + b_duration and b < a + a_duration


# --------------------------------------------------------------------------- complaints


def sla_due(opened: date, severity: str, days: Mapping[str, int] = DEFAULT_SLA_DAYS) -> date:
    return opened + timedelta(days=days[severity])


def within_sla(
    opened: date, resolved: date, severity: str, days: Mapping[str, int] = DEFAULT_SLA_DAYS
) -> bool:
    """Resolved on or before opened + the severity's SLA days."""
    return resolved <= sla_due(opened, severity, days)


def overdue(status: str, due: date, resolved: date | None, today: date) -> bool:
    """Overdue against its SLA: still open after the due date. (A resolved one is judged by
    :func:`within_sla` instead: resolved on or before the due date.)"""
    return status in OPEN_COMPLAINT and today > due


def late(status: str, due: date, resolved: date | None, today: date) -> bool:
    """Past its SLA either way: open after the due date, or resolved after it (the queue's red)."""
    if status in OPEN_COMPLAINT:
        return today > due
    return resolved is not None and resolved > due


def nearest_rank(values: Sequence[int], p: int = 90) -> int | None:
    """The p-th percentile by nearest rank (the smallest value with at least p % at or below it)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p * len(ordered) / 100))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Stats:
    opened: int
    open: int
    overdue: int
    resolved: int
    within_sla: int
    avg_days: Decimal | None
    p90_days: int | None
    satisfaction_avg: Decimal | None
    satisfaction: dict[int, int]


def stats(
    complaints: Sequence[tuple[str, date, date, date | None, str, int | None]],
    today: date,
    days: Mapping[str, int] = DEFAULT_SLA_DAYS,
) -> Stats:
    """Statistics of complaints given as (status, opened, sla due, resolved, severity, satisfaction):
    resolution time = resolved − opened in days (average to one decimal, p90 by nearest rank); satisfaction
    average to one decimal and how many gave each score."""
    durations = [
        (r - o).days for s, o, _d, r, _sev, _sat in complaints if r is not None and s not in OPEN_COMPLAINT
    ]
    scores = [sat for *_rest, sat in complaints if sat is not None]
    return Stats(
        opened=len(complaints),
        open=sum(1 for c in complaints if c[0] in OPEN_COMPLAINT),
        overdue=sum(1 for s, _o, due, r, _sev, _sat in complaints if overdue(s, due, r, today)),
        resolved=len(durations),
        within_sla=sum(
            1
            for s, o, due, r, _sev, _sat in complaints
            if r is not None and s not in OPEN_COMPLAINT and r <= due
        ),
        avg_days=(Decimal(sum(durations)) / len(durations)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if durations
        else None,
        p90_days=nearest_rank(durations),
        satisfaction_avg=(Decimal(sum(scores)) / len(scores)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if scores
        else None,
        satisfaction={n: scores.count(n) for n in range(1, 6)},
    )
