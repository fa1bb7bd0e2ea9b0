"""What `lawgap init` writes: a working folder where `lawgap check` runs at once.

Kept apart from the CLI so the texts are easy to read and to test: a config
file, one commented example rule (valid, with examples that pass), the
rule-file JSON Schema for editors, and a short real statute excerpt.
"""

from __future__ import annotations

import re

from lawgap.errors import InputError
from lawgap.load import package_data

CONFIG = """\
# lawgap settings for this folder; command-line flags override them.
# `lawgap check --show-config` prints every setting and where it came from.

# What `lawgap check` reads when given no paths: files or folders.
paths = ["statutes"]

# Your rule files, used together with the built-in rulebook
# (add `no_builtin = true` to use only yours).
rules = ["rules"]

# Exit 1 when a gap (partial or missing) of this severity or higher is found:
# critical, high, medium, low or none.
fail_on = "high"

# Also write reports, e.g. ["report.html", "results.sarif"].
# output = []
"""

EXAMPLE_RULE = """\
# yaml-language-server: $schema=lawgap-rules.schema.json
#
# Your own rules, checked together with lawgap's built-in rulebook
# (see `lawgap rules list`). After an edit:
#   lawgap rules validate     every mistake as file:line:col: message
#   lawgap rules test         runs the examples below
#   lawgap rules show MY-01   the rule as lawgap reads it
# Schema and matching: https://github.com/lawgap/lawgap/blob/main/docs/rules.md

rules:
  - id: MY-01                         # your own prefix, a dash, a number; not a built-in ID
    title: Children deprived of liberty receive education and health care
    category: juvenile-justice        # one of the nine categories in docs/rules.md
    severity: medium                  # critical | high | medium | low
    source: >-
      CRC art. 37(c); UN Rules for the Protection of Juveniles Deprived of their
      Liberty (Havana Rules), rules 38 and 49
    rationale: >
      A child held in custody still has the right to education and to health care;
      a statute covers this when it obliges the authorities to provide both to every
      detained child.
    suggestion: >
      Add: "Every child deprived of liberty shall be provided with education suited to
      his or her needs and with adequate medical care."
    elements:                         # all of them in one provision: covered
      - name: detained child
        core: true                    # without a core element the verdict is missing
        terms:                        # a mapping of language to terms, or a plain list
          en: [juvenile in custody, detained juvenile, child deprived of liberty,
               juvenile who has been committed, juvenile in detention]
          ru: [несовершеннолетний содержащийся под стражей, лишенный свободы]
      - name: education
        core: true
        terms:
          en: [education, schooling]
          ru: [образование, обучение]
      - name: health care
        terms:
          en: [medical care, health care]
          ru: [медицинская помощь]
    # Block lists (one "- term" per line) are safest: in [a, b] every comma
    # separates two terms, so quote a term that contains a comma: ["a, b"].
    partial:                          # wording that makes a match only partial
      - label: only as far as funds allow
        terms:
          - subject to available resources
          - within the limits of available funds
    examples:                         # `lawgap rules test` checks each verdict
      - expect: covered
        text: >-
          Every juvenile in custody shall be provided with adequate food, clothing,
          education, and medical care.
      - expect: partial
        text: >-
          Subject to available resources, every juvenile in custody shall be
          provided with education and medical care.
      - expect: missing
        text: >-
          A juvenile in custody shall be kept separate from adults.
"""

STATUTE_SOURCE = "us/us-18usc-ch403-juvenile-delinquency.txt"
STATUTE_NAME = "statutes/us-18usc-5033-5036-excerpt.txt"


def statute_excerpt() -> str:
    """18 U.S.C. §§ 5033-5036 from the bundled chapter, keeping its provenance header."""
    text = (package_data("statutes") / STATUTE_SOURCE).read_text(encoding="utf-8")
    lines = text.split("\n")
    header = []
    for line in lines:
        if not line.startswith("# "):
            break
        if line.startswith("# title:"):
            line = line.rstrip() + ", §§ 5033-5036 (excerpt)"
        elif line.startswith("# extracted:"):
            line = "# extracted: §§ 5033-5036 only, copied by `lawgap init` from the bundled chapter 403 sample"
        header.append(line)
    start, end = (re.search(rf"^§\s*{n}\.", text, re.M) for n in (5033, 5037))
    if start is None or end is None:
        raise InputError("the bundled sample no longer holds §§ 5033-5036", STATUTE_SOURCE)
    body = text[start.start():end.start()].rstrip()
    return "\n".join(header) + "\n\n" + body + "\n"


def scaffold_files() -> dict[str, str]:
    """Relative path -> text of every file `lawgap init` writes."""
    from lawgap.schema import dumps

    return {
        "lawgap.toml": CONFIG,
        "rules/my-rules.yaml": EXAMPLE_RULE,
        "rules/lawgap-rules.schema.json": dumps(),
        STATUTE_NAME: statute_excerpt(),
    }
