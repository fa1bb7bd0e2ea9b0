"""Seed the fuzz corpora from the bundled statutes, format fixtures and rule files.

Small slices keep libFuzzer fast (it prefers inputs under a few kilobytes).
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus"


def main() -> None:
    reader, rules = CORPUS / "reader", CORPUS / "rules"
    reader.mkdir(parents=True, exist_ok=True)
    rules.mkdir(parents=True, exist_ok=True)
    for path in sorted((ROOT / "statutes").rglob("*.txt")):
        data = path.read_bytes()
        for i in range(0, min(len(data), 40_000), 4_000):
            (reader / f"{path.stem}-{i}").write_bytes(b"\x00" + data[i:i + 4_000])
        cp1251 = data[:3_000].decode("utf-8", "ignore").encode("cp1251", "ignore")
        (reader / f"{path.stem}-cp1251").write_bytes(b"\x01" + cp1251)
    formats = CORPUS / "formats"
    formats.mkdir(parents=True, exist_ok=True)
    suffixes = (".html", ".xml", ".akn", ".docx", ".pdf", ".txt", ".htm", ".xhtml")  # as in fuzz_formats.py
    for path in sorted((ROOT / "tests" / "fixtures" / "formats").rglob("*")):
        if path.is_file() and path.suffix != ".md":
            suffix = ".akn" if path.name.endswith(".akn.xml") else path.suffix
            pick = suffixes.index(suffix) if suffix in suffixes else 1
            (formats / path.name).write_bytes(bytes([pick]) + path.read_bytes())
    for path in sorted((ROOT / "rules").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        chunks = text.split("\n  - id:")
        head = chunks[0]
        for n, chunk in enumerate(chunks[1:6]):
            (rules / f"{path.stem}-{n}.yaml").write_text(head + "\n  - id:" + chunk, encoding="utf-8")


if __name__ == "__main__":
    main()
