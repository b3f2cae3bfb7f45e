"""Segmenting a charge: instructions, paragraphs, sentences and element-list items, with spans.

Real charges mark instructions with headings ("Instruction No. 12", "INSTRUCTION 9.5"), list
elements with numbers, letters or ordinals ("First, ..."), and follow pattern instructions with
"Comment" or "Authority" notes that are not read to the jury. Every unit keeps its span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from .lexicon import LINE_BREAK_HYPHEN
from .spans import LineIndex, Span

_HEAD = r"^[ \t]*(?:#+[ \t]*)?"
INSTRUCTION_HEADING = re.compile(
    _HEAD + r"(?:(?:(?-i:[A-Z][\w.'\u2019]*)[ \t]+){1,3}(?=(?:pattern|model)[ \t]))?"
    r"(?:(?:final|preliminary|court'?s|jury|proposed|plaintiff'?s|defendant'?s|"
    r"modified|model|pattern|civil)[ \t]+)*(?:jury[ \t]+)?(?:instruction|charge)[ \t]*"
    r"(?:no\.?|number|#)?[ \t]*[0-9][\w.\-]*\b.*$", re.I | re.M)
"""Also a pattern instruction's name with its source before it: "Illinois Pattern Jury
Instruction 50.01", "Seventh Circuit Pattern Civil Jury Instruction 7.24"."""
NUMBERED_TITLE = re.compile(r"^[ \t]*\d{1,2}(?:\.\d{1,3}){1,3}[A-Za-z]?[ \t]+(?=\S)")
"""A section number and a title on a line of their own, as the circuits' pattern books print
them ("7.24 Liability of Municipality", "4.6.3 Section 1983 - Municipalities"): a heading
when the rest of the line is a title (_is_title). A list item's number ("1. The ...") has no
digit after its dot."""
VERDICT_HEADING = re.compile(
    _HEAD + r"(?:jury[ \t]+)?(?:special[ \t]+)?(?:general[ \t]+)?(?:verdict(?:[ \t]+form)?|"
    r"(?:special[ \t]+)?interrogator(?:y|ies)(?:[ \t]+to[ \t]+the[ \t]+jury)?)[ \t]*:?[ \t]*$",
    re.I | re.M)
VERDICT_TITLED = re.compile(
    _HEAD + r"(?:jury[ \t]+)?(?:special[ \t]+)?(?:general[ \t]+)?verdict(?:[ \t]+form)?"
    r"[ \t]*[-\u2013\u2014:][ \t]*(?=\S)", re.I)
"""A verdict form's heading with a title after a dash or colon ("Verdict Form \u2013 Claims
Against the City", "SPECIAL VERDICT FORM: SECTION 1983 CLAIM"): a heading when the rest of
the line is a title (_is_title)."""
COMMENT_HEADING = re.compile(
    _HEAD + r"(?:comments?|committee[ \t]+comments?|authorit(?:y|ies)|notes?[ \t]+on[ \t]+use|"
    r"use[ \t]+notes?|sources?(?:[ \t]+and[ \t]+authorities)?|commentary|"
    r"authorities[ \t]+and[ \t]+comments?)[ \t]*:?[ \t]*$", re.I | re.M)
LIST_MARKER = re.compile(
    r"^[ \t]*(?:\(?\d{1,2}[.)]|\(?[a-hA-H][.)]|(?-i:(?:i|ii|iii|iv|vi|vii|viii|ix)[.)])|\((?:i|ii|iii|iv|v|vi|vii|viii|ix|x)\)|[-*\u2022]"
    r"|(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)[ \t]*[,:]"
    r"|(?:element[ \t]+(?:one|two|three|four|five|\d+))[ \t]*[,:.])[ \t]+", re.I)
INLINE_ITEM = re.compile(r"(?:(?:and|or)\s+)?(?:\((?:\d{1,2}|[a-h]|i{1,3}|iv|v|vi)\)|"
                         r"\d\.(?=[ \t]+that\s)|"
                         r"(?:first|second|third|fourth|fifth|sixth)\s*,)\s+", re.I)
"""An element numbered inside a paragraph: "must prove: (1) that ...; (2) that ...; and (3) ...",
or with bare numbers, "must prove: 1. that ...; 2. that ..." (a bare number only before "that",
so that a sentence that merely starts with a number is not taken for an element)."""
ABBREVIATIONS = frozenset(
    "u.s u.s.c v vs id no nos e.g i.e inc co corp dept cir f app supp s.ct l.ed ed cf art sec "
    "mr mrs ms dr st jr sr j jj p pp n nn ch para cl ann stat rev gen cal ill tex mass pa fla "
    "ga la md mo n.y n.j ok okla al ala ariz ark colo conn del wash wis mich minn miss neb nev "
    "ore tenn va vt w.va ky kan ind iowa me mont n.c n.d n.m s.c s.d wyo utah haw alaska "
    "approx etc al dist ct amend const gov gov't civ proc evid crim admin mun ord reg regs "
    "subd".split())
_LAST_WORD = re.compile(r"([\w.]+)$")
_INTRODUCES_LIST = re.compile(
    r"\b(?:the\s+following|as\s+follows|(?:two|three|four|five|six|2|3|4|5|6)\s+(?:things|elements|"
    r"facts|propositions|requirements))\b")
"""A sentence that announces a list: "... must prove the following:" or, in prose, "... must
prove three things by a preponderance of the evidence. First, that ... Second, that ...".
Searched in lower case: re is slower with re.I."""

_FIRST_ITEM = r"[ \t]+\(1\)[ \t]+"
_FIRST_AFTER_THAT = re.compile(_FIRST_ITEM)
"""What follows a lead cut at "that" before its first inline element ("... that (1) ...")."""
_THAT_ITEM = re.compile(r"(?:(?:and|or)\s+)?that\s", re.I)
"""An element given as a bare "that" clause after a list's colon: "the following facts are
proved: that ...; that ...; and that ..."."""
_INLINE_FIRST = re.compile(r",(?=[ \t]+\((?:1|a|i)\)[ \t]+)|\bthat(?=" + _FIRST_ITEM + ")")
"""A comma before a first inline element: "the plaintiff must show, by a preponderance of the
evidence, (1) that ...; (2) that ..." (no colon announces the list), or the "that" before a first
element: "the plaintiff must prove by a preponderance of the evidence that (1) ...; (2) ..."."""
_TRAILING_CONJUNCTION = re.compile(r"[ \t]*(?:and|or)(?=[ \t]*\r?\n)", re.I)
_ENDS_SENTENCE = re.compile(r"[.!?][\"'\u201d\u2019)]*\s*$")
_STARTS_SENTENCE = re.compile(r"\s*[\"'\u201c\u2018(]?[A-Z]")
_SENTENCE_END = re.compile(
    r"[.!?;:][.!?;:]*[\"'\u201d\u2019)\]]*(?:\d{1,3}|[\u00b9\u00b2\u00b3\u2070-\u2079]{1,3})?"
    r"(?=\s|$)")
"""Sentence end, with a footnote number stuck to it as PDFs paste them ("policy.12 The").
(It starts with a plain character class, not a repeat, so that re skips to the next
punctuation mark instead of trying the pattern at every character.)"""
PAGE_LINE = re.compile(r"^[ \t]*(?:page[ \t]+\d+(?:[ \t]+of[ \t]+\d+)?|-?[ \t]*\d{1,4}[ \t]*-?|"
                       r"case[ \t]+\d+:\d+-\w+-\d+\b.*)[ \t]*$", re.I)
"""A page header or footer left in text pasted from a PDF: not part of any paragraph."""


class Unit(NamedTuple):
    """A sentence (or list item) of a charge: the smallest piece the grammar reads."""

    id: str
    instruction: int
    text: str
    span: Span
    item: bool = False
    lead: str | None = None
    """For a list item: the id of the sentence that introduces the list."""
    announces: bool = False
    """It ends in ":" (or in the comma before an inline "(1)"): what follows may be its list."""


@dataclass
class Instruction:
    """One numbered instruction, or the verdict form, of a charge."""

    index: int
    title: str
    span: Span
    kind: str = "instruction"  # instruction | verdict
    units: list[Unit] = field(default_factory=list)
    subtitles: list[str] = field(default_factory=list)
    """Paragraphs that are only a title ("Title VII - Hostile Work Environment"): not read as
    sentences, but they name the claim the instruction charges."""
    title_concepts: tuple[str, ...] = ()
    """The concepts its title and subtitles name (analysis.py reads them with the lexicon)."""


_HEADING_KINDS = (("instruction", INSTRUCTION_HEADING), ("verdict", VERDICT_HEADING),
                  ("comment", COMMENT_HEADING))


def headings(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, title) of each heading line. Headings are short lines, so only
    those are tried: the patterns stay fast on a file of very long lines."""
    marks = []
    pos = 0
    for line in text.split("\n"):
        if marks and marks[-1][1] == pos - 1 and marks[-1][2] == "instruction" and \
                _is_title(line, numbered=True) and not PAGE_LINE.match(line) and \
                not marks[-1][3].rstrip().endswith((".", ":", ";")):
            s0, _, k, t = marks[-1]  # a long heading wrapped onto a title-case line
            marks[-1] = (s0, pos + len(line.rstrip()), k, t + " " + line.strip())
            pos += len(line) + 1
            continue
        if len(line) <= 300 and line.strip():
            for kind, pattern in _HEADING_KINDS:
                m = pattern.match(line)
                if m:
                    marks.append((pos + m.start(), pos + m.end(), kind, m.group().strip()))
                    break
            else:
                m = VERDICT_TITLED.match(line)
                if m and _is_title(line[m.end():]):
                    marks.append((pos + m.start(), pos + len(line.rstrip()), "verdict",
                                  line.strip()))
                    pos += len(line) + 1
                    continue
                m = NUMBERED_TITLE.match(line)
                if m and _is_title(line[m.end():], numbered=True):
                    end = pos + len(line.rstrip())
                    marks.append((pos + m.start(), end, "instruction", line.strip()))
        pos += len(line) + 1
    return marks


def split_charge(text: str, index: LineIndex | None = None) -> list[Instruction]:
    """Split a charge into instructions; text before the first heading is instruction 1."""
    index = index or LineIndex(text)
    marks = headings(text)
    sections: list[tuple[int, int, str, str]] = []
    pos, kind, title = 0, "instruction", ""
    for start, end, next_kind, next_title in marks:
        if start < pos:
            continue
        sections.append((pos, start, kind, title))
        pos, kind, title = end, next_kind, next_title.lstrip("#").strip()
    sections.append((pos, len(text), kind, title))

    instructions: list[Instruction] = []
    for start, end, kind, title in sections:
        if kind == "comment" or (not text[start:end].strip() and not title):
            continue  # commentary is for the judge and lawyers, not the jury
        n = len(instructions) + 1
        inst = Instruction(n, title or f"Instruction {n}", index.span(start, max(end, start + 1)),
                           kind)
        inst.units = _units(text, start, end, n, index, kind == "instruction", inst.subtitles)
        instructions.append(inst)
    return instructions


_QUESTION_LINE = re.compile(r"[ \t]*(?:question|interrogatory)[ \t]+(?:no\.[ \t]*)?\d+[ \t]*[:.]",
                            re.IGNORECASE)
"""A numbered question of a verdict form ("Question 2:", "Interrogatory No. 3.")."""


def _blocks(text: str, start: int, end: int):
    """Paragraphs and list items: (start, end, is_item) ranges, split at blank or marked lines."""
    block_start = None
    block_item = False
    first_end = -1
    pos = start
    prev = ""
    for line in text[start:end].splitlines(keepends=True):
        line_start, pos = pos, pos + len(line)
        if not line.strip():
            if block_start is not None:
                yield block_start, line_start, block_item
            block_start = None
            continue
        if PAGE_LINE.match(line):
            continue  # neither ends nor starts a paragraph
        marker = LIST_MARKER.match(line)
        unmarked = not marker and _unmarked_item(prev, line)
        prev = line
        if unmarked and block_start is not None:
            yield block_start, line_start, block_item
            block_start, block_item, first_end = line_start, True, pos
            continue
        # A verdict form's next question ("Yes ___ No ___" closes the one above it): a new
        # paragraph, so its sentence does not start at the blanks of the line before.
        if not marker and block_start is not None and _QUESTION_LINE.match(line):
            yield block_start, line_start, block_item
            block_start, block_item, first_end = line_start, False, pos
            continue
        # A title line ("Section 1983 — Claim Against the City") directly above its text.
        if not marker and line_start == first_end and not block_item and \
                _is_title(text[block_start:line_start]) and _STARTS_SENTENCE.match(line):
            yield block_start, line_start, block_item
            block_start, block_item, first_end = line_start, False, pos
            continue
        # Text pasted from the web often has no blank line between paragraphs: a line that
        # starts a new sentence after one that ended a list item starts a new paragraph.
        if not marker and block_start is not None and block_item and \
                _ENDS_SENTENCE.search(text[block_start:line_start]) and \
                _STARTS_SENTENCE.match(line):
            yield block_start, line_start, block_item
            block_start, block_item, first_end = line_start, False, pos
            continue
        if marker or block_start is None:
            if block_start is not None:
                yield block_start, line_start, block_item
            block_start = line_start + (marker.end() if marker else 0)
            block_item = bool(marker) or unmarked
            first_end = pos  # where the block's first line ends (a title is one line)
    if block_start is not None:
        yield block_start, end, block_item


def _mask_page_lines(body: str) -> str:
    """A page header or footer inside a sentence ("...policy of\nPage 12 of 40\nusing...")
    becomes spaces: not words of the sentence (same length, so offsets stay)."""
    if "\n" not in body:
        return body
    lines = body.split("\n")
    return "\n".join(" " * len(ln) if 0 < i < len(lines) - 1 and PAGE_LINE.match(ln) else ln
                     for i, ln in enumerate(lines))


_TITLE_WORD = re.compile(r"[A-Za-z][\w'\u2019-]*")
_MINOR = frozenset("a an and as at by for from in of on or the to under v vs with".split())


def _is_title(block: str, numbered: bool = False) -> bool:
    """One short line in title case without closing punctuation: a sub-heading. A numbered
    one may be longer: the Ninth Circuit's "9.5 Section 1983 Claim Against Local Governing Body
    Defendants Based on Official Policy, Practice, or Custom—Elements and Burden of Proof"."""
    line = block.strip()
    if "\n" in line or not line or len(line) > (160 if numbered else 90) or \
            line[-1] in ".,;:!?-" or line.endswith(("\u201d", "'", '"')):
        return False
    words = _TITLE_WORD.findall(line)
    major = [w for w in words if w.lower() not in _MINOR]
    return 0 < len(words) <= (24 if numbered else 14) and bool(major) and \
        all(w[0].isupper() for w in major)


def _introduces_list(body: str) -> bool:
    lower = body.lower()
    if "-" in lower and "\n" in lower:  # "three propos-\nitions"
        lower = LINE_BREAK_HYPHEN.sub("", lower)
    # A word the pattern needs, tested first and plainly: this runs on every sentence.
    return ("follow" in lower or "thing" in lower or "element" in lower or "fact" in lower or
            "proposition" in lower or "requirement" in lower) and \
        _INTRODUCES_LIST.search(lower) is not None


_CLOSES_ITEM = re.compile(r";(?:[ \t]*(?:and|or))?$", re.I)


def _closes_item(line: str) -> bool:
    """Ends in ";", "; or" or "; and" (only the line's last characters are searched)."""
    return _CLOSES_ITEM.search(line.rstrip()[-8:]) is not None


def _unmarked_item(prev: str, line: str) -> bool:
    """An alternative or element on a line of its own without a number ("“Official policy”
    means:" / "A rule or regulation approved by the city’s legislative body; or" / ...): it
    follows a line ending in ":" or ";" and itself ends in ";" (the last one may end in ".")."""
    if prev.rstrip().endswith(":"):
        return _closes_item(line)
    return _closes_item(prev) and (_closes_item(line) or line.rstrip().endswith("."))


def _word_before(text: str, lo: int, hi: int) -> str:
    """The word that ends at hi, lower case, without its dots ("u.s" for "U.S."), looked for
    from lo on: 40 characters hold any abbreviation, and searching the whole sentence for a
    "$"-anchored word made long sentences quadratic. Most words are plain letters after a
    space, found without a regex."""
    space = text.rfind(" ", lo, hi)
    word = text[space + 1 if space >= 0 else lo:hi]
    if word.isalnum():
        return word.lower()
    found = _LAST_WORD.search(text, lo, hi)
    return found.group(1).lower().rstrip(".") if found else ""


_ANSWER_BLANKS = re.compile(r"(?:[ \t]*(?:yes|no|_{2,}|\(\s*\)|\[\s*\]))+[ \t]*(?=\r?\n|$)",
                            re.IGNORECASE)
"""A verdict question's answer blanks after its "?" ("Yes ___ No ___")."""


def _sentences(text: str, start: int, end: int):
    """Sentence ranges in text[start:end], not splitting after abbreviations like U.S. or v."""
    pos = start
    ends = _SENTENCE_END.finditer(text, start, end)
    # (a first inline element is always parenthesized: most paragraphs are spared the search)
    first = _INLINE_FIRST.search(text, start, end) if text.find("(", start, end) >= 0 else None
    if first is not None:  # a list announced by a comma: the comma ends the lead sentence
        ends = sorted([*ends, first], key=lambda m: m.start())
    for m in ends:
        stop = m.end()
        punct = text[m.start()]
        if punct == ".":
            prev = _word_before(text, max(pos, m.start() - 40), m.start())
            after = text[stop:stop + 3].lstrip()
            if prev in ABBREVIATIONS or (len(prev) == 1 and prev.isalpha()) or prev.endswith(
                    "\u00a7") or (after[:1].islower()) or prev.isdecimal() and \
                    text[max(start, m.start() - 6):m.start()].find("\u00a7") >= 0 and \
                    not _STARTS_SENTENCE.match(after):
                # (a section's number ends the sentence when one starts after it: "... under
                # 42 U.S.C. § 1983. The City ...")
                continue
        if punct == ":" and not text[stop:end].strip().startswith(("\n",)) and \
                text[stop:end].strip() and not re.match(r"\s*\n", text[stop:end]) and \
                not INLINE_ITEM.match(text[stop:end].lstrip()) and \
                not (_THAT_ITEM.match(text[stop:end].lstrip()) and
                     _introduces_list(_mask_page_lines(text[pos:m.start()]))):
            continue  # a colon inside a line ("as follows: the ...") does not end a sentence
        if punct == ";" and text[stop:end].strip().lower() in ("and", "or", ""):
            continue  # "...; and" closing a list item stays with the item
        if punct == ";":
            tail = _TRAILING_CONJUNCTION.match(text, stop, end)
            stop = tail.end() if tail else stop  # "...legislative body; or" ends its line
            yield pos, stop
            pos = stop
            continue
        if punct == "?" and (blanks := _ANSWER_BLANKS.match(text, stop, end)):
            # "... lawful? Yes ___ No ___": the answer blanks are a unit of their own, so the
            # next line's sentence does not start with them (nor read their "No")
            if text[pos:stop].strip():
                yield pos, stop
            yield stop, blanks.end()
            pos = blanks.end()
            continue
        if text[pos:stop].strip():
            yield pos, stop
        pos = stop
    if text[pos:end].strip():
        yield pos, end


def _units(text: str, start: int, end: int, n: int, index: LineIndex,
           titled: bool = True, subtitles: list[str] | None = None) -> list[Unit]:
    """`titled`: a paragraph that is only a title ("Municipal Liability - Custom") is a
    sub-heading of the instruction, not a sentence (a verdict form's lines are all read); its
    text goes to `subtitles`."""
    units: list[Unit] = []
    lead: str | None = None
    announced = False  # the lead ends in ":" or ","; bare "that ..." clauses may be its items
    for b_start, b_end, is_item in _blocks(text, start, end):
        if titled and not is_item and _is_title(text[b_start:b_end]):
            if subtitles is not None:
                subtitles.append(text[b_start:b_end].strip())
            continue
        if not is_item and not (lead and INLINE_ITEM.match(text[b_start:b_end].lstrip())):
            lead = None
        for s_start, s_end in _sentences(text, b_start, b_end):
            raw = text[s_start:s_end]
            s_start += len(raw) - len(raw.lstrip())
            s_end -= len(raw) - len(raw.rstrip())
            body = _mask_page_lines(text[s_start:s_end])
            uid = f"i{n}.s{len(units) + 1}"
            inline = not is_item and lead is not None and bool(
                INLINE_ITEM.match(body) or (announced and _THAT_ITEM.match(body)))
            unit = Unit(uid, n, body, index.span(s_start, s_end), is_item or inline,
                        lead if (is_item or inline) else None, body.endswith((":", ",")) or (
                            body.endswith("that") and _FIRST_AFTER_THAT.match(text, s_end)
                            is not None))
            units.append(unit)
            if not unit.item and (unit.announces or _introduces_list(body)):
                lead = uid
                announced = unit.announces
    return units
