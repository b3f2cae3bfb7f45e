"""From engine firings to findings: locate each, quote it, cite it, and keep its derivation.

The derivation is what a lawyer checks: the words of the charge each fact was read from, the
rules that fired in order, the facts they derived, and the authority for the conclusion.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from . import curative
from .citations import cite, string_cites
from .findings import Finding
from .spans import Span

_INTERNAL = {"id", "kind", "sid"}


def build_findings(source, instructions, sentences, fb, matches, derived, az) -> list[Finding]:
    text = source.text
    by_derived: dict[str, Any] = {}
    for m in matches:  # the first firing made the fact (a `key` makes later ones the same fact)
        if m.derived_id:
            by_derived.setdefault(m.derived_id, m)
    derived_facts = {f["id"]: f for f in derived}
    sentence_text = {s.id: s.text for s in sentences}

    def base_id(fact: dict[str, Any]) -> str:
        seen = set()
        while fact["id"] not in fb.spans and fact.get("at") and fact["id"] not in seen:
            seen.add(fact["id"])
            nxt = fact["at"]
            fact = derived_facts.get(nxt) or {"id": nxt}
        return fact["id"]

    def node(fact: dict[str, Any], pattern=None) -> dict[str, Any]:
        fid = fact["id"]
        if fid in fb.spans:
            span = fb.spans[fid]
            out = {"fact": fid, "kind": fact.get("kind", ""),
                   "words": text[span.start:span.end], "line": span.line, "col": span.col}
            if fid in fb.forms:
                out["form"] = fb.forms[fid].sexp()
            if pattern is not None:
                out["tested"] = _tested(pattern, fact)
            return out
        m = by_derived.get(fid)
        out: dict[str, Any] = {"fact": fid, "kind": fact.get("kind", ""),
                               "read": {k: v for k, v in sorted(fact.items())
                                        if k not in _INTERNAL}}
        if m is not None:
            out["rule"] = m.logic.name
            out["source"] = _relative(m.logic.source)
            out["from"] = [node(f, p) for (_, f), p in zip(m.bound, m.logic.when, strict=True)]
        return out

    best: dict[tuple, Finding] = {}
    for m in matches:
        spec = m.spec
        if spec is None:
            continue
        bound = dict(m.bound)
        anchor_id = base_id(bound[spec.at])
        span = fb.spans.get(anchor_id)
        if span is None:
            continue
        span = _narrow(span, fb.mentions.get(anchor_id, ()), spec.at_concepts)
        quote = text[span.start:span.end]
        inst = next((i for i in instructions if i.span.start <= span.start < i.span.end),
                    instructions[0])
        sent = fb.sentence_of.get(anchor_id, anchor_id)
        cites = [cite(az.authorities, c.key, c.pin, c.signal) for c in spec.cites]
        finding = Finding(
            spec.code, spec.name, spec.severity,
            _message(m.logic.message or spec.message, _clip(quote), inst.title, bound),
            source.path, inst.index, inst.title, span, quote,
            sentence_text.get(sent, quote), tuple(string_cites(cites)),
            m.logic.curative or spec.docs["curative"],  # filled below, for the findings kept
            {"rule": spec.code, "logic": m.logic.name, "source": _relative(spec.path),
             "authorities": string_cites(cites),
             "matched": [node(f, p) for (_, f), p in zip(m.bound, m.logic.when, strict=True)],
             "absent": [_absent(p) for p in m.logic.unless]},
            source.paragraphs[span.line - 1] if len(source.paragraphs) >= span.line else None)
        key = {"fact": (spec.code, anchor_id, span.start), "sentence": (spec.code, sent),
               "instruction": (spec.code, inst.index), "charge": (spec.code,)}[spec.once]
        rank = (spec.logic.index(m.logic), finding.sort_key())  # earlier [[match]] wins
        if key not in best or rank < best[key][0]:
            best[key] = (rank, finding)
    names = curative.Names(text)
    inst_text = {i.index: text[i.span.start:i.span.end] for i in instructions}  # one str each
    return sorted((dataclasses.replace(f, curative=names.fill(
        f.curative, inst_text[f.instruction], f.sentence)) for _, f in best.values()),
        key=Finding.sort_key)


def _tested(pattern, fact: dict[str, Any]) -> list[str]:
    """What the rule required of this fact, in the order it tests: the reason it matched."""
    out = [f"{k} = {v}" for k, v in pattern.eq]
    out += list(pattern.is_true)
    for group in pattern.any_true:
        out.append(" or ".join(f for f in group if fact.get(f)) or "|".join(group))
    out += [f"not {f}" for f in pattern.not_true]
    return out


def _absent(pattern) -> str:
    """An `unless` pattern in words: the fact whose absence the finding rests on."""
    tests = [f"{k} = {v}" for k, v in pattern.eq] + list(pattern.is_true)
    tests += [f"same {f} as {a}" for f, a, _ in pattern.same]
    return f"no {pattern.fact}" + (f" ({'; '.join(tests)})" if tests else "")


def _relative(path: str) -> str:
    """rules/PL01.toml, not a machine's absolute path: output must not depend on where it ran."""
    parts = path.replace("\\", "/").split("/")
    return "/".join(parts[-3:] if len(parts) > 2 and parts[-2] == "derive" else parts[-2:])


def _narrow(span: Span, mentions, concepts: tuple[str, ...]) -> Span:
    """Point at the words that carry the defect ('gross negligence'), not the whole frame."""
    for concept in concepts:
        for m in mentions:
            if m.concept == concept:
                return m.span
    return span


def _message(template: str, quote: str, title: str, bound: dict[str, dict[str, Any]]) -> str:
    """Fill {quote}, {instruction} and {alias.field} (a value of a matched fact)."""
    text = template.replace("{quote}", quote).replace("{instruction}", title)
    return re.sub(r"\{(\w+)\.(\w+)\}",
                  lambda m: str(bound.get(m.group(1), {}).get(m.group(2), m.group(0))), text)


def _clip(quote: str, limit: int = 160) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= limit else quote[:limit - 1].rstrip() + "\u2026"
