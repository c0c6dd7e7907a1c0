"""What an audit of the room found, pinned: a budget removed (not zero), one team budget per cell, a
category out of use and a salesperson who left, an exported expense file that re-imports after a budget
was lowered, an import that approves, one warning line, the total that adds up and keeps the alert %,
numbers of the program's own series."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from tests.expenses.test_cli import add, data_error, set_budget
from tests.expenses.test_imports import EXPENSES, _import, _write


@pytest.fixture
def run(cli, db_path, seeded):
    def invoke(*args: str) -> tuple[int, str, str]:
        return cli("--db", str(db_path), *args)

    return invoke


def _status(run, *args) -> dict:
    code, out, err = run("budget", "status", "--month", "2026-11", "--json", *args)
    assert code == 0, err
    return {r["category"]: r for r in json.loads(out)}


def test_a_removed_budget_limits_nothing_where_a_zero_one_stops(run):
    set_budget(run, "samples", "0")  # a budget of zero: the annual stop refuses any expense
    data_error(add(run, "10", cat="samples"), "--amount '10.00'", "annual Samples budget")
    code, out, err = run("budget", "remove", "--year", "2026", "--category", "samples")
    assert (code, out) == (0, "12 budget months removed.\n"), err
    assert add(run, "10", cat="samples")[0] == 0
    row = _status(run)["samples"]
    assert (row["budget_year"], row["remaining_year"], row["actual_ytd"], row["status"]) == (
        None,
        None,
        "10.00",
        "no_budget",
    )
    data_error(
        run("budget", "remove", "--year", "2026", "--category", "samples"),
        "--category 'samples'",
        "no such budget",
    )


def test_the_team_has_one_budget_per_cell(seeded):
    with seeded.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO expense_budgets (year, month, category_id, salesperson_id, amount)"
                " VALUES (2026, 1, 1, NULL, 100)"
            )
        )
    with pytest.raises(IntegrityError), seeded.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO expense_budgets (year, month, category_id, salesperson_id, amount)"
                " VALUES (2026, 1, 1, NULL, 200)"
            )
        )


def test_a_category_out_of_use_takes_no_new_expense_from_an_import_either(run, tmp_path):
    assert run("expense", "category", "edit", "training", "--active", "no")[0] == 0
    data_error(add(run, "10", cat="training"), "--category 'training'", "no longer in use")
    path = _write(tmp_path / "gastos.csv", EXPENSES, "X1,2026-03-10,V01,training,10.00,submitted,")
    code, data, _err = _import(run, "expenses", path)
    assert code == 1 and "no longer in use" in data["errors"][0]


def test_an_import_cannot_take_the_discounts_category_out_of_use(run, tmp_path):
    path = _write(tmp_path / "categorias.csv", "code,name,active", "discounts,Discounts,no")
    code, data, _err = _import(run, "expense_categories", path)
    assert code == 1 and "holds the discount budget" in data["errors"][0]


def test_a_salesperson_who_left_gets_no_new_budget_or_discount_request(run):
    assert run("salesperson", "add", "V09", "--name", "Gone", "--status", "left")[0] == 0
    data_error(
        run(
            "budget",
            "set",
            "--year",
            "2026",
            "--category",
            "travel",
            "--amount",
            "100",
            "--salesperson",
            "V09",
        ),
        "--salesperson 'V09'",
        "has left",
    )
    data_error(
        run(
            "discount",
            "request",
            "--customer",
            "C001",
            "--gross",
            "100",
            "--pct",
            "3",
            "--salesperson",
            "V09",
        ),
        "--salesperson 'V09'",
        "has left",
    )
    assert add(run, "10", sp="V09")[0] == 0  # a late expense claim still comes in


def test_an_exported_expense_file_reimports_after_its_budget_was_lowered(run, tmp_path):
    set_budget(run, "travel", "1200")
    assert add(run, "90", day="2026-03-10")[0] == 0
    assert add(run, "90", day="2026-04-10")[0] == 0
    set_budget(run, "travel", "100")  # now below what was spent
    out = tmp_path / "gastos.csv"
    assert run("export", "expenses", str(out))[0] == 0
    code, data, err = _import(run, "expenses", out)
    assert code == 0, (data, err)
    # approving by import is a status change, not new spending: not judged by the budget again
    text_ = out.read_text(encoding="utf-8-sig").replace(",submitted,", ",approved,")
    out.write_text(text_, encoding="utf-8")
    code, data, err = _import(run, "expenses", out)
    assert code == 0, (data, err)
    assert data["kinds"][0]["updated"] == 2


def test_warnings_of_one_expense_are_one_line(run):
    set_budget(run, "travel", "1200", "--annual-action", "warn")
    code, _out, err = add(run, "1300", day="2026-01-10")  # over the year and over January
    assert code == 0
    assert len(err.splitlines()) == 1 and err.count("exceeds") == 2


def test_the_total_row_adds_up_and_keeps_the_alert_setting(run):
    set_budget(run, "travel", "1000")
    set_budget(run, "meals", "1000")
    assert add(run, "880", day="2026-06-10")[0] == 0  # travel 96 % of its 916.67 to date
    assert add(run, "100", cat="meals", day="2026-06-10")[0] == 0
    assert run("config", "rule", "expenses.alert_pct", "97")[0] == 0
    code, out, err = run("budget", "status", "--month", "2026-11")
    assert code == 0, err
    total = next(line for line in out.splitlines() if "Total" in line)
    assert "53.5" in total and "ok" in total  # 980.00 of 1,833.34 to date: below the 97 % alert
    rows = _status(run)
    assert rows["travel"]["status"] == "ok"  # 96.0 % < 97 %


def test_new_numbers_follow_the_programs_own_series(run, tmp_path):
    path = _write(tmp_path / "gastos.csv", EXPENSES, "ERP/2026/77,2026-03-10,V01,meals,10.00,submitted,")
    assert _import(run, "expenses", path)[0] == 0
    code, out, err = add(run, "5", cat="meals")
    assert code == 0 and "E000001" in out, err


def test_an_import_over_a_warn_budget_says_so_and_stamps_overrides_with_the_import_time(
    run, seeded, tmp_path
):
    set_budget(run, "travel", "1200")  # 100.00 a month; the accumulated monthly budget warns
    path = _write(
        tmp_path / "gastos.csv",
        EXPENSES,
        "X1,2026-01-10,V01,travel,150.00,submitted,",  # over January's 100.00: warn
        "X2,2026-02-10,V01,travel,1100.00,submitted,fair stand",  # over the year: stopped, overridden
    )
    code, data, err = _import(run, "expenses", path)
    assert code == 0, (data, err)
    (warning,) = data["kinds"][0]["warnings"]
    assert warning.startswith("over a warn budget: X1: 150.00 exceeds the Travel budget accumulated")
    assert "(and 1 more)" in warning  # X2 is over February's accumulated budget too
    with seeded.connect() as conn:
        when = conn.execute(
            text("SELECT changed_at FROM change_log WHERE field = 'budget_override'")
        ).scalar()
    assert str(when).startswith("2026-11-28")  # the settings' today (SALESDESK_TODAY), as the CLI
