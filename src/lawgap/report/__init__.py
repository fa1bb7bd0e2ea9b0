"""Report stage: turn a ``Report`` into text in one of several formats.

Each format is one module exposing ``render(report, options) -> str``; this
package only dispatches, so adding an export means adding one module.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from lawgap.models import Report

FORMATS: dict[str, str] = {
    "text": "text",
    "json": "json",
    "sarif": "sarif",
    "markdown": "markdown",
    "html": "html",
    "csv": "csv",
    "junit": "junit",
}

EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".json": "json",
    ".sarif": "sarif",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
    ".xml": "junit",
}


@dataclass(frozen=True)
class RenderOptions:
    """Settings every writer may use; all have deterministic defaults."""

    fail_on: str = "high"
    show_covered: bool = False
    verbose: bool = False
    review: bool = False
    title: str | None = None
    date: str | None = None
    color: bool = False
    width: int = 100


def render(report: Report, fmt: str, options: RenderOptions | None = None) -> str:
    """Render ``report`` as ``fmt`` (a key of ``FORMATS``)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    module = importlib.import_module(f"lawgap.report.{FORMATS[fmt]}")
    return module.render(report, options or RenderOptions())
