"""Backup while the database is in use, backup validation, and restore keeping the replaced database."""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

import pytest

from salesdesk.core.db import (
    backup,
    head_revision,
    open_database,
    read_session,
    restore,
    sqlite_url,
    validate_backup_file,
    write_session,
)
from salesdesk.core.errors import DataError
from salesdesk.org import queries as q
from tests.conftest import NOW, TODAY


def _invoice_count(engine) -> int:  # noqa: ANN001
    with read_session(engine) as s:
        return s.connection().exec_driver_sql("SELECT count(*) FROM invoices").scalar()


def _numbers(path: Path) -> list[str]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [r[0] for r in con.execute("SELECT number FROM invoices ORDER BY number")]
    finally:
        con.close()


def test_backup_while_another_thread_writes(seeded, db_path: Path, tmp_path: Path) -> None:
    dest = tmp_path / "backups" / "copy.sqlite"
    stop = threading.Event()
    going = threading.Event()
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            i = 0
            while not stop.is_set() and i < 5000:
                with write_session(seeded) as s:
                    q.add_invoice(
                        session=s,
                        number=f"W{i:05d}",
                        customer="C002",
                        amount="1.25",
                        locale="en_US",
                        today=TODAY,
                    )
                i += 1
                if i == 20:
                    going.set()
        except BaseException as exc:  # noqa: BLE001 - reported in the main thread
            errors.append(exc)
        finally:
            going.set()

    t = threading.Thread(target=writer)
    t.start()
    try:
        assert going.wait(60)
        assert errors == []
        before = _invoice_count(seeded)
        result = backup(sqlite_url(db_path), dest)
        after = _invoice_count(seeded)
    finally:
        stop.set()
        t.join(60)
    assert not t.is_alive()
    assert errors == []
    assert result == dest
    assert before >= 2 + 20  # F1, F2 from the seed and at least 20 written before the backup

    con = sqlite3.connect(f"file:{dest}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # a single self-contained file
        copied = con.execute("SELECT count(*) FROM invoices").fetchone()[0]
        # a consistent snapshot: the W invoices are a prefix of what the writer wrote
        numbers = [
            r[0] for r in con.execute("SELECT number FROM invoices WHERE number LIKE 'W%' ORDER BY number")
        ]
        total = con.execute("SELECT SUM(amount) FROM invoices WHERE number LIKE 'W%'").fetchone()[0]
    finally:
        con.close()
    assert before <= copied <= after
    assert numbers == [f"W{i:05d}" for i in range(copied - 2)]
    assert total == 125 * (copied - 2)
    assert validate_backup_file(dest) == head_revision()
    assert not dest.with_name(dest.name + ".part").exists()
    assert os.stat(dest).st_mode & 0o777 == 0o600


def test_backup_has_mode_0600_and_opens(seeded, db_path: Path, tmp_path: Path) -> None:
    dest = tmp_path / "b.sqlite"
    backup(sqlite_url(db_path), dest)
    assert os.stat(dest).st_mode & 0o777 == 0o600
    assert _numbers(dest) == ["F1", "F2"]
    eng = open_database(sqlite_url(dest))
    try:
        with read_session(eng) as s:
            rows = s.connection().exec_driver_sql("SELECT number, amount FROM invoices ORDER BY number").all()
        assert rows == [("F1", 10000), ("F2", 5000)]
    finally:
        eng.dispose()


def test_backup_refuses_missing_database_and_itself(engine, db_path: Path, tmp_path: Path) -> None:
    with pytest.raises(DataError):
        backup(sqlite_url(tmp_path / "missing.sqlite"), tmp_path / "out.sqlite")
    assert not (tmp_path / "out.sqlite").exists()
    with pytest.raises(DataError) as info:
        backup(sqlite_url(db_path), db_path)
    assert info.value.field == "file"


def test_validate_backup_file_refuses_non_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"hello world")
    with pytest.raises(DataError) as info:
        validate_backup_file(path)
    assert str(path) in str(info.value)
    assert "not SQLite" in info.value.message
    assert path.read_bytes() == b"hello world"


def test_validate_backup_file_refuses_sqlite_without_alembic_version(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO things (name) VALUES ('x')")
    con.commit()
    con.close()
    with pytest.raises(DataError) as info:
        validate_backup_file(path)
    assert info.value.field == "file"
    assert info.value.value == str(path)
    assert "not a SalesDesk database" in info.value.message


def test_validate_backup_file_refuses_missing_and_empty(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="does not exist"):
        validate_backup_file(tmp_path / "nothing.sqlite")
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    with pytest.raises(DataError, match="is empty"):
        validate_backup_file(empty)


def test_restore_replaces_data_and_keeps_the_replaced_database(seeded, db_path: Path, tmp_path: Path) -> None:
    url = sqlite_url(db_path)
    saved = backup(url, tmp_path / "saved.sqlite")
    with write_session(seeded) as s:
        q.add_invoice(session=s, number="LATE", customer="C002", amount="99.99", locale="en_US", today=TODAY)
    assert _invoice_count(seeded) == 3
    seeded.dispose()

    kept = restore(url, saved, now=NOW)

    assert kept is not None
    assert "before-restore" in kept.name
    assert kept == db_path.with_name("test.before-restore-20261128-000000.sqlite")
    assert _numbers(kept) == ["F1", "F2", "LATE"]  # the replaced database still has the later data
    assert os.stat(kept).st_mode & 0o777 == 0o600
    assert validate_backup_file(kept) == head_revision()

    eng = open_database(url)
    try:
        with read_session(eng) as s:
            numbers = s.connection().exec_driver_sql("SELECT number FROM invoices ORDER BY number").all()
            customers = s.connection().exec_driver_sql("SELECT count(*) FROM customers").scalar()
        assert numbers == [("F1",), ("F2",)]  # LATE is gone
        assert customers == 3
    finally:
        eng.dispose()
    assert _numbers(saved) == ["F1", "F2"]  # the backup itself is not changed by restoring it


def test_restore_refuses_an_invalid_backup_and_changes_nothing(seeded, db_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"hello world")
    with pytest.raises(DataError):
        restore(sqlite_url(db_path), bad, now=NOW)
    assert _invoice_count(seeded) == 2
    assert not any("before-restore" in name for name in os.listdir(db_path.parent))


def test_restore_into_a_new_path(seeded, db_path: Path, tmp_path: Path) -> None:
    saved = backup(sqlite_url(db_path), tmp_path / "saved.sqlite")
    target = tmp_path / "elsewhere" / "new.sqlite"
    kept = restore(sqlite_url(target), saved, now=NOW)
    assert kept is None
    assert _numbers(target) == ["F1", "F2"]
    assert os.stat(target).st_mode & 0o777 == 0o600
