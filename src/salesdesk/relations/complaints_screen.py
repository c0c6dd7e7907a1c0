"""The Complaints room: the queue by SLA urgency (open ones first, the earliest due first; overdue in red),
the highlighted complaint's detail with the timeline of its status changes, and quick actions: add, start,
resolve with the customer's satisfaction, close, reopen, plan a follow-up visit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, Select, Static

from salesdesk.core.db import read_session
from salesdesk.core.i18n import _
from salesdesk.relations import queries, rules
from salesdesk.tui import meaning
from salesdesk.tui.room_screen import RoomScreen
from salesdesk.tui.widgets.form import FormField, FormScreen
from salesdesk.tui.widgets.paged_table import PagedTable, Row

OPEN = "open"


class ComplaintsScreen(RoomScreen):
    CSS_PATH = "relations.tcss"
    BINDINGS = [
        Binding("r", "refresh", _("Refresh")),
        Binding("a", "add", _("Add complaint")),
        Binding("s", "start", _("Start")),
        Binding("o", "resolve", _("Resolve")),
        Binding("c", "close_complaint", _("Close")),
        Binding("u", "reopen", _("Reopen")),
        Binding("v", "follow_up", _("Follow-up visit")),
        Binding("escape", "clear_customer", _("All customers"), show=False),
    ]

    def __init__(self, runtime) -> None:  # noqa: ANN001
        super().__init__(runtime)
        self.status: str | None = OPEN
        self.customer: str | None = None
        self.selected: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="complaints"):
            with Vertical(id="cmp-list"):
                with Horizontal(id="cmp-filters"):
                    yield Select(
                        [(_("Open (new, in progress)"), OPEN)]
                        + [(rules.word(rules.COMPLAINT_LABELS, s), s) for s in rules.COMPLAINT_STATUSES],
                        value=OPEN,
                        prompt=_("Every status"),
                        compact=True,
                        id="cmp-status",
                    )
                    yield Static("", id="cmp-head")
                yield PagedTable(
                    [
                        (_("Number"), 10),
                        (_("Opened"), 10),
                        (_("Customer"), 22),
                        (_("Category"), 14),
                        (_("Severity"), 8),
                        (_("Status"), 9),
                        (_("Due"), 10),
                        (_("Owner"), 6),
                    ],
                    self._fetch,
                    id="cmp-queue",
                )
            with VerticalScroll(id="cmp-detail"):
                yield Static(_("No complaint selected."), id="cmp-card")
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Complaints")
        self._take_customer()
        self.action_refresh()

    def reload_on_resume(self) -> None:
        self._take_customer()
        self.action_refresh()

    def refresh_data(self) -> None:
        self.action_refresh()

    def _take_customer(self) -> None:
        code = getattr(self.app, "complaints_customer", None)
        if code:
            self.app.complaints_customer = None
            self.customer = code
            self.status = None
            self.query_one("#cmp-status", Select).clear()

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(_("Complaints: refresh"), _("Read complaints again"), self.action_refresh)
        yield SystemCommand(
            _("Complaints: add a complaint…"), _("Customer, category, severity"), self.action_add
        )
        yield SystemCommand(_("Complaints: start the highlighted one"), "", self.action_start)
        yield SystemCommand(
            _("Complaints: resolve the highlighted one…"), _("Resolution, satisfaction"), self.action_resolve
        )
        yield SystemCommand(_("Complaints: close the highlighted one"), "", self.action_close_complaint)
        yield SystemCommand(_("Complaints: reopen the highlighted one"), "", self.action_reopen)
        yield SystemCommand(_("Complaints: plan a follow-up visit…"), "", self.action_follow_up)

    def room_help(self) -> Text:
        return Text(
            "\n".join(
                [
                    _("How the Complaints room orders and judges complaints"),
                    "",
                    _(
                        "Status: new → in progress → resolved → closed; a resolved or closed one can be "
                        "reopened."
                    ),
                    _(
                        "SLA due date = opened + the severity's days (salesdesk config show: "
                        "relations.sla_*); within SLA when resolved on or before it. Overdue ones are red."
                    ),
                    _("The queue: open ones first, the earliest due date first."),
                    _(
                        "Keys: a add, s start, o resolve (with satisfaction 1–5), c close, u reopen, v plan "
                        "a follow-up visit."
                    ),
                ]
            )
        )

    # ------------------------------------------------------------------ reading

    def action_refresh(self) -> None:
        self.query_one("#cmp-queue", PagedTable).refresh_page()
        if self.selected:
            self._load_detail(self.selected)

    def _fetch(self, offset: int, limit: int) -> tuple[list[Row], int]:
        """Runs on the paged table's worker thread."""
        open_only = self.status == OPEN
        status = None if self.status in (None, OPEN) else self.status
        customer = self.customer
        today = self.runtime.today()
        with read_session(self.runtime.engine) as session:
            total = queries.count_complaints(
                session=session, open_only=open_only, status=status, customer=customer
            )
            rows = queries.list_complaints(
                session=session,
                open_only=open_only,
                status=status,
                customer=customer,
                limit=limit,
                offset=offset,
            )
        fmt = self.fmt
        colours = meaning.styles(self.app)
        head = _("{n} complaints").format(n=fmt.number(total))
        if customer:
            head += " · " + _("of {customer} (Esc: every customer)").format(customer=customer)
        self.app.call_from_thread(self.query_one("#cmp-head", Static).update, head)
        out = []
        for r in rows:
            late = rules.late(r.status, r.sla_due, r.resolved, today)
            style = colours[meaning.BAD] if late else ""
            out.append(
                (
                    r.number,
                    [
                        r.number,
                        fmt.date(r.opened),
                        f"{r.customer} {r.name}"[:22],
                        rules.word(rules.CATEGORY_LABELS, r.category),
                        Text(
                            rules.word(rules.SEVERITY_LABELS, r.severity),
                            style="bold" if r.severity == "critical" else "",
                        ),
                        rules.word(rules.COMPLAINT_LABELS, r.status),
                        Text(fmt.date(r.sla_due), style=style),
                        r.owner or _("manager"),
                    ],
                )
            )
        return out, total

    @on(PagedTable.Highlighted)
    def _highlighted(self, event: PagedTable.Highlighted) -> None:
        self.selected = event.key
        if event.key:
            self._load_detail(event.key)
        else:
            self.query_one("#cmp-card", Static).update(_("No complaint selected."))

    def _load_detail(self, number: str) -> None:
        def load(session):  # noqa: ANN001, ANN202
            return queries.get_complaint(session=session, ref=number), queries.timeline(
                session=session, ref=number
            )

        self.read(load, self._show_detail, group="complaint")

    def _show_detail(self, loaded) -> None:  # noqa: ANN001
        c, events = loaded
        if c.number != self.selected:
            return
        fmt = self.fmt
        colours = meaning.styles(self.app)
        late = rules.late(c.status, c.sla_due, c.resolved, self.runtime.today())
        head = Text()
        head.append(f"{c.number}  {c.customer} {c.name}\n", style="bold")
        head.append(
            _("{category}, {severity}, by {channel}; opened {opened}, due {due}").format(
                category=rules.word(rules.CATEGORY_LABELS, c.category),
                severity=rules.word(rules.SEVERITY_LABELS, c.severity),
                channel=rules.word(rules.CHANNEL_LABELS, c.channel),
                opened=fmt.date(c.opened),
                due=fmt.date(c.sla_due),
            )
        )
        if late:
            head.append("  " + _("past its SLA"), style=colours[meaning.BAD])
        head.append(
            "\n"
            + _("Status: {status}; owner: {owner}").format(
                status=rules.word(rules.COMPLAINT_LABELS, c.status), owner=c.owner or _("manager")
            )
        )
        head.append("\n\n" + c.description + "\n")
        if c.resolved:
            head.append(
                "\n"
                + _("Resolved {date} ({days} days): {resolution}").format(
                    date=fmt.date(c.resolved), days=(c.resolved - c.opened).days, resolution=c.resolution
                )
            )
            if c.satisfaction:
                head.append(
                    "\n"
                    + _("Satisfaction: {stars} ({n}/5)").format(stars="★" * c.satisfaction, n=c.satisfaction)
                )
        timeline = Table(title=_("Timeline"), expand=True, show_edge=False)
        timeline.add_column(_("When"))
        timeline.add_column(_("Status"))
        timeline.add_column(_("Note"))
        if not events or events[0][1] is not None:  # imported: its opening is not in the history
            timeline.add_row(fmt.date(c.opened), rules.word(rules.COMPLAINT_LABELS, "new"), _("opened"))
        for when, old, new, _user, note in events:
            change = rules.word(rules.COMPLAINT_LABELS, new)
            if old:
                change = f"{rules.word(rules.COMPLAINT_LABELS, old)} → {change}"
            timeline.add_row(fmt.moment(when), change, note or "")
        self.query_one("#cmp-card", Static).update(Group(head, Text(""), timeline))

    @on(Select.Changed, "#cmp-status")
    def _filter(self, event: Select.Changed) -> None:
        self.status = event.value if isinstance(event.value, str) else None  # blank: every status
        self.query_one("#cmp-queue", PagedTable).reload()

    @on(PagedTable.Failed)
    def _failed(self, event: PagedTable.Failed) -> None:
        self.notify(str(event.error), title=_("Error"), severity="error")

    def action_clear_customer(self) -> None:
        if self.customer:
            self.customer = None
            self.query_one("#cmp-queue", PagedTable).reload()

    # ------------------------------------------------------------------ writing

    def _done(self, message: str | None) -> None:
        if message:
            self.notify(message)
            self.action_refresh()

    def _need(self) -> str | None:
        if not self.selected:
            self.notify(_("Select a complaint first."), severity="warning")
        return self.selected

    def action_add(self) -> None:
        rt = self.runtime

        def options(labels: dict, codes: tuple) -> tuple:
            return tuple((rules.word(labels, c), c) for c in codes)

        fields = [
            FormField("customer", _("Customer"), self.customer or "", _("code")),
            FormField(
                "category", _("Category"), "other", choices=options(rules.CATEGORY_LABELS, rules.CATEGORIES)
            ),
            FormField(
                "severity", _("Severity"), "medium", choices=options(rules.SEVERITY_LABELS, rules.SEVERITIES)
            ),
            FormField(
                "channel", _("Channel"), "phone", choices=options(rules.CHANNEL_LABELS, rules.CHANNELS)
            ),
            FormField("text", _("What happened"), ""),
            FormField("owner", _("Owner"), "", _("salesperson code, or manager (default the customer's)")),
            FormField("date", _("Opened"), rt.today().isoformat(), "YYYY-MM-DD"),
        ]

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session
            from salesdesk.org.rules import clean_date

            with write_session(rt.engine) as session:
                row = queries.add_complaint(
                    session=session,
                    customer=values["customer"],
                    category=values["category"],
                    severity=values["severity"],
                    text=values["text"],
                    channel=values["channel"],
                    owner=values["owner"] or None,
                    opened=clean_date(values["date"], "date"),
                    now=rt.now(),
                )
            return _("Complaint {number} recorded, due {due}.").format(
                number=row.number, due=rt.fmt.date(row.sla_due)
            )

        self.app.push_screen(FormScreen(_("New complaint"), fields, save), self._done)

    def _status(self, status: str, title: str) -> None:
        number = self._need()
        if number is None:
            return
        rt = self.runtime

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session

            with write_session(rt.engine) as session:
                row = queries.update_complaint(
                    session=session, ref=number, status=status, note=values["note"], now=rt.now()
                )
            return _("Complaint {number}: {status}.").format(
                number=row.number, status=rules.word(rules.COMPLAINT_LABELS, row.status)
            )

        fields = [FormField("note", _("Note"), "", _("for the timeline (optional)"))]
        self.app.push_screen(FormScreen(title.format(number=number), fields, save), self._done)

    def action_start(self) -> None:
        self._status("in_progress", _("Start work on {number}"))

    def action_close_complaint(self) -> None:
        self._status("closed", _("Close {number}"))

    def action_reopen(self) -> None:
        self._status("in_progress", _("Reopen {number}"))

    def action_resolve(self) -> None:
        number = self._need()
        if number is None:
            return
        rt = self.runtime
        # no score until one is picked: pressing Enter must not record a 5
        scores = ((_("not asked"), ""), *((f"{n} {'★' * n}", str(n)) for n in range(5, 0, -1)))
        fields = [
            FormField("resolution", _("Resolution"), ""),
            FormField("satisfaction", _("Satisfaction (1–5)"), "", choices=scores),
            FormField("date", _("Resolved on"), rt.today().isoformat(), "YYYY-MM-DD"),
        ]

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session
            from salesdesk.org.rules import clean_date

            with write_session(rt.engine) as session:
                row = queries.resolve_complaint(
                    session=session,
                    ref=number,
                    resolution=values["resolution"],
                    satisfaction=values["satisfaction"],
                    day=clean_date(values["date"], "date"),
                    today=rt.today(),
                    now=rt.now(),
                )
            within = rules.within_sla(
                row.opened, row.resolved, row.severity, {row.severity: (row.sla_due - row.opened).days}
            )
            return (
                _("Complaint {number} resolved within its SLA.")
                if within
                else _("Complaint {number} resolved, after its SLA.")
            ).format(number=row.number)

        self.app.push_screen(
            FormScreen(_("Resolve {number}").format(number=number), fields, save), self._done
        )

    def action_follow_up(self) -> None:
        number = self._need()
        if number is None:
            return
        rt = self.runtime
        card_customer = None
        table = self.query_one("#cmp-queue", PagedTable).table
        if table.row_count:
            card_customer = str(table.get_row(number)[2]).split(" ")[0]
        fields = [
            FormField("date", _("Date"), (rt.today() + timedelta(days=1)).isoformat(), "YYYY-MM-DD"),
            FormField("time", _("Time"), "", "09:30", check=rules.check_time),
            FormField("who", _("Who"), "", _("salesperson code, or manager (default the customer's)")),
        ]

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session
            from salesdesk.org.rules import clean_date

            with write_session(rt.engine) as session:
                row, warnings = queries.plan_visit(
                    session=session,
                    customer=card_customer or "",
                    day=clean_date(values["date"], "date"),
                    time=values["time"],
                    who=values["who"] or None,
                    purpose="complaint_follow_up",
                    complaint=number,
                    now=rt.now(),
                )
            text = _("Follow-up visit {id} planned on {date}.").format(id=row.id, date=rt.fmt.date(row.date))
            return " ".join([text, *warnings])

        self.app.push_screen(
            FormScreen(_("Follow-up visit for {number}").format(number=number), fields, save), self._done
        )
