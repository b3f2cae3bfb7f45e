"""Which sentences the grammar must read: only those whose facts some rule could use.

Most of a real charge is boilerplate ("You must decide what the facts are ..."). Parsing it
costs as much as parsing the doctrine and changes nothing, so a sentence is parsed only when

- it introduces an element list (facts.py reads the list's claim from its frames, whether or
  not it names a concept: "To establish this claim, Ms. Doe must prove all of the following:"),
- or it names a doctrine concept (PR01 and --stats report such sentences when they go unread),
- or its tokens meet the necessary conditions of some rule pattern over frames or sentences.

A pattern's necessary conditions come from the rule files themselves: each flag it demands
(`is`, or one of an `any` group) can only be true of a fact read from a sentence holding one of
certain tokens ("c_lesser_fault" needs a TERM of a lesser_fault concept; "c_liability" a TERM
of the concept or a `liable` verb). Flags not tied to a token (positive, p_*, v_*) demand
nothing here. So a skipped sentence yields no fact that any rule, positive or negated, could
match: findings are the same as when every sentence is parsed (tests/test_gate.py checks it).
"""

from __future__ import annotations

from collections.abc import Iterable

from lark import Token

from .rulebook import Logic, Pattern

Key = tuple[str, str]
"""A token's (type, value), e.g. ("TERM", "training") or ("VERB", "liable")."""

_ROLE_PREFIXES = ("c_", "g_", "s_", "k_", "a_", "n_", "m_", "f_")
"""Flags that name a concept (or a group of concepts) the fact's sentence mentions."""
_READ_KINDS = ("frame", "sentence")
"""Fact kinds whose content depends on the parse (facts.py)."""
SYNTHETIC = {
    "liability": {("VERB", "liable"), ("VERB", "liable_municipality")},
    "municipality": {("VERB", "liable_municipality")},
}
"""Mentions transform.py makes without a TERM: a `liable` predicate concludes liability, and
"find against the City" names the municipality (transform.FrameBuilder._frame)."""


class Gate:
    """Built once per process from the rulebook and the phrase data's groups."""

    def __init__(self, logic: Iterable[Logic], groups: dict[str, tuple[str, ...]]) -> None:
        members: dict[str, set[str]] = {}
        for concept, gs in groups.items():
            for g in gs:
                members.setdefault(g, set()).add(concept)
        self._members = members
        self.doctrine = frozenset(members.get("doctrine", ()))
        """[group].doctrine: a sentence naming one bears doctrine (parsed; PR01, --stats)."""
        needs: list[tuple[frozenset[Key], ...]] = []
        for lg in logic:
            for p in lg.when + lg.unless:
                if p.fact in _READ_KINDS:
                    req = self._requirements(p)
                    if req not in needs:
                        needs.append(req)
        self.needs = tuple(needs)
        """Per pattern: token sets that must each meet the sentence (empty: any sentence)."""
        self._always = any(not need for need in needs)
        self._by_key: dict[Key, list[tuple[frozenset[Key], ...]]] = {}
        for need in needs:  # index each pattern by the tokens of its first requirement
            for key in need[0] if need else ():
                self._by_key.setdefault(key, []).append(need)

    def _keys(self, flag: str) -> frozenset[Key] | None:
        """Tokens one of which a sentence must hold for `flag` to be true; None if no token."""
        if flag == "bearing":  # analysis.py: the sentence names a doctrine concept
            name = "doctrine"
        elif flag.startswith(_ROLE_PREFIXES):
            name = flag[2:]
        else:
            return None
        concepts = self._members.get(name, set()) | {name}
        keys: set[Key] = set()
        for concept in concepts:
            keys.add(("TERM", concept))
            keys |= SYNTHETIC.get(concept, set())
        return frozenset(keys)

    def _requirements(self, p: Pattern) -> tuple[frozenset[Key], ...]:
        out: list[frozenset[Key]] = []
        for flag in p.is_true:
            keys = self._keys(flag)
            if keys is not None:
                out.append(keys)
        for group in p.any_true:
            sets = [self._keys(f) for f in group]
            if all(s is not None for s in sets):
                out.append(frozenset().union(*sets))
        return tuple(sorted(set(out), key=sorted))

    def must_parse(self, tokens: list[Token], lead: bool) -> bool:
        """Could a rule use what this sentence's parse would give?"""
        if lead:
            return True  # the list's claim is read from its frames, whatever it names
        terms = {t.value for t in tokens if t.type == "TERM"}
        if not terms:
            return False  # nothing for a rule to read
        if not self.doctrine.isdisjoint(terms) or self._always:
            return True
        keys = {("TERM", v) for v in terms} | {(t.type, t.value) for t in tokens
                                               if t.type == "VERB"}
        return any(all(not keys.isdisjoint(req) for req in need)
                   for key in keys & self._by_key.keys() for need in self._by_key[key])
