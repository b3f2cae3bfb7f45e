"""The JSON format: versioned, stable key order, documented in README.md ("JSON output")."""

from __future__ import annotations

import json

SCHEMA_VERSION = 1


def render(reports, stats: bool = True, **_) -> str:
    from .. import __version__

    doc = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "instr-analyzer", "version": __version__},
        "files": [{
            "path": r.path,
            "verdict": r.verdict,
            "stats": r.stats,
            "findings": [f.to_dict() for f in r.findings],
        } for r in reports],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
