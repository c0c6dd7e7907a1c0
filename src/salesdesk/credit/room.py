"""How the credit room appears in the desk, and the business rules it reads."""

from decimal import Decimal

from salesdesk.core.business import Rule
from salesdesk.core.i18n import N_

#: The Credit room's screen comes with its TUI work; until then the room is reached through the CLI.
ROOMS: list = []

RULES = [
    Rule(
        "credit.warning_pct", "80", N_("Credit: usage (%) from which a customer shows a warning"), Decimal(0)
    ),
    Rule("credit.hold_days", "60", N_("Credit: days overdue after which a customer is on hold"), Decimal(0)),
    Rule("credit.bucket_1_days", "30", N_("Credit: aging, last day of the first overdue bucket"), Decimal(1)),
    Rule(
        "credit.bucket_2_days", "60", N_("Credit: aging, last day of the second overdue bucket"), Decimal(2)
    ),
    Rule("credit.bucket_3_days", "90", N_("Credit: aging, last day of the third overdue bucket"), Decimal(3)),
]
