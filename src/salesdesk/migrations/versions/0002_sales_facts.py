"""sales facts

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate refers to sqlmodel.sql.sqltypes.AutoString)
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _integer(column: str, name: str) -> list[sa.CheckConstraint]:
    """On SQLite, a CHECK that a money column holds an integer (other backends have real types)."""
    if op.get_bind().dialect.name != "sqlite":
        return []
    return [sa.CheckConstraint(f"{column} IS NULL OR typeof({column}) = 'integer'", name=op.f(name))]


def upgrade() -> None:
    op.create_table(
        "invoices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("salesperson_id", sa.Integer(), nullable=True),
        sa.Column("issue_date", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        *_integer("amount", "ck_invoices_amount_integer"),
        sa.CheckConstraint("due_date >= issue_date", name=op.f("ck_invoices_due_after_issue")),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_invoices_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["salesperson_id"], ["salespeople.id"], name=op.f("fk_invoices_salesperson_id_salespeople")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoices")),
        sa.UniqueConstraint("number", name=op.f("uq_invoices_number")),
    )
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.create_index(
            "ix_invoices_customer_due", ["customer_id", "due_date", "amount", "issue_date"], unique=False
        )
        batch_op.create_index("ix_invoices_issue_amount", ["issue_date", "amount"], unique=False)
        batch_op.create_index("ix_invoices_salesperson_issue", ["salesperson_id", "issue_date"], unique=False)

    op.create_table(
        "orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("salesperson_id", sa.Integer(), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        *_integer("amount", "ck_orders_amount_integer"),
        sa.CheckConstraint("status IN ('open', 'invoiced', 'cancelled')", name=op.f("ck_orders_status")),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_orders_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["salesperson_id"], ["salespeople.id"], name=op.f("fk_orders_salesperson_id_salespeople")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orders")),
        sa.UniqueConstraint("number", name=op.f("uq_orders_number")),
    )
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.create_index("ix_orders_customer_status", ["customer_id", "status"], unique=False)
        batch_op.create_index(batch_op.f("ix_orders_date"), ["date"], unique=False)
        batch_op.create_index(batch_op.f("ix_orders_salesperson_id"), ["salesperson_id"], unique=False)

    op.create_table(
        "payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=True),
        *_integer("amount", "ck_payments_amount_integer"),
        sa.CheckConstraint("amount > 0", name=op.f("ck_payments_amount_positive")),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_payments_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoices.id"], name=op.f("fk_payments_invoice_id_invoices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
        sa.UniqueConstraint("reference", name=op.f("uq_payments_reference")),
    )
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.create_index("ix_payments_customer_date", ["customer_id", "date", "amount"], unique=False)
        batch_op.create_index(batch_op.f("ix_payments_date"), ["date"], unique=False)
        batch_op.create_index(batch_op.f("ix_payments_invoice_id"), ["invoice_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payments_invoice_id"))
        batch_op.drop_index(batch_op.f("ix_payments_date"))
        batch_op.drop_index("ix_payments_customer_date")

    op.drop_table("payments")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orders_salesperson_id"))
        batch_op.drop_index(batch_op.f("ix_orders_date"))
        batch_op.drop_index("ix_orders_customer_status")

    op.drop_table("orders")
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_index("ix_invoices_salesperson_issue")
        batch_op.drop_index("ix_invoices_issue_amount")
        batch_op.drop_index("ix_invoices_customer_due")

    op.drop_table("invoices")
