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
