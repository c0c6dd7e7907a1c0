"""How the expenses room appears in the desk, and the business rules it reads."""

from decimal import Decimal

from salesdesk.core.business import Rule
from salesdesk.core.i18n import N_
from salesdesk.rooms import RoomSpec

ROOMS = [
    RoomSpec(
        key="expenses",
        title=N_("Expenses"),
        order=50,
        screen="salesdesk.expenses.screen:ExpensesScreen",
        description=N_("Expense budgets by category and month, expenses to approve, discount requests"),
    )
]

P, N = Decimal(0), Decimal(100)
RULES = [
    Rule(
        "expenses.discount_salesperson_pct",
        "5",
        N_("Discounts: highest % a salesperson may grant"),
        P,
        N,
    ),
    Rule("expenses.discount_manager_pct", "15", N_("Discounts: highest % the manager may grant"), P, N),
    Rule(
        "expenses.alert_pct",
        "80",
        N_("Expenses: budget used (%) from which a category shows a warning"),
        P,
        N,
    ),
]


def _levels(values) -> None:  # noqa: ANN001
    from salesdesk.expenses import rules

    rules.check_policy(
        rules.DiscountPolicy(
            values["expenses.discount_salesperson_pct"], values["expenses.discount_manager_pct"]
        )
    )


#: Checks over the rules taken together, run by ``config rule`` before a change is kept.
RULE_CHECKS = [_levels]
