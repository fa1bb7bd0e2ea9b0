"""Segment stage: split a document into citable units (articles, sections).

A unit is what a lawyer cites: "Article 19", "§ 5106a", "Статья 10". Within a
unit each block is a paragraph; a numbered item remembers the lead-in it
continues ("States shall: ... (a) report"), so the matcher can read a list
item together with the sentence that gives it force.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lawgap import lexicon
from lawgap.models import Block, Document, Paragraph, Statute, Unit
from lawgap.text import fix_scripts, normalize

_NUM = r"(\d+(?:[-.]\d+)*[a-zа-я]?(?:-\d+)?)"
_UNIT_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"^(?:статья|ст\.)\s*{_NUM}(?![\w)])\s*[.:]?\s*(.*)$", re.S), "Статья"),
    (re.compile(rf"^(?:article|art\.)\s+{_NUM}(?![\w)])\s*[.:\-]?\s*(.*)$", re.S), "Article"),
    (re.compile(rf"^(?:section|sec\.)\s+{_NUM}(?![\w)])\s*[.:\-]?\s*(.*)$", re.S), "Section"),
    (re.compile(r"^§+\s*(\d+[\w\-.]*?)\.?(?:\s+(.*))?$", re.S), "§"),
    (re.compile(rf"^s\.\s*{_NUM}(?![\w)])\s*[.:\-]?\s*(.*)$", re.S), "s."),
)
_CONTAINER = re.compile(
    r"^(глава|раздел|chapter|subchapter|part|title|division)\s+([0-9]+[\w\-]*|[ivxlc]+)\b\s*[.:\-—]?\s*(.*)$", re.S
)
# The words above as raw text may spell them before normalize and fix_scripts: any case, «ё» for «е»,
# Latin look-alikes in Cyrillic words («Cтатья»). A block that starts otherwise is no heading, and most
# blocks do: one regex call spares them the rest (a test checks every character that folds to a letter
# of these words).
_HEAD_CANDIDATE = re.compile(
    r"\s*(?:§|s\.|sec(?:tion|\.)|art(?:icle|\.)|chapter|subchapter|part|title|division"
    r"|[сc][тt](?:[аa][тt]ья|\.)|гл[аa][вb][аa]|[рp][аa]зд[еeё]л)", re.I)
_CONTAINER_NAMES = {"глава": "Глава", "раздел": "Раздел", "chapter": "Chapter", "subchapter": "Subchapter",
                    "part": "Part", "title": "Title", "division": "Division"}

LIST_MARKER = re.compile(
    r"^\s*(?:(?P<num>\d{1,3}(?:-\d+)?)(?P<numsep>[.)])|\((?P<par>[0-9]{1,3}|[a-zA-Z]{1,2}|[ivxlcIVXLC]{1,6})\)"
    r"|(?P<cyr>[а-я])\)|(?P<dot>[a-z]|[ivxlc]{2,6})\.)\s"
)
_ROMAN = re.compile(r"^[ivxlc]+$")


def segment(doc: Document) -> Statute:
    """Split ``doc`` into units; never drops text (every block lands in a unit)."""
    builder = _Builder(doc)
    add = builder.add
    for block in doc.blocks:
        if len(block.text) <= MAX_PARAGRAPH:  # nearly every block: no list to build
            add(block)
        else:
            for part in _split_long(block):
                add(part)
    units = builder.finish()
    last = doc.blocks[-1] if doc.blocks else None
    lines = (last.line + last.text.count("\n")) if last else 0
    warnings = tuple(value for key, value in doc.meta if key == "warning")
    return Statute(path=doc.path, title=doc.title, language=doc.language, format=doc.format,
                   units=tuple(units), lines=lines, warnings=warnings)


# Real paragraphs are under 3,000 characters; matching a paragraph costs more
# than linear time in its length, so a file with no line breaks (50 MB on one
# line) is cut into paragraphs of at most this size, at sentence ends.
MAX_PARAGRAPH = 8000
_CUT = re.compile(r"[.;:!?]\s+|\n")


def _split_long(block: Block) -> list[Block]:
    """``block`` cut at sentence ends into pieces of at most MAX_PARAGRAPH characters; no text is lost."""
    text = block.text
    if len(text) <= MAX_PARAGRAPH:
        return [block]
    from dataclasses import replace

    out: list[Block] = []
    start, line = 0, block.line
    while start < len(text):
        end = min(start + MAX_PARAGRAPH, len(text))
        if end < len(text):
            cuts = [m.end() for m in _CUT.finditer(text, start + MAX_PARAGRAPH // 2, end)]
            if cuts:
                end = cuts[-1]
            else:
                space = text.rfind(" ", start + MAX_PARAGRAPH // 2, end)
                end = space + 1 if space > start else end
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        if piece.strip():
            first = not out
            # Later pieces keep the citation, so they stay paragraphs of the same unit.
            out.append(replace(block, text=piece.strip(), line=line + piece.count("\n", 0, lead),
                               heading=block.heading and first))
        line += piece.count("\n")
        start = end
    return out


def heading_of(text: str) -> tuple[str, str, bool] | None:
    """(citation, heading text, is_unit) if ``text`` opens an article/section or a container."""
    if _HEAD_CANDIDATE.match(text) is None:
        return None
    end = text.find("\n")
    first = (text if end < 0 else text[:end]).strip()
    if not first or len(first) > 300:
        return None
    norm = fix_scripts(normalize(first))
    for pattern, label in _UNIT_PATTERNS:
        m = pattern.match(norm)
        if not m:
            continue
        num, rest_norm = m.group(1), (m.group(2) or "")
        rest = first[len(first) - len(rest_norm):] if rest_norm else ""
        if label in ("Article", "Section", "s.") and not _heading_rest(first, rest):
            return None
        if label == "Статья" and rest and rest[:1].islower():
            return None
        return (f"{label} {num}" if label != "§" else f"§ {num}", rest.strip(" .—-"), True)
    m = _CONTAINER.match(norm)
    if m and first[:1].isupper():
        name = _CONTAINER_NAMES[m.group(1)]
        num = m.group(2).upper() if _ROMAN.match(m.group(2)) else m.group(2)
        rest = first[len(first) - len(m.group(3)):] if m.group(3) else ""
        if rest[:1].islower():
            return None
        return (f"{name} {num}", rest.strip(" .—-"), False)
    return None


def _heading_rest(first: str, rest: str) -> bool:
    """English headings start with a capital ("Article 12", "Section 5. Definitions")."""
    if not first[:1].isupper():
        return False
    return not rest or rest[:1] in ".:-—–[(" or rest[:1].isupper() or rest[:1].isdigit()


@dataclass
class _Draft:
    citation: str
    heading: str
    line: int
    page: int | None
    anchor: str | None
    is_unit: bool
    paragraphs: list[Paragraph] = field(default_factory=list)
    stack: list[tuple[str, int, bool]] = field(default_factory=list)
    last_letter: str = ""


_new = object.__new__


def new_paragraph(text: str, line: int, page: int | None, lead_in: int | None, heading: bool,
                  repealed: bool) -> Paragraph:
    """``Paragraph(text, line, page, lead_in, heading, repealed)`` at a third of the cost.

    Why: a frozen dataclass sets each field through ``object.__setattr__``, which is about 3% of
    segmenting; filling the instance dict gives the same immutable, equal and hashable object.
    """
    p = _new(Paragraph)
    d = p.__dict__
    d["text"] = text
    d["line"] = line
    d["page"] = page
    d["lead_in"] = lead_in
    d["heading"] = heading
    d["repealed"] = repealed
    return p


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.units: list[Unit] = []
        self.current: _Draft | None = None

    def add(self, block: Block) -> None:
        head = None
        if block.heading:
            head = (block.citation or block.text.split("\n", 1)[0].strip()[:80],
                    _strip_citation(block.text.split("\n", 1)[0].strip(), block.citation), True)
        elif block.citation is None:
            head = heading_of(block.text)
        if head is not None:
            self._close()
            citation, heading, is_unit = head
            self.current = _Draft(citation, heading, block.line, block.page, block.anchor, is_unit)
            rest = block.text.split("\n", 1)[1] if "\n" in block.text else ""
            if rest.strip():
                self._paragraph(rest, block.line + 1, block.page)
            return
        if self.current is None:
            self.current = _Draft("Preamble", "", block.line, block.page, block.anchor, False)
        self._paragraph(block.text, block.line, block.page)

    def _paragraph(self, text: str, line: int, page: int | None) -> None:
        draft = self.current
        assert draft is not None
        stack = draft.stack
        index = len(draft.paragraphs)
        lead_in = None
        m = LIST_MARKER.match(text)  # matched once here for the marker kind and the subheading test
        if m is None:
            heading = False
            if stack and stack[-1][2]:
                lead_in = stack[-1][1]  # an unnumbered item under "... shall:"
            else:
                draft.stack = [("text", index, text.rstrip().endswith(_OPENERS))]
        else:
            marker = _marker_kind(m, draft.last_letter, stack)
            if marker == "a.":
                draft.last_letter = text.lstrip()[:1]
            for j, (kind, _i, _o) in enumerate(stack):  # a marker of an open kind closes that item and deeper ones
                if kind == marker:
                    del stack[j:]
                    break
            for _k, i, opens in reversed(stack):
                if opens:
                    lead_in = i
                    break
            stack.append((marker, index, text.rstrip().endswith(_OPENERS)))
            heading = _subheading(text, m)
        draft.paragraphs.append(new_paragraph(text, line, page, lead_in, heading, is_repealed(text)))

    def _close(self) -> None:
        draft = self.current
        if draft is None:
            return
        if draft.paragraphs or draft.is_unit:
            # Unit(...) field by field, as new_paragraph does: a frozen dataclass's __init__ costs 5% of segmenting.
            unit = _new(Unit)
            unit.__dict__.update(
                path=self.doc.path, act=self.doc.title, citation=draft.citation, heading=draft.heading,
                line=draft.line, paragraphs=tuple(draft.paragraphs), kind=_kind(draft),
                anchor=draft.anchor, page=draft.page,
            )
            self.units.append(unit)
        self.current = None

    def finish(self) -> list[Unit]:
        """Close the last unit; text with no headings at all is one operative unit (a snippet, a draft)."""
        self._close()
        if len(self.units) == 1 and self.units[0].citation == "Preamble":
            from dataclasses import replace

            self.units[0] = replace(self.units[0], citation="(text)", kind="operative")
        return self.units


def _strip_citation(first: str, citation: str | None) -> str:
    if citation and first.startswith(citation):
        return first[len(citation):].strip(" .—-")
    return first


# A lead-in ends with a colon or a dash ("States Parties shall ensure that:"), after any spaces.
_OPENERS = (":", "—", "–", "-", ':"')


def _marker_kind(m: re.Match[str], last_letter: str, stack: list[tuple[str, int, bool]]) -> str:
    """The kind of list marker ``m`` (a :data:`LIST_MARKER` match): "num.", "num)", "(1)", "(a)", "(A)", "(i)", "(I)".

    ``stack`` holds the kinds of the open items; only a letter like "v." needs it (a roman numeral
    inside a roman list), so it is looked at only then.
    """
    if m.group("num"):
        return "num" + m.group("numsep")
    if m.group("cyr"):
        return "cyr)"
    if m.group("dot"):
        # "i." after "h." is a letter; otherwise, like "ii.", a roman numeral one level down.
        dot = m.group("dot")
        roman = (len(dot) > 1 or (dot in "ivxlc" and any(k == "i." for k, _i, _c in stack))
                 or (dot == "i" and last_letter != "h"))
        return "i." if roman else "a."
    par = m.group("par")
    if par.isdigit():
        return "(1)"
    roman = _ROMAN.match(par.lower()) and (len(par) > 1 or par in "iI")
    if roman:
        return "(i)" if par.islower() else "(I)"
    return "(a)" if par.islower() else "(A)"


# A title: a capital and no punctuation. Matched from a marker's end, so it skips spaces and reads them as
# they are, and a trailing newline counts as a space.
_TITLE = re.compile(r"\s*[A-ZА-ЯЁ][^.;:!?,\-–—]*\Z")
_OPEN_ENDING = frozenset(
    "a an and any as at be by each for from if in is are may must of on or shall such than that the to under "
    "unless which who with".split())
_VERBS = frozenset("shall must may will should is are has have обязан обязаны должен должны вправе может".split())


def _subheading(text: str, m: re.Match[str]) -> bool:
    """A numbered line that only titles what follows ("(b) Notification of child abuse reports").

    Short, capitalised, with no punctuation and no verb that would make it a
    sentence ("A teacher shall report abuse"), and not ending on a word that
    leaves a sentence open ("applies to"): that is a lead-in whose dash was lost.
    """
    # The title test first, on the text as it is: most items fail it at their first letter or comma,
    # before any splitting.
    start = m.end()
    if _TITLE.match(text, start) is None:
        return False
    # Split off at most 15 words: a longer paragraph is no title.
    words = text[start:].split(None, 15)
    return (len(words) <= 14
            and words[-1].lower() not in _OPEN_ENDING and _VERBS.isdisjoint(w.lower() for w in words))


# Any phrase of the three heading lists: most headings hold none, and one search spares them three scans.
_KIND_PHRASE = re.compile("|".join(map(re.escape, lexicon.CONTENTS_HEADINGS + lexicon.DEFINITIONS_HEADINGS
                                       + lexicon.REPEALED)))


def _kind(draft: _Draft) -> str:
    if draft.citation == "Preamble":
        return "preamble"
    heading = normalize(draft.heading)
    if _KIND_PHRASE.search(heading):
        if any(h in heading for h in lexicon.CONTENTS_HEADINGS) and len(heading) < 40:
            return "contents"
        if any(h in heading for h in lexicon.DEFINITIONS_HEADINGS):
            return "definitions"
        if any(h in heading for h in lexicon.REPEALED) and len(heading) < 80:
            return "repealed"
    if draft.paragraphs and all(p.repealed for p in draft.paragraphs):
        return "repealed"
    return "operative"


_REPEALED_START = re.compile(
    r"^\s*(?:\(?\d{1,3}(?:-\d+)?[.)]\s*|\([a-z0-9]{1,4}\)\s*|сноска\.\s*)?\(?\[?\s*"
    r"(?:исключен|исключена|исключено|утратил|утратила|утратило|repealed|omitted|reserved|"
    r"статья\s+\S+\s+исключена|глава\s+\S+\s+исключена)", re.I
)


# _REPEALED_START spelled for raw text, as normalize and fix_scripts may read it: any case, Latin look-alikes
# in Cyrillic words, «ё» for «е», other dashes, and the combining acute (which normalize makes a space)
# wherever a space may stand. Normalising keeps length and folds each character alone, so whatever
# _REPEALED_START matches after folding, this matches before it; almost no paragraph gets that far.
_S = r"[\s\u0301]"
_REPEAL_CANDIDATE = re.compile(
    rf"{_S}*(?:\(?\d{{1,3}}(?:[-\u2010-\u2014\u00ad]\d+)?[.)]{_S}*|\([a-z0-9]{{1,4}}\){_S}*"
    rf"|[сc][нh][оo][сc][кk][аa]\.{_S}*)?\(?\[?{_S}*"
    rf"(?:и[сc][кk]люч[еeё][нh]|[уy][тt][рp][аa][тt]ил|repealed|omitted|reserved"
    rf"|(?:[сc][тt][аa][тt]ья|гл[аa][вb][аa]){_S}+\S+{_S}+и[сc][кk]люч[еeё][нh][аa])", re.I
)


def is_repealed(text: str) -> bool:
    """A paragraph that only records a repeal ("2) исключен Законом РК…", "[Repealed]").

    Why the raw-text test before normalising other text: normalising costs twice the regex, and
    nearly every paragraph fails :data:`_REPEAL_CANDIDATE` at its first word.
    """
    head = text[:160]
    if head.isascii():
        # Only the English words can match ASCII text (the pattern's ignore-case extras, like the long
        # s, are not ASCII): three substring tests spare most English paragraphs the regex.
        head = head.lower()
        return ("repealed" in head or "omitted" in head or "reserved" in head) and bool(_REPEALED_START.match(head))
    if _REPEAL_CANDIDATE.match(head) is None:
        return False
    return bool(_REPEALED_START.match(fix_scripts(normalize(head))))
