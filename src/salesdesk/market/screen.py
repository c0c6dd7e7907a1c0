"""The Market room: the pipeline board (open prospects by stage, weighted), every prospect paged from the
database, the campaigns run with marketing and their results, and customer development (new, growing,
shrinking and inactive customers; share of sales by group and zone)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane

from salesdesk.core.db import read_session
from salesdesk.core.i18n import _
from salesdesk.market import campaigns, development, queries, rules
from salesdesk.tui import meaning
from salesdesk.tui.room_screen import RoomScreen
from salesdesk.tui.widgets.form import FormField, FormScreen
from salesdesk.tui.widgets.paged_table import PagedTable, Row

TABS = ["tab-board", "tab-prospects", "tab-campaigns", "tab-customers"]
PROSPECT_TABS = ("tab-board", "tab-prospects")
TAB_ACTIONS = {
    "tab-board": ("move", "convert", "next_action"),
    "tab-prospects": ("move", "convert", "next_action"),
    "tab-campaigns": ("add_campaign",),
}
#: Cards per stage on the board (the biggest first); the Prospects tab pages through every one.
BOARD_LIMIT = 60


class MarketScreen(RoomScreen):
    CSS_PATH = "market.tcss"
    BINDINGS = [
        Binding("r", "refresh", _("Refresh")),
        Binding("t", "next_tab", _("Next tab")),
        Binding("a", "add_prospect", _("New prospect")),
        Binding("m", "move", _("Move stage")),
        Binding("c", "convert", _("Make customer")),
        Binding("n", "next_action", _("Next action")),
        Binding("k", "add_campaign", _("New campaign")),
    ]

    def __init__(self, runtime) -> None:  # noqa: ANN001
        super().__init__(runtime)
        self.board: dict[tuple[int, int], str] = {}
        self.selected: str | None = None
        self.cards: dict[str, queries.ProspectRow] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="mkt-tabs"):
            with TabPane(_("Pipeline"), id="tab-board"):
                yield Static("", id="mkt-board-head", classes="mkt-caption")
                yield DataTable(id="mkt-board", cursor_type="cell", zebra_stripes=False)
                yield Static("", id="mkt-card", classes="mkt-caption")
            with TabPane(_("Prospects"), id="tab-prospects"):
                yield PagedTable(
                    [
                        (_("Number"), 9),
                        (_("Company"), 26),
                        (_("Stage"), 12),
                        (_("Owner"), 6),
                        (_("Annual value"), 13),
                        (_("Weighted"), 13),
                        (_("Next action"), 24),
                        (_("By"), 10),
                    ],
                    self._fetch,
                    id="mkt-list",
                )
            with TabPane(_("Campaigns"), id="tab-campaigns"):
                yield Static("", id="mkt-campaigns-head", classes="mkt-caption")
                yield DataTable(id="mkt-campaigns", cursor_type="row", zebra_stripes=True)
                yield Static("", id="mkt-stats", classes="mkt-caption")
            with TabPane(_("Customers"), id="tab-customers"), Horizontal(id="mkt-dev"):
                with VerticalScroll(classes="mkt-col"):
                    yield Static("", id="mkt-new", classes="mkt-caption")
                    yield DataTable(id="mkt-new-table", cursor_type="row", zebra_stripes=True)
                    yield Static("", id="mkt-share-head", classes="mkt-caption")
                    yield DataTable(id="mkt-share", cursor_type="row", zebra_stripes=True)
                with VerticalScroll(classes="mkt-col"):
                    yield Static("", id="mkt-growth-head", classes="mkt-caption")
                    yield DataTable(id="mkt-growth", cursor_type="row", zebra_stripes=True)
                    yield Static("", id="mkt-inactive-head", classes="mkt-caption")
                    yield DataTable(id="mkt-inactive", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Market")
        board = self.query_one("#mkt-board", DataTable)
        for stage in rules.OPEN_STAGES:
            board.add_column(rules.word(rules.STAGE_LABELS, stage), key=stage, width=28)
        camp = self.query_one("#mkt-campaigns", DataTable)
        for header in (
            _("Code"),
            _("Name"),
            _("Phase"),
            _("Budget"),
            _("Leads"),
            _("New cust."),
            _("Sales"),
            _("Per lead"),
            _("Per customer"),
        ):
            camp.add_column(header)
        self.query_one("#mkt-new-table", DataTable).add_columns(_("Month"), _("New"), _("From pipeline"))
        self.query_one("#mkt-share", DataTable).add_columns(_("Group / zone"), _("Sales"), _("Share"))
        self.query_one("#mkt-growth", DataTable).add_columns(
            _("Customer"), _("This year"), _("Last year"), _("Change"), _("Trend")
        )
        self.query_one("#mkt-inactive", DataTable).add_columns(
            _("Customer"), _("Last invoice"), _("Days"), _("Last 12 months")
        )
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
        yield SystemCommand(_("Market: refresh"), _("Read the pipeline again"), self.action_refresh)
        yield SystemCommand(_("Market: new prospect…"), _("Company, owner, value"), self.action_add_prospect)
        yield SystemCommand(_("Market: move the highlighted prospect…"), _("Stage, date"), self.action_move)
        yield SystemCommand(
            _("Market: make the highlighted won prospect a customer…"), "", self.action_convert
        )
        yield SystemCommand(_("Market: record the next action…"), "", self.action_next_action)
        yield SystemCommand(_("Market: new campaign…"), _("Period, budget, goals"), self.action_add_campaign)

    def room_help(self) -> Text:
        return Text(
            "\n".join(
                [
                    _("How the Market room reads the pipeline"),
                    "",
                    _(
                        "Stages: identified → contacted → qualified → proposal → negotiation → won / lost. "
                        "An open prospect may move to any other open stage; won and lost are final."
                    ),
                    _(
                        "Weighted value = estimated annual value × the stage's win probability (salesdesk "
                        "config show: market.probability_*)."
                    ),
                    _(
                        "Stale (red): no action for more than market.stale_days days. A reached stage counts "
                        "a prospect that entered it or any later one."
                    ),
                    _(
                        "Keys: a new prospect, m move, n next action, c make a won one a customer, k new "
                        "campaign."
                    ),
                ]
            )
        )

    # ------------------------------------------------------------------ reading

    def action_refresh(self) -> None:
        today = self.runtime.today()

        def load(session):  # noqa: ANN001, ANN202
            board = {
                s: queries.list_prospects(
                    session=session,
                    filters=queries.ProspectFilter(stage=s),
                    today=today,
                    limit=BOARD_LIMIT,
                    biggest=True,
                )
                for s in rules.OPEN_STAGES
            }
            counts = {
                s: queries.count_prospects(
                    session=session, filters=queries.ProspectFilter(stage=s), today=today
                )
                for s in rules.OPEN_STAGES
            }
            return (
                board,
                counts,
                queries.pipeline(session=session),
                queries.stage_statistics(session=session, today=today),
                campaigns.campaign_results(session=session, as_of=today),
            )

        def load_development(session):  # noqa: ANN001, ANN202
            # a second read: at a million invoices these take a couple of seconds; the board does not wait
            start = date(today.year, 1, 1)
            return (
                development.new_customers(session=session, as_of=today),
                development.growth(session=session, as_of=today),
                development.inactive(session=session, as_of=today),
                development.share(session=session, start=start, end=today, by="group"),
                development.share(session=session, start=start, end=today, by="territory"),
                queries.inactive_days(session),
            )

        self.read(load, self._show, group="market")
        self.read(load_development, self._show_customers, group="market-customers")
        if self.query("#mkt-list"):
            self.query_one("#mkt-list", PagedTable).refresh_page()

    def _show(self, loaded) -> None:  # noqa: ANN001
        board, counts, cells, stats, camps = loaded
        self._show_board(board, counts, cells)
        self._show_campaigns(camps, stats)

    def _show_customers(self, loaded) -> None:  # noqa: ANN001
        new, growth, inactive, by_group, by_zone, days = loaded
        self.inactive_after = days
        self._show_development(new, growth, inactive, by_group, by_zone)

    def _show_board(self, board: dict, counts: dict, cells: list) -> None:
        fmt, colours = self.fmt, meaning.styles(self.app)
        table = self.query_one("#mkt-board", DataTable)
        table.clear()
        self.board, self.cards = {}, {}
        height = max((len(v) for v in board.values()), default=0)
        for i in range(height):
            row = []
            for j, stage in enumerate(rules.OPEN_STAGES):
                items = board[stage]
                if i < len(items):
                    p = items[i]
                    self.board[(i, j)] = p.number
                    self.cards[p.number] = p
                    text = f"{p.company[:16]} {fmt.number(p.value.quantize(1), 0)}"
                    row.append(Text(text[:28], style=colours[meaning.BAD] if p.stale else ""))
                else:
                    row.append("")
            table.add_row(*row)
        weighted = {
            s: sum((c.weighted for c in cells if c.stage == s), queries.ZERO) for s in rules.OPEN_STAGES
        }
        parts = [
            f"{rules.word(rules.STAGE_LABELS, s)} {counts[s]} · {fmt.money(weighted[s])}"
            for s in rules.OPEN_STAGES
        ]
        total = sum(weighted.values(), queries.ZERO)
        more = any(counts[s] > BOARD_LIMIT for s in rules.OPEN_STAGES)
        self.query_one("#mkt-board-head", Static).update(
            _("Weighted pipeline {total}: {parts}.").format(total=fmt.money(total), parts="; ".join(parts))
            + (
                " "
                + _("The biggest {n} of each stage are shown; the Prospects tab has every one.").format(
                    n=BOARD_LIMIT
                )
                if more
                else ""
            )
        )
        self._show_card()

    @on(DataTable.CellHighlighted, "#mkt-board")
    def _show_card(self) -> None:
        table = self.query_one("#mkt-board", DataTable)
        number = self.board.get((table.cursor_row, table.cursor_column)) if table.row_count else None
        self.selected = number
        box = self.query_one("#mkt-card", Static)
        p = self.cards.get(number) if number else None
        if p is None:
            box.update(_("No prospect here. a adds one."))
            return
        fmt = self.fmt
        box.update(
            _(
                "{number} {company} — {contact}; zone {zone}, group {group}; {channel}; owner {owner}; "
                "annual value {value}, weighted {weighted} ({prob} %); in {stage} for {days} days; last "
                "action {last}{stale}. Next: {next} {by}"
            ).format(
                number=p.number,
                company=p.company,
                contact=p.contact or "—",
                zone=p.territory or "—",
                group=p.group or "—",
                channel=rules.word(rules.CHANNEL_LABELS, p.channel)
                + (f" {p.campaign}" if p.campaign else ""),
                owner=p.owner or "—",
                value=fmt.money(p.value),
                weighted=fmt.money(p.weighted),
                prob=fmt.number(p.probability, 0),
                stage=rules.word(rules.STAGE_LABELS, p.stage),
                days=p.days_in_stage,
                last=fmt.date(p.last_action),
                stale=" (" + _("stale") + ")" if p.stale else "",
                next=p.next_action or "—",
                by=fmt.date(p.next_action_date),
            )
        )

    def _fetch(self, offset: int, limit: int) -> tuple[list[Row], int]:
        """Runs on the paged table's worker thread."""
        today, fmt = self.runtime.today(), self.fmt
        colours = meaning.styles(self.app)
        with read_session(self.runtime.engine) as session:
            f = queries.ProspectFilter()
            total = queries.count_prospects(session=session, filters=f, today=today)
            rows = queries.list_prospects(session=session, filters=f, today=today, limit=limit, offset=offset)
        self.list_cards = {p.number: p for p in rows}
        out: list[Row] = []
        for p in rows:
            style = colours[meaning.BAD] if p.stale else (colours[meaning.GOOD] if p.stage == "won" else "")
            out.append(
                (
                    p.number,
                    [
                        p.number,
                        p.company[:26],
                        Text(rules.word(rules.STAGE_LABELS, p.stage), style=style),
                        p.owner or "",
                        Text(fmt.money(p.value), justify="right"),
                        Text(fmt.money(p.weighted), justify="right"),
                        p.next_action[:24],
                        fmt.date(p.next_action_date),
                    ],
                )
            )
        return out, total

    @on(PagedTable.Highlighted)
    def _list_highlighted(self, event: PagedTable.Highlighted) -> None:
        self.list_selected = event.key

    def _show_campaigns(self, camps: list, stats) -> None:  # noqa: ANN001
        fmt = self.fmt
        table = self.query_one("#mkt-campaigns", DataTable)
        table.clear()

        def of(value, goal_pct) -> str:  # noqa: ANN001
            return value + ("" if goal_pct is None else f" ({fmt.number(goal_pct, 1)} %)")

        for c in camps:
            table.add_row(
                c.code,
                c.name[:24],
                rules.word(rules.PHASE_LABELS, c.phase),
                fmt.money(c.budget),
                of(str(c.leads), c.leads_pct),
                of(str(c.new_customers), c.customers_pct),
                of(fmt.money(c.sales), c.sales_pct),
                "—" if c.cost_per_lead is None else fmt.money(c.cost_per_lead),
                "—" if c.cost_per_customer is None else fmt.money(c.cost_per_customer),
                key=c.code,
            )
        self.query_one("#mkt-campaigns-head", Static).update(
            _(
                "Campaigns with marketing: leads, new customers and their sales against each goal (in "
                "brackets); cost per lead and per new customer from the budget. k adds one."
            )
        )
        stages, won, lost, rate = stats
        parts = [
            _("{stage}: {rate} go further, {days} days").format(
                stage=rules.word(rules.STAGE_LABELS, s.stage),
                rate="—" if s.rate is None else fmt.number(s.rate, 1) + " %",
                days="—" if s.avg_days is None else fmt.number(s.avg_days, 1),
            )
            for s in stages
        ]
        self.query_one("#mkt-stats", Static).update(
            _("Conversion — {parts}. Won {won}, lost {lost}: win rate {rate}.").format(
                parts="; ".join(parts),
                won=won,
                lost=lost,
                rate="—" if rate is None else fmt.number(rate, 1) + " %",
            )
        )

    def _show_development(
        self, new: list, growth: list, inactive: list, by_group: list, by_zone: list
    ) -> None:
        fmt, colours = self.fmt, meaning.styles(self.app)
        t = self.query_one("#mkt-new-table", DataTable)
        t.clear()
        for m in new:
            t.add_row(m.month, str(m.count), str(m.from_prospects))
        self.query_one("#mkt-new", Static).update(
            _("New customers per month (customer since): {n} in the last 12 months.").format(
                n=sum(m.count for m in new)
            )
        )
        share = self.query_one("#mkt-share", DataTable)
        share.clear()
        for r in by_group + by_zone:
            share.add_row(
                f"{r.key or '—'} {r.name or ''}"[:24],
                Text(fmt.money(r.sales), justify="right"),
                "—" if r.share is None else fmt.number(r.share, 1) + " %",
            )
        self.query_one("#mkt-share-head", Static).update(
            _("Share of this year's sales: by group, then by zone.")
        )
        counts = {b: sum(1 for g in growth if g.band == b) for b in rules.GROWTH_BANDS}
        g = self.query_one("#mkt-growth", DataTable)
        g.clear()
        styles = {
            "growing": colours[meaning.GOOD],
            "new": colours[meaning.GOOD],
            "shrinking": colours[meaning.BAD],
            "stopped": colours[meaning.BAD],
        }
        movers = [r for r in growth if r.band in ("shrinking", "stopped", "growing", "new")][:40]
        for r in movers:
            g.add_row(
                f"{r.code} {r.name}"[:26],
                Text(fmt.money(r.this_year), justify="right"),
                Text(fmt.money(r.last_year), justify="right"),
                "—" if r.change is None else fmt.number(r.change, 1) + " %",
                Text(rules.word(rules.GROWTH_LABELS, r.band), style=styles.get(r.band, "")),
            )
        self.query_one("#mkt-growth-head", Static).update(
            _("This year to date against the same days last year: {parts}. Biggest changes first.").format(
                parts=", ".join(
                    f"{rules.word(rules.GROWTH_LABELS, b)} {counts[b]}" for b in rules.GROWTH_BANDS
                )
            )
        )
        ina = self.query_one("#mkt-inactive", DataTable)
        ina.clear()
        for r in inactive[:40]:
            ina.add_row(
                f"{r.code} {r.name}"[:26],
                fmt.date(r.last_invoice),
                str(r.days),
                Text(fmt.money(r.last_12_months), justify="right"),
            )
        self.query_one("#mkt-inactive-head", Static).update(
            _("Inactive customers (no invoice for more than {days} days): {n}.").format(
                days=self.inactive_after, n=len(inactive)
            )
        )

    # ------------------------------------------------------------------ actions

    def action_next_tab(self) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = TABS[(TABS.index(tabs.active) + 1) % len(TABS)]

    def _prospect(self) -> str | None:
        tab = self.query_one(TabbedContent).active
        number = getattr(self, "list_selected", None) if tab == "tab-prospects" else self.selected
        if not number:
            self.notify(_("No prospect selected."), severity="warning")
        return number

    def _saved(self, message: str | None) -> None:
        if message:
            self.notify(message)
            self.action_refresh()

    def action_add_prospect(self) -> None:
        rt = self.runtime
        fields = [
            FormField("company", _("Company"), "", _("name")),
            FormField("contact", _("Contact"), ""),
            FormField("territory", _("Zone"), "", _("code")),
            FormField("group", _("Group"), "", _("code")),
            FormField("owner", _("Owner"), "", _("salesperson code")),
            FormField("value", _("Annual value"), "", _("estimated sales a year")),
            FormField(
                "channel",
                _("Channel"),
                "other",
                choices=tuple((rules.word(rules.CHANNEL_LABELS, c), c) for c in rules.CHANNELS),
            ),
            FormField("campaign", _("Campaign"), "", _("code, when it came from one")),
            FormField("next_action", _("Next action"), ""),
            FormField("next_action_date", _("By"), "", "YYYY-MM-DD"),
        ]

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session

            data = {k: v for k, v in values.items() if v.strip()}
            if data.get("campaign"):
                data["channel"] = "campaign"
            with write_session(rt.engine) as session:
                number = queries.add_prospect(
                    session=session,
                    data=data | {"company": values["company"]},
                    identified=None,
                    today=rt.today(),
                    locale=rt.locale,
                    now=rt.now(),
                )
            return _("Prospect {number} added ({company}).").format(
                number=number, company=values["company"].strip()
            )

        self.app.push_screen(FormScreen(_("New prospect"), fields, save), self._saved)

    def action_move(self) -> None:
        number = self._prospect()
        if number is None:
            return
        rt = self.runtime
        current = self.cards.get(number) or getattr(self, "list_cards", {}).get(number)
        choices = tuple(
            (rules.word(rules.STAGE_LABELS, s), s)
            for s in rules.STAGES
            if current is None or s != current.stage
        )
        following = (
            rules.STAGES[rules.STAGES.index(current.stage) + 1] if current is not None else choices[0][1]
        )
        reasons = (("—", ""), *((rules.word(rules.LOST_LABELS, r), r) for r in rules.LOST_REASONS))
        fields = [
            FormField("prospect", _("Prospect"), number, disabled=True),
            FormField("to_stage", _("To stage"), following, choices=choices),
            FormField("date", _("Date"), rt.today().isoformat(), "YYYY-MM-DD"),
            FormField("reason", _("Lost because"), "", choices=reasons),
            FormField("competitor", _("Lost to"), "", _("competitor code")),
            FormField("note", _("Note"), ""),
        ]

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session
            from salesdesk.org.rules import clean_date

            with write_session(rt.engine) as session:
                stage = queries.move_prospect(
                    session=session,
                    number=number,
                    stage=values["to_stage"],
                    day=clean_date(values["date"], "date"),
                    today=rt.today(),
                    now=rt.now(),
                    lost_reason=values["reason"] or None,
                    competitor=values["competitor"] or None,
                    note=values["note"],
                )
            won.append(stage == "won")
            return _("Prospect {number}: {stage}.").format(
                number=number, stage=rules.word(rules.STAGE_LABELS, stage)
            )

        won: list[bool] = []

        def moved(message: str | None) -> None:
            self._saved(message)
            if message and won and won[-1]:  # a won prospect becomes a customer: its form follows
                self.action_convert(number)

        self.app.push_screen(FormScreen(_("Move a prospect"), fields, save), moved)

    def action_convert(self, number: str | None = None) -> None:
        number = number or self._prospect()
        if number is None:
            return
        rt = self.runtime
        fields = [
            FormField("prospect", _("Prospect"), number, disabled=True),
            FormField("code", _("Customer code"), "", _("empty: the next free code")),
            FormField("terms_days", _("Payment terms"), "30", _("days")),
            FormField("tier", _("Tier"), "C", choices=(("A", "A"), ("B", "B"), ("C", "C"))),
        ]

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session

            with write_session(rt.engine) as session:
                code = queries.convert(
                    session=session,
                    number=number,
                    code=values["code"] or None,
                    data={"terms_days": values["terms_days"], "tier": values["tier"]},
                    locale=rt.locale,
                    now=rt.now(),
                )
            return _("Prospect {number} is now customer {code}.").format(number=number, code=code)

        self.app.push_screen(FormScreen(_("Make a won prospect a customer"), fields, save), self._saved)

    def action_next_action(self) -> None:
        number = self._prospect()
        if number is None:
            return
        rt = self.runtime
        fields = [
            FormField("prospect", _("Prospect"), number, disabled=True),
            FormField("action", _("Next action"), ""),
            FormField("date", _("By"), "", "YYYY-MM-DD"),
        ]

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session
            from salesdesk.org.rules import clean_date

            with write_session(rt.engine) as session:
                queries.set_next_action(
                    session=session,
                    number=number,
                    action=values["action"],
                    due=clean_date(values["date"], "date", required=False),
                    today=rt.today(),
                )
            return _("Prospect {number}: next action recorded.").format(number=number)

        self.app.push_screen(FormScreen(_("Next action"), fields, save), self._saved)

    def action_add_campaign(self) -> None:
        rt = self.runtime
        fields = [
            FormField("code", _("Code"), ""),
            FormField("name", _("Name"), ""),
            FormField("start", _("From"), rt.today().isoformat(), "YYYY-MM-DD"),
            FormField("end", _("To"), "", "YYYY-MM-DD"),
            FormField("territory", _("Zone"), "", _("code (empty: every zone)")),
            FormField("group", _("Target group"), "", _("code (empty: every group)")),
            FormField("budget", _("Budget"), ""),
            FormField("leads", _("Goal: leads"), ""),
            FormField("customers", _("Goal: new customers"), ""),
            FormField("sales", _("Goal: sales"), ""),
        ]

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session

            with write_session(rt.engine) as session:
                code = campaigns.add_campaign(
                    session=session,
                    code=values["code"],
                    data={k: v for k, v in values.items() if k != "code"},
                    locale=rt.locale,
                )
            return _("Campaign {code} added.").format(code=code)

        self.app.push_screen(FormScreen(_("New campaign"), fields, save), self._saved)
