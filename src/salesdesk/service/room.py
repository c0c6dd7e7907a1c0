"""How the Service room appears in the desk, and the service goals it reads (business rules)."""

from decimal import Decimal

from salesdesk.core.business import Rule
from salesdesk.core.i18n import N_
from salesdesk.rooms import RoomSpec

ROOMS = [
    RoomSpec(
        key="service",
        title=N_("Service"),
        order=85,
        screen="salesdesk.service.screen:ServiceScreen",
        description=N_("After-sales: deliveries, installations, support, maintenance, service goals"),
    )
]

Z, Y = Decimal(0), Decimal(365)
RULES = [
    Rule("service.goal_delivery", "5", N_("Service: days from the order to the delivery"), Z, Y),
    Rule("service.goal_installation", "7", N_("Service: days from the delivery to the installation"), Z, Y),
    Rule(
        "service.goal_support_response",
        "1",
        N_("Service: days to the first response to a support call"),
        Z,
        Y,
    ),
    Rule("service.goal_support", "5", N_("Service: days to resolve a support call"), Z, Y),
    Rule(
        "service.goal_maintenance",
        "7",
        N_("Service: days either side of its due date to do a maintenance"),
        Z,
        Y,
    ),
    Rule("service.goal_warranty_repair", "10", N_("Service: days to do a warranty repair"), Z, Y),
    Rule(
        "service.warranty_months",
        "24",
        N_("Service: months of warranty from the install date"),
        Z,
        Decimal(240),
    ),
]


def goals(values) -> dict[str, int]:  # noqa: ANN001
    """The service goals in days by type (and ``support_response``), checked together."""
    from salesdesk.service import rules

    found = {k: int(values[f"service.goal_{k}"]) for k in rules.DEFAULT_GOALS}
    return dict(rules.check_goals(found))


def warranty_months(values) -> int:  # noqa: ANN001
    return int(values["service.warranty_months"])


#: Checks over the rules taken together, run by ``config rule`` before a change is kept.
RULE_CHECKS = [goals]
