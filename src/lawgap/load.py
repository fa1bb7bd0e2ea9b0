"""Load stage: rulebooks (YAML) and statute files (text and published formats).

Everything that touches the file system on the way in lives here, so that the
later stages are pure functions of the loaded data.
"""

from __future__ import annotations

import codecs
import difflib
import importlib
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

from lawgap.errors import InputError, RuleError, UsageError
from lawgap.models import SEVERITIES, Block, Document, Element, Example, Qualifier, Rule, Rulebook

CATEGORIES: tuple[str, ...] = (
    "general-principles",
    "reporting-violence",
    "protection-from-violence",
    "official-accountability",
    "juvenile-justice",
    "alternative-care",
    "children-with-disabilities",
    "child-health",
    "family-support",
)

STATUTE_SUFFIXES = (".txt", ".md", ".text", ".docx", ".pdf", ".html", ".htm", ".xhtml", ".xml", ".akn")
RULE_SUFFIXES = (".yaml", ".yml")
DEFAULT_MAX_BYTES = 50 * 1024 * 1024  # about 2 GB of memory and a minute for plain text this big
ID_RE = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-\d+[a-z]?$")


def package_data(name: str) -> Path:
    """Where the built-in ``rules`` or ``statutes`` folder is.

    In a wheel they sit inside the package; in a source checkout (editable
    install, tests) at the top of the repository.
    """
    here = Path(__file__).resolve().parent
    inside = here / name
    if inside.is_dir():
        return inside
    return here.parent.parent / name


# ------------------------------------------------------------------ rulebook

# The schema, one source for validation, `lawgap rules schema` and the docs.
# Each entry: key -> (type, required, description).
RULE_FIELDS: dict[str, tuple[str, bool, str]] = {
    "id": ("id", True, "Stable identifier, e.g. RV-01"),
    "title": ("str", True, "One-line statement of the obligation"),
    "category": ("category", True, "Category of the obligation catalogue"),
    "severity": ("severity", True, "critical | high | medium | low"),
    "source": ("str", True, "Legal source: CRC article, General Comment paragraph"),
    "rationale": ("str", True, "Why it matters and what a statute must say"),
    "suggestion": ("str", True, "Drafting suggestion shown for a gap"),
    "elements": ("elements", True, "What one provision must contain"),
    "modality": ("modality", False, "binding (default) or any"),
    "definition": ("bool", False, "true when a definition meets the rule (GP-01)"),
    "partial": ("qualifiers", False, "Wording that makes a match only partial"),
    "exclude": ("qualifiers", False, "Wording that shows a provision is about something else"),
    "examples": ("examples", False, "Snippets with their expected status"),
}
OVERRIDE_FIELDS: dict[str, tuple[str, bool, str]] = {
    "id": ("ref", True, "ID of the rule to change"),
    "severity": ("severity", False, "New severity"),
    "disabled": ("bool", False, "true to switch the rule off"),
    "extra_terms": ("extra_terms", False, "Element name -> more terms for it"),
    "partial": ("qualifiers", False, "More partial wording"),
    "exclude": ("qualifiers", False, "More exclusions"),
    "examples": ("examples", False, "More examples"),
}
ELEMENT_FIELDS = {"name": "str", "terms": "terms", "core": "bool"}
QUALIFIER_FIELDS = {"label": "str", "terms": "terms"}
EXAMPLE_FIELDS = {"text": "str", "expect": "status", "note": "str"}
TOP_FIELDS = {"rules", "overrides", "version", "description"}


class _Node:
    """A YAML value with the position it came from."""

    __slots__ = ("col", "line", "value")

    def __init__(self, value: Any, line: int, col: int) -> None:
        self.value = value
        self.line = line
        self.col = col


class _Loader(yaml.SafeLoader):
    """Safe loader that refuses aliases, so no alias bomb can expand."""

    def compose_node(self, parent: Any, index: Any) -> Any:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                None, None, "aliases (*name) are not allowed in rule files", event.start_mark
            )
        return super().compose_node(parent, index)


def _to_nodes(node: yaml.Node, loader: _Loader) -> _Node:
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, tuple[_Node, _Node]] = {}
        for knode, vnode in node.value:
            key = _scalar(knode, loader)
            if str(key) in out:
                raise yaml.MarkedYAMLError(None, None, f"duplicate key '{key}'", knode.start_mark)
            out[str(key)] = (_Node(key, knode.start_mark.line + 1, knode.start_mark.column + 1),
                             _to_nodes(vnode, loader))
        return _Node(out, line, col)
    if isinstance(node, yaml.SequenceNode):
        return _Node([_to_nodes(n, loader) for n in node.value], line, col)
    return _Node(_scalar(node, loader), line, col)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _scalar(node: yaml.Node, loader: _Loader) -> Any:
    """A constructed value; a "\\uD800" escape would put a lone surrogate in every report, so refuse it."""
    value = loader.construct_object(node, deep=True)
    if isinstance(value, str) and _SURROGATE.search(value):
        raise yaml.MarkedYAMLError(None, None, "text with a lone surrogate (\\uD800-\\uDFFF escape) is not "
                                   "valid Unicode", node.start_mark)
    return value


def _parse_yaml(text: str, path: str) -> _Node | None:
    try:
        loader = _Loader(text)  # the reader rejects control characters here, before parsing
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise RuleError(f"character U+{exc.character:04X} is not allowed in YAML", path, line, col) from None
    try:
        root = loader.get_single_node()
        return None if root is None else _to_nodes(root, loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if "could not determine a constructor" in str(problem):
            problem = f"unsafe or unknown YAML tag rejected ({problem.split('tag')[-1].strip()})"
        raise RuleError(problem, path, mark.line + 1 if mark else None,
                        mark.column + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise RuleError(f"invalid YAML: {exc}", path) from None
    finally:
        loader.dispose()


class _Checker:
    """Turns YAML nodes into rules, collecting every schema error with its position."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.errors: list[RuleError] = []

    def error(self, node: _Node, message: str) -> None:
        self.errors.append(RuleError(message, self.path, node.line, node.col))

    def mapping(self, node: _Node, fields: Iterable[str], what: str,
                required: Iterable[str] = ()) -> dict[str, _Node] | None:
        if not isinstance(node.value, dict):
            self.error(node, f"{what} must be a mapping, got {_kind(node.value)}")
            return None
        known = list(fields)
        out: dict[str, _Node] = {}
        for key, (knode, vnode) in node.value.items():
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1)
                hint = f"; did you mean '{close[0]}'?" if close else f"; expected one of: {', '.join(known)}"
                self.error(knode, f"unknown key '{key}' in {what}{hint}")
                continue
            out[key] = vnode
        for key in required:
            if key not in out:
                self.error(node, f"{what} is missing required key '{key}'")
        return out

    def value(self, node: _Node, kind: str, what: str) -> Any:
        v = node.value
        if kind in ("str", "id", "ref"):
            if not isinstance(v, str) or not v.strip():
                self.error(node, f"{what} must be a non-empty string, got {_kind(v)}")
                return None
            if kind == "id" and not ID_RE.match(v):
                self.error(node, f"{what} '{v}' is not a valid rule ID (e.g. RV-01, MY-RULE-3)")
                return None
            return " ".join(v.split()) if kind != "str" else v.strip()
        if kind == "bool":
            if not isinstance(v, bool):
                self.error(node, f"{what} must be true or false, got {_kind(v)}")
                return None
            return v
        choices = {"category": CATEGORIES, "severity": SEVERITIES, "modality": ("binding", "any"),
                   "status": ("covered", "partial", "missing")}.get(kind)
        if choices is not None:
            if v not in choices:
                close = difflib.get_close_matches(str(v), choices, n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                self.error(node, f"{what} '{v}' is not one of: {', '.join(choices)}{hint}")
                return None
            return v
        if kind == "terms":
            return self.terms(node, what)
        if kind == "elements":
            return self.elements(node)
        if kind == "qualifiers":
            return self.qualifiers(node, what)
        if kind == "examples":
            return self.examples(node)
        if kind == "extra_terms":
            if not isinstance(v, dict):
                self.error(node, f"{what} must map element names to terms")
                return None
            return {k: self.terms(vn, f"extra_terms of '{k}'") for k, (_kn, vn) in v.items()}
        raise AssertionError(kind)

    def terms(self, node: _Node, what: str) -> tuple[str, ...] | None:
        items: list[_Node] = []
        if isinstance(node.value, dict):
            for lang, (knode, vnode) in node.value.items():
                if not re.fullmatch(r"[a-z]{2,3}", str(lang)):
                    self.error(knode, f"'{lang}' is not a language code (en, ru, ...)")
                    continue
                if not isinstance(vnode.value, list):
                    self.error(vnode, f"terms for '{lang}' must be a list")
                    continue
                items.extend(vnode.value)
        elif isinstance(node.value, list):
            items = node.value
        else:
            self.error(node, f"{what} must be a list of terms or a mapping of language to list")
            return None
        out: list[str] = []
        for item in items:
            if not isinstance(item.value, str) or not re.search(r"\w", item.value):
                self.error(item, f"a term in {what} must be non-empty text, got {item.value!r}")
                continue
            out.append(" ".join(item.value.split()))
        if not out:
            self.error(node, f"{what} has no terms")
            return None
        return tuple(out)

    def elements(self, node: _Node) -> tuple[Element, ...] | None:
        if not isinstance(node.value, list) or not node.value:
            self.error(node, "elements must be a non-empty list")
            return None
        out = []
        for item in node.value:
            fields = self.mapping(item, ELEMENT_FIELDS, "element", required=("name", "terms"))
            if fields is None:
                continue
            vals = {k: self.value(v, ELEMENT_FIELDS[k], f"element {k}") for k, v in fields.items()}
            if vals.get("name") and vals.get("terms"):
                out.append(Element(vals["name"], vals["terms"], bool(vals.get("core"))))
        names = [e.name for e in out]
        for name in {n for n in names if names.count(n) > 1}:
            self.error(node, f"element name '{name}' is used twice")
        return tuple(out)

    def qualifiers(self, node: _Node, what: str) -> tuple[Qualifier, ...] | None:
        if not isinstance(node.value, list):
            self.error(node, f"{what} must be a list of {{label, terms}}")
            return None
        out = []
        for item in node.value:
            fields = self.mapping(item, QUALIFIER_FIELDS, f"{what} entry", required=("label", "terms"))
            if fields is None:
                continue
            vals = {k: self.value(v, QUALIFIER_FIELDS[k], f"{what} {k}") for k, v in fields.items()}
            if vals.get("label") and vals.get("terms"):
                out.append(Qualifier(vals["label"], vals["terms"]))
        return tuple(out)

    def examples(self, node: _Node) -> tuple[Example, ...] | None:
        if not isinstance(node.value, list):
            self.error(node, "examples must be a list of {expect, text}")
            return None
        out = []
        for item in node.value:
            fields = self.mapping(item, EXAMPLE_FIELDS, "example", required=("text", "expect"))
            if fields is None:
                continue
            vals = {k: self.value(v, EXAMPLE_FIELDS[k], f"example {k}") for k, v in fields.items()}
            if vals.get("text") and vals.get("expect"):
                out.append(Example(vals["text"], vals["expect"], vals.get("note") or ""))
        return tuple(out)

    def rule(self, node: _Node) -> Rule | None:
        required = [k for k, (_t, req, _d) in RULE_FIELDS.items() if req]
        fields = self.mapping(node, RULE_FIELDS, "rule", required=required)
        if fields is None:
            return None
        before = len(self.errors)
        vals = {k: self.value(v, RULE_FIELDS[k][0], k) for k, v in fields.items()}
        if len(self.errors) > before or any(vals.get(k) is None for k in required):
            return None
        return Rule(
            id=vals["id"], title=" ".join(vals["title"].split()), category=vals["category"],
            severity=vals["severity"], source=vals["source"], rationale=" ".join(vals["rationale"].split()),
            suggestion=vals["suggestion"].strip(), elements=vals["elements"],
            partial=vals.get("partial") or (), exclude=vals.get("exclude") or (),
            modality=vals.get("modality") or "binding", definition=bool(vals.get("definition")),
            examples=vals.get("examples") or (), origin=self.path, line=node.line,
        )

    def override(self, node: _Node) -> tuple[_Node, dict[str, Any]] | None:
        fields = self.mapping(node, OVERRIDE_FIELDS, "override", required=("id",))
        if fields is None:
            return None
        before = len(self.errors)
        vals = {k: self.value(v, OVERRIDE_FIELDS[k][0], k) for k, v in fields.items()}
        return None if len(self.errors) > before else (node, vals)


def _kind(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false", type(None): "nothing",
            int: "a number", float: "a number"}.get(type(value), type(value).__name__)


def rule_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their YAML files, sorted, so load order is stable."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in RULE_SUFFIXES and p.is_file())
            out.extend(found)
        elif path.exists():
            out.append(path)
        else:
            raise UsageError("rule file or folder not found", str(path))
    return out


def check_rule_text(text: str, shown: str) -> tuple[list[Rule], list[tuple[str, _Node, dict[str, Any]]],
                                                   list[RuleError]]:
    """Parse and validate one rule file's text; a function of text alone so it can be fuzzed."""
    rules: list[Rule] = []
    overrides: list[tuple[str, _Node, dict[str, Any]]] = []
    errors: list[RuleError] = []
    try:
        root = _parse_yaml(text, shown)
    except RuleError as exc:
        return rules, overrides, [exc]
    checker = _Checker(shown)
    if root is None:
        return rules, overrides, [RuleError("rule file is empty; expected a mapping with a 'rules:' list", shown)]
    top = checker.mapping(root, TOP_FIELDS, "rule file")
    if top is not None:
        if "rules" not in top and "overrides" not in top:
            checker.error(root, "rule file needs a top-level 'rules:' list (or 'overrides:')")
        for key in ("rules", "overrides"):
            if key in top and not isinstance(top[key].value, list):
                checker.error(top[key], f"'{key}' must be a list")
        for item in top.get("rules", _Node([], 0, 0)).value or []:
            rule = checker.rule(item) if isinstance(top["rules"].value, list) else None
            if rule is not None:
                rules.append(rule)
        for item in top.get("overrides", _Node([], 0, 0)).value or []:
            got = checker.override(item)
            if got is not None:
                overrides.append((shown, *got))
    errors.extend(checker.errors)
    return rules, overrides, errors


def check_rule_files(paths: Iterable[Path]) -> tuple[list[Rule], list[tuple[str, _Node, dict[str, Any]]],
                                                      list[RuleError]]:
    """Parse and validate rule files, returning rules, overrides and every error found."""
    rules: list[Rule] = []
    overrides: list[tuple[str, _Node, dict[str, Any]]] = []
    errors: list[RuleError] = []
    for path in rule_files(paths):
        shown = _display(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            errors.append(RuleError("rule file is not UTF-8 text", shown))
            continue
        except OSError as exc:
            errors.append(RuleError(f"cannot read rule file: {exc.strerror or exc}", shown))
            continue
        got_rules, got_overrides, got_errors = check_rule_text(text, shown)
        rules.extend(got_rules)
        overrides.extend(got_overrides)
        errors.extend(got_errors)
    seen: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in seen:
            first = seen[rule.id]
            errors.append(RuleError(f"duplicate rule ID '{rule.id}' (first defined at {first.origin}:{first.line})",
                                    rule.origin, rule.line, 1))
        else:
            seen[rule.id] = rule
    return rules, overrides, errors


def load_rulebook(extra: Iterable[Path] = (), builtin: bool = True) -> Rulebook:
    """Load the built-in rulebook and/or user rule files; raise the first error found."""
    paths = ([package_data("rules")] if builtin else []) + list(extra)
    if not paths:
        raise UsageError("no rules: --no-builtin needs --rules PATH")
    rules, overrides, errors = check_rule_files(paths)
    if errors:
        raise errors[0]
    by_id = {r.id: r for r in rules}
    for origin, node, vals in overrides:
        target = by_id.get(vals["id"])
        if target is None:
            raise RuleError(f"override of unknown rule '{vals['id']}'", origin, node.line, node.col)
        if vals.get("disabled"):
            del by_id[target.id]
            continue
        by_id[target.id] = _apply_override(target, vals, f"{origin}:{node.line}")
    ordered = tuple(sorted(by_id.values(), key=lambda r: _id_key(r.id)))
    if not ordered:
        raise RuleError("the rulebook has no rules", ", ".join(_display(p) for p in paths))
    return Rulebook(rules=ordered, version=_rulebook_version(ordered),
                    files=tuple(_display(p) for p in rule_files(paths)))


def _apply_override(rule: Rule, vals: dict[str, Any], where: str) -> Rule:
    from dataclasses import replace

    changes: dict[str, Any] = {}
    notes = list(rule.provenance)
    if vals.get("severity"):
        changes["severity"] = vals["severity"]
        notes.append(("severity", where))
    extra = vals.get("extra_terms") or {}
    if extra:
        names = {e.name for e in rule.elements}
        unknown = sorted(set(extra) - names)
        if unknown:
            raise RuleError(f"override of {rule.id} names unknown element(s): {', '.join(unknown)}", where)
        changes["elements"] = tuple(
            replace(e, terms=e.terms + tuple(t for t in (extra.get(e.name) or ()) if t not in e.terms))
            for e in rule.elements
        )
        notes.extend((f"terms of {name}", where) for name in sorted(extra))
    for key in ("partial", "exclude", "examples"):
        if vals.get(key):
            changes[key] = getattr(rule, key) + tuple(vals[key])
            notes.append((key, where))
    changes["provenance"] = tuple(notes)
    return replace(rule, **changes)


def _id_key(rule_id: str) -> tuple[str, int]:
    head, _, num = rule_id.rpartition("-")
    digits = re.match(r"\d+", num)
    return (head, int(digits.group()) if digits else 0)


def _rulebook_version(rules: tuple[Rule, ...]) -> str:
    """A content hash, so reports say exactly which rulebook judged them."""
    import hashlib

    h = hashlib.sha256()
    for r in rules:
        h.update(repr((r.id, r.severity, r.modality, r.definition, r.elements, r.partial, r.exclude)).encode())
    from lawgap import __version__

    return f"{__version__}+{h.hexdigest()[:12]}"


# ------------------------------------------------------------------ statutes


def _display(path: Path) -> str:
    """A stable, readable path: relative to the working directory when inside it.

    Always valid Unicode (a Latin-1 file name arrives as lone surrogates that
    no UTF-8 report could hold), and never raises on a symlink loop.
    """
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: show the link itself
        real = path.absolute()
    try:
        shown = real.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        try:
            shown = "statutes/" + real.relative_to(package_data("statutes").resolve()).as_posix()
        except ValueError:
            shown = path.as_posix()
    return shown.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def statute_files(paths: Iterable[Path]) -> list[tuple[Path, str]]:
    """Expand files and folders into (path, display path) pairs, sorted and without symlink loops."""
    out: list[tuple[Path, str]] = []
    for path in paths:
        if not os.path.lexists(path):
            raise UsageError("no such file or directory", str(path))
        if path.is_dir():
            found = sorted(_walk(path), key=lambda p: p.as_posix())
            if not found:
                raise InputError(f"no statute files ({', '.join(STATUTE_SUFFIXES)}) in this folder", str(path))
            out.extend((p, _display(p)) for p in found)
        elif path.is_file():
            out.append((path, _display(path)))
        elif path.is_symlink():
            raise InputError("broken or looping symbolic link", str(path))
        else:
            raise InputError("not a regular file", str(path))
    seen: set[str] = set()
    unique = []
    for p, shown in out:
        key = os.path.realpath(p)
        if key not in seen:
            seen.add(key)
            unique.append((p, shown))
    return unique


def _walk(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if name.startswith(".") or not name.lower().endswith(STATUTE_SUFFIXES):
                continue
            yield Path(dirpath) / name


def read_document(path: Path, shown: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one statute file in whatever format it is in."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            # A FIFO or device in a folder would block the read or never end.
            raise InputError("not a regular file", shown)
        if info.st_size > max_bytes:
            raise InputError(_too_big(info.st_size, max_bytes), shown)
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)  # bounded even if the file grows while we read
        if len(data) > max_bytes:
            raise InputError(_too_big(len(data), max_bytes), shown)
    except PermissionError:
        raise InputError("permission denied", shown) from None
    except IsADirectoryError:
        raise InputError("is a directory", shown) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", shown) from None
    if not data.strip():
        raise InputError("empty file", shown)
    fmt = _sniff(path.suffix.lower(), data[:4096])
    if fmt == "text":
        return read_text(data, shown)
    module = importlib.import_module(f"lawgap.readers.{fmt}")
    return module.read(data, shown)


def _too_big(size: int, max_bytes: int) -> str:
    mb = 1024 * 1024
    return (f"file is {size / mb:.1f} MB, over the {max_bytes / mb:.1f} MB limit "
            "(raise it with --max-file-size)")


def _sniff(suffix: str, head: bytes) -> str:
    try:
        readers = importlib.import_module("lawgap.readers")
    except ImportError:
        return "text"
    sniff = getattr(readers, "sniff", None)
    return sniff(suffix, head) if sniff else "text"


_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LETTER = re.compile(r"[^\W\d_]")


def decode(data: bytes, shown: str) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1251.

    Windows-1251 decodes any byte string, so it is accepted only when the
    result reads as Russian; anything else is an error rather than mojibake.
    """
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _check_text(data.decode(codec), shown)
            except UnicodeDecodeError as exc:
                raise InputError(f"invalid {codec} at byte {exc.start}", shown) from None
    if b"\x00" in data[:8192]:
        if _looks_utf16(data):
            try:
                return _check_text(data.decode("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"), shown)
            except UnicodeDecodeError:
                pass
        raise InputError("binary file (contains NUL bytes), not a statute text", shown)
    try:
        return _check_text(data.decode("utf-8"), shown)
    except UnicodeDecodeError as exc:
        utf8_error = exc
    utf8_part = _UTF8_RUN.search(data)
    if utf8_part is not None:
        # Windows-1251 would decode this too, as mojibake ("Р РµР±"): refuse rather than misread.
        raise InputError(f"mixed encodings: UTF-8 text (byte {utf8_part.start()}) with bytes that are not "
                         f"UTF-8 (byte {utf8_error.start}); save the file in one encoding", shown)
    text = data.decode("cp1251", errors="replace")
    letters = _LETTER.findall(text)
    cyr = sum(1 for ch in letters if _CYRILLIC.match(ch))
    if letters and cyr / len(letters) > 0.5 and text.count("\ufffd") == 0 and _few_controls(text):
        return text
    raise InputError(f"not valid UTF-8 (byte {utf8_error.start}) and not Windows-1251 Russian text", shown)


# Three UTF-8 Cyrillic letters in a row, or a UTF-8 dash/quote: never found in Windows-1251 Russian.
_UTF8_RUN = re.compile(rb"(?:[\xd0\xd1][\x80-\xbf]){3}|\xe2\x80[\x90-\xbf]")


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4096]
    return sample[1::2].count(0) > len(sample) // 4 or sample[0::2].count(0) > len(sample) // 4


def _few_controls(text: str) -> bool:
    sample = text[:65536]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return bad <= max(2, len(sample) // 1000)


def _check_text(text: str, shown: str) -> str:
    if "\x00" in text:
        raise InputError("binary file (contains NUL bytes), not a statute text", shown)
    if not _few_controls(text):
        raise InputError("binary file (control characters), not a statute text", shown)
    if not text.strip():
        raise InputError("empty file", shown)
    return text


_HEADER = re.compile(r"^# ?([A-Za-z_][\w-]*):\s?(.*)$")


def read_text(data: bytes, shown: str) -> Document:
    """Plain text or Markdown: a leading ``# key: value`` header is metadata.

    Blocks are runs of non-blank lines; a line that opens a numbered item or a
    heading starts a block of its own, so hard-wrapped and one-line-per-
    paragraph files both segment well.
    """
    text = decode(data, shown).replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    meta: list[tuple[str, str]] = []
    start = 0
    while start < len(lines) and (m := _HEADER.match(lines[start])):
        meta.append((m.group(1).lower(), m.group(2).strip()))
        start += 1
    blocks: list[Block] = []
    current: list[str] = []
    first = 0
    for i in range(start, len(lines)):
        raw = lines[i]
        line = raw.strip()
        if shown.endswith(".md"):
            line = re.sub(r"^#{1,6}\s+", "", line)
        if not line:
            if current:
                blocks.append(Block("\n".join(current), first))
                current = []
            continue
        if current and _STARTS_ITEM.match(line):
            blocks.append(Block("\n".join(current), first))
            current = []
        if not current:
            first = i + 1
        current.append(line)
    if current:
        blocks.append(Block("\n".join(current), first))
    if not blocks:
        raise InputError("no statute text after the header", shown)
    info = dict(meta)
    title = info.get("title") or blocks[0].text.split("\n")[0][:200]
    language = info.get("language") or guess_language(text)
    return Document(path=shown, title=title, language=language, format="text", blocks=tuple(blocks),
                    meta=tuple(meta))


_STARTS_ITEM = re.compile(
    r"^(?:\(?[0-9]{1,3}(?:-[0-9]+)?[.)]\s|\([a-zA-Z]{1,4}\)\s|[а-я]\)\s|§|(?:Статья|Cтатья|Article|ARTICLE|"
    r"Section|SECTION|Глава|CHAPTER|Chapter|PART|Part)\s)"
)


def guess_language(text: str) -> str:
    sample = text[:200_000]
    letters = _LETTER.findall(sample)
    if not letters:
        return "und"
    cyr = sum(1 for ch in letters if _CYRILLIC.match(ch))
    return "ru" if cyr / len(letters) > 0.4 else "en"
