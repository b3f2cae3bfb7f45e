"""Hostile and large input ends in findings or one clear error, never a crash or a hang."""

from __future__ import annotations

import os
import resource
import time

from instr_analyzer.analysis import analyze_source
from instr_analyzer.reader import Source, collect, read

SENTENCE = ("A single, unusually excessive use of force may be sufficiently out of the ordinary "
            "to warrant an inference that it was attributable to inadequate training. ")


def test_five_thousand_word_sentence():
    words = ("the City may infer a policy from the incident and " * 500).split()
    text = " ".join(words[:5000]) + "."
    start = time.perf_counter()
    report = analyze_source(Source("long.txt", text), "general")
    assert time.perf_counter() - start < 20
    assert report.stats["sentences"] == 1


def test_ten_thousand_nested_brackets_and_parentheses():
    for opening, closing in (("[", "]"), ("(", ")")):
        text = opening * 10000 + "The City is liable for the acts of its employees." + \
            closing * 10000
        report = analyze_source(Source("nested.txt", text), "general")
        assert [f.code for f in report.findings if f.code == "PL02"] == ["PL02"]


def test_one_million_empty_lines_keep_locations():
    text = "\n" * 1_000_000 + "The City is liable for the acts of its employees.\n"
    report = analyze_source(Source("empty-lines.txt", text), "general")
    pl02 = [f for f in report.findings if f.code == "PL02"]
    assert [(f.span.line, f.span.col) for f in pl02] == [(1_000_001, 1)]


def test_large_charge_is_analyzed_in_windows_with_flat_memory(tmp_path):
    path = tmp_path / "big.txt"
    block = f"Instruction No. 1\n\n{SENTENCE}\n\n" + " " * 300_000 + "\n"
    with open(path, "w", encoding="utf-8") as fh:
        for _ in range(50 * 1024 * 1024 // len(block)):   # about 50 MB
            fh.write(block)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report = analyze_source(read(str(path)), "general")
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    pl01 = [f for f in report.findings if f.code == "PL01"]
    assert len(pl01) == 50 * 1024 * 1024 // len(block)
    assert report.stats["windows"] > 100
    assert pl01[1].span.line == 3 + block.count("\n")    # the second copy, located exactly
    assert grown_mb < 600, f"memory grew by {grown_mb:.0f} MB"


def test_directory_with_ten_thousand_files_and_a_symlink_loop(tmp_path):
    root = tmp_path / "charges"
    root.mkdir()
    for i in range(10000):
        (root / f"c{i:05}.txt").write_text("The jury must follow the law.\n", encoding="utf-8")
    os.symlink(root, root / "loop")
    files = collect([str(root)])
    assert len(files) == 10000
    start = time.perf_counter()
    for f in files[:500]:
        assert analyze_source(read(f), "general").findings == []
    assert time.perf_counter() - start < 30
