"""The queries behind every list and summary use indexes (checked with EXPLAIN QUERY PLAN, never timed)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.dialects import sqlite
from sqlmodel import select

from salesdesk.org.models import Invoice, Payment


def _plan(engine, stmt) -> str:
    compiled = stmt.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True})
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").fetchall()
    return "\n".join(str(r[-1]) for r in rows)


@pytest.mark.parametrize(
    ("name", "build", "index"),
    [
        (
            "invoices of a customer",
            lambda: select(Invoice.number).where(Invoice.customer_id == 1),
            "ix_invoices_customer_due",
        ),
        (
            "payments of a customer",
            lambda: select(Payment.reference).where(Payment.customer_id == 1),
            "ix_payments_customer_date",
        ),
        (
            "sales in a period",
            lambda: select(Invoice.amount).where(
                Invoice.issue_date >= date(2026, 1, 1), Invoice.issue_date <= date(2026, 11, 28)
            ),
            "ix_invoices_issue_amount",
        ),
        (
            "newest invoices first",
            lambda: select(Invoice.number).order_by(Invoice.issue_date.desc()).limit(100),
            "ix_invoices_issue_amount",
        ),
        (
            "payments in a period",
            lambda: select(Payment.amount).where(Payment.date >= date(2026, 1, 1)),
            "ix_payments",
        ),
    ],
)
def test_query_uses_an_index(engine, name, build, index):
    plan = _plan(engine, build())
    assert index in plan, f"{name}: {plan}"
    assert "SCAN invoices\n" not in plan + "\n" and plan.strip() != "SCAN invoices", plan


def test_customer_page_query_reads_balances_through_covering_indexes(seeded):
    """The customer list's balance subqueries search the per-customer indexes instead of scanning."""
    from salesdesk.org.models import Customer
    from salesdesk.org.queries import _balance_expr  # noqa: PLC2701

    plan = _plan(seeded, select(Customer.code, _balance_expr()).limit(100))
    assert "ix_invoices_customer_due" in plan and "ix_payments_customer_date" in plan, plan


def test_plan_tracking_reads_sales_from_a_covering_index(engine):
    """Sales per salesperson, group and month (the Plan room's one pass) never touch the invoice rows."""
    from sqlalchemy import extract, func

    from salesdesk.org.models import Customer

    stmt = (
        select(
            Invoice.salesperson_id,
            Customer.group_id,
            extract("month", Invoice.issue_date),
            func.sum(Invoice.amount),
        )
        .join(Customer, Customer.id == Invoice.customer_id)
        .where(Invoice.issue_date >= date(2026, 1, 1), Invoice.issue_date <= date(2026, 11, 28))
        .group_by(Invoice.salesperson_id, Customer.group_id, extract("month", Invoice.issue_date))
    )
    plan = _plan(engine, stmt)
    assert "COVERING INDEX" in plan, plan
