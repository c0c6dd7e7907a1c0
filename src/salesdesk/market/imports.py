"""What the market room imports: campaigns and prospects (with the same rules as the commands)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update

from salesdesk.core.i18n import N_, _
from salesdesk.core.importing.spec import Field, FileContext, Kind, Lookup, RowProblem
from salesdesk.market import rules
from salesdesk.market.models import Campaign, Prospect, StageMove


def _campaign_rules(row: dict[str, Any], codes: dict[str, str], lookup: Lookup) -> None:
    start, end = row.get("start"), row.get("end")
    if start is not None and end is not None and end < start:
        raise RowProblem("end", _("comes before the start"), end.isoformat())


def _prospect_rules(row: dict[str, Any], codes: dict[str, str], lookup: Lookup) -> None:
    """A prospect's row rules (as ``prospect add`` / ``prospect move``): a campaign's prospect has channel
    campaign; a lost one says why (a competitor, when it went to one); only a lost one has a reason."""
    if row.get("campaign_id") is not None:
        if row.get("channel") not in (None, "campaign"):
            raise RowProblem("channel", _("a prospect from a campaign has channel campaign"), row["channel"])
        row["channel"] = "campaign"
    elif row.get("channel") == "campaign":
        raise RowProblem("campaign", _("name the campaign the prospect came from"), "")
    stage = row.get("stage")
    if stage == "lost":
        if not row.get("lost_reason"):
            raise RowProblem("lost_reason", _("say why the prospect was lost"), "")
        if row["lost_reason"] == "competitor" and row.get("competitor_id") is None:
            raise RowProblem("competitor", _("name the competitor that won the deal"), "")
    elif stage is not None and (row.get("lost_reason") or codes.get("competitor")):
        raise RowProblem(
            "lost_reason", _("only a lost prospect has a lost reason"), row.get("lost_reason") or ""
        )
    if row.get("customer_id") is not None and stage not in (None, "won"):
        raise RowProblem("customer", _("only a won prospect became a customer"), codes.get("customer", ""))
    identified, since = row.get("identified"), row.get("stage_since")
    if identified is not None and since is not None and since < identified:
        raise RowProblem("stage_since", _("comes before the prospect was identified"), since.isoformat())


def _stage_change(conn: Any, old: dict[str, Any], changed: dict[str, Any]) -> tuple[str, Any, str] | None:
    new = changed.get("stage")
    if new is None or new == old.get("stage") or new in rules.TRANSITIONS.get(old.get("stage"), ()):
        return None
    return (
        "stage",
        new,
        _("cannot move from {old} to {new}: {old} is final").format(
            old=rules.word(rules.STAGE_LABELS, old["stage"]), new=rules.word(rules.STAGE_LABELS, new)
        ),
    )


def _prospect_check(conn: Any, rows: list, context: FileContext) -> list[tuple[str, Any, str]]:
    """Dates on or before the import's day; a changed stage's day not before the stage it leaves was
    entered (as ``prospect move``)."""
    today = context.now.date()
    problems = []
    for row, _codes, old in rows:
        for name in ("identified", "stage_since", "last_action"):
            if row.get(name) is not None and row[name] > today:
                problems.append((name, f"{row['number']} {row[name].isoformat()}", _("is after today")))
        if old is None or "stage" not in row or old.get("stage") == row["stage"]:
            continue
        entered = old.get("stage_since") if "stage_since" in row else None
        if entered is not None and row["stage_since"] < entered:
            problems.append(
                (
                    "stage_since",
                    f"{row['number']} {row['stage_since'].isoformat()}",
                    _("comes before the prospect entered its stage"),
                )
            )
    return problems


def _prospect_moves(conn: Any, rows: list, context: FileContext) -> list:
    """A new prospect's moves (identified, then its stage); a changed stage's move (on the file's
    ``stage_since``, else the import's day). Fills the days a file leaves blank: only columns the file
    does not hold are updated here (and recorded, with the values they had, for undo)."""
    p, m = Prospect.__table__, StageMove.__table__
    today = context.now.date()
    moves: list[dict[str, Any]] = []
    updates = []
    for row, _codes, old in rows:
        found = conn.execute(
            select(p.c.id, p.c.stage, p.c.identified, p.c.stage_since, p.c.last_action).where(
                p.c.number == row["number"]
            )
        ).first()
        pid, stage, identified, since, last = found
        if old is None:
            since = since or identified
            last = max(last or since, since)
            conn.execute(update(p).where(p.c.id == pid).values(stage_since=since, last_action=last))
            moves.append({"prospect_id": pid, "stage": "identified", "date": identified, "note": _("import")})
            if stage != "identified":
                moves.append({"prospect_id": pid, "stage": stage, "date": since, "note": _("import")})
        elif "stage" in row and old.get("stage") != stage:
            day = row.get("stage_since") or today
            after: dict[str, Any] = {}
            if "stage_since" not in row:
                after["stage_since"] = day
            if "last_action" not in row:
                after["last_action"] = max(day, last or day)
            if after:
                before = {"stage_since": since, "last_action": last}
                conn.execute(update(p).where(p.c.id == pid).values(**after))
                updates.append((p, pid, {k: before[k] for k in after}, after))
            moves.append({"prospect_id": pid, "stage": stage, "date": day, "note": _("import")})
    if moves:
        conn.execute(insert(m), moves)
    return updates


KINDS: list = [
    Kind(
        name="campaigns",
        table=Campaign.__table__,
        key="code",
        file_names=("campañas", "campanas"),
        description=N_("campaign"),
        entity="campaign",
        defaults={"budget": 0, "goal_leads": 0, "goal_customers": 0, "goal_sales": 0, "notes": ""},
        complete=_campaign_rules,
        fields=(
            Field("code", "code", required=True),
            Field("name", required=True),
            Field("start", "date", required=True, aliases=("inicio", "desde", "fecha inicio")),
            Field("end", "date", required=True, aliases=("fin", "hasta", "fecha fin")),
            Field("territory", ref="territories"),
            Field("group", ref="customer_groups", aliases=("grupo objetivo", "público objetivo")),
            Field("budget", "money", aliases=("presupuesto",)),
            Field("goal_leads", "int", low=0, high=1_000_000, aliases=("objetivo leads", "leads")),
            Field(
                "goal_customers",
                "int",
                low=0,
                high=1_000_000,
                aliases=("objetivo clientes", "clientes nuevos"),
            ),
            Field("goal_sales", "money", aliases=("objetivo ventas",)),
            Field("notes", max_len=1000, aliases=("notas", "observaciones")),
        ),
    ),
    Kind(
        name="prospects",
        table=Prospect.__table__,
        key="number",
        file_names=("clientes potenciales", "potenciales", "oportunidades", "leads"),
        description=N_("prospect"),
        entity="prospect",
        audited=("stage",),
        defaults={
            "contact": "",
            "email": "",
            "phone": "",
            "tax_id": "",
            "city": "",
            "channel": "other",
            "value": 0,
            "stage": "identified",
            "next_action": "",
            "lost_reason": "",
            "notes": "",
        },
        complete=_prospect_rules,
        check_update=_stage_change,
        check_file=_prospect_check,
        after_write=_prospect_moves,
        side_tables=(StageMove.__table__,),
        fields=(
            Field("number", "code", required=True),
            Field("company", required=True, aliases=("empresa", "razón social", "nombre")),
            Field("contact", aliases=("contacto", "persona de contacto")),
            Field("email", "email"),
            Field("phone", "phone"),
            Field("tax_id", max_len=32),
            Field("city", max_len=80),
            Field("territory", ref="territories"),
            Field("group", ref="customer_groups"),
            Field("channel", "choice", choices=rules.CHANNELS, aliases=("canal", "origen")),
            Field("campaign", ref="campaigns", aliases=("campaña",)),
            Field("value", "money", aliases=("valor", "valor anual", "importe estimado", "potencial")),
            Field("stage", "choice", choices=rules.STAGES, aliases=("etapa", "fase")),
            Field("owner", ref="salespeople", aliases=("responsable", "vendedor", "comercial")),
            Field("identified", "date", required=True, aliases=("fecha", "identificado", "fecha alta")),
            Field("stage_since", "date", aliases=("en etapa desde", "fecha etapa")),
            Field("last_action", "date", aliases=("última acción", "ultimo contacto")),
            Field("next_action", aliases=("próxima acción", "siguiente paso")),
            Field("next_action_date", "date", aliases=("fecha próxima acción",)),
            Field("lost_reason", "choice", choices=rules.LOST_REASONS, aliases=("motivo pérdida", "motivo")),
            Field("competitor", ref="competitors", aliases=("competidor",)),
            Field("notes", max_len=1000, aliases=("notas", "observaciones")),
            Field("customer", ref="customers", aliases=("cliente", "código cliente")),
        ),
    ),
]
