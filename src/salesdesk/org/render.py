"""The customer card as a Rich renderable, shared by ``customer show`` and the Customers room."""

from __future__ import annotations

from datetime import date

from rich.box import HEAVY_HEAD, SIMPLE_HEAD
from rich.console import Group
from rich.table import Table
from rich.text import Text

from salesdesk.core.i18n import _
from salesdesk.core.output import Formatter
from salesdesk.org.queries import CustomerDetail


def _both(code: str | None, name: str | None) -> str:
    return " ".join(x for x in (code, name) if x)


def customer_card(
    d: CustomerDetail, fmt: Formatter, today: date, *, expand: bool = False, compact: bool = False
) -> Group:
    """Every field, the money position (balance, overdue, credit, open orders), recent invoices and payments.

    Overdue amounts and past due dates of open invoices are shown in red. ``compact`` (a narrow pane) keeps
    the invoice columns that matter for collection: number, due date, open amount.
    """
    info = Table.grid(padding=(0, 2))
    info.add_column(style="bold")
    info.add_column()
    for label, value in (
        (_("Code"), d.code),
        (_("Name"), d.name),
        (_("Tax id"), d.tax_id),
        (_("Territory"), _both(d.territory, d.territory_name)),
        (_("Group"), _both(d.group, d.group_name)),
        (_("Salesperson"), _both(d.salesperson, d.salesperson_name)),
        (_("Tier"), d.tier),
        (_("Payment terms"), _("{n} days").format(n=d.terms_days)),
        (_("Credit limit"), fmt.money(d.credit_limit) if d.credit_limit is not None else _("none")),
        (_("City"), d.city),
        (_("Email"), d.email),
        (_("Phone"), d.phone),
        (_("Customer since"), fmt.date(d.customer_since)),
    ):
        info.add_row(label, value)
    money = Table.grid(padding=(0, 2))
    money.add_column(style="bold")
    money.add_column(justify="right")
    money.add_row(_("Open balance"), fmt.money(d.balance))
    money.add_row(_("Overdue"), Text(fmt.money(d.overdue), style="bold red" if d.overdue > 0 else ""))
    if d.unapplied:
        money.add_row(_("Unapplied credit"), fmt.money(d.unapplied))
    money.add_row(_("Open orders"), fmt.money(d.open_orders))
    box = SIMPLE_HEAD if compact else HEAVY_HEAD
    invoices = Table(title=_("Recent invoices"), expand=expand, header_style="bold", box=box)
    columns = [
        (_("Number"), "left"),
        (_("Date"), "left"),
        (_("Due"), "left"),
        (_("Amount"), "right"),
        (_("Open"), "right"),
    ]
    keep = (0, 2, 4) if compact else (0, 1, 2, 3, 4)
    for index in keep:
        header, justify = columns[index]
        invoices.add_column(header, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for i in d.recent_invoices:
        late = bool(i.open_amount) and i.due_date is not None and i.due_date < today
        cells = (
            i.number,
            fmt.date(i.date),
            Text(fmt.date(i.due_date), style="red" if late else ""),
            fmt.money(i.amount),
            fmt.money(i.open_amount),
        )
        invoices.add_row(*(cells[index] for index in keep))
    payments = Table(title=_("Recent payments"), expand=expand, header_style="bold", box=box)
    for header, justify in ((_("Reference"), "left"), (_("Date"), "left"), (_("Amount"), "right")):
        payments.add_column(header, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for p in d.recent_payments:
        payments.add_row(p.number, fmt.date(p.date), fmt.money(p.amount))
    return Group(info, Text(""), money, Text(""), invoices, payments)
