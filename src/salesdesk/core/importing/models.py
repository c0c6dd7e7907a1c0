"""Import batches: every import is recorded so it can be listed and undone."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, LargeBinary
from sqlmodel import Field, SQLModel

from salesdesk.core import dbtypes  # noqa: F401  (naming convention before any table)


class ImportBatch(SQLModel, table=True):
    __tablename__ = "import_batches"

    id: int | None = Field(default=None, primary_key=True)
    kind: str
    file: str
    mode: str = "upsert"
    started_at: datetime
    finished_at: datetime | None = None
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    user: str = ""
    undone_at: datetime | None = None


class ImportChange(SQLModel, table=True):
    """What a batch did to one table: a range of created ids, or one updated record with its old values."""

    __tablename__ = "import_changes"

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(
        sa_column=Column(Integer, ForeignKey("import_batches.id"), nullable=False, index=True)
    )
    table_name: str
    action: str  # "created" (first_id..last_id) or "updated" (first_id, before/after JSON)
    first_id: int
    last_id: int
    before: str | None = None
    #: "updated": the new values (JSON); "created": the columns the digests cover (a JSON list).
    after: str | None = None
    #: "created": 8 bytes per record, first_id to last_id, a digest of each record as the import left it.
    digests: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
