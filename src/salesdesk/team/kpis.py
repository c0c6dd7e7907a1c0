"""The built-in review KPIs of salespeople over a period, read from the other rooms' queries (plan,
credit, relations, expenses) and the customer assignments. Each value comes with the numbers it was
computed from, so a review shows where it came from."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import func, literal, select
from sqlmodel import Session

from salesdesk.credit import queries as credit_q
from salesdesk.expenses import queries as expenses_q
from salesdesk.org.assignments import owners_on
from salesdesk.org.models import Customer, CustomerAssignment, Salesperson
from salesdesk.plan import queries as plan_q
from salesdesk.relations import queries as relations_q
from salesdesk.team import rules

ZERO = Decimal(0)


@dataclass(frozen=True)
class KpiValue:
    value: Decimal | None
    #: The numbers the value came from (money as Decimal, counts as int).
    source: dict[str, object] = field(default_factory=dict)


def _new_customer_owners(session: Session, start: date, end: date) -> dict[int | None, int]:
    """Customers whose *customer since* falls in ``start``–``end``, counted for who had them that day."""
    since = list(
        session.execute(
            select(Customer.id, Customer.customer_since, Customer.salesperson_id).where(
                Customer.customer_since >= start, Customer.customer_since <= end
            )
        ).all()
    )
    if not since:
        return {}
    first = date(1, 1, 1)
    history: dict[int, list[tuple[date, int | None]]] = defaultdict(list)
    ids = [cid for cid, _d, _s in since]
    for part in range(0, len(ids), 500):
        stmt = select(
            CustomerAssignment.customer_id,
            func.coalesce(CustomerAssignment.start, literal(first)),
            CustomerAssignment.salesperson_id,
        ).where(CustomerAssignment.customer_id.in_(ids[part : part + 500]))
        for cid, start_day, sp in session.execute(stmt).all():
            history[cid].append((date.fromisoformat(str(start_day)), sp))
    counts: dict[int | None, int] = defaultdict(int)
    for cid, day, current in since:
        held = [(s, sp) for s, sp in sorted(history.get(cid, []), key=lambda t: t[0]) if s <= day]
        owner = held[-1][1] if held else (current if not history.get(cid) else None)
        counts[owner] += 1
    return counts


def values(
    *, session: Session, period: rules.Period, today: date, people: list[int] | None = None
) -> dict[int, dict[str, KpiValue]]:
    """Every built-in KPI for each salesperson (ids; all when None) over ``period`` up to its as-of day."""
    as_of = period.as_of(today)
    ids = people if people is not None else list(session.execute(select(Salesperson.id)).scalars().all())
    codes = dict(session.execute(select(Salesperson.id, Salesperson.code)).all())
    out: dict[int, dict[str, KpiValue]] = {i: {} for i in ids}
    if as_of < period.start:
        for i in ids:
            out[i] = {k: KpiValue(None) for k in rules.BUILTIN}
        return out
    attainment = plan_q.period_attainment(session=session, start=period.start, end=as_of)
    owners = owners_on(session, as_of)
    wanted = set(ids)
    portfolio: dict[int, list[int]] = defaultdict(list)
    for cid, sp in owners.items():
        if sp in wanted:
            portfolio[sp].append(cid)
    customer_ids = None if people is None else [c for sp in ids for c in portfolio.get(sp, [])]
    agings = credit_q.agings_for(session=session, as_of=as_of, customer_ids=customer_ids)
    compliance = {
        r.salesperson: r
        for r in relations_q.compliance(session=session, start=period.start, end=as_of, owners=owners)
    }
    customer_codes = dict(session.execute(select(Customer.id, Customer.code)).all())
    complaints = dict(
        relations_q.complaint_stats(
            session=session,
            start=period.start,
            end=as_of,
            today=as_of,
            by="salesperson",
            owners={customer_codes[cid]: codes.get(sp) for cid, sp in owners.items()},
        )
    )
    spent = expenses_q.spent_by_salesperson(session, period.start, as_of)
    new = _new_customer_owners(session, period.start, as_of)
    for sp in ids:
        code = codes.get(sp)
        actual, target = attainment.get(sp, (ZERO, ZERO))
        row: dict[str, KpiValue] = {}
        row["sales_attainment"] = KpiValue(
            rules.pct(actual, target) if target > 0 else None, {"sales": actual, "target": target}
        )
        overdue = open_ = ZERO
        for cid in portfolio.get(sp, []):
            a = agings.get(cid)
            if a is not None:
                overdue += a.overdue
                open_ += a.total
        row["overdue_receivables"] = KpiValue(
            rules.pct(overdue, open_) if open_ > 0 else None,
            {"overdue": overdue, "open": open_, "customers": len(portfolio.get(sp, []))},
        )
        c = compliance.get(code)
        row["visit_compliance"] = KpiValue(
            rules.pct(c.done_on_time, c.required) if c and c.required else None,
            {"done_on_time": c.done_on_time if c else 0, "required": c.required if c else 0},
        )
        s = complaints.get(code)
        judged = (s.resolved + s.overdue) if s else 0
        row["complaints_in_sla"] = KpiValue(
            rules.pct(s.within_sla, judged) if s and judged else None,
            {
                "opened": s.opened if s else 0,
                "within_sla": s.within_sla if s else 0,
                "resolved": s.resolved if s else 0,
                "overdue": s.overdue if s else 0,
            },
        )
        cost = spent.get(sp, ZERO)
        row["expense_ratio"] = KpiValue(
            rules.pct(cost, actual) if actual > 0 else None, {"expenses": cost, "sales": actual}
        )
        row["new_customers"] = KpiValue(Decimal(new.get(sp, 0)), {"customers": new.get(sp, 0)})
        out[sp] = row
    return out
