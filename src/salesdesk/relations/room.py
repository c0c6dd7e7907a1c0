"""How the relations rooms appear in the desk (Visits and Complaints), and the business rules they read."""

from decimal import Decimal

from salesdesk.core.business import Rule
from salesdesk.core.i18n import N_
from salesdesk.rooms import RoomSpec

ROOMS = [
    RoomSpec(
        key="visits",
        title=N_("Visits"),
        order=60,
        screen="salesdesk.relations.screen:VisitsScreen",
        description=N_("Visit policy, the week's agenda, customers due for a visit, compliance"),
    ),
    RoomSpec(
        key="complaints",
        title=N_("Complaints"),
        order=61,
        screen="salesdesk.relations.complaints_screen:ComplaintsScreen",
        description=N_("Complaints and objections by SLA urgency, resolution and satisfaction"),
    ),
]

D, Y = Decimal(1), Decimal(3660)
RULES = [
    Rule("relations.frequency_a", "30", N_("Visits: days between visits to a tier A customer"), D, Y),
    Rule("relations.frequency_b", "60", N_("Visits: days between visits to a tier B customer"), D, Y),
    Rule("relations.frequency_c", "90", N_("Visits: days between visits to a tier C customer"), D, Y),
    Rule("relations.sla_critical", "1", N_("Complaints: days to resolve a critical one"), Decimal(0), Y),
    Rule("relations.sla_high", "3", N_("Complaints: days to resolve a high one"), Decimal(0), Y),
    Rule("relations.sla_medium", "7", N_("Complaints: days to resolve a medium one"), Decimal(0), Y),
    Rule("relations.sla_low", "14", N_("Complaints: days to resolve a low one"), Decimal(0), Y),
]


def frequencies(values) -> dict[str, int]:  # noqa: ANN001
    return {t: int(values[f"relations.frequency_{t.lower()}"]) for t in "ABC"}


def sla_days(values) -> dict[str, int]:  # noqa: ANN001
    """The SLA days per severity (checked: they do not shrink as severity falls)."""
    from salesdesk.core.errors import DataError
    from salesdesk.core.i18n import _

    days = {s: int(values[f"relations.sla_{s}"]) for s in ("critical", "high", "medium", "low")}
    if not days["critical"] <= days["high"] <= days["medium"] <= days["low"]:
        raise DataError(
            "relations.sla_critical",
            ", ".join(str(v) for v in days.values()),
            _("SLA days must not shrink from critical to low"),
        )
    return days


#: Checks over the rules taken together, run by ``config rule`` before a change is kept.
RULE_CHECKS = [sla_days]
