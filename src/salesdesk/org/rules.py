"""Pure rules of the org room: cleaning master-data input, order status changes, payment allocation.

No database, no UI, no I/O. Every path that writes (CLI, TUI, import) goes through these functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from salesdesk.core.errors import DataError
from salesdesk.core.i18n import N_, _
from salesdesk.core.money import ZERO, parse_amount, parse_percent
from salesdesk.core.periods import check_date_range
from salesdesk.core.text import CODE_PATTERN

TIERS = ("A", "B", "C")
SALESPERSON_STATUSES = ("active", "on_leave", "left")
ORDER_STATUSES = ("open", "invoiced", "cancelled")
#: Allowed order status changes (from → to). Invoiced and cancelled are final.
ORDER_TRANSITIONS: Mapping[str, tuple[str, ...]] = {
    "open": ("invoiced", "cancelled"),
    "invoiced": (),
    "cancelled": (),
}
STATUS_LABELS = {
    "active": N_("active"),
    "on_leave": N_("on leave"),
    "left": N_("left"),
    "open": N_("open"),
    "invoiced": N_("invoiced"),
    "cancelled": N_("cancelled"),
}
MAX_TERMS_DAYS = 365

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()./-]{6,20}$")


# --------------------------------------------------------------------------- field cleaners


def clean_code(value: str | None, field_name: str = "code") -> str:
    """A code users type: letters, digits and ``. _ / -``, up to 32 characters, kept as typed (trimmed)."""
    value = (value or "").strip()
    if not value:
        raise DataError(field_name, value, _("is required"))
    if not CODE_PATTERN.match(value):
        raise DataError(field_name, value, _("use letters, digits and . _ / - only (at most 32)"))
    return value


def clean_text(value: str | None, field_name: str, *, required: bool = False, max_len: int = 200) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DataError(field_name, value, _("is required"))
    if len(value) > max_len:
        raise DataError(field_name, value[:20] + "…", _("is longer than {n} characters").format(n=max_len))
    if any(ord(ch) < 32 for ch in value):
        raise DataError(field_name, value, _("contains control characters"))
    return value


def clean_email(value: str | None, field_name: str = "email") -> str:
    value = (value or "").strip()
    if value and not _EMAIL.match(value):
        raise DataError(field_name, value, _("is not an email address"))
    return value


def clean_phone(value: str | None, field_name: str = "phone") -> str:
    value = (value or "").strip()
    if value and not _PHONE.match(value):
        raise DataError(field_name, value, _("is not a phone number"))
    return value


def clean_choice(value: str | None, choices: Iterable[str], field_name: str) -> str:
    value = (value or "").strip()
    choices = tuple(choices)
    normal = value.upper() if all(c.isupper() for c in choices) else value.lower()
    if normal not in choices:
        raise DataError(field_name, value, _("must be one of: {choices}").format(choices=", ".join(choices)))
    return normal


def clean_int(value: str | int | None, field_name: str, *, low: int, high: int) -> int:
    text = str(value if value is not None else "").strip()
    if not re.fullmatch(r"[+-]?\d+", text):
        raise DataError(field_name, text, _("must be a whole number"))
    number = int(text)
    if not low <= number <= high:
        raise DataError(field_name, text, _("must be between {low} and {high}").format(low=low, high=high))
    return number


def clean_date(value: str | date | None, field_name: str, *, required: bool = True) -> date | None:
    """ISO dates (``2026-11-28``) and day-first dates (``28/11/2026``)."""
    if isinstance(value, date):
        return value
    text = (value or "").strip()
    if not text:
        if required:
            raise DataError(field_name, text, _("is required"))
        return None
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    try:
        if match:
            day = date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        else:
            day = date.fromisoformat(text)
    except ValueError:
        raise DataError(field_name, text, _("is not a date (YYYY-MM-DD or DD/MM/YYYY)"))
    return check_date_range(day, field_name, text)


def clean_bool(value: str | bool | None, field_name: str) -> bool:
    if isinstance(value, bool):
        return value
    text = (value or "").strip().lower()
    if text in ("yes", "y", "true", "1", "si", "sí", "s"):
        return True
    if text in ("no", "n", "false", "0", ""):
        return False
    raise DataError(field_name, value, _("must be yes or no"))


def clean_money(
    value: str | Decimal | None,
    field_name: str,
    locale: str,
    *,
    required: bool = True,
    allow_negative: bool = False,
) -> Decimal | None:
    if isinstance(value, Decimal):
        return value
    if value is None or not str(value).strip():
        if required:
            raise DataError(field_name, "", _("is required"))
        return None
    return parse_amount(str(value), locale, field=field_name, allow_negative=allow_negative)


def clean_percent(value: str | None, field_name: str, locale: str) -> Decimal:
    if value is None or not str(value).strip():
        return ZERO
    return parse_percent(str(value), locale, field=field_name)


# --------------------------------------------------------------------------- records

#: Customer fields a user may set, with the cleaner for each (references are resolved by queries).
CUSTOMER_FIELDS = (
    "name",
    "tax_id",
    "territory",
    "group",
    "salesperson",
    "tier",
    "terms_days",
    "credit_limit",
    "city",
    "email",
    "phone",
    "customer_since",
)


def clean_customer(raw: Mapping[str, str | None], locale: str, *, partial: bool = False) -> dict[str, object]:
    """Validate customer input (strings as typed). ``partial`` checks only the keys present (an edit).

    Returns cleaned values; reference codes (territory, group, salesperson) stay codes, "" meaning none.
    """
    out: dict[str, object] = {}

    def has(key: str) -> bool:
        return key in raw and (not partial or raw[key] is not None)

    if has("name") or not partial:
        out["name"] = clean_text(raw.get("name"), "name", required=True)
    if has("tax_id"):
        out["tax_id"] = clean_text(raw.get("tax_id"), "tax_id", max_len=32).upper().replace(" ", "")
    for ref in ("territory", "group", "salesperson"):
        if has(ref):
            text = (raw.get(ref) or "").strip()
            out[ref] = clean_code(text, ref) if text else ""
    # On create an empty tier or terms takes the default; on an edit it is refused (a value is required).
    if has("tier") or not partial:
        tier = raw.get("tier")
        out["tier"] = clean_choice(tier if partial or (tier or "").strip() else "C", TIERS, "tier")
    if has("terms_days") or not partial:
        terms = raw.get("terms_days")
        out["terms_days"] = clean_int(
            terms if partial or (terms or "").strip() else "30", "terms_days", low=0, high=MAX_TERMS_DAYS
        )
    if has("credit_limit"):
        out["credit_limit"] = clean_money(raw.get("credit_limit"), "credit_limit", locale, required=False)
    if has("city"):
        out["city"] = clean_text(raw.get("city"), "city", max_len=80)
    if has("email"):
        out["email"] = clean_email(raw.get("email"))
    if has("phone"):
        out["phone"] = clean_phone(raw.get("phone"))
    if has("customer_since"):
        out["customer_since"] = clean_date(raw.get("customer_since"), "customer_since", required=False)
    return out


#: How a lowering below the debt is forced on the command line (the screen names its own field).
FORCE_HINT = N_("lower it with `credit limit … --force`")


def check_credit_limit(
    old: Decimal | None,
    new: Decimal | None,
    outstanding: Decimal,
    *,
    force: bool = False,
    force_hint: str = FORCE_HINT,
) -> bool:
    """The one check on a credit limit change (``credit limit``, ``customer edit``, imports).

    Empty or 0 means no credit. Lowering a limit below what the customer owes now (``outstanding``) is
    refused unless ``force``; returns whether the change is such a forced lowering (it is flagged).
    """
    if new is not None and new < 0:
        raise DataError("credit_limit", new, _("must not be negative"))
    before, after = old or ZERO, new or ZERO
    if after < before and after < outstanding:
        if not force:
            raise DataError(
                "credit_limit",
                new if new is not None else "",
                _("is below what the customer owes now ({amount}): {how}").format(
                    amount=outstanding, how=_(force_hint)
                ),
            )
        return True
    return False


def check_order_transition(old: str, new: str) -> str:
    """Refuse an order status change the table does not allow, naming both states; returns the new code."""
    new = clean_choice(new, ORDER_STATUSES, "status")
    if new != old and new not in ORDER_TRANSITIONS[old]:
        raise DataError(
            "status",
            new,
            _("an order cannot go from {old} to {new}").format(
                old=_(STATUS_LABELS[old]), new=_(STATUS_LABELS[new])
            ),
        )
    return new


def default_due_date(issue: date, terms_days: int) -> date:
    return issue + timedelta(days=terms_days)


# --------------------------------------------------------------------------- payment allocation


@dataclass(frozen=True)
class Item:
    """An invoice (positive amount) or a credit note (negative amount)."""

    number: str
    issue_date: date
    due_date: date
    amount: Decimal


@dataclass(frozen=True)
class Receipt:
    """A payment; ``invoice`` names the invoice it pays, if any."""

    reference: str
    date: date
    amount: Decimal
    invoice: str | None = None


@dataclass(frozen=True)
class Application:
    credit: str  # payment reference or credit-note number
    invoice: str
    amount: Decimal


@dataclass
class Allocation:
    open_amounts: dict[str, Decimal] = field(default_factory=dict)
    applications: list[Application] = field(default_factory=list)
    unapplied: Decimal = ZERO

    @property
    def open_total(self) -> Decimal:
        return sum(self.open_amounts.values(), ZERO)

    @property
    def balance(self) -> Decimal:
        """Open invoices minus unapplied credit: what the customer owes (negative: we owe them)."""
        return self.open_total - self.unapplied


def allocate(items: Iterable[Item], receipts: Iterable[Receipt], *, as_of: date | None = None) -> Allocation:
    """Apply payments and credit notes to open invoices.

    Credits are taken in date order (payments by date, credit notes by issue date; then reference). A payment
    that names an invoice applies there first; whatever remains goes to the oldest open invoices by
    (due date, issue date, number); any excess stays as unapplied customer credit. With ``as_of``, only
    documents dated on or before it count.
    """
    items = [i for i in items if as_of is None or i.issue_date <= as_of]
    receipts = [r for r in receipts if as_of is None or r.date <= as_of]
    invoices = sorted((i for i in items if i.amount > 0), key=lambda i: (i.due_date, i.issue_date, i.number))
    result = Allocation(open_amounts={i.number: i.amount for i in invoices})
    credits: list[tuple[date, str, Decimal, str | None]] = [
        (r.date, r.reference, r.amount, r.invoice) for r in receipts
    ]
    credits += [(i.issue_date, i.number, -i.amount, None) for i in items if i.amount < 0]
    credits.sort(key=lambda c: (c[0], c[1]))
    queue = [i.number for i in invoices]
    open_amounts = result.open_amounts
    head = 0  # every invoice before it in the queue is closed (open amounts only ever go down)

    def apply(ref: str, number: str, left: Decimal) -> Decimal:
        owed = open_amounts[number]
        if owed <= 0 or left <= 0:
            return left
        applied = min(owed, left)
        open_amounts[number] = owed - applied
        result.applications.append(Application(ref, number, applied))
        return left - applied

    for _when, ref, amount, named in credits:
        left = amount
        if named in open_amounts:
            left = apply(ref, named, left)
        while left > 0 and head < len(queue):
            left = apply(ref, queue[head], left)
            if open_amounts[queue[head]] <= 0:
                head += 1
        result.unapplied += left
    return result
