"""Every example kept inside every built-in rule, as ``lawgap rules test`` runs them."""

from __future__ import annotations

import pytest

import lawgap
from lawgap.ruletest import explain, judge_text

BOOK = lawgap.load_rules()
CASES = [(r, i, ex) for r in BOOK.rules for i, ex in enumerate(r.examples, 1)]


@pytest.mark.parametrize("rule,number,example", CASES, ids=[f"{r.id}-{i}" for r, i, _ in CASES])
def test_example(rule, number, example) -> None:  # type: ignore[no-untyped-def]
    verdict = judge_text(rule, example.text)
    assert verdict.status == example.expect, "\n".join(explain(rule, verdict))


@pytest.mark.parametrize("rule", BOOK.rules, ids=[r.id for r in BOOK.rules])
def test_every_rule_has_examples_of_each_status_in_both_languages(rule) -> None:  # type: ignore[no-untyped-def]
    def lang(text: str) -> str:
        return "ru" if any("\u0400" <= ch <= "\u04ff" for ch in text) else "en"

    for language in ("en", "ru"):
        got = [ex.expect for ex in rule.examples if lang(ex.text) == language]
        assert got.count("covered") >= 2, language
        assert got.count("partial") >= 1, language
        assert got.count("missing") >= 2, language
