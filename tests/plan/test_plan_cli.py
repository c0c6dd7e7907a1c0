"""The plan through its commands: a small hand-computed region, bad input, and the status report checked
against an independent SQL query over the same invoices.

Hand-computed fixture (``region``): last year DIST sold 800.00 (C001 600.00, C003 200.00, both V01) and
HOR 400.00 (C002, V02). Plan 2026 = 12,000.00; growth DIST 0 %, HOR 50 % → weights 800 and 600 →
DIST 6,857.142857… and HOR 5,142.857142…; the spare cent goes to HOR (larger fraction): 6,857.14 and
5,142.86. Seasonality: January–October 8 %, November and December 10 %.
V01 (DIST): 548.5712 a month → 548.57 ×10; 685.714 → the two cents left go to Nov/Dec (fraction .4 >
.12): 685.72 ×2. V02 (HOR): 411.4288 → 411.43 ×10 (the ten cents left go to the .88 fractions);
514.286 → 514.28 ×2.
"""

from __future__ import annotations

import json
import math
import sqlite3
from decimal import Decimal
from fractions import Fraction

import pytest
from sqlalchemy import text

from salesdesk.core.errors import DataError

WEIGHTS = "8,8,8,8,8,8,8,8,8,8,10,10"


@pytest.fixture
def run(cli, db_path):
    def invoke(*args: str) -> tuple[int, str, str]:
        return cli("--db", str(db_path), *args)

    return invoke


@pytest.fixture
def region(seeded, run):
    for args in (
        ("customer", "edit", "C002", "--group", "HOR"),
        ("invoice", "add", "L1", "--customer", "C001", "--amount", "600.00", "--date", "2025-03-10"),
        ("invoice", "add", "L2", "--customer", "C003", "--amount", "200.00", "--date", "2025-03-20"),
        ("invoice", "add", "L3", "--customer", "C002", "--amount", "400.00", "--date", "2025-06-10"),
        ("invoice", "add", "N1", "--customer", "C001", "--amount", "1000.00", "--date", "2026-02-10"),
        ("invoice", "add", "N2", "--customer", "C003", "--amount", "-100.00", "--date", "2026-03-01"),
        ("plan", "set", "--year", "2026", "--amount", "12000"),
        ("plan", "growth", "--year", "2026", "--group", "HOR", "--pct", "50", "--market-size", "20000"),
        ("plan", "seasonality", "--year", "2026", "--weights", WEIGHTS),
    ):
        code, _out, err = run(*args)
        assert code == 0, (args, err)
    return seeded


def _json(run, *args):
    code, out, err = run(*args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_breakdown_proposal_reconciles_to_the_hand_computed_cents(region, run):
    data = _json(run, "plan", "breakdown", "--year", "2026")
    assert data["applied"] is False
    assert data["groups"] == [{"group": "DIST", "amount": "6857.14"}, {"group": "HOR", "amount": "5142.86"}]
    v01 = [t["amount"] for t in data["targets"] if t["salesperson"] == "V01"]
    v02 = [t["amount"] for t in data["targets"] if t["salesperson"] == "V02"]
    assert v01 == ["548.57"] * 10 + ["685.72"] * 2
    assert v02 == ["411.43"] * 10 + ["514.28"] * 2
    with region.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM plan_targets")).scalar() == 0  # nothing saved


def test_apply_saves_targets_and_a_manual_month_rebalances_the_rest(region, run):
    code, out, _err = run("plan", "breakdown", "--year", "2026", "--apply")
    assert code == 0 and "Saved 24 targets for 2026." in out
    code, out, err = run(
        "plan", "target", "--year", "2026", "--salesperson", "V01", "--month", "1", "--amount", "857.14"
    )
    assert code == 0, err
    with region.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT month, amount, manual FROM plan_targets t"
                " JOIN salespeople s ON s.id = t.salesperson_id WHERE s.code = 'V01' ORDER BY month"
            )
        ).all()
    # 6,857.14 − 857.14 = 6,000.00 over the other months by 8/8/…/10/10 (92 %): 521.74 … 652.17
    assert rows[0] == (1, 85714, 1)
    assert sum(r[1] for r in rows) == 685714
    assert [r[2] for r in rows[1:]] == [0] * 11
    # 600000 cents × 8/92 = 52173.91 (Feb–Oct, fraction .91) and × 10/92 = 65217.39 (Nov–Dec, .39):
    # floors 9 × 52173 + 2 × 65217 = 599991; the 9 cents left go to the nine .91 fractions
    assert [r[1] for r in rows[1:]] == [52174] * 9 + [65217] * 2
    code, _out, _err = run("plan", "breakdown", "--year", "2026", "--apply")
    with region.connect() as conn:
        jan = conn.execute(
            text(
                "SELECT amount, manual FROM plan_targets t JOIN salespeople s ON s.id = t.salesperson_id"
                " WHERE s.code = 'V01' AND month = 1"
            )
        ).one()
    assert tuple(jan) == (85714, 1)  # a new proposal keeps the manager's month


def test_status_by_salesperson_on_the_hand_computed_fixture(region, run):
    run("plan", "breakdown", "--year", "2026", "--apply")
    data = _json(run, "plan", "status", "--year", "2026", "--as-of", "2026-03-15")
    v01, v02 = data
    # V01: due = 548.57 × 2 + 548.57 × 15/31 = 1,362.577…; actual 1,000.00 − 100.00 = 900.00
    assert v01 == {
        "salesperson": "V01",
        "name": "Lucía Fernández",
        "target_year": "6857.14",
        "target_to_date": "1362.58",
        "actual_to_date": "900.00",
        "attainment_pct": "66.1",
        "gap": "-462.58",
        "projection": "4529.23",
        "status": "off_track",
        "last_year_to_date": "600.00",
        "vs_last_year_pct": "50.0",
    }
    assert v02["target_to_date"] == "1021.94" and v02["actual_to_date"] == "0.00"
    assert (v02["attainment_pct"], v02["projection"], v02["status"]) == ("0.0", "0.00", "off_track")
    assert v02["vs_last_year_pct"] is None  # no sales in the same period last year


def test_status_by_group_has_market_share_and_by_month_sums(region, run):
    run("plan", "breakdown", "--year", "2026", "--apply")
    groups = _json(run, "plan", "status", "--year", "2026", "--as-of", "2026-03-15", "--by", "group")
    hor = next(g for g in groups if g["group"] == "HOR")
    assert (hor["market_size"], hor["market_share_pct"], hor["actual_to_date"]) == ("20000.00", "0.0", "0.00")
    months = _json(run, "plan", "status", "--year", "2026", "--as-of", "2026-03-15", "--by", "month")
    assert [m["month"] for m in months] == list(range(1, 13))
    assert months[1]["actual_to_date"] == "1000.00" and months[2]["actual_to_date"] == "-100.00"
    assert months[0]["target_year"] == "960.00"  # 548.57 + 411.43


def test_thresholds_are_business_rules(region, run):
    run("plan", "breakdown", "--year", "2026", "--apply")
    code, _out, err = run("config", "rule", "plan.at_risk_pct", "60")
    assert code == 0, err
    v01 = _json(run, "plan", "status", "--year", "2026", "--as-of", "2026-03-15")[0]
    assert v01["status"] == "at_risk"  # 66.1 % ≥ 60 %
    with region.connect() as conn:
        assert conn.execute(text("SELECT old, new FROM change_log WHERE entity = 'rule'")).one() == (
            "90",
            "60",
        )


def test_deviations_and_corrective_actions(region, run):
    run("plan", "breakdown", "--year", "2026", "--apply")
    found = _json(run, "plan", "deviations", "--year", "2026", "--as-of", "2026-03-15")
    # January: nobody sold (V01, V02, DIST, HOR off track); February: V01/DIST sold 1,000 ≥ 548.57
    jan = [(d["kind"], d["code"]) for d in found if d["month"] == 1]
    assert jan == [("salesperson", "V01"), ("salesperson", "V02"), ("group", "DIST"), ("group", "HOR")]
    assert all(d["needs_action"] for d in found)
    code, out, err = run(
        "plan", "action", "add", "--year", "2026", "--month", "1", "--salesperson", "V02",
        "--problem", "No orders in January", "--action", "Visit the three top customers",
        "--due", "2026-02-15",
    )  # fmt: skip
    assert code == 0, err
    found = _json(run, "plan", "deviations", "--year", "2026", "--as-of", "2026-03-15")
    v02 = next(d for d in found if d["month"] == 1 and d["code"] == "V02")
    assert (v02["actions"], v02["needs_action"]) == (1, False)
    listed = _json(run, "plan", "action", "list", "--open")
    assert [(a["id"], a["salesperson"], a["status"]) for a in listed] == [(1, "V02", "open")]
    code, out, _err = run("plan", "action", "close", "1", "--result", "Two orders signed")
    assert code == 0 and "done" in out
    assert _json(run, "plan", "action", "list", "--open") == []
    code, _out, err = run("plan", "action", "close", "1", "--result", "again")
    assert code == 1 and "already done" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("plan", "target", "--year", "2026", "--salesperson", "NOPE", "--month", "1", "--amount", "5"),
         "salesperson 'NOPE': no salesperson has this code"),
        (("plan", "set", "--year", "2026", "--amount", "-5"), "amount '-5.00': cannot be negative"),
        (("plan", "target", "--year", "2026", "--salesperson", "V01", "--month", "1", "--amount", "-1"),
         "amount '-1.00': cannot be negative"),
        (("plan", "seasonality", "--year", "2026", "--weights", "8,8,8,8,8,8,8,8,8,8,10,9"),
         "weights '99.00': the weights must total 100"),
        (("plan", "seasonality", "--year", "2026", "--weights", "50,50"),
         "twelve monthly weights are needed"),
        (("plan", "status", "--year", "2031"), "year '2031': has no sales plan"),
        (("plan", "breakdown", "--year", "2030"), "year '2030': has no sales plan"),
        (("plan", "growth", "--year", "2026", "--group", "NOPE", "--pct", "5"), "group 'NOPE'"),
        (("plan", "target", "--year", "2026", "--salesperson", "V01", "--month", "13", "--amount", "5"),
         "month '13': must be a month from 1 to 12"),
        (("plan", "status", "--year", "2026", "--by", "week"), "--by 'week': must be one of"),
        (("plan", "action", "add", "--year", "2026", "--month", "1", "--problem", "p", "--action", "a"),
         "name a salesperson or a group"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_with_a_message_and_changes_nothing(region, run, args, message):
    with region.connect() as conn:
        before = conn.execute(text("SELECT count(*) FROM change_log")).scalar()
    code, out, err = run(*args)
    usage = "--by" in args  # an option value the command cannot take: a usage error (exit 2)
    assert code == (2 if usage else 1), (out, err)
    assert message in err and "Traceback" not in err
    with region.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM change_log")).scalar() == before


def _half_up(value: Fraction, places: int) -> str:
    """``value`` rounded half up (away from zero) to ``places`` decimals, as the JSON writes it."""
    scaled = abs(value) * 10**places
    n = math.floor(scaled + Fraction(1, 2)) * (1 if value >= 0 else -1)
    return f"{Decimal(n).scaleb(-places):.{places}f}"


#: The independent query: per key, the year's target, 30 × the target due by 2026-11-28 (January–October
#: whole, November 28 of its 30 days, December nothing), all in cents, and the net invoiced amount in cents
#: from 2026-01-01 to 2026-11-28 credited to the invoice's salesperson and the customer's group.
_DUE_X30 = "SUM(CASE WHEN t.month < 11 THEN t.amount * 30 WHEN t.month = 11 THEN t.amount * 28 ELSE 0 END)"
_SQL = {
    "salesperson": (
        f"SELECT s.code, SUM(t.amount), {_DUE_X30} FROM plan_targets t"
        " JOIN salespeople s ON s.id = t.salesperson_id WHERE t.year = 2026 GROUP BY s.code",
        "SELECT s.code, SUM(i.amount) FROM invoices i LEFT JOIN salespeople s ON s.id = i.salesperson_id"
        " WHERE i.issue_date BETWEEN '2026-01-01' AND '2026-11-28' GROUP BY s.code",
    ),
    "group": (
        f"SELECT g.code, SUM(t.amount), {_DUE_X30} FROM plan_targets t"
        " JOIN customer_groups g ON g.id = t.group_id WHERE t.year = 2026 GROUP BY g.code",
        "SELECT g.code, SUM(i.amount) FROM invoices i JOIN customers c ON c.id = i.customer_id"
        " LEFT JOIN customer_groups g ON g.id = c.group_id"
        " WHERE i.issue_date BETWEEN '2026-01-01' AND '2026-11-28' GROUP BY g.code",
    ),
    "month": (
        f"SELECT t.month, SUM(t.amount), {_DUE_X30} FROM plan_targets t WHERE t.year = 2026 GROUP BY t.month",
        "SELECT CAST(strftime('%m', i.issue_date) AS INTEGER), SUM(i.amount) FROM invoices i"
        " WHERE i.issue_date BETWEEN '2026-01-01' AND '2026-11-28' GROUP BY 1",
    ),
}


@pytest.mark.parametrize("by", ["salesperson", "group", "month"])
def test_status_matches_an_independent_sql_query_on_the_demo_data(cli, isolated_env, by):
    """The shipped sample targets (sample_data/targets.csv) as imported by the demo, not a new plan."""
    code, _out, err = cli("demo", "--no-open")
    assert code == 0, err
    db = isolated_env / "cache" / "demo.sqlite"
    code, out, err = cli(
        "--db", str(db), "plan", "status", "--year", "2026", "--as-of", "2026-11-28", "--by", by, "--json"
    )
    assert code == 0, err
    report = {r[by]: r for r in json.loads(out)}
    con = sqlite3.connect(db)
    try:
        target_sql, actual_sql = _SQL[by]
        targets = {key: (year, due) for key, year, due in con.execute(target_sql)}
        actual = dict(con.execute(actual_sql).fetchall())
        imported = con.execute("SELECT count(*), SUM(amount) FROM plan_targets WHERE year = 2026").fetchone()
    finally:
        con.close()
    assert imported == (348, 1_250_000_000)  # the 348 rows of targets.csv, the 12,500,000.00 plan
    keys = set(targets) | set(actual) if by != "month" else set(range(1, 13))
    assert set(report) == keys
    statuses = set()
    for key in keys:
        year_cents, due_x30 = targets.get(key, (0, 0))
        due = Fraction(due_x30, 3000)  # currency units
        got = Fraction(actual.get(key, 0), 100)
        row = report[key]
        assert row["target_year"] == _half_up(Fraction(year_cents, 100), 2), key
        assert row["target_to_date"] == _half_up(due, 2), key
        assert row["actual_to_date"] == _half_up(got, 2), key
        assert row["gap"] == _half_up(got - due, 2), key
        if due == 0:
            assert row["attainment_pct"] is None and row["status"] == "on_track", key
            continue
        attainment = got * 100 / due
        assert row["attainment_pct"] == _half_up(attainment, 1), key
        status = "on_track" if attainment >= 100 else "at_risk" if attainment >= 90 else "off_track"
        assert row["status"] == status, key
        projection = got + (Fraction(year_cents, 100) - due) * attainment / 100
        assert row["projection"] == _half_up(projection, 2), key
        statuses.add(status)
    if by == "salesperson":  # the sample: some salespeople ahead of plan, some behind
        assert "on_track" in statuses and statuses - {"on_track"}


def test_tracking_credits_the_invoices_salesperson_not_the_customers(region, run):
    run("plan", "breakdown", "--year", "2026", "--apply")
    # C002 is V02's customer (HOR); V01 sold to it this time
    code, _out, err = run(
        "invoice", "add", "N3", "--customer", "C002", "--amount", "300.00", "--date", "2026-03-05",
        "--salesperson", "V01",
    )  # fmt: skip
    assert code == 0, err
    people = {
        r["salesperson"]: r for r in _json(run, "plan", "status", "--year", "2026", "--as-of", "2026-03-15")
    }
    # V01: 1,000.00 − 100.00 + 300.00; V02 nothing, though the customer is V02's
    assert (people["V01"]["actual_to_date"], people["V02"]["actual_to_date"]) == ("1200.00", "0.00")
    # V01's due is 1,362.577… (see the status test): 1,200.00 of it is 88.07 %, below 90: off track
    assert (people["V01"]["attainment_pct"], people["V01"]["status"]) == ("88.1", "off_track")
    by_group = _json(run, "plan", "status", "--year", "2026", "--as-of", "2026-03-15", "--by", "group")
    assert {r["group"]: r["actual_to_date"] for r in by_group} == {"DIST": "900.00", "HOR": "300.00"}
    found = _json(run, "plan", "deviations", "--year", "2026", "--as-of", "2026-03-15")
    march = {(d["kind"], d["code"]): d["actual"] for d in found if d["month"] == 3}
    # March: V01 −100.00 + 300.00 against 548.57 × 15/31 = 265.44 due; HOR 300.00 ≥ 411.43 × 15/31
    assert march == {
        ("salesperson", "V01"): "200.00",
        ("salesperson", "V02"): "0.00",
        ("group", "DIST"): "-100.00",
    }


def test_a_new_salespersons_share_is_kept_and_the_others_share_the_rest(region, run):
    assert run("salesperson", "add", "V03", "--name", "Nuevo Comercial")[0] == 0
    code, _out, err = run("plan", "target", "--year", "2026", "--salesperson", "V03", "--amount", "1000")
    assert code == 1 and "name the customer group with --group (this salesperson has 0)" in err
    code, out, err = run(
        "plan", "target", "--year", "2026", "--salesperson", "V03", "--group", "HOR", "--amount", "1000"
    )
    assert code == 0, err
    assert "plan breakdown --year 2026 --apply" in out
    data = _json(run, "plan", "breakdown", "--year", "2026")
    years: dict[str, float] = {}
    for t in data["targets"]:
        key = f"{t['salesperson']}/{t['group']}"
        years[key] = round(years.get(key, 0) + float(t["amount"]), 2)
    # HOR keeps 5,142.86: V03 has the 1,000.00 the manager set, V02 the remaining 4,142.86
    assert years == {"V01/DIST": 6857.14, "V02/HOR": 4142.86, "V03/HOR": 1000.0}


# --------------------------------------------------------------------------- manual amounts checked when set


def _changes(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM change_log")).scalar()


def test_a_salespersons_share_larger_than_the_group_is_refused_when_set(region, run):
    before = _changes(region)
    code, _out, err = run(
        "plan", "target", "--year", "2026", "--salesperson", "V01", "--group", "DIST", "--amount", "99999999"
    )
    # DIST's amount for 2026 is 6,857.14 (see the module docstring)
    assert code == 1 and "Error: --amount '99999999.00': more than the group's 6,857.14 for 2026" in err
    assert _changes(region) == before  # nothing kept
    # V01 is DIST's only salesperson: a share must then be the whole group, as the breakdown needs it
    code, _out, err = run(
        "plan", "target", "--year", "2026", "--salesperson", "V01", "--group", "DIST", "--amount", "5000"
    )
    assert code == 1
    assert "every part is fixed, so they must add up to the group's 6,857.14 for 2026; they would make" in err
    code, _out, err = run(
        "plan", "target", "--year", "2026", "--salesperson", "V01", "--group", "DIST", "--amount", "6857.14"
    )
    assert code == 0, err
    assert run("plan", "breakdown", "--year", "2026")[0] == 0


def test_a_group_amount_larger_than_the_plan_is_refused_when_set(region, run):
    before = _changes(region)
    code, _out, err = run(
        "plan", "growth", "--year", "2026", "--group", "HOR", "--pct", "10", "--amount", "99999999"
    )
    assert code == 1 and "Error: --amount '99999999.00': more than the plan's 12,000.00 for 2026" in err
    assert _changes(region) == before
    assert (
        run("plan", "growth", "--year", "2026", "--group", "DIST", "--pct", "0", "--amount", "7000")[0] == 0
    )
    code, _out, err = run(
        "plan", "growth", "--year", "2026", "--group", "HOR", "--pct", "0", "--amount", "6000"
    )
    assert code == 1
    assert (
        "--amount '6000.00': more than the 5,000.00 that the other fixed amounts (7,000.00) leave of "
        "the plan's 12,000.00 for 2026" in err
    )
    assert run("plan", "growth", "--year", "2026", "--group", "HOR", "--pct", "0", "--amount", "5000")[0] == 0
    data = _json(run, "plan", "breakdown", "--year", "2026")
    assert data["groups"] == [{"group": "DIST", "amount": "7000.00"}, {"group": "HOR", "amount": "5000.00"}]
    # a fixed amount needs the plan it is a part of
    code, _out, err = run("plan", "growth", "--year", "2031", "--group", "HOR", "--pct", "0", "--amount", "1")
    assert code == 1 and "year '2031': has no sales plan" in err


def test_a_month_larger_than_the_year_names_the_amount_option(region, run, cli, db_path):
    run("plan", "breakdown", "--year", "2026", "--apply")
    code, _out, err = run(
        "plan", "target", "--year", "2026", "--salesperson", "V01", "--month", "1", "--amount", "162744.75"
    )
    assert code == 1
    assert "Error: --amount '162744.75': more than the year's 6,857.14" in err
    code, _out, err = cli(
        "--db", str(db_path), "--lang", "es", "plan", "target", "--year", "2026", "--salesperson", "V01",
        "--month", "1", "--amount", "162744,75",
    )  # fmt: skip
    assert code == 1 and "--amount '162744.75'" in err and "6.857,14" in err


# --------------------------------------------------------------------------- seasonality while last year runs


def test_default_seasonality_uses_the_last_12_complete_months_while_last_year_is_not_over(
    seeded, run, monkeypatch
):
    # the seeded region already sold F1 100.00 on 2026-09-01 and F2 50.00 on 2026-10-01
    for number, day, amount in (
        ("S1", "2025-11-15", "999.00"),  # before the window
        ("S2", "2025-12-10", "300.00"),
        ("S3", "2026-03-10", "100.00"),
        ("S4", "2026-12-01", "500.00"),  # today's month: not complete
    ):
        assert run("invoice", "add", number, "--customer", "C002", "--amount", amount, "--date", day)[0] == 0
    assert run("plan", "set", "--year", "2027", "--amount", "12000")[0] == 0

    monkeypatch.setenv("SALESDESK_TODAY", "2026-12-01")
    data = _json(run, "plan", "breakdown", "--year", "2027")
    # December 2025 – November 2026: Dec 300, Mar 100, Sep 100, Oct 50 = 550. In hundredths of a percent:
    # 5,454.54…, 1,818.18…, 1,818.18…, 909.09… → floors 9,999; the cent left to December (.54)
    weights = ["0.00"] * 12
    weights[2], weights[8], weights[9], weights[11] = "18.18", "18.18", "9.09", "54.55"
    assert data["seasonality"] == {
        "source": "last_12_months",
        "weights": weights,
        "sales_from": "2025-12-01",
        "sales_to": "2026-11-30",
    }
    code, out, _err = run("plan", "breakdown", "--year", "2027")
    assert (
        "Seasonality: the last 12 complete months' sales, 12/01/2025 to 11/30/2026, by calendar month "
        "(last year is not complete yet)." in out
    )

    monkeypatch.setenv("SALESDESK_TODAY", "2027-01-04")  # 2026 is over: its own months
    data = _json(run, "plan", "breakdown", "--year", "2027")
    # 2026: Mar 100, Sep 100, Oct 50, Dec 500 = 750 → 1,333.33…, 1,333.33…, 666.66…, 6,666.66…: floors
    # 9,998; two cents to the .67 fractions, October then December
    weights = ["0.00"] * 12
    weights[2], weights[8], weights[9], weights[11] = "13.33", "13.33", "6.67", "66.67"
    assert data["seasonality"]["source"] == "last_year" and data["seasonality"]["weights"] == weights


# --------------------------------------------------------------------------- as-of, hints, paging, actions


def test_an_as_of_date_out_of_range_is_refused_naming_the_option(region, run):
    for command in ("status", "deviations"):
        code, _out, err = run("plan", command, "--year", "2026", "--as-of", "0001-01-01")
        assert code == 1, command
        assert "Error: --as-of '0001-01-01': must be a date between 1900-01-01 and 2999-12-31" in err
        assert "Unexpected" not in err


def test_status_of_a_year_without_targets_hints_at_the_breakdown(region, run):
    assert run("plan", "set", "--year", "2027", "--amount", "1000")[0] == 0
    hint = "no targets for 2027: run salesdesk plan breakdown --year 2027 --apply"
    code, out, err = run("plan", "status", "--year", "2027", "--json")
    assert (code, json.loads(out), err.strip()) == (0, [], hint)
    code, _out, err = run("plan", "status", "--year", "2027")
    assert code == 0 and hint in err
    run("plan", "breakdown", "--year", "2026", "--apply")
    assert run("plan", "status", "--year", "2026", "--json")[2] == ""


def test_plan_listings_take_limit_and_offset(region, run):
    run("plan", "breakdown", "--year", "2026", "--apply")
    every = _json(run, "plan", "status", "--year", "2026", "--by", "month")
    assert len(every) == 12
    page = _json(run, "plan", "status", "--year", "2026", "--by", "month", "--limit", "3", "--offset", "2")
    assert page == every[2:5] and [m["month"] for m in page] == [3, 4, 5]
    found = _json(run, "plan", "deviations", "--year", "2026", "--as-of", "2026-03-15")
    assert (
        _json(
            run,
            "plan",
            "deviations",
            "--year",
            "2026",
            "--as-of",
            "2026-03-15",
            "--offset",
            "1",
            "--limit",
            "2",
        )
        == found[1:3]
    )
    for month in ("1", "2", "3"):
        assert run(
            "plan", "action", "add", "--year", "2026", "--month", month, "--salesperson", "V02",
            "--problem", f"p{month}", "--action", "a",
        )[0] == 0  # fmt: skip
    listed = _json(run, "plan", "action", "list", "--limit", "2", "--offset", "1")
    assert [a["problem"] for a in listed] == ["p2", "p3"]
    code, _out, err = run("plan", "action", "list", "--limit", "0")
    assert code == 2  # a usage error, as for the org listings


def test_a_year_without_a_plan_refuses_targets_and_actions(region, run):
    code, _out, err = run(
        "plan", "target", "--year", "2031", "--salesperson", "V01", "--month", "1", "--amount", "5"
    )
    assert code == 1 and "year '2031': has no sales plan" in err
    code, _out, err = run(
        "plan", "action", "add", "--year", "2031", "--month", "1", "--salesperson", "V01",
        "--problem", "p", "--action", "a",
    )  # fmt: skip
    assert code == 1 and "year '2031': has no sales plan" in err
    with region.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM plan_actions")).scalar() == 0


def test_an_action_starts_then_closes_and_final_states_stay_final(region, run):
    assert run(
        "plan", "action", "add", "--year", "2026", "--month", "1", "--salesperson", "V02",
        "--problem", "p", "--action", "a", "--owner", "Carlos",
    )[0] == 0  # fmt: skip
    code, out, err = run("plan", "action", "start", "1")
    assert (code, out.strip()) == (0, "Corrective action 1: in progress."), err
    action = _json(run, "plan", "action", "list")[0]
    assert (action["status"], action["owner"]) == ("in_progress", "Carlos")
    with region.connect() as conn:
        assert conn.execute(text("SELECT closed_at FROM plan_actions")).scalar() is None  # not closed
    code, _out, err = run("plan", "action", "start", "1")
    assert code == 1 and "status 'in_progress': the action is already in progress" in err
    assert _json(run, "plan", "action", "list", "--open")[0]["id"] == 1  # in progress is still open
    code, out, _err = run("plan", "action", "close", "1", "--result", "Two orders", "--cancel")
    assert code == 0 and "Corrective action 1: cancelled." in out
    code, _out, err = run("plan", "action", "start", "1")
    assert code == 1 and "status 'in_progress': cannot change from cancelled to in progress" in err
    code, _out, err = run("plan", "action", "close", "1", "--result", "again")
    assert code == 1 and "cannot change from cancelled to done" in err
    code, _out, err = run("plan", "action", "start", "9")
    assert code == 1 and "action '9': no corrective action has this number" in err
    with region.connect() as conn:
        row = conn.execute(text("SELECT status, result, closed_at FROM plan_actions")).one()
        log = conn.execute(
            text("SELECT old, new FROM change_log WHERE entity = 'plan_action' ORDER BY id")
        ).all()
    assert tuple(row) == ("cancelled", "Two orders", "2026-11-28")
    assert log == [("open", "in_progress"), ("in_progress", "cancelled")]


def test_closing_needs_a_final_state(region, engine):
    from salesdesk.core.db import write_session
    from salesdesk.plan import queries
    from tests.conftest import NOW as now
    from tests.conftest import TODAY

    with write_session(engine) as s:
        queries.add_action(session=s, year=2026, month=1, problem="p", action="a", group="HOR", now=now)
    with pytest.raises(DataError) as info, write_session(engine) as s:
        queries.close_action(session=s, id=1, result="r", status="in_progress", today=TODAY, now=now)
    assert str(info.value) == "status 'in_progress': an action is closed as one of: done, cancelled"


# --------------------------------------------------------------------------- words and numbers


def test_spanish_numbers_and_labels(region, run, cli, db_path):
    run("plan", "breakdown", "--year", "2026", "--apply")
    code, out, err = cli(
        "--db",
        str(db_path),
        "--lang",
        "es",
        "plan",
        "growth",
        "--year",
        "2026",
        "--group",
        "HOR",
        "--pct",
        "2,5",
    )
    assert code == 0, err
    assert "2,50 %" in out and "2.50" not in out
    code, out, err = cli(
        "--db", str(db_path), "--lang", "es", "plan", "deviations", "--year", "2026", "--as-of", "2026-03-15"
    )
    assert code == 0, err
    assert "0,0 %" in out and "0.0" not in out  # January: nobody sold
    found = _json(run, "plan", "deviations", "--year", "2026", "--as-of", "2026-03-15")
    assert found[0]["attainment_pct"] == "0.0"  # JSON keeps the plain decimal


def test_a_customer_without_a_group_is_reported_as_no_group(region, run):
    run("plan", "breakdown", "--year", "2026", "--apply")
    assert run("customer", "add", "C009", "--name", "Sin Grupo S.L.", "--salesperson", "V01")[0] == 0
    assert (
        run("invoice", "add", "N9", "--customer", "C009", "--amount", "70.00", "--date", "2026-02-20")[0] == 0
    )
    groups = _json(run, "plan", "status", "--year", "2026", "--as-of", "2026-03-15", "--by", "group")
    nobody = next(g for g in groups if g["group"] is None)
    assert (nobody["name"], nobody["actual_to_date"], nobody["target_year"]) == (
        "(no group)",
        "70.00",
        "0.00",
    )
    people = _json(run, "plan", "status", "--year", "2026", "--as-of", "2026-03-15")
    assert all(p["name"] != "(no group)" for p in people)
