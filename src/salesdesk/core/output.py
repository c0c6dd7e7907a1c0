"""CLI output: Rich tables formatted for the locale, or JSON (money as decimal strings, ISO dates)."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from salesdesk.core.money import Measure, format_date, format_money, format_number, json_money


@dataclass(frozen=True)
class Column:
    """One column of a listing: the JSON key, the (translated) header and how to show the value."""

    key: str
    header: str
    kind: str = "text"  # text | money | date | int | bool | pct, decimal (one decimal)
    #: For codes shown as words (statuses): code → msgid, translated when shown; JSON keeps the code.
    labels: Mapping[str, str] | None = None


@dataclass(frozen=True)
class Formatter:
    locale: str = "en_US"
    currency: str = "EUR"

    def money(self, value: Decimal | None) -> str:
        return "" if value is None else format_money(value, self.locale, self.currency)

    def date(self, value: date | None) -> str:
        return format_date(value, self.locale)

    def moment(self, value: datetime | None) -> str:
        """A point in time as a listing shows it: the locale's date and the time to the minute."""
        return f"{self.date(value.date())} {value:%H:%M}" if value is not None else ""

    def number(self, value: int | Decimal, digits: int | None = None) -> str:
        return format_number(value, self.locale, digits)

    def cell(self, value: Any, kind: str, labels: Mapping[str, str] | None = None) -> str:
        from salesdesk.core.i18n import _, label

        if value is None:
            return ""
        if labels is not None:
            return label(labels[value]) if value in labels else str(value)
        if kind == "money":
            return self.money(value)
        if kind == "date":
            return self.date(value)
        if kind == "bool":
            return _("yes") if value else _("no")
        if kind == "pct":
            return self.number(value, 1) + " %"
        if kind == "decimal":
            return self.number(value, 1)
        return str(value)


def to_jsonable(value: Any) -> Any:
    if isinstance(value, Measure):
        return str(value)
    if isinstance(value, Decimal):
        return json_money(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    return value


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(to_jsonable(value), ensure_ascii=False, indent=2) + "\n")


def print_table(
    rows: Iterable[Any], columns: Sequence[Column], fmt: Formatter, *, title: str | None = None
) -> None:
    """A Rich table; money right-aligned and formatted for the locale."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, header_style="bold")
    for c in columns:
        right = c.kind in ("money", "int", "pct", "decimal")
        table.add_column(c.header, justify="right" if right else "left")
    for row in rows:
        data = row if isinstance(row, dict) else dataclasses.asdict(row)
        table.add_row(*(fmt.cell(data.get(c.key), c.kind, c.labels) for c in columns))
    Console().print(table)


def emit(
    rows: Sequence[Any], columns: Sequence[Column], fmt: Formatter, *, as_json: bool, title: str | None = None
) -> None:
    """Print a listing as JSON (an array of objects with every field) or as a table."""
    if as_json:
        print_json(list(rows))
    else:
        print_table(rows, columns, fmt, title=title)
