"""The one error type users see: a field, the value given and what is wrong with it."""

from __future__ import annotations


class DataError(Exception):
    """Bad data or a refused change. The CLI prints it on one line and exits 1; the TUI shows it."""

    def __init__(self, field: str, value: object, message: str) -> None:
        self.field = field
        self.value = value
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.value is None or self.value == "":
            return f"{self.field}: {self.message}"
        return f"{self.field} {str(self.value)!r}: {self.message}"


class UsageProblem(DataError):
    """Options or arguments a command cannot take (an unknown ``--mode``): the same one-line message, but
    the CLI exits 2, the usage-error code."""
