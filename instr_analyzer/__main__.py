"""`python -m instr_analyzer ...` is the `instr` command (for environments without the script)."""

from .cli import run

run()
