"""The sales forecast from the invoice history: monthly net sales per territory, customer group or
salesperson (or in total), forecast for the next months by ``intel.forecasting``, backtested over the last
six complete months, beside the plan's targets for the same months.

Months: the history runs to the last complete month before the as-of date; the forecast starts with the
as-of date's month. A territory is the salesperson's zone (the plan's targets are per salesperson and
customer group, so a zone's target is its salespeople's), for the sales as for the targets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import extract, func, select
from sqlmodel import Session

from salesdesk.core.dbtypes import as_money
from salesdesk.core.errors import DataError
from salesdesk.core.i18n import _
from salesdesk.core.money import measure
from salesdesk.intel import forecasting
from salesdesk.org.models import Customer, CustomerGroup, Invoice, Salesperson, Territory

BY = ("territory", "group", "salesperson")
ZERO = Decimal("0.00")
#: Months of history a forecast reads at most (five seasons).
HISTORY = 60


def _index(year: int, month: int) -> int:
    return year * 12 + month - 1


def _label(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@dataclass(frozen=True)
class Month:
    month: str
    forecast: Decimal
    target: Decimal | None
    gap: Decimal | None


@dataclass(frozen=True)
class Outlook:
    """One key's forecast (``key`` None for the whole region): the method, the backtest's MAPE, the
    history it read, the forecast months beside their targets, the forecast's total, and — over the months
    the plan has targets for — the targets' total and the gap (forecast − target; negative: short of
    plan)."""

    key: str | None
    name: str | None
    method: str
    mape: Decimal | None
    history: list[tuple[str, Decimal]]
    backtest: list[tuple[str, Decimal, Decimal]]
    months: list[Month]
    total: Decimal
    target: Decimal | None
    gap: Decimal | None


def _keyed(by: str | None):  # noqa: ANN202
    """The key column of a sale (and of a target) for ``by``, and the table its codes come from."""
    if by is None:
        return None
    if by == "salesperson":
        return Invoice.salesperson_id
    if by == "group":
        return Customer.group_id
    return Salesperson.territory_id


def _names(session: Session, by: str | None) -> dict[int | None, tuple[str, str]]:
    if by is None:
        return {}
    model = {"salesperson": Salesperson, "group": CustomerGroup, "territory": Territory}[by]
    return {i: (c, n) for i, c, n in session.execute(select(model.id, model.code, model.name))}


def _history(session: Session, by: str | None, first: int, last: int) -> dict[int | None, dict[int, Decimal]]:
    year, month = extract("year", Invoice.issue_date), extract("month", Invoice.issue_date)
    key = _keyed(by)
    cols = [year, month, as_money(func.sum(Invoice.amount))]
    stmt = select(*(cols if key is None else [key, *cols])).select_from(Invoice)
    if by == "group":
        stmt = stmt.join(Customer, Customer.id == Invoice.customer_id)
    if by == "territory":
        stmt = stmt.outerjoin(Salesperson, Salesperson.id == Invoice.salesperson_id)
    start, end = date(first // 12, first % 12 + 1, 1), date(last // 12, last % 12 + 1, 1)
    end_next = date(end.year + (end.month == 12), end.month % 12 + 1, 1)
    stmt = stmt.where(Invoice.issue_date >= start, Invoice.issue_date < end_next)
    stmt = stmt.group_by(*([year, month] if key is None else [key, year, month]))
    out: dict[int | None, dict[int, Decimal]] = {}
    for row in session.execute(stmt):
        k, y, m, amount = (None, *row) if key is None else row
        out.setdefault(k, {})[_index(int(y), int(m))] = amount or ZERO
    return out


def _targets(session: Session, by: str | None, first: int, last: int) -> dict[int | None, dict[int, Decimal]]:
    from salesdesk.plan.models import Target

    t = Target.__table__.c
    key = {None: None, "salesperson": t.salesperson_id, "group": t.group_id}.get(by, Salesperson.territory_id)
    cols = [t.year, t.month, as_money(func.sum(t.amount))]
    stmt = select(*(cols if key is None else [key, *cols])).select_from(Target.__table__)
    if by == "territory":
        stmt = stmt.join(Salesperson, Salesperson.id == t.salesperson_id)
    index = t.year * 12 + t.month - 1
    stmt = stmt.where(index >= first, index <= last)
    stmt = stmt.group_by(*([t.year, t.month] if key is None else [key, t.year, t.month]))
    out: dict[int | None, dict[int, Decimal]] = {}
    for row in session.execute(stmt):
        k, y, m, amount = (None, *row) if key is None else row
        out.setdefault(k, {})[_index(int(y), int(m))] = amount or ZERO
    return out


def outlook(*, session: Session, as_of: date, months: int = 12, by: str | None = None) -> list[Outlook]:
    """The forecast of every key (one row in total without ``by``), largest forecast first."""
    if by is not None and by not in BY:
        raise DataError("--by", by, _("must be one of: {choices}").format(choices=", ".join(BY)))
    if not 1 <= months <= forecasting.MAX_MONTHS:
        raise DataError(
            "--months", str(months), _("must be between 1 and {n}").format(n=forecasting.MAX_MONTHS)
        )
    current = _index(as_of.year, as_of.month)
    last_done = current - 1
    first_sale = session.execute(select(func.min(Invoice.issue_date))).scalar()
    if first_sale is None:
        return []
    first = max(_index(first_sale.year, first_sale.month), last_done - HISTORY + 1)
    sales = _history(session, by, first, last_done) if first <= last_done else {}
    horizon = range(current, current + months)
    targets = _targets(session, by, current, current + months - 1)
    names = _names(session, by)
    keys = set(sales) | set(targets) if by is not None else {None}
    out = []
    for key in keys:
        monthly = sales.get(key, {})
        series = [monthly.get(i, ZERO) for i in range(first, last_done + 1)]
        fc = (
            forecasting.forecast(series, months)
            if series
            else forecasting.Forecast("mean", [ZERO] * months, None, None, None, None)
        )
        bt = forecasting.backtest(series) if series else forecasting.Backtest([], [], None)
        plan = targets.get(key)
        rows = []
        for i, value in zip(horizon, fc.values, strict=True):
            target = plan.get(i) if plan else None
            rows.append(Month(_label(i), value, target, None if target is None else value - target))
        total = sum(fc.values, ZERO)
        planned = [r for r in rows if r.target is not None]
        target_total = sum((r.target for r in planned), ZERO) if planned else None  # type: ignore[misc]
        gap = sum((r.gap for r in planned), ZERO) if planned else None  # type: ignore[misc]
        back_months = [_label(i) for i in range(last_done - len(bt.predicted) + 1, last_done + 1)]
        code, name = names.get(key, (None, None)) if by is not None else (None, None)
        out.append(
            Outlook(
                code if by is not None else None,
                name,
                fc.method,
                measure(bt.mape),
                [(_label(i), v) for i, v in zip(range(first, last_done + 1), series, strict=True)],
                list(
                    zip(
                        back_months,
                        bt.actual[-len(bt.predicted) :] if bt.predicted else [],
                        bt.predicted,
                        strict=True,
                    )
                ),
                rows,
                total,
                target_total,
                gap,
            )
        )
    return sorted(out, key=lambda o: (-o.total, o.key or "~"))
