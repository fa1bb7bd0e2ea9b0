"""SARIF 2.1.0 export, for GitHub code scanning and other SARIF viewers.

Each rule becomes a ``reportingDescriptor``; each gap (partial or missing)
becomes a ``result``. Code-scanning tools expect every result to have a place
in a file, so a missing obligation points at line 1 of the first statute, the
way linters report something absent from a file. ``partialFingerprints`` hash
only what identifies a gap (rule, status and, for a partial gap, its file), never lines or text,
so an alert survives edits elsewhere in the bill.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from lawgap.models import Evidence, Report, Rule, Verdict
from lawgap.report.markdown import escape as md_escape

if TYPE_CHECKING:
    from lawgap.report import RenderOptions

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/lawgap/lawgap"
FINGERPRINT_KEY = "lawgapGap/v1"

LEVELS: dict[str, str] = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}


def tool_version() -> str:
    """lawgap's version, imported lazily so this module loads without the package metadata."""
    try:
        from lawgap import __version__  # type: ignore[attr-defined]

        return str(__version__)
    except ImportError:
        pass
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("lawgap")
    except PackageNotFoundError:
        return "0+unknown"


def to_uri(path: str) -> str:
    """A relative or absolute path as a URI reference (forward slashes, percent-encoded)."""
    if re.match(r"^[A-Za-z]:[\\/]", path):  # Windows drive path
        return PureWindowsPath(path).as_uri()
    posix = path.replace("\\", "/")
    if posix.startswith("/"):
        return PurePosixPath(posix).as_uri()
    return quote(posix, safe="/:@!$&'()*+,;=-._~")


def fingerprint(rule_id: str, status: str, uri: str) -> str:
    """Stable gap identity: rule, status and file, joined with NULs so fields cannot run together."""
    return hashlib.sha256(f"{rule_id}\0{status}\0{uri}".encode()).hexdigest()


def _pascal(title: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in re.findall(r"\w+", title)) or "Rule"


def _descriptor(rule: Rule) -> dict[str, Any]:
    markdown = f"**Suggested wording:** {md_escape(rule.suggestion)}\n\n**Source:** {md_escape(rule.source)}"
    return {
        "id": rule.id,
        "name": _pascal(rule.title),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": " ".join(rule.rationale.split())},
        "help": {
            "text": f"Suggested wording: {' '.join(rule.suggestion.split())}\nSource: {rule.source}",
            "markdown": markdown,
        },
        "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning")},
        "properties": {
            "category": rule.category,
            "severity": rule.severity,
            "source": rule.source,
            "tags": ["child-rights", rule.category, rule.severity],
        },
    }


def _location(uri: str, line: int, snippet: str | None) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": max(1, line)}
    if snippet:
        region["snippet"] = {"text": snippet}
    return {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}


def _message(rule: Rule, verdict: Verdict, best: Evidence | None) -> str:
    parts = [f"{rule.id} {verdict.status}: {rule.title}."]
    if verdict.missing_elements:
        parts.append(f"Missing: {', '.join(verdict.missing_elements)}.")
    if best is not None and verdict.status == "partial":
        parts.append(f"Closest wording: {best.act}, {best.section}, line {best.line}.")
    parts.extend(verdict.notes)
    return " ".join(parts)


def _result(report: Report, index: dict[str, int], verdict: Verdict) -> dict[str, Any]:
    rule = report.rule(verdict.rule_id)
    best = verdict.evidence[0] if verdict.evidence else None
    if verdict.status == "partial" and best is not None:
        uri = to_uri(best.path)
        location = _location(uri, best.line, " ".join(best.text.split()))
    elif report.statutes:
        uri = to_uri(report.statutes[0].path)
        location = _location(uri, 1, None)
    else:
        uri, location = "", None
    result: dict[str, Any] = {
        "ruleId": rule.id,
        "ruleIndex": index[rule.id],
        "kind": "fail",
        "level": LEVELS.get(rule.severity, "warning"),
        "message": {"text": _message(rule, verdict, best)},
    }
    if location is not None:
        result["locations"] = [location]
    # A missing obligation belongs to the whole law, not to whichever file sorts first.
    anchor = uri if verdict.status == "partial" else ""
    result["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint(rule.id, verdict.status, anchor)}
    result["properties"] = {
        "status": verdict.status,
        "score": round(verdict.score, 4),
        "review": verdict.review,
        "missingElements": list(verdict.missing_elements),
    }
    return result


def build(report: Report) -> dict[str, Any]:
    """The SARIF log as a dict with a fixed key order (tests validate this against the schema)."""
    rules = report.rulebook.rules
    index = {r.id: i for i, r in enumerate(rules)}
    results = [_result(report, index, v) for v in report.verdicts if v.status != "covered"]
    driver = {
        "name": "lawgap",
        "version": tool_version(),
        "informationUri": INFORMATION_URI,
        "rules": [_descriptor(r) for r in rules],
    }
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "results": results,
        "properties": {"rulebookVersion": report.rulebook.version},
    }
    if report.skipped:  # --skip-unreadable: never silent, so each skipped file is a warning notification
        run["invocations"] = [{"executionSuccessful": True, "toolExecutionNotifications": [
            {"level": "warning", "message": {"text": f"skipped {path}: {why}"},
             "locations": [{"physicalLocation": {"artifactLocation": {"uri": to_uri(path)}}}]}
            for path, why in report.skipped]}]
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(report: Report, options: RenderOptions | None = None) -> str:
    """Serialise deterministically: same Report, same bytes."""
    return json.dumps(build(report), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
