"""`python -m instr_analyzer` is the `instr` command."""

from .cli import main

main()
