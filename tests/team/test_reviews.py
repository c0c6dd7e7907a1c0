"""Performance reviews through the team room's queries: start, manual scores, finalize (stored numbers that do
not move when the data does), read-only final reviews, reopen, reviews due, history, ranking, templates.

On the hand-computed quarter of ``conftest.py`` V01's 2026Q3 scores are: sales 84 % → 2.3333, overdue 15 %
→ 2.5, visits 66.67 % → 2.0833, complaints 60 % → 0, expenses 5.5 % → 2.5, new customers 1 → 1.6667; with
teamwork 4.0 and product knowledge 3.0 the stored (4-decimal) scores give
300 × 2.3333 + 150 × 2.5 + 150 × 2.0833 + 100 × 0 + 100 × 2.5 + 100 × 1.6667 + 50 × 4 + 50 × 3
= 699.99 + 375 + 312.495 + 0 + 250 + 166.67 + 200 + 150 = 2,154.155 → ÷ 1,000 = 2.154155 → 2.1542 (below).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from salesdesk.core.db import read_session, write_session
from salesdesk.core.errors import DataError
from salesdesk.org import assignments
from salesdesk.org import queries as org
from salesdesk.team import kpis, queries, rules
from tests.conftest import NOW, TODAY
from tests.team.conftest import at, invoice, payment, rows, snapshot, visit

D = Decimal


def start(engine, sp="V01", period="2026Q3", today=TODAY, **kw):
    with write_session(engine) as s:
        return queries.start_review(session=s, salesperson=sp, period=period, today=today, now=NOW, **kw)


def score(engine, kpi, value, sp="V01", period="2026Q3"):
    with write_session(engine) as s:
        queries.score_kpi(session=s, salesperson=sp, period=period, kpi=kpi, score=value)


def finalize(engine, sp="V01", period="2026Q3", today=TODAY, now=NOW):
    with write_session(engine) as s:
        return queries.finalize(session=s, salesperson=sp, period=period, today=today, now=now)


def show(engine, sp="V01", period="2026Q3", today=TODAY):
    with read_session(engine) as s:
        return queries.get_review(session=s, salesperson=sp, period=period, today=today)


def reopen(engine, reason, sp="V01", period="2026Q3", now=NOW):
    with write_session(engine) as s:
        queries.reopen(session=s, salesperson=sp, period=period, reason=reason, now=now)


def ready(engine, sp="V01", period="2026Q3", teamwork="4", knowledge="3.0"):
    """Started and both manual KPIs scored."""
    start(engine, sp, period)
    score(engine, "teamwork", teamwork, sp, period)
    score(engine, "product_knowledge", knowledge, sp, period)


def numbers(view) -> dict[str, tuple]:
    return {k.key: (k.value, k.score) for k in view.kpis}


def refused(call, field: str, value=None) -> DataError:
    with pytest.raises(DataError) as exc:
        call()
    assert exc.value.field.lstrip("-") == field, exc.value
    if value is not None:
        assert str(value) in str(exc.value.value), exc.value
    return exc.value


# --------------------------------------------------------------------------- start


def test_start_copies_the_template_and_reads_live_values(quarter):
    assert start(quarter) == "2026Q3"
    view = show(quarter)
    assert (view.status, view.template, view.start, view.end, view.as_of) == (
        "draft",
        "default",
        date(2026, 7, 1),
        date(2026, 9, 30),
        date(2026, 9, 30),
    )
    assert [(k.key, k.kind, k.weight) for k in view.kpis] == [
        (k.key, k.kind, k.weight) for k in rules.DEFAULT_TEMPLATE
    ]
    got = numbers(view)
    assert got["sales_attainment"] == (D(84), D(70) / D(30))
    assert got["teamwork"] == (None, None)
    # manual KPIs unscored: their 100 is spread over the 900 of the built-ins
    # (700 + 375 + 312.5 + 0 + 250 + 166.66…) ÷ 900 = 1,804.1666… ÷ 900 = 2.0046…
    assert rules.two(view.overall) == D("2.00")
    assert view.rating == "below"
    assert rows(quarter, "SELECT old, new FROM change_log WHERE entity = 'review'") == [(None, "draft")]


@pytest.mark.parametrize(
    ("sp", "period", "field", "value"),
    [
        ("V99", "2026Q3", "salesperson", "V99"),
        ("V01", "2026Q5", "period", "2026Q5"),
        ("V01", "2027Q1", "period", "2027Q1"),  # has not started
        ("V01", "2026-05", "period", "2026-05"),  # the default template reviews quarters
        ("V01", "2026H1", "period", "2026H1"),
        ("V01", "2026", "period", "2026"),
    ],
)
def test_start_refusals_write_nothing(quarter, sp, period, field, value):
    before = snapshot(quarter)
    refused(lambda: start(quarter, sp, period), field, value)
    assert snapshot(quarter) == before


def test_start_refuses_a_duplicate_someone_who_left_and_a_period_before_the_hire(quarter):
    start(quarter)
    before = snapshot(quarter)
    err = refused(lambda: start(quarter), "period", "2026Q3")
    assert "already has a review" in err.message
    with write_session(quarter) as s:
        assignments.edit_salesperson(session=s, code="V02", data={"status": "left"}, now=NOW)
        org.add_salesperson(session=s, code="V03", name="Nuevo", hire_date="2026-10-01")
    err = refused(lambda: start(quarter, "V02"), "salesperson", "V02")
    assert "left" in err.message
    err = refused(lambda: start(quarter, "V03"), "period", "2026Q3")
    assert "hired" in err.message
    start(quarter, "V03", "2026Q4")  # the quarter they were hired in: fine
    assert snapshot(quarter)["reviews"][: len(before["reviews"])] == before["reviews"]


def test_start_refuses_an_unknown_template(quarter):
    refused(lambda: start(quarter, template="yearly"), "template", "yearly")


# --------------------------------------------------------------------------- manual scores


def test_score_a_manual_kpi(quarter):
    start(quarter)
    score(quarter, "teamwork", "4.5")
    score(quarter, "product_knowledge", "0")
    got = numbers(show(quarter))
    assert got["teamwork"] == (D("4.5"), D("4.5"))
    assert got["product_knowledge"] == (D(0), D(0))
    score(quarter, "teamwork", "5")  # changed while a draft
    assert numbers(show(quarter))["teamwork"] == (D(5), D(5))


@pytest.mark.parametrize(
    ("kpi", "value", "field"),
    [
        ("teamwork", "5.5", "score"),
        ("teamwork", "-1", "score"),
        ("teamwork", "4.25", "score"),
        ("teamwork", "good", "score"),
        ("sales_attainment", "4", "kpi"),  # built-in: computed from the data
        ("charisma", "4", "kpi"),
    ],
)
def test_score_refusals(quarter, kpi, value, field):
    start(quarter)
    before = snapshot(quarter)
    refused(lambda: score(quarter, kpi, value), field)
    assert snapshot(quarter) == before


def test_score_without_a_review(quarter):
    refused(lambda: score(quarter, "teamwork", "4"), "period", "2026Q3")


# --------------------------------------------------------------------------- finalize


def test_finalize_stores_values_scores_overall_and_rating(quarter):
    ready(quarter)
    view = finalize(quarter, now=at("2026-11-28"))
    assert view.status == "final"
    assert view.overall == D("2.1542")
    assert view.rating == "below"
    assert rows(quarter, "SELECT status, overall, rating FROM reviews") == [("final", "2.1542", "below")]
    stored = dict(rows(quarter, "SELECT key, value || ' ' || score FROM review_kpis"))
    assert stored == {
        "sales_attainment": "84.0000 2.3333",
        "overdue_receivables": "15.0000 2.5000",
        "visit_compliance": "66.6667 2.0833",
        "complaints_in_sla": "60.0000 0.0000",
        "expense_ratio": "5.5000 2.5000",
        "new_customers": "1.0000 1.6667",
        "teamwork": "4.0000 4.0000",
        "product_knowledge": "3.0000 3.0000",
    }
    assert [(old, new) for _at, old, new, _note in show(quarter).history] == [
        (None, "draft"),
        ("draft", "final"),
    ]


def test_a_final_review_does_not_move_when_the_data_changes(quarter):
    ready(quarter)
    finalize(quarter)
    before = show(quarter)
    # after finalizing: an invoice of 800.00 on 09-25 (paid the same day) and a visit to C2 on 09-29
    invoice(quarter, "I10", "C1", "800.00", "2026-09-25")
    payment(quarter, "P3", "C1", "800.00", "2026-09-25", invoice_no="I10")
    visit(quarter, "C2", "2026-09-29")
    after = show(quarter)
    assert numbers(after) == numbers(before)
    assert numbers(after)["sales_attainment"] == (D(84), D("2.3333"))
    assert (after.overall, after.rating) == (D("2.1542"), "below")
    assert [k.source for k in after.kpis] == [k.source for k in before.kpis]
    # the live values did move: sales 5,000.00 ÷ 5,000.00 = 100 %, visits 5 of 6
    (v01_id,) = rows(quarter, "SELECT id FROM salespeople WHERE code = 'V01'")[0]
    with read_session(quarter) as s:
        live = kpis.values(session=s, period=rules.parse_period("2026Q3"), today=TODAY, people=[v01_id])
    v01 = live[v01_id]
    assert v01["sales_attainment"].value == D(100)
    assert v01["visit_compliance"].value == D(500) / D(6)


def test_finalize_refused_before_the_period_ends(quarter):
    start(quarter, period="2026Q4")
    score(quarter, "teamwork", "4", period="2026Q4")
    score(quarter, "product_knowledge", "4", period="2026Q4")
    before = snapshot(quarter)
    err = refused(lambda: finalize(quarter, period="2026Q4"), "period", "2026Q4")
    assert "2026-12-31" in err.message
    # on the period's last day it has not ended either
    refused(lambda: finalize(quarter, period="2026Q4", today=date(2026, 12, 31)), "period")
    assert snapshot(quarter) == before


def test_finalize_refused_with_an_unscored_manual_kpi(quarter):
    start(quarter)
    score(quarter, "teamwork", "4")
    before = snapshot(quarter)
    err = refused(lambda: finalize(quarter), "kpi", "product_knowledge")
    assert "teamwork" not in str(err.value)
    assert snapshot(quarter) == before


def test_finalize_twice_is_refused(quarter):
    ready(quarter)
    finalize(quarter)
    refused(lambda: finalize(quarter), "status", "final")


def test_a_final_review_is_read_only(quarter):
    ready(quarter)
    finalize(quarter)
    before = snapshot(quarter)
    with write_session(quarter) as s:
        for call in (
            lambda: queries.score_kpi(
                session=s, salesperson="V01", period="2026Q3", kpi="teamwork", score="5"
            ),
            lambda: queries.write_notes(session=s, salesperson="V01", period="2026Q3", comments="changed"),
            lambda: queries.add_action(
                session=s, salesperson="V01", period="2026Q3", action="more visits", due=date(2026, 12, 31)
            ),
        ):
            err = refused(call, "period", "2026Q3")
            assert "final" in err.message
    assert snapshot(quarter) == before


def test_notes_and_actions_of_a_draft(quarter):
    start(quarter)
    with write_session(quarter) as s:
        queries.write_notes(
            session=s, salesperson="V01", period="2026Q3", comments=" Good year ", strengths=""
        )
        action = queries.add_action(
            session=s, salesperson="V01", period="2026Q3", action="Visit C2 monthly", due=date(2026, 12, 31)
        )
        refused(
            lambda: queries.add_action(
                session=s, salesperson="V01", period="2026Q3", action="x", due=date(2026, 6, 30)
            ),
            "due",
            "2026-06-30",
        )
        refused(
            lambda: queries.add_action(session=s, salesperson="V01", period="2026Q3", action=" ", due=TODAY),
            "action",
        )
    view = show(quarter)
    assert view.comments == "Good year"
    assert [(a.id, a.action, a.due, a.status) for a in view.actions] == [
        (action, "Visit C2 monthly", date(2026, 12, 31), "open")
    ]
    score(quarter, "teamwork", "4")
    score(quarter, "product_knowledge", "3")
    finalize(quarter)
    with write_session(quarter) as s:  # follow-up of an action is allowed on a final review
        queries.set_action_status(session=s, action_id=action, status="done")
    assert show(quarter).actions[0].status == "done"


# --------------------------------------------------------------------------- reopen


def test_reopen_needs_a_reason_records_it_and_finalize_again_reads_the_new_data(quarter):
    ready(quarter)
    finalize(quarter)
    before = snapshot(quarter)
    refused(lambda: reopen(quarter, "  "), "reason")
    assert snapshot(quarter) == before
    invoice(quarter, "I10", "C1", "800.00", "2026-09-25")
    payment(quarter, "P3", "C1", "800.00", "2026-09-25", invoice_no="I10")
    reopen(quarter, "invoice I10 was missing", now=at("2026-11-28"))
    view = show(quarter)
    assert view.status == "draft"
    assert (view.history[-1][1], view.history[-1][2], view.history[-1][3]) == (
        "final",
        "draft",
        "invoice I10 was missing",
    )
    assert rows(
        quarter,
        "SELECT record, field, old, new, note FROM change_log WHERE entity = 'review' ORDER BY id",
    ) == [
        ("V01/2026Q3", "status", None, "draft", ""),
        ("V01/2026Q3", "status", "draft", "final", ""),
        ("V01/2026Q3", "status", "final", "draft", "invoice I10 was missing"),
    ]
    assert rows(quarter, "SELECT status, overall, rating FROM reviews") == [("draft", None, None)]
    # a draft again: live values (sales 5,000 ÷ 5,000 = 100 % → 5; expenses 231 ÷ 5,000 = 4.62 % →
    # 5 × (4.62 − 8) ÷ (3 − 8) = 3.38); the manual scores are kept
    assert numbers(view)["sales_attainment"] == (D(100), D(5))
    assert numbers(view)["expense_ratio"] == (D("4.62"), D("3.38"))
    assert numbers(view)["teamwork"] == (D(4), D(4))
    # 300×5 + 150×2.5 + 150×2.0833 + 0 + 100×3.38 + 100×1.6667 + 50×4 + 50×3
    # = 1500 + 375 + 312.495 + 338 + 166.67 + 200 + 150 = 3,042.165 → 3.0422 (meets)
    final = finalize(quarter)
    assert (final.status, final.overall, final.rating) == ("final", D("3.0422"), "meets")


def test_reopen_a_draft_is_refused(quarter):
    start(quarter)
    refused(lambda: reopen(quarter, "why not"), "status", "draft")


# --------------------------------------------------------------------------- reviews due, history, ranking


def due(engine, today=TODAY):
    with read_session(engine) as s:
        return [
            (r.salesperson, r.period, r.end, r.status) for r in queries.reviews_due(session=s, today=today)
        ]


def test_reviews_due(quarter):
    q3_end = date(2026, 9, 30)
    assert due(quarter) == [
        ("V01", "2026Q3", q3_end, "not_started"),
        ("V02", "2026Q3", q3_end, "not_started"),
    ]
    start(quarter)
    assert due(quarter) == [("V01", "2026Q3", q3_end, "draft"), ("V02", "2026Q3", q3_end, "not_started")]
    score(quarter, "teamwork", "4")
    score(quarter, "product_knowledge", "3")
    finalize(quarter)
    assert due(quarter) == [("V02", "2026Q3", q3_end, "not_started")]
    # a draft of an older ended period is due too; one of the running quarter is not
    start(quarter, "V02", "2026Q2")
    start(quarter, "V02", "2026Q4")
    assert due(quarter) == [
        ("V02", "2026Q2", date(2026, 6, 30), "draft"),
        ("V02", "2026Q3", q3_end, "not_started"),
    ]
    # someone who left is not due for a review they do not have
    with write_session(quarter) as s:
        assignments.edit_salesperson(session=s, code="V02", data={"status": "left"}, now=NOW)
    assert due(quarter) == [("V02", "2026Q2", date(2026, 6, 30), "draft")]


def test_review_history_shows_the_trend_between_final_reviews(quarter):
    # 2026Q2 as of 06-30: sales 0 of the June target 900 → 0 % → 0; no receivables → none; no done visit
    # → 0 %; complaint R000007 (C2) resolved within SLA → 100 % → 5; expenses 70.00 on no sales → none; no new
    # customers → 0; teamwork 5, knowledge 5. Scored weights 300 + 150 + 100 + 100 + 50 + 50 = 750:
    # (0 + 0 + 500 + 0 + 250 + 250) ÷ 750 = 1.3333
    ready(quarter, period="2026Q2", teamwork="5", knowledge="5")
    q2 = finalize(quarter, period="2026Q2")
    assert numbers(q2)["overdue_receivables"] == (None, None)
    assert numbers(q2)["visit_compliance"] == (D(0), D(0))
    assert numbers(q2)["expense_ratio"] == (None, None)
    assert numbers(q2)["complaints_in_sla"] == (D(100), D(5))
    assert (q2.overall, q2.rating) == (D("1.3333"), "unsatisfactory")
    ready(quarter)
    finalize(quarter)
    start(quarter, period="2026Q4")
    with read_session(quarter) as s:
        history = queries.review_history(session=s, salesperson="V01")
    assert [(h.period, h.status, h.overall, h.rating, h.change) for h in history] == [
        ("2026Q2", "final", D("1.3333"), "unsatisfactory", None),
        ("2026Q3", "final", D("2.1542"), "below", D("0.8209")),
        ("2026Q4", "draft", None, None, None),
    ]


def test_ranking_orders_by_overall(quarter):
    with write_session(quarter) as s:
        org.add_salesperson(session=s, code="V03", name="Sin Datos", hire_date="2020-01-01")
    ready(quarter)
    finalize(quarter)
    with read_session(quarter) as s:
        code, ranked = queries.ranking(session=s, period="2026Q3", today=TODAY)
    assert code == "2026Q3"
    # V01 final 2.1542; V02 live 1.3333 (see test_kpis); V03 has only new customers 0 → 0
    assert [(r.rank, r.salesperson, r.review, rules.two(r.overall), r.rating) for r in ranked] == [
        (1, "V01", "final", D("2.15"), "below"),
        (2, "V02", None, D("1.33"), "unsatisfactory"),
        (3, "V03", None, D("0.00"), "unsatisfactory"),
    ]
    assert ranked[0].values["sales_attainment"] == D(84)


def test_roster_lists_everyone_with_the_period_s_values(quarter):
    with read_session(quarter) as s:
        code, roster = queries.roster(session=s, today=TODAY, period="2026Q3")
    assert code == "2026Q3"
    assert [(r.code, r.role, r.territory, r.customers, r.status) for r in roster] == [
        ("V01", "sales_rep", "MAD", 2, "active"),
        ("V02", "sales_rep", "MAD", 1, "active"),
    ]
    assert roster[0].values["sales_attainment"] == D(84)


# --------------------------------------------------------------------------- templates


def template(engine) -> dict[str, tuple]:
    with read_session(engine) as s:
        t = queries.get_template(session=s)
    return {k.key: (k.kind, k.weight, k.target, k.floor) for k in t.kpis}


WEIGHTS = {
    "sales_attainment": "30",
    "overdue_receivables": "15",
    "visit_compliance": "15",
    "complaints_in_sla": "10",
    "expense_ratio": "10",
    "new_customers": "10",
    "teamwork": "5",
    "product_knowledge": "5",
}


def set_weights(engine, weights):
    with write_session(engine) as s:
        queries.set_weights(session=s, code=None, weights=weights, now=NOW)


@pytest.mark.parametrize(
    ("change", "value"),
    [
        ({"teamwork": "4.9"}, None),  # 99.9 %
        ({"teamwork": "6"}, None),  # 101 %
        ({"teamwork": "4.95"}, "4.95"),  # two decimals
        ({"charisma": "0"}, "charisma"),  # not a KPI of the template
    ],
)
def test_set_weights_refused_changes_nothing(region, change, value):
    before = snapshot(region)
    err = refused(lambda: set_weights(region, {**WEIGHTS, **change}), "weights", value)
    assert err
    assert snapshot(region) == before


def test_set_weights_exactly_100(region):
    # teamwork's 5 to sales; product knowledge left out → 0: 35 + 15 + 15 + 10 + 10 + 10 + 5 + 0 = 100
    weights = {**WEIGHTS, "sales_attainment": "35", "teamwork": "5"}
    del weights["product_knowledge"]
    set_weights(region, weights)
    got = template(region)
    assert got["sales_attainment"][1] == 350 and got["product_knowledge"][1] == 0
    assert sum(w for _k, w, _t, _f in got.values()) == 1000
    assert rows(
        region,
        "SELECT record, field, old, new FROM change_log WHERE entity = 'review_template' ORDER BY id",
    ) == [
        ("default", "weight.sales_attainment", "30.0", "35.0"),
        ("default", "weight.product_knowledge", "5.0", "0.0"),
    ]


def test_a_template_change_does_not_change_a_started_review(quarter):
    start(quarter)
    set_weights(quarter, {**WEIGHTS, "sales_attainment": "40", "new_customers": "0"})
    assert {k.key: k.weight for k in show(quarter).kpis}["sales_attainment"] == 300
    start(quarter, "V02")
    assert {k.key: k.weight for k in show(quarter, "V02").kpis}["sales_attainment"] == 400


def test_set_kpi_target_and_floor(region):
    with write_session(region) as s:
        queries.set_kpi(session=s, code=None, key="sales_attainment", target="110", floor="60", now=NOW)
    assert template(region)["sales_attainment"] == ("builtin", 300, D(110), D(60))
    before = snapshot(region)
    with write_session(region) as s:
        refused(
            lambda: queries.set_kpi(session=s, code=None, key="sales_attainment", target="60", now=NOW),
            "target",
            "60",
        )
        refused(lambda: queries.set_kpi(session=s, code=None, key="teamwork", target="4", now=NOW), "kpi")
        refused(lambda: queries.set_kpi(session=s, code=None, key="charisma", target="4", now=NOW), "kpi")
        refused(
            lambda: queries.set_kpi(session=s, code=None, key="expense_ratio", floor="lots", now=NOW), "floor"
        )
    assert snapshot(region) == before


def test_add_kpi(region):
    with write_session(region) as s:
        queries.add_kpi(session=s, code=None, key="coaching", label="Coaching", now=NOW)
    assert template(region)["coaching"] == ("manual", 0, D(5), D(0))
    before = snapshot(region)
    with write_session(region) as s:
        refused(lambda: queries.add_kpi(session=s, code=None, key="coaching", label="Again", now=NOW), "key")
        refused(
            lambda: queries.add_kpi(session=s, code=None, key="sales_attainment", label="Dup", now=NOW), "key"
        )
        refused(lambda: queries.add_kpi(session=s, code=None, key="X", label="Bad key", now=NOW), "key")
        refused(lambda: queries.add_kpi(session=s, code=None, key="mentoring", label=" ", now=NOW), "label")
    assert snapshot(region) == before


def test_a_manual_kpi_with_weight_0_need_not_be_scored(quarter):
    with write_session(quarter) as s:
        queries.add_kpi(session=s, code=None, key="coaching", label="Coaching", now=NOW)
    ready(quarter)
    view = finalize(quarter)
    assert "coaching" in numbers(view)
    assert view.overall == D("2.1542")
