"""Converting a won prospect into a customer: the customer gets the prospect's data and is a customer since
the day the prospect was won; the prospect shows its customer; the next free code; refusals (not won,
twice) on the command line. Today 2026-11-28."""

from __future__ import annotations

from tests.market.conftest import (
    add_customer,
    add_prospect,
    as_json,
    convert,
    data_error,
    move,
    ok,
    rows,
)

CUSTOMER = (
    "SELECT c.code, c.name, c.tax_id, c.city, c.email, c.phone, t.code, g.code, s.code, c.customer_since, "
    "c.terms_days, c.tier FROM customers c LEFT JOIN territories t ON t.id = c.territory_id "
    "LEFT JOIN customer_groups g ON g.id = c.group_id LEFT JOIN salespeople s ON s.id = c.salesperson_id "
    "WHERE c.code = :code"
)


def won_prospect(engine, won_on: str = "2026-11-10") -> str:
    number = add_prospect(
        engine,
        "Hoteles Norte S.L.",
        "2026-09-01",
        contact="Marta Gil",
        tax_id="B12345678",
        city="Toledo",
        email="compras@hotelesnorte.es",
        phone="925 123 456",
        territory="TOL",
        group="HOR",
        owner="V01",
        value="24000",
    )
    move(engine, number, "negotiation", "2026-10-15")
    move(engine, number, "won", won_on)
    return number


def test_convert_a_won_prospect_through_the_command_line(run, region):
    number = won_prospect(region)
    assert as_json(run, "prospect", "convert", number, "--terms", "45") == {
        "prospect": "P000001",
        "customer": "C0001",  # no customers yet
    }
    assert rows(region, CUSTOMER, code="C0001") == [
        (
            "C0001",
            "Hoteles Norte S.L.",
            "B12345678",
            "Toledo",
            "compras@hotelesnorte.es",
            "925 123 456",
            "TOL",
            "HOR",
            "V01",
            "2026-11-10",  # the day it was won, not today
            45,
            "C",
        )
    ]
    shown = as_json(run, "prospect", "show", number)
    assert (shown["customer"], shown["stage"]) == ("C0001", "won")
    assert "Customer: C0001" in ok(run("prospect", "show", number))
    assert as_json(run, "prospect", "list")[0]["customer"] == "C0001"
    # The customer's salesperson assignment starts the day it became a customer.
    assert rows(
        region,
        "SELECT a.start FROM customer_assignments a JOIN customers c ON c.id = a.customer_id "
        "WHERE c.code = 'C0001'",
    ) == [("2026-11-10",)]
    assert rows(
        region, "SELECT field, new FROM change_log WHERE entity = 'prospect' AND field = 'customer'"
    ) == [("customer", "C0001")]


def test_the_next_free_code_follows_the_customers_codes(region):
    for code in ("C0001", "C0002", "C0003"):
        add_customer(region, code)
    assert convert(region, won_prospect(region)) == "C0004"


def test_the_next_code_keeps_the_commonest_shape(region):
    for code in ("C001", "C002", "C003", "X9"):
        add_customer(region, code)
    assert convert(region, won_prospect(region)) == "C004"


def test_convert_with_a_chosen_code(run, region):
    number = won_prospect(region)
    assert "Prospect P000001 is now customer HN1." in ok(run("prospect", "convert", number, "--code", "HN1"))
    assert rows(region, "SELECT code, customer_since FROM customers") == [("HN1", "2026-11-10")]


def test_converting_a_prospect_that_is_not_won_is_refused(run, region):
    number = add_prospect(region, "Abierto S.L.", "2026-11-01")
    move(region, number, "qualified", "2026-11-05")
    data_error(
        run("prospect", "convert", number),
        "NUMBER",
        "P000001",
        "only a won prospect becomes a customer (it is qualified)",
    )
    assert rows(region, "SELECT COUNT(*) FROM customers") == [(0,)]


def test_converting_a_lost_prospect_is_refused(run, region):
    number = add_prospect(region, "Perdido S.L.", "2026-11-01")
    move(region, number, "lost", "2026-11-05", lost_reason="price")
    data_error(run("prospect", "convert", number), "P000001", "it is lost")


def test_converting_twice_is_refused_naming_the_customer(run, region):
    number = won_prospect(region)
    ok(run("prospect", "convert", number))
    data_error(run("prospect", "convert", number), "NUMBER", "P000001", "already became customer C0001")
    assert rows(region, "SELECT code FROM customers") == [("C0001",)]


def test_converting_an_unknown_prospect_is_refused(run, region):
    data_error(run("prospect", "convert", "P999999"), "NUMBER", "P999999", "no prospect has this number")


def test_a_converted_prospect_counts_as_a_new_customer_from_the_pipeline(run, region):
    convert(region, won_prospect(region))
    add_customer(region, "C0100", since="2026-11-20")  # not from the pipeline
    months = as_json(run, "market", "new-customers", "--months", "2")
    assert months == [
        {"month": "2026-10", "count": 0, "from_prospects": 0},
        {"month": "2026-11", "count": 2, "from_prospects": 1},
    ]
