"""Text helpers shared by search and data-quality rules (pure)."""

from __future__ import annotations

import unicodedata


def fold(value: str | None) -> str:
    """Case- and accent-insensitive form for searching: ``"Cafetería ÁVILA"`` → ``"cafeteria avila"``."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
