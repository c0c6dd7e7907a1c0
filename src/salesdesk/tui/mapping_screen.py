"""Column mapping for an import: which column of the kind each header of the file fills (or none)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Select

from salesdesk.core.i18n import _
from salesdesk.core.importing.spec import Kind


class MappingScreen(ModalScreen[dict[str, str] | None]):
    """Dismisses with ``{header: column}`` for every header ("" = ignored), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", _("Cancel"))]

    def __init__(self, kind: Kind, header: list[str], mapping: list[str | None]) -> None:
        super().__init__()
        self.kind, self.header, self.mapping = kind, header, mapping

    def compose(self) -> ComposeResult:
        required = _("required")
        options = [
            (f"{f.name} ({f.type_label}, {required})" if f.required else f"{f.name} ({f.type_label})", f.name)
            for f in self.kind.fields
        ]
        with Vertical(id="mapping"):
            yield Label(
                _("Columns of {kind}: pick the column each header fills").format(kind=self.kind.name),
                id="mapping-title",
            )
            with VerticalScroll(id="mapping-rows"):
                for index, (text, column) in enumerate(zip(self.header, self.mapping, strict=True)):
                    with Horizontal(classes="mapping-row"):
                        yield Label(text, classes="mapping-header")
                        yield Select(
                            options,
                            prompt=_("(ignored)"),
                            value=column if column else Select.NULL,
                            id=f"mapping-{index}",
                        )
            with Horizontal(id="mapping-buttons"):
                yield Button(_("Apply"), variant="primary", id="mapping-apply")
                yield Button(_("Cancel"), id="mapping-cancel")

    def on_mount(self) -> None:
        if self.header:
            self.query_one("#mapping-0", Select).focus()

    def chosen(self) -> dict[str, str]:
        result = {}
        for index, text in enumerate(self.header):
            value = self.query_one(f"#mapping-{index}", Select).value
            result[text] = value if isinstance(value, str) else ""
        return result

    @on(Button.Pressed, "#mapping-apply")
    def action_apply(self) -> None:
        mapping = self.chosen()
        chosen = [v for v in mapping.values() if v]
        repeated = sorted({v for v in chosen if chosen.count(v) > 1})
        if repeated:
            self.notify(
                _("Each column can be filled from one header only: {names}").format(
                    names=", ".join(repeated)
                ),
                severity="error",
            )
            return
        self.dismiss(mapping)

    @on(Button.Pressed, "#mapping-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
