"""The import engine and the import/export commands, through the real CLI (and run_import directly).

Row errors read ``FILE:LINE: column 'X': message (value 'Y')`` with the physical line; an import is all or
nothing; a second import of the same files changes nothing; batches can be listed and undone.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import NOW, TODAY

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"
TABLES = (
    "territories",
    "salespeople",
    "customer_groups",
    "customers",
    "products",
    "orders",
    "invoices",
    "payments",
    "import_batches",
    "import_changes",
    "change_log",
)
KIND_NAMES = [
    "territories",
    "salespeople",
    "customer_groups",
    "customers",
    "products",
    "orders",
    "invoices",
    "payments",
    "credit_limits",
    "followups",
    "expense_categories",
    "budgets",
    "expenses",
    "discount_requests",
    "competitors",
    "intel",
    "campaigns",
    "prospects",
    "plans",
    "group_demand",
    "seasonality",
    "targets",
    "complaints",
    "visits",
    "installed_base",
    "service_orders",
    "openings",
    "candidates",
    "courses",
    "course_requirements",
    "trainings",
    "assignments",
]
#: The kinds sample_data/ holds (seasonality comes from last year's sales).
SAMPLE_KINDS = [k for k in KIND_NAMES if k not in ("seasonality", "expense_categories")]
CUSTOMER_COLUMNS = [
    "code",
    "name",
    "tax_id",
    "territory",
    "group",
    "salesperson",
    "tier",
    "payment_terms_days",
    "credit_limit",
    "city",
    "email",
    "phone",
    "customer_since",
]


def write(path: Path, *lines: str, encoding: str = "utf-8") -> Path:
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in TABLES}


def one(engine, sql: str, **params):
    with engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def imp(run, *args: str) -> tuple[int, dict | None, str]:
    """``import ARGS --json`` → (exit code, parsed JSON or None, stderr)."""
    code, out, err = run("import", *args, "--json")
    assert "Traceback" not in out + err
    return code, (json.loads(out) if out.strip() else None), err


def kind_of(data: dict, name: str) -> dict:
    return next(k for k in data["kinds"] if k["kind"] == name)


def credit_limit(engine, code: str) -> str | None:
    value = one(engine, "SELECT credit_limit FROM customers WHERE code = :c", c=code)
    return None if value is None else f"{value / 100:.2f}" if isinstance(value, int) else str(value)


# --------------------------------------------------------------------------- 1. row errors


ROW_ERRORS = [
    # (kind, header, good row, bad row, column, message, value)
    ("customers", "code,name,tier", "C10,Good,A", "C11,,B", "name", "a value is required", ""),
    ("customers", "code,name", "C10,Good", "C 11,Bad", "code",
     "use letters, digits and . _ / - only (at most 32)", "C 11"),
    ("customers", "code,name,tax_id", "C10,Good,B1", "C11,Bad," + "X" * 33, "tax_id",
     "is longer than 32 characters", "X" * 33),
    ("customers", "code,name,credit_limit", "C10,Good,100.50", "C11,Bad,10.125", "credit_limit",
     "has more than two decimals", "10.125"),
    ("payments", "reference,customer,date,amount", "PX1,C001,2026-11-01,10.00", "PX2,C001,2026-11-02,-5.00",
     "amount", "must not be negative", "-5.00"),
    ("customers", "code,name,customer_since", "C10,Good,2020-01-01", "C11,Bad,2026-13-45", "customer_since",
     "is not a date (YYYY-MM-DD or DD/MM/YYYY)", "2026-13-45"),
    ("customers", "code,name,tier", "C10,Good,A", "C11,Bad,Z", "tier", "must be one of: A, B, C", "Z"),
    ("customers", "Código,Nombre,Categoría", "C10,Good,A", "C11,Bad,Z", "Categoría",
     "must be one of: A, B, C", "Z"),
    ("customers", "code,name,email", "C10,Good,a@b.es", "C11,Bad,not-an-email", "email",
     "is not an email address", "not-an-email"),
    ("customers", "code,name,payment_terms_days", "C10,Good,30", "C11,Bad,999", "payment_terms_days",
     "must be between 0 and 365", "999"),
    ("customers", "code,name,payment_terms_days", "C10,Good,30", "C11,Bad,2.5", "payment_terms_days",
     "must be a whole number", "2.5"),
    ("invoices", "number,customer,issue_date,amount", "FX1,C001,2026-11-01,10.00",
     "FX2,NOPE,2026-11-01,10.00", "customer", "no customer has this code", "NOPE"),
    ("invoices", "number,customer,issue_date,due_date,amount", "FX1,C001,2026-11-01,2026-11-30,10.00",
     "FX2,C001,2026-11-10,2026-11-01,10.00", "due_date", "is before the issue date", "2026-11-01"),
    ("customers", "code,name", "C10,First", "C10,Second", "code",
     "appears more than once in this file", "C10"),
    ("payments", "reference,customer,date,amount,invoice", "PX1,C001,2026-11-01,10.00,F1",
     "PX2,C002,2026-11-01,10.00,F1", "invoice", "belongs to another customer", "F1"),
]


@pytest.mark.parametrize(
    ("kind", "header", "good", "bad", "column", "message", "value"),
    ROW_ERRORS,
    ids=[f"{c[0]}-{c[4]}-{c[5][:20]}" for c in ROW_ERRORS],
)
def test_row_error_names_file_line_column_and_value(
    seeded, run, tmp_path, kind, header, good, bad, column, message, value
):
    path = write(tmp_path / "in.csv", header, good, bad)
    before = counts(seeded)
    code, data, err = imp(run, kind, str(path))
    assert code == 1
    assert data["errors"] == [f"{path}:3: column '{column}': {message} (value '{value}')"]
    assert data["error_count"] == 1
    assert data["committed"] is False
    assert kind_of(data, kind)["rejected"] == 1
    assert "Nothing was imported: 1 rows have errors" in err
    assert counts(seeded) == before


def test_number_not_in_the_files_convention(seeded, run, tmp_path):
    path = write(
        tmp_path / "c.csv", "code,name,credit_limit", "C10,A,100.50", 'C11,B,"1.234,56"', "C12,C,200.25"
    )
    code, data, _err = imp(run, "customers", str(path))
    assert code == 1
    assert data["errors"] == [
        f"{path}:3: column 'credit_limit': is not a number in this file's format (1,234.56)"
        " (value '1.234,56')"
    ]


def test_line_numbers_are_physical_lines(seeded, run, tmp_path):
    path = write(tmp_path / "c.csv", "code,name,notes", "C10,Good", "", 'C11,Ok,"Two', 'lines"', "C 12,Bad")
    code, data, _err = imp(run, "customers", str(path))
    assert code == 1
    assert data["errors"] == [
        f"{path}:6: column 'code': use letters, digits and . _ / - only (at most 32) (value 'C 12')"
    ]


def test_missing_required_columns_fail_the_whole_file(seeded, run, tmp_path):
    from salesdesk.core.importing.engine import ImportFailed, Options, run_import
    from salesdesk.rooms import import_kinds

    path = write(tmp_path / "inv.csv", "customer,issue_date", "C001,2026-11-01")
    with pytest.raises(ImportFailed) as info:
        run_import(seeded, import_kinds(), [("invoices", path)], Options(), now=NOW)
    assert info.value.message == "required columns are missing: number, amount (found: customer, issue_date)"
    before = counts(seeded)
    code, out, err = run("import", "invoices", str(path))
    assert code == 1
    assert out == ""
    assert err.strip().splitlines() == [
        f"Error: file '{path}': required columns are missing: number, amount (found: customer, issue_date)"
    ]
    assert counts(seeded) == before


def test_unknown_column_is_only_a_warning(seeded, run, tmp_path):
    path = write(tmp_path / "c.csv", "code,name,colour", "C10,Good,blue")
    code, data, _err = imp(run, "customers", str(path))
    assert code == 0
    k = kind_of(data, "customers")
    assert (k["created"], k["rejected"]) == (1, 0)
    assert k["warnings"] == ["unknown column 'colour' is ignored"]


# --------------------------------------------------------------------------- 2. atomic


def test_one_bad_row_writes_nothing(seeded, run, tmp_path):
    rows = [f"C1{i},Customer {i},{'Z' if i == 4 else 'A'}" for i in range(10)]
    path = write(tmp_path / "c.csv", "code,name,tier", *rows)
    before = counts(seeded)
    code, out, err = run("import", "customers", str(path))
    assert code == 1
    assert "Import refused: nothing written" in out
    assert f"{path}:6: column 'tier': must be one of: A, B, C (value 'Z')" in err
    assert "Nothing was imported: 1 rows have errors (use --skip-invalid to import the valid rows)." in err
    assert counts(seeded) == before


def test_folder_whose_last_file_fails_writes_nothing(seeded, run, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder / "clientes.csv", "code,name", "C10,New one", "C11,New two")
    write(folder / "facturas.csv", "number,customer,issue_date,amount", "FX1,C10,2026-11-01,10.00",
          "FX2,C11,2026-11-01,20.00")
    write(folder / "cobros.csv", "reference,customer,date,amount", "PX1,C10,2026-11-02,5.00",
          "PX2,NOPE,2026-11-02,5.00")
    before = counts(seeded)
    code, data, err = imp(run, str(folder))
    assert code == 1
    assert [k["kind"] for k in data["kinds"]] == ["customers", "invoices", "payments"]
    assert [k["created"] for k in data["kinds"]] == [2, 2, 1]
    assert data["errors"] == [
        f"{folder / 'cobros.csv'}:3: column 'customer': no customer has this code (value 'NOPE')"
    ]
    assert all(k["batch"] is None for k in data["kinds"])
    assert "Nothing was imported" in err
    assert counts(seeded) == before


def test_crash_in_the_middle_leaves_the_database_unchanged(seeded, tmp_path, monkeypatch):
    from salesdesk.core.importing import engine as eng
    from salesdesk.rooms import import_kinds

    monkeypatch.setattr(eng, "CHUNK", 2)
    original, calls = eng._Run._store, []

    def store(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk on fire")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(eng._Run, "_store", store)
    path = write(
        tmp_path / "c.csv",
        "code,name,credit_limit",
        "C001,Acme Distribuciones S.L.,99999.00",  # first chunk: an update (with change_log) ...
        "C10,New,100.00",  # ... and a create
        "C11,New,100.00",
        "C12,New,100.00",
        "C13,New,100.00",
    )
    before = counts(seeded)
    with pytest.raises(RuntimeError, match="disk on fire"):
        eng.run_import(seeded, import_kinds(), [("customers", path)], eng.Options(), now=NOW)
    assert len(calls) == 2
    after = counts(seeded)
    assert after == before
    assert after["import_batches"] == 0
    assert credit_limit(seeded, "C001") == "10000.00"


# --------------------------------------------------------------------------- 3. idempotent


def test_sample_data_twice_changes_nothing_and_an_edit_is_one_update(engine, run, tmp_path):
    folder = tmp_path / "sample"
    shutil.copytree(SAMPLE, folder)
    code, first, _err = imp(run, str(folder))
    assert code == 0, first["errors"]
    assert sorted(k["kind"] for k in first["kinds"]) == sorted(SAMPLE_KINDS)
    creating = [k for k in first["kinds"] if k["kind"] not in ("credit_limits", "assignments")]
    assert all(k["created"] == k["rows"] > 0 and k["rejected"] == 0 for k in creating)
    # the customers file opened each customer's first assignment; the file says who had six of them
    # before (updated) and to whom they were handed over (created)
    handovers = kind_of(first, "assignments")
    assert (handovers["created"], handovers["updated"], handovers["rejected"]) == (6, 6, 0)
    limits = kind_of(first, "credit_limits")  # review dates and notes on customers that exist
    assert (limits["created"], limits["updated"], limits["rejected"]) == (0, limits["rows"], 0)
    assert counts(engine)["customers"] == first["kinds"][3]["rows"] == 182

    code, second, _err = imp(run, str(folder))
    assert code == 0
    for k, old in zip(second["kinds"], first["kinds"], strict=True):
        counted = (k["created"], k["updated"], k["unchanged"], k["rejected"])
        assert counted == (0, 0, old["rows"], 0), k["kind"]

    customers = folder / "customers.csv"
    content = customers.read_text(encoding="utf-8")
    old_line = "C0001,Fernández y Ortiz S.L.,B28851483,MAD,RET,V01,C,30,12500.00,"
    assert content.count(old_line) == 1
    new_line = old_line.replace("12500.00", "13000.00")
    customers.write_text(content.replace(old_line, new_line), encoding="utf-8")
    code, third, _err = imp(run, "customers", str(customers))
    assert code == 0
    k = kind_of(third, "customers")
    assert (k["created"], k["updated"], k["unchanged"]) == (0, 1, 181)
    with engine.connect() as conn:
        logged = conn.execute(
            text(
                "SELECT entity, record, field, old, new, note FROM change_log"
                " WHERE note LIKE 'import batch%'"
            )
        ).all()
    assert [tuple(r) for r in logged] == [
        ("customer", "C0001", "credit_limit", "12500.00", "13000.00", f"import batch {k['batch']}")
    ]


def test_mode_insert_refuses_an_existing_key(seeded, run, tmp_path):
    path = write(tmp_path / "c.csv", "code,name", "C001,Acme Distribuciones S.L.")
    code, data, _err = imp(run, "customers", str(path), "--mode", "insert")
    assert code == 1
    assert data["errors"] == [
        f"{path}:2: column 'code': already exists (mode insert only adds new records) (value 'C001')"
    ]


def test_mode_update_refuses_a_new_key(seeded, run, tmp_path):
    path = write(tmp_path / "c.csv", "code,name", "C001,Acme Distribuciones S.L.", "C999,Nobody")
    before = counts(seeded)
    code, data, _err = imp(run, "customers", str(path), "--mode", "update")
    assert code == 1
    assert data["errors"] == [
        f"{path}:3: column 'code': does not exist (mode update only changes existing records) (value 'C999')"
    ]
    assert counts(seeded) == before


def test_unknown_mode_is_refused(seeded, run, tmp_path):
    path = write(tmp_path / "c.csv", "code,name", "C10,X")
    code, _out, err = run("import", "customers", str(path), "--mode", "merge")
    assert code == 2  # a usage error (CONVENTIONS: one exit-code table)
    assert "--mode 'merge': must be one of: upsert, insert, update" in err
    assert counts(seeded)["customers"] == 3


# --------------------------------------------------------------------------- 4. options


def test_skip_invalid_imports_the_valid_rows(seeded, run, tmp_path):
    path = write(tmp_path / "c.csv", "code,name,tier", "C10,A,A", "C11,B,Z", "C12,C,B", "C13,D,")
    before = counts(seeded)["customers"]
    code, data, _err = imp(run, "customers", str(path), "--skip-invalid")
    assert code == 0
    assert data["committed"] is True
    k = kind_of(data, "customers")
    assert (k["created"], k["rejected"], k["rows"]) == (3, 1, 4)
    assert data["error_count"] == 1
    assert data["errors"] == [f"{path}:3: column 'tier': must be one of: A, B, C (value 'Z')"]
    assert counts(seeded)["customers"] == before + 3
    assert one(seeded, "SELECT count(*) FROM customers WHERE code = 'C11'") == 0
    assert one(seeded, "SELECT tier FROM customers WHERE code = 'C13'") == "C"  # blank → default


def test_dry_run_reports_but_writes_nothing(seeded, run, tmp_path):
    path = write(tmp_path / "c.csv", "code,name,credit_limit", "C10,A,100.00", "C001,Acme,20000.00")
    before = counts(seeded)
    code, data, _err = imp(run, "customers", str(path), "--dry-run")
    assert code == 0
    assert (data["dry_run"], data["committed"]) == (True, False)
    k = kind_of(data, "customers")
    assert (k["created"], k["updated"], k["batch"]) == (1, 1, None)
    assert counts(seeded) == before

    bad = write(tmp_path / "bad.csv", "code,name,tier", "C10,A,Z")
    code, data, _err = imp(run, "customers", str(bad), "--dry-run")
    assert code == 1
    assert data["error_count"] == 1
    assert counts(seeded) == before


def test_map_names_a_custom_header(seeded, run, tmp_path):
    path = write(tmp_path / "f.csv", "Nº Factura,Cliente,Fecha,Importe", "FX1,C001,2026-11-01,10.00")
    code, _out, err = run("import", "invoices", str(path))
    assert code == 1
    assert "required columns are missing: number" in err

    code, data, _err = imp(run, "invoices", str(path), "--map", "Nº Factura=number")
    assert code == 0
    assert kind_of(data, "invoices")["created"] == 1
    assert one(seeded, "SELECT amount FROM invoices WHERE number = 'FX1'") is not None

    code, _out, err = run("import", "invoices", str(path), "--map", "Nº Factura=numero")
    assert code == 1
    assert "--map names an unknown column 'numero'; invoices has: number, customer" in err


def test_map_with_no_column_ignores_a_header(seeded, run, tmp_path):
    path = write(tmp_path / "c.csv", "code,name,city,tier", "C30,Thirty,Lugo,A")
    code, data, _err = imp(run, "customers", str(path), "--map", "city=")
    assert code == 0
    assert kind_of(data, "customers")["warnings"] == []
    assert one(seeded, "SELECT city FROM customers WHERE code = 'C30'") == ""


def test_errors_csv_holds_the_rejected_rows_with_a_reason(seeded, run, tmp_path):
    path = write(tmp_path / "c.csv", "code,name,tier", "C10,Good,A", "C11,Bad,Z", "C12,Good,B", "C 13,Bad,A")
    out = tmp_path / "errors.csv"
    code, data, _err = imp(run, "customers", str(path), "--errors-csv", str(out))
    assert code == 1
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows == [
        ["code", "name", "tier", "reason"],
        ["C11", "Bad", "Z", f"{path}:3: column 'tier': must be one of: A, B, C (value 'Z')"],
        ["C 13", "Bad", "A", f"{path}:5: column 'code': use letters, digits and . _ / - only (at most 32) "
                             "(value 'C 13')"],
    ]
    assert len(rows) - 1 == kind_of(data, "customers")["rejected"] == 2


def test_a_row_with_two_problems_is_one_rejected_row(seeded, run, tmp_path):
    path = write(tmp_path / "c.csv", "code,name,tier", "C10,Good,A", "C11,,Z")
    out = tmp_path / "errors.csv"
    code, data, err = imp(run, "customers", str(path), "--errors-csv", str(out))
    assert code == 1
    assert kind_of(data, "customers")["rejected"] == 1
    assert len(data["errors"]) == 2  # every problem is reported ...
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert [r[:3] for r in rows[1:]] == [["C11", "", "Z"]]  # ... but the rejected row is written once
    assert "Nothing was imported: 1 rows have errors" in err


# --------------------------------------------------------------------------- 5. history and undo


def test_history_lists_batches_newest_first_and_undo_reverts_the_latest(seeded, run, tmp_path):
    first = write(tmp_path / "a.csv", "code,name", "C100,First new")
    second = write(tmp_path / "b.csv", "code,name,credit_limit", "C001,Acme Distribuciones S.L.,12000.00",
                   "C101,Second new,")
    assert imp(run, "customers", str(first))[0] == 0
    assert imp(run, "customers", str(second))[0] == 0
    assert credit_limit(seeded, "C001") == "12000.00"

    code, out, _err = run("import", "history", "--json")
    assert code == 0
    history = json.loads(out)
    assert [(b["id"], b["kind"], b["file"], b["created"], b["updated"], b["unchanged"], b["rejected"])
            for b in history] == [
        (2, "customers", str(second), 1, 1, 0, 0),
        (1, "customers", str(first), 1, 0, 0, 0),
    ]
    assert all(b["undone_at"] is None for b in history)

    code, out, _err = run("import", "undo", "--yes")
    assert code == 0
    assert f"Import batch 2 (customers, {second}) undone." in out
    assert credit_limit(seeded, "C001") == "10000.00"
    assert one(seeded, "SELECT count(*) FROM customers WHERE code = 'C101'") == 0
    assert one(seeded, "SELECT count(*) FROM customers WHERE code = 'C100'") == 1
    history = json.loads(run("import", "history", "--json")[1])
    assert [b["undone_at"] is not None for b in history] == [True, False]

    code, _out, err = run("import", "undo", "2", "--yes")
    assert code == 1
    assert "this import was already undone" in err


def test_undo_is_refused_while_a_later_batch_uses_the_created_records(seeded, run, tmp_path):
    customers = write(tmp_path / "c.csv", "code,name,credit_limit", "C001,Acme Distribuciones S.L.,12000.00",
                      "C100,New")
    invoices = write(tmp_path / "f.csv", "number,customer,issue_date,amount", "FX1,C100,2026-11-01,10.00")
    assert imp(run, "customers", str(customers))[0] == 0
    assert imp(run, "invoices", str(invoices))[0] == 0
    before = counts(seeded)

    code, _out, err = run("import", "undo", "1", "--yes")
    assert code == 1
    assert "records it created in customers are used by later data" in err
    assert counts(seeded) == before
    assert credit_limit(seeded, "C001") == "12000.00"  # the restore was rolled back too

    assert run("import", "undo", "2", "--yes")[0] == 0
    assert one(seeded, "SELECT count(*) FROM invoices WHERE number = 'FX1'") == 0
    assert run("import", "undo", "1", "--yes")[0] == 0
    assert one(seeded, "SELECT count(*) FROM customers WHERE code = 'C100'") == 0
    assert credit_limit(seeded, "C001") == "10000.00"


def test_undo_needs_yes_when_not_on_a_terminal(seeded, run, tmp_path):
    path = write(tmp_path / "c.csv", "code,name", "C100,New")
    assert imp(run, "customers", str(path))[0] == 0
    code, _out, err = run("import", "undo")
    assert code == 1
    assert "--yes" in err
    assert one(seeded, "SELECT count(*) FROM customers WHERE code = 'C100'") == 1


# --------------------------------------------------------------------------- 6. kinds, templates, names


def test_list_kinds(engine, run):
    code, out, _err = run("import", "--list")
    assert code == 0
    for name in KIND_NAMES:
        assert name in out
    code, out, _err = run("import", "--list", "--json")
    assert code == 0
    data = json.loads(out)
    assert [k["kind"] for k in data] == KIND_NAMES
    customers = data[3]
    assert [c["name"] for c in customers["columns"]] == CUSTOMER_COLUMNS
    assert [c["name"] for c in customers["columns"] if c["required"]] == ["code", "name"]
    assert "clientes" in customers["file_names"]
    assert all(k["columns"] for k in data)


def test_template_writes_only_the_header(engine, run, tmp_path):
    out = tmp_path / "t.csv"
    code, stdout, _err = run("import", "--template", "customers", str(out))
    assert code == 0
    assert out.read_text(encoding="utf-8") == ",".join(CUSTOMER_COLUMNS) + "\n"
    assert f"Template written to {out}." in stdout

    code, _out, err = run("import", "--template", "widgets", str(tmp_path / "w.csv"))
    assert code == 2  # an argument the command cannot take: a usage error
    assert "unknown kind" in err
    assert not (tmp_path / "w.csv").exists()


def test_unknown_kind_is_refused(seeded, run, tmp_path):
    path = write(tmp_path / "w.csv", "code,name", "W1,Widget")
    code, _out, err = run("import", "widgets", str(path))
    assert code == 2
    assert "unknown kind; known: territories, salespeople" in err


def test_spanish_kind_names_and_folder_file_names(seeded, run, tmp_path):
    path = write(tmp_path / "c.csv", "Código,Nombre", "C10,Nuevo")
    code, data, _err = imp(run, "clientes", str(path))
    assert code == 0
    assert kind_of(data, "customers")["created"] == 1

    folder = tmp_path / "in"
    folder.mkdir()
    write(folder / "zonas.csv", "code,name,parent", "NOR,Norte,CEN")
    write(folder / "facturas.csv", "number,customer,issue_date,amount", "FX1,C001,2026-11-01,10.00")
    write(folder / "cobros.csv", "Referencia;Cliente;Fecha cobro;Importe;Nº Factura",
          "PX1;C001;02/11/2026;5,00;FX1", encoding="cp1252")
    write(folder / "notes.txt", "not data")
    write(folder / "clientes_old.csv", "code,name", "C99,Old")
    code, data, _err = imp(run, str(folder))
    assert code == 0, data["errors"]
    created = [(k["kind"], k["created"]) for k in data["kinds"]]
    assert created == [("territories", 1), ("invoices", 1), ("payments", 1)]
    assert data["skipped"] == [str(folder / "clientes_old.csv"), str(folder / "notes.txt")]
    assert one(seeded, "SELECT count(*) FROM customers WHERE code = 'C99'") == 0
    assert one(
        seeded,
        "SELECT i.number FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE p.reference = 'PX1'",
    ) == "FX1"

    code, out, _err = run("import", str(folder))  # human: a second run, everything unchanged
    assert code == 0
    assert "skipped (not a known kind): notes.txt" in out
    assert "skipped (not a known kind): clientes_old.csv" in out


# --------------------------------------------------------------------------- 7. export → import


@pytest.fixture
def richer(seeded):
    """The seeded data plus formula-looking names, a credit note and a payment on a named invoice."""
    from salesdesk.core.db import write_session
    from salesdesk.org import queries as q

    with write_session(seeded) as s:
        q.add_customer(session=s, code="C004", data={"name": "=SUM(A1)", "salesperson": "V02"},
                       locale="en_US", now=NOW)
        q.add_customer(session=s, code="C005", data={"name": "-Acme", "email": "a@acme.es", "tax_id": "B123",
                                                  "phone": "+34 911 560 408"},
                       locale="en_US", now=NOW)
        q.add_invoice(session=s, number="F3", customer="C002", amount="-10.00", locale="en_US", today=TODAY,
                      issue_date="2026-10-05")
        q.add_invoice(session=s, number="F4", customer="C003", amount="1234.56", locale="en_US", today=TODAY,
                      issue_date="2026-11-02", due_date="2026-12-31")
        q.add_payment(session=s, reference="P2", customer="C001", amount="20.00", locale="en_US", today=TODAY,
                      payment_date="2026-11-03", invoice="F2")
    return seeded


@pytest.mark.parametrize("kind", ["customers", "invoices", "payments", "products"])
@pytest.mark.parametrize(("suffix", "dialect"), [(".csv", "en"), (".csv", "es"), (".xlsx", "en")])
def test_export_then_import_is_unchanged(richer, run, tmp_path, kind, suffix, dialect):
    path = tmp_path / f"{kind}-{dialect}{suffix}"
    code, out, err = run("export", kind, str(path), "--dialect", dialect)
    assert code == 0, err
    rows = counts(richer)[kind]
    assert f"{rows} rows written to {path}." in out
    before = counts(richer)
    code, data, err = imp(run, kind, str(path))
    assert code == 0, (err, data and data["errors"])
    k = kind_of(data, kind)
    assert (k["created"], k["updated"], k["unchanged"], k["rejected"]) == (0, 0, rows, 0)
    after = counts(richer)
    assert {t: n for t, n in after.items() if t not in ("import_batches",)} == {
        t: n for t, n in before.items() if t not in ("import_batches",)
    }


def test_blank_optional_text_matches_an_empty_stored_value(seeded, run, tmp_path):
    """Seeded C001 has no tax id or email (stored as ""): a blank cell is the same value, not NULL."""
    path = write(tmp_path / "c.csv", "code,name,tax_id,email", "C001,Acme Distribuciones S.L.,,")
    code, data, err = imp(run, "customers", str(path))
    assert code == 0, err
    k = kind_of(data, "customers")
    assert (k["created"], k["updated"], k["unchanged"]) == (0, 0, 1)
    assert one(seeded, "SELECT tax_id FROM customers WHERE code = 'C001'") == ""


@pytest.mark.parametrize(("suffix", "dialect"), [(".csv", "en"), (".csv", "es"), (".xlsx", "en")])
def test_phone_with_plus_survives_the_round_trip(engine, run, tmp_path, suffix, dialect):
    source = write(tmp_path / "in.csv", ",".join(CUSTOMER_COLUMNS),
                   "C1,Full,B1,,,,A,45,100.00,Madrid,a@b.es,+34 911 560 408,2020-01-02")
    assert imp(run, "customers", str(source))[0] == 0
    path = tmp_path / f"out{suffix}"
    assert run("export", "customers", str(path), "--dialect", dialect)[0] == 0
    code, data, _err = imp(run, "customers", str(path))
    assert code == 0, data["errors"]
    assert kind_of(data, "customers")["unchanged"] == 1


def test_spanish_export_bytes(richer, run, tmp_path):
    path = tmp_path / "f.csv"
    assert run("export", "invoices", str(path), "--dialect", "es")[0] == 0
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw[3:].decode("utf-8").split("\r\n")
    assert lines[0] == "number;customer;salesperson;issue_date;due_date;amount"
    assert "F1;C001;V01;01/09/2026;01/10/2026;100,00" in lines
    assert "F3;C002;V02;05/10/2026;04/12/2026;-10,00" in lines
    assert "F4;C003;V01;02/11/2026;31/12/2026;1234,56" in lines


def test_formula_guard_escapes_text_but_not_numbers(richer, run, tmp_path):
    customers, invoices = tmp_path / "c.csv", tmp_path / "f.csv"
    assert run("export", "customers", str(customers), "--dialect", "en")[0] == 0
    assert run("export", "invoices", str(invoices), "--dialect", "en")[0] == 0
    by_code = {r["code"]: r for r in csv.DictReader(customers.open(encoding="utf-8", newline=""))}
    assert by_code["C004"]["name"] == "'=SUM(A1)"
    assert by_code["C005"]["name"] == "'-Acme"
    assert by_code["C001"]["name"] == "Acme Distribuciones S.L."
    amounts = {r["number"]: r["amount"] for r in csv.DictReader(invoices.open(encoding="utf-8", newline=""))}
    assert amounts["F3"] == "-10.00"
    code, data, err = imp(run, "customers", str(customers))
    assert code == 0, (err, data and data["errors"])
    assert kind_of(data, "customers")["unchanged"] == 5
    assert one(richer, "SELECT name FROM customers WHERE code = 'C004'") == "=SUM(A1)"
    assert one(richer, "SELECT name FROM customers WHERE code = 'C005'") == "-Acme"


# --------------------------------------------------------------------------- 8. summaries


def test_human_summary_table(seeded, run, tmp_path):
    path = write(tmp_path / "cust.csv", "code,name,credit_limit", "C10,A,1.00", "C11,B,2.00",
                 "C001,Acme Distribuciones S.L.,20000.00", "C002,Bar El Sol,")
    code, out, err = run("import", "customers", str(path))
    assert code == 0, err
    assert "Import done" in out
    for header in ("Kind", "File", "Created", "Updated", "Unchanged", "Rejected", "Rows/s"):
        assert header in out
    row = next(line for line in out.splitlines() if "cust.csv" in line and "│" in line)
    cells = [c.strip() for c in row.split("│")]
    assert cells[1:7] == ["customers", "cust.csv", "2", "1", "1", "0"]
    assert "cust.csv: utf-8, comma, en numbers" in out

    code, out, _err = run("import", "customers", str(path), "--dry-run")
    assert code == 0
    assert "Import (dry run: nothing written)" in out


def test_json_summary_shape(seeded, run, tmp_path):
    path = write(tmp_path / "c.csv", "code,name", "C10,A", "C001,Acme Distribuciones S.L.")
    code, data, _err = imp(run, "customers", str(path))
    assert code == 0
    assert {"committed", "dry_run", "kinds", "error_count", "errors"} <= set(data)
    assert (data["committed"], data["dry_run"], data["error_count"], data["errors"]) == (True, False, 0, [])
    [k] = data["kinds"]
    assert {"kind", "created", "updated", "unchanged", "rejected", "rows_per_second", "batch"} <= set(k)
    assert (k["kind"], k["created"], k["updated"], k["unchanged"], k["rejected"]) == ("customers", 1, 0, 1, 0)
    assert isinstance(k["rows_per_second"], int)
    assert k["batch"] == one(seeded, "SELECT max(id) FROM import_batches") == 1
