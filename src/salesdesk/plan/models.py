"""The sales plan: annual amount, group demand, seasonality, targets, manual shares, corrective actions.

Percentages (growth, seasonality weights) are stored like money, in integer hundredths."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from salesdesk.core.dbtypes import Money, integer_check


def _fk(target: str, *, nullable: bool = True) -> Column:
    return Column(Integer, ForeignKey(target), nullable=nullable, index=True)


class AnnualPlan(SQLModel, table=True):
    """The company's sales plan for the region for one year."""

    __tablename__ = "plans"
    __table_args__ = (*integer_check("amount"), CheckConstraint("amount >= 0", name="amount_positive"))

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(unique=True)
    amount: Decimal = Field(sa_type=Money)


class GroupDemand(SQLModel, table=True):
    """What the manager expects of one customer group in a year; ``amount`` fixes the group's share."""

    __tablename__ = "plan_group_demand"
    __table_args__ = (
        UniqueConstraint("year", "group_id", name="year_group"),
        *integer_check("growth_pct", "market_size", "amount"),
    )

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    group_id: int = Field(sa_column=_fk("customer_groups.id", nullable=False))
    growth_pct: Decimal = Field(default=Decimal("0.00"), sa_type=Money)
    market_size: Decimal | None = Field(default=None, sa_type=Money)
    #: A manual amount for the group (the other groups share the rest of the plan).
    amount: Decimal | None = Field(default=None, sa_type=Money)


class Seasonality(SQLModel, table=True):
    """One month's weight, in percent; a year's twelve weights total 100."""

    __tablename__ = "plan_seasonality"
    __table_args__ = (
        UniqueConstraint("year", "month", name="year_month"),
        CheckConstraint("month BETWEEN 1 AND 12", name="month_range"),
        *integer_check("weight"),
    )

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    month: int
    weight: Decimal = Field(sa_type=Money)


class SalespersonShare(SQLModel, table=True):
    """A manual year amount for a salesperson inside a group (a new salesperson's share)."""

    __tablename__ = "plan_shares"
    __table_args__ = (
        UniqueConstraint("year", "group_id", "salesperson_id", name="year_group_salesperson"),
        *integer_check("amount"),
    )

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    group_id: int = Field(sa_column=_fk("customer_groups.id", nullable=False))
    salesperson_id: int = Field(sa_column=_fk("salespeople.id", nullable=False))
    amount: Decimal = Field(sa_type=Money)


class Target(SQLModel, table=True):
    """The target of one salesperson with one customer group in one month."""

    __tablename__ = "plan_targets"
    __table_args__ = (
        UniqueConstraint("year", "month", "salesperson_id", "group_id", name="cell"),
        CheckConstraint("month BETWEEN 1 AND 12", name="month_range"),
        CheckConstraint("amount >= 0", name="amount_positive"),
        *integer_check("amount"),
    )

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    month: int
    salesperson_id: int = Field(sa_column=_fk("salespeople.id", nullable=False))
    group_id: int = Field(sa_column=_fk("customer_groups.id", nullable=False))
    amount: Decimal = Field(sa_type=Money)
    #: Set by the manager (kept when the breakdown is proposed again).
    manual: bool = False


class CorrectiveAction(SQLModel, table=True):
    """What will be done about a deviation: the problem, the action, who, by when, and how it went."""

    __tablename__ = "plan_actions"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'in_progress', 'done', 'cancelled')", name="status"),
        CheckConstraint("month BETWEEN 1 AND 12", name="month_range"),
    )

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    month: int
    salesperson_id: int | None = Field(default=None, sa_column=_fk("salespeople.id"))
    group_id: int | None = Field(default=None, sa_column=_fk("customer_groups.id"))
    problem: str
    action: str
    owner: str = ""
    due_date: dt.date | None = None
    status: str = "open"
    result: str = ""
    created_at: dt.datetime
    closed_at: dt.date | None = None
