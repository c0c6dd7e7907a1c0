"""The Service room's records: the installed base (products installed at customers, their warranty and
maintenance plan) and service orders (deliveries, installations, support, maintenance, warranty repairs).

The goals and the warranty months are business rules (``room.RULES``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel


def _fk(target: str, *, nullable: bool = True, index: bool = True) -> Column:
    return Column(Integer, ForeignKey(target), nullable=nullable, index=index)


class InstalledProduct(SQLModel, table=True):
    """A product installed at a customer: its serial, install date, warranty end and maintenance plan."""

    __tablename__ = "installed_base"
    __table_args__ = (
        CheckConstraint("plan IN ('none', 'monthly', 'quarterly', 'half_yearly', 'yearly')", name="plan"),
        Index("ix_installed_base_customer", "customer_id", "product_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    serial: str = Field(unique=True)
    customer_id: int = Field(sa_column=_fk("customers.id", nullable=False, index=False))
    product_id: int = Field(sa_column=_fk("products.id", nullable=False))
    installed: dt.date
    warranty_end: dt.date | None = None
    plan: str = "none"
    last_maintenance: dt.date | None = None
    #: (last maintenance, else installed) + the plan's days; None without a plan. Kept with the row so the
    #: due list reads an index.
    next_due: dt.date | None = Field(default=None, index=True)
    notes: str = ""


class ServiceOrder(SQLModel, table=True):
    """A service order: open → scheduled → in progress → done / cancelled (``rules.TRANSITIONS``)."""

    __tablename__ = "service_orders"
    __table_args__ = (
        CheckConstraint(
            "type IN ('delivery', 'installation', 'support', 'maintenance', 'warranty_repair')", name="type"
        ),
        CheckConstraint(
            "department IN ('customer_service', 'technical', 'logistics', 'other')", name="department"
        ),
        CheckConstraint(
            "waiting_on IS NULL OR waiting_on IN ('customer_service', 'technical', 'logistics', 'other')",
            name="waiting_on",
        ),
        CheckConstraint("status IN ('open', 'scheduled', 'in_progress', 'done', 'cancelled')", name="status"),
        CheckConstraint("feedback IS NULL OR feedback BETWEEN 1 AND 5", name="feedback_range"),
        # the board (status, then type), the department's list and the goals (completed in a range)
        Index("ix_service_orders_status_type", "status", "type", "requested"),
        Index("ix_service_orders_department_status", "department", "status", "requested"),
        Index("ix_service_orders_completed", "completed", "type"),
        Index("ix_service_orders_scheduled", "scheduled", "status"),
        Index("ix_service_orders_cancelled", "cancelled", "type"),
        Index("ix_service_orders_requested", "requested", "number"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(unique=True)
    type: str
    customer_id: int = Field(sa_column=_fk("customers.id", nullable=False))
    product_id: int | None = Field(default=None, sa_column=_fk("products.id", index=False))
    order_id: int | None = Field(default=None, sa_column=_fk("orders.id"))
    invoice_id: int | None = Field(default=None, sa_column=_fk("invoices.id"))
    installed_id: int | None = Field(default=None, sa_column=_fk("installed_base.id"))
    #: The delivery an installation follows.
    parent_id: int | None = Field(default=None, sa_column=_fk("service_orders.id"))
    department: str = "other"
    #: Who does it: a person's name (a technician, a carrier, a colleague).
    assignee: str = ""
    requested: dt.date
    scheduled: dt.date | None = None
    #: The first response: the day it was first scheduled, started or done.
    responded: dt.date | None = None
    completed: dt.date | None = None
    cancelled: dt.date | None = None
    status: str = "open"
    waiting_on: str | None = None
    description: str = ""
    result: str = ""
    feedback: int | None = None
    created_at: dt.datetime | None = None
