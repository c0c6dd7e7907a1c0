"""Competitors, intel entries and countermeasures through the real command line (``competitor``,
``intel add|list|lost``, ``intel measure add|status|list``) and their queries: numbering, filters, paging,
the status table with its history, and bad input — exit 1, one line naming the option and the value,
nothing written. Today is 2026-11-28."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import text

from salesdesk.core.db import read_session, write_session
from tests.conftest import NOW, TODAY
from tests.intel.conftest import as_json, data_error, ok


def _count(engine, table: str) -> int:
    with engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()


@pytest.fixture
def intel(seeded):
    """Two competitors and three entries: I000001 (K1, price, high, MAD, 2026-11-01, by V01),
    I000002 (K2, product, medium, 2026-11-15), I000003 (no competitor, promotion, low, TOL, today)."""
    from salesdesk.intel import queries

    with write_session(seeded) as s:
        queries.add_competitor(session=s, code="K1", name="Frío Total", notes="precios bajos")
        queries.add_competitor(session=s, code="K2", name="Clima Sur")
        for day, observed, competitor, territory, topic, impact, source, by in (
            (date(2026, 11, 1), "Bajan precios un 10 %", "K1", "MAD", "price", "high", "Cliente C001", "V01"),
            (date(2026, 11, 15), "Nueva gama inverter", "K2", None, "product", None, None, None),
            (None, "Regalan la instalación", None, "TOL", "promotion", "low", None, None),
        ):
            queries.add_entry(
                session=s, day=day, observed=observed, competitor=competitor, territory=territory,
                topic=topic, impact=impact, source=source, reported_by=by, today=TODAY,
            )  # fmt: skip
            s.flush()
    return seeded


# --------------------------------------------------------------------------- competitors


def test_competitor_add_through_the_command_line(seeded, run):
    assert ok(run("competitor", "add", " K7 ", "--name", "Aire Norte", "--notes", "solo online")) == (
        "Competitor K7 added.\n"
    )
    assert as_json(run("competitor", "list", "--json")) == [
        {
            "code": "K7",
            "name": "Aire Norte",
            "notes": "solo online",
            "entries": 0,
            "last_entry": None,
            "high_impact": 0,
            "lost_deals": 0,
        }
    ]


def test_competitor_list(intel, run):
    rows = as_json(run("competitor", "list", "--json"))
    assert [r["code"] for r in rows] == ["K2", "K1"]  # by name: Clima Sur, Frío Total
    k1 = next(r for r in rows if r["code"] == "K1")
    assert k1 == {
        "code": "K1",
        "name": "Frío Total",
        "notes": "precios bajos",
        "entries": 1,
        "last_entry": "2026-11-01",
        "high_impact": 1,
        "lost_deals": 0,
    }
    k2 = next(r for r in rows if r["code"] == "K2")
    assert (k2["entries"], k2["last_entry"], k2["high_impact"]) == (1, "2026-11-15", 0)


def test_competitor_add_refuses_a_duplicate_code_and_a_missing_name(intel, run):
    data_error(run("competitor", "add", "K1", "--name", "Otra"), "K1", "already exists")
    data_error(run("competitor", "add", "K3", "--name", "  "), "is required")
    assert _count(intel, "competitors") == 2


def test_deals_lost_to_a_competitor(intel, run):
    from salesdesk.market import queries as market

    out = ok(run("prospect", "add", "Hotel Sol", "--value", "1000.00", "--date", "2026-10-01"))
    numbers = [re.search(r"Prospect (\S+) added", out).group(1)]
    with write_session(intel) as s:
        numbers.append(
            market.add_prospect(
                session=s, data={"company": "Bar Luna", "value": "500.00"}, identified=date(2026, 10, 1),
                today=TODAY, locale="en_US", now=NOW,
            )
        )  # fmt: skip
        s.flush()
        market.move_prospect(
            session=s, number=numbers[1], stage="lost", day=None, today=TODAY, now=NOW,
            lost_reason="competitor", competitor="K1",
        )  # fmt: skip
    ok(run("prospect", "move", numbers[0], "lost", "--reason", "competitor", "--competitor", "K1"))
    rows = as_json(run("competitor", "list", "--json"))
    assert {r["code"]: r["lost_deals"] for r in rows} == {"K1": 2, "K2": 0}
    lost = as_json(run("intel", "lost", "--json"))
    assert len(lost) == 1
    assert (lost[0]["competitor"], lost[0]["reason"], lost[0]["count"]) == ("K1", "competitor", 2)
    assert lost[0]["value"] == "1500.00"
    assert as_json(run("intel", "lost", "--json", "--to", "2026-11-27")) == []


# --------------------------------------------------------------------------- intel entries


def test_intel_entries_are_numbered_and_listed_newest_first(intel, run):
    rows = as_json(run("intel", "list", "--json"))
    assert [r["number"] for r in rows] == ["I000003", "I000002", "I000001"]
    first = rows[-1]
    assert first == {
        "number": "I000001",
        "date": "2026-11-01",
        "competitor": "K1",
        "competitor_name": "Frío Total",
        "territory": "MAD",
        "topic": "price",
        "impact": "high",
        "observed": "Bajan precios un 10 %",
        "source": "Cliente C001",
        "reported_by": "V01",
        "measures": 0,
    }
    newest = rows[0]
    assert (newest["date"], newest["competitor"], newest["impact"]) == (TODAY.isoformat(), None, "low")
    # the defaults: topic other, impact medium, today
    ok(run("intel", "add", "Rumor"))
    latest = as_json(run("intel", "list", "--json", "--limit", "1"))[0]
    assert (latest["number"], latest["topic"], latest["impact"], latest["date"]) == (
        "I000004",
        "other",
        "medium",
        "2026-11-28",
    )


FILTERS = [
    ({"competitor": "K1"}, ["I000001"]),
    ({"territory": "TOL"}, ["I000003"]),
    ({"topic": "product"}, ["I000002"]),
    ({"impact": "medium"}, ["I000002"]),
    ({"start": date(2026, 11, 15)}, ["I000003", "I000002"]),
    ({"end": date(2026, 11, 15)}, ["I000002", "I000001"]),
    ({"start": date(2026, 11, 2), "end": date(2026, 11, 27)}, ["I000002"]),
    ({"search": "inverter"}, ["I000002"]),
    ({"search": "cliente c001"}, ["I000001"]),  # the source too
    ({"search": "I000003"}, ["I000003"]),  # and the number
    ({"search": "   "}, ["I000003", "I000002", "I000001"]),  # a blank search filters nothing
    ({"competitor": "K1", "topic": "product"}, []),
]


def test_entry_filters(intel):
    from salesdesk.intel import queries

    with read_session(intel) as s:
        for given, expected in FILTERS:
            filters = queries.EntryFilter(**given)
            assert [e.number for e in queries.list_entries(session=s, filters=filters)] == expected, given
            assert queries.count_entries(session=s, filters=filters) == len(expected), given


SEARCH_BUG = (
    "BUG: intel.queries._entry_where searches with ilike('%text%'): unlike the project's "
    "core.db.contains_text (used by the customer search) it neither folds accents nor treats % and _ "
    "literally"
)


def _search(engine, text_: str) -> list[str]:
    from salesdesk.intel import queries

    with read_session(engine) as s:
        return [e.number for e in queries.list_entries(session=s, filters=queries.EntryFilter(search=text_))]


def test_the_customer_search_is_the_convention_accents_folded(intel):
    from salesdesk.org import queries as q

    with read_session(intel) as s:
        assert [c.code for c in q.list_customers(session=s, search="avila")] == ["C003"]  # Cafetería Ávila
        assert q.list_customers(session=s, search="%") == []


def test_intel_search_ignores_accents(intel):
    assert _search(intel, "instalacion") == ["I000003"]  # "Regalan la instalación"


def test_intel_search_takes_percent_literally(intel):
    assert _search(intel, "%") == ["I000001"]  # only "Bajan precios un 10 %" has one


def test_intel_list_options_are_the_filters(intel, run):
    def numbers(*args: str) -> list[str]:
        return [r["number"] for r in as_json(run("intel", "list", "--json", *args))]

    assert numbers("--competitor", "K1") == ["I000001"]
    assert numbers("--territory", "TOL", "--topic", "promotion", "--impact", "low") == ["I000003"]
    assert numbers("--from", "2026-11-02", "--to", "2026-11-27") == ["I000002"]
    assert numbers("--search", "gama") == ["I000002"]


def test_intel_list_pages(intel, run):
    assert [r["number"] for r in as_json(run("intel", "list", "--json", "--limit", "2"))] == [
        "I000003",
        "I000002",
    ]
    page = as_json(run("intel", "list", "--json", "--limit", "2", "--offset", "2"))
    assert [r["number"] for r in page] == ["I000001"]
    assert as_json(run("intel", "list", "--json", "--offset", "3")) == []


def test_entry_queries_page_in_sql(intel):
    from salesdesk.intel import queries

    with read_session(intel) as s:
        page = queries.list_entries(session=s, filters=queries.EntryFilter(), limit=1, offset=1)
        assert [e.number for e in page] == ["I000002"]
        page = queries.list_entries(session=s, filters=queries.EntryFilter(), offset=2)
        assert [e.number for e in page] == ["I000001"]


def test_intel_list_table(intel, run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    out = ok(run("intel", "list", "--competitor", "K2"))
    assert "I000002" in out and "Nueva gama inverter" in out and "I000001" not in out


def test_intel_add_refuses_bad_input(intel, run):
    for args, parts in (
        (("--topic", "gossip"), ("--topic 'gossip'", "must be one of: price, product, promotion")),
        (("--impact", "huge"), ("--impact 'huge'", "must be one of: low, medium, high")),
        (("--date", "2026-11-29"), ("--date '2026-11-29'", "is after today")),
        (("--competitor", "K9"), ("--competitor 'K9'", "no competitor has this code")),
        (("--territory", "ZZ"), ("--territory 'ZZ'", "no territory has this code")),
        (("--by", "V99"), ("--by 'V99'", "no salesperson has this code")),
    ):
        data_error(run("intel", "add", "Algo", *args), *parts)
    assert _count(intel, "intel_entries") == 3


def test_intel_add_needs_what_was_observed(intel, run):
    data_error(run("intel", "add", "   "), "OBSERVED", "is required")
    assert _count(intel, "intel_entries") == 3


def test_intel_list_with_an_unknown_filter_value(seeded, run):
    data_error(run("intel", "list", "--competitor", "K9"), "--competitor 'K9'", "no competitor has this code")
    data_error(run("intel", "list", "--topic", "gossip"), "--topic 'gossip'")


# --------------------------------------------------------------------------- countermeasures


def test_measure_add_and_list(intel, run):
    assert "M000001" in ok(
        run("intel", "measure", "add", "Bajar precio", "--entry", "I000001", "--department", "pricing",
            "--due", "2026-12-15", "--owner", "V01")
    )  # fmt: skip
    ok(
        run(
            "intel",
            "measure",
            "add",
            "Folleto",
            "--department",
            "marketing",
            "--told",
            "2026-11-20",
            "--due",
            "2026-11-01",
        )
    )
    ok(run("intel", "measure", "add", "Sin fecha"))
    rows = as_json(run("intel", "measure", "list", "--json"))
    # open ones first by due date, without a due date last
    assert [r["number"] for r in rows] == ["M000002", "M000001", "M000003"]
    m1 = next(r for r in rows if r["number"] == "M000001")
    assert m1 == {
        "number": "M000001",
        "entry": "I000001",
        "action": "Bajar precio",
        "owner": "V01",
        "due": "2026-12-15",
        "status": "open",
        "department": "pricing",
        "told_on": "2026-11-28",  # told today when a department is named without a day
        "done_on": None,
        "overdue": False,
    }
    m2 = next(r for r in rows if r["number"] == "M000002")
    assert (m2["told_on"], m2["overdue"], m2["entry"]) == ("2026-11-20", True, None)
    m3 = next(r for r in rows if r["number"] == "M000003")
    assert (m3["department"], m3["told_on"], m3["owner"]) == ("", None, None)
    entries = {r["number"]: r["measures"] for r in as_json(run("intel", "list", "--json"))}
    assert entries == {"I000001": 1, "I000002": 0, "I000003": 0}
    assert [
        r["number"] for r in as_json(run("intel", "measure", "list", "--json", "--entry", "I000001"))
    ] == ["M000001"]


def test_measure_status_changes_are_recorded(intel, run):
    from salesdesk.intel import queries

    with write_session(intel) as s:
        for action, entry in (("Bajar precio", "I000001"), ("Folleto", None)):
            queries.add_measure(
                session=s, action=action, entry=entry, owner=None, due=None, department=None, told_on=None,
                today=TODAY,
            )  # fmt: skip
            s.flush()
    assert "in progress" in ok(
        run("intel", "measure", "status", "M000001", "in_progress", "--note", "empezado")
    )
    assert "done" in ok(run("intel", "measure", "status", "M000001", "DONE"))
    ok(run("intel", "measure", "status", "M000002", "cancelled"))
    rows = {r["number"]: r for r in as_json(run("intel", "measure", "list", "--json"))}
    assert (rows["M000001"]["status"], rows["M000001"]["done_on"]) == ("done", TODAY.isoformat())
    assert (rows["M000002"]["status"], rows["M000002"]["done_on"]) == ("cancelled", None)
    assert as_json(run("intel", "measure", "list", "--json", "--open")) == []
    with intel.connect() as conn:
        history = conn.execute(
            text(
                "SELECT record, old, new, note FROM change_log WHERE entity = 'countermeasure' "
                "AND field = 'status' ORDER BY id"
            )
        ).all()
    assert history == [
        ("M000001", "open", "in_progress", "empezado"),
        ("M000001", "in_progress", "done", ""),
        ("M000002", "open", "cancelled", ""),
    ]


def test_measure_status_refuses_a_change_the_table_does_not_allow(intel, run):
    from salesdesk.intel import queries

    with write_session(intel) as s:
        for action, status in (("A", "done"), ("B", "cancelled"), ("C", "in_progress"), ("D", None)):
            number = queries.add_measure(
                session=s, action=action, entry=None, owner=None, due=None, department=None, told_on=None,
                today=TODAY,
            )  # fmt: skip
            s.flush()
            if status:
                queries.set_measure_status(session=s, number=number, status=status, today=TODAY, now=NOW)
    history = _count(intel, "change_log")
    for number, status, parts in (
        ("M000001", "open", ("STATUS 'open'", "cannot change from done to open")),
        ("M000001", "in_progress", ("cannot change from done to in progress",)),
        ("M000002", "done", ("cannot change from cancelled to done",)),
        ("M000003", "open", ("cannot change from in progress to open",)),
        ("M000004", "closed", ("STATUS 'closed'", "must be one of: open, in_progress, done, cancelled")),
    ):
        data_error(run("intel", "measure", "status", number, status), *parts)
    assert _count(intel, "change_log") == history
    rows = {r["number"]: r["status"] for r in as_json(run("intel", "measure", "list", "--json"))}
    assert rows == {"M000001": "done", "M000002": "cancelled", "M000003": "in_progress", "M000004": "open"}


def test_measure_status_of_an_unknown_number(intel, run):
    data_error(run("intel", "measure", "status", "M000009", "done"), "NUMBER 'M000009'", "no countermeasure")


def test_measure_add_refuses_bad_input(intel, run):
    for args, parts in (
        (("--told", "2026-11-20"), ("--told '2026-11-20'", "name the department that was told")),
        (("--department", "marketing", "--told", "2026-11-29"), ("--told '2026-11-29'", "is after today")),
        (("--department", "hr"), ("--department 'hr'", "must be one of: marketing, product, pricing")),
        (("--entry", "I999999"), ("--entry 'I999999'", "no intel entry has this number")),
        (("--owner", "V99"), ("--owner 'V99'", "no salesperson has this code")),
    ):
        data_error(run("intel", "measure", "add", "Algo", *args), *parts)
    assert _count(intel, "countermeasures") == 0


def test_measure_add_needs_an_action(intel, run):
    data_error(run("intel", "measure", "add", " "), "ACTION", "is required")


def test_measure_queries_number_after_the_highest_own_number(intel):
    from salesdesk.intel import queries
    from salesdesk.intel.models import Countermeasure

    with write_session(intel) as s:
        s.add(Countermeasure(number="M000007", action="importada"))
        s.add(Countermeasure(number="ERP-99", action="de otro sistema"))
    with write_session(intel) as s:
        number = queries.add_measure(
            session=s,
            action="Nueva",
            entry=None,
            owner=None,
            due=None,
            department=None,
            told_on=None,
            today=TODAY,
        )
    assert number == "M000008"
    with write_session(intel) as s:
        queries.set_measure_status(session=s, number="M000008", status=" In_Progress ", today=TODAY, now=NOW)
    with read_session(intel) as s:
        rows = {m.number: m for m in queries.list_measures(session=s, today=TODAY)}
    assert rows["M000008"].status == "in_progress"
