"""Translation of the command-line framework's own words (usage errors, help headings).

Typer vendors Click without gettext, so its fixed English messages are matched here and rendered through
our catalogue.
"""

from __future__ import annotations

import re

from salesdesk.core.i18n import N_, _

#: Click's messages as patterns, with the msgid that renders each.
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^No such command '(?P<name>.+)'\.$"), N_("No such command '{name}'.")),
    (
        re.compile(r"^No such option: (?P<name>\S+)(?: Did you mean (?P<hint>.+)\?)?$"),
        N_("No such option: {name}"),
    ),
    (re.compile(r"^Missing option '(?P<name>.+)'\.(?P<rest>.*)$"), N_("Missing option '{name}'.")),
    (re.compile(r"^Missing argument '(?P<name>.+)'\.(?P<rest>.*)$"), N_("Missing argument '{name}'.")),
    (re.compile(r"^Missing parameter: (?P<name>.+)$"), N_("Missing argument '{name}'.")),
    (
        re.compile(r"^Got unexpected extra arguments? \((?P<name>.+)\)$"),
        N_("Unexpected extra arguments: {name}"),
    ),
    (re.compile(r"^Option '(?P<name>.+)' requires an argument\.$"), N_("Option '{name}' needs a value.")),
    (
        re.compile(r"^Invalid value for '(?P<name>.+)': '(?P<value>.*)' is not a valid integer\.$"),
        N_("Invalid value for '{name}': '{value}' is not a whole number."),
    ),
    (
        re.compile(r"^Invalid value for '?(?P<name>[^':]+)'?: (?P<value>.+)$"),
        N_("Invalid value for '{name}': {value}"),
    ),
]

#: Help headings and fixed help texts, marked for extraction.
HELP_WORDS = (
    N_("Usage: "),
    N_("Options"),
    N_("Commands"),
    N_("Arguments"),
    N_("Show this message and exit."),
    N_("required"),
    N_("default: {default}"),
)


def translate_message(message: str) -> str:
    for pattern, msgid in _PATTERNS:
        match = pattern.match(message.strip())
        if match:
            return _(msgid).format(**match.groupdict())
    return message


def install_help_translation() -> None:
    """Render Click's help headings ("Usage:", "Options") in the active language."""
    try:  # typer ≥ 0.29 vendors click
        from typer._click import core, formatting
    except ImportError:  # pragma: no cover - older typer on plain click
        from click import core, formatting

    class TranslatedFormatter(formatting.HelpFormatter):
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, args, prefix=_("Usage: ") if prefix is None else prefix)

        def write_heading(self, heading: str) -> None:
            super().write_heading(_(heading))

        def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:  # noqa: ANN001
            super().write_dl([(a, _(b) if b else b) for a, b in rows], col_max, col_spacing)

    core.Context.formatter_class = TranslatedFormatter
    try:  # typer's own "[required]" and "[default: …]" come from its module-level gettext alias
        import typer.core as typer_core

        typer_core._ = _  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover
        pass
