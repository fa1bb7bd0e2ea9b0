"""PDF reader: enacted laws are most often published as PDF.

A PDF has lines placed on pages, not paragraphs, so this reader rebuilds
paragraphs from the layout (vertical gaps, short last lines, item markers),
joins words hyphenated at line ends, and drops running headers, footers and
page numbers so they are not read as statute text. Each block keeps the page
and the line on that page where it starts, for citable evidence.
"""

from __future__ import annotations

import io
import itertools
import logging
import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from lawgap.errors import InputError, MissingExtraError
from lawgap.models import Block, Document
from lawgap.readers import clean_space, guess_language, unit_citation

MAX_PAGES = 5000
OCR_HINT = "no text layer; OCR it first (for example: ocrmypdf in.pdf out.pdf)"
# Typographic ligatures would split words for the matcher ("ﬁnd" is not "find").
_LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"}
)


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    y0: float
    y1: float
    page: int
    number: int  # 1-based line number on its page, in reading order
    first_word: float = 0.0  # printed width of the line's first word

    @property
    def height(self) -> float:
        return max(self.y1 - self.y0, 1.0)


def read(data: bytes, path: str) -> Document:
    """Read a PDF's text layer into paragraph blocks with page and line numbers."""
    # pdfminer logs every damaged stream it meets; the user gets one clear error or none
    log = logging.getLogger("pdfminer")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        return _read(data, path)
    except RecursionError:
        raise InputError("corrupt or unreadable PDF (objects nested too deeply)", path) from None
    finally:
        log.setLevel(level)


def _read(data: bytes, path: str) -> Document:
    try:
        from pdfminer.layout import LAParams
        from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser
        from pdfminer.psexceptions import PSException
    except ImportError:
        raise MissingExtraError("pdf", "pdfminer.six", path) from None

    try:
        parser = PDFParser(io.BytesIO(data))
        pdf = PDFDocument(parser)
    except PDFPasswordIncorrect:
        raise InputError("encrypted PDF: it needs a password to open; save an unprotected copy", path) from None
    except PDFEncryptionError as exc:
        raise InputError(f"encrypted PDF that cannot be opened ({exc})", path) from None
    except (PSException, ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
        raise InputError(f"corrupt or unreadable PDF ({_reason(exc)})", path) from None

    pages: list[list[_Line]] = []
    sizes: list[tuple[float, float]] = []
    images = 0
    laparams = LAParams(all_texts=True)
    try:
        from pdfminer.converter import PDFPageAggregator
        from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager

        rsrc = PDFResourceManager(caching=True)
        device = PDFPageAggregator(rsrc, laparams=laparams)
        interp = PDFPageInterpreter(rsrc, device)
        for index, page in enumerate(PDFPage.create_pages(pdf)):
            if index >= MAX_PAGES:
                raise InputError(f"PDF has more than {MAX_PAGES} pages", path)
            interp.process_page(page)
            layout = device.get_result()
            lines, has_image = _page_lines(layout, index + 1)
            images += has_image
            pages.append(lines)
            sizes.append((float(layout.x1 - layout.x0), float(layout.y1 - layout.y0)))
    except InputError:
        raise
    except PDFPasswordIncorrect:
        raise InputError("encrypted PDF: it needs a password to open; save an unprotected copy", path) from None
    except (PSException, ValueError, TypeError, KeyError, AttributeError, IndexError, AssertionError) as exc:
        raise InputError(f"corrupt or unreadable PDF ({_reason(exc)})", path) from None
    if not pages:
        raise InputError("PDF has no pages", path)

    text_pages = [i for i, lines in enumerate(pages) if sum(len(ln.text.strip()) for ln in lines) >= 5]
    if not text_pages:
        raise InputError(f"PDF has {OCR_HINT}", path)
    all_text = "".join(ln.text for lines in pages for ln in lines)
    if all_text.count("(cid:") * 6 > len(all_text) * 0.5:
        raise InputError("PDF text cannot be decoded (fonts without a Unicode map); OCR it first", path)

    meta: list[tuple[str, str]] = [("pages", str(len(pages)))]
    blank = [i + 1 for i in range(len(pages)) if i not in set(text_pages)]
    if blank and len(pages) > 1:
        meta.append(("warning", f"PDF pages {_ranges(blank)} have {OCR_HINT}"))

    pages = _drop_running_lines(pages, sizes)
    blocks = _paragraphs(pages)
    if not blocks:
        raise InputError(f"PDF has {OCR_HINT}", path)
    title = _title(pdf) or PurePath(path).stem
    language = guess_language(" ".join(b.text for b in blocks[:2000]))
    return Document(path=path, title=title, language=language, format="pdf", blocks=tuple(blocks), meta=tuple(meta))


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.split("\n")[0][:200]


def _ranges(numbers: list[int]) -> str:
    out: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(out)


def _title(pdf: Any) -> str:
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    for info in getattr(pdf, "info", []) or []:
        try:
            value = resolve1(info.get("Title"))
        except Exception:
            continue
        if isinstance(value, bytes):
            try:
                value = decode_text(value)
            except Exception:
                value = value.decode("latin-1", errors="replace")
        if isinstance(value, str) and clean_space(value):
            return clean_space(value)
    return ""


def _page_lines(layout: Any, page_no: int) -> tuple[list[_Line], bool]:
    """Horizontal text lines of one page in pdfminer's reading order."""
    from pdfminer.layout import LTFigure, LTImage, LTTextBox, LTTextLineHorizontal

    raw: list[Any] = []
    has_image = False

    def visit(obj: Any) -> None:
        nonlocal has_image
        if isinstance(obj, LTTextLineHorizontal):
            raw.append(obj)
        elif isinstance(obj, LTImage):
            has_image = True
        elif isinstance(obj, LTTextBox | LTFigure):
            for child in obj:
                visit(child)

    for obj in layout:
        visit(obj)
    lines = []
    for n, obj in enumerate(raw, 1):
        text = obj.get_text().replace("\n", " ").translate(_LIGATURES).rstrip()
        if not text.strip():
            continue
        lines.append(
            _Line(
                text=text.strip(),
                x0=obj.x0,
                x1=obj.x1,
                y0=obj.y0,
                y1=obj.y1,
                page=page_no,
                number=n,
                first_word=_first_word_width(obj),
            )
        )
    return lines, has_image


def _first_word_width(line: Any) -> float:
    """Width of the first word, from the glyph boxes (exact, unlike a character count)."""
    from pdfminer.layout import LTChar

    start = end = None
    for ch in line:
        if not isinstance(ch, LTChar):
            if start is not None:
                break
            continue
        if ch.get_text().isspace():
            if start is not None:
                break
            continue
        if start is None:
            start = ch.x0
        end = ch.x1
    return (end - start) if start is not None and end is not None else 0.0


# ----------------------------------------------------- headers and footers

_PAGE_NUMBER = re.compile(
    r"^[-–—\s]*(?:page|p\.|стр\.?|страница|с\.)?\s*\d{1,4}\s*(?:(?:of|из|/)\s*\d{1,4})?[-–—\s]*$", re.I
)


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _drop_running_lines(pages: list[list[_Line]], sizes: list[tuple[float, float]]) -> list[list[_Line]]:
    """Remove lines repeated at the top or bottom of most pages, and bare page numbers.

    Only the outermost lines of a page are candidates, and each repeated text
    is dropped once per page edge, so a title printed under a running header
    with the same words survives.
    """
    edges: list[tuple[list[int], list[int]]] = []
    for lines, (_w, h) in zip(pages, sizes, strict=True):
        order = sorted(range(len(lines)), key=lambda i: -lines[i].y1)
        top = [i for i in order[:2] if lines[i].y0 > h * 0.80]
        bottom = [i for i in reversed(order[-2:]) if lines[i].y1 < h * 0.20 and i not in top]
        edges.append((top, bottom))
    counts: Counter[str] = Counter()
    for lines, (top, bottom) in zip(pages, edges, strict=True):
        counts.update({_key(lines[i].text) for i in top + bottom})
    n = len(pages)
    threshold = max(2, math.ceil(0.5 * n))

    def running(line: _Line) -> bool:
        if _PAGE_NUMBER.match(line.text):
            return True
        key = _key(line.text)
        return n >= 2 and counts[key] >= threshold and len(key) <= 200 and not unit_citation(line.text)

    out = []
    for lines, (top, bottom) in zip(pages, edges, strict=True):
        drop: set[int] = set()
        for side in (top, bottom):
            seen: set[str] = set()
            for i in side:  # outermost first; stop at the first line that is statute text
                key = _key(lines[i].text)
                if key in seen or not running(lines[i]):
                    break
                seen.add(key)
                drop.add(i)
        out.append([ln for i, ln in enumerate(lines) if i not in drop])
    return out


# --------------------------------------------------------------- paragraphs

_MARKER = re.compile(
    r"^(?:\(?\d{1,3}(?:[.-]\d+)*[.)]\s|\([a-zA-Zа-яА-Я]{1,4}\)\s|[а-яa-z]\)\s|§|[•·▪–—-]\s|"
    r"(?:Статья|Cтатья|Article|ARTICLE|Section|SECTION|Глава|ГЛАВА|Chapter|CHAPTER|PART|Part|Раздел|РАЗДЕЛ)\s)"
)
_HYPHENS = ("-", "\u2010", "\u00ad")
_JOIN = "\x00"


@dataclass
class _Layout:
    left: float
    right: float
    pitch: float
    char: float


def _measure(pages: list[list[_Line]]) -> _Layout:
    lines = [ln for page in pages for ln in page]
    lefts = Counter(round(ln.x0) for ln in lines)
    left = float(lefts.most_common(1)[0][0]) if lefts else 0.0
    rights = sorted(ln.x1 for ln in lines)
    right = rights[int(len(rights) * 0.98)] if rights else 1.0
    pitches = []
    for page in pages:
        for a, b in itertools.pairwise(page):
            d = a.y0 - b.y0
            if 0 < d < 3 * a.height:
                pitches.append(d)
    pitch = statistics.median(pitches) if pitches else 12.0
    widths = [(ln.x1 - ln.x0) / len(ln.text) for ln in lines if len(ln.text) > 10]
    char = statistics.median(widths) if widths else 5.0
    return _Layout(left=left, right=right, pitch=pitch, char=char)


def _ended(prev: _Line, cur: _Line, lay: _Layout) -> bool:
    """Whether ``prev`` ends short of the margin by more than ``cur``'s first word needs.

    A typesetter moves a word to the next line only when it does not fit; if
    it would have fitted, the line break is the end of a paragraph. This
    works for ragged-right and justified text alike.
    """
    if prev.text.endswith(_HYPHENS):
        return False
    word = cur.text.split(" ", 1)[0]
    char = (cur.x1 - cur.x0) / max(len(cur.text), 1)
    width = cur.first_word or len(word) * char
    need = width + 0.25 * cur.height  # the word and a space before it
    return prev.x1 + need < lay.right - 1.0


def _breaks(prev: _Line, cur: _Line, lay: _Layout) -> bool:
    """Whether ``cur`` starts a new paragraph after ``prev`` on the same page."""
    if cur.y1 > prev.y1 + 0.5 * prev.height:  # moved up: a new column or box
        return True
    if prev.y0 - cur.y0 > 1.45 * lay.pitch:  # a blank line or extra spacing
        return True
    if abs(cur.height - prev.height) > 0.25 * max(cur.height, prev.height):  # a heading in another size
        return True
    if _ended(prev, cur, lay):
        return True
    if unit_citation(cur.text):
        return True
    if _MARKER.match(cur.text) and (abs(cur.x0 - prev.x0) > lay.char or prev.text.endswith((".", ";", ":"))):
        return True
    return False


def _continues(prev: _Line, cur: _Line, lay: _Layout) -> bool:
    """Whether the first line of a page continues the last paragraph of the page before."""
    if prev.text.endswith(_HYPHENS) and cur.text[:1].islower():
        return True
    if _ended(prev, cur, lay) or _MARKER.match(cur.text) or unit_citation(cur.text):
        return False
    if cur.x0 > prev.x0 + lay.char:  # an indented first line opens a paragraph
        return False
    # an upper-case start after a comma is as likely a new recital as a continuation
    return cur.text[:1].islower() or not prev.text.endswith((".", ",", ":", ";", "!", "?"))


def _join(parts: list[str], nxt: str) -> None:
    last = parts[-1]
    if last.endswith("\u00ad"):
        parts[-1] = last[:-1]
        parts.append(nxt)
    elif (
        last.endswith(_HYPHENS[:2])
        and len(last) > 1
        and last[-2].isalpha()
        and (nxt[:1].islower() or (_last_word(last[:-1]).isupper() and nxt.split(" ", 1)[0].isupper()))
    ):
        parts[-1] = last[:-1] + _JOIN  # "protec-/tion", "НЕСОВЕРШЕ-/ННОЛЕТНИХ"
        parts.append(nxt)
    elif last.endswith(_HYPHENS[:2]) and len(last) > 1 and last[-2].isalpha() and nxt[:1].isupper():
        parts.append(nxt)  # "Secretary-/General": a compound broken at its own hyphen
    else:
        parts.append(" " + nxt)


def _last_word(text: str) -> str:
    m = re.search(r"(\w+)$", text)
    return m.group(1) if m else ""


def _paragraphs(pages: list[list[_Line]]) -> list[Block]:
    lay = _measure(pages)
    paras: list[tuple[list[str], _Line]] = []  # text parts, first line
    prev: _Line | None = None
    for page in pages:
        for i, line in enumerate(page):
            if prev is None:
                new = True
            elif i == 0:
                new = not _continues(prev, line, lay)
            else:
                new = _breaks(prev, line, lay)
            if new:
                paras.append(([line.text], line))
            else:
                _join(paras[-1][0], line.text)
            prev = line
    texts = ["".join(parts) for parts, _ in paras]
    texts = _resolve_hyphens(texts)
    blocks = []
    for text, (_parts, first) in zip(texts, paras, strict=True):
        text = clean_space(text)
        if text:
            blocks.append(Block(text=text, line=first.number, page=first.page))
    return blocks


_JOINED = re.compile(r"(\w+)\x00(\w+)")
# Left parts that are nearly always a compound's own hyphen, not a hyphenation point.
_HYPHEN_PREFIXES = {"self", "non", "well", "ex", "vice", "quasi", "half"}
_WORD = re.compile(r"\w+(?:-\w+)*")


def _resolve_hyphens(texts: list[str]) -> list[str]:
    """Decide, for each hyphen at a line end, whether it belongs to the word.

    "protec-/tion" becomes "protection"; "well-/being" and "административно-/
    территориальной" keep their hyphen. The document itself is the
    dictionary: a form seen elsewhere wins; failing that, two halves that are
    both words of the document make a compound, anything else a hyphenated word.
    """
    if not any(_JOIN in t for t in texts):
        return texts
    plain = " ".join(_JOINED.sub(" ", t) for t in texts).lower()
    seen = set(_WORD.findall(plain))
    seen.update(w for word in list(seen) if "-" in word for w in word.split("-"))

    def fix(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(2)
        low_l, low_r = left.lower(), right.lower()
        if low_l + low_r in seen:
            return left + right
        if f"{low_l}-{low_r}" in seen or low_l in _HYPHEN_PREFIXES:
            return f"{left}-{right}"
        if len(left) >= 4 and len(right) >= 4 and low_l in seen and low_r in seen:
            return f"{left}-{right}"
        return left + right

    return [_JOINED.sub(fix, t).replace(_JOIN, "") for t in texts]
