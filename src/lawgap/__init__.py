"""lawgap: find the child-rights obligations a body of law does not yet cover.

The front door is :func:`check`; everything else is internal. Heavy modules
are imported inside functions so that ``lawgap --version`` starts fast.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["__version__", "check", "load_rules"]

if TYPE_CHECKING:
    from lawgap.models import Report, Rulebook

StrPath = str | PathLike[str]


def load_rules(paths: Iterable[StrPath] = (), builtin: bool = True,
               select: Sequence[str] = (), ignore: Sequence[str] = ()) -> Rulebook:
    """The built-in rulebook plus rule files at ``paths``, filtered by ID or category."""
    from dataclasses import replace

    from lawgap.load import load_rulebook

    book = load_rulebook([Path(p) for p in paths], builtin=builtin)
    if not (select or ignore):
        return book
    select = [p.strip() for p in select]
    ignore = [p.strip() for p in ignore]

    def picked(rule_id: str, category: str, patterns: Sequence[str]) -> bool:
        return any(p.upper() == rule_id or p.lower() == category or rule_id.startswith(p.upper().rstrip("-") + "-")
                   for p in patterns)

    known = [(r.id, r.category) for r in book.rules] + [(d[0], "") for d in book.disabled]
    for pattern in [*select, *ignore]:
        if not any(picked(rid, category, [pattern]) for rid, category in known):
            import difflib

            from lawgap.errors import UsageError

            names = sorted({r.id for r in book.rules} | {r.category for r in book.rules})
            close = difflib.get_close_matches(pattern, names, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise UsageError(f"--select/--ignore '{pattern}' matches no rule{hint}")
    rules = tuple(r for r in book.rules
                  if (not select or picked(r.id, r.category, select)) and not picked(r.id, r.category, ignore))
    return replace(book, rules=rules)


def check(paths: Iterable[StrPath], rules: Rulebook | Iterable[StrPath] | None = None, *,
          builtin: bool = True, select: Sequence[str] = (), ignore: Sequence[str] = (),
          skip_unreadable: bool = False, max_file_size: int | None = None,
          stemming: bool = True, fuzzy: bool = True, progress: Callable[[str], None] | None = None,
          jobs: int | None = 1) -> Report:
    """Check statute files or folders against a rulebook and return the gap report.

    A pure function of its inputs: the same files and rules give the same
    report, so it can be mapped over many jurisdictions in parallel.
    ``stemming`` and ``fuzzy`` switch off parts of the matcher, to measure them.
    ``progress``, if given, is called with each file's display path once it is read.
    ``jobs`` worker processes check files in parallel (``None``: one per core); the
    report is the same with any number.
    """
    from lawgap.errors import InputError
    from lawgap.load import DEFAULT_MAX_BYTES, statute_files
    from lawgap.models import Report, Rulebook
    from lawgap.pipeline import Settings, default_jobs, pool, run

    book = rules if isinstance(rules, Rulebook) else load_rules(rules or (), builtin, select, ignore)
    settings = Settings(book.rules, max_file_size or DEFAULT_MAX_BYTES, fuzzy=fuzzy, stemming=stemming)
    files = statute_files([Path(p) for p in paths])
    infos = []
    parts = []
    skipped: list[tuple[str, str]] = []
    for result in run(files, settings, jobs=default_jobs() if jobs is None else jobs, progress=progress):
        if result.error is not None:
            if not (skip_unreadable and issubclass(result.error[0], InputError)):
                result.raise_error()
            skipped.append((result.shown, result.error[1]))
        else:
            assert result.info is not None
            infos.append(result.info)
            parts.extend(result.parts)
    if not infos:
        named = ", ".join(f"{path} ({why})" for path, why in skipped[:3]) + (", ..." if len(skipped) > 3 else "")
        raise InputError("no readable statutes" + (f"; skipped {len(skipped)}: {named}" if skipped else ""))
    return Report(rulebook=book, statutes=tuple(infos), verdicts=pool(book.rules, parts), skipped=tuple(skipped))
