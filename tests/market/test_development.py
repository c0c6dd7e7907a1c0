"""Customer development: growth against last year (as of 2026-11-28 this year is 2026-01-01 – 2026-11-28,
last year 2025-01-01 – 2025-11-28), inactive customers (no invoice for more than 60 days), the share of
sales by group or territory, and new customers per month. Every number is worked out in a comment."""

from __future__ import annotations

from decimal import Decimal

from salesdesk.core.db import read_session
from salesdesk.market import development
from tests.market.conftest import (
    add_customer,
    add_prospect,
    as_json,
    convert,
    d,
    database,
    invoice,
    move,
    ok,
    set_rule,
)

D = Decimal

# --------------------------------------------------------------------------- growth

#: (customer, [(day, amount)]) and what it makes as of 2026-11-28 with the default 5 % band.
GROWTH = [
    ("G1", [("2025-03-01", "1000.00"), ("2026-03-01", "1050.00")]),  # +5.0 %: not beyond 5 → stable
    # +50.0 % → growing; 2025-12-31 is after last year's same day (11-28): not counted
    ("G2", [("2025-05-01", "1000.00"), ("2026-05-01", "1500.00"), ("2025-12-31", "5000.00")]),
    ("G3", [("2025-05-01", "1000.00"), ("2026-05-01", "949.99")]),  # −5.001 % → shrinking (−5.0)
    ("G4", [("2026-06-01", "300.00")]),  # nothing last year → new
    ("G5", [("2025-06-01", "400.00")]),  # nothing this year → stopped (−100.0)
    ("G6", [("2025-11-29", "999.00"), ("2024-12-31", "777.00")]),  # in neither period: left out
    ("G7", [("2025-11-28", "100.00"), ("2026-01-01", "100.00")]),  # both boundaries in: 0.0 % stable
    ("G8", [("2025-01-01", "200.00"), ("2026-11-28", "150.00")]),  # −25.0 % → shrinking
]


def build_growth_region(region, _folder=None) -> None:
    n = 0
    for code, invoices in GROWTH:
        add_customer(region, code)
        for day, amount in invoices:
            n += 1
            invoice(region, f"G{n:03d}", code, amount, day)


growth_region = database("growth_region", build_growth_region, "The customers and invoices of GROWTH.")


def growth(engine, band=None):
    with read_session(engine) as s:
        return development.growth(session=s, as_of=d("2026-11-28"), band=band)


def test_growth_bands_this_year_to_date_against_the_same_days_last_year(growth_region):
    got = [(r.code, r.this_year, r.last_year, r.change, r.band) for r in growth(growth_region)]
    # Biggest change in money first: G2 500, G5 400, G4 300, G3 50.01, G1 50 and G8 50 (by code), G7 0.
    assert got == [
        ("G2", D("1500.00"), D("1000.00"), D("50.0"), "growing"),
        ("G5", D("0.00"), D("400.00"), D("-100.0"), "stopped"),
        ("G4", D("300.00"), D("0.00"), None, "new"),
        ("G3", D("949.99"), D("1000.00"), D("-5.0"), "shrinking"),
        ("G1", D("1050.00"), D("1000.00"), D("5.0"), "stable"),
        ("G8", D("150.00"), D("200.00"), D("-25.0"), "shrinking"),
        ("G7", D("100.00"), D("100.00"), D("0.0"), "stable"),
    ]


def test_growth_only_one_band(growth_region):
    assert [r.code for r in growth(growth_region, "shrinking")] == ["G3", "G8"]
    assert [r.code for r in growth(growth_region, "growing")] == ["G2"]


def test_the_growth_band_rule_widens_stable(growth_region):
    set_rule(growth_region, "market.growth_band", "50")
    bands = {r.code: r.band for r in growth(growth_region)}
    # ±50 %: +50.0 is not beyond it, nor −25.0 or −5.001; new and stopped stay.
    assert bands == {
        "G1": "stable",
        "G2": "stable",
        "G3": "stable",
        "G4": "new",
        "G5": "stopped",
        "G7": "stable",
        "G8": "stable",
    }


def test_growth_command_json(run, growth_region):
    data = as_json(run, "market", "growth", "--band", "growing")
    assert data == [
        {
            "code": "G2",
            "name": "Customer G2",
            "salesperson": "V01",
            "this_year": "1500.00",
            "last_year": "1000.00",
            "change": "50.0",
            "band": "growing",
        }
    ]
    # As of 2026-06-01: this year 01-01 – 06-01, last year 2025-01-01 – 2025-06-01.
    early = {r["code"]: r for r in as_json(run, "market", "growth", "--as-of", "2026-06-01")}
    assert (early["G4"]["this_year"], early["G4"]["band"]) == ("300.00", "new")
    assert (early["G8"]["this_year"], early["G8"]["last_year"], early["G8"]["band"]) == (
        "0.00",
        "200.00",
        "stopped",
    )
    # G7: 2026-01-01 is in this year's part; 2025-11-28 is after last year's 06-01 → new.
    assert (early["G7"]["this_year"], early["G7"]["last_year"], early["G7"]["band"]) == (
        "100.00",
        "0.00",
        "new",
    )
    assert len(as_json(run, "market", "growth", "--limit", "2")) == 2
    table = ok(run("market", "growth", "--band", "stopped"))
    assert "G5" in table and "stopped buying" in table and "-100.0 %" in table


# --------------------------------------------------------------------------- inactive


def build_inactive_region(region, _folder=None) -> None:
    add_customer(region, "I1")
    invoice(region, "I101", "I1", "100.00", "2026-09-29")  # 60 days before 11-28: not inactive
    add_customer(region, "I2")
    invoice(region, "I201", "I2", "500.00", "2026-09-28")  # 61 days: inactive
    add_customer(region, "I3")  # never invoiced: not listed
    add_customer(region, "I4")
    invoice(region, "I401", "I4", "300.00", "2025-11-28")  # 365 days back: outside the last 12 months
    invoice(region, "I402", "I4", "200.00", "2025-11-29")  # 364 days back


inactive_region = database("inactive_region", build_inactive_region, "I1 60 days, I2 61, I3 never, I4 364.")


def inactive(engine, as_of="2026-11-28", days=None):
    with read_session(engine) as s:
        return [
            (r.code, r.last_invoice.isoformat(), r.days, r.last_12_months)
            for r in development.inactive(session=s, as_of=d(as_of), days=days)
        ]


def test_inactive_after_more_than_60_days(inactive_region):
    assert inactive(inactive_region) == [
        ("I4", "2025-11-29", 364, D("200.00")),  # longest silent first
        ("I2", "2026-09-28", 61, D("500.00")),
    ]


def test_inactive_days_and_as_of_move_the_boundary(inactive_region):
    assert [c for c, *_ in inactive(inactive_region, days=61)] == ["I4"]  # 61 is not more than 61
    assert [c for c, *_ in inactive(inactive_region, as_of="2026-11-27")] == ["I4"]  # I2: 60 days then
    set_rule(inactive_region, "market.inactive_days", "59")
    assert [c for c, *_ in inactive(inactive_region)] == ["I4", "I2", "I1"]


def test_inactive_as_of_a_day_before_the_last_invoice(inactive_region):
    # As of 2025-12-31 the 2026 invoices do not exist yet: I4's last one is 2025-11-29 (32 days).
    assert inactive(inactive_region, as_of="2025-12-31", days=30) == [("I4", "2025-11-29", 32, D("500.00"))]


def test_inactive_command_json(run, inactive_region):
    data = as_json(run, "market", "inactive")
    assert [(r["code"], r["days"], r["last_invoice"], r["last_12_months"]) for r in data] == [
        ("I4", 364, "2025-11-29", "200.00"),
        ("I2", 61, "2026-09-28", "500.00"),
    ]
    assert [r["code"] for r in as_json(run, "market", "inactive", "--days", "61")] == ["I4"]
    table = ok(run("market", "inactive"))
    assert "I4" in table and "364" in table and "€200.00" in table


# --------------------------------------------------------------------------- share


def build_share_region(region, _folder=None) -> None:
    add_customer(region, "S1", group="DIST", territory="MAD")
    add_customer(region, "S2", group="DIST", territory="TOL")
    add_customer(region, "S3", group="HOR", territory="MAD")
    add_customer(region, "S4", group="", territory="TOL")
    invoice(region, "S101", "S1", "150.00", "2026-03-01")
    invoice(region, "S102", "S1", "1000.00", "2025-12-31")  # last year: not in 2026's share
    invoice(region, "S201", "S2", "50.00", "2026-04-01")
    invoice(region, "S301", "S3", "100.00", "2026-05-01")
    invoice(region, "S401", "S4", "50.00", "2026-06-01")


share_region = database("share_region", build_share_region, "S1–S4 by group and zone, 2025 and 2026.")


def test_share_by_group_one_decimal(run, share_region):
    # 2026: DIST 150 + 50 = 200 (2 customers), HOR 100, no group 50 → 350: 57.142… → 57.1, 28.571… → 28.6,
    # 14.285… → 14.3.
    assert as_json(run, "market", "share") == [
        {"group": "DIST", "name": "Distribuidores", "sales": "200.00", "share": "57.1", "customers": 2},
        {"group": "HOR", "name": "Hostelería", "sales": "100.00", "share": "28.6", "customers": 1},
        {"group": None, "name": None, "sales": "50.00", "share": "14.3", "customers": 1},
    ]
    table = ok(run("market", "share", "--by", "territory"))
    assert "71.4 %" in table and "28.6 %" in table


def test_share_by_territory_and_period(share_region):
    with read_session(share_region) as s:
        by_zone = development.share(session=s, start=d("2026-01-01"), end=d("2026-11-28"), by="territory")
        later = development.share(session=s, start=d("2026-04-01"), end=d("2026-11-28"))
    # MAD 150 + 100 = 250 → 71.4 (71.428…), TOL 50 + 50 = 100 → 28.6.
    assert [(r.key, r.sales, r.share, r.customers) for r in by_zone] == [
        ("MAD", D("250.00"), D("71.4"), 2),
        ("TOL", D("100.00"), D("28.6"), 2),
    ]
    # From 04-01: DIST 50, HOR 100, none 50 → 200: HOR 50.0 first; DIST and none 25.0 (a group before none).
    assert [(r.key, r.sales, r.share) for r in later] == [
        ("HOR", D("100.00"), D("50.0")),
        ("DIST", D("50.00"), D("25.0")),
        (None, D("50.00"), D("25.0")),
    ]


def test_share_with_no_sales(region):
    with read_session(region) as s:
        assert development.share(session=s, start=d("2026-01-01"), end=d("2026-11-28")) == []


# --------------------------------------------------------------------------- new customers per month


def build_new_region(region, _folder=None) -> None:
    add_customer(region, "N1", since="2026-08-31")
    add_customer(region, "N2", since="2026-09-01")
    add_customer(region, "N3", since="2026-09-30")
    add_customer(region, "N4", since="2026-11-01")
    add_customer(region, "N7")  # no customer since: in no month
    number = add_prospect(region, "Nuevo", "2026-10-01")
    move(region, number, "won", "2026-11-10")
    convert(region, number, code="N5")  # customer since 11-10, from the pipeline


new_region = database("new_region", build_new_region, "N1–N7 customers since Aug–Nov 2026, N5 converted.")


def months(engine, as_of: str, n: int):
    with read_session(engine) as s:
        return [
            (m.month, m.count, m.from_prospects)
            for m in development.new_customers(session=s, as_of=d(as_of), months=n)
        ]


def test_new_customers_per_month(new_region):
    assert months(new_region, "2026-11-28", 3) == [("2026-09", 2, 0), ("2026-10", 0, 0), ("2026-11", 2, 1)]
    # As of 11-05, N5 (11-10) is not a customer yet.
    assert months(new_region, "2026-11-05", 1) == [("2026-11", 1, 0)]


def test_new_customers_twelve_months_across_the_year_end(run, new_region):
    data = as_json(run, "market", "new-customers")
    assert [m["month"] for m in data] == [f"2025-{m}" for m in ("12",)] + [
        f"2026-{m:02d}" for m in range(1, 12)
    ]
    assert {m["month"]: m["count"] for m in data if m["count"]} == {"2026-08": 1, "2026-09": 2, "2026-11": 2}
    assert "2026-11" in ok(run("market", "new-customers", "--months", "2"))
