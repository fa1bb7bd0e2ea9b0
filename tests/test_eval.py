"""Accuracy on the labelled development set (labels read by the evaluation only)."""

from __future__ import annotations

from pathlib import Path

import lawgap
from lawgap.evaluate import evaluate, format_scores

ROOT = Path(__file__).resolve().parent.parent


def test_dev_set_agreement() -> None:
    scores, verdicts = evaluate(ROOT / "tests" / "fixtures" / "labels.yaml", lawgap.load_rules(), [ROOT / "statutes"])
    assert len(scores.pairs) == 5 * 45
    text = format_scores(scores, verdicts)
    assert "confusion" in text
    # Floors well above the all-"missing" baseline (0.53 agreement, 0.23 macro-F1); the measured
    # figures are in the README.
    assert scores.agreement >= 0.60, text
    assert scores.macro_f1 >= 0.55, text
    assert scores.gap_recall >= 0.85, text
