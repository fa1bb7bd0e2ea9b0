"""The core pipeline end to end: load, segment, match, judge, report, CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import lawgap
import lawgap.report
from lawgap.cli import main
from lawgap.load import decode, read_text
from lawgap.match import Index
from lawgap.models import Element, Rule
from lawgap.ruletest import judge_text
from lawgap.segment import segment

ROOT = Path(__file__).resolve().parent.parent
STATUTES = ROOT / "statutes"
BUNDLED = sorted(STATUTES.rglob("*.txt"))
IDS = [line.split("|")[0].strip() for line in (ROOT / "tests" / "fixtures" / "obligation-ids.txt").read_text(
    encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]


@pytest.fixture(scope="module")
def full_report() -> lawgap.models.Report:
    return lawgap.check([STATUTES])


def test_bundled_statutes_and_catalogue() -> None:
    assert len(BUNDLED) == 5
    assert len(IDS) == 45
    book = lawgap.load_rules()
    assert sorted(r.id for r in book.rules) == sorted(IDS)


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_each_bundled_statute_reports_every_obligation(path: Path) -> None:
    report = lawgap.check([path])
    data = json.loads(lawgap.report.render(report, "json"))
    assert [r["id"] for r in data["results"]] == sorted(IDS, key=lambda i: (i.rsplit("-", 1)[0], int(i[-2:])))
    assert {r["status"] for r in data["results"]} <= {"covered", "partial", "missing"}
    for r in data["results"]:
        for e in r["evidence"]:
            # The quote starts on the line it says, in the file as given.
            line = path.read_text(encoding="utf-8").splitlines()[e["line"] - 1]
            assert " ".join(line.split())[:20] in e["text"] or e["text"][:20] in " ".join(line.split())


def test_segmenter_reads_real_numbering() -> None:
    admin = segment(read_text((STATUTES / "kz" / "kz-code-admin-offences-2014-ru-minors.txt").read_bytes(), "a"))
    cites = [u.citation for u in admin.units]
    assert "Статья 69" in cites  # written with a Latin "C" in the source
    assert "Статья 127-1" in cites
    capta = segment(read_text((STATUTES / "us" / "us-42usc-ch67-capta.txt").read_bytes(), "c"))
    assert "§ 5106a" in [u.citation for u in capta.units]
    crc = segment(read_text((STATUTES / "intl" / "un-crc-1989-en.txt").read_bytes(), "crc"))
    assert [u.citation for u in crc.units if u.citation.startswith("Article")][:3] == [
        "Article 1", "Article 2", "Article 3"]
    assert crc.units[0].kind == "preamble"
    assert admin.title.startswith("Кодекс Республики Казахстан")


def test_segment_keeps_every_character_of_text() -> None:
    doc = read_text(b"Article 1\nText one.\n\n(a) item shall:\n(i) sub", "x.txt")
    st = segment(doc)
    joined = "\n".join(p.text for u in st.units for p in u.paragraphs)
    assert "Text one." in joined and "(i) sub" in joined
    items = st.units[0].paragraphs
    assert items[-1].lead_in == 1


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1251"])
def test_decodings(encoding: str) -> None:
    text = "Статья 1. Ребенок имеет право на защиту от насилия.\n"
    assert decode(text.encode(encoding), "x").strip() == text.strip()


def test_invalid_encoding_is_an_error() -> None:
    with pytest.raises(lawgap.errors.InputError, match="not valid UTF-8"):
        decode(b"\x81\x98\xff\xfe abc \x9a\x9b\x9c\x9d" * 5, "bad.txt")


RV = Rule(id="T-1", title="report", category="reporting-violence", severity="critical", source="s",
          rationale="r", suggestion="s", elements=(
              Element("report", ("report", "notify", "сообщить", "уведомить"), core=True),
              Element("violence", ("abuse", "violence", "насилие", "жестокое обращение"), core=True)))


@pytest.mark.parametrize("text,status", [
    ("Teachers shall immediately reprot any suspected abuse of a child.", "covered"),   # typo
    ("A teacher who notifies the police of violence against a pupil must do so in writing.", "covered"),
    ("Педагоги обязаны незамедлительно уведомлять органы внутренних дел о фактах насилия.", "covered"),
    ("Органы образования сообщают в полицию о жестоком обращении с детьми.", "covered"),  # present tense
    ("A teacher may report suspected abuse.", "partial"),
    ("Граждане вправе сообщить о насилии в отношении ребенка.", "partial"),
    ("A teacher is not required to report suspected abuse.", "missing"),
    ("Teachers shall respect the dignity of pupils.", "missing"),
    ("No person may withhold a report of abuse from the police.", "covered"),  # a prohibition binds
    ("It is the duty of every teacher to report abuse.", "covered"),
    ("Where practicable, a teacher shall report abuse.", "partial"),
])
def test_matcher_inflection_typos_modality(text: str, status: str) -> None:
    assert judge_text(RV, text).status == status


@pytest.mark.parametrize("text", [
    "In this part, the term 'report' means a report of abuse or violence.",
    "For purposes of this section, the term \"reporter\" means a person who must report abuse.",
])
def test_definitions_after_a_scope_phrase_do_not_count(text: str) -> None:
    assert judge_text(RV, f"Section 2. Terms\n\n(a) {text}\n").status == "missing"


def test_a_rule_of_construction_states_no_duty() -> None:
    text = ("Sec. 9. Rule of construction\n\nNothing in this Act shall be construed\n\n"
            "(1) to require that teachers report abuse.\n")
    assert judge_text(RV, text).status == "missing"


def test_headings_and_definitions_do_not_count() -> None:
    text = ("Article 1. Definitions\n\n'Report' means a report of abuse.\n\n"
            "Article 2. Reporting of abuse and violence\n\nThis article applies to schools.\n")
    assert judge_text(RV, text).status == "missing"


@pytest.mark.parametrize("item,status", [
    ("(b) Reporting of child abuse and violence", "missing"),  # a subsection's title line names, never states
    ("(b) Reports of abuse and violence shall be made to", "covered"),  # a lead-in whose dash was lost
    ("(b) A teacher shall report abuse and violence", "covered"),  # a sentence without its full stop still binds
])
def test_subsection_title_lines_do_not_count(item: str, status: str) -> None:
    text = f"Section 3. Duties\n\n(a) Teachers and doctors.\n\n{item}\n\n(1) the police.\n"
    assert judge_text(RV, text).status == status


@pytest.mark.parametrize("term,text", [("offence", "It is an offense to abuse a child."),
                                       ("behaviour", "The behavior of the child was examined."),
                                       ("organise", "The State shall organize services.")])
def test_british_and_american_spellings_match(term: str, text: str) -> None:
    index = Index([segment(read_text(text.encode("utf-8"), "<t>"))])
    assert index.find(term)


def test_russian_instrumental_plural_in_mi_stems_like_the_other_cases() -> None:
    from lawgap.text import stem
    assert stem("детьми") == stem("дети")
    assert stem("людьми") == stem("люди")


@pytest.mark.parametrize("text", ["Сообщение направляется уполномоченному органу.",
                                  "Сообщение рассматривается уполномоченным органом.",
                                  "Сообщение направляется в уполномоченный орган."])
def test_russian_nominative_cut_deeper_still_matches_other_cases(text: str) -> None:
    # Snowball stems «орган» to «орга» but «органом» to «орган»: the term's own word joins them.
    index = Index([segment(read_text(text.encode("utf-8"), "<t>"))])
    assert index.find("уполномоченный орган")


@pytest.mark.parametrize("text,found", [
    ("Органы ведут государственный учет детей.", True),
    ("Орган вносит запись о государственной регистрации рождения ребенка.Учет мнения родителя не обязателен.", False),
    ("Орган ведет государственный; учет не обязателен.", False),
])
def test_phrase_words_must_share_a_sentence(text: str, found: bool) -> None:
    index = Index([segment(read_text(text.encode("utf-8"), "<t>"))])
    assert bool(index.find("государственный учет")) is found


@pytest.mark.parametrize("text,status", [
    ("The Secretary shall report each year as the Child Abuse Prevention and Treatment Act requires.", "missing"),
    ("The Secretary shall report each year on child abuse and neglect as the Treatment Act requires.", "covered"),
    ("The Secretary shall report each year to the National Council on Child Abuse and Neglect.", "covered"),
    ("Each State Party shall report violence against children.", "covered"),  # a sentence opening, not a name
])
def test_terms_inside_proper_names_do_not_count(text: str, status: str) -> None:
    assert judge_text(RV, text).status == status


@pytest.mark.parametrize("text,status", [
    ("Статья 5. Сообщения\n\n1. Педагоги обязаны сообщать о насилии в отношении ребенка.\n\n"
     "2. Положения пункта 1 настоящей статьи не применяются к педагогам частных школ.", "partial"),
    ("Section 3. Reports\n\n(a) Teachers shall report abuse of a child.\n\n"
     "(b) Subsection (a) does not apply to teachers in religious schools.", "partial"),
    ("Section 3. Reports\n\n(a) Teachers shall report abuse of a child.\n\n"
     "(b) This section does not apply to volunteers.", "partial"),
    ("Section 3. Reports\n\n(a) Teachers shall report abuse of a child.\n\n"
     "(b) Subsection (c) does not apply to volunteers.", "covered"),  # another paragraph is switched off
    ("Статья 5. Сообщения\n\n1. Педагоги обязаны сообщать о насилии в отношении ребенка.\n\n"
     "2. На закупки школ не распространяется законодательство о государственных закупках.", "covered"),
])
def test_a_paragraph_switched_off_elsewhere_in_its_article_is_partial(text: str, status: str) -> None:
    """Catalogue §3.2, distant negation."""
    assert judge_text(RV, text).status == status


RV_TO_POLICE = Rule(id="T-2", title="report to police", category="reporting-violence", severity="critical", source="s",
                   rationale="r", suggestion="s", elements=(*RV.elements, Element("recipient", ("police",))))


@pytest.mark.parametrize("item,status", [
    ("(a) Grants under this section may be used to train teachers to report abuse.", "missing"),
    ("(a) Grants under this section may be used to train teachers to report abuse to the police.", "partial"),
])
def test_a_funded_activity_naming_only_the_core_is_not_coverage(item: str, status: str) -> None:
    text = f"Section 5. Grants to States\n\n{item}\n"
    assert judge_text(RV_TO_POLICE, text).status == status


def test_repealed_text_does_not_count() -> None:
    text = "Статья 5. Сообщения\n\n1. исключен Законом РК от 01.01.2020 (педагоги обязаны сообщить о насилии)."
    assert judge_text(RV, text).status == "missing"


def test_reports_are_deterministic(tmp_path: Path) -> None:
    runner = CliRunner()
    outs = []
    for i in range(2):
        out = tmp_path / f"r{i}.json"
        res = runner.invoke(main, ["check", str(STATUTES / "kz"), "-q", "-o", str(out), "--fail-on", "none"])
        assert res.exit_code == 0, res.output
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_cli_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(main, ["check", str(tmp_path / "nope")])
    assert res.exit_code == 2 and "nope" in res.output and "Traceback" not in res.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - id: X-1\n    title: t\n    severity: huge\n    category: child-health\n"
                   "    source: s\n    rationale: r\n    suggestion: s\n    elements: [{name: a, terms: [x]}]\n",
                   encoding="utf-8")
    res = runner.invoke(main, ["check", str(STATUTES / "kz"), "--rules", str(bad)])
    assert res.exit_code == 2
    assert f"{bad.as_posix()}:4:15: severity 'huge' is not one of" in res.output
    res = runner.invoke(main, ["check", str(STATUTES / "us"), "--fail-on", "none", "-q"])
    assert res.exit_code == 0
    res = runner.invoke(main, ["check", str(STATUTES / "us"), "--fail-on", "low", "-q"])
    assert res.exit_code == 1


def test_select_and_ignore() -> None:
    r = lawgap.check([STATUTES / "kz"], select=["reporting-violence"], ignore=["RV-07"])
    assert [v.rule_id for v in r.verdicts] == ["RV-01", "RV-02", "RV-03", "RV-04", "RV-05", "RV-06"]


def test_text_report_shows_evidence(full_report: lawgap.models.Report) -> None:
    from lawgap.report import RenderOptions, render

    text = render(full_report, "text", RenderOptions(verbose=True, show_covered=True))
    assert "covered" in text and "missing" in text and "statutes/kz/" in text
    assert text.strip().splitlines()[-1].startswith(tuple("0123456789"))


def test_python_m_and_version() -> None:
    out = subprocess.run([sys.executable, "-m", "lawgap", "--version"], capture_output=True, text=True, check=True)
    assert lawgap.__version__ in out.stdout


def test_check_without_paths_uses_bundled_statutes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(main, ["check", "--select", "GP-01"])
    assert res.exit_code in (0, 1)
    assert "bundled sample statutes" in res.output
    assert "un-crc-1989-en.txt" in res.output


def test_select_that_matches_nothing_is_an_error() -> None:
    res = CliRunner().invoke(main, ["check", str(STATUTES / "kz"), "--select", "XX-01"])
    assert res.exit_code == 2 and "matches no rule" in res.output


def test_readme_in_a_statute_folder_is_not_read_as_law(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("Teachers shall report abuse to the police.", encoding="utf-8")
    (tmp_path / "act.txt").write_text("Article 1\n\nChildren have rights.", encoding="utf-8")
    report = lawgap.check([tmp_path], select=["RV-01"])
    assert [s.path.rsplit("/", 1)[-1] for s in report.statutes] == ["act.txt"]


def test_report_files_never_carry_terminal_colour(tmp_path: Path) -> None:
    from lawgap.cli import write_outputs
    from lawgap.report import RenderOptions

    report = lawgap.check([STATUTES / "kz"], select=["RV-01"])
    out = tmp_path / "r.txt"
    write_outputs(report, [("text", out)], RenderOptions(color=True))
    assert "\x1b[" not in out.read_text(encoding="utf-8")


def test_new_paragraph_equals_the_dataclass_constructor() -> None:
    """The segmenter's fast constructor gives an equal, equally hashed and still frozen Paragraph."""
    import dataclasses

    from lawgap.models import Paragraph
    from lawgap.segment import new_paragraph

    for args in (("(a) text", 3, None, 1, True, False), ("x", 1, 7, None, False, True)):
        fast, plain = new_paragraph(*args), Paragraph(*args)
        assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
        assert dataclasses.astuple(fast) == args
        with pytest.raises(dataclasses.FrozenInstanceError):
            fast.text = "changed"  # type: ignore[misc]


def test_disapply_openers_rule_out_only_paragraphs_without_disapply_markers() -> None:
    """The judge skips finding markers where no word opens a "disapply" phrase: those paragraphs have none,
    and every paragraph that has one holds an opener (so the skip changes no reading)."""
    from lawgap.judge import Judge
    from lawgap.load import read_document

    statutes = [segment(read_document(p, str(p), 10**8)) for p in BUNDLED]
    judge = Judge(Index(statutes))
    openers = judge._disapply_openers
    assert openers
    found = 0
    for pid, toks in enumerate(judge.index.tokens):
        if judge.markers(pid).get("disapply"):
            found += 1
            assert not openers.isdisjoint(toks)
    assert found


def _folding_sources(letters: set[str]) -> dict[str, list[str]]:
    """Every character that normalize (one character alone) and fix_scripts may turn into each of ``letters``."""
    from lawgap.text import _CHARS, _LATIN_TO_CYRILLIC

    sources: dict[str, list[str]] = {}
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        c = chr(code)
        n = (c.translate(_CHARS).lower() or " ")[0]  # as normalize folds one character
        for folded in {n, n.translate(_LATIN_TO_CYRILLIC)}:  # and fix_scripts, in a word with Cyrillic
            if folded in letters:
                sources.setdefault(folded, []).append(c)
    return sources


def test_repeal_prefilter_accepts_every_spelling_the_normaliser_folds() -> None:
    """``_REPEAL_CANDIDATE`` runs on raw text, so it must accept each character that folds to a repeal phrase's."""
    from lawgap.segment import _REPEAL_CANDIDATE, _REPEALED_START

    phrases = ("исключен", "утратила", "repealed", "omitted", "reserved", "сноска. исключено", "2-1) утратил",
               "(ab) [repealed", "статья 5 исключена", "глава 2 исключена", "1. исключен", "(утратил")
    letters = set("".join(phrases))
    sources = _folding_sources(letters)
    for phrase in phrases:
        assert _REPEALED_START.match(phrase), phrase
        for i, letter in enumerate(phrase):
            for c in sources[letter]:
                assert _REPEAL_CANDIDATE.match(" " + phrase[:i] + c + phrase[i + 1:]), (phrase, c)


def test_heading_prefilter_accepts_every_spelling_the_normaliser_folds() -> None:
    """``_HEAD_CANDIDATE`` runs on raw text, so it must accept each character that folds to a heading word's letter."""
    from lawgap.segment import _HEAD_CANDIDATE

    words = ("§", "s.", "sec.", "section", "art.", "article", "chapter", "subchapter", "part", "title",
             "division", "статья", "ст.", "глава", "раздел")
    letters = set("".join(words))
    sources = _folding_sources(letters)
    for word in words:
        for i, letter in enumerate(word):
            for c in sources[letter]:
                assert _HEAD_CANDIDATE.match(" " + word[:i] + c + word[i + 1:]), (word, c)


def test_segmented_units_equal_the_dataclass_constructor() -> None:
    """The segmenter fills Unit field by field; the result equals, and hashes as, one built by Unit(...)."""
    import dataclasses

    from lawgap.load import read_document
    from lawgap.segment import segment

    path = next(p for p in sorted(STATUTES.rglob("*")) if p.suffix in {".txt", ".md"})
    units = segment(read_document(path, str(path))).units
    assert units
    for unit in units:
        plain = dataclasses.replace(unit)
        assert unit == plain and hash(unit) == hash(plain) and repr(unit) == repr(plain)
        with pytest.raises(dataclasses.FrozenInstanceError):
            unit.kind = "operative"  # type: ignore[misc]
