"""Negation: which concepts a sentence takes away ("not the City", "more than negligence",
"need not prove that there were any prior incidents"). It runs on every sentence that names a
concept, parsed or not, so it reads (type, value) pairs, not the tree."""

from __future__ import annotations

from .larkimport import Token


def either_way(toks: list[Token]) -> set[int]:
    """The ids of the "not" of each "whether or not": "A pattern of prior incidents, whether or
    not similar to the violation at issue, may establish notice" says that similarity does not
    matter (the concept after it is taken away, negated_concepts), not that the pattern may not
    establish notice."""
    return {id(t) for i, t in enumerate(toks) if t.type == "NEG" and i >= 2 and
            toks[i - 1].value == "or" and toks[i - 2].type == "WORD" and
            toks[i - 2].value == "whether"}


_CONTRAST = {"than", "beyond", "exceeds", "even"}
_DISPENSING = ("dispense", "unnecessary")
"""Concepts that take away another ("need not prove", "is unnecessary"), not concepts read."""
TAKERS = _CONTRAST | set(_DISPENSING)


def kinds_and_values(toks: list[Token]) -> list[tuple[str, str]]:
    return [(t.type, t.value) for t in toks]


def negated_concepts(toks: list[tuple[str, str]]) -> tuple[str, ...]:
    """Concepts a negation, a contrast ('more than negligence') or a dispensing phrase
    ('need not prove that there were any prior incidents') takes away; toks are the
    (type, value) of each token (Lexed.pairs)."""
    if not any(kind == "NEG" or value in TAKERS for kind, value in toks):
        return ()  # most sentences: nothing that could take a concept away
    out = []
    for i, (kind, value) in enumerate(toks):
        if kind == "VERB" and value == "liable":
            # "you must find that the City is not liable": the predicate names liability
            # (FrameBuilder._mentions reads it as the concept), so a negation takes it away
            value = "liability"
        elif kind != "TERM" or value in _DISPENSING:
            continue
        before = toks[max(0, i - 7):i]
        if value == "but_for" and ("TERM", "dispense") in before and ("COMMA", ",") in \
                before[max(j for j, t in enumerate(before) if t == ("TERM", "dispense")):]:
            # "if, absent the custom, the injury would not have happened": "absent X," states
            # the counterfactual's condition; it dispenses with nothing after its comma
            before = [t for t in before if t != ("TERM", "dispense")]
        if any(k == "NEG" or (k == "WORD" and v in _CONTRAST) for k, v in toks[max(0, i - 3):i]) \
                or ("TERM", "dispense") in before \
                or ("TERM", "unnecessary") in toks[i + 1:i + 9]:
            out.append(value)
    return tuple(out)
