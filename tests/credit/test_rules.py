"""Credit arithmetic with hand-computed numbers, and properties of aging and allocation."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesdesk.core.errors import DataError
from salesdesk.credit import rules
from salesdesk.credit.rules import Paid, ScoreWeights
from salesdesk.org.rules import Item, Receipt, allocate

D = Decimal


@pytest.mark.parametrize(
    ("days", "bucket"),
    [(-5, 0), (0, 0), (1, 1), (30, 1), (31, 2), (60, 2), (61, 3), (90, 3), (91, 4), (400, 4)],
)
def test_bucket_edges(days, bucket):
    assert rules.bucket_index(days) == bucket


def test_bucket_edges_are_configurable():
    assert rules.bucket_index(15, (15, 45, 75)) == 1
    assert rules.bucket_index(16, (15, 45, 75)) == 2
    with pytest.raises(DataError):
        rules.check_edges((30, 30, 90))


# F1 100.00 issued 01-01 due 01-31; F2 200.00 issued 02-01 due 03-01; F3 50.00 issued 03-16 due 04-15;
# credit note CN −30.00 on 02-15; payment P1 80.00 on 02-10 (names no invoice).
ITEMS = [
    Item("F1", date(2026, 1, 1), date(2026, 1, 31), D("100.00")),
    Item("F2", date(2026, 2, 1), date(2026, 3, 1), D("200.00")),
    Item("F3", date(2026, 3, 16), date(2026, 4, 15), D("50.00")),
    Item("CN", date(2026, 2, 15), date(2026, 2, 15), D("-30.00")),
]
RECEIPTS = [Receipt("P1", date(2026, 2, 10), D("80.00"))]


def test_aging_at_the_end_of_march():
    # P1 pays 80 of F1 (20 left); CN pays F1's 20 and 10 of F2 (190 left); F2 is 30 days late; F3 not due
    aging = rules.age(ITEMS, RECEIPTS, date(2026, 3, 31))
    assert aging.buckets == [D("50.00"), D("190.00"), D("0.00"), D("0.00"), D("0.00")]
    assert (aging.total, aging.overdue, aging.oldest_days) == (D("240.00"), D("190.00"), 30)


def test_aging_on_the_due_day_is_not_due_and_later_documents_do_not_count():
    aging = rules.age(ITEMS, RECEIPTS, date(2026, 3, 1))  # F2 due today; F3 not issued yet
    assert aging.buckets == [D("190.00"), D("0.00"), D("0.00"), D("0.00"), D("0.00")]


def test_aging_point_in_time_before_the_credit_note():
    aging = rules.age(ITEMS, RECEIPTS, date(2026, 2, 12))  # CN (02-15) not yet: F1 20 open, 12 days late
    assert aging.buckets == [D("200.00"), D("20.00"), D("0.00"), D("0.00"), D("0.00")]
    assert aging.total == D("220.00")


def test_aging_moves_through_the_buckets():
    one = [Item("F", date(2026, 1, 1), date(2026, 1, 31), D("10.00"))]
    for as_of, days, bucket in (
        (date(2026, 3, 2), 30, 1),
        (date(2026, 3, 3), 31, 2),
        (date(2026, 4, 1), 60, 2),
        (date(2026, 4, 2), 61, 3),
        (date(2026, 5, 1), 90, 3),
        (date(2026, 5, 2), 91, 4),
    ):
        assert (as_of - date(2026, 1, 31)).days == days
        aging = rules.age(one, [], as_of)
        assert aging.buckets[bucket] == D("10.00") and aging.total == D("10.00"), (as_of, aging.buckets)


def test_over_payment_is_customer_credit_subtracted_from_the_total():
    aging = rules.age(ITEMS[:1], [Receipt("P9", date(2026, 1, 20), D("150.00"))], date(2026, 3, 31))
    assert aging.buckets == [D("0.00")] * 5
    assert (aging.unapplied, aging.total) == (D("50.00"), D("-50.00"))


def test_partial_payment_named_on_a_later_invoice():
    receipts = [Receipt("P2", date(2026, 3, 20), D("150.00"), invoice="F2")]
    aging = rules.age(ITEMS[:2], receipts, date(2026, 3, 31))
    # P2 pays 150 of F2 (50 left, 30 days late); F1 100 is 59 days late
    assert aging.buckets == [D("0.00"), D("50.00"), D("100.00"), D("0.00"), D("0.00")]


def test_dso_count_back():
    # 1,500 owed: the last month's 1,000 of sales (30 days) and half of the month before (31 days)
    assert rules.dso_count_back(D("1500"), [(30, D("1000")), (31, D("1000"))]) == D("45.5")
    assert rules.dso_count_back(D("0"), [(30, D("1000"))]) == D("0")
    assert rules.dso_count_back(D("100"), [(30, D("0"))]) is None
    assert rules.dso_count_back(D("0"), [(30, D("0"))]) is None  # no sales and nothing owed: no base
    assert rules.dso_count_back(D("2500"), [(30, D("1000")), (31, D("1000"))]) == D("61.0")


def test_cei():
    # (1,000 + 500 − 600) ÷ (1,000 + 500 − 400) = 900 ÷ 1,100 = 81.818…
    assert rules.cei(D("1000"), D("500"), D("600"), D("400")) == D("81.8")
    assert rules.cei(D("0"), D("0"), D("0"), D("0")) is None


@pytest.mark.parametrize(
    ("receivables", "orders", "limit", "oldest", "usage", "status"),
    [
        ("1000", "500", "2000", 0, D("75.0"), "ok"),
        ("1000", "600", "2000", 0, D("80.0"), "warning"),
        ("1500", "500", "2000", 0, D("100.0"), "over"),
        ("10", "0", None, 0, None, "over"),
        ("10", "0", "0", 0, None, "over"),
        ("0", "0", None, 0, None, "ok"),
        ("100", "0", "2000", 60, D("5.0"), "ok"),
        ("100", "0", "2000", 61, D("5.0"), "hold"),
    ],
)
def test_exposure_status(receivables, orders, limit, oldest, usage, status):
    e = rules.exposure_status(D(receivables), D(orders), D(limit) if limit else None, oldest)
    assert (e.usage_pct, e.status) == (usage, status)
    assert e.exposure == D(receivables) + D(orders)


def test_check_order_fits_or_not():
    e = rules.exposure_status(D("1000"), D("500"), D("2000"), 0)
    assert rules.check_order(e, D("500")) == (D("2000.00"), True)
    assert rules.check_order(e, D("500.01")) == (D("2000.01"), False)
    held = rules.exposure_status(D("100"), D("0"), D("2000"), 61)
    assert rules.check_order(held, D("1")) == (D("101.00"), False)


def test_payment_history_dates_the_credit_that_closed_each_invoice():
    paid = rules.payment_history(
        ITEMS, RECEIPTS + [Receipt("P3", date(2026, 4, 20), D("240.00"))], date(2026, 4, 30)
    )
    assert [(p.number, p.paid_on) for p in paid] == [
        ("F1", date(2026, 2, 15)),  # closed by the credit note
        ("F2", date(2026, 4, 20)),
        ("F3", date(2026, 4, 20)),
    ]


def test_score_by_hand():
    paid = [
        Paid("A", D("1000"), date(2026, 1, 31), date(2026, 2, 10)),  # 10 days late
        Paid("B", D("3000"), date(2026, 2, 28), date(2026, 2, 20)),  # early
    ]
    s = rules.score(
        paid,
        overdue=D("0"),
        oldest_overdue_days=0,
        months_as_customer=12,
        sales_12m=D("12000"),
        terms_days=30,
    )
    # 35 × (1 − 2.5/60) + 25 × 0.5 + 15 + 10 + 15 × 12/24 = 33.5417 + 12.5 + 15 + 10 + 7.5 = 78.54
    assert (s.score, s.credit_class, s.avg_days_late, s.late_share_pct) == (
        D("78.5"),
        "B",
        D("2.5"),
        D("50.0"),
    )
    assert s.suggested_limit == D("2000.00")  # 1,000 a month × (30/30 + 1) × 1.0


def test_score_with_overdue_and_no_history():
    s = rules.score(
        [],
        overdue=D("500"),
        oldest_overdue_days=45,
        months_as_customer=30,
        sales_12m=D("12000"),
        terms_days=60,
    )
    # 35 + 25 + 15 × (1 − 500/1,000) + 10 × (1 − 45/90) + 15 = 35 + 25 + 7.5 + 5 + 15 = 87.5 → A
    assert (s.score, s.credit_class) == (D("87.5"), "A")
    assert s.suggested_limit == D("4500.00")  # 1,000 × (60/30 + 1) × 1.5


@pytest.mark.parametrize(
    ("klass", "limit"), [("A", "4500.00"), ("B", "3000.00"), ("C", "1500.00"), ("D", "0.00")]
)
def test_each_class_factor(klass, limit):
    assert rules.suggested_limit(D("1000"), 60, klass) == D(limit)


@pytest.mark.parametrize(
    ("score", "klass"), [(80, "A"), (79.9, "B"), (60, "B"), (59.9, "C"), (40, "C"), (39.9, "D")]
)
def test_class_floors(score, klass):
    assert rules.credit_class(D(str(score))) == klass


def test_score_weights_must_total_100():
    with pytest.raises(DataError):
        rules.score(
            [],
            overdue=D(0),
            oldest_overdue_days=0,
            months_as_customer=0,
            sales_12m=D(0),
            terms_days=30,
            weights=ScoreWeights(tenure=D(20)),
        )


def test_months_between():
    assert rules.months_between(date(2025, 11, 28), date(2026, 11, 28)) == 12
    assert rules.months_between(date(2025, 11, 29), date(2026, 11, 28)) == 11
    assert rules.months_between(None, date(2026, 11, 28)) == 0


# --------------------------------------------------------------------------- properties

_money = st.integers(1, 500_000).map(lambda c: D(c).scaleb(-2))
_day = st.integers(0, 200).map(lambda n: date(2026, 1, 1) + timedelta(days=n))


@st.composite
def _documents(draw):
    items = []
    for n in range(draw(st.integers(0, 8))):
        issued = draw(_day)
        amount = draw(_money) * (-1 if draw(st.integers(0, 5)) == 0 else 1)
        items.append(Item(f"F{n}", issued, issued + timedelta(days=draw(st.integers(0, 90))), amount))
    numbers = [i.number for i in items if i.amount > 0]
    receipts = [
        Receipt(f"P{n}", draw(_day), draw(_money), draw(st.sampled_from([None, *numbers])))
        for n in range(draw(st.integers(0, 6)))
    ]
    return items, receipts


@given(docs=_documents(), as_of=_day)
def test_buckets_sum_to_the_open_receivables(docs, as_of):
    items, receipts = docs
    aging = rules.age(items, receipts, as_of)
    assert aging.total == allocate(items, receipts, as_of=as_of).balance
    # and independently of the allocation: what was invoiced less what was paid, by the as-of date
    invoiced = sum((i.amount for i in items if i.issue_date <= as_of), D(0))
    paid = sum((r.amount for r in receipts if r.date <= as_of), D(0))
    assert sum(aging.buckets, D(0)) - aging.unapplied == invoiced - paid
    assert all(b >= 0 for b in aging.buckets) and aging.unapplied >= 0


@given(docs=_documents())
def test_allocation_never_applies_more_than_an_invoice_amount(docs):
    items, receipts = docs
    result = allocate(items, receipts)
    applied: dict[str, Decimal] = {}
    for a in result.applications:
        applied[a.invoice] = applied.get(a.invoice, D(0)) + a.amount
    amounts = {i.number: i.amount for i in items}
    assert all(applied[n] <= amounts[n] for n in applied)
    assert all(v >= 0 for v in result.open_amounts.values())


def test_importance_share_and_growth():
    imp = rules.importance(D("120.00"), D("100.00"), D("1200.00"))
    assert (imp.sales_12m, imp.share_pct, imp.growth_pct) == (D("120.00"), D("10.0"), D("20.0"))
    shrinking = rules.importance(D("50.00"), D("200.00"), D("3000.00"))
    assert (shrinking.share_pct, shrinking.growth_pct) == (D("1.7"), D("-75.0"))
    new = rules.importance(D("10.00"), D("0.00"), D("0.00"))  # no base: no share, no growth
    assert (new.share_pct, new.growth_pct) == (None, None)
