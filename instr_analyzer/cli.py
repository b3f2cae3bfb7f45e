"""The `instr` command: parses options, calls the pipeline, renders, and picks the exit status.

Exit status: 0 no findings at or above --fail-on, 1 findings, 2 usage or input errors.
Heavy imports (lark, durable) happen inside the commands that need them, so `--help` is fast.
"""

from __future__ import annotations

import os
import sys

import click

from .errors import AnalyzerError
from .reports import FORMATS

SEVERITIES = ("error", "warning", "note")


class _Group(click.Group):
    """One catch site: a project error becomes one `Error: ...` line and exit status 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except AnalyzerError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(2)
        except RecursionError:
            click.echo("Error: input nests too deeply to analyze", err=True)
            ctx.exit(2)


def run() -> None:
    """The `instr` command's entry point: `main`, then the exit without the interpreter's
    teardown. Freeing every module and object of the process (the grammar, the phrase trie,
    the rule engine) took 35-55 ms after the output was written, a fifth of a one-page check;
    nothing is left to do by then (output is flushed here, files are closed, --jobs workers are
    joined), so the process ends at once with the status `main` chose."""
    try:
        main(prog_name="instr")
        code = 0
    except SystemExit as exc:
        code = exc.code
    if code is None:
        code = 0
    elif not isinstance(code, int):  # sys.exit("message"): what sys.exit itself does
        print(code, file=sys.stderr)
        code = 1
    if sys.gettrace() is not None or sys.getprofile() is not None:
        sys.exit(code)  # under a profiler or coverage, which write their data at exit
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe ("instr check ... | head"): the output is gone anyway
        code = code or 1
    os._exit(code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="instr-analyzer", prog_name="instr")
def main() -> None:
    """Find legal defects in draft jury instructions on § 1983 municipal liability (Monell)."""


def _analyze_one(args: tuple[str, str | None, str, str | None, bool]):
    from .analysis import analyze_source
    from .reader import read

    path, verdict, encoding, rules_dir, parse_all = args
    return analyze_source(read(path, encoding), verdict, rules_dir, parse_all)


def _analyze_slim(args):
    report = _analyze_one(args)
    report.text, report.sentences, report.instructions = "", [], []
    return report


def _analyze_all(paths: tuple[str, ...], verdict, encoding, jobs: int, rules_dir=None,
                 parse_all=False):
    from .analysis import analyzer
    from .reader import collect

    analyzer(rules_dir)  # a broken rule file is reported before any input is read
    files = collect(list(paths))
    work = [(f, verdict, encoding, rules_dir, parse_all) for f in files]
    if jobs > 1 and len(work) > 1:
        from concurrent.futures import ProcessPoolExecutor

        # Workers are forked after the engine is built, so they inherit it; they send back
        # findings and counts only (the text and logical forms would cost more to pickle than
        # to compute).
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            # small chunks: a worker left idle while the other finishes a long last chunk
            # costs more than the few extra round trips (200 charges: 6 a chunk, not 25)
            results = pool.map(_analyze_slim, work, chunksize=max(1, len(work) // (jobs * 16)))
            return list(_progress(results, len(work)))
    return list(_progress(map(_analyze_one, work), len(work)))


def _progress(reports, total: int):
    """A progress bar on stderr for many files, only when stderr is a terminal: machine
    formats on stdout and logs in CI never see it."""
    if total < 20 or not sys.stderr.isatty():
        yield from reports
        return
    with click.progressbar(reports, length=total, label="Checking", file=sys.stderr) as bar:
        yield from bar


def _emit(text: str, output: str | None) -> None:
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        click.echo(text, nl=False)


_config_option = click.option(
    "--config", "config_file", default=None, metavar="FILE",
    help="Settings file to use instead of the nearest .instr-analyzer.toml or pyproject.toml.")


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="text",
              show_default=True, help="Output format.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
              help="Exit 1 when a finding at or above this severity is reported "
                   "[default: fail-on from the config, else warning].")
@click.option("--verdict", type=click.Choice(["general", "special"]), default=None,
              help="The verdict form, when the charge has no 'Verdict Form' section.")
@click.option("--explain", is_flag=True, help="Print each finding's derivation as a tree.")
@click.option("--stats", is_flag=True, help="Report how many doctrine sentences were analyzed.")
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of text files.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes (output is identical and in the same order).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write the report to this file instead of standard output.")
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False), default=None,
              help="A rules directory to use instead of the bundled catalog.")
@_config_option
@click.option("--baseline", "baseline_file", default=None, metavar="FILE",
              help="Leave out the findings accepted in FILE (written by `instr baseline`).")
@click.option("--expect", is_flag=True,
              help="Compare each charge with the X.expected.toml beside it instead of "
                   "reporting (config and baseline are not applied).")
def check(paths, fmt, fail_on, verdict, explain, stats, encoding, jobs, output,
          rules_dir, config_file, baseline_file, expect) -> None:
    """Check charge files (.txt, .md, .docx) or directories of them."""
    from .config import resolve
    from .findings import at_or_above
    from .reports import render

    if expect:
        sys.exit(_expect(paths, verdict, encoding, jobs, output, rules_dir))
    settings = resolve(config_file, rules_dir)
    if baseline_file:
        from .baseline import apply, load, stale_lines

        accepted = load(baseline_file)  # a baseline without reasons fails before any analysis
    reports = settings.apply(_analyze_all(paths, verdict, encoding, jobs, rules_dir))
    if baseline_file:
        reports, stale = apply(reports, accepted, baseline_file)
        for line in stale_lines(stale, baseline_file):
            click.echo(line, err=True)
    level = fail_on or settings.fail_on or "warning"
    for r in reports:
        if r.stats.get("windows"):
            click.echo(f"note: {r.path} is very large and was analyzed in {r.stats['windows']} "
                       "windows; whole-charge rules (DF01, VD01, EL01) saw one window at a time",
                       err=True)
    _emit(render(fmt, reports, explain=explain, stats=stats, fail_on=level), output)
    sys.exit(1 if any(at_or_above(r.findings, level) for r in reports) else 0)


def _expect(paths, verdict, encoding, jobs, output, rules_dir) -> int:
    from .expectations import check_paths

    text, status = check_paths(paths, verdict, lambda fs, v: _analyze_all(
        tuple(fs), v, encoding, jobs, rules_dir))
    _emit(text, output)
    return status


@main.command(name="baseline")
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The baseline file to write (reasons already in it are kept).")
@click.option("--verdict", type=click.Choice(["general", "special"]), default=None)
@click.option("--encoding", default="utf-8", show_default=True)
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False), default=None)
@_config_option
def baseline_command(paths, output, verdict, encoding, rules_dir, config_file) -> None:
    """Record every current finding as accepted; each entry then needs a reason."""
    from .baseline import write
    from .config import resolve

    settings = resolve(config_file, rules_dir)
    count = write(settings.apply(_analyze_all(paths, verdict, encoding, 1, rules_dir)), output)
    click.echo(f"Wrote {count} accepted finding{'s' if count != 1 else ''} to {output}; give "
               "each a reason before using it with `instr check --baseline`.")


@main.command(name="diff")
@click.argument("old")
@click.argument("new")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
              help="Exit 1 when an introduced finding is at or above this severity "
                   "[default: fail-on from the config, else warning].")
@click.option("--verdict", type=click.Choice(["general", "special"]), default=None)
@click.option("--encoding", default="utf-8", show_default=True)
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False), default=None)
@_config_option
def diff_command(old, new, fail_on, verdict, encoding, rules_dir, config_file) -> None:
    """Compare two drafts of a charge: findings fixed, introduced and still present."""
    from .config import resolve
    from .diffing import match, render
    from .errors import InputError
    from .findings import at_or_above

    for path in (old, new):
        if os.path.isdir(path):
            raise InputError(f"{path}: instr diff compares two charge files, not directories")
    settings = resolve(config_file, rules_dir)
    before, after = settings.apply(_analyze_all((old, new), verdict, encoding, 1, rules_dir))
    fixed, introduced, still = match(before.findings, after.findings)
    click.echo("\n".join(render(fixed, introduced, still)))
    sys.exit(1 if at_or_above(introduced, fail_on or settings.fail_on or "warning") else 0)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--verdict", type=click.Choice(["general", "special"]), default=None)
@click.option("--encoding", default="utf-8", show_default=True)
def parse(paths, verdict, encoding) -> None:
    """Print each sentence's logical form as an S-expression."""
    reports = _analyze_all(paths, verdict, encoding, 1, parse_all=True)
    for report in reports:
        click.echo(f";; {report.path} (verdict: {report.verdict})")
        current = None
        for s in report.sentences:
            if s.instruction != current:
                current = s.instruction
                title = report.instructions[current - 1].title
                click.echo(f";; {title}")
            mark = "" if s.analyzed or not s.mentions else "  ; NOT ANALYZED"
            click.echo(f"{s.span.line}:{s.span.col} {s.sexp()}{mark}")
        st = report.stats
        share = st["analyzed"] / st["concept_sentences"] * 100 if st["concept_sentences"] else 100
        click.echo(f";; {st['analyzed']} of {st['concept_sentences']} sentences that name a "
                   f"doctrine concept analyzed ({share:.0f} %); {st['sentences']} sentences in all")


@main.command()
def rules() -> None:
    """List every rule: code, name, severity, summary."""
    from .rulebook import load

    for r in load().rules:
        click.echo(f"{r.code}  {r.name:<52} {r.severity:<8} {r.summary}")


@main.command()
@click.argument("code")
def explain(code: str) -> None:
    """Print a rule's documentation, examples, authorities and curative language."""
    from .analysis import analyzer
    from .citations import cite
    from .curative import example
    from .errors import ConfigError

    az = analyzer()
    spec = az.rules.get(code)
    if spec is None:
        raise ConfigError(f"unknown rule code {code!r}; `instr rules` lists them")
    d = spec.docs
    out = [f"{spec.code} {spec.name} ({spec.severity})", "", spec.summary, "",
           "What it checks", "  " + d["what"], "", "Why it is a defect", "  " + d["why"], "",
           "Defective example", "  " + d["example_fail"], "", "Sound example",
           "  " + d["example_pass"], "", "Authorities"]
    for c in spec.cites:
        ct = cite(az.authorities, c.key, c.pin, c.signal)
        out.append(f"  {ct.text('full')}" + (f"\n    \"{ct.quote}\"" if ct.quote else ""))
    out += ["", "Curative language (bracketed words are filled from the charge checked)",
            "  " + example(d["curative"])]
    click.echo("\n".join(out))


def _register() -> None:
    """Commands kept in their own modules (each imports its heavy parts only when run)."""
    from .cli_report import report

    main.add_command(report)


_register()


if __name__ == "__main__":  # python -m instr_analyzer.cli
    run()
