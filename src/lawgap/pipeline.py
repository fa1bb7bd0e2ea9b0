"""The pipeline file by file: each statute read, segmented, indexed and judged on its own, then pooled.

Why per file: memory stays bounded by the largest file, not the corpus, and
files can go to worker processes (``jobs`` > 1). A file with very many
paragraphs is indexed in parts of whole units, for the same reason.

Why pooling is exact: a reading of a rule depends only on the paragraphs of
one unit (a provision and its lead-ins, or the items of one list), and term
look-up in a paragraph gives the same hits whatever else was indexed with it.
So each part keeps the readings that :func:`lawgap.judge.verdict` could pick
(its best status, the top :data:`MAX_EVIDENCE` first paragraphs), with their
evidence rendered, and the pooled readings give the verdicts one index over
everything would give, byte for byte, with any number of jobs.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from lawgap.errors import LawgapError
from lawgap.judge import MAX_EVIDENCE, Candidate, Judge, verdict
from lawgap.load import read_document
from lawgap.match import Index, Matcher
from lawgap.models import Evidence, Rule, Statute, StatuteInfo, Unit, Verdict
from lawgap.segment import segment

MAX_PART_PARAGRAPHS = 20_000  # about 5 MB of statute text: one index at a time stays well under 1 GB

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


_settings: Settings | None = None  # set once per worker process by _init


def _init(settings: Settings) -> None:
    global _settings
    _settings = settings


def check_file(path: Path, shown: str, settings: Settings | None = None) -> FileResult:
    """Read, segment, index and judge one file (in a worker, with the settings given to :func:`_init`)."""
    settings = settings or _settings
    assert settings is not None
    try:
        statute = segment(read_document(path, shown, settings.max_bytes))
    except LawgapError as exc:
        return FileResult(shown, error=(type(exc), exc.message, exc.path, exc.line, exc.column))
    info = StatuteInfo(statute.path, statute.title, statute.language, statute.format, len(statute.units),
                       statute.lines, statute.warnings)
    parts = tuple(judge_part(part, settings) for part in split(statute))
    return FileResult(shown, info, parts)


def split(statute: Statute, limit: int = MAX_PART_PARAGRAPHS) -> Iterator[Statute]:
    """The statute in parts of whole units with at most ``limit`` paragraphs (a larger unit is a part alone)."""
    chunk: list[Unit] = []
    size = 0
    for unit in statute.units:
        if chunk and size + len(unit.paragraphs) > limit:
            yield replace(statute, units=tuple(chunk))
            chunk, size = [], 0
        chunk.append(unit)
        size += len(unit.paragraphs)
    if len(chunk) == len(statute.units):
        yield statute
    elif chunk:
        yield replace(statute, units=tuple(chunk))


def judge_part(statute: Statute, settings: Settings) -> Part:
    """Every rule's readings in one statute (or part), keeping only those a verdict could use."""
    index = Index([statute], Matcher(fuzzy=settings.fuzzy, stemming=settings.stemming))
    judge = Judge(index)
    return Part(len(index.passages), [finalists(judge, rule) for rule in settings.rules])


def finalists(judge: Judge, rule: Rule) -> RuleReadings:
    """The readings :func:`lawgap.judge.verdict` may pick from this part, with evidence rendered.

    It picks the best reading and takes evidence from the next best of the same
    status with other first paragraphs; a part's readings of a worse status, or
    beyond the first MAX_EVIDENCE first paragraphs, can never be among those.
    """
    candidates, near = judge.readings(rule)
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


def run(files: Sequence[tuple[Path, str]], settings: Settings, jobs: int = 1,
        progress: Callable[[str], None] | None = None) -> Iterator[FileResult]:
    """Results of :func:`check_file` for ``files`` in their order, from ``jobs`` worker processes (1: in this one)."""
    if jobs <= 1 or len(files) <= 1:
        for path, shown in files:
            result = check_file(path, shown, settings)
            if progress is not None:
                progress(shown)
            yield result
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork: workers start at once with everything imported; elsewhere the platform default.
    context = multiprocessing.get_context("fork") if sys.platform == "linux" else None
    executor = ProcessPoolExecutor(min(jobs, len(files)), mp_context=context, initializer=_init,
                                   initargs=(settings,))
    try:
        paths, shown_names = [p for p, _s in files], [s for _p, s in files]
        for shown, result in zip(shown_names, executor.map(check_file, paths, shown_names), strict=True):
            if progress is not None:
                progress(shown)
            yield result
    except BaseException:
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    executor.shutdown()
