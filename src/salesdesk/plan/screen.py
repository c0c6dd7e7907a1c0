"""The Plan room: the year's targets as a grid (salesperson or group × month) with totals and status
colours, a cell edit previewed before it is saved, tracking with a target-vs-actual chart, and corrective
actions."""

from __future__ import annotations

import time
from collections.abc import Iterable
from decimal import Decimal

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane

from salesdesk.core.errors import DataError
from salesdesk.core.i18n import N_, _
from salesdesk.core.money import parse_amount
from salesdesk.plan import queries, rules
from salesdesk.tui import meaning
from salesdesk.tui.room_screen import RoomScreen
from salesdesk.tui.widgets.form import FormField, FormScreen

ZERO = Decimal("0.00")
#: What each status means on screen (colours from the theme, see ``tui.meaning``); off track also bold.
STATUS_MEANING = {rules.ON_TRACK: meaning.GOOD, rules.AT_RISK: meaning.CAUTION, rules.OFF_TRACK: meaning.BAD}
STATUS_LABEL = {
    rules.ON_TRACK: N_("on track"),
    rules.AT_RISK: N_("at risk"),
    rules.OFF_TRACK: N_("off track"),
}

Cell = tuple[str, str, int]  # (salesperson, group, month)
#: Seconds after a read within which coming back to the room does not read again.
RESUME_AGAIN_AFTER = 1.0
#: Keys that only make sense on one tab: elsewhere they are hidden from the footer and do nothing.
TAB_ACTIONS = {
    "tab-targets": {"toggle_rows", "edit_cell", "save_pending", "discard_pending", "propose", "set_plan"},
    "tab-actions": {"start_action", "close_action"},
}


def fill(table: DataTable, columns: list[tuple[str, str]], rows: list[tuple[str, list]]) -> None:
    """Replace a table's columns (key, label) and rows (key, cells), each column as wide as its widest
    cell. Textual sizes auto-width columns later, when the table is idle, and a repaint in between can
    keep the header widths until the next change; sized here, the first picture is right."""
    widths = [cell_len(label) for _key, label in columns]
    for _key, cells in rows:
        for i, cell in enumerate(cells):
            widths[i] = max(widths[i], cell.cell_len if isinstance(cell, Text) else cell_len(str(cell)))
    table.clear(columns=True)
    for (key, label), width in zip(columns, widths, strict=True):
        table.add_column(label, key=key, width=width)
    for key, cells in rows:
        table.add_row(*cells, key=key)


class PlanScreen(RoomScreen):
    CSS_PATH = "plan.tcss"
    BINDINGS = [
        Binding("r", "refresh", _("Refresh")),
        Binding("g", "toggle_rows", _("Salespeople/groups")),
        Binding("e", "edit_cell", _("Edit target")),
        Binding("ctrl+s", "save_pending", _("Save change")),
        Binding("escape", "discard_pending", _("Discard change"), show=False),
        Binding("b", "propose", _("Propose breakdown")),
        Binding("s", "set_plan", _("Set plan")),
        Binding("a", "add_action", _("Add action")),
        Binding("p", "start_action", _("Start action")),
        Binding("c", "close_action", _("Close action")),
        Binding("left_square_bracket", "year(-1)", _("Previous year"), show=False),
        Binding("right_square_bracket", "year(1)", _("Next year"), show=False),
    ]

    def __init__(self, runtime) -> None:  # noqa: ANN001
        super().__init__(runtime)
        self.year = runtime.today().year
        self.rows_by = "salesperson"
        self.grid: queries.Grid | None = None
        #: A proposed breakdown shown instead of the saved targets, not saved yet.
        self.proposal: queries.Proposal | None = None
        #: Months set by hand, not saved yet, in order: (salesperson, group, month, amount).
        self.edits: list[tuple[str, str, int, Decimal]] = []
        #: The rows those edits rebalanced: (salesperson, group, month) → amount, over the shown targets.
        self.pending: dict[Cell, Decimal] = {}
        self.actions: dict[int, queries.ActionRow] = {}
        #: The deviations in the order the table shows them.
        self.deviations: list[queries.DeviationRow] = []
        self._asked = 0.0  # when the room's data was last asked for (time.monotonic)

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="plan-tabs"):
            with TabPane(_("Targets"), id="tab-targets"):
                yield Static("", id="plan-head")
                yield DataTable(id="plan-grid", cursor_type="cell", zebra_stripes=True)
                yield Static("", id="plan-pending")
            with TabPane(_("Tracking"), id="tab-tracking"), VerticalScroll():
                yield Static("", id="plan-tracking")
                yield Static("", id="plan-chart")
            with TabPane(_("Corrective actions"), id="tab-actions"):
                yield Static("", id="plan-deviations-head", classes="plan-caption")
                yield DataTable(id="plan-deviations", cursor_type="row", zebra_stripes=True)
                yield Static(_("Corrective actions"), id="plan-actions-head", classes="plan-caption")
                yield DataTable(id="plan-actions", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Sales plan")
        self.action_refresh()

    def reload_on_resume(self) -> None:
        # Textual resumes a mode's screen twice when it is first shown, just after on_mount's read
        if time.monotonic() - self._asked > RESUME_AGAIN_AFTER:
            self.action_refresh()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        for tab, actions in TAB_ACTIONS.items():
            if action in actions:
                tabs = self.query(TabbedContent)
                return not tabs or tabs.first().active == tab
        return True

    def refresh_data(self) -> None:
        self.action_refresh()

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(_("Plan: refresh"), _("Read the plan again"), self.action_refresh)
        yield SystemCommand(
            _("Plan: switch rows (salespeople / groups)"), _("Show targets by group or by salesperson"),
            self.action_toggle_rows,
        )  # fmt: skip
        yield SystemCommand(
            _("Plan: edit the selected target…"), _("Change one month"), self.action_edit_cell
        )
        yield SystemCommand(_("Plan: propose the breakdown…"), _("Split the plan again"), self.action_propose)
        yield SystemCommand(
            _("Plan: set the annual plan…"), _("The year's plan amount"), self.action_set_plan
        )
        yield SystemCommand(_("Plan: add a corrective action…"), _("For a deviation"), self.action_add_action)
        yield SystemCommand(
            _("Plan: start the selected action"), _("Put it in progress"), self.action_start_action
        )
        yield SystemCommand(
            _("Plan: close the selected action…"), _("With its result"), self.action_close_action
        )

    # ------------------------------------------------------------------ reading

    def action_refresh(self) -> None:
        self._asked = time.monotonic()
        year, as_of = self.year, self.runtime.today()

        def load(session):  # noqa: ANN001, ANN202
            grid = queries.load_grid(session=session, year=year, as_of=as_of)
            status = None
            deviations: list = []
            if grid.plan is not None:
                status = queries.plan_status(session=session, year=year, as_of=as_of, by="salesperson")
                deviations = queries.list_deviations(session=session, year=year, as_of=as_of)
            actions = queries.list_actions(session=session, year=year)
            return grid, status, deviations, actions

        self.read(load, self._show, group="plan")

    def action_year(self, step: int) -> None:
        self.year += int(step)
        self._discard()
        self.action_refresh()

    def action_toggle_rows(self) -> None:
        self.rows_by = "group" if self.rows_by == "salesperson" else "salesperson"
        self._draw_grid()

    def _show(self, loaded) -> None:  # noqa: ANN001
        self.grid, status, deviations, actions = loaded
        self.sub_title = _("Year {year} — as of {date}").format(
            year=self.year, date=self.fmt.date(self.grid.as_of)
        )
        self._draw_grid()
        self._draw_tracking(status)
        self._draw_actions(deviations, actions)

    # ------------------------------------------------------------------ the grid

    @property
    def unsaved(self) -> bool:
        """Whether the grid shows something not saved yet (a proposal or months set by hand)."""
        return self.proposal is not None or bool(self.edits)

    def _saved_cells(self) -> dict[Cell, Decimal]:
        assert self.grid is not None
        return {k: amount for k, (amount, _manual) in self.grid.cells.items()}

    def _cells(self) -> dict[Cell, Decimal]:
        """What the grid shows: the proposal (or the saved targets) with the unsaved edits over it."""
        if self.proposal is not None:
            # the breakdown keys its cells (group, salesperson, month); the grid keys them by salesperson
            cells = {(sp, g, m): a for (g, sp, m), a in self.proposal.breakdown.cells.items()}
        else:
            cells = self._saved_cells()
        cells.update(self.pending)
        return cells

    def _weights(self) -> list[Decimal]:
        assert self.grid is not None
        return self.proposal.weights if self.proposal is not None else self.grid.weights

    def _rows(self) -> dict[str, list[Decimal]]:
        out: dict[str, list[Decimal]] = {}
        for (sp, group, month), amount in self._cells().items():
            key = sp if self.rows_by == "salesperson" else group
            out.setdefault(key, [ZERO] * 12)[month - 1] += amount
        return dict(sorted(out.items()))

    def _month_status(self, month: int, target: Decimal, actual: Decimal) -> str:
        """Status of one month: actual against the part of its target due by the as-of date."""
        grid = self.grid
        assert grid is not None
        fraction = rules.month_fraction(grid.year, month, grid.as_of)
        due = target * fraction.numerator / fraction.denominator if fraction else ZERO
        return rules.status_for(rules.pct(actual, due), grid.on_track, grid.at_risk)

    def _style(self, status: str) -> str:
        """The Rich style of a plan status: its meaning's theme colour (off track in bold)."""
        colour = meaning.styles(self.app)[STATUS_MEANING[status]]
        return f"bold {colour}" if status == rules.OFF_TRACK else colour

    def _cell_style(self, code: str, month: int, target: Decimal) -> str:
        grid = self.grid
        assert grid is not None
        if not target or rules.month_fraction(grid.year, month, grid.as_of) == 0:
            return ""
        actuals = grid.actual_by_salesperson if self.rows_by == "salesperson" else grid.actual_by_group
        return self._style(self._month_status(month, target, actuals.get(code, [ZERO] * 12)[month - 1]))

    def _draw_grid(self) -> None:
        grid = self.grid
        if grid is None:
            return
        table = self.query_one("#plan-grid", DataTable)
        cursor = table.cursor_coordinate
        first = _("Salesperson") if self.rows_by == "salesperson" else _("Group")
        columns = [("code", first), *((f"m{m}", f"{m:02d}") for m in rules.MONTHS), ("year", _("Year"))]
        fmt = self.fmt
        totals = [ZERO] * 12
        shown, saved = self._cells(), self._saved_cells()
        # what saving would change: the proposal's cells that differ from the targets, and the edited rows
        changed = {k for k, v in shown.items() if saved.get(k) != v} | set(self.pending)
        changed_keys = {(sp if self.rows_by == "salesperson" else g, m) for sp, g, m in changed}
        rows: list[tuple[str, list[Text | str]]] = []
        for code, months in self._rows().items():
            cells: list[Text | str] = [code]
            for month, amount in zip(rules.MONTHS, months, strict=True):
                style = self._cell_style(code, month, amount)
                if (code, month) in changed_keys:
                    style = "reverse " + (style or "")
                cells.append(Text(fmt.number(amount, 0), style=style.strip(), justify="right"))
            cells.append(Text(fmt.number(sum(months), 2), style="bold", justify="right"))
            rows.append((code, cells))
            totals = [a + b for a, b in zip(totals, months, strict=True)]
        total_row: list[Text | str] = [
            Text(_("Total"), style="bold"),
            *(Text(fmt.number(m, 0), style="bold", justify="right") for m in totals),
            Text(fmt.number(sum(totals), 2), style="bold", justify="right"),
        ]
        rows.append(("__total__", total_row))
        fill(table, columns, rows)
        if cursor.row < table.row_count:
            table.cursor_coordinate = cursor
        plan = grid.plan
        if plan is None:
            head = _("No sales plan for {year}: press s to set it, or import plans.csv.").format(
                year=grid.year
            )
        else:
            assigned = sum(totals)
            head = _("Plan {year}: {plan} — in targets: {assigned} — difference: {gap}").format(
                year=grid.year,
                plan=fmt.money(plan),
                assigned=fmt.money(assigned),
                gap=fmt.money(plan - assigned),
            )
            if not grid.cells and not self.unsaved:
                head += "\n" + _("No targets yet: press b to propose the breakdown.")
        legend = _("Colours: green on track, yellow at risk, red off track (months so far).")
        self.query_one("#plan-head", Static).update(head + "\n" + legend)
        self._draw_pending()

    def _draw_pending(self) -> None:
        """The line under the grid that says what is shown and not saved yet."""
        parts = []
        if self.proposal is not None:
            parts.append(
                _("Not saved: the proposed breakdown ({n} targets).").format(
                    n=len(self.proposal.breakdown.cells)
                )
            )
            if self.proposal.unassigned_groups:
                parts.append(
                    _("Groups without a salesperson: {groups}.").format(
                        groups=", ".join(self.proposal.unassigned_groups)
                    )
                )
        if self.edits:
            sp, group, month, amount = self.edits[-1]
            year = sum((v for (s, g, _m), v in self._cells().items() if s == sp and g == group), ZERO)
            if self.proposal is None:
                text = _("Not saved: {salesperson}/{group} month {month} = {amount}; the other months "
                         "rebalanced, the year stays {total}.")  # fmt: skip
            else:
                text = _("Set by hand in it: {salesperson}/{group} month {month} = {amount}; the other "
                         "months rebalanced, the year stays {total}.")  # fmt: skip
            parts.append(
                text.format(
                    salesperson=sp,
                    group=group,
                    month=month,
                    amount=self.fmt.money(amount),
                    total=self.fmt.money(year),
                )
            )
            if len(self.edits) > 1:
                parts.append(_("{n} months set by hand.").format(n=len(self.edits)))
        if parts:
            parts.append(_("ctrl+s saves, escape discards."))
        caution = meaning.styles(self.app)[meaning.CAUTION]
        self.query_one("#plan-pending", Static).update(Text(" ".join(parts), style=f"bold {caution}"))

    # ------------------------------------------------------------------ editing a cell

    def _selected(self) -> tuple[str, int] | None:
        table = self.query_one("#plan-grid", DataTable)
        if not table.row_count:
            return None
        coordinate = table.cursor_coordinate
        row_key, column_key = table.coordinate_to_cell_key(coordinate)
        if row_key.value == "__total__" or not (column_key.value or "").startswith("m"):
            return None
        return str(row_key.value), int(str(column_key.value)[1:])

    def action_edit_cell(self) -> None:
        grid = self.grid
        picked = self._selected()
        if grid is None or picked is None or self.rows_by != "salesperson":
            self.notify(
                _("Pick a salesperson's month in the targets grid (g shows salespeople)."), severity="warning"
            )
            return
        sp, month = picked
        groups = sorted({g for (s, g, _m) in self._cells() if s == sp})
        if not groups:
            return
        names = grid.group_names
        fields = [
            FormField(
                "group",
                _("Group"),
                groups[0],
                choices=tuple((f"{g} {names.get(g, '')}".strip(), g) for g in groups),
                disabled=len(groups) == 1,
            ),
            FormField("amount", _("Amount"), "", _("the month's target with that group")),
        ]
        locale = self.runtime.locale

        def check(values: dict[str, str]) -> str:
            group = values["group"].strip()
            if group not in groups:
                raise DataError(
                    "group", group, _("must be one of: {choices}").format(choices=", ".join(groups))
                )
            amount = parse_amount(values["amount"], locale, field="amount", allow_negative=False)
            new = self._rebalanced(sp, group, month, amount)  # a DataError stays in the form
            self.app.call_from_thread(self._preview_cell, sp, group, month, amount, new)
            return _("Previewed: press ctrl+s to save or escape to discard.")

        title = _("Target of {salesperson}, month {month}").format(salesperson=sp, month=month)
        self.app.push_screen(FormScreen(title, fields, check), self._after_form)

    def _manual_months(self, sp: str, group: str) -> set[int]:
        """The months of a (salesperson, group) row that keep their amount when another month is set: the
        saved manual ones and the ones set by hand since (as saving them one by one will find them)."""
        assert self.grid is not None
        saved = {
            m for (s, g, m), (_a, manual) in self.grid.cells.items() if s == sp and g == group and manual
        }
        return saved | {m for s, g, m, _a in self.edits if s == sp and g == group}

    def _rebalanced(self, sp: str, group: str, month: int, amount: Decimal) -> list[Decimal]:
        """The (salesperson, group) row with ``month`` set: pure arithmetic on what the grid shows."""
        cells = self._cells()
        row = [cells.get((sp, group, m), ZERO) for m in rules.MONTHS]
        show = self.fmt.money
        fixed = self._manual_months(sp, group)
        return rules.rebalance_row(row, month, amount, self._weights(), fixed, field="amount", show=show)

    def _preview_cell(self, sp: str, group: str, month: int, amount: Decimal, new: list[Decimal]) -> None:
        self.edits.append((sp, group, month, amount))
        self.pending.update({(sp, group, m): v for m, v in zip(rules.MONTHS, new, strict=True)})
        self._draw_grid()

    def _after_form(self, message: str | None) -> None:
        if message:
            self.query_one("#plan-grid", DataTable).focus()

    def action_save_pending(self) -> None:
        if not self.unsaved:
            self.notify(_("Nothing to save."), severity="information")
            return
        year, now, today, locale = self.year, self.runtime.now(), self.runtime.today(), self.runtime.locale
        proposal, edits = self.proposal, list(self.edits)

        def save(session):  # noqa: ANN001, ANN202
            # the breakdown that was shown, then each month set by hand, in order (as the preview did)
            if proposal is not None:
                queries.apply_proposal(session=session, proposal=proposal, now=now)
            for sp, group, month, amount in edits:
                queries.set_target(
                    session=session,
                    year=year,
                    salesperson=sp,
                    month=month,
                    amount=amount,
                    group=group,
                    now=now,
                    today=today,
                    locale=locale,
                )

        if proposal is not None:
            message = _("Breakdown saved as the year's targets.")
        elif len(edits) == 1:
            message = _("Target saved; the year of {salesperson} holds.").format(salesperson=edits[0][0])
        else:
            message = _("{n} targets saved; each salesperson's year holds.").format(n=len(edits))
        self._run(save, lambda _r: self._saved(message), True, "save")

    def _saved(self, message: str) -> None:
        self._discard()
        self.notify(message)
        self.action_refresh()

    def action_discard_pending(self) -> None:
        if self.unsaved:
            self._discard()
            self._draw_grid()

    def _discard(self) -> None:
        self.proposal = None
        self.edits = []
        self.pending = {}
        self.query_one("#plan-pending", Static).update("")

    # ------------------------------------------------------------------ breakdown and plan

    def action_propose(self) -> None:
        year, today = self.year, self.runtime.today()

        def load(session):  # noqa: ANN001, ANN202
            return queries.propose(session=session, year=year, today=today)

        self.read(load, self._show_proposal, group="propose")

    def _show_proposal(self, proposal: queries.Proposal) -> None:
        """Show a fresh proposal in the grid (months set by hand before are dropped: the proposal is
        made from the saved targets)."""
        self._discard()
        self.proposal = proposal
        self._draw_grid()

    def action_set_plan(self) -> None:
        year, locale, now = self.year, self.runtime.locale, self.runtime.now()
        current = self.grid.plan if self.grid else None
        fields = [FormField("amount", _("Plan amount"), str(current) if current is not None else "")]

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session

            amount = parse_amount(values["amount"], locale, field="amount", allow_negative=True)
            with write_session(self.runtime.engine) as session:
                queries.set_plan(session=session, year=year, amount=amount, now=now)
            return _("Plan {year} saved.").format(year=year)

        self.app.push_screen(
            FormScreen(_("Sales plan {year}").format(year=year), fields, save), self._form_done
        )

    def _form_done(self, message: str | None) -> None:
        if message:
            self.notify(message)
            self.action_refresh()

    # ------------------------------------------------------------------ tracking

    def _draw_tracking(self, status: list | None) -> None:
        fmt = self.fmt
        box = self.query_one("#plan-tracking", Static)
        if not status:
            box.update(_("No sales plan for {year}.").format(year=self.year))
            self.query_one("#plan-chart", Static).update("")
            return
        table = Table(title=_("Attainment per salesperson"), expand=True, header_style="bold")
        for header in (_("Salesperson"), _("Target to date"), _("Actual"), _("Attainment"), _("Gap"),
                       _("Projection"), _("Target year"), _("Status")):  # fmt: skip
            table.add_column(header, justify="left" if header == _("Salesperson") else "right")
        for row in status:
            t = row.tracking
            style = self._style(t.status)
            table.add_row(
                f"{row.key or ''} {row.name}",
                fmt.money(t.target_to_date),
                fmt.money(t.actual_to_date),
                Text(
                    fmt.number(t.attainment_pct, 1) + " %" if t.attainment_pct is not None else "—",
                    style=style,
                ),
                fmt.money(t.gap),
                fmt.money(t.projection),
                fmt.money(t.target_year),
                Text(_(STATUS_LABEL[t.status]), style=style),
            )
        box.update(table)
        self.query_one("#plan-chart", Static).update(self._chart())

    def _chart(self) -> Table:
        """Target and actual per month as bars (█ target, ▓ actual), scaled to the largest value."""
        grid = self.grid
        assert grid is not None
        targets = [ZERO] * 12
        for (_sp, _g, month), (amount, _manual) in grid.cells.items():
            targets[month - 1] += amount
        actual = [ZERO] * 12
        for months in grid.actual_by_group.values():
            actual = [a + b for a, b in zip(actual, months, strict=True)]
        top = max([*targets, *actual, Decimal(1)])
        width = 40
        table = Table(title=_("Target and actual by month"), expand=False, box=None, header_style="bold")
        table.add_column(_("Month"))
        table.add_column("", no_wrap=True)
        table.add_column(_("Target"), justify="right")
        table.add_column(_("Actual"), justify="right")
        for month in rules.MONTHS:
            t, a = targets[month - 1], actual[month - 1]
            bars = Text()
            bars.append("█" * int(width * t / top), style=meaning.styles(self.app)[meaning.NEUTRAL])
            bars.append("\n")
            bars.append(
                "▓" * max(0, int(width * a / top)), style=self._style(self._month_status(month, t, a))
            )
            table.add_row(f"{month:02d}", bars, self.fmt.number(t, 0), self.fmt.number(a, 0))
        return table

    # ------------------------------------------------------------------ corrective actions

    def _draw_actions(self, deviations: list, actions: list) -> None:
        fmt = self.fmt
        # every deviation, those still needing an action first (then by month, salesperson before group)
        ordered = sorted(
            deviations,
            key=lambda d: (
                bool(d.actions),
                d.deviation.month,
                d.deviation.who != "salesperson",
                d.deviation.code,
            ),
        )
        rows: list[tuple[str, list]] = []
        for i, d in enumerate(ordered):
            dev = d.deviation
            attainment = fmt.number(dev.attainment_pct, 1) + " %" if dev.attainment_pct is not None else "—"
            rows.append(
                (
                    f"{i}:{dev.month}:{dev.who}:{dev.code}",
                    [
                        f"{dev.month:02d}",
                        _("salesperson") if dev.who == "salesperson" else _("group"),
                        dev.code,
                        Text(fmt.money(dev.target), justify="right"),
                        Text(fmt.money(dev.actual), justify="right"),
                        Text(attainment, justify="right"),
                        Text(_("no action yet"), style=f"bold {meaning.styles(self.app)[meaning.BAD]}")
                        if not d.actions
                        else Text(_("action recorded")),
                    ],
                )
            )
        headers = (_("Month"), _("Who"), _("Code"), _("Target"), _("Actual"), _("Attainment"), _("Action"))
        table = self.query_one("#plan-deviations", DataTable)
        cursor = table.cursor_coordinate
        fill(table, [(f"c{i}", h) for i, h in enumerate(headers)], rows)
        if cursor.row < table.row_count:
            table.cursor_coordinate = cursor
        self.deviations = ordered
        waiting = sum(1 for d in deviations if not d.actions)
        if not deviations:
            head = _("Deviations so far (below the at-risk threshold): none.")
        else:
            head = _(
                "Deviations so far (below the at-risk threshold): {n}, {waiting} without a corrective "
                "action (listed first). a adds an action for the selected one."
            ).format(n=len(deviations), waiting=waiting)
        self.query_one("#plan-deviations-head", Static).update(head)
        self.actions = {a.id: a for a in actions}
        headers = (
            _("No."), _("Month"), _("Salesperson"), _("Group"), _("Problem"), _("Action"), _("Owner"),
            _("Due"), _("Status"), _("Result"),
        )  # fmt: skip
        rows = [
            (
                str(a.id),
                [
                    str(a.id),
                    f"{a.month:02d}",
                    a.salesperson or "",
                    a.group or "",
                    a.problem,
                    a.action,
                    a.owner,
                    fmt.date(a.due_date) if a.due_date else "",
                    rules.action_label(a.status),
                    a.result,
                ],
            )
            for a in actions
        ]
        table = self.query_one("#plan-actions", DataTable)
        cursor = table.cursor_coordinate
        fill(table, [(f"c{i}", h) for i, h in enumerate(headers)], rows)
        if cursor.row < table.row_count:
            table.cursor_coordinate = cursor

    def _selected_deviation(self):  # noqa: ANN202
        """The deviation under the cursor when the deviations table has the focus, else None."""
        table = self.query_one("#plan-deviations", DataTable)
        if self.focused is not table or not table.row_count or not self.deviations:
            return None
        return self.deviations[table.cursor_coordinate.row].deviation

    def action_add_action(self) -> None:
        year, now = self.year, self.runtime.now()
        today = self.runtime.today()
        month, salesperson, group, problem = str(today.month if today.year == year else 1), "", "", ""
        dev = self._selected_deviation()
        if dev is not None:  # an action for the deviation picked in the list
            month = str(dev.month)
            salesperson, group = (dev.code, "") if dev.who == "salesperson" else ("", dev.code)
            problem = _("{code} at {pct} of the target due in month {month}").format(
                code=dev.code,
                pct=self.fmt.number(dev.attainment_pct, 1) + " %" if dev.attainment_pct is not None else "—",
                month=dev.month,
            )
        fields = [
            FormField("month", _("Month"), month, "1-12"),
            FormField(
                "salesperson", _("Salesperson"), salesperson, _("code (or leave empty and give a group)")
            ),
            FormField("group", _("Group"), group, _("code (optional)")),
            FormField("problem", _("Problem"), problem),
            FormField("action", _("Action"), ""),
            FormField("owner", _("Owner"), ""),
            FormField("due", _("Due"), "", "YYYY-MM-DD"),
        ]

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session
            from salesdesk.org.rules import clean_date

            try:
                month = int(values["month"].strip())
            except ValueError:
                raise DataError("month", values["month"], _("must be a month from 1 to 12"))
            due = clean_date(values["due"], "due", required=False)
            with write_session(self.runtime.engine) as session:
                row = queries.add_action(
                    session=session,
                    year=year,
                    month=month,
                    problem=values["problem"],
                    action=values["action"],
                    salesperson=values["salesperson"].strip() or None,
                    group=values["group"].strip() or None,
                    owner=values["owner"],
                    due_date=due,
                    now=now,
                )
            return _("Corrective action {id} added.").format(id=row.id)

        self.app.push_screen(FormScreen(_("New corrective action"), fields, save), self._form_done)

    def _selected_action(self) -> queries.ActionRow | None:
        table = self.query_one("#plan-actions", DataTable)
        if not table.row_count:
            self.notify(_("No corrective action here yet: a adds one."), severity="warning")
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.actions.get(int(str(key)))

    def action_start_action(self) -> None:
        picked = self._selected_action()
        if picked is None:
            return
        today, now, action_id = self.runtime.today(), self.runtime.now(), picked.id

        def start(session):  # noqa: ANN001, ANN202
            return queries.set_action_status(
                session=session, id=action_id, status="in_progress", today=today, now=now
            )

        self._run(start, self._status_changed, True, "action")

    def _status_changed(self, row: queries.ActionRow) -> None:
        self.notify(
            _("Corrective action {id}: {status}.").format(id=row.id, status=rules.action_label(row.status))
        )
        self.action_refresh()

    def action_close_action(self) -> None:
        picked = self._selected_action()
        if picked is None:
            return
        closing = rules.closing_statuses(picked.status)
        if not closing:
            self.notify(
                _("Corrective action {id} is already closed ({status}).").format(
                    id=picked.id, status=rules.action_label(picked.status)
                ),
                severity="warning",
            )
            return
        action_id = picked.id
        today, now = self.runtime.today(), self.runtime.now()
        fields = [
            FormField("result", _("Result"), picked.result),
            FormField(
                "status",
                _("Close as"),
                closing[0],
                choices=tuple((rules.action_label(s), s) for s in closing),
            ),
        ]

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session

            with write_session(self.runtime.engine) as session:
                row = queries.close_action(
                    session=session,
                    id=action_id,
                    result=values["result"],
                    status=values["status"],
                    today=today,
                    now=now,
                )
            return _("Corrective action {id}: {status}.").format(
                id=row.id, status=rules.action_label(row.status)
            )

        self.app.push_screen(
            FormScreen(_("Close corrective action {id}").format(id=action_id), fields, save), self._form_done
        )

    @on(TabbedContent.TabActivated)
    def _tab(self) -> None:
        self.refresh_bindings()
        if self.unsaved and self.query_one(TabbedContent).active != "tab-targets":
            self.notify(
                _("A target change is not saved yet (Targets tab: ctrl+s or escape)."), severity="warning"
            )
