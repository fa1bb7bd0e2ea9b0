"""Benchmark lawgap on deterministic corpora built from the bundled statutes.

Run by hand, not by pytest::

    python benchmarks/bench.py                 # 1, 10 and 100 MB
    python benchmarks/bench.py --sizes 1,10 --keep /tmp/corpora

For each size it prints wall time, MB/s, peak RSS and the ratio to a byte-scan
floor (``LC_ALL=C grep -c -F -f TERMS`` over the same files, TERMS being the
rulebook's literal terms lower-cased), and once, for contrast, what ``grep -i``
over the 10 MB corpus costs in a UTF-8 locale. It also times the 10 MB corpus with 1,
11, 22 and 45 rules (how cost grows with the rulebook), ``lawgap --version``,
a check of one ~50 KB draft bill, and checks that ``--jobs`` does not change a
byte of the 1 MB report compared with ``--jobs 1``. ``--stages`` prints instead
the CPU time of each stage (read, segment, index, judge) in one process.

The corpora are varied copies of the real statutes (sections reordered,
numbers changed, a few letters swapped, all from a seeded RNG), so that the
vocabulary grows with the corpus as it does in real law and nothing is a
verbatim repeat.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATUTES = ROOT / "statutes"
FILE_BYTES = (200_000, 1_000_000)  # corpus files range between these sizes, like consolidated acts
SEED = 7
_HEADING = re.compile(r"^(?:Статья|Глава|Article|ARTICLE|Section|SECTION|§|CHAPTER|SUBCHAPTER|PART|Part)\s")
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"\w{6,}")


# ------------------------------------------------------------------ corpora


def _sections(text: str) -> tuple[list[str], str, list[str]]:
    """(``# key:`` header lines, text before the first heading, sections each opening with its heading)."""
    lines = text.split("\n")
    header = []
    while lines and lines[0].startswith("# "):
        header.append(lines.pop(0))
    sections: list[list[str]] = [[]]
    for line in lines:
        if _HEADING.match(line):
            sections.append([])
        sections[-1].append(line)
    return header, "\n".join(sections[0]), ["\n".join(s) for s in sections[1:]]


def _vary(section: str, rng: random.Random, offset: int) -> str:
    """Renumber (every number shifted by ``offset``) and swap two letters in a few long words."""
    section = _DIGITS.sub(lambda m: str(int(m.group()) + offset), section)

    def typo(m: re.Match[str]) -> str:
        w = m.group()
        if rng.random() >= 0.003:
            return w
        i = rng.randrange(1, len(w) - 2)
        return w[:i] + w[i + 1] + w[i] + w[i + 2:]

    return _WORD.sub(typo, section)


def build_corpus(size_mb: float, out: Path, seed: int = SEED) -> list[Path]:
    """Write ~``size_mb`` MB of varied statute text under ``out``, in files of 0.2 to 1 MB."""
    sources = sorted(STATUTES.rglob("*.txt"))
    parsed = [_sections(p.read_text(encoding="utf-8")) for p in sources]
    rng = random.Random(f"{seed}:{size_mb}")
    out.mkdir(parents=True, exist_ok=True)
    target = int(size_mb * 1_000_000)
    written, files, n = 0, [], 0
    while written < target:
        src = n % len(sources)
        header, preamble, sections = parsed[src]
        title = next((h for h in header if h.startswith("# title:")), f"# title: {sources[src].stem}")
        parts = [f"{title} (volume {n + 1})", "# language: " + ("ru" if "/kz/" in sources[src].as_posix() else "en"),
                 ""]
        size = 0
        limit = min(rng.randrange(*FILE_BYTES), target - written)
        copy = 0
        while size < limit:
            order = sections[:]
            rng.shuffle(order)
            offset = rng.randrange(1, 500) * (copy + 1)
            for chunk in [preamble, *order]:
                varied = _vary(chunk, rng, offset)
                parts.append(varied)
                size += len(varied.encode("utf-8")) + 1
                if size >= limit:
                    break
            copy += 1
        path = out / f"{n:04d}-{sources[src].stem}.txt"
        data = "\n".join(parts) + "\n"
        path.write_text(data, encoding="utf-8")
        written += len(data.encode("utf-8"))
        files.append(path)
        n += 1
    return files


def draft_bill(out: Path, seed: int = SEED) -> Path:
    """A ~50 KB English draft: CRC and US Code sections, reordered and renumbered."""
    rng = random.Random(f"{seed}:bill")
    parts = ["# title: Child Protection (Miscellaneous Amendments) Bill", "# language: en", ""]
    pool: list[str] = []
    for name in ("intl/un-crc-1989-en.txt", "us/us-18usc-ch403-juvenile-delinquency.txt"):
        pool.extend(_sections((STATUTES / name).read_text(encoding="utf-8"))[2])
    rng.shuffle(pool)
    size = 0
    for section in pool:
        varied = _vary(section, rng, 100)
        size += len(varied.encode("utf-8")) + 1
        if size > 50_000:
            break
        parts.append(varied)
    out.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return out


def terms_file(out: Path) -> Path:
    """The rulebook's literal terms (elements, partial and exclude wording), lower-cased, one a line."""
    from lawgap import load_rules

    terms = set()
    for rule in load_rules().rules:
        for element in rule.elements:
            terms.update(element.terms)
        for qual in (*rule.partial, *rule.exclude):
            terms.update(qual.terms)
    out.write_text("\n".join(sorted(t.lower() for t in terms)) + "\n", encoding="utf-8")
    return out


# ---------------------------------------------------------------- measuring


def rule_scaling(work: Path, jobs: list[str]) -> None:
    """Wall time on the 10 MB corpus with 1, 11, 22 and all 45 rules: a fixed cost plus a small one per rule."""
    from lawgap import load_rules

    folder = work / "corpus-10mb"
    if not folder.is_dir():
        build_corpus(10, folder)
    ids = [rule.id for rule in load_rules().rules]
    cells = []
    for n in (1, len(ids) // 4, len(ids) // 2, len(ids)):
        picked = ["--select", ",".join(ids[:n])]
        wall = min(run(lawgap_cmd("check", str(folder), "-q", "--fail-on", "none", *jobs, *picked))[0]
                   for _ in range(2))
        cells.append(f"{n} rules {wall:.2f} s")
    print("10 MB by rule count:", ", ".join(cells))



def stages(folder: Path) -> None:
    """CPU seconds per stage over ``folder`` in this one process (no workers): where the time goes."""
    import lawgap
    from lawgap import pipeline
    from lawgap.load import DEFAULT_MAX_BYTES, statute_files

    spent: dict[str, float] = {}

    def timed(name: str, stage: str) -> None:
        real = getattr(pipeline, name)

        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            start = time.process_time()
            try:
                return real(*args, **kwargs)
            finally:
                spent[stage] = spent.get(stage, 0.0) + time.process_time() - start

        setattr(pipeline, name, wrapper)

    for name, stage in (("read_document", "read"), ("segment", "segment"), ("Index", "index"),
                        ("finalists", "judge")):
        timed(name, stage)
    book = lawgap.load_rules()
    settings = pipeline.Settings(book.rules, DEFAULT_MAX_BYTES)
    files = statute_files([folder])
    floor = pipeline.Floor(len(book.rules))
    start = time.process_time()
    for number, batch in enumerate(pipeline.batches(files, 2)):
        pipeline.check_batch(batch, settings, floor, number)
    total = time.process_time() - start
    mb = sum(path.stat().st_size for path, _shown in files) / 1e6
    cells = ", ".join(f"{stage} {spent.get(stage, 0.0) / mb * 10:.2f}"
                      for stage in ("read", "segment", "index", "judge"))
    print(f"CPU s per 10 MB, one process, {mb:.0f} MB: {cells}, all {total / mb * 10:.2f}")


def _tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return total


def run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int, int, bytes]:
    """Run ``cmd``; return (wall seconds, peak RSS of its largest process, peak RSS of the whole tree, stdout).

    A fresh helper process runs it and reports its wall time (so the helper's own start-up is not
    counted) and getrusage(RUSAGE_CHILDREN) (so earlier runs do not leak in); the tree figure is sampled.
    """
    helper = [sys.executable, __file__, "--_measure", "--", *cmd]
    proc = subprocess.Popen(helper, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    peak_tree = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_tree
        while not done.is_set():
            peak_tree = max(peak_tree, _tree_rss(proc.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    done.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err.decode(errors='replace')}")
    stdout, _, tail = out.rpartition(b"\n@@maxrss ")
    rss, wall = tail.split()
    return float(wall), int(rss) * 1024, peak_tree, stdout


def _wall(cmd: list[str], env: dict[str, str] | None = None) -> float:
    """Wall time of ``cmd`` started directly (the floor is too fast to go through the helper).

    Output goes to a pipe, not /dev/null: GNU grep stops at the first match when it sees /dev/null.
    """
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.PIPE, env=env, check=False)
    return time.perf_counter() - start


def _measure(cmd: list[str]) -> int:
    """Helper-process side of :func:`run`: run ``cmd``; print its stdout, peak RSS in KiB and wall seconds."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE)
    wall = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    sys.stdout.buffer.write(proc.stdout + f"\n@@maxrss {rss} {wall:.6f}".encode())
    return proc.returncode


def lawgap_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "lawgap", *args]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,10,100", help="corpus sizes in MB, comma-separated")
    parser.add_argument("--jobs", default=None, help="passed to lawgap check --jobs (default: lawgap's default)")
    parser.add_argument("--keep", type=Path, default=None, help="build the corpora here and keep them")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; the best wall time is shown")
    parser.add_argument("--stages", action="store_true",
                        help="only print CPU time per stage (read, segment, index, judge) on the 10 MB corpus")
    args = parser.parse_args()
    if args.stages:
        folder = (args.keep or Path(tempfile.mkdtemp(prefix="lawgap-bench-"))) / "corpus-10mb"
        if not folder.is_dir():
            build_corpus(10, folder)
        stages(folder)
        if args.keep is None:
            shutil.rmtree(folder.parent, ignore_errors=True)
        return
    sizes = [float(s) for s in args.sizes.split(",") if s]
    work = args.keep or Path(tempfile.mkdtemp(prefix="lawgap-bench-"))
    jobs = ["--jobs", args.jobs] if args.jobs else []
    try:
        work.mkdir(parents=True, exist_ok=True)
        terms = terms_file(work / "terms.txt")
        cenv = {**os.environ, "LC_ALL": "C"}
        print(f"lawgap benchmark: {os.cpu_count()} cores, Python {sys.version.split()[0]}, corpora in {work}")
        print(f"{'size':>7} {'files':>5} {'wall s':>7} {'MB/s':>6} {'RSS MB':>7} {'tree MB':>7} "
              f"{'grep s':>7} {'x grep':>6}")
        contrast: tuple[float, float, float] | None = None
        for size in sizes:
            folder = work / f"corpus-{size:g}mb"
            files = sorted(folder.glob("*.txt")) if folder.is_dir() else build_corpus(size, folder)
            mb = sum(f.stat().st_size for f in files) / 1e6
            best = None
            for _ in range(args.repeat):
                got = run(lawgap_cmd("check", str(folder), "-q", "--fail-on", "none", *jobs))
                best = got if best is None or got[0] < best[0] else best
            assert best is not None
            wall, rss, tree, _out = best
            grep = min(_wall(["grep", "-c", "-F", "-f", str(terms), *map(str, files)], env=cenv) for _ in range(3))
            print(f"{size:>5g}MB {len(files):>5} {wall:>7.2f} {mb / wall:>6.1f} {rss / 1e6:>7.0f} {tree / 1e6:>7.0f} "
                  f"{grep:>7.3f} {wall / grep:>6.0f}", flush=True)
            if contrast is None and mb >= 9:
                contrast = (size, wall, _wall(["grep", "-c", "-F", "-i", "-f", str(terms), *map(str, files)],
                                              env={**os.environ, "LC_ALL": "C.UTF-8"}))
        if contrast is not None:
            size, wall, naive = contrast
            print(f"for contrast, {size:g} MB with grep -i in a UTF-8 locale (a naive case-insensitive search): "
                  f"{naive:.2f} s, lawgap {wall:.2f} s")
        rule_scaling(work, jobs)
        version = min(run(lawgap_cmd("--version"))[0] for _ in range(5))
        bill = draft_bill(work / "draft-bill.txt")
        bill_s = min(run(lawgap_cmd("check", str(bill), "-q", "--fail-on", "none"))[0] for _ in range(3))
        print(f"lawgap --version: {version:.3f} s")
        print(f"one {bill.stat().st_size / 1000:.0f} KB draft bill: {bill_s:.3f} s (interpreter start included)")
        small = work / "corpus-1mb"
        if not small.is_dir():
            build_corpus(1, small)
        one = run(lawgap_cmd("check", str(small), "-f", "json", "--fail-on", "none", "--jobs", "1"))[3]
        many = run(lawgap_cmd("check", str(small), "-f", "json", "--fail-on", "none", *(jobs or ["--jobs", "2"])))[3]
        print("1 MB verdicts identical to --jobs 1:", "yes" if one == many else "NO")
        if one != many:
            sys.exit(1)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--_measure":
        sys.exit(_measure(sys.argv[3:]))
    main()
