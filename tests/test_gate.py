"""The parse gate skips only sentences no rule could use: findings do not change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from instr_analyzer.analysis import analyze_source, analyzer
from instr_analyzer.lexicon import load
from instr_analyzer.reader import Source, read

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "samples").rglob("*.txt"))
PHRASINGS = [line.split(" | ", 1)[1] for line in
             (ROOT / "tests" / "fixtures" / "phrasings.txt").read_text("utf-8").splitlines()
             if line.strip() and not line.startswith("#")]


def _findings(source: Source, parse_all: bool) -> str:
    report = analyze_source(source, "general", parse_all=parse_all)
    return json.dumps([f.to_dict() for f in report.findings], sort_keys=True)


@pytest.mark.parametrize("path", SAMPLES, ids=[str(p.relative_to(ROOT)) for p in SAMPLES])
def test_samples_same_findings_with_and_without_gate(path):
    source = read(str(path))
    assert _findings(source, False) == _findings(source, True)


def test_phrasings_same_findings_with_and_without_gate():
    for n, text in enumerate(PHRASINGS):
        source = Source(f"p{n}.txt", text)
        assert _findings(source, False) == _findings(source, True), text


def _parsed(text: str) -> bool:
    lex = load()
    return analyzer().gate.must_parse(lex.tokens(text), lead=False)


@pytest.mark.parametrize("text", [
    "You must decide what the facts are from the evidence.",
    "The plaintiff and the defendant are entitled to a fair trial.",
    "Members of the jury, you have now heard all of the evidence.",
])
def test_boilerplate_is_not_parsed(text):
    assert not _parsed(text)


@pytest.mark.parametrize("text", [
    # a `liable` verb concludes liability (PL02) without any doctrine term
    "The City is liable if Officer Smith, its employee, violated the plaintiff's rights.",
    "You must find against the City if Officer Smith, its employee, used excessive force.",
    "You may infer that the City had a policy from a single incident.",
    "Deliberate indifference means a conscious disregard of a known risk.",
])
def test_sentences_a_rule_could_use_are_parsed(text):
    assert _parsed(text)


def test_parse_command_still_reads_every_sentence(tmp_path):
    from click.testing import CliRunner

    from instr_analyzer.cli import main

    f = tmp_path / "c.txt"
    f.write_text("Instruction 1\nYou must decide what the facts are from the evidence.\n",
                 encoding="utf-8")
    out = CliRunner().invoke(main, ["parse", str(f)]).output
    assert "(unparsed)" not in out, out
