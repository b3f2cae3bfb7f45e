"""The lexicon: words and phrases of a sentence become the grammar's terminals.

The phrase data (grammar/phrases.toml) is the one place that knows how real charges say
things. Matching is longest-phrase-first over normalized words: case, curly quotes,
possessive 's and soft hyphens do not matter.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import compress, count
from typing import NamedTuple

from .larkimport import Token

from .cache import load_toml, remembered
from .errors import RuleDefinitionError
from .resources import data_dir

WORD_RE = re.compile(r"\w+(?:(?:[-'\u2019]|-[ \t]*(?:\r?\n[ \t]*)+(?=[a-z]))\w+)*|[,;:]")
"""A word may be split across lines by hyphenation ("munici-\npality"): it is one word."""
LINE_BREAK_HYPHEN = re.compile(r"-[ \t]*(?:\r?\n[ \t]*)+")
"""A hyphen that breaks a word across lines (a blank page-footer line may sit in the break)."""
_SUPERSCRIPTS = str.maketrans("", "", "\u00b9\u00b2\u00b3\u2070\u2074\u2075\u2076\u2077\u2078\u2079")
SEPARATORS = {";": "SEP", ":": "SEP", ",": "COMMA"}
_token = getattr(Token, "_future_new", Token)
"""Token(...) checks every call for a deprecated keyword before calling this (lark 1.2-1.3),
which doubles the cost of a token; arguments: type, value, start_pos, line, column, end_line,
end_column, end_pos."""
TERMINALS = ("MODAL", "VERB", "NEG", "QUAL", "BASIS", "COND", "CONJ")


@lru_cache(maxsize=1 << 16)
def normalize(word: str) -> str:
    """The form a word is matched by: lower case, straight apostrophe, no possessive 's."""
    word = LINE_BREAK_HYPHEN.sub("", word).translate(_SUPERSCRIPTS)  # footnote marks
    word = word.lower().replace("\u2019", "'").replace("\u00ad", "")
    if word.endswith("'s"):
        word = word[:-2]
    elif word.endswith("s'"):
        word = word[:-1]
    return word


BEFORE_A_NAME = {"defendant": ("TERM", "defendant"), "principal_title": None}
"""Words that name a person, an employee, before a capitalized name ("Defendant Dunn",
"Principal Alvarez"), and what they are without one: the party ("the defendants"), or a plain
word ("the principal cause")."""


class Lexed:
    """One sentence after the phrase scan: its phrase tokens at once, every token on demand.

    Most sentences of a charge are never parsed (gate.py), and for them the phrase tokens
    (TERM, MODAL, VERB ...) are all that is read; the parser alone needs a token per word.
    """

    __slots__ = ("norms", "words", "offset", "hits", "_at", "_tokens")

    def __init__(self, norms: list[str], words: list[re.Match], offset: int,
                 hits: list[Token], at: list[tuple[int, int]]) -> None:
        self.norms, self.words, self.offset = norms, words, offset
        """Each word normalized, and the match that found it in the sentence (its span is
        asked for only by the few words that become tokens)."""
        self.hits = hits
        """Tokens of the phrases found, in order (no WORD or separator tokens)."""
        self._at = at  # (first word, word count) of each hit
        self._tokens: list[Token] | None = None

    def pairs(self) -> list[tuple[str, str]]:
        """(type, value) of every token, as tokens() gives them, without building tokens:
        what a reader of the word stream that does not parse (negation) needs."""
        out: list[tuple[str, str]] = []
        norms, i = self.norms, 0
        for hit, (first, size) in zip(self.hits, self._at, strict=True):
            out += [(SEPARATORS.get(w, "WORD"), w) for w in norms[i:first]]
            out.append((hit.type, hit.value))
            i = first + size
        out += [(SEPARATORS.get(w, "WORD"), w) for w in norms[i:]]
        return out

    def types(self) -> list[str]:
        """The type of every token, as tokens() gives them: what the grammar's recognizer
        reads (parsing.Recognizer), without building a token per word."""
        return [kind for kind, _ in self.pairs()]

    def tokens(self) -> list[Token]:
        """Every token of the sentence, as the grammar reads them (built once)."""
        if self._tokens is None:
            out: list[Token] = []
            norms, words, offset = self.norms, self.words, self.offset
            i = 0
            for hit, (first, size) in zip([*self.hits, None], [*self._at, (len(norms), 0)],
                                          strict=True):
                out += [_token(SEPARATORS.get(w, "WORD"), w, words[k].start() + offset, None,
                               None, None, None, words[k].end() + offset)
                        for k, w in enumerate(norms[i:first], i)]
                if hit is not None:
                    out.append(hit)
                i = first + size
            self._tokens = out
        return self._tokens


class Lexicon(NamedTuple):
    """The phrase data, ready to match."""

    trie: dict[str, list]
    """The phrase table (normalized words -> (terminal, value)) as a trie of words: word ->
    [the entry of the phrase ending here, or None; the trie of the words that may follow],
    walked for the longest phrase at each word."""
    rewrites: dict[str, tuple[str, ...]]
    groups: dict[str, tuple[str, ...]]
    """concept -> the groups ([group] in phrases.toml) it belongs to; every concept is a key."""
    terminals: dict[str, frozenset[str]]
    """Each terminal's values (COND: if, only_if ...; TERM: every concept)."""

    def scan(self, text: str, offset: int = 0) -> Lexed:
        """Find the phrases of one sentence, longest first at each word; offsets are into
        the document (text starts at `offset`)."""
        words = list(WORD_RE.finditer(text))  # map(), not loops: this runs on every word
        norms = list(map(normalize, map(re.Match.group, words)))
        if not self.rewrites.keys().isdisjoint(norms):  # rare: "cannot" -> "can not"
            pairs = [(part, m) for w, m in zip(norms, words, strict=True)
                     for part in self.rewrites.get(w, (w,))]  # the parts share the word's span
            norms, words = [w for w, _ in pairs], [m for _, m in pairs]
        hits: list[Token] = []
        at: list[tuple[int, int]] = []
        trie = self.trie
        n = len(norms)
        end = 0  # words before `end` belong to a phrase already found
        for i in compress(count(), map(trie.__contains__, norms)):  # words that start one
            if i < end:
                continue
            hit, children = trie[norms[i]]
            size, j = 1, i + 1
            while j < n and (node := children.get(norms[j])) is not None:
                j += 1
                if node[0] is not None:
                    hit, size = node[0], j - i
                children = node[1]
            if hit is not None:
                if size == 1 and hit[1] in BEFORE_A_NAME:  # "Defendant Dunn", "Principal Alvarez"
                    hit = ("TERM", "employee") if _names_a_person(words, norms, i + 1, trie) \
                        else BEFORE_A_NAME[hit[1]]
                    if hit is None:
                        continue
                hits.append(_token(hit[0], hit[1], words[i].start() + offset, None, None,
                                   None, None, words[i + size - 1].end() + offset))
                at.append((i, size))
                end = i + size
        return Lexed(norms, words, offset, hits, at)

    def tokens(self, text: str, offset: int = 0) -> list[Token]:
        """Lark tokens for one sentence; start_pos/end_pos are offsets into the document."""
        return self.scan(text, offset).tokens()


def _names_a_person(words: list[re.Match], norms: list[str], j: int, trie: dict) -> bool:
    """After "Defendant": a capitalized name that starts no phrase ("Defendant Dunn",
    "Defendants Dunn and Hale"), not a named entity ("Defendant Pulaski County", "Defendant
    City of Rockford", whose capitalized words include a phrase such as "county")."""
    if j >= len(norms) or not words[j].group()[:1].isupper() or norms[j] in trie:
        return False
    k = j + 1
    while k < len(norms) and words[k].group()[:1].isupper():
        if norms[k] in trie:
            return False  # "Pulaski County", "Oak Lawn Village"
        k += 1
    return True


def _key(phrase: str) -> tuple[str, ...]:
    return tuple(normalize(w) for w in WORD_RE.findall(phrase))


@lru_cache(maxsize=None)
def load(path: str | None = None) -> Lexicon:
    """The phrase data, validated and made into a trie once per version of the file (the
    trie is remembered in the start-up cache: building it is most of the lexicon's start)."""
    file = data_dir("grammar") / "phrases.toml" if path is None else path
    try:
        built = remembered(file, "lexicon-v3", lambda: _build(file))
    except OSError as exc:  # unreadable
        raise RuleDefinitionError(f"{file}: cannot load phrase data: {exc}") from None
    return Lexicon(built["trie"], {k: tuple(v) for k, v in built["rewrites"].items()},
                   {k: tuple(v) for k, v in built["groups"].items()},  # JSON gives lists
                   {k: frozenset(v) for k, v in built["terminals"].items()})


def _build(file) -> dict:
    """Validate the phrase data; a phrase listed twice is an error, not a silent win."""
    try:
        data = load_toml(file)
    except (OSError, ValueError) as exc:  # unreadable, not UTF-8 or not TOML
        raise RuleDefinitionError(f"{file}: cannot load phrase data: {exc}") from None
    table: dict[tuple[str, ...], tuple[str, str]] = {}

    def add(phrase: str, entry: tuple[str, str], where: str) -> None:
        key = _key(phrase)
        if not key:
            raise RuleDefinitionError(f"{file}: {where}: empty phrase {phrase!r}")
        if key in table and table[key] != entry:
            raise RuleDefinitionError(
                f"{file}: {where}: phrase {phrase!r} is already listed as {table[key]}")
        table[key] = entry

    for terminal, groups in data.get("terminal", {}).items():
        if terminal not in TERMINALS:
            raise RuleDefinitionError(
                f"{file}: [terminal.{terminal}]: unknown terminal; valid: {', '.join(TERMINALS)}")
        for value, phrases in groups.items():
            for phrase in phrases:
                add(phrase, (terminal, value), f"[terminal.{terminal}].{value}")
    for concept, phrases in data.get("concept", {}).items():
        for phrase in phrases:
            add(phrase, ("TERM", concept), f"[concept].{concept}")
    groups: dict[str, tuple[str, ...]] = dict.fromkeys(data.get("concept", {}), ())
    for group, members in sorted(data.get("group", {}).items()):
        for concept in members:
            if concept not in data.get("concept", {}) and concept != "liability":
                raise RuleDefinitionError(f"{file}: [group].{group}: unknown concept {concept!r}")
            groups[concept] = groups.get(concept, ()) + (group,)
    rewrites = {normalize(k): tuple(normalize(w) for w in v.split())
                for k, v in data.get("rewrite", {}).items()}
    terminals: dict[str, set[str]] = {}
    for kind, value in table.values():
        terminals.setdefault(kind, set()).add(value)
    return {"trie": _trie(table), "rewrites": rewrites, "groups": groups,
            "terminals": {k: sorted(v) for k, v in sorted(terminals.items())}}


def _trie(table: dict[tuple[str, ...], tuple[str, str]]) -> dict[str, list]:
    root: dict[str, list] = {}
    for key, entry in table.items():
        children, node = root, None
        for word in key:
            node = children.setdefault(word, [None, {}])
            children = node[1]
        node[0] = entry
    return root
