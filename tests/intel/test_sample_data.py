"""The shipped sample data through the Market and Intel rooms: the data-quality audit finds exactly the
problems put there on purpose (scripts/make_market_data.py and make_sample_data.py list them) and
nothing in the clean rest; the pipeline, campaigns and intel are there as the generator describes."""

from __future__ import annotations

import os
from datetime import date

import pytest

TODAY = date(2026, 11, 28)

#: The deliberate problems: (rule, severity, records).
DELIBERATE = {
    ("duplicate_customer", "error", ("C0001", "C0181")),  # same tax id, name written differently
    ("similar_names", "warning", ("C0023", "C0182")),  # a typo, no tax id
    ("missing_tax_id", "warning", ("C0182",)),
    ("old_open_order", "warning", ("PED-000401",)),  # open since 2026-07-15
    ("inactive_owner", "warning", ("V03",)),  # on leave since September, her customers not handed over
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from salesdesk.core.db import open_database, sqlite_url
    from salesdesk.org.demo import build_demo

    with pytest.MonkeyPatch.context() as mp:
        for var in [v for v in os.environ if v.startswith("SALESDESK_")]:
            mp.delenv(var)
        mp.setenv("SALESDESK_TODAY", TODAY.isoformat())
        path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
        build_demo(path)
    engine = open_database(sqlite_url(path))
    yield engine
    engine.dispose()


def test_the_audit_finds_the_deliberate_problems_and_nothing_else(demo):
    from salesdesk.core.db import read_session
    from salesdesk.intel import quality

    with read_session(demo) as s:
        found = quality.run_checks(session=s, today=TODAY)
    assert {(f.rule, f.severity, f.records) for f in found} == DELIBERATE
    assert len(found) == len(DELIBERATE)


def test_the_pipeline_campaigns_and_intel_of_the_sample(demo):
    from sqlalchemy import text

    from salesdesk.core.db import read_session
    from salesdesk.market import campaigns, queries

    with demo.connect() as conn:
        stages = dict(conn.execute(text("SELECT stage, count(*) FROM prospects GROUP BY stage")).all())
        entries = conn.execute(text("SELECT count(*) FROM intel_entries")).scalar()
        competitors = conn.execute(text("SELECT count(*) FROM competitors")).scalar()
    assert stages == {"identified": 10, "contacted": 10, "qualified": 9, "proposal": 8, "negotiation": 6,
                      "won": 9, "lost": 8}  # fmt: skip
    assert (entries, competitors) == (25, 5)
    with read_session(demo) as s:
        results = {c.code: c for c in campaigns.campaign_results(session=s, as_of=TODAY)}
        stale = queries.count_prospects(session=s, filters=queries.ProspectFilter(stale=True), today=TODAY)
        stats, won, lost, rate = queries.stage_statistics(session=s, today=TODAY)
    assert sorted(results) == ["CAM26-01", "CAM26-02", "CAM26-03"]
    assert (results["CAM26-01"].leads, results["CAM26-02"].leads, results["CAM26-03"].leads) == (11, 9, 6)
    assert results["CAM26-03"].phase == "running"
    # two of the spring campaign's won prospects became the new customers C0177 and C0179: the budget
    # of 9,500.00 over them, and their sales since they became customers
    spring = results["CAM26-01"]
    assert (spring.new_customers, str(spring.cost_per_customer)) == (2, "4750.00")
    assert spring.sales > 0
    assert stale == 6
    assert (stats[0].reached, won, lost, str(rate)) == (60, 9, 8, "52.9")
