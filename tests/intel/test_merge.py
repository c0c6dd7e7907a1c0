"""Merging a duplicate customer (``salesdesk.intel.merge`` and ``salesdesk customer merge``): every record
linked to the duplicate ends up on the kept customer, money sums to the cent, aging snapshots of a common
month are added up, blank fields are filled, the merge is in the change history, nothing points at the
duplicate any more, and the receivables of the kept customer cover both.

On the seeded database: C001 (kept) has F1 100.00 (2026-09-01), F2 50.00 (2026-10-01), P1 30.00 and O1.
The duplicate C009 gets G1 80.00 (2026-08-01), G2 120.50 (2026-10-10), Q1 40.00, an order, a visit, a
complaint, a follow-up, a review note, a visit frequency, a won prospect, aging snapshots of 2026-08 (C009
only) and 2026-10 (both) and its assignment to V01."""

from __future__ import annotations

import io
import sys
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlmodel import SQLModel

from salesdesk.core.db import read_session, write_session
from tests.conftest import NOW, TODAY
from tests.intel.conftest import add_customer, add_invoice, add_payment, as_json, data_error, ok

BUCKETS = ("not_due", "d1_30", "d31_60", "d61_90", "over_90", "unapplied")


def _add_duplicate(engine) -> None:
    from salesdesk.credit import followups, review
    from salesdesk.market.models import Prospect
    from salesdesk.org import queries as q
    from salesdesk.relations import queries as rel

    with write_session(engine) as s:
        add_customer(
            s,
            "C009",
            "ACME DISTRIBUCIONES SL",
            tax_id="B11111111",
            territory="TOL",
            salesperson="V01",
            city="Getafe",
            email="compras@acme.es",
            phone="600111222",
            customer_since="2015-01-01",
        )
        add_invoice(s, "G1", "C009", "80.00", "2026-08-01")
        add_invoice(s, "G2", "C009", "120.50", "2026-10-10")
        add_payment(s, "Q1", "C009", "40.00", "2026-10-25")
        q.add_order(session=s, number="O9", customer="C009", amount="75.00", locale="en_US", today=TODAY)
        rel.plan_visit(session=s, customer="C009", day=date(2026, 12, 3), time="10:00", now=NOW)
        rel.plan_visit(session=s, customer="C001", day=date(2026, 12, 4), time="10:00", now=NOW)
        rel.add_complaint(
            session=s,
            customer="C009",
            category="billing",
            severity="low",
            text="Factura duplicada",
            opened=date(2026, 11, 20),
            now=NOW,
        )
        followups.add_followup(session=s, customer="C009", date=date(2026, 11, 21), contact="Ana")
        review.add_note(session=s, month="2026-10", customer="C009", text="Revisar", now=NOW, user="jefe")
        rel.set_frequency(session=s, customer="C009", days=30, now=NOW)
        dup_id = s.execute(text("SELECT id FROM customers WHERE code = 'C009'")).scalar()
        s.add(
            Prospect(
                number="PR1", company="Acme", identified=date(2026, 1, 5), stage="won", customer_id=dup_id
            )
        )
    with write_session(engine) as s:
        review.take_snapshot(session=s, month="2026-08", now=NOW, today=TODAY)
        review.take_snapshot(session=s, month="2026-10", now=NOW, today=TODAY)


@pytest.fixture
def pair(seeded):
    _add_duplicate(seeded)
    return seeded


def _ids(engine) -> tuple[int, int]:
    with engine.connect() as conn:
        ids = dict(conn.execute(text("SELECT code, id FROM customers WHERE code IN ('C001', 'C009')")).all())
    return ids["C001"], ids["C009"]


def _customer_columns() -> list[tuple[str, str]]:
    """Every (table, column) of the schema that holds a customer id: a foreign key to customers.id, or a
    column named ``customer_id`` (the receivables ledger has no foreign key)."""
    from salesdesk.rooms import room_modules

    room_modules("models")
    found = []
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            to_customers = any(fk.target_fullname == "customers.id" for fk in column.foreign_keys)
            if to_customers or column.name == "customer_id":
                found.append((table.name, column.name))
    return found


def _counts(engine, customer_id: int) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            f"{t}.{c}": conn.execute(
                text(f'SELECT count(*) FROM "{t}" WHERE "{c}" = :id'), {"id": customer_id}
            ).scalar()
            for t, c in _customer_columns()
        }


def _totals(engine, customer_id: int) -> tuple[int, int]:
    """Invoiced and paid of one customer, in cents, summed in SQL."""
    with engine.connect() as conn:
        billed = conn.execute(
            text("SELECT coalesce(sum(amount), 0) FROM invoices WHERE customer_id = :id"), {"id": customer_id}
        ).scalar()
        paid = conn.execute(
            text("SELECT coalesce(sum(amount), 0) FROM payments WHERE customer_id = :id"), {"id": customer_id}
        ).scalar()
    return billed, paid


def _snapshots(engine, customer_id: int) -> dict[str, tuple[int, ...]]:
    cols = ", ".join(BUCKETS)
    with engine.connect() as conn:
        rows = conn.execute(
            text(f"SELECT month, {cols} FROM credit_aging_snapshots WHERE customer_id = :id"),
            {"id": customer_id},
        ).all()
    return {r[0]: tuple(r[1:]) for r in rows}


def _merge(engine, keep: str = "C001", duplicate: str = "C009"):
    from salesdesk.intel.merge import merge_customers

    with write_session(engine) as s:
        return merge_customers(session=s, keep=keep, duplicate=duplicate, now=NOW)


# --------------------------------------------------------------------------- the schema's references


def test_customer_references_cover_every_foreign_key_to_customers():
    from salesdesk.intel.merge import customer_references

    refs = {(t.name, c.name) for t, c in customer_references()}
    with_fk = {
        (t.name, c.name)
        for t in SQLModel.metadata.sorted_tables
        for c in t.columns
        if any(fk.target_fullname == "customers.id" for fk in c.foreign_keys)
    }
    assert refs == with_fk
    assert {
        "invoices",
        "payments",
        "orders",
        "visits",
        "complaints",
        "credit_aging_snapshots",
        "prospects",
    } <= {t for t, _c in refs}
    # the receivables ledger is keyed by customer without a foreign key: the merge recomputes it instead
    assert {t for t, _c in set(_customer_columns()) - refs} == {
        "credit_open_items",
        "credit_ledger",
        "credit_dirty",
    }


def test_linked_lists_the_duplicates_rows_per_table(pair):
    from salesdesk.intel.merge import linked

    with read_session(pair) as s:
        found = linked(session=s, keep="C001", duplicate="C009")
    assert found == {
        "invoices": 2,
        "payments": 1,
        "orders": 1,
        "visits": 1,
        "complaints": 1,
        "credit_followups": 1,
        "credit_review_notes": 1,
        "credit_aging_snapshots": 2,
        "visit_frequencies": 1,
        "customer_assignments": 1,
        "prospects": 1,
    }


# --------------------------------------------------------------------------- the merge keeps everything


def test_merge_moves_every_linked_record_to_the_kept_customer(pair):
    keep_id, dup_id = _ids(pair)
    before_keep, before_dup = _counts(pair, keep_id), _counts(pair, dup_id)
    assert before_dup["credit_aging_snapshots.customer_id"] == 2
    assert before_keep["credit_aging_snapshots.customer_id"] == 1  # 2026-10 only

    done = _merge(pair)

    after = _counts(pair, keep_id)
    derived = {"credit_open_items.customer_id", "credit_ledger.customer_id", "credit_dirty.customer_id"}
    for key in after:
        if key in derived:
            continue
        if key == "customer_assignments.customer_id":
            expected = before_keep[key]  # the kept customer's own history only
        elif key == "credit_aging_snapshots.customer_id":
            expected = before_keep[key] + before_dup[key] - 1  # 2026-10 is one row, added up
        else:
            expected = before_keep[key] + before_dup[key]
        assert after[key] == expected, key
    assert after["invoices.customer_id"] == 4
    assert after["visit_frequencies.customer_id"] == 1
    assert done.keep == "C001" and done.duplicate == "C009"
    assert done.moved["invoices.customer_id"] == 2
    assert done.moved["customer_assignments.customer_id"] == 1


def test_merge_keeps_every_amount_to_the_cent(pair):
    keep_id, dup_id = _ids(pair)
    billed_k, paid_k = _totals(pair, keep_id)
    billed_d, paid_d = _totals(pair, dup_id)
    assert (billed_k, billed_d, paid_k, paid_d) == (15000, 20050, 3000, 4000)
    _merge(pair)
    assert _totals(pair, keep_id) == (billed_k + billed_d, paid_k + paid_d)
    with read_session(pair) as s:
        from salesdesk.org import queries as q

        invoices = q.list_invoices(session=s, customer="C001")
    assert sum(i.amount for i in invoices) == Decimal("350.50")
    assert {i.number for i in invoices} == {"F1", "F2", "G1", "G2"}


def test_merge_adds_up_the_aging_snapshot_of_a_common_month(pair):
    keep_id, dup_id = _ids(pair)
    kept, dup = _snapshots(pair, keep_id), _snapshots(pair, dup_id)
    assert set(kept) == {"2026-10"} and set(dup) == {"2026-08", "2026-10"}
    _merge(pair)
    after = _snapshots(pair, keep_id)
    assert after["2026-10"] == tuple(a + b for a, b in zip(kept["2026-10"], dup["2026-10"], strict=True))
    assert after["2026-08"] == dup["2026-08"]
    assert set(after) == {"2026-08", "2026-10"}


def test_after_a_merge_nothing_points_at_the_duplicate(pair):
    _keep_id, dup_id = _ids(pair)
    # the receivables ledger holds the duplicate before the merge
    with write_session(pair) as s:
        from salesdesk.credit import ledger

        ledger.refresh(s)
    columns = _customer_columns()
    assert ("credit_open_items", "customer_id") in columns and ("prospects", "customer_id") in columns
    assert sum(_counts(pair, dup_id).values()) > 0
    _merge(pair)
    with pair.connect() as conn:
        for table, column in columns:
            n = conn.execute(
                text(f'SELECT count(*) FROM "{table}" WHERE "{column}" = :id'), {"id": dup_id}
            ).scalar()
            assert n == 0, (table, column)
        assert conn.execute(text("SELECT count(*) FROM customers WHERE code = 'C009'")).scalar() == 0
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []


def test_merge_fills_the_kept_customers_blank_fields(pair):
    done = _merge(pair)
    assert {"customer_since", "email", "phone"} <= set(done.filled) and len(done.filled) == 4
    with read_session(pair) as s:
        from salesdesk.org import queries as q

        kept = q.customer_detail(session=s, code="C001", today=TODAY)
    assert (kept.tax_id, kept.email, kept.phone) == ("B11111111", "compras@acme.es", "600111222")
    assert kept.customer_since == date(2015, 1, 1)
    # what the kept customer had stays
    assert (kept.name, kept.city, kept.territory, kept.group, kept.salesperson) == (
        "Acme Distribuciones S.L.",
        "Madrid",
        "MAD",
        "DIST",
        "V01",
    )


def test_merge_fills_territory_and_group_and_keeps_the_earlier_customer_since(seeded):
    with write_session(seeded) as s:
        add_customer(s, "K1", "Kept", customer_since="2010-05-01")
        add_customer(s, "D1", "Dup", territory="TOL", group="HOR", customer_since="2012-01-01", city="Ávila")
    done = _merge(seeded, "K1", "D1")
    assert sorted(done.filled) == ["city", "group", "territory"]  # reference ids named without "_id"
    with read_session(seeded) as s:
        from salesdesk.org import queries as q

        kept = q.customer_detail(session=s, code="K1", today=TODAY)
    assert (kept.territory, kept.group, kept.city, kept.customer_since) == (
        "TOL",
        "HOR",
        "Ávila",
        date(2010, 5, 1),
    )


TAX_ID_BUG = (
    "BUG: merge.merge_customers reports the filled fields with f.removesuffix('_id'), meant for "
    "territory_id/group_id, so the filled tax_id is reported as 'tax' (Merged.filled, the JSON 'filled' "
    "list and the 'Filled on …' line of customer merge)"
)


def test_merge_reports_the_filled_tax_id_by_its_name(pair):
    assert sorted(_merge(pair).filled) == ["customer_since", "email", "phone", "tax_id"]


def test_merge_is_recorded_in_the_change_history(pair):
    _merge(pair)
    with pair.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT record, field, old, new, note FROM change_log WHERE entity = 'customer' "
                "AND field IN ('merged', 'merged_into') ORDER BY field"
            )
        ).all()
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [
        ("C001", "merged", None, "C009"),
        ("C009", "merged_into", "C009", "C001"),
    ]
    assert "invoices 2" in rows[0][4]


def test_the_kept_customers_receivables_cover_both(pair, run):
    before = {r["code"]: r for r in as_json(run("credit", "aging", "--json"))}
    assert Decimal(before["C001"]["total"]) == Decimal("120.00")  # 150.00 - 30.00
    assert Decimal(before["C009"]["total"]) == Decimal("160.50")  # 200.50 - 40.00
    _merge(pair)
    with pair.connect() as conn:
        keep_id = conn.execute(text("SELECT id FROM customers WHERE code = 'C001'")).scalar()
        assert conn.execute(text("SELECT customer_id FROM credit_dirty")).scalars().all() == [keep_id]
    after = {r["code"]: r for r in as_json(run("credit", "aging", "--json"))}
    assert "C009" not in after
    assert Decimal(after["C001"]["total"]) == Decimal("280.50")
    assert sum(Decimal(after["C001"][k]) for k in BUCKETS[:-1]) == Decimal("280.50")
    with pair.connect() as conn:
        open_items = dict(
            conn.execute(
                text(
                    "SELECT i.number, o.open_amount FROM credit_open_items o "
                    "JOIN invoices i ON i.id = o.invoice_id WHERE o.customer_id = :id"
                ),
                {"id": keep_id},
            ).all()
        )
    # 70.00 paid in all, applied oldest first: G1 (2026-08-01) 80.00 keeps 10.00 open
    assert open_items == {"G1": 1000, "F1": 10000, "F2": 5000, "G2": 12050}


def test_both_visit_frequencies_the_kept_one_stands(seeded):
    from salesdesk.relations import queries as rel

    with write_session(seeded) as s:
        add_customer(s, "D1", "Dup")
        rel.set_frequency(session=s, customer="C001", days=14, now=NOW)
        rel.set_frequency(session=s, customer="D1", days=60, now=NOW)
    _merge(seeded, "C001", "D1")
    with seeded.connect() as conn:
        rows = conn.execute(
            text("SELECT c.code, f.days FROM visit_frequencies f JOIN customers c ON c.id = f.customer_id")
        ).all()
    assert rows == [("C001", 14)]


def test_merge_refuses_bad_pairs(seeded):
    from salesdesk.core.errors import DataError

    with pytest.raises(DataError, match="is the customer kept"):
        _merge(seeded, "C001", " C001 ")
    with pytest.raises(DataError, match="keep 'NOPE': no customer has this code"):
        _merge(seeded, "NOPE", "C001")
    with pytest.raises(DataError, match="duplicate 'NOPE': no customer has this code"):
        _merge(seeded, "C001", "NOPE")


def test_merging_a_customer_with_nothing_linked(seeded):
    with write_session(seeded) as s:
        add_customer(s, "D1", "Vacío")
    done = _merge(seeded, "C002", "D1")
    assert done.moved == {}
    with seeded.connect() as conn:
        assert (
            conn.execute(text("SELECT note FROM change_log WHERE field = 'merged'")).scalar()
            == "nothing linked"
        )


# --------------------------------------------------------------------------- salesdesk customer merge


class _Stdin(io.StringIO):
    def __init__(self, value: str = "", tty: bool = False) -> None:
        super().__init__(value)
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


def _state(engine) -> list:
    with engine.connect() as conn:
        return [
            conn.execute(text("SELECT code, name, tax_id FROM customers ORDER BY code")).all(),
            conn.execute(text("SELECT number, customer_id FROM invoices ORDER BY number")).all(),
            conn.execute(text("SELECT count(*) FROM change_log")).scalar(),
        ]


def test_cli_merge_without_yes_and_without_a_terminal_changes_nothing(pair, run, monkeypatch):
    monkeypatch.setattr(sys, "stdin", _Stdin())
    before = _state(pair)
    data_error(run("customer", "merge", "C001", "C009"), "--yes")
    assert _state(pair) == before


def test_cli_merge_on_a_terminal_asks_first(pair, run, monkeypatch):
    before = _state(pair)
    monkeypatch.setattr(sys, "stdin", _Stdin("n\n", tty=True))
    code, out, err = run("customer", "merge", "C001", "C009")
    assert code == 1
    assert "Merge C009 into C001" in out + err
    assert "nothing was changed" in err
    assert _state(pair) == before
    monkeypatch.setattr(sys, "stdin", _Stdin("y\n", tty=True))
    out = ok(run("customer", "merge", "C001", "C009"))
    assert "C009 merged into C001" in out
    assert [r[0] for r in _state(pair)[0]] == ["C001", "C002", "C003"]


def test_cli_merge_with_yes(pair, run):
    data = as_json(run("customer", "merge", "C001", "C009", "--yes", "--json"))
    assert data["keep"] == "C001" and data["duplicate"] == "C009"
    assert data["moved"]["invoices.customer_id"] == 2
    assert data["moved"]["payments.customer_id"] == 1
    assert {"customer_since", "email", "phone"} <= set(data["filled"])
    with pair.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM customers WHERE code = 'C009'")).scalar() == 0


def test_cli_merge_text_output(pair, run):
    out = ok(run("customer", "merge", "C001", "C009", "-y"))
    assert "C009 merged into C001: " in out
    assert "invoices 2" in out
    assert "Filled on C001: " in out and "email, phone, customer_since" in out


def test_cli_merge_json_names_the_filled_tax_id(pair, run):
    data = as_json(run("customer", "merge", "C001", "C009", "--yes", "--json"))
    assert sorted(data["filled"]) == ["customer_since", "email", "phone", "tax_id"]


def test_cli_merge_a_customer_into_itself_is_refused(pair, run):
    before = _state(pair)
    data_error(run("customer", "merge", "C001", "C001", "--yes"), "duplicate", "C001", "is the customer kept")
    assert _state(pair) == before


@pytest.mark.parametrize(
    ("keep", "dup", "field", "code"),
    [("C404", "C009", "keep", "C404"), ("C001", "C404", "duplicate", "C404")],
)
def test_cli_merge_with_an_unknown_code_names_it(pair, run, keep, dup, field, code):
    before = _state(pair)
    data_error(run("customer", "merge", keep, dup, "--yes"), f"{field} '{code}'", "no customer has this code")
    assert _state(pair) == before
