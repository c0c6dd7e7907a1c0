"""The service room's queries on the seeded database (today 2026-11-28), against independent computations:
the goals report against raw SQL over the same rows (sqlite ``julianday``), "needs action" against the pure
rule applied to every open order, ``list_orders`` paging against the unpaged list and ``count_orders``, and
EXPLAIN QUERY PLAN of the statements the queries really run (as ``tests/test_indexes.py`` checks indexes).

The fixture ``many`` enters 90 orders drawn by a seeded random generator: every type, the three customers,
requested 2026-08-01 – 2026-11-28, left open, scheduled, in progress, waiting, done or cancelled on days
after the request.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from sqlalchemy import event, text

from salesdesk.core.db import read_session, write_session
from salesdesk.service import queries as q
from salesdesk.service import rules

TODAY = date(2026, 11, 28)
NOW = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)
GOALS = rules.DEFAULT_GOALS
CUSTOMERS = ("C001", "C002", "C003")


def d(value: str) -> date:
    return date.fromisoformat(value)


def add(engine, kind, customer="C001", requested="2026-11-20", **kw):
    with write_session(engine) as s:
        return q.add_order(
            session=s, kind=kind, customer=customer, requested=d(requested), today=TODAY, now=NOW, **kw
        )


def complete(engine, ref, day):
    with write_session(engine) as s:
        return q.complete(session=s, ref=ref, day=d(day), today=TODAY, now=NOW)[0]


def wait(engine, ref, department):
    with write_session(engine) as s:
        return q.wait(session=s, ref=ref, department=department, now=NOW)


@pytest.fixture
def many(seeded):
    rng = random.Random(2026)
    fates = (
        "open",
        "scheduled",
        "in_progress",
        "waiting",
        "done",
        "done",
        "done",
        "scheduled_done",
        "cancelled",
    )
    with write_session(seeded) as s:
        for _i in range(90):
            kind = rng.choice(rules.TYPES)
            requested = date(2026, 8, 1) + timedelta(days=rng.randrange(120))
            department = rng.choice((None, None, None, *rules.DEPARTMENTS))
            row = q.add_order(
                session=s, kind=kind, customer=rng.choice(CUSTOMERS), department=department,
                requested=requested, today=TODAY, now=NOW,
            )  # fmt: skip
            fate = rng.choice(fates)
            later = min(requested + timedelta(days=rng.randrange(15)), TODAY)
            if fate in ("scheduled", "in_progress", "scheduled_done"):
                q.schedule(
                    session=s,
                    ref=row.id,
                    day=requested + timedelta(days=rng.randrange(20)),
                    today=later,
                    now=NOW,
                )
            if fate == "in_progress":
                q.start(session=s, ref=row.id, today=later, now=NOW)
            if fate == "waiting":
                q.wait(session=s, ref=row.id, department=rng.choice(rules.DEPARTMENTS), now=NOW)
            if fate in ("done", "scheduled_done"):
                q.complete(session=s, ref=row.id, day=later, today=TODAY, now=NOW)
            if fate == "cancelled":
                q.cancel(session=s, ref=row.id, today=later, now=NOW)
    return seeded


# --------------------------------------------------------------------------- goals against raw SQL

_LEAD = "(julianday(completed) - julianday(requested))"
_GOAL = "CASE type " + " ".join(f"WHEN '{k}' THEN {GOALS[k]}" for k in rules.TYPES) + " END"
_ON_TIME = (
    f"CASE WHEN type = 'maintenance' THEN abs({_LEAD}) <= {GOALS['maintenance']} ELSE {_LEAD} <= {_GOAL} END"
)


def raw_goals(engine, start: date, end: date, by: str) -> dict[str, tuple[int, int, int, int]]:
    """(done, on time, total lead days, backlog) per key, straight from the table: done = status done
    with its completed date in the period; backlog = requested by the end and neither completed nor
    cancelled by then."""
    params = {"start": start.isoformat(), "end": end.isoformat()}
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    with engine.connect() as conn:
        for key, n, on, total in conn.execute(
            text(
                f"SELECT {by}, COUNT(*), SUM({_ON_TIME}), SUM({_LEAD}) FROM service_orders "
                "WHERE status = 'done' AND completed BETWEEN :start AND :end GROUP BY 1"
            ),
            params,
        ):
            out[key][:3] = [n, on, int(total)]
        for key, n in conn.execute(
            text(
                f"SELECT {by}, COUNT(*) FROM service_orders WHERE requested <= :end "
                "AND COALESCE(completed, cancelled, '9999-12-31') > :end GROUP BY 1"
            ),
            params,
        ):
            out[key][3] = n
    return {k: tuple(v) for k, v in out.items()}


def report(engine, start: date, end: date, by: str, **kw) -> dict[str, rules.GoalStats]:
    with read_session(engine) as s:
        return {g.key: g.stats for g in q.goals_report(session=s, start=start, end=end, by=by, **kw)}


PERIODS = [
    (date(2026, 8, 1), date(2026, 11, 28)),
    (date(2026, 10, 1), date(2026, 10, 31)),
    (date(2026, 11, 15), date(2026, 11, 20)),
    (date(2026, 9, 10), date(2026, 9, 10)),
]


@pytest.mark.parametrize("by", ["type", "department"])
def test_goals_report_matches_raw_sql(many, by):
    for start, end in PERIODS:
        raw = raw_goals(many, start, end, by)
        got = report(many, start, end, by)
        assert set(got) == set(rules.TYPES if by == "type" else rules.DEPARTMENTS)
        for key, stats in got.items():
            done, on, total, backlog = raw.get(key, (0, 0, 0, 0))
            assert (stats.done, stats.on_time, stats.lead_total, stats.backlog) == (
                done,
                on,
                total,
                backlog,
            ), (
                start,
                end,
                key,
            )
            expected_avg = (
                None
                if done == 0
                else (Decimal(total) / done).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            )
            assert stats.avg_lead_days == expected_avg
    # the fixture reaches every case: done in and out of the period, a backlog of open and closed later
    whole = raw_goals(many, *PERIODS[1], by)
    assert sum(v[0] for v in whole.values()) > 5 and sum(v[3] for v in whole.values()) > 5


def test_goals_report_for_one_department_matches_raw_sql(many):
    start, end = PERIODS[0]
    for department in rules.DEPARTMENTS:
        got = report(many, start, end, "type", department=department)
        with many.connect() as conn:
            n = conn.execute(
                text(
                    "SELECT COUNT(*) FROM service_orders WHERE department = :d AND status = 'done' "
                    "AND completed BETWEEN :s AND :e"
                ),
                {"d": department, "s": start.isoformat(), "e": end.isoformat()},
            ).scalar()
        assert sum(stats.done for stats in got.values()) == n


def test_maintenance_on_time_window_both_sides_in_sql(seeded):
    """The window is ± 7 days of the due date: leads −7, 0, 7 on time; −8 and 8 late. The commands never
    record a maintenance before its requested day, so the early ones are moved there in SQL."""
    refs = []
    for lead in (-8, -7, 0, 7, 8):
        ref = add(seeded, "maintenance", requested="2026-11-10").id
        complete(
            seeded, ref, "2026-11-10" if lead < 0 else (d("2026-11-10") + timedelta(days=lead)).isoformat()
        )
        refs.append((ref, lead))
    with seeded.begin() as conn:
        for ref, lead in refs:
            if lead < 0:
                conn.execute(
                    text("UPDATE service_orders SET completed = :c WHERE number = :n"),
                    {"c": (d("2026-11-10") + timedelta(days=lead)).isoformat(), "n": ref},
                )
    stats = report(seeded, date(2026, 11, 1), date(2026, 11, 28), "type")["maintenance"]
    assert (stats.done, stats.on_time, stats.lead_total) == (5, 3, 0)
    assert raw_goals(seeded, date(2026, 11, 1), date(2026, 11, 28), "type")["maintenance"] == (5, 3, 0, 0)


def test_goals_report_refuses_an_end_before_the_start(seeded):
    from salesdesk.core.errors import DataError

    with read_session(seeded) as s, pytest.raises(DataError) as exc:
        q.goals_report(session=s, start=date(2026, 11, 2), end=date(2026, 11, 1))
    assert exc.value.field == "--to"


# --------------------------------------------------------------------------- needs action


def test_needs_action_groups_a_waiting_order_under_the_department_it_waits_on(seeded):
    support = add(seeded, "support", requested="2026-11-27").id  # technical, within its goal
    wait(seeded, support, "logistics")
    delivery = add(seeded, "delivery", requested="2026-11-27").id  # logistics
    wait(seeded, delivery, "customer_service")
    late = add(seeded, "installation", requested="2026-11-01").id  # technical, past its 7 days
    with read_session(seeded) as s:
        found = [(g, reason, r.id, r.department) for g, reason, r in q.needs_action(session=s, today=TODAY)]
        assert found == [
            ("customer_service", "waiting", delivery, "logistics"),
            ("logistics", "waiting", support, "technical"),
            ("technical", "unscheduled_past_goal", late, "technical"),
        ]
        assert [r.id for _g, _x, r in q.needs_action(session=s, today=TODAY, department="logistics")] == [
            support
        ]
        assert [r.id for _g, _x, r in q.needs_action(session=s, today=TODAY, department="technical")] == [
            late
        ]
        assert [r.id for _g, _x, r in q.needs_action(session=s, today=TODAY, limit=1)] == [delivery]


@pytest.mark.parametrize("today", [TODAY, date(2026, 10, 15), date(2026, 12, 31)])
def test_needs_action_is_the_rule_applied_to_every_open_order(many, today):
    with read_session(many) as s:
        goals = q.goal_policy(s)
        expected = []
        for r in q.list_orders(session=s, open_only=True):
            reason = rules.needs_action(
                kind=r.type, status=r.status, requested=r.requested, scheduled=r.scheduled,
                waiting_on=r.waiting_on, today=today, goals=goals,
            )  # fmt: skip
            if reason:
                expected.append((r.waiting_on or r.department, r.requested, r.id, reason))
        found = q.needs_action(session=s, today=today)
    assert [(g, r.requested, r.id, reason) for g, reason, r in found] == sorted(expected)
    assert len({reason for *_x, reason in expected}) == 3  # every reason occurs


# --------------------------------------------------------------------------- paging


FILTERS = [
    {},
    {"open_only": True},
    {"department": "technical"},
    {"open_only": True, "kind": "delivery"},
    {"status": "done"},
    {"customer": "C002"},
]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f) or "all")
def test_list_orders_pages_are_disjoint_and_cover_every_row_in_order(many, filters):
    with read_session(many) as s:
        every = [r.id for r in q.list_orders(session=s, **filters)]
        pages = [
            [r.id for r in q.list_orders(session=s, limit=7, offset=offset, **filters)]
            for offset in range(0, len(every) + 7, 7)
        ]
        total = q.count_orders(session=s, **filters)
        rows = {r.id: r for r in q.list_orders(session=s, **filters)}
    assert pages[-1] == []
    assert all(len(p) == 7 for p in pages[:-2])
    assert [ref for page in pages for ref in page] == every
    assert len(set(every)) == len(every) == total > 0
    key = [(rows[ref].requested, ref) for ref in every]
    if filters.get("open_only") or filters.get("status"):
        assert key == sorted(key)  # the work to do: the oldest request first
    else:
        assert key == sorted(key, reverse=True)  # every order: the newest first


def test_list_orders_match_the_table(many):
    with read_session(many) as s:
        assert q.count_orders(session=s) == 90
        opened = {r.id for r in q.list_orders(session=s, open_only=True)}
        technical = {r.id for r in q.list_orders(session=s, department="technical")}
    with many.connect() as conn:
        raw_open = set(
            conn.execute(
                text("SELECT number FROM service_orders WHERE status IN ('open', 'scheduled', 'in_progress')")
            ).scalars()
        )
        raw_technical = set(
            conn.execute(text("SELECT number FROM service_orders WHERE department = 'technical'")).scalars()
        )
    assert opened == raw_open and technical == raw_technical


# --------------------------------------------------------------------------- indexes


def _captured(engine, call) -> list[tuple[str, object]]:
    """The statements ``call`` runs on ``engine``, with their parameters."""
    seen: list[tuple[str, object]] = []

    def listen(_conn, _cursor, statement, parameters, _context, _many):
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", listen)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    return seen


def _plan(engine, statement: str, parameters) -> str:
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).fetchall()
    return "\n".join(str(r[-1]) for r in rows)


def _full_scans(plan: str) -> list[str]:
    return [line for line in plan.splitlines() if line.strip() == "SCAN service_orders"]


def test_open_orders_page_uses_an_index(many):
    def call():
        with read_session(many) as s:
            q.list_orders(session=s, open_only=True, limit=50)

    statements = [(sql, p) for sql, p in _captured(many, call) if "FROM service_orders" in sql]
    page_sql, params = next((sql, p) for sql, p in statements if "status IN" in sql and "LIMIT" in sql)
    plan = _plan(many, page_sql, params)
    assert "USING" in plan and "INDEX ix_service_orders_" in plan, plan
    assert not _full_scans(plan), plan


def test_every_order_page_reads_the_requested_index_in_order(many):
    def call():
        with read_session(many) as s:
            q.list_orders(session=s, limit=50, offset=20)

    sql, params = next((sql, p) for sql, p in _captured(many, call) if "LIMIT" in sql)
    plan = _plan(many, sql, params)
    assert "ix_service_orders_requested" in plan and "TEMP B-TREE" not in plan, plan


def test_goals_completed_range_uses_the_completed_index(many):
    def call():
        with read_session(many) as s:
            q.goals_report(session=s, start=date(2026, 10, 1), end=date(2026, 10, 31))

    statements = [(sql, p) for sql, p in _captured(many, call) if "FROM service_orders" in sql]
    sql, params = next((sql, p) for sql, p in statements if "service_orders.completed >=" in sql)
    plan = _plan(many, sql, params)
    assert "ix_service_orders_completed" in plan, plan
    # the done figures and the three backlog counts (still open, completed after, cancelled after --to)
    assert len(statements) == 4, statements
    for sql, params in statements:
        plan = _plan(many, sql, params)
        assert "USING" in plan and "INDEX" in plan and not _full_scans(plan), (sql, plan)
