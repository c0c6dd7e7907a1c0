"""How a room declares what it imports: a ``Kind`` of records made of ``Field``s.

A field names its column (the English name is also the export header), its type, Spanish aliases, whether
it is required, and, for references, the kind whose key it holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salesdesk.core.i18n import N_, _
from salesdesk.core.text import fold

TYPES = ("code", "text", "int", "money", "percent", "date", "bool", "choice", "email", "phone")

#: Aliases every kind understands for a field of that name (headers match ignoring case, accents,
#: spaces and punctuation).
COMMON_ALIASES: Mapping[str, tuple[str, ...]] = {
    "code": ("código", "cod", "codigo cliente"),
    "name": ("nombre", "razón social", "denominación", "descripción"),
    "tax_id": ("nif", "cif", "rfc", "ruc", "cuit", "nit", "nif/cif"),
    "territory": ("zona", "territorio"),
    "group": ("grupo", "grupo de clientes"),
    "salesperson": ("vendedor", "comercial"),
    "tier": ("categoría", "clase"),
    "payment_terms_days": ("días de pago", "plazo de pago", "terms_days", "terms"),
    "credit_limit": ("límite de crédito", "límite", "riesgo concedido"),
    "city": ("ciudad", "población"),
    "email": ("correo", "e-mail", "correo electrónico"),
    "phone": ("teléfono", "tel", "móvil"),
    "number": ("número", "nº", "num", "no"),
    "customer": ("cliente", "código cliente", "cod cliente"),
    "date": ("fecha",),
    "issue_date": ("fecha", "fecha factura", "fecha emisión", "date"),
    "due_date": ("vencimiento", "fecha vencimiento", "fecha de vencimiento"),
    "amount": ("importe", "total", "monto", "importe neto", "base imponible"),
    "reference": ("referencia", "ref"),
    "invoice": ("factura", "nº factura", "número factura"),
    "status": ("estado",),
}


def header_key(text: str) -> str:
    """A header as compared: folded, without spaces or punctuation (``"Nº Factura"`` → ``"nofactura"``)."""
    return re.sub(r"[\W_]+", "", fold(text))


class RowProblem(Exception):
    """A row-level rule failed: the field (or "" for the row), a translated message, the value."""

    def __init__(self, field: str, message: str, value: object = "") -> None:
        self.field, self.message, self.value = field, message, value
        super().__init__(message)


#: How each field type is named to a user (msgids; ``type_label`` translates).
TYPE_LABELS = {
    "text": N_("text"),
    "code": N_("code"),
    "money": N_("amount"),
    "percent": N_("percent"),
    "int": N_("whole number"),
    "date": N_("date"),
    "bool": N_("yes/no"),
    "choice": N_("one of a list"),
    "email": N_("email"),
    "phone": N_("phone"),
}


@dataclass(frozen=True)
class Field:
    name: str
    type: str = "text"
    aliases: tuple[str, ...] = ()
    required: bool = False
    choices: tuple[str, ...] = ()
    #: For references: the kind whose key this field holds.
    ref: str | None = None
    #: The table column; default ``name`` (``name_id`` for references).
    column: str | None = None
    #: Money that may be negative (credit notes).
    signed: bool = False
    low: int | None = None
    high: int | None = None
    max_len: int = 200
    #: A blank cell clears the stored value (``credit_limits.amount``: blank means no credit). Otherwise a
    #: blank cell leaves an existing record's value as it is, and a new record takes the kind's default.
    blank_clears: bool = False

    @property
    def type_label(self) -> str:
        """The type as the user reads it, in the active language (``choice`` lists its values)."""
        if self.ref:
            return _("code of {kind}").format(kind=self.ref)
        if self.type == "choice" and self.choices:
            return "/".join(self.choices)
        return _(TYPE_LABELS.get(self.type, self.type))

    @property
    def db_column(self) -> str:
        return self.column or (f"{self.name}_id" if self.ref else self.name)

    def header_keys(self) -> set[str]:
        names = (self.name, self.name.replace("_", " "), *self.aliases, *COMMON_ALIASES.get(self.name, ()))
        return {header_key(n) for n in names}


#: ``complete(row, lookup)`` fills derived values and checks row rules; ``lookup(kind, key)`` returns the
#: referenced record's extra columns (``ref_extras``) or None.
Lookup = Callable[[str, str], Mapping[str, Any] | None]


@dataclass(frozen=True)
class FileContext:
    """What a file's check (``Kind.check_file``) is given besides the rows: the import's time (the
    change history's) and ``warn(message)``, a line shown with the file's result that refuses nothing."""

    now: Any
    warn: Callable[[str], None]


@dataclass(frozen=True)
class Kind:
    """A kind of record a file can hold."""

    name: str
    #: The SQLAlchemy table the records go to.
    table: Any
    #: The natural key: one field name, or several joined by commas ("year,month").
    key: str
    fields: tuple[Field, ...]
    #: File stems that mean this kind (``facturas.csv``), besides its name.
    file_names: tuple[str, ...] = ()
    #: Fields whose changes are decisions kept in the change history.
    audited: tuple[str, ...] = ()
    #: Values for blank optional fields when a record is created.
    defaults: Mapping[str, Any] = field(default_factory=dict)
    complete: Callable[[dict[str, Any], Lookup], None] | None = None
    #: Extra columns to read from referenced kinds, for ``complete``.
    ref_extras: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: The entity name in the change history.
    entity: str = ""
    description: str = ""
    #: Kinds a folder import must load first besides the referenced ones (``credit_limits`` → customers).
    after: tuple[str, ...] = ()
    #: False: the kind only changes existing records (a row whose key is unknown is an error).
    creates: bool = True
    #: The change-history field name of an audited field, when it differs (``amount`` → ``credit_limit``).
    history_fields: Mapping[str, str] = field(default_factory=dict)
    #: ``check_update(conn, old, changed)``: a row rule that needs the database (the record as stored and
    #: the columns about to change); returns ``(field, value, message)`` to refuse the row, or None.
    check_update: (
        Callable[[Any, Mapping[str, Any], Mapping[str, Any]], tuple[str, Any, str] | None] | None
    ) = None

    #: ``check_file(conn, rows, context)``: a rule over the whole file, run once its rows are written
    #: (in the same transaction), with the (row, codes, old) of every row the file creates (``old``
    #: None) or changes (``old`` the record as it was); unchanged rows are left out. Returns
    #: ``(field, value, message)`` problems, each an error of the file (seasonality: twelve weights
    #: that total 100 per year), which refuse the import even with ``--skip-invalid``. ``context`` (a
    #: :class:`FileContext`) gives the import's time and a way to warn without refusing.
    check_file: (
        Callable[
            [Any, list[tuple[dict[str, Any], dict[str, str], dict[str, Any] | None]], FileContext],
            list[tuple[str, Any, str]],
        ]
        | None
    ) = None

    #: ``after_write(conn, rows, context)``: what the file's rows imply elsewhere, written in the same
    #: transaction once the rows and ``check_file`` passed (a customer's new salesperson opens an
    #: assignment); given the same (row, codes, old) as ``check_file``. Rows it adds to ``side_tables``
    #: are recorded with the batch (undo removes them); it returns the updates it made, as (table,
    #: record id, before, after) column dicts, so undo can put them back.
    after_write: (
        Callable[
            [Any, list[tuple[dict[str, Any], dict[str, str], dict[str, Any] | None]], FileContext],
            list[tuple[Any, int, dict[str, Any], dict[str, Any]]] | None,
        ]
        | None
    ) = None
    side_tables: tuple[Any, ...] = ()

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def key_fields(self) -> tuple[Field, ...]:
        return tuple(self.field(name.strip()) for name in self.key.split(","))

    @property
    def key_field(self) -> Field:
        """The (first) key field: the one referenced kinds match on, and error messages name."""
        return self.key_fields[0]

    @property
    def depends(self) -> tuple[str, ...]:
        refs = (f.ref for f in self.fields if f.ref and f.ref != self.name)
        return tuple(dict.fromkeys((*refs, *self.after)))


def kind_for(name: str, kinds: dict) -> str | None:
    """The kind a name (or a file stem) means: its English name or a Spanish alias, ignoring case/accents."""
    wanted = header_key(name)
    for kind in kinds.values():
        if wanted in {header_key(n) for n in (kind.name, *kind.file_names)}:
            return kind.name
    return None


def folder_jobs(folder: Path, kinds: dict) -> tuple[list[tuple[str, Path]], list[Path]]:
    """The recognised files of a folder (top level only) and the skipped ones."""
    jobs, skipped = [], []
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        # Excel's lock files (~$clientes.xlsx) and hidden files are never data
        hidden = path.name.startswith(("~$", "."))
        readable = path.suffix.lower() in (".csv", ".txt", ".tsv", ".xlsx")
        name = kind_for(path.stem, kinds) if readable and not hidden else None
        if name is None:
            skipped.append(path)
        else:
            jobs.append((name, path))
    return jobs, skipped
