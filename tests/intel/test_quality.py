"""The data-quality audit (``salesdesk.intel.quality`` and ``salesdesk check``): each rule on a small
database, a positive case beside its near miss; the findings' shape; the command's JSON and exit code.

Today is 2026-11-28; the intel rules' defaults are name similarity 90, open orders 90 days, unusual amounts
5 times the customer's usual amount."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import text

from salesdesk.core.db import write_session
from salesdesk.intel.quality import RULES
from tests.conftest import NOW, TODAY
from tests.intel.conftest import add_customer, add_invoice, add_payment, findings, records

FULL = {"tax_id": "", "territory": "MAD", "salesperson": "V01", "terms_days": "30"}


@pytest.fixture
def base(engine):
    """A territory, an active salesperson and a group: customers can have complete master data."""
    from salesdesk.org import queries as q

    with write_session(engine) as s:
        q.add_territory(session=s, code="MAD", name="Madrid")
        q.add_salesperson(session=s, code="V01", name="Lucía Fernández", territory="MAD")
        q.add_group(session=s, code="HOR", name="Hostelería")
    return engine


def customers(engine, *rows: tuple[str, str, str]) -> None:
    """(code, name, tax id) customers with otherwise complete master data."""
    with write_session(engine) as s:
        for code, name, tax in rows:
            add_customer(s, code, name, **{**FULL, "tax_id": tax})


# --------------------------------------------------------------------------- duplicates


def test_same_tax_id_and_alike_names_is_a_duplicate_error(base):
    customers(base, ("C1", "Ferretería López, S.L.", "B12345678"), ("C2", "FERRETERIA LOPEZ SL", "B12345678"))
    (found,) = findings(base, "duplicate_customer")
    assert (found.severity, found.entity, found.records) == ("error", "customer", ("C1", "C2"))
    assert "B12345678" in found.message and "C1" in found.message and "C2" in found.message
    assert found.fix == "merge them: salesdesk customer merge C1 C2"
    assert found.detail == {"tax_id": "B12345678", "similarity": 100.0}
    # the pair is reported once, under its most serious rule
    assert records(base, "same_tax_id") == records(base, "similar_names") == []


def test_the_tax_id_is_compared_without_punctuation_or_case(base):
    customers(base, ("C1", "Bar El Sol", "b-1234.5678"), ("C2", "Bar el Sol S.L.", "B12345678"))
    assert records(base, "duplicate_customer") == [("C1", "C2")]


def test_same_tax_id_but_different_names_is_a_warning(base):
    customers(base, ("C1", "Bar Plaza 2", "B12345678"), ("C2", "Bar Plaza 3", "B12345678"))
    (found,) = findings(base, "same_tax_id")
    assert (found.severity, found.records) == ("warning", ("C1", "C2"))
    assert found.detail == {"tax_id": "B12345678"}
    assert "salesdesk customer merge C1 C2" in found.fix
    assert records(base, "duplicate_customer") == []


def test_three_customers_with_one_tax_id_give_every_pair(base):
    customers(
        base,
        ("C1", "Talleres Norte", "B1"),
        ("C2", "Panadería Sur", "B1"),
        ("C3", "Talleres Norte S.A.", "B1"),
    )
    assert records(base, "duplicate_customer") == [("C1", "C3")]
    assert records(base, "same_tax_id") == [("C1", "C2"), ("C2", "C3")]


def test_alike_names_without_tax_ids_are_a_warning(base):
    customers(base, ("C1", "Ferretería López, S.L.", ""), ("C2", "FERRETERIA LOPEZ SL", ""))
    (found,) = findings(base, "similar_names")
    assert (found.severity, found.records) == ("warning", ("C1", "C2"))
    assert found.detail == {"similarity": 100.0}
    assert "100 % alike" in found.message
    assert found.fix == "if they are one company, merge them: salesdesk customer merge C1 C2"


def test_alike_names_with_one_tax_id_are_a_warning(base):
    customers(base, ("C1", "Ferretería López, S.L.", "B12345678"), ("C2", "Ferreteria Lopes", ""))
    assert records(base, "similar_names") == [("C1", "C2")]


def test_alike_names_with_two_different_tax_ids_are_not_reported(base):
    customers(base, ("C1", "Ferretería López, S.L.", "B12345678"), ("C2", "FERRETERIA LOPEZ SL", "B87654321"))
    dup_rules = ("duplicate_customer", "same_tax_id", "similar_names")
    assert [f for f in findings(base) if f.rule in dup_rules] == []


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Bar Plaza 2", "Bar Plaza 3"),  # branches: the numbers differ
        ("Grupo Hostelero Duero", "Grupo Hostelero Ebro"),  # the words not shared are not alike
        ("Cafetería Ávila", "Restaurante Toledo"),
    ],
)
def test_names_that_are_not_alike_are_not_reported(base, a, b):
    customers(base, ("C1", a, ""), ("C2", b, ""))
    assert records(base, "similar_names") == []


def test_the_name_similarity_threshold_is_a_business_rule(base):
    from salesdesk.core.business import set_rule
    from salesdesk.intel import room

    customers(base, ("C1", "Ferreteria Lopez", ""), ("C2", "Ferreteria Lopes", ""))  # 93.75 alike
    assert records(base, "similar_names") == [("C1", "C2")]
    (rule,) = [r for r in room.RULES if r.key == "intel.name_similarity"]
    with write_session(base) as s:
        set_rule(s, rule, "95", when=NOW)
    assert records(base, "similar_names") == []


# --------------------------------------------------------------------------- missing master data


def test_missing_master_data(base):
    with write_session(base) as s:
        add_customer(s, "C1", "Sin Datos", terms_days="0")
        add_customer(s, "C2", "Completo", tax_id="B1", territory="MAD", salesperson="V01", terms_days="30")
    by_rule = {(f.rule, f.severity, f.records) for f in findings(base) if f.rule.startswith("missing_")}
    assert by_rule == {
        ("missing_tax_id", "warning", ("C1",)),
        ("missing_territory", "warning", ("C1",)),
        ("missing_salesperson", "warning", ("C1",)),
        ("missing_terms", "info", ("C1",)),
    }
    (terms,) = findings(base, "missing_terms")
    assert terms.message == "C1 (Sin Datos) has no payment terms (0 days)"
    assert "--terms" in terms.fix
    (sp,) = findings(base, "missing_salesperson")
    assert sp.fix == "salesdesk team assign C1 --to …"


def test_one_day_of_terms_and_a_blank_looking_tax_id(base):
    from salesdesk.org.models import Customer

    with write_session(base) as s:
        add_customer(s, "C1", "Un Día", tax_id="B1", territory="MAD", salesperson="V01", terms_days="1")
        add_customer(s, "C2", "Espacios", tax_id="B2", territory="MAD", salesperson="V01", terms_days="30")
        s.execute(Customer.__table__.update().where(Customer.__table__.c.code == "C2").values(tax_id="   "))
    assert records(base, "missing_terms") == []
    assert records(base, "missing_tax_id") == [("C2",)]


# --------------------------------------------------------------------------- payments beyond what was owed


def test_payments_beyond_the_invoices_are_a_warning_to_the_cent(base):
    customers(base, ("C1", "Pagador", "B1"), ("C2", "Justo", "B2"))
    with write_session(base) as s:
        add_invoice(s, "F1", "C1", "60.00", "2026-10-01")
        add_invoice(s, "F2", "C1", "40.00", "2026-10-02")
        add_payment(s, "P1", "C1", "100.01", "2026-10-20")
        add_invoice(s, "F3", "C2", "100.00", "2026-10-01")
        add_payment(s, "P2", "C2", "60.00", "2026-10-20")
        add_payment(s, "P3", "C2", "40.00", "2026-10-21")  # exactly what was owed
    (found,) = findings(base, "payment_exceeds_owed")
    assert (found.severity, found.entity, found.records) == ("warning", "customer", ("C1",))
    assert found.detail == {"paid": "100.01", "invoiced": "100.00", "excess": "0.01"}
    assert "0.01" in found.message


def test_payments_without_any_invoice_and_invoices_after_today(base):
    customers(base, ("C1", "Sin Facturas", "B1"), ("C2", "Factura Futura", "B2"))
    with write_session(base) as s:
        add_payment(s, "P1", "C1", "10.00", "2026-11-01")
        add_invoice(s, "F1", "C2", "50.00", "2026-11-01")
        add_invoice(s, "F2", "C2", "100.00", TODAY + timedelta(days=1))  # not invoiced yet today
        add_payment(s, "P2", "C2", "100.00", "2026-11-20")
    found = {f.records[0]: f.detail for f in findings(base, "payment_exceeds_owed")}
    assert found == {
        "C1": {"paid": "10.00", "invoiced": "0.00", "excess": "10.00"},
        "C2": {"paid": "100.00", "invoiced": "50.00", "excess": "50.00"},
    }
    # the day the second invoice is issued, C2 owes more than it paid
    assert [f.records for f in findings(base, "payment_exceeds_owed", today=TODAY + timedelta(days=1))] == [
        ("C1",)
    ]


def test_a_credit_note_lowers_what_was_invoiced(base):
    customers(base, ("C1", "Abono", "B1"))
    with write_session(base) as s:
        add_invoice(s, "F1", "C1", "100.00", "2026-10-01")
        add_invoice(s, "A1", "C1", "-20.00", "2026-10-05")
        add_payment(s, "P1", "C1", "90.00", "2026-10-20")
    assert records(base, "payment_exceeds_owed") == [("C1",)]


# --------------------------------------------------------------------------- due before issue


def _old_invoice(engine, number: str, issue: str, due: str, customer: str = "C1") -> None:
    """An invoice as an older file may hold it: the CHECK constraint switched off on the raw connection."""
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA ignore_check_constraints = ON")
        done = conn.execute(
            text(
                "INSERT INTO invoices (number, customer_id, issue_date, due_date, amount) "
                "SELECT :number, id, :issue, :due, 10000 FROM customers WHERE code = :customer"
            ),
            {"number": number, "issue": issue, "due": due, "customer": customer},
        )
        assert done.rowcount == 1
        conn.commit()
        conn.exec_driver_sql("PRAGMA ignore_check_constraints = OFF")


def test_the_database_refuses_a_due_date_before_the_issue_date(base):
    customers(base, ("C1", "Cliente", "B1"))
    with base.connect() as conn, pytest.raises(Exception, match="CHECK constraint failed"):
        conn.execute(
            text(
                "INSERT INTO invoices (number, customer_id, issue_date, due_date, amount) "
                "SELECT 'X', id, '2026-10-02', '2026-10-01', 100 FROM customers"
            )
        )


def test_due_before_issue_is_an_error_and_due_on_the_issue_day_is_not(base):
    customers(base, ("C1", "Cliente", "B1"))
    _old_invoice(base, "F1", "2026-10-02", "2026-10-01")
    _old_invoice(base, "F2", "2026-10-02", "2026-10-02")
    (found,) = findings(base, "due_before_issue")
    assert (found.severity, found.entity, found.records) == ("error", "invoice", ("F1",))
    assert found.detail == {"issue_date": "2026-10-02", "due_date": "2026-10-01"}
    assert found.message == "invoice F1 is due 2026-10-01, before it was issued 2026-10-02"


# --------------------------------------------------------------------------- unusual amounts


def _amounts(engine, *amounts: str) -> None:
    customers(engine, ("C1", "Cliente", "B1"))
    with write_session(engine) as s:
        for i, amount in enumerate(amounts, 1):
            add_invoice(s, f"F{i:02d}", "C1", amount, f"2026-{(i - 1) % 10 + 1:02d}-01")


def test_an_invoice_far_above_the_usual_amount_is_a_warning(base):
    _amounts(base, *["100.00"] * 6, "5000.00")
    (found,) = findings(base, "unusual_amount")
    assert (found.severity, found.entity, found.records) == ("warning", "invoice", ("F07",))
    assert found.detail == {"amount": "5000.00", "usual": "100.00"}


def test_an_invoice_of_exactly_five_times_the_usual_is_not_unusual(base):
    _amounts(base, *["100.00"] * 6, "500.00")
    assert records(base, "unusual_amount") == []


def test_five_other_invoices_are_too_few_to_know_the_usual_amount(base):
    _amounts(base, *["100.00"] * 5, "5000.00")
    assert records(base, "unusual_amount") == []


def test_credit_notes_do_not_count_as_usual_invoices(base):
    _amounts(base, *["100.00"] * 5, "-100.00", "5000.00")
    assert records(base, "unusual_amount") == []


def test_an_invoice_within_four_sd_of_the_others_is_not_unusual(base):
    # the others of F21: nineteen of 10.00 and one of 2000.00 (mean 109.50, sd 433.7: mean + 4 sd 1844.3);
    # 1000.00 is more than 5 × 109.50 but within four sd
    _amounts(base, *["10.00"] * 19, "2000.00", "1000.00")
    assert "F21" not in {f.records[0] for f in findings(base, "unusual_amount")}


@pytest.mark.parametrize("amount", ["500.01", "1000.00"])
def test_an_invoice_just_above_five_times_the_usual_is_unusual(base, amount):
    _amounts(base, *["100.00"] * 6, amount)
    assert records(base, "unusual_amount") == [("F07",)]


def test_the_unusual_factor_is_a_business_rule(base):
    from salesdesk.core.business import set_rule
    from salesdesk.intel import room

    _amounts(base, *["100.00"] * 6, "5000.00")
    (rule,) = [r for r in room.RULES if r.key == "intel.unusual_times"]
    with write_session(base) as s:
        set_rule(s, rule, "60", when=NOW)
    assert records(base, "unusual_amount") == []


# --------------------------------------------------------------------------- old open orders


def _orders(engine, *rows: tuple[str, int, str]) -> None:
    """(number, days before today, status) orders of one customer."""
    from salesdesk.org import queries as q

    customers(engine, ("C1", "Cliente", "B1"))
    with write_session(engine) as s:
        for number, days, status in rows:
            q.add_order(
                session=s,
                number=number,
                customer="C1",
                amount="10.00",
                locale="en_US",
                today=TODAY,
                order_date=TODAY - timedelta(days=days),
                status=status,
            )


def test_an_order_open_for_91_days_is_old_and_90_days_is_not(base):
    _orders(
        base, ("O90", 90, "open"), ("O91", 91, "open"), ("I200", 200, "invoiced"), ("X200", 200, "cancelled")
    )
    (found,) = findings(base, "old_open_order")
    assert (found.severity, found.entity, found.records) == ("warning", "order", ("O91",))
    assert found.detail == {"date": (TODAY - timedelta(days=91)).isoformat(), "days": 91}
    assert "91 days" in found.message
    assert found.fix == "invoice it or cancel it: salesdesk order status O91 invoiced|cancelled"


def test_old_orders_oldest_first_and_the_days_are_a_business_rule(base):
    from salesdesk.core.business import rule_values, set_rule
    from salesdesk.core.db import read_session
    from salesdesk.intel import quality, room

    _orders(base, ("A", 31, "open"), ("B", 400, "open"), ("C", 30, "open"), ("D", 100, "open"))
    with read_session(base) as s:  # the rule lists them oldest first; the audit sorts by records
        assert [f.records for f in quality.old_orders(s, TODAY, rule_values(s, room.RULES))] == [
            ("B",),
            ("D",),
        ]
    assert records(base, "old_open_order") == [("B",), ("D",)]
    (rule,) = [r for r in room.RULES if r.key == "intel.open_order_days"]
    with write_session(base) as s:
        set_rule(s, rule, "30", when=NOW)
    assert records(base, "old_open_order") == [("A",), ("B",), ("D",)]


# --------------------------------------------------------------------------- inactive owners


def test_salespeople_who_left_or_are_on_leave_and_still_own_customers(base):
    from salesdesk.org import queries as q
    from salesdesk.org.models import Salesperson

    with write_session(base) as s:
        for code in ("V02", "V03", "V04"):
            q.add_salesperson(session=s, code=code, name=f"Persona {code}", territory="MAD")
        add_customer(s, "C1", "Uno", salesperson="V02")
        add_customer(s, "C2", "Dos", salesperson="V03")
        add_customer(s, "C3", "Tres", salesperson="V03")
        add_customer(s, "C4", "Cuatro", salesperson="V01")
        sp = Salesperson.__table__
        s.execute(sp.update().where(sp.c.code == "V02").values(status="on_leave"))
        s.execute(sp.update().where(sp.c.code.in_(("V03", "V04"))).values(status="left"))
    found = {f.records: f for f in findings(base, "inactive_owner")}
    assert set(found) == {("V02",), ("V03",)}  # V04 left but owns nobody, V01 is active
    assert (found[("V03",)].severity, found[("V03",)].entity) == ("error", "salesperson")
    assert found[("V03",)].detail == {"status": "left", "customers": 2}
    assert found[("V02",)].severity == "warning"
    assert found[("V02",)].detail == {"status": "on_leave", "customers": 1}


# --------------------------------------------------------------------------- the audit as a whole


def test_a_clean_database_has_no_findings(base):
    customers(
        base, ("C1", "Ferretería López", "B1"), ("C2", "Bar Plaza 2", "B2"), ("C3", "Bar Plaza 3", "B3")
    )
    with write_session(base) as s:
        add_invoice(s, "F1", "C1", "100.00", "2026-10-01")
        add_payment(s, "P1", "C1", "100.00", "2026-10-15")
    assert findings(base) == []


def test_every_finding_has_its_fields_and_a_known_rule(seeded):
    _old_invoice(seeded, "OLD1", "2026-05-02", "2026-05-01", customer="C001")
    found = findings(seeded)
    assert found, "the seeded database has findings (no tax ids, V02 on leave)"
    for f in found:
        assert f.rule in RULES
        assert f.severity in ("error", "warning", "info")
        assert f.entity in ("customer", "invoice", "order", "salesperson")
        assert isinstance(f.records, tuple) and f.records
        assert f.message and f.fix
    severities = [f.severity for f in found]
    assert severities == sorted(severities, key=("error", "warning", "info").index)
    assert found[0].rule == "due_before_issue"


# --------------------------------------------------------------------------- salesdesk check


def test_check_json_with_only_warnings_exits_0(seeded, run):
    code, out, err = run("check", "--json")
    assert code == 0, err
    items = json.loads(out)
    assert items and {i["severity"] for i in items} <= {"warning", "info"}
    for item in items:
        assert {"rule", "severity", "records", "message", "fix"} <= set(item)
        assert isinstance(item["records"], list)
    rules = {(i["rule"], tuple(i["records"])) for i in items}
    assert ("inactive_owner", ("V02",)) in rules  # V02 is on leave and owns C002
    assert ("missing_tax_id", ("C001",)) in rules
    owner = next(i for i in items if i["rule"] == "inactive_owner")
    assert owner["detail"] == {"status": "on_leave", "customers": 1}
    assert owner["entity"] == "salesperson"


def test_check_json_with_an_error_exits_1(seeded, run):
    _old_invoice(seeded, "OLD1", "2026-05-02", "2026-05-01", customer="C002")
    code, out, err = run("check", "--json")
    assert code == 1
    items = json.loads(out)
    assert items[0]["rule"] == "due_before_issue"
    assert items[0]["severity"] == "error"
    assert items[0]["records"] == ["OLD1"]
    assert "Traceback" not in out + err


def test_check_table_prints_the_findings_and_counts(seeded, run):
    _old_invoice(seeded, "OLD1", "2026-05-02", "2026-05-01", customer="C002")
    code, out, err = run("check")
    assert code == 1
    assert "due_before_issue" in out and "OLD1" in out
    assert "errors 1," in out


def test_check_on_an_empty_database(engine, run):
    code, out, err = run("check")
    assert code == 0, err
    assert "No findings" in out
    assert json.loads(run("check", "--json")[1]) == []
