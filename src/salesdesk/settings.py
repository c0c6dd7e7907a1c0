"""User preferences and paths: database location, language, locale, currency, theme and "today".

Precedence for every key: command-line flag > ``SALESDESK_*`` environment variable > the TOML config file
> the system locale > built-in default.  This module stays light (no SQLAlchemy, no Textual) so that
``salesdesk --help`` is fast.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path

import platformdirs

from salesdesk.core.errors import DataError
from salesdesk.core.i18n import N_, _

APP_NAME = "salesdesk"
LANGUAGES = ("en", "es")
THEMES = ("textual-dark", "textual-light")

#: Keys a user may set with ``salesdesk config set`` and their meaning (msgids, translated on display).
KEYS = {
    "lang": N_("User interface language: en or es"),
    "locale": N_("Locale for numbers and dates, e.g. es_ES, es_MX, en_US"),
    "currency": N_("Currency code (ISO 4217), e.g. EUR, MXN, USD"),
    "theme": N_("TUI theme: textual-dark or textual-light"),
    "db": N_("Database path or SQLAlchemy URL"),
}


def config_dir() -> Path:
    """Directory of the TOML config file (``SALESDESK_CONFIG_DIR`` overrides it)."""
    env = os.environ.get("SALESDESK_CONFIG_DIR")
    return Path(env) if env else Path(platformdirs.user_config_dir(APP_NAME))


def data_dir() -> Path:
    """Directory of the default database (``SALESDESK_DATA_DIR`` overrides it)."""
    env = os.environ.get("SALESDESK_DATA_DIR")
    return Path(env) if env else Path(platformdirs.user_data_dir(APP_NAME))


def cache_dir() -> Path:
    """Directory of rebuildable files such as the demo database (``SALESDESK_CACHE_DIR`` overrides it)."""
    env = os.environ.get("SALESDESK_CACHE_DIR")
    return Path(env) if env else Path(platformdirs.user_cache_dir(APP_NAME))


def config_file() -> Path:
    return config_dir() / "config.toml"


def system_language() -> str:
    """``es`` when LC_ALL / LC_MESSAGES / LANG start with ``es``, else ``en``."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "es" if value.lower().startswith("es") else "en"
    return "en"


def default_locale(lang: str) -> str:
    return "es_ES" if lang == "es" else "en_US"


@dataclass(frozen=True)
class Settings:
    """The effective settings of one run."""

    lang: str = "en"
    locale: str = "en_US"
    currency: str = "EUR"
    theme: str = "textual-dark"
    db: str = ""
    today_override: date | None = field(default=None)

    def today(self) -> date:
        """Today's date, or ``SALESDESK_TODAY`` when set (reproducible demos, tests, reports)."""
        return self.today_override or date.today()

    @property
    def db_url(self) -> str:
        return db_url(self.db or str(data_dir() / "salesdesk.sqlite"))


def db_url(value: str) -> str:
    """Turn a path or an SQLAlchemy URL into a URL."""
    if "://" in value:
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


def read_config_file(path: Path | None = None) -> dict[str, str]:
    path = path or config_file()
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DataError("config", str(path), _("the config file cannot be read: {error}").format(error=exc))
    return {k: str(v) for k, v in data.items() if k in KEYS}


def validate(key: str, value: str) -> str:
    """Check one setting; returns the normalised value or raises DataError naming key and value."""
    if key not in KEYS:
        raise DataError("key", key, _("unknown setting; known: {keys}").format(keys=", ".join(KEYS)))
    value = value.strip()
    if key == "lang":
        if value not in LANGUAGES:
            raise DataError(key, value, _("must be one of: {choices}").format(choices=", ".join(LANGUAGES)))
    elif key == "locale":
        from babel import Locale, UnknownLocaleError

        try:
            Locale.parse(value)
        except (ValueError, UnknownLocaleError):
            raise DataError(key, value, _("is not a known locale (e.g. es_ES, es_MX, en_US)"))
    elif key == "currency":
        from babel.numbers import is_currency

        value = value.upper()
        if not is_currency(value):
            raise DataError(key, value, _("is not an ISO 4217 currency code (e.g. EUR, MXN, USD)"))
    elif key == "theme" and value not in THEMES:
        raise DataError(key, value, _("must be one of: {choices}").format(choices=", ".join(THEMES)))
    return value


def write_config_value(key: str, value: str) -> Path:
    """Validate and store one key in the TOML config file; returns the file's path."""
    import tomli_w

    value = validate(key, value)
    path = config_file()
    data = read_config_file(path)
    data[key] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


def parse_today(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DataError("SALESDESK_TODAY", value, _("must be a date as YYYY-MM-DD"))


def load(*, lang: str | None = None, db: str | None = None, config: dict[str, str] | None = None) -> Settings:
    """Resolve the effective settings: flag > environment > config file > system locale > default."""
    file_values = read_config_file() if config is None else config
    values: dict[str, str] = {}
    for f in fields(Settings):
        if f.name == "today_override":
            continue
        env = os.environ.get("SALESDESK_" + f.name.upper())
        if env:
            values[f.name] = env
        elif f.name in file_values:
            values[f.name] = file_values[f.name]
    if lang:
        values["lang"] = lang
    if db:
        values["db"] = db
    values.setdefault("lang", system_language())
    values.setdefault("locale", default_locale(values["lang"]))
    for key in ("lang", "locale", "currency", "theme"):
        if key in values:
            values[key] = validate(key, values[key])
    today_env = os.environ.get("SALESDESK_TODAY")
    return replace(Settings(), **values, today_override=parse_today(today_env) if today_env else None)
