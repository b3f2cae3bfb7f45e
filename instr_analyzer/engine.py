"""The rule engine adapter: the only module that imports durable-rules.

Rule specs become durable rulesets on one private Host per process. Rules that test for the
absence of a fact (`unless`) are stratified: a rule runs in a later stratum than every rule that
can derive what it tests for, so negation only ever sees finished facts. Each analysis retracts
every fact it asserted when it ends, so the next starts from an empty session: analyses are
independent (durable's delete_state is not used; see Engine._clear).
"""

from __future__ import annotations

import itertools
from functools import lru_cache
from typing import Any, NamedTuple

from durable import engine as durable_engine

from .errors import EngineError
from .facts import CONCEPT_PREFIXES
from .rulebook import TEMPLATE as _TEMPLATE
from .rulebook import Logic, Pattern, Rulebook, RuleSpec

_BATCH = 200
"""Facts per durable call: one very large batch crashes durable's C engine."""


class Match(NamedTuple):
    """One firing: the rule, the facts it matched (alias -> fact), and what it derived."""

    logic: Logic
    spec: RuleSpec | None
    bound: tuple[tuple[str, dict[str, Any]], ...]
    derived_id: str | None


def _condition(alpha: str, p: Pattern) -> dict[str, Any]:
    """What durable tests of a fact: the flag that Python set when the fact passed the
    pattern's single-fact tests (_Screens), and the pattern's joins to facts bound before it.

    NOTE: durable 2.0.28 loses a join that follows an `$or` in the same `$and` (and one that
    refers to an alias whose pattern has an `$or` true in two branches), and fires once per
    true branch: "same instruction" then matched across instructions. So no `$or`, `$nex` or
    value test reaches durable; it only joins (tests/test_engine.py checks against brute force).
    """
    terms: list[dict[str, Any]] = [{alpha: True}]
    terms += [{f: {alias: other}} for f, alias, other in p.same]
    terms += [{"$neq": {f: {alias: other}}} for f, alias, other in p.differ]
    terms += [{"$gt": {f: {alias: other}}} for f, alias, other in p.after]
    return terms[0] if len(terms) == 1 else {"$and": terms}


def in_durable(unless: tuple[Pattern, ...]) -> tuple[Pattern, ...]:
    """The `unless` patterns durable tests; the others are tested when the rule fires
    (Pattern.at_firing, Engine._action)."""
    return tuple(u for u in unless if not u.at_firing)


def _produces(logic: Logic, spec: RuleSpec | None) -> set[str]:
    """Kinds a rule derives; a finding's defect fact is keyed by its code (`defect:PL01`)."""
    kinds = {dict(logic.derive)["kind"]} if logic.derive else set()
    return kinds | ({f"defect:{spec.code}"} if spec else set())


def _reads(p: Pattern, produced: set[str]) -> set[str]:
    """Kinds a pattern depends on; `defect` with `eq.code` depends on that code only."""
    if p.fact != "defect":
        return {p.fact}
    code = dict(p.eq).get("code")
    return {f"defect:{code}"} if code else {k for k in produced if k.startswith("defect:")}


def stratify(entries: list[tuple[Logic, RuleSpec | None]]) -> list[list[int]]:
    """Group rules into strata so that each `unless` kind is complete before it is tested."""
    producers: dict[str, set[int]] = {}
    for i, (logic, spec) in enumerate(entries):
        for kind in _produces(logic, spec):
            producers.setdefault(kind, set()).add(i)
    produced = set(producers)
    level = [0] * len(entries)
    for _ in range(len(entries) + 1):
        changed = False
        for i, (logic, _) in enumerate(entries):
            need = level[i]
            for p in logic.when:
                for kind in _reads(p, produced):
                    need = max([need] + [level[j] for j in producers.get(kind, ()) if j != i])
            for p in logic.unless:
                for kind in _reads(p, produced):
                    need = max([need] + [level[j] + 1 for j in producers.get(kind, ())])
            if need > len(entries):
                break
            if need != level[i]:
                level[i], changed = need, True
        if not changed:
            break
    else:
        raise EngineError("rules/: a rule depends on the absence of a fact that it (or a rule "
                          "it feeds) derives; such a cycle has no meaning")
    strata: dict[int, list[int]] = {}
    for i, lv in enumerate(level):
        strata.setdefault(lv, []).append(i)
    return [strata[k] for k in sorted(strata)]


class _QuietHost(durable_engine.Host):
    """A Host without durable's background dispatch threads.

    NOTE: Host() starts timer threads that call `ruleset.dispatch()` every 0.2-0.5 s for queued
    events and timers, which this project never uses. When an analysis runs longer than that,
    the thread enters the C engine while the main thread is asserting facts, and the process
    crashes (a segmentation fault, seen on a 300 KB charge). All work here is synchronous.
    """

    def _run(self) -> None:
        return None


class Engine:
    """Built once per process from a rulebook; `run` analyzes one charge's facts."""

    def __init__(self, rulebook: Rulebook) -> None:
        self.entries: list[tuple[Logic, RuleSpec | None]] = [(d, None) for d in
                                                              rulebook.derivations]
        self.entries += [(lg, r) for r in rulebook.rules for lg in r.logic]
        self.strata = stratify(self.entries)
        self._host = _QuietHost()
        self._sessions = itertools.count(1)
        self._matches: list[Match] = []
        self._derived: list[dict[str, Any]] = []
        self._error: BaseException | None = None
        self._stratum = 0
        self._kinds_in: set[tuple[str, Any]] = set()
        """(kind, instr) of every fact of this analysis, for the `unless` tested in Python."""
        self._facts: dict[str, dict[str, Any]] = {}
        """This analysis's facts by id, given and derived: an action reads them, not durable's
        copies, which hold only what durable needs."""
        self._screens = _Screens([[p for i in stratum for p in self.entries[i][0].when
                                   + in_durable(self.entries[i][0].unless)]
                                  for stratum in self.strata])
        definitions = {}
        for n, stratum in enumerate(self.strata):
            rules: dict[str, Any] = {}
            for i in stratum:
                logic, spec = self.entries[i]
                body = [{p.alias: _condition(self._screens.flag(p), p)} for p in logic.when]
                body += [{f"m_{len(body) + k}$not": _condition(self._screens.flag(p), p)}
                         for k, p in enumerate(in_durable(logic.unless))]
                rules[f"r{i}"] = {"all": body, "run": self._action(logic, spec)}
            definitions[f"instr_analyzer_stratum_{n}"] = rules
        self._names = list(definitions)
        self._rank = [_assert_order([self.entries[i][0] for i in stratum],
                                    {p.fact for i in stratum for p in self.entries[i][0].unless})
                      for stratum in self.strata]
        """Per stratum: kind -> when its facts are asserted. durable fires a rule as soon as
        its last `when` fact arrives and never takes a firing back, so every kind a rule tests
        for absence must be in before the last kind it matches (PL01 reads incident_inference
        and tests for a prohibition: both derived, both tested for absence in one stratum)."""
        self._asserted: list[list[dict[str, Any]]] = [[] for _ in self._names]
        self._cleaning = False
        self._sid = f"s{next(self._sessions)}"
        self._joined = _joined_fields(self.entries)
        self._host.register_rulesets(definitions)

    def _action(self, logic: Logic, spec: RuleSpec | None):
        aliases = [p.alias for p in logic.when]
        # NOTE: durable's C engine follows at most 64 alpha nodes from one fact (MAX_STACK_SIZE
        # in events.c; error code 303). Every [[match]] of every finding rule tests for the
        # absence of `other_law` in its instruction, each with a node of its own, so an
        # `other_law` fact (a Title VII or ADA instruction) reached 60 nodes in one stratum and
        # a few more [[match]] tables made every charge with one fail. Those tests run here when
        # the rule fires instead (Pattern.at_firing); the kind is derived in an earlier stratum
        # (stratify reads them as ever), so it is complete by then.
        in_python = [(p.fact, p.same[0][1], p.same[0][2]) for p in logic.unless if p.at_firing]

        def run(c) -> None:
            if self._error is not None or self._cleaning:
                return
            try:
                bound = tuple((a, self._facts[getattr(c, a)["id"]]) for a in aliases)
                if in_python and any((kind, dict(bound)[alias].get(field)) in self._kinds_in
                                     for kind, alias, field in in_python):
                    return  # e.g. an instruction under other law (Pattern.at_firing)
                derived_id = None
                new: list[dict[str, Any]] = []
                ids = "+".join(f["id"] for _, f in bound)
                if logic.derive:
                    fact = {k: _fill(v, dict(bound)) for k, v in logic.derive}
                    # `key` makes facts that say the same thing one fact, however derived:
                    # it names the fact by its kind, so another rule's is the same fact
                    key = fact.pop("key", None)
                    fact["id"] = derived_id = (f"{logic.name}({ids})" if key is None
                                               else f"{fact['kind']}({key})")
                    new.append(fact)
                if spec is not None:
                    anchor = dict(bound)[spec.at]
                    new.append({"id": f"defect:{spec.code}({ids})", "kind": "defect",
                                "code": spec.code, "severity": spec.severity,
                                "at": anchor["id"],
                                **({"theory": True} if spec.invalidates_theory else {}),
                                "sent": anchor.get("sent", anchor["id"]),
                                "instr": anchor.get("instr", 0)})
                self._matches.append(Match(logic, spec, bound, derived_id))
                for fact in new:
                    if fact["id"] not in self._facts:
                        self._facts[fact["id"]] = fact
                        self._kinds_in.add((fact["kind"], fact.get("instr")))
                        self._derived.append(fact)
                        copy, strata = self._copy(fact)
                        if not strata >> self._stratum & 1:
                            continue  # for a later stratum; durable rejects unmatched facts
                        try:
                            c.assert_fact(copy)
                            self._asserted[self._stratum].append(copy)
                        except durable_engine.MessageObservedException:
                            pass  # already known: asserting a known fact changes nothing
            except BaseException as exc:  # durable would hide it behind "error code 307"
                self._error = exc

        return run

    def _copy(self, fact: dict[str, Any]) -> tuple[dict[str, Any] | None, int]:
        """What durable gets of a fact (None: no pattern accepts it), and the strata of the
        patterns that do, as bits. Durable's copy holds the fact's id, kind and joined
        fields, and a flag per pattern whose single-fact tests it passes.

        NOTE: durable's C engine holds at most 255 properties per fact (state.h) and fails
        unpredictably past that: a copy holds a few."""
        flags, strata = self._screens.passes(fact)
        if not strata:
            return None, 0
        copy = {k: v for k, v in fact.items() if k in self._joined}
        copy["sid"] = self._sid
        copy.update(flags)
        return copy, strata

    def run(self, facts: list[dict[str, Any]]) -> tuple[list[Match], list[dict[str, Any]]]:
        """Run every stratum over the facts; returns the firings and the derived facts."""
        self._matches, self._derived, self._error = [], [], None
        self._facts = {f["id"]: f for f in facts}
        self._kinds_in = {(f["kind"], f.get("instr")) for f in facts}

        def sent(fs):  # each fact some pattern wants, screened once for every stratum
            return [cs for cs in map(self._copy, fs) if cs[1]]

        known = sent(facts)
        try:
            for n, name in enumerate(self._names):
                self._stratum = n
                batch = [f for f, m in known if m >> n & 1]
                rank = self._rank[n]
                batch.sort(key=lambda f: rank.get(f["kind"], len(rank)))  # absence facts first
                start = len(self._derived)
                for at in range(0, len(batch), _BATCH):
                    self._asserted[n] += batch[at:at + _BATCH]
                    self._host.assert_facts(name, batch[at:at + _BATCH])
                if self._error is not None:
                    raise EngineError(f"a rule action failed: {self._error!r}") from self._error
                known += sent(self._derived[start:])
        except (durable_engine.MessageNotHandledException,
                durable_engine.MessageObservedException) as exc:
            raise EngineError(f"rule engine refused a fact: {exc.message}") from None
        except EngineError:
            raise
        except Exception as exc:
            raise EngineError(f"rule engine failed: {exc}") from None
        finally:
            self._clear()
            self._facts = {}
            self._kinds_in = set()
        return list(self._matches), list(self._derived)

    def _clear(self) -> None:
        """Retract everything this analysis asserted, so the next starts from nothing.

        NOTE: durable's delete_state frees uninitialized pointers (valgrind: invalid free in
        deleteStateNode) and crashed long runs now and then; retracting the facts and reusing
        the session is clean. Should a retraction fail, the next analysis takes a new session.
        """
        self._cleaning = True
        try:
            for n, name in enumerate(self._names):
                facts, self._asserted[n] = self._asserted[n], []
                for at in range(0, len(facts), _BATCH):
                    self._host.retract_facts(name, facts[at:at + _BATCH])
        except Exception:  # noqa: BLE001 - leave the old session behind, start a fresh one
            self._asserted = [[] for _ in self._names]
            self._sid = f"s{next(self._sessions)}"
        finally:
            self._cleaning = False


def _assert_order(logic: list[Logic], negated: set[str]) -> dict[str, int]:
    """When each kind's facts go to durable in one stratum: kinds tested for absence first,
    and among them, the kinds a rule tests for absence before the kinds it matches, when all
    it matches are such kinds (a rule with one kind that no rule tests for absence fires only
    once that kind, asserted last, arrives). Returns kind -> rank; other kinds rank last."""
    after: dict[str, set[str]] = {k: set() for k in negated}
    for lg in logic:
        whens = {p.fact for p in lg.when}
        if whens <= negated:
            for u in {p.fact for p in lg.unless}:
                after[u] |= whens - {u}
    level = dict.fromkeys(after, 0)
    for _ in range(len(after) + 1):
        changed = False
        for u, ws in after.items():
            for w in ws:
                if level[w] <= level[u]:
                    level[w], changed = level[u] + 1, True
        if not changed:
            return level
    raise EngineError("rules/: rules of one stratum each match only kinds that another tests "
                      "for absence, in a cycle; no order of facts gives them a meaning")


def _joined_fields(entries) -> frozenset[str]:
    """The fields durable compares between facts, plus the ones that identify a fact."""
    fields = {"id", "kind"}
    for logic, _ in entries:
        for p in logic.when + logic.unless:
            joins = p.same + p.differ + p.after
            fields |= {f for f, _, _ in joins} | {o for _, _, o in joins}
    return frozenset(fields)


class _Alpha(NamedTuple):
    """A pattern's single-fact tests as sets, so filtering a fact is a few set operations.

    Flags are present only when true (facts.py), so "is true" is "is a key".
    """

    eq: tuple[tuple[str, Any], ...]
    is_true: frozenset[str]
    any_true: tuple[frozenset[str], ...]
    not_true: frozenset[str]
    tested: frozenset[str]
    """All the fields above (Pattern.tested)."""

    @classmethod
    def of(cls, p: Pattern) -> _Alpha:
        return cls(p.eq, frozenset(p.is_true), tuple(frozenset(g) for g in p.any_true),
                   frozenset(p.not_true), p.tested())

    def accepts(self, fact: dict[str, Any], keys) -> bool:
        return (self.is_true <= keys and keys.isdisjoint(self.not_true)
                and all(not keys.isdisjoint(g) for g in self.any_true)
                and all(fact.get(k) == v for k, v in self.eq))


class _Screens:
    """Every pattern's single-fact tests, per fact kind, indexed by a field each requires, so
    a fact is tested once, in Python, and only against the patterns it could pass (most facts
    meet none). A pattern's tests are named by a flag (`alpha3`), set on durable's copy of a
    fact that passes them. Only a fact that passes some pattern goes to durable: one that no
    rule matches raises there, and the rest would each cost a callback for nothing.

    A pattern is indexed by one flag it demands (`is`) or, when it demands none outright, by
    every flag of its smallest `any` group (one of them must be true); only a pattern with
    neither is tried on every fact of its kind."""

    def __init__(self, strata: list[list[Pattern]]) -> None:
        self._flags: dict[tuple[str, _Alpha], str] = {}
        bits: dict[str, int] = {}  # flag -> the strata whose patterns test it
        for n, patterns in enumerate(strata):
            for p in patterns:
                flag = self._flags.setdefault((p.fact, _Alpha.of(p)), f"alpha{len(self._flags)}")
                bits[flag] = bits.get(flag, 0) | 1 << n
        seen: dict[str, list[tuple[str, _Alpha, int]]] = {}
        for (kind, a), flag in self._flags.items():
            seen.setdefault(kind, []).append((flag, a, bits[flag]))
        self._kinds: dict[str, tuple[list, dict[str, list], frozenset[str]]] = {}
        for kind, entries in seen.items():
            always, index = [], {}
            for entry in entries:
                a = entry[1]
                if a.is_true:
                    keys: frozenset[str] = frozenset([min(a.is_true, key=_rarity)])
                elif a.any_true:
                    keys = min(a.any_true, key=lambda g: (len(g), sorted(g)))
                else:
                    always.append(entry)
                    continue
                for k in sorted(keys):
                    index.setdefault(k, []).append(entry)
            self._kinds[kind] = (always, index, frozenset(index))
        """kind -> (patterns tried on every fact, patterns by field, the fields indexed)."""
        self._read = {kind: (frozenset().union(*(a.tested for _, a, _ in entries)),
                             tuple(sorted({k for _, a, _ in entries for k, _ in a.eq})))
                      for kind, entries in seen.items()}
        """kind -> (the fields its patterns test, those tested for a value): a fact's verdict
        depends on these alone, so facts alike in them share one (a bounded cache)."""
        self._verdict = lru_cache(maxsize=8192)(self._screen)

    def flag(self, p: Pattern) -> str:
        return self._flags[(p.fact, _Alpha.of(p))]

    def passes(self, fact: dict[str, Any]) -> tuple[dict[str, bool], int]:
        """The flags of the patterns that accept the fact alone (joins aside), and their
        strata as bits (the dict is shared: callers only read it)."""
        read = self._read.get(fact["kind"])
        if read is None:
            return {}, 0
        fields, valued = read
        return self._verdict(fact["kind"], fields.intersection(fact),
                             tuple([fact.get(k) for k in valued]))

    def _screen(self, kind: str, keys: frozenset[str], values: tuple) -> tuple[dict[str, bool], int]:
        always, by_field, fields = self._kinds[kind]
        fact = dict(zip(self._read[kind][1], values, strict=True))
        flags, mask = {}, 0
        for flag, a, bits in always:
            if a.accepts(fact, keys):
                flags[flag], mask = True, mask | bits
        for k in keys & fields:
            for flag, a, bits in by_field[k]:
                if flag not in flags and a.accepts(fact, keys):
                    flags[flag], mask = True, mask | bits
        return flags, mask


def _rarity(flag: str) -> tuple[bool, str]:
    """Index a pattern by a concept's flag (m_policy) before a common one (positive, item,
    has_neg, p_prove): fewer facts carry it, so fewer are tested in full."""
    return (not flag.startswith(CONCEPT_PREFIXES) and flag != "bearing", flag)



def _fill(value: Any, bound: dict[str, dict[str, Any]]) -> Any:
    if not isinstance(value, str):
        return value
    whole = _TEMPLATE.fullmatch(value)
    if whole:
        return bound[whole.group(1)].get(whole.group(2), "")
    return _TEMPLATE.sub(lambda m: str(bound[m.group(1)].get(m.group(2), "")), value)
