"""The logical form in plain words: what a frame told the jury, as a lawyer would say it.

An S-expression is exact but a brief is written in English. This module turns one Frame
(deontic, predicate kind, roles) into one sentence ("The jury was permitted to infer the
city's inadequate training ... from a single incident"). It reads only the frame, never the
charge's words, so the sentence shows what the analyzer understood; the S-expression is
printed beside it for anyone who wants to check the reading. Concept names map to words
through plain_vocab.WORDS (data, not code): adding a concept to the lexicon means adding a
line there.
"""

from __future__ import annotations

from .plain_vocab import ACTORS, phrase

_COND = {"if": "if", "only_if": "only if", "unless": "unless", "even_if": "even if"}
_PARTIES = ACTORS | {"plaintiff", "jury", "municipality"}
_PROVERS = ("plaintiff", "municipality", "defendant")


def _names(mentions) -> list[str]:
    return [m.concept for m in mentions]


_LEAD = {
    "infer": {"permit": "was permitted to infer", "prohibit": "was told it may not infer",
              "require": "was required to find", "assert": "was asked to find",
              "deny": "was told not to find"},
    "treat": {"permit": "was permitted to treat", "prohibit": "was told it may not treat",
              "require": "was required to treat", "assert": "was told to treat",
              "deny": "was told not to treat"},
    "award": {"permit": "was permitted to award", "prohibit": "was told it may not award",
              "require": "was required to award", "assert": "was told to award",
              "deny": "was told not to award"},
    "liable": {"permit": "was permitted to hold the {m} liable",
               "prohibit": "was told it may not hold the {m} liable",
               "require": "was required to hold the {m} liable",
               "assert": "was told that the {m} is liable",
               "deny": "was told that the {m} is not liable"},
}
"""Deontic x predicate -> what the jury was told to do. The deontic is after negation."""


def describe(frame, muni: str = "municipality", question: bool = False) -> str:
    """One sentence: what this frame told the jury (deontic, predicate, roles, conditions)."""
    d, k = frame.deontic, frame.kind
    subj, obj, basis = _names(frame.subject), _names(frame.object), _names(frame.basis)
    neutral = "adequacy" in subj + obj + basis
    if k == "suffice" and subj and all(c in _PROVERS for c in subj):  # "The City must prove"
        k, basis = "prove", [c for c in basis if c not in subj]
        subj = [c for c in subj if c in _PROVERS]
    what = phrase(obj, muni, neutral=neutral)
    denied = [c for c in obj if c in frame.negated_terms]
    if denied and k in ("prove", "state"):  # "must prove that its policy did not cause ..."
        kept = [c for c in obj if c not in denied]
        held = phrase([c for c in kept if c != "incident" or len(kept) == 1], muni, "noun",
                      neutral)
        what = f"that {held} was not {phrase(denied, muni, neutral=neutral)}" if held else \
            f"the absence of {phrase(denied, muni, neutral=neutral)}"
    grounds = phrase([c for c in basis if c != "jury"], muni, "grounds", neutral)
    only = " solely" if frame.sole else ""
    frm = f"{only} from {grounds}" if grounds else ""
    party = phrase(subj, muni, "noun", neutral) or ("the plaintiff" if k == "prove" else "it")
    waived = any(c in ("dispense", "unnecessary") for c in subj + obj)
    if k == "suffice" and d in ("assert", "deny", "require"):
        verb = "is not needed" if waived else {
            "assert": "is enough", "deny": "is not enough", "require": "must be shown"}[d]
        alone = " alone" if frame.sole else ""
        subject = grounds or (f"a showing of {what}" if what else "it")
        text = f"The jury was told that {subject}{alone} {verb}" + \
            (f" to prove {what}" if grounds and what else "")
    elif k in ("suffice", "infer", "consider"):
        text = f"The jury {_LEAD['infer'][d]} {what or 'the matter'}{frm}"
    elif k == "treat":
        treated = phrase(subj, muni, "grounds")
        rest = phrase([c for c in basis if c not in subj], muni, "grounds") if treated else ""
        text = f"The jury {_LEAD['treat'][d]} {treated or grounds} as {what}" + \
            (f" on the basis of {rest}" if rest else "")
    elif k == "prove":
        modal = "need not prove" if waived or d == "prohibit" else {
            "require": "must prove", "permit": "may prove", "assert": "proves",
            "deny": "has not proved"}[d]
        rest = [c for c in basis if c not in subj and c not in ("plaintiff", "jury", "defendant")]
        shown = phrase(rest, muni, "grounds", neutral) if set(rest) - _PARTIES else ""
        text = f"The jury was told that {party} {modal} {_its(what, muni, party)}" + \
            (f" by showing {shown}" if shown else "")
    elif k == "liable":
        lead = f"was asked whether the {muni} is liable" if question else _LEAD["liable"][d]
        rest = _its(phrase([c for c in obj if c not in ("municipality", "jury")], muni), muni)
        based = f" based{only} on {grounds}" if grounds else ""
        text = f"The jury {lead.format(m=muni)}" + (f" for {rest}" if rest else "") + based
    elif k == "define":
        text = f"The jury was told that {phrase(subj, muni, 'noun')} means " \
               f"{phrase(obj, muni, 'noun')}"
    elif k == "award":
        damages = [c for c in subj + obj if c.endswith("_damages")]
        against = phrase([c for c in obj if c in ACTORS or c == "municipality"], muni, "noun")
        text = f"The jury {_LEAD['award'][d]} {phrase(damages, muni) or 'damages'}" + \
            (f" against {against}" if against else "")
    elif k == "acquit_municipality":
        verb = "was permitted to" if d == "permit" else "was told to"
        text = f"The jury {verb} find for the {muni}"
    elif k == "question":
        text = f"The jury was asked to decide a question about {phrase(obj, muni, 'noun')}"
    elif k == "claim":
        modal = {"permit": "may claim", "prohibit": "may not claim", "require": "must claim",
                 "deny": "does not claim"}.get(d)
        text = f"The jury was told that {party} {modal} {what}" if modal else \
            f"The jury was told of the plaintiff's claim concerning {what or 'the defendant'}"
        text += f", based on {grounds}" if grounds and not modal else ""
    else:  # be, state and other copular or reporting predicates
        verb = {"permit": "may be", "require": "must be", "prohibit": "may not be",
                "assert": "is", "deny": "is not"}[d]
        if k == "state":
            verb = {"require": "must prove", "permit": "is entitled to",
                    "prohibit": "is not entitled to", "deny": "does not have"}.get(d, "has")
        what = "adequate" if obj == ["adequacy"] else what
        text = f"The jury was told that {party} {verb} {_its(what, muni, party)}" if what \
            else f"The jury was told a fact about {party}"
    return text + _conditions(frame, muni) + "."


def _conditions(frame, muni: str) -> str:
    out = []
    for c in frame.conditions:
        f = c.frame
        names = _names(f.subject + f.object + f.basis) if f else _names(c.mentions)
        if all(n in _PARTIES for n in names) or names == ["incident"]:
            continue  # "if he struck the plaintiff": nothing of the doctrine to say
        words = f"the {muni} liable" if f is not None and f.kind == "liable" else \
            phrase(names, muni, "noun")
        out.append(f"{_COND.get(c.kind, c.kind)} it found {words}")
    return (" " + ", and ".join(out)) if out else ""


def _its(words: str, muni: str, party: str = "") -> str:
    """'the city is liable for its training', not 'for the city's training'."""
    return words.replace(f"the {muni}'s ", "its ") if party in ("", f"the {muni}") else words


def describe_sentence(sentence, frame=None, muni: str = "municipality") -> str:
    """The sentence's reading in words; for a list item or an unread sentence, say which."""
    if frame is not None:
        return describe(frame, muni, sentence.text.rstrip().endswith("?"))
    if not sentence.analyzed:
        return ("The analyzer could not read this sentence into a logical form; "
                "read it by hand.")
    names = _names(sentence.mentions)
    return "The jury was told, as one element of a list, that the plaintiff must prove " \
           f"{phrase(names, muni, 'noun') or 'an element'}."
