"""Reading rows from CSV/TXT and XLSX files: encoding and delimiter detection, physical line numbers.

Rows come out as ``(line, cells)`` with ``cells`` as text; blank lines and trailing empty cells are
dropped; a first line ``sep=;`` (written by Excel) sets the delimiter.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

DELIMITERS = (",", ";", "\t", "|")
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1")
_SAMPLE_LINES = 50


class FileProblem(Exception):
    """The file cannot be read at all (not a row problem)."""


@dataclass(frozen=True)
class Dialect:
    """How a file is written: format, encoding, delimiter, lines to skip before the header."""

    format: str  # "csv" or "xlsx"
    encoding: str | None = None
    delimiter: str | None = None
    skip: int = 0  # physical lines before the header (``sep=`` line and --skip-lines)
    sheet: str | None = None


def detect_encoding(path: Path) -> str:
    """BOM first (UTF-8, UTF-16); else UTF-8 if the whole file decodes; else cp1252 (Excel on Windows);
    else latin-1 (a file holding the few bytes cp1252 leaves undefined)."""
    with path.open("rb") as fh:
        head = fh.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        for encoding in ("utf-8", "cp1252"):
            fh.seek(0)
            decoder = codecs.getincrementaldecoder(encoding)()
            try:
                while block := fh.read(1 << 20):
                    decoder.decode(block)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                continue
            return encoding
    return "latin-1"


def _sample(path: Path, encoding: str, skip: int) -> list[str]:
    lines = []
    with path.open(encoding=encoding, newline="") as fh:
        for number, line in enumerate(fh):
            if number < skip:
                continue
            if line.strip():
                lines.append(line)
            if len(lines) >= _SAMPLE_LINES:
                break
    return lines


def sniff_delimiter(lines: list[str]) -> str:
    """The candidate that splits the sample into the same number (> 1) of cells on most lines."""
    best, best_score = ",", -1
    for candidate in DELIMITERS:
        counts = [len(row) for row in csv.reader(io.StringIO("".join(lines)), delimiter=candidate)]
        if not counts:
            continue
        mode, agreeing = Counter(counts).most_common(1)[0]
        if mode < 2:
            continue
        score = agreeing * 100 + mode
        if score > best_score:
            best, best_score = candidate, score
    return best


def detect(
    path: Path,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    skip_lines: int = 0,
    sheet: str | None = None,
) -> Dialect:
    """Work out how ``path`` is written (forced values win)."""
    if not path.is_file():
        raise FileProblem("missing")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return Dialect("xlsx", skip=skip_lines, sheet=sheet)
    if suffix not in (".csv", ".txt", ".tsv"):
        raise FileProblem("format")
    try:
        enc = encoding or detect_encoding(path)
        codecs.lookup(enc)
        first = _sample(path, enc, skip_lines)
    except (LookupError, UnicodeError):
        raise FileProblem("encoding")
    skip = skip_lines
    if first and first[0].strip().lower().startswith("sep=") and len(first[0].strip()) == 5:
        delimiter = delimiter or first[0].strip()[4]
        skip += 1
        first = first[1:]
    return Dialect("csv", enc, delimiter or sniff_delimiter(first), skip)


def _trim(cells: list[str]) -> list[str]:
    while cells and not cells[-1].strip():
        cells.pop()
    return cells


@dataclass
class Position:
    """How far a reader has got through its file: bytes read of ``total`` (None when unknown, as in .xlsx,
    whose compressed size says little about how many rows are left)."""

    total: int | None = None
    done: int = 0


def read_rows(
    path: Path, dialect: Dialect, position: Position | None = None
) -> Iterator[tuple[int, list[str]]]:
    """Every non-blank row after the skipped lines, with its physical line number (header first).

    ``position``, when given, is kept up to date with the bytes read so far (for a progress bar).
    """
    if dialect.format == "xlsx":
        yield from _read_xlsx(path, dialect)
        if position is not None:
            position.done = path.stat().st_size
        return
    with path.open(encoding=dialect.encoding, newline="") as fh:
        if position is not None:
            position.total = path.stat().st_size
        raw = fh.buffer  # its offset runs ahead of the rows by at most one read buffer: fine for progress
        for _ in range(dialect.skip):
            fh.readline()
        reader = csv.reader(fh, delimiter=dialect.delimiter or ",", strict=True)
        start = dialect.skip
        previous = 0  # the physical line where the last row ended; a row starts on the next one
        try:
            for cells in reader:
                first = previous + 1
                previous = reader.line_num
                if position is not None and not reader.line_num & 1023:  # about every thousand lines
                    position.done = raw.tell()
                if cells and not cells[-1].strip():
                    cells = _trim(cells)
                if cells and "".join(cells).strip():
                    yield start + first, cells
        except csv.Error as exc:
            raise FileProblem(f"csv:{start + reader.line_num}:{exc}")
        except UnicodeDecodeError:
            raise FileProblem("encoding")
        if position is not None:
            position.done = raw.tell()


def cell_text(value: object) -> str:
    """An Excel cell as text: numbers in plain point notation, dates in ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = format(Decimal(repr(value)), "f")
        return text[:-2] if text.endswith(".0") else text
    return str(value)


def _read_xlsx(path: Path, dialect: Dialect) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise FileProblem(f"xlsx:{exc}")
    try:
        if dialect.sheet:
            if dialect.sheet not in book.sheetnames:
                raise FileProblem(f"sheet:{dialect.sheet}")
            sheet = book[dialect.sheet]
        else:
            sheet = book.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number <= dialect.skip:
                continue
            cells = _trim([cell_text(v) for v in row])
            if cells and any(c.strip() for c in cells):
                yield number, cells
    finally:
        book.close()
