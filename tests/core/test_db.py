"""Connection rules, file safety and concurrent writers on the SQLite database."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from salesdesk.core.db import (
    make_engine,
    open_database,
    read_session,
    sqlite_url,
    write_session,
)
from salesdesk.core.errors import DataError

# --------------------------------------------------------------------------- connection rules


def _pragmas(conn) -> dict[str, object]:  # noqa: ANN001
    """The connection rules as seen by SQLite, read on the driver connection (no transaction begun)."""
    dbapi = conn.connection.dbapi_connection
    return {
        name: dbapi.execute(f"PRAGMA {name}").fetchone()[0]
        for name in ("foreign_keys", "journal_mode", "busy_timeout", "synchronous")
    }


def _check(pragmas: dict[str, object]) -> None:
    assert pragmas["foreign_keys"] == 1
    assert pragmas["journal_mode"] == "wal"
    assert pragmas["busy_timeout"] >= 5000
    assert pragmas["synchronous"] == 1  # NORMAL


def test_pragmas_on_a_fresh_pooled_connection(engine) -> None:
    engine.dispose()  # the next connection is a brand new one
    with engine.connect() as conn:
        _check(_pragmas(conn))
    # a second connection while the first is checked out is another DBAPI connection
    with engine.connect() as first, engine.connect() as second:
        assert first.connection.dbapi_connection is not second.connection.dbapi_connection
        _check(_pragmas(first))
        _check(_pragmas(second))


def test_pragmas_inside_sessions(engine) -> None:
    with write_session(engine) as s:
        _check(_pragmas(s.connection()))
    with read_session(engine) as s:
        _check(_pragmas(s.connection()))


def test_pragmas_on_a_connection_opened_in_another_thread(engine) -> None:
    result: dict[str, object] = {}

    def worker() -> None:
        try:
            with engine.connect() as conn:
                result["ident"] = id(conn.connection.dbapi_connection)
                result["pragmas"] = _pragmas(conn)
        except BaseException as exc:  # noqa: BLE001 - reported in the main thread
            result["error"] = exc

    with engine.connect() as held:  # keeps the main thread's connection busy: the thread opens its own
        t = threading.Thread(target=worker)
        t.start()
        t.join(30)
        assert not t.is_alive()
        assert "error" not in result, result.get("error")
        assert result["ident"] != id(held.connection.dbapi_connection)
    _check(result["pragmas"])  # type: ignore[arg-type]


def test_foreign_keys_are_enforced(engine) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError, match="FOREIGN KEY"), write_session(engine) as s:
        s.connection().exec_driver_sql(
            "INSERT INTO territories (code, name, parent_id) VALUES ('X', 'X', 999)"
        )


# --------------------------------------------------------------------------- files


def test_new_database_file_is_private(db_path: Path) -> None:
    assert not db_path.exists()
    eng = open_database(sqlite_url(db_path))
    try:
        assert os.stat(db_path).st_mode & 0o777 == 0o600
    finally:
        eng.dispose()
    assert os.stat(db_path).st_mode & 0o777 == 0o600


def test_new_database_in_a_new_folder(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "db.sqlite"
    eng = open_database(sqlite_url(path))
    eng.dispose()
    assert path.is_file()
    assert os.stat(path).st_mode & 0o777 == 0o600


def _snapshot(path: Path) -> tuple[bytes, int, list[str]]:
    return path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(path.parent))


def test_non_sqlite_file_is_refused_and_left_alone(db_path: Path) -> None:
    db_path.write_bytes(b"hello world")
    before = _snapshot(db_path)
    with pytest.raises(DataError) as info:
        open_database(sqlite_url(db_path))
    assert info.value.field == "database"
    assert str(db_path) in str(info.value)
    assert "not SQLite" in info.value.message
    assert _snapshot(db_path) == before
    assert db_path.read_bytes() == b"hello world"


def _real_database(path: Path) -> bytes:
    """A migrated database at ``path`` in rollback-journal mode (everything in the main file)."""
    eng = open_database(sqlite_url(path))
    eng.dispose()
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    data = path.read_bytes()
    assert data[:16] == b"SQLite format 3\x00"
    assert len(data) > 8192
    return data


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[:100] + bytes(3996) + data[4096:], id="zeroed-page-1"),
        pytest.param(lambda data: data[: len(data) // 2], id="cut-in-half"),
        pytest.param(lambda data: data[:50], id="cut-in-header"),
    ],
)
def test_damaged_sqlite_file_is_refused_and_left_alone(db_path: Path, damage) -> None:  # noqa: ANN001
    data = _real_database(db_path)
    db_path.write_bytes(damage(data))
    before = _snapshot(db_path)
    with pytest.raises(DataError) as info:
        open_database(sqlite_url(db_path))
    assert info.value.field == "database"
    assert "damaged" in info.value.message
    assert "untouched" in info.value.message
    assert _snapshot(db_path) == before


def test_make_engine_without_create_refuses_a_missing_file(db_path: Path) -> None:
    with pytest.raises(DataError) as info:
        make_engine(sqlite_url(db_path), create=False)
    assert info.value.field == "database"
    assert not db_path.exists()


# --------------------------------------------------------------------------- concurrent writers

ROUNDS = 30
_CREATE_LOG = (
    "CREATE TABLE IF NOT EXISTS write_log (id INTEGER PRIMARY KEY, writer TEXT NOT NULL, "
    "seq INTEGER NOT NULL, seen INTEGER NOT NULL)"
)

#: The loop each writer runs: read the row count, pause inside the transaction, write a row with it.
_WRITER = textwrap.dedent(
    """
    import sys, time
    from salesdesk.core.db import make_engine, write_session

    def run(engine, name, rounds):
        for i in range(rounds):
            with write_session(engine) as s:
                conn = s.connection()
                seen = conn.exec_driver_sql("SELECT count(*) FROM write_log").scalar()
                time.sleep(0.003)
                conn.exec_driver_sql(
                    "INSERT INTO write_log (writer, seq, seen) VALUES (?, ?, ?)", (name, i, seen)
                )
    """
)


def test_concurrent_writers_queue_instead_of_failing(engine, db_path: Path) -> None:
    with write_session(engine) as s:
        s.connection().exec_driver_sql(_CREATE_LOG)
    namespace: dict = {}
    exec(_WRITER, namespace)  # noqa: S102 - the same loop as the other process
    run = namespace["run"]

    script = _WRITER + textwrap.dedent(
        """
        engine = make_engine(sys.argv[1], create=False)
        print("ready", flush=True)
        sys.stdin.readline()
        run(engine, "process", int(sys.argv[2]))
        engine.dispose()
        print("done", flush=True)
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script, sqlite_url(db_path), str(ROUNDS)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    errors: list[BaseException] = []

    def thread_writer(name: str) -> None:
        try:
            run(engine, name, ROUNDS)
        except BaseException as exc:  # noqa: BLE001 - reported in the main thread
            errors.append(exc)

    try:
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        threads = [threading.Thread(target=thread_writer, args=(f"thread{i}",)) for i in (1, 2)]
        proc.stdin.write("go\n")
        proc.stdin.flush()
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert not any(t.is_alive() for t in threads)
    assert errors == []
    assert proc.returncode == 0, err
    assert "locked" not in err
    assert out.strip() == "done"

    with read_session(engine) as s:
        rows = s.connection().exec_driver_sql("SELECT writer, seq, seen FROM write_log").all()
    assert len(rows) == 3 * ROUNDS
    for name in ("thread1", "thread2", "process"):
        assert sorted(seq for w, seq, _ in rows if w == name) == list(range(ROUNDS))
    # every read-then-write saw every earlier write: the transactions really ran one after the other
    assert sorted(seen for _, _, seen in rows) == list(range(3 * ROUNDS))


def test_deferred_read_then_write_fails_where_begin_immediate_waits(db_path: Path) -> None:
    """Why write_session uses BEGIN IMMEDIATE: a deferred transaction that has read cannot wait its turn."""
    eng = open_database(sqlite_url(db_path))
    eng.dispose()
    a = sqlite3.connect(db_path, timeout=5, isolation_level=None)
    b = sqlite3.connect(db_path, timeout=5, isolation_level=None)
    try:
        a.execute("BEGIN")  # deferred, like a plain read-then-write
        assert a.execute("SELECT count(*) FROM territories").fetchone() == (0,)
        b.execute("BEGIN IMMEDIATE")
        b.execute("INSERT INTO territories (code, name) VALUES ('B', 'written by b')")
        b.execute("COMMIT")
        # a's snapshot is now stale: upgrading it to a writer fails at once, busy timeout or not
        with pytest.raises(sqlite3.OperationalError, match="database is locked"):
            a.execute("INSERT INTO territories (code, name) VALUES ('A', 'written by a')")
        a.execute("ROLLBACK")
        # the same work started with BEGIN IMMEDIATE reads the latest data and succeeds
        a.execute("BEGIN IMMEDIATE")
        assert a.execute("SELECT count(*) FROM territories").fetchone() == (1,)
        a.execute("INSERT INTO territories (code, name) VALUES ('A', 'written by a')")
        a.execute("COMMIT")
    finally:
        a.close()
        b.close()
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT code FROM territories ORDER BY code").fetchall() == [("A",), ("B",)]
    con.close()


def test_read_session_does_not_take_the_write_lock(engine) -> None:
    writing = threading.Event()
    release = threading.Event()
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            with write_session(engine) as s:
                s.connection().exec_driver_sql("INSERT INTO territories (code, name) VALUES ('W', 'W')")
                writing.set()
                if not release.wait(30):
                    raise TimeoutError("never released")
        except BaseException as exc:  # noqa: BLE001 - reported in the main thread
            errors.append(exc)
            writing.set()

    t = threading.Thread(target=writer)
    t.start()
    try:
        assert writing.wait(30)
        assert errors == []
        # the write transaction is open (and holds the write lock) in the other thread
        probe = sqlite3.connect(engine.url.database, timeout=0, isolation_level=None)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                probe.execute("BEGIN IMMEDIATE")
        finally:
            probe.close()
        # a read session still runs (a BEGIN IMMEDIATE here would wait out the busy timeout and fail)
        with read_session(engine) as s:
            in_tx = s.connection().exec_driver_sql("SELECT count(*) FROM territories").scalar()
            codes = s.connection().exec_driver_sql("SELECT code FROM territories").all()
        assert in_tx == 0  # the uncommitted row is not visible
        assert codes == []
    finally:
        release.set()
        t.join(30)
    assert errors == []
    with read_session(engine) as s:
        assert s.connection().execute(text("SELECT code FROM territories")).all() == [("W",)]
