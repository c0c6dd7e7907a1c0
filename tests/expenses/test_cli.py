"""The expenses room's commands on the seeded region: success and failure paths, exit codes, stderr lines
and JSON shapes (today 2026-11-28; money in en_US with euros: ``€1,000.00``)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import text

STATUS_KEYS = [
    "category",
    "label",
    "budget_month",
    "actual_month",
    "budget_ytd",
    "actual_ytd",
    "budget_year",
    "remaining_year",
    "projection",
    "burn_rate",
    "used_pct",
    "status",
]
KNOWN = "travel, meals, samples, events, vehicle, training, other"


@pytest.fixture
def run(cli, db_path, seeded):
    def invoke(*args: str) -> tuple[int, str, str]:
        return cli("--db", str(db_path), *args)

    return invoke


def ok(result) -> str:
    code, out, err = result
    assert code == 0, err
    assert err == ""
    return out


def as_json(run, *args):
    code, out, err = run(*args, "--json")
    assert code == 0, err
    return json.loads(out)


def data_error(result, *parts: str) -> str:
    """Exit 1, one line on stderr (no traceback), containing every part."""
    code, out, err = result
    assert code == 1, (out, err)
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert "Traceback" not in err
    for part in parts:
        assert part in err
    return err


def usage_error(result, *parts: str) -> str:
    code, _out, err = result
    assert code == 2, err
    assert "Traceback" not in err
    for part in parts:
        assert part in err
    return err


def add(run, amount, *extra, sp="V01", cat="travel", day="2026-03-01"):
    return run(
        "expense", "add", "--salesperson", sp, "--category", cat, "--amount", amount, "--date", day, *extra
    )


def set_budget(run, cat, amount, *extra):
    return ok(run("budget", "set", "--year", "2026", "--category", cat, "--amount", amount, *extra))


# --------------------------------------------------------------------------- expense add: validation


def test_unknown_category_names_the_option_and_lists_the_known_codes(run):
    ok(add(run, "10"))  # travel is known
    err = data_error(add(run, "10", cat="nope"), "--category 'nope'", f"known: {KNOWN}")
    assert "discounts" not in err  # the discount budget is never an expense


def test_the_discounts_category_is_not_an_expense_category(run):
    data_error(add(run, "10", cat="discounts"), "--category 'discounts'", "holds the discount budget")


@pytest.mark.parametrize(
    ("amount", "parts"),
    [
        ("-10", ("--amount '-10'", "negative")),
        ("0", ("--amount", "more than zero")),
        ("abc", ("--amount 'abc'",)),
        ("10.001", ("--amount '10.001'", "two decimals")),
    ],
)
def test_bad_amounts_name_amount(run, amount, parts):
    data_error(add(run, amount), *parts)
    assert as_json(run, "expense", "list") == []


def test_bad_date_names_date(run):
    data_error(add(run, "10", day="2026-02-30"), "--date '2026-02-30'")


def test_unknown_salesperson_names_salesperson(run):
    data_error(add(run, "10", sp="V99"), "--salesperson 'V99'", "no salesperson has this code")


def test_inactive_category_is_refused(run):
    ok(run("expense", "category", "add", "parking", "Parking"))
    ok(run("expense", "category", "edit", "parking", "--active", "no"))
    data_error(add(run, "10", cat="parking"), "--category 'parking'", "no longer in use")
    rows = {c["code"]: c for c in as_json(run, "expense", "category", "list")}
    assert rows["parking"] == {
        "code": "parking",
        "name": "Parking",
        "active": False,
        "annual_action": "stop",
        "monthly_action": "warn",
    }


def test_missing_option_is_a_usage_error(run):
    usage_error(run("expense", "add", "--salesperson", "V01", "--category", "travel"), "--amount")


@pytest.mark.parametrize(
    "args",
    [
        ("expense", "list", "--month", "2026-13"),
        ("budget", "status", "--month", "26-11"),
        ("budget", "status", "--month", "2026-00"),
        ("discount", "list", "--month", "2026/11"),
    ],
)
def test_bad_month_names_month(run, args):
    data_error(run(*args), f"--month '{args[-1]}'", "YYYY-MM")


def test_bad_filters_name_the_option(run):
    data_error(run("expense", "list", "--status", "paid"), "--status 'paid'")
    data_error(run("expense", "list", "--salesperson", "V99"), "--salesperson 'V99'")
    data_error(run("expense", "list", "--category", "nope"), "--category 'nope'")
    data_error(run("discount", "list", "--status", "granted"), "--status 'granted'")
    data_error(run("budget", "status", "--salesperson", "V99"), "--salesperson 'V99'")


# --------------------------------------------------------------------------- budget set


def test_budget_set_json_phases_the_year_to_the_cent(run):
    data = as_json(run, "budget", "set", "--year", "2026", "--category", "travel", "--amount", "1000.00")
    assert data == {
        "year": 2026,
        "category": "travel",
        "salesperson": None,
        "months": ["83.34"] * 4 + ["83.33"] * 8,
        "annual": "1000.00",
        "annual_action": "stop",
        "monthly_action": "warn",
    }
    one = as_json(
        run, "budget", "set", "--year", "2026", "--category", "travel", "--amount", "200", "--month", "2"
    )
    assert one["months"][:3] == ["83.34", "200.00", "83.34"] and one["annual"] == "1116.66"
    own = as_json(
        run,
        "budget",
        "set",
        "--year",
        "2026",
        "--category",
        "meals",
        "--amount",
        "1200",
        "--salesperson",
        "V01",
        "--weights",
        "12,8,8,8,8,8,8,8,8,8,8,8",
    )
    assert (own["salesperson"], own["months"][:2], own["annual"]) == ("V01", ["144.00", "96.00"], "1200.00")


@pytest.mark.parametrize(
    ("extra", "parts"),
    [
        (("--annual-action", "halt"), ("--annual-action 'halt'", "stop, warn, ignore")),
        (("--monthly-action", "halt"), ("--monthly-action 'halt'",)),
        (("--month", "13"), ("--month '13'",)),
        (("--salesperson", "V99"), ("--salesperson 'V99'",)),
        (("--weights", "a,b"), ("--weights 'a,b'",)),
        (("--month", "3", "--weights", "1,1,1,1,1,1,1,1,1,1,1,1"), ("--weights",)),
    ],
)
def test_budget_set_refusals(run, seeded, extra, parts):
    data_error(
        run("budget", "set", "--year", "2026", "--category", "travel", "--amount", "1200", *extra), *parts
    )
    with seeded.connect() as conn:  # nothing set
        assert conn.execute(text("SELECT count(*) FROM expense_budgets")).scalar() == 0
        assert conn.execute(
            text("SELECT annual_action FROM expense_categories WHERE code = 'travel'")
        ).scalar() == ("stop")


def test_budget_set_bad_category_amount_and_year(run):
    data_error(
        run("budget", "set", "--year", "2026", "--category", "nope", "--amount", "1"), "--category 'nope'"
    )
    data_error(
        run("budget", "set", "--year", "2026", "--category", "travel", "--amount", "-5"), "--amount '-5'"
    )
    data_error(
        run("budget", "set", "--year", "1800", "--category", "travel", "--amount", "1"), "--year '1800'"
    )
    usage_error(run("budget", "set", "--year", "abc", "--category", "travel", "--amount", "1"), "--year")


def test_budget_set_weights_count_error_shows_the_value_given(run):
    data_error(
        run(
            "budget",
            "set",
            "--year",
            "2026",
            "--category",
            "travel",
            "--amount",
            "1200",
            "--weights",
            "1,2,3",
        ),
        "--weights '1,2,3'",
    )


def test_taking_the_discounts_category_out_of_use_names_the_option(run):
    data_error(run("expense", "category", "edit", "discounts", "--active", "no"), "--active 'no'")


def test_category_edit_actions(run):
    ok(run("expense", "category", "edit", "travel", "--annual-action", "warn", "--monthly-action", "ignore"))
    travel = as_json(run, "expense", "category", "list")[0]
    assert (travel["code"], travel["annual_action"], travel["monthly_action"]) == ("travel", "warn", "ignore")
    data_error(
        run("expense", "category", "edit", "travel", "--annual-action", "halt"), "--annual-action 'halt'"
    )
    data_error(run("expense", "category", "add", "travel", "Again"), "'travel'", "already exists")


# --------------------------------------------------------------------------- budget enforcement


def test_stop_refusal_names_budget_spent_and_remaining_then_override_is_accepted(run, seeded):
    set_budget(run, "travel", "1000.00")
    err = data_error(
        add(run, "1000.01"),
        "--amount '1000.01'",
        "€1,000.01 exceeds the annual Travel budget: budget €1,000.00, spent €0.00, remaining €1,000.00",
        "override reason",
    )
    assert err.startswith("Error: ")
    assert as_json(run, "expense", "list") == []
    code, out, err = add(run, "1000.01", "--override-reason", "Bilbao trade fair")
    assert code == 0
    assert out == "Expense E000001 recorded: €1,000.01, Travel, V01.\n"
    # the overridden stop and the accumulated March budget (250.02, warn): one line, as a warn prints
    assert err.splitlines() == [
        "warning: €1,000.01 exceeds the annual Travel budget: budget €1,000.00, spent €0.00, "
        "remaining €1,000.00; €1,000.01 exceeds the Travel budget accumulated through month 3: "
        "budget €250.02, spent €0.00, remaining €250.02",
    ]
    shown = as_json(run, "expense", "show", "E000001")
    assert (shown["amount"], shown["override_reason"], shown["status"]) == (
        "1000.01",
        "Bilbao trade fair",
        "submitted",
    )
    with seeded.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT record, old, new FROM change_log "
                "WHERE entity = 'expense' AND field = 'budget_override'"
            )
        ).all()
    assert rows == [("E000001", None, "Bilbao trade fair")]


def test_warn_exits_zero_with_one_warning_line_per_breach(run):
    set_budget(run, "travel", "1200")  # 100.00 a month: 300.00 through March
    code, out, err = add(run, "300.01", "--json")
    assert code == 0
    assert json.loads(out)["amount"] == "300.01"
    assert err == (
        "warning: €300.01 exceeds the Travel budget accumulated through month 3: budget €300.00, "
        "spent €0.00, remaining €300.00\n"
    )


def test_exactly_at_the_budget_says_nothing(run):
    set_budget(run, "travel", "1200")
    ok(add(run, "300.00"))  # through March: exactly 300.00
    ok(add(run, "900.00", day="2026-12-01"))  # the year: exactly 1,200.00
    data_error(add(run, "0.01", day="2026-12-31"), "remaining €0.00")


def test_ignore_says_nothing(run):
    set_budget(run, "travel", "1200", "--monthly-action", "ignore")
    ok(add(run, "300.01"))


def test_rejected_expenses_do_not_count(run):
    set_budget(run, "travel", "1200")
    ok(add(run, "1200.00", day="2026-12-01"))
    data_error(add(run, "1.00", day="2026-12-02"), "spent €1,200.00, remaining €0.00")
    ok(run("expense", "reject", "E000001", "--note", "no receipt"))
    ok(add(run, "1.00", day="2026-12-02"))


def test_team_and_salesperson_warnings_share_one_line(run):
    set_budget(run, "travel", "1200")  # team: 100.00 a month
    set_budget(run, "travel", "600", "--salesperson", "V01")  # V01: 50.00 a month
    code, _out, err = add(run, "100.01", day="2026-01-10")
    assert code == 0
    assert len(err.splitlines()) == 1 and err.startswith("warning: ")
    assert sorted(err.removeprefix("warning: ").strip().split("; ")) == [
        "€100.01 exceeds V01's Travel budget accumulated through month 1: budget €50.00, "
        "spent €0.00, remaining €50.00",
        "€100.01 exceeds the Travel budget accumulated through month 1: budget €100.00, "
        "spent €0.00, remaining €100.00",
    ]


def test_team_and_salesperson_budgets_are_both_checked(run):
    set_budget(run, "travel", "12000")  # team: 1,000.00 a month
    set_budget(run, "travel", "120", "--salesperson", "V01")  # V01: 10.00 a month
    ok(add(run, "500.00", sp="V02"))  # V02 has only the team's
    data_error(
        add(run, "120.01", day="2026-12-01"),
        "€120.01 exceeds V01's annual Travel budget: budget €120.00, spent €0.00, remaining €120.00",
    )


# --------------------------------------------------------------------------- status changes


def test_expense_status_changes_and_invalid_ones_name_both_states(run):
    ok(add(run, "10"))
    ok(add(run, "20"))
    assert ok(run("expense", "approve", "E000001", "--note", "fine")) == "Expense E000001: approved.\n"
    data_error(run("expense", "approve", "E000001"), "cannot change from approved to approved")
    data_error(run("expense", "reimburse", "E000002"), "cannot change from submitted to reimbursed")
    data = as_json(run, "expense", "reimburse", "E000001")
    assert (data["status"], data["approver_note"], data["decided_at"]) == ("reimbursed", "fine", "2026-11-28")
    data_error(run("expense", "reject", "E000001"), "cannot change from reimbursed to rejected")
    ok(run("expense", "reject", "2"))  # by id
    data_error(run("expense", "approve", "E000002"), "cannot change from rejected to approved")
    data_error(run("expense", "approve", "NOPE"), "'NOPE'", "no expense has this number")


# --------------------------------------------------------------------------- listings and JSON


def test_expense_list_json_returns_every_row_and_pages_with_limit_offset(run, seeded):
    from salesdesk.core.db import write_session
    from salesdesk.expenses import queries

    now = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)
    with write_session(seeded) as s:
        for i in range(130):
            queries.add_expense(
                session=s,
                day=date(2026, 1 + i % 11, 1 + i % 28),
                salesperson_code="V01" if i % 2 else "V02",
                category_code="meals",
                amount=Decimal("1.00") + i,
                now=now,
            )
    rows = as_json(run, "expense", "list")
    assert len(rows) == 130
    assert list(rows[0]) == [
        "id",
        "number",
        "date",
        "salesperson",
        "category",
        "category_label",
        "amount",
        "description",
        "receipt",
        "status",
        "approver_note",
        "override_reason",
        "decided_at",
    ]
    dates = [r["date"] for r in rows]
    assert dates == sorted(dates, reverse=True)  # newest first
    assert sum(Decimal(r["amount"]) for r in rows) == Decimal("8515.00")  # 130 × 1 + (0 + … + 129)
    assert all(r["amount"].count(".") == 1 and len(r["amount"].split(".")[1]) == 2 for r in rows)
    page = as_json(run, "expense", "list", "--limit", "5", "--offset", "127")
    assert [r["number"] for r in page] == [r["number"] for r in rows[127:]]
    assert len(as_json(run, "expense", "list", "--salesperson", "V01")) == 65
    assert len(as_json(run, "expense", "list", "--month", "2026-01")) == 12  # i = 0, 11, …, 121


def test_budget_status_json_rows_carry_exactly_the_documented_keys(run):
    set_budget(run, "travel", "1200")
    ok(add(run, "220.00", day="2026-11-05"))
    rows = as_json(run, "budget", "status", "--month", "2026-11")
    assert all(list(r) == STATUS_KEYS for r in rows)
    # 220 ÷ 332 days × 365 = 241.8674… → 241.87; ÷ 12 = 20.1556… → 20.16
    assert rows[0] == {
        "category": "travel",
        "label": "Travel",
        "budget_month": "100.00",
        "actual_month": "220.00",
        "budget_ytd": "1100.00",
        "actual_ytd": "220.00",
        "budget_year": "1200.00",
        "remaining_year": "980.00",
        "projection": "241.87",
        "burn_rate": "20.16",
        "used_pct": "20.0",
        "status": "ok",
    }
    # meals has no budget: its budget amounts are null (not a budget of zero), and so is the percentage
    assert {k: rows[1][k] for k in ("budget_month", "budget_ytd", "budget_year", "used_pct", "status")} == {
        "budget_month": None,
        "budget_ytd": None,
        "budget_year": None,
        "used_pct": None,
        "status": "ok",
    }
    assert as_json(run, "budget", "status") == rows  # the default month is today's


def test_budget_status_warning_and_over(run):
    set_budget(run, "travel", "1200")
    set_budget(run, "meals", "1200")
    set_budget(run, "samples", "1200")
    code, _out, _err = add(run, "880.00", day="2026-06-01")  # 80 % of 1,100.00 exactly (monthly warn)
    assert code == 0
    code, _out, _err = add(run, "879.99", cat="samples", day="2026-06-01")
    assert code == 0
    code, _out, _err = add(run, "1100.01", cat="meals", day="2026-06-01")  # over November's 1,100.00
    assert code == 0
    rows = {r["category"]: r for r in as_json(run, "budget", "status", "--month", "2026-11")}
    assert (rows["travel"]["used_pct"], rows["travel"]["status"]) == ("80.0", "warning")
    assert (rows["samples"]["used_pct"], rows["samples"]["status"]) == ("80.0", "ok")  # 79.999 %
    assert (rows["meals"]["used_pct"], rows["meals"]["status"]) == ("100.0", "over")


def test_the_alert_percentage_is_a_business_rule(run):
    set_budget(run, "travel", "1200")
    assert add(run, "880.00", day="2026-06-01")[0] == 0  # 80 % of 1,100.00
    assert as_json(run, "budget", "status")[0]["status"] == "warning"
    ok(run("config", "rule", "expenses.alert_pct", "90"))
    assert as_json(run, "budget", "status")[0]["status"] == "ok"


def test_a_month_out_of_range_names_month(run):
    data_error(run("budget", "status", "--month", "1800-01"), "--month '1800-01'")


def test_budget_status_by_salesperson_and_by_month_json(run):
    set_budget(run, "travel", "600", "--salesperson", "V01")
    ok(add(run, "140.00", day="2026-11-05"))
    rows = as_json(run, "budget", "status", "--by", "salesperson", "--month", "2026-11")
    assert [r["salesperson"] for r in rows] == ["V01", "V02"]
    assert list(rows[0])[:2] == ["salesperson", "name"]
    assert {*STATUS_KEYS[2:], "sales_ytd", "expense_ratio"} <= set(rows[0])
    # sales F1 100.00 + F2 50.00 = 150.00; 140 ÷ 150 = 93.333 % → 93.3; 140 of 550.00 → 25.5 %
    assert (rows[0]["sales_ytd"], rows[0]["expense_ratio"], rows[0]["used_pct"]) == ("150.00", "93.3", "25.5")
    assert (rows[1]["sales_ytd"], rows[1]["expense_ratio"], rows[1]["actual_ytd"]) == ("0.00", None, "0.00")
    months = as_json(run, "budget", "status", "--by", "month", "--salesperson", "V01")
    assert len(months) == 12
    assert months[10] == {
        "month": 11,
        "budget": "50.00",
        "actual": "140.00",
        "cumulative_budget": "550.00",
        "cumulative_actual": "140.00",
    }


def test_budget_status_usage_errors(run):
    usage_error(run("budget", "status", "--by", "nonsense"), "--by 'nonsense'")
    usage_error(run("budget", "status", "--by", "salesperson", "--salesperson", "V01"), "--salesperson")


def test_spanish_keeps_keys_and_codes_english(run):
    set_budget(run, "travel", "1200")
    code, out, err = run("--lang", "es", "budget", "status", "--json")
    assert code == 0, err
    row = json.loads(out)[0]
    assert (row["category"], row["label"], row["status"]) == ("travel", "Viajes", "ok")


def test_plain_tables_render(run):
    set_budget(run, "travel", "1200")
    ok(add(run, "10"))
    assert "E000001" in ok(run("expense", "list"))
    assert "Expense budget 2026, through month 11" in ok(run("budget", "status"))
    assert "Number: E000001" in ok(run("expense", "show", "E000001"))
    assert "No discount requests." in ok(run("discount", "list"))


# --------------------------------------------------------------------------- discounts


def request(run, pct, *extra, gross="1000.00"):
    return as_json(run, "discount", "request", "--customer", "C001", "--gross", gross, "--pct", pct, *extra)


def test_discount_policy_levels(run):
    five = request(run, "5")
    assert (five["number"], five["status"], five["level"], five["cost"], five["salesperson"]) == (
        "D000001",
        "approved",
        "salesperson",
        "50.00",
        "V01",
    )
    assert five["decided_at"] == "2026-11-28"
    manager = request(run, "5.01")
    assert (manager["status"], manager["level"], manager["cost"]) == ("pending", None, "50.10")
    fifteen = request(run, "15")
    assert (fifteen["status"], fifteen["level"]) == ("pending", None)
    director = request(run, "15.01")
    assert (director["status"], director["level"], director["cost"]) == ("escalated", None, "150.10")
    approved = as_json(run, "discount", "approve", "D000002")
    assert (approved["status"], approved["level"]) == ("approved", "manager")
    assert as_json(run, "discount", "approve", "D000003")["level"] == "manager"
    assert as_json(run, "discount", "approve", "D000004")["level"] == "director"


def test_discount_text_output(run):
    code, out, err = run("discount", "request", "--customer", "C001", "--gross", "100", "--pct", "5")
    assert code == 0 and err == ""
    assert out == "Discount request D000001: 5.00 % on €100.00 (€5.00), approved. Granted by: salesperson.\n"


def test_discount_escalate_reject_happy_paths(run):
    request(run, "10")
    request(run, "10")
    request(run, "20")
    escalated = as_json(run, "discount", "escalate", "D000001", "--note", "big order")
    assert (escalated["status"], escalated["decision_note"], escalated["decided_at"]) == (
        "escalated",
        "big order",
        None,
    )
    assert as_json(run, "discount", "approve", "D000001")["level"] == "director"
    rejected = as_json(run, "discount", "reject", "D000002", "--note", "margin")
    assert (rejected["status"], rejected["level"], rejected["decision_note"]) == ("rejected", None, "margin")
    assert as_json(run, "discount", "reject", "D000003")["status"] == "rejected"  # escalated → rejected
    waiting = as_json(run, "discount", "list", "--status", "pending,escalated")
    assert waiting == []
    assert [r["number"] for r in as_json(run, "discount", "list")] == ["D000001", "D000002", "D000003"]


@pytest.mark.parametrize(
    ("setup", "command", "message"),
    [
        ("approve", "approve", "cannot change from approved to approved"),
        ("reject", "approve", "cannot change from rejected to approved"),
        ("escalate", "escalate", "cannot change from escalated to escalated"),
        ("approve", "escalate", "cannot change from approved to escalated"),
    ],
)
def test_invalid_discount_changes_name_both_states(run, setup, command, message):
    request(run, "10")
    ok(run("discount", setup, "D000001"))
    data_error(run("discount", command, "D000001"), message)


def test_discount_request_validation(run):
    data_error(
        run("discount", "request", "--customer", "NOPE", "--gross", "100", "--pct", "5"), "--customer 'NOPE'"
    )
    data_error(run("discount", "request", "--customer", "C001", "--gross", "100", "--pct", "0"), "--pct")
    data_error(
        run("discount", "request", "--customer", "C001", "--gross", "100", "--pct", "101"), "--pct '101'"
    )
    data_error(run("discount", "request", "--customer", "C001", "--gross", "0", "--pct", "5"), "--gross")
    data_error(
        run("discount", "request", "--customer", "C001", "--gross", "1", "--pct", "5", "--product", "NOPE"),
        "--product 'NOPE'",
    )
    data_error(
        run("discount", "request", "--customer", "C002", "--gross", "1", "--pct", "5", "--order", "O1"),
        "--order 'O1'",
        "another customer",
    )
    data_error(run("discount", "approve", "NOPE"), "'NOPE'", "no discount request has this number")
    assert as_json(run, "discount", "list") == []


def test_a_products_maximum_is_never_exceeded(run):
    at_max = request(run, "10", "--product", "P01")
    assert (at_max["product"], at_max["status"]) == ("P01", "pending")
    data_error(
        run(
            "discount", "request", "--customer", "C001", "--gross", "1", "--pct", "10.01", "--product", "P01"
        ),
        "--pct",
        "maximum discount of product P01",
    )


def test_a_pending_request_above_the_managers_level_cannot_be_approved(run):
    request(run, "12")
    ok(run("config", "rule", "expenses.discount_manager_pct", "10"))
    data_error(run("discount", "approve", "D000001"), "escalate it to the director")
    assert as_json(run, "discount", "list")[0]["status"] == "pending"
    ok(run("discount", "escalate", "D000001"))
    assert as_json(run, "discount", "approve", "D000001")["level"] == "director"
    # the new policy applies at request: 10 % is still the manager's, 10.01 goes to the director
    assert request(run, "10")["status"] == "pending"
    assert request(run, "10.01")["status"] == "escalated"


def test_discount_budget_stop_on_approval_then_override(run, seeded):
    set_budget(run, "discounts", "1200")
    request(run, "12", gross="10000.00")  # cost 1,200.00: the year exactly
    code, out, err = run("discount", "approve", "D000001", "--json")
    assert code == 0
    assert json.loads(out)["level"] == "manager"
    assert err == (
        "warning: €1,200.00 exceeds the Discounts budget accumulated through month 11: budget €1,100.00, "
        "spent €0.00, remaining €1,100.00\n"
    )
    request(run, "6", gross="50.00")  # 3.00 more
    data_error(
        run("discount", "approve", "D000002"),
        "€3.00 exceeds the annual Discounts budget: budget €1,200.00, spent €1,200.00, remaining €0.00",
    )
    code, out, err = run("discount", "approve", "D000002", "--override-reason", "key account", "--json")
    assert code == 0
    assert (json.loads(out)["status"], json.loads(out)["override_reason"]) == ("approved", "key account")
    assert err.startswith("warning: €3.00 exceeds the annual Discounts budget")
    with seeded.connect() as conn:
        assert conn.execute(
            text("SELECT record, new FROM change_log WHERE entity = 'discount' AND field = 'budget_override'")
        ).all() == [("D000002", "key account")]
    disc = {r["category"]: r for r in as_json(run, "budget", "status")}["discounts"]
    assert (disc["actual_ytd"], disc["status"]) == ("1203.00", "over")


def test_a_salesperson_level_discount_stopped_by_the_budget_waits(run):
    set_budget(run, "discounts", "12")
    code, out, err = run(
        "discount", "request", "--customer", "C001", "--gross", "300", "--pct", "5", "--json"
    )
    assert code == 0
    assert (json.loads(out)["status"], json.loads(out)["level"]) == ("pending", None)
    assert err.startswith(
        "warning: €15.00 exceeds the annual Discounts budget: budget €12.00, spent €0.00, remaining €12.00"
    )
    assert len(err.splitlines()) == 1
