"""Property-based tests (hypothesis): what must hold for any input, not just the examples we thought of.

- arbitrary text or bytes never raise anything but a ``LawgapError`` in reading, segmenting,
  matching and judging;
- segmenting loses no text: every non-whitespace character after the metadata header is in
  a paragraph, except the heading lines that become citations;
- verdicts depend on the words, not on line endings, trailing whitespace or the order of files.

Kept small (``max_examples``) so the file runs in seconds; the fuzz targets in ``fuzz/`` go deeper.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import lawgap
from lawgap.errors import LawgapError
from lawgap.load import decode, read_text
from lawgap.models import Report, Rulebook
from lawgap.ruletest import judge_text
from lawgap.segment import heading_of, segment

ROOT = Path(__file__).resolve().parent.parent
BOOK: Rulebook = lawgap.load_rules()
FEW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that looks like statutes: headings, list markers, modal words, Cyrillic, odd whitespace.
LEGALISH = st.lists(st.one_of(
    st.text(max_size=40),
    st.sampled_from(["Article 1.", "Статья 12.", "§ 5106a.", "Section 3 Definitions", "Chapter II", "(a) ",
                     "1) ", "shall", "must", "may", "обязаны", "вправе", "report", "violence", "насилия",
                     "child", "ребенок", "not required to", "[Repealed]", "исключен", ":", "\n", "\n\n",
                     "\r\n", "\t", "\u00a0", "\u2028", "\ufeff", "ё", "# title: x\n"]),
), max_size=30).map("".join)


def _no_space(text: str) -> str:
    return "".join(text.split())


@FEW
@given(text=st.one_of(st.text(), LEGALISH), rule=st.sampled_from(BOOK.rules))
def test_any_text_reads_segments_and_judges_or_says_why(text: str, rule: object) -> None:
    try:
        verdict = judge_text(rule, text)  # type: ignore[arg-type]
    except LawgapError:
        return
    assert verdict.status in ("covered", "partial", "missing")


@FEW
@given(data=st.binary(max_size=2000), name=st.sampled_from(["x.txt", "x.md"]))
def test_any_bytes_decode_or_say_why(data: bytes, name: str) -> None:
    try:
        text = decode(data, name)
    except LawgapError as exc:
        assert str(exc).startswith(name + ": ")
        return
    text.encode("utf-8")  # decoded text is valid Unicode: no lone surrogates
    try:
        segment(read_text(data, name))
    except LawgapError:
        pass


@FEW
@given(text=LEGALISH)
def test_segmenting_keeps_every_character(text: str) -> None:
    assume("\x00" not in text)  # NUL bytes make the data binary or UTF-16 ("0\x00" is "0"), not this UTF-8 text
    try:
        doc = read_text(text.encode("utf-8"), "x.txt")
    except LawgapError:
        return
    body = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")[len(doc.meta):]
    assert _no_space("".join(b.text for b in doc.blocks)) == _no_space("".join(body))
    # Segmenting keeps every block's text, except the first line of a block it reads as a heading.
    expected = "".join((b.text.split("\n", 1)[1] if "\n" in b.text else "") if heading_of(b.text) else b.text
                       for b in doc.blocks)
    got = "".join(p.text for u in segment(doc).units for p in u.paragraphs)
    assert _no_space(got) == _no_space(expected)


# ------------------------------------------------------------ invariance


def _units() -> list[str]:
    """Articles of the bundled statutes as text, to build small realistic statutes from."""
    out = []
    for path in ("statutes/kz/kz-law-rights-of-child-2002-ru.txt", "statutes/intl/un-crc-1989-en.txt",
                 "statutes/us/us-42usc-ch67-capta.txt"):
        st_ = segment(read_text((ROOT / path).read_bytes(), path))
        for u in st_.units:
            if u.kind == "operative" and u.paragraphs and u.citation not in ("Preamble", "(text)"):
                out.append(f"{u.citation}. {u.heading}\n\n" + "\n\n".join(p.text for p in u.paragraphs[:6]))
    return out


UNITS = _units()


def _verdicts(report: Report) -> list[tuple[str, str, float]]:
    return [(v.rule_id, v.status, v.score) for v in report.verdicts]


def _check(files: list[tuple[str, str]], order: list[int], newline: str = "\n", trailing: str = "") -> Report:
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i in order:
            name, text = files[i]
            lines = [line + trailing for line in text.split("\n")]
            path = Path(tmp) / name
            path.write_bytes(newline.join(lines).encode("utf-8"))
            paths.append(path)
        return lawgap.check(paths, BOOK)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(picks=st.lists(st.lists(st.sampled_from(UNITS), min_size=1, max_size=6), min_size=2, max_size=3),
       trailing=st.sampled_from([" ", "\t", "  \t "]), data=st.data())
def test_verdicts_ignore_line_endings_trailing_space_and_file_order(
        picks: list[list[str]], trailing: str, data: st.DataObject) -> None:
    files = [(f"act{i}.txt", "# title: Act\n\n" + "\n\n".join(units)) for i, units in enumerate(picks)]
    order = list(range(len(files)))
    base = _verdicts(_check(files, order))
    assert _verdicts(_check(files, order, newline="\r\n")) == base
    assert _verdicts(_check(files, order, trailing=trailing)) == base
    shuffled = data.draw(st.permutations(order))
    assert _verdicts(_check(files, shuffled)) == base


def _regex_words(text: str) -> list[str]:
    """The words as the plain regex tokeniser gives them (what :func:`lawgap.text.word_list` must equal)."""
    from lawgap.text import WORD, _mixed, fix_script, normalize

    norm = normalize(text)
    found = WORD.findall(norm)
    return [fix_script(w) for w in found] if _mixed(norm) else found


def _regex_spans(text: str) -> tuple[list[int], list[int]]:
    """Word offsets as the plain regex gives them (what :func:`lawgap.text.spans` must equal)."""
    from lawgap.text import WORD, normalize

    found = [m.span() for m in WORD.finditer(normalize(text))]
    return [a for a, _b in found], [b for _a, b in found]


def test_fast_tokeniser_classes_every_ordinary_character_as_the_regex_does() -> None:
    """Outside the rare ranges, rapidfuzz's ``default_process`` keeps exactly the ``\\w`` characters (lower-cased)."""
    from lawgap.text import _RARE_CHAR, spans, word_list

    for cp in [*range(0x870), *range(0x2000, 0x2C00)]:
        c = chr(cp)
        if _RARE_CHAR.match(c):
            continue
        for text in (c, f"a{c}b", f"{c}{c.upper()} x", f"Ж{c}ж", f" {c}{c}.x  y{c}"):
            assert word_list(text) == _regex_words(text), hex(cp)
            assert spans(text) == _regex_spans(text), hex(cp)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(), LEGALISH, st.text(alphabet=st.characters(max_codepoint=0x3000))))
def test_fast_tokeniser_equals_the_regex(text: str) -> None:
    from lawgap.text import spans, word_list

    assert word_list(text) == _regex_words(text)
    assert spans(text) == _regex_spans(text)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(LEGALISH, st.lists(st.sampled_from(
    ["(a) ", "2. ", "[", "(", " ", "Repealed", "REPEALED", "omitted", "Reserved", "reserved.", "x", "1-2) "]),
    max_size=8).map("".join)))
def test_repeal_test_skips_the_regex_only_where_it_cannot_match(text: str) -> None:
    from lawgap.segment import _REPEALED_START, is_repealed
    from lawgap.text import fix_scripts, normalize

    assert is_repealed(text) == bool(_REPEALED_START.match(fix_scripts(normalize(text[:160]))))
