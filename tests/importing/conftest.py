"""Import tests: the CLI on the test database, with tables wide enough to read."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def wide_tables(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture
def run(cli, db_path):
    def invoke(*args: str) -> tuple[int, str, str]:
        return cli("--db", str(db_path), *args)

    return invoke
