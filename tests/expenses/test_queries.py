"""Reads and writes of the expenses room on the seeded database, against hand-computed numbers and an
independent SQL query.

The books (``books`` fixture), year 2026, as of November (today 2026-11-28: Jan 1 – Nov 28 = 332 days):

* budgets: team travel 1,200.00 a year (100.00 a month), V01 travel 600.00 a year (50.00 a month);
* expenses: E000001 V01 travel 01-15 40.00 (approved), E000002 V01 travel 03-10 70.00, E000003 V02 travel
  03-20 80.00, E000004 V02 meals 06-01 45.50 (no meals budget), E000005 V01 travel 11-05 30.00
  (reimbursed), E000006 V02 travel 11-20 200.00 (rejected: does not count);
* sales (seeded invoices, both C001 → V01): F1 100.00 (09-01) + F2 50.00 (10-01) = 150.00; V02 none.

Team travel through November: spent 40 + 70 + 80 + 30 = 220.00 of 1,100.00.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import text

from salesdesk.core.business import set_rule
from salesdesk.core.db import read_session, write_session
from salesdesk.core.errors import DataError
from salesdesk.core.history import history
from salesdesk.expenses import queries as q
from salesdesk.expenses.room import RULES
from salesdesk.expenses.rules import cents

TODAY = date(2026, 11, 28)
NOW = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)
D = Decimal
KEYS = (
    "budget_month",
    "actual_month",
    "budget_ytd",
    "actual_ytd",
    "budget_year",
    "remaining_year",
    "projection",
    "burn_rate",
    "used_pct",
    "status",
)


def add(s, day, sp, cat, amount, **kw):
    return q.add_expense(
        session=s,
        day=date.fromisoformat(day),
        salesperson_code=sp,
        category_code=cat,
        amount=D(amount),
        now=NOW,
        **kw,
    )


def budget(s, cat, amount, sp=None, **kw):
    return q.set_budget(
        session=s, year=2026, category_code=cat, amount=D(amount), salesperson_code=sp, now=NOW, **kw
    )


def money(value: Decimal) -> str:
    """Amounts in messages to the cent (a discount's cost is kept unrounded)."""
    return str(cents(value))


def decide(s, ref, status, **kw):
    return q.decide_discount(session=s, ref=ref, status=status, money=money, today=TODAY, now=NOW, **kw)


def request(s, day, gross, pct, customer="C001", **kw):
    return q.request_discount(
        session=s,
        day=date.fromisoformat(day),
        customer_code=customer,
        gross=D(gross),
        discount_pct=D(pct),
        money=money,
        today=TODAY,
        now=NOW,
        **kw,
    )


def status(s, number, new):
    return q.set_expense_status(session=s, ref=number, status=new, today=TODAY, now=NOW)


def values(st) -> tuple:
    return tuple(getattr(st, k) for k in KEYS)


@pytest.fixture
def books(seeded):
    with write_session(seeded) as s:
        budget(s, "travel", "1200.00")
        budget(s, "travel", "600.00", sp="V01")
        for day, sp, cat, amount in (
            ("2026-01-15", "V01", "travel", "40.00"),
            ("2026-03-10", "V01", "travel", "70.00"),
            ("2026-03-20", "V02", "travel", "80.00"),
            ("2026-06-01", "V02", "meals", "45.50"),
            ("2026-11-05", "V01", "travel", "30.00"),
            ("2026-11-20", "V02", "travel", "200.00"),
        ):
            _row, warnings = add(s, day, sp, cat, amount)
            assert warnings == []
        status(s, "E000001", "approved")
        status(s, "E000005", "approved")
        status(s, "E000005", "reimbursed")
        status(s, "E000006", "rejected")
    return seeded


# --------------------------------------------------------------------------- budget status


def test_team_budget_status_by_category(books):
    with read_session(books) as s:
        rows = {r.key: r for r in q.budget_status(session=s, year=2026, month=11, today=TODAY)}
    assert list(rows) == ["travel", "meals", "samples", "events", "vehicle", "training", "other", "discounts"]
    # travel: 220 ÷ 332 × 365 = 241.8674… → 241.87; ÷ 12 = 20.1556… → 20.16; 220 ÷ 1100 = 20.0 %
    assert values(rows["travel"].status) == (
        D("100.00"),
        D("30.00"),
        D("1100.00"),
        D("220.00"),
        D("1200.00"),
        D("980.00"),
        D("241.87"),
        D("20.16"),
        D("20.0"),
        "ok",
    )
    # meals, no budget: 45.50 ÷ 332 × 365 = 50.0225… → 50.02; ÷ 12 → 4.17
    assert values(rows["meals"].status) == (
        D("0.00"),
        D("0.00"),
        D("0.00"),
        D("45.50"),
        D("0.00"),
        D("-45.50"),
        D("50.02"),
        D("4.17"),
        None,
        "no_budget",
    )
    assert rows["meals"].label == "Meals & entertainment"
    assert values(rows["samples"].status) == (*[D("0.00")] * 8, None, "ok")


def test_one_salespersons_budget_status(books):
    with read_session(books) as s:
        rows = {
            r.key: r
            for r in q.budget_status(session=s, year=2026, month=11, today=TODAY, salesperson_code="V01")
        }
    # V01 travel: 40 + 70 + 30 = 140.00 of 550.00 → 25.4545 % → 25.5; 140 ÷ 332 × 365 = 153.9156… → 153.92;
    # ÷ 12 = 12.8263… → 12.83
    assert values(rows["travel"].status) == (
        D("50.00"),
        D("30.00"),
        D("550.00"),
        D("140.00"),
        D("600.00"),
        D("460.00"),
        D("153.92"),
        D("12.83"),
        D("25.5"),
        "ok",
    )
    assert values(rows["meals"].status) == (*[D("0.00")] * 8, None, "ok")  # V02's meals are not V01's


def test_status_by_salesperson_with_sales_and_expense_ratio(books):
    with read_session(books) as s:
        rows = {r.key: r for r in q.status_by_salesperson(session=s, year=2026, month=11, today=TODAY)}
    assert list(rows) == ["V01", "V02"]
    v01, v02 = rows["V01"], rows["V02"]
    assert v01.label == "Lucía Fernández"
    assert values(v01.status) == (
        D("50.00"),
        D("30.00"),
        D("550.00"),
        D("140.00"),
        D("600.00"),
        D("460.00"),
        D("153.92"),
        D("12.83"),
        D("25.5"),
        "ok",
    )
    # 140.00 ÷ 150.00 = 93.333… % → 93.3
    assert (v01.sales_ytd, v01.expense_ratio) == (D("150.00"), D("93.3"))
    # V02: 80.00 + 45.50 = 125.50 (the rejected 200.00 does not count); no budget, no sales;
    # 125.50 ÷ 332 × 365 = 137.9743… → 137.97; ÷ 12 = 11.4978… → 11.50
    assert values(v02.status) == (
        D("0.00"),
        D("0.00"),
        D("0.00"),
        D("125.50"),
        D("0.00"),
        D("-125.50"),
        D("137.97"),
        D("11.50"),
        None,
        "no_budget",
    )
    assert (v02.sales_ytd, v02.expense_ratio) == (D("0.00"), None)


def test_status_by_salesperson_sales_stop_at_the_month(books):
    # as of September only F1 (09-01) is sold: 100.00; V01 spent 40 + 70 = 110.00 → 110.0 %
    with read_session(books) as s:
        rows = {r.key: r for r in q.status_by_salesperson(session=s, year=2026, month=9, today=TODAY)}
    assert (rows["V01"].sales_ytd, rows["V01"].status.actual_ytd, rows["V01"].expense_ratio) == (
        D("100.00"),
        D("110.00"),
        D("110.0"),
    )


def test_actual_to_date_agrees_with_an_independent_sql_sum(books):
    with books.connect() as conn:
        cents = conn.execute(
            text(
                "SELECT category.code, SUM(e.amount) FROM expenses e "
                "JOIN expense_categories category ON category.id = e.category_id "
                "WHERE e.status <> 'rejected' AND e.date BETWEEN '2026-01-01' AND '2026-11-30' "
                "GROUP BY category.code"
            )
        ).all()
    by_sql = {code: D(total).scaleb(-2) for code, total in cents}
    assert by_sql == {"travel": D("220.00"), "meals": D("45.50")}
    with read_session(books) as s:
        rows = q.budget_status(session=s, year=2026, month=11, today=TODAY)
    assert {r.key: r.status.actual_ytd for r in rows if r.status.actual_ytd} == by_sql


def test_budget_by_month_cumulative_curves(books):
    with read_session(books) as s:
        rows = q.budget_by_month(session=s, year=2026, today=TODAY)
    actual = {1: "40.00", 3: "150.00", 6: "45.50", 11: "30.00"}
    cumulative = ["40.00", "40.00", "190.00", "190.00", "190.00", *["235.50"] * 5, "265.50", "265.50"]
    assert rows == [
        (m, D("100.00"), D(actual.get(m, "0.00")), D(100 * m).quantize(D("0.01")), D(cumulative[m - 1]))
        for m in range(1, 13)
    ]


def test_a_rejected_expense_stops_counting(books):
    with write_session(books) as s:
        add(s, "2026-11-27", "V01", "travel", "10.00")  # E000007
    with read_session(books) as s:
        travel = q.budget_status(session=s, year=2026, month=11, today=TODAY)[0]
    assert (travel.status.actual_ytd, travel.status.actual_month) == (D("230.00"), D("40.00"))
    with write_session(books) as s:
        status(s, "E000007", "rejected")
    with read_session(books) as s:
        travel = q.budget_status(session=s, year=2026, month=11, today=TODAY)[0]
    assert (travel.status.actual_ytd, travel.status.actual_month) == (D("220.00"), D("30.00"))


# --------------------------------------------------------------------------- the budget check of an expense


def test_team_budget_exactly_reached_warns_monthly_then_one_cent_stops(books):
    with write_session(books) as s:
        # V02 has no own budget: team year 220 + 980 = 1,200.00 exactly → allowed; through November
        # 1,200.00 > 1,100.00 → the monthly warn
        row, warnings = add(s, "2026-11-27", "V02", "travel", "980.00")
    assert row.number == "E000007" and row.status == "submitted"
    assert warnings == [
        "980.00 exceeds the Travel budget accumulated through month 11: budget 1100.00, spent 220.00, "
        "remaining 880.00"
    ]
    with pytest.raises(DataError) as exc, write_session(books) as s:
        add(s, "2026-11-27", "V02", "travel", "0.01")
    assert exc.value.field == "amount"
    assert "0.01 exceeds the annual Travel budget: budget 1200.00, spent 1200.00, remaining 0.00" in str(
        exc.value
    )
    with read_session(books) as s:
        assert q.count_expenses(session=s) == (7, D("1445.50"), D("1245.50"))  # nothing written


def test_stop_override_is_accepted_and_recorded(books):
    with write_session(books) as s:
        add(s, "2026-11-27", "V02", "travel", "980.00")
        row, warnings = add(s, "2026-11-27", "V02", "travel", "0.01", override_reason="client visit in Vigo")
    assert (row.number, row.override_reason) == ("E000008", "client visit in Vigo")
    assert warnings[0] == (
        "0.01 exceeds the annual Travel budget: budget 1200.00, spent 1200.00, remaining 0.00"
    )
    with read_session(books) as s:
        changes = [c for c in history(s, entity="expense", record="E000008") if c.field == "budget_override"]
    assert [(c.old, c.new) for c in changes] == [(None, "client visit in Vigo")]
    assert "exceeds the annual Travel budget" in changes[0].note
    with books.connect() as conn:
        assert conn.execute(
            text("SELECT record, new FROM change_log WHERE entity = 'expense' AND field = 'budget_override'")
        ).all() == [("E000008", "client visit in Vigo")]


def test_salesperson_budget_is_checked_beside_the_team_one(books):
    # V01: 140 + 470 = 610 > 600 (V01's year, stop); the team's 690 ≤ 1,200 is fine
    with pytest.raises(DataError) as exc, write_session(books) as s:
        add(s, "2026-11-27", "V01", "travel", "470.00")
    assert "470.00 exceeds V01's annual Travel budget: budget 600.00, spent 140.00, remaining 460.00" in str(
        exc.value
    )
    with write_session(books) as s:
        _row, warnings = add(s, "2026-11-27", "V01", "travel", "460.00")  # 600.00 exactly
    assert warnings == [
        "460.00 exceeds V01's Travel budget accumulated through month 11: budget 550.00, spent 140.00, "
        "remaining 410.00"
    ]


def test_rejecting_frees_the_budget(books):
    with write_session(books) as s:
        add(s, "2026-11-27", "V02", "travel", "980.00")  # E000007: the team's year is full
    with write_session(books) as s:
        status(s, "E000003", "rejected")  # V02's 80.00 in March
        _row, warnings = add(s, "2026-11-28", "V02", "travel", "80.00")
    assert all("annual" not in w for w in warnings)


def test_back_dated_expense_warns_for_the_later_month(books):
    with write_session(books) as s:
        budget(s, "samples", "120.00")  # 10.00 a month
        add(s, "2026-03-15", "V02", "samples", "30.00")  # through March 30 ≤ 30
        _row, warnings = add(s, "2026-02-10", "V02", "samples", "5.00")  # Feb 5 ≤ 20; March 35 > 30
    assert warnings == [
        "5.00 exceeds the Samples budget accumulated through month 3: budget 30.00, spent 30.00, "
        "remaining 0.00"
    ]


def test_an_expense_cannot_spend_the_discounts_category(books):
    with pytest.raises(DataError) as exc, write_session(books) as s:
        add(s, "2026-11-27", "V01", "discounts", "1.00")
    assert exc.value.field == "category"
    assert "holds the discount budget" in exc.value.message


# --------------------------------------------------------------------------- listing


def test_list_expenses_pages_newest_first_and_counts(books):
    with read_session(books) as s:
        every = [r.number for r in q.list_expenses(session=s)]
        pages = [[r.number for r in q.list_expenses(session=s, limit=2, offset=o)] for o in (0, 2, 4, 6)]
        assert every == ["E000006", "E000005", "E000004", "E000003", "E000002", "E000001"]
        assert pages == [["E000006", "E000005"], ["E000004", "E000003"], ["E000002", "E000001"], []]
        assert [r.number for r in q.list_expenses(session=s, limit=10, offset=5)] == ["E000001"]
        assert q.count_expenses(session=s) == (
            6,
            D("465.50"),
            D("265.50"),
        )  # the rejected 200.00 is not spent
        assert q.count_expenses(session=s, status="rejected") == (1, D("200.00"), D("0.00"))
        assert q.count_expenses(session=s, month=(2026, 3))[:2] == (2, D("150.00"))
        assert q.count_expenses(session=s, salesperson_code="V02", category_code="travel")[:2] == (
            2,
            D("280.00"),
        )
        march = q.list_expenses(session=s, month=(2026, 3), salesperson_code="V01")
        assert [(r.number, r.amount, r.status) for r in march] == [("E000002", D("70.00"), "submitted")]
        reimbursed = q.list_expenses(session=s, status="reimbursed")
        assert [(r.number, r.decided_at) for r in reimbursed] == [("E000005", TODAY)]
        with pytest.raises(DataError, match="unknown status"):
            q.list_expenses(session=s, status="paid")


def test_status_changes_follow_the_table_and_are_recorded(books):
    with pytest.raises(DataError, match="cannot change from rejected to approved"), write_session(books) as s:
        status(s, "E000006", "approved")
    with (
        pytest.raises(DataError, match="cannot change from submitted to reimbursed"),
        write_session(books) as s,
    ):
        status(s, "E000002", "reimbursed")
    with read_session(books) as s:
        changes = history(s, entity="expense", record="E000005")
    assert sorted((c.old or "", c.new) for c in changes if c.field == "status") == [
        ("", "submitted"),
        ("approved", "reimbursed"),
        ("submitted", "approved"),
    ]


# --------------------------------------------------------------------------- set_budget


def _budget_changes(engine) -> list[tuple]:
    with engine.connect() as conn:
        return conn.execute(
            text("SELECT record, old, new FROM change_log WHERE entity = 'budget' ORDER BY id")
        ).all()


def test_set_budget_records_only_the_months_that_change(seeded):
    with write_session(seeded) as s:
        b = budget(s, "travel", "1000.00")
    assert b.months == [D("83.34")] * 4 + [D("83.33")] * 8 and b.annual == D("1000.00")
    first = _budget_changes(seeded)
    assert len(first) == 12
    assert first[0] == ("2026/1/travel/", None, "83.34")
    assert first[11] == ("2026/12/travel/", None, "83.33")
    with write_session(seeded) as s:
        b = budget(s, "travel", "150.00", month=3)
    assert b.annual == D("1066.66")  # 1000.00 − 83.34 + 150.00
    assert _budget_changes(seeded)[12:] == [("2026/3/travel/", "83.34", "150.00")]
    with write_session(seeded) as s:
        budget(s, "travel", "150.00", month=3)  # the same again: nothing recorded
    assert len(_budget_changes(seeded)) == 13
    with write_session(seeded) as s:
        budget(s, "travel", "1000.00")  # back to the equal phasing: only March changes
    assert _budget_changes(seeded)[13:] == [("2026/3/travel/", "150.00", "83.34")]
    with write_session(seeded) as s:
        budget(s, "travel", "600.00", sp="V01")
    assert _budget_changes(seeded)[14] == ("2026/1/travel/V01", None, "50.00")
    with seeded.connect() as conn:
        assert conn.execute(text("SELECT count(*), sum(amount) FROM expense_budgets")).one() == (24, 160000)


def test_set_budget_actions_are_recorded_on_the_category(seeded):
    with write_session(seeded) as s:
        b = budget(s, "meals", "1200.00", annual_action="warn", monthly_action="ignore")
    assert (b.annual_action, b.monthly_action) == ("warn", "ignore")
    with read_session(seeded) as s:
        changes = history(s, entity="expense_category", record="meals")
    assert sorted((c.field, c.old, c.new) for c in changes) == [
        ("annual_action", "stop", "warn"),
        ("monthly_action", "warn", "ignore"),
    ]


def test_set_budget_weights(seeded):
    with write_session(seeded) as s:
        b = budget(s, "events", "1200.00", weights=[D(12)] + [D(8)] * 11)
    assert b.months == [D("144.00")] + [D("96.00")] * 11
    with pytest.raises(DataError) as exc, write_session(seeded) as s:
        budget(s, "events", "100.00", month=2, weights=[D(1)] * 12)
    assert exc.value.field == "--weights"


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"category_code": "nope"}, "category"),
        ({"amount": D("-1.00")}, "amount"),
        ({"month": 13}, "month"),
        ({"year": 1800}, "year"),
        ({"salesperson_code": "V99"}, "salesperson"),
        ({"annual_action": "halt"}, "annual_action"),
    ],
)
def test_set_budget_refusals_name_the_field(seeded, kw, field):
    args = {"year": 2026, "category_code": "travel", "amount": D("100.00"), **kw}
    with pytest.raises(DataError) as exc, write_session(seeded) as s:
        q.set_budget(session=s, now=NOW, **args)
    assert exc.value.field == field


# --------------------------------------------------------------------------- discounts


def test_discount_within_the_salespersons_level_is_approved_at_once(seeded):
    with write_session(seeded) as s:
        row, warnings = request(s, "2026-11-20", "1000.00", "5")
    assert (row.number, row.status, row.level, row.decided_at, row.salesperson) == (
        "D000001",
        "approved",
        "salesperson",
        TODAY,
        "V01",  # C001's salesperson
    )
    assert row.cost == D("50.00") and warnings == []
    with read_session(seeded) as s:
        assert [(c.old, c.new) for c in history(s, entity="discount", record="D000001")] == [
            (None, "approved")
        ]


def test_discount_within_the_managers_level_waits_then_the_manager_approves(seeded):
    with write_session(seeded) as s:
        row, _w = request(s, "2026-11-20", "1000.00", "5.01")
        assert (row.status, row.level, row.decided_at) == ("pending", None, None)
        row, _w = request(s, "2026-11-20", "1000.00", "15")
        assert (row.status, row.level) == ("pending", None)
    with write_session(seeded) as s:
        a, _w = decide(s, "D000001", "approved", note="good customer")
        b, _w = decide(s, "D000002", "approved")
    assert (a.status, a.level, a.decided_at, a.decision_note) == (
        "approved",
        "manager",
        TODAY,
        "good customer",
    )
    assert (b.status, b.level, b.cost) == ("approved", "manager", D("150.00"))


def test_discount_above_the_managers_level_is_escalated_at_request_and_the_director_approves(seeded):
    with write_session(seeded) as s:
        row, _w = request(s, "2026-11-20", "1000.00", "15.01")
    assert (row.status, row.level, row.decided_at) == ("escalated", None, None)
    with read_session(seeded) as s:
        assert [(c.old, c.new) for c in history(s, entity="discount", record=row.number)] == [
            (None, "escalated")
        ]
    with write_session(seeded) as s:
        row, _w = decide(s, row.number, "approved")
    assert (row.status, row.level, row.decided_at) == ("approved", "director", TODAY)
    assert row.cost == D("150.10")


def test_escalating_a_pending_request_makes_the_approval_the_directors(seeded):
    with write_session(seeded) as s:
        request(s, "2026-11-20", "1000.00", "10")
        row, _w = decide(s, "D000001", "escalated", note="big one")
        assert (row.status, row.decided_at, row.decision_note) == ("escalated", None, "big one")
        row, _w = decide(s, "D000001", "approved")
    assert (row.status, row.level) == ("approved", "director")


def test_rejecting_pending_and_escalated_requests(seeded):
    with write_session(seeded) as s:
        request(s, "2026-11-20", "1000.00", "10")
        request(s, "2026-11-20", "1000.00", "20")
        a, _w = decide(s, "D000001", "rejected")
        b, _w = decide(s, "D000002", "rejected")
    assert [(r.status, r.level, r.decided_at) for r in (a, b)] == [("rejected", None, TODAY)] * 2


@pytest.mark.parametrize(
    ("first", "then", "message"),
    [
        ("approved", "approved", "cannot change from approved to approved"),
        ("rejected", "approved", "cannot change from rejected to approved"),
        ("escalated", "escalated", "cannot change from escalated to escalated"),
    ],
)
def test_invalid_discount_changes_name_both_states(seeded, first, then, message):
    with write_session(seeded) as s:
        request(s, "2026-11-20", "1000.00", "10")
        decide(s, "D000001", first)
    with pytest.raises(DataError, match=message), write_session(seeded) as s:
        decide(s, "D000001", then)


def test_a_pending_request_above_the_managers_level_cannot_be_approved(seeded):
    with write_session(seeded) as s:
        request(s, "2026-11-20", "1000.00", "12")  # pending under 15 %
        rule = next(r for r in RULES if r.key == "expenses.discount_manager_pct")
        set_rule(s, rule, "10", when=NOW)  # the manager's level goes down to 10 %
    with pytest.raises(DataError, match="escalate it to the director") as exc, write_session(seeded) as s:
        decide(s, "D000001", "approved")
    assert exc.value.field == "discount_pct"
    with write_session(seeded) as s:
        decide(s, "D000001", "escalated")
        row, _w = decide(s, "D000001", "approved")
    assert row.level == "director"


def test_a_products_maximum_discount_is_never_exceeded(seeded):
    with write_session(seeded) as s:
        row, _w = request(s, "2026-11-20", "899.00", "10", product_code="P01")  # exactly P01's 10 %
    assert (row.status, row.product) == ("pending", "P01")
    with pytest.raises(DataError) as exc, write_session(seeded) as s:
        request(s, "2026-11-20", "899.00", "10.01", product_code="P01")
    assert exc.value.field == "discount_pct" and "P01" in exc.value.message


def test_discount_budget_stop_on_approval_and_override_recorded(seeded):
    with write_session(seeded) as s:
        budget(s, "discounts", "1200.00")  # 100.00 a month
        # 12 % of 10,000.00 = 1,200.00: the year exactly (allowed), November's 1,100.00 exceeded (warn)
        request(s, "2026-11-20", "10000.00", "12")
        row, warnings = decide(s, "D000001", "approved")
    assert (row.status, row.level) == ("approved", "manager")
    assert warnings == [
        "1200.00 exceeds the Discounts budget accumulated through month 11: budget 1100.00, spent 0.00, "
        "remaining 1100.00"
    ]
    with write_session(seeded) as s:
        # 6 % of 50.00 = 3.00 more: the year would be 1,203.00 > 1,200.00 (stop)
        request(s, "2026-11-21", "50.00", "6")
    with pytest.raises(DataError) as exc, write_session(seeded) as s:
        decide(s, "D000002", "approved")
    assert "exceeds the annual Discounts budget: budget 1200.00, spent 1200.00, remaining 0.00" in str(
        exc.value
    )
    with write_session(seeded) as s:
        row, warnings = decide(s, "D000002", "approved", override_reason="key account")
    assert (row.status, row.override_reason) == ("approved", "key account")
    with read_session(seeded) as s:
        overrides = [
            c for c in history(s, entity="discount", record="D000002") if c.field == "budget_override"
        ]
        assert [c.new for c in overrides] == ["key account"]
        disc = {r.key: r for r in q.budget_status(session=s, year=2026, month=11, today=TODAY)}["discounts"]
    assert (disc.status.actual_ytd, disc.status.actual_month, disc.status.status) == (
        D("1203.00"),
        D("1203.00"),
        "over",
    )


def test_a_salesperson_level_discount_that_a_stop_budget_refuses_waits_for_the_manager(seeded):
    with write_session(seeded) as s:
        budget(s, "discounts", "12.00")  # 1.00 a month
        # 5 % of 100.00 = 5.00 > 12.00? no; through November 11.00 ≥ 5.00: approved at once
        a, _w = request(s, "2026-11-20", "100.00", "5")
        # another 5 % of 200.00 = 10.00: the year 15.00 > 12.00 → stop: the manager decides
        b, warnings = request(s, "2026-11-21", "200.00", "5")
    assert (a.status, a.level) == ("approved", "salesperson")
    assert (b.status, b.level) == ("pending", None)
    assert (
        warnings[0] == "10.00 exceeds the annual Discounts budget: budget 12.00, spent 5.00, remaining 7.00"
    )
    with write_session(seeded) as s:
        b, _w = decide(s, b.number, "approved", override_reason="season opening")
    assert (b.status, b.level, b.override_reason) == ("approved", "manager", "season opening")


def test_discount_requests_listing(seeded):
    with write_session(seeded) as s:
        request(s, "2026-10-01", "1000.00", "3")
        request(s, "2026-11-01", "1000.00", "10")
        request(s, "2026-11-02", "1000.00", "20", customer="C002")
    with read_session(seeded) as s:
        assert [r.number for r in q.list_discounts(session=s)] == ["D000003", "D000002", "D000001"]
        waiting = q.list_discounts(session=s, status="pending,escalated")
        assert [(r.number, r.status, r.salesperson) for r in waiting] == [
            ("D000002", "pending", "V01"),
            ("D000003", "escalated", "V02"),
        ]
        assert q.count_discounts(session=s, month=(2026, 11)) == 2
        assert [r.number for r in q.list_discounts(session=s, limit=1, offset=1)] == ["D000002"]
        with pytest.raises(DataError):
            q.list_discounts(session=s, status="granted")
