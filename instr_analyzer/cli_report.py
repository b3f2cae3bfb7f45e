"""`instr report`: the brief-prep report (Markdown or HTML) for an appellate lawyer."""

from __future__ import annotations

import click


@click.command()
@click.argument("paths", nargs=-1, required=True)
def report(paths) -> None:
    """Write a brief-prep report of the defects in a charge (not yet implemented)."""
    raise click.UsageError("instr report is not implemented yet")
