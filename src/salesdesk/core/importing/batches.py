"""Import history and undo: created rows removed, updated rows restored; refused if later data needs them."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, DateTime, delete, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel

from salesdesk.core.dbtypes import Money
from salesdesk.core.errors import DataError
from salesdesk.core.history import ChangeLog, change_row
from salesdesk.core.i18n import _
from salesdesk.core.importing.models import ImportBatch, ImportChange

_B = ImportBatch.__table__
_C = ImportChange.__table__
#: Bytes of the digest kept per created record.
DIGEST_SIZE = 8


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


def list_batches(engine: Engine, *, limit: int | None = None, offset: int = 0) -> list[BatchRow]:
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
    if offset:
        stmt = stmt.offset(offset)
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


def _digest(record: tuple) -> bytes:
    return hashlib.blake2b(repr(record).encode(), digest_size=DIGEST_SIZE).digest()


def _raw_rows(conn: Connection, table, columns: list[str], first_id: int, last_id: int):  # noqa: ANN001, ANN202
    """(id, stored values…) of the records first_id..last_id as the driver returns them, in id order."""
    quote = conn.dialect.identifier_preparer.quote
    sql = (
        f"SELECT id, {', '.join(quote(c) for c in columns)} FROM {quote(table.name)} "
        "WHERE id BETWEEN ? AND ? ORDER BY id"
        if conn.dialect.name == "sqlite"
        else None
    )
    if sql is not None:
        return conn.exec_driver_sql(sql, (first_id, last_id))
    stmt = select(table.c.id, *(table.c[c] for c in columns)).where(table.c.id.between(first_id, last_id))
    return conn.execute(stmt.order_by(table.c.id))


def created_digests(conn: Connection, table, first_id: int, last_id: int) -> tuple[str, bytes]:  # noqa: ANN001
    """The columns (JSON) and a digest of each record first_id..last_id, as stored now (for undo)."""
    columns = [c.name for c in table.c if c.name != "id"]
    out = bytearray()
    for row in _raw_rows(conn, table, columns, first_id, last_id):
        out += _digest(tuple(row[1:]))
    return json.dumps(columns), bytes(out)


def _changed_since(conn: Connection, table, change: Any) -> int | None:  # noqa: ANN001
    """The first record of a "created" change that no longer matches its digest (None: all match)."""
    if change["digests"] is None or change["after"] is None:
        return None  # a batch from before digests were kept
    columns = [c for c in json.loads(change["after"]) if c in table.c]
    digests, first = change["digests"], change["first_id"]
    for row in _raw_rows(conn, table, columns, first, change["last_id"]):
        at = (row[0] - first) * DIGEST_SIZE
        if digests[at : at + DIGEST_SIZE] != _digest(tuple(row[1:])):
            return row[0]
    return None


def _kind_for(kinds: Mapping[str, Any], batch_kind: str, table_name: str) -> Any:
    kind = kinds.get(batch_kind)
    if kind is not None and kind.table.name == table_name:
        return kind
    return next((k for k in kinds.values() if k.table.name == table_name and k.creates), None)


def _code(conn: Connection, kind: Any, record_id: int) -> str:
    """A record as the user knows it: its natural key (the internal id only if the kind is unknown)."""
    if kind is None:
        return str(record_id)
    table = kind.table
    columns = [table.c[f.db_column] for f in kind.key_fields if not f.ref]
    if not columns:
        return str(record_id)
    row = conn.execute(select(*columns).where(table.c.id == record_id)).first()
    return "/".join(str(v) for v in row) if row else str(record_id)


def undo_batch(
    engine: Engine, batch_id: int | None, *, now: datetime, kinds: Mapping[str, Any] | None = None
) -> BatchRow:
    """Revert a batch (default: the latest one not undone), all or nothing: records it created are
    removed, records it updated get their old values back (and audited fields a change-history entry).

    Refused, naming the record, when a record it created or updated was changed since (by a later import
    or by hand), or when later data refers to a record it created."""
    kinds = kinds or {}
    with engine.connect() as conn:
        trans = conn.begin()
        try:
            row = _pick(conn, batch_id)
            meta = SQLModel.metadata  # every room's tables, with their column types
            changes = (
                conn.execute(select(_C).where(_C.c.batch_id == row.id).order_by(_C.c.id.desc()))
                .mappings()
                .all()
            )
            history: list[dict[str, Any]] = []
            note = _("undo of import batch {id}").format(id=row.id)
            for change in changes:
                table = meta.tables[change["table_name"]]
                kind = _kind_for(kinds, row.kind, table.name)
                if change["action"] == "created":
                    moved = _changed_since(conn, table, change)
                    if moved is not None:
                        raise DataError(
                            _("batch"),
                            row.id,
                            _("{record} in {table} was changed after the import; undo refused").format(
                                record=_code(conn, kind, moved), table=change["table_name"]
                            ),
                        )
                    continue
                after = json.loads(change["after"])
                record_id = change["first_id"]
                current = (
                    conn.execute(select(*(table.c[c] for c in after)).where(table.c.id == record_id))
                    .mappings()
                    .first()
                )
                if current is None or any(_text(current[c]) != v for c, v in after.items()):
                    raise DataError(
                        _("batch"),
                        row.id,
                        _("{record} in {table} was changed after the import; undo refused").format(
                            record=_code(conn, kind, record_id), table=change["table_name"]
                        ),
                    )
                before = {c: _restore_value(table, c, v) for c, v in json.loads(change["before"]).items()}
                conn.execute(update(table).where(table.c.id == record_id).values(**before))
                history += _undo_history(conn, kinds, kind, record_id, current, before, now, note)
            for change in changes:
                if change["action"] == "created":
                    table = meta.tables[change["table_name"]]
                    try:
                        conn.execute(
                            delete(table).where(table.c.id.between(change["first_id"], change["last_id"]))
                        )
                    except IntegrityError:
                        raise DataError(
                            _("batch"),
                            row.id,
                            _("records it created in {table} are used by later data").format(
                                table=change["table_name"]
                            ),
                        )
            if history:
                conn.execute(insert(ChangeLog.__table__), history)
            conn.execute(update(_B).where(_B.c.id == row.id).values(undone_at=now))
            trans.commit()
        except BaseException:
            trans.rollback()
            raise
    return _pick_readonly(engine, row.id)


def _undo_history(
    conn: Connection,
    kinds: Mapping[str, Any],
    kind: Any,
    record_id: int,
    current: Mapping[str, Any],
    before: Mapping[str, Any],
    now: datetime,
    note: str,
) -> list[dict[str, Any]]:
    """Change-history entries for the audited fields an undo puts back (new → old, "undo of batch N")."""
    if kind is None:
        return []
    entries = []
    record = _code(conn, kind, record_id)
    for name in kind.audited:
        f = kind.field(name)
        column = f.db_column
        if column not in before:
            continue
        old, new = current[column], before[column]
        if f.ref and f.ref in kinds:  # codes, not internal ids
            old = _code(conn, kinds[f.ref], old) if old is not None else None
            new = _code(conn, kinds[f.ref], new) if new is not None else None
        entry = change_row(
            entity=kind.entity or kind.name,
            record=record,
            field=kind.history_fields.get(name, name),
            old=old,
            new=new,
            when=now,
            note=note,
        )
        if entry:
            entries.append(entry)
    return entries


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
            raise DataError(_("batch"), "", _("there is no import to undo"))
    else:
        found = conn.execute(select(_B).where(_B.c.id == batch_id)).first()
        if found is None:
            raise DataError(_("batch"), batch_id, _("no import batch has this number"))
        if found.undone_at is not None:
            raise DataError(_("batch"), batch_id, _("this import was already undone"))
    return _pick_row(found)


def _pick_row(found: Any) -> BatchRow:
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
    with engine.execution_options(salesdesk_read=True).connect() as conn:
        return _pick_row(conn.execute(select(_B).where(_B.c.id == batch_id)).one())
