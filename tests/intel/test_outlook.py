"""The sales forecast (``salesdesk.intel.outlook`` and ``salesdesk forecast``) on a small database with 30
months of invoices (2024-05 to 2026-10) and a few in the current month: the JSON shape, the months, the
history read against an independent SQL sum, the forecast against the pure module on that history, the
gap to plan targets imported from a file, and bad options.

As of today (2026-11-28) the history runs to 2026-10 and the forecast starts with 2026-11."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import insert, text

from salesdesk.core.db import read_session, write_session
from salesdesk.intel import forecasting, outlook
from tests.conftest import TODAY
from tests.intel.conftest import add_customer, as_json, data_error, ok

MONTH_KEYS = {"month", "forecast", "target", "gap"}
FIRST = (2024, 5)
MONTHS = 30


def _month(i: int) -> tuple[int, int]:
    """The ``i``-th month from FIRST."""
    n = FIRST[0] * 12 + FIRST[1] - 1 + i
    return n // 12, n % 12 + 1


@pytest.fixture
def history(seeded):
    """C001 (V01, DIST, MAD), C002 (V02, DIST, TOL zone through V02) and C004 (V02, HOR): one invoice each
    per month for 30 months, a seasonal pattern with a trend; a credit note; invoices this month (not in
    the history). The seeded F1 (2026-09) and F2 (2026-10) of C001 are in it too."""
    from salesdesk.org.models import Invoice

    with write_session(seeded) as s:
        add_customer(s, "C004", "Hotel Ebro", salesperson="V02", group="HOR", terms_days="30")
        ids = dict(s.execute(text("SELECT code, id FROM customers")).all())
        sps = dict(s.execute(text("SELECT code, id FROM salespeople")).all())
        rows = []
        for i in range(MONTHS):
            y, m = _month(i)
            season = 1 + 0.3 * math.sin(2 * math.pi * m / 12)
            for code, sp, base in (("C001", "V01", 1000), ("C002", "V02", 400), ("C004", "V02", 250)):
                amount = Decimal(str(round(base * season + 7 * i, 2))).quantize(Decimal("0.01"))
                day = date(y, m, 5)
                rows.append(
                    {
                        "number": f"H{code}-{y}{m:02d}",
                        "customer_id": ids[code],
                        "salesperson_id": sps[sp],
                        "issue_date": day,
                        "due_date": day,
                        "amount": amount,
                    }
                )
        rows.append(
            {
                "number": "CN1",
                "customer_id": ids["C002"],
                "salesperson_id": sps["V02"],
                "issue_date": date(2026, 3, 20),
                "due_date": date(2026, 3, 20),
                "amount": Decimal("-123.45"),
            }
        )
        for n, amount in enumerate(("999.99", "5000.00")):  # this month: not history
            rows.append(
                {
                    "number": f"NOW{n}",
                    "customer_id": ids["C001"],
                    "salesperson_id": sps["V01"],
                    "issue_date": date(2026, 11, 2 + n),
                    "due_date": date(2026, 12, 2),
                    "amount": Decimal(amount),
                }
            )
        s.execute(insert(Invoice.__table__), rows)
    return seeded


def _sql_history(engine, by_salesperson: bool = False) -> dict:
    """Invoiced per month (and salesperson) before 2026-11, summed in SQL, in Decimal."""
    key = "s.code, " if by_salesperson else ""
    join = "LEFT JOIN salespeople s ON s.id = i.salesperson_id " if by_salesperson else ""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                f"SELECT {key}strftime('%Y-%m', i.issue_date) AS month, sum(i.amount) FROM invoices i {join}"
                f"WHERE i.issue_date < '2026-11-01' GROUP BY {key}month ORDER BY {key}month"
            )
        ).all()
    out: dict = {}
    for row in rows:
        *k, month, cents = row
        out.setdefault(k[0] if k else None, {})[month] = Decimal(cents) / 100
    return out


def _labels(first: str, n: int) -> list[str]:
    y, m = map(int, first.split("-"))
    out = []
    for _i in range(n):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _import_targets(run, tmp_path, *lines: str) -> None:
    path = tmp_path / "objetivos.csv"
    path.write_text("\n".join(["year,month,salesperson,group,amount", *lines]) + "\n", encoding="utf-8")
    data = as_json(run("import", "targets", str(path), "--json"))
    assert data["committed"] is True, data


# --------------------------------------------------------------------------- the JSON shape


def test_forecast_json_shape_and_months(history, run):
    rows = as_json(run("forecast", "--json"))
    assert len(rows) == 1
    (row,) = rows
    assert {"method", "mape", "total", "target", "gap", "months"} <= set(row)
    assert "salesperson" not in row and "territory" not in row
    assert row["method"] == "holt_winters"  # 30 months: two seasons and more
    assert [m["month"] for m in row["months"]] == _labels("2026-11", 12)
    for m in row["months"]:
        assert set(m) == MONTH_KEYS
        assert m["target"] is None and m["gap"] is None
        assert Decimal(m["forecast"]) >= 0
    assert row["target"] is None and row["gap"] is None
    assert Decimal(row["total"]) == sum(Decimal(m["forecast"]) for m in row["months"])
    assert row["mape"] is not None and Decimal(str(row["mape"])) >= 0


def test_forecast_months_option(history, run):
    (row,) = as_json(run("forecast", "--json", "--months", "3"))
    assert [m["month"] for m in row["months"]] == ["2026-11", "2026-12", "2027-01"]
    (row,) = as_json(run("forecast", "--json", "--months", "36"))
    assert len(row["months"]) == 36 and row["months"][-1]["month"] == "2029-10"
    (row,) = as_json(run("forecast", "--json", "--months", "1"))
    assert [m["month"] for m in row["months"]] == ["2026-11"]


def test_forecast_by_salesperson(history, run):
    rows = as_json(run("forecast", "--json", "--by", "salesperson"))
    assert [r["salesperson"] for r in rows] == ["V01", "V02"]  # largest forecast first
    assert [r["name"] for r in rows] == ["Lucía Fernández", "Carlos Moreno"]
    for r in rows:
        assert {"salesperson", "method", "mape", "total", "target", "gap", "months"} <= set(r)
        assert [m["month"] for m in r["months"]] == _labels("2026-11", 12)
    assert Decimal(rows[0]["total"]) >= Decimal(rows[1]["total"])


def test_forecast_by_group_and_territory(history, run):
    groups = as_json(run("forecast", "--json", "--by", "group", "--months", "2"))
    assert {r["group"] for r in groups} == {"DIST", "HOR"}
    zones = as_json(run("forecast", "--json", "--by", "territory", "--months", "2"))
    assert {r["territory"] for r in zones} == {"MAD", "TOL"}  # the salespeople's zones


def test_the_forecast_starts_with_the_as_of_month(history, run):
    (row,) = as_json(run("forecast", "--json", "--months", "2", "--as-of", "2026-06-30"))
    assert [m["month"] for m in row["months"]] == ["2026-06", "2026-07"]
    assert [b["month"] for b in row["backtest"]] == _labels("2025-12", 6)  # the six months before June


# --------------------------------------------------------------------------- the history and the forecast


def test_the_history_is_the_monthly_sum_of_the_invoices(history):
    expected = _sql_history(history)[None]
    assert len(expected) == MONTHS and min(expected) == "2024-05" and max(expected) == "2026-10"
    with read_session(history) as s:
        (o,) = outlook.outlook(session=s, as_of=TODAY)
    assert dict(o.history) == expected
    assert [m for m, _v in o.history] == _labels("2024-05", MONTHS)


def test_the_history_by_salesperson_is_the_sum_of_their_invoices(history):
    expected = _sql_history(history, by_salesperson=True)
    with read_session(history) as s:
        found = {o.key: dict(o.history) for o in outlook.outlook(session=s, as_of=TODAY, by="salesperson")}
    assert found == expected


def test_the_forecast_is_the_pure_forecast_of_that_history(history, run):
    series = list(_sql_history(history)[None].values())
    expected = forecasting.forecast(series, 12)
    back = forecasting.backtest(series)
    (row,) = as_json(run("forecast", "--json"))
    assert row["method"] == expected.method
    assert [Decimal(m["forecast"]) for m in row["months"]] == expected.values
    assert Decimal(str(row["mape"])) == back.mape
    assert [(b["month"], Decimal(b["actual"])) for b in row["backtest"]] == list(
        zip(_labels("2026-05", 6), series[-6:], strict=True)
    )
    assert [Decimal(b["forecast"]) for b in row["backtest"]] == back.predicted


def test_months_without_invoices_are_zeros_in_the_history(seeded):
    # seeded: F1 in 2026-09, F2 in 2026-10; as of 2027-01 the history is 2026-09 … 2026-12
    with read_session(seeded) as s:
        (o,) = outlook.outlook(session=s, as_of=date(2027, 1, 10), months=2)
    assert o.history == [
        ("2026-09", Decimal("100.00")),
        ("2026-10", Decimal("50.00")),
        ("2026-11", Decimal("0.00")),
        ("2026-12", Decimal("0.00")),
    ]
    assert o.method == "holt"
    assert [m.month for m in o.months] == ["2027-01", "2027-02"]


def test_no_invoices_nothing_to_forecast(engine, run):
    assert as_json(run("forecast", "--json")) == []
    assert "nothing to forecast" in ok(run("forecast"))


def test_forecast_table(history, run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    out = ok(run("forecast", "--months", "3", "--by", "salesperson"))
    assert "2026-11" in out and "2027-01" in out and "V01" in out and "V02" in out
    assert "gap = forecast − target" in out


# --------------------------------------------------------------------------- the plan's targets


def test_gap_is_forecast_minus_target_over_the_months_with_targets(history, run, tmp_path):
    _import_targets(
        run,
        tmp_path,
        "2026,11,V01,DIST,1500.00",
        "2026,12,V01,DIST,1200.00",
        "2026,12,V02,HOR,300.00",
        "2027,1,V02,DIST,450.50",
        "2026,10,V01,DIST,9999.00",  # before the forecast: not counted
        "2027,6,V01,DIST,8888.00",  # after it (six months): not counted
    )
    (row,) = as_json(run("forecast", "--json", "--months", "6"))
    targets = {m["month"]: m["target"] for m in row["months"]}
    assert targets == {
        "2026-11": "1500.00",
        "2026-12": "1500.00",
        "2027-01": "450.50",
        "2027-02": None,
        "2027-03": None,
        "2027-04": None,
    }
    planned = [m for m in row["months"] if m["target"] is not None]
    for m in row["months"]:
        if m["target"] is None:
            assert m["gap"] is None
        else:
            assert Decimal(m["gap"]) == Decimal(m["forecast"]) - Decimal(m["target"])
    assert Decimal(row["target"]) == Decimal("3450.50")
    assert Decimal(row["gap"]) == sum(Decimal(m["forecast"]) for m in planned) - Decimal("3450.50")
    assert Decimal(row["total"]) == sum(Decimal(m["forecast"]) for m in row["months"])


def test_targets_by_salesperson_and_by_group(history, run, tmp_path):
    _import_targets(
        run, tmp_path, "2026,11,V01,DIST,1500.00", "2026,11,V02,HOR,300.00", "2026,12,V02,DIST,100.00"
    )
    people = {
        r["salesperson"]: r
        for r in as_json(run("forecast", "--json", "--by", "salesperson", "--months", "2"))
    }
    assert (people["V01"]["target"], people["V02"]["target"]) == ("1500.00", "400.00")
    assert [m["target"] for m in people["V02"]["months"]] == ["300.00", "100.00"]
    first = people["V01"]["months"][0]
    assert Decimal(people["V01"]["gap"]) == Decimal(first["forecast"]) - Decimal("1500.00")
    groups = {r["group"]: r for r in as_json(run("forecast", "--json", "--by", "group", "--months", "2"))}
    assert (groups["DIST"]["target"], groups["HOR"]["target"]) == ("1600.00", "300.00")
    zones = {
        r["territory"]: r for r in as_json(run("forecast", "--json", "--by", "territory", "--months", "2"))
    }
    assert (zones["MAD"]["target"], zones["TOL"]["target"]) == ("1500.00", "400.00")


def test_a_salesperson_with_targets_and_no_sales_gets_a_zero_forecast(seeded, run, tmp_path):
    with write_session(seeded) as s:
        from salesdesk.org import queries as q

        q.add_salesperson(session=s, code="V03", name="Nuevo", territory="MAD")
    _import_targets(run, tmp_path, "2026,11,V03,HOR,700.00")
    people = {
        r["salesperson"]: r
        for r in as_json(run("forecast", "--json", "--by", "salesperson", "--months", "2"))
    }
    v03 = people["V03"]
    assert Decimal(v03["total"]) == 0
    assert (v03["target"], Decimal(v03["gap"])) == ("700.00", Decimal("-700.00"))


# --------------------------------------------------------------------------- bad options


@pytest.mark.parametrize(
    ("args", "parts"),
    [
        (("--months", "0"), ("--months '0'", "must be between 1 and 36")),
        (("--months", "37"), ("--months '37'", "must be between 1 and 36")),
        (("--by", "zone"), ("--by 'zone'", "must be one of: territory, group, salesperson")),
    ],
)
def test_forecast_refuses_bad_options(history, run, args, parts):
    data_error(run("forecast", "--json", *args), *parts)


def test_outlook_refuses_bad_options_before_reading(engine):
    from salesdesk.core.errors import DataError

    with read_session(engine) as s:
        with pytest.raises(DataError, match="--months"):
            outlook.outlook(session=s, as_of=TODAY, months=0)
        with pytest.raises(DataError, match="--by"):
            outlook.outlook(session=s, as_of=TODAY, by="zone")
