"""What both brief-prep formats print, computed once so the Markdown and HTML never disagree.

A lawyer reads each finding as an argument: the words, what they told the jury, why that is
error (with authority), what it did to the verdict, and the cure. This module gathers those
pieces from a Report and the rulebook; markdown.py and html.py only lay them out. Nothing here
reads a clock or the environment, so the same input always yields the same report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..citations import cite
from ..findings import SEVERITY_RANK
from .plain_words import describe_sentence

QUOTABLE = ("verified", "verified-secondary")
"""Pin statuses whose quotation may be printed (doctrine.md: never quote an unverified pin)."""
_MUNI_NOUNS = ("city", "county", "town", "township", "village", "borough", "parish",
               "municipality", "district", "board", "department")


@dataclass(frozen=True)
class CiteLine:
    text: str
    """As the finding cites it ("Tuttle, 471 U.S. at 823-824 (plurality opinion)", "id. ...")."""
    quote: str
    url: str
    status: str


@dataclass(frozen=True)
class Entry:
    """One finding with everything the report says about it."""

    number: int
    finding: object
    sentence: str
    """The whole sentence the finding is in (a placeholder finding quotes only the blank)."""
    why: str
    plain: str
    sexp: str
    cites: tuple[CiteLine, ...]
    effect: str


def muni_word(report) -> str:
    """The charge's own word for the defendant government ('city', 'county'), for plain words."""
    for s in report.sentences:
        for m in s.mentions:
            word = m.text.lower().removesuffix("'s").removesuffix("\u2019s").split()[-1:] \
                if m.concept == "municipality" else []
            if word and word[0] in _MUNI_NOUNS:
                return word[0]
    return "municipality"


def locate(report, finding):
    """The sentence a finding is in and the frame that carries it (innermost that covers it)."""
    inside = [s for s in report.sentences if s.span.start <= finding.span.start < s.span.end]
    sentence = next((s for s in inside if s.text == finding.sentence),
                    inside[0] if inside else None)
    if sentence is None or not sentence.frames:
        return sentence, None
    covering = [f for f in sentence.frames
                if f.span.start <= finding.span.start and finding.span.end <= f.span.end]
    if covering:
        return sentence, min(covering, key=lambda f: (f.span.end - f.span.start, f.span.start))
    return sentence, sentence.frames[0]


def cite_lines(finding, spec, authorities) -> tuple[CiteLine, ...]:
    """The finding's citations, each with its verified quotation (or none, if unverified)."""
    if spec is None or len(spec.cites) != len(finding.authorities):
        return tuple(CiteLine(a, "", "", "") for a in finding.authorities)
    out = []
    for text, c in zip(finding.authorities, spec.cites, strict=True):
        ct = cite(authorities, c.key, c.pin, c.signal)
        quote = ct.quote if ct.status in QUOTABLE else ""
        out.append(CiteLine(text, quote, ct.url, ct.status))
    return tuple(out)


def verdict_source(report) -> str:
    if report.verdict == "unknown":
        return "unknown: the charge has no verdict form and --verdict was not given"
    if any(i.kind == "verdict" for i in report.instructions):
        return f"{report.verdict}, from the charge's verdict form"
    return f"{report.verdict}, as given with --verdict (the charge has no verdict form)"


def verdict_effect(report, finding, spec) -> str:
    """What the defect may have done to the verdict; never a promise of automatic reversal."""
    harmless = ("That supports relief but does not compel it: a reviewing court may apply "
                "harmless-error review.")
    if finding.code == "VD01":
        return ("This finding is the verdict problem itself: theories of municipal liability "
                "went to the jury, at least one of them defective, under a general verdict, so "
                "the verdict may rest on an invalid theory and nothing in it shows which theory "
                f"the jury accepted. {harmless} Special interrogatories, one per theory, avoid "
                "the problem on retrial.")
    if report.verdict == "unknown":
        return ("The verdict form is unknown (the charge has none and --verdict was not "
                "given), so the report cannot say whether a general verdict may rest on this "
                "theory. Rerun with --verdict general or --verdict special.")
    if report.verdict == "special":
        return ("The verdict is special (interrogatories). Check whether the jury's answers "
                "rest on the theory this language affects; an error confined to a theory the "
                "jury rejected, or did not reach, may be harmless.")
    vd01 = any(f.code == "VD01" and f.path == finding.path for f in report.findings)
    invalid = spec is not None and spec.invalidates_theory
    if vd01 and invalid:
        return ("The verdict is general and more than one theory of municipal liability went "
                "to the jury (see VD01 in this charge): the general verdict may rest on this "
                f"invalid theory, and nothing in it shows which theory the jury accepted. "
                f"{harmless}")
    if vd01:
        return ("The verdict is general (see VD01 in this charge), but this defect does not "
                "by itself make a theory of liability invalid; its effect on the verdict is a "
                "question of prejudice under harmless-error review.")
    return ("The verdict is general, but the analyzer did not find several theories with a "
            "defective one (no VD01): the question is whether this error was harmless as to "
            "the verdict as a whole.")


def entries(report, az) -> list[Entry]:
    """Every finding of one charge, errors first, then warnings, then notes, in text order."""
    muni = muni_word(report)
    order = sorted(report.findings, key=lambda f: (-SEVERITY_RANK[f.severity], f.sort_key()))
    out = []
    for n, f in enumerate(order, 1):
        spec = az.rules.get(f.code)
        sentence, frame = locate(report, f)
        plain = describe_sentence(sentence, frame, muni) if sentence is not None else \
            "The finding is not inside a sentence of the charge."
        sexp = (frame.sexp() if frame is not None else sentence.sexp()) if sentence else ""
        whole = sentence.text if sentence is not None else f.sentence
        out.append(Entry(n, f, whole, spec.docs["why"] if spec else "", plain, sexp,
                         cite_lines(f, spec, az.authorities), verdict_effect(report, f, spec)))
    return out


def _pin_order(pin: str) -> tuple:
    m = re.match(r"\d+", pin)
    return (int(m.group()) if m else -1, pin)


def table_of_authorities(reports, az) -> list[dict]:
    """Every authority the findings cite: full citation, pins and the codes citing each pin."""
    cited: dict[str, dict[str, set[str]]] = {}
    for report in reports:
        for f in report.findings:
            spec = az.rules.get(f.code)
            for c in spec.cites if spec else ():
                cited.setdefault(c.key, {}).setdefault(c.pin, set()).add(f.code)
    rows = []
    for key, pins in cited.items():
        a = az.authorities[key]
        full = f"{a['case']}, {a['volume']} {a['reporter']} {a['page']} ({a['year']})"
        pin_rows = []
        for pin in sorted(pins, key=_pin_order):
            meta = a.get("pins", {}).get(pin, {})
            pin_rows.append({"pin": pin, "status": meta.get("status", "unverified"),
                             "opinion": meta.get("opinion", ""), "codes": sorted(pins[pin]),
                             "at": "" if pin == "case" else
                             f"{a['volume']} {a['reporter']} at {pin}"})
        rows.append({"case": a["case"], "full": full, "url": a.get("url", ""),
                     "pins": pin_rows})
    return sorted(rows, key=lambda r: (r["case"].casefold(), r["full"]))


def ruleset(az, rules_dir) -> str:
    codes = ", ".join(r.code for r in az.rules.rules)
    where = f"rules from {rules_dir}" if rules_dir else "the bundled rule catalog"
    return f"{where}, {len(az.rules.rules)} rules: {codes}"


def counts(findings) -> str:
    n = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "note")}
    return ", ".join(f"{v} {k}{'s' if v != 1 else ''}" for k, v in n.items())
