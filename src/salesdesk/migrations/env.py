"""Alembic environment: runs on the connection SalesDesk passes in (``config.attributes["connection"]``)."""

from alembic import context
from sqlmodel import SQLModel

from salesdesk.core import (
    business,  # noqa: F401  (registers business rules)
    history,  # noqa: F401  (registers change_log)
)
from salesdesk.core.importing import models as import_models  # noqa: F401  (registers import batches)
from salesdesk.rooms import room_modules

room_modules("models")  # registers every room's tables for autogenerate
target_metadata = SQLModel.metadata
connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only the program runs migrations
    raise RuntimeError("SalesDesk migrations run through salesdesk.core.db.upgrade")

context.configure(
    connection=connection,
    target_metadata=target_metadata,
    render_as_batch=True,
    include_object=context.config.attributes.get("include_object"),
)
with context.begin_transaction():
    context.run_migrations()
