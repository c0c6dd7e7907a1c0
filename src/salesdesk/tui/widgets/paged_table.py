"""A table that pages from the database: only one page of rows is ever mounted.

The owner gives a ``fetch(offset, limit) -> (rows, total)`` callable that runs on a worker thread; rows are
``(key, cells)`` pairs. Moving the cursor past the last row loads the next page, above the first the
previous one; ``]`` and ``[`` jump a page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from salesdesk.core.i18n import _

Row = tuple[str, Sequence[str | Text]]
Fetch = Callable[[int, int], tuple[list[Row], int]]


@dataclass(frozen=True)
class Page:
    offset: int
    rows: list[Row]
    total: int


class _Table(DataTable):
    """DataTable whose cursor runs over the page edges into the next or previous page."""

    class Edge(Message):
        def __init__(self, step: int) -> None:
            self.step = step
            super().__init__()

    def action_cursor_down(self) -> None:
        if self.row_count and self.cursor_row >= self.row_count - 1:
            self.post_message(self.Edge(+1))
        else:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.row_count and self.cursor_row <= 0:
            self.post_message(self.Edge(-1))
        else:
            super().action_cursor_up()


class PagedTable(Vertical):
    """A page of rows from the database plus a line saying which rows of how many are shown."""

    BINDINGS = [
        Binding("right_square_bracket", "page(1)", _("Next page"), show=False),
        Binding("left_square_bracket", "page(-1)", _("Previous page"), show=False),
    ]

    class Highlighted(Message):
        """The highlighted row changed (``key`` None: no rows)."""

        def __init__(self, table: PagedTable, key: str | None) -> None:
            self.table = table
            self.key = key
            super().__init__()

    class Chosen(Message):
        """Enter on a row."""

        def __init__(self, table: PagedTable, key: str) -> None:
            self.table = table
            self.key = key
            super().__init__()

    class Failed(Message):
        def __init__(self, error: Exception) -> None:
            self.error = error
            super().__init__()

    def __init__(
        self,
        columns: Sequence[tuple[str, int | None]],
        fetch: Fetch,
        *,
        page_size: int = 100,
        id: str | None = None,
    ) -> None:  # noqa: A002
        super().__init__(id=id)
        self._column_specs = columns
        self._fetch = fetch
        self.page_size = page_size
        self.page_offset = 0
        self.total_rows = 0
        self.loaded: Page | None = None
        self._cursor_after_load: int | None = 0

    def compose(self) -> ComposeResult:
        table = _Table(cursor_type="row", zebra_stripes=True)
        for label, width in self._column_specs:
            table.add_column(label, width=width)
        yield table
        yield Static("", classes="paged-status")

    @property
    def table(self) -> DataTable:
        return self.query_one(_Table)

    def reload(self, *, offset: int = 0) -> None:
        """Fetch the page at ``offset`` again (after a filter change or a write)."""
        self._cursor_after_load = 0
        self._load(max(0, offset))

    def refresh_page(self) -> None:
        """Fetch the current page again, keeping the cursor where it is."""
        self._cursor_after_load = self.table.cursor_row if self.table.row_count else 0
        self._load(self.page_offset)

    @work(thread=True, exclusive=True, group="page", exit_on_error=False)
    def _load(self, offset: int) -> None:
        try:
            rows, total = self._fetch(offset, self.page_size)
        except Exception as exc:  # noqa: BLE001 - shown to the user by the owner
            self.post_message(self.Failed(exc))
            return
        self.app.call_from_thread(self._show, Page(offset, rows, total))

    def _show(self, page: Page) -> None:
        self.loaded = page
        self.page_offset, self.total_rows = page.offset, page.total
        table = self.table
        table.clear()
        for key, cells in page.rows:
            table.add_row(*cells, key=key)
        cursor = self._cursor_after_load
        if page.rows:
            table.move_cursor(
                row=min(
                    len(page.rows) - 1, cursor if cursor is not None and cursor >= 0 else len(page.rows) - 1
                )
            )
        self._cursor_after_load = 0
        status = self.query_one(".paged-status", Static)
        if page.total:
            status.update(
                _("{first}–{last} of {total}").format(
                    first=page.offset + 1, last=page.offset + len(page.rows), total=page.total
                )
            )
        else:
            status.update(_("Nothing to show"))
        self.post_message(self.Highlighted(self, self.current_key()))

    def current_key(self) -> str | None:
        table = self.table
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value)

    def action_page(self, step: int) -> None:
        new = self.page_offset + step * self.page_size
        if 0 <= new < self.total_rows:
            self._cursor_after_load = 0 if step > 0 else -1
            self._load(new)

    @on(_Table.Edge)
    def _edge(self, event: _Table.Edge) -> None:
        event.stop()
        self.action_page(event.step)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.post_message(self.Highlighted(self, str(event.row_key.value) if event.row_key else None))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key is not None:
            self.post_message(self.Chosen(self, str(event.row_key.value)))
