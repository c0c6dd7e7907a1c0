"""Collection follow-ups and the worklist: the rules by hand, the commands, the import kind.

Seeded (tests/conftest.py), today 2026-11-28: C001 owes F1 70.00 (due 10-01, 58 days late) and F2 50.00
(due 10-31, 28 days late) after P1 30.00; C002 and C003 owe nothing.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import text

from salesdesk.core.errors import DataError
from salesdesk.credit import rules

D = Decimal


@pytest.fixture(autouse=True)
def wide_tables(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture
def run(cli, db_path, seeded):
    def invoke(*args: str) -> tuple[int, str, str]:
        return cli("--db", str(db_path), *args)

    return invoke


def _json(run, *args):
    code, out, err = run(*args, "--json")
    assert code == 0, err
    return json.loads(out)


def _count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM credit_followups")).scalar()


# --------------------------------------------------------------------------- rules


@pytest.mark.parametrize(
    ("amount", "promised", "paid", "as_of", "status"),
    [
        (None, None, D(0), date(2026, 11, 28), None),  # no promise
        (D(100), date(2026, 11, 20), D(100), date(2026, 11, 28), "kept"),  # paid in full, in time
        (D(100), date(2026, 11, 20), D("99.99"), date(2026, 11, 28), "broken"),  # a cent short, date gone
        (D(100), date(2026, 11, 28), D(0), date(2026, 11, 28), "pending"),  # the promised day itself
        (D(100), date(2026, 11, 29), D(40), date(2026, 11, 28), "pending"),
        (D(100), date(2026, 11, 29), D(150), date(2026, 11, 28), "kept"),  # paid early and more
    ],
)
def test_promise_status(amount, promised, paid, as_of, status):
    assert rules.promise_status(amount, promised, paid, as_of) == status


@pytest.mark.parametrize(
    ("amount", "promised", "action", "field"),
    [
        (D(100), None, None, "promised_date"),
        (None, date(2026, 12, 1), None, "promised_amount"),
        (D(0), date(2026, 12, 1), None, "promised_amount"),
        (D(100), date(2026, 11, 27), None, "promised_date"),
        (None, None, date(2026, 11, 27), "next_action_date"),
    ],
)
def test_followup_rules_name_the_field(amount, promised, action, field):
    with pytest.raises(DataError) as info:
        rules.check_followup(
            day=date(2026, 11, 28), promised_amount=amount, promised_date=promised, next_action_date=action
        )
    assert info.value.field == field


def test_followup_rules_accept_a_promise_on_the_same_day():
    rules.check_followup(
        day=date(2026, 11, 28),
        promised_amount=D("0.01"),
        promised_date=date(2026, 11, 28),
        next_action_date=date(2026, 11, 28),
    )


TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("overdue", "action", "promise", "reason"),
    [
        (D(10), None, None, "overdue"),  # overdue, never called
        (D(0), None, None, None),  # nothing owed, nothing planned
        (D(10), None, "broken", "broken_promise"),
        (D(10), TODAY.replace(day=30), "broken", "broken_promise"),  # a broken promise does not wait
        (D(0), None, "broken", None),  # broken, but paid since by other means
        (D(0), TODAY, None, "next_action_due"),  # a call planned for today
        (D(10), TODAY.replace(day=27), "kept", "next_action_due"),
        (D(10), TODAY.replace(day=29), None, None),  # a later call is planned
        (D(10), None, "pending", None),  # waits for the promised date
        (D(10), None, "kept", "overdue"),  # kept, but more is overdue
    ],
)
def test_worklist_reason(overdue, action, promise, reason):
    assert (
        rules.worklist_reason(overdue=overdue, next_action_date=action, promise=promise, today=TODAY)
        == reason
    )


def test_aging_weights_overdue_amounts_by_days_late():
    from salesdesk.org.rules import Item, Receipt

    items = [
        Item("F1", date(2026, 9, 1), date(2026, 10, 1), D("100.00")),
        Item("F2", date(2026, 10, 1), date(2026, 10, 31), D("50.00")),
        Item("F3", date(2026, 11, 20), date(2026, 12, 20), D("80.00")),  # not due: no weight
    ]
    a = rules.age(items, [Receipt("P1", date(2026, 10, 15), D("30.00"))], TODAY)
    assert a.overdue_amount_days == D("70.00") * 58 + D("50.00") * 28 == D("5460.00")


# --------------------------------------------------------------------------- commands


def test_add_and_list_a_promise_then_the_payment_keeps_it(run, seeded):
    item = _json(
        run, "credit", "followup", "add", "C001", "--contact", "Ana (accounts)", "--agreed",
        "pays F1 this week", "--promised-amount", "70", "--promised-date", "2026-12-04",
        "--next-action", "2026-12-05", "--invoice", "F1",
    )  # fmt: skip
    assert item == {
        "id": 1,
        "code": "C001",
        "name": "Acme Distribuciones S.L.",
        "date": "2026-11-28",
        "contact": "Ana (accounts)",
        "agreed": "pays F1 this week",
        "invoice": "F1",
        "promised_amount": "70.00",
        "promised_date": "2026-12-04",
        "paid": "0.00",
        "promise_status": "pending",
        "next_action_date": "2026-12-05",
        "salesperson": "V01",  # the customer's
    }
    code, out, _err = run("credit", "followup", "list")
    assert code == 0 and "Ana (accounts)" in out and "pending" in out
    # nothing paid by the promised date: broken as of the day after
    later = _json(run, "credit", "followup", "list", "--as-of", "2026-12-05")
    assert later[0]["promise_status"] == "broken"
    # a payment before the promised date keeps it (a payment before the call would not count)
    assert run("payment", "add", "P2", "--customer", "C001", "--amount", "70", "--date", "2026-12-02")[0] == 0
    kept = _json(run, "credit", "followup", "list", "--as-of", "2026-12-05")
    assert (kept[0]["paid"], kept[0]["promise_status"]) == ("70.00", "kept")
    assert _json(run, "credit", "followup", "list", "--status", "kept", "--as-of", "2026-12-05") == kept
    assert _json(run, "credit", "followup", "list", "--status", "broken", "--as-of", "2026-12-05") == []


def test_list_filters_and_pages(run):
    for day, who in (("2026-11-20", "A"), ("2026-11-25", "B"), ("2026-11-27", "C")):
        assert run("credit", "followup", "add", "C001", "--date", day, "--contact", who)[0] == 0
    assert run("credit", "followup", "add", "C002", "--contact", "D")[0] == 0
    rows = _json(run, "credit", "followup", "list", "--customer", "C001")
    assert [r["contact"] for r in rows] == ["C", "B", "A"]  # newest first
    rows = _json(run, "credit", "followup", "list", "--customer", "C001", "--limit", "1", "--offset", "1")
    assert [r["contact"] for r in rows] == ["B"]
    assert [r["contact"] for r in _json(run, "credit", "followup", "list", "--salesperson", "V02")] == ["D"]
    # a follow-up dated after the as-of date is not shown as of then
    assert [r["contact"] for r in _json(run, "credit", "followup", "list", "--as-of", "2026-11-24")] == ["A"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("C999",), "customer 'C999': no customer has this code"),
        (("C001", "--contact", "Ana", "--invoice", "F9"), "invoice 'F9': no invoice has this number"),
        (("C002", "--contact", "Ana", "--invoice", "F1"), "invoice 'F1': belongs to another customer"),
        (("C001",), "--agreed: say who you spoke to, what was agreed, a promise or the next action"),
        (("C001", "--promised-amount", "abc", "--promised-date", "2026-12-01"), "--promised-amount 'abc'"),
        (("C001", "--promised-amount", "50"), "--promised-date: a promise needs both an amount and a date"),
        (
            ("C001", "--promised-amount", "50", "--promised-date", "2026-11-01"),
            "--promised-date '2026-11-01': is before the follow-up's date (2026-11-28)",
        ),
        (("C001", "--next-action", "2026-13-01"), "--next-action '2026-13-01'"),
        (
            ("C001", "--contact", "Ana", "--salesperson", "V99"),
            "salesperson 'V99': no salesperson has this code",
        ),
        (("C001", "--contact", "x" * 201), "contact"),
    ],
)
def test_bad_follow_ups_are_refused_and_write_nothing(run, seeded, args, message):
    code, out, err = run("credit", "followup", "add", *args)
    assert code == 1, out
    assert message in err and "Traceback" not in err
    assert _count(seeded) == 0


def test_list_refuses_an_unknown_status(run):
    code, _out, err = run("credit", "followup", "list", "--status", "late")
    assert code == 2  # a usage error
    assert "--status 'late': must be one of: pending, kept, broken" in err


# --------------------------------------------------------------------------- worklist


def _add(run, *args):
    code, _out, err = run(*args)
    assert code == 0, err


def test_worklist_order_reasons_and_waiting(run):
    # C003: 100.00 due 2026-08-31, 89 days late → 8,900.00 amount-days; C001: 70 × 58 + 50 × 28 = 5,460.00
    _add(run, "invoice", "add", "F4", "--customer", "C003", "--amount", "100", "--date", "2026-08-01")
    rows = _json(run, "credit", "worklist")
    assert [(r["code"], r["reason"], r["amount_days"], r["overdue"]) for r in rows] == [
        ("C003", "overdue", "8900.00", "100.00"),
        ("C001", "overdue", "5460.00", "120.00"),
    ]
    assert rows[0]["oldest_overdue_days"] == 89 and rows[0]["last_followup"] is None
    # C003 promises to pay on Monday: it waits; C002 owes nothing but a call is planned for today
    _add(
        run, "credit", "followup", "add", "C003", "--promised-amount", "100", "--promised-date", "2026-11-30"
    )
    _add(run, "credit", "followup", "add", "C002", "--date", "2026-11-20", "--next-action", "2026-11-28",
         "--contact", "Luis")  # fmt: skip
    rows = _json(run, "credit", "worklist")
    assert [(r["code"], r["reason"]) for r in rows] == [("C001", "overdue"), ("C002", "next_action_due")]
    assert rows[1]["contact"] == "Luis" and rows[1]["last_followup"] == "2026-11-20"
    assert [r["code"] for r in _json(run, "credit", "worklist", "--salesperson", "V02")] == ["C002"]
    assert [r["code"] for r in _json(run, "credit", "worklist", "--limit", "1", "--offset", "1")] == ["C002"]


def test_worklist_a_broken_promise_is_the_reason_and_the_order_stays_amount_by_days(run):
    _add(run, "invoice", "add", "F4", "--customer", "C003", "--amount", "100", "--date", "2026-08-01")
    _add(run, "credit", "followup", "add", "C001", "--date", "2026-11-10", "--promised-amount", "120",
         "--promised-date", "2026-11-20", "--next-action", "2026-12-10")  # fmt: skip
    rows = _json(run, "credit", "worklist")
    # the later call planned for 10 December does not hold back a broken promise
    assert [(r["code"], r["reason"], r["promise_status"]) for r in rows] == [
        ("C003", "overdue", None),  # 8,900.00 amount-days
        ("C001", "broken_promise", "broken"),  # 5,460.00
    ]


def test_worklist_human_output(run):
    code, out, _err = run("credit", "worklist")
    assert code == 0
    assert "C001" in out and "overdue, nothing planned" in out
    code, out, _err = run("--lang", "es", "credit", "worklist")
    assert code == 0 and "C001" in out


# --------------------------------------------------------------------------- import


SPANISH = (
    "Cliente;Fecha;Contacto;Acordado;Importe prometido;Fecha prometida;Próxima acción;Factura\r\n"
    "C001;20/11/2026;Ana;Paga F1;70,00;27/11/2026;28/11/2026;F1\r\n"
    "C002;21/11/2026;;Llamar;;;01/12/2026;\r\n"
)


def test_import_a_spanish_follow_up_file_and_again_unchanged(run, seeded, tmp_path):
    path = tmp_path / "seguimientos.csv"
    path.write_bytes(SPANISH.encode("utf-8-sig"))
    for created, unchanged in ((2, 0), (0, 2)):
        code, out, err = run("import", str(tmp_path), "--json")
        assert code == 0, err
        kind = json.loads(out)["kinds"][0]
        assert (kind["kind"], kind["created"], kind["unchanged"]) == ("followups", created, unchanged)
    rows = _json(run, "credit", "followup", "list")
    assert [(r["code"], r["invoice"], r["promise_status"], r["salesperson"]) for r in rows] == [
        ("C002", None, None, "V02"),
        ("C001", "F1", "broken", "V01"),  # nothing paid from 20/11 to 27/11
    ]


def test_import_applies_the_follow_up_rules_with_line_numbers(run, seeded, tmp_path):
    path = tmp_path / "f.csv"
    path.write_text(
        "customer,date,contact,promised_amount,promised_date,invoice\n"
        "C001,2026-11-20,Ana,70.00,2026-11-10,\n"
        "C002,2026-11-20,Luis,,,F1\n"
        "C003,2026-11-20,Eva,50.00,,\n",
        encoding="utf-8",
    )
    code, out, _err = run("import", "followups", str(path), "--json")
    assert code == 1
    assert json.loads(out)["errors"] == [
        f"{path}:2: column 'promised_date': is before the follow-up's date (2026-11-20) (value '2026-11-10')",
        f"{path}:3: column 'invoice': belongs to another customer (value 'F1')",
        f"{path}:4: column 'promised_date': a promise needs both an amount and a date (given: 50.00)"
        " (value '')",
    ]
    assert _count(seeded) == 0


def test_one_follow_up_per_customer_day_and_contact(run, seeded):
    """What a follow-ups file matches on is unique, so every follow-up exports and imports back."""
    _add(run, "credit", "followup", "add", "C001", "--contact", "Ana", "--agreed", "first call")
    code, _out, err = run("credit", "followup", "add", "C001", "--contact", "Ana", "--agreed", "again")
    assert code == 1
    assert "--contact 'Ana': follow-up 1 already has this customer, day and contact" in err
    _add(run, "credit", "followup", "add", "C001", "--contact", "Ana (afternoon)", "--agreed", "again")
    assert _count(seeded) == 2
