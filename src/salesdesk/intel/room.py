"""How the intel room appears in the desk, and the business rules it reads."""

from decimal import Decimal

from salesdesk.core.business import Rule
from salesdesk.core.i18n import N_
from salesdesk.rooms import RoomSpec

ROOMS = [
    RoomSpec(
        key="intel",
        title=N_("Intel"),
        order=70,
        screen="salesdesk.intel.screen:IntelScreen",
        description=N_("Competitor intelligence, the sales forecast against the plan, data-quality findings"),
    ),
]

RULES = [
    Rule(
        "intel.name_similarity",
        "90",
        N_("Data quality: how alike two customer names are (0–100) to be likely duplicates"),
        Decimal(50),
        Decimal(100),
    ),
    Rule(
        "intel.open_order_days",
        "90",
        N_("Data quality: days an order may stay open"),
        Decimal(1),
        Decimal(3660),
    ),
    Rule(
        "intel.unusual_times",
        "5",
        N_("Data quality: an invoice this many times the customer's usual amount is unusual"),
        Decimal(2),
        Decimal(1000),
    ),
]
