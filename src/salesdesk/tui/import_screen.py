"""The Import screen: pick a file or folder, preview it, run the import with a progress bar, see the errors.

Reachable from every room (F2) and the command palette. Reading and importing run on worker threads.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    DirectoryTree,
    Input,
    Label,
    ProgressBar,
    Select,
    Static,
)

from salesdesk.core.i18n import _
from salesdesk.core.importing.engine import (
    ImportFailed,
    ImportResult,
    Options,
    Preview,
    order_jobs,
    preview,
    run_import,
)
from salesdesk.core.importing.spec import folder_jobs, kind_for
from salesdesk.rooms import import_kinds
from salesdesk.runtime import Runtime
from salesdesk.tui import meaning


class ImportScreen(ModalScreen[ImportResult | None]):
    """Dismisses with the result of the last import run (or None)."""

    BINDINGS = [
        Binding("escape", "close", _("Close")),
        Binding("ctrl+r", "run", _("Import")),
        Binding("f3", "columns", _("Columns")),
    ]

    def __init__(self, runtime: Runtime, start: Path | None = None) -> None:
        super().__init__()
        self.runtime = runtime
        self.kinds = import_kinds()
        self.start = start or Path.cwd()
        self.last: ImportResult | None = None
        self.running = False
        #: The column mapping chosen on the Columns screen for the current file ({header: column}).
        self.mapping: dict[str, str] = {}
        self.shown: Preview | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="import"):
            yield Label(_("Import CSV or Excel files"), id="import-title")
            with Horizontal(id="import-pick"):
                yield DirectoryTree(self.start, id="import-tree")
                with Vertical(id="import-side"):
                    yield Input(placeholder=_("File or folder to import"), id="import-path")
                    yield Select(
                        [(k, k) for k in self.kinds], prompt=_("Kind (from the file name)"), id="import-kind"
                    )
                    with Horizontal(id="import-options"):
                        yield Checkbox(_("Dry run"), id="import-dry")
                        yield Checkbox(_("Skip invalid rows"), id="import-skip")
                    with Horizontal(id="import-buttons"):
                        yield Button(_("Import"), variant="primary", id="import-run")
                        yield Button(_("Columns…"), id="import-map", disabled=True)
                        yield Button(_("Close"), id="import-close")
                    yield ProgressBar(id="import-progress", show_eta=False)
                    yield Static("", id="import-preview")
            yield Static("", id="import-summary")
            yield DataTable(id="import-errors", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#import-errors", DataTable)
        table.add_columns(_("File"), _("Line"), _("Column"), _("Problem"), _("Value"))
        table.display = False
        self.query_one("#import-progress", ProgressBar).display = False
        self.query_one("#import-path", Input).focus()

    # ------------------------------------------------------------------ picking

    @on(DirectoryTree.FileSelected)
    def _file_picked(self, event: DirectoryTree.FileSelected) -> None:
        self.query_one("#import-path", Input).value = str(event.path)

    @on(DirectoryTree.DirectorySelected)
    def _folder_picked(self, event: DirectoryTree.DirectorySelected) -> None:
        self.query_one("#import-path", Input).value = str(event.path)

    @on(Input.Changed, "#import-path")
    def _path_changed(self, event: Input.Changed) -> None:
        self._forget_preview()
        path = Path(event.value.strip()).expanduser()
        if path.is_file():
            kind = kind_for(path.stem, self.kinds)
            if kind is not None:
                self.query_one("#import-kind", Select).value = kind
            self._preview()
        elif path.is_dir():
            jobs, skipped = folder_jobs(path, self.kinds)
            jobs = order_jobs(self.kinds, jobs)
            lines = [_("Folder: {n} files to import, in dependency order").format(n=len(jobs))]
            lines += [f"  {kind}: {p.name}" for kind, p in jobs]
            lines += [_("  skipped: {file}").format(file=p.name) for p in skipped]
            self.query_one("#import-preview", Static).update("\n".join(lines))
        else:
            self.query_one("#import-preview", Static).update("")

    @on(Select.Changed, "#import-kind")
    def _kind_changed(self) -> None:
        self._forget_preview()
        if Path(self.query_one("#import-path", Input).value.strip()).expanduser().is_file():
            self._preview()

    def _forget_preview(self) -> None:
        self.mapping = {}
        self.shown = None
        self.query_one("#import-map", Button).disabled = True

    def _options(self, *, mapping: bool = True) -> Options:
        locale = self.runtime.locale
        return Options(
            dry_run=self.query_one("#import-dry", Checkbox).value,
            skip_invalid=self.query_one("#import-skip", Checkbox).value,
            default_number_format="es" if locale.startswith("es") else "en",
            mapping=dict(self.mapping) if mapping else {},
        )

    def _kind(self) -> str | None:
        value = self.query_one("#import-kind", Select).value
        return value if isinstance(value, str) else None

    def _preview(self) -> None:
        kind = self._kind()
        path = Path(self.query_one("#import-path", Input).value.strip()).expanduser()
        if kind is None:
            self.query_one("#import-preview", Static).update(_("Choose the kind of records in this file."))
            return
        self._read_preview(kind, path, self._options())

    @work(thread=True, exclusive=True, group="preview", exit_on_error=False)
    def _read_preview(self, kind: str, path: Path, options: Options) -> None:
        try:
            shown = preview(self.kinds, kind, path, options)
        except ImportFailed as exc:
            self.app.call_from_thread(self._show_text, "#import-preview", f"{exc.file}: {exc.message}")
            return
        self.app.call_from_thread(self._show_preview, shown)

    def _show_text(self, target: str, text: str) -> None:
        self.query_one(target, Static).update(text)

    def _show_preview(self, shown: Preview) -> None:
        self.shown = shown
        self.query_one("#import-map", Button).disabled = False
        table = Table(title=_("{kind} — {format}").format(kind=shown.kind, format=shown.dialect), expand=True)
        ignored = _("ignored")
        for header, column in zip(shown.header, shown.mapping, strict=True):
            table.add_column(f"{header}\n→ {column}" if column else f"{header}\n({ignored})", no_wrap=True)
        for row in shown.rows:
            table.add_row(*(row + [""] * (len(shown.header) - len(row)))[: len(shown.header)])
        notes = []
        if shown.missing:
            notes.append(
                Text(
                    _("Required columns no header fills: {names}. Map them with Columns… (F3).").format(
                        names=", ".join(shown.missing)
                    ),
                    style=f"bold {meaning.styles(self.app)[meaning.BAD]}",
                )
            )
        self.query_one("#import-preview", Static).update(Group(table, *notes))

    @on(Button.Pressed, "#import-map")
    def action_columns(self) -> None:
        """Change which column each header of the previewed file fills."""
        if self.shown is None or self.running:
            self.notify(_("Pick a file first: its columns show in the preview."), severity="warning")
            return
        from salesdesk.tui.mapping_screen import MappingScreen

        shown = self.shown

        def chosen(mapping: dict[str, str] | None) -> None:
            if mapping is not None and self.shown is shown:
                self.mapping = mapping
                self._preview()

        self.app.push_screen(MappingScreen(self.kinds[shown.kind], shown.header, shown.mapping), chosen)

    # ------------------------------------------------------------------ running

    @on(Button.Pressed, "#import-run")
    def action_run(self) -> None:
        if self.running:
            return
        path = Path(self.query_one("#import-path", Input).value.strip()).expanduser()
        single = not path.is_dir()
        if path.is_dir():
            jobs, _skipped = folder_jobs(path, self.kinds)
        elif path.is_file() and self._kind():
            jobs = [(self._kind(), path)]
        else:
            jobs = []
        if not jobs:
            self.notify(
                _("Pick a file and its kind, or a folder with files named after kinds."), severity="warning"
            )
            return
        self.running = True
        bar = self.query_one("#import-progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self._run(jobs, self._options(mapping=single))

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def _run(self, jobs: list[tuple[str, Path]], options: Options) -> None:
        def progress(kind: str, rows: int, done: int, total: int | None) -> None:
            self.app.call_from_thread(self._progress, kind, rows, done, total)

        try:
            result = run_import(
                self.runtime.engine, self.kinds, jobs, options, now=self.runtime.now(), progress=progress
            )
        except ImportFailed as exc:
            self.app.call_from_thread(self._failed, f"{exc.file}: {exc.message}")
            return
        except Exception as exc:  # noqa: BLE001 - shown, never a crash
            self.app.call_from_thread(self._failed, _("Import failed: {error}").format(error=exc))
            return
        self.app.call_from_thread(self._done, result)

    def _progress(self, kind: str, rows: int, done: int, total: int | None) -> None:
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=total, progress=done if total else 0)
        fmt = self.runtime.fmt
        if total:
            text = _("{kind}: {n} rows read ({done} of {total} MB)…").format(
                kind=kind,
                n=fmt.number(rows),
                done=fmt.number(Decimal(done) / 1_000_000, 1),
                total=fmt.number(Decimal(total) / 1_000_000, 1),
            )
        else:
            text = _("{kind}: {n} rows read…").format(kind=kind, n=fmt.number(rows))
        self.query_one("#import-summary", Static).update(text)

    def _failed(self, message: str) -> None:
        self.running = False
        self.query_one("#import-progress", ProgressBar).display = False
        self.query_one("#import-summary", Static).update(message)

    def _done(self, result: ImportResult) -> None:
        self.running = False
        self.last = result
        self.query_one("#import-progress", ProgressBar).display = False
        if result.dry_run:
            head = _("Dry run: nothing was written.")
        elif result.committed:
            head = _("Import done.")
        else:
            head = _("Nothing was imported: {n} rows have errors.").format(n=result.error_count)
        lines = [head]
        for k in result.kinds:
            lines.append(
                _(
                    "{kind}: {created} created, {updated} updated, {unchanged} unchanged, {rejected} rejected"
                ).format(
                    kind=k.kind,
                    created=k.created,
                    updated=k.updated,
                    unchanged=k.unchanged,
                    rejected=k.rejected,
                )
            )
        self.query_one("#import-summary", Static).update("\n".join(lines))
        table = self.query_one("#import-errors", DataTable)
        table.clear()
        for e in result.errors:
            table.add_row(Path(e.file).name, str(e.line), e.column, e.message, e.value)
        table.display = bool(result.errors)

    @on(Button.Pressed, "#import-close")
    def action_close(self) -> None:
        if not self.running:
            self.dismiss(self.last)
