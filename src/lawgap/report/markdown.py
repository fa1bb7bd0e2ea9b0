"""Markdown export: a report a committee can read, print or paste into a memo.

Statute and rule text is untrusted (a draft bill may contain anything), so
every piece of it goes through ``escape``: Markdown punctuation is
backslash-escaped and ``< > &`` become entities, so ``<script>`` or
``[x](javascript:...)`` in a statute renders as the literal characters.
The helpers here (``gaps``, ``tally``, ``where``) are shared with the HTML
writer so both say the same thing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lawgap.models import SEVERITIES, SEVERITY_RANK, STATUSES, Evidence, Report, Verdict

if TYPE_CHECKING:
    from lawgap.report import RenderOptions

DEFAULT_TITLE = "Child-rights gap report"

_SPECIAL = {c: "\\" + c for c in "\\`*_{}[]()#!|~"}
_SPECIAL.update({"<": "&lt;", ">": "&gt;", "&": "&amp;"})
_LIST_MARKER = re.compile(r"^([-+]|\d{1,9}[.)])(?=\s|$)")


def escape(text: object) -> str:
    """Make ``text`` inert inline Markdown: one line, no markup, no HTML, no links."""
    flat = " ".join(str(text).split())
    out = "".join(_SPECIAL.get(c, c) for c in flat)
    # After "> " or "- " a leading "- ", "+ " or "1. " would open a (nested) list.
    return _LIST_MARKER.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], out)


def gaps(report: Report) -> list[Verdict]:
    """Partial and missing verdicts, most severe first, then by rule ID."""
    found = [v for v in report.verdicts if v.status != "covered"]
    return sorted(found, key=lambda v: (SEVERITY_RANK[report.rule(v.rule_id).severity], v.rule_id))


def covered(report: Report) -> list[Verdict]:
    return sorted((v for v in report.verdicts if v.status == "covered"), key=lambda v: v.rule_id)


def tally(report: Report, by: str) -> list[tuple[str, dict[str, int]]]:
    """Status counts per category (rulebook order) or per severity (critical first)."""
    rows: dict[str, dict[str, int]] = {}
    if by == "severity":
        for sev in SEVERITIES:
            rows[sev] = dict.fromkeys(STATUSES, 0)
    for v in report.verdicts:
        key = getattr(report.rule(v.rule_id), by)
        rows.setdefault(key, dict.fromkeys(STATUSES, 0))[v.status] += 1
    return [(k, c) for k, c in rows.items() if sum(c.values())]


def where(ev: Evidence) -> str:
    """Plain-text citation of a piece of evidence: act, section, page, line."""
    parts = [p for p in (ev.act, ev.section) if p]
    if ev.page is not None:
        parts.append(f"p. {ev.page}")
    parts.append(f"line {ev.line}")
    return ", ".join(parts)


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


def _checked(report: Report, options: RenderOptions | None) -> list[str]:
    out = ["## What was checked", ""]
    if options is not None and options.date:
        out += [f"Date: {escape(options.date)}", ""]
    rows = [
        [escape(s.path), escape(s.title), escape(s.language), escape(s.format), str(s.units)]
        for s in report.statutes
    ]
    out += [*_table(["File", "Title", "Language", "Format", "Units"], rows), ""]
    rb = report.rulebook
    line = f"Rulebook version {escape(rb.version)}, {len(rb.rules)} obligations"
    if rb.files:
        line += " from " + ", ".join(escape(f) for f in rb.files)
    out += [line + ".", ""]
    for path, reason in report.skipped:
        out.append(f"- Skipped {escape(path)}: {escape(reason)}")
    if report.skipped:
        out.append("")
    return out


def _summary(report: Report) -> list[str]:
    c = report.counts()
    out = [
        "## Summary",
        "",
        f"{len(report.verdicts)} obligations checked: {c['covered']} covered, "
        f"{c['partial']} partial, {c['missing']} missing.",
        "",
    ]
    for by, label in (("category", "Category"), ("severity", "Severity")):
        rows = [
            [escape(k), *(str(n[s]) for s in STATUSES), str(sum(n.values()))] for k, n in tally(report, by)
        ]
        out += [*_table([label, "Covered", "Partial", "Missing", "Total"], rows), ""]
    return out


def _gap(report: Report, v: Verdict) -> list[str]:
    rule = report.rule(v.rule_id)
    review = " (needs review)" if v.review else ""
    out = [
        f"### {escape(rule.id)}: {escape(rule.title)}",
        "",
        f"- **Status:** {v.status}{review}; severity {rule.severity}; "
        f"category {escape(rule.category)}; score {v.score:.2f}",
        f"- **Source:** {escape(rule.source)}",
    ]
    if v.missing_elements:
        out.append(f"- **What is missing:** {', '.join(escape(m) for m in v.missing_elements)}")
    for note in v.notes:
        out.append(f"- **Note:** {escape(note)}")
    out.append("")
    if v.evidence:
        ev = v.evidence[0]
        out += [f"**Closest existing wording** ({escape(where(ev))}):", "", f"> {escape(ev.text)}", ""]
    else:
        out += ["**Closest existing wording:** none found.", ""]
    out += ["**Drafting suggestion:**", "", f"> {escape(rule.suggestion)}", ""]
    return out


def _covered(report: Report) -> list[str]:
    done = covered(report)
    if not done:
        return []
    out = ["## Covered obligations", ""]
    for v in done:
        rule = report.rule(v.rule_id)
        cite = f" ({escape(where(v.evidence[0]))})" if v.evidence else ""
        out.append(f"- {escape(rule.id)}: {escape(rule.title)}{cite}")
    return [*out, ""]


def render(report: Report, options: RenderOptions | None = None) -> str:
    """The whole report; deterministic unless the caller passes a date."""
    title = (options.title if options is not None else None) or DEFAULT_TITLE
    out = [f"# {escape(title)}", ""]
    out += _checked(report, options)
    out += _summary(report)
    found = gaps(report)
    out += ["## Gaps", ""]
    if not found:
        out += ["No gaps: every obligation is covered.", ""]
    for v in found:
        out += _gap(report, v)
    out += _covered(report)
    return "\n".join(out).rstrip("\n") + "\n"
