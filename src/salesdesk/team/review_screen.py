"""The review editor: one salesperson's review for one period — each KPI's value from the data with the
numbers it came from, its score and weight; the manager scores the manual KPIs (s), writes strengths and
comments (c), adds improvement actions with a due date (a), marks one done (d), finalizes (f) or
reopens (o) a final review."""

from __future__ import annotations

from decimal import Decimal

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from salesdesk.core.db import read_session, write_session
from salesdesk.core.errors import DataError
from salesdesk.core.i18n import _, label
from salesdesk.team import queries, rules
from salesdesk.team.render import source_text
from salesdesk.team.screen import score_style, value_text
from salesdesk.tui import meaning
from salesdesk.tui.room_screen import short_error
from salesdesk.tui.widgets.form import FormField, FormScreen


class ReviewScreen(Screen):
    CSS_PATH = "team.tcss"
    BINDINGS = [
        Binding("escape", "close", _("Back")),
        Binding("s", "score", _("Score KPI")),
        Binding("c", "notes", _("Comments")),
        Binding("a", "add_action", _("Add action")),
        Binding("d", "action_done", _("Action done")),
        Binding("f", "finalize", _("Finalize")),
        Binding("o", "reopen", _("Reopen")),
        Binding("b", "start", _("Start review")),
    ]

    def __init__(self, runtime, salesperson: str, period: str) -> None:  # noqa: ANN001
        super().__init__()
        self.runtime = runtime
        self.salesperson = salesperson
        self.period = period
        self.view: queries.ReviewView | None = None
        self.missing = False

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="rev-body"):
            yield Static("", id="rev-head", classes="team-caption")
            yield DataTable(id="rev-kpis", cursor_type="row", zebra_stripes=True)
            yield Static("", id="rev-overall", classes="team-caption")
            yield Static("", id="rev-notes", classes="team-caption")
            yield DataTable(id="rev-actions", cursor_type="row", zebra_stripes=True)
            yield Static("", id="rev-history", classes="team-caption")
        yield Footer()

    def on_mount(self) -> None:
        self.title = label(rules.REVIEW_HEADER)
        kpis = self.query_one("#rev-kpis", DataTable)
        for header, key in (
            (_("KPI"), "kpi"),
            (_("Value"), "value"),
            (_("Target"), "target"),
            (_("Floor"), "floor"),
            (_("Score"), "score"),
            (_("Weight"), "weight"),
            (_("Based on"), "source"),
        ):
            kpis.add_column(header, key=key)
        actions = self.query_one("#rev-actions", DataTable)
        for header in (_("No."), _("Due"), _("Status"), _("Action")):
            actions.add_column(header)
        kpis.focus()
        self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self.view
        if action == "start":
            return self.missing
        if action in ("score", "notes", "add_action", "finalize"):
            return view is not None and view.status == "draft"
        if action == "reopen":
            return view is not None and view.status == "final"
        if action == "action_done":
            return view is not None and bool(view.actions)
        return True

    # ------------------------------------------------------------------ reading

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="review", exit_on_error=False)
    def _load(self) -> None:
        rt = self.runtime
        try:
            with read_session(rt.engine) as session:
                view = queries.get_review(
                    session=session, salesperson=self.salesperson, period=self.period, today=rt.today()
                )
        except DataError as exc:
            self.app.call_from_thread(self._absent, exc.message)
            return
        except Exception as exc:  # noqa: BLE001 - shown, never a crash
            self.app.call_from_thread(
                self.notify, _("Database error: {error}").format(error=short_error(exc)), severity="error"
            )
            return
        self.app.call_from_thread(self._show, view)

    def _absent(self, message: str) -> None:
        self.view, self.missing = None, True
        self.query_one("#rev-head", Static).update(
            _("{code}, {period}: {message}. b starts the review.").format(
                code=self.salesperson, period=self.period, message=message
            )
        )
        self.refresh_bindings()

    def _show(self, view: queries.ReviewView) -> None:
        self.view, self.missing = view, False
        fmt = self.runtime.fmt
        colours = meaning.styles(self.app)
        self.sub_title = f"{view.salesperson} {view.name} — {view.period}"
        status = rules.word(rules.REVIEW_LABELS, view.status)
        self.query_one("#rev-head", Static).update(
            _("{code} {name}, {period} ({start} – {end}): {status}. Values as of {as_of}.").format(
                code=view.salesperson,
                name=view.name,
                period=view.period,
                start=fmt.date(view.start),
                end=fmt.date(view.end),
                status=status,
                as_of=fmt.date(view.as_of),
            )
        )
        table = self.query_one("#rev-kpis", DataTable)
        row = table.cursor_row
        table.clear()
        for k in view.kpis:
            weight = fmt.number(Decimal(k.weight) / 10, 1) + " %"
            if k.effective_weight is not None and rules.one(k.effective_weight) != rules.one(
                Decimal(k.weight) / 10
            ):
                weight += f" → {fmt.number(rules.one(k.effective_weight), 1)}"
            table.add_row(
                k.label,
                Text(
                    (fmt.number(k.value, 1) if k.value is not None else "—")
                    if k.kind == "manual"
                    else value_text(fmt, k.key, k.value),
                    justify="right",
                ),
                Text("" if k.target is None else fmt.number(k.target), justify="right"),
                Text("" if k.floor is None else fmt.number(k.floor), justify="right"),
                Text(
                    "—" if k.score is None else fmt.number(rules.two(k.score), 2),
                    style=score_style(colours, k.score),
                    justify="right",
                ),
                Text(weight, justify="right"),
                (
                    (_("manager's score (s)") if view.status == "draft" else _("manager's score"))
                    if k.kind == "manual"
                    else source_text(fmt, k.key, k.source)
                ),
                key=k.key,
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        overall = "—" if view.overall is None else fmt.number(rules.two(view.overall), 2)
        self.query_one("#rev-overall", Static).update(
            Text(
                _("Overall: {overall} of 5 — {rating}").format(
                    overall=overall,
                    rating=rules.word(rules.RATING_LABELS, view.rating) if view.rating else "—",
                ),
                style=score_style(colours, view.overall),
            )
        )
        self.query_one("#rev-notes", Static).update(
            _("Strengths: {strengths}\nComments: {comments}").format(
                strengths=view.strengths or "—", comments=view.comments or "—"
            )
        )
        actions = self.query_one("#rev-actions", DataTable)
        actions.clear()
        for a in view.actions:
            actions.add_row(
                str(a.id),
                fmt.date(a.due),
                _("done") if a.status == "done" else _("open"),
                a.action,
                key=str(a.id),
            )
        lines = [
            f"{fmt.moment(at)}: {rules.word(rules.REVIEW_LABELS, old) if old else '—'} → "
            f"{rules.word(rules.REVIEW_LABELS, new)}" + (f" ({note})" if note else "")
            for at, old, new, note in view.history
        ]
        self.query_one("#rev-history", Static).update(
            _("History:") + "\n" + "\n".join(lines) if lines else ""
        )
        self.refresh_bindings()

    # ------------------------------------------------------------------ writing

    def _write(self, title: str, fields: list[FormField], change) -> None:  # noqa: ANN001
        rt = self.runtime

        def save(values: dict[str, str]) -> str:
            with write_session(rt.engine) as session:
                return change(session, values)

        self.app.push_screen(FormScreen(title, fields, save), self._done)

    def _done(self, message: str | None) -> None:
        if message:
            self.notify(message)
            self.reload()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_start(self) -> None:
        rt = self.runtime

        def change(session, values) -> str:  # noqa: ANN001
            queries.start_review(
                session=session,
                salesperson=self.salesperson,
                period=self.period,
                today=rt.today(),
                now=rt.now(),
            )
            return _("Review of {code} for {period} started (draft).").format(
                code=self.salesperson, period=self.period
            )

        self._write(
            _("Start the review of {code} for {period}").format(code=self.salesperson, period=self.period),
            [FormField("template", _("Template"), queries.DEFAULT_TEMPLATE, disabled=True)],
            change,
        )

    def action_score(self) -> None:
        view = self.view
        table = self.query_one("#rev-kpis", DataTable)
        if view is None or not table.row_count:
            return
        key = str(table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value)
        line = next(k for k in view.kpis if k.key == key)
        if line.kind != "manual":
            manual = [k.label for k in view.kpis if k.kind == "manual"]
            self.notify(
                _("{kpi} comes from the data; the manager scores: {manual}.").format(
                    kpi=line.label, manual=", ".join(manual) or "—"
                ),
                severity="warning",
            )
            return

        def change(session, values) -> str:  # noqa: ANN001
            queries.score_kpi(
                session=session,
                salesperson=self.salesperson,
                period=self.period,
                kpi=key,
                score=values["score"],
            )
            return _("{kpi} scored {score}.").format(kpi=line.label, score=values["score"].strip())

        current = "" if line.value is None else str(line.value)
        self._write(
            line.label,
            [FormField("score", _("Score (0–5)"), current, "3.5", check=rules.check_manual_score)],
            change,
        )

    def action_notes(self) -> None:
        view = self.view
        if view is None:
            return

        def change(session, values) -> str:  # noqa: ANN001
            queries.write_notes(
                session=session,
                salesperson=self.salesperson,
                period=self.period,
                strengths=values["strengths"],
                comments=values["comments"],
            )
            return _("Review notes saved.")

        self._write(
            _("Strengths and comments"),
            [
                FormField("strengths", _("Strengths"), view.strengths),
                FormField("comments", _("Comments"), view.comments),
            ],
            change,
        )

    def action_add_action(self) -> None:
        def change(session, values) -> str:  # noqa: ANN001
            from salesdesk.org.rules import clean_date

            number = queries.add_action(
                session=session,
                salesperson=self.salesperson,
                period=self.period,
                action=values["action"],
                due=clean_date(values["due"], "due", required=False),
            )
            return _("Action {id} added.").format(id=number)

        self._write(
            _("Improvement suggestion"),
            [
                FormField("action", _("Action"), "", _("what to do")),
                FormField("due", _("Due"), "", "YYYY-MM-DD"),
            ],
            change,
        )

    def action_action_done(self) -> None:
        table = self.query_one("#rev-actions", DataTable)
        if not table.row_count or self.view is None:
            return
        number = int(str(table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value))
        current = next(a for a in self.view.actions if a.id == number)
        status = "open" if current.status == "done" else "done"

        def change(session, values) -> str:  # noqa: ANN001
            queries.set_action_status(session=session, action_id=number, status=status)
            return _("Action {id}: {status}.").format(
                id=number, status=_("done") if status == "done" else _("open")
            )

        self._write(
            current.action[:60],
            [FormField("status", _("Status"), _("done") if status == "done" else _("open"), disabled=True)],
            change,
        )

    def action_finalize(self) -> None:
        view = self.view
        if view is None:
            return
        rt = self.runtime
        overall = "—" if view.overall is None else rt.fmt.number(rules.two(view.overall), 2)

        def change(session, values) -> str:  # noqa: ANN001
            done = queries.finalize(
                session=session,
                salesperson=self.salesperson,
                period=self.period,
                today=rt.today(),
                now=rt.now(),
            )
            return _("Review of {code} for {period} finalized: {overall} — {rating}.").format(
                code=done.salesperson,
                period=done.period,
                overall=rt.fmt.number(rules.two(done.overall), 2),
                rating=rules.word(rules.RATING_LABELS, done.rating),
            )

        self._write(
            _("Finalize: the values are stored and the review becomes read-only"),
            [FormField("overall", _("Overall"), overall, disabled=True)],
            change,
        )

    def action_reopen(self) -> None:
        rt = self.runtime

        def change(session, values) -> str:  # noqa: ANN001
            queries.reopen(
                session=session,
                salesperson=self.salesperson,
                period=self.period,
                reason=values["reason"],
                now=rt.now(),
            )
            return _("Review of {code} for {period} reopened.").format(
                code=self.salesperson, period=self.period
            )

        self._write(
            _("Reopen the review"), [FormField("reason", _("Reason"), "", _("why (recorded)"))], change
        )

    @on(DataTable.RowSelected, "#rev-kpis")
    def _chosen(self) -> None:
        if self.view is not None and self.view.status == "draft":
            self.action_score()
