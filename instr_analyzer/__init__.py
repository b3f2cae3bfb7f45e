"""instr-analyzer: finds legal defects in draft jury instructions on § 1983 municipal liability."""

from __future__ import annotations

from .errors import (AnalyzerError, ConfigError, EngineError, InputError,  # noqa: E402
                     RuleDefinitionError)

__all__ = ["AnalyzerError", "ConfigError", "EngineError", "InputError", "RuleDefinitionError",
           "analyze_text", "analyze_file", "__version__"]


def analyze_text(text: str, path: str = "<text>", verdict: str | None = None):
    """Analyze a charge given as text; returns a Report with `.findings`."""
    from .analysis import analyze_text as _analyze

    return _analyze(text, path, verdict)


def analyze_file(path: str, verdict: str | None = None, encoding: str = "utf-8"):
    """Read and analyze one charge file (.txt, .md or .docx)."""
    from .analysis import analyze_source
    from .reader import read

    return analyze_source(read(path, encoding), verdict)


def __getattr__(name: str):
    """`__version__` is looked up only when asked for: importlib.metadata costs ~30 ms of
    start-up that `instr --help` should not pay."""
    if name == "__version__":
        from importlib import metadata

        try:
            return metadata.version("instr-analyzer")
        except metadata.PackageNotFoundError:  # a checkout that is not installed
            return "0.0.0+checkout"
    raise AttributeError(f"module 'instr_analyzer' has no attribute {name!r}")
