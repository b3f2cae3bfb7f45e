"""Accepted findings (a baseline): defects a team has reviewed and decided to live with.

An entry names a finding by code, file, instruction number and a hash of its quoted words, not
by line: a charge gains and loses lines as it is edited, but a defect stays the same words in the
same instruction. Every entry must say why it is accepted, because a baseline without reasons
is just a way of hiding errors. Paths are stored relative to the baseline file, so the same
baseline works whatever directory `instr check` is run from.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError

_KEYS = ("code", "path", "instruction", "hash", "quote", "reason")
HEADER = ("# Findings accepted by `instr check --baseline`. Matched by code, path, instruction\n"
          "# and the hash of the quoted words (not by line). Fill in every `reason`: an entry\n"
          "# without one is refused.\n")


def quote_hash(quote: str) -> str:
    """The first 16 hex digits of sha256 over the quote with its whitespace normalized."""
    return hashlib.sha256(" ".join(quote.split()).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Entry:
    code: str
    path: str
    instruction: int
    hash: str
    quote: str = ""
    reason: str = ""

    @property
    def key(self) -> tuple[str, str, int, str]:
        return (self.code, self.path, self.instruction, self.hash)


def _rel(path: str, root: Path) -> str:
    return Path(os.path.relpath(os.path.abspath(path), root)).as_posix()


def entry_for(finding, root: Path) -> Entry:
    return Entry(finding.code, _rel(finding.path, root), finding.instruction,
                 quote_hash(finding.quote), " ".join(finding.quote.split()))


def _string(value: str) -> str:
    # A JSON string is a TOML basic string, except that TOML also forbids a raw DEL.
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def render(reports, target: str, previous: list[Entry] = ()) -> str:
    """The baseline TOML for every finding; reasons are kept from `previous` entries that match."""
    root = Path(os.path.abspath(target)).parent
    reasons: dict[tuple, list[str]] = {}
    for e in previous:
        reasons.setdefault(e.key, []).append(e.reason)
    blocks = [HEADER]
    for report in reports:
        for f in report.findings:
            e = entry_for(f, root)
            reason = (reasons.get(e.key) or [""]).pop(0)
            blocks.append(f"[[accepted]]\ncode = {_string(e.code)}\npath = {_string(e.path)}\n"
                          f"instruction = {e.instruction}\nhash = {_string(e.hash)}\n"
                          f"quote = {_string(e.quote)}\nreason = {_string(reason)}\n")
    return "\n".join(blocks)


def write(reports, target: str) -> int:
    """Write the baseline, keeping the reasons of a baseline already at `target`."""
    previous = load(target, require_reasons=False) if os.path.exists(target) else []
    Path(target).write_text(render(reports, target, previous), encoding="utf-8")
    return sum(len(r.findings) for r in reports)


def load(path: str, require_reasons: bool = True) -> list[Entry]:
    """Read and check a baseline file; every failure is a ConfigError naming file and entry."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    if set(data) - {"accepted"} or not isinstance(data.get("accepted", []), list):
        raise ConfigError(f"{path}: a baseline holds only [[accepted]] tables")
    entries = []
    for i, raw in enumerate(data.get("accepted", [])):
        where = f"{path}: accepted[{i}]"
        unknown = sorted(set(raw) - set(_KEYS)) if isinstance(raw, dict) else ["?"]
        if unknown:
            raise ConfigError(f"{where}: unknown key {unknown[0]!r}; valid keys: "
                              f"{', '.join(_KEYS)}")
        for key in _KEYS:
            want = int if key == "instruction" else str
            if not isinstance(raw.get(key, "" if key == "quote" else None), want):
                raise ConfigError(f"{where}: {key}: required {want.__name__} is missing")
        entry = Entry(**raw)
        if require_reasons and not entry.reason.strip():
            raise ConfigError(f"{where} ({entry.code} in {entry.path}, instruction "
                              f"{entry.instruction}): every accepted finding needs a reason")
        entries.append(entry)
    return entries


def apply(reports, entries: list[Entry], path: str) -> tuple[list, list[Entry]]:
    """Drop accepted findings; return the new reports and the stale entries.

    Each entry accepts one finding, so a defect repeated in the same words in the same
    instruction is reported again. An entry is stale only if its file was checked this run:
    checking a few files must not condemn the entries of the others.
    """
    root = Path(os.path.abspath(path)).parent
    unused: dict[tuple, list[int]] = {}
    for i, e in enumerate(entries):
        unused.setdefault(e.key, []).append(i)
    out = []
    for report in reports:
        kept = []
        for f in report.findings:
            waiting = unused.get(entry_for(f, root).key)
            if waiting:
                waiting.pop(0)
            else:
                kept.append(f)
        out.append(dataclasses.replace(report, findings=kept))
    checked = {_rel(r.path, root) for r in reports}
    left = sorted(i for waiting in unused.values() for i in waiting)
    return out, [entries[i] for i in left if entries[i].path in checked]


def stale_lines(stale: list[Entry], path: str) -> list[str]:
    return [f"{path}: stale baseline entry: {e.code} in {e.path}, instruction {e.instruction} "
            f"({e.hash}) matches no finding; remove it" for e in stale]
