"""Draft bills in CI: `lawgap diff`, baselines, config files, progress, shipped CI recipes."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import lawgap
from lawgap.cli import main
from lawgap.diff import diff_reports
from lawgap.progress import FileProgress

ROOT = Path(__file__).resolve().parent.parent
CRC = ROOT / "statutes" / "intl" / "un-crc-1989-en.txt"
SMALL = ROOT / "statutes" / "us" / "us-18usc-ch403-juvenile-delinquency.txt"
ARTICLE = re.compile(r"^Article (\d+)$")


@pytest.fixture(autouse=True, scope="module")
def _rulebook_loaded_once() -> Iterator[None]:
    """Parse the rule files once for this module: every CLI run here would otherwise redo it."""
    import lawgap.load

    real = lawgap.load.load_rulebook
    cache: dict[tuple[object, ...], object] = {}

    def cached(extra: object = (), builtin: bool = True) -> object:
        key = (tuple(str(p) for p in extra), builtin)  # type: ignore[attr-defined]
        if key not in cache:
            cache[key] = real(extra, builtin)  # type: ignore[arg-type]
        return cache[key]

    lawgap.load.load_rulebook = cached  # type: ignore[assignment]
    yield
    lawgap.load.load_rulebook = real


def article(section: str) -> str:
    return section.split("(")[0].strip()


@pytest.fixture(scope="module")
def crc_report() -> lawgap.models.Report:
    return lawgap.check([CRC])


@pytest.fixture(scope="module")
def lost_case(crc_report: lawgap.models.Report, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, Path]:
    """A covered obligation whose only evidence is one article no other verdict cites; trees without it.

    Chosen by running the tool, so rule tuning does not break the test: returns
    (rule ID, BASE folder with the CRC, HEAD folder with a copy lacking that article).
    """
    cited = Counter(article(e.section) for v in crc_report.verdicts for e in v.evidence)
    chosen = None
    for v in crc_report.verdicts:
        arts = {article(e.section) for e in v.evidence}
        if v.status == "covered" and len(arts) == 1 and cited[next(iter(arts))] == len(v.evidence):
            chosen = (v.rule_id, next(iter(arts)))
            break
    assert chosen, "no covered obligation rests on a single article of the CRC"
    rule_id, art = chosen
    lines = CRC.read_text(encoding="utf-8").split("\n")
    start = lines.index(art)
    end = next((i for i in range(start + 1, len(lines)) if ARTICLE.match(lines[i])), len(lines))
    root = tmp_path_factory.mktemp("lost")
    (root / "base").mkdir()
    (root / "head").mkdir()
    shutil.copy(CRC, root / "base" / CRC.name)
    (root / "head" / CRC.name).write_text("\n".join(lines[:start] + lines[end:]), encoding="utf-8")
    return rule_id, root / "base", root / "head"


def run(*args: str | Path) -> object:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


# ---------------------------------------------------------------------- diff


def test_diff_reports_exactly_the_removed_obligation_as_lost(lost_case: tuple[str, Path, Path]) -> None:
    rule_id, base, head = lost_case
    result = run("diff", base, head, "-f", "json", "--fail-on", "low")
    assert result.exit_code == 1, result.stderr
    data = json.loads(result.stdout)
    lost = [c for c in data["changes"] if c["kind"] == "regression"]
    assert [c["id"] for c in lost] == [rule_id]
    assert lost[0]["before"]["status"] == "covered" and lost[0]["after"]["status"] != "covered"
    assert lost[0]["before"]["evidence"][0]["path"].startswith(str(base))  # evidence from BASE
    assert data["files"] == {"added": [], "removed": [], "modified": [CRC.name]}
    text = run("diff", base, head, "--fail-on", "none")
    assert text.exit_code == 0
    assert "Newly lost" in text.stdout and rule_id in text.stdout


def test_identical_trees_give_an_empty_diff(lost_case: tuple[str, Path, Path],
                                            crc_report: lawgap.models.Report) -> None:
    _, base, _ = lost_case
    result = run("diff", base, base, "--fail-on", "low")
    assert result.exit_code == 0
    assert result.stdout.startswith("no change")
    assert diff_reports(crc_report, crc_report).empty


def test_diff_pairs_files_and_reports_added_and_removed(tmp_path: Path) -> None:
    (tmp_path / "base" / "sub").mkdir(parents=True)
    (tmp_path / "head" / "sub").mkdir(parents=True)
    shutil.copy(SMALL, tmp_path / "base" / "sub" / "kept.txt")
    shutil.copy(SMALL, tmp_path / "head" / "sub" / "kept.txt")
    shutil.copy(SMALL, tmp_path / "base" / "old.txt")
    shutil.copy(SMALL, tmp_path / "head" / "new.txt")
    result = run("diff", tmp_path / "base", tmp_path / "head", "--select", "JJ", "-f", "markdown",
                 "-o", tmp_path / "diff.json", "-o", tmp_path / "head.sarif")
    assert result.exit_code == 0, result.stderr
    assert "**Added files:** `new.txt`" in result.stdout and "**Removed files:** `old.txt`" in result.stdout
    data = json.loads((tmp_path / "diff.json").read_text(encoding="utf-8"))
    assert data["files"] == {"added": ["new.txt"], "removed": ["old.txt"], "modified": []}
    assert data["changes"] == []
    assert json.loads((tmp_path / "head.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_diff_of_a_file_and_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = run("diff", SMALL, SMALL.parent)
    assert result.exit_code == 2
    assert "both be files or both be folders" in result.stderr


# ------------------------------------------------------------------ baseline


def test_baseline_suppresses_known_gaps_not_new_ones(lost_case: tuple[str, Path, Path], tmp_path: Path) -> None:
    rule_id, base, head = lost_case
    file = tmp_path / "baseline.json"
    written = run("check", base, "--write-baseline", file, "-q")
    assert written.exit_code == 0
    text = file.read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["gaps"] and all(set(g) == {"id", "status", "fingerprint"} for g in data["gaps"])
    assert run("check", base, "--write-baseline", file, "-q").exit_code == 0
    assert file.read_text(encoding="utf-8") == text  # deterministic

    same = run("check", base, "--baseline", file, "--fail-on", "low", "-q")
    assert same.exit_code == 0  # every gap is known
    new = run("check", head, "--baseline", file, "--fail-on", "low", "-q")
    assert new.exit_code == 1  # the lost obligation is a new gap
    assert re.search(rf"1 new: {rule_id} \(", new.stderr)

    # A gap that got worse than its baselined status counts as new.
    missing = next(g for g in data["gaps"] if g["status"] == "missing")
    missing["status"] = "partial"
    worse = tmp_path / "worse.json"
    worse.write_text(json.dumps(data), encoding="utf-8")
    result = run("check", base, "--baseline", worse, "--select", missing["id"], "--fail-on", "low", "-q")
    assert result.exit_code == 1
    assert f"{missing['id']} (missing, baseline says partial)" in result.stderr


def test_baseline_lists_entries_no_longer_needed(lost_case: tuple[str, Path, Path], tmp_path: Path) -> None:
    rule_id, base, head = lost_case
    file = tmp_path / "baseline.json"
    assert run("check", head, "--write-baseline", file, "-q").exit_code == 0
    result = run("check", base, "--baseline", file, "--fail-on", "low", "-q")
    assert result.exit_code == 0
    assert re.search(rf"no longer needed \(now covered\): .*\b{rule_id}\b", result.stderr)


@pytest.mark.parametrize("content", ["{", "[]", '{"lawgap_baseline": 1, "gaps": [{"id": "RV-01"}]}'])
def test_bad_baseline_is_exit_2_naming_the_file(tmp_path: Path, content: str) -> None:
    bad = tmp_path / "bad-baseline.json"
    bad.write_text(content, encoding="utf-8")
    result = run("check", SMALL, "--baseline", bad)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "bad-baseline.json" in result.stderr


# -------------------------------------------------------------------- config


def test_config_found_upward_and_overridden_by_flags(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "bills").mkdir()
    shutil.copy(SMALL, tmp_path / "bills" / "bill.txt")
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.lawgap]\npaths = ["bills"]\nselect = "JJ-03"\nfail-on = "none"\n'
        'format = "json"\n', encoding="utf-8")
    work = tmp_path / "deep" / "down"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    result = run("check")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [r["id"] for r in data["results"]] == ["JJ-03"]
    assert data["statutes"][0]["path"].endswith("bills/bill.txt")

    shown = run("check", "--show-config", "--format", "text")
    assert shown.exit_code == 0
    where = str(tmp_path / "pyproject.toml")
    lines = {ln.split()[0]: ln for ln in shown.stdout.splitlines() if " = " in ln}
    assert lines["paths"].endswith(where) and "bills" in lines["paths"]
    assert lines["fail_on"].endswith(where) and '"none"' in lines["fail_on"]
    assert lines["format"].endswith("# command line") and '"text"' in lines["format"]
    assert lines["verbose"].endswith("# default")

    # lawgap.toml nearer to the working directory wins; the flag still overrides it.
    (tmp_path / "deep" / "lawgap.toml").write_text('select = ["JJ-04"]\npaths = ["../bills"]\n', encoding="utf-8")
    result = run("check", "-f", "json", "--fail-on", "none")
    assert [r["id"] for r in json.loads(result.stdout)["results"]] == ["JJ-04"]
    result = run("check", "-f", "json", "--fail-on", "none", "--select", "JJ-05")
    assert [r["id"] for r in json.loads(result.stdout)["results"]] == ["JJ-05"]


def test_unknown_config_key_is_exit_2_with_a_suggestion(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "lawgap.toml").write_text('fail_onn = "critical"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("check", SMALL)
    assert result.exit_code == 2
    assert "lawgap.toml" in result.stderr and "did you mean 'fail_on'?" in result.stderr
    (tmp_path / "lawgap.toml").write_text('fail_on = "severe"\n', encoding="utf-8")
    assert run("check", SMALL).exit_code == 2


# ---------------------------------------------------------- progress, recipes


def test_progress_callback_once_per_file_and_silent_without_a_terminal() -> None:
    seen: list[str] = []
    lawgap.check([SMALL], select=["JJ-03"], progress=seen.append)
    assert len(seen) == 1 and seen[0].endswith(SMALL.name)
    with FileProgress([SMALL]) as bar:  # stderr is not a terminal under pytest
        bar("x")
    assert not bar.enabled and bar._bar is None


def test_shipped_pre_commit_hook_and_workflow() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "lawgap")
    assert hook["language"] == "python" and hook["entry"].startswith("lawgap check")
    flow = yaml.safe_load((ROOT / "examples" / "github-actions" / "lawgap.yml").read_text(encoding="utf-8"))
    steps = [s for job in flow["jobs"].values() for s in job["steps"]]
    runs = " ".join(s.get("run", "") for s in steps)
    assert "lawgap check bills/" in runs and "--output results.sarif" in runs and "--fail-on critical" in runs
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    assert upload["with"]["sarif_file"] == "results.sarif"
