"""Source positions: every unit of a charge keeps the exact span it came from."""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple


class Span(NamedTuple):
    """A half-open character range [start, end) with 1-based line and column of both ends.

    A named tuple, not a dataclass: a charge makes tens of thousands, and a tuple is built
    several times faster; it compares and sorts by its fields in order, as before."""

    start: int
    end: int
    line: int
    col: int
    end_line: int
    end_col: int

    def to_dict(self) -> dict[str, int]:
        return {"line": self.line, "col": self.col, "end_line": self.end_line,
                "end_col": self.end_col, "start": self.start, "end": self.end}


class LineIndex:
    """Maps character offsets of one text to (line, column), both 1-based.

    Spans are asked for in reading order, mostly several on one line, so the last line found
    is kept and tried before a binary search."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._line = (0, 0, 0)  # the last line found: its start, the next line's start, number

    def span(self, start: int, end: int) -> Span:
        last = end - 1 if end > start else start  # the last character, for the end's position
        lo, hi, n = self._line
        if lo <= start and last < hi:
            return Span(start, end, n, start - lo + 1, n, last - lo + 1)
        starts = self._starts
        line = bisect.bisect_right(starts, start) - 1
        end_line = bisect.bisect_right(starts, last, line) - 1
        if end_line == line:
            nxt = starts[line + 1] if line + 1 < len(starts) else float("inf")
            self._line = (starts[line], nxt, line + 1)
        return Span(start, end, line + 1, start - starts[line] + 1, end_line + 1,
                    last - starts[end_line] + 1)
