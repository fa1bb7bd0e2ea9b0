"""Readers for laws as they are published: DOCX, PDF, HTML, Akoma Ntoso and USLM XML.

Most fixtures are the bundled CRC written in each format by
scripts/make_format_fixtures.py, so every reader can be held to the same
standard: the paragraphs of the plain-text statute, and the same verdicts.
The AKN and USLM files under fixtures/formats/public/ are real published
documents (see the README there).
"""

from __future__ import annotations

import io
import re
import shutil
import sys
import zipfile
from pathlib import Path

import pytest

import lawgap
from lawgap.errors import InputError, MissingExtraError
from lawgap.load import read_document, read_text
from lawgap.models import Document
from lawgap.readers import sniff, unit_citation

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ROOT / "tests" / "fixtures" / "formats"
PUBLIC = FORMATS / "public"
CRC_TXT = ROOT / "statutes" / "intl" / "un-crc-1989-en.txt"
KZ_TXT = ROOT / "statutes" / "kz" / "kz-code-admin-offences-2014-ru-minors.txt"
CRC = {
    "txt": CRC_TXT,
    "docx": FORMATS / "crc.docx",
    "html": FORMATS / "crc.html",
    "pdf": FORMATS / "crc.pdf",
    "akn": FORMATS / "crc.akn.xml",
}
CRC_TITLE = "Convention on the Rights of the Child"


def read(path: Path) -> Document:
    return read_document(path, path.name)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def crc() -> dict[str, Document]:
    """Each CRC version read once (the PDF takes about a second)."""
    return {fmt: read(path) for fmt, path in CRC.items()}


@pytest.fixture(scope="module")
def crc_paragraphs(crc: dict[str, Document]) -> list[str]:
    return [flat(b.text) for b in crc["txt"].blocks]


# ------------------------------------------------------------------ sniffing


@pytest.mark.parametrize(
    ("suffix", "head", "expected"),
    [
        (".docx", b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml", "docx"),
        (".bin", b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "docx"),  # content wins over the name
        (".doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "docx"),  # legacy .doc: the DOCX reader explains
        (".docx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "pdf"),  # a PDF saved as .docx
        (".txt", b"%PDF-1.4\n", "pdf"),
        (
            ".xml",
            b'<?xml version="1.0"?>\n<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">',
            "xml",
        ),
        (".txt", b"<?xml version='1.0' encoding='utf-8'?><!-- c --><uscDoc xmlns='x'>", "xml"),
        (".xml", b"<!DOCTYPE html>\n<html><head>", "html"),  # act.xml that is really a web page
        (".html", b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">', "html"),
        (".htm", b"<!-- saved from url=(0040)https://adilet.zan.kz/rus/docs/ -->\n<HTML><HEAD>", "html"),
        (".akn", b'\xef\xbb\xbf<?xml version="1.0"?>\n<!DOCTYPE akomaNtoso [\n]>\n<akomaNtoso>', "xml"),
        (".xml", '<?xml version="1.0" encoding="UTF-16"?><act/>'.encode("utf-16"), "xml"),
        (".txt", b"# title: Law\n\nArticle 1\n\nText.", "text"),
        (".md", b"Article 1. Every child has the right", "text"),
        (".html", b"Just text in a file named .html", "html"),  # no markup: the extension decides
        (".pdf", b"not really a pdf", "pdf"),  # the PDF reader will say it is corrupt
        ("", b"", "text"),
    ],
)
def test_sniff(suffix: str, head: bytes, expected: str) -> None:
    assert sniff(suffix, head) == expected


@pytest.mark.parametrize(
    ("text", "citation"),
    [
        ("Article 12", "Article 12"),
        ("Статья 127-1. Невыполнение обязанности", "Статья 127-1"),
        ("Cтатья 69. Меры", "Статья 69"),  # Latin C, as in the Kazakh source
        ("§\u202f5031. Definitions", "§ 5031"),
        ("Sec. 101.", "Section 101"),
        ("Section 5", "Section 5"),
        ("articles 12 and 13 apply", None),
        ("1. States Parties shall", None),
    ],
)
def test_unit_citation(text: str, citation: str | None) -> None:
    assert unit_citation(text) == citation


# ------------------------------------------------- the same statute, all formats


@pytest.mark.parametrize("fmt", ["docx", "html", "pdf", "akn"])
def test_every_format_gives_the_plain_text_paragraphs(
    fmt: str, crc: dict[str, Document], crc_paragraphs: list[str]
) -> None:
    doc = crc[fmt]
    assert doc.title == CRC_TITLE
    assert doc.language == "en"
    assert doc.format == fmt
    assert [flat(b.text) for b in doc.blocks] == crc_paragraphs
    assert len(doc.blocks) == 248


def test_same_verdicts_for_txt_docx_html_pdf_akn() -> None:
    """The issue's acceptance test: the format never changes a status, for all 45 obligations."""
    book = lawgap.load_rules()
    assert len(book.rules) == 45
    statuses = {}
    units = {}
    for fmt, path in CRC.items():
        report = lawgap.check([path], book)
        statuses[fmt] = {v.rule_id: v.status for v in report.verdicts}
        units[fmt] = report.statutes[0].units
        assert report.statutes[0].format == ("text" if fmt == "txt" else fmt)
    assert len(statuses["txt"]) == 45
    for fmt in ("docx", "html", "pdf", "akn"):
        diff = {
            r: (statuses["txt"][r], statuses[fmt][r]) for r in statuses["txt"] if statuses[fmt][r] != statuses["txt"][r]
        }
        assert not diff, f"{fmt} changes verdicts: {diff}"
        assert units[fmt] == units["txt"]


def test_mixed_folder_in_one_run(tmp_path: Path) -> None:
    for name in ("crc.docx", "crc.pdf", "crc.akn.xml", "us-18usc-ch403.uslm.xml"):
        shutil.copy(FORMATS / name, tmp_path / name)
    shutil.copy(KZ_TXT, tmp_path / KZ_TXT.name)
    report = lawgap.check([tmp_path])
    formats = {Path(s.path).name: (s.format, s.units) for s in report.statutes}
    assert {name: fmt for name, (fmt, _units) in formats.items()} == {
        "crc.docx": "docx",
        "crc.pdf": "pdf",
        "crc.akn.xml": "akn",
        "us-18usc-ch403.uslm.xml": "uslm",
        KZ_TXT.name: "text",
    }
    assert all(units > 5 for _fmt, units in formats.values())
    assert len(report.verdicts) == 45


# ---------------------------------------------------------------------- DOCX


def test_docx_structure(crc: dict[str, Document]) -> None:
    doc = crc["docx"]
    heads = [b for b in doc.blocks if b.heading]
    assert [b.citation for b in heads] == [f"Article {n}" for n in range(1, 55)]
    lines = [b.line for b in doc.blocks]
    assert lines == sorted(lines) and lines[0] == 1  # paragraph numbers, in order
    assert ("author", "lawgap fixture script") in doc.meta


def test_docx_russian() -> None:
    doc = read(FORMATS / "kz-admin-offences.docx")
    txt = read(KZ_TXT)
    assert doc.language == "ru"
    assert doc.title.startswith("Кодекс Республики Казахстан")
    assert [flat(b.text) for b in doc.blocks] == [flat(b.text) for b in txt.blocks]
    cites = [b.citation for b in doc.blocks if b.heading and b.citation]
    assert "Статья 127-1" in cites and "Статья 65" in cites


def _docx_bytes(build) -> bytes:  # type: ignore[no-untyped-def]
    docx = pytest.importorskip("docx")
    document = docx.Document()
    build(document)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_docx_numbering_tables_and_tracked_changes() -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    def build(d) -> None:  # type: ignore[no-untyped-def]
        d.core_properties.title = ""
        d.add_paragraph("Every child has the right to be heard.", style="List Number")
        d.add_paragraph("States shall protect children.", style="List Number")
        table = d.add_table(rows=1, cols=2)
        table.cell(0, 0).text = "cell one"
        table.cell(0, 1).text = "cell two"
        p = d.add_paragraph("States shall ")
        p._p.append(
            parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>not </w:delText></w:r></w:del>')
        )
        p._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="2" w:author="a"><w:r><w:t>always </w:t></w:r></w:ins>'))
        p.add_run("report abuse.")

    doc = read_bytes("docx", _docx_bytes(build), "draft-law.docx")
    texts = [b.text for b in doc.blocks]
    assert texts == [
        "1. Every child has the right to be heard.",
        "2. States shall protect children.",
        "cell one",
        "cell two",
        "States shall always report abuse.",
    ]
    assert doc.title == "draft-law"  # no core title: the file name


def read_bytes(fmt: str, data: bytes, name: str) -> Document:
    import importlib

    return importlib.import_module(f"lawgap.readers.{fmt}").read(data, name)


def test_docx_bad_inputs(monkeypatch: pytest.MonkeyPatch) -> None:
    from lawgap.readers import docx as docx_reader

    with pytest.raises(InputError, match="corrupt DOCX"):
        read_bytes("docx", b"PK\x03\x04 this is not a zip", "a.docx")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("content.xml", "<office:document/>")
    with pytest.raises(InputError, match="not a Word document"):
        read_bytes("docx", buf.getvalue(), "b.docx")
    with pytest.raises(InputError, match=r"legacy Word \.doc"):
        read_bytes("docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "c.doc")
    # a zip bomb: a member that inflates far past the limit is refused before it is read
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"<" + b" " * 3_000_000 + b">")
    monkeypatch.setattr(docx_reader, "MAX_UNCOMPRESSED", 1_000_000)
    with pytest.raises(InputError, match="over the 1 MB limit"):
        read_bytes("docx", bomb.getvalue(), "bomb.docx")
    monkeypatch.undo()
    # an entity declaration inside the package
    evil = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO((FORMATS / "crc.docx").read_bytes())) as src, zipfile.ZipFile(evil, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY x "lol">]>', 1)
            dst.writestr(info, data)
    with pytest.raises(InputError, match="DTD"):
        read_bytes("docx", evil.getvalue(), "evil.docx")


def test_missing_extras_name_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "docx", None)
    with pytest.raises(MissingExtraError, match=r"lawgap\[docx\]"):
        read(FORMATS / "crc.docx")
    monkeypatch.setitem(sys.modules, "pdfminer.layout", None)
    with pytest.raises(MissingExtraError, match=r"lawgap\[pdf\]"):
        read(FORMATS / "crc.pdf")


# ----------------------------------------------------------------------- PDF


def test_pdf_pages_lines_and_running_heads(crc: dict[str, Document]) -> None:
    doc = crc["pdf"]
    assert ("pages", "17") in doc.meta
    pages = [b.page for b in doc.blocks]
    assert pages[0] == 1 and pages[-1] == 17 and pages == sorted(pages)
    assert doc.blocks[0].line == 2  # line 1 is the running header, dropped
    art12 = next(b for b in doc.blocks if b.text == "Article 12")
    assert art12.page is not None and art12.line > 1
    # the header repeats the title on every page and "Page N of 17" is at the foot: neither is statute text
    assert sum(b.text == CRC_TITLE for b in doc.blocks) == 1
    assert not any(re.search(r"Page \d+ of \d+", b.text) for b in doc.blocks)


def test_pdf_joins_hyphenated_line_ends(crc: dict[str, Document], crc_paragraphs: list[str]) -> None:
    from pdfminer.high_level import extract_text

    raw = extract_text(str(CRC["pdf"]))
    broken = re.findall(r"([A-Za-z]+)-\n+([a-z]+)", raw)
    assert len(broken) > 30  # the fixture really hyphenates
    text = " ".join(b.text for b in crc["pdf"].blocks)
    for left, right in broken:
        assert f"{left}-\n" not in text
        assert f"{left}{right}" in text or f"{left}-{right}" in text
    # compounds keep their own hyphen: "Secretary-/General", "well-/being", "non-/governmental"
    assert "Secretary-General" in text and "non-governmental" in text and "self-respect" in text
    assert "Secretary- General" not in text


def test_pdf_russian() -> None:
    doc = read(FORMATS / "kz-admin-offences.pdf")
    txt = [flat(b.text) for b in read(KZ_TXT).blocks]
    got = [flat(b.text) for b in doc.blocks]
    assert doc.language == "ru"
    assert len(got) == len(txt) == 111
    same = sum(a == b for a, b in zip(got, txt, strict=True))
    # one compound broken at its own hyphen ("административно-/территориальной") cannot be told from hyphenation
    assert same >= 110
    assert "ОТВЕТСТВЕННОСТЬ НЕСОВЕРШЕННОЛЕТНИХ" in got[1]  # an upper-case heading hyphenated and joined
    assert not any(re.fullmatch(r"- \d+ -", t) for t in got)


def test_pdf_without_text_layer_asks_for_ocr() -> None:
    with pytest.raises(InputError, match="no text layer; OCR it first"):
        read(FORMATS / "scanned-no-text.pdf")


def test_pdf_without_text_layer_exits_2() -> None:
    from click.testing import CliRunner

    from lawgap.cli import main

    result = CliRunner().invoke(main, ["check", str(FORMATS / "scanned-no-text.pdf")])
    assert result.exit_code == 2
    assert "OCR it first" in result.output + (result.stderr if result.stderr_bytes is not None else "")


def test_pdf_bad_inputs() -> None:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.text(20, 20, "Article 1. Every child has the right to be heard.")
    pdf.set_encryption(owner_password="owner", user_password="secret")
    with pytest.raises(InputError, match="encrypted PDF"):
        read_bytes("pdf", bytes(pdf.output()), "locked.pdf")
    with pytest.raises(InputError, match=r"corrupt or unreadable PDF|no text layer"):
        read_bytes("pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage", "broken.pdf")
    # restricted (owner password only) PDFs open without a password and are read
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.text(20, 20, "Article 1. Every child has the right to be heard.")
    pdf.set_encryption(owner_password="owner")
    doc = read_bytes("pdf", bytes(pdf.output()), "restricted.pdf")
    assert [b.text for b in doc.blocks] == ["Article 1. Every child has the right to be heard."]


def test_damaged_pdf_is_quiet(capfd: pytest.CaptureFixture[str]) -> None:
    """pdfminer's log lines about damaged streams must not reach the terminal."""
    data = bytearray(CRC["pdf"].read_bytes())
    for i in range(2000, len(data), 997):
        data[i] ^= 0x55
    try:
        read_bytes("pdf", bytes(data), "damaged.pdf")
    except InputError:
        pass
    assert capfd.readouterr().err == ""


# ---------------------------------------------------------------------- HTML


def test_html_main_text_only(crc: dict[str, Document]) -> None:
    doc = crc["html"]
    text = "\n".join(b.text for b in doc.blocks)
    for chrome in (
        "Treaty Collection Portal",
        "Skip to main content",
        "cookies",
        "Privacy policy",
        "Search",
        "Related documents",
        "Optional Protocol",
        "Share:",
        "dataLayer",
        "All rights reserved",
        "Home",
    ):
        assert chrome not in text
    assert ("page-title", f"{CRC_TITLE} | Treaty Collection Portal") in doc.meta


def test_html_anchors_citations_and_source_lines(crc: dict[str, Document]) -> None:
    doc = crc["html"]
    source = CRC["html"].read_text(encoding="utf-8").split("\n")
    heads = [b for b in doc.blocks if b.heading and b.citation]
    assert [b.citation for b in heads] == [f"Article {n}" for n in range(1, 55)]
    art12 = next(b for b in heads if b.citation == "Article 12")
    assert art12.anchor == "art_12"
    assert "<h3>Article 12</h3>" in source[art12.line - 1]
    para = doc.blocks[doc.blocks.index(art12) + 1]
    assert para.anchor == "art_12" and para.text.startswith("1. States Parties shall assure")
    assert para.text[:40] in source[para.line - 1]


def test_html_real_world_markup() -> None:
    page = (
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1251'>"
        "<title>Закон</title></head><body>\n"
        "<div id='menu'><a href='/'>Главная</a></div>\n"
        "<div class='doc'>\n"
        "<p><b>Статья 1.</b> Основные понятия<br>ребенок &ndash; лицо, не достигшее восемнадцати лет&nbsp;;\n"
        "<p>2. Государство обязано&hellip; защищать\n"
        "</div>\n"
        "<div class='footer-links'>© 2024</div>\n"
        "<script>document.write('<p>x</p>')</script>\n"
        "</body></html>\n"
    ).encode("cp1251")
    doc = read_bytes("html", page, "zakon.html")
    assert [b.text for b in doc.blocks] == [
        "Статья 1. Основные понятия",
        "ребенок – лицо, не достигшее восемнадцати лет ;",
        "2. Государство обязано… защищать",
    ]
    assert [b.line for b in doc.blocks] == [4, 4, 5]
    assert doc.language == "ru" and doc.title == "Закон"


# ----------------------------------------------------------------------- XML


def test_akn_structure_and_lines(crc: dict[str, Document]) -> None:
    doc = crc["akn"]
    source = CRC["akn"].read_text(encoding="utf-8").split("\n")
    heads = [b for b in doc.blocks if b.heading]
    assert [b.citation for b in heads] == [f"Article {n}" for n in range(1, 55)]
    assert [b.anchor for b in heads][:3] == ["art_1", "art_2", "art_3"]
    for b in heads:
        assert f'<article eId="{b.anchor}">' in source[b.line - 1]
    para = next(b for b in doc.blocks if b.anchor == "art_12__para_1")
    assert para.text.startswith("1. States Parties shall assure")
    assert "<num>1.</num>" in source[para.line - 1]
    point = next(b for b in doc.blocks if b.anchor == "art_24__para_2__point_a")
    assert point.text == "a. To diminish infant and child mortality;"


def test_akn_from_public_source() -> None:
    """South African Constitution (Laws.Africa markup): sections, eIds, num/heading citations."""
    doc = read(PUBLIC / "za-constitution-1996-excerpt.akn.xml")
    assert doc.format == "akn" and doc.language == "en"
    assert doc.title == "za-constitution-1996-excerpt"  # FRBRalias is "Untitled": fall back to the file
    heads = [b for b in doc.blocks if b.heading]
    assert [b.citation for b in heads] == [f"Section {n}" for n in (1, 2, 3, 7, 10, 11, 28)]
    s28 = heads[-1]
    assert s28.text == "Section 28. Children" and s28.anchor == "chp_2__sec_28"
    texts = [b.text for b in doc.blocks]
    assert "(d) to be protected from maltreatment, neglect, abuse or degradation;" in texts
    item = next(b for b in doc.blocks if b.text.startswith("(d) to be protected"))
    assert item.anchor == "chp_2__sec_28__subsec_1__list_1__item_d__p_1"
    assert "Chapter 2 Bill of Rights" in texts
    assert not any("substituted for the expression" in t for t in texts)  # editorial remark
    report = lawgap.check([PUBLIC / "za-constitution-1996-excerpt.akn.xml"])
    assert report.statutes[0].units >= 7


def test_uslm_from_public_source() -> None:
    """Public Law 113-44 as published by GPO (USLM 2.0 pLaw)."""
    doc = read(PUBLIC / "us-pl-113-44.uslm.xml")
    assert doc.format == "uslm"
    assert doc.title.startswith("Public Law 113–44: Making continuing appropriations")
    heads = [b for b in doc.blocks if b.heading]
    assert [b.citation for b in heads] == [f"Section {n}" for n in range(101, 107)]
    text = " ".join(b.text for b in doc.blocks)
    assert "127 STAT. 556" not in text  # page marker
    assert "Expiration date." not in text  # margin note
    assert "LEGISLATIVE HISTORY" not in text
    assert "(1) The payment of a death gratuity under sections 1475–1477" in text


def test_uslm_us_code_identifiers() -> None:
    doc = read(FORMATS / "us-18usc-ch403.uslm.xml")
    source = (FORMATS / "us-18usc-ch403.uslm.xml").read_text(encoding="utf-8").split("\n")
    heads = [b for b in doc.blocks if b.heading]
    assert heads[0].citation == "§ 5031" and heads[0].anchor == "/us/usc/t18/s5031"
    assert heads[0].text == "§ 5031. Definitions"
    assert len(heads) == 12  # §§ 5031-5043 without the repealed § 5041
    assert all(f'identifier="{b.anchor}"' in source[b.line - 1] for b in heads)
    text = " ".join(b.text for b in doc.blocks)
    assert "EDITORIAL NOTE" not in text and "5031. Definitions." not in text  # notes and toc skipped


def test_unknown_xml_dialect_is_read_with_a_warning() -> None:
    data = (
        b'<?xml version="1.0"?>\n<law>\n  <art n="1">\n'
        b"    <t>Every child has the right to <b>life</b>.</t>\n  </art>\n</law>\n"
    )
    doc = read_bytes("xml", data, "law.xml")
    assert doc.format == "xml"
    assert [(b.text, b.line) for b in doc.blocks] == [("Every child has the right to life.", 4)]
    warning = dict(doc.meta)["warning"]
    assert "unknown XML dialect" in warning and "<law>" in warning


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<akomaNtoso><act><body><p>&lol9;</p></body></act></akomaNtoso>
"""


def test_xml_entity_bomb_refused() -> None:
    with pytest.raises(InputError, match="entit"):
        read_bytes("xml", BOMB, "bomb.xml")


def test_xml_external_entity_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    for decl in (
        f'<!DOCTYPE a [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>',
        f'<!DOCTYPE a [<!ENTITY % p SYSTEM "{secret.as_uri()}"> %p;]>',
    ):
        data = f'<?xml version="1.0"?>\n{decl}\n<akomaNtoso><act><body><p>&xxe;</p></body></act></akomaNtoso>'
        with pytest.raises(InputError) as err:
            read_bytes("xml", data.encode(), "xxe.xml")
        assert "TOP-SECRET" not in str(err.value)


def test_xml_malformed_has_a_position() -> None:
    with pytest.raises(InputError, match="malformed XML") as err:
        read_bytes("xml", b"<akomaNtoso>\n<act>\n<p>text</act>\n", "broken.xml")
    assert err.value.line == 3


def test_read_text_fixture_is_the_plain_statute() -> None:
    """Guard for the fixtures: the CRC text file is what the other formats were made from."""
    doc = read_text(CRC_TXT.read_bytes(), CRC_TXT.name)
    assert doc.blocks[0].text == CRC_TITLE
    assert len(doc.blocks) == 248
