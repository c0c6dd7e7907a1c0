"""``visit export FILE.ics``: the planned visits from today (2026-11-28) on as an iCalendar file, read back
with ``icalendar``: one VEVENT per planned visit, timed ones from their time for their duration (60 minutes
unless given), all-day ones for visits without a time, the summary naming the customer."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from icalendar import Calendar


@pytest.fixture
def run(cli, db_path, seeded):
    def invoke(*args: str) -> tuple[int, str, str]:
        return cli("--db", str(db_path), *args)

    return invoke


def plan(run, customer, day, *extra):
    code, out, err = run("visit", "plan", customer, "--date", day, *extra, "--json")
    assert code == 0, err
    return json.loads(out)["id"]


def export(run, path, *extra):
    code, out, err = run("visit", "export", str(path), *extra)
    assert code == 0, err
    assert err == ""
    return out, Calendar.from_ical(path.read_bytes())


def events(cal) -> dict[str, object]:
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


@pytest.fixture
def visits(run):
    """Ids: 1 C001 2026-12-01 10:00 (60 min); 2 C003 2026-12-01 14:30 for 30 min by the manager; 3 C002
    2026-12-03 no time; 4 C001 today 08:00; 5 C003 2026-11-20 (past); 6 C002 2026-12-05 cancelled;
    7 C001 2026-11-25 done."""
    ids = [
        plan(run, "C001", "2026-12-01", "--time", "10:00"),
        plan(run, "C003", "2026-12-01", "--time", "14:30", "--duration", "30", "--who", "manager"),
        plan(run, "C002", "2026-12-03", "--purpose", "collection"),
        plan(run, "C001", "2026-11-28", "--time", "08:00"),
        plan(run, "C003", "2026-11-20"),
        plan(run, "C002", "2026-12-05"),
        plan(run, "C001", "2026-11-25"),
    ]
    assert run("visit", "cancel", "6")[0] == 0
    assert run("visit", "done", "7")[0] == 0
    return ids


def test_one_event_per_planned_visit_from_today_on(run, visits, tmp_path):
    path = tmp_path / "visits.ics"
    out, cal = export(run, path)
    assert out == f"4 planned visits written to {path}.\n"
    assert sorted(events(cal)) == [f"visit-{n}@salesdesk" for n in (1, 2, 3, 4)]
    assert str(cal["version"]) == "2.0"


def test_timed_events_last_their_duration(run, visits, tmp_path):
    _out, cal = export(run, tmp_path / "visits.ics")
    found = events(cal)
    first = found["visit-1@salesdesk"]
    assert first.decoded("dtstart") == datetime(2026, 12, 1, 10, 0)
    assert first.decoded("dtend") == datetime(2026, 12, 1, 11, 0)  # 60 minutes by default
    second = found["visit-2@salesdesk"]
    assert second.decoded("dtstart") == datetime(2026, 12, 1, 14, 30)
    assert second.decoded("dtend") == datetime(2026, 12, 1, 15, 0)  # 30 minutes
    today = found["visit-4@salesdesk"]
    assert (today.decoded("dtstart"), today.decoded("dtend")) == (
        datetime(2026, 11, 28, 8, 0),
        datetime(2026, 11, 28, 9, 0),
    )


def test_a_visit_without_time_is_an_all_day_event(run, visits, tmp_path):
    _out, cal = export(run, tmp_path / "visits.ics")
    allday = events(cal)["visit-3@salesdesk"]
    start, end = allday.decoded("dtstart"), allday.decoded("dtend")
    assert type(start) is date and type(end) is date
    assert (start, end) == (date(2026, 12, 3), date(2026, 12, 4))


def test_summary_names_the_customer_and_description_who(run, visits, tmp_path):
    _out, cal = export(run, tmp_path / "visits.ics")
    found = events(cal)
    assert str(found["visit-1@salesdesk"]["summary"]) == "Visit C001 Acme Distribuciones S.L."
    assert str(found["visit-2@salesdesk"]["summary"]) == "Visit C003 Cafetería Ávila"
    assert "manager" in str(found["visit-2@salesdesk"]["description"])
    assert "collection" in str(found["visit-3@salesdesk"]["description"])
    assert "V01" in str(found["visit-1@salesdesk"]["description"])
    for e in found.values():
        assert e.get("dtstamp") is not None


def test_all_includes_past_planned_visits_but_never_done_or_cancelled(run, visits, tmp_path):
    out, cal = export(run, tmp_path / "all.ics", "--all")
    assert out.startswith("5 planned visits written")
    assert sorted(events(cal)) == [f"visit-{n}@salesdesk" for n in (1, 2, 3, 4, 5)]


def test_no_planned_visits_is_an_empty_calendar(run, tmp_path):
    out, cal = export(run, tmp_path / "empty.ics")
    assert out.startswith("0 planned visits written")
    assert cal.walk("VEVENT") == []


def test_an_upper_case_suffix_is_fine(run, visits, tmp_path):
    _out, cal = export(run, tmp_path / "VISITS.ICS")
    assert len(cal.walk("VEVENT")) == 4


@pytest.mark.parametrize("name", ["visits.txt", "visits", "visits.ics.bak"])
def test_a_non_ics_path_is_refused(run, visits, tmp_path, name):
    path = tmp_path / name
    code, out, err = run("visit", "export", str(path))
    assert code == 1, (out, err)
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "FILE" in err and f"'{path}'" in err and ".ics" in err
    assert not path.exists()


def test_an_unwritable_path_is_one_error_line(run, visits, tmp_path):
    path = tmp_path / "missing" / "visits.ics"
    code, out, err = run("visit", "export", str(path))
    assert code == 1, (out, err)
    assert err.count("\n") == 1 and "Traceback" not in err and f"'{path}'" in err
