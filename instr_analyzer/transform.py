"""From the grammar's tree to the logical form: segments become frames with roles.

The grammar gives each comma- or condition-delimited segment its words before the head, the
head (a modal or a predicate) and the words after it. Here those become Frames: a headless
segment before a head is part of its subject ("A single incident, standing alone, may ..."),
one after it continues its object; if/only if/unless segments become conditions of the
sentence's main frames. Roles then follow the predicate: for "X warrants an inference of Y"
or "X is sufficient to prove Y" the subject X is the basis; for "you may infer Y from X" the
words after "from" are.
"""

from __future__ import annotations

from . import clauses
from .larkimport import Token, Tree
from .lexicon import Lexed
from .logical_form import Condition, Frame, Mention, Sentence
from .negation import TAKERS, either_way, kinds_and_values, negated_concepts
from .spans import LineIndex

ANY = "*"
"""A token of the type, whatever its value (in the tables below)."""
VERB_FROM: dict[str, frozenset[tuple[str, str]] | None] = {
    "be": frozenset({("VERB", "be"), ("MODAL", ANY)}),  # "must have had notice" (_after_modal)
    "state": frozenset({("MODAL", ANY)}),  # a modal with no verb after it
    "prove": frozenset({("VERB", "prove"), ("MODAL", "burden")}),  # "has the burden of proving"
    "instruct": frozenset({("VERB", "instruct"), ("TERM", "court_determined")}),  # court_preface
    "treat": None,  # clauses.causative makes it of a word: "his approval made the search ..."
}
"""A frame's verb (Frame.verb) -> the tokens, one of which its sentence must hold (a verb not
listed: itself as a VERB; None: no token tells). With the two tables below, what gate.py knows
of the frames a sentence could have before it is parsed; tests/test_gate.py checks them on
every frame of the samples."""
KIND_FROM = {
    "liable": ("liable", "liable_municipality"),
    "treat": ("treat", "treat_as", "be"),  # "be": "X is the policy of the City"
    "infer": ("infer", "infer_passive", "rest_on", "basis_of"),
    "prove": ("prove", "suffice"),
    "suffice": ("suffice", "prove", "consider", "consider_passive",  # and _purposed, of an
                "infer", "infer_passive", "rest_on", "basis_of"),  # infer or prove frame
}
"""A frame's kind (Frame.kind) -> the verbs it is made from (a kind not listed: its own verb)."""
DEONTIC_FROM = {
    "permit": frozenset({("MODAL", "permit")}),
    "require": frozenset({("MODAL", "require"), ("MODAL", "burden"), ("MODAL", "shift")}),
}
DEONTIC_FROM["prohibit"] = DEONTIC_FROM["permit"] | DEONTIC_FROM["require"]  # either, negated
"""Frame.deontic -> the modals one of which its sentence holds (assert and deny: none)."""
GROUND_FIRST = {"suffice", "treat"}
"""Predicates whose subject is the evidence and whose object is the conclusion."""
_PRONOUNS = frozenset({"it", "this", "them", "these", "those", "that", "such"})
"""The first word of a ground that points back ("infer from it alone", "from that incident")."""


class FrameBuilder:
    """Reads one sentence's tree; holds the document's text and line index for spans."""

    def __init__(self, text: str, index: LineIndex) -> None:
        self.text = text
        self.index = index

    def sentence(self, unit, lexed: Lexed, tree: Tree | None) -> Sentence:
        """The sentence with its frames read from its tree (None: not parsed, or unparsable)."""
        mentions, neg = self._mentions_and_negation(lexed)
        if tree is None:
            return Sentence(unit.id, unit.instruction, unit.text, unit.span, mentions, (), False,
                            unit.item, unit.lead, *neg)
        frames: list[Frame] = []
        for clause in tree.children:  # sentence: SEP* clause (SEP+ clause)* SEP*
            if isinstance(clause, Tree):
                frames += self._clause(clause)
        return Sentence(unit.id, unit.instruction, unit.text, unit.span, mentions, tuple(frames),
                        True, unit.item, unit.lead, *neg)

    def checked(self, unit, lexed: Lexed, accepted: bool) -> Sentence:
        """The sentence when only its readability counts: the grammar accepted it or not
        (parsing.Recognizer). An accepted sentence has frames exactly when it has a predicate,
        a MODAL or VERB: the grammar lets one stand only as a body's head or after a head."""
        mentions, neg = self._mentions_and_negation(lexed)
        framed = accepted and any(t.type in clauses.PREDICATES for t in lexed.hits)
        return Sentence(unit.id, unit.instruction, unit.text, unit.span, mentions, (), accepted,
                        unit.item, unit.lead, *neg, framed)

    def _mentions_and_negation(self, lexed: Lexed):
        hits = lexed.hits
        mentions = tuple([self._mention(t) for t in hits if t.type == "TERM"])
        types = {t.type for t in hits}
        # negated_concepts' own pre-check, on the phrases and the bare words (a superset of it),
        # so that most sentences do not even list their words
        could_take = mentions and ("NEG" in types or not TAKERS.isdisjoint(lexed.norms) or
                                   not TAKERS.isdisjoint([t.value for t in hits]))
        return mentions, ((negated_concepts(lexed.pairs()) if could_take else ()), "NEG" in types)

    # -- segments -----------------------------------------------------------------------
    def _segments(self, clause: Tree) -> list[clauses.Segment]:
        out: list[clauses.Segment] = []
        cond: str | None = None
        for child in clause.children:
            if isinstance(child, Token):
                if child.type == "COND":
                    cond = child.value
                continue
            current = clauses.Segment(cond)
            cond = None
            for part in child.children:
                if part.data == "pre":
                    current.pre = list(part.children)
                elif part.data == "head":
                    current.head = part.children[0]
                elif part.data == "post":
                    current.post = list(part.children)
            for part in clauses.split_instructed(current) or (current,):
                out.extend(clauses.split_coordinated(clauses.causative(part)))
        return out

    def _clause(self, clause: Tree) -> list[Frame]:
        segments = clauses.merge_long_subject(clauses.court_preface(self._segments(clause)))
        pending: list[Token] = []
        main: list[clauses.Segment] = []
        conds: list[clauses.Segment] = []
        last: list[Token] | None = None
        trailing: str | None = None
        purposes: dict[int, clauses.Segment] = {}
        for n, seg in enumerate(segments):
            clauses.attach_antecedent(seg, segments[:n])
            # "If you find that A, that B, and that C, then you must find ...": each further
            # "that" clause after a leading condition, before the main clause that "then"
            # opens (or joined to it by "and"/"or"), is another of its conditions, not a
            # statement of its own. (A "that" clause with no predicate of its own continues the
            # previous condition's object, as before.)
            if seg.cond is None and seg.head is not None and not main and conds and \
                    clauses.continues_condition(seg) and (
                        clauses.opens_with_conjunction(seg)
                        or any(clauses.opens_then(s) for s in segments[n + 1:])):
                seg.cond = conds[-1].cond
            # "To hold the City liable for X, the plaintiff must prove ...": an infinitive of
            # purpose states what the main clause requires; it asserts nothing itself. (Not
            # when the main clause makes something enough, "To hold the City liable, you need
            # only find ...": that reads as the liability it makes enough, as before.)
            if seg.cond is None and clauses.is_purpose(seg):
                nxt = next((s for s in segments[n + 1:] if s.head is not None and s.cond is None),
                           None)
                if nxt is not None and not any(t.type == "QUAL" or t.value == "suffice"
                                               for t in nxt.tokens()):
                    pending.extend(seg.tokens())
                    continue
                # "To find the County liable, it is sufficient that P" / "..., you need only
                # find that P": P is what the main clause makes enough for the purpose's end.
                if nxt is not None:
                    purposes[id(nxt)] = seg
                    continue
            if not main and clauses.fronted_question(seg, segments[n + 1:]):
                pending.extend(seg.tokens())  # the main frame's adjunct
                continue
            # "You may infer from X, if A, that Y": a complement clause after an interposed
            # condition is the main frame's object, not part of the condition.
            if seg.cond is None and trailing is not None and seg.head is None and main and \
                    seg.pre and seg.pre[0].type == "WORD" and seg.pre[0].value == "that":
                main[-1].post.extend(seg.pre)
                last = main[-1].post
                continue
            if clauses.deferred_question(seg, main, last):
                main[-1].post.extend(seg.tokens())
                continue
            if seg.cond is None and main and clauses.evidence_from_which(seg, main[-1]):
                prev = main.pop()
                seg.pre = prev.pre + [prev.head] + prev.post + seg.pre
                seg.adjunct = prev.adjunct + seg.adjunct
            if clauses.continues_complement(seg, main, last):
                last.extend(seg.tokens())  # "you may not infer that A, or that B, from X"
                continue
            if seg.cond is None and clauses.continues_predicate_list(seg, last):
                last.extend(seg.tokens())  # "..., were on duty, or were wearing its uniforms"
                continue
            # "X, and Y in which they were inflicted, may be considered ...": a predicate with
            # no words before it takes everything before it in the clause as its subject.
            if seg.cond is None and trailing is None and seg.head is not None and not seg.pre \
                    and main and all(m.cond is None for m in main):
                seg.pre = pending + [t for m in main for t in m.tokens()]
                pending, main, last = [], [], None
            # "X is liable if A, whom ..., B": once a condition follows the main clause, the
            # rest of the clause belongs to that condition.
            if seg.cond is None and trailing is not None:
                seg.cond = trailing
            elif seg.cond is not None and main:
                trailing = seg.cond
            if seg.head is None and seg.cond is None:
                if clauses.interposed_question(seg, main, last):
                    # "You may consider, in deciding whether the City had notice, complaints
                    # made ...": the question the evidence goes to, interposed between the verb
                    # and its object, reads as if it were fronted ("In deciding whether ...")
                    main[-1].adjunct = main[-1].adjunct + seg.pre
                    continue
                if last is not None:
                    last.extend(seg.pre)  # continues the previous frame's object
                else:
                    pending.extend(seg.pre)
                continue
            if seg.cond is None:
                if any(t.type == "TERM" for t in seg.pre) and \
                        not clauses.resumes_subject(pending, seg):
                    # pending words are an adjunct
                    seg.adjunct = pending
                else:
                    seg.pre = pending + seg.pre
                pending = []
            (conds if seg.cond else main).append(seg)
            last = seg.post
        if pending and main:
            main[-1].post.extend(pending)
        if not main and not conds:
            return []
        conditions = tuple(self._condition(seg) for seg in conds)
        if not main:  # e.g. a sentence that is only a condition; read its frames as stated
            return [f for f in (self._frame(seg, ()) for seg in conds) if f]
        frames = []
        for seg in main:
            frame = self._frame(seg, conditions)
            if frame is not None and id(seg) in purposes:
                frames.extend(self._purposed(frame, purposes.pop(id(seg))))
            elif frame is not None:
                frames.append(frame)
        return [f for f in (self._frame(p, ()) for p in purposes.values()) if f] + frames

    def _purposed(self, frame: Frame, purpose: clauses.Segment) -> list[Frame]:
        """"To find the County liable, it is sufficient that P", "To hold the City liable, you
        need only find that P": the purpose's end is the conclusion and P its ground, as in "P is
        sufficient to find the County liable". A main clause that is not a sufficiency (no
        'sufficient', no 'only' with a finding or proof) leaves the purpose a frame of its own."""
        end = self._frame(purpose, ())
        sufficiency = frame.kind == "suffice" or (
            frame.sole and frame.modality != "require" and frame.kind in ("infer", "prove"))
        if end is None or not sufficiency:
            return [f for f in (end, frame) if f is not None]
        conclusion = end.subject + end.object
        if end.kind == "liable":
            conclusion = (Mention("liability", "", end.span),) + conclusion
        grounds = (frame.subject if frame.kind == "suffice" else ()) + frame.object + frame.basis
        return [Frame("suffice", frame.modality, frame.negated, (), conclusion, grounds,
                     frame.sole, frame.conditions, frame.verb,
                     self.index.span(min(end.span.start, frame.span.start),
                                     max(end.span.end, frame.span.end)),
                     tuple(dict.fromkeys(end.negated_terms + frame.negated_terms)),
                     frame.adjunct)]

    def _condition(self, seg: clauses.Segment) -> Condition:
        toks = seg.tokens()
        frame = self._frame(seg, ()) if seg.head else None
        return Condition(seg.cond or "if", tuple(self._mention(t) for t in toks if t.type == "TERM"),
                         frame, self._span(toks))

    # -- frames -------------------------------------------------------------------------
    def _frame(self, seg: clauses.Segment, conditions: tuple[Condition, ...]) -> Frame | None:
        if seg.head is None:
            return None
        seg = clauses.promote_predicate(seg)
        post = seg.post
        modality, verb, between, after, pre, burden_owner = clauses.head_predicate(seg)
        either = either_way(seg.tokens())
        # "It is not the law that the City is responsible for ...": the negation of an opening
        # "it is" reaches the clause it introduces, however long its noun ("the law", "true")
        opening = pre[2:3] if len(pre) > 3 and pre[0].type == "WORD" and pre[0].value == "it" \
            and pre[1].type == "VERB" and pre[1].value == "be" and pre[3].type == "WORD" and \
            pre[3].value in ("the", "true", "correct", "so") else []
        negated = any(t.type == "NEG" and id(t) not in either
                      for t in between + pre[-6:] + pre[:1] + opening)
        if verb == "be" and not between:  # "are not available against the County"
            negated = negated or any(t.type == "NEG" and id(t) not in either for t in post[:2])
        subject_toks, pre_basis = clauses.split_at_basis(pre)
        if clauses.from_which(pre_basis):  # "X is evidence from which you may find Y": X grounds
            subject_toks, pre_basis = pre_basis[1:], subject_toks
        agent_cause: tuple[Mention, ...] = ()
        if verb == "prove":
            object_toks, basis_toks, agent_cause = self._passive_agents(after)
        else:
            object_toks, basis_toks = clauses.split_at_basis(after)
        thats = [i for i, t in enumerate(basis_toks) if t.type == "WORD" and t.value == "that"]
        # "infer from that incident alone that ...": a "that" right after "from" points back
        that = thats[1] if thats[:1] == [0] and len(thats) > 1 else next(iter(thats), None)
        if that is None:  # "decide, from all of the evidence, whether Y": Y is the object
            that = next((i for i, t in enumerate(basis_toks)
                         if t.type == "WORD" and t.value == "whether"), None)
        if not object_toks and that is not None and not (
                verb == "infer_passive" and self._mentions(subject_toks)):
            # "infer from X that Y": Y is the object (not "Y may be shown by evidence that Z",
            # whose subject is the object: Z is what the evidence shows, its ground)
            object_toks, basis_toks = basis_toks[that + 1:], basis_toks[:that]
        if (referent := self._result_referent(pre + between, basis_toks)) is not None:
            basis_toks, subject_toks, pre_basis = *referent, []
        basis_toks = pre_basis + basis_toks
        if seg.adjunct and seg.adjunct[0].type == "BASIS" and seg.adjunct[0].value != "toward":
            # "From the incident alone, you may" (not "In deciding whether X, you may ...": X is
            # the question the evidence goes to, not a ground)
            basis_toks = seg.adjunct[1:] + basis_toks
        kind = verb
        if verb in ("liable", "liable_municipality"):
            # "find for the plaintiff against Officer Long and the City": the parties found
            # against are who is liable, not grounds of one another's liability
            vtok = next((t for t in [seg.head, *post] if t.type == "VERB" and t.value == verb),
                        None)
            against = clauses.parties_against(object_toks, vtok is not None and self.text[
                vtok.start_pos:vtok.end_pos].lower().endswith("against"))
            if against:
                subject_toks = subject_toks + [object_toks[i] for i in sorted(against)]
                object_toks = [t for i, t in enumerate(object_toks) if i not in against]
        adjunct = self._mentions(seg.adjunct)
        subject = self._mentions(subject_toks)
        obj = self._mentions(object_toks) + agent_cause
        if verb == "treat_as":  # "you may treat X as the policy of the County"
            cut = next((i for i, t in enumerate(object_toks) if t.type == "WORD" and t.value == "as"),
                       len(object_toks))
            kind, obj = "treat", self._mentions(object_toks[cut:])
            basis_toks = object_toks[:cut] + basis_toks
        if verb == "liable_municipality":  # "you must find against the City": the City is named
            kind = "liable"
            subject = subject + (Mention("municipality", "", self._span(seg.tokens())),)
        if verb == "acquit_municipality":  # "your verdict must be for the Town": named too
            subject = subject + (Mention("municipality", "", self._span(seg.tokens())),)
        if verb == "consider_passive":  # "X may be considered as evidence that Y"
            kind, obj, basis_toks = "suffice", self._mentions(basis_toks) + obj, []
        if verb == "infer_passive":  # "a policy may be inferred from ...": subject is concluded
            kind, obj, subject = "infer", subject + obj, ()
        if verb == "rest_on":  # "the City's liability may be predicated upon X": X is the ground
            kind, subject = "infer", ()
            obj = clauses.as_liability(self._mentions(subject_toks))
            basis_toks = object_toks + basis_toks
        if verb == "basis_of":  # "X may be the basis of the City's liability": X is the ground
            kind, obj, subject = "infer", clauses.as_liability(obj), ()
            basis_toks = subject_toks + basis_toks
        if burden_owner:  # a burden is always someone's burden to prove
            kind = "prove"
        elif verb in ("suffice", "prove") and not clauses.is_party(subject_toks):
            kind = "suffice"
        elif verb == "suffice":
            kind = "prove"
        if verb == "consider":  # "you may consider X in determining whether Y"
            fronted = any(t.type == "BASIS" and t.value == "toward" for t in seg.adjunct)
            if fronted and not any(t.type == "BASIS" and t.value == "toward" for t in after):
                # "In deciding whether Y, you may consider X received by Z after W": all of
                # X ... W is the evidence; a "by" or "from" inside it starts no conclusion.
                obj, basis_m = self._mentions(seg.adjunct), self._mentions(after)
            else:
                obj, basis_m = self._mentions(basis_toks), obj
                if fronted:
                    obj = self._mentions(seg.adjunct) + obj  # "In deciding whether Y, ... consider X"
            return Frame("suffice", modality, negated, subject, obj, basis_m,
                         any(t.type == "QUAL" for t in seg.tokens()), conditions, verb,
                         self._span(seg.tokens()), negated_concepts(kinds_and_values(seg.tokens())),
                         adjunct)
        if kind == "be" and clauses.names_policy(object_toks) and \
                not clauses.names_policy(subject_toks, True) and subject and \
                subject[0].concept not in ("municipality", "jury"):
            # "The decision of X to order the search is the policy of the City" (not "the City's
            # decision to ...": its own decision; nor a "you" left in a subject misread)
            kind = "treat"
        if kind == "suffice":  # "X is sufficient to establish the fault required for the
            obj = clauses.as_liability(obj)  # City's liability": liability is what X would prove
        if kind in ("infer", "question") and not obj and clauses.elliptical_finding(seg):
            # "If you find that she did, ...", "If you so find, ...": what the jury finds is
            # what an earlier sentence stated (facts.py gives each frame its `prev` sentence)
            obj = (self._mention(seg.head, "antecedent"),)
        if kind in GROUND_FIRST:
            basis = adjunct + subject + self._mentions(basis_toks)
        else:
            basis = self._mentions(basis_toks)
        tokens = seg.tokens()
        return Frame(kind, modality, negated, subject, obj, basis,
                     any(t.type == "QUAL" for t in tokens), conditions, verb,
                     self._cover(tokens, conditions),
                     negated_concepts(kinds_and_values(tokens)), adjunct)

    def _result_referent(self, before: list[Token], basis: list[Token]):
        """"The force Officer Renner used may itself be so far outside the bounds of acceptable
        police conduct that you may infer from it alone that the City failed to train him": a
        ground that points back ("it", "that incident"), after a result clause ("so ... that
        you may"), is what the clause describes, the words before its "that", with its own;
        the words after that "that" say who infers.
        Returns (basis, subject) tokens, or None when the sentence is not so built."""
        if not basis or self.text[basis[0].start_pos:basis[0].end_pos].split()[0].lower() \
                not in _PRONOUNS:
            return None
        so = next((i for i, t in enumerate(before) if self.text[t.start_pos:t.end_pos].lower()
                   .startswith(("so ", "such ")) or t.value in ("so", "such")), None)
        that = None if so is None else next(
            (i for i in range(so + 1, len(before))
             if before[i].type == "WORD" and before[i].value == "that"), None)
        if that is None or not any(t.type == "TERM" for t in before[:that]):
            return None
        return before[:that] + basis, before[that + 1:]

    def _passive_agents(self, after: list[Token]):
        """"... must prove that the plaintiff was deprived of a constitutional right by a person
        acting under color of law and that ...": in what is to be proved, "by" after the
        deprivation names who or what deprived, inside the proposition; it is not the ground
        of the proof. The words after it stay in the object (up to a later basis, "by a
        preponderance of the evidence"). When the agent is the municipality's policy, custom or
        training ("deprived of her rights by the City's policy"), the proposition states that
        it caused the deprivation (the agent named within the next few words): a causation
        mention on "by" says so. Returns the object's words, the basis's, and that mention (if
        any)."""
        agent_cause: list[Mention] = []
        start = 0
        while True:
            at = next((i for i in range(start, len(after)) if after[i].type == "BASIS"), None)
            if at is None:
                return after, [], tuple(agent_cause)
            by = after[at]
            deprived = any(t.type == "TERM" and t.value == "deprivation"
                           for t in after[max(0, at - 6):at])
            if not deprived or self.text[by.start_pos:by.end_pos].lower() != "by":
                return after[:at], after[at + 1:], tuple(agent_cause)
            first = next((t for t in after[at + 1:at + 5] if t.type == "TERM"), None)
            if first is not None and first.value in clauses.AGENT_CAUSES:
                agent_cause.append(self._mention(by, "causation"))
            start = at + 1

    def _cover(self, toks: list[Token], conditions: tuple[Condition, ...]):
        """The frame's words and its conditions': a finding quotes what the jury was told."""
        start = min([t.start_pos for t in toks] + [c.span.start for c in conditions])
        end = max([t.end_pos for t in toks] + [c.span.end for c in conditions])
        return self.index.span(start, end)

    def _mentions(self, toks: list[Token]) -> tuple[Mention, ...]:
        out = []
        for t in toks:
            if t.type == "TERM":
                out.append(self._mention(t))
            elif t.type == "VERB" and t.value == "liable":
                out.append(self._mention(t, "liability"))
            elif t.type == "VERB" and t.value == "liable_municipality":
                # "... is enough to hold the City liable": the City's liability, named within
                out += [self._mention(t, "liability"), self._mention(t, "municipality")]
        return tuple(out)

    def _mention(self, t: Token, concept: str | None = None) -> Mention:
        """The concept a token names (its own TERM value unless given), read lazily."""
        return Mention(concept or t.value, at=(self, t.start_pos, t.end_pos))

    def _span(self, toks: list[Token]):
        return self.index.span(min(t.start_pos for t in toks), max(t.end_pos for t in toks))
