"""Recruiting (openings, candidates, hiring) and training (courses, required courses per role,
attendance, the people × required courses matrix). Plain dataclasses out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlmodel import Session

from salesdesk.core.errors import DataError
from salesdesk.core.history import record_change
from salesdesk.core.i18n import _
from salesdesk.org import queries as org_q
from salesdesk.org import rules as org_rules
from salesdesk.org.assignments import clean_role
from salesdesk.org.models import Salesperson, Territory
from salesdesk.team import rules
from salesdesk.team.models import Attendance, Candidate, Course, CourseRequirement, Opening


def _next_number(session: Session, model, prefix: str) -> str:  # noqa: ANN001
    """The next number of the app's own series (``A0001``…), past any number of that shape."""
    numbers = session.execute(select(model.number).where(model.number.like(f"{prefix}%"))).scalars().all()
    taken = [int(n[len(prefix) :]) for n in numbers if n[len(prefix) :].isdigit()]
    return f"{prefix}{max(taken, default=0) + 1:04d}"


def _territory(session: Session, code: str | None, field: str = "territory") -> int | None:
    code = (code or "").strip()
    if not code:
        return None
    found = session.execute(select(Territory.id).where(Territory.code == code)).scalar()
    if found is None:
        raise DataError(field, code, _("no territory has this code"))
    return found


# --------------------------------------------------------------------------- openings


@dataclass(frozen=True)
class OpeningRow:
    number: str
    title: str
    territory: str | None
    role: str
    opened: date
    status: str
    closed: date | None
    candidates: int


def add_opening(
    *, session: Session, title: str, territory: str | None, role: str | None, opened: date, today: date
) -> str:
    text = org_rules.clean_text(title, "title", required=True)
    if opened > today:
        raise DataError("opened", opened.isoformat(), _("is after today"))
    number = _next_number(session, Opening, "J")
    session.add(
        Opening(
            number=number,
            title=text,
            territory_id=_territory(session, territory),
            role=clean_role(role or "sales_rep"),
            opened=opened,
        )
    )
    session.flush()
    return number


def _opening(session: Session, number: str, field: str = "opening") -> Opening:
    o = session.execute(select(Opening).where(Opening.number == (number or "").strip())).scalars().first()
    if o is None:
        raise DataError(field, number, _("no opening has this number"))
    return o


def set_opening_status(*, session: Session, number: str, status: str, today: date, now: datetime) -> None:
    o = _opening(session, number)
    if status == "filled":
        raise DataError("to", status, _("an opening is filled by hiring a candidate"))
    rules.check_transition(rules.OPENING_TRANSITIONS, o.status, status, "to")
    record_change(
        session,
        entity="opening",
        record=o.number,
        field="status",
        old=o.status,
        new=status,
        when=now,
        note="",
    )
    o.status = status
    o.closed = today if status == "cancelled" else None
    session.add(o)
    session.flush()


def list_openings(*, session: Session, status: str | None = None) -> list[OpeningRow]:
    zones = dict(session.execute(select(Territory.id, Territory.code)).all())
    counts: dict[int, int] = {}
    for (oid,) in session.execute(
        select(Candidate.opening_id).where(Candidate.opening_id.is_not(None))
    ).all():
        counts[oid] = counts.get(oid, 0) + 1
    stmt = select(Opening).order_by(Opening.opened.desc(), Opening.number)
    if status:
        stmt = stmt.where(Opening.status == status)
    return [
        OpeningRow(
            o.number,
            o.title,
            zones.get(o.territory_id),
            o.role,
            o.opened,
            o.status,
            o.closed,
            counts.get(o.id, 0),
        )
        for o in session.execute(stmt).scalars().all()
    ]


# --------------------------------------------------------------------------- candidates


@dataclass(frozen=True)
class CandidateRow:
    number: str
    name: str
    email: str
    phone: str
    source: str
    opening: str | None
    opening_title: str | None
    stage: str
    applied: date
    stage_date: date
    #: None once hired or rejected.
    days_in_stage: int | None
    notes: str
    salesperson: str | None


def add_candidate(
    *,
    session: Session,
    name: str,
    opening: str | None,
    source: str,
    email: str,
    phone: str,
    applied: date,
    notes: str,
    today: date,
) -> str:
    clean_name = org_rules.clean_text(name, "name", required=True)
    if applied > today:
        raise DataError("applied", applied.isoformat(), _("is after today"))
    opening_id = None
    if opening:
        o = _opening(session, opening, "opening")
        if o.status not in ("open", "on_hold"):
            raise DataError(
                "opening",
                o.number,
                _("is {status}: it takes no candidates").format(
                    status=rules.word(rules.OPENING_LABELS, o.status)
                ),
            )
        opening_id = o.id
    number = _next_number(session, Candidate, "A")
    session.add(
        Candidate(
            number=number,
            name=clean_name,
            email=org_rules.clean_email(email or ""),
            phone=org_rules.clean_phone(phone or ""),
            source=org_rules.clean_text(source, "source"),
            opening_id=opening_id,
            applied=applied,
            notes=org_rules.clean_text(notes, "notes", max_len=2000),
        )
    )
    session.flush()
    return number


def _candidate(session: Session, number: str) -> Candidate:
    c = session.execute(select(Candidate).where(Candidate.number == (number or "").strip())).scalars().first()
    if c is None:
        raise DataError("candidate", number, _("no candidate has this number"))
    return c


def move_candidate(
    *, session: Session, number: str, stage: str, day: date, today: date, now: datetime, note: str = ""
) -> tuple[str, str]:
    """One step forward, or rejected (hiring goes through :func:`hire`). Returns (old, new)."""
    c = _candidate(session, number)
    if stage == "hired":
        raise DataError("to", stage, _("hire with team candidate hire (it creates the salesperson)"))
    rules.check_transition(rules.STAGE_TRANSITIONS, c.stage, stage, "to")
    _stage_day(c, day, today)
    old = c.stage
    record_change(
        session, entity="candidate", record=c.number, field="stage", old=old, new=stage, when=now, note=note
    )
    c.stage, c.stage_date = stage, day
    if note:
        c.notes = (c.notes + "\n" if c.notes else "") + f"{day.isoformat()}: {note.strip()}"[:2000]
    session.add(c)
    session.flush()
    return old, stage


def _stage_day(c: Candidate, day: date, today: date, field: str = "date") -> None:
    if day > today:
        raise DataError(field, day.isoformat(), _("is after today"))
    since = c.stage_date or c.applied
    if day < since:
        raise DataError(
            field,
            day.isoformat(),
            _("comes before the current stage began ({day})").format(day=since),
        )


def hire(
    *,
    session: Session,
    number: str,
    code: str,
    hire_date: date,
    territory: str | None,
    role: str | None,
    today: date,
    now: datetime,
) -> str:
    """offer → hired: creates the salesperson (name and contact from the candidate; territory and role
    from the opening unless given) and fills the opening."""
    c = _candidate(session, number)
    rules.check_transition(rules.STAGE_TRANSITIONS, c.stage, "hired", "stage")
    _stage_day(c, min(hire_date, today), today, "hire_date")
    o = session.get(Opening, c.opening_id) if c.opening_id else None
    zone_code = territory
    if zone_code is None and o is not None and o.territory_id is not None:
        zone_code = session.get(Territory, o.territory_id).code
    row = org_q.add_salesperson(
        session=session,
        code=code,
        name=c.name,
        email=c.email,
        phone=c.phone,
        territory=zone_code,
        hire_date=hire_date,
        status="active",
        role=role or (o.role if o is not None else "sales_rep"),
    )
    sp = session.execute(select(Salesperson).where(Salesperson.code == row.code)).scalars().one()
    record_change(
        session,
        entity="candidate",
        record=c.number,
        field="stage",
        old=c.stage,
        new="hired",
        when=now,
        note=row.code,
    )
    c.stage, c.stage_date, c.salesperson_id = "hired", min(hire_date, today), sp.id
    session.add(c)
    if o is not None and o.status in ("open", "on_hold"):
        record_change(
            session,
            entity="opening",
            record=o.number,
            field="status",
            old=o.status,
            new="filled",
            when=now,
            note=c.number,
        )
        o.status, o.closed = "filled", min(hire_date, today)
        session.add(o)
    session.flush()
    return row.code


def list_candidates(
    *, session: Session, today: date, stage: str | None = None, opening: str | None = None
) -> list[CandidateRow]:
    openings = {o.id: o for o in session.execute(select(Opening)).scalars().all()}
    people = dict(session.execute(select(Salesperson.id, Salesperson.code)).all())
    stmt = select(Candidate).order_by(
        func.coalesce(Candidate.stage_date, Candidate.applied), Candidate.number
    )
    if stage:
        if stage not in rules.STAGES:
            raise DataError(
                "stage", stage, _("must be one of: {choices}").format(choices=", ".join(rules.STAGES))
            )
        stmt = stmt.where(Candidate.stage == stage)
    if opening:
        stmt = stmt.where(Candidate.opening_id == _opening(session, opening, "opening").id)
    out = []
    for c in session.execute(stmt).scalars().all():
        o = openings.get(c.opening_id)
        out.append(
            CandidateRow(
                c.number,
                c.name,
                c.email,
                c.phone,
                c.source,
                o.number if o else None,
                o.title if o else None,
                c.stage,
                c.applied,
                c.stage_date or c.applied,
                None if c.stage in ("hired", "rejected") else (today - (c.stage_date or c.applied)).days,
                c.notes,
                people.get(c.salesperson_id),
            )
        )
    return out


# --------------------------------------------------------------------------- training


@dataclass(frozen=True)
class CourseRow:
    code: str
    name: str
    topic: str
    hours: int
    required_for: list[str]
    completed: int


def _course(session: Session, code: str, field: str = "course") -> Course:
    c = session.execute(select(Course).where(Course.code == (code or "").strip())).scalars().first()
    if c is None:
        raise DataError(field, code, _("no course has this code"))
    return c


def add_course(
    *, session: Session, code: str, name: str, topic: str, hours: int, required_for: list[str]
) -> str:
    code = org_rules.clean_code(code)
    if session.execute(select(Course.id).where(Course.code == code)).scalar() is not None:
        raise DataError("code", code, _("already exists"))
    if not 0 <= hours <= 1000:
        raise DataError("hours", str(hours), _("must be between 0 and 1000"))
    course = Course(
        code=code,
        name=org_rules.clean_text(name, "name", required=True),
        topic=org_rules.clean_text(topic, "topic"),
        hours=hours,
    )
    session.add(course)
    session.flush()
    for role in required_for:
        session.add(CourseRequirement(course_id=course.id, role=clean_role(role)))
    session.flush()
    return code


def require(*, session: Session, course: str, role: str, remove: bool = False) -> bool:
    """Make a course required for a role (or no longer); returns whether anything changed."""
    c = _course(session, course)
    role = clean_role(role)
    found = (
        session.execute(
            select(CourseRequirement).where(
                CourseRequirement.course_id == c.id, CourseRequirement.role == role
            )
        )
        .scalars()
        .first()
    )
    if remove:
        if found is None:
            return False
        session.delete(found)
    else:
        if found is not None:
            return False
        session.add(CourseRequirement(course_id=c.id, role=role))
    session.flush()
    return True


def list_courses(*, session: Session) -> list[CourseRow]:
    reqs: dict[int, list[str]] = {}
    for cid, role in session.execute(select(CourseRequirement.course_id, CourseRequirement.role)).all():
        reqs.setdefault(cid, []).append(role)
    done: dict[int, set[int]] = {}
    for cid, sp in session.execute(
        select(Attendance.course_id, Attendance.salesperson_id).where(Attendance.completed)
    ).all():
        done.setdefault(cid, set()).add(sp)
    return [
        CourseRow(c.code, c.name, c.topic, c.hours, sorted(reqs.get(c.id, [])), len(done.get(c.id, ())))
        for c in session.execute(select(Course).order_by(Course.code)).scalars().all()
    ]


def _codes_list(text: str | None) -> list[str]:
    return [p.strip() for p in (text or "").split(",") if p.strip()]


def record_training(
    *,
    session: Session,
    course: str,
    day: date,
    trainer: str,
    people: list[str],
    not_completed: list[str],
    today: date,
) -> int:
    """A session of ``course`` on ``day``: everyone in ``people`` attended and completed it, except those
    in ``not_completed`` (attended without completing). A person already recorded for that session is
    updated. Returns how many were recorded."""
    c = _course(session, course, "course")
    if day > today:
        raise DataError("date", day.isoformat(), _("is after today"))
    if not people:
        raise DataError("people", "", _("name who attended (codes separated by commas)"))
    missing = [p for p in not_completed if p not in people]
    if missing:
        raise DataError("not_completed", ",".join(missing), _("must also be in --people"))
    ids = {}
    for code in people:
        sp = session.execute(select(Salesperson).where(Salesperson.code == code)).scalars().first()
        if sp is None:
            raise DataError("people", code, _("no salesperson has this code"))
        ids[code] = sp.id
    for code, sp_id in ids.items():
        found = (
            session.execute(
                select(Attendance).where(
                    Attendance.course_id == c.id, Attendance.date == day, Attendance.salesperson_id == sp_id
                )
            )
            .scalars()
            .first()
        )
        a = found or Attendance(course_id=c.id, date=day, salesperson_id=sp_id)
        a.trainer = org_rules.clean_text(trainer, "trainer")
        a.attended = True
        a.completed = code not in not_completed
        session.add(a)
    session.flush()
    return len(ids)


@dataclass(frozen=True)
class SessionRow:
    course: str
    course_name: str
    date: date
    trainer: str
    salesperson: str
    name: str
    attended: bool
    completed: bool


def list_attendance(
    *, session: Session, course: str | None = None, salesperson: str | None = None
) -> list[SessionRow]:
    courses = {c.id: c for c in session.execute(select(Course)).scalars().all()}
    people = {sp.id: sp for sp in session.execute(select(Salesperson)).scalars().all()}
    stmt = select(Attendance).order_by(
        Attendance.date.desc(), Attendance.course_id, Attendance.salesperson_id
    )
    if course:
        stmt = stmt.where(Attendance.course_id == _course(session, course, "course").id)
    if salesperson:
        sp = next((p for p in people.values() if p.code == salesperson), None)
        if sp is None:
            raise DataError("salesperson", salesperson, _("no salesperson has this code"))
        stmt = stmt.where(Attendance.salesperson_id == sp.id)
    return [
        SessionRow(
            courses[a.course_id].code,
            courses[a.course_id].name,
            a.date,
            a.trainer,
            people[a.salesperson_id].code,
            people[a.salesperson_id].name,
            a.attended,
            a.completed,
        )
        for a in session.execute(stmt).scalars().all()
    ]


@dataclass(frozen=True)
class Matrix:
    courses: list[tuple[str, str]]  # (code, name) of every required course
    #: per salesperson (code, name, role): course code → Cell, only for courses required for their role
    rows: list[tuple[str, str, str, dict[str, rules.Cell]]]

    def missing(self) -> list[tuple[str, str, list[str]]]:
        """Who is missing which required course (attended without completing counts as missing)."""
        out = []
        for code, name, _role, cells in self.rows:
            lacking = [c for c, cell in cells.items() if cell.state != "done"]
            if lacking:
                out.append((code, name, lacking))
        return out


def matrix(*, session: Session) -> Matrix:
    """Salespeople still working (not gone) × the courses required for their role."""
    courses = {c.id: c for c in session.execute(select(Course).order_by(Course.code)).scalars().all()}
    by_role: dict[str, list[int]] = {}
    for cid, role in session.execute(select(CourseRequirement.course_id, CourseRequirement.role)).all():
        by_role.setdefault(role, []).append(cid)
    required = sorted({cid for ids in by_role.values() for cid in ids}, key=lambda i: courses[i].code)
    records: dict[tuple[int, int], list[tuple[date, bool, bool]]] = {}
    for a in session.execute(select(Attendance)).scalars().all():
        records.setdefault((a.salesperson_id, a.course_id), []).append((a.date, a.attended, a.completed))
    rows = []
    people = session.execute(
        select(Salesperson).where(Salesperson.status != "left").order_by(Salesperson.code)
    )
    for sp in people.scalars().all():
        cells = {
            courses[cid].code: rules.matrix_cell(records.get((sp.id, cid), []))
            for cid in sorted(by_role.get(sp.role, []), key=lambda i: courses[i].code)
        }
        rows.append((sp.code, sp.name, sp.role, cells))
    return Matrix([(courses[i].code, courses[i].name) for i in required], rows)
