"""Drafting leftovers: bracketed alternatives and blanks a final charge must not contain.

Pattern instructions mark choices as "[he] [she] [it]" or "[name of defendant]" and leave
blanks ("______"). Brackets that lawyers use for other reasons stay silent: alterations inside
a quoted word ("[t]he"), "[sic]", "[emphasis added]", citations ("[Id.]") and ellipses.
"""

from __future__ import annotations

import re
from typing import NamedTuple

BRACKET = re.compile(r"\[([^\[\]\n]{1,120})\]")
BLANK = re.compile(r"____(?:_*)")
"""Four or more underscores (spelled out, so that re skips to the first one)."""
_NOT_PLACEHOLDER = re.compile(
    r"^(?:sic|emphasis (?:added|supplied|omitted)|citations? omitted|internal quotation marks "
    r"omitted|alteration in original|footnote omitted|id\.?|ibid\.?|\.\.\.|…|\d+|[a-z]|"
    r"[A-Z])$", re.I)
_DRAFTING_NOTE = re.compile(
    r"\b(?:name|names|insert|describe|specify|identify|list)\b|^state\s|^(?:date|number|amount)\b",
    re.I)
"""A bracket that tells the drafter what to fill in ("[name of defendant]", "[specify right]")."""
_ROLE_CHOICE = re.compile(
    r"^(?:(?:he|she|it|his|her|hers|its|they|their|him|them|defendant|defendants|plaintiff|"
    r"plaintiffs|city|county|municipality|officer|officers|employee|employees|official|entity|"
    r"local governing body|right|policy|custom|practice|and|or)(?:'s)?[\s/,]*)+$", re.I)
"""A bracket made only of roles and pronouns to choose among ("[he/she]", "[defendant]",
"[city or county]"). A court's alteration inside a quoted charge adds other words ("[of his
constitutional rights]", "[the City]") and is not a placeholder."""


class Placeholder(NamedTuple):
    start: int
    end: int
    text: str
    choices: tuple[str, ...]


def find(text: str) -> list[Placeholder]:
    """Unresolved placeholders. Adjacent alternatives ("[he] [she] [it]", "[deliberate
    indifference] [gross negligence]") are one choice whatever their words; a lone bracket
    counts when it reads like a description of what to fill in ("[name of defendant]")."""
    groups: list[list[re.Match]] = []
    for m in BRACKET.finditer(text):
        inner = m.group(1).strip()
        attached = (m.start() > 0 and text[m.start() - 1].isalnum()) or \
            (m.end() < len(text) and text[m.end()].isalnum())
        if attached or _NOT_PLACEHOLDER.match(inner):
            continue
        if groups and not text[groups[-1][-1].end():m.start()].strip(" \t"):
            groups[-1].append(m)
        else:
            groups.append([m])
    out = [Placeholder(g[0].start(), g[-1].end(), text[g[0].start():g[-1].end()],
                       tuple(m.group(1).strip() for m in g))
           for g in groups if len(g) > 1 or _lone_placeholder(g[0].group(1).strip())]
    out += [Placeholder(m.start(), m.end(), m.group(), ()) for m in BLANK.finditer(text)
            if not _in_verdict_line(text, m.start())]
    return sorted(out, key=lambda p: p.start)


def _lone_placeholder(inner: str) -> bool:
    """A lone "[and]" or "[or]" is a court's alteration of a quoted charge, or a word the
    pattern makes optional; beside another bracket ("[and] [or]") it is a choice."""
    if inner.lower() in ("and", "or", "and/or"):
        return False
    return bool(_DRAFTING_NOTE.search(inner) or _ROLE_CHOICE.match(inner.replace("\u2019", "'")))


_ANSWER = re.compile(r"\b(?:yes|no)\b|\$", re.I)
_SIGNER = re.compile(r"\b(?:foreperson|foreman|presiding juror|signature|signed|date[d]?)\b", re.I)
_PARTY_CHOICE = re.compile(
    r"^[ \t]*_{4,}[ \t]*(?:the[ \t]+)?(?:plaintiff|defendant)s?\b|\bin favou?r of\W*_{4,}|"
    r"_{4,}[ \t]*\((?:the[ \t]+)?(?:plaintiff|defendant)s?\b", re.I)
"""A party to name or check: "______ Plaintiff", "we find in favor of: ______", "______
(Plaintiff or Defendant)"."""


def _in_verdict_line(text: str, pos: int) -> bool:
    """A blank on a verdict form's answer line (\"____ Yes ____ No\", \"$______\") is for the jury,
    as is a party to check (\"______ Plaintiff    ______ Defendant City\") and a signature line
    of blanks alone above \"Foreperson\". (Every blank of a section headed as a verdict form is
    the jury's too: analysis.py leaves those out; these lines catch forms without a heading.)"""
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    if _ANSWER.search(line) or _SIGNER.search(line) or _PARTY_CHOICE.search(line):
        return True
    if line.strip(" \t_"):
        return False
    following = text[line_end + 1:].lstrip("\n").split("\n", 1)[0] if line_end >= 0 else ""
    return bool(_SIGNER.search(following))


def readings(text: str) -> list[str]:
    """The charge as read with the k-th choice of every bracketed alternative (the last one
    where a group has fewer), other choices blanked with spaces so every offset still holds.
    A charge without alternatives has one reading: itself."""
    groups = [p for p in find(text) if len(p.choices) > 1]
    if not groups:
        return [text]
    out = []
    for k in range(max(len(g.choices) for g in groups)):
        chars = list(text)
        for g in groups:
            keep = min(k, len(g.choices) - 1)
            for n, m in enumerate(BRACKET.finditer(text, g.start, g.end)):
                chars[m.start()] = chars[m.end() - 1] = " "
                if n != keep:
                    chars[m.start():m.end()] = " " * (m.end() - m.start())
        out.append("".join(chars))
    return out
