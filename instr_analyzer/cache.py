"""A start-up cache: parsed TOML data and the compiled grammar, keyed by the source bytes.

The cache holds JSON (never pickled objects of ours) under $XDG_CACHE_HOME/instr-analyzer, so a
stale or tampered entry can at worst be re-parsed; an unwritable cache directory is ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from pathlib import Path


def directory() -> Path | None:
    if os.environ.get("INSTR_ANALYZER_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(base) / "instr-analyzer"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path if os.access(path, os.W_OK) else None


def load_toml(path: Path | str) -> dict:
    """tomllib.load, remembered as JSON by the file's content hash (tomllib is pure Python)."""
    raw = Path(path).read_bytes()
    root = directory()
    key = hashlib.sha256(raw).hexdigest()[:32]
    entry = root / f"toml-{key}.json" if root else None
    if entry is not None and entry.exists():
        try:
            return json.loads(entry.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
    data = tomllib.loads(raw.decode("utf-8"))
    if entry is not None:
        try:
            tmp = entry.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(data), encoding="utf-8")
            os.replace(tmp, entry)
        except (OSError, TypeError, ValueError):
            pass  # values JSON cannot hold (dates) are simply not cached
    return data


def grammar_cache_file(grammar: str) -> str | bool:
    """A file name for Lark's own grammar cache, or False to build the parser every time."""
    root = directory()
    if root is None:
        return False
    return str(root / f"grammar-{hashlib.sha256(grammar.encode()).hexdigest()[:32]}.lark")
