"""Fuzz target: the rulebook loader (YAML parsing and schema checks).

Rulebooks come from other organisations, so any text must give rules or a list
of ``RuleError`` (file:line:col: message); any other exception is a crash.
Run for a bounded time, e.g.::

    python fuzz/fuzz_rules.py fuzz/corpus/rules -max_total_time=600

``python fuzz/seed.py`` seeds the corpus from the bundled rule files. A crash
writes ``crash-<hash>``: add it to ``tests/test_robustness.py``.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["lawgap", "yaml"]):
    from lawgap.errors import LawgapError
    from lawgap.load import check_rule_text


def TestOneInput(data: bytes) -> None:  # the name atheris expects
    """Decode like the loader does (UTF-8, BOM allowed), then parse and validate."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return  # the loader reports "not UTF-8" before parsing
    try:
        _rules, _overrides, errors = check_rule_text(text, "<fuzz>.yaml")
    except LawgapError:
        return
    for err in errors:
        if not isinstance(err, LawgapError):
            raise TypeError(f"non-LawgapError in error list: {err!r}")
        str(err)


def main() -> None:
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
