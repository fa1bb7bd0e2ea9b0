"""A progress bar on stderr for long checks, so a person at a terminal knows it is working.

It appears only when stderr is a terminal and the run is long (more than a
few files, or a file takes over a second), and it vanishes when done, so
pipes, CI logs and short runs stay silent.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Any


class FileProgress:
    """Callable passed as ``lawgap.check(..., progress=...)``; counts files read."""

    def __init__(self, paths: Iterable[Path], *, enabled: bool | None = None, min_files: int = 4,
                 delay: float = 1.0) -> None:
        from lawgap.load import statute_files

        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.total = 0
        if self.enabled:
            try:
                self.total = len(statute_files(list(paths)))
            except Exception:  # the check itself reports bad paths
                self.enabled = False
        self.min_files = min_files
        self.delay = delay
        self.done = 0
        self.started = time.monotonic()
        self._bar: Any = None
        self._task: Any = None

    def __call__(self, shown: str) -> None:
        """One more file read (``shown`` is its display path)."""
        self.done += 1
        if not self.enabled:
            return
        if self._bar is None and (self.total > self.min_files or time.monotonic() - self.started > self.delay):
            self._start()
        if self._bar is not None:
            last = self.done >= self.total
            self._bar.update(self._task, completed=self.done,
                             description="matching rules" if last else f"reading {Path(shown).name}")

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._bar = Progress(TextColumn("{task.description}", style="dim"), BarColumn(), MofNCompleteColumn(),
                             TimeElapsedColumn(), console=Console(stderr=True), transient=True)
        self._task = self._bar.add_task("reading", total=self.total or None)
        self._bar.start()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def __enter__(self) -> FileProgress:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
