"""Settings: flag > SALESDESK_* environment > config file > system locale > default; validation; paths."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

from salesdesk import settings
from salesdesk.core.errors import DataError
from tests.conftest import TODAY

# --------------------------------------------------------------------------- precedence


def test_default_is_english(monkeypatch: pytest.MonkeyPatch) -> None:
    # conftest: LANG=C.UTF-8, no LC_ALL / LC_MESSAGES, no config file
    s = settings.load()
    assert (s.lang, s.locale, s.currency, s.theme) == ("en", "en_US", "EUR", "textual-dark")
    monkeypatch.delenv("LANG")
    assert settings.load().lang == "en"


def test_system_lang_spanish(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    s = settings.load()
    assert s.lang == "es"
    assert s.locale == "es_ES"  # the number locale follows the language when not set
    assert settings.system_language() == "es"


def test_lc_all_wins_over_lang(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    assert settings.system_language() == "en"
    monkeypatch.setenv("LC_ALL", "es_MX.UTF-8")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert settings.system_language() == "es"


def test_config_file_beats_system_lang(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    path = settings.write_config_value("lang", "en")
    assert path == settings.config_file()
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {"lang": "en"}
    assert settings.load().lang == "en"


def test_env_beats_config_file(monkeypatch: pytest.MonkeyPatch) -> None:
    settings.write_config_value("lang", "en")
    monkeypatch.setenv("SALESDESK_LANG", "es")
    s = settings.load()
    assert s.lang == "es"
    assert s.locale == "es_ES"


def test_flag_beats_env_config_and_system(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    settings.write_config_value("lang", "es")
    monkeypatch.setenv("SALESDESK_LANG", "es")
    assert settings.load(lang="en").lang == "en"
    monkeypatch.setenv("SALESDESK_LANG", "en")
    assert settings.load(lang="es").lang == "es"


def test_each_level_for_other_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    settings.write_config_value("currency", "mxn")  # normalised to upper case
    settings.write_config_value("locale", "es_MX")
    settings.write_config_value("theme", "textual-light")
    assert tomllib.loads(settings.config_file().read_text(encoding="utf-8")) == {
        "currency": "MXN",
        "locale": "es_MX",
        "theme": "textual-light",
    }
    s = settings.load()
    assert (s.lang, s.locale, s.currency, s.theme) == ("en", "es_MX", "MXN", "textual-light")
    monkeypatch.setenv("SALESDESK_CURRENCY", "usd")
    monkeypatch.setenv("SALESDESK_LOCALE", "en_US")
    s = settings.load()
    assert (s.locale, s.currency, s.theme) == ("en_US", "USD", "textual-light")


def test_explicit_config_mapping_replaces_the_file() -> None:
    settings.write_config_value("lang", "es")
    assert settings.load(config={}).lang == "en"
    assert settings.load(config={"lang": "es"}).lang == "es"


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("key", "value"),
    [("lang", "xx"), ("currency", "EURO"), ("locale", "zz_ZZ"), ("theme", "pink")],
)
def test_invalid_values_are_refused_and_nothing_is_written(key: str, value: str) -> None:
    path = settings.config_file()
    with pytest.raises(DataError) as info:
        settings.write_config_value(key, value)
    assert info.value.field == key
    assert info.value.value == value
    assert key in str(info.value)
    assert value in str(info.value)
    assert not path.exists()


def test_invalid_value_leaves_an_existing_file_unchanged() -> None:
    path = settings.write_config_value("lang", "es")
    before = path.read_bytes()
    for key, value in (("lang", "xx"), ("currency", "EURO"), ("locale", "zz_ZZ")):
        with pytest.raises(DataError):
            settings.write_config_value(key, value)
    assert path.read_bytes() == before
    assert settings.load().lang == "es"


def test_unknown_key_is_refused() -> None:
    with pytest.raises(DataError) as info:
        settings.write_config_value("colour", "red")
    assert info.value.field == "key"
    assert info.value.value == "colour"
    assert not settings.config_file().exists()


def test_invalid_env_value_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SALESDESK_LANG", "xx")
    with pytest.raises(DataError) as info:
        settings.load()
    assert (info.value.field, info.value.value) == ("lang", "xx")


def test_unreadable_config_file_is_reported() -> None:
    path = settings.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("lang = [unclosed", encoding="utf-8")
    with pytest.raises(DataError) as info:
        settings.load()
    assert info.value.field == "config"
    assert info.value.value == str(path)


# --------------------------------------------------------------------------- today and the database


def test_salesdesk_today(monkeypatch: pytest.MonkeyPatch) -> None:
    assert settings.load().today() == TODAY == date(2026, 11, 28)
    monkeypatch.setenv("SALESDESK_TODAY", "2025-01-31")
    s = settings.load()
    assert s.today_override == date(2025, 1, 31)
    assert s.today() == date(2025, 1, 31)
    monkeypatch.delenv("SALESDESK_TODAY")
    assert settings.load().today_override is None


def test_salesdesk_today_invalid(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SALESDESK_TODAY", "28/11/2026")
    with pytest.raises(DataError) as info:
        settings.load()
    assert (info.value.field, info.value.value) == ("SALESDESK_TODAY", "28/11/2026")


def test_salesdesk_db_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SALESDESK_DB", str(tmp_path / "sales.sqlite"))
    assert settings.load().db_url == "sqlite:///" + str((tmp_path / "sales.sqlite").resolve())


def test_salesdesk_db_relative_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SALESDESK_DB", "data/sales.sqlite")
    assert settings.load().db_url == "sqlite:///" + str(tmp_path.resolve() / "data" / "sales.sqlite")


def test_salesdesk_db_home_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("SALESDESK_DB", "~/sales.sqlite")
    assert settings.load().db_url == "sqlite:///" + str(tmp_path.resolve() / "sales.sqlite")


def test_salesdesk_db_url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/other.sqlite"
    monkeypatch.setenv("SALESDESK_DB", url)
    assert settings.load().db_url == url


def test_db_flag_beats_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SALESDESK_DB", str(tmp_path / "env.sqlite"))
    assert settings.load(db=str(tmp_path / "flag.sqlite")).db_url == "sqlite:///" + str(
        (tmp_path / "flag.sqlite").resolve()
    )


def test_default_db_is_in_the_data_dir(isolated_env: Path) -> None:
    s = settings.load()
    assert s.db == ""
    assert s.db_url == "sqlite:///" + str((isolated_env / "data" / "salesdesk.sqlite").resolve())
