"""Many ways real charges say the same thing: each line's exact codes (warnings and errors)."""

from __future__ import annotations

from pathlib import Path

import pytest

from instr_analyzer.analysis import analyze_text

CASES = [line.split(" | ", 1) for line in
         (Path(__file__).parent / "fixtures" / "phrasings.txt").read_text("utf-8").splitlines()
         if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("codes, text", CASES, ids=[f"{c}:{t[:40]}" for c, t in CASES])
def test_phrasing(codes, text):
    want = sorted(c for c in codes.split(",") if c != "-")
    got = sorted({f.code for f in analyze_text(text, verdict="general").findings
                  if f.severity != "note"})
    assert got == want, text


FORCE_LIST = ("To prevail on this claim, the plaintiff must prove each of the following elements "
              "by a preponderance of the evidence:\n1. Officer Reyes {act}; and\n2. the force "
              "caused the plaintiff's injuries.")


@pytest.mark.parametrize("act, missing", [
    ("used excessive force against the plaintiff", "color of state law"),
    ("used force against the plaintiff that was objectively unreasonable", "color of state law"),
    ("acted under color of state law and used excessive force against the plaintiff", None),
    ("acted under color of state law and pushed the plaintiff", "deprived of a right"),
])
def test_an_excessive_force_element_states_the_deprivation(act, missing):
    """"Used excessive force" is the Fourth Amendment deprivation in its own terms: EL01 may
    say that color of law is missing, never that the deprivation is."""
    found = [f.message for f in analyze_text(FORCE_LIST.format(act=act)).findings
             if f.code == "EL01"]
    assert [m for m in found if missing and missing in m] == found and len(found) == (
        missing is not None), found
