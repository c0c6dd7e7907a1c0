"""market and intel: campaigns, prospects and their stage moves, competitors, intel entries,
countermeasures

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate refers to sqlmodel.sql.sqltypes.AutoString)
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "competitors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_competitors")),
        sa.UniqueConstraint("code", name=op.f("uq_competitors_code")),
    )
    op.create_table(
        "campaigns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("territory_id", sa.Integer(), nullable=True),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("budget", sa.BigInteger(), nullable=False),
        sa.Column("goal_leads", sa.Integer(), nullable=False),
        sa.Column("goal_customers", sa.Integer(), nullable=False),
        sa.Column("goal_sales", sa.BigInteger(), nullable=False),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.CheckConstraint(
            "budget IS NULL OR typeof(budget) = 'integer'", name=op.f("ck_campaigns_budget_integer")
        ),
        sa.CheckConstraint(
            "goal_sales IS NULL OR typeof(goal_sales) = 'integer'",
            name=op.f("ck_campaigns_goal_sales_integer"),
        ),
        sa.CheckConstraint("budget >= 0 AND goal_sales >= 0", name=op.f("ck_campaigns_money_positive")),
        sa.CheckConstraint("end >= start", name=op.f("ck_campaigns_end_after_start")),
        sa.CheckConstraint(
            "goal_leads >= 0 AND goal_customers >= 0", name=op.f("ck_campaigns_goals_positive")
        ),
        sa.ForeignKeyConstraint(
            ["group_id"], ["customer_groups.id"], name=op.f("fk_campaigns_group_id_customer_groups")
        ),
        sa.ForeignKeyConstraint(
            ["territory_id"], ["territories.id"], name=op.f("fk_campaigns_territory_id_territories")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaigns")),
        sa.UniqueConstraint("code", name=op.f("uq_campaigns_code")),
    )
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_campaigns_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_campaigns_territory_id"), ["territory_id"], unique=False)

    op.create_table(
        "intel_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("competitor_id", sa.Integer(), nullable=True),
        sa.Column("territory_id", sa.Integer(), nullable=True),
        sa.Column("topic", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("observed", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("impact", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("reported_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("impact IN ('low', 'medium', 'high')", name=op.f("ck_intel_entries_impact")),
        sa.CheckConstraint(
            "topic IN ('price', 'product', 'promotion', 'channel', 'strategy', 'other')",
            name=op.f("ck_intel_entries_topic"),
        ),
        sa.ForeignKeyConstraint(
            ["competitor_id"], ["competitors.id"], name=op.f("fk_intel_entries_competitor_id_competitors")
        ),
        sa.ForeignKeyConstraint(
            ["reported_by_id"], ["salespeople.id"], name=op.f("fk_intel_entries_reported_by_id_salespeople")
        ),
        sa.ForeignKeyConstraint(
            ["territory_id"], ["territories.id"], name=op.f("fk_intel_entries_territory_id_territories")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intel_entries")),
        sa.UniqueConstraint("number", name=op.f("uq_intel_entries_number")),
    )
    with op.batch_alter_table("intel_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_intel_entries_competitor_id"), ["competitor_id"], unique=False)
        batch_op.create_index("ix_intel_entries_date", ["date", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_intel_entries_reported_by_id"), ["reported_by_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_intel_entries_territory_id"), ["territory_id"], unique=False)

    op.create_table(
        "countermeasures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=True),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("department", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("told_on", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "department IN ('', 'marketing', 'product', 'pricing', 'logistics', 'customer_service', "
            "'technical', 'management', 'finance')",
            name=op.f("ck_countermeasures_department"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'in_progress', 'done', 'cancelled')", name=op.f("ck_countermeasures_status")
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["intel_entries.id"], name=op.f("fk_countermeasures_entry_id_intel_entries")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["salespeople.id"], name=op.f("fk_countermeasures_owner_id_salespeople")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_countermeasures")),
        sa.UniqueConstraint("number", name=op.f("uq_countermeasures_number")),
    )
    with op.batch_alter_table("countermeasures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_countermeasures_entry_id"), ["entry_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_countermeasures_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "prospects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("company", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("contact", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("tax_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("city", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("territory_id", sa.Integer(), nullable=True),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("stage", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("identified", sa.Date(), nullable=False),
        sa.Column("stage_since", sa.Date(), nullable=True),
        sa.Column("last_action", sa.Date(), nullable=True),
        sa.Column("next_action", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("next_action_date", sa.Date(), nullable=True),
        sa.Column("lost_reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("competitor_id", sa.Integer(), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "channel IN ('campaign', 'referral', 'web', 'fair', 'cold_call', 'partner', 'other')",
            name=op.f("ck_prospects_channel"),
        ),
        sa.CheckConstraint(
            "stage IN ('identified', 'contacted', 'qualified', 'proposal', 'negotiation', 'won', 'lost')",
            name=op.f("ck_prospects_stage"),
        ),
        sa.CheckConstraint(
            "value IS NULL OR typeof(value) = 'integer'", name=op.f("ck_prospects_value_integer")
        ),
        sa.CheckConstraint("value >= 0", name=op.f("ck_prospects_value_positive")),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaigns.id"], name=op.f("fk_prospects_campaign_id_campaigns")
        ),
        sa.ForeignKeyConstraint(
            ["competitor_id"], ["competitors.id"], name=op.f("fk_prospects_competitor_id_competitors")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_prospects_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["group_id"], ["customer_groups.id"], name=op.f("fk_prospects_group_id_customer_groups")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["salespeople.id"], name=op.f("fk_prospects_owner_id_salespeople")
        ),
        sa.ForeignKeyConstraint(
            ["territory_id"], ["territories.id"], name=op.f("fk_prospects_territory_id_territories")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prospects")),
        sa.UniqueConstraint("number", name=op.f("uq_prospects_number")),
    )
    with op.batch_alter_table("prospects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_prospects_campaign_id"), ["campaign_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_prospects_competitor_id"), ["competitor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_prospects_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_prospects_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_prospects_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index("ix_prospects_stage_owner", ["stage", "owner_id", "value"], unique=False)
        batch_op.create_index(batch_op.f("ix_prospects_territory_id"), ["territory_id"], unique=False)

    op.create_table(
        "prospect_moves",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("prospect_id", sa.Integer(), nullable=False),
        sa.Column("stage", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["prospect_id"], ["prospects.id"], name=op.f("fk_prospect_moves_prospect_id_prospects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prospect_moves")),
    )
    with op.batch_alter_table("prospect_moves", schema=None) as batch_op:
        batch_op.create_index("ix_prospect_moves_prospect_date", ["prospect_id", "date", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("prospect_moves", schema=None) as batch_op:
        batch_op.drop_index("ix_prospect_moves_prospect_date")

    op.drop_table("prospect_moves")
    with op.batch_alter_table("prospects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prospects_territory_id"))
        batch_op.drop_index("ix_prospects_stage_owner")
        batch_op.drop_index(batch_op.f("ix_prospects_owner_id"))
        batch_op.drop_index(batch_op.f("ix_prospects_group_id"))
        batch_op.drop_index(batch_op.f("ix_prospects_customer_id"))
        batch_op.drop_index(batch_op.f("ix_prospects_competitor_id"))
        batch_op.drop_index(batch_op.f("ix_prospects_campaign_id"))

    op.drop_table("prospects")
    with op.batch_alter_table("countermeasures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_countermeasures_owner_id"))
        batch_op.drop_index(batch_op.f("ix_countermeasures_entry_id"))

    op.drop_table("countermeasures")
    with op.batch_alter_table("intel_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intel_entries_territory_id"))
        batch_op.drop_index(batch_op.f("ix_intel_entries_reported_by_id"))
        batch_op.drop_index("ix_intel_entries_date")
        batch_op.drop_index(batch_op.f("ix_intel_entries_competitor_id"))

    op.drop_table("intel_entries")
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_campaigns_territory_id"))
        batch_op.drop_index(batch_op.f("ix_campaigns_group_id"))

    op.drop_table("campaigns")
    op.drop_table("competitors")
