"""What the plan room imports: annual plans, group demand, seasonality weights and targets."""

from __future__ import annotations

from typing import Any

from salesdesk.core.i18n import N_, _
from salesdesk.core.importing.spec import Field, Kind, Lookup, RowProblem
from salesdesk.plan.models import AnnualPlan, GroupDemand, Seasonality, Target


def _year() -> Field:
    return Field("year", "int", required=True, aliases=("año", "ejercicio"), low=1900, high=2999)


def _month() -> Field:
    return Field("month", "int", required=True, aliases=("mes",), low=1, high=12)


def _growth_rule(row: dict[str, Any], codes: dict[str, str], lookup: Lookup) -> None:
    if row.get("growth_pct") is not None and row["growth_pct"] < -100:
        raise RowProblem("growth_pct", _("cannot be below -100"), str(row["growth_pct"]))


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
