"""Import and export commands: ``salesdesk import …`` and ``salesdesk export KIND FILE``.

``import`` keeps its own words first (``--list``, ``--template``, ``history``, ``undo``), then an existing
folder, then ``KIND FILE``. Database and engine modules are imported inside the commands.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from salesdesk.core.i18n import _
from salesdesk.core.importing.spec import folder_jobs, kind_for

#: Errors printed after an import (all are counted; ``--errors-csv`` keeps every rejected row).
SHOWN_ERRORS = 20


def _kinds():  # noqa: ANN202
    from salesdesk.rooms import import_kinds

    return import_kinds()


def register(app: typer.Typer) -> None:
    from salesdesk.cli import confirm_or_refuse, err, runtime

    @app.command(
        "import",
        help=_(
            "Import CSV or Excel files: KIND FILE, or a FOLDER (file names give the kinds). "
            "Also: --list, --template KIND FILE, history, undo [BATCH]."
        ),
    )
    def import_command(
        ctx: typer.Context,
        args: list[str] = typer.Argument(None, help=_("KIND FILE, FOLDER, 'history' or 'undo [BATCH]'.")),
        list_kinds: bool = typer.Option(False, "--list", help=_("Show the kinds and their columns.")),
        template: bool = typer.Option(
            False, "--template", help=_("Write an empty file with the headers: KIND FILE.")
        ),
        mode: str = typer.Option("upsert", "--mode", help=_("upsert (default), insert or update.")),
        dry_run: bool = typer.Option(False, "--dry-run", help=_("Check and report; write nothing.")),
        skip_invalid: bool = typer.Option(
            False, "--skip-invalid", help=_("Import the valid rows, report the rest.")
        ),
        delimiter: str | None = typer.Option(
            None, "--delimiter", help=_("Column separator (default: detected).")
        ),
        encoding: str | None = typer.Option(None, "--encoding", help=_("Text encoding (default: detected).")),
        sheet: str | None = typer.Option(None, "--sheet", help=_("Excel sheet (default: the first).")),
        skip_lines: int = typer.Option(0, "--skip-lines", min=0, help=_("Lines to skip before the header.")),
        mapping: list[str] = typer.Option(
            None, "--map", help=_('Map a header to a column: "Nº Factura=number"; "Notas=" ignores a column.')
        ),
        number_format: str | None = typer.Option(
            None, "--number-format", help=_("es (1.234,56) or en (1,234.56).")
        ),
        date_format: str | None = typer.Option(None, "--date-format", help=_("iso or dmy (31/12/2026).")),
        errors_csv: Path | None = typer.Option(
            None, "--errors-csv", help=_("Write the rejected rows with a reason.")
        ),
        json_: bool = typer.Option(False, "--json", help=_("Print the summary as JSON.")),
        yes: bool = typer.Option(False, "--yes", "-y", help=_("Do not ask for confirmation (undo).")),
        limit: int | None = typer.Option(None, "--limit", min=1, help=_("history: at most N batches.")),
        offset: int = typer.Option(0, "--offset", min=0, help=_("history: skip the newest N batches.")),
    ) -> None:
        from salesdesk.core.errors import DataError, UsageProblem

        rt = runtime(ctx)
        kinds = _kinds()
        args = list(args or [])
        if list_kinds:
            _print_kinds(kinds, json_)
            return
        if template:
            if len(args) != 2:
                raise UsageProblem("--template", " ".join(args), _("give a KIND and a FILE"))
            _write_template(kinds, args[0], Path(args[1]))
            typer.echo(_("Template written to {path}.").format(path=args[1]))
            return
        if args[:1] == ["history"]:
            if len(args) > 1:
                raise UsageProblem(_("arguments"), " ".join(args), _("history takes no arguments"))
            _history(rt, json_, limit, offset)
            return
        if args[:1] == ["undo"]:
            if len(args) > 2:
                raise UsageProblem(_("arguments"), " ".join(args), _("give at most one batch number"))
            batch = _batch_number(args[1] if len(args) > 1 else None)
            confirm_or_refuse(_("Undo import batch {batch}?").format(batch=batch or _("(the latest)")), yes)
            _undo(rt, kinds, batch, json_)
            return
        if len(args) == 1 and Path(args[0]).is_dir():
            jobs, skipped = folder_jobs(Path(args[0]), kinds)
            if not jobs:
                raise DataError(_("folder"), args[0], _("holds no file named after a kind (see --list)"))
        elif len(args) == 2:
            name = kind_for(args[0], kinds)
            if name is None:
                raise UsageProblem(
                    _("kind"), args[0], _("unknown kind; known: {kinds}").format(kinds=", ".join(kinds))
                )
            jobs, skipped = [(name, Path(args[1]))], []
        elif len(args) == 1:
            raise UsageProblem(
                _("arguments"), args[0], _("not a folder; give KIND FILE or a FOLDER (see --help)")
            )
        else:
            raise UsageProblem(_("arguments"), " ".join(args), _("give KIND FILE or a FOLDER (see --help)"))
        options = _options(
            rt,
            mode,
            dry_run,
            skip_invalid,
            delimiter,
            encoding,
            sheet,
            skip_lines,
            mapping,
            number_format,
            date_format,
            errors_csv,
        )
        code = _run(rt, kinds, jobs, skipped, options, json_, err)
        if code:
            raise typer.Exit(code)

    @app.command("export", help=_("Export a kind to .csv or .xlsx with the columns import takes: KIND FILE."))
    def export_command(
        ctx: typer.Context,
        kind: str = typer.Argument(..., help=_("What to export (see 'salesdesk import --list').")),
        file: Path = typer.Argument(..., help=_("Where to write: .csv or .xlsx.")),
        dialect: str | None = typer.Option(
            None, "--dialect", help=_("en (UTF-8, comma, 1234.56) or es (Excel: BOM, ';', 1234,56).")
        ),
    ) -> None:
        from salesdesk.core.errors import UsageProblem
        from salesdesk.core.importing.exporter import SUFFIXES, export

        rt = runtime(ctx)
        kinds = _kinds()
        name = kind_for(kind, kinds)
        if name is None:
            raise UsageProblem(
                _("kind"), kind, _("unknown kind; known: {kinds}").format(kinds=", ".join(kinds))
            )
        dialect = dialect or ("es" if rt.locale.startswith("es") else "en")
        if dialect not in ("en", "es"):
            raise UsageProblem("--dialect", dialect, _("must be one of: {choices}").format(choices="en, es"))
        if file.suffix.lower() not in SUFFIXES:
            raise UsageProblem(
                "FILE", str(file), _("must end in one of: {choices}").format(choices=", ".join(SUFFIXES))
            )
        count = export(rt.engine, kinds, name, file, dialect=dialect)
        typer.echo(_("{count} rows written to {path}.").format(count=count, path=file))


def _batch_number(text: str | None) -> int | None:
    from salesdesk.core.errors import UsageProblem

    if text is None:
        return None
    if not text.isdigit():
        raise UsageProblem(_("batch"), text, _("must be a batch number (see 'salesdesk import history')"))
    return int(text)


def _options(
    rt,
    mode,
    dry_run,
    skip_invalid,
    delimiter,
    encoding,
    sheet,
    skip_lines,
    mapping,  # noqa: ANN001, ANN202, PLR0913
    number_format,
    date_format,
    errors_csv,
):
    import codecs

    from salesdesk.core.errors import UsageProblem
    from salesdesk.core.importing.engine import MODES, Options

    if mode not in MODES:
        raise UsageProblem("--mode", mode, _("must be one of: {choices}").format(choices=", ".join(MODES)))
    if number_format not in (None, "es", "en"):
        raise UsageProblem(
            "--number-format", number_format, _("must be one of: {choices}").format(choices="es, en")
        )
    if date_format not in (None, "iso", "dmy"):
        raise UsageProblem(
            "--date-format", date_format, _("must be one of: {choices}").format(choices="iso, dmy")
        )
    if delimiter is not None:
        delimiter = {"\\t": "\t", "tab": "\t"}.get(delimiter, delimiter)
        if len(delimiter) != 1:
            raise UsageProblem("--delimiter", delimiter, _("must be one character"))
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise UsageProblem("--encoding", encoding, _("unknown text encoding (try utf-8 or cp1252)"))
    pairs = {}
    for item in mapping or []:
        header, sep, name = item.rpartition("=")
        if not sep or not header.strip():
            raise UsageProblem("--map", item, _('write it as "Header=column"'))
        pairs[header.strip()] = name.strip()
    return Options(
        mode=mode,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        delimiter=delimiter,
        encoding=encoding,
        sheet=sheet,
        skip_lines=skip_lines,
        number_format=number_format,
        date_format=date_format,
        mapping=pairs,
        default_number_format="es" if rt.locale.startswith("es") else "en",
        errors_csv=errors_csv,
    )


def _run(rt, kinds, jobs, skipped, options, json_, err) -> int:  # noqa: ANN001
    from salesdesk.core.errors import DataError
    from salesdesk.core.importing.engine import ImportFailed, run_import
    from salesdesk.core.output import print_json

    progress = None
    bar = None
    if not json_ and sys.stderr.isatty():
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        bar = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TextColumn(_("{task.fields[rows]} rows")),
            TimeElapsedColumn(),
            transient=True,
        )
        tasks: dict[str, int] = {}

        def progress(kind: str, rows: int, done: int, total: int | None) -> None:
            if kind not in tasks:
                tasks[kind] = bar.add_task(kind, total=total, rows="0")
            bar.update(tasks[kind], completed=done, total=total, rows=rt.fmt.number(rows))

        bar.start()
    try:
        result = run_import(rt.engine, kinds, jobs, options, now=rt.now(), progress=progress)
    except ImportFailed as exc:
        raise DataError(_("file"), exc.file, exc.message)
    finally:
        if bar is not None:
            bar.stop()
    if json_:
        print_json(
            {
                "committed": result.committed,
                "dry_run": result.dry_run,
                "seconds": round(result.seconds, 3),
                "kinds": [
                    {
                        "kind": k.kind,
                        "file": k.file,
                        "rows": k.rows,
                        "created": k.created,
                        "updated": k.updated,
                        "unchanged": k.unchanged,
                        "rejected": k.rejected,
                        "seconds": round(k.seconds, 3),
                        "rows_per_second": k.rows_per_second,
                        "batch": k.batch_id if result.committed else None,
                        "format": k.dialect,
                        "warnings": k.warnings,
                    }
                    for k in result.kinds
                ],
                "skipped": [str(p) for p in skipped],
                "error_count": result.error_count,
                "errors": [str(e) for e in result.errors],
                "errors_files": [str(p) for p in result.errors_files],
            }
        )
    else:
        _print_summary(rt, result, skipped)
    if not json_:
        shown = sorted(result.errors, key=lambda e: (e.file, e.line))[:SHOWN_ERRORS]
        for e in shown:
            sys.stderr.write(str(e) + "\n")
        if len(result.errors) > len(shown) or result.error_count > len(shown):
            sys.stderr.write(
                _("… {n} rejected rows in all (--errors-csv FILE writes every one with its reason)").format(
                    n=rt.fmt.number(result.error_count)
                )
                + "\n"
            )
        for path in result.errors_files:
            sys.stderr.write(_("Rejected rows written to {path}.").format(path=path) + "\n")
    if result.error_count and not result.committed and not result.dry_run:
        if result.file_errors:  # a rule over the whole file: no row can be left out to fix it
            err(
                _(
                    "Nothing was imported: {n} problems concern the file as a whole (--skip-invalid cannot "
                    "leave them out)."
                ).format(n=result.file_errors)
            )
        else:
            err(
                _(
                    "Nothing was imported: {n} rows have errors (use --skip-invalid to import the valid "
                    "rows)."
                ).format(n=result.error_count)
            )
        return 1
    return 1 if result.error_count and result.dry_run else 0


def _print_summary(rt, result, skipped) -> None:  # noqa: ANN001
    from rich.console import Console
    from rich.table import Table

    console = Console()
    title = (
        _("Import (dry run: nothing written)")
        if result.dry_run
        else (_("Import done") if result.committed else _("Import refused: nothing written"))
    )
    table = Table(title=title, header_style="bold")
    if result.committed:
        counts = (_("Created"), _("Updated"), _("Unchanged"))
    else:  # nothing was written: say what the valid rows would have done
        counts = (_("Would create"), _("Would update"), _("Unchanged"))
    for header in (_("Kind"), _("File"), *counts, _("Rejected"), _("Rows/s")):
        table.add_column(header, justify="right" if header not in (_("Kind"), _("File")) else "left")
    for k in result.kinds:
        table.add_row(
            k.kind,
            Path(k.file).name,
            rt.fmt.number(k.created),
            rt.fmt.number(k.updated),
            rt.fmt.number(k.unchanged),
            rt.fmt.number(k.rejected),
            rt.fmt.number(k.rows_per_second),
        )
    console.print(table)
    for k in result.kinds:
        console.print(_("{file}: {format}").format(file=Path(k.file).name, format=k.dialect), style="dim")
        for warning in k.warnings:
            console.print(
                _("warning: {file}: {message}").format(file=Path(k.file).name, message=warning),
                style="yellow",
            )
    for path in skipped:
        console.print(_("skipped (not a known kind): {file}").format(file=path.name), style="dim")
    console.print(
        _("Time taken: {seconds} s").format(seconds=rt.fmt.number(round(result.seconds, 2), 2)), style="dim"
    )


def _print_kinds(kinds: dict, json_: bool) -> None:
    from salesdesk.core.importing.spec import COMMON_ALIASES
    from salesdesk.core.output import print_json

    data = [
        {
            "kind": k.name,
            "file_names": [k.name, *k.file_names],
            "key": k.key,
            "columns": [
                {
                    "name": f.name,
                    "type": f.type,
                    "required": f.required,
                    "references": f.ref,
                    "aliases": list(dict.fromkeys((*f.aliases, *COMMON_ALIASES.get(f.name, ())))),
                }
                for f in k.fields
            ],
        }
        for k in kinds.values()
    ]
    if json_:
        print_json(data)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(header_style="bold")
    table.add_column(_("Kind (file names)"))
    table.add_column(_("Columns (* required)"))
    for item in data:
        cols = ", ".join(c["name"] + ("*" if c["required"] else "") for c in item["columns"])
        table.add_row(" | ".join(item["file_names"]), cols)
    Console().print(table)


def _write_template(kinds: dict, kind: str, path: Path) -> None:
    from salesdesk.core.errors import UsageProblem
    from salesdesk.core.importing.exporter import write_rows

    name = kind_for(kind, kinds)
    if name is None:
        raise UsageProblem(_("kind"), kind, _("unknown kind; known: {kinds}").format(kinds=", ".join(kinds)))
    write_rows(path, [f.name for f in kinds[name].fields], [], dialect="en")


def _history(rt, json_: bool, limit: int | None, offset: int) -> None:  # noqa: ANN001
    from dataclasses import asdict

    from salesdesk.core.importing.batches import list_batches
    from salesdesk.core.output import Column, emit

    rows = list_batches(rt.engine, limit=limit, offset=offset)
    if not json_:  # when, as the user reads times; JSON keeps ISO 8601
        moment = rt.fmt.moment
        rows = [
            {**asdict(r), "started_at": moment(r.started_at), "undone_at": moment(r.undone_at)} for r in rows
        ]
    columns = [
        Column("id", _("Batch")),
        Column("kind", _("Kind")),
        Column("file", _("File")),
        Column("started_at", _("When")),
        Column("created", _("Created"), "int"),
        Column("updated", _("Updated"), "int"),
        Column("unchanged", _("Unchanged"), "int"),
        Column("rejected", _("Rejected"), "int"),
        Column("undone_at", _("Undone")),
    ]
    emit(rows, columns, rt.fmt, as_json=json_)


def _undo(rt, kinds: dict, batch: int | None, json_: bool) -> None:  # noqa: ANN001
    from salesdesk.core.importing.batches import undo_batch
    from salesdesk.core.output import print_json

    row = undo_batch(rt.engine, batch, now=rt.now(), kinds=kinds)
    if json_:
        print_json(row)
    else:
        typer.echo(
            _("Import batch {id} ({kind}, {file}) undone.").format(id=row.id, kind=row.kind, file=row.file)
        )
