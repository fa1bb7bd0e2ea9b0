"""Fuzz target: the published-format readers (HTML, Akoma Ntoso/USLM XML, DOCX, PDF) behind sniffing.

Same contract as ``fuzz_reader.py``: a Document or a ``LawgapError``, nothing else.
The first byte picks the file extension; sniffing may still choose another reader,
as it does for real files. Run for a bounded time, e.g.::

    python fuzz/fuzz_formats.py fuzz/corpus/formats -max_total_time=600 -rss_limit_mb=4096
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["lawgap"]):
    import lawgap.readers.docx
    import lawgap.readers.html
    import lawgap.readers.pdf
    import lawgap.readers.xml  # noqa: F401 - imported here so they are instrumented
    from lawgap.errors import LawgapError
    from lawgap.load import read_bytes
    from lawgap.segment import segment

SUFFIXES = (".html", ".xml", ".akn", ".docx", ".pdf", ".txt", ".htm", ".xhtml")


def TestOneInput(data: bytes) -> None:  # the name atheris expects
    """First byte: the extension; the rest: the file."""
    if not data:
        return
    suffix = SUFFIXES[data[0] % len(SUFFIXES)]
    try:
        doc = read_bytes(data[1:], suffix, "<fuzz>" + suffix)
    except LawgapError:
        return
    segment(doc)


def main() -> None:
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
