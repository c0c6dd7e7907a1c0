"""plan and business rules

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate refers to sqlmodel.sql.sqltypes.AutoString)
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _integer(column: str, name: str) -> list[sa.CheckConstraint]:
    """On SQLite, a CHECK that a money column holds an integer (other backends have real types)."""
    if op.get_bind().dialect.name != "sqlite":
        return []
    return [sa.CheckConstraint(f"{column} IS NULL OR typeof({column}) = 'integer'", name=op.f(name))]


def upgrade() -> None:
    op.create_table(
        "business_rules",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_business_rules")),
    )
    op.create_table(
        "plan_seasonality",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("weight", sa.BigInteger(), nullable=False),
        *_integer("weight", "ck_plan_seasonality_weight_integer"),
        sa.CheckConstraint("month BETWEEN 1 AND 12", name=op.f("ck_plan_seasonality_month_range")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_seasonality")),
        sa.UniqueConstraint("year", "month", name="year_month"),
    )
    with op.batch_alter_table("plan_seasonality", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_seasonality_year"), ["year"], unique=False)

    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        *_integer("amount", "ck_plans_amount_integer"),
        sa.CheckConstraint("amount >= 0", name=op.f("ck_plans_amount_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plans")),
        sa.UniqueConstraint("year", name=op.f("uq_plans_year")),
    )
    op.create_table(
        "plan_group_demand",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("growth_pct", sa.BigInteger(), nullable=False),
        sa.Column("market_size", sa.BigInteger(), nullable=True),
        sa.Column("amount", sa.BigInteger(), nullable=True),
        *_integer("amount", "ck_plan_group_demand_amount_integer"),
        *_integer("growth_pct", "ck_plan_group_demand_growth_pct_integer"),
        *_integer("market_size", "ck_plan_group_demand_market_size_integer"),
        sa.ForeignKeyConstraint(
            ["group_id"], ["customer_groups.id"], name=op.f("fk_plan_group_demand_group_id_customer_groups")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_group_demand")),
        sa.UniqueConstraint("year", "group_id", name="year_group"),
    )
    with op.batch_alter_table("plan_group_demand", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_group_demand_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_group_demand_year"), ["year"], unique=False)

    op.create_table(
        "plan_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("salesperson_id", sa.Integer(), nullable=True),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("problem", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("owner", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("result", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("closed_at", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "status IN ('open', 'in_progress', 'done', 'cancelled')", name=op.f("ck_plan_actions_status")
        ),
        sa.CheckConstraint("month BETWEEN 1 AND 12", name=op.f("ck_plan_actions_month_range")),
        sa.ForeignKeyConstraint(
            ["group_id"], ["customer_groups.id"], name=op.f("fk_plan_actions_group_id_customer_groups")
        ),
        sa.ForeignKeyConstraint(
            ["salesperson_id"], ["salespeople.id"], name=op.f("fk_plan_actions_salesperson_id_salespeople")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_actions")),
    )
    with op.batch_alter_table("plan_actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_actions_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_actions_salesperson_id"), ["salesperson_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_actions_year"), ["year"], unique=False)

    op.create_table(
        "plan_shares",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("salesperson_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        *_integer("amount", "ck_plan_shares_amount_integer"),
        sa.ForeignKeyConstraint(
            ["group_id"], ["customer_groups.id"], name=op.f("fk_plan_shares_group_id_customer_groups")
        ),
        sa.ForeignKeyConstraint(
            ["salesperson_id"], ["salespeople.id"], name=op.f("fk_plan_shares_salesperson_id_salespeople")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_shares")),
        sa.UniqueConstraint("year", "group_id", "salesperson_id", name="year_group_salesperson"),
    )
    with op.batch_alter_table("plan_shares", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_shares_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_shares_salesperson_id"), ["salesperson_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_shares_year"), ["year"], unique=False)

    op.create_table(
        "plan_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("salesperson_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("manual", sa.Boolean(), nullable=False),
        *_integer("amount", "ck_plan_targets_amount_integer"),
        sa.CheckConstraint("amount >= 0", name=op.f("ck_plan_targets_amount_positive")),
        sa.CheckConstraint("month BETWEEN 1 AND 12", name=op.f("ck_plan_targets_month_range")),
        sa.ForeignKeyConstraint(
            ["group_id"], ["customer_groups.id"], name=op.f("fk_plan_targets_group_id_customer_groups")
        ),
        sa.ForeignKeyConstraint(
            ["salesperson_id"], ["salespeople.id"], name=op.f("fk_plan_targets_salesperson_id_salespeople")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_targets")),
        sa.UniqueConstraint("year", "month", "salesperson_id", "group_id", name="cell"),
    )
    with op.batch_alter_table("plan_targets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_targets_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_targets_salesperson_id"), ["salesperson_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_targets_year"), ["year"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("plan_targets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_targets_year"))
        batch_op.drop_index(batch_op.f("ix_plan_targets_salesperson_id"))
        batch_op.drop_index(batch_op.f("ix_plan_targets_group_id"))

    op.drop_table("plan_targets")
    with op.batch_alter_table("plan_shares", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_shares_year"))
        batch_op.drop_index(batch_op.f("ix_plan_shares_salesperson_id"))
        batch_op.drop_index(batch_op.f("ix_plan_shares_group_id"))

    op.drop_table("plan_shares")
    with op.batch_alter_table("plan_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_actions_year"))
        batch_op.drop_index(batch_op.f("ix_plan_actions_salesperson_id"))
        batch_op.drop_index(batch_op.f("ix_plan_actions_group_id"))

    op.drop_table("plan_actions")
    with op.batch_alter_table("plan_group_demand", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_group_demand_year"))
        batch_op.drop_index(batch_op.f("ix_plan_group_demand_group_id"))

    op.drop_table("plan_group_demand")
    op.drop_table("plans")
    with op.batch_alter_table("plan_seasonality", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_seasonality_year"))

    op.drop_table("plan_seasonality")
    op.drop_table("business_rules")
