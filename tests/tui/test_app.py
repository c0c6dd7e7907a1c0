"""The app shell: the desk summary, room keys, help, palette commands, themes."""

from __future__ import annotations

from salesdesk.tui.app import SalesDeskApp
from tests.tui.conftest import plain, settle


async def test_desk_summary_from_the_data(make_app):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        assert app.screen.__class__.__name__ == "HomeScreen"
        receivables = plain(app.screen.query_one("#tile-receivables"))
        assert "€120.00" in receivables  # 100 + 50 − 30
        overdue = plain(app.screen.query_one("#tile-overdue"))
        # F1 (due 2026-10-01) is overdue: 100 − 30 paid = 70; F2 (due 2026-10-31) is overdue too.
        assert "€120.00" in overdue
        assert "€200.00" in plain(app.screen.query_one("#tile-orders"))
        assert "3" in plain(app.screen.query_one("#tile-people"))
        assert "C001" in plain(app.screen.query_one("#top-overdue"))


async def test_number_keys_switch_rooms_and_back(make_app):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        await pilot.press("2")
        await settle(pilot, app)
        assert app.current_mode == "customers"
        await pilot.press("1")
        await settle(pilot, app)
        assert app.current_mode == "home"


async def test_help_lists_the_keys(make_app):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        await pilot.press("2")
        await settle(pilot, app)
        await pilot.press("f1")
        await settle(pilot, app)
        assert app.screen.__class__.__name__ == "HelpScreen"
        keys = plain(app.screen.query_one("#help-keys"))
        assert "Go to: Customers" in keys and "Add" in keys and "Edit" in keys
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.screen.__class__.__name__ == "CustomersScreen"


async def test_palette_offers_every_room_and_the_room_actions(make_app):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        await pilot.press("2")
        await settle(pilot, app)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Go to: Desk" in titles and "Go to: Customers" in titles
        assert "Customers: add customer…" in titles
        assert "Theme: switch dark / light" in titles
        add = next(c for c in app.get_system_commands(app.screen) if c.title == "Customers: add customer…")
        add.callback()
        await settle(pilot, app)
        assert app.screen.__class__.__name__ == "FormScreen"


async def test_dark_and_light_themes(make_app):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        assert app.theme == "textual-dark"
        await pilot.press("ctrl+t")
        await settle(pilot, app)
        assert app.theme == "textual-light"
        await pilot.press("2")
        await settle(pilot, app)
        assert app.screen.query_one("#customer-detail") is not None


def test_app_takes_its_runtime_and_creates_no_engine(db_path):
    from salesdesk import settings
    from salesdesk.runtime import Runtime

    rt = Runtime(settings.load(lang="en", db=str(db_path), config={}))
    app = SalesDeskApp(rt)
    assert app.runtime is rt
    assert rt._engine is None  # opened on first use, not at construction
    assert [r.key for r in app.rooms] == [
        "home", "customers", "plan", "credit", "expenses", "market", "visits", "complaints", "intel", "team",
        "service",
    ]  # fmt: skip
