"""The constructions of real charges, read on a clause's segments.

The grammar cuts a clause into segments: the words before a head (a modal or a predicate), the
head, the words after it, and an if/only-if/unless condition. Charges say the same thing in
many shapes ("To hold the City liable, ...", "In deciding whether ..., you may consider ...",
"You are instructed that ...", "X is, by itself, evidence from which you may find ..."); each
shape is one named test or rewrite here, with an example in its docstring. transform.py decides
what the segments become as frames.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .larkimport import Token
from .logical_form import Mention

PREDICATES = ("MODAL", "VERB")
"""The grammar's heads (instruction.lark: head: MODAL | VERB)."""


@dataclass
class Segment:
    cond: str | None
    pre: list[Token] = field(default_factory=list)
    head: Token | None = None
    post: list[Token] = field(default_factory=list)
    adjunct: list[Token] = field(default_factory=list)

    def tokens(self) -> list[Token]:
        return self.adjunct + self.pre + ([self.head] if self.head else []) + self.post


_PURPOSE = ({"to"}, {"in", "order", "to"}, {"so", "as", "to"})


def from_which(basis: list[Token]) -> bool:
    """The words after a basis word open a relative clause: "evidence from which you may find"
    (the ground is what "which" refers to, the words before "from"; the words after "which" are
    the frame's subject)."""
    return bool(basis) and basis[0].type == "WORD" and basis[0].value == "which"


def evidence_from_which(seg: Segment, prev: Segment) -> bool:
    """"Officer Kane's use of force is, by itself, evidence from which you may find that ...":
    the copula's complement ("evidence") opens the next segment, whose relative clause "from
    which you may find" is the predicate. The copula's segment asserts nothing of its own: the
    two are one frame, read by _frame as "you may find Y from X"."""
    post = prev.post
    while post and post[-1].type == "QUAL":  # "..., standing alone, evidence from which"
        post = post[:-1]
    if post and post[-1].type == "VERB" and post[-1].value == "be":
        # "Evidence that Officer Kline fired at a motorist who was driving away is, standing
        # alone, evidence from which ...": a relative clause's copula took the head; the
        # segment's own copula ends it
        post = post[:-1]
    if seg.head is None or prev.cond is not None or prev.head is None or \
            prev.head.type != "VERB" or prev.head.value != "be" or \
            any(t.type in ("TERM", "MODAL", "VERB") for t in post):
        return False
    at = next((i for i, t in enumerate(seg.pre) if t.type == "BASIS"), None)
    return at is not None and at + 1 < len(seg.pre) and at <= 2 and from_which(seg.pre[at + 1:])


def resumes_subject(pending: list[Token], seg: Segment) -> bool:
    """"The decision of the watch commander, Lieutenant Fox, to order the strip search is the
    policy of the City": a noun phrase, an appositive naming who it is, and the rest of the
    noun phrase (an infinitive, "to order ...") before the predicate. The words before the
    commas open the subject; they are not an adjunct ("In this case, ...", "From the incident
    alone, ..."), as words before a predicate's own subject are."""
    return bool(pending) and bool(seg.pre) and seg.pre[0].type == "WORD" and \
        seg.pre[0].value == "to" and (pending[0].type == "TERM" or (
            pending[0].type == "WORD" and pending[0].value in ("the", "a", "an")))


def continues_predicate_list(seg: Segment, last: list[Token] | None) -> bool:
    """"... cannot rest on the fact that the officers were employed by it, were on duty, or were
    wearing its uniforms": a copula with no words before it but "and"/"or", after a frame whose
    object has a copula of its own, is a further member of that object's list of predicates
    (the same subject, "the officers"), not a new frame whose subject is all that came before."""
    if seg.head is None or seg.head.type != "VERB" or seg.head.value != "be" or not last or \
            any(t.type != "CONJ" for t in seg.pre):
        return False
    return any(t.type == "VERB" and t.value == "be" for t in last)


def continues_complement(seg: Segment, main: list[Segment], last) -> bool:
    """"You may not infer that the City had a policy, or that it was deliberately indifferent,
    solely from ...": a "that" clause opened by "and"/"or", with a predicate of its own, right
    after a frame of finding or proving whose "that" complement is still open, is a further
    complement of the same verb (so the modal and its negation govern it too), not a statement
    of its own."""
    if seg.cond is not None or seg.head is None or not main or last is not main[-1].post:
        return False
    toks = seg.adjunct + seg.pre
    if len(toks) < 2 or toks[0].type != "CONJ" or toks[1].type != "WORD" or toks[1].value != "that":
        return False
    prev = main[-1]
    words = [prev.head, *prev.post]
    at = next((i for i, t in enumerate(words) if t.type == "WORD" and t.value == "that"), None)
    return at is not None and any(t.type == "VERB" and t.value in ("infer", "prove")
                                  for t in words[:at])


_SUBJECT_NOUNS = {"fact", "evidence", "proof", "showing"}
_RELATIVES = {"which", "who", "whom", "whose"}


def _opens_subject_clause(seg: Segment) -> bool:
    """"The fact that ...", "Evidence that ...", "A showing that ...": a noun and its "that"
    clause, the subject of a predicate still to come."""
    toks = seg.adjunct + seg.pre + ([seg.head] if seg.head else []) + seg.post
    at = next((i for i, t in enumerate(toks[:4]) if t.type == "WORD" and t.value == "that"), None)
    if not at:
        return False
    noun = toks[at - 1]
    return ((noun.type == "WORD" and noun.value in _SUBJECT_NOUNS) or _noun_of_proof(
        noun, toks[:at - 1])) and all(
        t.type == "WORD" and t.value in _DETERMINERS for t in toks[:at - 1])


def merge_long_subject(segments: list[Segment]) -> list[Segment]:
    """"The fact that Officer Long was employed by the City, was on duty, and wore a City uniform
    does not make the City liable"; "The doctrine of respondeat superior, which makes an employer
    liable for the acts of its employees, does not apply to claims under Section 1983": a subject
    (a noun with its "that" clause, or a noun phrase with a relative clause after it) runs across
    commas to a negated predicate. Everything before that predicate is its subject: the commas
    cut no statement of their own out of it, which would lose the negation."""
    if len(segments) < 3 or any(s.cond is not None for s in segments):
        return segments
    first = segments[0]
    if not _opens_subject_clause(first):
        nxt = segments[1].adjunct + segments[1].pre
        if first.head is not None or not any(t.type == "WORD" and t.value in _RELATIVES
                                             for t in nxt[:3]):
            return segments
    for j in range(2, len(segments)):
        seg = segments[j]
        if seg.head is None:
            continue
        negated = any(t.type == "NEG" for t in seg.pre) or (
            seg.head.type == "VERB" and seg.head.value == "be" and seg.post[:1] and
            seg.post[0].type == "NEG")
        if not negated:
            continue
        pre = [t for s in segments[:j] for t in s.tokens()] + seg.adjunct + seg.pre
        return [Segment(None, pre, seg.head, seg.post)] + segments[j + 1:]
    return segments


def as_liability(mentions: tuple[Mention, ...]) -> tuple[Mention, ...]:
    """The word "liability" as what a frame concludes: the concept of liability, as a
    predicate of liability ("is liable") names it."""
    return tuple(Mention("liability", m.text, m.span) if m.concept == "liability_word" else m
                 for m in mentions)


_POLICY_TERMS = {"policy", "custom"}
"""What a copula's complement or a verb of making turns something into (names_policy,
causative)."""


def names_policy(toks: list[Token], anywhere: bool = False) -> bool:
    """The words name the municipality's policy or custom: as a copula's complement, "is the
    policy of the City" (only articles before it), which reads as "constitutes the policy" (the
    subject is what is treated as the policy, as with "made X the policy", causative); or,
    `anywhere`, as the subject ("The City's policy is ...": what the policy is, not what is
    made one)."""
    for t in toks:
        if t.type == "TERM":
            return t.value in _POLICY_TERMS or (anywhere and any(
                u.type == "TERM" and u.value in _POLICY_TERMS for u in toks))
        if not anywhere and not (t.type == "WORD" and t.value in ("the", "a", "an")):
            return False
    return False


def is_purpose(seg: Segment) -> bool:
    """A segment that is an infinitive of purpose: "To hold the City liable ...", "In order to
    find the County liable ..." (the words before its verb are only the infinitive's)."""
    return (seg.head is not None and seg.head.type == "VERB" and bool(seg.pre)
            and seg.pre[-1].value == "to" and {t.value for t in seg.pre} in _PURPOSE
            and all(t.type == "WORD" for t in seg.pre))


def _opens(seg: Segment, kind: str, value: str | None = None) -> bool:
    """The segment's first word (its adjunct's, else its own) is of this kind (and value)."""
    toks = seg.adjunct or seg.pre
    return bool(toks) and toks[0].type == kind and (value is None or toks[0].value == value)


def _asks_whether(seg: Segment) -> bool:
    """The segment opens with "in deciding whether", "in determining whether" (BASIS toward)."""
    return bool(seg.pre) and seg.pre[0].type == "BASIS" and seg.pre[0].value == "toward"


def fronted_question(seg: Segment, rest: list[Segment]) -> bool:
    """"In determining whether the City was deliberately indifferent, you may consider X": the
    question the evidence goes to, before the main clause; even with a verb of its own it
    asserts nothing."""
    return seg.cond is None and seg.head is not None and _asks_whether(seg) and any(
        s.head is not None and s.cond is None for s in rest)


def interposed_question(seg: Segment, main: list[Segment], last) -> bool:
    """A headless segment that opens with "in deciding whether" right after a frame of
    considering whose object has not begun, and its words the question, not the evidence."""
    if not (main and _asks_whether(seg)):
        return False
    prev = main[-1]
    return last is prev.post and not prev.post[1:] and not any(
        t.type == "BASIS" for t in prev.adjunct + prev.post) and any(
        t.type == "VERB" and t.value == "consider" for t in [prev.head, *prev.post])


def deferred_question(seg: Segment, main: list[Segment], last) -> bool:
    """"It is for you to decide, from all of the evidence, whether the supervisors were officials
    whose acts represent the official policy": a "whether" clause with a predicate of its own,
    after a frame of deciding whose object has not begun (an adjunct may stand between), is
    that frame's object: what the jury is to decide."""
    if not (main and seg.cond is None and seg.pre and seg.pre[0].type == "WORD"
            and seg.pre[0].value == "whether"):
        return False
    prev = main[-1]
    return last is prev.post and prev.head is not None and prev.head.type == "MODAL" and \
        bool(prev.post) and prev.post[0].type == "VERB" and prev.post[0].value == "infer" and \
        not any(t.type == "TERM" for t in prev.post)


_CAUSATIVES = {"made", "makes", "make", "rendered", "renders"}


def causative(seg: Segment) -> Segment:
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
                any(p.type == "TERM" and p.value in _POLICY_TERMS for p in seg.pre[i + 1:]):
            head = Token("VERB", "treat", start_pos=t.start_pos, end_pos=t.end_pos)
            return Segment(seg.cond, seg.pre[:i], head, seg.pre[i + 1:], seg.adjunct)
    return seg


def split_instructed(seg: Segment) -> tuple[Segment, Segment] | None:
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
    at = next((i for i, t in enumerate(seg.post) if t.type in PREDICATES), None)
    if at is None:
        return None
    pre = seg.post[:at]
    if pre and pre[0].type == "WORD" and pre[0].value == "that":
        pre = pre[1:]
    return (Segment(seg.cond, seg.pre, seg.head, seg.post[:at], seg.adjunct),
            Segment(seg.cond, pre, seg.post[at], seg.post[at + 1:]))


def court_preface(segments: list[Segment]) -> list[Segment]:
    """"The Court has determined, as a matter of state law, that Chief Alvarez had final
    policymaking authority ...": the court's preface ("the court has determined", "I have
    decided") cut from its "that" clause by an interjected phrase is a frame of instructing, as
    "The Court has determined that ..." is (split_instructed), over the "that" clause; the
    interjection ("as a matter of state law") stays with it."""
    if len(segments) < 2 or segments[0].head is not None or segments[0].cond is not None:
        return segments
    lead = segments[0].adjunct + segments[0].pre
    if len(lead) != 1 or lead[0].type != "TERM" or lead[0].value != "court_determined":
        return segments
    at = next((j for j, seg in enumerate(segments[1:], 1) if seg.cond is None and seg.pre and
               seg.pre[0].type == "WORD" and seg.pre[0].value == "that"), None)
    if at is None or any(seg.head is not None or seg.cond is not None
                         for seg in segments[1:at]):
        return segments
    head = Token("VERB", "instruct", start_pos=lead[0].start_pos, end_pos=lead[0].end_pos)
    post = [t for seg in segments[1:at + 1] for t in seg.tokens()]
    instructed = Segment(None, [], head, post)
    return [*(split_instructed(instructed) or (instructed,)), *segments[at + 1:]]


def continues_condition(seg: Segment) -> bool:
    """A segment that opens with "that" (or "and that", "or that"): a further complement of a
    verb of finding, as in "If you find that A, that B, and that C"."""
    toks = seg.adjunct + seg.pre
    if toks and toks[0].type == "CONJ":
        toks = toks[1:]
    return bool(toks) and toks[0].type == "WORD" and toks[0].value == "that"


def opens_with_conjunction(seg: Segment) -> bool:
    """The segment opens with "and" or "or": "If you find that A, and that B, your verdict ..."
    continues the condition even without a "then"."""
    return _opens(seg, "CONJ")


def opens_then(seg: Segment) -> bool:
    """The main clause after the conditions: "..., then you must find ..." (without "then", a
    "that" after a condition may start the main clause: "If you find X, that decision is ...")."""
    return _opens(seg, "WORD", "then")


def attach_antecedent(seg: Segment, earlier: list[Segment]) -> None:
    """"... at the direction of Lieutenant Brooks, whose directions are to be regarded as the
    official policy": a relative clause with a predicate takes the concept it refers to (the
    last one named before it, in the segment before it) as the start of its subject. A concept
    set aside by "not" is not the one referred to: "It is the plaintiff, not the County, who
    must prove ..." (the cleft's "who" is the plaintiff)."""
    if seg.head is None or not earlier or not seg.pre or seg.pre[0].type != "WORD" or \
            seg.pre[0].value not in ("whose", "who", "whom"):
        return
    for previous in reversed(earlier):
        toks = previous.tokens()
        named = [t for i, t in enumerate(toks) if t.type == "TERM" and
                 not any(u.type == "NEG" for u in toks[max(0, i - 2):i])]
        if named:
            seg.pre = named[-1:] + seg.pre
            return
        if not any(t.type == "NEG" for t in toks):
            return  # the segment before names nothing: no antecedent to take


_FINDING_VERBS = {"infer", "question"}
_PRO_SUBJECTS = {"he", "she", "it", "they", "this", "that", "these", "those"}
_PRO_PERSONS = {"official", "employee", "supervisor", "municipality", "defendant", "plaintiff"}
_AUXILIARIES = {"did", "does", "do", "had", "has", "have"}
_PRO_COMPLEMENTS = (("so",), ("true",), ("the", "case"))


def elliptical_finding(seg: Segment) -> bool:
    """"The plaintiff contends that Chief Ruiz had final policymaking authority ... If you find
    that she did, her decision ... is the policy of the City"; "If you so find, ...": a verb of
    finding (or of deciding whether) whose complement is only a pro-form, a pronoun or a named
    person with a bare auxiliary ("that she did", "that he was", "whether she did"), "so" ("so
    find", "find so", "that she did so") or "this to be true", names no proposition of its own:
    what the jury is to find is the one an earlier sentence stated (transform.py marks it as an
    `antecedent` concluded; a rule joins that sentence)."""
    head = seg.head
    if head is None or head.type != "VERB" or head.value not in _FINDING_VERBS:
        return False
    finding = head.value == "infer"
    post = list(seg.post)
    if finding and not post:  # "If you so find, ..."
        return bool(seg.pre) and _word(seg.pre[-1], "so")
    if finding and len(post) == 1:  # "If you find so, ..."
        return _word(post[0], "so")
    tail = next((t for t in _PRO_COMPLEMENTS if len(post) > len(t) and all(
        _word(u, w) for u, w in zip(post[-len(t):], t, strict=True))), ())
    post = post[:len(post) - len(tail)]
    if finding and tail and len(post) == 3 and _word(post[0]) in _PRO_SUBJECTS and \
            _word(post[1], "to") and post[2].type == "VERB" and post[2].value == "be":
        return True  # "If you find this to be true, ..."
    if finding:
        if not post or not _word(post[0], "that"):
            return False  # "find her liable", "find the facts": a complement of its own
        post = post[1:]
    if len(post) < 2:
        return False
    last, subject = post[-1], post[:-1]
    if not ((last.type == "WORD" and last.value in _AUXILIARIES) or (
            last.type == "VERB" and last.value == "be")) or len(subject) > 3:
        return False
    if len(subject) == 1 and subject[0].type == "WORD":
        return subject[0].value in _PRO_SUBJECTS  # "that she did", "that it was"
    # a person named: "that Chief Ruiz did", "whether the Sheriff was"
    return any(t.type == "TERM" and t.value in _PRO_PERSONS for t in subject) and all(
        t.type == "WORD" or (t.type == "TERM" and t.value in _PRO_PERSONS) for t in subject)


def _word(t: Token, value: str | None = None):
    """A plain word's value (or whether it is `value`); None / False for other tokens."""
    if value is None:
        return t.value if t.type == "WORD" else None
    return t.type == "WORD" and t.value == value


def _noun_of_proof(head: Token, before: list[Token]) -> bool:
    """"A showing that the City was negligent is not enough": "showing" after an article is the
    noun, the subject's head, not the verb of proof."""
    return head.type == "VERB" and head.value == "prove" and bool(before) and all(
        t.type == "WORD" and t.value in ("a", "the", "any", "such", "this", "that", "no")
        for t in before)


def promote_predicate(seg: Segment) -> Segment:
    """"Proof that the County was negligent ... does not establish X": the copula of a clause
    inside the subject is not the predicate when a stronger one follows. Likewise "Any liability
    you find on the part of Deputy Smith is chargeable to the County": "you find" is a relative
    clause inside the subject."""
    head = seg.head
    if _noun_of_proof(head, seg.pre):
        # the first predicate after the noun is its "that" clause's own; the sentence's is the next
        at = [i for i, t in enumerate(seg.post) if t.type in PREDICATES][:2]
        if at:
            return Segment(seg.cond, seg.pre + [head] + seg.post[:at[-1]], seg.post[at[-1]],
                           seg.post[at[-1] + 1:], seg.adjunct)
    if head.type == "VERB" and head.value == "be" and seg.pre and seg.pre[0].type == "WORD" \
            and seg.pre[0].value == "whether":
        # "Whether the City is liable does not depend on whether Officer Kent was disciplined":
        # a subject clause opened by "whether" has its own copula and predicate ("is liable");
        # the sentence's predicate is the next one after them
        later = _later_predicate(seg, ("be", "liable", "liable_municipality"), 0)
        if later is not seg:
            return later
    if head.type == "VERB" and head.value == "be":
        return _later_predicate(seg, ("be",), 4)
    if _claim_noun(seg):
        return _later_predicate(seg, (), 0)
    if head.type == "VERB" and head.value == "infer" and len(seg.pre) >= 2 and \
            seg.pre[-1].type == "TERM" and seg.pre[-1].value == "jury":
        return _later_predicate(seg, ("be", "infer"), 2)
    return seg


AGENT_CAUSES = {"policy", "custom", "training", "supervision", "screening", "decision"}
"""What, as the agent of a deprivation ("deprived of her rights by the City's policy"), states
that the municipality's own fault caused it (_passive_agents)."""

_PARTIES = {"plaintiff", "municipality", "defendant", "employee", "jury", "supervisor"}


def _claim_noun(seg: Segment) -> bool:
    """"A failure-to-train claim requires proof that ...": "claim" after an article or after a
    concept that names the claim's kind is the noun, the subject's head, not the verb of a
    party's contention ("The plaintiff claims that ...", "The officers claim that ..."); the
    predicate is the next one, when there is one right after it."""
    head, pre = seg.head, seg.pre
    if head.type != "VERB" or head.value != "claim" or not pre or not seg.post or \
            seg.post[0].type not in PREDICATES:
        return False
    before = pre[-1]
    return (before.type == "WORD" and before.value in ("a", "the", "this", "that", "each")) or \
        (before.type == "TERM" and before.value not in _PARTIES)


def _later_predicate(seg: Segment, weak: tuple[str, ...], gap: int) -> Segment:
    """The segment headed by the first modal or other verb at least `gap` words after its head,
    the head and the words before it joining the subject; unchanged if there is none."""
    later = next((i for i, t in enumerate(seg.post) if t.type == "MODAL" or (
        t.type == "VERB" and t.value not in weak)), None)
    if later is None or later < gap:
        return seg
    return Segment(seg.cond, seg.pre + [seg.head] + seg.post[:later], seg.post[later],
                    seg.post[later + 1:], seg.adjunct)


def _after_modal(post: list[Token]) -> tuple[str, list[Token], list[Token]]:
    """The verb after a modal (a real one before a copula), the words between, the words after."""
    verb_at = next((i for i, t in enumerate(post) if t.type == "VERB" and t.value != "be"),
                   next((i for i, t in enumerate(post) if t.type == "VERB"), None))
    if verb_at is None:  # "cannot put the City on notice": the negation stays with the modal
        lead = next((i for i, t in enumerate(post) if t.type != "NEG"), len(post))
        if lead < len(post) - 1 and post[lead].type == "WORD" and post[lead].value == "have" \
                and _participle(post[lead + 1]):
            # "The City's policymakers must have had notice ...": a perfect after the modal
            # states what must have been so, a required state of affairs, not a thing the
            # subject must do (or prove)
            return "be", post[:lead + 1], post[lead + 1:]
        return "state", post[:lead], post[lead:]
    return post[verb_at].value, post[:verb_at], post[verb_at + 1:]


def _participle(t: Token) -> bool:
    """A past participle after "have" ("had", "been", "known", "adopted"): a perfect, not
    "have" as a verb of possession ("must have adequate training")."""
    return t.type == "WORD" and (
        t.value in ("had", "been", "known", "made", "done", "taken", "given", "seen", "chosen")
        or t.value.endswith("ed"))


def head_predicate(seg: Segment):
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


def split_coordinated(seg: Segment) -> list[Segment]:
    """'... and you may award ...': a second modal in the object starts a second frame."""
    for i, t in enumerate(seg.post):
        if t.type == "MODAL" and i > 0:
            cut = max((j for j in range(i) if seg.post[j].type == "CONJ"), default=None)
            if cut is None:
                return [seg]
            first = Segment(seg.cond, seg.pre, seg.head, seg.post[:cut])
            second = Segment(None, seg.post[cut + 1:i], t, seg.post[i + 1:])
            return [first] + split_coordinated(second)
    return [seg]


_AGAINST_PARTIES = {"employee", "municipality", "defendant", "official", "supervisor"}
_AGAINST_STOPS = {"for", "because", "by", "with", "to", "if", "as"}


def parties_against(toks: list[Token], from_start: bool = False) -> set[int]:
    """"If you find for the plaintiff on his claims against Officer Long and the City, ...": the
    parties named after "against" (or after a verdict phrase that ends in it, "recover against")
    are those the verdict runs against, one beside the other; none is a ground of another's
    liability, as the employee is in "the City is liable for the acts of Officer Long". Returns
    the indices of their TERM tokens in toks (the run ends at the first other concept, predicate
    or "for ..."/"because ...")."""
    start = 0 if from_start else next(
        (i + 1 for i, t in enumerate(toks) if t.type == "WORD" and t.value == "against"), None)
    found: set[int] = set()
    if start is None:
        return found
    for i in range(start, len(toks)):
        t = toks[i]
        if t.type == "TERM" and t.value in _AGAINST_PARTIES:
            found.add(i)
        elif t.type in ("CONJ", "COMMA") or (t.type == "WORD" and t.value not in _AGAINST_STOPS):
            continue
        else:
            break
    return found


def split_at_basis(toks: list[Token]) -> tuple[list[Token], list[Token]]:
    for i, t in enumerate(toks):
        if t.type == "BASIS":
            return toks[:i], toks[i + 1:]
    return toks, []


_DETERMINERS = {"the", "a", "an", "its", "his", "her", "their", "defendant", "plaintiff", "each",
                "any", "that"}


def is_party(toks: list[Token]) -> bool:
    """A party heading the subject makes 'prove'/'establish' a burden ("the City must prove"),
    not sufficiency ("evidence that the County's deputies ... is sufficient to establish")."""
    for t in toks:
        if t.type == "TERM":
            return t.value in {"plaintiff", "municipality", "defendant", "jury", "employee"}
        if not (t.type == "WORD" and t.value in _DETERMINERS):
            return False
    return False
