"""The rule-file schema as JSON Schema (draft-07), for editors and other tools.

Generated from the field tables in ``lawgap.load`` (the same ones the rule
checker walks), so the published schema cannot drift from what ``lawgap rules
validate`` accepts. Draft-07 because it is what yaml-language-server (VS Code,
Neovim, ...) supports. A few checks only the checker makes: rule IDs unique
across files, element names unique within a rule, overrides naming an existing
rule and element, and the flow-list warning.
"""

from __future__ import annotations

import json
from typing import Any

from lawgap.load import (
    CHOICES,
    ELEMENT_FIELDS,
    EXAMPLE_FIELDS,
    ID_RE,
    LANGUAGE_RE,
    OVERRIDE_FIELDS,
    QUALIFIER_FIELDS,
    RULE_FIELDS,
    TOP_FIELDS,
    Field,
)

DRAFT = "http://json-schema.org/draft-07/schema#"
# `\w` in a JSON Schema pattern is ASCII-only in editors (ECMA 262), so a term's
# "has a letter or digit" is spelled out to admit Cyrillic and other scripts.
TERM_PATTERN = "[0-9A-Za-z_\u00c0-\u1fff\u2c00-\ud7ff\uf900-\ufdff\ufe70-\uffef]"
NON_BLANK = "\\S"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/definitions/{name}"}


def _kind_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one field kind (the kinds _Checker.value knows)."""
    if kind == "id":
        return {"type": "string", "pattern": ID_RE.pattern}
    if kind in ("str", "ref"):
        return {"type": "string", "pattern": NON_BLANK}
    if kind == "scalar":
        return {"type": ["string", "number"]}
    if kind == "bool":
        return {"type": "boolean"}
    if kind in CHOICES:
        return {"enum": list(CHOICES[kind])}
    if kind == "terms":
        return _ref("terms")
    if kind == "elements":
        return {"type": "array", "minItems": 1, "items": _ref("element")}
    if kind == "qualifiers":
        return {"type": "array", "items": _ref("qualifier")}
    if kind == "examples":
        return {"type": "array", "items": _ref("example")}
    if kind == "extra_terms":
        return {"type": "object", "additionalProperties": _ref("terms")}
    if kind == "rules":
        return {"type": "array", "items": _ref("rule")}
    if kind == "overrides":
        return {"type": "array", "items": _ref("override")}
    raise AssertionError(kind)


def _object(fields: dict[str, Field], description: str) -> dict[str, Any]:
    properties = {}
    for key, (kind, _required, text) in fields.items():
        prop = dict(_kind_schema(kind))
        if "$ref" in prop:  # draft-07 ignores keywords beside $ref, so the description would be lost
            prop = {"allOf": [prop]}
        prop["description"] = text
        properties[key] = prop
    out: dict[str, Any] = {"type": "object", "description": description, "properties": properties,
                           "additionalProperties": False}
    required = [k for k, (_kind, req, _text) in fields.items() if req]
    if required:
        out["required"] = required
    return out


def rule_file_schema() -> dict[str, Any]:
    """JSON Schema of one rule file (a mapping with ``rules:`` and/or ``overrides:``)."""
    term = {"type": "string", "pattern": TERM_PATTERN, "description": "A word or phrase (plain words, no regex)"}
    term_list = {"type": "array", "minItems": 1, "items": term}
    top = _object(TOP_FIELDS, "A lawgap rule file: rules, and/or overrides of rules defined elsewhere")
    top["anyOf"] = [{"required": ["rules"]}, {"required": ["overrides"]}]
    return {
        "$schema": DRAFT,
        "title": "lawgap rule file",
        **top,
        "definitions": {
            "rule": _object(RULE_FIELDS, "One obligation"),
            "override": _object(OVERRIDE_FIELDS, "Changes to a rule defined elsewhere, by ID"),
            "element": _object(ELEMENT_FIELDS, "One thing a provision must say"),
            "qualifier": _object(QUALIFIER_FIELDS, "Wording that downgrades or disqualifies a match"),
            "example": _object(EXAMPLE_FIELDS, "A statute snippet and the status it must get"),
            "terms": {
                "description": "A list of terms, or a mapping of language code (en, ru, ...) to a list",
                "oneOf": [
                    term_list,
                    {"type": "object", "minProperties": 1,
                     "propertyNames": {"pattern": f"^{LANGUAGE_RE.pattern}$"},
                     "additionalProperties": term_list},
                ],
            },
        },
    }


def dumps() -> str:
    """The schema as stable, readable JSON (what `lawgap rules schema` prints)."""
    return json.dumps(rule_file_schema(), indent=2) + "\n"
