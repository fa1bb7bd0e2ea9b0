#!/usr/bin/env python3
"""Build the published-format fixtures in tests/fixtures/formats/ from the bundled statutes.

The same real statute is written as DOCX, HTML (with portal navigation and
footer around it), PDF (laid out line by line with hyphenation, a running
header and page numbers, as printed laws are) and Akoma Ntoso XML, so the
tests can check that every reader gives the same paragraphs and verdicts as
the plain text. Also builds a Russian DOCX and PDF, a US Code chapter as USLM,
and an image-only PDF (a "scan" without a text layer).

Run from the repository root (needs the ``test`` extra: python-docx, fpdf2,
Pillow, and the DejaVu Sans font for the Cyrillic PDF)::

    python scripts/make_format_fixtures.py

The outputs are committed, so the tests do not need fpdf2 or the font.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import sys
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "formats"
CRC = ROOT / "statutes" / "intl" / "un-crc-1989-en.txt"
KZ = ROOT / "statutes" / "kz" / "kz-code-admin-offences-2014-ru-minors.txt"
USC = ROOT / "statutes" / "us" / "us-18usc-ch403-juvenile-delinquency.txt"
FIXED_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/Library/Fonts")


def statute_blocks(path: Path) -> tuple[dict[str, str], list[str]]:
    """Header fields and the blank-line separated blocks of a bundled statute file."""
    meta: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").split("\n")
    i = 0
    while i < len(lines) and lines[i].startswith("# "):
        key, _, value = lines[i][2:].partition(":")
        meta[key.strip()] = value.strip()
        i += 1
    blocks, cur = [], []
    for line in lines[i:]:
        if line.strip():
            cur.append(line.strip())
        elif cur:
            blocks.append(" ".join(cur))
            cur = []
    if cur:
        blocks.append(" ".join(cur))
    return meta, blocks


ARTICLE = re.compile(r"^(Article \d+|Статья \d+(?:-\d+)?\.|Cтатья \d+(?:-\d+)?\.|§\s*\d+\.)")
PART = re.compile(r"^(PART [IVX]+|ОБЩАЯ ЧАСТЬ|ОСОБЕННАЯ ЧАСТЬ|Глава \d+\.|CHAPTER \d+)")
NUMBERED = re.compile(r"^(\d+)\.\s+(.*)$")
ITEM = re.compile(r"^(\(?[a-z]{1,4}[.)]|\([a-z]{1,4}\))\s+(.*)$")


# --------------------------------------------------------------------- DOCX


def make_docx(blocks: list[str], title: str, out: Path, language: str = "en") -> None:
    import docx
    from docx.shared import Pt

    doc = docx.Document()
    doc.core_properties.title = title
    doc.core_properties.author = "lawgap fixture script"
    doc.core_properties.language = language
    doc.core_properties.created = FIXED_DATE.replace(tzinfo=None)
    doc.core_properties.modified = FIXED_DATE.replace(tzinfo=None)
    for i, text in enumerate(blocks):
        if i == 0:
            doc.add_paragraph(text, style="Title")
        elif text in ("Preamble",) or PART.match(text):
            doc.add_heading(text, level=1)
        elif ARTICLE.match(text):
            doc.add_heading(text, level=2)
        else:
            p = doc.add_paragraph(text)
            if ITEM.match(text):
                p.paragraph_format.left_indent = Pt(18)
    buf = io.BytesIO()
    doc.save(buf)
    _stable_zip(buf.getvalue(), out)


def _stable_zip(data: bytes, out: Path) -> None:
    """Rewrite a zip with fixed member dates, so re-running the script changes nothing."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info))


# --------------------------------------------------------------------- HTML

HTML_HEAD = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title} | Treaty Collection Portal</title>
<link rel="stylesheet" href="/static/site.css">
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
<style>.article h3 {{ font-weight: bold; }}</style>
</head>
<body>
<a class="skip-link" href="#content">Skip to main content</a>
<div class="cookie-banner" role="dialog">This site uses cookies to improve your experience.
  <button>Accept</button></div>
<header class="site-header">
  <div class="logo"><a href="/">Treaty Collection Portal</a></div>
  <nav class="main-nav">
    <ul class="menu">
      <li><a href="/treaties">Treaties</a></li>
      <li><a href="/laws">National laws</a></li>
      <li><a href="/search">Search</a></li>
      <li><a href="/about">About the portal</a></li>
    </ul>
  </nav>
  <form class="search-form" action="/search"><input name="q" placeholder="Search laws"><button>Go</button></form>
</header>
<div class="page">
<nav class="breadcrumb"><a href="/">Home</a> &gt; <a href="/treaties">Treaties</a> &gt; Human rights</nav>
<aside class="sidebar">
  <h2>Related documents</h2>
  <ul><li><a href="/op1">Optional Protocol on the involvement of children in armed conflict</a></li>
  <li><a href="/op2">Optional Protocol on the sale of children</a></li></ul>
</aside>
<main id="content">
<article class="document">
"""

HTML_TAIL = """</article>
</main>
</div>
<div class="share-links">Share: <a href="#">E-mail</a> <a href="#">Print</a></div>
<footer class="site-footer">
  <p>&copy; 2026 Treaty Collection Portal. All rights reserved.</p>
  <p><a href="/privacy">Privacy policy</a> | <a href="/terms">Terms of use</a> | <a href="/contact">Contact</a></p>
</footer>
<script src="/static/analytics.js"></script>
</body>
</html>
"""


def make_html(blocks: list[str], title: str, out: Path, lang: str = "en") -> None:
    parts = [HTML_HEAD.format(title=html.escape(title), lang=lang)]
    open_section = False
    for i, text in enumerate(blocks):
        esc = html.escape(text, quote=False)
        if i == 0:
            parts.append(f"<h1>{esc}</h1>\n")
        elif text == "Preamble" or PART.match(text):
            if open_section:
                parts.append("</section>\n")
                open_section = False
            parts.append(f"<h2>{esc}</h2>\n")
        elif ARTICLE.match(text):
            if open_section:
                parts.append("</section>\n")
            anchor = "art_" + re.sub(r"\D+", "", text.split(".")[0])
            parts.append(f'<section class="article" id="{anchor}">\n<h3>{esc}</h3>\n')
            open_section = True
        elif ITEM.match(text):
            parts.append(f'<p class="item">{esc}</p>\n')
        else:
            parts.append(f"<p>{esc}</p>\n")
    if open_section:
        parts.append("</section>\n")
    parts.append(HTML_TAIL)
    out.write_text("".join(parts), encoding="utf-8")


# ---------------------------------------------------------------------- PDF

MM = 72 / 25.4


def _hyphen_split(word: str, room: float, width) -> tuple[str, str] | None:  # type: ignore[no-untyped-def]
    """Split ``word`` so that its head plus a hyphen fits ``room``; letters only, 3+ each side.

    A compound is broken after its own hyphen ("Secretary-/General"), as typesetters do.
    """
    if "-" in word.strip("-"):
        head, _, tail = word.partition("-")
        if head and tail and width(head + "-") <= room:
            return head + "-", tail
        return None
    m = re.match(r"^([^\W\d_]+)([,.;:)]*)$", word)
    if not m or len(m.group(1)) < 7:
        return None
    core = m.group(1)
    for cut in range(len(core) - 3, 2, -1):
        head = core[:cut] + "-"
        if width(head) <= room:
            return head, word[cut:]
    return None


def make_pdf(
    blocks: list[str], title: str, header: str, out: Path, font: str | None = None, footer: str = "Page {n} of {nb}"
) -> None:
    """Lay the statute out as a printed law: ragged right, hyphenated, header and page numbers."""
    total = _layout_pdf(blocks, title, header, None, font, footer, 0)
    _layout_pdf(blocks, title, header, out, font, footer, total)


def _layout_pdf(
    blocks: list[str], title: str, header: str, out: Path | None, font: str | None, footer: str, total: int
) -> int:
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title(title)
    pdf.set_author("lawgap fixture script")
    pdf.set_auto_page_break(False)
    if font:
        pdf.add_font("Body", "", font)
        pdf.add_font("Body", "B", font.replace(".ttf", "-Bold.ttf"))
        family = "Body"
    else:
        family = "Helvetica"
    left, right, top, bottom = 25.0, 185.0, 28.0, 272.0
    size, pitch, gap = 10.5, 5.0, 3.5
    pages = [0]
    y = [top]

    def new_page() -> None:
        pdf.add_page()
        pages[0] += 1
        pdf.set_font(family, "", 8.5)
        pdf.text(left, 14, header)
        pdf.text(left + 70, 287, footer.format(n=pages[0], nb=total))
        y[0] = top

    def width(s: str) -> float:
        return pdf.get_string_width(s)

    new_page()
    for i, text in enumerate(blocks):
        heading = i == 0 or ARTICLE.match(text) or PART.match(text) or text == "Preamble"
        style = "B" if heading else ""
        pdf.set_font(family, style, size + (1.5 if heading else 0))
        indent = 6.0 if ITEM.match(text) else 0.0
        words = text.split(" ")
        lines: list[tuple[str, float]] = []
        cur = ""
        while words:
            word = words.pop(0)
            cand = f"{cur} {word}" if cur else word
            room = right - left - indent
            if width(cand) <= room:
                cur = cand
                continue
            split = _hyphen_split(word, room - width(cur + " ") if cur else room, width)
            if split and cur:
                joined = f"{cur} {split[0]}"
                lines.append((joined, indent))
                words.insert(0, split[1])
                cur = ""
            elif cur:
                lines.append((cur, indent))
                cur = word
            else:
                lines.append((word, indent))
                cur = ""
        if cur:
            lines.append((cur, indent))
        if heading and y[0] + 3 * pitch > bottom:  # keep a heading with its first lines
            new_page()
        for line, ind in lines:
            if y[0] > bottom:
                new_page()
            pdf.set_font(family, style, size + (1.5 if heading else 0))
            pdf.text(left + ind, y[0], line)
            y[0] += pitch + (1.0 if heading else 0)
        y[0] += gap
    if out is not None:
        pdf.output(str(out))
    return pages[0]


def make_scanned_pdf(out: Path) -> None:
    """Two pages that are pictures of text, with no text layer: what a scanner produces."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_creation_date(FIXED_DATE)
    for page in (1, 2):
        img = Image.new("L", (620, 877), 255)
        draw = ImageDraw.Draw(img)
        y = 60
        for n in range(28):
            draw.text((50, y), f"Article {page * 10 + n // 4}. States Parties shall protect the child ({n})", fill=0)
            y += 26
        buf = io.BytesIO()
        img.convert("1").save(buf, format="PNG")
        pdf.add_page()
        pdf.image(buf, x=0, y=0, w=210, h=297)
    pdf.output(str(out))


# --------------------------------------------------------------- Akoma Ntoso


def make_akn(blocks: list[str], meta: dict[str, str], out: Path) -> None:
    """The CRC as Akoma Ntoso 3.0: parts, articles, numbered paragraphs and lettered points."""
    ind = "  "
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">',
        f'{ind}<act name="convention" contains="originalVersion">',
        f"{ind * 2}<meta>",
        f'{ind * 3}<identification source="#lawgap">',
        f"{ind * 4}<FRBRWork>",
        f'{ind * 5}<FRBRthis value="/akn/un/act/convention/1989-11-20/crc/!main"/>',
        f'{ind * 5}<FRBRuri value="/akn/un/act/convention/1989-11-20/crc"/>',
        f'{ind * 5}<FRBRdate date="1989-11-20" name="adoption"/>',
        f'{ind * 5}<FRBRauthor href="#unga"/>',
        f'{ind * 5}<FRBRcountry value="un"/>',
        f'{ind * 5}<FRBRname value="{escape(blocks[0])}"/>',
        f"{ind * 4}</FRBRWork>",
        f"{ind * 4}<FRBRExpression>",
        f'{ind * 5}<FRBRthis value="/akn/un/act/convention/1989-11-20/crc/eng@/!main"/>',
        f'{ind * 5}<FRBRuri value="/akn/un/act/convention/1989-11-20/crc/eng@"/>',
        f'{ind * 5}<FRBRdate date="1989-11-20" name="adoption"/>',
        f'{ind * 5}<FRBRauthor href="#unga"/>',
        f'{ind * 5}<FRBRlanguage language="eng"/>',
        f"{ind * 4}</FRBRExpression>",
        f"{ind * 4}<FRBRManifestation>",
        f'{ind * 5}<FRBRthis value="/akn/un/act/convention/1989-11-20/crc/eng@/!main.xml"/>',
        f'{ind * 5}<FRBRuri value="/akn/un/act/convention/1989-11-20/crc/eng@.akn"/>',
        f'{ind * 5}<FRBRdate date="2026-01-01" name="transform"/>',
        f'{ind * 5}<FRBRauthor href="#lawgap"/>',
        f"{ind * 4}</FRBRManifestation>",
        f"{ind * 3}</identification>",
        f'{ind * 3}<references source="#lawgap">',
        f'{ind * 4}<TLCOrganization eId="unga" href="/ontology/organization/un/generalAssembly" '
        f'showAs="United Nations General Assembly"/>',
        f'{ind * 4}<TLCOrganization eId="lawgap" href="/ontology/organization/lawgap" showAs="lawgap"/>',
        f"{ind * 3}</references>",
        f"{ind * 2}</meta>",
        f"{ind * 2}<preface>",
        f'{ind * 3}<p class="title"><docTitle>{escape(blocks[0])}</docTitle></p>',
        f"{ind * 2}</preface>",
    ]
    i = 1
    # preamble: everything up to "Have agreed as follows:"
    lines.append(f'{ind * 2}<preamble eId="preamble">')
    n = 0
    while i < len(blocks) and not PART.match(blocks[i]):
        text = blocks[i]
        if text == "Preamble":
            lines.append(
                f'{ind * 3}<container name="heading" eId="preamble__heading"><p>{escape(text)}</p></container>'
            )
        elif text.startswith("Have agreed"):
            lines.append(
                f'{ind * 3}<formula name="enactingFormula" eId="preamble__formula_1"><p>{escape(text)}</p></formula>'
            )
        else:
            n += 1
            lines.append(f'{ind * 3}<p eId="preamble__p_{n}">{escape(text)}</p>')
        i += 1
    lines.append(f"{ind * 2}</preamble>")
    lines.append(f"{ind * 2}<body>")
    part = art = para = None
    in_list = False
    para_n = 0

    def close_para() -> None:
        nonlocal para, in_list
        if para is None:
            return
        if in_list:
            lines.append(f"{ind * 7}</list>")
            in_list = False
        lines.append(f"{ind * 5}</paragraph>")
        para = None

    def close_art() -> None:
        nonlocal art
        close_para()
        if art is not None:
            lines.append(f"{ind * 4}</article>")
            art = None

    while i < len(blocks):
        text = blocks[i]
        i += 1
        if PART.match(text):
            close_art()
            if part is not None:
                lines.append(f"{ind * 3}</part>")
            part = text.split()[-1]
            lines.append(f'{ind * 3}<part eId="part_{part}">')
            lines.append(f"{ind * 4}<num>{escape(text)}</num>")
            continue
        if ARTICLE.match(text):
            close_art()
            art = text.split()[-1]
            para_n = 0
            lines.append(f'{ind * 4}<article eId="art_{art}">')
            lines.append(f"{ind * 5}<num>{escape(text)}</num>")
            continue
        m = NUMBERED.match(text)
        item = ITEM.match(text)
        if item and para is not None:
            if not in_list:
                # the paragraph's own text becomes the list's intro
                body = lines.pop()
                lines.append(f'{ind * 6}<list eId="{para}__list_1">')
                lines.append(body.replace(f"{ind * 6}<content>", f"{ind * 7}<intro>").replace("</content>", "</intro>"))
                in_list = True
            label = item.group(1)
            eid = f"{para}__point_{label.strip('().')}"
            lines.append(
                f'{ind * 7}<point eId="{eid}"><num>{escape(label)}</num>'
                f"<content><p>{escape(item.group(2))}</p></content></point>"
            )
            continue
        close_para()
        para_n += 1
        para = f"art_{art}__para_{m.group(1) if m else f'u{para_n}'}"
        lines.append(f'{ind * 5}<paragraph eId="{para}">')
        if m:
            lines.append(f"{ind * 6}<num>{m.group(1)}.</num>")
            lines.append(f"{ind * 6}<content><p>{escape(m.group(2))}</p></content>")
        else:
            lines.append(f"{ind * 6}<content><p>{escape(text)}</p></content>")
    close_art()
    if part is not None:
        lines.append(f"{ind * 3}</part>")
    lines.append(f"{ind * 2}</body>")
    lines.append(f"{ind}</act>")
    lines.append("</akomaNtoso>")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


# --------------------------------------------------------------------- USLM


def make_uslm(blocks: list[str], out: Path) -> None:
    """18 U.S.C. chapter 403 as a USLM title excerpt with section identifiers."""
    ns = "http://xml.house.gov/schemas/uslm/1.0"
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<uscDoc xmlns="{ns}" xmlns:dc="http://purl.org/dc/elements/1.1/" identifier="/us/usc/t18" xml:lang="en">',
        "  <meta>",
        "    <dc:title>Title 18—Crimes and Criminal Procedure, chapter 403 (excerpt)</dc:title>",
        "    <dc:type>USCTitle</dc:type>",
        "    <docNumber>18</docNumber>",
        "  </meta>",
        "  <main>",
        '    <title identifier="/us/usc/t18">',
        '      <num value="18">Title 18—</num>',
        "      <heading>CRIMES AND CRIMINAL PROCEDURE</heading>",
        '      <chapter identifier="/us/usc/t18/ptIV/ch403">',
        '        <num value="403">CHAPTER 403—</num>',
        "        <heading>JUVENILE DELINQUENCY</heading>",
        "        <toc><tocItem><column>Sec.</column><column>5031. Definitions.</column></tocItem></toc>",
    ]
    sec = None
    for text in blocks[1:]:
        m = re.match(r"^§\s*(\d+[A-Za-z]?)\. (.*)$", text)
        if m:
            if sec:
                lines.append("        </section>")
            sec = m.group(1)
            lines.append(f'        <section identifier="/us/usc/t18/s{sec}">')
            lines.append(f'          <num value="{sec}">§ {sec}.</num>')
            lines.append(f"          <heading>{escape(m.group(2))}</heading>")
            continue
        if sec is None:
            continue
        sub = re.match(r"^\(([a-z])\) (.*)$", text)
        if sub and len(sub.group(2)) < 80:
            lines.append(
                f'          <subsection identifier="/us/usc/t18/s{sec}/{sub.group(1)}">'
                f'<num value="{sub.group(1)}">({sub.group(1)})</num>'
                f"<heading>{escape(sub.group(2))}</heading></subsection>"
            )
        else:
            lines.append(f"          <content><p>{escape(text)}</p></content>")
    if sec:
        lines.append("        </section>")
    lines += [
        '        <notes type="uscNote"><note topic="amendments"><p>EDITORIAL NOTE NOT STATUTE TEXT</p></note></notes>',
        "      </chapter>",
        "    </title>",
        "  </main>",
        "</uscDoc>",
    ]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


# --------------------------------------------------------------------- main


def find_font() -> str | None:
    for d in FONT_DIRS:
        p = Path(d) / "DejaVuSans.ttf"
        if p.exists() and (Path(d) / "DejaVuSans-Bold.ttf").exists():
            return str(p)
    return None


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    crc_meta, crc = statute_blocks(CRC)
    title = crc[0]
    make_docx(crc, title, OUT / "crc.docx")
    make_html(crc, title, OUT / "crc.html")
    make_pdf(crc, title, "Convention on the Rights of the Child", OUT / "crc.pdf")
    make_akn(crc, crc_meta, OUT / "crc.akn.xml")
    _, usc = statute_blocks(USC)
    make_uslm(usc, OUT / "us-18usc-ch403.uslm.xml")
    _, kz = statute_blocks(KZ)
    kz_title = "Кодекс Республики Казахстан об административных правонарушениях (извлечение)"
    make_docx(kz, kz_title, OUT / "kz-admin-offences.docx", language="ru")
    font = find_font()
    if font:
        make_pdf(
            kz,
            kz_title,
            "Кодекс РК об административных правонарушениях",
            OUT / "kz-admin-offences.pdf",
            font=font,
            footer="- {n} -",
        )
    else:
        print("DejaVu Sans not found: kept the existing kz-admin-offences.pdf", file=sys.stderr)
    make_scanned_pdf(OUT / "scanned-no-text.pdf")
    for p in sorted(OUT.glob("*")):
        if p.is_file():
            print(f"{p.relative_to(ROOT)}  {p.stat().st_size:>8} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
