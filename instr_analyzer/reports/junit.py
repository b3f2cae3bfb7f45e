"""The JUnit XML format, for CI systems that show test results (GitLab, Jenkins, Azure).

Each charge file checked is one test case; it fails when it has findings at or above
`fail_on` (warning by default, the CLI's own default). JUnit allows one <failure> per test
case (Ant's schema), so that one element lists every failing finding; notes, which never
fail, go to <system-out>. No time or hostname attributes: output is byte-identical per input.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..findings import at_or_above
from . import ci_path

SUITE = "instr-analyzer"
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters XML 1.0 cannot carry even escaped; ElementTree would write them verbatim."""


def render(reports, fail_on: str = "warning", **_) -> str:
    """One <testsuite> (inside <testsuites>, which every consumer accepts) for the run."""
    cases = [_case(r, fail_on) for r in reports]
    failures = sum(1 for c in cases if c.find("failure") is not None)
    counts = {"tests": str(len(cases)), "failures": str(failures), "errors": "0",
              "skipped": "0"}
    root = ET.Element("testsuites", {"name": SUITE, **counts})
    suite = ET.SubElement(root, "testsuite", {"name": SUITE, **counts})
    suite.extend(cases)
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _case(report, fail_on: str) -> ET.Element:
    path = ci_path(report.path)
    case = ET.Element("testcase", {"classname": SUITE, "name": _clean(path)})
    findings = sorted(report.findings, key=lambda f: f.sort_key())
    failing = at_or_above(findings, fail_on)
    if failing:
        codes = sorted({f.code for f in failing})
        n = len(failing)
        message = (f"{n} finding{'s' if n != 1 else ''} at or above {fail_on}: "
                   f"{', '.join(codes)}")
        failure = ET.SubElement(case, "failure", {"message": _clean(message),
                                                  "type": " ".join(codes)})
        failure.text = _clean("\n".join(_line(path, f) for f in failing))
    failing_ids = {id(f) for f in failing}
    rest = [f for f in findings if id(f) not in failing_ids]
    if rest:
        ET.SubElement(case, "system-out").text = _clean("\n".join(_line(path, f)
                                                                  for f in rest))
    return case


def _line(path: str, f) -> str:
    """The text format's first line, so a reader can jump to the spot the same way."""
    s = f.span
    return f"{path}:{s.line}:{s.col}: {f.code} {f.severity}: {f.message} [{f.name}]"


def _clean(text: str) -> str:
    return _XML_INVALID.sub("\ufffd", text)
