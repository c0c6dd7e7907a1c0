"""Export a kind with the columns import takes, in the English or the Spanish-Excel dialect, or as .xlsx.

``en``: UTF-8, comma, ``1234.50``, ISO dates. ``es``: UTF-8 with BOM, semicolon, ``1234,50``, ``31/12/2026``
(what Spanish Excel opens directly). Text cells starting with ``= + - @`` get a leading apostrophe against
formula injection (import strips it again); numbers are left alone.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine

from salesdesk.core.importing.spec import Field, Kind

FORMULA_START = ("=", "+", "-", "@")
#: The file types export writes (and import reads).
SUFFIXES = (".csv", ".txt", ".xlsx")


def escape_text(text: str) -> str:
    """A leading apostrophe before ``= + - @`` (and before an apostrophe, so the import can undo it)."""
    return "'" + text if text.startswith((*FORMULA_START, "'")) else text


def _cell(f: Field, value: Any, dialect: str, xlsx: bool) -> Any:
    if value is None:
        return None if xlsx else ""
    if f.type in ("money", "percent"):
        if xlsx:
            return float(value)
        text = f"{Decimal(value):.2f}"
        return text.replace(".", ",") if dialect == "es" else text
    if f.type == "int":
        return int(value)
    if f.type == "date":
        if xlsx:
            return value
        return value.strftime("%d/%m/%Y") if dialect == "es" else value.isoformat()
    if f.type == "bool":
        return ("sí" if value else "no") if dialect == "es" else ("yes" if value else "no")
    return escape_text(str(value))


def write_rows(path: Path, header: list[str], rows: Iterable[list[Any]], *, dialect: str) -> int:
    """Write ``rows`` under ``header`` to a .csv (in ``dialect``) or .xlsx file; returns the row count."""
    count = 0
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("data")
        sheet.append(header)
        for row in rows:
            sheet.append(row)
            count += 1
        book.save(path)
        return count
    encoding, delimiter = ("utf-8-sig", ";") if dialect == "es" else ("utf-8", ",")
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter, lineterminator="\r\n" if dialect == "es" else "\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def parents_first(records: list[Any], key: int, parent: int, codes: Mapping[int, str]) -> list[Any]:
    """Records ordered so each comes after the record it names as its parent (by key within a level), so
    the file imports into an empty database; a parent outside the records (or a cycle) does not hold back
    its children."""
    children: dict[str | None, list[Any]] = {}
    keys = {r[key] for r in records}
    for r in records:
        above = codes.get(r[parent]) if r[parent] is not None else None
        children.setdefault(above if above in keys else None, []).append(r)
    out: list[Any] = []
    done: set[str] = set()
    queue = sorted(children.get(None, []), key=lambda r: r[key])
    while queue:
        r = queue.pop(0)
        if r[key] in done:
            continue
        done.add(r[key])
        out.append(r)
        queue.extend(sorted(children.get(r[key], []), key=lambda c: c[key]))
    out += [r for r in records if r[key] not in done]  # a cycle: written as stored
    return out


def export(engine: Engine, kinds: Mapping[str, Kind], name: str, path: Path, *, dialect: str = "en") -> int:
    """Every record of kind ``name``, ordered by its key; references written as codes."""
    kind = kinds[name]
    table = kind.table
    xlsx = path.suffix.lower() == ".xlsx"
    with engine.execution_options(salesdesk_read=True).connect() as conn:
        codes: dict[str, dict[int, str]] = {}
        for f in kind.fields:
            if f.ref and f.ref not in codes:
                ref = kinds[f.ref]
                codes[f.ref] = dict(
                    conn.execute(select(ref.table.c.id, ref.table.c[ref.key_field.db_column])).all()
                )
        columns = [table.c[f.db_column] for f in kind.fields]
        stmt = select(*columns).order_by(*(table.c[f.db_column] for f in kind.key_fields))
        result: Iterable[Any] = conn.execution_options(yield_per=5000).execute(stmt)
        parent = next((i for i, f in enumerate(kind.fields) if f.ref == kind.name), None)
        if parent is not None:  # a kind that refers to itself (territories): parents before children
            result = parents_first(list(result), kind.fields.index(kind.key_field), parent, codes[kind.name])

        def rows() -> Iterable[list[Any]]:
            for record in result:
                out = []
                for f, value in zip(kind.fields, record, strict=True):
                    if f.ref:
                        value = codes[f.ref].get(value) if value is not None else None
                        out.append(value if value is not None or xlsx else "")
                    else:
                        out.append(_cell(f, value, dialect, xlsx))
                yield out

        return write_rows(path, [f.name for f in kind.fields], rows(), dialect=dialect)
