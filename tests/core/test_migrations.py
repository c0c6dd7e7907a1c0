"""Migrations: a new database is at head and matches the models; older ones upgrade; newer are refused."""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlmodel import SQLModel

import salesdesk.core.history  # noqa: F401  (registers change_log)
from salesdesk.core.db import (
    current_revision,
    head_revision,
    known_revisions,
    make_engine,
    migrations_dir,
    open_database,
    sqlite_url,
    upgrade,
    validate_backup_file,
)
from salesdesk.core.errors import DataError
from salesdesk.rooms import room_modules

room_modules("models")  # every room's tables in SQLModel.metadata, as the migration environment does


def _schema_diff(engine) -> list:  # noqa: ANN001
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)


def _script_directory() -> ScriptDirectory:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    return ScriptDirectory.from_config(cfg)


def test_new_database_is_at_head_and_matches_the_models(db_path: Path) -> None:
    assert not db_path.exists()
    eng = open_database(sqlite_url(db_path))
    try:
        assert current_revision(eng) == head_revision()
        assert _schema_diff(eng) == []
        tables = set(inspect(eng).get_table_names())
        assert {
            "alembic_version",
            "change_log",
            "territories",
            "salespeople",
            "customer_groups",
            "customers",
            "products",
            "invoices",
            "payments",
            "orders",
        } <= tables
    finally:
        eng.dispose()


def test_empty_existing_file_is_migrated(db_path: Path) -> None:
    db_path.touch()
    eng = open_database(sqlite_url(db_path))
    try:
        assert current_revision(eng) == head_revision()
    finally:
        eng.dispose()


def test_open_database_twice_keeps_data(engine, db_path: Path) -> None:
    with engine.connect() as conn:
        conn.exec_driver_sql("INSERT INTO territories (code, name) VALUES ('CEN', 'Centro')")
        conn.commit()
    engine.dispose()
    again = open_database(sqlite_url(db_path))
    try:
        assert current_revision(again) == head_revision()
        with again.connect() as conn:
            assert conn.exec_driver_sql("SELECT code, name FROM territories").all() == [("CEN", "Centro")]
    finally:
        again.dispose()


def test_upgrade_from_previous_revision_keeps_data(db_path: Path) -> None:
    url = sqlite_url(db_path)
    old = make_engine(url)
    try:
        upgrade(old, "0001")
        assert current_revision(old) == "0001"
        tables = set(inspect(old).get_table_names())
        assert "customers" in tables
        assert not {"invoices", "payments", "orders"} & tables
        with old.connect() as conn:
            conn.exec_driver_sql("INSERT INTO territories (id, code, name) VALUES (1, 'MAD', 'Madrid')")
            conn.exec_driver_sql(
                "INSERT INTO customers (id, code, name, tax_id, territory_id, tier, terms_days, "
                "credit_limit, city, email, phone) "
                "VALUES (1, 'C001', 'Acme', 'B12345678', 1, 'A', 30, 1000000, 'Madrid', '', '')"
            )
            conn.commit()
    finally:
        old.dispose()

    eng = open_database(url)
    try:
        assert current_revision(eng) == head_revision() != "0001"
        assert {"invoices", "payments", "orders"} <= set(inspect(eng).get_table_names())
        assert _schema_diff(eng) == []
        with eng.connect() as conn:
            assert conn.exec_driver_sql("SELECT id, code, name FROM territories").all() == [
                (1, "MAD", "Madrid")
            ]
            assert conn.exec_driver_sql(
                "SELECT code, name, territory_id, tier, terms_days, credit_limit FROM customers"
            ).all() == [("C001", "Acme", 1, "A", 30, 1000000)]
            # the new tables work with the old rows (foreign keys on)
            conn.exec_driver_sql(
                "INSERT INTO invoices (number, customer_id, issue_date, due_date, amount) "
                "VALUES ('F1', 1, '2026-11-28', '2026-12-28', 12550)"
            )
            conn.commit()
            assert conn.exec_driver_sql("SELECT count(*) FROM invoices").scalar() == 1
    finally:
        eng.dispose()


def _newer_database(path: Path, *, journal_mode: str) -> None:
    eng = open_database(sqlite_url(path))
    with eng.connect() as conn:
        conn.exec_driver_sql("INSERT INTO territories (code, name) VALUES ('CEN', 'Centro')")
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
        conn.commit()
    eng.dispose()
    if journal_mode != "wal":
        con = sqlite3.connect(path)
        con.execute(f"PRAGMA journal_mode={journal_mode}")
        con.close()
    os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))


@pytest.mark.parametrize(
    "journal_mode",
    [
        "wal",  # as SalesDesk itself leaves a database
        "delete",  # as a backup file (or another tool) leaves it
    ],
)
def test_newer_database_is_refused_and_left_untouched(db_path: Path, journal_mode: str) -> None:
    _newer_database(db_path, journal_mode=journal_mode)
    before_bytes = db_path.read_bytes()
    before_mtime = db_path.stat().st_mtime_ns
    before_files = sorted(os.listdir(db_path.parent))
    with pytest.raises(DataError) as info:
        open_database(sqlite_url(db_path))
    assert "9999" in str(info.value)
    assert "newer" in info.value.message
    assert "untouched" in info.value.message
    assert sorted(os.listdir(db_path.parent)) == before_files
    after_bytes = db_path.read_bytes()
    changed = [i for i, (a, b) in enumerate(zip(before_bytes, after_bytes, strict=True)) if a != b]
    assert changed == []  # offsets 18-19 would mean the file was switched to WAL
    assert after_bytes == before_bytes
    assert db_path.stat().st_mtime_ns == before_mtime
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [("9999",)]
        assert con.execute("SELECT code FROM territories").fetchall() == [("CEN",)]
    finally:
        con.close()


def test_upgrade_refuses_newer_revision(engine) -> None:
    with engine.connect() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
        conn.commit()
    with pytest.raises(DataError, match="newer"):
        upgrade(engine)
    assert current_revision(engine) == "9999"


def test_known_revisions_match_the_files() -> None:
    files = os.listdir(migrations_dir() / "versions")
    prefixes = sorted(m.group(1) for f in files if (m := re.match(r"^(\d{4})_\w+\.py$", f)))
    assert known_revisions() == prefixes
    assert prefixes[:2] == ["0001", "0002"]
    for f in files:
        if f.endswith(".py") and not f.startswith("_"):
            # every migration file follows the NNNN_name.py rule, so none is silently ignored
            assert re.match(r"^\d{4}_\w+\.py$", f), f


def test_head_revision_is_alembics_head() -> None:
    script = _script_directory()
    assert script.get_heads() == [head_revision()]
    assert script.get_current_head() == head_revision() == known_revisions()[-1]
    # the revision ids inside the files are the file-name prefixes, in one unbranched chain
    chain = [rev.revision for rev in script.walk_revisions("base", "heads")]
    assert list(reversed(chain)) == known_revisions()
    for rev in script.walk_revisions("base", "heads"):
        assert Path(rev.path).name.startswith(rev.revision + "_")


def test_validate_backup_file_refuses_newer_revision(db_path: Path) -> None:
    _newer_database(db_path, journal_mode="delete")
    with pytest.raises(DataError) as info:
        validate_backup_file(db_path)
    assert info.value.field == "file"
    assert "9999" in info.value.message
