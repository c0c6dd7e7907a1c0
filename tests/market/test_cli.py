"""The ``prospect``, ``campaign`` and ``market`` commands through the real command line: bad input exits 1
with one stderr line naming the option (or argument) and the value, and writes nothing; usage errors exit
2; the JSON shapes of ``prospect list``, ``prospect show`` and ``prospect stats``. Today 2026-11-28."""

from __future__ import annotations

import pytest

from tests.market.conftest import (
    add_campaign,
    add_prospect,
    as_json,
    data_error,
    database,
    move,
    ok,
    rows,
    usage_error,
)

SNAPSHOT = (
    "prospects",
    "prospect_moves",
    "campaigns",
    "customers",
    "change_log",
)


def snapshot(engine) -> dict[str, list[tuple]]:
    return {t: rows(engine, f"SELECT * FROM {t} ORDER BY id") for t in SNAPSHOT}  # noqa: S608


def build_pipeline(region, _folder=None) -> None:
    """P000001 Alfa (V01, 24,000.00) contacted since 11-01; P000002 Beta won on 11-10."""
    alfa = add_prospect(region, "Alfa S.L.", "2026-10-01", owner="V01", value="24000", contact="Marta")
    move(region, alfa, "contacted", "2026-11-01")
    beta = add_prospect(region, "Beta S.A.", "2026-10-01", owner="V02", value="1000.50")
    move(region, beta, "won", "2026-11-10")


pipeline = database("pipeline", build_pipeline)


def refused(run, engine, args, *parts):
    """Exit 1 naming ``parts``, and the database unchanged."""
    before = snapshot(engine)
    err = data_error(run(*args), *parts)
    assert snapshot(engine) == before
    return err


# --------------------------------------------------------------------------- bad input


def test_move_to_an_unknown_stage(run, pipeline):
    refused(run, pipeline, ("prospect", "move", "P000001", "signed"), "STAGE", "'signed'", "must be one of")


def test_move_from_won(run, pipeline):
    refused(
        run,
        pipeline,
        ("prospect", "move", "P000002", "contacted"),
        "STAGE",
        "'contacted'",
        "cannot move from won to contacted",
    )


def test_lost_without_a_reason(run, pipeline):
    refused(run, pipeline, ("prospect", "move", "P000001", "lost"), "--reason", "say why")


def test_lost_with_an_unknown_reason(run, pipeline):
    refused(
        run, pipeline, ("prospect", "move", "P000001", "lost", "--reason", "weather"), "--reason", "weather"
    )


def test_lost_to_a_competitor_without_naming_it(run, pipeline):
    refused(
        run,
        pipeline,
        ("prospect", "move", "P000001", "lost", "--reason", "competitor"),
        "--competitor",
        "name the competitor",
    )


def test_lost_to_an_unknown_competitor(run, pipeline):
    refused(
        run,
        pipeline,
        ("prospect", "move", "P000001", "lost", "--reason", "competitor", "--competitor", "NOBODY"),
        "--competitor",
        "NOBODY",
        "no competitor has this code",
    )


def test_a_reason_on_a_prospect_that_is_not_lost(run, pipeline):
    refused(
        run, pipeline, ("prospect", "move", "P000001", "qualified", "--reason", "price"), "--reason", "price"
    )


def test_move_on_a_future_date(run, pipeline):
    refused(
        run,
        pipeline,
        ("prospect", "move", "P000001", "qualified", "--date", "2026-11-29"),
        "--date",
        "2026-11-29",
    )


def test_move_before_the_stage_began(run, pipeline):
    refused(
        run,
        pipeline,
        ("prospect", "move", "P000001", "qualified", "--date", "2026-10-31"),  # contacted since 11-01
        "--date",
        "2026-10-31",
        "before the prospect entered its stage",
    )


def test_add_with_an_unknown_owner(run, region):
    refused(run, region, ("prospect", "add", "Gamma", "--owner", "V99"), "--owner", "V99", "no salesperson")


def test_add_with_an_owner_who_left(run, region):
    refused(run, region, ("prospect", "add", "Gamma", "--owner", "V03"), "--owner", "V03", "has left")


def test_add_with_an_owner_on_leave_is_fine(run, region):
    assert "Prospect P000001 added (Gamma)." in ok(run("prospect", "add", "Gamma", "--owner", "V02"))


def test_add_identified_in_the_future(run, region):
    refused(
        run,
        region,
        ("prospect", "add", "Gamma", "--date", "2026-12-01"),
        "--date",
        "2026-12-01",
        "after today",
    )


@pytest.mark.parametrize("value", ["12,3,4", "-100"])
def test_add_with_a_bad_value(run, region, value):
    refused(run, region, ("prospect", "add", "Gamma", "--value", value), "--value", value)


def test_add_with_an_unknown_channel_or_campaign(run, region):
    refused(run, region, ("prospect", "add", "Gamma", "--channel", "tv"), "--channel", "tv")
    refused(run, region, ("prospect", "add", "Gamma", "--campaign", "NOPE"), "--campaign", "NOPE")


def test_add_without_a_company(run, region):
    refused(run, region, ("prospect", "add", "  "), "COMPANY")


def test_next_action_on_a_won_prospect(run, pipeline):
    refused(run, pipeline, ("prospect", "next", "P000002", "Call"), "NUMBER", "P000002", "no next action")


def test_next_action_due_in_the_past(run, pipeline):
    refused(
        run, pipeline, ("prospect", "next", "P000001", "Call", "--date", "2026-11-27"), "--date", "2026-11-27"
    )


def test_campaign_ending_before_it_starts(run, region):
    refused(
        run,
        region,
        ("campaign", "add", "K1", "--name", "Feria", "--from", "2026-10-01", "--to", "2026-09-30"),
        "--to",
        "2026-09-30",
        "comes before the start",
    )


def test_campaign_with_a_bad_budget(run, region):
    args = ("campaign", "add", "K1", "--name", "F", "--from", "2026-10-01", "--to", "2026-10-31")
    refused(run, region, (*args, "--budget", "12,3,4"), "--budget", "12,3,4")


def test_results_of_an_unknown_campaign(run, region):
    add_campaign(region, "K1", name="Feria", start="2026-09-01", end="2026-09-30")
    data_error(run("campaign", "results", "X"), "campaign", "'X'", "no campaign has this code")


def test_share_by_city(run, region):
    data_error(run("market", "share", "--by", "city"), "--by", "'city'", "group, territory")


def test_share_from_after_to(run, region):
    data_error(run("market", "share", "--from", "2026-11-01", "--to", "2026-10-01"), "--from", "2026-11-01")


def test_growth_in_a_huge_band(run, region):
    data_error(run("market", "growth", "--band", "huge"), "--band", "'huge'", "new, growing, stable")


def test_list_with_an_unknown_stage_or_owner(run, pipeline):
    data_error(run("prospect", "list", "--stage", "signed"), "--stage", "signed")
    data_error(run("prospect", "list", "--owner", "V99"), "--owner", "V99")


@pytest.mark.parametrize(
    "args",
    [
        ("prospect", "move", "P000001"),  # no stage
        ("campaign", "add", "K1", "--name", "F", "--from", "2026-10-01"),  # no --to
        ("market", "new-customers", "--months", "0"),
        ("prospect", "list", "--bogus"),
    ],
)
def test_usage_errors_exit_2(run, pipeline, args):
    before = snapshot(pipeline)
    usage_error(run(*args))
    assert snapshot(pipeline) == before


# --------------------------------------------------------------------------- happy paths and JSON shapes


def test_prospect_add_and_move_commands(run, region):
    assert "Prospect P000001 added (Gamma S.L.)." in ok(
        run("prospect", "add", "Gamma S.L.", "--owner", "V01", "--value", "1,234.50", "--date", "2026-11-01")
    )
    ok(run("prospect", "move", "P000001", "proposal", "--date", "2026-11-15", "--note", "sent"))
    out = ok(run("prospect", "move", "P000001", "won"))
    assert "Prospect P000001: won." in out and "salesdesk prospect convert P000001" in out
    assert rows(region, "SELECT stage, date, note FROM prospect_moves ORDER BY id") == [
        ("identified", "2026-11-01", ""),
        ("proposal", "2026-11-15", "sent"),
        ("won", "2026-11-28", ""),
    ]
    assert rows(region, "SELECT value, stage, stage_since FROM prospects") == [(123450, "won", "2026-11-28")]


def test_prospect_lost_to_a_competitor_command(run, pipeline):
    ok(run("prospect", "move", "P000001", "lost", "--reason", "competitor", "--competitor", "RIVAL"))
    shown = as_json(run, "prospect", "show", "P000001")
    assert (shown["stage"], shown["lost_reason"], shown["competitor"]) == ("lost", "competitor", "RIVAL")
    assert "Lost: chose a competitor → RIVAL" in ok(run("prospect", "show", "P000001"))


def test_prospect_list_json_shape(run, pipeline):
    listed = as_json(run, "prospect", "list")
    assert [r["number"] for r in listed] == ["P000001", "P000002"]  # open first
    alfa = listed[0]
    assert {"number", "company", "stage", "owner", "value", "weighted"} <= set(alfa)
    assert {k: alfa[k] for k in ("number", "company", "stage", "owner", "value", "weighted")} == {
        "number": "P000001",
        "company": "Alfa S.L.",
        "stage": "contacted",
        "owner": "V01",
        "value": "24000.00",
        "weighted": "4800.00",  # 24,000.00 × 20 %
    }
    assert (alfa["days_in_stage"], alfa["stale"], alfa["stage_since"]) == (27, False, "2026-11-01")
    beta = listed[1]
    assert (beta["value"], beta["weighted"], beta["stage"]) == ("1000.50", "1000.50", "won")
    assert [r["number"] for r in as_json(run, "prospect", "list", "--open")] == ["P000001"]
    assert [r["number"] for r in as_json(run, "prospect", "list", "--search", "beta")] == ["P000002"]
    assert [r["number"] for r in as_json(run, "prospect", "list", "--limit", "1", "--offset", "1")] == [
        "P000002"
    ]


def test_prospect_show_json_with_its_moves(run, pipeline):
    shown = as_json(run, "prospect", "show", "P000001")
    assert (shown["number"], shown["contact"], shown["owner_name"]) == ("P000001", "Marta", "Ana Ruiz")
    assert shown["moves"] == [
        {"stage": "identified", "date": "2026-10-01", "note": ""},
        {"stage": "contacted", "date": "2026-11-01", "note": ""},
    ]
    out = ok(run("prospect", "show", "P000001"))
    assert "Stage moves:" in out and "Alfa S.L." in out


def test_prospect_next_command(run, pipeline):
    assert "next action recorded" in ok(
        run("prospect", "next", "P000001", "Send the offer", "--date", "2026-12-03")
    )
    shown = as_json(run, "prospect", "show", "P000001")
    assert (shown["next_action"], shown["next_action_date"], shown["last_action"]) == (
        "Send the offer",
        "2026-12-03",
        "2026-11-28",
    )


def test_prospect_stats_json_with_no_prospects(run, region):
    data = as_json(run, "prospect", "stats")
    assert [(s["stage"], s["reached"], s["rate"]) for s in data["stages"]] == [
        (stage, 0, None) for stage in ("identified", "contacted", "qualified", "proposal", "negotiation")
    ]
    assert data["win_rate"] is None
