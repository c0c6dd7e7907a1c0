"""The Team room: the roster with a period's KPI values side by side (`[`/`]` another period), the
period's reviews (start one, open the editor), the recruiting board (candidates by stage) and the
training matrix (people × the courses their role requires)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from decimal import Decimal

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane

from salesdesk.core.i18n import _, label
from salesdesk.team import people, queries, rules
from salesdesk.tui import meaning
from salesdesk.tui.room_screen import RoomScreen
from salesdesk.tui.widgets.form import FormField, FormScreen

TABS = ["tab-roster", "tab-reviews", "tab-recruiting", "tab-training"]
TAB_ACTIONS = {
    "tab-roster": ("assign",),
    "tab-reviews": ("start_review",),
    "tab-recruiting": ("add_candidate", "advance", "reject", "hire"),
    "tab-training": ("record_training",),
}
BOARD_STAGES = ("applied", "screened", "interviewed", "offer")


def score_style(colours: dict[str, str], score: Decimal | None) -> str:
    """Green from 3.5, amber from 2.5, red below (as the rating bands read)."""
    if score is None:
        return ""
    if score >= Decimal("3.5"):
        return colours[meaning.GOOD]
    if score >= Decimal("2.5"):
        return colours[meaning.CAUTION]
    return colours[meaning.BAD]


def value_text(fmt, key: str, value: Decimal | None) -> str:  # noqa: ANN001
    if value is None:
        return "—"
    if key in rules.COUNTS:
        return fmt.number(int(value))
    return fmt.number(rules.one(value), 1)


class TeamScreen(RoomScreen):
    CSS_PATH = "team.tcss"
    BINDINGS = [
        Binding("r", "refresh", _("Refresh")),
        Binding("t", "next_tab", _("Next tab")),
        Binding("enter", "open_review", _("Open review"), show=False),
        Binding("o", "open_review", _("Open review")),
        Binding("s", "start_review", _("Start review")),
        Binding("a", "assign", _("Reassign customer")),
        Binding("n", "add_candidate", _("New candidate")),
        Binding("m", "advance", _("Next stage")),
        Binding("x", "reject", _("Reject")),
        Binding("h", "hire", _("Hire")),
        Binding("g", "record_training", _("Record training")),
        Binding("right_square_bracket", "next_period", _("Next period"), show=False),
        Binding("left_square_bracket", "previous_period", _("Previous period"), show=False),
    ]

    def __init__(self, runtime) -> None:  # noqa: ANN001
        super().__init__(runtime)
        self.period = rules.period_of("quarter", runtime.today())
        self.board: dict[tuple[int, int], str] = {}
        self.people_codes: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="team-tabs"):
            with TabPane(_("Roster"), id="tab-roster"):
                yield Static("", id="team-roster-head", classes="team-caption")
                yield DataTable(id="team-roster", cursor_type="row", zebra_stripes=True)
            with TabPane(_("Reviews"), id="tab-reviews"):
                yield Static("", id="team-reviews-head", classes="team-caption")
                yield DataTable(id="team-reviews", cursor_type="row", zebra_stripes=True)
                yield Static("", id="team-due", classes="team-caption")
            with TabPane(_("Recruiting"), id="tab-recruiting"):
                yield Static("", id="team-board-head", classes="team-caption")
                yield DataTable(id="team-board", cursor_type="cell", zebra_stripes=False)
                yield Static("", id="team-candidate", classes="team-caption")
            with TabPane(_("Training"), id="tab-training"):
                yield Static("", id="team-matrix-head", classes="team-caption")
                yield DataTable(id="team-matrix", cursor_type="cell", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Team")
        roster = self.query_one("#team-roster", DataTable)
        roster.add_column(_("Code"), key="code")
        roster.add_column(_("Name"), key="name", width=24)
        roster.add_column(_("Role"), key="role")
        roster.add_column(_("Zone"), key="zone")
        roster.add_column(_("Status"), key="status")
        roster.add_column(_("Cust."), key="customers")
        for k in rules.BUILTIN:
            roster.add_column(label(rules.KPI_SHORT[k]), key=k)
        roster.add_column(_("Score"), key="overall")
        roster.add_column(label(rules.REVIEW_HEADER), key="review")
        reviews = self.query_one("#team-reviews", DataTable)
        for header in ("#", _("Code"), _("Name"), label(rules.REVIEW_HEADER), _("Overall"), _("Rating")):
            reviews.add_column(header)
        board = self.query_one("#team-board", DataTable)
        for stage in BOARD_STAGES:
            board.add_column(rules.word(rules.STAGE_LABELS, stage), key=stage, width=26)
        self.action_refresh()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        wanted = [tab for tab, actions in TAB_ACTIONS.items() if action in actions]
        if wanted:
            tabs = self.query(TabbedContent)
            return not tabs or tabs.first().active in wanted
        if action == "open_review":
            tabs = self.query(TabbedContent)
            return not tabs or tabs.first().active in ("tab-roster", "tab-reviews")
        return True

    @on(TabbedContent.TabActivated)
    def _tab_shown(self) -> None:
        self.refresh_bindings()

    def reload_on_resume(self) -> None:
        self.action_refresh()

    def refresh_data(self) -> None:
        self.action_refresh()

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(_("Team: refresh"), _("Read the team again"), self.action_refresh)
        yield SystemCommand(_("Team: open the highlighted review"), "", self.action_open_review)
        yield SystemCommand(
            _("Team: start a review…"), _("For the highlighted salesperson"), self.action_start_review
        )
        yield SystemCommand(
            _("Team: reassign a customer…"), _("Customer, salesperson, from"), self.action_assign
        )
        yield SystemCommand(_("Team: new candidate…"), "", self.action_add_candidate)
        yield SystemCommand(_("Team: record a training session…"), "", self.action_record_training)
        yield SystemCommand(_("Team: next period"), "", self.action_next_period)
        yield SystemCommand(_("Team: previous period"), "", self.action_previous_period)

    def room_help(self) -> Text:
        return Text(
            "\n".join(
                [
                    _("How the Team room scores a review"),
                    "",
                    _(
                        "Each KPI scores 0–5: linear from its floor (0) to its target (5), capped; for "
                        "lower-is-better KPIs the floor is above the target."
                    ),
                    _(
                        "The overall score is the weighted average of the scored KPIs; a KPI without data "
                        "scores nothing and its weight is spread over the rest."
                    ),
                    _("Bands: 4.5 outstanding, 3.5 exceeds, 2.5 meets, 1.5 below, else unsatisfactory."),
                    _(
                        "A review is finalized once its period has ended and its manual KPIs are scored; "
                        "it is then read-only. Reopening it is recorded with the reason."
                    ),
                    _(
                        "Candidates move one stage at a time (m), or are rejected (x); hiring (h) "
                        "creates the salesperson."
                    ),
                ]
            )
        )

    # ------------------------------------------------------------------ reading

    def action_refresh(self) -> None:
        today, period = self.runtime.today(), self.period.code

        def load(session):  # noqa: ANN001, ANN202
            code, ranked = queries.ranking(session=session, period=period, today=today)
            _code, roster = queries.roster(session=session, today=today, period=code, ranked=ranked)
            due = queries.reviews_due(session=session, today=today)
            candidates = people.list_candidates(session=session, today=today)
            matrix = people.matrix(session=session)
            return code, roster, ranked, due, candidates, matrix

        self.sub_title = _("{period}: reading…").format(period=period)  # a past quarter can take seconds
        self.read(load, self._show, group="team")

    def _show(self, loaded) -> None:  # noqa: ANN001
        code, roster_rows, ranked, due, candidates, matrix = loaded
        fmt = self.fmt
        colours = meaning.styles(self.app)
        as_of = self.period.as_of(self.runtime.today())
        self.sub_title = _("{period}, as of {date}").format(period=code, date=fmt.date(as_of))
        from salesdesk.org.rules import STATUS_LABELS

        roster = self.query_one("#team-roster", DataTable)
        roster.clear()
        self.people_codes = [r.code for r in roster_rows]
        for r in roster_rows:
            cells: list = [
                r.code,
                r.name[:24],
                rules.word(rules.ROLE_LABELS, r.role),
                r.territory or "",
                _(STATUS_LABELS.get(r.status, r.status)),
                str(r.customers),
            ]
            for k in rules.BUILTIN:
                cells.append(Text(value_text(fmt, k, r.values.get(k)) if r.values else "", justify="right"))
            cells.append(
                Text(
                    "" if r.overall is None else fmt.number(rules.two(r.overall), 2),
                    style=score_style(colours, r.overall),
                    justify="right",
                )
            )
            cells.append(rules.word(rules.REVIEW_LABELS, r.review) if r.review else "")
            roster.add_row(*cells, key=r.code)
        self.query_one("#team-roster-head", Static).update(
            _(
                "{period}: each salesperson's KPIs from the data ([ ] another period); o opens the review, "
                "a reassigns a customer."
            ).format(period=code)
        )
        reviews = self.query_one("#team-reviews", DataTable)
        reviews.clear()
        for r in ranked:
            reviews.add_row(
                str(r.rank or ""),
                r.salesperson,
                r.name[:28],
                rules.word(rules.REVIEW_LABELS, r.review) if r.review else _("not started"),
                Text(
                    "" if r.overall is None else fmt.number(rules.two(r.overall), 2),
                    style=score_style(colours, r.overall),
                    justify="right",
                ),
                rules.word(rules.RATING_LABELS, r.rating) if r.rating else "",
                key=r.salesperson,
            )
        self.query_one("#team-reviews-head", Static).update(
            _("Reviews of {period}, ranked by overall score; s starts one, o opens it.").format(period=code)
        )
        due_text = (
            _("Reviews due: {list}").format(list=", ".join(f"{d.salesperson} {d.period}" for d in due[:12]))
            + (" …" if len(due) > 12 else "")
            if due
            else _("No review is due.")
        )
        self.query_one("#team-due", Static).update(due_text)
        self._show_board(candidates)
        self._show_matrix(matrix)

    def _show_board(self, candidates: list) -> None:
        board = self.query_one("#team-board", DataTable)
        board.clear()
        self.board = {}
        columns = {s: [c for c in candidates if c.stage == s] for s in BOARD_STAGES}
        height = max((len(v) for v in columns.values()), default=0)
        for i in range(height):
            cells = []
            for j, stage in enumerate(BOARD_STAGES):
                items = columns[stage]
                if i < len(items):
                    c = items[i]
                    self.board[(i, j)] = c.number
                    cells.append(f"{c.number} {c.name}"[:26])
                else:
                    cells.append("")
            board.add_row(*cells)
        self._candidates = {c.number: c for c in candidates}
        closed = [c for c in candidates if c.stage in ("hired", "rejected")]
        self.query_one("#team-board-head", Static).update(
            _(
                "{n} candidates in process ({closed} hired or rejected); m next stage, x reject, h hire, "
                "n new."
            ).format(n=len(candidates) - len(closed), closed=len(closed))
        )
        self._candidate_detail()

    @on(DataTable.CellHighlighted, "#team-board")
    def _candidate_detail(self) -> None:
        number = self._selected_candidate(quiet=True)
        box = self.query_one("#team-candidate", Static)
        c = getattr(self, "_candidates", {}).get(number) if number else None
        if c is None:
            box.update("")
            return
        box.update(
            _(
                "{number} {name} — {opening}; source {source}; applied {applied}; in this stage {days} "
                "days. {notes}"
            ).format(
                number=c.number,
                name=c.name,
                opening=f"{c.opening} {c.opening_title}" if c.opening else _("no opening"),
                source=c.source or "—",
                applied=self.fmt.date(c.applied),
                days=c.days_in_stage,
                notes=c.notes.replace("\n", " ")[:200],
            )
        )

    def _show_matrix(self, matrix: people.Matrix) -> None:
        table = self.query_one("#team-matrix", DataTable)
        table.clear(columns=True)
        table.add_column(_("Salesperson"), key="who", width=26)
        table.add_column(_("Role"), key="role")
        for code, _name in matrix.courses:
            table.add_column(code, key=code)
        colours = meaning.styles(self.app)
        marks = {
            "done": ("✔", colours[meaning.GOOD]),
            "attended": ("…", colours[meaning.CAUTION]),
            "missing": ("✘", colours[meaning.BAD]),
        }
        for code, name, role, cells in matrix.rows:
            row: list = [f"{code} {name}"[:26], rules.word(rules.ROLE_LABELS, role)]
            for course, _n in matrix.courses:
                cell = cells.get(course)
                if cell is None:
                    row.append(Text("·"))
                else:
                    mark, style = marks[cell.state]
                    row.append(Text(mark + (f" {self.fmt.date(cell.day)}" if cell.day else ""), style=style))
            table.add_row(*row, key=code)
        missing = matrix.missing()
        names = ", ".join(code for code, _name, _lack in missing)
        self.query_one("#team-matrix-head", Static).update(
            _(
                "Required courses per role: ✔ completed, … attended not completed, ✘ missing, · not "
                "required. "
                "{n} people missing a course{names}; g records a session."
            ).format(n=len(missing), names=f" ({names})" if names else "")
        )

    # ------------------------------------------------------------------ navigation

    def action_next_tab(self) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = TABS[(TABS.index(tabs.active) + 1) % len(TABS)]

    def action_next_period(self) -> None:
        self.period = rules.period_of(self.period.kind, self.period.end + timedelta(days=1))
        self.action_refresh()

    def action_previous_period(self) -> None:
        self.period = rules.previous(self.period)
        self.action_refresh()

    def _selected_person(self) -> str | None:
        tab = self.query_one(TabbedContent).active
        table = self.query_one("#team-reviews" if tab == "tab-reviews" else "#team-roster", DataTable)
        if not table.row_count:
            self.notify(_("Nothing selected."), severity="warning")
            return None
        return str(table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value)

    def _selected_candidate(self, quiet: bool = False) -> str | None:
        board = self.query_one("#team-board", DataTable)
        number = self.board.get((board.cursor_row, board.cursor_column)) if board.row_count else None
        if number is None and not quiet:
            self.notify(_("No candidate here."), severity="warning")
        return number

    # ------------------------------------------------------------------ reviews

    def action_open_review(self) -> None:
        code = self._selected_person()
        if code is None:
            return
        from salesdesk.team.review_screen import ReviewScreen

        self.app.push_screen(
            ReviewScreen(self.runtime, code, self.period.code), lambda _r: self.action_refresh()
        )

    def action_start_review(self) -> None:
        code = self._selected_person()
        if code is None:
            return
        rt, period = self.runtime, self.period.code
        fields = [
            FormField("salesperson", _("Salesperson"), code, disabled=True),
            FormField("period", _("Period"), period, "2026Q3"),
        ]

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session

            with write_session(rt.engine) as session:
                done = queries.start_review(
                    session=session, salesperson=code, period=values["period"], today=rt.today(), now=rt.now()
                )
            return _("Review of {code} for {period} started (draft).").format(code=code, period=done)

        self.app.push_screen(FormScreen(_("Start a review"), fields, save), self._done)

    def _done(self, message: str | None) -> None:
        if message:
            self.notify(message)
            self.action_refresh()

    # ------------------------------------------------------------------ assignments

    def action_assign(self) -> None:
        rt = self.runtime
        person = self._selected_person() or ""
        fields = [
            FormField("customer", _("Customer"), "", _("code")),
            FormField("to", _("To salesperson"), person, _("code (empty: nobody)")),
            FormField("from", _("From"), rt.today().isoformat(), "YYYY-MM-DD"),
            FormField("note", _("Note"), "", _("why (kept in the history)")),
        ]

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session
            from salesdesk.org import assignments
            from salesdesk.org.rules import clean_date

            with write_session(rt.engine) as session:
                old, new = assignments.assign(
                    session=session,
                    customer=values["customer"],
                    to=values["to"] or None,
                    start=clean_date(values["from"], "from", required=False),
                    today=rt.today(),
                    now=rt.now(),
                    note=values["note"],
                )
            return _("Customer {customer}: {old} → {new}.").format(
                customer=values["customer"].strip(), old=old or "—", new=new or "—"
            )

        self.app.push_screen(FormScreen(_("Reassign a customer"), fields, save), self._done)

    # ------------------------------------------------------------------ recruiting

    def action_add_candidate(self) -> None:
        rt = self.runtime
        fields = [
            FormField("name", _("Name"), ""),
            FormField("opening", _("Opening"), "", _("number (J0001), optional")),
            FormField("source", _("Source"), "", _("referral, job board…")),
            FormField("email", _("Email"), ""),
            FormField("phone", _("Phone"), ""),
            FormField("applied", _("Applied"), rt.today().isoformat(), "YYYY-MM-DD"),
            FormField("notes", _("Notes"), ""),
        ]

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session
            from salesdesk.org.rules import clean_date

            with write_session(rt.engine) as session:
                number = people.add_candidate(
                    session=session,
                    name=values["name"],
                    opening=values["opening"] or None,
                    source=values["source"],
                    email=values["email"],
                    phone=values["phone"],
                    applied=clean_date(values["applied"], "applied"),
                    notes=values["notes"],
                    today=rt.today(),
                )
            return _("Candidate {number} added.").format(number=number)

        self.app.push_screen(FormScreen(_("New candidate"), fields, save), self._done)

    def _move(self, stage: str | None) -> None:
        number = self._selected_candidate()
        if number is None:
            return
        c = self._candidates[number]
        if stage is None:
            following = [s for s in rules.STAGE_TRANSITIONS[c.stage] if s not in ("rejected", "hired")]
            if not following:
                self.notify(_("At the offer stage: h hires the candidate."), severity="warning")
                return
            stage = following[0]
        rt = self.runtime
        fields = [
            FormField("stage", _("To stage"), rules.word(rules.STAGE_LABELS, stage), disabled=True),
            FormField("date", _("Date"), rt.today().isoformat(), "YYYY-MM-DD"),
            FormField("note", _("Note"), "", _("optional")),
        ]
        target = stage

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session
            from salesdesk.org.rules import clean_date

            with write_session(rt.engine) as session:
                old, new = people.move_candidate(
                    session=session,
                    number=number,
                    stage=target,
                    day=clean_date(values["date"], "date"),
                    today=rt.today(),
                    now=rt.now(),
                    note=values["note"],
                )
            return _("Candidate {number}: {old} → {new}.").format(
                number=number,
                old=rules.word(rules.STAGE_LABELS, old),
                new=rules.word(rules.STAGE_LABELS, new),
            )

        self.app.push_screen(FormScreen(f"{c.number} {c.name}", fields, save), self._done)

    def action_advance(self) -> None:
        self._move(None)

    def action_reject(self) -> None:
        self._move("rejected")

    def action_hire(self) -> None:
        number = self._selected_candidate()
        if number is None:
            return
        c = self._candidates[number]
        rt = self.runtime
        fields = [
            FormField("code", _("Salesperson code"), "", "V09"),
            FormField("hire_date", _("Hire date"), rt.today().isoformat(), "YYYY-MM-DD"),
            FormField("territory", _("Territory"), "", _("default the opening's")),
            FormField("role", _("Role"), "", _("default the opening's")),
        ]

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session
            from salesdesk.org.rules import clean_date

            with write_session(rt.engine) as session:
                made = people.hire(
                    session=session,
                    number=number,
                    code=values["code"],
                    hire_date=clean_date(values["hire_date"], "hire_date"),
                    territory=values["territory"] or None,
                    role=values["role"] or None,
                    today=rt.today(),
                    now=rt.now(),
                )
            return _("Candidate {number} hired: salesperson {code} created.").format(number=number, code=made)

        self.app.push_screen(FormScreen(_("Hire {name}").format(name=c.name), fields, save), self._done)

    # ------------------------------------------------------------------ training

    def action_record_training(self) -> None:
        rt = self.runtime
        fields = [
            FormField("course", _("Course"), "", _("code")),
            FormField("date", _("Date"), rt.today().isoformat(), "YYYY-MM-DD"),
            FormField("trainer", _("Trainer"), ""),
            FormField("people", _("Attended"), "", _("salesperson codes, comma-separated")),
            FormField("not_completed", _("Not completed"), "", _("of those, who did not complete it")),
        ]

        def save(values: dict[str, str]) -> str:
            from salesdesk.core.db import write_session
            from salesdesk.org.rules import clean_date

            split = lambda text: [p.strip() for p in text.split(",") if p.strip()]  # noqa: E731
            with write_session(rt.engine) as session:
                n = people.record_training(
                    session=session,
                    course=values["course"],
                    day=clean_date(values["date"], "date"),
                    trainer=values["trainer"],
                    people=split(values["people"]),
                    not_completed=split(values["not_completed"]),
                    today=rt.today(),
                )
            return _("Training {course} recorded for {n} people.").format(
                course=values["course"].strip(), n=n
            )

        self.app.push_screen(FormScreen(_("Record a training session"), fields, save), self._done)
