"""The market room's import kinds through ``salesdesk import``: campaigns and prospects. A prospects file
writes each new prospect's stage moves (identification, then its stage on ``stage_since``), fills
``stage_since`` and ``last_action``; statistics are computed from those moves; ``import undo`` removes
them; a stage change from won or lost is refused, like the rules of ``prospect move``. Today 2026-11-28.

The files (:data:`CAMPAIGNS`, :data:`PROSPECTS`):

* Q1 Alfa, campaign FERIA, 10,000.00, V01: identified 09-05, won 10-05.
* Q2 Beta, campaign FERIA, 5,000.00, V01: identified 09-10, contacted 09-20.
* Q3 Gamma, referral, 2,000.00, V02: identified 09-12, lost 10-12 to competitor RIVAL.
* Q4 Delta, web, 1,000.00: identified 11-01 (no stage_since: filled from identified).

Stage statistics: reached identified 4; contacted Q1 Q2 = 2 (Q3 was lost straight from identified);
qualified, proposal, negotiation Q1 = 1 → rates 2/4 = 50.0, 1/2 = 50.0, 100.0, 100.0, 100.0; won 1, lost 1
→ win rate 50.0. Days in identified: Q1 30, Q2 10, Q3 30 → 70/3 = 23.3 (Q4's stay is still going);
contacted: Q2 still there → no average.

Campaign FERIA (budget 1,500.00): leads Q1 and Q2 → 750.00 per lead; no customer yet → none per customer."""

from __future__ import annotations

import json

import pytest

from tests.conftest import NOW
from tests.market.conftest import as_json, database, ok, rows, write_csv

CAMPAIGNS = (
    "code,name,start,end,budget,goal_leads,goal_customers,territory,group",
    "FERIA,Feria de hostelería,2026-09-01,2026-10-31,1500.00,5,1,MAD,HOR",
)
HEADER = "number,company,campaign,channel,value,stage,owner,identified,stage_since,lost_reason,competitor"
PROSPECTS = (
    HEADER,
    "Q1,Alfa,FERIA,,10000.00,won,V01,2026-09-05,2026-10-05,,",
    "Q2,Beta,FERIA,,5000.00,contacted,V01,2026-09-10,2026-09-20,,",
    "Q3,Gamma,,referral,2000.00,lost,V02,2026-09-12,2026-10-12,competitor,RIVAL",
    "Q4,Delta,,web,1000.00,identified,,2026-11-01,,,",
)
MOVES = (
    "SELECT p.number, m.stage, m.date FROM prospect_moves m JOIN prospects p ON p.id = m.prospect_id "
    "ORDER BY p.number, m.date, m.id"
)


def _import(run, kind, path):
    code, out, err = run("import", kind, str(path), "--json")
    assert "Traceback" not in err
    return code, json.loads(out), err


def _counts(data) -> tuple[int, int, int, int]:
    (k,) = data["kinds"]
    return k["created"], k["updated"], k["unchanged"], k["rejected"]


def _ok(run, kind, path, counts):
    code, data, err = _import(run, kind, path)
    assert code == 0, (data, err)
    assert _counts(data) == counts
    return data


def _refused(run, kind, path, *messages):
    """The whole file is refused; its errors are exactly ``messages`` (path:line: …)."""
    code, data, err = _import(run, kind, path)
    assert code == 1
    assert data["committed"] is False
    assert data["errors"] == [f"{path}:{m}" for m in messages]
    return data


def import_files(engine, folder) -> None:
    """CAMPAIGNS then PROSPECTS through the import engine (as ``salesdesk import`` runs it): batches 1, 2."""
    from salesdesk.core.importing.engine import Options, run_import
    from salesdesk.rooms import import_kinds

    for kind, lines in (("campaigns", CAMPAIGNS), ("prospects", PROSPECTS)):
        path = write_csv(folder / f"{kind}.csv", *lines)
        result = run_import(engine, import_kinds(), [(kind, path)], Options(), now=NOW)
        assert result.committed, result.errors


imported = database("imported", import_files)


def test_the_files_import_through_the_command_line(run, region, tmp_path):
    _ok(run, "campaigns", write_csv(tmp_path / "campaigns.csv", *CAMPAIGNS), (1, 0, 0, 0))
    _ok(run, "prospects", write_csv(tmp_path / "prospects.csv", *PROSPECTS), (4, 0, 0, 0))
    assert rows(region, "SELECT COUNT(*) FROM prospect_moves") == [(7,)]
    assert rows(region, "SELECT kind, undone_at FROM import_batches ORDER BY id") == [
        ("campaigns", None),
        ("prospects", None),
    ]


def test_campaigns_and_prospects_import_with_their_stage_moves(imported):
    assert rows(imported, "SELECT code, start, end, budget, goal_leads FROM campaigns") == [
        ("FERIA", "2026-09-01", "2026-10-31", 150000, 5)
    ]
    assert rows(imported, MOVES) == [
        ("Q1", "identified", "2026-09-05"),
        ("Q1", "won", "2026-10-05"),
        ("Q2", "identified", "2026-09-10"),
        ("Q2", "contacted", "2026-09-20"),
        ("Q3", "identified", "2026-09-12"),
        ("Q3", "lost", "2026-10-12"),
        ("Q4", "identified", "2026-11-01"),
    ]
    assert rows(
        imported, "SELECT number, channel, stage, stage_since, last_action FROM prospects ORDER BY number"
    ) == [
        ("Q1", "campaign", "won", "2026-10-05", "2026-10-05"),  # a campaign's prospect has channel campaign
        ("Q2", "campaign", "contacted", "2026-09-20", "2026-09-20"),
        ("Q3", "referral", "lost", "2026-10-12", "2026-10-12"),
        ("Q4", "web", "identified", "2026-11-01", "2026-11-01"),  # filled from identified
    ]


def test_statistics_are_computed_from_the_imported_moves(run, imported):
    data = as_json(run, "prospect", "stats")
    assert [(s["stage"], s["reached"], s["advanced"], s["rate"]) for s in data["stages"]] == [
        ("identified", 4, 2, "50.0"),
        ("contacted", 2, 1, "50.0"),
        ("qualified", 1, 1, "100.0"),
        ("proposal", 1, 1, "100.0"),
        ("negotiation", 1, 1, "100.0"),
    ]
    assert [s["avg_days"] for s in data["stages"]] == ["23.3", None, None, None, None]
    assert (data["won"], data["lost"], data["win_rate"]) == (1, 1, "50.0")
    (feria,) = as_json(run, "campaign", "results", "FERIA")
    assert (feria["leads"], feria["cost_per_lead"], feria["cost_per_customer"]) == (2, "750.00", None)
    shown = as_json(run, "prospect", "show", "Q3")
    assert (shown["lost_reason"], shown["competitor"], shown["owner"]) == ("competitor", "RIVAL", "V02")


def test_imported_won_prospect_converts(run, imported):
    assert as_json(run, "prospect", "convert", "Q1")["customer"] == "C0001"
    assert rows(imported, "SELECT name, customer_since FROM customers") == [("Alfa", "2026-10-05")]


def test_reimport_is_unchanged_and_writes_no_moves(run, imported, tmp_path):
    _ok(run, "prospects", write_csv(tmp_path / "again.csv", *PROSPECTS), (0, 0, 4, 0))
    assert len(rows(imported, MOVES)) == 7


def test_undo_removes_the_prospects_and_their_moves(run, imported):
    ok(run("import", "undo", "--yes"))
    assert rows(imported, "SELECT COUNT(*) FROM prospects") == [(0,)]
    assert rows(imported, "SELECT COUNT(*) FROM prospect_moves") == [(0,)]
    assert rows(imported, "SELECT code FROM campaigns") == [("FERIA",)]  # an earlier batch
    ok(run("import", "undo", "--yes"))
    assert rows(imported, "SELECT COUNT(*) FROM campaigns") == [(0,)]


def test_a_stage_change_on_reimport_records_the_move_and_the_history(run, imported, tmp_path):
    path = write_csv(
        tmp_path / "later.csv", HEADER, "Q2,Beta,FERIA,,5000.00,proposal,V01,2026-09-10,2026-11-02,,"
    )
    _ok(run, "prospects", path, (0, 1, 0, 0))
    assert rows(imported, MOVES)[2:5] == [
        ("Q2", "identified", "2026-09-10"),
        ("Q2", "contacted", "2026-09-20"),
        ("Q2", "proposal", "2026-11-02"),
    ]
    assert rows(imported, "SELECT stage, stage_since, last_action FROM prospects WHERE number = 'Q2'") == [
        ("proposal", "2026-11-02", "2026-11-02")
    ]
    assert rows(imported, "SELECT record, field, old, new FROM change_log WHERE entity = 'prospect'") == [
        ("Q2", "stage", "contacted", "proposal")
    ]


def test_a_row_moving_a_won_prospect_back_to_contacted_is_refused(run, imported, tmp_path):
    path = write_csv(
        tmp_path / "back.csv",
        HEADER,
        "Q2,Beta,FERIA,,5000.00,qualified,V01,2026-09-10,2026-11-02,,",  # fine on its own
        "Q1,Alfa,FERIA,,10000.00,contacted,V01,2026-09-05,2026-11-01,,",
    )
    before = (rows(imported, "SELECT * FROM prospects ORDER BY id"), rows(imported, MOVES))
    _refused(
        run,
        "prospects",
        path,
        "3: column 'stage': cannot move from won to contacted: won is final (value 'contacted')",
    )
    assert (rows(imported, "SELECT * FROM prospects ORDER BY id"), rows(imported, MOVES)) == before


def test_a_lost_prospect_cannot_be_reopened_by_a_file(run, imported, tmp_path):
    path = write_csv(
        tmp_path / "reopen.csv", HEADER, "Q3,Gamma,,referral,2000.00,negotiation,V02,2026-09-12,,,"
    )
    _refused(
        run,
        "prospects",
        path,
        "2: column 'stage': cannot move from lost to negotiation: lost is final (value 'negotiation')",
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "Z1,Zeta,,web,0,lost,,2026-10-01,2026-10-05,,",
            "column 'lost_reason': say why the prospect was lost",
        ),
        (
            "Z1,Zeta,,web,0,lost,,2026-10-01,2026-10-05,competitor,",
            "column 'competitor': name the competitor that won the deal",
        ),
        (
            "Z1,Zeta,,web,0,contacted,,2026-10-01,2026-10-05,price,",
            "column 'lost_reason': only a lost prospect has a lost reason (value 'price')",
        ),
        ("Z1,Zeta,,campaign,0,identified,,2026-10-01,,,", "column 'campaign': name the campaign"),
        (
            "Z1,Zeta,,web,0,contacted,,2026-10-05,2026-10-01,,",
            "column 'stage_since': comes before the prospect was identified (value '2026-10-01')",
        ),
        ("Z1,Zeta,,web,0,signed,,2026-10-01,,,", "column 'stage'"),
    ],
)
def test_rows_breaking_the_prospect_rules_are_refused(run, region, tmp_path, line, message):
    code, data, _err = _import(run, "prospects", write_csv(tmp_path / "bad.csv", HEADER, line))
    assert code == 1 and data["committed"] is False
    (error,) = data["errors"]
    assert error.startswith(f"{tmp_path / 'bad.csv'}:2: ") and message in error, error
    assert rows(region, "SELECT COUNT(*) FROM prospects") == [(0,)]
    assert rows(region, "SELECT COUNT(*) FROM prospect_moves") == [(0,)]


def test_dates_after_today_are_refused(run, region, tmp_path):
    path = write_csv(tmp_path / "future.csv", HEADER, "Z1,Zeta,,web,0,identified,,2026-11-29,,,")
    code, data, _err = _import(run, "prospects", path)
    assert code == 1 and data["committed"] is False
    assert any("is after today" in e and "Z1 2026-11-29" in e for e in data["errors"]), data["errors"]
    assert rows(region, "SELECT COUNT(*) FROM prospects") == [(0,)]


def test_a_campaign_ending_before_it_starts_is_refused(run, region, tmp_path):
    path = write_csv(tmp_path / "campaigns.csv", "code,name,start,end", "K1,Mal,2026-10-01,2026-09-30")
    _refused(run, "campaigns", path, "2: column 'end': comes before the start (value '2026-09-30')")


# --------------------------------------------------------------------------- bugs found


def test_undo_of_a_stage_change_with_its_day(run, imported, tmp_path):
    path = write_csv(
        tmp_path / "later.csv", HEADER, "Q2,Beta,FERIA,,5000.00,proposal,V01,2026-09-10,2026-11-02,,"
    )
    _ok(run, "prospects", path, (0, 1, 0, 0))
    code, _out, err = run("import", "undo", "--yes")
    assert code == 0, err
    assert rows(imported, "SELECT stage, stage_since, last_action FROM prospects WHERE number = 'Q2'") == [
        ("contacted", "2026-09-20", "2026-09-20")
    ]
    assert [m for m in rows(imported, MOVES) if m[0] == "Q2"] == [
        ("Q2", "identified", "2026-09-10"),
        ("Q2", "contacted", "2026-09-20"),
    ]


def test_undo_of_a_stage_change_without_its_day(run, imported, tmp_path):
    path = write_csv(tmp_path / "later.csv", "number,company,stage,identified", "Q2,Beta,proposal,2026-09-10")
    _ok(run, "prospects", path, (0, 1, 0, 0))
    ok(run("import", "undo", "--yes"))
    assert rows(imported, "SELECT stage, stage_since, last_action FROM prospects WHERE number = 'Q2'") == [
        ("contacted", "2026-09-20", "2026-09-20")
    ]
    ok(run("prospect", "list"))


def test_a_reimport_without_a_stage_column_records_no_move(run, imported, tmp_path):
    path = write_csv(tmp_path / "values.csv", "number,company,identified,value", "Q2,Beta,2026-09-10,6000.00")
    _ok(run, "prospects", path, (0, 1, 0, 0))
    assert rows(imported, "SELECT stage, stage_since, value FROM prospects WHERE number = 'Q2'") == [
        ("contacted", "2026-09-20", 600000)
    ]
    assert len(rows(imported, MOVES)) == 7


def test_a_stage_change_dated_before_the_current_stage_is_refused(run, imported, tmp_path):
    # Q2 is contacted since 09-20; a file says it became qualified on 09-15.
    path = write_csv(
        tmp_path / "early.csv", HEADER, "Q2,Beta,FERIA,,5000.00,qualified,V01,2026-09-10,2026-09-15,,"
    )
    code, data, _err = _import(run, "prospects", path)
    assert code == 1 and data["committed"] is False
    assert rows(imported, "SELECT stage, stage_since FROM prospects WHERE number = 'Q2'") == [
        ("contacted", "2026-09-20")
    ]
