"""The command line as a user meets it: exit statuses, output shapes, and bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from clirun import run

ROOT = Path(__file__).resolve().parents[1]
TUTTLE = str(ROOT / "samples" / "tuttle.txt")
SOUND = sorted(str(p) for p in (ROOT / "samples" / "sound").glob("*.txt"))


def test_tuttle_reports_pl01_and_fs01_with_location_and_authority():
    result = run("check", TUTTLE)
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    pl01 = [ln for ln in lines if ": PL01 error:" in ln]
    assert pl01 and pl01[0].startswith(f"{TUTTLE}:")
    assert "single, unusually excessive use of force" in pl01[0]
    assert "Tuttle, 471 U.S. at 823-824 (plurality opinion)" in result.output
    assert "Monell, 436 U.S. at 691" in result.output
    assert "at 831 (Brennan, J." in result.output
    assert any(": FS01 error:" in ln and "gross negligence" in ln for ln in lines)


@pytest.mark.parametrize("path", SOUND)
def test_sound_charge_exits_zero(path):
    result = run("check", path)
    assert result.exit_code == 0, result.output
    assert " error:" not in result.output and " warning:" not in result.output


def test_json_shape_is_stable():
    result = run("check", "--format", "json", TUTTLE)
    doc = json.loads(result.output)
    assert doc["schema_version"] == 1
    finding = doc["files"][0]["findings"][0]
    assert list(finding) == ["code", "name", "severity", "message", "location", "quote",
                             "sentence", "authorities", "curative", "derivation"]
    assert list(finding["location"])[:4] == ["path", "instruction", "instruction_title", "line"]


def test_fail_on_error_ignores_warnings(tmp_path):
    f = tmp_path / "w.txt"
    f.write_text("The City acted with deliberate indifference.\n", encoding="utf-8")
    assert run("check", str(f)).exit_code == 1          # DF01 is a warning
    assert run("check", "--fail-on", "error", str(f)).exit_code == 0


def test_parse_prints_logical_form_and_share():
    result = run("parse", TUTTLE)
    assert result.exit_code == 0
    assert "(permit suffice (subject single incident)" in result.output
    assert "sentences that name a doctrine concept analyzed" in result.output


def test_rules_lists_every_code_and_explain_prints_docs():
    result = run("rules")
    codes = [ln.split()[0] for ln in result.output.splitlines()]
    for code in ("PL01", "PL02", "FS01", "FS06", "CA01", "DM01", "PR01", "VD01", "DR01"):
        assert code in codes
    doc = run("explain", "PL01").output
    for heading in ("What it checks", "Why it is a defect", "Defective example",
                    "Sound example", "Authorities", "Curative language"):
        assert heading in doc
    assert "City of Oklahoma City v. Tuttle, 471 U.S. 808, 823-824 (1985)" in doc
    bad = run("explain", "ZZ99")
    assert bad.exit_code == 2 and "unknown rule code" in bad.output


# ---- bad input: one clear line naming the file, exit 2, no traceback ---------------------

def _error(result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


def test_missing_path():
    assert "no such file or directory" in _error(run("check", "/nonexistent/charge.txt"))


def test_directory_without_instruction_files(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    assert "no instruction files" in _error(run("check", str(tmp_path)))


@pytest.mark.parametrize("content, words", [
    (b"", "empty"), (b"  \n\t\n", "empty"), (b"abc\x00def", "binary"),
    (b"The City \xff\xfe is liable.", "byte offset 9"),
])
def test_unreadable_content(tmp_path, content, words):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    line = _error(run("check", str(f)))
    assert str(f) in line and words in line


def test_encoding_option_reads_cp1252(tmp_path):
    f = tmp_path / "cp.txt"
    f.write_bytes("The City\u2019s policy was the moving force.".encode("cp1252"))
    assert "not valid utf-8" in _error(run("check", str(f)))
    assert run("check", "--encoding", "cp1252", str(f)).exit_code == 0


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_permissions(tmp_path):
    f = tmp_path / "locked.txt"
    f.write_text("x", encoding="utf-8")
    f.chmod(0)
    assert "cannot read" in _error(run("check", str(f)))


def test_not_a_docx(tmp_path):
    f = tmp_path / "charge.docx"
    f.write_bytes(b"this is not a zip file")
    assert "not a Word .docx file" in _error(run("check", str(f)))


def test_malformed_rule_file_names_file_and_field(tmp_path, root):
    import shutil

    rules = tmp_path / "rules"
    shutil.copytree(root / "rules", rules)
    text = (rules / "PL01.toml").read_text(encoding="utf-8")
    (rules / "PL01.toml").write_text(text.replace('severity = "error"', 'severity = "fatal"'),
                                     encoding="utf-8")
    line = _error(run("check", "--rules", str(rules), TUTTLE))
    assert "PL01.toml: severity: 'fatal'" in line
    (rules / "PL01.toml").write_text("code = [unclosed", encoding="utf-8")
    assert "PL01.toml: not valid TOML" in _error(run("check", "--rules", str(rules), TUTTLE))


def test_rule_file_is_data_never_code(tmp_path, root):
    import shutil

    rules = tmp_path / "rules"
    shutil.copytree(root / "rules", rules)
    marker = tmp_path / "pwned"
    with open(rules / "PL01.toml", "a", encoding="utf-8") as fh:
        fh.write(f'\nexec = "__import__(\'os\').system(\'touch {marker}\')"\n')
    run("check", "--rules", str(rules), TUTTLE)
    assert not marker.exists()


def test_python_dash_m_runs_the_command(tmp_path):
    """`python -m instr_analyzer` (and `.cli`) behave as `instr`, exit status included."""
    import subprocess
    import sys

    charge = Path(__file__).resolve().parents[1] / "samples" / "tuttle.txt"
    for module in ("instr_analyzer", "instr_analyzer.cli"):
        run = subprocess.run([sys.executable, "-m", module, "check", str(charge)],
                             capture_output=True, text=True, cwd=tmp_path)
        assert run.returncode == 1, run.stderr
        assert "PL01" in run.stdout


def test_the_command_ends_with_main_s_status_and_all_its_output(tmp_path):
    """`instr` (cli.run) skips the interpreter's teardown: each exit status and every byte
    of output must still come through, to a pipe and to -o."""
    import json as json_mod
    import subprocess
    import sys

    from instr_analyzer.reader import collect

    samples = Path(__file__).resolve().parents[1] / "samples"

    def instr(*args):
        return subprocess.run([sys.executable, "-m", "instr_analyzer", *args],
                              capture_output=True, text=True, cwd=tmp_path)

    sound = instr("check", str(samples / "sound" / "eleventh.txt"))
    assert (sound.returncode, sound.stdout.strip()) == (0, "No findings in 1 file."), sound.stderr
    many = instr("check", "-f", "json", str(samples))  # far more than a pipe holds
    assert many.returncode == 1 and len(many.stdout) > 200_000
    assert len(json_mod.loads(many.stdout)["files"]) == len(collect([str(samples)]))
    out = tmp_path / "o.json"
    written = instr("check", "-f", "json", "-o", str(out), str(samples / "tuttle.txt"))
    assert written.returncode == 1 and json_mod.loads(out.read_text("utf-8"))
    missing = instr("check", str(tmp_path / "none.txt"))
    assert missing.returncode == 2 and missing.stderr.startswith("Error:")
    assert "Traceback" not in missing.stderr
    usage = instr("check", "--no-such-option")
    assert usage.returncode == 2 and "No such option" in usage.stderr


def test_the_command_under_a_profiler_exits_normally(tmp_path):
    """cProfile (and coverage) write their data at exit: cli.run must not skip it for them."""
    import subprocess
    import sys

    charge = Path(__file__).resolve().parents[1] / "samples" / "tuttle.txt"
    out = tmp_path / "run.prof"
    run = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(out), "-m",
                          "instr_analyzer", "check", str(charge)],
                         capture_output=True, text=True, cwd=tmp_path)
    assert "PL01" in run.stdout, run.stderr  # (cProfile itself swallows the exit status)
    assert out.is_file() and out.stat().st_size > 0


def test_each_way_a_rule_fires_says_which(tmp_path, root):
    """EL01's [[match]] tables carry their own messages: the finding names the missing element."""
    from instr_analyzer.analysis import analyze_text

    no_right = ("To establish the claim against the City, the plaintiff must prove each of the "
                "following:\n1. Officer Jones acted under color of state law; and\n2. an official "
                "policy of the City was the moving force behind Officer Jones's conduct.\n")
    caci = (root / "samples" / "pattern" / "caci_3001.txt").read_text(encoding="utf-8")
    messages = [[f.message for f in analyze_text(t, verdict="general").findings
                 if f.code == "EL01"] for t in (no_right, caci)]
    assert len(messages[0]) == len(messages[1]) == 1
    assert "deprived of a right secured by the Constitution" in messages[0][0]
    assert "acted under color of state law" in messages[1][0]

    import shutil

    rules = tmp_path / "rules"
    shutil.copytree(root / "rules", rules)
    text = (rules / "EL01.toml").read_text(encoding="utf-8")
    (rules / "EL01.toml").write_text(text.replace('message = "The elements of the § 1983 claim '
                                                  'never require that the plaintiff',
                                                  'message = 7 #', 1), encoding="utf-8")
    assert "EL01.toml: match[0].message: expected non-empty text" in \
        _error(run("check", "--rules", str(rules), TUTTLE))
    shutil.copy(root / "rules" / "EL01.toml", rules / "EL01.toml")
    with open(rules / "derive" / "definitions.toml", "a", encoding="utf-8") as fh:
        fh.write('\n[[rule]]\nname = "x"\nmessage = "y"\n[[rule.when]]\nfact = "frame"\n'
                 '[rule.derive]\nkind = "defined"\n')
    assert "a message belongs to the [[match]] tables" in \
        _error(run("check", "--rules", str(rules), TUTTLE))


def test_unless_on_a_when_kind_is_refused(tmp_path, root):
    """An [[unless]] over the kind a [[when]] matches would depend on assertion order."""
    import shutil

    rules = tmp_path / "rules"
    shutil.copytree(root / "rules", rules)
    with open(rules / "PR01.toml", encoding="utf-8") as fh:  # a rule with one [[when]]
        text = fh.read()
    at = text.index("[then]")
    (rules / "PR01.toml").write_text(
        text[:at] + '[[unless]]\nfact = "sentence"\n\n' + text[at:], encoding="utf-8")
    line = _error(run("check", "--rules", str(rules), TUTTLE))
    assert "PR01.toml" in line and "'sentence' is also a [[when]] kind" in line


def test_top_level_when_beside_match_tables_is_refused(tmp_path, root):
    """A [[when]] outside the [[match]] tables would be silently ignored: it is an error."""
    import shutil

    rules = tmp_path / "rules"
    shutil.copytree(root / "rules", rules)
    with open(rules / "PL03.toml", "a", encoding="utf-8") as fh:
        fh.write('\n[[when]]\nfact = "frame"\n')
    line = _error(run("check", "--rules", str(rules), TUTTLE))
    assert "PL03.toml: when: a rule with [[match]] tables keeps" in line


def test_a_flag_naming_no_concept_is_refused(tmp_path, root):
    """A misspelt concept in a rule's flag would make its pattern silently never match."""
    import shutil

    rules = tmp_path / "rules"
    shutil.copytree(root / "rules", rules)
    text = (rules / "FS02.toml").read_text(encoding="utf-8")
    (rules / "FS02.toml").write_text(text.replace('"m_disregard_known"', '"m_disregard_knwon"', 1),
                                     encoding="utf-8")
    line = _error(run("check", "--rules", str(rules), TUTTLE))
    assert "FS02.toml" in line and "'m_disregard_knwon' names no concept or group" in line


def test_a_match_may_carry_its_own_curative(root):
    """EL01 on a claim against the officer alone offers the officer's elements, naming the
    officer the charge names; on a claim against the City, the City's ([docs].curative)."""
    from instr_analyzer.analysis import analyze_text

    officer = (root / "samples" / "el" / "EL01_fire_3.txt").read_text(encoding="utf-8")
    city = ("To establish the claim against the City, the plaintiff must prove each of the "
            "following:\n(1) Officer Smith violated the plaintiff's Fourth Amendment right to be "
            "free from excessive force; and\n(2) an official policy of the City was the moving "
            "force behind that violation.\n")
    cures = [[f.curative for f in analyze_text(t).findings if f.code == "EL01"]
             for t in (officer, city)]
    assert [c[0].split(",")[0] for c in cures] == [
        "To establish the claim against Officer Jones", "To establish the claim against the City"]


def test_df01_curative_defines_the_individual_s_or_the_city_s_deliberate_indifference(root):
    """A charge that names no municipality gets Farmer's definition; a Monell charge, the
    City's policymakers' (Bryan County)."""
    from instr_analyzer.analysis import analyze_text

    individual = (root / "samples" / "df" / "DF01_fire_individual.txt").read_text(encoding="utf-8")
    city = (root / "samples" / "df" / "DF01_fire_1.txt").read_text(encoding="utf-8")
    cures = [[f.curative for f in analyze_text(t).findings if f.code == "DF01"]
             for t in (individual, city)]
    assert cures[0][0].startswith("Deliberate indifference means that Officer Smith knew")
    assert "the City's policymakers disregarded" in cures[1][0]
    assert "Farmer" not in cures[1][0]


def test_a_reading_s_words_are_swapped_back_only_inside_the_quotation():
    """A draft with "[he] [she]" is read once with "he": the finding quotes the draft's words,
    and the rest of the message keeps its own ("the charge", not "t[he] [she] charge")."""
    from instr_analyzer.analysis import analyze_text

    text = "Instruction No. 3\nThe plaintiff must prove that [he] [she] was deprived of a right.\n"
    messages = [f.message for f in analyze_text(text).findings if f.code == "DR01"]
    assert messages == ['An unresolved placeholder is left in the charge: "[he] [she]". Choose '
                        'the words that fit the case before the charge is read.']
