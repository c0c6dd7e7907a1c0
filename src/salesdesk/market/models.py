"""The market room's records: campaigns run with marketing, prospects (potential customers) and each
prospect's stage moves (what conversion rates and days per stage are computed from).

Stage probabilities and the stale and inactive days are business rules (``room.RULES``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from salesdesk.core.dbtypes import Money, integer_check
from salesdesk.intel import models as _intel_models  # noqa: F401  (prospects.competitor_id's table)


def _fk(target: str, *, nullable: bool = True, index: bool = True) -> Column:
    return Column(Integer, ForeignKey(target), nullable=nullable, index=index)


class Campaign(SQLModel, table=True):
    """A market development campaign run with marketing: its period, where and whom it aims at, its budget
    and its goals in leads, new customers and sales."""

    __tablename__ = "campaigns"
    __table_args__ = (
        *integer_check("budget", "goal_sales"),
        CheckConstraint("end >= start", name="end_after_start"),
        CheckConstraint("budget >= 0 AND goal_sales >= 0", name="money_positive"),
        CheckConstraint("goal_leads >= 0 AND goal_customers >= 0", name="goals_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True)
    name: str
    start: dt.date
    end: dt.date
    territory_id: int | None = Field(default=None, sa_column=_fk("territories.id"))
    group_id: int | None = Field(default=None, sa_column=_fk("customer_groups.id"))
    budget: Decimal = Field(default=Decimal("0.00"), sa_type=Money)
    goal_leads: int = 0
    goal_customers: int = 0
    goal_sales: Decimal = Field(default=Decimal("0.00"), sa_type=Money)
    notes: str = ""


class Prospect(SQLModel, table=True):
    """A potential customer: identified → contacted → qualified → proposal → negotiation → won / lost.
    A won one is converted into a customer (``customer_id``)."""

    __tablename__ = "prospects"
    __table_args__ = (
        *integer_check("value"),
        CheckConstraint("value >= 0", name="value_positive"),
        CheckConstraint(
            "stage IN ('identified', 'contacted', 'qualified', 'proposal', 'negotiation', 'won', 'lost')",
            name="stage",
        ),
        CheckConstraint(
            "channel IN ('campaign', 'referral', 'web', 'fair', 'cold_call', 'partner', 'other')",
            name="channel",
        ),
        Index("ix_prospects_stage_owner", "stage", "owner_id", "value"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(unique=True)
    company: str
    contact: str = ""
    email: str = ""
    phone: str = ""
    tax_id: str = ""
    city: str = ""
    territory_id: int | None = Field(default=None, sa_column=_fk("territories.id"))
    group_id: int | None = Field(default=None, sa_column=_fk("customer_groups.id"))
    #: Where it came from: a campaign (``campaign_id``, channel ``campaign``) or another channel.
    channel: str = "other"
    campaign_id: int | None = Field(default=None, sa_column=_fk("campaigns.id"))
    #: Estimated annual sales, in the currency.
    value: Decimal = Field(default=Decimal("0.00"), sa_type=Money)
    stage: str = "identified"
    owner_id: int | None = Field(default=None, sa_column=_fk("salespeople.id"))
    #: The day it was identified (entered the pipeline).
    identified: dt.date
    #: The day it entered its current stage (always set once written: an import fills it from
    #: ``identified``).
    stage_since: dt.date | None = None
    #: The day of the last action on it (a move, a next action set): what "stale" is measured from (set
    #: like ``stage_since``).
    last_action: dt.date | None = None
    next_action: str = ""
    next_action_date: dt.date | None = None
    #: Why it was lost (a code of ``rules.LOST_REASONS``) and to which competitor.
    lost_reason: str = ""
    competitor_id: int | None = Field(default=None, sa_column=_fk("competitors.id"))
    notes: str = ""
    customer_id: int | None = Field(default=None, sa_column=_fk("customers.id"))


class StageMove(SQLModel, table=True):
    """A prospect entering a stage on a day (the first row of each prospect is its identification)."""

    __tablename__ = "prospect_moves"
    __table_args__ = (Index("ix_prospect_moves_prospect_date", "prospect_id", "date", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    prospect_id: int = Field(sa_column=_fk("prospects.id", nullable=False, index=False))
    stage: str
    date: dt.date
    note: str = ""
