"""Pure unit tests of ``salesdesk.plan.rules``: largest-remainder splitting, the plan breakdown and tracking.

Every expected number below was worked out by hand (largest remainder: floors first, leftover cents to
the largest fractions, ties to the lower key / position) and is written out literally.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesdesk.core.errors import DataError
from salesdesk.plan import rules
from salesdesk.plan.rules import (
    AT_RISK,
    OFF_TRACK,
    ON_TRACK,
    Breakdown,
    GroupInput,
    PersonInput,
    PlanError,
    break_down,
    check_action_status,
    check_weights,
    default_seasonality,
    deviations,
    growth_weight,
    market_share,
    month_fraction,
    pct,
    rebalance_row,
    split,
    split_months,
    split_with_manual,
    status_for,
    target_to_date,
    track,
)

D = Decimal

#: 8.33 × 11 + 8.37 = 100.00
NEAR_EQUAL = [D("8.33")] * 11 + [D("8.37")]
#: January 12 %, every other month 8 %: 12 + 88 = 100
JAN_HEAVY = [D(12)] + [D(8)] * 11


def ds(*values: str | int) -> list[Decimal]:
    return [D(str(v)) for v in values]


def test_plan_error_is_data_error():
    assert PlanError is DataError


# --------------------------------------------------------------------------- split


def test_split_three_ways_tie_cent_goes_to_first_position():
    assert split(D("100.00"), ds(1, 1, 1)) == ds("33.34", "33.33", "33.33")


def test_split_all_zero_weights_gives_equal_shares():
    assert split(D("10.00"), ds(0, 0)) == ds("5.00", "5.00")


def test_split_all_zero_weights_odd_cent_goes_to_first():
    # 5 cents in two: 2.5 each, the tie cent to position 0
    assert split(D("0.05"), ds(0, 0)) == ds("0.03", "0.02")


def test_split_leftover_cent_goes_to_largest_fraction():
    # 100 cents by 1:2:4 → exact 14.29, 28.57, 57.14 → floors 14 + 28 + 57 = 99; fractions .29 .57 .14
    assert split(D("1.00"), ds(1, 2, 4)) == ds("0.14", "0.29", "0.57")


def test_split_two_leftover_cents_go_to_the_largest_fraction_then_the_lower_position():
    # 100 cents by 2:3:2 (whole 7) → exact 28.571, 42.857, 28.571 → floors 98; 2 left:
    # first the .857 (position 1), then the tie of .571 goes to position 0
    assert split(D("1.00"), ds(2, 3, 2)) == ds("0.29", "0.43", "0.28")


def test_split_largest_fraction_beats_lower_position():
    # 100 cents by 1:1:1:3:3 (whole 9) → 11.11 ×3, 33.33 ×2 → floors 99; the cent to position 3 (.33)
    assert split(D("1.00"), ds(1, 1, 1, 3, 3)) == ds("0.11", "0.11", "0.11", "0.34", "0.33")


def test_split_keys_decide_who_gets_the_tie_cent():
    assert split(D("100.00"), ds(1, 1, 1), ["c", "b", "a"]) == ds("33.33", "33.33", "33.34")
    assert split(D("100.00"), ds(1, 1, 1), ["b", "a", "c"]) == ds("33.33", "33.34", "33.33")


def test_split_keys_only_break_ties_not_bigger_fractions():
    # fractions .29 .57 .14: the largest wins even though its key sorts last
    assert split(D("1.00"), ds(1, 2, 4), ["a", "z", "b"]) == ds("0.14", "0.29", "0.57")


def test_split_negative_weights_count_as_zero():
    assert split(D("10.00"), ds(-5, 1, 1)) == ds("0.00", "5.00", "5.00")


def test_split_only_negative_weights_is_equal_shares():
    assert split(D("9.00"), ds(-1, -2, -3)) == ds("3.00", "3.00", "3.00")


def test_split_zero_total():
    assert split(D("0"), ds(1, 2, 3)) == ds("0.00", "0.00", "0.00")


def test_split_rounds_total_to_cents_half_up():
    # 1.005 → 101 cents
    assert split(D("1.005"), ds(1)) == ds("1.01")


def test_split_nothing_into_nothing():
    assert split(D("0"), []) == []


def test_split_something_into_nothing_refused():
    with pytest.raises(DataError) as info:
        split(D("1.00"), [])
    assert info.value.field == "total"
    assert info.value.value == D("1.00")


# --------------------------------------------------------------------------- split_with_manual


def test_split_with_manual_keeps_manual_and_splits_the_rest():
    assert split_with_manual(D("100.00"), ds(1, 1, 1), [None, D("40.00"), None]) == ds(
        "30.00", "40.00", "30.00"
    )


def test_split_with_manual_rest_follows_remaining_weights():
    # manual weight ignored; 60.00 by 1:2
    assert split_with_manual(D("100.00"), ds(1, 99, 2), [None, D("40.00"), None]) == ds(
        "20.00", "40.00", "40.00"
    )


def test_split_with_manual_keys_of_free_parts_break_ties():
    # 0.03 left over for two free parts keyed z, y: 1.5 cents each, the extra cent to "y"
    got = split_with_manual(D("0.04"), ds(1, 1, 1), [D("0.01"), None, None], ["a", "z", "y"])
    assert got == ds("0.01", "0.01", "0.02")


def test_split_with_manual_exceeding_total_refused():
    with pytest.raises(DataError) as info:
        split_with_manual(D("100.00"), ds(1, 1, 1), [D("60.00"), D("50.00"), None])
    assert info.value.field == "amount"
    assert info.value.value == D("110.00")
    assert "exceed" in info.value.message


def test_split_with_manual_what_names_the_field():
    with pytest.raises(DataError) as info:
        split_with_manual(D("10"), ds(1), [D("11")], what="group")
    assert info.value.field == "group"


def test_split_with_manual_all_manual_not_adding_up_refused():
    with pytest.raises(DataError) as info:
        split_with_manual(D("100.00"), ds(1, 1), [D("30.00"), D("30.00")])
    assert info.value.field == "amount"
    assert info.value.value == D("60.00")
    assert "add up" in info.value.message


def test_split_with_manual_all_manual_adding_up_is_kept():
    assert split_with_manual(D("100.00"), ds(1, 1), [D("60.00"), D("40.00")]) == ds("60.00", "40.00")


def test_split_with_manual_manual_equal_to_total_leaves_zero_for_the_rest():
    assert split_with_manual(D("50.00"), ds(1, 1, 1), [None, D("50.00"), None]) == ds("0.00", "50.00", "0.00")


# --------------------------------------------------------------------------- check_manual


def test_check_manual_returns_what_is_left_for_the_free_parts():
    assert rules.check_manual(D("100.00"), [D("60.00"), None, D("15.50")]) == D("24.50")
    assert rules.check_manual(D("100.00"), [None, None]) == D("100.00")
    assert rules.check_manual(D("100.00"), [D("60.00"), D("40.00")]) == D("0.00")


def _dots(value: Decimal) -> str:
    """Stands for a locale's number format in the messages: 4219515.67 → 4.219.515,67."""
    return f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


def test_check_manual_names_the_field_the_value_and_the_whole():
    with pytest.raises(DataError) as info:
        rules.check_manual(
            D("4219515.67"),
            [D("99999999.00"), None],
            field="--amount",
            value=D("99999999.00"),
            whole="the group's 4.219.515,67 for 2026",
            show=_dots,
        )
    assert str(info.value) == "--amount '99999999.00': more than the group's 4.219.515,67 for 2026"


def test_check_manual_says_how_much_the_other_fixed_amounts_leave():
    # plan 12,000.00; another group fixed at 7,000.00 leaves 5,000.00 for this one, asked 6,000.00
    with pytest.raises(DataError) as info:
        rules.check_manual(
            D("12000.00"),
            [D("7000.00"), D("6000.00"), None],
            field="--amount",
            value=D("6000.00"),
            whole="the plan's 12.000,00 for 2026",
            show=_dots,
        )
    assert info.value.value == D("6000.00")
    assert info.value.message == (
        "more than the 5.000,00 that the other fixed amounts (7.000,00) leave of "
        "the plan's 12.000,00 for 2026"
    )


def test_check_manual_every_part_fixed_must_add_up():
    with pytest.raises(DataError) as info:
        rules.check_manual(
            D("12000.00"), [D("7000.00"), D("4000.00")], value=D("4000.00"), whole="the plan's 12000.00"
        )
    assert info.value.message == (
        "every part is fixed, so they must add up to the plan's 12000.00; they would make 11000.00"
    )


def test_check_manual_without_words_keeps_the_breakdowns_messages():
    with pytest.raises(DataError) as info:
        rules.check_manual(D("10"), [D("11"), None], field="group")
    assert (info.value.field, info.value.value, info.value.message) == (
        "group",
        D("11"),
        "manual amounts exceed the total",
    )


def test_split_groups_is_the_breakdowns_first_level():
    # 100,000 by 60,000 × 1 and 40,000 × 1.5 = 60,000 : 60,000 → 50,000.00 each
    groups = [GroupInput("A", D("60000")), GroupInput("B", D("40000"), D(50))]
    assert rules.split_groups(D("100000.00"), groups) == {"A": D("50000.00"), "B": D("50000.00")}
    assert rules.split_groups(D("100000.00"), [groups[0], GroupInput("B", manual=D("30000"))]) == {
        "A": D("70000.00"),
        "B": D("30000"),
    }


# --------------------------------------------------------------------------- growth_weight


@pytest.mark.parametrize(
    ("last_year", "growth", "expected"),
    [
        ("1000", "10", "1100"),
        ("1000", "0", "1000"),
        ("1000", "-100", "0"),
        ("1000", "-150", "0"),
        ("1000", "50", "1500"),
        ("0", "200", "0"),
        ("40000", "50", "60000"),
        ("1000", "2.5", "1025"),
    ],
)
def test_growth_weight(last_year, growth, expected):
    assert growth_weight(D(last_year), D(growth)) == D(expected)


# --------------------------------------------------------------------------- check_weights


def test_check_weights_accepts_twelve_totalling_100():
    assert check_weights(NEAR_EQUAL) == NEAR_EQUAL
    assert check_weights([D(0)] * 11 + [D(100)]) == [D(0)] * 11 + [D(100)]


def test_check_weights_needs_twelve():
    with pytest.raises(DataError) as info:
        check_weights([D("10")] * 10 + [D("0")])
    assert info.value.field == "weights"
    assert info.value.value == 11


def test_check_weights_refuses_negative():
    with pytest.raises(DataError) as info:
        check_weights([D("-1"), D("101")] + [D(0)] * 10)
    assert info.value.field == "weights"
    assert info.value.value == D("-1")
    assert "negative" in info.value.message


def test_check_weights_refuses_total_of_99_99():
    # 8.33 × 11 = 91.63; + 8.36 = 99.99
    with pytest.raises(DataError) as info:
        check_weights([D("8.33")] * 11 + [D("8.36")])
    assert info.value.field == "weights"
    assert info.value.value == D("99.99")
    assert "100" in info.value.message


def test_check_weights_refuses_total_over_100():
    with pytest.raises(DataError) as info:
        check_weights([D("8.33")] * 11 + [D("8.38")])
    assert info.value.value == D("100.01")


# --------------------------------------------------------------------------- default_seasonality


def test_default_seasonality_from_history():
    # total 300; share in hundredths of a percent = w × 100 / 3:
    # 10 → 333.33, 20 → 666.67, 30 → 1000, 40 → 1333.33; floors total 9996; the 4 leftover cents go to
    # the four months with the largest fraction (.67, the 20s: months 2, 4, 7, 9)
    history = ds(10, 20, 30, 20, 30, 40, 20, 10, 20, 30, 40, 30)
    assert default_seasonality(history) == ds(
        "3.33", "6.67", "10.00", "6.67", "10.00", "13.33", "6.67", "3.33", "6.67", "10.00", "13.33", "10.00"
    )


def test_default_seasonality_ties_go_to_earlier_months():
    # 50 × 12: each 833.33 hundredths of a percent → floors 833 × 12 = 9,996; months 1-4 get the 4 left
    assert default_seasonality([D(50)] * 12) == [D("8.34")] * 4 + [D("8.33")] * 8


def test_default_seasonality_without_sales_is_equal():
    assert default_seasonality([D(0)] * 12) == [D("8.34")] * 4 + [D("8.33")] * 8


def test_default_seasonality_single_month():
    assert default_seasonality([D(0)] * 5 + [D("123.45")] + [D(0)] * 6) == [D(0)] * 5 + [D(100)] + [D(0)] * 6


def test_default_seasonality_needs_twelve_months():
    with pytest.raises(DataError) as info:
        default_seasonality([D(1)] * 11)
    assert info.value.field == "months"
    assert info.value.value == 11


# --------------------------------------------------------------------------- seasonality_window


@pytest.mark.parametrize(
    ("year", "today", "expected"),
    [
        # last year is complete: its twelve months
        (2027, date(2027, 1, 1), (date(2026, 1, 1), date(2026, 12, 31), rules.LAST_YEAR)),
        (2026, date(2026, 11, 28), (date(2025, 1, 1), date(2025, 12, 31), rules.LAST_YEAR)),
        (2025, date(2026, 11, 28), (date(2024, 1, 1), date(2024, 12, 31), rules.LAST_YEAR)),
        # not yet: the twelve complete months before today's month
        (2027, date(2026, 12, 1), (date(2025, 12, 1), date(2026, 11, 30), rules.LAST_12_MONTHS)),
        (2027, date(2026, 12, 31), (date(2025, 12, 1), date(2026, 11, 30), rules.LAST_12_MONTHS)),
        (2027, date(2026, 11, 30), (date(2025, 11, 1), date(2026, 10, 31), rules.LAST_12_MONTHS)),
        (2027, date(2026, 1, 15), (date(2025, 1, 1), date(2025, 12, 31), rules.LAST_12_MONTHS)),
        (2028, date(2026, 3, 2), (date(2025, 3, 1), date(2026, 2, 28), rules.LAST_12_MONTHS)),
    ],
)
def test_seasonality_window(year, today, expected):
    assert rules.seasonality_window(year, today) == expected


# --------------------------------------------------------------------------- split_months


def test_split_months_by_weights():
    # 45,000.00 × 8.33 % = 3,748.50 (× 11 = 41,233.50) and × 8.37 % = 3,766.50
    assert split_months(D("45000.00"), NEAR_EQUAL) == [D("3748.50")] * 11 + [D("3766.50")]


def test_split_months_keeps_manual_month():
    # 35,000.00 over Feb-Dec at 8 % each: 318,181.81… cents, floors total 3,499,991; 9 cents to Feb-Oct
    got = split_months(D("45000.00"), JAN_HEAVY, {1: D("10000")})
    assert got == [D("10000")] + [D("3181.82")] * 9 + [D("3181.81")] * 2


def test_split_months_manual_months_exceeding_refused():
    with pytest.raises(DataError) as info:
        split_months(D("100"), JAN_HEAVY, {1: D("60"), 2: D("50")})
    assert info.value.field == "month"


# --------------------------------------------------------------------------- break_down


def _two_groups() -> list[GroupInput]:
    return [
        GroupInput("A", last_year=D("60000"), growth_pct=D(0)),
        GroupInput("B", last_year=D("40000"), growth_pct=D(50)),
    ]


def test_break_down_small_plan():
    people = {
        "A": [PersonInput("P1", last_year=D("3000")), PersonInput("P2", last_year=D("1000"))],
        "B": [PersonInput("Q1")],
    }
    result = break_down(D("120000.00"), _two_groups(), people, NEAR_EQUAL)
    assert isinstance(result, Breakdown)
    assert result.plan == D("120000.00")
    # weights 60,000 × 1 and 40,000 × 1.5 = 60,000
    assert result.groups == {"A": D("60000.00"), "B": D("60000.00")}
    # 3:1 inside A; Q1 alone in B (no history, only member)
    assert result.people == {
        ("A", "P1"): D("45000.00"),
        ("A", "P2"): D("15000.00"),
        ("B", "Q1"): D("60000.00"),
    }
    # 45,000: 3,748.50 × 11 + 3,766.50; 15,000: 1,249.50 × 11 + 1,255.50; 60,000: 4,998.00 × 11 + 5,022.00
    assert [result.cells[("A", "P1", m)] for m in range(1, 13)] == [D("3748.50")] * 11 + [D("3766.50")]
    assert [result.cells[("A", "P2", m)] for m in range(1, 13)] == [D("1249.50")] * 11 + [D("1255.50")]
    assert [result.cells[("B", "Q1", m)] for m in range(1, 13)] == [D("4998.00")] * 11 + [D("5022.00")]
    assert len(result.cells) == 36
    # month totals: 3,748.50 + 1,249.50 + 4,998.00 = 9,996.00; December 3,766.50 + 1,255.50 + 5,022.00
    assert result.by_month() == [D("9996.00")] * 11 + [D("10044.00")]
    assert result.by_group() == {
        "A": [D("4998.00")] * 11 + [D("5022.00")],
        "B": [D("4998.00")] * 11 + [D("5022.00")],
    }


def test_break_down_manual_month_keeps_january_and_the_year():
    people = {
        "A": [
            PersonInput("P1", last_year=D("3000"), months={1: D("10000")}),
            PersonInput("P2", last_year=D("1000")),
        ],
    }
    result = break_down(D("120000.00"), _two_groups(), people, JAN_HEAVY)
    assert result.people[("A", "P1")] == D("45000.00")
    p1 = [result.cells[("A", "P1", m)] for m in range(1, 13)]
    assert p1 == [D("10000")] + [D("3181.82")] * 9 + [D("3181.81")] * 2
    assert sum(p1) == D("45000.00")
    # P2 15,000: January 12 % = 1,800, the others 8 % = 1,200
    assert [result.cells[("A", "P2", m)] for m in range(1, 13)] == [D("1800.00")] + [D("1200.00")] * 11


def test_break_down_manual_group_and_group_without_people():
    groups = [*_two_groups(), GroupInput("C", last_year=D("999999"), growth_pct=D(100), manual=D("30000"))]
    people = {"A": [PersonInput("P1")], "B": [PersonInput("P2")]}
    result = break_down(D("120000.00"), groups, people, JAN_HEAVY)
    # C keeps 30,000; A and B share 90,000 at 60,000 : 60,000
    assert result.groups == {"A": D("45000.00"), "B": D("45000.00"), "C": D("30000")}
    # C has no salespeople: no cells; it still shows in by_group with zeros
    assert not any(g == "C" for g, _sp, _m in result.cells)
    assert result.by_group()["C"] == [D(0)] * 12
    # 45,000 × 12 % = 5,400, × 8 % = 3,600; two groups
    assert result.by_month() == [D("10800.00")] + [D("7200.00")] * 11
    assert sum(result.by_month()) == D("90000.00")


def test_break_down_manual_salesperson_and_new_people_share_equally():
    people = {
        "A": [PersonInput("P1", last_year=D("500"), manual=D("20000")), PersonInput("P2"), PersonInput("P3")],
    }
    result = break_down(D("120000.00"), _two_groups(), people, JAN_HEAVY)
    # A = 60,000: P1 keeps 20,000; P2 and P3 have no history → 20,000 each
    assert result.people == {("A", "P1"): D("20000"), ("A", "P2"): D("20000.00"), ("A", "P3"): D("20000.00")}


def test_break_down_by_salesperson_sums_over_groups_sorted():
    groups = [GroupInput("X"), GroupInput("Y")]
    people = {
        "Y": [PersonInput("S2", last_year=D(1)), PersonInput("S1", last_year=D(1))],
        "X": [PersonInput("S1")],
    }
    result = break_down(D("1200.00"), groups, people, JAN_HEAVY)
    # X and Y 600 each (no history); S1 600 in X + 300 in Y, S2 300 in Y
    assert result.people == {("X", "S1"): D("600.00"), ("Y", "S2"): D("300.00"), ("Y", "S1"): D("300.00")}
    by_sp = result.by_salesperson()
    assert list(by_sp) == ["S1", "S2"]
    # S1: 72 + 36 in January, 48 + 24 after; S2: 36, then 24
    assert by_sp["S1"] == [D("108.00")] + [D("72.00")] * 11
    assert by_sp["S2"] == [D("36.00")] + [D("24.00")] * 11
    assert result.by_group() == {
        "X": [D("72.00")] + [D("48.00")] * 11,
        "Y": [D("72.00")] + [D("48.00")] * 11,
    }
    assert result.by_month() == [D("144.00")] + [D("96.00")] * 11


def test_break_down_groups_split_with_remainders():
    # 100.00 by growth weights 1:1:1 (all zero history → equal): 33.34, 33.33, 33.33
    result = break_down(D("100.00"), [GroupInput("G1"), GroupInput("G2"), GroupInput("G3")], {}, JAN_HEAVY)
    assert result.groups == {"G1": D("33.34"), "G2": D("33.33"), "G3": D("33.33")}
    assert result.cells == {}
    assert result.people == {}


def test_break_down_group_tie_cent_goes_to_the_lower_code():
    result = break_down(D("0.01"), [GroupInput("Z"), GroupInput("A")], {}, JAN_HEAVY)
    assert result.groups == {"Z": D("0.00"), "A": D("0.01")}


def test_break_down_refuses_negative_plan():
    with pytest.raises(DataError) as info:
        break_down(D("-1"), _two_groups(), {}, NEAR_EQUAL)
    assert info.value.field == "plan"


def test_break_down_refuses_bad_weights():
    with pytest.raises(DataError) as info:
        break_down(D("100"), _two_groups(), {}, [D("8.33")] * 12)
    assert info.value.field == "weights"


def test_break_down_refuses_manual_groups_over_plan():
    groups = [GroupInput("A", manual=D("80")), GroupInput("B", manual=D("30")), GroupInput("C")]
    with pytest.raises(DataError) as info:
        break_down(D("100"), groups, {}, NEAR_EQUAL)
    assert info.value.field == "group"
    assert info.value.value == D("110")


def test_break_down_refuses_manual_people_over_group():
    people = {"A": [PersonInput("P1", manual=D("70000")), PersonInput("P2")]}
    with pytest.raises(DataError) as info:
        break_down(D("120000.00"), _two_groups(), people, NEAR_EQUAL)
    assert info.value.field == "salesperson"


def test_break_down_refuses_manual_months_over_person():
    people = {"A": [PersonInput("P1", months={1: D("40000"), 2: D("30000")})]}
    with pytest.raises(DataError) as info:
        break_down(D("120000.00"), _two_groups(), people, NEAR_EQUAL)
    assert info.value.field == "month"


# --------------------------------------------------------------------------- rebalance_row


def test_rebalance_row_keeps_year_total():
    # 10,000 left for 11 months at 12:8:…:8 (whole 92): January 130,434.78 cents, others 86,956.52;
    # floors total 999,994; 6 cents: January (.78) then Feb, Apr, May, Jun, Jul (.52, lower months first)
    got = rebalance_row([D(1000)] * 12, 3, D(2000), JAN_HEAVY)
    assert got == ([D("1304.35"), D("869.57"), D(2000)] + [D("869.57")] * 4 + [D("869.56")] * 5)
    assert sum(got) == D(12000)


def test_rebalance_row_keeps_fixed_months():
    # January fixed at 1,000, March set to 2,000: 9,000 for ten months at 8 % each → 900
    got = rebalance_row([D(1000)] * 12, 3, D(2000), JAN_HEAVY, fixed={1, 3})
    assert got == [D(1000), D("900.00"), D(2000)] + [D("900.00")] * 9


def test_rebalance_row_refuses_more_than_the_year():
    with pytest.raises(DataError) as info:
        rebalance_row([D(100)] * 12, 1, D(1201), JAN_HEAVY)
    assert info.value.field == "month"


def test_rebalance_row_names_the_amount_and_the_year():
    with pytest.raises(DataError) as info:
        rebalance_row([D(100)] * 12, 1, D("162744.75"), JAN_HEAVY, field="--amount")
    assert str(info.value) == "--amount '162744.75': more than the year's 1200"
    # February fixed at 1,000: 200 are left of the year's 1,200.00 for January
    with pytest.raises(DataError) as info:
        rebalance_row([D(100), D(1000)] + [D(10)] * 10, 1, D("300"), JAN_HEAVY, {2}, show=_dots)
    assert info.value.message == (
        "more than the 200,00 that the other fixed amounts (1.000,00) leave of the year's 1.200,00"
    )


# --------------------------------------------------------------------------- month_fraction, target_to_date


@pytest.mark.parametrize(
    ("year", "month", "as_of", "expected"),
    [
        (2026, 3, date(2026, 3, 15), Fraction(15, 31)),
        (2026, 3, date(2026, 3, 31), Fraction(1)),
        (2026, 3, date(2026, 3, 1), Fraction(1, 31)),
        (2026, 2, date(2026, 3, 15), Fraction(1)),
        (2026, 4, date(2026, 3, 15), Fraction(0)),
        (2024, 2, date(2024, 2, 10), Fraction(10, 29)),
        (2026, 2, date(2026, 2, 14), Fraction(1, 2)),
        (2025, 12, date(2026, 1, 1), Fraction(1)),
        (2027, 1, date(2026, 12, 31), Fraction(0)),
    ],
)
def test_month_fraction(year, month, as_of, expected):
    assert month_fraction(year, month, as_of) == expected


def test_target_to_date_pro_rata():
    # 2,000 + 1,000 × 15 / 31 = 2,483.870967…
    got = target_to_date([D("1000.00")] * 12, 2026, date(2026, 3, 15))
    assert got.quantize(D("0.01")) == D("2483.87")
    assert abs(got - D("2483.870967741935483870967742")) < D("1e-20")


def test_target_to_date_before_and_after_the_year():
    assert target_to_date([D("1000.00")] * 12, 2026, date(2025, 12, 31)) == 0
    assert target_to_date([D("1000.00")] * 12, 2026, date(2027, 1, 1)) == D(12000)


def test_target_to_date_uses_each_months_amount():
    # Jan 100 + Feb 200 + March 300 × 31/31
    monthly = ds(100, 200, 300) + [D(999)] * 9
    assert target_to_date(monthly, 2026, date(2026, 3, 31)) == D(600)


# --------------------------------------------------------------------------- pct, status_for, market_share


def test_pct():
    assert pct(D(45), D(60)) == D(75)
    assert pct(D(1), D(0)) is None
    assert pct(D(0), D(0)) is None


@pytest.mark.parametrize(
    ("attainment", "expected"),
    [
        (D("100"), ON_TRACK),
        (D("150"), ON_TRACK),
        (D("99.99"), AT_RISK),
        (D("90"), AT_RISK),
        (D("89.99"), OFF_TRACK),
        (D("0"), OFF_TRACK),
        (None, ON_TRACK),
    ],
)
def test_status_for_default_thresholds(attainment, expected):
    assert status_for(attainment) == expected


def test_status_for_custom_thresholds():
    assert status_for(D("95"), on_track=D("95"), at_risk=D("80")) == ON_TRACK
    assert status_for(D("94.9"), on_track=D("95"), at_risk=D("80")) == AT_RISK
    assert status_for(D("80"), on_track=D("95"), at_risk=D("80")) == AT_RISK
    assert status_for(D("79.9"), on_track=D("95"), at_risk=D("80")) == OFF_TRACK


@pytest.mark.parametrize(
    ("actual", "market", "expected"),
    [
        ("250", "1000", D("25.0")),
        ("1", "3", D("33.3")),
        ("2", "3", D("66.7")),
        ("5", "0", None),
        ("5", None, None),
    ],
)
def test_market_share(actual, market, expected):
    assert market_share(D(actual), None if market is None else D(market)) == expected


# --------------------------------------------------------------------------- track


MONTHLY_1000 = [D("1000.00")] * 12
MID_MARCH = date(2026, 3, 15)


def test_track_just_below_ninety_percent():
    # due 2,483.870967…; 2,235.48 / due = 89.99984 % — shown as 90.0 but below the 90 % threshold.
    # projection = 2,235.48 × 12,000 / due = 2,235.48 × 372 / 77 = 10,799.9813
    t = track(MONTHLY_1000, D("2235.48"), 2026, MID_MARCH, last_year_to_date=D("2000"))
    assert t.target_year == D("12000.00")
    assert t.target_to_date == D("2483.87")
    assert t.actual_to_date == D("2235.48")
    assert t.attainment_pct == D("90.0")
    assert t.gap == D("-248.39")
    assert t.projection == D("10799.98")
    assert t.status == OFF_TRACK
    assert t.last_year_to_date == D("2000.00")
    # (2,235.48 − 2,000) / 2,000 = 11.774 %
    assert t.vs_last_year_pct == D("11.8")


def test_track_just_above_ninety_percent_is_at_risk():
    # 2,235.49 / due = 90.00025 %; projection 2,235.49 × 372 / 77 = 10,800.0296
    t = track(MONTHLY_1000, D("2235.49"), 2026, MID_MARCH)
    assert t.attainment_pct == D("90.0")
    assert t.status == AT_RISK
    assert t.gap == D("-248.38")
    assert t.projection == D("10800.03")
    assert t.last_year_to_date == D("0.00")
    assert t.vs_last_year_pct is None


def test_track_on_target():
    # actual = due exactly at the end of February: 2,000 → 100 %, projection 12,000
    t = track(MONTHLY_1000, D("2000"), 2026, date(2026, 2, 28))
    assert t.target_to_date == D("2000.00")
    assert t.attainment_pct == D("100.0")
    assert t.gap == D("0.00")
    assert t.projection == D("12000.00")
    assert t.status == ON_TRACK


def test_track_nothing_due_yet():
    t = track(MONTHLY_1000, D("500"), 2026, date(2025, 12, 31))
    assert t.target_to_date == D("0.00")
    assert t.attainment_pct is None
    assert t.status == ON_TRACK
    assert t.gap == D("500.00")
    # remaining 12,000 at 100 %
    assert t.projection == D("12500.00")


def test_track_custom_thresholds():
    # 50 % attainment at end of February
    t = track(MONTHLY_1000, D("1000"), 2026, date(2026, 2, 28), on_track=D(60), at_risk=D(50))
    assert t.attainment_pct == D("50.0")
    assert t.status == AT_RISK
    # 1,000 + 10,000 × 0.5
    assert t.projection == D("6000.00")


# --------------------------------------------------------------------------- deviations


def test_deviations_over_three_months_with_current_month_pro_rata():
    targets = {"V02": [D("2000")] * 12, "V01": [D("1000")] * 12}
    actuals = {
        "V01": ds(950, 800, 400) + [D(0)] * 9,
        "V02": ds(1500, 2000, 900) + [D(0)] * 9,
    }
    got = deviations("salesperson", targets, actuals, 2026, MID_MARCH)
    # Jan: V01 95 % ok, V02 75 %; Feb: V01 80 %, V02 100 % ok;
    # Mar (15/31): V01 due 483.87, 400 → 82.67 %; V02 due 967.74, 900 → 93.0 % ok; April onward not due
    assert got == [
        rules.Deviation(1, "salesperson", "V02", D("2000.00"), D("1500.00"), D("75.0")),
        rules.Deviation(2, "salesperson", "V01", D("1000.00"), D("800.00"), D("80.0")),
        rules.Deviation(3, "salesperson", "V01", D("483.87"), D("400.00"), D("82.7")),
    ]


def test_deviations_missing_actuals_and_zero_targets():
    targets = {"G1": ds(100, 0) + [D(100)] * 10}
    got = deviations("group", targets, {}, 2026, date(2026, 2, 1))
    # January 0 of 100 → 0 %; February target 0 → no attainment, not listed
    assert got == [rules.Deviation(1, "group", "G1", D("100.00"), D("0.00"), D("0.0"))]


def test_deviations_custom_threshold_and_nothing_due():
    targets = {"V01": [D("1000")] * 12}
    actuals = {"V01": [D("950")] * 12}
    assert deviations("salesperson", targets, actuals, 2026, date(2026, 1, 31)) == []
    got = deviations("salesperson", targets, actuals, 2026, date(2026, 1, 31), at_risk=D("96"))
    assert [(x.month, x.code, x.attainment_pct) for x in got] == [(1, "V01", D("95.0"))]
    assert deviations("salesperson", targets, actuals, 2026, date(2025, 12, 31)) == []


# --------------------------------------------------------------------------- check_action_status


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("open", "in_progress"),
        ("open", "done"),
        ("open", "cancelled"),
        ("in_progress", "done"),
        ("in_progress", "cancelled"),
        ("open", "open"),
        ("in_progress", "in_progress"),
        ("done", "done"),
        ("cancelled", "cancelled"),
    ],
)
def test_check_action_status_allowed(old, new):
    check_action_status(old, new)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("done", "open"),
        ("done", "in_progress"),
        ("done", "cancelled"),
        ("cancelled", "open"),
        ("cancelled", "done"),
        ("in_progress", "open"),
    ],
)
def test_check_action_status_refused(old, new):
    with pytest.raises(DataError) as info:
        check_action_status(old, new)
    assert info.value.field == "status"
    assert info.value.value == new
    # both states named, as words: "cannot change from done to in progress"
    assert info.value.message == f"cannot change from {rules.action_label(old)} to {rules.action_label(new)}"


def test_final_states_and_closing():
    assert rules.FINAL_ACTION_STATUSES == ("done", "cancelled")
    assert rules.closing_statuses("open") == ("done", "cancelled")
    assert rules.closing_statuses("in_progress") == ("done", "cancelled")
    assert rules.closing_statuses("done") == () and rules.closing_statuses("cancelled") == ()


def test_action_labels_drop_their_context_without_a_translation():
    assert [rules.action_label(s) for s in rules.ACTION_STATUSES] == [
        "open",
        "in progress",
        "done",
        "cancelled",
    ]
    assert rules.label("action|open") == "open" and rules.label("plain") == "plain"


def test_check_action_status_unknown_status():
    with pytest.raises(DataError) as info:
        check_action_status("open", "closed")
    assert info.value.field == "status"
    assert info.value.value == "closed"
    assert "unknown" in info.value.message


# --------------------------------------------------------------------------- properties

CENT = D("0.01")


def _cents(n: int) -> Decimal:
    return D(n).scaleb(-2)


def _has_two_decimals_at_most(x: Decimal) -> bool:
    return x == x.quantize(CENT)


weight_lists = st.one_of(
    st.lists(st.integers(0, 10**6).map(D), min_size=1, max_size=30),
    st.lists(st.decimals(min_value=0, max_value=10**4, places=3), min_size=1, max_size=30),
    st.integers(1, 30).map(lambda n: [D(0)] * n),
)


@given(cents=st.integers(0, 10**9), weights=weight_lists)
def test_split_property(cents, weights):
    total = _cents(cents)
    parts = split(total, weights)
    assert len(parts) == len(weights)
    assert sum(parts, D(0)) == total
    whole = sum((Fraction(w) for w in weights), Fraction(0))
    n = len(weights)
    for part, w in zip(parts, weights, strict=True):
        assert part >= 0
        assert _has_two_decimals_at_most(part)
        exact = Fraction(cents, 100) * (Fraction(w) / whole if whole else Fraction(1, n))
        assert abs(Fraction(part) - exact) < Fraction(1, 100)


def _cut(draw, total: int, k: int, *, all_of_it: bool) -> list[int]:
    """``k`` non-negative integers summing to at most ``total`` (exactly ``total`` when ``all_of_it``)."""
    if k == 0:
        return []
    points = sorted(draw(st.lists(st.integers(0, total), min_size=k, max_size=k)))
    if all_of_it:
        points[-1] = total
    return [b - a for a, b in zip([0, *points[:-1]], points, strict=True)]


@st.composite
def seasonality(draw) -> list[Decimal]:
    bps = _cut(draw, 10000, 11, all_of_it=False)
    bps.append(10000 - sum(bps))
    return [_cents(b) for b in bps]


@st.composite
def manual_amounts(draw, total: Decimal, n: int) -> list[Decimal | None]:
    """Manual amounts for some of ``n`` parts, fitting ``total`` (adding up to it when all are manual)."""
    chosen = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    k = sum(chosen)
    amounts = iter(_cut(draw, int(total * 100), k, all_of_it=k == n))
    return [_cents(next(amounts)) if c else None for c in chosen]


@given(data=st.data())
def test_break_down_reconciles_at_every_level(data):
    draw = data.draw
    plan = _cents(draw(st.integers(0, 10**10), label="plan cents"))
    weights = draw(seasonality(), label="weights")
    n_groups = draw(st.integers(1, 6), label="groups")
    codes = [f"G{i}" for i in range(n_groups)]
    group_manual = draw(manual_amounts(plan, n_groups), label="group manual")
    groups = [
        GroupInput(
            code,
            last_year=_cents(draw(st.one_of(st.just(0), st.integers(0, 10**9)))),
            growth_pct=draw(st.decimals(min_value=-100, max_value=200, places=2)),
            manual=m,
        )
        for code, m in zip(codes, group_manual, strict=True)
    ]
    members: dict[str, list[str]] = {}
    histories: dict[tuple[str, str], Decimal] = {}
    for code in codes:
        who = draw(
            st.one_of(
                st.just([]),
                st.lists(st.sampled_from([f"S{i}" for i in range(8)]), min_size=1, max_size=5, unique=True),
            ),
            label=f"people of {code}",
        )
        if who:
            members[code] = who
        for sp in who:
            histories[(code, sp)] = _cents(draw(st.one_of(st.just(0), st.integers(0, 10**8))))

    def people_inputs(manual=None, months=None) -> dict[str, list[PersonInput]]:
        return {
            g: [
                PersonInput(
                    sp,
                    last_year=histories[(g, sp)],
                    manual=(manual or {}).get((g, sp)),
                    months=(months or {}).get((g, sp), {}),
                )
                for sp in sps
            ]
            for g, sps in members.items()
        }

    first = break_down(plan, groups, people_inputs(), weights)
    person_manual: dict[tuple[str, str], Decimal | None] = {}
    for g, sps in members.items():
        chosen = draw(manual_amounts(first.groups[g], len(sps)), label=f"manual people of {g}")
        person_manual.update({(g, sp): m for sp, m in zip(sps, chosen, strict=True)})
    second = break_down(plan, groups, people_inputs(person_manual), weights)
    manual_months: dict[tuple[str, str], dict[int, Decimal]] = {}
    for key, year_amount in second.people.items():
        months = draw(st.lists(st.integers(1, 12), max_size=11, unique=True), label=f"manual months {key}")
        amounts = _cut(draw, int(year_amount * 100), len(months), all_of_it=False)
        manual_months[key] = {m: _cents(a) for m, a in zip(months, amounts, strict=True)}
    result = break_down(plan, groups, people_inputs(person_manual, manual_months), weights)

    # groups: sum to the plan, manual amounts kept, independent of the people level
    assert list(result.groups) == codes
    assert sum(result.groups.values(), D(0)) == plan
    for g in groups:
        assert result.groups[g.code] >= 0
        assert _has_two_decimals_at_most(result.groups[g.code])
        if g.manual is not None:
            assert result.groups[g.code] == g.manual
    assert result.groups == first.groups == second.groups

    # people: sum to their group, manual kept
    assert result.people == second.people
    for g, sps in members.items():
        assert sum((result.people[(g, sp)] for sp in sps), D(0)) == result.groups[g]
        for sp in sps:
            assert result.people[(g, sp)] >= 0
            if person_manual[(g, sp)] is not None:
                assert result.people[(g, sp)] == person_manual[(g, sp)]
    assert set(result.people) == set(histories)

    # cells: twelve per person, summing to the person, manual months kept
    assert len(result.cells) == 12 * len(result.people)
    for (g, sp), year_amount in result.people.items():
        row = [result.cells[(g, sp, m)] for m in range(1, 13)]
        assert sum(row, D(0)) == year_amount
        assert all(c >= 0 and _has_two_decimals_at_most(c) for c in row)
        for m, amount in manual_months[(g, sp)].items():
            assert row[m - 1] == amount

    # roll-ups
    with_people = sum((result.groups[g] for g in members), D(0))
    assert sum(result.by_month(), D(0)) == with_people
    if len(members) == n_groups:
        assert sum(result.by_month(), D(0)) == plan
    by_group = result.by_group()
    assert list(by_group) == codes
    for g in codes:
        assert sum(by_group[g], D(0)) == (result.groups[g] if g in members else 0)
    by_sp = result.by_salesperson()
    assert list(by_sp) == sorted(by_sp)
    assert sum((sum(row, D(0)) for row in by_sp.values()), D(0)) == with_people
    for month in range(12):
        assert sum(row[month] for row in by_sp.values()) == result.by_month()[month]


@given(
    row_cents=st.lists(st.integers(0, 10**7), min_size=12, max_size=12),
    month=st.integers(1, 12),
    share=st.fractions(0, 1),
    weights=seasonality(),
    fixed=st.sets(st.integers(1, 12)),
)
def test_rebalance_row_property(row_cents, month, share, weights, fixed):
    row = [_cents(c) for c in row_cents]
    total = sum(row_cents)
    kept = sum(row_cents[m - 1] for m in fixed if m != month)
    room = total - kept
    amount = _cents(int(room * share))
    if len(fixed | {month}) == 12:
        amount = _cents(room)
    got = rebalance_row(row, month, amount, weights, fixed)
    assert sum(got, D(0)) == _cents(total)
    assert got[month - 1] == amount
    for m in fixed - {month}:
        assert got[m - 1] == row[m - 1]
    assert all(x >= 0 and _has_two_decimals_at_most(x) for x in got)
