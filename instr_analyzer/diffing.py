"""Comparing two drafts of a charge: which defects a revision fixed, introduced or left in place.

Findings are paired first by code and the hash of their quoted words, which survives moving a
sentence or renumbering lines, and then by code and instruction number, which survives rewording
a defective sentence without curing it. What is left over was fixed (old only) or introduced
(new only).
"""

from __future__ import annotations

from .baseline import quote_hash
from .expectations import clip


def _pair(old: list, new: list, key) -> list[tuple]:
    """Pair findings with equal keys in order; remove the paired ones from both lists."""
    waiting: dict = {}
    for f in old:
        waiting.setdefault(key(f), []).append(f)
    pairs = []
    for f in list(new):
        if waiting.get(key(f)):
            before = waiting[key(f)].pop(0)
            old.remove(before)
            new.remove(f)
            pairs.append((before, f))
    return pairs


def match(old_findings, new_findings) -> tuple[list, list, list[tuple]]:
    """(fixed, introduced, still present as (old, new) pairs)."""
    old, new = list(old_findings), list(new_findings)
    # Same words in the same instruction first, so that a phrase repeated across instructions
    # ("gross negligence") pairs with its own occurrence before any other.
    still = _pair(old, new, lambda f: (f.code, quote_hash(f.quote), f.instruction))
    still += _pair(old, new, lambda f: (f.code, quote_hash(f.quote)))
    still += _pair(old, new, lambda f: (f.code, f.instruction))
    return old, new, sorted(still, key=lambda p: p[1].sort_key())


def _where(f) -> str:
    return (f"{f.path}:{f.span.line}:{f.span.col}: {f.code} {f.severity} in "
            f"{f.instruction_title}: \"{clip(f.quote)}\"")


def render(fixed: list, introduced: list, still: list[tuple]) -> list[str]:
    """Three sections, each finding with its location; still-present ones say where they were."""
    lines = []
    for title, items in (("fixed", [_where(f) for f in fixed]),
                         ("introduced", [_where(f) for f in introduced]),
                         ("still present", [_where(n) + (f" (was line {o.span.line})"
                                                         if o.span.line != n.span.line else "")
                                            for o, n in still])):
        lines.append(f"{title} ({len(items)}):")
        lines += [f"  {item}" for item in items] or ["  (none)"]
    lines.append(f"{len(fixed)} fixed, {len(introduced)} introduced, "
                 f"{len(still)} still present.")
    return lines
