"""Campaign results: leads (the campaign's prospects identified on or before the as-of day), open leads and
their weighted value, new customers (converted leads), their sales from the day each became a customer to
the as-of day, cost per lead and per new customer, goal attainment. Today 2026-11-28.

Campaign FERIA (2026-09-01 – 2026-10-31, budget 2,500.00, goals 6 leads, 2 customers, sales 10,000.00):

* L1 Alfa, identified 09-05, 10,000.00: won 10-01, converted → customer C0001 since 10-01.
* L2 Beta, identified 09-10, 5,000.00: contacted (open: 5,000 × 20 % = 1,000.00 weighted).
* L3 Gamma, identified 09-12, 2,000.00: lost (price).
* L4 Delta, identified 11-20, 1,000.00: identified (open: × 10 % = 100.00), a lead only from 11-20 on.

Invoices of C0001: 09-20 800.00 (before it became a customer: not the campaign's), 10-05 1,200.00,
11-01 −200.00 (a credit note), 11-25 500.00.

A prospect from no campaign, won and converted to C0002 with a 9,999.00 invoice, counts nowhere.

As of today: leads 4 → 2,500 ÷ 4 = 625.00 per lead (4 ÷ 6 = 66.7 % of the goal); 1 new customer →
2,500.00 per customer (1 ÷ 2 = 50.0 %); sales 1,200 − 200 + 500 = 1,500.00 (1,500 ÷ 10,000 = 15.0 %);
open 2, weighted 1,000 + 100 = 1,100.00; won 1, lost 1.

As of 11-15: leads 3 (L4 not yet) → 833.33 per lead (833.333…, 50.0 %); sales 1,200 − 200 = 1,000.00
(10.0 %); open 1, weighted 1,000.00."""

from __future__ import annotations

from decimal import Decimal

import pytest

from salesdesk.core.db import read_session
from salesdesk.core.errors import DataError
from salesdesk.market import campaigns
from tests.market.conftest import (
    add_campaign,
    add_prospect,
    as_json,
    convert,
    d,
    data_error,
    database,
    invoice,
    move,
    ok,
    rows,
)

D = Decimal


def build_feria(region, _folder=None) -> None:
    add_campaign(
        region,
        "FERIA",
        name="Feria de hostelería",
        start="2026-09-01",
        end="2026-10-31",
        territory="MAD",
        group="HOR",
        budget="2500.00",
        leads="6",
        customers="2",
        sales="10000.00",
    )
    add_campaign(region, "WEB", name="Web", start="2026-12-01", end="2026-12-31")  # no budget, no goals
    l1 = add_prospect(region, "Alfa", "2026-09-05", campaign="FERIA", value="10000.00", owner="V01")
    move(region, l1, "won", "2026-10-01")
    assert convert(region, l1) == "C0001"
    l2 = add_prospect(region, "Beta", "2026-09-10", campaign="FERIA", value="5000.00")
    move(region, l2, "contacted", "2026-09-20")
    l3 = add_prospect(region, "Gamma", "2026-09-12", campaign="FERIA", value="2000.00")
    move(region, l3, "lost", "2026-10-10", lost_reason="price")
    add_prospect(region, "Delta", "2026-11-20", campaign="FERIA", value="1000.00")
    invoice(region, "A1", "C0001", "800.00", "2026-09-20")
    invoice(region, "A2", "C0001", "1200.00", "2026-10-05")
    invoice(region, "A3", "C0001", "-200.00", "2026-11-01")
    invoice(region, "A4", "C0001", "500.00", "2026-11-25")
    other = add_prospect(region, "Otro", "2026-09-01", channel="referral", value="3000.00")
    move(region, other, "won", "2026-09-15")
    assert convert(region, other) == "C0002"
    invoice(region, "B1", "C0002", "9999.00", "2026-10-01")


feria = database("feria", build_feria, "FERIA and WEB with the leads and invoices of the module docstring.")


def results(engine, as_of: str, code: str | None = None):
    with read_session(engine) as s:
        return {r.code: r for r in campaigns.campaign_results(session=s, as_of=d(as_of), code=code)}


def test_campaign_results_as_of_today(feria):
    r = results(feria, "2026-11-28")["FERIA"]
    assert (r.leads, r.open_leads, r.weighted, r.won, r.lost) == (4, 2, D("1100.00"), 1, 1)
    assert (r.new_customers, r.sales) == (1, D("1500.00"))  # the 09-20 invoice does not count
    assert (r.cost_per_lead, r.cost_per_customer) == (D("625.00"), D("2500.00"))
    assert (r.leads_pct, r.customers_pct, r.sales_pct) == (D("66.7"), D("50.0"), D("15.0"))
    assert (r.phase, r.territory, r.group, r.budget) == ("ended", "MAD", "HOR", D("2500.00"))


def test_campaign_results_as_of_an_earlier_day(feria):
    r = results(feria, "2026-11-15", "FERIA")["FERIA"]
    assert (r.leads, r.open_leads, r.weighted) == (3, 1, D("1000.00"))  # Delta was identified on 11-20
    assert (r.cost_per_lead, r.leads_pct) == (D("833.33"), D("50.0"))  # 2,500 ÷ 3 = 833.333…
    assert (r.sales, r.sales_pct) == (D("1000.00"), D("10.0"))  # 1,200 − 200; the 11-25 invoice is later


def test_a_campaign_without_leads_or_goals(feria):
    r = results(feria, "2026-11-28")["WEB"]
    assert (r.leads, r.new_customers, r.sales, r.weighted) == (0, 0, D("0.00"), D("0.00"))
    assert (r.cost_per_lead, r.cost_per_customer) == (None, None)
    assert (r.leads_pct, r.customers_pct, r.sales_pct) == (None, None, None)
    assert r.phase == "planned"


def test_campaign_results_newest_first(feria):
    with read_session(feria) as s:
        assert [r.code for r in campaigns.campaign_results(session=s, as_of=d("2026-11-28"))] == [
            "WEB",
            "FERIA",
        ]


def test_campaign_results_json_money_as_strings(run, feria):
    (r,) = as_json(run, "campaign", "results", "FERIA")
    assert {k: r[k] for k in ("budget", "sales", "weighted", "cost_per_lead", "cost_per_customer")} == {
        "budget": "2500.00",
        "sales": "1500.00",
        "weighted": "1100.00",
        "cost_per_lead": "625.00",
        "cost_per_customer": "2500.00",
    }
    assert (r["leads"], r["new_customers"], r["goal_sales"]) == (4, 1, "10000.00")
    assert (r["leads_pct"], r["customers_pct"], r["sales_pct"]) == ("66.7", "50.0", "15.0")
    (early,) = as_json(run, "campaign", "results", "FERIA", "--as-of", "2026-11-15")
    assert (early["leads"], early["cost_per_lead"], early["sales"]) == (3, "833.33", "1000.00")
    every = as_json(run, "campaign", "results")
    web = next(x for x in every if x["code"] == "WEB")
    assert (web["cost_per_lead"], web["leads_pct"]) == (None, None)
    table = ok(run("campaign", "results", "FERIA"))
    assert "€625.00" in table and "66.7 %" in table and "€1,500.00" in table


def test_campaign_list(run, feria):
    listed = as_json(run, "campaign", "list")
    assert [c["code"] for c in listed] == ["WEB", "FERIA"]
    assert listed[1] == {
        "code": "FERIA",
        "name": "Feria de hostelería",
        "start": "2026-09-01",
        "end": "2026-10-31",
        "phase": "ended",
        "territory": "MAD",
        "group": "HOR",
        "budget": "2500.00",
        "goal_leads": 6,
        "goal_customers": 2,
        "goal_sales": "10000.00",
    }
    assert "Feria de hostelería" in ok(run("campaign", "list"))


def test_campaign_add_command(run, region):
    assert "Campaign MAIL added." in ok(
        run("campaign", "add", "MAIL", "--name", "Mailing", "--from", "2026-11-01", "--to", "2026-11-30",
            "--budget", "1200.50", "--leads", "10")
    )  # fmt: skip
    assert rows(region, "SELECT code, start, end, budget, goal_leads FROM campaigns") == [
        ("MAIL", "2026-11-01", "2026-11-30", 120050, 10)
    ]
    data_error(
        run("campaign", "add", "MAIL", "--name", "Again", "--from", "2026-11-01", "--to", "2026-11-30"),
        "MAIL",
        "already exists",
    )


def test_a_prospect_from_a_campaign_has_channel_campaign(region):
    add_campaign(region, "FERIA", name="Feria", start="2026-09-01", end="2026-10-31")
    add_prospect(region, "Alfa", "2026-09-05", campaign="FERIA")
    assert rows(region, "SELECT channel FROM prospects") == [("campaign",)]
    with pytest.raises(DataError) as exc:
        add_prospect(region, "Beta", "2026-09-05", campaign="FERIA", channel="web")
    assert (exc.value.field, exc.value.value) == ("channel", "web")
    with pytest.raises(DataError) as exc:
        add_prospect(region, "Gamma", "2026-09-05", channel="campaign")
    assert exc.value.field == "campaign"


def test_prospect_list_by_campaign(run, feria):
    assert sorted(r["company"] for r in as_json(run, "prospect", "list", "--campaign", "FERIA")) == [
        "Alfa",
        "Beta",
        "Delta",
        "Gamma",
    ]


def test_new_customers_are_counted_as_of_the_day_too(feria):
    r = results(feria, "2026-09-01", "FERIA")["FERIA"]
    assert r.leads == 0  # nobody identified yet
    assert (r.new_customers, r.cost_per_customer, r.customers_pct) == (0, None, D("0.0"))
