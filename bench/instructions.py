"""Instructions executed by the pipeline and by the floor, counted by valgrind's callgrind.

Wall-clock time on a shared machine drifts by tens of percent; an instruction count does not
(same binary, same input, same hash seed: same count), so this is the measure for A/B-testing
a change to a hot path. It is not a time: memory traffic is invisible to it.

Run: python bench/instructions.py [KB] [charges|general|dense]
(needs valgrind; about a minute per 100 KB)
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

WORK = """
import sys
sys.path.insert(0, {here!r})
import corpus
from run import floor_parse, pipeline  # the same pipeline and floor as the timed benchmark
from instr_analyzer import lexicon, parsing
from instr_analyzer.segment import split_charge
docs = getattr(corpus, {corpus!r})({size})
pipeline(docs[:1])
units = [u for d in docs for inst in split_charge(d) for u in inst.units]
lex, parser = lexicon.load(), parsing.parser()
if sys.argv[1] == "pipeline":
    pipeline(docs)
elif sys.argv[1] == "floor":
    floor_parse(units, lex, parser)
"""


def count(script: str, mode: str) -> int:
    run = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                          sys.executable, "-c", script, mode],
                         capture_output=True, text=True, check=True,
                         env=dict(os.environ, PYTHONHASHSEED="0"))
    return int(re.search(r"Collected : (\d+)", run.stderr).group(1))


def main() -> None:
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind)")
    kb = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    name = sys.argv[2] if len(sys.argv) > 2 else "charges"
    if name not in ("charges", "general", "dense"):
        sys.exit(f"unknown corpus {name!r}; choose charges, general or dense")
    script = WORK.format(here=str(HERE), size=kb * 1000, corpus=name)
    # fill the TOML and grammar caches first: a cold cache in one run and not the others
    # would shift the subtraction below by the cost of building them
    subprocess.run([sys.executable, "-c", script, "setup"], check=True)
    setup = count(script, "setup")  # imports, corpus and warm-up: subtracted from both
    pipeline = count(script, "pipeline") - setup
    floor = count(script, "floor") - setup
    print(f"{name} {kb} KB: pipeline {pipeline / 1e6:,.0f}M instructions, floor (lex and "
          f"parse every sentence) {floor / 1e6:,.0f}M, ratio {pipeline / floor:.3f}")


if __name__ == "__main__":
    main()
