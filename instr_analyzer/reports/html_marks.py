"""Highlighting spans of a text in HTML, with overlapping spans nested or split cleanly.

Findings overlap: VD01 may quote a whole sentence in which FS01 marks two words. A span inside
another becomes a nested element; a span that crosses another's end is closed and reopened
there, so the HTML is always well formed. Every fragment keeps the span's attributes, so a
reader (or a test) can rebuild each span's text from the elements that carry its key; only the
first fragment carries the id that anchors link to. All text is HTML-escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Highlight:
    start: int
    end: int
    tag: str
    """'mark' for a finding, 'span' for a sentence the analyzer could not read."""
    attrs: tuple[tuple[str, str], ...]
    anchor: str
    """The id of the first fragment (and the value of data-key on every fragment)."""
    order: int = 0


def _open(h: Highlight, first: bool) -> str:
    attrs = ([("id", h.anchor)] if first else []) + [("data-key", h.anchor)] + list(h.attrs)
    if not first:
        attrs.append(("data-continued", "yes"))
    return f"<{h.tag} " + " ".join(f'{k}="{escape(v, quote=True)}"' for k, v in attrs) + ">"


def highlight(text: str, spans: list[Highlight]) -> str:
    """The text, escaped, with each span wrapped in its element."""
    spans = [h for h in spans if 0 <= h.start < h.end <= len(text)]
    starts: dict[int, list[Highlight]] = {}
    for h in spans:
        starts.setdefault(h.start, []).append(h)
    bounds = sorted({0, len(text)} | {h.start for h in spans} | {h.end for h in spans})
    out: list[str] = []
    stack: list[Highlight] = []
    pos = 0
    for b in bounds:
        if b > pos:
            out.append(escape(text[pos:b], quote=True))
            pos = b
        ending = [i for i, h in enumerate(stack) if h.end == b]
        if ending:
            low = ending[0]
            reopen = [h for h in stack[low:] if h.end != b]
            out += [f"</{h.tag}>" for h in reversed(stack[low:])]
            del stack[low:]
            for h in reopen:  # crossed by a span that ended here: split, do not misnest
                out.append(_open(h, first=False))
                stack.append(h)
        # Longer spans open first, so a span inside another nests inside it.
        for h in sorted(starts.get(b, []), key=lambda h: (-h.end, h.order)):
            out.append(_open(h, first=True))
            stack.append(h)
    out += [f"</{h.tag}>" for h in reversed(stack)]
    return "".join(out)
