"""Match stage: index statute text once, then find rule terms in it.

Every paragraph is tokenised and stemmed once; a posting list maps each stem
to the paragraphs that contain it. A rule term is looked up by expanding each
of its stems against the corpus vocabulary (exact, longer forms sharing the
stem, and one-typo neighbours found with rapidfuzz), so the cost of a rule
grows with the vocabulary, not with the size of the text.
"""

from __future__ import annotations

import bisect
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from itertools import chain
from typing import NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import OSA

from lawgap import lexicon
from lawgap.models import Paragraph, Statute, Unit
from lawgap.text import is_cyrillic, spans, stem, stem_many, word_list, words

_term_keys: dict[tuple[str, bool, bool], tuple[str, ...]] = {}  # the same terms are looked up in every part

MIN_PREFIX = 5
MAX_SUFFIX = 4
MIN_FUZZY = 6  # shorter stems have too many one-letter neighbours (heard/head)
MIN_FUZZY_EDIT = 8
FUZZY_PREFIX = 3  # typos are rarely in the first letters; report/resort differ there


class Hit(NamedTuple):
    """A term found in one paragraph: token positions [start, end]."""

    pid: int
    start: int
    end: int


class Passage(NamedTuple):
    """A paragraph with where it sits: statute, unit and paragraph index."""

    statute: int
    unit: int
    para: int
    paragraph: Paragraph


class Matcher:
    """Term lookup with stemming, prefixes and fuzzy neighbours; switchable for measurement."""

    def __init__(self, fuzzy: bool = True, stemming: bool = True) -> None:
        self.fuzzy = fuzzy
        self.stemming = stemming

    def key(self, word: str) -> str:
        return stem(word) if self.stemming else word

    def keys(self, words: list[str]) -> list[str]:
        return stem_many(words) if self.stemming else list(words)


class _Offsets(Sequence[list[int]]):
    """Word start (or end) offsets per paragraph, computed on first use: only quoted paragraphs need them."""

    def __init__(self, index: Index, which: int) -> None:
        self._index = index
        self._which = which

    def __len__(self) -> int:
        return len(self._index.passages)

    def __getitem__(self, pid: int) -> list[int]:  # type: ignore[override]
        return self._index.offsets(pid)[self._which]


class Index:
    """All paragraphs of a set of statutes, tokenised once, with postings per stem."""

    def __init__(self, statutes: Sequence[Statute], matcher: Matcher | None = None) -> None:
        self.statutes = tuple(statutes)
        self.matcher = matcher or Matcher()
        self.passages: list[Passage] = []
        self.unit_start: dict[tuple[int, int], int] = {}
        self._stem_ids: dict[str, int] = {}
        self._stems: list[str] = []
        texts: list[list[str]] = []
        for si, statute in enumerate(self.statutes):
            for ui, unit in enumerate(statute.units):
                self.unit_start[(si, ui)] = len(self.passages)
                for pi, para in enumerate(unit.paragraphs):
                    self.passages.append(Passage(si, ui, pi, para))
                    texts.append(word_list(para.text))
        # The vocabulary is stemmed once, in bulk; then each paragraph maps to stem ids at C speed.
        vocabulary = list(dict.fromkeys(chain.from_iterable(texts)))
        word_ids = {w: self._intern(k) for w, k in zip(vocabulary, self.matcher.keys(vocabulary), strict=True)}
        to_id = word_ids.__getitem__
        self.tokens: list[array] = []
        postings: dict[int, array] = defaultdict(lambda: array("I"))
        for pid, ws in enumerate(texts):
            toks = array("I", map(to_id, ws))
            self.tokens.append(toks)
            for sid in set(toks):
                postings[sid].append(pid)
        self.postings = dict(postings)
        self._offsets: dict[int, tuple[list[int], list[int]]] = {}
        self._where: dict[int, dict[int, list[int]]] = {}
        self.starts: Sequence[list[int]] = _Offsets(self, 0)
        self.ends: Sequence[list[int]] = _Offsets(self, 1)
        self._expand_cache: dict[tuple[str, bool], frozenset[int]] = {}
        self._find_cache: dict[tuple[tuple[str, ...], bool], tuple[Hit, ...]] = {}
        self._hits: dict[tuple[str, ...], Hits] = {}

    def offsets(self, pid: int) -> tuple[list[int], list[int]]:
        """(starts, ends) of the words of paragraph ``pid``, as character offsets in its text."""
        got = self._offsets.get(pid)
        if got is None:
            got = self._offsets[pid] = spans(self.passages[pid].paragraph.text)
        return got

    def _intern(self, s: str) -> int:
        sid = self._stem_ids.get(s)
        if sid is None:
            sid = len(self._stems)
            self._stem_ids[s] = sid
            self._stems.append(s)
        return sid

    @cached_property
    def _sorted_stems(self) -> list[str]:
        return sorted(self._stems)

    @cached_property
    def _by_prefix(self) -> dict[str, list[str]]:
        """Stems bucketed by their first letters: a typo is looked for only after them."""
        out: dict[str, list[str]] = defaultdict(list)
        for s in self._stems:
            if len(s) >= MIN_FUZZY - 1 and not s.isdigit():
                out[s[:FUZZY_PREFIX]].append(s)
        return dict(out)

    def expand(self, key: str, exact: bool = False) -> frozenset[int]:
        """Stem ids in the corpus that a term stem stands for."""
        cache_key = (key, exact)
        got = self._expand_cache.get(cache_key)
        if got is not None:
            return got
        ids = set()
        if key in self._stem_ids:
            ids.add(self._stem_ids[key])
        if not exact and len(key) >= MIN_PREFIX and not key.isdigit():
            stems = self._sorted_stems
            i = bisect.bisect_left(stems, key)
            # Russian derives nouns from verbs by suffix (уведом → уведомлен); English Snowball
            # already joins those forms, and extending its stems joins unrelated words (famili/familiar).
            extend = is_cyrillic(key)
            while extend and i < len(stems) and stems[i].startswith(key):
                if len(stems[i]) - len(key) <= MAX_SUFFIX:
                    ids.add(self._stem_ids[stems[i]])
                i += 1
            if self.matcher.fuzzy and len(key) >= MIN_FUZZY:
                bucket = self._by_prefix.get(key[:FUZZY_PREFIX], [])
                for candidate, _score, _i in process.extract(
                    key, bucket, scorer=OSA.distance, score_cutoff=1, limit=None
                ):
                    # Short stems accept only swapped letters ("reprot"); a changed letter
                    # too often makes another word (entitl/entiti, provis/provid).
                    if len(key) >= MIN_FUZZY_EDIT or sorted(candidate) == sorted(key) or _fleeting(key, candidate):
                        ids.add(self._stem_ids[candidate])
        frozen = frozenset(ids)
        self._expand_cache[cache_key] = frozen
        return frozen

    def term_keys(self, term: str, exact: bool = False) -> list[str]:
        cache_key = (term, exact, self.matcher.stemming)
        keys = _term_keys.get(cache_key)
        if keys is None:
            keys = tuple(self.matcher.key(word) for word, _s, _e in words(term)
                         if exact or word not in lexicon.STOPWORDS)
            if len(_term_keys) < 100_000:
                _term_keys[cache_key] = keys
        return list(keys)

    def find(self, term: str, exact: bool = False) -> tuple[Hit, ...]:
        """Every place ``term`` occurs: all its words within a short window, any order.

        ``exact`` (used for modality and other lexicon phrases) means stems must
        be equal and the words adjacent and in order, stop words included.
        """
        keys = self.term_keys(term, exact)
        cache_key = (tuple(keys), exact)  # terms with the same stems ("child", "children") are found once
        got = self._find_cache.get(cache_key)
        if got is not None:
            return got
        if not keys:
            self._find_cache[cache_key] = ()
            return ()
        expanded = [self.expand(k, exact) for k in keys]
        if any(not e for e in expanded):
            self._find_cache[cache_key] = ()
            return ()
        candidates: set[int] | None = None
        for ids in sorted(expanded, key=lambda e: sum(len(self.postings.get(i, ())) for i in e)):
            pids: set[int] = set()
            for i in ids:
                pids.update(self.postings.get(i, ()))
            candidates = pids if candidates is None else candidates & pids
            if not candidates:
                break
        hits: list[Hit] = []
        if len(expanded) == 1:  # one word (most terms and markers): every occurrence is a hit
            ids = expanded[0]
            for pid in sorted(candidates or ()):
                hits.extend([Hit(pid, i, i) for i in self.positions(pid, ids)])
        else:
            window = len(keys) if exact else max(2 * len(keys) + 2, 4)
            for pid in sorted(candidates or ()):
                hits.extend(self._locate(pid, expanded, window, exact))
        result = tuple(hits)
        self._find_cache[cache_key] = result
        return result

    def positions(self, pid: int, ids: frozenset[int]) -> list[int]:
        """Ascending token positions of any of ``ids`` in paragraph ``pid`` (shared: do not modify)."""
        where = self._where.get(pid)
        if where is None:
            # One pass over the paragraph serves every later term: a located paragraph is looked at again and again.
            where = self._where[pid] = {}
            for i, sid in enumerate(self.tokens[pid]):
                got = where.get(sid)
                if got is None:
                    where[sid] = [i]
                else:
                    got.append(i)
        found = [where[sid] for sid in ids if sid in where] if len(ids) < len(where) else \
            [pos for sid, pos in where.items() if sid in ids]
        if len(found) == 1:
            return found[0]
        return sorted(chain.from_iterable(found))

    def _locate(self, pid: int, expanded: list[frozenset[int]], window: int, exact: bool) -> Iterable[Hit]:
        toks = self.tokens[pid]
        n = len(expanded)
        if exact:
            last = len(toks) - n
            for i in self.positions(pid, expanded[0]):
                if i <= last and all(toks[i + j] in expanded[j] for j in range(1, n)):
                    yield Hit(pid, i, i + n - 1)
            return
        positions = [self.positions(pid, ids) for ids in expanded]
        if n == 1:
            for i in positions[0]:
                yield Hit(pid, i, i)
            return
        last_end = -1
        for anchor in positions[0]:
            lo, hi = anchor - window, anchor + window
            chosen = [anchor]
            for plist in positions[1:]:
                near = plist[bisect.bisect_left(plist, lo):bisect.bisect_right(plist, hi)]
                if not near:
                    break
                chosen.append(min(near, key=lambda p: abs(p - anchor)))
            else:
                start, end = min(chosen), max(chosen)
                if end - start < window and start > last_end:
                    last_end = end
                    yield Hit(pid, start, end)

    def hits(self, terms: Sequence[str]) -> Hits:
        """Where any of ``terms`` occurs, by paragraph (see :class:`Hits`); shared by rules with the same terms."""
        got = self._hits.get(tuple(terms))
        if got is None:
            ids: set[int] = set()
            phrases: dict[int, set[Hit]] = defaultdict(set)
            for term in terms:
                keys = self.term_keys(term)
                if len(keys) == 1:
                    ids |= self.expand(keys[0])
                elif keys:
                    for hit in self.find(term):
                        phrases[hit.pid].add(hit)
            got = self._hits[tuple(terms)] = Hits(self, frozenset(ids), phrases)
        return got

    def any_hits(self, terms: Iterable[str], exact: bool = False) -> dict[int, list[Hit]]:
        """Hits of any of ``terms``, grouped by paragraph, all located at once (for lexicon phrases)."""
        out: dict[int, list[Hit]] = defaultdict(list)
        for term in terms:
            for hit in self.find(term, exact):
                out[hit.pid].append(hit)
        return dict(out)

    # ------------------------------------------------------------ helpers

    def postings_of(self, ids: Iterable[int]) -> set[int]:
        """Paragraphs that contain any of the stem ``ids``."""
        out: set[int] = set()
        for i in ids:
            got = self.postings.get(i)
            if got is not None:
                out.update(got)
        return out

    def unit(self, pid: int) -> Unit:
        p = self.passages[pid]
        return self.statutes[p.statute].units[p.unit]

    def pid_of(self, pid: int, para: int) -> int:
        """The pid of paragraph ``para`` in the unit of ``pid``."""
        p = self.passages[pid]
        return self.unit_start[(p.statute, p.unit)] + para

    def span_text(self, pid: int, start: int, end: int) -> str:
        starts, ends = self.offsets(pid)
        return self.passages[pid].paragraph.text[starts[start]:ends[end]]


class Hits(Mapping[int, list[Hit]]):
    """Where any of a rule's terms occurs: paragraph -> hits in token order.

    Which paragraphs is known at once from the postings; where in a paragraph
    a one-word term sits is worked out only when that paragraph is asked for,
    because most paragraphs a common word hits ("child", «ребенок») are never
    read further: they lack a rule's other core elements.
    """

    def __init__(self, index: Index, ids: frozenset[int], phrases: Mapping[int, set[Hit]]) -> None:
        self._index = index
        self._ids = ids
        self._phrases = phrases
        self.pids = frozenset(index.postings_of(ids)).union(phrases)
        self._got: dict[int, list[Hit]] = {}

    def __contains__(self, pid: object) -> bool:
        return pid in self.pids

    def __getitem__(self, pid: int) -> list[Hit]:
        got = self._got.get(pid)
        if got is None:
            if pid not in self.pids:
                raise KeyError(pid)
            got = [Hit(pid, i, i) for i in self._index.positions(pid, self._ids)] if self._ids else []
            if pid in self._phrases:
                got = sorted(self._phrases[pid].union(got))
            self._got[pid] = got
        return got

    def get(self, pid: int, default: list[Hit] | None = None) -> list[Hit] | None:  # type: ignore[override]
        return self[pid] if pid in self.pids else default

    def __iter__(self) -> Iterator[int]:
        return iter(sorted(self.pids))

    def __len__(self) -> int:
        return len(self.pids)


def _fleeting(a: str, b: str) -> bool:
    """Russian fleeting vowels: «ребенок» / «ребенка» stem to ребенок / ребенк."""
    if len(a) != len(b) + 1:
        return False
    return any(a[i] in "оеё" and a[:i] + a[i + 1:] == b for i in range(len(a)))
