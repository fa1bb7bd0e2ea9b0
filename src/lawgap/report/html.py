"""HTML export: one self-contained page for committees (open, print, e-mail).

Same content as the Markdown report plus a coverage chart by category drawn
as inline SVG. No scripts, fonts, images or stylesheets are fetched, so the
file reads the same offline and in ten years. Every piece of statute and
rule text goes through ``html.escape``; evidence sits in ``<details>`` so
the gap list stays short on screen, and print CSS opens it on paper.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from lawgap.models import STATUSES, Report, Verdict
from lawgap.report.markdown import DEFAULT_TITLE, covered, gaps, tally, where

if TYPE_CHECKING:
    from lawgap.report import RenderOptions

# Colour-blind-safe (blue / light orange / dark red differ in hue and lightness);
# text labels always accompany colour.
COLOURS = {"covered": "#0072B2", "partial": "#F0B429", "missing": "#B8321A"}
INK = {"covered": "#fff", "partial": "#000", "missing": "#fff"}

CSS = """
:root { --ink: #1b1b1b; --muted: #555; --rule: #d0d0d0; --bg-alt: #f5f5f5; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; }
main { max-width: 60rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
h1 { font-size: 1.9rem; margin: 0 0 1rem; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 .8rem; padding-bottom: .3rem; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.1rem; margin: 0 0 .5rem; }
table { border-collapse: collapse; margin: .5rem 0 1.2rem; font-size: .95rem; }
th, td { border: 1px solid var(--rule); padding: .3rem .6rem; text-align: left; vertical-align: top; }
th { background: var(--bg-alt); }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.tables { display: flex; flex-wrap: wrap; gap: 0 2rem; }
.gap { border: 1px solid var(--rule); border-left: 6px solid var(--rule); border-radius: 4px;
  padding: .9rem 1.1rem; margin: 0 0 1rem; break-inside: avoid; }
.gap.missing { border-left-color: #B8321A; }
.gap.partial { border-left-color: #F0B429; }
.badge { display: inline-block; font-size: .8rem; font-weight: 600; padding: .05rem .5rem;
  border-radius: 999px; border: 1px solid currentColor; margin-right: .3rem; text-transform: uppercase; }
.badge.missing { color: #8f2512; } .badge.partial { color: #7a5600; }
.badge.critical, .badge.high { color: #1b1b1b; background: #eee; }
.badge.medium, .badge.low { color: var(--muted); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: .5rem 0; }
dt { font-weight: 600; } dd { margin: 0; }
blockquote { margin: .4rem 0; padding: .4rem .9rem; border-left: 4px solid var(--rule);
  background: var(--bg-alt); }
.suggestion { border-left-color: #0072B2; background: #eef5fb; }
details { margin: .5rem 0; } summary { cursor: pointer; font-weight: 600; }
.muted { color: var(--muted); }
ul.covered { columns: 2 22rem; padding-left: 1.2rem; }
figure { margin: 1rem 0; } svg { max-width: 100%; height: auto; } svg text { font-family: inherit; }
@media print {
  body { font-size: 11pt; } main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  details::details-content { content-visibility: visible; display: block; }
  summary { list-style: none; }
  .gap, blockquote, svg { break-inside: avoid; }
}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def chart(report: Report) -> str:
    """Stacked horizontal bars per category (share of obligations by status), with text labels."""
    rows = tally(report, "category")
    label_w, bar_w, right_w, row_h, top = 230, 380, 130, 30, 34
    width = label_w + bar_w + right_w
    height = top + row_h * len(rows) + 8
    summary = "; ".join(f"{cat}: " + ", ".join(f"{n[s]} {s}" for s in STATUSES) for cat, n in rows)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-labelledby="chart-title chart-desc">',
        '<title id="chart-title">Coverage by category</title>',
        f'<desc id="chart-desc">{_e(summary)}</desc>',
    ]
    x = label_w
    for s in STATUSES:  # legend
        out.append(f'<rect x="{x}" y="6" width="14" height="14" fill="{COLOURS[s]}"/>')
        out.append(f'<text x="{x + 20}" y="18" font-size="14">{s}</text>')
        x += 110
    for i, (cat, n) in enumerate(rows):
        y = top + i * row_h
        total = sum(n.values())
        short = cat if len(cat) <= 30 else cat[:29] + "…"  # the label column is 230 px wide
        out.append(f'<text x="0" y="{y + 17}" font-size="14">{_e(short)}<title>{_e(cat)}</title></text>')
        x0 = float(label_w)
        for s in STATUSES:
            if not n[s]:
                continue
            w = bar_w * n[s] / total
            out.append(
                f'<rect x="{x0:.1f}" y="{y}" width="{w:.1f}" height="22" fill="{COLOURS[s]}">'
                f"<title>{_e(cat)}: {n[s]} {s}</title></rect>"
            )
            if w >= 18:
                out.append(
                    f'<text x="{x0 + w / 2:.1f}" y="{y + 16}" font-size="12" text-anchor="middle" '
                    f'fill="{INK[s]}">{n[s]}</text>'
                )
            x0 += w
        out.append(
            f'<text x="{label_w + bar_w + 10}" y="{y + 16}" font-size="12" fill="#333">'
            f"{n['covered']} of {total} covered</text>"
        )
    out.append("</svg>")
    return "\n".join(out)


def _table(head: list[str], rows: list[list[str]], numeric_from: int = 99) -> str:
    th = "".join(f"<th>{h}</th>" for h in head)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{c}</td>' if j >= numeric_from else f"<td>{c}</td>" for j, c in enumerate(r)
        )
        + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def _checked(report: Report, options: RenderOptions | None) -> str:
    out = ['<section id="checked"><h2>What was checked</h2>']
    if options is not None and options.date:
        out.append(f"<p>Date: {_e(options.date)}</p>")
    rows = [
        [f"<code>{_e(s.path)}</code>", _e(s.title), _e(s.language), _e(s.format), str(s.units)]
        for s in report.statutes
    ]
    out.append(_table(["File", "Title", "Language", "Format", "Units"], rows, numeric_from=4))
    rb = report.rulebook
    files = " from " + ", ".join(f"<code>{_e(f)}</code>" for f in rb.files) if rb.files else ""
    out.append(f"<p>Rulebook version {_e(rb.version)}, {len(rb.rules)} obligations{files}.</p>")
    if report.skipped:
        items = "".join(f"<li>Skipped <code>{_e(p)}</code>: {_e(r)}</li>" for p, r in report.skipped)
        out.append(f"<ul>{items}</ul>")
    out.append("</section>")
    return "\n".join(out)


def _summary(report: Report) -> str:
    c = report.counts()
    out = [
        '<section id="summary"><h2>Summary</h2>',
        f"<p>{len(report.verdicts)} obligations checked: <strong>{c['covered']} covered</strong>, "
        f"<strong>{c['partial']} partial</strong>, <strong>{c['missing']} missing</strong>.</p>",
        f'<figure id="chart">{chart(report)}</figure>',
        '<div class="tables">',
    ]
    for by, label in (("category", "Category"), ("severity", "Severity")):
        rows = [[_e(k), *(str(n[s]) for s in STATUSES), str(sum(n.values()))] for k, n in tally(report, by)]
        out.append(_table([label, "Covered", "Partial", "Missing", "Total"], rows, numeric_from=1))
    out.append("</div></section>")
    return "\n".join(out)


def _lang(report: Report, path: str) -> str:
    langs = {s.path: s.language for s in report.statutes}
    return f' lang="{_e(langs[path])}"' if langs.get(path) else ""


def _gap(report: Report, v: Verdict) -> str:
    rule = report.rule(v.rule_id)
    review = ' <span class="badge">needs review</span>' if v.review else ""
    out = [
        f'<article class="gap {v.status}" id="gap-{_e(rule.id)}">',
        f'<h3><span class="badge {v.status}">{v.status}</span>'
        f'<span class="badge {rule.severity}">{rule.severity}</span>{review} '
        f"{_e(rule.id)}: {_e(rule.title)}</h3>",
        "<dl>",
        f"<dt>Category</dt><dd>{_e(rule.category)}</dd>",
        f"<dt>Source</dt><dd>{_e(rule.source)}</dd>",
        f"<dt>Score</dt><dd>{v.score:.2f}</dd>",
    ]
    if v.missing_elements:
        out.append(f"<dt>What is missing</dt><dd>{_e(', '.join(v.missing_elements))}</dd>")
    if v.notes:
        out.append("<dt>Notes</dt><dd>" + "<br>".join(_e(n) for n in v.notes) + "</dd>")
    out.append("</dl>")
    if v.evidence:
        ev = v.evidence[0]
        out.append(
            f"<details><summary>Closest existing wording: {_e(where(ev))}</summary>"
            f'<p class="muted"><code>{_e(ev.path)}</code></p>'
            f"<blockquote{_lang(report, ev.path)}>{_e(' '.join(ev.text.split()))}</blockquote></details>"
        )
    else:
        out.append('<p class="muted">Closest existing wording: none found.</p>')
    out.append(
        f'<p><strong>Drafting suggestion</strong></p><blockquote class="suggestion">'
        f"{_e(' '.join(rule.suggestion.split()))}</blockquote>"
    )
    out.append("</article>")
    return "\n".join(out)


def _covered(report: Report) -> str:
    done = covered(report)
    if not done:
        return ""
    items = []
    for v in done:
        rule = report.rule(v.rule_id)
        cite = f' <span class="muted">({_e(where(v.evidence[0]))})</span>' if v.evidence else ""
        items.append(f"<li>{_e(rule.id)}: {_e(rule.title)}{cite}</li>")
    return (
        '<section id="covered"><h2>Covered obligations</h2><ul class="covered">'
        + "".join(items)
        + "</ul></section>"
    )


def render(report: Report, options: RenderOptions | None = None) -> str:
    """The complete page as a string; deterministic unless the caller passes a date."""
    title = (options.title if options is not None else None) or DEFAULT_TITLE
    found = gaps(report)
    body = [_checked(report, options), _summary(report), '<section id="gaps"><h2>Gaps</h2>']
    body += [_gap(report, v) for v in found] or ["<p>No gaps: every obligation is covered.</p>"]
    body += ["</section>", _covered(report)]
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="lawgap">\n<title>{_e(title)}</title>\n'
        f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n<h1>{_e(title)}</h1>\n"
        + "\n".join(b for b in body if b)
        + "\n</main>\n</body>\n</html>\n"
    )
