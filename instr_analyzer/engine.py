"""The rule engine adapter: the only module that imports durable-rules.

Rule specs become durable rulesets on one private Host per process. Rules that test for the
absence of a fact (`unless`) are stratified: a rule runs in a later stratum than every rule that
can derive what it tests for, so negation only ever sees finished facts. Each analysis retracts
every fact it asserted when it ends, so the next starts from an empty session: analyses are
independent (durable's delete_state is not used; see Engine._clear).
"""

from __future__ import annotations

import itertools
import re
from typing import Any, NamedTuple

from durable import engine as durable_engine

from .errors import EngineError
from .rulebook import Logic, Pattern, Rulebook, RuleSpec

_BATCH = 200
"""Facts per durable call: one very large batch crashes durable's C engine."""
_TEMPLATE = re.compile(r"\{(\w+)\.(\w+)\}")


class Match(NamedTuple):
    """One firing: the rule, the facts it matched (alias -> fact), and what it derived."""

    logic: Logic
    spec: RuleSpec | None
    bound: tuple[tuple[str, dict[str, Any]], ...]
    derived_id: str | None


def _condition(p: Pattern) -> dict[str, Any]:
    terms: list[dict[str, Any]] = [{"kind": p.fact}]
    terms += [{k: v} for k, v in p.eq]
    terms += [{f: True} for f in p.is_true]
    for group in p.any_true:
        terms.append({"$or": [{f: True} for f in group]})
    terms += [{"$nex": {f: 1}} for f in p.not_true]
    terms += [{f: {alias: other}} for f, alias, other in p.same]
    terms += [{"$neq": {f: {alias: other}}} for f, alias, other in p.differ]
    return terms[0] if len(terms) == 1 else {"$and": terms}


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
        self._seen: set[str] = set()
        self._error: BaseException | None = None
        alphas: list[dict[str, list[_Alpha]]] = []
        self._stratum = 0
        definitions = {}
        for n, stratum in enumerate(self.strata):
            name = f"instr_analyzer_stratum_{n}"
            rules: dict[str, Any] = {}
            for i in stratum:
                logic, spec = self.entries[i]
                body = [{p.alias: _condition(p)} for p in logic.when]
                body += [{f"m_{len(body) + k}$not": _condition(p)}
                         for k, p in enumerate(logic.unless)]
                rules[f"r{i}"] = {"all": body, "run": self._action(logic, spec)}
            definitions[name] = rules
            by_kind: dict[str, list[_Alpha]] = {}
            for i in stratum:
                for p in self.entries[i][0].when + self.entries[i][0].unless:
                    alpha = _Alpha.of(p)
                    if alpha not in by_kind.setdefault(p.fact, []):
                        by_kind[p.fact].append(alpha)
            alphas.append(by_kind)
        self._names = list(definitions)
        self._negated = [{p.fact for i in stratum for p in self.entries[i][0].unless}
                         for stratum in self.strata]
        """Per stratum: the kinds its rules test for absence (their facts are asserted first)."""
        self._screens = _Screens(alphas)
        self._asserted: list[list[dict[str, Any]]] = [[] for _ in self._names]
        self._cleaning = False
        self._sid = f"s{next(self._sessions)}"
        self._fields = _referenced_fields(self.entries)
        self._host.register_rulesets(definitions)

    def _action(self, logic: Logic, spec: RuleSpec | None):
        aliases = [p.alias for p in logic.when]

        def run(c) -> None:
            if self._error is not None or self._cleaning:
                return
            try:
                bound = tuple((a, _plain(getattr(c, a))) for a in aliases)
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
                    if fact["id"] not in self._seen:
                        self._seen.add(fact["id"])
                        self._derived.append(fact)
                        if not self._screens.strata(fact) >> self._stratum & 1:
                            continue  # for a later stratum; durable rejects unmatched facts
                        try:
                            c.assert_fact(fact)
                            self._asserted[self._stratum].append(dict(fact, sid=self._sid))
                        except durable_engine.MessageObservedException:
                            pass  # already known: asserting a known fact changes nothing
            except BaseException as exc:  # durable would hide it behind "error code 307"
                self._error = exc

        return run

    def run(self, facts: list[dict[str, Any]]) -> tuple[list[Match], list[dict[str, Any]]]:
        """Run every stratum over the facts; returns the firings and the derived facts."""
        self._matches, self._derived, self._seen, self._error = [], [], set(), None
        # NOTE: durable's C engine holds at most 255 properties per fact (state.h) and fails
        # unpredictably past that; send only the fields some rule reads.
        # most facts meet no pattern: each is screened once, for every stratum at once
        strata, fields, sid = self._screens.strata, self._fields, self._sid

        def sent(fs):  # what durable gets of each wanted fact (once, whatever its strata)
            return [({k: v for k, v in f.items() if k in fields} | {"sid": sid}, m)
                    for f in fs if (m := strata(f))]

        known = sent(facts)
        try:
            for n, name in enumerate(self._names):
                self._stratum = n
                negated = self._negated[n]
                batch = [f for f, m in known if m >> n & 1]
                batch.sort(key=lambda f: f["kind"] not in negated)  # absence facts first
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

_ALWAYS = {"id", "kind", "sent", "instr", "at", "list"}
def _referenced_fields(entries) -> frozenset[str]:
    """Every fact field a pattern tests or a template reads, plus the identifying ones."""
    fields = set(_ALWAYS)
    for logic, spec in entries:
        for p in logic.when + logic.unless:
            fields |= set(p.is_true) | set(p.not_true) | {k for k, _ in p.eq}
            fields |= {f for group in p.any_true for f in group}
            fields |= {f for f, _, other in p.same + p.differ} | {o for _, _, o in p.same + p.differ}
        for value in [v for _, v in logic.derive] + [logic.message or ""]:
            fields |= {m.group(2) for m in _TEMPLATE.finditer(str(value))}
        if spec is not None:
            fields |= {m.group(2) for m in _TEMPLATE.finditer(spec.message)}
    return frozenset(fields)


class _Alpha(NamedTuple):
    """A pattern's single-fact tests as sets, so filtering a fact is a few set operations.

    Flags are present only when true (facts.py), so "is true" is "is a key".
    """

    eq: tuple[tuple[str, Any], ...]
    is_true: frozenset[str]
    any_true: tuple[frozenset[str], ...]
    not_true: frozenset[str]

    @classmethod
    def of(cls, p: Pattern) -> _Alpha:
        return cls(p.eq, frozenset(p.is_true), tuple(frozenset(g) for g in p.any_true),
                   frozenset(p.not_true))

    def accepts(self, fact: dict[str, Any], keys) -> bool:
        return (self.is_true <= keys and keys.isdisjoint(self.not_true)
                and all(not keys.isdisjoint(g) for g in self.any_true)
                and all(fact.get(k) == v for k, v in self.eq))


class _Screens:
    """The alpha tests of every stratum, per fact kind, indexed by fields they require, so a
    fact is tested once, and only against the patterns it could pass (most facts meet none).
    Only a fact some pattern accepts goes to durable: one that no rule matches raises there,
    and the rest would each cost a callback for nothing.

    A pattern is indexed by one flag it demands (`is`) or, when it demands none outright, by
    every flag of its smallest `any` group (one of them must be true); only a pattern with
    neither is tried on every fact of its kind."""

    def __init__(self, strata: list[dict[str, list[_Alpha]]]) -> None:
        always: dict[str, list[tuple[int, _Alpha]]] = {}
        by_field: dict[str, dict[str, list[tuple[int, _Alpha]]]] = {}
        for n, by_kind in enumerate(strata):
            for kind, alphas in by_kind.items():
                always.setdefault(kind, [])
                index = by_field.setdefault(kind, {})
                for a in alphas:
                    if a.is_true:
                        keys: frozenset[str] = frozenset([min(a.is_true, key=_rarity)])
                    elif a.any_true:
                        keys = min(a.any_true, key=lambda g: (len(g), sorted(g)))
                    else:
                        always[kind].append((n, a))
                        continue
                    for k in sorted(keys):
                        index.setdefault(k, []).append((n, a))
        self._kinds = {kind: (always[kind], index, frozenset(index))
                       for kind, index in by_field.items()}
        """kind -> (patterns tried on every fact, patterns by field, the fields indexed)."""

    def strata(self, fact: dict[str, Any]) -> int:
        """The strata some pattern of which accepts the fact alone (joins aside), as bits."""
        entry = self._kinds.get(fact["kind"])
        if entry is None:
            return 0
        always, by_field, fields = entry
        keys, mask = fact.keys(), 0
        for n, a in always:
            if not mask >> n & 1 and a.accepts(fact, keys):
                mask |= 1 << n
        if keys.isdisjoint(fields):
            return mask
        for k in keys & fields:
            for n, a in by_field[k]:
                if not mask >> n & 1 and a.accepts(fact, keys):
                    mask |= 1 << n
        return mask


def _rarity(flag: str) -> tuple[bool, str]:
    """Index a pattern by a concept's flag (m_policy) before a common one (positive, item,
    has_neg, p_prove): fewer facts carry it, so fewer are tested in full."""
    return (not flag.startswith(_CONCEPT_PREFIXES) and flag != "bearing", flag)


_CONCEPT_PREFIXES = ("c_", "g_", "s_", "k_", "a_", "n_", "m_", "f_", "e_", "i_")


def _plain(fact) -> dict[str, Any]:
    data = fact._d if hasattr(fact, "_d") else fact  # durable wraps matched facts in Content
    return {k: v for k, v in data.items() if k != "sid" and not k.startswith("$")}


def _fill(value: Any, bound: dict[str, dict[str, Any]]) -> Any:
    if not isinstance(value, str):
        return value
    whole = _TEMPLATE.fullmatch(value)
    if whole:
        return bound[whole.group(1)].get(whole.group(2), "")
    return _TEMPLATE.sub(lambda m: str(bound[m.group(1)].get(m.group(2), "")), value)
