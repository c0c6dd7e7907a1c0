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

import pytest
from sqlalchemy import text

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
    assert code == 1, (out, err)
    assert message in err and "Traceback" not in err
    with region.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM change_log")).scalar() == before


def test_status_matches_an_independent_sql_query_on_the_demo_data(cli, tmp_path, isolated_env):
    code, _out, err = cli("demo", "--no-open", "--fresh")
    assert code == 0, err
    db = isolated_env / "cache" / "demo.sqlite"
    assert db.exists()

    def run(*args):
        return cli("--db", str(db), *args)

    assert run("plan", "set", "--year", "2026", "--amount", "13500000")[0] == 0
    assert run("plan", "breakdown", "--year", "2026", "--apply")[0] == 0
    code, out, err = run("plan", "status", "--year", "2026", "--as-of", "2026-11-28", "--json")
    assert code == 0, err
    report = {r["salesperson"]: r for r in json.loads(out)}
    import sqlite3

    con = sqlite3.connect(db)
    actual = dict(
        con.execute(
            "SELECT s.code, SUM(i.amount) FROM invoices i LEFT JOIN salespeople s ON s.id = i.salesperson_id"
            " WHERE i.issue_date BETWEEN '2026-01-01' AND '2026-11-28' GROUP BY s.code"
        ).fetchall()
    )
    targets = dict(
        con.execute(
            "SELECT s.code, SUM(t.amount) FROM plan_targets t JOIN salespeople s ON s.id = t.salesperson_id"
            " WHERE t.year = 2026 GROUP BY s.code"
        ).fetchall()
    )
    con.close()
    assert set(report) == set(actual) | set(targets)
    for code_, row in report.items():
        assert row["actual_to_date"] == f"{actual.get(code_, 0) / 100:.2f}"
        assert row["target_year"] == f"{targets.get(code_, 0) / 100:.2f}"
    assert sum(targets.values()) == 1_350_000_000  # the plan, to the cent


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
