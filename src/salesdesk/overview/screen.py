"""The desk (home screen): sales against last year, receivables and overdue, open orders, who owes most."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.widgets import Footer, Header, Static

from salesdesk.core.i18n import _
from salesdesk.core.money import format_number
from salesdesk.overview import queries
from salesdesk.tui import meaning
from salesdesk.tui.room_screen import RoomScreen


def _change(now: Decimal, before: Decimal, locale: str, colours: dict[str, str]) -> Text:
    if not before:
        return Text("")
    pct = (now - before) / abs(before) * 100
    style = colours[meaning.GOOD] if pct >= 0 else colours[meaning.BAD]
    shown = ("+" if pct >= 0 else "") + format_number(pct, locale, digits=1)
    return Text(_("{pct}% vs last year").format(pct=shown), style=style)


class HomeScreen(RoomScreen):
    BINDINGS = [Binding("r", "refresh", _("Refresh"))]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="home"):
            with Grid(id="tiles"):
                for tile in ("month", "ytd", "receivables", "overdue", "orders", "people"):
                    yield Static(_("Loading…"), id=f"tile-{tile}", classes="tile")
            yield Static("", id="top-overdue")
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Desk")
        self.action_refresh()

    def reload_on_resume(self) -> None:
        self.action_refresh()

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(_("Desk: refresh"), _("Read the desk summary again"), self.action_refresh)

    def refresh_data(self) -> None:
        """Read the summary again (after an import)."""
        self.action_refresh()

    def action_refresh(self) -> None:
        today = self.runtime.today()

        def after_ledger(_count: int) -> None:
            self.read(lambda s: queries.desk_summary(session=s, today=today), self._show, group="summary")

        from salesdesk.credit import ledger

        # the receivables ledger first (customers whose documents changed), so the summary reads it
        self._run(ledger.refresh, after_ledger, True, "ledger")

    def _tile(self, tile: str, title: str, value: str, note: Text | str = "") -> None:
        body = Text.assemble((title + "\n", "bold"), (value + "\n", "bold"), note)
        self.query_one(f"#tile-{tile}", Static).update(body)

    def _show(self, s: queries.DeskSummary) -> None:
        fmt = self.fmt
        self.sub_title = _("Today: {date}").format(date=fmt.date(s.today))
        self._tile(
            "month",
            _("Sales this month"),
            fmt.money(s.sales_month),
            _change(s.sales_month, s.sales_month_last_year, self.runtime.locale, meaning.styles(self.app)),
        )
        self._tile(
            "ytd",
            _("Sales this year"),
            fmt.money(s.sales_ytd),
            _change(s.sales_ytd, s.sales_ytd_last_year, self.runtime.locale, meaning.styles(self.app)),
        )
        self._tile(
            "receivables",
            _("Receivables"),
            fmt.money(s.receivables),
            _("customer credit {amount}").format(amount=fmt.money(s.customer_credit))
            if s.customer_credit
            else "",
        )
        pct = (s.overdue / s.receivables * 100) if s.receivables else Decimal(0)
        self._tile(
            "overdue",
            _("Overdue"),
            fmt.money(s.overdue),
            Text(
                _("{pct}% of receivables").format(pct=format_number(pct, self.runtime.locale, digits=1)),
                style=meaning.styles(self.app)[meaning.BAD] if s.overdue else "",
            ),
        )
        self._tile(
            "orders",
            _("Open orders"),
            fmt.money(s.open_orders_amount),
            _("{n} orders").format(n=s.open_orders),
        )
        self._tile(
            "people",
            _("Customers"),
            str(s.customers),
            _("{n} active salespeople").format(n=s.active_salespeople),
        )
        table = Table(title=_("Largest overdue balances"), expand=True, header_style="bold")
        table.add_column(_("Code"))
        table.add_column(_("Customer"))
        table.add_column(_("Overdue"), justify="right")
        for row in s.top_overdue:
            table.add_row(row.code, row.name, fmt.money(row.overdue))
        if not s.top_overdue:
            table.add_row("", _("Nobody is overdue."), "")
        self.query_one("#top-overdue", Static).update(table)
