"""Pure unit tests of ``salesdesk.expenses.rules``: phasing, the budget check, budget status, discounts and
the status tables.

Every expected number below was worked out by hand and is written out literally.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesdesk.core.errors import DataError
from salesdesk.expenses import rules
from salesdesk.expenses.rules import (
    ANNUAL,
    IGNORE,
    MONTHLY,
    OK,
    OVER,
    STOP,
    WARN,
    WARNING,
    Cover,
    DiscountPolicy,
    accumulated,
    breaches,
    check_discount,
    check_discount_transition,
    check_expense_transition,
    discount_cost,
    discount_level,
    enforce,
    expense_ratio,
    judge,
    phase,
    status_row,
)

D = Decimal
TODAY = date(2026, 11, 28)
ZEROS = (D("0.00"),) * 12
#: 100.00 a month: 1,200.00 a year, 300.00 accumulated through March, 1,100.00 through November.
HUNDREDS = (D("100.00"),) * 12


def ds(*values: str | int) -> list[Decimal]:
    return [D(str(v)) for v in values]


def months(**spent: str) -> tuple[Decimal, ...]:
    """Twelve months of spending, e.g. ``months(mar="250.00")``."""
    names = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    return tuple(D(spent.get(n, "0.00")) for n in names)


def team(spent=ZEROS, budget=HUNDREDS, annual=STOP, monthly=WARN) -> Cover:
    return Cover("Travel", None, tuple(budget), tuple(spent), annual, monthly)


# --------------------------------------------------------------------------- phase


def test_phase_equal_1000_in_twelve_gives_the_four_spare_cents_to_january_through_april():
    # 100000 cents / 12 = 8333.33…: floors 8333 × 12 = 99996, 4 cents left, all fractions tie → Jan–Apr
    assert phase(D("1000.00")) == ds(*["83.34"] * 4, *["83.33"] * 8)
    assert sum(phase(D("1000.00"))) == D("1000.00")


def test_phase_equal_without_remainder():
    assert phase(D("1200.00")) == ds(*["100.00"] * 12)


def test_phase_ten_cents_in_twelve_ties_go_to_the_earlier_months():
    assert phase(D("0.10")) == ds(*["0.01"] * 10, "0.00", "0.00")


def test_phase_weighted_january_heavy():
    # weights 12, 8 × 11 (sum 100): January 12 % of 1,200.00 = 144.00, the others 96.00
    assert phase(D("1200.00"), ds(12, *[8] * 11)) == ds("144.00", *["96.00"] * 11)


def test_phase_weighted_one_to_twelve_largest_remainder():
    # 100000 × k / 78 cents: floors add to 99996; the 4 cents go to the largest fractions,
    # k = 12 (.6154), 11 (.5641), 10 (.5128), 9 (.4615)
    parts = phase(D("1000.00"), ds(*range(1, 13)))
    assert parts == ds(
        "12.82",
        "25.64",
        "38.46",
        "51.28",
        "64.10",
        "76.92",
        "89.74",
        "102.56",
        "115.39",
        "128.21",
        "141.03",
        "153.85",
    )
    assert sum(parts) == D("1000.00")


def test_phase_zero_weight_months_get_nothing():
    # only June and December: 500.00 each
    weights = ds(0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1)
    assert phase(D("1000.00"), weights) == ds(*["0.00"] * 5, "500.00", *["0.00"] * 5, "500.00")


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        (ds(*[1] * 11), "give twelve weights"),
        (ds(-1, *[1] * 11), "cannot be negative"),
        (ds(*[0] * 12), "cannot all be zero"),
    ],
)
def test_phase_refuses_bad_weights(weights, message):
    with pytest.raises(DataError, match=message) as exc:
        phase(D("1000.00"), weights)
    assert exc.value.field == "weights"


weight_lists = st.lists(st.integers(0, 1000), min_size=12, max_size=12).filter(lambda w: sum(w) > 0)


@given(cents=st.integers(0, 10**11 - 1), weights=st.one_of(st.none(), weight_lists))
def test_phase_parts_always_sum_to_the_total(cents, weights):
    total = D(cents).scaleb(-2)
    parts = phase(total, None if weights is None else [D(w) for w in weights])
    assert len(parts) == 12
    assert sum(parts, D(0)) == total
    ws = weights or [1] * 12
    for part, w in zip(parts, ws, strict=True):
        assert part >= 0 and part == part.quantize(D("0.01"))
        exact = Fraction(cents, 100) * Fraction(w, sum(ws))
        assert abs(Fraction(part) - exact) < Fraction(1, 100)


# --------------------------------------------------------------------------- accumulated and breaches


def test_accumulated_sums_january_through_the_month():
    budget = ds(10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120)
    assert accumulated(budget, 0) == 0
    assert accumulated(budget, 1) == D(10)
    assert accumulated(budget, 3) == D(60)
    assert accumulated(budget, 11) == D(660)
    assert accumulated(budget, 12) == D(780)


@pytest.mark.parametrize("action", [STOP, WARN, IGNORE])
def test_annual_budget_exactly_reached_is_within_it(action):
    # spent 1,000.00 in March; 200.00 in December reaches 1,200.00 exactly
    cover = team(months(mar="1000.00"), annual=action)
    assert breaches([cover], 12, D("200.00")) == []
    verdict = judge([cover], 12, D("200.00"))
    assert verdict.action is None and not verdict.refused and verdict.found == ()


@pytest.mark.parametrize("action", [STOP, WARN, IGNORE])
def test_annual_budget_one_cent_over_triggers_its_action(action):
    cover = team(months(mar="1000.00"), annual=action, monthly=IGNORE)
    found = breaches([cover], 12, D("200.01"))
    annual = [b for b in found if b.period == ANNUAL]
    assert len(annual) == 1
    b = annual[0]
    assert (b.action, b.budget, b.spent, b.amount, b.remaining, b.month) == (
        action,
        D("1200.00"),
        D("1000.00"),
        D("200.01"),
        D("200.00"),
        None,
    )
    verdict = judge([cover], 12, D("200.01"))
    assert verdict.action == action
    assert verdict.refused is (action == STOP)


@pytest.mark.parametrize("action", [STOP, WARN, IGNORE])
def test_accumulated_monthly_budget_exactly_reached_and_one_cent_over(action):
    # through March: 300.00 budgeted, 120.00 spent
    cover = team(months(feb="120.00"), annual=IGNORE, monthly=action)
    assert breaches([cover], 3, D("180.00")) == []
    found = breaches([cover], 3, D("180.01"))
    assert [(b.period, b.month, b.action, b.budget, b.spent) for b in found] == [
        (MONTHLY, 3, action, D("300.00"), D("120.00"))
    ]
    assert judge([cover], 3, D("180.01")).action == action


def test_default_actions_are_annual_stop_monthly_warn():
    cover = Cover("Travel", None, HUNDREDS, ZEROS)
    assert (cover.annual_action, cover.monthly_action) == (STOP, WARN)
    # 1,200.01 in December breaks both: the annual (stop) and the accumulated December budget (warn)
    found = breaches([cover], 12, D("1200.01"))
    assert [(b.period, b.action) for b in found] == [(ANNUAL, STOP), (MONTHLY, WARN)]
    assert judge([cover], 12, D("1200.01")).action == STOP


def test_strictest_action_wins_team_warn_and_salesperson_stop():
    team_cover = Cover("Travel", None, HUNDREDS, ZEROS, WARN, WARN)
    own = Cover("Travel", "V01", (D("50.00"),) * 12, ZEROS, STOP, WARN)
    # 700.00 in December: team year 1,200.00 fine; V01's year 600.00 exceeded (stop)
    verdict = judge([team_cover, own], 12, D("700.00"))
    assert verdict.action == STOP and verdict.refused
    stop = verdict.first(STOP)
    assert (stop.salesperson, stop.period, stop.budget, stop.spent) == ("V01", ANNUAL, D("600.00"), D("0"))
    # 1,300.00 breaks both; the team's warns, V01's stops: stop wins and comes first
    verdict = judge([team_cover, own], 12, D("1300.00"))
    assert verdict.action == STOP
    assert verdict.found[0].action == STOP
    assert {(b.salesperson, b.period, b.action) for b in verdict.found} == {
        (None, ANNUAL, WARN),
        (None, MONTHLY, WARN),
        ("V01", ANNUAL, STOP),
        ("V01", MONTHLY, WARN),
    }


def test_strictest_of_warn_and_ignore_is_warn():
    a = Cover("Travel", None, HUNDREDS, ZEROS, IGNORE, IGNORE)
    b = Cover("Travel", "V01", HUNDREDS, ZEROS, WARN, IGNORE)
    assert judge([a, b], 12, D("1200.01")).action == WARN
    assert judge([a], 12, D("1200.01")).action == IGNORE


def test_back_dated_expense_breaks_a_later_month_already_spent():
    # March already spent 250.00; 60.00 in February: through February 60 ≤ 200, through March
    # 250 + 60 = 310 > 300 — the first month broken (March) is reported, not April (310 ≤ 400)
    cover = team(months(mar="250.00"))
    found = breaches([cover], 2, D("60.00"))
    assert [(b.period, b.month, b.budget, b.spent, b.remaining) for b in found] == [
        (MONTHLY, 3, D("300.00"), D("250.00"), D("50.00"))
    ]
    # 50.00 fits exactly through March
    assert breaches([cover], 2, D("50.00")) == []


def test_no_cover_no_breach():
    assert judge([], 5, D("99999.99")).action is None


# --------------------------------------------------------------------------- enforce


def test_enforce_refuses_a_stop_without_reason_naming_budget_spent_and_remaining():
    verdict = judge([team(months(mar="1000.00"), monthly=IGNORE)], 12, D("200.01"))
    with pytest.raises(DataError) as exc:
        enforce(verdict, "")
    assert exc.value.field == "amount"
    assert exc.value.value == D("200.01")
    message = exc.value.message
    assert "200.01 exceeds the annual Travel budget" in message
    assert "budget 1200.00, spent 1000.00, remaining 200.00" in message
    with pytest.raises(DataError):
        enforce(verdict, "   ")  # blank is no reason


def test_enforce_with_a_reason_returns_the_warning_lines():
    verdict = judge([team(months(mar="1000.00"))], 12, D("200.01"))
    lines = enforce(verdict, "trade fair in Bilbao")
    assert lines == [
        "200.01 exceeds the annual Travel budget: budget 1200.00, spent 1000.00, remaining 200.00",
        "200.01 exceeds the Travel budget accumulated through month 12: budget 1200.00, spent 1000.00, "
        "remaining 200.00",
    ]


def test_enforce_warn_returns_one_line_and_ignore_none():
    warn = judge([team(months(feb="120.00"), monthly=WARN)], 3, D("180.01"))
    assert enforce(warn, "") == [
        "180.01 exceeds the Travel budget accumulated through month 3: budget 300.00, spent 120.00, "
        "remaining 180.00"
    ]
    ignore = judge([team(months(feb="120.00"), monthly=IGNORE)], 3, D("180.01"))
    assert ignore.action == IGNORE
    assert enforce(ignore, "") == []
    assert enforce(judge([team()], 3, D("1.00")), "") == []


def test_breach_message_for_a_salesperson_budget():
    own = Cover("Travel", "V01", (D("50.00"),) * 12, ZEROS)
    verdict = judge([own], 1, D("600.01"))
    assert verdict.first(STOP).message() == (
        "600.01 exceeds V01's annual Travel budget: budget 600.00, spent 0.00, remaining 600.00"
    )
    assert verdict.first(WARN).message() == (
        "600.01 exceeds V01's Travel budget accumulated through month 1: budget 50.00, spent 0.00, "
        "remaining 50.00"
    )


# --------------------------------------------------------------------------- status


def _fixture_spent(nov: str) -> tuple[Decimal, ...]:
    # Jan 150, Mar 200, Jun 250, Nov as given, Dec 500 (after the month: not counted)
    return months(jan="150.00", mar="200.00", jun="250.00", nov=nov, dec="500.00")


def test_status_row_hand_computed_at_exactly_the_alert_percentage():
    # actual to date 150 + 200 + 250 + 280 = 880.00; budget to date 11 × 100 = 1,100.00 → 80.0 % exactly
    # days elapsed Jan 1 – Nov 28 = 304 + 28 = 332; projection 880 ÷ 332 × 365 = 967.4698… → 967.47;
    # burn rate 967.4698… ÷ 12 = 80.6224… → 80.62
    s = status_row(HUNDREDS, _fixture_spent("280.00"), 2026, 11, TODAY)
    assert s.budget_month == D("100.00")
    assert s.actual_month == D("280.00")
    assert s.budget_ytd == D("1100.00")
    assert s.actual_ytd == D("880.00")
    assert s.budget_year == D("1200.00")
    assert s.remaining_year == D("320.00")
    assert s.projection == D("967.47")
    assert s.burn_rate == D("80.62")
    assert s.used_pct == D("80.0")
    assert s.status == WARNING
    assert s.has_budget is True


def test_status_row_just_below_the_alert_is_ok_although_the_percentage_rounds_to_80():
    # 879.99 ÷ 1,100.00 = 79.999 %: shown 80.0, compared unrounded → ok
    s = status_row(HUNDREDS, _fixture_spent("279.99"), 2026, 11, TODAY)
    assert s.used_pct == D("80.0")
    assert s.status == OK


def test_status_row_at_the_budget_is_a_warning_one_cent_over_is_over():
    # through November: 600 + 500.00 = 1,100.00 = the budget → warning; 500.01 → over
    at = status_row(HUNDREDS, _fixture_spent("500.00"), 2026, 11, TODAY)
    assert (at.actual_ytd, at.used_pct, at.status) == (D("1100.00"), D("100.0"), WARNING)
    over = status_row(HUNDREDS, _fixture_spent("500.01"), 2026, 11, TODAY)
    assert (over.actual_ytd, over.used_pct, over.status, over.remaining_year) == (
        D("1100.01"),
        D("100.0"),
        OVER,
        D("99.99"),
    )


def test_status_row_of_an_earlier_month_counts_the_whole_month():
    # as of June (today in November): Jan 1 – Jun 30 = 181 days; actual 600.00 → 600 ÷ 181 × 365
    # = 1209.9447… → 1209.94; burn 100.8287… → 100.83; budget to date 600.00 → 100.0 %, warning
    s = status_row(HUNDREDS, _fixture_spent("280.00"), 2026, 6, TODAY)
    assert (s.budget_ytd, s.actual_ytd, s.actual_month) == (D("600.00"), D("600.00"), D("250.00"))
    assert (s.projection, s.burn_rate, s.used_pct, s.status) == (
        D("1209.94"),
        D("100.83"),
        D("100.0"),
        WARNING,
    )


def test_status_row_without_a_budget():
    s = status_row(None, months(mar="45.50"), 2026, 11, TODAY)
    # 45.50 ÷ 332 × 365 = 50.0225… → 50.02; burn 4.1685… → 4.17
    assert (s.budget_ytd, s.budget_year, s.remaining_year) == (D("0.00"), D("0.00"), D("-45.50"))
    assert (s.projection, s.burn_rate, s.used_pct, s.status, s.has_budget) == (
        D("50.02"),
        D("4.17"),
        None,
        "no_budget",
        False,
    )
    quiet = status_row(None, ZEROS, 2026, 11, TODAY)
    assert (quiet.status, quiet.used_pct, quiet.projection) == (OK, None, D("0.00"))


def test_status_row_of_a_past_year_counts_every_day_and_rounds_half_up():
    # 2025 as of December, today in 2026: 365 days; projection = actual; burn 0.30 ÷ 12 = 0.025 → 0.03
    s = status_row(None, months(jan="0.30"), 2025, 12, TODAY)
    assert (s.actual_ytd, s.projection, s.burn_rate) == (D("0.30"), D("0.30"), D("0.03"))


def test_status_row_in_a_leap_year():
    # 2028 as of February, today 2028-02-29: Jan 1 – Feb 29 = 60 days; 60.00 ÷ 60 × 366 = 366.00;
    # burn 366 ÷ 12 = 30.50
    s = status_row(None, months(feb="60.00"), 2028, 2, date(2028, 2, 29))
    assert (s.projection, s.burn_rate) == (D("366.00"), D("30.50"))
    assert (rules.days_elapsed(2028, 2, date(2028, 2, 29)), rules.days_in_year(2028)) == (60, 366)


def test_days_elapsed():
    assert rules.days_elapsed(2026, 11, TODAY) == 332  # Jan 1 – Nov 28: 304 + 28
    assert rules.days_elapsed(2026, 12, TODAY) == 332  # a later month of this year: still through today
    assert rules.days_elapsed(2026, 6, TODAY) == 181  # an earlier month: through June 30
    assert rules.days_elapsed(2027, 3, TODAY) == 90  # a future year: the whole of Jan – Mar
    assert rules.days_elapsed(2026, 1, date(2026, 1, 1)) == 1


def test_expense_ratio():
    assert expense_ratio(D("140.00"), D("150.00")) == D("93.3")  # 93.333…
    assert expense_ratio(D("1.00"), D("8.00")) == D("12.5")
    assert expense_ratio(D("1.00"), D("16.00")) == D("6.3")  # 6.25 half up
    assert expense_ratio(D("0.00"), D("100.00")) == D("0.0")
    assert expense_ratio(D("10.00"), D("0.00")) is None
    assert expense_ratio(D("10.00"), D("-5.00")) is None  # only credit notes: no sales


# --------------------------------------------------------------------------- discounts


@pytest.mark.parametrize(
    ("pct", "level"),
    [
        ("0.01", "salesperson"),
        ("5", "salesperson"),
        ("5.01", "manager"),
        ("15", "manager"),
        ("15.01", "director"),
    ],
)
def test_discount_level_default_policy_inclusive_edges(pct, level):
    assert discount_level(D(pct), DiscountPolicy()) == level


def test_discount_level_follows_the_policy():
    policy = DiscountPolicy(D(3), D(10))
    assert [discount_level(D(p), policy) for p in ("3", "3.01", "10", "10.01")] == [
        "salesperson",
        "manager",
        "manager",
        "director",
    ]


def test_check_policy_refuses_a_salesperson_level_above_the_manager():
    rules.check_policy(DiscountPolicy(D(15), D(15)))
    with pytest.raises(DataError):
        rules.check_policy(DiscountPolicy(D("15.01"), D(15)))


def test_check_discount_against_the_product_maximum():
    assert check_discount(D("10"), D("10"), "P01") == D("10")  # exactly the maximum
    with pytest.raises(DataError, match=r"above the maximum discount of product P01 \(10 %\)") as exc:
        check_discount(D("10.01"), D("10"), "P01")
    assert exc.value.field == "discount_pct"
    assert check_discount(D("99.99")) == D("99.99")  # no product: only 0 < % ≤ 100


@pytest.mark.parametrize("pct", ["0", "-1", "100.01", "5.001"])
def test_check_discount_refuses_out_of_range_or_too_precise(pct):
    with pytest.raises(DataError):
        check_discount(D(pct))


def test_discount_cost_is_gross_times_percent_unrounded():
    assert discount_cost(D("1000.00"), D("5.01")) == D("50.10")
    assert discount_cost(D("333.33"), D("7.77")) == D("25.899741")


def test_check_amount():
    assert rules.check_amount(D("0.01")) == D("0.01")
    assert rules.check_amount(D("0.00"), zero_ok=True) == D("0.00")
    for bad in ("0", "-0.01", "1.001", "1000000000.00"):
        with pytest.raises(DataError):
            rules.check_amount(D(bad))
    with pytest.raises(DataError):
        rules.check_amount(D("-1.00"), zero_ok=True)


# --------------------------------------------------------------------------- status tables


@pytest.mark.parametrize(
    ("old", "new"),
    [("submitted", "approved"), ("submitted", "rejected"), ("approved", "reimbursed")],
)
def test_expense_transitions_allowed(old, new):
    assert check_expense_transition(old, new) == new


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("submitted", "reimbursed"),
        ("approved", "rejected"),
        ("approved", "approved"),
        ("rejected", "approved"),
        ("reimbursed", "approved"),
        ("approved", "submitted"),
    ],
)
def test_expense_transitions_refused_name_both_states(old, new):
    with pytest.raises(DataError) as exc:
        check_expense_transition(old, new)
    assert exc.value.message == f"cannot change from {old} to {new}"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("pending", "approved"),
        ("pending", "rejected"),
        ("pending", "escalated"),
        ("escalated", "approved"),
        ("escalated", "rejected"),
    ],
)
def test_discount_transitions_allowed(old, new):
    assert check_discount_transition(old, new) == new


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("escalated", "escalated"),
        ("escalated", "pending"),
        ("approved", "rejected"),
        ("rejected", "approved"),
        ("approved", "escalated"),
    ],
)
def test_discount_transitions_refused_name_both_states(old, new):
    with pytest.raises(DataError) as exc:
        check_discount_transition(old, new)
    assert exc.value.message == f"cannot change from {old} to {new}"


def test_unknown_status_lists_the_known_ones():
    with pytest.raises(DataError, match="unknown status; known: submitted, approved, rejected, reimbursed"):
        check_expense_transition("submitted", "paid")
    with pytest.raises(DataError, match="unknown status; known: pending, escalated, approved, rejected"):
        check_discount_transition("pending", "granted")


def test_status_tables_final_states_stay_final():
    assert rules.EXPENSE_TRANSITIONS["rejected"] == () and rules.EXPENSE_TRANSITIONS["reimbursed"] == ()
    assert rules.DISCOUNT_TRANSITIONS["approved"] == () and rules.DISCOUNT_TRANSITIONS["rejected"] == ()


def test_check_action():
    assert rules.check_action(" Stop ", "annual_action") == STOP
    with pytest.raises(DataError, match="must be one of stop, warn, ignore") as exc:
        rules.check_action("halt", "annual_action")
    assert exc.value.field == "annual_action"
