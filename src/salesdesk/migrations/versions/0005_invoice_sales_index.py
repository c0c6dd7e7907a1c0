"""covering indexes for sales per salesperson, group and month

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_index("ix_invoices_salesperson_issue")
        batch_op.create_index(
            "ix_invoices_salesperson_issue",
            ["salesperson_id", "issue_date", "customer_id", "amount"],
            unique=False,
        )
        batch_op.drop_index("ix_invoices_issue_amount")
        batch_op.create_index(
            "ix_invoices_issue_amount",
            ["issue_date", "amount", "salesperson_id", "customer_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_index("ix_invoices_salesperson_issue")
        batch_op.create_index("ix_invoices_salesperson_issue", ["salesperson_id", "issue_date"], unique=False)
        batch_op.drop_index("ix_invoices_issue_amount")
        batch_op.create_index("ix_invoices_issue_amount", ["issue_date", "amount"], unique=False)
