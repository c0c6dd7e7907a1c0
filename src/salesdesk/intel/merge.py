"""Merging a duplicate customer into the one kept: every record that points at the duplicate (found from
the schema's foreign keys, so a table added later is covered too) is moved to the kept customer, the
kept customer's blank fields are filled from the duplicate, the merge is recorded in the change history,
and the duplicate is removed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Column, Table, and_, delete, func, insert, select, update
from sqlmodel import Session, SQLModel

from salesdesk.core.dbtypes import Money
from salesdesk.core.errors import DataError
from salesdesk.core.history import record_change
from salesdesk.core.i18n import N_, _, label
from salesdesk.intel.rules import merge_fill
from salesdesk.org.models import Customer

#: Customer fields a merge fills on the kept customer when they are blank there.
FILLED = ("tax_id", "territory_id", "group_id", "city", "email", "phone", "customer_since")
#: Tables kept by the program itself from the invoices and payments (the receivables ledger), keyed by
#: customer without a foreign key: the duplicate's rows are dropped and the kept customer recomputed.
DERIVED = ("credit_open_items", "credit_ledger", "credit_dirty")


#: How the tables a merge moves are named to the manager (msgids); others show their table name.
TABLE_LABELS = {
    "invoices": N_("merge|invoices"),
    "payments": N_("merge|payments"),
    "orders": N_("merge|orders"),
    "visits": N_("merge|visits"),
    "visit_frequencies": N_("merge|visit frequency"),
    "complaints": N_("merge|complaints"),
    "customer_assignments": N_("merge|assignments"),
    "credit_followups": N_("merge|collection follow-ups"),
    "credit_aging_snapshots": N_("merge|month-end agings"),
    "credit_review_notes": N_("merge|review notes"),
    "prospects": N_("merge|prospects"),
}


def summary(counts: dict[str, int]) -> str:
    """``invoices 29, payments 28`` in the active language (by table, whatever the column)."""
    by_table: dict[str, int] = {}
    for key, n in counts.items():
        table = key.split(".")[0]
        by_table[table] = by_table.get(table, 0) + n
    parts = [f"{label(TABLE_LABELS[t]) if t in TABLE_LABELS else t} {n}" for t, n in sorted(by_table.items())]
    return ", ".join(parts) or _("nothing linked")


@dataclass(frozen=True)
class Merged:
    keep: str
    duplicate: str
    #: Rows moved per table.column (only tables that had some).
    moved: dict[str, int]
    filled: list[str]


def customer_references() -> list[tuple[Table, Column]]:
    """Every (table, column) holding a foreign key to ``customers.id``, from the models' metadata."""
    from salesdesk.rooms import room_modules

    room_modules("models")  # every room's tables are in the metadata
    found = []
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table.name == "customers" for fk in column.foreign_keys):
                found.append((table, column))
    return found


def _unique_sets(table: Table, column: Column) -> list[list[Column]]:
    """The unique keys of ``table`` that include ``column`` (a conflict when both customers have a row)."""
    from sqlalchemy import UniqueConstraint

    sets = [
        list(c.columns)
        for c in table.constraints
        if isinstance(c, UniqueConstraint) and column.name in c.columns
    ]
    if column.unique:
        sets.append([column])
    return sets


def _pair(session: Session, keep: str, duplicate: str) -> tuple[Customer, Customer]:
    keep, duplicate = keep.strip(), duplicate.strip()
    if keep == duplicate:
        raise DataError("duplicate", duplicate, _("is the customer kept; name two different customers"))
    kept = session.execute(select(Customer).where(Customer.code == keep)).scalar()
    if kept is None:
        raise DataError("keep", keep, _("no customer has this code"))
    dup = session.execute(select(Customer).where(Customer.code == duplicate)).scalar()
    if dup is None:
        raise DataError("duplicate", duplicate, _("no customer has this code"))
    return kept, dup


def linked(*, session: Session, keep: str, duplicate: str) -> dict[str, int]:
    """What a merge would move: the duplicate's rows per table (only tables that have some)."""
    _kept, dup = _pair(session, keep, duplicate)
    found = {}
    for table, column in customer_references():
        count = session.execute(select(func.count()).select_from(table).where(column == dup.id)).scalar() or 0
        if count:
            found[table.name] = found.get(table.name, 0) + count
    return found


def merge_customers(*, session: Session, keep: str, duplicate: str, now: datetime) -> Merged:
    """Move everything of ``duplicate`` to ``keep`` and remove ``duplicate``; one transaction."""
    kept, dup = _pair(session, keep, duplicate)
    keep, duplicate = kept.code, dup.code
    keep_id, dup_id = kept.id, dup.id
    moved: dict[str, int] = {}
    for table, column in customer_references():
        count = session.execute(select(func.count()).select_from(table).where(column == dup_id)).scalar() or 0
        if not count:
            continue
        if table.name == "customer_assignments":
            # the kept customer's own assignment history stands (who owns it now is on the customer)
            session.execute(delete(table).where(column == dup_id))
            moved[f"{table.name}.{column.name}"] = count
            continue
        for key in _unique_sets(table, column):
            _resolve_conflicts(session, table, column, key, keep_id, dup_id)
        session.execute(update(table).where(column == dup_id).values({column.name: keep_id}))
        moved[f"{table.name}.{column.name}"] = count
    _derived(session, keep_id, dup_id)
    filled = merge_fill({f: getattr(kept, f) for f in FILLED}, {f: getattr(dup, f) for f in FILLED}, FILLED)
    for name, value in filled.items():
        setattr(kept, name, value)
    session.add(kept)
    note = summary(moved)
    record_change(
        session,
        entity="customer",
        record=keep,
        field="merged",
        old=None,
        new=duplicate,
        when=now,
        note=note,
    )
    record_change(
        session,
        entity="customer",
        record=duplicate,
        field="merged_into",
        old=duplicate,
        new=keep,
        when=now,
        note=note,
    )
    session.flush()
    session.execute(delete(Customer.__table__).where(Customer.__table__.c.id == dup_id))
    shown = {"territory_id": "territory", "group_id": "group"}
    return Merged(keep, duplicate, moved, [shown.get(f, f) for f in filled])


def _resolve_conflicts(
    session: Session, table: Table, column: Column, key: list[Column], keep_id: int, dup_id: int
) -> None:
    """Rows of the duplicate whose unique key the kept customer already has: their money columns are
    added to the kept row (an aging snapshot of the merged customer is the sum of both), then they go."""
    others = [c for c in key if c is not column]
    mine = table.alias("mine")
    theirs = select(table).where(column == dup_id)
    money = [c for c in table.columns if isinstance(c.type, Money)]
    for row in session.execute(theirs).mappings().all():
        match = [mine.c[column.name] == keep_id, *(mine.c[c.name] == row[c.name] for c in others)]
        target = session.execute(select(mine).where(and_(*match))).mappings().first()
        if target is None:
            continue
        pk = list(table.primary_key.columns)
        if money:
            sums = {c.name: (target[c.name] or 0) + (row[c.name] or 0) for c in money}
            session.execute(update(table).where(and_(*(p == target[p.name] for p in pk))).values(sums))
        session.execute(delete(table).where(and_(*(p == row[p.name] for p in pk))))


def _derived(session: Session, keep_id: int, dup_id: int) -> None:
    """The receivables ledger: the duplicate's rows go, the kept customer is recomputed on the next read."""
    meta = SQLModel.metadata.tables
    for name in DERIVED:
        table = meta.get(name)
        if table is not None:
            session.execute(delete(table).where(table.c.customer_id.in_((dup_id, keep_id))))
    dirty = meta.get("credit_dirty")
    if dirty is not None:
        session.execute(insert(dirty).values(customer_id=keep_id))
