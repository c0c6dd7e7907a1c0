"""The relations rooms' import kinds through ``salesdesk import``: complaints (the SLA due date derived from
the severity and the business rules, refused rows, status changes on re-import following the table) and
visits (a manager's visit names no salesperson, the salesperson defaults to the customer's, HH:MM times,
status changes following the table). Today 2026-11-28."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

COMPLAINTS = "number,opened,customer,category,severity,status,resolved,satisfaction,description"
VISITS = "customer,date,salesperson,by_manager,time,status,purpose"


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


def _rows(engine, sql: str) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql)).all()]


def _json(run, *args):
    code, out, err = run(*args, "--json")
    assert code == 0, err
    return json.loads(out)


def _ok(run, kind, path, counts):
    code, data, err = _import(run, kind, path)
    assert code == 0, (data, err)
    assert _counts(data) == counts
    return data


def _refused(run, kind, path, *messages):
    """The whole file is refused; its errors are exactly ``messages`` (path:line: …)."""
    code, data, err = _import(run, kind, path)
    assert code == 1
    assert data["committed"] is False
    assert data["errors"] == [f"{path}:{m}" for m in messages]
    assert "Nothing was imported" in err
    return data


def _complaints(engine):
    return _rows(
        engine, "SELECT number, status, sla_due, resolved, satisfaction FROM complaints ORDER BY number"
    )


# --------------------------------------------------------------------------- complaints


def test_complaints_file_sla_derived_from_the_severity_owner_from_the_customer(run, seeded, tmp_path):
    path = _write(
        tmp_path / "reclamaciones.csv",
        COMPLAINTS,
        "Q1,2026-11-01,C001,delivery,high,new,,,late",  # 11-01 + 3
        "Q2,2026-11-01,C002,billing,low,in_progress,,,",  # + 14
        "Q3,2026-11-20,C003,price,critical,resolved,2026-11-21,4,",  # + 1
        "Q4,2026-11-25,C001,,,,,,",  # defaults: other, medium (+ 7), new
    )
    _ok(run, "complaints", path, (4, 0, 0, 0))
    assert _complaints(seeded) == [
        ("Q1", "new", "2026-11-04", None, None),
        ("Q2", "in_progress", "2026-11-15", None, None),
        ("Q3", "resolved", "2026-11-21", "2026-11-21", 4),
        ("Q4", "new", "2026-12-02", None, None),
    ]
    listed = {r["number"]: r for r in _json(run, "complaint", "list")}
    assert (listed["Q1"]["owner"], listed["Q2"]["owner"]) == ("V01", "V02")
    assert (listed["Q4"]["category"], listed["Q4"]["severity"]) == ("other", "medium")
    assert (listed["Q2"]["overdue"], listed["Q1"]["overdue"], listed["Q3"]["overdue"]) == (True, True, False)
    _ok(run, "complaints", path, (0, 0, 4, 0))  # re-import: nothing changes


def test_complaints_sla_due_given_in_the_file_is_kept(run, seeded, tmp_path):
    path = _write(
        tmp_path / "complaints.csv",
        "number,opened,customer,severity,sla_due",
        "Q1,2026-11-01,C001,high,2026-11-30",
    )
    _ok(run, "complaints", path, (1, 0, 0, 0))
    assert _complaints(seeded)[0][2] == "2026-11-30"


def test_complaints_sla_derived_from_the_business_rules(run, seeded, tmp_path):
    assert run("config", "rule", "relations.sla_high", "5")[0] == 0
    path = _write(tmp_path / "complaints.csv", COMPLAINTS, "Q1,2026-11-01,C001,delivery,high,new,,,")
    _ok(run, "complaints", path, (1, 0, 0, 0))
    assert _complaints(seeded)[0][2] == "2026-11-06"  # 11-01 + 5, as complaint add would give


def test_complaints_reimport_keeps_the_sla_from_the_business_rules(run, seeded, tmp_path):
    assert run("config", "rule", "relations.sla_high", "5")[0] == 0
    path = _write(tmp_path / "complaints.csv", COMPLAINTS, "Q1,2026-11-01,C001,delivery,high,new,,,")
    _ok(run, "complaints", path, (1, 0, 0, 0))
    code, data, err = _import(run, "complaints", path)
    assert code == 0, (data, err)
    assert _complaints(seeded)[0][2] == "2026-11-06"  # not 11-04 (11-01 + the default 3 days)


def test_complaints_reimport_with_an_sla_rule_is_unchanged(run, seeded, tmp_path):
    assert run("config", "rule", "relations.sla_high", "5")[0] == 0
    path = _write(tmp_path / "complaints.csv", COMPLAINTS, "Q1,2026-11-01,C001,delivery,high,new,,,")
    _ok(run, "complaints", path, (1, 0, 0, 0))
    _ok(run, "complaints", path, (0, 0, 1, 0))  # found (0, 1, 0, 0)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "Q9,2026-11-01,C001,delivery,high,resolved,,,",
            "column 'resolved': a resolved or closed complaint needs its resolved date (value '')",
        ),
        (
            "Q9,2026-11-01,C001,delivery,high,closed,,,",
            "column 'resolved': a resolved or closed complaint needs its resolved date (value '')",
        ),
        (
            "Q9,2026-11-10,C001,delivery,high,resolved,2026-11-09,,",
            "column 'resolved': comes before the complaint was opened (value '2026-11-09')",
        ),
        (
            "Q9,2026-11-01,C001,delivery,high,new,2026-11-02,,",
            "column 'resolved': an open complaint has no resolved date (value '2026-11-02')",
        ),
    ],
)
def test_complaints_refused_rows_fail_the_file(run, seeded, tmp_path, line, message):
    path = _write(tmp_path / "complaints.csv", COMPLAINTS, "Q1,2026-11-01,C001,delivery,high,new,,,", line)
    _refused(run, "complaints", path, f"3: {message}")
    assert _complaints(seeded) == []


@pytest.mark.parametrize(
    ("line", "column"),
    [
        ("Q9,2026-11-01,C001,delivery,high,resolved,2026-11-02,0,", "satisfaction"),
        ("Q9,2026-11-01,C001,delivery,high,resolved,2026-11-02,6,", "satisfaction"),
        ("Q9,2026-11-01,C001,weather,high,new,,,", "category"),
        ("Q9,2026-11-01,C001,delivery,urgent,new,,,", "severity"),
        ("Q9,2026-11-01,C001,delivery,high,open,,,", "status"),
        ("Q9,2026-11-01,C999,delivery,high,new,,,", "customer"),
        ("Q9,2026-11-31,C001,delivery,high,new,,,", "opened"),
    ],
)
def test_complaints_bad_values_are_refused(run, seeded, tmp_path, line, column):
    path = _write(tmp_path / "complaints.csv", COMPLAINTS, line)
    code, data, _err = _import(run, "complaints", path)
    assert code == 1
    assert len(data["errors"]) == 1 and f"{path}:2: column '{column}'" in data["errors"][0]
    assert _complaints(seeded) == []


def test_complaints_status_changes_on_reimport_follow_the_table(run, seeded, tmp_path):
    path = tmp_path / "complaints.csv"
    _write(
        path, COMPLAINTS, "Q1,2026-11-01,C001,delivery,high,new,,,", "Q2,2026-11-01,C002,billing,low,new,,,"
    )
    _ok(run, "complaints", path, (2, 0, 0, 0))
    # new → closed is refused (the whole file); new → in_progress alone would have passed
    _write(
        path,
        COMPLAINTS,
        "Q1,2026-11-01,C001,delivery,high,closed,2026-11-02,,",
        "Q2,2026-11-01,C002,billing,low,in_progress,,,",
    )
    _refused(run, "complaints", path, "2: column 'status': cannot change from new to closed (value 'closed')")
    assert [r[1] for r in _complaints(seeded)] == ["new", "new"]
    # new → resolved, new → in_progress
    _write(
        path,
        COMPLAINTS,
        "Q1,2026-11-01,C001,delivery,high,resolved,2026-11-03,4,",
        "Q2,2026-11-01,C002,billing,low,in_progress,,,",
    )
    _ok(run, "complaints", path, (0, 2, 0, 0))
    # resolved → closed; in_progress → new refused
    _write(
        path,
        COMPLAINTS,
        "Q1,2026-11-01,C001,delivery,high,closed,2026-11-03,4,",
        "Q2,2026-11-01,C002,billing,low,new,,,",
    )
    _refused(
        run, "complaints", path, "3: column 'status': cannot change from in progress to new (value 'new')"
    )
    _write(path, COMPLAINTS, "Q1,2026-11-01,C001,delivery,high,closed,2026-11-03,4,")
    _ok(run, "complaints", path, (0, 1, 0, 0))
    assert _complaints(seeded)[0] == ("Q1", "closed", "2026-11-04", "2026-11-03", 4)
    changes = _rows(
        seeded,
        "SELECT record, old, new FROM change_log WHERE entity = 'complaint' AND field = 'status' ORDER BY id",
    )
    assert changes == [("Q1", "new", "resolved"), ("Q2", "new", "in_progress"), ("Q1", "resolved", "closed")]


def test_complaints_reimport_with_another_severity_moves_the_sla(run, seeded, tmp_path):
    path = _write(tmp_path / "complaints.csv", COMPLAINTS, "Q1,2026-11-01,C001,delivery,high,new,,,")
    _ok(run, "complaints", path, (1, 0, 0, 0))
    _write(path, COMPLAINTS, "Q1,2026-11-01,C001,delivery,low,new,,,")
    _ok(run, "complaints", path, (0, 1, 0, 0))
    assert _complaints(seeded)[0][2] == "2026-11-15"  # 11-01 + 14


def test_complaints_reopened_by_import_is_no_longer_resolved(run, seeded, tmp_path):
    path = _write(
        tmp_path / "complaints.csv", COMPLAINTS, "Q1,2026-11-01,C001,delivery,high,resolved,2026-11-02,3,"
    )
    _ok(run, "complaints", path, (1, 0, 0, 0))
    _write(path, COMPLAINTS, "Q1,2026-11-01,C001,delivery,high,in_progress,,,")
    _ok(run, "complaints", path, (0, 1, 0, 0))
    # found ("Q1", "in_progress", "2026-11-04", "2026-11-02", 3)
    assert _complaints(seeded) == [("Q1", "in_progress", "2026-11-04", None, None)]


# --------------------------------------------------------------------------- visits


def _visits(engine):
    return _rows(
        engine,
        "SELECT c.code, v.date, s.code, v.by_manager, v.time, v.duration, v.status, v.purpose FROM visits v "
        "JOIN customers c ON c.id = v.customer_id LEFT JOIN salespeople s ON s.id = v.salesperson_id "
        "ORDER BY v.date, c.code",
    )


def test_visits_file_defaults_manager_and_time(run, seeded, tmp_path):
    path = _write(
        tmp_path / "visitas.csv",
        VISITS,
        "C001,2026-11-10,V01,,10:00,done,collection",
        "C002,2026-11-12,,yes,,done,",  # the manager's
        "C003,2026-11-12,,,9:30,planned,",  # salesperson from the customer (V01); 9:30 → 09:30
        "C003,2026-12-02,V02,,,,",  # another salesperson; planned by default
    )
    _ok(run, "visits", path, (4, 0, 0, 0))
    assert _visits(seeded) == [
        ("C001", "2026-11-10", "V01", 0, "10:00", 60, "done", "collection"),
        ("C002", "2026-11-12", None, 1, "", 60, "done", "routine"),
        ("C003", "2026-11-12", "V01", 0, "09:30", 60, "planned", "routine"),
        ("C003", "2026-12-02", "V02", 0, "", 60, "planned", "routine"),
    ]
    # the imported done visits count: C001 and C002 are no longer due
    assert [r["customer"] for r in _json(run, "visit", "due")] == ["C003"]
    assert [v["who"] for v in _json(run, "visit", "list", "--customer", "C002")] == ["manager"]
    _ok(run, "visits", path, (0, 0, 4, 0))  # re-import, the manager's visit too: unchanged


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "C001,2026-11-10,V01,yes,,planned,",
            "column 'salesperson': a manager's visit names no salesperson (value 'V01')",
        ),
        ("C001,2026-11-10,,,25:00,planned,", "column 'time': use HH:MM, e.g. 09:30 (value '25:00')"),
        ("C001,2026-11-10,,,9,planned,", "column 'time': use HH:MM, e.g. 09:30 (value '9')"),
    ],
)
def test_visits_refused_rows_fail_the_file(run, seeded, tmp_path, line, message):
    path = _write(tmp_path / "visits.csv", VISITS, "C003,2026-11-10,,,,planned,", line)
    _refused(run, "visits", path, f"3: {message}")
    assert _visits(seeded) == []


@pytest.mark.parametrize(
    ("line", "column"),
    [
        ("C001,2026-11-10,,,,planned,lunch", "purpose"),
        ("C001,2026-11-10,,,,booked,", "status"),
        ("C001,2026-11-10,V99,,,planned,", "salesperson"),
        ("C999,2026-11-10,,,,planned,", "customer"),
    ],
)
def test_visits_bad_values_are_refused(run, seeded, tmp_path, line, column):
    path = _write(tmp_path / "visits.csv", VISITS, line)
    code, data, _err = _import(run, "visits", path)
    assert code == 1
    assert len(data["errors"]) == 1 and f"{path}:2: column '{column}'" in data["errors"][0]


def test_a_customer_without_salesperson_needs_who(run, seeded, tmp_path):
    assert run("customer", "add", "C004", "--name", "Sin Vendedor")[0] == 0
    path = _write(tmp_path / "visits.csv", VISITS, "C004,2026-11-10,,,,planned,")
    code, data, _err = _import(run, "visits", path)
    assert code == 1 and "column 'salesperson': the customer has no salesperson" in data["errors"][0]
    _write(path, VISITS, "C004,2026-11-10,,yes,,planned,")
    _ok(run, "visits", path, (1, 0, 0, 0))


def test_visits_status_changes_on_reimport_follow_the_table(run, seeded, tmp_path):
    path = _write(
        tmp_path / "visits.csv",
        VISITS,
        "C001,2026-11-10,V01,,10:00,planned,",
        "C003,2026-11-12,V01,,,planned,",
    )
    _ok(run, "visits", path, (2, 0, 0, 0))
    _write(path, VISITS, "C001,2026-11-10,V01,,10:00,done,", "C003,2026-11-12,V01,,,cancelled,")
    _ok(run, "visits", path, (0, 2, 0, 0))
    for line, old, new in (
        ("C001,2026-11-10,V01,,10:00,planned,", "done", "planned"),
        ("C001,2026-11-10,V01,,10:00,missed,", "done", "missed"),
        ("C003,2026-11-12,V01,,,done,", "cancelled", "done"),
    ):
        _write(path, VISITS, line)
        _refused(
            run, "visits", path, f"2: column 'status': cannot change from {old} to {new} (value '{new}')"
        )
    assert [r[6] for r in _visits(seeded)] == ["done", "cancelled"]
    changes = _rows(
        seeded, "SELECT old, new FROM change_log WHERE entity = 'visit' AND field = 'status' ORDER BY id"
    )
    assert changes == [("planned", "done"), ("planned", "cancelled")]


def test_visits_import_refuses_a_done_visit_in_the_future(run, seeded, tmp_path):
    """As ``visit done``: a visit is done on or before today (2026-11-28)."""
    path = _write(tmp_path / "visits.csv", VISITS, "C003,2026-12-12,,,,done,")
    _refused(
        run,
        "visits",
        path,
        " column 'date': a visit is done on or before today; give the day it happened "
        "(value 'C003 2026-12-12')",
    )
    assert _visits(seeded) == []
    _write(path, VISITS, "C003,2026-11-28,,,,done,")  # today is fine
    _ok(run, "visits", path, (1, 0, 0, 0))


def test_visits_import_refuses_another_customers_complaint(run, seeded, tmp_path):
    """As ``visit plan --complaint``: the complaint followed up belongs to the visit's customer."""
    complaints = _write(tmp_path / "complaints.csv", COMPLAINTS, "Q1,2026-11-01,C002,delivery,high,new,,,")
    _ok(run, "complaints", complaints, (1, 0, 0, 0))
    path = _write(tmp_path / "visits.csv", "customer,date,complaint", "C003,2026-11-20,Q1")
    _refused(
        run, "visits", path, " column 'complaint': belongs to another customer (value 'C003 2026-11-20')"
    )
    assert _visits(seeded) == []
    _write(path, "customer,date,complaint", "C002,2026-11-20,Q1")
    _ok(run, "visits", path, (1, 0, 0, 0))
    assert [v["complaint"] for v in _json(run, "visit", "list")] == ["Q1"]
