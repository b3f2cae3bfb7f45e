"""Concept names -> English noun phrases, for plain_words.py.

The lexicon (grammar/phrases.toml) maps a charge's words to concepts; this maps concepts back to
neutral words, so the plain-words reading shows what the analyzer understood rather than
repeating the charge. Data first (WORDS, COMBINED), then one function, `phrase`.
"""

from __future__ import annotations

WORDS = {
    "policy": "policy", "custom": "custom", "decision": "a decision",
    "ratification": "a ratification", "training": "inadequate training",
    "supervision": "inadequate supervision", "screening": "inadequate screening",
    "deliberate_indifference": "deliberate indifference", "negligence": "negligence",
    "gross_negligence": "gross negligence", "recklessness": "recklessness",
    "notice": "notice", "liability_word": "liability",
    "disregard_known": "disregard of a known or obvious consequence",
    "moving_force": "the moving force behind the injury", "causation": "causation",
    "but_for": "but-for causation", "incident": "the incident", "single": "a single incident",
    "excessive_force": "excessive force",
    "prior": "prior incidents", "pattern": "a pattern of incidents",
    "similar": "similar incidents", "subsequent": "later incidents",
    "obviousness": "an obvious need", "likely": "a likely violation",
    "specific_violation": "the specific violation",
    "applicant_background": "the applicant's background", "employment": "employment",
    "scope_of_employment": "acts within the scope of employment",
    "police_force": "having a police force", "existence": "the existence of a police force",
    "punitive_damages": "punitive damages", "compensatory_damages": "compensatory damages",
    "good_faith": "good faith", "qualified_immunity": "qualified immunity",
    "defense": "a defense", "burden": "the burden of proof", "defendant": "the defendant",
    "color_of_law": "action under color of state law", "deprivation": "a deprivation",
    "federal_right": "a federal right", "verdict_general": "a general verdict",
    "interrogatory": "special interrogatories", "adequacy": "adequacy",
    "court_determined": "the court's own determination",
    "independent_evidence": "independent evidence", "prior_complaints": "prior complaints",
    "jury": "the jury", "plaintiff": "the plaintiff", "employee": "an employee",
    "official": "an official", "supervisor": "supervisory officials",
    "final_policymaker": "a final policymaker", "policymaker": "a policymaker",
    "policymaker_status": "final policymaking authority",
}
"""Concept -> words. A concept missing here is printed as its name with spaces."""

ACTORS = frozenset({"employee", "official", "supervisor", "final_policymaker", "policymaker",
                    "defendant"})
"""Who acted: written "by X" after grounds and "on the part of X" after a conclusion."""

MUNICIPAL = frozenset({
    "policy", "custom", "training", "supervision", "screening", "deliberate_indifference",
    "negligence", "gross_negligence", "recklessness", "notice", "liability_word"})
"""What belongs to the municipality: written together as "the city's X, Y or Z". A decision
is not among them: whose decision it was (a policymaker's or not) is often the defect."""

COMBINED = (
    (("likely", "incident", "federal_right"), "likely to cause a violation of federal rights"),
    (("pattern", "similar", "incident", "subsequent"), "a pattern of similar later incidents"),
    (("pattern", "similar", "incident"), "a pattern of similar incidents"),
    (("moving_force", "deprivation", "plaintiff"),
     "the moving force behind the deprivation of the plaintiff's rights"),
    (("employee", "good_faith", "incident"), "the officers' good faith"),
    (("employee", "scope_of_employment", "employment"),
     "an employee's acts within the scope of employment"),
    (("scope_of_employment", "employee"), "an employee's acts within the scope of employment"),
    (("municipality", "employment", "employee"), "the {muni}'s employment of officers"),
    (("prior_complaints", "incident"), "prior complaints of misconduct"),
    (("good_faith", "defense"), "a good-faith defense"),
    (("scope_of_employment", "employment"), "acts within the scope of employment"),
    (("similar", "incident", "subsequent"), "similar later incidents"),
    (("pattern", "prior", "incident"), "a pattern of prior incidents"),
    (("adequacy", "training", "employee"), "adequate training of its officers"),
    (("policy", "existence", "police_force"), "policy of maintaining a police force"),
    (("single", "incident", "excessive_force"), "a single incident of excessive force"),
    (("single", "excessive_force"), "a single use of excessive force"),
    (("incident", "excessive_force"), "the use of excessive force"),
    (("excessive_force", "employee"), "an employee's excessive force"),
    (("single", "incident"), "a single incident"),
    (("prior", "pattern"), "a pattern of prior incidents"),
    (("similar", "pattern"), "a pattern of similar incidents"),
    (("subsequent", "incident"), "later incidents"),
    (("prior", "incident"), "prior incidents"),
    (("similar", "incident"), "similar incidents"),
    (("incident", "federal_right"), "a violation of federal rights"),
    (("deprivation", "federal_right"), "a deprivation of federal rights"),
    (("adequacy", "training"), "adequate training"),
    (("adequacy", "supervision"), "adequate supervision"),
    (("training", "employee"), "inadequate training of officers"),
    (("supervision", "employee"), "inadequate supervision of officers"),
    (("policy", "police_force"), "policy of having a police force"),
    (("policy", "existence"), "policy of maintaining a police force"),
    (("good_faith", "employee"), "the officers' good faith"),
    (("screening", "employee"), "inadequate screening of an employee"),
    (("adequacy", "employee"), "an officer's reasonable conduct"),
    (("incident", "employee"), "an employee's acts"),
    (("incident", "defendant"), "the defendant's acts"),
    (("official", "final_policymaker"), "an official's final policymaking authority"),
    (("moving_force", "plaintiff"), "the moving force behind the plaintiff's injury"),
    (("causation", "plaintiff"), "the cause of the plaintiff's injury"),
    (("municipality", "employee"), "the {muni}'s employees"),
)
"""Concepts that read as one phrase when named together ("a single incident"), longest first."""

MUTE = frozenset({"jury", "dispense", "unnecessary"})
"""Concepts that are part of the frame's shape, not of its content."""



def phrase(concepts, muni: str, role: str = "conclusion", neutral: bool = False) -> str:
    """Concept names -> one noun phrase, e.g. 'the city's policy or custom'.

    role "grounds" writes actors as "by X"; "conclusion" as "on the part of X"; "noun" lists.
    neutral: the frame speaks of adequacy, so training is not called inadequate.
    """
    seen = [c for i, c in enumerate(concepts) if c not in concepts[:i] and c not in MUTE]
    owned, things, actors = [], [], []
    for members, words in COMBINED:
        if all(m in seen for m in members):
            words = words.replace("{muni}", muni)
            words = words.replace("inadequate ", "") if neutral else words
            if role == "noun" and words.endswith("employees"):
                continue  # "Officer Jones and the City" are two defendants, not one
            kind = owned if any(m in MUNICIPAL for m in members) and \
                not words.startswith(("a ", "an ", "the ")) else \
                actors if words.endswith("employees") else things
            kind.append((min(seen.index(m) for m in members), words))
            seen = [c if c not in members else "" for c in seen]
    for i, c in enumerate(seen):
        if c in MUNICIPAL:
            words = WORDS[c].removeprefix("inadequate ") if neutral else WORDS[c]
            owned.append((i, words))
        elif c in ACTORS:
            actors.append((i, WORDS[c]))
        elif c:
            things.append((i, c))
    owned, actors = [w for _, w in sorted(owned)], [w for _, w in sorted(actors)]
    rest = [c for _, c in sorted(things)]
    if owned or any(a.endswith("employees") for a in actors):
        rest = [c for c in rest if c != "municipality"]  # "the city's" already says whose
    if owned or actors or len(rest) > 1:
        rest = [c for c in rest if c != "plaintiff"]  # "the plaintiff's injury", as a rule
    if owned and role == "conclusion":
        # "attributable to" and "a custom of using force": the municipal fault is the point
        rest = [c for c in rest if c not in ("causation", "incident")]
    words = ([f"the {muni}'s {join(owned, 'or')}"] if owned else []) + \
        [f"the {muni}" if c == "municipality" else WORDS.get(c, c.replace("_", " ")) for c in rest]
    if not words or role == "noun":
        return join(words + actors, "and")
    tail = {"grounds": " by ", "conclusion": " on the part of "}[role]
    return join(words, "and") + (tail + join(actors, "and") if actors else "")


def join(words: list[str], conj: str) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {conj} " + words[-1]
