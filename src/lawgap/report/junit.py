"""JUnit XML export, so CI dashboards show each obligation as a test case.

A gap at or above ``options.fail_on`` is a ``<failure>``; a gap below the
threshold passes but carries its details in ``<system-out>`` so nothing is
hidden; ``fail_on="none"`` never fails.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from lawgap.models import Report, Rule, Verdict, reaches

if TYPE_CHECKING:
    from lawgap.report import RenderOptions

# XML 1.0 forbids most control characters; statute text extracted from PDFs may contain them.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _INVALID_XML.sub("", text)




def _details(rule: Rule, v: Verdict) -> str:
    lines = [
        f"{rule.id} {v.status} (severity {rule.severity}, score {v.score:.2f})",
        f"Source: {rule.source}",
    ]
    if v.missing_elements:
        lines.append("Missing: " + ", ".join(v.missing_elements))
    lines += [f"Note: {n}" for n in v.notes]
    if v.evidence:
        ev = v.evidence[0]
        lines.append(
            f"Closest wording ({ev.path}:{ev.line}, {ev.act}, {ev.section}): {' '.join(ev.text.split())}"
        )
    lines.append("Suggestion: " + " ".join(rule.suggestion.split()))
    return _clean("\n".join(lines))


def build(report: Report, fail_on: str) -> ET.Element:
    """The ``<testsuites>`` tree with one ``lawgap`` suite."""
    cases: list[ET.Element] = []
    failures = 0
    for v in report.verdicts:
        rule = report.rule(v.rule_id)
        case = ET.Element(
            "testcase", {"classname": _clean(rule.category), "name": _clean(f"{rule.id} {rule.title}")}
        )
        if v.status != "covered":
            if reaches(rule.severity, fail_on):
                failures += 1
                message = v.status + (
                    f" (lacks {', '.join(v.missing_elements)})" if v.missing_elements else ""
                )
                failure = ET.SubElement(case, "failure", {"message": _clean(message), "type": v.status})
                failure.text = _details(rule, v)
            else:
                ET.SubElement(case, "system-out").text = _details(rule, v)
        cases.append(case)
    for path, why in report.skipped:  # --skip-unreadable: each skipped file is a skipped test case
        case = ET.Element("testcase", {"classname": "unreadable-file", "name": _clean(path)})
        ET.SubElement(case, "skipped", {"message": _clean(why)})
        cases.append(case)
    counts = {"tests": str(len(cases)), "failures": str(failures), "errors": "0",
              "skipped": str(len(report.skipped))}
    root = ET.Element("testsuites", {"name": "lawgap", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": "lawgap", **counts})
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", {"name": "rulebook.version", "value": _clean(report.rulebook.version)})
    ET.SubElement(props, "property", {"name": "fail_on", "value": fail_on})
    suite.extend(cases)
    return root


def render(report: Report, options: RenderOptions | None = None) -> str:
    """Indented, attribute order as written, no timestamps: same Report, same bytes."""
    root = build(report, options.fail_on if options is not None else "high")
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
