"""Credit limits: one check and one history for `credit limit`, `customer edit` and imports.

Seeded: C001 owes 120.00 (F1 100 + F2 50 − P1 30), limit 10,000.00; C002 no limit, owes nothing;
C003 limit 5,000.00, owes nothing. Today is 2026-11-28.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from salesdesk.core.errors import DataError
from salesdesk.org.rules import check_credit_limit


@pytest.fixture
def run(cli, db_path, seeded):
    def invoke(*args: str) -> tuple[int, str, str]:
        return cli("--db", str(db_path), *args)

    return invoke


def _history(run, code, field="credit_limit"):
    rc, out, err = run("credit", "history", code, "--json")
    assert rc == 0, err
    return [c for c in reversed(json.loads(out)) if c["field"] == field]  # oldest first


def _limit(run, code):
    rc, out, _err = run("customer", "show", code, "--json")
    assert rc == 0
    return json.loads(out)["credit_limit"]


@pytest.mark.parametrize(
    ("old", "new", "owed", "force", "flagged"),
    [
        (Decimal(1000), Decimal(2000), Decimal(1500), False, False),  # raising: always allowed
        (Decimal(1000), Decimal(500), Decimal(500), False, False),  # lowering to exactly what is owed
        (Decimal(1000), Decimal(499), Decimal(500), True, True),  # below it: forced and flagged
        (None, Decimal(100), Decimal(500), False, False),  # from no credit up, even below the debt
        (Decimal(1000), None, Decimal(0), False, False),  # to no credit when nothing is owed
        (Decimal(1000), Decimal(0), Decimal("0.01"), True, True),  # to no credit over a debt
    ],
)
def test_limit_rule(old, new, owed, force, flagged):
    assert check_credit_limit(old, new, owed, force=force) is flagged


def test_limit_rule_refuses_without_force_and_negative():
    with pytest.raises(DataError) as err:
        check_credit_limit(Decimal(1000), Decimal(499), Decimal(500))
    assert err.value.field == "credit_limit" and "--force" in err.value.message
    with pytest.raises(DataError):
        check_credit_limit(None, Decimal(-1), Decimal(0))


def test_credit_limit_command_keeps_history_and_review_date(run):
    rc, out, err = run(
        "credit", "limit", "C001", "12000", "--review-date", "2027-03-31", "--note", "good payer", "--json"
    )
    assert rc == 0, err
    data = json.loads(out)
    assert data == {
        "code": "C001",
        "old": "10000.00",
        "new": "12000.00",
        "outstanding": "120.00",
        "review_date": "2027-03-31",
        "flagged": False,
    }
    last = _history(run, "C001")[-1]
    assert (last["old"], last["new"], last["note"]) == ("10000.00", "12000.00", "good payer")
    assert _limit(run, "C001") == "12000.00"


def test_lowering_below_what_is_owed_needs_force_and_is_flagged(run):
    rc, _out, err = run("credit", "limit", "C001", "100")
    assert rc == 1
    assert "credit_limit '100.00'" in err and "120.00" in err and "--force" in err
    assert _limit(run, "C001") == "10000.00"  # nothing changed
    rc, out, err = run("credit", "limit", "C001", "100", "--force", "--note", "stop selling")
    assert rc == 0
    assert "Flagged" in err
    last = _history(run, "C001")[-1]
    assert last["new"] == "100.00" and "stop selling" in last["note"] and "120.00" in last["note"]
    rc, out, _err = run("credit", "limits", "--json")
    rows = {r["code"]: r for r in json.loads(out)}
    assert rows["C001"]["below_outstanding"] is True
    assert rows["C003"]["below_outstanding"] is False


def test_customer_edit_goes_through_the_same_check(run):
    rc, _out, err = run("customer", "edit", "C001", "--credit-limit", "50")
    assert rc == 1 and "--force" in err
    assert _limit(run, "C001") == "10000.00"
    assert run("customer", "edit", "C003", "--credit-limit", "0")[0] == 0  # owes nothing


def test_zero_or_empty_means_no_credit(run):
    assert run("credit", "limit", "C003", "")[0] == 0
    assert _limit(run, "C003") is None
    rc, out, _err = run("credit", "check", "C003", "--amount", "1")
    assert rc == 3  # no credit: any order is over


def test_reviews_due(run):
    assert run("credit", "limit", "C001", "10000", "--review-date", "2026-11-20")[0] == 0
    assert run("credit", "limit", "C003", "5000", "--review-date", "2026-12-15")[0] == 0
    rc, out, _err = run("credit", "limits", "--due", "--json")
    assert [r["code"] for r in json.loads(out)] == ["C001"]
    rc, out, _err = run("credit", "limits", "--due", "--within", "30", "--json")
    rows = json.loads(out)
    assert [(r["code"], r["review_due"]) for r in rows] == [("C001", True), ("C003", False)]


def test_bad_input_changes_nothing(run):
    for args, field in (
        (("credit", "limit", "C001", "abc"), "AMOUNT 'abc'"),
        (("credit", "limit", "C999", "5"), "customer 'C999'"),
        (("credit", "limit", "C001", "5000", "--review-date", "31/13/2026"), "--review-date '31/13/2026'"),
    ):
        rc, _out, err = run(*args)
        assert rc == 1 and field in err, (args, err)
        assert "Traceback" not in err
    assert _limit(run, "C001") == "10000.00"
    assert _history(run, "C001")[-1]["new"] == "10000.00"


def test_import_credit_limits(run, tmp_path):
    path = tmp_path / "limites_credito.csv"
    path.write_text(
        "cliente;límite;fecha de revisión;nota\nC001;12.500,00;31/03/2027;revisado\nC003;;;sin crédito\n",
        encoding="utf-8",
    )
    rc, _out, err = run("import", "credit_limits", str(path))
    assert rc == 0, err
    assert _limit(run, "C001") == "12500.00" and _limit(run, "C003") is None
    last = _history(run, "C001")[-1]
    assert (last["old"], last["new"]) == ("10000.00", "12500.00")
    rc, out, _err = run("credit", "limits", "--json")
    c1 = next(r for r in json.loads(out) if r["code"] == "C001")
    assert (c1["review_date"], c1["note"]) == ("2027-03-31", "revisado")


def test_import_refuses_a_lowering_below_what_is_owed_and_unknown_customers(run, tmp_path):
    path = tmp_path / "limits.csv"
    path.write_text("customer,amount\nC001,100\nC999,5\nC003,7000\n", encoding="utf-8")
    rc, _out, err = run("import", "credit_limits", str(path))
    assert rc == 1
    assert "limits.csv:2: column 'amount'" in err and "120.00" in err
    assert "limits.csv:3: column 'customer'" in err and "C999" in err
    assert _limit(run, "C003") == "5000.00"  # whole file refused: nothing written


def test_score_factors_and_weights_are_business_rules(run):
    rc, out, _err = run("credit", "score", "C001", "--json")
    before = json.loads(out)
    klass, suggested = before["class"], Decimal(before["suggested_limit"])
    assert suggested > 0
    default = {"A": Decimal("1.5"), "B": Decimal("1.0"), "C": Decimal("0.5")}[klass]
    assert run("config", "rule", f"credit.factor_{klass.lower()}", str(default * 2))[0] == 0
    rc, out, _err = run("credit", "score", "C001", "--json")
    assert Decimal(json.loads(out)["suggested_limit"]) == suggested * 2
    # weights move together (they must total 100): both pairs in one command
    assert run("config", "rule", "credit.score_tenure", "20", "credit.score_days_late", "30")[0] == 0
    rc, out, err = run("credit", "score", "C001", "--json")
    assert rc == 0, err


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("credit.score_tenure", "20", "the score weights must total 100"),
        ("credit.class_a_min", "50", "class floors must go down from A to C"),
        ("credit.bucket_1_days", "70", "need three increasing day counts"),
    ],
)
def test_a_rule_change_that_would_break_the_reports_is_refused(run, key, value, message):
    code, _out, err = run("config", "rule", key, value)
    assert code == 1
    assert f"{key} '{value}': {message}" in err
    code, out, err = run("credit", "status", "--json")  # the reports still work: nothing was kept
    assert code == 0, err
    code, out, _err = run("config", "show", "--json")
    assert code == 0 and f'"{value}"' not in [
        line.strip().rstrip(",") for line in out.splitlines() if key in line
    ]


def test_review_date_and_note_changes_are_in_the_history_too(run):
    assert run("credit", "limit", "C003", "5000", "--review-date", "2027-01-31", "--note", "first")[0] == 0
    assert run("credit", "limit", "C003", "5000", "--review-date", "2027-06-30")[0] == 0  # same amount
    assert [(c["old"], c["new"]) for c in _history(run, "C003", "credit_review_date")] == [
        (None, "2027-01-31"),
        ("2027-01-31", "2027-06-30"),
    ]
    # an approval without a note replaces the earlier one (the note is that approval's why)
    assert [(c["old"], c["new"]) for c in _history(run, "C003", "credit_note")] == [
        ("", "first"),
        ("first", ""),
    ]
    assert len(_history(run, "C003")) == 1  # only its creation: the amount itself never changed
    # 0 and "" are both "no credit": going from one to the other changes nothing
    assert run("credit", "limit", "C003", "0")[0] == 0
    assert run("credit", "limit", "C003", "")[0] == 0
    assert [(c["old"], c["new"]) for c in _history(run, "C003")][1:] == [("5000.00", None)]


def test_a_note_longer_than_an_import_takes_is_refused(run):
    code, _out, err = run("credit", "limit", "C003", "6000", "--note", "x" * 201)
    assert code == 1 and "note" in err and "200" in err
