"""Readers for statutes as they are published: DOCX, PDF, HTML and legislative XML.

Each reader module exposes ``read(data, path) -> Document``; this package
decides which one a file needs. Content wins over the file name, because
portals and e-mail attachments often mislabel files (``act.xml`` holding
HTML, ``law.docx`` saved as PDF).
"""

from __future__ import annotations

import codecs
import re

from lawgap.models import Block

__all__ = ["clean_space", "guess_language", "sniff", "unit_citation"]

_EXTENSIONS = {
    ".docx": "docx",
    ".docm": "docx",
    ".dotx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "xml",
    ".akn": "xml",
    ".uslm": "xml",
}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc, or a password-protected .docx
_SKIP_PROLOG = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!(?!doctype)[^>]*>)", re.S | re.I)
_DOCTYPE = re.compile(r"\s*<!doctype\s+([^\s>\[]+)", re.I)
_ROOT = re.compile(r"\s*<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")


def sniff(path_suffix: str, head: bytes) -> str:
    """Which reader a file needs: "text", "docx", "pdf", "html" or "xml".

    ``head`` is the first few kilobytes of the file. Magic bytes decide first
    (a zip is a Word file, ``%PDF-`` a PDF), then markup (the root element:
    ``<html>`` is HTML, any other root element XML), then the extension.
    """
    suffix = path_suffix.lower()
    if not suffix.startswith(".") and suffix:
        suffix = "." + suffix
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "docx"  # the DOCX reader says clearly when a zip is not a Word document
    if head.startswith(_OLE_MAGIC):
        return "docx"  # so the user hears "legacy .doc or encrypted", not "binary file"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    markup = _markup_kind(head)
    if markup:
        return markup
    return _EXTENSIONS.get(suffix, "text")


def _decode_head(head: bytes) -> str:
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if head.startswith(bom):
            return head[len(bom) :].decode(codec, errors="ignore")
    if head[:2] == b"<\x00":
        return head.decode("utf-16-le", errors="ignore")
    if head[:2] == b"\x00<":
        return head.decode("utf-16-be", errors="ignore")
    return head.decode("latin-1")


def _markup_kind(head: bytes) -> str | None:
    """ "html", "xml" or None from the first element (skipping prolog, comments, doctype)."""
    text = _decode_head(head)
    pos = 0
    while True:
        m = _SKIP_PROLOG.match(text, pos)
        if not m:
            break
        pos = m.end()
    doctype = _DOCTYPE.match(text, pos)
    if doctype:
        if doctype.group(1).lower() == "html":
            return "html"
        end = text.find(">", doctype.end())
        bracket = text.find("[", doctype.end())
        if bracket != -1 and (end == -1 or bracket < end):
            close = text.find("]>", bracket)
            end = close + 1 if close != -1 else -1
        if end == -1:
            return "xml"  # a DOCTYPE longer than the head: still markup, not prose
        pos = end + 1
        while True:
            m = _SKIP_PROLOG.match(text, pos)
            if not m:
                break
            pos = m.end()
    root = _ROOT.match(text, pos)
    if not root:
        return "xml" if text.lstrip().startswith("<?xml") else None
    name = root.group(2).lower()
    if name in ("html", "head", "body"):
        return "html"
    return "xml"


# ------------------------------------------------------------------ helpers

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LETTER = re.compile(r"[^\W\d_]")


def guess_language(text: str) -> str:
    """ "ru" when Cyrillic letters dominate, else "en" (the rulebook's two languages)."""
    letters = _LETTER.findall(text[:200_000])
    if not letters:
        return "en"
    cyr = sum(1 for ch in letters if _CYRILLIC.match(ch))
    return "ru" if cyr / len(letters) > 0.4 else "en"


_SPACE = re.compile(r"[ \t\r\n\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def clean_space(text: str) -> str:
    """One space between words; soft hyphens and zero-width characters dropped."""
    text = text.replace("\u00ad", "").replace("\u200b", "").replace("\ufeff", "")
    return _SPACE.sub(" ", text).strip()


_UNIT = re.compile(
    r"^(?P<word>Article|ARTICLE|Art\.|Статья|СТАТЬЯ|Cтатья|Section|SECTION|Sec\.|Rule|Regulation|§{1,2})"
    r"\s*(?P<num>[0-9]+(?:[.\-][0-9]+)*(?:-?[A-Za-zА-Яа-я](?![A-Za-zА-Яа-я]))?)(?=$|[\s.:)—–-])"
)


def unit_citation(text: str) -> str | None:
    """The citation ("Article 12", "Статья 12", "§ 5031") when ``text`` opens a unit.

    Only a short line that starts with the unit word and a number counts, so
    a sentence that merely mentions "article 12" is not mistaken for a heading.
    """
    first = text.strip().split("\n", 1)[0]
    m = _UNIT.match(first)
    if not m or len(first) > 300:
        return None
    word = m.group("word")
    num = m.group("num").rstrip(".")
    if word.startswith("§"):
        return f"§ {num}"
    word = {
        "ARTICLE": "Article",
        "Art.": "Article",
        "СТАТЬЯ": "Статья",
        "Cтатья": "Статья",
        "SECTION": "Section",
        "Sec.": "Section",
    }.get(word, word)
    return f"{word} {num}"


def mark_units(blocks: list[Block]) -> list[Block]:
    """Set ``heading``/``citation`` on blocks whose text opens an article or section.

    Used by readers whose format marks headings by style (DOCX, HTML), so the
    citation comes from the document's own numbering.
    """
    from dataclasses import replace

    out = []
    for b in blocks:
        cite = unit_citation(b.text)
        out.append(replace(b, heading=True, citation=cite) if cite else b)
    return out
