"""What the intel room imports: competitors and intel entries."""

from __future__ import annotations

from typing import Any

from salesdesk.core.i18n import N_, _
from salesdesk.core.importing.spec import Field, FileContext, Kind
from salesdesk.intel import rules
from salesdesk.intel.models import Competitor, IntelEntry


def _entry_check(conn: Any, rows: list, context: FileContext) -> list[tuple[str, Any, str]]:
    """Observed on or before the import's day."""
    today = context.now.date()
    return [
        ("date", f"{row['number']} {row['date'].isoformat()}", _("is after today"))
        for row, _codes, _old in rows
        if row.get("date") is not None and row["date"] > today
    ]


KINDS: list = [
    Kind(
        name="competitors",
        table=Competitor.__table__,
        key="code",
        file_names=("competidores", "competencia"),
        description=N_("competitor"),
        entity="competitor",
        defaults={"notes": ""},
        fields=(
            Field("code", "code", required=True),
            Field("name", required=True),
            Field("notes", max_len=2000, aliases=("notas", "observaciones")),
        ),
    ),
    Kind(
        name="intel",
        table=IntelEntry.__table__,
        key="number",
        file_names=("inteligencia", "mercado", "informacion de mercado", "intel entries"),
        description=N_("intel entry"),
        entity="intel",
        defaults={"topic": "other", "impact": "medium", "source": ""},
        check_file=_entry_check,
        fields=(
            Field("number", "code", required=True),
            Field("date", "date", required=True),
            Field("competitor", ref="competitors", aliases=("competidor",)),
            Field("territory", ref="territories"),
            Field("topic", "choice", choices=rules.TOPICS, aliases=("tema", "asunto")),
            Field(
                "observed",
                required=True,
                max_len=2000,
                aliases=("observado", "observación", "hecho", "descripción"),
            ),
            Field("source", aliases=("fuente", "origen")),
            Field("impact", "choice", choices=rules.IMPACTS, aliases=("impacto",)),
            Field("reported_by", ref="salespeople", aliases=("informado por", "vendedor", "comercial")),
        ),
    ),
]
