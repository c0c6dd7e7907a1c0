"""service: the installed base (warranty, maintenance plan, next due date) and service orders
(deliveries, installations, support, maintenance, warranty repairs)

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate refers to sqlmodel.sql.sqltypes.AutoString)
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "installed_base",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("serial", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("installed", sa.Date(), nullable=False),
        sa.Column("warranty_end", sa.Date(), nullable=True),
        sa.Column("plan", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("last_maintenance", sa.Date(), nullable=True),
        sa.Column("next_due", sa.Date(), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.CheckConstraint(
            "plan IN ('none', 'monthly', 'quarterly', 'half_yearly', 'yearly')",
            name=op.f("ck_installed_base_plan"),
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_installed_base_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_installed_base_product_id_products")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_installed_base")),
        sa.UniqueConstraint("serial", name=op.f("uq_installed_base_serial")),
    )
    with op.batch_alter_table("installed_base", schema=None) as batch_op:
        batch_op.create_index("ix_installed_base_customer", ["customer_id", "product_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_installed_base_next_due"), ["next_due"], unique=False)
        batch_op.create_index(batch_op.f("ix_installed_base_product_id"), ["product_id"], unique=False)

    op.create_table(
        "service_orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("type", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("invoice_id", sa.Integer(), nullable=True),
        sa.Column("installed_id", sa.Integer(), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("department", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("assignee", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("requested", sa.Date(), nullable=False),
        sa.Column("scheduled", sa.Date(), nullable=True),
        sa.Column("responded", sa.Date(), nullable=True),
        sa.Column("completed", sa.Date(), nullable=True),
        sa.Column("cancelled", sa.Date(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("waiting_on", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("result", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("feedback", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "department IN ('customer_service', 'technical', 'logistics', 'other')",
            name=op.f("ck_service_orders_department"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'scheduled', 'in_progress', 'done', 'cancelled')",
            name=op.f("ck_service_orders_status"),
        ),
        sa.CheckConstraint(
            "type IN ('delivery', 'installation', 'support', 'maintenance', 'warranty_repair')",
            name=op.f("ck_service_orders_type"),
        ),
        sa.CheckConstraint(
            "waiting_on IS NULL OR waiting_on IN ('customer_service', 'technical', 'logistics', 'other')",
            name=op.f("ck_service_orders_waiting_on"),
        ),
        sa.CheckConstraint(
            "feedback IS NULL OR feedback BETWEEN 1 AND 5", name=op.f("ck_service_orders_feedback_range")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_service_orders_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["installed_id"],
            ["installed_base.id"],
            name=op.f("fk_service_orders_installed_id_installed_base"),
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoices.id"], name=op.f("fk_service_orders_invoice_id_invoices")
        ),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_service_orders_order_id_orders")),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["service_orders.id"], name=op.f("fk_service_orders_parent_id_service_orders")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_service_orders_product_id_products")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_orders")),
        sa.UniqueConstraint("number", name=op.f("uq_service_orders_number")),
    )
    with op.batch_alter_table("service_orders", schema=None) as batch_op:
        batch_op.create_index("ix_service_orders_cancelled", ["cancelled", "type"], unique=False)
        batch_op.create_index("ix_service_orders_completed", ["completed", "type"], unique=False)
        batch_op.create_index("ix_service_orders_requested", ["requested", "number"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_orders_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(
            "ix_service_orders_department_status", ["department", "status", "requested"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_service_orders_installed_id"), ["installed_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_orders_invoice_id"), ["invoice_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_orders_order_id"), ["order_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_orders_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index("ix_service_orders_scheduled", ["scheduled", "status"], unique=False)
        batch_op.create_index("ix_service_orders_status_type", ["status", "type", "requested"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("service_orders", schema=None) as batch_op:
        batch_op.drop_index("ix_service_orders_status_type")
        batch_op.drop_index("ix_service_orders_scheduled")
        batch_op.drop_index(batch_op.f("ix_service_orders_parent_id"))
        batch_op.drop_index(batch_op.f("ix_service_orders_order_id"))
        batch_op.drop_index(batch_op.f("ix_service_orders_invoice_id"))
        batch_op.drop_index(batch_op.f("ix_service_orders_installed_id"))
        batch_op.drop_index("ix_service_orders_department_status")
        batch_op.drop_index(batch_op.f("ix_service_orders_customer_id"))
        batch_op.drop_index("ix_service_orders_completed")
        batch_op.drop_index("ix_service_orders_requested")
        batch_op.drop_index("ix_service_orders_cancelled")

    op.drop_table("service_orders")
    with op.batch_alter_table("installed_base", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_installed_base_product_id"))
        batch_op.drop_index(batch_op.f("ix_installed_base_next_due"))
        batch_op.drop_index("ix_installed_base_customer")

    op.drop_table("installed_base")
