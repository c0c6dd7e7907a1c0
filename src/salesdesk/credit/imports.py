"""The credit room's import kinds."""

from __future__ import annotations

from typing import Any

from salesdesk.core.errors import DataError
from salesdesk.core.i18n import N_, _
from salesdesk.core.importing.spec import Field, Kind, Lookup, RowProblem
from salesdesk.credit import rules
from salesdesk.credit.models import FollowUp
from salesdesk.org.imports import limit_check
from salesdesk.org.models import Customer

#: Approved credit limits: changes existing customers only, through the same check and history as
#: ``credit limit`` (a lowering below what the customer owes is refused; it needs ``credit limit --force``).
CREDIT_LIMITS = Kind(
    name="credit_limits",
    table=Customer.__table__,
    key="customer",
    file_names=("limites_credito", "limites", "riesgos"),
    description=N_("customer"),
    entity="customer",
    creates=False,
    after=("customers",),
    audited=("amount",),
    history_fields={"amount": "credit_limit"},
    check_update=limit_check,
    fields=(
        Field("customer", "code", column="code", required=True, aliases=("cliente", "código cliente")),
        Field(
            "amount",
            "money",
            column="credit_limit",
            blank_clears=True,  # an empty amount means no credit
            aliases=("límite", "límite de crédito", "riesgo concedido", "importe"),
        ),
        Field("review_date", "date", column="credit_review_date", aliases=("fecha de revisión", "revisión")),
        Field("note", column="credit_note", max_len=200, aliases=("nota", "motivo", "observaciones")),
    ),
)


def _followup_rules(row: dict[str, Any], codes: dict[str, str], lookup: Lookup) -> None:
    """The follow-up rules of ``credit followup add`` (``rules.check_followup``); the salesperson
    defaults to the customer's; a named invoice must be the customer's."""
    if row.get("salesperson_id") is None:
        row["salesperson_id"] = (lookup("customers", codes["customer"]) or {}).get("salesperson_id")
    invoice = codes.get("invoice")
    if invoice and (lookup("invoices", invoice) or {}).get("customer_id") != row["customer_id"]:
        raise RowProblem("invoice", _("belongs to another customer"), invoice)
    try:
        rules.check_followup(
            day=row["date"],
            promised_amount=row.get("promised_amount"),
            promised_date=row.get("promised_date"),
            next_action_date=row.get("next_action_date"),
            contact=row.get("contact") or "",
            agreed=row.get("agreed") or "",
        )
    except DataError as exc:
        raise RowProblem(exc.field, exc.message, exc.value)


#: Collection follow-ups, one per customer, day and contact (what a re-import matches on).
FOLLOWUPS = Kind(
    name="followups",
    table=FollowUp.__table__,
    key="customer,date,contact",
    file_names=("seguimientos", "seguimientos_cobro", "gestiones_cobro"),
    description=N_("follow-up"),
    ref_extras={"customers": ("salesperson_id",), "invoices": ("customer_id",)},
    complete=_followup_rules,
    defaults={"contact": "", "agreed": ""},
    fields=(
        Field("customer", ref="customers", required=True),
        Field("date", "date", required=True, aliases=("fecha", "fecha gestión", "fecha llamada")),
        Field("contact", max_len=200, aliases=("contacto", "persona de contacto", "interlocutor")),
        Field("agreed", max_len=200, aliases=("acordado", "acuerdo", "compromiso", "resultado")),
        Field("invoice", ref="invoices"),
        Field("promised_amount", "money", aliases=("importe prometido", "importe comprometido")),
        Field("promised_date", "date", aliases=("fecha prometida", "fecha compromiso", "fecha de pago")),
        Field(
            "next_action_date",
            "date",
            aliases=("próxima acción", "fecha próxima acción", "siguiente gestión"),
        ),
        Field("salesperson", ref="salespeople"),
    ),
)

KINDS: list = [CREDIT_LIMITS, FOLLOWUPS]
