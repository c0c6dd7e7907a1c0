"""The Team room through Pilot: complete and finalize a review (start it, score the manual KPIs, write
the notes, add an action, finalize); move a candidate on the recruiting board and hire them.

Seeded: V01 (active) and V02 (on leave); today is 2026-11-28, so 2026Q3 has ended."""

from __future__ import annotations

from sqlalchemy import text

from tests.tui.conftest import plain, settle, wait_for


async def _team(pilot, app):
    await settle(pilot, app)
    await pilot.press("0")
    await settle(pilot, app)
    screen = app.screen
    assert screen.__class__.__name__ == "TeamScreen"
    return screen


def _row_of(table, key: str) -> int:
    for i in range(table.row_count):
        if str(table.coordinate_to_cell_key((i, 0)).row_key.value) == key:
            return i
    raise AssertionError(f"{key} not in the table")


async def _save(pilot, app, back) -> None:
    await pilot.click("#save")
    await wait_for(pilot, lambda: app.screen is back)
    await settle(pilot, app)


async def test_complete_and_finalize_a_review(make_app, seeded):
    app = make_app()
    async with app.run_test(size=(170, 50)) as pilot:
        screen = await _team(pilot, app)
        roster = screen.query_one("#team-roster")
        await wait_for(pilot, lambda: roster.row_count == 2)
        await pilot.press("left_square_bracket")  # back to 2026Q3
        await wait_for(pilot, lambda: "2026Q3" in plain(screen.query_one("#team-roster-head")))
        await pilot.press("t")  # the Reviews tab
        reviews = screen.query_one("#team-reviews")
        await wait_for(pilot, lambda: reviews.row_count == 2)
        reviews.move_cursor(row=_row_of(reviews, "V01"))
        await pilot.press("s")
        await settle(pilot, app)
        assert str(app.screen.query_one("#field-period").value) == "2026Q3"
        await _save(pilot, app, screen)
        await wait_for(pilot, lambda: "draft" in str(reviews.get_row_at(_row_of(reviews, "V01"))[3]))
        await pilot.press("o")
        await settle(pilot, app)
        editor = app.screen
        assert editor.__class__.__name__ == "ReviewScreen"
        kpis = editor.query_one("#rev-kpis")
        await wait_for(pilot, lambda: kpis.row_count == 8)
        for key, score in (("teamwork", "4"), ("product_knowledge", "3.5")):
            kpis.move_cursor(row=_row_of(kpis, key))
            await pilot.press("s")
            await settle(pilot, app)
            app.screen.query_one("#field-score").value = score
            await _save(pilot, app, editor)
        await pilot.press("c")
        await settle(pilot, app)
        app.screen.query_one("#field-strengths").value = "Knows the product range"
        app.screen.query_one("#field-comments").value = "Collections need attention"
        await _save(pilot, app, editor)
        await pilot.press("a")
        await settle(pilot, app)
        app.screen.query_one("#field-action").value = "Review overdue invoices every Monday"
        app.screen.query_one("#field-due").value = "2027-01-15"
        await _save(pilot, app, editor)
        await wait_for(pilot, lambda: editor.query_one("#rev-actions").row_count == 1)
        await pilot.press("f")
        await settle(pilot, app)
        await _save(pilot, app, editor)
        await wait_for(pilot, lambda: "final" in plain(editor.query_one("#rev-head")))
        assert "Overall:" in plain(editor.query_one("#rev-overall"))
        await pilot.press("s")  # a final review is read-only: the binding is off
        await settle(pilot, app)
        assert app.screen is editor
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        await wait_for(pilot, lambda: "final" in str(reviews.get_row_at(_row_of(reviews, "V01"))[3]))
    with seeded.connect() as conn:
        review = conn.execute(
            text("SELECT status, overall, rating, strengths, comments FROM reviews WHERE period = '2026Q3'")
        ).one()
        manual = dict(
            conn.execute(text("SELECT key, manual_score FROM review_kpis WHERE kind = 'manual'")).all()
        )
        history = conn.execute(
            text("SELECT old, new FROM change_log WHERE entity = 'review' ORDER BY id")
        ).all()
        actions = conn.execute(text("SELECT action, due FROM review_actions")).all()
    assert review[0] == "final" and review[1] is not None and review[2] is not None
    assert review[3:] == ("Knows the product range", "Collections need attention")
    assert manual == {"teamwork": "4", "product_knowledge": "3.5"}
    assert [tuple(h) for h in history] == [(None, "draft"), ("draft", "final")]
    assert [tuple(a) for a in actions] == [("Review overdue invoices every Monday", "2027-01-15")]


async def test_move_a_candidate_on_the_board_and_hire(make_app, seeded, cli, db_path):
    code, _out, err = cli("--db", str(db_path), "team", "candidate", "add", "Ana Ruiz",
                          "--applied", "2026-11-02", "--email", "ana@example.com")  # fmt: skip
    assert code == 0, err
    app = make_app()
    async with app.run_test(size=(170, 50)) as pilot:
        screen = await _team(pilot, app)
        await pilot.press("t", "t")  # Recruiting
        board = screen.query_one("#team-board")
        await wait_for(pilot, lambda: board.row_count == 1)
        board.focus()
        for stage in ("screened", "interviewed", "offer"):
            column = ("applied", "screened", "interviewed", "offer").index(stage) - 1
            board.move_cursor(row=0, column=column)
            await pilot.press("m")
            await settle(pilot, app)
            await _save(pilot, app, screen)
            await wait_for(pilot, lambda c=column: "Ana Ruiz" in str(board.get_cell_at((0, c + 1))))
        board.move_cursor(row=0, column=3)
        await pilot.press("h")
        await settle(pilot, app)
        app.screen.query_one("#field-code").value = "V09"
        await _save(pilot, app, screen)
        await wait_for(pilot, lambda: board.row_count == 0)
    with seeded.connect() as conn:
        person = conn.execute(text("SELECT name, email, status FROM salespeople WHERE code = 'V09'")).one()
        stage = conn.execute(text("SELECT stage FROM candidates")).scalar()
    assert tuple(person) == ("Ana Ruiz", "ana@example.com", "active")
    assert stage == "hired"
