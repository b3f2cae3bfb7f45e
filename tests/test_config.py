"""Team configuration: where it is found, what each key does to real findings, and bad values.

Each test works in its own directory (tmp_path, made the current directory) holding a copy of
samples/tuttle.txt, whose findings without configuration are DF01 (warning) and FS01 (error) on
line 2, and PL01 and FS01 (errors) on line 4.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from clirun import run

ROOT = Path(__file__).resolve().parents[1]
ALL_CODES = ("BP01, CA01, CA02, DF01, DM01, DM02, DR01, EL01, FS01, FS02, FS03, FS04, FS05, "
             "FS06, PL01, PL02, PL03, PL04, PL05, PR01, VD01")


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    shutil.copy(ROOT / "samples" / "tuttle.txt", tmp_path / "tuttle.txt")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def findings(*args: str) -> list[tuple[str, str, int]]:
    result = run("check", "--format", "json", *args)
    doc = json.loads(result.stdout)
    return [(f["code"], f["severity"], f["location"]["line"])
            for file in doc["files"] for f in file["findings"]]


def test_without_configuration_every_rule_reports(project):
    assert findings("tuttle.txt") == [("DF01", "warning", 2), ("FS01", "error", 2),
                                      ("PL01", "error", 4), ("FS01", "error", 4)]


def test_dedicated_file_selects_ignores_and_regrades(project):
    (project / ".instr-analyzer.toml").write_text(
        'select = ["FS", "PL"]\nignore = ["FS01"]\nseverity = { PL01 = "warning" }\n')
    assert findings("tuttle.txt") == [("PL01", "warning", 4)]
    result = run("check", "tuttle.txt")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "Found 1 finding (1 warning) in 1 file."


def test_fail_on_from_config_and_the_command_line_wins(project):
    (project / ".instr-analyzer.toml").write_text(
        'select = ["DF01"]\nfail-on = "error"\n')
    assert run("check", "tuttle.txt").exit_code == 0       # DF01 is only a warning
    assert run("check", "--fail-on", "warning", "tuttle.txt").exit_code == 1


def test_extend_select_widens_select(project):
    (project / ".instr-analyzer.toml").write_text('select = ["PL"]\nextend-select = ["DF01"]\n')
    assert findings("tuttle.txt") == [("DF01", "warning", 2), ("PL01", "error", 4)]


def test_per_file_ignores_match_globs_relative_to_the_config(project):
    (project / "drafts").mkdir()
    shutil.copy(project / "tuttle.txt", project / "drafts" / "tuttle.txt")
    (project / ".instr-analyzer.toml").write_text(
        '[per-file-ignores]\n"drafts/*.txt" = ["FS", "DF01"]\n')
    assert findings("drafts/tuttle.txt") == [("PL01", "error", 4)]
    assert len(findings("tuttle.txt")) == 4


def test_found_from_a_subdirectory_in_pyproject(project, monkeypatch):
    (project / "pyproject.toml").write_text(
        '[project]\nname = "charges"\n\n[tool.instr-analyzer]\nignore = ["DF", "FS"]\n')
    (project / "sub").mkdir()
    monkeypatch.chdir(project / "sub")
    assert findings("../tuttle.txt") == [("PL01", "error", 4)]


def test_pyproject_without_the_table_is_passed_over(project, monkeypatch):
    (project / ".instr-analyzer.toml").write_text('select = ["PL01"]\n')
    (project / "sub").mkdir()
    (project / "sub" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    monkeypatch.chdir(project / "sub")
    assert findings("../tuttle.txt") == [("PL01", "error", 4)]


def test_dedicated_file_wins_over_pyproject_in_the_same_directory(project):
    (project / "pyproject.toml").write_text('[tool.instr-analyzer]\nselect = ["DF01"]\n')
    (project / ".instr-analyzer.toml").write_text('select = ["PL01"]\n')
    assert findings("tuttle.txt") == [("PL01", "error", 4)]


def test_explicit_config_replaces_discovery(project):
    (project / ".instr-analyzer.toml").write_text('select = ["PL01"]\n')
    (project / "team.toml").write_text('select = ["DF01"]\n')
    (project / "pyproject.toml").write_text('[tool.instr-analyzer]\nselect = ["FS01"]\n')
    assert findings("--config", "team.toml", "tuttle.txt") == [("DF01", "warning", 2)]
    assert findings("--config", "pyproject.toml", "tuttle.txt") == [
        ("FS01", "error", 2), ("FS01", "error", 4)]


@pytest.mark.parametrize("text, message", [
    ('selcet = ["PL"]\n',
     "selcet: unknown key; valid keys: select, ignore, extend-select, per-file-ignores, "
     "severity, fail-on"),
    ('select = ["PL09"]\n',
     "select: unknown code 'PL09'; valid: a category (BP, CA, DF, DM, DR, EL, FS, PL, PR, VD) "
     f"or a code ({ALL_CODES})"),
    ('ignore = "PL01"\n', 'ignore: expected a list of rule codes, e.g. ["PL01", "FS"]'),
    ('[severity]\nPL = "warning"\n', f"severity: unknown code 'PL'; valid: {ALL_CODES}"),
    ('[severity]\nPL01 = "fatal"\n', "severity.PL01: 'fatal'; valid: error, warning, note"),
    ('fail-on = "never"\n', "fail-on: 'never'; valid: error, warning, note"),
    ('[per-file-ignores]\n"*.txt" = ["XX"]\n',
     "per-file-ignores.'*.txt': unknown code 'XX'; valid: a category (BP, CA, DF, DM, DR, EL, "
     f"FS, PL, PR, VD) or a code ({ALL_CODES})"),
])
def test_bad_configuration_names_file_key_and_valid_values(project, text, message):
    (project / ".instr-analyzer.toml").write_text(text)
    result = run("check", "tuttle.txt")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"Error: {project / '.instr-analyzer.toml'}: {message}\n"


def test_config_that_is_not_toml_is_refused_not_executed(project):
    (project / "team.toml").write_text('select = __import__("os").system("touch pwned")\n')
    result = run("check", "--config", "team.toml", "tuttle.txt")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: team.toml: not valid TOML: Invalid value")
    assert not (project / "pwned").exists()


def test_missing_explicit_config(project):
    result = run("check", "--config", "nope.toml", "tuttle.txt")
    assert (result.exit_code, result.stderr) == (
        2, "Error: nope.toml: cannot read: No such file or directory\n")
