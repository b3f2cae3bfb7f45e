"""Drafting leftovers: bracketed alternatives and blanks a final charge must not contain.

Pattern instructions mark choices as "[he] [she] [it]" or "[name of defendant]" and leave
blanks ("______"). Brackets that lawyers use for other reasons stay silent: alterations inside
a quoted word ("[t]he"), "[sic]", "[emphasis added]", citations ("[Id.]") and ellipses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BRACKET = re.compile(r"\[([^\[\]\n]{1,120})\]")
BLANK = re.compile(r"_{4,}")
_NOT_PLACEHOLDER = re.compile(
    r"^(?:sic|emphasis (?:added|supplied|omitted)|citations? omitted|internal quotation marks "
    r"omitted|alteration in original|footnote omitted|id\.?|ibid\.?|\.\.\.|…|\d+|[a-z]|"
    r"[A-Z])$", re.I)
_PLACEHOLDER_WORD = re.compile(
    r"\b(?:name|insert|describe|specify|identify|state|he|she|it|his|her|its|they|their|him|"
    r"them|defendant|plaintiff|city|county|municipality|officer|employee|official|"
    r"local governing body|entity|date|number|amount|right|policy|custom|practice|"
    r"and|or)\b", re.I)


@dataclass(frozen=True)
class Placeholder:
    start: int
    end: int
    text: str
    choices: tuple[str, ...]


def find(text: str) -> list[Placeholder]:
    """Unresolved placeholders, with runs of adjacent alternatives grouped as one choice."""
    out: list[Placeholder] = []
    for m in BRACKET.finditer(text):
        inner = m.group(1).strip()
        attached = (m.start() > 0 and text[m.start() - 1].isalnum()) or \
            (m.end() < len(text) and text[m.end()].isalnum())
        if attached or _NOT_PLACEHOLDER.match(inner) or not _PLACEHOLDER_WORD.search(inner):
            continue
        prev = out[-1] if out else None
        if prev and not text[prev.end:m.start()].strip(" \t"):  # "[he] [she] [it]"
            out[-1] = Placeholder(prev.start, m.end(), text[prev.start:m.end()],
                                  prev.choices + (inner,))
        else:
            out.append(Placeholder(m.start(), m.end(), m.group(), (inner,)))
    out += [Placeholder(m.start(), m.end(), m.group(), ()) for m in BLANK.finditer(text)
            if not _in_verdict_line(text, m.start())]
    return sorted(out, key=lambda p: p.start)


def _in_verdict_line(text: str, pos: int) -> bool:
    """A blank on a verdict form's answer line (\"____ Yes ____ No\", \"$______\") is for the jury."""
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    return bool(re.search(r"\b(?:yes|no|foreperson|date[d]?|signature|signed|presiding juror)\b|\$",
                          line, re.I))
