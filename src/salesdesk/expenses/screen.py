"""The Expenses room: the budget grid (category × month: actual, budget or remaining, coloured by how much
of the budget is used) with the year's totals and a chart of cumulative spend against cumulative budget;
the expense list with quick add, approve, reject and reimburse; the discount queue with approve, reject and
escalate; setting a budget."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.color import Color
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Header, Select, Static, TabbedContent, TabPane
from textual_plotext import PlotextPlot

from salesdesk.core.db import read_session
from salesdesk.core.errors import DataError
from salesdesk.core.i18n import N_, _
from salesdesk.expenses import queries, rules
from salesdesk.tui import meaning
from salesdesk.tui.room_screen import RoomScreen
from salesdesk.tui.widgets.form import FormField, FormScreen
from salesdesk.tui.widgets.paged_table import PagedTable, Row

ZERO = Decimal("0.00")
STATUS_MEANING = {
    rules.OK: meaning.GOOD,
    rules.WARNING: meaning.CAUTION,
    rules.OVER: meaning.BAD,
    rules.NO_BUDGET: meaning.CAUTION,
}
#: What the month cells of the grid show, in the order ``v`` cycles them.
VIEWS = {"actual": N_("actual"), "budget": N_("budget"), "remaining": N_("remaining")}
#: Actions that only make sense on one tab.
TAB_ACTIONS = {
    "tab-budget": ("cycle_view", "previous_year", "next_year"),
    "tab-expenses": ("reimburse",),
    "tab-discounts": ("escalate",),
}
#: Actions on the highlighted row of a list (not on the budget grid).
LIST_ACTIONS = ("approve", "reject")
WAITING = "pending,escalated"


class ExpensesScreen(RoomScreen):
    CSS_PATH = "expenses.tcss"
    BINDINGS = [
        Binding("r", "refresh", _("Refresh")),
        Binding("a", "add_expense", _("Add expense")),
        Binding("y", "approve", _("Approve")),
        Binding("n", "reject", _("Reject")),
        Binding("m", "reimburse", _("Reimbursed")),
        Binding("e", "escalate", _("Escalate")),
        Binding("d", "request_discount", _("Request discount")),
        Binding("b", "set_budget", _("Set budget")),
        Binding("v", "cycle_view", _("View")),
        Binding("right_square_bracket", "next_year", _("Next year"), show=False),
        Binding("left_square_bracket", "previous_year", _("Previous year"), show=False),
        Binding("t", "next_tab", _("Next tab")),
    ]

    def __init__(self, runtime) -> None:  # noqa: ANN001
        super().__init__(runtime)
        today = runtime.today()
        self.year, self.month = today.year, today.month
        self.view = "actual"
        self.grid: list[queries.GridRow] = []
        self.alert = rules.DEFAULT_ALERT_PCT
        self.policy = rules.DiscountPolicy()
        self.people: list[tuple[str, str]] = []
        self.categories: list[queries.CategoryRow] = []
        self.expense_status: str | None = None
        self.discount_status: str | None = WAITING
        #: Warnings of the last save (a "warn" budget, an override), shown when its form closes.
        self._warnings: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="exp-tabs"):
            with TabPane(_("Budget"), id="tab-budget"):
                yield Static(_("Loading…"), id="exp-summary")
                yield DataTable(id="exp-grid", cursor_type="row", zebra_stripes=True)
                yield PlotextPlot(id="exp-chart")
            with TabPane(_("Expenses"), id="tab-expenses"):
                with Horizontal(classes="exp-filters"):
                    yield Select(
                        [(rules.expense_label(s), s) for s in rules.EXPENSE_STATUSES],
                        prompt=_("Every status"),
                        compact=True,
                        id="exp-status",
                    )
                    yield Static("", id="exp-count")
                yield PagedTable(
                    [
                        (_("Number"), 9),
                        (_("Date"), 10),
                        (_("Salesperson"), 12),
                        (_("Category"), 22),
                        (_("Amount"), 13),
                        (_("Status"), 11),
                        (_("Description"), 30),
                    ],
                    self._fetch_expenses,
                    id="exp-list",
                )
            with TabPane(_("Discounts"), id="tab-discounts"):
                with Horizontal(classes="exp-filters"):
                    yield Select(
                        [
                            (_("Waiting"), WAITING),
                            *((rules.discount_label(s), s) for s in rules.DISCOUNT_STATUSES),
                        ],
                        value=WAITING,
                        prompt=_("Every status"),
                        compact=True,
                        id="disc-status",
                    )
                    yield Static("", id="disc-policy")
                yield PagedTable(
                    [
                        (_("Number"), 9),
                        (_("Date"), 10),
                        (_("Customer"), 24),
                        (_("Gross"), 13),
                        (_("Discount %"), 11),
                        (_("Cost"), 12),
                        (_("Salesperson"), 11),
                        (_("Status"), 10),
                        (_("Needs"), 14),
                        (_("Reason"), 30),
                    ],
                    self._fetch_discounts,
                    id="disc-list",
                )
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Expenses")
        grid = self.query_one("#exp-grid", DataTable)
        grid.add_column(_("Category"), key="category", width=22)
        for key, header in (
            ("status", _("Status")),
            ("used", _("Used %")),
            ("budget_ytd", _("Budget YTD")),
            ("actual_ytd", _("Actual YTD")),
            ("remaining", _("Remaining")),
            ("projection", _("Projection")),
        ):  # what decides first; the months follow (the table scrolls sideways on a narrow terminal)
            grid.add_column(header, key=key)
        for m in rules.MONTHS:
            grid.add_column(f"{m:02d}", key=f"m{m}")
        grid.focus()
        self.action_refresh()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in LIST_ACTIONS:
            tabs = self.query(TabbedContent)
            return not tabs or tabs.first().active != "tab-budget"
        for tab, actions in TAB_ACTIONS.items():
            if action in actions:
                tabs = self.query(TabbedContent)
                return not tabs or tabs.first().active == tab
        return True

    @on(TabbedContent.TabActivated)
    def _tab_shown(self) -> None:
        self.refresh_bindings()
        active = self.query_one(TabbedContent).active
        if active == "tab-expenses":
            self.query_one("#exp-list", PagedTable).table.focus()
        elif active == "tab-discounts":
            self.query_one("#disc-list", PagedTable).table.focus()

    def reload_on_resume(self) -> None:
        self.action_refresh()

    def refresh_data(self) -> None:
        self.action_refresh()

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(
            _("Expenses: refresh"), _("Read budgets, expenses and discounts again"), self.action_refresh
        )
        yield SystemCommand(
            _("Expenses: add an expense…"), _("Checked against its budgets"), self.action_add_expense
        )
        yield SystemCommand(
            _("Expenses: set a budget…"), _("A month, or a year phased by month"), self.action_set_budget
        )
        yield SystemCommand(
            _("Expenses: request a discount…"),
            _("Granted, waiting or escalated by the policy"),
            self.action_request_discount,
        )
        yield SystemCommand(_("Expenses: approve the selected expense or discount…"), "", self.action_approve)
        yield SystemCommand(_("Expenses: reject the selected expense or discount…"), "", self.action_reject)
        yield SystemCommand(_("Expenses: mark the selected expense reimbursed"), "", self.action_reimburse)
        yield SystemCommand(
            _("Expenses: escalate the selected discount to the director…"), "", self.action_escalate
        )

    def room_help(self) -> Text:
        p = self.policy
        lines = [
            _("How the Expenses room judges spending"),
            "",
            _("Spent = every expense that is not rejected (submitted, approved and reimbursed all count)."),
            _(
                "Annual budget = the sum of its months; accumulated monthly = January through the "
                "expense's month."
            ),
            _(
                "Over a budget, the category's action decides: stop refuses the expense (unless you "
                "give an override reason, recorded), warn lets it through with a warning, ignore says "
                "nothing. When the team's and the salesperson's budgets both cover it, the strictest "
                "wins. Exactly at the budget is within it."
            ),
            _("Status: warning from {alert} % of the budget to date, over above it.").format(
                alert=self.alert
            ),
            _("Projection = spent to date ÷ days elapsed × days in the year."),
            _(
                "Discounts: a salesperson grants up to {sp} %, the manager up to {mgr} %, above that the "
                "director; a product's maximum discount always holds. Approved discounts spend the discounts "
                "budget."
            ).format(sp=self.fmt.number(p.salesperson_pct), mgr=self.fmt.number(p.manager_pct)),
            _("Grid: v shows actual, budget or remaining in the month cells."),
            _("Change the levels with `salesdesk config rule KEY VALUE` (see `salesdesk config show`)."),
        ]
        return Text("\n".join(lines))

    # ------------------------------------------------------------------ reading

    def action_refresh(self) -> None:
        year, today = self.year, self.runtime.today()

        def load(session):  # noqa: ANN001, ANN202
            from sqlmodel import col, select

            from salesdesk.org.models import Salesperson

            grid = queries.budget_grid(session=session, year=year)
            people = session.exec(
                select(Salesperson.code, Salesperson.name)
                .where(Salesperson.status != "left")
                .order_by(col(Salesperson.code))
            ).all()
            cats = queries.list_categories(session=session)
            return grid, list(people), cats, queries.alert_pct(session), queries.policy(session), today, year

        self.read(load, self._show, group="expenses")
        for table in self.query(PagedTable):
            table.refresh_page()

    def _show(self, loaded) -> None:  # noqa: ANN001
        self.grid, self.people, self.categories, self.alert, self.policy, today, year = loaded
        # the year shown: through today's month this year, the whole year before or after it
        self.year = year
        self.month = today.month if year == today.year else (12 if year < today.year else 1)
        self.sub_title = _("{year}, as of {date}").format(year=self.year, date=self.fmt.date(today))
        self._draw_grid()
        self._draw_chart()
        p = self.policy
        self.query_one("#disc-policy", Static).update(
            _("Salesperson up to {sp} %, manager up to {mgr} %, above: director.").format(
                sp=self.fmt.number(p.salesperson_pct), mgr=self.fmt.number(p.manager_pct)
            )
        )

    def _statuses(self) -> list[tuple[queries.GridRow, rules.Status]]:
        today = self.runtime.today()
        return [
            (g, rules.status_row(g.budget, g.spent, self.year, self.month, today, self.alert))
            for g in self.grid
            if g.active or g.budget is not None or any(g.spent)
        ]

    def _draw_grid(self) -> None:
        colours = meaning.styles(self.app)
        fmt = self.fmt
        table = self.query_one("#exp-grid", DataTable)
        keep = table.cursor_row
        table.clear()
        rows = self._statuses()
        for g, st in rows:
            table.add_row(*self._cells(g, st, colours), key=g.code)
        if rows:
            total_budget = [sum(((g.budget or [ZERO] * 12)[i] for g, _s in rows), ZERO) for i in range(12)]
            total_spent = [sum((g.spent[i] for g, _s in rows), ZERO) for i in range(12)]
            any_budget = any(g.budget is not None for g, _s in rows)
            total = queries.GridRow("", _("Total"), True, total_budget if any_budget else None, total_spent)
            st = rules.total_of([s for _g, s in rows], self.alert)  # adds up as the CLI's total
            table.add_row(
                *(
                    Text(c.plain, style=f"bold {c.style}", justify=c.justify) if isinstance(c, Text) else c
                    for c in self._cells(total, st, colours)
                ),
                key="__total__",
            )
            table.move_cursor(row=min(keep, table.row_count - 1))
            alerts = [g.label for g, s in rows if s.status in (rules.WARNING, rules.OVER, rules.NO_BUDGET)]
            summary = Text()
            summary.append(
                _(
                    "Year to date: budget {budget}, spent {spent}, {used}; year budget {year}, "
                    "projection {projection}, burn rate {burn} a month."
                ).format(
                    budget=fmt.money(st.budget_ytd),
                    spent=fmt.money(st.actual_ytd),
                    used=(fmt.number(st.used_pct, 1) + " %") if st.used_pct is not None else "—",
                    year=fmt.money(st.budget_year),
                    projection=fmt.money(st.projection),
                    burn=fmt.money(st.burn_rate),
                )
            )
            if alerts:
                summary.append(
                    "  " + _("Alerts: {names}").format(names=", ".join(alerts)),
                    style=colours[meaning.CAUTION],
                )
            summary.append("  " + _("Month cells: {view}").format(view=_(VIEWS[self.view])), style="dim")
            self.query_one("#exp-summary", Static).update(summary)

    def _cells(self, g: queries.GridRow, st: rules.Status, colours: dict[str, str]) -> list:
        fmt = self.fmt
        budget = g.budget or [ZERO] * 12
        style = colours[STATUS_MEANING[st.status]]
        cells: list = [
            g.label,
            Text(_(rules.STATUS_LABELS[st.status]), style=style),
            Text(
                fmt.number(st.used_pct, 1) if st.used_pct is not None else "—", style=style, justify="right"
            ),
            Text(fmt.money(st.budget_ytd), justify="right")
            if g.budget is not None
            else Text("—", style="dim"),
            Text(fmt.money(st.actual_ytd), justify="right"),
            Text(fmt.money(st.remaining_year), justify="right")
            if g.budget is not None
            else Text("—", style="dim"),
            Text(fmt.money(st.projection), justify="right"),
        ]
        cum_b = cum_a = ZERO
        for i in range(12):
            cum_b += budget[i]
            cum_a += g.spent[i]
            if self.view == "budget":
                value = budget[i]
            elif self.view == "remaining":
                value = budget[i] - g.spent[i]
            else:
                value = g.spent[i]
            if not (g.spent[i] or budget[i]):
                cells.append(Text("·", style="dim", justify="right"))
                continue
            state = rules.status_for(cum_a, cum_b if g.budget is not None else None, self.alert)
            cells.append(Text(fmt.number(value, 2), style=colours[STATUS_MEANING[state]], justify="right"))
        return cells

    def _draw_chart(self) -> None:
        colours = meaning.styles(self.app)
        plot = self.query_one("#exp-chart", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        months = queries.cumulative(self.grid)
        shown = self.month if self.year == self.runtime.today().year else 12
        x = list(rules.MONTHS)
        plt.plot(
            x,
            [float(cb) for _m, _b, _a, cb, _ca in months],
            label=_("cumulative budget"),
            color=_rgb(colours[meaning.NEUTRAL]),
        )
        plt.plot(
            x[:shown],
            [float(ca) for _m, _b, _a, _cb, ca in months][:shown],
            label=_("cumulative spend"),
            color=_rgb(
                colours[meaning.BAD] if months[shown - 1][4] > months[shown - 1][3] else colours[meaning.GOOD]
            ),
        )
        plt.title(_("Cumulative spend against cumulative budget, {year}").format(year=self.year))
        plt.xticks(x, [f"{m:02d}" for m in x])
        top = max((max(cb, ca) for _m, _b, _a, cb, ca in months), default=ZERO)
        if top > 0:  # the amounts in the locale's numbers, not plotext's floats
            ticks = [top * i / 4 for i in range(5)]
            plt.yticks([float(t) for t in ticks], [self.fmt.number(t.quantize(Decimal(1)), 0) for t in ticks])
        plot.refresh()

    def action_next_year(self) -> None:
        self._year(+1)

    def action_previous_year(self) -> None:
        self._year(-1)

    def _year(self, step: int) -> None:
        if 1900 <= self.year + step <= 2999:
            self.year += step
            self.action_refresh()

    def action_next_tab(self) -> None:
        tabs = self.query_one(TabbedContent)
        order = ["tab-budget", "tab-expenses", "tab-discounts"]
        tabs.active = order[(order.index(tabs.active) + 1) % len(order)]

    def action_cycle_view(self) -> None:
        keys = list(VIEWS)
        self.view = keys[(keys.index(self.view) + 1) % len(keys)]
        self._draw_grid()

    # ------------------------------------------------------------------ lists

    def _fetch_expenses(self, offset: int, limit: int) -> tuple[list[Row], int]:
        """Runs on the paged table's worker thread."""
        status = self.expense_status
        with read_session(self.runtime.engine) as session:
            total, amount, spent = queries.count_expenses(session=session, status=status)
            rows = queries.list_expenses(session=session, status=status, limit=limit, offset=offset)
        fmt = self.fmt
        self.app.call_from_thread(
            self.query_one("#exp-count", Static).update,
            _("{n} expenses, {amount}; spent (not rejected) {spent}").format(
                n=fmt.number(total), amount=fmt.money(amount), spent=fmt.money(spent)
            ),
        )
        return [
            (
                r.number,
                [
                    r.number,
                    fmt.date(r.date),
                    r.salesperson,
                    r.category_name,
                    Text(fmt.money(r.amount), justify="right"),
                    rules.expense_label(r.status),
                    r.description,
                ],
            )
            for r in rows
        ], total

    def _fetch_discounts(self, offset: int, limit: int) -> tuple[list[Row], int]:
        status = self.discount_status
        with read_session(self.runtime.engine) as session:
            total = queries.count_discounts(session=session, status=status)
            rows = queries.list_discounts(session=session, status=status, limit=limit, offset=offset)
            p = queries.policy(session)
        fmt = self.fmt
        out = []
        for r in rows:
            needs = r.level or rules.discount_level(r.discount_pct, p)
            if needs == "salesperson" and r.status == "pending":
                needs = "manager"  # within the salesperson's level, held by the discount budget
            out.append(
                (
                    r.number,
                    [
                        r.number,
                        fmt.date(r.date),
                        f"{r.customer} {r.customer_name}"[:24],
                        Text(fmt.money(r.gross), justify="right"),
                        Text(fmt.number(r.discount_pct, 2), justify="right"),
                        Text(fmt.money(rules.cents(r.cost)), justify="right"),
                        r.salesperson,
                        rules.discount_label(r.status),
                        _(rules.LEVEL_LABELS[needs]),
                        r.reason,
                    ],
                )
            )
        return out, total

    @on(Select.Changed, "#exp-status")
    def _expense_filter(self, event: Select.Changed) -> None:
        self.expense_status = event.value if isinstance(event.value, str) else None  # blank: every status
        self.query_one("#exp-list", PagedTable).reload()

    @on(Select.Changed, "#disc-status")
    def _discount_filter(self, event: Select.Changed) -> None:
        self.discount_status = event.value if isinstance(event.value, str) else None  # blank: every status
        self.query_one("#disc-list", PagedTable).reload()

    @on(PagedTable.Failed)
    def _failed(self, event: PagedTable.Failed) -> None:
        self.notify(str(event.error), title=_("Error"), severity="error")

    # ------------------------------------------------------------------ writing

    def _active_tab(self) -> str:
        return self.query_one(TabbedContent).active

    def _selected(self, table_id: str) -> str | None:
        key = self.query_one(table_id, PagedTable).current_key()
        if key is None:
            self.notify(_("Nothing selected."), severity="warning")
        return key

    def _done(self, message: str | None) -> None:
        if message:
            self.notify(message)
            for line in self._warnings:
                self.notify(line, title=_("Budget"), severity="warning", timeout=10)
            self._warnings = []
            self.action_refresh()

    def _people_choices(self, blank: str | None = None) -> tuple[tuple[str, str], ...]:
        people = tuple((f"{code} {name}", code) for code, name in self.people)
        return (((blank, ""),) + people) if blank is not None else people

    def action_add_expense(self) -> None:
        rt = self.runtime
        if not self.people:
            self.notify(_("Add a salesperson first."), severity="warning")
            return
        cats = tuple((c.name, c.code) for c in self.categories if c.active and c.code != rules.DISCOUNTS)
        fields = [
            FormField("date", _("Date"), rt.today().isoformat(), "YYYY-MM-DD"),
            FormField("salesperson", _("Salesperson"), self.people[0][0], choices=self._people_choices()),
            FormField("category", _("Category"), cats[0][1] if cats else "", choices=cats),
            FormField(
                "amount",
                _("Amount"),
                "",
                self.fmt.number(Decimal("123.45"), 2),
                check=lambda v: _amount(v, rt.locale),
            ),
            FormField("description", _("Description"), ""),
            FormField("receipt", _("Receipt"), ""),
            FormField("override_reason", _("Override reason"), "", _("only if a stop budget refuses it")),
        ]

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session
            from salesdesk.org.rules import clean_date

            with write_session(rt.engine) as session:
                row, warnings = queries.add_expense(
                    session=session,
                    day=clean_date(values["date"], "date", required=True),
                    salesperson_code=values["salesperson"],
                    category_code=values["category"],
                    amount=_amount(values["amount"], rt.locale),
                    description=values["description"],
                    receipt=values["receipt"],
                    override_reason=values["override_reason"],
                    money=rt.fmt.money,
                    now=rt.now(),
                )
            self._warnings = warnings
            return _("Expense {number} recorded: {amount}.").format(
                number=row.number, amount=rt.fmt.money(row.amount)
            )

        self.app.push_screen(FormScreen(_("New expense"), fields, save), self._done)

    def action_approve(self) -> None:
        if self._active_tab() == "tab-discounts":
            self._decide_discount("approved")
        else:
            self._decide_expense("approved")

    def action_reject(self) -> None:
        if self._active_tab() == "tab-discounts":
            self._decide_discount("rejected")
        else:
            self._decide_expense("rejected")

    def action_reimburse(self) -> None:
        self._decide_expense("reimbursed")

    def action_escalate(self) -> None:
        self._decide_discount("escalated")

    def _decide_expense(self, status: str) -> None:
        if self._active_tab() != "tab-expenses":
            self.notify(
                _("Choose an expense on the Expenses tab, or a request on the Discounts tab."),
                severity="warning",
            )
            return
        number = self._selected("#exp-list")
        if number is None:
            return
        rt = self.runtime
        titles = {
            "approved": _("Approve expense {number}"),
            "rejected": _("Reject expense {number}"),
            "reimbursed": _("Expense {number} reimbursed"),
        }

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session

            with write_session(rt.engine) as session:
                row = queries.set_expense_status(
                    session=session,
                    ref=number,
                    status=status,
                    note=values["note"],
                    today=rt.today(),
                    now=rt.now(),
                )
            return _("Expense {number}: {status}.").format(
                number=row.number, status=rules.expense_label(row.status)
            )

        fields = [FormField("note", _("Note"), "", _("optional"))]
        self.app.push_screen(FormScreen(titles[status].format(number=number), fields, save), self._done)

    def _decide_discount(self, status: str) -> None:
        number = self._selected("#disc-list")
        if number is None:
            return
        rt = self.runtime
        titles = {
            "approved": _("Approve discount request {number}"),
            "rejected": _("Reject discount request {number}"),
            "escalated": _("Escalate discount request {number} to the director"),
        }
        fields = [FormField("note", _("Note"), "", _("optional"))]
        if status == "approved":
            fields.insert(0, FormField("cost", _("Cost"), self._cost_text(number), disabled=True))
            fields.append(
                FormField("override_reason", _("Override reason"), "", _("only if a stop budget refuses it"))
            )

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session

            try:
                with write_session(rt.engine) as session:
                    row, warnings = queries.decide_discount(
                        session=session,
                        ref=number,
                        status=status,
                        note=values["note"],
                        override_reason=values.get("override_reason", ""),
                        money=rt.fmt.money,
                        today=rt.today(),
                        now=rt.now(),
                    )
            except DataError as exc:  # the budget check names the cost; the form's field is the reason
                if exc.field == "cost" and status == "approved":
                    raise DataError("override_reason", exc.value, exc.message) from None
                raise
            self._warnings = warnings
            return _("Discount request {number}: {status}.").format(
                number=row.number, status=rules.discount_label(row.status)
            )

        self.app.push_screen(FormScreen(titles[status].format(number=number), fields, save), self._done)

    def _cost_text(self, number: str) -> str:
        """A request's cost as its row shows it, and what the discount budget has left this year."""
        table = self.query_one("#disc-list", PagedTable).table
        cost = str(table.get_row(number)[5]) if number in table.rows else ""
        left = next(
            (st.remaining_year for g, st in self._statuses() if g.code == rules.DISCOUNTS and st.has_budget),
            None,
        )
        if left is None:
            return cost
        return _("{cost}; discount budget left in {year}: {left}").format(
            cost=cost, year=self.year, left=self.fmt.money(left)
        )

    def action_request_discount(self) -> None:
        rt = self.runtime
        fields = [
            FormField("date", _("Date"), rt.today().isoformat(), "YYYY-MM-DD"),
            FormField("customer", _("Customer"), "", _("code")),
            FormField("order", _("Order"), "", _("number (optional)")),
            FormField("product", _("Product"), "", _("code (optional)")),
            FormField(
                "gross",
                _("Gross amount"),
                "",
                self.fmt.number(Decimal("1234.56"), 2),
                check=lambda v: _amount(v, rt.locale),
            ),
            FormField(
                "pct",
                _("Discount %"),
                "",
                self.fmt.number(Decimal("7.5"), 1),
                check=lambda v: _percent(v, rt.locale),
            ),
            FormField(
                "salesperson",
                _("Requested by"),
                "",
                choices=self._people_choices(_("the customer's salesperson")),
            ),
            FormField("reason", _("Reason"), ""),
        ]

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session
            from salesdesk.org.rules import clean_date

            try:
                with write_session(rt.engine) as session:
                    row, warnings = queries.request_discount(
                        session=session,
                        day=clean_date(values["date"], "date", required=True),
                        customer_code=values["customer"],
                        gross=_amount(values["gross"], rt.locale, "gross"),
                        discount_pct=_percent(values["pct"], rt.locale),
                        salesperson_code=values["salesperson"] or None,
                        order_number=values["order"],
                        product_code=values["product"].strip() or None,
                        reason=values["reason"],
                        money=rt.fmt.money,
                        today=rt.today(),
                        now=rt.now(),
                    )
            except DataError as exc:  # the rule's field names, as the form's
                names = {"discount_pct": "pct", "cost": "pct"}
                raise DataError(names.get(exc.field, exc.field), exc.value, exc.message) from None
            self._warnings = warnings
            return _("Discount request {number}: {status}.").format(
                number=row.number, status=rules.discount_label(row.status)
            )

        self.app.push_screen(FormScreen(_("New discount request"), fields, save), self._done)

    def action_set_budget(self) -> None:
        rt = self.runtime
        cats = tuple((c.name, c.code) for c in self.categories if c.active)
        if not cats:
            return
        selected = self.query_one("#exp-grid", DataTable)
        current = cats[0][1]
        if selected.row_count and self._active_tab() == "tab-budget":
            key = selected.coordinate_to_cell_key((selected.cursor_row, 0)).row_key.value
            if key in {c for _n, c in cats}:
                current = str(key)
        # the actions start at "as they are": the category may be changed in the form, and its actions
        # change only when one is picked
        actions = ((_("as they are"), ""), *((_(rules.ACTION_LABELS[a]), a) for a in rules.ACTIONS))
        months = ((_("the whole year, equal months"), ""), *((f"{m:02d}", str(m)) for m in rules.MONTHS))
        fields = [
            FormField("year", _("Year"), str(self.year), check=lambda v: queries.check_year(_int(v, "year"))),
            FormField("category", _("Category"), current, choices=cats),
            FormField("month", _("Month"), "", choices=months),
            FormField("salesperson", _("Salesperson"), "", choices=self._people_choices(_("the team"))),
            FormField(
                "amount",
                _("Amount"),
                "",
                self.fmt.number(Decimal(12000), 2),
                check=lambda v: _amount(v, rt.locale),
            ),
            FormField("annual_action", _("Annual action"), "", choices=actions),
            FormField("monthly_action", _("Monthly action"), "", choices=actions),
        ]

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session

            with write_session(rt.engine) as session:
                b = queries.set_budget(
                    session=session,
                    year=queries.check_year(_int(values["year"], "year")),
                    category_code=values["category"],
                    amount=_amount(values["amount"], rt.locale),
                    month=int(values["month"]) if values["month"] else None,
                    salesperson_code=values["salesperson"] or None,
                    annual_action=values["annual_action"] or None,
                    monthly_action=values["monthly_action"] or None,
                    now=rt.now(),
                )
            return _("Budget {year} {category}: {annual} a year.").format(
                year=b.year, category=b.category_name, annual=rt.fmt.money(b.annual)
            )

        self.app.push_screen(FormScreen(_("Set a budget"), fields, save), self._done)


def _amount(text: str, locale: str, field: str = "amount") -> Decimal:
    from salesdesk.core.money import parse_amount

    return parse_amount(text, locale, field=field, allow_negative=False)


def _percent(text: str, locale: str) -> Decimal:
    from salesdesk.core.money import parse_percent

    return parse_percent(text, locale, field="pct")


def _int(text: str, field: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise DataError(field, text, _("must be a whole number")) from None


def _rgb(colour: str) -> tuple[int, int, int]:
    """A theme colour as the (r, g, b) plotext takes."""
    c = Color.parse(colour)
    return (c.r, c.g, c.b)
