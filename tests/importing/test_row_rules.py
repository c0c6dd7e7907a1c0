"""Import rules found by an audit of the engine: repeated keys of existing records, extra cells, blank cells
on updates, the order status rules, per-file error files, undo that notices later edits, folder files that
are never data, self-referencing exports, usage errors, mixed date formats, line breaks in text, a killed
process.

Seeded (tests/conftest.py): C001 (terms 30, limit 10,000.00, V01) owes 120.00; C002 (terms 60, no limit,
V02); C003 (terms 30, limit 5,000.00, V01) owes nothing; order O1 is open.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.importing.test_engine import counts, imp, kind_of, one, write

# --------------------------------------------------------------------------- keys repeated in a file


def test_a_key_repeated_for_an_existing_record_is_refused(seeded, run, tmp_path):
    path = write(
        tmp_path / "dup.csv",
        "code,name,city",
        "C001,Acme Distribuciones S.L.,Toledo",
        "C001,Acme Distribuciones S.L.,Ávila",
        "C002,Bar El Sol,Toledo",
        "C002,Bar El Sol,Toledo",
    )
    before = counts(seeded)
    code, data, _err = imp(run, "customers", str(path))
    assert code == 1
    assert data["errors"] == [
        f"{path}:3: column 'code': appears more than once in this file (value 'C001')",
        f"{path}:5: column 'code': appears more than once in this file (value 'C002')",
    ]
    assert counts(seeded) == before
    assert one(seeded, "SELECT city FROM customers WHERE code = 'C001'") == "Madrid"


def test_a_repeated_key_is_found_across_chunks(seeded, run, tmp_path, monkeypatch):
    from salesdesk.core.importing import engine

    monkeypatch.setattr(engine, "CHUNK", 2)
    rows = [f"C1{i:02d},New {i}" for i in range(5)]
    path = write(tmp_path / "c.csv", "code,name", "C001,Acme", *rows, "C001,Acme again", "C103,Again")
    code, data, _err = imp(run, "customers", str(path))
    assert code == 1
    assert data["errors"] == [
        f"{path}:8: column 'code': appears more than once in this file (value 'C001')",
        f"{path}:9: column 'code': appears more than once in this file (value 'C103')",
    ]


def test_the_touched_id_set_is_a_bitmap():
    from salesdesk.core.importing.engine import _IdSet

    ids = _IdSet()
    for i in (1, 7, 8, 1_000_003):
        ids.add(i)
    assert [i in ids for i in (0, 1, 2, 7, 8, 9, 1_000_003, 1_000_004, 5_000_000)] == [
        False,
        True,
        False,
        True,
        True,
        False,
        True,
        False,
        False,
    ]
    assert len(ids.bits) < 200_000  # a million ids in about 125 KB


# --------------------------------------------------------------------------- cells


def test_cells_beyond_the_header_are_a_row_error(seeded, run, tmp_path):
    path = write(
        tmp_path / "inv.csv",
        "number,customer,issue_date,amount",
        "Y1,C001,2026-11-01,10,5",  # a decimal comma in a comma-separated file
        "Y2,C001,2026-11-01,20.00,,",  # trailing empty cells are fine
    )
    before = counts(seeded)
    code, data, _err = imp(run, "invoices", str(path))
    assert code == 1
    assert data["errors"] == [
        f"{path}:2: the row has 5 cells but the header has 4 columns "
        "(a decimal comma in a comma-separated file?)"
    ]
    assert counts(seeded) == before


def test_blank_cells_leave_an_existing_record_as_it_is(seeded, run, tmp_path):
    run("customer", "edit", "C001", "--tier", "A")
    path = write(
        tmp_path / "c.csv",
        "code,name,tier,payment_terms_days,salesperson,city",
        "C001,Acme Distribuciones S.L.,,,,Alcorcón",
        "C010,Nuevo,,,,",
    )
    code, data, _err = imp(run, "customers", str(path))
    assert code == 0, data
    assert (kind_of(data, "customers")["created"], kind_of(data, "customers")["updated"]) == (1, 1)
    with seeded.connect() as conn:
        kept = conn.execute(
            text(
                "SELECT c.tier, c.terms_days, s.code, c.city FROM customers c "
                "JOIN salespeople s ON s.id = c.salesperson_id WHERE c.code = 'C001'"
            )
        ).one()
        new = conn.execute(
            text("SELECT tier, terms_days, salesperson_id, city FROM customers WHERE code = 'C010'")
        ).one()
    assert tuple(kept) == ("A", 30, "V01", "Alcorcón")
    assert tuple(new) == ("C", 30, None, "")  # a new record takes the defaults


def test_credit_limits_blank_note_keeps_it_and_blank_amount_means_no_credit(seeded, run, tmp_path):
    path = write(tmp_path / "cl.csv", "customer,amount,note", "C001,13000.00,", "C003,,")
    code, data, err = imp(run, "credit_limits", str(path))
    assert code == 0, err
    assert kind_of(data, "credit_limits")["updated"] == 2
    assert one(seeded, "SELECT credit_limit FROM customers WHERE code = 'C001'") == 1_300_000
    assert one(seeded, "SELECT credit_limit FROM customers WHERE code = 'C003'") is None
    assert one(seeded, "SELECT credit_note FROM customers WHERE code = 'C001'") == ""
    # and the export of that kind imports back unchanged
    out = tmp_path / "limits.csv"
    assert run("export", "credit_limits", str(out))[0] == 0
    code, data, _err = imp(run, "credit_limits", str(out))
    assert code == 0
    assert kind_of(data, "credit_limits")["updated"] == 0


def test_line_breaks_and_tabs_in_text_cells_are_kept(seeded, run, tmp_path):
    path = write(tmp_path / "c.csv", "code,name,city", 'C010,"Two\nlines",Madrid', "C 11,\tBad,Madrid")
    code, data, _err = imp(run, "customers", str(path))
    assert code == 1
    # the error message stays on one line
    assert data["errors"] == [
        f"{path}:4: column 'code': use letters, digits and . _ / - only (at most 32) (value 'C 11')"
    ]
    path = write(tmp_path / "ok.csv", "code,name,city", 'C010,"Two\r\nlines",Madrid')
    assert imp(run, "customers", str(path))[0] == 0
    assert one(seeded, "SELECT name FROM customers WHERE code = 'C010'") == "Two\nlines"


def test_a_control_character_is_refused_and_shown_on_one_line(seeded, run, tmp_path):
    path = write(tmp_path / "c.csv", "code,name", 'C010,"bad\x07 name\nhere"')
    code, data, _err = imp(run, "customers", str(path))
    assert code == 1
    assert data["errors"] == [
        f"{path}:2: column 'name': contains control characters (value 'bad\x07 name\\nhere')"
    ]


# --------------------------------------------------------------------------- dates


def test_a_file_mixing_date_formats_takes_the_one_most_rows_use(seeded, run, tmp_path):
    path = write(
        tmp_path / "inv.csv",
        "number,customer,issue_date,amount",
        "Y1,C001,05/01/2026,10.00",
        "Y2,C001,06/01/2026,10.00",
        "Y3,C001,2026-01-07,10.00",
    )
    code, data, _err = imp(run, "invoices", str(path))
    assert code == 1
    assert data["errors"] == [
        f"{path}:4: column 'issue_date': is not a date in this file's format (DD/MM/YYYY)"
        " (value '2026-01-07')"
    ]
    assert "dmy dates" in kind_of(data, "invoices")["format"]


def test_date_format_forced_from_the_command_line(seeded, run, tmp_path):
    path = write(tmp_path / "inv.csv", "number,customer,issue_date,amount", "Y1,C001,2026-01-07,10.00")
    code, data, _err = imp(run, "invoices", str(path), "--date-format", "dmy")
    assert code == 1
    assert "is not a date in this file's format (DD/MM/YYYY)" in data["errors"][0]
    code, data, _err = imp(run, "invoices", str(path), "--date-format", "iso")
    assert code == 0
    assert one(seeded, "SELECT issue_date FROM invoices WHERE number = 'Y1'") == "2026-01-07"


# --------------------------------------------------------------------------- the rules of the rooms


def test_an_import_follows_the_order_status_rules(seeded, run, tmp_path):
    assert run("order", "status", "O1", "invoiced")[0] == 0
    path = write(tmp_path / "o.csv", "number,customer,date,amount,status", "O1,C001,2026-11-28,200.00,open")
    code, data, _err = imp(run, "orders", str(path))
    assert code == 1
    assert data["errors"] == [
        f"{path}:2: column 'status': an order cannot go from invoiced to open (value 'open')"
    ]
    assert one(seeded, "SELECT status FROM orders WHERE number = 'O1'") == "invoiced"


def test_an_allowed_status_change_by_import_is_in_the_history(seeded, run, tmp_path):
    path = write(
        tmp_path / "o.csv", "number,customer,date,amount,status", "O1,C001,2026-11-28,200.00,cancelled"
    )
    code, data, _err = imp(run, "orders", str(path))
    assert code == 0
    with seeded.connect() as conn:
        row = conn.execute(
            text("SELECT old, new FROM change_log WHERE entity = 'order' AND record = 'O1' ORDER BY id DESC")
        ).first()
    assert tuple(row) == ("open", "cancelled")


# --------------------------------------------------------------------------- folders and error files


def test_errors_csv_for_a_folder_writes_one_file_per_input(seeded, run, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder / "clientes.csv", "code,name,tier", "C010,Nuevo,A", "C011,Otro,Z")
    write(folder / "facturas.csv", "number,customer,issue_date,amount", "Y1,C999,2026-11-01,10.00")
    out = tmp_path / "errors.csv"
    code, data, _err = imp(run, str(folder), "--errors-csv", str(out))
    assert code == 1
    customers, invoices = tmp_path / "errors-clientes.csv", tmp_path / "errors-facturas.csv"
    assert data["errors_files"] == [str(customers), str(invoices)]
    assert not out.exists()
    with customers.open(encoding="utf-8-sig", newline="") as fh:
        rejected = list(csv.reader(fh))
    assert rejected == [
        ["code", "name", "tier", "reason"],
        [
            "C011",
            "Otro",
            "Z",
            f"{folder / 'clientes.csv'}:3: column 'tier': must be one of: A, B, C (value 'Z')",
        ],
    ]
    with invoices.open(encoding="utf-8-sig", newline="") as fh:
        assert next(csv.reader(fh)) == ["number", "customer", "issue_date", "amount", "reason"]
    # fixed (the reason column dropped), the file imports on its own
    fixed = tmp_path / "fixed.csv"
    with fixed.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([row[:-1] for row in rejected])
    fixed.write_text(fixed.read_text(encoding="utf-8").replace(",Z", ",B"), encoding="utf-8")
    assert imp(run, "customers", str(fixed))[0] == 0


def test_excel_lock_files_and_hidden_files_are_skipped(seeded, run, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder / "clientes.csv", "code,name", "C010,Nuevo")
    (folder / "~$clientes.xlsx").write_bytes(b"\x00lock")
    write(folder / ".clientes.csv", "code,name", "C011,Hidden")
    code, data, _err = imp(run, str(folder))
    assert code == 0
    assert sorted(Path(p).name for p in data["skipped"]) == [".clientes.csv", "~$clientes.xlsx"]
    assert one(seeded, "SELECT count(*) FROM customers WHERE code = 'C011'") == 0


def test_a_territories_export_imports_into_an_empty_database(seeded, run, cli, tmp_path):
    run("territory", "add", "AAA", "--name", "Child of TOL", "--parent", "TOL")
    out = tmp_path / "t.csv"
    assert run("export", "territories", str(out))[0] == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines.index("CEN,Centro,") < lines.index("TOL,Toledo,CEN") < lines.index("AAA,Child of TOL,TOL")
    fresh = tmp_path / "fresh.sqlite"
    code, out_text, err = cli("--db", str(fresh), "import", "territories", str(out), "--json")
    assert code == 0, err
    assert json.loads(out_text)["kinds"][0]["created"] == 4


# --------------------------------------------------------------------------- undo


def test_undo_refuses_when_a_created_record_was_edited_since(seeded, run, tmp_path):
    path = write(tmp_path / "n.csv", "code,name", "N1,Nuevo", "N2,Otro")
    assert imp(run, "customers", str(path))[0] == 0
    assert run("customer", "edit", "N2", "--city", "Ourense")[0] == 0
    code, _out, err = run("import", "undo", "--yes")
    assert code == 1
    assert "N2 in customers was changed after the import; undo refused" in err
    assert one(seeded, "SELECT count(*) FROM customers WHERE code IN ('N1', 'N2')") == 2


def test_undo_of_an_earlier_unrelated_batch_is_allowed(seeded, run, tmp_path):
    first = write(tmp_path / "m1.csv", "code,name", "M1,Primero")
    second = write(tmp_path / "m2.csv", "code,name", "M2,Segundo")
    _c, one_data, _e = imp(run, "customers", str(first))
    assert imp(run, "customers", str(second))[0] == 0
    batch = kind_of(one_data, "customers")["batch"]
    code, _out, err = run("import", "undo", str(batch), "--yes")
    assert code == 0, err
    assert one(seeded, "SELECT group_concat(code) FROM customers WHERE code LIKE 'M%'") == "M2"


def test_undo_names_an_updated_record_changed_since_by_its_code(seeded, run, tmp_path):
    path = write(tmp_path / "c.csv", "code,name,city", "C002,Bar El Sol,Cuenca")
    assert imp(run, "customers", str(path))[0] == 0
    run("customer", "edit", "C002", "--city", "Soria")
    code, _out, err = run("import", "undo", "--yes")
    assert code == 1
    assert "C002 in customers was changed after the import" in err


def test_undo_of_a_limit_import_writes_the_reverse_change_to_the_history(seeded, run, tmp_path):
    path = write(tmp_path / "cl.csv", "customer,amount", "C003,7000.00")
    assert imp(run, "credit_limits", str(path))[0] == 0
    assert run("import", "undo", "--yes")[0] == 0
    assert one(seeded, "SELECT credit_limit FROM customers WHERE code = 'C003'") == 500_000
    with seeded.connect() as conn:
        last = conn.execute(
            text(
                "SELECT old, new, note FROM change_log WHERE record = 'C003' AND field = 'credit_limit' "
                "ORDER BY id DESC"
            )
        ).first()
    assert last[0:2] == ("7000.00", "5000.00")
    assert last[2].startswith("undo of import batch")


# --------------------------------------------------------------------------- command line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("import", "customers", "x.csv", "--mode", "foo"), "--mode 'foo'"),
        (("import", "customers", "x.csv", "--number-format", "xx"), "--number-format 'xx'"),
        (("import", "customers", "x.csv", "--date-format", "mdy"), "--date-format 'mdy'"),
        (("import", "customers", "x.csv", "--delimiter", ";;"), "--delimiter ';;'"),
        (("import", "customers", "x.csv", "--encoding", "klingon"), "--encoding 'klingon'"),
        (("import",), "give KIND FILE or a FOLDER"),
        (("import", "a", "b", "c"), "give KIND FILE or a FOLDER"),
        (("import", "nowhere"), "not a folder"),
        (("import", "undo", "abc"), "must be a batch number"),
        (("export", "customers", "x.csv", "--dialect", "fr"), "--dialect 'fr'"),
        (("export", "customers", "x.pdf"), "FILE 'x.pdf': must end in one of: .csv, .txt, .xlsx"),
    ],
)
def test_usage_errors_exit_2_and_change_nothing(seeded, run, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "x.csv", "code,name", "C010,X")
    before = counts(seeded)
    code, out, err = run(*args)
    assert code == 2, err
    assert message in err
    assert "Traceback" not in out + err
    assert counts(seeded) == before
    assert not (tmp_path / "x.pdf").exists()


def test_history_pages_and_shows_readable_times(seeded, run, tmp_path):
    for name in ("a", "b", "c"):
        assert imp(run, "customers", str(write(tmp_path / f"{name}.csv", "code,name", f"Z{name},X")))[0] == 0
    code, out, _err = run("import", "history", "--json", "--limit", "1", "--offset", "1")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 1 and rows[0]["file"] == str(tmp_path / "b.csv")  # the absolute path is kept
    assert rows[0]["started_at"].startswith("2026-11-28T")
    code, out, _err = run("import", "history")
    assert "11/28/2026" in out.replace("\n", "")  # the short date of the active locale (en_US here)
    assert "+00:00" not in out and "2026-11-28" not in out


def test_spanish_messages_name_the_field_in_spanish(seeded, run, tmp_path):
    code, _out, err = run("--lang", "es", "import", "customers", str(tmp_path / "nada.csv"))
    assert code == 1
    assert err.startswith("Error: archivo '") and "el archivo no existe" in err


def test_an_xlsx_that_is_not_a_workbook(seeded, run, tmp_path):
    path = write(tmp_path / "c.xlsx", "code,name", "C010,X")
    code, _out, err = run("import", "customers", str(path))
    assert code == 1
    assert "not a readable Excel workbook (.xlsx); a CSV file needs the .csv suffix" in err


def test_a_latin1_file_with_bytes_cp1252_leaves_undefined(seeded, run, tmp_path):
    path = tmp_path / "c.csv"
    path.write_bytes("code,name\nC010,Peña\x81\n".encode("latin-1"))
    code, data, _err = imp(run, "customers", str(path))
    assert code == 1  # \x81 is a control character once read, but the file itself is read
    assert kind_of(data, "customers")["format"].startswith("latin-1")


# --------------------------------------------------------------------------- a killed import


def test_a_process_killed_mid_import_leaves_the_database_as_it_was(seeded, db_path, tmp_path):
    """The importing process ends abruptly (``os._exit``: no rollback, no cleanup) after writing
    thousands of rows; the next connection sees the database as it was."""
    rows = [f"K{i:05d},C001,2026-11-01,1.00" for i in range(12_000)]
    path = write(tmp_path / "big.csv", "number,customer,issue_date,amount", *rows)
    before = counts(seeded)
    script = textwrap.dedent(
        f"""
        import os
        from datetime import datetime, timezone
        from pathlib import Path
        from salesdesk.core.db import open_database, sqlite_url
        from salesdesk.core.importing.engine import Options, run_import
        from salesdesk.rooms import import_kinds

        def progress(kind, rows, done, total):
            if rows >= 10_000:  # two chunks of 5,000 are written by now
                os._exit(9)

        engine = open_database(sqlite_url(Path({str(db_path)!r})))
        run_import(engine, import_kinds(), [("invoices", Path({str(path)!r}))], Options(),
                   now=datetime.now(timezone.utc), progress=progress)
        os._exit(0)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], env=os.environ.copy(), timeout=120)
    assert done.returncode == 9
    assert counts(seeded) == before
    with seeded.connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
