"""The grammar stage: Lark (LALR, strict) over the lexicon's tokens, one tree per sentence."""

from __future__ import annotations

from functools import lru_cache

from lark import Lark, Token, Tree
from lark.exceptions import LarkError
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
