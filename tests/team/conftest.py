"""Fixtures of the team room's tests: a small hand-computed quarter (``quarter``) built through the other
rooms' own functions, and helpers to read the database. Today is 2026-11-28 (tests/conftest.py).

The quarter is 2026Q3 (1 July – 30 September, 92 days), read as of 30 September. Zone MAD, group DIST;
V01 Ana Ruiz and V02 Bea Sanz (both hired 2020-01-01). Customers:

* C1 (V01, tier A = a visit every 30 days, terms 30, customer since 2026-08-10: new in the quarter);
* C2 (V01, tier C = 90 days, terms 30, customer since 2019-05-01);
* C3 (V02, tier C, terms 30, customer since 2026-07-20: new in the quarter for V02).

**Targets** (plan targets import), V01 with DIST: June 900.00, July 1,500.00, August 1,500.00, September
2,000.00, October 1,000.00 → the quarter's target = 1,500 + 1,500 + 2,000 = 5,000.00 (June and October
are outside it).

**Invoices** (each credited to the customer's salesperson when issued):

* C1: I1 1,200.00 on 07-05 (due 08-04), paid by P1 1,200.00 on 07-30 naming I1; I7 900.00 on 09-20 (due
  10-20, not due on 09-30).
* C2: I2 1,500.00 on 08-20 (due 09-19), credit note I3 −200.00 on 09-10 and payment P2 1,000.00 on 09-25,
  both applied to I2 (the oldest open one) → I2 open 300.00, 11 days late on 09-30; I4 800.00 on 09-15
  (due 10-15, not due); I5 400.00 on 10-05 (after the quarter: neither sales nor receivables at 09-30).
* C3: I8 600.00 on 08-01 (V02).

V01 net sales = 1,200 + 900 + 1,500 − 200 + 800 = 4,200.00 → **sales attainment** 4,200 ÷ 5,000 = 84.0 %
(score 5 × (84 − 70) ÷ 30 = 2.3333…). V02 has no target → None.

**Overdue receivables** at 09-30, V01's portfolio C1 + C2: open = 900 (I7) + 300 (I2) + 800 (I4) = 2,000.00,
overdue = 300.00 → 15.0 % (score 5 × (15 − 25) ÷ (5 − 25) = 2.5).

**Visits** (done unless said): C1 07-15, 08-10, 09-10 cancelled, 09-29; C2 08-01. C1's 30-day windows:
07-01–07-30, 07-31–08-29, 08-30–09-28, 09-29–09-30 → 4 required, 3 with a done visit; C2's 90-day windows:
07-01–09-28, 09-29–09-30 → 2 required, 1 done. **Visit compliance** V01 = 4 ÷ 6 = 66.666…% (score
5 × (66.666… − 50) ÷ 40 = 2.0833…). V02: C3 2 windows, none done → 0 %.

**Complaints** (numbered R000001… in this order) of V01's customers: R000001 C1 high 07-01 resolved 07-03
(within the 3 days), R000002 C2 high 07-10 resolved 07-12 (within), R000003 C1 medium 08-05 resolved 08-10
(within 7), R000004 C2 medium 08-01 resolved 08-20 (late: due 08-08), R000005 C2 low 09-01 still open (due
09-15: past its SLA on 09-30), R000006 C1 critical 09-29 open (due 09-30: not yet past it); R000007 C2 high
06-20 resolved 06-21 is outside the quarter (2026Q2's only complaint). **Complaints within SLA** = 3 ÷ (4
resolved + 1 open past SLA) = 60.0 % (score 0: the floor).

**Expenses** of V01: 06-30 travel 70.00 and 10-02 travel 500.00 (outside), 07-10 travel 120.00 (approved),
08-15 travel 111.00 (submitted), 09-05 meals 100.00 (rejected: not counted) → 231.00 → **expense ratio**
231 ÷ 4,200 = 5.5 % (score 5 × (5.5 − 8) ÷ (3 − 8) = 2.5).

**New customers**: V01 1 (C1), V02 1 (C3) → V01 score 5 × 1 ÷ 3 = 1.6666…

V02 (C3): no target (sales 600.00: I8 on 08-01, due 08-31, unpaid → overdue receivables 100 %), visits 0 of 2
windows, no complaints, no expenses (0 % of 600.00), one new customer.

A customer's portfolio is who had it on the as-of day: C1 (customer since 08-10) was nobody's on 2026-06-30.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import NOW, TODAY

D = Decimal
Q3_END = date(2026, 9, 30)


def d(value: str) -> date:
    return date.fromisoformat(value)


def at(day: str) -> datetime:
    return datetime.combine(d(day), datetime.min.time().replace(hour=12), tzinfo=UTC)


def rows(engine, sql: str, **params) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params).all()]


def scalar(engine, sql: str, **params):
    with engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def write_csv(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def import_file(engine, kind: str, path: Path, now: datetime = NOW):
    """Run one file through the import engine (as ``salesdesk import`` does)."""
    from salesdesk.core.importing.engine import Options, run_import
    from salesdesk.rooms import import_kinds

    return run_import(engine, import_kinds(), [(kind, path)], Options(), now=now)


def snapshot(engine) -> dict[str, list[tuple]]:
    """Every row of the tables the team room writes to, to show that a refused change wrote nothing."""
    tables = (
        "reviews",
        "review_kpis",
        "review_actions",
        "review_templates",
        "template_kpis",
        "openings",
        "candidates",
        "courses",
        "course_requirements",
        "attendance",
        "customer_assignments",
        "customers",
        "salespeople",
        "change_log",
    )
    return {t: rows(engine, f"SELECT * FROM {t} ORDER BY id") for t in tables}  # noqa: S608


def base_region(engine) -> None:
    """Zone MAD, group DIST, V01 and V02 (hired 2020-01-01); no customers."""
    from salesdesk.core.db import write_session
    from salesdesk.org import queries as org

    with write_session(engine) as s:
        org.add_territory(session=s, code="MAD", name="Madrid")
        org.add_group(session=s, code="DIST", name="Distribuidores")
        org.add_salesperson(session=s, code="V01", name="Ana Ruiz", territory="MAD", hire_date="2020-01-01")
        org.add_salesperson(session=s, code="V02", name="Bea Sanz", territory="MAD", hire_date="2020-01-01")


def add_customer(engine, code: str, sp: str | None, tier: str = "C", since: str = "", terms: str = "30"):
    from salesdesk.core.db import write_session
    from salesdesk.org import queries as org

    with write_session(engine) as s:
        org.add_customer(
            session=s,
            code=code,
            data={
                "name": f"Customer {code}",
                "salesperson": sp or "",
                "tier": tier,
                "terms_days": terms,
                "territory": "MAD",
                "group": "DIST",
                "customer_since": since,
            },
            locale="en_US",
            now=NOW,
        )


def invoice(engine, number: str, customer: str, amount: str, day: str, **kw):
    from salesdesk.core.db import write_session
    from salesdesk.org import queries as org

    with write_session(engine) as s:
        return org.add_invoice(
            session=s,
            number=number,
            customer=customer,
            amount=amount,
            locale="en_US",
            today=TODAY,
            issue_date=day,
            **kw,
        )


def payment(engine, reference: str, customer: str, amount: str, day: str, invoice_no: str | None = None):
    from salesdesk.core.db import write_session
    from salesdesk.org import queries as org

    with write_session(engine) as s:
        org.add_payment(
            session=s,
            reference=reference,
            customer=customer,
            amount=amount,
            locale="en_US",
            today=TODAY,
            payment_date=day,
            invoice=invoice_no,
        )


def visit(engine, customer: str, day: str, status: str = "done") -> None:
    from salesdesk.core.db import write_session
    from salesdesk.relations import queries as rel

    with write_session(engine) as s:
        row, _warnings = rel.plan_visit(session=s, customer=customer, day=d(day), now=NOW)
        rel.close_visit(session=s, ref=row.id, status=status, today=TODAY, now=NOW)


def complaint(engine, customer: str, severity: str, opened: str, resolved: str | None = None) -> str:
    from salesdesk.core.db import write_session
    from salesdesk.relations import queries as rel

    with write_session(engine) as s:
        row = rel.add_complaint(
            session=s,
            customer=customer,
            category="delivery",
            severity=severity,
            text="late delivery",
            opened=d(opened),
            now=NOW,
        )
        if resolved:
            rel.resolve_complaint(
                session=s,
                ref=row.number,
                resolution="sent again",
                satisfaction=4,
                day=d(resolved),
                today=TODAY,
                now=NOW,
            )
        return row.number


def expense(engine, sp: str, day: str, category: str, amount: str, status: str | None = None) -> None:
    from salesdesk.core.db import write_session
    from salesdesk.expenses import queries as exp

    with write_session(engine) as s:
        row, _warnings = exp.add_expense(
            session=s,
            day=d(day),
            salesperson_code=sp,
            category_code=category,
            amount=D(amount),
            now=NOW,
        )
        if status:
            exp.set_expense_status(session=s, ref=row.number, status=status, today=TODAY, now=NOW)


def targets(engine, tmp_path: Path, *lines: str) -> None:
    """Plan targets through the plan room's import: ``year,month,salesperson,group,amount`` lines."""
    path = write_csv(tmp_path / "targets.csv", "year,month,salesperson,group,amount", *lines)
    result = import_file(engine, "targets", path)
    assert result.committed, result.errors


def build_quarter(engine, tmp_path: Path) -> None:
    base_region(engine)
    add_customer(engine, "C1", "V01", tier="A", since="2026-08-10")
    add_customer(engine, "C2", "V01", tier="C", since="2019-05-01")
    add_customer(engine, "C3", "V02", tier="C", since="2026-07-20")
    targets(
        engine,
        tmp_path,
        "2026,6,V01,DIST,900.00",
        "2026,7,V01,DIST,1500.00",
        "2026,8,V01,DIST,1500.00",
        "2026,9,V01,DIST,2000.00",
        "2026,10,V01,DIST,1000.00",
    )
    invoice(engine, "I1", "C1", "1200.00", "2026-07-05")
    payment(engine, "P1", "C1", "1200.00", "2026-07-30", invoice_no="I1")
    invoice(engine, "I7", "C1", "900.00", "2026-09-20")
    invoice(engine, "I2", "C2", "1500.00", "2026-08-20")
    invoice(engine, "I3", "C2", "-200.00", "2026-09-10")
    invoice(engine, "I4", "C2", "800.00", "2026-09-15")
    payment(engine, "P2", "C2", "1000.00", "2026-09-25")
    invoice(engine, "I5", "C2", "400.00", "2026-10-05")
    invoice(engine, "I8", "C3", "600.00", "2026-08-01")
    for customer, day, status in (
        ("C1", "2026-07-15", "done"),
        ("C1", "2026-08-10", "done"),
        ("C1", "2026-09-10", "cancelled"),
        ("C1", "2026-09-29", "done"),
        ("C2", "2026-08-01", "done"),
    ):
        visit(engine, customer, day, status)
    complaint(engine, "C1", "high", "2026-07-01", "2026-07-03")
    complaint(engine, "C2", "high", "2026-07-10", "2026-07-12")
    complaint(engine, "C1", "medium", "2026-08-05", "2026-08-10")
    complaint(engine, "C2", "medium", "2026-08-01", "2026-08-20")
    complaint(engine, "C2", "low", "2026-09-01")
    complaint(engine, "C1", "critical", "2026-09-29")
    complaint(engine, "C2", "high", "2026-06-20", "2026-06-21")
    expense(engine, "V01", "2026-06-30", "travel", "70.00")
    expense(engine, "V01", "2026-10-02", "travel", "500.00")
    expense(engine, "V01", "2026-07-10", "travel", "120.00", "approved")
    expense(engine, "V01", "2026-08-15", "travel", "111.00")
    expense(engine, "V01", "2026-09-05", "meals", "100.00", "rejected")


def _copy_database(src: Path, dest: Path) -> None:
    source, target = sqlite3.connect(src), sqlite3.connect(dest)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _build_once(tmp_path_factory: pytest.TempPathFactory, name: str, build) -> Path:  # noqa: ANN001
    """A database built once per test run (in its own environment): each test gets a copy of it."""
    from salesdesk.core.db import open_database, sqlite_url
    from salesdesk.core.i18n import set_language

    folder = tmp_path_factory.mktemp(name)
    path = folder / f"{name}.sqlite"
    with pytest.MonkeyPatch.context() as mp:
        for var in ("CONFIG", "DATA", "CACHE"):
            mp.setenv(f"SALESDESK_{var}_DIR", str(folder / var.lower()))
        mp.setenv("SALESDESK_TODAY", TODAY.isoformat())
        set_language("en")
        eng = open_database(sqlite_url(path))
        try:
            build(eng, folder)
        finally:
            eng.dispose()
    return path


def _open_copy(src: Path, db_path: Path):  # noqa: ANN202
    from salesdesk.core.db import open_database, sqlite_url

    _copy_database(src, db_path)
    return open_database(sqlite_url(db_path))


@pytest.fixture(scope="session")
def quarter_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build_once(tmp_path_factory, "quarter", build_quarter)


@pytest.fixture(scope="session")
def region_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build_once(tmp_path_factory, "region", lambda eng, _folder: base_region(eng))


@pytest.fixture
def quarter(quarter_file: Path, db_path: Path):
    """The hand-computed 2026Q3 of the module docstring, in this test's own database file (``db_path``)."""
    eng = _open_copy(quarter_file, db_path)
    yield eng
    eng.dispose()


@pytest.fixture
def region(region_file: Path, db_path: Path):
    """Zone MAD, group DIST, V01 Ana Ruiz and V02 Bea Sanz (sales_rep, hired 2020-01-01), nothing else; in
    this test's own database file (``db_path``)."""
    eng = _open_copy(region_file, db_path)
    yield eng
    eng.dispose()


def as_json(out: str):
    return json.loads(out)
