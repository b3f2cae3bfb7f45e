"""Which sentences the grammar must read, and how: only what some rule could use.

Most of a real charge is boilerplate ("You must decide what the facts are ..."). Parsing it
costs as much as parsing the doctrine and changes nothing. A sentence's frames are built
(FRAMES) only when

- it introduces an element list that some rule could read as a claim's elements: facts.py reads
  the list's `claim` from its frames, whether or not the lead names a concept ("To establish
  this claim, Ms. Doe must prove all of the following:"), so the lead is parsed when it holds a
  token its claim could be read from (a modal of requirement, a verb of proof) and its
  instruction holds the tokens of a pattern over `elements` that tests `claim` (with those of
  the `element` patterns joined to it); "The following things are not evidence:" is not;
- it is a list item that could be optional ("Third: You may consider whether ...") and names a
  concept a pattern over items reads: its frames decide whether it is an element
  (facts._optional_item);
- or its tokens meet the necessary conditions of some rule pattern over frames, and its
  instruction's tokens those of the patterns the rule joins to it there.

Otherwise, when it names a doctrine concept or meets the conditions of a pattern over
sentences, the grammar only checks that it can read it (CHECK, parsing.Recognizer): a sentence
fact depends on the parse only through `analyzed` (PR01 and --stats report doctrine sentences
the grammar cannot read). Every other sentence is not read at all (SKIP).

A pattern's necessary conditions come from the rule files themselves: each flag it demands
(`is`, `eq`, or one of an `any` group) can only be true of a fact read from a sentence holding
one of certain tokens ("c_lesser_fault" needs a TERM of a lesser_fault concept; "c_liability" a
TERM of the concept or a `liable` verb; "p_infer" one of the verbs an inference is made from;
"restricted" an "only if" or "unless"; a negated frame a NEG; see transform.py's tables).
Flags no token decides (positive, n_*) demand nothing here. The patterns a rule joins in one
sentence must all be met there. So a frame left unbuilt is one no rule, positive or negated, could match: findings are
the same as when every sentence is parsed (tests/test_gate.py checks it, and the tables on
every frame of the samples).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from .larkimport import Token

from .errors import RuleDefinitionError
from .facts import CLAIM_KINDS, CLAIM_MODALITY, CONCEPT_PREFIXES, OPTIONAL_ITEM
from .rulebook import TEMPLATE, Logic, Pattern
from .transform import ANY, DEONTIC_FROM, KIND_FROM, VERB_FROM

Key = tuple[str, str]
"""A token's (type, value), e.g. ("TERM", "training") or ("VERB", "liable")."""

SKIP, CHECK, FRAMES = 0, 1, 2
"""How much of a sentence the grammar reads: nothing; whether it can; its frames."""
SYNTHETIC = {
    "liability": {("VERB", "liable"), ("VERB", "liable_municipality")},
    "municipality": {("VERB", "liable_municipality"), ("VERB", "acquit_municipality")},
    "antecedent": {("VERB", "infer"), ("VERB", "question")},
}
"""Mentions transform.py makes without a TERM: a `liable` predicate concludes liability, and
"find against the City" and "find for the City" name the municipality; a finding whose complement
is only a pro-form ("If you find that she did", "If you so find") concludes an antecedent
(clauses.elliptical_finding; transform.FrameBuilder._frame)."""


class Gate:
    """Built once per process from the rulebook and the phrase data's groups."""

    def __init__(self, logic: Iterable[Logic], groups: dict[str, tuple[str, ...]],
                 terminals: dict[str, frozenset[str]]) -> None:
        logic = list(logic)
        self._terminals = terminals
        self._worked_out: dict[int, tuple[Pattern, tuple[frozenset[Key], ...]]] = {}
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
        self._frames = _Needs(self._frame_needs(logic))
        """Per pattern over frames: token sets its sentence must meet, and its instruction."""
        sentences = {self._requirements(p) for lg in logic for p in lg.when + lg.unless
                     if p.fact == "sentence"}
        self._sentences = _Needs(tuple((need, ()) for need in sorted(sentences, key=str)))
        self._lists = _Needs(tuple((need, ()) for need in dict.fromkeys(self._claim_needs(logic))))
        """Token sets an instruction must hold for one of its lists' `claim` to matter."""
        self._claim_keys = DEONTIC_FROM[CLAIM_MODALITY].union(
            *(self.frame_keys("pred", kind) or () for kind in CLAIM_KINDS))
        """Tokens one of which a lead holds when its frames could state a claim."""
        self._item_keys = self._element_keys(logic)
        """Tokens one of which an item holds when whether it is optional could matter (None:
        whatever it holds)."""
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

    def _frame_needs(self, logic: list[Logic]) -> tuple:
        """(sentence, instruction) requirements per pattern over frames: the patterns its rule
        joins to it in its sentence must meet the sentence too; those it joins in its
        instruction, the instruction: those read from its sentences, and one way of deriving
        each derived fact joined there."""
        derived = self._derived_in_instruction(logic)
        out: dict[tuple, None] = {}
        for lg in logic:
            sentence, instruction = _joined(lg.when, _SENTENCE_FIELDS), _joined(lg.when, _IN_FIELDS)
            for p in lg.when + lg.unless:
                if p.fact != "frame":
                    continue
                here = sentence.get(p.alias, [p])
                there = [q for q in instruction.get(p.alias, ()) if q not in here]
                aliases = {q.alias for q in there + here}
                ways = [self._together(there)]
                for q in lg.when if p in lg.when else ():
                    if derived.get(q.fact) and any(("instr", a, "instr") in q.same
                                                   for a in aliases):
                        ways = [tuple(sorted(set(w) | set(d), key=sorted))
                                for w in ways for d in derived[q.fact]]
                out.update(((self._together(here), way), None) for way in ways)
        return tuple(out)

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
        if flag == "deontic":  # deny: an assertion negated
            return self._frame_flags["negated"] if value == "deny" else DEONTIC_FROM.get(value)
        if flag == "role":
            return self._frame_flags["role"] if value == "condition" else None
        if flag == "positive" and not value:
            return self._frame_flags["negated"]
        return self._frame_flags.get(flag[:2] if flag.startswith("k_") else flag)

    def _requirements(self, p: Pattern) -> tuple[frozenset[Key], ...]:
        # a pattern is read once however many joins it is in (kept, so its id stays its own)
        if id(p) not in self._worked_out:
            self._worked_out[id(p)] = (p, self._work_out(p))
        return self._worked_out[id(p)][1]

    def _work_out(self, p: Pattern) -> tuple[frozenset[Key], ...]:
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

    def _element_keys(self, logic: Iterable[Logic]) -> frozenset[Key] | None:
        """The tokens of the concepts that patterns over items read: an element's (m_, f_) and
        a list's required items' (e_). An optional item's concepts are neither."""
        keys: set[Key] = set()
        for lg in logic:
            for p in lg.when + lg.unless:
                if p.fact not in ("element", "elements"):
                    continue
                flags = [f for f in p.tested() if p.fact == "element" or f.startswith("e_")]
                found = [k for f in flags if (k := self._keys(f)) is not None]
                if p.fact == "element" and not found:
                    return None  # a pattern over any element: its optional flag matters
                keys.update(*found)
        return frozenset(keys)

    def _derived_in_instruction(self, logic: list[Logic]) -> dict[str, list]:
        """Derived kind -> what an instruction holds, in each way the kind is derived, for a
        fact of the kind to be in it: the requirements of the patterns, joined in the
        instruction, of the alias whose instruction the fact takes (`instr = "{f.instr}"`).
        A kind derived in some way that takes no such instruction is left out."""
        ways: dict[str, list] = {}
        unknown: set[str] = set()
        for lg in logic:
            derive = dict(lg.derive)
            if not derive:
                continue
            kind = derive["kind"]
            ref = TEMPLATE.fullmatch(str(derive.get("instr", "")))
            at = next((q for q in lg.when if ref and q.alias == ref.group(1)), None)
            if at is None or ref.group(2) != "instr" or at.fact not in _IN_FIELDS:
                unknown.add(kind)
                continue
            group = _joined(lg.when, _IN_FIELDS).get(at.alias, [at])
            ways.setdefault(kind, []).append(self._together(group))
        return {kind: w for kind, w in ways.items() if kind not in unknown}

    def _together(self, patterns: list[Pattern]) -> tuple[frozenset[Key], ...]:
        return tuple(sorted({r for q in patterns for r in self._requirements(q)}, key=sorted))

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
                item: bool = False,
                instruction: Callable[[], frozenset[Key]] | None = None) -> int:
        """How much of this sentence a rule could use: SKIP, CHECK or FRAMES. `lead_of`: the
        token_keys of the instruction whose list this sentence introduces; `item`: it is an
        item of a list; `instruction`: the token_keys of its instruction, asked for only when
        a rule joins what the sentence could give to what its instruction holds (None: as if
        the instruction held everything)."""
        keys = token_keys(tokens)
        if lead_of is not None and not keys.isdisjoint(self._claim_keys) and \
                self._lists.met(lead_of):
            return FRAMES  # the list's claim is read from its frames, whatever it names
        if item and OPTIONAL_ITEM <= keys and (
                self._item_keys is None or not keys.isdisjoint(self._item_keys)):
            return FRAMES  # "Third: You may consider whether ...": its frames say if it is one
        reading, elsewhere = self._decide(keys)
        if elsewhere and (instruction is None or _any_met(elsewhere, instruction())):
            return FRAMES
        return reading

    def _decide(self, keys: frozenset[Key]) -> tuple[int, tuple]:
        """The reading for a sentence with these tokens, and what its instruction must hold
        (one of) for its frames to be read instead (a few hundred sets recur across charges:
        remembered, within a bound)."""
        terms = {v for t, v in keys if t == "TERM"}
        if not terms:
            return SKIP, ()  # nothing for a rule to read
        elsewhere = self._frames.met(keys)
        if elsewhere is True:
            return FRAMES, ()
        if not self.doctrine.isdisjoint(terms) or self._sentences.met(keys):
            return CHECK, elsewhere
        return SKIP, elsewhere


_SENTENCE_FIELDS = {"frame": ("sent",), "sentence": ("sent", "id")}
"""The fields that name a frame's or a sentence fact's sentence (facts.py)."""


_IN_FIELDS = {"frame": ("sent", "instr"), "sentence": ("sent", "id", "instr"),
              "element": ("sent", "instr", "list"), "elements": ("sent", "instr", "id"),
              "instruction": ("instr",)}
"""The fields that name where in the charge a fact read from an instruction's sentences is
(facts.py: its sentence, its instruction, an item's list): facts joined on them are in one
instruction."""


def _joined(patterns: list[Pattern],
            fields: dict[str, tuple[str, ...]]) -> dict[str, list[Pattern]]:
    """alias -> the patterns (of the kinds in `fields`) that a rule's joins on those fields put
    with it in one sentence or instruction (itself included), for those that have any."""
    read = {p.alias: p for p in patterns if p.fact in fields}
    group = {alias: {alias} for alias in read}
    for p in read.values():
        for field, other, other_field in p.same:
            if other in read and field in fields[p.fact] and \
                    other_field in fields[read[other].fact] and \
                    (field == "instr") == (other_field == "instr"):
                merged = group[p.alias] | group[other]
                for alias in merged:
                    group[alias] = merged
    return {alias: [read[a] for a in sorted(g)] for alias, g in group.items() if len(g) > 1}


_READ = frozenset(["TERM", "VERB", "COND", "QUAL", "MODAL", "NEG"])


def token_keys(tokens: Iterable[Token]) -> frozenset[Key]:
    """The TERM, VERB, COND, QUAL, MODAL and NEG tokens of a sentence (or of a whole instruction):
    what the gate reads."""
    return frozenset([(t.type, t.value) for t in tokens if t.type in _READ])


def _any_met(needs, keys: frozenset[Key]) -> bool:
    return any(all(not keys.isdisjoint(req) for req in need) for need in needs)


class _Needs:
    """The patterns of one fact kind, indexed by the tokens of each one's first requirement of
    its sentence; each with what its instruction must hold besides."""

    def __init__(self, needs) -> None:
        self.always = [there for here, there in needs if not here]
        self.by_key: dict[Key, list] = {}
        for here, there in needs:
            for key in here[0] if here else ():
                self.by_key.setdefault(key, []).append((here, there))

    def met(self, keys: frozenset[Key]) -> bool | tuple:
        """Could a fact read from a sentence with these tokens meet some pattern? True, or the
        requirements (one of which) its instruction must meet, or () for no."""
        elsewhere = list(self.always)
        for key in keys & self.by_key.keys():
            for here, there in self.by_key[key]:
                if all(not keys.isdisjoint(req) for req in here):
                    elsewhere.append(there)
        if any(not there for there in elsewhere):
            return True
        return tuple(dict.fromkeys(elsewhere))
