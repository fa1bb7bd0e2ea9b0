"""Project settings: ``[tool.lawgap]`` in pyproject.toml or top-level keys in lawgap.toml.

A repository of bills wants the same options on every run (CI, pre-commit, a
person at a terminal) without repeating them, so the nearest config file above
the working directory supplies defaults and command-line flags override them.
Keys mirror the long options (``fail_on`` or ``fail-on``); relative paths are
relative to the config file. Every setting remembers where it came from so
``--show-config`` can say so.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
from click.core import ParameterSource

from lawgap.errors import UsageError

F = TypeVar("F", bound=Callable[..., Any])

# config key -> (kind, click parameter name)
KEYS: dict[str, tuple[str, str]] = {
    "paths": ("paths", "paths"),
    "rules": ("paths", "rule_paths"),
    "no_builtin": ("bool", "no_builtin"),
    "select": ("strs", "select"),
    "ignore": ("strs", "ignore"),
    "fail_on": ("str", "fail_on"),
    "format": ("str", "fmt"),
    "output": ("outputs", "outputs"),
    "show_covered": ("bool", "show_covered"),
    "verbose": ("bool", "verbose"),
    "review": ("bool", "review"),
    "quiet": ("bool", "quiet"),
    "skip_unreadable": ("bool", "skip_unreadable"),
    "max_file_size": ("int", "max_file_size"),
    "jobs": ("int", "jobs"),
    "title": ("str", "title"),
    "date": ("str", "date"),
    "baseline": ("path", "baseline"),
}
# keys that make sense for each command; the others are ignored there
COMMAND_KEYS: dict[str, tuple[str, ...]] = {
    "check": tuple(KEYS),
    "diff": ("rules", "no_builtin", "select", "ignore", "fail_on", "verbose", "quiet", "skip_unreadable",
             "max_file_size", "jobs"),
}
DEFAULT = "default"
COMMAND_LINE = "command line"


def _has_lawgap_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if "lawgap" not in text:
        return False
    tool = _parse(path, text).get("tool")
    return isinstance(tool, dict) and "lawgap" in tool


def find(start: Path | None = None) -> Path | None:
    """The nearest lawgap.toml, or pyproject.toml with a [tool.lawgap] table, from ``start`` upward."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "lawgap.toml").is_file():
            return folder / "lawgap.toml"
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and _has_lawgap_table(candidate):
            return candidate
    return None


def _parse(path: Path, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"invalid TOML: {exc}", str(path)) from None


def load(path: Path) -> dict[str, Any]:
    """The lawgap settings in ``path``, keys normalised to underscores; unknown keys are an error."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read config file: {getattr(exc, 'strerror', None) or exc}", str(path)) from None
    data = _parse(path, text)
    where = "lawgap.toml"
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("lawgap", {})
        where = "[tool.lawgap]"
        if not isinstance(data, dict):
            raise UsageError("[tool.lawgap] must be a table", str(path))
    out = {}
    for key, value in data.items():
        name = key.replace("-", "_")
        if name not in KEYS:
            close = difflib.get_close_matches(name, list(KEYS), n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else f"; known keys: {', '.join(KEYS)}"
            raise UsageError(f"unknown key '{key}' in {where}{hint}", str(path))
        out[name] = _checked(name, value, path)
    return out


def _checked(name: str, value: Any, path: Path) -> Any:
    """Check the TOML type and make relative paths relative to the config file."""
    kind = KEYS[name][0]
    many = kind in ("paths", "strs", "outputs")
    items = [value] if many and isinstance(value, str) else value
    ok = {
        "bool": isinstance(value, bool),
        "int": isinstance(value, int) and not isinstance(value, bool),
        "str": isinstance(value, str),
        "path": isinstance(value, str),
    }.get(kind, isinstance(items, list) and all(isinstance(v, str) for v in items))
    if not ok:
        wanted = {"bool": "true or false", "int": "a whole number", "str": "a string", "path": "a path string"}
        raise UsageError(f"'{name}' must be {wanted.get(kind, 'a string or a list of strings')}", str(path))
    base = path.parent
    if kind == "path":
        return _rebase(value, base)
    if kind == "paths":
        return [_rebase(v, base) for v in items]
    if kind == "outputs":
        from lawgap.report import FORMATS

        out = []
        for v in items:
            fmt, sep, rest = v.partition(":")
            out.append(f"{fmt}:{_rebase(rest, base)}" if sep and fmt in FORMATS and rest else _rebase(v, base))
        return out
    return items


def _rebase(value: str, base: Path) -> str:
    if os.path.isabs(value):
        return value
    full = os.path.normpath(base / value)
    try:
        return os.path.relpath(full)
    except ValueError:  # another drive on Windows
        return full


def apply(ctx: click.Context, kwargs: dict[str, Any], command: str,
          start: Path | None = None) -> tuple[dict[str, Any], list[tuple[str, Any, str]], Path | None]:
    """Fill options not given on the command line from the config file.

    Returns the new keyword arguments, (key, value, source) per setting, and the config file used.
    """
    path = find(start)
    values = load(path) if path else {}
    params = {p.name: p for p in ctx.command.params}
    kwargs = dict(kwargs)
    settings = []
    for key in COMMAND_KEYS[command]:
        name = KEYS[key][1]
        if name not in kwargs:
            continue
        source = ctx.get_parameter_source(name)
        if source not in (ParameterSource.DEFAULT, ParameterSource.DEFAULT_MAP, None):
            settings.append((key, kwargs[name], COMMAND_LINE))
            continue
        if key not in values:
            settings.append((key, kwargs[name], DEFAULT))
            continue
        param = params[name]
        try:
            value = param.type_cast_value(ctx, values[key]) if param.type is not click.BOOL else values[key]
        except click.BadParameter as exc:
            raise UsageError(f"'{key}': {exc.message}", str(path)) from None
        kwargs[name] = value
        settings.append((key, value, str(path)))
    return kwargs, settings, path


def describe(settings: list[tuple[str, Any, str]], path: Path | None) -> str:
    """The resolved settings, one per line, with where each came from."""

    def shown(value: Any) -> str:
        if value is None:
            return "(not set)"
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (tuple, list)):
            return "[" + ", ".join(f'"{v}"' for v in value) + "]"
        if isinstance(value, (str, Path)):
            return f'"{value}"'
        return str(value)

    lines = [f"config file: {path if path else '(none found)'}"]
    width = max(len(k) for k, _, _ in settings) if settings else 0
    rows = [(k, "[]  (./statutes, else the bundled samples)" if k == "paths" and not v else shown(v), src)
            for k, v, src in settings]
    vwidth = max(len(v) for _, v, _ in rows) if rows else 0
    lines += [f"{k:<{width}} = {v:<{vwidth}}  # {src}" for k, v, src in rows]
    return "\n".join(lines) + "\n"


def configured(command: str) -> Callable[[F], F]:
    """Decorate a click command so config values fill options not given; handles ``--show-config``."""

    def decorate(func: F) -> F:
        @wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            show = kwargs.pop("show_config", False)
            kwargs, settings, path = apply(click.get_current_context(), kwargs, command)
            if show:
                click.echo(describe(settings, path), nl=False)
                return None
            return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate
