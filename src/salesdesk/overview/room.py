"""How the overview room appears in the desk."""

from salesdesk.core.i18n import N_
from salesdesk.rooms import RoomSpec

ROOMS = [
    RoomSpec(
        key="home",
        title=N_("Desk"),
        order=10,
        screen="salesdesk.overview.screen:HomeScreen",
        description=N_("Desk summary: sales, receivables, orders and team at a glance"),
    )
]
