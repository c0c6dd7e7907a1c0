"""Review templates and performance reviews: start, score, comment, suggest actions, finalize, reopen;
reviews due, each person's history and the team's ranking. Plain dataclasses out, never ORM objects."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlmodel import Session

from salesdesk.core.errors import DataError
from salesdesk.core.history import ChangeLog, record_change
from salesdesk.core.i18n import _
from salesdesk.org.models import Customer, Salesperson, Territory
from salesdesk.team import kpis, rules
from salesdesk.team.models import Review, ReviewAction, ReviewKpi, ReviewTemplate, TemplateKpi

DEFAULT_TEMPLATE = "default"
_Q = Decimal("0.0001")

# --------------------------------------------------------------------------- templates


@dataclass(frozen=True)
class TemplateLine:
    key: str
    label: str
    kind: str
    weight: int
    target: Decimal
    floor: Decimal


@dataclass(frozen=True)
class TemplateView:
    code: str
    name: str
    period_kind: str
    kpis: list[TemplateLine]


def _template(session: Session, code: str | None) -> ReviewTemplate:
    code = (code or DEFAULT_TEMPLATE).strip()
    t = session.execute(select(ReviewTemplate).where(ReviewTemplate.code == code)).scalars().first()
    if t is None:
        raise DataError("template", code, _("no review template has this code"))
    return t


def _template_kpis(session: Session, template_id: int) -> list[TemplateKpi]:
    stmt = select(TemplateKpi).where(TemplateKpi.template_id == template_id).order_by(TemplateKpi.position)
    return list(session.execute(stmt).scalars().all())


#: What a KPI line carries from a template to a new template or a review.
_KPI_FIELDS = ("key", "label", "kind", "weight", "target", "floor", "position")


def _copy_kpi(k: TemplateKpi, model: type, **owner: int):  # noqa: ANN202
    """A template's KPI line as a line of ``model`` (a template's or a review's), owned by ``owner``."""
    return model(**owner, **{f: getattr(k, f) for f in _KPI_FIELDS})


def get_template(*, session: Session, code: str | None = None) -> TemplateView:
    t = _template(session, code)
    lines = [
        TemplateLine(
            k.key, rules.kpi_label(k.key, k.label), k.kind, k.weight, Decimal(k.target), Decimal(k.floor)
        )
        for k in _template_kpis(session, t.id)
    ]
    return TemplateView(t.code, t.name, t.period_kind, lines)


def list_templates(*, session: Session) -> list[TemplateView]:
    codes = session.execute(select(ReviewTemplate.code).order_by(ReviewTemplate.code)).scalars().all()
    return [get_template(session=session, code=c) for c in codes]


def add_template(
    *, session: Session, code: str, name: str, period_kind: str, copy_from: str | None, now: datetime
) -> str:
    """A new template for periods of ``period_kind``, its KPIs (weights, targets, floors) copied from
    ``copy_from`` (default the default template), to be tuned with ``set_weights`` and ``set_kpi``."""
    from salesdesk.org import rules as org_rules

    code = org_rules.clean_code(code)
    if session.execute(select(ReviewTemplate.id).where(ReviewTemplate.code == code)).scalar() is not None:
        raise DataError("code", code, _("already exists"))
    if period_kind not in rules.PERIOD_KINDS:
        raise DataError(
            "period_kind",
            period_kind,
            _("must be one of: {choices}").format(choices=", ".join(rules.PERIOD_KINDS)),
        )
    try:
        source = _template(session, copy_from)
    except DataError as exc:
        raise DataError("copy_from", exc.value, exc.message) from None
    t = ReviewTemplate(
        code=code, name=org_rules.clean_text(name, "name", required=True), period_kind=period_kind
    )
    session.add(t)
    session.flush()
    for k in _template_kpis(session, source.id):
        session.add(_copy_kpi(k, TemplateKpi, template_id=t.id))
    _record_template(session, code, "template", None, source.code, now)
    session.flush()
    return code


def _record_template(session: Session, code: str, fld: str, old: object, new: object, now: datetime) -> None:
    record_change(
        session, entity="review_template", record=code, field=fld, old=old, new=new, when=now, note=""
    )


def set_weights(*, session: Session, code: str | None, weights: dict[str, str], now: datetime) -> None:
    """Replace the template's weights at once (``{"sales_attainment": "30", …}``): every KPI of the
    template gets one (missing ones 0) and together they must total 100 %."""
    t = _template(session, code)
    lines = {k.key: k for k in _template_kpis(session, t.id)}
    parsed: dict[str, int] = {}
    for key, text in weights.items():
        if key not in lines:
            raise DataError("weights", key, _("is not a KPI of template {code}").format(code=t.code))
        parsed[key] = rules.parse_weight(text, "weights")
    full = {key: parsed.get(key, 0) for key in lines}
    rules.check_weights(full)
    for key, line in lines.items():
        if line.weight != full[key]:
            _record_template(
                session,
                t.code,
                f"weight.{key}",
                rules.weight_text(line.weight),
                rules.weight_text(full[key]),
                now,
            )
            line.weight = full[key]
            session.add(line)
    session.flush()


def set_kpi(
    *,
    session: Session,
    code: str | None,
    key: str,
    target: str | None = None,
    floor: str | None = None,
    label: str | None = None,
    now: datetime,
) -> None:
    """Change a KPI's target, floor (the value scoring 0) or label."""
    t = _template(session, code)
    line = next((k for k in _template_kpis(session, t.id) if k.key == key), None)
    if line is None:
        raise DataError("kpi", key, _("is not a KPI of template {code}").format(code=t.code))
    if line.kind == "manual" and (target is not None or floor is not None):
        raise DataError("kpi", key, _("a manual KPI is scored 0–5 by the manager: it has no target"))
    new_target = rules.parse_number(target, "target") if target is not None else Decimal(line.target)
    new_floor = rules.parse_number(floor, "floor") if floor is not None else Decimal(line.floor)
    rules.check_target(new_target, new_floor, key)
    for fld, new in (("target", str(new_target)), ("floor", str(new_floor))):
        if getattr(line, fld) != new:
            _record_template(session, t.code, f"{fld}.{key}", getattr(line, fld), new, now)
            setattr(line, fld, new)
    if label is not None:
        line.label = label.strip()[:80]
    session.add(line)
    session.flush()


def add_kpi(*, session: Session, code: str | None, key: str, label: str, now: datetime) -> None:
    """Add a manual KPI (weight 0 until the weights are set again)."""
    t = _template(session, code)
    key = rules.check_key(key, "key")
    lines = _template_kpis(session, t.id)
    if key in rules.BUILTIN or any(k.key == key for k in lines):
        raise DataError("key", key, _("the template already has this KPI"))
    if not (label or "").strip():
        raise DataError("label", label or "", _("is required"))
    session.add(
        TemplateKpi(
            template_id=t.id,
            key=key,
            label=label.strip()[:80],
            kind="manual",
            weight=0,
            target="5",
            floor="0",
            position=max((k.position for k in lines), default=0) + 1,
        )
    )
    _record_template(session, t.code, "kpi", None, key, now)
    session.flush()


# --------------------------------------------------------------------------- reviews


@dataclass(frozen=True)
class KpiLine:
    key: str
    label: str
    kind: str
    weight: int
    target: Decimal | None
    floor: Decimal | None
    value: Decimal | None
    score: Decimal | None
    #: Share of the overall score after spreading the weight of KPIs without data (percent).
    effective_weight: Decimal | None
    source: dict


@dataclass(frozen=True)
class ActionRow:
    id: int
    action: str
    due: date
    status: str


@dataclass(frozen=True)
class ReviewView:
    salesperson: str
    name: str
    period: str
    start: date
    end: date
    as_of: date
    status: str
    template: str
    kpis: list[KpiLine]
    overall: Decimal | None
    rating: str | None
    comments: str
    strengths: str
    actions: list[ActionRow]
    finalized_at: datetime | None
    history: list[tuple[datetime, str | None, str | None, str]]


def _salesperson(session: Session, code: str) -> Salesperson:
    sp = (
        session.execute(select(Salesperson).where(Salesperson.code == (code or "").strip())).scalars().first()
    )
    if sp is None:
        raise DataError("salesperson", code, _("no salesperson has this code"))
    return sp


def _review(session: Session, salesperson: str, period: str) -> tuple[Review, Salesperson]:
    sp = _salesperson(session, salesperson)
    p = rules.parse_period(period)
    r = (
        session.execute(select(Review).where(Review.salesperson_id == sp.id, Review.period == p.code))
        .scalars()
        .first()
    )
    if r is None:
        raise DataError(
            "period",
            p.code,
            _("{code} has no review for this period (start it with team review start)").format(code=sp.code),
        )
    return r, sp


def _record(r: Review, sp: Salesperson) -> str:
    return f"{sp.code}/{r.period}"


def start_review(
    *,
    session: Session,
    salesperson: str,
    period: str,
    today: date,
    now: datetime,
    template: str | None = None,
) -> str:
    """Start ``salesperson``'s review for ``period`` from a template (its KPIs copied into the review)."""
    sp = _salesperson(session, salesperson)
    p = rules.parse_period(period)
    t = _template(session, template)
    if p.kind != t.period_kind:
        raise DataError(
            "period",
            p.code,
            _("template {code} reviews periods of one {kind}").format(
                code=t.code, kind=rules.word(rules.PERIOD_KIND_LABELS, t.period_kind)
            ),
        )
    if p.start > today:
        raise DataError("period", p.code, _("has not started yet (it starts on {day})").format(day=p.start))
    if sp.status == "left":
        raise DataError("salesperson", sp.code, _("has left the company"))
    if sp.hire_date is not None and sp.hire_date > p.end:
        raise DataError("period", p.code, _("ends before {code} was hired").format(code=sp.code))
    exists = session.execute(
        select(Review.id).where(Review.salesperson_id == sp.id, Review.period == p.code)
    ).scalar()
    if exists is not None:
        raise DataError(
            "period", p.code, _("{code} already has a review for this period").format(code=sp.code)
        )
    review = Review(
        salesperson_id=sp.id, period=p.code, start=p.start, end=p.end, template_id=t.id, started_at=now
    )
    session.add(review)
    session.flush()
    for k in _template_kpis(session, t.id):
        session.add(_copy_kpi(k, ReviewKpi, review_id=review.id))
    record_change(
        session,
        entity="review",
        record=_record(review, sp),
        field="status",
        old=None,
        new="draft",
        when=now,
        note="",
    )
    session.flush()
    return p.code


def _lines(
    lines: list[ReviewKpi], live: dict[str, kpis.KpiValue] | None
) -> tuple[list[KpiLine], Decimal | None]:
    """The review's KPI lines with values and scores (live for a draft, stored for a final review), and
    the unrounded overall score."""
    scored = []
    for k in lines:
        target, floor = Decimal(k.target), Decimal(k.floor)
        if k.kind == "manual":
            value = Decimal(k.manual_score) if k.manual_score is not None else None
            score = value
            source: dict = {}
        elif live is not None:
            found = live.get(k.key, kpis.KpiValue(None))
            value, source = found.value, found.source
            score = rules.score(value, target, floor)
        else:
            value = Decimal(k.value) if k.value is not None else None
            score = Decimal(k.score) if k.score is not None else None
            source = {
                n: Decimal(v) if isinstance(v, str) else v
                for n, v in (json.loads(k.source) if k.source else {}).items()
            }
        scored.append((k, target, floor, value, score, source))
    parts = [rules.Line(k.key, k.weight, s) for k, _t, _f, _v, s, _src in scored]
    shares = rules.effective_weights(parts)
    out = [
        KpiLine(
            k.key,
            rules.kpi_label(k.key, k.label),
            k.kind,
            k.weight,
            None if k.kind == "manual" else t,
            None if k.kind == "manual" else f,
            v,
            s,
            shares[k.key],
            src,
        )
        for k, t, f, v, s, src in scored
    ]
    return out, rules.overall(parts)


def _review_kpis(session: Session, review_id: int) -> list[ReviewKpi]:
    stmt = (
        select(ReviewKpi).where(ReviewKpi.review_id == review_id).order_by(ReviewKpi.position, ReviewKpi.id)
    )
    return list(session.execute(stmt).scalars().all())


def _view(session: Session, r: Review, sp: Salesperson, today: date) -> ReviewView:
    period = rules.parse_period(r.period)
    stored = _review_kpis(session, r.id)
    live = None
    if r.status == "draft":
        live = kpis.values(session=session, period=period, today=today, people=[sp.id])[sp.id]
    lines, overall = _lines(stored, live)
    if r.status == "final":
        overall = Decimal(r.overall) if r.overall is not None else None
    actions = [
        ActionRow(a.id, a.action, a.due, a.status)
        for a in session.execute(
            select(ReviewAction)
            .where(ReviewAction.review_id == r.id)
            .order_by(ReviewAction.due, ReviewAction.id)
        )
        .scalars()
        .all()
    ]
    history = [
        (c.changed_at, c.old, c.new, c.note)
        for c in session.execute(
            select(ChangeLog)
            .where(
                ChangeLog.entity == "review", ChangeLog.record == _record(r, sp), ChangeLog.field == "status"
            )
            .order_by(ChangeLog.id)
        )
        .scalars()
        .all()
    ]
    return ReviewView(
        sp.code,
        sp.name,
        r.period,
        r.start,
        r.end,
        period.as_of(today),
        r.status,
        session.get(ReviewTemplate, r.template_id).code if r.template_id else "",
        lines,
        overall,
        r.rating if r.status == "final" else rules.rating(overall),
        r.comments,
        r.strengths,
        actions,
        r.finalized_at,
        history,
    )


def get_review(*, session: Session, salesperson: str, period: str, today: date) -> ReviewView:
    r, sp = _review(session, salesperson, period)
    return _view(session, r, sp, today)


def _editable(r: Review, sp: Salesperson) -> None:
    if r.status == "final":
        raise DataError(
            "period",
            r.period,
            _("the review of {code} for {period} is final (reopen it to change it)").format(
                code=sp.code, period=r.period
            ),
        )


def score_kpi(*, session: Session, salesperson: str, period: str, kpi: str, score: str) -> None:
    """The manager's score (0–5, one decimal) of a manual KPI of a draft review."""
    r, sp = _review(session, salesperson, period)
    _editable(r, sp)
    line = next((k for k in _review_kpis(session, r.id) if k.key == kpi), None)
    if line is None:
        raise DataError("kpi", kpi, _("is not a KPI of this review"))
    if line.kind != "manual":
        raise DataError("kpi", kpi, _("is computed from the data; only manual KPIs take a score"))
    line.manual_score = str(rules.check_manual_score(score))
    session.add(line)
    session.flush()


def write_notes(
    *,
    session: Session,
    salesperson: str,
    period: str,
    comments: str | None = None,
    strengths: str | None = None,
) -> None:
    r, sp = _review(session, salesperson, period)
    _editable(r, sp)
    if comments is not None:
        r.comments = comments.strip()[:4000]
    if strengths is not None:
        r.strengths = strengths.strip()[:4000]
    session.add(r)
    session.flush()


def add_action(*, session: Session, salesperson: str, period: str, action: str, due: date | None) -> int:
    """An improvement suggestion: an action with a due date (not before the period's start)."""
    r, sp = _review(session, salesperson, period)
    _editable(r, sp)
    text = (action or "").strip()
    if not text:
        raise DataError("action", action or "", _("is required"))
    if due is None:
        raise DataError("due", "", _("is required (an action has a due date)"))
    if due < r.start:
        raise DataError("due", due.isoformat(), _("comes before the period starts"))
    a = ReviewAction(review_id=r.id, action=text[:400], due=due)
    session.add(a)
    session.flush()
    return a.id


def set_action_status(*, session: Session, action_id: int, status: str) -> None:
    """An improvement action done (or open again); allowed on a final review: it is follow-up."""
    a = session.get(ReviewAction, action_id)
    if a is None:
        raise DataError("number", str(action_id), _("no review action has this number"))
    if status not in ("open", "done"):
        raise DataError("status", status, _("must be one of: {choices}").format(choices="open, done"))
    a.status = status
    session.add(a)
    session.flush()


def finalize(*, session: Session, salesperson: str, period: str, today: date, now: datetime) -> ReviewView:
    """Store the KPI values, scores, overall score and band, and make the review read-only. The period
    must have ended and every manual KPI with a weight must be scored."""
    r, sp = _review(session, salesperson, period)
    rules.check_transition(rules.REVIEW_TRANSITIONS, r.status, "final", "status")
    if r.end >= today:
        raise DataError(
            "period", r.period, _("has not ended yet (it ends on {day})").format(day=r.end.isoformat())
        )
    stored = _review_kpis(session, r.id)
    missing = [k.key for k in stored if k.kind == "manual" and k.weight > 0 and k.manual_score is None]
    if missing:
        raise DataError("kpi", ", ".join(missing), _("score these manual KPIs first"))
    view = _view(session, r, sp, today)
    by_key = {ln.key: ln for ln in view.kpis}
    for k in stored:
        ln = by_key[k.key]
        k.value = None if ln.value is None else str(ln.value.quantize(_Q))
        k.score = None if ln.score is None else str(ln.score.quantize(_Q))
        k.source = json.dumps({n: str(v) if isinstance(v, Decimal) else v for n, v in ln.source.items()})
        session.add(k)
    if view.overall is None:
        raise DataError("period", r.period, _("no KPI of this review has data or a score"))
    # overall and band from the stored (4-decimal) scores, so a final review reads back the same
    parts = [rules.Line(k.key, k.weight, Decimal(k.score) if k.score is not None else None) for k in stored]
    overall = rules.overall(parts)
    r.overall = str(overall.quantize(_Q)) if overall is not None else None
    r.rating = rules.rating(overall)
    r.status = "final"
    r.finalized_at = now
    session.add(r)
    record_change(
        session,
        entity="review",
        record=_record(r, sp),
        field="status",
        old="draft",
        new="final",
        when=now,
        note="",
    )
    session.flush()
    return _view(session, r, sp, today)


def reopen(*, session: Session, salesperson: str, period: str, reason: str, now: datetime) -> None:
    """A final review back to draft, recorded with the reason (its values are read live again)."""
    r, sp = _review(session, salesperson, period)
    rules.check_transition(rules.REVIEW_TRANSITIONS, r.status, "draft", "status")
    if not (reason or "").strip():
        raise DataError("reason", reason or "", _("is required: say why the review is reopened"))
    r.status = "draft"
    r.overall = None
    r.rating = None
    r.finalized_at = None
    session.add(r)
    record_change(
        session,
        entity="review",
        record=_record(r, sp),
        field="status",
        old="final",
        new="draft",
        when=now,
        note=reason.strip(),
    )
    session.flush()


# --------------------------------------------------------------------------- lists


@dataclass(frozen=True)
class DueRow:
    salesperson: str
    name: str
    period: str
    end: date
    status: str  # not_started | draft


def _eligible(session: Session, p: rules.Period) -> list[Salesperson]:
    """Salespeople to review for ``p``: not gone, hired by its end."""
    people = session.execute(
        select(Salesperson).where(Salesperson.status != "left").order_by(Salesperson.code)
    )
    return [sp for sp in people.scalars().all() if sp.hire_date is None or sp.hire_date <= p.end]


def reviews_due(*, session: Session, today: date, template: str | None = None) -> list[DueRow]:
    """Reviews whose period has ended and that are not final: drafts of any ended period, and everyone
    without a final review for the last ended period."""
    t = _template(session, template)
    last = rules.previous(rules.period_of(t.period_kind, today))
    reviews = session.execute(
        select(Review, Salesperson).join(Salesperson, Salesperson.id == Review.salesperson_id)
    ).all()
    out: dict[tuple[str, str], DueRow] = {}
    have = {(sp.id, r.period): r for r, sp in reviews}
    for r, sp in reviews:
        if r.status == "draft" and r.end < today:
            out[(sp.code, r.period)] = DueRow(sp.code, sp.name, r.period, r.end, "draft")
    for sp in _eligible(session, last):
        if (sp.id, last.code) not in have:
            out[(sp.code, last.code)] = DueRow(sp.code, sp.name, last.code, last.end, "not_started")
    return sorted(out.values(), key=lambda d: (d.end, d.salesperson))


@dataclass(frozen=True)
class HistoryRow:
    period: str
    status: str
    overall: Decimal | None
    rating: str | None
    change: Decimal | None


def review_history(*, session: Session, salesperson: str) -> list[HistoryRow]:
    """A salesperson's reviews oldest first: final ones with their stored score, and the change since the
    previous final one (the trend)."""
    sp = _salesperson(session, salesperson)
    rows = (
        session.execute(select(Review).where(Review.salesperson_id == sp.id).order_by(Review.start))
        .scalars()
        .all()
    )
    out = []
    previous: Decimal | None = None
    for r in rows:
        overall = Decimal(r.overall) if r.overall is not None else None
        change = overall - previous if overall is not None and previous is not None else None
        out.append(HistoryRow(r.period, r.status, overall, r.rating, change))
        if overall is not None:
            previous = overall
    return out


@dataclass(frozen=True)
class RankRow:
    rank: int | None
    salesperson: str
    name: str
    review: str | None  # draft | final | None
    overall: Decimal | None
    rating: str | None
    values: dict[str, Decimal | None]


def ranking(
    *, session: Session, period: str | None, today: date, template: str | None = None
) -> tuple[str, list[RankRow]]:
    """The team for a period (default the current one) ranked by overall score: a final review's stored
    score, else the live score of its draft (or of the template, manual KPIs unscored)."""
    t = _template(session, template)
    p = rules.parse_period(period) if period else rules.period_of(t.period_kind, today)
    people = _eligible(session, p)
    reviews = {
        r.salesperson_id: r
        for r in session.execute(select(Review).where(Review.period == p.code)).scalars().all()
    }
    pending = [sp.id for sp in people if sp.id not in reviews or reviews[sp.id].status != "final"]
    # a final review reads its stored values: only the others are computed
    live = kpis.values(session=session, period=p, today=today, people=pending) if pending else {}
    template_lines = _template_kpis(session, t.id)
    rows = []
    for sp in people:
        r = reviews.get(sp.id)
        if r is not None and r.status == "final":
            lines, _o = _lines(_review_kpis(session, r.id), None)
            overall = Decimal(r.overall) if r.overall is not None else None
        else:
            source = (
                _review_kpis(session, r.id)
                if r is not None
                else [_copy_kpi(k, ReviewKpi, review_id=0) for k in template_lines]
            )
            lines, overall = _lines(source, live[sp.id])
        rows.append(
            RankRow(
                None,
                sp.code,
                sp.name,
                r.status if r is not None else None,
                overall,
                rules.rating(overall),
                {ln.key: ln.value for ln in lines},
            )
        )
    rows.sort(key=lambda x: (x.overall is None, -(x.overall or 0), x.salesperson))
    ranked = [replace(row, rank=i if row.overall is not None else None) for i, row in enumerate(rows, 1)]
    return p.code, ranked


# --------------------------------------------------------------------------- roster


@dataclass(frozen=True)
class RosterRow:
    code: str
    name: str
    role: str
    territory: str | None
    hire_date: date | None
    status: str
    customers: int
    values: dict[str, Decimal | None]
    overall: Decimal | None
    review: str | None


def roster(
    *, session: Session, today: date, period: str | None = None, ranked: list[RankRow] | None = None
) -> tuple[str, list[RosterRow]]:
    """Every salesperson (those who left last) with the current period's KPI values side by side (from
    ``ranked``, the period's ranking, when the caller has it already)."""
    if ranked is None:
        code, ranked = ranking(session=session, period=period, today=today)
    else:
        code = rules.parse_period(period).code if period else ""
    by_code = {r.salesperson: r for r in ranked}
    zones = dict(session.execute(select(Territory.id, Territory.code)).all())
    counts = dict(
        session.execute(
            select(Customer.salesperson_id, func.count())
            .where(Customer.salesperson_id.is_not(None))
            .group_by(Customer.salesperson_id)
        ).all()
    )
    people = (
        session.execute(select(Salesperson).order_by(Salesperson.status == "left", Salesperson.code))
        .scalars()
        .all()
    )
    rows = []
    for sp in people:
        r = by_code.get(sp.code)
        rows.append(
            RosterRow(
                sp.code,
                sp.name,
                sp.role,
                zones.get(sp.territory_id),
                sp.hire_date,
                sp.status,
                counts.get(sp.id, 0),
                r.values if r else {},
                r.overall if r else None,
                r.review if r else None,
            )
        )
    return code, rows


@dataclass(frozen=True)
class Profile:
    code: str
    name: str
    email: str
    phone: str
    role: str
    territory: str | None
    hire_date: date | None
    status: str
    customers: int
    #: (when, field, old, new, note): role, territory and status changes, newest first.
    changes: list[tuple[datetime, str, str | None, str | None, str]]
    reviews: list[HistoryRow]
    #: (course code, name, completed date) of the courses completed.
    completed: list[tuple[str, str, date]]
    missing: list[str]


def profile(*, session: Session, salesperson: str) -> Profile:
    """One salesperson: fields, customers, the history of role, territory and status, reviews and
    training (what is completed, which required course is missing)."""
    from salesdesk.core.history import history
    from salesdesk.team import people
    from salesdesk.team.models import Attendance, Course

    sp = _salesperson(session, salesperson)
    zone = session.get(Territory, sp.territory_id).code if sp.territory_id else None
    customers = session.execute(select(func.count()).where(Customer.salesperson_id == sp.id)).scalar() or 0
    changes = [
        (c.changed_at, c.field, c.old, c.new, c.note)
        for c in history(session, entity="salesperson", record=sp.code)
        if c.field in ("role", "territory", "status")
    ]
    done: dict[str, tuple[str, date]] = {}
    stmt = (
        select(Course.code, Course.name, Attendance.date)
        .join(Course, Course.id == Attendance.course_id)
        .where(Attendance.salesperson_id == sp.id, Attendance.completed)
    )
    for code, name, day in session.execute(stmt).all():
        if code not in done or done[code][1] < day:
            done[code] = (name, day)
    lacking = next(
        (lack for code, _n, lack in people.matrix(session=session).missing() if code == sp.code), []
    )
    return Profile(
        sp.code,
        sp.name,
        sp.email,
        sp.phone,
        sp.role,
        zone,
        sp.hire_date,
        sp.status,
        customers,
        changes,
        review_history(session=session, salesperson=sp.code),
        sorted((c, n, d) for c, (n, d) in done.items()),
        lacking,
    )
