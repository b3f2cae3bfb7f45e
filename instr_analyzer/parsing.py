"""The grammar stage: Lark (LALR, strict) over the lexicon's tokens, one tree per sentence."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from .larkimport import Lark, Token, Tree  # first: see larkimport
from lark.exceptions import LarkError  # noqa: I001
from lark.lexer import Lexer

from .resources import data_dir


class _PreLexed(Lexer):
    """Lark calls this with the token list the lexicon already made."""

    def __init__(self, lexer_conf) -> None:  # noqa: D107 - Lark's lexer protocol
        pass

    def lex(self, data):  # type: ignore[override]
        return iter(data)


@lru_cache(maxsize=None)
def parser() -> Lark:
    """Built once per process; strict=True turns a grammar conflict into a load-time error."""
    from .cache import grammar_cache_file

    grammar = (data_dir("grammar") / "instruction.lark").read_text(encoding="utf-8")
    return Lark(grammar, start="sentence", parser="lalr", lexer=_PreLexed, strict=True,
                cache=grammar_cache_file(grammar))


def parse(tokens: list[Token]) -> Tree | None:
    """The sentence's tree, or None where the grammar cannot take it (reported as PR01)."""
    if not tokens:
        return None
    try:
        return parser().parse(tokens)
    except LarkError:
        return None


class Recognizer:
    """Does the grammar accept a sentence? Lark's own LALR table, run without building a tree
    or a token: what a sentence whose frames no rule reads needs (gate.py: PR01 reports a
    doctrine sentence the grammar cannot read, so its readability still counts).

    The table is the one `parser()` parses with, so the answer is the parse's (tests check it
    on every sample sentence and on random token strings)."""

    def __init__(self, lark: Lark) -> None:
        from lark.parsers.lalr_analysis import Shift

        conf = lark.parse_interactive().parser_state.parse_conf
        self._start, self._end = conf.start_state, conf.end_state
        self._table = {state: {symbol: arg if action is Shift else (len(arg.expansion),
                                                                     arg.origin.name)
                               for symbol, (action, arg) in actions.items()}
                       for state, actions in conf.states.items()}
        """state -> symbol -> the state to shift to (an int), or the (size, head) to reduce."""

    def accepts(self, types: Iterable[str]) -> bool:
        table, stack = self._table, [self._start]
        for symbol in types:
            while True:
                action = table[stack[-1]].get(symbol)
                if action is None:
                    return False
                if action.__class__ is int:
                    stack.append(action)
                    break
                size, head = action
                if size:
                    del stack[-size:]
                stack.append(table[stack[-1]][head])
        if len(stack) == 1:
            return False  # no tokens: parse() reads nothing either
        while True:  # the end: reduce until the start symbol is complete
            action = table[stack[-1]].get("$END")
            if action is None or action.__class__ is int:
                return False
            size, head = action
            if size:
                del stack[-size:]
            stack.append(table[stack[-1]][head])
            if stack[-1] == self._end:
                return True


@lru_cache(maxsize=None)
def recognizer() -> Recognizer | None:
    """None when this Lark does not expose its table as expected: callers then parse."""
    try:
        return Recognizer(parser())
    except (AttributeError, KeyError, TypeError):
        return None
