"""Parallel and partitioned checking give the very same report as one process and one index.

Timing lives in benchmarks/bench.py (run by hand); these tests only guard
that the speed-ups never change a byte of output.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

import lawgap
from lawgap import judge as judge_mod
from lawgap import pipeline
from lawgap.cli import main
from lawgap.errors import InputError
from lawgap.judge import judge_all
from lawgap.load import read_document
from lawgap.match import Index
from lawgap.models import Paragraph, Rule, Rulebook, Statute, Unit
from lawgap.report import RenderOptions, render
from lawgap.segment import segment

ROOT = Path(__file__).resolve().parent.parent
SMALL = [ROOT / "statutes" / "us" / "us-18usc-ch403-juvenile-delinquency.txt",
         ROOT / "statutes" / "kz" / "kz-code-admin-offences-2014-ru-minors.txt"]
CRC = ROOT / "statutes" / "intl" / "un-crc-1989-en.txt"
JSON = RenderOptions(fail_on="none")


@pytest.fixture(scope="module")
def book() -> Rulebook:
    return lawgap.load_rules()


def test_jobs_give_identical_json(book: Rulebook) -> None:
    one = render(lawgap.check(SMALL, book, jobs=1), "json", JSON)
    two = render(lawgap.check(SMALL, book, jobs=2), "json", JSON)
    assert one == two


def test_cli_jobs_option() -> None:
    runner = CliRunner()
    args = ["check", *map(str, SMALL), "-f", "json", "--fail-on", "none", "--select", "RV,JJ"]
    one = runner.invoke(main, [*args, "--jobs", "1"])
    two = runner.invoke(main, [*args, "-j", "2"])
    assert one.exit_code == two.exit_code == 0
    assert one.output == two.output


def test_parts_pool_to_one_index_verdicts(book: Rulebook) -> None:
    """A statute judged in small parts of whole units gives the verdicts of one index over all of it."""
    statute = segment(read_document(CRC, "crc.txt"))
    whole = judge_all(book, Index([statute]))
    settings = pipeline.Settings(book.rules, 10**9)
    parts = [pipeline.judge_part(chunk, settings) for chunk, _last in pipeline.split([statute], limit=25)]
    assert len(parts) > 3
    assert pipeline.pool(book.rules, parts) == whole


def test_a_floor_from_earlier_parts_keeps_the_verdicts(book: Rulebook) -> None:
    """Parts judged after others, skipping readings that cannot beat theirs, pool to the same verdicts."""
    statutes = [segment(read_document(path, path.name)) for path in (CRC, *SMALL)]
    settings = pipeline.Settings(book.rules, 10**9)
    chunks = [chunk for chunk, _last in pipeline.split(statutes, limit=40)]
    plain = [pipeline.judge_part(chunk, settings) for chunk in chunks]
    floor = pipeline.Floor(len(book.rules))
    floored = [pipeline.judge_part(chunk, settings, floor) for chunk in chunks]
    assert pipeline.pool(book.rules, floored) == pipeline.pool(book.rules, plain) == judge_all(book, Index(statutes))
    kept = sum(len(found) for part in floored for found, _near in part.readings)
    assert kept < sum(len(found) for part in plain for found, _near in part.readings)
    floor.start(1)
    assert floor.keys != [()] * len(book.rules)
    floor.start(1)  # a batch not after those it holds: the floor is emptied
    assert floor.keys == [()] * len(book.rules)


def test_settled_rules_are_not_read_again(book: Rulebook, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule whose podium holds MAX_EVIDENCE best-possible readings is skipped by later parts (its terms
    are not even indexed), and the verdicts stay those of one index over everything."""
    best = judge_mod._best_case(1, 1)
    assert judge_mod.settled((best,) * judge_mod.MAX_EVIDENCE)
    assert not judge_mod.settled((best,) * (judge_mod.MAX_EVIDENCE - 1))
    assert not judge_mod.settled((best,) * (judge_mod.MAX_EVIDENCE - 1) + ((best[0], best[1] - 0.1),))
    statutes = [segment(read_document(path, path.name)) for path in (*SMALL, CRC, *SMALL)]
    settings = pipeline.Settings(book.rules, 10**9)
    chunks = [chunk for chunk, _last in pipeline.split(statutes, limit=60)]
    read: list[set[str]] = []
    real = pipeline.finalists

    def spy(judge: judge_mod.Judge, rule: Rule, floor: Sequence[tuple[int, float]] = ()) -> pipeline.RuleReadings:
        read[-1].add(rule.id)
        return real(judge, rule, floor)

    monkeypatch.setattr(pipeline, "finalists", spy)
    floor = pipeline.Floor(len(book.rules))
    parts, settled = [], set()
    for chunk in chunks:
        read.append(set())
        settled = {rule.id for r, rule in enumerate(book.rules) if judge_mod.settled(floor.keys[r])}
        parts.append(pipeline.judge_part(chunk, settings, floor))
    assert settled and read[-1] and not settled & read[-1]
    assert len(settings.wanted(tuple(range(len(book.rules))))) > len(settings.wanted(
        tuple(r for r, rule in enumerate(book.rules) if rule.id not in settled)))
    assert pipeline.pool(book.rules, parts) == judge_all(book, Index(statutes))


def test_no_reading_beats_the_best_case(book: Rulebook) -> None:
    """Settling a rule (and the podium) rests on this: no provision reads better than covered with every
    element present, the key :func:`lawgap.judge.settled` waits for."""
    statutes = [segment(read_document(path, path.name)) for path in sorted((ROOT / "statutes").rglob("*.txt"))]
    judge = judge_mod.Judge(Index(statutes))
    best = judge_mod._best_case(1, 1)
    keys = [cand.key()[:2] for rule in book.rules for cand in judge.readings(rule)[0]]
    assert best in keys and max(keys) == best


def test_only_binding_words_score_above_a_declared_duty(book: Rulebook) -> None:
    """The podium skips a provision without the first word of a binding or permissive phrase when it holds
    covered readings of 0.8: no such provision reads better than that."""
    paths = sorted((ROOT / "statutes").rglob("*.txt")) + sorted((ROOT / "tests" / "fixtures").glob("heldout*/*.txt"))
    judge = judge_mod.Judge(Index([segment(read_document(path, path.name)) for path in paths]))
    unbound = [cand.key()[:2] for rule in book.rules for cand in judge.readings(rule)[0]
               if not judge._may_bind(cand.pids)]
    assert judge_mod._DECLARED in unbound and max(unbound) == judge_mod._DECLARED


def test_batches_of_any_size_give_the_same_report(book: Rulebook, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files indexed together, alone, or split across parts: the same report, byte for byte."""
    files = sorted((ROOT / "statutes").rglob("*.txt"))
    together = render(lawgap.check(files, book), "json", JSON)
    monkeypatch.setattr(pipeline, "MIN_BATCH_BYTES", 1)
    monkeypatch.setattr(pipeline, "MAX_BATCH_BYTES", 1)
    alone = render(lawgap.check(files, book), "json", JSON)
    monkeypatch.setattr(pipeline, "MAX_BATCH_BYTES", 10**9)
    monkeypatch.setattr(pipeline, "MIN_BATCH_BYTES", 10**9)
    monkeypatch.setattr(pipeline, "MAX_PART_PARAGRAPHS", 300)
    assert len(pipeline.batches([(f, str(f)) for f in files])) == 1
    split = render(lawgap.check(files, book), "json", JSON)
    assert together == alone == split


def test_batches_are_even_and_keep_file_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every worker gets as many batches, of about the same size and the size limit; files keep their order."""
    monkeypatch.setattr(pipeline, "MAX_BATCH_BYTES", 1_000)
    monkeypatch.setattr(pipeline, "MIN_BATCH_BYTES", 100)
    files = []
    for i, size in enumerate([90, 300, 40, 120, 260, 75, 310, 50, 210, 180] * 4):
        path = tmp_path / f"{i:02d}.txt"
        path.write_bytes(b"x" * size)
        files.append((path, path.name))
    for jobs in (1, 2, 3):
        got = pipeline.batches(files, jobs)
        assert [f for batch in got for f in batch] == files
        sizes = [sum(p.stat().st_size for p, _ in batch) for batch in got]
        assert len(got) % jobs == 0 and len(got) >= 3 * jobs
        # A file goes where its middle falls: a batch may pass the limit by part of a file, no more.
        assert max(sizes) <= 1_000 + 310 and max(sizes) - min(sizes) <= 2 * 310, (jobs, sizes)
    assert pipeline.batches(files[:1], 2) == [files[:1]]
    assert pipeline.batches([], 2) == []


def test_unreadable_file_in_a_worker(tmp_path: Path, book: Rulebook) -> None:
    rv01 = replace(book, rules=(book.rules[0],))
    for name, source in zip(("a.txt", "b.txt"), SMALL, strict=True):
        (tmp_path / name).write_bytes(source.read_bytes())
    (tmp_path / "c.txt").write_bytes(b"")
    one = render(lawgap.check([tmp_path], rv01, jobs=1, skip_unreadable=True), "json", JSON)
    two = render(lawgap.check([tmp_path], rv01, jobs=2, skip_unreadable=True), "json", JSON)
    assert one == two and "empty file" in two
    with pytest.raises(InputError, match="empty file") as err:
        lawgap.check([tmp_path], rv01, jobs=2)
    assert err.value.path and err.value.path.endswith("c.txt")


@pytest.mark.parametrize("path", sorted((ROOT / "statutes").rglob("*.txt")), ids=lambda p: p.name)
def test_lazy_hits_equal_locating_every_term(book: Rulebook, path: Path) -> None:
    """Where a rule's terms are found lazily (postings first, positions on demand) equals finding
    every term everywhere up front, minus only the hits inside names of other laws."""
    from lawgap.match import law_names_in

    index = Index([segment(read_document(path, path.name))])
    for rule in book.rules:
        for element in rule.elements:
            eager: dict[int, set] = {}
            for term in element.terms:
                for hit in index.find(term):
                    eager.setdefault(hit.pid, set()).add(hit)
            for pid, hits in list(eager.items()):
                names = law_names_in(index.passages[pid].paragraph.text)
                starts = index.starts[pid]
                eager[pid] = {h for h in hits if not any(a <= starts[h.start] and starts[h.end] < b for a, b in names)}
            expected = {pid: sorted(hits) for pid, hits in eager.items() if hits}
            lazy = index.hits(element.terms)
            assert {pid: lazy[pid] for pid in lazy} == expected, (rule.id, element.name)
            assert all((pid in lazy) == (pid in expected) for pid in lazy.maybe)


def test_chains_built_with_the_lead_ins_equal_chains_walked(book: Rulebook) -> None:
    """:attr:`Judge._below` builds every chain from its lead-in's; each must equal the walk up the lead-ins."""
    statutes = [segment(read_document(path, path.name)) for path in sorted((ROOT / "statutes").rglob("*.txt"))]
    judge = judge_mod.Judge(Index(statutes))
    assert judge._below
    long = [chain for pid in range(len(judge.index.passages)) if len(chain := judge.chain(pid)) > 2]
    assert long and all(judge._chain(pid) == judge.chain(pid) for pid in range(len(judge.index.passages)))
    # Deeper than MAX_LEAD_IN_DEPTH, and in a second unit (pids offset), where the statutes have none.
    nested = tuple(Paragraph(f"level {i} shall:", i + 1, lead_in=i - 1 if i else None) for i in range(8))
    units = tuple(Unit("deep.txt", "Deep Act", f"Section {n}", "", 1, nested) for n in (1, 2))
    judge = judge_mod.Judge(Index([Statute("deep.txt", "Deep Act", "en", "text", units)]))
    assert judge._below and max(map(len, map(judge.chain, range(16)))) == judge_mod.MAX_LEAD_IN_DEPTH + 1
    assert all(judge._chain(pid) == judge.chain(pid) for pid in range(16))


def test_law_name_prefilter_keeps_every_name() -> None:
    """:func:`lawgap.match.law_names_in` looks for names only in text holding a literal of ``_LAW_NAME``:
    every word that pattern accepts must contain one."""
    import re

    from lawgap.match import _LAW_NAME, _LAW_WORDS, law_names_in

    alternatives = re.fullmatch(r"\\b\(\?:(.*)\)\\b", _LAW_NAME.pattern).group(1).split("|")
    for alternative in alternatives:
        for word in {alternative.replace("s?", ""), alternative.replace("?", "")}:
            assert _LAW_NAME.fullmatch(word) and any(literal in word for literal in _LAW_WORDS), word
    assert law_names_in("See the Family Educational Rights and Privacy Act of 1974.") != []


def test_a_batch_leaves_no_reference_cycles(book: Rulebook) -> None:
    """Batches run with the cyclic collector off, so everything they build must be freed by refcounting."""
    import gc

    settings = pipeline.Settings(book.rules, 10**9)
    files = [(f, f.name) for f in sorted((ROOT / "statutes").rglob("*.txt"))]
    gc.collect()
    gc.disable()
    try:
        results = pipeline._check_batch(files, settings)
        assert all(r.error is None for r in results)
        del results
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_postings_for_wanted_stems_only(book: Rulebook) -> None:
    """An index told the look-ups to come (postings for their stems only) finds what a plain one finds,
    and a term it was not told of still works (postings are then built for every stem)."""
    statute = segment(read_document(CRC, "crc.txt"))
    settings = pipeline.Settings(book.rules, 10**9)
    wanted = settings.wanted(tuple(range(len(book.rules))))
    plain, told = Index([statute]), Index([statute], None, wanted)
    assert told._posted is not None and len(told._posted) < len(told._stems)
    for term, exact in wanted:
        assert told.query(term, exact) == plain.query(term, exact)
    assert told._posted is not None
    assert told.find("armed conflict") == plain.find("armed conflict") != []
    assert told.find("nationality") == plain.find("nationality") != []
    assert told._posted is None and told.postings == plain.postings


def test_purpose_clauses_found_as_by_every_word_offset() -> None:
    """The purpose test with its cheap bound, and any_hits locating shared queries once, give what
    locating every phrase and counting the marker's words in every hit paragraph gives."""
    from lawgap import lexicon
    from lawgap.judge import Judge
    from lawgap.segment import LIST_MARKER

    found = 0
    for path in sorted((ROOT / "statutes").rglob("*.txt")):
        index = Index([segment(read_document(path, path.name))])
        every = {hit for term in lexicon.PURPOSE for hit in index.find(term, exact=True)}
        assert {hit for hits in index.any_hits(lexicon.PURPOSE, exact=True).values() for hit in hits} == every
        plain = set()
        for hit in every:
            m = LIST_MARKER.match(index.passages[hit.pid].paragraph.text)
            if hit.start <= (0 if not m else sum(1 for s in index.starts[hit.pid] if s < m.end())):
                plain.add(hit.pid)
        assert Judge(index).purpose == plain
        found += len(plain)
    assert found
