"""Baselines: accept today's gaps so that CI fails only on new ones.

A body of law rarely closes every gap at once; a baseline records the gaps a
team has accepted, and ``--baseline`` then fails only on gaps not in it. A gap
is matched by rule ID; one whose status got worse than the baselined status
(partial → missing) counts as new. Each entry also carries a fingerprint of the
rule, status and the file name and section of the best evidence (never line
numbers): it does not decide anything, but a reviewer reading the baseline's
diff sees when an accepted gap moved to another section.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from lawgap.errors import UsageError
from lawgap.models import STATUS_RANK, Report, Verdict

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Entry:
    rule_id: str
    status: str
    fingerprint: str


@dataclass(frozen=True)
class Comparison:
    """A report checked against a baseline."""

    new: tuple[Verdict, ...]
    known: tuple[Verdict, ...]
    stale: tuple[tuple[Entry, str], ...]  # entry and why it is no longer needed
    was: dict[str, str] = field(default_factory=dict)  # rule ID -> baselined status, for gaps that got worse


def fingerprint(verdict: Verdict) -> str:
    """Stable identity of a gap: rule, status, and file name + section of its best evidence (no lines)."""
    where = ""
    if verdict.status == "partial" and verdict.evidence:
        e = verdict.evidence[0]
        where = f"{PurePath(e.path.replace(chr(92), '/')).name}\0{e.section}"
    return hashlib.sha256(f"{verdict.rule_id}\0{verdict.status}\0{where}".encode()).hexdigest()[:32]


def entries(report: Report) -> list[Entry]:
    """Today's gaps (partial or missing), in rule ID order."""
    return [Entry(v.rule_id, v.status, fingerprint(v)) for v in report.verdicts if v.status != "covered"]


def dumps(report: Report) -> str:
    """The baseline file's text: deterministic (no dates, sorted, fixed layout)."""
    gaps = sorted(entries(report), key=lambda e: e.rule_id)
    body = {"lawgap_baseline": FORMAT_VERSION, "rulebook": report.rulebook.version,
            "gaps": [{"id": e.rule_id, "status": e.status, "fingerprint": e.fingerprint} for e in gaps]}
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def load(path: Path) -> list[Entry]:
    """Read a baseline file; anything wrong with it is a one-line ``UsageError`` naming the file."""
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError("baseline file does not exist (write one with --write-baseline)", shown) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read baseline file: {getattr(exc, 'strerror', None) or exc}", shown) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"baseline is not valid JSON: {exc.msg}", shown, exc.lineno, exc.colno) from None
    if not isinstance(data, dict) or data.get("lawgap_baseline") != FORMAT_VERSION:
        raise UsageError(f"not a lawgap baseline (expected \"lawgap_baseline\": {FORMAT_VERSION})", shown)
    gaps = data.get("gaps")
    if not isinstance(gaps, list):
        raise UsageError("baseline has no \"gaps\" list", shown)
    out = []
    for i, item in enumerate(gaps, 1):
        if not (isinstance(item, dict) and isinstance(item.get("id"), str)
                and item.get("status") in ("partial", "missing") and isinstance(item.get("fingerprint", ""), str)):
            raise UsageError(f"baseline gap #{i} needs \"id\" and \"status\" (partial or missing)",
                             shown)
        out.append(Entry(item["id"], item["status"], item.get("fingerprint", "")))
    return out


def compare(report: Report, baseline: list[Entry]) -> Comparison:
    """Split the report's gaps into new and known, and list baseline entries no longer needed.

    An entry is no longer needed when its obligation is now covered; entries for
    rules this run did not check (``--select``) are left alone.
    """
    by_id: dict[str, Entry] = {}
    for e in baseline:  # a rule listed twice: the worse status counts
        if e.rule_id not in by_id or STATUS_RANK[e.status] > STATUS_RANK[by_id[e.rule_id].status]:
            by_id[e.rule_id] = e
    new, known = [], []
    was: dict[str, str] = {}
    for v in report.verdicts:
        if v.status == "covered":
            continue
        entry = by_id.get(v.rule_id)
        if entry is not None and STATUS_RANK[v.status] <= STATUS_RANK[entry.status]:
            known.append(v)
        else:
            new.append(v)
            if entry is not None:
                was[v.rule_id] = entry.status
    status = {v.rule_id: v.status for v in report.verdicts}
    stale = tuple((e, "now covered") for e in baseline if status.get(e.rule_id) == "covered")
    return Comparison(tuple(new), tuple(known), stale, was)


def summary_lines(result: Comparison, shown: str) -> list[str]:
    """What the baseline did, for stderr: counts, the new gaps, and entries no longer needed."""
    lines = [f"baseline {shown}: {len(result.known)} known gap(s) accepted, {len(result.new)} new"
             + (": " + ", ".join(_new(v, result.was) for v in result.new) if result.new else "")]
    if result.stale:
        lines.append(f"baseline {shown}: entries no longer needed (now covered): "
                     + ", ".join(e.rule_id for e, _ in result.stale)
                     + "; remove them or rewrite the file with --write-baseline")
    return lines


def _new(verdict: Verdict, was: dict[str, str]) -> str:
    before = was.get(verdict.rule_id)
    return f"{verdict.rule_id} ({verdict.status}" + (f", baseline says {before})" if before else ")")
