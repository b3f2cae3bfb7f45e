"""Authorities: one data file lists each case once; rules cite by key and pin.

Citation form follows the Bluebook's short forms as lawyers write them in briefs:
"Tuttle, 471 U.S. at 823-824 (plurality opinion)". A pin that doctrine-sources.md marks
unverified is always introduced with "see" and is never quoted.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .cache import load_toml
from .errors import RuleDefinitionError

STATUSES = ("verified", "verified-secondary", "unverified")


class Citation(NamedTuple):
    key: str
    full: str
    short: str
    signal: str
    parenthetical: str
    quote: str
    status: str
    url: str

    def text(self, form: str = "short") -> str:
        base = self.full if form == "full" else self.short
        signal = f"{self.signal} " if self.signal else ""
        paren = f" ({self.parenthetical})" if self.parenthetical else ""
        return f"{signal}{base}{paren}"


def string_cites(cites: list[Citation]) -> list[str]:
    """A string of citations as a brief writes it: a repeat of the case just cited is 'id.'."""
    out, previous = [], None
    for c in cites:
        text = c.text()
        if previous == c.key and " at " in c.short:
            pin = c.short.split(" at ", 1)[1]
            signal = f"{c.signal} " if c.signal else ""
            paren = f" ({c.parenthetical})" if c.parenthetical else ""
            text = f"{signal}id. at {pin}{paren}"
        out.append(text)
        previous = c.key
    return out


@lru_cache(maxsize=None)
def load_authorities(path: Path) -> dict:
    """The authorities file, validated; loaded once per process (rules and reports share it)."""
    try:
        data = load_toml(path)
    except OSError as exc:
        raise RuleDefinitionError(f"{path}: cannot read: {exc.strerror}") from None
    except ValueError as exc:  # not UTF-8 or not TOML
        raise RuleDefinitionError(f"{path}: not valid TOML: {exc}") from None
    for key, auth in data.items():
        for field in ("case", "short", "volume", "reporter", "page", "year"):
            if field not in auth:
                raise RuleDefinitionError(f"{path}: [{key}].{field}: required field is missing")
        for pin, meta in auth.get("pins", {}).items():
            if meta.get("status") not in STATUSES:
                raise RuleDefinitionError(
                    f"{path}: [{key}.pins.\"{pin}\"].status: {meta.get('status')!r}; valid: "
                    f"{', '.join(STATUSES)}")
            if meta["status"] == "unverified" and meta.get("quote"):
                raise RuleDefinitionError(
                    f"{path}: [{key}.pins.\"{pin}\"].quote: an unverified pin is never quoted")
    return data


def cite(authorities: dict, key: str, pin: str, signal: str = "") -> Citation:
    a = authorities[key]
    meta = a.get("pins", {}).get(pin, {})
    status = meta.get("status", "unverified")
    if status == "unverified":
        signal = "see"  # doctrine.md: an unverified pin is cited only with "see"
    cite_loc = f"{a['volume']} {a['reporter']} {a['page']}"
    if pin and pin != "case":
        full = f"{a['case']}, {cite_loc}, {pin} ({a['year']})"
        short = f"{a['short']}, {a['volume']} {a['reporter']} at {pin}"
    else:
        full = f"{a['case']}, {cite_loc} ({a['year']})"
        short = full
    return Citation(key, full, short, signal, meta.get("opinion", ""),
                    meta.get("quote", "") if status != "unverified" else "", status,
                    a.get("url", ""))
