"""The expenses room's records: expense categories (with their budget actions), monthly budgets, expenses
and discount requests.

An annual budget is not stored: it is the sum of its twelve months. Percentages (a discount) are stored
like money, in integer hundredths."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from salesdesk.core.dbtypes import Money, integer_check


def _fk(target: str, *, nullable: bool = True, index: bool = True) -> Column:
    return Column(Integer, ForeignKey(target), nullable=nullable, index=index)


_ACTIONS = "('stop', 'warn', 'ignore')"


class ExpenseCategory(SQLModel, table=True):
    """A kind of sales expense, and what happens when its budget would be exceeded: ``stop`` refuses the
    expense, ``warn`` lets it through with a warning, ``ignore`` says nothing. The annual and the
    accumulated-monthly budget each have their own action. The ``discounts`` category holds the discount
    budget: its spending is the cost of approved discounts, never an expense."""

    __tablename__ = "expense_categories"
    __table_args__ = (
        CheckConstraint(f"annual_action IN {_ACTIONS}", name="annual_action"),
        CheckConstraint(f"monthly_action IN {_ACTIONS}", name="monthly_action"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True)
    name: str
    position: int = 0
    active: bool = True
    annual_action: str = "stop"
    monthly_action: str = "warn"


class Budget(SQLModel, table=True):
    """One month's budget of a category, for the whole team (no salesperson) or for one salesperson."""

    __tablename__ = "expense_budgets"
    __table_args__ = (
        UniqueConstraint("year", "category_id", "salesperson_id", "month", name="cell"),
        # the team's cells (no salesperson): NULLs are distinct to a unique constraint, so they get their own
        Index(
            "ux_expense_budgets_team_cell",
            "year",
            "category_id",
            "month",
            unique=True,
            sqlite_where=text("salesperson_id IS NULL"),
            postgresql_where=text("salesperson_id IS NULL"),
        ),
        CheckConstraint("month BETWEEN 1 AND 12", name="month_range"),
        CheckConstraint("amount >= 0", name="amount_positive"),
        *integer_check("amount"),
    )

    id: int | None = Field(default=None, primary_key=True)
    year: int
    month: int
    category_id: int = Field(sa_column=_fk("expense_categories.id", nullable=False))
    salesperson_id: int | None = Field(default=None, sa_column=_fk("salespeople.id"))
    amount: Decimal = Field(sa_type=Money)


class Expense(SQLModel, table=True):
    """A sales expense: submitted → approved / rejected, approved → reimbursed. Every expense that is not
    rejected counts as spent."""

    __tablename__ = "expenses"
    __table_args__ = (
        CheckConstraint("status IN ('submitted', 'approved', 'rejected', 'reimbursed')", name="status"),
        CheckConstraint("amount > 0", name="amount_positive"),
        *integer_check("amount"),
        # covering for spending by category, salesperson and month (budget checks and status)
        Index("ix_expenses_category_date", "category_id", "date", "salesperson_id", "status", "amount"),
        Index("ix_expenses_salesperson_date", "salesperson_id", "date"),
        # covering for the year's spending of every category (the budget grid) and the newest-first list
        Index("ix_expenses_date_spending", "date", "category_id", "salesperson_id", "status", "amount"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(unique=True)
    date: dt.date
    salesperson_id: int = Field(sa_column=_fk("salespeople.id", nullable=False, index=False))
    category_id: int = Field(sa_column=_fk("expense_categories.id", nullable=False, index=False))
    amount: Decimal = Field(sa_type=Money)
    description: str = ""
    receipt: str = ""
    status: str = Field(default="submitted", index=True)
    approver_note: str = ""
    #: Why the manager let through an expense a "stop" budget refused (also in the change history).
    override_reason: str = ""
    decided_at: dt.date | None = None


class DiscountRequest(SQLModel, table=True):
    """A salesperson's request for a discount on an order: pending → approved / rejected / escalated,
    escalated → approved / rejected (the director's decision). ``level`` is who granted it."""

    __tablename__ = "discount_requests"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'approved', 'rejected', 'escalated')", name="status"),
        CheckConstraint("level IS NULL OR level IN ('salesperson', 'manager', 'director')", name="level"),
        CheckConstraint("gross > 0", name="gross_positive"),
        CheckConstraint("discount_pct > 0 AND discount_pct <= 10000", name="discount_range"),
        *integer_check("gross", "discount_pct"),
        Index("ix_discount_requests_status_date", "status", "date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(unique=True)
    date: dt.date = Field(index=True)
    customer_id: int = Field(sa_column=_fk("customers.id", nullable=False))
    order_number: str = ""
    product_id: int | None = Field(default=None, sa_column=_fk("products.id"))
    gross: Decimal = Field(sa_type=Money)
    discount_pct: Decimal = Field(sa_type=Money)
    salesperson_id: int = Field(sa_column=_fk("salespeople.id", nullable=False))
    reason: str = ""
    status: str = "pending"
    level: str | None = None
    decision_note: str = ""
    override_reason: str = ""
    decided_at: dt.date | None = None
