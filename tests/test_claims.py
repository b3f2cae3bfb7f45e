"""Which law an instruction charges: Monell's rules stay out of a Title VII, ADA or state-law
instruction against the City, and still reach every § 1983 instruction beside it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from instr_analyzer.analysis import analyze_text
from instr_analyzer.errors import RuleDefinitionError
from instr_analyzer.rulebook import load
from instr_analyzer.segment import split_charge

VICARIOUS = "The City of Springfield is liable for the acts of its supervisors committed within " \
            "the scope of their employment."


def codes(text: str) -> list[tuple[str, int]]:
    return [(f.code, f.span.line) for f in analyze_text(text).findings if f.severity != "note"]


@pytest.mark.parametrize("title, expected", [
    ("Title VII \u2014 Employer Liability for Supervisor Harassment", []),
    ("Rehabilitation Act \u2014 Liability of the City", []),
    ("Battery \u2014 Claim Against the City", []),
    ("Municipal Liability", [("PL02", 4)]),
    ("Section 1983 and Title VII \u2014 Liability of the City", [("PL02", 4)]),
])
def test_the_title_names_the_claim(title, expected):
    assert codes(f"Instruction No. 12\n{title}\n\n{VICARIOUS}\n") == expected


def test_a_title_line_under_the_heading_is_kept_and_read():
    text = f"Instruction No. 12\n\nTitle VII \u2014 Employer Liability\n\n{VICARIOUS}\n"
    (inst,) = split_charge(text)
    assert inst.subtitles == ["Title VII \u2014 Employer Liability"]
    assert [u.text for u in inst.units] == [VICARIOUS]
    assert codes(text) == []


def test_the_claim_named_in_the_text():
    assert codes(f"On her claim under the Americans with Disabilities Act, {VICARIOUS[0].lower()}"
                 f"{VICARIOUS[1:]}") == []


@pytest.mark.parametrize("text", [
    # the constitution named beside the statute: the sentence states § 1983's law too
    "Under both Title VII and the Fourteenth Amendment, the City is liable for the acts of its "
    "supervisors.",
    # state law named for the policymaker's authority: still a Monell instruction
    f"{VICARIOUS} Whether the Chief of Police had final policymaking authority is a question of "
    "state law.",
    # color of law is § 1983's own element, whatever else the instruction names
    f"Ms. Doe also brings a claim under Title VII. Officer Jones acted under color of state law. "
    f"{VICARIOUS}",
])
def test_section_1983_instructions_that_name_other_law_are_still_read(text):
    assert [c for c, _ in codes(text)] == ["PL02"]


def test_mixed_charge_reports_only_the_section_1983_instruction():
    text = ("Instruction No. 11\nSection 1983 \u2014 Liability of the City\n\n"
            f"{VICARIOUS}\n\n"
            "Instruction No. 12\nTitle VII \u2014 Employer Liability\n\n"
            f"{VICARIOUS}\n")
    assert codes(text) == [("PL02", 4)]


def test_unless_instruction_must_name_a_derived_kind(tmp_path, root):
    rules = tmp_path / "rules"
    shutil.copytree(root / "rules", rules)
    f = rules / "PL02.toml"
    f.write_text(f.read_text(encoding="utf-8").replace(
        'unless_instruction = ["other_law"]', 'unless_instruction = ["other_laws"]'),
        encoding="utf-8")
    with pytest.raises(RuleDefinitionError, match=r"PL02.toml: then.unless_instruction: "
                                                  r"'other_laws' is not a derived fact kind"):
        load(str(rules))


def test_every_monell_rule_stays_out_of_other_law(root: Path):
    """The codes whose law is Monell's say so; DM01 (no punitive damages against a city) and
    the whole-charge and drafting checks do not."""
    book = load(None)
    silent = {r.code for r in book.rules
              if all(any(p.fact == "other_law" for p in lg.unless) for lg in r.logic)}
    assert silent == {r.code for r in book.rules} - {"DM01", "VD01", "DR01"}
