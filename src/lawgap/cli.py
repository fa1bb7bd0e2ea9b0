"""Command line: a thin layer over the library that parses options and prints.

Exit codes: 0 no gap at or above --fail-on; 1 a gap reaches it; 2 bad usage
or unreadable input (one line naming the file); 130 interrupted.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from lawgap import __version__
from lawgap.config import configured
from lawgap.errors import EXIT_ERROR, EXIT_GAPS, EXIT_INTERRUPTED, EXIT_OK, LawgapError, UsageError

if TYPE_CHECKING:
    from lawgap.models import Report, Rule, Rulebook
    from lawgap.report import RenderOptions

F = TypeVar("F", bound=Callable[..., Any])
FAIL_ON = ("critical", "high", "medium", "low", "none")
FORMAT_NAMES = ("text", "json", "sarif", "markdown", "html", "csv", "junit")
DIFF_FORMATS = ("text", "json", "markdown")


def _fail(message: str, code: int = EXIT_ERROR) -> None:
    click.echo(f"lawgap: error: {message}", err=True)
    sys.exit(code)


def guarded(func: F) -> F:
    """Turn every failure into one line on stderr and a distinct exit code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except LawgapError as exc:
            _fail(str(exc), exc.exit_code)
        except KeyboardInterrupt:
            click.echo("lawgap: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except RecursionError:
            _fail("input is nested too deeply to process")
        except MemoryError:
            _fail("out of memory; check a smaller set of files or lower --max-file-size")
        except BrokenPipeError:  # `lawgap rules list | head`: the reader left, nothing is wrong
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(EXIT_OK)
        except OSError as exc:
            where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
            _fail(f"{where}{exc.strerror or exc}")
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise  # click prints these itself
        except Exception as exc:  # a bug: still one line for the user; LAWGAP_DEBUG=1 shows the traceback
            if os.environ.get("LAWGAP_DEBUG"):
                raise
            _fail(f"internal error ({type(exc).__name__}: {exc}); please report it "
                  "(LAWGAP_DEBUG=1 shows the traceback)")
        return None

    return wrapper  # type: ignore[return-value]


def _split(values: Sequence[str]) -> list[str]:
    return [p.strip() for v in values for p in v.split(",") if p.strip()]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="lawgap")
def main() -> None:
    """lawgap: find the child-rights obligations your legislation does not yet cover."""


def _rule_options(func: F) -> F:
    func = click.option("--ignore", multiple=True, metavar="ID|CATEGORY",
                        help="Skip rules by ID or category (comma-separated or repeated).")(func)
    func = click.option("--select", multiple=True, metavar="ID|CATEGORY",
                        help="Only these rules by ID, ID prefix or category.")(func)
    func = click.option("--no-builtin", is_flag=True, help="Use only the rules given with --rules.")(func)
    func = click.option("--rules", "rule_paths", multiple=True, type=click.Path(path_type=Path),
                        metavar="PATH", help="Extra rule file or folder (repeatable).")(func)
    return func


def _input_options(func: F) -> F:
    """Options on how statute files are read, shared by check and diff."""
    func = click.option("-j", "--jobs", type=click.IntRange(1), default=None, metavar="N",
                        help="Check files in N processes (default: one per core); the report is the same.")(func)
    func = click.option("--max-file-size", type=click.IntRange(1), default=50, show_default=True, metavar="MB",
                        help="Refuse statute files larger than this.")(func)
    func = click.option("--skip-unreadable", is_flag=True,
                        help="Skip unreadable statute files (they are listed).")(func)
    return func


def _rulebook(rule_paths: Sequence[Path], no_builtin: bool, select: Sequence[str],
              ignore: Sequence[str]) -> Rulebook:
    from lawgap import load_rules

    return load_rules(rule_paths, builtin=not no_builtin, select=_split(select), ignore=_split(ignore))


def default_paths() -> tuple[list[Path], str]:
    """./statutes when it exists, else the bundled samples."""
    from lawgap.load import package_data

    local = Path("statutes")
    if local.is_dir():
        return [local], "./statutes"
    return [package_data("statutes")], "the bundled sample statutes"


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@_rule_options
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="high", show_default=True,
              help="Exit 1 when a gap (partial or missing) has this severity or higher.")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMAT_NAMES), default="text", show_default=True,
              help="Format printed on standard output.")
@click.option("-o", "--output", "outputs", multiple=True, metavar="[FORMAT:]FILE",
              help="Also write a report file; format from the extension or a FORMAT: prefix (repeatable).")
@click.option("--show-covered", is_flag=True, help="List covered obligations too.")
@click.option("-v", "--verbose", is_flag=True, help="Show evidence quotes and matched words.")
@click.option("--review", is_flag=True, help="Mark borderline verdicts for human review.")
@_input_options
@click.option("--title", default=None, help="Title for Markdown/HTML reports.")
@click.option("--date", default=None, help="Date printed in Markdown/HTML reports (omitted by default).")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing on standard output.")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Fail only on gaps not in this baseline (or worse than it); list entries no longer needed.")
@click.option("--write-baseline", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Record today's gaps as accepted in FILE (JSON) and exit 0.")
@click.option("--show-config", is_flag=True,
              help="Print the settings (config file, command line, defaults) and where each came from, then exit.")
@guarded
@configured("check")
def check(paths: tuple[Path, ...], rule_paths: tuple[Path, ...], no_builtin: bool, select: tuple[str, ...],
          ignore: tuple[str, ...], fail_on: str, fmt: str, outputs: tuple[str, ...], show_covered: bool,
          verbose: bool, review: bool, skip_unreadable: bool, max_file_size: int, title: str | None,
          date: str | None, quiet: bool, baseline: Path | None = None, write_baseline: Path | None = None,
          jobs: int | None = None) -> None:
    """Check statute files or folders against the rulebook and report the gaps.

    With no PATHS, checks ./statutes when it exists, else the bundled samples.
    Settings may come from [tool.lawgap] in pyproject.toml or lawgap.toml (see --show-config).
    """
    import lawgap
    from lawgap import baseline as baselines
    from lawgap.progress import FileProgress
    from lawgap.report import RenderOptions, render

    targets = _outputs(outputs)
    accepted = baselines.load(baseline) if baseline else None
    if write_baseline:
        _outputs([f"json:{write_baseline}"])  # writable? checked before any work
    if not paths:
        found, said = default_paths()
        click.echo(f"lawgap: checking {said}", err=True)
        paths = tuple(found)
    book = _rulebook(rule_paths, no_builtin, select, ignore)
    with FileProgress(paths) as progress:
        report = lawgap.check(paths, book, skip_unreadable=skip_unreadable,
                              max_file_size=max_file_size * 1024 * 1024, progress=progress, jobs=jobs)
    options = RenderOptions(fail_on=fail_on, show_covered=show_covered, verbose=verbose, review=review,
                            title=title, date=date, color=fmt == "text" and sys.stdout.isatty(),
                            width=shutil.get_terminal_size((100, 24)).columns)
    write_outputs(report, targets, options)
    if not quiet:
        click.echo(render(report, fmt, options), nl=False)
    if write_baseline:
        atomic_write(write_baseline, baselines.dumps(report))
        click.echo(f"lawgap: wrote {write_baseline} ({len(baselines.entries(report))} accepted gaps)", err=True)
        sys.exit(EXIT_OK)
    if accepted is not None:
        compared = baselines.compare(report, accepted)
        for line in baselines.summary_lines(compared, str(baseline)):
            click.echo(f"lawgap: {line}", err=True)
        report = replace(report, verdicts=compared.new)
    sys.exit(exit_code(report, fail_on))


@main.command("diff")
@click.argument("base", type=click.Path(path_type=Path))
@click.argument("head", type=click.Path(path_type=Path))
@_rule_options
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="high", show_default=True,
              help="Exit 1 when an obligation lost by the draft has this severity or higher.")
@click.option("-f", "--format", "fmt", type=click.Choice(DIFF_FORMATS), default="text", show_default=True,
              help="Format printed on standard output (diff supports text, json, markdown).")
@click.option("-o", "--output", "outputs", multiple=True, metavar="[FORMAT:]FILE",
              help="Also write a file (repeatable): text, json and markdown write the diff; sarif, html, csv "
                   "and junit write the full check report of HEAD.")
@click.option("-v", "--verbose", is_flag=True, help="Show every piece of evidence, with quotes.")
@_input_options
@click.option("-q", "--quiet", is_flag=True, help="Print nothing on standard output.")
@guarded
@configured("diff")
def diff_cmd(base: Path, head: Path, rule_paths: tuple[Path, ...], no_builtin: bool, select: tuple[str, ...],
             ignore: tuple[str, ...], fail_on: str, fmt: str, outputs: tuple[str, ...], verbose: bool,
             skip_unreadable: bool, max_file_size: int, quiet: bool, jobs: int | None = None) -> None:
    """Show what a draft bill changes: obligations newly covered, newly lost, other status changes.

    BASE is current law and HEAD current law with the draft applied, each a file or a folder;
    files are paired by relative path. Exit 1 when a lost obligation (covered -> partial or
    missing, partial -> missing) reaches --fail-on; identical trees give an empty diff and exit 0.
    """
    import lawgap
    from lawgap import diff as diffs
    from lawgap.progress import FileProgress
    from lawgap.report import RenderOptions, render

    targets = _outputs(outputs)
    files = diffs.pair_files(base, head)
    book = _rulebook(rule_paths, no_builtin, select, ignore)
    reports = []
    with FileProgress([base, head]) as progress:
        for root in (base, head):
            reports.append(lawgap.check([root], book, skip_unreadable=skip_unreadable,
                                        max_file_size=max_file_size * 1024 * 1024, progress=progress, jobs=jobs))
    result = diffs.diff_reports(reports[0], reports[1], files)
    options = RenderOptions(fail_on=fail_on, verbose=verbose)
    rendered = [(path, diffs.render(result, f, verbose) if f in DIFF_FORMATS else render(reports[1], f, options))
                for f, path in targets]
    for path, text in rendered:
        atomic_write(path, text)
    if not quiet:
        click.echo(diffs.render(result, fmt, verbose), nl=False)
    sys.exit(diffs.exit_code(result, fail_on))


def exit_code(report: Report, fail_on: str) -> int:
    from lawgap.models import reaches

    gaps = (v for v in report.verdicts if v.status != "covered")
    return EXIT_GAPS if any(reaches(report.rule(v.rule_id).severity, fail_on) for v in gaps) else EXIT_OK


def _outputs(outputs: Sequence[str]) -> list[tuple[str, Path]]:
    """Parse --output values and check that each can be written, before any work is done."""
    from lawgap.report import EXTENSIONS, FORMATS

    out = []
    for value in outputs:
        fmt, sep, name = value.partition(":")
        if sep and fmt in FORMATS and name:
            path = Path(name)
        else:
            path = Path(value)
            fmt = EXTENSIONS.get(path.suffix.lower(), "")
            if not fmt:
                raise UsageError(f"cannot tell the format of '{value}' from its extension; "
                                 f"write FORMAT:{value} with FORMAT one of {', '.join(FORMATS)}")
        parent = path.parent if str(path.parent) else Path(".")
        if not parent.is_dir():
            problem = "is a file, not a folder" if parent.exists() else "does not exist"
            raise UsageError(f"output folder {problem}", str(parent))
        if path.is_dir():
            raise UsageError("output path is a folder", str(path))
        if path.exists() and not os.access(path, os.W_OK):
            raise UsageError("output file is not writable", str(path))
        if not os.access(parent, os.W_OK):
            raise UsageError("output folder is not writable", str(parent))
        out.append((fmt, path))
    return out


def write_outputs(report: Report, targets: Sequence[tuple[str, Path]], options: RenderOptions) -> None:
    """Render every output first, then write each atomically (temp file + rename)."""
    from lawgap.report import render

    plain = replace(options, color=False)  # a file gets the same bytes whatever the terminal
    rendered = [(path, render(report, fmt, plain)) for fmt, path in targets]
    for path, text in rendered:
        atomic_write(path, text)


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` so that ``path`` is either the old file or the whole new one."""
    parent = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


@main.command("eval")
@click.argument("labels", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--corpus", "roots", multiple=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder(s) holding the labelled files (default: beside the labels, then the bundled samples).")
@_rule_options
@click.option("--no-mistakes", is_flag=True, help="Only the figures, not the list of mistakes.")
@click.option("--no-stemming", is_flag=True, help="Match exact word forms only (to measure the stemmer).")
@click.option("--no-fuzzy", is_flag=True, help="No typo tolerance (to measure fuzzy matching).")
@guarded
def eval_(labels: Path, roots: tuple[Path, ...], rule_paths: tuple[Path, ...], no_builtin: bool,
          select: tuple[str, ...], ignore: tuple[str, ...], no_mistakes: bool, no_stemming: bool,
          no_fuzzy: bool) -> None:
    """Measure agreement with a labelled set (files: {NAME: {labels: {ID: {judgement: ...}}}})."""
    from lawgap.evaluate import evaluate, format_scores
    from lawgap.load import package_data

    book = _rulebook(rule_paths, no_builtin, select, ignore)
    search = list(roots) or [labels.parent, package_data("statutes")]
    scores, verdicts = evaluate(labels, book, search, stemming=not no_stemming, fuzzy=not no_fuzzy)
    click.echo(format_scores(scores, verdicts, mistakes=not no_mistakes), nl=False)


# ---------------------------------------------------------------- rules


def _configured_rules() -> tuple[list[Path], bool, Path | None]:
    """``rules`` and ``no_builtin`` from the project's config file, so `rules` commands see what `check` sees."""
    from lawgap import config

    path = config.find()
    if path is None:
        return [], False, None
    values = config.load(path)
    return [Path(p) for p in values.get("rules", [])], bool(values.get("no_builtin")), path


def _rules_book(rule_paths: Sequence[Path], no_builtin: bool, select: Sequence[str],
                ignore: Sequence[str]) -> Rulebook:
    """The rulebook `check` would use: --rules/--no-builtin, else the config file's, else the built-in one."""
    if not rule_paths and not no_builtin:
        rule_paths, no_builtin, where = _configured_rules()
        if rule_paths:
            click.echo(f"lawgap: rules from {where}", err=True)
    return _rulebook(rule_paths, no_builtin, select, ignore)


@main.group()
def rules() -> None:
    """List, explain, validate, test and publish the schema of rulebooks."""


@rules.command("list")
@_rule_options
@click.option("--category", multiple=True, metavar="CATEGORY",
              help="Only these categories (comma-separated or repeated).")
@click.option("--severity", multiple=True, type=click.Choice(FAIL_ON[:-1]), help="Only these severities (repeatable).")
@click.option("-f", "--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@guarded
def rules_list(rule_paths: tuple[Path, ...], no_builtin: bool, select: tuple[str, ...], ignore: tuple[str, ...],
               category: tuple[str, ...], severity: tuple[str, ...], fmt: str) -> None:
    """Table of rules: ID, category, severity, title (* = changed by an override)."""
    import difflib
    import json

    from lawgap.load import CATEGORIES

    categories = _split(category)
    for name in categories:
        if name not in CATEGORIES:
            close = difflib.get_close_matches(name, CATEGORIES, n=1)
            raise UsageError(f"unknown category '{name}'" + (f"; did you mean '{close[0]}'?" if close else
                                                            f"; categories: {', '.join(CATEGORIES)}"))
    book = _rules_book(rule_paths, no_builtin, select, ignore)
    rows = [r for r in book.rules if (not categories or r.category in categories)
            and (not severity or r.severity in severity)]
    if fmt == "json":
        click.echo(json.dumps([{"id": r.id, "category": r.category, "severity": r.severity, "title": r.title,
                                "source": r.source, "origin": f"{r.origin}:{r.line}",
                                "overridden_by": list(dict.fromkeys(w for _p, _d, w in r.provenance))}
                               for r in rows], ensure_ascii=False, indent=2))
        return
    width = max([len(r.id) + (1 if r.provenance else 0) for r in rows] + [2])
    cwidth = max([len(r.category) for r in rows] + [8])
    click.echo(f"{'ID':<{width}}  {'CATEGORY':<{cwidth}}  {'SEVERITY':<8}  TITLE")
    for r in rows:
        rid = r.id + ("*" if r.provenance else "")
        click.echo(f"{rid:<{width}}  {r.category:<{cwidth}}  {r.severity:<8}  {r.title}")
    tail = f"{len(rows)} rules (rulebook {book.version})"
    if any(r.provenance for r in rows):
        tail += "; * changed by an override (lawgap rules show ID says how)"
    click.echo(tail)
    for rule_id, where, _defined in book.disabled:
        click.echo(f"{rule_id} disabled by {where}")


@rules.command("show")
@click.argument("rule_id")
@_rule_options
@guarded
def rules_show(rule_id: str, rule_paths: tuple[Path, ...], no_builtin: bool, select: tuple[str, ...],
               ignore: tuple[str, ...]) -> None:
    """Explain one rule: source, rationale, elements, partial wording, suggestion, examples.

    With overrides (--rules FILE), shows the merged rule and where each change came from.
    """
    book = _rules_book(rule_paths, no_builtin, select, ignore)
    wanted = rule_id.upper()
    rule = book.get(wanted)
    if rule is None:
        import difflib

        for disabled_id, where, defined in book.disabled:
            if disabled_id == wanted:
                click.echo(f"{wanted}: disabled by {where} (defined at {defined})")
                return
        close = difflib.get_close_matches(wanted, [r.id for r in book.rules], n=1)
        raise UsageError(f"no rule '{rule_id}'" + (f"; did you mean {close[0]}?" if close else ""))
    click.echo("\n".join(explain_rule(rule)))


def explain_rule(rule: Rule) -> list[str]:
    """`rules show` text: the merged rule, each part added by an override marked with its file:line."""
    changed: dict[tuple[str, str], str] = {(part, detail): where for part, detail, where in rule.provenance}

    def origin(part: str, detail: str) -> str:
        where = changed.get((part, detail))
        return f"   [from {where}]" if where else ""

    severity = rule.severity
    for part, detail, where in rule.provenance:
        if part == "severity":
            severity = f"{rule.severity} (was {detail.split(' -> ')[0]}; set by {where})"
    lines = [f"{rule.id}: {rule.title}",
             f"  category: {rule.category}    severity: {severity}    modality: {rule.modality}"
             + ("    definition: true" if rule.definition else ""),
             f"  source: {rule.source}", f"  defined in: {rule.origin}:{rule.line}"]
    overriders = list(dict.fromkeys(w for _p, _d, w in rule.provenance))
    if overriders:
        lines.append(f"  changed by: {', '.join(overriders)} (overrides)")
    lines += ["", "  Rationale:", f"    {rule.rationale}", "", "  Elements (all in one provision for covered):"]
    for e in rule.elements:
        part = f"terms of {e.name}"
        own = [t for t in e.terms if (part, t) not in changed]
        line = f"    - {e.name}{' (core)' if e.core else ''}: {'; '.join(own)}"
        added: dict[str, list[str]] = {}
        for t in e.terms:
            if (part, t) in changed:
                added.setdefault(changed[(part, t)], []).append(t)
        for where, terms in added.items():
            line += f"; + {'; '.join(terms)}   [from {where}]"
        lines.append(line)
    for key, title, quals in (("partial", "Partial when", rule.partial),
                              ("exclude", "Not this obligation when", rule.exclude)):
        if quals:
            lines += ["", f"  {title}:"]
            lines += [f"    - {q.label}: {'; '.join(q.terms)}{origin(key, q.label)}" for q in quals]
    lines += ["", "  Drafting suggestion:", *[f"    {ln}" for ln in rule.suggestion.splitlines()]]
    if rule.examples:
        lines += ["", f"  Examples ({len(rule.examples)}):"]
        lines += [f"    [{x.expect}] {x.text}{origin('examples', str(i))}" for i, x in enumerate(rule.examples, 1)]
    return lines


@rules.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--no-builtin", is_flag=True,
              help="Do not resolve overrides against, or compare IDs with, the built-in rulebook.")
@guarded
def rules_validate(paths: tuple[Path, ...], no_builtin: bool) -> None:
    """Check rule files against the schema: every error as file:line:col: message (exit 2 if any).

    With no PATHS: the rule files of the config file (lawgap.toml), else the built-in rulebook.
    Overrides are checked against the rules given and the built-in rulebook; warnings
    (a rule ID that clashes with a built-in one, a term list probably split at a comma)
    do not change the exit code.
    """
    from lawgap.load import package_data, rule_files, validate_rules

    targets = list(paths)
    if not targets:
        targets, configured_no_builtin, where = _configured_rules()
        no_builtin = no_builtin or configured_no_builtin
        if targets:
            click.echo(f"lawgap: rules from {where}", err=True)
    targets = targets or [package_data("rules")]
    files = rule_files(targets)
    if not files:
        raise UsageError("no rule files (.yaml, .yml) found", ", ".join(str(p) for p in targets))
    checked = validate_rules(targets, [] if no_builtin else [package_data("rules")])
    found = sorted(checked.errors + checked.warnings,
                   key=lambda e: (e.path or "", e.line or 0, e.column or 0, e.message))
    for problem in found:
        click.echo(str(problem), err=True)
    counts = f"{len(checked.errors)} error(s), {len(checked.warnings)} warning(s)"
    if checked.errors:
        click.echo(f"lawgap: {counts} in {len(files)} file(s)", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(f"ok: {len(checked.rules)} rule(s), {len(checked.overrides)} override(s) in {len(files)} file(s)"
               + (f"; {len(checked.warnings)} warning(s)" if checked.warnings else ""))


@rules.command("test")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--coverage", is_flag=True, help="List rules and elements no example exercises.")
@guarded
def rules_test(paths: tuple[Path, ...], coverage: bool) -> None:
    """Run the examples kept inside each rule; explain every failure element by element.

    With PATHS: the rules in those files (and built-in rules they override). Without:
    the rulebook `check` uses (the config file's rules plus the built-in rulebook). Exit 1 on a failure.
    """
    from lawgap.load import load_rulebook
    from lawgap.ruletest import coverage_gaps, run_examples

    if paths:
        book = load_rulebook(list(paths), builtin=False, overrides_of_builtin=True)
    else:
        book = _rules_book((), False, (), ())
    results = run_examples(book)
    failed = [r for r in results if not r.ok]
    for r in failed:
        click.echo(f"FAIL {r.rule_id} example {r.number} at {r.origin}: expected {r.expect}, got {r.got}")
        click.echo(f"     text: {r.text}")
        for line in r.why:
            click.echo(f"     {line}")
    if coverage:
        for line in coverage_gaps(book, results):
            click.echo(f"uncovered: {line}")
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed "
               f"({len(book.rules)} rule{'s' if len(book.rules) != 1 else ''})")
    sys.exit(EXIT_GAPS if failed else EXIT_OK)


@rules.command("schema")
@guarded
def rules_schema() -> None:
    """Print the rule-file JSON Schema (draft-07), for editors: see docs/rules.md."""
    from lawgap.schema import dumps

    click.echo(dumps(), nl=False)


# ---------------------------------------------------------------- init


@main.command("init")
@click.argument("directory", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
@guarded
def init(directory: Path, force: bool) -> None:
    """Set up a working folder: lawgap.toml, rules/ with an example rule, statutes/ with a sample.

    `lawgap check` then runs at once inside it. Existing files are left alone (exit 2) unless --force.
    """
    from lawgap.scaffold import scaffold_files

    files = scaffold_files()
    existing = [name for name in files if (directory / name).exists()]
    if existing and not force:
        raise UsageError(f"{', '.join(existing)} already exist(s); use --force to overwrite", str(directory))
    for name, text in files.items():
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, text)
        click.echo(f"wrote {target}")
    where = "" if directory == Path(".") else f"cd {directory} && "
    click.echo(f"next: {where}lawgap check   (then edit rules/my-rules.yaml; "
               "lawgap rules validate; lawgap rules test)")


if __name__ == "__main__":  # pragma: no cover
    main()
