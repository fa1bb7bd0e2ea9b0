"""Open the HTML report in headless Chromium: it must render the gaps and the chart.

CI installs Chromium, so there a missing browser is a failure; on a
developer machine without it the test is skipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lawgap.models import Report
from lawgap.report import render

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_exports import ROOT, hostile_report, make_report

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    if os.environ.get("CI"):
        pytest.fail("Chromium is not installed, and CI is set (CI must install Debian's chromium)")
    pytest.skip("Chromium not installed")


def _report() -> Report:
    """The real pipeline's report when it exists, else the hand-built one."""
    import lawgap

    check = getattr(lawgap, "check", None)
    if check is None:
        return make_report()
    return check([str(ROOT / "statutes" / "us" / "us-42usc-ch67-capta.txt")])


def _run(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [browser, *FLAGS, f"--user-data-dir={profile}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


def test_html_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    browser = _chromium()
    report = _report()
    page = tmp_path / "report.html"
    page.write_text(render(report, "html"), encoding="utf-8")
    url = page.as_uri()

    dom = _run(browser, tmp_path / "profile-dom", "--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-2000:]
    gaps = [v.rule_id for v in report.verdicts if v.status != "covered"]
    assert gaps, "the report under test should have gaps"
    for rule_id in gaps:
        assert f'id="gap-{rule_id}"' in dom.stdout
    assert "<svg" in dom.stdout and "Coverage by category" in dom.stdout
    assert "<script" not in dom.stdout

    shot = tmp_path / "shot.png"
    res = _run(browser, tmp_path / "profile-shot", f"--screenshot={shot}", "--window-size=1280,2000", url)
    assert res.returncode == 0, res.stderr[-2000:]
    assert shot.exists() and shot.stat().st_size > 10_000
    keep = os.environ.get("LAWGAP_KEEP_SCREENSHOT")
    if keep:
        shutil.copyfile(shot, keep)


def test_hostile_statute_text_stays_inert_in_browser(tmp_path: Path) -> None:
    browser = _chromium()
    page = tmp_path / "hostile.html"
    page.write_text(render(hostile_report(), "html"), encoding="utf-8")
    dom = _run(browser, tmp_path / "profile", "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "<script" not in dom.stdout and "<b>x</b>" not in dom.stdout
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom.stdout
    assert 'href="javascript' not in dom.stdout
