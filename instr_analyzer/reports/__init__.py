"""Renderers: one module per output format, each a function of analyzed reports to text.

cli.py builds its `--format` choice from FORMATS and calls `render`; the renderer module is
imported only when asked for, so `instr --help` and the text format never pay for the others.
"""

from __future__ import annotations

import os
import posixpath
from importlib import import_module

FORMATS = ("text", "json", "sarif", "junit", "github")
_MODULES = {"text": "text", "json": "json_format", "sarif": "sarif", "junit": "junit",
            "github": "github"}


def render(fmt: str, reports, **options) -> str:
    """Dispatch by format name; imports only the renderer asked for."""
    if fmt not in _MODULES:
        raise ValueError(f"unknown format {fmt!r}; valid: {', '.join(FORMATS)}")
    return import_module(f".{_MODULES[fmt]}", __name__).render(reports, **options)


def ci_path(path: str) -> str:
    """The path as CI tools want it: forward slashes, relative to the working directory.

    GitHub annotations and code scanning match files by repository-relative path, so an
    absolute path inside the checkout is made relative; one outside it is kept as it is.
    """
    from pathlib import Path, PurePath  # here, not at the top: `instr --help` never needs it

    p = Path(path)
    if p.is_absolute():
        try:
            p = p.relative_to(Path.cwd())
        except ValueError:
            pass
    return posixpath.normpath(PurePath(os.fspath(p)).as_posix())
