"""Benchmark corpora built from the bundled samples (real published and court-quoted wording).

`charges(size)`: whole charges as a court gives them: the general instructions first (duty of
the jury, evidence, credibility, burden, deliberations, damages: samples/pattern/general), then
six § 1983 / Monell instructions drawn in a fixed pseudo-random order from the published ones
(samples/pattern: pattern instructions and court-quoted charges, and Tuttle's; not those in
pattern/reconstructed or pattern/individual, nor the whole charges assembled from several of
them in an `assembled` folder: a draw is of single instructions), so the corpus does not drift
as test samples are added (it does when a published one is). Most of a real charge names no doctrine concept; the
Monell part is where the rules work. `general(size)`: the general instructions alone, one charge each (the best
case: almost nothing for the grammar to read). `dense(size)`: the Monell samples alone, back
to back (the worst case).
"""

from __future__ import annotations

import random
import re
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
_HEADING = re.compile(r"^\s*(#|(jury\s+)?instruction\b|verdict\b|special\b)", re.I)


def _texts(general: bool, published: bool = False) -> list[str]:
    """The samples' texts: the general instructions, or the others (with `published`, only
    the real pattern instructions and court-quoted charges, not those written for tests)."""
    out = []
    for p in sorted(SAMPLES.rglob("*.txt")):
        if published and not ("pattern" in p.parts or p.name == "tuttle.txt") or \
                published and ("reconstructed" in p.parts or "individual" in p.parts
                              or "assembled" in p.parts):
            # reconstructed: from memory, not published words; individual: officers' claims;
            # assembled: whole charges made of several published instructions
            continue
        if ("general" in p.parts) == general:
            text = p.read_text(encoding="utf-8")
            if text.strip():
                out.append(text.strip() + "\n")
    return out


def _fill(parts_for, size: int) -> list[str]:
    docs, total, n = [], 0, 0
    while total < size:
        doc = parts_for(n)
        docs.append(doc)
        total += len(doc.encode("utf-8"))
        n += 1
    return docs


def charges(size: int, monell_per_charge: int = 6, seed: int = 1983) -> list[str]:
    general, monell = _texts(True), _texts(False, published=True)
    rng = random.Random(seed)

    def one(n: int) -> str:
        parts = list(general)
        for k, text in enumerate(rng.sample(monell, monell_per_charge), 1):
            heading = "" if _HEADING.match(text) else f"Instruction 9.{k}\n"
            parts.append(heading + text)
        return "\n".join(parts)

    return _fill(one, size)


def general(size: int) -> list[str]:
    charge = "\n".join(_texts(True))
    return _fill(lambda n: charge, size)


def dense(size: int) -> list[str]:
    monell = _texts(False)
    return _fill(lambda n: monell[n % len(monell)], size)
