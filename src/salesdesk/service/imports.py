"""What the Service room imports: the installed base and service orders (with the same rules as the
commands: the status machine, dates in order, a done maintenance moves its unit's next due date)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from salesdesk.core.business import rule_values
from salesdesk.core.i18n import N_, _
from salesdesk.core.importing.spec import Field, FileContext, Kind, Lookup, RowProblem
from salesdesk.relations.imports import _transition
from salesdesk.service import room, rules
from salesdesk.service.models import InstalledProduct, ServiceOrder


def _today(context: FileContext):  # noqa: ANN202
    return context.now.date() if hasattr(context.now, "date") else context.now


def _unit_rules(row: dict[str, Any], codes: dict[str, str], lookup: Lookup) -> None:
    """Dates in order: warranty end and last maintenance not before the install date."""
    installed = row.get("installed")
    for name in ("warranty_end", "last_maintenance"):
        day = row.get(name)
        if day is not None and installed is not None and day < installed:
            raise RowProblem(name, _("comes before the install date"), day.isoformat())


def _unit_check(conn: Any, rows: list, context: FileContext) -> list[tuple[str, Any, str]]:
    """Once the file is in: units without a warranty end get it from the warranty months; every unit of
    the file gets its next due date from its plan."""
    months = room.warranty_months(rule_values(conn, room.RULES))
    table = InstalledProduct.__table__
    t = table.c
    for row, _codes, _old in rows:
        found = conn.execute(
            select(t.installed, t.plan, t.last_maintenance, t.warranty_end).where(t.serial == row["serial"])
        ).first()
        installed, plan, last, end = found
        values = {"next_due": rules.next_due(plan, installed, last)}
        if end is None:
            values["warranty_end"] = rules.warranty_end(installed, months)
        conn.execute(table.update().where(t.serial == row["serial"]).values(**values))
    return []


def _order_rules(row: dict[str, Any], codes: dict[str, str], lookup: Lookup) -> None:
    """A service order's row rules (as the commands): requested defaults to the linked order's date; the
    department to the type's; done has its completed date, cancelled its cancelled date; dates in order;
    feedback only on a done order."""
    if row.get("requested") is None:
        day = (lookup("orders", codes.get("order", "")) or {}).get("date") if codes.get("order") else None
        if day is None:
            raise RowProblem("requested", _("give the requested date (or the sales order it serves)"), "")
        row["requested"] = day
    if not row.get("department") and row.get("type") in rules.DEFAULT_DEPARTMENT:
        row["department"] = rules.DEFAULT_DEPARTMENT[row["type"]]
    status = row.get("status") or "open"
    requested = row["requested"]
    completed, cancelled = row.get("completed"), row.get("cancelled")
    if status == "done" and completed is None:
        raise RowProblem("completed", _("a done order needs its completed date"), "")
    if status != "done" and completed is not None:
        raise RowProblem("completed", _("only a done order has a completed date"), completed.isoformat())
    if status == "cancelled" and cancelled is None:
        raise RowProblem("cancelled", _("a cancelled order needs its cancelled date"), "")
    if status in ("scheduled", "in_progress") and row.get("scheduled") is None:
        raise RowProblem("scheduled", _("a scheduled or in-progress order needs its scheduled date"), "")
    for name in ("scheduled", "responded", "completed", "cancelled"):
        day = row.get(name)
        if day is not None and day < requested:
            raise RowProblem(name, _("comes before the service was requested"), day.isoformat())
    if row.get("feedback") is not None and status != "done":
        raise RowProblem("feedback", _("only a done order has the customer's feedback"), str(row["feedback"]))
    if status in rules.FINAL_STATUSES:
        row["waiting_on"] = None
    if status != "open" and row.get("responded") is None:
        row["responded"] = row.get("scheduled") or completed or cancelled


def _order_check(conn: Any, rows: list, context: FileContext) -> list[tuple[str, Any, str]]:
    """Done on or before today; the installed product (serial) belongs to the order's customer."""
    today = _today(context)
    u = InstalledProduct.__table__.c
    problems = []
    for row, _codes, _old in rows:
        if row.get("completed") is not None and row["completed"] > today:
            problems.append(("completed", row["number"], _("a service is done on or before today")))
        if row.get("installed_id") is not None:
            owner = conn.execute(select(u.customer_id).where(u.id == row["installed_id"])).scalar()
            if owner != row.get("customer_id"):
                problems.append(("installed", row["number"], _("is installed at another customer")))
    return problems


def _maintenance_done(conn: Any, rows: list, context: FileContext) -> list:
    """A done maintenance of an installed product moves the unit's last maintenance and next due date,
    as ``service done`` does."""
    table = InstalledProduct.__table__
    u = table.c
    updated = []
    for row, _codes, _old in rows:
        if row.get("type") != "maintenance" or row.get("status") != "done" or not row.get("installed_id"):
            continue
        found = conn.execute(
            select(u.installed, u.plan, u.last_maintenance, u.next_due).where(u.id == row["installed_id"])
        ).first()
        installed, plan, last, due = found
        day = row["completed"]
        if last is not None and last >= day:
            continue
        after = {"last_maintenance": day, "next_due": rules.next_due(plan, installed, day)}
        conn.execute(update(table).where(u.id == row["installed_id"]).values(**after))
        updated.append((table, row["installed_id"], {"last_maintenance": last, "next_due": due}, after))
    return updated


KINDS: list = [
    Kind(
        name="installed_base",
        table=InstalledProduct.__table__,
        key="serial",
        file_names=("parque instalado", "base instalada", "instalaciones", "installed"),
        description=N_("installed product"),
        entity="installed",
        audited=("plan",),
        defaults={"plan": "none", "notes": ""},
        complete=_unit_rules,
        check_file=_unit_check,
        fields=(
            Field("serial", "code", required=True, aliases=("número de serie", "serie", "n/s")),
            Field("customer", ref="customers", required=True, aliases=("cliente",)),
            Field("product", ref="products", required=True, aliases=("producto", "artículo")),
            Field("installed", "date", required=True, aliases=("fecha instalación", "instalado")),
            Field("warranty_end", "date", aliases=("fin garantía", "garantía hasta")),
            Field("plan", "choice", choices=rules.PLANS, aliases=("plan de mantenimiento", "periodicidad")),
            Field("last_maintenance", "date", aliases=("último mantenimiento",)),
            Field("notes", max_len=500, aliases=("notas", "observaciones")),
        ),
    ),
    Kind(
        name="service_orders",
        table=ServiceOrder.__table__,
        key="number",
        file_names=("ordenes de servicio", "servicio", "posventa", "asistencias", "service"),
        description=N_("service order"),
        entity="service",
        audited=("status",),
        defaults={"status": "open", "assignee": "", "description": "", "result": ""},
        ref_extras={"orders": ("date",)},
        complete=_order_rules,
        check_update=_transition(rules.TRANSITIONS, rules.STATUS_LABELS),
        check_file=_order_check,
        after_write=_maintenance_done,
        after=("installed_base",),
        fields=(
            Field("number", "code", required=True, aliases=("número", "orden")),
            Field("type", "choice", choices=rules.TYPES, required=True, aliases=("tipo",)),
            Field("customer", ref="customers", required=True, aliases=("cliente",)),
            Field("product", ref="products", aliases=("producto", "artículo")),
            Field("order", ref="orders", aliases=("pedido",)),
            Field("invoice", ref="invoices", aliases=("factura",)),
            Field("installed", ref="installed_base", aliases=("serial", "número de serie", "serie")),
            Field("department", "choice", choices=rules.DEPARTMENTS, aliases=("departamento",)),
            Field("assignee", max_len=80, aliases=("who", "responsable", "técnico", "quién")),
            Field("requested", "date", aliases=("solicitada", "fecha solicitud")),
            Field("scheduled", "date", aliases=("programada", "fecha prevista")),
            Field("responded", "date", aliases=("primera respuesta",)),
            Field("completed", "date", aliases=("realizada", "fecha fin", "terminada")),
            Field("cancelled", "date", aliases=("cancelada",)),
            Field("status", "choice", choices=rules.STATUSES, aliases=("estado",)),
            Field("waiting_on", "choice", choices=rules.DEPARTMENTS, aliases=("esperando a",)),
            Field("description", max_len=1000, aliases=("descripción", "trabajo")),
            Field("result", max_len=1000, aliases=("resultado",)),
            Field("feedback", "int", low=1, high=5, aliases=("valoración", "satisfacción")),
        ),
    ),
]
