"""The ``service`` and ``service installed`` commands on the seeded region (today 2026-11-28): success and
failure paths, exit codes (0 ok, 1 data error on one stderr line naming the field and the value, 2 usage),
the JSON shapes and hand-computed dates, lead times and goal figures.

Seeded: customers C001 Acme, C002 Bar El Sol, C003 Cafetería Ávila; products P01 Split 3kW (needs
installation) and P02 Filtro (does not); sales order O1 of C001 dated today. Each test adds the sales order
O2 of C002 dated 2026-11-10.

Goals (the default business rules): delivery 5 days, installation 7, support 5 (first response 1),
maintenance ± 7 days of its due date, warranty repair 10; warranty 24 months. Plans: monthly 30 days,
quarterly 91. Calendar: September 30 days, October 31, November 30, December 31; 2028 is a leap year.
"""

from __future__ import annotations

import csv
import io
import json
import sys

import pytest

ORDER_KEYS = {"id", "type", "customer", "status", "requested", "department"}
GOAL_KEYS = {"done", "on_time", "on_time_pct", "avg_lead_days", "backlog"}


@pytest.fixture
def run(cli, db_path, seeded, app_built_once):
    def invoke(*args: str) -> tuple[int, str, str]:
        return cli("--db", str(db_path), *args)

    code, _out, err = invoke(
        "order", "add", "O2", "--customer", "C002", "--amount", "100", "--date", "2026-11-10"
    )
    assert code == 0, err
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


def add(run, kind, customer="C001", *extra):
    return as_json(run, "service", "add", kind, customer, *extra)


def show(run, ref):
    return as_json(run, "service", "show", ref)


def listed(run, *extra):
    return as_json(run, "service", "list", *extra)


def done(run, ref, *extra):
    return as_json(run, "service", "done", ref, *extra)


def unit(run, serial, installed, plan="monthly", customer="C001", product="P01"):
    return as_json(run, "service", "installed", "add", serial, customer, product, "--installed", installed,
                   "--plan", plan)  # fmt: skip


def units(run):
    return {u["serial"]: u for u in as_json(run, "service", "installed", "list")}


# --------------------------------------------------------------------------- service add


def test_add_prints_the_order_and_its_json(run):
    out = ok(run("service", "add", "support", "C001", "--text", "no cooling"))
    assert "Service order SV000001 (technical support, C001): open." in out
    item = add(run, "delivery", "C003", "--product", "P02", "--who", "Transportes Ruiz", "--text", "2 boxes")
    assert set(item) >= ORDER_KEYS
    assert (item["id"], item["type"], item["customer"], item["status"]) == (
        "SV000002",
        "delivery",
        "C003",
        "open",
    )
    assert (item["product"], item["who"], item["description"]) == ("P02", "Transportes Ruiz", "2 boxes")
    assert (item["requested"], item["department"], item["completed"], item["lead_days"]) == (
        "2026-11-28",
        "logistics",
        None,
        None,
    )


@pytest.mark.parametrize(
    ("kind", "department"),
    [
        ("delivery", "logistics"),
        ("installation", "technical"),
        ("support", "technical"),
        ("maintenance", "technical"),
        ("warranty_repair", "technical"),
    ],
)
def test_add_department_defaults_by_type(run, kind, department):
    item = add(run, kind)
    assert (item["type"], item["department"], item["status"]) == (kind, department, "open")


def test_add_department_given(run):
    assert (
        add(run, "delivery", "C001", "--department", "customer_service")["department"] == "customer_service"
    )


def test_requested_defaults_to_the_orders_date_else_today(run):
    assert add(run, "delivery", "C002", "--order", "O2")["requested"] == "2026-11-10"
    assert add(run, "delivery", "C002")["requested"] == "2026-11-28"
    assert (
        add(run, "delivery", "C002", "--order", "O2", "--requested", "2026-11-12")["requested"]
        == "2026-11-12"
    )
    assert add(run, "support", "C001", "--requested", "20/11/2026")["requested"] == "2026-11-20"


@pytest.mark.parametrize(
    ("args", "parts"),
    [
        (("bogus", "C001"), ("TYPE", "'bogus'")),
        (("support", "C999"), ("CUSTOMER", "'C999'")),
        (("support", "C001", "--product", "P99"), ("--product", "'P99'")),
        (("delivery", "C002", "--order", "O9"), ("--order", "'O9'")),
        (("delivery", "C002", "--order", "O1"), ("--order", "'O1'", "another customer")),
        (("support", "C001", "--department", "sales"), ("--department", "'sales'")),
        (("support", "C001", "--requested", "tomorrow"), ("--requested", "'tomorrow'")),
        (("support", "C001", "--requested", "2026-13-01"), ("--requested", "'2026-13-01'")),
        (("support", "C001", "--requested", "1850-01-01"), ("--requested", "'1850-01-01'")),
        (("support", "C001", "--serial", "NOPE"), ("--serial", "'NOPE'")),
    ],
)
def test_add_refuses_bad_input_and_writes_nothing(run, args, parts):
    add(run, "support")
    data_error(run("service", "add", *args), *parts)
    assert len(listed(run)) == 1


def test_add_refuses_a_serial_installed_at_another_customer(run):
    unit(run, "SN-C2", "2026-06-01", customer="C002")
    data_error(run("service", "add", "support", "C001", "--serial", "SN-C2"), "--serial", "'SN-C2'")
    assert listed(run) == []
    item = add(run, "support", "C002", "--serial", "SN-C2")
    assert (item["serial"], item["product"], item["warranty_end"], item["warranty"]) == (
        "SN-C2",
        "P01",
        "2028-05-31",
        "in_warranty",
    )


# --------------------------------------------------------------------------- the status machine


def test_the_happy_path_add_schedule_start_done(run):
    ref = add(run, "support", "C001", "--requested", "2026-11-20")["id"]
    item = as_json(run, "service", "schedule", ref, "--date", "2026-11-22", "--who", "Ana")
    assert (item["status"], item["scheduled"], item["who"], item["responded"]) == (
        "scheduled",
        "2026-11-22",
        "Ana",
        "2026-11-28",  # responded when first scheduled: today
    )
    assert as_json(run, "service", "start", ref)["status"] == "in_progress"
    out = ok(run("service", "done", ref, "--date", "2026-11-25", "--feedback", "4"))
    assert "Service order SV000001 (technical support, C001): done." in out
    [item] = listed(run)
    # lead = 2026-11-25 − 2026-11-20 = 5 days
    assert (item["id"], item["status"], item["completed"], item["lead_days"], item["feedback"]) == (
        ref,
        "done",
        "2026-11-25",
        5,
        4,
    )
    assert item["who"] == "Ana"


def test_done_defaults_to_today(run):
    ref = add(run, "delivery", "C002", "--order", "O2", "--product", "P02")["id"]
    item = done(run, ref)
    assert (item["completed"], item["lead_days"]) == ("2026-11-28", 18)  # 10 November + 18 days


def test_open_or_scheduled_go_straight_to_done(run):
    a = add(run, "support", "C001", "--requested", "2026-11-20")["id"]
    b = add(run, "support", "C001", "--requested", "2026-11-20")["id"]
    ok(run("service", "schedule", b, "--date", "2026-11-23"))
    assert done(run, a, "--date", "2026-11-21")["status"] == "done"
    assert done(run, b, "--date", "2026-11-23")["status"] == "done"
    assert [(i["id"], i["lead_days"]) for i in listed(run, "--status", "done")] == [(a, 1), (b, 3)]


def test_reschedule_keeps_the_first_response(run):
    ref = add(run, "support", "C001", "--requested", "2026-11-27")["id"]
    ok(run("service", "schedule", ref, "--date", "2026-11-29"))
    item = as_json(run, "service", "schedule", ref, "--date", "2026-12-02")
    assert (item["status"], item["scheduled"], item["responded"]) == ("scheduled", "2026-12-02", "2026-11-28")


def test_list_filters_open_and_type(run):
    d1 = add(run, "delivery", "C001", "--requested", "2026-11-20")["id"]
    d2 = add(run, "delivery", "C002", "--requested", "2026-11-18")["id"]
    add(run, "support", "C001", "--requested", "2026-11-10")
    d3 = add(run, "delivery", "C003", "--requested", "2026-11-21")["id"]
    done(run, d3)
    assert [i["id"] for i in listed(run, "--open", "--type", "delivery")] == [d2, d1]  # oldest request first
    assert {i["id"] for i in listed(run, "--type", "delivery")} == {d1, d2, d3}
    assert [i["id"] for i in listed(run, "--customer", "C003")] == [d3]
    data_error(run("service", "list", "--type", "repair"), "--type", "'repair'")
    assert "No service orders." in ok(run("service", "list", "--customer", "C003", "--open"))


@pytest.mark.parametrize("score", ["0", "6"])
def test_done_refuses_feedback_outside_1_to_5(run, score):
    ref = add(run, "support")["id"]
    data_error(run("service", "done", ref, "--feedback", score), "--feedback", f"'{score}'")
    assert (show(run, ref)["status"], show(run, ref)["feedback"]) == ("open", None)


def test_done_refuses_a_future_date_and_one_before_the_request(run):
    ref = add(run, "support", "C001", "--requested", "2026-11-20")["id"]
    data_error(run("service", "done", ref, "--date", "2026-11-29"), "--date", "'2026-11-29'")
    data_error(run("service", "done", ref, "--date", "2026-11-19"), "--date", "'2026-11-19'")
    data_error(run("service", "done", ref, "--date", "someday"), "--date", "'someday'")
    item = show(run, ref)
    assert (item["status"], item["completed"]) == ("open", None)


def test_schedule_refuses_a_day_before_the_request(run):
    ref = add(run, "support", "C001", "--requested", "2026-11-20")["id"]
    data_error(run("service", "schedule", ref, "--date", "2026-11-19"), "--date", "'2026-11-19'")
    usage_error(run("service", "schedule", ref))  # --date is required
    item = show(run, ref)
    assert (item["status"], item["scheduled"]) == ("open", None)


def test_start_an_open_order_is_refused_naming_both_states(run):
    ref = add(run, "support")["id"]
    data_error(run("service", "start", ref), "ID", "open", "in progress")
    assert show(run, ref)["status"] == "open"


def test_done_and_cancelled_are_final(run):
    a = add(run, "support")["id"]
    b = add(run, "support")["id"]
    done(run, a)
    data_error(run("service", "cancel", a), "ID", "done", "cancelled")
    item = as_json(run, "service", "cancel", b, "--note", "customer withdrew")
    assert (item["status"], item["cancelled"]) == ("cancelled", "2026-11-28")
    data_error(run("service", "done", b), "ID", "cancelled", "done")
    data_error(run("service", "schedule", b, "--date", "2026-12-01"), "ID", "cancelled", "scheduled")
    data_error(run("service", "wait", b, "--on", "logistics"), "ID", f"'{b}'")
    assert [(i["id"], i["status"]) for i in listed(run, "--status", "done")] == [(a, "done")]
    assert show(run, b)["completed"] is None


@pytest.mark.parametrize(
    "args",
    [
        ("show", "SV999999"),
        ("schedule", "SV999999", "--date", "2026-12-01"),
        ("start", "SV999999"),
        ("cancel", "SV999999"),
        ("done", "SV999999"),
        ("wait", "SV999999", "--on", "technical"),
        ("install", "SV999999"),
    ],
)
def test_unknown_id_is_refused(run, args):
    data_error(run("service", *args), "ID", "'SV999999'")


# --------------------------------------------------------------------------- delivery → installation


def test_a_done_delivery_proposes_the_installation(run, monkeypatch):
    ref = add(run, "delivery", "C001", "--product", "P01", "--requested", "2026-11-20")["id"]
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal: no question asked
    item = done(run, ref, "--date", "2026-11-24")
    assert item["status"] == "done"
    assert item["proposed_installation"] == {"customer": "C001", "product": "P01", "requested": "2026-11-24"}
    assert item["installation"] is None
    assert len(listed(run)) == 1  # nothing created yet

    installation = as_json(run, "service", "install", ref)
    assert (installation["type"], installation["customer"], installation["product"]) == (
        "installation",
        "C001",
        "P01",
    )
    assert (installation["requested"], installation["follows"], installation["status"]) == (
        "2026-11-24",
        ref,
        "open",
    )
    assert installation["department"] == "technical"
    data_error(run("service", "install", ref), "ID", f"'{ref}'")
    assert len(listed(run)) == 2


def test_done_without_json_and_no_terminal_tells_how_to_install(run, monkeypatch):
    ref = add(run, "delivery", "C001", "--product", "P01")["id"]
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    out = ok(run("service", "done", ref))
    assert f"salesdesk service install {ref}" in out and "P01" in out
    assert len(listed(run)) == 1


def test_done_install_creates_the_installation_at_once(run):
    ref = add(run, "delivery", "C002", "--product", "P01", "--order", "O2")["id"]
    item = done(run, ref, "--date", "2026-11-14", "--install")
    assert item["proposed_installation"]["requested"] == "2026-11-14"
    new = item["installation"]
    assert new is not None and new != ref
    installation = show(run, new)
    assert (
        installation["type"],
        installation["customer"],
        installation["requested"],
        installation["follows"],
    ) == (
        "installation",
        "C002",
        "2026-11-14",
        ref,
    )
    data_error(run("service", "install", ref), "ID")


def test_a_product_without_installation_proposes_nothing(run):
    ref = add(run, "delivery", "C001", "--product", "P02")["id"]
    item = done(run, ref, "--install")
    assert (item["proposed_installation"], item["installation"]) == (None, None)
    data_error(run("service", "install", ref), "ID", f"'{ref}'")
    assert len(listed(run)) == 1


def test_an_open_delivery_proposes_nothing_yet(run):
    ref = add(run, "delivery", "C001", "--product", "P01")["id"]
    data_error(run("service", "install", ref), "ID", f"'{ref}'")


def test_completing_the_installation_adds_the_installed_product(run):
    ref = add(run, "delivery", "C001", "--product", "P01", "--requested", "2026-11-20")["id"]
    new = done(run, ref, "--date", "2026-11-24", "--install")["installation"]
    item = done(run, new, "--date", "2026-11-26", "--serial", "SN-1")
    # 2026-11-26 + 24 months = 2028-11-26, less one day
    assert (item["serial"], item["warranty_end"], item["lead_days"]) == ("SN-1", "2028-11-25", 2)
    [u] = as_json(run, "service", "installed", "list")
    assert (u["serial"], u["customer"], u["product"], u["installed"], u["warranty_end"], u["warranty"]) == (
        "SN-1",
        "C001",
        "P01",
        "2026-11-26",
        "2028-11-25",
        "in_warranty",
    )
    assert (u["plan"], u["next_due"], u["open_order"]) == ("none", None, None)


def test_installation_with_a_taken_serial_is_refused_and_stays_open(run):
    unit(run, "SN-1", "2026-01-10")
    new = add(run, "installation", "C002", "--product", "P01")["id"]
    data_error(run("service", "done", new, "--serial", "SN-1"), "--serial", "'SN-1'")
    assert show(run, new)["status"] == "open"
    assert list(units(run)) == ["SN-1"]


def test_an_installation_without_serial_is_installed_under_its_number(run):
    new = add(run, "installation", "C003", "--product", "P01", "--requested", "2026-08-31")["id"]
    done(run, new, "--date", "2026-08-31")
    # 2026-08-31 + 24 months = 2028-08-31, less one day
    assert units(run)[new]["warranty_end"] == "2028-08-30"


# --------------------------------------------------------------------------- installed base and maintenance


def test_installed_add_quarterly_and_change_the_plan(run):
    u = unit(run, "SN-Q", "2026-09-01", plan="quarterly")
    # 2026-09-01 + 91 days: 29 to 30 Sep, 31 to 31 Oct, 30 to 30 Nov → 90 = 30 Nov; 91 = 1 Dec
    assert (u["serial"], u["plan"], u["next_due"], u["last_maintenance"]) == (
        "SN-Q",
        "quarterly",
        "2026-12-01",
        None,
    )
    assert (u["installed"], u["warranty_end"], u["warranty"]) == ("2026-09-01", "2028-08-31", "in_warranty")
    data_error(run("service", "installed", "add", "SN-Q", "C002", "P02"), "SERIAL", "'SN-Q'")
    data_error(
        run("service", "installed", "add", "SN-W", "C001", "P01", "--plan", "weekly"), "--plan", "'weekly'"
    )
    data_error(run("service", "installed", "add", "SN-W", "C999", "P01"), "CUSTOMER", "'C999'")
    data_error(run("service", "installed", "add", "SN-W", "C001", "P99"), "PRODUCT", "'P99'")
    assert list(units(run)) == ["SN-Q"]

    assert as_json(run, "service", "installed", "plan", "SN-Q", "monthly")["next_due"] == "2026-10-01"  # + 30
    assert units(run)["SN-Q"]["next_due"] == "2026-10-01"
    assert as_json(run, "service", "installed", "plan", "SN-Q", "none")["next_due"] is None
    data_error(run("service", "installed", "plan", "SN-Q", "weekly"), "'weekly'")
    data_error(run("service", "installed", "plan", "SN-X", "monthly"), "SERIAL", "'SN-X'")


def test_installed_add_defaults_to_today_and_no_plan(run):
    out = ok(run("service", "installed", "add", "SN-T", "C001", "P02"))
    assert "SN-T" in out and "P02" in out and "C001" in out
    u = units(run)["SN-T"]
    assert (u["installed"], u["plan"], u["next_due"], u["warranty_end"]) == (
        "2026-11-28",
        "none",
        None,
        "2028-11-27",
    )


def test_due_includes_today_plus_days_and_not_the_day_after(run):
    unit(run, "SN-EDGE", "2026-11-08")  # monthly: 8 Nov + 30 = 8 Dec = today + 10
    unit(run, "SN-AFTER", "2026-11-09")  # 9 Dec = today + 11
    unit(run, "SN-LATE", "2026-10-20")  # 20 Oct + 30 = 19 Nov: 9 days overdue
    unit(run, "SN-NONE", "2026-01-01", plan="none")
    rows = as_json(run, "service", "due", "--days", "10")
    assert [(r["serial"], r["due"], r["days_overdue"]) for r in rows] == [
        ("SN-LATE", "2026-11-19", 9),
        ("SN-EDGE", "2026-12-08", 0),
    ]
    assert [r["serial"] for r in as_json(run, "service", "due", "--days", "11")] == [
        "SN-LATE",
        "SN-EDGE",
        "SN-AFTER",
    ]
    assert [r["serial"] for r in as_json(run, "service", "due", "--days", "0")] == ["SN-LATE"]
    data_error(run("service", "due", "--days", "-1"), "--days", "'-1'")


def test_due_create_opens_one_maintenance_order_per_due_unit(run):
    unit(run, "SN-EDGE", "2026-11-08")  # due 2026-12-08
    unit(run, "SN-LATE", "2026-10-20")  # due 2026-11-19
    unit(run, "SN-AFTER", "2026-11-09")  # due 2026-12-09: beyond 10 days
    out = ok(run("service", "due", "--days", "10", "--create"))
    assert "Maintenance orders opened: 2." in out
    orders = listed(run, "--type", "maintenance")
    assert sorted((o["serial"], o["requested"], o["status"], o["customer"]) for o in orders) == [
        ("SN-EDGE", "2026-12-08", "open", "C001"),
        ("SN-LATE", "2026-11-19", "open", "C001"),
    ]
    by_serial = {o["serial"]: o["id"] for o in orders}
    rows = as_json(run, "service", "due", "--days", "10", "--create")
    assert {r["serial"]: r["open_order"] for r in rows} == by_serial
    assert len(listed(run, "--type", "maintenance")) == 2  # the second --create opens none

    item = done(run, by_serial["SN-LATE"], "--date", "2026-11-21")
    assert (item["status"], item["lead_days"]) == ("done", 2)
    u = units(run)["SN-LATE"]
    # 2026-11-21 + 30 days = 2026-12-21
    assert (u["last_maintenance"], u["next_due"], u["open_order"]) == ("2026-11-21", "2026-12-21", None)
    assert [r["serial"] for r in as_json(run, "service", "due", "--days", "10")] == ["SN-EDGE"]
    # a new plan counts from the last maintenance: 21 Nov + 91 = 9 to 30 Nov, 31 to 31 Dec, 31 to 31 Jan,
    # 20 to 20 Feb
    assert as_json(run, "service", "installed", "plan", "SN-LATE", "quarterly")["next_due"] == "2027-02-20"


@pytest.mark.xfail(
    strict=True,
    reason="a maintenance is on time from 7 days before its due date (rules.on_time), and `service due "
    "--create` opens it requested ON the due date; but `service done` (queries.complete) refuses any date "
    "before the requested one, so a maintenance done early can never be recorded",
)
def test_a_maintenance_done_before_its_due_date_can_be_recorded(run):
    unit(run, "SN-SOON", "2026-11-03")  # monthly: due 2026-12-03, today + 5
    ok(run("service", "due", "--days", "5", "--create"))
    [order] = listed(run, "--type", "maintenance")
    assert order["requested"] == "2026-12-03"
    item = done(run, order["id"], "--date", "2026-11-28")  # 5 days early: within the ± 7 day window
    assert (item["status"], item["lead_days"]) == ("done", -5)
    [maintenance] = [
        g for g in as_json(run, "service", "goals", "--from", "2026-11-01", "--to", "2026-11-28")
        if g["type"] == "maintenance"
    ]  # fmt: skip
    assert (maintenance["done"], maintenance["on_time"]) == (1, 1)


# --------------------------------------------------------------------------- goals


@pytest.fixture
def goals_fixture(run):
    """Period 2026-11-01 – 2026-11-20.

    delivery (goal 5): done with leads 2, 5 and 6 days; one open requested 11-15 (backlog); one done
    11-25, after --to (backlog, not done); one open requested 11-21, after --to (neither).
    maintenance (± 7): done 7 days after its due date (on time) and 8 days after (late).
    warranty repair: requested 11-12, cancelled today (after --to): backlog.
    support: done the day of the request, first response then too.
    """

    def make(kind, requested, completed=None, customer="C001"):
        ref = add(run, kind, customer, "--requested", requested)["id"]
        if completed:
            done(run, ref, "--date", completed)
        return ref

    make("delivery", "2026-11-01", "2026-11-03")
    make("delivery", "2026-11-05", "2026-11-10")
    make("delivery", "2026-11-10", "2026-11-16")
    make("delivery", "2026-11-15")
    make("delivery", "2026-11-18", "2026-11-25")
    make("delivery", "2026-11-21")
    make("maintenance", "2026-11-01", "2026-11-08")
    make("maintenance", "2026-11-02", "2026-11-10")
    ok(run("service", "cancel", make("warranty_repair", "2026-11-12")))
    make("support", "2026-11-19", "2026-11-19")
    return run


def goals(run, *extra):
    return as_json(run, "service", "goals", "--from", "2026-11-01", "--to", "2026-11-20", *extra)


def test_goals_per_type_hand_computed(goals_fixture):
    rows = goals(goals_fixture)
    assert [r["type"] for r in rows] == [
        "delivery",
        "installation",
        "support",
        "maintenance",
        "warranty_repair",
    ]
    assert all(set(r) >= {"type", *GOAL_KEYS} for r in rows)
    assert all((r["from"], r["to"]) == ("2026-11-01", "2026-11-20") for r in rows)
    by = {r["type"]: r for r in rows}
    figures = {
        k: tuple(r[x] for x in ("done", "on_time", "on_time_pct", "avg_lead_days", "backlog"))
        for k, r in by.items()
    }
    assert figures == {
        "delivery": (3, 2, "66.7", "4.3", 2),  # (2 + 5 + 6) / 3 = 4.33
        "installation": (0, 0, None, None, 0),
        "support": (1, 1, "100.0", "0.0", 0),
        "maintenance": (2, 1, "50.0", "7.5", 0),  # + 7 on time, + 8 late
        "warranty_repair": (0, 0, None, None, 1),
    }
    assert {k: r["goal_days"] for k, r in by.items()} == {
        "delivery": 5,
        "installation": 7,
        "support": 5,
        "maintenance": 7,
        "warranty_repair": 10,
    }
    assert (
        by["support"]["responded"],
        by["support"]["response_on_time"],
        by["support"]["response_on_time_pct"],
    ) == (
        1,
        1,
        "100.0",
    )


def test_goals_by_department_hand_computed(goals_fixture):
    rows = goals(goals_fixture, "--by", "department")
    assert [r["department"] for r in rows] == ["customer_service", "technical", "logistics", "other"]
    figures = {
        r["department"]: tuple(r[x] for x in ("done", "on_time", "on_time_pct", "avg_lead_days", "backlog"))
        for r in rows
    }
    assert figures == {
        "customer_service": (0, 0, None, None, 0),
        # maintenance leads 7 and 8, support 0: (7 + 8 + 0) / 3 = 5.0; the cancelled warranty repair
        "technical": (3, 2, "66.7", "5.0", 1),
        "logistics": (3, 2, "66.7", "4.3", 2),
        "other": (0, 0, None, None, 0),
    }
    assert all("goal_days" not in r for r in rows)


def test_goals_later_period_and_table(goals_fixture):
    run = goals_fixture
    rows = as_json(run, "service", "goals", "--from", "2026-11-21", "--to", "2026-11-28")
    delivery = next(r for r in rows if r["type"] == "delivery")
    # done 11-25 with lead 7 (late); the two open ones requested 11-15 and 11-21 are the backlog
    assert (delivery["done"], delivery["on_time"], delivery["avg_lead_days"], delivery["backlog"]) == (
        1,
        0,
        "7.0",
        2,
    )
    out = ok(run("service", "goals", "--from", "2026-11-01", "--to", "2026-11-20"))
    assert "66.7" in out and "4.3" in out


def test_goals_refuse_bad_options(goals_fixture):
    run = goals_fixture
    usage_error(run("service", "goals", "--by", "bogus"))
    data_error(run("service", "goals", "--from", "2026-11-20", "--to", "2026-11-01"), "--to", "'2026-11-01'")
    data_error(run("service", "goals", "--from", "yesterday"), "--from", "'yesterday'")


# --------------------------------------------------------------------------- needs action


@pytest.fixture
def needs_fixture(run):
    late = add(run, "support", "C001", "--requested", "2026-11-20")["id"]  # deadline 11-25 passed
    overdue = add(run, "delivery", "C002", "--requested", "2026-11-26")["id"]
    ok(run("service", "schedule", overdue, "--date", "2026-11-27"))
    add(run, "delivery", "C003", "--requested", "2026-11-27")  # within its goal: nothing to do
    waiting = add(run, "support", "C003")["id"]  # technical's, waiting on logistics
    item = as_json(run, "service", "wait", waiting, "--on", "logistics", "--note", "spare part")
    assert (item["waiting_on"], item["department"]) == ("logistics", "technical")
    return run, late, overdue, waiting


def test_needs_lists_the_reasons_grouped_by_department(needs_fixture):
    run, late, overdue, waiting = needs_fixture
    rows = as_json(run, "service", "needs")
    assert [(r["reason"], r["id"]) for r in rows] == [
        ("overdue", overdue),  # logistics
        ("waiting", waiting),  # logistics: the department it waits on
        ("unscheduled_past_goal", late),  # technical
    ]
    assert [r["id"] for r in as_json(run, "service", "needs", "--department", "logistics")] == [
        overdue,
        waiting,
    ]
    assert [r["id"] for r in as_json(run, "service", "needs", "--department", "technical")] == [late]
    table = ok(run("service", "needs"))
    assert all(ref in table for ref in (late, overdue, waiting))

    assert as_json(run, "service", "wait", waiting, "--clear")["waiting_on"] is None
    assert [r["id"] for r in as_json(run, "service", "needs")] == [overdue, late]
    usage_error(run("service", "wait", waiting))
    usage_error(run("service", "wait", waiting, "--on", "logistics", "--clear"))
    data_error(run("service", "wait", waiting, "--on", "sales"), "--on", "'sales'")
    data_error(run("service", "needs", "--department", "sales"), "--department", "'sales'")


@pytest.mark.xfail(
    strict=True,
    reason="service needs --json: _need_item builds {'department': group, 'reason': ..., **_item(r)}, so the "
    "order's own department from _item overwrites the department it is listed under; a waiting order "
    "reads 'technical' although it is grouped (and filtered by --department) under 'logistics'",
)
def test_needs_json_names_the_department_a_waiting_order_is_listed_under(needs_fixture):
    run, late, overdue, waiting = needs_fixture
    rows = as_json(run, "service", "needs")
    assert [(r["department"], r["reason"], r["id"]) for r in rows] == [
        ("logistics", "overdue", overdue),
        ("logistics", "waiting", waiting),
        ("technical", "unscheduled_past_goal", late),
    ]


def test_needs_nothing(run):
    add(run, "support")
    assert as_json(run, "service", "needs") == []
    assert "Nothing needs action." in ok(run("service", "needs"))


# --------------------------------------------------------------------------- department summary


@pytest.fixture
def summary_fixture(run):
    late = add(run, "support", "C001", "--requested", "2026-11-20")["id"]
    fresh = add(run, "installation", "C002", "--product", "P01")["id"]
    waits_elsewhere = add(run, "support", "C003")["id"]
    ok(run("service", "wait", waits_elsewhere, "--on", "logistics"))
    delivery = add(run, "delivery", "C002")["id"]
    ok(run("service", "wait", delivery, "--on", "technical"))  # a logistics order waiting on technical
    closed = add(run, "support", "C001", "--requested", "2026-11-24")["id"]
    done(run, closed, "--date", "2026-11-26")
    return run, {
        "late": late,
        "fresh": fresh,
        "waits": waits_elsewhere,
        "delivery": delivery,
        "closed": closed,
    }


def test_summary_markdown(summary_fixture):
    run, ids = summary_fixture
    out = ok(run("service", "summary", "--department", "technical"))
    assert out.startswith("# ")
    assert "technical" in out.splitlines()[0]
    for key in ("late", "fresh", "waits", "delivery"):
        assert ids[key] in out, key
    assert ids["closed"] not in out
    assert "## " in out and "|" in out


def test_summary_csv_rows_are_the_departments_open_orders(summary_fixture):
    run, ids = summary_fixture
    out = ok(run("service", "summary", "--department", "technical", "--format", "csv"))
    assert out.splitlines()[0].startswith("id,type,customer")
    rows = list(csv.DictReader(io.StringIO(out)))
    technical_open = [i["id"] for i in listed(run, "--open", "--department", "technical")]
    assert technical_open == [ids["late"], ids["fresh"], ids["waits"]]
    assert [r["id"] for r in rows] == [*technical_open, ids["delivery"]]
    reasons = {r["id"]: r["needs_action"] for r in rows}
    assert reasons == {
        ids["late"]: "unscheduled_past_goal",
        ids["fresh"]: "",
        ids["waits"]: "",  # it waits on logistics: logistics' action
        ids["delivery"]: "waiting",
    }
    first = rows[0]
    assert (first["type"], first["customer"], first["status"], first["requested"]) == (
        "support",
        "C001",
        "open",
        "2026-11-20",
    )


def test_summary_refuses_bad_format_and_department(summary_fixture):
    run, _ids = summary_fixture
    usage_error(run("service", "summary", "--department", "technical", "--format", "pdf"))
    data_error(run("service", "summary", "--department", "sales"), "--department", "'sales'")
    usage_error(run("service", "summary"))  # --department is required


# --------------------------------------------------------------------------- language


def test_spanish_output_and_english_json(run):
    ref = add(run, "support")["id"]
    code, out, err = run("--lang", "es", "service", "list")
    assert code == 0, err
    assert "Traceback" not in out + err
    assert ref in out and "Número" in out
    code, out, err = run("--lang", "es", "service", "show", ref, "--json")
    assert code == 0, err
    assert (json.loads(out)["status"], json.loads(out)["type"]) == ("open", "support")
    data_error(run("--lang", "es", "service", "show", "SV999999"), "'SV999999'")
