"""The catalog checks itself: every doctrine code is implemented and documented, every
citation resolves and is well formed, and each rule's documented examples behave as documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from instr_analyzer.analysis import analyze_text, analyzer
from instr_analyzer.citations import cite
from instr_analyzer.rulebook import load

ROOT = Path(__file__).resolve().parents[1]
DOCTRINE = ROOT.parent / "shared" / "doctrine.md"
BOOK = load()
CODES = [r.code for r in BOOK.rules]


def test_every_code_in_doctrine_md_is_implemented():
    if not DOCTRINE.exists():
        pytest.skip("shared/doctrine.md is not beside this checkout")
    table = re.findall(r"^\| ([A-Z]{2}\d{2}) \| ([a-z0-9-]+) \| (\w+) \|$",
                       DOCTRINE.read_text(encoding="utf-8"), re.M)
    assert table
    for code, name, severity in table:
        spec = BOOK.get(code)
        assert spec is not None, f"{code} is in doctrine.md but has no rule file"
        assert (spec.name, spec.severity) == (name, severity), code


@pytest.mark.parametrize("code", CODES)
def test_rule_is_documented_and_cited(code):
    spec = BOOK.get(code)
    assert "\n" not in spec.summary
    for key in ("what", "why", "example_fail", "example_pass", "curative"):
        assert len(spec.docs[key]) > 20, f"{code}: docs.{key} is too thin"
    if code not in ("PR01", "DR01"):
        assert spec.cites, f"{code} cites no authority"


@pytest.mark.parametrize("code", CODES)
def test_documented_examples_behave_as_documented(code):
    spec = BOOK.get(code)
    fail = {f.code for f in analyze_text(spec.docs["example_fail"], verdict="general").findings}
    ok = {f.code for f in analyze_text(spec.docs["example_pass"], verdict="general").findings}
    if code != "PR01":
        assert code in fail, f"{code}: example_fail gives {sorted(fail)}"
    assert code not in ok, f"{code}: example_pass gives {sorted(ok)}"


def test_citations_are_well_formed_and_unverified_pins_use_see():
    eyecite = pytest.importorskip("eyecite")
    az = analyzer()
    for spec in BOOK.rules:
        for c in spec.cites:
            ct = cite(az.authorities, c.key, c.pin, c.signal)
            found = eyecite.get_citations(ct.full)
            assert found, f"{spec.code}: eyecite finds no citation in {ct.full!r}"
            full = found[0]
            assert str(full.groups.get("volume")) == str(az.authorities[c.key]["volume"])
            if ct.status == "unverified":
                assert ct.signal.lower().startswith("see"), f"{spec.code}: {ct.text()}"
                assert not ct.quote


def test_no_when_pattern_takes_every_fact_of_a_frequent_kind():
    """A `[[when]]` over frames, sentences, elements, lists or instructions that tests nothing
    of the fact itself (a join alone) sends every such fact to the rule engine, at a cost on
    every charge (one such element pattern raised the facts sent from 350 to 556 on 100 KB of
    charges). State in `is`/`any` what the join implies."""
    frequent = {"frame", "sentence", "element", "elements", "instruction"}
    bare = [f"{lg.name}: {p.fact} as {p.alias}"
            for lg in list(BOOK.derivations) + [lg for r in BOOK.rules for lg in r.logic]
            for p in lg.when if p.fact in frequent and not (p.is_true or p.any_true)]
    assert bare == []
