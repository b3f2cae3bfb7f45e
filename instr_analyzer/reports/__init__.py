"""Renderers: one module per output format, each a function of analyzed reports to text."""

from __future__ import annotations

FORMATS = ("text", "json")


def render(fmt: str, reports, **options) -> str:
    """Dispatch by format name; imports only the renderer asked for."""
    if fmt == "json":
        from .json_format import render as json_render

        return json_render(reports, **options)
    from .text import render as text_render

    return text_render(reports, **options)
