"""Reads and writes of the relations rooms on the seeded database (today 2026-11-28), against hand-computed
numbers and, for compliance, an independent computation from the visits table.

Seeded: C001 Acme (V01), C002 Bar El Sol (V02, on leave), C003 Cafetería Ávila (V01), all tier C (a visit
every 90 days by default); no visits, no complaints.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import text

from salesdesk.core.business import set_rule
from salesdesk.core.db import read_session, write_session
from salesdesk.core.errors import DataError
from salesdesk.org import queries as org
from salesdesk.relations import queries as q
from salesdesk.relations.room import RULES

TODAY = date(2026, 11, 28)
NOW = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)
D = Decimal


def d(value: str) -> date:
    return date.fromisoformat(value)


def plan(engine, customer, day, **kw):
    with write_session(engine) as s:
        return q.plan_visit(session=s, customer=customer, day=d(day), now=NOW, **kw)


def done(engine, customer, day, **kw):
    """A visit planned and done on ``day`` (in the past)."""
    row, _warnings = plan(engine, customer, day, **kw)
    with write_session(engine) as s:
        return q.close_visit(session=s, ref=row.id, status="done", today=TODAY, now=NOW)[0]


def close(engine, ref, status, **kw):
    with write_session(engine) as s:
        return q.close_visit(session=s, ref=ref, status=status, today=TODAY, now=NOW, **kw)


def due_codes(engine, **kw):
    with read_session(engine) as s:
        return [(c.code, c.days_overdue) for c in q.due(session=s, today=TODAY, **kw)]


def edit(engine, code, **data):
    with write_session(engine) as s:
        org.edit_customer(session=s, code=code, data=data, locale="en_US", now=NOW)


def frequency(engine, code, days):
    with write_session(engine) as s:
        return q.set_frequency(session=s, customer=code, days=days, now=NOW)


def rule(engine, key, value):
    with write_session(engine) as s:
        set_rule(s, next(r for r in RULES if r.key == key), value, when=NOW)


# --------------------------------------------------------------------------- planning and closing visits


def test_plan_defaults_to_the_customers_salesperson_and_60_minutes(seeded):
    row, warnings = plan(seeded, "C002", "2026-12-01", time="9:05")
    assert warnings == []
    assert (row.customer, row.name, row.who, row.by_manager) == ("C002", "Bar El Sol", "V02", False)
    assert (row.date, row.time, row.duration, row.purpose, row.status) == (
        d("2026-12-01"),
        "09:05",
        60,
        "routine",
        "planned",
    )


def test_plan_by_the_manager_and_by_another_salesperson(seeded):
    boss, _ = plan(seeded, "C002", "2026-12-01", who="manager", purpose="Key Account")
    assert (boss.who, boss.by_manager, boss.purpose) == ("manager", True, "key_account")
    other, _ = plan(seeded, "C002", "2026-12-01", who="V01", time="08:00")
    assert (other.who, other.by_manager) == ("V01", False)


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"customer": "C999"}, "customer"),
        ({"time": "25:00"}, "time"),
        ({"time": "9"}, "time"),
        ({"purpose": "lunch"}, "purpose"),
        ({"who": "V99"}, "who"),
        ({"duration": 0}, "duration"),
        ({"duration": 1441}, "duration"),
        ({"complaint": "R999999"}, "complaint"),
    ],
)
def test_plan_refuses(seeded, kw, field):
    args = {"customer": "C001", **kw}
    with pytest.raises(DataError) as exc, write_session(seeded) as s:
        q.plan_visit(session=s, day=d("2026-12-01"), now=NOW, **args)
    assert exc.value.field == field
    with read_session(seeded) as s:
        assert q.count_visits(session=s) == 0


def test_done_on_the_planned_date_or_on_the_date_given(seeded):
    a, _ = plan(seeded, "C001", "2026-11-20")
    row, following = close(seeded, a.id, "done", outcome="order taken")
    assert (row.status, row.date, row.outcome, following) == ("done", d("2026-11-20"), "order taken", None)
    b, _ = plan(seeded, "C003", "2026-12-05")  # planned in the future, done earlier
    row, _ = close(seeded, b.id, "done", day=d("2026-11-27"))
    assert (row.status, row.date) == ("done", d("2026-11-27"))


def test_done_today_is_allowed_but_not_in_the_future(seeded):
    a, _ = plan(seeded, "C001", "2026-11-28")
    assert close(seeded, a.id, "done")[0].status == "done"
    b, _ = plan(seeded, "C001", "2026-11-29")
    with pytest.raises(DataError) as exc:
        close(seeded, b.id, "done")
    assert (exc.value.field, exc.value.value) == ("date", "2026-11-29")
    with pytest.raises(DataError) as exc:
        close(seeded, b.id, "done", day=d("2026-11-30"))
    assert exc.value.field == "date"
    with read_session(seeded) as s:  # nothing changed
        assert (q.get_visit(session=s, ref=b.id).status, q.get_visit(session=s, ref=b.id).date) == (
            "planned",
            d("2026-11-29"),
        )


def test_final_states_stay_final(seeded):
    a, _ = plan(seeded, "C001", "2026-11-20")
    close(seeded, a.id, "cancelled")
    for status in ("done", "missed", "cancelled"):
        with pytest.raises(DataError) as exc:
            close(seeded, a.id, status)
        assert f"from cancelled to {status}" in exc.value.message


def test_only_a_done_visit_has_a_date_or_a_next_visit(seeded):
    a, _ = plan(seeded, "C001", "2026-11-20")
    with pytest.raises(DataError):
        close(seeded, a.id, "missed", day=d("2026-11-20"))
    with pytest.raises(DataError):
        close(seeded, a.id, "cancelled", next_visit=d("2026-12-20"))


def test_done_with_a_next_visit_plans_it_same_person_and_purpose(seeded):
    a, _ = plan(seeded, "C003", "2026-11-20", who="manager", time="10:00", duration=45, purpose="collection")
    with pytest.raises(DataError) as exc:
        close(seeded, a.id, "done", next_visit=d("2026-11-20"))
    assert exc.value.field == "next"
    row, following = close(seeded, a.id, "done", next_visit=d("2026-12-20"), next_step="bring samples")
    assert (row.next_visit, row.next_step) == (d("2026-12-20"), "bring samples")
    assert following is not None
    assert (following.customer, following.date, following.who, following.time, following.duration) == (
        "C003",
        d("2026-12-20"),
        "manager",
        "10:00",
        45,
    )
    assert (following.purpose, following.status) == ("collection", "planned")


def test_unknown_visit_number(seeded):
    for ref in ("999", "abc"):
        with pytest.raises(DataError) as exc:
            close(seeded, ref, "done")
        assert exc.value.field == "visit"


# --------------------------------------------------------------------------- double booking


def test_double_booking_warns_only_for_the_same_person_overlapping_the_same_day(seeded):
    first, warnings = plan(seeded, "C001", "2026-12-01", time="10:00")
    assert warnings == []
    # V01 again, 10:30–11:30 overlaps 10:00–11:00
    _, warnings = plan(seeded, "C003", "2026-12-01", time="10:30")
    assert warnings == [f"V01 is already booked on 2026-12-01: visit {first.id} to C001 at 10:00"]


def test_touching_visits_do_not_clash(seeded):
    plan(seeded, "C001", "2026-12-01", time="10:00")
    assert plan(seeded, "C003", "2026-12-01", time="11:00")[1] == []  # 11:00 starts when 10:00 ends
    assert plan(seeded, "C003", "2026-12-01", time="09:00")[1] == []  # 09:00–10:00
    # a 90-minute visit from 08:45 reaches into 10:00: clashes with the 09:00 and 10:00 ones
    assert len(plan(seeded, "C001", "2026-12-01", time="08:45", duration=90)[1]) == 2


def test_no_clash_for_another_person_another_day_or_a_cancelled_visit(seeded):
    a, _ = plan(seeded, "C001", "2026-12-01", time="10:00")
    assert plan(seeded, "C001", "2026-12-01", time="10:00", who="manager")[1] == []
    assert plan(seeded, "C002", "2026-12-01", time="10:00")[1] == []  # V02
    assert plan(seeded, "C001", "2026-12-02", time="10:00")[1] == []
    close(seeded, a.id, "cancelled")
    assert plan(seeded, "C003", "2026-12-01", time="10:15")[1] == []


def test_a_visit_without_time_takes_the_whole_day(seeded):
    a, _ = plan(seeded, "C001", "2026-12-01", time="08:00")
    b, _ = plan(seeded, "C003", "2026-12-01", time="17:00")
    _, warnings = plan(seeded, "C001", "2026-12-01")
    assert sorted(warnings) == sorted(
        [
            f"V01 is already booked on 2026-12-01: visit {a.id} to C001 at 08:00",
            f"V01 is already booked on 2026-12-01: visit {b.id} to C003 at 17:00",
        ]
    )
    _, warnings = plan(seeded, "C003", "2026-12-01", time="12:00")  # clashes with the whole-day one only
    assert len(warnings) == 1 and "at some time" in warnings[0]


def test_manager_double_booking(seeded):
    a, _ = plan(seeded, "C001", "2026-12-03", time="16:00", who="manager")
    _, warnings = plan(seeded, "C002", "2026-12-03", time="16:30", who="manager")
    assert warnings == [f"manager is already booked on 2026-12-03: visit {a.id} to C001 at 16:00"]


def test_a_warned_visit_is_still_planned(seeded):
    plan(seeded, "C001", "2026-12-01", time="10:00")
    plan(seeded, "C003", "2026-12-01", time="10:00")
    with read_session(seeded) as s:
        assert q.count_visits(session=s, status="planned", who="V01") == 2


# --------------------------------------------------------------------------- the due list


def test_due_list_never_visited_first_then_tier_then_overdue(seeded):
    assert due_codes(seeded) == [("C001", None), ("C002", None), ("C003", None)]
    edit(seeded, "C003", tier="A")
    assert due_codes(seeded) == [("C003", None), ("C001", None), ("C002", None)]
    # C001 visited 2026-08-01: Aug 1 → Nov 28 = 30 + 30 + 31 + 28 = 119 days; 119 − 90 = 29 overdue
    done(seeded, "C001", "2026-08-01")
    assert due_codes(seeded) == [("C003", None), ("C002", None), ("C001", 29)]
    # the manager's visit counts for C002
    done(seeded, "C002", "2026-11-01", who="manager")
    assert due_codes(seeded) == [("C003", None), ("C001", 29)]
    # a salesperson's customers only
    assert due_codes(seeded, salesperson="V02") == []
    assert due_codes(seeded, salesperson="V01") == [("C003", None), ("C001", 29)]


def test_the_last_done_visit_updates_the_due_list(seeded):
    done(seeded, "C001", "2026-08-01")
    assert ("C001", 29) in due_codes(seeded)
    # a later visit by another salesperson counts for the customer
    done(seeded, "C001", "2026-10-01", who="V02")  # 58 days: not due
    assert "C001" not in [c for c, _ in due_codes(seeded)]
    with read_session(seeded) as s:
        assert q.last_visits(s, TODAY)[1] == d("2026-10-01")


def test_cancelled_missed_and_planned_visits_do_not_count(seeded):
    a, _ = plan(seeded, "C001", "2026-11-20")
    close(seeded, a.id, "missed")
    b, _ = plan(seeded, "C001", "2026-11-21")
    close(seeded, b.id, "cancelled")
    plan(seeded, "C001", "2026-11-22")
    assert due_codes(seeded)[0] == ("C001", None)


def test_own_frequency_boundary_and_back_to_the_tier(seeded):
    done(seeded, "C001", "2026-08-01")  # 119 days ago
    assert frequency(seeded, "C001", 119) == 119
    assert "C001" not in [c for c, _ in due_codes(seeded)]  # exactly on the frequency day
    assert frequency(seeded, "C001", 118) == 118
    assert ("C001", 1) in due_codes(seeded)
    assert frequency(seeded, "C001", None) == 90
    assert ("C001", 29) in due_codes(seeded)
    for bad in (0, 3661):
        with pytest.raises(DataError) as exc:
            frequency(seeded, "C001", bad)
        assert exc.value.field == "days"
    with pytest.raises(DataError):
        frequency(seeded, "C999", 30)


def test_the_tier_frequencies_are_business_rules(seeded):
    done(seeded, "C001", "2026-08-01")  # 119 days ago
    rule(seeded, "relations.frequency_c", "119")
    assert "C001" not in [c for c, _ in due_codes(seeded)]
    rule(seeded, "relations.frequency_c", "100")
    assert ("C001", 19) in due_codes(seeded)


# --------------------------------------------------------------------------- compliance

START, END = d("2026-09-01"), d("2026-11-28")  # 30 + 31 + 28 = 89 days


@pytest.fixture
def policy_books(seeded):
    """C001 tier A (30 days): windows Sep 1–30, Oct 1–30, Oct 31–Nov 28; done 09-10 (V01), 10-05 (manager),
    11-15 (V02, not its salesperson) → 3 of 3; last visit 11-15 (13 days): not due.
    C003 own frequency 40: windows Sep 1–Oct 10, Oct 11–Nov 19, Nov 20–28; done 08-20 (before the period)
    and 10-15; cancelled 09-05, missed 11-22 → 1 of 3; last 10-15 (44 days > 40): due.
    C002 tier B (60, V02): windows Sep 1–Oct 30, Oct 31–Nov 28; done 07-01 only → 0 of 2; 150 days: due.

    V01 (C001 + C003): required 3 + 3 = 6, done 3 + 1 = 4 → 66.7 %, 1 customer due.
    V02 (C002): required 2, done 0 → 0.0 %, 1 customer due.
    """
    edit(seeded, "C001", tier="A")
    edit(seeded, "C002", tier="B")
    frequency(seeded, "C003", 40)
    done(seeded, "C001", "2026-09-10")
    done(seeded, "C001", "2026-10-05", who="manager")
    done(seeded, "C001", "2026-11-15", who="V02")
    done(seeded, "C003", "2026-08-20")
    done(seeded, "C003", "2026-10-15")
    close(seeded, plan(seeded, "C003", "2026-09-05")[0].id, "cancelled")
    close(seeded, plan(seeded, "C003", "2026-11-22")[0].id, "missed")
    done(seeded, "C002", "2026-07-01")
    return seeded


def _compliance(engine, start=START, end=END):
    with read_session(engine) as s:
        return q.compliance(session=s, start=start, end=end)


def test_compliance_on_the_hand_fixture(policy_books):
    rows = {r.salesperson: r for r in _compliance(policy_books)}
    assert sorted(rows) == ["V01", "V02"]
    v01, v02 = rows["V01"], rows["V02"]
    assert (v01.required, v01.done_on_time, v01.compliance_pct, v01.overdue_customers) == (6, 4, D("66.7"), 1)
    assert (v02.required, v02.done_on_time, v02.compliance_pct, v02.overdue_customers) == (2, 0, D("0.0"), 1)
    assert v01.name == "Lucía Fernández"


def _independent(engine, start: date, end: date) -> dict[str, tuple[int, int, int]]:
    """Compliance from the raw tables: window k of a customer holds the days start + k·freq …; required =
    ceil(period days / freq); done on time = distinct k of its done visits; due = days since its last done
    visit (on or before ``end``) > freq."""
    tier_days = {"A": 30, "B": 60, "C": 90}
    with engine.connect() as conn:
        customers = conn.execute(
            text(
                "SELECT c.id, s.code, c.tier, f.days FROM customers c JOIN salespeople s ON s.id = "
                "c.salesperson_id LEFT JOIN visit_frequencies f ON f.customer_id = c.id"
            )
        ).all()
        visits = conn.execute(text("SELECT customer_id, date FROM visits WHERE status = 'done'")).all()
    days_by_customer = defaultdict(list)
    for cid, day in visits:
        days_by_customer[cid].append(date.fromisoformat(str(day)))
    period = (end - start).days + 1
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for cid, sp, tier, own in customers:
        freq = own or tier_days[tier]
        inside = {(v - start).days // freq for v in days_by_customer[cid] if start <= v <= end}
        before = [v for v in days_by_customer[cid] if v <= end]
        t = out[sp]
        t[0] += math.ceil(period / freq)
        t[1] += len(inside)
        t[2] += (not before) or (end - max(before)).days > freq
    return {k: tuple(v) for k, v in out.items()}


@pytest.mark.parametrize(
    ("start", "end"),
    [(START, END), (d("2026-10-01"), d("2026-10-31")), (d("2026-01-01"), d("2026-12-31")), (END, END)],
)
def test_compliance_matches_an_independent_computation(policy_books, start, end):
    got = {r.salesperson: (r.required, r.done_on_time, r.overdue_customers) for r in _compliance(
        policy_books, start, end
    )}  # fmt: skip
    assert got == _independent(policy_books, start, end)


def test_compliance_with_nothing_required_and_a_bad_range(seeded):
    rows = _compliance(seeded, d("2026-11-01"), d("2026-11-28"))
    # 28 days, tier C (90): one window per customer, no visit
    assert [(r.salesperson, r.required, r.done_on_time, r.compliance_pct) for r in rows] == [
        ("V01", 2, 0, D("0.0")),
        ("V02", 1, 0, D("0.0")),
    ]
    with pytest.raises(DataError) as exc:
        _compliance(seeded, d("2026-11-02"), d("2026-11-01"))
    assert exc.value.field == "--to"


# --------------------------------------------------------------------------- listing and the agenda


def test_list_and_count_visits_filters(policy_books):
    with read_session(policy_books) as s:
        assert q.count_visits(session=s) == 8
        assert q.count_visits(session=s, status="done") == 6
        assert [v.date for v in q.list_visits(session=s, who="manager")] == [d("2026-10-05")]
        assert [v.date for v in q.list_visits(session=s, customer="C003")] == [
            d("2026-08-20"),
            d("2026-09-05"),
            d("2026-10-15"),
            d("2026-11-22"),
        ]
        in_oct = q.list_visits(session=s, start=d("2026-10-01"), end=d("2026-10-31"))
        assert [(v.customer, v.who) for v in in_oct] == [("C001", "manager"), ("C003", "V01")]
        page = q.list_visits(session=s, limit=2, offset=1)
        assert [v.date for v in page] == [d("2026-08-20"), d("2026-09-05")]
        with pytest.raises(DataError):
            q.list_visits(session=s, status="bogus")


def test_agenda_of_a_week_planned_and_done_only(seeded):
    plan(seeded, "C001", "2026-11-30", time="10:00")  # Monday
    plan(seeded, "C003", "2026-11-30", time="09:00")
    plan(seeded, "C002", "2026-12-02", who="manager")
    c, _ = plan(seeded, "C002", "2026-12-03")
    close(seeded, c.id, "cancelled")
    plan(seeded, "C001", "2026-12-07")  # next week
    with read_session(seeded) as s:
        week = q.agenda(session=s, monday=d("2026-11-30"))
    assert sorted(week) == ["V01", "manager"]
    assert [v.customer for v in week["V01"][d("2026-11-30")]] == ["C003", "C001"]  # by time
    assert [v.customer for v in week["manager"][d("2026-12-02")]] == ["C002"]
    assert "V02" not in week


# --------------------------------------------------------------------------- complaints


def add(engine, customer, severity, opened, category="delivery", **kw):
    with write_session(engine) as s:
        return q.add_complaint(
            session=s, customer=customer, category=category, severity=severity, text="said so",
            opened=d(opened), now=NOW, **kw,
        )  # fmt: skip


def update(engine, ref, status, note=""):
    with write_session(engine) as s:
        return q.update_complaint(session=s, ref=ref, status=status, note=note, now=NOW)


def resolve(engine, ref, day, satisfaction=None, resolution="fixed"):
    with write_session(engine) as s:
        return q.resolve_complaint(
            session=s, ref=ref, resolution=resolution, satisfaction=satisfaction, day=d(day), now=NOW
        )


def test_add_complaint_numbers_sla_and_owner(seeded):
    a = add(seeded, "C001", "high", "2026-11-20")
    assert (a.number, a.status, a.sla_due, a.owner, a.salesperson) == (
        "R000001",
        "new",
        d("2026-11-23"),
        "V01",
        "V01",
    )
    b = add(seeded, "C002", "low", "2026-11-01", owner="manager", channel="Phone")
    assert (b.number, b.sla_due, b.owner, b.channel) == ("R000002", d("2026-11-15"), None, "phone")
    c = add(seeded, "C002", "critical", "2026-11-30", owner="V01")
    assert (c.number, c.sla_due, c.owner, c.salesperson) == ("R000003", d("2026-12-01"), "V01", "V02")


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"customer": "C999"}, "customer"),
        ({"category": "weather"}, "category"),
        ({"severity": "urgent"}, "severity"),
        ({"channel": "fax"}, "channel"),
    ],
)
def test_add_complaint_refuses(seeded, kw, field):
    args = {"customer": "C001", "severity": "high", "category": "delivery", **kw}
    with pytest.raises(DataError) as exc, write_session(seeded) as s:
        q.add_complaint(session=s, text="x", opened=TODAY, now=NOW, **args)
    assert exc.value.field == field


def test_the_sla_days_are_business_rules(seeded):
    rule(seeded, "relations.sla_high", "5")
    assert add(seeded, "C001", "high", "2026-11-20").sla_due == d("2026-11-25")


def test_complaint_flow_resolve_reopen_close_and_the_timeline(seeded):
    add(seeded, "C001", "high", "2026-11-20")  # due 11-23
    assert update(seeded, "R000001", "in_progress", note="called the customer").status == "in_progress"
    r = resolve(seeded, "R000001", "2026-11-23", 4)  # on the SLA day: within
    assert (r.status, r.resolved, r.satisfaction, r.resolution) == ("resolved", d("2026-11-23"), 4, "fixed")
    r = update(seeded, "R000001", "in_progress", note="still broken")  # reopen
    assert (r.status, r.resolved, r.satisfaction) == ("in_progress", None, None)
    r = resolve(seeded, "R000001", "2026-11-26", "3")
    assert (r.status, r.resolved, r.satisfaction) == ("resolved", d("2026-11-26"), 3)
    assert update(seeded, "R000001", "closed").status == "closed"
    assert update(seeded, "R000001", "in_progress").status == "in_progress"  # reopen from closed
    with read_session(seeded) as s:
        rows = q.timeline(session=s, ref="R000001")
    assert [(old, new, note) for _when, old, new, _who, note in rows] == [
        (None, "new", ""),
        ("new", "in_progress", "called the customer"),
        ("in_progress", "resolved", ""),
        ("resolved", "in_progress", "still broken"),
        ("in_progress", "resolved", ""),
        ("resolved", "closed", ""),
        ("closed", "in_progress", ""),
    ]


def test_complaint_refusals(seeded):
    add(seeded, "C001", "high", "2026-11-20")
    with pytest.raises(DataError) as exc:
        update(seeded, "R000001", "resolved")
    assert "complaint resolve" in exc.value.message
    with pytest.raises(DataError) as exc:
        update(seeded, "R000001", "closed")
    assert exc.value.message == "cannot change from new to closed"
    with pytest.raises(DataError) as exc:
        resolve(seeded, "R000001", "2026-11-19")  # before it was opened
    assert exc.value.field == "date"
    with pytest.raises(DataError) as exc:
        resolve(seeded, "R000001", "2026-11-21", resolution="  ")
    assert exc.value.field == "resolution"
    for score in (0, 6):
        with pytest.raises(DataError) as exc:
            resolve(seeded, "R000001", "2026-11-21", score)
        assert exc.value.field == "satisfaction"
    resolve(seeded, "R000001", "2026-11-20")  # new → resolved directly, on the day it came in
    with pytest.raises(DataError) as exc:
        resolve(seeded, "R000001", "2026-11-21")
    assert exc.value.message == "cannot change from resolved to resolved"
    with pytest.raises(DataError) as exc:
        update(seeded, "R999999", "closed")
    assert exc.value.field == "complaint"
    with read_session(seeded) as s:
        r = q.get_complaint(session=s, ref="R000001")
    assert (r.status, r.resolved) == ("resolved", d("2026-11-20"))


@pytest.fixture
def complaint_books(seeded):
    """Opened 2026-11-01 … 11-28 unless said (today 11-28):

    R000001 C001 delivery high 11-01 (due 11-04), resolved 11-03, score 4 → 2 days, within
    R000002 C002 billing medium 11-01 (due 11-08), resolved 11-10, score 2, closed → 9 days, late
    (not within SLA; not overdue either: overdue counts open complaints only)
    R000003 C003 delivery critical 11-20 (due 11-21), new → open, overdue
    R000004 C001 price low 11-25 (due 12-09), in progress → open, not overdue
    R000005 C003 delivery medium 11-10 (due 11-17), resolved 11-17, score 5 → 7 days, within (on the day)
    R000006 C002 billing critical 11-05 (due 11-06), resolved 11-05, score 5 → 0 days, within
    R000007 C001 service low 10-31 (due 11-14), new → outside November; open and overdue
    """
    add(seeded, "C001", "high", "2026-11-01")
    resolve(seeded, "R000001", "2026-11-03", 4)
    add(seeded, "C002", "medium", "2026-11-01", category="billing")
    resolve(seeded, "R000002", "2026-11-10", 2)
    update(seeded, "R000002", "closed")
    add(seeded, "C003", "critical", "2026-11-20")
    add(seeded, "C001", "low", "2026-11-25", category="price")
    update(seeded, "R000004", "in_progress")
    add(seeded, "C003", "medium", "2026-11-10")
    resolve(seeded, "R000005", "2026-11-17", 5)
    add(seeded, "C002", "critical", "2026-11-05", category="billing")
    resolve(seeded, "R000006", "2026-11-05", 5)
    add(seeded, "C001", "low", "2026-10-31", category="service")
    return seeded


def _stats(engine, by=None, start="2026-11-01", end="2026-11-28"):
    with read_session(engine) as s:
        return q.complaint_stats(session=s, start=d(start), end=d(end), today=TODAY, by=by)


def _tuple(s):
    return (s.opened, s.open, s.overdue, s.resolved, s.within_sla, s.avg_days, s.p90_days, s.satisfaction_avg)


def test_complaint_stats_overall(complaint_books):
    # durations [0, 2, 7, 9]: 18 / 4 = 4.5, p90 ceil(3.6) = 4th = 9; scores [4, 2, 5, 5]: 16 / 4 = 4.0
    ((key, s),) = _stats(complaint_books)
    assert key == "all"
    assert _tuple(s) == (6, 2, 1, 4, 3, D("4.5"), 9, D("4.0"))
    assert s.satisfaction == {1: 0, 2: 1, 3: 0, 4: 1, 5: 2}


def test_complaint_stats_by_category(complaint_books):
    got = {k: _tuple(s) for k, s in _stats(complaint_books, by="category")}
    assert got == {
        # R2, R6: durations [9, 0] → 4.5, p90 ceil(1.8) = 2nd = 9; scores [2, 5] → 3.5
        "billing": (2, 0, 0, 2, 1, D("4.5"), 9, D("3.5")),
        # R1, R3, R5: durations [2, 7] → 4.5, p90 7; scores [4, 5] → 4.5
        "delivery": (3, 1, 1, 2, 2, D("4.5"), 7, D("4.5")),
        "price": (1, 1, 0, 0, 0, None, None, None),
    }


def test_complaint_stats_by_the_customers_salesperson(complaint_books):
    got = {k: _tuple(s) for k, s in _stats(complaint_books, by="salesperson")}
    assert got == {
        "V01": (4, 2, 1, 2, 2, D("4.5"), 7, D("4.5")),  # C001 + C003: R1, R3, R4, R5
        "V02": (2, 0, 0, 2, 1, D("4.5"), 9, D("3.5")),  # C002: R2, R6
    }


def test_complaint_stats_empty_range_and_bad_range(complaint_books):
    ((key, s),) = _stats(complaint_books, start="2025-01-01", end="2025-01-31")
    assert key == "all" and _tuple(s) == (0, 0, 0, 0, 0, None, None, None)
    with pytest.raises(DataError) as exc:
        _stats(complaint_books, start="2026-11-28", end="2026-11-01")
    assert exc.value.field == "--to"


def test_list_complaints_open_first_by_sla_due(complaint_books):
    with read_session(complaint_books) as s:
        everything = [r.number[-1] for r in q.list_complaints(session=s)]
        open_only = [r.number[-1] for r in q.list_complaints(session=s, open_only=True)]
        of_c002 = [r.number[-1] for r in q.list_complaints(session=s, customer="C002")]
        assert q.count_complaints(session=s, open_only=True) == 3
        assert q.count_complaints(session=s, status="resolved") == 3
    # open: R7 (due 11-14), R3 (11-21), R4 (12-09); then R1 (11-04), R6 (11-06), R2 (11-08), R5 (11-17)
    assert everything == ["7", "3", "4", "1", "6", "2", "5"]
    assert open_only == ["7", "3", "4"]
    assert of_c002 == ["6", "2"]
