"""team: salesperson role, customer assignments (backfilled from each customer's salesperson, from its
customer-since date), recruiting, training, review templates (the default one seeded), reviews

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate refers to sqlmodel.sql.sqltypes.AutoString)
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "courses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("topic", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("hours", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint("hours BETWEEN 0 AND 1000", name=op.f("ck_courses_hours_range")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_courses")),
        sa.UniqueConstraint("code", name=op.f("uq_courses_code")),
    )
    op.create_table(
        "review_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("period_kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.CheckConstraint(
            "period_kind IN ('month', 'quarter', 'half', 'year')",
            name=op.f("ck_review_templates_period_kind"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_templates")),
        sa.UniqueConstraint("code", name=op.f("uq_review_templates_code")),
    )
    op.create_table(
        "course_requirements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"], ["courses.id"], name=op.f("fk_course_requirements_course_id_courses")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_requirements")),
        sa.UniqueConstraint("course_id", "role", name="uq_course_requirements_course_role"),
    )
    with op.batch_alter_table("course_requirements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_course_requirements_course_id"), ["course_id"], unique=False)

    op.create_table(
        "openings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("territory_id", sa.Integer(), nullable=True),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("opened", sa.Date(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("closed", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "status IN ('open', 'on_hold', 'filled', 'cancelled')", name=op.f("ck_openings_status")
        ),
        sa.ForeignKeyConstraint(
            ["territory_id"], ["territories.id"], name=op.f("fk_openings_territory_id_territories")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_openings")),
        sa.UniqueConstraint("number", name=op.f("uq_openings_number")),
    )
    with op.batch_alter_table("openings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_openings_territory_id"), ["territory_id"], unique=False)

    op.create_table(
        "template_kpis",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("target", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("floor", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("kind IN ('builtin', 'manual')", name=op.f("ck_template_kpis_kind")),
        sa.CheckConstraint("weight BETWEEN 0 AND 1000", name=op.f("ck_template_kpis_weight_range")),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["review_templates.id"],
            name=op.f("fk_template_kpis_template_id_review_templates"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_template_kpis")),
        sa.UniqueConstraint("template_id", "key", name="uq_template_kpis_template_key"),
    )
    op.create_table(
        "attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("trainer", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("salesperson_id", sa.Integer(), nullable=False),
        sa.Column("attended", sa.Boolean(), nullable=False),
        sa.Column("completed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["course_id"], ["courses.id"], name=op.f("fk_attendance_course_id_courses")),
        sa.ForeignKeyConstraint(
            ["salesperson_id"], ["salespeople.id"], name=op.f("fk_attendance_salesperson_id_salespeople")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance")),
        sa.UniqueConstraint(
            "course_id", "date", "salesperson_id", name="uq_attendance_course_date_salesperson"
        ),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_date"), ["date"], unique=False)
        batch_op.create_index(batch_op.f("ix_attendance_salesperson_id"), ["salesperson_id"], unique=False)

    op.create_table(
        "candidates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("opening_id", sa.Integer(), nullable=True),
        sa.Column("stage", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("applied", sa.Date(), nullable=False),
        sa.Column("stage_date", sa.Date(), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("salesperson_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "stage IN ('applied', 'screened', 'interviewed', 'offer', 'hired', 'rejected')",
            name=op.f("ck_candidates_stage"),
        ),
        sa.ForeignKeyConstraint(
            ["opening_id"], ["openings.id"], name=op.f("fk_candidates_opening_id_openings")
        ),
        sa.ForeignKeyConstraint(
            ["salesperson_id"], ["salespeople.id"], name=op.f("fk_candidates_salesperson_id_salespeople")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidates")),
        sa.UniqueConstraint("number", name=op.f("uq_candidates_number")),
    )
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_candidates_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_candidates_opening_id"), ["opening_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_candidates_salesperson_id"), ["salesperson_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_candidates_stage"), ["stage"], unique=False)

    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("salesperson_id", sa.Integer(), nullable=False),
        sa.Column("period", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("comments", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("strengths", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("overall", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("rating", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("started_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("finalized_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.CheckConstraint("status IN ('draft', 'final')", name=op.f("ck_reviews_status")),
        sa.ForeignKeyConstraint(
            ["salesperson_id"], ["salespeople.id"], name=op.f("fk_reviews_salesperson_id_salespeople")
        ),
        sa.ForeignKeyConstraint(
            ["template_id"], ["review_templates.id"], name=op.f("fk_reviews_template_id_review_templates")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
        sa.UniqueConstraint("salesperson_id", "period", name="uq_reviews_salesperson_period"),
    )
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reviews_period"), ["period"], unique=False)
        batch_op.create_index(batch_op.f("ix_reviews_template_id"), ["template_id"], unique=False)

    op.create_table(
        "customer_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("salesperson_id", sa.Integer(), nullable=True),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("recorded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_customer_assignments_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["salesperson_id"],
            ["salespeople.id"],
            name=op.f("fk_customer_assignments_salesperson_id_salespeople"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_assignments")),
    )
    with op.batch_alter_table("customer_assignments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_customer_assignments_customer_start", ["customer_id", "start"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_customer_assignments_salesperson_id"), ["salesperson_id"], unique=False
        )

    op.create_table(
        "review_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.CheckConstraint("status IN ('open', 'done')", name=op.f("ck_review_actions_status")),
        sa.ForeignKeyConstraint(
            ["review_id"], ["reviews.id"], name=op.f("fk_review_actions_review_id_reviews")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_actions")),
    )
    with op.batch_alter_table("review_actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_actions_review_id"), ["review_id"], unique=False)

    op.create_table(
        "review_kpis",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("target", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("floor", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("manual_score", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("score", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.CheckConstraint("kind IN ('builtin', 'manual')", name=op.f("ck_review_kpis_kind")),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"], name=op.f("fk_review_kpis_review_id_reviews")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_kpis")),
        sa.UniqueConstraint("review_id", "key", name="uq_review_kpis_review_key"),
    )
    with op.batch_alter_table("salespeople", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("role", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default="sales_rep")
        )
    op.execute(
        "INSERT INTO customer_assignments (customer_id, salesperson_id, start, note) "
        "SELECT id, salesperson_id, customer_since, '' FROM customers WHERE salesperson_id IS NOT NULL"
    )
    templates = sa.table(
        "review_templates", sa.column("id"), sa.column("code"), sa.column("name"), sa.column("period_kind")
    )
    op.bulk_insert(
        templates, [{"id": 1, "code": "default", "name": "Quarterly review", "period_kind": "quarter"}]
    )
    kpis = sa.table(
        "template_kpis",
        *(
            sa.column(c)
            for c in ("template_id", "key", "label", "kind", "weight", "target", "floor", "position")
        ),
    )
    defaults = [
        ("sales_attainment", "builtin", 300, "100", "70"),
        ("overdue_receivables", "builtin", 150, "5", "25"),
        ("visit_compliance", "builtin", 150, "90", "50"),
        ("complaints_in_sla", "builtin", 100, "95", "60"),
        ("expense_ratio", "builtin", 100, "3", "8"),
        ("new_customers", "builtin", 100, "3", "0"),
        ("teamwork", "manual", 50, "5", "0"),
        ("product_knowledge", "manual", 50, "5", "0"),
    ]
    op.bulk_insert(
        kpis,
        [
            {
                "template_id": 1,
                "key": k,
                "label": "",
                "kind": kind,
                "weight": w,
                "target": t,
                "floor": f,
                "position": i,
            }
            for i, (k, kind, w, t, f) in enumerate(defaults)
        ],
    )


def downgrade() -> None:
    with op.batch_alter_table("salespeople", schema=None) as batch_op:
        batch_op.drop_column("role")

    op.drop_table("review_kpis")
    with op.batch_alter_table("review_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_actions_review_id"))

    op.drop_table("review_actions")
    with op.batch_alter_table("customer_assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customer_assignments_salesperson_id"))
        batch_op.drop_index("ix_customer_assignments_customer_start")

    op.drop_table("customer_assignments")
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reviews_template_id"))
        batch_op.drop_index(batch_op.f("ix_reviews_period"))

    op.drop_table("reviews")
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_candidates_stage"))
        batch_op.drop_index(batch_op.f("ix_candidates_salesperson_id"))
        batch_op.drop_index(batch_op.f("ix_candidates_opening_id"))
        batch_op.drop_index(batch_op.f("ix_candidates_name"))

    op.drop_table("candidates")
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_salesperson_id"))
        batch_op.drop_index(batch_op.f("ix_attendance_date"))

    op.drop_table("attendance")
    op.drop_table("template_kpis")
    with op.batch_alter_table("openings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_openings_territory_id"))

    op.drop_table("openings")
    with op.batch_alter_table("course_requirements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_course_requirements_course_id"))

    op.drop_table("course_requirements")
    op.drop_table("review_templates")
    op.drop_table("courses")
