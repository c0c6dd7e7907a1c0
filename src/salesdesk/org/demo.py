"""The demo database: built from the shipped ``sample_data/`` CSV files with bulk inserts."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from salesdesk.core import db
from salesdesk.core.errors import DataError
from salesdesk.core.i18n import _
from salesdesk.org.models import (
    Customer,
    CustomerGroup,
    Invoice,
    Order,
    Payment,
    Product,
    Salesperson,
    Territory,
)
from salesdesk.settings import cache_dir

#: Files in load order (references point backwards only).
FILES = (
    "territories",
    "salespeople",
    "customer_groups",
    "customers",
    "products",
    "orders",
    "invoices",
    "payments",
)


def sample_data_dir() -> Path:
    """The shipped sample data: package data in an installed wheel, else the repository's folder."""
    packaged = Path(str(resources.files("salesdesk") / "sample_data"))
    if packaged.is_dir():
        return packaged
    repo = Path(__file__).resolve().parents[3] / "sample_data"
    if repo.is_dir():
        return repo
    raise DataError("sample_data", str(packaged), _("the demo data is not installed"))


def demo_path() -> Path:
    return cache_dir() / "demo.sqlite"


def _rows(folder: Path, name: str) -> Iterator[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh, strict=True)


def _d(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _ids(conn: Connection, model, key: str = "code") -> dict[str, int]:  # noqa: ANN001
    return {k: i for i, k in conn.execute(select(model.id, getattr(model, key)))}


def load_sample_data(conn: Connection, folder: Path) -> dict[str, int]:
    """Insert every sample file into an empty, migrated database; returns row counts per file."""
    counts: dict[str, int] = {}

    def put(model, name: str, rows: list[dict]) -> None:  # noqa: ANN001
        if rows:
            conn.execute(insert(model), rows)
        counts[name] = len(rows)

    territories = list(_rows(folder, "territories"))
    put(
        Territory,
        "territories",
        [{"code": r["code"], "name": r["name"], "parent_id": None} for r in territories],
    )
    terr = _ids(conn, Territory)
    for r in territories:
        if r["parent"]:
            conn.execute(
                Territory.__table__.update()
                .where(Territory.__table__.c.code == r["code"])
                .values(parent_id=terr[r["parent"]])
            )
    put(
        Salesperson,
        "salespeople",
        [
            {
                "code": r["code"],
                "name": r["name"],
                "email": r["email"],
                "phone": r["phone"],
                "territory_id": terr.get(r["territory"]),
                "hire_date": _d(r["hire_date"]),
                "status": r["status"],
            }
            for r in _rows(folder, "salespeople")
        ],
    )
    put(
        CustomerGroup,
        "customer_groups",
        [{"code": r["code"], "name": r["name"]} for r in _rows(folder, "customer_groups")],
    )
    sp, grp = _ids(conn, Salesperson), _ids(conn, CustomerGroup)
    put(
        Customer,
        "customers",
        [
            {
                "code": r["code"],
                "name": r["name"],
                "tax_id": r["tax_id"],
                "territory_id": terr.get(r["territory"]),
                "group_id": grp.get(r["group"]),
                "salesperson_id": sp.get(r["salesperson"]),
                "tier": r["tier"],
                "terms_days": int(r["terms_days"]),
                "credit_limit": Decimal(r["credit_limit"]) if r["credit_limit"] else None,
                "city": r["city"],
                "email": r["email"],
                "phone": r["phone"],
                "customer_since": _d(r["customer_since"]),
            }
            for r in _rows(folder, "customers")
        ],
    )
    put(
        Product,
        "products",
        [
            {
                "code": r["code"],
                "name": r["name"],
                "product_line": r["product_line"],
                "list_price": Decimal(r["list_price"]),
                "max_discount": Decimal(r["max_discount"] or "0"),
                "needs_installation": r["needs_installation"].lower() in ("yes", "true", "1"),
            }
            for r in _rows(folder, "products")
        ],
    )
    cust = _ids(conn, Customer)
    put(
        Order,
        "orders",
        [
            {
                "number": r["number"],
                "customer_id": cust[r["customer"]],
                "salesperson_id": sp.get(r["salesperson"]),
                "date": _d(r["date"]),
                "amount": Decimal(r["amount"]),
                "status": r["status"],
            }
            for r in _rows(folder, "orders")
        ],
    )
    put(
        Invoice,
        "invoices",
        [
            {
                "number": r["number"],
                "customer_id": cust[r["customer"]],
                "salesperson_id": sp.get(r["salesperson"]),
                "issue_date": _d(r["issue_date"]),
                "due_date": _d(r["due_date"]),
                "amount": Decimal(r["amount"]),
            }
            for r in _rows(folder, "invoices")
        ],
    )
    inv = _ids(conn, Invoice, "number")
    put(
        Payment,
        "payments",
        [
            {
                "reference": r["reference"],
                "customer_id": cust[r["customer"]],
                "date": _d(r["date"]),
                "amount": Decimal(r["amount"]),
                "invoice_id": inv[r["invoice"]] if r["invoice"] else None,
            }
            for r in _rows(folder, "payments")
        ],
    )
    return counts


def _remove_database(path: Path) -> None:
    """Delete a database file with its WAL companions."""
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)


def build_demo(path: Path) -> dict[str, int]:
    """Build a fresh demo database at ``path`` (written beside it, then moved into place)."""
    tmp = path.with_name(path.name + ".building")
    _remove_database(tmp)
    engine = db.open_database(db.sqlite_url(tmp))
    try:
        with engine.begin() as conn:
            counts = load_sample_data(conn, sample_data_dir())
    finally:
        engine.dispose()
    os.replace(tmp, path)
    return counts


def ensure_demo(path: Path, *, fresh: bool = False) -> bool:
    """Make sure a current demo database exists at ``path``; returns True when it was (re)built."""
    if not fresh and path.exists():
        try:
            db.check_sqlite_file(path)
            engine = db.make_engine(db.sqlite_url(path))
            try:
                current = db.current_revision(engine)
            finally:
                engine.dispose()
            if current == db.head_revision():
                return False
        except DataError:
            pass
    _remove_database(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    build_demo(path)
    return True
