"""Reads and writes of the Service room: service orders (add, schedule, start, wait, done, cancel), the
delivery → installation proposal, the installed base and its maintenance plans (due list, generation),
service goals, the "needs action" list. Status changes go to the change history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, case, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from salesdesk.core.business import rule_values
from salesdesk.core.errors import DataError
from salesdesk.core.history import record_change
from salesdesk.core.i18n import _
from salesdesk.core.periods import check_date_range
from salesdesk.org.models import Customer, Invoice, Order, Product
from salesdesk.org.rules import clean_code, clean_text
from salesdesk.service import room, rules
from salesdesk.service.models import InstalledProduct, ServiceOrder

PREFIX = "SV"


def goal_policy(session: Session) -> dict[str, int]:
    return room.goals(rule_values(session, room.RULES))


def warranty_policy(session: Session) -> int:
    return room.warranty_months(rule_values(session, room.RULES))


def _customer(session: Session, code: str, field: str = "customer") -> Customer:
    c = session.exec(select(Customer).where(Customer.code == (code or "").strip())).first()
    if c is None:
        raise DataError(field, code, _("no customer has this code"))
    return c


def _product(session: Session, code: str, field: str = "product") -> Product:
    p = session.exec(select(Product).where(Product.code == (code or "").strip())).first()
    if p is None:
        raise DataError(field, code, _("no product has this code"))
    return p


def next_number(session: Session) -> str:
    from salesdesk.expenses.queries import next_number as series

    return series(session, ServiceOrder, PREFIX)


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True)
class OrderRow:
    id: str
    type: str
    customer: str
    name: str
    product: str | None
    product_name: str | None
    order: str | None
    invoice: str | None
    serial: str | None
    department: str
    assignee: str
    requested: date
    scheduled: date | None
    responded: date | None
    completed: date | None
    cancelled: date | None
    status: str
    waiting_on: str | None
    description: str
    result: str
    feedback: int | None
    warranty_end: date | None
    follows: str | None

    def lead(self) -> int | None:
        return rules.lead_days(self.requested, self.completed) if self.completed else None

    def warranty(self) -> str:
        return rules.warranty_status(self.warranty_end, self.requested)


_parent = aliased(ServiceOrder)


def _order_select():  # noqa: ANN202
    return (
        select(
            ServiceOrder,
            Customer.code,
            Customer.name,
            Product.code,
            Product.name,
            Order.number,
            Invoice.number,
            InstalledProduct.serial,
            InstalledProduct.warranty_end,
            _parent.number,
        )  # fmt: skip
        .join(Customer, col(Customer.id) == col(ServiceOrder.customer_id))
        .outerjoin(Product, col(Product.id) == col(ServiceOrder.product_id))
        .outerjoin(Order, col(Order.id) == col(ServiceOrder.order_id))
        .outerjoin(Invoice, col(Invoice.id) == col(ServiceOrder.invoice_id))
        .outerjoin(InstalledProduct, col(InstalledProduct.id) == col(ServiceOrder.installed_id))
        .outerjoin(_parent, _parent.id == ServiceOrder.parent_id)
    )


def _row(
    o: ServiceOrder, code, name, product, product_name, order, invoice, serial, w_end, follows
) -> OrderRow:  # noqa: ANN001
    return OrderRow(
        o.number, o.type, code, name, product, product_name, order, invoice, serial, o.department,
        o.assignee, o.requested, o.scheduled, o.responded, o.completed, o.cancelled, o.status, o.waiting_on,
        o.description, o.result, o.feedback, w_end, follows,
    )  # fmt: skip


def _order(session: Session, ref: str) -> ServiceOrder:
    o = session.exec(select(ServiceOrder).where(ServiceOrder.number == (ref or "").strip())).first()
    if o is None:
        raise DataError("ID", ref, _("no service order has this number"))
    return o


def get_order(*, session: Session, ref: str) -> OrderRow:
    o = _order(session, ref)
    return _row(*session.exec(_order_select().where(ServiceOrder.id == o.id)).one())


# --------------------------------------------------------------------------- writing orders


def _installed_for(session: Session, customer_id: int, product_id: int | None) -> InstalledProduct | None:
    """The customer's installed unit of a product (the most recently installed), for the warranty."""
    if product_id is None:
        return None
    stmt = (
        select(InstalledProduct)
        .where(InstalledProduct.customer_id == customer_id, InstalledProduct.product_id == product_id)
        .order_by(col(InstalledProduct.installed).desc())
    )
    return session.exec(stmt).first()


def add_order(
    *,
    session: Session,
    kind: str,
    customer: str,
    product: str | None = None,
    order: str | None = None,
    invoice: str | None = None,
    serial: str | None = None,
    department: str | None = None,
    assignee: str = "",
    requested: date | None = None,
    description: str = "",
    parent: str | None = None,
    today: date,
    now: datetime,
) -> OrderRow:
    """Record a service order (open). Requested defaults to the linked order's date, else today; the
    department to the type's (delivery: logistics, the rest: technical)."""
    kind = rules.check_choice(kind, rules.TYPES, "TYPE")
    c = _customer(session, customer, "CUSTOMER")
    installed = None
    if serial:
        installed = session.exec(
            select(InstalledProduct).where(InstalledProduct.serial == serial.strip())
        ).first()
        if installed is None:
            raise DataError("serial", serial, _("no installed product has this serial"))
        if installed.customer_id != c.id:
            raise DataError("serial", serial, _("is installed at another customer"))
    p = _product(session, product) if product else None
    if p is None and installed is not None:
        p = session.get(Product, installed.product_id)
    o_row = None
    if order:
        o_row = session.exec(select(Order).where(Order.number == order.strip())).first()
        if o_row is None:
            raise DataError("order", order, _("no order has this number"))
        if o_row.customer_id != c.id:
            raise DataError("order", order, _("belongs to another customer"))
    inv = None
    if invoice:
        inv = session.exec(select(Invoice).where(Invoice.number == invoice.strip())).first()
        if inv is None:
            raise DataError("invoice", invoice, _("no invoice has this number"))
        if inv.customer_id != c.id:
            raise DataError("invoice", invoice, _("belongs to another customer"))
    dept = rules.check_choice(department, rules.DEPARTMENTS, "department") if department else None
    if requested is not None:
        check_date_range(requested, "requested")
    day = rules.requested_day(requested, o_row.date if o_row else None, today)
    if installed is None and kind in ("support", "warranty_repair", "maintenance") and p is not None:
        installed = _installed_for(session, c.id, p.id)
    parent_id = _order(session, parent).id if parent else None
    number = next_number(session)
    row = ServiceOrder(
        number=number, type=kind, customer_id=c.id, product_id=p.id if p else None,
        order_id=o_row.id if o_row else None, invoice_id=inv.id if inv else None,
        installed_id=installed.id if installed else None, parent_id=parent_id,
        department=dept or rules.DEFAULT_DEPARTMENT[kind],
        assignee=clean_text(assignee, "who", max_len=80), requested=day,
        description=clean_text(description, "description", max_len=1000), created_at=now,
    )  # fmt: skip
    session.add(row)
    session.flush()
    record_change(session, entity="service", record=number, field="status", old=None, new="open", when=now)
    return get_order(session=session, ref=number)


def _move(session: Session, o: ServiceOrder, status: str, now: datetime, note: str = "") -> None:
    rules.check_transition(o.status, status)
    if o.status != status:
        record_change(
            session, entity="service", record=o.number, field="status", old=o.status, new=status, when=now,
            note=note,
        )  # fmt: skip
    o.status = status


def schedule(
    *, session: Session, ref: str, day: date, who: str | None = None, today: date, now: datetime
) -> OrderRow:
    """Schedule (or reschedule) an order for ``day``; the first scheduling is its first response."""
    o = _order(session, ref)
    check_date_range(day, "--date")
    if day < o.requested:
        raise DataError("--date", day.isoformat(), _("comes before the service was requested"))
    _move(session, o, "scheduled", now, note=day.isoformat())
    o.scheduled = day
    if who is not None:
        o.assignee = clean_text(who, "--who", max_len=80)
    if o.responded is None:
        o.responded = max(today, o.requested)
    session.add(o)
    session.flush()
    return get_order(session=session, ref=o.number)


def start(*, session: Session, ref: str, today: date, now: datetime) -> OrderRow:
    o = _order(session, ref)
    _move(session, o, "in_progress", now)
    if o.responded is None:
        o.responded = max(today, o.requested)
    session.add(o)
    session.flush()
    return get_order(session=session, ref=o.number)


def cancel(*, session: Session, ref: str, today: date, note: str = "", now: datetime) -> OrderRow:
    o = _order(session, ref)
    _move(session, o, "cancelled", now, note=clean_text(note, "--note", max_len=200))
    o.cancelled, o.waiting_on = today, None
    session.add(o)
    session.flush()
    return get_order(session=session, ref=o.number)


def wait(*, session: Session, ref: str, department: str | None, note: str = "", now: datetime) -> OrderRow:
    """Mark an open order as waiting on a department (None: no longer waiting)."""
    o = _order(session, ref)
    if o.status not in rules.OPEN_STATUSES:
        raise DataError("ID", ref, _("a done or cancelled order waits on nobody"))
    dept = rules.check_choice(department, rules.DEPARTMENTS, "--on") if department else None
    record_change(
        session, entity="service", record=o.number, field="waiting_on", old=o.waiting_on, new=dept, when=now,
        note=clean_text(note, "--note", max_len=200),
    )  # fmt: skip
    o.waiting_on = dept
    session.add(o)
    session.flush()
    return get_order(session=session, ref=o.number)


@dataclass(frozen=True)
class Proposal:
    """The installation order a done delivery proposes."""

    customer: str
    product: str
    product_name: str
    requested: date
    follows: str


def installation_proposal(session: Session, o: ServiceOrder) -> Proposal | None:
    p = session.get(Product, o.product_id) if o.product_id else None
    has = (
        session.exec(
            select(ServiceOrder.id).where(ServiceOrder.parent_id == o.id, ServiceOrder.type == "installation")
        ).first()
        is not None
    )
    if p is None or o.completed is None:
        return None
    if not rules.proposes_installation(o.type, o.status, p.needs_installation, has):
        return None
    customer = session.get(Customer, o.customer_id).code
    return Proposal(customer, p.code, p.name, o.completed, o.number)


def complete(
    *,
    session: Session,
    ref: str,
    day: date,
    feedback: int | str | None = None,
    result: str = "",
    serial: str | None = None,
    today: date,
    now: datetime,
) -> tuple[OrderRow, Proposal | None]:
    """Mark an order done on ``day`` (on or before today, not before it was requested). A maintenance
    moves its installed product's next due date; an installation adds the product to the installed base
    (its serial, else the order's number); a delivery of a product that needs installation returns the
    installation order it proposes."""
    o = _order(session, ref)
    rules.check_transition(o.status, "done")
    check_date_range(day, "--date")
    if day < o.requested:
        raise DataError("--date", day.isoformat(), _("comes before the service was requested"))
    if day > today:
        raise DataError("--date", day.isoformat(), _("a service is done on or before today"))
    score = rules.check_feedback(feedback)
    _move(session, o, "done", now)
    o.completed, o.feedback, o.waiting_on = day, score, None
    o.result = clean_text(result, "--result", max_len=1000) or o.result
    if o.responded is None:
        o.responded = day
    session.add(o)
    session.flush()
    if o.type == "maintenance" and o.installed_id:
        maintained(session, o.installed_id, day)
    if o.type == "installation" and o.product_id and o.installed_id is None:
        unit = _install(session, o, serial or o.number, day)
        o.installed_id = unit.id
        session.add(o)
        session.flush()
    return get_order(session=session, ref=o.number), installation_proposal(session, o)


def maintained(session: Session, installed_id: int, day: date) -> None:
    """A maintenance done on ``day``: the unit's last maintenance and next due date move on."""
    unit = session.get(InstalledProduct, installed_id)
    if unit is None or (unit.last_maintenance and unit.last_maintenance >= day):
        return
    unit.last_maintenance = day
    unit.next_due = rules.next_due(unit.plan, unit.installed, day)
    session.add(unit)
    session.flush()


def _install(session: Session, o: ServiceOrder, serial: str, day: date) -> InstalledProduct:
    serial = clean_code(serial, "--serial")
    if session.exec(select(InstalledProduct.id).where(InstalledProduct.serial == serial)).first():
        raise DataError("--serial", serial, _("an installed product with this serial already exists"))
    unit = InstalledProduct(
        serial=serial, customer_id=o.customer_id, product_id=o.product_id, installed=day,
        warranty_end=rules.warranty_end(day, warranty_policy(session)),
    )  # fmt: skip
    session.add(unit)
    session.flush()
    return unit


def propose(*, session: Session, proposal: Proposal, today: date, now: datetime) -> OrderRow:
    """Create the installation order a done delivery proposed."""
    return add_order(
        session=session, kind="installation", customer=proposal.customer, product=proposal.product,
        requested=proposal.requested, parent=proposal.follows, today=today, now=now,
    )  # fmt: skip


# --------------------------------------------------------------------------- listing


def _filters(stmt, *, open_only=False, kind=None, status=None, department=None, customer=None, session=None):  # noqa: ANN001, ANN202
    if open_only:
        stmt = stmt.where(col(ServiceOrder.status).in_(rules.OPEN_STATUSES))
    if kind:
        stmt = stmt.where(ServiceOrder.type == rules.check_choice(kind, rules.TYPES, "--type"))
    if status:
        stmt = stmt.where(ServiceOrder.status == rules.check_choice(status, rules.STATUSES, "--status"))
    if department:
        stmt = stmt.where(
            ServiceOrder.department == rules.check_choice(department, rules.DEPARTMENTS, "--department")
        )
    if customer:
        stmt = stmt.where(ServiceOrder.customer_id == _customer(session, customer, "--customer").id)
    return stmt


def list_orders(
    *,
    session: Session,
    open_only: bool = False,
    kind: str | None = None,
    status: str | None = None,
    department: str | None = None,
    customer: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[OrderRow]:
    """Orders: open (or one status) ones the earliest requested first; every order the newest first."""
    stmt = _filters(
        select(ServiceOrder.id), open_only=open_only, kind=kind, status=status, department=department,
        customer=customer, session=session,
    )  # fmt: skip
    if open_only or status:  # the work to do: the oldest request first
        stmt = stmt.order_by(col(ServiceOrder.requested), col(ServiceOrder.number))
    else:  # every order: the newest first (an index order, so deep pages stay quick)
        stmt = stmt.order_by(col(ServiceOrder.requested).desc(), col(ServiceOrder.number).desc())
    stmt = stmt.offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    # the page's ids from the index alone, then their rows with the joins (a deep page skips ids only)
    ids = list(session.exec(stmt).all())
    found = {r[0].id: r for r in session.exec(_order_select().where(col(ServiceOrder.id).in_(ids))).all()}
    return [_row(*found[i]) for i in ids]


def count_orders(*, session: Session, **filters) -> int:  # noqa: ANN003
    stmt = _filters(select(func.count()).select_from(ServiceOrder), session=session, **filters)
    return session.exec(stmt).one()


def status_counts(session: Session) -> dict[str, int]:
    stmt = select(ServiceOrder.status, func.count()).group_by(ServiceOrder.status)
    found = dict(session.exec(stmt).all())
    return {s: found.get(s, 0) for s in rules.STATUSES}


def calendar(*, session: Session, start: date, end: date) -> list[OrderRow]:
    """Scheduled and in-progress work whose scheduled day falls ``start``–``end``, by day."""
    stmt = (
        _order_select()
        .where(
            col(ServiceOrder.scheduled) >= start,
            col(ServiceOrder.scheduled) <= end,
            col(ServiceOrder.status).in_(("scheduled", "in_progress")),
        )
        .order_by(col(ServiceOrder.scheduled), col(ServiceOrder.number))
    )
    return [_row(*r) for r in session.exec(stmt).all()]


# --------------------------------------------------------------------------- needs action


def _deadline_expr(goals: dict[str, int]):  # noqa: ANN202
    """The goal's last day per type, in SQL (julian day numbers)."""
    return func.julianday(ServiceOrder.requested) + case(
        *((ServiceOrder.type == k, goals[k]) for k in rules.TYPES), else_=0
    )


def needs_action(
    *, session: Session, today: date, department: str | None = None, limit: int | None = None
) -> list[tuple[str, str, OrderRow]]:
    """(department, reason, order) for every open order needing action today, grouped by department
    (a waiting order under the department it waits on), the oldest requested first."""
    goals = goal_policy(session)
    late = _deadline_expr(goals) < func.julianday(today)
    stmt = _order_select().where(
        col(ServiceOrder.status).in_(rules.OPEN_STATUSES),
        or_(
            col(ServiceOrder.waiting_on).is_not(None),
            late,
            and_(ServiceOrder.status != "open", col(ServiceOrder.scheduled) < today),
        ),
    )
    group = func.coalesce(ServiceOrder.waiting_on, ServiceOrder.department)
    if department:
        dept = rules.check_choice(department, rules.DEPARTMENTS, "--department")
        stmt = stmt.where(group == dept)
    stmt = stmt.order_by(group, col(ServiceOrder.requested), col(ServiceOrder.number))
    if limit is not None:
        stmt = stmt.limit(limit)
    out = []
    for found in session.exec(stmt).all():
        r = _row(*found)
        reason = rules.needs_action(
            kind=r.type, status=r.status, requested=r.requested, scheduled=r.scheduled,
            waiting_on=r.waiting_on, today=today, goals=goals,
        )  # fmt: skip
        if reason:
            out.append((r.waiting_on or r.department, reason, r))
    return out


# --------------------------------------------------------------------------- goals


@dataclass(frozen=True)
class GoalRow:
    key: str
    goal: int
    stats: rules.GoalStats


def goals_report(
    *, session: Session, start: date, end: date, by: str = "type", department: str | None = None
) -> list[GoalRow]:
    """Per type (or department): orders done ``start``–``end`` (inclusive), on time against the goal,
    the average lead time, and the backlog at ``end`` (requested by then, neither done nor cancelled by
    then). Aggregated in SQL; ``department`` keeps only that department's orders."""
    if end < start:
        raise DataError("--to", end.isoformat(), _("comes before --from"))
    goals = goal_policy(session)
    key = ServiceOrder.type if by == "type" else ServiceOrder.department
    lead = func.julianday(ServiceOrder.completed) - func.julianday(ServiceOrder.requested)
    goal = case(*((ServiceOrder.type == k, goals[k]) for k in rules.TYPES), else_=0)
    in_time = case(
        (ServiceOrder.type == "maintenance", and_(lead >= -goal, lead <= goal)), else_=lead <= goal
    )
    # (an expression, so SQLite stays on the date indexes rather than scanning the department one)
    mine = [] if department is None else [func.coalesce(ServiceOrder.department, "") == department]
    response = func.julianday(ServiceOrder.responded) - func.julianday(ServiceOrder.requested)
    is_support = and_(ServiceOrder.type == "support", col(ServiceOrder.responded).is_not(None))
    done = session.exec(
        select(
            key,
            func.count(),
            func.sum(case((in_time, 1), else_=0)),
            func.sum(lead),
            func.sum(case((is_support, 1), else_=0)),
            func.sum(case((and_(is_support, response <= goals["support_response"]), 1), else_=0)),
            func.sum(case((is_support, response), else_=0)),
        )
        .where(  # only a done order has a completed date (the commands and the import hold to it)
            *mine,
            col(ServiceOrder.completed) >= start,
            col(ServiceOrder.completed) <= end,
        )
        .group_by(key)
    ).all()
    backlog: dict[str, int] = {}
    # date(requested) keeps SQLite on the closing date's index (requested <= end holds for nearly all)
    requested = func.date(ServiceOrder.requested)
    grouped = func.coalesce(key, key)  # and off the department index (it would scan the table in order)
    # not done nor cancelled by ``end``: still open, or closed after it (three index-friendly counts)
    for closed_after in (
        col(ServiceOrder.status).in_(rules.OPEN_STATUSES),
        col(ServiceOrder.completed) > end,
        col(ServiceOrder.cancelled) > end,
    ):
        found = session.exec(
            select(grouped, func.count()).where(closed_after, requested <= end, *mine).group_by(grouped)
        ).all()
        for k, n in found:
            backlog[k] = backlog.get(k, 0) + n
    figures = {
        k: (n, on, int(total or 0), rn or 0, ron or 0, int(rt or 0)) for k, n, on, total, rn, ron, rt in done
    }
    keys = rules.TYPES if by == "type" else rules.DEPARTMENTS
    out = []
    for k in keys:
        n, on, total, rn, ron, rt = figures.get(k, (0, 0, 0, 0, 0, 0))
        stats = rules.GoalStats(
            done=n, on_time=int(on or 0), lead_total=total, backlog=backlog.get(k, 0), responded=rn,
            responded_on_time=ron, response_total=rt,
        )  # fmt: skip
        out.append(GoalRow(k, goals[k] if by == "type" else 0, stats))
    return out


# --------------------------------------------------------------------------- installed base


@dataclass(frozen=True)
class UnitRow:
    serial: str
    customer: str
    name: str
    product: str
    product_name: str
    installed: date
    warranty_end: date | None
    plan: str
    last_maintenance: date | None
    next_due: date | None
    open_order: str | None
    notes: str


def _unit_select():  # noqa: ANN202
    open_maintenance = (
        select(func.min(ServiceOrder.number))
        .where(
            ServiceOrder.installed_id == InstalledProduct.id,
            ServiceOrder.type == "maintenance",
            col(ServiceOrder.status).in_(rules.OPEN_STATUSES),
        )
        .correlate(InstalledProduct)
        .scalar_subquery()
    )
    return (
        select(InstalledProduct, Customer.code, Customer.name, Product.code, Product.name, open_maintenance)
        .join(Customer, col(Customer.id) == col(InstalledProduct.customer_id))
        .join(Product, col(Product.id) == col(InstalledProduct.product_id))
    )


def _unit_row(u: InstalledProduct, code, name, product, product_name, open_order) -> UnitRow:  # noqa: ANN001
    return UnitRow(
        u.serial, code, name, product, product_name, u.installed, u.warranty_end, u.plan, u.last_maintenance,
        u.next_due, open_order, u.notes,
    )  # fmt: skip


def add_unit(
    *,
    session: Session,
    serial: str,
    customer: str,
    product: str,
    installed: date,
    plan: str = "none",
    warranty_end: date | None = None,
    notes: str = "",
) -> UnitRow:
    """Add a product installed at a customer; its warranty ends after the warranty months unless given."""
    serial = clean_code(serial, "SERIAL")
    if session.exec(select(InstalledProduct.id).where(InstalledProduct.serial == serial)).first():
        raise DataError("SERIAL", serial, _("an installed product with this serial already exists"))
    c = _customer(session, customer, "CUSTOMER")
    p = _product(session, product, "PRODUCT")
    check_date_range(installed, "--installed")
    plan = rules.check_choice(plan, rules.PLANS, "--plan")
    if warranty_end is not None and warranty_end < installed:
        raise DataError("--warranty-end", warranty_end.isoformat(), _("comes before the install date"))
    unit = InstalledProduct(
        serial=serial, customer_id=c.id, product_id=p.id, installed=installed,
        warranty_end=warranty_end or rules.warranty_end(installed, warranty_policy(session)), plan=plan,
        next_due=rules.next_due(plan, installed, None), notes=clean_text(notes, "--notes", max_len=500),
    )  # fmt: skip
    session.add(unit)
    session.flush()
    return get_unit(session=session, serial=serial)


def get_unit(*, session: Session, serial: str) -> UnitRow:
    unit = session.exec(
        select(InstalledProduct).where(InstalledProduct.serial == (serial or "").strip())
    ).first()
    if unit is None:
        raise DataError("SERIAL", serial, _("no installed product has this serial"))
    return _unit_row(*session.exec(_unit_select().where(InstalledProduct.id == unit.id)).one())


def set_plan(*, session: Session, serial: str, plan: str, now: datetime) -> UnitRow:
    """Give an installed product a maintenance plan (``none`` ends it); the next due date follows."""
    unit = session.exec(
        select(InstalledProduct).where(InstalledProduct.serial == (serial or "").strip())
    ).first()
    if unit is None:
        raise DataError("SERIAL", serial, _("no installed product has this serial"))
    plan = rules.check_choice(plan, rules.PLANS, "PLAN")
    record_change(
        session, entity="installed", record=unit.serial, field="plan", old=unit.plan, new=plan, when=now
    )
    unit.plan = plan
    unit.next_due = rules.next_due(plan, unit.installed, unit.last_maintenance)
    session.add(unit)
    session.flush()
    return get_unit(session=session, serial=unit.serial)


def list_units(
    *, session: Session, customer: str | None = None, limit: int | None = None, offset: int = 0
) -> list[UnitRow]:
    """The installed base: the soonest maintenance due first (units without a plan last), then serial."""
    stmt = _unit_select()
    if customer:
        stmt = stmt.where(InstalledProduct.customer_id == _customer(session, customer, "--customer").id)
    stmt = stmt.order_by(
        col(InstalledProduct.next_due).is_(None), col(InstalledProduct.next_due), col(InstalledProduct.serial)
    ).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [_unit_row(*r) for r in session.exec(stmt).all()]


def count_units(*, session: Session, customer: str | None = None) -> int:
    stmt = select(func.count()).select_from(InstalledProduct)
    if customer:
        stmt = stmt.where(InstalledProduct.customer_id == _customer(session, customer, "--customer").id)
    return session.exec(stmt).one()


def due_maintenance(
    *, session: Session, today: date, days: int = 30, limit: int | None = None
) -> list[UnitRow]:
    """Installed products whose maintenance falls due by today + ``days`` (overdue ones first), with the
    open maintenance order each already has, if any."""
    if days < 0:
        raise DataError("--days", days, _("must not be negative"))
    until = today + timedelta(days=days)
    stmt = (
        _unit_select()
        .where(col(InstalledProduct.next_due).is_not(None), col(InstalledProduct.next_due) <= until)
        .order_by(col(InstalledProduct.next_due), col(InstalledProduct.serial))
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return [_unit_row(*r) for r in session.exec(stmt).all()]


def count_due(*, session: Session, today: date, days: int = 30) -> int:
    """How many installed products fall due for maintenance by today + ``days`` (overdue ones too)."""
    until = today + timedelta(days=days)
    stmt = select(func.count()).where(
        col(InstalledProduct.next_due).is_not(None), col(InstalledProduct.next_due) <= until
    )
    return session.exec(stmt).one()


def generate_maintenance(*, session: Session, today: date, days: int = 30, now: datetime) -> list[OrderRow]:
    """Open a maintenance order, requested on its due date, for every due unit without one."""
    created = []
    for unit in due_maintenance(session=session, today=today, days=days):
        if unit.open_order:
            continue
        row = add_order(
            session=session, kind="maintenance", customer=unit.customer, serial=unit.serial,
            requested=unit.next_due, description=_("Planned maintenance ({plan})").format(
                plan=rules.word(rules.PLAN_LABELS, unit.plan)
            ), today=today, now=now,
        )  # fmt: skip
        created.append(row)
    return created
