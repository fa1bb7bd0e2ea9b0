"""Rule examples as tests: each example is checked as a one-provision statute.

Kept apart from the CLI so the pytest suite runs exactly what
``lawgap rules test`` runs.
"""

from __future__ import annotations

from dataclasses import dataclass

from lawgap.judge import Judge
from lawgap.load import read_text
from lawgap.match import Index
from lawgap.models import Rule, Rulebook, Verdict
from lawgap.segment import segment


@dataclass(frozen=True)
class ExampleResult:
    rule_id: str
    number: int
    origin: str
    text: str
    expect: str
    got: str
    why: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.expect == self.got


def judge_text(rule: Rule, text: str) -> Verdict:
    """The verdict of one rule on a snippet of statute text."""
    statute = segment(read_text(text.encode("utf-8"), "<example>"))
    return Judge(Index([statute])).judge(rule)


def explain(rule: Rule, verdict: Verdict) -> tuple[str, ...]:
    """Element by element, what the snippet matched, then the judge's notes (why partial, why missing)."""
    found: dict[str, list[str]] = {}
    for e in verdict.evidence:
        for name, ws in e.matched:
            found.setdefault(name, []).extend(w for w in ws if w not in found.get(name, []))
    lines = []
    for el in rule.elements:
        mark = "found" if el.name in found else "NOT found"
        words = f" ({', '.join(found[el.name])})" if el.name in found else ""
        lines.append(f"{el.name}{' [core]' if el.core else ''}: {mark}{words}")
    lines.extend(f"note: {n}" for n in verdict.notes)
    return tuple(lines)


def run_examples(book: Rulebook) -> list[ExampleResult]:
    """Judge every example of every rule; ``origin`` is where the example is written (file:line)."""
    out = []
    for rule in book.rules:
        for i, ex in enumerate(rule.examples, 1):
            verdict = judge_text(rule, ex.text)
            out.append(ExampleResult(rule.id, i, ex.where or f"{rule.origin}:{rule.line}", ex.text, ex.expect,
                                     verdict.status, explain(rule, verdict)))
    return out


def coverage_gaps(book: Rulebook, results: list[ExampleResult]) -> list[str]:
    """Rules lacking an example of some status, and elements no passing example matched."""
    out = []
    for rule in book.rules:
        mine = [r for r in results if r.rule_id == rule.id]
        for status in ("covered", "partial", "missing"):
            if not any(r.expect == status for r in mine):
                out.append(f"{rule.id}: no {status} example")
        seen = {line.split(":")[0].replace(" [core]", "") for r in mine for line in r.why if ": found" in line}
        for el in rule.elements:
            if el.name not in seen:
                out.append(f"{rule.id}: element '{el.name}' matched by no example")
    return out
