"""The relations room's records: per-customer visit frequencies, visits and complaints.

The default frequencies per tier and the complaint SLA days are business rules (``room.RULES``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel


def _fk(target: str, *, nullable: bool = True, index: bool = True) -> Column:
    return Column(Integer, ForeignKey(target), nullable=nullable, index=index)


class VisitFrequency(SQLModel, table=True):
    """A customer's own visit frequency, in days (instead of its tier's)."""

    __tablename__ = "visit_frequencies"
    __table_args__ = (CheckConstraint("days BETWEEN 1 AND 3660", name="days_range"),)

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(
        sa_column=Column(Integer, ForeignKey("customers.id"), nullable=False, unique=True)
    )
    days: int


class Visit(SQLModel, table=True):
    """A customer visit by a salesperson (``salesperson_id``) or by the manager (``by_manager``):
    planned → done / cancelled / missed."""

    __tablename__ = "visits"
    __table_args__ = (
        CheckConstraint("status IN ('planned', 'done', 'cancelled', 'missed')", name="status"),
        CheckConstraint(
            "purpose IN ('routine', 'key_account', 'collection', 'complaint_follow_up', 'prospecting', "
            "'other')",
            name="purpose",
        ),
        CheckConstraint("duration BETWEEN 1 AND 1440", name="duration_range"),
        CheckConstraint("by_manager OR salesperson_id IS NOT NULL", name="who"),
        # the last done visit of each customer (due list, compliance) reads only the index
        Index("ix_visits_customer_status_date", "customer_id", "status", "date"),
        Index("ix_visits_date_status", "date", "status", "salesperson_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(sa_column=_fk("customers.id", nullable=False, index=False))
    salesperson_id: int | None = Field(default=None, sa_column=_fk("salespeople.id"))
    by_manager: bool = False
    date: dt.date
    #: "HH:MM", empty when no time was given.
    time: str = ""
    #: Minutes.
    duration: int = 60
    purpose: str = "routine"
    status: str = "planned"
    outcome: str = ""
    next_step: str = ""
    next_visit: dt.date | None = None
    complaint_id: int | None = Field(default=None, sa_column=_fk("complaints.id"))
    created_at: dt.datetime | None = None


class Complaint(SQLModel, table=True):
    """A complaint or objection: new → in progress → resolved → closed (reopen allowed); its SLA due
    date from the severity."""

    __tablename__ = "complaints"
    __table_args__ = (
        CheckConstraint("status IN ('new', 'in_progress', 'resolved', 'closed')", name="status"),
        CheckConstraint("channel IN ('visit', 'phone', 'email', 'other')", name="channel"),
        CheckConstraint(
            "category IN ('product_quality', 'delivery', 'billing', 'price', 'service', 'other')",
            name="category",
        ),
        CheckConstraint("severity IN ('low', 'medium', 'high', 'critical')", name="severity"),
        CheckConstraint("satisfaction IS NULL OR satisfaction BETWEEN 1 AND 5", name="satisfaction_range"),
        Index("ix_complaints_status_due", "status", "sla_due"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(unique=True)
    opened: dt.date = Field(index=True)
    customer_id: int = Field(sa_column=_fk("customers.id", nullable=False))
    channel: str = "other"
    category: str = "other"
    severity: str = "medium"
    description: str = ""
    #: Who handles it (a salesperson), or None for the manager.
    owner_id: int | None = Field(default=None, sa_column=_fk("salespeople.id"))
    status: str = "new"
    #: Set when recorded (an import without it gets it from the SLA rules once the file is in).
    sla_due: dt.date | None = None
    resolution: str = ""
    resolved: dt.date | None = None
    satisfaction: int | None = None
    created_at: dt.datetime | None = None
