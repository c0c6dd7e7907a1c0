"""Language: gettext catalogues and Babel formatting of numbers, money and dates.

English msgids in the source; ``locale/es/LC_MESSAGES/salesdesk.mo`` holds Spanish. The command-line
framework's own messages are translated in ``salesdesk.cli_text``.
"""

from __future__ import annotations

import gettext as _gettext
from pathlib import Path

DOMAIN = "salesdesk"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"


def set_language(lang: str) -> None:
    """Select the UI language (``en`` or ``es``) for this process."""
    global _translation, _language
    _language = lang
    _translation = _gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def language() -> str:
    return _language


def _(message: str) -> str:
    """Translate a message to the active language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, where it is shown."""
    return message


def label(msgid: str) -> str:
    """Translate a ``context|text`` msgid (a status word whose Spanish depends on the noun it goes with:
    una acción abierta, un gasto aprobado); without a translation, the text after the context."""
    text = _(msgid)
    if text == msgid and "|" in msgid:
        return msgid.split("|", 1)[1]
    return text
