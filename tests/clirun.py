"""The `instr` command run in-process, as the CLI tests call it."""

from __future__ import annotations

from click.testing import CliRunner

from instr_analyzer.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)
