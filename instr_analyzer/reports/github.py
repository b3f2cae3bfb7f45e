"""The GitHub Actions format: one workflow command per finding, shown as a PR annotation.

Syntax and escaping follow GitHub's workflow commands
(https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands) and
actions/toolkit's `escapeData`/`escapeProperty`: an unescaped `,` or `:` in a property, or a
newline anywhere, would end the command early and lose or garble the annotation.
"""

from __future__ import annotations

from . import ci_path

COMMAND = {"error": "error", "warning": "warning", "note": "notice"}


def render(reports, **_) -> str:
    """Nothing but commands: any other line would merely be echoed into the log."""
    lines = [_command(f) for r in reports for f in sorted(r.findings, key=lambda f: f.sort_key())]
    return "".join(line + "\n" for line in lines)


def _command(f) -> str:
    s = f.span
    props = {"file": ci_path(f.path), "line": s.line}
    if s.line == s.end_line:
        # NOTE: the runner rejects col/endColumn when line != endLine. GitHub does not say
        # whether endColumn is inclusive; we use SARIF's and ruff's convention (one past the
        # last column), where our own end_col is the last column itself.
        props.update(col=s.col, endLine=s.end_line, endColumn=s.end_col + 1)
    else:
        props["endLine"] = s.end_line
    props["title"] = f"{f.code} {f.name}"
    joined = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items())
    return f"::{COMMAND[f.severity]} {joined}::{escape_data(f.message)}"


def escape_data(text: str) -> str:
    """The message after `::`: only `%`, CR and LF are special there (`%` first)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value: `:` and `,` also delimit, so they are escaped too."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
