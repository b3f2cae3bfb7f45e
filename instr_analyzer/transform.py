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

from dataclasses import dataclass, field

from .larkimport import Token, Tree

from .lexicon import Lexed
from .logical_form import Condition, Frame, Mention, Sentence
from .spans import LineIndex

GROUND_FIRST = {"suffice", "treat"}
"""Predicates whose subject is the evidence and whose object is the conclusion."""
_PREDICATES = ("MODAL", "VERB")
"""The grammar's heads (instruction.lark: head: MODAL | VERB)."""


@dataclass
class _Segment:
    cond: str | None
    pre: list[Token] = field(default_factory=list)
    head: Token | None = None
    post: list[Token] = field(default_factory=list)
    adjunct: list[Token] = field(default_factory=list)

    def tokens(self) -> list[Token]:
        return self.adjunct + self.pre + ([self.head] if self.head else []) + self.post


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
        framed = accepted and any(t.type in _PREDICATES for t in lexed.hits)
        return Sentence(unit.id, unit.instruction, unit.text, unit.span, mentions, (), accepted,
                        unit.item, unit.lead, *neg, framed)

    def _mentions_and_negation(self, lexed: Lexed):
        hits = lexed.hits
        mentions = tuple([self._mention(t) for t in hits if t.type == "TERM"])
        types = {t.type for t in hits}
        # _negated_terms' own pre-check, on the phrases and the bare words (a superset of it),
        # so that most sentences do not even list their words
        could_take = mentions and ("NEG" in types or not _TAKERS.isdisjoint(lexed.norms) or
                                   not _TAKERS.isdisjoint([t.value for t in hits]))
        return mentions, ((_negated_terms(lexed.pairs()) if could_take else ()), "NEG" in types)

    # -- segments -----------------------------------------------------------------------
    def _segments(self, clause: Tree) -> list[_Segment]:
        out: list[_Segment] = []
        cond: str | None = None
        for child in clause.children:
            if isinstance(child, Token):
                if child.type == "COND":
                    cond = child.value
                continue
            current = _Segment(cond)
            cond = None
            for part in child.children:
                if part.data == "pre":
                    current.pre = list(part.children)
                elif part.data == "head":
                    current.head = part.children[0]
                elif part.data == "post":
                    current.post = list(part.children)
            for part in _instructed(current) or (current,):
                out.extend(_split_coordinated(_causative(part)))
        return out

    def _clause(self, clause: Tree) -> list[Frame]:
        segments = self._segments(clause)
        pending: list[Token] = []
        main: list[_Segment] = []
        conds: list[_Segment] = []
        last: list[Token] | None = None
        trailing: str | None = None
        previous: _Segment | None = None
        purposes: dict[int, _Segment] = {}
        for n, seg in enumerate(segments):
            _attach_antecedent(seg, previous)
            # "If you find that A, that B, and that C, then you must find ...": each further
            # "that" clause after a leading condition, before the main clause that "then"
            # opens (or joined to it by "and"/"or"), is another of its conditions, not a
            # statement of its own. (A "that" clause with no predicate of its own continues the
            # previous condition's object, as before.)
            if seg.cond is None and seg.head is not None and not main and conds and \
                    _continues_condition(seg) and (_joined(seg) or
                                                   any(_opens_then(s) for s in segments[n + 1:])):
                seg.cond = conds[-1].cond
            previous = seg
            # "To hold the City liable for X, the plaintiff must prove ...": an infinitive of
            # purpose states what the main clause requires; it asserts nothing itself. (Not
            # when the main clause makes something enough, "To hold the City liable, you need
            # only find ...": that reads as the liability it makes enough, as before.)
            if seg.cond is None and _purpose(seg):
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
            if not main and _fronted_question(seg, segments[n + 1:]):
                pending.extend(seg.tokens())  # the main frame's adjunct
                continue
            # "You may infer from X, if A, that Y": a complement clause after an interposed
            # condition is the main frame's object, not part of the condition.
            if seg.cond is None and trailing is not None and seg.head is None and main and \
                    seg.pre and seg.pre[0].type == "WORD" and seg.pre[0].value == "that":
                main[-1].post.extend(seg.pre)
                last = main[-1].post
                continue
            if seg.cond is None and main and _evidence_from_which(seg, main[-1]):
                prev = main.pop()
                seg.pre = prev.pre + [prev.head] + prev.post + seg.pre
                seg.adjunct = prev.adjunct + seg.adjunct
            if seg.cond is None and _continues_predicate_list(seg, last):
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
                if _interposed_question(seg, main, last):
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
                if any(t.type == "TERM" for t in seg.pre) and not _resumes_subject(pending, seg):
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

    def _purposed(self, frame: Frame, purpose: _Segment) -> list[Frame]:
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

    def _condition(self, seg: _Segment) -> Condition:
        toks = seg.tokens()
        frame = self._frame(seg, ()) if seg.head else None
        return Condition(seg.cond or "if", tuple(self._mention(t) for t in toks if t.type == "TERM"),
                         frame, self._span(toks))

    # -- frames -------------------------------------------------------------------------
    def _frame(self, seg: _Segment, conditions: tuple[Condition, ...]) -> Frame | None:
        if seg.head is None:
            return None
        seg = _promote_predicate(seg)
        post = seg.post
        modality, verb, between, after, pre, burden_owner = _predicate(seg)
        either = _either_way(seg.tokens())
        negated = any(t.type == "NEG" and id(t) not in either for t in between + pre[-6:] + pre[:1])
        if verb == "be" and not between:  # "are not available against the County"
            negated = negated or any(t.type == "NEG" and id(t) not in either for t in post[:2])
        subject_toks, pre_basis = _split_at_basis(pre)
        if _from_which(pre_basis):  # "X is evidence from which you may find Y": X is the ground
            subject_toks, pre_basis = pre_basis[1:], subject_toks
        agent_cause: tuple[Mention, ...] = ()
        if verb == "prove":
            object_toks, basis_toks, agent_cause = self._passive_agents(after)
        else:
            object_toks, basis_toks = _split_at_basis(after)
        that = next((i for i, t in enumerate(basis_toks) if t.type == "WORD" and t.value == "that"),
                    None)
        if not object_toks and that is not None:  # "infer from X that Y": Y is the object
            object_toks, basis_toks = basis_toks[that + 1:], basis_toks[:that]
        basis_toks = pre_basis + basis_toks
        if seg.adjunct and seg.adjunct[0].type == "BASIS" and seg.adjunct[0].value != "toward":
            # "From the incident alone, you may" (not "In deciding whether X, you may ...": X is
            # the question the evidence goes to, not a ground)
            basis_toks = seg.adjunct[1:] + basis_toks
        kind = verb
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
        if verb == "consider_passive":  # "X may be considered as evidence that Y"
            kind, obj, basis_toks = "suffice", self._mentions(basis_toks) + obj, []
        if verb == "infer_passive":  # "a policy may be inferred from ...": subject is concluded
            kind, obj, subject = "infer", subject + obj, ()
        if verb == "rest_on":  # "the City's liability may be predicated upon X": X is the ground
            kind, subject = "infer", ()
            obj = _as_liability(self._mentions(subject_toks))
            basis_toks = object_toks + basis_toks
        if verb == "basis_of":  # "X may be the basis of the City's liability": X is the ground
            kind, obj, subject = "infer", _as_liability(obj), ()
            basis_toks = subject_toks + basis_toks
        if burden_owner:  # a burden is always someone's burden to prove
            kind = "prove"
        elif verb in ("suffice", "prove") and not _is_party(subject_toks):
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
                         self._span(seg.tokens()), _negated_terms(_pairs(seg.tokens())),
                         adjunct)
        if kind == "be" and _names_policy(object_toks) and not _names_policy(subject_toks, True) \
                and subject and subject[0].concept not in ("municipality", "jury"):
            # "The decision of X to order the search is the policy of the City" (not "the City's
            # decision to ...": its own decision; nor a "you" left in a subject misread)
            kind = "treat"
        if kind in GROUND_FIRST:
            basis = adjunct + subject + self._mentions(basis_toks)
        else:
            basis = self._mentions(basis_toks)
        tokens = seg.tokens()
        return Frame(kind, modality, negated, subject, obj, basis,
                     any(t.type == "QUAL" for t in tokens), conditions, verb,
                     self._cover(tokens, conditions), _negated_terms(_pairs(tokens)), adjunct)

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
            if first is not None and first.value in _AGENT_CAUSES:
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
        return tuple(out)

    def _mention(self, t: Token, concept: str | None = None) -> Mention:
        """The concept a token names (its own TERM value unless given), read lazily."""
        return Mention(concept or t.value, at=(self, t.start_pos, t.end_pos))

    def _span(self, toks: list[Token]):
        return self.index.span(min(t.start_pos for t in toks), max(t.end_pos for t in toks))


_PURPOSE = ({"to"}, {"in", "order", "to"}, {"so", "as", "to"})


def _from_which(basis: list[Token]) -> bool:
    """The words after a basis word open a relative clause: "evidence from which you may find"
    (the ground is what "which" refers to, the words before "from"; the words after "which" are
    the frame's subject)."""
    return bool(basis) and basis[0].type == "WORD" and basis[0].value == "which"


def _evidence_from_which(seg: _Segment, prev: _Segment) -> bool:
    """"Officer Kane's use of force is, by itself, evidence from which you may find that ...":
    the copula's complement ("evidence") opens the next segment, whose relative clause "from
    which you may find" is the predicate. The copula's segment asserts nothing of its own: the
    two are one frame, read by _frame as "you may find Y from X"."""
    if seg.head is None or prev.cond is not None or prev.head is None or \
            prev.head.type != "VERB" or prev.head.value != "be" or \
            any(t.type in ("TERM", "MODAL", "VERB") for t in prev.post):
        return False
    at = next((i for i, t in enumerate(seg.pre) if t.type == "BASIS"), None)
    return at is not None and at + 1 < len(seg.pre) and at <= 2 and _from_which(seg.pre[at + 1:])


def _resumes_subject(pending: list[Token], seg: _Segment) -> bool:
    """"The decision of the watch commander, Lieutenant Fox, to order the strip search is the
    policy of the City": a noun phrase, an appositive naming who it is, and the rest of the
    noun phrase (an infinitive, "to order ...") before the predicate. The words before the
    commas open the subject; they are not an adjunct ("In this case, ...", "From the incident
    alone, ..."), as words before a predicate's own subject are."""
    return bool(pending) and bool(seg.pre) and seg.pre[0].type == "WORD" and \
        seg.pre[0].value == "to" and (pending[0].type == "TERM" or (
            pending[0].type == "WORD" and pending[0].value in ("the", "a", "an")))


def _continues_predicate_list(seg: _Segment, last: list[Token] | None) -> bool:
    """"... cannot rest on the fact that the officers were employed by it, were on duty, or were
    wearing its uniforms": a copula with no words before it but "and"/"or", after a frame whose
    object has a copula of its own, is a further member of that object's list of predicates
    (the same subject, "the officers"), not a new frame whose subject is all that came before."""
    if seg.head is None or seg.head.type != "VERB" or seg.head.value != "be" or not last or \
            any(t.type != "CONJ" for t in seg.pre):
        return False
    return any(t.type == "VERB" and t.value == "be" for t in last)


def _either_way(toks: list[Token]) -> set[int]:
    """The ids of the "not" of each "whether or not": "A pattern of prior incidents, whether or
    not similar to the violation at issue, may establish notice" says that similarity does not
    matter (the concept after it is taken away, _negated_terms), not that the pattern may not
    establish notice."""
    return {id(t) for i, t in enumerate(toks) if t.type == "NEG" and i >= 2 and
            toks[i - 1].value == "or" and toks[i - 2].type == "WORD" and
            toks[i - 2].value == "whether"}


def _as_liability(mentions: tuple[Mention, ...]) -> tuple[Mention, ...]:
    """The word "liability" as what a frame concludes: the concept of liability, as a
    predicate of liability ("is liable") names it."""
    return tuple(Mention("liability", m.text, m.span) if m.concept == "liability_word" else m
                 for m in mentions)


_POLICY_TERMS = {"policy", "custom"}


def _names_policy(toks: list[Token], anywhere: bool = False) -> bool:
    """The words name the municipality's policy or custom: as a copula's complement, "is the
    policy of the City" (only articles before it), which reads as "constitutes the policy" (the
    subject is what is treated as the policy, as with "made X the policy", _causative); or,
    `anywhere`, as the subject ("The City's policy is ...": what the policy is, not what is
    made one)."""
    for t in toks:
        if t.type == "TERM":
            return t.value in _POLICY_TERMS or (anywhere and any(
                u.type == "TERM" and u.value in _POLICY_TERMS for u in toks))
        if not anywhere and not (t.type == "WORD" and t.value in ("the", "a", "an")):
            return False
    return False


def _purpose(seg: _Segment) -> bool:
    """A segment that is an infinitive of purpose: "To hold the City liable ...", "In order to
    find the County liable ..." (the words before its verb are only the infinitive's)."""
    return (seg.head is not None and seg.head.type == "VERB" and bool(seg.pre)
            and seg.pre[-1].value == "to" and {t.value for t in seg.pre} in _PURPOSE
            and all(t.type == "WORD" for t in seg.pre))


def _asks_whether(seg: _Segment) -> bool:
    """The segment opens with "in deciding whether", "in determining whether" (BASIS toward)."""
    return bool(seg.pre) and seg.pre[0].type == "BASIS" and seg.pre[0].value == "toward"


def _fronted_question(seg: _Segment, rest: list[_Segment]) -> bool:
    """"In determining whether the City was deliberately indifferent, you may consider X": the
    question the evidence goes to, before the main clause; even with a verb of its own it
    asserts nothing."""
    return seg.cond is None and seg.head is not None and _asks_whether(seg) and any(
        s.head is not None and s.cond is None for s in rest)


def _interposed_question(seg: _Segment, main: list[_Segment], last) -> bool:
    """A headless segment that opens with "in deciding whether" right after a frame of
    considering whose object has not begun, and its words the question, not the evidence."""
    if not (main and _asks_whether(seg)):
        return False
    prev = main[-1]
    return last is prev.post and not prev.post[1:] and not any(
        t.type == "BASIS" for t in prev.adjunct + prev.post) and any(
        t.type == "VERB" and t.value == "consider" for t in [prev.head, *prev.post])


_CAUSATIVES = {"made", "makes", "make", "rendered", "renders"}
_MADE_INTO = {"policy", "custom"}


def _causative(seg: _Segment) -> _Segment:
    """"... then his approval made the search the policy of the County": a segment with no
    other predicate whose verb of making turns something into the municipality's policy or
    custom reads as "X constitutes the policy" (treat: the subject is the ground). Only with
    the policy or custom after the verb: "made the decision", "made a deliberate choice" and
    "make the City liable" are left as they were."""
    if seg.head is not None:
        return seg
    for i, t in enumerate(seg.pre):
        if t.type == "WORD" and t.value in _CAUSATIVES and \
                any(p.type == "TERM" for p in seg.pre[:i]) and \
                any(p.type == "TERM" and p.value in _MADE_INTO for p in seg.pre[i + 1:]):
            head = Token("VERB", "treat", start_pos=t.start_pos, end_pos=t.end_pos)
            return _Segment(seg.cond, seg.pre[:i], head, seg.pre[i + 1:], seg.adjunct)
    return seg


def _instructed(seg: _Segment) -> tuple[_Segment, _Segment] | None:
    """"You are instructed that the County must prove X", "The court instructs you that the
    City is liable for ...": what the court tells the jury is itself a statement of the law,
    read as if the preface were not there. The frame of instructing is kept (the court naming
    the policymaker is read from it) with only the words before that statement's predicate, so
    that its own assertion does not carry the statement's words ("You are instructed that
    punitive damages may not be awarded against the City" is no permission). Returns (the
    preface, the statement from its first predicate on), or None when the preface's object
    has no predicate."""
    if seg.head is None or seg.head.type != "VERB" or seg.head.value != "instruct":
        return None
    at = next((i for i, t in enumerate(seg.post) if t.type in _PREDICATES), None)
    if at is None:
        return None
    pre = seg.post[:at]
    if pre and pre[0].type == "WORD" and pre[0].value == "that":
        pre = pre[1:]
    return (_Segment(seg.cond, seg.pre, seg.head, seg.post[:at], seg.adjunct),
            _Segment(seg.cond, pre, seg.post[at], seg.post[at + 1:]))


def _continues_condition(seg: _Segment) -> bool:
    """A segment that opens with "that" (or "and that", "or that"): a further complement of a
    verb of finding, as in "If you find that A, that B, and that C"."""
    toks = seg.adjunct + seg.pre
    if toks and toks[0].type == "CONJ":
        toks = toks[1:]
    return bool(toks) and toks[0].type == "WORD" and toks[0].value == "that"


def _joined(seg: _Segment) -> bool:
    """The segment opens with "and" or "or": "If you find that A, and that B, your verdict ..."
    continues the condition even without a "then"."""
    toks = seg.adjunct + seg.pre
    return bool(toks) and toks[0].type == "CONJ"


def _opens_then(seg: _Segment) -> bool:
    """The main clause after the conditions: "..., then you must find ..." (without "then", a
    "that" after a condition may start the main clause: "If you find X, that decision is ...")."""
    toks = seg.adjunct + seg.pre
    return bool(toks) and toks[0].type == "WORD" and toks[0].value == "then"


def _attach_antecedent(seg: _Segment, previous: _Segment | None) -> None:
    """"... at the direction of Lieutenant Brooks, whose directions are to be regarded as the
    official policy": a relative clause with a predicate takes the concept it refers to (the
    last one named before it) as the start of its subject."""
    if seg.head is not None and previous is not None and seg.pre and \
            seg.pre[0].type == "WORD" and seg.pre[0].value in ("whose", "who", "whom"):
        seg.pre = [t for t in previous.tokens() if t.type == "TERM"][-1:] + seg.pre


def _promote_predicate(seg: _Segment) -> _Segment:
    """"Proof that the County was negligent ... does not establish X": the copula of a clause
    inside the subject is not the predicate when a stronger one follows. Likewise "Any liability
    you find on the part of Deputy Smith is chargeable to the County": "you find" is a relative
    clause inside the subject."""
    head = seg.head
    if head.type == "VERB" and head.value == "be":
        return _later_predicate(seg, ("be",), 4)
    if _claim_noun(seg):
        return _later_predicate(seg, (), 0)
    if head.type == "VERB" and head.value == "infer" and len(seg.pre) >= 2 and \
            seg.pre[-1].type == "TERM" and seg.pre[-1].value == "jury":
        return _later_predicate(seg, ("be", "infer"), 2)
    return seg


_AGENT_CAUSES = {"policy", "custom", "training", "supervision", "screening", "decision"}
"""What, as the agent of a deprivation ("deprived of her rights by the City's policy"), states
that the municipality's own fault caused it (_passive_agents)."""

_PARTIES = {"plaintiff", "municipality", "defendant", "employee", "jury", "supervisor"}


def _claim_noun(seg: _Segment) -> bool:
    """"A failure-to-train claim requires proof that ...": "claim" after an article or after a
    concept that names the claim's kind is the noun, the subject's head, not the verb of a
    party's contention ("The plaintiff claims that ...", "The officers claim that ..."); the
    predicate is the next one, when there is one right after it."""
    head, pre = seg.head, seg.pre
    if head.type != "VERB" or head.value != "claim" or not pre or not seg.post or \
            seg.post[0].type not in _PREDICATES:
        return False
    before = pre[-1]
    return (before.type == "WORD" and before.value in ("a", "the", "this", "that", "each")) or \
        (before.type == "TERM" and before.value not in _PARTIES)


def _later_predicate(seg: _Segment, weak: tuple[str, ...], gap: int) -> _Segment:
    """The segment headed by the first modal or other verb at least `gap` words after its head,
    the head and the words before it joining the subject; unchanged if there is none."""
    later = next((i for i, t in enumerate(seg.post) if t.type == "MODAL" or (
        t.type == "VERB" and t.value not in weak)), None)
    if later is None or later < gap:
        return seg
    return _Segment(seg.cond, seg.pre + [seg.head] + seg.post[:later], seg.post[later],
                    seg.post[later + 1:], seg.adjunct)


def _after_modal(post: list[Token]) -> tuple[str, list[Token], list[Token]]:
    """The verb after a modal (a real one before a copula), the words between, the words after."""
    verb_at = next((i for i, t in enumerate(post) if t.type == "VERB" and t.value != "be"),
                   next((i for i, t in enumerate(post) if t.type == "VERB"), None))
    if verb_at is None:  # "cannot put the City on notice": the negation stays with the modal
        lead = next((i for i, t in enumerate(post) if t.type != "NEG"), len(post))
        return "state", post[:lead], post[lead:]
    return post[verb_at].value, post[:verb_at], post[verb_at + 1:]


def _predicate(seg: _Segment):
    """Where the predicate is: (modality, verb, words between head and verb, words after the
    verb, subject words, the owner of a burden). Modal heads, copulas that carry a predicate
    ("is not liable", "was sufficient to"), burdens and shifted burdens are read here."""
    head, post, pre = seg.head, seg.post, seg.pre
    if head.type == "MODAL":
        modality = head.value
        verb, between, after = _after_modal(post)
    elif head.value == "be" and (near := next(
            (i for i, t in enumerate(post[:4]) if t.type in ("VERB", "MODAL")), None)) is not None:
        if post[near].type == "VERB":
            modality, verb, between, after = "assert", post[near].value, post[:near], post[near + 1:]
        else:
            modality = post[near].value
            verb, mid, after = _after_modal(post[near + 1:])
            between = post[:near] + mid
    else:
        modality, verb, between, after = "assert", head.value, [], post
    burden_owner: list[Token] = []
    if modality == "burden":  # "has the burden of proving that X": X is what is proved
        at = 0 if head.type == "MODAL" else next(
            i for i, t in enumerate(post) if t.type == "MODAL" and t.value == "burden") + 1
        burden_owner = [t for t in post[:at] if t.type == "TERM"] or [  # "It is the City's burden"
            Token("WORD", "it", start_pos=head.start_pos, end_pos=head.end_pos)]
        modality, verb, between, after = "require", "prove", [], post[at:]
    if head.type == "MODAL" and head.value == "shift":  # "the burden shifts to the City to"
        modality = "require"
        pre = [t for t in between if t.type == "TERM"] or pre
        between = [t for t in between if t.type != "TERM"]
    if head.value == "be" and not any(t.type == "TERM" for t in pre):
        pre = pre + burden_owner + [t for t in between if t.type == "TERM"]
    return modality, verb, between, after, pre, burden_owner


def _split_coordinated(seg: _Segment) -> list[_Segment]:
    """'... and you may award ...': a second modal in the object starts a second frame."""
    for i, t in enumerate(seg.post):
        if t.type == "MODAL" and i > 0:
            cut = max((j for j in range(i) if seg.post[j].type == "CONJ"), default=None)
            if cut is None:
                return [seg]
            first = _Segment(seg.cond, seg.pre, seg.head, seg.post[:cut])
            second = _Segment(None, seg.post[cut + 1:i], t, seg.post[i + 1:])
            return [first] + _split_coordinated(second)
    return [seg]


def _split_at_basis(toks: list[Token]) -> tuple[list[Token], list[Token]]:
    for i, t in enumerate(toks):
        if t.type == "BASIS":
            return toks[:i], toks[i + 1:]
    return toks, []


_DETERMINERS = {"the", "a", "an", "its", "his", "her", "their", "defendant", "plaintiff", "each",
                "any", "that"}


def _is_party(toks: list[Token]) -> bool:
    """A party heading the subject makes 'prove'/'establish' a burden ("the City must prove"),
    not sufficiency ("evidence that the County's deputies ... is sufficient to establish")."""
    for t in toks:
        if t.type == "TERM":
            return t.value in {"plaintiff", "municipality", "defendant", "jury", "employee"}
        if not (t.type == "WORD" and t.value in _DETERMINERS):
            return False
    return False


_CONTRAST = {"than", "beyond", "exceeds", "even"}
_DISPENSING = ("dispense", "unnecessary")
"""Concepts that take away another ("need not prove", "is unnecessary"), not concepts read."""
_TAKERS = _CONTRAST | set(_DISPENSING)


def _pairs(toks: list[Token]) -> list[tuple[str, str]]:
    return [(t.type, t.value) for t in toks]


def _negated_terms(toks: list[tuple[str, str]]) -> tuple[str, ...]:
    """Concepts a negation, a contrast ('more than negligence') or a dispensing phrase
    ('need not prove that there were any prior incidents') takes away; toks are the
    (type, value) of each token (Lexed.pairs)."""
    if not any(kind == "NEG" or value in _TAKERS for kind, value in toks):
        return ()  # most sentences: nothing that could take a concept away
    out = []
    for i, (kind, value) in enumerate(toks):
        if kind == "VERB" and value == "liable":
            # "you must find that the City is not liable": the predicate names liability
            # (FrameBuilder._mentions reads it as the concept), so a negation takes it away
            value = "liability"
        elif kind != "TERM" or value in _DISPENSING:
            continue
        if any(k == "NEG" or (k == "WORD" and v in _CONTRAST) for k, v in toks[max(0, i - 3):i]) \
                or ("TERM", "dispense") in toks[max(0, i - 7):i] \
                or ("TERM", "unnecessary") in toks[i + 1:i + 9]:
            out.append(value)
    return tuple(out)
