"""The ``team`` commands (and ``salesperson edit``) through the real command line on the hand-computed
quarter of ``conftest.py`` (today 2026-11-28): the happy paths and their JSON shapes, and bad input — exit 1
with one stderr line naming the option and the value, no traceback, the database unchanged — and usage
errors (exit 2)."""

from __future__ import annotations

import json

import pytest

from tests.team.conftest import rows, snapshot

REVIEW_KEYS = {"salesperson", "period", "kpis", "overall", "rating", "status"}
KPI_KEYS = {"key", "name", "label", "value", "target", "score", "weight"}


@pytest.fixture
def run(cli, db_path, quarter):
    def invoke(*args: str) -> tuple[int, str, str]:
        return cli("--db", str(db_path), *args)

    return invoke


def ok(result) -> str:
    code, out, err = result
    assert code == 0, err
    assert "Traceback" not in out + err
    return out


def as_json(run, *args):
    return json.loads(ok(run(*args, "--json")))


def data_error(result, *parts: str) -> str:
    """Exit 1, one line on stderr (no traceback) containing every part."""
    code, out, err = result
    assert code == 1, (out, err)
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert "Traceback" not in out + err
    for part in parts:
        assert part in err, err
    return err


def usage_error(result) -> str:
    code, out, err = result
    assert code == 2, (code, out, err)
    assert "Traceback" not in out + err
    return err


def refused_unchanged(run, engine, args, *parts):
    """The command is refused with exit 1 naming ``parts`` and the database is unchanged."""
    before = snapshot(engine)
    data_error(run(*args), *parts)
    assert snapshot(engine) == before


Q3 = ("--period", "2026Q3")


def ready(run, sp="V01"):
    ok(run("team", "review", "start", sp, *Q3))
    ok(run("team", "review", "score", sp, *Q3, "--kpi", "teamwork", "--score", "4"))
    ok(run("team", "review", "score", sp, *Q3, "--kpi", "product_knowledge", "--score", "3.0"))


# --------------------------------------------------------------------------- reviews


def test_review_happy_path_and_json_shape(run):
    assert "started" in ok(run("team", "review", "start", "V01", *Q3))
    draft = as_json(run, "team", "review", "show", "V01", *Q3)
    assert set(draft) >= REVIEW_KEYS
    assert (draft["status"], draft["overall"], draft["rating"]) == ("draft", "2.00", "below")
    assert "teamwork scored 4" in ok(
        run("team", "review", "score", "V01", *Q3, "--kpi", "teamwork", "--score", "4")
    )
    ok(run("team", "review", "score", "V01", *Q3, "--kpi", "product_knowledge", "--score", "3.0"))
    ok(run("team", "review", "comment", "V01", *Q3, "--comments", "Solid quarter", "--strengths", "C1 grew"))
    assert "Action 1 added" in ok(
        run("team", "review", "suggest", "V01", *Q3, "--action", "Visit C2 monthly", "--due", "2026-12-31")
    )
    out = ok(run("team", "review", "finalize", "V01", *Q3))
    assert "finalized: 2.15" in out and "below expectations" in out
    view = as_json(run, "team", "review", "show", "V01", *Q3)
    assert set(view) >= REVIEW_KEYS
    assert (view["salesperson"], view["period"], view["status"]) == ("V01", "2026Q3", "final")
    assert (view["overall"], view["rating"]) == ("2.15", "below")
    assert (view["comments"], view["strengths"]) == ("Solid quarter", "C1 grew")
    assert [(a["id"], a["action"], a["due"], a["status"]) for a in view["actions"]] == [
        (1, "Visit C2 monthly", "2026-12-31", "open")
    ]
    for k in view["kpis"]:
        assert set(k) >= KPI_KEYS, k
    got = {k["key"]: (k["value"], k["target"], k["score"], k["weight"]) for k in view["kpis"]}
    assert got == {
        "sales_attainment": ("84.0", "100", "2.33", "30.0"),
        "overdue_receivables": ("15.0", "5", "2.50", "15.0"),
        "visit_compliance": ("66.7", "90", "2.08", "15.0"),
        "complaints_in_sla": ("60.0", "95", "0.00", "10.0"),
        "expense_ratio": ("5.5", "3", "2.50", "10.0"),
        "new_customers": (1, "3", "1.67", "10.0"),
        "teamwork": ("4.0", None, "4.00", "5.0"),
        "product_knowledge": ("3.0", None, "3.00", "5.0"),
    }
    assert isinstance(got["new_customers"][0], int)
    assert view["kpis"][0]["name"] == "sales_attainment"
    assert view["kpis"][0]["label"] == "Sales attainment %"
    # the text view of the final review
    text = ok(run("team", "review", "show", "V01", *Q3))
    assert "84.0 %" in text and "2.15" in text
    history = as_json(run, "team", "review", "history", "V01")
    assert history == [
        {"period": "2026Q3", "status": "final", "overall": "2.15", "rating": "below", "change": None}
    ]


def test_a_final_review_is_read_only_on_the_command_line(run, quarter):
    ready(run)
    ok(run("team", "review", "finalize", "V01", *Q3))
    for args in (
        ("team", "review", "score", "V01", *Q3, "--kpi", "teamwork", "--score", "5"),
        ("team", "review", "comment", "V01", *Q3, "--comments", "changed"),
        ("team", "review", "suggest", "V01", *Q3, "--action", "x", "--due", "2026-12-31"),
        ("team", "review", "finalize", "V01", *Q3),
    ):
        refused_unchanged(run, quarter, args, "2026Q3" if args[2] != "finalize" else "final")


def test_reopen_on_the_command_line(run, quarter):
    ready(run)
    ok(run("team", "review", "finalize", "V01", *Q3))
    usage_error(run("team", "review", "reopen", "V01", *Q3))  # --reason is required
    refused_unchanged(run, quarter, ("team", "review", "reopen", "V01", *Q3, "--reason", " "), "--reason")
    assert "reopened" in ok(run("team", "review", "reopen", "V01", *Q3, "--reason", "missing invoice"))
    view = as_json(run, "team", "review", "show", "V01", *Q3)
    assert view["status"] == "draft"
    assert view["history"][-1]["note"] == "missing invoice"
    assert rows(quarter, "SELECT note FROM change_log WHERE entity = 'review' ORDER BY id DESC LIMIT 1") == [
        ("missing invoice",)
    ]
    refused_unchanged(run, quarter, ("team", "review", "reopen", "V01", *Q3, "--reason", "again"), "draft")


@pytest.mark.parametrize(
    ("args", "parts"),
    [
        (("team", "review", "start", "V01", "--period", "2026Q5"), ("--period", "2026Q5")),
        (("team", "review", "start", "V01", "--period", "2026H3"), ("--period", "2026H3")),
        (("team", "review", "start", "V01", "--period", "2026-13"), ("--period", "2026-13")),
        (("team", "review", "start", "V01", "--period", "x"), ("--period", "'x'")),
        (("team", "review", "start", "V01", "--period", "2027Q1"), ("--period", "2027Q1", "not started")),
        (("team", "review", "start", "V01", "--period", "2026-05"), ("--period", "2026-05")),
        (("team", "review", "start", "V99", *Q3), ("V99",)),
        (("team", "review", "start", "V01", *Q3, "--template", "nope"), ("--template", "nope")),
        (("team", "review", "show", "V01", *Q3), ("--period", "2026Q3", "no review")),
        (("team", "list", "--period", "2026Q5"), ("--period", "2026Q5")),
        (("team", "ranking", "--period", "2026Q9"), ("--period", "2026Q9")),
    ],
)
def test_review_bad_input(run, quarter, args, parts):
    refused_unchanged(run, quarter, args, *parts)


@pytest.mark.parametrize(
    ("args", "parts"),
    [
        (("--kpi", "teamwork", "--score", "5.5"), ("--score", "5.5")),
        (("--kpi", "teamwork", "--score", "4.25"), ("--score", "4.25")),
        (("--kpi", "teamwork", "--score", "abc"), ("--score", "abc")),
        (("--kpi", "sales_attainment", "--score", "4"), ("--kpi", "sales_attainment")),
        (("--kpi", "charisma", "--score", "4"), ("--kpi", "charisma")),
    ],
)
def test_review_score_bad_input(run, quarter, args, parts):
    ok(run("team", "review", "start", "V01", *Q3))
    refused_unchanged(run, quarter, ("team", "review", "score", "V01", *Q3, *args), *parts)


def test_review_other_bad_input(run, quarter):
    ok(run("team", "review", "start", "V01", *Q3))
    ok(run("team", "review", "start", "V01", "--period", "2026Q4"))
    for args, parts in (
        (("team", "review", "start", "V01", *Q3), ("--period", "2026Q3", "already")),
        (("team", "review", "finalize", "V01", *Q3), ("--kpi", "teamwork, product_knowledge")),
        (("team", "review", "finalize", "V01", "--period", "2026Q4"), ("--period", "2026Q4", "2026-12-31")),
        (("team", "review", "comment", "V01", *Q3), ("--comments",)),
        (
            ("team", "review", "suggest", "V01", *Q3, "--action", "x", "--due", "2026-06-30"),
            ("--due", "2026-06-30"),
        ),
        (
            ("team", "review", "suggest", "V01", *Q3, "--action", "x", "--due", "31/31/2026"),
            ("--due", "31/31/2026"),
        ),
        (("team", "review", "suggest", "V01", *Q3, "--action", " ", "--due", "2026-12-31"), ("--action",)),
    ):
        refused_unchanged(run, quarter, args, *parts)


def test_usage_errors_exit_2(run):
    usage_error(run("team", "review", "start", "V01"))  # no --period
    usage_error(run("team", "review", "score", "V01", *Q3, "--kpi", "teamwork"))  # no --score
    usage_error(run("team", "bogus"))
    usage_error(run("team", "list", "--limit", "many"))
    usage_error(run("team", "course", "add", "SAF", "--name", "Safety", "--hours", "lots"))
    usage_error(run("team", "assign", "C1"))  # no --to
    usage_error(run("team", "review", "show", "V01", *Q3, "--nope"))


# --------------------------------------------------------------------------- lists


def test_team_list_json(run):
    roster = as_json(run, "team", "list", *Q3)
    assert [r["code"] for r in roster] == ["V01", "V02"]
    v01 = roster[0]
    assert {k: v01[k] for k in ("name", "role", "territory", "status", "customers", "period", "review")} == {
        "name": "Ana Ruiz",
        "role": "sales_rep",
        "territory": "MAD",
        "status": "active",
        "customers": 2,
        "period": "2026Q3",
        "review": None,
    }
    assert v01["kpis"] == {
        "sales_attainment": "84.0",
        "overdue_receivables": "15.0",
        "visit_compliance": "66.7",
        "complaints_in_sla": "60.0",
        "expense_ratio": "5.5",
        "new_customers": 1,
    }
    assert v01["overall"] == "2.00"  # live, manual KPIs unscored
    assert as_json(run, "team", "list")[0]["period"] == "2026Q4"  # default: the current quarter


def test_reviews_due_and_ranking_json(run):
    assert as_json(run, "team", "reviews-due") == [
        {
            "salesperson": "V01",
            "name": "Ana Ruiz",
            "period": "2026Q3",
            "end": "2026-09-30",
            "status": "not_started",
        },
        {
            "salesperson": "V02",
            "name": "Bea Sanz",
            "period": "2026Q3",
            "end": "2026-09-30",
            "status": "not_started",
        },
    ]
    ready(run)
    assert [r["status"] for r in as_json(run, "team", "reviews-due")] == ["draft", "not_started"]
    ok(run("team", "review", "finalize", "V01", *Q3))
    assert [r["salesperson"] for r in as_json(run, "team", "reviews-due")] == ["V02"]
    ranking = as_json(run, "team", "ranking", *Q3)
    assert [(r["rank"], r["salesperson"], r["review"], r["overall"]) for r in ranking] == [
        (1, "V01", "final", "2.15"),
        (2, "V02", None, "1.33"),
    ]


# --------------------------------------------------------------------------- assignments and salespeople


def test_assign_and_assignments(run, quarter):
    out = ok(run("team", "assign", "C2", "--to", "V02", "--from-date", "2026-10-15", "--note", "zones"))
    assert "C2" in out and "V01 → V02" in out
    assert as_json(run, "team", "assignments", "C2") == [
        {
            "customer": "C2",
            "salesperson": "V01",
            "salesperson_name": "Ana Ruiz",
            "start": "2019-05-01",
            "end": "2026-10-14",
            "note": "",
        },
        {
            "customer": "C2",
            "salesperson": "V02",
            "salesperson_name": "Bea Sanz",
            "start": "2026-10-15",
            "end": None,
            "note": "zones",
        },
    ]
    # the old salesperson keeps the quarter's sales; the roster counts customers as of today
    roster = as_json(run, "team", "list", *Q3)
    assert roster[0]["kpis"]["sales_attainment"] == "84.0"
    assert [r["customers"] for r in roster] == [1, 2]
    assert rows(
        quarter, "SELECT old, new FROM change_log WHERE entity = 'customer' AND field = 'salesperson'"
    ) == [("V01", "V02")]


@pytest.mark.parametrize(
    ("args", "parts"),
    [
        (("C2", "--to", "V99"), ("--to", "V99")),
        (("C2", "--to", "V01"), ("--to", "V01")),  # already theirs
        (("C2", "--to", "V02", "--from-date", "2026-11-29"), ("--from-date", "2026-11-29")),
        (("C2", "--to", "V02", "--from-date", "2019-01-01"), ("--from-date", "2019-01-01")),
        (("C2", "--to", "V02", "--from-date", "2026-02-30"), ("--from-date", "2026-02-30")),
        (("C99", "--to", "V02"), ("C99",)),
    ],
)
def test_assign_bad_input(run, quarter, args, parts):
    refused_unchanged(run, quarter, ("team", "assign", *args), *parts)


def test_assignments_of_an_unknown_customer(run, quarter):
    refused_unchanged(run, quarter, ("team", "assignments", "C99", "--json"), "C99")


def test_salesperson_edit_role(run, quarter):
    assert "role" in ok(run("salesperson", "edit", "V02", "--role", "key_account", "--note", "promotion"))
    assert rows(quarter, "SELECT role FROM salespeople WHERE code = 'V02'") == [("key_account",)]
    assert rows(quarter, "SELECT field, old, new, note FROM change_log WHERE entity = 'salesperson'") == [
        ("role", "sales_rep", "key_account", "promotion")
    ]
    refused_unchanged(
        run, quarter, ("salesperson", "edit", "V02", "--role", "sales rep!"), "--role", "sales rep!"
    )
    refused_unchanged(run, quarter, ("salesperson", "edit", "V02", "--status", "gone"), "--status", "gone")
    refused_unchanged(run, quarter, ("salesperson", "edit", "V99", "--role", "junior"), "V99")
    refused_unchanged(run, quarter, ("salesperson", "edit", "V02"), "options")


# --------------------------------------------------------------------------- recruiting


def test_candidate_add_move_hire(run, quarter):
    assert "J0001" in ok(
        run("team", "opening", "add", "--title", "Key account Madrid", "--territory", "MAD",
            "--role", "key_account", "--opened", "2026-10-01")
    )  # fmt: skip
    assert "A0001" in ok(
        run("team", "candidate", "add", "Marta Gil", "--opening", "J0001", "--email", "marta@example.com",
            "--applied", "2026-10-05")
    )  # fmt: skip
    for stage, day in (("screened", "2026-10-10"), ("interviewed", "2026-10-20"), ("offer", "2026-11-02")):
        ok(run("team", "candidate", "move", "A0001", "--to", stage, "--date", day))
    out = ok(run("team", "candidate", "hire", "A0001", "--code", "V05", "--hire-date", "2026-11-16"))
    assert "V05" in out
    listed = as_json(run, "team", "candidate", "list")
    assert [(c["number"], c["stage"], c["stage_date"], c["opening"]) for c in listed] == [
        ("A0001", "hired", "2026-11-16", "J0001")
    ]
    assert rows(
        quarter, "SELECT name, email, role, hire_date, status FROM salespeople WHERE code = 'V05'"
    ) == [("Marta Gil", "marta@example.com", "key_account", "2026-11-16", "active")]
    assert [(o["number"], o["status"]) for o in as_json(run, "team", "opening", "list")] == [
        ("J0001", "filled")
    ]


def test_candidate_bad_input(run, quarter):
    ok(run("team", "candidate", "add", "Marta Gil", "--applied", "2026-10-05"))
    for args, parts in (
        (("candidate", "move", "A0001", "--to", "interviewed"), ("--to", "interviewed")),  # skips screened
        (("candidate", "move", "A0001", "--to", "hired"), ("--to", "hired")),
        (
            ("candidate", "move", "A0001", "--to", "screened", "--date", "2026-10-01"),
            ("--date", "2026-10-01"),
        ),
        (
            ("candidate", "move", "A0001", "--to", "screened", "--date", "2026-11-29"),
            ("--date", "2026-11-29"),
        ),
        (("candidate", "move", "A0404", "--to", "screened"), ("A0404",)),
        (("candidate", "hire", "A0001", "--code", "V05"), ("hired",)),  # not at the offer stage
        (("candidate", "add", "Late", "--applied", "2026-12-01"), ("--applied", "2026-12-01")),
        (("candidate", "add", "Nobody", "--opening", "J0404"), ("--opening", "J0404")),
        (("candidate", "list", "--stage", "promoted"), ("--stage", "promoted")),
        (("opening", "add", "--title", "Later", "--opened", "2026-12-01"), ("--opened", "2026-12-01")),
        (("opening", "status", "J0404", "--to", "on_hold"), ("J0404",)),
    ):
        refused_unchanged(run, quarter, ("team", *args), *parts)


def test_hire_with_a_taken_code(run, quarter):
    ok(run("team", "candidate", "add", "Marta Gil", "--applied", "2026-10-05"))
    for stage in ("screened", "interviewed", "offer"):
        ok(run("team", "candidate", "move", "A0001", "--to", stage))
    refused_unchanged(run, quarter, ("team", "candidate", "hire", "A0001", "--code", "V01"), "V01")


# --------------------------------------------------------------------------- training


def test_training_record_and_matrix(run, quarter):
    ok(run("team", "course", "add", "SAF", "--name", "Safety", "--hours", "4", "--required-for", "sales_rep"))
    ok(run("team", "course", "add", "NEG", "--name", "Negotiation", "--required-for", "key_account"))
    out = ok(run("team", "training", "record", "SAF", "--date", "2026-11-10", "--people", "V01,V02",
                 "--not-completed", "V02", "--trainer", "Luis"))  # fmt: skip
    assert "2 recorded" in out
    assert as_json(run, "team", "training", "matrix") == [
        {
            "salesperson": "V01",
            "name": "Ana Ruiz",
            "role": "sales_rep",
            "courses": {"SAF": {"state": "done", "date": "2026-11-10"}},
        },
        {
            "salesperson": "V02",
            "name": "Bea Sanz",
            "role": "sales_rep",
            "courses": {"SAF": {"state": "attended", "date": "2026-11-10"}},
        },
    ]
    assert as_json(run, "team", "training", "matrix", "--missing") == [
        {"salesperson": "V02", "name": "Bea Sanz", "missing": ["SAF"]}
    ]
    ok(run("salesperson", "edit", "V01", "--role", "key_account"))
    assert as_json(run, "team", "training", "matrix", "--missing") == [
        {"salesperson": "V01", "name": "Ana Ruiz", "missing": ["NEG"]},
        {"salesperson": "V02", "name": "Bea Sanz", "missing": ["SAF"]},
    ]
    listed = as_json(run, "team", "training", "list", "--course", "SAF")
    assert sorted((r["salesperson"], r["attended"], r["completed"]) for r in listed) == [
        ("V01", True, True),
        ("V02", True, False),
    ]


def test_training_bad_input(run, quarter):
    ok(run("team", "course", "add", "SAF", "--name", "Safety", "--required-for", "sales_rep"))
    for args, parts in (
        (("--date", "2026-11-10", "--people", "V01", "--not-completed", "V02"), ("--not-completed", "V02")),
        (("--date", "2026-11-10", "--people", "V01,V99"), ("--people", "V99")),
        (("--date", "2026-11-29", "--people", "V01"), ("--date", "2026-11-29")),
        (("--date", "2026-11-10", "--people", " "), ("--people",)),
    ):
        refused_unchanged(run, quarter, ("team", "training", "record", "SAF", *args), *parts)
    refused_unchanged(
        run, quarter, ("team", "training", "record", "ZZZ", "--date", "2026-11-10", "--people", "V01"), "ZZZ"
    )
    refused_unchanged(run, quarter, ("team", "course", "add", "SAF", "--name", "Again"), "SAF")
    usage_error(run("team", "training", "record", "SAF", "--people", "V01"))  # no --date


# --------------------------------------------------------------------------- templates


def test_template_commands(run, quarter):
    shown = as_json(run, "team", "template", "show")
    assert [(k["key"], k["weight"]) for k in shown["kpis"]][:2] == [
        ("sales_attainment", "30.0"),
        ("overdue_receivables", "15.0"),
    ]
    refused_unchanged(run, quarter, ("team", "template", "weights", "sales_attainment=30"), "100%", "30.0%")
    refused_unchanged(run, quarter, ("team", "template", "weights", "sales_attainment"), "KEY=PERCENT")
    weights = ("sales_attainment=35,overdue_receivables=15,visit_compliance=15,complaints_in_sla=10,"
               "expense_ratio=10,new_customers=10,teamwork=5,product_knowledge=0")  # fmt: skip
    ok(run("team", "template", "weights", weights))
    shown = as_json(run, "team", "template", "show")
    assert {k["key"]: k["weight"] for k in shown["kpis"]}["sales_attainment"] == "35.0"
    refused_unchanged(
        run, quarter, ("team", "template", "kpi", "sales_attainment", "--target", "70"), "--target", "70"
    )
    ok(run("team", "template", "kpi", "sales_attainment", "--target", "110"))
    ok(run("team", "template", "add-kpi", "coaching", "--label", "Coaching"))
    refused_unchanged(
        run, quarter, ("team", "template", "add-kpi", "coaching", "--label", "Again"), "coaching"
    )
    shown = as_json(run, "team", "template", "show")
    assert shown["kpis"][-1] == {
        "key": "coaching",
        "label": "Coaching",
        "kind": "manual",
        "weight": "0.0",
        "target": None,
        "floor": None,
    }


# --------------------------------------------------------------------------- bugs found


@pytest.mark.parametrize(
    ("args", "named", "not_named"),
    [
        pytest.param(
            ("team", "candidate", "hire", "A0001", "--code", "V05", "--hire-date", "2026-10-01"),
            "--hire-date '2026-10-01'",
            "--date '",
            id="hire-date",
        ),
        pytest.param(("team", "review", "action", "99"), "'99'", "--action", id="review-action"),
        pytest.param(("team", "template", "add-kpi", "X", "--label", "x"), "'X'", "--kpi", id="add-kpi-key"),
    ],
)
def test_errors_name_the_option_the_command_has(run, quarter, args, named, not_named):
    ok(run("team", "candidate", "add", "Marta Gil", "--applied", "2026-10-05"))
    for stage, day in (("screened", "2026-10-10"), ("interviewed", "2026-10-20"), ("offer", "2026-11-02")):
        ok(run("team", "candidate", "move", "A0001", "--to", stage, "--date", day))
    err = data_error(run(*args), named)
    assert not_named not in err
