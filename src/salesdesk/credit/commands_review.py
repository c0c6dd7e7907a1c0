"""Credit commands (see the module body)."""

from __future__ import annotations

from salesdesk.credit.commands import credit_app  # noqa: F401
