"""Match stage: index statute text once, then find rule terms in it.

Every paragraph is tokenised and stemmed once; a posting list maps each stem
to the paragraphs that contain it. A rule term is looked up by expanding each
of its stems against the corpus vocabulary (exact, longer forms sharing the
stem, and one-typo neighbours found with rapidfuzz), so the cost of a rule
grows with the vocabulary, not with the size of the text. Where in a
paragraph a term sits is worked out only for the paragraphs the judge reads
(:class:`Hits`). A term inside the name of another law does not count.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cached_property, partial
from itertools import count, repeat
from typing import NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import OSA

from lawgap import lexicon
from lawgap.models import Paragraph, Statute, Unit
from lawgap.text import is_cyrillic, spans, stem, word_list, words

_term_keys: dict[tuple[str, bool, bool], tuple[tuple[str, str], ...]] = {}  # the same terms are looked up in every part
_lookups: dict[tuple[tuple[tuple[str, bool], ...], bool], tuple[tuple[str, bool, str], ...]] = {}  # see Index._lookups

MIN_PREFIX = 5
MAX_SUFFIX = 4
MIN_FUZZY = 6  # shorter stems have too many one-letter neighbours (heard/head)
MIN_FUZZY_EDIT = 8
FUZZY_PREFIX = 3  # typos are rarely in the first letters; report/resort differ there


PhraseTable = dict[int, list[tuple[str, tuple[int, ...]]]]  # first stem id -> (kind, stem ids) of phrases


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


class _Offsets(Sequence[list[int]]):
    """Word start (or end) offsets per paragraph, computed on first use: only quoted paragraphs need them."""

    def __init__(self, passages: list[Passage], cache: dict[int, tuple[list[int], list[int]]], which: int) -> None:
        self._passages = passages  # not the index: no reference cycle, so refcounting frees an index at once
        self._cache = cache
        self._which = which

    def __len__(self) -> int:
        return len(self._passages)

    def __getitem__(self, pid: int) -> list[int]:  # type: ignore[override]
        got = self._cache.get(pid)
        if got is None:
            got = self._cache[pid] = spans(self._passages[pid].paragraph.text)
        return got[self._which]


class _WordIds(dict[str, int]):
    """Word -> stem id, for the words of one index; a word is stemmed and its stem interned when first met.

    Why a dict with ``__missing__``: the look-up of every token runs at C speed, and only the
    vocabulary (a few thousand words per part) costs Python calls, with no pass to collect it first.
    """

    def __init__(self, index: Index) -> None:
        super().__init__()
        self._index = index

    def __missing__(self, word: str) -> int:
        sid = self[word] = self._index._intern(self._index.matcher.key(word))
        return sid


class Index:
    """All paragraphs of a set of statutes, tokenised once, with postings per stem."""

    def __init__(self, statutes: Sequence[Statute], matcher: Matcher | None = None,
                 wanted: Iterable[tuple[str, bool]] | None = None) -> None:
        """Tokenise ``statutes``. ``wanted``: the (term, exact) look-ups to come, if known; postings are then
        built only for the stems those terms stand for (about half the work), and for all on a look-up of another."""
        self.statutes = tuple(statutes)
        self.matcher = matcher or Matcher()
        self.passages: list[Passage] = []
        self.unit_start: dict[tuple[int, int], int] = {}
        self._stem_ids: dict[str, int] = {}
        self._stems: list[str] = []
        word_ids = _WordIds(self)
        to_id = word_ids.__getitem__
        # Token ids in lists, not arrays: a list holds the very int objects interned, so neither
        # it nor the set of a paragraph's ids below creates an int per token (an array does).
        self.tokens: list[list[int]] = []
        passages, tokens = self.passages, self.tokens
        new_passage = partial(tuple.__new__, Passage)  # Passage(si, ui, pi, para) at C speed
        for si, statute in enumerate(self.statutes):
            for ui, unit in enumerate(statute.units):
                self.unit_start[(si, ui)] = len(passages)
                paras = unit.paragraphs
                passages.extend(map(new_passage, zip(repeat(si), repeat(ui), count(), paras)))
                tokens.extend([list(map(to_id, word_list(para.text))) for para in paras])
        offsets: dict[int, tuple[list[int], list[int]]] = {}  # shared by starts and ends
        self._law_names: dict[int, list[tuple[int, int]]] = {}
        self.starts: Sequence[list[int]] = _Offsets(self.passages, offsets, 0)
        self.ends: Sequence[list[int]] = _Offsets(self.passages, offsets, 1)
        self._expand_cache: dict[tuple[str, bool, str], frozenset[int]] = {}
        self._queries: dict[tuple[tuple[frozenset[int], ...], bool], Query | None] = {}
        self._pids: dict[frozenset[int], frozenset[int]] = {}
        self.postings: list[list[int]] = []  # stem id -> the paragraphs holding it, ascending
        self._posted: set[int] | None = None  # the stems with postings (None: all)
        if wanted is None:
            self._post(None)
        else:
            ids: set[int] = set()
            for key, exact, word in self._lookups(wanted):
                ids.update(self.expand(key, exact, word))
            self._post(ids)

    def _lookups(self, wanted: Iterable[tuple[str, bool]]) -> tuple[tuple[str, bool, str], ...]:
        """The distinct (stem, exact, word) look-ups of the terms ``wanted``: terms share words ("child",
        "child's parent"), so there are about half as many; every part of a corpus is told the same terms,
        so they are worked out once."""
        wanted = tuple(wanted)
        cache_key = (wanted, self.matcher.stemming)
        got = _lookups.get(cache_key)
        if got is None:
            got = tuple(dict.fromkeys((key, exact, word) for term, exact in wanted
                                      for key, word in self.term_words(term, exact)))
            if len(_lookups) < 64:
                _lookups[cache_key] = got
        return got

    def _post(self, ids: set[int] | None) -> None:
        """Fill :attr:`postings` for the stem ``ids`` (None: every stem)."""
        postings: list[list[int]] = [[] for _ in self._stems]
        for pid, toks in enumerate(self.tokens):
            for sid in (set(toks) if ids is None else ids.intersection(toks)):
                postings[sid].append(pid)
        self.postings = postings
        self._posted = ids

    def law_names(self, pid: int) -> list[tuple[int, int]]:
        """Character spans of the names of other laws in paragraph ``pid`` (see :func:`law_names_in`)."""
        got = self._law_names.get(pid)
        if got is None:
            got = self._law_names[pid] = law_names_in(self.passages[pid].paragraph.text)
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

    def expand(self, key: str, exact: bool = False, word: str = "") -> frozenset[int]:
        """Stem ids in the corpus that a term stem (of ``word``, if given) stands for."""
        cache_key = (key, exact, word)
        got = self._expand_cache.get(cache_key)
        if got is not None:
            return got
        ids = set()
        if key in self._stem_ids:
            ids.add(self._stem_ids[key])
        if not exact and len(word) > len(key) and is_cyrillic(key):
            # Snowball cuts some Russian nominatives a letter deeper than their other cases
            # (орган → орга, органом → орган): a longer stem the term's own word begins with is the same word.
            for n in range(len(key) + 1, len(word) + 1):
                if word[:n] in self._stem_ids:
                    ids.add(self._stem_ids[word[:n]])
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
                    if (len(key) >= MIN_FUZZY_EDIT or sorted(candidate) == sorted(key) or _fleeting(key, candidate)
                        or _spelling(key, candidate)):
                        ids.add(self._stem_ids[candidate])
        frozen = frozenset(ids)
        self._expand_cache[cache_key] = frozen
        return frozen

    def term_words(self, term: str, exact: bool = False) -> tuple[tuple[str, str], ...]:
        """The (stem, word) pairs of a term's words, stop words left out unless ``exact``."""
        cache_key = (term, exact, self.matcher.stemming)
        got = _term_keys.get(cache_key)
        if got is None:
            got = tuple((self.matcher.key(word), word) for word, _s, _e in words(term)
                        if exact or word not in lexicon.STOPWORDS)
            if len(_term_keys) < 100_000:
                _term_keys[cache_key] = got
        return got

    def term_keys(self, term: str, exact: bool = False) -> list[str]:
        return [key for key, _word in self.term_words(term, exact)]

    def query(self, term: str, exact: bool = False) -> Query | None:
        """How to look for ``term``: the stem ids each word stands for, and the paragraphs holding them all.

        ``exact`` (used for modality and other lexicon phrases) means stems must
        be equal and the words adjacent and in order, stop words included.
        None: the term cannot occur in this index.
        """
        pairs = self.term_words(term, exact)
        expanded = tuple(self.expand(k, exact, w) for k, w in pairs)
        cache_key = (expanded, exact)  # terms with the same stems ("child", "children") are looked up once
        if cache_key in self._queries:
            return self._queries[cache_key]
        query = None
        if expanded and all(expanded):
            candidates = frozenset.intersection(*sorted(map(self.pids, expanded), key=len))
            if candidates:
                window = len(pairs) if exact else max(2 * len(pairs) + 2, 4)
                query = Query(expanded, window, exact, frozenset(candidates))
        self._queries[cache_key] = query
        return query

    def find(self, term: str, exact: bool = False) -> list[Hit]:
        """Every place ``term`` occurs: all its words within a short window, any order (or, ``exact``, in a row)."""
        query = self.query(term, exact)
        if query is None:
            return []
        return [hit for pid in sorted(query.pids) for hit in self.locate(pid, query)]

    def positions(self, pid: int, ids: frozenset[int]) -> list[int]:
        """Ascending token positions of any of ``ids`` in paragraph ``pid``."""
        toks = self.tokens[pid]
        if len(ids) > 3:
            return [i for i, sid in enumerate(toks) if sid in ids]
        index = toks.index
        out: list[int] = []
        for sid in ids:
            # list.index scans at C speed; a paragraph holds few of a term's stems, once or twice each.
            i = -1
            try:
                while True:
                    i = index(sid, i + 1)
                    out.append(i)
            except ValueError:
                pass
        if len(ids) > 1:
            out.sort()
        return out

    def locate(self, pid: int, query: Query) -> Iterator[Hit]:
        """The hits of a query in paragraph ``pid`` (one of ``query.pids``)."""
        expanded, window = query.keys, query.window
        toks = self.tokens[pid]
        n = len(expanded)
        if n == 1:
            for i in self.positions(pid, expanded[0]):
                yield Hit(pid, i, i)
            return
        if query.exact:
            last = len(toks) - n
            for i in self.positions(pid, expanded[0]):
                if i <= last and all(toks[i + j] in expanded[j] for j in range(1, n)):
                    yield Hit(pid, i, i + n - 1)
            return
        positions = [self.positions(pid, ids) for ids in expanded]
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
                if end - start < window and start > last_end and not self._split(pid, start, end):
                    last_end = end
                    yield Hit(pid, start, end)

    def _split(self, pid: int, start: int, end: int) -> bool:
        """Whether a sentence ends between tokens ``start`` and ``end``: a phrase's words belong to one sentence."""
        gap = self.passages[pid].paragraph.text[self.ends[pid][start]:self.starts[pid][end] + 1]
        return _SENTENCE_END.search(gap) is not None

    def hits(self, terms: Sequence[str]) -> Hits:
        """Where any of ``terms`` occurs, by paragraph (see :class:`Hits`)."""
        words: list[frozenset[int]] = []
        queries = []
        for term in terms:
            keys = self.term_words(term)
            if len(keys) == 1:
                words.append(self.expand(keys[0][0], word=keys[0][1]))
            elif keys:
                query = self.query(term)
                if query is not None and query not in queries:
                    queries.append(query)
        return Hits(self, words, tuple(queries))

    def pids(self, ids: frozenset[int]) -> frozenset[int]:
        """Paragraphs that contain any of the stem ``ids`` (an :meth:`expand` result: the same few recur)."""
        got = self._pids.get(ids)
        if got is None:
            if self._posted is not None and not self._posted.issuperset(ids):
                self._post(None)
            found: set[int] = set()
            for i in ids:
                found.update(self.postings[i])
            got = self._pids[ids] = frozenset(found)
        return got

    def any_hits(self, terms: Iterable[str], exact: bool = False) -> dict[int, list[Hit]]:
        """Hits of any of ``terms``, grouped by paragraph, all located at once (for lexicon phrases).

        Terms with the same stems ("the purpose of", "the purposes of") share a query: located once.
        """
        out: dict[int, list[Hit]] = defaultdict(list)
        done: set[int] = set()
        for term in terms:
            query = self.query(term, exact)
            if query is None or id(query) in done:  # queries are cached per index: the same stems, the same object
                continue
            done.add(id(query))
            for pid in sorted(query.pids):
                for hit in self.locate(pid, query):
                    out[pid].append(hit)
        return dict(out)

    def phrases(self, pid: int, table: PhraseTable) -> dict[str, list[Hit]]:
        """Exact phrases of each kind (a :meth:`phrase_table`) in paragraph ``pid``: its tokens, not the index."""
        toks = self.tokens[pid]
        found: dict[str, list[Hit]] = {}
        for sid in table.keys() & set(toks):
            for i in self.positions(pid, frozenset((sid,))):
                for kind, seq in table[sid]:
                    if len(seq) == 1 or tuple(toks[i:i + len(seq)]) == seq:
                        found.setdefault(kind, []).append(Hit(pid, i, i + len(seq) - 1))
        return found

    def phrase_table(self, kinds: Mapping[str, Sequence[str]]) -> PhraseTable:
        """Phrases as stem-id sequences, by their first id; a phrase with a word not in the index is left out."""
        table: dict[int, list[tuple[str, tuple[int, ...]]]] = defaultdict(list)
        for kind, terms in kinds.items():
            for term in terms:
                ids = tuple(self._stem_ids.get(k, -1) for k in self.term_keys(term, exact=True))
                if ids and -1 not in ids and (kind, ids) not in table[ids[0]]:
                    table[ids[0]].append((kind, ids))
        return dict(table)

    # ------------------------------------------------------------ helpers

    def unit(self, pid: int) -> Unit:
        p = self.passages[pid]
        return self.statutes[p.statute].units[p.unit]

    def pid_of(self, pid: int, para: int) -> int:
        """The pid of paragraph ``para`` in the unit of ``pid``."""
        p = self.passages[pid]
        return self.unit_start[(p.statute, p.unit)] + para

    def span_text(self, pid: int, start: int, end: int) -> str:
        return self.passages[pid].paragraph.text[self.starts[pid][start]:self.ends[pid][end]]


class Query(NamedTuple):
    """A term prepared for one index: stem ids per word, how close they must be, where they all occur."""

    keys: tuple[frozenset[int], ...]
    window: int
    exact: bool
    pids: frozenset[int]


class Hits(Mapping[int, list[Hit]]):
    """Where any of a rule's terms occurs: paragraph -> hits in token order.

    Located lazily, because most paragraphs a common word hits ("child",
    «ребенок») are never read further: they lack a rule's other core elements.
    :attr:`maybe` (paragraphs holding a one-word term, or every word of a
    longer one) is known at once from the postings; whether a longer term's
    words are close enough in a paragraph is settled when it is asked about.
    """

    def __init__(self, index: Index, words: list[frozenset[int]], queries: tuple[Query, ...]) -> None:
        self._index = index
        self._ids = frozenset().union(*words)
        self._queries = queries
        self._words = frozenset().union(*map(index.pids, words))
        self.maybe = self._words.union(*(q.pids for q in queries))
        self._got: dict[int, list[Hit]] = {}

    @cached_property
    def pids(self) -> frozenset[int]:
        """The paragraphs with a hit (locating every longer term)."""
        return frozenset(pid for pid in self.maybe if pid in self)

    def __contains__(self, pid: object) -> bool:
        if pid in self._words and not self._index.law_names(pid):  # type: ignore[arg-type]
            return True
        return pid in self.maybe and bool(self[pid])  # type: ignore[index]

    def __getitem__(self, pid: int) -> list[Hit]:
        got = self._got.get(pid)
        if got is None:
            if pid not in self.maybe:
                raise KeyError(pid)
            got = [Hit(pid, i, i) for i in self._index.positions(pid, self._ids)] if pid in self._words else []
            located = [h for q in self._queries if pid in q.pids for h in self._index.locate(pid, q)]
            if located:
                got = sorted(set(got).union(located))
            names = self._index.law_names(pid)
            if names and got:
                starts = self._index.starts[pid]
                got = [h for h in got if not any(a <= starts[h.start] and starts[h.end] < b for a, b in names)]
            self._got[pid] = got
        return got

    def get(self, pid: int, default: list[Hit] | None = None) -> list[Hit] | None:  # type: ignore[override]
        """The hits in ``pid`` (an empty list where a longer term's words turned out too far apart)."""
        return self[pid] if pid in self.maybe else default

    def __iter__(self) -> Iterator[int]:
        return iter(sorted(self.pids))

    def __len__(self) -> int:
        return len(self.pids)


_NAME = re.compile(r"[A-Z][\w'’.-]*(?:(?:\s+(?:of|and|the|for|on|in|to|&)){0,2}\s+[A-Z][\w'’.-]*)+")
_NAME_WORD = re.compile(r"(?<![\w'’.-])[A-Z]")
_CAPITAL = re.compile("[A-Z]")
_LAW_NAME = re.compile(r"\b(?:Acts?|Code|Convention|Law|Statute|Protocol|Regulations|Rules)\b")
_LAW_WORDS = ("Act", "Code", "Convention", "Law", "Statute", "Protocol", "Regulations", "Rules")  # _LAW_NAME's literals
_SENTENCE_OPENS = re.compile(r"(?:^|[.!?:;)]\s+|^\s*\(?[0-9a-zA-Z]{1,4}[.)]\s+)$")


_SENTENCE_END = re.compile(r"[.!?]\s*[A-ZА-ЯЁ]|;")


def law_names_in(text: str) -> list[tuple[int, int]]:
    """Spans of the names of other laws: runs of three or more capitalised words with Act, Code, Rules...

    A term inside such a name ("Family Educational Rights and Privacy Act")
    cites another law; it states no duty here. Names of bodies are left alone:
    "the Commissioner for Children's Rights" may be the very body a rule asks
    for. A run's first word does not count when a sentence opens with it.
    Russian names of laws are quoted, not capitalised, and are left alone.
    """
    # A name needs one of the words of _LAW_NAME: nine in ten paragraphs with capitals have none.
    if _CAPITAL.search(text) is None or not any(word in text for word in _LAW_WORDS):
        return []
    out = []
    for m in _NAME.finditer(text):
        capitals = len(_NAME_WORD.findall(m.group()))
        if _SENTENCE_OPENS.search(text, 0, m.start()) and capitals:
            capitals -= 1
        if capitals >= 3 and _LAW_NAME.search(m.group()):
            out.append(m.span())
    return out


def _spelling(a: str, b: str) -> bool:
    """British and American spellings of one stem: offenc/offens, organis/organiz, behaviour/behavior."""
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 and {a[diff[0]], b[diff[0]]} in ({"c", "s"}, {"s", "z"})
    long, short = (a, b) if len(a) > len(b) else (b, a)
    return len(long) == len(short) + 1 and any(
        long[i - 1:i + 2] == "our" and long[:i] + long[i + 1:] == short for i in range(1, len(long) - 1))


def _fleeting(a: str, b: str) -> bool:
    """Russian fleeting vowels: «ребенок» / «ребенка» stem to ребенок / ребенк."""
    if len(a) != len(b) + 1:
        return False
    return any(a[i] in "оеё" and a[:i] + a[i + 1:] == b for i in range(len(a)))
