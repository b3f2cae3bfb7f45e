"""Benchmark instr-analyzer: cold start, throughput against the bare Lark parse and against
proselint, the engine alone, memory over many analyses, and --jobs scaling. Prints a Markdown
table of medians; the machines are noisy, so compare ratios measured in the same run.

Run: python bench/run.py            (a few minutes on a 2-core machine)
     python bench/run.py --quick    (smaller corpora, fewer repeats)

Corpora (bench/corpus.py): whole charges (real general instructions plus six § 1983 / Monell
instructions each), the general instructions alone (boilerplate: the best case) and the
Monell samples alone (the dense worst case).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from corpus import charges, dense, general  # noqa: E402

from instr_analyzer import lexicon, parsing  # noqa: E402
from instr_analyzer.analysis import (  # noqa: E402
    _InstructionKeys, _title_concepts, analyze_source, analyzer)
from instr_analyzer.gate import CHECK, FRAMES  # noqa: E402
from instr_analyzer.reader import Source  # noqa: E402
from instr_analyzer.segment import split_charge  # noqa: E402

ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""Child processes may write bytecode, as an installed package has it."""


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def cold_runs(cmd: list[str], repeat: int, cwd: str) -> tuple[float, float]:
    """Median and fastest whole-process time, after one warm-up run (bytecode, caches)."""
    subprocess.run(cmd, cwd=cwd, capture_output=True, env=ENV)
    runs = _in_turn([cmd], repeat, cwd)[0]
    return statistics.median(runs), min(runs)


def alternating(cmds: list[list[str]], repeat: int, cwd: str) -> list[float]:
    """Median whole-process time of each command, run in turn, so that the shared machine's
    drift during the minutes this takes falls on all of them alike."""
    return [statistics.median(r) for r in _in_turn(cmds, repeat, cwd)]


def _in_turn(cmds: list[list[str]], repeat: int, cwd: str) -> list[list[float]]:
    """Whole-process times of each command, the commands run in turn `repeat` times."""
    runs: list[list[float]] = [[] for _ in cmds]
    for _ in range(repeat):
        for cmd, out in zip(cmds, runs, strict=True):
            start = time.perf_counter()
            subprocess.run(cmd, cwd=cwd, capture_output=True, env=ENV)
            out.append(time.perf_counter() - start)
    return runs


def mb(docs: list[str]) -> float:
    return sum(len(d.encode("utf-8")) for d in docs) / 1e6


def pipeline(docs: list[str]) -> None:
    for n, d in enumerate(docs):
        analyze_source(Source(f"doc{n}.txt", d), "general")


def floor_parse(units, lex, parser) -> None:
    """The floor: every sentence lexed and parsed by Lark with the project's grammar."""
    for u in units:
        toks = lex.tokens(u.text, u.span.start)
        if toks:
            parser.parse(toks)


def interleaved(docs, lex, parser, repeat: int) -> tuple[float, float]:
    """Pipeline and floor timed document by document, alternately, so that the machine's
    drift (it is shared) falls on both alike; medians over the repeats. The floor's sentences
    are cut just before it runs (untimed) and dropped after, so that neither side pays for
    the other's objects in the collector's passes (a 10 MB corpus cut at once is millions)."""
    fulls, floors = [], []
    for _ in range(repeat):
        t_full = t_floor = 0.0
        for n, d in enumerate(docs):
            us = [u for inst in split_charge(d) for u in inst.units]
            for step in ((0, 1) if n % 2 else (1, 0)):
                start = time.perf_counter()
                if step == 0:
                    analyze_source(Source(f"doc{n}.txt", d), "general")
                    t_full += time.perf_counter() - start
                else:
                    floor_parse(us, lex, parser)
                    t_floor += time.perf_counter() - start
            del us
        fulls.append(t_full)
        floors.append(t_floor)
    return statistics.median(fulls), statistics.median(floors)


def read_shares(docs: list[str]) -> tuple[float, float]:
    """The shares of sentences whose frames are built and of those the grammar only checks
    (gate.py); the rest are not read at all."""
    az, lex = analyzer(), lexicon.load()
    counts = [0, 0, 0]
    for d in docs:
        insts = split_charge(d)
        leads = {u.lead for i in insts for u in i.units if u.lead}
        for i in insts:
            lexes = [lex.scan(u.text) for u in i.units]
            context = _InstructionKeys(lexes, _title_concepts(i))  # as analysis.py reads it
            for u, lx in zip(i.units, lexes, strict=True):
                counts[az.gate.reading(lx.hits, context() if u.id in leads else None, u.item,
                                       context)] += 1
    total = sum(counts) or 1
    return counts[FRAMES] / total, counts[CHECK] / total


def proselint_rate(docs: list[str]) -> float | None:
    """proselint 0.16's own linter over the same documents, one file at a time."""
    try:
        from proselint.checks import __register__
        from proselint.config import DEFAULT
        from proselint.registry import CheckRegistry
        from proselint.tools import LintFile
    except ImportError:
        return None
    CheckRegistry().register_many(__register__)
    config = dict(DEFAULT)

    def run() -> None:
        for n, d in enumerate(docs):
            LintFile(f"doc{n}.txt", d).lint(config)

    return mb(docs) / timed(run, 1)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    repeat = 5 if args.quick else 11
    sizes = [100_000, 1_000_000] if args.quick else [100_000, 1_000_000, 10_000_000]
    rows: list[tuple[str, str, str]] = []
    instr = shutil.which("instr") or "instr"
    work = tempfile.mkdtemp(prefix="instr-bench-")
    one_page = shutil.copy(ROOT / "samples" / "tuttle.txt", work)

    bare, bare_min = cold_runs([sys.executable, "-c", "pass"], repeat, work)
    no_site, _ = cold_runs([sys.executable, "-S", "-c", "pass"], repeat, work)
    helpt, help_min = cold_runs([instr, "--help"], repeat, work)
    check, check_min = cold_runs([instr, "check", one_page], repeat, work)
    ms = 1000
    rows += [("cold start: python -c pass", f"{bare * ms:.0f} ms (fastest {bare_min * ms:.0f})",
              f"python -S -c pass (no site hooks): {no_site * ms:.0f} ms"),
             ("cold start: instr --help", f"{helpt * ms:.0f} ms (fastest {help_min * ms:.0f})",
              f"+{(helpt - bare) * ms:.0f} ms over python"),
             ("cold start: instr check (one-page charge)",
              f"{check * ms:.0f} ms (fastest {check_min * ms:.0f})",
              f"+{(check - bare) * ms:.0f} ms over python")]

    lex, parser = lexicon.load(), parsing.parser()
    pipeline(charges(50_000))  # warm
    corpora = [("charges", s, charges(s)) for s in sizes]
    charges_rate = 0.0
    corpora.append(("general instructions only", 1_000_000, general(1_000_000)))
    corpora.append(("Monell samples only", 1_000_000, dense(1_000_000)))
    for name, size, docs in corpora:
        n_units = sum(len(inst.units) for d in docs for inst in split_charge(d))
        # medians over more passes where a pass is short (a 0.1 MB pass is a few docs)
        r = 1 if size >= 10_000_000 else repeat if size <= 100_000 else max(1, repeat // 4)
        t_full, t_floor = interleaved(docs, lex, parser, r)
        if name == "charges" and size == 1_000_000:
            charges_rate = mb(docs) / t_full
        label = f"{name} {mb(docs):.1f} MB"
        share = read_shares(docs) if size <= 1_000_000 else None
        rows.append((f"throughput, {label}: instr pipeline",
                     f"{mb(docs) / t_full:.2f} MB/s, {n_units / t_full:,.0f} sentences/s",
                     f"{t_full / t_floor:.2f}x the parse" +
                     (f"; {share[0]:.0%} of sentences parsed, {share[1]:.0%} only checked"
                      if share is not None else "")))
        rows.append((f"throughput, {label}: bare Lark parse of every sentence (floor)",
                     f"{mb(docs) / t_floor:.2f} MB/s, {n_units / t_floor:,.0f} sentences/s",
                     "1.00x"))

    docs = charges(1_000_000)
    p_rate = proselint_rate(docs)
    if p_rate is None:
        rows.append(("proselint", "not installed (pip install proselint)", ""))
    else:
        i_rate = charges_rate  # the median measured above, same documents
        rows.append((f"proselint 0.16, same charges {mb(docs):.1f} MB, file by file",
                     f"{p_rate:.2f} MB/s", f"instr is {i_rate / p_rate:.1f}x proselint"))

    # the engine alone: the facts of one charge, analyzed again and again
    from instr_analyzer import facts as facts_mod

    page = analyze_source(Source(one_page, Path(one_page).read_text(encoding="utf-8")),
                          "general", parse_all=True)
    facts = facts_mod.build(page.sentences, page.instructions, "general",
                            analyzer().flags).facts
    engine = analyzer().engine
    n = 300 if args.quick else 1000
    t_e = timed(lambda: [engine.run(facts) for _ in range(n)], 3)
    rows.append((f"engine alone ({len(facts)} facts per analysis)", f"{n / t_e:,.0f} analyses/s",
                 f"{t_e / n * 1000:.2f} ms each"))

    docs = dense(60_000)[:150]
    rss = []
    total = 2000 if args.quick else 10000
    for k in range(total):
        analyze_source(Source("m", docs[k % len(docs)]), "general")
        if k + 1 in (total // 10, total):
            rss.append(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    rows.append((f"peak RSS after {total // 10:,} / {total:,} analyses",
                 f"{rss[0]:.0f} MB / {rss[1]:.0f} MB", f"{rss[1] / rss[0]:.2f}x"))

    files, batch = [], charges(200 * 20_000)[:200]
    for k, d in enumerate(batch):
        p = Path(work) / f"charge{k:03}.txt"
        p.write_text(d, encoding="utf-8")
        files.append(str(p))
    jr = max(1, repeat // 4)
    outs = {}
    for j in (1, 2):
        cmd = [instr, "check", "--format", "json", "-j", str(j), *files]
        outs[j] = subprocess.run(cmd, cwd=work, capture_output=True, env=ENV).stdout
    same = "identical" if outs[1] == outs[2] else "OUTPUT DIFFERS"
    j1, j2 = alternating([[instr, "check", "-j", str(j), *files] for j in (1, 2)], max(jr, 3),
                         work)
    rows.append((f"instr check 200 charges ({mb(batch):.1f} MB), "
                 "--jobs 1 / --jobs 2", f"{j1:.2f} s / {j2:.2f} s",
                 f"{j1 / j2:.2f}x speed-up; output {same}"))
    shutil.rmtree(work, ignore_errors=True)

    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; medians of "
          f"{repeat} runs unless noted\n")
    print("| measure | result | ratio |\n| --- | --- | --- |")
    for row in rows:
        print(f"| {row[0]} | {row[1]} | {row[2]} |")


if __name__ == "__main__":
    main()
