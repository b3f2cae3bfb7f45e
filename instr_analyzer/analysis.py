"""The pipeline: text -> segments -> tokens -> Lark tree -> logical form -> facts -> engine -> findings."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from functools import lru_cache
from typing import Any, NamedTuple

from . import facts as facts_mod
from . import lexicon, parsing, placeholders, rulebook, windows
from .citations import load_authorities
from .errors import ConfigError
from .findings import Finding
from .gate import CHECK, FRAMES, SKIP, Gate, token_keys
from .logical_form import Sentence
from .reader import Source
from .resources import data_dir
from .segment import Instruction, split_charge
from .spans import LineIndex

VERDICTS = ("general", "special")


@dataclass
class Report:
    """Everything known about one charge after analysis."""

    path: str
    text: str
    instructions: list[Instruction]
    sentences: list[Sentence]
    findings: list[Finding]
    verdict: str
    stats: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Analyzer:
    """The process-wide pieces, built once: phrase data, grammar, rulebook, engine."""

    rules: rulebook.Rulebook
    authorities: dict
    engine: Any
    gate: Any
    flags: facts_mod.Flags


def analyzer(rules_dir: str | None = None) -> Analyzer:
    """The process's analyzer for a rules directory (None: the bundled rules), built once."""
    return _analyzer(rules_dir)


@lru_cache(maxsize=None)
def _analyzer(rules_dir: str | None) -> Analyzer:
    from .engine import Engine  # durable is imported only by commands that analyze

    book = rulebook.load(rules_dir)
    root = data_dir("rules") if rules_dir is None else Path(rules_dir)
    logic = list(book.derivations) + [lg for r in book.rules for lg in r.logic]
    lex = lexicon.load()
    return Analyzer(book, load_authorities(root / "authorities.toml"), Engine(book),
                    Gate(logic, lex.groups, lex.terminals), facts_mod.Flags(lex.groups))


def _in_group(lex, group: str):
    """A test for 'this mention belongs to [group].GROUP of grammar/phrases.toml'."""
    return lambda m: group in lex.groups.get(m.concept, ())


def read_verdict(instructions: list[Instruction], sentences: list[Sentence]) -> str | None:
    """general/special from a verdict form in the charge, or None when there is none."""
    forms = [i.index for i in instructions if i.kind == "verdict"]
    if not forms:
        return None
    if any(re.search(r"special|interrogator", instructions[i - 1].title, re.I) for i in forms):
        return "special"
    theory = _in_group(lexicon.load(), "theory")
    for s in sentences:
        if s.instruction in forms:
            if any(m.concept == "interrogatory" for m in s.mentions) or (
                    "?" in s.text and any(theory(m) for m in s.mentions)):
                return "special"
    return "general"


_SAME_LENGTH = (("\r\n", " \n"), ("\u00a0", " "), ("\u202f", " "), ("\u2007", " "), ("\t", " "))


def _same_length_normal(text: str) -> str:
    """Word and PDF text as plain text, character for character (offsets, lines and columns
    do not move): a non-breaking space or tab is a space, and CRLF line ends are " \n".
    (str.replace, only where needed: str.translate with a table is ten times slower.)"""
    for old, new in _SAME_LENGTH:
        if old in text:
            text = text.replace(old, new)
    return text


def analyze_source(source: Source, verdict: str | None = None,
                   rules_dir: str | None = None, parse_all: bool = False) -> Report:
    """Analyze one charge. `verdict` is used only when the charge has no verdict form;
    `parse_all` reads every sentence's logical form, not only those a rule could use (for
    commands that show logical forms; findings are the same either way, see gate.py)."""
    if verdict is not None and verdict not in VERDICTS:
        raise ConfigError(f"--verdict {verdict!r}; valid: {', '.join(VERDICTS)}")
    source = source._replace(text=_same_length_normal(source.text))
    if len(source.text) > windows.WINDOW:
        return _analyze_windows(source, verdict, rules_dir, parse_all)
    readings = placeholders.readings(source.text)
    if len(readings) < 2:
        return _analyze(source, verdict, rules_dir, parse_all)
    return _analyze_readings(source, readings, verdict, rules_dir, parse_all)


def _analyze_readings(source: Source, readings: list[str], verdict: str | None,
                      rules_dir: str | None, parse_all: bool) -> Report:
    """A draft with bracketed alternatives ("[may] [may not]") is analyzed once per reading,
    since either choice may change the law; findings of all readings are reported once."""
    memo: dict = {}  # sentences outside the alternatives read the same in every reading
    base = _analyze(Source(source.path, readings[0], source.paragraphs), verdict, rules_dir,
                    parse_all, source.text, memo)
    seen = {(f.code, f.span.start, f.span.end) for f in base.findings}
    findings = list(base.findings)
    for text in readings[1:]:
        for f in _analyze(Source(source.path, text, source.paragraphs), verdict,
                          rules_dir, parse_all, source.text, memo).findings:
            if (f.code, f.span.start, f.span.end) not in seen:
                seen.add((f.code, f.span.start, f.span.end))
                findings.append(f)
    from .derivation import _clip

    text = source.text

    def original(f: Finding) -> Finding:  # quote the draft as written, brackets and all
        words = text[f.span.start:f.span.end]
        # the quotation only (messages quote "{quote}"): the reading's words ("he" for
        # "[he] [she]") may stand elsewhere in the message ("the charge")
        return dataclasses.replace(f, quote=words, message=f.message.replace(
            f'"{_clip(f.quote)}"', f'"{_clip(words)}"', 1))

    findings = [original(f) for f in findings]
    base.text = text
    base.findings = sorted(findings, key=Finding.sort_key)
    return base


def _analyze_windows(source: Source, verdict: str | None, rules_dir: str | None,
                     parse_all: bool) -> Report:
    """A very large input, window by window; only findings and counts are kept."""
    text = source.text
    findings: list[Finding] = []
    stats: dict[str, Any] = {"sentences": 0, "concept_sentences": 0, "analyzed": 0,
                             "unanalyzed": [], "windows": 0}
    lines = instrs = 0
    forms = set()
    for start, end in windows.cut_points(text):
        part = text[start:end]
        if part.strip():
            r = _analyze(Source(source.path, part), verdict, rules_dir, parse_all)
            findings += [windows.shift_finding(f, lines, start, instrs) for f in r.findings]
            for key in ("sentences", "concept_sentences", "analyzed"):
                stats[key] += r.stats[key]
            stats["unanalyzed"] += [windows.shift_id(i, instrs) for i in r.stats["unanalyzed"]]
            stats["windows"] += 1
            instrs += len(r.instructions)
            forms.add(r.verdict)
        lines += part.count("\n")
    form = "general" if "general" in forms else min(forms, default="unknown")
    return Report(source.path, text, [], [], sorted(findings, key=Finding.sort_key), form, stats)


def _analyze(source: Source, verdict: str | None, rules_dir: str | None, parse_all: bool,
             original: str | None = None, memo: dict | None = None) -> Report:
    """One reading of one charge; `original` is the draft before a reading chose among its
    bracketed alternatives (its placeholders are the ones DR01 reports); `memo` keeps what
    the other readings found: a unit with the same text and span, and the same place in a
    list, has the same phrases (memo[unit]) and, read the same way, the same sentence
    (memo[unit, reading])."""
    az = analyzer(rules_dir)
    text = source.text
    index = LineIndex(text)
    instructions = split_charge(text, index)
    lex = lexicon.load()
    for inst in instructions:
        inst.title_concepts = _title_concepts(inst)
    from .transform import FrameBuilder

    builder = FrameBuilder(text, index)
    sentences = []
    leads = {u.lead for inst in instructions for u in inst.units if u.lead}
    gate = az.gate
    deferred: dict[str, _Reread] = {}
    for inst in instructions:
        lexes = [memo.get(unit) if memo is not None else None for unit in inst.units]
        lexes = [lx or lex.scan(unit.text, unit.span.start)
                 for unit, lx in zip(inst.units, lexes, strict=True)]
        if memo is not None:
            memo.update(zip(inst.units, lexes, strict=True))
        context = _InstructionKeys(lexes, inst.title_concepts)  # for the gate
        for unit, lexed in zip(inst.units, lexes, strict=True):
            lead_of = context() if unit.id in leads else None
            reading = FRAMES if parse_all else gate.reading(lexed.hits, lead_of, unit.item,
                                                            context)
            key = (unit, reading)
            sentence = memo.get(key) if memo is not None else None
            if sentence is None:
                if reading == CHECK and (grammar := parsing.recognizer()) is not None:
                    # only whether the grammar can read it counts (PR01, --stats)
                    sentence = builder.checked(unit, lexed, grammar.accepts(lexed.types()))
                elif reading != SKIP:
                    sentence = builder.sentence(unit, lexed, parsing.parse(lexed.tokens()))
                else:  # no rule could use anything the grammar would give (gate.py)
                    sentence = builder.sentence(unit, lexed, None)
                if memo is not None:
                    memo[key] = sentence
            if sentence.deferred:
                deferred[unit.id] = _Reread(builder, unit, lexed)
            sentences.append(sentence)
    form = read_verdict(instructions, sentences) or verdict or "unknown"
    fb = facts_mod.build(sentences, instructions, form, az.flags)
    fb.forms.update(deferred)  # a derivation that shows one reads it whole
    doctrine = az.gate.doctrine
    bearing = [s for s in sentences if not doctrine.isdisjoint([m.concept for m in s.mentions])]
    by_id = {f["id"]: f for f in fb.facts}
    for s in bearing:  # PR01 needs to know which sentences carry doctrine
        by_id[s.id]["bearing"] = True
    for n, ph in enumerate(placeholders.find(original or text), 1):
        span = index.span(ph.start, ph.end)
        inst, kind = next(((i.index, i.kind) for i in instructions
                           if i.span.start <= ph.start < i.span.end), (0, ""))
        if not inst:
            continue  # in commentary, which is not read to the jury
        if kind == "verdict" and ph.text.startswith("_"):
            continue  # a blank on the verdict form is the jury's to fill in
        fid = f"ph{n}"
        fb.add({"id": fid, "kind": "placeholder", "instr": inst, "sent": fid,
                **({"alternatives": True} if len(ph.choices) > 1 else {})}, span, (), fid)
    matches, derived = az.engine.run(fb.facts)
    from .derivation import build_findings

    findings = build_findings(source, instructions, sentences, fb, matches, derived, az)
    stats = {"sentences": len(sentences), "concept_sentences": len(bearing),
             "analyzed": sum(1 for s in bearing if s.analyzed),
             "unanalyzed": [s.id for s in bearing if not s.analyzed]}
    return Report(source.path, text, instructions, sentences, findings, form, stats)


def _title_concepts(inst: Instruction) -> tuple[str, ...]:
    """What an instruction's title names ("Title VII - Employer Liability"): the claim it
    charges is often named there and nowhere in its sentences."""
    return _concepts_named("\n".join([inst.title, *inst.subtitles]))


@lru_cache(maxsize=4096)
def _concepts_named(title: str) -> tuple[str, ...]:
    """(Titles recur from charge to charge: each is read once, within a bound.)"""
    hits = lexicon.load().scan(title).hits
    return tuple(dict.fromkeys([t.value for t in hits if t.type == "TERM"]))


class _InstructionKeys:
    """An instruction's tokens and its title's concepts, as the gate reads them (gate.py),
    gathered once when first asked for: most instructions never are."""

    def __init__(self, lexes: list, title_concepts: tuple[str, ...]) -> None:
        self._lexes, self._title, self._keys = lexes, title_concepts, None

    def __call__(self) -> frozenset:
        if self._keys is None:
            self._keys = token_keys(t for lx in self._lexes for t in lx.hits) | {
                ("TERM", c) for c in self._title}
        return self._keys


class _Reread(NamedTuple):
    """The form of a sentence whose frames the gate left unbuilt (Sentence.deferred), read
    whole when a derivation shows it: the same form as when every sentence is parsed."""

    builder: Any
    unit: Any
    lexed: Any

    def sexp(self) -> str:
        return self.builder.sentence(self.unit, self.lexed,
                                     parsing.parse(self.lexed.tokens())).sexp()


def analyze_text(text: str, path: str = "<text>", verdict: str | None = None) -> Report:
    """Analyze a charge given as a string (the library entry point)."""
    return analyze_source(Source(path, text), verdict)


__all__ = ["Report", "analyze_source", "analyze_text"]
