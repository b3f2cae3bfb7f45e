"""The terminal format: one block per finding, `path:line:col: CODE message [name]` first."""

from __future__ import annotations

import textwrap

from ..findings import SEVERITY_RANK


def _wrap(label: str, text: str) -> list[str]:
    return textwrap.wrap(text, width=96, initial_indent=f"    {label}",
                         subsequent_indent=" " * (4 + len(label)))


def render(reports, explain: bool = False, stats: bool = False, **_) -> str:
    lines: list[str] = []
    counts = {"error": 0, "warning": 0, "note": 0}
    for report in reports:
        for f in report.findings:
            counts[f.severity] += 1
            s = f.span
            lines.append(f"{f.path}:{s.line}:{s.col}: {f.code} {f.severity}: {f.message} "
                         f"[{f.name}]")
            where = f"Word paragraph {f.paragraph}, " if f.paragraph else ""
            lines.append(f"    in {f.instruction_title} ({where}lines {s.line}-{s.end_line}, "
                         f"columns {s.col}-{s.end_col})")
            if f.authorities:
                lines += _wrap("authority: ", "; ".join(f.authorities) + ".")
            lines += _wrap("curative: ", f.curative)
            if explain:
                lines.append("    derivation:")
                lines += _tree(f.derivation, 6)
        if stats:
            st = report.stats
            share = (st["analyzed"] / st["concept_sentences"] * 100) if st["concept_sentences"] \
                else 100.0
            lines.append(f"{report.path}: {st['sentences']} sentences, "
                         f"{st['concept_sentences']} name a doctrine concept, "
                         f"{st['analyzed']} of those analyzed ({share:.0f} %)")
            for sid in st["unanalyzed"]:
                lines.append(f"    not analyzed: {sid}")
    total = sum(counts.values())
    files = len(reports)
    if total:
        parts = [f"{n} {sev}{'s' if n != 1 else ''}" for sev, n in
                 sorted(counts.items(), key=lambda kv: -SEVERITY_RANK[kv[0]]) if n]
        lines.append(f"Found {total} finding{'s' if total != 1 else ''} ({', '.join(parts)}) "
                     f"in {files} file{'s' if files != 1 else ''}.")
    else:
        lines.append(f"No findings in {files} file{'s' if files != 1 else ''}.")
    return "\n".join(lines) + "\n"


def _tree(node: dict, indent: int) -> list[str]:
    pad = " " * indent
    out = []
    if "logic" in node:
        out.append(f"{pad}rule {node['rule']} ({node['logic']}), from {node['source']}")
        for a in node.get("authorities", []):
            out.append(f"{pad}  authority: {a}")
        for child in node.get("matched", []):
            out += _tree(child, indent + 2)
        for absent in node.get("absent", []):
            out.append(f"{pad}  and the charge has {absent}")
        return out
    if "words" in node:
        out.append(f"{pad}{node['kind']} {node['fact']} at line {node['line']}, column "
                   f"{node['col']}: \"{' '.join(node['words'].split())}\"")
        if node.get("form"):
            out += textwrap.wrap(node["form"], 96, initial_indent=f"{pad}  read as: ",
                                 subsequent_indent=f"{pad}           ")
        if node.get("tested"):
            out += textwrap.wrap("; ".join(node["tested"]), 96,
                                 initial_indent=f"{pad}  matched: ", subsequent_indent=f"{pad}           ")
        return out
    fields = ", ".join(f"{k}={v}" for k, v in node["read"].items() if k != "at")
    rule = f" by rule {node['rule']}" if "rule" in node else ""
    out.append(f"{pad}derived {node['kind']} ({fields}){rule}")
    for child in node.get("from", []):
        out += _tree(child, indent + 2)
    return out
