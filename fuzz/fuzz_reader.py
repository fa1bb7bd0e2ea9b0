"""Fuzz target: statute text reading (decode + read_text), segmenting and judging.

lawgap reads drafts from anyone, so any byte string must end in a Document or
a one-line ``LawgapError``; any other exception is a crash. Run for a bounded
time, e.g.::

    python fuzz/fuzz_reader.py fuzz/corpus/reader -max_total_time=600

(the corpus folder is optional; it is seeded from the bundled statutes by
``python fuzz/seed.py``). A crash writes ``crash-<hash>``: add it to
``tests/test_robustness.py`` as a regression test.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["lawgap"]):
    from lawgap.errors import LawgapError
    from lawgap.judge import Judge
    from lawgap.load import load_rulebook, read_text
    from lawgap.match import Index
    from lawgap.segment import segment

RULES = load_rulebook().rules
NAMES = ("<fuzz>.txt", "<fuzz>.md")


def TestOneInput(data: bytes) -> None:  # the name atheris expects
    """First byte picks the file name (.txt/.md) and the rule to judge; the rest is the file."""
    if not data:
        return
    pick, body = data[0], data[1:]
    try:
        doc = read_text(body, NAMES[pick & 1])
    except LawgapError:
        return
    statute = segment(doc)
    judge = Judge(Index([statute]))
    judge.judge(RULES[(pick >> 1) % len(RULES)])


def main() -> None:
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
