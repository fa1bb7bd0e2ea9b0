"""Judge stage: decide covered / partial / missing for each rule, with evidence.

The unit of judgement is a *provision*: one paragraph read together with the
lead-in(s) it continues. A provision covers a rule when it has every element,
binding force and no qualifier; it partly covers it when it has the core
elements but falls short (weak or softened wording, a grant condition, a
study mandate, a rule's partial wording, an exception in the next paragraph).
Elements found only in sibling items of a list, with no lead-in joining them,
are not read together: on the labelled sets that reading gave false partials
and fixed none. Headings, definitions, purpose clauses, repealed text and
negated duties never count. See docs/rules.md.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from lawgap import lexicon
from lawgap.match import Hit, Hits, Index, PhraseTable
from lawgap.models import STATUS_RANK, Evidence, Rule, Rulebook, Status, Verdict
from lawgap.segment import LIST_MARKER
from lawgap.text import normalize, one_line

MAX_LEAD_IN_DEPTH = 4
MAX_EVIDENCE = 3
OPERATIVE, DEFINITION, NEVER = 0, 1, 2
RESTRICT_WINDOW = 6
NEAR = 12  # tokens: how close a weakening word must be to a matched element
MARKERS: dict[str, tuple[str, ...]] = {
    "negated": lexicon.NEGATED_DUTY, "binding": lexicon.BINDING, "permissive": lexicon.PERMISSIVE,
    "hortatory": lexicon.HORTATORY, "soft": lexicon.SOFT, "conditional": lexicon.CONDITIONAL,
    "exception": lexicon.EXCEPTION, "crossref": lexicon.CROSS_REFERENCE,
    "restrictive": lexicon.RESTRICTIVE, "derogation": lexicon.DEROGATION, "study": lexicon.STUDY,
    "disapply": lexicon.DISAPPLY,
}
_REFERENCE = re.compile(r"(?:пункт\w*|част\w*|подпункт\w*|paragraph|subsection|subparagraph)\s+\(?(\w{1,4})\)?", re.I)
_THIS_UNIT = re.compile(r"настоящей стать|настоящая стать|this (?:section|article)", re.I)
ByName = Mapping[str, Mapping[int, list[Hit]]]  # element or qualifier name -> paragraph -> hits
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[\"«(]?[A-ZА-ЯЁ0-9(])")
_DEFINES = re.compile(
    r"^\s*(?:\(?[0-9a-zA-Z]{1,4}[.)]\s*)?"
    r"(?:(?:in|for\s+(?:the\s+)?purposes\s+of)\s+this\s+(?:part|chapter|subchapter|section|title|act|article)"
    r"[^,\n]{0,40},\s*)?"
    r"(?:(?:the\s+)?(?:term|expression)\s+)?[\"“'‘«][^\"”’»\n]{1,80}[\"”’»']"
    r"\s*(?:means|includes|shall mean|refers to|has the meaning|[-–—:]\s*(?:это\s)?)", re.I)
_ABBREV = re.compile(r"(?:^|[\s(])(?:ст|п|пп|ч|подп|г|гг|т|им|no|nos|art|arts|sec|secs|para|paras|subpara|"
                     r"u\.s\.c|e\.g|i\.e|etc|inc|v|vs|st|pub|l|stat|[a-zа-я])\.$", re.I)


@dataclass
class Candidate:
    """One provision's reading for one rule."""

    pids: tuple[int, ...]
    found: dict[str, list[Hit]]
    core_found: int
    core_total: int
    found_total: int
    total: int
    status: Status = "missing"
    notes: list[str] = field(default_factory=list)
    score: float = 0.0
    review: bool = False
    evidence: tuple[Evidence, ...] | None = None  # rendered early when separately indexed parts pool readings

    def key(self) -> tuple[int, float, int]:
        return (-STATUS_RANK[self.status], self.score, -self.pids[0])


class Judge:
    """Judges rules against an index; what it learns about a paragraph (markers, sentences) is shared by all rules."""

    def __init__(self, index: Index) -> None:
        self.index = index

    # ---------------------------------------------------------------- lexicon

    def markers(self, pid: int) -> dict[str, list[Hit]]:
        """Lexicon phrases in paragraph ``pid`` by kind, found when a provision first reads the paragraph."""
        cache = self.__dict__.setdefault("_marker_cache", {})
        got = cache.get(pid)
        if got is None:
            got = cache[pid] = self._markers(pid)
        return got

    @cached_property
    def _marker_table(self) -> PhraseTable:
        return self.index.phrase_table(MARKERS)

    @cached_property
    def _disapply_openers(self) -> frozenset[int]:
        return self._openers("disapply")

    @cached_property
    def _binding_openers(self) -> frozenset[int]:
        """:meth:`_modality` finds a provision binding only through one of these (a permission confined
        to a case binds)."""
        return self._openers("binding", "permissive")

    def _openers(self, *kinds: str) -> frozenset[int]:
        """Stem ids that open a phrase of ``kinds``: a paragraph without one has none of those phrases
        (:meth:`Index.phrases` finds a phrase only from its first word)."""
        return frozenset(sid for sid, phrases in self._marker_table.items() if any(k in kinds for k, _ in phrases))

    def _markers(self, pid: int) -> dict[str, list[Hit]]:
        found = self.index.phrases(pid, self._marker_table)
        # A longer phrase hides the shorter one inside it: "may not" is binding, not permissive.
        spans = [(h.end - h.start, kind, h) for kind, hits in found.items() for h in hits]
        if len(spans) > 1:
            for length, kind, hit in spans:
                if any(o is not hit and o.start <= hit.start and hit.end <= o.end and ol > length
                       for ol, _k, o in spans):
                    found[kind] = [h for h in found[kind] if h is not hit]
        return found

    @cached_property
    def purpose(self) -> frozenset[int]:
        pids = set()
        for pid, hits in self.index.any_hits(lexicon.PURPOSE, exact=True).items():
            if _opens(self.index, pid, min(h.start for h in hits)):
                pids.add(pid)
        return frozenset(pids)

    def sentences(self, pid: int) -> list[int]:
        """Char offsets where sentences start in paragraph ``pid``."""
        cache = self.__dict__.setdefault("_sent", {})
        got = cache.get(pid)
        if got is None:
            text = self.index.passages[pid].paragraph.text
            head = LIST_MARKER.match(text)
            skip = head.end() if head else 0
            got = [0] + [m.end() for m in _SENTENCE_END.finditer(text)
                         if m.start() > skip and not _ABBREV.search(text, 0, m.start())]
            cache[pid] = got
        return got

    def sentence_of(self, pid: int, token: int) -> int:
        return bisect.bisect_right(self.sentences(pid), self.index.starts[pid][token]) - 1

    # ------------------------------------------------------------- operative

    @cached_property
    def _standing(self) -> list[int]:
        """Per paragraph: operative, a definition (counts only for definition rules), or never counts."""
        out: list[int] = []
        purpose = self.purpose
        # Unit by unit, in the order of the index's paragraphs: a unit's heading or kind is looked at once.
        for statute in self.index.statutes:
            for unit in statute.units:
                mute = unit.kind in ("repealed", "contents", "preamble") or _purpose_heading(unit.heading)
                definitions = unit.kind == "definitions"
                for para in unit.paragraphs:
                    pid = len(out)
                    if mute or pid in purpose or para.heading or para.repealed:
                        out.append(NEVER)
                    elif definitions or _defines(para.text):
                        out.append(DEFINITION)
                    else:
                        out.append(OPERATIVE)
        assert len(out) == len(self.index.passages)
        return out

    def chain(self, pid: int) -> tuple[int, ...]:
        """The paragraph and the lead-ins it continues, nearest first."""
        cache = self.__dict__.setdefault("_chains", {})
        got = cache.get(pid)
        if got is None:
            got = cache[pid] = self._chain(pid)
        return got

    def _chain(self, pid: int) -> tuple[int, ...]:
        out = [pid]
        para = self.index.passages[pid].paragraph
        depth = 0
        while para.lead_in is not None and depth < MAX_LEAD_IN_DEPTH:
            lead = self.index.pid_of(pid, para.lead_in)
            out.append(lead)
            para = self.index.passages[lead].paragraph
            depth += 1
        return tuple(out)

    # ----------------------------------------------------------------- rules

    def rule_hits(self, rule: Rule) -> tuple[dict[str, Hits], dict[str, Hits], dict[str, Hits]]:
        elements = {e.name: self.hits(e.terms) for e in rule.elements}
        partial = {q.label: self.hits(q.terms) for q in rule.partial}
        exclude = {q.label: self.hits(q.terms) for q in rule.exclude}
        return elements, partial, exclude

    def hits(self, terms: tuple[str, ...]) -> Hits:
        """The index's hits for ``terms``, shared by the rules that use the same terms ("child")."""
        cache = self.__dict__.setdefault("_hits", {})
        got = cache.get(terms)
        if got is None:
            got = cache[terms] = self.index.hits(terms)
        return got

    def judge(self, rule: Rule) -> Verdict:
        """The verdict for ``rule`` over every statute of the index."""
        candidates, near = self.readings(rule)
        return verdict(rule, candidates or ([near[1]] if near and near[1] else []), self.evidence)

    @cached_property
    def _operative(self) -> tuple[frozenset[int], frozenset[int]]:
        """Paragraphs that count for an ordinary rule, and for a definition rule."""
        standing = self._standing
        plain = frozenset(pid for pid, s in enumerate(standing) if s == OPERATIVE)
        return plain, plain.union(pid for pid, s in enumerate(standing) if s == DEFINITION)

    @cached_property
    def _below(self) -> dict[int, tuple[int, ...]]:
        """Per lead-in, the paragraphs whose provisions take it in."""
        below: dict[int, list[int]] = {}
        chains: dict[int, tuple[int, ...]] = self.__dict__.setdefault("_chains", {})
        pid = 0
        # A lead-in comes before the paragraphs it leads into: its chain is known when theirs is made.
        for statute in self.index.statutes:
            for unit in statute.units:
                start = pid
                for para in unit.paragraphs:
                    if para.lead_in is not None:
                        lead = start + para.lead_in
                        chain = chains[pid] = ((pid, *chains.get(lead, (lead,))[:MAX_LEAD_IN_DEPTH]) if lead < pid
                                               else self._chain(pid))
                        for lead in chain[1:]:
                            below.setdefault(lead, []).append(pid)
                    pid += 1
        return {lead: tuple(pids) for lead, pids in below.items()}

    def _operative_below(self, definition: bool) -> tuple[dict[int, tuple[int, ...]], frozenset[int]]:
        """:attr:`_below` keeping only the paragraphs that count (for a definition rule or not), and its lead-ins."""
        cache = self.__dict__.setdefault("_operative_below_cache", {})
        got = cache.get(definition)
        if got is None:
            operative = self._operative[definition]
            below = {lead: kept for lead, pids in self._below.items()
                     if (kept := tuple(pid for pid in pids if pid in operative))}
            got = cache[definition] = (below, frozenset(below))
        return got

    def _reach(self, pids: frozenset[int], definition: bool) -> set[int]:
        """Operative paragraphs whose provision (the paragraph and its lead-ins) takes in one of ``pids``.

        ``pids`` must all count already (see :attr:`_operative`): then only what lies below them needs the
        filter, and that is done once per index in :meth:`_operative_below`, not once per element.
        """
        below, leads = self._operative_below(definition)
        out = set(pids)
        for lead in pids & leads:
            out.update(below[lead])
        return out

    def readings(self, rule: Rule, floor: Sequence[tuple[int, float]] = ()
                 ) -> tuple[list[Candidate], tuple[int, Candidate | None] | None]:
        """The provisions' readings of ``rule``; when there are none, the near miss (weight, reading) to fall back on.

        A provision is read from every operative paragraph with an element
        (a *seed*) whose provision holds every core element; such seeds are
        found with set operations first, since a common element word is in
        most paragraphs of a child-rights act. Apart from :func:`verdict` so
        that parts of a corpus indexed separately (batches, ``--jobs``) can pool readings.

        ``floor``: the (status rank, score) keys of the best readings kept from earlier parts of the corpus
        (at most MAX_EVIDENCE). Their paragraphs come first, so they win ties: a reading that cannot beat
        them is never shown, and is not read; nor is a near miss sought, as the corpus has readings.
        """
        elements, partial, exclude = self.rule_hits(rule)
        core = {e.name for e in rule.core_elements}
        operative = self._operative[rule.definition]
        # Sets of paragraphs that may hold an element (a longer term's words may be too far apart):
        # cheap to combine; each paragraph they leave is then checked for real.
        own = {name: hits.maybe & operative for name, hits in elements.items()}
        seeds: set[int] = set().union(*own.values())
        reach = {name: self._reach(pids, rule.definition) for name, pids in own.items()}
        full = seeds.intersection(*sorted((reach[name] for name in core), key=len))  # smallest first: cheapest
        weights = {e.name: (2 if e.name in core else 1) for e in rule.elements}
        total = sum(weights.values())
        candidates: list[Candidate] = []
        # The best MAX_EVIDENCE keys so far (a min-heap); a 1 in place of -pid puts an earlier part's first on a tie.
        podium: list[tuple[int, float, int]] = [(rank, score, 1) for rank, score in floor]
        heapq.heapify(podium)
        # The best key a seed's reading could have; seeds are read best first, so that once a seed
        # cannot reach the podium no later one can: it is never shown nor decides a verdict.
        present = {pid: sum(w for name, w in weights.items() if pid in reach[name]) for pid in full}
        for pid in sorted(full, key=lambda pid: (-present[pid], pid)):
            best = _best_case(present[pid], total)
            if len(podium) == MAX_EVIDENCE and (*best, -pid) < podium[0]:
                break
            chain = self._operative_chain(pid, operative)
            # Only binding words score 0.9; a token test tells at C speed that a provision has none.
            if best == _COVERED and not self._may_bind(chain):
                best = _DECLARED
                if len(podium) == MAX_EVIDENCE and (*best, -pid) < podium[0]:
                    continue
            if not self._seed(pid, elements) or not all(self._holds(chain, elements[name]) for name in core):
                continue
            if len(podium) == MAX_EVIDENCE and (*self._ceiling(chain, best, present[pid], total, partial, exclude),
                                                -pid) < podium[0]:
                continue
            cand = self._provision(rule, chain, elements, partial, exclude, core)
            if cand is not None:
                candidates.append(cand)
                heapq.heappush(podium, cand.key())
                if len(podium) > MAX_EVIDENCE:
                    heapq.heappop(podium)
        if candidates or floor:
            return candidates, None
        near = self._near_miss(seeds, reach, weights, elements, operative)
        if near is None:
            return candidates, None
        weight, chain = near
        return candidates, (weight, self._provision(rule, chain, elements, partial, exclude, core))

    def _near_miss(self, seeds: set[int], reach: dict[str, set[int]], weights: dict[str, int],
                   elements: dict[str, Hits], operative: frozenset[int]) -> tuple[int, tuple[int, ...]] | None:
        """The seed whose provision holds most element weight (the first on ties), when none has the core.

        Seeds are tried from the highest possible weight down, so few are checked for real.
        """
        bound = dict.fromkeys(seeds, 0)
        for name, w in weights.items():
            for pid in seeds.intersection(reach[name]):
                bound[pid] += w
        near: tuple[int, int, tuple[int, ...]] | None = None
        for pid in sorted(seeds, key=lambda pid: (-bound[pid], pid)):
            if near is not None and (bound[pid], -pid) < (near[0], -near[1]):
                break
            if not self._seed(pid, elements):
                continue
            chain = self._operative_chain(pid, operative)
            weight = sum(w for name, w in weights.items() if self._holds(chain, elements[name]))
            if near is None or (weight, -pid) > (near[0], -near[1]):
                near = (weight, pid, chain)
        return None if near is None else (near[0], near[2])

    def _ceiling(self, chain: tuple[int, ...], best: tuple[int, float], present: int, total: int,
                 partial: dict[str, Hits], exclude: dict[str, Hits]) -> tuple[int, float]:
        """The best (status rank, score) :meth:`_provision` can give this provision, from its qualifiers;
        ``best``: the bound its element weight and binding words allow."""
        if any(self._holds(chain, hits) for hits in exclude.values()):
            return -STATUS_RANK["missing"], 0.25
        if any(self._holds(chain, hits) for hits in partial.values()):
            return -STATUS_RANK["partial"], 0.4 + 0.3 * present / total - 0.05
        return best

    def _may_bind(self, chain: tuple[int, ...]) -> bool:
        """Can :meth:`_modality` find this provision binding? Not without the first word of a binding or
        permissive phrase."""
        openers = self._binding_openers
        return any(not openers.isdisjoint(self.index.tokens[pid]) for pid in chain)

    @staticmethod
    def _seed(pid: int, elements: dict[str, Hits]) -> bool:
        return any(pid in hits for hits in elements.values())

    @staticmethod
    def _holds(chain: tuple[int, ...], hits: Hits) -> bool:
        return any(pid in hits for pid in chain)

    def _operative_chain(self, pid: int, operative: frozenset[int]) -> tuple[int, ...]:
        return tuple(c for c in self.chain(pid) if c in operative)

    def _found(self, chain: Sequence[int], elements: ByName) -> dict[str, list[Hit]]:
        found: dict[str, list[Hit]] = {}
        for name, hits in elements.items():
            got = [h for pid in chain for h in hits.get(pid, ())]
            if got:
                found[name] = got
        return found

    def _provision(self, rule: Rule, chain: tuple[int, ...], elements: ByName,
                   partial: ByName, exclude: ByName,
                   core: set[str]) -> Candidate | None:
        if not chain:
            return None
        found = self._found(chain, elements)
        cand = _candidate(chain, found, rule, core)
        if cand.core_found < cand.core_total:
            cand.status = "missing"
            cand.score = 0.3 * cand.found_total / cand.total
            return cand
        if not self._one_sentence(chain[0], elements, core):
            cand.status = "missing"
            cand.notes.append("core elements are in different sentences")
            cand.score = 0.25
            return cand
        for label, hits in exclude.items():
            if any(pid in hits for pid in chain):
                cand.status = "missing"
                cand.notes.append(f"excluded: {label}")
                cand.score = 0.1
                return cand
        scope = self._scope(chain, found)
        modality, words = self._modality(chain, scope, rule, found)
        if modality == "negated":
            cand.status = "missing"
            cand.notes.append(f"negated duty: '{words}'")
            cand.score = 0.2
            cand.review = True
            return cand
        if modality == "research":
            cand.status = "missing"
            cand.notes.append(f"a research or study mandate, not the rule itself: '{words}'")
            cand.score = 0.2
            return cand
        if modality == "conditional" and len(found) == cand.core_total < len(rule.elements):
            # A funded activity that names only the obligation's core ("instruction in methods of
            # protecting children from abuse") is what a grant pays for, not the obligation.
            cand.status = "missing"
            cand.notes.append(f"only a funded activity naming the core of the obligation: '{words}'")
            cand.score = 0.2
            return cand
        weak: list[str] = []
        if modality in ("weak", "soft", "conditional", "research"):
            weak.append({"weak": "permissive or hortatory wording",
                         "soft": "softened wording",
                         "research": "a research or study mandate, not the rule itself",
                         "conditional": "binds only as a condition of funding"}[modality] + f": '{words}'")
        for label, hits in partial.items():
            if any(pid in hits for pid in chain):
                weak.append(label)
        missing = [e.name for e in rule.elements if e.name not in found]
        if missing or weak:
            cand.status = "partial"
            cand.notes.extend(weak)
            cand.score = 0.4 + 0.3 * cand.found_total / cand.total - (0.05 if weak else 0.0)
            cand.review = not missing and len(weak) == 1 and modality in ("weak", "soft")
        else:
            cand.status = "covered"
            cand.score = 0.9 if modality == "binding" else 0.8
            cand.review = modality != "binding"
        derogation = self._derogation(chain[0], elements, core) if cand.status == "covered" else ""
        if derogation:
            cand.status = "partial"
            cand.notes.append(f"the next paragraph allows departing from it: '{derogation}'")
            cand.score = 0.6
            cand.review = True
        disapplied = self._disapplied(chain) if cand.status == "covered" else None
        if disapplied:
            cited, words = disapplied
            cand.status = "partial"
            cand.notes.append(f"{cited} says it does not apply to some cases: '{words}'")
            cand.score = 0.6
            cand.review = True
        for kind, label in (("exception", "exception clause"), ("crossref", "cross-reference to other law")):
            got = self._words_in(kind, chain, scope)
            if got:
                cand.notes.append(f"{label}: '{got}'")
                if cand.status == "covered":
                    cand.score -= 0.1
                    cand.review = True
        return cand

    def _one_sentence(self, pid: int, elements: ByName, core: set[str]) -> bool:
        """The core elements a paragraph itself contributes must meet in one sentence of it."""
        shared: set[int] | None = None
        for name in core:
            hits = elements[name].get(pid)
            if hits:
                sentences = {self.sentence_of(pid, h.start) for h in hits}
                shared = sentences if shared is None else shared & sentences
        return shared is None or bool(shared)

    def _derogation(self, pid: int, elements: ByName, core: set[str]) -> str:
        """Catalogue §3.3: an exception may sit in the next paragraph ("may be lowered to 16")."""
        nxt = pid + 1
        if nxt >= len(self.index.passages) or self.index.unit(nxt) is not self.index.unit(pid):
            return ""
        anchors = [h for name in core for h in elements[name].get(nxt, ())]
        hits = [h for h in self.markers(nxt).get("derogation", ())
                if any(h.start - NEAR <= a.end and a.start <= h.end + NEAR for a in anchors)]
        return ", ".join(sorted({self.index.span_text(nxt, h.start, h.end).lower() for h in hits}))

    def _disapplied(self, chain: tuple[int, ...]) -> tuple[str, str] | None:
        """Catalogue §3.2: «Положения пункта 1 настоящей статьи не применяются к…», elsewhere in the article.

        Counts when that paragraph names this one's number, or the whole article ("this section does not
        apply to..."); not when it switches off some other law («не распространяется законодательство о…»).
        """
        pid = chain[0]
        unit = self.index.unit(pid)
        first = self.index.pid_of(pid, 0)
        own = LIST_MARKER.match(self.index.passages[pid].paragraph.text)
        label = (own.group(0).strip(" ().") if own else "").lower()
        openers = self._disapply_openers
        for other in range(first, first + len(unit.paragraphs)):
            # A paragraph without the first word of any such phrase has none: its markers need not be found.
            if other in chain or openers.isdisjoint(self.index.tokens[other]):
                continue
            hits = self.markers(other).get("disapply")
            if not hits:
                continue
            text = self.index.passages[other].paragraph.text
            refs = {m.group(1).lower() for m in _REFERENCE.finditer(text)}
            if (label and label in refs) or (not refs and _THIS_UNIT.search(text)):
                words = self.index.span_text(other, hits[0].start, hits[0].end).lower()
                return self.citation(other), words
        return None

    def _scope(self, chain: tuple[int, ...], found: dict[str, list[Hit]]) -> dict[int, set[int]]:
        """Sentences that carry the provision: those with element hits, and each lead-in's last."""
        scope: dict[int, set[int]] = {pid: set() for pid in chain}
        for hits in found.values():
            for h in hits:
                if h.pid in scope:
                    scope[h.pid].add(self.sentence_of(h.pid, h.start))
        for pid in chain[1:]:
            scope[pid].add(len(self.sentences(pid)) - 1)
        return scope

    def _in_scope(self, kind: str, chain: Iterable[int], scope: dict[int, set[int]],
                  near: dict[int, list[Hit]] | None = None) -> list[tuple[int, Hit]]:
        """Markers of ``kind`` in the provision's sentences; with ``near``, only those close to an element."""
        out = []
        for pid in chain:
            anchors = near.get(pid) if near else None
            for h in self.markers(pid).get(kind, ()):
                if self.sentence_of(pid, h.start) not in scope[pid]:
                    continue
                if anchors and not any(h.start - NEAR <= a.end and a.start <= h.end + NEAR for a in anchors):
                    continue
                out.append((pid, h))
        return out

    def _words_in(self, kind: str, chain: Iterable[int], scope: dict[int, set[int]],
                  near: dict[int, list[Hit]] | None = None) -> str:
        hits = self._in_scope(kind, chain, scope, near)
        return ", ".join(sorted({self.index.span_text(pid, h.start, h.end).lower() for pid, h in hits}))

    def _modality(self, chain: tuple[int, ...], scope: dict[int, set[int]], rule: Rule,
                  found: dict[str, list[Hit]]) -> tuple[str, str]:
        """Binding force of the provision: a weakening word counts only near the matched elements."""
        near: dict[int, list[Hit]] = {}
        for hits in found.values():
            for h in hits:
                near.setdefault(h.pid, []).append(h)
        negated = self._words_in("negated", chain, scope)
        if negated:
            return "negated", negated
        conditional = self._words_in("conditional", chain, scope)
        unit = self.index.unit(chain[0])
        if not conditional and _grant_heading(unit.heading):
            conditional = unit.heading
        if conditional:
            return "conditional", conditional
        if _heading_has(unit.heading, lexicon.RESEARCH_HEADINGS):
            return "research", unit.heading
        study = self._words_in("study", chain, scope)
        if study:
            return "research", study
        soft = self._words_in("soft", chain, scope, near)
        if soft:
            return "soft", soft
        binding = self._words_in("binding", chain, scope)
        if binding:
            return "binding", binding
        permissive = self._in_scope("permissive", chain, scope, near)
        if permissive and all(self._restricted(pid, h) for pid, h in permissive):
            return "binding", ", ".join(sorted({self.index.span_text(p, h.start, h.end) for p, h in permissive}))
        weak = ", ".join(w for w in (self._words_in("permissive", chain, scope, near),
                                     self._words_in("hortatory", chain, scope, near)) if w)
        if weak and rule.modality == "binding":
            return "weak", weak
        return "declarative", ""

    def _restricted(self, pid: int, hit: Hit) -> bool:
        """ "may ... only", «может … лишь»: a permission confined to a case is a restriction, so it binds."""
        return any(h.pid == pid and hit.end < h.start <= hit.end + RESTRICT_WINDOW
                   for h in self.markers(pid).get("restrictive", ()))

    # -------------------------------------------------------------- evidence

    def evidence(self, cand: Candidate) -> tuple[Evidence, ...]:
        """Quotes for a reading (rendered once; the pipeline renders them in the worker that judged it)."""
        if cand.evidence is not None:
            return cand.evidence
        if not cand.found:
            return ()
        out = []
        pid = cand.pids[0]
        by_pid: dict[int, dict[str, list[Hit]]] = {}
        for name, hits in cand.found.items():
            for h in hits:
                by_pid.setdefault(h.pid, {}).setdefault(name, []).append(h)
        order = [pid] + [p for p in cand.pids[1:] if p in by_pid]
        for p in order:
            if p not in by_pid and p != pid:
                continue
            out.append(self._quote(p, by_pid.get(p, {})))
        return tuple(out)

    def _quote(self, pid: int, hits: dict[str, list[Hit]]) -> Evidence:
        """The sentence that carries most of the elements, with neighbouring sentences that carry others."""
        para = self.index.passages[pid].paragraph
        unit = self.index.unit(pid)
        text = para.text
        starts = self.sentences(pid)
        names_in: dict[int, set[str]] = {}
        for name, hs in hits.items():
            for h in hs:
                names_in.setdefault(self.sentence_of(pid, h.start), set()).add(name)
        if names_in:
            best = min(names_in, key=lambda i: (-len(names_in[i]), i))
            first = last = best
            while first - 1 in names_in and last - first < 2:
                first -= 1
            while last + 1 in names_in and last - first < 2:
                last += 1
        else:
            first = last = 0
        begin = starts[first]
        end = starts[last + 1] if last + 1 < len(starts) else len(text)
        matched = []
        for name, hs in hits.items():
            words = []
            for h in sorted(hs, key=lambda h: (h.start, -h.end)):
                word = self.index.span_text(pid, h.start, h.end)
                if word not in words:
                    words.append(word)
            matched.append((name, tuple(words)))
        return Evidence(
            path=unit.path, act=unit.act, section=self.citation(pid), line=para.line + text.count("\n", 0, begin),
            text=one_line(text[begin:end]), matched=tuple(matched), page=para.page, anchor=unit.anchor,
        )

    def citation(self, pid: int) -> str:
        """"Article 19(2)(a)": the unit's citation and the list markers down to this paragraph."""
        unit = self.index.unit(pid)
        marks = []
        for p in reversed(self.chain(pid)):
            m = LIST_MARKER.match(self.index.passages[p].paragraph.text)
            if m:
                mark = m.group(0).strip()
                marks.append(mark if mark.startswith("(") else f"({mark.rstrip('.)')})")
        return unit.citation + "".join(marks)


def lookups(rules: Iterable[Rule]) -> tuple[tuple[str, bool], ...]:
    """The (term, exact) look-ups a :class:`Judge` makes of its index for ``rules``: every rule term, and the
    purpose phrases. An index told them in advance builds postings only for the stems they stand for."""
    terms = dict.fromkeys((term, False) for rule in rules
                          for group in (*rule.elements, *rule.partial, *rule.exclude) for term in group.terms)
    terms.update(dict.fromkeys((term, True) for term in lexicon.PURPOSE))
    return tuple(terms)


def verdict(rule: Rule, candidates: list[Candidate], render: Callable[[Candidate], tuple[Evidence, ...]]) -> Verdict:
    """The best reading decides; evidence comes from it and the next best readings of the same status."""
    if not candidates:
        return Verdict(rule.id, "missing", 0.0, missing_elements=tuple(e.name for e in rule.core_elements))
    best = max(candidates, key=Candidate.key)
    status = best.status
    missing = tuple(e.name for e in rule.elements if e.name not in best.found)
    if status == "missing":
        core_missing = tuple(e.name for e in rule.core_elements if e.name not in best.found)
        missing = core_missing or missing
    evidence = render(best)
    if status != "missing":
        seen = {best.pids[0]}
        for other in sorted(candidates, key=Candidate.key, reverse=True):
            if len(evidence) >= MAX_EVIDENCE:
                break
            if other.status == status and other.pids[0] not in seen:
                seen.add(other.pids[0])
                evidence += render(other)[:1]
    notes = list(dict.fromkeys(best.notes))
    if status == "missing" and evidence:
        notes.append("closest wording shown; it lacks a core element")
    return Verdict(rule.id, status, round(max(0.0, min(1.0, best.score)), 2),
                   evidence=tuple(evidence[:MAX_EVIDENCE]), missing_elements=missing,
                   notes=tuple(notes), review=best.review)


def settled(floor: Sequence[tuple[int, float]]) -> bool:
    """Is a rule's podium full of the best keys a reading can have? Then no reading of a later part
    can enter it (an earlier part wins ties), so later parts need not read the rule at all."""
    return len(floor) == MAX_EVIDENCE and all(key >= _best_case(1, 1) for key in floor)


_COVERED = (-STATUS_RANK["covered"], 0.9)  # the best case: every element, binding words
_DECLARED = (-STATUS_RANK["covered"], 0.8)  # every element, no binding words


def _best_case(present: int, total: int) -> tuple[int, float]:
    """The best (status rank, score) :meth:`Judge._provision` gives a provision holding ``present`` of
    ``total`` element weight (the same arithmetic, so the bound is exact)."""
    if present == total:
        return _COVERED
    return -STATUS_RANK["partial"], 0.4 + 0.3 * present / total


def _candidate(pids: tuple[int, ...], found: dict[str, list[Hit]], rule: Rule, core: set[str]) -> Candidate:
    names = [e.name for e in rule.elements]
    core_names = [n for n in names if n in core]
    weights = {n: (2 if n in core else 1) for n in names}
    return Candidate(
        pids=pids, found=found,
        core_found=sum(1 for n in core_names if n in found), core_total=len(core_names),
        found_total=sum(weights[n] for n in names if n in found), total=sum(weights.values()),
    )


def _opens(index: Index, pid: int, token: int) -> bool:
    """Does token ``token`` open paragraph ``pid``, after its list marker ("1.", "(a)") if any (where a purpose
    clause opens)? The marker takes at most as many tokens as characters: that test first, since most
    hits lie further in, and the offsets of the paragraph's words are then never worked out."""
    if token == 0:
        return True
    m = LIST_MARKER.match(index.passages[pid].paragraph.text)
    return m is not None and token <= m.end() and token <= sum(1 for s in index.starts[pid] if s < m.end())


def _defines(text: str) -> bool:
    """Does the paragraph define a quoted term (:data:`_DEFINES`)? Five substring tests first: a
    definition needs an opening quote, and 19 paragraphs in 20 have none, so the regex seldom runs."""
    return ('"' in text or "“" in text or "'" in text or "‘" in text or "«" in text) and bool(_DEFINES.match(text))


def _purpose_heading(heading: str) -> bool:
    h = normalize(heading)
    return h.startswith(("purpose", "findings", "congressional findings", "цели", "задачи", "short title",
                         "rule of construction", "rules of construction"))


def _grant_heading(heading: str) -> bool:
    return _heading_has(heading, lexicon.GRANT_HEADINGS)


def _heading_has(heading: str, words: tuple[str, ...]) -> bool:
    h = set(re.findall(r"\w+", normalize(heading)))
    return any(w in h for w in words)


def judge_all(rulebook: Rulebook, index: Index) -> tuple[Verdict, ...]:
    """One verdict per rule over all statutes of the index: the best reading any provision gives."""
    judge = Judge(index)
    return tuple(judge.judge(rule) for rule in rulebook.rules)
