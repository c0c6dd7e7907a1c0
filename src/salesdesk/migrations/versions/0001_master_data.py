"""master data and change history

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate refers to sqlmodel.sql.sqltypes.AutoString)
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _integer(column: str, name: str) -> list[sa.CheckConstraint]:
    """On SQLite, a CHECK that a money column holds an integer (other backends have real types)."""
    if op.get_bind().dialect.name != "sqlite":
        return []
    return [sa.CheckConstraint(f"{column} IS NULL OR typeof({column}) = 'integer'", name=op.f(name))]


def upgrade() -> None:
    op.create_table(
        "change_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("record", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("field", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("old", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("new", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("user", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_log")),
    )
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_change_log_entity"), ["entity"], unique=False)
        batch_op.create_index(batch_op.f("ix_change_log_record"), ["record"], unique=False)

    op.create_table(
        "customer_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_groups")),
        sa.UniqueConstraint("code", name=op.f("uq_customer_groups_code")),
    )
    op.create_table(
        "products",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("product_line", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("list_price", sa.BigInteger(), nullable=False),
        sa.Column("max_discount", sa.BigInteger(), nullable=False),
        sa.Column("needs_installation", sa.Boolean(), nullable=False),
        *_integer("list_price", "ck_products_list_price_integer"),
        *_integer("max_discount", "ck_products_max_discount_integer"),
        sa.CheckConstraint(
            "max_discount >= 0 AND max_discount <= 10000", name=op.f("ck_products_max_discount_range")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_products")),
        sa.UniqueConstraint("code", name=op.f("uq_products_code")),
    )
    op.create_table(
        "territories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["territories.id"], name=op.f("fk_territories_parent_id_territories")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_territories")),
        sa.UniqueConstraint("code", name=op.f("uq_territories_code")),
    )
    with op.batch_alter_table("territories", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_territories_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "salespeople",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("territory_id", sa.Integer(), nullable=True),
        sa.Column("hire_date", sa.Date(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.CheckConstraint("status IN ('active', 'on_leave', 'left')", name=op.f("ck_salespeople_status")),
        sa.ForeignKeyConstraint(
            ["territory_id"], ["territories.id"], name=op.f("fk_salespeople_territory_id_territories")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_salespeople")),
        sa.UniqueConstraint("code", name=op.f("uq_salespeople_code")),
    )
    with op.batch_alter_table("salespeople", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_salespeople_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_salespeople_territory_id"), ["territory_id"], unique=False)

    op.create_table(
        "customers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("tax_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("territory_id", sa.Integer(), nullable=True),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("salesperson_id", sa.Integer(), nullable=True),
        sa.Column("tier", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("terms_days", sa.Integer(), nullable=False),
        sa.Column("credit_limit", sa.BigInteger(), nullable=True),
        sa.Column("city", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("customer_since", sa.Date(), nullable=True),
        *_integer("credit_limit", "ck_customers_credit_limit_integer"),
        sa.CheckConstraint("tier IN ('A', 'B', 'C')", name=op.f("ck_customers_tier")),
        sa.CheckConstraint("terms_days >= 0", name=op.f("ck_customers_terms_days")),
        sa.ForeignKeyConstraint(
            ["group_id"], ["customer_groups.id"], name=op.f("fk_customers_group_id_customer_groups")
        ),
        sa.ForeignKeyConstraint(
            ["salesperson_id"], ["salespeople.id"], name=op.f("fk_customers_salesperson_id_salespeople")
        ),
        sa.ForeignKeyConstraint(
            ["territory_id"], ["territories.id"], name=op.f("fk_customers_territory_id_territories")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customers")),
        sa.UniqueConstraint("code", name=op.f("uq_customers_code")),
    )
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_customers_city"), ["city"], unique=False)
        batch_op.create_index(batch_op.f("ix_customers_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_customers_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_customers_salesperson_id"), ["salesperson_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_customers_tax_id"), ["tax_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_customers_territory_id"), ["territory_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customers_territory_id"))
        batch_op.drop_index(batch_op.f("ix_customers_tax_id"))
        batch_op.drop_index(batch_op.f("ix_customers_salesperson_id"))
        batch_op.drop_index(batch_op.f("ix_customers_name"))
        batch_op.drop_index(batch_op.f("ix_customers_group_id"))
        batch_op.drop_index(batch_op.f("ix_customers_city"))

    op.drop_table("customers")
    with op.batch_alter_table("salespeople", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_salespeople_territory_id"))
        batch_op.drop_index(batch_op.f("ix_salespeople_name"))

    op.drop_table("salespeople")
    with op.batch_alter_table("territories", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_territories_parent_id"))

    op.drop_table("territories")
    op.drop_table("products")
    op.drop_table("customer_groups")
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_log_record"))
        batch_op.drop_index(batch_op.f("ix_change_log_entity"))

    op.drop_table("change_log")
