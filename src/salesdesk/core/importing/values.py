"""Values in files: numbers in either convention (decided once per file), dates, booleans.

Parsing is strict: a value that does not fit the file's convention is an error, never read as another
number (``1.234,56`` is never 1.23456).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

#: Number conventions: "es" = ``1.234,56`` (comma decimal), "en" = ``1,234.56`` (point decimal).
NUMBER_FORMATS = ("es", "en")
#: Date conventions a file may use; "serial" are Excel day numbers.
DATE_FORMATS = ("iso", "dmy")

_CURRENCY = re.compile(r"[€$£]|EUR|USD|MXN", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f']")
_ES = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
_EN = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EXCEL_EPOCH = date(1899, 12, 30)

TRUE = {"si", "sí", "s", "yes", "y", "true", "verdadero", "1", "x"}
FALSE = {"no", "n", "false", "falso", "0", ""}


class ValueProblem(ValueError):
    """A value that cannot be read; the message is a msgid-formatted sentence (already translated)."""


def _clean_number_text(text: str) -> tuple[str, bool]:
    """Strip currency signs and spaces; ``(1.234,56)`` means negative."""
    t = _CURRENCY.sub("", text)
    t = _SPACES.sub("", t)
    negative = False
    if t.startswith("(") and t.endswith(")"):
        t, negative = t[1:-1], True
    if t.endswith("-") and t[:-1].replace(".", "").replace(",", "").isdigit():  # 1234,56- (some ERPs)
        t, negative = t[:-1], True
    return t, negative


def number_evidence(text: str) -> str | None:
    """Which convention a number proves: "es", "en", or None when it fits both (``1234``, ``12.5``?).

    ``1.234,56`` → es; ``1,234.56`` → en; ``12,5`` → es; ``12.50`` → en (a point with other than three
    digits after it cannot be a thousands separator); ``1.234`` or ``1,234`` → undecided.
    """
    t, _neg = _clean_number_text(text)
    if not t:
        return None
    has_dot, has_comma = "." in t, "," in t
    if has_dot and has_comma:
        return "es" if t.rfind(",") > t.rfind(".") else "en"
    if has_comma:
        parts = t.split(",")
        return "es" if len(parts) == 2 and len(parts[1]) != 3 else None if len(parts) == 2 else "en"
    if has_dot:
        parts = t.split(".")
        return "en" if len(parts) == 2 and len(parts[1]) != 3 else None if len(parts) == 2 else "es"
    return None


def parse_number(text: str, convention: str) -> Decimal:
    """Parse ``text`` strictly in ``convention`` ("es" or "en")."""
    t, negative = _clean_number_text(text)
    pattern = _ES if convention == "es" else _EN
    if not pattern.match(t):
        raise ValueProblem(convention)
    t = t.replace(".", "").replace(",", ".") if convention == "es" else t.replace(",", "")
    try:
        value = Decimal(t)
    except InvalidOperation:
        raise ValueProblem(convention)
    return -value if negative else value


def date_evidence(text: str) -> str | None:
    t = text.strip()
    if _ISO.match(t):
        return "iso"
    if _DMY.match(t):
        return "dmy"
    if re.fullmatch(r"\d{5}(\.0+)?", t):
        return "serial"
    return None


def parse_date(text: str, fmt: str | None) -> date:
    """ISO, day-first (``31/12/2026``, ``31-12-2026``, ``31.12.2026``) or an Excel serial number."""
    t = text.strip()
    try:
        if _ISO.match(t) and fmt in (None, "iso"):
            return date.fromisoformat(t)
        m = _DMY.match(t)
        if m and fmt in (None, "dmy"):
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if re.fullmatch(r"\d{5}(\.0+)?", t):
            return _EXCEL_EPOCH + timedelta(days=int(float(t)))
    except ValueError:
        raise ValueProblem("date")
    raise ValueProblem("date")


def parse_bool(text: str) -> bool:
    t = text.strip().lower()
    if t in TRUE:
        return True
    if t in FALSE:
        return False
    raise ValueProblem("bool")


@dataclass
class Evidence:
    """What a file's values say about its conventions, gathered while reading it once."""

    es: int = 0
    en: int = 0
    iso: int = 0
    dmy: int = 0
    serial: int = 0

    def add_number(self, text: str) -> None:
        kind = number_evidence(text)
        if kind == "es":
            self.es += 1
        elif kind == "en":
            self.en += 1

    def add_date(self, text: str) -> None:
        kind = date_evidence(text)
        if kind is not None:
            setattr(self, kind, getattr(self, kind) + 1)

    def number_format(self, default: str) -> str:
        if self.es > self.en:
            return "es"
        if self.en > self.es:
            return "en"
        return default

    def date_format(self) -> str | None:
        """The file's date convention: the one most of its dates use (ISO on a tie); None when no date
        says. Dates in the other convention are then row errors, as numbers are."""
        if not self.iso and not self.dmy:
            return None
        return "dmy" if self.dmy > self.iso else "iso"
