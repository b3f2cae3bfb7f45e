"""Where the data lives: grammar/ and rules/ in the checkout, or their copies in the wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The installed copy (instr_analyzer/_data/NAME) if present, else the checkout's NAME/."""
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name
