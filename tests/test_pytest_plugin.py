"""Expected findings outside this repository: `instr check --expect` and the pytest plugin.

Both compare a charge with the X.expected.toml beside it (samples/README.md) through
instr_analyzer.expectations, so the same charge passes or fails the same way in each.
"""

from __future__ import annotations

import shutil
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from click.testing import CliRunner

from instr_analyzer.analysis import analyze_text
from instr_analyzer.cli import main
from instr_analyzer.expectations import Expectation, Expected, compare, describe

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
TUTTLE = (SAMPLES / "tuttle.txt").read_text(encoding="utf-8")
WRONG = """\
[[finding]]
code = "FS01"
line = 2
at = "gross negligence"

[[finding]]
code = "PL01"
line = 3
at = "single, unusually excessive use of force"

[[finding]]
code = "FS01"
line = 4
at = "gross negligence"
"""
WRONG_DIFF = [
    "missing: PL01 line 3 at 'single, unusually excessive use of force'",
    "unexpected: DF01 line 2: 'Deliberate indifference'",
    "unexpected: PL01 line 4: 'A single, unusually excessive use of force may be sufficiently "
    "out of the ordin…'",
]


def write_samples(directory: Path) -> None:
    """right.txt meets its expectations (samples/tuttle.*); wrong.txt's are off by one."""
    shutil.copy(SAMPLES / "tuttle.txt", directory / "right.txt")
    shutil.copy(SAMPLES / "tuttle.expected.toml", directory / "right.expected.toml")
    (directory / "wrong.txt").write_text(TUTTLE, encoding="utf-8")
    (directory / "wrong.expected.toml").write_text(WRONG, encoding="utf-8")


def test_plugin_is_registered_for_pytest():
    plugins = {ep.name: ep.value for ep in entry_points(group="pytest11")}
    assert plugins["instr_analyzer"] == "instr_analyzer.pytest_plugin"


def test_plugin_runs_each_charge_and_shows_the_diff(pytester):
    write_samples(pytester.path)
    result = pytester.runpytest("--instr-samples", "-v")
    result.assert_outcomes(passed=1, failed=1)
    lines = result.outlines
    assert any(ln.startswith("right.txt::expected-findings PASSED") for ln in lines), lines
    assert "wrong.txt: findings differ from wrong.expected.toml" in lines
    start = lines.index(f"    {WRONG_DIFF[0]}")
    assert lines[start:start + 3] == [f"    {d}" for d in WRONG_DIFF]


def test_plugin_reports_a_bad_expectations_file_in_one_line(pytester):
    (pytester.path / "a.txt").write_text(TUTTLE, encoding="utf-8")
    (pytester.path / "a.expected.toml").write_text('[[finding]]\ncode = "PL01"\nline = "4"\n')
    result = pytester.runpytest("--instr-samples")
    result.assert_outcomes(failed=1)
    assert (f"Error: {pytester.path / 'a.expected.toml'}: finding[0]: expected code (string), "
            "line (integer) and optional at (string), nothing else") in result.outlines


def test_plugin_collects_nothing_unless_asked(pytester):
    write_samples(pytester.path)
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED


def test_plugin_can_be_switched_on_in_the_ini_file(pytester):
    write_samples(pytester.path)
    pytester.makeini("[pytest]\ninstr_samples = true\n")
    pytester.runpytest().assert_outcomes(passed=1, failed=1)


def test_expect_prints_a_diff_per_file(tmp_path, monkeypatch):
    write_samples(tmp_path)
    (tmp_path / "notes.md").write_text(TUTTLE, encoding="utf-8")   # no expectations: skipped
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--expect", "."], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stdout == "\n".join([
        "./right.txt: as expected",
        "./wrong.txt: differs from wrong.expected.toml",
        *(f"    {d}" for d in WRONG_DIFF),
        "1 of 2 files as expected; 1 without a .expected.toml not compared.",
    ]) + "\n"


def test_expect_on_every_sample_of_this_repository(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["check", "--expect", "samples"], catch_exceptions=False)
    assert result.exit_code == 0, result.stdout
    n = len(list((ROOT / "samples").rglob("*.expected.toml")))
    assert result.stdout.splitlines()[-1] == (
        f"{n} of {n} files as expected; 1 without a .expected.toml not compared.")


def test_expect_without_any_expectations_is_an_error(tmp_path):
    (tmp_path / "a.txt").write_text(TUTTLE, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--expect", str(tmp_path / "a.txt")])
    assert (result.exit_code, result.stderr) == (
        2, "Error: --expect: no checked file has an X.expected.toml beside it (1 checked)\n")


def test_each_finding_answers_for_one_expectation():
    findings = analyze_text(TUTTLE).findings     # FS01 on lines 2 and 4, among others
    two_on_line_2 = Expectation("x", None, False, (
        Expected("DF01", 2, "Deliberate indifference"), Expected("FS01", 2),
        Expected("FS01", 2, "gross negligence"), Expected("PL01", 4), Expected("FS01", 4)))
    missing, unexpected = compare(two_on_line_2, findings)
    assert describe(missing, unexpected) == ["missing: FS01 line 2"]


def test_notes_count_only_when_asked():
    findings = analyze_text("Instruction No. 19\nQualified immunity does not protect the "
                            "County; it is available only to individual officers.\n").findings
    assert compare(Expectation("x", None, False, ()), findings) == ([], [])
    missing, unexpected = compare(Expectation("x", None, True, ()), findings)
    assert describe(missing, unexpected) == [
        "unexpected: PR01 line 2: 'Qualified immunity does not protect the County;'"]
