"""CSV export: one row per obligation, for spreadsheets and pivot tables.

Statute text is untrusted, and a spreadsheet runs a cell that starts with
``=``, ``+``, ``-`` or ``@`` as a formula, so such cells get a leading
single quote (the OWASP "CSV injection" defence).
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from lawgap.models import Report

if TYPE_CHECKING:
    from lawgap.report import RenderOptions

HEADER = (
    "id",
    "title",
    "category",
    "severity",
    "status",
    "score",
    "review",
    "missing_elements",
    "evidence_path",
    "section",
    "line",
    "quote",
    "source",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """Text a spreadsheet will show, not evaluate."""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def render(report: Report, options: RenderOptions | None = None) -> str:
    """Rows in the report's verdict order; cells on one line each (whitespace collapsed)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    for v in report.verdicts:
        rule = report.rule(v.rule_id)
        ev = v.evidence[0] if v.evidence else None
        row = [
            rule.id,
            rule.title,
            rule.category,
            rule.severity,
            v.status,
            f"{v.score:.3f}",
            "yes" if v.review else "no",
            "; ".join(v.missing_elements),
            ev.path if ev else "",
            ev.section if ev else "",
            ev.line if ev else "",
            ev.text if ev else "",
            rule.source,
        ]
        writer.writerow([safe_cell(" ".join(str(c).split())) for c in row])
    for path, why in report.skipped:  # --skip-unreadable: a row per skipped file, status "skipped"
        row = ["", "unreadable file", "", "", "skipped", "", "", "", path, "", "", why, ""]
        writer.writerow([safe_cell(" ".join(str(c).split())) for c in row])
    return buf.getvalue()
