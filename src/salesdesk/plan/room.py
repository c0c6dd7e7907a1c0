"""How the plan room appears in the desk, and the business rules it reads."""

from decimal import Decimal

from salesdesk.core.business import Rule
from salesdesk.core.i18n import N_
from salesdesk.rooms import RoomSpec

ROOMS = [
    RoomSpec(
        key="plan",
        title=N_("Plan"),
        order=30,
        screen="salesdesk.plan.screen:PlanScreen",
        description=N_("Annual plan broken down into targets; tracking, deviations, corrective actions"),
    )
]

RULES = [
    Rule("plan.on_track_pct", "100", N_("Plan: attainment (%) from which a target is on track"), Decimal(0)),
    Rule("plan.at_risk_pct", "90", N_("Plan: attainment (%) from which a target is at risk"), Decimal(0)),
]
