"""Word (DOCX) reader: drafts of laws circulate as Word documents.

Paragraphs come out in reading order (body, tables, content controls), with
tracked insertions kept and deletions dropped, so the text is the draft as it
would read if all changes were accepted. Word's automatic numbering is
rendered ("Article 12", "1.", "(a)"), because in many drafts the article
number exists only in the numbering definition, not in the text.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from lawgap.errors import InputError, MissingExtraError
from lawgap.models import Block, Document
from lawgap.readers import clean_space, guess_language, mark_units

# A DOCX is a zip: bound what it may unpack to before anything is inflated.
MAX_UNCOMPRESSED = 256 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_RATIO = 200  # uncompressed / compressed for one large member: a zip bomb, not a document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def read(data: bytes, path: str) -> Document:
    """Read a DOCX file into paragraph blocks (``line`` = paragraph number)."""
    if data.startswith(_OLE_MAGIC):
        raise InputError("legacy Word .doc or password-protected document; save it as an unprotected .docx", path)
    _check_archive(data, path)
    try:
        import docx
    except ImportError:
        raise MissingExtraError("docx", "python-docx", path) from None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise InputError(f"not a readable Word document ({_reason(exc)})", path) from None
    try:
        return _to_document(document, path)
    except InputError:
        raise
    except RecursionError:
        raise InputError("Word document is nested too deeply to read", path) from None
    except Exception as exc:
        raise InputError(f"cannot read this Word document ({_reason(exc)})", path) from None


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.split("\n")[0][:200]


def _check_archive(data: bytes, path: str) -> None:
    """Reject corrupt zips, non-Word zips, zip bombs and XML with DOCTYPEs before parsing."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except Exception:  # zipfile raises BadZipFile, ValueError, OSError... for a damaged archive
        raise InputError("corrupt DOCX file (not a valid zip archive)", path) from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise InputError(f"DOCX archive has {len(infos)} members, over the limit of {MAX_MEMBERS}", path)
        total = sum(i.file_size for i in infos)
        if total > MAX_UNCOMPRESSED:
            raise InputError(
                f"DOCX archive unpacks to {total / 1e6:.0f} MB, over the {MAX_UNCOMPRESSED / 1e6:.0f} MB limit",
                path,
            )
        for info in infos:
            if info.file_size > 10_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise InputError(f"DOCX member {info.filename} is compressed suspiciously well (zip bomb?)", path)
        names = {i.filename for i in infos}
        if "word/document.xml" not in names and not any(n.endswith("/document.xml") for n in names):
            raise InputError("zip archive is not a Word document (no word/document.xml)", path)
        for info in infos:
            if info.filename.endswith((".xml", ".rels")):
                try:
                    with zf.open(info) as fh:
                        head = fh.read(4096)
                except Exception as exc:  # damaged member headers fail in many ways
                    raise InputError(f"corrupt DOCX member {info.filename} ({_reason(exc)})", path) from None
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise InputError(f"DOCX member {info.filename} declares a DTD (not allowed in DOCX)", path)


# ---------------------------------------------------------------- numbering


_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)
_RU_LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"


def _roman(n: int) -> str:
    out = []
    for value, sym in _ROMAN:
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _letters(n: int, alphabet: str) -> str:
    # Word repeats the letter: a..z, aa..zz, aaa..
    n = max(n, 1)
    return alphabet[(n - 1) % len(alphabet)] * ((n - 1) // len(alphabet) + 1)


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerRoman", "upperRoman"):
        r = _roman(n)
        return r.upper() if fmt == "upperRoman" else r
    if fmt in ("lowerLetter", "upperLetter"):
        r = _letters(n, "abcdefghijklmnopqrstuvwxyz")
        return r.upper() if fmt == "upperLetter" else r
    if fmt in ("russianLower", "russianUpper"):
        r = _letters(n, _RU_LETTERS)
        return r.upper() if fmt == "russianUpper" else r
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class _Numbering:
    """Word list definitions and the running counters for one document."""

    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    nums: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId -> level -> start
    counters: dict[str, list[int]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    @classmethod
    def from_xml(cls, root: Any) -> _Numbering:
        out = cls()
        if root is None:
            return out
        for absn in root.iter(_q("abstractNum")):
            levels: dict[int, _Level] = {}
            for lvl in absn.iter(_q("lvl")):
                lv = _Level()
                for child in lvl:
                    val = child.get(_q("val"))
                    if child.tag == _q("numFmt") and val:
                        lv.fmt = val
                    elif child.tag == _q("lvlText") and val is not None:
                        lv.text = val
                    elif child.tag == _q("start") and val and val.lstrip("-").isdigit():
                        lv.start = int(val)
                levels[int(lvl.get(_q("ilvl"), "0"))] = lv
            out.abstract[absn.get(_q("abstractNumId"), "")] = levels
        for num in root.iter(_q("num")):
            num_id = num.get(_q("numId"), "")
            ref = num.find(_q("abstractNumId"))
            if ref is not None:
                out.nums[num_id] = ref.get(_q("val"), "")
            for ov in num.iter(_q("lvlOverride")):
                start = ov.find(_q("startOverride"))
                if start is not None and (start.get(_q("val")) or "").isdigit():
                    out.overrides.setdefault(num_id, {})[int(ov.get(_q("ilvl"), "0"))] = int(start.get(_q("val")))
        return out

    def label(self, num_id: str, ilvl: int) -> str:
        """The rendered number of the next item of list ``num_id`` at level ``ilvl``."""
        abs_id = self.nums.get(num_id)
        if abs_id is None or num_id == "0":
            return ""
        levels = self.abstract.get(abs_id, {})
        counters = self.counters.setdefault(abs_id, [0] * 9)
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in self.overrides.get(num_id, {}).items():
                if 0 <= lvl < 9:
                    counters[lvl] = start - 1
                    for deeper in range(lvl + 1, 9):
                        counters[deeper] = 0
        ilvl = min(max(ilvl, 0), 8)
        lv = levels.get(ilvl, _Level())
        counters[ilvl] = (counters[ilvl] + 1) if counters[ilvl] >= lv.start else lv.start
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        if lv.fmt == "bullet":
            return ""
        text = lv.text
        for k in range(ilvl + 1):
            klv = levels.get(k, _Level())
            value = counters[k] if counters[k] else klv.start
            text = text.replace(f"%{k + 1}", _format_number(value, klv.fmt))
        return clean_space(text)


# ------------------------------------------------------------------- reading


def _paragraph_text(p: Any) -> str:
    """Text of a ``w:p`` as it reads with tracked changes accepted."""
    parts: list[str] = []
    for el in p.iter(_q("t"), _q("tab"), _q("br"), _q("cr"), _q("noBreakHyphen")):
        if _inside(el, p, (_q("del"), _q("txbxContent"), _q("footnoteReference"))):
            continue
        tag = el.tag
        if tag == _q("t"):
            parts.append(el.text or "")
        elif tag in (_q("tab"), _q("br"), _q("cr")):
            parts.append(" ")
        elif tag == _q("noBreakHyphen"):
            parts.append("-")
    return clean_space("".join(parts))


def _inside(el: Any, stop: Any, tags: tuple[str, ...]) -> bool:
    node = el
    while node is not None and node is not stop:
        if node.tag in tags:
            return True
        node = node.getparent()
    return False


class _Reader:
    def __init__(self, document: Any) -> None:
        self.document = document
        part = document.part
        try:
            numbering_xml = part.part_related_by(_RT_NUMBERING).element
        except (KeyError, AttributeError):
            numbering_xml = None
        self.numbering = _Numbering.from_xml(numbering_xml)
        self.styles: dict[str, Any] = {}
        try:
            styles_el = part.part_related_by(_RT_STYLES).element
            for st in styles_el.iter(_q("style")):
                self.styles[st.get(_q("styleId"), "")] = st
        except (KeyError, AttributeError):
            pass
        self.count = 0
        self.blocks: list[Block] = []
        self.headings: list[int] = []  # indexes of blocks in heading styles

    def style_chain(self, style_id: str | None) -> list[Any]:
        chain = []
        seen = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            st = self.styles[style_id]
            chain.append(st)
            based = st.find(_q("basedOn"))
            style_id = based.get(_q("val")) if based is not None else None
        return chain

    def walk(self, container: Any) -> None:
        for child in container:
            tag = child.tag
            if tag == _q("p"):
                self.paragraph(child)
            elif tag == _q("tbl"):
                for row in child.iter(_q("tr")):
                    for cell in row.findall(_q("tc")):
                        self.walk(cell)
            elif tag in (_q("sdt"), _q("customXml"), _q("smartTag")):
                content = child.find(_q("sdtContent"))
                self.walk(content if content is not None else child)
            elif tag == _q("sdtContent"):
                self.walk(child)

    def paragraph(self, p: Any) -> None:
        self.count += 1
        ppr = p.find(_q("pPr"))
        style_id = None
        num_id, ilvl = None, 0
        outline = None
        if ppr is not None:
            ps = ppr.find(_q("pStyle"))
            style_id = ps.get(_q("val")) if ps is not None else None
            num_id, ilvl = _num_pr(ppr)
            ol = ppr.find(_q("outlineLvl"))
            outline = ol.get(_q("val")) if ol is not None else None
        chain = self.style_chain(style_id)
        for st in chain:
            spr = st.find(_q("pPr"))
            if spr is not None:
                if num_id is None:
                    s_num, s_lvl = _num_pr(spr)
                    if s_num is not None:
                        num_id, ilvl = s_num, s_lvl if s_lvl is not None else ilvl
                if outline is None:
                    ol = spr.find(_q("outlineLvl"))
                    outline = ol.get(_q("val")) if ol is not None else None
        text = _paragraph_text(p)
        label = self.numbering.label(num_id, ilvl or 0) if num_id is not None else ""
        if not text:
            return
        if label:
            text = f"{label} {text}"
        names = [
            (st.find(_q("name")).get(_q("val")) if st.find(_q("name")) is not None else "").lower() for st in chain
        ]
        is_heading = any(n.startswith("heading") or n == "title" for n in names) or (
            outline is not None and outline.isdigit() and int(outline) < 9
        )
        if is_heading:
            self.headings.append(len(self.blocks))
        self.blocks.append(Block(text=text, line=self.count))


_RT_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
_RT_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"


def _num_pr(ppr: Any) -> tuple[str | None, int]:
    numpr = ppr.find(_q("numPr"))
    if numpr is None:
        return None, 0
    nid = numpr.find(_q("numId"))
    lvl = numpr.find(_q("ilvl"))
    num_id = nid.get(_q("val")) if nid is not None else None
    try:
        ilvl = int(lvl.get(_q("val"))) if lvl is not None else 0
    except (TypeError, ValueError):
        ilvl = 0
    return num_id, ilvl


def _to_document(document: Any, path: str) -> Document:
    reader = _Reader(document)
    reader.walk(document.element.body)
    if not reader.blocks:
        raise InputError("Word document has no text", path)
    blocks = reader.blocks
    heads = set(reader.headings)
    marked = mark_units([blocks[i] for i in sorted(heads)])
    for i, b in zip(sorted(heads), marked, strict=True):
        blocks[i] = b
    core = document.core_properties
    title = clean_space(core.title or "") or PurePath(path).stem
    meta: list[tuple[str, str]] = []
    for key in ("author", "subject", "identifier", "version", "language"):
        value = clean_space(str(getattr(core, key, "") or ""))
        if value:
            meta.append((key, value))
    if core.modified:
        meta.append(("modified", core.modified.isoformat()))
    language = guess_language(" ".join(b.text for b in blocks[:2000]))
    return Document(path=path, title=title, language=language, format="docx", blocks=tuple(blocks), meta=tuple(meta))
