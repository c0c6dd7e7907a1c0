"""The Visits room: the week's agenda (people × days, `[`/`]` another week), customers due for a visit
(never visited first; `p` plans one), the visit list (done, cancelled, missed), the manager's own
key-account visits, and compliance with the visit policy per salesperson."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from babel.dates import format_date
from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane

from salesdesk.core.db import read_session
from salesdesk.core.errors import DataError
from salesdesk.core.i18n import _
from salesdesk.relations import queries, rules
from salesdesk.tui import meaning
from salesdesk.tui.room_screen import RoomScreen
from salesdesk.tui.widgets.form import FormField, FormScreen
from salesdesk.tui.widgets.paged_table import PagedTable, Row

#: Rows of the due list shown (the CLI lists every one).
DUE_SHOWN = 300
TAB_ACTIONS = {
    "tab-agenda": ("previous_week", "next_week"),
    "tab-due": ("plan_due",),
    "tab-visits": ("done", "cancel", "missed"),
    "tab-manager": ("done", "cancel", "missed"),
}
TABS = ["tab-agenda", "tab-due", "tab-visits", "tab-manager", "tab-compliance"]


class VisitsScreen(RoomScreen):
    CSS_PATH = "relations.tcss"
    BINDINGS = [
        Binding("r", "refresh", _("Refresh")),
        Binding("t", "next_tab", _("Next tab")),
        Binding("n", "plan", _("Plan visit")),
        Binding("p", "plan_due", _("Plan for this customer")),
        Binding("d", "done", _("Done")),
        Binding("c", "cancel", _("Cancel visit")),
        Binding("x", "missed", _("Missed")),
        Binding("escape", "clear_customer", _("All customers"), show=False),
        Binding("right_square_bracket", "next_week", _("Next week"), show=False),
        Binding("left_square_bracket", "previous_week", _("Previous week"), show=False),
    ]

    def __init__(self, runtime) -> None:  # noqa: ANN001
        super().__init__(runtime)
        today = runtime.today()
        self.monday = today - timedelta(days=today.weekday())
        #: A customer chosen in the Customers room: the lists show only its visits.
        self.customer: str | None = None
        self.due_rows: list[rules.DueCustomer] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="vis-tabs"):
            with TabPane(_("Agenda"), id="tab-agenda"):
                yield Static("", id="vis-week")
                yield DataTable(id="vis-agenda", cursor_type="cell", zebra_stripes=True)
            with TabPane(_("To visit"), id="tab-due"):
                yield Static("", id="vis-due-head")
                yield DataTable(id="vis-due", cursor_type="row", zebra_stripes=True)
            with TabPane(_("Visits"), id="tab-visits"):
                yield Static("", id="vis-list-head")
                yield PagedTable(self._columns(), self._fetch(None), id="vis-list")
            with TabPane(_("Manager"), id="tab-manager"):
                yield Static(_("The manager's own visits (key accounts)."), classes="vis-caption")
                yield PagedTable(self._columns(), self._fetch(queries.MANAGER), id="vis-manager")
            with TabPane(_("Compliance"), id="tab-compliance"):
                yield Static("", id="vis-compliance-head")
                yield DataTable(id="vis-compliance", cursor_type="row", zebra_stripes=True)
        yield Footer()

    @staticmethod
    def _columns() -> list[tuple[str, int | None]]:
        return [
            (_("No."), 6),
            (_("Date"), 10),
            (_("Time"), 5),
            (_("Customer"), 28),
            (_("Who"), 8),
            (_("Purpose"), 20),
            (_("Status"), 10),
            (_("Outcome"), 36),
        ]

    def on_mount(self) -> None:
        self.title = _("Visits")
        due = self.query_one("#vis-due", DataTable)
        for header in (
            _("Customer"),
            _("Name"),
            _("Tier"),
            _("Salesperson"),
            _("Every (days)"),
            _("Last visit"),
            _("Days overdue"),
        ):
            due.add_column(header)
        comp = self.query_one("#vis-compliance", DataTable)
        for header in (
            _("Salesperson"),
            _("Name"),
            _("Required"),
            _("Done on time"),
            _("Compliance %"),
            _("Customers due"),
        ):
            comp.add_column(header)
        self._take_customer()
        self.action_refresh()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        wanted = [tab for tab, actions in TAB_ACTIONS.items() if action in actions]
        if wanted:
            tabs = self.query(TabbedContent)
            return not tabs or tabs.first().active in wanted
        return True

    @on(TabbedContent.TabActivated)
    def _tab_shown(self) -> None:
        self.refresh_bindings()

    def reload_on_resume(self) -> None:
        self._take_customer()
        self.action_refresh()

    def refresh_data(self) -> None:
        self.action_refresh()

    def _take_customer(self) -> None:
        """A customer handed over by the Customers room (``v`` there): show its visits."""
        code = getattr(self.app, "visits_customer", None)
        if code:
            self.app.visits_customer = None
            self.customer = code
            self.query_one(TabbedContent).active = "tab-visits"

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(_("Visits: refresh"), _("Read visits again"), self.action_refresh)
        yield SystemCommand(_("Visits: plan a visit…"), _("Customer, day, time, who"), self.action_plan)
        yield SystemCommand(_("Visits: plan a visit to the customer due…"), "", self.action_plan_due)
        yield SystemCommand(_("Visits: mark the highlighted visit done…"), "", self.action_done)
        yield SystemCommand(_("Visits: cancel the highlighted visit"), "", self.action_cancel)
        yield SystemCommand(_("Visits: record the highlighted visit missed"), "", self.action_missed)
        yield SystemCommand(_("Visits: next week"), "", self.action_next_week)
        yield SystemCommand(_("Visits: previous week"), "", self.action_previous_week)

    def room_help(self) -> Text:
        return Text(
            "\n".join(
                [
                    _("How the Visits room judges the visit policy"),
                    "",
                    _(
                        "A customer is visited every {a} days (tier A), {b} (B) or {c} (C), or as often "
                        "as its own frequency says (salesdesk visit frequency)."
                    ).format(**self._policy),
                    _(
                        "Due: the days since its last done visit (by anyone) exceed its frequency; "
                        "never visited customers first, then tier, then days overdue."
                    ),
                    _(
                        "Compliance: the period cut into windows of each customer's frequency; "
                        "required = the windows, done on time = the windows with a done visit."
                    ),
                    _("Planning warns when the same person already has a visit at that time."),
                ]
            )
        )

    @property
    def _policy(self) -> dict[str, int]:
        p = getattr(self, "_frequencies", rules.DEFAULT_FREQUENCY)
        return {"a": p["A"], "b": p["B"], "c": p["C"]}

    # ------------------------------------------------------------------ reading

    def action_refresh(self) -> None:
        today, monday = self.runtime.today(), self.monday

        def load(session):  # noqa: ANN001, ANN202
            week = queries.agenda(session=session, monday=monday)
            due = queries.due(session=session, today=today)
            comp = queries.compliance(session=session, start=today - timedelta(days=89), end=today)
            return week, due, comp, queries.frequency_policy(session), today

        self.read(load, self._show, group="visits")
        self._list_head()
        for table in self.query(PagedTable):
            table.reload()

    def _show(self, loaded) -> None:  # noqa: ANN001
        week, self.due_rows, comp, self._frequencies, today = loaded
        fmt = self.fmt
        self.sub_title = _("as of {date}").format(date=fmt.date(today))
        colours = meaning.styles(self.app)
        days = [self.monday + timedelta(days=i) for i in range(7)]
        table = self.query_one("#vis-agenda", DataTable)
        table.clear(columns=True)
        table.add_column(_("Who"), key="who", width=9)
        for d in days:
            # wide enough for "10:00 C0013 ✓" on one line
            table.add_column(
                format_date(d, "EEE d MMM", locale=self.runtime.locale), key=d.isoformat(), width=13
            )
        for who in sorted(week):
            cells: list = [who]
            for d in days:
                visits = week[who].get(d, [])
                clash = any(
                    rules.overlaps(a.time, a.duration, b.time, b.duration)
                    for i, a in enumerate(visits)
                    for b in visits[i + 1 :]
                    if a.status == b.status == "planned"
                )
                text = "\n".join(
                    f"{v.time or '··:··'} {v.customer}" + (" ✓" if v.status == "done" else "") for v in visits
                )
                cells.append(Text(text, style=colours[meaning.BAD] if clash else ""))
            table.add_row(*cells, height=max(1, max((len(week[who].get(d, [])) for d in days), default=1)))
        self.query_one("#vis-week", Static).update(
            _("Week of {monday}: {n} visits ({clash}).").format(
                monday=fmt.date(self.monday),
                n=sum(len(v) for w in week.values() for v in w.values()),
                clash=_("a double booking is shown in red"),
            )
        )
        due = self.query_one("#vis-due", DataTable)
        due.clear()
        for r in self.due_rows[:DUE_SHOWN]:
            due.add_row(
                r.code,
                r.name[:32],
                r.tier,
                r.salesperson or "",
                str(r.frequency),
                fmt.date(r.last_visit) if r.last_visit else Text(_("never"), style=colours[meaning.BAD]),
                Text(str(r.days_overdue) if r.days_overdue is not None else "—", justify="right"),
                key=r.code,
            )
        self.query_one("#vis-due-head", Static).update(
            _(
                "{n} customers due for a visit (first {shown}); p plans a visit to the highlighted one."
            ).format(n=fmt.number(len(self.due_rows)), shown=min(DUE_SHOWN, len(self.due_rows)))
        )
        ctable = self.query_one("#vis-compliance", DataTable)
        ctable.clear()
        for r in comp:
            pct = r.compliance_pct
            style = colours[meaning.GOOD] if pct is not None and pct >= 80 else colours[meaning.CAUTION]
            ctable.add_row(
                r.salesperson,
                r.name,
                str(r.required),
                str(r.done_on_time),
                Text(fmt.number(pct, 1) if pct is not None else "—", style=style, justify="right"),
                str(r.overdue_customers),
            )
        self.query_one("#vis-compliance-head", Static).update(
            _("Compliance over the last 90 days, to {date}.").format(date=fmt.date(today))
        )

    def _list_head(self) -> None:
        text = (
            _("Visits of {customer} (Esc: every customer).").format(customer=self.customer)
            if self.customer
            else _("Every visit, the latest first; d done, c cancel, x missed.")
        )
        self.query_one("#vis-list-head", Static).update(text)

    def _fetch(self, who: str | None):  # noqa: ANN202
        def fetch(offset: int, limit: int) -> tuple[list[Row], int]:
            customer = self.customer if who is None else None
            with read_session(self.runtime.engine) as session:
                total = queries.count_visits(session=session, who=who, customer=customer)
                rows = queries.list_visits(
                    session=session, who=who, customer=customer, limit=limit, offset=offset, newest_first=True
                )
            fmt = self.fmt
            return [
                (
                    str(r.id),
                    [
                        str(r.id),
                        fmt.date(r.date),
                        r.time,
                        f"{r.customer} {r.name}"[:28],
                        r.who,
                        rules.word(rules.PURPOSE_LABELS, r.purpose),
                        rules.word(rules.VISIT_LABELS, r.status),
                        r.outcome,
                    ],
                )
                for r in rows
            ], total

        return fetch

    @on(PagedTable.Failed)
    def _failed(self, event: PagedTable.Failed) -> None:
        self.notify(str(event.error), title=_("Error"), severity="error")

    def action_next_tab(self) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = TABS[(TABS.index(tabs.active) + 1) % len(TABS)]

    def action_next_week(self) -> None:
        self.monday += timedelta(days=7)
        self.action_refresh()

    def action_previous_week(self) -> None:
        self.monday -= timedelta(days=7)
        self.action_refresh()

    def action_clear_customer(self) -> None:
        if self.customer:
            self.customer = None
            self._list_head()
            self.query_one("#vis-list", PagedTable).reload()

    # ------------------------------------------------------------------ writing

    def _done(self, message: str | None) -> None:
        if message:
            self.notify(message)
            for line in getattr(self, "_warnings", []):
                self.notify(line, title=_("Double booking"), severity="warning", timeout=10)
            self._warnings = []
            self.action_refresh()

    def action_plan(self, customer: str = "") -> None:
        rt = self.runtime
        purposes = tuple((rules.word(rules.PURPOSE_LABELS, p), p) for p in rules.PURPOSES)
        fields = [
            FormField("customer", _("Customer"), customer or (self.customer or ""), _("code")),
            FormField("date", _("Date"), (rt.today() + timedelta(days=1)).isoformat(), "YYYY-MM-DD"),
            FormField("time", _("Time"), "", "09:30", check=rules.check_time),
            FormField("duration", _("Minutes"), "60"),
            FormField("who", _("Who"), "", _("salesperson code, or manager (default the customer's)")),
            FormField("purpose", _("Purpose"), "routine", choices=purposes),
        ]

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session
            from salesdesk.org.rules import clean_date

            try:
                minutes = int(values["duration"].strip() or "60")
            except ValueError:
                raise DataError("duration", values["duration"], _("must be a whole number")) from None
            with write_session(rt.engine) as session:
                row, warnings = queries.plan_visit(
                    session=session,
                    customer=values["customer"],
                    day=clean_date(values["date"], "date"),
                    time=values["time"],
                    duration=minutes,
                    who=values["who"] or None,
                    purpose=values["purpose"],
                    now=rt.now(),
                )
            self._warnings = warnings
            return _("Visit {id} planned: {customer} on {date}.").format(
                id=row.id, customer=row.customer, date=rt.fmt.date(row.date)
            )

        self.app.push_screen(FormScreen(_("Plan a visit"), fields, save), self._done)

    def action_plan_due(self) -> None:
        table = self.query_one("#vis-due", DataTable)
        if not table.row_count:
            self.notify(_("Nobody is due for a visit."), severity="warning")
            return
        code = str(table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value)
        self.action_plan(code)

    def _selected_visit(self) -> str | None:
        tab = self.query_one(TabbedContent).active
        listing = self.query_one("#vis-manager" if tab == "tab-manager" else "#vis-list", PagedTable)
        key = listing.current_key()
        if key is None:
            self.notify(_("Nothing selected."), severity="warning")
        return key

    def action_done(self) -> None:
        ref = self._selected_visit()
        if ref is None:
            return
        rt = self.runtime
        fields = [
            FormField("date", _("Done on"), "", _("its planned date (or YYYY-MM-DD)")),
            FormField("outcome", _("Outcome"), ""),
            FormField("next_step", _("Next step"), ""),
            FormField("next", _("Next visit"), "", _("YYYY-MM-DD: plans it")),
        ]

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session
            from salesdesk.org.rules import clean_date

            clashes: list[str] = []
            with write_session(rt.engine) as session:
                row, following = queries.close_visit(
                    session=session,
                    ref=ref,
                    status="done",
                    day=clean_date(values["date"], "date", required=False),
                    outcome=values["outcome"],
                    next_step=values["next_step"],
                    next_visit=clean_date(values["next"], "next", required=False),
                    today=rt.today(),
                    warnings=clashes,
                    now=rt.now(),
                )
            text = _("Visit {id} done ({date}).").format(id=row.id, date=rt.fmt.date(row.date))
            if following is not None:
                text += " " + _("Next visit {id} planned on {date}.").format(
                    id=following.id, date=rt.fmt.date(following.date)
                )
            self._warnings = clashes
            return text

        self.app.push_screen(FormScreen(_("Visit {id} done").format(id=ref), fields, save), self._done)

    def _close(self, status: str) -> None:
        ref = self._selected_visit()
        if ref is None:
            return
        rt = self.runtime
        fields = [FormField("outcome", _("Why"), "", _("optional"))]

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session

            with write_session(rt.engine) as session:
                row, _next = queries.close_visit(
                    session=session, ref=ref, status=status, outcome=values["outcome"], now=rt.now()
                )
            return _("Visit {id}: {status}.").format(
                id=row.id, status=rules.word(rules.VISIT_LABELS, row.status)
            )

        title = _("Cancel visit {id}") if status == "cancelled" else _("Visit {id} missed")
        self.app.push_screen(FormScreen(title.format(id=ref), fields, save), self._done)

    def action_cancel(self) -> None:
        self._close("cancelled")

    def action_missed(self) -> None:
        self._close("missed")
