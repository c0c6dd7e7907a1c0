"""The team room's import kinds through ``salesdesk import`` (openings, candidates, courses,
course_requirements, trainings, assignments) and the customers kind's assignment hook, on the quarter of
``conftest.py`` (C1 and C2 V01's, C3 V02's; today 2026-11-28). A refused file writes nothing."""

from __future__ import annotations

import json

import pytest

from tests.team.conftest import rows, snapshot, write_csv

OPENINGS = "number,title,territory,role,opened,status"
CANDIDATES = "number,name,email,opening,stage,applied,stage_date"
TRAININGS = "course,date,salesperson,trainer,attended,completed"
ASSIGNMENTS = "customer,salesperson,start,note"
HISTORY = (
    "SELECT c.code, s.code, a.start, a.note FROM customer_assignments a "
    "JOIN customers c ON c.id = a.customer_id "
    "LEFT JOIN salespeople s ON s.id = a.salesperson_id ORDER BY a.id"
)


@pytest.fixture
def run(cli, db_path, quarter):
    def invoke(*args: str) -> tuple[int, str, str]:
        return cli("--db", str(db_path), *args)

    return invoke


def _import(run, kind, path):
    code, out, err = run("import", kind, str(path), "--json")
    assert "Traceback" not in out + err
    return code, json.loads(out), err


def imported(run, tmp_path, kind, *lines) -> tuple[int, int, int, int]:
    """Import ``lines`` as ``kind``; it must commit. Returns (created, updated, unchanged, rejected)."""
    code, data, err = _import(run, kind, write_csv(tmp_path / f"{kind}.csv", *lines))
    assert code == 0, (data, err)
    assert data["committed"] is True
    (k,) = data["kinds"]
    return k["created"], k["updated"], k["unchanged"], k["rejected"]


def refused(run, engine, tmp_path, kind, *lines, message: str) -> list[str]:
    """The whole file is refused (exit 1), one error contains ``message``, and nothing changed."""
    before = snapshot(engine)
    code, data, err = _import(run, kind, write_csv(tmp_path / f"{kind}.csv", *lines))
    assert code == 1, data
    assert data["committed"] is False
    assert "Nothing was imported" in err
    assert any(message in e for e in data["errors"]), data["errors"]
    assert snapshot(engine) == before
    return data["errors"]


# --------------------------------------------------------------------------- openings


def test_openings_import(run, quarter, tmp_path):
    assert imported(
        run,
        tmp_path,
        "openings",
        OPENINGS,
        "J1,Rep Madrid,MAD,key_account,2026-10-01,open",
        "J2,Junior,,junior,2026-10-02,",
    ) == (2, 0, 0, 0)
    assert rows(
        quarter, "SELECT number, title, territory_id IS NOT NULL, role, opened, status FROM openings"
    ) == [
        ("J1", "Rep Madrid", 1, "key_account", "2026-10-01", "open"),
        ("J2", "Junior", 0, "junior", "2026-10-02", "open"),
    ]
    # the same file again: unchanged; a status change is recorded
    assert imported(
        run, tmp_path, "openings", OPENINGS, "J1,Rep Madrid,MAD,key_account,2026-10-01,on_hold"
    ) == (
        0,
        1,
        0,
        0,
    )
    assert rows(quarter, "SELECT record, old, new FROM change_log WHERE entity = 'opening'") == [
        ("J1", "open", "on_hold")
    ]


def test_openings_file_refusals(run, quarter, tmp_path):
    refused(
        run,
        quarter,
        tmp_path,
        "openings",
        OPENINGS,
        "J1,Later,MAD,sales_rep,2026-12-01,open",
        message="after today",
    )
    refused(
        run, quarter, tmp_path, "openings", OPENINGS, "J1,Rep,XXX,sales_rep,2026-10-01,open", message="XXX"
    )
    refused(
        run,
        quarter,
        tmp_path,
        "openings",
        OPENINGS,
        "J1,Rep,MAD,sales_rep,2026-10-01,closed",
        message="closed",
    )


def test_a_reimport_cannot_reopen_a_cancelled_opening(run, quarter, tmp_path):
    imported(run, tmp_path, "openings", OPENINGS, "J1,Rep,MAD,sales_rep,2026-10-01,cancelled")
    refused(
        run, quarter, tmp_path, "openings", OPENINGS, "J1,Rep,MAD,sales_rep,2026-10-01,open", message="open"
    )


# --------------------------------------------------------------------------- candidates


def test_candidates_import_and_a_stage_step(run, quarter, tmp_path):
    imported(run, tmp_path, "openings", OPENINGS, "J1,Rep,MAD,sales_rep,2026-10-01,open")
    assert imported(
        run,
        tmp_path,
        "candidates",
        CANDIDATES,
        "A1,Marta Gil,marta@example.com,J1,applied,2026-10-05,",
        "A2,Luis Paz,,J1,screened,2026-10-06,2026-10-20",
    ) == (2, 0, 0, 0)
    assert rows(quarter, "SELECT number, stage, applied, stage_date FROM candidates ORDER BY number") == [
        ("A1", "applied", "2026-10-05", None),  # no stage date: still the application date
        ("A2", "screened", "2026-10-06", "2026-10-20"),
    ]
    # one step forward for an existing candidate is accepted and recorded
    assert imported(
        run,
        tmp_path,
        "candidates",
        CANDIDATES,
        "A1,Marta Gil,marta@example.com,J1,screened,2026-10-05,2026-10-12",
    ) == (
        0,
        1,
        0,
        0,
    )
    assert rows(quarter, "SELECT record, old, new FROM change_log WHERE entity = 'candidate'") == [
        ("A1", "applied", "screened")
    ]


def test_a_candidates_file_with_a_stage_jump_is_refused_and_writes_nothing(run, quarter, tmp_path):
    imported(run, tmp_path, "candidates", CANDIDATES, "A1,Marta Gil,,,applied,2026-10-05,")
    errors = refused(
        run,
        quarter,
        tmp_path,
        "candidates",
        CANDIDATES,
        "A9,New Person,,,applied,2026-11-01,",  # a valid new row: not written either
        "A1,Marta Gil,,,offer,2026-10-05,2026-11-01",  # applied → offer skips two stages
        message="cannot change from applied to offer",
    )
    assert errors[0].endswith(":3: column 'stage': cannot change from applied to offer (value 'offer')")
    assert rows(quarter, "SELECT number, stage FROM candidates") == [("A1", "applied")]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("A1,Marta,,,hired,2026-10-05,", "hired"),  # hiring creates the salesperson: not imported
        ("A1,Marta,,,applied,2026-12-01,", "after today"),
        ("A1,Marta,,,screened,2026-10-05,2026-10-01", "before the application date"),
        ("A1,Marta,,J404,applied,2026-10-05,", "J404"),
        ("A1,Marta,,,promoted,2026-10-05,", "promoted"),
    ],
)
def test_candidates_file_refusals(run, quarter, tmp_path, line, message):
    refused(run, quarter, tmp_path, "candidates", CANDIDATES, line, message=message)


def test_a_reimport_without_stage_date_keeps_the_stage_date(run, quarter, tmp_path):
    imported(run, tmp_path, "candidates", CANDIDATES, "A2,Luis Paz,,,screened,2026-10-06,2026-10-20")
    short = "number,name,stage,applied"
    assert imported(run, tmp_path, "candidates", short, "A2,Luis Paz,screened,2026-10-06") == (0, 0, 1, 0)
    assert rows(quarter, "SELECT stage_date FROM candidates") == [("2026-10-20",)]


def test_a_stage_date_after_today_is_refused(run, quarter, tmp_path):
    refused(
        run,
        quarter,
        tmp_path,
        "candidates",
        CANDIDATES,
        "A1,Marta,,,screened,2026-10-05,2026-12-20",
        message="after today",
    )


# --------------------------------------------------------------------------- courses and trainings


def test_courses_requirements_and_trainings_import(run, quarter, tmp_path):
    assert imported(
        run, tmp_path, "courses", "code,name,topic,hours", "SAF,Safety,,4", "NEG,Negotiation,sales,8"
    ) == (
        2,
        0,
        0,
        0,
    )
    assert imported(
        run, tmp_path, "course_requirements", "course,role", "SAF,sales_rep", "NEG,key_account"
    ) == (
        2,
        0,
        0,
        0,
    )
    assert imported(
        run,
        tmp_path,
        "trainings",
        TRAININGS,
        "SAF,2026-11-10,V01,Luis,yes,yes",
        "SAF,2026-11-10,V02,Luis,yes,no",
        "SAF,2026-11-12,V02,Luis,,yes",  # completed: attended
    ) == (3, 0, 0, 0)
    assert rows(
        quarter,
        "SELECT c.code, a.date, s.code, a.attended, a.completed FROM attendance a "
        "JOIN courses c ON c.id = a.course_id "
        "JOIN salespeople s ON s.id = a.salesperson_id ORDER BY a.id",
    ) == [
        ("SAF", "2026-11-10", "V01", 1, 1),
        ("SAF", "2026-11-10", "V02", 1, 0),
        ("SAF", "2026-11-12", "V02", 1, 1),
    ]
    code, out, err = run("team", "training", "matrix", "--missing", "--json")
    assert code == 0, err
    assert json.loads(out) == []  # both sales reps completed SAF


def test_trainings_completed_but_not_attended_is_refused(run, quarter, tmp_path):
    imported(run, tmp_path, "courses", "code,name", "SAF,Safety")
    errors = refused(
        run,
        quarter,
        tmp_path,
        "trainings",
        TRAININGS,
        "SAF,2026-11-10,V01,Luis,yes,yes",
        "SAF,2026-11-10,V02,Luis,no,yes",
        message="a completed course was attended",
    )
    assert errors[0].endswith(":3: column 'attended': a completed course was attended (value 'no')")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("SAF,2026-12-10,V01,Luis,yes,yes", "after today"),
        ("ZZZ,2026-11-10,V01,Luis,yes,yes", "ZZZ"),
        ("SAF,2026-11-10,V99,Luis,yes,yes", "V99"),
    ],
)
def test_trainings_file_refusals(run, quarter, tmp_path, line, message):
    imported(run, tmp_path, "courses", "code,name", "SAF,Safety")
    refused(run, quarter, tmp_path, "trainings", TRAININGS, line, message=message)


# --------------------------------------------------------------------------- assignments


def test_assignments_import_changes_the_current_salesperson_and_records_it(run, quarter, tmp_path):
    assert imported(
        run, tmp_path, "assignments", ASSIGNMENTS, "C2,V02,2026-10-15,zones", "C3,V01,2026-11-01,"
    ) == (2, 0, 0, 0)
    assert rows(quarter, HISTORY) == [
        ("C1", "V01", "2026-08-10", ""),
        ("C2", "V01", "2019-05-01", ""),
        ("C3", "V02", "2026-07-20", ""),
        ("C2", "V02", "2026-10-15", "zones"),
        ("C3", "V01", "2026-11-01", ""),
    ]
    assert rows(
        quarter, "SELECT c.code, s.code FROM customers c JOIN salespeople s ON s.id = c.salesperson_id"
    ) == [
        ("C1", "V01"),
        ("C2", "V02"),
        ("C3", "V01"),
    ]
    assert rows(
        quarter, "SELECT record, field, old, new FROM change_log WHERE entity = 'customer' ORDER BY record"
    ) == [("C2", "salesperson", "V01", "V02"), ("C3", "salesperson", "V02", "V01")]
    # the quarter's numbers still follow who had them then
    code, out, err = run("team", "list", "--period", "2026Q3", "--json")
    assert code == 0, err
    assert json.loads(out)[0]["kpis"]["sales_attainment"] == "84.0"
    # the same file again: unchanged, no new history
    assert imported(
        run, tmp_path, "assignments", ASSIGNMENTS, "C2,V02,2026-10-15,zones", "C3,V01,2026-11-01,"
    ) == (
        0,
        0,
        2,
        0,
    )
    assert rows(quarter, "SELECT count(*) FROM change_log WHERE entity = 'customer'") == [(2,)]


def test_an_assignment_dated_after_today_refuses_the_file(run, quarter, tmp_path):
    refused(
        run,
        quarter,
        tmp_path,
        "assignments",
        ASSIGNMENTS,
        "C2,V02,2026-10-15,zones",
        "C3,V01,2026-12-01,",
        message="an assignment dated after today (value '2026-12-01')",
    )


def test_an_assignment_to_someone_who_left_is_refused(run, quarter, tmp_path):
    code, _out, err = run("salesperson", "edit", "V02", "--status", "left")
    assert code == 0, err
    refused(run, quarter, tmp_path, "assignments", ASSIGNMENTS, "C2,V02,2026-10-15,", message="has left")
    refused(run, quarter, tmp_path, "assignments", ASSIGNMENTS, "C99,V01,2026-10-15,", message="C99")


# --------------------------------------------------------------------------- customers import hook


def test_customers_import_opens_assignments(run, quarter, tmp_path):
    assert imported(
        run,
        tmp_path,
        "customers",
        "code,name,salesperson,customer_since",
        "C5,Nuevo S.L.,V01,2026-11-02",  # new with a salesperson: assigned from its customer-since date
        "C6,Otro S.L.,V02,",  # new without one: from the first day
        "C7,Sin Vendedor,,2026-11-03",  # new without a salesperson: no assignment
        "C1,Customer C1,V02,2026-08-10",  # changed salesperson: from the import's day
    ) == (3, 1, 0, 0)
    assert rows(quarter, HISTORY)[3:] == [
        ("C5", "V01", "2026-11-02", ""),
        ("C6", "V02", None, ""),
        ("C1", "V02", "2026-11-28", "import"),
    ]
    code, out, err = run("team", "assignments", "C1", "--json")
    assert code == 0, err
    assert [(a["salesperson"], a["start"], a["end"]) for a in json.loads(out)] == [
        ("V01", "2026-08-10", "2026-11-27"),
        ("V02", "2026-11-28", None),
    ]
    # C1 was V01's on 09-30: the quarter's portfolio does not move
    code, out, err = run("team", "list", "--period", "2026Q3", "--json")
    assert json.loads(out)[0]["kpis"]["overdue_receivables"] == "15.0"


def test_a_customer_since_after_today_is_still_its_salesperson_s_today(run, quarter, tmp_path):
    from salesdesk.core.db import read_session
    from salesdesk.org.assignments import owners_on
    from tests.conftest import TODAY

    imported(
        run, tmp_path, "customers", "code,name,salesperson,customer_since", "C8,Futuro S.L.,V01,2026-12-15"
    )
    (c8,) = rows(quarter, "SELECT id FROM customers WHERE code = 'C8'")[0]
    (v01,) = rows(quarter, "SELECT id FROM salespeople WHERE code = 'V01'")[0]
    with read_session(quarter) as s:
        assert owners_on(s, TODAY, [c8]) == {c8: v01}  # the customer's salesperson is in force today
    code, _out, err = run("team", "assign", "C8", "--to", "V02")
    assert code == 0, err


# --------------------------------------------------------------------------- round trips and roles


def test_export_then_import_is_unchanged(run, quarter, tmp_path):
    for args in (
        ("team", "opening", "add", "--title", "Rep", "--opened", "2026-10-01"),
        ("team", "candidate", "add", "Marta Gil", "--opening", "J0001", "--applied", "2026-10-05"),
        ("team", "candidate", "move", "A0001", "--to", "screened"),
        ("team", "course", "add", "SAF", "--name", "Safety", "--required-for", "sales_rep"),
        (
            "team",
            "training",
            "record",
            "SAF",
            "--date",
            "2026-11-10",
            "--people",
            "V01,V02",
            "--not-completed",
            "V02",
        ),
        ("team", "assign", "C2", "--to", "V02", "--from-date", "2026-10-15"),
    ):
        code, _out, err = run(*args)
        assert code == 0, (args, err)
    for kind, count in (
        ("openings", 1),
        ("candidates", 1),
        ("courses", 1),
        ("course_requirements", 1),
        ("trainings", 2),
        ("assignments", 4),
    ):
        path = tmp_path / f"{kind}-export.csv"
        code, _out, err = run("export", kind, str(path))
        assert code == 0, err
        code, data, err = _import(run, kind, path)
        assert code == 0, (kind, data["errors"], err)
        (k,) = data["kinds"]
        assert (k["created"], k["updated"], k["unchanged"]) == (0, 0, count), kind


def test_export_then_import_of_a_hired_candidate_is_unchanged(run, quarter, tmp_path):
    for args in (
        ("team", "candidate", "add", "Marta Gil", "--applied", "2026-10-05"),
        ("team", "candidate", "move", "A0001", "--to", "screened"),
        ("team", "candidate", "move", "A0001", "--to", "interviewed"),
        ("team", "candidate", "move", "A0001", "--to", "offer"),
        ("team", "candidate", "hire", "A0001", "--code", "V05"),
    ):
        code, _out, err = run(*args)
        assert code == 0, (args, err)
    path = tmp_path / "candidates-export.csv"
    code, _out, err = run("export", "candidates", str(path))
    assert code == 0, err
    code, data, err = _import(run, "candidates", path)
    assert code == 0, (data["errors"], err)
    assert data["kinds"][0]["unchanged"] == 1


def test_an_imported_role_matches_the_commands_roles(run, quarter, tmp_path):
    imported(run, tmp_path, "courses", "code,name", "SAF,Safety")
    imported(run, tmp_path, "course_requirements", "course,role", "SAF,Sales_Rep")
    code, out, err = run("team", "training", "matrix", "--missing", "--json")
    assert code == 0, err
    assert json.loads(out) == [
        {"salesperson": "V01", "name": "Ana Ruiz", "missing": ["SAF"]},
        {"salesperson": "V02", "name": "Bea Sanz", "missing": ["SAF"]},
    ]
