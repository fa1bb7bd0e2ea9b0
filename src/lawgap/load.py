"""Load stage: rulebooks (YAML) and statute files (text and published formats).

Everything that touches the file system on the way in lives here, so that the
later stages are pure functions of the loaded data.
"""

from __future__ import annotations

import codecs
import difflib
import importlib
import itertools
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from lawgap.errors import InputError, RuleError, UsageError
from lawgap.models import SEVERITIES, Block, Document, Element, Example, Qualifier, Rule, Rulebook
from lawgap.readers import guess_language
from lawgap.text import one_line

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
# Documents lawgap cannot read: found in a folder they are reported, never silently passed over.
OTHER_DOCUMENT_SUFFIXES = (".doc", ".rtf", ".odt", ".wpd", ".wps", ".pages")
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

# The schema, one source for the checker below, `lawgap rules schema` (JSON
# Schema, lawgap.schema) and the docs. Each entry: key -> (kind, required, description);
# the kind names a check in _Checker.value and a JSON Schema in lawgap.schema.
Field = tuple[str, bool, str]
RULE_FIELDS: dict[str, Field] = {
    "id": ("id", True, "Stable identifier: two or more capitals, dash, digits (RV-01, MY-RULE-3)"),
    "title": ("str", True, "One-line statement of the obligation"),
    "category": ("category", True, "Category of the obligation catalogue"),
    "severity": ("severity", True, "critical | high | medium | low"),
    "source": ("str", True, "Legal source: CRC article, General Comment paragraph"),
    "rationale": ("str", True, "Why it matters and what a statute must say"),
    "suggestion": ("str", True, "Drafting suggestion shown for a gap"),
    "elements": ("elements", True, "What one provision must contain"),
    "modality": ("modality", False, "binding (default): 'may' makes it partial; any: a right-conferring 'may' is fine"),
    "definition": ("bool", False, "true when a definition meets the rule (GP-01)"),
    "partial": ("qualifiers", False, "Wording that makes a match only partial"),
    "exclude": ("qualifiers", False, "Wording that shows a provision is about something else"),
    "examples": ("examples", False, "Snippets with their expected status, run by `lawgap rules test`"),
}
OVERRIDE_FIELDS: dict[str, Field] = {
    "id": ("ref", True, "ID of the rule to change (built-in or from another file)"),
    "severity": ("severity", False, "New severity"),
    "disabled": ("bool", False, "true to switch the rule off"),
    "extra_terms": ("extra_terms", False, "Element name -> more terms for it"),
    "partial": ("qualifiers", False, "More partial wording"),
    "exclude": ("qualifiers", False, "More exclusions"),
    "examples": ("examples", False, "More examples"),
}
ELEMENT_FIELDS: dict[str, Field] = {
    "name": ("str", True, "Free label, shown in evidence and 'missing' lists"),
    "terms": ("terms", True, "Words or phrases, any of which shows the element"),
    "core": ("bool", False, "true: without this element the verdict is 'missing', not 'partial'"),
}
QUALIFIER_FIELDS: dict[str, Field] = {
    "label": ("str", True, "What the wording means, shown in notes"),
    "terms": ("terms", True, "Words or phrases that trigger it"),
}
EXAMPLE_FIELDS: dict[str, Field] = {
    "text": ("str", True, "A short statute snippet (one provision)"),
    "expect": ("status", True, "covered | partial | missing"),
    "note": ("str", False, "Why this example is here"),
}
TOP_FIELDS: dict[str, Field] = {
    "rules": ("rules", False, "Rules defined in this file"),
    "overrides": ("overrides", False, "Changes to rules defined elsewhere (e.g. built-in), by ID"),
    "version": ("scalar", False, "Free version label of this rule file"),
    "description": ("str", False, "Free description of this rule file"),
}
CHOICES: dict[str, tuple[str, ...]] = {
    "category": CATEGORIES, "severity": SEVERITIES, "modality": ("binding", "any"),
    "status": ("covered", "partial", "missing"),
}
LANGUAGE_RE = re.compile(r"[a-z]{2,3}")


def _required(fields: dict[str, Field]) -> list[str]:
    return [k for k, (_kind, req, _desc) in fields.items() if req]


class _Node:
    """A YAML value with the position it came from.

    ``style`` keeps what parsing forgets and the flow-list check needs:
    "flow" or "block" for a sequence, "plain" or the quote/block character for a scalar.
    """

    __slots__ = ("col", "line", "style", "value")

    def __init__(self, value: Any, line: int, col: int, style: str | None = None) -> None:
        self.value = value
        self.line = line
        self.col = col
        self.style = style


class _Loader(yaml.SafeLoader):
    """Safe loader that refuses aliases, so no alias bomb can expand."""

    def compose_node(self, parent: Any, index: Any) -> Any:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                None, None, "aliases (*name) are not allowed in rule files", event.start_mark
            )
        return super().compose_node(parent, index)


def _to_nodes(node: yaml.Node, loader: _Loader, path: str, problems: list[RuleError],
              seen: set[int] | None = None) -> _Node:
    """Convert a composed YAML tree; a duplicate key is reported and its second value dropped.

    ``seen``: the ids of the nodes converted so far, given when the tree may hold aliases (libyaml's
    composer makes an alias the very node it names): a node met again raises :class:`_AliasMet`.
    """
    if seen is not None:
        _visit(node, seen)
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, tuple[_Node, _Node]] = {}
        for knode, vnode in node.value:
            if seen is not None:
                _visit(knode, seen)
            key = _scalar(knode, loader, path)
            kline, kcol = knode.start_mark.line + 1, knode.start_mark.column + 1
            if str(key) in out:
                first = out[str(key)][0]
                problems.append(RuleError(f"duplicate key '{key}' (first at line {first.line}); "
                                          "the second value would be ignored", path, kline, kcol))
                continue
            out[str(key)] = (_Node(key, kline, kcol), _to_nodes(vnode, loader, path, problems, seen))
        return _Node(out, line, col)
    if isinstance(node, yaml.SequenceNode):
        return _Node([_to_nodes(n, loader, path, problems, seen) for n in node.value], line, col,
                     "flow" if node.flow_style else "block")
    return _Node(_scalar(node, loader, path), line, col, getattr(node, "style", None) or "plain")


class _AliasMet(Exception):
    """A composed tree holds an alias: the file goes to the pure-Python loader, which reports it."""


def _visit(node: yaml.Node, seen: set[int]) -> None:
    if id(node) in seen:
        raise _AliasMet
    seen.add(id(node))


_SURROGATE = re.compile("[\ud800-\udfff]")
_STR_TAG = "tag:yaml.org,2002:str"


def _scalar(node: yaml.Node, loader: _Loader, path: str) -> Any:
    """A constructed value; a "\\uD800" escape would put a lone surrogate in every report, so refuse it.

    A string is the node's own value (what the constructor would return), taken without the
    constructor's bookkeeping: rule files are mostly strings, and that was a third of loading them.
    """
    if node.tag == _STR_TAG and isinstance(node, yaml.ScalarNode):
        value = node.value
    else:
        value = loader.construct_object(node, deep=True)
    if isinstance(value, str) and _SURROGATE.search(value):
        raise RuleError("text with a lone surrogate (\\uD800-\\uDFFF escape) is not valid Unicode",
                        path, node.start_mark.line + 1, node.start_mark.column + 1)
    return value


_SLOW = object()


def _parse_fast(text: str, path: str) -> object:
    """Parse a clean rule file with libyaml (ten times faster); anything unusual is left to
    the pure-Python loader, whose messages and positions the error reports rely on."""
    if not getattr(yaml, "__with_libyaml__", False):
        return _SLOW
    try:
        loader = yaml.CSafeLoader(text)
        try:
            root = loader.get_single_node()
            found: list[RuleError] = []
            out = None if root is None else _to_nodes(root, loader, path, found, set())  # type: ignore[arg-type]
        finally:
            loader.dispose()
    except (yaml.YAMLError, RuleError, ValueError, TypeError, _AliasMet):
        return _SLOW
    return _SLOW if found else out


def _parse_yaml(text: str, path: str, problems: list[RuleError] | None = None) -> _Node | None:
    """Parse one rule file into positioned nodes.

    Errors that stop parsing raise; duplicate keys go to ``problems`` when given
    (so every one is reported), else the first one raises.
    """
    found: list[RuleError] = [] if problems is None else problems
    fast = _parse_fast(text, path)
    if fast is not _SLOW:
        return fast  # type: ignore[return-value]
    try:
        loader = _Loader(text)  # the reader rejects control characters here, before parsing
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise RuleError(f"character U+{exc.character:04X} is not allowed in YAML", path, line, col) from None
    try:
        root = loader.get_single_node()
        out = None if root is None else _to_nodes(root, loader, path, found)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        start = exc.context_mark
        if exc.problem and exc.context and start and mark and start.line != mark.line:
            # "expected ',' or ']'" is found lines after the bracket left open: say where that is
            problem += f" ({exc.context} that starts at line {start.line + 1}, column {start.column + 1})"
        if "could not determine a constructor" in str(problem):
            problem = f"unsafe or unknown YAML tag rejected ({problem.split('tag')[-1].strip()})"
        raise RuleError(problem, path, mark.line + 1 if mark else None,
                        mark.column + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise RuleError(f"invalid YAML: {exc}", path) from None
    finally:
        loader.dispose()
    if problems is None and found:
        raise found[0]
    return out


# The flow-list trap: in ``[a, b]`` every comma separates terms, so a phrase
# with a comma in it silently becomes two terms. Signs of a phrase cut in two:
# an item ending in a word that cannot end a phrase, an item opening with a
# word that only continues one, or a bare noun followed by the participle
# phrase that qualifies it (``[ответственность, установленную законами]``).
_DANGLING_END = frozenset("and or nor the a an и или либо".split())
_CONTINUING_START = frozenset(
    "which who whom whose that including and or nor but и или либо а но включая".split()
)
_CONTINUING_PHRASE = re.compile(r"^(?:котор\w*|в том числе|в частности|а также|as well as|such as|in particular)\b")
_ENGLISH_PARTICIPLES = ("established", "provided", "prescribed", "referred", "laid", "set", "specified", "defined")
_QUALIFYING = re.compile(
    r"^(?:(?:у?становл|предусмотр|определ|утвержд|указ|приня|возлож|предоставл|назнач)\w*|"
    r"(?:established|provided|prescribed|referred|laid|set|specified|defined) (?:by|for|in|to|down|out)|"
    r"не (?:достигш|являющ)\w*)$"
)


def split_phrase(before: str, after: str) -> bool:
    """Whether neighbouring items of a flow list ``[a, b]`` look like one phrase cut at its comma.

    A heuristic, so its finding is only a warning, and it errs towards
    silence: quoting either item (``"who testify"``) confirms two terms.
    """
    b_words, a_words = before.lower().split(), after.lower().split()
    if not b_words or not a_words:
        return False
    if b_words[-1] in _DANGLING_END and not {"neither", "either"} & set(b_words):
        return True  # "neither nor" is a deliberate term
    if a_words[0] in _CONTINUING_START or _CONTINUING_PHRASE.match(after.lower()):
        return True
    head = " ".join(a_words[:2]) if len(a_words) > 1 and a_words[0] in ("не", *_ENGLISH_PARTICIPLES) \
        else a_words[0]
    return len(b_words) == 1 and len(a_words) > 1 and bool(_QUALIFYING.match(head))


class _Checker:
    """Turns YAML nodes into rules, collecting every schema error (and warning) with its position."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.errors: list[RuleError] = []
        self.warnings: list[RuleError] = []
        self.ids: list[tuple[Rule, _Node]] = []

    def error(self, node: _Node, message: str) -> None:
        self.errors.append(RuleError(message, self.path, node.line, node.col))

    def warn(self, node: _Node, message: str) -> None:
        self.warnings.append(RuleError(f"warning: {message}", self.path, node.line, node.col))

    def mapping(self, node: _Node, fields: Iterable[str], what: str,
                required: Iterable[str] = ()) -> dict[str, _Node] | None:
        if not isinstance(node.value, dict):
            self.error(node, f"{what} must be a mapping, got {_kind(node.value)}")
            return None
        known = list(fields)
        out: dict[str, _Node] = {}
        suggested: set[str] = set()
        for key, (knode, vnode) in node.value.items():
            if key not in known:
                close = difflib.get_close_matches(str(key), [k for k in known if k not in node.value], n=1)
                hint = f"; did you mean '{close[0]}'?" if close else f"; expected one of: {', '.join(known)}"
                self.error(knode, f"unknown key '{key}' in {what}{hint}")
                suggested.update(close)
                continue
            out[key] = vnode
        missing = [k for k in required if k not in out and k not in suggested]  # a misspelling is said once
        if missing:
            self.error(node, f"{what} is missing required key{'s' if len(missing) > 1 else ''} "
                             f"{', '.join(repr(k) for k in missing)}")
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
        if kind == "scalar":
            if not isinstance(v, (str, int, float)) or isinstance(v, bool):
                self.error(node, f"{what} must be text or a number, got {_kind(v)}")
                return None
            return v
        if kind == "bool":
            if not isinstance(v, bool):
                self.error(node, f"{what} must be true or false, got {_kind(v)}")
                return None
            return v
        choices = CHOICES.get(kind)
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
                self.error(node, f"{what} must map element names to terms, got {_kind(v)}")
                return None
            return {k: self.terms(vn, f"extra_terms of '{k}'") for k, (_kn, vn) in v.items()}
        raise AssertionError(kind)

    def terms(self, node: _Node, what: str) -> tuple[str, ...] | None:
        lists: list[_Node] = []
        if isinstance(node.value, dict):
            for lang, (knode, vnode) in node.value.items():
                if not LANGUAGE_RE.fullmatch(str(lang)):
                    self.error(knode, f"'{lang}' is not a language code (en, ru, ...)")
                elif not isinstance(vnode.value, list):
                    self.error(vnode, f"terms for '{lang}' must be a list, got {_kind(vnode.value)}")
                elif not vnode.value:
                    self.error(vnode, f"terms for '{lang}' is an empty list")
                else:
                    lists.append(vnode)
        elif isinstance(node.value, list):
            lists = [node]
        else:
            self.error(node, f"{what} must be a list of terms or a mapping of language to list, "
                             f"got {_kind(node.value)}")
            return None
        out: list[str] = []
        before = len(self.errors)
        for seq in lists:
            for item in seq.value:
                if not isinstance(item.value, str) or not re.search(r"\w", item.value):
                    self.error(item, f"a term in {what} must be non-empty text, got {item.value!r}")
                    continue
                out.append(" ".join(item.value.split()))
            if seq.style == "flow":
                self.flow_trap(seq)
        if not out:
            if len(self.errors) == before:
                self.error(node, f"{what} is empty; give at least one term")
            return None
        return tuple(out)

    def flow_trap(self, seq: _Node) -> None:
        """Warn when ``[a, b]`` probably meant one term containing a comma."""
        items = seq.value
        for before, after in itertools.pairwise(items):
            if (before.style == "plain" and after.style == "plain" and isinstance(before.value, str)
                    and isinstance(after.value, str) and split_phrase(before.value, after.value)):
                self.warn(before, f"'{before.value}' and '{after.value}' are two terms (a comma separates "
                                  f"terms in [...]); if you meant one term, quote it: "
                                  f"\"{before.value}, {after.value}\"")

    def elements(self, node: _Node) -> tuple[Element, ...] | None:
        if not isinstance(node.value, list) or not node.value:
            self.error(node, f"elements must be a non-empty list, got {_kind(node.value)}"
                       if not isinstance(node.value, list) else "elements must be a non-empty list")
            return None
        out = []
        seen: dict[str, _Node] = {}
        for item in node.value:
            fields = self.mapping(item, ELEMENT_FIELDS, "element", required=_required(ELEMENT_FIELDS))
            if fields is None:
                continue
            vals = {k: self.value(v, ELEMENT_FIELDS[k][0], f"element {k}") for k, v in fields.items()}
            name = vals.get("name")
            if name and name in seen:
                self.error(fields["name"], f"element name '{name}' is used twice (first at line "
                                           f"{seen[name].line})")
            elif name:
                seen[name] = fields["name"]
            if name and vals.get("terms"):
                out.append(Element(name, vals["terms"], bool(vals.get("core"))))
        return tuple(out)

    def qualifiers(self, node: _Node, what: str) -> tuple[Qualifier, ...] | None:
        if not isinstance(node.value, list):
            self.error(node, f"{what} must be a list of {{label, terms}}, got {_kind(node.value)}")
            return None
        out = []
        for item in node.value:
            fields = self.mapping(item, QUALIFIER_FIELDS, f"{what} entry", required=_required(QUALIFIER_FIELDS))
            if fields is None:
                continue
            vals = {k: self.value(v, QUALIFIER_FIELDS[k][0], f"{what} {k}") for k, v in fields.items()}
            if vals.get("label") and vals.get("terms"):
                out.append(Qualifier(vals["label"], vals["terms"]))
        return tuple(out)

    def examples(self, node: _Node) -> tuple[Example, ...] | None:
        if not isinstance(node.value, list):
            self.error(node, f"examples must be a list of {{expect, text}}, got {_kind(node.value)}")
            return None
        out = []
        for item in node.value:
            fields = self.mapping(item, EXAMPLE_FIELDS, "example", required=_required(EXAMPLE_FIELDS))
            if fields is None:
                continue
            vals = {k: self.value(v, EXAMPLE_FIELDS[k][0], f"example {k}") for k, v in fields.items()}
            if vals.get("text") and vals.get("expect"):
                out.append(Example(vals["text"], vals["expect"], vals.get("note") or "", f"{self.path}:{item.line}"))
        return tuple(out)

    def rule(self, node: _Node) -> Rule | None:
        required = _required(RULE_FIELDS)
        fields = self.mapping(node, RULE_FIELDS, "rule", required=required)
        if fields is None:
            return None
        before = len(self.errors)
        vals = {k: self.value(v, RULE_FIELDS[k][0], k) for k, v in fields.items()}
        if len(self.errors) > before or any(vals.get(k) is None for k in required):
            return None
        rule = Rule(
            id=vals["id"], title=" ".join(vals["title"].split()), category=vals["category"],
            severity=vals["severity"], source=vals["source"], rationale=" ".join(vals["rationale"].split()),
            suggestion=vals["suggestion"].strip(), elements=vals["elements"],
            partial=vals.get("partial") or (), exclude=vals.get("exclude") or (),
            modality=vals.get("modality") or "binding", definition=bool(vals.get("definition")),
            examples=vals.get("examples") or (), origin=self.path, line=node.line,
        )
        self.ids.append((rule, fields["id"]))
        return rule

    def override(self, node: _Node) -> tuple[_Node, dict[str, Any]] | None:
        """An override whose ID is readable, so what it refers to is checked even if other parts are wrong."""
        fields = self.mapping(node, OVERRIDE_FIELDS, "override", required=_required(OVERRIDE_FIELDS))
        if fields is None:
            return None
        vals = {k: self.value(v, OVERRIDE_FIELDS[k][0], k) for k, v in fields.items()}
        return (node, vals) if vals.get("id") else None

    def file(self, root: _Node) -> tuple[list[Rule], list[tuple[_Node, dict[str, Any]]]]:
        """The top-level mapping: its rules and overrides."""
        rules: list[Rule] = []
        overrides: list[tuple[_Node, dict[str, Any]]] = []
        top = self.mapping(root, TOP_FIELDS, "rule file")
        if top is None:
            return rules, overrides
        if "rules" not in top and "overrides" not in top:
            self.error(root, "rule file needs a top-level 'rules:' list (or 'overrides:')")
        for key in ("version", "description"):
            if key in top:
                self.value(top[key], TOP_FIELDS[key][0], key)
        for key, make in (("rules", self.rule), ("overrides", self.override)):
            if key not in top:
                continue
            if not isinstance(top[key].value, list):
                self.error(top[key], f"'{key}' must be a list, got {_kind(top[key].value)}")
                continue
            for item in top[key].value:
                got = make(item)
                if got is not None:
                    (rules if key == "rules" else overrides).append(got)  # type: ignore[arg-type]
        return rules, overrides


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


Override = tuple[str, _Node, dict[str, Any]]


@dataclass
class RuleCheck:
    """What validating a set of rule files found; errors and warnings sorted by file, line, column."""

    rules: list[Rule] = field(default_factory=list)
    overrides: list[Override] = field(default_factory=list)
    errors: list[RuleError] = field(default_factory=list)
    warnings: list[RuleError] = field(default_factory=list)
    context: dict[str, Rule] = field(default_factory=dict)  # rules overrides may target, from elsewhere
    ids: list[tuple[Rule, _Node]] = field(default_factory=list)

    def add(self, other: RuleCheck) -> None:
        self.rules += other.rules
        self.overrides += other.overrides
        self.errors += other.errors
        self.warnings += other.warnings
        self.ids += other.ids


def _check_rule_text(text: str, shown: str) -> RuleCheck:
    out = RuleCheck()
    try:
        root = _parse_yaml(text, shown, out.errors)
    except RuleError as exc:
        out.errors.append(exc)
        return out
    if root is None:
        out.errors.append(RuleError("rule file is empty; expected a mapping with a 'rules:' list", shown))
        return out
    checker = _Checker(shown)
    out.rules, overrides = checker.file(root)
    out.overrides = [(shown, node, vals) for node, vals in overrides]
    out.errors += checker.errors
    out.warnings = checker.warnings
    out.ids = checker.ids
    return out


def _check_rule_path(path: Path) -> RuleCheck:
    shown = _display(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return RuleCheck(errors=[RuleError("rule file is not UTF-8 text", shown)])
    except OSError as exc:
        return RuleCheck(errors=[RuleError(f"cannot read rule file: {exc.strerror or exc}", shown)])
    return _check_rule_text(text, shown)


def check_rule_text(text: str, shown: str) -> tuple[list[Rule], list[Override], list[RuleError]]:
    """Parse and validate one rule file's text; a function of text alone so it can be fuzzed."""
    got = _check_rule_text(text, shown)
    return got.rules, got.overrides, _sorted(got.errors)


def _sorted(errors: list[RuleError]) -> list[RuleError]:
    unique = {str(e): e for e in errors}
    return sorted(unique.values(), key=lambda e: (e.path or "", e.line or 0, e.column or 0, e.message))


def validate_rules(paths: Iterable[Path], context: Iterable[Path] = ()) -> RuleCheck:
    """Validate rule files completely: schema, duplicate IDs, and what each override refers to.

    ``context`` holds rule files that are not being validated but that
    overrides may target (the built-in rulebook, when checking a user's file);
    a rule ID defined in both draws a warning, since the two clash when used together.
    """
    files = rule_files(paths)
    out = RuleCheck()
    for path in files:
        out.add(_check_rule_path(path))
    mine = {p.resolve() for p in files}
    for path in rule_files(context):
        if path.resolve() not in mine:
            for rule in _check_rule_path(path).rules:
                out.context.setdefault(rule.id, rule)
    seen: dict[str, Rule] = {}
    for rule, node in out.ids:
        first = seen.get(rule.id)
        if first is not None:
            out.errors.append(RuleError(f"duplicate rule ID '{rule.id}' (first defined at {first.origin}:"
                                        f"{first.line})", rule.origin, node.line, node.col))
            continue
        seen[rule.id] = rule
        other = out.context.get(rule.id)
        if other is not None:
            out.warnings.append(RuleError(
                f"warning: rule ID '{rule.id}' is also defined in {other.origin}:{other.line}; used together "
                "they clash: rename this rule, or change that one with an 'overrides:' entry",
                rule.origin, node.line, node.col))
    for origin, node, vals in out.overrides:
        out.errors += _override_errors(origin, node, vals, {**out.context, **seen})
    out.errors = _sorted(out.errors)
    out.warnings = _sorted(out.warnings)
    return out


def _override_errors(origin: str, node: _Node, vals: dict[str, Any], known: dict[str, Rule]) -> list[RuleError]:
    """An override must name an existing rule and, for extra terms, its existing elements."""
    id_node = node.value["id"][1]
    target = known.get(vals["id"])
    if target is None:
        close = difflib.get_close_matches(vals["id"], list(known), n=1, cutoff=0.85)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return [RuleError(f"override of unknown rule '{vals['id']}'{hint}", origin, id_node.line, id_node.col)]
    errors = []
    names = [e.name for e in target.elements]
    extra = node.value.get("extra_terms")
    for name, (knode, _vnode) in (extra[1].value.items() if extra and isinstance(extra[1].value, dict) else ()):
        if name not in names:
            close = difflib.get_close_matches(name, names, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"its elements are: {', '.join(names)}"
            errors.append(RuleError(f"rule {target.id} has no element '{name}'; {hint}", origin,
                                    knode.line, knode.col))
    return errors


def load_rulebook(extra: Iterable[Path] = (), builtin: bool = True, overrides_of_builtin: bool = False) -> Rulebook:
    """Load the built-in rulebook and/or user rule files, merging overrides; raise the first error found.

    ``overrides_of_builtin``: without the built-in rulebook, still let overrides
    in ``extra`` target built-in rules (which then join the rulebook, changed),
    so a user's file can be tested on its own.
    """
    extra = list(extra)
    builtin_dir = package_data("rules")
    paths = ([builtin_dir] if builtin else []) + extra
    if not paths:
        raise UsageError("no rules: --no-builtin needs --rules PATH")
    checked = validate_rules(paths, [builtin_dir] if overrides_of_builtin and not builtin else [])
    if checked.errors:
        raise checked.errors[0]
    by_id = {r.id: r for r in checked.rules}
    disabled: dict[str, tuple[str, str, str]] = {}
    for origin, node, vals in checked.overrides:
        where = f"{origin}:{node.line}"
        if vals["id"] in disabled:
            continue
        target = by_id.get(vals["id"]) or checked.context.get(vals["id"])
        if target is None:  # validate_rules reported it; kept for safety
            raise RuleError(f"override of unknown rule '{vals['id']}'", origin, node.line, node.col)
        if vals.get("disabled"):
            by_id.pop(target.id, None)
            disabled[target.id] = (target.id, where, f"{target.origin}:{target.line}")
            continue
        by_id[target.id] = _apply_override(target, vals, where)
    ordered = tuple(sorted(by_id.values(), key=lambda r: _id_key(r.id)))
    if not ordered:
        raise RuleError("the rulebook has no rules", ", ".join(_display(p) for p in paths))
    return Rulebook(rules=ordered, version=_rulebook_version(ordered),
                    files=tuple(_display(p) for p in rule_files(paths)),
                    disabled=tuple(sorted(disabled.values(), key=lambda d: _id_key(d[0]))))


def _apply_override(rule: Rule, vals: dict[str, Any], where: str) -> Rule:
    """The rule with an override's changes, each recorded as (part, detail, where) for `rules show`."""
    changes: dict[str, Any] = {}
    notes = list(rule.provenance)
    if vals.get("severity") and vals["severity"] != rule.severity:
        changes["severity"] = vals["severity"]
        notes.append(("severity", f"{rule.severity} -> {vals['severity']}", where))
    extra = vals.get("extra_terms") or {}
    if extra:
        names = {e.name for e in rule.elements}
        unknown = sorted(set(extra) - names)
        if unknown:
            raise RuleError(f"override of {rule.id} names unknown element(s): {', '.join(unknown)}", where)
        elements = []
        for e in rule.elements:
            added = tuple(dict.fromkeys(t for t in (extra.get(e.name) or ()) if t not in e.terms))
            notes.extend((f"terms of {e.name}", t, where) for t in added)
            elements.append(replace(e, terms=e.terms + added))
        changes["elements"] = tuple(elements)
    for key in ("partial", "exclude"):
        if vals.get(key):
            changes[key] = getattr(rule, key) + tuple(vals[key])
            notes.extend((key, q.label, where) for q in vals[key])
    if vals.get("examples"):
        changes["examples"] = rule.examples + tuple(vals["examples"])
        notes.extend(("examples", str(len(rule.examples) + i), where) for i in range(1, len(vals["examples"]) + 1))
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
    """A stable, readable path: bundled data as ``rules/…`` or ``statutes/…`` wherever
    the package is installed, other files relative to the working directory when inside it.

    Always valid Unicode (a Latin-1 file name arrives as lone surrogates that
    no UTF-8 report could hold), and never raises on a symlink loop.
    """
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: show the link itself
        real = path.absolute()
    shown = ""
    for name in ("statutes", "rules"):  # bundled data: the same name on every machine
        try:
            shown = f"{name}/" + real.relative_to(package_data(name).resolve()).as_posix()
            break
        except ValueError:
            continue
    if not shown:
        try:
            shown = real.relative_to(Path.cwd().resolve()).as_posix()
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


NOT_STATUTES = ("README", "CHANGELOG", "LICENSE", "LICENCE", "CONTRIBUTING")


def _walk(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if name.startswith(".") or not name.lower().endswith(STATUTE_SUFFIXES + OTHER_DOCUMENT_SUFFIXES):
                continue
            if name.upper().startswith(NOT_STATUTES):  # a folder's README is not law
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
    return read_bytes(data, path.suffix, shown)


def read_bytes(data: bytes, suffix: str, shown: str) -> Document:
    """A statute file's bytes as a Document; apart from ``read_document`` so it can be fuzzed without files."""
    if not data.strip():
        raise InputError("empty file", shown)
    fmt = _sniff(suffix.lower(), data[:4096])
    if fmt == "text" and suffix.lower() in OTHER_DOCUMENT_SUFFIXES:  # content decides first: a .doc may be HTML
        raise InputError(f"{suffix.lower()} documents cannot be read; save it as .docx, .pdf or .txt", shown)
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


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # below space, except \t \n \f \r


def _few_controls(text: str) -> bool:
    sample = text[:65536]
    return len(_CONTROLS.findall(sample)) <= max(2, len(sample) // 1000)


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
    markdown = shown.endswith(".md")
    starts_item = _STARTS_ITEM.match  # the loop runs once per line: names looked up once
    for i in range(start, len(lines)):
        line = lines[i].strip()
        if markdown:
            line = re.sub(r"^#{1,6}\s+", "", line)
        if not line:
            if current:
                blocks.append(Block("\n".join(current), first))
                current = []
            continue
        if current and starts_item(line):
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
    title = one_line(info.get("title") or blocks[0].text.split("\n")[0], 200)
    language = info.get("language") or guess_language(text)
    return Document(path=shown, title=title, language=language, format="text", blocks=tuple(blocks),
                    meta=tuple(meta))


_STARTS_ITEM = re.compile(
    r"^(?:\(?[0-9]{1,3}(?:-[0-9]+)?[.)]\s|\([a-zA-Z]{1,4}\)\s|[а-я]\)\s|§|(?:Статья|Cтатья|Article|ARTICLE|"
    r"Section|SECTION|Глава|CHAPTER|Chapter|PART|Part)\s)"
)
