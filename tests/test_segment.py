"""Segmentation as real charges lay out lists: marked, unmarked, in prose, and wrapped lines."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from instr_analyzer.segment import split_charge


def units(text: str) -> list[tuple[str, bool, str | None]]:
    """(text, is an item, the id of its lead) of every unit."""
    return [(u.text, u.item, u.lead) for i in split_charge(text) for u in i.units]


def texts(text: str) -> list[str]:
    return [u[0] for u in units(text)]


def test_unmarked_alternatives_after_a_colon_are_items():
    text = ("“Official policy” means:\n"
            "A rule or regulation approved by the city’s legislative body; or\n"
            "A custom that is a permanent, widespread, or well-settled practice of the city; or\n"
            "An act or omission approved by the city’s policymaking official.\n"
            "Chief Hall is a policymaking official of the city.\n")
    assert units(text) == [
        ("“Official policy” means:", False, None),
        ("A rule or regulation approved by the city’s legislative body; or", True, "i1.s1"),
        ("A custom that is a permanent, widespread, or well-settled practice of the city; or",
         True, "i1.s1"),
        ("An act or omission approved by the city’s policymaking official.", True, "i1.s1"),
        ("Chief Hall is a policymaking official of the city.", False, None)]


def test_a_wrapped_line_after_a_colon_is_not_split():
    assert texts("The plaintiff must prove the following:\n"
                 "that the City had a policy of using excessive force and that\n"
                 "the policy caused the violation of her rights.\n") == [
        "The plaintiff must prove the following:",
        "that the City had a policy of using excessive force and that\n"
        "the policy caused the violation of her rights."]


def test_a_question_after_a_colon_is_not_an_item():
    text = "Question 1:\nDo you find that Officer Jones used excessive force?\n"
    assert [u[1] for u in units(text)] == [False, False]


def test_elements_in_prose_are_items_of_the_sentence_announcing_them():
    text = ("To hold the City liable, the plaintiff must prove three things. First, that Officer "
            "Jones acted under color of state law. Second, that he violated her rights. Third, "
            "that the City's policy was the moving force behind the violation.\n")
    got = units(text)
    assert [u[1:] for u in got] == [(False, None)] + [(True, "i1.s1")] * 3
    assert got[3][0].startswith("Third, that the City's policy")


def test_a_section_number_ends_a_sentence_when_another_starts_after_it():
    assert texts("The plaintiff sues the City under 42 U.S.C. § 1983. Whether Officer Kent acted "
                 "within the scope of his employment depends on whether he was on duty.\n"
                 "Under § 12. (a) of the ordinance, the rule is otherwise.\n") == [
        "The plaintiff sues the City under 42 U.S.C. § 1983.",
        "Whether Officer Kent acted within the scope of his employment depends on whether he "
        "was on duty.",
        "Under § 12. (a) of the ordinance, the rule is otherwise."]
    assert texts("See Cal. Gov. Code § 815.2. Under Cal. Civ. Proc. Code § 340, "
                 "the claim is timely.\n") == [
        "See Cal. Gov. Code § 815.2.", "Under Cal. Civ. Proc. Code § 340, the claim is timely."]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab.1 \n\t§’", max_size=50), st.integers(0, 50), st.integers(0, 50))
def test_word_before_a_period_is_the_regex_word(text, lo, hi):
    """_word_before skips the regex for plain words; it must find what the regex finds."""
    from instr_analyzer.segment import _LAST_WORD, _word_before

    lo, hi = sorted((min(lo, len(text)), min(hi, len(text))))
    found = _LAST_WORD.search(text, lo, hi)
    assert _word_before(text, lo, hi) == (found.group(1).lower().rstrip(".") if found else "")
