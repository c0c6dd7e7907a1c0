"""Search folding: case and accents ignored; the SQL stays portable."""

from sqlalchemy import column, select
from sqlalchemy.dialects import postgresql, sqlite

from salesdesk.core.db import contains_text
from salesdesk.core.text import fold


def test_fold_ignores_case_and_accents():
    assert fold("Cafetería ÁVILA") == "cafeteria avila"
    assert fold("Muñoz") == "munoz"
    assert fold("") == "" and fold(None) == ""


def test_contains_text_compiles_for_sqlite_and_postgresql():
    stmt = select(column("x")).where(contains_text(column("name"), "50%_off"))
    lite = str(stmt.compile(dialect=sqlite.dialect()))
    pg = str(stmt.compile(dialect=postgresql.dialect()))
    assert "salesdesk_fold(name) LIKE" in lite and "ESCAPE" in lite
    assert "lower(name) LIKE" in pg and "ESCAPE" in pg
