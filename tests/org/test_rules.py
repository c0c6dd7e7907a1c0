"""Pure unit tests of ``salesdesk.org.rules``: field cleaners, order transitions and payment allocation."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesdesk.core.errors import DataError
from salesdesk.org import rules
from salesdesk.org.rules import Application, Item, Receipt, allocate

D = Decimal


def d(text: str) -> date:
    return date.fromisoformat(text)


# --------------------------------------------------------------------------- clean_code


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("C001", "C001"),
        ("  C001  ", "C001"),
        ("a.b_c/d-e", "a.b_c/d-e"),
        ("x" * 32, "x" * 32),
        ("9", "9"),
    ],
)
def test_clean_code_accepts_and_trims(raw, expected):
    assert rules.clean_code(raw) == expected


@pytest.mark.parametrize("raw", ["a b", "-abc", ".abc", "x" * 33, "C001!", "ñandú", "a\tb"])
def test_clean_code_refuses_bad_characters_naming_field_and_value(raw):
    with pytest.raises(DataError) as info:
        rules.clean_code(raw, "number")
    assert info.value.field == "number"
    assert info.value.value == raw.strip()


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_clean_code_is_required(raw):
    with pytest.raises(DataError) as info:
        rules.clean_code(raw)
    assert info.value.field == "code"
    assert "required" in info.value.message


# --------------------------------------------------------------------------- email, phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a@b.es", "a@b.es"),
        ("  ana.lopez+x@mail.example.com ", "ana.lopez+x@mail.example.com"),
        ("", ""),
        (None, ""),
    ],
)
def test_clean_email_accepts(raw, expected):
    assert rules.clean_email(raw) == expected


@pytest.mark.parametrize("raw", ["bad", "a@b", "@b.es", "a b@c.es", "a@@b.es", "a@b .es"])
def test_clean_email_refuses(raw):
    with pytest.raises(DataError) as info:
        rules.clean_email(raw)
    assert info.value.field == "email"
    assert info.value.value == raw.strip()
    assert "email" in str(info.value)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+34 600 000 000", "+34 600 000 000"),
        ("(91) 555-12.34", "(91) 555-12.34"),
        ("600000", "600000"),
        (" 925 123 456 ", "925 123 456"),
        ("", ""),
        (None, ""),
    ],
)
def test_clean_phone_accepts(raw, expected):
    assert rules.clean_phone(raw) == expected


@pytest.mark.parametrize("raw", ["12345", "phone", "600-ABC-123", "+34 6" + "0" * 30, "++34600000000"])
def test_clean_phone_refuses(raw):
    with pytest.raises(DataError) as info:
        rules.clean_phone(raw, "mobile")
    assert info.value.field == "mobile"
    assert info.value.value == raw


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-11-28", date(2026, 11, 28)),
        (" 2026-11-28 ", date(2026, 11, 28)),
        ("28/11/2026", date(2026, 11, 28)),
        ("1/2/2026", date(2026, 2, 1)),  # day first
        ("29/02/2024", date(2024, 2, 29)),
        (date(2020, 1, 5), date(2020, 1, 5)),
    ],
)
def test_clean_date_accepts_iso_and_day_first(raw, expected):
    assert rules.clean_date(raw, "date") == expected


@pytest.mark.parametrize(
    "raw", ["2026-13-01", "31/02/2026", "29/02/2025", "2026/11/28", "tomorrow", "28-11-2026", "11/28/2026"]
)
def test_clean_date_refuses_invalid_dates_naming_field_and_value(raw):
    with pytest.raises(DataError) as info:
        rules.clean_date(raw, "issue_date")
    assert info.value.field == "issue_date"
    assert info.value.value == raw
    assert raw in str(info.value) and "issue_date" in str(info.value)


def test_clean_date_required_and_optional():
    with pytest.raises(DataError) as info:
        rules.clean_date("", "due_date")
    assert info.value.field == "due_date"
    assert rules.clean_date("", "due_date", required=False) is None
    assert rules.clean_date(None, "due_date", required=False) is None
    assert rules.clean_date("  ", "due_date", required=False) is None


# --------------------------------------------------------------------------- choice, int


def test_clean_choice_normalises_case_to_the_choices():
    assert rules.clean_choice(" a ", rules.TIERS, "tier") == "A"
    assert rules.clean_choice("B", rules.TIERS, "tier") == "B"
    assert rules.clean_choice("ON_LEAVE", rules.SALESPERSON_STATUSES, "status") == "on_leave"
    assert rules.clean_choice("Open", rules.ORDER_STATUSES, "status") == "open"


@pytest.mark.parametrize(
    ("raw", "choices", "field"),
    [("Z", rules.TIERS, "tier"), ("", rules.TIERS, "tier"), ("gone", rules.SALESPERSON_STATUSES, "status")],
)
def test_clean_choice_refuses_listing_the_choices(raw, choices, field):
    with pytest.raises(DataError) as info:
        rules.clean_choice(raw, choices, field)
    assert info.value.field == field
    assert info.value.value == raw
    for choice in choices:
        assert choice in info.value.message


@pytest.mark.parametrize(("raw", "expected"), [("0", 0), ("365", 365), (" 30 ", 30), (45, 45), ("+7", 7)])
def test_clean_int_within_bounds(raw, expected):
    assert rules.clean_int(raw, "terms_days", low=0, high=365) == expected


@pytest.mark.parametrize("raw", ["-1", "366", "1000"])
def test_clean_int_out_of_bounds(raw):
    with pytest.raises(DataError) as info:
        rules.clean_int(raw, "terms_days", low=0, high=365)
    assert info.value.field == "terms_days"
    assert info.value.value == raw
    assert "0" in info.value.message and "365" in info.value.message


@pytest.mark.parametrize("raw", ["abc", "", None, "1.5", "3 0", "1e3"])
def test_clean_int_not_a_whole_number(raw):
    with pytest.raises(DataError) as info:
        rules.clean_int(raw, "terms_days", low=0, high=365)
    assert info.value.field == "terms_days"
    assert "whole number" in info.value.message


# --------------------------------------------------------------------------- clean_customer


def test_clean_customer_full_record():
    raw = {
        "name": "  Acme S.L. ",
        "tax_id": "b 1234 5678",
        "territory": " MAD ",
        "group": "DIST",
        "salesperson": "",
        "tier": "a",
        "terms_days": "45",
        "credit_limit": "1.234,50",
        "city": " Madrid ",
        "email": "info@acme.es",
        "phone": "+34 600 000 000",
        "customer_since": "01/03/2020",
    }
    out = rules.clean_customer(raw, "es_ES")
    assert out == {
        "name": "Acme S.L.",
        "tax_id": "B12345678",
        "territory": "MAD",
        "group": "DIST",
        "salesperson": "",
        "tier": "A",
        "terms_days": 45,
        "credit_limit": D("1234.50"),
        "city": "Madrid",
        "email": "info@acme.es",
        "phone": "+34 600 000 000",
        "customer_since": date(2020, 3, 1),
    }


def test_clean_customer_full_record_defaults_tier_and_terms():
    out = rules.clean_customer({"name": "Bar El Sol"}, "en_US")
    assert out == {"name": "Bar El Sol", "tier": "C", "terms_days": 30}
    out = rules.clean_customer({"name": "Bar", "terms_days": "", "tier": None, "credit_limit": ""}, "en_US")
    assert out["terms_days"] == 30 and out["tier"] == "C" and out["credit_limit"] is None


def test_clean_customer_full_record_requires_name():
    with pytest.raises(DataError) as info:
        rules.clean_customer({"city": "Madrid"}, "en_US")
    assert info.value.field == "name"


def test_clean_customer_partial_checks_only_given_keys():
    assert rules.clean_customer({"credit_limit": "12,5"}, "en_US", partial=True) == {
        "credit_limit": D("12.50")
    }
    assert rules.clean_customer({"name": None, "tier": None, "city": "Toledo"}, "en_US", partial=True) == {
        "city": "Toledo"
    }
    assert rules.clean_customer({}, "en_US", partial=True) == {}
    # An empty credit limit clears it in an edit.
    assert rules.clean_customer({"credit_limit": ""}, "en_US", partial=True) == {"credit_limit": None}


@pytest.mark.parametrize(
    ("raw", "field", "value"),
    [
        ({"tier": "Z"}, "tier", "Z"),
        ({"terms_days": "abc"}, "terms_days", "abc"),
        ({"terms_days": "400"}, "terms_days", "400"),
        ({"credit_limit": "1x"}, "credit_limit", "1x"),
        ({"email": "nope"}, "email", "nope"),
        ({"phone": "12"}, "phone", "12"),
        ({"territory": "M A D"}, "territory", "M A D"),
        ({"customer_since": "31/02/2020"}, "customer_since", "31/02/2020"),
        ({"name": "   "}, "name", ""),
    ],
)
def test_clean_customer_partial_refuses_bad_fields(raw, field, value):
    with pytest.raises(DataError) as info:
        rules.clean_customer(raw, "en_US", partial=True)
    assert info.value.field == field
    assert info.value.value == value


# --------------------------------------------------------------------------- order transitions


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("open", "invoiced"),
        ("open", "cancelled"),
        ("open", "open"),
        ("invoiced", "invoiced"),
        ("open", "INVOICED"),
    ],
)
def test_order_transition_allowed(old, new):
    rules.check_order_transition(old, new)  # no error


@pytest.mark.parametrize(
    ("old", "new"),
    [("invoiced", "open"), ("cancelled", "open"), ("invoiced", "cancelled"), ("cancelled", "invoiced")],
)
def test_order_transition_refused_naming_both_states(old, new):
    with pytest.raises(DataError) as info:
        rules.check_order_transition(old, new)
    assert info.value.field == "status"
    assert old in info.value.message and new in info.value.message


def test_order_transition_to_unknown_status():
    with pytest.raises(DataError) as info:
        rules.check_order_transition("open", "shipped")
    assert info.value.field == "status" and info.value.value == "shipped"


def test_default_due_date():
    assert rules.default_due_date(date(2026, 11, 1), 60) == date(2026, 12, 31)
    assert rules.default_due_date(date(2026, 11, 1), 0) == date(2026, 11, 1)


# --------------------------------------------------------------------------- allocate: hand-computed cases


def inv(number: str, issue: str, due: str, amount: str) -> Item:
    return Item(number, d(issue), d(due), D(amount))


def test_named_invoice_first_then_oldest_by_due_date():
    items = [
        inv("A", "2026-01-01", "2026-01-31", "100.00"),
        inv("B", "2026-02-01", "2026-03-03", "50.00"),
        inv("C", "2026-03-01", "2026-03-31", "80.00"),
    ]
    alloc = allocate(items, [Receipt("P", d("2026-04-01"), D("120.00"), "B")])
    assert alloc.applications == [Application("P", "B", D("50.00")), Application("P", "A", D("70.00"))]
    assert alloc.open_amounts == {"A": D("30.00"), "B": D("0.00"), "C": D("80.00")}
    assert alloc.unapplied == 0
    assert alloc.open_total == D("110.00")
    assert alloc.balance == D("110.00")


def test_named_invoice_partial_payment_stays_there():
    items = [inv("A", "2026-01-01", "2026-01-31", "100.00"), inv("B", "2026-02-01", "2026-03-03", "50.00")]
    alloc = allocate(items, [Receipt("P", d("2026-04-01"), D("20.00"), "B")])
    assert alloc.applications == [Application("P", "B", D("20.00"))]
    assert alloc.open_amounts == {"A": D("100.00"), "B": D("30.00")}


def test_oldest_first_orders_by_due_then_issue_then_number():
    items = [
        inv("X", "2026-01-10", "2026-02-01", "10.00"),
        inv("Z9", "2026-01-05", "2026-02-01", "10.00"),
        inv("Y", "2026-01-05", "2026-02-01", "10.00"),
        inv("W", "2026-01-15", "2026-01-20", "10.00"),  # issued last, but due first
        inv("V", "2026-01-01", "2026-03-01", "10.00"),  # issued first, but due last
    ]
    alloc = allocate(items, [Receipt("P", d("2026-04-01"), D("35.00"))])
    assert [(a.invoice, a.amount) for a in alloc.applications] == [
        ("W", D("10.00")),
        ("Y", D("10.00")),
        ("Z9", D("10.00")),
        ("X", D("5.00")),
    ]
    assert alloc.open_amounts == {"W": 0, "Y": 0, "Z9": 0, "X": D("5.00"), "V": D("10.00")}
    assert alloc.unapplied == 0


def test_payments_apply_in_date_order_then_reference():
    items = [inv("A", "2026-01-01", "2026-01-31", "100.00"), inv("B", "2026-02-01", "2026-02-28", "100.00")]
    receipts = [
        Receipt("P-late", d("2026-03-01"), D("60.00")),
        Receipt("P-b", d("2026-02-15"), D("30.00")),
        Receipt("P-a", d("2026-02-15"), D("80.00")),
    ]
    alloc = allocate(items, receipts)
    assert alloc.applications == [
        Application("P-a", "A", D("80.00")),
        Application("P-b", "A", D("20.00")),
        Application("P-b", "B", D("10.00")),
        Application("P-late", "B", D("60.00")),
    ]
    assert alloc.open_amounts == {"A": 0, "B": D("30.00")}


def test_excess_stays_unapplied():
    items = [inv("A", "2026-01-01", "2026-01-31", "100.00")]
    alloc = allocate(items, [Receipt("P", d("2026-02-01"), D("150.00"))])
    assert alloc.open_amounts == {"A": 0}
    assert alloc.unapplied == D("50.00")
    assert alloc.balance == D("-50.00")
    assert alloc.applications == [Application("P", "A", D("100.00"))]


def test_payment_without_invoices_is_all_unapplied():
    alloc = allocate([], [Receipt("P", d("2026-02-01"), D("75.10"))])
    assert alloc.open_amounts == {}
    assert alloc.applications == []
    assert alloc.unapplied == D("75.10")
    assert alloc.balance == D("-75.10")


def test_credit_note_applies_to_oldest_open_invoice():
    items = [
        inv("B", "2026-02-01", "2026-02-28", "50.00"),
        inv("A", "2026-01-01", "2026-01-31", "100.00"),
        inv("NC1", "2026-03-01", "2026-03-01", "-30.00"),
    ]
    alloc = allocate(items, [])
    assert alloc.applications == [Application("NC1", "A", D("30.00"))]
    assert alloc.open_amounts == {"A": D("70.00"), "B": D("50.00")}
    assert "NC1" not in alloc.open_amounts
    assert alloc.unapplied == 0
    assert alloc.balance == D("120.00")


def test_credit_note_larger_than_open_invoices_leaves_credit():
    items = [inv("A", "2026-01-01", "2026-01-31", "20.00"), inv("NC1", "2026-03-01", "2026-03-01", "-50.00")]
    alloc = allocate(items, [])
    assert alloc.applications == [Application("NC1", "A", D("20.00"))]
    assert alloc.open_amounts == {"A": 0}
    assert alloc.unapplied == D("30.00")


def test_credit_notes_and_payments_share_date_order():
    items = [
        inv("A", "2026-01-01", "2026-01-31", "100.00"),
        inv("B", "2026-01-02", "2026-02-01", "100.00"),
        inv("NC1", "2026-02-10", "2026-02-10", "-40.00"),
    ]
    receipts = [Receipt("P1", d("2026-02-05"), D("90.00")), Receipt("P2", d("2026-02-20"), D("50.00"))]
    alloc = allocate(items, receipts)
    assert alloc.applications == [
        Application("P1", "A", D("90.00")),
        Application("NC1", "A", D("10.00")),
        Application("NC1", "B", D("30.00")),
        Application("P2", "B", D("50.00")),
    ]
    assert alloc.open_amounts == {"A": 0, "B": D("20.00")}


def test_as_of_excludes_later_documents():
    items = [
        inv("A", "2026-01-01", "2026-01-31", "100.00"),
        inv("B", "2026-06-01", "2026-07-01", "50.00"),
        inv("NC1", "2026-06-15", "2026-06-15", "-10.00"),
    ]
    receipts = [Receipt("P1", d("2026-03-01"), D("30.00")), Receipt("P2", d("2026-07-01"), D("200.00"))]
    alloc = allocate(items, receipts, as_of=d("2026-05-01"))
    assert alloc.open_amounts == {"A": D("70.00")}
    assert alloc.applications == [Application("P1", "A", D("30.00"))]
    assert alloc.unapplied == 0
    # Documents dated on the day itself count.
    on_the_day = allocate(items, receipts, as_of=d("2026-06-01"))
    assert on_the_day.open_amounts == {"A": D("70.00"), "B": D("50.00")}
    everything = allocate(items, receipts)
    assert everything.open_amounts == {"A": 0, "B": 0}
    assert everything.unapplied == D("90.00")  # 30 + 200 + 10 credited, 150 invoiced


def test_payment_naming_an_already_paid_invoice_goes_to_the_queue():
    items = [inv("A", "2026-01-01", "2026-01-31", "100.00"), inv("B", "2026-02-01", "2026-02-28", "100.00")]
    receipts = [
        Receipt("P1", d("2026-02-01"), D("100.00"), "A"),
        Receipt("P2", d("2026-03-01"), D("40.00"), "A"),
    ]
    alloc = allocate(items, receipts)
    assert alloc.applications == [Application("P1", "A", D("100.00")), Application("P2", "B", D("40.00"))]
    assert alloc.open_amounts == {"A": 0, "B": D("60.00")}


@pytest.mark.parametrize("named", ["NOPE", "NC1"])
def test_payment_naming_an_unknown_invoice_or_a_credit_note_goes_to_the_queue(named):
    items = [inv("A", "2026-01-01", "2026-01-31", "100.00"), inv("NC1", "2026-01-05", "2026-01-05", "-10.00")]
    alloc = allocate(items, [Receipt("P1", d("2026-02-01"), D("50.00"), named)])
    assert Application("P1", "A", D("50.00")) in alloc.applications
    assert alloc.open_amounts == {"A": D("40.00")}


# --------------------------------------------------------------------------- allocate: properties

BASE = date(2026, 1, 1)
cents = st.integers(min_value=1, max_value=500_000).map(lambda c: D(c) / 100)
days = st.integers(min_value=0, max_value=365)


@st.composite
def documents(draw):
    n_inv = draw(st.integers(min_value=0, max_value=8))
    items = []
    for i in range(n_inv):
        issue = BASE + timedelta(days=draw(days))
        due = issue + timedelta(days=draw(st.integers(min_value=0, max_value=90)))
        amount = draw(cents)
        if draw(st.integers(min_value=0, max_value=4)) == 0:
            amount = -amount  # a credit note
        items.append(Item(f"F{i:02d}", issue, due, amount))
    names = [i.number for i in items] + [None, None, "NOPE"]
    receipts = [
        Receipt(f"P{j:02d}", BASE + timedelta(days=draw(days)), draw(cents), draw(st.sampled_from(names)))
        for j in range(draw(st.integers(min_value=0, max_value=8)))
    ]
    as_of = draw(st.one_of(st.none(), st.builds(lambda n: BASE + timedelta(days=n), days)))
    return items, receipts, as_of


def _counted(items, receipts, as_of):
    if as_of is None:
        return items, receipts
    return [i for i in items if i.issue_date <= as_of], [r for r in receipts if r.date <= as_of]


@given(documents())
def test_open_total_minus_unapplied_is_items_minus_receipts(docs):
    items, receipts, as_of = docs
    alloc = allocate(items, receipts, as_of=as_of)
    items, receipts = _counted(items, receipts, as_of)
    expected = sum((i.amount for i in items), D(0)) - sum((r.amount for r in receipts), D(0))
    assert alloc.open_total - alloc.unapplied == expected
    assert alloc.balance == expected


@given(documents())
def test_every_open_amount_is_between_zero_and_its_invoice(docs):
    items, receipts, as_of = docs
    alloc = allocate(items, receipts, as_of=as_of)
    counted, _r = _counted(items, receipts, as_of)
    amounts = {i.number: i.amount for i in counted if i.amount > 0}
    assert set(alloc.open_amounts) == set(amounts)
    applied_to = defaultdict(lambda: D(0))
    for a in alloc.applications:
        applied_to[a.invoice] += a.amount
    for number, open_amount in alloc.open_amounts.items():
        assert 0 <= open_amount <= amounts[number]
        assert open_amount == amounts[number] - applied_to[number]


@given(documents())
def test_applications_per_credit_never_exceed_it(docs):
    items, receipts, as_of = docs
    alloc = allocate(items, receipts, as_of=as_of)
    counted_items, counted_receipts = _counted(items, receipts, as_of)
    credit = {r.reference: r.amount for r in counted_receipts}
    credit.update({i.number: -i.amount for i in counted_items if i.amount < 0})
    used = defaultdict(lambda: D(0))
    for a in alloc.applications:
        assert a.amount > 0
        assert a.credit in credit
        used[a.credit] += a.amount
    for ref, total in used.items():
        assert total <= credit[ref]
    assert alloc.unapplied == sum(credit.values(), D(0)) - sum(used.values(), D(0))
    assert alloc.unapplied >= 0


@given(documents())
def test_unapplied_credit_means_nothing_is_open(docs):
    items, receipts, as_of = docs
    alloc = allocate(items, receipts, as_of=as_of)
    if alloc.unapplied > 0:
        assert all(v == 0 for v in alloc.open_amounts.values())
