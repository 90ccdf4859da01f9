"""Word (.docx): the body in reading order, paragraphs and tables interleaved. Heading styles ("Heading 1",
"Title") give heading levels; automatic numbering ("1.", "a)", "-") is rendered as the reader sees it, so a
numbered clause keeps its marker; tables become labelled rows, or lines when they only lay out the header or
signature block."""

from __future__ import annotations

import re
from pathlib import Path

from nghiquyet.ingest.blocks import Block, SourceText
from nghiquyet.ingest.readers.tables import caption_from, table_blocks

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"^(?:heading|tiêu đề)\s*(\d)$", re.I)


def _roman(number: int) -> str:
    values = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
              (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in values:
        while number >= value:
            out += letters
            number -= value
    return out


def _format(number: int, style: str) -> str:
    if style in ("lowerLetter", "upperLetter"):
        letter = "abcdefghijklmnopqrstuvwxyz"[(number - 1) % 26]
        return letter.upper() if style == "upperLetter" else letter
    if style in ("lowerRoman", "upperRoman"):
        roman = _roman(number)
        return roman.lower() if style == "lowerRoman" else roman
    if style == "bullet":
        return "-"
    return str(number)


class Numbering:
    """Renders the labels of automatically numbered paragraphs ("%1.%2." -> "2.1.")."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId -> ilvl -> (format, text, start)
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.findall(f"{_W}abstractNum"):
            levels = {}
            for lvl in node.findall(f"{_W}lvl"):
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                start = lvl.find(f"{_W}start")
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = (
                    fmt.get(f"{_W}val") if fmt is not None else "decimal",
                    text.get(f"{_W}val") if text is not None else "",
                    int(start.get(f"{_W}val")) if start is not None else 1)
            abstract[node.get(f"{_W}abstractNumId")] = levels
        for num in root.findall(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is not None:
                self.levels[num.get(f"{_W}numId")] = abstract.get(ref.get(f"{_W}val"), {})

    def label(self, paragraph) -> str:
        ppr = paragraph._p.pPr
        num = ppr.numPr if ppr is not None else None
        if num is None or num.numId is None:
            return ""
        num_id = str(num.numId.val)
        level = int(num.ilvl.val) if num.ilvl is not None else 0
        levels = self.levels.get(num_id, {})
        if level not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[level] = counters.get(level, levels[level][2] - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        fmt, text, _ = levels[level]
        if fmt == "bullet":
            return "- "
        if fmt == "none" or not text:
            return ""
        label = re.sub(r"%(\d)", lambda m: _format(counters.get(int(m.group(1)) - 1, levels.get(int(m.group(1)) - 1,
                                                                                           ("", "", 1))[2]),
                                                    levels.get(int(m.group(1)) - 1, ("decimal",))[0]), text)
        return label + " "


def _heading_level(paragraph) -> int:
    name = paragraph.style.name if paragraph.style is not None else ""
    if name.lower() == "title":
        return 1
    match = _HEADING_STYLE.match(name or "")
    return int(match.group(1)) if match else 0


def read_docx(path: Path) -> SourceText:
    import docx
    from docx.table import Table

    document = docx.Document(str(path))
    numbering = Numbering(document)
    blocks: list[Block] = []
    recent: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            rows = [[cell.text for cell in row.cells] for row in item.rows]
            blocks += table_blocks(rows, caption_from(recent))
            recent = []
            continue
        label = numbering.label(item)
        level = _heading_level(item)
        for line in item.text.split("\n"):
            if line.strip():
                blocks.append(Block(label + line.strip(), heading=level))
                recent.append(line.strip())
                label = ""
    return SourceText(blocks)
