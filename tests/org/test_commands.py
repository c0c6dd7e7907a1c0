"""Every org, database and settings command through the real command line, in-process.

Exit codes: 0 ok, 1 data or validation error (one line on stderr naming the field and the value),
2 usage error. No failure ever shows a traceback.
"""

from __future__ import annotations

import io
import json
import re
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from salesdesk import __version__

MONEY = re.compile(r"^-?\d+\.\d{2}$")


@pytest.fixture(autouse=True)
def wide_tables(monkeypatch):
    """Rich wraps tables at 80 columns when not on a terminal; human-output checks want whole cells."""
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture
def run(cli, db_path):
    """``run(*args)`` = the CLI on the test database."""

    def invoke(*args: str) -> tuple[int, str, str]:
        return cli("--db", str(db_path), *args)

    return invoke


def ok(result: tuple[int, str, str]) -> str:
    code, out, err = result
    assert code == 0, f"exit {code}; stderr: {err!r}; stdout: {out!r}"
    assert "Traceback" not in out + err
    return out


def ok_json(result: tuple[int, str, str]):
    return json.loads(ok(result))


def data_error(result: tuple[int, str, str], *needles: str) -> str:
    """Exit 1, nothing on stdout worth a traceback, and exactly one stderr line naming every needle."""
    code, out, err = result
    assert code == 1, f"exit {code}; stderr: {err!r}; stdout: {out!r}"
    assert "Traceback" not in out + err
    lines = err.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got {err!r}"
    for needle in needles:
        assert needle in lines[0], f"{needle!r} not in {lines[0]!r}"
    return lines[0]


def usage_error(result: tuple[int, str, str], *needles: str) -> str:
    code, out, err = result
    assert code == 2, f"exit {code}; stderr: {err!r}; stdout: {out!r}"
    assert "Traceback" not in out + err
    for needle in needles:
        assert needle in err, f"{needle!r} not in {err!r}"
    return err


def is_money(value) -> bool:
    return isinstance(value, str) and bool(MONEY.match(value))


def is_iso_date(value) -> bool:
    if not isinstance(value, str):
        return False
    return date.fromisoformat(value).isoformat() == value


def codes(rows: list[dict]) -> list[str]:
    return [r["code"] for r in rows]


# --------------------------------------------------------------------------- customer add


def test_customer_add_with_every_option(run, seeded):
    out = ok(
        run(
            "customer",
            "add",
            "C010",
            "--name",
            "Acme Norte",
            "--tax-id",
            "b 123 456",
            "--territory",
            "TOL",
            "--group",
            "HOR",
            "--salesperson",
            "V02",
            "--tier",
            "a",
            "--terms",
            "45",
            "--credit-limit",
            "2500",
            "--city",
            "Toledo",
            "--email",
            "compras@acme.es",
            "--phone",
            "+34 925 000 000",
            "--since",
            "28/11/2020",
        )
    )
    assert "C010" in out
    shown = ok_json(run("customer", "show", "C010", "--json"))
    assert shown == {
        **shown,
        "code": "C010",
        "name": "Acme Norte",
        "tax_id": "B123456",
        "territory": "TOL",
        "territory_name": "Toledo",
        "group": "HOR",
        "group_name": "Hostelería",
        "salesperson": "V02",
        "salesperson_name": "Carlos Moreno",
        "tier": "A",
        "terms_days": 45,
        "credit_limit": "2500.00",
        "city": "Toledo",
        "email": "compras@acme.es",
        "phone": "+34 925 000 000",
        "customer_since": "2020-11-28",
        "balance": "0.00",
    }


def test_customer_add_defaults(run, seeded):
    ok(run("customer", "add", "C011", "--name", "Minimal"))
    shown = ok_json(run("customer", "show", "C011", "--json"))
    assert shown["tier"] == "C"
    assert shown["terms_days"] == 30
    assert shown["credit_limit"] is None
    assert shown["salesperson"] is None and shown["territory"] is None and shown["group"] is None


@pytest.mark.parametrize(
    ("typed", "stored"), [("12,5", "12.50"), ("12.50", "12.50"), ("1,234.56", "1234.56")]
)
def test_customer_add_credit_limit_forms(run, seeded, typed, stored):
    ok(run("customer", "add", "C020", "--name", "Limits", "--credit-limit", typed))
    assert ok_json(run("customer", "show", "C020", "--json"))["credit_limit"] == stored


@pytest.mark.parametrize(
    ("options", "field", "value"),
    [
        (["--tier", "Z"], "tier", "Z"),
        (["--email", "not-an-email"], "email", "not-an-email"),
        (["--phone", "12"], "phone", "12"),
        (["--territory", "NOWHERE"], "territory", "NOWHERE"),
        (["--group", "NOGROUP"], "group", "NOGROUP"),
        (["--salesperson", "V99"], "salesperson", "V99"),
        (["--terms", "abc"], "terms_days", "abc"),
        (["--terms", "400"], "terms_days", "400"),
        (["--credit-limit", "1x"], "credit_limit", "1x"),
        (["--credit-limit", "-5"], "credit_limit", "-5"),
        (["--since", "31/02/2020"], "customer_since", "31/02/2020"),
    ],
)
def test_customer_add_refuses_bad_values(run, seeded, options, field, value):
    data_error(run("customer", "add", "C030", "--name", "Bad", *options), field, value)
    # Nothing was written.
    data_error(run("customer", "show", "C030"), "C030")


def test_customer_add_refuses_duplicate_code(run, seeded):
    data_error(run("customer", "add", "C001", "--name", "Again"), "code", "C001")
    assert ok_json(run("customer", "show", "C001", "--json"))["name"] == "Acme Distribuciones S.L."


def test_customer_add_refuses_bad_code(run, seeded):
    data_error(run("customer", "add", "C 1", "--name", "Spaces"), "code", "C 1")


def test_customer_add_without_name_is_a_usage_error(run, seeded):
    usage_error(run("customer", "add", "C040"), "--name")


def test_customer_add_without_code_is_a_usage_error(run, seeded):
    usage_error(run("customer", "add", "--name", "No code"))


# --------------------------------------------------------------------------- customer edit


def test_customer_edit_credit_limit_writes_history(run, seeded):
    from salesdesk.core.db import read_session
    from salesdesk.core.history import history

    out = ok(run("customer", "edit", "C001", "--credit-limit", "12000", "--note", "good payer"))
    assert "credit_limit" in out
    assert ok_json(run("customer", "show", "C001", "--json"))["credit_limit"] == "12000.00"
    with read_session(seeded) as s:
        changes = history(s, entity="customer", record="C001")
    latest = changes[0]
    assert (latest.field, latest.old, latest.new, latest.note) == (
        "credit_limit",
        "10000.00",
        "12000.00",
        "good payer",
    )
    # The limit set on creation is there too, older.
    assert [c.field for c in changes] == ["credit_limit", "credit_limit"]


def test_customer_edit_history_with_raw_sql(run, seeded, db_path):
    ok(run("customer", "edit", "C002", "--credit-limit", "300", "--tier", "B"))
    con = sqlite3.connect(db_path)
    try:
        rows = con.execute(
            "SELECT field, old, new FROM change_log WHERE entity='customer' AND record='C002' ORDER BY id"
        ).fetchall()
    finally:
        con.close()
    assert ("credit_limit", None, "300.00") in rows
    assert ("tier", "C", "B") in rows


def test_customer_edit_same_value_changes_nothing(run, seeded):
    out = ok(run("customer", "edit", "C001", "--credit-limit", "10000"))
    assert "nothing changed" in out


def test_customer_edit_several_fields(run, seeded):
    ok(
        run(
            "customer",
            "edit",
            "C003",
            "--name",
            "Cafetería Ávila Centro",
            "--city",
            "Ávila",
            "--salesperson",
            "V02",
        )
    )
    shown = ok_json(run("customer", "show", "C003", "--json"))
    assert (shown["name"], shown["city"], shown["salesperson"]) == ("Cafetería Ávila Centro", "Ávila", "V02")


def test_customer_edit_without_fields_is_refused(run, seeded):
    data_error(run("customer", "edit", "C001"), "options")


def test_customer_edit_unknown_customer(run, seeded):
    data_error(run("customer", "edit", "C999", "--name", "Ghost"), "customer", "C999")


@pytest.mark.parametrize(
    ("options", "field", "value"),
    [
        (["--tier", "X"], "tier", "X"),
        (["--credit-limit", "abc"], "credit_limit", "abc"),
        (["--salesperson", "V77"], "salesperson", "V77"),
    ],
)
def test_customer_edit_refuses_bad_values(run, seeded, options, field, value):
    data_error(run("customer", "edit", "C001", *options), field, value)


# --------------------------------------------------------------------------- customer show


def test_customer_show_json(run, seeded):
    shown = ok_json(run("customer", "show", "C001", "--json"))
    assert isinstance(shown, dict)
    assert shown["code"] == "C001"
    assert shown["balance"] == "120.00"  # 100 + 50 − 30
    assert shown["overdue"] == "120.00"  # both due before 2026-11-28
    assert shown["unapplied"] == "0.00"
    assert shown["open_orders"] == "200.00"
    for key in ("balance", "overdue", "unapplied", "open_orders", "credit_limit"):
        assert is_money(shown[key]), (key, shown[key])
    invoices = shown["recent_invoices"]
    assert [i["number"] for i in invoices] == ["F2", "F1"]
    assert invoices[0] == {
        "number": "F2",
        "date": "2026-10-01",
        "due_date": "2026-10-31",
        "amount": "50.00",
        "open_amount": "50.00",
    }
    assert invoices[1]["open_amount"] == "70.00"  # the payment went to the oldest
    assert shown["recent_payments"] == [
        {"number": "P1", "date": "2026-10-15", "due_date": None, "amount": "30.00", "open_amount": None}
    ]


def test_customer_show_human(run, seeded):
    out = ok(run("customer", "show", "C001"))
    for text in ("C001", "Acme Distribuciones", "Lucía Fernández", "€120.00", "F1", "F2", "P1", "30 days"):
        assert text in out


def test_customer_show_unknown(run, seeded):
    data_error(run("customer", "show", "NOPE"), "customer", "NOPE")
    data_error(run("customer", "show", "NOPE", "--json"), "customer", "NOPE")


# --------------------------------------------------------------------------- customer list


def test_customer_list_json(run, seeded):
    rows = ok_json(run("customer", "list", "--json"))
    assert isinstance(rows, list)
    assert codes(rows) == ["C001", "C002", "C003"]
    first = rows[0]
    assert first["name"] == "Acme Distribuciones S.L."
    assert first["salesperson"] == "V01"
    assert first["balance"] == "120.00"
    assert all(is_money(r["balance"]) for r in rows)


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("sol", ["C002"]),
        ("SOL", ["C002"]),
        ("V01", ["C001", "C003"]),
        ("Moreno", ["C002"]),
        ("getafe", ["C003"]),
        ("c00", ["C001", "C002", "C003"]),
        ("zzz", []),
    ],
)
def test_customer_list_search(run, seeded, search, expected):
    assert codes(ok_json(run("customer", "list", "--search", search, "--json"))) == expected
    assert codes(ok_json(run("customer", "list", "-s", search, "--json"))) == expected


def test_customer_list_limit_offset(run, seeded):
    assert codes(ok_json(run("customer", "list", "--limit", "2", "--json"))) == ["C001", "C002"]
    assert codes(ok_json(run("customer", "list", "--limit", "2", "--offset", "2", "--json"))) == ["C003"]
    assert codes(ok_json(run("customer", "list", "--offset", "1", "--json"))) == ["C002", "C003"]
    assert ok_json(run("customer", "list", "--offset", "5", "--json")) == []


def test_customer_list_bad_limit_is_a_usage_error(run, seeded):
    usage_error(run("customer", "list", "--limit", "0"), "--limit")
    usage_error(run("customer", "list", "--limit", "many"), "--limit")
    usage_error(run("customer", "list", "--offset", "-1"), "--offset")


def test_customer_list_human(run, seeded):
    out = ok(run("customer", "list"))
    for text in ("C001", "C002", "C003", "€120.00"):
        assert text in out


def test_customer_list_on_an_empty_database(run):
    assert ok_json(run("customer", "list", "--json")) == []


# --------------------------------------------------------------------------- salesperson, territory, group


def test_salesperson_add_and_list(run, seeded):
    ok(
        run(
            "salesperson",
            "add",
            "V03",
            "--name",
            "Marta Ruiz",
            "--email",
            "marta@x.es",
            "--phone",
            "600 111 222",
            "--territory",
            "MAD",
            "--hire-date",
            "15/01/2024",
            "--status",
            "on_leave",
        )
    )
    rows = ok_json(run("salesperson", "list", "--json"))
    assert codes(rows) == ["V01", "V02", "V03"]
    assert rows[2] == {
        "code": "V03",
        "name": "Marta Ruiz",
        "email": "marta@x.es",
        "phone": "600 111 222",
        "territory": "MAD",
        "hire_date": "2024-01-15",
        "status": "on_leave",
        "role": "sales_rep",
    }
    assert is_iso_date(rows[0]["hire_date"])
    assert "Marta Ruiz" in ok(run("salesperson", "list"))


@pytest.mark.parametrize(
    ("options", "field", "value"),
    [
        (["--status", "retired"], "status", "retired"),
        (["--email", "x"], "email", "x"),
        (["--territory", "XX"], "territory", "XX"),
        (["--hire-date", "2024-02-30"], "hire_date", "2024-02-30"),
    ],
)
def test_salesperson_add_refuses(run, seeded, options, field, value):
    data_error(run("salesperson", "add", "V04", "--name", "N", *options), field, value)
    assert "V04" not in codes(ok_json(run("salesperson", "list", "--json")))


def test_salesperson_add_duplicate(run, seeded):
    data_error(run("salesperson", "add", "V01", "--name", "Again"), "code", "V01")


def test_salesperson_add_without_name(run, seeded):
    usage_error(run("salesperson", "add", "V05"), "--name")


def test_territory_add_and_list(run, seeded):
    ok(run("territory", "add", "GUA", "--name", "Guadalajara", "--parent", "CEN"))
    ok(run("territory", "add", "NOR", "--name", "Norte"))
    rows = ok_json(run("territory", "list", "--json"))
    by_code = {r["code"]: r for r in rows}
    assert by_code["GUA"] == {"code": "GUA", "name": "Guadalajara", "parent": "CEN"}
    assert by_code["NOR"]["parent"] is None
    assert by_code["MAD"]["parent"] == "CEN"
    assert codes(rows) == sorted(codes(rows))


def test_territory_add_unknown_parent(run, seeded):
    data_error(run("territory", "add", "X1", "--name", "X", "--parent", "NOPE"), "parent", "NOPE")
    assert "X1" not in codes(ok_json(run("territory", "list", "--json")))


def test_territory_add_duplicate(run, seeded):
    data_error(run("territory", "add", "MAD", "--name", "Madrid 2"), "code", "MAD")


def test_group_add_and_list(run, seeded):
    ok(run("group", "add", "RET", "--name", "Retail"))
    rows = ok_json(run("group", "list", "--json"))
    assert rows == [
        {"code": "DIST", "name": "Distribuidores"},
        {"code": "HOR", "name": "Hostelería"},
        {"code": "RET", "name": "Retail"},
    ]
    assert "Retail" in ok(run("group", "list"))


def test_group_add_refuses(run, seeded):
    data_error(run("group", "add", "DIST", "--name", "Again"), "code", "DIST")
    data_error(run("group", "add", "A B", "--name", "Space"), "code", "A B")
    data_error(run("group", "add", "NEW", "--name", "  "), "name")


# --------------------------------------------------------------------------- product


def test_product_add_and_list(run, seeded):
    ok(
        run(
            "product",
            "add",
            "P03",
            "--name",
            "Bomba de calor",
            "--line",
            "Clima",
            "--price",
            "1,234.50",
            "--max-discount",
            "12,5",
            "--needs-installation",
        )
    )
    rows = {r["code"]: r for r in ok_json(run("product", "list", "--json"))}
    assert rows["P03"] == {
        "code": "P03",
        "name": "Bomba de calor",
        "product_line": "Clima",
        "list_price": "1234.50",
        "max_discount": "12.50",
        "needs_installation": True,
    }
    assert rows["P01"]["list_price"] == "899.00" and rows["P01"]["max_discount"] == "10.00"
    assert rows["P02"]["needs_installation"] is False
    assert all(is_money(r["list_price"]) for r in rows.values())
    assert "Bomba de calor" in ok(run("product", "list"))


@pytest.mark.parametrize(
    ("options", "field", "value"),
    [
        (["--max-discount", "101"], "max_discount", "101"),
        (["--max-discount", "-1"], "max_discount", "-1"),
        (["--price", "abc"], "list_price", "abc"),
        (["--price", "1.999"], "list_price", "1.999"),
    ],
)
def test_product_add_refuses(run, seeded, options, field, value):
    data_error(run("product", "add", "P09", "--name", "X", *options), field, value)
    assert "P09" not in codes(ok_json(run("product", "list", "--json")))


def test_product_add_duplicate(run, seeded):
    data_error(run("product", "add", "P01", "--name", "Again"), "code", "P01")


# --------------------------------------------------------------------------- order


def test_order_add_and_list(run, seeded):
    out = ok(run("order", "add", "O2", "--customer", "C002", "--amount", "75,5", "--date", "2026-11-01"))
    assert "O2" in out and "€75.50" in out
    ok(
        run(
            "order",
            "add",
            "O3",
            "--customer",
            "C001",
            "--amount",
            "10",
            "--status",
            "invoiced",
            "--date",
            "01/11/2026",
            "--salesperson",
            "V02",
        )
    )
    rows = ok_json(run("order", "list", "--json"))
    assert [r["number"] for r in rows] == ["O1", "O3", "O2"]  # newest first, then number descending
    by_number = {r["number"]: r for r in rows}
    assert by_number["O2"] == {
        "number": "O2",
        "customer": "C002",
        "salesperson": "V02",
        "date": "2026-11-01",
        "amount": "75.50",
        "status": "open",
    }
    assert by_number["O1"]["date"] == "2026-11-28"  # default: today
    assert by_number["O3"]["salesperson"] == "V02"
    assert all(is_money(r["amount"]) and is_iso_date(r["date"]) for r in rows)


def test_order_list_filters(run, seeded):
    ok(run("order", "add", "O2", "--customer", "C002", "--amount", "10", "--status", "cancelled"))
    assert [r["number"] for r in ok_json(run("order", "list", "--status", "open", "--json"))] == ["O1"]
    assert [r["number"] for r in ok_json(run("order", "list", "--status", "CANCELLED", "--json"))] == ["O2"]
    assert ok_json(run("order", "list", "--status", "invoiced", "--json")) == []
    assert [r["number"] for r in ok_json(run("order", "list", "--customer", "C002", "--json"))] == ["O2"]
    assert len(ok_json(run("order", "list", "--limit", "1", "--json"))) == 1


def test_order_list_bad_status(run, seeded):
    data_error(run("order", "list", "--status", "shipped"), "status", "shipped")


@pytest.mark.parametrize(
    ("options", "field", "value"),
    [
        (["--status", "shipped"], "status", "shipped"),
        (["--amount", "ten"], "amount", "ten"),
        (["--customer", "C999"], "customer", "C999"),
        (["--date", "2026-02-30"], "date", "2026-02-30"),
        (["--salesperson", "V99"], "salesperson", "V99"),
    ],
)
def test_order_add_refuses(run, seeded, options, field, value):
    base = {"--customer": "C001", "--amount": "10"}
    args = ["order", "add", "O9"]
    given = dict(zip(options[::2], options[1::2], strict=True))
    for key, val in {**base, **given}.items():
        args += [key, val]
    data_error(run(*args), field, value)
    assert "O9" not in [r["number"] for r in ok_json(run("order", "list", "--json"))]


def test_order_add_duplicate(run, seeded):
    data_error(run("order", "add", "O1", "--customer", "C001", "--amount", "1"), "number", "O1")


def test_order_add_missing_amount(run, seeded):
    usage_error(run("order", "add", "O9", "--customer", "C001"), "--amount")


# --------------------------------------------------------------------------- invoice


def test_invoice_list_json(run, seeded):
    rows = ok_json(run("invoice", "list", "--json"))
    assert [r["number"] for r in rows] == ["F2", "F1"]
    for r in rows:
        assert set(r) >= {"number", "customer", "amount", "issue_date", "due_date", "salesperson"}
        assert is_money(r["amount"]) and is_iso_date(r["issue_date"]) and is_iso_date(r["due_date"])
    assert rows[1] == {
        "number": "F1",
        "customer": "C001",
        "salesperson": "V01",
        "issue_date": "2026-09-01",
        "due_date": "2026-10-01",
        "amount": "100.00",
    }


def test_invoice_add_default_due_date_uses_customer_terms(run, seeded):
    out = ok(run("invoice", "add", "F3", "--customer", "C002", "--amount", "100", "--date", "2026-11-01"))
    assert "F3" in out and "€100.00" in out
    row = next(r for r in ok_json(run("invoice", "list", "--json")) if r["number"] == "F3")
    assert row["due_date"] == "2026-12-31"  # C002 has 60 days
    assert row["amount"] == "100.00"
    assert row["salesperson"] == "V02"  # the customer's


def test_invoice_add_defaults_to_today(run, seeded):
    ok(run("invoice", "add", "F4", "--customer", "C001", "--amount", "10"))
    row = next(r for r in ok_json(run("invoice", "list", "--json")) if r["number"] == "F4")
    assert row["issue_date"] == "2026-11-28"
    assert row["due_date"] == (date(2026, 11, 28) + timedelta(days=30)).isoformat()


def test_invoice_add_explicit_due_date_and_day_first_dates(run, seeded):
    ok(
        run(
            "invoice",
            "add",
            "F5",
            "--customer",
            "C001",
            "--amount",
            "10",
            "--date",
            "01/11/2026",
            "--due",
            "15/11/2026",
        )
    )
    row = next(r for r in ok_json(run("invoice", "list", "--json")) if r["number"] == "F5")
    assert (row["issue_date"], row["due_date"]) == ("2026-11-01", "2026-11-15")


def test_invoice_add_due_before_issue(run, seeded):
    data_error(
        run(
            "invoice",
            "add",
            "F6",
            "--customer",
            "C001",
            "--amount",
            "10",
            "--date",
            "2026-11-10",
            "--due",
            "2026-11-09",
        ),
        "due_date",
        "2026-11-09",
    )


def test_invoice_add_negative_is_a_credit_note(run, seeded):
    ok(run("invoice", "add", "NC1", "--customer", "C001", "--amount", "-20", "--date", "2026-11-02"))
    row = next(r for r in ok_json(run("invoice", "list", "--json")) if r["number"] == "NC1")
    assert row["amount"] == "-20.00"
    shown = ok_json(run("customer", "show", "C001", "--json"))
    assert shown["balance"] == "100.00"
    assert {i["number"]: i["open_amount"] for i in shown["recent_invoices"]}["F1"] == "50.00"


@pytest.mark.parametrize(
    ("options", "field", "value"),
    [
        (["--amount", "0"], "amount", "0"),
        (["--amount", "0,00"], "amount", "0,00"),
        (["--amount", "x"], "amount", "x"),
        (["--customer", "C999"], "customer", "C999"),
        (["--date", "yesterday"], "issue_date", "yesterday"),
        (["--due", "2026-13-01"], "due_date", "2026-13-01"),
        (["--salesperson", "V99"], "salesperson", "V99"),
    ],
)
def test_invoice_add_refuses(run, seeded, options, field, value):
    base = {"--customer": "C001", "--amount": "10"}
    given = dict(zip(options[::2], options[1::2], strict=True))
    args = ["invoice", "add", "F9"]
    for key, val in {**base, **given}.items():
        args += [key, val]
    data_error(run(*args), field, value)
    assert "F9" not in [r["number"] for r in ok_json(run("invoice", "list", "--json"))]


def test_invoice_add_duplicate(run, seeded):
    data_error(run("invoice", "add", "F1", "--customer", "C001", "--amount", "1"), "number", "F1")


def test_invoice_list_filters(run, seeded):
    ok(run("invoice", "add", "F3", "--customer", "C002", "--amount", "5", "--date", "2026-11-01"))
    assert [r["number"] for r in ok_json(run("invoice", "list", "--customer", "C002", "--json"))] == ["F3"]
    assert [
        r["number"]
        for r in ok_json(run("invoice", "list", "--from", "2026-10-01", "--to", "2026-10-31", "--json"))
    ] == ["F2"]
    assert [
        r["number"] for r in ok_json(run("invoice", "list", "--limit", "1", "--offset", "1", "--json"))
    ] == ["F2"]
    data_error(run("invoice", "list", "--from", "bad"), "--from", "bad")
    data_error(run("invoice", "list", "--customer", "C999"), "customer", "C999")
    assert "F1" in ok(run("invoice", "list"))


# --------------------------------------------------------------------------- payment


def test_payment_add_applies_to_named_invoice_then_oldest(run, seeded):
    # C001: F1 100 (70 open after P1), F2 50.
    result = ok_json(
        run("payment", "add", "P2", "--customer", "C001", "--amount", "60", "--invoice", "F2", "--json")
    )
    assert result["reference"] == "P2"
    assert result["customer"] == "C001"
    assert result["amount"] == "60.00"
    assert result["invoice"] == "F2"
    assert result["date"] == "2026-11-28"
    assert result["applied"] == [{"invoice": "F2", "amount": "50.00"}, {"invoice": "F1", "amount": "10.00"}]
    assert result["unapplied"] == "0.00"
    shown = ok_json(run("customer", "show", "C001", "--json"))
    assert shown["balance"] == "60.00"
    assert {i["number"]: i["open_amount"] for i in shown["recent_invoices"]} == {"F1": "60.00", "F2": "0.00"}


def test_payment_add_without_invoice_goes_oldest_first_and_keeps_excess(run, seeded):
    result = ok_json(run("payment", "add", "P3", "--customer", "C001", "--amount", "150,25", "--json"))
    assert result["invoice"] is None
    assert result["applied"] == [{"invoice": "F1", "amount": "70.00"}, {"invoice": "F2", "amount": "50.00"}]
    assert result["unapplied"] == "30.25"
    shown = ok_json(run("customer", "show", "C001", "--json"))
    assert (shown["balance"], shown["unapplied"], shown["overdue"]) == ("-30.25", "30.25", "0.00")


def test_payment_add_human_output(run, seeded):
    out = ok(run("payment", "add", "P4", "--customer", "C003", "--amount", "25", "--date", "2026-11-20"))
    assert "P4" in out and "€25.00" in out
    assert "credit" in out  # C003 has no invoices: all of it is kept as credit


def test_payment_list(run, seeded):
    ok(
        run(
            "payment",
            "add",
            "P2",
            "--customer",
            "C001",
            "--amount",
            "5",
            "--invoice",
            "F2",
            "--date",
            "2026-11-01",
        )
    )
    rows = ok_json(run("payment", "list", "--json"))
    assert rows == [
        {"reference": "P2", "customer": "C001", "date": "2026-11-01", "amount": "5.00", "invoice": "F2"},
        {"reference": "P1", "customer": "C001", "date": "2026-10-15", "amount": "30.00", "invoice": None},
    ]
    assert ok_json(run("payment", "list", "--customer", "C002", "--json")) == []
    assert [r["reference"] for r in ok_json(run("payment", "list", "--to", "2026-10-31", "--json"))] == ["P1"]
    assert "P2" in ok(run("payment", "list"))


@pytest.mark.parametrize("amount", ["0", "-5", "0.00"])
def test_payment_add_refuses_zero_or_negative(run, seeded, amount):
    data_error(run("payment", "add", "P9", "--customer", "C001", "--amount", amount), "amount", amount)
    assert "P9" not in [r["reference"] for r in ok_json(run("payment", "list", "--json"))]


def test_payment_add_refuses_invoice_of_another_customer(run, seeded):
    ok(run("invoice", "add", "F3", "--customer", "C002", "--amount", "40"))
    data_error(
        run("payment", "add", "P9", "--customer", "C001", "--amount", "10", "--invoice", "F3"),
        "invoice",
        "F3",
    )
    assert ok_json(run("payment", "list", "--customer", "C001", "--json"))[0]["reference"] == "P1"


@pytest.mark.parametrize(
    ("options", "field", "value"),
    [
        (["--invoice", "F99"], "invoice", "F99"),
        (["--customer", "C999"], "customer", "C999"),
        (["--date", "32/01/2026"], "date", "32/01/2026"),
        (["--amount", "1.234"], "amount", "1.234"),
    ],
)
def test_payment_add_refuses(run, seeded, options, field, value):
    base = {"--customer": "C001", "--amount": "10"}
    given = dict(zip(options[::2], options[1::2], strict=True))
    args = ["payment", "add", "P9"]
    for key, val in {**base, **given}.items():
        args += [key, val]
    data_error(run(*args), field, value)


def test_payment_add_duplicate_reference(run, seeded):
    data_error(run("payment", "add", "P1", "--customer", "C001", "--amount", "10"), "reference", "P1")


# --------------------------------------------------------------------------- db, backup, restore


def test_db_version_json(run, seeded):
    info = ok_json(run("db", "version", "--json"))
    assert isinstance(info["database"], str) and isinstance(info["program"], str)
    assert info["database"] == info["program"]
    assert info["up_to_date"] is True
    out = ok(run("db", "version"))
    assert info["program"] in out


def test_db_upgrade_on_a_new_file_then_already_current(cli, tmp_path):
    path = tmp_path / "fresh.sqlite"
    info = ok_json(cli("--db", str(path), "db", "version", "--json"))
    assert info["database"] is None and info["up_to_date"] is False
    out = ok(cli("--db", str(path), "db", "upgrade"))
    assert info["program"] in out
    after = ok_json(cli("--db", str(path), "db", "version", "--json"))
    assert after == {"database": info["program"], "program": info["program"], "up_to_date": True}
    assert "Already" in ok(cli("--db", str(path), "db", "upgrade"))


def test_backup_then_restore(run, seeded, tmp_path, db_path):
    backup = tmp_path / "copies" / "backup.sqlite"
    out = ok(run("backup", str(backup)))
    assert str(backup) in out
    assert backup.read_bytes().startswith(b"SQLite format 3\x00")
    ok(run("customer", "add", "C100", "--name", "After backup"))
    assert "C100" in codes(ok_json(run("customer", "list", "--json")))
    seeded.dispose()
    out = ok(run("restore", str(backup), "--yes"))
    assert "restored" in out
    assert codes(ok_json(run("customer", "list", "--json"))) == ["C001", "C002", "C003"]
    kept = list(db_path.parent.glob(f"{db_path.stem}.before-restore-*"))
    assert len(kept) == 1
    assert str(kept[0].name) in out


def test_restore_without_yes_off_a_terminal_is_refused(run, seeded, tmp_path, monkeypatch, db_path):
    backup = tmp_path / "backup.sqlite"
    ok(run("backup", str(backup)))
    ok(run("customer", "add", "C100", "--name", "After backup"))
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))  # not a terminal, even if it says yes
    line = data_error(run("restore", str(backup)), "--yes")
    assert "C100" in codes(ok_json(run("customer", "list", "--json")))
    assert not list(db_path.parent.glob(f"{db_path.stem}.before-restore-*"))
    assert line


def test_restore_of_a_missing_or_bad_file(run, seeded, tmp_path):
    data_error(run("restore", str(tmp_path / "nope.sqlite"), "--yes"), "nope.sqlite")
    text = tmp_path / "notes.txt"
    text.write_text("hello\n")
    data_error(run("restore", str(text), "--yes"), "notes.txt")
    assert codes(ok_json(run("customer", "list", "--json"))) == ["C001", "C002", "C003"]


def test_backup_onto_the_database_itself_is_refused(run, seeded, db_path):
    data_error(run("backup", str(db_path)), "file")


# --------------------------------------------------------------------------- config


def test_config_set_and_show(cli, isolated_env):
    out = ok(cli("config", "set", "currency", "usd"))
    config = Path(isolated_env / "config" / "config.toml")
    assert str(config) in out
    assert 'currency = "USD"' in config.read_text()
    rows = ok_json(cli("config", "show", "--json"))
    values = {r["key"]: r["value"] for r in rows}
    assert values["currency"] == "USD"
    assert values["today"] == "2026-11-28"
    assert set(values) >= {"lang", "locale", "currency", "theme", "db", "today"}
    assert "USD" in ok(cli("config", "show"))


@pytest.mark.parametrize(
    ("key", "value"),
    [("lang", "xx"), ("currency", "ZZZ"), ("theme", "pink"), ("locale", "xx_YY")],
)
def test_config_set_refuses(cli, isolated_env, key, value):
    data_error(cli("config", "set", key, value), key, value)
    assert not (isolated_env / "config" / "config.toml").exists()


def test_config_set_unknown_key(cli, isolated_env):
    data_error(cli("config", "set", "colour", "red"), "key", "colour")
    assert not (isolated_env / "config" / "config.toml").exists()


def test_config_paths(cli, db_path, isolated_env):
    paths = ok_json(cli("--db", str(db_path), "config", "paths", "--json"))
    assert paths == {
        "config": str(isolated_env / "config" / "config.toml"),
        "database": str(db_path.resolve()),
    }
    out = ok(cli("--db", str(db_path), "config", "paths"))
    assert str(db_path.resolve()) in out


# --------------------------------------------------------------------------- root


def test_version(cli):
    code, out, err = cli("--version")
    assert code == 0
    assert out.strip() == f"salesdesk {__version__}"


def test_unknown_command(cli, db_path):
    usage_error(cli("--db", str(db_path), "nope"), "nope")
    usage_error(cli("--db", str(db_path), "customer", "frobnicate"), "frobnicate")


def test_unknown_option(cli, db_path):
    usage_error(cli("--db", str(db_path), "customer", "list", "--colour"), "--colour")


def test_bad_language_flag(cli, db_path):
    usage_error(cli("--lang", "xx", "--db", str(db_path), "customer", "list"), "--lang")


def test_database_path_that_is_a_text_file(cli, tmp_path):
    path = tmp_path / "notes.txt"
    original = b"these are my notes\nnot a database\n"
    path.write_bytes(original)
    line = data_error(cli("--db", str(path), "customer", "list"), "notes.txt")
    assert "SQLite" in line or "database" in line
    assert path.read_bytes() == original
    assert not list(tmp_path.glob("notes.txt-*"))  # no -wal or -shm beside it


def test_database_path_that_is_a_directory(cli, tmp_path):
    data_error(cli("--db", str(tmp_path), "customer", "list"), str(tmp_path))


def test_order_status_follows_the_table_and_keeps_history(run, seeded):
    from salesdesk.core.db import read_session
    from salesdesk.core.history import history

    code, out, err = run("order", "status", "O1", "invoiced", "--note", "shipped")
    assert code == 0, err
    assert "O1" in out and "invoiced" in out
    code, out, err = run("order", "status", "O1", "open")
    assert code == 1
    assert err.count("\n") == 1 and "invoiced" in err and "open" in err
    code, _out, err = run("order", "status", "NOPE", "cancelled")
    assert code == 1 and "NOPE" in err
    code, _out, err = run("order", "status", "O1", "shipped")
    assert code == 1 and "shipped" in err
    with read_session(seeded) as s:
        changes = history(s, entity="order", record="O1")
    assert [(c.old, c.new, c.note) for c in changes] == [("open", "invoiced", "shipped")]
