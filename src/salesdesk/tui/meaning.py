"""Colours that carry meaning, the same in every room: good (ok, on track), caution (warning, at risk),
bad (over, off track, on hold). They come from the active theme's success / warning / error colours, so a
light or dark theme keeps them readable; widgets never name a colour themselves."""

from __future__ import annotations

from textual.app import App

GOOD, CAUTION, BAD = "good", "caution", "bad"
_VARIABLES = {GOOD: "success", CAUTION: "warning", BAD: "error"}


def styles(app: App) -> dict[str, str]:
    """Meaning → a Rich style (the theme's colour) for text drawn in tables and cards."""
    variables = app.get_css_variables()
    return {meaning: variables[name] for meaning, name in _VARIABLES.items()}
