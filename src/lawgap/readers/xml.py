"""Legislative XML reader: Akoma Ntoso 3.0, USLM, and any other XML as plain text.

Parliaments publish laws as Akoma Ntoso (LegalDocML) and the US Code as USLM;
both mark articles and sections explicitly, so this reader takes the
structure from the markup (``num``, ``heading``, ``eId``/``identifier``)
instead of guessing it from the text. The dialect is recognised by the root
element and its namespace, whatever the file is called. An unknown dialect is
read as text with a warning, never silently.

Parsing goes through defusedxml: entity declarations (entity-expansion
bombs) and external entities or DTDs are refused, never resolved.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from lawgap.errors import InputError
from lawgap.models import Block, Document
from lawgap.readers import clean_space, guess_language, unit_citation

AKN_NAMESPACES = (
    "http://docs.oasis-open.org/legaldocml/ns/akn/3.0",
    "http://www.akomantoso.org/",
)
USLM_NAMESPACES = (
    "http://xml.house.gov/schemas/uslm/",
    "http://schemas.gpo.gov/xml/uslm",
)

# Elements whose content is not statute text: metadata, tables of contents,
# editorial notes, page markers, margin notes.
_SKIP_AKN = {"meta", "toc", "authorialNote", "remark", "noteRef", "img", "componentRef", "documentRef"}
_SKIP_USLM = {
    "meta",
    "toc",
    "notes",
    "note",
    "page",
    "sidenote",
    "legislativeHistory",
    "endMarker",
    "footnote",
    "layout",
    "img",
}
_BREAKS = {"br", "eol", "eop"}
_HEADS = {"num", "heading", "subheading"}
# Block and container elements of both dialects; anything else inside a paragraph is inline.
_STRUCTURE = {
    "akomaNtoso",
    "act",
    "bill",
    "doc",
    "debate",
    "judgment",
    "amendment",
    "statement",
    "portion",
    "coverPage",
    "preface",
    "preamble",
    "body",
    "mainBody",
    "conclusions",
    "attachments",
    "attachment",
    "components",
    "component",
    "interstitial",
    "book",
    "tome",
    "part",
    "subpart",
    "title",
    "subtitle",
    "chapter",
    "subchapter",
    "division",
    "subdivision",
    "section",
    "subsection",
    "article",
    "paragraph",
    "subparagraph",
    "clause",
    "subclause",
    "point",
    "indent",
    "alinea",
    "list",
    "sublist",
    "rule",
    "subrule",
    "proviso",
    "transitional",
    "hcontainer",
    "container",
    "blockContainer",
    "blockList",
    "item",
    "listIntroduction",
    "listWrapUp",
    "intro",
    "wrapUp",
    "wrap",
    "content",
    "crossHeading",
    "p",
    "tblock",
    "formula",
    "longTitle",
    "table",
    "tr",
    "td",
    "th",
    "caption",
    "num",
    "heading",
    "subheading",
    "foreign",
    "uscDoc",
    "pLaw",
    "statute",
    "resolution",
    "main",
    "level",
    "chapeau",
    "continuation",
    "subitem",
    "quotedContent",
    "quotedText",
    "column",
    "appendix",
    "signatures",
    "enactingFormula",
    "resolvingClause",
    "action",
    "officialTitle",
    "docNumber",
    "congress",
    "session",
    "legisNumber",
    "docStage",
    "currentChamber",
    "enrolledDateline",
    "distributionCode",
    "type",
}
_GROUPS = {"book", "part", "subpart", "title", "subtitle", "chapter", "subchapter", "division", "subdivision"}
_GROUPS_RU = {"chapter": "Глава", "part": "Раздел", "division": "Раздел"}
_UNITS_AKN = {"article", "section", "rule", "regulation"}
_UNITS_USLM = {"section"}


def read(data: bytes, path: str) -> Document:
    """Read an XML statute: Akoma Ntoso and USLM with structure, other XML as text."""
    root, lines = _parse(data, path)
    ns, local = _split(root.tag)
    try:
        if local == "akomaNtoso" or ns.startswith(AKN_NAMESPACES):
            return _Walker(root, lines, path, dialect="akn").document()
        if ns.startswith(USLM_NAMESPACES):
            return _Walker(root, lines, path, dialect="uslm").document()
        return _unknown(root, lines, path, ns, local)
    except RecursionError:
        raise InputError("XML is nested too deeply to read", path) from None


# ------------------------------------------------------------------ parsing


class _LineBuilder(ET.TreeBuilder):
    """Tree builder that remembers the source line where each element starts."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[Any, int] = {}
        self.expat: Any = None

    def start(self, tag: Any, attrs: Any) -> Any:
        el = super().start(tag, attrs)
        self.lines[el] = self.expat.CurrentLineNumber if self.expat is not None else 0
        return el


def _parse(data: bytes, path: str) -> tuple[Any, dict[Any, int]]:
    try:
        import defusedxml
        from defusedxml.ElementTree import XMLParser
    except ImportError:  # a core dependency, but say so plainly if it is missing
        raise InputError("reading XML needs the 'defusedxml' package: pip install defusedxml", path) from None
    builder = _LineBuilder()
    parser = XMLParser(target=builder)
    builder.expat = parser.parser
    try:
        parser.feed(data)
        root = parser.close()
    except defusedxml.EntitiesForbidden:
        raise InputError(
            "XML declares entities, which are refused (they can expand into an entity bomb)", path
        ) from None
    except defusedxml.ExternalReferenceForbidden:
        raise InputError("XML refers to an external entity or DTD, which is refused (not fetched)", path) from None
    except defusedxml.DefusedXmlException as exc:
        raise InputError(f"unsafe XML refused ({exc})", path) from None
    except ET.ParseError as exc:
        line, col = getattr(exc, "position", (None, None))
        msg = str(exc).split(":")[0] or "not well-formed"
        raise InputError(f"malformed XML ({msg})", path, line, (col + 1) if col is not None else None) from None
    except (ValueError, LookupError) as exc:  # unknown encoding and the like
        raise InputError(f"cannot read XML ({exc})", path) from None
    return root, builder.lines


def _split(tag: Any) -> tuple[str, str]:
    if not isinstance(tag, str):
        return "", ""
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def _local(el: Any) -> str:
    return _split(el.tag)[1]


# ------------------------------------------------------------- AKN and USLM


@dataclass
class _Pending:
    """A ``num`` waiting to be prefixed to the next text block ("1." + "States Parties ...")."""

    text: str
    line: int
    anchor: str | None


@dataclass
class _Walker:
    root: Any
    lines: dict[Any, int]
    path: str
    dialect: str
    blocks: list[Block] = field(default_factory=list)
    pending: _Pending | None = None
    language: str = "en"

    def __post_init__(self) -> None:
        self.skip = _SKIP_AKN if self.dialect == "akn" else _SKIP_USLM
        self.units = _UNITS_AKN if self.dialect == "akn" else _UNITS_USLM
        self.code = self.dialect == "uslm" and (
            _local(self.root) == "uscDoc" or (self.root.get("identifier") or "").startswith("/us/usc")
        )

    # -- text of inline content

    def text(self, el: Any) -> str:
        parts: list[str] = [el.text or ""]
        for child in el:
            name = _local(child)
            if name in self.skip:
                pass
            elif name in _BREAKS:
                parts.append(" ")
            else:
                parts.append(self.text(child))
            parts.append(child.tail or "")
        return "".join(parts)

    def anchor(self, el: Any) -> str | None:
        if self.dialect == "akn":
            return el.get("eId") or el.get("id") or el.get("GUID") or None
        return el.get("identifier") or el.get("id") or None

    # -- emitting

    def flush(self) -> None:
        if self.pending and self.pending.text:
            self.blocks.append(Block(text=self.pending.text, line=self.pending.line, anchor=self.pending.anchor))
        self.pending = None

    def emit(self, text: str, line: int, anchor: str | None) -> None:
        text = clean_space(text)
        if self.pending:
            pend = self.pending
            self.pending = None
            if text:
                self.blocks.append(
                    Block(text=f"{pend.text} {text}".strip(), line=pend.line or line, anchor=anchor or pend.anchor)
                )
                return
            self.blocks.append(Block(text=pend.text, line=pend.line, anchor=pend.anchor))
            return
        if text:
            self.blocks.append(Block(text=text, line=line, anchor=anchor))

    # -- walking

    def walk(self, el: Any, anchor: str | None) -> None:
        name = _local(el)
        if name in self.skip or not isinstance(el.tag, str):
            return
        own = self.anchor(el) or anchor
        if name in self.units and self.unit(el, own):
            return
        children = [c for c in el if isinstance(c.tag, str)]
        if self.is_text(el, children):
            self.emit(self.text(el), self.lines.get(el, 0), own)
            return
        heads = [c for c in children if _local(c) in _HEADS]
        if heads:
            self.container_heads(el, children, own)
            children = [c for c in children if _local(c) not in _HEADS]
        for child in children:
            self.walk(child, own)

    def is_text(self, el: Any, children: list[Any]) -> bool:
        """A paragraph of text: own text, or only inline children (``ref``, ``term``, ``i``)."""
        if (el.text or "").strip() or any((c.tail or "").strip() for c in children):
            return True
        if not children:
            return False
        return all(_local(c) not in _STRUCTURE for c in children)

    def container_heads(self, el: Any, children: list[Any], anchor: str | None) -> None:
        """``num``/``heading`` of a non-unit container: a heading line, or a number for the next text."""
        num = next((c for c in children if _local(c) == "num"), None)
        head = [c for c in children if _local(c) in ("heading", "subheading")]
        num_text = clean_space(self.text(num)) if num is not None else ""
        kind = _local(el)
        if (
            num_text
            and kind in _GROUPS
            and not re.search(
                r"[^\W\d_]{2,}", num_text.replace("I", "").replace("V", "").replace("X", "").replace("L", "")
            )
        ):
            # a bare "2" of a chapter reads as "Chapter 2", as it is printed
            word = _GROUPS_RU.get(kind) if self.language == "ru" else kind.capitalize()
            if word:
                num_text = f"{word} {num_text}"
        head_text = " ".join(clean_space(self.text(h)) for h in head).strip()
        line = self.lines.get(num if num is not None else (head[0] if head else el), 0)
        self.flush()
        if head_text:
            self.blocks.append(Block(text=f"{num_text} {head_text}".strip(), line=line, anchor=anchor))
        elif num_text:
            self.pending = _Pending(num_text, line, anchor)

    def unit(self, el: Any, anchor: str | None) -> bool:
        """An article or section: a heading block with its citation, then its content."""
        children = list(el)
        num = next((c for c in children if _local(c) == "num"), None)
        if num is None:
            return False
        num_text = clean_space(self.text(num))
        heading_el = next((c for c in children if _local(c) == "heading"), None)
        heading = clean_space(self.text(heading_el)) if heading_el is not None else ""
        citation, label = self.citation(_local(el), num_text, num.get("value"))
        if not citation:
            return False
        self.flush()
        text = f"{label} {heading}".strip() if heading else label
        self.blocks.append(Block(text=text, line=self.lines.get(el, 0), heading=True, citation=citation, anchor=anchor))
        for child in children:
            if child is num or child is heading_el:
                continue
            self.walk(child, anchor)
            if (child.tail or "").strip():
                self.emit(child.tail, self.lines.get(child, 0), anchor)
        self.flush()
        return True

    def citation(self, kind: str, num: str, value: str | None) -> tuple[str | None, str]:
        """(citation, heading label) from ``num``: "Article 12", "Section 28.", "§ 5031."."""
        cite = unit_citation(num)
        if cite:
            return cite, num
        bare = re.sub(r"^(?:sec(?:tion)?\.?|art(?:icle)?\.?|ст(?:атья)?\.?)\s*", "", num, flags=re.I)
        bare = bare.strip().rstrip(".").strip()
        value = (value or "").strip() or bare
        if not value:
            return None, num
        if self.code or num.startswith("§"):
            return f"§ {value}", f"§ {bare or value}."
        ru = self.language == "ru"
        word = {"article": "Статья" if ru else "Article"}.get(kind, "Section" if not ru else "Статья")
        if kind in ("rule", "regulation") and not ru:
            word = kind.capitalize()
        return f"{word} {value}", f"{word} {bare or value}."

    def title(self) -> str:
        if self.dialect == "akn":
            work = next((el for el in self.root.iter() if _local(el) == "FRBRWork"), None)
            for tag in ("FRBRname", "FRBRalias"):
                for el in work.iter() if work is not None else ():
                    if _local(el) == tag:
                        value = clean_space(el.get("value") or "")
                        if value and value.lower() not in ("untitled", "act"):
                            return value
            for tag in ("docTitle", "shortTitle"):
                for el in self.root.iter():
                    if _local(el) == tag:
                        value = clean_space(self.text(el))
                        if value:
                            return value
        else:
            for el in self.root.iter():
                if _local(el) == "title" and _split(el.tag)[0] == "http://purl.org/dc/elements/1.1/":
                    value = clean_space("".join(el.itertext()))
                    if value:
                        return value
            for tag in ("docTitle", "shortTitle", "officialTitle"):
                for el in self.root.iter():
                    if _local(el) == tag:
                        value = clean_space(self.text(el))
                        if value:
                            return value
        return PurePath(self.path).name.split(".")[0]

    def document(self) -> Document:
        body_text = " ".join(
            t for el in self.root.iter() if _local(el) not in self.skip for t in (el.text,) if t and t.strip()
        )
        self.language = guess_language(body_text)
        self.walk(self.root, None)
        self.flush()
        if not self.blocks:
            raise InputError(f"{'Akoma Ntoso' if self.dialect == 'akn' else 'USLM'} document has no text", self.path)
        units = sum(1 for b in self.blocks if b.heading)
        meta: list[tuple[str, str]] = [("dialect", self.dialect), ("root", _local(self.root))]
        if not units:
            meta.append(("warning", f"no {'/'.join(sorted(self.units))} elements with a num: read as text only"))
        return Document(
            path=self.path,
            title=self.title(),
            language=self.language,
            format=self.dialect,
            blocks=tuple(self.blocks),
            meta=tuple(meta),
        )


# ------------------------------------------------------------ other dialects


def _unknown(root: Any, lines: dict[Any, int], path: str, ns: str, local: str) -> Document:
    """Any other XML: each element with text of its own becomes a block."""
    blocks: list[Block] = []

    def walk(el: Any) -> None:
        if not isinstance(el.tag, str):
            return
        if (el.text or "").strip() or any((c.tail or "").strip() for c in el):
            text = clean_space("".join(el.itertext()))
            if text:
                blocks.append(Block(text=text, line=lines.get(el, 0)))
            return
        for child in el:
            walk(child)

    walk(root)
    if not blocks:
        raise InputError(f"XML document <{local}> has no text", path)
    name = f"{{{ns}}}{local}" if ns else local
    warning = (
        f"unknown XML dialect (root element <{name}>): read as plain text without structure; "
        "Akoma Ntoso and USLM are read with their articles and sections"
    )
    language = guess_language(" ".join(b.text for b in blocks[:2000]))
    return Document(
        path=path,
        title=PurePath(path).name.split(".")[0],
        language=language,
        format="xml",
        blocks=tuple(blocks),
        meta=(("warning", warning), ("root", name)),
    )
