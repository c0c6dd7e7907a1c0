"""The team room's records: recruiting (openings, candidates), training (courses, required courses per
role, sessions, attendance) and performance reviews (templates of weighted KPIs, reviews, their KPI lines
and improvement actions).

Scores, targets and floors are exact decimals kept as text (``"3.75"``); weights are tenths of a percent
(``250`` = 25.0 %), so a template's weights add up exactly."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel


def _fk(target: str, *, nullable: bool = True, index: bool = True) -> Column:
    return Column(Integer, ForeignKey(target), nullable=nullable, index=index)


class Opening(SQLModel, table=True):
    """A job opening: open → on hold / filled / cancelled."""

    __tablename__ = "openings"
    __table_args__ = (CheckConstraint("status IN ('open', 'on_hold', 'filled', 'cancelled')", name="status"),)

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(unique=True)
    title: str
    territory_id: int | None = Field(default=None, sa_column=_fk("territories.id"))
    role: str = "sales_rep"
    opened: dt.date
    status: str = "open"
    closed: dt.date | None = None


class Candidate(SQLModel, table=True):
    """Someone applying: applied → screened → interviewed → offer → hired, or rejected on the way."""

    __tablename__ = "candidates"
    __table_args__ = (
        CheckConstraint(
            "stage IN ('applied', 'screened', 'interviewed', 'offer', 'hired', 'rejected')", name="stage"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(unique=True)
    name: str = Field(index=True)
    email: str = ""
    phone: str = ""
    source: str = ""
    opening_id: int | None = Field(default=None, sa_column=_fk("openings.id"))
    stage: str = Field(default="applied", index=True)
    applied: dt.date
    #: When the current stage was reached (None: still the application date).
    stage_date: dt.date | None = None
    notes: str = ""
    #: The salesperson hiring created.
    salesperson_id: int | None = Field(default=None, sa_column=_fk("salespeople.id"))


class Course(SQLModel, table=True):
    __tablename__ = "courses"
    __table_args__ = (CheckConstraint("hours BETWEEN 0 AND 1000", name="hours_range"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True)
    name: str
    topic: str = ""
    hours: int = 0
    active: bool = True


class CourseRequirement(SQLModel, table=True):
    """A course every salesperson with ``role`` must have completed."""

    __tablename__ = "course_requirements"
    __table_args__ = (UniqueConstraint("course_id", "role", name="uq_course_requirements_course_role"),)

    id: int | None = Field(default=None, primary_key=True)
    course_id: int = Field(sa_column=_fk("courses.id", nullable=False))
    role: str


class Attendance(SQLModel, table=True):
    """One salesperson at one session of a course (course × date, with its trainer): attended, and
    whether they completed the course there."""

    __tablename__ = "attendance"
    __table_args__ = (
        UniqueConstraint("course_id", "date", "salesperson_id", name="uq_attendance_course_date_salesperson"),
    )

    id: int | None = Field(default=None, primary_key=True)
    course_id: int = Field(sa_column=_fk("courses.id", nullable=False, index=False))
    date: dt.date = Field(index=True)
    trainer: str = ""
    salesperson_id: int = Field(sa_column=_fk("salespeople.id", nullable=False))
    attended: bool = True
    completed: bool = False


class ReviewTemplate(SQLModel, table=True):
    """A set of weighted KPIs a review is started from, for periods of ``period_kind``."""

    __tablename__ = "review_templates"
    __table_args__ = (
        CheckConstraint("period_kind IN ('month', 'quarter', 'half', 'year')", name="period_kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True)
    name: str
    period_kind: str = "quarter"


class TemplateKpi(SQLModel, table=True):
    __tablename__ = "template_kpis"
    __table_args__ = (
        UniqueConstraint("template_id", "key", name="uq_template_kpis_template_key"),
        CheckConstraint("kind IN ('builtin', 'manual')", name="kind"),
        CheckConstraint("weight BETWEEN 0 AND 1000", name="weight_range"),
    )

    id: int | None = Field(default=None, primary_key=True)
    template_id: int = Field(sa_column=_fk("review_templates.id", nullable=False, index=False))
    key: str
    label: str = ""
    kind: str = "builtin"
    #: Tenths of a percent.
    weight: int = 0
    target: str = "5"
    floor: str = "0"
    position: int = 0


class Review(SQLModel, table=True):
    """One salesperson's review for one period: draft → final (reopening back to draft is recorded)."""

    __tablename__ = "reviews"
    __table_args__ = (
        UniqueConstraint("salesperson_id", "period", name="uq_reviews_salesperson_period"),
        CheckConstraint("status IN ('draft', 'final')", name="status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    salesperson_id: int = Field(sa_column=_fk("salespeople.id", nullable=False, index=False))
    #: "2026Q2", "2026H1", "2026-05" or "2026".
    period: str = Field(index=True)
    start: dt.date
    end: dt.date
    template_id: int | None = Field(default=None, sa_column=_fk("review_templates.id"))
    status: str = "draft"
    comments: str = ""
    strengths: str = ""
    #: Stored when finalized: the weighted score 0–5 and its band.
    overall: str | None = None
    rating: str | None = None
    started_at: dt.datetime | None = None
    finalized_at: dt.datetime | None = None


class ReviewKpi(SQLModel, table=True):
    """A KPI line of a review, copied from its template when started; value, score and source numbers are
    stored when the review is finalized (a draft reads them live)."""

    __tablename__ = "review_kpis"
    __table_args__ = (
        UniqueConstraint("review_id", "key", name="uq_review_kpis_review_key"),
        CheckConstraint("kind IN ('builtin', 'manual')", name="kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(sa_column=_fk("reviews.id", nullable=False, index=False))
    key: str
    label: str = ""
    kind: str = "builtin"
    weight: int = 0
    target: str = "5"
    floor: str = "0"
    position: int = 0
    #: A manual KPI's score given by the manager (0–5).
    manual_score: str | None = None
    value: str | None = None
    score: str | None = None
    #: JSON object of the numbers the value came from.
    source: str = ""


class ReviewAction(SQLModel, table=True):
    """An improvement suggestion of a review: an action with a due date."""

    __tablename__ = "review_actions"
    __table_args__ = (CheckConstraint("status IN ('open', 'done')", name="status"),)

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(sa_column=_fk("reviews.id", nullable=False))
    action: str
    due: dt.date
    status: str = "open"
