"""From the logical form to flat facts: the only input the rule engine sees.

Every fact is a flat dict with a unique `id` and a `kind`. Concepts become boolean fields
named by role, so rule files stay pure pattern matches:
  c_X  X is what the frame concludes (what the jury may infer / what is proved / is liable)
  g_X  X is a ground the conclusion rests on (the basis, the evidence, the conditions)
  s_X  X is the frame's grammatical subject        k_X  X is named in a condition
  a_X  X is named anywhere in the frame             n_X  X is directly negated ("not the City")
  p_K  the predicate kind (p_infer, p_liable ...)    v_V  the verb class it came from (v_consider)
  m_X  X is named in the sentence (sentence, element and instruction facts)
  t_X  X is named in the instruction's title or a title line under it (instruction facts)
  continues, claim_from  an instruction that names no law of its own ([group].claim_law: no
       statute, state claim, § 1983 or its terms) goes on with the claim of the instruction
       before it, `claim_from`
  f_X  X is among the first two concepts of the sentence (who it is about)
  question  the sentence asks the jury a question (a verdict form's interrogatory)
  prev  (frames) the id of the sentence before the frame's in its instruction: the one an
       `antecedent` refers to ("If you find that she did", clauses.elliptical_finding)
Only true fields are present. Spans stay on this side, keyed by fact id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .logical_form import Frame, Mention, Sentence
from .spans import Span


@dataclass
class FactBase:
    """The facts of one charge, with the spans and mentions behind each (for locating findings)."""

    facts: list[dict[str, Any]] = field(default_factory=list)
    spans: dict[str, Span] = field(default_factory=dict)
    mentions: dict[str, tuple[Mention, ...]] = field(default_factory=dict)
    sentence_of: dict[str, str] = field(default_factory=dict)
    forms: dict[str, Sentence | Frame] = field(default_factory=dict)
    """The logical form each fact was read from (its .sexp() is printed in derivations; it is
    computed only for the few facts a rule matched)."""

    def add(self, fact: dict[str, Any], span: Span, mentions: tuple[Mention, ...],
            sentence: str, form: Sentence | Frame | None = None) -> None:
        self.facts.append(fact)
        if form is not None:
            self.forms[fact["id"]] = form
        self.spans[fact["id"]] = span
        self.mentions[fact["id"]] = mentions
        self.sentence_of[fact["id"]] = sentence


def roles(frame: Frame) -> dict[str, tuple[Mention, ...]]:
    """Which mentions the frame concludes and which it rests on, by predicate kind."""
    cond = tuple(m for c in frame.conditions if c.kind != "even_if" for m in c.mentions)
    # a concession ("..., even though punitive damages may be awarded against Officer Long") is
    # named in a condition (k_) but is neither a ground of the frame nor part of what it says
    conceded = tuple(m for c in frame.conditions if c.kind == "even_if" for m in c.mentions)
    if frame.kind in ("suffice", "treat"):
        conclusion, grounds = frame.object, frame.subject + frame.basis + cond
    elif frame.kind == "liable":
        conclusion = (Mention("liability", "", frame.span),)
        employer = tuple(m for m in frame.subject  # "The County, as the employer of ..."
                         if m.concept in ("employment", "scope_of_employment"))
        grounds = frame.object + frame.basis + cond + employer
    elif frame.kind == "infer":
        conclusion, grounds = frame.object, frame.basis + cond
    else:
        conclusion, grounds = frame.object, frame.basis
    return {"c": conclusion, "g": grounds, "s": frame.subject, "k": cond + conceded,
            "a": frame.adjunct + frame.subject + frame.object + frame.basis + cond}


CONCEPT_PREFIXES = ("c_", "g_", "s_", "k_", "a_", "n_", "m_", "f_", "e_", "i_", "t_")
"""Flags that name a concept or a group of concepts (the table above); the others (p_, v_,
positive, ...) name no concept."""


class Flags:
    """Concept and group flags of a role; groups (concept -> groups) come from the phrase data.

    The same few concept lists recur sentence after sentence ("you": the jury), so each
    (prefix, concepts, negated) is worked out once and its dict shared: callers only read it
    (a bounded cache, so a long-running process stays flat)."""

    def __init__(self, groups: dict[str, tuple[str, ...]]) -> None:
        self.groups = groups
        self._flags = lru_cache(maxsize=4096)(self._work_out)

    def own(self, prefix: str, mentions: tuple[Mention, ...]) -> dict[str, bool]:
        """The concepts' flags alone, without their groups'."""
        return self._flags(prefix, tuple([m.concept for m in mentions]), None)

    def __call__(self, prefix: str, mentions: tuple[Mention, ...],
                 negated: tuple[str, ...] = ()) -> dict[str, bool]:
        return self._flags(prefix, tuple([m.concept for m in mentions]), negated)

    def named(self, prefix: str, concepts: tuple[str, ...]) -> dict[str, bool]:
        """Flags of concepts named without a mention of their own (an instruction's title)."""
        return self._flags(prefix, concepts, ())

    def _work_out(self, prefix: str, concepts: tuple[str, ...],
                  negated: tuple[str, ...] | None) -> dict[str, bool]:
        """negated None: no group flags at all (own)."""
        flags = dict.fromkeys([f"{prefix}_{c}" for c in concepts], True)
        if negated is not None:
            for c in concepts:
                if c not in negated:  # a negated member does not make the group true
                    flags.update(dict.fromkeys([f"{prefix}_{g}" for g in self.groups.get(c, ())],
                                               True))
        return flags


def frame_fact(fid: str, sentence: Sentence, frame: Frame, role: str,
               flags: Flags, prev: str | None = None) -> dict[str, Any]:
    """`prev`: the sentence before the frame's in its instruction (what an antecedent
    concluded, "If you find that she did", refers to)."""
    fact: dict[str, Any] = {"id": fid, "kind": "frame", "sent": sentence.id,
                            "instr": sentence.instruction, "pred": frame.kind,
                            "deontic": frame.deontic, "role": role, f"p_{frame.kind}": True,
                            f"v_{frame.verb}": True}
    if prev is not None:
        fact["prev"] = prev
    if not frame.negated:
        fact["positive"] = True
    if frame.sole:
        fact["sole"] = True
    if any(c.kind != "even_if" for c in frame.conditions):
        fact["conditional"] = True
    if any(c.kind in ("only_if", "unless") for c in frame.conditions):
        fact["restricted"] = True
    if sentence.item:
        fact["item"] = True
    for prefix, mentions in roles(frame).items():
        fact.update(flags(prefix, mentions, frame.negated_terms))
    fact.update({f"n_{c}": True for c in frame.negated_terms})
    return fact


def build(sentences: list[Sentence], instructions, verdict: str, flags: Flags) -> FactBase:
    """All facts of one charge: frames, sentences, element lists, instructions, verdict.
    `flags` is the process's (Analyzer.flags): it names each flag once."""
    fb = FactBase()
    before: dict[int, str] = {}  # instruction -> the id of its last sentence so far
    for s in sentences:
        prev = before.get(s.instruction)
        before[s.instruction] = s.id
        fact = {"id": s.id, "kind": "sentence", "instr": s.instruction, "sent": s.id}
        if s.item:
            fact["item"] = True
        if s.analyzed:
            fact["analyzed"] = True
        if s.has_neg:
            fact["has_neg"] = True
        if "?" in s.text:
            fact["question"] = True  # a question put to the jury (a verdict form's)
        if s.negated_terms:
            fact.update({f"n_{c}": True for c in s.negated_terms})
        if s.mentions:
            fact.update(flags.own("f", s.mentions[:2]))
            fact.update(flags("m", s.mentions, s.negated_terms))
        fb.add(fact, s.span, s.mentions, s.id, s)
        for n, frame in enumerate(s.frames, 1):
            fid = f"{s.id}.f{n}"
            mentions = roles(frame)["a"]
            fb.add(frame_fact(fid, s, frame, "main", flags, prev), frame.span, mentions, s.id,
                   frame)
            for m, cond in enumerate(frame.conditions, 1):
                if cond.frame is not None:
                    cfid = f"{fid}.c{m}"
                    fb.add(frame_fact(cfid, s, cond.frame, "condition", flags, prev),
                           cond.frame.span, roles(cond.frame)["a"], s.id, cond.frame)
    by_instruction: dict[int, list[Sentence]] = {}
    for s in sentences:
        by_instruction.setdefault(s.instruction, []).append(s)
    _element_lists(fb, sentences, by_instruction, flags)
    previous = None
    for inst in instructions:
        own = by_instruction.get(inst.index, [])
        mentions = tuple(m for s in own for m in s.mentions)
        fact = {"id": f"i{inst.index}", "kind": "instruction", "instr": inst.index,
                "section": inst.kind, **flags("m", mentions),
                **flags.named("t", inst.title_concepts)}
        if previous is not None and not any(
                "claim_law" in flags.groups.get(c, ())
                for c in (*inst.title_concepts, *(m.concept for m in mentions))):
            # "Affirmative Defense" after "Title VII - Harassment": it goes on with that claim.
            # So does a verdict form that names no law ("Is the City liable because Officer
            # Kent acted within the scope of his employment?" after Title VII's instructions);
            # one that names § 1983 or a constitutional right is read as § 1983, and a question
            # naming Title VII states that law's rule (derive/inferences.toml: statutory-claim)
            fact.update({"continues": True, "claim_from": previous})
        if inst.kind == "instruction":
            previous = inst.index
        fb.add(fact, inst.span, mentions, own[0].id if own else f"i{inst.index}")
    forms = [i.index for i in instructions if i.kind == "verdict"]
    anchor = next((s for s in sentences if s.instruction in forms), sentences[0] if sentences
                  else None)
    if anchor is not None:
        fb.add({"id": "verdict", "kind": "verdict", "form": verdict, "sent": anchor.id,
                "instr": anchor.instruction, **({"in_charge": True} if forms else {})},
               anchor.span, (), anchor.id)
    return fb


def _element_lists(fb: FactBase, sentences: list[Sentence],
                   by_instruction: dict[int, list[Sentence]], flags: Flags) -> None:
    by_id = {s.id: s for s in sentences}
    leads: dict[str, list[Sentence]] = {}
    for s in sentences:
        if s.item and s.lead:
            leads.setdefault(s.lead, []).append(s)
    for lead_id, items in leads.items():
        lead = by_id[lead_id]
        inst_mentions = tuple(m for s in by_instruction[lead.instruction] for m in s.mentions)
        claim = any(f.modality == CLAIM_MODALITY or f.kind == "prove" or any(  # "... will be
            c.frame is not None and c.frame.kind in CLAIM_KINDS  # established if the
            for c in f.conditions) for f in lead.frames)  # following facts are proved:"
        if not claim and _announces_elements(lead):
            claim = True  # "This claim has two elements." followed by "First, ... Second, ..."
        if claim and any(f.kind == "stipulate" for f in lead.frames) and not any(
                f.kind == "prove" or any(m.concept == "plaintiff" for m in f.subject)
                for f in lead.frames):
            claim = False  # "The parties have stipulated to the following facts, which you
            # must accept as proved:" lists agreed facts, not the elements of a claim
        optional = {it.id for it in items if _optional_item(it)}
        required = [it for it in items if it.id not in optional]
        fb.add({"id": f"{lead_id}.list", "kind": "elements", "sent": lead_id,
                "instr": lead.instruction, "items": len(items),
                **({"claim": True} if claim else {}),
                **flags("m", lead.mentions), **flags("i", inst_mentions),
                **flags("e", tuple(m for it in required for m in it.mentions))},
               lead.span, lead.mentions, lead_id)
        for it in items:
            if it.id in optional:  # "Third: You may consider whether ... caused ...": listed,
                fb.add({"id": f"{it.id}.el", "kind": "element", "list": f"{lead_id}.list",
                        "sent": it.id, "instr": it.instruction, "optional": True}, it.span, (),
                       it.id)
                continue  # but the jury need not find it, so it requires nothing
            fb.add({"id": f"{it.id}.el", "kind": "element", "list": f"{lead_id}.list",
                    "sent": it.id, "instr": it.instruction, **flags("m", it.mentions),
                    **flags.own("f", it.mentions[:2])},
                   it.span, it.mentions, it.id)


CLAIM_MODALITY, CLAIM_KINDS = "require", ("prove", "suffice")
"""A list's lead states a claim's elements when one of its frames requires, or proves, or
has a condition that proves or suffices (_element_lists; gate.py parses only a lead that could)."""
OPTIONAL_ITEM = frozenset([("TERM", "jury"), ("MODAL", "permit")])
"""The tokens a list item holds when it can be optional (_optional_item): gate.py has its frames
built then, since they decide whether it is an element."""


def _optional_item(item: Sentence) -> bool:
    """An item that only permits the jury to weigh or find something ("You may consider
    whether ...", "You may, but need not, find that ..."): not an element the plaintiff must
    prove, so it cannot supply causation, deliberate indifference or color of law."""
    return bool(item.frames) and all(
        f.deontic == "permit" and any(m.concept == "jury" for m in f.subject)
        for f in item.frames)


_ELEMENTS = re.compile(r"\belements\b", re.IGNORECASE)
_NOT_A_CLAIM = {"defense", "good_faith", "qualified_immunity", "compensatory_damages",
                "punitive_damages"}


def _announces_elements(lead: Sentence) -> bool:
    """A lead that names the list as the claim's elements without a verb of proof: "This claim
    has two elements.", "The elements of the plaintiff's claim against the City are as follows:"
    (not the elements of a defense, nor "the elements of damages")."""
    return bool(_ELEMENTS.search(lead.text)) and not any(
        m.concept in _NOT_A_CLAIM for m in lead.mentions)
