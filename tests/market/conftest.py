"""Fixtures of the market room's tests: a small region built once per run and copied into each test's own
database file, and helpers that write through the rooms' own functions. Today is 2026-11-28
(tests/conftest.py).

The region: zones MAD (Madrid) and TOL (Toledo), groups DIST (Distribuidores) and HOR (Hostelería),
salespeople V01 Ana Ruiz (MAD, active), V02 Bea Sanz (TOL, on leave) and V03 Luis Gil (left), competitor
RIVAL (Rival S.A.). No customers, prospects or campaigns."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import NOW, TODAY


def d(value: str) -> date:
    return date.fromisoformat(value)


def rows(engine, sql: str, **params) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params).all()]


def scalar(engine, sql: str, **params):
    with engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def write_csv(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- writers


def add_prospect(engine, company: str, day: str | None = None, **data: str) -> str:
    """A prospect identified on ``day`` (default today) with raw fields ``data``; returns its number."""
    from salesdesk.core.db import write_session
    from salesdesk.market import queries

    with write_session(engine) as s:
        return queries.add_prospect(
            session=s,
            data={"company": company, **data},
            identified=d(day) if day else None,
            today=TODAY,
            locale="en_US",
            now=NOW,
        )


def move(engine, number: str, stage: str, day: str | None = None, **kw) -> str:
    from salesdesk.core.db import write_session
    from salesdesk.market import queries

    with write_session(engine) as s:
        return queries.move_prospect(
            session=s, number=number, stage=stage, day=d(day) if day else None, today=TODAY, now=NOW, **kw
        )


def walk(engine, number: str, *steps: tuple[str, str], **kw) -> None:
    """Move a prospect through ``(stage, day)`` steps, in order (``kw`` for the last one)."""
    for i, (stage, day) in enumerate(steps):
        move(engine, number, stage, day, **(kw if i == len(steps) - 1 else {}))


def convert(engine, number: str, code: str | None = None, **data: str) -> str:
    from salesdesk.core.db import write_session
    from salesdesk.market import queries

    with write_session(engine) as s:
        return queries.convert(session=s, number=number, code=code, data=data, locale="en_US", now=NOW)


def add_customer(
    engine, code: str, *, since: str = "", group: str = "DIST", territory: str = "MAD", sp="V01"
):
    from salesdesk.core.db import write_session
    from salesdesk.org import queries as org

    with write_session(engine) as s:
        org.add_customer(
            session=s,
            code=code,
            data={
                "name": f"Customer {code}",
                "salesperson": sp or "",
                "territory": territory or "",
                "group": group or "",
                "customer_since": since,
            },
            locale="en_US",
            now=NOW,
        )


def invoice(engine, number: str, customer: str, amount: str, day: str) -> None:
    from salesdesk.core.db import write_session
    from salesdesk.org import queries as org

    with write_session(engine) as s:
        org.add_invoice(
            session=s,
            number=number,
            customer=customer,
            amount=amount,
            locale="en_US",
            today=TODAY,
            issue_date=day,
        )


def add_campaign(engine, code: str, **data: str) -> str:
    from salesdesk.core.db import write_session
    from salesdesk.market import campaigns

    with write_session(engine) as s:
        return campaigns.add_campaign(session=s, code=code, data=data, locale="en_US")


def set_rule(engine, key: str, value: str) -> None:
    from salesdesk.core.business import set_rule as store
    from salesdesk.core.db import write_session
    from salesdesk.rooms import business_rules

    rule = next(r for r in business_rules() if r.key == key)
    with write_session(engine) as s:
        store(s, rule, value, when=NOW)


# --------------------------------------------------------------------------- the region, built once


def build_region(engine) -> None:
    from salesdesk.core.db import write_session
    from salesdesk.intel import queries as intel
    from salesdesk.org import queries as org

    with write_session(engine) as s:
        org.add_territory(session=s, code="MAD", name="Madrid")
        org.add_territory(session=s, code="TOL", name="Toledo")
        org.add_group(session=s, code="DIST", name="Distribuidores")
        org.add_group(session=s, code="HOR", name="Hostelería")
        org.add_salesperson(session=s, code="V01", name="Ana Ruiz", territory="MAD", hire_date="2020-01-01")
        org.add_salesperson(
            session=s, code="V02", name="Bea Sanz", territory="TOL", hire_date="2020-01-01", status="on_leave"
        )
        org.add_salesperson(session=s, code="V03", name="Luis Gil", territory="MAD", status="left")
        intel.add_competitor(session=s, code="RIVAL", name="Rival S.A.")


def _copy(src: Path, dest: Path) -> None:
    source, target = sqlite3.connect(src), sqlite3.connect(dest)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _build(folder: Path, path: Path, build) -> None:  # noqa: ANN001
    """Run ``build(engine, folder)`` on the database at ``path`` in an environment of its own."""
    from salesdesk.core.db import open_database, sqlite_url
    from salesdesk.core.i18n import set_language

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


@pytest.fixture(scope="session")
def region_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("market_region")
    path = folder / "region.sqlite"
    _build(folder, path, lambda eng, _folder: build_region(eng))
    return path


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory, region_file: Path):
    """``template(name, build)``: the region with ``build(engine, folder)`` applied, built once per run."""
    built: dict[str, Path] = {}

    def get(name: str, build) -> Path:  # noqa: ANN001
        if name not in built:
            folder = tmp_path_factory.mktemp(f"market_{name}")
            path = folder / f"{name}.sqlite"
            _copy(region_file, path)
            _build(folder, path, build)
            built[name] = path
        return built[name]

    return get


def _open_copy(src: Path, db_path: Path):  # noqa: ANN202
    from salesdesk.core.db import open_database, sqlite_url

    _copy(src, db_path)
    return open_database(sqlite_url(db_path))


@pytest.fixture
def region(region_file: Path, db_path: Path):
    """The region of the module docstring in this test's own database file (``db_path``)."""
    eng = _open_copy(region_file, db_path)
    yield eng
    eng.dispose()


def database(name: str, build, doc: str | None = None):  # noqa: ANN001, ANN201
    """A fixture ``name``: the region with ``build(engine, folder)`` applied (built once per run), in this
    test's own database file (``db_path``)."""

    def fixture(template, db_path: Path):  # noqa: ANN001, ANN202
        eng = _open_copy(template(name, build), db_path)
        yield eng
        eng.dispose()

    fixture.__doc__ = doc or build.__doc__
    return pytest.fixture(name=name)(fixture)


# --------------------------------------------------------------------------- the command line


@pytest.fixture
def run(cli, db_path, monkeypatch):
    """The real command line on this test's database file (``db_path``: ask for ``region`` or another
    database fixture too), in a wide terminal (tables are not wrapped)."""
    monkeypatch.setenv("COLUMNS", "200")

    def invoke(*args: str) -> tuple[int, str, str]:
        return cli("--db", str(db_path), *args)

    return invoke


def ok(result) -> str:
    code, out, err = result
    assert code == 0, err
    assert "Traceback" not in out + err
    return out


def as_json(run, *args):
    return json.loads(ok(run(*args, "--json")))


def data_error(result, *parts: str) -> str:
    """Exit 1, one line on stderr (no traceback) containing every part."""
    code, out, err = result
    assert code == 1, (code, out, err)
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert "Traceback" not in out + err
    for part in parts:
        assert part in err, err
    return err


def usage_error(result) -> str:
    code, out, err = result
    assert code == 2, (code, out, err)
    assert "Traceback" not in out + err
    return err
