"""Expected findings (samples/README.md): a charge's `X.expected.toml` says what the law requires.

One comparison serves `instr check --expect` and the pytest plugin, so a sample passes or fails
the same way everywhere. It follows tests/test_samples.py: the findings must be exactly the
expected (code, line) pairs, notes only when `notes = true`, and each expected `at` must lie
within the quoted words of a finding on that line (or contain them). Each finding answers for
one expectation, so the diff names precisely what is missing and what is unexpected.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError

_TOP = {"source", "verdict", "notes", "finding"}
_FINDING = {"code", "line", "at"}


@dataclass(frozen=True)
class Expected:
    code: str
    line: int
    at: str = ""


@dataclass(frozen=True)
class Expectation:
    path: str
    verdict: str | None
    notes: bool
    findings: tuple[Expected, ...]


def expectation_path(charge: str | Path) -> Path:
    """`dir/X.txt` -> `dir/X.expected.toml`."""
    return Path(charge).with_suffix(".expected.toml")


def load(charge: str | Path) -> Expectation | None:
    """The expectations beside a charge, or None when it has none."""
    path = expectation_path(charge)
    if not path.is_file():
        return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read expectations: {exc}") from None
    bad = sorted(set(data) - _TOP)
    if bad:
        raise ConfigError(f"{path}: unknown key {bad[0]!r}; valid keys: {', '.join(sorted(_TOP))}")
    if data.get("verdict") not in (None, "general", "special"):
        raise ConfigError(f"{path}: verdict: {data['verdict']!r}; valid: general, special")
    found = []
    for i, f in enumerate(data.get("finding", [])):
        if not isinstance(f, dict) or set(f) - _FINDING or not isinstance(f.get("code"), str) \
                or not isinstance(f.get("line"), int) or not isinstance(f.get("at", ""), str):
            raise ConfigError(f"{path}: finding[{i}]: expected code (string), line (integer) "
                              "and optional at (string), nothing else")
        found.append(Expected(f["code"], f["line"], f.get("at", "")))
    return Expectation(str(path), data.get("verdict"), bool(data.get("notes", False)),
                       tuple(found))


def clip(text: str, limit: int = 80) -> str:
    """Whitespace-normalized text, cut to `limit` characters for a one-line message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _fits(want: Expected, finding) -> bool:
    quote = " ".join(finding.quote.split())
    return (want.code, want.line) == (finding.code, finding.span.line) and (
        not want.at or want.at in quote or quote in want.at)


def compare(expectation: Expectation, findings) -> tuple[list[Expected], list]:
    """(missing expectations, unexpected findings); both empty when the charge is as expected."""
    got = [f for f in findings if expectation.notes or f.severity != "note"]
    want = list(expectation.findings)
    owner: dict[int, int] = {}  # finding index -> expectation index

    def assign(i: int, seen: set[int]) -> bool:
        # Augmenting path: a finding that fits two expectations goes to the one that needs it.
        for j, f in enumerate(got):
            if j not in seen and _fits(want[i], f):
                seen.add(j)
                if j not in owner or assign(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    # Expectations that name their words choose first, so a bare one is reported if any is.
    order = sorted(range(len(want)), key=lambda i: not want[i].at)
    unmet = sorted(i for i in order if not assign(i, set()))
    return [want[i] for i in unmet], [f for j, f in enumerate(got) if j not in owner]


def describe(missing: list[Expected], unexpected: list) -> list[str]:
    """One readable line per difference, missing first, each in line order."""
    lines = [f"missing: {w.code} line {w.line}" + (f" at {w.at!r}" if w.at else "")
             for w in sorted(missing, key=lambda w: (w.line, w.code))]
    return lines + [f"unexpected: {f.code} line {f.span.line}: {clip(f.quote)!r}"
                    for f in sorted(unexpected, key=lambda f: f.sort_key())]


def _analyze(paths: list[str], verdict: str | None) -> list:
    from .analysis import analyze_source
    from .reader import read

    return [analyze_source(read(p), verdict) for p in paths]


def run(files: list[str], verdict: str | None = None, analyze=_analyze) -> dict[str, list[str]]:
    """Differences per charge that has expectations (an empty list: as expected).

    Each charge is analyzed with its expected `verdict`, falling back to `verdict`; `analyze`
    takes (paths, verdict) and returns reports in order, so a caller may run it in parallel.
    """
    expected = {f: e for f in files if (e := load(f)) is not None}
    groups: dict[str | None, list[str]] = {}
    for f, e in expected.items():
        groups.setdefault(e.verdict or verdict, []).append(f)
    reports = {}
    for v, paths in groups.items():
        reports.update(zip(paths, analyze(paths, v), strict=True))
    return {f: describe(*compare(e, reports[f].findings)) for f, e in expected.items()}


def check_paths(paths, verdict: str | None = None, analyze=_analyze) -> tuple[str, int]:
    """`instr check --expect`: each file's result and diff, a tally, and the exit status."""
    from .reader import collect

    files = collect(list(paths))
    results = run(files, verdict, analyze)
    if not results:
        raise ConfigError(f"--expect: no checked file has an X.expected.toml beside it "
                          f"({len(files)} checked)")
    lines = []
    for path, diff in results.items():
        lines.append(f"{path}: " + (f"differs from {expectation_path(path).name}" if diff
                                    else "as expected"))
        lines += [f"    {d}" for d in diff]
    good, skipped = sum(1 for d in results.values() if not d), len(files) - len(results)
    lines.append(f"{good} of {len(results)} file{'s' if len(results) != 1 else ''} as expected"
                 + (f"; {skipped} without a .expected.toml not compared." if skipped else "."))
    return "\n".join(lines) + "\n", 1 if good < len(results) else 0
