"""Reads and writes of the relations rooms: visit frequencies, visits (plan, done, cancel, missed), the
due list, compliance, the agenda, the iCalendar export; complaints (add, status, resolve) and their
statistics. Status changes go to the change history (a complaint's timeline)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from salesdesk.core.business import rule_values
from salesdesk.core.errors import DataError
from salesdesk.core.history import ChangeLog, record_change
from salesdesk.core.i18n import _
from salesdesk.core.periods import check_date_range
from salesdesk.org.models import Customer, Salesperson
from salesdesk.org.rules import clean_code, clean_text
from salesdesk.relations import room, rules
from salesdesk.relations.models import Complaint, Visit, VisitFrequency

MANAGER = "manager"


def frequency_policy(session: Session) -> dict[str, int]:
    return room.frequencies(rule_values(session, room.RULES))


def sla_policy(session: Session) -> dict[str, int]:
    return room.sla_days(rule_values(session, room.RULES))


def _customer(session: Session, code: str) -> Customer:
    c = session.exec(select(Customer).where(Customer.code == (code or "").strip())).first()
    if c is None:
        raise DataError("customer", code, _("no customer has this code"))
    return c


def _salesperson(session: Session, code: str, field: str = "who") -> Salesperson:
    sp = session.exec(select(Salesperson).where(Salesperson.code == (code or "").strip())).first()
    if sp is None:
        message = (
            _("no salesperson has this code (or use manager)")
            if field in ("who", "owner")
            else _("no salesperson has this code")
        )
        raise DataError(field, code, message)
    return sp


def _who(session: Session, who: str | None, customer: Customer) -> tuple[int | None, bool]:
    """(salesperson id, by the manager) for ``who``: a salesperson's code, ``manager``, or the customer's
    salesperson when not given."""
    text = (who or "").strip()
    if text.lower() == MANAGER:
        return None, True
    if text:
        return _salesperson(session, text).id, False
    if customer.salesperson_id is None:
        raise DataError("who", "", _("the customer has no salesperson; say who visits (a code or manager)"))
    return customer.salesperson_id, False


def set_frequency(*, session: Session, customer: str, days: int | None, now: datetime) -> int:
    """Give a customer its own visit frequency (``None``: back to its tier's); returns the frequency."""
    c = _customer(session, customer)
    row = session.exec(select(VisitFrequency).where(VisitFrequency.customer_id == c.id)).first()
    if days is not None and not 1 <= days <= 3660:
        raise DataError("days", days, _("must be between 1 and 3660"))
    record_change(
        session, entity="customer", record=c.code, field="visit_frequency", old=row.days if row else None,
        new=days, when=now,
    )  # fmt: skip
    if days is None:
        if row is not None:
            session.delete(row)
    else:
        row = row or VisitFrequency(customer_id=c.id, days=days)
        row.days = days
        session.add(row)
    return days or rules.frequency(c.tier, None, frequency_policy(session))


# --------------------------------------------------------------------------- visits


@dataclass(frozen=True)
class VisitRow:
    id: int
    date: date
    time: str
    duration: int
    customer: str
    name: str
    who: str
    by_manager: bool
    purpose: str
    status: str
    outcome: str
    next_step: str
    next_visit: date | None
    complaint: str | None
    tier: str = ""


def _visit_select():  # noqa: ANN202
    return (
        select(Visit, Customer.code, Customer.name, Customer.tier, Salesperson.code, Complaint.number)
        .outerjoin(Customer, col(Customer.id) == col(Visit.customer_id))
        .outerjoin(Salesperson, col(Salesperson.id) == col(Visit.salesperson_id))
        .outerjoin(Complaint, col(Complaint.id) == col(Visit.complaint_id))
    )


def _visit_row(v: Visit, code: str, name: str, tier: str, sp: str | None, complaint: str | None) -> VisitRow:
    return VisitRow(
        v.id or 0, v.date, v.time, v.duration, code, name, MANAGER if v.by_manager else (sp or ""),
        v.by_manager, v.purpose, v.status, v.outcome, v.next_step, v.next_visit, complaint, tier,
    )  # fmt: skip


def _visit_record(session: Session, v: Visit) -> str:
    """A visit as the change history names it, the way an import does: customer/date/salesperson."""
    customer = session.get(Customer, v.customer_id).code
    sp = session.get(Salesperson, v.salesperson_id).code if v.salesperson_id else ""
    return f"{customer}/{v.date.isoformat()}/{sp}"


def get_visit(*, session: Session, ref: int | str) -> VisitRow:
    v = _visit(session, ref)
    return _visit_row(*session.exec(_visit_select().where(Visit.id == v.id)).one())


def _visit(session: Session, ref: int | str) -> Visit:
    try:
        v = session.get(Visit, int(str(ref).strip()))
    except ValueError:
        v = None
    if v is None:
        raise DataError("visit", ref, _("no visit has this number"))
    return v


def double_bookings(
    session: Session, *, day: date, time: str, duration: int, salesperson_id: int | None, by_manager: bool,
    exclude: int | None = None,
) -> list[VisitRow]:  # fmt: skip
    """The planned visits of the same person that day whose times overlap."""
    stmt = _visit_select().where(Visit.date == day, Visit.status == "planned")
    stmt = (
        stmt.where(col(Visit.by_manager).is_(True))
        if by_manager
        else stmt.where(Visit.salesperson_id == salesperson_id)
    )
    rows = [_visit_row(*r) for r in session.exec(stmt).all()]
    return [r for r in rows if r.id != exclude and rules.overlaps(time, duration, r.time, r.duration)]


def plan_visit(
    *,
    session: Session,
    customer: str,
    day: date,
    time: str = "",
    duration: int = rules.DEFAULT_DURATION,
    who: str | None = None,
    purpose: str = "routine",
    complaint: str | None = None,
    now: datetime,
) -> tuple[VisitRow, list[str]]:
    """Plan a visit; returns it and the warnings (the same person already booked at that time)."""
    check_date_range(day, "date")
    c = _customer(session, customer)
    time = rules.check_time(time)
    if not 1 <= duration <= 1440:
        raise DataError("duration", duration, _("must be between 1 and 1440 minutes"))
    purpose = rules.check_choice(purpose, rules.PURPOSES, "purpose")
    sp_id, by_manager = _who(session, who, c)
    complaint_id = None
    if complaint:
        found = _complaint(session, complaint)
        if found.customer_id != c.id:
            raise DataError("complaint", complaint, _("belongs to another customer"))
        complaint_id = found.id
    clashes = double_bookings(
        session, day=day, time=time, duration=duration, salesperson_id=sp_id, by_manager=by_manager
    )
    v = Visit(
        customer_id=c.id, salesperson_id=sp_id, by_manager=by_manager, date=day, time=time, duration=duration,
        purpose=purpose, complaint_id=complaint_id, created_at=now,
    )  # fmt: skip
    session.add(v)
    session.flush()
    record_change(
        session, entity="visit", record=str(v.id), field="status", old=None, new="planned", when=now
    )
    row = get_visit(session=session, ref=v.id)
    warnings = [
        _("{who} is already booked on {date}: visit {id} to {customer} at {time}").format(
            who=row.who, date=day.isoformat(), id=r.id, customer=r.customer, time=r.time or _("some time")
        )
        for r in clashes
    ]
    return row, warnings


def close_visit(
    *,
    session: Session,
    ref: int | str,
    status: str,
    day: date | None = None,
    outcome: str = "",
    next_step: str = "",
    next_visit: date | None = None,
    today: date | None = None,
    warnings: list[str] | None = None,
    now: datetime,
) -> tuple[VisitRow, VisitRow | None]:
    """Mark a planned visit done (on its planned date, or ``day``), cancelled or missed; a done visit
    with a next visit date plans that visit (same person, same purpose). Returns it and the next one."""
    v = _visit(session, ref)
    rules.check_visit_transition(v.status, status)
    outcome = clean_text(outcome, "outcome", max_len=500)
    next_step = clean_text(next_step, "next_step", max_len=200)
    if status != "done" and (day is not None or next_visit is not None):
        raise DataError("date", day or next_visit, _("only a visit done has a date or a next visit"))
    if day is not None:
        check_date_range(day, "date")
        v.date = day
    if status == "done" and today is not None and v.date > today:
        raise DataError(
            "date", v.date.isoformat(), _("a visit is done on or before today; give the day it happened")
        )
    if next_visit is not None:
        check_date_range(next_visit, "next")
        if next_visit <= v.date:
            raise DataError("next", next_visit.isoformat(), _("the next visit must come after this one"))
    record_change(
        session, entity="visit", record=str(v.id), field="status", old=v.status, new=status, when=now
    )
    v.status, v.outcome, v.next_step, v.next_visit = status, outcome or v.outcome, next_step, next_visit
    session.add(v)
    session.flush()
    following = None
    if next_visit is not None:
        c = session.get(Customer, v.customer_id)
        who = MANAGER if v.by_manager else session.get(Salesperson, v.salesperson_id).code
        following, clashes = plan_visit(
            session=session, customer=c.code, day=next_visit, time=v.time, duration=v.duration, who=who,
            purpose=v.purpose, now=now,
        )  # fmt: skip
        if warnings is not None:  # the next visit may clash with another of the same person
            warnings.extend(clashes)
    return get_visit(session=session, ref=v.id), following


def _visit_filters(stmt, start, end, who, status, customer, session):  # noqa: ANN001, ANN202
    if start is not None:
        stmt = stmt.where(Visit.date >= start)
    if end is not None:
        stmt = stmt.where(Visit.date <= end)
    if who:
        if who.strip().lower() == MANAGER:
            stmt = stmt.where(col(Visit.by_manager).is_(True))
        else:
            stmt = stmt.where(Visit.salesperson_id == _salesperson(session, who).id)
    if status:
        stmt = stmt.where(Visit.status == rules.check_choice(status, rules.VISIT_STATUSES, "status"))
    if customer:
        stmt = stmt.where(Visit.customer_id == _customer(session, customer).id)
    return stmt


def list_visits(
    *,
    session: Session,
    start: date | None = None,
    end: date | None = None,
    who: str | None = None,
    status: str | None = None,
    customer: str | None = None,
    limit: int | None = None,
    offset: int = 0,
    newest_first: bool = False,
) -> list[VisitRow]:
    """Visits in date and time order (or the newest first), one page read from the database."""
    stmt = _visit_filters(_visit_select(), start, end, who, status, customer, session)
    order = (col(Visit.date), col(Visit.time), col(Visit.id))
    stmt = stmt.order_by(*(o.desc() for o in order) if newest_first else order).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [_visit_row(*r) for r in session.exec(stmt).all()]


def count_visits(*, session: Session, start=None, end=None, who=None, status=None, customer=None) -> int:  # noqa: ANN001
    stmt = _visit_filters(select(func.count()).select_from(Visit), start, end, who, status, customer, session)
    return session.exec(stmt).one()


def last_visits(session: Session, as_of: date) -> dict[int, date]:
    """Each customer's last done visit on or before ``as_of`` (by anyone)."""
    stmt = (
        select(Visit.customer_id, func.max(Visit.date))
        .where(Visit.status == "done", Visit.date <= as_of)
        .group_by(Visit.customer_id)
    )
    return {cid: day for cid, day in session.exec(stmt).all()}


def _customers(session: Session, salesperson: str | None = None) -> list[tuple]:
    stmt = (
        select(
            Customer.id, Customer.code, Customer.name, Customer.tier, Salesperson.code, VisitFrequency.days
        )
        .outerjoin(Salesperson, col(Salesperson.id) == col(Customer.salesperson_id))
        .outerjoin(VisitFrequency, col(VisitFrequency.customer_id) == col(Customer.id))
    )
    if salesperson:
        stmt = stmt.where(Customer.salesperson_id == _salesperson(session, salesperson, "salesperson").id)
    return list(session.exec(stmt).all())


def due(*, session: Session, today: date, salesperson: str | None = None) -> list[rules.DueCustomer]:
    """Customers due for a visit at ``today``, never visited first (``rules.due_list``)."""
    last = last_visits(session, today)
    rows = [
        (code, name, tier, sp, own, last.get(cid))
        for cid, code, name, tier, sp, own in _customers(session, salesperson)
    ]
    return rules.due_list(rows, today, frequency_policy(session))


@dataclass(frozen=True)
class ComplianceRow:
    salesperson: str
    name: str
    required: int
    done_on_time: int
    compliance_pct: object
    overdue_customers: int


def compliance(
    *, session: Session, start: date, end: date, owners: dict[int, int | None] | None = None
) -> list[ComplianceRow]:
    """Per salesperson over ``start``–``end``: the windows their customers required, those with a done
    visit (by anyone), the compliance %, and their customers due at ``end``. ``owners`` (customer id →
    salesperson id) says whose customers they are (a review: who had them at the period's end); by
    default each customer's current salesperson."""
    if end < start:
        raise DataError("--to", end.isoformat(), _("comes before --from"))
    policy = frequency_policy(session)
    done: dict[int, list[date]] = defaultdict(list)
    stmt = select(Visit.customer_id, Visit.date).where(
        Visit.status == "done", Visit.date >= start, Visit.date <= end
    )
    for cid, day in session.exec(stmt).all():
        done[cid].append(day)
    last = last_visits(session, end)
    people = {sp.code: sp for sp in session.exec(select(Salesperson)).all()}
    totals: dict[str, list[int]] = {code: [0, 0, 0] for code, sp in people.items() if sp.status != "left"}
    codes = {p.id: code for code, p in people.items()}
    for cid, _code, _name, tier, sp, own in _customers(session):
        if owners is not None:
            sp = codes.get(owners.get(cid))  # type: ignore[arg-type]
        if sp is None:
            continue
        freq = rules.frequency(tier, own, policy)
        required, hit = rules.customer_compliance(done.get(cid, []), start, end, freq)
        t = totals.setdefault(sp, [0, 0, 0])
        t[0] += required
        t[1] += hit
        t[2] += rules.is_due(last.get(cid), freq, end)
    return [
        ComplianceRow(code, people[code].name, r, h, rules.pct(h, r), o)
        for code, (r, h, o) in sorted(totals.items())
    ]


def agenda(*, session: Session, monday: date) -> dict[str, dict[date, list[VisitRow]]]:
    """The week from ``monday``: each person's visits (planned and done) by day."""
    rows = list_visits(session=session, start=monday, end=monday + timedelta(days=6))
    week: dict[str, dict[date, list[VisitRow]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        if r.status in ("planned", "done"):
            week[r.who][r.date].append(r)
    return week


def export_ics(*, session: Session, start: date | None = None, now: datetime) -> bytes:
    """Planned visits (from ``start`` on) as an iCalendar file: one event per visit, timed when it has a
    time (all-day otherwise), its customer, purpose and who in the summary and description."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//SalesDesk//visits//EN")
    cal.add("version", "2.0")
    for r in list_visits(session=session, start=start, status="planned"):
        e = Event()
        e.add("uid", f"visit-{r.id}@salesdesk")
        e.add("dtstamp", now)
        if r.time:
            h, m = (int(p) for p in r.time.split(":"))
            begin = datetime(r.date.year, r.date.month, r.date.day, h, m)
            e.add("dtstart", begin)
            e.add("dtend", begin + timedelta(minutes=r.duration))
        else:
            e.add("dtstart", r.date)
            e.add("dtend", r.date + timedelta(days=1))
        e.add("summary", _("Visit {customer} {name}").format(customer=r.customer, name=r.name))
        e.add(
            "description",
            _("Purpose: {purpose}. Who: {who}.").format(
                purpose=rules.word(rules.PURPOSE_LABELS, r.purpose), who=r.who
            ),
        )
        cal.add_component(e)
    return cal.to_ical()


# --------------------------------------------------------------------------- complaints


@dataclass(frozen=True)
class ComplaintRow:
    id: int
    number: str
    opened: date
    customer: str
    name: str
    salesperson: str | None
    channel: str
    category: str
    severity: str
    description: str
    owner: str | None
    status: str
    sla_due: date
    resolution: str
    resolved: date | None
    satisfaction: int | None


def _complaint_select():  # noqa: ANN202
    owner = Salesperson.__table__.alias("owner")
    return (
        select(Complaint, Customer.code, Customer.name, Salesperson.code, owner.c.code)
        .outerjoin(Customer, col(Customer.id) == col(Complaint.customer_id))
        .outerjoin(Salesperson, col(Salesperson.id) == col(Customer.salesperson_id))
        .outerjoin(owner, owner.c.id == col(Complaint.owner_id))
    )


def _complaint_row(c: Complaint, code: str, name: str, sp: str | None, owner: str | None) -> ComplaintRow:
    return ComplaintRow(
        c.id or 0, c.number, c.opened, code, name, sp, c.channel, c.category, c.severity, c.description,
        owner, c.status, c.sla_due, c.resolution, c.resolved, c.satisfaction,
    )  # fmt: skip


def _complaint(session: Session, ref: str) -> Complaint:
    text = (ref or "").strip()
    c = session.exec(select(Complaint).where(Complaint.number == text)).first()
    if c is None:
        raise DataError("complaint", ref, _("no complaint has this number"))
    return c


def get_complaint(*, session: Session, ref: str) -> ComplaintRow:
    c = _complaint(session, ref)
    return _complaint_row(*session.exec(_complaint_select().where(Complaint.id == c.id)).one())


def next_complaint_number(session: Session) -> str:
    top = session.exec(
        select(func.max(Complaint.number)).where(col(Complaint.number).like("R" + "_" * 6))
    ).one()
    n = int(top[1:]) + 1 if top and top[1:].isdigit() else 1
    while session.exec(select(Complaint.id).where(Complaint.number == f"R{n:06d}")).first() is not None:
        n += 1
    return f"R{n:06d}"


def add_complaint(
    *,
    session: Session,
    customer: str,
    category: str,
    severity: str,
    text: str,
    channel: str = "other",
    owner: str | None = None,
    opened: date,
    number: str | None = None,
    now: datetime,
) -> ComplaintRow:
    """Record a complaint (new), its SLA due date from the severity."""
    check_date_range(opened, "date")
    c = _customer(session, customer)
    category = rules.check_choice(category, rules.CATEGORIES, "category")
    severity = rules.check_choice(severity, rules.SEVERITIES, "severity")
    channel = rules.check_choice(channel, rules.CHANNELS, "channel")
    text = clean_text(text, "text", required=True, max_len=1000)
    owner_id = None
    if owner and owner.strip().lower() != MANAGER:
        owner_id = _salesperson(session, owner, "owner").id
    elif not owner:
        owner_id = c.salesperson_id
    number = clean_code(number, "number") if number else next_complaint_number(session)
    if session.exec(select(Complaint.id).where(Complaint.number == number)).first() is not None:
        raise DataError("number", number, _("a complaint with this number already exists"))
    row = Complaint(
        number=number, opened=opened, customer_id=c.id, channel=channel, category=category, severity=severity,
        description=text, owner_id=owner_id, sla_due=rules.sla_due(opened, severity, sla_policy(session)),
        created_at=now,
    )  # fmt: skip
    session.add(row)
    session.flush()
    record_change(session, entity="complaint", record=number, field="status", old=None, new="new", when=now)
    return get_complaint(session=session, ref=number)


def update_complaint(
    *, session: Session, ref: str, status: str, note: str = "", now: datetime
) -> ComplaintRow:
    """Change a complaint's status (the table in ``rules``; resolving goes through ``resolve``)."""
    c = _complaint(session, ref)
    status = rules.check_choice(status, rules.COMPLAINT_STATUSES, "status")
    if status == "resolved":
        raise DataError(
            "status", status, _("resolve it with: salesdesk complaint resolve (resolution, satisfaction)")
        )
    rules.check_complaint_transition(c.status, status)
    record_change(
        session, entity="complaint", record=c.number, field="status", old=c.status, new=status, when=now,
        note=clean_text(note, "note", max_len=200),
    )  # fmt: skip
    if status == "in_progress" and c.status in ("resolved", "closed"):  # reopened: no longer resolved
        c.resolved, c.satisfaction = None, None
    c.status = status
    session.add(c)
    session.flush()
    return get_complaint(session=session, ref=c.number)


def resolve_complaint(
    *,
    session: Session,
    ref: str,
    resolution: str,
    satisfaction: int | str | None,
    day: date,
    today: date | None = None,
    now: datetime,
) -> ComplaintRow:
    """Resolve a complaint on ``day`` with its resolution and the customer's satisfaction (1–5)."""
    c = _complaint(session, ref)
    rules.check_complaint_transition(c.status, "resolved")
    resolution = clean_text(resolution, "resolution", required=True, max_len=1000)
    score = rules.check_satisfaction(satisfaction)
    check_date_range(day, "date")
    if day < c.opened:
        raise DataError("date", day.isoformat(), _("comes before the complaint was opened"))
    if today is not None and day > today:
        raise DataError("date", day.isoformat(), _("a complaint is resolved on or before today"))
    record_change(
        session, entity="complaint", record=c.number, field="status", old=c.status, new="resolved", when=now
    )
    c.status, c.resolution, c.satisfaction, c.resolved = "resolved", resolution, score, day
    session.add(c)
    session.flush()
    return get_complaint(session=session, ref=c.number)


def _complaint_filters(stmt, open_only: bool, start, end, status, customer, session):  # noqa: ANN001, ANN202
    if open_only:
        stmt = stmt.where(col(Complaint.status).in_(rules.OPEN_COMPLAINT))
    if status:
        stmt = stmt.where(Complaint.status == rules.check_choice(status, rules.COMPLAINT_STATUSES, "status"))
    if start is not None:
        stmt = stmt.where(Complaint.opened >= start)
    if end is not None:
        stmt = stmt.where(Complaint.opened <= end)
    if customer:
        stmt = stmt.where(Complaint.customer_id == _customer(session, customer).id)
    return stmt


def list_complaints(
    *,
    session: Session,
    open_only: bool = False,
    start: date | None = None,
    end: date | None = None,
    status: str | None = None,
    customer: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[ComplaintRow]:
    """Complaints by SLA urgency: open ones first, the earliest due date first, then by number."""
    stmt = _complaint_filters(_complaint_select(), open_only, start, end, status, customer, session)
    still_open = col(Complaint.status).in_(rules.OPEN_COMPLAINT)
    stmt = stmt.order_by(still_open.desc(), col(Complaint.sla_due), col(Complaint.number)).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [_complaint_row(*r) for r in session.exec(stmt).all()]


def count_complaints(*, session: Session, open_only: bool = False, status=None, customer=None) -> int:  # noqa: ANN001
    stmt = _complaint_filters(
        select(func.count()).select_from(Complaint), open_only, None, None, status, customer, session
    )
    return session.exec(stmt).one()


def timeline(*, session: Session, ref: str) -> list[tuple[datetime, str | None, str | None, str, str]]:
    """A complaint's status changes: (when, from, to, who, note), oldest first."""
    c = _complaint(session, ref)
    stmt = (
        select(ChangeLog.changed_at, ChangeLog.old, ChangeLog.new, ChangeLog.user, ChangeLog.note)
        .where(ChangeLog.entity == "complaint", ChangeLog.record == c.number, ChangeLog.field == "status")
        .order_by(col(ChangeLog.id))
    )
    return list(session.exec(stmt).all())


def complaint_stats(
    *,
    session: Session,
    start: date,
    end: date,
    today: date,
    by: str | None = None,
    owners: dict[str, str | None] | None = None,
) -> list[tuple[str, rules.Stats]]:
    """Statistics of the complaints opened ``start``–``end``: overall (key ``all``), or by category or by
    the customer's salesperson (``owners``, customer code → salesperson code, overrides whose customer
    it is)."""
    if end < start:
        raise DataError("--to", end.isoformat(), _("comes before --from"))
    rows = list_complaints(session=session, start=start, end=end)
    days = sla_policy(session)
    groups: dict[str, list] = defaultdict(list)
    for r in rows:
        owner = owners.get(r.customer) if owners is not None else r.salesperson
        key = "all" if by is None else (r.category if by == "category" else (owner or ""))
        groups[key].append((r.status, r.opened, r.sla_due, r.resolved, r.severity, r.satisfaction))
    if by is None and not groups:
        groups["all"] = []
    return [(k, rules.stats(v, today, days)) for k, v in sorted(groups.items())]
