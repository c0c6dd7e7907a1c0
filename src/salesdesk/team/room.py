"""How the team room appears in the desk."""

from salesdesk.core.i18n import N_
from salesdesk.rooms import RoomSpec

ROOMS = [
    RoomSpec(
        key="team",
        title=N_("Team"),
        order=80,
        screen="salesdesk.team.screen:TeamScreen",
        description=N_("Roster with this period's KPIs, performance reviews, recruiting and training"),
    ),
]
