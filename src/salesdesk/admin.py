"""Commands that look after the desk itself: database, backup and restore, settings, the demo."""

from __future__ import annotations

from pathlib import Path

import typer

from salesdesk.core.i18n import _


def register(app: typer.Typer) -> None:
    """Add ``db``, ``config``, ``backup``, ``restore`` and ``demo`` to the root app."""
    from salesdesk.cli import confirm_or_refuse, runtime

    db_app = typer.Typer(help=_("Database schema: version and upgrade."), no_args_is_help=True)
    config_app = typer.Typer(
        help=_("Show and change settings (language, locale, currency, theme, database)."),
        no_args_is_help=True,
    )

    @db_app.command("version", help=_("Show the database's schema revision and the program's."))
    def db_version(
        ctx: typer.Context, json_: bool = typer.Option(False, "--json", help=_("Print JSON."))
    ) -> None:
        from salesdesk.core import db
        from salesdesk.core.output import print_json

        rt = runtime(ctx)
        engine = db.make_engine(rt.settings.db_url)
        try:
            current, head = db.current_revision(engine), db.head_revision()
        finally:
            engine.dispose()
        if json_:
            print_json({"database": current, "program": head, "up_to_date": current == head})
        else:
            typer.echo(_("Database schema revision: {current}").format(current=current or _("none (empty)")))
            typer.echo(_("Program schema revision: {head}").format(head=head))

    @db_app.command("upgrade", help=_("Upgrade the database to this program's schema (also done on open)."))
    def db_upgrade(ctx: typer.Context) -> None:
        from salesdesk.core import db

        rt = runtime(ctx)
        engine = db.make_engine(rt.settings.db_url)
        try:
            before = db.current_revision(engine)
            db.upgrade(engine)
            after = db.current_revision(engine)
        finally:
            engine.dispose()
        if before == after:
            typer.echo(_("Already at revision {rev}.").format(rev=after))
        else:
            typer.echo(
                _("Upgraded from {before} to {after}.").format(before=before or _("empty"), after=after)
            )

    @app.command(
        "backup", help=_("Write a consistent copy of the database to FILE (safe while the desk is open).")
    )
    def backup(
        ctx: typer.Context, file: Path = typer.Argument(..., help=_("Where to write the copy."))
    ) -> None:
        from salesdesk.core import db

        rt = runtime(ctx)
        rt.engine  # noqa: B018 - open (and upgrade) first, so the copy is of a current database
        dest = db.backup(rt.settings.db_url, file.expanduser())
        typer.echo(_("Backup written to {path}.").format(path=dest))

    @app.command("restore", help=_("Replace the database with FILE (the current one is kept beside it)."))
    def restore(
        ctx: typer.Context,
        file: Path = typer.Argument(..., help=_("A backup written by 'salesdesk backup'.")),
        yes: bool = typer.Option(False, "--yes", "-y", help=_("Do not ask for confirmation.")),
    ) -> None:
        from salesdesk.core import db

        rt = runtime(ctx)
        db.validate_backup_file(file.expanduser())
        target = db.sqlite_path(rt.settings.db_url)
        confirm_or_refuse(_("Replace the database {db} with {file}?").format(db=target, file=file), yes)
        kept = db.restore(rt.settings.db_url, file.expanduser(), now=rt.now())
        typer.echo(_("Database restored from {file}.").format(file=file))
        if kept:
            typer.echo(_("The replaced database was kept as {path}.").format(path=kept))

    @config_app.command("show", help=_("Show the effective settings."))
    def config_show(
        ctx: typer.Context, json_: bool = typer.Option(False, "--json", help=_("Print JSON."))
    ) -> None:
        from salesdesk import settings as st
        from salesdesk.core.output import Column, emit

        rt = runtime(ctx)
        values = {key: getattr(rt.settings, key) for key in st.KEYS}
        values["db"] = rt.settings.db or rt.settings.db_url
        rows = [{"key": key, "value": values[key], "description": _(st.KEYS[key])} for key in st.KEYS]
        rows.append(
            {
                "key": "today",
                "value": rt.today().isoformat(),
                "description": _("Today's date (SALESDESK_TODAY overrides it)"),
            }
        )
        from salesdesk.core.business import rule_values
        from salesdesk.core.db import read_session
        from salesdesk.rooms import business_rules

        rules = business_rules()
        with read_session(rt.engine) as session:
            current = rule_values(session, rules)
        for rule in rules:
            rows.append(
                {"key": rule.key, "value": str(current[rule.key]), "description": _(rule.description)}
            )
        columns = [
            Column("key", _("Setting")),
            Column("value", _("Value")),
            Column("description", _("Meaning")),
        ]
        emit(rows, columns, rt.fmt, as_json=json_)

    @config_app.command(
        "rule",
        help=_(
            "Change business rules kept in the database (see config show): KEY VALUE [KEY VALUE …]. "
            "Several pairs change together (score weights that must total 100)."
        ),
    )
    def config_rule(
        ctx: typer.Context,
        pairs: list[str] = typer.Argument(..., help=_("Rule key and new value, e.g. plan.at_risk_pct 85.")),
    ) -> None:
        from salesdesk.core.business import rule_values, set_rule
        from salesdesk.core.db import write_session
        from salesdesk.core.errors import DataError, UsageProblem
        from salesdesk.rooms import business_rules, rule_checks

        rt = runtime(ctx)
        rules = {r.key: r for r in business_rules()}
        if len(pairs) % 2:
            raise UsageProblem(_("arguments"), " ".join(pairs), _("give each rule KEY with its VALUE"))
        changes = list(zip(pairs[::2], pairs[1::2], strict=True))
        for key, _value in changes:
            if key not in rules:
                raise DataError(
                    "key", key, _("is not a business rule; known: {keys}").format(keys=", ".join(rules))
                )
        with write_session(rt.engine) as session:
            new = [
                (key, value, set_rule(session, rules[key], value, when=rt.now())) for key, value in changes
            ]
            current = rule_values(session, list(rules.values()))
            for check in rule_checks():  # the rules taken together; a refusal changes nothing
                try:
                    check(current)
                except DataError as exc:
                    key, value = changes[-1]
                    raise DataError(key, value, exc.message)
        for key, _value, stored in new:
            typer.echo(
                _("{key} = {value} (kept in the database, change recorded)").format(key=key, value=stored)
            )

    @config_app.command("set", help=_("Store a setting in the config file: KEY VALUE."))
    def config_set(
        key: str = typer.Argument(..., help=_("lang, locale, currency, theme or db.")),
        value: str = typer.Argument(..., help=_("The new value.")),
    ) -> None:
        from salesdesk import settings as st

        path = st.write_config_value(key, value)
        typer.echo(_("{key} = {value} (saved in {path})").format(key=key, value=value, path=path))

    @config_app.command("paths", help=_("Print where the config file and the database are."))
    def config_paths(
        ctx: typer.Context, json_: bool = typer.Option(False, "--json", help=_("Print JSON."))
    ) -> None:
        from salesdesk import settings as st
        from salesdesk.core.db import sqlite_path
        from salesdesk.core.output import print_json

        rt = runtime(ctx)
        paths = {
            "config": str(st.config_file()),
            "database": str(sqlite_path(rt.settings.db_url) or rt.settings.db_url),
        }
        if json_:
            print_json(paths)
        else:
            typer.echo(_("Config file: {path}").format(path=paths["config"]))
            typer.echo(_("Database: {path}").format(path=paths["database"]))

    @app.command("demo", help=_("Build the demo database from the sample data and open the desk on it."))
    def demo(
        ctx: typer.Context,
        fresh: bool = typer.Option(False, "--fresh", help=_("Rebuild the demo database from scratch.")),
        no_open: bool = typer.Option(
            False, "--no-open", help=_("Only build the demo database; print its path.")
        ),
        today: str | None = typer.Option(
            None,
            "--today",
            help=_(
                "Open the demo as of this day (default: SALESDESK_TODAY, else the sample data's own date)."
            ),
            metavar="YYYY-MM-DD",
        ),
    ) -> None:
        from salesdesk.org.demo import SAMPLE_AS_OF, demo_path, demo_settings, ensure_demo
        from salesdesk.org.rules import clean_date
        from salesdesk.runtime import Runtime

        rt = runtime(ctx)
        demo_rt = Runtime(demo_settings(rt.settings, today=clean_date(today, "--today", required=False)))
        path = demo_path()
        if ensure_demo(path, fresh=fresh):
            typer.echo(_("Demo database built at {path}.").format(path=path), err=True)
        if no_open:
            typer.echo(str(path))
            return
        from salesdesk.tui.launch import open_tui

        fmt, day = demo_rt.fmt, demo_rt.today()
        if day == SAMPLE_AS_OF:
            typer.echo(_("Demo data as of {date}.").format(date=fmt.date(SAMPLE_AS_OF)), err=True)
        else:
            typer.echo(
                _("Demo data as of {date}; the desk opens as of {today}.").format(
                    date=fmt.date(SAMPLE_AS_OF), today=fmt.date(day)
                ),
                err=True,
            )
        try:
            open_tui(demo_rt)
        finally:
            demo_rt.close()

    app.add_typer(db_app, name="db")
    app.add_typer(config_app, name="config")
