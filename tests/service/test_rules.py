"""The service room's pure rules against hand-computed numbers: the status machine, goals and lead times,
percentages and averages, warranty end dates, maintenance due dates, the delivery → installation proposal,
the "needs action" reasons and the checks.

Calendar facts used below: 2026 and 2027 are not leap years, 2028 is (29 February 2028). January 31 days,
February 28 (29 in 2028), March 31, April 30, May 31, June 30, July 31, August 31, September 30,
October 31, November 30, December 31.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesdesk.core.errors import DataError
from salesdesk.service import rules

D = Decimal
GOALS = rules.DEFAULT_GOALS
TODAY = date(2026, 11, 28)

#: The English words of the statuses, typed by hand.
EN_STATUS = {
    "open": "open",
    "scheduled": "scheduled",
    "in_progress": "in progress",
    "done": "done",
    "cancelled": "cancelled",
}


# --------------------------------------------------------------------------- status machine

ALLOWED = [(old, new) for old, targets in rules.TRANSITIONS.items() for new in targets]
REFUSED = [(old, new) for old in rules.STATUSES for new in rules.STATUSES if (old, new) not in ALLOWED]


def test_the_transition_table_is_the_documented_one():
    assert dict(rules.TRANSITIONS) == {
        "open": ("scheduled", "done", "cancelled"),
        "scheduled": ("scheduled", "in_progress", "done", "cancelled"),
        "in_progress": ("done", "cancelled"),
        "done": (),
        "cancelled": (),
    }
    # 3 + 4 + 2 allowed of 5 × 5 pairs
    assert len(ALLOWED) == 9
    assert len(REFUSED) == 16


def test_status_words_in_english():
    assert {s: rules.word(rules.STATUS_LABELS, s) for s in rules.STATUSES} == EN_STATUS
    assert rules.word(rules.STATUS_LABELS, "archived") == "archived"
    assert rules.word(rules.STATUS_LABELS, None) == ""


@pytest.mark.parametrize(("old", "new"), ALLOWED)
def test_allowed_transitions_succeed(old, new):
    assert rules.check_transition(old, new) == new


@pytest.mark.parametrize(("old", "new"), REFUSED)
def test_refused_transitions_name_both_states(old, new):
    with pytest.raises(DataError) as exc:
        rules.check_transition(old, new)
    assert exc.value.field == "status"
    assert exc.value.value == new
    assert exc.value.message == f"cannot change from {EN_STATUS[old]} to {EN_STATUS[new]}"


def test_open_to_in_progress_message_reads_in_english():
    with pytest.raises(DataError) as exc:
        rules.check_transition("open", "in_progress")
    assert exc.value.message == "cannot change from open to in progress"
    assert str(exc.value) == "status 'in_progress': cannot change from open to in progress"


@pytest.mark.parametrize("final", ["done", "cancelled"])
def test_done_and_cancelled_are_final(final):
    for new in ("open", "scheduled", "in_progress", "done", "cancelled"):
        with pytest.raises(DataError):
            rules.check_transition(final, new)


def test_unknown_target_status_is_refused():
    with pytest.raises(DataError) as exc:
        rules.check_transition("open", "archived")
    assert exc.value.field == "status"
    assert exc.value.value == "archived"
    assert exc.value.message == "unknown status; known: open, scheduled, in_progress, done, cancelled"


def test_unknown_current_status_is_a_data_error_not_a_key_error():
    with pytest.raises(DataError) as exc:
        rules.check_transition("archived", "done")
    assert exc.value.field == "status"
    assert exc.value.message == "cannot change from archived to done"


def test_check_choice_normalises_and_refuses():
    assert rules.check_choice(" Half-Yearly ", rules.PLANS, "plan") == "half_yearly"
    assert rules.check_choice("Warranty Repair", rules.TYPES, "type") == "warranty_repair"
    with pytest.raises(DataError) as exc:
        rules.check_choice("weekly", rules.PLANS, "plan")
    assert (exc.value.field, exc.value.value) == ("plan", "weekly")


# --------------------------------------------------------------------------- requested day, lead, deadline


def test_requested_day_given_then_order_date_then_entered():
    given_day, order_day, entered = date(2026, 3, 5), date(2026, 3, 1), date(2026, 3, 10)
    assert rules.requested_day(given_day, order_day, entered) == date(2026, 3, 5)
    assert rules.requested_day(given_day, None, entered) == date(2026, 3, 5)
    assert rules.requested_day(None, order_day, entered) == date(2026, 3, 1)
    assert rules.requested_day(None, None, entered) == date(2026, 3, 10)


def test_lead_days():
    # 26, 27, 28 February = 3 days, then 1 and 2 March = 2 more
    assert rules.lead_days(date(2026, 2, 25), date(2026, 3, 2)) == 5
    assert rules.lead_days(date(2026, 3, 5), date(2026, 3, 5)) == 0
    assert rules.lead_days(date(2026, 3, 10), date(2026, 3, 3)) == -7  # maintenance done early
    assert rules.lead_days(date(2026, 12, 30), date(2027, 1, 2)) == 3
    assert rules.lead_days(date(2028, 2, 27), date(2028, 3, 1)) == 3  # 28, 29 February, 1 March


def test_goal_days():
    assert rules.goal_days("delivery", GOALS) == 5
    assert rules.goal_days("warranty_repair", GOALS) == 10


def test_default_goals():
    assert GOALS == {
        "delivery": 5,
        "installation": 7,
        "support": 5,
        "support_response": 1,
        "maintenance": 7,
        "warranty_repair": 10,
    }


@pytest.mark.parametrize(
    ("kind", "requested", "expected"),
    [
        ("delivery", date(2026, 2, 25), date(2026, 3, 2)),  # + 5
        ("installation", date(2026, 2, 25), date(2026, 3, 4)),  # + 7
        ("support", date(2026, 12, 30), date(2027, 1, 4)),  # + 5
        ("maintenance", date(2026, 12, 28), date(2027, 1, 4)),  # due + 7
        ("warranty_repair", date(2026, 2, 20), date(2026, 3, 2)),  # + 10
        ("warranty_repair", date(2028, 2, 20), date(2028, 3, 1)),  # + 10 over 29 February
    ],
)
def test_deadline(kind, requested, expected):
    assert rules.deadline(kind, requested, GOALS) == expected


@pytest.mark.parametrize(
    ("kind", "lead", "expected"),
    [
        ("delivery", 0, True),
        ("delivery", 5, True),
        ("delivery", 6, False),
        ("installation", 7, True),
        ("installation", 8, False),
        ("support", 5, True),
        ("support", 6, False),
        ("warranty_repair", 10, True),
        ("warranty_repair", 11, False),
        ("maintenance", -7, True),
        ("maintenance", 0, True),
        ("maintenance", 7, True),
        ("maintenance", -8, False),
        ("maintenance", 8, False),
    ],
)
def test_on_time_at_the_boundaries(kind, lead, expected):
    assert rules.on_time(kind, lead, GOALS) is expected


def test_on_time_uses_the_goals_given():
    goals = {**GOALS, "delivery": 6, "maintenance": 3}
    assert rules.on_time("delivery", 6, goals) is True
    assert rules.on_time("maintenance", -4, goals) is False
    assert rules.on_time("maintenance", 3, goals) is True


def test_response_on_time():
    asked = date(2026, 2, 27)
    assert rules.response_on_time(asked, date(2026, 2, 27), GOALS) is True  # same day
    assert rules.response_on_time(asked, date(2026, 2, 28), GOALS) is True  # 1 day
    assert rules.response_on_time(asked, date(2026, 3, 1), GOALS) is False  # 2 days
    assert rules.response_on_time(asked, None, GOALS) is None


# --------------------------------------------------------------------------- pct and average


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (2, 3, D("66.7")),  # 66.666…
        (1, 3, D("33.3")),  # 33.333…
        (1, 8, D("12.5")),
        (1, 16, D("6.3")),  # 6.25 → 6.3, half up
        (1, 80, D("1.3")),  # 1.25 → 1.3
        (1, 6, D("16.7")),  # 16.666…
        (3, 3, D("100.0")),
        (0, 5, D("0.0")),
    ],
)
def test_pct(part, whole, expected):
    assert rules.pct(part, whole) == expected
    assert str(rules.pct(part, whole)) == str(expected)  # exactly one decimal


def test_pct_of_nothing_is_none():
    assert rules.pct(0, 0) is None
    assert rules.pct(3, 0) is None


@pytest.mark.parametrize(
    ("total", "count", "expected"),
    [
        (5, 2, D("2.5")),
        (1, 3, D("0.3")),  # 0.333…
        (2, 3, D("0.7")),  # 0.666…
        (5, 4, D("1.3")),  # 1.25 → 1.3
        (27, 6, D("4.5")),
        (-5, 4, D("-1.3")),  # −1.25 → −1.3: half up rounds the half away from zero
        (-1, 3, D("-0.3")),  # −0.333…
        (-2, 3, D("-0.7")),  # −0.666…
        (-7, 2, D("-3.5")),
        (D("7.5"), 2, D("3.8")),  # 3.75 → 3.8
        (0, 4, D("0.0")),
    ],
)
def test_average(total, count, expected):
    assert rules.average(total, count) == expected
    assert str(rules.average(total, count)) == str(expected)


def test_average_of_no_count_is_none():
    assert rules.average(0, 0) is None
    assert rules.average(12, 0) is None


# --------------------------------------------------------------------------- goal stats

ORDERS = [
    ("delivery", date(2026, 2, 25), date(2026, 3, 2)),  # lead 5: on time
    ("delivery", date(2026, 2, 25), date(2026, 3, 3)),  # lead 6: late
    ("installation", date(2026, 3, 1), date(2026, 3, 8)),  # lead 7: on time
    ("support", date(2026, 3, 1), None),  # not done: not counted at all
    ("maintenance", date(2026, 3, 20), date(2026, 3, 12)),  # lead −8: too early, late
    ("warranty_repair", date(2026, 3, 1), date(2026, 3, 11)),  # lead 10: on time
    ("maintenance", date(2026, 3, 20), date(2026, 3, 27)),  # lead +7: on time
]
RESPONSES = [
    (date(2026, 3, 1), date(2026, 3, 2)),  # 1 day: on time
    (date(2026, 2, 27), date(2026, 3, 1)),  # 2 days: late
    (date(2026, 3, 5), date(2026, 3, 5)),  # 0 days: on time
]


def test_goal_stats_on_a_mixed_fixture():
    stats = rules.goal_stats(ORDERS, GOALS, backlog=3, responses=RESPONSES)
    assert stats.done == 6
    assert stats.on_time == 4
    assert stats.lead_total == 27  # 5 + 6 + 7 − 8 + 10 + 7
    assert stats.backlog == 3
    assert stats.on_time_pct == D("66.7")  # 4 / 6
    assert stats.avg_lead_days == D("4.5")  # 27 / 6
    assert stats.responded == 3
    assert stats.responded_on_time == 2
    assert stats.response_total == 3  # 1 + 2 + 0
    assert stats.response_on_time_pct == D("66.7")  # 2 / 3
    assert stats.avg_response_days == D("1.0")  # 3 / 3


def test_goal_stats_with_other_goals():
    goals = {**GOALS, "delivery": 6, "support_response": 2}
    stats = rules.goal_stats(ORDERS, goals, responses=RESPONSES)
    assert (stats.done, stats.on_time, stats.backlog) == (6, 5, 0)
    assert stats.on_time_pct == D("83.3")  # 5 / 6 = 83.333…
    assert stats.responded_on_time == 3
    assert stats.response_on_time_pct == D("100.0")


def test_goal_stats_with_nothing_done():
    stats = rules.goal_stats([("support", date(2026, 3, 1), None)], GOALS, backlog=1)
    assert (stats.done, stats.on_time, stats.lead_total, stats.backlog) == (0, 0, 0, 1)
    assert stats.on_time_pct is None
    assert stats.avg_lead_days is None
    assert stats.responded == 0
    assert stats.response_on_time_pct is None
    assert stats.avg_response_days is None


# --------------------------------------------------------------------------- warranty


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2026, 12, 31), 2, date(2027, 2, 28)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 1, 15), 12, date(2027, 1, 15)),
        (date(2026, 11, 15), 14, date(2028, 1, 15)),
        (date(2026, 12, 1), 1, date(2027, 1, 1)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 5, 17), 0, date(2026, 5, 17)),
    ],
)
def test_add_months(day, months, expected):
    assert rules.add_months(day, months) == expected


def test_warranty_end():
    # 2026-03-01 + 24 months = 2028-03-01, less one day = 29 February 2028 (leap)
    assert rules.warranty_end(date(2026, 3, 1), 24) == date(2028, 2, 29)
    # 2026-01-31 + 1 month = 28 February 2026, less one day
    assert rules.warranty_end(date(2026, 1, 31), 1) == date(2026, 2, 27)
    assert rules.warranty_end(date(2026, 6, 15), 12) == date(2027, 6, 14)
    assert rules.warranty_end(date(2026, 12, 1), 1) == date(2026, 12, 31)


def test_warranty_status_on_the_last_day_and_after():
    end = date(2028, 2, 29)
    assert rules.warranty_status(end, date(2026, 3, 1)) == "in_warranty"
    assert rules.warranty_status(end, date(2028, 2, 29)) == "in_warranty"
    assert rules.warranty_status(end, date(2028, 3, 1)) == "expired"
    assert rules.warranty_status(None, date(2028, 3, 1)) == "unknown"
    assert set(rules.WARRANTY_LABELS) == {"in_warranty", "expired", "unknown"}


# --------------------------------------------------------------------------- maintenance


def test_plan_days():
    assert rules.PLAN_DAYS == {"monthly": 30, "quarterly": 91, "half_yearly": 182, "yearly": 365}


@pytest.mark.parametrize(
    ("plan", "installed", "last_done", "expected"),
    [
        ("monthly", date(2026, 1, 1), None, date(2026, 1, 31)),  # + 30
        ("quarterly", date(2026, 1, 1), None, date(2026, 4, 2)),  # 31 + 28 + 31 = 90 to 1 April, + 1
        ("half_yearly", date(2026, 1, 1), None, date(2026, 7, 2)),  # 181 to 1 July, + 1
        ("yearly", date(2026, 1, 1), None, date(2027, 1, 1)),  # 2026 has 365 days
        ("yearly", date(2027, 3, 1), None, date(2028, 2, 29)),  # the year to 2028-03-01 has 366
        ("monthly", date(2026, 1, 1), date(2026, 5, 10), date(2026, 6, 9)),  # 21 to 31 May, + 9
        ("quarterly", date(2026, 1, 1), date(2026, 11, 1), date(2027, 1, 31)),  # 29 + 31 + 31 = 91
        ("none", date(2026, 1, 1), None, None),
        ("none", date(2026, 1, 1), date(2026, 5, 10), None),
        ("weekly", date(2026, 1, 1), None, None),
    ],
)
def test_next_due(plan, installed, last_done, expected):
    assert rules.next_due(plan, installed, last_done) == expected


def test_is_due_boundary_is_inclusive():
    # today + 14 = 2026-12-12 (2 days left in November + 12)
    assert rules.is_due(date(2026, 12, 12), TODAY, 14) is True
    assert rules.is_due(date(2026, 12, 13), TODAY, 14) is False
    assert rules.is_due(date(2026, 1, 1), TODAY, 14) is True  # long overdue
    assert rules.is_due(TODAY, TODAY, 0) is True
    assert rules.is_due(date(2026, 11, 29), TODAY, 0) is False
    assert rules.is_due(None, TODAY, 14) is False


def test_days_overdue():
    assert rules.days_overdue(date(2026, 11, 20), TODAY) == 8
    assert rules.days_overdue(date(2026, 10, 31), TODAY) == 28
    assert rules.days_overdue(TODAY, TODAY) == 0
    assert rules.days_overdue(date(2026, 12, 1), TODAY) == 0
    assert rules.days_overdue(None, TODAY) == 0


def test_due_dates_of_a_quarterly_plan_in_2026():
    # 2026-04-02 (+91) → 2026-07-02 (30 + 31 + 30 = 91) → 2026-10-01 (31 + 31 + 29 = 91)
    # → 2026-12-31 (31 + 30 + 30 = 91) → 2027-04-01, after the end
    expected = [date(2026, 4, 2), date(2026, 7, 2), date(2026, 10, 1), date(2026, 12, 31)]
    assert rules.due_dates("quarterly", date(2026, 1, 1), date(2026, 12, 31)) == expected
    assert rules.due_dates("quarterly", date(2026, 1, 1), date(2026, 12, 30)) == expected[:3]
    assert rules.due_dates("quarterly", date(2026, 1, 1), date(2026, 4, 2)) == [date(2026, 4, 2)]
    assert rules.due_dates("quarterly", date(2026, 1, 1), date(2026, 4, 1)) == []


def test_due_dates_of_a_yearly_plan_across_a_leap_year():
    # 2027-03-01 + 365 = 2028-02-29 (the year up to 2028-03-01 holds 29 February: 366 days)
    # 2028-02-29 + 365 = 2029-02-28 (1 day to 2028-03-01, then 365 to 2029-03-01: 366 in all)
    # 2029-02-28 + 365 = 2030-02-28
    expected = [date(2028, 2, 29), date(2029, 2, 28), date(2030, 2, 28)]
    assert rules.due_dates("yearly", date(2027, 3, 1), date(2030, 3, 1)) == expected
    assert rules.due_dates("yearly", date(2027, 3, 1), date(2030, 2, 27)) == expected[:2]


def test_due_dates_of_a_monthly_plan():
    # 2026-01-01 + 30 = 01-31, + 30 = 03-02 (28 February days then 2), + 30 = 04-01
    assert rules.due_dates("monthly", date(2026, 1, 1), date(2026, 4, 1)) == [
        date(2026, 1, 31),
        date(2026, 3, 2),
        date(2026, 4, 1),
    ]


def test_due_dates_without_a_plan():
    assert rules.due_dates("none", date(2026, 1, 1), date(2030, 1, 1)) == []
    assert rules.due_dates("weekly", date(2026, 1, 1), date(2030, 1, 1)) == []


_days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


@given(
    plan=st.sampled_from(["monthly", "quarterly", "half_yearly", "yearly"]),
    installed=_days,
    span=st.integers(min_value=0, max_value=3000),
)
def test_due_dates_step_by_the_plan_and_stay_within_the_end(plan, installed, span):
    until = installed + timedelta(days=span)
    step = {"monthly": 30, "quarterly": 91, "half_yearly": 182, "yearly": 365}[plan]
    dates = rules.due_dates(plan, installed, until)
    assert all(day <= until for day in dates)
    assert all((b - a).days == step for a, b in zip(dates, dates[1:], strict=False))
    assert len(dates) == span // step
    if dates:
        assert dates[0] == rules.next_due(plan, installed, None)
        assert rules.next_due(plan, installed, dates[-1]) > until


@given(day=_days, months=st.integers(min_value=0, max_value=240))
def test_add_months_moves_whole_months_and_keeps_the_day_when_it_can(day, months):
    out = rules.add_months(day, months)
    assert (out.year * 12 + out.month) - (day.year * 12 + day.month) == months
    assert out.day <= day.day
    if day.day <= 28:
        assert out.day == day.day


@given(installed=_days, months=st.integers(min_value=1, max_value=120))
def test_the_warranty_holds_on_its_last_day_and_not_the_day_after(installed, months):
    end = rules.warranty_end(installed, months)
    assert end >= installed
    assert rules.warranty_status(end, end) == "in_warranty"
    assert rules.warranty_status(end, installed) == "in_warranty"
    assert rules.warranty_status(end, end + timedelta(days=1)) == "expired"


@given(lead=st.integers(min_value=-400, max_value=400))
def test_maintenance_on_time_is_symmetric(lead):
    assert rules.on_time("maintenance", lead, GOALS) == rules.on_time("maintenance", -lead, GOALS)
    assert rules.on_time("maintenance", lead, GOALS) == (-7 <= lead <= 7)


@given(whole=st.integers(min_value=1, max_value=10_000), data=st.data())
def test_pct_stays_between_0_and_100(whole, data):
    part = data.draw(st.integers(min_value=0, max_value=whole))
    value = rules.pct(part, whole)
    assert D("0.0") <= value <= D("100.0")
    assert value.as_tuple().exponent == -1


# --------------------------------------------------------------------------- delivery → installation


def test_a_done_delivery_needing_installation_proposes_one():
    assert rules.proposes_installation("delivery", "done", True, False) is True


@pytest.mark.parametrize(
    ("kind", "status", "needs", "has"),
    [
        ("delivery", "done", True, True),  # one already follows
        ("delivery", "done", False, False),  # product needs no installation
        ("delivery", "done", False, True),
        ("delivery", "open", True, False),
        ("delivery", "scheduled", True, False),
        ("delivery", "in_progress", True, False),
        ("delivery", "cancelled", True, False),
        ("installation", "done", True, False),
        ("support", "done", True, False),
        ("maintenance", "done", True, False),
        ("warranty_repair", "done", True, False),
    ],
)
def test_no_installation_proposed_otherwise(kind, status, needs, has):
    assert rules.proposes_installation(kind, status, needs, has) is False


# --------------------------------------------------------------------------- needs action


def _action(kind="delivery", status="open", requested=date(2026, 11, 20), scheduled=None, waiting_on=None):
    return rules.needs_action(
        kind=kind,
        status=status,
        requested=requested,
        scheduled=scheduled,
        waiting_on=waiting_on,
        today=TODAY,
        goals=GOALS,
    )


def test_waiting_comes_first():
    # requested 2026-11-20: the delivery deadline 2026-11-25 is past, but the wait wins
    assert _action(status="open", waiting_on="logistics") == "waiting"
    assert _action(status="scheduled", scheduled=date(2026, 11, 1), waiting_on="technical") == "waiting"
    assert _action(status="in_progress", waiting_on="customer_service") == "waiting"
    assert _action(status="open", requested=date(2026, 11, 27), waiting_on="other") == "waiting"
    assert _action(status="open", requested=date(2026, 11, 27), waiting_on="") is None


def test_open_orders_past_and_on_the_deadline():
    # requested 2026-11-22 + 5 = 2026-11-27 < today
    assert _action(status="open", requested=date(2026, 11, 22)) == "unscheduled_past_goal"
    # requested 2026-11-23 + 5 = 2026-11-28 = today: still within the goal
    assert _action(status="open", requested=date(2026, 11, 23)) is None
    # installation 2026-11-21 + 7 = 2026-11-28 = today; 2026-11-20 + 7 = 2026-11-27 < today
    assert _action(kind="installation", requested=date(2026, 11, 21)) is None
    assert _action(kind="installation", requested=date(2026, 11, 20)) == "unscheduled_past_goal"
    # maintenance due 2026-11-21 + 7 = 2026-11-28 = today
    assert _action(kind="maintenance", requested=date(2026, 11, 21)) is None


def test_scheduled_orders():
    # requested 2026-11-27: the deadline 2026-12-02 is still ahead
    assert (
        _action(status="scheduled", requested=date(2026, 11, 27), scheduled=date(2026, 11, 27)) == "overdue"
    )
    assert _action(status="scheduled", requested=date(2026, 11, 27), scheduled=TODAY) is None
    assert _action(status="scheduled", requested=date(2026, 11, 27), scheduled=date(2026, 12, 1)) is None
    assert _action(status="scheduled", requested=date(2026, 11, 27), scheduled=None) is None
    # scheduled ahead, but past the goal's deadline (2026-11-20 + 5 = 2026-11-25)
    assert _action(status="scheduled", requested=date(2026, 11, 20), scheduled=date(2026, 12, 1)) == "overdue"


def test_in_progress_orders():
    assert _action(status="in_progress", requested=date(2026, 11, 20)) == "overdue"  # deadline 11-25
    assert _action(status="in_progress", requested=date(2026, 11, 23)) is None  # deadline today
    assert (
        _action(status="in_progress", requested=date(2026, 11, 25), scheduled=date(2026, 11, 26)) == "overdue"
    )


@pytest.mark.parametrize("status", ["done", "cancelled"])
def test_final_orders_never_need_action(status):
    assert _action(status=status, requested=date(2026, 1, 1)) is None
    assert _action(status=status, requested=date(2026, 1, 1), waiting_on="logistics") is None
    assert _action(status=status, requested=date(2026, 1, 1), scheduled=date(2026, 1, 2)) is None


# --------------------------------------------------------------------------- checks


def test_check_goals():
    assert rules.check_goals(GOALS) is GOALS
    equal = {**GOALS, "support": 3, "support_response": 3}
    assert rules.check_goals(equal) == equal
    with pytest.raises(DataError) as exc:
        rules.check_goals({**GOALS, "support_response": 6})
    assert exc.value.field == "service.goal_support_response"
    assert exc.value.value == "6"
    assert "(5 days)" in exc.value.message


def test_check_feedback_accepts():
    assert [rules.check_feedback(v) for v in (None, "", "3", 3, 1, 5, " 4 ", "5")] == [
        None,
        None,
        3,
        3,
        1,
        5,
        4,
        5,
    ]


@pytest.mark.parametrize("value", [0, 6, "0", "6", "x", "3.5", -1, " "])
def test_check_feedback_refuses(value):
    with pytest.raises(DataError) as exc:
        rules.check_feedback(value)
    assert exc.value.field == "feedback"
    assert exc.value.message == "must be a whole number from 1 to 5"
