"""Export writers: SARIF, Markdown, HTML, CSV, JUnit.

Most tests use a small hand-built Report so they pin exact behaviour; the
``real_report`` tests run the actual pipeline over a bundled statute.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from lawgap.models import Element, Evidence, Report, Rule, Rulebook, StatuteInfo, Verdict, reaches
from lawgap.report import RenderOptions, markdown, render, sarif
from lawgap.report import csv as csv_writer

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "tests" / "fixtures" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
EXPORTS = ("sarif", "markdown", "html", "csv", "junit")
HOSTILE = "<script>alert(1)</script> see [x](javascript:alert(1)) | =cmd & co"


def _rule(rid: str, severity: str, category: str, title: str | None = None) -> Rule:
    return Rule(
        id=rid,
        title=title or f"Obligation {rid}",
        category=category,
        severity=severity,  # type: ignore[arg-type]
        source="CRC art. 19(2)",
        rationale="Why it matters.\nSecond line.",
        suggestion="The State shall ensure that every child is protected.",
        elements=(Element("act", ("protect",), core=True),),
    )


def make_report(line: int = 12, quote: str = "A teacher may report suspected abuse.") -> Report:
    rules = (
        _rule("RV-01", "critical", "reporting-violence"),
        _rule("RV-02", "medium", "reporting-violence"),
        _rule("JJ-01", "high", "juvenile-justice"),
        _rule("GP-01", "low", "general-principles"),
    )
    ev = Evidence(path="bills/draft.txt", act="Draft Child Act", section="s. 5", line=line, text=quote)
    verdicts = (
        Verdict("RV-01", "partial", 0.55, (ev,), ("duty-bearer",), ("only a power, not a duty",)),
        Verdict("RV-02", "covered", 0.95, (dataclasses.replace(ev, section="s. 6", line=line + 4),)),
        Verdict("JJ-01", "missing", 0.0, (), ("age", "detention")),
        Verdict("GP-01", "missing", 0.1, (), ("definition",), review=True),
    )
    statutes = (StatuteInfo("bills/draft.txt", "Draft Child Act", "en", "text", 12, 200),)
    return Report(Rulebook(rules, "2024.1", ("rules/rv.yaml",)), statutes, verdicts)


def hostile_report() -> Report:
    """Statute text, act names and rule text all carrying markup."""
    base = make_report(quote=HOSTILE)
    rules = tuple(
        dataclasses.replace(r, suggestion=HOSTILE, title=r.title + " <b>x</b>") for r in base.rulebook.rules
    )
    statutes = (dataclasses.replace(base.statutes[0], title="<script>alert(2)</script>"),)
    return dataclasses.replace(
        base, rulebook=dataclasses.replace(base.rulebook, rules=rules), statutes=statutes
    )


@pytest.fixture(scope="module")
def real_report() -> Report:
    import lawgap

    return lawgap.check([str(ROOT / "statutes" / "us" / "us-42usc-ch67-capta.txt")])


def _sarif(report: Report) -> dict:
    return json.loads(render(report, "sarif"))


# ----------------------------------------------------------------------- SARIF


def test_sarif_validates_against_official_schema() -> None:
    cls = jsonschema.validators.validator_for(SCHEMA)
    cls(SCHEMA, format_checker=cls.FORMAT_CHECKER).validate(_sarif(make_report()))


def test_sarif_rules_and_results() -> None:
    log = _sarif(make_report())
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "lawgap" and driver["version"]
    assert [r["id"] for r in driver["rules"]] == ["RV-01", "RV-02", "JJ-01", "GP-01"]
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in driver["rules"]}
    assert levels == {"RV-01": "error", "RV-02": "warning", "JJ-01": "error", "GP-01": "note"}
    rv01 = driver["rules"][0]
    assert rv01["fullDescription"]["text"] == "Why it matters. Second line."
    assert "The State shall ensure" in rv01["help"]["markdown"]
    assert rv01["properties"]["source"] == "CRC art. 19(2)"
    # covered RV-02 gives no result
    assert [r["ruleId"] for r in run["results"]] == ["RV-01", "JJ-01", "GP-01"]
    for res in run["results"]:
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
    assert "invocations" not in run


def test_sarif_partial_points_at_evidence_missing_at_line_one() -> None:
    results = {r["ruleId"]: r for r in _sarif(make_report(line=42))["runs"][0]["results"]}
    loc = results["RV-01"]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "bills/draft.txt"
    assert loc["region"]["startLine"] == 42
    assert loc["region"]["snippet"]["text"] == "A teacher may report suspected abuse."
    miss = results["JJ-01"]["locations"][0]["physicalLocation"]
    assert miss["artifactLocation"]["uri"] == "bills/draft.txt"
    assert miss["region"] == {"startLine": 1}


def test_sarif_fingerprints_stable_across_runs_and_line_moves() -> None:
    def prints(report: Report) -> dict[str, str]:
        return {
            r["ruleId"]: r["partialFingerprints"]["lawgapGap/v1"]
            for r in _sarif(report)["runs"][0]["results"]
        }

    first = prints(make_report(line=12))
    assert first == prints(make_report(line=12))
    assert first == prints(make_report(line=300, quote="A teacher may report suspected abuse, reworded."))
    assert len(set(first.values())) == 3
    assert first["RV-01"] == sarif.fingerprint("RV-01", "partial", "bills/draft.txt")


def test_sarif_uri_forms() -> None:
    assert sarif.to_uri("bills/my draft.txt") == "bills/my%20draft.txt"
    assert sarif.to_uri("/srv/bills/a.txt") == "file:///srv/bills/a.txt"
    assert sarif.to_uri("bills\\a.txt") == "bills/a.txt"


# ----------------------------------------------------------- Markdown and HTML


def test_markdown_structure_and_order() -> None:
    md = render(make_report(), "markdown")
    assert md.startswith("# Child-rights gap report\n")
    heads = [line for line in md.splitlines() if line.startswith("### ")]
    assert heads == [
        "### RV-01: Obligation RV-01",
        "### JJ-01: Obligation JJ-01",
        "### GP-01: Obligation GP-01",
    ]
    assert "| reporting-violence | 1 | 1 | 0 | 2 |" in md
    assert "| critical | 0 | 1 | 0 | 1 |" in md
    assert "**What is missing:** age, detention" in md
    assert "Draft Child Act, s. 5, line 12" in md
    assert "## Covered obligations" in md and "RV-02" in md.split("## Covered obligations")[1]
    assert "Date:" not in md
    dated = render(make_report(), "markdown", RenderOptions(date="2024-05-01", title="Committee brief"))
    assert dated.startswith("# Committee brief\n") and "Date: 2024-05-01" in dated
    assert "Rulebook version 2024.1, 4 obligations from rules/rv.yaml." in md


def test_markdown_escapes_statute_and_rule_text() -> None:
    md = render(hostile_report(), "markdown")
    assert "<script>" not in md and "<b>" not in md
    assert "](javascript:" not in md
    # Render it the way GitHub would (CommonMark + tables) and check nothing became live markup.
    markdown_it = pytest.importorskip("markdown_it")
    html_out = markdown_it.MarkdownIt("commonmark").enable("table").render(md)
    assert "<script" not in html_out and "<b>" not in html_out
    assert "href=" not in html_out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_out
    # Pipes in cells do not split the table: every row of the files table has 5 cells.
    file_row = next(line for line in md.splitlines() if line.startswith("| bills/draft.txt"))
    assert file_row.replace("\\|", "").count("|") == 6


def test_markdown_escape_unit() -> None:
    assert markdown.escape("- item") == "\\- item"
    assert markdown.escape("1. item") == "1\\. item"
    assert markdown.escape("2024.1 and 3-4") == "2024.1 and 3-4"
    assert markdown.escape("a *b* _c_ `d` <e> & f|g") == "a \\*b\\* \\_c\\_ \\`d\\` &lt;e&gt; &amp; f\\|g"


def test_html_escapes_and_is_self_contained() -> None:
    page = render(hostile_report(), "html")
    assert "<script" not in page and "<b>x</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="javascript' not in page and "javascript:alert(1)" in page  # as text only
    assert (
        page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page and '<meta charset="utf-8">' in page
    )
    for remote in ("http://", "https://", "src=", "<link", "@import", "url("):
        assert remote not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_html_content() -> None:
    page = render(make_report(), "html")
    assert page.count("<svg") == 1 and "Coverage by category" in page
    for rid in ("RV-01", "JJ-01", "GP-01"):
        assert f'id="gap-{rid}"' in page
    assert 'id="gap-RV-02"' not in page and "RV-02: Obligation RV-02" in page  # covered, listed compactly
    assert page.index("gap-RV-01") < page.index("gap-JJ-01") < page.index("gap-GP-01")
    assert "<details><summary>Closest existing wording: Draft Child Act, s. 5, line 12</summary>" in page
    assert "1 of 2 covered" in page


# ------------------------------------------------------------------------- CSV


def test_csv_one_row_per_obligation() -> None:
    report = make_report()
    rows = list(csv.reader(io.StringIO(render(report, "csv"))))
    assert rows[0] == list(csv_writer.HEADER)
    assert len(rows) - 1 == len(report.verdicts)
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["id"] == "RV-01" and first["status"] == "partial" and first["line"] == "12"
    assert first["missing_elements"] == "duty-bearer" and first["evidence_path"] == "bills/draft.txt"
    missing = dict(zip(rows[0], rows[3], strict=True))
    assert missing["missing_elements"] == "age; detention" and missing["line"] == ""


def test_csv_guards_formula_injection() -> None:
    report = make_report(quote='=HYPERLINK("http://x","click")')
    rows = list(csv.reader(io.StringIO(render(report, "csv"))))
    assert rows[1][csv_writer.HEADER.index("quote")].startswith("'=HYPERLINK")
    for cell in ("+1", "-1", "@SUM(A1)", "=1"):
        assert csv_writer.safe_cell(cell) == "'" + cell
    assert csv_writer.safe_cell("plain") == "plain"


# ----------------------------------------------------------------------- JUnit


@pytest.mark.parametrize(
    ("fail_on", "expected"),
    [("critical", 1), ("high", 2), ("medium", 2), ("low", 3), ("none", 0)],
)
def test_junit_failures_match_threshold(fail_on: str, expected: int) -> None:
    report = make_report()
    root = ET.fromstring(render(report, "junit", RenderOptions(fail_on=fail_on)))
    suite = root.find("testsuite")
    assert suite is not None and suite.get("name") == "lawgap"
    cases = suite.findall("testcase")
    assert len(cases) == len(report.verdicts)
    assert len(suite.findall("testcase/failure")) == expected == int(suite.get("failures", "-1"))
    # gaps below the threshold still carry their details
    gaps = sum(v.status != "covered" for v in report.verdicts)
    assert len(suite.findall("testcase/system-out")) == gaps - expected


def test_junit_case_fields() -> None:
    root = ET.fromstring(render(make_report(), "junit"))
    case = root.find("testsuite/testcase[@name='JJ-01 Obligation JJ-01']")
    assert case is not None and case.get("classname") == "juvenile-justice"
    failure = case.find("failure")
    assert failure is not None and failure.get("message") == "missing (lacks age, detention)"
    assert "The State shall ensure" in (failure.text or "")


def test_junit_rejects_unknown_threshold() -> None:
    with pytest.raises(ValueError):
        reaches("high", "severe")


# ------------------------------------------------------------- determinism


@pytest.mark.parametrize("fmt", EXPORTS)
def test_byte_identical_twice(fmt: str) -> None:
    assert render(make_report(), fmt).encode() == render(make_report(), fmt).encode()
    assert render(hostile_report(), fmt).encode() == render(hostile_report(), fmt).encode()
    assert render(make_report(), fmt).endswith("\n")


# ---------------------------------------------------------- real pipeline


def test_real_pipeline_all_formats(real_report: Report) -> None:
    cls = jsonschema.validators.validator_for(SCHEMA)
    cls(SCHEMA).validate(_sarif(real_report))
    gaps = [v for v in real_report.verdicts if v.status != "covered"]
    assert len(_sarif(real_report)["runs"][0]["results"]) == len(gaps)
    rows = list(csv.reader(io.StringIO(render(real_report, "csv"))))
    assert len(rows) - 1 == len(real_report.verdicts)
    page = render(real_report, "html")
    for v in gaps:
        assert f'id="gap-{v.rule_id}"' in page
    for fmt in EXPORTS:
        assert render(real_report, fmt) == render(real_report, fmt)
