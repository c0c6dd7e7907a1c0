"""Command groups of the org room: customer, salesperson, territory, group, product, order, invoice, payment.

Only typer is imported at module level; database modules are imported inside the commands.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any

import typer

from salesdesk.core.i18n import _


def _rt(ctx: typer.Context):  # noqa: ANN202
    from salesdesk.cli import runtime

    return runtime(ctx)


@contextmanager
def _writing(ctx: typer.Context):  # noqa: ANN202
    from salesdesk.core.db import write_session

    with write_session(_rt(ctx).engine) as session:
        yield session


@contextmanager
def _reading(ctx: typer.Context):  # noqa: ANN202
    from salesdesk.core.db import read_session

    with read_session(_rt(ctx).engine) as session:
        yield session


def _json_opt() -> Any:
    return typer.Option(False, "--json", help=_("Print JSON (every matching row)."))


def _limit_opt() -> Any:
    return typer.Option(None, "--limit", min=1, help=_("At most N rows."))


def _offset_opt() -> Any:
    return typer.Option(0, "--offset", min=0, help=_("Skip the first N rows."))


def _page(rows: list, limit: int | None, offset: int) -> list:
    """``--offset`` rows skipped, at most ``--limit`` kept, over a listing computed in Python (every row by
    default); listings read straight from a table page in SQL instead."""
    return rows[offset:] if limit is None else rows[offset : offset + limit]


def _date_opt(name: str, help_text: str) -> Any:
    return typer.Option(None, name, help=help_text, metavar="YYYY-MM-DD")


def _as_of_opt() -> Any:
    return typer.Option(None, "--as-of", help=_("As of this date (default today)."), metavar="YYYY-MM-DD")


def _as_of(ctx: typer.Context, text: str | None):  # noqa: ANN202
    """The ``--as-of`` date, today when not given."""
    return _parse_date(text, "--as-of") or _rt(ctx).today()


def _parse_date(value: str | None, field: str):  # noqa: ANN202
    from salesdesk.org.rules import clean_date

    return clean_date(value, field, required=False)


def _done(message: str) -> None:
    typer.echo(message)


def _listing(ctx: typer.Context, rows: list, columns: list[tuple[str, str, str]], as_json: bool) -> None:
    """Print rows as JSON or a table; a column of kind "status" shows translated status words."""
    from salesdesk.core.output import Column, emit
    from salesdesk.org.rules import STATUS_LABELS

    cols = [
        Column(key, header, "text", STATUS_LABELS) if kind == "status" else Column(key, header, kind)
        for key, header, kind in columns
    ]
    emit(rows, cols, _rt(ctx).fmt, as_json=as_json)


@contextmanager
def _named_options(names: dict[str, str]):  # noqa: ANN202
    """Rule errors name the option the value came from (``--amount``, not ``amount``), by ``names``."""
    from salesdesk.core.errors import DataError

    try:
        yield
    except DataError as exc:
        raise type(exc)(names.get(exc.field, exc.field), exc.value, exc.message) from None


def _warn(lines: list[str]) -> None:
    """What a "warn" rule says, in one line on stderr (exit stays 0)."""
    from salesdesk.cli import err

    if lines:
        err(_("warning: {message}").format(message="; ".join(lines)))


def _group(help_text: str) -> typer.Typer:
    return typer.Typer(help=help_text, no_args_is_help=True, pretty_exceptions_enable=False)


# --------------------------------------------------------------------------- customer

customer_app = _group(_("Customers: add, edit, show and list."))


def _customer_fields(**values: str | None) -> dict[str, str | None]:
    return {k: v for k, v in values.items() if v is not None}


@customer_app.command("add", help=_("Add a customer: CODE --name N [options]."))
def customer_add(
    ctx: typer.Context,
    code: str = typer.Argument(..., help=_("Customer code.")),
    name: str = typer.Option(..., "--name", help=_("Customer name.")),
    tax_id: str | None = typer.Option(None, "--tax-id", help=_("Tax id (NIF/CIF/RFC).")),
    territory: str | None = typer.Option(None, "--territory", help=_("Territory (zone) code.")),
    group: str | None = typer.Option(None, "--group", help=_("Customer group code.")),
    salesperson: str | None = typer.Option(None, "--salesperson", help=_("Assigned salesperson code.")),
    tier: str | None = typer.Option(None, "--tier", help=_("Tier: A, B or C."), metavar="A|B|C"),
    terms: str | None = typer.Option(None, "--terms", help=_("Payment terms in days."), metavar="DAYS"),
    credit_limit: str | None = typer.Option(
        None, "--credit-limit", help=_("Credit limit (amount; empty for none)."), metavar="AMOUNT"
    ),
    city: str | None = typer.Option(None, "--city", help=_("City.")),
    email: str | None = typer.Option(None, "--email", help=_("Email address.")),
    phone: str | None = typer.Option(None, "--phone", help=_("Phone number.")),
    since: str | None = typer.Option(None, "--since", help=_("Customer since (date)."), metavar="YYYY-MM-DD"),
) -> None:
    from salesdesk.org import queries

    rt = _rt(ctx)
    data = _customer_fields(
        name=name,
        tax_id=tax_id,
        territory=territory,
        group=group,
        salesperson=salesperson,
        tier=tier,
        terms_days=terms,
        credit_limit=credit_limit,
        city=city,
        email=email,
        phone=phone,
        customer_since=since,
    )
    with _writing(ctx) as session:
        queries.add_customer(session=session, code=code, data=data, locale=rt.locale, now=rt.now())
    _done(_("Customer {code} added.").format(code=code.strip()))


@customer_app.command(
    "edit", help=_("Change fields of a customer: CODE [options]. Limit changes are kept in history.")
)
def customer_edit(
    ctx: typer.Context,
    code: str = typer.Argument(..., help=_("Customer code.")),
    name: str | None = typer.Option(None, "--name", help=_("Customer name.")),
    tax_id: str | None = typer.Option(None, "--tax-id", help=_("Tax id (NIF/CIF/RFC).")),
    territory: str | None = typer.Option(None, "--territory", help=_("Territory (zone) code.")),
    group: str | None = typer.Option(None, "--group", help=_("Customer group code.")),
    salesperson: str | None = typer.Option(None, "--salesperson", help=_("Assigned salesperson code.")),
    tier: str | None = typer.Option(None, "--tier", help=_("Tier: A, B or C."), metavar="A|B|C"),
    terms: str | None = typer.Option(None, "--terms", help=_("Payment terms in days."), metavar="DAYS"),
    credit_limit: str | None = typer.Option(
        None, "--credit-limit", help=_("Credit limit (amount; empty for none)."), metavar="AMOUNT"
    ),
    city: str | None = typer.Option(None, "--city", help=_("City.")),
    email: str | None = typer.Option(None, "--email", help=_("Email address.")),
    phone: str | None = typer.Option(None, "--phone", help=_("Phone number.")),
    since: str | None = typer.Option(None, "--since", help=_("Customer since (date)."), metavar="YYYY-MM-DD"),
    note: str = typer.Option("", "--note", help=_("Why (kept in the change history).")),
) -> None:
    from salesdesk.core.errors import DataError
    from salesdesk.org import queries

    rt = _rt(ctx)
    data = _customer_fields(
        name=name,
        tax_id=tax_id,
        territory=territory,
        group=group,
        salesperson=salesperson,
        tier=tier,
        terms_days=terms,
        credit_limit=credit_limit,
        city=city,
        email=email,
        phone=phone,
        customer_since=since,
    )
    if not data:
        raise DataError("options", "", _("name at least one field to change (see --help)"))
    with _writing(ctx) as session:
        changed = queries.edit_customer(
            session=session, code=code, data=data, locale=rt.locale, now=rt.now(), note=note
        )
    if changed:
        _done(_("Customer {code} updated: {fields}.").format(code=code, fields=", ".join(changed)))
    else:
        _done(_("Customer {code}: nothing changed.").format(code=code))


@customer_app.command(
    "show", help=_("Show one customer: every field, open balance, recent invoices and payments.")
)
def customer_show(
    ctx: typer.Context, code: str = typer.Argument(..., help=_("Customer code.")), json_: bool = _json_opt()
) -> None:
    from salesdesk.core.output import print_json
    from salesdesk.org import queries

    rt = _rt(ctx)
    with _reading(ctx) as session:
        detail = queries.customer_detail(session=session, code=code, today=rt.today())
    if json_:
        print_json(detail)
        return
    from rich.console import Console

    from salesdesk.org.render import customer_card

    Console().print(customer_card(detail, rt.fmt, rt.today()))


@customer_app.command(
    "merge",
    help=_(
        "Merge a duplicate customer into the one kept: KEEP DUPLICATE [--yes]. Invoices, payments, orders, "
        "visits, complaints and everything else of DUPLICATE move to KEEP (blank fields of KEEP are filled "
        "from it), the merge is recorded in the change history and DUPLICATE is removed. Asks first "
        "unless --yes."
    ),
)
def customer_merge(
    ctx: typer.Context,
    keep: str = typer.Argument(..., help=_("The customer kept (code).")),
    duplicate: str = typer.Argument(..., help=_("The duplicate, merged and removed (code).")),
    yes: bool = typer.Option(False, "--yes", "-y", help=_("Do not ask for confirmation.")),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.cli import confirm_or_refuse
    from salesdesk.core.output import print_json
    from salesdesk.intel import merge

    rt = _rt(ctx)
    with _reading(ctx) as session:
        moving = merge.linked(session=session, keep=keep, duplicate=duplicate)
    summary = merge.summary(moving)
    confirm_or_refuse(
        _("Merge {dup} into {keep} ({summary}) and remove {dup}?").format(
            dup=duplicate.strip(), keep=keep.strip(), summary=summary
        ),
        yes,
    )
    with _writing(ctx) as session:
        done = merge.merge_customers(session=session, keep=keep, duplicate=duplicate, now=rt.now())
    if json_:
        print_json(
            {"keep": done.keep, "duplicate": done.duplicate, "moved": done.moved, "filled": done.filled}
        )
        return
    typer.echo(
        _("{dup} merged into {keep}: {summary}.").format(dup=done.duplicate, keep=done.keep, summary=summary)
    )
    if done.filled:
        typer.echo(_("Filled on {keep}: {fields}.").format(keep=done.keep, fields=", ".join(done.filled)))


@customer_app.command("list", help=_("List customers (filter by code, name, city or salesperson)."))
def customer_list(
    ctx: typer.Context,
    search: str = typer.Option("", "--search", "-s", help=_("Text to look for.")),
    json_: bool = _json_opt(),
    limit: int | None = _limit_opt(),
    offset: int = _offset_opt(),
) -> None:
    from salesdesk.org import queries

    with _reading(ctx) as session:
        rows = queries.list_customers(
            session=session, search=search, limit=limit, offset=offset, as_of=_rt(ctx).today()
        )
    _listing(
        ctx,
        rows,
        [
            ("code", _("Code"), "text"),
            ("name", _("Name"), "text"),
            ("city", _("City"), "text"),
            ("salesperson", _("Salesperson"), "text"),
            ("tier", _("Tier"), "text"),
            ("balance", _("Balance"), "money"),
        ],
        json_,
    )


# --------------------------------------------------------------------------- salesperson, territory, group

salesperson_app = _group(_("Salespeople: add, edit and list."))


@salesperson_app.command("add", help=_("Add a salesperson: CODE --name N [options]."))
def salesperson_add(
    ctx: typer.Context,
    code: str = typer.Argument(..., help=_("Salesperson code.")),
    name: str = typer.Option(..., "--name", help=_("Full name.")),
    email: str = typer.Option("", "--email", help=_("Email address.")),
    phone: str = typer.Option("", "--phone", help=_("Phone number.")),
    territory: str | None = typer.Option(None, "--territory", help=_("Territory (zone) code.")),
    hire_date: str | None = _date_opt("--hire-date", _("Hire date.")),
    status: str = typer.Option("active", "--status", help=_("active, on_leave or left.")),
    role: str = typer.Option(
        "sales_rep", "--role", help=_("Role (sales_rep, key_account, junior, team_lead…).")
    ),
) -> None:
    from salesdesk.org import queries

    with _writing(ctx) as session:
        row = queries.add_salesperson(
            role=role,
            session=session,
            code=code,
            name=name,
            email=email,
            phone=phone,
            territory=territory,
            hire_date=hire_date,
            status=status,
        )
    _done(_("Salesperson {code} added.").format(code=row.code))


@salesperson_app.command(
    "edit",
    help=_("Change a salesperson: CODE [options]. Role, territory and status changes are kept in history."),
)
def salesperson_edit(
    ctx: typer.Context,
    code: str = typer.Argument(..., help=_("Salesperson code.")),
    name: str | None = typer.Option(None, "--name", help=_("Full name.")),
    email: str | None = typer.Option(None, "--email", help=_("Email address.")),
    phone: str | None = typer.Option(None, "--phone", help=_("Phone number.")),
    role: str | None = typer.Option(
        None, "--role", help=_("Role (sales_rep, key_account, junior, team_lead…).")
    ),
    territory: str | None = typer.Option(
        None, "--territory", help=_("Territory (zone) code; empty for none.")
    ),
    hire_date: str | None = _date_opt("--hire-date", _("Hire date.")),
    status: str | None = typer.Option(None, "--status", help=_("active, on_leave or left.")),
    note: str = typer.Option("", "--note", help=_("Why (kept in the change history).")),
) -> None:
    from salesdesk.core.errors import DataError
    from salesdesk.org import assignments

    data = _customer_fields(
        name=name,
        email=email,
        phone=phone,
        role=role,
        territory=territory,
        hire_date=hire_date,
        status=status,
    )
    if not data:
        raise DataError("options", "", _("name at least one field to change (see --help)"))
    names = {
        k: "--" + k.replace("_", "-")
        for k in ("name", "email", "phone", "role", "territory", "hire_date", "status")
    }
    with _named_options(names), _writing(ctx) as session:
        changed = assignments.edit_salesperson(
            session=session, code=code, data=data, now=_rt(ctx).now(), note=note
        )
    if changed:
        _done(_("Salesperson {code} updated: {fields}.").format(code=code, fields=", ".join(changed)))
    else:
        _done(_("Salesperson {code}: nothing changed.").format(code=code))


@salesperson_app.command("list", help=_("List salespeople."))
def salesperson_list(ctx: typer.Context, json_: bool = _json_opt()) -> None:
    from salesdesk.org import queries

    with _reading(ctx) as session:
        rows = queries.list_salespeople(session=session)
    _listing(
        ctx,
        rows,
        [
            ("code", _("Code"), "text"),
            ("name", _("Name"), "text"),
            ("territory", _("Territory"), "text"),
            ("email", _("Email"), "text"),
            ("phone", _("Phone"), "text"),
            ("hire_date", _("Hired"), "date"),
            ("role", _("Role"), "text"),
            ("status", _("Status"), "status"),
        ],
        json_,
    )


territory_app = _group(_("Territories (region and zones): add and list."))


@territory_app.command("add", help=_("Add a territory: CODE --name N [--parent P]."))
def territory_add(
    ctx: typer.Context,
    code: str = typer.Argument(..., help=_("Territory code.")),
    name: str = typer.Option(..., "--name", help=_("Territory name.")),
    parent: str | None = typer.Option(None, "--parent", help=_("Parent territory code (a zone's region).")),
) -> None:
    from salesdesk.org import queries

    with _writing(ctx) as session:
        row = queries.add_territory(session=session, code=code, name=name, parent=parent)
    _done(_("Territory {code} added.").format(code=row.code))


@territory_app.command("list", help=_("List territories."))
def territory_list(ctx: typer.Context, json_: bool = _json_opt()) -> None:
    from salesdesk.org import queries

    with _reading(ctx) as session:
        rows = queries.list_territories(session=session)
    _listing(
        ctx,
        rows,
        [("code", _("Code"), "text"), ("name", _("Name"), "text"), ("parent", _("Parent"), "text")],
        json_,
    )


group_app = _group(_("Customer groups: add and list."))


@group_app.command("add", help=_("Add a customer group: CODE --name N."))
def group_add(
    ctx: typer.Context,
    code: str = typer.Argument(..., help=_("Group code.")),
    name: str = typer.Option(..., "--name", help=_("Group name.")),
) -> None:
    from salesdesk.org import queries

    with _writing(ctx) as session:
        row = queries.add_group(session=session, code=code, name=name)
    _done(_("Customer group {code} added.").format(code=row.code))


@group_app.command("list", help=_("List customer groups."))
def group_list(ctx: typer.Context, json_: bool = _json_opt()) -> None:
    from salesdesk.org import queries

    with _reading(ctx) as session:
        rows = queries.list_groups(session=session)
    _listing(ctx, rows, [("code", _("Code"), "text"), ("name", _("Name"), "text")], json_)


# --------------------------------------------------------------------------- product

product_app = _group(_("Products: add and list."))


@product_app.command("add", help=_("Add a product: CODE --name N [options]."))
def product_add(
    ctx: typer.Context,
    code: str = typer.Argument(..., help=_("Product code.")),
    name: str = typer.Option(..., "--name", help=_("Product name.")),
    line: str = typer.Option("", "--line", help=_("Product line.")),
    price: str = typer.Option("0", "--price", help=_("List price."), metavar="AMOUNT"),
    max_discount: str | None = typer.Option(
        None, "--max-discount", help=_("Maximum discount in percent."), metavar="PERCENT"
    ),
    needs_installation: bool = typer.Option(
        False, "--needs-installation/--no-installation", help=_("Whether the product must be installed.")
    ),
) -> None:
    from salesdesk.org import queries

    with _writing(ctx) as session:
        row = queries.add_product(
            session=session,
            code=code,
            name=name,
            product_line=line,
            list_price=price,
            max_discount=max_discount,
            needs_installation=needs_installation,
            locale=_rt(ctx).locale,
        )
    _done(_("Product {code} added.").format(code=row.code))


@product_app.command("list", help=_("List products."))
def product_list(ctx: typer.Context, json_: bool = _json_opt()) -> None:
    from salesdesk.org import queries

    with _reading(ctx) as session:
        rows = queries.list_products(session=session)
    _listing(
        ctx,
        rows,
        [
            ("code", _("Code"), "text"),
            ("name", _("Name"), "text"),
            ("product_line", _("Line"), "text"),
            ("list_price", _("List price"), "money"),
            ("max_discount", _("Max. discount %"), "text"),
            ("needs_installation", _("Installation"), "bool"),
        ],
        json_,
    )


# --------------------------------------------------------------------------- order, invoice, payment

order_app = _group(_("Orders: add, list and change status."))


@order_app.command("add", help=_("Add an order: NUMBER --customer C --amount A [options]."))
def order_add(
    ctx: typer.Context,
    number: str = typer.Argument(..., help=_("Order number.")),
    customer: str = typer.Option(..., "--customer", help=_("Customer code.")),
    amount: str = typer.Option(..., "--amount", help=_("Order amount."), metavar="AMOUNT"),
    date: str | None = _date_opt("--date", _("Order date (default today).")),
    salesperson: str | None = typer.Option(
        None, "--salesperson", help=_("Salesperson (default the customer's).")
    ),
    status: str = typer.Option("open", "--status", help=_("open, invoiced or cancelled.")),
) -> None:
    from salesdesk.org import queries

    rt = _rt(ctx)
    with _writing(ctx) as session:
        row = queries.add_order(
            session=session,
            number=number,
            customer=customer,
            amount=amount,
            locale=rt.locale,
            today=rt.today(),
            order_date=date,
            salesperson=salesperson,
            status=status,
        )
    _done(_("Order {number} added: {amount}.").format(number=row.number, amount=rt.fmt.money(row.amount)))


@order_app.command("status", help=_("Change an order's status: NUMBER invoiced|cancelled (kept in history)."))
def order_status(
    ctx: typer.Context,
    number: str = typer.Argument(..., help=_("Order number.")),
    status: str = typer.Argument(..., help=_("open, invoiced or cancelled."), metavar="STATUS"),
    note: str = typer.Option("", "--note", help=_("Why (kept in the change history).")),
) -> None:
    from salesdesk.org import queries
    from salesdesk.org.rules import STATUS_LABELS

    rt = _rt(ctx)
    with _writing(ctx) as session:
        new = queries.set_order_status(session=session, number=number, status=status, now=rt.now(), note=note)
    _done(_("Order {number} is now {status}.").format(number=number, status=_(STATUS_LABELS[new])))


@order_app.command("list", help=_("List orders, newest first."))
def order_list(
    ctx: typer.Context,
    customer: str | None = typer.Option(None, "--customer", help=_("Only this customer.")),
    status: str | None = typer.Option(None, "--status", help=_("open, invoiced or cancelled.")),
    json_: bool = _json_opt(),
    limit: int | None = _limit_opt(),
    offset: int = _offset_opt(),
) -> None:
    from salesdesk.org import queries

    with _reading(ctx) as session:
        rows = queries.list_orders(
            session=session, customer=customer, status=status, limit=limit, offset=offset
        )
    _listing(
        ctx,
        rows,
        [
            ("number", _("Number"), "text"),
            ("customer", _("Customer"), "text"),
            ("salesperson", _("Salesperson"), "text"),
            ("date", _("Date"), "date"),
            ("amount", _("Amount"), "money"),
            ("status", _("Status"), "status"),
        ],
        json_,
    )


invoice_app = _group(_("Invoices and credit notes: add and list."))


@invoice_app.command(
    "add", help=_("Add an invoice: NUMBER --customer C --amount A (negative: a credit note).")
)
def invoice_add(
    ctx: typer.Context,
    number: str = typer.Argument(..., help=_("Invoice number.")),
    customer: str = typer.Option(..., "--customer", help=_("Customer code.")),
    amount: str = typer.Option(
        ..., "--amount", help=_("Net amount; negative for a credit note."), metavar="AMOUNT"
    ),
    date: str | None = _date_opt("--date", _("Issue date (default today).")),
    due: str | None = _date_opt("--due", _("Due date (default issue date + customer's terms).")),
    salesperson: str | None = typer.Option(
        None, "--salesperson", help=_("Salesperson (default the customer's).")
    ),
) -> None:
    from salesdesk.org import queries

    rt = _rt(ctx)
    with _writing(ctx) as session:
        row = queries.add_invoice(
            session=session,
            number=number,
            customer=customer,
            amount=amount,
            locale=rt.locale,
            today=rt.today(),
            issue_date=date,
            due_date=due,
            salesperson=salesperson,
        )
    _done(
        _("Invoice {number} added: {amount}, due {due}.").format(
            number=row.number, amount=rt.fmt.money(row.amount), due=rt.fmt.date(row.due_date)
        )
    )


@invoice_app.command("list", help=_("List invoices, newest first."))
def invoice_list(
    ctx: typer.Context,
    customer: str | None = typer.Option(None, "--customer", help=_("Only this customer.")),
    date_from: str | None = _date_opt("--from", _("Issued on or after.")),
    date_to: str | None = _date_opt("--to", _("Issued on or before.")),
    json_: bool = _json_opt(),
    limit: int | None = _limit_opt(),
    offset: int = _offset_opt(),
) -> None:
    from salesdesk.org import queries

    with _reading(ctx) as session:
        rows = queries.list_invoices(
            session=session,
            customer=customer,
            date_from=_parse_date(date_from, "--from"),
            date_to=_parse_date(date_to, "--to"),
            limit=limit,
            offset=offset,
        )
    _listing(
        ctx,
        rows,
        [
            ("number", _("Number"), "text"),
            ("customer", _("Customer"), "text"),
            ("salesperson", _("Salesperson"), "text"),
            ("issue_date", _("Date"), "date"),
            ("due_date", _("Due"), "date"),
            ("amount", _("Amount"), "money"),
        ],
        json_,
    )


payment_app = _group(_("Payments received: add and list."))


@payment_app.command("add", help=_("Add a payment: REFERENCE --customer C --amount A [--invoice N]."))
def payment_add(
    ctx: typer.Context,
    reference: str = typer.Argument(..., help=_("Payment reference.")),
    customer: str = typer.Option(..., "--customer", help=_("Customer code.")),
    amount: str = typer.Option(..., "--amount", help=_("Amount received."), metavar="AMOUNT"),
    date: str | None = _date_opt("--date", _("Payment date (default today).")),
    invoice: str | None = typer.Option(
        None, "--invoice", help=_("Invoice it pays (default: oldest open first).")
    ),
    json_: bool = _json_opt(),
) -> None:
    from salesdesk.core.output import print_json
    from salesdesk.org import queries

    rt = _rt(ctx)
    with _writing(ctx) as session:
        result = queries.add_payment(
            session=session,
            reference=reference,
            customer=customer,
            amount=amount,
            locale=rt.locale,
            today=rt.today(),
            payment_date=date,
            invoice=invoice,
        )
    if json_:
        print_json(
            {
                **result.payment.__dict__,
                "applied": [{"invoice": a.invoice, "amount": a.amount} for a in result.applied],
                "unapplied": result.unapplied,
            }
        )
        return
    fmt = rt.fmt
    _done(
        _("Payment {reference} added: {amount}.").format(
            reference=reference, amount=fmt.money(result.payment.amount)
        )
    )
    for a in result.applied:
        _done(_("  applied to {invoice}: {amount}").format(invoice=a.invoice, amount=fmt.money(a.amount)))
    if result.unapplied:
        _done(_("  kept as customer credit: {amount}").format(amount=fmt.money(result.unapplied)))


@payment_app.command("list", help=_("List payments, newest first."))
def payment_list(
    ctx: typer.Context,
    customer: str | None = typer.Option(None, "--customer", help=_("Only this customer.")),
    date_from: str | None = _date_opt("--from", _("Received on or after.")),
    date_to: str | None = _date_opt("--to", _("Received on or before.")),
    json_: bool = _json_opt(),
    limit: int | None = _limit_opt(),
    offset: int = _offset_opt(),
) -> None:
    from salesdesk.org import queries

    with _reading(ctx) as session:
        rows = queries.list_payments(
            session=session,
            customer=customer,
            date_from=_parse_date(date_from, "--from"),
            date_to=_parse_date(date_to, "--to"),
            limit=limit,
            offset=offset,
        )
    _listing(
        ctx,
        rows,
        [
            ("reference", _("Reference"), "text"),
            ("customer", _("Customer"), "text"),
            ("date", _("Date"), "date"),
            ("amount", _("Amount"), "money"),
            ("invoice", _("Invoice"), "text"),
        ],
        json_,
    )


def apps() -> list[tuple[str, typer.Typer, str]]:
    """The room's command groups: (name, app, help)."""
    groups: list[tuple[str, typer.Typer]] = [
        ("customer", customer_app),
        ("salesperson", salesperson_app),
        ("territory", territory_app),
        ("group", group_app),
        ("product", product_app),
        ("order", order_app),
        ("invoice", invoice_app),
        ("payment", payment_app),
    ]
    return [(name, app, app.info.help or "") for name, app in groups]
