"""What the team room imports: openings, candidates, courses, training attendance and customer
assignments (with the same rules as the commands)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, literal, select, update

from salesdesk.core.errors import DataError
from salesdesk.core.history import ChangeLog, change_row
from salesdesk.core.i18n import N_, _
from salesdesk.core.importing.spec import Field, FileContext, Kind, Lookup, RowProblem
from salesdesk.org.assignments import clean_role
from salesdesk.org.models import Customer, CustomerAssignment, Salesperson
from salesdesk.team import rules
from salesdesk.team.models import Attendance, Candidate, Course, CourseRequirement, Opening


def _today(context: FileContext) -> Any:
    return context.now.date() if hasattr(context.now, "date") else context.now


def _not_after_today(what: str, *names: str):  # noqa: ANN202
    def check(conn: Any, rows: list, context: FileContext) -> list[tuple[str, Any, str]]:
        today = _today(context)
        for name in names:
            late = sorted({row[name] for row, _c, _o in rows if row.get(name) and row[name] > today})
            if late:
                return [(name, late[0].isoformat(), _("{what} dated after today").format(what=_(what)))]
        return []

    return check


def _role(row: dict[str, Any]) -> None:
    """Roles as the commands keep them (``Sales_Rep`` → ``sales_rep``)."""
    if row.get("role"):
        try:
            row["role"] = clean_role(row["role"])
        except DataError as exc:
            raise RowProblem("role", exc.message, row["role"])


def _candidate_rules(row: dict[str, Any], codes: dict[str, str], lookup: Lookup) -> None:
    """A candidate's stage date (blank: still the application date) is not before the application."""
    if row.get("stage_date") and row.get("applied") and row["stage_date"] < row["applied"]:
        raise RowProblem("stage_date", _("comes before the application date"), row["stage_date"].isoformat())


_HIRE = N_("hire with team candidate hire (it creates the salesperson)")


def _candidates_check(conn: Any, rows: list, context: FileContext) -> list[tuple[str, Any, str]]:
    """Dates not after today; hiring is not imported (it creates the salesperson): a new candidate is
    not ``hired`` (an exported hired one reads back unchanged)."""
    problems = _not_after_today(N_("a candidate"), "applied", "stage_date")(conn, rows, context)
    hired = [row["number"] for row, _c, old in rows if old is None and row.get("stage") == "hired"]
    if hired:
        problems.append(
            ("stage", "hired", _("candidate {number}: {why}").format(number=hired[0], why=_(_HIRE)))
        )
    return problems


def _transition(table: Any, labels: Any, column: str, final_by_hand: tuple[str, ...]):  # noqa: ANN001, ANN202
    """A re-import changes ``column`` only as the commands allow (the from → to table); the states in
    ``final_by_hand`` are reached only by their command (hiring, filling by a hire)."""

    def check(conn: Any, old: dict[str, Any], changed: dict[str, Any]) -> tuple[str, Any, str] | None:
        new = changed.get(column)
        if new is None or new == old.get(column):
            return None
        if new in final_by_hand:
            return column, new, _(_HIRE)
        if new in table.get(old.get(column), ()):
            return None
        return (
            column,
            new,
            _("cannot change from {old} to {new}").format(
                old=rules.word(labels, old[column]), new=rules.word(labels, new)
            ),
        )

    return check


def _opening_rules(row: dict[str, Any], codes: dict[str, str], lookup: Lookup) -> None:
    _role(row)
    if row.get("closed") and row.get("opened") and row["closed"] < row["opened"]:
        raise RowProblem("closed", _("comes before the opening date"), row["closed"].isoformat())


def _attendance_rules(row: dict[str, Any], codes: dict[str, str], lookup: Lookup) -> None:
    """Completed means attended."""
    if row.get("completed") and row.get("attended") is False:
        raise RowProblem("attended", _("a completed course was attended"), "no")
    if row.get("completed"):
        row["attended"] = True


def _assignment_rules(row: dict[str, Any], codes: dict[str, str], lookup: Lookup) -> None:
    sp = codes.get("salesperson")
    if sp and (lookup("salespeople", sp) or {}).get("status") == "left":
        raise RowProblem("salesperson", _("has left the company"), sp)


def _assignments_written(conn: Any, rows: list, context: FileContext) -> list:
    """Each customer the file assigned gets, as its salesperson, the assignment in force today (with the
    change in the history, as ``team assign`` records it)."""
    today = _today(context)
    a, c = CustomerAssignment.__table__.c, Customer.__table__.c
    people = dict(conn.execute(select(Salesperson.__table__.c.id, Salesperson.__table__.c.code)).all())
    start = func.coalesce(a.start, literal(date(1, 1, 1)))
    history, updated = [], []
    for cid in sorted({row["customer_id"] for row, _c, _o in rows}):
        owner = conn.execute(
            select(a.salesperson_id)
            .where(a.customer_id == cid, start <= today)
            .order_by(start.desc(), a.id.desc())
        ).first()
        if owner is None:
            continue
        code, current = conn.execute(select(c.code, c.salesperson_id).where(c.id == cid)).one()
        if current != owner[0]:
            conn.execute(update(Customer.__table__).where(c.id == cid).values(salesperson_id=owner[0]))
            updated.append(
                (Customer.__table__, cid, {"salesperson_id": current}, {"salesperson_id": owner[0]})
            )
            entry = change_row(
                entity="customer",
                record=code,
                field="salesperson",
                old=people.get(current),
                new=people.get(owner[0]),
                when=context.now,
                note=_("assignments import"),
            )
            if entry:
                history.append(entry)
    if history:
        conn.execute(ChangeLog.__table__.insert(), history)
    return updated


KINDS: list = [
    Kind(
        name="openings",
        table=Opening.__table__,
        key="number",
        file_names=("vacantes", "puestos"),
        description=N_("opening"),
        entity="opening",
        audited=("status",),
        defaults={"role": "sales_rep", "status": "open"},
        complete=_opening_rules,
        check_update=_transition(rules.OPENING_TRANSITIONS, rules.OPENING_LABELS, "status", ("filled",)),
        check_file=_not_after_today(N_("an opening"), "opened", "closed"),
        fields=(
            Field("number", "code", required=True),
            Field("title", required=True, aliases=("puesto", "título")),
            Field("territory", ref="territories", aliases=("zona",)),
            Field("role", "code", aliases=("rol",)),
            Field("opened", "date", required=True, aliases=("abierta", "fecha apertura")),
            Field("status", "choice", choices=rules.OPENING_STATUSES, aliases=("estado",)),
            Field("closed", "date", aliases=("cerrada", "fecha cierre")),
        ),
    ),
    Kind(
        name="candidates",
        table=Candidate.__table__,
        key="number",
        file_names=("candidatos",),
        description=N_("candidate"),
        entity="candidate",
        audited=("stage",),
        defaults={"email": "", "phone": "", "source": "", "notes": "", "stage": "applied"},
        complete=_candidate_rules,
        check_update=_transition(rules.STAGE_TRANSITIONS, rules.STAGE_LABELS, "stage", ("hired",)),
        check_file=_candidates_check,
        after=("openings",),
        fields=(
            Field("number", "code", required=True),
            Field("name", required=True, aliases=("nombre",)),
            Field("email", "email", aliases=("correo",)),
            Field("phone", "phone", aliases=("teléfono",)),
            Field("source", aliases=("fuente", "origen")),
            Field("opening", ref="openings", aliases=("vacante", "puesto")),
            Field(
                "stage",
                "choice",
                choices=rules.STAGES,
                aliases=("etapa", "fase"),
            ),
            Field("applied", "date", required=True, aliases=("fecha solicitud", "solicitud")),
            Field("stage_date", "date", aliases=("fecha etapa",)),
            Field("notes", max_len=2000, aliases=("notas",)),
        ),
    ),
    Kind(
        name="courses",
        table=Course.__table__,
        key="code",
        file_names=("cursos",),
        description=N_("course"),
        defaults={"topic": "", "hours": 0, "active": True},
        fields=(
            Field("code", "code", required=True),
            Field("name", required=True, aliases=("nombre",)),
            Field("topic", aliases=("tema",)),
            Field("hours", "int", low=0, high=1000, aliases=("horas",)),
        ),
    ),
    Kind(
        name="course_requirements",
        table=CourseRequirement.__table__,
        key="course,role",
        file_names=("cursos obligatorios", "requisitos formacion"),
        description=N_("required course"),
        complete=lambda row, codes, lookup: _role(row),
        fields=(
            Field("course", ref="courses", required=True, aliases=("curso",)),
            Field("role", "code", required=True, aliases=("rol", "puesto")),
        ),
    ),
    Kind(
        name="trainings",
        table=Attendance.__table__,
        key="course,date,salesperson",
        file_names=("formaciones", "formacion", "asistencia"),
        description=N_("training attendance"),
        defaults={"trainer": "", "attended": True, "completed": False},
        complete=_attendance_rules,
        check_file=_not_after_today(N_("a training session"), "date"),
        fields=(
            Field("course", ref="courses", required=True, aliases=("curso",)),
            Field("date", "date", required=True, aliases=("fecha",)),
            Field("salesperson", ref="salespeople", required=True, aliases=("vendedor", "comercial")),
            Field("trainer", aliases=("formador", "instructor")),
            Field("attended", "bool", aliases=("asistió", "asistencia")),
            Field("completed", "bool", aliases=("completado", "superado", "aprobado")),
        ),
    ),
    Kind(
        name="assignments",
        table=CustomerAssignment.__table__,
        key="customer,start",
        file_names=("asignaciones",),
        description=N_("customer assignment"),
        defaults={"note": ""},
        ref_extras={"salespeople": ("status",)},
        complete=_assignment_rules,
        check_file=_not_after_today(N_("an assignment"), "start"),
        after_write=_assignments_written,
        fields=(
            Field("customer", ref="customers", required=True, aliases=("cliente",)),
            Field("salesperson", ref="salespeople", aliases=("vendedor", "comercial")),
            Field("start", "date", required=True, aliases=("desde", "from_date", "fecha desde")),
            Field("note", aliases=("nota",)),
        ),
    ),
]
