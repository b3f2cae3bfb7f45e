"""Very large charges are analyzed in windows of whole instructions, so memory stays bounded
and time stays linear in the size of the input.

A real charge is tens of kilobytes; a multi-megabyte file is a compilation or hostile input.
Each window is analyzed on its own, so whole-charge rules (DF01, VD01, EL01's color of law)
see one window at a time: the CLI says so on stderr when it happens.
"""

from __future__ import annotations

import dataclasses
import re

from .segment import INSTRUCTION_HEADING

WINDOW = 256 * 1024
"""Characters per window: far above any real charge, small enough to keep memory flat."""


def cut_points(text: str, size: int = WINDOW) -> list[tuple[int, int]]:
    """[start, end) ranges covering text, cut before instruction headings where possible,
    else at blank lines, line ends or spaces, each at most `size` characters."""
    out, start, n = [], 0, len(text)
    while n - start > size:
        low, limit = start + size // 2, start + size
        heading = None
        for m in INSTRUCTION_HEADING.finditer(text, low, limit):
            heading = m.start()
        cut = heading if heading is not None else max(
            text.rfind("\n\n", low, limit) + 1, text.rfind("\n", low, limit) + 1,
            text.rfind(" ", low, limit) + 1)
        if cut <= start:
            cut = limit
        out.append((start, cut))
        start = cut
    out.append((start, n))
    return out


def shift_finding(f, line_offset: int, char_offset: int, instr_offset: int):
    s = f.span
    span = s._replace(start=s.start + char_offset, end=s.end + char_offset,
                      line=s.line + line_offset, end_line=s.end_line + line_offset)
    return dataclasses.replace(f, span=span, instruction=f.instruction + instr_offset,
                               derivation=_shift_lines(f.derivation, line_offset))


def shift_id(sid: str, instr_offset: int) -> str:
    """'i3.s2' in a window that starts after 40 instructions is 'i43.s2' in the charge."""
    m = re.match(r"i(\d+)(\..*)?$", sid)
    return f"i{int(m.group(1)) + instr_offset}{m.group(2) or ''}" if m else sid


def _shift_lines(node, offset: int):
    if isinstance(node, dict):
        return {k: (v + offset if k == "line" and isinstance(v, int) else _shift_lines(v, offset))
                for k, v in node.items()}
    if isinstance(node, list):
        return [_shift_lines(v, offset) for v in node]
    return node
