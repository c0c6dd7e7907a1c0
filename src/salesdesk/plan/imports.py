"""What the plan room imports: annual plans, group demand, seasonality weights and targets."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from salesdesk.core.errors import DataError
from salesdesk.core.i18n import N_, _
from salesdesk.core.importing.spec import Field, Kind, Lookup, RowProblem
from salesdesk.plan import rules
from salesdesk.plan.models import AnnualPlan, GroupDemand, Seasonality, Target


def _year() -> Field:
    return Field("year", "int", required=True, aliases=("año", "ejercicio"), low=1900, high=2999)


def _month() -> Field:
    return Field("month", "int", required=True, aliases=("mes",), low=1, high=12)


def _growth_rule(row: dict[str, Any], codes: dict[str, str], lookup: Lookup) -> None:
    if row.get("growth_pct") is not None and row["growth_pct"] < -100:
        raise RowProblem("growth_pct", _("cannot be below -100"), str(row["growth_pct"]))


def _years(rows: list[tuple[dict[str, Any], dict[str, str]]]) -> list[int]:
    return sorted({row["year"] for row, _codes, _old in rows})


def _seasonality_check(conn: Any, rows: list, _context: Any = None) -> list[tuple[str, Any, str]]:
    """Each year in the file, as stored once the file is in, has twelve weights that total 100
    (``rules.check_weights``, as ``plan seasonality``)."""
    t = Seasonality.__table__
    problems = []
    for year in _years(rows):
        weights = [w for _m, w in sorted(conn.execute(select(t.c.month, t.c.weight).where(t.c.year == year)))]
        if len(weights) != 12:
            problems.append(
                (
                    "month",
                    year,
                    _(
                        "has weights for {n} of the 12 months; set all twelve: salesdesk plan seasonality"
                    ).format(n=len(weights)),
                )
            )
            continue
        try:
            rules.check_weights(weights)
        except DataError as exc:
            problems.append(("weight", f"{year}: {exc.value}", exc.message))
    return problems


def _group_demand_check(conn: Any, rows: list, _context: Any = None) -> list[tuple[str, Any, str]]:
    """A year's manual group amounts, as stored once the file is in, fit its plan (the breakdown's rule,
    as ``plan growth --amount``)."""
    from salesdesk.plan import queries

    problems = []
    with Session(bind=conn) as session:
        for year in _years(rows):
            manual = queries.manual_group_amounts(session, year)
            if all(m is None for m in manual):
                continue
            plan = session.exec(select(AnnualPlan.amount).where(AnnualPlan.year == year)).first()
            if plan is None:
                problems.append(
                    ("year", year, _("has no sales plan for its group amounts; import plans first"))
                )
                continue
            try:
                queries.check_plan_covers_groups(session, year, plan[0], field="amount")
            except DataError as exc:
                problems.append(("amount", f"{year}: {exc.value}", exc.message))
    return problems


KINDS = [
    Kind(
        name="plans",
        table=AnnualPlan.__table__,
        key="year",
        file_names=("planes", "plan", "plan_ventas"),
        description=N_("sales plan"),
        entity="plan",
        audited=("amount",),
        fields=(_year(), Field("amount", "money", required=True)),
    ),
    Kind(
        name="group_demand",
        table=GroupDemand.__table__,
        key="year,group",
        file_names=("demanda", "demanda_grupos"),
        description=N_("group demand"),
        entity="group_demand",
        audited=("growth_pct", "amount"),
        defaults={"growth_pct": 0},
        complete=_growth_rule,
        check_file=_group_demand_check,
        after=("plans",),
        fields=(
            _year(),
            Field("group", ref="customer_groups", required=True),
            Field("growth_pct", "money", signed=True, aliases=("crecimiento", "crecimiento %")),
            Field("market_size", "money", aliases=("tamaño de mercado", "mercado")),
            Field("amount", "money", aliases=("importe fijo",)),
        ),
    ),
    Kind(
        name="seasonality",
        table=Seasonality.__table__,
        key="year,month",
        file_names=("estacionalidad",),
        description=N_("seasonality"),
        entity="seasonality",
        audited=("weight",),
        check_file=_seasonality_check,
        fields=(_year(), _month(), Field("weight", "percent", required=True, aliases=("peso", "peso %"))),
    ),
    Kind(
        name="targets",
        table=Target.__table__,
        key="year,month,salesperson,group",
        file_names=("objetivos",),
        description=N_("target"),
        entity="target",
        audited=("amount",),
        defaults={"manual": False},
        fields=(
            _year(),
            _month(),
            Field("salesperson", ref="salespeople", required=True),
            Field("group", ref="customer_groups", required=True),
            Field("amount", "money", required=True, aliases=("objetivo",)),
        ),
    ),
]
