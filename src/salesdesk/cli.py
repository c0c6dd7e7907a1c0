"""Root command line: global options, each room's command groups, database and settings commands.

The language is chosen before any help text is built, and rooms' command modules import only typer at
module level, so ``salesdesk --help`` loads neither SQLAlchemy nor Textual.
"""

from __future__ import annotations

import os
import sys

import typer

try:  # typer ≥ 0.29 vendors click
    from typer._click.exceptions import ClickException, UsageError
except ImportError:  # pragma: no cover - older typer on plain click
    from click.exceptions import ClickException, UsageError

from salesdesk import __version__
from salesdesk.cli_text import install_help_translation, translate_message
from salesdesk.core.errors import DataError, UsageProblem
from salesdesk.core.i18n import _, set_language
from salesdesk.runtime import Runtime
from salesdesk.settings import LANGUAGES, system_language

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


def err(message: str) -> None:
    """One line on stderr."""
    sys.stderr.write(message.replace("\n", " ") + "\n")


def runtime(ctx: typer.Context) -> Runtime:
    return ctx.find_root().obj


def _peek(args: list[str], name: str) -> str | None:
    """The value of a global option, read before the parser runs (to choose the language early)."""
    for i, arg in enumerate(args):
        if arg == name and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def confirm_or_refuse(question: str, yes: bool) -> None:
    """Ask (only on a terminal) unless ``--yes``; refuse with exit 1 otherwise."""
    if yes:
        return
    if not sys.stdin.isatty():
        raise DataError(
            "--yes", "", _("this command asks for confirmation; add --yes when not on a terminal")
        )
    if not typer.confirm(question, default=False):
        raise DataError("confirmation", "", _("cancelled; nothing was changed"))


def build_app() -> typer.Typer:
    """The root app, with every room's command groups (help texts in the active language)."""
    app = typer.Typer(
        name="salesdesk",
        help=_("SalesDesk: a regional sales manager's desk. Run without a command to open the desk."),
        no_args_is_help=False,
        pretty_exceptions_enable=False,
        add_completion=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback(invoke_without_command=True)
    def root(
        ctx: typer.Context,
        db: str | None = typer.Option(
            None, "--db", help=_("Database file or SQLAlchemy URL (env SALESDESK_DB)."), metavar="PATH"
        ),
        lang: str | None = typer.Option(
            None, "--lang", help=_("Interface language: en or es (env SALESDESK_LANG)."), metavar="en|es"
        ),
        version: bool = typer.Option(False, "--version", help=_("Show the version and exit."), is_eager=True),
    ) -> None:
        if lang is not None and lang not in LANGUAGES:
            raise typer.BadParameter(
                _("must be one of: {choices}").format(choices=", ".join(LANGUAGES)), param_hint="--lang"
            )
        if version:
            typer.echo(f"salesdesk {__version__}")
            raise typer.Exit()
        if ctx.obj is None:  # called as a library (CliRunner) without main()
            from salesdesk import settings

            ctx.obj = Runtime(settings.load(lang=lang, db=db))
        if ctx.invoked_subcommand is None:
            from salesdesk.tui.launch import open_tui

            open_tui(runtime(ctx))

    from salesdesk.admin import register as register_admin
    from salesdesk.rooms import room_modules
    from salesdesk.transfer import register as register_transfer

    for module in room_modules("commands"):
        for name, sub_app, help_text in module.apps():
            app.add_typer(sub_app, name=name, help=help_text)
        if hasattr(module, "register"):  # a room's top-level commands (``check``, ``forecast``)
            module.register(app)
    register_admin(app)
    register_transfer(app)
    return app


def run(args: list[str]) -> int:
    """Run the CLI with ``args``; returns the exit code. No traceback ever reaches the user."""
    from salesdesk import settings

    lang_flag = _peek(args, "--lang")
    try:
        current = settings.load(lang=lang_flag if lang_flag in LANGUAGES else None, db=_peek(args, "--db"))
    except DataError as exc:
        set_language(system_language())
        err(_("Error: {message}").format(message=exc))
        return EXIT_DATA
    set_language(current.lang)
    install_help_translation()
    rt = Runtime(current)
    try:
        app = build_app()
        result = app(args=args, prog_name="salesdesk", standalone_mode=False, obj=rt)
        return result if isinstance(result, int) else EXIT_OK
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        err(_("Cancelled."))
        return EXIT_DATA
    except UsageError as exc:
        _show_usage_error(exc)
        return EXIT_USAGE
    except ClickException as exc:
        err(_("Error: {message}").format(message=translate_message(exc.format_message())))
        return exc.exit_code
    except UsageProblem as exc:
        err(_("Error: {message}").format(message=exc))
        return EXIT_USAGE
    except DataError as exc:
        err(_("Error: {message}").format(message=exc))
        return EXIT_DATA
    except KeyboardInterrupt:
        err(_("Interrupted."))
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: a message, never a traceback
        return _unexpected(exc)
    finally:
        rt.close()


def _show_usage_error(exc: UsageError) -> None:
    ctx = exc.ctx
    if ctx is not None:
        sys.stderr.write(_("Usage: ") + ctx.get_usage().split(" ", 1)[-1].strip() + "\n")
        sys.stderr.write(_("Try '{command} --help' for help.").format(command=ctx.command_path) + "\n")
    err(_("Error: {message}").format(message=translate_message(exc.format_message())))


def _unexpected(exc: Exception) -> int:
    from sqlalchemy.exc import DBAPIError

    if isinstance(exc, DBAPIError):
        err(_("Error: the database refused the operation: {error}").format(error=exc.orig))
    elif isinstance(exc, OSError):
        err(_("Error: {path}: {error}").format(path=exc.filename or "", error=exc.strerror or exc))
    else:
        err(_("Unexpected error ({kind}): {error}").format(kind=type(exc).__name__, error=exc))
    if os.environ.get("SALESDESK_DEBUG"):
        import traceback

        traceback.print_exception(exc)
    return EXIT_DATA


def main() -> None:
    sys.exit(run(sys.argv[1:]))
