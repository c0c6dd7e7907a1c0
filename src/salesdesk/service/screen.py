"""The Service room: the board of service orders by status (paged from the database, late ones in red) with
the highlighted order's card, the calendar of scheduled work, the installed base with its due maintenance,
and the goals panel (on time, lead time, backlog per type; what needs action per department). Quick
actions: add, schedule, start, done (a delivery proposes its installation), cancel, generate the due
maintenance orders."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Select, Static, TabbedContent, TabPane

from salesdesk.core.db import read_session
from salesdesk.core.i18n import _
from salesdesk.service import queries, rules
from salesdesk.tui import meaning
from salesdesk.tui.room_screen import RoomScreen
from salesdesk.tui.widgets.form import FormField, FormScreen
from salesdesk.tui.widgets.paged_table import PagedTable, Row

TABS = ["tab-board", "tab-calendar", "tab-installed", "tab-goals"]
TAB_ACTIONS = {
    "tab-board": ("schedule", "start", "done", "cancel"),
    "tab-installed": ("maintenance",),
}
OPEN = "open_all"
#: Days of scheduled work the calendar shows.
CALENDAR_DAYS = 14
GOAL_DAYS = 90


def _choices(labels: dict, codes: tuple) -> tuple:
    return tuple((rules.word(labels, c), c) for c in codes)


class ServiceScreen(RoomScreen):
    CSS_PATH = "service.tcss"
    BINDINGS = [
        Binding("r", "refresh", _("Refresh")),
        Binding("t", "next_tab", _("Next tab")),
        Binding("a", "add", _("New order")),
        Binding("s", "schedule", _("Schedule")),
        Binding("b", "start", _("Start")),
        Binding("d", "done", _("Done")),
        Binding("x", "cancel", _("Cancel order")),
        Binding("m", "maintenance", _("Open due maintenance")),
    ]

    def __init__(self, runtime) -> None:  # noqa: ANN001
        super().__init__(runtime)
        self.status: str | None = OPEN
        self.kind: str | None = None
        self.selected: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="svc-tabs"):
            with TabPane(_("Board"), id="tab-board"):
                yield Static("", id="svc-counts", classes="svc-caption")
                with Horizontal(id="svc-filters"):
                    yield Select(
                        [(_("Open (open, scheduled, in progress)"), OPEN)]
                        + list(_choices(rules.STATUS_LABELS, rules.STATUSES)),
                        value=OPEN,
                        prompt=_("Every status"),
                        compact=True,
                        id="svc-status",
                    )
                    yield Select(
                        list(_choices(rules.TYPE_LABELS, rules.TYPES)),
                        prompt=_("Every type"),
                        compact=True,
                        id="svc-type",
                    )
                    yield Static("", id="svc-head")
                with Horizontal(id="svc-body"):
                    yield PagedTable(
                        [
                            (_("Number"), 9),
                            (_("Type"), 16),
                            (_("Customer"), 20),
                            (_("Status"), 11),
                            (_("Requested"), 10),
                            (_("Scheduled"), 10),
                            (_("Department"), 14),
                        ],
                        self._fetch,
                        id="svc-orders",
                    )
                    with VerticalScroll(id="svc-detail"):
                        yield Static(_("No service order selected."), id="svc-card")
            with TabPane(_("Calendar"), id="tab-calendar"), VerticalScroll():
                yield Static("", id="svc-calendar")
            with TabPane(_("Installed base"), id="tab-installed"):
                yield Static("", id="svc-inst-head", classes="svc-caption")
                yield PagedTable(
                    [
                        (_("Serial"), 12),
                        (_("Customer"), 20),
                        (_("Product"), 22),
                        (_("Installed"), 10),
                        (_("Warranty"), 16),
                        (_("Plan"), 12),
                        (_("Next due"), 10),
                        (_("Order"), 9),
                    ],
                    self._fetch_units,
                    id="svc-units",
                )
            with TabPane(_("Goals"), id="tab-goals"), VerticalScroll():
                yield Static("", id="svc-goals")
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Service")
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
        self.action_refresh()

    def refresh_data(self) -> None:
        self.action_refresh()

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(_("Service: refresh"), _("Read service orders again"), self.action_refresh)
        yield SystemCommand(_("Service: new order…"), _("Type, customer, product"), self.action_add)
        yield SystemCommand(_("Service: schedule the highlighted order…"), "", self.action_schedule)
        yield SystemCommand(_("Service: mark the highlighted order done…"), "", self.action_done)
        yield SystemCommand(_("Service: open the due maintenance orders"), "", self.action_maintenance)

    def room_help(self) -> Text:
        return Text(
            "\n".join(
                [
                    _("How the Service room measures after-sales work"),
                    "",
                    _(
                        "Status: open → scheduled → in progress → done / cancelled; open or scheduled may go "
                        "straight to done."
                    ),
                    _(
                        "Lead time = completed − requested (requested: the order's date unless given). "
                        "On time when within the type's goal (salesdesk config show: service.goal_*); "
                        "maintenance within ± its window of the due date."
                    ),
                    _(
                        "Needs action: open past its goal, scheduled day or goal passed, or waiting on a "
                        "department. Late ones are red."
                    ),
                    _(
                        "Maintenance plans: monthly 30, quarterly 91, half-yearly 182, yearly 365 days after "
                        "the last one (or the install)."
                    ),
                    _(
                        "Keys: a new order, s schedule, b start, d done (a delivery proposes its "
                        "installation), x cancel, m open the due maintenance orders, t next tab."
                    ),
                ]
            )
        )

    # ------------------------------------------------------------------ reading

    def action_refresh(self) -> None:
        today = self.runtime.today()

        def load(session):  # noqa: ANN001, ANN202
            start = today - timedelta(days=GOAL_DAYS - 1)
            return (
                queries.status_counts(session),
                queries.calendar(session=session, start=today, end=today + timedelta(days=CALENDAR_DAYS - 1)),
                queries.goals_report(session=session, start=start, end=today),
                queries.goals_report(session=session, start=start, end=today, by="department"),
                queries.needs_action(session=session, today=today),
            )

        self.read(load, self._show, group="service")
        self.query_one("#svc-orders", PagedTable).refresh_page()
        self.query_one("#svc-units", PagedTable).refresh_page()
        if self.selected:
            self._load_detail(self.selected)

    def _fetch(self, offset: int, limit: int) -> tuple[list[Row], int]:
        """Runs on the paged table's worker thread."""
        open_only = self.status == OPEN
        status = None if self.status in (None, OPEN) else self.status
        kind = self.kind
        today = self.runtime.today()
        with read_session(self.runtime.engine) as session:
            goals = queries.goal_policy(session)
            total = queries.count_orders(session=session, open_only=open_only, status=status, kind=kind)
            rows = queries.list_orders(
                session=session, open_only=open_only, status=status, kind=kind, limit=limit, offset=offset
            )
        fmt = self.fmt
        colours = meaning.styles(self.app)
        self.app.call_from_thread(
            self.query_one("#svc-head", Static).update, _("{n} orders").format(n=fmt.number(total))
        )
        out = []
        for r in rows:
            reason = rules.needs_action(
                kind=r.type, status=r.status, requested=r.requested, scheduled=r.scheduled,
                waiting_on=r.waiting_on, today=today, goals=goals,
            )  # fmt: skip
            style = colours[meaning.BAD] if reason in ("overdue", "unscheduled_past_goal") else ""
            out.append(
                (
                    r.id,
                    [
                        r.id,
                        rules.word(rules.TYPE_LABELS, r.type),
                        f"{r.customer} {r.name}"[:20],
                        Text(rules.word(rules.STATUS_LABELS, r.status), style=style),
                        fmt.date(r.requested),
                        fmt.date(r.scheduled) if r.scheduled else "",
                        rules.word(rules.DEPARTMENT_LABELS, r.department),
                    ],
                )
            )
        return out, total

    def _fetch_units(self, offset: int, limit: int) -> tuple[list[Row], int]:
        today = self.runtime.today()
        with read_session(self.runtime.engine) as session:
            total = queries.count_units(session=session)
            due = queries.count_due(session=session, today=today, days=30)
            units = queries.list_units(session=session, limit=limit, offset=offset)
        fmt = self.fmt
        colours = meaning.styles(self.app)
        head = _("{n} installed products; maintenance due within 30 days: {due}").format(
            n=fmt.number(total), due=fmt.number(due)
        )
        self.app.call_from_thread(self.query_one("#svc-inst-head", Static).update, head)
        out = []
        for u in units:
            late = u.next_due is not None and u.next_due < today
            warranty = rules.warranty_status(u.warranty_end, today)
            out.append(
                (
                    u.serial,
                    [
                        u.serial,
                        f"{u.customer} {u.name}"[:20],
                        f"{u.product} {u.product_name}"[:22],
                        fmt.date(u.installed),
                        rules.word(rules.WARRANTY_LABELS, warranty),
                        rules.word(rules.PLAN_LABELS, u.plan),
                        Text(
                            fmt.date(u.next_due) if u.next_due else "",
                            style=colours[meaning.BAD] if late else "",
                        ),
                        u.open_order or "",
                    ],
                )
            )
        return out, total

    def _show(self, loaded) -> None:  # noqa: ANN001
        counts, scheduled, by_type, by_dept, needs = loaded
        fmt = self.fmt
        self.query_one("#svc-counts", Static).update(
            "   ".join(
                f"{rules.word(rules.STATUS_LABELS, s)}: {fmt.number(counts[s])}" for s in rules.STATUSES
            )
        )
        cal = Table(title=_("Scheduled work, next {n} days").format(n=CALENDAR_DAYS), expand=True)
        for header in (_("Day"), _("Number"), _("Type"), _("Customer"), _("Who"), _("Status")):
            cal.add_column(header)
        last = None
        for r in scheduled:
            day = fmt.date(r.scheduled) if r.scheduled != last else ""
            last = r.scheduled
            cal.add_row(
                day, r.id, rules.word(rules.TYPE_LABELS, r.type), f"{r.customer} {r.name}"[:30], r.assignee,
                rules.word(rules.STATUS_LABELS, r.status),
            )  # fmt: skip
        if not scheduled:
            cal.add_row(_("Nothing scheduled."), "", "", "", "", "")
        self.query_one("#svc-calendar", Static).update(cal)
        goals = Table(title=_("Service goals, last {n} days").format(n=GOAL_DAYS), expand=True)
        for header in (
            _("Type"),
            _("Goal (days)"),
            _("Done"),
            _("On time %"),
            _("Avg. lead days"),
            _("Backlog"),
        ):
            goals.add_column(header)

        def figures(g) -> list[str]:  # noqa: ANN001
            s = g.stats
            return [
                fmt.number(s.done),
                fmt.number(s.on_time_pct, 1) if s.on_time_pct is not None else "",
                fmt.number(s.avg_lead_days, 1) if s.avg_lead_days is not None else "",
                fmt.number(s.backlog),
            ]

        for g in by_type:
            goals.add_row(rules.word(rules.TYPE_LABELS, g.key), str(g.goal), *figures(g))
        depts = Table(title=_("By department"), expand=True)
        for header in (
            _("Department"),
            _("Done"),
            _("On time %"),
            _("Avg. lead days"),
            _("Backlog"),
            _("Needs action"),
        ):
            depts.add_column(header)
        needing: dict[str, int] = {}
        for dept, _reason, _r in needs:
            needing[dept] = needing.get(dept, 0) + 1
        for g in by_dept:
            depts.add_row(
                rules.word(rules.DEPARTMENT_LABELS, g.key), *figures(g), fmt.number(needing.get(g.key, 0))
            )
        actions = Table(title=_("Needs action"), expand=True)
        for header in (_("Department"), _("Reason"), _("Number"), _("Type"), _("Customer"), _("Requested")):
            actions.add_column(header)
        for dept, reason, r in needs[:200]:
            actions.add_row(
                rules.word(rules.DEPARTMENT_LABELS, dept), rules.word(rules.REASON_LABELS, reason), r.id,
                rules.word(rules.TYPE_LABELS, r.type), f"{r.customer} {r.name}"[:26], fmt.date(r.requested),
            )  # fmt: skip
        if not needs:
            actions.add_row(_("Nothing needs action."), "", "", "", "", "")
        self.query_one("#svc-goals", Static).update(Group(goals, Text(""), depts, Text(""), actions))

    @on(PagedTable.Highlighted)
    def _highlighted(self, event: PagedTable.Highlighted) -> None:
        if event.table.id != "svc-orders":
            return
        self.selected = event.key
        if event.key:
            self._load_detail(event.key)
        else:
            self.query_one("#svc-card", Static).update(_("No service order selected."))

    def _load_detail(self, number: str) -> None:
        self.read(lambda s: queries.get_order(session=s, ref=number), self._show_detail, group="service-card")

    def _show_detail(self, o) -> None:  # noqa: ANN001
        if o.id != self.selected:
            return
        fmt = self.fmt
        text = Text()
        text.append(f"{o.id}  {rules.word(rules.TYPE_LABELS, o.type)}\n", style="bold")
        text.append(f"{o.customer} {o.name}\n")
        if o.product:
            text.append(f"{o.product} {o.product_name or ''}\n")
        if o.order or o.invoice:
            text.append(
                _("Order {order}, invoice {invoice}").format(order=o.order or "—", invoice=o.invoice or "—")
                + "\n"
            )
        text.append(
            _("Status: {status}; department: {department}").format(
                status=rules.word(rules.STATUS_LABELS, o.status),
                department=rules.word(rules.DEPARTMENT_LABELS, o.department),
            )
            + "\n"
        )
        if o.assignee:
            text.append(_("Who: {who}").format(who=o.assignee) + "\n")
        text.append(_("Requested {date}").format(date=fmt.date(o.requested)) + "\n")
        if o.scheduled:
            text.append(_("Scheduled {date}").format(date=fmt.date(o.scheduled)) + "\n")
        if o.completed:
            text.append(
                _("Completed {date} ({days} days)").format(date=fmt.date(o.completed), days=o.lead()) + "\n"
            )
        if o.waiting_on:
            text.append(
                _("Waiting on {department}").format(
                    department=rules.word(rules.DEPARTMENT_LABELS, o.waiting_on)
                )
                + "\n",
                style=meaning.styles(self.app)[meaning.CAUTION],
            )
        if o.type in ("support", "warranty_repair"):
            text.append(rules.word(rules.WARRANTY_LABELS, o.warranty()).capitalize())
            if o.warranty_end:
                text.append(" (" + fmt.date(o.warranty_end) + ")")
            text.append("\n")
        if o.follows:
            text.append(_("Follows {id}").format(id=o.follows) + "\n")
        if o.description:
            text.append("\n" + o.description + "\n")
        if o.result:
            text.append("\n" + o.result + "\n")
        if o.feedback:
            text.append(_("Feedback: {stars} ({n}/5)").format(stars="★" * o.feedback, n=o.feedback) + "\n")
        self.query_one("#svc-card", Static).update(text)

    @on(Select.Changed, "#svc-status")
    def _filter_status(self, event: Select.Changed) -> None:
        self.status = event.value if isinstance(event.value, str) else None
        self.query_one("#svc-orders", PagedTable).reload()

    @on(Select.Changed, "#svc-type")
    def _filter_type(self, event: Select.Changed) -> None:
        self.kind = event.value if isinstance(event.value, str) else None
        self.query_one("#svc-orders", PagedTable).reload()

    @on(PagedTable.Failed)
    def _failed(self, event: PagedTable.Failed) -> None:
        self.notify(str(event.error), title=_("Error"), severity="error")

    def action_next_tab(self) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = TABS[(TABS.index(tabs.active) + 1) % len(TABS)]

    # ------------------------------------------------------------------ writing

    def _done(self, message: str | None) -> None:
        if message:
            self.notify(message)
            self.action_refresh()

    def _need(self) -> str | None:
        if not self.selected:
            self.notify(_("Select a service order first."), severity="warning")
        return self.selected

    def action_add(self) -> None:
        rt = self.runtime
        fields = [
            FormField("type", _("Type"), "support", choices=_choices(rules.TYPE_LABELS, rules.TYPES)),
            FormField("customer", _("Customer"), "", _("code")),
            FormField("product", _("Product"), "", _("code (optional)")),
            FormField("order", _("Sales order"), "", _("number (optional)")),
            FormField(
                "department",
                _("Department"),
                "",
                choices=((_("the type's"), ""), *_choices(rules.DEPARTMENT_LABELS, rules.DEPARTMENTS)),
            ),
            FormField("who", _("Who"), ""),
            FormField(
                "requested", _("Requested"), "", _("YYYY-MM-DD (default the order's date, else today)")
            ),
            FormField("text", _("What is to be done"), ""),
        ]

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session
            from salesdesk.org.rules import clean_date

            with write_session(rt.engine) as session:
                row = queries.add_order(
                    session=session, kind=values["type"], customer=values["customer"],
                    product=values["product"] or None, order=values["order"] or None,
                    department=values["department"] or None, assignee=values["who"],
                    requested=clean_date(values["requested"], "requested", required=False),
                    description=values["text"], today=rt.today(), now=rt.now(),
                )  # fmt: skip
            return _("Service order {id} recorded.").format(id=row.id)

        self.app.push_screen(FormScreen(_("New service order"), fields, save), self._done)

    def action_schedule(self) -> None:
        number = self._need()
        if number is None:
            return
        rt = self.runtime
        fields = [
            FormField("date", _("Date"), (rt.today() + timedelta(days=1)).isoformat(), "YYYY-MM-DD"),
            FormField("who", _("Who"), ""),
        ]

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session
            from salesdesk.org.rules import clean_date

            with write_session(rt.engine) as session:
                row = queries.schedule(
                    session=session, ref=number, day=clean_date(values["date"], "date"),
                    who=values["who"] or None, today=rt.today(), now=rt.now(),
                )  # fmt: skip
            return _("Service order {id} scheduled for {date}.").format(
                id=row.id, date=rt.fmt.date(row.scheduled)
            )

        self.app.push_screen(FormScreen(_("Schedule {id}").format(id=number), fields, save), self._done)

    def _write(self, fn, message: str) -> None:  # noqa: ANN001
        def done(row) -> None:  # noqa: ANN001
            self._done(message.format(id=row.id, status=rules.word(rules.STATUS_LABELS, row.status)))

        self._run(fn, done, True, "service-write")

    def action_start(self) -> None:
        number = self._need()
        if number is None:
            return
        rt = self.runtime
        self._write(
            lambda s: queries.start(session=s, ref=number, today=rt.today(), now=rt.now()),
            _("Service order {id}: {status}."),
        )

    def action_cancel(self) -> None:
        number = self._need()
        if number is None:
            return
        rt = self.runtime
        fields = [FormField("note", _("Why"), "")]

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session

            with write_session(rt.engine) as session:
                row = queries.cancel(
                    session=session, ref=number, today=rt.today(), note=values["note"], now=rt.now()
                )
            return _("Service order {id}: {status}.").format(
                id=row.id, status=rules.word(rules.STATUS_LABELS, row.status)
            )

        self.app.push_screen(FormScreen(_("Cancel {id}").format(id=number), fields, save), self._done)

    def action_done(self) -> None:
        number = self._need()
        if number is None:
            return
        rt = self.runtime
        scores = ((_("not asked"), ""), *((f"{n} {'★' * n}", str(n)) for n in range(5, 0, -1)))
        fields = [
            FormField("date", _("Done on"), rt.today().isoformat(), "YYYY-MM-DD"),
            FormField("result", _("Result"), ""),
            FormField("feedback", _("Customer feedback (1–5)"), "", choices=scores),
            FormField("serial", _("Serial"), "", _("an installation: the unit's serial (optional)")),
        ]
        proposed: list = []

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session
            from salesdesk.org.rules import clean_date

            with write_session(rt.engine) as session:
                row, proposal = queries.complete(
                    session=session, ref=number, day=clean_date(values["date"], "date"),
                    feedback=values["feedback"], result=values["result"], serial=values["serial"] or None,
                    today=rt.today(), now=rt.now(),
                )  # fmt: skip
            proposed.append(proposal)
            return _("Service order {id} done.").format(id=row.id)

        def after(message: str | None) -> None:
            self._done(message)
            if message and proposed and proposed[0] is not None:
                self._propose(proposed[0])

        self.app.push_screen(FormScreen(_("Done: {id}").format(id=number), fields, save), after)

    def _propose(self, proposal) -> None:  # noqa: ANN001
        rt = self.runtime
        fields = [
            FormField("customer", _("Customer"), proposal.customer, disabled=True),
            FormField("product", _("Product"), f"{proposal.product} {proposal.product_name}", disabled=True),
            FormField("requested", _("Requested"), proposal.requested.isoformat(), disabled=True),
        ]

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session

            with write_session(rt.engine) as session:
                row = queries.propose(session=session, proposal=proposal, today=rt.today(), now=rt.now())
            return _("Installation order {id} created.").format(id=row.id)

        title = _("{product} needs installation: create its installation order? (Esc: no)").format(
            product=proposal.product
        )
        self.app.push_screen(FormScreen(title, fields, save), self._done)

    def action_maintenance(self) -> None:
        rt = self.runtime

        def done(created) -> None:  # noqa: ANN001
            self._done(_("Maintenance orders opened: {n}.").format(n=len(created)))

        self._run(
            lambda s: queries.generate_maintenance(session=s, today=rt.today(), days=30, now=rt.now()),
            done,
            True,
            "service-write",
        )
