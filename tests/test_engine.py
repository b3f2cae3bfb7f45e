"""The rule engine adapter against brute force: every rule fires once per set of facts that
meets it, joins included.

durable 2.0.28 lost a join written after an `$or` (and fired once per true branch), so
"the same instruction" matched facts of different instructions; the adapter now gives durable
only flags and joins (engine._condition). These rules have each shape that went wrong.
"""

from __future__ import annotations

from itertools import permutations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from instr_analyzer.analysis import analyze_text
from instr_analyzer.engine import Engine
from instr_analyzer.rulebook import Logic, Pattern, Rulebook

RULES = (
    # an `any` before a join to the first fact (the shape that matched across instructions)
    (Pattern("p", "x", any_true=(("a", "b"),)),
     Pattern("q", "y", any_true=(("b", "c"),), same=(("k", "x", "k"),))),
    # the first fact's own `any` true in both branches, the second joined to it
    (Pattern("p", "x", is_true=("c",), any_true=(("a", "b"),)),
     Pattern("q", "y", not_true=("d",), same=(("k", "x", "k"),))),
    # two facts of one kind, told apart by `differ`, with `any` groups and a `not`
    (Pattern("p", "x", any_true=(("a", "d"), ("b", "c"))),
     Pattern("p", "y", is_true=("a",), not_true=("b",), differ=(("k", "x", "k"),))),
    # each pair of two facts of one kind once, ordered by `after`, joined on another field
    (Pattern("q", "x", any_true=(("a", "b"),)),
     Pattern("q", "y", any_true=(("a", "c"),), after=(("n", "x", "n"),), same=(("k", "x", "k"),))),
)
NEGATED = (  # an `unless` joined to the bound fact
    (Pattern("p", "x", any_true=(("a", "b"),)),),
    (Pattern("q", "z", is_true=("d",), any_true=(("a", "c"),), same=(("k", "x", "k"),)),),
)


@pytest.fixture(scope="module")
def engine() -> Engine:
    logic = [Logic(f"r{n}", when, (), (("kind", "pair"), ("at", "{x.id}")), "test")
             for n, when in enumerate(RULES)]
    logic.append(Logic("unless", NEGATED[0], NEGATED[1], (("kind", "pair"), ("at", "{x.id}")),
                       "test"))
    return Engine(Rulebook((), tuple(logic)))


def _meets(p: Pattern, fact: dict) -> bool:
    return (fact["kind"] == p.fact and all(fact.get(f) for f in p.is_true)
            and all(any(fact.get(f) for f in g) for g in p.any_true)
            and not any(fact.get(f) for f in p.not_true))


def _joined(p: Pattern, fact: dict, bound: dict) -> bool:
    return (all(fact[f] == bound[a][o] for f, a, o in p.same)
            and all(fact[f] != bound[a][o] for f, a, o in p.differ)
            and all(fact[f] > bound[a][o] for f, a, o in p.after))


def _expected(facts: list[dict]) -> list[tuple[str, tuple[str, ...]]]:
    out = []
    for n, (p1, p2) in enumerate(RULES):
        for f1, f2 in permutations(facts, 2):  # a fact binds one alias of a rule
            if _meets(p1, f1) and _meets(p2, f2) and _joined(p2, f2, {"x": f1}):
                out.append((f"r{n}", (f1["id"], f2["id"])))
    (p,), (u,) = NEGATED
    for f in facts:
        if _meets(p, f) and not any(_meets(u, z) and _joined(u, z, {"x": f})
                                    for z in facts if z is not f):
            out.append(("unless", (f["id"],)))
    return sorted(out)


FACT = st.fixed_dictionaries({"kind": st.sampled_from("pq"), "k": st.integers(1, 2),
                              "n": st.sampled_from(["custom", "official policy", "training"])},
                             optional={f: st.just(True) for f in "abcd"})


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(FACT, max_size=6))
def test_every_rule_fires_once_per_set_of_facts_that_meets_it(engine, raw):
    facts = [dict(f, id=f"f{n}") for n, f in enumerate(raw)]
    matches, _ = engine.run(facts)
    got = sorted((m.logic.name, tuple(f["id"] for _, f in m.bound)) for m in matches)
    assert got == _expected(facts)


def test_a_rule_joined_by_instruction_reads_only_that_instruction():
    """Ninth Circuit 9.7's ratification element, with a definition of "official policy" in one
    instruction and a failure-to-prevent claim in another, once drew PL03: durable joined an
    element of instruction 1 to a list and a definition of other instructions."""
    charge = """Instruction 1. Ratification
In order to prevail on her claim against the City of Springfield based on ratification, the plaintiff must prove each of the following elements by a preponderance of the evidence:
1. Officer Jones acted under color of state law;
2. the acts of Officer Jones deprived the plaintiff of her rights under the United States Constitution;
3. Chief of Police Hall acted under color of state law;
4. Chief of Police Hall had final policymaking authority from the City of Springfield concerning the acts of Officer Jones; and
5. Chief of Police Hall ratified Officer Jones's acts, that is, Chief of Police Hall knew of and specifically made a deliberate choice to approve Officer Jones's acts and the basis for it.

Instruction 2. Official Policy
"Official policy or custom" includes any of the following:
1. a rule or regulation adopted by the City Council;
2. a policy statement or decision officially made by the Police Commissioner; or
3. a practice so permanent and well settled as to constitute a custom.

Instruction 3. Failure to Prevent Violations
In order to prevail on the plaintiff's claim against the City of Springfield alleging liability based on a policy that fails to prevent violations of law by its police officers, the plaintiff must prove each of the following elements by a preponderance of the evidence:
1. Officer Jones acted under color of state law;
2. the acts of Officer Jones deprived the plaintiff of her rights under the United States Constitution;
3. the policies of the City of Springfield were not adequate to prevent violations of law by its employees;
4. the City of Springfield was deliberately indifferent to the substantial risk that its policies were inadequate to prevent violations of law by its employees; and
5. the failure of the City of Springfield to prevent violations of law by its employees caused the deprivation of the plaintiff's rights.
"""
    assert "PL03" not in [f.code for f in analyze_text(charge).findings]


def test_an_absence_is_tested_after_every_fact_that_could_fill_it():
    """durable fires a rule when its last `when` fact arrives and never takes the firing back,
    so a kind one rule tests for absence is asserted before the kinds that rule matches, even
    when those are tested for absence by another rule of the stratum (PL01's inference and
    prohibition). Facts come in the order that once fired both rules wrongly."""
    join = (("k", "x", "k"),)
    rules = (Logic("q-unless-p", (Pattern("q", "x"),), (Pattern("p", "u", same=join),),
                   (("kind", "pair"), ("at", "{x.id}")), "test"),
             Logic("r-unless-q", (Pattern("r", "x"),), (Pattern("q", "u", same=join),),
                   (("kind", "pair"), ("at", "{x.id}")), "test"))
    engine = Engine(Rulebook((), rules))
    facts = [{"id": "q1", "kind": "q", "k": 1}, {"id": "p1", "kind": "p", "k": 1},
             {"id": "r1", "kind": "r", "k": 1}, {"id": "q2", "kind": "q", "k": 2}]
    matches, _ = engine.run(facts)
    assert sorted((m.logic.name, m.bound[0][1]["id"]) for m in matches) == [("q-unless-p", "q2")]


def test_no_fact_kind_reaches_durables_node_limit():
    """durable's C engine follows at most 64 alpha nodes from one fact (error 303 on every
    charge that has such a fact). A fact of a kind can pass at most the patterns of its kind
    that one stratum sends to durable, so keeping that count under the limit keeps every charge
    analyzable; a rule change that breaks this must restructure (engine.py, Pattern.at_firing)."""
    from collections import Counter

    from instr_analyzer.analysis import analyzer
    from instr_analyzer.engine import in_durable

    engine = analyzer().engine
    for n, stratum in enumerate(engine.strata):
        per_kind = Counter(p.fact for i in stratum for lg in [engine.entries[i][0]]
                           for p in lg.when + in_durable(lg.unless))
        kind, count = per_kind.most_common(1)[0]
        assert count < 64, f"stratum {n}: {count} durable patterns of kind {kind!r}"


def test_an_instruction_under_other_law_silences_every_match_of_a_rule():
    """[then].unless_instruction is tested when the rule fires (Pattern.at_firing): the
    Title VII instruction stays silent, the § 1983 one beside it still fires."""
    text = ("Instruction No. 1\nTitle VII - Employer Liability\n\nThe City is liable for the "
            "harassment of its supervisor, Sergeant Cole, within the scope of his employment.\n\n"
            "Instruction No. 2\nSection 1983 - Liability of the City\n\nThe City is liable under "
            "§ 1983 for the acts of Officer Jones within the scope of his employment.\n")
    found = [(f.code, f.instruction) for f in analyze_text(text).findings]
    assert found == [("PL02", 2)]
