"""A modal form: labelled inputs, a message beside each field, saving on a worker thread.

Each field may carry a pure ``check`` (raises DataError) run as the user types; ``save`` gets the values
and runs off the UI thread; a DataError it raises is shown beside the field it names, and nothing closes.
A field with ``choices`` is a drop-down of (label, value) pairs: the user picks a label, ``save`` gets the
value (a code), so nothing typed can be outside the choices.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from salesdesk.core.errors import DataError
from salesdesk.core.i18n import _


@dataclass(frozen=True)
class FormField:
    key: str
    label: str
    value: str = ""
    hint: str = ""
    check: Callable[[str], object] | None = None
    disabled: bool = False
    #: (label, value) pairs: the field is a drop-down of these, ``value`` the one picked first.
    choices: tuple[tuple[str, str], ...] = ()


class FormScreen(ModalScreen[str | None]):
    """Dismisses with the success message of ``save``, or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", _("Cancel")),
        Binding("ctrl+s", "save", _("Save")),
    ]

    def __init__(self, title: str, fields: list[FormField], save: Callable[[dict[str, str]], str]) -> None:
        super().__init__()
        self.form_title = title
        self.fields = fields
        self.save = save
        self.saving = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form"):
            yield Label(self.form_title, id="form-title")
            for f in self.fields:
                with Horizontal(classes="form-row"):
                    yield Label(f.label, classes="form-label")
                    if f.choices:
                        values = [v for _label, v in f.choices]
                        yield Select(
                            f.choices,
                            value=f.value if f.value in values else values[0],
                            allow_blank=False,
                            compact=True,
                            id=f"field-{f.key}",
                            disabled=f.disabled,
                            classes="form-input",
                        )
                    else:
                        yield Input(
                            f.value,
                            placeholder=f.hint,
                            id=f"field-{f.key}",
                            disabled=f.disabled,
                            classes="form-input",
                        )
                yield Static("", id=f"error-{f.key}", classes="form-error")
            yield Static("", id="form-message", classes="form-error")
            with Horizontal(id="form-buttons"):
                yield Button(_("Save"), variant="primary", id="save")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        first = next((f for f in self.fields if not f.disabled), None)
        if first is not None:
            self.query_one(f"#field-{first.key}").focus()

    def values(self) -> dict[str, str]:
        out = {}
        for f in self.fields:
            widget = self.query_one(f"#field-{f.key}")
            out[f.key] = str(widget.value) if isinstance(widget, Select | Input) else ""
        return out

    def _set_error(self, key: str | None, message: str) -> None:
        target = f"#error-{key}" if key and any(f.key == key for f in self.fields) else "#form-message"
        box = self.query_one(target, Static)
        box.update(message)
        box.display = bool(message)

    @on(Input.Changed)
    def _check(self, event: Input.Changed) -> None:
        key = (event.input.id or "").removeprefix("field-")
        field = next((f for f in self.fields if f.key == key), None)
        if field is None:
            return
        self._set_error(key, "")
        if field.check is not None:
            try:
                field.check(event.value)
            except DataError as exc:
                self._set_error(key, exc.message)
            except Exception as exc:  # noqa: BLE001 - a check must never crash the form
                self._set_error(key, str(exc) or type(exc).__name__)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        if self.saving:
            return
        for f in self.fields:
            self._set_error(f.key, "")
        self._set_error(None, "")
        self.saving = True
        self._save(self.values())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @work(thread=True, exclusive=True, group="form", exit_on_error=False)
    def _save(self, values: dict[str, str]) -> None:
        try:
            message = self.save(values)
        except DataError as exc:
            self.app.call_from_thread(self._refused, exc.field, exc.message, str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - a message, never a crash
            self.app.call_from_thread(self._refused, None, "", _("Could not save: {error}").format(error=exc))
            return
        self.app.call_from_thread(self.dismiss, message)

    def _refused(self, key: str | None, message: str, full: str) -> None:
        self.saving = False
        known = key is not None and any(f.key == key for f in self.fields)
        self._set_error(key if known else None, message if known else full)
        if known:
            self.query_one(f"#field-{key}").focus()
