"""Review templates per kind of period: a new one copies its KPIs from another, a review takes the
template of its period's kind, and bad input is refused naming the option (nothing written)."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def run(cli, db_path, quarter):
    def invoke(*args: str) -> tuple[int, str, str]:
        return cli("--db", str(db_path), *args)

    return invoke


def test_a_half_year_template_copied_from_the_default_reviews_halves(run):
    code, out, err = run("team", "template", "add", "HALF", "--name", "Semestral", "--period-kind", "half")
    assert code == 0, err
    code, out, _err = run("team", "template", "show", "HALF", "--json")
    half = json.loads(out)
    code, out, _err = run("team", "template", "show", "--json")
    default = json.loads(out)
    assert half["period_kind"] == "half"
    assert half["kpis"] == default["kpis"]  # weights, targets and floors copied
    assert (
        run(
            "team", "template", "weights", "sales_attainment=50,overdue_receivables=50", "--template", "HALF"
        )[0]
        == 0
    )
    assert run("team", "review", "start", "V01", "--period", "2026H1", "--template", "HALF")[0] == 0
    code, out, _err = run("team", "review", "show", "V01", "--period", "2026H1", "--json")
    review = json.loads(out)
    weights = {k["key"]: k["weight"] for k in review["kpis"]}
    assert (review["template"], weights["sales_attainment"], weights["teamwork"]) == ("HALF", "50.0", "0.0")
    code, out, _err = run("team", "template", "show", "--json")
    assert json.loads(out) == default  # the default is unchanged


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (
            ("team", "template", "add", "HALF", "--name", "x", "--period-kind", "weekly"),
            "--period-kind 'weekly'",
        ),
        (("team", "template", "add", "default", "--name", "x"), "CODE 'default': already exists"),
        (("team", "template", "add", "NEW", "--name", "x", "--from", "nope"), "--from 'nope'"),
        (("team", "review", "start", "V01", "--period", "2026Q3", "--template", "HALF"), "--template 'HALF'"),
    ],
)
def test_bad_template_input_is_refused(run, args, shown):
    before = run("team", "template", "list", "--json")[1]
    code, _out, err = run(*args)
    assert code == 1 and shown in err and "Traceback" not in err
    assert run("team", "template", "list", "--json")[1] == before
