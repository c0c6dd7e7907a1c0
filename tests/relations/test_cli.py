"""The ``visit`` and ``complaint`` commands on the seeded region (today 2026-11-28): success and failure
paths, exit codes (0 ok, 1 data error on one stderr line naming the option and the value, 2 usage), the
double-booking warning line and the JSON shapes.

Seeded: C001 Acme (V01), C002 Bar El Sol (V02), C003 Cafetería Ávila (V01), all tier C (90 days).
"""

from __future__ import annotations

import json

import pytest

VISIT_KEYS = {"id", "date", "customer", "who", "status"}
DUE_KEYS = {"customer", "name", "tier", "salesperson", "last_visit", "days_overdue"}
COMPLIANCE_KEYS = {"salesperson", "required", "done_on_time", "compliance_pct", "overdue_customers"}
STATS_KEYS = {
    "opened",
    "open",
    "overdue",
    "resolved",
    "within_sla",
    "avg_resolution_days",
    "p90_resolution_days",
    "satisfaction_avg",
    "satisfaction",
}


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
        assert part in err, err
    return err


def usage_error(result) -> str:
    code, _out, err = result
    assert code == 2, err
    assert "Traceback" not in err
    return err


def plan(run, customer, day, *extra):
    return as_json(run, "visit", "plan", customer, "--date", day, *extra)


def add_complaint(run, customer="C001", *extra, category="delivery", severity="high"):
    return as_json(
        run, "complaint", "add", customer, "--category", category, "--severity", severity, "--text", "late",
        *extra,
    )  # fmt: skip


# --------------------------------------------------------------------------- visit plan


def test_plan_prints_the_visit_and_its_json(run):
    out = ok(run("visit", "plan", "C001", "--date", "2026-12-01", "--time", "10:00"))
    assert "Visit 1 planned: C001" in out and "10:00" in out and "V01" in out
    item = plan(run, "C003", "2026-12-02", "--time", "9:30", "--purpose", "collection", "--duration", "30")
    assert set(item) >= VISIT_KEYS
    assert (item["id"], item["date"], item["customer"], item["who"], item["status"]) == (
        2,
        "2026-12-02",
        "C003",
        "V01",
        "planned",
    )
    assert (item["time"], item["duration"], item["purpose"]) == ("09:30", 30, "collection")


def test_plan_default_duration_is_60_minutes_and_no_time_is_null(run):
    item = plan(run, "C002", "2026-12-01")
    assert (item["who"], item["duration"], item["time"]) == ("V02", 60, None)


def test_who_manager_names_the_manager(run):
    item = plan(run, "C002", "2026-12-01", "--who", "manager")
    assert item["who"] == "manager"
    plan(run, "C001", "2026-12-01", "--who", "V02")
    listed = as_json(run, "visit", "list", "--who", "manager")
    assert [(v["customer"], v["who"]) for v in listed] == [("C002", "manager")]
    assert [v["customer"] for v in as_json(run, "visit", "list", "--who", "V02")] == ["C001"]


@pytest.mark.parametrize(
    ("extra", "parts"),
    [
        (("--time", "25:00"), ("--time", "'25:00'")),
        (("--time", "9"), ("--time", "'9'")),
        (("--time", "10:5"), ("--time", "'10:5'")),
        (("--purpose", "lunch"), ("--purpose", "'lunch'")),
        (("--who", "V99"), ("--who", "'V99'")),
        (("--duration", "0"), ("--duration", "'0'")),
        (("--complaint", "R999999"), ("R999999",)),
    ],
)
def test_plan_refuses_bad_values(run, extra, parts):
    data_error(run("visit", "plan", "C001", "--date", "2026-12-01", *extra), *parts)
    assert as_json(run, "visit", "list") == []


def test_plan_refuses_unknown_customer_and_bad_date(run):
    data_error(run("visit", "plan", "C999", "--date", "2026-12-01"), "customer", "'C999'")
    data_error(run("visit", "plan", "C001", "--date", "2026-13-01"), "--date", "'2026-13-01'")
    data_error(run("visit", "plan", "C001", "--date", "tomorrow"), "--date", "'tomorrow'")
    usage_error(run("visit", "plan", "C001"))  # --date is required
    usage_error(run("visit", "plan", "C001", "--date", "2026-12-01", "--duration", "long"))


def test_plan_a_complaint_follow_up_of_another_customers_complaint_is_refused(run):
    number = add_complaint(run, "C002")["number"]
    data_error(run("visit", "plan", "C001", "--date", "2026-12-01", "--complaint", number), number)
    item = plan(run, "C002", "2026-12-01", "--complaint", number, "--purpose", "complaint_follow_up")
    assert item["complaint"] == number


# --------------------------------------------------------------------------- double booking


def test_double_booking_is_one_warning_line_and_exit_0(run):
    plan(run, "C001", "2026-12-01", "--time", "10:00")
    code, out, err = run("visit", "plan", "C003", "--date", "2026-12-01", "--time", "10:30")
    assert code == 0
    assert err == "warning: V01 is already booked on 2026-12-01: visit 1 to C001 at 10:00\n"
    assert "Visit 2 planned" in out
    assert len(as_json(run, "visit", "list", "--status", "planned")) == 2


def test_two_clashes_are_still_one_warning_line(run):
    plan(run, "C001", "2026-12-01", "--time", "10:00")
    plan(run, "C003", "2026-12-01", "--time", "15:00")
    code, _out, err = run("visit", "plan", "C001", "--date", "2026-12-01")  # no time: the whole day
    assert code == 0
    assert err.startswith("warning:") and err.count("\n") == 1
    assert "visit 1 to C001 at 10:00" in err and "visit 2 to C003 at 15:00" in err


def test_touching_visits_and_other_people_do_not_warn(run):
    plan(run, "C001", "2026-12-01", "--time", "10:00")
    ok(run("visit", "plan", "C003", "--date", "2026-12-01", "--time", "11:00"))
    ok(run("visit", "plan", "C003", "--date", "2026-12-01", "--time", "10:00", "--who", "manager"))
    ok(run("visit", "plan", "C002", "--date", "2026-12-01", "--time", "10:00"))


# --------------------------------------------------------------------------- done, cancel, missed


def test_done_on_the_planned_date_and_with_date(run):
    plan(run, "C001", "2026-11-20")
    item = as_json(run, "visit", "done", "1", "--outcome", "order")
    assert (item["status"], item["date"], item["outcome"], item["planned_next"]) == (
        "done",
        "2026-11-20",
        "order",
        None,
    )
    plan(run, "C003", "2026-12-01")
    out = ok(run("visit", "done", "2", "--date", "2026-11-27"))
    assert "Visit 2: done" in out
    assert as_json(run, "visit", "list", "--customer", "C003")[0]["date"] == "2026-11-27"


def test_done_with_next_plans_the_next_visit(run):
    plan(run, "C001", "2026-11-20", "--time", "10:00")
    item = as_json(run, "visit", "done", "1", "--next", "2026-12-18", "--next-step", "quote")
    assert (item["next_visit"], item["next_step"], item["planned_next"]) == ("2026-12-18", "quote", 2)
    nxt = as_json(run, "visit", "list", "--status", "planned")
    assert [(v["id"], v["date"], v["time"], v["who"]) for v in nxt] == [(2, "2026-12-18", "10:00", "V01")]
    plan(run, "C003", "2026-11-20")
    data_error(run("visit", "done", "3", "--next", "2026-11-19"), "--next", "'2026-11-19'")


def test_done_of_a_done_visit_names_both_states(run):
    plan(run, "C001", "2026-11-20")
    ok(run("visit", "done", "1"))
    data_error(run("visit", "done", "1"), "from done to done")
    data_error(run("visit", "cancel", "1"), "from done to cancelled")
    data_error(run("visit", "missed", "1"), "from done to missed")


def test_cancelled_and_missed_are_final(run):
    plan(run, "C001", "2026-11-20")
    plan(run, "C001", "2026-11-21")
    assert as_json(run, "visit", "cancel", "1")["status"] == "cancelled"
    assert as_json(run, "visit", "missed", "2", "--outcome", "closed shop")["outcome"] == "closed shop"
    data_error(run("visit", "done", "1"), "from cancelled to done")
    data_error(run("visit", "done", "2"), "from missed to done")


def test_done_of_a_future_visit_without_date_is_refused(run):
    plan(run, "C001", "2026-12-01")
    data_error(run("visit", "done", "1"), "--date", "'2026-12-01'", "on or before today")
    data_error(run("visit", "done", "1", "--date", "2026-11-29"), "--date", "'2026-11-29'")
    assert as_json(run, "visit", "list")[0]["status"] == "planned"
    item = as_json(run, "visit", "done", "1", "--date", "2026-11-28")  # today is fine
    assert (item["status"], item["date"]) == ("done", "2026-11-28")


def test_done_refusals(run):
    data_error(run("visit", "done", "99"), "visit", "'99'")
    plan(run, "C001", "2026-11-20")
    data_error(run("visit", "done", "1", "--date", "2026-02-30"), "--date", "'2026-02-30'")
    usage_error(run("visit", "cancel", "1", "--date", "2026-11-20"))  # cancel takes no date


# --------------------------------------------------------------------------- list, due, compliance, frequency


def test_list_filters_and_refusals(run):
    plan(run, "C001", "2026-11-20")
    plan(run, "C003", "2026-12-01")
    ok(run("visit", "done", "1"))
    assert [v["id"] for v in as_json(run, "visit", "list", "--from", "2026-11-21")] == [2]
    assert [v["id"] for v in as_json(run, "visit", "list", "--status", "done")] == [1]
    assert [v["id"] for v in as_json(run, "visit", "list", "--limit", "1", "--offset", "1")] == [2]
    data_error(run("visit", "list", "--from", "2026-12-01", "--to", "2026-11-01"), "--to", "'2026-11-01'")
    data_error(run("visit", "list", "--status", "bogus"), "--status", "'bogus'")
    data_error(run("visit", "list", "--who", "V99"), "--who", "'V99'")
    data_error(run("visit", "list", "--customer", "C999"), "'C999'")
    assert "No visits." in ok(run("visit", "list", "--from", "2027-01-01"))


def test_list_json_keys_stay_english_in_spanish(run):
    plan(run, "C001", "2026-11-20")
    ok(run("visit", "done", "1"))
    code, out, err = run("--lang", "es", "visit", "list", "--json")
    assert code == 0, err
    assert [(v["status"], v["purpose"]) for v in json.loads(out)] == [("done", "routine")]


def test_due_json_never_visited_first_with_null_days(run):
    # C001 done 2026-08-01: 119 days, 29 overdue; C002 and C003 never visited
    plan(run, "C001", "2026-08-01")
    ok(run("visit", "done", "1"))
    rows = as_json(run, "visit", "due")
    assert all(set(r) >= DUE_KEYS for r in rows)
    assert [(r["customer"], r["last_visit"], r["days_overdue"]) for r in rows] == [
        ("C002", None, None),
        ("C003", None, None),
        ("C001", "2026-08-01", 29),
    ]
    assert (rows[0]["name"], rows[0]["tier"], rows[0]["salesperson"]) == ("Bar El Sol", "C", "V02")
    assert [r["customer"] for r in as_json(run, "visit", "due", "--salesperson", "V01")] == ["C003", "C001"]
    assert "C003" in ok(run("visit", "due"))


def test_due_boundary_through_the_cli(run):
    # 2026-08-30 → 2026-11-28 = 1 + 30 + 31 + 28 = 90 days: not due; 2026-08-29: 91 days, due by 1
    plan(run, "C001", "2026-08-30")
    plan(run, "C003", "2026-08-29")
    ok(run("visit", "done", "1"))
    ok(run("visit", "done", "2"))
    rows = as_json(run, "visit", "due")
    assert [(r["customer"], r["days_overdue"]) for r in rows] == [("C002", None), ("C003", 1)]


def test_due_and_compliance_count_a_manager_visit(run):
    plan(run, "C002", "2026-11-10", "--who", "manager")
    ok(run("visit", "done", "1"))
    assert "C002" not in [r["customer"] for r in as_json(run, "visit", "due")]
    rows = {r["salesperson"]: r for r in as_json(run, "visit", "compliance")}
    # default period: the last 90 days, 2026-08-31 … 11-28, one 90-day window per customer
    assert (rows["V02"]["required"], rows["V02"]["done_on_time"], rows["V02"]["compliance_pct"]) == (
        1,
        1,
        "100.0",
    )
    assert rows["V02"]["overdue_customers"] == 0


def test_due_salesperson_unknown_is_a_data_error(run):
    data_error(run("visit", "due", "--salesperson", "V99"), "'V99'")


def test_due_salesperson_unknown_names_the_option_given(run):
    data_error(run("visit", "due", "--salesperson", "V99"), "--salesperson", "'V99'")


def test_compliance_json_on_a_hand_fixture(run, seeded):
    """Period 2026-10-01 … 11-29 (31 + 29 = 60 days), C001 given its own 30 days: windows Oct 1–30 and
    Oct 31–Nov 29; C003 tier C: one window; C002 (V02) tier C: one window.
    Done: C001 10-10 and 10-20 (same window), C003 11-25 by the manager. V01: required 2 + 1 = 3, done
    1 + 1 = 2 → 66.7; due at 11-29: C001 (last 10-20, 40 days > 30) → 1. V02: 1 required, 0 done → 0.0,
    C002 never visited → 1 due. V03 (no customers): 0 required → null."""
    from salesdesk.core.db import write_session
    from salesdesk.org import queries as org

    with write_session(seeded) as s:
        org.add_salesperson(session=s, code="V03", name="Ana Ruiz")
    ok(run("visit", "frequency", "C001", "--days", "30"))
    for customer, day, who in (
        ("C001", "2026-10-10", "V01"),
        ("C001", "2026-10-20", "V01"),
        ("C003", "2026-11-25", "manager"),
    ):
        plan(run, customer, day, "--who", who)
    for ref in ("1", "2", "3"):
        ok(run("visit", "done", ref))
    rows = as_json(run, "visit", "compliance", "--from", "2026-10-01", "--to", "2026-11-29")
    assert all(set(r) >= COMPLIANCE_KEYS for r in rows)
    got = {
        r["salesperson"]: tuple(
            r[k] for k in ("required", "done_on_time", "compliance_pct", "overdue_customers")
        )
        for r in rows
    }
    assert got == {"V01": (3, 2, "66.7", 1), "V02": (1, 0, "0.0", 1), "V03": (0, 0, None, 0)}
    data_error(
        run("visit", "compliance", "--from", "2026-11-02", "--to", "2026-11-01"), "--to", "'2026-11-01'"
    )
    data_error(run("visit", "compliance", "--from", "someday"), "--from", "'someday'")


def test_frequency_command(run):
    assert ok(run("visit", "frequency", "C001", "--days", "45")) == "C001: a visit every 45 days.\n"
    assert [r["frequency"] for r in as_json(run, "visit", "due") if r["customer"] == "C001"] == [45]
    assert ok(run("visit", "frequency", "C001", "--tier")) == "C001: a visit every 90 days.\n"
    data_error(run("visit", "frequency", "C001", "--days", "0"), "--days", "'0'")
    data_error(run("visit", "frequency", "C999", "--days", "30"), "'C999'")
    usage_error(run("visit", "frequency", "C001"))
    usage_error(run("visit", "frequency", "C001", "--days", "30", "--tier"))


# --------------------------------------------------------------------------- complaints


def test_complaint_add_json_and_defaults(run):
    item = add_complaint(run)
    assert (item["number"], item["opened"], item["status"], item["owner"]) == (
        "R000001",
        "2026-11-28",
        "new",
        "V01",
    )
    assert (item["sla_due"], item["overdue"], item["resolved"], item["satisfaction"]) == (
        "2026-12-01",
        False,
        None,
        None,
    )
    item = add_complaint(run, "C002", "--owner", "manager", "--date", "2026-11-01", severity="low")
    assert (item["number"], item["owner"], item["sla_due"], item["overdue"]) == (
        "R000002",
        None,
        "2026-11-15",
        True,
    )
    out = ok(run("complaint", "add", "C003", "--category", "price", "--severity", "medium", "--text", "x"))
    assert "Complaint R000003 (C003): new" in out


@pytest.mark.parametrize(
    ("extra", "parts"),
    [
        (("--category", "weather", "--severity", "high"), ("--category", "'weather'")),
        (("--category", "delivery", "--severity", "urgent"), ("--severity", "'urgent'")),
        (("--category", "delivery", "--severity", "high", "--channel", "fax"), ("--channel", "'fax'")),
        (
            ("--category", "delivery", "--severity", "high", "--date", "2026-11-31"),
            ("--date", "'2026-11-31'"),
        ),
    ],
)
def test_complaint_add_refuses(run, extra, parts):
    data_error(run("complaint", "add", "C001", "--text", "late", *extra), *parts)
    assert as_json(run, "complaint", "list") == []


def test_complaint_add_unknown_customer_and_missing_options(run):
    data_error(
        run("complaint", "add", "C999", "--category", "delivery", "--severity", "high", "--text", "x"),
        "customer",
        "'C999'",
    )
    usage_error(run("complaint", "add", "C001", "--category", "delivery", "--text", "x"))


def test_complaint_add_unknown_owner_is_a_data_error(run):
    data_error(
        run(
            "complaint",
            "add",
            "C001",
            "--category",
            "delivery",
            "--severity",
            "high",
            "--text",
            "x",
            "--owner",
            "V99",
        ),
        "'V99'",
    )


def test_complaint_add_unknown_owner_names_the_option_given(run):
    data_error(
        run(
            "complaint",
            "add",
            "C001",
            "--category",
            "delivery",
            "--severity",
            "high",
            "--text",
            "x",
            "--owner",
            "V99",
        ),
        "--owner",
        "'V99'",
    )


def test_complaint_resolve_default_today_and_with_date(run):
    add_complaint(run, "C001", "--date", "2026-11-20")  # high: due 11-23
    item = as_json(run, "complaint", "resolve", "R000001", "--resolution", "resent", "--satisfaction", "4")
    assert (item["status"], item["resolved"], item["satisfaction"], item["overdue"]) == (
        "resolved",
        "2026-11-28",
        4,
        False,  # resolved 11-28, after its due date 11-23: late, but overdue counts open ones only
    )
    add_complaint(run, "C001", "--date", "2026-11-20")
    item = as_json(run, "complaint", "resolve", "R000002", "--resolution", "ok", "--date", "2026-11-23")
    assert (item["resolved"], item["overdue"], item["satisfaction"]) == ("2026-11-23", False, None)


@pytest.mark.parametrize("score", ["0", "6"])
def test_complaint_resolve_satisfaction_out_of_range(run, score):
    add_complaint(run)
    data_error(
        run("complaint", "resolve", "R000001", "--resolution", "ok", "--satisfaction", score),
        "--satisfaction",
        f"'{score}'",
    )
    assert as_json(run, "complaint", "list")[0]["status"] == "new"


def test_complaint_resolve_refusals(run):
    add_complaint(run, "C001", "--date", "2026-11-20")
    data_error(
        run("complaint", "resolve", "R000001", "--resolution", "ok", "--date", "2026-11-19"),
        "--date",
        "'2026-11-19'",
    )
    data_error(run("complaint", "resolve", "R999999", "--resolution", "ok"), "'R999999'")
    usage_error(run("complaint", "resolve", "R000001"))  # --resolution is required
    usage_error(run("complaint", "resolve", "R000001", "--resolution", "ok", "--satisfaction", "good"))
    ok(run("complaint", "resolve", "R000001", "--resolution", "ok"))
    data_error(run("complaint", "resolve", "R000001", "--resolution", "again"), "from resolved to resolved")


def test_complaint_update_status_resolved_points_to_resolve(run):
    add_complaint(run)
    data_error(run("complaint", "update", "R000001", "--status", "resolved"), "--status", "complaint resolve")
    assert as_json(run, "complaint", "list")[0]["status"] == "new"


def test_complaint_update_follows_the_table(run):
    add_complaint(run)
    data_error(run("complaint", "update", "R000001", "--status", "closed"), "from new to closed")
    data_error(run("complaint", "update", "R000001", "--status", "new"), "from new to new")
    data_error(run("complaint", "update", "R000001", "--status", "bogus"), "--status", "'bogus'")
    assert (
        as_json(run, "complaint", "update", "R000001", "--status", "in_progress")["status"] == "in_progress"
    )
    data_error(run("complaint", "update", "R000001", "--status", "closed"), "from in progress to closed")
    ok(run("complaint", "resolve", "R000001", "--resolution", "ok", "--satisfaction", "5"))
    assert as_json(run, "complaint", "update", "R000001", "--status", "closed")["status"] == "closed"
    item = as_json(run, "complaint", "update", "R000001", "--status", "in_progress", "--note", "again")
    assert (item["status"], item["resolved"], item["satisfaction"]) == ("in_progress", None, None)


def test_complaint_list_open_first(run):
    add_complaint(run, "C001", "--date", "2026-11-20", severity="low")  # due 12-04
    add_complaint(run, "C002", "--date", "2026-11-20", severity="critical")  # due 11-21
    add_complaint(run, "C003", "--date", "2026-11-10", severity="high")  # due 11-13
    ok(run("complaint", "resolve", "R000003", "--resolution", "ok", "--date", "2026-11-12"))
    rows = as_json(run, "complaint", "list")
    assert [(r["number"], r["overdue"]) for r in rows] == [
        ("R000002", True),
        ("R000001", False),
        ("R000003", False),
    ]
    assert [r["number"] for r in as_json(run, "complaint", "list", "--open")] == ["R000002", "R000001"]
    assert [r["number"] for r in as_json(run, "complaint", "list", "--customer", "C003")] == ["R000003"]
    assert "Number" in ok(run("complaint", "list"))


def test_complaint_stats_json(run):
    # opened 11-01: high due 11-04 resolved 11-03 (2 days, score 4); medium due 11-08 resolved 11-10
    # (9 days, score 2, late); critical 11-20 still new (overdue: the only one, overdue counts open ones).
    # Average (2 + 9) / 2 = 5.5; p90 of [2, 9] = ceil(1.8) = 2nd = 9.
    add_complaint(run, "C001", "--date", "2026-11-01", severity="high")
    add_complaint(run, "C002", "--date", "2026-11-01", severity="medium", category="billing")
    add_complaint(run, "C003", "--date", "2026-11-20", severity="critical")
    ok(
        run(
            "complaint",
            "resolve",
            "R000001",
            "--resolution",
            "ok",
            "--date",
            "2026-11-03",
            "--satisfaction",
            "4",
        )
    )
    ok(
        run(
            "complaint",
            "resolve",
            "R000002",
            "--resolution",
            "ok",
            "--date",
            "2026-11-10",
            "--satisfaction",
            "2",
        )
    )
    s = as_json(run, "complaint", "stats", "--from", "2026-11-01", "--to", "2026-11-28")
    assert set(s) >= STATS_KEYS
    assert (s["from"], s["to"], s["opened"], s["open"], s["overdue"], s["resolved"], s["within_sla"]) == (
        "2026-11-01",
        "2026-11-28",
        3,
        1,
        1,
        2,
        1,
    )
    assert (s["avg_resolution_days"], s["p90_resolution_days"], s["satisfaction_avg"]) == ("5.5", 9, "3.0")
    assert s["satisfaction"] == {"1": 0, "2": 1, "3": 0, "4": 1, "5": 0}
    by_cat = as_json(run, "complaint", "stats", "--from", "2026-11-01", "--by", "category")
    assert [(r["category"], r["opened"]) for r in by_cat] == [("billing", 1), ("delivery", 2)]
    by_sp = as_json(run, "complaint", "stats", "--from", "2026-11-01", "--by", "salesperson")
    assert [(r["salesperson"], r["opened"], r["within_sla"]) for r in by_sp] == [("V01", 2, 1), ("V02", 1, 0)]
    assert "Complaints opened" in ok(run("complaint", "stats"))


def test_complaint_stats_refusals(run):
    usage_error(run("complaint", "stats", "--by", "tier"))
    data_error(run("complaint", "stats", "--from", "2026-11-02", "--to", "2026-11-01"), "--to")
    empty = as_json(run, "complaint", "stats")
    assert (empty["opened"], empty["avg_resolution_days"], empty["p90_resolution_days"]) == (0, None, None)
