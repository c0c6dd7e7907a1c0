"""The intel room's reads and writes: competitors, intel entries (what was observed in the market) and
countermeasures (what will be done, who was told). Plain dataclasses out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlmodel import Session

from salesdesk.core.db import contains_text
from salesdesk.core.errors import DataError
from salesdesk.core.history import record_change
from salesdesk.core.i18n import _
from salesdesk.intel import rules
from salesdesk.intel.models import Competitor, Countermeasure, IntelEntry
from salesdesk.org import rules as org_rules
from salesdesk.org.models import Salesperson, Territory


def _id_of(session: Session, model, code: str | None, field: str, what: str) -> int | None:  # noqa: ANN001
    """The id of the record with this code (trimmed), None for a blank one; an unknown code is refused."""
    from salesdesk.org.queries import _optional_id

    return _optional_id(session, model, (code or "").strip() or None, field, what)


def _not_after(day: date, today: date, field: str) -> None:
    if day > today:
        raise DataError(field, day.isoformat(), _("is after today"))


# --------------------------------------------------------------------------- competitors


@dataclass(frozen=True)
class CompetitorRow:
    code: str
    name: str
    notes: str
    entries: int
    last_entry: date | None
    high_impact: int
    lost_deals: int


def add_competitor(*, session: Session, code: str, name: str, notes: str = "") -> str:
    code = org_rules.clean_code(code)
    if session.execute(select(Competitor.id).where(Competitor.code == code)).first():
        raise DataError("code", code, _("a competitor with this code already exists"))
    session.add(
        Competitor(
            code=code,
            name=org_rules.clean_text(name, "name", required=True),
            notes=org_rules.clean_text(notes, "notes", max_len=2000),
        )
    )
    return code


def list_competitors(*, session: Session) -> list[CompetitorRow]:
    """Competitors with how much intel there is on each (and its last date), how much of it is high
    impact, and how many deals were lost to each."""
    from salesdesk.market.models import Prospect

    e, c, p = IntelEntry.__table__.c, Competitor.__table__.c, Prospect.__table__.c
    entries = {
        cid: (n, last, high)
        for cid, n, last, high in session.execute(
            select(
                e.competitor_id, func.count(), func.max(e.date), func.sum((e.impact == "high").cast(_int()))
            ).group_by(e.competitor_id)
        )
    }
    lost = dict(
        session.execute(
            select(p.competitor_id, func.count()).where(p.stage == "lost").group_by(p.competitor_id)
        ).all()
    )
    out = []
    for cid, code, name, notes in session.execute(select(c.id, c.code, c.name, c.notes).order_by(c.name)):
        n, last, high = entries.get(cid, (0, None, 0))
        out.append(CompetitorRow(code, name, notes, n, last, int(high or 0), lost.get(cid, 0)))
    return out


def _int():  # noqa: ANN202
    from sqlalchemy import Integer

    return Integer()


# --------------------------------------------------------------------------- intel entries


@dataclass(frozen=True)
class EntryRow:
    number: str
    date: date
    competitor: str | None
    competitor_name: str | None
    territory: str | None
    topic: str
    impact: str
    observed: str
    source: str
    reported_by: str | None
    measures: int


@dataclass(frozen=True)
class EntryFilter:
    competitor: str | None = None
    territory: str | None = None
    topic: str | None = None
    impact: str | None = None
    start: date | None = None
    end: date | None = None
    search: str = ""


def add_entry(
    *,
    session: Session,
    day: date | None,
    observed: str,
    competitor: str | None,
    territory: str | None,
    topic: str | None,
    impact: str | None,
    source: str | None,
    reported_by: str | None,
    today: date,
) -> str:
    """Record what was observed in the market (on ``day``, default today); returns its number."""
    from salesdesk.expenses.queries import next_number

    day = day or today
    _not_after(day, today, "date")
    entry = IntelEntry(
        number=next_number(session, IntelEntry, "I"),
        date=day,
        observed=org_rules.clean_text(observed, "observed", required=True, max_len=2000),
        competitor_id=_id_of(session, Competitor, competitor, "competitor", _("competitor")),
        territory_id=_id_of(session, Territory, territory, "territory", _("territory")),
        topic=org_rules.clean_choice(topic or "other", rules.TOPICS, "topic"),
        impact=org_rules.clean_choice(impact or "medium", rules.IMPACTS, "impact"),
        source=org_rules.clean_text(source, "source"),
        reported_by_id=_id_of(session, Salesperson, reported_by, "by", _("salesperson")),
    )
    session.add(entry)
    return entry.number


def _entry_where(session: Session, stmt, f: EntryFilter):  # noqa: ANN001, ANN202
    e = IntelEntry.__table__.c
    if f.competitor:
        stmt = stmt.where(
            e.competitor_id == _id_of(session, Competitor, f.competitor, "competitor", _("competitor"))
        )
    if f.territory:
        stmt = stmt.where(
            e.territory_id == _id_of(session, Territory, f.territory, "territory", _("territory"))
        )
    if f.topic:
        stmt = stmt.where(e.topic == org_rules.clean_choice(f.topic, rules.TOPICS, "topic"))
    if f.impact:
        stmt = stmt.where(e.impact == org_rules.clean_choice(f.impact, rules.IMPACTS, "impact"))
    if f.start:
        stmt = stmt.where(e.date >= f.start)
    if f.end:
        stmt = stmt.where(e.date <= f.end)
    if f.search.strip():
        text = f.search.strip()
        stmt = stmt.where(or_(*(contains_text(c, text) for c in (e.observed, e.source, e.number))))
    return stmt


def count_entries(*, session: Session, filters: EntryFilter) -> int:
    stmt = _entry_where(session, select(func.count()).select_from(IntelEntry.__table__), filters)
    return int(session.execute(stmt).scalar() or 0)


def list_entries(
    *, session: Session, filters: EntryFilter, limit: int | None = None, offset: int = 0
) -> list[EntryRow]:
    """Intel entries, newest first, paged in SQL."""
    e, c, t, s = (m.__table__ for m in (IntelEntry, Competitor, Territory, Salesperson))
    m = Countermeasure.__table__.c
    measures = (
        select(func.count())
        .select_from(Countermeasure.__table__)
        .where(m.entry_id == e.c.id)
        .scalar_subquery()
    )
    stmt = (
        select(
            e.c.number,
            e.c.date,
            c.c.code,
            c.c.name,
            t.c.code,
            e.c.topic,
            e.c.impact,
            e.c.observed,
            e.c.source,
            s.c.code,
            measures,
        )
        .select_from(e)
        .outerjoin(c, c.c.id == e.c.competitor_id)
        .outerjoin(t, t.c.id == e.c.territory_id)
        .outerjoin(s, s.c.id == e.c.reported_by_id)
        .order_by(e.c.date.desc(), e.c.id.desc())
    )
    stmt = _entry_where(session, stmt, filters)
    if limit is not None:
        stmt = stmt.limit(limit)
    if offset:
        stmt = stmt.offset(offset)
    return [EntryRow(*row) for row in session.execute(stmt).all()]


# --------------------------------------------------------------------------- countermeasures


@dataclass(frozen=True)
class MeasureRow:
    number: str
    entry: str | None
    action: str
    owner: str | None
    due: date | None
    status: str
    department: str
    told_on: date | None
    done_on: date | None
    overdue: bool


def add_measure(
    *,
    session: Session,
    action: str,
    entry: str | None,
    owner: str | None,
    due: date | None,
    department: str | None,
    told_on: date | None,
    today: date,
) -> str:
    """Decide a countermeasure (for an intel entry, or for the market in general): what, who, by when,
    and which department was told (and when, default today when one is named)."""
    from salesdesk.expenses.queries import next_number

    entry_id = None
    if entry:
        entry_id = session.execute(select(IntelEntry.id).where(IntelEntry.number == entry.strip())).scalar()
        if entry_id is None:
            raise DataError("entry", entry, _("no intel entry has this number"))
    dept = org_rules.clean_choice(department, rules.DEPARTMENTS, "department") if department else ""
    if told_on is not None:
        if not dept:
            raise DataError("told", told_on.isoformat(), _("name the department that was told"))
        _not_after(told_on, today, "told")
    measure = Countermeasure(
        number=next_number(session, Countermeasure, "M"),
        entry_id=entry_id,
        action=org_rules.clean_text(action, "action", required=True, max_len=1000),
        owner_id=_id_of(session, Salesperson, owner, "owner", _("salesperson")),
        due=due,
        department=dept,
        told_on=told_on or (today if dept else None),
    )
    session.add(measure)
    return measure.number


def set_measure_status(
    *, session: Session, number: str, status: str, today: date, now: datetime, note: str = ""
) -> None:
    """Move a countermeasure along open → in progress → done / cancelled (recorded)."""
    m = session.execute(select(Countermeasure).where(Countermeasure.number == number.strip())).scalar()
    if m is None:
        raise DataError("measure", number, _("no countermeasure has this number"))
    status = (status or "").strip().lower()
    rules.check_transition(m.status, status)
    record_change(
        session,
        entity="countermeasure",
        record=m.number,
        field="status",
        old=m.status,
        new=status,
        when=now,
        note=note,
    )
    m.status = status
    m.done_on = today if status == "done" else None
    session.add(m)


def list_measures(
    *, session: Session, today: date, open_only: bool = False, entry: str | None = None
) -> list[MeasureRow]:
    """Countermeasures, open ones first by due date."""
    m, e, s = Countermeasure.__table__.c, IntelEntry.__table__.c, Salesperson.__table__.c
    stmt = (
        select(m.number, e.number, m.action, s.code, m.due, m.status, m.department, m.told_on, m.done_on)
        .select_from(Countermeasure.__table__)
        .outerjoin(IntelEntry.__table__, e.id == m.entry_id)
        .outerjoin(Salesperson.__table__, s.id == m.owner_id)
    )
    if open_only:
        stmt = stmt.where(m.status.in_(("open", "in_progress")))
    if entry:
        stmt = stmt.where(e.number == entry.strip())
    rows = [
        MeasureRow(*r, overdue=r[5] in ("open", "in_progress") and r[4] is not None and r[4] < today)
        for r in session.execute(stmt).all()
    ]
    return sorted(
        rows, key=lambda r: (r.status not in ("open", "in_progress"), r.due is None, r.due or today, r.number)
    )
