"""Every sample charge gives exactly its expected findings (samples/README.md)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from instr_analyzer.analysis import analyze_source
from instr_analyzer.reader import read

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
CASES = sorted(p for p in SAMPLES.rglob("*.txt"))


def expected(path: Path) -> tuple[dict, list[tuple[str, int, str]]]:
    meta = tomllib.loads(path.with_suffix("").with_suffix(".expected.toml").read_text("utf-8")) \
        if path.with_suffix(".expected.toml").exists() else None
    if meta is None:
        raise AssertionError(f"{path}: no {path.stem}.expected.toml beside it")
    return meta, sorted((f["code"], f["line"], f.get("at", "")) for f in meta.get("finding", []))


def test_every_sample_has_expectations():
    assert CASES, "samples/ holds no .txt charges"
    for case in CASES:
        assert case.with_suffix(".expected.toml").exists(), case


@pytest.mark.parametrize("case", CASES, ids=[str(c.relative_to(SAMPLES)) for c in CASES])
def test_sample(case: Path):
    meta, want = expected(case)
    report = analyze_source(read(str(case)), meta.get("verdict"))
    notes = meta.get("notes", False)
    got = [f for f in report.findings if notes or f.severity != "note"]
    got_keys = sorted((f.code, f.span.line) for f in got)
    want_keys = sorted((code, line) for code, line, _ in want)
    missing = sorted(set(want_keys) - set(got_keys))
    unexpected = [f"{f.code} line {f.span.line}: {f.quote!r}" for f in got
                  if (f.code, f.span.line) not in set(want_keys)]
    assert got_keys == want_keys, (
        f"{case.name}: missing {missing}; unexpected {unexpected}")
    for code, line, at in want:
        if not at:
            continue
        hits = [f for f in got if f.code == code and f.span.line == line]
        assert any(at in " ".join(f.quote.split()) or " ".join(f.quote.split()) in at
                   for f in hits), (
            f"{case.name}: {code} on line {line} should be located on {at!r}; "
            f"got {[f.quote for f in hits]}")
