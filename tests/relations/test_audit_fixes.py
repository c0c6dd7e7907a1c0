"""What an audit of the relations rooms found, pinned: no resolution in the future (CLI and import), a
re-import keeps a complaint's owner, a visit that cannot change names the visit, a wrong --complaint names
the option, the Complaints filter's "every status"."""

from __future__ import annotations

import json

from tests.relations.test_imports import COMPLAINTS, _import, _write


def _run(cli, db_path):
    return lambda *args: cli("--db", str(db_path), *args)


def test_a_complaint_is_not_resolved_in_the_future(cli, db_path, seeded, tmp_path):
    run = _run(cli, db_path)
    assert run("complaint", "add", "C001", "--category", "price", "--severity", "low", "--text", "x")[0] == 0
    code, _out, err = run("complaint", "resolve", "R000001", "--resolution", "ok", "--date", "2026-11-29")
    assert code == 1 and "--date '2026-11-29'" in err and "on or before today" in err
    path = _write(
        tmp_path / "complaints.csv", COMPLAINTS, "Q1,2026-11-01,C001,delivery,high,resolved,2026-12-05,3,"
    )
    code, data, _err = _import(run, "complaints", path)
    assert code == 1 and "on or before today" in data["errors"][0]


def test_a_reimport_keeps_the_complaints_owner(cli, db_path, seeded, tmp_path):
    run = _run(cli, db_path)
    assert run("complaint", "add", "C001", "--category", "price", "--severity", "low", "--text", "x",
               "--owner", "V02")[0] == 0  # fmt: skip
    path = tmp_path / "complaints.csv"
    path.write_text("number,opened,customer,description\nR000001,2026-11-28,C001,x again\n", encoding="utf-8")
    code, data, err = _import(run, "complaints", path)
    assert code == 0, (data, err)
    code, out, _err = run("complaint", "list", "--json")
    assert json.loads(out)[0]["owner"] == "V02"


def test_closing_a_visit_twice_names_the_visit_and_a_wrong_complaint_names_the_option(cli, db_path, seeded):
    run = _run(cli, db_path)
    assert run("visit", "plan", "C001", "--date", "2026-11-27")[0] == 0
    assert run("visit", "done", "1")[0] == 0
    code, _out, err = run("visit", "done", "1")
    assert code == 1 and err.startswith("Error: ID '1': cannot change from done to done")
    assert run("complaint", "add", "C002", "--category", "price", "--severity", "low", "--text", "x")[0] == 0
    code, _out, err = run("visit", "plan", "C001", "--date", "2026-12-01", "--complaint", "R000001")
    assert code == 1 and "--complaint 'R000001'" in err and "another customer" in err


def test_the_next_visit_planned_by_done_warns_of_a_double_booking(cli, db_path, seeded):
    run = _run(cli, db_path)
    assert run("visit", "plan", "C003", "--date", "2026-12-04", "--time", "10:00")[0] == 0
    assert run("visit", "plan", "C001", "--date", "2026-11-27", "--time", "10:00")[0] == 0
    code, out, err = run("visit", "done", "2", "--next", "2026-12-04")
    assert code == 0 and "Next visit 3 planned" in out
    assert err.startswith("warning: V01 is already booked on 2026-12-04: visit 1 to C003 at 10:00")
