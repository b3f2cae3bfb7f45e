"""Curative language speaks of the charge's own parties: its local government and its officer,
read from the charge; a bracket where the charge names none."""

from __future__ import annotations

import shutil

from clirun import run

from instr_analyzer.analysis import analyze_text

COUNTY = """Instruction No. 16
Liability of the County

On the plaintiff's § 1983 claim, the County is liable for the acts of Deputy Sheriff Aaron Pike
within the scope of his employment. Deputy Pike was on duty when he arrested the plaintiff.
"""

NO_NAMES = """Instruction No. 16
Liability of the City

On the plaintiff's § 1983 claim, the City is liable for the acts of its police officers within
the scope of their employment.
"""

POLICYMAKER = """Instruction No. 9
Final Policymaker

You must decide whether Sheriff Dunn had final policymaking authority for the County with
respect to the use of force at the jail.
"""


def _curative(text: str, code: str) -> str:
    return next(f.curative for f in analyze_text(text).findings if f.code == code)


def test_the_charge_names_its_government_and_officer():
    cure = _curative(COUNTY, "PL02")
    assert cure.startswith("The County is not liable merely because it employed Deputy Pike, "
                           "or because Deputy Pike was on duty")
    assert "City" not in cure and "Smith" not in cure


def test_a_bracket_where_the_charge_names_no_officer():
    cure = _curative(NO_NAMES, "PL02")
    assert cure.startswith("The City is not liable merely because it employed [the officer], "
                           "or because [the officer] was on duty")


def test_the_official_named_in_the_finding_sentence():
    cure = _curative(POLICYMAKER, "PL04")
    assert "I instruct you that, under state law, Sheriff Dunn had final policymaking authority " \
           "for the County with respect to [the subject matter of the decision]" in cure


def test_explain_shows_the_placeholders_bracketed():
    out = run("explain", "PL02").output
    assert "it employed [the officer], or because [the officer] was on duty" in out
    assert "{" not in out


def test_an_unknown_placeholder_is_a_located_error(root, tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(root / "rules", rules)
    text = (rules / "PL02.toml").read_text(encoding="utf-8")
    (rules / "PL02.toml").write_text(text.replace("{officer}", "{oficer}", 1), encoding="utf-8")
    result = run("check", "--rules", str(rules), str(root / "samples" / "tuttle.txt"))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "PL02.toml" in result.output and "unknown placeholder {oficer}" in result.output
