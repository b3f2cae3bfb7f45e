"""The lexer: longest phrase first over normalized words, offsets into the document, and
the phrase scan (Lexed.hits) agreeing with the full token stream the grammar reads."""

from __future__ import annotations

import pytest

from instr_analyzer import lexicon

PHRASES = """
[rewrite]
"cannot" = "can not"

[terminal.NEG]
not = ["not"]

[terminal.MODAL]
permit = ["may", "can"]

[concept]
incident = ["incident"]
single = ["single"]
single_incident = ["single incident of excessive force"]
municipality = ["city"]
"""


@pytest.fixture()
def small(tmp_path):
    path = tmp_path / "phrases.toml"
    path.write_text(PHRASES, encoding="utf-8")
    return lexicon.load(str(path))


def kinds(tokens) -> list[tuple[str, str]]:
    return [(t.type, t.value) for t in tokens]


def test_longest_phrase_wins(small):
    assert kinds(small.tokens("a single incident of excessive force")) == [
        ("WORD", "a"), ("TERM", "single_incident")]


def test_a_longer_phrase_that_breaks_off_falls_back_to_the_shorter_one(small):
    """'single incident of' starts the long phrase but does not finish it: 'single' stands."""
    assert kinds(small.tokens("a single incident of misconduct")) == [
        ("WORD", "a"), ("TERM", "single"), ("TERM", "incident"), ("WORD", "of"),
        ("WORD", "misconduct")]


def test_phrase_at_the_end_of_the_sentence(small):
    assert kinds(small.tokens("the city")) == [("WORD", "the"), ("TERM", "municipality")]


def test_words_are_normalized_before_matching(small):
    text = "The CITY\u2019s officer cannot, in a Single Incident of excessive force"
    assert kinds(small.tokens(text)) == [
        ("WORD", "the"), ("TERM", "municipality"), ("WORD", "officer"), ("MODAL", "permit"),
        ("NEG", "not"), ("COMMA", ","), ("WORD", "in"), ("WORD", "a"),
        ("TERM", "single_incident")]


def test_a_word_hyphenated_across_lines_is_one_word(small):
    assert kinds(small.tokens("a sin-\ngle incident of excessive force")) == [
        ("WORD", "a"), ("TERM", "single_incident")]


def test_offsets_are_into_the_document(small):
    text = "Officer cannot act for the city."
    toks = small.tokens(text, 100)
    assert [(t.value, t.start_pos, t.end_pos) for t in toks] == [
        ("officer", 100, 107), ("permit", 108, 114), ("not", 108, 114), ("act", 115, 118),
        ("for", 119, 122), ("the", 123, 126), ("municipality", 127, 131)]
    assert [text[t.start_pos - 100:t.end_pos - 100] for t in toks][-1] == "city"


def test_scan_hits_are_the_phrase_tokens_of_the_full_stream():
    """On real charges: what the gate and the unparsed sentences read (the hits) is exactly
    the non-word part of what the grammar reads, and pairs() and types() are the stream
    without tokens."""
    from conftest import SAMPLES

    lex = lexicon.load()
    seen = 0
    for path in sorted(SAMPLES.rglob("*.txt"))[:40]:
        text = path.read_text(encoding="utf-8", errors="replace")
        lexed = lex.scan(text, 7)
        pairs, types = lexed.pairs(), lexed.types()  # before the tokens exist
        full = lexed.tokens()
        assert pairs == [(t.type, t.value) for t in full]
        assert types == [t.type for t in full]
        assert lexed.tokens() is full  # built once
        phrases = [t for t in full if t.type not in ("WORD", "COMMA", "SEP")]
        assert [(t.type, t.value, t.start_pos, t.end_pos) for t in lexed.hits] == \
            [(t.type, t.value, t.start_pos, t.end_pos) for t in phrases]
        seen += len(phrases)
    assert seen > 500


@pytest.mark.parametrize("text, concept", [
    ("one or more prior incidents", "quantity"),       # a count, not a single incident
    ("in one of two ways", "quantity"),
    ("the consequences of one's acts or omissions", "own_conduct"),  # "one's" is "one"
    ("arrested without probable cause", "probable_cause"),  # not likely + causation
    ("deliberately indifferent to the need to train", "training"),  # not "must"
    ("so widespread that the City must have known of it", "notice"),  # not "must"
    ("the force used was objectively unreasonable", "excessive_force"),  # the deprivation
    ("acting or purporting to act in the performance of his official duties", "color_of_law"),
    ("knew of it and disregarded it", "disregard_known"),  # Farmer's definition
    ("under any state, county, or municipal law, ordinance or regulation", "color_of_law"),
])
def test_the_bundled_phrases_read_real_wording(text, concept):
    """Words that once read as something else in real charges now read as what they say."""
    values = [t.value for t in lexicon.load().tokens(text) if t.type == "TERM"]
    assert concept in values
    assert "single" not in values and "require" not in [
        t.value for t in lexicon.load().tokens(text) if t.type == "MODAL"]


@pytest.mark.parametrize("text, defines", [
    ("A person acts under color of state law when he uses the authority of the office.", True),
    ("Officer Jones acted under color of state law when he arrested the plaintiff.", False),
])
def test_only_the_present_tense_defines_color_of_law(text, defines):
    """"acts ... when" defines color of law; "acted ... when" states (often stipulates) it."""
    tokens = lexicon.load().tokens(text)
    assert (("VERB", "define") in [(t.type, t.value) for t in tokens]) is defines
    assert ("color_of_law" in [t.value for t in tokens if t.type == "TERM"]) is not defines


def test_the_built_trie_is_remembered_and_reads_the_same(tmp_path, monkeypatch):
    """The start-up cache keeps the built trie; a malformed file is never remembered."""
    from instr_analyzer.errors import RuleDefinitionError

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = tmp_path / "phrases.toml"
    path.write_text(PHRASES, encoding="utf-8")
    fresh = lexicon.load.__wrapped__(str(path))
    assert list((tmp_path / "cache" / "instr-analyzer").glob("lexicon-*.json"))
    again = lexicon.load.__wrapped__(str(path))  # read back from the cache
    for text in ("a single incident of excessive force", "Officer cannot act for the city.",
                 "a sin-\ngle incident"):
        assert kinds(again.tokens(text)) == kinds(fresh.tokens(text))
    assert again.groups == fresh.groups and again.rewrites == fresh.rewrites
    bad = tmp_path / "bad.toml"
    bad.write_text(PHRASES + '\n[concept]\nother = ["single incident"]\n', encoding="utf-8")
    for _ in range(2):  # the error each time: a failed build leaves no entry behind
        with pytest.raises(RuleDefinitionError):
            lexicon.load.__wrapped__(str(bad))
