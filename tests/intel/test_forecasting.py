"""Pure unit tests of ``salesdesk.intel.forecasting``: Holt-Winters, Holt, the mean, MAPE and the backtest.

Expected values are either worked out by hand (written out literally, with the arithmetic) or computed in
the test itself, independently of the module: from the formula that generated the series, or by a separate
Holt-Winters recursion written here.
"""

from __future__ import annotations

import itertools
from decimal import ROUND_HALF_UP, Decimal
from statistics import fmean

import pytest

from salesdesk.intel.forecasting import (
    GRID,
    METHODS,
    PHI_GRID,
    Backtest,
    Forecast,
    backtest,
    choose_method,
    forecast,
    holt,
    holt_winters,
    mape,
)

#: A fixed 12-month additive pattern (it need not total zero: the level absorbs the rest).
PATTERN = (-30.0, -20.0, -5.0, 0.0, 10.0, 25.0, 40.0, 30.0, 10.0, -5.0, -20.0, -31.0)


def _exact(t: int) -> float:
    """Linear trend + the fixed pattern: 100 + 2.5 t + PATTERN[t mod 12] (exact in binary, 2 decimals)."""
    return 100.0 + 2.5 * t + PATTERN[t % 12]


EXACT = [Decimal(_exact(t)) for t in range(36)]

#: 30 months of made-up sales with noise, a seasonal hump and a zero month.
NOISY = [
    820, 760, 905, 990, 1210, 1400, 1515, 1380, 1120, 960, 0, 870,
    860, 815, 950, 1080, 1265, 1490, 1600, 1450, 1190, 1010, 905, 940,
    915, 850, 1010, 1120, 1350, 1555,
]  # fmt: skip


def _reference_holt_winters(
    y: list[float], alpha: float, beta: float, gamma: float, m: int, horizon: int
) -> tuple[list[float], float]:
    """Additive Holt-Winters, undamped, written independently: states kept as whole histories.

    Time -1 holds the initial states: the trend from the first two season means, the level (mean of season 1
    sits at its centre, (m - 1) / 2) carried back to time -1, and the seasonal indices from both seasons,
    detrended within the season.
    """
    mu1, mu2 = fmean(y[:m]), fmean(y[m : 2 * m])
    trend0 = (mu2 - mu1) / m
    levels = [mu1 - trend0 * ((m - 1) / 2 + 1)]
    trends = [trend0]
    centre = (m - 1) / 2
    seasons = [fmean([y[j] - mu1, y[m + j] - mu2]) - trend0 * (j - centre) for j in range(m)]
    # seasons[k] belongs to time k - m; levels[k] and trends[k] to time k - 1.
    sse = 0.0
    for t in range(len(y)):
        one_step = levels[t] + trends[t] + seasons[t]
        sse += (y[t] - one_step) ** 2
        levels.append(alpha * (y[t] - seasons[t]) + (1 - alpha) * (levels[t] + trends[t]))
        trends.append(beta * (levels[t + 1] - levels[t]) + (1 - beta) * trends[t])
        seasons.append(gamma * (y[t] - levels[t + 1]) + (1 - gamma) * seasons[t])
    n = len(y)
    ahead = [levels[n] + h * trends[n] + seasons[n + (h - 1) % m] for h in range(1, horizon + 1)]
    return ahead, sse


# 1. Exact trend + season: the forecast is the true continuation.
def test_holt_winters_continues_an_exact_trend_and_season():
    result = forecast(EXACT, 12)
    assert result.method == "holt_winters"
    truth = [Decimal(_exact(t)) for t in range(36, 48)]
    assert all(abs(got - want) <= Decimal("0.01") for got, want in zip(result.values, truth, strict=True))


# 2. The module's recursion against the independent one, and forecast() picking the grid's best fit.
def test_holt_winters_matches_an_independent_recursion():
    y = [float(v) for v in NOISY]
    got, got_sse = holt_winters(y, 0.3, 0.1, 0.2, 12)
    want, want_sse = _reference_holt_winters(y, 0.3, 0.1, 0.2, 12, 12)
    assert got_sse == pytest.approx(want_sse, rel=1e-12)
    assert got == pytest.approx(want, rel=1e-12)


def test_forecast_uses_the_grid_point_with_the_smallest_one_step_sse():
    y = [float(v) for v in NOISY]
    result = forecast([Decimal(v) for v in NOISY], 12)
    grid = itertools.product(GRID, GRID, GRID, PHI_GRID)
    sse = {(a, b, g, p): holt_winters(y, a, b, g, 0, phi=p)[1] for a, b, g, p in grid}
    best = min(sse, key=sse.__getitem__)  # the first in grid order among equals, as in the module
    assert (result.alpha, result.beta, result.gamma, result.phi) == best
    values, _ = holt_winters(y, *best[:3], 12, phi=best[3])
    assert result.values == [
        Decimal(v if v > 0 else 0.0).quantize(Decimal("0.01"), ROUND_HALF_UP) for v in values
    ]


# 3. Holt by hand.
def test_holt_by_hand():
    # y = 10, 12, 15, 15; alpha = beta = 0.5; l0 = 10, b0 = 12 - 10 = 2.
    # t=1: ŷ = 12, e = 0;     l = .5·12 + .5·12 = 12;        b = .5·(12 - 10) + .5·2 = 2
    # t=2: ŷ = 14, e = 1;     l = .5·15 + .5·14 = 14.5;      b = .5·(14.5 - 12) + .5·2 = 2.25
    # t=3: ŷ = 16.75, e = -1.75; l = .5·15 + .5·16.75 = 15.875; b = .5·(15.875 - 14.5) + .5·2.25 = 1.8125
    # SSE = 0 + 1 + 3.0625 = 4.0625; ahead: 15.875 + 1.8125 = 17.6875, 15.875 + 2·1.8125 = 19.5.
    values, sse = holt([10, 12, 15, 15], 0.5, 0.5, 2)
    assert sse == pytest.approx(4.0625)
    assert values == pytest.approx([17.6875, 19.5])


# 4. MAPE.
def test_mape_leaves_out_zero_actuals():
    # |100-110|/100 = 10 %, |200-180|/200 = 10 %, (actual 0 left out), |400-400|/400 = 0 % → 20/3 = 6.67 → 6.7
    actual = [Decimal(v) for v in (100, 200, 0, 400)]
    predicted = [Decimal(v) for v in (110, 180, 5, 400)]
    assert mape(actual, predicted) == Decimal("6.7")
    assert mape([Decimal(0), Decimal(0)], [Decimal(3), Decimal(4)]) is None
    assert mape([], []) is None


# 5. Backtest.
def test_backtest_of_the_exact_series_has_no_error():
    result = backtest(EXACT, 6)
    assert result.actual == EXACT[-6:]
    assert len(result.predicted) == 6
    assert result.mape == Decimal("0.0")


def test_backtest_of_a_short_series_predicts_nothing():
    series = [Decimal(v) for v in (5, 6, 7, 8, 9, 10, 11, 12)]  # 8 = holdout + 2 months
    assert backtest(series, 6) == Backtest(series[-6:], [], None)
    assert backtest([], 6) == Backtest([], [], None)


# 6. Method boundaries.
def test_choose_method_boundaries():
    assert METHODS == ("holt_winters", "holt", "mean")
    assert choose_method(23) == "holt"
    assert choose_method(24) == "holt_winters"
    assert choose_method(3) == "holt"
    assert choose_method(2) == "mean"
    assert choose_method(0) == "mean"
    assert forecast([], 3) == Forecast("mean", [Decimal("0.00")] * 3, None, None, None, None)
    # (10 + 21) / 2 = 15.5
    assert forecast([Decimal(10), Decimal(21)], 2).values == [Decimal("15.50")] * 2


# 7. Money out: two decimals, never negative.
def test_values_have_two_decimals_and_clamp_at_zero():
    falling = [Decimal(v) for v in (1000, 800, 600, 400, 200)]
    result = forecast(falling, 6)
    assert result.method == "holt"
    assert result.values[-1] == Decimal("0.00")
    for value in result.values + forecast(EXACT, 12).values:
        assert isinstance(value, Decimal)
        assert value.as_tuple().exponent == -2
        assert value >= 0 and not value.is_signed()


# 8. Horizon bounds.
def test_months_out_of_range():
    for months in (0, 37):
        with pytest.raises(ValueError):
            forecast(EXACT, months)
    assert len(forecast(EXACT, 1).values) == 1
    assert len(forecast(EXACT, 36).values) == 36


# 9. Determinism.
def test_forecast_is_deterministic():
    series = [Decimal(v) for v in NOISY]
    assert forecast(series) == forecast(series)
