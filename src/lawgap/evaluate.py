"""Accuracy against labelled statutes: agreement, macro-F1, confusion, gap recall.

Labels are an input to this module only; the checker never reads them.
Format: ``files: {NAME: {labels: {ID: {judgement: covered|partial|missing}}}}``
(the shape of the development set shipped in tests/fixtures).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from lawgap.errors import UsageError
from lawgap.models import STATUSES, Rulebook, Verdict


@dataclass
class Scores:
    pairs: list[tuple[str, str, str, str]] = field(default_factory=list)  # file, id, label, predicted

    def add(self, file: str, rule_id: str, label: str, predicted: str) -> None:
        self.pairs.append((file, rule_id, label, predicted))

    def confusion(self) -> dict[str, dict[str, int]]:
        m = {a: dict.fromkeys(STATUSES, 0) for a in STATUSES}
        for _f, _i, label, pred in self.pairs:
            m[label][pred] += 1
        return m

    @property
    def agreement(self) -> float:
        return sum(1 for p in self.pairs if p[2] == p[3]) / len(self.pairs) if self.pairs else 0.0

    def f1(self, cls: str) -> float:
        tp = sum(1 for p in self.pairs if p[2] == cls and p[3] == cls)
        fp = sum(1 for p in self.pairs if p[2] != cls and p[3] == cls)
        fn = sum(1 for p in self.pairs if p[2] == cls and p[3] != cls)
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    @property
    def macro_f1(self) -> float:
        return sum(self.f1(c) for c in STATUSES) / len(STATUSES)

    @property
    def gap_recall(self) -> float:
        gaps = [p for p in self.pairs if p[2] != "covered"]
        return sum(1 for p in gaps if p[3] != "covered") / len(gaps) if gaps else 1.0

    @property
    def covered_recall(self) -> float:
        cov = [p for p in self.pairs if p[2] == "covered"]
        return sum(1 for p in cov if p[3] == "covered") / len(cov) if cov else 1.0

    def subset(self, file: str) -> Scores:
        return Scores([p for p in self.pairs if p[0] == file])


def load_labels(path: Path) -> dict[str, dict[str, str]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise UsageError(f"cannot read labels: {exc}", str(path)) from None
    files = (data or {}).get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        raise UsageError("labels file needs a top-level 'files:' mapping", str(path))
    out: dict[str, dict[str, str]] = {}
    for name, entry in files.items():
        labels = entry.get("labels") if isinstance(entry, dict) else None
        if not isinstance(labels, dict):
            raise UsageError(f"file '{name}' needs a 'labels:' mapping", str(path))
        out[str(name)] = {}
        for rid, lab in labels.items():
            judgement = lab.get("judgement") if isinstance(lab, dict) else lab
            if judgement not in STATUSES:
                raise UsageError(f"{name} {rid}: judgement {judgement!r} is not one of {', '.join(STATUSES)}",
                                 str(path))
            out[str(name)][str(rid)] = judgement
    return out


def find_file(name: str, roots: Sequence[Path]) -> Path:
    for root in roots:
        direct = root / name
        if direct.is_file():
            return direct
        found = sorted(root.rglob(Path(name).name))
        if found:
            return found[0]
    raise UsageError(f"labelled file not found under {', '.join(str(r) for r in roots)}", name)


def evaluate(labels_path: Path, rulebook: Rulebook, roots: Sequence[Path], stemming: bool = True,
             fuzzy: bool = True) -> tuple[Scores, dict[tuple[str, str], Verdict]]:
    """Check each labelled file alone (labels judge files one at a time) and pair verdicts with labels."""
    from lawgap import check

    labels = load_labels(labels_path)
    scores = Scores()
    verdicts: dict[tuple[str, str], Verdict] = {}
    ids = {r.id for r in rulebook.rules}
    for name in sorted(labels):
        report = check([find_file(name, roots)], rulebook, stemming=stemming, fuzzy=fuzzy)
        for v in report.verdicts:
            label = labels[name].get(v.rule_id)
            if label in STATUSES and v.rule_id in ids:
                scores.add(name, v.rule_id, label, v.status)
                verdicts[(name, v.rule_id)] = v
    return scores, verdicts


def format_scores(scores: Scores, verdicts: dict[tuple[str, str], Verdict], mistakes: bool = True) -> str:
    out = []
    files = sorted({p[0] for p in scores.pairs})
    out.append(f"{'file':<48} {'n':>3} {'agree':>6} {'macroF1':>8} {'gapRec':>7} {'covRec':>7}")
    for f in [*files, "ALL"]:
        s = scores if f == "ALL" else scores.subset(f)
        out.append(f"{f:<48} {len(s.pairs):>3} {s.agreement:>6.3f} {s.macro_f1:>8.3f} {s.gap_recall:>7.3f} "
                   f"{s.covered_recall:>7.3f}")
    out.append("")
    out.append("confusion (rows: label, columns: lawgap)")
    m = scores.confusion()
    out.append(f"{'':>10}" + "".join(f"{c:>9}" for c in STATUSES))
    for label in STATUSES:
        out.append(f"{label:>10}" + "".join(f"{m[label][p]:>9}" for p in STATUSES))
    if mistakes:
        wrong = [p for p in scores.pairs if p[2] != p[3]]
        if wrong:
            out.append("")
            out.append(f"mistakes ({len(wrong)}): file, id, label -> lawgap, evidence")
        for f, rid, label, pred in sorted(wrong, key=lambda p: (p[1], p[0])):
            v = verdicts[(f, rid)]
            ev = v.evidence[0] if v.evidence else None
            where = f"{ev.section} l.{ev.line}: {ev.text[:110]}" if ev else "-"
            note = f" [{'; '.join(v.notes)[:80]}]" if v.notes else ""
            out.append(f"  {rid:<6} {f[:28]:<28} {label:>8} -> {pred:<8} {where}{note}")
    return "\n".join(out) + "\n"
