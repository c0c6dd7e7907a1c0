"""The fixtures themselves work: a seeded database answers through the queries."""

from salesdesk.core.db import read_session
from salesdesk.org import queries


def test_seeded_database_has_the_small_region(seeded):
    with read_session(seeded) as s:
        assert [c.code for c in queries.list_customers(session=s)] == ["C001", "C002", "C003"]
        assert queries.count_customers(session=s, search="sol") == 1


def test_cli_fixture_runs_the_real_command_line(cli, db_path, seeded):
    code, out, err = cli("--db", str(db_path), "customer", "list", "--json")
    assert code == 0, err
    assert '"code": "C001"' in out
