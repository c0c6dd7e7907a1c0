"""The demo database: built from the shipped ``sample_data/`` files through the import engine."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path

from salesdesk.core import db
from salesdesk.core.errors import DataError
from salesdesk.core.i18n import _
from salesdesk.settings import Settings, cache_dir

#: The day the sample data was made for (``TODAY`` in scripts/make_sample_data.py; nothing but due dates
#: is later; the 2026 plan and targets belong to it). ``salesdesk demo`` runs as of this day unless the
#: user names another, so the demo looks the same whenever it is opened.
SAMPLE_AS_OF = date(2026, 11, 28)


def sample_data_dir() -> Path:
    """The shipped sample data: package data in an installed wheel, else the repository's folder."""
    packaged = Path(str(resources.files("salesdesk") / "sample_data"))
    if packaged.is_dir():
        return packaged
    repo = Path(__file__).resolve().parents[3] / "sample_data"
    if repo.is_dir():
        return repo
    raise DataError("sample_data", str(packaged), _("the demo data is not installed"))


def demo_path() -> Path:
    return cache_dir() / "demo.sqlite"


def demo_settings(settings: Settings, *, today: date | None = None) -> Settings:
    """The settings the demo runs with: its own database, and as "today" the ``--today`` flag, else
    ``SALESDESK_TODAY``, else the sample data's own date (:data:`SAMPLE_AS_OF`)."""
    return replace(
        settings, db=str(demo_path()), today_override=today or settings.today_override or SAMPLE_AS_OF
    )


def _sample_now() -> datetime:
    """The time the demo's import runs at: the sample data's own day (its rules compare with "today")."""
    return datetime(SAMPLE_AS_OF.year, SAMPLE_AS_OF.month, SAMPLE_AS_OF.day, 8, 0, tzinfo=UTC)


def _remove_database(path: Path) -> None:
    """Delete a database file with its WAL companions."""
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)


def build_demo(path: Path) -> dict[str, int]:
    """Build a fresh demo database at ``path`` (written beside it, then moved into place)."""
    tmp = path.with_name(path.name + ".building")
    _remove_database(tmp)
    from salesdesk.core.importing.engine import ImportFailed, Options, run_import
    from salesdesk.core.importing.spec import folder_jobs
    from salesdesk.rooms import import_kinds

    kinds = import_kinds()
    jobs, _skipped = folder_jobs(sample_data_dir(), kinds)
    engine = db.open_database(db.sqlite_url(tmp))
    built = False
    try:
        try:
            result = run_import(engine, kinds, jobs, Options(), now=_sample_now())
        except ImportFailed as exc:
            raise DataError("sample_data", exc.file, exc.message)
        if not result.committed:
            raise DataError(
                "sample_data", str(result.errors[0]) if result.errors else "", _("the demo data has errors")
            )
        _monthly_reviews(engine)
        from salesdesk.team.demo import load_reviews

        load_reviews(engine, sample_data_dir() / "reviews.csv", SAMPLE_AS_OF)
        built = True
    finally:
        engine.dispose()
        if not built:
            _remove_database(tmp)
    counts = {k.kind: k.created for k in result.kinds}
    _remove_database(path)  # its WAL companions must not be read with the new file
    os.replace(tmp, path)
    return counts


#: Month-end receivables reviews the demo has done (``credit review``): the twelve months before its own.
DEMO_REVIEWS = 12


def _monthly_reviews(engine) -> None:  # noqa: ANN001
    """The monthly receivables reviews a manager would have done over the last year, so the Credit room
    shows its month-end trend from the start."""
    from salesdesk.credit import review

    now = datetime(SAMPLE_AS_OF.year, SAMPLE_AS_OF.month, SAMPLE_AS_OF.day, 9, 0, tzinfo=UTC)
    with db.write_session(engine) as session:
        for back in range(DEMO_REVIEWS, 0, -1):
            month = review.month_key(*review.shift(SAMPLE_AS_OF.year, SAMPLE_AS_OF.month, -back))
            review.take_snapshot(session=session, month=month, now=now, today=SAMPLE_AS_OF)


def ensure_demo(path: Path, *, fresh: bool = False) -> bool:
    """Make sure a current demo database exists at ``path``; returns True when it was (re)built."""
    if not fresh and path.exists():
        try:
            db.check_sqlite_file(path)
            engine = db.make_engine(db.sqlite_url(path))
            try:
                current = db.current_revision(engine)
            finally:
                engine.dispose()
            if current == db.head_revision():
                return False
        except DataError:
            pass
    path.parent.mkdir(parents=True, exist_ok=True)
    build_demo(path)  # built beside the old one, which stays until the new one is complete
    return True
