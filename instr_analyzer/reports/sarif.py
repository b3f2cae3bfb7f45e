"""The SARIF format, for GitHub code scanning and other result viewers.

Follows SARIF 2.1.0: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
(schema: https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json).
The field mapping is style.md section 7.8. The output carries no timestamps, run ids or
absolute paths, so two runs on the same input give the same bytes (golden tests rely on it).
"""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from urllib.parse import quote

from ..curative import example
from . import ci_path

SCHEMA_URI = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
              "sarif-schema-2.1.0.json")
FALLBACK_URI = "https://pypi.org/project/instr-analyzer/"
FINGERPRINT = "instructionQuoteHash/v1"
"""Versioned name (SARIF 3.27.17): bump the version if the hashed fields ever change."""


def render(reports, **_) -> str:
    """One run over every report; rules come from the bundled rulebook (ruleIndex points in)."""
    from .. import __version__

    rules, index = _rules(reports)
    results = [_result(f, index[f.code]) for r in reports
               for f in sorted(r.findings, key=lambda f: f.sort_key())]
    driver = {"name": "instr-analyzer", "version": __version__,
              "informationUri": _information_uri(), "rules": rules}
    doc = {"$schema": SCHEMA_URI, "version": "2.1.0",
           # NOTE: columnKind is required once there are results; our columns count code
           # points (Python str offsets), not the UTF-16 units SARIF viewers assume otherwise.
           "runs": [{"tool": {"driver": driver}, "columnKind": "unicodeCodePoints",
                     "results": results}]}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _information_uri() -> str:
    """The project's home page from package metadata, when pyproject names one."""
    try:
        urls = metadata.metadata("instr-analyzer").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        urls = []
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "source", "repository"):
            return url.strip()
    return FALLBACK_URI


def _rules(reports) -> tuple[list[dict], dict[str, int]]:
    """Every bundled rule, in code order, plus a stub for codes only a custom --rules dir has."""
    from ..rulebook import load

    rules = [_descriptor(spec) for spec in load().rules]
    index = {d["id"]: i for i, d in enumerate(rules)}
    for f in sorted((f for r in reports for f in r.findings), key=lambda f: f.code):
        if f.code not in index:
            index[f.code] = len(rules)
            rules.append({"id": f.code, "name": f.name,
                          "defaultConfiguration": {"level": f.severity}})
    return rules, index


def _descriptor(spec) -> dict:
    return {
        "id": spec.code,
        "name": spec.name,
        "shortDescription": {"text": spec.summary},
        "fullDescription": {"text": spec.docs["why"]},
        "help": {"text": example(spec.docs["curative"])},
        "defaultConfiguration": {"level": spec.severity},
    }


def _result(f, rule_index: int) -> dict:
    s = f.span
    return {
        "ruleId": f.code,
        "ruleIndex": rule_index,
        "level": f.severity,  # our three severities are SARIF's level names
        "message": {"text": f.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": quote(ci_path(f.path), safe="/")},
            # Our end column is inclusive; SARIF's endColumn is the column just past the end.
            "region": {"startLine": s.line, "startColumn": s.col, "endLine": s.end_line,
                       "endColumn": s.end_col + 1, "snippet": {"text": f.quote}},
        }}],
        "partialFingerprints": {FINGERPRINT: fingerprint(f)},
        "properties": {"instruction": f.instruction_title,
                       "authorities": list(f.authorities)},
    }


def fingerprint(f) -> str:
    """Stable across edits elsewhere in the file: no line, column or offset goes in.

    The instruction's title (not its number, which shifts when one is inserted above) and the
    quote with whitespace and case folded, so re-wrapping a paragraph keeps the identity.
    """
    key = "\0".join((f.code, _oneline(f.instruction_title).casefold(),
                     _oneline(f.quote).casefold()))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _oneline(text: str) -> str:
    return " ".join(text.split())
