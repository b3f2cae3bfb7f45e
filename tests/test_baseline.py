"""Accepted findings: writing a baseline, the reasons it demands, and matching that ignores lines.

The charge is samples/tuttle.txt copied into tmp_path as draft.txt: DF01 and FS01 in instruction
1 (line 2), PL01 and FS01 in instruction 2 (line 4).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tomllib
from pathlib import Path

import pytest
from clirun import run

from instr_analyzer.baseline import quote_hash

ROOT = Path(__file__).resolve().parents[1]
TUTTLE = (ROOT / "samples" / "tuttle.txt").read_text(encoding="utf-8")
PL01_QUOTE = ("A single, unusually excessive use of force may be sufficiently out of the ordinary "
              "to warrant an inference that it was attributable to inadequate training or "
              "supervision amounting to \\\"deliberate indifference\\\" or "
              "\\\"gross negligence\\\" on the part of the officials in charge")
WRITTEN = f"""\
# Findings accepted by `instr check --baseline`. Matched by code, path, instruction
# and the hash of the quoted words (not by line). Fill in every `reason`: an entry
# without one is refused.

[[accepted]]
code = "DF01"
path = "draft.txt"
instruction = 1
hash = "d4706499aa22cdc1"
quote = "Deliberate indifference"
reason = ""

[[accepted]]
code = "FS01"
path = "draft.txt"
instruction = 1
hash = "08a7eadf6136153d"
quote = "gross negligence"
reason = ""

[[accepted]]
code = "PL01"
path = "draft.txt"
instruction = 2
hash = "9a9031e3711a3207"
quote = "{PL01_QUOTE}"
reason = ""

[[accepted]]
code = "FS01"
path = "draft.txt"
instruction = 2
hash = "08a7eadf6136153d"
quote = "gross negligence"
reason = ""
"""
REASON = "Matches the circuit's pattern charge; objection preserved for appeal."


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    (tmp_path / "draft.txt").write_text(TUTTLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def accept_all(path: Path) -> None:
    path.write_text(path.read_text().replace('reason = ""', f'reason = "{REASON}"'))


def codes_lines(result) -> list[tuple[str, int]]:
    doc = json.loads(result.stdout)
    return [(f["code"], f["location"]["line"]) for fl in doc["files"] for f in fl["findings"]]


def test_hash_is_sha256_of_the_whitespace_normalized_quote():
    assert quote_hash("gross\n   negligence ") == \
        hashlib.sha256(b"gross negligence").hexdigest()[:16] == "08a7eadf6136153d"


def test_baseline_writes_one_entry_per_finding_with_an_empty_reason(project):
    result = run("baseline", "draft.txt", "-o", "accepted.toml")
    assert result.exit_code == 0
    assert result.stdout == ("Wrote 4 accepted findings to accepted.toml; give each a reason "
                             "before using it with `instr check --baseline`.\n")
    assert (project / "accepted.toml").read_text() == WRITTEN
    assert tomllib.loads(WRITTEN)["accepted"][2]["quote"].count('"') == 4


def test_an_entry_without_a_reason_is_refused(project):
    run("baseline", "draft.txt", "-o", "accepted.toml")
    result = run("check", "--baseline", "accepted.toml", "draft.txt")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == ("Error: accepted.toml: accepted[0] (DF01 in draft.txt, instruction "
                             "1): every accepted finding needs a reason\n")


def test_accepted_findings_are_left_out(project):
    run("baseline", "draft.txt", "-o", "accepted.toml")
    accept_all(project / "accepted.toml")
    result = run("check", "--baseline", "accepted.toml", "draft.txt")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "No findings in 1 file.\n", "")


def test_matching_ignores_lines_but_not_a_new_occurrence(project):
    run("baseline", "draft.txt", "-o", "accepted.toml")
    accept_all(project / "accepted.toml")
    # A sentence added above every defect moves them all down a line; a new instruction
    # repeats one accepted defect's words, which must still be reported.
    lines = TUTTLE.splitlines(keepends=True)
    lines.insert(1, "The plaintiff must prove each element of the claim by a preponderance of "
                    "the evidence.\n")
    lines += ["Instruction No. 4\n",
              "The plaintiff must prove that the City acted with gross negligence.\n"]
    (project / "draft.txt").write_text("".join(lines))
    result = run("check", "--format", "json", "--baseline", "accepted.toml", "draft.txt")
    assert result.exit_code == 1
    assert codes_lines(result) == [("FS01", 9)]
    assert result.stderr == ""


def test_works_from_another_directory(project, monkeypatch):
    run("baseline", "draft.txt", "-o", "accepted.toml")
    accept_all(project / "accepted.toml")
    (project / "sub").mkdir()
    monkeypatch.chdir(project / "sub")
    result = run("check", "--baseline", "../accepted.toml", "../draft.txt")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "No findings in 1 file.\n", "")


def test_entries_that_match_nothing_are_reported_as_stale(project):
    run("baseline", "draft.txt", "-o", "accepted.toml")
    accept_all(project / "accepted.toml")
    (project / "draft.txt").write_text(TUTTLE.replace(
        "Deliberate indifference or gross negligence on", "Deliberate indifference on"))
    result = run("check", "--format", "json", "--baseline", "accepted.toml", "draft.txt")
    assert result.exit_code == 0
    assert result.stderr == ("accepted.toml: stale baseline entry: FS01 in draft.txt, instruction "
                             "1 (08a7eadf6136153d) matches no finding; remove it\n")
    doc = json.loads(result.stdout)  # the JSON schema is unchanged by a baseline
    assert list(doc) == ["schema_version", "tool", "files"] and doc["files"][0]["findings"] == []


def test_entries_of_files_not_checked_are_not_stale(project):
    run("baseline", "draft.txt", "-o", "accepted.toml")
    accept_all(project / "accepted.toml")
    shutil.copy(ROOT / "samples" / "sound" / "ninth_9_8.txt", project / "sound.txt")
    result = run("check", "--baseline", "accepted.toml", "sound.txt")
    assert (result.exit_code, result.stderr) == (0, "")


def test_rewriting_the_baseline_keeps_reasons(project):
    run("baseline", "draft.txt", "-o", "accepted.toml")
    accept_all(project / "accepted.toml")
    (project / "draft.txt").write_text(
        TUTTLE + "Instruction No. 4\nThe plaintiff must prove that the City acted with gross "
                 "negligence.\n")
    assert run("baseline", "draft.txt", "-o", "accepted.toml").exit_code == 0
    entries = tomllib.loads((project / "accepted.toml").read_text())["accepted"]
    assert [(e["code"], e["instruction"], e["reason"]) for e in entries] == [
        ("DF01", 1, REASON), ("FS01", 1, REASON), ("PL01", 2, REASON), ("FS01", 2, REASON),
        ("FS01", 4, "")]


@pytest.mark.parametrize("text, message", [
    ('[[accepted]]\ncode = "PL01"\npath = "draft.txt"\ninstruction = 2\nhash = "x"\n'
     'reason = "ok"\nline = 4\n',
     "accepted.toml: accepted[0]: unknown key 'line'; valid keys: code, path, instruction, hash, "
     "quote, reason"),
    ('[[accepted]]\ncode = "PL01"\npath = "draft.txt"\ninstruction = "2"\nhash = "x"\n'
     'reason = "ok"\n', "accepted.toml: accepted[0]: instruction: required int is missing"),
    ('[[finding]]\ncode = "PL01"\n', "accepted.toml: a baseline holds only [[accepted]] tables"),
])
def test_malformed_baseline(project, text, message):
    (project / "accepted.toml").write_text(text)
    result = run("check", "--baseline", "accepted.toml", "draft.txt")
    assert (result.exit_code, result.stderr) == (2, f"Error: {message}\n")
