"""Reading Word charges: paragraphs (with automatic list numbering) and tables, as text.

Each Word paragraph becomes one line of the extracted text, so findings keep a line number,
and the report can also name the Word paragraph. Numbered paragraphs get their number back
("1. ") so element lists are seen as lists; table rows (verdict forms are often tables)
become lines with cells joined by " | ".
"""

from __future__ import annotations

import zipfile

from .errors import InputError
from .reader import Source


def read_docx(path: str) -> Source:
    try:
        import docx  # python-docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:  # pragma: no cover - a declared dependency
        raise InputError(
            f"{path}: reading .docx needs python-docx (pip install python-docx)") from None
    if not zipfile.is_zipfile(path):
        raise InputError(f"{path}: not a Word .docx file (not a ZIP package; an old .doc, an "
                         "encrypted file or another format?). Save it as .docx or plain text.")
    try:
        document = docx.Document(path)
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise InputError(f"{path}: not a readable Word document ({exc.__class__.__name__}); "
                         "save it again from Word as .docx") from None
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on broken XML
        raise InputError(f"{path}: damaged Word document: {exc}") from None
    lines: list[str] = []
    numbers: list[int] = []
    counters: dict[tuple[str, int], int] = {}
    body = document.element.body
    para_no = 0
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para_no += 1
            text = "".join(node.text or "" for node in child.iter() if node.tag.endswith("}t"))
            prefix = _numbering(child, counters)
            lines.append(prefix + text)
            numbers.append(para_no)
        elif tag == "tbl":
            for row in child.iter():
                if row.tag.endswith("}tr"):
                    para_no += 1
                    cells = []
                    for cell in row.iterchildren():
                        if cell.tag.endswith("}tc"):
                            cells.append("".join(t.text or "" for t in cell.iter()
                                                 if t.tag.endswith("}t")).strip())
                    lines.append(" | ".join(c for c in cells if c))
                    numbers.append(para_no)
    text = "\n".join(lines)
    if not text.strip():
        raise InputError(f"{path}: the Word document has no text")
    return Source(path, text, tuple(numbers))


def _numbering(p, counters: dict[tuple[str, int], int]) -> str:
    """'1. ' for a paragraph under automatic numbering (counted per list and level)."""
    num_pr = next((n for n in p.iter() if n.tag.endswith("}numPr")), None)
    if num_pr is None:
        style = next((v for n in p.iter() if n.tag.endswith("}pStyle")
                      for k, v in n.attrib.items() if k.endswith("}val")), "")
        if not style.lower().startswith(("listnumber", "listbullet")):
            return ""
        key = (style, 0)  # numbering inherited from a list style ("List Number")
        counters[key] = counters.get(key, 0) + 1
        return f"{counters[key]}. "
    num_id = level = None
    for n in num_pr.iterchildren():
        val = next((v for k, v in n.attrib.items() if k.endswith("}val")), None)
        if n.tag.endswith("}numId"):
            num_id = val
        elif n.tag.endswith("}ilvl"):
            level = int(val or 0)
    key = (num_id or "0", level or 0)
    counters[key] = counters.get(key, 0) + 1
    for other in list(counters):
        if other[0] == key[0] and other[1] > key[1]:
            del counters[other]
    n = counters[key]
    return f"{n}. " if not level else f"({chr(ord('a') + (n - 1) % 26)}) "
