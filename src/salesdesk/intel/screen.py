"""The Intel room: the intel feed (filters by competitor, topic and impact, paged from the database) with
each entry's countermeasures, the competitors and the deals lost to them, the sales forecast against the
plan (chart and table), and the data-quality findings with the merge action."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Select, Static, TabbedContent, TabPane
from textual_plotext import PlotextPlot

from salesdesk.core.db import read_session
from salesdesk.core.i18n import _
from salesdesk.intel import outlook, quality, queries, rules
from salesdesk.intel.forecasting import METHODS
from salesdesk.tui import meaning
from salesdesk.tui.room_screen import RoomScreen
from salesdesk.tui.widgets.form import FormField, FormScreen
from salesdesk.tui.widgets.paged_table import PagedTable, Row

TABS = ["tab-feed", "tab-competitors", "tab-forecast", "tab-quality"]
TAB_ACTIONS = {
    "tab-feed": ("add_measure", "measure_status"),
    "tab-forecast": ("next_by", "next_key", "previous_key"),
    "tab-quality": ("merge",),
}
BY_CHOICES = (None, "territory", "group", "salesperson")
SEVERITY_MEANING = {"error": meaning.BAD, "warning": meaning.CAUTION, "info": meaning.NEUTRAL}
#: Findings the table shows at most (the most serious first).
FINDINGS_SHOWN = 500


class IntelScreen(RoomScreen):
    CSS_PATH = "intel.tcss"
    BINDINGS = [
        Binding("r", "refresh", _("Refresh")),
        Binding("t", "next_tab", _("Next tab")),
        Binding("a", "add_entry", _("New intel")),
        Binding("m", "add_measure", _("Countermeasure")),
        Binding("s", "measure_status", _("Measure status")),
        Binding("b", "next_by", _("Forecast by")),
        Binding("right_square_bracket", "next_key", _("Next"), show=False),
        Binding("left_square_bracket", "previous_key", _("Previous"), show=False),
        Binding("g", "merge", _("Merge duplicates")),
    ]

    def __init__(self, runtime) -> None:  # noqa: ANN001
        super().__init__(runtime)
        self.filters = queries.EntryFilter()
        self.entry: str | None = None
        self.by_index = 0
        self.key_index = 0
        self.outlooks: list[outlook.Outlook] = []
        self.findings: list = []

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="int-tabs"):
            with TabPane(_("Intel feed"), id="tab-feed"):
                with Horizontal(id="int-filters"):
                    yield Select([], prompt=_("Every competitor"), compact=True, id="int-competitor")
                    yield Select(
                        [(rules.word(rules.TOPIC_LABELS, t), t) for t in rules.TOPICS],
                        prompt=_("Every topic"),
                        compact=True,
                        id="int-topic",
                    )
                    yield Select(
                        [(rules.word(rules.IMPACT_LABELS, i), i) for i in rules.IMPACTS],
                        prompt=_("Every impact"),
                        compact=True,
                        id="int-impact",
                    )
                    yield Static("", id="int-feed-head")
                with Horizontal(id="int-feed-body"):
                    yield PagedTable(
                        [
                            (_("Number"), 9),
                            (_("Date"), 10),
                            (_("Competitor"), 8),
                            (_("Zone"), 5),
                            (_("Topic"), 10),
                            (_("Impact"), 7),
                            (_("Observed"), 40),
                        ],
                        self._fetch,
                        id="int-feed",
                    )
                    with VerticalScroll(id="int-detail"):
                        yield Static(_("No entry selected."), id="int-card")
            with TabPane(_("Competitors"), id="tab-competitors"):
                yield Static("", id="int-comp-head", classes="int-caption")
                yield DataTable(id="int-competitors", cursor_type="row", zebra_stripes=True)
                yield Static("", id="int-lost-head", classes="int-caption")
                yield DataTable(id="int-lost", cursor_type="row", zebra_stripes=True)
            with TabPane(_("Forecast"), id="tab-forecast"):
                yield Static("", id="int-fc-head", classes="int-caption")
                yield PlotextPlot(id="int-chart")
                yield DataTable(id="int-forecast", cursor_type="row", zebra_stripes=True)
            with TabPane(_("Data quality"), id="tab-quality"):
                yield Static("", id="int-dq-head", classes="int-caption")
                with Vertical(id="int-dq-body"):
                    yield DataTable(id="int-findings", cursor_type="row", zebra_stripes=True)
                    yield Static("", id="int-finding", classes="int-caption")
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Intel")
        comp = self.query_one("#int-competitors", DataTable)
        for header in (
            _("Code"),
            _("Name"),
            _("Intel entries"),
            _("Last"),
            _("High impact"),
            _("Deals lost to it"),
        ):
            comp.add_column(header)
        lost = self.query_one("#int-lost", DataTable)
        for header in (_("Competitor"), _("Reason"), _("Deals"), _("Annual value")):
            lost.add_column(header)
        findings = self.query_one("#int-findings", DataTable)
        for header, width in ((_("Severity"), 9), (_("Rule"), 20), (_("Records"), 16), (_("Finding"), 70)):
            findings.add_column(header, width=width)
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
        yield SystemCommand(
            _("Intel: refresh"), _("Read intel, forecast and findings again"), self.action_refresh
        )
        yield SystemCommand(
            _("Intel: record what was observed…"), _("Competitor, topic, impact"), self.action_add_entry
        )
        yield SystemCommand(
            _("Intel: countermeasure for the highlighted entry…"), "", self.action_add_measure
        )
        yield SystemCommand(_("Intel: forecast by zone, group or salesperson"), "", self.action_next_by)
        yield SystemCommand(_("Intel: merge the highlighted duplicates…"), "", self.action_merge)

    def room_help(self) -> Text:
        return Text(
            "\n".join(
                [
                    _("How the Intel room forecasts and audits"),
                    "",
                    _(
                        "Forecast: monthly net sales from the invoices, Holt-Winters (additive season, "
                        "damped trend) with two years of history or more, Holt's trend with less; MAPE = the "
                        "mean error of forecasting the last 6 complete months from the months before them."
                    ),
                    _("Plan and gap: over the forecast months the plan has targets for."),
                    _(
                        "Data quality: errors (red) make salesdesk check exit 1; g merges the duplicate of a "
                        "highlighted finding into the customer kept (everything of it moves)."
                    ),
                    _(
                        "Keys: a record intel, m countermeasure, s its status, b forecast by, [ ] another "
                        "line, g merge."
                    ),
                ]
            )
        )

    # ------------------------------------------------------------------ reading

    def action_refresh(self) -> None:
        today, by = self.runtime.today(), BY_CHOICES[self.by_index]

        def load(session):  # noqa: ANN001, ANN202
            from salesdesk.market import queries as market

            return queries.list_competitors(session=session), market.lost_deals(session=session)

        # three reads: the forecast and the audit take a second or two each at a million invoices, and
        # the feed and the competitors do not wait for them
        self.sub_title = _("reading…")
        self.read(load, self._show, group="intel")
        self.read(
            lambda s: outlook.outlook(session=s, as_of=today, by=by), self._show_outlooks, group="intel-fc"
        )
        self.read(lambda s: quality.run_checks(session=s, today=today), self._show_findings, group="intel-dq")
        self.query_one("#int-feed", PagedTable).refresh_page()

    def _show_outlooks(self, outlooks: list) -> None:
        self.sub_title = ""
        self.outlooks = outlooks
        self.key_index = min(self.key_index, max(len(outlooks) - 1, 0))
        self._show_forecast()

    def _show(self, loaded) -> None:  # noqa: ANN001
        competitors, lost = loaded
        fmt = self.fmt
        select = self.query_one("#int-competitor", Select)
        options = [(f"{c.code} {c.name}"[:30], c.code) for c in competitors]
        if [v for _l, v in options] != getattr(self, "_competitor_codes", None):
            self._competitor_codes = [v for _l, v in options]
            current = select.value
            select.set_options(options)
            if current in self._competitor_codes:
                select.value = current
        comp = self.query_one("#int-competitors", DataTable)
        comp.clear()
        for c in competitors:
            comp.add_row(
                c.code,
                c.name[:30],
                str(c.entries),
                fmt.date(c.last_entry),
                str(c.high_impact),
                str(c.lost_deals),
            )
        self.query_one("#int-comp-head", Static).update(
            _("{n} competitors: what was observed about each, and the deals lost to it.").format(
                n=len(competitors)
            )
        )
        from salesdesk.market import rules as market_rules

        lt = self.query_one("#int-lost", DataTable)
        lt.clear()
        for r in lost:
            lt.add_row(
                f"{r.competitor or '—'} {r.competitor_name or ''}"[:30],
                rules.word(market_rules.LOST_LABELS, r.reason),
                str(r.count),
                Text(fmt.money(r.value), justify="right"),
            )
        self.query_one("#int-lost-head", Static).update(
            _("Deals lost, by competitor and reason: {n} deals, {value} a year.").format(
                n=sum(r.count for r in lost), value=fmt.money(sum((r.value for r in lost), outlook.ZERO))
            )
        )

    def _fetch(self, offset: int, limit: int) -> tuple[list[Row], int]:
        """Runs on the paged table's worker thread."""
        fmt, f = self.fmt, self.filters
        colours = meaning.styles(self.app)
        with read_session(self.runtime.engine) as session:
            total = queries.count_entries(session=session, filters=f)
            rows = queries.list_entries(session=session, filters=f, limit=limit, offset=offset)
        self.app.call_from_thread(
            self.query_one("#int-feed-head", Static).update, _("{n} entries").format(n=fmt.number(total))
        )
        impact = {"high": colours[meaning.BAD], "medium": colours[meaning.CAUTION], "low": ""}
        out: list[Row] = []
        for e in rows:
            out.append(
                (
                    e.number,
                    [
                        e.number,
                        fmt.date(e.date),
                        e.competitor or "",
                        e.territory or "",
                        rules.word(rules.TOPIC_LABELS, e.topic),
                        Text(rules.word(rules.IMPACT_LABELS, e.impact), style=impact.get(e.impact, "")),
                        e.observed.replace("\n", " ")[:40],
                    ],
                )
            )
        return out, total

    @on(Select.Changed)
    def _filter(self, event: Select.Changed) -> None:
        def value(widget_id: str) -> str | None:
            v = self.query_one(widget_id, Select).value
            return v if isinstance(v, str) else None

        self.filters = queries.EntryFilter(
            competitor=value("#int-competitor"), topic=value("#int-topic"), impact=value("#int-impact")
        )
        self.query_one("#int-feed", PagedTable).reload()

    @on(PagedTable.Highlighted)
    def _entry_highlighted(self, event: PagedTable.Highlighted) -> None:
        self.entry = event.key
        if not event.key:
            self.query_one("#int-card", Static).update(_("No entry selected."))
            return
        number, today = event.key, self.runtime.today()

        def load(session):  # noqa: ANN001, ANN202
            found = queries.list_entries(session=session, filters=queries.EntryFilter(search=number), limit=5)
            entry = next((e for e in found if e.number == number), None)
            return entry, queries.list_measures(session=session, today=today, entry=number)

        self.read(load, self._show_entry, group="intel-entry")

    def _show_entry(self, loaded) -> None:  # noqa: ANN001
        entry, measures = loaded
        if entry is None:
            return
        self.measures = measures
        fmt = self.fmt
        lines = [
            f"{entry.number} · {fmt.date(entry.date)}",
            _("Competitor: {c}").format(
                c=f"{entry.competitor} {entry.competitor_name}" if entry.competitor else "—"
            ),
            _("Zone: {z}; topic: {t}; impact: {i}").format(
                z=entry.territory or "—",
                t=rules.word(rules.TOPIC_LABELS, entry.topic),
                i=rules.word(rules.IMPACT_LABELS, entry.impact),
            ),
            _("Source: {s}; reported by {who}").format(
                s=entry.source or "—", who=entry.reported_by or _("the manager")
            ),
            "",
            entry.observed,
            "",
            _("Countermeasures (m adds one):") if measures else _("No countermeasure yet (m adds one)."),
        ]
        for m in measures:
            lines.append(
                f"  {m.number} {rules.word(rules.STATUS_LABELS, m.status)} · {m.action} · "
                + _("owner {o}, due {d}").format(o=m.owner or _("the manager"), d=fmt.date(m.due) or "—")
                + (
                    " · "
                    + _("told {dept} on {day}").format(
                        dept=rules.word(rules.DEPARTMENT_LABELS, m.department), day=fmt.date(m.told_on)
                    )
                    if m.department
                    else ""
                )
            )
        self.query_one("#int-card", Static).update("\n".join(lines))

    # ------------------------------------------------------------------ forecast

    def _show_forecast(self) -> None:
        fmt = self.fmt
        by = BY_CHOICES[self.by_index]
        method_words = dict(zip(METHODS, (_("Holt-Winters"), _("Holt (trend)"), _("mean")), strict=True))
        table = self.query_one("#int-forecast", DataTable)
        table.clear(columns=True)
        names = {
            None: _("Region"),
            "territory": _("Zone"),
            "group": _("Group"),
            "salesperson": _("Salesperson"),
        }
        for header in (names[by], _("Method"), _("MAPE"), _("Forecast 12 months"), _("Plan"), _("Gap")):
            table.add_column(header)
        colours = meaning.styles(self.app)
        for o in self.outlooks:
            gap_style = "" if o.gap is None else colours[meaning.BAD if o.gap < 0 else meaning.GOOD]
            table.add_row(
                (o.key or (_("no zone") if by else _("all"))) + (f" {o.name}" if o.name else ""),
                method_words.get(o.method, o.method),
                "—" if o.mape is None else fmt.number(o.mape, 1) + " %",
                Text(fmt.money(o.total), justify="right"),
                Text("—" if o.target is None else fmt.money(o.target), justify="right"),
                Text("—" if o.gap is None else fmt.money(o.gap), style=gap_style, justify="right"),
            )
        if self.outlooks:
            table.move_cursor(row=self.key_index)
        self._draw_chart()

    def _draw_chart(self) -> None:
        plot = self.query_one("#int-chart", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        head = self.query_one("#int-fc-head", Static)
        if not self.outlooks:
            head.update(_("No invoices yet: nothing to forecast from."))
            plot.refresh()
            return
        o = self.outlooks[self.key_index]
        colours = meaning.styles(self.app)
        from salesdesk.expenses.screen import _rgb

        history = o.history[-24:]
        n = len(history)
        xs_hist = list(range(n))
        xs_fc = list(range(n, n + len(o.months)))
        plt.plot(
            xs_hist, [float(v) for _m, v in history], label=_("sales"), color=_rgb(colours[meaning.NEUTRAL])
        )
        plt.plot(
            [n - 1, *xs_fc] if history else xs_fc,
            ([float(history[-1][1])] if history else []) + [float(m.forecast) for m in o.months],
            label=_("forecast"),
            color=_rgb(colours[meaning.CAUTION]),
        )
        planned = [(x, float(m.target)) for x, m in zip(xs_fc, o.months, strict=True) if m.target is not None]
        if planned:
            plt.scatter(
                [x for x, _v in planned],
                [v for _x, v in planned],
                label=_("plan"),
                color=_rgb(colours[meaning.GOOD]),
            )
        labels = [m for m, _v in history] + [m.month for m in o.months]
        step = max(1, len(labels) // 8)
        plt.xticks(list(range(0, len(labels), step)), [labels[i] for i in range(0, len(labels), step)])
        top = max(
            [v for _m, v in history]
            + [m.forecast for m in o.months]
            + [m.target for m in o.months if m.target is not None]
        )
        if top > 0:
            ticks = [top * i / 4 for i in range(5)]
            plt.yticks([float(t) for t in ticks], [self.fmt.number(t.quantize(1), 0) for t in ticks])
        by = BY_CHOICES[self.by_index]
        who = (o.key or _("no zone")) + (f" {o.name}" if o.name else "") if by else _("the whole region")
        head.update(
            _(
                "Forecast for {who} ({n} of {total}; b: by zone, group or salesperson; [ ] another): method "
                "{method}, backtest MAPE {mape}; 12 months {fc}, plan {plan}, gap {gap}."
            ).format(
                who=who,
                n=self.key_index + 1,
                total=len(self.outlooks),
                method={"holt_winters": _("Holt-Winters"), "holt": _("Holt (trend)")}.get(
                    o.method, _("mean")
                ),
                mape="—" if o.mape is None else self.fmt.number(o.mape, 1) + " %",
                fc=self.fmt.money(o.total),
                plan="—" if o.target is None else self.fmt.money(o.target),
                gap="—" if o.gap is None else self.fmt.money(o.gap),
            )
        )
        plot.refresh()

    def action_next_by(self) -> None:
        self.by_index = (self.by_index + 1) % len(BY_CHOICES)
        self.key_index = 0
        self.action_refresh()

    def action_next_key(self) -> None:
        if self.outlooks:
            self.key_index = (self.key_index + 1) % len(self.outlooks)
            self._show_forecast()

    def action_previous_key(self) -> None:
        if self.outlooks:
            self.key_index = (self.key_index - 1) % len(self.outlooks)
            self._show_forecast()

    @on(DataTable.RowHighlighted, "#int-forecast")
    def _forecast_row(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row != self.key_index and 0 <= event.cursor_row < len(self.outlooks):
            self.key_index = event.cursor_row
            self._draw_chart()

    # ------------------------------------------------------------------ data quality

    def _show_findings(self, findings: list) -> None:
        self.findings = findings[:FINDINGS_SHOWN]  # errors first: the table never holds thousands of rows
        colours = meaning.styles(self.app)
        table = self.query_one("#int-findings", DataTable)
        table.clear()
        for i, f in enumerate(self.findings):
            table.add_row(
                Text(
                    rules.word(rules.SEVERITY_LABELS, f.severity), style=colours[SEVERITY_MEANING[f.severity]]
                ),
                f.rule,
                ", ".join(f.records)[:16],
                f.message[:70],
                key=str(i),
            )
        self.query_one("#int-dq-head", Static).update(
            _("Data quality: {counts}.").format(counts=rules.counts_text(findings))
            + (
                " "
                + _("The first {n} are shown; salesdesk check --json lists every one.").format(
                    n=FINDINGS_SHOWN
                )
                if len(findings) > FINDINGS_SHOWN
                else ""
            )
            if findings
            else _("No findings: the data looks consistent.")
        )
        self._finding_detail()

    def _finding(self):  # noqa: ANN202
        table = self.query_one("#int-findings", DataTable)
        if not table.row_count or not self.findings:
            return None
        return self.findings[min(table.cursor_row, len(self.findings) - 1)]

    @on(DataTable.RowHighlighted, "#int-findings")
    def _finding_detail(self) -> None:
        f = self._finding()
        box = self.query_one("#int-finding", Static)
        if f is None:
            box.update("")
            return
        mergeable = f.entity == "customer" and len(f.records) == 2
        box.update(
            f"{f.message}\n"
            + _("Fix: {fix}").format(fix=f.fix)
            + ("\n" + _("g merges them.") if mergeable else "")
        )

    # ------------------------------------------------------------------ actions

    def action_next_tab(self) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = TABS[(TABS.index(tabs.active) + 1) % len(TABS)]

    def _saved(self, message: str | None) -> None:
        if message:
            self.notify(message)
            self.action_refresh()

    def action_add_entry(self) -> None:
        rt = self.runtime
        fields = [
            FormField("observed", _("Observed"), "", _("what was seen or heard")),
            FormField("competitor", _("Competitor"), "", _("code (empty: the market)")),
            FormField("territory", _("Zone"), "", _("code")),
            FormField(
                "topic",
                _("Topic"),
                "price",
                choices=tuple((rules.word(rules.TOPIC_LABELS, t), t) for t in rules.TOPICS),
            ),
            FormField(
                "impact",
                _("Impact"),
                "medium",
                choices=tuple((rules.word(rules.IMPACT_LABELS, i), i) for i in rules.IMPACTS),
            ),
            FormField("source", _("Source"), ""),
            FormField("by", _("Reported by"), "", _("salesperson code (empty: you)")),
            FormField("date", _("Date"), rt.today().isoformat(), "YYYY-MM-DD"),
        ]

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session
            from salesdesk.org.rules import clean_date

            with write_session(rt.engine) as session:
                number = queries.add_entry(
                    session=session,
                    day=clean_date(values["date"], "date"),
                    observed=values["observed"],
                    competitor=values["competitor"],
                    territory=values["territory"],
                    topic=values["topic"],
                    impact=values["impact"],
                    source=values["source"],
                    reported_by=values["by"],
                    today=rt.today(),
                )
            return _("Intel entry {number} recorded.").format(number=number)

        self.app.push_screen(FormScreen(_("Record intel"), fields, save), self._saved)

    def action_measure_status(self) -> None:
        """Move one of the highlighted entry's open countermeasures on (in progress, done, cancelled)."""
        open_ones = [m for m in getattr(self, "measures", []) if m.status in ("open", "in_progress")]
        if not self.entry or not open_ones:
            self.notify(_("The highlighted entry has no open countermeasure."), severity="warning")
            return
        rt = self.runtime
        measures = tuple((f"{m.number} {m.action}"[:40], m.number) for m in open_ones)
        statuses = tuple(
            (rules.word(rules.STATUS_LABELS, s), s) for s in ("in_progress", "done", "cancelled")
        )
        fields = [
            FormField("measure", _("Countermeasure"), open_ones[0].number, choices=measures),
            FormField("status", _("Status"), "done", choices=statuses),
            FormField("note", _("Note"), "", _("why (kept in the history)")),
        ]

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session

            with write_session(rt.engine) as session:
                queries.set_measure_status(
                    session=session,
                    number=values["measure"],
                    status=values["status"],
                    today=rt.today(),
                    now=rt.now(),
                    note=values["note"],
                )
            return _("Countermeasure {number}: {status}.").format(
                number=values["measure"], status=rules.word(rules.STATUS_LABELS, values["status"])
            )

        def done(message: str | None) -> None:
            self._saved(message)
            if message and self.entry:
                self.query_one("#int-feed", PagedTable).refresh_page()

        self.app.push_screen(FormScreen(_("Countermeasure status"), fields, save), done)

    def action_add_measure(self) -> None:
        entry = self.entry
        if not entry:
            self.notify(_("No entry selected."), severity="warning")
            return
        rt = self.runtime
        departments = (("—", ""), *((rules.word(rules.DEPARTMENT_LABELS, d), d) for d in rules.DEPARTMENTS))
        fields = [
            FormField("entry", _("Entry"), entry, disabled=True),
            FormField("action", _("Action"), "", _("what will be done")),
            FormField("owner", _("Owner"), "", _("salesperson code (empty: you)")),
            FormField("due", _("Due"), "", "YYYY-MM-DD"),
            FormField("department", _("Told"), "", choices=departments),
        ]

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session
            from salesdesk.org.rules import clean_date

            with write_session(rt.engine) as session:
                number = queries.add_measure(
                    session=session,
                    action=values["action"],
                    entry=entry,
                    owner=values["owner"],
                    due=clean_date(values["due"], "due", required=False),
                    department=values["department"] or None,
                    told_on=None,
                    today=rt.today(),
                )
            return _("Countermeasure {number} added.").format(number=number)

        self.app.push_screen(FormScreen(_("Countermeasure"), fields, save), self._saved)

    def action_merge(self) -> None:
        f = self._finding()
        if f is None or f.entity != "customer" or len(f.records) != 2:
            self.notify(_("Highlight a finding about two customers to merge them."), severity="warning")
            return
        rt = self.runtime
        keep, dup = f.records
        fields = [
            FormField("keep", _("Keep"), keep, _("customer code")),
            FormField("duplicate", _("Merge and remove"), dup, _("customer code")),
        ]

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session
            from salesdesk.intel import merge

            with write_session(rt.engine) as session:
                done = merge.merge_customers(
                    session=session, keep=values["keep"], duplicate=values["duplicate"], now=rt.now()
                )
            moved = sum(done.moved.values())
            return _("{dup} merged into {keep}: {n} records moved.").format(
                dup=done.duplicate, keep=done.keep, n=moved
            )

        self.app.push_screen(
            FormScreen(
                _("Merge duplicate customers (everything of the second moves to the first)"), fields, save
            ),
            self._saved,
        )
