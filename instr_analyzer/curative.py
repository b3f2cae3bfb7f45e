"""Model curative language in the charge's own terms.

A rule's curative text (rules/*.toml) is a model instruction. It names the parties by
placeholders, filled here from the charge it is offered for, so that a County's charge is not
told what "the City" must prove and an instruction about Officer Renner is not rewritten about
an "Officer Smith" who is not in the case:

  {entity}   the local government's noun as the charge uses it ("City", "County",
             "School District"); "City" when the charge names none
  {officer}  the officer the finding's instruction names most often ("Officer Renner",
             "Deputy Pike"), else the charge's; "[the officer]" when none is named
  {official} the official named in the finding's sentence or instruction ("Chief Hall",
             "Sheriff Dunn"); "[the official]" when none is named

The names are read, not inferred: where the charge does not name one, the bracket tells the
drafter what to fill in (and DR01 would flag it if pasted unfilled).
"""

from __future__ import annotations

import re
from collections import Counter

PLACEHOLDERS = ("entity", "officer", "official")
_ENTITY = re.compile(r"(City|County|Town|Township|Village|Borough|Parish|School District|"
                     r"Housing Authority|Municipality)\b")
_ENTITY_BEFORE = re.compile(r"the|The|defendant|Defendant|[A-Z][a-z]+")
"""The local government itself, after a determiner or a capitalized word ("the County", "Alder
County") ..."""
_BODY = re.compile(r"(?:the|The|defendant|Defendant)\s+(District|Board of Education|Board|"
                   r"Authority|Department|Sheriff's Office|Sheriff's Department)\b")
"""... or, where the charge names none, the body sued ("the District", "the Board")."""
_NAME = r"\s+(?:[A-Z]\.\s+)?[A-Z][A-Za-z'\u2019-]+(?:[ \t]+[A-Z][A-Za-z'\u2019-]+)?"
_OFFICER = re.compile(r"(?:Correctional Officer|Officer|Deputy Sheriff|Deputy|Sergeant|Sgt\.|"
                      r"Trooper|Detective|Lieutenant|Lt\.|Corporal|Agent|Jailer|Guard|Patrolman|"
                      r"Patrolwoman)" + _NAME)
_OFFICIAL = re.compile(r"(?:Chief of Police|Police Chief|Police Commissioner|Chief|Sheriff|"
                       r"Commissioner|Mayor|Superintendent|Director|Warden|City Manager|"
                       r"District Attorney)" + _NAME)
"""Each pattern is matched only where a word starts (_starts_word; not a "Deputy Chief"'s
official): a pattern that begins with a word boundary is tried at every character of the
charge, one that begins with a word at the few places that word's letters stand."""
_NOT_NAMES = frozenset({"The", "A", "An", "Of", "In", "On", "And", "Or", "If", "To", "Who"})
_FIELD = re.compile(r"\{(\w+)\}")


def placeholders_in(template: str) -> set[str]:
    """The placeholders a curative text uses (rulebook.py refuses unknown ones)."""
    return set(_FIELD.findall(template))


class Names:
    """The names one charge gives its parties, each text read once however many findings it
    holds (a charge may have hundreds, and its text is long); made per analysis, so that no
    charge's text outlives it."""

    def __init__(self, charge: str) -> None:
        self.charge = charge
        self._read: dict[tuple[int, str], str | None] = {}

    def fill(self, template: str, instruction: str, sentence: str) -> str:
        """The curative text for one finding: `instruction` and `sentence` are the texts of
        the finding's instruction and sentence (the charge's names serve when they name none)."""
        if "{" not in template:
            return template
        charge = self.charge

        def value(field: str) -> str:
            if field == "entity":
                return self._first("entity", instruction, charge) \
                    or self._first("body", instruction, charge) or "City"
            if field == "officer":
                return self._first("officer", instruction, charge) or "[the officer]"
            return self._first("official", sentence, instruction) or "[the official]"

        values = {f: value(f) for f in placeholders_in(template) if f in PLACEHOLDERS}
        return _FIELD.sub(lambda m: values.get(m.group(1), m.group(0)), template)

    def _first(self, kind: str, *texts: str) -> str | None:
        """What the first text that names one of this kind names."""
        for text in texts:
            key = (id(text), kind)  # the texts live as long as this analysis
            if key not in self._read:
                self._read[key] = _most_common(kind, text) if text else None
            if self._read[key]:
                return self._read[key]
        return None


_PERSONS = {"officer": _OFFICER, "official": _OFFICIAL}


def example(template: str) -> str:
    """The text as `instr explain` shows it, with no charge to read names from."""
    return Names("").fill(template, "", "")


def _most_common(kind: str, text: str) -> str | None:
    """The person (a title and a name, counted by surname) or noun (entity, body) of this kind
    the text names most often (ties: the first named)."""
    name = kind in _PERSONS
    found = [f for f in _found(kind, text) if f]
    if not found:
        return None
    key = (lambda f: f.split()[-1]) if name else (lambda f: f)
    counts = Counter(map(key, found))
    top = max(found, key=lambda f: (counts[key(f)], -found.index(f)))
    # the shortest form the charge uses ("Deputy Pike", not "Deputy Sheriff Aaron Pike")
    return min((f for f in found if key(f) == key(top)), key=lambda f: (len(f), found.index(f)))


def _found(kind: str, text: str):
    """Each name of this kind in the text, in order."""
    if kind == "entity":  # a noun after a word and a space: read them back from the noun
        end = 0
        for m in _ENTITY.finditer(text):
            space = m.start()
            while space and text[space - 1].isspace():
                space -= 1
            start = space
            while start and (text[start - 1].isalnum() or text[start - 1] == "_"):
                start -= 1
            if space < m.start() and start >= end and \
                    _ENTITY_BEFORE.fullmatch(text, start, space):
                end = m.end()
                yield m.group(1)
        return
    pattern = _BODY if kind == "body" else _PERSONS[kind]
    at = 0
    while (m := pattern.search(text, at)) is not None:
        if not _starts_word(text, m.start()) or (
                kind == "official" and text.endswith("Deputy ", 0, m.start())):
            at = m.start() + 1
            continue
        at = m.end()
        yield m.group(1) if kind == "body" else _trim(m.group())


def _starts_word(text: str, at: int) -> bool:
    return at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_")


def _trim(name: str) -> str:
    """"Officer Renner" from "Officer Renner The" (a second capitalized word may start the next
    clause); "" when no name is left ("Officer The")."""
    words = name.split()
    while words and words[-1] in _NOT_NAMES:
        words.pop()
    return " ".join(words) if len(words) > 1 else ""
