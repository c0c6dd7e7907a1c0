"""The change history: a row per real change, newest first, written by the edits that matter."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlmodel import select

from salesdesk.core.db import read_session, write_session
from salesdesk.core.history import ChangeLog, current_user, history, record_change
from salesdesk.org import queries as q
from tests.conftest import NOW


def _rows(engine) -> list[tuple]:  # noqa: ANN001
    with read_session(engine) as s:
        return (
            s.connection()
            .exec_driver_sql("SELECT entity, record, field, old, new, note FROM change_log ORDER BY id")
            .all()
        )


def test_record_change_writes_only_real_changes(engine) -> None:
    with write_session(engine) as s:
        assert (
            record_change(s, entity="customer", record="C1", field="tier", old="A", new="A", when=NOW)
            is False
        )
        assert (
            record_change(
                s,
                entity="customer",
                record="C1",
                field="credit_limit",
                old=Decimal("10.00"),
                new=Decimal("10.00"),
                when=NOW,
            )
            is False
        )
        assert (
            record_change(s, entity="customer", record="C1", field="x", old=None, new=None, when=NOW) is False
        )
    assert _rows(engine) == []

    with write_session(engine) as s:
        assert (
            record_change(s, entity="customer", record="C1", field="tier", old="A", new="B", when=NOW) is True
        )
        assert (
            record_change(
                s,
                entity="customer",
                record="C1",
                field="credit_limit",
                old=None,
                new=Decimal("5000.00"),
                when=NOW,
                note="first",
            )
            is True
        )
        assert (
            record_change(
                s,
                entity="customer",
                record="C1",
                field="credit_limit",
                old=Decimal("5000.00"),
                new=None,
                when=NOW,
            )
            is True
        )
    assert _rows(engine) == [
        ("customer", "C1", "tier", "A", "B", ""),
        ("customer", "C1", "credit_limit", None, "5000.00", "first"),
        ("customer", "C1", "credit_limit", "5000.00", None, ""),
    ]
    with read_session(engine) as s:
        users = {r.user for r in s.exec(select(ChangeLog)).all()}
    assert users == {current_user()}


def test_history_is_newest_first_and_filtered(engine) -> None:
    with write_session(engine) as s:
        record_change(s, entity="customer", record="C1", field="tier", old="C", new="B", when=NOW)
        record_change(
            s, entity="customer", record="C1", field="tier", old="B", new="A", when=NOW + timedelta(days=2)
        )
        record_change(
            s, entity="customer", record="C2", field="tier", old="A", new="C", when=NOW + timedelta(days=1)
        )
        record_change(
            s, entity="salesperson", record="C1", field="status", old="active", new="left", when=NOW
        )
        # same timestamp as the first: the later row comes first
        record_change(s, entity="customer", record="C1", field="terms_days", old=30, new=60, when=NOW)

    with read_session(engine) as s:
        c1 = history(s, entity="customer", record="C1")
        everyone = history(s, entity="customer")
        people = history(s, entity="salesperson")

    assert [(c.field, c.old, c.new) for c in c1] == [
        ("tier", "B", "A"),
        ("terms_days", "30", "60"),
        ("tier", "C", "B"),
    ]
    assert [c.changed_at.replace(tzinfo=None) for c in c1] == [
        (NOW + timedelta(days=2)).replace(tzinfo=None),
        NOW.replace(tzinfo=None),
        NOW.replace(tzinfo=None),
    ]
    assert [(c.record, c.new) for c in everyone] == [("C1", "A"), ("C2", "C"), ("C1", "60"), ("C1", "B")]
    assert [(c.record, c.field, c.new) for c in people] == [("C1", "status", "left")]


def test_edit_customer_credit_limit_is_recorded(seeded) -> None:
    with write_session(seeded) as s:
        changed = q.edit_customer(
            session=s, code="C001", data={"credit_limit": "12000"}, locale="en_US", now=NOW, note="review"
        )
    assert changed == ["credit_limit"]

    with read_session(seeded) as s:
        changes = history(s, entity="customer", record="C001")
    newest = changes[0]
    assert (newest.entity, newest.record, newest.field) == ("customer", "C001", "credit_limit")
    assert newest.old == "10000.00"
    assert newest.new == "12000.00"
    assert newest.note == "review"
    assert newest.user == current_user()
    assert newest.changed_at.replace(tzinfo=None) == NOW.replace(tzinfo=None)
    # the older entry is the limit set when the seed created the customer
    assert [(c.field, c.old, c.new) for c in changes] == [
        ("credit_limit", "10000.00", "12000.00"),
        ("credit_limit", None, "10000.00"),
    ]
    assert changes[1].note == "set when the customer was created"


def test_edit_customer_unchanged_value_records_nothing(seeded) -> None:
    with read_session(seeded) as s:
        before = history(s, entity="customer", record="C001")
    with write_session(seeded) as s:
        # the same limit in another spelling, and the city it already has
        changed = q.edit_customer(
            session=s,
            code="C001",
            data={"credit_limit": "10,000.00", "city": "Madrid"},
            locale="en_US",
            now=NOW,
            note="nothing to do",
        )
    assert changed == []
    with read_session(seeded) as s:
        after = history(s, entity="customer", record="C001")
    assert after == before
    assert [(c.old, c.new) for c in after] == [(None, "10000.00")]


def test_edit_customer_not_history_field_is_not_recorded(seeded) -> None:
    with write_session(seeded) as s:
        changed = q.edit_customer(
            session=s, code="C001", data={"city": "Alcalá"}, locale="en_US", now=NOW, note="moved"
        )
    assert changed == ["city"]
    with read_session(seeded) as s:
        assert [c.field for c in history(s, entity="customer", record="C001")] == ["credit_limit"]


def test_edit_customer_without_limit_before(seeded) -> None:
    # C002 was created without a credit limit: no creation entry, then the edit records old None
    with write_session(seeded) as s:
        q.edit_customer(
            session=s, code="C002", data={"credit_limit": "1.500,50"}, locale="es_ES", now=NOW, note="new"
        )
    with read_session(seeded) as s:
        changes = history(s, entity="customer", record="C002")
    assert [(c.field, c.old, c.new, c.note) for c in changes] == [("credit_limit", None, "1500.50", "new")]
