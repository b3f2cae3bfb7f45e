"""Benchmark instr-analyzer: cold start, throughput against the bare Lark parse, the engine
alone, memory over many analyses, and --jobs scaling. Prints a Markdown table (medians).

Run: python bench/run.py            (about two minutes on a 2-core machine)
     python bench/run.py --quick    (smaller corpus, fewer repeats)
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
sys.path.insert(0, str(ROOT))

from instr_analyzer import lexicon, parsing  # noqa: E402
from instr_analyzer.analysis import analyze_source, analyzer  # noqa: E402
from instr_analyzer.reader import Source  # noqa: E402
from instr_analyzer.segment import split_charge  # noqa: E402


def charges() -> list[str]:
    """The bundled samples: real-phrased charges, sound and defective."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").rglob("*.txt"))]
    return [t for t in texts if t.strip()]


def corpus(size: int) -> list[str]:
    base, out, total, i = charges(), [], 0, 0
    while total < size:
        text = base[i % len(base)]
        out.append(text)
        total += len(text.encode("utf-8"))
        i += 1
    return out


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def cold(cmd: list[str], repeat: int, cwd: str) -> float:
    return timed(lambda: subprocess.run(cmd, cwd=cwd, capture_output=True), repeat)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    repeat = 3 if args.quick else 7
    sizes = [100_000, 1_000_000] if args.quick else [100_000, 1_000_000, 10_000_000]
    rows: list[tuple[str, str, str]] = []
    instr = shutil.which("instr") or "instr"
    one_page = str(ROOT / "samples" / "tuttle.txt")

    bare = cold([sys.executable, "-c", "pass"], repeat, str(ROOT))
    check = cold([instr, "check", one_page], repeat, str(ROOT))
    helpt = cold([instr, "--help"], repeat, str(ROOT))
    rows += [("cold start: python -c pass", f"{bare * 1000:.0f} ms", "1.0x"),
             ("cold start: instr --help", f"{helpt * 1000:.0f} ms", f"{helpt / bare:.1f}x"),
             ("cold start: instr check (one-page charge)", f"{check * 1000:.0f} ms",
              f"{check / bare:.1f}x")]

    analyzer()
    lex = lexicon.load()
    parser = parsing.parser()
    for size in sizes:
        docs = corpus(size)
        nbytes = sum(len(d.encode("utf-8")) for d in docs)
        units = [u for d in docs for inst in split_charge(d) for u in inst.units]

        def full() -> None:
            for n, d in enumerate(docs):
                analyze_source(Source(f"doc{n}.txt", d), "general")

        def floor() -> None:
            for u in units:
                toks = lex.tokens(u.text, u.span.start)
                if toks:
                    parser.parse(toks)

        r = 1 if size >= 10_000_000 else max(1, repeat // 2)
        t_full, t_floor = timed(full, r), timed(floor, r)
        label = f"{nbytes / 1e6:.1f} MB"
        rows.append((f"throughput {label}: instr pipeline",
                     f"{nbytes / 1e6 / t_full:.2f} MB/s, {len(units) / t_full:,.0f} sentences/s",
                     f"{t_full / t_floor:.2f}x the parse"))
        rows.append((f"throughput {label}: bare Lark parse (floor)",
                     f"{nbytes / 1e6 / t_floor:.2f} MB/s, {len(units) / t_floor:,.0f} sentences/s",
                     "1.00x"))

    try:
        import proselint.tools  # type: ignore  # noqa: F401
        docs = corpus(200_000)
        text = "\n\n".join(docs)
        t_p = timed(lambda: proselint.tools.lint(text), 1)
        t_i = timed(lambda: [analyze_source(Source("d", d), "general") for d in docs], 1)
        rows.append(("proselint, same 0.2 MB", f"{0.2 / t_p:.2f} MB/s", f"instr is {t_p / t_i:.1f}x"))
    except Exception:  # noqa: BLE001 - optional comparison
        rows.append(("proselint", "not installed (pip install proselint)", ""))

    # the engine alone: facts of one charge, analyzed again and again
    from instr_analyzer import facts as facts_mod
    from instr_analyzer.transform import FrameBuilder
    from instr_analyzer.spans import LineIndex

    text = Path(one_page).read_text(encoding="utf-8")
    index = LineIndex(text)
    insts = split_charge(text, index)
    fb_ = FrameBuilder(text, index)
    sents = [fb_.sentence(u, lex.tokens(u.text, u.span.start),
                          parsing.parse(lex.tokens(u.text, u.span.start)))
             for i in insts for u in i.units]
    facts = facts_mod.build(sents, insts, "general", lex.groups).facts
    engine = analyzer().engine
    n = 300 if args.quick else 1000
    t_e = timed(lambda: [engine.run(facts) for _ in range(n)], 1)
    rows.append((f"engine alone ({len(facts)} facts per analysis)", f"{n / t_e:,.0f} analyses/s", ""))

    docs = charges()
    rss = []
    total = 2000 if args.quick else 10000
    for k in range(total):
        analyze_source(Source("m", docs[k % len(docs)]), "general")
        if k + 1 in (total // 10, total):
            rss.append(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    rows.append((f"peak RSS after {total // 10:,} / {total:,} analyses",
                 f"{rss[0]:.0f} MB / {rss[1]:.0f} MB", f"{rss[1] / rss[0]:.2f}x"))

    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for k in range(200):
            p = Path(tmp) / f"charge{k:03}.txt"
            p.write_text(docs[k % len(docs)] * 4, encoding="utf-8")
            files.append(str(p))
        j1 = cold([instr, "check", "--verdict", "general", "-j", "1", *files], max(1, repeat // 2), tmp)
        j2 = cold([instr, "check", "--verdict", "general", "-j", "2", *files], max(1, repeat // 2), tmp)
        rows.append(("instr check 200 files, --jobs 1 / --jobs 2", f"{j1:.2f} s / {j2:.2f} s",
                     f"{j1 / j2:.2f}x speed-up"))

    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; medians of "
          f"{repeat} runs unless noted\n")
    print("| measure | result | ratio |\n| --- | --- | --- |")
    for row in rows:
        print(f"| {row[0]} | {row[1]} | {row[2]} |")


if __name__ == "__main__":
    main()
