"""Master data and sales facts: territories, salespeople, customer groups, customers, products, orders,
invoices and payments. Codes are the natural keys users type; integer ids stay internal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from salesdesk.core.dbtypes import Money, integer_check


def _fk(target: str, *, nullable: bool = True, index: bool = True) -> Column:
    return Column(Integer, ForeignKey(target), nullable=nullable, index=index)


class Territory(SQLModel, table=True):
    """A region or a zone inside it (parent → children)."""

    __tablename__ = "territories"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True)
    name: str
    parent_id: int | None = Field(default=None, sa_column=_fk("territories.id"))


class Salesperson(SQLModel, table=True):
    __tablename__ = "salespeople"
    __table_args__ = (CheckConstraint("status IN ('active', 'on_leave', 'left')", name="status"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True)
    name: str = Field(index=True)
    email: str = ""
    phone: str = ""
    territory_id: int | None = Field(default=None, sa_column=_fk("territories.id"))
    hire_date: dt.date | None = None
    status: str = "active"
    #: The job role (``sales_rep``, ``key_account``, ``junior``…): what required training reads.
    role: str = "sales_rep"


class CustomerGroup(SQLModel, table=True):
    __tablename__ = "customer_groups"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True)
    name: str


class Customer(SQLModel, table=True):
    __tablename__ = "customers"
    __table_args__ = (
        CheckConstraint("tier IN ('A', 'B', 'C')", name="tier"),
        CheckConstraint("terms_days >= 0", name="terms_days"),
        *integer_check("credit_limit"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True)
    name: str = Field(index=True)
    tax_id: str = Field(default="", index=True)
    territory_id: int | None = Field(default=None, sa_column=_fk("territories.id"))
    group_id: int | None = Field(default=None, sa_column=_fk("customer_groups.id"))
    salesperson_id: int | None = Field(default=None, sa_column=_fk("salespeople.id"))
    tier: str = "C"
    terms_days: int = 30
    credit_limit: Decimal | None = Field(default=None, sa_type=Money)
    #: When the approved limit is to be reviewed, and the manager's note on the last approval.
    credit_review_date: dt.date | None = Field(default=None, index=True)
    credit_note: str = ""
    city: str = Field(default="", index=True)
    email: str = ""
    phone: str = ""
    customer_since: dt.date | None = None


class Product(SQLModel, table=True):
    __tablename__ = "products"
    __table_args__ = (
        *integer_check("list_price", "max_discount"),
        CheckConstraint("max_discount >= 0 AND max_discount <= 10000", name="max_discount_range"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True)
    name: str
    product_line: str = ""
    list_price: Decimal = Field(default=Decimal("0.00"), sa_type=Money)
    #: Percent with two decimals, stored in hundredths like money.
    max_discount: Decimal = Field(default=Decimal("0.00"), sa_type=Money)
    needs_installation: bool = False


class Order(SQLModel, table=True):
    __tablename__ = "orders"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'invoiced', 'cancelled')", name="status"),
        *integer_check("amount"),
        Index("ix_orders_customer_status", "customer_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(unique=True)
    customer_id: int = Field(sa_column=_fk("customers.id", nullable=False, index=False))
    salesperson_id: int | None = Field(default=None, sa_column=_fk("salespeople.id"))
    date: dt.date = Field(index=True)
    amount: Decimal = Field(sa_type=Money)
    status: str = "open"


class Invoice(SQLModel, table=True):
    """A sales invoice; a negative amount is a credit note."""

    __tablename__ = "invoices"
    __table_args__ = (
        *integer_check("amount"),
        CheckConstraint("due_date >= issue_date", name="due_after_issue"),
        # covering for the receivables of each customer (aging, allocation read only the index)
        Index("ix_invoices_customer_due", "customer_id", "due_date", "amount", "issue_date", "number"),
        # covering for sales per salesperson, group and month (plan tracking reads only the index)
        Index("ix_invoices_salesperson_issue", "salesperson_id", "issue_date", "customer_id", "amount"),
        Index("ix_invoices_issue_amount", "issue_date", "amount", "salesperson_id", "customer_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(unique=True)
    customer_id: int = Field(sa_column=_fk("customers.id", nullable=False, index=False))
    salesperson_id: int | None = Field(default=None, sa_column=_fk("salespeople.id", index=False))
    issue_date: dt.date
    due_date: dt.date
    amount: Decimal = Field(sa_type=Money)


class Payment(SQLModel, table=True):
    """Money received from a customer; applied to a named invoice or to the oldest open ones."""

    __tablename__ = "payments"
    __table_args__ = (
        *integer_check("amount"),
        CheckConstraint("amount > 0", name="amount_positive"),
        Index("ix_payments_customer_date", "customer_id", "date", "amount", "reference", "invoice_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(unique=True)
    customer_id: int = Field(sa_column=_fk("customers.id", nullable=False, index=False))
    date: dt.date = Field(index=True)
    amount: Decimal = Field(sa_type=Money)
    invoice_id: int | None = Field(default=None, sa_column=_fk("invoices.id"))


class CustomerAssignment(SQLModel, table=True):
    """Who had a customer from when: one row per assignment, from ``start`` (None: from the first day)
    until the next row's start. The customer's ``salesperson_id`` is the assignment in force today;
    invoices keep the salesperson they were issued for, so past sales stay credited."""

    __tablename__ = "customer_assignments"
    __table_args__ = (Index("ix_customer_assignments_customer_start", "customer_id", "start"),)

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(sa_column=_fk("customers.id", nullable=False, index=False))
    salesperson_id: int | None = Field(default=None, sa_column=_fk("salespeople.id"))
    start: dt.date | None = None
    note: str = ""
    recorded_at: dt.datetime | None = None
