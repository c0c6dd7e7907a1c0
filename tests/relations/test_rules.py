"""The relations rooms' pure rules against hand-computed numbers: the visit frequency, the due boundary and
the due order, compliance windows, double-booking overlaps, both status tables, the SLA and statistics.

Calendar facts used below (2026 is not a leap year): January 31 days, February 28, March 31.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from salesdesk.core.errors import DataError
from salesdesk.relations import rules

D = Decimal
TODAY = date(2026, 11, 28)


def d(text: str) -> date:
    return date.fromisoformat(text)


# --------------------------------------------------------------------------- frequency and due


def test_frequency_own_override_wins_else_the_tier():
    assert rules.frequency("A", None) == 30
    assert rules.frequency("B", None) == 60
    assert rules.frequency("C", None) == 90
    assert rules.frequency("C", 14) == 14
    assert rules.frequency("A", None, {"A": 7, "B": 8, "C": 9}) == 7


def test_due_exactly_on_the_frequency_day_is_not_due_one_day_later_is():
    # 2026-10-29 → 2026-11-28: 2 days left in October + 28 in November = 30 days
    assert (TODAY - d("2026-10-29")).days == 30
    assert rules.is_due(d("2026-10-29"), 30, TODAY) is False
    assert rules.is_due(d("2026-10-28"), 30, TODAY) is True  # 31 days
    assert rules.is_due(TODAY, 30, TODAY) is False
    assert rules.is_due(None, 30, TODAY) is True  # never visited


def _ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def test_due_list_order_never_visited_then_tier_then_days_overdue_then_code():
    customers = [
        ("C9", "Never C", "C", "V01", None, None),
        ("A1", "B late", "B", "V01", None, _ago(100)),  # 100 − 60 = 40 overdue
        ("A2", "A late", "A", "V02", None, _ago(40)),  # 40 − 30 = 10
        ("A4", "A later", "A", "V01", None, _ago(50)),  # 20
        ("A3", "A later too", "A", "V01", None, _ago(50)),  # 20, code before A4
        ("A5", "A on the day", "A", "V01", None, _ago(30)),  # exactly 30: not due
        ("A6", "C own 10", "C", None, 10, _ago(15)),  # own frequency 10: 5 overdue
        ("A7", "C fine", "C", "V01", None, _ago(90)),  # not due
        ("C8", "Never A", "A", "V02", None, None),
    ]
    found = rules.due_list(customers, TODAY)
    assert [c.code for c in found] == ["C8", "C9", "A3", "A4", "A2", "A1", "A6"]
    by_code = {c.code: c for c in found}
    assert by_code["C8"].days_overdue is None and by_code["C8"].last_visit is None
    assert (by_code["A1"].frequency, by_code["A1"].days_overdue) == (60, 40)
    assert (by_code["A3"].days_overdue, by_code["A2"].days_overdue) == (20, 10)
    assert (by_code["A6"].frequency, by_code["A6"].days_overdue, by_code["A6"].salesperson) == (10, 5, None)


def test_due_list_uses_the_policy_given():
    customers = [("X", "x", "A", None, None, _ago(31))]
    assert [c.code for c in rules.due_list(customers, TODAY)] == ["X"]
    assert rules.due_list(customers, TODAY, {"A": 31, "B": 60, "C": 90}) == []


# --------------------------------------------------------------------------- windows and compliance


def test_windows_of_a_quarter_of_90_days_are_three_of_30():
    # Jan 1 – Mar 31 = 31 + 28 + 31 = 90 days
    assert rules.windows(d("2026-01-01"), d("2026-03-31"), 30) == [
        (d("2026-01-01"), d("2026-01-30")),
        (d("2026-01-31"), d("2026-03-01")),  # Jan 31 + Feb 1–28 + Mar 1 = 30 days
        (d("2026-03-02"), d("2026-03-31")),
    ]


def test_windows_one_day_more_gives_a_fourth_window_of_one_day():
    spans = rules.windows(d("2026-01-01"), d("2026-04-01"), 30)
    assert len(spans) == 4
    assert spans[-1] == (d("2026-04-01"), d("2026-04-01"))


def test_windows_edge_cases():
    assert rules.windows(d("2026-05-01"), d("2026-05-01"), 30) == [(d("2026-05-01"), d("2026-05-01"))]
    assert rules.windows(d("2026-05-02"), d("2026-05-01"), 30) == []
    # a frequency longer than the period: one (short) window
    assert rules.windows(d("2026-01-01"), d("2026-01-10"), 90) == [(d("2026-01-01"), d("2026-01-10"))]
    # frequency 1: one window per day
    assert len(rules.windows(d("2026-02-01"), d("2026-02-28"), 1)) == 28


def test_customer_compliance_counts_windows_holding_a_done_visit():
    start, end = d("2026-01-01"), d("2026-04-01")  # 4 windows of 30 (the last of 1 day)
    # two visits in window 1, one on the last day of window 3; windows 2 and 4 empty
    done = [d("2026-01-15"), d("2026-01-20"), d("2026-03-31")]
    assert rules.customer_compliance(done, start, end, 30) == (4, 2)
    # visits outside the period do not count
    assert rules.customer_compliance([d("2025-12-31"), d("2026-04-02")], start, end, 30) == (4, 0)
    # the first and the last day of each window
    edges = [d("2026-01-01"), d("2026-03-01"), d("2026-03-02"), d("2026-04-01")]
    assert rules.customer_compliance(edges, start, end, 30) == (4, 4)
    assert rules.customer_compliance([], start, end, 30) == (4, 0)


def test_pct_one_decimal_half_up_none_on_zero():
    assert rules.pct(2, 4) == D("50.0")
    assert rules.pct(1, 3) == D("33.3")
    assert rules.pct(2, 3) == D("66.7")
    assert rules.pct(1, 8) == D("12.5")
    assert rules.pct(1, 16) == D("6.3")  # 6.25 → 6.3 (half up)
    assert rules.pct(0, 5) == D("0.0")
    assert rules.pct(0, 0) is None


# --------------------------------------------------------------------------- overlaps


@pytest.mark.parametrize(
    ("a", "a_dur", "b", "b_dur", "expected"),
    [
        ("10:00", 60, "11:00", 60, False),  # touching: 10:00–11:00 and 11:00–12:00
        ("11:00", 60, "10:00", 60, False),
        ("10:00", 60, "10:59", 60, True),
        ("10:30", 30, "10:00", 60, True),  # inside
        ("09:00", 90, "10:00", 60, True),  # 09:00–10:30 and 10:00–11:00
        ("08:00", 60, "12:00", 60, False),
        ("10:00", 60, "10:00", 60, True),
        ("", 60, "08:00", 60, True),  # no time: the whole day
        ("23:00", 60, "", 60, True),
        ("", 60, "", 60, True),
    ],
)
def test_overlaps(a, a_dur, b, b_dur, expected):
    assert rules.overlaps(a, a_dur, b, b_dur) is expected


def test_minutes():
    assert rules.minutes("") is None
    assert rules.minutes("00:00") == 0
    assert rules.minutes("09:30") == 570
    assert rules.minutes("23:59") == 1439


# --------------------------------------------------------------------------- checks


@pytest.mark.parametrize("text", ["25:00", "9", "24:00", "12:60", "9:5", "ab:cd", "10:00:00", "-1:30"])
def test_check_time_refuses(text):
    with pytest.raises(DataError) as exc:
        rules.check_time(text)
    assert exc.value.field == "time"


def test_check_time_accepts_and_normalises():
    assert rules.check_time("") == ""
    assert rules.check_time(None) == ""
    assert rules.check_time("09:30") == "09:30"
    assert rules.check_time(" 7:05 ") == "07:05"
    assert rules.check_time("00:00") == "00:00"
    assert rules.check_time("23:59") == "23:59"


@pytest.mark.parametrize("value", [0, 6, "0", "6", "x", "3.5", -1])
def test_check_satisfaction_refuses(value):
    with pytest.raises(DataError) as exc:
        rules.check_satisfaction(value)
    assert exc.value.field == "satisfaction"


def test_check_satisfaction_accepts():
    assert [rules.check_satisfaction(v) for v in (1, 5, "3", None, "")] == [1, 5, 3, None, None]


def test_check_choice_normalises_and_refuses():
    assert rules.check_choice("Key Account", rules.PURPOSES, "purpose") == "key_account"
    assert rules.check_choice("complaint-follow-up", rules.PURPOSES, "purpose") == "complaint_follow_up"
    with pytest.raises(DataError) as exc:
        rules.check_choice("lunch", rules.PURPOSES, "purpose")
    assert (exc.value.field, exc.value.value) == ("purpose", "lunch")


# --------------------------------------------------------------------------- status tables


@pytest.mark.parametrize(
    ("old", "new"), [("planned", "done"), ("planned", "cancelled"), ("planned", "missed")]
)
def test_visit_transitions_allowed(old, new):
    assert rules.check_visit_transition(old, new) == new


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("done", "cancelled"),
        ("done", "missed"),
        ("done", "planned"),
        ("cancelled", "done"),
        ("missed", "done"),
        ("cancelled", "planned"),
        ("planned", "planned"),
        ("done", "done"),
    ],
)
def test_visit_transitions_refused_name_both_states(old, new):
    with pytest.raises(DataError) as exc:
        rules.check_visit_transition(old, new)
    assert exc.value.field == "status"
    assert f"from {old} to {new}" in exc.value.message


def test_visit_every_pair_matches_the_table():
    allowed = {("planned", "done"), ("planned", "cancelled"), ("planned", "missed")}
    for old in rules.VISIT_STATUSES:
        for new in rules.VISIT_STATUSES:
            if (old, new) in allowed:
                assert rules.check_visit_transition(old, new) == new
            else:
                with pytest.raises(DataError):
                    rules.check_visit_transition(old, new)


COMPLAINT_ALLOWED = {
    ("new", "in_progress"),
    ("new", "resolved"),
    ("in_progress", "resolved"),
    ("resolved", "closed"),
    ("resolved", "in_progress"),
    ("closed", "in_progress"),
}


def test_complaint_every_pair_matches_the_table():
    for old in rules.COMPLAINT_STATUSES:
        for new in rules.COMPLAINT_STATUSES:
            if (old, new) in COMPLAINT_ALLOWED:
                assert rules.check_complaint_transition(old, new) == new
            else:
                with pytest.raises(DataError):
                    rules.check_complaint_transition(old, new)


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("new", "closed", ("new", "closed")),
        ("in_progress", "closed", ("in progress", "closed")),
        ("in_progress", "new", ("in progress", "new")),
        ("closed", "resolved", ("closed", "resolved")),
    ],
)
def test_complaint_transitions_refused_name_both_states(old, new, words):
    with pytest.raises(DataError) as exc:
        rules.check_complaint_transition(old, new)
    assert exc.value.message == f"cannot change from {words[0]} to {words[1]}"


def test_unknown_status_is_refused():
    with pytest.raises(DataError) as exc:
        rules.check_complaint_transition("new", "bogus")
    assert exc.value.value == "bogus"
    with pytest.raises(DataError):
        rules.check_visit_transition("planned", "bogus")


# --------------------------------------------------------------------------- SLA


@pytest.mark.parametrize(
    ("severity", "due"),
    [("critical", "2026-11-02"), ("high", "2026-11-04"), ("medium", "2026-11-08"), ("low", "2026-11-15")],
)
def test_sla_due_from_the_severity(severity, due):
    assert rules.sla_due(d("2026-11-01"), severity) == d(due)


def test_sla_due_crosses_month_and_uses_the_days_given():
    assert rules.sla_due(d("2026-11-25"), "medium") == d("2026-12-02")
    assert rules.sla_due(d("2026-11-25"), "low", {"critical": 0, "high": 1, "medium": 2, "low": 10}) == d(
        "2026-12-05"
    )


def test_within_sla_exactly_on_the_sla_day_not_the_day_after():
    opened = d("2026-11-01")
    assert rules.within_sla(opened, d("2026-11-04"), "high") is True  # 01 + 3
    assert rules.within_sla(opened, d("2026-11-05"), "high") is False
    assert rules.within_sla(opened, d("2026-11-01"), "critical") is True
    assert rules.within_sla(opened, d("2026-11-02"), "critical") is True
    assert rules.within_sla(opened, d("2026-11-03"), "critical") is False
    assert rules.within_sla(opened, d("2026-11-15"), "low") is True
    assert rules.within_sla(opened, d("2026-11-16"), "low") is False


def test_overdue_flag_is_open_past_the_due_date():
    due = d("2026-11-04")
    # open: overdue once today is past the due date (on the due date: not yet)
    assert rules.overdue("new", due, None, d("2026-11-04")) is False
    assert rules.overdue("new", due, None, d("2026-11-05")) is True
    assert rules.overdue("in_progress", due, None, d("2026-11-05")) is True
    # resolved / closed: never overdue (judged by within_sla instead), even when resolved late
    assert rules.overdue("resolved", due, d("2026-11-04"), TODAY) is False
    assert rules.overdue("resolved", due, d("2026-11-05"), TODAY) is False
    assert rules.overdue("closed", due, d("2026-11-10"), TODAY) is False


def test_late_is_open_past_due_or_resolved_after_it():
    due = d("2026-11-04")
    assert rules.late("new", due, None, d("2026-11-04")) is False
    assert rules.late("in_progress", due, None, d("2026-11-05")) is True
    assert rules.late("resolved", due, d("2026-11-04"), TODAY) is False  # on the SLA day
    assert rules.late("resolved", due, d("2026-11-05"), TODAY) is True
    assert rules.late("closed", due, d("2026-11-10"), TODAY) is True
    assert rules.late("closed", due, d("2026-11-01"), TODAY) is False


# --------------------------------------------------------------------------- nearest rank and stats


@pytest.mark.parametrize(
    ("values", "p", "expected"),
    [
        (list(range(1, 11)), 90, 9),  # ceil(0.9 × 10) = 9th
        ([5], 90, 5),
        ([], 90, None),
        ([1, 2, 3], 90, 3),  # ceil(2.7) = 3rd
        ([7, 1, 3], 90, 7),  # sorted [1, 3, 7]: 3rd
        (list(range(10, 120, 10)), 90, 100),  # 11 values: ceil(9.9) = 10th = 100
        (list(range(1, 21)), 90, 18),  # ceil(18.0) = 18th
        (list(range(1, 11)), 50, 5),
        (list(range(1, 11)), 100, 10),
        ([4, 4, 4, 9], 90, 9),  # ceil(3.6) = 4th
        ([2, 8], 50, 2),  # ceil(1.0) = 1st
    ],
)
def test_nearest_rank(values, p, expected):
    assert rules.nearest_rank(values, p) == expected


def test_stats_on_a_hand_fixture():
    """Today 2026-11-28. Rows (status, opened, sla due, resolved, severity, satisfaction):

    1. resolved, 11-01, due 11-04 (high), resolved 11-03 → 2 days, within, score 4
    2. closed, 11-01, due 11-08 (medium), resolved 11-10 → 9 days, late (not within; not "overdue",
       which counts open ones only), score 2
    3. new, 11-20, due 11-21 (critical) → open, overdue (11-28 > 11-21)
    4. in_progress, 11-25, due 12-09 (low) → open, not overdue
    5. resolved, 11-10, due 11-17 (medium), resolved 11-17 → 7 days, within (on the SLA day), score 5
    6. resolved, 11-05, due 11-06 (critical), resolved 11-05 → 0 days, within, score 5

    opened 6, open 2, overdue 1 (#3), resolved 4, within SLA 3; durations [0, 2, 7, 9]: average 18 / 4 = 4.5,
    p90 = ceil(3.6) = 4th = 9; scores [4, 2, 5, 5]: average 16 / 4 = 4.0.
    """
    rows = [
        ("resolved", d("2026-11-01"), d("2026-11-04"), d("2026-11-03"), "high", 4),
        ("closed", d("2026-11-01"), d("2026-11-08"), d("2026-11-10"), "medium", 2),
        ("new", d("2026-11-20"), d("2026-11-21"), None, "critical", None),
        ("in_progress", d("2026-11-25"), d("2026-12-09"), None, "low", None),
        ("resolved", d("2026-11-10"), d("2026-11-17"), d("2026-11-17"), "medium", 5),
        ("resolved", d("2026-11-05"), d("2026-11-06"), d("2026-11-05"), "critical", 5),
    ]
    s = rules.stats(rows, TODAY)
    assert (s.opened, s.open, s.overdue, s.resolved, s.within_sla) == (6, 2, 1, 4, 3)
    assert s.avg_days == D("4.5")
    assert s.p90_days == 9
    assert s.satisfaction_avg == D("4.0")
    assert s.satisfaction == {1: 0, 2: 1, 3: 0, 4: 1, 5: 2}


def test_stats_rounding_half_up_and_empty():
    # durations [0, 0, 0, 1]: 1 / 4 = 0.25 → 0.3 (half up); scores [1, 2]: 1.5
    rows = [
        ("resolved", d("2026-11-01"), d("2026-11-08"), d("2026-11-01"), "medium", 1),
        ("resolved", d("2026-11-01"), d("2026-11-08"), d("2026-11-01"), "medium", 2),
        ("resolved", d("2026-11-01"), d("2026-11-08"), d("2026-11-01"), "medium", None),
        ("resolved", d("2026-11-01"), d("2026-11-08"), d("2026-11-02"), "medium", None),
    ]
    s = rules.stats(rows, TODAY)
    assert (s.avg_days, s.p90_days, s.satisfaction_avg) == (D("0.3"), 1, D("1.5"))
    empty = rules.stats([], TODAY)
    assert (empty.opened, empty.open, empty.overdue, empty.resolved, empty.within_sla) == (0, 0, 0, 0, 0)
    assert (empty.avg_days, empty.p90_days, empty.satisfaction_avg) == (None, None, None)
    assert empty.satisfaction == {1: 0, 2: 0, 3: 0, 4: 0, 5: 0}
