"""expenses: categories with their budget actions (the default list seeded), monthly budgets by category
and salesperson, expenses, discount requests

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

#: The default categories (codes, English names; the program translates them), in display order.
CATEGORIES = [
    ("travel", "Travel"),
    ("meals", "Meals & entertainment"),
    ("samples", "Samples"),
    ("events", "Trade shows & events"),
    ("vehicle", "Vehicle & fuel"),
    ("training", "Training"),
    ("other", "Other"),
    ("discounts", "Discounts"),
]


def _integer(column: str, name: str) -> list[sa.CheckConstraint]:
    """On SQLite, a CHECK that a money column holds an integer (other backends have real types)."""
    if op.get_bind().dialect.name != "sqlite":
        return []
    return [sa.CheckConstraint(f"{column} IS NULL OR typeof({column}) = 'integer'", name=op.f(name))]


def upgrade() -> None:
    categories = op.create_table(
        "expense_categories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("annual_action", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("monthly_action", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.CheckConstraint(
            "annual_action IN ('stop', 'warn', 'ignore')", name=op.f("ck_expense_categories_annual_action")
        ),
        sa.CheckConstraint(
            "monthly_action IN ('stop', 'warn', 'ignore')", name=op.f("ck_expense_categories_monthly_action")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expense_categories")),
        sa.UniqueConstraint("code", name=op.f("uq_expense_categories_code")),
    )
    op.create_table(
        "expense_budgets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("salesperson_id", sa.Integer(), nullable=True),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        *_integer("amount", "ck_expense_budgets_amount_integer"),
        sa.CheckConstraint("amount >= 0", name=op.f("ck_expense_budgets_amount_positive")),
        sa.CheckConstraint("month BETWEEN 1 AND 12", name=op.f("ck_expense_budgets_month_range")),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["expense_categories.id"],
            name=op.f("fk_expense_budgets_category_id_expense_categories"),
        ),
        sa.ForeignKeyConstraint(
            ["salesperson_id"], ["salespeople.id"], name=op.f("fk_expense_budgets_salesperson_id_salespeople")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expense_budgets")),
        sa.UniqueConstraint("year", "category_id", "salesperson_id", "month", name="cell"),
    )
    with op.batch_alter_table("expense_budgets", schema=None) as batch_op:
        batch_op.create_index(
            "ux_expense_budgets_team_cell",
            ["year", "category_id", "month"],
            unique=True,
            sqlite_where=sa.text("salesperson_id IS NULL"),
            postgresql_where=sa.text("salesperson_id IS NULL"),
        )
        batch_op.create_index(batch_op.f("ix_expense_budgets_category_id"), ["category_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_expense_budgets_salesperson_id"), ["salesperson_id"], unique=False
        )

    op.create_table(
        "expenses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("salesperson_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("receipt", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("approver_note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("override_reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("decided_at", sa.Date(), nullable=True),
        *_integer("amount", "ck_expenses_amount_integer"),
        sa.CheckConstraint(
            "status IN ('submitted', 'approved', 'rejected', 'reimbursed')", name=op.f("ck_expenses_status")
        ),
        sa.CheckConstraint("amount > 0", name=op.f("ck_expenses_amount_positive")),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["expense_categories.id"],
            name=op.f("fk_expenses_category_id_expense_categories"),
        ),
        sa.ForeignKeyConstraint(
            ["salesperson_id"], ["salespeople.id"], name=op.f("fk_expenses_salesperson_id_salespeople")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expenses")),
        sa.UniqueConstraint("number", name=op.f("uq_expenses_number")),
    )
    with op.batch_alter_table("expenses", schema=None) as batch_op:
        batch_op.create_index(
            "ix_expenses_category_date",
            ["category_id", "date", "salesperson_id", "status", "amount"],
            unique=False,
        )
        batch_op.create_index(
            "ix_expenses_date_spending",
            ["date", "category_id", "salesperson_id", "status", "amount"],
            unique=False,
        )
        batch_op.create_index("ix_expenses_salesperson_date", ["salesperson_id", "date"], unique=False)
        batch_op.create_index(batch_op.f("ix_expenses_status"), ["status"], unique=False)

    op.create_table(
        "discount_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("order_number", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("gross", sa.BigInteger(), nullable=False),
        sa.Column("discount_pct", sa.BigInteger(), nullable=False),
        sa.Column("salesperson_id", sa.Integer(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("level", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("decision_note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("override_reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("decided_at", sa.Date(), nullable=True),
        *_integer("discount_pct", "ck_discount_requests_discount_pct_integer"),
        *_integer("gross", "ck_discount_requests_gross_integer"),
        sa.CheckConstraint(
            "level IS NULL OR level IN ('salesperson', 'manager', 'director')",
            name=op.f("ck_discount_requests_level"),
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'rejected', 'escalated')",
            name=op.f("ck_discount_requests_status"),
        ),
        sa.CheckConstraint(
            "discount_pct > 0 AND discount_pct <= 10000", name=op.f("ck_discount_requests_discount_range")
        ),
        sa.CheckConstraint("gross > 0", name=op.f("ck_discount_requests_gross_positive")),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_discount_requests_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_discount_requests_product_id_products")
        ),
        sa.ForeignKeyConstraint(
            ["salesperson_id"],
            ["salespeople.id"],
            name=op.f("fk_discount_requests_salesperson_id_salespeople"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_discount_requests")),
        sa.UniqueConstraint("number", name=op.f("uq_discount_requests_number")),
    )
    with op.batch_alter_table("discount_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_discount_requests_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_discount_requests_date"), ["date"], unique=False)
        batch_op.create_index(batch_op.f("ix_discount_requests_product_id"), ["product_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_discount_requests_salesperson_id"), ["salesperson_id"], unique=False
        )
        batch_op.create_index("ix_discount_requests_status_date", ["status", "date"], unique=False)

    op.bulk_insert(
        categories,
        [
            {
                "code": c,
                "name": n,
                "position": i,
                "active": True,
                "annual_action": "stop",
                "monthly_action": "warn",
            }
            for i, (c, n) in enumerate(CATEGORIES, start=1)
        ],
    )


def downgrade() -> None:
    with op.batch_alter_table("discount_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_discount_requests_status_date")
        batch_op.drop_index(batch_op.f("ix_discount_requests_salesperson_id"))
        batch_op.drop_index(batch_op.f("ix_discount_requests_product_id"))
        batch_op.drop_index(batch_op.f("ix_discount_requests_date"))
        batch_op.drop_index(batch_op.f("ix_discount_requests_customer_id"))

    op.drop_table("discount_requests")
    with op.batch_alter_table("expenses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_expenses_status"))
        batch_op.drop_index("ix_expenses_salesperson_date")
        batch_op.drop_index("ix_expenses_date_spending")
        batch_op.drop_index("ix_expenses_category_date")

    op.drop_table("expenses")
    with op.batch_alter_table("expense_budgets", schema=None) as batch_op:
        batch_op.drop_index("ux_expense_budgets_team_cell")
        batch_op.drop_index(batch_op.f("ix_expense_budgets_salesperson_id"))
        batch_op.drop_index(batch_op.f("ix_expense_budgets_category_id"))

    op.drop_table("expense_budgets")
    op.drop_table("expense_categories")
