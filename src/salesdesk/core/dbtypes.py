"""Column types and schema helpers shared by every room: money as integer hundredths, naming convention."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import BigInteger, CheckConstraint
from sqlalchemy.types import TypeDecorator
from sqlmodel import SQLModel

from salesdesk.core.money import from_minor, to_minor

#: Constraint names Alembic can find again (batch mode on SQLite needs named constraints).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION


class Money(TypeDecorator):
    """``Decimal`` in Python, integer hundredths in the database (never REAL)."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect) -> int | None:  # noqa: ANN001
        return None if value is None else to_minor(value)

    def process_result_value(self, value: int | None, dialect) -> Decimal | None:  # noqa: ANN001
        return None if value is None else from_minor(value)


def integer_check(*columns: str) -> list[CheckConstraint]:
    """On SQLite, CHECK that each money column really holds an integer (SQLite would accept 12.5)."""
    return [
        CheckConstraint(f"{col} IS NULL OR typeof({col}) = 'integer'", name=f"{col}_integer").ddl_if(
            dialect="sqlite"
        )
        for col in columns
    ]


def as_money(expr):  # noqa: ANN001, ANN201
    """Read an SQL expression (a SUM, a difference of sums) as money: Decimal from integer hundredths."""
    from sqlalchemy import type_coerce

    return type_coerce(expr, Money())
