"""The pipeline through the queries and the command line: adding and moving prospects (stage moves and
change history), the weighted pipeline per salesperson and stage, conversion rates and days per stage on a
hand-built history, stale prospects at the 30/31-day boundary, and the probability business rules.
Today 2026-11-28."""

from __future__ import annotations

from decimal import Decimal

import pytest

from salesdesk.core.db import read_session
from salesdesk.market import queries
from tests.conftest import TODAY
from tests.market.conftest import (
    add_prospect,
    as_json,
    d,
    data_error,
    database,
    move,
    ok,
    rows,
    set_rule,
    walk,
)

D = Decimal


# --------------------------------------------------------------------------- add and move


def test_add_numbers_prospects_and_records_the_identification_move(region):
    assert add_prospect(region, "Alfa S.L.", "2026-10-01", owner="V01", value="24000") == "P000001"
    assert add_prospect(region, "Beta S.A.") == "P000002"  # identified today
    assert rows(
        region,
        "SELECT p.number, p.stage, p.identified, p.stage_since, p.last_action, m.stage, m.date "
        "FROM prospects p JOIN prospect_moves m ON m.prospect_id = p.id ORDER BY p.number",
    ) == [
        ("P000001", "identified", "2026-10-01", "2026-10-01", "2026-10-01", "identified", "2026-10-01"),
        ("P000002", "identified", "2026-11-28", "2026-11-28", "2026-11-28", "identified", "2026-11-28"),
    ]


def test_move_records_a_stage_move_and_the_change_history(region):
    number = add_prospect(region, "Alfa S.L.", "2026-10-01", owner="V01")
    move(region, number, "contacted", "2026-10-10", note="first call")
    move(region, number, "lost", "2026-10-20", lost_reason="competitor", competitor="RIVAL")
    assert rows(
        region,
        "SELECT m.stage, m.date, m.note FROM prospect_moves m ORDER BY m.id",
    ) == [
        ("identified", "2026-10-01", ""),
        ("contacted", "2026-10-10", "first call"),
        ("lost", "2026-10-20", ""),
    ]
    assert rows(
        region,
        "SELECT record, field, old, new FROM change_log WHERE entity = 'prospect' ORDER BY id",
    ) == [("P000001", "stage", "identified", "contacted"), ("P000001", "stage", "contacted", "lost")]
    assert rows(
        region,
        "SELECT p.stage, p.stage_since, p.lost_reason, c.code FROM prospects p "
        "JOIN competitors c ON c.id = p.competitor_id",
    ) == [("lost", "2026-10-20", "competitor", "RIVAL")]
    with read_session(region) as s:
        (lost,) = queries.lost_deals(session=s)
    assert (lost.competitor, lost.reason, lost.count) == ("RIVAL", "competitor", 1)


def test_move_refuses_a_day_before_the_stage_began_and_after_today(region):
    from salesdesk.core.errors import DataError

    number = add_prospect(region, "Alfa S.L.", "2026-10-01")
    move(region, number, "contacted", "2026-10-10")
    with pytest.raises(DataError) as exc:
        move(region, number, "qualified", "2026-10-09")
    assert (exc.value.field, exc.value.value) == ("date", "2026-10-09")
    with pytest.raises(DataError) as exc:
        move(region, number, "qualified", "2026-11-29")
    assert (exc.value.field, exc.value.value) == ("date", "2026-11-29")
    move(region, number, "qualified", "2026-10-10")  # the same day the stage began is fine
    assert rows(region, "SELECT stage, stage_since FROM prospects") == [("qualified", "2026-10-10")]


def test_next_action_makes_a_stale_prospect_fresh(region):
    from salesdesk.core.db import write_session

    number = add_prospect(region, "Alfa S.L.", "2026-10-01")
    with read_session(region) as s:
        assert queries.list_prospects(session=s, filters=queries.ProspectFilter(), today=TODAY)[0].stale
    with write_session(region) as s:
        queries.set_next_action(
            session=s, number=number, action="Call back", due=d("2026-12-01"), today=TODAY
        )
    with read_session(region) as s:
        (row,) = queries.list_prospects(session=s, filters=queries.ProspectFilter(), today=TODAY)
    assert (row.stale, row.last_action, row.next_action, row.next_action_date) == (
        False,
        TODAY,
        "Call back",
        d("2026-12-01"),
    )


# --------------------------------------------------------------------------- the weighted pipeline


def pipeline_region(engine, _folder=None) -> None:
    """Open prospects: V01 identified 12,345.67 and 1,000.05, V01 proposal 24,000.00, V02 negotiation
    5,000.00, nobody's contacted 333.33; plus a won (V01 9,000.00) and a lost one (V02 7,000.00)."""
    add_prospect(engine, "Uno", "2026-11-01", owner="V01", value="12345.67")
    add_prospect(engine, "Dos", "2026-11-01", owner="V01", value="1000.05")
    p3 = add_prospect(engine, "Tres", "2026-10-01", owner="V01", value="24000.00")
    walk(engine, p3, ("contacted", "2026-10-05"), ("proposal", "2026-11-10"))
    p4 = add_prospect(engine, "Cuatro", "2026-10-01", owner="V02", value="5000.00")
    move(engine, p4, "negotiation", "2026-11-20")
    p5 = add_prospect(engine, "Cinco", "2026-11-01", value="333.33")
    move(engine, p5, "contacted", "2026-11-02")
    p6 = add_prospect(engine, "Seis", "2026-10-01", owner="V01", value="9000.00")
    move(engine, p6, "won", "2026-11-05")
    p7 = add_prospect(engine, "Siete", "2026-10-01", owner="V02", value="7000.00")
    move(engine, p7, "lost", "2026-11-05", lost_reason="price")


piped = database("piped", pipeline_region)


def test_weighted_pipeline_per_salesperson_and_stage(piped):
    region = piped
    with read_session(region) as s:
        cells = queries.pipeline(session=s)
    assert [(c.owner, c.stage, c.count, c.value, c.weighted) for c in cells] == [
        # 12,345.67 + 1,000.05 = 13,345.72 × 10 % = 1,334.572 → 1,334.57 (rounded once, after summing)
        ("V01", "identified", 2, D("13345.72"), D("1334.57")),
        ("V01", "proposal", 1, D("24000.00"), D("14400.00")),  # × 60 %
        ("V02", "negotiation", 1, D("5000.00"), D("4000.00")),  # × 80 %
        (None, "contacted", 1, D("333.33"), D("66.67")),  # × 20 % = 66.666
    ]  # won and lost prospects are not in the pipeline


def test_pipeline_command_json_and_total(run, piped):
    data = as_json(run, "prospect", "pipeline")
    assert data[0] == {
        "salesperson": "V01",
        "stage": "identified",
        "count": 2,
        "value": "13345.72",
        "weighted": "1334.57",
    }
    assert [c["weighted"] for c in data] == ["1334.57", "14400.00", "4000.00", "66.67"]
    # 1,334.57 + 14,400.00 + 4,000.00 + 66.67 = 19,801.24
    assert "Weighted pipeline: €19,801.24" in ok(run("prospect", "pipeline"))


def test_a_probability_rule_changes_the_weighted_value(run, piped):
    ok(run("config", "rule", "market.probability_proposal", "50"))
    cells = {(c["salesperson"], c["stage"]): c["weighted"] for c in as_json(run, "prospect", "pipeline")}
    assert cells[("V01", "proposal")] == "12000.00"  # 24,000.00 × 50 % (was 14,400.00 at 60 %)
    assert cells[("V01", "identified")] == "1334.57"  # other stages as before
    listed = {r["company"]: r for r in as_json(run, "prospect", "list")}
    assert (listed["Tres"]["probability"], listed["Tres"]["weighted"]) == ("50.0", "12000.00")


def test_a_probability_rule_above_the_next_stage_is_refused(run, region):
    data_error(
        run("config", "rule", "market.probability_proposal", "90"),  # negotiation is 80
        "market.probability_proposal",
        "90",
        "must not fall",
    )
    assert rows(region, "SELECT COUNT(*) FROM business_rules") == [(0,)]


def test_won_and_lost_weigh_100_and_0(piped):
    region = piped
    with read_session(region) as s:
        listed = {
            r.company: r
            for r in queries.list_prospects(session=s, filters=queries.ProspectFilter(), today=TODAY)
        }
    assert (listed["Seis"].probability, listed["Seis"].weighted) == (D(100), D("9000.00"))
    assert (listed["Siete"].probability, listed["Siete"].weighted) == (D(0), D("0.00"))
    assert (listed["Uno"].weighted, listed["Dos"].weighted) == (D("1234.57"), D("100.01"))  # each alone


# --------------------------------------------------------------------------- conversion rates, days per stage


def history_region(engine, _folder=None) -> None:
    """The five prospects of tests/market/test_rules.py's HISTORIES, through move_prospect."""
    a = add_prospect(engine, "A", "2026-10-01")
    walk(
        engine,
        a,
        ("contacted", "2026-10-11"),
        ("qualified", "2026-10-21"),
        ("proposal", "2026-11-01"),
        ("negotiation", "2026-11-11"),
        ("won", "2026-11-21"),
    )
    b = add_prospect(engine, "B", "2026-10-01")
    walk(engine, b, ("contacted", "2026-10-05"), ("lost", "2026-10-20"), lost_reason="price")
    c = add_prospect(engine, "C", "2026-10-01")
    move(engine, c, "qualified", "2026-10-15")
    add_prospect(engine, "D", "2026-11-01")
    e = add_prospect(engine, "E", "2026-10-01")
    walk(
        engine,
        e,
        ("contacted", "2026-10-03"),
        ("proposal", "2026-10-13"),
        ("lost", "2026-11-02"),
        lost_reason="competitor",
        competitor="RIVAL",
    )


histories = database("histories", history_region)


def test_stage_statistics_on_a_hand_built_history(histories):
    from tests.market.test_rules import EXPECTED_STATS

    region = histories
    with read_session(region) as s:
        stats, won, lost, rate = queries.stage_statistics(session=s, today=TODAY)
    # Reached 5/4/3/2/1 → 80.0, 75.0, 66.7, 50.0, 100.0 %; days 7.5, 11.7, 11.0, 15.0, 10.0 (worked out
    # in test_rules.py); won 1 of 3 decided → 33.3 %.
    assert [(s.stage, s.reached, s.advanced, s.rate, s.avg_days, s.stays) for s in stats] == EXPECTED_STATS
    assert (won, lost, rate) == (1, 2, D("33.3"))


def test_stats_command_json_shape(run, histories):
    data = as_json(run, "prospect", "stats")
    assert set(data) == {"stages", "won", "lost", "win_rate"}
    assert [s["stage"] for s in data["stages"]] == list(queries.rules.OPEN_STAGES)
    assert [s["rate"] for s in data["stages"]] == ["80.0", "75.0", "66.7", "50.0", "100.0"]
    assert [s["avg_days"] for s in data["stages"]] == ["7.5", "11.7", "11.0", "15.0", "10.0"]
    assert data["stages"][0] == {
        "stage": "identified",
        "reached": 5,
        "advanced": 4,
        "rate": "80.0",
        "avg_days": "7.5",
        "stays": 4,
    }
    assert (data["won"], data["lost"], data["win_rate"]) == (1, 2, "33.3")
    out = ok(run("prospect", "stats"))
    assert "Won 1, lost 2: win rate 33.3 %." in out


def test_stats_only_of_the_prospects_identified_in_the_range(run, histories):
    # Only D (identified 11-01, still open) was identified from 10-15 on.
    data = as_json(run, "prospect", "stats", "--from", "2026-10-15", "--to", "2026-11-28")
    first = data["stages"][0]
    assert (first["reached"], first["advanced"], first["rate"], first["avg_days"]) == (1, 0, "0.0", None)
    assert (data["won"], data["lost"], data["win_rate"]) == (0, 0, None)
    assert "win rate —" in ok(run("prospect", "stats", "--from", "2026-10-15"))


# --------------------------------------------------------------------------- stale prospects


def test_stale_after_31_days_not_after_30(run, region):
    add_prospect(region, "Treinta y uno", "2026-10-28")  # 31 days without an action → stale
    add_prospect(region, "Treinta", "2026-10-29")  # 30 days → not stale
    listed = {r["company"]: r["stale"] for r in as_json(run, "prospect", "list")}
    assert listed == {"Treinta y uno": True, "Treinta": False}
    assert [r["company"] for r in as_json(run, "prospect", "list", "--stale")] == ["Treinta y uno"]
    with read_session(region) as s:
        assert (
            queries.count_prospects(session=s, filters=queries.ProspectFilter(stale=True), today=TODAY) == 1
        )


def test_the_stale_days_rule_moves_the_boundary(run, region):
    add_prospect(region, "Treinta y uno", "2026-10-28")
    add_prospect(region, "Treinta", "2026-10-29")
    set_rule(region, "market.stale_days", "29")  # now 30 days is more than 29
    assert [r["company"] for r in as_json(run, "prospect", "list", "--stale")] == ["Treinta y uno", "Treinta"]


def test_a_won_prospect_is_never_stale(run, region):
    number = add_prospect(region, "Viejo", "2025-01-01")
    move(region, number, "won", "2025-02-01")
    assert as_json(run, "prospect", "list", "--stale") == []
    assert as_json(run, "prospect", "list")[0]["stale"] is False


# --------------------------------------------------------------------------- listing


def test_list_orders_open_first_furthest_stage_first_and_pages_in_sql(piped):
    region = piped
    with read_session(region) as s:
        every = queries.list_prospects(session=s, filters=queries.ProspectFilter(), today=TODAY)
        page = queries.list_prospects(
            session=s, filters=queries.ProspectFilter(), today=TODAY, limit=2, offset=1
        )
        open_count = queries.count_prospects(
            session=s, filters=queries.ProspectFilter(open_only=True), today=TODAY
        )
        v01 = queries.list_prospects(session=s, filters=queries.ProspectFilter(owner="V01"), today=TODAY)
    assert [(r.company, r.stage) for r in every][:5] == [
        ("Cuatro", "negotiation"),
        ("Tres", "proposal"),
        ("Cinco", "contacted"),
        ("Uno", "identified"),
        ("Dos", "identified"),
    ]
    assert {r.stage for r in every[5:]} == {"won", "lost"}
    assert [r.company for r in page] == ["Tres", "Cinco"]
    assert open_count == 5
    assert sorted(r.company for r in v01) == ["Dos", "Seis", "Tres", "Uno"]
