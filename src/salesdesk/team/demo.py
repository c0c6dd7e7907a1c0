"""The demo's performance reviews: ``sample_data/reviews.csv`` holds the manager's side of a quarter of
reviews (manual scores, notes, an improvement action, final or still a draft); the KPI values come from
the demo's own data when each review is started and finalized, as they would for a manager."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path

from salesdesk.core import db
from salesdesk.team import queries

MANUAL_PREFIX = "score:"


def load_reviews(engine, path: Path, today: date) -> int:  # noqa: ANN001
    """Start, score, annotate and (where the file says final) finalize each review; returns how many."""
    if not path.exists():
        return 0
    now = datetime(today.year, today.month, today.day, 9, 0, tzinfo=UTC)
    count = 0
    with path.open(encoding="utf-8", newline="") as handle, db.write_session(engine) as session:
        for row in csv.DictReader(handle):
            sp, period = row["salesperson"], row["period"]
            queries.start_review(session=session, salesperson=sp, period=period, today=today, now=now)
            for column, value in row.items():
                if column.startswith(MANUAL_PREFIX) and value:
                    kpi = column.removeprefix(MANUAL_PREFIX)
                    queries.score_kpi(session=session, salesperson=sp, period=period, kpi=kpi, score=value)
            queries.write_notes(
                session=session,
                salesperson=sp,
                period=period,
                comments=row.get("comments", ""),
                strengths=row.get("strengths", ""),
            )
            if row.get("action"):
                queries.add_action(
                    session=session,
                    salesperson=sp,
                    period=period,
                    action=row["action"],
                    due=date.fromisoformat(row["due"]),
                )
            if row.get("status") == "final":
                queries.finalize(session=session, salesperson=sp, period=period, today=today, now=now)
            count += 1
    return count
