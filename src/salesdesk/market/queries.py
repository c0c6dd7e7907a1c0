"""The market room's reads and writes: prospects and their stage moves, conversion into customers, the
weighted pipeline and its statistics, campaigns and their results, customer development. Plain
dataclasses out; every rule comes from ``market.rules``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import case, func, or_, select
from sqlmodel import Session

from salesdesk.core.business import rule_values
from salesdesk.core.db import contains_text
from salesdesk.core.dbtypes import as_money
from salesdesk.core.errors import DataError
from salesdesk.core.history import record_change
from salesdesk.core.i18n import _
from salesdesk.core.money import measure
from salesdesk.market import room, rules
from salesdesk.market.models import Campaign, Prospect, StageMove
from salesdesk.org import rules as org_rules
from salesdesk.org.models import Customer, CustomerGroup, Salesperson, Territory

ZERO = Decimal("0.00")


def probabilities(session: Session) -> dict[str, Decimal]:
    return room.probabilities(rule_values(session, room.RULES))


def _rule(session: Session, key: str) -> Decimal:
    return rule_values(session, room.RULES)[key]


def stale_days(session: Session) -> int:
    return int(_rule(session, "market.stale_days"))


def inactive_days(session: Session) -> int:
    return int(_rule(session, "market.inactive_days"))


def _id_of(session: Session, model, code: str | None, field: str, what: str) -> int | None:  # noqa: ANN001
    """The id of the record with this code (trimmed), None for a blank one; an unknown code is refused."""
    from salesdesk.org.queries import _optional_id

    return _optional_id(session, model, (code or "").strip() or None, field, what)


def _owner(session: Session, code: str | None, field: str = "owner") -> int | None:
    found = _id_of(session, Salesperson, code, field, _("salesperson"))
    if found is not None:
        status = session.execute(select(Salesperson.status).where(Salesperson.id == found)).scalar()
        if status == "left":
            raise DataError(field, code, _("this salesperson has left"))
    return found


def _competitor(session: Session, code: str | None, field: str = "competitor") -> int | None:
    from salesdesk.intel.models import Competitor

    return _id_of(session, Competitor, code, field, _("competitor"))


def _codes(session: Session, model) -> dict[int, str]:  # noqa: ANN001
    return dict(session.execute(select(model.id, model.code)).all())


def _prospect(session: Session, number: str) -> Prospect:
    found = session.execute(select(Prospect).where(Prospect.number == number.strip())).scalar()
    if found is None:
        raise DataError("prospect", number, _("no prospect has this number"))
    return found


def _not_after_today(day: date, today: date, field: str) -> None:
    if day > today:
        raise DataError(field, day.isoformat(), _("is after today"))


# --------------------------------------------------------------------------- prospects


@dataclass(frozen=True)
class ProspectRow:
    number: str
    company: str
    contact: str
    territory: str | None
    group: str | None
    channel: str
    campaign: str | None
    value: Decimal
    stage: str
    probability: Decimal
    weighted: Decimal
    owner: str | None
    owner_name: str | None
    identified: date
    stage_since: date
    last_action: date
    days_in_stage: int
    next_action: str
    next_action_date: date | None
    stale: bool
    lost_reason: str
    competitor: str | None
    customer: str | None


def clean_prospect(session: Session, data: dict[str, str | None], locale: str) -> dict[str, object]:
    """A prospect's fields from raw input (any subset): cleaned, references resolved."""
    out: dict[str, object] = {}
    for key in ("company", "contact", "city", "next_action", "notes"):
        if key in data:
            out[key] = org_rules.clean_text(data[key], key, required=key == "company")
    if "tax_id" in data:
        out["tax_id"] = org_rules.clean_text(data["tax_id"], "tax_id", max_len=32)
    if "email" in data:
        out["email"] = org_rules.clean_email(data["email"])
    if "phone" in data:
        out["phone"] = org_rules.clean_phone(data["phone"])
    if "value" in data:
        out["value"] = org_rules.clean_money(data["value"], "value", locale, required=False) or ZERO
    if "territory" in data:
        out["territory_id"] = _id_of(session, Territory, data["territory"], "territory", _("territory"))
    if "group" in data:
        out["group_id"] = _id_of(session, CustomerGroup, data["group"], "group", _("customer group"))
    if "owner" in data:
        out["owner_id"] = _owner(session, data["owner"])
    if "campaign" in data:
        out["campaign_id"] = _id_of(session, Campaign, data["campaign"], "campaign", _("campaign"))
    if data.get("channel"):
        out["channel"] = org_rules.clean_choice(data["channel"], rules.CHANNELS, "channel")
    if out.get("campaign_id") is not None:
        if out.get("channel", "campaign") != "campaign":
            raise DataError(
                "channel", str(out["channel"]), _("a prospect from a campaign has channel campaign")
            )
        out["channel"] = "campaign"
    if "next_action_date" in data:
        out["next_action_date"] = org_rules.clean_date(
            data["next_action_date"], "next_action_date", required=False
        )
    return out


def add_prospect(
    *,
    session: Session,
    data: dict[str, str | None],
    identified: date | None,
    today: date,
    locale: str,
    now: datetime,
) -> str:
    """Add a prospect in stage identified (on ``identified``, default today); returns its number."""
    from salesdesk.expenses.queries import next_number

    values = clean_prospect(session, data, locale)
    if values.get("channel") == "campaign" and values.get("campaign_id") is None:
        raise DataError("campaign", "", _("name the campaign the prospect came from"))
    day = identified or today
    _not_after_today(day, today, "identified")
    number = next_number(session, Prospect, "P")
    prospect = Prospect(
        number=number, identified=day, stage_since=day, last_action=day, stage="identified", **values
    )
    session.add(prospect)
    session.flush()
    session.add(StageMove(prospect_id=prospect.id, stage="identified", date=day))
    return number


def move_prospect(
    *,
    session: Session,
    number: str,
    stage: str,
    day: date | None,
    today: date,
    now: datetime,
    lost_reason: str | None = None,
    competitor: str | None = None,
    note: str = "",
    next_action: str | None = None,
    next_action_date: date | None = None,
) -> str:
    """Move a prospect to another stage on ``day`` (default today), one rule for the CLI, the TUI and
    imports. A lost one says why (and, when it went to a competitor, which one)."""
    p = _prospect(session, number)
    stage = (stage or "").strip().lower()
    rules.check_move(p.stage, stage, "to_stage")
    day = day or today
    _not_after_today(day, today, "date")
    if day < p.stage_since:
        raise DataError("date", day.isoformat(), _("comes before the prospect entered its stage"))
    if stage == "lost":
        reason = org_rules.clean_choice(lost_reason, rules.LOST_REASONS, "reason") if lost_reason else ""
        if not reason:
            raise DataError("reason", "", _("say why the prospect was lost"))
        comp = _competitor(session, competitor)
        if reason == "competitor" and comp is None:
            raise DataError("competitor", "", _("name the competitor that won the deal"))
        p.lost_reason, p.competitor_id = reason, comp
    elif lost_reason or competitor:
        raise DataError(
            "reason", lost_reason or competitor or "", _("only a lost prospect has a lost reason")
        )
    record_change(
        session,
        entity="prospect",
        record=p.number,
        field="stage",
        old=p.stage,
        new=stage,
        when=now,
        note=note,
    )
    p.stage, p.stage_since, p.last_action = stage, day, max(day, p.last_action)
    if stage in ("won", "lost"):
        p.next_action, p.next_action_date = "", None
    if next_action is not None:
        p.next_action = org_rules.clean_text(next_action, "next_action")
    if next_action_date is not None:
        p.next_action_date = next_action_date
    session.add(p)
    session.add(StageMove(prospect_id=p.id, stage=stage, date=day, note=note))
    return stage


def set_next_action(*, session: Session, number: str, action: str, due: date | None, today: date) -> None:
    """Record an action on an open prospect and what comes next (by when): it is no longer stale."""
    p = _prospect(session, number)
    if p.stage not in rules.OPEN_STAGES:
        raise DataError(
            "prospect",
            number,
            _("the prospect is {stage}: it has no next action").format(
                stage=rules.word(rules.STAGE_LABELS, p.stage)
            ),
        )
    if due is not None and due < today:
        raise DataError("date", due.isoformat(), _("is before today"))
    p.next_action = org_rules.clean_text(action, "action", required=True)
    p.next_action_date = due
    p.last_action = today
    session.add(p)


def _next_customer_code(session: Session) -> str:
    """The code after the highest customer code of the commonest letters-and-digits shape (C0180 →
    C0181); C0001 when there is none."""
    shapes: dict[tuple[str, int], int] = {}
    for code in session.execute(select(Customer.code)).scalars():
        m = re.fullmatch(r"([A-Za-z]*)(\d+)", code)
        if m:
            key = (m.group(1), len(m.group(2)))
            shapes[key] = max(shapes.get(key, 0), int(m.group(2)))
    if not shapes:
        return "C0001"
    counts: dict[tuple[str, int], int] = {}
    for code in session.execute(select(Customer.code)).scalars():
        m = re.fullmatch(r"([A-Za-z]*)(\d+)", code)
        if m:
            counts[(m.group(1), len(m.group(2)))] = counts.get((m.group(1), len(m.group(2))), 0) + 1
    prefix, width = max(counts, key=lambda k: (counts[k], k))
    n = shapes[(prefix, width)] + 1
    while session.execute(select(Customer.id).where(Customer.code == f"{prefix}{n:0{width}d}")).first():
        n += 1
    return f"{prefix}{n:0{width}d}"


def convert(
    *,
    session: Session,
    number: str,
    code: str | None,
    data: dict[str, str | None],
    locale: str,
    now: datetime,
) -> str:
    """Create the customer a won prospect became (its company, tax id, contact details, zone, group and
    owner, customer since the day it was won); returns the customer code."""
    from salesdesk.org.queries import add_customer

    p = _prospect(session, number)
    if p.stage != "won":
        raise DataError(
            "prospect",
            number,
            _("only a won prospect becomes a customer (it is {stage})").format(
                stage=rules.word(rules.STAGE_LABELS, p.stage)
            ),
        )
    if p.customer_id is not None:
        done = session.execute(select(Customer.code).where(Customer.id == p.customer_id)).scalar()
        raise DataError("prospect", number, _("already became customer {code}").format(code=done))
    codes = {
        "territory": _codes(session, Territory).get(p.territory_id) if p.territory_id else None,
        "group": _codes(session, CustomerGroup).get(p.group_id) if p.group_id else None,
        "salesperson": _codes(session, Salesperson).get(p.owner_id) if p.owner_id else None,
    }
    fields: dict[str, str | None] = {
        "name": p.company,
        "tax_id": p.tax_id or None,
        "city": p.city or None,
        "email": p.email or None,
        "phone": p.phone or None,
        "customer_since": p.stage_since.isoformat(),
        **{k: v for k, v in codes.items() if v},
    }
    fields.update({k: v for k, v in data.items() if v is not None})
    owner = fields.get("salesperson")
    if owner and "salesperson" not in data:
        status = session.execute(select(Salesperson.status).where(Salesperson.code == owner)).scalar()
        if status == "left":
            raise DataError(
                "salesperson", owner, _("the prospect's owner has left: name who takes the new customer")
            )
    new_code = (code or "").strip() or _next_customer_code(session)
    add_customer(session=session, code=new_code, data=fields, locale=locale, now=now)
    p.customer_id = session.execute(select(Customer.id).where(Customer.code == new_code)).scalar()
    session.add(p)
    record_change(
        session, entity="prospect", record=p.number, field="customer", old=None, new=new_code, when=now
    )
    return new_code


@dataclass(frozen=True)
class ProspectFilter:
    """Which prospects a listing shows (codes as typed; checked by ``_where``)."""

    stage: str | None = None
    owner: str | None = None
    campaign: str | None = None
    stale: bool = False
    open_only: bool = False
    search: str = ""


def _where(session: Session, stmt, f: ProspectFilter, today: date):  # noqa: ANN001, ANN202
    p = Prospect.__table__.c
    if f.stage:
        stmt = stmt.where(p.stage == org_rules.clean_choice(f.stage, rules.STAGES, "stage"))
    if f.open_only or f.stale:
        stmt = stmt.where(p.stage.in_(rules.OPEN_STAGES))
    if f.stale:
        stmt = stmt.where(p.last_action < today - timedelta(days=stale_days(session)))
    if f.owner:
        stmt = stmt.where(p.owner_id == _id_of(session, Salesperson, f.owner, "owner", _("salesperson")))
    if f.campaign:
        stmt = stmt.where(p.campaign_id == _id_of(session, Campaign, f.campaign, "campaign", _("campaign")))
    if f.search.strip():
        text = f.search.strip()
        stmt = stmt.where(or_(*(contains_text(c, text) for c in (p.company, p.number, p.contact))))
    return stmt


def count_prospects(*, session: Session, filters: ProspectFilter, today: date) -> int:
    stmt = _where(session, select(func.count()).select_from(Prospect.__table__), filters, today)
    return int(session.execute(stmt).scalar() or 0)


def list_prospects(
    *,
    session: Session,
    filters: ProspectFilter,
    today: date,
    limit: int | None = None,
    offset: int = 0,
    biggest: bool = False,
) -> list[ProspectRow]:
    """Prospects, open ones first by stage (furthest first) then next action date (``biggest``: by value,
    largest first), paged in SQL."""
    p = Prospect.__table__.c
    order = case({s: i for i, s in enumerate(reversed(rules.STAGES))}, value=p.stage)
    stmt = _where(session, _prospect_stmt(), filters, today)
    if biggest:
        stmt = stmt.order_by(p.value.desc(), p.number)
    stmt = stmt.order_by(
        case((p.stage.in_(rules.OPEN_STAGES), 0), else_=1),
        order,
        p.next_action_date.is_(None),
        p.next_action_date,
        p.number,
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    if offset:
        stmt = stmt.offset(offset)
    probs, after = probabilities(session), stale_days(session)
    out = []
    for r in session.execute(stmt).all():
        (
            number,
            company,
            contact,
            terr,
            grp,
            channel,
            camp,
            value,
            stage,
            owner,
            owner_name,
            identified,
            since,
            last,
            next_action,
            next_date,
            reason,
            comp,
            cust,
        ) = r
        out.append(
            ProspectRow(
                number,
                company,
                contact,
                terr,
                grp,
                channel,
                camp,
                value,
                stage,
                measure(probs[stage].quantize(rules.TENTH)),
                rules.cents(rules.weighted(value, probs[stage])),
                owner,
                owner_name,
                identified,
                since,
                last,
                (today - since).days,
                next_action,
                next_date,
                rules.is_stale(stage, last, today, after),
                reason,
                comp,
                cust,
            )
        )
    return out


def prospect(
    *, session: Session, number: str, today: date
) -> tuple[ProspectRow, list[tuple[str, date, str]]]:
    """One prospect and its stage moves (stage, day, note), oldest first."""
    p = _prospect(session, number)
    row = list_prospects(session=session, filters=ProspectFilter(search=p.number), today=today)
    found = next(r for r in row if r.number == p.number)
    moves = session.execute(
        select(StageMove.stage, StageMove.date, StageMove.note)
        .where(StageMove.prospect_id == p.id)
        .order_by(StageMove.date, StageMove.id)
    ).all()
    return found, [tuple(m) for m in moves]


def _prospect_stmt():  # noqa: ANN202
    from salesdesk.intel.models import Competitor

    sp = Salesperson.__table__.alias("sp")
    camp, terr, grp = Campaign.__table__, Territory.__table__, CustomerGroup.__table__
    comp, cust, p = Competitor.__table__, Customer.__table__, Prospect.__table__
    return (
        select(
            p.c.number,
            p.c.company,
            p.c.contact,
            terr.c.code,
            grp.c.code,
            p.c.channel,
            camp.c.code,
            p.c.value,
            p.c.stage,
            sp.c.code,
            sp.c.name,
            p.c.identified,
            p.c.stage_since,
            p.c.last_action,
            p.c.next_action,
            p.c.next_action_date,
            p.c.lost_reason,
            comp.c.code,
            cust.c.code,
        )
        .select_from(p)
        .outerjoin(sp, sp.c.id == p.c.owner_id)
        .outerjoin(camp, camp.c.id == p.c.campaign_id)
        .outerjoin(terr, terr.c.id == p.c.territory_id)
        .outerjoin(grp, grp.c.id == p.c.group_id)
        .outerjoin(comp, comp.c.id == p.c.competitor_id)
        .outerjoin(cust, cust.c.id == p.c.customer_id)
    )


# --------------------------------------------------------------------------- pipeline and its statistics


def pipeline(*, session: Session) -> list[rules.PipelineCell]:
    """Open prospects by owner and stage: count, value, weighted value (summed in SQL)."""
    p, sp = Prospect.__table__.c, Salesperson.__table__.c
    stmt = (
        select(sp.code, p.stage, func.count(), as_money(func.sum(p.value)))
        .select_from(Prospect.__table__.outerjoin(Salesperson.__table__, sp.id == p.owner_id))
        .where(p.stage.in_(rules.OPEN_STAGES))
        .group_by(sp.code, p.stage)
    )
    rows = [(owner, stage, n, value or ZERO) for owner, stage, n, value in session.execute(stmt)]
    return rules.pipeline(rows, probabilities(session))


def weighted_total(*, session: Session) -> Decimal:
    """The whole weighted pipeline, rounded once (not the sum of rounded cells)."""
    p = Prospect.__table__.c
    probs = probabilities(session)
    stmt = (
        select(p.stage, as_money(func.sum(p.value))).where(p.stage.in_(rules.OPEN_STAGES)).group_by(p.stage)
    )
    return rules.cents(sum((rules.weighted(v or ZERO, probs[s]) for s, v in session.execute(stmt)), ZERO))


def stage_statistics(
    *, session: Session, today: date, start: date | None = None, end: date | None = None
) -> tuple[list[rules.StageStat], int, int, Decimal | None]:
    """Conversion rates, days per stage and the win rate of the prospects identified in the range (every
    prospect by default)."""
    p, m = Prospect.__table__.c, StageMove.__table__.c
    stmt = select(m.prospect_id, m.stage, m.date).join(Prospect.__table__, p.id == m.prospect_id)
    if start is not None:
        stmt = stmt.where(p.identified >= start)
    if end is not None:
        stmt = stmt.where(p.identified <= end)
    histories: dict[int, list[tuple[str, date]]] = {}
    for pid, stage, day in session.execute(stmt.order_by(m.prospect_id, m.date, m.id)):
        histories.setdefault(pid, []).append((stage, day))
    return rules.stage_stats(histories.values(), today)


@dataclass(frozen=True)
class LostRow:
    competitor: str | None
    competitor_name: str | None
    reason: str
    count: int
    value: Decimal


def lost_deals(*, session: Session, start: date | None = None, end: date | None = None) -> list[LostRow]:
    """Lost prospects by competitor and reason (the day they were lost in the range): how many, how much
    estimated annual value."""
    from salesdesk.intel.models import Competitor

    p, c = Prospect.__table__.c, Competitor.__table__.c
    stmt = (
        select(c.code, c.name, p.lost_reason, func.count(), as_money(func.sum(p.value)))
        .select_from(Prospect.__table__.outerjoin(Competitor.__table__, c.id == p.competitor_id))
        .where(p.stage == "lost")
        .group_by(c.code, c.name, p.lost_reason)
    )
    if start is not None:
        stmt = stmt.where(p.stage_since >= start)
    if end is not None:
        stmt = stmt.where(p.stage_since <= end)
    rows = [LostRow(code, name, reason, n, v or ZERO) for code, name, reason, n, v in session.execute(stmt)]
    return sorted(rows, key=lambda r: (-r.value, -r.count, r.competitor or "~", r.reason))
