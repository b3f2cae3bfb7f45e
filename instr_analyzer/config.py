"""Project configuration: which findings a team wants reported, and how severe they are.

Read from `.instr-analyzer.toml` (top-level keys) or `[tool.instr-analyzer]` in pyproject.toml,
whichever is nearest above the current directory (in one directory the dedicated file wins), or
from `--config FILE`. The file is parsed with tomllib and never executed. Every key and value is
checked against the loaded rulebook, so a typo fails loudly instead of silently selecting nothing.
The configuration is applied to finished reports, after analysis, in `Settings.apply` only.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path

from .cache import load_toml
from .errors import ConfigError
from .findings import SEVERITY_RANK

KEYS = ("select", "ignore", "extend-select", "per-file-ignores", "severity", "fail-on")
DEDICATED = ".instr-analyzer.toml"


@dataclass(frozen=True)
class Settings:
    """A validated configuration; the defaults select every rule and change nothing."""

    source: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str | None = None
    root: Path = field(default_factory=Path.cwd)
    """per-file-ignores globs are relative to the directory of the configuration file."""

    def keeps(self, code: str, path: str) -> bool:
        if self.select and not _matches(code, self.select):
            return False
        if _matches(code, self.ignore):
            return False
        names = _path_forms(path, self.root)
        return not any(_matches(code, codes) and any(fnmatch.fnmatch(n, glob) for n in names)
                       for glob, codes in self.per_file_ignores)

    def apply(self, reports: list) -> list:
        """The one place findings are filtered and re-graded; returns new reports."""
        out = []
        for report in reports:
            kept = [dataclasses.replace(f, severity=self.severity.get(f.code, f.severity))
                    for f in report.findings if self.keeps(f.code, f.path)]
            out.append(dataclasses.replace(report, findings=kept))
        return out


def _matches(code: str, selectors) -> bool:
    return any(code.startswith(s) for s in selectors)


def _path_forms(path: str, root: Path) -> list[str]:
    """The path relative to the config's directory, as given, and the bare file name."""
    absolute = Path(os.path.abspath(path))
    forms = [Path(path).as_posix(), absolute.name]
    try:
        forms.insert(0, absolute.relative_to(root).as_posix())
    except ValueError:
        pass
    return forms


def find(start: Path) -> Path | None:
    """The nearest configuration file at or above `start`, or None."""
    for directory in (start, *start.parents):
        if (directory / DEDICATED).is_file():
            return directory / DEDICATED
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and "instr-analyzer" in _read(pyproject).get("tool", {}):
            return pyproject
    return None


def _read(path: Path) -> dict:
    try:
        return load_toml(path)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except ValueError as exc:  # not UTF-8 or not TOML
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def load(codes, explicit: str | None = None, start: Path | None = None) -> Settings:
    """Find, read and validate the configuration against the rule codes in use."""
    path = Path(explicit) if explicit else find(start or Path.cwd())
    if path is None:
        return Settings()
    data = _read(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("instr-analyzer", {})
    return validate(data, str(path), sorted(codes), path.resolve().parent)


def validate(data: dict, source: str, codes: list[str], root: Path) -> Settings:
    """Turn raw TOML into Settings, or raise a ConfigError naming file, key and valid values."""
    def fail(key: str, why: str) -> ConfigError:
        return ConfigError(f"{source}: {key}: {why}")

    prefixes = sorted({c[:2] for c in codes})
    valid_selectors = f"valid: a category ({', '.join(prefixes)}) or a code ({', '.join(codes)})"

    def selectors(key: str, value, exact: bool = False) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(key, "expected a list of rule codes, e.g. [\"PL01\", \"FS\"]")
        for v in value:
            if v not in codes and (exact or not v or not any(c.startswith(v) for c in codes)):
                raise fail(key, f"unknown code {v!r}; "
                           + (f"valid: {', '.join(codes)}" if exact else valid_selectors))
        return tuple(value)

    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise fail(unknown[0], f"unknown key; valid keys: {', '.join(KEYS)}")
    select = selectors("select", data.get("select", []))
    extend = selectors("extend-select", data.get("extend-select", []))
    ignore = selectors("ignore", data.get("ignore", []))
    pfi = data.get("per-file-ignores", {})
    if not isinstance(pfi, dict):
        raise fail("per-file-ignores", "expected a table of glob = [codes]")
    per_file = tuple((g, selectors(f"per-file-ignores.{g!r}", v)) for g, v in pfi.items())
    severity = data.get("severity", {})
    if not isinstance(severity, dict):
        raise fail("severity", "expected a table of code = \"error\" | \"warning\" | \"note\"")
    for code, level in severity.items():
        selectors("severity", [code], exact=True)
        if level not in SEVERITY_RANK:
            raise fail(f"severity.{code}", f"{level!r}; valid: error, warning, note")
    fail_on = data.get("fail-on")
    if fail_on is not None and fail_on not in SEVERITY_RANK:
        raise fail("fail-on", f"{fail_on!r}; valid: error, warning, note")
    # extend-select only widens an explicit select; with no select every rule is on already.
    return Settings(source, select + extend if select else (), ignore, per_file,
                    dict(severity), fail_on, root)


def resolve(explicit: str | None = None, rules_dir: str | None = None) -> Settings:
    """The configuration for a run, validated against the codes of the rulebook in use."""
    from .rulebook import load as load_rules

    return load([r.code for r in load_rules(rules_dir).rules], explicit)
