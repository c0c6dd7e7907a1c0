"""Exact money: parsing per locale, formatting, minor units, largest-remainder splits, integer storage."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from salesdesk.core.errors import DataError
from salesdesk.core.money import (
    MAX_AMOUNT,
    format_date,
    format_money,
    from_minor,
    parse_amount,
    split,
    to_minor,
)

D = Decimal

# --------------------------------------------------------------------------- parse_amount


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        # plain forms with either decimal mark, in both locales
        ("es_ES", "12,5", "12.50"),
        ("es_ES", "12.50", "12.50"),
        ("en_US", "12,5", "12.50"),
        ("en_US", "12.50", "12.50"),
        # the locale's own grouped form
        ("es_ES", "1.234,56", "1234.56"),
        ("en_US", "1,234.56", "1234.56"),
        ("es_ES", "1.234.567,89", "1234567.89"),
        ("es_ES", "1.000,00", "1000.00"),
        ("en_US", "1,000.00", "1000.00"),
        # a group separator only: the decimal reading would have three decimals, so it is a thousand
        ("es_ES", "1.234", "1234.00"),
        ("en_US", "1,234", "1234.00"),
        # whole numbers, signs, currency symbols and spaces
        ("en_US", "500", "500.00"),
        ("en_US", "-5", "-5.00"),
        ("es_ES", "-0,5", "-0.50"),
        ("es_ES", "€ 12,50", "12.50"),
        ("es_ES", "1.234,56\xa0€", "1234.56"),
        ("en_US", "€1,234.56", "1234.56"),
        ("en_US", "  7.1  ", "7.10"),
        # no "-0.00"
        ("en_US", "-0", "0.00"),
    ],
)
def test_parse_amount_accepts(locale: str, text: str, expected: str) -> None:
    value = parse_amount(text, locale)
    assert value == D(expected)
    assert str(value) == expected  # always two places


@pytest.mark.parametrize(
    ("locale", "text", "reason"),
    [
        ("en_US", "abc", "is not an amount"),
        ("es_ES", "abc", "is not an amount"),
        ("en_US", "12a", "is not an amount"),
        ("en_US", "1e5", "is not an amount"),
        ("en_US", "NaN", "is not an amount"),
        ("en_US", "0.001", "more than two decimals"),
        ("es_ES", "0,001", "more than two decimals"),
        ("es_ES", "1,234", "more than two decimals"),  # 1,234 in es_ES is 1.234: three decimals
        ("en_US", "1.234", "more than two decimals"),
        ("en_US", "", "required"),
        ("en_US", "   ", "required"),
        ("en_US", "1000000000000", "too large"),
    ],
)
def test_parse_amount_refuses_naming_field_and_value(locale: str, text: str, reason: str) -> None:
    with pytest.raises(DataError) as info:
        parse_amount(text, locale, field="credit_limit")
    err = info.value
    assert err.field == "credit_limit"
    assert err.value == text
    assert reason in err.message
    assert str(err).startswith("credit_limit")
    if text.strip():
        assert repr(text) in str(err)  # the value as typed is quoted in the one-line message


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        # Decimals count as written: "1.000" has three, so in es_ES only the grouping reading is money.
        ("es_ES", "1.000", "1000.00"),
        ("es_ES", "12.500", "12500.00"),
        ("en_US", "1,000", "1000.00"),
    ],
)
def test_three_digits_after_a_group_separator_are_thousands(locale: str, text: str, expected: str) -> None:
    assert parse_amount(text, locale, field="amount") == D(expected)


def test_three_decimals_in_the_locale_decimal_mark_are_refused() -> None:
    for locale, text in (("en_US", "12.500"), ("es_ES", "12,500")):
        with pytest.raises(DataError) as info:
            parse_amount(text, locale, field="amount")
        assert info.value.value == text
        assert "two decimals" in info.value.message


def test_parse_amount_negative_refused_when_not_allowed() -> None:
    assert parse_amount("-3", "en_US") == D("-3.00")
    with pytest.raises(DataError) as info:
        parse_amount("-3", "en_US", field="credit_limit", allow_negative=False)
    assert info.value.field == "credit_limit"
    assert info.value.value == "-3"
    assert "negative" in info.value.message


def test_parse_amount_largest_amount() -> None:
    assert parse_amount("999999999999.99", "en_US") == MAX_AMOUNT
    assert parse_amount("-999999999999.99", "en_US") == -MAX_AMOUNT


# --------------------------------------------------------------------------- formatting


def test_format_money_per_locale() -> None:
    assert format_money(D("1234.56"), "es_ES") == "1.234,56\xa0€"
    assert format_money(D("1234.56"), "en_US") == "€1,234.56"
    assert format_money(D("1234.56"), "es_MX", "MXN") == "$1,234.56"
    assert format_money(D("0.50"), "en_US", "USD") == "$0.50"


def test_format_date_per_locale() -> None:
    assert format_date(date(2026, 11, 28), "es_ES") == "28/11/2026"
    assert format_date(date(2026, 11, 28), "en_US") == "11/28/2026"
    assert format_date(date(2026, 1, 5), "es_ES") == "05/01/2026"
    assert format_date(None, "es_ES") == ""


cents = st.integers(min_value=-(10**13) + 1, max_value=10**13 - 1)


@given(minor=cents, locale=st.sampled_from(["es_ES", "en_US", "es_MX"]))
def test_formatted_money_parses_back(minor: int, locale: str) -> None:
    value = from_minor(minor)
    currency = "MXN" if locale == "es_MX" else "EUR"
    assert parse_amount(format_money(value, locale, currency), locale) == value


# --------------------------------------------------------------------------- minor units


def test_to_minor_and_from_minor() -> None:
    assert to_minor(D("12.50")) == 1250
    assert to_minor(D("12.5")) == 1250
    assert to_minor(D("-0.05")) == -5
    assert to_minor(D("1.230")) == 123  # trailing zero: still exactly one cent resolution
    assert to_minor(7) == 700
    assert from_minor(1250) == D("12.50")
    assert str(from_minor(1250)) == "12.50"
    assert str(from_minor(-5)) == "-0.05"
    assert str(from_minor(0)) == "0.00"


@pytest.mark.parametrize("value", [D("1.005"), D("0.001"), D("-12.345")])
def test_to_minor_refuses_three_decimals(value: Decimal) -> None:
    with pytest.raises(ValueError, match="more than two decimals"):
        to_minor(value)


def test_to_minor_refuses_float() -> None:
    with pytest.raises(TypeError):
        to_minor(1.5)  # type: ignore[arg-type]


@given(minor=cents)
def test_minor_round_trip(minor: int) -> None:
    value = from_minor(minor)
    assert to_minor(value) == minor
    assert from_minor(to_minor(value)) == value
    assert value.as_tuple().exponent == -2


# --------------------------------------------------------------------------- split


def test_split_hand_cases() -> None:
    assert split(D("100"), [1, 1, 1]) == [D("33.34"), D("33.33"), D("33.33")]
    assert split(D("-100"), [1, 1, 1]) == [D("-33.34"), D("-33.33"), D("-33.33")]
    # 1.00 in 1:2 → 33.33.. and 66.66.. cents; the one cent left goes to the larger fraction (.66)
    assert split(D("1.00"), [1, 2]) == [D("0.33"), D("0.67")]
    # weights given as money
    assert split(D("10.00"), [D("2.50"), D("7.50")]) == [D("2.50"), D("7.50")]
    assert split(D("0"), [3, 1]) == [D("0.00"), D("0.00")]
    assert split(D("5"), []) == []


def test_split_ties_go_to_lower_key() -> None:
    # one cent, two equal shares: the lower key wins, wherever it stands
    assert split(D("0.01"), [1, 1], keys=["b", "a"]) == [D("0.00"), D("0.01")]
    assert split(D("0.01"), [1, 1], keys=["a", "b"]) == [D("0.01"), D("0.00")]
    # two cents over three equal shares: "a" and "b" get them, "c" does not
    assert split(D("0.02"), [1, 1, 1], keys=["c", "a", "b"]) == [D("0.00"), D("0.01"), D("0.01")]
    # without keys: the earlier position
    assert split(D("0.01"), [1, 1]) == [D("0.01"), D("0.00")]


def test_split_all_zero_weights_is_equal() -> None:
    assert split(D("10"), [0, 0, 0, 0]) == [D("2.50")] * 4
    assert split(D("0.10"), [0, 0, 0]) == [D("0.04"), D("0.03"), D("0.03")]


def test_split_refuses_bad_input() -> None:
    with pytest.raises(ValueError):
        split(D("10"), [1, -1])
    with pytest.raises(ValueError):
        split(D("10.005"), [1, 1])


weights_st = st.lists(
    st.one_of(
        st.integers(min_value=0, max_value=10**6),
        st.integers(min_value=0, max_value=10**8).map(from_minor),
    ),
    min_size=1,
    max_size=12,
)


@given(minor=cents, weights=weights_st)
def test_split_parts_sum_to_total_and_stay_within_a_cent(minor: int, weights: list) -> None:
    total = from_minor(minor)
    parts = split(total, weights)
    assert len(parts) == len(weights)
    assert sum(parts, D("0.00")) == total
    ws = [D(w) for w in weights]
    if sum(ws) == 0:
        ws = [D(1)] * len(ws)
    for part, w in zip(parts, ws, strict=True):
        assert part.as_tuple().exponent == -2
        exact = total * w / sum(ws)
        assert abs(part - exact) < D("0.01") + D("1e-20")


@given(
    minor=st.integers(min_value=0, max_value=10**9),
    n=st.integers(min_value=1, max_value=9),
)
def test_split_equal_weights_differ_by_at_most_a_cent(minor: int, n: int) -> None:
    parts = split(from_minor(minor), [1] * n)
    assert max(parts) - min(parts) <= D("0.01")
    assert parts == sorted(parts, reverse=True)  # leftover cents go to the earlier positions


# --------------------------------------------------------------------------- stored sums


@given(amounts=st.lists(st.integers(min_value=-(10**9), max_value=10**9), max_size=50))
def test_sum_of_many_amounts_is_exact(amounts: list[int]) -> None:
    values = [from_minor(a) for a in amounts]
    assert sum(values, D("0.00")) == from_minor(sum(amounts))


def test_ten_dimes_sum_to_exactly_one_through_the_database(seeded) -> None:
    from salesdesk.core.db import read_session, write_session
    from salesdesk.core.dbtypes import as_money
    from salesdesk.org import queries as q
    from salesdesk.org.models import Customer, Invoice
    from tests.conftest import TODAY

    assert sum([0.10] * 10) != 1.0  # what floats would have done
    with write_session(seeded) as s:
        for i in range(10):
            q.add_invoice(
                session=s, number=f"D{i:02d}", customer="C002", amount="0.10", locale="en_US", today=TODAY
            )
    with read_session(seeded) as s:
        cid = s.exec(select(Customer.id).where(Customer.code == "C002")).one()[0]
        raw = (
            s.connection()
            .exec_driver_sql(
                "SELECT SUM(amount), typeof(SUM(amount)) FROM invoices WHERE customer_id = ?", (cid,)
            )
            .one()
        )
        assert raw == (100, "integer")  # 10 x 0.10 = 10 x 10 hundredths, an integer
        total_sql = s.exec(
            select(as_money(func.sum(Invoice.amount))).where(Invoice.customer_id == cid)
        ).one()[0]
        assert total_sql == D("1.00")
        stored = s.exec(select(Invoice.amount).where(Invoice.customer_id == cid)).all()
        amounts = [row[0] for row in stored]
    assert amounts == [D("0.10")] * 10
    assert all(isinstance(a, Decimal) for a in amounts)
    assert sum(amounts, D("0.00")) == D("1.00")


def test_money_columns_refuse_real(seeded) -> None:
    sql = (
        "INSERT INTO invoices (number, customer_id, issue_date, due_date, amount) "
        "VALUES (?, 1, '2026-11-28', '2026-12-28', ?)"
    )
    with seeded.connect() as conn:
        conn.exec_driver_sql(sql, ("INT1", 150))  # an integer of hundredths is fine
        conn.commit()
    with seeded.connect() as conn, pytest.raises(IntegrityError, match="CHECK constraint"):
        conn.exec_driver_sql(sql, ("REAL1", 1.5))
    with seeded.connect() as conn, pytest.raises(IntegrityError, match="CHECK constraint"):
        conn.exec_driver_sql("UPDATE customers SET credit_limit = 1.5 WHERE code = 'C001'")
    with seeded.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT number, amount FROM invoices WHERE number IN ('INT1', 'REAL1')"
        ).all()
        assert rows == [("INT1", 150)]
