"""The project's exceptions: one class per stage, each built with a complete message."""

from __future__ import annotations


class AnalyzerError(Exception):
    """Base of every error the CLI reports as one line and exit status 2."""


class InputError(AnalyzerError):
    """A file or directory that cannot be read as a charge."""


class RuleDefinitionError(AnalyzerError):
    """A rule, authority or phrase data file that is malformed: names file and field."""


class ConfigError(AnalyzerError):
    """A bad option or configuration value."""


class EngineError(AnalyzerError):
    """The rule engine failed; carries the rule code when known."""
