"""The credit room's records: month-end aging snapshots, review notes and collection follow-ups.

The approved limit itself stays on the customer (``credit_limit``, ``credit_review_date``, ``credit_note``)
and its changes in the change history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Column, ForeignKey, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from salesdesk.core.dbtypes import Money, integer_check


def _fk(target: str, *, nullable: bool = True) -> Column:
    return Column(Integer, ForeignKey(target), nullable=nullable, index=True)


class AgingSnapshot(SQLModel, table=True):
    """One customer's aging at the end of a month, stored by ``credit review`` for the monthly trend."""

    __tablename__ = "credit_aging_snapshots"
    __table_args__ = (
        UniqueConstraint("month", "customer_id", name="month_customer"),
        *integer_check("not_due", "d1_30", "d31_60", "d61_90", "over_90", "unapplied"),
    )

    id: int | None = Field(default=None, primary_key=True)
    #: "YYYY-MM"
    month: str = Field(index=True)
    customer_id: int = Field(sa_column=_fk("customers.id", nullable=False))
    not_due: Decimal = Field(sa_type=Money)
    d1_30: Decimal = Field(sa_type=Money)
    d31_60: Decimal = Field(sa_type=Money)
    d61_90: Decimal = Field(sa_type=Money)
    over_90: Decimal = Field(sa_type=Money)
    unapplied: Decimal = Field(sa_type=Money)
    taken_at: dt.datetime


class ReviewNote(SQLModel, table=True):
    """The manager's note on one customer in a monthly receivables review."""

    __tablename__ = "credit_review_notes"

    id: int | None = Field(default=None, primary_key=True)
    month: str = Field(index=True)
    customer_id: int = Field(sa_column=_fk("customers.id", nullable=False))
    written_at: dt.datetime
    user: str = ""
    text: str


class FollowUp(SQLModel, table=True):
    """A collection call or visit: what was agreed, what was promised, when to act next."""

    __tablename__ = "credit_followups"
    __table_args__ = (*integer_check("promised_amount"),)

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(sa_column=_fk("customers.id", nullable=False))
    invoice_id: int | None = Field(default=None, sa_column=_fk("invoices.id"))
    date: dt.date = Field(index=True)
    contact: str = ""
    agreed: str = ""
    promised_amount: Decimal | None = Field(default=None, sa_type=Money)
    promised_date: dt.date | None = None
    next_action_date: dt.date | None = Field(default=None, index=True)
    salesperson_id: int | None = Field(default=None, sa_column=_fk("salespeople.id"))


class OpenItem(SQLModel, table=True):
    """An invoice still (partly) open after every payment and credit note of its customer: the receivables
    ledger the Credit room reads. Kept by ``credit.ledger.refresh`` for the customers marked dirty."""

    __tablename__ = "credit_open_items"
    __table_args__ = (*integer_check("open_amount"),)

    invoice_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    customer_id: int = Field(index=True)
    due_date: dt.date
    open_amount: Decimal = Field(sa_type=Money)


class LedgerCustomer(SQLModel, table=True):
    """Per customer: credit not applied to any invoice, and the earliest due date still open."""

    __tablename__ = "credit_ledger"
    __table_args__ = (*integer_check("unapplied", "open_total"),)

    customer_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    unapplied: Decimal = Field(sa_type=Money)
    open_total: Decimal = Field(sa_type=Money)
    oldest_due: dt.date | None = None


class DirtyCustomer(SQLModel, table=True):
    """Customers whose invoices or payments changed since the ledger was kept (filled by triggers)."""

    __tablename__ = "credit_dirty"

    customer_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
