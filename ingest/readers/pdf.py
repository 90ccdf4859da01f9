"""PDF: the text layer page by page (pypdf), with page numbers carried into citations; data tables read by
pdfplumber and added as labelled rows (its text extraction was measured worse than pypdf's on these
documents, its table finder better: see bench/RESULTS.md); pages without a text layer (scans) read by OCR."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from nghiquyet.core.errors import SourceFileError
from nghiquyet.core.textnorm import nfc
from nghiquyet.ingest.blocks import Block, SourceText
from nghiquyet.ingest.readers.footnotes import inline_footnotes
from nghiquyet.ingest.readers.ocr import ocr_pdf_pages
from nghiquyet.ingest.readers.tables import merged_as_spans, table_blocks

log = logging.getLogger(__name__)
MIN_PAGE_TEXT = 20  # a page with less text than this is taken for a scan
MIN_SIDE_BY_SIDE = 0.5  # share of a table's rows with two cells or more, for its text-layer lines to give way
MIN_TABLE_PIECES = 3  # cell lines a run of text-layer lines must hold to give way to its table's rows


@dataclass
class _PageTable:
    """One data table of a page: its labelled rows, and its cells' lines as the text layer lays them out."""

    rows: list[Block]
    cell_lines: set[tuple[str, ...]] = field(default_factory=set)


def _words(text: str) -> tuple[str, ...]:
    return tuple(nfc(text).split())


def _tables(path: Path, page_count: int) -> dict[int, list[_PageTable]]:
    """Each page's data tables (layout tables and empty forms are left to the text layer)."""
    import pdfplumber

    found: dict[int, list[_PageTable]] = {}
    try:
        with pdfplumber.open(str(path)) as pdf:
            for number, page in enumerate(pdf.pages[:page_count], start=1):
                for table in page.extract_tables():
                    cells, spans = merged_as_spans(table)  # a merged cell is one cell, not blanks beside it
                    rows = table_blocks(cells, page=number, forms=False, spans=spans)
                    if not rows:
                        continue
                    data = any(block.table for block in rows) and _cells_side_by_side(cells)  # not a layout table
                    lines = ({_words(line) for row in cells for cell in row for line in cell.split("\n")}
                             if data else set())
                    found.setdefault(number, []).append(_PageTable(rows, lines - {()}))
    except Exception as exc:  # noqa: BLE001 - the text layer is still good without tables
        log.warning("%s: không đọc được bảng (%s); vẫn dùng phần chữ.", path.name, exc)
    return found


def _cells_side_by_side(cells: list[list[str]]) -> bool:
    """Whether most rows hold two cells or more: a frame that pdfplumber finds around prose (a boxed paragraph,
    lines under a heading) gives rows of one cell, and that prose keeps its text-layer lines."""
    filled = [row for row in cells if any(cell.strip() for cell in row)]
    side_by_side = sum(1 for row in filled if sum(1 for cell in row if cell.strip()) > 1)
    return bool(filled) and side_by_side >= MIN_SIDE_BY_SIDE * len(filled)


def _made_of_cells(line: str, cell_lines: set[tuple[str, ...]]) -> int:
    """How many of a table's cell lines make up this text-layer line, whole and nothing else (0 if it is not
    made of them): a row of a table comes out of the text layer as its cells' lines side by side."""
    words = _words(line)
    if not words or not cell_lines:
        return 0
    longest = max(len(cell) for cell in cell_lines)
    fewest: list[int | None] = [0] + [None] * len(words)  # fewest cell lines covering words[:i]
    for end in range(1, len(words) + 1):
        for start in range(max(0, end - longest), end):
            before = fewest[start]
            if before is not None and words[start:end] in cell_lines:
                if fewest[end] is None or before + 1 < fewest[end]:
                    fewest[end] = before + 1
    return fewest[-1] or 0


def _page_blocks(lines: list[str], page: int, tables: list[_PageTable]) -> tuple[list[Block], int]:
    """A page's text-layer lines with each data table's rows in place of the lines that lay the table out
    (pypdf gives a table as its words line by line, "Điểm số Thứ hạng Chỉ số …", "Đồng 83,1/100 62/63 …", which
    then competed with the table's labelled rows). Only runs of lines made wholly of one table's cell lines
    give way, only runs of at least ``MIN_TABLE_PIECES`` cell lines (a lone word that is also a cell stays), and
    only where every line between the table's first and last such line is made of its cells: a table that
    pdfplumber read without one of its columns (Thanh Hóa's OKR appendix, its KPI column) would otherwise tear
    that column's lines from their rows. A table whose lines are not all found keeps the text layer and adds its
    rows at the end of the page, as before. Returns the blocks and how many text-layer lines gave way to rows."""
    replaced: dict[int, _PageTable | None] = {}  # line index → the table whose rows it gives way to (None: drop)
    for table in tables:
        pieces = [_made_of_cells(line, table.cell_lines) if index not in replaced else 0
                  for index, line in enumerate(lines)]
        runs: list[list[int]] = []
        for index, count in enumerate(pieces):
            if count and runs and runs[-1][-1] == index - 1:
                runs[-1].append(index)
            elif count:
                runs.append([index])
        runs = [run for run in runs if sum(pieces[i] for i in run) >= MIN_TABLE_PIECES]
        if not runs or any(lines[i].strip() and not pieces[i] for i in range(runs[0][0], runs[-1][-1] + 1)):
            continue  # the table leaves lines of its own region out (a column it did not find): the text stays
        for index in range(runs[0][0], runs[-1][-1] + 1):
            replaced[index] = table if index == runs[0][0] else None
    placed = {id(table) for table in replaced.values() if table is not None}
    blocks: list[Block] = []
    for index, line in enumerate(lines):
        if index not in replaced:
            blocks.append(Block(line, page))
        elif replaced[index] is not None:
            blocks += replaced[index].rows
    for table in tables:
        if id(table) not in placed:
            blocks += table.rows
    return blocks, len(replaced)


def read_pdf(path: Path, ocr_language: str = "vie", tables: bool = True, progress: bool = False) -> SourceText:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise SourceFileError(str(path), "PDF bị đặt mật khẩu; hãy gỡ mật khẩu rồi nạp lại.")
        texts = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, OSError, ValueError) as exc:
        raise SourceFileError(str(path), f"tệp PDF hỏng ({exc}).") from exc
    scanned = [number for number, text in enumerate(texts, start=1) if len(text.strip()) < MIN_PAGE_TEXT]
    ocr_blocks: dict[int, list[Block]] = {}
    source = SourceText([], pages=len(texts), laid_out=True)
    if scanned:
        blocks, report = ocr_pdf_pages(path, scanned, ocr_language, progress)
        for block in blocks:
            ocr_blocks.setdefault(block.page or 0, []).append(block)
        source.ocr = report
        if len(scanned) == len(texts) and sum(len(b.text.strip()) for b in blocks) < MIN_PAGE_TEXT:
            raise SourceFileError(str(path), "PDF là bản quét (không có lớp chữ) và nhận dạng chữ (OCR) không đọc "
                                  "được chữ nào; hãy kiểm tra bản quét (độ nét, chiều trang) hoặc dùng bản có lớp chữ.")
    page_tables = _tables(path, len(texts)) if tables and len(scanned) < len(texts) else {}
    given_way = 0
    pages, footnotes = inline_footnotes([[] if number in ocr_blocks else text.split("\n")
                                         for number, text in enumerate(texts, start=1)])
    for number, lines in enumerate(pages, start=1):
        if number in ocr_blocks:
            source.blocks += ocr_blocks[number] + [row for table in page_tables.get(number, []) for row in table.rows]
            continue
        blocks, replaced = _page_blocks(lines, number, page_tables.get(number, []))
        source.blocks += blocks
        given_way += replaced
    if given_way:
        source.notes.append(f"{given_way} dòng của lớp chữ trình bày bảng được đọc theo từng hàng của bảng "
                            "(mỗi hàng kèm tiêu đề cột).")
    if footnotes:
        source.notes.append(f"{footnotes} chú thích cuối trang được đặt vào chỗ dấu chú thích của nó trong câu.")
    return source
