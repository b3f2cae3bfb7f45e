"""Reading input: files and directories become (path, text) pairs, or a located InputError."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from .errors import InputError

TEXT_SUFFIXES = (".txt", ".md", ".text")
DOCX_SUFFIX = ".docx"
MAX_BYTES = 64 * 1024 * 1024
"""Larger files are refused: a charge is kilobytes, and memory must stay bounded."""


class Source(NamedTuple):
    """One charge to analyze: where it came from and its text."""

    path: str
    text: str
    paragraphs: tuple[int, ...] = ()
    """For .docx input: the 1-based Word paragraph number of each line of `text`."""


def collect(paths: list[str]) -> list[str]:
    """Expand directories into the charge files below them, sorted, or fail with the reason."""
    files: list[str] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError(f"{raw}: no such file or directory")
        if path.is_dir():
            found = _walk(path)
            if not found:
                raise InputError(
                    f"{raw}: no instruction files in this directory (looked for "
                    f"{', '.join(TEXT_SUFFIXES + (DOCX_SUFFIX,))})")
            files.extend(found)
        else:
            files.append(raw)
    return files


def _walk(root: Path) -> list[str]:
    found = []
    seen: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        st = os.stat(dirpath)
        if (st.st_dev, st.st_ino) in seen:  # a symlink loop: visit each directory once
            dirnames[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        dirnames.sort()
        for name in sorted(filenames):
            if name.lower().endswith(TEXT_SUFFIXES + (DOCX_SUFFIX,)) and not name.startswith("."):
                found.append(os.path.join(dirpath, name))
    return found


def read(path: str, encoding: str = "utf-8") -> Source:
    """Read one charge file; every failure becomes an InputError naming the file."""
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise InputError(f"{path}: file is {size:,} bytes; the limit is {MAX_BYTES:,}. "
                             "Split the charge into smaller files.")
        if path.lower().endswith(DOCX_SUFFIX):
            from .docx_reader import read_docx

            return read_docx(path)
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return Source(path, decode(path, data, encoding))


def decode(path: str, data: bytes, encoding: str = "utf-8") -> str:
    """Bytes to text, refusing binary data and naming the first undecodable byte."""
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(f"{path}: binary file (NUL byte at offset {nul}); "
                         "give a .txt, .md or .docx charge")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not valid {encoding} at byte offset {exc.start} "
                         f"(byte 0x{data[exc.start]:02x}); re-save it as UTF-8 or pass "
                         "--encoding (e.g. --encoding cp1252)") from None
    except LookupError:
        raise InputError(f"{path}: unknown encoding {encoding!r}") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError(f"{path}: file is empty (no instruction text to analyze)")
    return text
