"""Bad input gets one clear line and exit 2; nothing is lost, run or left half-written (issue 8).

Every case goes through the real CLI and checks the same contract: the
documented exit code, exactly one ``lawgap: error:`` line on stderr naming the
file and the problem, no traceback, and no report file (or temp file) left in
the output folder.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import lawgap
from lawgap.cli import main
from lawgap.errors import LawgapError
from lawgap.load import check_rule_text, decode, read_text
from lawgap.report import RenderOptions, render

ROOT = Path(__file__).resolve().parent.parent
STATUTES = ROOT / "statutes"
FUZZ = ROOT / "tests" / "fixtures" / "fuzz"
TINY = ROOT / "tests" / "fixtures" / "robustness-rules.yaml"
FEW_RULES = ("--no-builtin", "--rules", str(TINY))  # one rule, not the built-in 45: faster
BOOK_ONE = lawgap.load_rules([TINY], builtin=False)
GOOD = ("# title: Child Protection Act\n\nArticle 1. Reporting\n\n"
        "Teachers and doctors shall report suspected violence against a child to the police.\n")
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"
       + bytes(range(256)) * 4)
RULE = """rules:
  - id: {id}
    title: Test rule
    category: child-health
    severity: high
    source: test
    rationale: test
    suggestion: test
    elements:
      - name: report
        terms: [report]
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def assert_error(res: Result, *needles: str, code: int = 2) -> str:
    """The contract for every bad input: exit code, one line on stderr with the needles, no traceback."""
    assert res.exit_code == code, (res.exit_code, res.stdout, res.stderr)
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    assert "Traceback" not in res.stderr and "Traceback" not in res.stdout
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("lawgap: error: "), lines
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


def assert_nothing_written(folder: Path) -> None:
    assert sorted(p.name for p in folder.iterdir()) == [], "a report or temp file was left behind"


@pytest.fixture()
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def check_bad(path: Path, out: Path, *needles: str, extra: tuple[str, ...] = ()) -> str:
    res = run("check", str(path), "-q", "-o", str(out / "r.json"), "-o", str(out / "r.html"), *FEW_RULES, *extra)
    line = assert_error(res, *needles)
    assert_nothing_written(out)
    return line


# ------------------------------------------------------------ statute input


def test_missing_path(tmp_path: Path, out: Path) -> None:
    check_bad(tmp_path / "nope.txt", out, "nope.txt", "no such file")


def test_folder_without_statutes(tmp_path: Path, out: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "photo.png").write_bytes(PNG)
    check_bad(tmp_path / "docs", out, "docs", "no statute files")


def test_folder_whose_statutes_are_all_unreadable(tmp_path: Path, out: Path) -> None:
    (tmp_path / "bills").mkdir()
    (tmp_path / "bills" / "a.txt").write_bytes(b"")
    (tmp_path / "bills" / "b.txt").write_bytes(PNG)
    check_bad(tmp_path / "bills", out, "a.txt", "empty file")
    line = check_bad(tmp_path / "bills", out, "no readable statutes", extra=("--skip-unreadable",))
    assert "a.txt (empty file)" in line and "b.txt (binary file" in line


@pytest.mark.parametrize("name,data,problem", [
    ("old-bill.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "legacy Word .doc"),
    ("bill.rtf", b"{\\rtf1\\ansi Article 1. The State shall protect children.}", ".rtf documents cannot be read"),
])
def test_documents_it_cannot_read_are_not_passed_over(tmp_path: Path, out: Path, name: str, data: bytes,
                                                       problem: str) -> None:
    """A bills folder with a .doc or .rtf next to the .txt files: named, not silently ignored."""
    (tmp_path / "bills").mkdir()
    (tmp_path / "bills" / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bills" / name).write_bytes(data)
    check_bad(tmp_path / "bills", out, name, problem)
    report = lawgap.check([tmp_path / "bills"], BOOK_ONE, skip_unreadable=True)
    assert [p.rsplit("/", 1)[-1] for p, _why in report.skipped] == [name]


def test_a_doc_that_is_really_html_is_read(tmp_path: Path) -> None:
    """Content decides first: Word's "save as web page" .doc files are HTML."""
    f = tmp_path / "bill.doc"
    f.write_text("<html><body><h1>Article 1. Reporting</h1><p>Teachers shall report violence against a child."
                 "</p></body></html>", encoding="utf-8")
    assert lawgap.check([f], BOOK_ONE).statutes[0].format == "html"


def test_permission_denied_message(tmp_path: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the user sees when the OS refuses the read (simulated, since tests may run as root)."""
    f = tmp_path / "secret.txt"
    f.write_text(GOOD, encoding="utf-8")

    real = Path.open

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", refuse)
    check_bad(f, out, "secret.txt", "permission denied")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_in_folder_is_refused_not_read(tmp_path: Path, out: Path) -> None:
    """A FIFO named *.txt used to block the read forever; it fails even for root."""
    (tmp_path / "bills").mkdir()
    (tmp_path / "bills" / "a.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(tmp_path / "bills" / "pipe.txt")
    check_bad(tmp_path / "bills", out, "pipe.txt", "not a regular file")
    os.mkfifo(tmp_path / "direct.txt")
    check_bad(tmp_path / "direct.txt", out, "direct.txt", "not a regular file")


def test_folder_where_a_file_is_expected_is_walked_not_read(tmp_path: Path) -> None:
    """A folder named like a statute is a folder: its contents are read, it is not opened as a file."""
    (tmp_path / "act.txt").mkdir()
    (tmp_path / "act.txt" / "inner.txt").write_text(GOOD, encoding="utf-8")
    report = lawgap.check([tmp_path], select=["RV-01"])
    assert [s.path.rsplit("/", 1)[-1] for s in report.statutes] == ["inner.txt"]


@pytest.mark.parametrize("data", [b"", b"   \n\n\t \r\n"], ids=["empty", "whitespace"])
def test_empty_file(tmp_path: Path, out: Path, data: bytes) -> None:
    f = tmp_path / "empty.txt"
    f.write_bytes(data)
    check_bad(f, out, "empty.txt", "empty file")


def test_only_a_header(tmp_path: Path, out: Path) -> None:
    f = tmp_path / "header.txt"
    f.write_text("# title: An Act\n# language: en\n", encoding="utf-8")
    check_bad(f, out, "header.txt", "no statute text")


def test_image_renamed_txt(tmp_path: Path, out: Path) -> None:
    f = tmp_path / "scan.txt"
    f.write_bytes(PNG)
    check_bad(f, out, "scan.txt", "binary file")


def test_invalid_utf8_that_is_not_windows_1251(tmp_path: Path, out: Path) -> None:
    f = tmp_path / "latin.txt"
    f.write_bytes(b"Article 1. The State shall \xff\xfe protect \x98 every child.\n")
    check_bad(f, out, "latin.txt", "not valid UTF-8", "not Windows-1251")


def test_mixed_encodings(tmp_path: Path, out: Path) -> None:
    """UTF-8 and Windows-1251 in one file used to be read as mojibake ("РЎС‚Р°...")."""
    f = tmp_path / "mixed.txt"
    f.write_bytes("Статья 1. Ребенок имеет право на защиту.\n".encode()
                  + "Статья 2. Государство обязано защищать ребенка.\n".encode("cp1251"))
    check_bad(f, out, "mixed.txt", "mixed encodings")


def test_windows_1251_alone_still_reads() -> None:
    text = "Статья 1. Государство обязано защищать ребенка от насилия «всегда» — везде №1.\n"
    assert decode(text.encode("cp1251"), "x.txt") == text


def test_nul_bytes(tmp_path: Path, out: Path) -> None:
    f = tmp_path / "nul.txt"
    f.write_bytes(b"Article 1. The State shall\x00 protect children.\n")
    check_bad(f, out, "nul.txt", "NUL")


def test_file_over_the_size_limit(tmp_path: Path, out: Path) -> None:
    """A 50 MB one-line file: refused in well under a second, before it is read."""
    f = tmp_path / "huge.txt"
    with f.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: instant to make; all NULs, but the size check comes first
    start = time.monotonic()
    check_bad(f, out, "huge.txt", "50.0 MB, over the 10.0 MB limit", "--max-file-size", extra=("--max-file-size", "10"))
    assert time.monotonic() - start < 5


def test_long_single_line_is_linear() -> None:
    """One 400 kB line used to take a minute (matching is superlinear in paragraph length); now seconds."""
    from lawgap.judge import judge_all
    from lawgap.match import Index
    from lawgap.segment import MAX_PARAGRAPH, segment

    body = "The State shall protect the child from violence and report abuse. " * 6_000
    start = time.monotonic()
    statute = segment(read_text(("Article 1. Protection\n" + body).encode(), "long.txt"))
    judge_all(lawgap.load_rules(select=["RV", "PV"]), Index([statute]))
    assert time.monotonic() - start < 20
    paragraphs = [para for u in statute.units for para in u.paragraphs]
    assert max(len(para.text) for para in paragraphs) <= MAX_PARAGRAPH
    assert all(para.line == 2 for para in paragraphs)
    assert "".join("".join(para.text for para in paragraphs).split()) == "".join(body.split())  # nothing lost


def test_symlink_loop(tmp_path: Path, out: Path) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    check_bad(tmp_path / "a.txt", out, "a.txt", "looping symbolic link")
    bills = tmp_path / "bills"
    bills.mkdir()
    (bills / "good.txt").write_text(GOOD, encoding="utf-8")
    (bills / "loop.txt").symlink_to(bills / "loop.txt")
    check_bad(bills, out, "loop.txt", "symbolic link")


def test_directory_symlink_loop_is_not_followed(tmp_path: Path) -> None:
    bills = tmp_path / "bills"
    bills.mkdir()
    (bills / "good.txt").write_text(GOOD, encoding="utf-8")
    (bills / "again").symlink_to(bills, target_is_directory=True)
    report = lawgap.check([bills], select=["RV-01"])
    assert len(report.statutes) == 1


def test_non_utf8_file_name_gives_valid_unicode_reports(tmp_path: Path, out: Path) -> None:
    """A Latin-1 file name becomes a lone surrogate in Python; reports must still be valid UTF-8 JSON."""
    bills = tmp_path / "bills"
    bills.mkdir()
    try:
        (bills / os.fsdecode(b"caf\xe9.txt")).write_text(GOOD, encoding="utf-8")
    except (UnicodeEncodeError, OSError):
        pytest.skip("the file system refuses non-UTF-8 names")
    res = run("check", str(bills), "-f", "json", "-o", str(out / "r.sarif"), "-o", str(out / "r.json"),
              "--fail-on", "none")
    assert res.exit_code == 0, res.output
    for name in ("r.sarif", "r.json"):
        json.loads((out / name).read_bytes().decode("utf-8"))  # strict UTF-8, valid JSON
    assert json.loads(res.stdout)["statutes"][0]["path"].endswith("caf\ufffd.txt")
    assert "caf%EF%BF%BD.txt" in (out / "r.sarif").read_text(encoding="utf-8")


# --------------------------------------------------------------- rule files


def check_bad_rules(tmp_path: Path, out: Path, text: str | bytes, *needles: str, builtin: bool = False) -> str:
    f = tmp_path / "mine.yaml"
    f.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    res = run("check", str(STATUTES / "kz"), *(() if builtin else ("--no-builtin",)), "--rules", str(f), "-q",
              "-o", str(out / "r.json"))
    line = assert_error(res, "mine.yaml", *needles)
    assert_nothing_written(out)
    return line


def test_rule_file_that_is_not_yaml(tmp_path: Path, out: Path) -> None:
    check_bad_rules(tmp_path, out, "rules: [unclosed\n  - {id: X\n", "mine.yaml:")
    check_bad_rules(tmp_path, out, PNG, "not UTF-8")


def test_rule_file_with_control_characters(tmp_path: Path, out: Path) -> None:
    """Found by fuzz/fuzz_rules.py: PyYAML's reader raised ReaderError before parsing started."""
    check_bad_rules(tmp_path, out, "rules:\n  - id: X-1\n    title: a\x00b\n", "mine.yaml:3:13", "U+0000")
    check_bad_rules(tmp_path, out, "rules: []\n\x07", "U+0007")


def test_fuzz_regressions_rules() -> None:
    """Every crashing input the rules fuzzer found: each gives RuleErrors, nothing else."""
    for f in sorted(FUZZ.glob("rules-*")):
        try:
            _rules, _overrides, errors = check_rule_text(f.read_bytes().decode("utf-8-sig"), f.name)
        except LawgapError:
            continue
        assert all(isinstance(e, LawgapError) for e in errors)


def test_fuzz_regressions_reader() -> None:
    for f in sorted(FUZZ.glob("reader-*")):
        try:
            read_text(f.read_bytes()[1:], "x.txt")
        except LawgapError:
            pass


def test_yaml_billion_laughs(tmp_path: Path, out: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)) + "rules: *i\n"
    start = time.monotonic()
    check_bad_rules(tmp_path, out, bomb, "aliases")
    assert time.monotonic() - start < 5


def test_yaml_python_object_tags_are_rejected(tmp_path: Path, out: Path) -> None:
    canary = tmp_path / "pwned"
    for tag in ("!!python/object/apply:os.system", "!!python/object/new:os.system",
                "!!python/object:builtins.dict", "!!python/name:os.system"):
        check_bad_rules(tmp_path, out, f"rules:\n  - {tag} [\"touch {canary}\"]\n", "mine.yaml:2:", "tag")
    assert not canary.exists()


def test_duplicate_rule_ids(tmp_path: Path, out: Path) -> None:
    text = RULE.format(id="MY-1") + RULE.format(id="MY-1").removeprefix("rules:\n")
    check_bad_rules(tmp_path, out, text, "duplicate rule ID 'MY-1'")


def test_duplicate_of_a_builtin_rule_id(tmp_path: Path, out: Path) -> None:
    check_bad_rules(tmp_path, out, RULE.format(id="RV-01"), "RV-01", builtin=True)


@pytest.mark.parametrize("elements", ["    elements: []\n", ""], ids=["empty", "absent"])
def test_rule_with_no_elements(tmp_path: Path, out: Path, elements: str) -> None:
    text = RULE.format(id="MY-1").split("    elements:")[0] + elements
    check_bad_rules(tmp_path, out, text, "elements")


def test_lone_surrogate_escape_in_rule_text(tmp_path: Path, out: Path) -> None:
    r"""YAML "\uD800" makes a lone surrogate that no UTF-8 report could hold: refused at load."""
    check_bad_rules(tmp_path, out, RULE.format(id="MY-1").replace("title: Test rule", 'title: "bad \\uD800"'),
                    "surrogate")


def test_rule_terms_are_not_regular_expressions() -> None:
    """Terms are words, never regexes, so a rule cannot backtrack catastrophically."""
    from lawgap.load import load_rulebook

    f = ROOT / "tests" / "fixtures" / "_regex_rule.yaml"
    try:
        f.write_text(RULE.format(id="RX-1").replace("[report]", '["(a+)+$", "(x|x|x)*y"]'), encoding="utf-8")
        rule = load_rulebook([f], builtin=False).rules[0]
    finally:
        f.unlink()
    from lawgap.ruletest import judge_text

    start = time.monotonic()
    judge_text(rule, "Article 1. " + "a" * 5000 + "! " + "x" * 5000)
    assert time.monotonic() - start < 5


# ---------------------------------------------------------- options, output


def test_unknown_format() -> None:
    res = run("check", str(STATUTES / "kz"), "-f", "pdf")
    assert res.exit_code == 2 and "Traceback" not in res.stderr
    assert "Invalid value for '-f' / '--format'" in res.stderr


def test_unknown_output_extension(out: Path) -> None:
    res = run("check", str(STATUTES / "kz"), "-o", str(out / "r.docx"))
    assert_error(res, "r.docx", "cannot tell the format")
    assert_nothing_written(out)


def test_output_in_a_missing_folder(tmp_path: Path) -> None:
    res = run("check", str(STATUTES / "kz"), "-o", str(tmp_path / "no" / "such" / "r.json"))
    assert_error(res, str(tmp_path / "no" / "such"), "does not exist")


def test_output_under_a_file(tmp_path: Path) -> None:
    """A read-only place that stops root too: the 'folder' is a file."""
    (tmp_path / "plain.txt").write_text("x", encoding="utf-8")
    res = run("check", str(STATUTES / "kz"), "-o", str(tmp_path / "plain.txt" / "r.json"))
    assert_error(res, "plain.txt", "not a folder")
    assert (tmp_path / "plain.txt").read_text(encoding="utf-8") == "x"


def test_read_only_output_file_message(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = out / "r.json"
    target.write_text("old", encoding="utf-8")
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == target else real(p, mode))
    res = run("check", str(STATUTES / "kz"), "-o", str(target))
    assert_error(res, "r.json", "not writable")
    assert [p.name for p in out.iterdir()] == ["r.json"] and target.read_text(encoding="utf-8") == "old"


def test_write_failure_leaves_no_temp_file(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device", str(dst))

    monkeypatch.setattr(os, "replace", full)
    res = run("check", str(STATUTES / "kz"), "-q", "-o", str(out / "r.json"), *FEW_RULES)
    assert_error(res, "r.json", "No space left")
    assert_nothing_written(out)


def test_interrupt_while_writing_leaves_no_partial_file(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(src: object, dst: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    res = run("check", str(STATUTES / "kz"), "-q", "-o", str(out / "r.json"), *FEW_RULES)
    assert res.exit_code == 130 and "interrupted" in res.stderr and "Traceback" not in res.stderr
    assert_nothing_written(out)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_exits_130_and_leaves_nothing(tmp_path: Path, out: Path) -> None:
    """SIGINT to a real process in the middle of a long check."""
    many = tmp_path / "many"
    for i in range(25):
        shutil.copytree(STATUTES, many / f"copy{i}")
    # "ready" once imports are done, so SIGINT lands inside the command, not in interpreter start-up.
    starter = "import sys, lawgap.cli; print('ready', file=sys.stderr, flush=True); lawgap.cli.main()"
    proc = subprocess.Popen([sys.executable, "-c", starter, "check", str(many), "-q",
                             "-o", str(out / "r.json"), "-o", str(out / "r.html")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    assert proc.stderr is not None and proc.stderr.readline() == b"ready\n"
    time.sleep(0.5)  # loading rules, reading and matching under way
    assert proc.poll() is None, "the check finished before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    _stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, (proc.returncode, stderr.decode())
    assert b"interrupted" in stderr and b"Traceback" not in stderr
    assert_nothing_written(out)


# ------------------------------------------------------- --skip-unreadable


@pytest.fixture()
def mixed_folder(tmp_path: Path) -> Path:
    bills = tmp_path / "bills"
    bills.mkdir()
    (bills / "good.txt").write_text(GOOD, encoding="utf-8")
    (bills / "broken-scan.txt").write_bytes(PNG)
    return bills


def test_one_unreadable_file_stops_by_default(mixed_folder: Path, out: Path) -> None:
    check_bad(mixed_folder, out, "broken-scan.txt", "binary file")


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "markdown", "html", "csv", "junit"])
def test_skip_unreadable_lists_the_skipped_file(mixed_folder: Path, out: Path, fmt: str) -> None:
    res = run("check", str(mixed_folder), "--skip-unreadable", "--fail-on", "none", "-f", fmt, *FEW_RULES,
              "-o", f"{fmt}:{out / 'report'}")
    assert res.exit_code == 0, res.output
    written = (out / "report").read_text(encoding="utf-8")
    assert written == res.stdout
    assert "broken-scan.txt" in written
    if fmt == "json":
        assert [s["path"].rsplit("/", 1)[-1] for s in json.loads(written)["skipped"]] == ["broken-scan.txt"]


def test_skipped_files_in_the_library_report(mixed_folder: Path) -> None:
    report = lawgap.check([mixed_folder], select=["RV-01"], skip_unreadable=True)
    assert [(p.rsplit("/", 1)[-1], why.split(" (")[0]) for p, why in report.skipped] == [
        ("broken-scan.txt", "binary file")]


def test_sarif_with_skipped_files_is_schema_valid(mixed_folder: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "tests" / "fixtures" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    report = lawgap.check([mixed_folder], select=["RV-01"], skip_unreadable=True)
    jsonschema.validate(json.loads(render(report, "sarif")), schema)


# ----------------------------------------------------------------- escaping

HOSTILE = ("# title: <script>alert('title')</script> [t](javascript:alert(2))\n\n"
           "Article 1. Reporting <img src=x onerror=alert(3)>\n\n"
           "Teachers shall report suspected violence against a child <script>alert(1)</script> "
           "[x](javascript:alert(1)) ![i](http://evil.example/p.png) <a href=\"javascript:alert(4)\">y</a>.\n")


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory: pytest.TempPathFactory) -> lawgap.models.Report:
    folder = tmp_path_factory.mktemp("hostile")
    f = folder / "<b>draft<b>.txt"
    f.write_text(HOSTILE, encoding="utf-8")
    return lawgap.check([f], select=["reporting-violence"])


def test_html_report_is_inert(hostile_report: lawgap.models.Report) -> None:
    html = render(hostile_report, "html", RenderOptions(verbose=True, show_covered=True))
    assert "alert(1)" in html, "the hostile text should be shown, as text"
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>draft" not in html
    assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", html, re.I)
    assert not re.search(r"<[a-z]+[^>]*\son[a-z]+\s*=", html, re.I)


def test_markdown_report_is_inert(hostile_report: lawgap.models.Report) -> None:
    md = render(hostile_report, "markdown", RenderOptions(verbose=True, show_covered=True))
    assert "alert\\(1\\)" in md, "the hostile text should be shown, as text"
    assert "<script" not in md and "<img" not in md and "<b>" not in md and "<a href" not in md
    assert "](javascript:" not in md and "](http://evil" not in md
    assert "\\[x\\]\\(javascript:alert\\(1\\)\\)" in md


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_json_reports_are_valid_unicode(hostile_report: lawgap.models.Report, fmt: str) -> None:
    text = render(hostile_report, fmt)
    text.encode("utf-8")  # no lone surrogates
    data = json.loads(text)
    if fmt == "json":  # kept verbatim: JSON consumers escape for their own output
        assert "<script>alert(1)</script>" in json.dumps(data, ensure_ascii=False)


# -------------------------------------------------------------------- audit

SRC = ROOT / "src" / "lawgap"
FORBIDDEN_MODULES = {"pickle", "cPickle", "dill", "marshal", "shelve", "subprocess", "socket", "ssl", "http",
                     "urllib.request", "ftplib", "smtplib", "telnetlib", "webbrowser", "requests", "httpx",
                     "aiohttp", "urllib3", "ctypes", "multiprocessing.connection"}
FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "breakpoint"}
UNSAFE_YAML = re.compile(r"yaml\.(?:load|load_all|full_load|full_load_all|unsafe_load|unsafe_load_all)\s*\(|"
                         r"(?<!Safe)Loader\s*=\s*yaml\.(?:Loader|FullLoader|UnsafeLoader)|yaml\.(?:Loader|FullLoader|"
                         r"UnsafeLoader)\b")


def _sources() -> list[tuple[Path, str]]:
    return [(p, p.read_text(encoding="utf-8")) for p in sorted(SRC.rglob("*.py"))]


def test_audit_no_unsafe_yaml() -> None:
    """Rulebooks come from other organisations: only the safe loader (and our alias-refusing subclass)."""
    import ast

    for path, text in _sources():
        assert not UNSAFE_YAML.search(text), f"{path}: unsafe YAML loading"
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef):
                for base in node.bases:
                    name = ast.unparse(base)
                    if name.startswith("yaml.") and "Loader" in name:
                        assert name == "yaml.SafeLoader", f"{path}:{node.lineno}: {node.name} extends {name}"


def test_audit_no_eval_exec_pickle_or_network() -> None:
    """Nothing is run, unpickled or fetched because of input; ``import_module`` only loads lawgap's own modules."""
    import ast

    for path, text in _sources():
        for node in ast.walk(ast.parse(text)):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                for name in names:
                    assert not any(name == m or name.startswith(m + ".") for m in FORBIDDEN_MODULES), \
                        f"{where}: imports {name}"
            if isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Name):
                    assert func.id not in FORBIDDEN_CALLS, f"{where}: calls {func.id}()"
                if isinstance(func, ast.Attribute) and func.attr in ("system", "popen", "exec_module", "urlopen"):
                    raise AssertionError(f"{where}: calls .{func.attr}()")
                if isinstance(func, ast.Attribute) and ast.unparse(func.value) in ("ET", "ElementTree") \
                        and func.attr in ("parse", "fromstring", "iterparse", "XMLParser", "XML"):
                    raise AssertionError(f"{where}: stdlib XML parsing (use defusedxml)")
                if isinstance(func, ast.Attribute) and func.attr == "import_module":
                    arg = node.args[0]
                    first = arg.values[0] if isinstance(arg, ast.JoinedStr) else arg
                    assert isinstance(first, ast.Constant) and str(first.value).startswith("lawgap."), \
                        f"{where}: import_module of a name that is not lawgap's own"


def test_audit_catches_what_it_should() -> None:
    """The audit patterns themselves work (a test that can never fail proves nothing)."""
    assert UNSAFE_YAML.search("data = yaml.load(text)") and UNSAFE_YAML.search("yaml.load(t, Loader=yaml.Loader)")
    assert not UNSAFE_YAML.search("yaml.safe_load(text)") and not UNSAFE_YAML.search("class L(yaml.SafeLoader):")
