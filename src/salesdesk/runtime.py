"""What one run of the program carries: settings, the database (opened on first use), formatting, clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from salesdesk.core.output import Formatter
from salesdesk.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


@dataclass
class Runtime:
    settings: Settings
    _engine: Engine | None = field(default=None, repr=False)

    @property
    def engine(self) -> Engine:
        """The database engine, opened (created or upgraded) on first use."""
        if self._engine is None:
            from salesdesk.core.db import open_database

            self._engine = open_database(self.settings.db_url)
        return self._engine

    @property
    def fmt(self) -> Formatter:
        return Formatter(self.settings.locale, self.settings.currency)

    @property
    def locale(self) -> str:
        return self.settings.locale

    def today(self) -> date:
        return self.settings.today()

    def now(self) -> datetime:
        """Now, in UTC; on the day ``SALESDESK_TODAY`` names when it is set."""
        now = datetime.now(UTC)
        if self.settings.today_override:
            return datetime.combine(self.settings.today_override, now.time(), tzinfo=UTC)
        return now

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
