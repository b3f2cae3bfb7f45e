"""Findings: plain, frozen data (never exceptions), sorted the same way every time."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .spans import Span

SEVERITY_RANK = {"note": 0, "warning": 1, "error": 2}


@dataclass(frozen=True)
class Finding:
    """One defect located in a charge, with its explanation, authorities and derivation."""

    code: str
    name: str
    severity: str
    message: str
    path: str
    instruction: int
    instruction_title: str
    span: Span
    quote: str
    sentence: str
    authorities: tuple[str, ...]
    curative: str
    derivation: dict[str, Any] = field(default_factory=dict, compare=False)
    paragraph: int | None = None
    """For .docx input: the Word paragraph (table rows count as paragraphs) of the first line."""

    def sort_key(self) -> tuple:
        return (self.path, self.span.line, self.span.col, self.code, self.span.end)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape documented in README.md ("JSON output"); keys never reorder."""
        return {
            "code": self.code, "name": self.name, "severity": self.severity,
            "message": self.message,
            "location": {"path": self.path, "instruction": self.instruction,
                         "instruction_title": self.instruction_title, **self.span.to_dict(),
                         **({"paragraph": self.paragraph} if self.paragraph else {})},
            "quote": self.quote, "sentence": self.sentence,
            "authorities": list(self.authorities), "curative": self.curative,
            "derivation": self.derivation,
        }


def at_or_above(findings, level: str) -> list[Finding]:
    return [f for f in findings if SEVERITY_RANK[f.severity] >= SEVERITY_RANK[level]]

