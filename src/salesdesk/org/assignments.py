"""Who had which customer when, and salesperson changes (role, territory, status) with their history.

One function per decision: a customer's salesperson changes through :func:`assign` whether it comes from
``team assign``, ``customer edit``, the Team room or an import (imports write the same rows through
:func:`record_imported`). Invoices keep the salesperson they were issued for: reassigning never moves
past sales."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, literal, select, update
from sqlmodel import Session

from salesdesk.core.errors import DataError
from salesdesk.core.history import record_change
from salesdesk.core.i18n import _
from salesdesk.org import rules
from salesdesk.org.models import Customer, CustomerAssignment, Salesperson, Territory

#: Start used for "from the first day" when comparing (NULL start).
_FIRST = date(1, 1, 1)
ROLES = ("sales_rep", "key_account", "junior", "team_lead")


def clean_role(value: str | None) -> str:
    """A role code: lowercase letters, digits and _ (the known ones are offered, others accepted)."""
    role = (value or "").strip().lower().replace(" ", "_").replace("-", "_")
    if not role or not all(ch.isalnum() or ch == "_" for ch in role) or len(role) > 40:
        raise DataError("role", value or "", _("a role is a short code such as sales_rep or key_account"))
    return role


@dataclass(frozen=True)
class AssignmentRow:
    customer: str
    salesperson: str | None
    salesperson_name: str | None
    start: date | None
    end: date | None
    note: str


def _customer(session: Session, code: str) -> Customer:
    c = session.execute(select(Customer).where(Customer.code == (code or "").strip())).scalars().first()
    if c is None:
        raise DataError("customer", code, _("no customer has this code"))
    return c


def _latest(session: Session, customer_id: int) -> CustomerAssignment | None:
    stmt = (
        select(CustomerAssignment)
        .where(CustomerAssignment.customer_id == customer_id)
        .order_by(
            func.coalesce(CustomerAssignment.start, literal(_FIRST)).desc(), CustomerAssignment.id.desc()
        )
        .limit(1)
    )
    return session.execute(stmt).scalars().first()


def has_assignments(session: Session, customer_id: int) -> bool:
    return _latest(session, customer_id) is not None


def open_assignment(
    session: Session,
    customer: Customer,
    salesperson_id: int | None,
    start: date | None,
    *,
    today: date,
    now: datetime,
    note: str = "",
) -> None:
    """Write the assignment row (no history: the caller records the change). A row with the same start
    as the latest is replaced; a start before the latest is refused."""
    latest = _latest(session, customer.id)
    if latest is not None:
        latest_start = latest.start or _FIRST
        if start is not None and start < latest_start or start is None and latest.start is not None:
            raise DataError(
                "from",
                start.isoformat() if start else "",
                _("comes before the customer's current assignment (from {day})").format(
                    day=latest_start.isoformat()
                ),
            )
        if (start or _FIRST) == latest_start:
            latest.salesperson_id = salesperson_id
            latest.note = note
            latest.recorded_at = now
            session.add(latest)
            session.flush()
            return
    session.add(
        CustomerAssignment(
            customer_id=customer.id, salesperson_id=salesperson_id, start=start, note=note, recorded_at=now
        )
    )
    session.flush()


def assign(
    *,
    session: Session,
    customer: str,
    to: str | None,
    start: date | None,
    today: date,
    now: datetime,
    note: str = "",
) -> tuple[str | None, str | None]:
    """Reassign ``customer`` to salesperson ``to`` (None: unassigned) from ``start`` (default today).
    Returns (old code, new code). The start may be back-dated but not after today, nor before the
    current assignment's start; the new salesperson must not have left."""
    c = _customer(session, customer)
    start = start or today
    if start > today:
        raise DataError(
            "from", start.isoformat(), _("is after today (a reassignment starts today or earlier)")
        )
    new_id = None
    if to:
        sp = session.execute(select(Salesperson).where(Salesperson.code == to.strip())).scalars().first()
        if sp is None:
            raise DataError("to", to, _("no salesperson has this code"))
        if sp.status == "left":
            raise DataError("to", to, _("has left the company"))
        new_id = sp.id
    old_id = c.salesperson_id
    codes = dict(session.execute(select(Salesperson.id, Salesperson.code)).all())
    if new_id == old_id:
        raise DataError("to", to or "", _("the customer is already assigned to them"))
    if not has_assignments(session, c.id) and old_id is not None:
        # the first recorded assignment: the current salesperson had it until now
        open_assignment(session, c, old_id, None, today=today, now=now)
    open_assignment(session, c, new_id, start, today=today, now=now, note=note)
    c.salesperson_id = new_id
    session.add(c)
    record_change(
        session,
        entity="customer",
        record=c.code,
        field="salesperson",
        old=codes.get(old_id),
        new=codes.get(new_id),
        when=now,
        note=(_("from {day}").format(day=start.isoformat()) + (f"; {note}" if note else "")),
    )
    session.flush()
    return codes.get(old_id), codes.get(new_id)


def history(*, session: Session, customer: str) -> list[AssignmentRow]:
    """A customer's assignments, oldest first, each until the day before the next one starts."""
    c = _customer(session, customer)
    people = {sp.id: (sp.code, sp.name) for sp in session.execute(select(Salesperson)).scalars().all()}
    rows = (
        session.execute(
            select(CustomerAssignment)
            .where(CustomerAssignment.customer_id == c.id)
            .order_by(func.coalesce(CustomerAssignment.start, literal(_FIRST)), CustomerAssignment.id)
        )
        .scalars()
        .all()
    )
    if not rows and c.salesperson_id is not None:
        code, name = people[c.salesperson_id]
        return [AssignmentRow(c.code, code, name, c.customer_since, None, "")]
    out = []
    for i, a in enumerate(rows):
        nxt = rows[i + 1].start if i + 1 < len(rows) else None
        code, name = people.get(a.salesperson_id, (None, None))
        out.append(
            AssignmentRow(c.code, code, name, a.start, nxt - timedelta(days=1) if nxt else None, a.note)
        )
    return out


def owners_on(
    session: Session, day: date, customer_ids: Iterable[int] | None = None
) -> dict[int, int | None]:
    """Who had each customer on ``day``: its assignment in force then (customers without recorded
    assignments: their current salesperson)."""
    owners: dict[int, int | None] = dict(session.execute(select(Customer.id, Customer.salesperson_id)).all())
    start = func.coalesce(CustomerAssignment.start, literal(_FIRST))
    latest = (
        select(CustomerAssignment.customer_id, func.max(start).label("start"))
        .where(start <= day)
        .group_by(CustomerAssignment.customer_id)
        .subquery()
    )
    stmt = (
        select(CustomerAssignment.customer_id, CustomerAssignment.salesperson_id, CustomerAssignment.id)
        .join(
            latest,
            (latest.c.customer_id == CustomerAssignment.customer_id) & (latest.c.start == start),
        )
        .order_by(CustomerAssignment.id)
    )
    for cid, sp, _id in session.execute(stmt).all():
        owners[cid] = sp
    # customers whose recorded assignments all start after ``day`` had nobody then
    first = (
        select(CustomerAssignment.customer_id)
        .group_by(CustomerAssignment.customer_id)
        .having(func.min(start) > day)
    )
    for (cid,) in session.execute(first).all():
        owners[cid] = None
    if customer_ids is not None:
        wanted = set(customer_ids)
        return {k: v for k, v in owners.items() if k in wanted}
    return owners


def record_imported(
    conn: Any, rows: list[tuple[dict[str, Any], dict[str, str], dict[str, Any] | None]], context: Any
) -> list[tuple[Any, int, dict[str, Any], dict[str, Any]]]:
    """The customers kind's hook after its rows are written: a new customer with a salesperson gets its
    first assignment (from its *customer since*, or from the first day); a changed salesperson opens one
    from the import's day (replacing one that already starts that day). Returns the rows it updated."""
    day = context.now.date()
    a = CustomerAssignment.__table__
    table = Customer.__table__
    new_codes = [row["code"] for row, _codes, old in rows if old is None and row.get("salesperson_id")]
    ids: dict[str, int] = {}
    for start in range(0, len(new_codes), 500):
        part = new_codes[start : start + 500]
        ids.update(dict(conn.execute(select(table.c.code, table.c.id).where(table.c.code.in_(part))).all()))
    out: list[dict[str, Any]] = []
    updated: list[tuple[Any, int, dict[str, Any], dict[str, Any]]] = []

    def add(customer_id: int, sp: int | None, start: date | None, note: str) -> None:
        out.append(
            {
                "customer_id": customer_id,
                "salesperson_id": sp,
                "start": start,
                "note": note,
                "recorded_at": context.now,
            }
        )

    for row, _codes, old in rows:
        sp = row.get("salesperson_id")
        if old is None:
            if sp:
                since = row.get("customer_since")
                add(ids[row["code"]], sp, since if since is not None and since <= day else None, "")
            continue
        if "salesperson_id" not in row or sp == old.get("salesperson_id"):
            continue
        have = conn.execute(select(func.count()).where(a.c.customer_id == old["id"])).scalar()
        if not have and old.get("salesperson_id"):
            add(old["id"], old["salesperson_id"], None, "")
        same = conn.execute(
            select(a.c.id, a.c.salesperson_id, a.c.note).where(a.c.customer_id == old["id"], a.c.start == day)
        ).first()
        if same is not None:
            after = {"salesperson_id": sp, "note": _("import")}
            conn.execute(update(a).where(a.c.id == same[0]).values(**after))
            updated.append((a, same[0], {"salesperson_id": same[1], "note": same[2]}, after))
        else:
            add(old["id"], sp, day, _("import"))
    if out:
        conn.execute(insert(a), out)
    return updated


# --------------------------------------------------------------------------- salespeople


def edit_salesperson(
    *, session: Session, code: str, data: dict[str, str | None], now: datetime, note: str = ""
) -> list[str]:
    """Change a salesperson's name, contact, role, territory, hire date or status; role, territory and
    status changes go to the change history. Returns the fields changed."""
    sp = (
        session.execute(select(Salesperson).where(Salesperson.code == (code or "").strip())).scalars().first()
    )
    if sp is None:
        raise DataError("salesperson", code, _("no salesperson has this code"))
    values: dict[str, Any] = {}
    if "name" in data:
        values["name"] = rules.clean_text(data["name"], "name", required=True)
    if "email" in data:
        values["email"] = rules.clean_email(data["email"] or "")
    if "phone" in data:
        values["phone"] = rules.clean_phone(data["phone"] or "")
    if "role" in data:
        values["role"] = clean_role(data["role"])
    if "hire_date" in data:
        values["hire_date"] = rules.clean_date(data["hire_date"], "hire_date", required=False)
    if "status" in data:
        values["status"] = rules.clean_choice(data["status"], rules.SALESPERSON_STATUSES, "status")
    zones = dict(session.execute(select(Territory.id, Territory.code)).all())
    if "territory" in data:
        zone = (data["territory"] or "").strip()
        if zone:
            found = session.execute(select(Territory.id).where(Territory.code == zone)).scalars().first()
            if found is None:
                raise DataError("territory", zone, _("no territory has this code"))
            values["territory_id"] = found
        else:
            values["territory_id"] = None
    changed = []
    for key, new in values.items():
        old = getattr(sp, key)
        if old == new:
            continue
        if key in ("role", "territory_id", "status"):
            shown_old, shown_new = (zones.get(old), zones.get(new)) if key == "territory_id" else (old, new)
            record_change(
                session,
                entity="salesperson",
                record=sp.code,
                field=key.removesuffix("_id"),
                old=shown_old,
                new=shown_new,
                when=now,
                note=note,
            )
        setattr(sp, key, new)
        changed.append(key.removesuffix("_id"))
    session.add(sp)
    session.flush()
    return changed
