"""The rule authoring toolkit: validate, schema, show/list, test, overrides and init.

Rulebooks are written by lawyers and analysts, so every mistake must come back
as an exact ``file:line:col: message`` they can act on; the broken rulebooks in
``fixtures/broken_rules`` pin those messages down.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner, Result

from lawgap.cli import main
from lawgap.load import load_rulebook, split_phrase, validate_rules
from lawgap.scaffold import EXAMPLE_RULE, scaffold_files
from lawgap.schema import dumps, rule_file_schema

REPO = Path(__file__).resolve().parent.parent
BROKEN = "tests/fixtures/broken_rules"
VALIDATOR = jsonschema.Draft7Validator(rule_file_schema())


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Display paths are relative to the working directory; the expected messages assume the repository."""
    monkeypatch.chdir(REPO)


# ------------------------------------------------------------------ validate

EXPECTED: dict[str, list[str]] = {
    "unknown_keys.yaml": [
        "4:5: unknown key 'titel' in rule; did you mean 'title'?",
        "6:5: unknown key 'severty' in rule; did you mean 'severity'?",
        "12:9: unknown key 'cor' in element; did you mean 'core'?",
        "17:9: unknown key 'expected' in example; did you mean 'expect'?",
    ],
    "wrong_types.yaml": [
        "4:12: title must be a non-empty string, got a number",
        "8:16: rationale must be a non-empty string, got a list",
        "10:17: definition must be true or false, got text",
        "12:7: elements must be a non-empty list, got a mapping",
        "23:15: element core must be true or false, got text",
        "24:16: element terms must be a list of terms or a mapping of language to list, got text",
        "25:15: examples must be a list of {expect, text}, got text",
    ],
    "missing_fields.yaml": [
        "3:5: rule is missing required keys 'source', 'rationale'",
        "9:9: element is missing required key 'terms'",
        "11:9: element is missing required key 'name'",
        "13:9: example is missing required key 'expect'",
    ],
    "bad_values.yaml": [
        "3:9: id 'rv1' is not a valid rule ID (e.g. RV-01, MY-RULE-3)",
        "5:15: category 'juvenile-justise' is not one of: general-principles, reporting-violence, "
        "protection-from-violence, official-accountability, juvenile-justice, alternative-care, "
        "children-with-disabilities, child-health, family-support; did you mean 'juvenile-justice'?",
        "6:15: severity 'urgent' is not one of: critical, high, medium, low",
        "10:15: modality 'must' is not one of: binding, any",
        "15:11: 'english' is not a language code (en, ru, ...)",
        "17:17: example expect 'coverd' is not one of: covered, partial, missing; did you mean 'covered'?",
    ],
    "empty_terms.yaml": [
        "12:16: element terms is empty; give at least one term",
        "15:15: terms for 'en' is an empty list",
        "18:16: element terms is empty; give at least one term",
        "20:26: a term in element terms must be non-empty text, got ''",
        "20:30: a term in element terms must be non-empty text, got '--'",
        "23:15: partial terms must be a list of terms or a mapping of language to list, got nothing",
    ],
    "duplicate_keys.yaml": [
        "10:5: duplicate key 'severity' (first at line 6); the second value would be ignored",
        "14:9: duplicate key 'terms' (first at line 13); the second value would be ignored",
        "15:15: element name 'inform' is used twice (first at line 12)",
    ],
    "bad_overrides.yaml": [
        "3:9: override of unknown rule 'RV-99'",
        "7:7: rule RV-01 has no element 'reprot'; did you mean 'report'?",
        "9:15: severity 'severe' is not one of: critical, high, medium, low",
        "11:5: unknown key 'disable' in override; did you mean 'disabled'?",
    ],
    "syntax_error.yaml": [
        "7:13: expected ',' or ']', but got ':' (while parsing a flow sequence that starts at line 6, column 16)",
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_rulebook_gives_every_error_exactly(name: str, in_repo: None) -> None:
    res = run("rules", "validate", f"{BROKEN}/{name}")
    assert res.exit_code == 2
    lines = res.stderr.splitlines()
    assert lines[:-1] == [f"{BROKEN}/{name}:{line}" for line in EXPECTED[name]]
    assert lines[-1] == f"lawgap: {len(EXPECTED[name])} error(s), 0 warning(s) in 1 file(s)"
    assert res.stdout == ""


def _line_of(rule_file: str, text: str) -> int:
    lines = (Path(__file__).resolve().parent.parent / "rules" / rule_file).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.strip() == text)


def test_duplicate_id_across_files_is_an_error_and_a_builtin_clash_a_warning(in_repo: None) -> None:
    res = run("rules", "validate", f"{BROKEN}/duplicate_ids")
    assert res.exit_code == 2
    line = _line_of("juvenile-justice.yaml", "- id: JJ-09")
    assert res.stderr.splitlines() == [
        f"{BROKEN}/duplicate_ids/b.yaml:2:9: warning: rule ID 'JJ-09' is also defined in "
        f"rules/juvenile-justice.yaml:{line}; used together they clash: rename this rule, or change that one "
        "with an 'overrides:' entry",
        f"{BROKEN}/duplicate_ids/b.yaml:13:9: duplicate rule ID 'MY-08' (first defined at "
        f"{BROKEN}/duplicate_ids/a.yaml:2)",
        "lawgap: 1 error(s), 1 warning(s) in 2 file(s)",
    ]
    # without the built-in rulebook there is nothing to clash with
    res = run("rules", "validate", "--no-builtin", f"{BROKEN}/duplicate_ids")
    assert "warning:" not in res.stderr and res.exit_code == 2


def test_flow_list_trap_is_a_warning_not_an_error(in_repo: None) -> None:
    res = run("rules", "validate", f"{BROKEN}/flow_lists.yaml")
    assert res.exit_code == 0, res.output
    hint = "are two terms (a comma separates terms in [...]); if you meant one term, quote it:"
    assert res.stderr.splitlines() == [
        f"{BROKEN}/flow_lists.yaml:15:16: warning: 'liability' and 'established by law' {hint} "
        '"liability, established by law"',
        f"{BROKEN}/flow_lists.yaml:16:16: warning: 'ответственность' and 'установленную законами' {hint} "
        '"ответственность, установленную законами"',
        f"{BROKEN}/flow_lists.yaml:23:17: warning: 'teachers and' and 'doctors' {hint} \"teachers and, doctors\"",
    ]
    assert res.stdout == "ok: 1 rule(s), 0 override(s) in 1 file(s); 3 warning(s)\n"


@pytest.mark.parametrize("before,after,split", [
    ("ответственность", "установленную законами", True),
    ("сроки", "установленные законодательством", True),
    ("лицо", "не достигшее восемнадцати лет", True),
    ("органы", "которые осуществляют контроль", True),
    ("children", "including refugee children", True),
    ("penalties", "established by law", True),
    ("teachers and", "doctors", True),
    # deliberate separate terms of the built-in rulebook stay silent
    ("report", "notify", False),
    ("неисполнение", "ненадлежащее исполнение", False),
    ("пострадавших от насилия", "пострадавшие от насилия", False),
    ("в течение суток", "в течение 24 часов", False),
    ("on the grounds of", "on grounds of", False),
    ("neither nor", "not apply", False),
    ("prescribed by the Government", "prescribed by regulations", False),
])
def test_split_phrase_heuristic(before: str, after: str, split: bool) -> None:
    assert split_phrase(before, after) is split


def test_builtin_rulebook_has_no_errors() -> None:
    checked = validate_rules([REPO / "rules"])
    assert checked.errors == []
    assert len(checked.rules) == 45
    assert all("warning: " in str(w) for w in checked.warnings)


def test_load_raises_the_first_error_in_file_line_order(in_repo: None) -> None:
    res = run("check", "statutes/intl", "--rules", f"{BROKEN}/unknown_keys.yaml")
    assert res.exit_code == 2
    assert res.stderr == (f"lawgap: error: {BROKEN}/unknown_keys.yaml:4:5: unknown key 'titel' in rule; "
                          "did you mean 'title'?\n")


# ------------------------------------------------------------------ schema


def test_schema_command_prints_a_valid_draft7_schema_and_the_published_copy_is_current() -> None:
    res = run("rules", "schema")
    assert res.exit_code == 0
    schema = json.loads(res.stdout)
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema == rule_file_schema()
    assert (REPO / "docs" / "rules.schema.json").read_text(encoding="utf-8") == dumps(), \
        "regenerate: lawgap rules schema > docs/rules.schema.json"


def test_schema_lists_every_field_of_the_checker_tables() -> None:
    from lawgap.load import ELEMENT_FIELDS, RULE_FIELDS

    schema = rule_file_schema()
    rule = schema["definitions"]["rule"]
    assert set(rule["properties"]) == set(RULE_FIELDS)
    assert rule["required"] == [k for k, (_t, req, _d) in RULE_FIELDS.items() if req]
    assert set(schema["definitions"]["element"]["properties"]) == set(ELEMENT_FIELDS)


@pytest.mark.parametrize("path", sorted((REPO / "rules").glob("*.yaml")), ids=lambda p: p.name)
def test_every_builtin_rule_file_validates_against_the_json_schema(path: Path) -> None:
    errors = [e.message for e in VALIDATOR.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8")))]
    assert errors == []


def _checker_errors(text: str) -> list[str]:
    from lawgap.load import check_rule_text

    return [str(e) for e in check_rule_text(text, "x.yaml")[2]]


def _schema_errors(text: str) -> list[str]:
    return [e.message for e in VALIDATOR.iter_errors(yaml.safe_load(text))]


# Files whose mistakes only the checker can see: YAML-level duplicate keys (the
# parsed data keeps one value), IDs across files, what an override refers to.
CHECKER_ONLY = {"duplicate_keys.yaml", "bad_overrides.yaml", "syntax_error.yaml"}


@pytest.mark.parametrize("name", sorted(set(EXPECTED) - CHECKER_ONLY))
def test_schema_rejects_every_broken_file_the_checker_rejects(name: str) -> None:
    text = (REPO / BROKEN / name).read_text(encoding="utf-8")
    assert _checker_errors(text)
    assert _schema_errors(text)


GOOD_RULE: dict[str, Any] = {
    "id": "MY-01", "title": "t", "category": "juvenile-justice", "severity": "high", "source": "s",
    "rationale": "r", "suggestion": "s",
    "elements": [{"name": "a", "core": True, "terms": {"en": ["education"], "ru": ["образование"]}},
                 {"name": "b", "terms": ["custody"]}],
    "partial": [{"label": "l", "terms": ["subject to resources"]}],
    "examples": [{"expect": "covered", "text": "x", "note": "n"}],
}


def _mutated(path: tuple[Any, ...], value: Any) -> str:
    rule = json.loads(json.dumps(GOOD_RULE))
    target = rule
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return yaml.safe_dump({"rules": [rule]}, allow_unicode=True)


MUTATIONS = [
    (("title",), KeyError), (("title",), 5), (("title",), "  "), (("id",), "rv-1"), (("severity",), "urgent"),
    (("category",), "violence"), (("modality",), "must"), (("definition",), "yes"), (("elements",), []),
    (("elements",), {"name": "a"}), (("elements", 0, "terms"), []), (("elements", 0, "terms"), {}),
    (("elements", 0, "terms", "en"), []), (("elements", 0, "terms", "english"), ["x"]),
    (("elements", 1, "terms", 0), ""), (("elements", 1, "terms", 0), 3), (("elements", 0, "core"), "true"),
    (("elements", 0, "cor"), True), (("elements", 0, "name"), KeyError), (("partial", 0, "terms"), None),
    (("examples", 0, "expect"), "coverd"), (("examples", 0, "text"), KeyError), (("examples",), "covered"),
    (("severty",), "high"),
]


def test_checker_and_schema_agree_on_a_valid_rule() -> None:
    text = yaml.safe_dump({"rules": [GOOD_RULE]}, allow_unicode=True)
    assert _checker_errors(text) == [] and _schema_errors(text) == []


@pytest.mark.parametrize("path,value", MUTATIONS, ids=[f"{'.'.join(map(str, p))}={v!r}" for p, v in MUTATIONS])
def test_checker_and_schema_agree_on_each_mistake(path: tuple[Any, ...], value: Any) -> None:
    text = _mutated(path, value)
    assert _checker_errors(text), text
    assert _schema_errors(text), text


# ------------------------------------------------------------------ list / show


def test_rules_list_text_and_filters(in_repo: None) -> None:
    res = run("rules", "list", "--category", "juvenile-justice", "--severity", "critical")
    assert res.exit_code == 0
    lines = res.stdout.splitlines()
    assert lines[0].split() == ["ID", "CATEGORY", "SEVERITY", "TITLE"]
    assert [ln.split()[0] for ln in lines[1:-1]] == ["JJ-03", "JJ-04"]
    assert lines[1] == "JJ-03  juvenile-justice  critical  Children separated from adults in detention"
    assert lines[-1].startswith("2 rules (rulebook 0.1.0+")


def test_rules_list_json(in_repo: None) -> None:
    res = run("rules", "list", "-f", "json", "--category", "reporting-violence,general-principles")
    rows = json.loads(res.stdout)
    assert {r["id"][:2] for r in rows} == {"RV", "GP"}
    assert set(rows[0]) == {"id", "category", "severity", "title", "source", "origin", "overridden_by"}
    assert rows[0]["origin"].startswith("rules/") and rows[0]["overridden_by"] == []


def test_rules_list_unknown_category_is_usage_error(in_repo: None) -> None:
    res = run("rules", "list", "--category", "juvenile-justise")
    assert res.exit_code == 2
    assert res.stderr == "lawgap: error: unknown category 'juvenile-justise'; did you mean 'juvenile-justice'?\n"


def test_rules_show_explains_one_rule(in_repo: None) -> None:
    res = run("rules", "show", "rv-01")
    assert res.exit_code == 0
    out = res.stdout
    assert out.startswith("RV-01: Professionals must report suspected violence, abuse or neglect\n"
                          "  category: reporting-violence    severity: critical    modality: binding\n")
    for part in ("  source: CRC art. 19(2)", "  defined in: rules/reporting-violence.yaml:5", "  Rationale:",
                 "    - report (core): report; notify;", "  Partial when:", "    - internal reporting only:",
                 "  Drafting suggestion:", "  Examples (", "    [partial] "):
        assert part in out
    assert "[from " not in out and "changed by" not in out
    res = run("rules", "show", "RV-1")
    assert res.exit_code == 2 and "did you mean RV-01?" in res.stderr


# ------------------------------------------------------------------ overrides, end to end

OVERRIDES = """\
overrides:
  - id: RV-01
    severity: high
    extra_terms:
      report: [tell the police]
    partial:
      - label: only on request
        terms: [upon request]
    examples:
      - expect: partial
        text: A teacher may report suspected abuse of a pupil to the police.
  - id: RV-05
    disabled: true
rules:
  - id: MY-01
    title: Children in custody receive education
    category: juvenile-justice
    severity: low
    source: CRC art. 37(c)
    rationale: Detained children keep the right to education.
    suggestion: Every juvenile in custody shall be provided with education.
    elements:
      - name: detained child
        core: true
        terms: [juvenile in custody]
      - name: education
        core: true
        terms: [education]
    examples:
      - expect: covered
        text: Every juvenile in custody shall be provided with education.
      - expect: missing
        text: Every juvenile in custody shall be kept apart from adults.
"""

STATUTE = """\
# title: Test Act
Article 1. Reports
1. Teachers shall tell the police of any suspected abuse of a child.
Article 2. Custody
1. Every juvenile in custody shall be provided with education.
"""


@pytest.fixture
def user_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my.yaml").write_text(OVERRIDES, encoding="utf-8")
    (tmp_path / "act.txt").write_text(STATUTE, encoding="utf-8")
    return tmp_path


def test_check_with_user_rules_and_overrides(user_rules: Path) -> None:
    res = run("check", "act.txt", "--rules", "my.yaml", "--select", "RV-01,RV-05,MY-01", "-f", "json",
              "--show-covered", "--fail-on", "none")
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    got = {r["id"]: (r["status"], r["severity"]) for r in report["results"]}
    # "tell the police" only exists as an extra term; RV-05 is disabled
    assert got == {"MY-01": ("covered", "low"), "RV-01": ("covered", "high")}
    assert "my.yaml" in report["rulebook"]["files"]


def test_rules_show_gives_merged_rule_and_provenance(user_rules: Path) -> None:
    res = run("rules", "show", "RV-01", "--rules", "my.yaml")
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[1] == "  category: reporting-violence    severity: high (was critical; set by my.yaml:2)    " \
                       "modality: binding"
    assert lines[3].startswith("  defined in: ") and lines[3].endswith("rules/reporting-violence.yaml:5")
    assert lines[4] == "  changed by: my.yaml:2 (overrides)"
    report = next(ln for ln in lines if ln.startswith("    - report (core): "))
    assert report.endswith("; несообщения; + tell the police   [from my.yaml:2]")
    assert "    - only on request: upon request   [from my.yaml:2]" in lines
    assert lines[-1] == ("    [partial] A teacher may report suspected abuse of a pupil to the police."
                         "   [from my.yaml:2]")
    res = run("rules", "show", "RV-05", "--rules", "my.yaml")
    assert res.exit_code == 0
    assert res.stdout.startswith("RV-05: disabled by my.yaml:12 (defined at ")
    res = run("rules", "show", "MY-01", "--rules", "my.yaml")
    assert "  defined in: my.yaml:15" in res.stdout.splitlines()


def test_rules_list_marks_overridden_and_disabled_rules(user_rules: Path) -> None:
    res = run("rules", "list", "--rules", "my.yaml", "--category", "reporting-violence")
    lines = res.stdout.splitlines()
    assert lines[1].startswith("RV-01*  reporting-violence  high ")
    assert not any(ln.startswith("RV-05") for ln in lines[:-1])
    assert lines[-2].endswith("; * changed by an override (lawgap rules show ID says how)")
    assert lines[-1] == "RV-05 disabled by my.yaml:12"
    rows = json.loads(run("rules", "list", "--rules", "my.yaml", "-f", "json", "--category",
                          "reporting-violence").stdout)
    assert rows[0]["overridden_by"] == ["my.yaml:2"]


def test_rules_validate_and_test_a_user_file_alone(user_rules: Path) -> None:
    res = run("rules", "validate", "my.yaml")
    assert res.exit_code == 0 and res.stdout == "ok: 1 rule(s), 2 override(s) in 1 file(s)\n"
    res = run("rules", "test", "my.yaml")  # MY-01 and the overridden RV-01, not the whole built-in book
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[-1].endswith(" failed (2 rules)")
    assert res.stdout.splitlines()[-1].startswith(f"{2 + len(load_rulebook().get('RV-01').examples) + 1} passed, 0")


def test_bad_override_stops_check_with_its_position(user_rules: Path) -> None:
    (user_rules / "bad.yaml").write_text("overrides:\n  - id: RV-01\n    extra_terms:\n      reprot: [x]\n",
                                         encoding="utf-8")
    res = run("check", "act.txt", "--rules", "bad.yaml")
    assert res.exit_code == 2
    assert res.stderr == "lawgap: error: bad.yaml:4:7: rule RV-01 has no element 'reprot'; did you mean 'report'?\n"


# ------------------------------------------------------------------ rules test


def test_rules_test_passes_on_the_builtin_rulebook(in_repo: None) -> None:
    res = run("rules", "test")
    assert res.exit_code == 0, res.stdout[-2000:]
    assert res.stdout.splitlines()[-1].endswith(" 0 failed (45 rules)")


def test_rules_test_fails_with_an_element_level_explanation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (REPO / "rules" / "reporting-violence.yaml").read_text(encoding="utf-8")
    at = text.index("expect: partial")
    line = text.count("\n", 0, at) + 1
    (tmp_path / "rv.yaml").write_text(text[:at] + "expect: covered" + text[at + len("expect: partial"):],
                                      encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    res = run("rules", "test", "rv.yaml", "--coverage")
    assert res.exit_code == 1
    lines = res.stdout.splitlines()
    assert lines[:7] == [
        f"FAIL RV-01 example 3 at rv.yaml:{line}: expected covered, got partial",
        "     text: A teacher may report suspected abuse of a pupil to the head of the school.",
        "     duty-bearer: found (teacher)",
        "     report [core]: found (report)",
        "     child: found (pupil)",
        "     violence, abuse or neglect of a child [core]: found (abuse)",
        "     note: permissive or hortatory wording: 'may'",
    ]
    assert "     note: internal reporting only" in lines
    assert lines[-1].endswith(" passed, 1 failed (7 rules)")


# ------------------------------------------------------------------ init


def test_init_scaffolds_a_folder_where_check_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "work"
    res = run("init", str(target))
    assert res.exit_code == 0, res.output
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()) == [
        "lawgap.toml", "rules/lawgap-rules.schema.json", "rules/my-rules.yaml",
        "statutes/us-18usc-5033-5036-excerpt.txt"]
    statute = (target / "statutes/us-18usc-5033-5036-excerpt.txt").read_text(encoding="utf-8")
    assert statute.startswith("# title: Juvenile Delinquency, 18 U.S.C. chapter 403")
    assert "# source: US Code title 18 chapter 403" in statute and "# licence: public domain" in statute
    monkeypatch.chdir(target)
    res = run("check", "--select", "MY-01,JJ-09", "--show-covered", "-f", "json")
    assert res.exit_code in (0, 1), res.output
    report = json.loads(res.stdout)
    assert [s["path"] for s in report["statutes"]] == ["statutes/us-18usc-5033-5036-excerpt.txt"]
    assert {r["id"]: r["status"] for r in report["results"]}["MY-01"] == "covered"
    res = run("rules", "validate")
    assert res.exit_code == 0 and res.stdout == "ok: 1 rule(s), 0 override(s) in 1 file(s)\n"
    res = run("rules", "test", "rules")
    assert res.exit_code == 0 and res.stdout == "3 passed, 0 failed (1 rule)\n"


def test_init_refuses_to_overwrite_unless_forced(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "my-rules.yaml").write_text("mine\n", encoding="utf-8")
    res = run("init", str(tmp_path))
    assert res.exit_code == 2
    assert res.stderr == (f"lawgap: error: {tmp_path}: rules/my-rules.yaml already exist(s); "
                          "use --force to overwrite\n")
    assert (tmp_path / "rules" / "my-rules.yaml").read_text(encoding="utf-8") == "mine\n"
    assert not (tmp_path / "lawgap.toml").exists()
    res = run("init", str(tmp_path), "--force")
    assert res.exit_code == 0
    assert (tmp_path / "rules" / "my-rules.yaml").read_text(encoding="utf-8") == EXAMPLE_RULE


def test_init_example_rule_is_valid_against_checker_and_schema() -> None:
    assert _checker_errors(EXAMPLE_RULE) == []
    assert _schema_errors(EXAMPLE_RULE) == []
    assert json.loads(scaffold_files()["rules/lawgap-rules.schema.json"]) == rule_file_schema()
    assert "yaml-language-server: $schema=lawgap-rules.schema.json" in EXAMPLE_RULE


def test_copied_builtin_folder_tests_on_its_own(tmp_path: Path) -> None:
    """`rules test PATH` on a copy of the built-in rules does not clash with the built-in rulebook."""
    shutil.copy(REPO / "rules" / "child-health.yaml", tmp_path / "ch.yaml")
    res = run("rules", "test", str(tmp_path))
    assert res.exit_code == 0, res.output


# ------------------------------------------------------------------ docs


def _yaml_block(doc: str, starts: str) -> str:
    text = (REPO / doc).read_text(encoding="utf-8")
    at = text.index("```yaml\n" + starts) + len("```yaml\n")
    return text[at:text.index("```", at)]


def test_readme_worked_example_is_valid_and_its_examples_pass(tmp_path: Path) -> None:
    (tmp_path / "my.yaml").write_text(_yaml_block("README.md", "# yaml-language-server"), encoding="utf-8")
    assert run("rules", "validate", str(tmp_path / "my.yaml")).exit_code == 0
    res = run("rules", "test", str(tmp_path / "my.yaml"))
    assert res.exit_code == 0 and res.stdout == "3 passed, 0 failed (1 rule)\n"


def test_docs_override_example_is_valid(tmp_path: Path) -> None:
    (tmp_path / "ov.yaml").write_text(_yaml_block("docs/rules.md", "overrides:"), encoding="utf-8")
    res = run("rules", "validate", str(tmp_path / "ov.yaml"))
    assert res.exit_code == 0, res.output
    assert res.stdout == "ok: 0 rule(s), 2 override(s) in 1 file(s)\n"


def _plain_tree(node: Any) -> Any:
    """A parsed rule file's nodes as plain values with their positions and styles."""
    value = node.value
    if isinstance(value, dict):
        value = {k: (_plain_tree(kn), _plain_tree(vn)) for k, (kn, vn) in value.items()}
    elif isinstance(value, list):
        value = [_plain_tree(n) for n in value]
    return (type(value).__name__, value, node.line, node.col, node.style)


def test_fast_rule_parse_equals_the_pure_python_loader() -> None:
    """libyaml's path (strings taken straight from nodes, aliases found while converting) gives the
    pure-Python loader's nodes for every bundled rule file, and leaves any file with an alias to it."""
    from lawgap.load import _SLOW, _Loader, _parse_fast, _to_nodes, package_data, rule_files

    extra = "x:\n  n: 3\n  f: 1.5\n  b: true\n  z: null\n  d: 2024-01-02\n  q: '7'\n  l: [a, \"b\"]\n  t: |\n    x\n"
    texts = [p.read_text(encoding="utf-8-sig") for p in rule_files([package_data("rules")])] + [extra]
    for text in texts:
        fast = _parse_fast(text, "f.yaml")
        assert fast is not _SLOW
        loader = _Loader(text)
        try:
            plain = _to_nodes(loader.get_single_node(), loader, "f.yaml", [])
        finally:
            loader.dispose()
        assert _plain_tree(fast) == _plain_tree(plain)
    for aliased in ("a: &x 1\nb: *x\n", "&k a: 1\n*k : 2\n", "a: &x {q: 1}\nb: {<<: *x}\n", "x: &a\n  - *a\n"):
        assert _parse_fast(aliased, "f.yaml") is _SLOW
