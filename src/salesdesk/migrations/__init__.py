"""Alembic migrations shipped with the package (batch mode for SQLite)."""
