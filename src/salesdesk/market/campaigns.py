"""Campaigns run with marketing, and their results attributed from the prospects they brought (leads) and
the customers those became. Plain dataclasses out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlmodel import Session

from salesdesk.core.dbtypes import as_money
from salesdesk.core.errors import DataError
from salesdesk.core.i18n import _
from salesdesk.market import rules
from salesdesk.market.models import Campaign, Prospect
from salesdesk.market.queries import ZERO, _id_of, probabilities
from salesdesk.org import rules as org_rules
from salesdesk.org.models import Customer, CustomerGroup, Invoice, Territory


def add_campaign(*, session: Session, code: str, data: dict[str, str | None], locale: str) -> str:
    """Add a campaign: name, period (start ≤ end), territory and target group (optional), budget and goals."""
    code = org_rules.clean_code(code)
    if session.execute(select(Campaign.id).where(Campaign.code == code)).first():
        raise DataError("code", code, _("a campaign with this code already exists"))
    name = org_rules.clean_text(data.get("name"), "name", required=True)
    start = org_rules.clean_date(data.get("start"), "start")
    end = org_rules.clean_date(data.get("end"), "end")
    assert start is not None and end is not None
    if end < start:
        raise DataError("end", end.isoformat(), _("comes before the start"))
    campaign = Campaign(
        code=code,
        name=name,
        start=start,
        end=end,
        territory_id=_id_of(session, Territory, data.get("territory"), "territory", _("territory")),
        group_id=_id_of(session, CustomerGroup, data.get("group"), "group", _("customer group")),
        budget=org_rules.clean_money(data.get("budget"), "budget", locale, required=False) or ZERO,
        goal_leads=_count(data.get("leads"), "leads"),
        goal_customers=_count(data.get("customers"), "customers"),
        goal_sales=org_rules.clean_money(data.get("sales"), "sales", locale, required=False) or ZERO,
        notes=org_rules.clean_text(data.get("notes"), "notes", max_len=1000),
    )
    session.add(campaign)
    return code


def _count(text: str | None, field: str) -> int:
    if text is None or not str(text).strip():
        return 0
    return org_rules.clean_int(text, field, low=0, high=1_000_000)


@dataclass(frozen=True)
class CampaignResult:
    """A campaign with its goals and what it brought: leads (prospects from it), how many are still open
    and their weighted value, how many were won and became customers, those customers' sales since they
    were won (to the as-of date), the cost per lead and per new customer, and each goal's attainment."""

    code: str
    name: str
    start: date
    end: date
    phase: str
    territory: str | None
    group: str | None
    budget: Decimal
    goal_leads: int
    goal_customers: int
    goal_sales: Decimal
    leads: int
    open_leads: int
    weighted: Decimal
    won: int
    lost: int
    new_customers: int
    sales: Decimal
    cost_per_lead: Decimal | None
    cost_per_customer: Decimal | None
    leads_pct: Decimal | None
    customers_pct: Decimal | None
    sales_pct: Decimal | None


def campaign_results(*, session: Session, as_of: date, code: str | None = None) -> list[CampaignResult]:
    """Every campaign's results (or one's), newest first."""
    c, p = Campaign.__table__.c, Prospect.__table__.c
    stmt = select(Campaign).order_by(c.start.desc(), c.code)
    if code:
        stmt = stmt.where(c.code == code.strip())
    campaigns = list(session.execute(stmt).scalars())
    if code and not campaigns:
        raise DataError("campaign_code", code, _("no campaign has this code"))
    probs = probabilities(session)
    by_stage: dict[int, dict[str, tuple[int, Decimal]]] = {}
    for cid, stage, n, value in session.execute(
        select(p.campaign_id, p.stage, func.count(), as_money(func.sum(p.value)))
        .where(p.campaign_id.is_not(None), p.identified <= as_of)
        .group_by(p.campaign_id, p.stage)
    ):
        by_stage.setdefault(cid, {})[stage] = (n, value or ZERO)
    cu = Customer.__table__.c
    converted: dict[int, int] = dict(
        session.execute(
            select(p.campaign_id, func.count())
            .join(Customer.__table__, cu.id == p.customer_id)
            .where(p.campaign_id.is_not(None), func.coalesce(cu.customer_since, p.stage_since) <= as_of)
            .group_by(p.campaign_id)
        ).all()
    )
    sales = _new_customer_sales(session, as_of)
    terr = dict(session.execute(select(Territory.id, Territory.code)).all())
    grp = dict(session.execute(select(CustomerGroup.id, CustomerGroup.code)).all())
    out = []
    for camp in campaigns:
        stages = by_stage.get(camp.id, {})
        leads = sum(n for n, _v in stages.values())
        open_stages = {s: v for s, v in stages.items() if s in rules.OPEN_STAGES}
        weighted = rules.cents(sum((rules.weighted(v, probs[s]) for s, (_n, v) in open_stages.items()), ZERO))
        new = converted.get(camp.id, 0)
        sold = sales.get(camp.id, ZERO)
        out.append(
            CampaignResult(
                camp.code,
                camp.name,
                camp.start,
                camp.end,
                rules.campaign_phase(camp.start, camp.end, as_of),
                terr.get(camp.territory_id),
                grp.get(camp.group_id),
                camp.budget,
                camp.goal_leads,
                camp.goal_customers,
                camp.goal_sales,
                leads,
                sum(n for n, _v in open_stages.values()),
                weighted,
                stages.get("won", (0, ZERO))[0],
                stages.get("lost", (0, ZERO))[0],
                new,
                sold,
                rules.cost_per(camp.budget, leads),
                rules.cost_per(camp.budget, new),
                rules.pct(leads, camp.goal_leads),
                rules.pct(new, camp.goal_customers),
                rules.pct(sold, camp.goal_sales),
            )  # fmt: skip
        )
    return out


def _new_customer_sales(session: Session, as_of: date) -> dict[int, Decimal]:
    """Net sales of the customers each campaign brought, from the day each became a customer to
    ``as_of``."""
    p, cu, inv = Prospect.__table__.c, Customer.__table__.c, Invoice.__table__.c
    stmt = (
        select(p.campaign_id, as_money(func.sum(inv.amount)))
        .select_from(Prospect.__table__)
        .join(Customer.__table__, cu.id == p.customer_id)
        .join(Invoice.__table__, inv.customer_id == cu.id)
        .where(
            p.campaign_id.is_not(None),
            inv.issue_date <= as_of,
            inv.issue_date >= func.coalesce(cu.customer_since, p.stage_since),
        )
        .group_by(p.campaign_id)
    )
    return {cid: total or ZERO for cid, total in session.execute(stmt)}
