"""Reading real-world files and their values: encodings, delimiters, Excel quirks, number and date
conventions, booleans, header matching, .xlsx cells, and an export → import round trip.

Expected values are written out by hand (never computed with the code under test).
"""

from __future__ import annotations

import codecs
import tempfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from salesdesk.core.errors import DataError
from salesdesk.core.importing import reader, values
from salesdesk.core.importing.engine import Options, run_import
from salesdesk.core.importing.exporter import escape_text, write_rows
from salesdesk.core.importing.reader import Dialect, FileProblem, cell_text, detect, read_rows
from salesdesk.core.importing.spec import COMMON_ALIASES, header_key
from salesdesk.core.importing.values import Evidence, ValueProblem, parse_bool, parse_date, parse_number
from tests.conftest import NOW, TODAY

NBSP, NNBSP = "\u00a0", "\u202f"


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def rows_of(path: Path, **forced) -> list[tuple[int, list[str]]]:
    return list(read_rows(path, detect(path, **forced)))


def kinds():
    from salesdesk.rooms import import_kinds

    return import_kinds()


def customer(engine, code: str):
    from salesdesk.core.db import read_session
    from salesdesk.org.queries import customer_detail

    with read_session(engine) as s:
        return customer_detail(session=s, code=code, today=TODAY)


# --------------------------------------------------------------------------- 1. encodings

SPANISH = "Código;Población;Límite de crédito\r\nC1;Ávila;1.234,56\r\n"
SPANISH_ROWS = [(1, ["Código", "Población", "Límite de crédito"]), (2, ["C1", "Ávila", "1.234,56"])]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SPANISH.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SPANISH.encode("utf-8"), "utf-8-sig"),
        (SPANISH.encode("utf-16"), "utf-16"),  # Python writes the BOM (little-endian here)
        (codecs.BOM_UTF16_BE + SPANISH.encode("utf-16-be"), "utf-16"),
        (SPANISH.encode("cp1252"), "cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom", "cp1252"],
)
def test_encoding_is_detected_and_text_read_right(tmp_path, data, encoding):
    path = write_bytes(tmp_path / "clientes.csv", data)
    assert reader.detect_encoding(path) == encoding
    dialect = detect(path)
    assert (dialect.format, dialect.encoding, dialect.delimiter, dialect.skip) == ("csv", encoding, ";", 0)
    assert list(read_rows(path, dialect)) == SPANISH_ROWS


def test_forced_encoding_wins(tmp_path):
    path = write_bytes(tmp_path / "c.csv", "Población;Ciudad\nMálaga;X\n".encode())
    assert detect(path).encoding == "utf-8"
    dialect = detect(path, encoding="cp1252")
    assert dialect.encoding == "cp1252"
    assert list(read_rows(path, dialect)) == [(1, ["PoblaciÃ³n", "Ciudad"]), (2, ["MÃ¡laga", "X"])]


def test_unknown_forced_encoding_is_a_file_problem(tmp_path):
    path = write_bytes(tmp_path / "c.csv", b"a,b\n1,2\n")
    with pytest.raises(FileProblem, match="encoding"):
        detect(path, encoding="no-such-codec")


# --------------------------------------------------------------------------- 2. delimiters and layout


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["code,name,city\n", 'C1,"Hermanos García; S.L.",Madrid\n', "C2,Bar El Sol,Toledo\n"], ","),
        (
            ["Código;Nombre;Límite\n", 'C1;"Hermanos García, S.L.";"1.234,56"\n', "C2;Bar El Sol;12,5\n"],
            ";",
        ),
        (["Código;Nombre;Límite;Dto\n", "C1;Bar;1234,56;12,5\n", "C2;Café;99,90;7,25\n"], ";"),
        (["code\tname\tlimit\n", 'C1\t"Foo, S.A.; Bar|Baz"\t1.234,56\n', "C2\tBar\t10\n"], "\t"),
        (["code|name|amount\n", 'C1|"Foo, S.A."|1,234.56\n', "C2|Bar; y Café|12,5\n"], "|"),
    ],
    ids=["comma", "semicolon-quoted", "semicolon-decimal-commas", "tab", "pipe"],
)
def test_sniff_delimiter_on_realistic_samples(lines, expected):
    assert reader.sniff_delimiter(lines) == expected


def test_quoted_cells_keep_the_other_delimiters(tmp_path):
    text = 'Código;Nombre;Límite\n007;"Hermanos García, S.L.";"1.234,56"\n008;"Uno; Dos";"12,5"\n'
    path = write_bytes(tmp_path / "c.csv", text.encode())
    assert rows_of(path) == [
        (1, ["Código", "Nombre", "Límite"]),
        (2, ["007", "Hermanos García, S.L.", "1.234,56"]),
        (3, ["008", "Uno; Dos", "12,5"]),
    ]


def test_forced_delimiter_wins(tmp_path):
    path = write_bytes(tmp_path / "c.csv", b"a,b;c\n1,2;3\n4,5;6\n")
    assert detect(path).delimiter == ","
    assert rows_of(path, delimiter=";") == [(1, ["a,b", "c"]), (2, ["1,2", "3"]), (3, ["4,5", "6"])]


def test_excel_sep_line_sets_the_delimiter_and_is_not_the_header(tmp_path):
    path = write_bytes(tmp_path / "c.csv", b"sep=;\r\ncode;name\r\nC1;Ana, Luis\r\n")
    dialect = detect(path)
    assert (dialect.delimiter, dialect.skip) == (";", 1)
    assert list(read_rows(path, dialect)) == [(2, ["code", "name"]), (3, ["C1", "Ana, Luis"])]


def test_skip_lines_skips_a_report_preamble(tmp_path):
    text = (
        "Informe de clientes\n"
        "Generado el 28/11/2026; por Lucía\n"
        "\n"
        "Código;Nombre;Zona\n"
        "C1;Bar El Sol;MAD\n"
        "C2;Café, Té y más;TOL\n"
    )
    path = write_bytes(tmp_path / "c.csv", text.encode())
    dialect = detect(path, skip_lines=3)
    assert (dialect.delimiter, dialect.skip) == (";", 3)
    assert list(read_rows(path, dialect)) == [
        (4, ["Código", "Nombre", "Zona"]),
        (5, ["C1", "Bar El Sol", "MAD"]),
        (6, ["C2", "Café, Té y más", "TOL"]),
    ]


def test_blank_lines_and_trailing_empty_columns_are_dropped(tmp_path):
    text = "code;name;city;;\n\nC1;Ana;;;\n;;;;\n   \nC2;;Toledo;;\n\n"
    path = write_bytes(tmp_path / "c.csv", text.encode())
    assert rows_of(path) == [
        (1, ["code", "name", "city"]),
        (3, ["C1", "Ana"]),
        (6, ["C2", "", "Toledo"]),
    ]


TWO_LINE_CELL = b'code,name,notes\nC1,Ana,x\n\nC2,Luis,"Two\nlines"\nC3,Eva,y\n'


def test_rows_after_a_two_line_quoted_cell_keep_their_physical_lines(tmp_path):
    path = write_bytes(tmp_path / "c.csv", TWO_LINE_CELL)
    rows = rows_of(path)
    assert [cells for _line, cells in rows][2] == ["C2", "Luis", "Two\nlines"]
    assert [line for line, _cells in rows][:2] == [1, 2]
    assert rows[-1] == (6, ["C3", "Eva", "y"])


def test_a_row_with_a_two_line_quoted_cell_is_numbered_by_its_first_line(tmp_path):
    # The row starts on physical line 4 (where an editor shows "C2,Luis,...") and ends on line 5.
    path = write_bytes(tmp_path / "c.csv", TWO_LINE_CELL)
    assert [line for line, _cells in rows_of(path)] == [1, 2, 4, 6]


def test_unsupported_or_missing_files_are_file_problems(tmp_path):
    with pytest.raises(FileProblem, match="missing"):
        detect(tmp_path / "nope.csv")
    with pytest.raises(FileProblem, match="format"):
        detect(write_bytes(tmp_path / "c.pdf", b"%PDF"))


# --------------------------------------------------------------------------- 3. numbers


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("1.234,56", "es"), ("1,234.56", "en"), ("12,5", "es"), ("12.50", "en"), ("1.234", None),
        ("1,234", None), ("1234", None), ("1.234.567", "es"), ("1,234,567", "en"), ("€ 1.234,56", "es"),
        ("", None),
    ],
)  # fmt: skip
def test_number_evidence(text, evidence):
    assert values.number_evidence(text) == evidence


@pytest.mark.parametrize(
    ("text", "convention", "expected"),
    [
        ("1.234,56", "es", "1234.56"), ("1,234.56", "en", "1234.56"), ("1234.56", "en", "1234.56"),
        ("1234,56", "es", "1234.56"), ("-1234,56", "es", "-1234.56"), ("-1234.56", "en", "-1234.56"),
        ("(1.234,56)", "es", "-1234.56"), ("(1,234.56)", "en", "-1234.56"), ("1234,56-", "es", "-1234.56"),
        ("€ 1.234,56", "es", "1234.56"), ("1.234,56 €", "es", "1234.56"), ("$1,234.56", "en", "1234.56"),
        ("1.234,56 EUR", "es", "1234.56"), (f"1{NBSP}234,56", "es", "1234.56"),
        (f"1{NNBSP}234,56", "es", "1234.56"), (f"1{NBSP}234.56", "en", "1234.56"),
        ("1.234.567,89", "es", "1234567.89"), ("1,234,567.89", "en", "1234567.89"),
        ("1.234", "es", "1234"), ("1.234", "en", "1.234"), ("1,5", "es", "1.5"), ("0", "es", "0"),
        ("+12", "en", "12"),
    ],
)  # fmt: skip
def test_parse_number_in_each_convention(text, convention, expected):
    assert parse_number(text, convention) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "convention"),
    [
        ("1,234.56", "es"), ("1.234,56", "en"), ("1234.56", "es"), ("-1234,56", "en"), ("1.234.567,89", "en"),
        ("1,234,567.89", "es"), ("12,5", "en"), ("1.23.4", "es"), ("1,2,3", "en"), ("12a", "en"),
        ("abc", "es"), ("", "en"),
    ],
)  # fmt: skip
def test_parse_number_refuses_values_outside_the_convention(text, convention):
    with pytest.raises(ValueProblem):
        parse_number(text, convention)


def test_evidence_number_format_follows_the_majority():
    ev = Evidence()
    for text in ("1.234,56", "12,5", "1.234", "1234", "1,234.56"):
        ev.add_number(text)
    assert (ev.es, ev.en) == (2, 1)
    assert ev.number_format("en") == "es"
    assert Evidence().number_format("es") == "es"
    assert Evidence().number_format("en") == "en"


# --------------------------------------------------------------------------- 4. dates


@pytest.mark.parametrize(
    ("text", "fmt", "expected"),
    [
        ("2026-12-31", None, date(2026, 12, 31)),
        ("2026-12-31", "iso", date(2026, 12, 31)),
        ("31/12/2026", None, date(2026, 12, 31)),
        ("31-12-2026", "dmy", date(2026, 12, 31)),
        ("31.12.2026", "dmy", date(2026, 12, 31)),
        ("1/3/2019", "dmy", date(2019, 3, 1)),
        (" 05/01/2026 ", None, date(2026, 1, 5)),
        # Excel serials: day 1 = 1900-01-01 with the 1900 leap-year bug, so day 0 is 1899-12-30;
        # 45658 = 2025-01-01, + 365 = 46023 = 2026-01-01, + 364 = 46387 = 2026-12-31.
        ("46387", None, date(2026, 12, 31)),
        ("46387.0", "dmy", date(2026, 12, 31)),
        ("46023", "iso", date(2026, 1, 1)),
        ("45658", None, date(2025, 1, 1)),
    ],
)
def test_parse_date(text, fmt, expected):
    assert parse_date(text, fmt) == expected


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("31/02/2026", None), ("31/02/2026", "dmy"), ("2026-02-30", None), ("13/13/2026", None),
        ("2026/12/31", None), ("31/12/26", None), ("yesterday", None), ("", None),
        ("31/12/2026", "iso"), ("2026-12-31", "dmy"),  # a file's convention is not guessed per value
    ],
)  # fmt: skip
def test_parse_date_refuses_invalid_dates(text, fmt):
    with pytest.raises(ValueProblem):
        parse_date(text, fmt)


def test_evidence_date_format_decides_iso_or_dmy():
    iso, dmy, mixed, serial = Evidence(), Evidence(), Evidence(), Evidence()
    for text in ("2026-12-31", "2025-01-01", "46387"):
        iso.add_date(text)
    for text in ("31/12/2026", "01.02.2025", "46387"):
        dmy.add_date(text)
    for text in ("2026-12-31", "31/12/2026", "01/01/2027"):
        mixed.add_date(text)
    serial.add_date("46387")
    serial.add_date("not a date")
    assert (iso.iso, iso.dmy, iso.serial) == (2, 0, 1)
    assert iso.date_format() == "iso"
    assert dmy.date_format() == "dmy"
    assert mixed.date_format() == "dmy"  # most dates decide; the others are then row errors
    tie = Evidence()
    tie.add_date("2026-12-31")
    tie.add_date("31/12/2026")
    assert tie.date_format() == "iso"
    assert Evidence().date_format() is None
    assert serial.date_format() is None
    assert parse_date("01.02.2025", dmy.date_format()) == date(2025, 2, 1)


# --------------------------------------------------------------------------- 5. booleans


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sí", True), ("SÍ", True), ("Sí", True), ("si", True), ("SI", True), ("yes", True),
        ("YES", True), ("true", True), ("True", True), ("1", True), (" x ", True),
        ("no", False), ("NO", False), ("No", False), ("false", False), ("FALSE", False), ("0", False),
    ],
)  # fmt: skip
def test_parse_bool(text, expected):
    assert parse_bool(text) is expected


@pytest.mark.parametrize("text", ["maybe", "2", "sip", "nope", "-1", "oui"])
def test_parse_bool_refuses_other_words(text):
    with pytest.raises(ValueProblem):
        parse_bool(text)


# --------------------------------------------------------------------------- 6. headers


def test_header_key_folds_case_accents_and_punctuation():
    assert header_key("Nº Factura") == header_key("nº factura") == "nofactura"
    assert header_key("Límite de crédito") == "limitedecredito"
    assert header_key("  LÍMITE_DE-CRÉDITO ") == "limitedecredito"
    assert header_key("e-mail") == "email"


def test_spanish_headers_match_customer_fields_through_aliases():
    customers = kinds()["customers"]
    assert "límite de crédito" in COMMON_ALIASES["credit_limit"]
    keys = customers.field("credit_limit").header_keys()
    assert {"creditlimit", "limitedecredito", "riesgoconcedido"} <= keys
    for header, name in [
        ("Límite de crédito", "credit_limit"), ("LIMITE DE CREDITO", "credit_limit"),
        ("credit limit", "credit_limit"), ("Código", "code"), ("Población", "city"), ("Categoría", "tier"),
        ("Plazo de pago", "payment_terms_days"), ("Cliente desde", "customer_since"), ("NIF", "tax_id"),
        ("Zona", "territory"), ("Vendedor", "salesperson"),
    ]:  # fmt: skip
        assert header_key(header) in customers.field(name).header_keys(), header
    assert header_key("Población") not in customers.field("credit_limit").header_keys()


# --------------------------------------------------------------------------- 7. xlsx


def make_book(path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Clientes"
    sheet.append(["Código", "Nombre", "Cliente desde", "Plazo", "Límite", "Ref"])
    sheet.append(["C1", "Bar El Sol", datetime(2026, 11, 28), 30, 1234.5, "00123"])
    sheet["F2"].number_format = "@"
    # row 3 blank; column H holds only blanks, so every row has trailing empty cells
    sheet["H3"] = "   "
    sheet.append([])
    sheet.append(["C2", "Café, Té; y más", date(2025, 1, 1), 0, 0.1, "007", None, ""])
    other = book.create_sheet("Otra")
    other.append(["code", "name"])
    other.append(["X9", "En otra hoja"])
    book.save(path)
    return path


def test_xlsx_rows_as_text(tmp_path):
    path = make_book(tmp_path / "clientes.xlsx")
    dialect = detect(path)
    assert dialect == Dialect("xlsx")
    assert list(read_rows(path, dialect)) == [
        (1, ["Código", "Nombre", "Cliente desde", "Plazo", "Límite", "Ref"]),
        (2, ["C1", "Bar El Sol", "2026-11-28", "30", "1234.5", "00123"]),
        (5, ["C2", "Café, Té; y más", "2025-01-01", "0", "0.1", "007"]),
    ]


def test_xlsx_sheet_and_skip_lines(tmp_path):
    path = make_book(tmp_path / "clientes.xlsx")
    other = [(1, ["code", "name"]), (2, ["X9", "En otra hoja"])]
    assert list(read_rows(path, detect(path, sheet="Otra"))) == other
    first = (2, ["C1", "Bar El Sol", "2026-11-28", "30", "1234.5", "00123"])
    assert list(read_rows(path, detect(path, skip_lines=1)))[0] == first


def test_xlsx_missing_sheet_is_a_file_problem(tmp_path):
    path = make_book(tmp_path / "clientes.xlsx")
    with pytest.raises(FileProblem, match="sheet:Nope"):
        list(read_rows(path, detect(path, sheet="Nope")))


def test_broken_xlsx_is_a_file_problem(tmp_path):
    path = write_bytes(tmp_path / "c.xlsx", b"not a zip file")
    with pytest.raises(FileProblem, match="xlsx"):
        list(read_rows(path, detect(path)))


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""), (True, "yes"), (False, "no"), (datetime(2026, 11, 28), "2026-11-28"),
        (datetime(2026, 11, 28, 9, 30), "2026-11-28 09:30:00"), (date(2026, 12, 31), "2026-12-31"),
        (7, "7"), (1234.5, "1234.5"), (2.0, "2"), (0.1, "0.1"), (1e16, "10000000000000000"),
        (999999999.99, "999999999.99"), ("00123", "00123"),
    ],
)  # fmt: skip
def test_cell_text(value, text):
    assert cell_text(value) == text


# --------------------------------------------------------------------------- 8. through the engine

SPANISH_HEADER = "Código;Nombre;NIF;Zona;Vendedor;Categoría;Plazo de pago;Límite de crédito;Población;" + (
    "Cliente desde"
)


def test_spanish_excel_customers_file_imports_exact_values(seeded, tmp_path):
    lines = [
        SPANISH_HEADER,
        "007;Hermanos García, S.L.;B12345678;MAD;V01;A;60;15.000,50;Ávila;01/03/2019",
        "C010;Ferretería Núñez;B87654321;TOL;V02;b;30;2.500,00;Toledo;15/11/2021",
        "C011;Bar Ávila;;MAD;;C;;1.234,56;Getafe;31/12/2025",
        "C001;Acme Distribuciones S.L.;B11111111;MAD;V01;A;30;12.000,00;Madrid;",
    ]
    path = write_bytes(tmp_path / "clientes.csv", "\r\n".join(lines).encode("cp1252") + b"\r\n")
    result = run_import(seeded, kinds(), [("customers", path)], Options(), now=NOW)
    assert [str(e) for e in result.errors] == []
    assert result.committed
    (kind,) = result.kinds
    assert (kind.created, kind.updated, kind.unchanged, kind.rejected, kind.rows) == (3, 1, 0, 0, 4)
    assert kind.dialect == "cp1252, semicolon, es numbers, dmy dates"

    c = customer(seeded, "007")
    assert (c.code, c.name, c.tax_id, c.territory, c.salesperson) == (
        "007", "Hermanos García, S.L.", "B12345678", "MAD", "V01"
    )  # fmt: skip
    assert (c.tier, c.terms_days, c.city, c.customer_since) == ("A", 60, "Ávila", date(2019, 3, 1))
    assert c.credit_limit == Decimal("15000.50")
    c = customer(seeded, "C010")
    assert (c.tier, c.credit_limit, c.customer_since) == ("B", Decimal("2500.00"), date(2021, 11, 15))
    c = customer(seeded, "C011")
    assert (c.credit_limit, c.customer_since, c.salesperson, c.terms_days) == (
        Decimal("1234.56"), date(2025, 12, 31), None, 30
    )  # fmt: skip
    c = customer(seeded, "C001")
    assert (c.credit_limit, c.tax_id, c.tier) == (Decimal("12000.00"), "B11111111", "A")
    with pytest.raises(DataError):  # the leading zeros are part of the code
        customer(seeded, "7")


def test_blank_optional_text_cell_when_updating_an_existing_customer(seeded, tmp_path):
    # C001 exists with tax_id "" (NOT NULL); a Spanish export with an empty NIF must not crash the import.
    lines = ["Código;Nombre;NIF;Límite de crédito", "C001;Acme Distribuciones S.L.;;12.000,00"]
    path = write_bytes(tmp_path / "clientes.csv", "\r\n".join(lines).encode("cp1252") + b"\r\n")
    result = run_import(seeded, kinds(), [("customers", path)], Options(), now=NOW)
    assert [str(e) for e in result.errors] == []
    assert result.committed and result.kinds[0].updated == 1
    c = customer(seeded, "C001")
    assert (c.credit_limit, c.tax_id) == (Decimal("12000.00"), "")


def mixed_file(tmp_path: Path) -> Path:
    lines = ["Código;Nombre;Límite de crédito", "C20;Uno;1.234,56", "C21;Dos;2.000,00", ""]
    lines += ["C22;Tres;1,234.56", "C23;Cuatro;15,5"]  # line 5 is the only "en" number
    return write_bytes(tmp_path / "clientes.csv", "\n".join(lines).encode("utf-8") + b"\n")


def test_mixed_number_conventions_reject_the_minority_rows(seeded, tmp_path):
    path = mixed_file(tmp_path)
    result = run_import(seeded, kinds(), [("customers", path)], Options(), now=NOW)
    assert not result.committed
    assert result.error_count == 1
    (error,) = result.errors
    assert (error.file, error.line, error.column) == (str(path), 5, "Límite de crédito")
    assert str(error) == (
        f"{path}:5: column 'Límite de crédito': is not a number in this file's format (1.234,56)"
        " (value '1,234.56')"
    )
    assert str(path) in str(error) and ":5:" in str(error) and "column 'Límite de crédito'" in str(error)
    with pytest.raises(DataError):  # nothing was written
        customer(seeded, "C20")


def test_mixed_number_conventions_with_skip_invalid_store_only_the_valid_rows(seeded, tmp_path):
    path = mixed_file(tmp_path)
    result = run_import(seeded, kinds(), [("customers", path)], Options(skip_invalid=True), now=NOW)
    assert result.committed
    assert (result.kinds[0].created, result.kinds[0].rejected) == (3, 1)
    assert customer(seeded, "C20").credit_limit == Decimal("1234.56")
    assert customer(seeded, "C21").credit_limit == Decimal("2000.00")
    assert customer(seeded, "C23").credit_limit == Decimal("15.50")
    with pytest.raises(DataError):  # never stored as 1.23456 or 1234.56
        customer(seeded, "C22")


def test_numbers_follow_the_files_evidence(seeded, tmp_path):
    # "1.250" and "2.500" fit both conventions; "7,5" proves decimal commas, so they are thousands.
    lines = ["code;name;credit_limit", "C30;Uno;1.250", "C31;Dos;2.500", "C32;Tres;7,5"]
    path = write_bytes(tmp_path / "customers.csv", "\n".join(lines).encode() + b"\n")
    result = run_import(seeded, kinds(), [("customers", path)], Options(), now=NOW)
    assert [str(e) for e in result.errors] == []
    assert result.committed and result.kinds[0].created == 3
    assert [customer(seeded, c).credit_limit for c in ("C30", "C31", "C32")] == [
        Decimal("1250.00"), Decimal("2500.00"), Decimal("7.50")
    ]  # fmt: skip


def test_forced_number_format_wins_over_the_evidence(seeded, tmp_path):
    # The values say "es" (two to one), but the user forces "en".
    lines = ["code;name;credit_limit", "C30;A;1,250", "C31;B;1.234,56", "C32;C;99,9", "C33;D;1,234.50"]
    path = write_bytes(tmp_path / "customers.csv", "\n".join(lines).encode() + b"\n")
    options = Options(number_format="en", skip_invalid=True)
    result = run_import(seeded, kinds(), [("customers", path)], options, now=NOW)
    message = "column 'credit_limit': is not a number in this file's format (1,234.56)"
    assert [str(e) for e in result.errors] == [
        f"{path}:3: {message} (value '1.234,56')",
        f"{path}:4: {message} (value '99,9')",
    ]
    assert result.kinds[0].dialect.endswith("en numbers")
    assert (result.kinds[0].created, result.kinds[0].rejected) == (2, 2)
    assert customer(seeded, "C30").credit_limit == Decimal("1250.00")
    assert customer(seeded, "C33").credit_limit == Decimal("1234.50")


def test_default_number_format_applies_only_when_values_do_not_decide(seeded, tmp_path):
    lines = ["code,name,credit_limit", "C40,Uno,1.500", "C41,Dos,2.250"]
    path = write_bytes(tmp_path / "customers.csv", "\n".join(lines).encode() + b"\n")
    result = run_import(seeded, kinds(), [("customers", path)], Options(default_number_format="es"), now=NOW)
    assert result.committed
    assert customer(seeded, "C40").credit_limit == Decimal("1500.00")
    assert customer(seeded, "C41").credit_limit == Decimal("2250.00")


def test_exported_formula_guard_is_stripped_on_import(seeded, tmp_path):
    names = ["=SUM(A1)", "+34 Bar", "-Guion", "@arroba", "'sin fórmula", "Normal"]
    escaped = ["'=SUM(A1)", "'+34 Bar", "'-Guion", "'@arroba", "''sin fórmula", "Normal"]
    assert [escape_text(n) for n in names] == escaped
    path = tmp_path / "customers.csv"
    write_rows(path, ["code", "name"], [[f"F{i}", escape_text(n)] for i, n in enumerate(names)], dialect="en")
    result = run_import(seeded, kinds(), [("customers", path)], Options(), now=NOW)
    assert result.committed
    assert [customer(seeded, f"F{i}").name for i in range(len(names))] == names


def test_name_starting_with_apostrophe_and_formula_sign_survives_a_round_trip(seeded, tmp_path):
    # escape_text leaves "'=x" alone, and the importer then strips its apostrophe: "'=x" comes back "=x".
    names = ["'=x", "'+34", "'-", "'@home"]
    path = tmp_path / "customers.csv"
    write_rows(path, ["code", "name"], [[f"A{i}", escape_text(n)] for i, n in enumerate(names)], dialect="en")
    result = run_import(seeded, kinds(), [("customers", path)], Options(), now=NOW)
    assert result.committed
    assert [customer(seeded, f"A{i}").name for i in range(len(names))] == names


# --------------------------------------------------------------------------- 9. round trip property

_NAME_CHARS = st.characters(categories=("L", "M", "N", "P", "S", "Zs"))
_names = st.builds(
    lambda prefix, body: (prefix + body).strip(),
    st.sampled_from(["", "=", "+", "-", "@", "'", '"', ";"]),
    st.text(_NAME_CHARS, max_size=30) | st.sampled_from(["García, S.L.", 'Bar "El Sol"; Toledo', "Ávila"]),
).filter(lambda n: n != "" and not (n[0] == "'" and n[1:2] in ("=", "+", "-", "@")))
# (a name such as "'=x" is covered, and known to fail, by the explicit test above)

_records = st.lists(
    st.fixed_dictionaries(
        {
            "code": st.from_regex(r"[A-Z0-9]{1,8}", fullmatch=True),
            "name": _names,
            "credit_limit": st.integers(0, 10**11).map(lambda cents: Decimal(cents).scaleb(-2)),
            "customer_since": st.dates(date(1990, 1, 1), date(2030, 12, 31)),
            "tier": st.sampled_from(["A", "B", "C"]),
        }
    ),
    max_size=40,
    unique_by=lambda r: r["code"],
)


def _file_row(r: dict, dialect: str, xlsx: bool) -> list:
    """A record as the exporter writes it (money/date per dialect, text guarded against formulas)."""
    if xlsx:
        money, since = float(r["credit_limit"]), r["customer_since"]
    elif dialect == "es":
        money, since = f"{r['credit_limit']:.2f}".replace(".", ","), r["customer_since"].strftime("%d/%m/%Y")
    else:
        money, since = f"{r['credit_limit']:.2f}", r["customer_since"].isoformat()
    return [escape_text(r["code"]), escape_text(r["name"]), money, since, escape_text(r["tier"])]


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(records=_records, dialect=st.sampled_from(["en", "es"]), suffix=st.sampled_from([".csv", ".xlsx"]))
def test_exported_customers_import_back_equal(records, dialect, suffix):
    from salesdesk.core.db import open_database, sqlite_url
    from salesdesk.org.models import Customer

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"customers{suffix}"
        header = ["code", "name", "credit_limit", "customer_since", "tier"]
        rows = [_file_row(r, dialect, suffix == ".xlsx") for r in records]
        assert write_rows(path, header, rows, dialect=dialect) == len(records)
        engine = open_database(sqlite_url(Path(folder) / "db.sqlite"))
        try:
            result = run_import(engine, kinds(), [("customers", path)], Options(), now=NOW)
            assert [str(e) for e in result.errors] == []
            assert result.committed
            assert result.kinds[0].created == len(records)
            t = Customer.__table__
            with engine.connect() as conn:
                columns = (t.c.code, t.c.name, t.c.credit_limit, t.c.customer_since, t.c.tier)
                stored = conn.execute(select(*columns).order_by(t.c.code)).all()
        finally:
            engine.dispose()
    expected = sorted(
        (r["code"], r["name"], r["credit_limit"], r["customer_since"], r["tier"]) for r in records
    )
    assert [tuple(row) for row in stored] == expected


def _grouped(cents: int, thousands: str, decimal: str) -> str:
    """``cents`` written by hand with a thousands separator, as a spreadsheet would show it."""
    units, rest = divmod(cents, 100)
    digits = f"{units:,}".replace(",", thousands)
    return f"{digits}{decimal}{rest:02d}"


_CSV_STYLES = st.fixed_dictionaries(
    {
        "encoding": st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
        "delimiter": st.sampled_from([",", ";", "\t", "|"]),
        "numbers": st.sampled_from(["en", "en-grouped", "es", "es-grouped", "es-nbsp"]),
        "dates": st.sampled_from(["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]),
        "newline": st.sampled_from(["\n", "\r\n"]),
        "headers": st.sampled_from(["english", "spanish"]),
    }
)
_MONEY_STYLE = {
    "en": lambda c: f"{c // 100}.{c % 100:02d}",
    "en-grouped": lambda c: _grouped(c, ",", "."),
    "es": lambda c: f"{c // 100},{c % 100:02d}",
    "es-grouped": lambda c: _grouped(c, ".", ","),
    "es-nbsp": lambda c: _grouped(c, NBSP, ","),
}


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(records=_records, style=_CSV_STYLES)
def test_any_supported_csv_dialect_and_encoding_reads_back_equal(records, style):
    import csv as csvmod

    from salesdesk.core.db import open_database, sqlite_url
    from salesdesk.org.models import Customer

    if style["encoding"] == "cp1252":
        records = [r for r in records if r["name"].encode("cp1252", "ignore").decode("cp1252") == r["name"]]
    header = (
        ["code", "name", "credit_limit", "customer_since", "tier"]
        if style["headers"] == "english"
        else ["Código", "Razón social", "Límite de crédito", "Cliente desde", "Categoría"]
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "clientes.csv"
        with path.open("w", encoding=style["encoding"], newline="") as fh:
            writer = csvmod.writer(fh, delimiter=style["delimiter"], lineterminator=style["newline"])
            writer.writerow(header)
            for r in records:
                cents = int(r["credit_limit"] * 100)
                writer.writerow(
                    [
                        escape_text(r["code"]),
                        escape_text(r["name"]),
                        _MONEY_STYLE[style["numbers"]](cents),
                        r["customer_since"].strftime(style["dates"]),
                        r["tier"],
                    ]
                )
        engine = open_database(sqlite_url(Path(folder) / "db.sqlite"))
        try:
            result = run_import(engine, kinds(), [("customers", path)], Options(), now=NOW)
            assert [str(e) for e in result.errors] == []
            assert result.committed and result.kinds[0].created == len(records)
            t = Customer.__table__
            with engine.connect() as conn:
                columns = (t.c.code, t.c.name, t.c.credit_limit, t.c.customer_since, t.c.tier)
                stored = conn.execute(select(*columns).order_by(t.c.code)).all()
        finally:
            engine.dispose()
    expected = sorted(
        (r["code"], r["name"], r["credit_limit"], r["customer_since"], r["tier"]) for r in records
    )
    assert [tuple(row) for row in stored] == expected


def test_position_follows_the_bytes_read(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("code,name\n" + "".join(f"C{i:05d},Customer number {i}\n" for i in range(5000)))
    position = reader.Position()
    seen = []
    for line, _cells in read_rows(path, detect(path), position):
        if line % 1000 == 0:
            seen.append(position.done)
    assert position.total == path.stat().st_size
    assert position.done == position.total
    assert seen == sorted(seen) and 0 < seen[1] < position.total


def test_position_of_an_xlsx_file_has_no_total_until_the_end(tmp_path):
    path = tmp_path / "c.xlsx"
    write_rows(path, ["code", "name"], [["C1", "One"]], dialect="en")
    position = reader.Position()
    assert [cells for _l, cells in read_rows(path, detect(path), position)] == [
        ["code", "name"],
        ["C1", "One"],
    ]
    assert position.total is None and position.done == path.stat().st_size
