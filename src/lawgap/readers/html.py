"""HTML reader: a law saved from an official legal portal.

A saved portal page is mostly not law: menus, breadcrumbs, search boxes,
footers, cookie banners. This reader keeps the main text only (``<main>``,
``<article>``, ``#content`` when the page has them), drops navigation by tag
and by class/id, and turns each block element into one paragraph with the
source line where it starts, so evidence points into the saved file. Element
ids are kept as anchors for citations.

The standard library's tolerant ``html.parser`` is enough: no new dependency.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import PurePath

from lawgap.errors import InputError
from lawgap.models import Block, Document
from lawgap.readers import clean_space, guess_language, mark_units

_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
    "keygen",
    "command",
}
# Never text: scripts, styles, forms and the page chrome around the law.
_SKIP_TAGS = {
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "math",
    "nav",
    "aside",
    "form",
    "button",
    "select",
    "textarea",
    "iframe",
    "object",
    "canvas",
    "dialog",
    "head",
    "menu",
    "footer",
}
_CHROME = re.compile(r"nav|menu|footer|breadcrumb|sidebar", re.I)
_CHROME_TOKEN = re.compile(
    r"(?:^|[-_])(?:cookies?|banner|share|social|skip-?links?|toolbar|search|print-?links?)"
    r"(?:$|[-_])",
    re.I,
)
MAX_DEPTH = 400
_BLOCKS = {
    "p",
    "div",
    "li",
    "dt",
    "dd",
    "td",
    "th",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "section",
    "article",
    "main",
    "header",
    "tr",
    "table",
    "ul",
    "ol",
    "dl",
    "center",
    "address",
    "figure",
    "figcaption",
    "caption",
    "body",
    "html",
    "hr",
    "br",
    "tbody",
    "thead",
    "tfoot",
    "details",
    "summary",
    "fieldset",
    "legend",
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# An open <p> is closed by the start of any of these (HTML's implied end tags).
_CLOSES_P = _BLOCKS - {"br", "body", "html", "td", "th", "tr", "tbody", "thead", "tfoot"}
_IMPLIED = {
    "li": {"li"},
    "dt": {"dt", "dd"},
    "dd": {"dt", "dd"},
    "tr": {"tr", "td", "th"},
    "td": {"td", "th"},
    "th": {"td", "th"},
    "option": {"option"},
}


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str]
    line: int
    parent: _Node | None = None
    children: list[_Node | _Text] = field(default_factory=list)

    def classes(self) -> str:
        return f"{self.attrs.get('class', '')} {self.attrs.get('id', '')} {self.attrs.get('role', '')}"


@dataclass
class _Text:
    text: str
    line: int


class _TreeBuilder(HTMLParser):
    """A forgiving DOM: implied end tags for p/li/td, stray end tags ignored."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {}, 1)
        self.stack: list[_Node] = [self.root]
        self.title = ""
        self._in_title = False

    def _close(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        line = self.getpos()[0]
        if tag in _CLOSES_P and any(n.tag == "p" for n in self.stack[-3:]):
            self._close("p")
        if tag in _IMPLIED:
            top = self.stack[-1]
            if top.tag in _IMPLIED[tag] or (tag in ("td", "th") and top.tag in ("td", "th")):
                self._close(top.tag)
        node = _Node(tag, {k.lower(): (v or "") for k, v in attrs}, line, self.stack[-1])
        self.stack[-1].children.append(node)
        if tag == "title":
            self._in_title = True
        if tag not in _VOID and len(self.stack) < MAX_DEPTH:  # unclosed <font>s must not nest forever
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag.lower() not in _VOID:
            self._close(tag.lower())

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag == "title":
            self._in_title = False
        if tag == "p" and not any(n.tag == "p" for n in self.stack):
            # </p> without <p> is an empty paragraph in HTML: a break
            self.stack[-1].children.append(_Node("br", {}, self.getpos()[0], self.stack[-1]))
            return
        if any(n.tag == tag for n in self.stack[1:]):
            self._close(tag)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        line = self.getpos()[0]
        stripped = data.lstrip()
        if stripped:
            line += data[: len(data) - len(stripped)].count("\n")
        self.stack[-1].children.append(_Text(data, line))


def _decode(data: bytes) -> str:
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    head = data[:4096].decode("ascii", errors="replace")
    m = re.search(r"""<meta[^>]+charset\s*=\s*["']?\s*([\w\-:.]+)""", head, re.I) or re.search(
        r"""<\?xml[^>]+encoding\s*=\s*["']([\w\-:.]+)""", head, re.I
    )
    if m:
        try:
            return data.decode(codecs.lookup(m.group(1)).name, errors="replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace")


def _is_chrome(node: _Node) -> bool:
    if node.tag in _SKIP_TAGS:
        return True
    if "hidden" in node.attrs:
        return True
    if node.attrs.get("aria-hidden") == "true":
        return True
    style = node.attrs.get("style", "").replace(" ", "").lower()
    if "display:none" in style:
        return True
    if node.tag == "header" and not _inside(node, {"article", "section", "main"}):
        return True
    names = node.classes()
    return bool(_CHROME.search(names)) or any(_CHROME_TOKEN.search(tok) for tok in names.split())


def _inside(node: _Node, tags: set[str]) -> bool:
    p = node.parent
    while p is not None:
        if p.tag in tags:
            return True
        p = p.parent
    return False


def _text_len(node: _Node, skip_chrome: bool) -> int:
    total = 0
    for child in node.children:
        if isinstance(child, _Text):
            total += len(child.text.strip())
        elif not (skip_chrome and _is_chrome(child)):
            total += _text_len(child, skip_chrome)
    return total


def _iter(node: _Node):  # type: ignore[no-untyped-def]
    for child in node.children:
        if isinstance(child, _Node):
            yield child
            yield from _iter(child)


_CONTENT_ID = re.compile(
    r"^(?:content|main|main-?content|maincontent|document|doc-?content|text|law-?text|"
    r"document-?text|act-?text|statute|legislation|body-?text)$",
    re.I,
)


def _content_root(root: _Node) -> _Node:
    """The element holding the law: <main>, <article>, #content, else <body>."""
    body = next((n for n in _iter(root) if n.tag == "body"), root)
    total = _text_len(body, skip_chrome=True) or 1
    candidates: list[_Node] = []
    for n in _iter(body):
        if _is_chrome(n):
            continue
        if n.tag == "main" or n.attrs.get("role") == "main" or n.tag == "article":
            candidates.append(n)
        elif _CONTENT_ID.match(n.attrs.get("id", "")):
            candidates.append(n)
    best = None
    best_len = 0
    for n in candidates:
        size = _text_len(n, skip_chrome=True)
        # the biggest candidate, and only if it holds most of the page's text
        if size > best_len:
            best, best_len = n, size
    if best is not None and best_len >= 0.3 * total:
        return best
    return body


@dataclass
class _Collector:
    """Turns the content tree into blocks: one per block element, anchored to the nearest id."""

    blocks: list[Block] = field(default_factory=list)
    heads: list[int] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    line: int = 0
    anchor: str | None = None
    pending_id: str | None = None
    ids: list[str] = field(default_factory=list)
    heading: bool = False

    def flush(self) -> None:
        text = clean_space("".join(self.parts))
        if text:
            if self.heading:
                self.heads.append(len(self.blocks))
            self.blocks.append(Block(text=text, line=self.line, anchor=self.anchor))
            self.anchor = None
        self.parts = []
        self.line = 0
        self.heading = False

    def add(self, text: str, line: int) -> None:
        if text.strip() and not any(p.strip() for p in self.parts):
            self.line = line
            self.anchor = self.pending_id or (self.ids[-1] if self.ids else None)
            self.pending_id = None
        self.parts.append(text)

    def walk(self, node: _Node, top: bool = False) -> None:
        if not top and _is_chrome(node):
            return
        block = node.tag in _BLOCKS
        if block:
            self.flush()
        if node.tag in _HEADINGS:
            self.heading = True
        ident = node.attrs.get("id") or (node.attrs.get("name") if node.tag == "a" else None)
        if ident:
            self.ids.append(ident)
            if not any(p.strip() for p in self.parts):
                self.pending_id = ident
        for child in node.children:
            if isinstance(child, _Text):
                self.add(child.text, child.line)
            else:
                self.walk(child)
        if ident:
            self.ids.pop()
        if block:
            self.flush()


def read(data: bytes, path: str) -> Document:
    """Read the main text of an HTML page into paragraph blocks with source lines."""
    text = _decode(data)
    builder = _TreeBuilder()
    try:
        builder.feed(text)
        builder.close()
    except (AssertionError, ValueError) as exc:  # html.parser is lenient; this is a last resort
        raise InputError(f"cannot parse HTML ({exc})", path) from None
    try:
        root = _content_root(builder.root)
        collector = _Collector()
        collector.walk(root, top=True)
        collector.flush()
    except RecursionError:  # MAX_DEPTH keeps real pages far from this
        raise InputError("HTML is nested too deeply to read", path) from None
    blocks = collector.blocks
    if not blocks:
        raise InputError("HTML page has no text outside navigation", path)
    heads = sorted(set(collector.heads))
    for i, b in zip(heads, mark_units([blocks[i] for i in heads]), strict=True):
        blocks[i] = b
    h1 = next((n for n in _iter(root) if n.tag == "h1"), None)
    title = ""
    if h1 is not None:
        c = _Collector()
        c.walk(h1, top=True)
        c.flush()
        title = " ".join(b.text for b in c.blocks)
    title = title or clean_space(builder.title) or PurePath(path).stem
    language = guess_language(" ".join(b.text for b in blocks[:2000]))
    meta: list[tuple[str, str]] = []
    if clean_space(builder.title):
        meta.append(("page-title", clean_space(builder.title)))
    return Document(path=path, title=title, language=language, format="html", blocks=tuple(blocks), meta=tuple(meta))
