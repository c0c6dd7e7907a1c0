"""Exact money: ``Decimal`` in Python, integer minor units (hundredths) in the database.

Parsing follows the number locale but accepts the plain ``12.50`` form where that is unambiguous;
formatting goes through Babel. Splits use the largest-remainder method so parts add up to the cent.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from salesdesk.core.errors import DataError
from salesdesk.core.i18n import _

#: Minor units per unit stored in the database: amounts are kept in hundredths.
SCALE = 100
CENT = Decimal("0.01")
ZERO = Decimal("0.00")
#: Largest absolute amount accepted (fits easily in a 64-bit integer of hundredths).
MAX_AMOUNT = Decimal("999999999999.99")

_PLAIN = re.compile(r"^[+-]?\d+(\.\d+)?$")
_COMMA = re.compile(r"^[+-]?\d+(,\d+)?$")


def quantize(value: Decimal) -> Decimal:
    """Round half up to the cent (the one rounding step, at the end of a computation)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def to_minor(value: Decimal) -> int:
    """Decimal → integer hundredths; refuses anything finer than a cent rather than rounding silently."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)  # whole units, e.g. a literal 0 in a query
    if not isinstance(value, Decimal):
        raise TypeError(f"money must be Decimal, not {type(value).__name__}")
    scaled = value * SCALE
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{value} has more than two decimals")
    return int(scaled)


def from_minor(value: int) -> Decimal:
    """Integer hundredths → Decimal with two places."""
    return (Decimal(int(value)) / SCALE).quantize(CENT)


def _decimals(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def parse_amount(
    text: str, locale: str = "en_US", *, field: str = "amount", allow_negative: bool = True
) -> Decimal:
    """Parse a money amount typed by a user or read from a file.

    The locale's own form is accepted (``1.234,56`` in es_ES, ``1,234.56`` in en_US), and so is the plain
    form with either decimal mark (``12.50``, ``12,5``) where only one reading has at most two decimals.

    Raises:
        DataError: naming ``field`` and the text when it is not an amount, is ambiguous, has more than
            two decimals, is negative where that is not allowed, or is out of range.
    """
    from babel.numbers import NumberFormatError, parse_decimal

    raw = text
    text = (text or "").strip().replace("\xa0", "").replace(" ", "")
    for symbol in ("€", "$", "EUR", "MXN", "USD"):
        text = text.replace(symbol, "")
    if not text:
        raise DataError(field, raw, _("an amount is required"))
    candidates: set[Decimal] = set()
    if not re.fullmatch(r"[+-]?[0-9.,']+", text):
        raise DataError(field, raw, _("is not an amount (example: 1234.56)"))
    with contextlib.suppress(NumberFormatError, InvalidOperation, ValueError):
        candidates.add(parse_decimal(text, locale=locale, strict=True))
    if _PLAIN.match(text):
        candidates.add(Decimal(text))
    if _COMMA.match(text):
        candidates.add(Decimal(text.replace(",", ".")))
    if not candidates:
        raise DataError(field, raw, _("is not an amount (example: 1234.56)"))
    candidates = {c for c in candidates if c.is_finite()}
    if candidates and all(abs(c) > MAX_AMOUNT for c in candidates):
        raise DataError(field, raw, _("is too large"))
    # Decimals as written: "12.500" has three, so in es_ES it can only be twelve thousand five hundred.
    fitting = {c for c in candidates if abs(c) <= MAX_AMOUNT and _decimals(c) <= 2}
    if not candidates:
        raise DataError(field, raw, _("is not an amount (example: 1234.56)"))
    if not fitting:
        raise DataError(field, raw, _("has more than two decimals"))
    if len(fitting) > 1:
        raise DataError(field, raw, _("is ambiguous: write it without thousands separators"))
    value = quantize(fitting.pop())
    if value.is_zero():
        value = ZERO  # no "-0.00"
    if not allow_negative and value < 0:
        raise DataError(field, raw, _("must not be negative"))
    return value


def parse_percent(text: str, locale: str = "en_US", *, field: str = "percent") -> Decimal:
    """A percentage between 0 and 100 with up to two decimals (``12,5`` or ``12.5``)."""
    value = parse_amount(text.replace("%", ""), locale, field=field, allow_negative=False)
    if value > 100:
        raise DataError(field, text, _("must be between 0 and 100"))
    return value


def format_money(value: Decimal, locale: str = "en_US", currency: str = "EUR") -> str:
    """``1.234,56 €`` (es_ES), ``€1,234.56`` (en_US), ``$1,234.56`` (es_MX with MXN)."""
    from babel.numbers import format_currency

    return format_currency(value, currency, locale=locale)


def format_number(value: Decimal | int, locale: str = "en_US", digits: int | None = None) -> str:
    from babel.numbers import format_decimal

    if digits is not None and isinstance(value, Decimal):
        value = value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
        fmt = "#,##0." + "0" * digits if digits else "#,##0"
        return format_decimal(value, format=fmt, locale=locale, decimal_quantization=False)
    return format_decimal(value, locale=locale)


def format_date(value: date | None, locale: str = "en_US") -> str:
    """Short date with a four-digit year: ``28/11/2026`` (es), ``11/28/2026`` (en_US)."""
    if value is None:
        return ""
    from babel.dates import format_date as babel_format_date
    from babel.dates import get_date_format

    pattern = get_date_format("short", locale=locale).pattern
    pattern = re.sub(r"y+", "yyyy", re.sub(r"d+", "dd", pattern))
    if "MMM" not in pattern:
        pattern = re.sub(r"M+", "MM", pattern)
    return babel_format_date(value, pattern, locale=locale)


class Measure(Decimal):
    """A Decimal that is no money (a percentage, an average of days): JSON shows it with its own digits
    (``"87.5"``), not as money with two."""

    __slots__ = ()


def measure(value: Decimal | None) -> Measure | None:
    return None if value is None else Measure(value)


def json_money(value: Decimal | None) -> str | None:
    """Money for JSON: a decimal string with two places (``"1234.50"``)."""
    return None if value is None else str(quantize(value))


def split(
    total: Decimal, weights: Sequence[Decimal | int], keys: Sequence[str] | None = None
) -> list[Decimal]:
    """Split ``total`` in proportion to ``weights`` so the parts add up exactly, to the cent.

    Largest remainder: every part is first rounded down to the cent, then the cents left over go to the
    largest fractions; ties go to the lower key (or the earlier position). All-zero weights split equally.
    """
    n = len(weights)
    if n == 0:
        return []
    weights = [Decimal(w) for w in weights]
    if any(w < 0 for w in weights):
        raise ValueError("weights must not be negative")
    if sum(weights) == 0:
        weights = [Decimal(1)] * n
    keys = list(keys) if keys is not None else [f"{i:09d}" for i in range(n)]
    total_minor = to_minor(total)
    sign = -1 if total_minor < 0 else 1
    total_minor = abs(total_minor)
    weight_sum = sum(weights)
    exact = [Decimal(total_minor) * w / weight_sum for w in weights]
    floors = [int(e) for e in exact]
    left = total_minor - sum(floors)
    order = sorted(range(n), key=lambda i: (-(exact[i] - floors[i]), keys[i]))
    for i in order[:left]:
        floors[i] += 1
    return [from_minor(sign * f) for f in floors]
