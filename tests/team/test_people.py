"""Recruiting (openings, candidates, hiring) and training (courses, required courses, attendance, the
matrix) through the team room's queries. Today is 2026-11-28; the ``region`` fixture has zone MAD, group
DIST and salespeople V01 and V02 (sales_rep)."""

from __future__ import annotations

from datetime import date

import pytest

from salesdesk.core.db import read_session, write_session
from salesdesk.core.errors import DataError
from salesdesk.org import assignments
from salesdesk.org import queries as org
from salesdesk.team import people
from salesdesk.team.rules import Cell
from tests.conftest import NOW, TODAY
from tests.team.conftest import d, rows, snapshot


def refused(call, field: str, value=None) -> DataError:
    with pytest.raises(DataError) as exc:
        call()
    assert exc.value.field.lstrip("-") == field, exc.value
    if value is not None:
        assert str(value) in str(exc.value.value), exc.value
    return exc.value


def opening(engine, title="Sales rep Toledo", territory="TOL", role="key_account", opened="2026-10-01"):
    with write_session(engine) as s:
        return people.add_opening(
            session=s, title=title, territory=territory, role=role, opened=d(opened), today=TODAY
        )


def candidate(engine, name="Marta Gil", opening_no=None, applied="2026-10-05", email="marta@example.com"):
    with write_session(engine) as s:
        return people.add_candidate(
            session=s,
            name=name,
            opening=opening_no,
            source="referral",
            email=email,
            phone="600 123 456",
            applied=d(applied),
            notes="",
            today=TODAY,
        )


def move(engine, number, stage, day):
    with write_session(engine) as s:
        return people.move_candidate(session=s, number=number, stage=stage, day=d(day), today=TODAY, now=NOW)


def hire(engine, number, code="V05", hire_date="2026-11-28", territory=None, role=None):
    with write_session(engine) as s:
        return people.hire(
            session=s,
            number=number,
            code=code,
            hire_date=d(hire_date),
            territory=territory,
            role=role,
            today=TODAY,
            now=NOW,
        )


def set_status(engine, number, status):
    with write_session(engine) as s:
        people.set_opening_status(session=s, number=number, status=status, today=TODAY, now=NOW)


def candidates(engine) -> dict[str, tuple]:
    with read_session(engine) as s:
        return {
            c.number: (c.stage, c.stage_date, c.salesperson)
            for c in people.list_candidates(session=s, today=TODAY)
        }


def openings(engine) -> dict[str, tuple]:
    with read_session(engine) as s:
        return {o.number: (o.status, o.closed, o.candidates) for o in people.list_openings(session=s)}


@pytest.fixture
def tol(region):
    with write_session(region) as s:
        org.add_territory(session=s, code="TOL", name="Toledo")
    return region


# --------------------------------------------------------------------------- openings


def test_openings_are_numbered_and_move_between_open_and_on_hold(tol):
    assert opening(tol) == "J0001"
    assert opening(tol, title="Junior", territory=None, role="junior") == "J0002"
    set_status(tol, "J0001", "on_hold")
    set_status(tol, "J0001", "open")
    set_status(tol, "J0002", "cancelled")
    assert openings(tol) == {"J0001": ("open", None, 0), "J0002": ("cancelled", TODAY, 0)}
    assert rows(tol, "SELECT record, old, new FROM change_log WHERE entity = 'opening' ORDER BY id") == [
        ("J0001", "open", "on_hold"),
        ("J0001", "on_hold", "open"),
        ("J0002", "open", "cancelled"),
    ]


def test_opening_refusals(tol):
    opening(tol)
    set_status(tol, "J0001", "cancelled")
    before = snapshot(tol)
    refused(lambda: set_status(tol, "J0001", "open"), "to", "open")  # cancelled is final
    refused(lambda: set_status(tol, "J0001", "filled"), "to", "filled")  # filled only by hiring
    refused(lambda: set_status(tol, "J0009", "on_hold"), "opening", "J0009")
    refused(lambda: opening(tol, opened="2026-11-29"), "opened", "2026-11-29")
    refused(lambda: opening(tol, title=" "), "title")
    refused(lambda: opening(tol, territory="XXX"), "territory", "XXX")
    assert snapshot(tol) == before


# --------------------------------------------------------------------------- candidates


def test_a_candidate_moves_one_step_at_a_time(tol):
    number = candidate(tol, opening_no=opening(tol))
    assert number == "A0001"
    assert candidates(tol)["A0001"] == ("applied", date(2026, 10, 5), None)
    assert move(tol, number, "screened", "2026-10-10") == ("applied", "screened")
    assert move(tol, number, "interviewed", "2026-10-10") == ("screened", "interviewed")  # same day: fine
    assert move(tol, number, "offer", "2026-11-02") == ("interviewed", "offer")
    assert candidates(tol)["A0001"] == ("offer", date(2026, 11, 2), None)
    assert rows(tol, "SELECT old, new FROM change_log WHERE entity = 'candidate' ORDER BY id") == [
        ("applied", "screened"),
        ("screened", "interviewed"),
        ("interviewed", "offer"),
    ]


@pytest.mark.parametrize(
    ("stage", "day", "field", "message"),
    [
        ("interviewed", "2026-10-10", "to", "cannot change from applied to interviewed"),  # skips screened
        ("offer", "2026-10-10", "to", "cannot change from applied to offer"),
        ("hired", "2026-10-10", "to", "team candidate hire"),  # hiring creates the salesperson
        ("promoted", "2026-10-10", "to", "must be one of"),
        ("screened", "2026-10-04", "date", "before the current stage began"),  # before 10-05
        ("screened", "2026-11-29", "date", "after today"),
    ],
)
def test_candidate_move_refusals(tol, stage, day, field, message):
    number = candidate(tol)
    before = snapshot(tol)
    err = refused(lambda: move(tol, number, stage, day), field)
    assert message in err.message
    assert snapshot(tol) == before


def test_rejected_from_any_open_stage_and_final_stays_final(tol):
    numbers = [candidate(tol, name=f"Person {i}") for i in range(4)]
    steps = ["screened", "interviewed", "offer"]
    for i, number in enumerate(numbers):
        for stage in steps[:i]:
            move(tol, number, stage, "2026-10-20")
        assert move(tol, number, "rejected", "2026-11-01")[1] == "rejected"
    assert {c[0] for c in candidates(tol).values()} == {"rejected"}
    before = snapshot(tol)
    for stage in ("applied", "screened", "rejected"):
        err = refused(lambda stage=stage: move(tol, numbers[0], stage, "2026-11-10"), "to", stage)
        assert "none (final)" in err.message
    refused(lambda: hire(tol, numbers[3]), "stage", "hired")
    assert snapshot(tol) == before


def test_candidate_refusals(tol):
    opening(tol)
    set_status(tol, "J0001", "cancelled")
    before = snapshot(tol)
    refused(lambda: candidate(tol, applied="2026-11-29"), "applied", "2026-11-29")
    refused(lambda: candidate(tol, opening_no="J0001"), "opening", "J0001")  # cancelled
    refused(lambda: candidate(tol, opening_no="J0404"), "opening", "J0404")
    refused(lambda: candidate(tol, name=" "), "name")
    refused(lambda: candidate(tol, email="not-an-email"), "email")
    refused(lambda: move(tol, "A0404", "screened", "2026-11-01"), "candidate", "A0404")
    assert snapshot(tol) == before


# --------------------------------------------------------------------------- hiring


def at_offer(engine, opening_no=None) -> str:
    number = candidate(engine, opening_no=opening_no)
    for stage, day in (("screened", "2026-10-10"), ("interviewed", "2026-10-20"), ("offer", "2026-11-02")):
        move(engine, number, stage, day)
    return number


def test_hire_creates_the_salesperson_and_fills_the_opening(tol):
    number = at_offer(tol, opening(tol))
    assert hire(tol, number, code="V05", hire_date="2026-11-16") == "V05"
    with read_session(tol) as s:
        made = next(p for p in org.list_salespeople(session=s) if p.code == "V05")
    assert (made.name, made.email, made.territory, made.role, made.hire_date, made.status) == (
        "Marta Gil",
        "marta@example.com",
        "TOL",
        "key_account",
        date(2026, 11, 16),
        "active",
    )
    assert candidates(tol)[number] == ("hired", date(2026, 11, 16), "V05")
    assert openings(tol)["J0001"] == ("filled", date(2026, 11, 16), 1)
    assert rows(tol, "SELECT entity, old, new, note FROM change_log WHERE new IN ('hired', 'filled')") == [
        ("candidate", "offer", "hired", "V05"),
        ("opening", "open", "filled", number),
    ]


def test_hire_with_own_territory_and_role_and_without_an_opening(tol):
    number = at_offer(tol)
    hire(tol, number, code="V06", territory="MAD", role="junior")
    with read_session(tol) as s:
        made = next(p for p in org.list_salespeople(session=s) if p.code == "V06")
    assert (made.territory, made.role, made.hire_date) == ("MAD", "junior", TODAY)


def test_hire_refusals_write_nothing(tol):
    early = candidate(tol, name="Early", opening_no=opening(tol))
    move(tol, early, "screened", "2026-10-10")
    number = at_offer(tol, "J0001")
    before = snapshot(tol)
    refused(lambda: hire(tol, early), "stage", "hired")  # only from offer
    refused(lambda: hire(tol, number, code="V01"), "code", "V01")  # the code is taken
    refused(lambda: hire(tol, number, hire_date="2026-11-01"), "hire_date", "2026-11-01")  # before the offer
    refused(lambda: hire(tol, number, territory="XXX"), "territory", "XXX")
    assert snapshot(tol) == before


# --------------------------------------------------------------------------- training


def add_course(engine, code, name, required_for=(), hours=4):
    with write_session(engine) as s:
        return people.add_course(
            session=s, code=code, name=name, topic="", hours=hours, required_for=list(required_for)
        )


def record(engine, course, day, who, not_completed=(), trainer="Luis"):
    with write_session(engine) as s:
        return people.record_training(
            session=s,
            course=course,
            day=d(day),
            trainer=trainer,
            people=list(who),
            not_completed=list(not_completed),
            today=TODAY,
        )


def matrix(engine):
    with read_session(engine) as s:
        return people.matrix(session=s)


def test_courses_requirements_attendance_and_the_matrix(region):
    with write_session(region) as s:
        org.add_salesperson(session=s, code="V03", name="Key Account", role="key_account")
        org.add_salesperson(session=s, code="V04", name="Gone", status="left")
    assert add_course(region, "SAF", "Safety", ["sales_rep"]) == "SAF"
    add_course(region, "NEG", "Negotiation", ["key_account"])
    add_course(region, "XLS", "Spreadsheets")  # required for nobody
    with write_session(region) as s:
        assert people.require(session=s, course="NEG", role="sales_rep") is True
        assert people.require(session=s, course="NEG", role="sales_rep") is False  # already
    assert record(region, "SAF", "2026-11-10", ["V01", "V02"], not_completed=["V02"]) == 2
    record(region, "NEG", "2026-06-01", ["V01"])
    m = matrix(region)
    assert m.courses == [("NEG", "Negotiation"), ("SAF", "Safety")]
    assert m.rows == [
        (
            "V01",
            "Ana Ruiz",
            "sales_rep",
            {"NEG": Cell("done", date(2026, 6, 1)), "SAF": Cell("done", d("2026-11-10"))},
        ),
        ("V02", "Bea Sanz", "sales_rep", {"NEG": Cell("missing"), "SAF": Cell("attended", d("2026-11-10"))}),
        ("V03", "Key Account", "key_account", {"NEG": Cell("missing")}),
    ]  # V04 left: not in the matrix
    assert m.missing() == [("V02", "Bea Sanz", ["NEG", "SAF"]), ("V03", "Key Account", ["NEG"])]
    # the same session recorded again: V02 completed after all (updated, not duplicated)
    record(region, "SAF", "2026-11-10", ["V02"])
    assert rows(region, "SELECT count(*) FROM attendance") == [(3,)]
    assert matrix(region).rows[1][3]["SAF"] == Cell("done", d("2026-11-10"))
    with read_session(region) as s:
        courses = {c.code: (c.required_for, c.completed) for c in people.list_courses(session=s)}
    assert courses == {"NEG": (["key_account", "sales_rep"], 1), "SAF": (["sales_rep"], 2), "XLS": ([], 0)}
    # no longer required for sales reps
    with write_session(region) as s:
        assert people.require(session=s, course="NEG", role="sales_rep", remove=True) is True
    assert matrix(region).missing() == [("V03", "Key Account", ["NEG"])]


def test_the_matrix_follows_a_role_change(region):
    add_course(region, "NEG", "Negotiation", ["key_account"])
    assert matrix(region).missing() == []
    with write_session(region) as s:
        assert assignments.edit_salesperson(session=s, code="V02", data={"role": "key_account"}, now=NOW) == [
            "role"
        ]
    assert matrix(region).missing() == [("V02", "Bea Sanz", ["NEG"])]
    assert rows(region, "SELECT record, field, old, new FROM change_log WHERE entity = 'salesperson'") == [
        ("V02", "role", "sales_rep", "key_account")
    ]


@pytest.mark.parametrize(
    ("course", "day", "who", "not_completed", "field", "value"),
    [
        ("SAF", "2026-11-10", ["V01"], ["V02"], "not_completed", "V02"),  # must also be in people
        ("SAF", "2026-11-10", ["V01", "V99"], [], "people", "V99"),
        ("SAF", "2026-11-10", [], [], "people", None),
        ("SAF", "2026-11-29", ["V01"], [], "date", "2026-11-29"),
        ("ZZZ", "2026-11-10", ["V01"], [], "course", "ZZZ"),
    ],
)
def test_record_training_refusals_write_nothing(region, course, day, who, not_completed, field, value):
    add_course(region, "SAF", "Safety", ["sales_rep"])
    before = snapshot(region)
    err = refused(lambda: record(region, course, day, who, not_completed), field)
    if value is not None:
        assert value in str(err.value)
    assert snapshot(region) == before


def test_add_course_refusals(region):
    add_course(region, "SAF", "Safety")
    before = snapshot(region)
    refused(lambda: add_course(region, "SAF", "Again"), "code", "SAF")
    refused(lambda: add_course(region, "NEW", " "), "name")
    refused(lambda: add_course(region, "BIG", "Long", hours=1001), "hours", "1001")
    refused(lambda: add_course(region, "ROL", "Bad role", ["sales rep!"]), "role")
    with write_session(region) as s:
        refused(lambda: people.require(session=s, course="ZZZ", role="sales_rep"), "course", "ZZZ")
    assert snapshot(region) == before
