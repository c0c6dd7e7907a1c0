"""Pure unit tests of ``salesdesk.intel.rules``: name normalisation and similarity (likely duplicate
customers), the leave-one-out usual amount, merge filling, countermeasure status changes, finding order."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from salesdesk.core.errors import DataError
from salesdesk.intel import rules
from salesdesk.intel.rules import (
    Finding,
    Usual,
    check_transition,
    digits_of,
    leave_one_out,
    merge_fill,
    normalise_name,
    similar_pairs,
    similarity,
    sort_findings,
    unusual,
)

# --------------------------------------------------------------------------- normalise_name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ferretería López, S.L.", "ferreteria lopez"),
        ("FERRETERIA LOPEZ SL", "ferreteria lopez"),
        ("Ferretería López S. L.", "ferreteria lopez"),  # letters apart by spaces are one legal form
        ("S.L. Ferretería López", "ferreteria lopez"),  # a legal form at the start
        ("Distribuciones Levante S.L.U.", "distribuciones levante"),
        ("Hoteles del Sur, S.A.", "hoteles sur"),  # small words go anywhere
        ("Casa de la Abuela y Nietos", "casa abuela nietos"),
        ("ÁVILA  CAFÉ", "avila cafe"),  # accents and runs of spaces
        ("Bar-Plaza_2", "bar plaza 2"),  # punctuation and underscores split words
        ("Hotel Sa Roca SA", "hotel sa roca"),  # "sa" only at either end is a legal form
        ("Ferretería López S.L. S.A.", "ferreteria lopez"),  # several legal forms in a row
    ],
)
def test_normalise_name_folds_and_drops_legal_forms_and_small_words(name, expected):
    assert normalise_name(name) == expected


def test_normalise_name_keeps_a_name_that_is_only_a_legal_form_or_only_small_words():
    assert normalise_name("S.L.") == "sl"
    assert normalise_name("De La") == "de la"  # nothing would be left: the words stay
    assert normalise_name("") == ""


def test_digits_of_lists_the_numbers_in_order():
    assert digits_of("Bar Plaza 2") == ("2",)
    assert digits_of("Local 12, nave 3") == ("12", "3")
    assert digits_of("Bar Plaza") == ()


# --------------------------------------------------------------------------- similarity


def test_equal_names_once_normalised_score_100():
    a, b = normalise_name("Ferretería López, S.L."), normalise_name("FERRETERIA LOPEZ SL")
    assert similarity(a, b) == 100.0


def test_word_order_is_ignored():
    assert similarity("lopez ferreteria", "ferreteria lopez") == 100.0


def test_names_whose_numbers_differ_never_match():
    assert similarity("bar plaza 2", "bar plaza 3") == 0.0
    assert similarity("bar plaza 2", "bar plaza") == 0.0
    assert similarity("bar plaza 2", "bar plaza 2") == 100.0


def test_the_words_not_shared_must_be_alike_themselves():
    # a slip ("lopez" / "lopes") keeps the token-sort score
    assert similarity("ferreteria lopez", "ferreteria lopes") == pytest.approx(93.75)
    # two different words in otherwise equal names: two companies
    assert similarity("grupo hostelero duero", "grupo hostelero ebro") == 0.0


def test_similarity_without_unshared_words_on_one_side_is_the_token_sort_ratio():
    from rapidfuzz import fuzz

    # only one side has a word of its own: the extra word lowers the score but does not zero it
    expected = fuzz.token_sort_ratio("bar sol", "bar sol madrid")
    assert similarity("bar sol", "bar sol madrid") == pytest.approx(expected)
    assert 0 < expected < 90


# --------------------------------------------------------------------------- similar_pairs


def test_similar_pairs_finds_only_alike_names_lower_key_first_best_first():
    names = {
        "D": "FERRETERIA LOPEZ SL",
        "C": "Ferretería López, S.L.",
        "A": "Bar Plaza 2",
        "B": "Bar Plaza 3",
        "E": "Grupo Hostelero Duero",
        "F": "Grupo Hostelero Ebro",
        "G": "Ferreteria Lopes S.A.",
    }
    pairs = similar_pairs(names, 90)
    assert [(a, b) for a, b, _s in pairs] == [("C", "D"), ("C", "G"), ("D", "G")]
    assert pairs[0][2] == 100.0
    assert all(score >= 90 for _a, _b, score in pairs)


def test_similar_pairs_respects_the_threshold():
    names = {"A": "Ferreteria Lopez", "B": "Ferreteria Lopes"}  # 93.75
    assert similar_pairs(names, 93) == [("A", "B", pytest.approx(93.75))]
    assert similar_pairs(names, 94) == []


def test_similar_pairs_equal_names_meet_even_when_every_word_is_common():
    # "bar" and "sol" are shared by more names than ``common``: only the whole name pairs them
    names = {f"K{i:02d}": f"Bar Sol {i}" for i in range(5)} | {"X1": "Bar Sol", "X2": "BAR SOL S.L."}
    assert similar_pairs(names, 90, common=3) == [("X1", "X2", 100.0)]


def test_similar_pairs_compares_only_names_sharing_a_word():
    # alike letters but no shared word of three letters or more: never compared
    assert similar_pairs({"A": "ab cd", "B": "ab ce"}, 50) == []


# --------------------------------------------------------------------------- usual amounts


def test_leave_one_out_is_the_mean_and_sd_of_the_others():
    amounts = [Decimal(x) for x in ("100", "200", "300", "1000")]
    total, squares = sum(amounts), sum(a * a for a in amounts)
    usual = leave_one_out(len(amounts), total, squares, Decimal("1000"))
    assert usual.count == 3
    assert usual.mean == Decimal(200)
    # population sd of 100, 200, 300: sqrt(20000 / 3)
    assert usual.sd == pytest.approx(Decimal("81.6496580927726"), abs=Decimal("1e-9"))


def test_leave_one_out_of_a_single_invoice_has_no_others():
    assert leave_one_out(1, Decimal(5), Decimal(25), Decimal(5)) == Usual(0, Decimal(0), Decimal(0))


def test_leave_one_out_of_equal_others_has_no_spread():
    usual = leave_one_out(7, Decimal(600 + 900), Decimal(6 * 100 * 100 + 900 * 900), Decimal(900))
    assert (usual.count, usual.mean, usual.sd) == (6, Decimal(100), Decimal(0))


def test_unusual_needs_more_than_times_the_mean():
    usual = Usual(6, Decimal(100), Decimal(0))
    assert unusual(Decimal("500.01"), usual, times=Decimal(5))
    assert not unusual(Decimal("500.00"), usual, times=Decimal(5))
    assert not unusual(Decimal("499.99"), usual, times=Decimal(5))


def test_unusual_needs_more_than_four_sd_above_the_mean():
    usual = Usual(6, Decimal(100), Decimal(200))  # mean + 4 sd = 900
    assert not unusual(Decimal("900.00"), usual, times=Decimal(5))
    assert unusual(Decimal("900.01"), usual, times=Decimal(5))


def test_unusual_needs_six_others_and_a_positive_mean():
    assert not unusual(Decimal(10_000), Usual(5, Decimal(100), Decimal(0)), times=Decimal(5))
    assert unusual(Decimal(10_000), Usual(6, Decimal(100), Decimal(0)), times=Decimal(5))
    assert not unusual(Decimal(10_000), Usual(6, Decimal(0), Decimal(0)), times=Decimal(5))
    assert not unusual(Decimal(10_000), Usual(6, Decimal(-5), Decimal(0)), times=Decimal(5))


# --------------------------------------------------------------------------- merge_fill

FIELDS = ("tax_id", "city", "email", "customer_since", "group_id")


def test_merge_fill_takes_only_blank_fields_and_the_earlier_customer_since():
    keep = {
        "tax_id": "",
        "city": "Madrid",
        "email": None,
        "customer_since": date(2020, 5, 1),
        "group_id": None,
    }
    dup = {
        "tax_id": "B123",
        "city": "Getafe",
        "email": "a@b.es",
        "customer_since": date(2019, 1, 1),
        "group_id": 7,
    }
    assert merge_fill(keep, dup, FIELDS) == {
        "tax_id": "B123",
        "email": "a@b.es",
        "customer_since": date(2019, 1, 1),
        "group_id": 7,
    }


def test_merge_fill_keeps_the_kept_values_and_a_later_customer_since():
    keep = {
        "tax_id": "A1",
        "city": "Madrid",
        "email": "k@k.es",
        "customer_since": date(2018, 1, 1),
        "group_id": 3,
    }
    dup = {"tax_id": "B2", "city": "", "email": "", "customer_since": date(2019, 1, 1), "group_id": None}
    assert merge_fill(keep, dup, FIELDS) == {}


def test_merge_fill_customer_since_from_the_duplicate_when_the_kept_has_none():
    assert merge_fill({"customer_since": None}, {"customer_since": date(2021, 3, 4)}, ["customer_since"]) == {
        "customer_since": date(2021, 3, 4)
    }
    assert merge_fill({"customer_since": None}, {"customer_since": None}, ["customer_since"]) == {}


# --------------------------------------------------------------------------- countermeasure statuses


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("open", "in_progress"),
        ("open", "done"),
        ("open", "cancelled"),
        ("in_progress", "done"),
        ("in_progress", "cancelled"),
    ],
)
def test_allowed_status_changes(old, new):
    assert check_transition(old, new) is None


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("done", "open"),
        ("done", "in_progress"),
        ("done", "cancelled"),
        ("cancelled", "open"),
        ("cancelled", "done"),
        ("in_progress", "open"),
        ("open", "open"),
    ],
)
def test_refused_status_changes_name_both_states(old, new):
    with pytest.raises(DataError) as caught:
        check_transition(old, new)
    message = str(caught.value)
    assert caught.value.field == "status"
    assert rules.word(rules.STATUS_LABELS, old) in message
    assert rules.word(rules.STATUS_LABELS, new) in message
    assert "cannot change from" in message


def test_an_unknown_status_lists_the_choices():
    with pytest.raises(DataError, match="must be one of: open, in_progress, done, cancelled"):
        check_transition("open", "closed")


def test_every_status_has_a_transition_row_and_finals_are_final():
    assert set(rules.TRANSITIONS) == set(rules.STATUSES)
    assert rules.TRANSITIONS["done"] == rules.TRANSITIONS["cancelled"] == ()


# --------------------------------------------------------------------------- findings


def test_sort_findings_errors_first_then_rule_then_records():
    def f(rule, severity, *recs):
        return Finding(rule, severity, "customer", recs, "m", "x")

    found = [
        f("missing_terms", "info", "C1"),
        f("similar_names", "warning", "C2", "C3"),
        f("missing_tax_id", "warning", "C9"),
        f("missing_tax_id", "warning", "C1"),
        f("due_before_issue", "error", "F1"),
    ]
    assert [(x.rule, x.records) for x in sort_findings(found)] == [
        ("due_before_issue", ("F1",)),
        ("missing_tax_id", ("C1",)),
        ("missing_tax_id", ("C9",)),
        ("similar_names", ("C2", "C3")),
        ("missing_terms", ("C1",)),
    ]


def test_word_falls_back_to_the_code():
    assert rules.word(rules.STATUS_LABELS, "in_progress") == "in progress"
    assert rules.word(rules.STATUS_LABELS, "nope") == "nope"
    assert rules.word(rules.STATUS_LABELS, None) == ""
