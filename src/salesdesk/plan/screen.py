"""The Plan room: the year's targets as a grid (salesperson or group × month) with totals and status
colours, a cell edit previewed before it is saved, tracking with a target-vs-actual chart, and corrective
actions."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

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
from salesdesk.tui.room_screen import RoomScreen
from salesdesk.tui.widgets.form import FormField, FormScreen

ZERO = Decimal("0.00")
STATUS_STYLE = {rules.ON_TRACK: "green", rules.AT_RISK: "yellow", rules.OFF_TRACK: "bold red"}
STATUS_LABEL = {
    rules.ON_TRACK: N_("on track"),
    rules.AT_RISK: N_("at risk"),
    rules.OFF_TRACK: N_("off track"),
}
ACTION_LABEL = {
    "open": N_("open"),
    "in_progress": N_("in progress"),
    "done": N_("done"),
    "cancelled": N_("cancelled"),
}


class PlanScreen(RoomScreen):
    BINDINGS = [
        Binding("r", "refresh", _("Refresh")),
        Binding("g", "toggle_rows", _("Salespeople/groups")),
        Binding("e", "edit_cell", _("Edit target")),
        Binding("ctrl+s", "save_pending", _("Save change")),
        Binding("escape", "discard_pending", _("Discard change"), show=False),
        Binding("b", "propose", _("Propose breakdown")),
        Binding("s", "set_plan", _("Set plan")),
        Binding("a", "add_action", _("Add action")),
        Binding("c", "close_action", _("Close action")),
        Binding("left_square_bracket", "year(-1)", _("Previous year"), show=False),
        Binding("right_square_bracket", "year(1)", _("Next year"), show=False),
    ]

    def __init__(self, runtime) -> None:  # noqa: ANN001
        super().__init__(runtime)
        self.year = runtime.today().year
        self.rows_by = "salesperson"
        self.grid: queries.Grid | None = None
        #: Cells changed but not saved yet: (salesperson, group, month) → amount (the rebalanced row too).
        self.pending: dict[tuple[str, str, int], Decimal] = {}
        self.pending_kind = ""  # "cell" or "breakdown"
        self.pending_cell: tuple[str, str, int, Decimal] | None = None

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
                yield Static("", id="plan-deviations")
                yield DataTable(id="plan-actions", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Sales plan")
        actions = self.query_one("#plan-actions", DataTable)
        actions.add_columns(
            _("No."),
            _("Month"),
            _("Salesperson"),
            _("Group"),
            _("Problem"),
            _("Action"),
            _("Due"),
            _("Status"),
        )
        self.action_refresh()

    def reload_on_resume(self) -> None:
        self.action_refresh()

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
            _("Plan: close the selected action…"), _("With its result"), self.action_close_action
        )

    # ------------------------------------------------------------------ reading

    def action_refresh(self) -> None:
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

    def _cells(self) -> dict[tuple[str, str, int], Decimal]:
        assert self.grid is not None
        cells = {k: amount for k, (amount, _manual) in self.grid.cells.items()}
        if self.pending_kind == "breakdown":
            return dict(self.pending)
        cells.update(self.pending)
        return cells

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

    def _cell_style(self, code: str, month: int, target: Decimal) -> str:
        grid = self.grid
        assert grid is not None
        if not target or rules.month_fraction(grid.year, month, grid.as_of) == 0:
            return ""
        actuals = grid.actual_by_salesperson if self.rows_by == "salesperson" else grid.actual_by_group
        return STATUS_STYLE[self._month_status(month, target, actuals.get(code, [ZERO] * 12)[month - 1])]

    def _draw_grid(self) -> None:
        grid = self.grid
        if grid is None:
            return
        table = self.query_one("#plan-grid", DataTable)
        cursor = table.cursor_coordinate
        table.clear(columns=True)
        first = _("Salesperson") if self.rows_by == "salesperson" else _("Group")
        table.add_column(first, key="code")
        for month in rules.MONTHS:
            table.add_column(f"{month:02d}", key=f"m{month}")
        table.add_column(_("Year"), key="year")
        fmt = self.fmt
        totals = [ZERO] * 12
        changed = {(sp if self.rows_by == "salesperson" else g, m) for sp, g, m in self.pending}
        for code, months in self._rows().items():
            cells: list[Text | str] = [code]
            for month, amount in zip(rules.MONTHS, months, strict=True):
                style = self._cell_style(code, month, amount)
                if (code, month) in changed:
                    style = "reverse " + (style or "")
                cells.append(Text(fmt.number(amount, 0), style=style.strip(), justify="right"))
            cells.append(Text(fmt.number(sum(months), 2), style="bold", justify="right"))
            table.add_row(*cells, key=code)
            totals = [a + b for a, b in zip(totals, months, strict=True)]
        table.add_row(
            Text(_("Total"), style="bold"),
            *(Text(fmt.number(m, 0), style="bold", justify="right") for m in totals),
            Text(fmt.number(sum(totals), 2), style="bold", justify="right"),
            key="__total__",
        )
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
            if not grid.cells and not self.pending:
                head += "\n" + _("No targets yet: press b to propose the breakdown.")
        legend = _("Colours: green on track, yellow at risk, red off track (months so far).")
        self.query_one("#plan-head", Static).update(head + "\n" + legend)

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
        current = {g: self._cells().get((sp, g, month), ZERO) for g in groups}
        fields = [
            FormField(
                "group",
                _("Group"),
                groups[0] if len(groups) == 1 else "",
                " | ".join(groups),
                disabled=len(groups) == 1,
            ),
            FormField("amount", _("Amount"), "", _("the month's target with that group")),
        ]
        locale = self.runtime.locale

        def check(values: dict[str, str]) -> str:
            group = values["group"].strip()
            if group not in current:
                raise DataError(
                    "group", group, _("must be one of: {choices}").format(choices=", ".join(groups))
                )
            amount = parse_amount(values["amount"], locale, field="amount", allow_negative=False)
            new = self._rebalanced(sp, group, month, amount)  # a DataError stays in the form
            self.app.call_from_thread(self._preview_cell, sp, group, month, amount, new)
            return _("Previewed: press ctrl+s to save or escape to discard.")

        title = _("Target of {salesperson}, month {month}").format(salesperson=sp, month=month)
        self.app.push_screen(FormScreen(title, fields, check), self._after_form)

    def _rebalanced(self, sp: str, group: str, month: int, amount: Decimal) -> list[Decimal]:
        """The (salesperson, group) row with ``month`` set: pure arithmetic on the loaded grid."""
        grid = self.grid
        assert grid is not None
        manual = {
            m for (s, g, m), (_a, is_manual) in grid.cells.items() if s == sp and g == group and is_manual
        }
        cells = self._cells()
        row = [cells.get((sp, group, m), ZERO) for m in rules.MONTHS]
        return rules.rebalance_row(row, month, amount, grid.weights, manual)

    def _preview_cell(self, sp: str, group: str, month: int, amount: Decimal, new: list[Decimal]) -> None:
        self.pending_kind = "cell"
        self.pending = {(sp, group, m): v for m, v in zip(rules.MONTHS, new, strict=True)}
        self.pending_cell = (sp, group, month, amount)
        self.query_one("#plan-pending", Static).update(
            Text(
                _("Not saved: {salesperson}/{group} month {month} = {amount}; the other months rebalanced, "
                  "the year stays {total}. ctrl+s saves, escape discards.").format(
                    salesperson=sp, group=group, month=month, amount=self.fmt.money(amount),
                    total=self.fmt.money(sum(new)),
                ),
                style="bold yellow",
            )
        )  # fmt: skip
        self._draw_grid()

    def _after_form(self, message: str | None) -> None:
        if message:
            self.query_one("#plan-grid", DataTable).focus()

    def action_save_pending(self) -> None:
        if not self.pending:
            self.notify(_("Nothing to save."), severity="information")
            return
        year, now = self.year, self.runtime.now()
        if self.pending_kind == "cell" and self.pending_cell is not None:
            sp, group, month, amount = self.pending_cell

            def save(session):  # noqa: ANN001, ANN202
                return queries.set_target(
                    session=session,
                    year=year,
                    salesperson=sp,
                    month=month,
                    amount=amount,
                    group=group,
                    now=now,
                )

            message = _("Target saved; the year of {salesperson} holds.").format(salesperson=sp)
        else:

            def save(session):  # noqa: ANN001, ANN202
                proposal = queries.propose(session=session, year=year)
                return queries.apply_proposal(session=session, proposal=proposal, now=now)

            message = _("Breakdown saved as the year's targets.")
        self._run(save, lambda _r: self._saved(message), True, "save")

    def _saved(self, message: str) -> None:
        self._discard()
        self.notify(message)
        self.action_refresh()

    def action_discard_pending(self) -> None:
        if self.pending:
            self._discard()
            self._draw_grid()

    def _discard(self) -> None:
        self.pending = {}
        self.pending_kind = ""
        self.pending_cell = None
        self.query_one("#plan-pending", Static).update("")

    # ------------------------------------------------------------------ breakdown and plan

    def action_propose(self) -> None:
        year = self.year

        def load(session):  # noqa: ANN001, ANN202
            return queries.propose(session=session, year=year)

        self.read(load, self._show_proposal, group="propose")

    def _show_proposal(self, proposal: queries.Proposal) -> None:
        self.pending_kind = "breakdown"
        self.pending = dict(proposal.breakdown.cells)
        self.pending_cell = None
        text = _("Not saved: the proposed breakdown ({n} targets). ctrl+s saves it, escape discards.").format(
            n=len(self.pending)
        )
        if proposal.unassigned_groups:
            text += " " + _("Groups without a salesperson: {groups}.").format(
                groups=", ".join(proposal.unassigned_groups)
            )
        self.query_one("#plan-pending", Static).update(Text(text, style="bold yellow"))
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
            style = STATUS_STYLE[t.status]
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
            bars.append("█" * int(width * t / top), style="blue")
            bars.append("\n")
            bars.append(
                "▓" * max(0, int(width * a / top)), style=STATUS_STYLE[self._month_status(month, t, a)]
            )
            table.add_row(f"{month:02d}", bars, self.fmt.number(t, 0), self.fmt.number(a, 0))
        return table

    # ------------------------------------------------------------------ corrective actions

    def _draw_actions(self, deviations: list, actions: list) -> None:
        fmt = self.fmt
        table = Table(
            title=_("Deviations so far (below the at-risk threshold)"), expand=True, header_style="bold"
        )
        for header in (_("Month"), _("Who"), _("Code"), _("Target"), _("Actual"), _("Attainment"), ""):
            table.add_column(header)
        for d in deviations[-15:]:
            dev = d.deviation
            table.add_row(
                f"{dev.month:02d}",
                _("salesperson") if dev.who == "salesperson" else _("group"),
                dev.code,
                fmt.money(dev.target),
                fmt.money(dev.actual),
                fmt.number(dev.attainment_pct, 1) + " %" if dev.attainment_pct is not None else "—",
                Text(_("no action yet"), style="bold red") if not d.actions else Text(_("action recorded")),
            )
        if not deviations:
            table.add_row("", _("No deviations."), "", "", "", "", "")
        if len(deviations) > 15:
            table.caption = _("The latest 15 of {n}; plan deviations --json lists them all.").format(
                n=len(deviations)
            )
        self.query_one("#plan-deviations", Static).update(table)
        grid = self.query_one("#plan-actions", DataTable)
        grid.clear()
        for a in actions:
            grid.add_row(
                str(a.id),
                f"{a.month:02d}",
                a.salesperson or "",
                a.group or "",
                a.problem,
                a.action,
                fmt.date(a.due_date) if a.due_date else "",
                _(ACTION_LABEL[a.status]),
                key=str(a.id),
            )

    def action_add_action(self) -> None:
        year, now = self.year, self.runtime.now()
        today = self.runtime.today()
        fields = [
            FormField("month", _("Month"), str(today.month if today.year == year else 1), "1-12"),
            FormField("salesperson", _("Salesperson"), "", _("code (or leave empty and give a group)")),
            FormField("group", _("Group"), "", _("code (optional)")),
            FormField("problem", _("Problem"), ""),
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

    def action_close_action(self) -> None:
        table = self.query_one("#plan-actions", DataTable)
        if not table.row_count:
            self.notify(_("No corrective action to close."), severity="warning")
            return
        action_id = int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))
        today, now = self.runtime.today(), self.runtime.now()
        fields = [
            FormField("result", _("Result"), ""),
            FormField("status", _("Close as"), "done", "done | cancelled"),
        ]

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session

            with write_session(self.runtime.engine) as session:
                row = queries.close_action(
                    session=session,
                    id=action_id,
                    result=values["result"],
                    status=values["status"].strip(),
                    today=today,
                    now=now,
                )
            return _("Corrective action {id}: {status}.").format(id=row.id, status=row.status)

        self.app.push_screen(
            FormScreen(_("Close corrective action {id}").format(id=action_id), fields, save), self._form_done
        )

    @on(TabbedContent.TabActivated)
    def _tab(self) -> None:
        if self.pending and self.query_one(TabbedContent).active != "tab-targets":
            self.notify(
                _("A target change is not saved yet (Targets tab: ctrl+s or escape)."), severity="warning"
            )
