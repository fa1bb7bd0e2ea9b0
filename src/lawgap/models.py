"""Plain data passed between the pipeline stages.

load → segment → match → judge → report: each stage takes and returns these
dataclasses and nothing else, so a reader for a new format or a writer for a
new export only has to know this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Status = Literal["covered", "partial", "missing"]
Severity = Literal["critical", "high", "medium", "low"]

STATUSES: tuple[Status, ...] = ("covered", "partial", "missing")
SEVERITIES: tuple[Severity, ...] = ("critical", "high", "medium", "low")
SEVERITY_RANK: dict[str, int] = {s: i for i, s in enumerate(SEVERITIES)}
STATUS_RANK: dict[str, int] = {s: i for i, s in enumerate(STATUSES)}


def reaches(severity: str, fail_on: str) -> bool:
    """True when a gap of ``severity`` reaches the ``--fail-on`` threshold (``none`` never does)."""
    if fail_on == "none":
        return False
    if fail_on not in SEVERITY_RANK:
        raise ValueError(f"unknown fail_on threshold {fail_on!r}")
    return SEVERITY_RANK[severity] <= SEVERITY_RANK[fail_on]


# --------------------------------------------------------------------- rules


@dataclass(frozen=True)
class Element:
    """One thing a provision must say (duty-bearer, act, object, ...).

    ``terms`` mixes languages: a Russian term can never match English text,
    so the matcher does not need to know which is which.
    """

    name: str
    terms: tuple[str, ...]
    core: bool = False


@dataclass(frozen=True)
class Qualifier:
    """Wording that downgrades (``partial``) or disqualifies (``exclude``) a match."""

    label: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Example:
    text: str
    expect: Status
    note: str = ""
    where: str = ""  # file:line it is written at, so a failing example can be found


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    category: str
    severity: Severity
    source: str
    rationale: str
    suggestion: str
    elements: tuple[Element, ...]
    partial: tuple[Qualifier, ...] = ()
    exclude: tuple[Qualifier, ...] = ()
    modality: Literal["binding", "any"] = "binding"
    definition: bool = False
    examples: tuple[Example, ...] = ()
    origin: str = ""
    line: int = 0
    provenance: tuple[tuple[str, str, str], ...] = ()  # (part, detail, file:line) changed by overrides

    @property
    def core_elements(self) -> tuple[Element, ...]:
        core = tuple(e for e in self.elements if e.core)
        return core or self.elements


@dataclass(frozen=True)
class Rulebook:
    rules: tuple[Rule, ...]
    version: str
    files: tuple[str, ...] = ()
    disabled: tuple[tuple[str, str, str], ...] = ()  # (rule ID, disabled at, defined at) by overrides

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)


# ------------------------------------------------------------------ statutes


@dataclass(frozen=True)
class Block:
    """A paragraph of source text with its position in the original file.

    Readers produce blocks; ``citation`` and ``heading`` are set by readers
    whose format marks structure explicitly (Akoma Ntoso, USLM, DOCX styles);
    for plain text the segmenter infers them.
    """

    text: str
    line: int
    page: int | None = None
    heading: bool = False
    citation: str | None = None
    anchor: str | None = None


@dataclass(frozen=True)
class Document:
    """A statute file as read: metadata plus blocks, before segmentation."""

    path: str
    title: str
    language: str
    format: str
    blocks: tuple[Block, ...]
    meta: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Paragraph:
    text: str
    line: int
    page: int | None = None
    lead_in: int | None = None  # index of the paragraph this one continues (a list's "shall:" line)
    heading: bool = False  # a numbered subsection's title line ("(b) Notification of reports"): names, never states
    repealed: bool = False  # only records a repeal ("2) исключен Законом РК…", "[Repealed]")


@dataclass(frozen=True)
class Unit:
    """A citable unit: an article or section with its numbered paragraphs."""

    path: str
    act: str
    citation: str
    heading: str
    line: int
    paragraphs: tuple[Paragraph, ...]
    kind: Literal["operative", "definitions", "repealed", "preamble", "contents"] = "operative"
    anchor: str | None = None
    page: int | None = None


@dataclass(frozen=True)
class Statute:
    """A segmented document."""

    path: str
    title: str
    language: str
    format: str
    units: tuple[Unit, ...]
    lines: int = 0
    warnings: tuple[str, ...] = ()


# ------------------------------------------------------------------- verdicts


@dataclass(frozen=True)
class Evidence:
    path: str
    act: str
    section: str
    line: int
    text: str
    matched: tuple[tuple[str, tuple[str, ...]], ...] = ()
    page: int | None = None
    anchor: str | None = None


@dataclass(frozen=True)
class Verdict:
    rule_id: str
    status: Status
    score: float
    evidence: tuple[Evidence, ...] = ()
    missing_elements: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    review: bool = False


@dataclass(frozen=True)
class StatuteInfo:
    path: str
    title: str
    language: str
    format: str
    units: int
    lines: int
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report:
    rulebook: Rulebook
    statutes: tuple[StatuteInfo, ...]
    verdicts: tuple[Verdict, ...]
    skipped: tuple[tuple[str, str], ...] = ()

    def rule(self, rule_id: str) -> Rule:
        rule = self.rulebook.get(rule_id)
        if rule is None:
            raise KeyError(rule_id)
        return rule

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in STATUSES}
        for v in self.verdicts:
            out[v.status] += 1
        return out
