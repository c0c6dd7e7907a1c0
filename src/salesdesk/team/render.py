"""Words shared by the Team room's screen and commands."""

from __future__ import annotations

from typing import Any

from salesdesk.core.i18n import _


def source_text(fmt: Any, key: str, source: dict) -> str:
    """Where a KPI value came from, in words: the numbers behind it."""
    s = source
    if not s:
        return ""
    if key == "sales_attainment":
        return _("sales {sales} of target {target}").format(
            sales=fmt.money(s["sales"]), target=fmt.money(s["target"])
        )
    if key == "overdue_receivables":
        return _("overdue {overdue} of {open} open ({n} customers)").format(
            overdue=fmt.money(s["overdue"]), open=fmt.money(s["open"]), n=s["customers"]
        )
    if key == "visit_compliance":
        return _("{done} of {required} visit windows").format(done=s["done_on_time"], required=s["required"])
    if key == "complaints_in_sla":
        return _("{ok} within SLA of {resolved} resolved + {overdue} overdue").format(
            ok=s["within_sla"], resolved=s["resolved"], overdue=s["overdue"]
        )
    if key == "expense_ratio":
        return _("expenses {cost} on sales {sales}").format(
            cost=fmt.money(s["expenses"]), sales=fmt.money(s["sales"])
        )
    if key == "new_customers":
        return _("{n} customers since the period began").format(n=s["customers"])
    return ""
