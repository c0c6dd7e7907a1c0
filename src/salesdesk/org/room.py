"""How the org room appears in the desk."""

from salesdesk.core.i18n import N_
from salesdesk.rooms import RoomSpec

ROOMS = [
    RoomSpec(
        key="customers",
        title=N_("Customers"),
        order=20,
        screen="salesdesk.org.screen:CustomersScreen",
        description=N_("Find, add and edit customers; balances, invoices and payments"),
    )
]
