"""The Customers room: type-to-filter list paged from the database, detail pane, add and edit forms."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Static

from salesdesk.core.db import read_session
from salesdesk.core.i18n import N_, _
from salesdesk.core.money import format_number
from salesdesk.org import queries, rules
from salesdesk.org.render import customer_card
from salesdesk.tui.room_screen import RoomScreen
from salesdesk.tui.widgets.form import FormField, FormScreen
from salesdesk.tui.widgets.paged_table import PagedTable, Row

#: Form fields of a customer: (key, label msgid, example shown as a hint).
_FIELDS = (
    ("name", N_("Name"), ""),
    ("tax_id", N_("Tax id"), "B12345678"),
    ("territory", N_("Territory"), "MAD"),
    ("group", N_("Customer group"), "DIST"),
    ("salesperson", N_("Salesperson"), "V01"),
    ("tier", N_("Tier (A, B or C)"), "A"),
    ("terms_days", N_("Payment terms (days)"), "30"),
    ("credit_limit", N_("Credit limit"), "25000"),
    ("city", N_("City"), ""),
    ("email", N_("Email"), ""),
    ("phone", N_("Phone"), ""),
    ("customer_since", N_("Customer since"), "2026-11-28"),
)


class CustomersScreen(RoomScreen):
    """Customers: list on the left, everything about the highlighted one on the right."""

    BINDINGS = [
        Binding("slash", "focus_filter", _("Filter")),
        Binding("a", "add", _("Add")),
        Binding("e", "edit", _("Edit")),
        Binding("v", "customer_visits", _("Visits")),
        Binding("c", "customer_complaints", _("Complaints")),
        Binding("escape", "clear_filter", _("Clear filter"), show=False),
    ]

    def __init__(self, runtime) -> None:  # noqa: ANN001
        super().__init__(runtime)
        self.search = ""
        self.selected: str | None = None
        self._detail_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="customers"):
            with Vertical(id="customer-list"):
                yield Input(placeholder=_("Type to filter by code, name, city or salesperson…"), id="filter")
                yield PagedTable(
                    [
                        (_("Code"), 7),
                        (_("Name"), 28),
                        (_("City"), 14),
                        (_("Salesperson"), 16),
                        (_("Balance"), 15),
                    ],
                    self._fetch,
                    id="customer-table",
                )
            with VerticalScroll(id="customer-detail"):
                yield Static(_("No customer selected."), id="detail")
        yield Footer()

    #: Below this width the list and the detail pane stack instead of standing side by side.
    NARROW = 120

    def on_resize(self, event: events.Resize) -> None:
        self.query_one("#customers").set_class(event.size.width < self.NARROW, "narrow")

    def on_mount(self) -> None:
        self.title = _("Customers")
        self.query_one("#customers").set_class(self.size.width < self.NARROW, "narrow")
        self.query_one(PagedTable).reload()
        self.query_one(PagedTable).table.focus()

    # ------------------------------------------------------------------ list

    def _fetch(self, offset: int, limit: int) -> tuple[list[Row], int]:
        """Runs on the paged table's worker thread."""
        with read_session(self.runtime.engine) as session:
            total = queries.count_customers(session=session, search=self.search)
            rows = queries.list_customers(
                session=session, search=self.search, limit=limit, offset=offset, as_of=self.runtime.today()
            )
        fmt = self.fmt
        return [
            (
                r.code,
                (
                    r.code,
                    r.name,
                    r.city,
                    r.salesperson_name or "",
                    Text(fmt.money(r.balance), justify="right", style="bold" if r.balance > 0 else ""),
                ),
            )
            for r in rows
        ], total

    def refresh_data(self) -> None:
        """Read the list again (after an import)."""
        self.query_one(PagedTable).refresh_page()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.search = event.value
        self.query_one(PagedTable).reload()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one(PagedTable).table.focus()

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if box.value:
            box.value = ""
        self.query_one(PagedTable).table.focus()

    @on(PagedTable.Failed)
    def _failed(self, event: PagedTable.Failed) -> None:
        self.notify(_("Could not read customers: {error}").format(error=event.error), severity="error")

    # ------------------------------------------------------------------ detail

    @on(PagedTable.Highlighted)
    def _highlighted(self, event: PagedTable.Highlighted) -> None:
        self.selected = event.key
        if self._detail_timer is not None:
            self._detail_timer.stop()
        if event.key is None:
            self.query_one("#detail", Static).update(_("No customer matches the filter."))
            return
        # A short pause, so holding the arrow key does not queue a query per row.
        self._detail_timer = self.set_timer(0.12, partial(self._load_detail, event.key))

    def _load_detail(self, code: str) -> None:
        today = self.runtime.today()
        self.read(
            lambda s: queries.customer_detail(session=s, code=code, today=today),
            self._show_detail,
            group="detail",
        )

    def _show_detail(self, d: queries.CustomerDetail) -> None:
        if d.code != self.selected:
            return
        pane = self.query_one("#customer-detail")
        card = customer_card(d, self.fmt, self.runtime.today(), expand=True, compact=pane.size.width < 64)
        self.query_one("#detail", Static).update(card)

    # ------------------------------------------------------------------ add and edit

    def _form_fields(self, values: dict[str, str], *, locale: str) -> list[FormField]:
        checks = {
            "name": lambda v: rules.clean_text(v, "name", required=True),
            "tax_id": lambda v: rules.clean_text(v, "tax_id", max_len=32),
            "tier": lambda v: rules.clean_choice(v or "C", rules.TIERS, "tier"),
            "terms_days": lambda v: rules.clean_int(
                v or "30", "terms_days", low=0, high=rules.MAX_TERMS_DAYS
            ),
            "credit_limit": lambda v: rules.clean_money(v, "credit_limit", locale, required=False),
            "email": rules.clean_email,
            "phone": rules.clean_phone,
            "customer_since": lambda v: rules.clean_date(v, "customer_since", required=False),
            "territory": lambda v: rules.clean_code(v, "territory") if v.strip() else None,
            "group": lambda v: rules.clean_code(v, "group") if v.strip() else None,
            "salesperson": lambda v: rules.clean_code(v, "salesperson") if v.strip() else None,
        }
        return [
            FormField(
                key,
                _(label),
                values.get(key, ""),
                _("e.g. {example}").format(example=example) if example else "",
                checks.get(key),
            )
            for key, label, example in _FIELDS
        ]

    def action_add(self) -> None:
        rt = self.runtime
        code_field = FormField(
            "code", _("Code"), "", _("e.g. {example}").format(example="C0001"), lambda v: rules.clean_code(v)
        )

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session

            code = values.pop("code")
            with write_session(rt.engine) as session:
                code = queries.add_customer(
                    session=session, code=code, data=values, locale=rt.locale, now=rt.now()
                )
            return code

        fields = [code_field, *self._form_fields({}, locale=rt.locale)]
        self.app.push_screen(FormScreen(_("New customer"), fields, save), self._added)

    def _added(self, code: str | None) -> None:
        if code:
            self.notify(_("Customer {code} added.").format(code=code))
            box = self.query_one("#filter", Input)
            box.value = code  # show the new customer
            self.query_one(PagedTable).table.focus()

    def action_customer_visits(self) -> None:
        """The Visits room with the highlighted customer's visits."""
        self._hand_over("visits", "visits_customer")

    def action_customer_complaints(self) -> None:
        """The Complaints room with the highlighted customer's complaints."""
        self._hand_over("complaints", "complaints_customer")

    def _hand_over(self, room: str, attribute: str) -> None:
        if not self.selected:
            self.notify(_("Select a customer first."), severity="warning")
            return
        if room not in {spec.key for spec in self.app.rooms}:
            return
        setattr(self.app, attribute, self.selected)
        self.app.action_room(room)

    def action_edit(self) -> None:
        if not self.selected:
            self.notify(_("Select a customer first."), severity="warning")
            return
        code = self.selected
        today = self.runtime.today()
        self.read(
            lambda s: queries.customer_detail(session=s, code=code, today=today, recent=0),
            self._open_edit,
            group="edit",
        )

    def _open_edit(self, d: queries.CustomerDetail) -> None:
        rt = self.runtime
        fmt_amount = "" if d.credit_limit is None else format_number(d.credit_limit, rt.locale, digits=2)
        current = {
            "name": d.name,
            "tax_id": d.tax_id,
            "territory": d.territory or "",
            "group": d.group or "",
            "salesperson": d.salesperson or "",
            "tier": d.tier,
            "terms_days": str(d.terms_days),
            "credit_limit": fmt_amount,
            "city": d.city,
            "email": d.email,
            "phone": d.phone,
            "customer_since": d.customer_since.isoformat() if d.customer_since else "",
        }
        note_field = FormField("note", _("Reason for the change"), "", _("kept in the change history"))

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session

            note = values.pop("note", "")
            changed = {k: v for k, v in values.items() if v != current.get(k)}
            if not changed:
                return d.code
            with write_session(rt.engine) as session:
                queries.edit_customer(
                    session=session, code=d.code, data=changed, locale=rt.locale, now=rt.now(), note=note
                )
            return d.code

        fields = [*self._form_fields(current, locale=rt.locale), note_field]
        self.app.push_screen(
            FormScreen(_("Edit customer {code}").format(code=d.code), fields, save), self._edited
        )

    def _edited(self, code: str | None) -> None:
        if code:
            self.notify(_("Customer {code} saved.").format(code=code))
            self.query_one(PagedTable).refresh_page()
            self._load_detail(code)

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(
            _("Customers: add customer…"), _("Open the form for a new customer"), self.action_add
        )
        yield SystemCommand(
            _("Customers: edit customer…"), _("Edit the highlighted customer"), self.action_edit
        )
        yield SystemCommand(
            _("Customers: filter"), _("Type to filter the customer list"), self.action_focus_filter
        )
        yield SystemCommand(
            _("Customers: clear filter"), _("Show every customer again"), self.action_clear_filter
        )
        table = self.query_one(PagedTable)
        yield SystemCommand(
            _("Customers: next page"), _("Show the next page of customers"), lambda: table.action_page(1)
        )
        yield SystemCommand(
            _("Customers: previous page"),
            _("Show the previous page of customers"),
            lambda: table.action_page(-1),
        )
