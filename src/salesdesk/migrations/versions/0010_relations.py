"""relations: per-customer visit frequencies, visits (planned, done, cancelled, missed), complaints with
their SLA due date

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "complaints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("opened", sa.Date(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("severity", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("sla_due", sa.Date(), nullable=True),
        sa.Column("resolution", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("resolved", sa.Date(), nullable=True),
        sa.Column("satisfaction", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "category IN ('product_quality', 'delivery', 'billing', 'price', 'service', 'other')",
            name=op.f("ck_complaints_category"),
        ),
        sa.CheckConstraint(
            "channel IN ('visit', 'phone', 'email', 'other')", name=op.f("ck_complaints_channel")
        ),
        sa.CheckConstraint(
            "severity IN ('low', 'medium', 'high', 'critical')", name=op.f("ck_complaints_severity")
        ),
        sa.CheckConstraint(
            "status IN ('new', 'in_progress', 'resolved', 'closed')", name=op.f("ck_complaints_status")
        ),
        sa.CheckConstraint(
            "satisfaction IS NULL OR satisfaction BETWEEN 1 AND 5",
            name=op.f("ck_complaints_satisfaction_range"),
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_complaints_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["salespeople.id"], name=op.f("fk_complaints_owner_id_salespeople")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaints")),
        sa.UniqueConstraint("number", name=op.f("uq_complaints_number")),
    )
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_complaints_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_complaints_opened"), ["opened"], unique=False)
        batch_op.create_index(batch_op.f("ix_complaints_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index("ix_complaints_status_due", ["status", "sla_due"], unique=False)

    op.create_table(
        "visit_frequencies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.CheckConstraint("days BETWEEN 1 AND 3660", name=op.f("ck_visit_frequencies_days_range")),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_visit_frequencies_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_frequencies")),
        sa.UniqueConstraint("customer_id", name=op.f("uq_visit_frequencies_customer_id")),
    )
    op.create_table(
        "visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("salesperson_id", sa.Integer(), nullable=True),
        sa.Column("by_manager", sa.Boolean(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("time", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("duration", sa.Integer(), nullable=False),
        sa.Column("purpose", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("next_step", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("next_visit", sa.Date(), nullable=True),
        sa.Column("complaint_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "purpose IN ('routine', 'key_account', 'collection', 'complaint_follow_up', 'prospecting', "
            "'other')",
            name=op.f("ck_visits_purpose"),
        ),
        sa.CheckConstraint(
            "status IN ('planned', 'done', 'cancelled', 'missed')", name=op.f("ck_visits_status")
        ),
        sa.CheckConstraint("by_manager OR salesperson_id IS NOT NULL", name=op.f("ck_visits_who")),
        sa.CheckConstraint("duration BETWEEN 1 AND 1440", name=op.f("ck_visits_duration_range")),
        sa.ForeignKeyConstraint(
            ["complaint_id"], ["complaints.id"], name=op.f("fk_visits_complaint_id_complaints")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_visits_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["salesperson_id"], ["salespeople.id"], name=op.f("fk_visits_salesperson_id_salespeople")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visits")),
    )
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visits_complaint_id"), ["complaint_id"], unique=False)
        batch_op.create_index(
            "ix_visits_customer_status_date", ["customer_id", "status", "date"], unique=False
        )
        batch_op.create_index("ix_visits_date_status", ["date", "status", "salesperson_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_visits_salesperson_id"), ["salesperson_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visits_salesperson_id"))
        batch_op.drop_index("ix_visits_date_status")
        batch_op.drop_index("ix_visits_customer_status_date")
        batch_op.drop_index(batch_op.f("ix_visits_complaint_id"))

    op.drop_table("visits")
    op.drop_table("visit_frequencies")
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_index("ix_complaints_status_due")
        batch_op.drop_index(batch_op.f("ix_complaints_owner_id"))
        batch_op.drop_index(batch_op.f("ix_complaints_opened"))
        batch_op.drop_index(batch_op.f("ix_complaints_customer_id"))

    op.drop_table("complaints")
