"""The same charge, as Word, a PDF or a Windows file gives it, draws the same findings: the
format of the text is not the law it states."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from instr_analyzer.analysis import analyze_text

SAMPLES = Path(__file__).resolve().parents[1] / "samples"

CHARGES = ["vd/VD01_fire_1.txt", "bp/BP01_fire_1.txt", "redteam/CA01_02.txt",
           "redteam/FS02_02.txt", "ca/CA01_fire_5.txt", "pl/PL05_fire_1.txt",
           "sound/redteam/state_law_respondeat_separate.txt", "tuttle.txt"]


def _crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def _nbsp(text: str) -> str:  # Word puts a non-breaking space after "No." and "§"
    return text.replace("No. ", "No.\u00a0").replace("§ ", "§\u00a0")


def _wrapped(text: str) -> str:  # a PDF: every paragraph broken at 72 columns
    return "\n".join("\n".join(textwrap.wrap(line, 72)) if len(line) > 72 else line
                     for line in text.split("\n"))


def _footer(text: str) -> str:  # ... and a page footer between two lines of a paragraph
    lines = _wrapped(text).split("\n")
    at = next((i for i in range(1, len(lines) - 1)
               if lines[i - 1].strip() and lines[i].strip() and len(lines[i - 1]) > 60), None)
    return text if at is None else "\n".join(lines[:at] + ["Page 12 of 40"] + lines[at:])


def _codes(text: str) -> list[str]:
    return sorted({f.code for f in analyze_text(text, verdict="general").findings
                   if f.severity != "note"})


@pytest.mark.parametrize("name", CHARGES)
@pytest.mark.parametrize("mess", [_crlf, _nbsp, _wrapped, _footer])
def test_the_format_of_a_charge_changes_no_finding(name, mess):
    text = (SAMPLES / name).read_text(encoding="utf-8")
    assert re.search(r"\S", text)
    assert _codes(mess(text)) == _codes(text)
