"""Credit commands on the seeded region (hand-computed).

C001 (limit 10,000.00, terms 30): F1 100.00 issued 2026-09-01, due 10-01; F2 50.00 issued 10-01, due 10-31;
payment P1 30.00 on 10-15 pays F1 first (oldest due) → F1 70.00 open; open order O1 200.00.
As of 2026-11-28: F1 is 58 days past due (31–60), F2 28 (1–30); receivables 120.00, exposure 320.00.
"""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def run(cli, db_path, seeded):
    def invoke(*args: str) -> tuple[int, str, str]:
        return cli("--db", str(db_path), *args)

    return invoke


def _json(run, *args):
    code, out, err = run(*args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_aging_per_customer_and_salesperson(run):
    rows = _json(run, "credit", "aging", "--as-of", "2026-11-28")
    assert rows == [
        {
            "code": "C001",
            "name": "Acme Distribuciones S.L.",
            "not_due": "0.00",
            "d1_30": "50.00",
            "d31_60": "70.00",
            "d61_90": "0.00",
            "over_90": "0.00",
            "unapplied": "0.00",
            "total": "120.00",
        }
    ]
    by_sp = _json(run, "credit", "aging", "--as-of", "2026-11-28", "--by", "salesperson")
    assert [(r["salesperson"], r["total"]) for r in by_sp] == [("V01", "120.00")]  # keyed by --by
    before = _json(run, "credit", "aging", "--as-of", "2026-10-10")  # P1 (10-15) not yet: F1 100 9 days late
    assert (before[0]["d1_30"], before[0]["not_due"], before[0]["total"]) == ("100.00", "50.00", "150.00")


def test_status_and_hold_after_sixty_days(run):
    rows = {r["code"]: r for r in _json(run, "credit", "status", "--as-of", "2026-11-28")}
    assert set(rows) == {"C001", "C003"}  # C002 has no limit, documents or orders
    c1 = rows["C001"]
    assert (c1["open_receivables"], c1["open_orders"], c1["exposure"], c1["usage_pct"]) == (
        "120.00",
        "200.00",
        "320.00",
        "3.2",
    )
    assert (c1["overdue"], c1["status"]) == ("120.00", "ok")
    assert _json(run, "credit", "status", "--as-of", "2026-11-30")[0]["status"] == "ok"  # 60 days
    assert _json(run, "credit", "status", "--as-of", "2026-12-01")[0]["status"] == "hold"  # 61 days


def test_check_exit_codes(run):
    code, out, _err = run("credit", "check", "C001", "--amount", "9680")
    assert code == 0 and "It fits." in out
    code, out, _err = run("credit", "check", "C001", "--amount", "9680.01")
    assert code == 3 and "It does not fit." in out
    code, _out, err = run("credit", "check", "C002", "--amount", "1")  # no limit: no credit
    assert code == 3
    code, _out, err = run("credit", "check", "NOPE", "--amount", "1")
    assert code == 1 and "customer 'NOPE': no customer has this code" in err
    code, _out, err = run("credit", "check", "C001", "--amount", "-5")
    assert code == 1 and "--amount" in err
    code, _out, err = run("credit", "aging", "--by", "region")
    assert code == 2 and "--by 'region'" in err  # a usage error
    code, _out, err = run("credit", "check", "C001", "--amount", "abc")
    assert code == 1 and "--amount 'abc'" in err
    code, _out, err = run("credit", "status", "--salesperson", "V99")
    assert code == 1 and "salesperson 'V99': no salesperson has this code" in err
    code, _out, err = run("credit", "score", "NOPE")
    assert code == 1 and "customer 'NOPE'" in err
    code, _out, err = run("credit", "aging", "--as-of", "2026-02-30")
    assert code == 1 and "--as-of '2026-02-30'" in err
    assert "Traceback" not in err


def test_score_json_shape(run):
    data = _json(run, "credit", "score", "C001", "--as-of", "2026-11-28")
    assert set(data) >= {"score", "class", "suggested_limit", "avg_days_late", "late_share_pct"}
    assert data["overdue"] == "120.00" and data["oldest_overdue_days"] == 58


def test_listings_page_with_limit_and_offset(run):
    every = [r["code"] for r in _json(run, "credit", "status")]
    assert every == ["C001", "C003"]  # C003: a limit, nothing owed
    assert [r["code"] for r in _json(run, "credit", "status", "--limit", "1")] == ["C001"]
    assert [r["code"] for r in _json(run, "credit", "status", "--offset", "1")] == ["C003"]
    assert _json(run, "credit", "aging", "--offset", "1") == []
    assert [r["code"] for r in _json(run, "credit", "limits", "--limit", "1", "--offset", "1")] == ["C003"]
    code, _out, err = run("credit", "status", "--limit", "0")
    assert code == 2 and "--limit" in err


def test_past_exposure_leaves_out_orders_placed_later(run):
    # O1 (200.00, open) is dated 2026-11-28: on 2026-10-20 it did not exist yet
    now = {r["code"]: r for r in _json(run, "credit", "status")}
    before = {r["code"]: r for r in _json(run, "credit", "status", "--as-of", "2026-10-20")}
    assert now["C001"]["open_orders"] == "200.00"
    assert before["C001"]["open_orders"] == "0.00"


def test_aging_by_territory_is_keyed_by_territory(run):
    rows = _json(run, "credit", "aging", "--by", "territory")
    assert [(r["territory"], r["total"]) for r in rows] == [("MAD", "120.00")]


@pytest.mark.parametrize(
    "args",
    [
        ("credit", "status", "--as-of", "0001-01-02"),
        ("credit", "score", "C001", "--as-of", "0001-01-01"),
        ("credit", "trend", "--months", "99999999999999999999"),
        ("credit", "limits", "--due", "--within", "99999999999"),
    ],
)
def test_extreme_values_are_refused_with_a_message(run, args):
    code, _out, err = run(*args)
    assert code in (1, 2)
    assert "Unexpected error" not in err and "Traceback" not in err
