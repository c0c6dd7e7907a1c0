"""The span of dates the program takes: reports look a year back, so the year before must exist too."""

from __future__ import annotations

from datetime import date

from salesdesk.core.errors import DataError
from salesdesk.core.i18n import _

FIRST_DATE, LAST_DATE = date(1900, 1, 1), date(2999, 12, 31)


def in_range(day: date) -> bool:
    return FIRST_DATE <= day <= LAST_DATE


def check_date_range(day: date, field_name: str, shown: object = None) -> date:
    """A date between 1900-01-01 and 2999-12-31, else a DataError naming the field and the value."""
    if not in_range(day):
        raise DataError(
            field_name,
            shown if shown is not None else day.isoformat(),
            _("must be a date between 1900-01-01 and 2999-12-31"),
        )
    return day
