"""`instr diff OLD NEW`: real revisions of the Tuttle charge, and what each fixed or introduced."""

from __future__ import annotations

from pathlib import Path

import pytest
from clirun import run

ROOT = Path(__file__).resolve().parents[1]
TUTTLE = (ROOT / "samples" / "tuttle.txt").read_text(encoding="utf-8")
PL01 = "A single, unusually excessive use of force may be sufficiently out of the ordin…"


@pytest.fixture
def drafts(tmp_path, monkeypatch) -> Path:
    (tmp_path / "old.txt").write_text(TUTTLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_fixed_and_introduced_are_told_apart_from_what_remains(drafts):
    (drafts / "new.txt").write_text(
        TUTTLE.replace("Deliberate indifference or gross negligence on", "Deliberate "
                       "indifference on")
        + "Instruction No. 4\nThe plaintiff must prove that the City was negligent in training "
          "its officers.\n")
    result = run("diff", "old.txt", "new.txt")
    assert result.exit_code == 1
    assert result.stdout == f"""\
fixed (1):
  old.txt:2:28: FS01 error in Instruction No. 1: "gross negligence"
introduced (1):
  new.txt:8:44: FS01 error in Instruction No. 4: "negligent"
still present (3):
  new.txt:2:1: DF01 warning in Instruction No. 1: "Deliberate indifference"
  new.txt:4:1: PL01 error in Instruction No. 2: "{PL01}"
  new.txt:4:214: FS01 error in Instruction No. 2: "gross negligence"
1 fixed, 1 introduced, 3 still present.
"""


def test_moved_and_reworded_defects_are_still_present(drafts):
    lines = TUTTLE.splitlines(keepends=True)
    lines[1] = lines[1].replace("gross negligence", "recklessness")   # same defect, new words
    lines.insert(1, "The plaintiff must prove each element of the claim by a preponderance of "
                    "the evidence.\n")                                # every line moves down
    (drafts / "new.txt").write_text("".join(lines))
    result = run("diff", "old.txt", "new.txt")
    assert result.exit_code == 0
    assert result.stdout == f"""\
fixed (0):
  (none)
introduced (0):
  (none)
still present (4):
  new.txt:3:1: DF01 warning in Instruction No. 1: "Deliberate indifference" (was line 2)
  new.txt:3:28: FS01 error in Instruction No. 1: "recklessness" (was line 2)
  new.txt:5:1: PL01 error in Instruction No. 2: "{PL01}" (was line 4)
  new.txt:5:214: FS01 error in Instruction No. 2: "gross negligence" (was line 4)
0 fixed, 0 introduced, 4 still present.
"""


def test_a_repeated_phrase_pairs_with_its_own_instruction_first(drafts):
    (drafts / "new.txt").write_text(
        TUTTLE + "Instruction No. 4\nThe plaintiff must prove that the City acted with gross "
                 "negligence.\n")
    result = run("diff", "old.txt", "new.txt")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == [
        "fixed (0):", "  (none)"]
    assert result.stdout.splitlines()[2:4] == [
        "introduced (1):",
        '  new.txt:8:51: FS01 error in Instruction No. 4: "gross negligence"']


def test_an_introduced_note_fails_only_with_fail_on_note(drafts):
    (drafts / "a.txt").write_text(
        "Instruction No. 19\nQualified immunity is available only to individual officers.\n")
    (drafts / "b.txt").write_text(
        (ROOT / "samples" / "dm" / "DM02_silent_2.txt").read_text(encoding="utf-8"))
    result = run("diff", "a.txt", "b.txt")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[2:4] == [
        "introduced (1):",
        '  b.txt:2:1: PR01 note in Instruction No. 19: "Qualified immunity does not protect the '
        'County;"']
    assert run("diff", "--fail-on", "note", "a.txt", "b.txt").exit_code == 1


def test_configuration_applies_to_both_drafts(drafts):
    (drafts / "new.txt").write_text(TUTTLE + "Instruction No. 4\nThe plaintiff must prove that "
                                             "the City was negligent in training its officers.\n")
    (drafts / ".instr-analyzer.toml").write_text('select = ["PL", "DF"]\n')
    result = run("diff", "old.txt", "new.txt")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "0 fixed, 0 introduced, 2 still present."


def test_directories_are_refused(drafts):
    (drafts / "dir").mkdir()
    result = run("diff", "old.txt", "dir")
    assert (result.exit_code, result.stderr) == (
        2, "Error: dir: instr diff compares two charge files, not directories\n")
