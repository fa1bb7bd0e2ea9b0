"""Terminal report: a summary line, then the gaps sorted by severity and ID.

With colour (a terminal) it is a rich table; without (a pipe, a file) it is
plain aligned text that greps and diffs well.
"""

from __future__ import annotations

import io

from lawgap.models import SEVERITY_RANK, Report, Verdict
from lawgap.report import RenderOptions

STYLE = {"covered": "green", "partial": "yellow", "missing": "red"}
SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "dim"}


def ordered(report: Report, show_covered: bool) -> list[Verdict]:
    rows = [v for v in report.verdicts if show_covered or v.status != "covered"]
    return sorted(rows, key=lambda v: (SEVERITY_RANK[report.rule(v.rule_id).severity], v.rule_id))


def summary_line(report: Report) -> str:
    c = report.counts()
    gaps: dict[str, int] = {}
    for v in report.verdicts:
        if v.status != "covered":
            sev = report.rule(v.rule_id).severity
            gaps[sev] = gaps.get(sev, 0) + 1
    by_sev = ", ".join(f"{n} {s}" for s, n in sorted(gaps.items(), key=lambda kv: SEVERITY_RANK[kv[0]]))
    line = f"{c['covered']} covered, {c['partial']} partial, {c['missing']} missing of {len(report.verdicts)}"
    review = sum(1 for v in report.verdicts if v.review)
    return line + (f"; gaps by severity: {by_sev}" if by_sev else "") + (f"; {review} to review" if review else "")


def render(report: Report, options: RenderOptions) -> str:
    if options.color:
        return _rich(report, options)
    return _plain(report, options)


def _plain(report: Report, options: RenderOptions) -> str:
    out = []
    for s in report.statutes:
        out.append(f"read {s.path} ({s.language}, {s.format}, {s.units} units)")
        out.extend(f"warning {s.path}: {w}" for w in s.warnings)
    for path, why in report.skipped:
        out.append(f"skipped {path}: {why}")
    out.append("")
    for v in ordered(report, options.show_covered):
        rule = report.rule(v.rule_id)
        flag = " [review]" if v.review and (options.review or options.verbose) else ""
        out.append(f"{rule.id:<7} {rule.severity:<8} {v.status:<8} {rule.title}{flag}")
        where = v.evidence[0] if v.evidence else None
        if where and v.status != "missing":
            out.append(f"        at {where.path}:{where.line} {where.section}")
        if v.missing_elements and v.status != "covered":
            out.append(f"        missing: {', '.join(v.missing_elements)}")
        if options.verbose:
            for note in v.notes:
                out.append(f"        note: {note}")
            for e in v.evidence:
                out.append(f"        {e.path}:{e.line} {e.section}: \"{e.text}\"")
                for name, ws in e.matched:
                    out.append(f"            {name}: {', '.join(ws)}")
    out.append("")
    out.append(summary_line(report))
    return "\n".join(out) + "\n"


def _rich(report: Report, options: RenderOptions) -> str:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, width=options.width, color_system="standard")
    for s in report.statutes:
        console.print(Text.assemble(("read ", "dim"), s.path, (f"  {s.language}, {s.format}, {s.units} units",
                                                                "dim")))
        for w in s.warnings:
            console.print(Text.assemble(("warning ", "bold yellow"), s.path, f": {w}"))
    for path, why in report.skipped:
        console.print(Text.assemble(("skipped ", "bold yellow"), path, f": {why}"))
    rows = ordered(report, options.show_covered)
    if rows:
        table = Table(show_lines=options.verbose, header_style="bold", expand=False)
        table.add_column("ID", no_wrap=True)
        table.add_column("Severity", no_wrap=True)
        table.add_column("Status", no_wrap=True)
        table.add_column("Obligation and evidence", overflow="fold")
        for v in rows:
            rule = report.rule(v.rule_id)
            body = Text(rule.title)
            if v.review and (options.review or options.verbose):
                body.append("  review", style="magenta")
            if v.evidence and v.status != "missing":
                e = v.evidence[0]
                body.append(f"\n{e.path}:{e.line} {e.section}", style="cyan")
            if v.missing_elements and v.status != "covered":
                body.append(f"\nmissing: {', '.join(v.missing_elements)}", style="dim")
            if options.verbose:
                for note in v.notes:
                    body.append(f"\nnote: {note}", style="dim")
                for e in v.evidence:
                    body.append(f"\n“{e.text}”", style="italic")
                    for name, ws in e.matched:
                        body.append(f"\n  {name}: {', '.join(ws)}", style="dim")
            table.add_row(rule.id, Text(rule.severity, style=SEVERITY_STYLE[rule.severity]),
                          Text(v.status, style=STYLE[v.status]), body)
        console.print(table)
    console.print(Text(summary_line(report), style="bold"))
    return buf.getvalue()
