"""credit: limit review date and note, month-end aging snapshots, review notes, collection follow-ups;
covering indexes for each customer's receivables

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _integer(column: str, name: str) -> list[sa.CheckConstraint]:
    """On SQLite, a CHECK that a money column holds an integer (other backends have real types)."""
    if op.get_bind().dialect.name != "sqlite":
        return []
    return [sa.CheckConstraint(f"{column} IS NULL OR typeof({column}) = 'integer'", name=op.f(name))]


def upgrade() -> None:
    op.create_table(
        "credit_aging_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("not_due", sa.BigInteger(), nullable=False),
        sa.Column("d1_30", sa.BigInteger(), nullable=False),
        sa.Column("d31_60", sa.BigInteger(), nullable=False),
        sa.Column("d61_90", sa.BigInteger(), nullable=False),
        sa.Column("over_90", sa.BigInteger(), nullable=False),
        sa.Column("unapplied", sa.BigInteger(), nullable=False),
        sa.Column("taken_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        *_integer("d1_30", "ck_credit_aging_snapshots_d1_30_integer"),
        *_integer("d31_60", "ck_credit_aging_snapshots_d31_60_integer"),
        *_integer("d61_90", "ck_credit_aging_snapshots_d61_90_integer"),
        *_integer("not_due", "ck_credit_aging_snapshots_not_due_integer"),
        *_integer("over_90", "ck_credit_aging_snapshots_over_90_integer"),
        *_integer("unapplied", "ck_credit_aging_snapshots_unapplied_integer"),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_credit_aging_snapshots_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_aging_snapshots")),
        sa.UniqueConstraint("month", "customer_id", name="month_customer"),
    )
    with op.batch_alter_table("credit_aging_snapshots", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_credit_aging_snapshots_customer_id"), ["customer_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_credit_aging_snapshots_month"), ["month"], unique=False)

    op.create_table(
        "credit_review_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("written_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("user", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_credit_review_notes_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_review_notes")),
    )
    with op.batch_alter_table("credit_review_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_credit_review_notes_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_credit_review_notes_month"), ["month"], unique=False)

    op.create_table(
        "credit_followups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("contact", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("agreed", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("promised_amount", sa.BigInteger(), nullable=True),
        sa.Column("promised_date", sa.Date(), nullable=True),
        sa.Column("next_action_date", sa.Date(), nullable=True),
        sa.Column("salesperson_id", sa.Integer(), nullable=True),
        *_integer("promised_amount", "ck_credit_followups_promised_amount_integer"),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_credit_followups_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoices.id"], name=op.f("fk_credit_followups_invoice_id_invoices")
        ),
        sa.ForeignKeyConstraint(
            ["salesperson_id"],
            ["salespeople.id"],
            name=op.f("fk_credit_followups_salesperson_id_salespeople"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_followups")),
    )
    with op.batch_alter_table("credit_followups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_credit_followups_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_credit_followups_date"), ["date"], unique=False)
        batch_op.create_index(batch_op.f("ix_credit_followups_invoice_id"), ["invoice_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_credit_followups_next_action_date"), ["next_action_date"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_credit_followups_salesperson_id"), ["salesperson_id"], unique=False
        )

    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("credit_review_date", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("credit_note", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default="")
        )
        batch_op.create_index(
            batch_op.f("ix_customers_credit_review_date"), ["credit_review_date"], unique=False
        )

    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invoices_customer_due"))
        batch_op.create_index(
            "ix_invoices_customer_due",
            ["customer_id", "due_date", "amount", "issue_date", "number"],
            unique=False,
        )

    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payments_customer_date"))
        batch_op.create_index(
            "ix_payments_customer_date",
            ["customer_id", "date", "amount", "reference", "invoice_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_index("ix_payments_customer_date")
        batch_op.create_index(
            batch_op.f("ix_payments_customer_date"), ["customer_id", "date", "amount"], unique=False
        )

    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_index("ix_invoices_customer_due")
        batch_op.create_index(
            batch_op.f("ix_invoices_customer_due"),
            ["customer_id", "due_date", "amount", "issue_date"],
            unique=False,
        )

    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customers_credit_review_date"))
        batch_op.drop_column("credit_note")
        batch_op.drop_column("credit_review_date")

    with op.batch_alter_table("credit_followups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_credit_followups_salesperson_id"))
        batch_op.drop_index(batch_op.f("ix_credit_followups_next_action_date"))
        batch_op.drop_index(batch_op.f("ix_credit_followups_invoice_id"))
        batch_op.drop_index(batch_op.f("ix_credit_followups_date"))
        batch_op.drop_index(batch_op.f("ix_credit_followups_customer_id"))

    op.drop_table("credit_followups")
    with op.batch_alter_table("credit_review_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_credit_review_notes_month"))
        batch_op.drop_index(batch_op.f("ix_credit_review_notes_customer_id"))

    op.drop_table("credit_review_notes")
    with op.batch_alter_table("credit_aging_snapshots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_credit_aging_snapshots_month"))
        batch_op.drop_index(batch_op.f("ix_credit_aging_snapshots_customer_id"))

    op.drop_table("credit_aging_snapshots")
