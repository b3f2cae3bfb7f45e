"""Property tests: any Unicode text ends in findings or the project's own error, and an
analysis never depends on what the same process analyzed before."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from instr_analyzer.analysis import analyze_source
from instr_analyzer.errors import AnalyzerError
from instr_analyzer.reader import Source, decode
from instr_analyzer.reports import render

WORDS = ["the", "City", "may", "not", "infer", "a", "policy", "solely", "from", "single",
         "incident", "deliberate", "indifference", "or", "gross", "negligence", "is", "liable",
         "if", "unless", "only", "must", "prove", ",", ";", ":", ".", "(1)", "[he]", "\n",
         "\n\n", "Instruction No. 3\n", "Verdict Form\n", "punitive damages", "moving force",
         "but for", "employs", "Officer Smith", "training", "pattern", "prior", "after"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text_gives_findings_or_input_error(text):
    try:
        decoded = decode("<hypothesis>", text.encode("utf-8", "surrogatepass"))
    except (AnalyzerError, UnicodeEncodeError):
        return
    report = analyze_source(Source("<hypothesis>", decoded), "general")
    for f in report.findings:
        assert 1 <= f.span.line and 1 <= f.span.col


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=60))
def test_charge_like_word_salad_never_crashes(words):
    text = " ".join(words)
    if not text.strip():
        return
    analyze_source(Source("<salad>", text), "general")


def test_results_do_not_depend_on_order():
    paths = sorted((Path(__file__).resolve().parents[1] / "samples").rglob("*.txt"))
    sources = [Source(str(p), p.read_text(encoding="utf-8")) for p in paths]
    first = {s.path: render("json", [analyze_source(s, "general")]) for s in sources}
    shuffled = sources[:]
    random.Random(7).shuffle(shuffled)
    for s in shuffled:
        assert render("json", [analyze_source(s, "general")]) == first[s.path], s.path


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab\n", max_size=60), st.lists(st.tuples(st.integers(0, 60),
                                                                  st.integers(0, 8)), max_size=12))
def test_line_index_gives_line_and_column_in_any_order(text, asks):
    """LineIndex keeps the last line it found; its answers must not depend on that."""
    from instr_analyzer.spans import LineIndex

    index = LineIndex(text)
    for start, width in asks:
        start = min(start, len(text))
        end = min(start + width, len(text))
        last = max(start, end - 1)
        span = index.span(start, end)
        assert (span.line, span.col) == (text.count("\n", 0, start) + 1,
                                         start - (text.rfind("\n", 0, start) + 1) + 1)
        assert (span.end_line, span.end_col) == (text.count("\n", 0, last) + 1,
                                                 last - (text.rfind("\n", 0, last) + 1) + 1)
