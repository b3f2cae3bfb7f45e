"""Analyses are independent: 200 in one process give exactly what each gives alone."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

from instr_analyzer.analysis import analyze_source
from instr_analyzer.reader import read
from instr_analyzer.reports import render

SAMPLES = sorted(str(p) for p in (Path(__file__).resolve().parents[1] / "samples").rglob("*.txt"))


def _one(path: str) -> str:
    return render("json", [analyze_source(read(path), "general")])


def test_two_hundred_analyses_in_one_process_match_fresh_processes():
    rng = random.Random(1983)
    docs = [rng.choice(SAMPLES) for _ in range(200)]
    in_process = {}
    for path in docs:
        out = _one(path)
        assert in_process.setdefault(path, out) == out, f"{path} changed within one process"
    fresh = sorted(set(docs))[:12]
    code = ("import sys; from instr_analyzer.analysis import analyze_source; "
            "from instr_analyzer.reader import read; from instr_analyzer.reports import render; "
            "sys.stdout.write(render('json', [analyze_source(read(sys.argv[1]), 'general')]))")
    for path in fresh:
        alone = subprocess.run([sys.executable, "-c", code, path], capture_output=True,
                               text=True, check=True).stdout
        assert alone == in_process[path], f"{path}: differs from its own-process analysis"


def test_jobs_output_is_identical_and_ordered(tmp_path):
    from click.testing import CliRunner

    from instr_analyzer.cli import main

    one = CliRunner().invoke(main, ["check", "-f", "json", "--verdict", "general", *SAMPLES])
    two = CliRunner().invoke(main, ["check", "-f", "json", "--verdict", "general", "-j", "2",
                                    *SAMPLES])
    assert one.output == two.output
    assert [f["path"] for f in json.loads(one.output)["files"]] == SAMPLES
