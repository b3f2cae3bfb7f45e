"""The typed logical form: what each sentence lets or requires the jury to do.

A Frame is one predication of a sentence: a modality (permit, require, assert), possibly
negated (a prohibition), a predicate kind (infer, suffice, prove, liable, define, award,
treat, state), and the concept mentions in each role. Everything is immutable and keeps spans.
The records are named tuples: a charge makes thousands, and a tuple is built several times
faster than a frozen dataclass (a Mention reads its words and span only when asked).
"""

from __future__ import annotations

from typing import NamedTuple

from .spans import Span


class Mention:
    """One concept named in the text, e.g. gross_negligence at 'gross negligence'.

    Most mentions only ever become flags (facts.py), so a mention read from a document keeps
    where its words are (`at`: the document's text and line index, start, end) and reads them,
    and their span, only when a finding or report asks."""

    __slots__ = ("concept", "_text", "_span", "_at")

    def __init__(self, concept: str, text: str | None = None, span: Span | None = None,
                 at: tuple | None = None) -> None:
        self.concept, self._text, self._span, self._at = concept, text, span, at

    @property
    def text(self) -> str:
        if self._text is None:
            doc, start, end = self._at
            self._text = doc.text[start:end]
        return self._text

    @property
    def span(self) -> Span:
        if self._span is None:
            doc, start, end = self._at
            self._span = doc.index.span(start, end)
        return self._span

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mention) and (self.concept, self.text, self.span) == (
            other.concept, other.text, other.span)

    def __hash__(self) -> int:
        return hash((self.concept, self.text, self.span))

    def __repr__(self) -> str:
        return f"Mention({self.concept!r}, {self.text!r}, {self.span!r})"

    def sexp(self) -> str:
        return self.concept


class Condition(NamedTuple):
    """An if / only if / unless clause and the concepts (and frame, if any) it states."""

    kind: str
    mentions: tuple[Mention, ...]
    frame: Frame | None
    span: Span

    def sexp(self) -> str:
        inner = self.frame.sexp() if self.frame else _concepts(self.mentions)
        return f"({self.kind.replace('_', '-')} {inner})"


class Frame(NamedTuple):
    """A predication: who may or must do what, on what basis, with which qualifiers."""

    kind: str
    modality: str
    negated: bool
    subject: tuple[Mention, ...]
    object: tuple[Mention, ...]
    basis: tuple[Mention, ...]
    sole: bool
    conditions: tuple[Condition, ...]
    verb: str
    span: Span
    negated_terms: tuple[str, ...] = ()
    """Concepts directly preceded by a negation inside the frame ('but not against the City')."""
    adjunct: tuple[Mention, ...] = ()
    """Introductory phrases before the subject ('In order to prevail against the City, ...')."""

    @property
    def deontic(self) -> str:
        """permit / require / prohibit / assert / deny: the modality after negation."""
        if not self.negated:
            return self.modality
        return {"permit": "prohibit", "require": "prohibit", "assert": "deny"}[self.modality]

    def sexp(self) -> str:
        parts = [f"({self.deontic} {self.kind}"]
        for role in ("subject", "object", "basis"):
            mentions = getattr(self, role)
            if mentions:
                parts.append(f"({role} {_concepts(mentions)})")
        if self.sole:
            parts.append("(qualifier solely)")
        parts += [c.sexp() for c in self.conditions]
        return " ".join(parts) + ")"


class Sentence(NamedTuple):
    """A sentence or element-list item with its frames, or none if the grammar could not read it."""

    id: str
    instruction: int
    text: str
    span: Span
    mentions: tuple[Mention, ...]
    frames: tuple[Frame, ...]
    parsed: bool
    item: bool = False
    lead: str | None = None
    negated_terms: tuple[str, ...] = ()
    has_neg: bool = False
    deferred: bool = False
    """The grammar accepts the sentence and it has a predicate, so it has frames, but they
    were not built: no rule reads them (gate.py). analysis.py reads it whole if a derivation
    shows its form."""

    @property
    def analyzed(self) -> bool:
        """A sentence is analyzed when it yields a frame, or is a list item (a proposition)."""
        return self.parsed and (bool(self.frames) or self.item or self.deferred)

    def sexp(self) -> str:
        if not self.parsed:
            return "(unparsed)"
        if self.deferred:
            return "(not read: no rule reads its frames)"
        if self.item and not self.frames:
            return f"(element {_concepts(self.mentions) or '()'})"
        if not self.frames:
            return f"(unanalyzed {_concepts(self.mentions)})" if self.mentions else "(no-concepts)"
        return " ".join(f.sexp() for f in self.frames)


def _concepts(mentions: tuple[Mention, ...]) -> str:
    seen: list[str] = []
    for m in mentions:
        if m.concept not in seen:
            seen.append(m.concept)
    return " ".join(seen)
