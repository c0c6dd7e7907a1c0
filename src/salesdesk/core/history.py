"""One change-history mechanism for every room: who changed which field of which record, when and why."""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlmodel import Field, Session, SQLModel, col, select

from salesdesk.core import dbtypes  # noqa: F401  (naming convention before any table)


class ChangeLog(SQLModel, table=True):
    """A decision on a money or status field (credit limit, target, budget, status)."""

    __tablename__ = "change_log"

    id: int | None = Field(default=None, primary_key=True)
    entity: str = Field(index=True)
    record: str = Field(index=True)
    field: str
    old: str | None = None
    new: str | None = None
    changed_at: datetime
    user: str = ""
    note: str = ""


@dataclass(frozen=True)
class Change:
    entity: str
    record: str
    field: str
    old: str | None
    new: str | None
    changed_at: datetime
    user: str
    note: str


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return str(value)
    return str(getattr(value, "value", value))


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in some containers
        return ""


def record_change(
    session: Session,
    *,
    entity: str,
    record: str,
    field: str,
    old: object,
    new: object,
    when: datetime,
    note: str = "",
) -> bool:
    """Add a history row when ``old`` differs from ``new``; returns whether one was written."""
    old_t, new_t = _text(old), _text(new)
    if old_t == new_t:
        return False
    session.add(
        ChangeLog(
            entity=entity,
            record=record,
            field=field,
            old=old_t,
            new=new_t,
            changed_at=when,
            user=current_user(),
            note=note,
        )
    )
    return True


def change_row(
    *, entity: str, record: str, field: str, old: object, new: object, when: datetime, note: str = ""
) -> dict[str, object] | None:
    """A change-log row for bulk insertion (imports), or None when nothing changed."""
    old_t, new_t = _text(old), _text(new)
    if old_t == new_t:
        return None
    return {
        "entity": entity,
        "record": record,
        "field": field,
        "old": old_t,
        "new": new_t,
        "changed_at": when,
        "user": current_user(),
        "note": note,
    }


def history(session: Session, *, entity: str, record: str | None = None) -> list[Change]:
    """Changes of one entity (optionally one record), newest first."""
    stmt = select(ChangeLog).where(ChangeLog.entity == entity)
    if record is not None:
        stmt = stmt.where(ChangeLog.record == record)
    rows = session.exec(stmt.order_by(col(ChangeLog.changed_at).desc(), col(ChangeLog.id).desc())).all()
    return [Change(r.entity, r.record, r.field, r.old, r.new, r.changed_at, r.user, r.note) for r in rows]
