"""The pipeline in batches of files: each batch read, segmented, indexed and judged together, then pooled.

Why batches: a rule's terms are prepared once per index (stems expanded
against its vocabulary, postings intersected), so many small files in one
index cost much less than one index each. Why bounded: memory stays bounded
by the batch, not the corpus, and batches go to worker processes (``jobs``
> 1). An index holds at most :data:`MAX_PART_PARAGRAPHS` paragraphs of whole
units; a larger batch or file is indexed in parts.

Why pooling is exact: a reading of a rule depends only on the paragraphs of
one unit (a provision and its lead-ins), and term look-up in a paragraph
gives the same hits whatever else was indexed with it. So each part keeps
the readings that :func:`lawgap.judge.verdict` could pick (its best status,
the top :data:`MAX_EVIDENCE` first paragraphs), with their evidence
rendered, and the pooled readings give the verdicts one index over
everything would give, byte for byte, with any batches and any number of jobs.

Why parts pass on a :class:`Floor`: a part read after an earlier one in the
same process need not read a provision that cannot beat the readings
already kept, which is most of them; so more, smaller batches cost little more.
"""

from __future__ import annotations

import gc
import heapq
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from lawgap.errors import LawgapError
from lawgap.judge import MAX_EVIDENCE, Candidate, Judge, lookups, settled, verdict
from lawgap.load import read_document
from lawgap.match import Index, Matcher
from lawgap.models import Evidence, Rule, Statute, StatuteInfo, Unit, Verdict
from lawgap.segment import segment

MAX_PART_PARAGRAPHS = 50_000  # about 12 MB of statute text: one index at a time stays well under 1 GB
MAX_BATCH_BYTES = 10_000_000  # about: a file goes to the batch its middle falls in
MIN_BATCH_BYTES = 250_000

Near = tuple[int, Candidate | None]
RuleReadings = tuple[list[Candidate], Near | None]


@dataclass
class Part:
    """Readings of every rule in one part of a statute, and how many paragraphs the part has."""

    paragraphs: int
    readings: list[RuleReadings]


@dataclass
class FileResult:
    """What a worker sends back for one file: its summary and parts, or the error that stopped it."""

    shown: str
    info: StatuteInfo | None = None
    parts: tuple[Part, ...] = ()
    error: tuple[type[LawgapError], str, str | None, int | None, int | None] | None = None

    def raise_error(self) -> None:
        """Raise the worker's error again, as the same class with the same message and place."""
        assert self.error is not None
        kind, message, path, line, column = self.error
        exc = kind.__new__(kind)
        LawgapError.__init__(exc, message, path, line, column)
        raise exc


@dataclass(frozen=True)
class Settings:
    rules: tuple[Rule, ...]
    max_bytes: int
    fuzzy: bool = True
    stemming: bool = True

    def wanted(self, active: tuple[int, ...]) -> tuple[tuple[str, bool], ...]:
        """The look-ups a part's index will get when the rules numbered ``active`` are read (see
        :func:`lawgap.judge.lookups`), worked out once per set of rules."""
        cache: dict[tuple[int, ...], tuple[tuple[str, bool], ...]] = self.__dict__.setdefault("_wanted", {})
        got = cache.get(active)
        if got is None:
            got = cache[active] = lookups(self.rules[r] for r in active)
        return got


class Floor:
    """Per rule, the (status rank, score) keys of the best readings kept from the parts judged so far.

    Valid for parts later in the corpus only (see :meth:`lawgap.judge.Judge.readings`), so it
    remembers the number of the batch it has reached.
    """

    def __init__(self, rules: int) -> None:
        self.keys: list[tuple[tuple[int, float], ...]] = [() for _ in range(rules)]
        self.batch = -1

    def start(self, batch: int) -> None:
        """Move on to batch number ``batch``: the keys held stay only if it comes after theirs."""
        if batch <= self.batch:
            self.keys = [() for _ in self.keys]
        self.batch = batch

    def add(self, r: int, kept: Sequence[Candidate]) -> None:
        """Take in the readings a part kept for rule ``r``."""
        if kept:
            self.keys[r] = tuple(heapq.nlargest(MAX_EVIDENCE, (*self.keys[r], *(c.key()[:2] for c in kept))))


_settings: Settings | None = None  # set once per worker process by _init
_floor: Floor | None = None  # the worker's floor: its batches come in corpus order


def _init(settings: Settings) -> None:
    global _settings, _floor
    _settings = settings
    _floor = Floor(len(settings.rules))


def _check_numbered(numbered: tuple[int, Sequence[tuple[Path, str]]]) -> list[FileResult]:
    """:func:`check_batch` in a worker, with its settings and floor."""
    number, batch = numbered
    assert _settings is not None and _floor is not None
    return check_batch(batch, _settings, _floor, number)


def check_batch(batch: Sequence[tuple[Path, str]], settings: Settings, floor: Floor | None = None,
                number: int = 0) -> list[FileResult]:
    """Read and segment each file of a batch, then index and judge them together. A part's readings go
    with the file the part ends in. ``floor`` holds readings of batches before this one, ``number``."""
    if floor is not None:
        floor.start(number)
    # The cyclic collector would rescan the growing index again and again while it is built and
    # read (about 10% of the time) and find nothing: a batch makes no reference cycles (a test
    # checks), so refcounting frees it all.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _check_batch(batch, settings, floor)
    finally:
        if collecting:
            gc.enable()


def _check_batch(batch: Sequence[tuple[Path, str]], settings: Settings, floor: Floor | None = None
                 ) -> list[FileResult]:
    results: list[FileResult] = []
    statutes: list[Statute] = []
    owner: list[int] = []
    for path, shown in batch:
        try:
            statute = segment(read_document(path, shown, settings.max_bytes))
        except LawgapError as exc:
            results.append(FileResult(shown, error=(type(exc), exc.message, exc.path, exc.line, exc.column)))
            continue
        results.append(FileResult(shown, StatuteInfo(statute.path, statute.title, statute.language, statute.format,
                                                      len(statute.units), statute.lines, statute.warnings)))
        statutes.append(statute)
        owner.append(len(results) - 1)
    parts: dict[int, list[Part]] = {}
    for chunk, last in split(statutes):
        parts.setdefault(owner[last], []).append(judge_part(chunk, settings, floor))
    for i, got in parts.items():
        results[i].parts = tuple(got)
    return results


def split(statutes: Sequence[Statute], limit: int | None = None) -> Iterator[tuple[list[Statute], int]]:
    """Parts of whole units with at most ``limit`` (default :data:`MAX_PART_PARAGRAPHS`) paragraphs (a larger
    unit is a part alone), each with the index of the statute it ends in."""
    limit = limit or MAX_PART_PARAGRAPHS
    chunk: list[Statute] = []
    units: list[Unit] = []
    size = 0
    for s, statute in enumerate(statutes):
        for unit in statute.units:
            if size + len(unit.paragraphs) > limit and (chunk or units):
                if units:
                    chunk.append(replace(statute, units=tuple(units)))
                yield chunk, s if units else s - 1
                chunk, units, size = [], [], 0
            units.append(unit)
            size += len(unit.paragraphs)
        if units:
            chunk.append(statute if len(units) == len(statute.units) else replace(statute, units=tuple(units)))
            units = []
    if chunk:
        yield chunk, len(statutes) - 1


def judge_part(statutes: Sequence[Statute], settings: Settings, floor: Floor | None = None) -> Part:
    """Every rule's readings in one part, keeping only those a verdict could use (given ``floor``, which
    holds earlier parts' readings and takes in this part's)."""
    # A rule settled by earlier parts (see :func:`lawgap.judge.settled`) is not read, nor its terms indexed.
    active = tuple(r for r in range(len(settings.rules)) if floor is None or not settled(floor.keys[r]))
    index = Index(statutes, Matcher(fuzzy=settings.fuzzy, stemming=settings.stemming), settings.wanted(active))
    judge = Judge(index)
    readings: list[RuleReadings] = [([], None)] * len(settings.rules)
    for r in active:
        got = finalists(judge, settings.rules[r], floor.keys[r] if floor is not None else ())
        if floor is not None:
            floor.add(r, got[0])
        readings[r] = got
    return Part(len(index.passages), readings)


def finalists(judge: Judge, rule: Rule, floor: Sequence[tuple[int, float]] = ()) -> RuleReadings:
    """The readings :func:`lawgap.judge.verdict` may pick from this part, with evidence rendered.

    It picks the best reading and takes evidence from the next best of the same
    status with other first paragraphs; a part's readings of a worse status, or
    beyond the first MAX_EVIDENCE first paragraphs, can never be among those.
    """
    candidates, near = judge.readings(rule, floor)
    kept: list[Candidate] = []
    seen: set[int] = set()
    for cand in sorted(candidates, key=Candidate.key, reverse=True):
        if kept and cand.status != kept[0].status:
            break
        if cand.pids[0] in seen:
            continue
        seen.add(cand.pids[0])
        cand.evidence = judge.evidence(cand)
        kept.append(cand)
        if len(kept) == MAX_EVIDENCE:
            break
    if near is not None and near[1] is not None:
        near[1].evidence = judge.evidence(near[1])
    return kept, near


def pool(rules: Sequence[Rule], parts: Sequence[Part]) -> tuple[Verdict, ...]:
    """One verdict per rule from the readings of all parts, in corpus order."""
    verdicts = []
    for r, rule in enumerate(rules):
        candidates: list[Candidate] = []
        near: Near | None = None
        offset = 0
        for part in parts:
            found, part_near = part.readings[r]
            # Paragraph numbers as one index over every part would have them: ties break on them.
            candidates.extend(replace(c, pids=tuple(p + offset for p in c.pids)) for c in found)
            if part_near is not None and (near is None or part_near[0] > near[0]):
                near = part_near
            offset += part.paragraphs
        if not candidates and near is not None and near[1] is not None:
            candidates = [near[1]]
        verdicts.append(verdict(rule, candidates, _rendered))
    return tuple(verdicts)


def _rendered(cand: Candidate) -> tuple[Evidence, ...]:
    assert cand.evidence is not None
    return cand.evidence


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def batches(files: Sequence[tuple[Path, str]], jobs: int = 1) -> list[list[tuple[Path, str]]]:
    """Consecutive files in batches of about equal size: as large as memory allows (a batch's terms are
    prepared once, whatever its size), yet at least three per worker, and as many for every worker, so
    that none waits for the others at the end."""
    sizes = [_size(path) for path, _shown in files]
    total = sum(sizes)
    per_worker = max(3, -(-total // (jobs * MAX_BATCH_BYTES)))
    count = max(1, min(jobs * per_worker, total // MIN_BATCH_BYTES))
    out: list[list[tuple[Path, str]]] = []
    before = 0
    last = -1
    for file, size in zip(files, sizes, strict=True):
        # The batch the middle of the file falls in, were the corpus cut into ``count`` equal lengths.
        number = min(count - 1, (2 * before + size) * count // (2 * total)) if total else 0
        if number != last or not out:
            out.append([])
            last = number
        out[-1].append(file)
        before += size
    return out


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reading it will report the problem


def run(files: Sequence[tuple[Path, str]], settings: Settings, jobs: int = 1,
        progress: Callable[[str], None] | None = None) -> Iterator[FileResult]:
    """Results for ``files`` in their order, from ``jobs`` worker processes (1: in this one)."""
    groups = batches(files, jobs)
    if jobs <= 1 or len(groups) <= 1:
        floor = Floor(len(settings.rules))
        for number, batch in enumerate(groups):
            for result in check_batch(batch, settings, floor, number):
                if progress is not None:
                    progress(result.shown)
                yield result
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork: workers start at once with everything imported; elsewhere the platform default.
    context = multiprocessing.get_context("fork") if sys.platform == "linux" else None
    executor = ProcessPoolExecutor(min(jobs, len(groups)), mp_context=context, initializer=_init,
                                   initargs=(settings,))
    try:
        for results in executor.map(_check_numbered, enumerate(groups)):
            for result in results:
                if progress is not None:
                    progress(result.shown)
                yield result
    except BaseException:
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    executor.shutdown()
