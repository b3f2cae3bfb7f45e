"""The brief-prep report as Markdown: one section per defect, then a Table of Authorities.

Written for the lawyer drafting the brief, who copies from it: the charge's words are quoted
verbatim (blockquotes, never re-wrapped or escaped, so a quotation in the brief matches the
record), citations are in the form a brief uses, and quotations appear only for verified pins.
No timestamp unless asked for, so two runs on the same charge are byte-identical and a report
can be diffed or checked into a case file.
"""

from __future__ import annotations

from .. import __version__
from . import brief


def blockquote(text: str) -> list[str]:
    """Every line of the text behind '> ', characters unchanged."""
    return [f"> {line}" if line else ">" for line in text.split("\n")]


def render(reports, az, rules_dir=None, timestamp: str | None = None) -> str:
    findings = [f for r in reports for f in r.findings]
    out = ["# Brief-prep report: defects in the jury charge (§ 1983 municipal liability)", "",
           f"- Analyzer: instr-analyzer {__version__}",
           f"- Rule set: {brief.ruleset(az, rules_dir)}",
           f"- Charges: {len(reports)} file{'s' if len(reports) != 1 else ''}; "
           f"{brief.counts(findings)}"]
    if timestamp:
        out.append(f"- Generated: {timestamp}")
    out.append("")
    notes = []
    for report in reports:
        out += _charge(report, az, notes)
    out += ["## Sentences to check by hand", ""]
    if notes:
        out += ["The analyzer could not read these sentences, or reports them for a reader to "
                "check; no rule examined them.", ""]
        for e in notes:
            f = e.finding
            out.append(f"- `{f.path}:{f.span.line}:{f.span.col}` ({f.instruction_title}), "
                       f"{f.code} {f.name}: \u201c{' '.join(e.sentence.split())}\u201d")
    else:
        out.append("None.")
    out += ["", *_table(brief.table_of_authorities(reports, az))]
    return "\n".join(out).rstrip("\n") + "\n"


def _charge(report, az, notes: list) -> list[str]:
    st = report.stats
    out = [f"## {report.path}", "",
           f"Verdict form: {brief.verdict_source(report)}. "
           f"{len(report.instructions)} instruction{'s' if len(report.instructions) != 1 else ''}"
           f", {st['sentences']} sentences; {st['analyzed']} of {st['concept_sentences']} "
           "sentences that name a doctrine concept were analyzed.", ""]
    entries = brief.entries(report, az)
    notes += [e for e in entries if e.finding.severity == "note"]
    defects = [e for e in entries if e.finding.severity != "note"]
    if not defects:
        return out + ["No defects found in this charge.", ""]
    out += ["| # | code | name | severity | location |", "| --- | --- | --- | --- | --- |"]
    out += [f"| {e.number} | {e.finding.code} | {e.finding.name} | {e.finding.severity} | "
            f"{e.finding.span.line}:{e.finding.span.col} |" for e in defects]
    out.append("")
    for e in defects:
        out += _entry(e)
    return out


def _entry(e: brief.Entry) -> list[str]:
    f = e.finding
    out = [f"### {e.number}. {f.code} {f.name} ({f.severity})", "",
           f"**Instruction:** {f.instruction_title}  ",
           f"**Location:** `{f.path}:{f.span.line}:{f.span.col}`"
           + (f" (Word paragraph {f.paragraph})" if f.paragraph else ""), "",
           f.message, "", "**The defective language**", "", *blockquote(f.quote), ""]
    if e.sentence != f.quote:
        out += ["**The full sentence**", "", *blockquote(e.sentence), ""]
    out += ["#### What the jury was told", "", e.plain, ""]
    if e.sexp:
        out += [f"Logical form: `{e.sexp}`", ""]
    out += ["#### Why this is error", "", e.why or "(The rule has no documentation.)", ""]
    if e.cites:
        out += ["Authorities:", ""]
        for c in e.cites:
            line = f"- {c.text}"
            if c.quote:
                line += f": \u201c{c.quote}\u201d"
            elif c.status == "unverified":
                line += " (pin not verified: cited with a see signal, not quoted)"
            out.append(line)
        out.append("")
    out += ["#### Effect on the verdict", "", e.effect, "",
            "#### Curative language", "", *blockquote(f.curative), ""]
    return out


def _table(rows: list[dict]) -> list[str]:
    out = ["## Table of Authorities", ""]
    if not rows:
        return out + ["No authorities cited."]
    for r in rows:
        out += [f"**{r['full']}**", ""]
        for p in r["pins"]:
            where = p["at"] or "(cited as a whole)"
            see = "see " if p["status"] == "unverified" else ""
            opinion = f" ({p['opinion']})" if p["opinion"] else ""
            flag = " (unverified pin: cited with a see signal, never quoted)" \
                if p["status"] == "unverified" else ""
            out.append(f"- {see}{where}{opinion}{flag}: cited for {', '.join(p['codes'])}")
        out.append("")
    return out
