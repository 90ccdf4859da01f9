"""Word (.docx): the body in reading order, paragraphs and tables interleaved. Heading styles ("Heading 1",
"Title") give heading levels; automatic numbering ("1.", "a)", "-") is rendered as the reader sees it, so a
numbered clause keeps its marker; tables become labelled rows, or lines when they only lay out the header or
signature block.

Text is read from every run a paragraph holds, not only its direct ones: Word wraps runs in smart tags (a place
name, "NAM" of the national motto), tracked insertions, content controls and simple fields, which python-docx's
``Paragraph.text`` and ``Document.iter_inner_content`` pass over without a word. Deleted text and the fallback copy
of a drawing are not content.

Footnotes (word/footnotes.xml, which python-docx does not read) stay with the paragraph that refers to them, at
its end: "… (Chú thích 3: Kết luận số 02/KL-TT ngày 10/02/2025.)". Left in their own part they were lost: a
provincial report cited its inspection conclusions only there."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree
from nghiquyet.ingest.blocks import Block, SourceText
from nghiquyet.ingest.readers.footnotes import NOTE_FRAME
from nghiquyet.ingest.readers.tables import caption_from, table_blocks

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_NAMESPACES = {"w": _W[1:-1], "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"}
# The runs of a paragraph that are read: any depth (smart tags, insertions, content controls, fields), but not
# deleted or moved-away text, not a drawing's fallback copy, and not a text box's own paragraphs.
_READ_RUNS = etree.XPath(".//w:r[not(ancestor::w:del) and not(ancestor::w:moveFrom) and not(ancestor::mc:Fallback)]",
                         namespaces=_NAMESPACES)
# Paragraphs inside an element (a cell, or a paragraph's text boxes), but not a drawing's fallback copy.
_INNER_PARAGRAPHS = etree.XPath(".//w:p[not(ancestor::mc:Fallback)]", namespaces=_NAMESPACES)
# Elements wrapping body-level paragraphs and tables: content controls and custom XML.
_WRAPPERS = {f"{_W}sdt": f"{_W}sdtContent", f"{_W}customXml": None}
_HEADING_STYLE = re.compile(r"^(?:heading|tiêu đề)\s*(\d)$", re.I)
_FOOTNOTES_REL = "/footnotes"
_NOTE_REFERENCES = etree.XPath(".//w:footnoteReference[not(ancestor::w:del) and not(ancestor::mc:Fallback)]",
                               namespaces=_NAMESPACES)


def footnotes(document) -> dict[str, str]:
    """The text of each footnote of a python-docx ``Document`` by its id (none: the separators Word keeps there)."""
    part = next((rel.target_part for rel in document.part.rels.values()
                 if rel.reltype.endswith(_FOOTNOTES_REL) and not rel.is_external), None)
    if part is None:
        return {}
    from docx.oxml import parse_xml  # python-docx's element classes: a run's ``text`` reads tabs and breaks too

    notes: dict[str, str] = {}
    for note in parse_xml(part.blob).iterfind(f"{_W}footnote"):
        if note.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join(" ".join(paragraph_text(p).split()) for p in _INNER_PARAGRAPHS(note)).strip()
        if text:
            notes[note.get(f"{_W}id", "")] = text
    return notes


def with_footnotes(text: str, paragraph_element, notes: dict[str, str], numbered: list[str]) -> str:
    """``text`` with the footnotes its paragraph refers to at its end, numbered in reading order as Word shows
    them (``numbered``: the ids met so far, in order). A file without footnotes is not searched for references."""
    if not notes:
        return text
    for reference in _NOTE_REFERENCES(paragraph_element):
        note_id = reference.get(f"{_W}id", "")
        if note_id in notes and note_id not in numbered:
            numbered.append(note_id)
            text += NOTE_FRAME.format(number=len(numbered), text=notes[note_id])
    return text


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
        if num is None:
            num = _style_numbering(paragraph.style)  # "List Number" and house styles number their paragraphs
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


def _style_numbering(style):  # noqa: ANN001, ANN202 - python-docx style and numPr elements
    """The automatic numbering a paragraph style (or a style it is based on) gives its paragraphs, or None."""
    seen = 0
    while style is not None and seen < 10:  # a style's chain of bases is short; a loop in a damaged file is cut
        ppr = style.element.pPr
        if ppr is not None and ppr.numPr is not None:
            return ppr.numPr
        style, seen = style.base_style, seen + 1
    return None


def _heading_level(paragraph) -> int:
    name = paragraph.style.name if paragraph.style is not None else ""
    if name.lower() == "title":
        return 1
    match = _HEADING_STYLE.match(name or "")
    return int(match.group(1)) if match else 0


def paragraph_text(paragraph_element) -> str:
    """The text of a ``w:p`` element: every run it holds at any depth but those ``_READ_RUNS`` leaves out, then,
    one per line, the paragraphs of text boxes anchored in it (a "DỰ THẢO" stamp, a number typed in a box)."""
    runs = _READ_RUNS(paragraph_element)
    own = "".join(run.text for run in runs if _own_paragraph(run) is paragraph_element)
    boxed = [paragraph_text(p) for p in _INNER_PARAGRAPHS(paragraph_element)
             if p is not paragraph_element and _own_paragraph(p) is paragraph_element]
    return "\n".join([own, *boxed]) if boxed else own


def _own_paragraph(run):
    """The nearest paragraph holding ``run``."""
    parent = run.getparent()
    while parent is not None and parent.tag != f"{_W}p":
        parent = parent.getparent()
    return parent


def cell_text(cell, notes: dict[str, str], numbered: list[str]) -> str:
    """A table cell's text: its paragraphs, those of tables nested in it and of content controls, one per line (a
    text box's paragraphs come with the paragraph anchoring it), each with the footnotes it refers to."""
    paragraphs = _INNER_PARAGRAPHS(cell._tc)
    held = {id(p) for p in paragraphs}
    return "\n".join(with_footnotes(paragraph_text(p), p, notes, numbered)
                     for p in paragraphs if id(_own_paragraph(p)) not in held)


def _distinct_cells(row) -> list[tuple]:
    """A row's cells with how many grid columns each spans: a cell merged across columns once (python-docx gives
    it once per column it spans); a row that starts after the first column begins with an empty place (None)
    as wide as the columns it skips, so its cells stay under their headers."""
    cells: list[list] = [[None, row.grid_cols_before]] if row.grid_cols_before else []
    for cell in row.cells:
        if cells and cells[-1][0] is not None and cells[-1][0]._tc is cell._tc:
            cells[-1][1] += 1
        else:
            cells.append([cell, 1])
    return [(cell, width) for cell, width in cells]


def _merged_from_above(rows: list[list[tuple]]) -> list[list[bool]]:
    """Which cells of each row go on a cell merged down from the row above (python-docx gives such a cell again,
    the same cell, in each row it covers)."""
    flags: list[list[bool]] = []
    above: set[int] = set()
    for row in rows:
        flags.append([cell is not None and id(cell._tc) in above for cell, _ in row])
        above = {id(cell._tc) for cell, _ in row if cell is not None}
    return flags


def body_items(container, parent):
    """The paragraphs and tables of ``container`` (the body) in reading order, those inside content controls and
    custom XML included."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in container.iterchildren():
        if child.tag == f"{_W}p":
            yield Paragraph(child, parent)
        elif child.tag == f"{_W}tbl":
            yield Table(child, parent)
        elif child.tag in _WRAPPERS:
            inner = child.find(_WRAPPERS[child.tag]) if _WRAPPERS[child.tag] else child
            if inner is not None:
                yield from body_items(inner, parent)


def read_docx(path: Path) -> SourceText:
    import docx
    from docx.table import Table

    document = docx.Document(str(path))
    numbering = Numbering(document)
    notes = footnotes(document)
    numbered: list[str] = []
    blocks: list[Block] = []
    recent: list[str] = []
    for item in body_items(document.element.body, document._body):
        if isinstance(item, Table):
            cells = [_distinct_cells(row) for row in item.rows]
            rows = [[cell_text(cell, notes, numbered) if cell is not None else "" for cell, _ in row] for row in cells]
            spans = [[width for _, width in row] for row in cells]
            blocks += table_blocks(rows, caption_from(recent), spans=spans, continued=_merged_from_above(cells))
            recent = []
            continue
        label = numbering.label(item)
        level = _heading_level(item)
        for line in with_footnotes(paragraph_text(item._p), item._p, notes, numbered).split("\n"):
            if line.strip():
                blocks.append(Block(label + line.strip(), heading=level))
                recent.append(line.strip())
                label = ""
    notes_read = [f"{len(numbered)} chú thích cuối trang được đặt ở cuối đoạn văn dẫn chiếu đến nó."] if numbered else []
    return SourceText(blocks, notes=notes_read)
