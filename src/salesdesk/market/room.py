"""How the market room appears in the desk, and the business rules it reads."""

from decimal import Decimal

from salesdesk.core.business import Rule
from salesdesk.core.i18n import N_
from salesdesk.market import rules
from salesdesk.rooms import RoomSpec

ROOMS = [
    RoomSpec(
        key="market",
        title=N_("Market"),
        order=55,
        screen="salesdesk.market.screen:MarketScreen",
        description=N_("Prospects pipeline by stage, campaigns with marketing, customer development"),
    ),
]

P0, P100, Y = Decimal(0), Decimal(100), Decimal(3660)
_PROBABILITY_TEXT = {
    "identified": N_("Pipeline: win probability of an identified prospect, in percent"),
    "contacted": N_("Pipeline: win probability of a contacted prospect, in percent"),
    "qualified": N_("Pipeline: win probability of a qualified prospect, in percent"),
    "proposal": N_("Pipeline: win probability of a prospect with a proposal, in percent"),
    "negotiation": N_("Pipeline: win probability of a prospect in negotiation, in percent"),
}
RULES = [
    *(
        Rule(f"market.probability_{stage}", str(rules.DEFAULT_PROBABILITY[stage]), text, P0, P100)
        for stage, text in _PROBABILITY_TEXT.items()
    ),
    Rule(
        "market.stale_days",
        "30",
        N_("Pipeline: days without an action before a prospect is stale"),
        Decimal(1),
        Y,
    ),
    Rule(
        "market.inactive_days",
        "60",
        N_("Customers: days without an invoice before one is inactive"),
        Decimal(1),
        Y,
    ),
    Rule(
        "market.growth_band",
        "5",
        N_("Customers: change from last year, in percent, counted as growing or shrinking"),
        P0,
        P100,
    ),
]


def probabilities(values) -> dict[str, Decimal]:  # noqa: ANN001
    """The win probability of every stage (won 100, lost 0), checked."""
    found = {s: values[f"market.probability_{s}"] for s in rules.OPEN_STAGES}
    found.update(won=Decimal(100), lost=Decimal(0))
    rules.check_probabilities(found)
    return found


RULE_CHECKS = [probabilities]
