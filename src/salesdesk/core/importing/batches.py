"""Import history and undo: created rows removed, updated rows restored; refused if later data needs them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, DateTime, delete, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel

from salesdesk.core.dbtypes import Money
from salesdesk.core.errors import DataError
from salesdesk.core.i18n import _
from salesdesk.core.importing.models import ImportBatch, ImportChange

_B = ImportBatch.__table__
_C = ImportChange.__table__


@dataclass(frozen=True)
class BatchRow:
    id: int
    kind: str
    file: str
    mode: str
    started_at: datetime
    created: int
    updated: int
    unchanged: int
    rejected: int
    user: str
    undone_at: datetime | None


def list_batches(engine: Engine, *, limit: int | None = None) -> list[BatchRow]:
    stmt = select(
        _B.c.id,
        _B.c.kind,
        _B.c.file,
        _B.c.mode,
        _B.c.started_at,
        _B.c.created,
        _B.c.updated,
        _B.c.unchanged,
        _B.c.rejected,
        _B.c.user,
        _B.c.undone_at,
    ).order_by(_B.c.id.desc())
    if limit:
        stmt = stmt.limit(limit)
    with engine.execution_options(salesdesk_read=True).connect() as conn:
        return [BatchRow(*row) for row in conn.execute(stmt)]


def _restore_value(table, column: str, value: Any) -> Any:  # noqa: ANN001
    """A value from the JSON record back into the column's Python type."""
    if value is None:
        return None
    kind = table.c[column].type
    if isinstance(kind, Money):
        return Decimal(value)
    if isinstance(kind, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    return value


def undo_batch(engine: Engine, batch_id: int | None, *, now: datetime) -> BatchRow:
    """Revert a batch (default: the latest one not undone); all or nothing."""
    with engine.connect() as conn:
        trans = conn.begin()
        try:
            row = _pick(conn, batch_id)
            later = (
                conn.execute(
                    select(_B.c.id).where(
                        _B.c.id > row.id, _B.c.undone_at.is_(None), (_B.c.created + _B.c.updated) > 0
                    )
                )
                .scalars()
                .all()
            )
            tables = {
                r.table_name for r in conn.execute(select(_C.c.table_name).where(_C.c.batch_id == row.id))
            }
            if later:
                touched = set(conn.execute(select(_C.c.table_name).where(_C.c.batch_id.in_(later))).scalars())
                if touched & tables:
                    raise DataError(
                        "batch",
                        row.id,
                        _("later imports ({ids}) changed the same records; undo them first").format(
                            ids=", ".join(map(str, later))
                        ),
                    )
            meta = SQLModel.metadata  # every room's tables, with their column types
            changes = (
                conn.execute(select(_C).where(_C.c.batch_id == row.id).order_by(_C.c.id.desc()))
                .mappings()
                .all()
            )
            for change in changes:
                table = meta.tables[change["table_name"]]
                if change["action"] == "updated":
                    after = json.loads(change["after"])
                    current = (
                        conn.execute(
                            select(*(table.c[c] for c in after)).where(table.c.id == change["first_id"])
                        )
                        .mappings()
                        .first()
                    )
                    if current is None or any(_text(current[c]) != v for c, v in after.items()):
                        raise DataError(
                            "batch",
                            row.id,
                            _("record {id} in {table} was changed after the import").format(
                                id=change["first_id"], table=change["table_name"]
                            ),
                        )
                    before = {c: _restore_value(table, c, v) for c, v in json.loads(change["before"]).items()}
                    conn.execute(update(table).where(table.c.id == change["first_id"]).values(**before))
            for change in changes:
                if change["action"] == "created":
                    table = meta.tables[change["table_name"]]
                    try:
                        conn.execute(
                            delete(table).where(table.c.id.between(change["first_id"], change["last_id"]))
                        )
                    except IntegrityError:
                        raise DataError(
                            "batch",
                            row.id,
                            _("records it created in {table} are used by later data").format(
                                table=change["table_name"]
                            ),
                        )
            conn.execute(update(_B).where(_B.c.id == row.id).values(undone_at=now))
            trans.commit()
        except BaseException:
            trans.rollback()
            raise
    return _pick_readonly(engine, row.id)


def _text(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _pick(conn: Connection, batch_id: int | None) -> BatchRow:
    if batch_id is None:
        found = conn.execute(
            select(_B).where(_B.c.undone_at.is_(None)).order_by(_B.c.id.desc()).limit(1)
        ).first()
        if found is None:
            raise DataError("batch", "", _("there is no import to undo"))
    else:
        found = conn.execute(select(_B).where(_B.c.id == batch_id)).first()
        if found is None:
            raise DataError("batch", batch_id, _("no import batch has this number"))
        if found.undone_at is not None:
            raise DataError("batch", batch_id, _("this import was already undone"))
    return BatchRow(
        found.id,
        found.kind,
        found.file,
        found.mode,
        found.started_at,
        found.created,
        found.updated,
        found.unchanged,
        found.rejected,
        found.user,
        found.undone_at,
    )


def _pick_readonly(engine: Engine, batch_id: int) -> BatchRow:
    return next(b for b in list_batches(engine) if b.id == batch_id)
