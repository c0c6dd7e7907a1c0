"""The credit room's import kinds."""

from __future__ import annotations

from salesdesk.core.i18n import N_
from salesdesk.core.importing.spec import Field, Kind
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

KINDS: list = [CREDIT_LIMITS]
