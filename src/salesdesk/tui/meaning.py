"""Colours that carry meaning, the same in every room: good (ok, on track, growth), caution (warning, at
risk), bad (over, off track, on hold, overdue), and neutral (a plain quantity, such as a target). They come
from the active theme's success / warning / error / primary colours, so a light or dark theme keeps them
readable; widgets never name a colour themselves."""

from __future__ import annotations

from textual.app import App

GOOD, CAUTION, BAD, NEUTRAL = "good", "caution", "bad", "neutral"
_VARIABLES = {GOOD: "success", CAUTION: "warning", BAD: "error", NEUTRAL: "primary"}
_BY_THEME: dict[tuple[type, str], dict[str, str]] = {}


def styles(app: App) -> dict[str, str]:
    """Meaning → a Rich style (the theme's colour) for text drawn in tables and cards."""
    key = (type(app), app.theme)
    found = _BY_THEME.get(key)
    if found is None:
        variables = app.get_css_variables()
        found = _BY_THEME[key] = {meaning: variables[name] for meaning, name in _VARIABLES.items()}
    return found
