"""credit: the receivables ledger (open invoices after allocation, unapplied credit per customer) and the
triggers that mark a customer dirty when its invoices or payments change

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

#: (table, event, the customer ids to mark) — an update that moves a document marks both customers.
TRIGGERS = [
    (table, event, refs)
    for table in ("invoices", "payments")
    for event, refs in (
        ("INSERT", ("NEW",)),
        ("DELETE", ("OLD",)),
        ("UPDATE", ("OLD", "NEW")),
    )
]


def _integer(column: str, name: str) -> list[sa.CheckConstraint]:
    """On SQLite, a CHECK that a money column holds an integer (other backends have real types)."""
    if op.get_bind().dialect.name != "sqlite":
        return []
    return [sa.CheckConstraint(f"{column} IS NULL OR typeof({column}) = 'integer'", name=op.f(name))]


def upgrade() -> None:
    op.create_table(
        "credit_dirty",
        sa.Column("customer_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_credit_dirty")),
    )
    op.create_table(
        "credit_ledger",
        sa.Column("customer_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("unapplied", sa.BigInteger(), nullable=False),
        sa.Column("open_total", sa.BigInteger(), nullable=False),
        sa.Column("oldest_due", sa.Date(), nullable=True),
        *_integer("open_total", "ck_credit_ledger_open_total_integer"),
        *_integer("unapplied", "ck_credit_ledger_unapplied_integer"),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_credit_ledger")),
    )
    op.create_table(
        "credit_open_items",
        sa.Column("invoice_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("open_amount", sa.BigInteger(), nullable=False),
        *_integer("open_amount", "ck_credit_open_items_open_amount_integer"),
        sa.PrimaryKeyConstraint("invoice_id", name=op.f("pk_credit_open_items")),
    )
    with op.batch_alter_table("credit_open_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_credit_open_items_customer_id"), ["customer_id"], unique=False)
    for table, event, refs in TRIGGERS:
        marks = " ".join(
            f"INSERT OR IGNORE INTO credit_dirty (customer_id) VALUES ({ref}.customer_id);" for ref in refs
        )
        op.execute(
            f"CREATE TRIGGER tr_{table}_{event.lower()}_credit_dirty AFTER {event} ON {table} "
            f"FOR EACH ROW BEGIN {marks} END"
        )
    # every customer with documents is computed once, on the first read
    op.execute(
        "INSERT OR IGNORE INTO credit_dirty (customer_id) "
        "SELECT DISTINCT customer_id FROM invoices UNION SELECT DISTINCT customer_id FROM payments"
    )


def downgrade() -> None:
    for table, event, _refs in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS tr_{table}_{event.lower()}_credit_dirty")
    with op.batch_alter_table("credit_open_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_credit_open_items_customer_id"))
    op.drop_table("credit_open_items")
    op.drop_table("credit_ledger")
    op.drop_table("credit_dirty")
