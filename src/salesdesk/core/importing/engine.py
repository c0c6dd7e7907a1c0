"""Validate and write imported rows: streaming in chunks, atomic, idempotent, recorded as batches.

One write transaction covers the whole run (one file or a whole folder). Rows are parsed, checked and
written chunk by chunk inside it; at the end the transaction is committed only when no row failed (or
``skip_invalid`` was asked) and it is not a dry run. A killed import therefore leaves the database as it was.
"""

from __future__ import annotations

import csv
import json
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection, Engine

from salesdesk.core import periods
from salesdesk.core.db import bulk_insert, insert_processors
from salesdesk.core.history import ChangeLog, change_row, current_user
from salesdesk.core.i18n import _
from salesdesk.core.importing import reader, values
from salesdesk.core.importing.batches import created_digests
from salesdesk.core.importing.models import ImportBatch, ImportChange
from salesdesk.core.importing.spec import Field, FileContext, Kind, RowProblem, header_key
from salesdesk.core.money import MAX_AMOUNT
from salesdesk.core.text import CODE_PATTERN

MODES = ("upsert", "insert", "update")
#: After a leading apostrophe, the characters our export guards (see exporter.escape_text).
ESCAPED = "=+-@'"
CHUNK = 5000
PROGRESS_EVERY = 2000  # rows between progress reports
_IN_LIMIT = 500  # keys per IN (...) query
_EVIDENCE_ROWS = 5000
_CACHE_LIMIT = 200_000
_EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
_PHONE = r"^\+?[0-9 ()./-]{6,20}$"


@dataclass(frozen=True)
class Options:
    mode: str = "upsert"
    dry_run: bool = False
    skip_invalid: bool = False
    delimiter: str | None = None
    encoding: str | None = None
    sheet: str | None = None
    skip_lines: int = 0
    number_format: str | None = None
    date_format: str | None = None
    #: Header text → field name, for headers the aliases do not cover (``--map "Nº Factura=number"``).
    mapping: Mapping[str, str] = field(default_factory=dict)
    #: The number convention when a file's values do not decide it (from the user's locale).
    default_number_format: str = "en"
    errors_csv: Path | None = None
    #: How many error lines are kept for display (all are counted, and all go to ``errors_csv``).
    keep_errors: int = 200


@dataclass(frozen=True)
class RowError:
    file: str
    #: The physical line; 0 for a problem of the file as a whole (``Kind.check_file``).
    line: int
    column: str
    message: str
    value: str = ""

    def __str__(self) -> str:
        value = _shown(self.value)
        if not self.line:
            if self.column:
                return _("{file}: column '{column}': {message} (value '{value}')").format(
                    file=self.file, column=self.column, message=self.message, value=value
                )
            return f"{self.file}: {self.message}"
        if self.column:
            return _("{file}:{line}: column '{column}': {message} (value '{value}')").format(
                file=self.file, line=self.line, column=self.column, message=self.message, value=value
            )
        return _("{file}:{line}: {message}").format(file=self.file, line=self.line, message=self.message)


def _shown(value: str) -> str:
    """A cell as an error message shows it: on one line (line breaks and tabs written as \\n, \\t)."""
    if any(ch in value for ch in "\r\n\t"):
        return value.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
    return value


@dataclass
class KindResult:
    kind: str
    file: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    rows: int = 0
    seconds: float = 0.0
    batch_id: int | None = None
    dialect: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def rows_per_second(self) -> int:
        return int(self.rows / self.seconds) if self.seconds > 0 else 0


@dataclass
class ImportResult:
    kinds: list[KindResult] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    seconds: float = 0.0
    dry_run: bool = False
    committed: bool = False
    #: Problems of a file as a whole (``Kind.check_file``): no row can be skipped to fix them, so even
    #: ``skip_invalid`` writes nothing while there is one.
    file_errors: int = 0
    #: The ``--errors-csv`` files written (one per input file that had rejected rows).
    errors_files: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error_count == 0


class ImportFailed(Exception):
    """A file cannot be imported at all (unreadable, wrong columns): one message, nothing written."""

    def __init__(self, file: str, message: str) -> None:
        self.file, self.message = file, message
        super().__init__(f"{file}: {message}")


def errors_path(out: Path, source: Path | None, files: int) -> Path:
    """Where the rejected rows of ``source`` go: ``out`` itself when the run reads one file, else
    ``out``'s name with the source's stem added (``errors.csv`` → ``errors-clientes.csv``)."""
    if files <= 1 or source is None:
        return out
    return out.with_name(f"{out.stem}-{source.stem}{out.suffix or '.csv'}")


class _IdSet:
    """A set of record ids as a bitmap: a million ids take 125 KB, not the 60 MB of a ``set``."""

    def __init__(self) -> None:
        self.bits = bytearray()

    def add(self, record_id: int) -> None:
        byte = record_id >> 3
        if byte >= len(self.bits):
            self.bits.extend(bytes(byte + 1 - len(self.bits) + len(self.bits) // 2))
        self.bits[byte] |= 1 << (record_id & 7)

    def __contains__(self, record_id: int) -> bool:
        byte = record_id >> 3
        return byte < len(self.bits) and bool(self.bits[byte] & (1 << (record_id & 7)))


#: (kind, rows read, bytes read, file size in bytes or None when unknown)
Progress = Callable[[str, int, int, int | None], None]


def _file_problem(path: Path, problem: reader.FileProblem) -> ImportFailed:
    code = str(problem)
    messages = {
        "missing": _("the file does not exist"),
        "format": _("unsupported file type (use .csv, .txt or .xlsx)"),
        "encoding": _("the text encoding cannot be read (try --encoding cp1252 or utf-8)"),
    }
    if code in messages:
        return ImportFailed(str(path), messages[code])
    if code.startswith("sheet:"):
        return ImportFailed(str(path), _("no sheet named '{sheet}'").format(sheet=code[6:]))
    if code.startswith("xlsx:"):
        return ImportFailed(
            str(path), _("not a readable Excel workbook (.xlsx); a CSV file needs the .csv suffix")
        )
    if code.startswith("csv:"):
        _prefix, line, detail = code.split(":", 2)
        return ImportFailed(f"{path}:{line}", _("malformed CSV: {error}").format(error=detail.strip()))
    return ImportFailed(str(path), _("the file cannot be read: {error}").format(error=code))


class _Run:
    """One import run on one connection (one transaction)."""

    def __init__(
        self,
        conn: Connection,
        kinds: Mapping[str, Kind],
        options: Options,
        now: datetime,
        progress: Progress | None,
        *,
        files: int = 1,
    ) -> None:
        self.conn, self.kinds, self.options, self.now, self.progress = conn, kinds, options, now, progress
        self.result = ImportResult(dry_run=options.dry_run)
        self._cache: dict[str, dict[str, dict[str, Any]]] = {}
        #: How many files the run reads: with more than one, ``--errors-csv OUT`` becomes one file per
        #: input (``OUT-clientes.csv``), each with its own header, ready to fix and re-import.
        self._files = files
        self._errors_out: Any = None
        self._errors_writer: Any = None
        self._path: Path | None = None

    # ------------------------------------------------------------------ errors

    def error(self, err: RowError | list[RowError], cells: list[str] | None = None) -> None:
        """One rejected row, with one or more problems (counted once; one line in ``--errors-csv``)."""
        problems = err if isinstance(err, list) else [err]
        self.result.error_count += 1
        for problem in problems:
            if len(self.result.errors) < self.options.keep_errors:
                self.result.errors.append(problem)
        if self.options.errors_csv is not None and cells is not None:
            if self._errors_writer is None:
                out = errors_path(self.options.errors_csv, self._path, self._files)
                self._errors_out = out.open("w", encoding="utf-8-sig", newline="")
                self._errors_writer = csv.writer(self._errors_out)
                self._errors_writer.writerow([*self._header, _("reason")])
                self.result.errors_files.append(out)
            # padded to the header (the reader drops trailing empty cells): the reason stays in its column
            padded = [*cells, *[""] * (len(self._header) - len(cells))]
            self._errors_writer.writerow([*padded, "; ".join(str(p) for p in problems)])

    def close(self) -> None:
        if self._errors_out is not None:
            self._errors_out.close()
        self._errors_out = self._errors_writer = None

    # ------------------------------------------------------------------ files

    def import_file(self, kind: Kind, path: Path) -> KindResult:
        started = time.perf_counter()
        opts = self.options
        self.close()  # the previous file's rejected rows, if any
        self._path = path
        try:
            dialect = reader.detect(
                path,
                encoding=opts.encoding,
                delimiter=opts.delimiter,
                skip_lines=opts.skip_lines,
                sheet=opts.sheet,
            )
            position = reader.Position()
            rows = reader.read_rows(path, dialect, position)
            header_line, header = next(rows, (0, []))
        except reader.FileProblem as exc:
            raise _file_problem(path, exc)
        if not header:
            raise ImportFailed(str(path), _("the file is empty"))
        self._header = header
        self._width = len(header)
        result = KindResult(kind.name, str(path))
        result.dialect = _describe(dialect)
        columns = self._map_header(kind, path, header, result)
        try:
            number_format, date_format = self._conventions(kind, path, dialect, columns)
        except reader.FileProblem as exc:
            raise _file_problem(path, exc)
        result.dialect += _conventions_text(number_format, date_format)
        plan = self._plan(columns, number_format, date_format)
        self._defaults = kind.defaults
        self._key_columns = tuple(f.db_column for f in kind.key_fields)
        batch_id = self.conn.execute(
            insert(ImportBatch.__table__).values(
                kind=kind.name,
                file=str(path.resolve()),
                mode=opts.mode,
                started_at=self.now,
                user=current_user(),
            )
        ).inserted_primary_key[0]
        result.batch_id = batch_id
        table = kind.table
        self._first_new = (self.conn.execute(select(func.max(table.c.id))).scalar() or 0) + 1
        #: Existing records a row of this file has already matched (a second row with the key is refused).
        self._touched = _IdSet()
        self._collected: list[tuple[dict[str, Any], dict[str, str], dict[str, Any] | None]] | None = (
            [] if kind.check_file is not None or kind.after_write is not None else None
        )
        chunk: list[tuple[int, list[str], dict[str, Any], dict[str, str]]] = []
        size = 1 if any(f.ref == kind.name for f in kind.fields) else CHUNK
        try:
            for line, cells in rows:
                result.rows += 1
                parsed = self._parse(path, line, cells, plan)
                if parsed is None:
                    result.rejected += 1
                    continue
                chunk.append((line, cells, *parsed))
                if len(chunk) >= size:
                    self._write(kind, path, chunk, result)
                    chunk = []
                if self.progress and result.rows % PROGRESS_EVERY == 0:
                    self.progress(kind.name, result.rows, position.done, position.total)
        except reader.FileProblem as exc:
            raise _file_problem(path, exc)
        if chunk:
            self._write(kind, path, chunk, result)
        if kind.check_file is not None and self._collected:
            context = FileContext(now=self.now, warn=result.warnings.append)
            for name, value, message in kind.check_file(self.conn, self._collected, context):
                column = self._header_of(kind, kind.field(name)) if name else ""
                self.error(RowError(str(path), 0, column, message, str(value)))
                self.result.file_errors += 1
        side = None
        if kind.after_write is not None and self._collected and not self.result.file_errors:
            side = self._after_write(kind, result)
        self._collected = None
        self._record_created(kind, batch_id)
        if side is not None:  # recorded after the kind's own records: undo removes them first
            self._record_side(kind, batch_id, *side)
        result.seconds = time.perf_counter() - started
        self.conn.execute(
            update(ImportBatch.__table__)
            .where(ImportBatch.__table__.c.id == batch_id)
            .values(
                finished_at=self.now,
                created=result.created,
                updated=result.updated,
                unchanged=result.unchanged,
                rejected=result.rejected,
            )
        )
        if self.progress:
            self.progress(kind.name, result.rows, position.done, position.total)
        self.result.kinds.append(result)
        return result

    def _map_header(
        self, kind: Kind, path: Path, header: list[str], result: KindResult, *, strict: bool = True
    ) -> list[Field | None]:
        """The field each header fills (None: ignored). Missing required columns fail the file when
        ``strict``; otherwise they are left for the caller to report (the preview shows them)."""
        by_key: dict[str, Field] = {}
        for f in kind.fields:
            for key in f.header_keys():
                by_key.setdefault(key, f)
        forced = {header_key(k): v for k, v in self.options.mapping.items()}
        columns: list[Field | None] = []
        taken: set[str] = set()
        for text in header:
            key = header_key(text)
            f = None
            if key in forced:
                name = forced[key]  # "" means: ignore this column
                f = next((x for x in kind.fields if x.name == name), None)
                if f is None and name:
                    raise ImportFailed(
                        str(path),
                        _("--map names an unknown column '{name}'; {kind} has: {names}").format(
                            name=name, kind=kind.name, names=", ".join(x.name for x in kind.fields)
                        ),
                    )
            else:
                f = by_key.get(key)
            if f is not None and f.name in taken:
                result.warnings.append(
                    _("column '{header}' repeats '{name}' and is ignored").format(header=text, name=f.name)
                )
                f = None
            if f is None and key not in forced:
                result.warnings.append(_("unknown column '{header}' is ignored").format(header=text))
            if f is not None:
                taken.add(f.name)
            columns.append(f)
        missing = [f.name for f in kind.fields if f.required and f.name not in taken]
        if missing and strict:
            raise ImportFailed(
                str(path),
                _("required columns are missing: {names} (found: {found})").format(
                    names=", ".join(missing), found=", ".join(header)
                ),
            )
        return columns

    def _conventions(
        self, kind: Kind, path: Path, dialect: reader.Dialect, columns: list[Field | None]
    ) -> tuple[str, str | None]:
        opts = self.options
        if opts.number_format and opts.date_format:
            return opts.number_format, opts.date_format
        numeric = [
            i for i, f in enumerate(columns) if f is not None and f.type in ("money", "percent", "int")
        ]
        dates = [i for i, f in enumerate(columns) if f is not None and f.type == "date"]
        evidence = values.Evidence()
        rows = reader.read_rows(path, dialect)
        next(rows, None)
        for count, (_line, cells) in enumerate(rows):
            for i in numeric:
                if i < len(cells):
                    evidence.add_number(cells[i])
            for i in dates:
                if i < len(cells):
                    evidence.add_date(cells[i])
            if count >= _EVIDENCE_ROWS and (evidence.es != evidence.en) and evidence.date_format():
                break
        number_format = opts.number_format or evidence.number_format(opts.default_number_format)
        return number_format, opts.date_format or evidence.date_format()

    # ------------------------------------------------------------------ rows

    def _plan(self, columns: list[Field | None], number_format: str, date_format: str | None) -> list[tuple]:
        """Per mapped column: (index, field, header, column or code name, is_ref, parser) — decided once."""
        plan = []
        for index, f in enumerate(columns):
            if f is None:
                continue
            plan.append(
                (
                    index,
                    f,
                    self._header[index],
                    f.name if f.ref else f.db_column,
                    bool(f.ref),
                    self._parser(f, number_format, date_format),
                )
            )
        return plan

    def _parser(self, f: Field, number_format: str, date_format: str | None) -> Callable[[str], Any]:
        """A function reading one cell of ``f``; fast paths for the common shapes, else ``_value``."""

        def general(raw: str) -> Any:
            return self._value(f, raw, number_format, date_format)

        if f.type == "code" or f.ref:
            match = CODE_PATTERN.match

            def code(raw: str) -> str:
                if match(raw):
                    return raw
                return general(raw)

            return code
        if f.type == "money" and number_format == "en":
            plain = re.compile(r"^-?\d{1,12}(\.\d{1,2})?$").match
            signed, cent = f.signed, Decimal("0.01")

            def money(raw: str) -> Decimal:
                if plain(raw) and (signed or raw[0] != "-"):
                    return Decimal(raw).quantize(cent)
                return general(raw)

            return money
        if f.type == "date" and date_format in (None, "iso"):
            fromiso = date.fromisoformat

            def iso(raw: str) -> date:
                if len(raw) == 10 and raw[4] == "-" and raw[0] in "12":
                    try:
                        day = fromiso(raw)
                    except ValueError:
                        return general(raw)
                    if day.year >= 1900:
                        return day
                return general(raw)

            return iso
        return general

    def _parse(self, path: Path, line: int, cells: list[str], plan: list[tuple]) -> tuple | None:
        """The row's values by column and the codes it refers to, or None when it is rejected."""
        row: dict[str, Any] = {}
        codes: dict[str, str] = {}
        problems: list[RowError] = []
        width = len(cells)
        defaults, keys = self._defaults, self._key_columns
        if width > self._width and any(c.strip() for c in cells[self._width :]):
            problems.append(
                RowError(
                    str(path),
                    line,
                    "",
                    _(
                        "the row has {cells} cells but the header has {columns} columns "
                        "(a decimal comma in a comma-separated file?)"
                    ).format(cells=width, columns=self._width),
                )
            )
        for index, f, header, name, is_ref, parse in plan:
            raw = cells[index].strip() if index < width else ""
            if not raw:
                # blank: a new record takes the kind's default; an existing one keeps what it has
                if f.required:
                    problems.append(RowError(str(path), line, header, _("a value is required"), raw))
                elif is_ref:
                    codes[name] = ""
                    if f.blank_clears:
                        row[f.db_column] = None
                elif f.blank_clears:
                    row[name] = None
                continue
            if raw[0] == "'" and len(raw) > 1 and raw[1] in ESCAPED:
                raw = raw[1:]  # our export's guard against formula injection
            try:
                value = parse(raw)
            except RowProblem as problem:
                problems.append(RowError(str(path), line, header, problem.message, raw))
                continue
            if is_ref:
                codes[name] = value
            else:
                row[name] = value
        if problems:
            self.error(problems, cells)
            return None
        for name in keys:  # a key part is always matched on: blank or missing, it is the default
            if name not in row:
                row[name] = defaults.get(name)
        return row, codes

    def _value(self, f: Field, raw: str, number_format: str, date_format: str | None) -> Any:
        t = f.type
        if t == "code" or f.ref:
            if not CODE_PATTERN.match(raw):
                raise RowProblem(f.name, _("use letters, digits and . _ / - only (at most 32)"))
            return raw
        if t == "text":
            if len(raw) > f.max_len:
                raise RowProblem(f.name, _("is longer than {n} characters").format(n=f.max_len))
            if any((ord(ch) < 32 and ch not in "\n\r\t") or 127 <= ord(ch) < 160 for ch in raw):
                raise RowProblem(f.name, _("contains control characters"))
            return raw.replace("\r\n", "\n").replace("\r", "\n") if "\r" in raw else raw
        if t in ("money", "percent", "int"):
            try:
                number = values.parse_number(raw, number_format)
            except values.ValueProblem:
                example = "1.234,56" if number_format == "es" else "1,234.56"
                raise RowProblem(
                    f.name, _("is not a number in this file's format ({example})").format(example=example)
                )
            if t == "int":
                if number != number.to_integral_value():
                    raise RowProblem(f.name, _("must be a whole number"))
                number = int(number)
                if (f.low is not None and number < f.low) or (f.high is not None and number > f.high):
                    raise RowProblem(
                        f.name, _("must be between {low} and {high}").format(low=f.low, high=f.high)
                    )
                return number
            exponent = number.as_tuple().exponent
            if isinstance(exponent, int) and exponent < -2:
                raise RowProblem(f.name, _("has more than two decimals"))
            if t == "percent" and not Decimal(0) <= number <= Decimal(100):
                raise RowProblem(f.name, _("must be between 0 and 100"))
            if number < 0 and not f.signed:
                raise RowProblem(f.name, _("must not be negative"))
            if abs(number) > MAX_AMOUNT:
                raise RowProblem(f.name, _("is too large"))
            return number.quantize(Decimal("0.01"))
        if t == "date":
            try:
                day = values.parse_date(raw, date_format)
            except values.ValueProblem:
                if date_format and values.date_evidence(raw) in set(values.DATE_FORMATS) - {date_format}:
                    shown = "DD/MM/YYYY" if date_format == "dmy" else "YYYY-MM-DD"
                    raise RowProblem(
                        f.name, _("is not a date in this file's format ({example})").format(example=shown)
                    )
                raise RowProblem(f.name, _("is not a date (YYYY-MM-DD or DD/MM/YYYY)"))
            if not periods.in_range(day):
                raise RowProblem(f.name, _("must be a date between 1900-01-01 and 2999-12-31"))
            return day
        if t == "bool":
            try:
                return values.parse_bool(raw)
            except values.ValueProblem:
                raise RowProblem(f.name, _("must be yes or no"))
        if t == "choice":
            for choice in f.choices:
                if choice.lower() == raw.lower():
                    return choice
            raise RowProblem(f.name, _("must be one of: {choices}").format(choices=", ".join(f.choices)))
        if t == "email":
            if not re.match(_EMAIL, raw):
                raise RowProblem(f.name, _("is not an email address"))
            return raw
        if t == "phone":
            if not re.match(_PHONE, raw):
                raise RowProblem(f.name, _("is not a phone number"))
            return raw
        raise AssertionError(f"unknown field type {t}")

    # ------------------------------------------------------------------ references

    def _resolve(self, kind_name: str, keys: Iterable[str]) -> None:
        kind = self.kinds[kind_name]
        cache = self._cache.setdefault(kind_name, {})
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        missing = [k for k in set(keys) if k and k not in cache]
        if not missing:
            return
        table = kind.table
        key_col = table.c[kind.key_field.db_column]
        extras = [table.c[c] for c in self._extras(kind_name)]
        for start in range(0, len(missing), _IN_LIMIT):
            part = missing[start : start + _IN_LIMIT]
            for row in self.conn.execute(select(table.c.id, key_col, *extras).where(key_col.in_(part))):
                cache[row[1]] = {"id": row[0], **{c.name: row[2 + i] for i, c in enumerate(extras)}}

    def _extras(self, kind_name: str) -> tuple[str, ...]:
        wanted: list[str] = []
        for kind in self.kinds.values():
            wanted.extend(kind.ref_extras.get(kind_name, ()))
        return tuple(dict.fromkeys(wanted))

    def lookup(self, kind_name: str, key: str) -> Mapping[str, Any] | None:
        if not key:
            return None
        found = self._cache.get(kind_name, {}).get(key)
        if found is None:
            self._resolve(kind_name, [key])
            found = self._cache.get(kind_name, {}).get(key)
        return found

    # ------------------------------------------------------------------ writing

    def _write(self, kind: Kind, path: Path, chunk: list, result: KindResult) -> None:
        refs = [f for f in kind.fields if f.ref]
        for f in refs:
            self._resolve(f.ref, (codes.get(f.name, "") for _l, _c, _row, codes in chunk))
        ready: list[tuple[int, list[str], dict[str, Any], dict[str, str]]] = []
        targets = [(f, f.name, f.db_column, self._cache.setdefault(f.ref, {})) for f in refs]
        complete = kind.complete
        for line, cells, row, codes in chunk:
            failed = False
            for f, name, column, cache in targets:
                code = codes.get(name)
                if not code:
                    continue
                found = cache.get(code)
                if found is None:
                    header = self._header_of(kind, f)
                    self.error(
                        RowError(
                            str(path),
                            line,
                            header,
                            _("no {kind} has this code").format(
                                kind=_(self.kinds[f.ref].description or f.ref)
                            ),
                            code,
                        ),
                        cells,
                    )
                    failed = True
                    break
                row[column] = found["id"]
            if not failed and complete is not None:
                try:
                    complete(row, codes, self.lookup)
                except RowProblem as problem:
                    header = self._header_of(kind, kind.field(problem.field)) if problem.field else ""
                    self.error(RowError(str(path), line, header, problem.message, str(problem.value)), cells)
                    failed = True
            if failed:
                result.rejected += 1
            else:
                ready.append((line, cells, row, codes))
        if ready:
            self._store(kind, path, ready, result)

    def _header_of(self, kind: Kind, f: Field) -> str:
        for text in self._header:
            if header_key(text) in f.header_keys():
                return text
        return f.name

    def _store(self, kind: Kind, path: Path, ready: list, result: KindResult) -> None:
        table = kind.table
        key_columns = tuple(f.db_column for f in kind.key_fields)
        key_column = key_columns[0]
        keys = list({row[key_column] for _l, _c, row, _codes in ready})
        columns = sorted({c for _l, _c, row, _codes in ready for c in row} | set(key_columns))
        existing: dict[Any, dict[str, Any]] = {}
        for start in range(0, len(keys), _IN_LIMIT):
            part = keys[start : start + _IN_LIMIT]
            # a composite key reads every record sharing its first column, then matches the whole key
            stmt = select(table.c.id, *(table.c[c] for c in columns)).where(table.c[key_column].in_(part))
            for rec in self.conn.execute(stmt).mappings():
                existing[_key_of(rec, key_columns)] = dict(rec)
        mode = self.options.mode
        inserts: list[dict[str, Any]] = []
        updates: list[tuple[dict[str, Any], dict[str, Any], dict[str, Any], str]] = []
        seen_new: set[str] = set()
        touched, collected = self._touched, self._collected
        key_header = self._header_of(kind, kind.key_field)

        def reject(line: int, cells: list[str], message: str, key: str) -> None:
            self.error(RowError(str(path), line, key_header, message, key), cells)
            result.rejected += 1

        for line, cells, row, codes in ready:
            key = _key_of(row, key_columns)
            shown = _key_text(kind, row, codes)
            old = existing.get(key)
            duplicate = key in seen_new or (
                old is not None and (old["id"] >= self._first_new or old["id"] in touched)
            )
            if duplicate:
                reject(line, cells, _("appears more than once in this file"), shown)
                continue
            if old is None:
                if not kind.creates:
                    reject(
                        line,
                        cells,
                        _("no {kind} has this code").format(kind=_(kind.description or kind.name)),
                        shown,
                    )
                    continue
                if mode == "update":
                    reject(
                        line, cells, _("does not exist (mode update only changes existing records)"), shown
                    )
                    continue
                seen_new.add(key)
                inserts.append(row)
                if collected is not None:
                    collected.append((row, codes, None))
                continue
            touched.add(old["id"])
            if mode == "insert":
                reject(line, cells, _("already exists (mode insert only adds new records)"), shown)
                continue
            changed = {c: row[c] for c in row if c not in key_columns and _differs(old.get(c), row[c])}
            if not changed:
                result.unchanged += 1
                continue
            if kind.check_update is not None:
                problem = kind.check_update(self.conn, old, changed)
                if problem is not None:
                    name, value, message = problem
                    f = next(f for f in kind.fields if name in (f.name, f.db_column))
                    header = self._header_of(kind, f)
                    self.error(RowError(str(path), line, header, message, str(value)), cells)
                    result.rejected += 1
                    continue
            if collected is not None:
                collected.append((row, codes, old))
            updates.append((old, changed, row, shown))
        if inserts:
            defaults = kind.defaults
            present: dict[str, None] = {}
            for r in inserts:  # rows may fill different columns (blank cells are left out)
                present.update(dict.fromkeys(r))
            columns = list(dict.fromkeys([*defaults, *present]))
            spec = []
            for c, p in zip(columns, insert_processors(self.conn, table, columns), strict=True):
                d = defaults.get(c)
                spec.append((c, p, p(d) if p is not None and d is not None else d))
            bulk_insert(
                self.conn,
                table,
                columns,
                [
                    tuple(
                        (p(v) if p is not None else v) if (v := r.get(c)) is not None else d
                        for c, p, d in spec
                    )
                    for r in inserts
                ],
            )
            result.created += len(inserts)
        if updates:
            self._apply_updates(kind, result, updates)

    def _apply_updates(self, kind: Kind, result: KindResult, updates: list) -> None:
        table = kind.table
        history: list[dict[str, Any]] = []
        changes: list[dict[str, Any]] = []
        audited = {kind.field(a).db_column: a for a in kind.audited}
        for old, changed, _row, shown in updates:
            self.conn.execute(update(table).where(table.c.id == old["id"]).values(**changed))
            before = {c: _jsonable(old.get(c)) for c in changed}
            after = {c: _jsonable(v) for c, v in changed.items()}
            changes.append(
                {
                    "batch_id": result.batch_id,
                    "table_name": table.name,
                    "action": "updated",
                    "first_id": old["id"],
                    "last_id": old["id"],
                    "before": json.dumps(before),
                    "after": json.dumps(after),
                }
            )
            for column, name in audited.items():
                if column in changed:
                    old_value, new_value = old.get(column), changed[column]
                    ref = kind.field(name).ref
                    if ref:  # show codes, not internal ids
                        old_value, new_value = self._code_of(ref, old_value), self._code_of(ref, new_value)
                    entry = change_row(
                        entity=kind.entity or kind.name,
                        record=shown,
                        field=kind.history_fields.get(name, name),
                        old=old_value,
                        new=new_value,
                        when=self.now,
                        note=_("import batch {id}").format(id=result.batch_id),
                    )
                    if entry:
                        history.append(entry)
        result.updated += len(updates)
        self.conn.execute(insert(ImportChange.__table__), changes)
        if history:
            self.conn.execute(insert(ChangeLog.__table__), history)

    def _code_of(self, kind_name: str, record_id: int | None) -> str | None:
        if record_id is None:
            return None
        kind = self.kinds[kind_name]
        table = kind.table
        return self.conn.execute(
            select(table.c[kind.key_field.db_column]).where(table.c.id == record_id)
        ).scalar()

    def _after_write(self, kind: Kind, result: KindResult) -> tuple[dict[str, int], list]:
        """Run the kind's ``after_write``; returns the side tables' last ids before it and its updates."""
        tops = {t.name: self.conn.execute(select(func.max(t.c.id))).scalar() or 0 for t in kind.side_tables}
        context = FileContext(now=self.now, warn=result.warnings.append)
        assert kind.after_write is not None
        return tops, kind.after_write(self.conn, self._collected or [], context) or []

    def _record_side(self, kind: Kind, batch_id: int, tops: dict[str, int], updates: list) -> None:
        """Keep what ``after_write`` wrote with the batch, for undo."""
        for table in kind.side_tables:
            last = self.conn.execute(select(func.max(table.c.id))).scalar() or 0
            if last > tops[table.name]:
                first = tops[table.name] + 1
                columns, digests = (
                    (None, None) if self.options.dry_run else created_digests(self.conn, table, first, last)
                )
                self.conn.execute(
                    insert(ImportChange.__table__).values(
                        batch_id=batch_id,
                        table_name=table.name,
                        action="created",
                        first_id=first,
                        last_id=last,
                        after=columns,
                        digests=digests,
                    )
                )
        if updates:
            self.conn.execute(
                insert(ImportChange.__table__),
                [
                    {
                        "batch_id": batch_id,
                        "table_name": table.name,
                        "action": "updated",
                        "first_id": record_id,
                        "last_id": record_id,
                        "before": json.dumps({c: _jsonable(v) for c, v in before.items()}),
                        "after": json.dumps({c: _jsonable(v) for c, v in after.items()}),
                    }
                    for table, record_id, before, after in updates
                ],
            )

    def _record_created(self, kind: Kind, batch_id: int) -> None:
        """The range of ids the file created, with a digest of each record (undo refuses to remove a
        record changed since). A dry run, rolled back anyway, skips the digests."""
        table = kind.table
        last = self.conn.execute(select(func.max(table.c.id))).scalar() or 0
        if last >= self._first_new:
            columns, digests = (
                (None, None)
                if self.options.dry_run
                else created_digests(self.conn, table, self._first_new, last)
            )
            self.conn.execute(
                insert(ImportChange.__table__).values(
                    batch_id=batch_id,
                    table_name=table.name,
                    action="created",
                    first_id=self._first_new,
                    last_id=last,
                    after=columns,
                    digests=digests,
                )
            )


def _key_of(row: Mapping[str, Any], columns: tuple[str, ...]) -> Any:
    return row[columns[0]] if len(columns) == 1 else tuple(row[c] for c in columns)


def _key_text(kind: Kind, row: Mapping[str, Any], codes: Mapping[str, str]) -> str:
    """The natural key as a user reads it: codes for references, parts joined by "/"."""
    parts = [codes.get(f.name, "") if f.ref else str(row[f.db_column]) for f in kind.key_fields]
    return "/".join(parts)


def _differs(old: Any, new: Any) -> bool:
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return (old is None) != (new is None) or (old is not None and Decimal(old) != Decimal(new))
    return old != new


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _conventions_text(number_format: str, date_format: str | None) -> str:
    """ ", es numbers, dmy dates" in the active language (the codes stay as the options spell them)."""
    text = _(", {fmt} numbers").format(fmt=number_format)
    return text + (_(", {fmt} dates").format(fmt=date_format) if date_format else "")


def _describe(dialect: reader.Dialect) -> str:
    if dialect.format == "xlsx":
        return "xlsx" + (f" ({dialect.sheet})" if dialect.sheet else "")
    names = {",": _("comma"), ";": _("semicolon"), "\t": _("tab"), "|": _("pipe")}
    return f"{dialect.encoding}, {names.get(dialect.delimiter or ',', dialect.delimiter)}"


@dataclass
class Preview:
    """What an import would see in a file: its format, how each header maps, the first rows."""

    kind: str
    dialect: str
    header: list[str]
    #: Per header: the column it fills, or None (ignored).
    mapping: list[str | None]
    rows: list[list[str]]
    warnings: list[str]
    #: Required columns no header fills (the import would refuse the file until they are mapped).
    missing: list[str] = field(default_factory=list)


def preview(
    kinds: Mapping[str, Kind], kind_name: str, path: Path, options: Options, *, rows: int = 5
) -> Preview:
    """Read the header and the first ``rows`` rows of ``path`` as an import of ``kind_name`` would."""
    run = _Run(None, kinds, options, datetime.now(), None)  # type: ignore[arg-type]  # no database needed
    kind = kinds[kind_name]
    try:
        dialect = reader.detect(
            path,
            encoding=options.encoding,
            delimiter=options.delimiter,
            skip_lines=options.skip_lines,
            sheet=options.sheet,
        )
        lines = reader.read_rows(path, dialect)
        _line, header = next(lines, (0, []))
        if not header:
            raise ImportFailed(str(path), _("the file is empty"))
        run._header = header
        result = KindResult(kind.name, str(path))
        columns = run._map_header(kind, path, header, result, strict=False)
        number_format, date_format = run._conventions(kind, path, dialect, columns)
        first = [cells for _n, (_l, cells) in zip(range(rows), lines, strict=False)]
    except reader.FileProblem as exc:
        raise _file_problem(path, exc)
    description = _describe(dialect) + _conventions_text(number_format, date_format)
    taken = {f.name for f in columns if f is not None}
    return Preview(
        kind.name,
        description,
        header,
        [f.name if f else None for f in columns],
        first,
        result.warnings,
        [f.name for f in kind.fields if f.required and f.name not in taken],
    )


def order_jobs(kinds: Mapping[str, Kind], jobs: list[tuple[str, Path]]) -> list[tuple[str, Path]]:
    """Jobs sorted so every kind comes after the kinds it refers to."""
    ordered: list[str] = []

    def visit(name: str, path: tuple[str, ...] = ()) -> None:
        if name in ordered or name in path:
            return
        for dep in kinds[name].depends:
            if dep in kinds:
                visit(dep, (*path, name))
        ordered.append(name)

    for name in kinds:
        visit(name)
    rank = {name: i for i, name in enumerate(ordered)}
    return sorted(jobs, key=lambda j: (rank[j[0]], str(j[1])))


def run_import(
    engine: Engine,
    kinds: Mapping[str, Kind],
    jobs: list[tuple[str, Path]],
    options: Options,
    *,
    now: datetime,
    progress: Progress | None = None,
) -> ImportResult:
    """Import ``jobs`` (kind, file) in dependency order, all or nothing (unless ``skip_invalid``)."""
    if options.mode not in MODES:
        raise ValueError(options.mode)
    started = time.perf_counter()
    with engine.connect() as conn:
        trans = conn.begin()
        run = _Run(conn, kinds, options, now, progress, files=len(jobs))
        try:
            for kind_name, path in order_jobs(kinds, jobs):
                run.import_file(kinds[kind_name], path)
            result = run.result
            if options.dry_run or result.file_errors or (result.error_count and not options.skip_invalid):
                trans.rollback()
            else:
                trans.commit()
                result.committed = True
        except BaseException:
            trans.rollback()
            raise
        finally:
            run.close()
    result.seconds = time.perf_counter() - started
    return result
