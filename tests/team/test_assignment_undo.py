"""Undo of imports that write customer assignments beside their own rows: a customers file (new
customers get their first assignment; a changed salesperson opens one) and an assignments file (the
customer's current salesperson follows). Undo removes the assignments and puts the salesperson back."""

from __future__ import annotations

import json

from sqlalchemy import text


def _rows(engine, sql: str) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql)).all()]


def _import(cli, db_path, kind, path) -> dict:
    code, out, err = cli("--db", str(db_path), "import", kind, str(path), "--json")
    assert code == 0, err
    return json.loads(out)


def test_undo_of_a_customers_import_removes_the_assignments_it_opened(cli, db_path, seeded, tmp_path):
    before = _rows(seeded, "SELECT customer_id, salesperson_id, start FROM customer_assignments ORDER BY id")
    f = tmp_path / "customers.csv"
    f.write_text(
        "code,name,salesperson,customer_since\nC900,Nuevo S.L.,V01,2026-11-02\nC001,Acme,V02,\n",
        encoding="utf-8",
    )
    _import(cli, db_path, "customers", f)
    rows = _rows(
        seeded,
        "SELECT c.code, s.code, a.start FROM customer_assignments a JOIN customers c ON c.id = a.customer_id "
        "LEFT JOIN salespeople s ON s.id = a.salesperson_id ORDER BY a.id",
    )
    assert ("C900", "V01", "2026-11-02") in rows
    assert ("C001", "V02", "2026-11-28") in rows
    code, _out, err = cli("--db", str(db_path), "import", "undo", "--yes")
    assert code == 0, err
    assert _rows(seeded, "SELECT code FROM customers WHERE code = 'C900'") == []
    assert (
        _rows(seeded, "SELECT customer_id, salesperson_id, start FROM customer_assignments ORDER BY id")
        == before
    )
    assert _rows(seeded, "SELECT s.code FROM customers c JOIN salespeople s ON s.id = c.salesperson_id "
                 "WHERE c.code = 'C001'") == [("V01",)]  # fmt: skip


def test_undo_of_an_assignments_import_puts_the_salesperson_back(cli, db_path, seeded, tmp_path):
    f = tmp_path / "assignments.csv"
    f.write_text("customer,salesperson,start,note\nC001,V02,2026-11-01,handover\n", encoding="utf-8")
    _import(cli, db_path, "assignments", f)
    owner = (
        "SELECT s.code FROM customers c JOIN salespeople s ON s.id = c.salesperson_id WHERE c.code = 'C001'"
    )
    assert _rows(seeded, owner) == [("V02",)]
    code, _out, err = cli("--db", str(db_path), "import", "undo", "--yes")
    assert code == 0, err
    assert _rows(seeded, owner) == [("V01",)]
    assert _rows(seeded, "SELECT COUNT(*) FROM customer_assignments WHERE start = '2026-11-01'") == [(0,)]
