"""The parse gate skips only sentences no rule could use: findings do not change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from instr_analyzer.analysis import analyze_source, analyzer
from instr_analyzer.gate import CHECK, FRAMES, SKIP
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
    _assert_frames_hold_their_tokens(source)


def _assert_frames_hold_their_tokens(source: Source) -> None:
    """What the gate takes a frame's flags to need (transform.py's tables: a predicate's verbs,
    a modality's modals, a condition's COND) is in the sentence of every frame built."""
    from instr_analyzer.facts import frame_fact
    from instr_analyzer.gate import token_keys

    az, lex = analyzer(), load()
    for s in analyze_source(source, "general", parse_all=True).sentences:
        keys = token_keys(lex.scan(s.text).hits)
        frames = [(f, "main") for f in s.frames] + [
            (c.frame, "condition") for f in s.frames for c in f.conditions if c.frame]
        for frame, role in frames:
            fact = frame_fact("f", s, frame, role, az.flags)
            for flag, value in [*fact.items(), *([("positive", False)] * ("positive" not in fact))]:
                need = az.gate.frame_keys(flag, value)
                assert need is None or not keys.isdisjoint(need), (s.text, flag, value)


def test_phrasings_same_findings_with_and_without_gate():
    for n, text in enumerate(PHRASINGS):
        source = Source(f"p{n}.txt", text)
        assert _findings(source, False) == _findings(source, True), text


def _reading(text: str) -> int:
    """The reading of a sentence that is an instruction of its own."""
    from instr_analyzer.gate import token_keys

    tokens = load().tokens(text)
    return analyzer().gate.reading(tokens, instruction=lambda: token_keys(tokens))


@pytest.mark.parametrize("text", [
    "You must decide what the facts are from the evidence.",
    "The plaintiff and the defendant are entitled to a fair trial.",
    "Members of the jury, you have now heard all of the evidence.",
])
def test_boilerplate_is_not_parsed(text):
    assert _reading(text) == SKIP


@pytest.mark.parametrize("text", [
    # a `liable` verb concludes liability (PL02) without any doctrine term
    "The City is liable if Officer Smith, its employee, violated the plaintiff's rights.",
    "You must find against the City if Officer Smith, its employee, used excessive force.",
    "You may infer that the City had a policy from a single incident.",
    "Deliberate indifference means a conscious disregard of a known risk.",
])
def test_sentences_a_rule_could_use_are_parsed(text):
    assert _reading(text) == FRAMES


@pytest.mark.parametrize("text", [
    # a cause and a defendant, but no verb of proof, inference or liability: no rule's frame
    "Damages means the amount of money that will reasonably and fairly compensate the "
    "plaintiff for any injury you find was caused by the defendant.",
    # a condition of finding for the plaintiff, but no employment for PL02 to rest on
    "If you find for the plaintiff, you must determine the plaintiff's damages.",
    "This opinion testimony is allowed, because of the specialized knowledge, skill, "
    "experience, training, or education of this witness.",
])
def test_doctrine_words_without_a_frame_a_rule_reads_are_only_checked(text):
    assert _reading(text) == CHECK


def test_a_list_item_the_jury_may_only_consider_is_parsed():
    """Its frames decide whether it is an element (an element list without causation)."""
    text = ("You may consider whether the City's failure to adequately train proximately "
            "caused the violation of the plaintiff's rights.")
    assert _reading(text) == CHECK
    assert analyzer().gate.reading(load().tokens(text), None, item=True) == FRAMES


def test_a_frame_a_rule_joins_to_its_instruction_is_read_only_there():
    """FS03 reads prior incidents dispensed with only in an instruction on training."""
    from instr_analyzer.gate import token_keys

    lex = load()
    text = "The plaintiff does not have to show a pattern of prior incidents."

    def reading(instruction: str) -> int:
        keys = token_keys(lex.tokens(instruction + " " + text))
        return analyzer().gate.reading(lex.tokens(text), instruction=lambda: keys)

    assert reading("The City failed to train its officers.") == FRAMES
    assert reading("You must decide whether the witness was truthful.") == CHECK


def test_a_frame_joined_to_a_derived_fact_is_read_only_where_it_could_be_derived():
    """A decision treated as the policy is read for the policymaker the court named in the
    instruction (a `determined` fact, derived from "I instruct you that ... final
    policymaking authority"), not in an instruction that names none."""
    from instr_analyzer.gate import token_keys

    lex = load()
    text = "That decision is the official policy of the City."

    def reading(instruction: str) -> int:
        keys = token_keys(lex.tokens(instruction + " " + text))
        return analyzer().gate.reading(lex.tokens(text), instruction=lambda: keys)

    assert reading("I instruct you that the Board had final policymaking authority for the "
                   "City.") == FRAMES
    assert reading("You must decide the facts.") == CHECK


def test_general_lists_are_not_parsed():
    """A lead whose frames could state no claim, and an item that names nothing an element
    rule reads, are not parsed, even in an instruction naming a decision or a cause."""
    from instr_analyzer.gate import token_keys

    lex, gate = load(), analyzer().gate
    lead = "The following things are not evidence:"
    context = token_keys(lex.tokens("Your decision must rest on the evidence that caused it. "
                                    + lead))
    assert gate.reading(lex.tokens(lead), lead_of=context) == SKIP
    item = "Anything you may see or hear about this case outside the courtroom."
    assert gate.reading(lex.tokens(item), item=True) == SKIP


def test_parse_command_still_reads_every_sentence(tmp_path):
    from click.testing import CliRunner

    from instr_analyzer.cli import main

    f = tmp_path / "c.txt"
    f.write_text("Instruction 1\nYou must decide what the facts are from the evidence.\n",
                 encoding="utf-8")
    out = CliRunner().invoke(main, ["parse", str(f)]).output
    assert "(unparsed)" not in out, out


def test_stats_same_with_and_without_gate():
    """--stats and PR01 count a sentence the grammar only checked as one it parsed."""
    for path in SAMPLES:
        source = read(str(path))
        gated = analyze_source(source, "general").stats
        assert gated == analyze_source(source, "general", parse_all=True).stats, path


def _sentence_tokens():
    from instr_analyzer.segment import split_charge

    lex = load()
    for text in [p.read_text("utf-8") for p in SAMPLES] + PHRASINGS:
        for inst in split_charge(text):
            for unit in inst.units:
                yield lex.tokens(unit.text)


def test_recognizer_agrees_with_the_parse_on_every_sample_sentence():
    from instr_analyzer.parsing import parse, recognizer

    accepts = recognizer().accepts
    for tokens in _sentence_tokens():
        assert accepts([t.type for t in tokens]) == (parse(tokens) is not None), tokens


_TYPES = ("TERM", "WORD", "MODAL", "VERB", "NEG", "QUAL", "BASIS", "COND", "COMMA", "CONJ",
          "SEP")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_TYPES), max_size=12))
def test_recognizer_agrees_with_the_parse_on_any_token_string(types):
    from lark import Token

    from instr_analyzer.parsing import parse, recognizer

    tokens = [Token(t, t.lower(), start_pos=i, end_pos=i + 1) for i, t in enumerate(types)]
    assert recognizer().accepts(types) == (parse(tokens) is not None)


def test_checked_sentence_shows_its_whole_form_in_a_derivation(tmp_path):
    """A rule may match a sentence whose frames the gate left unbuilt (only sentence patterns
    meet it): the derivation shows the form a full parse gives, not a placeholder."""
    import shutil

    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    with (rules / "EL01.toml").open("a", encoding="utf-8") as f:
        f.write('\n[[match]]\nmessage = "color of law: \\"{quote}\\"."\n[[match.when]]\n'
                'fact = "sentence"\nas = "l"\nis = ["m_color_of_law"]\n')
    text = "Instruction 1\nThe parties agree that Officer Jones acted under color of state law.\n"
    assert _reading(text.split("\n")[1]) == CHECK
    source = Source("c.txt", text)
    gated, full = (analyze_source(source, "general", str(rules), parse_all=p).findings
                   for p in (False, True))
    form = gated[0].derivation["matched"][0]["form"]
    assert [f.code for f in gated] == ["EL01"] and "(assert" in form, form
    assert [f.to_dict() for f in gated] == [f.to_dict() for f in full]
