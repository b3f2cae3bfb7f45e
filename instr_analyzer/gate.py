"""Which sentences the grammar must read, and how: only what some rule could use.

Most of a real charge is boilerplate ("You must decide what the facts are ..."). Parsing it
costs as much as parsing the doctrine and changes nothing. A sentence's frames are built
(FRAMES) only when

- it introduces an element list that some rule could read as a claim's elements: facts.py reads
  the list's `claim` from its frames, whether or not the lead names a concept ("To establish
  this claim, Ms. Doe must prove all of the following:"), so the lead is parsed when its
  instruction holds the tokens of a pattern over `elements` that tests `claim` (with those of
  the `element` patterns joined to it); "You should consider the following:" in an
  instruction on credibility is not;
- or its tokens meet the necessary conditions of some rule pattern over frames.

Otherwise, when it names a doctrine concept or meets the conditions of a pattern over
sentences, the grammar only checks that it can read it (CHECK, parsing.Recognizer): a sentence
fact depends on the parse only through `analyzed` (PR01 and --stats report doctrine sentences
the grammar cannot read). Every other sentence is not read at all (SKIP).

A pattern's necessary conditions come from the rule files themselves: each flag it demands
(`is`, `eq`, or one of an `any` group) can only be true of a fact read from a sentence holding
one of certain tokens ("c_lesser_fault" needs a TERM of a lesser_fault concept; "c_liability" a
TERM of the concept or a `liable` verb; "p_infer" one of the verbs an inference is made from;
"restricted" an "only if" or "unless"; see transform.py's tables). Flags no token decides
(positive, n_*) demand nothing here. The patterns a rule joins in one sentence must all be met
there. So a frame left unbuilt is one no rule, positive or negated, could match: findings are
the same as when every sentence is parsed (tests/test_gate.py checks it, and the tables on
every frame of the samples). A list item that could be optional ("You may consider whether
...") is parsed too: its frames decide whether it is an element (facts._optional_item).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from functools import lru_cache

from .larkimport import Token

from .errors import RuleDefinitionError
from .facts import CONCEPT_PREFIXES, OPTIONAL_ITEM
from .rulebook import Logic, Pattern
from .transform import ANY, DEONTIC_FROM, KIND_FROM, VERB_FROM

Key = tuple[str, str]
"""A token's (type, value), e.g. ("TERM", "training") or ("VERB", "liable")."""

SKIP, CHECK, FRAMES = 0, 1, 2
"""How much of a sentence the grammar reads: nothing; whether it can; its frames."""
SYNTHETIC = {
    "liability": {("VERB", "liable"), ("VERB", "liable_municipality")},
    "municipality": {("VERB", "liable_municipality"), ("VERB", "acquit_municipality")},
}
"""Mentions transform.py makes without a TERM: a `liable` predicate concludes liability, and
"find against the City" and "find for the City" name the municipality
(transform.FrameBuilder._frame)."""
class Gate:
    """Built once per process from the rulebook and the phrase data's groups."""

    def __init__(self, logic: Iterable[Logic], groups: dict[str, tuple[str, ...]],
                 terminals: dict[str, frozenset[str]]) -> None:
        self._terminals = terminals
        cond = self._expand([("COND", ANY)])
        self._frame_flags = {
            "sole": self._expand([("QUAL", ANY)]),
            "conditional": cond - {("COND", "even_if")},
            "restricted": cond & {("COND", "only_if"), ("COND", "unless")},
            "k_": cond,
            "role": cond,  # role = "condition": the frame of a condition
            "negated": self._expand([("NEG", ANY)]),  # not `positive`: a negated frame
        }
        """Frame flags that only a sentence holding one of certain tokens can set
        (facts.frame_fact): a qualifier ("solely") makes a frame `sole`; a condition, which
        only a COND token opens (transform.FrameBuilder._segments), makes it `conditional`,
        `restricted` (only if, unless) and names its concepts as k_; only a NEG token makes it
        negated (not `positive`; transform.FrameBuilder._frame)."""
        members: dict[str, set[str]] = {}
        for concept, gs in groups.items():
            for g in gs:
                members.setdefault(g, set()).add(concept)
        self._members = members
        known = {*groups, *members, *SYNTHETIC, "doctrine"}
        for lg in logic:  # a misspelt concept would make a pattern silently never match
            for p in lg.when + lg.unless:
                for flag in sorted(p.tested()):
                    if flag.startswith(CONCEPT_PREFIXES) and flag[2:] not in known:
                        raise RuleDefinitionError(
                            f"{lg.source}: rule {lg.name!r}: {flag!r} names no concept or group "
                            f"of grammar/phrases.toml (a [concept] or [group] entry there)")
        self.doctrine = frozenset(members.get("doctrine", ()))
        """[group].doctrine: a sentence naming one bears doctrine (checked; PR01, --stats)."""
        needs: dict[str, list[tuple[frozenset[Key], ...]]] = {"frame": [], "sentence": []}
        for lg in logic:
            together = _in_one_sentence(lg.when)
            for p in lg.when + lg.unless:
                if p.fact in needs:
                    req = self._requirements(p)
                    if p.fact == "frame" and p.alias in together:
                        # the patterns joined to it in its sentence must meet it there too
                        req = tuple(sorted({r for q in together[p.alias]
                                            for r in self._requirements(q)}, key=sorted))
                    if req not in needs[p.fact]:
                        needs[p.fact].append(req)
        self.needs = {kind: tuple(n) for kind, n in needs.items()}
        """Per fact kind read from the parse, per pattern: token sets that must each meet the
        sentence (empty: any sentence)."""
        self._frames = _Needs(self.needs["frame"])
        self._sentences = _Needs(self.needs["sentence"])
        self._lists = _Needs(tuple(dict.fromkeys(self._claim_needs(logic))))
        """Token sets an instruction must hold for one of its lists' `claim` to matter."""
        self._decide = lru_cache(maxsize=4096)(self._decide)  # type: ignore[method-assign]

    def _keys(self, flag: str) -> frozenset[Key] | None:
        """Tokens one of which a sentence must hold for `flag` to be true; None if no token."""
        if flag == "bearing":  # analysis.py: the sentence names a doctrine concept
            name = "doctrine"
        elif flag.startswith(CONCEPT_PREFIXES):
            name = flag[2:]
        else:
            return None
        concepts = self._members.get(name, set()) | {name}
        keys: set[Key] = set()
        for concept in concepts:
            keys.add(("TERM", concept))
            keys |= SYNTHETIC.get(concept, set())
        return frozenset(keys)

    def _expand(self, keys) -> frozenset[Key]:
        """Keys with ANY for a value (transform.py's tables) as every value of the type."""
        return frozenset([(t, v) for t, value in keys for v in (
            self._terminals.get(t, ()) if value == ANY else (value,))])

    def _verb_keys(self, verb: str) -> frozenset[Key] | None:
        keys = VERB_FROM.get(verb, frozenset([("VERB", verb)]))
        return None if keys is None else self._expand(keys)

    def frame_keys(self, flag: str, value: Any = True) -> frozenset[Key] | None:
        """Tokens one of which a sentence must hold for a frame of it to have `flag` (with
        `value`), beyond those of the concept it names; None: no token tells. Its predicate
        and verb (p_, v_, pred), modality (deontic) and condition and qualifier flags are made
        of tokens (transform.py's tables)."""
        if flag == "pred" or flag.startswith("p_"):
            kind = value if flag == "pred" else flag[2:]
            sets = [self._verb_keys(v) for v in KIND_FROM.get(kind, (kind,))]
            return None if any(k is None for k in sets) else frozenset().union(*sets)
        if flag.startswith("v_"):
            return self._verb_keys(flag[2:])
        if flag == "deontic" and value != "deny":
            return DEONTIC_FROM.get(value)
        if flag == "role":
            return self._frame_flags["role"] if value == "condition" else None
        if flag == "positive" and not value or flag == "deontic" and value == "deny":
            return self._frame_flags["negated"]
        return self._frame_flags.get(flag[:2] if flag.startswith("k_") else flag)

    def _requirements(self, p: Pattern) -> tuple[frozenset[Key], ...]:
        out: list[frozenset[Key]] = []
        framed = self.frame_keys if p.fact == "frame" else (lambda *_: None)
        for flag in p.is_true:
            keys = self._keys(flag)
            if keys is not None:
                out.append(keys)
            if (keys := framed(flag)) is not None:
                out.append(keys)
        for field, value in [*p.eq, *(("positive", False) for f in p.not_true
                                       if f == "positive")]:
            if (keys := framed(field, value)) is not None:
                out.append(keys)
        for group in p.any_true:
            for need in (self._keys, framed):
                sets = [need(f) for f in group]
                if all(s is not None for s in sets):
                    out.append(frozenset().union(*sets))
        return tuple(sorted(set(out), key=sorted))

    def _claim_needs(self, logic: Iterable[Logic]):
        """Per pattern over `elements` that tests `claim`: its requirements and those of the
        `element` patterns of its rule joined to it (their items are in the instruction)."""
        for lg in logic:
            for p in lg.when + lg.unless:
                if p.fact != "elements" or "claim" not in p.tested():
                    continue
                req = set(self._requirements(p))
                for q in lg.when if p in lg.when else ():
                    if q.fact == "element" and (("list", p.alias, "id") in q.same
                                                or ("id", q.alias, "list") in p.same):
                        req |= set(self._requirements(q))
                yield tuple(sorted(req, key=sorted))

    def reading(self, tokens: list[Token], lead_of: frozenset[Key] | None = None,
                item: bool = False) -> int:
        """How much of this sentence a rule could use: SKIP, CHECK or FRAMES. `lead_of`: the
        token_keys of the instruction whose list this sentence introduces; `item`: it is an
        item of a list."""
        if lead_of is not None and self._lists.met(lead_of):
            return FRAMES  # the list's claim is read from its frames, whatever it names
        keys = token_keys(tokens)
        if item and OPTIONAL_ITEM <= keys:
            return FRAMES  # "Third: You may consider whether ...": its frames say if it is one
        return self._decide(keys)

    def _decide(self, keys: frozenset[Key]) -> int:
        """The reading for a sentence with these TERM and VERB tokens (a few hundred sets
        recur across charges: remembered, within a bound)."""
        terms = {v for t, v in keys if t == "TERM"}
        if not terms:
            return SKIP  # nothing for a rule to read
        if self._frames.met(keys):
            return FRAMES
        if not self.doctrine.isdisjoint(terms) or self._sentences.met(keys):
            return CHECK
        return SKIP


_READ = frozenset(["TERM", "VERB", "COND", "QUAL", "MODAL", "NEG"])


_SENTENCE_FIELDS = {"frame": ("sent",), "sentence": ("sent", "id")}
"""The fields that name a frame's or a sentence fact's sentence (facts.py)."""


def _in_one_sentence(patterns: list[Pattern]) -> dict[str, list[Pattern]]:
    """alias -> the patterns over frames and sentences that a rule's joins put in one
    sentence with it (itself included), for those that have any."""
    read = {p.alias: p for p in patterns if p.fact in _SENTENCE_FIELDS}
    group = {alias: {alias} for alias in read}
    for p in read.values():
        for field, other, other_field in p.same:
            if other in read and field in _SENTENCE_FIELDS[p.fact] and \
                    other_field in _SENTENCE_FIELDS[read[other].fact]:
                merged = group[p.alias] | group[other]
                for alias in merged:
                    group[alias] = merged
    return {alias: [read[a] for a in sorted(g)] for alias, g in group.items() if len(g) > 1}


def token_keys(tokens: Iterable[Token]) -> frozenset[Key]:
    """The TERM, VERB, COND, QUAL, MODAL and NEG tokens of a sentence (or of a whole instruction):
    what the gate reads."""
    return frozenset([(t.type, t.value) for t in tokens if t.type in _READ])


class _Needs:
    """The patterns of one fact kind, indexed by the tokens of each one's first requirement."""

    def __init__(self, needs: tuple[tuple[frozenset[Key], ...], ...]) -> None:
        self.always = any(not need for need in needs)
        self.by_key: dict[Key, list[tuple[frozenset[Key], ...]]] = {}
        for need in needs:
            for key in need[0] if need else ():
                self.by_key.setdefault(key, []).append(need)

    def met(self, keys: frozenset[Key]) -> bool:
        """Could a fact read from a sentence with these tokens meet some pattern?"""
        return self.always or any(all(not keys.isdisjoint(req) for req in need)
                                  for key in keys & self.by_key.keys()
                                  for need in self.by_key[key])
