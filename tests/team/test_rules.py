"""The team room's pure rules: periods, scores, the overall score with weight spreading, rating bands,
weights, manual scores, the status machines and the training matrix cell. Numbers are worked out by hand
in each test."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesdesk.core.errors import DataError
from salesdesk.team import rules
from salesdesk.team.rules import Line

D = Decimal


def field_of(exc: pytest.ExceptionInfo) -> str:
    """A DataError's field without the option dashes (rules name ``period`` or ``--period``)."""
    return exc.value.field.lstrip("-")


# --------------------------------------------------------------------------- periods


@pytest.mark.parametrize(
    ("text", "code", "kind", "start", "end"),
    [
        ("2026Q2", "2026Q2", "quarter", date(2026, 4, 1), date(2026, 6, 30)),
        ("2026q4", "2026Q4", "quarter", date(2026, 10, 1), date(2026, 12, 31)),
        ("2026H1", "2026H1", "half", date(2026, 1, 1), date(2026, 6, 30)),
        ("2026H2", "2026H2", "half", date(2026, 7, 1), date(2026, 12, 31)),
        ("2026-05", "2026-05", "month", date(2026, 5, 1), date(2026, 5, 31)),
        ("2028-2", "2028-02", "month", date(2028, 2, 1), date(2028, 2, 29)),  # leap year
        ("2026", "2026", "year", date(2026, 1, 1), date(2026, 12, 31)),
        (" 2026Q1 ", "2026Q1", "quarter", date(2026, 1, 1), date(2026, 3, 31)),
    ],
)
def test_parse_period(text, code, kind, start, end):
    p = rules.parse_period(text)
    assert (p.code, p.kind, p.start, p.end) == (code, kind, start, end)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026Q5", "is not a period"),
        ("2026Q0", "is not a period"),
        ("2026H3", "two halves"),
        ("2026-13", "1 to 12"),
        ("2026-00", "1 to 12"),
        ("x", "is not a period"),
        ("", "is not a period"),
        ("26Q1", "is not a period"),
        ("1899", "is not a period"),
        ("2026Q2x", "is not a period"),
    ],
)
def test_parse_period_refuses_bad_input(text, message):
    with pytest.raises(DataError) as exc:
        rules.parse_period(text)
    assert field_of(exc) == "period"
    assert exc.value.value == text.strip()
    assert message in exc.value.message


def test_as_of_is_the_end_or_today_while_it_runs():
    q3 = rules.parse_period("2026Q3")
    assert q3.as_of(date(2026, 11, 28)) == date(2026, 9, 30)
    assert q3.as_of(date(2026, 8, 15)) == date(2026, 8, 15)
    assert q3.as_of(date(2026, 9, 30)) == date(2026, 9, 30)


@pytest.mark.parametrize(
    ("kind", "day", "code"),
    [
        ("quarter", date(2026, 11, 28), "2026Q4"),
        ("quarter", date(2026, 3, 31), "2026Q1"),
        ("quarter", date(2026, 4, 1), "2026Q2"),
        ("half", date(2026, 6, 30), "2026H1"),
        ("half", date(2026, 7, 1), "2026H2"),
        ("month", date(2026, 2, 14), "2026-02"),
        ("year", date(2026, 12, 31), "2026"),
    ],
)
def test_period_of(kind, day, code):
    assert rules.period_of(kind, day).code == code


@pytest.mark.parametrize(
    ("code", "before"),
    [
        ("2026Q1", "2025Q4"),
        ("2026Q3", "2026Q2"),
        ("2026H1", "2025H2"),
        ("2026-01", "2025-12"),
        ("2026", "2025"),
    ],
)
def test_previous(code, before):
    assert rules.previous(rules.parse_period(code)).code == before


def test_ended_periods_latest_first_excluding_the_running_one():
    today = date(2026, 11, 28)
    assert [p.code for p in rules.ended_periods("quarter", today, 3)] == ["2026Q3", "2026Q2", "2026Q1"]
    assert [p.code for p in rules.ended_periods("month", today, 2)] == ["2026-10", "2026-09"]
    assert [p.code for p in rules.ended_periods("half", today, 2)] == ["2026H1", "2025H2"]
    assert [p.code for p in rules.ended_periods("year", today, 1)] == ["2025"]


# --------------------------------------------------------------------------- scores


@pytest.mark.parametrize(
    ("value", "target", "floor", "expected"),
    [
        ("70", "100", "70", "0"),  # at the floor
        ("100", "100", "70", "5"),  # at the target
        ("130", "100", "70", "5"),  # beyond the target: capped
        ("50", "100", "70", "0"),  # below the floor: 0
        ("85", "100", "70", "2.5"),  # midway
        ("84", "100", "70", "2.333333333333333333333333333"),  # 5 × 14 ÷ 30
        # lower is better: target 5, floor 25
        ("15", "5", "25", "2.5"),  # 5 × (15 − 25) ÷ (5 − 25) = 5 × −10 ÷ −20
        ("4", "5", "25", "5"),
        ("5", "5", "25", "5"),
        ("25", "5", "25", "0"),
        ("30", "5", "25", "0"),
        # new customers: target 3, floor 0 → one customer 5 ÷ 3
        ("1", "3", "0", "1.666666666666666666666666667"),
    ],
)
def test_score(value, target, floor, expected):
    assert rules.score(D(value), D(target), D(floor)) == D(expected)


def test_score_without_a_value_is_none():
    assert rules.score(None, D(100), D(70)) is None


def test_score_refuses_a_target_equal_to_the_floor():
    with pytest.raises(DataError) as exc:
        rules.score(D(50), D(80), D(80))
    assert field_of(exc) == "target"
    with pytest.raises(DataError):
        rules.check_target(D(80), D(80), "sales_attainment")
    rules.check_target(D(80), D(70), "sales_attainment")  # differs: fine


_values = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False)
_bounds = st.decimals(min_value=-500, max_value=500, places=1, allow_nan=False, allow_infinity=False)


@given(a=_values, b=_values, target=_bounds, floor=_bounds)
def test_score_is_within_0_and_5_and_monotonic(a, b, target, floor):
    if target == floor:
        return
    lo, hi = min(a, b), max(a, b)
    s_lo, s_hi = rules.score(lo, target, floor), rules.score(hi, target, floor)
    assert D(0) <= s_lo <= D(5) and D(0) <= s_hi <= D(5)
    if target > floor:  # higher is better: never lower for a higher value
        assert s_lo <= s_hi
    else:  # lower is better: never higher for a higher value
        assert s_lo >= s_hi


# --------------------------------------------------------------------------- overall and weights

#: The default template's weights (tenths of a percent).
WEIGHTS = {
    "sales_attainment": 300,
    "overdue_receivables": 150,
    "visit_compliance": 150,
    "complaints_in_sla": 100,
    "expense_ratio": 100,
    "new_customers": 100,
    "teamwork": 50,
    "product_knowledge": 50,
}


def lines(**scores) -> list[Line]:
    return [Line(k, w, None if scores.get(k) is None else D(scores[k])) for k, w in WEIGHTS.items()]


def test_default_template_matches_the_issue():
    got = {k.key: (k.kind, k.weight, k.target, k.floor) for k in rules.DEFAULT_TEMPLATE}
    assert got == {
        "sales_attainment": ("builtin", 300, D(100), D(70)),
        "overdue_receivables": ("builtin", 150, D(5), D(25)),
        "visit_compliance": ("builtin", 150, D(90), D(50)),
        "complaints_in_sla": ("builtin", 100, D(95), D(60)),
        "expense_ratio": ("builtin", 100, D(3), D(8)),
        "new_customers": ("builtin", 100, D(3), D(0)),
        "teamwork": ("manual", 50, D(5), D(0)),
        "product_knowledge": ("manual", 50, D(5), D(0)),
    }
    assert sum(WEIGHTS.values()) == 1000


def test_overall_with_every_kpi_scored():
    # 300×4 + 150×2 + 150×3 + 100×5 + 100×2 + 100×1 + 50×4 + 50×3 = 1200+300+450+500+200+100+200+150 = 3100
    got = rules.overall(
        lines(
            sales_attainment=4,
            overdue_receivables=2,
            visit_compliance=3,
            complaints_in_sla=5,
            expense_ratio=2,
            new_customers=1,
            teamwork=4,
            product_knowledge=3,
        )
    )
    assert got == D("3.1")


def test_overall_spreads_the_weight_of_a_kpi_without_data():
    # overdue receivables has no data: its 150 is spread over the other 850.
    # Σ = 300×4 + 150×3 + 100×5 + 100×2 + 100×1 + 50×4 + 50×3 = 1200+450+500+200+100+200+150 = 2800
    # overall = 2800 ÷ 850 = 3.2941176…
    parts = lines(
        sales_attainment=4,
        visit_compliance=3,
        complaints_in_sla=5,
        expense_ratio=2,
        new_customers=1,
        teamwork=4,
        product_knowledge=3,
    )
    got = rules.overall(parts)
    assert got == D(2800) / D(850)
    assert rules.two(got) == D("3.29")
    assert rules.rating(got) == "meets"
    shares = rules.effective_weights(parts)
    assert shares["overdue_receivables"] is None
    assert shares["sales_attainment"] == D(300) * 100 / D(850)  # 35.29…%
    assert rules.one(shares["sales_attainment"]) == D("35.3")
    assert rules.one(shares["visit_compliance"]) == D("17.6")  # 150 ÷ 850
    assert rules.one(shares["teamwork"]) == D("5.9")  # 50 ÷ 850
    assert sum(v for v in shares.values() if v is not None) == D(100)


def test_overall_two_missing_kpis_and_zero_weights():
    # sales and complaints without data: 300 + 100 spread over 600.
    # Σ = 150×5 + 150×0 + 100×2.5 + 100×0 + 50×5 + 50×5 = 750 + 250 + 250 + 250 = 1500 → 1500 ÷ 600 = 2.5
    parts = lines(
        overdue_receivables=5,
        visit_compliance=0,
        expense_ratio="2.5",
        new_customers=0,
        teamwork=5,
        product_knowledge=5,
    )
    assert rules.overall(parts) == D("2.5")
    assert rules.rating(rules.overall(parts)) == "meets"
    # a KPI with weight 0 does not count even when scored
    assert rules.overall([Line("a", 0, D(5)), Line("b", 100, D(1))]) == D(1)


def test_overall_with_nothing_scored_is_none():
    assert rules.overall(lines()) is None
    assert rules.rating(None) is None
    assert set(rules.effective_weights(lines()).values()) == {None}


@pytest.mark.parametrize(
    ("value", "band"),
    [
        ("5", "outstanding"),
        ("4.5", "outstanding"),
        ("4.4999", "exceeds"),
        ("3.5", "exceeds"),
        ("3.4999", "meets"),
        ("2.5", "meets"),
        ("2.4999", "below"),
        ("1.5", "below"),
        ("1.4999", "unsatisfactory"),
        ("0", "unsatisfactory"),
    ],
)
def test_rating_bands(value, band):
    assert rules.rating(D(value)) == band


# --------------------------------------------------------------------------- weights and manual scores


@pytest.mark.parametrize(
    ("text", "tenths"),
    [("12.5", 125), ("30", 300), ("0", 0), ("100", 1000), ("5.0", 50), ("12,5", 125), ("15 %", 150)],
)
def test_parse_weight(text, tenths):
    assert rules.parse_weight(text) == tenths


@pytest.mark.parametrize("text", ["12.55", "101", "-1", "abc", "", "NaN", "100.1"])
def test_parse_weight_refuses(text):
    with pytest.raises(DataError) as exc:
        rules.parse_weight(text, "weight")
    assert exc.value.field == "weight"
    assert exc.value.value == text


def test_check_weights_total_exactly_100():
    rules.check_weights(WEIGHTS)
    rules.check_weights({"a": 999, "b": 1})
    with pytest.raises(DataError) as exc:
        rules.check_weights({**WEIGHTS, "teamwork": 49})  # 99.9 %
    assert "99.9" in exc.value.message
    with pytest.raises(DataError) as exc:
        rules.check_weights({**WEIGHTS, "teamwork": 51})  # 100.1 %
    assert "100.1" in exc.value.message


def test_weight_text():
    assert [rules.weight_text(w) for w in (300, 125, 0, 1000, 5)] == ["30.0", "12.5", "0.0", "100.0", "0.5"]


@pytest.mark.parametrize(("text", "value"), [("0", "0"), ("5", "5"), ("3.5", "3.5"), ("4,5", "4.5")])
def test_manual_score(text, value):
    assert rules.check_manual_score(text) == D(value)


@pytest.mark.parametrize("text", ["5.1", "-0.1", "4.25", "six", "", "NaN"])
def test_manual_score_refused(text):
    with pytest.raises(DataError) as exc:
        rules.check_manual_score(text)
    assert field_of(exc) == "score"


@pytest.mark.parametrize("key", ["X", "a", "1abc", "with space", "a" * 41, "ñandú"])
def test_check_key_refuses(key):
    with pytest.raises(DataError):
        rules.check_key(key)


def test_check_key_lowercases():
    assert rules.check_key(" Coaching_2 ") == "coaching_2"


# --------------------------------------------------------------------------- status machines


@pytest.mark.parametrize(
    ("table", "old", "new"),
    [
        (rules.REVIEW_TRANSITIONS, "draft", "final"),
        (rules.REVIEW_TRANSITIONS, "final", "draft"),
        (rules.STAGE_TRANSITIONS, "applied", "screened"),
        (rules.STAGE_TRANSITIONS, "screened", "interviewed"),
        (rules.STAGE_TRANSITIONS, "interviewed", "offer"),
        (rules.STAGE_TRANSITIONS, "offer", "hired"),
        (rules.STAGE_TRANSITIONS, "applied", "rejected"),
        (rules.STAGE_TRANSITIONS, "offer", "rejected"),
        (rules.OPENING_TRANSITIONS, "open", "on_hold"),
        (rules.OPENING_TRANSITIONS, "on_hold", "open"),
        (rules.OPENING_TRANSITIONS, "open", "filled"),
        (rules.OPENING_TRANSITIONS, "on_hold", "cancelled"),
    ],
)
def test_allowed_transitions(table, old, new):
    rules.check_transition(table, old, new, "status")


@pytest.mark.parametrize(
    ("table", "old", "new", "allowed"),
    [
        (rules.REVIEW_TRANSITIONS, "draft", "draft", "final"),
        (rules.REVIEW_TRANSITIONS, "final", "final", "draft"),
        (rules.STAGE_TRANSITIONS, "applied", "interviewed", "screened, rejected"),  # a skipped step
        (rules.STAGE_TRANSITIONS, "applied", "offer", "screened, rejected"),
        (rules.STAGE_TRANSITIONS, "offer", "screened", "hired, rejected"),  # backwards
        (rules.STAGE_TRANSITIONS, "hired", "rejected", "none (final)"),
        (rules.STAGE_TRANSITIONS, "rejected", "applied", "none (final)"),
        (rules.OPENING_TRANSITIONS, "filled", "open", "none (final)"),
        (rules.OPENING_TRANSITIONS, "cancelled", "open", "none (final)"),
        (rules.OPENING_TRANSITIONS, "open", "open", "on_hold, filled, cancelled"),
    ],
)
def test_refused_transitions_name_both_states(table, old, new, allowed):
    with pytest.raises(DataError) as exc:
        rules.check_transition(table, old, new, "status")
    assert exc.value.field == "status"
    assert exc.value.value == new
    assert f"from {old} to {new}" in exc.value.message
    assert allowed in exc.value.message


def test_unknown_state_lists_the_choices():
    with pytest.raises(DataError) as exc:
        rules.check_transition(rules.STAGE_TRANSITIONS, "applied", "promoted", "stage")
    assert exc.value.value == "promoted"
    assert "applied, screened, interviewed, offer, hired, rejected" in exc.value.message


# --------------------------------------------------------------------------- training matrix cell


def test_matrix_cell():
    d1, d2, d3 = date(2026, 3, 1), date(2026, 6, 1), date(2026, 9, 1)
    assert rules.matrix_cell([]) == rules.Cell("missing")
    assert rules.matrix_cell([(d1, False, False)]) == rules.Cell("missing")  # booked, did not attend
    assert rules.matrix_cell([(d1, True, False), (d2, True, False)]) == rules.Cell("attended", d2)
    # completed once: done with that date, even if attended later without completing
    assert rules.matrix_cell([(d1, True, False), (d2, True, True), (d3, True, False)]) == rules.Cell(
        "done", d2
    )
    assert rules.matrix_cell([(d3, True, True), (d1, True, True)]) == rules.Cell("done", d3)


def test_hours():
    assert rules.parse_hours("1.5") == 90
    assert rules.hours_text(90) == "1.5"
    with pytest.raises(DataError):
        rules.parse_hours("0.01")  # 0.6 minutes
    with pytest.raises(DataError):
        rules.parse_hours("1001")
