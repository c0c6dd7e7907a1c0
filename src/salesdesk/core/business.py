"""Business rules kept in the database (thresholds, weights, goals), each change in the change history.

Rooms declare theirs as :class:`Rule` entries in ``room.RULES``; ``config show`` lists them and ``config
rule KEY VALUE`` changes one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlmodel import Field, Session, SQLModel

from salesdesk.core.errors import DataError
from salesdesk.core.history import record_change
from salesdesk.core.i18n import _


class BusinessRule(SQLModel, table=True):
    __tablename__ = "business_rules"

    key: str = Field(primary_key=True)
    value: str


@dataclass(frozen=True)
class Rule:
    """A business rule: its key, default value (text), meaning (a msgid) and allowed range."""

    key: str
    default: str
    description: str
    low: Decimal | None = None
    high: Decimal | None = None

    def parse(self, text: str) -> Decimal:
        try:
            value = Decimal(text.strip().replace(",", "."))
        except (InvalidOperation, AttributeError):
            raise DataError(self.key, text, _("must be a number"))
        if not value.is_finite():
            raise DataError(self.key, text, _("must be a number"))
        if (self.low is not None and value < self.low) or (self.high is not None and value > self.high):
            raise DataError(
                self.key, text, _("must be between {low} and {high}").format(low=self.low, high=self.high)
            )
        return value


def rule_values(conn: Connection | Session, rules: list[Rule]) -> dict[str, Decimal]:
    """The current value of each rule (the stored one, else its default)."""
    stored = dict(conn.execute(select(BusinessRule.key, BusinessRule.value)).all())  # type: ignore[call-overload]
    return {r.key: Decimal(stored.get(r.key, r.default)) for r in rules}


def set_rule(session: Session, rule: Rule, text: str, *, when: datetime) -> Decimal:
    """Store a new value (checked), recording the change."""
    value = rule.parse(text)
    row = session.get(BusinessRule, rule.key)
    old = row.value if row is not None else rule.default
    if row is None:
        row = BusinessRule(key=rule.key, value=str(value))
    else:
        row.value = str(value)
    session.add(row)
    record_change(session, entity="rule", record=rule.key, field="value", old=old, new=str(value), when=when)
    return value
