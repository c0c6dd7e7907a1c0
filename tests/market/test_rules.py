"""Pure unit tests of ``salesdesk.market.rules``: the stage table, the probability check, the weighted
pipeline, conversion rates and days per stage on a hand-built history, stale prospects, campaign costs and
growth bands. Every expected number is worked out by hand in a comment."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from salesdesk.core.errors import DataError
from salesdesk.core.money import Measure
from salesdesk.core.output import to_jsonable
from salesdesk.market import rules

D = Decimal
TODAY = date(2026, 11, 28)
PROBS = {k: D(v) for k, v in rules.DEFAULT_PROBABILITY.items()}


def d(value: str) -> date:
    return date.fromisoformat(value)


# --------------------------------------------------------------------------- stages and moves


def test_the_stage_table_open_stages_move_anywhere_open_or_close_won_and_lost_are_final():
    assert rules.OPEN_STAGES == ("identified", "contacted", "qualified", "proposal", "negotiation")
    for stage in rules.OPEN_STAGES:
        assert set(rules.TRANSITIONS[stage]) == set(rules.STAGES) - {stage}
    assert rules.TRANSITIONS["won"] == () and rules.TRANSITIONS["lost"] == ()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("identified", "negotiation"),  # skipping stages forward
        ("proposal", "contacted"),  # back, when a deal cools
        ("identified", "won"),
        ("qualified", "lost"),
    ],
)
def test_check_move_allows_open_moves(old, new):
    assert rules.check_move(old, new) is None


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("identified", "signed", "must be one of: identified, contacted"),
        ("contacted", "contacted", "already in this stage"),
        ("won", "contacted", "cannot move from won to contacted: won is final"),
        ("lost", "won", "cannot move from lost to won: lost is final"),
    ],
)
def test_check_move_refuses_naming_the_field_and_the_new_stage(old, new, message):
    with pytest.raises(DataError) as exc:
        rules.check_move(old, new, "to_stage")
    assert (exc.value.field, exc.value.value) == ("to_stage", new)
    assert message in exc.value.message


def test_probabilities_must_not_fall_from_identified_to_negotiation():
    rules.check_probabilities(PROBS)  # 10 ≤ 20 ≤ 40 ≤ 60 ≤ 80
    rules.check_probabilities({**PROBS, "proposal": D(40)})  # equal is fine
    with pytest.raises(DataError) as exc:
        rules.check_probabilities({**PROBS, "proposal": D(90)})  # 90 > negotiation 80
    assert exc.value.field == "market.probability_identified"
    assert exc.value.value == "10, 20, 40, 90, 80"


# --------------------------------------------------------------------------- weighted pipeline


def test_weighted_is_unrounded_and_the_pipeline_rounds_each_cell_once_after_summing():
    # 12,345.67 × 10 % = 1,234.567 and 1,000.05 × 10 % = 100.005: unrounded.
    assert rules.weighted(D("12345.67"), D(10)) == D("1234.567")
    assert rules.weighted(D("1000.05"), D(10)) == D("100.005")
    cells = rules.pipeline(
        [
            (None, "contacted", 1, D("333.33")),
            ("V02", "negotiation", 1, D("5000.00")),
            ("V01", "proposal", 1, D("24000.00")),
            ("V01", "identified", 2, D("13345.72")),  # 12,345.67 + 1,000.05
            ("V01", "won", 3, D("99999.00")),  # not open: left out
        ],
        PROBS,
    )
    assert [(c.owner, c.stage, c.count, c.value, c.weighted) for c in cells] == [
        # 13,345.72 × 10 % = 1,334.572 → 1,334.57 (rounding each prospect first would give
        # 1,234.57 + 100.01 = 1,334.58)
        ("V01", "identified", 2, D("13345.72"), D("1334.57")),
        ("V01", "proposal", 1, D("24000.00"), D("14400.00")),  # × 60 %
        ("V02", "negotiation", 1, D("5000.00"), D("4000.00")),  # × 80 %
        (None, "contacted", 1, D("333.33"), D("66.67")),  # 66.666 → 66.67; no owner comes last
    ]


# --------------------------------------------------------------------------- conversion and days per stage

#: Five prospects' moves (stage, day), oldest first:
#: A identified 10-01 → contacted 10-11 → qualified 10-21 → proposal 11-01 → negotiation 11-11 → won 11-21
#: B identified 10-01 → contacted 10-05 → lost 10-20
#: C identified 10-01 → qualified 10-15 (contacted skipped) → still open
#: D identified 11-01 → still open
#: E identified 10-01 → contacted 10-03 → proposal 10-13 → lost 11-02
HISTORIES = [
    [
        ("identified", d("2026-10-01")),
        ("contacted", d("2026-10-11")),
        ("qualified", d("2026-10-21")),
        ("proposal", d("2026-11-01")),
        ("negotiation", d("2026-11-11")),
        ("won", d("2026-11-21")),
    ],
    [("identified", d("2026-10-01")), ("contacted", d("2026-10-05")), ("lost", d("2026-10-20"))],
    [("identified", d("2026-10-01")), ("qualified", d("2026-10-15"))],
    [("identified", d("2026-11-01"))],
    [
        ("identified", d("2026-10-01")),
        ("contacted", d("2026-10-03")),
        ("proposal", d("2026-10-13")),
        ("lost", d("2026-11-02")),
    ],
]

#: Reached (entered it or a later stage): identified 5; contacted A B C E = 4; qualified A C E = 3;
#: proposal A E = 2; negotiation A = 1; won A = 1. Rates: 4/5 = 80.0, 3/4 = 75.0, 2/3 = 66.7, 1/2 = 50.0,
#: 1/1 = 100.0. Completed stays: identified A 10, B 4, C 14, E 2 → 30/4 = 7.5; contacted A 10, B 15,
#: E 10 → 35/3 = 11.67 → 11.7; qualified A 11 → 11.0 (C's stay still going is left out); proposal A 10,
#: E 20 → 15.0; negotiation A 10 → 10.0. Won 1, lost 2 (B, E) → win rate 1/3 = 33.3.
EXPECTED_STATS = [
    ("identified", 5, 4, D("80.0"), D("7.5"), 4),
    ("contacted", 4, 3, D("75.0"), D("11.7"), 3),
    ("qualified", 3, 2, D("66.7"), D("11.0"), 1),
    ("proposal", 2, 1, D("50.0"), D("15.0"), 2),
    ("negotiation", 1, 1, D("100.0"), D("10.0"), 1),
]


def test_stage_stats_on_a_hand_built_history():
    stats, won, lost, win_rate = rules.stage_stats(HISTORIES, TODAY)
    assert [(s.stage, s.reached, s.advanced, s.rate, s.avg_days, s.stays) for s in stats] == EXPECTED_STATS
    assert (won, lost, win_rate) == (1, 2, D("33.3"))
    # Rates and averages are measures: JSON shows them with their own one decimal.
    assert isinstance(stats[2].rate, Measure) and isinstance(stats[0].avg_days, Measure)
    assert json.dumps(to_jsonable(stats[2].rate)) == '"66.7"'
    assert json.dumps(to_jsonable(win_rate)) == '"33.3"'


def test_furthest_skipped_and_lost_stages():
    assert rules.furthest(["identified", "proposal"]) == 3
    assert rules.furthest(["identified", "contacted", "lost"]) == 1  # lost counts as far as it got
    assert rules.furthest(["identified", "won"]) == 5
    assert rules.furthest([]) == -1


def test_stage_stats_with_nothing_decided_has_no_win_rate_and_no_averages():
    stats, won, lost, win_rate = rules.stage_stats([[("identified", d("2026-11-01"))], []], TODAY)
    assert (won, lost, win_rate) == (0, 0, None)
    assert (stats[0].reached, stats[0].advanced, stats[0].rate, stats[0].avg_days) == (1, 0, D("0.0"), None)
    # Nobody reached contacted: no rate (not 0 %).
    assert (stats[1].reached, stats[1].rate) == (0, None)


# --------------------------------------------------------------------------- stale, costs, phases


@pytest.mark.parametrize(
    ("stage", "last", "stale"),
    [
        ("contacted", "2026-10-28", True),  # 31 days > 30
        ("contacted", "2026-10-29", False),  # 30 days: not more than 30
        ("won", "2026-01-01", False),  # only open prospects are stale
        ("lost", "2026-01-01", False),
    ],
)
def test_is_stale_after_more_than_the_stale_days(stage, last, stale):
    assert rules.is_stale(stage, d(last), TODAY, 30) is stale


def test_cost_per_lead_or_customer_rounds_to_the_cent_and_is_none_without_any():
    assert rules.cost_per(D("2500.00"), 3) == D("833.33")  # 833.333…
    assert rules.cost_per(D("1000.00"), 3) == D("333.33")
    assert rules.cost_per(D("2.00"), 3) == D("0.67")  # 0.666… half up
    assert rules.cost_per(D("2500.00"), 0) is None


@pytest.mark.parametrize(
    ("today", "phase"),
    [
        ("2026-08-31", "planned"),
        ("2026-09-01", "running"),
        ("2026-10-31", "running"),
        ("2026-11-01", "ended"),
    ],
)
def test_campaign_phase(today, phase):
    assert rules.campaign_phase(d("2026-09-01"), d("2026-10-31"), d(today)) == phase


# --------------------------------------------------------------------------- growth, percentages


@pytest.mark.parametrize(
    ("this", "last", "band"),
    [
        ("1050.00", "1000.00", "stable"),  # +5.0 % is not beyond ± 5
        ("1050.01", "1000.00", "growing"),  # +5.001 %
        ("950.00", "1000.00", "stable"),  # −5.0 %
        ("949.99", "1000.00", "shrinking"),  # −5.001 %
        ("300.00", "0", "new"),
        ("0", "400.00", "stopped"),
        ("-50.00", "400.00", "stopped"),  # credit notes only this year
        ("0", "0", "stable"),
    ],
)
def test_growth_band_with_a_5_percent_band(this, last, band):
    assert rules.growth_band(D(this), D(last), D(5)) == band


def test_change_pct_one_decimal_and_none_without_last_year():
    assert rules.change_pct(D("1050.01"), D("1000.00")) == D("5.0")  # 5.001
    assert rules.change_pct(D("0"), D("400.00")) == D("-100.0")
    assert rules.change_pct(D("2"), D("3")) == D("-33.3")
    assert rules.change_pct(D("300.00"), D("0")) is None


def test_pct_is_a_measure_with_one_decimal_half_up_and_none_for_a_zero_whole():
    assert rules.pct(1, 3) == D("33.3")
    assert rules.pct(2, 3) == D("66.7")
    assert rules.pct(1, 8) == D("12.5")
    assert rules.pct(1, 16) == D("6.3")  # 6.25 half up
    assert rules.pct(5, 0) is None
    value = rules.pct(1, 3)
    assert isinstance(value, Measure) and to_jsonable(value) == "33.3"  # not money's "33.30"
