"""Database core: engine and connection rules, sessions, migrations, backup and restore.

SQLite rules applied to every connection: ``foreign_keys=ON`` (set outside any transaction), WAL,
``busy_timeout`` 10 s, ``synchronous=NORMAL``. Write transactions start with ``BEGIN IMMEDIATE`` so two
writers (the TUI and a CLI command) queue on the busy timeout instead of failing with "database is
locked"; read sessions start a plain deferred ``BEGIN``. This is the only module with SQLite-specific SQL.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from importlib import resources
from pathlib import Path

from sqlalchemy import String, event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Session, create_engine

from salesdesk.core.errors import DataError
from salesdesk.core.i18n import _
from salesdesk.core.text import fold

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
_READ = "salesdesk_read"
#: SQL function registered on every SQLite connection: case- and accent-folding for searches.
FOLD_FUNCTION = "salesdesk_fold"
_REVISION_FILE = re.compile(r"^(\d{4})_\w+\.py$")


# --------------------------------------------------------------------------- files


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None (memory database, other backends)."""
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def sqlite_url(path: Path) -> str:
    return "sqlite:///" + str(Path(path).expanduser().resolve())


def _read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection that leaves no trace: without a WAL file beside the database, ``immutable``
    keeps SQLite from creating ``-wal``/``-shm`` files (there is nothing in a WAL to miss)."""
    flags = "mode=ro" if Path(f"{path}-wal").exists() else "mode=ro&immutable=1"
    return sqlite3.connect(f"file:{path}?{flags}", uri=True)


def check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not a readable SQLite database, without writing to it."""
    if not path.exists():
        return
    if not path.is_file():
        raise DataError("database", str(path), _("is not a file"))
    if path.stat().st_size == 0:
        return
    with path.open("rb") as fh:
        header = fh.read(16)
    if header != SQLITE_HEADER:
        raise DataError(
            "database", str(path), _("is not a SalesDesk database (not SQLite); it was left untouched")
        )
    try:
        con = _read_only(path)
        try:
            con.execute("PRAGMA schema_version").fetchone()
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise DataError(
            "database",
            str(path),
            _("is damaged and cannot be read ({error}); it was left untouched").format(error=exc),
        )


def create_sqlite_file(path: Path) -> None:
    """Create an empty database file readable by its owner only (mode 0600)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


# --------------------------------------------------------------------------- engine


def _on_connect(dbapi_connection, _record) -> None:  # noqa: ANN001
    # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own BEGIN handling is off).
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()
    dbapi_connection.create_function(FOLD_FUNCTION, 1, fold, deterministic=True)


def _on_begin(conn) -> None:  # noqa: ANN001
    conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(_READ) else "BEGIN IMMEDIATE")


def make_engine(url: str, *, create: bool = True) -> Engine:
    """An engine for ``url`` with SalesDesk's connection rules; creates a new SQLite file (mode 0600)."""
    path = sqlite_path(url)
    if path is not None:
        check_sqlite_file(path)
        if not path.exists():
            if not create:
                raise DataError("database", str(path), _("does not exist"))
            create_sqlite_file(path)
    is_sqlite = make_url(url).get_backend_name() == "sqlite"
    kwargs: dict = {}
    if is_sqlite:
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}
    engine = create_engine(url, **kwargs)
    if is_sqlite:
        event.listen(engine, "connect", _on_connect)
        event.listen(engine, "begin", _on_begin)
    return engine


class _Fold(FunctionElement):
    """Case- and accent-folded text: ``salesdesk_fold(x)`` on SQLite, ``lower(x)`` elsewhere."""

    type = String()
    name = "salesdesk_fold"
    inherit_cache = True


@compiles(_Fold)
def _fold_default(element, compiler, **kw):  # noqa: ANN001, ANN202
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(_Fold, "sqlite")
def _fold_sqlite(element, compiler, **kw):  # noqa: ANN001, ANN202
    return f"{FOLD_FUNCTION}({compiler.process(element.clauses, **kw)})"


def contains_text(column, text: str):  # noqa: ANN001, ANN201
    """``column`` contains ``text``, ignoring case (and accents on SQLite); ``%`` and ``_`` are literal."""
    return _Fold(column).contains(fold(text), autoescape=True)


def insert_processors(conn, table, columns: list[str]) -> list:  # noqa: ANN001
    """Per column, the function that turns a Python value into what the driver stores (None: as is).

    Only on SQLite, where ``bulk_insert`` hands tuples straight to the driver; elsewhere all None (SQLAlchemy
    converts the values itself).
    """
    if conn.dialect.name != "sqlite":
        return [None] * len(columns)
    return [table.c[c].type.bind_processor(conn.dialect) for c in columns]


def bulk_insert(conn, table, columns: list[str], rows: list[tuple]) -> None:  # noqa: ANN001
    """Insert many rows given as tuples in ``columns`` order, already passed through ``insert_processors``.

    On SQLite the driver's ``executemany`` gets the tuples directly: SQLAlchemy's per-row parameter handling
    is skipped, which roughly halves the cost of a large import. Elsewhere: a Core executemany.
    """
    if not rows:
        return
    if conn.dialect.name != "sqlite":
        from sqlalchemy import insert

        conn.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in rows])
        return
    quote = conn.dialect.identifier_preparer.quote
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join('?' for _c in columns)})"
    )
    conn.exec_driver_sql(sql, rows)


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A session in one write transaction (``BEGIN IMMEDIATE``), committed on success."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        yield session


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A session for reading (deferred ``BEGIN``: never takes the write lock)."""
    with Session(engine.execution_options(**{_READ: True}), expire_on_commit=False) as session:
        yield session


# --------------------------------------------------------------------------- migrations


def migrations_dir() -> Path:
    return Path(str(resources.files("salesdesk") / "migrations"))


def known_revisions() -> list[str]:
    """Revision ids shipped with this program, oldest first (file names ``NNNN_name.py``)."""
    names = os.listdir(migrations_dir() / "versions")
    return sorted(m.group(1) for m in map(_REVISION_FILE.match, names) if m)


def head_revision() -> str:
    return known_revisions()[-1]


def current_revision(engine: Engine) -> str | None:
    with engine.execution_options(**{_READ: True}).connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _alembic_config():  # noqa: ANN202
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    return cfg


def upgrade(engine: Engine, target: str = "head") -> None:
    """Run the shipped migrations up to ``target`` (foreign keys off while migrating, checked after)."""
    from alembic import command

    rev = current_revision(engine)
    if rev is not None and rev not in known_revisions():
        raise DataError(
            "database",
            rev,
            _(
                "was written by a newer SalesDesk (schema revision {rev}); install the newer program. "
                "The database was left untouched."
            ).format(rev=rev),
        )
    cfg = _alembic_config()
    with engine.connect() as conn:
        is_sqlite = engine.dialect.name == "sqlite"
        if is_sqlite:
            conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, target)
            if is_sqlite:
                bad = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if bad:
                    conn.rollback()
                    raise DataError("database", str(bad[0]), _("foreign key check failed after migration"))
            conn.commit()
        finally:
            if is_sqlite:
                conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=ON")


def ensure_schema(engine: Engine) -> None:
    """Bring a database to this program's schema: create it, upgrade it, or refuse a newer one."""
    if current_revision(engine) != head_revision():
        upgrade(engine)


def _refuse_newer(path: Path) -> None:
    """Refuse a database written by a newer program before any connection of ours touches it."""
    if not path.is_file() or path.stat().st_size == 0:
        return
    check_sqlite_file(path)
    con = _read_only(path)
    try:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        row = None  # no schema yet: it will be created
    finally:
        con.close()
    if row and row[0] not in known_revisions():
        raise DataError(
            "database",
            str(path),
            _(
                "was written by a newer SalesDesk (schema revision {rev}); install the newer program. "
                "The database was left untouched."
            ).format(rev=row[0]),
        )


def open_database(url: str) -> Engine:
    """Open (creating or upgrading as needed) the database at ``url``."""
    path = sqlite_path(url)
    if path is not None:
        _refuse_newer(path)
    engine = make_engine(url)
    try:
        ensure_schema(engine)
    except DataError:
        engine.dispose()
        raise
    except DBAPIError as exc:
        engine.dispose()
        raise DataError("database", url, _("cannot be opened: {error}").format(error=exc.orig))
    return engine


# --------------------------------------------------------------------------- backup and restore


def _backup_file(src: Path, dest: Path) -> None:
    """Copy ``src`` to ``dest`` with SQLite's online backup API (a consistent snapshot, safe while in use)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    if tmp.exists():
        tmp.unlink()
    source = sqlite3.connect(f"file:{src}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    target = sqlite3.connect(tmp)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()
        source.close()
    os.chmod(tmp, 0o600)
    os.replace(tmp, dest)


def backup(url: str, dest: Path) -> Path:
    """Write a consistent copy of the database at ``url`` to ``dest``."""
    src = sqlite_path(url)
    if src is None or not src.exists():
        raise DataError("database", url, _("backup needs an existing SQLite database file"))
    check_sqlite_file(src)
    if dest.resolve() == src.resolve():
        raise DataError("file", str(dest), _("is the database itself"))
    _backup_file(src, dest)
    return dest


def validate_backup_file(path: Path) -> str:
    """Check that ``path`` is an intact SalesDesk database this program can open; returns its revision."""
    if not path.is_file():
        raise DataError("file", str(path), _("does not exist"))
    check_sqlite_file(path)
    if path.stat().st_size == 0:
        raise DataError("file", str(path), _("is empty"))
    con = _read_only(path)
    try:
        result = con.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise DataError("file", str(path), _("is damaged: {error}").format(error=result))
        try:
            rev = con.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError:
            rev = None
    finally:
        con.close()
    if not rev:
        raise DataError("file", str(path), _("is not a SalesDesk database"))
    if rev[0] not in known_revisions():
        raise DataError(
            "file",
            str(path),
            _("was written by a newer SalesDesk (schema revision {rev})").format(rev=rev[0]),
        )
    return rev[0]


def restore(url: str, source: Path, *, now: datetime) -> Path | None:
    """Replace the database at ``url`` with ``source``; returns where the replaced database was kept."""
    validate_backup_file(source)
    dest = sqlite_path(url)
    if dest is None:
        raise DataError("database", url, _("restore needs a SQLite database file"))
    kept: Path | None = None
    if dest.exists() and dest.stat().st_size > 0:
        check_sqlite_file(dest)
        kept = dest.with_name(f"{dest.stem}.before-restore-{now:%Y%m%d-%H%M%S}{dest.suffix or '.sqlite'}")
        _backup_file(dest, kept)
    elif not dest.exists():
        create_sqlite_file(dest)
    # Copy into the live file through the backup API, so open WAL readers see a consistent switch.
    src = _read_only(source)
    target = sqlite3.connect(dest, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        src.backup(target)
    finally:
        target.close()
        src.close()
    engine = make_engine(url)
    try:
        ensure_schema(engine)
    finally:
        engine.dispose()
    return kept
