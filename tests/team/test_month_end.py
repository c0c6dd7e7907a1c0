"""Overdue receivables of a past quarter read from the month-end receivables review when one was taken
after the month ended (the same numbers as allocating the documents again), else from the documents."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import text

from salesdesk.core.db import read_session, write_session
from salesdesk.credit import queries as credit_q
from salesdesk.credit import review
from salesdesk.team import kpis, rules

Q3 = rules.parse_period("2026Q3")
TODAY = date(2026, 11, 28)


def _overdue(engine) -> tuple:
    with read_session(engine) as s:
        v01 = s.execute(text("SELECT id FROM salespeople WHERE code = 'V01'")).scalar()
        found = kpis.values(session=s, period=Q3, today=TODAY, people=[v01])[v01]["overdue_receivables"]
    return found.value, found.source["overdue"], found.source["open"]


def test_a_month_end_review_taken_after_the_month_gives_the_same_numbers(quarter):
    from_documents = _overdue(quarter)
    assert from_documents == (
        Decimal(15),
        Decimal("300.00"),
        Decimal("2000.00"),
    )  # the fixture's hand numbers
    with read_session(quarter) as s:
        assert credit_q.month_end_agings(s, date(2026, 9, 30)) is None  # no review yet
    with write_session(quarter) as s:
        review.take_snapshot(
            session=s, month="2026-09", now=datetime(2026, 10, 2, 9, 0, tzinfo=UTC), today=TODAY
        )
    with read_session(quarter) as s:
        stored = credit_q.month_end_agings(s, date(2026, 9, 30))
        assert stored is not None and stored  # it is used now
        assert credit_q.month_end_agings(s, date(2026, 9, 29)) is None  # not a month end
    assert _overdue(quarter) == from_documents


def test_a_review_taken_on_the_month_s_last_day_is_not_used(quarter):
    with write_session(quarter) as s:
        review.take_snapshot(
            session=s, month="2026-09", now=datetime(2026, 9, 30, 9, 0, tzinfo=UTC), today=TODAY
        )
    with read_session(quarter) as s:
        assert credit_q.month_end_agings(s, date(2026, 9, 30)) is None  # the month had not ended
