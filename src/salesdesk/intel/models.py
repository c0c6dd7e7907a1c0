"""The intel room's records: competitors, what was observed about them in the market (intel entries) and
the countermeasures decided, with the department that was told."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel


def _fk(target: str, *, nullable: bool = True, index: bool = True) -> Column:
    return Column(Integer, ForeignKey(target), nullable=nullable, index=index)


class Competitor(SQLModel, table=True):
    __tablename__ = "competitors"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True)
    name: str
    notes: str = ""


class IntelEntry(SQLModel, table=True):
    """A market change or a competitor's move, as observed: when, who, where, about what, how much it
    matters."""

    __tablename__ = "intel_entries"
    __table_args__ = (
        CheckConstraint(
            "topic IN ('price', 'product', 'promotion', 'channel', 'strategy', 'other')", name="topic"
        ),
        CheckConstraint("impact IN ('low', 'medium', 'high')", name="impact"),
        Index("ix_intel_entries_date", "date", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(unique=True)
    date: dt.date
    competitor_id: int | None = Field(default=None, sa_column=_fk("competitors.id"))
    territory_id: int | None = Field(default=None, sa_column=_fk("territories.id"))
    topic: str = "other"
    observed: str
    #: Where it came from (a customer, a fair, a price list, a salesperson's visit…).
    source: str = ""
    impact: str = "medium"
    #: The salesperson who reported it (None: the manager).
    reported_by_id: int | None = Field(default=None, sa_column=_fk("salespeople.id"))


class Countermeasure(SQLModel, table=True):
    """What will be done about an intel entry (or about the market in general): open → in progress →
    done / cancelled; which department was told, and when."""

    __tablename__ = "countermeasures"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'in_progress', 'done', 'cancelled')", name="status"),
        CheckConstraint(
            "department IN ('', 'marketing', 'product', 'pricing', 'logistics', 'customer_service', "
            "'technical', 'management', 'finance')",
            name="department",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(unique=True)
    entry_id: int | None = Field(default=None, sa_column=_fk("intel_entries.id"))
    action: str
    #: Who does it (a salesperson), None for the manager.
    owner_id: int | None = Field(default=None, sa_column=_fk("salespeople.id"))
    due: dt.date | None = None
    status: str = "open"
    department: str = ""
    told_on: dt.date | None = None
    done_on: dt.date | None = None
