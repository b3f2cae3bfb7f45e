"""`instr report`: the brief-prep report (Markdown or HTML) for an appellate lawyer.

`check` is a gate (its exit status fails a build); `report` is a document, so it exits 0 when
it wrote the report, whatever the charge holds, and 2 on usage or input errors (the group's
one `Error:` line). Output is deterministic: the time appears only with --timestamp.
"""

from __future__ import annotations

import click

FORMATS = ("markdown", "html")


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="markdown",
              show_default=True, help="Markdown for the brief writer; one self-contained HTML "
              "page showing the whole charge with each defect highlighted in place.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write the report to this file instead of standard output.")
@click.option("--verdict", type=click.Choice(["general", "special"]), default=None,
              help="The verdict form, when the charge has no 'Verdict Form' section.")
@click.option("--timestamp", is_flag=True,
              help="Add the time of the run (otherwise two runs are byte-identical).")
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of text files.")
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False), default=None,
              help="A rules directory to use instead of the bundled catalog.")
def report(paths, fmt, output, verdict, timestamp, encoding, rules_dir) -> None:
    """Write a brief-prep report of the defects in one or more charges."""
    from .analysis import analyze_source, analyzer
    from .reader import collect, read

    az = analyzer(rules_dir)  # a broken rule file is reported before any input is read
    reports = [analyze_source(read(path, encoding), verdict, rules_dir, parse_all=True)
               for path in collect(list(paths))]
    stamp = None
    if timestamp:
        from datetime import datetime, timezone

        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    if fmt == "html":
        from .reports.html import render
    else:
        from .reports.markdown import render
    text = render(reports, az, rules_dir=rules_dir, timestamp=stamp)
    if output:
        with open(output, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    else:
        click.echo(text, nl=False)
