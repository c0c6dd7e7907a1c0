"""Text helpers shared by search and data-quality rules (pure)."""

from __future__ import annotations

import re
import unicodedata

#: Codes users type (customer, invoice number, payment reference): letters, digits and ``. _ / -``.
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,31}$")


def fold(value: str | None) -> str:
    """Case- and accent-insensitive form for searching: ``"Cafetería ÁVILA"`` → ``"cafeteria avila"``."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
