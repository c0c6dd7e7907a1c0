"""The monthly receivables review on a small region, computed by hand.

Documents (seeded, plus the ones ``region`` adds with the CLI), terms: C001 30 days, C002 60, C003 30:
  C001  F1   100.00 issued 09-01, due 10-01     P1  30.00 on 10-15 (names nothing)
        F2    50.00 issued 10-01, due 10-31     CN1 −20.00 credit note issued 10-20
  C002  F5   300.00 issued 07-15, due 09-13
  C003  F3   200.00 issued 08-10, due 09-09     P2 250.00 on 09-20 naming F3
        F4    80.00 issued 10-05, due 11-04

End of August (08-31): C002 F5 300 not due; C003 F3 200 not due.          Total 500.00, not due 500.00.
End of September (09-30):
  C001  F1 100 due tomorrow: not due 100.
  C002  F5 17 days late: 1–30 300.
  C003  P2 pays F3 200, 50.00 left is credit: unapplied 50, total −50.
  Totals: not due 100, 1–30 300, unapplied 50, total 350.00 (3 customers).
End of October (10-31):
  C001  P1 30 then CN1 20 pay F1 (oldest due): F1 50 open, 30 days late (1–30); F2 50 due today: not due.
  C002  F5 48 days late: 31–60 300.
  C003  P2 names F3 (200), its 50 left goes to F4: 30 open, due 11-04: not due.
  Totals: not due 80, 1–30 50, 31–60 300, total 430.00; change on September +80.00.

Sales by month (invoices and credit notes issued): July 300, August 200, September 100,
October 50 + 80 − 20 = 110; none before July.

October: opening 350, sales 110, closing 430, closing not due 80.
  CEI = (350 + 110 − 430) ÷ (350 + 110 − 80) × 100 = 30 ÷ 380 × 100 = 7.89… → 7.9 %.
  DSO count-back from 430: October 110 (31 days, 320 left), September 100 (30 days, 220 left),
  August 200 (31 days, 20 left), then 20 ÷ 300 of July's 31 days = 2.07 → 31 + 30 + 31 + 2.07 = 94.07 → 94.1.
September: opening 500, sales 100, closing 350, not due 100.
  CEI = (500 + 100 − 350) ÷ (500 + 100 − 100) × 100 = 250 ÷ 500 × 100 = 50.0 %.
  DSO from 350: September 100 (30 days, 250 left), August 200 (31 days, 50 left), 50 ÷ 300 × 31 = 5.17
  → 66.2.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

ZERO_BUCKETS = {"d61_90": "0.00", "over_90": "0.00"}


@pytest.fixture
def run(cli, db_path, seeded):
    def invoke(*args: str) -> tuple[int, str, str]:
        return cli("--db", str(db_path), *args)

    return invoke


@pytest.fixture
def region(run):
    for args in (
        ("invoice", "add", "CN1", "--customer", "C001", "--amount", "-20", "--date", "2026-10-20"),
        ("invoice", "add", "F5", "--customer", "C002", "--amount", "300", "--date", "2026-07-15"),
        ("invoice", "add", "F3", "--customer", "C003", "--amount", "200", "--date", "2026-08-10"),
        ("payment", "add", "P2", "--customer", "C003", "--amount", "250", "--date", "2026-09-20",
         "--invoice", "F3"),
        ("invoice", "add", "F4", "--customer", "C003", "--amount", "80", "--date", "2026-10-05"),
    ):  # fmt: skip
        code, _out, err = run(*args)
        assert code == 0, err
    return run


def _json(run, *args):
    code, out, err = run(*args, "--json")
    assert code == 0, err
    return json.loads(out)


def _stored(db_path, month: str) -> dict[str, tuple[int, ...]]:
    """The snapshot rows of a month straight from the table: code → amounts in hundredths."""
    con = sqlite3.connect(db_path)
    try:
        rows = con.execute(
            "SELECT c.code, s.not_due, s.d1_30, s.d31_60, s.d61_90, s.over_90, s.unapplied"
            " FROM credit_aging_snapshots s JOIN customers c ON c.id = s.customer_id"
            " WHERE s.month = ? ORDER BY c.code",
            (month,),
        ).fetchall()
    finally:
        con.close()
    return {code: tuple(amounts) for code, *amounts in rows}


def _count(db_path, table: str) -> int:
    con = sqlite3.connect(db_path)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 - fixed names
    finally:
        con.close()


def test_snapshot_stores_each_customers_buckets_and_rerunning_replaces(region, db_path):
    data = _json(region, "credit", "review", "--month", "2026-09")
    assert (data["month"], data["as_of"], data["customers"]) == ("2026-09", "2026-09-30", 3)
    assert data["totals"] == {
        "not_due": "100.00",
        "d1_30": "300.00",
        "d31_60": "0.00",
        **ZERO_BUCKETS,
        "unapplied": "50.00",
        "total": "350.00",
    }
    assert data["previous_month"] is None and data["change"] is None
    assert _stored(db_path, "2026-09") == {
        "C001": (10000, 0, 0, 0, 0, 0),
        "C002": (0, 30000, 0, 0, 0, 0),
        "C003": (0, 0, 0, 0, 0, 5000),
    }
    assert _stored(db_path, "2026-10") == {}

    _json(region, "credit", "review", "--month", "2026-10")
    assert _stored(db_path, "2026-10") == {
        "C001": (5000, 5000, 0, 0, 0, 0),
        "C002": (0, 0, 30000, 0, 0, 0),
        "C003": (3000, 0, 0, 0, 0, 0),
    }
    # a late payment of October recorded afterwards: re-running the month replaces its rows
    code, _out, err = region(
        "payment", "add", "P3", "--customer", "C002", "--amount", "50", "--date", "2026-10-25"
    )
    assert code == 0, err
    again = _json(region, "credit", "review", "--month", "2026-10")
    assert again["totals"]["d31_60"] == "250.00" and again["totals"]["total"] == "380.00"
    assert _stored(db_path, "2026-10")["C002"] == (0, 0, 25000, 0, 0, 0)
    assert _count(db_path, "credit_aging_snapshots") == 6  # 3 for September, 3 for October
    assert _stored(db_path, "2026-09")["C002"] == (0, 30000, 0, 0, 0, 0)  # September untouched


def test_customers_with_nothing_open_are_not_stored(region, db_path):
    code, _out, err = region(
        "payment", "add", "P9", "--customer", "C002", "--amount", "300", "--date", "2026-09-30"
    )
    assert code == 0, err
    data = _json(region, "credit", "review", "--month", "2026-09")
    assert data["customers"] == 2
    assert set(_stored(db_path, "2026-09")) == {"C001", "C003"}


def test_review_shows_the_change_dso_and_cei(region):
    september = _json(region, "credit", "review", "--month", "2026-09")
    assert (september["opening"], september["sales"], september["closing"]) == ("500.00", "100.00", "350.00")
    assert (september["closing_current"], september["cei_pct"], september["dso_days"]) == (
        "100.00",
        "50.0",
        "66.2",
    )

    october = _json(region, "credit", "review")  # --month defaults to the previous month: 2026-10
    assert (october["month"], october["previous_month"]) == ("2026-10", "2026-09")
    assert october["totals"] == {
        "not_due": "80.00",
        "d1_30": "50.00",
        "d31_60": "300.00",
        **ZERO_BUCKETS,
        "unapplied": "0.00",
        "total": "430.00",
    }
    assert october["change"] == {
        "not_due": "-20.00",
        "d1_30": "-250.00",
        "d31_60": "300.00",
        **ZERO_BUCKETS,
        "unapplied": "-50.00",
        "total": "80.00",
    }
    assert (october["opening"], october["sales"], october["closing"], october["closing_current"]) == (
        "350.00",
        "110.00",
        "430.00",
        "80.00",
    )
    assert (october["cei_pct"], october["dso_days"]) == ("7.9", "94.1")

    code, out, err = region("credit", "review", "--month", "2026-10")
    assert code == 0, err
    for text in ("Aging at the end of 2026-10", "2026-09", "€430.00", "€80.00", "94.1 days", "7.9 %"):
        assert text in out


def test_figures_come_from_the_documents_not_the_snapshots(region, engine):
    """DSO and CEI of a month never reviewed (nothing stored) are the same as after reviewing it."""
    from salesdesk.core.db import read_session
    from salesdesk.credit import review

    with read_session(engine) as s:
        figures = review.month_figures(session=s, month="2026-10")
        assert review.trend(session=s) == []
    assert (str(figures.cei_pct), str(figures.dso_days), str(figures.opening)) == ("7.9", "94.1", "350.00")


def test_trend_totals_per_month_oldest_first(region, monkeypatch):
    for month in ("2026-10", "2026-08", "2026-09"):
        assert region("credit", "review", "--month", month)[0] == 0
    rows = _json(region, "credit", "trend")
    assert [(r["month"], r["customers"], r["total"], r["change"]) for r in rows] == [
        ("2026-08", 2, "500.00", None),
        ("2026-09", 3, "350.00", "-150.00"),
        ("2026-10", 3, "430.00", "80.00"),
    ]
    assert rows[1]["unapplied"] == "50.00" and rows[2]["d31_60"] == "300.00"
    latest = _json(region, "credit", "trend", "--months", "2")
    assert [r["month"] for r in latest] == ["2026-09", "2026-10"]
    c003 = _json(region, "credit", "trend", "--customer", "C003")
    assert [(r["month"], r["customers"], r["not_due"], r["unapplied"], r["total"]) for r in c003] == [
        ("2026-08", 1, "200.00", "0.00", "200.00"),
        ("2026-09", 1, "0.00", "50.00", "-50.00"),
        ("2026-10", 1, "30.00", "0.00", "30.00"),
    ]
    c001 = _json(region, "credit", "trend", "--customer", "C001")  # nothing open at the end of August
    assert [(r["month"], r["customers"], r["total"]) for r in c001][0] == ("2026-08", 0, "0.00")
    monkeypatch.setenv("COLUMNS", "160")  # a terminal's width: nine columns do not fit in 80
    code, out, err = region("credit", "trend")
    assert code == 0, err
    assert "Month-end receivables" in out and "2026-08" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--month", "2026-12"), "--month '2026-12': is after the current month (2026-11)"),
        (("--month", "2026-13"), "--month '2026-13': must be a month as YYYY-MM"),
        (("--month", "10/2026"), "--month '10/2026': must be a month as YYYY-MM"),
        (("--month", "2026-1"), "--month '2026-1': must be a month as YYYY-MM"),
        (("--month", "Oct"), "--month 'Oct': must be a month as YYYY-MM"),
        (("--month", "2026-12", "--customer", "C001", "--note", "x"), "--month '2026-12': is after"),
        (("--month", "2026-10", "--customer", "NOPE", "--note", "x"), "customer 'NOPE': no customer"),
        (("--month", "2026-10", "--customer", "C001", "--note", " "), "--note ' ': must not be empty"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(region, db_path, args, message):
    code, out, err = region("credit", "review", *args)
    assert code == 1, (out, err)
    assert message in err and "Traceback" not in err
    assert _count(db_path, "credit_aging_snapshots") == 0
    assert _count(db_path, "credit_review_notes") == 0


def test_usage_errors(region, db_path):
    code, _out, err = region("credit", "review", "--customer", "C001")
    assert code == 2 and "--customer needs --note" in err
    code, _out, err = region("credit", "review", "--note", "call them")
    assert code == 2 and "--note needs --customer" in err
    code, _out, err = region("credit", "trend", "--months", "0")
    assert code == 2 and "--months" in err  # out of the option's range: a usage error
    code, _out, err = region("credit", "trend", "--customer", "NOPE")
    assert code == 1 and "customer 'NOPE'" in err
    code, _out, err = region("credit", "notes", "--month", "2026/10")
    assert code == 1 and "--month '2026/10'" in err
    assert _count(db_path, "credit_review_notes") == 0


def test_current_month_is_allowed(region, db_path):
    data = _json(region, "credit", "review", "--month", "2026-11")
    assert data["as_of"] == "2026-11-28"  # the month is not over: as of today, never a day ahead
    assert _count(db_path, "credit_aging_snapshots") == data["customers"] == 3


def test_notes_add_and_list_newest_first(region, db_path):
    code, out, err = region(
        "credit", "review", "--month", "2026-10", "--customer", "C001", "--note", "Call accounts"
    )
    assert code == 0, err
    assert "Review note added to C001 for 2026-10." in out
    assert _count(db_path, "credit_aging_snapshots") == 0  # a note takes no snapshot
    second = _json(region, "credit", "review", "--customer", "C003", "--note", "Credit in their favour")
    assert (second["month"], second["code"], second["name"], second["text"]) == (
        "2026-10",
        "C003",
        "Cafetería Ávila",
        "Credit in their favour",
    )
    assert second["written_at"].startswith("2026-11-28T")
    _json(
        region,
        "credit",
        "review",
        "--month",
        "2026-09",
        "--customer",
        "C001",
        "--note",
        "  Promised by 10-05 ",
    )
    every = _json(region, "credit", "notes")
    assert [(n["code"], n["month"], n["text"]) for n in every] == [
        ("C001", "2026-09", "Promised by 10-05"),
        ("C003", "2026-10", "Credit in their favour"),
        ("C001", "2026-10", "Call accounts"),
    ]
    assert [n["text"] for n in _json(region, "credit", "notes", "--customer", "C001")] == [
        "Promised by 10-05",
        "Call accounts",
    ]
    assert [n["code"] for n in _json(region, "credit", "notes", "--month", "2026-10")] == ["C003", "C001"]
    assert _json(region, "credit", "notes", "--customer", "C002") == []
    code, out, err = region("credit", "notes", "--customer", "C001")
    assert code == 0, err
    assert "Call accounts" in out and "Review notes" in out
