"""What the org room imports: territories, salespeople, customer groups, customers, products, orders,
invoices and payments (columns, types, Spanish aliases, natural keys, references)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from salesdesk.core.dbtypes import as_money
from salesdesk.core.errors import DataError
from salesdesk.core.i18n import N_, _
from salesdesk.core.importing.spec import Field, Kind, Lookup, RowProblem
from salesdesk.org import rules
from salesdesk.org.assignments import record_imported
from salesdesk.org.models import (
    Customer,
    CustomerAssignment,
    CustomerGroup,
    Invoice,
    Order,
    Payment,
    Product,
    Salesperson,
    Territory,
)


def _invoice_defaults(row: dict[str, Any], codes: dict[str, str], lookup: Lookup) -> None:
    """Due date = issue date + the customer's terms; salesperson = the customer's; due ≥ issue."""
    customer = lookup("customers", codes["customer"]) or {}
    if row.get("due_date") is None:
        row["due_date"] = row["issue_date"] + timedelta(days=customer.get("terms_days") or 0)
    if row.get("salesperson_id") is None:
        row["salesperson_id"] = customer.get("salesperson_id")
    if row["due_date"] < row["issue_date"]:
        raise RowProblem("due_date", _("is before the issue date"), row["due_date"].isoformat())
    if row["amount"] == 0:
        raise RowProblem("amount", _("must not be zero"), "0")


def _salesperson_rules(row: dict[str, Any], codes: dict[str, str], lookup: Lookup) -> None:
    """A role as the commands keep it (``Sales_Rep`` → ``sales_rep``)."""
    from salesdesk.org.assignments import clean_role

    if row.get("role"):
        try:
            row["role"] = clean_role(row["role"])
        except DataError as exc:
            raise RowProblem("role", exc.message, row["role"])


def limit_check(conn: Any, old: Mapping[str, Any], changed: Mapping[str, Any]) -> tuple[str, Any, str] | None:
    """A credit limit lowered below what the customer owes is refused here as on the command line."""
    if "credit_limit" not in changed:
        return None
    invoiced = select(func.coalesce(func.sum(Invoice.amount), 0)).where(Invoice.customer_id == old["id"])
    paid = select(func.coalesce(func.sum(Payment.amount), 0)).where(Payment.customer_id == old["id"])
    owed = conn.execute(select(as_money(invoiced.scalar_subquery() - paid.scalar_subquery()))).scalar()
    try:
        rules.check_credit_limit(old.get("credit_limit"), changed["credit_limit"], owed)
    except DataError as exc:
        return "credit_limit", exc.value, exc.message
    return None


def order_status_check(
    conn: Any, old: Mapping[str, Any], changed: Mapping[str, Any]
) -> tuple[str, Any, str] | None:
    """An order's status changes only as ``order status`` allows (an invoiced order never goes back to
    open): the same rule, ``rules.check_order_transition``."""
    if "status" not in changed:
        return None
    try:
        rules.check_order_transition(old["status"], changed["status"])
    except DataError as exc:
        return "status", exc.value, exc.message
    return None


def _order_defaults(row: dict[str, Any], codes: dict[str, str], lookup: Lookup) -> None:
    customer = lookup("customers", codes["customer"]) or {}
    if row.get("salesperson_id") is None:
        row["salesperson_id"] = customer.get("salesperson_id")


def _payment_rules(row: dict[str, Any], codes: dict[str, str], lookup: Lookup) -> None:
    if row["amount"] <= 0:
        raise RowProblem("amount", _("must be greater than zero"), str(row["amount"]))
    invoice = codes.get("invoice")
    if invoice:
        found = lookup("invoices", invoice) or {}
        if found.get("customer_id") != row["customer_id"]:
            raise RowProblem("invoice", _("belongs to another customer"), invoice)


KINDS = [
    Kind(
        name="territories",
        table=Territory.__table__,
        key="code",
        file_names=("zonas", "territorios"),
        description=N_("territory"),
        fields=(
            Field("code", "code", required=True),
            Field("name", required=True),
            Field("parent", ref="territories", aliases=("zona superior", "padre", "región", "region")),
        ),
    ),
    Kind(
        name="salespeople",
        table=Salesperson.__table__,
        key="code",
        file_names=("vendedores", "comerciales"),
        description=N_("salesperson"),
        audited=("status", "territory", "role"),
        entity="salesperson",
        defaults={"email": "", "phone": "", "status": "active", "role": "sales_rep"},
        complete=_salesperson_rules,
        fields=(
            Field("code", "code", required=True),
            Field("name", required=True),
            Field("email", "email"),
            Field("phone", "phone"),
            Field("territory", ref="territories"),
            Field("hire_date", "date", aliases=("fecha de alta", "fecha contratación", "alta")),
            Field("status", "choice", choices=rules.SALESPERSON_STATUSES),
            Field("role", "code", aliases=("puesto", "rol", "cargo")),
        ),
    ),
    Kind(
        name="customer_groups",
        table=CustomerGroup.__table__,
        key="code",
        file_names=("grupos", "grupos_clientes"),
        description=N_("customer group"),
        fields=(Field("code", "code", required=True), Field("name", required=True)),
    ),
    Kind(
        name="customers",
        table=Customer.__table__,
        key="code",
        file_names=("clientes",),
        description=N_("customer"),
        entity="customer",
        audited=("credit_limit", "tier", "payment_terms_days", "salesperson"),
        check_update=limit_check,
        after_write=record_imported,
        side_tables=(CustomerAssignment.__table__,),
        defaults={
            "tax_id": "",
            "tier": "C",
            "terms_days": 30,
            "city": "",
            "email": "",
            "phone": "",
            "credit_note": "",
        },
        fields=(
            Field("code", "code", required=True),
            Field("name", required=True),
            Field("tax_id", max_len=32),
            Field("territory", ref="territories"),
            Field("group", ref="customer_groups"),
            Field("salesperson", ref="salespeople"),
            Field("tier", "choice", choices=rules.TIERS),
            Field("payment_terms_days", "int", column="terms_days", low=0, high=rules.MAX_TERMS_DAYS),
            Field("credit_limit", "money"),
            Field("city", max_len=80),
            Field("email", "email"),
            Field("phone", "phone"),
            Field("customer_since", "date", aliases=("cliente desde", "fecha alta cliente")),
        ),
    ),
    Kind(
        name="products",
        table=Product.__table__,
        key="code",
        file_names=("productos", "articulos"),
        description=N_("product"),
        defaults={"product_line": "", "list_price": 0, "max_discount": 0, "needs_installation": False},
        fields=(
            Field("code", "code", required=True),
            Field("name", required=True),
            Field("product_line", max_len=80, aliases=("línea", "línea de producto", "familia")),
            Field("list_price", "money", aliases=("precio", "precio de lista", "pvp", "tarifa")),
            Field("max_discount", "percent", aliases=("descuento máximo", "dto máximo", "dto. máx.")),
            Field("needs_installation", "bool", aliases=("requiere instalación", "instalación")),
        ),
    ),
    Kind(
        name="orders",
        table=Order.__table__,
        key="number",
        file_names=("pedidos",),
        description=N_("order"),
        entity="order",
        audited=("status",),
        check_update=order_status_check,
        defaults={"status": "open"},
        ref_extras={"customers": ("salesperson_id",)},
        complete=_order_defaults,
        fields=(
            Field("number", "code", required=True),
            Field("customer", ref="customers", required=True),
            Field("salesperson", ref="salespeople"),
            Field("date", "date", required=True, aliases=("fecha pedido", "fecha de pedido")),
            Field("amount", "money", required=True),
            Field("status", "choice", choices=rules.ORDER_STATUSES),
        ),
    ),
    Kind(
        name="invoices",
        table=Invoice.__table__,
        key="number",
        file_names=("facturas",),
        description=N_("invoice"),
        ref_extras={"customers": ("terms_days", "salesperson_id")},
        complete=_invoice_defaults,
        fields=(
            Field("number", "code", required=True),
            Field("customer", ref="customers", required=True),
            Field("salesperson", ref="salespeople"),
            Field("issue_date", "date", required=True),
            Field("due_date", "date"),
            Field("amount", "money", required=True, signed=True),
        ),
    ),
    Kind(
        name="payments",
        table=Payment.__table__,
        key="reference",
        file_names=("cobros", "pagos"),
        description=N_("payment"),
        ref_extras={"invoices": ("customer_id",)},
        complete=_payment_rules,
        fields=(
            Field("reference", "code", required=True),
            Field("customer", ref="customers", required=True),
            Field("date", "date", required=True, aliases=("fecha cobro", "fecha de cobro", "fecha pago")),
            Field("amount", "money", required=True),
            Field("invoice", ref="invoices"),
        ),
    ),
]
