"""Errors a user can act on: each carries the file (and line) it is about.

The CLI turns any ``LawgapError`` into a one-line message and its exit code;
nothing else should reach the user as a traceback.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_GAPS = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130


class LawgapError(Exception):
    """Base class: ``str(err)`` is the one-line message shown to the user."""

    exit_code = EXIT_ERROR

    def __init__(self, message: str, path: str | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path
            if self.line:
                where += f":{self.line}"
                if self.column:
                    where += f":{self.column}"
            where += ": "
        return f"{where}{self.message}"


class InputError(LawgapError):
    """A statute file that cannot be read, decoded or parsed."""


class RuleError(LawgapError):
    """A rulebook that is not valid YAML or breaks the rule schema."""


class UsageError(LawgapError):
    """Bad options or paths on the command line."""


class MissingExtraError(LawgapError):
    """An optional dependency is needed for this file format."""

    def __init__(self, extra: str, module: str, path: str | None = None) -> None:
        super().__init__(
            f"reading this format needs the optional '{module}' package: "
            f"pip install 'lawgap[{extra}]'",
            path,
        )
