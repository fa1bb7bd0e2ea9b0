"""What a draft bill changes: compare the gap report of current law with that of law + draft.

CI reviews a draft by the obligations it gains or loses, not by the full gap
list (which current law already has), so ``diff_reports`` is a pure function
over two ``Report``s; only ``pair_files`` looks at the file system, to say
which statute files the draft adds, removes or edits (paired by relative path).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from lawgap.errors import EXIT_GAPS, EXIT_OK, UsageError
from lawgap.models import SEVERITY_RANK, STATUS_RANK, Evidence, Report, Severity, Status, reaches

Kind = Literal["regression", "covered", "improved"]
DIFF_FORMATS = ("text", "json", "markdown")
KIND_TITLES: dict[str, str] = {
    "regression": "Newly lost (regressions)",
    "covered": "Newly covered",
    "improved": "Other status changes",
}


@dataclass(frozen=True)
class Change:
    """One obligation whose status differs between BASE and HEAD, with evidence from both."""

    rule_id: str
    title: str
    category: str
    severity: Severity
    before: Status
    after: Status
    before_evidence: tuple[Evidence, ...] = ()
    after_evidence: tuple[Evidence, ...] = ()
    missing_before: tuple[str, ...] = ()
    missing_after: tuple[str, ...] = ()

    @property
    def kind(self) -> Kind:
        """``regression`` when the status got worse, ``covered`` when it became covered, else ``improved``."""
        if STATUS_RANK[self.after] > STATUS_RANK[self.before]:
            return "regression"
        return "covered" if self.after == "covered" else "improved"


@dataclass(frozen=True)
class FilePairs:
    """Statute files of BASE and HEAD paired by relative path."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    modified: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()


@dataclass(frozen=True)
class DiffReport:
    base: Report
    head: Report
    changes: tuple[Change, ...]
    files: FilePairs = FilePairs()

    def of_kind(self, kind: Kind) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.kind == kind)

    @property
    def regressions(self) -> tuple[Change, ...]:
        return self.of_kind("regression")

    @property
    def empty(self) -> bool:
        """No status change and no added, removed or edited statute file."""
        f = self.files
        return not (self.changes or f.added or f.removed or f.modified)


def _relative_files(root: Path) -> dict[str, Path]:
    from lawgap.load import statute_files

    if root.is_dir():
        return {p.relative_to(root).as_posix(): p for p, _ in statute_files([root])}
    return {root.name: root}


def _same(a: Path, b: Path) -> bool:
    """Byte-equal regular files; anything else (a FIFO, a device) counts as changed, never read."""
    import filecmp

    if not (a.is_file() and b.is_file()):
        return False
    return filecmp.cmp(a, b, shallow=False)


def pair_files(base: Path, head: Path) -> FilePairs:
    """Pair the statute files under BASE and HEAD by relative path (two files are paired with each other)."""
    from lawgap.load import statute_files

    for p in (base, head):
        statute_files([p])  # the same "no such file" / "no statute files" errors as check
    if base.is_dir() != head.is_dir():
        raise UsageError(f"BASE and HEAD must both be files or both be folders: {base}, {head}")
    if not base.is_dir():
        same = _same(base, head)
        name = head.name if base.name == head.name else f"{base.name} -> {head.name}"
        return FilePairs(modified=() if same else (name,), unchanged=(name,) if same else ())
    old, new = _relative_files(base), _relative_files(head)
    both = sorted(old.keys() & new.keys())
    modified = tuple(k for k in both if not _same(old[k], new[k]))
    return FilePairs(added=tuple(sorted(new.keys() - old.keys())), removed=tuple(sorted(old.keys() - new.keys())),
                     modified=modified, unchanged=tuple(k for k in both if k not in modified))


def diff_reports(base: Report, head: Report, files: FilePairs = FilePairs()) -> DiffReport:
    """Status changes from ``base`` to ``head``, in rule ID order; both must use the same rules."""
    before = {v.rule_id: v for v in base.verdicts}
    changes = []
    for v in head.verdicts:
        old = before.get(v.rule_id)
        if old is None or old.status == v.status:
            continue
        rule = head.rule(v.rule_id)
        changes.append(Change(rule.id, rule.title, rule.category, rule.severity, old.status, v.status,
                              old.evidence, v.evidence, old.missing_elements, v.missing_elements))
    return DiffReport(base, head, tuple(changes), files)


def exit_code(diff: DiffReport, fail_on: str) -> int:
    """1 when a regression's severity reaches ``fail_on`` (``none`` never fails), else 0."""
    return EXIT_GAPS if any(reaches(c.severity, fail_on) for c in diff.regressions) else EXIT_OK


# ------------------------------------------------------------------ rendering


def _ordered(diff: DiffReport, kind: Kind) -> list[Change]:
    return sorted(diff.of_kind(kind), key=lambda c: (SEVERITY_RANK[c.severity], c.rule_id))


def _summary(diff: DiffReport) -> str:
    if diff.empty:
        return "no change: the same obligations are covered, partial and missing"
    n = {k: len(diff.of_kind(k)) for k in KIND_TITLES}  # type: ignore[arg-type]
    f = diff.files
    return (f"{n['regression']} lost, {n['covered']} newly covered, {n['improved']} other status changes; "
            f"files: {len(f.added)} added, {len(f.removed)} removed, {len(f.modified)} modified")


def _evidence_line(e: Evidence) -> str:
    return f"{e.path}:{e.line} {e.section}"


def render_text(diff: DiffReport, verbose: bool = False) -> str:
    """Plain aligned text: file changes, then each kind of change with evidence before and after."""
    out = []
    for label, names in (("added", diff.files.added), ("removed", diff.files.removed),
                         ("modified", diff.files.modified)):
        out += [f"{label} {name}" for name in names]
    for kind, heading in KIND_TITLES.items():
        rows = _ordered(diff, kind)  # type: ignore[arg-type]
        if not rows:
            continue
        out += ["", f"{heading}:"]
        for c in rows:
            out.append(f"{c.rule_id:<7} {c.severity:<8} {c.before} -> {c.after}  {c.title}")
            for side, status, evidence, missing in (("before", c.before, c.before_evidence, c.missing_before),
                                                    ("after", c.after, c.after_evidence, c.missing_after)):
                shown = evidence if verbose else evidence[:1]
                if status == "missing" and not verbose:
                    shown = ()
                where = "; ".join(_evidence_line(e) for e in shown) or "no provision"
                out.append(f"        {side + ':':<7} {where}")
                if verbose:
                    out += [f"                \"{e.text}\"" for e in shown]
                if missing and status != "covered":
                    out.append(f"                missing: {', '.join(missing)}")
    out += ["", _summary(diff)]
    return "\n".join(out).lstrip("\n") + "\n"


def _evidence_dict(e: Evidence) -> dict[str, Any]:
    return {"path": e.path, "act": e.act, "section": e.section, "line": e.line, "page": e.page,
            "anchor": e.anchor, "text": e.text, "matched": {name: list(ws) for name, ws in e.matched}}


def as_dict(diff: DiffReport) -> dict[str, Any]:
    """The diff as plain data (``kind`` per change: regression, covered, improved)."""
    from lawgap import __version__

    def side(status: str, evidence: Sequence[Evidence], missing: Sequence[str]) -> dict[str, Any]:
        return {"status": status, "missing_elements": list(missing),
                "evidence": [_evidence_dict(e) for e in evidence]}

    f = diff.files
    return {
        "schema_version": 1,
        "tool": {"name": "lawgap", "version": __version__},
        "rulebook": {"version": diff.head.rulebook.version, "rules": len(diff.head.rulebook.rules)},
        "base": {"statutes": [s.path for s in diff.base.statutes], "summary": diff.base.counts()},
        "head": {"statutes": [s.path for s in diff.head.statutes], "summary": diff.head.counts()},
        "files": {"added": list(f.added), "removed": list(f.removed), "modified": list(f.modified)},
        "summary": {k: len(diff.of_kind(k)) for k in KIND_TITLES},  # type: ignore[arg-type]
        "changes": [{"id": c.rule_id, "title": c.title, "category": c.category, "severity": c.severity,
                     "kind": c.kind, "before": side(c.before, c.before_evidence, c.missing_before),
                     "after": side(c.after, c.after_evidence, c.missing_after)} for c in diff.changes],
    }


def render_markdown(diff: DiffReport) -> str:
    """A short Markdown note for a pull-request comment or a committee memo."""
    from lawgap.report.markdown import escape

    out = ["# What the draft changes", "", escape(_summary(diff))]
    f = diff.files
    for label, names in (("Added", f.added), ("Removed", f.removed), ("Modified", f.modified)):
        if names:
            out += ["", f"**{label} files:** " + ", ".join(f"`{escape(n)}`" for n in names)]
    for kind, heading in KIND_TITLES.items():
        rows = _ordered(diff, kind)  # type: ignore[arg-type]
        if not rows:
            continue
        out += ["", f"## {heading}", "", "| ID | Severity | Obligation | Before | After |", "|---|---|---|---|---|"]
        for c in rows:
            cells = []
            for status, ev in ((c.before, c.before_evidence), (c.after, c.after_evidence)):
                at = ""
                if ev and status != "missing":
                    at = f" ({escape(ev[0].path)}:{ev[0].line} {escape(ev[0].section)})"
                cells.append(f"{status}{at}")
            out.append(f"| {c.rule_id} | {c.severity} | {escape(c.title)} | {cells[0]} | {cells[1]} |")
    return "\n".join(out) + "\n"


def render(diff: DiffReport, fmt: str, verbose: bool = False) -> str:
    """Render as ``text``, ``json`` or ``markdown``."""
    if fmt == "json":
        return json.dumps(as_dict(diff), ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return render_markdown(diff)
    if fmt == "text":
        return render_text(diff, verbose)
    raise ValueError(f"diff cannot be rendered as {fmt!r}; use one of {', '.join(DIFF_FORMATS)}")
