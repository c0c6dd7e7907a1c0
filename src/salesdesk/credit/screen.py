"""The Credit room: every customer's score, class, limit, exposure and usage, overdue and status (sortable,
filtered by salesperson and status); the selected customer's aging, open invoices, payments and what they
paid, limit history and follow-ups; aging totals and the month-end trend; approve a limit, add a follow-up,
record a payment."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal
from functools import partial

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Select, Static

from salesdesk.core.errors import DataError
from salesdesk.core.i18n import N_, _
from salesdesk.credit import ledger, queries, rules
from salesdesk.credit.commands import STATUS_LABELS, limit_value
from salesdesk.credit.commands_followup import PROMISE_LABELS, promise_text
from salesdesk.tui import meaning
from salesdesk.tui.room_screen import RoomScreen
from salesdesk.tui.widgets.form import FormField, FormScreen

ZERO = Decimal("0.00")
#: What each status means on screen (colours from the theme, see ``tui.meaning``); hold is also bold.
STATUS_MEANING = {rules.OK: meaning.GOOD, rules.WARNING: meaning.CAUTION, rules.OVER: meaning.BAD,
                  rules.HOLD: meaning.BAD}  # fmt: skip
BUCKET_HEADERS = (N_("Not due"), N_("1–30"), N_("31–60"), N_("61–90"), N_("Over 90"))
#: Columns that sort: key → (header, sort key of a status row).
SORTS = {
    "code": lambda r: r.code,
    "name": lambda r: r.name.casefold(),
    "score": lambda r: r.score.score if r.score is not None else Decimal(-1),
    "limit": lambda r: r.exposure.limit or ZERO,
    "exposure": lambda r: r.exposure.exposure,
    "usage": lambda r: r.exposure.usage_pct if r.exposure.usage_pct is not None else Decimal(-1),
    "overdue": lambda r: r.overdue,
    "status": lambda r: list(STATUS_MEANING).index(r.exposure.status),
}
#: How the limit form forces a lowering below the debt (its own field, not the command's --force).
FORCE_HINT = N_("set “Below the debt?” to yes")
#: Width of the name column (longer names end in "…"; the card has them whole).
NAME_WIDTH = 28
#: The most rows the table shows at once (filters narrow the rest).
SHOWN = 200
#: Up to this many customers every score is computed with the list; beyond, only the rows shown get one
#: (a score reads the customer's whole payment history).
SCORE_ALL = 2000


def status_style(colours: dict[str, str], status: str) -> str:
    """The Rich style of a credit status: its meaning's theme colour (hold in bold)."""
    colour = colours[STATUS_MEANING[status]]
    return f"bold {colour}" if status == rules.HOLD else colour


def usage_bar(row: queries.StatusRow, colours: dict[str, str], fmt, width: int = 10) -> Text:  # noqa: ANN001
    """Usage of the limit as a bar and a percentage (in the locale's numbers), coloured by the status."""
    e = row.exposure
    style = status_style(colours, e.status)
    if e.usage_pct is None:
        return Text(_("no credit") if e.exposure > 0 else "—", style=style if e.exposure > 0 else "dim")
    filled = min(width, int(e.usage_pct * width / 100))
    return Text("█" * filled + "░" * (width - filled) + f" {fmt.number(e.usage_pct, 1):>5} %", style=style)


#: Rows of blocks in the month-end chart (each row is eight steps high).
CHART_ROWS = 5
BLOCKS = " ▁▂▃▄▅▆▇█"


def trend_chart(trend: list, fmt, good: str, bad: str, *, rows: int = CHART_ROWS) -> Group:  # noqa: ANN001
    """Month-end receivables as columns, one per reviewed month (oldest left): the overdue part at the
    bottom in ``bad``, the part not due above it in ``good``; under it the latest month in figures.
    ``rows`` of 1 draws a one-line strip (for a short terminal)."""
    top = max((max(t.total, ZERO) for t in trend), default=ZERO) or Decimal(1)
    steps = rows * 8
    heights = []
    for t in trend:
        overdue = max(t.total - t.not_due + t.unapplied, ZERO)
        heights.append((int(max(t.total, ZERO) * steps / top), int(overdue * steps / top)))
    width = 7 if rows > 1 else 3
    lines = [Text(_("Receivables at month end"), style="bold")] if rows > 1 else []
    for row in range(rows - 1, -1, -1):
        line = Text(" ")
        for total, overdue in heights:
            level = max(0, min(8, total - row * 8))
            if rows == 1:  # one row: the height is the total, the colour says how much of it is overdue
                level = max(1, level)
                line.append(BLOCKS[level] * width, style=bad if overdue * 2 > total else good)
            else:
                line.append(BLOCKS[level] * width, style=bad if row * 8 < overdue else good)
            line.append("  " if rows > 1 else " ")
        lines.append(line)
    if rows > 1:
        lines.append(Text(" " + "  ".join(t.month for t in trend), style="dim"))
    last = trend[-1]
    overdue = last.total - last.not_due + last.unapplied
    summary = Text(" ")
    summary.append(
        _("{month}: {total}, overdue {overdue}").format(
            month=last.month, total=fmt.money(last.total), overdue=fmt.money(overdue)
        )
    )
    if len(trend) > 1:
        change = last.total - trend[-2].total
        summary.append(
            "  "
            + _("({change} on the month before)").format(
                change=("+" if change > 0 else "") + fmt.money(change)
            ),
            style=bad if change > 0 else good,
        )
    if rows == 1:
        first = Text(
            " " + _("Receivables at month end") + f" ({trend[0].month}–{last.month})  ", style="bold"
        )
        return Group(first + lines[0], summary)
    lines.append(summary)
    lines.append(Text(" " + _("lower part: overdue; upper part: not due"), style="dim"))
    return Group(*lines)


#: Below this height the month-end chart is one line (the table keeps its rows).
SHORT = 40


class CreditScreen(RoomScreen):
    CSS_PATH = "credit.tcss"
    BINDINGS = [
        Binding("r", "refresh", _("Refresh")),
        Binding("l", "approve_limit", _("Approve limit")),
        Binding("f", "add_followup", _("Add follow-up")),
        Binding("p", "record_payment", _("Record payment")),
        Binding("o", "cycle_sort", _("Sort")),
    ]

    #: Below this width the card goes under the table (its aging and invoice tables need the width).
    NARROW = 180

    def __init__(self, runtime) -> None:  # noqa: ANN001
        super().__init__(runtime)
        self.rows: list[queries.StatusRow] = []
        self.trend: list = []
        self.sort_key = "overdue"
        self.sort_reverse = True
        self.salesperson: str | None = None
        self.status: str | None = None
        self.selected: str | None = None
        #: The selected customer's card as last read (the limit form starts from its review date).
        self._detail: queries.CustomerCredit | None = None
        self._detail_timer = None
        #: Customers whose score is being read (so a redraw does not ask again).
        self._scoring: set[str] = set()
        self.weights: rules.ScoreWeights | None = None
        #: Warning % and hold days from the business rules (the defaults until the first read).
        self.limits: tuple[Decimal, int] = (rules.DEFAULT_WARNING_PCT, rules.DEFAULT_HOLD_DAYS)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="credit"):
            with Vertical(id="credit-list"):
                with Horizontal(id="credit-filters"):
                    yield Select([], prompt=_("All salespeople"), id="credit-salesperson")
                    yield Select(
                        [(_(label), code) for code, label in STATUS_LABELS.items()],
                        prompt=_("Every status"),
                        id="credit-status",
                    )
                yield Static(_("Loading…"), id="credit-totals")
                yield DataTable(id="credit-table", cursor_type="row", zebra_stripes=True)
                yield Static("", id="credit-trend")
            with VerticalScroll(id="credit-detail"):
                yield Static(_("No customer selected."), id="credit-card")
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Credit")
        self.query_one("#credit").set_class(self.size.width < self.NARROW, "narrow")
        table = self.query_one("#credit-table", DataTable)
        for key, header in (
            ("code", _("Code")),
            ("name", _("Name")),
            ("status", _("Status")),
            ("overdue", _("Overdue")),
            ("exposure", _("Exposure")),
            ("usage", _("Usage")),
            ("limit", _("Limit")),
            ("score", _("Score")),
            ("class", _("Class")),
        ):  # what decides a call first, so a narrow terminal still shows it
            table.add_column(header, key=key, width=NAME_WIDTH if key == "name" else None)
        table.focus()
        self.action_refresh()

    def on_resize(self, event: events.Resize) -> None:
        self.query_one("#credit").set_class(event.size.width < self.NARROW, "narrow")
        if self.trend:
            self.call_after_refresh(self._draw_trend)  # the list's new width decides how many months fit

    def reload_on_resume(self) -> None:
        self.action_refresh()

    def refresh_data(self) -> None:
        self.action_refresh()

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(_("Credit: refresh"), _("Read credit status again"), self.action_refresh)
        yield SystemCommand(
            _("Credit: approve the selected customer's limit…"), _("Amount, review date, note"),
            self.action_approve_limit,
        )  # fmt: skip
        yield SystemCommand(
            _("Credit: add a collection follow-up…"),
            _("Contact, agreement, promise"),
            self.action_add_followup,
        )
        yield SystemCommand(
            _("Credit: record a payment…"), _("From the selected customer"), self.action_record_payment
        )
        yield SystemCommand(
            _("Credit: change the sort order"), _("Cycle the sorted column"), self.action_cycle_sort
        )

    def room_help(self) -> Text:
        """How the score, the classes, the suggested limit and the statuses are made (current rules)."""
        w = self.weights or rules.ScoreWeights()
        floors = dict(w.class_floors)
        f = w.class_factors
        lines = [
            _("How the Credit room judges a customer"),
            "",
            _("Score 0–100 from the last 12 months; each part gives up to its points:"),
            _("  • average days paid late, weighted by amount: {p} points (none at {zero} days late)").format(
                p=w.days_late, zero=w.days_late_zero
            ),
            _("  • share of invoices paid on time: {p} points").format(p=w.late_share),
            _("  • overdue now against a month of sales: {p} points (none at a full month)").format(
                p=w.overdue
            ),
            _("  • age of the oldest overdue invoice: {p} points (none at {zero} days)").format(
                p=w.overdue_age, zero=w.overdue_age_zero
            ),
            _("  • months as a customer: {p} points (all of them at {months} months)").format(
                p=w.tenure, months=w.tenure_full_months
            ),
            _("  A part with no data yet (nothing paid) gives all its points."),
            _("Classes: A from {a}, B from {b}, C from {c}, else D.").format(
                a=floors["A"], b=floors["B"], c=floors["C"]
            ),
            _(
                "Suggested limit = average monthly sales × (terms days ÷ 30 + 1) × class factor "
                "(A {a}, B {b}, C {c}, D {d})."
            ).format(**{k.lower(): self.fmt.number(f[k]) for k in "ABCD"}),
            _(
                "Exposure = open receivables + open orders. Status: warning from {warning} % of the limit, "
                "over from 100 % (or any exposure without credit), hold when an invoice is more than {hold} "
                "days overdue."
            ).format(warning=self.limits[0], hold=self.limits[1]),
            _("Change them with `salesdesk config rule KEY VALUE` (see `salesdesk config show`)."),
        ]
        return Text("\n".join(lines))

    # ------------------------------------------------------------------ reading

    def action_refresh(self) -> None:
        as_of = self.runtime.today()

        def load(session):  # noqa: ANN001, ANN202
            from sqlmodel import select

            from salesdesk.credit import review
            from salesdesk.org.models import Salesperson

            rows = queries.room_status(session=session, as_of=as_of)
            if len(rows) <= SCORE_ALL and any(r.score is None for r in rows):
                found = queries.scores(session=session, as_of=as_of, codes=[r.code for r in rows])
                rows = [replace(r, score=found.get(r.code)) for r in rows]
            people = session.exec(select(Salesperson.code, Salesperson.name).order_by(Salesperson.code)).all()
            _edges, warning, hold = queries.settings(session)
            weights = queries.score_weights(session)
            trend = review.trend(session=session, months=12)
            return rows, list(people), trend, weights, (warning, hold)

        def after_refresh(_count: int) -> None:
            self.read(load, self._show, group="credit")

        # the receivables ledger first (customers whose documents changed), in a write session
        self._run(ledger.refresh, after_refresh, True, "credit-ledger")

    def _show(self, loaded) -> None:  # noqa: ANN001
        self._scoring.clear()
        self.rows, people, self.trend, self.weights, self.limits = loaded
        self.sub_title = _("as of {date}").format(date=self.fmt.date(self.runtime.today()))
        box = self.query_one("#credit-salesperson", Select)
        options = [(f"{code} {name}", code) for code, name in people]
        if [o[1] for o in options] != [o[1] for o in getattr(self, "_people", [])]:
            self._people = options
            box.set_options(options)
        self._draw_table()
        self._draw_trend()

    def _fetch_scores(self, codes: list[str]) -> None:
        as_of = self.runtime.today()
        self.read(
            lambda s: queries.scores(session=s, as_of=as_of, codes=codes), self._got_scores, group="scores"
        )

    def _got_scores(self, found: dict) -> None:
        self.rows = [replace(r, score=found[r.code]) if r.code in found else r for r in self.rows]
        self._draw_table()

    def _visible(self) -> list[queries.StatusRow]:
        rows = [
            r
            for r in self.rows
            if (self.salesperson is None or r.salesperson == self.salesperson)
            and (self.status is None or r.exposure.status == self.status)
        ]
        return sorted(rows, key=SORTS[self.sort_key], reverse=self.sort_reverse)

    def _draw_table(self) -> None:
        fmt = self.fmt
        colours = meaning.styles(self.app)
        table = self.query_one("#credit-table", DataTable)
        keep = self.selected
        table.clear()
        rows = self._visible()
        totals = rules.Aging()
        for r in rows:
            totals.add(r.aging)
        for r in rows[:SHOWN]:
            e = r.exposure
            table.add_row(
                r.code,
                Text(r.name, overflow="ellipsis", no_wrap=True),
                Text(_(STATUS_LABELS[e.status]), style=status_style(colours, e.status)),
                Text(fmt.money(r.overdue), justify="right", style="bold" if r.overdue > 0 else ""),
                Text(fmt.money(e.exposure), justify="right"),
                usage_bar(r, colours, fmt),
                Text(fmt.money(e.limit) if e.limit else _("no credit"), justify="right"),
                Text(fmt.number(r.score.score, 1), justify="right") if r.score else Text("…", style="dim"),
                r.score.credit_class if r.score else "",
                key=r.code,
            )
        codes = [r.code for r in rows[:SHOWN]]
        missing = [r.code for r in rows[:SHOWN] if r.score is None and r.code not in self._scoring]
        if missing:
            self._scoring.update(missing)
            self._fetch_scores(missing)
        if keep in codes:
            table.move_cursor(row=codes.index(keep))
        head = Table.grid(padding=(0, 2))
        for _bucket in (*BUCKET_HEADERS, "total"):
            head.add_column(justify="right")
        head.add_row(*(Text(_(h), style="bold") for h in BUCKET_HEADERS), Text(_("Total"), style="bold"))
        head.add_row(*(fmt.money(b) for b in totals.buckets), fmt.money(totals.total))
        sort_name = self.query_one("#credit-table", DataTable).columns[self.sort_key].label.plain
        shown = _("{shown} of {total} customers, sorted by {column}").format(
            shown=fmt.number(min(len(rows), SHOWN)), total=fmt.number(len(rows)), column=sort_name
        )
        self.query_one("#credit-totals", Static).update(Group(head, Text(shown, style="dim")))
        if not rows:
            self.query_one("#credit-card", Static).update(_("No customer matches the filters."))

    def _draw_trend(self) -> None:
        box = self.query_one("#credit-trend", Static)
        if not self.trend:
            box.update(Text(_("No month-end review stored yet: run `salesdesk credit review`."), style="dim"))
            return
        colours = meaning.styles(self.app)
        short = self.size.height < SHORT
        # as many months as the list's width holds (a column of 7 and a gap of 2; when short, 3 and 1
        # after the caption "… (2025-11–2026-10)")
        width = self.query_one("#credit-list").size.width - 2
        if short:
            width -= len(_("Receivables at month end")) + 20
        fit = max(3, width // (4 if short else 9))
        box.update(
            trend_chart(
                self.trend[-fit:],
                self.fmt,
                colours[meaning.GOOD],
                colours[meaning.BAD],
                rows=1 if short else 5,
            )
        )

    # ------------------------------------------------------------------ filters and sorting

    @on(Select.Changed, "#credit-salesperson")
    def _salesperson(self, event: Select.Changed) -> None:
        self.salesperson = None if event.value is Select.NULL else str(event.value)
        if self.rows:
            self._draw_table()

    @on(Select.Changed, "#credit-status")
    def _status(self, event: Select.Changed) -> None:
        self.status = None if event.value is Select.NULL else str(event.value)
        if self.rows:
            self._draw_table()

    @on(DataTable.HeaderSelected, "#credit-table")
    def _header(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        if key not in SORTS:
            return
        self.sort_reverse = not self.sort_reverse if key == self.sort_key else key not in ("code", "name")
        self.sort_key = key
        self._draw_table()

    def action_cycle_sort(self) -> None:
        keys = list(SORTS)
        self.sort_key = keys[(keys.index(self.sort_key) + 1) % len(keys)]
        self.sort_reverse = self.sort_key not in ("code", "name")
        self._draw_table()

    # ------------------------------------------------------------------ detail

    @on(DataTable.RowHighlighted, "#credit-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.selected = str(event.row_key.value) if event.row_key is not None else None
        if self._detail_timer is not None:
            self._detail_timer.stop()
        if self.selected is not None:
            # a short pause, so holding the arrow key does not queue a query per row
            self._detail_timer = self.set_timer(0.12, partial(self._load_detail, self.selected))

    def _load_detail(self, code: str) -> None:
        as_of = self.runtime.today()

        def load(session):  # noqa: ANN001, ANN202
            from salesdesk.credit import followups

            detail = queries.customer_credit(session=session, code=code, as_of=as_of)
            history = queries.limit_history(session=session, code=code)
            calls = followups.list_followups(session=session, as_of=as_of, customer=code)
            return detail, history, calls

        self.read(load, self._show_detail, group="detail")

    def _show_detail(self, loaded) -> None:  # noqa: ANN001
        detail, history, calls = loaded
        if detail.status.code != self.selected:
            return
        self._detail = detail
        self.query_one("#credit-card", Static).update(self._card(detail, history, calls))

    def _card(self, d: queries.CustomerCredit, history: list, calls: list) -> Group:
        fmt = self.fmt
        colours = meaning.styles(self.app)
        row = d.status
        e, s = row.exposure, row.score
        parts: list = []
        title = Text(f"{row.code}  {row.name}", style="bold")
        parts.append(title)
        facts = Table.grid(padding=(0, 2))
        facts.add_column(style="dim")
        facts.add_column()
        for label, value in (
            (_("Salesperson"), row.salesperson or "—"),
            (_("Terms"), _("{days} days").format(days=d.terms_days)),
            (_("Limit"), fmt.money(e.limit) if e.limit else _("no credit")),
            (_("Review"), fmt.date(d.review_date) if d.review_date else "—"),
            (_("Note"), d.note or "—"),
            (_("Open receivables"), fmt.money(e.open_receivables)),
            (_("Open orders"), fmt.money(e.open_orders)),
            (_("Exposure"), fmt.money(e.exposure)),
            (_("Usage"), usage_bar(row, colours, fmt)),
            (_("Status"), Text(_(STATUS_LABELS[e.status]), style=status_style(colours, e.status))),
            (_("Score"), f"{fmt.number(s.score, 1)} ({s.credit_class})"),
            (_("Suggested limit"), fmt.money(s.suggested_limit)),
            (_("Sales, 12 months"), fmt.money(d.importance.sales_12m)),
            (
                _("Share of the region"),
                f"{fmt.number(d.importance.share_pct, 1)} %" if d.importance.share_pct is not None else "—",
            ),
            (
                _("Growth"),
                f"{fmt.number(d.importance.growth_pct, 1)} %" if d.importance.growth_pct is not None else "—",
            ),
        ):
            facts.add_row(label, value)
        parts.append(facts)

        aging = Table(title=_("Aging"), expand=True, header_style="bold")
        for header in BUCKET_HEADERS:
            aging.add_column(_(header), justify="right")
        aging.add_column(_("Unapplied"), justify="right")
        aging.add_row(*(fmt.money(b) for b in row.aging.buckets), fmt.money(row.aging.unapplied))
        parts.append(aging)

        invoices = Table(title=_("Open invoices"), expand=True, header_style="bold")
        for header, justify in ((_("Number"), "left"), (_("Due"), "left"), (_("Days late"), "right"),
                                (_("Amount"), "right"), (_("Open"), "right")):  # fmt: skip
            invoices.add_column(header, justify=justify)  # type: ignore[arg-type]
        for o in d.open_invoices:
            late = Text(str(o.days_late), style=colours[meaning.BAD] if o.days_late > 0 else "")
            invoices.add_row(
                o.number, fmt.date(o.due_date), late, fmt.money(o.amount), fmt.money(o.open_amount)
            )
        if not d.open_invoices:
            invoices.add_row(_("nothing open"), "", "", "", "")
        parts.append(invoices)

        paid = Table(
            title=_("Payments and credit notes, and what they paid"), expand=True, header_style="bold"
        )
        for header, justify in ((_("Reference"), "left"), (_("Date"), "left"), (_("Amount"), "right"),
                                (_("Applied to"), "left")):  # fmt: skip
            paid.add_column(header, justify=justify)  # type: ignore[arg-type]
        for p in d.payments:
            applied = ", ".join(f"{n} {fmt.money(a)}" for n, a in p.applied)
            left = p.amount - sum((a for _n, a in p.applied), ZERO)
            if left > 0:
                applied = (applied + ", " if applied else "") + _("credit {amount}").format(
                    amount=fmt.money(left)
                )
            paid.add_row(p.reference, fmt.date(p.date), fmt.money(p.amount), applied)
        parts.append(paid)

        limits = Table(title=_("Limit history"), expand=True, header_style="bold")
        for header in (_("When"), _("Who"), _("What"), _("Old → new"), _("Why")):
            limits.add_column(header)
        for c in history:
            old, new = limit_value(c.field, c.old, fmt), limit_value(c.field, c.new, fmt)
            what = _(queries.LIMIT_FIELDS.get(c.field, c.field))
            limits.add_row(fmt.date(c.changed_at.date()), c.user, what, f"{old} → {new}", c.note)
        parts.append(limits)

        follow = Table(title=_("Follow-ups"), expand=True, header_style="bold")
        for header in (_("Date"), _("Contact"), _("Agreed"), _("Promise"), _("Next action")):
            follow.add_column(header)
        for f in calls:
            promise = ""
            if f.promise_status is not None:
                status = f.promise_status
                promise = Text(
                    f"{promise_text(f.promised_amount, f.promised_date, fmt)} {_(PROMISE_LABELS[status])}",
                    style=colours[meaning.BAD]
                    if status == "broken"
                    else (colours[meaning.GOOD] if status == "kept" else ""),
                )
            follow.add_row(
                fmt.date(f.date),
                f.contact,
                f.agreed,
                promise,
                fmt.date(f.next_action_date) if f.next_action_date else "",
            )
        parts.append(follow)
        return Group(*parts)

    # ------------------------------------------------------------------ actions

    def _need_customer(self) -> str | None:
        if self.selected is None:
            self.notify(_("Select a customer first."), severity="warning")
        return self.selected

    def _row(self, code: str) -> queries.StatusRow | None:
        return next((r for r in self.rows if r.code == code), None)

    def action_approve_limit(self) -> None:
        code = self._need_customer()
        if code is None:
            return
        rt = self.runtime
        row = self._row(code)
        current = row.exposure.limit if row is not None else None
        suggested = row.score.suggested_limit if row is not None and row.score is not None else None
        hint = _("0 or empty: no credit")
        if suggested is not None:
            hint += "; " + _("suggested {amount}").format(amount=self.fmt.money(suggested))
        shown = self._detail if self._detail is not None and self._detail.status.code == code else None
        review = shown.review_date.isoformat() if shown is not None and shown.review_date else ""
        fields = [
            FormField("amount", _("Limit"), self.fmt.number(current, 2) if current else "", hint),
            FormField("review_date", _("Review date"), review, "YYYY-MM-DD"),
            FormField("note", _("Why"), ""),
            FormField(
                "force",
                _("Below the debt?"),
                "no",
                _("lower it below what the customer owes"),
                choices=((_("no"), "no"), (_("yes"), "yes")),
            ),
        ]

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session
            from salesdesk.core.money import parse_amount
            from salesdesk.org import queries as org_queries
            from salesdesk.org.rules import clean_bool, clean_date

            text = values["amount"].strip()
            amount = parse_amount(text, rt.locale, field="amount", allow_negative=False) if text else None
            extra = {}
            if values["review_date"].strip():
                extra["review_date"] = clean_date(values["review_date"], "review_date", required=True)
            force = clean_bool(values["force"], "force")
            try:
                with write_session(rt.engine) as session:
                    change = org_queries.set_credit_limit(
                        session=session, code=code, amount=amount, now=rt.now(), note=values["note"],
                        force=force, force_hint=FORCE_HINT, **extra,
                    )  # fmt: skip
            except DataError as exc:  # the rule names the record's field; the form calls it amount
                field = "amount" if exc.field == "credit_limit" else exc.field
                raise DataError(field, exc.value, exc.message) from None
            message = _("{code}: credit limit {amount} approved.").format(
                code=code, amount=self.fmt.money(amount) if amount else _("no credit")
            )
            if change.flagged:
                message += " " + _("Flagged: the limit is below what the customer owes.")
            return message

        self.app.push_screen(
            FormScreen(_("Credit limit of {code}").format(code=code), fields, save), self._done
        )

    def action_add_followup(self) -> None:
        code = self._need_customer()
        if code is None:
            return
        rt = self.runtime
        fields = [
            FormField("date", _("Date"), rt.today().isoformat(), "YYYY-MM-DD"),
            FormField("contact", _("Contact"), ""),
            FormField("agreed", _("Agreed"), ""),
            FormField("promised_amount", _("Promised amount"), ""),
            FormField("promised_date", _("Promised date"), "", "YYYY-MM-DD"),
            FormField("next_action", _("Next action on"), "", "YYYY-MM-DD"),
            FormField("invoice", _("Invoice"), "", _("number (optional)")),
        ]

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session
            from salesdesk.core.money import parse_amount
            from salesdesk.credit import followups
            from salesdesk.org.rules import clean_date

            text = values["promised_amount"].strip()
            promised = (
                parse_amount(text, rt.locale, field="promised_amount", allow_negative=False) if text else None
            )
            try:
                with write_session(rt.engine) as session:
                    followups.add_followup(
                        session=session,
                        customer=code,
                        date=clean_date(values["date"], "date", required=True),
                        contact=values["contact"],
                        agreed=values["agreed"],
                        promised_amount=promised,
                        promised_date=clean_date(values["promised_date"], "promised_date", required=False),
                        next_action_date=clean_date(values["next_action"], "next_action", required=False),
                        invoice=values["invoice"].strip() or None,
                    )
            except DataError as exc:  # the rule names the record's field; the form calls it next_action
                field = "next_action" if exc.field == "next_action_date" else exc.field
                raise DataError(field, exc.value, exc.message) from None
            return _("Follow-up with {code} recorded.").format(code=code)

        self.app.push_screen(
            FormScreen(_("Follow-up with {code}").format(code=code), fields, save), self._done
        )

    def action_record_payment(self) -> None:
        code = self._need_customer()
        if code is None:
            return
        rt = self.runtime
        fields = [
            FormField("reference", _("Reference"), ""),
            FormField("amount", _("Amount"), ""),
            FormField("date", _("Date"), rt.today().isoformat(), "YYYY-MM-DD"),
            FormField("invoice", _("Invoice"), "", _("number (optional)")),
        ]

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session
            from salesdesk.org import queries as org_queries

            if not values["amount"].strip():
                raise DataError("amount", "", _("is required"))
            with write_session(rt.engine) as session:
                org_queries.add_payment(
                    session=session,
                    reference=values["reference"],
                    customer=code,
                    amount=values["amount"],
                    locale=rt.locale,
                    today=rt.today(),
                    payment_date=values["date"],
                    invoice=values["invoice"].strip() or None,
                )
            return _("Payment {reference} from {code} recorded.").format(
                reference=values["reference"].strip(), code=code
            )

        self.app.push_screen(FormScreen(_("Payment from {code}").format(code=code), fields, save), self._done)

    def _done(self, message: str | None) -> None:
        if message:
            self.notify(message)
            self.action_refresh()
            if self.selected:
                self._load_detail(self.selected)
