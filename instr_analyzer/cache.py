"""A start-up cache: parsed TOML data, what is built from it (the phrase trie), and the
compiled grammar.

The cache holds JSON (never pickled objects of ours) under $XDG_CACHE_HOME/instr-analyzer, so a
stale or tampered entry can at worst be re-parsed; an unwritable cache directory is ignored.
An entry is keyed, like Python's own .pyc files, by the source's path, size and modification
time (in nanoseconds), so a hit costs one stat and one read, not a read and a hash of the source.
"""

from __future__ import annotations

import json
import os
import zlib
from functools import lru_cache
from pathlib import Path


def directory() -> Path | None:
    return _directory(os.environ.get("INSTR_ANALYZER_NO_CACHE", ""),
                      os.environ.get("XDG_CACHE_HOME", ""), os.path.expanduser("~"))


@lru_cache(maxsize=None)
def _directory(disabled: str, xdg: str, home: str) -> Path | None:
    if disabled:
        return None
    path = Path(xdg or os.path.join(home, ".cache")) / "instr-analyzer"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path if os.access(path, os.W_OK) else None


def load_toml(path: Path | str) -> dict:
    """tomllib.load, remembered as JSON (tomllib is pure Python and slow to start).

    Raises OSError, or ValueError for text that is not UTF-8 or not TOML (tomllib's
    TOMLDecodeError and UnicodeDecodeError are both ValueErrors)."""
    def parse() -> dict:
        import tomllib

        return tomllib.loads(Path(path).read_bytes().decode("utf-8"))

    return remembered(path, "toml", parse)


def remembered(path: Path | str, kind: str, compute):
    """compute(), a JSON value made from the file at `path` alone, remembered under the file's
    key; an exception from compute (a malformed file) is raised and nothing is remembered."""
    st = os.stat(path)
    key = f"{os.path.abspath(path)}|{st.st_size}|{st.st_mtime_ns}"
    root = directory()
    entry = root / f"{kind}-{zlib.crc32(key.encode('utf-8')):08x}.json" if root else None
    if entry is not None:
        try:
            cached = json.loads(entry.read_text(encoding="utf-8"))
            if cached.get("key") == key:  # the name is a short checksum: check the whole key
                return cached["data"]
        except (OSError, ValueError, AttributeError, KeyError):
            pass
    data = compute()
    if entry is not None:
        try:
            tmp = entry.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"key": key, "data": data}), encoding="utf-8")
            os.replace(tmp, entry)
        except (OSError, TypeError, ValueError):
            pass  # values JSON cannot hold (dates) are simply not cached
    return data


def grammar_cache_file(grammar: str) -> str | bool:
    """A file name for Lark's own grammar cache, or False to build the parser every time."""
    import hashlib  # lark imports it anyway; only the parser needs it

    root = directory()
    if root is None:
        return False
    return str(root / f"grammar-{hashlib.sha256(grammar.encode()).hexdigest()[:32]}.lark")
