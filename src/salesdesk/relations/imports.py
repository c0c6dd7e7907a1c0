"""What the relations rooms import: visits and complaints (with the same rules as the commands)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from salesdesk.core.business import rule_values
from salesdesk.core.errors import DataError
from salesdesk.core.i18n import N_, _
from salesdesk.core.importing.spec import Field, FileContext, Kind, Lookup, RowProblem
from salesdesk.relations import room, rules
from salesdesk.relations.models import Complaint, Visit


def _visit_rules(row: dict[str, Any], codes: dict[str, str], lookup: Lookup) -> None:
    """A visit's row rules (as ``visit plan``): a manager's visit names no salesperson; otherwise the
    salesperson defaults to the customer's; a time is HH:MM."""
    if row.get("by_manager"):
        if codes.get("salesperson"):
            raise RowProblem("salesperson", _("a manager's visit names no salesperson"), codes["salesperson"])
        row["salesperson_id"] = None
    elif row.get("salesperson_id") is None:
        sp = (lookup("customers", codes.get("customer", "")) or {}).get("salesperson_id")
        if sp is None:
            raise RowProblem(
                "salesperson", _("the customer has no salesperson; say who visits (a code or manager)"), ""
            )
        row["salesperson_id"] = sp
    if row.get("time"):
        try:
            row["time"] = rules.check_time(row["time"])
        except DataError as exc:
            raise RowProblem("time", exc.message, row["time"])
    if row.get("duration") is not None and not 1 <= row["duration"] <= 1440:
        raise RowProblem("duration", _("must be between 1 and 1440 minutes"), str(row["duration"]))


def _complaint_rules(row: dict[str, Any], codes: dict[str, str], lookup: Lookup) -> None:
    """A complaint's row rules: a resolved or closed one has its resolved date, not before it was opened;
    satisfaction 1–5. (A new complaint without an SLA due date gets it from the business rules, and without
    an owner the customer's salesperson, once the file is in.)"""
    status, resolved, opened = row.get("status"), row.get("resolved"), row.get("opened")
    if status in ("resolved", "closed") and resolved is None:
        raise RowProblem("resolved", _("a resolved or closed complaint needs its resolved date"), "")
    if resolved is not None and opened is not None and resolved < opened:
        raise RowProblem("resolved", _("comes before the complaint was opened"), resolved.isoformat())
    if status in rules.OPEN_COMPLAINT and resolved is not None:
        raise RowProblem("resolved", _("an open complaint has no resolved date"), resolved.isoformat())


def _complaint_check(conn: Any, rows: list, context: FileContext) -> list[tuple[str, Any, str]]:
    """After the file: complaints without an SLA due date get it from the business rules' SLA days (a
    changed severity or opening date moves it, unless the file gives it); one reopened (resolved or
    closed → in progress) is no longer resolved, as ``complaint update`` does."""
    days = room.sla_days(rule_values(conn, room.RULES))
    table = Complaint.__table__
    t = table.c
    for opened, severity, number in conn.execute(
        select(t.opened, t.severity, t.number).where(t.sla_due.is_(None))
    ):
        due = rules.sla_due(opened, severity, days)
        conn.execute(table.update().where(t.number == number).values(sla_due=due))
    from salesdesk.org.models import Customer

    cu = Customer.__table__.c
    for row, codes, old in rows:
        if old is None and not codes.get("owner"):  # a new complaint's owner: the customer's salesperson
            owner = conn.execute(select(cu.salesperson_id).where(cu.id == row["customer_id"])).scalar()
            conn.execute(table.update().where(t.number == row["number"]).values(owner_id=owner))
        resolved = conn.execute(select(t.resolved).where(t.number == row["number"])).scalar()
        today = context.now.date() if hasattr(context.now, "date") else context.now
        if resolved is not None and resolved > today:
            return [("resolved", row["number"], _("a complaint is resolved on or before today"))]
        moved = (
            any(k in old and k in row and old[k] != row[k] for k in ("opened", "severity")) if old else False
        )
        if moved and "sla_due" not in row:  # a new severity or opening date moves a derived due date
            found = conn.execute(select(t.opened, t.severity).where(t.number == row["number"])).first()
            due = rules.sla_due(found[0], found[1], days)
            conn.execute(table.update().where(t.number == row["number"]).values(sla_due=due))
        if (
            old is not None
            and old.get("status") in ("resolved", "closed")
            and row.get("status") == "in_progress"
        ):
            conn.execute(
                table.update().where(t.number == row["number"]).values(resolved=None, satisfaction=None)
            )
    return []


def _visit_check(conn: Any, rows: list, context: FileContext) -> list[tuple[str, Any, str]]:
    """The file's new or changed visits, as ``visit plan`` / ``visit done`` take them: a done visit on or
    before today, a next visit after the visit, a complaint of the same customer."""
    today = context.now.date() if hasattr(context.now, "date") else context.now
    v, c = Visit.__table__.c, Complaint.__table__.c
    problems: list[tuple[str, Any, str]] = []
    for row, codes, _old in rows:
        shown = f"{codes.get('customer', '')} {row.get('date')}"
        who = (
            v.salesperson_id.is_(None)
            if row.get("salesperson_id") is None
            else v.salesperson_id == row["salesperson_id"]
        )
        found = conn.execute(
            select(v.status, v.date, v.next_visit, v.complaint_id, v.customer_id).where(
                v.customer_id == row["customer_id"], v.date == row["date"], who
            )
        ).first()
        if found is None:
            continue
        status, day, next_visit, complaint_id, customer_id = found
        if status == "done" and day > today:
            problems.append(
                ("date", shown, _("a visit is done on or before today; give the day it happened"))
            )
        if next_visit is not None and next_visit <= day:
            problems.append(("next_visit", shown, _("the next visit must come after this one")))
        if complaint_id is not None:
            owner = conn.execute(select(c.customer_id).where(c.id == complaint_id)).scalar()
            if owner != customer_id:
                problems.append(("complaint", shown, _("belongs to another customer")))
    return problems


def _transition(table: dict, labels: dict):  # noqa: ANN202
    def check(conn: Any, old: dict[str, Any], changed: dict[str, Any]) -> tuple[str, Any, str] | None:
        new = changed.get("status")
        if new is None or new == old.get("status") or new in table.get(old.get("status"), ()):
            return None
        return (
            "status",
            new,
            _("cannot change from {old} to {new}").format(
                old=rules.word(labels, old["status"]), new=rules.word(labels, new)
            ),
        )

    return check


KINDS: list = [
    Kind(
        name="complaints",
        table=Complaint.__table__,
        key="number",
        file_names=("reclamaciones", "quejas", "incidencias"),
        description=N_("complaint"),
        entity="complaint",
        audited=("status",),
        defaults={
            "channel": "other",
            "category": "other",
            "severity": "medium",
            "status": "new",
            "description": "",
            "resolution": "",
        },  # fmt: skip
        ref_extras={"customers": ("salesperson_id",)},
        complete=_complaint_rules,
        check_update=_transition(rules.COMPLAINT_TRANSITIONS, rules.COMPLAINT_LABELS),
        check_file=_complaint_check,
        fields=(
            Field("number", "code", required=True),
            Field("opened", "date", required=True, aliases=("fecha", "fecha apertura", "abierta")),
            Field("customer", ref="customers", required=True),
            Field("channel", "choice", choices=rules.CHANNELS, aliases=("canal",)),
            Field("category", "choice", choices=rules.CATEGORIES, aliases=("categoría", "tipo", "motivo")),
            Field("severity", "choice", choices=rules.SEVERITIES, aliases=("gravedad", "prioridad")),
            Field("description", max_len=1000, aliases=("descripción", "texto", "detalle")),
            Field("owner", ref="salespeople", aliases=("responsable",)),
            Field("status", "choice", choices=rules.COMPLAINT_STATUSES),
            Field("sla_due", "date", aliases=("vencimiento sla", "fecha límite")),
            Field("resolution", max_len=1000, aliases=("resolución", "solución")),
            Field("resolved", "date", aliases=("fecha resolución", "resuelta")),
            Field("satisfaction", "int", low=1, high=5, aliases=("satisfacción", "valoración")),
        ),
    ),
    Kind(
        name="visits",
        table=Visit.__table__,
        key="customer,date,salesperson",
        file_names=("visitas",),
        description=N_("visit"),
        entity="visit",
        audited=("status",),
        defaults={
            "time": "",
            "duration": 60,
            "purpose": "routine",
            "status": "planned",
            "outcome": "",
            "next_step": "",
            "by_manager": False,
        },  # fmt: skip
        ref_extras={"customers": ("salesperson_id",)},
        complete=_visit_rules,
        check_update=_transition(rules.VISIT_TRANSITIONS, rules.VISIT_LABELS),
        check_file=_visit_check,
        after=("complaints",),
        fields=(
            Field("customer", ref="customers", required=True),
            Field("date", "date", required=True),
            Field("salesperson", ref="salespeople", aliases=("vendedor", "comercial", "quién")),
            Field("by_manager", "bool", aliases=("jefe", "jefe de ventas", "manager")),
            Field("time", max_len=5, aliases=("hora",)),
            Field("duration", "int", low=1, high=1440, aliases=("duración", "minutos")),
            Field("purpose", "choice", choices=rules.PURPOSES, aliases=("motivo", "objetivo")),
            Field("status", "choice", choices=rules.VISIT_STATUSES),
            Field("outcome", max_len=500, aliases=("resultado",)),
            Field("next_step", max_len=200, aliases=("siguiente paso", "próximo paso")),
            Field("next_visit", "date", aliases=("próxima visita",)),
            Field("complaint", ref="complaints", aliases=("reclamación",)),
        ),
    ),
]
