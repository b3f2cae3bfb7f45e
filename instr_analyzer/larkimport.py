"""Lark, imported for this package: the one place that imports it first.

lark imports the `regex` module whenever it is installed (eyecite and many other packages
install it), only to offer Lark(regex=True), which this project never uses; that import costs
10-15 ms of every `instr check` start. While lark loads, `import regex` fails, so lark takes
plain `re`; afterwards `regex` imports normally for anyone else.
"""

from __future__ import annotations

import sys

if "lark" not in sys.modules and "regex" not in sys.modules:
    sys.modules["regex"] = None  # type: ignore[assignment]  # makes `import regex` fail
    try:
        import lark  # noqa: F401
    finally:
        del sys.modules["regex"]

from lark import Lark, Token, Tree  # noqa: E402

__all__ = ["Lark", "Token", "Tree"]
