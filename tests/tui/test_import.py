"""The Import screen through Pilot: preview a Spanish-Excel file, import, see errors, refresh the room."""

from __future__ import annotations

from sqlmodel import func, select

from salesdesk.core.db import read_session
from salesdesk.org.models import Customer
from tests.tui.conftest import plain, settle, wait_for

SPANISH = (
    "Código;Nombre;Población;Límite de crédito;Cliente desde\r\n"
    "C100;Ferretería Norte S.L.;Ávila;15.000,50;31/12/2020\r\n"
)


async def _open_import(pilot, app):
    await settle(pilot, app)
    await pilot.press("f2")
    await settle(pilot, app)
    assert app.screen.__class__.__name__ == "ImportScreen"
    return app.screen


async def test_preview_then_import_a_spanish_excel_file(make_app, seeded, tmp_path):
    file = tmp_path / "clientes.csv"
    file.write_bytes(SPANISH.encode("cp1252"))
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await _open_import(pilot, app)
        screen.query_one("#import-path").value = str(file)
        await wait_for(pilot, lambda: "cp1252" in plain(screen.query_one("#import-preview")))
        shown = plain(screen.query_one("#import-preview"))
        assert "customers" in shown and "semicolon" in shown and "es numbers" in shown
        assert "Límite de crédito" in shown and "credit_limit" in shown and "15.000,50" in shown
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: "Import done." in plain(screen.query_one("#import-summary")))
        assert "customers: 1 created" in plain(screen.query_one("#import-summary"))
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.screen.__class__.__name__ == "HomeScreen"
        assert "4" in plain(app.screen.query_one("#tile-people"))  # the desk read its data again
    with read_session(seeded) as s:
        c = s.exec(select(Customer).where(Customer.code == "C100")).one()
        assert (c.city, str(c.credit_limit), c.customer_since.isoformat()) == (
            "Ávila",
            "15000.50",
            "2020-12-31",
        )


async def test_errors_are_listed_and_nothing_is_written(make_app, seeded, tmp_path):
    file = tmp_path / "facturas.csv"
    file.write_text(
        "number,customer,issue_date,amount\nX1,C001,2026-11-01,10.00\nX2,NOPE,2026-11-02,5.00\n",
        encoding="utf-8",
    )
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await _open_import(pilot, app)
        screen.query_one("#import-path").value = str(file)
        await wait_for(pilot, lambda: "invoices" in plain(screen.query_one("#import-preview")))
        screen.query_one("#import-run").press()
        await wait_for(pilot, lambda: "Nothing was imported" in plain(screen.query_one("#import-summary")))
        errors = screen.query_one("#import-errors")
        assert errors.display and errors.row_count == 1
        assert errors.get_row_at(0)[1:3] == ["3", "customer"]
    with read_session(seeded) as s:
        assert s.exec(select(func.count()).select_from(Customer)).one() == 3


async def test_a_folder_lists_its_files_in_dependency_order(make_app, tmp_path):
    (tmp_path / "facturas.csv").write_text("number,customer,issue_date,amount\n", encoding="utf-8")
    (tmp_path / "clientes.csv").write_text("code,name\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("hello\n", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await _open_import(pilot, app)
        screen.query_one("#import-path").value = str(tmp_path)
        await pilot.pause()
        shown = plain(screen.query_one("#import-preview"))
        assert shown.index("customers: clientes.csv") < shown.index("invoices: facturas.csv")
        assert "skipped: notes.txt" in shown


async def test_columns_screen_maps_an_unknown_header_and_ignores_another(make_app, seeded, tmp_path):
    file = tmp_path / "clientes.csv"
    file.write_text(
        "Código;Razón;Población;Notas\r\nC200;Almacenes Sur;Sevilla;llamar lunes\r\n", encoding="utf-8"
    )
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await _open_import(pilot, app)
        screen.query_one("#import-path").value = str(file)
        await wait_for(pilot, lambda: "Razón" in plain(screen.query_one("#import-preview")))
        assert "(ignored)" in plain(screen.query_one("#import-preview"))
        await pilot.press("f3")
        await settle(pilot, app)
        mapping = app.screen
        assert mapping.__class__.__name__ == "MappingScreen"
        headers = mapping.header
        mapping.query_one(f"#mapping-{headers.index('Razón')}").value = "name"
        mapping.query_one(f"#mapping-{headers.index('Población')}").clear()
        await pilot.click("#mapping-apply")
        await settle(pilot, app)
        assert app.screen is screen
        assert screen.mapping["Razón"] == "name" and screen.mapping["Población"] == ""
        await wait_for(pilot, lambda: "→ name" in plain(screen.query_one("#import-preview")))
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: "Import done." in plain(screen.query_one("#import-summary")))
    with read_session(seeded) as s:
        c = s.exec(select(Customer).where(Customer.code == "C200")).one()
        assert (c.name, c.city) == ("Almacenes Sur", "")


async def test_columns_screen_refuses_one_column_twice(make_app, seeded, tmp_path):
    file = tmp_path / "clientes.csv"
    file.write_text("Código;Nombre;Otro\r\nC201;Uno;Dos\r\n", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await _open_import(pilot, app)
        screen.query_one("#import-path").value = str(file)
        await wait_for(pilot, lambda: "Otro" in plain(screen.query_one("#import-preview")))
        await pilot.press("f3")
        await settle(pilot, app)
        mapping = app.screen
        mapping.query_one("#mapping-2").value = "name"
        await pilot.click("#mapping-apply")
        await settle(pilot, app)
        assert app.screen is mapping  # still open: name would be filled twice
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.screen is screen and screen.mapping == {}


async def test_import_is_reachable_from_every_room_and_from_the_palette(make_app, seeded):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        for key in ("2", "3"):  # Customers, Plan
            await pilot.press(key)
            await settle(pilot, app)
            room = app.screen
            await pilot.press("f2")
            await settle(pilot, app)
            assert app.screen.__class__.__name__ == "ImportScreen"
            await pilot.press("escape")
            await settle(pilot, app)
            assert app.screen is room
        await pilot.press("ctrl+p")
        await settle(pilot, app)
        await pilot.press(*"Import: CSV")
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.screen.__class__.__name__ == "ImportScreen"
