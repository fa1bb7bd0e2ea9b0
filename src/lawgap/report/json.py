"""JSON export: the machine-readable report, versioned and byte-stable.

Shape (``schema_version`` 1)::

    {"schema_version": 1, "tool": {...}, "rulebook": {...}, "statutes": [...],
     "summary": {...}, "results": [{id, title, category, severity, status, score,
     review, source, missing_elements, notes, suggestion, evidence: [{path, act,
     section, line, page, anchor, text, matched}]}], "skipped": [...]}
"""

from __future__ import annotations

import json
from typing import Any

from lawgap.models import SEVERITIES, STATUSES, Report, Verdict

SCHEMA_VERSION = 1


def as_dict(report: Report) -> dict[str, Any]:
    """The report as plain data; also the base other writers can build on."""
    from lawgap import __version__

    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "lawgap", "version": __version__},
        "rulebook": {"version": report.rulebook.version, "files": list(report.rulebook.files),
                     "rules": len(report.rulebook.rules)},
        "statutes": [
            {"path": s.path, "title": s.title, "language": s.language, "format": s.format,
             "units": s.units, "lines": s.lines, "warnings": list(s.warnings)}
            for s in report.statutes
        ],
        "summary": summary(report),
        "results": [result(report, v) for v in report.verdicts],
        "skipped": [{"path": p, "reason": why} for p, why in report.skipped],
    }


def summary(report: Report) -> dict[str, Any]:
    by_severity: dict[str, dict[str, int]] = {s: dict.fromkeys(STATUSES, 0) for s in SEVERITIES}
    by_category: dict[str, dict[str, int]] = {}
    for v in report.verdicts:
        rule = report.rule(v.rule_id)
        by_severity[rule.severity][v.status] += 1
        by_category.setdefault(rule.category, dict.fromkeys(STATUSES, 0))[v.status] += 1
    return {
        "total": len(report.verdicts),
        **report.counts(),
        "review": sum(1 for v in report.verdicts if v.review),
        "by_severity": {k: v for k, v in by_severity.items() if sum(v.values())},
        "by_category": by_category,
    }


def result(report: Report, v: Verdict) -> dict[str, Any]:
    rule = report.rule(v.rule_id)
    return {
        "id": rule.id,
        "title": rule.title,
        "category": rule.category,
        "severity": rule.severity,
        "status": v.status,
        "score": v.score,
        "review": v.review,
        "source": rule.source,
        "missing_elements": list(v.missing_elements),
        "notes": list(v.notes),
        "suggestion": rule.suggestion,
        "evidence": [
            {"path": e.path, "act": e.act, "section": e.section, "line": e.line, "page": e.page,
             "anchor": e.anchor, "text": e.text, "matched": {name: list(ws) for name, ws in e.matched}}
            for e in v.evidence
        ],
    }


def render(report: Report, options: Any = None) -> str:
    return json.dumps(as_dict(report), ensure_ascii=False, indent=2) + "\n"
