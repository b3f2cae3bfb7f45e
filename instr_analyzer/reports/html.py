"""The brief-prep report as one self-contained HTML page: the whole charge, defects marked in place.

A lawyer reviewing a charge wants to see the words in context, not only excerpts. The page
shows each charge's full text with every finding's span in a <mark> (data-code, an id anchor)
and every sentence the analyzer could not read in a distinct <span class="unanalyzed">; beside
the text, a numbered list gives each finding's explanation, authorities and cure, linked to its
mark. One file, inline CSS, no scripts, fonts or images, nothing loaded from the network (links
to CourtListener are plain <a href>), so it can be mailed or filed as is. Deterministic.
"""

from __future__ import annotations

from html import escape

from .. import __version__
from . import brief
from .html_marks import Highlight, highlight

CSS = """
body{font:15px/1.5 Georgia,'Times New Roman',serif;margin:0 auto;max-width:1180px;padding:1em;
color:#1b1b1b;background:#fff}
h1{font-size:1.5em}h2{border-bottom:2px solid #444;margin-top:2em}
.meta{color:#444;font-size:.9em}
.layout{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1.5em;align-items:start}
@media (max-width:800px){.layout{grid-template-columns:1fr}}
pre.charge{white-space:pre-wrap;word-wrap:break-word;font:inherit;line-height:1.9;
border:1px solid #ccc;padding:1em;background:#fcfcfa;margin:0}
mark{padding:0 1px;border-radius:2px;background:#fff3b0}
mark.sev-error{background:#ffd9d4;border-bottom:2px solid #b3261e}
mark.sev-warning{background:#fff1b8;border-bottom:2px solid #a07800}
mark.sev-note{background:#e4e8f4;border-bottom:2px dotted #44598c}
mark mark{background:#f7b6ad}
mark[id]::before{content:attr(data-code);font:bold .62em sans-serif;vertical-align:super;
color:#7a1b12;margin-right:2px}
mark:target,li:target{outline:3px solid #1a5fb4}
span.unanalyzed{text-decoration:underline wavy #6b6b6b;background:#eeeeee}
ol.findings{margin:0;padding-left:1.4em;font-size:.92em}
ol.findings>li{margin-bottom:1.2em;padding:.4em .6em;border-left:4px solid #999}
ol.findings>li.sev-error{border-color:#b3261e}ol.findings>li.sev-warning{border-color:#a07800}
.code{font:bold .95em sans-serif}.sexp{font:.8em monospace;color:#333;word-break:break-word}
blockquote{margin:.3em 0 .3em 1em;padding-left:.6em;border-left:3px solid #bbb;color:#222}
.legend span,.legend mark{margin-right:1em}
"""


def render(reports, az, rules_dir=None, timestamp: str | None = None) -> str:
    findings = [f for r in reports for f in r.findings]
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           "<title>Brief-prep report: defects in the jury charge</title>",
           f"<style>{CSS}</style>", "</head>", "<body>",
           "<h1>Brief-prep report: defects in the jury charge (§ 1983 municipal liability)</h1>",
           f'<p class="meta">Analyzer: instr-analyzer {escape(__version__)}<br>'
           f"Rule set: {escape(brief.ruleset(az, rules_dir))}<br>"
           f"Charges: {len(reports)}; {escape(brief.counts(findings))}"
           + (f"<br>Generated: {escape(timestamp)}" if timestamp else "") + "</p>",
           '<p class="legend"><mark class="sev-error">error</mark>'
           '<mark class="sev-warning">warning</mark><mark class="sev-note">note</mark>'
           '<span class="unanalyzed">sentence not analyzed: check by hand</span></p>']
    for i, report in enumerate(reports, 1):
        out += _charge(i, report, az)
    out += _table(brief.table_of_authorities(reports, az))
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def _charge(i: int, report, az) -> list[str]:
    entries = brief.entries(report, az)
    spans = [Highlight(e.finding.span.start, e.finding.span.end, "mark",
                       (("class", f"sev-{e.finding.severity}"), ("data-code", e.finding.code),
                        ("title", f"{e.finding.code} {e.finding.name}")),
                       f"f{i}-{e.number}", e.number) for e in entries]
    by_id = {s.id: s for s in report.sentences}
    unread = [by_id[sid] for sid in report.stats.get("unanalyzed", []) if sid in by_id]
    spans += [Highlight(s.span.start, s.span.end, "span",
                        (("class", "unanalyzed"), ("data-sentence", s.id),
                         ("title", "Not analyzed: check this sentence by hand")),
                        f"u{i}-{k}", 10_000 + k) for k, s in enumerate(unread, 1)]
    st = report.stats
    out = [f'<section class="charge" id="charge-{i}">', f"<h2>{escape(report.path)}</h2>",
           f'<p class="meta">Verdict form: {escape(brief.verdict_source(report))}. '
           f"{st['analyzed']} of {st['concept_sentences']} sentences that name a doctrine "
           f"concept were analyzed; {st['sentences']} sentences in all.</p>",
           '<div class="layout">',
           f'<pre class="charge">{highlight(report.text, spans)}</pre>',
           '<ol class="findings">' if entries else
           "<div><p>No findings in this charge.</p></div>"]
    for e in entries:
        out += _entry(i, e)
    if entries:
        out.append("</ol>")
    out.append("</div>")
    if unread:
        out.append("<h3>Sentences not analyzed</h3><ul>")
        out += [f'<li><a href="#u{i}-{k}">line {s.span.line}</a>: '
                f"{escape(' '.join(s.text.split()))}</li>" for k, s in enumerate(unread, 1)]
        out.append("</ul>")
    out.append("</section>")
    return out


def _entry(i: int, e: brief.Entry) -> list[str]:
    f = e.finding
    out = [f'<li id="n{i}-{e.number}" class="sev-{f.severity}" value="{e.number}">',
           f'<a class="code" href="#f{i}-{e.number}">{escape(f.code)}</a> '
           f"{escape(f.name)} ({escape(f.severity)}), {escape(f.instruction_title)}, "
           f"line {f.span.line}, column {f.span.col}",
           f"<p>{escape(f.message)}</p>",
           f"<p><strong>What the jury was told:</strong> {escape(e.plain)}</p>"]
    if e.sexp:
        out.append(f'<p class="sexp">{escape(e.sexp)}</p>')
    out.append(f"<p><strong>Why this is error:</strong> {escape(e.why)}</p>")
    if e.cites:
        out.append("<ul>")
        for c in e.cites:
            link = f' <a href="{escape(c.url, quote=True)}">opinion</a>' if c.url else ""
            quote = f": \u201c{escape(c.quote)}\u201d" if c.quote else \
                " (pin not verified: not quoted)" if c.status == "unverified" else ""
            out.append(f"<li>{escape(c.text)}{quote}{link}</li>")
        out.append("</ul>")
    out += [f"<p><strong>Effect on the verdict:</strong> {escape(e.effect)}</p>",
            f"<p><strong>Curative language:</strong></p><blockquote>{escape(f.curative)}"
            "</blockquote>", "</li>"]
    return out


def _table(rows: list[dict]) -> list[str]:
    out = ['<section id="authorities">', "<h2>Table of Authorities</h2>"]
    if not rows:
        return out + ["<p>No authorities cited.</p>", "</section>"]
    out.append("<dl>")
    for r in rows:
        name = escape(r["full"])
        link = f'<a href="{escape(r["url"], quote=True)}">{name}</a>' if r["url"] else name
        out.append(f"<dt>{link}</dt>")
        for p in r["pins"]:
            see = "see " if p["status"] == "unverified" else ""
            opinion = f" ({escape(p['opinion'])})" if p["opinion"] else ""
            out.append(f"<dd>{see}{escape(p['at'] or 'cited as a whole')}{opinion}: cited for "
                       f"{escape(', '.join(p['codes']))}</dd>")
    return out + ["</dl>", "</section>"]
