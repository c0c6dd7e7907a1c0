"""Language: the Spanish catalogue is complete and compiled, and both the CLI and the TUI switch language."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
i18n_script = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(i18n_script)


def _po():
    with i18n_script.PO.open("rb") as fh:
        return read_po(fh, locale="es")


def test_every_msgid_in_the_code_has_a_spanish_translation():
    catalogue = {m.id: m for m in _po() if m.id}
    missing = []
    for message in i18n_script.extract_template():
        if not message.id:
            continue
        found = catalogue.get(message.id)
        if found is None or not found.string or found.fuzzy:
            missing.append(message.id)
    assert not missing, f"{len(missing)} msgids without Spanish: {missing[:20]}"


def test_translations_keep_their_placeholders():
    bad = [m.id for m in _po() if m.id and m.string
           and sorted(re.findall(r"{\w*}", m.id)) != sorted(re.findall(r"{\w*}", m.string))]
    assert not bad


def test_compiled_catalogue_matches_the_po_file():
    """The shipped .mo is compiled from the current .po (run scripts/i18n.py compile)."""
    with i18n_script.MO.open("rb") as fh:
        compiled = {m.id: m.string for m in read_mo(fh) if m.id}
    source = {m.id: m.string for m in _po() if m.id and m.string and not m.fuzzy}
    assert compiled == source


def _run(*args: str, lang_env: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if lang_env:
        env["SALESDESK_LANG"] = lang_env
    return subprocess.run([sys.executable, "-m", "salesdesk", *args], capture_output=True, text=True, env=env)


def test_cli_speaks_spanish_with_the_flag_the_environment_or_the_system_locale(tmp_path):
    db = str(tmp_path / "x.sqlite")
    flag = _run("--lang", "es", "customer", "--help")
    assert "Añadir" in flag.stdout and "Uso:" in flag.stdout
    env = _run("--db", db, "customer", "add", "C1", "--name", "X", "--credit-limit", "abc", lang_env="es")
    assert env.returncode == 1
    assert "no es un importe" in env.stderr
    english = _run("--db", db, "customer", "add", "C1", "--name", "X", "--credit-limit", "abc")
    assert "is not an amount" in english.stderr
    system = subprocess.run([sys.executable, "-m", "salesdesk", "customer", "--help"], capture_output=True,
                            text=True, env={**os.environ, "LANG": "es_ES.UTF-8"})
    assert "Añadir" in system.stdout
    usage = _run("--lang", "es", "customer", "nope")
    assert usage.returncode == 2 and "No existe" in usage.stderr


def test_money_and_dates_follow_the_locale(tmp_path, seeded, db_path):
    out = _run("--db", str(db_path), "--lang", "es", "invoice", "list").stdout
    assert "100,00\xa0€" in out and "01/09/2026" in out
    out_en = _run("--db", str(db_path), "invoice", "list").stdout
    assert "€100.00" in out_en and "09/01/2026" in out_en


def test_tui_in_spanish_and_english(seeded, db_path):
    script = textwrap.dedent(f"""
        import asyncio, sys
        from salesdesk import settings
        from salesdesk.core.i18n import set_language
        from salesdesk.runtime import Runtime

        async def main(lang):
            s = settings.load(lang=lang, db={str(db_path)!r}, config={{}})
            set_language(s.lang)
            from salesdesk.tui.app import SalesDeskApp
            app = SalesDeskApp(Runtime(s))
            async with app.run_test(size=(160, 48)) as pilot:
                for _ in range(3):
                    await pilot.pause(0.2)
                    await app.workers.wait_for_complete()
                home = str(app.screen.query_one("#tile-receivables").content)
                await pilot.press("2")
                for _ in range(3):
                    await pilot.pause(0.2)
                    await app.workers.wait_for_complete()
                keys = " ".join(b.binding.description for b in app.active_bindings.values())
                palette = [c.title for c in app.get_system_commands(app.screen)]
                print(app.screen.title, "|", home, "|", keys, "|", palette[0])

        asyncio.run(main(sys.argv[1]))
    """)
    es = subprocess.run([sys.executable, "-c", script, "es"], capture_output=True, text=True)
    assert es.returncode == 0, es.stderr
    assert "Clientes" in es.stdout and "Cuentas por cobrar" in es.stdout and "120,00" in es.stdout
    assert "Añadir" in es.stdout and "Ir a: Escritorio" in es.stdout
    en = subprocess.run([sys.executable, "-c", script, "en"], capture_output=True, text=True)
    assert en.returncode == 0, en.stderr
    assert "Customers" in en.stdout and "Receivables" in en.stdout and "€120.00" in en.stdout


def test_typer_help_marks_are_translated(cli):
    code, out, _err = cli("--lang", "es", "credit", "check", "--help")
    assert code == 0 and "[obligatoria]" in out and "[required]" not in out
    code, out, _err = cli("--lang", "es", "credit", "aging", "--help")
    assert code == 0 and "por defecto: customer" in " ".join(out.split())
