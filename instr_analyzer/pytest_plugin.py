"""A pytest plugin: every charge with an `X.expected.toml` beside it becomes a test item.

A team keeping its own charges and expectations (samples/README.md format) gets them checked by
the real analysis in its ordinary test run. Collection is opt-in (`--instr-samples`, or
`instr_samples = true` in the ini file) because the plugin is installed for every pytest run in
the environment, and a project like this one already tests its samples its own way. The
analyzer is imported only when an item runs, so merely having the plugin installed costs nothing.
"""

from __future__ import annotations

import os

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("instr-analyzer")
    group.addoption("--instr-samples", action="store_true", default=False,
                    help="Collect charges (*.txt) that have an X.expected.toml beside them.")
    parser.addini("instr_samples", type="bool", default=False,
                  help="Collect charges (*.txt) that have an X.expected.toml beside them.")


def _enabled(config: pytest.Config) -> bool:
    return bool(config.getoption("instr_samples") or config.getini("instr_samples"))


def pytest_collect_file(file_path, parent):
    if file_path.suffix == ".txt" and _enabled(parent.config) \
            and file_path.with_suffix(".expected.toml").is_file():
        return ChargeFile.from_parent(parent, path=file_path)
    return None


class ChargeFile(pytest.File):
    """One charge file, holding the single item that checks it."""

    def collect(self):
        yield ChargeItem.from_parent(self, name="expected-findings")


class ExpectationMismatch(Exception):
    """The charge's findings differ from its expectations; carries the diff lines."""

    def __init__(self, path: str, diff: list[str]) -> None:
        super().__init__(f"{path}: {len(diff)} difference(s) from expectations")
        self.path = path
        self.diff = diff


class ChargeItem(pytest.Item):
    """Analyze the charge and compare its findings with its expectations."""

    def runtest(self) -> None:
        from .expectations import run

        path = str(self.path)
        diff = run([path])[path]
        if diff:
            raise ExpectationMismatch(path, diff)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, ExpectationMismatch):
            err = excinfo.value
            name = self.path.with_suffix(".expected.toml").name
            where = os.path.relpath(err.path, self.config.rootpath)
            return "\n".join([f"{where}: findings differ from {name}",
                              *(f"    {line}" for line in err.diff)])
        from .errors import AnalyzerError

        if isinstance(excinfo.value, AnalyzerError):  # a bad charge or expectations file
            return f"Error: {excinfo.value}"
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, None, f"instr sample: {self.path.name}"
