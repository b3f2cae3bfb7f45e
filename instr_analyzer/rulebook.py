"""The rulebook: rule files (TOML data, never code) parsed and validated into frozen specs.

Two kinds of file live in rules/: a finding rule per code (`PL01.toml`: metadata, documentation,
citations, the patterns it matches and the finding it makes) and derivation files in
rules/derive/ (`[[rule]]` tables that turn facts into new facts for other rules to consume).
Every field is checked at load time; an error names the file and the field.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from .cache import load_toml
from .curative import PLACEHOLDERS, placeholders_in
from .errors import RuleDefinitionError
from .resources import data_dir

SEVERITIES = ("error", "warning", "note")
FACT_KINDS = ("frame", "sentence", "elements", "element", "instruction", "verdict", "defect",
              "placeholder")
"""Kinds facts.py makes (plus `defect`, which every finding derives); derive files add more."""
_CODE = re.compile(r"^[A-Z]{2}\d{2}$")
_FIELD = re.compile(r"^[a-z][a-z0-9_]*$")
TEMPLATE = re.compile(r"\{(\w+)\.(\w+)\}")
"""A derived value's reference to a field of a matched fact: "{f.instr}" (alias, field)."""
_RESERVED = {"s", "m", "sid", "id", "c"}
_PATTERN_KEYS = {"fact", "as", "is", "any", "not", "eq", "same", "differ", "after"}


class Pattern(NamedTuple):
    """One fact a rule matches (or, in `unless`, that must not exist)."""

    fact: str
    alias: str
    is_true: tuple[str, ...] = ()
    any_true: tuple[tuple[str, ...], ...] = ()
    """Each group needs one true field: any = ["a", "b"] or any = [["a", "b"], ["c", "d"]]."""
    not_true: tuple[str, ...] = ()
    eq: tuple[tuple[str, Any], ...] = ()
    same: tuple[tuple[str, str, str], ...] = ()
    differ: tuple[tuple[str, str, str], ...] = ()
    after: tuple[tuple[str, str, str], ...] = ()
    """Joins to a value this fact's sorts after: each pair of two facts of one kind matched once,
    not twice (a rule fires once per match, and a firing costs the engine a round trip)."""
    at_firing: bool = False
    """An `unless` that the engine tests in Python when the rule fires, not in durable:
    [then].unless_instruction's "no such fact in this instruction" (engine._action says why)."""

    def tested(self) -> frozenset[str]:
        """Every field the pattern tests of its own fact (joins aside)."""
        return frozenset([*self.is_true, *self.not_true, *(f for g in self.any_true for f in g),
                          *(k for k, _ in self.eq)])


class Logic(NamedTuple):
    """What a rule matches and concludes; shared by finding rules and derivation rules."""

    name: str
    when: tuple[Pattern, ...]
    unless: tuple[Pattern, ...]
    derive: tuple[tuple[str, Any], ...]
    source: str
    message: str | None = None
    """A finding rule's [[match]] may say its own message (which element is missing, say);
    otherwise [then].message is used."""
    curative: str | None = None
    """... and its own curative language (a claim against an officer, not the city);
    otherwise [docs].curative is used."""


class Cite(NamedTuple):
    key: str
    pin: str
    signal: str


class RuleSpec(NamedTuple):
    """A finding rule: a code of doctrine.md with its documentation and logic."""

    code: str
    name: str
    severity: str
    summary: str
    docs: dict[str, str]
    cites: tuple[Cite, ...]
    logic: tuple[Logic, ...]
    at: str
    at_concepts: tuple[str, ...]
    message: str
    once: str
    path: str
    invalidates_theory: bool = False
    """A finding of this rule makes the theory it appears in legally invalid (VD01 reads it)."""


class Rulebook(NamedTuple):
    rules: tuple[RuleSpec, ...]
    derivations: tuple[Logic, ...]

    def get(self, code: str) -> RuleSpec | None:
        return next((r for r in self.rules if r.code == code.upper()), None)


def _fail(path: Path | str, where: str, why: str) -> RuleDefinitionError:
    return RuleDefinitionError(f"{path}: {where}: {why}")


def _strings(path, where, value) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and _FIELD.match(v)
                                              for v in value):
        raise _fail(path, where, "expected a list of field names (lower_snake_case)")
    return tuple(value)


def _pattern(path, where: str, raw: Any, aliases: list[str], kinds: set[str]) -> Pattern:
    if not isinstance(raw, dict):
        raise _fail(path, where, "expected a table")
    unknown = set(raw) - _PATTERN_KEYS
    if unknown:
        raise _fail(path, where, f"unknown key {sorted(unknown)[0]!r}; valid keys: "
                    f"{', '.join(sorted(_PATTERN_KEYS))}")
    fact = raw.get("fact")
    if fact not in kinds:
        raise _fail(path, f"{where}.fact", f"unknown fact kind {fact!r}; valid: "
                    f"{', '.join(sorted(kinds))}")
    alias = raw.get("as", f"unnamed{len(aliases)}")
    if not isinstance(alias, str) or not _FIELD.match(alias) or alias in _RESERVED:
        raise _fail(path, f"{where}.as", f"{alias!r} is not a usable alias (lower_snake_case, "
                    f"not one of {', '.join(sorted(_RESERVED))}, which the engine reserves)")

    def joins(key: str) -> tuple[tuple[str, str, str], ...]:
        out = []
        for fld, ref in (raw.get(key) or {}).items():
            other, _, other_field = str(ref).partition(".")
            if other not in aliases or not other_field:
                raise _fail(path, f"{where}.{key}.{fld}", f"{ref!r} must be ALIAS.FIELD with "
                            f"an alias defined earlier ({', '.join(aliases) or 'none yet'})")
            out.append((fld, other, other_field))
        return tuple(out)

    eq = raw.get("eq") or {}
    if not isinstance(eq, dict) or not all(isinstance(v, (str, int, bool)) for v in eq.values()):
        raise _fail(path, f"{where}.eq", "expected a table of field = string/number/boolean")
    any_raw = raw.get("any", [])
    groups = any_raw if any_raw and all(isinstance(g, list) for g in any_raw) else \
        ([any_raw] if any_raw else [])
    return Pattern(fact, alias, _strings(path, f"{where}.is", raw.get("is", [])),
                   tuple(_strings(path, f"{where}.any", g) for g in groups),
                   _strings(path, f"{where}.not", raw.get("not", [])),
                   tuple(sorted(eq.items())), joins("same"), joins("differ"), joins("after"))


def _logic(path, where: str, raw: dict, name: str, kinds: set[str]) -> Logic:
    when_raw = raw.get("when")
    if not isinstance(when_raw, list) or not when_raw:
        raise _fail(path, f"{where}when", "at least one [[when]] pattern is required")
    aliases: list[str] = []
    when = []
    for i, p in enumerate(when_raw):
        pat = _pattern(path, f"{where}when[{i}]", p, aliases, kinds)
        aliases.append(pat.alias)
        when.append(pat)
    unless = tuple(_pattern(path, f"{where}unless[{i}]", p, aliases, kinds)
                   for i, p in enumerate(raw.get("unless", [])))
    for i, p in enumerate(unless):
        if p.fact in {w.fact for w in when}:
            # facts of one kind reach the engine together, so whether the absent one had
            # arrived when the rule fired would depend on their order
            raise _fail(path, f"{where}unless[{i}].fact", f"{p.fact!r} is also a [[when]] kind; "
                        "derive a fact from it (rules/derive) and test that instead")
    derive = raw.get("derive", {})
    if not isinstance(derive, dict) or (derive and not isinstance(derive.get("kind"), str)):
        raise _fail(path, f"{where}derive", "expected a table with a string `kind`")
    for key, value in derive.items():
        for ref, _ in TEMPLATE.findall(str(value)):
            if ref not in aliases:
                raise _fail(path, f"{where}derive.{key}", f"{{{ref}...}} names no alias")
    for key in ("message", "curative"):
        value = raw.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise _fail(path, f"{where}{key}", "expected non-empty text")
    if isinstance(raw.get("curative"), str):
        _check_placeholders(path, f"{where}curative", raw["curative"])
    return Logic(name, tuple(when), unless, tuple(sorted(derive.items())), str(path),
                 raw.get("message"), raw.get("curative"))


def _check_placeholders(path: Path, where: str, text: str) -> None:
    """Curative text names the parties by placeholders the charge fills (curative.py)."""
    unknown = sorted(placeholders_in(text) - set(PLACEHOLDERS))
    if unknown:
        raise _fail(path, where, f"unknown placeholder {{{unknown[0]}}}; valid: "
                    + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS))


def _derive_kinds(files: list[Path]) -> set[str]:
    kinds = set(FACT_KINDS)
    for f in files:
        for r in _toml(f).get("rule", []):
            kind = (r.get("derive") or {}).get("kind") if isinstance(r, dict) else None
            if isinstance(kind, str):
                kinds.add(kind)
    return kinds


def _toml(path: Path) -> dict:
    try:
        return load_toml(path)
    except ValueError as exc:  # not UTF-8 or not TOML
        raise RuleDefinitionError(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise RuleDefinitionError(f"{path}: cannot read: {exc.strerror}") from None


_RULE_KEYS = {"code", "name", "severity", "summary", "docs", "cite", "when", "unless", "match",
              "then"}


def _rule(path: Path, data: dict, kinds: set[str], authorities: dict) -> RuleSpec:
    unknown = sorted(set(data) - _RULE_KEYS)
    if unknown:
        raise _fail(path, unknown[0], f"unknown key; valid keys: {', '.join(sorted(_RULE_KEYS))}")
    for key in ("code", "name", "severity", "summary"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise _fail(path, key, "required string is missing or empty")
    code = data["code"]
    if not _CODE.match(code) or path.stem != code:
        raise _fail(path, "code", f"{code!r} must be two capitals and two digits and match the "
                    "file name")
    if data["severity"] not in SEVERITIES:
        raise _fail(path, "severity", f"{data['severity']!r}; valid: {', '.join(SEVERITIES)}")
    docs = data.get("docs", {})
    for key in ("what", "why", "example_fail", "example_pass", "curative"):
        if not isinstance(docs.get(key), str) or not docs[key].strip():
            raise _fail(path, f"docs.{key}", "required text is missing")
    _check_placeholders(path, "docs.curative", docs["curative"])
    cites = []
    for i, c in enumerate(data.get("cite", [])):
        key, pin = c.get("key"), str(c.get("pin", ""))
        if key not in authorities:
            raise _fail(path, f"cite[{i}].key", f"{key!r} is not in authorities.toml")
        if pin not in authorities[key].get("pins", {}):
            raise _fail(path, f"cite[{i}].pin", f"{pin!r} is not a pin of {key!r} in "
                        "authorities.toml")
        cites.append(Cite(key, pin, str(c.get("signal", ""))))
    then = data.get("then", {})
    if "match" in data and ("when" in data or "unless" in data):
        raise _fail(path, "when" if "when" in data else "unless", "a rule with [[match]] tables "
                    "keeps its [[when]] and [[unless]] inside them ([[match.when]])")
    logic_raw = data.get("match") or [{"when": data.get("when"), "unless": data.get("unless", [])}]
    logic = tuple(_logic(path, f"match[{i}]." if "match" in data else "", raw,
                         f"{code}" + (f"#{i + 1}" if len(logic_raw) > 1 else ""), kinds)
                  for i, raw in enumerate(logic_raw))
    at = then.get("at", logic[0].when[0].alias)
    for lg in logic:
        if at not in [p.alias for p in lg.when]:
            raise _fail(path, "then.at", f"{at!r} is not an alias of every [[when]]")
    silent = _strings(path, "then.unless_instruction", then.get("unless_instruction", []))
    for kind in silent:
        if kind not in kinds or kind in FACT_KINDS:
            raise _fail(path, "then.unless_instruction", f"{kind!r} is not a derived fact kind "
                        "(rules/derive); it names what an instruction is, e.g. other_law")
    if silent:  # each [[match]] stays silent in an instruction where such a fact holds
        logic = tuple(lg._replace(unless=lg.unless + tuple(
            Pattern(kind, f"in_{kind}", same=(("instr", at, "instr"),), at_firing=True)
            for kind in silent))
            for lg in logic)
    once = then.get("once", "fact")
    if once not in ("fact", "sentence", "instruction", "charge"):
        raise _fail(path, "then.once", f"{once!r}; valid: fact, sentence, instruction, charge")
    return RuleSpec(code, data["name"], data["severity"], data["summary"].strip(),
                    {k: v.strip() for k, v in docs.items()}, tuple(cites), logic, at,
                    _strings(path, "then.at_concept", then.get("at_concept", [])),
                    str(then.get("message", data["summary"])), once, str(path),
                    bool(then.get("invalidates_theory", False)))


@lru_cache(maxsize=None)
def load(directory: str | None = None) -> Rulebook:
    """Load every rule file of a rules directory (default: the bundled one)."""
    root = Path(directory) if directory else data_dir("rules")
    if not root.is_dir():
        raise RuleDefinitionError(f"{root}: rules directory not found")
    from .citations import load_authorities

    authorities = load_authorities(root / "authorities.toml")
    derive_files = sorted((root / "derive").glob("*.toml"))
    kinds = _derive_kinds(derive_files)
    derivations = []
    for f in derive_files:
        for i, raw in enumerate(_toml(f).get("rule", [])):
            if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
                raise _fail(f, f"rule[{i}].name", "every [[rule]] needs a name")
            for key in ("message", "curative"):
                if key in raw:
                    raise _fail(f, f"rule[{i}].{key}", "a derivation rule reports nothing; "
                                f"a {key} belongs to the [[match]] tables of finding rules")
            derivations.append(_logic(f, f"rule[{i}].", raw, raw["name"], kinds))
    rules = [_rule(f, _toml(f), kinds, authorities) for f in sorted(root.glob("*.toml"))
             if f.name != "authorities.toml"]
    codes = [r.code for r in rules]
    names = [r.name for r in rules]
    for values, what in ((codes, "code"), (names, "name")):
        dup = {v for v in values if values.count(v) > 1}
        if dup:
            raise RuleDefinitionError(f"{root}: duplicate rule {what} {sorted(dup)[0]!r}")
    return Rulebook(tuple(rules), tuple(derivations))
