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


def _thresholds(values) -> None:  # noqa: ANN001
    from salesdesk.core.errors import DataError
    from salesdesk.core.i18n import _

    if values["plan.at_risk_pct"] > values["plan.on_track_pct"]:
        raise DataError(
            "plan.at_risk_pct",
            values["plan.at_risk_pct"],
            _("the at-risk threshold cannot be above the on-track one"),
        )


RULES = [
    Rule("plan.on_track_pct", "100", N_("Plan: attainment (%) from which a target is on track"), Decimal(0)),
    Rule("plan.at_risk_pct", "90", N_("Plan: attainment (%) from which a target is at risk"), Decimal(0)),
]

#: Checks over the rules taken together, run by ``config rule`` before a change is kept.
RULE_CHECKS = [_thresholds]
