"""The expenses room's import kinds through ``salesdesk import``: budgets, expenses (the same budget check
as ``expense add``, a whole file refused), discount requests (the policy's levels and the discount
budget), and status changes on re-import following the room's status tables."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

BUDGETS = "year,month,category,salesperson,amount"
EXPENSES = "number,date,salesperson,category,amount,status,override_reason"
DISCOUNTS = "number,date,customer,gross,discount_pct,status,level,override_reason"


@pytest.fixture
def run(cli, db_path, seeded):
    def invoke(*args: str) -> tuple[int, str, str]:
        return cli("--db", str(db_path), *args)

    return invoke


def _write(path, *lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _import(run, kind, path):
    code, out, err = run("import", kind, str(path), "--json")
    assert "Traceback" not in err
    return code, json.loads(out), err


def _counts(data) -> tuple[int, int, int, int]:
    (k,) = data["kinds"]
    return k["created"], k["updated"], k["unchanged"], k["rejected"]


def _scalar(engine, sql: str):
    with engine.connect() as conn:
        return conn.execute(text(sql)).scalar()


def _rows(engine, sql: str) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql)).all()]


def _json(run, *args):
    code, out, err = run(*args, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def travel_220(run, tmp_path):
    """Team travel 2026: January 100.00, February 120.00 (a year of 220.00; stop annual, warn monthly)."""
    path = _write(tmp_path / "budgets.csv", BUDGETS, "2026,1,travel,,100.00", "2026,2,travel,,120.00")
    code, data, err = _import(run, "budgets", path)
    assert code == 0, (data, err)
    return path


# --------------------------------------------------------------------------- budgets


def test_budgets_file_team_and_salesperson_rows_then_reimport_unchanged(run, seeded, tmp_path):
    lines = [f"2026,{m},travel,,100.00" for m in range(1, 13)] + [
        f"2026,{m},travel,V01,50.00" for m in range(1, 13)
    ]
    path = _write(tmp_path / "presupuestos.csv", BUDGETS, *lines)
    code, data, err = _import(run, "budgets", path)
    assert code == 0, (data, err)
    assert _counts(data) == (24, 0, 0, 0)
    team = _json(run, "budget", "status", "--month", "2026-11")[0]
    assert (team["category"], team["budget_ytd"], team["budget_year"]) == ("travel", "1100.00", "1200.00")
    own = _json(run, "budget", "status", "--month", "2026-11", "--salesperson", "V01")[0]
    assert (own["budget_month"], own["budget_year"]) == ("50.00", "600.00")
    code, data, err = _import(run, "budgets", path)
    assert code == 0 and _counts(data) == (0, 0, 24, 0)
    lines[1] = "2026,2,travel,,120.00"
    code, data, err = _import(run, "budgets", _write(path, BUDGETS, *lines))
    assert code == 0 and _counts(data) == (0, 1, 23, 0)
    assert _rows(seeded, "SELECT old, new FROM change_log WHERE entity = 'budget'") == [("100.00", "120.00")]
    assert _json(run, "budget", "status", "--month", "2026-11")[0]["budget_year"] == "1220.00"


def test_a_budget_cell_has_one_history_whatever_changed_it(run, seeded, tmp_path):
    assert (
        run("budget", "set", "--year", "2026", "--category", "travel", "--amount", "100", "--month", "2")[0]
        == 0
    )
    code, data, err = _import(
        run, "budgets", _write(tmp_path / "budgets.csv", BUDGETS, "2026,2,travel,,120.00")
    )
    assert code == 0, (data, err)
    records = _rows(
        seeded, "SELECT DISTINCT record FROM change_log WHERE entity = 'budget' AND new = '120.00'"
    )
    assert records == [("2026/2/travel/",)]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("2026,1,travel,,-100.00", "column 'amount': must not be negative (value '-100.00')"),
        ("2026,13,travel,,100.00", "column 'month': must be between 1 and 12 (value '13')"),
        ("2026,1,nope,,100.00", "column 'category': no expense category has this code (value 'nope')"),
        ("2026,1,travel,V99,100.00", "column 'salesperson': no salesperson has this code (value 'V99')"),
    ],
)
def test_a_bad_budget_row_fails_the_file(run, seeded, tmp_path, line, message):
    path = _write(tmp_path / "budgets.csv", BUDGETS, "2026,2,travel,,100.00", line)
    code, data, _err = _import(run, "budgets", path)
    assert code == 1
    assert data["errors"] == [f"{path}:3: {message}"]
    assert _scalar(seeded, "SELECT count(*) FROM expense_budgets") == 0


def test_a_duplicate_budget_cell_fails_the_file(run, seeded, tmp_path):
    path = _write(tmp_path / "budgets.csv", BUDGETS, "2026,1,meals,,100.00", "2026,1,meals,,90.00")
    code, data, _err = _import(run, "budgets", path)
    assert code == 1 and "appears more than once in this file" in data["errors"][0]
    assert _scalar(seeded, "SELECT count(*) FROM expense_budgets") == 0


# --------------------------------------------------------------------------- expenses and the budget check


def test_expenses_exactly_at_the_budget_are_imported(run, seeded, tmp_path, travel_220):
    path = _write(
        tmp_path / "gastos.csv",
        EXPENSES,
        "X1,2026-01-10,V02,travel,150.00,submitted,",
        "X2,2026-02-10,V02,travel,70.00,approved,",
    )
    code, data, err = _import(run, "expenses", path)
    assert code == 0, (data, err)
    assert _counts(data) == (2, 0, 0, 0)
    rows = {r["number"]: r for r in _json(run, "expense", "list")}
    assert (rows["X1"]["amount"], rows["X2"]["status"]) == ("150.00", "approved")
    assert _json(run, "budget", "status", "--month", "2026-02")[0]["actual_ytd"] == "220.00"
    code, data, err = _import(run, "expenses", path)  # re-import: the file's own rows are not counted twice
    assert code == 0 and _counts(data) == (0, 0, 2, 0), (data, err)


def test_a_file_whose_row_breaks_a_stop_budget_is_refused_whole(run, seeded, tmp_path, travel_220):
    path = _write(
        tmp_path / "gastos.csv",
        EXPENSES,
        "X1,2026-01-10,V02,travel,150.00,submitted,",
        "X2,2026-02-10,V02,travel,70.01,submitted,",
        "X3,2026-02-11,V01,meals,10.00,submitted,",
    )
    code, data, err = _import(run, "expenses", path)
    assert code == 1
    assert data["committed"] is False
    assert data["errors"] == [
        f"{path}: column 'number': 70.01 exceeds the annual Travel budget: budget 220.00, spent 150.00, "
        "remaining 70.00 (an override_reason column lets it through) (value 'X2')"
    ]
    assert "Nothing was imported" in err
    assert _scalar(seeded, "SELECT count(*) FROM expenses") == 0
    assert _scalar(seeded, "SELECT count(*) FROM change_log WHERE entity = 'expense'") == 0


def test_the_file_is_walked_in_date_order(run, seeded, tmp_path, travel_220):
    # listed out of order: the February row (70.01) comes first in the file but after January's 150.00
    path = _write(
        tmp_path / "gastos.csv",
        EXPENSES,
        "X2,2026-02-10,V02,travel,70.01,submitted,",
        "X1,2026-01-10,V02,travel,150.00,submitted,",
    )
    code, data, _err = _import(run, "expenses", path)
    assert code == 1
    assert len(data["errors"]) == 1 and "(value 'X2')" in data["errors"][0]


def test_skip_invalid_does_not_let_a_stopped_row_through(run, seeded, tmp_path, travel_220):
    path = _write(
        tmp_path / "gastos.csv",
        EXPENSES,
        "X1,2026-01-10,V02,travel,150.00,submitted,",
        "X2,2026-02-10,V02,travel,70.01,submitted,",
    )
    code, out, err = run("import", "expenses", str(path), "--skip-invalid", "--json")
    assert "Traceback" not in err
    assert json.loads(out)["error_count"] == 1
    assert ("X2",) not in _rows(seeded, "SELECT number FROM expenses")


def test_a_folder_checks_its_expenses_against_its_own_budgets(run, seeded, tmp_path):
    folder = tmp_path / "datos"
    folder.mkdir()
    _write(folder / "presupuestos.csv", BUDGETS, "2026,1,meals,,10.00")
    _write(folder / "gastos.csv", EXPENSES, "Y1,2026-01-10,V02,meals,10.01,submitted,")
    code, out, _err = run("import", str(folder), "--json")
    assert code == 1
    data = json.loads(out)
    assert [k["kind"] for k in data["kinds"]] == ["budgets", "expenses"]
    assert (
        "10.01 exceeds the annual Meals & entertainment budget: budget 10.00, spent 0.00" in data["errors"][0]
    )
    assert _scalar(seeded, "SELECT count(*) FROM expense_budgets") == 0  # the folder is one import
    _write(folder / "gastos.csv", EXPENSES, "Y1,2026-01-10,V02,meals,10.00,submitted,")
    code, out, err = run("import", str(folder), "--json")
    assert code == 0, (out, err)
    assert _scalar(seeded, "SELECT count(*) FROM expenses") == 1


def test_spending_before_the_file_counts(run, seeded, tmp_path, travel_220):
    code, _out, err = run(
        "expense",
        "add",
        "--salesperson",
        "V01",
        "--category",
        "travel",
        "--amount",
        "150",
        "--date",
        "2026-01-05",
    )
    assert code == 0, err
    path = _write(tmp_path / "gastos.csv", EXPENSES, "X2,2026-02-10,V02,travel,70.01,submitted,")
    code, data, _err = _import(run, "expenses", path)
    assert code == 1 and "spent 150.00, remaining 70.00" in data["errors"][0]
    assert _scalar(seeded, "SELECT count(*) FROM expenses") == 1


def test_a_salespersons_own_budget_is_checked_too(run, seeded, tmp_path):
    _import(run, "budgets", _write(tmp_path / "budgets.csv", BUDGETS, "2026,1,samples,V01,40.00"))
    path = _write(tmp_path / "gastos.csv", EXPENSES, "X1,2026-01-10,V01,samples,40.01,submitted,")
    code, data, _err = _import(run, "expenses", path)
    assert code == 1
    assert (
        "40.01 exceeds V01's annual Samples budget: budget 40.00, spent 0.00, remaining 40.00"
        in data["errors"][0]
    )
    other = _write(tmp_path / "gastos.csv", EXPENSES, "X1,2026-01-10,V02,samples,40.01,submitted,")
    code, data, err = _import(run, "expenses", other)  # V02 has no budget there, nor the team
    assert code == 0, (data, err)


def test_rejected_rows_do_not_spend(run, seeded, tmp_path, travel_220):
    path = _write(
        tmp_path / "gastos.csv",
        EXPENSES,
        "X1,2026-01-10,V02,travel,150.00,rejected,",
        "X2,2026-02-10,V02,travel,220.00,submitted,",
    )
    code, data, err = _import(run, "expenses", path)
    assert code == 0, (data, err)
    assert _json(run, "budget", "status", "--month", "2026-02")[0]["actual_ytd"] == "220.00"


def test_override_reason_lets_the_breaking_row_through_and_is_recorded(run, seeded, tmp_path, travel_220):
    path = _write(
        tmp_path / "gastos.csv",
        EXPENSES,
        "X1,2026-01-10,V02,travel,150.00,submitted,",
        "X2,2026-02-10,V02,travel,70.01,submitted,Bilbao trade fair",
    )
    code, data, err = _import(run, "expenses", path)
    assert code == 0, (data, err)
    assert _counts(data) == (2, 0, 0, 0)
    assert _rows(
        seeded,
        "SELECT record, old, new FROM change_log WHERE entity = 'expense' AND field = 'budget_override'",
    ) == [("X2", None, "Bilbao trade fair")]
    note = _scalar(seeded, "SELECT note FROM change_log WHERE field = 'budget_override'")
    assert note == "70.01 exceeds the annual Travel budget: budget 220.00, spent 150.00, remaining 70.00"
    x2 = _json(run, "expense", "show", "X2")
    assert x2["override_reason"] == "Bilbao trade fair"


def test_reimporting_an_overridden_row_unchanged_records_the_override_once(run, seeded, tmp_path, travel_220):
    path = _write(
        tmp_path / "gastos.csv",
        EXPENSES,
        "X1,2026-01-10,V02,travel,150.00,submitted,",
        "X2,2026-02-10,V02,travel,70.01,submitted,Bilbao trade fair",
    )
    assert _import(run, "expenses", path)[0] == 0
    code, data, _err = _import(run, "expenses", path)
    assert code == 0 and _counts(data) == (0, 0, 2, 0)
    assert _scalar(seeded, "SELECT count(*) FROM change_log WHERE field = 'budget_override'") == 1


def test_a_discounts_category_expense_row_is_refused(run, seeded, tmp_path):
    path = _write(tmp_path / "gastos.csv", EXPENSES, "X1,2026-01-10,V01,discounts,15.00,submitted,")
    code, data, _err = _import(run, "expenses", path)
    assert code == 1
    assert data["errors"] == [
        f"{path}:2: column 'category': holds the discount budget; approved discounts spend it, not expenses "
        "(value 'discounts')"
    ]
    assert _scalar(seeded, "SELECT count(*) FROM expenses") == 0


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("X1,2026-01-10,V01,travel,0,submitted,", "column 'amount': must be more than zero"),
        ("X1,2026-01-10,V01,travel,-5.00,submitted,", "column 'amount': must not be negative"),
        ("X1,2026-01-10,V01,meals,5.00,paid,", "column 'status': must be one of: submitted, approved"),
        ("X1,2026-01-10,V99,meals,5.00,submitted,", "column 'salesperson': no salesperson has this code"),
        ("X1,2026-02-30,V01,meals,5.00,submitted,", "column 'date'"),
    ],
)
def test_bad_expense_rows(run, seeded, tmp_path, line, message):
    path = _write(tmp_path / "gastos.csv", EXPENSES, line)
    code, data, _err = _import(run, "expenses", path)
    assert code == 1
    assert len(data["errors"]) == 1 and message in data["errors"][0]
    assert _scalar(seeded, "SELECT count(*) FROM expenses") == 0


# --------------------------------------------------------------------------- discount requests


def test_a_discount_granted_below_the_level_the_policy_needs_is_refused(run, seeded, tmp_path):
    path = _write(
        tmp_path / "descuentos.csv",
        DISCOUNTS,
        "R1,2026-03-01,C001,1000.00,10,approved,salesperson,",
        "R2,2026-03-02,C001,1000.00,20,approved,manager,",
        "R3,2026-03-03,C001,1000.00,5,approved,salesperson,",
    )
    code, data, _err = _import(run, "discount_requests", path)
    assert code == 1
    assert sorted(data["errors"]) == [
        f"{path}: column 'level': a manager cannot grant 20.00 %; it needs the director (value 'R2')",
        f"{path}: column 'level': a salesperson cannot grant 10.00 %; it needs the manager (value 'R1')",
    ]
    assert _scalar(seeded, "SELECT count(*) FROM discount_requests") == 0


def test_discount_levels_blank_are_filled_and_a_higher_level_is_accepted(run, seeded, tmp_path):
    path = _write(
        tmp_path / "descuentos.csv",
        DISCOUNTS,
        "R1,2026-03-01,C001,1000.00,5,approved,,",
        "R2,2026-03-02,C001,1000.00,15,approved,,",
        "R3,2026-03-03,C001,1000.00,15.01,approved,,",
        "R4,2026-03-04,C001,1000.00,3,approved,director,",
        "R5,2026-03-05,C002,1000.00,8,pending,,",
    )
    code, data, err = _import(run, "discount_requests", path)
    assert code == 0, (data, err)
    rows = {r["number"]: r for r in _json(run, "discount", "list")}
    assert {n: (r["status"], r["level"], r["salesperson"]) for n, r in rows.items()} == {
        "R1": ("approved", "salesperson", "V01"),
        "R2": ("approved", "manager", "V01"),
        "R3": ("approved", "director", "V01"),
        "R4": ("approved", "director", "V01"),
        "R5": ("pending", None, "V02"),  # the customer's salesperson
    }


def test_discount_request_rows_get_the_same_checks_as_the_command(run, seeded, tmp_path):
    path = _write(
        tmp_path / "descuentos.csv",
        "number,date,customer,gross,discount_pct,product,order,status,level",
        "R1,2026-03-01,C001,1000.00,10.01,P01,,pending,",
        "R2,2026-03-01,C002,1000.00,3,,O1,pending,",
        "R3,2026-03-01,C001,1000.00,5,,,pending,manager",
    )
    code, data, _err = _import(run, "discount_requests", path)
    assert code == 1
    errors = "\n".join(data["errors"])
    assert f"{path}:2: column 'discount_pct': is above the maximum discount of product P01" in errors
    assert f"{path}:3: column 'order': belongs to another customer (value 'O1')" in errors
    assert "only an approved request has a level" in errors
    assert _scalar(seeded, "SELECT count(*) FROM discount_requests") == 0


def test_approved_discounts_spend_the_discount_budget(run, seeded, tmp_path):
    _import(run, "budgets", _write(tmp_path / "budgets.csv", BUDGETS, "2026,1,discounts,,100.00"))
    path = _write(
        tmp_path / "descuentos.csv",
        DISCOUNTS,
        "R1,2026-01-03,C001,1000.00,6,approved,,",  # 60.00
        "R2,2026-01-04,C001,1000.00,4,approved,,",  # 40.00: the year exactly
        "R3,2026-01-05,C001,1000.00,9,pending,,",  # pending: spends nothing
    )
    code, data, err = _import(run, "discount_requests", path)
    assert code == 0, (data, err)
    disc = {r["category"]: r for r in _json(run, "budget", "status", "--month", "2026-01")}["discounts"]
    assert (disc["actual_ytd"], disc["used_pct"], disc["status"]) == ("100.00", "100.0", "warning")
    more = _write(tmp_path / "more.csv", DISCOUNTS, "R4,2026-01-06,C001,1.00,1,approved,,")  # 0.01 more
    code, data, _err = _import(run, "discount_requests", more)
    assert code == 1
    assert len(data["errors"]) == 1
    assert "exceeds the annual Discounts budget" in data["errors"][0] and "(value 'R4')" in data["errors"][0]
    assert _scalar(seeded, "SELECT count(*) FROM discount_requests") == 3
    more = _write(tmp_path / "more.csv", DISCOUNTS, "R4,2026-01-06,C001,1.00,1,approved,,key account")
    code, data, err = _import(run, "discount_requests", more)
    assert code == 0, (data, err)
    assert _rows(
        seeded, "SELECT record, new FROM change_log WHERE entity = 'discount' AND field = 'budget_override'"
    ) == [("R4", "key account")]


def test_a_discount_budget_refusal_in_an_import_shows_money_to_the_cent(run, seeded, tmp_path):
    _import(run, "budgets", _write(tmp_path / "budgets.csv", BUDGETS, "2026,1,discounts,,1.00"))
    path = _write(tmp_path / "descuentos.csv", DISCOUNTS, "R1,2026-01-03,C001,1000.00,2,approved,,")
    code, data, _err = _import(run, "discount_requests", path)
    assert code == 1
    assert (
        "20.00 exceeds the annual Discounts budget: budget 1.00, spent 0.00, remaining 1.00 "
        in data["errors"][0]
    )


# --------------------------------------------------------------------------- status changes on re-import


def test_expense_status_changes_on_reimport_follow_the_table(run, seeded, tmp_path):
    path = tmp_path / "gastos.csv"

    def again(status):
        return _import(run, "expenses", _write(path, EXPENSES, f"X1,2026-01-10,V01,meals,10.00,{status},"))

    assert again("submitted")[0] == 0
    code, data, err = again("approved")
    assert code == 0 and _counts(data) == (0, 1, 0, 0), (data, err)
    code, data, _err = again("submitted")
    assert code == 1
    assert data["errors"] == [
        f"{path}:2: column 'status': cannot change from approved to submitted (value 'submitted')"
    ]
    assert again("reimbursed")[0] == 0
    code, data, _err = again("rejected")
    assert code == 1 and "cannot change from reimbursed to rejected" in data["errors"][0]
    assert _json(run, "expense", "show", "X1")["status"] == "reimbursed"
    assert _rows(
        seeded, "SELECT old, new FROM change_log WHERE entity = 'expense' AND field = 'status' ORDER BY id"
    ) == [
        ("submitted", "approved"),
        ("approved", "reimbursed"),
    ]


def test_submitted_straight_to_reimbursed_on_reimport_is_refused(run, seeded, tmp_path):
    path = tmp_path / "gastos.csv"
    assert (
        _import(run, "expenses", _write(path, EXPENSES, "X1,2026-01-10,V01,meals,10.00,submitted,"))[0] == 0
    )
    code, data, _err = _import(
        run, "expenses", _write(path, EXPENSES, "X1,2026-01-10,V01,meals,10.00,reimbursed,")
    )
    assert code == 1 and "cannot change from submitted to reimbursed" in data["errors"][0]


def test_discount_status_changes_on_reimport_follow_the_table(run, seeded, tmp_path):
    path = tmp_path / "descuentos.csv"

    def again(status, level=""):
        return _import(
            run,
            "discount_requests",
            _write(path, DISCOUNTS, f"R1,2026-03-01,C001,1000.00,10,{status},{level},"),
        )

    assert again("pending")[0] == 0
    assert again("escalated")[0] == 0
    code, data, _err = again("pending")
    assert code == 1 and "cannot change from escalated to pending" in data["errors"][0]
    code, data, err = again("approved", "director")
    assert code == 0, (data, err)
    code, data, _err = again("rejected", "")
    assert code == 1 and "cannot change from approved to rejected" in data["errors"][0]
    assert _json(run, "discount", "list")[0]["status"] == "approved"
