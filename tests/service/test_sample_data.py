"""The shipped sample data through the Service room: the installed base and the service orders that
scripts/make_service_data.py writes import whole into the demo, and on 2026-12-02 the room has work to
show (open orders of several types, due maintenance, goals met most of the time, needs in more than one
department)."""

from __future__ import annotations

import csv
import filecmp
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

TODAY = date(2026, 12, 2)
ROOT = Path(__file__).resolve().parents[2]
FILES = ("installed_base", "service_orders")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from salesdesk.core.db import open_database, sqlite_url
    from salesdesk.org.demo import build_demo

    with pytest.MonkeyPatch.context() as mp:
        for var in [v for v in os.environ if v.startswith("SALESDESK_")]:
            mp.delenv(var)
        mp.setenv("SALESDESK_TODAY", TODAY.isoformat())
        path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
        build_demo(path)
    engine = open_database(sqlite_url(path))
    yield engine
    engine.dispose()


def _rows(kind: str) -> int:
    from salesdesk.org.demo import sample_data_dir

    with (sample_data_dir() / f"{kind}.csv").open(encoding="utf-8", newline="") as fh:
        return sum(1 for _ in csv.DictReader(fh))


def test_both_kinds_import_whole_with_no_rejected_rows(demo):
    from sqlalchemy import text

    with demo.connect() as conn:
        batches = {
            kind: (created, rejected)
            for kind, created, rejected in conn.execute(
                text(
                    "SELECT kind, created, rejected FROM import_batches"
                    " WHERE kind IN ('installed_base', 'service_orders')"
                )
            )
        }
        stored = {
            "installed_base": conn.execute(text("SELECT count(*) FROM installed_base")).scalar(),
            "service_orders": conn.execute(text("SELECT count(*) FROM service_orders")).scalar(),
        }
    for kind in FILES:
        assert batches[kind] == (_rows(kind), 0), kind
        assert stored[kind] == _rows(kind) > 0, kind


def test_every_installed_unit_is_of_a_product_that_needs_installation(demo):
    from sqlalchemy import text

    with demo.connect() as conn:
        found = conn.execute(
            text(
                "SELECT p.needs_installation, count(*) FROM installed_base u"
                " JOIN products p ON p.id = u.product_id GROUP BY p.needs_installation"
            )
        ).all()
        # the import derived the warranty end (where not given) and every planned unit's next due date
        missing = conn.execute(
            text(
                "SELECT count(*) FROM installed_base"
                " WHERE warranty_end IS NULL OR (plan != 'none' AND next_due IS NULL)"
            )
        ).scalar()
    assert [(bool(needs), n) for needs, n in found] == [(True, _rows("installed_base"))]
    assert missing == 0


def test_open_orders_of_several_types_and_due_maintenance(demo):
    from sqlalchemy import text

    from salesdesk.core.db import read_session
    from salesdesk.service import queries

    with demo.connect() as conn:
        open_types = dict(
            conn.execute(
                text(
                    "SELECT type, count(*) FROM service_orders"
                    " WHERE status IN ('open', 'scheduled', 'in_progress') GROUP BY type"
                )
            ).all()
        )
    assert len(open_types) >= 3, open_types
    with read_session(demo) as s:
        due = queries.due_maintenance(session=s, today=TODAY, days=30)
    overdue = [u for u in due if u.next_due < TODAY]
    assert len(overdue) >= 3 and len(due) - len(overdue) >= 3, [(u.serial, u.next_due) for u in due]


def test_goals_are_met_most_of_the_time(demo):
    from salesdesk.core.db import read_session
    from salesdesk.service import queries

    with read_session(demo) as s:
        report = queries.goals_report(session=s, start=date(2026, 1, 1), end=TODAY)
    rates = {row.key: row.stats.on_time_pct for row in report}
    assert all(row.stats.done > 0 for row in report), rates
    assert all(60 <= rate <= 95 for rate in rates.values()), rates


def test_needs_action_in_at_least_two_departments(demo):
    from salesdesk.core.db import read_session
    from salesdesk.service import queries

    with read_session(demo) as s:
        needs = queries.needs_action(session=s, today=TODAY)
    departments = {department for department, _reason, _order in needs}
    reasons = {reason for _department, reason, _order in needs}
    assert len(departments) >= 2, needs
    assert len(reasons) >= 2, needs


def test_the_generator_reproduces_the_files(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_service_data.py"), str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    for kind in FILES:
        made, shipped = tmp_path / f"{kind}.csv", ROOT / "sample_data" / f"{kind}.csv"
        assert filecmp.cmp(made, shipped, shallow=False), kind
